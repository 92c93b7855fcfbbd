//! Building the search index of a generated 100,000-entry pack (`IDHELP_BENCH_ENTRIES`
//! overrides the size): the time of a build into a fresh cache directory, and the peak
//! resident memory of one build.
//!
//! Peak memory is read from Linux's `/proc/self/status` (`VmHWM`), after resetting the peak
//! through `/proc/self/clear_refs`; elsewhere only the time is measured.

use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion};
use idhelp::knowledge::{self, Knowledge};
use idhelp::pack;
use idhelp::search::{Searcher, Storage, synthetic};

fn entries() -> usize {
    std::env::var("IDHELP_BENCH_ENTRIES")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(100_000)
}

/// A `kB` figure of `/proc/self/status`, in MiB.
fn status_mib(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn build(knowledge: &Knowledge) -> Searcher {
    let root = tempfile::tempdir().expect("a temporary cache directory");
    let searcher = pack::searcher_in(knowledge, Some(root.path()), &mut |_| {});
    assert!(
        matches!(searcher.storage(), Storage::Cache(_)),
        "the index was not cached: {:?}",
        searcher.storage()
    );
    searcher
}

/// One build with its peak memory: the whole process's peak, and how far the build raised it
/// above the loaded knowledge.
fn measure_once(knowledge: &Knowledge) {
    let before = status_mib("VmRSS:");
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let start = Instant::now();
    let searcher = build(knowledge);
    let elapsed = start.elapsed();
    drop(searcher);
    match (reset, before, status_mib("VmHWM:")) {
        (true, Some(before), Some(peak)) => println!(
            "one build: {elapsed:.2?}; peak resident memory {peak:.0} MiB (the loaded knowledge \
             {before:.0} MiB, the build {:.0} MiB more)",
            peak - before
        ),
        _ => println!("one build: {elapsed:.2?} (peak memory is measured on Linux only)"),
    }
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(60))
        .configure_from_args();
    let size = entries();
    let start = Instant::now();
    let knowledge = knowledge::check(&synthetic::sources(size, 42))
        .knowledge
        .expect("the generated pack is valid");
    println!(
        "generated and loaded {size} entries in {:.2?}",
        start.elapsed()
    );
    measure_once(&knowledge);
    c.bench_function(&format!("index build/{size} entries"), |b| {
        b.iter_batched(|| (), |()| build(&knowledge), BatchSize::PerIteration);
    });
    c.final_summary();
}
