//! `kb check --guide` as the cli does it (`knowledge::check_against`, then every finding
//! located and rendered) on generated guides of 2,000 and 20,000 paragraphs: ten times the
//! paragraphs should cost about ten times the time, so a return to quadratic work shows as a
//! hundredfold step.
//!
//! Two kinds of guide: `copies`, the shipped guide's paragraphs copied with a number appended
//! (a third of them hold a cited passage, the rest are new paragraphs nothing cites), and
//! `missing`, made-up sentences with some of the guide's words, where no passage of the pack
//! is found and every one gets a did-you-mean.

use std::fmt::Write as _;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion};
use idhelp::knowledge::{self, Located, SourceFile, Sources};
use idhelp::search::synthetic::Rng;

const SIZES: [usize; 2] = [2_000, 20_000];

fn shipped_guide(sources: &Sources) -> String {
    sources
        .file("guide.txt")
        .and_then(SourceFile::text)
        .expect("the built-in pack has its guide")
        .to_owned()
}

/// The shipped guide's paragraphs, copied with a number appended, `paragraphs` in all.
fn copies(shipped: &str, paragraphs: usize) -> String {
    let own: Vec<&str> = shipped.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut text = String::new();
    for n in 0..paragraphs {
        let _ = write!(text, "{} {n}\n\n", own[n % own.len()]);
    }
    text
}

/// `paragraphs` sentences of made-up words, one word in five taken from the shipped guide
/// (a fixed seed).
fn missing(shipped: &str, paragraphs: usize) -> String {
    let own: Vec<&str> = shipped.split_whitespace().collect();
    let mut rng = Rng::new(7);
    let mut next = |below: usize| rng.below(below);
    let mut text = String::new();
    for _ in 0..paragraphs {
        for _ in 0..8 + next(32) {
            if next(5) == 0 {
                text.push_str(own[next(own.len())]);
            } else {
                text.extend(
                    (0..2 + next(8))
                        .map(|_| char::from(b'a' + u8::try_from(next(26)).expect("a letter"))),
                );
            }
            text.push(' ');
        }
        text.push_str("end.\n\n");
    }
    text
}

/// The work of `kb check --guide`: the check, and each finding located and rendered.
fn check(sources: &Sources, guide: &SourceFile) -> usize {
    let checked = knowledge::check_against(sources, guide);
    let file_of = |display: &str| {
        sources
            .by_display(display)
            .or(Some(guide).filter(|guide| guide.display == display))
    };
    Located::all(&checked.diagnostics, file_of)
        .map(|located| located.render().len())
        .sum()
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(10))
        .configure_from_args();
    let sources = Sources::builtin();
    let shipped = shipped_guide(&sources);
    let mut group = c.benchmark_group("kb check --guide");
    for (kind, generate) in [
        ("copies", copies as fn(&str, usize) -> String),
        ("missing", missing),
    ] {
        for paragraphs in SIZES {
            let guide = SourceFile::from_text("newer-guide.txt", &generate(&shipped, paragraphs));
            let id = BenchmarkId::new(kind, format!("{paragraphs} paragraphs"));
            group.bench_with_input(id, &guide, |b, guide| b.iter(|| check(&sources, guide)));
        }
    }
    group.finish();
    c.final_summary();
}
