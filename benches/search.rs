//! In-process query latency on the built-in knowledge and on generated packs of 10,000 and
//! 100,000 entries: criterion's mean per query, and the p50/p99 over a mixed query set.
//!
//! `IDHELP_BENCH_SIZES=10000` limits the generated sizes (default `10000,100000`).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::Criterion;
use idhelp::knowledge::{self, Knowledge, Sources};
use idhelp::pack;
use idhelp::search::{Searcher, synthetic};

/// Each query runs this many times; its median stands for it, so a moment of contention
/// from other processes on a shared machine does not pass for the search's own latency.
const RUNS_PER_QUERY: usize = 5;

fn shipped_queries() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge/tests/queries.toml");
    let text = std::fs::read_to_string(path).expect("queries.toml is readable");
    let table: toml::Table = text.parse().expect("queries.toml parses");
    table["query"]
        .as_array()
        .expect("[[query]] tables")
        .iter()
        .filter_map(|q| {
            q.get("text")
                .and_then(toml::Value::as_str)
                .map(str::to_owned)
        })
        .collect()
}

fn load(sources: &Sources) -> Knowledge {
    knowledge::check(sources)
        .knowledge
        .expect("the pack is valid")
}

fn sizes() -> Vec<usize> {
    std::env::var("IDHELP_BENCH_SIZES").ok().map_or_else(
        || vec![10_000, 100_000],
        |list| {
            list.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        },
    )
}

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    sorted[(sorted.len() * p / 100).min(sorted.len() - 1)]
}

/// The p50 and p99 over queries of each query's median latency, and the worst single run.
fn latencies(searcher: &Searcher, queries: &[String]) -> (Duration, Duration, Duration) {
    let mut medians = Vec::with_capacity(queries.len());
    let mut worst = Duration::ZERO;
    for query in queries {
        let mut runs: Vec<Duration> = (0..RUNS_PER_QUERY)
            .map(|_| {
                let start = Instant::now();
                black_box(searcher.search(black_box(query), 3));
                start.elapsed()
            })
            .collect();
        worst = worst.max(runs[0]);
        runs.sort();
        medians.push(runs[RUNS_PER_QUERY / 2]);
    }
    medians.sort();
    (percentile(&medians, 50), percentile(&medians, 99), worst)
}

fn bench(c: &mut Criterion, name: &str, searcher: &Searcher, queries: &[String]) {
    let (p50, p99, worst_first) = latencies(searcher, queries);
    println!(
        "{name}: {} queries, p50 {p50:.2?}, p99 {p99:.2?} (per-query median of {RUNS_PER_QUERY} runs); slowest first run {worst_first:.2?}",
        queries.len()
    );
    let mut next = queries.iter().cycle();
    c.bench_function(&format!("query/{name}"), |b| {
        b.iter(|| {
            let query = next.next().expect("cycle never ends");
            black_box(searcher.search(black_box(query), 3))
        });
    });
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(20)
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    let shipped = shipped_queries();
    let (_, searcher) = pack::builtin().expect("the built-in pack");
    bench(&mut c, "built-in", &searcher, &shipped);
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-cache");
    for size in sizes() {
        let knowledge = load(&synthetic::sources(size, 42));
        let searcher = pack::searcher_in(&knowledge, Some(&cache), &mut |_| {});
        let mut queries = shipped.clone();
        queries.extend(synthetic::queries(200, 7));
        bench(&mut c, &format!("{size}-entries"), &searcher, &queries);
    }
    c.final_summary();
}
