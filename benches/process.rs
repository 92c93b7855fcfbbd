//! `idhelp ask` as a whole process, against `cat` over the knowledge files in the same run:
//! on the built-in knowledge with the cache warm and cold (a fresh cache directory; the
//! built-in pack's search is prepared at build time, so neither should read or build one),
//! and on another pack (`--knowledge DIR`, the built-in files with a comment added) from its
//! warm cache. Then in process, `pack::search` opening each of the two.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{BatchSize, Criterion};
use idhelp::knowledge::Sources;
use idhelp::pack::{self, Location};
use idhelp::search::Storage;

const QUERY: &str = "cant uplaod my id pic";

/// Runs a command to completion with its output discarded, failing the bench if it fails.
fn run(command: &mut Command) {
    let status = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the command starts");
    assert!(status.success(), "{command:?} failed: {status}");
}

fn ask(cache: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_idhelp"));
    command.args(["ask", QUERY]).env("IDHELP_CACHE_DIR", cache);
    command
}

/// A copy of the pack in `dir` under `to`, another pack by its digest (a comment added to
/// pack.toml).
fn another_pack(dir: &Path, files: &[PathBuf], to: &Path) {
    for file in files {
        let target = to.join(file.strip_prefix(dir).expect("under the pack"));
        fs::create_dir_all(target.parent().expect("a file has a folder")).expect("mkdir");
        fs::copy(file, &target).expect("copy");
    }
    let pack = to.join("pack.toml");
    let text = fs::read_to_string(&pack).expect("pack.toml") + "\n# another pack\n";
    fs::write(pack, text).expect("write");
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(100)
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    // The files the tool itself reads as the pack.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let files: Vec<PathBuf> = Sources::from_dir(&dir)
        .expect("the knowledge folder is readable")
        .files
        .iter()
        .map(|file| dir.join(&file.relative))
        .collect();
    let warm = tempfile::tempdir().expect("a temporary cache directory");
    run(&mut ask(warm.path()));
    let other = tempfile::tempdir().expect("a temporary folder");
    another_pack(&dir, &files, other.path());
    let ask_other = || {
        let mut command = ask(warm.path());
        command.arg("--knowledge").arg(other.path());
        command
    };
    run(&mut ask_other());

    let mut group = c.benchmark_group("process");
    group.bench_function("cat knowledge files", |b| {
        b.iter(|| run(Command::new("cat").args(&files)));
    });
    group.bench_function("ask, cache warm", |b| b.iter(|| run(&mut ask(warm.path()))));
    group.bench_function("ask --knowledge DIR, cache warm", |b| {
        b.iter(|| run(&mut ask_other()));
    });
    group.sample_size(30);
    group.bench_function("ask, cache cold", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("a temporary cache directory"),
            |cold| run(&mut ask(cold.path())),
            BatchSize::PerIteration,
        );
    });
    group.finish();

    let mut group = c.benchmark_group("open");
    let builtin = Location::of(None).expect("the built-in pack");
    group.bench_function("built-in pack, prepared", |b| {
        b.iter(|| pack::search(&builtin).expect("opens"));
    });
    let located = Location::of(Some(other.path())).expect("the other pack");
    let root = warm.path().to_owned();
    group.bench_function("another pack, cache warm", |b| {
        b.iter(|| {
            let (searcher, _) = pack::search_in(&located, Some(&root), &mut |_| {}).expect("opens");
            assert!(matches!(searcher.storage(), Storage::Cache(_)));
            searcher
        });
    });
    group.finish();
    c.final_summary();
}
