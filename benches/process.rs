//! `idhelp ask` as a whole process on the built-in knowledge, against `cat` over the knowledge
//! files in the same run: with the index cache warm, and cold (a fresh cache directory, so the
//! index is built and cached).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{BatchSize, Criterion};
use idhelp::knowledge::Sources;

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

    let mut group = c.benchmark_group("process");
    group.bench_function("cat knowledge files", |b| {
        b.iter(|| run(Command::new("cat").args(&files)));
    });
    group.bench_function("ask, cache warm", |b| b.iter(|| run(&mut ask(warm.path()))));
    group.sample_size(30);
    group.bench_function("ask, cache cold", |b| {
        b.iter_batched(
            || tempfile::tempdir().expect("a temporary cache directory"),
            |cold| run(&mut ask(cold.path())),
            BatchSize::PerIteration,
        );
    });
    group.finish();
    c.final_summary();
}
