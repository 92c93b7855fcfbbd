//! The relevance suite: every query of `knowledge/tests/queries.toml` through the search,
//! scored as recall@1, recall@3 and out-of-scope rejection, with the figures printed.

use std::path::PathBuf;

use idhelp::knowledge::{self, Knowledge, Sources};
use idhelp::search::{Searcher, THRESHOLD};
use serde::Deserialize;

const MIN_RECALL_AT_1: f64 = 0.92;
const MIN_RECALL_AT_3: f64 = 0.98;
const MIN_REJECTION: f64 = 0.90;

#[derive(Deserialize)]
struct QueryFile {
    query: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    text: String,
    expect: Vec<String>,
}

/// The pack under test: the shipped one, or `$IDHELP_RELEVANCE_PACK` (to try a pack's
/// changes before making them).
fn pack_dir() -> PathBuf {
    std::env::var_os("IDHELP_RELEVANCE_PACK").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge"),
        PathBuf::from,
    )
}

fn shipped_knowledge() -> Knowledge {
    let dir = pack_dir();
    let sources = Sources::from_dir(&dir).expect("the shipped knowledge is readable");
    knowledge::check(&sources)
        .knowledge
        .expect("the shipped knowledge is valid")
}

fn cases() -> Vec<Case> {
    let path = pack_dir().join("tests/queries.toml");
    let text = std::fs::read_to_string(&path).expect("queries.toml is readable");
    toml::from_str::<QueryFile>(&text)
        .expect("queries.toml parses")
        .query
}

#[expect(
    clippy::cast_precision_loss,
    reason = "counts of a few hundred queries"
)]
fn ratio(hits: usize, total: usize) -> f64 {
    if total == 0 {
        1.0
    } else {
        hits as f64 / total as f64
    }
}

#[test]
fn relevance_meets_the_targets() {
    let knowledge = shipped_knowledge();
    let searcher = Searcher::in_memory(&knowledge);
    let cases = cases();
    for case in &cases {
        for id in &case.expect {
            assert!(
                knowledge.entry(id).is_some(),
                "{:?} expects unknown entry {id}",
                case.text
            );
        }
    }
    let (mut in_scope, mut at_1, mut at_3) = (0, 0, 0);
    let (mut out_of_scope, mut rejected) = (0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        let matches = searcher.search(&case.text, 3);
        let found: Vec<String> = matches
            .iter()
            .map(|m| format!("{} {:.2}", m.id, m.confidence))
            .collect();
        if case.expect.is_empty() {
            out_of_scope += 1;
            if matches.is_empty() {
                rejected += 1;
            } else {
                failures.push(format!(
                    "out of scope but matched: {:?} -> {found:?}",
                    case.text
                ));
            }
            continue;
        }
        in_scope += 1;
        let rank = matches.iter().position(|m| case.expect.contains(&m.id));
        if rank == Some(0) {
            at_1 += 1;
        }
        if rank.is_some() {
            at_3 += 1;
        }
        if rank != Some(0) {
            failures.push(format!(
                "{:?} expects {:?} -> {found:?}",
                case.text, case.expect
            ));
        }
    }
    let recall_at_1 = ratio(at_1, in_scope);
    let recall_at_3 = ratio(at_3, in_scope);
    let rejection = ratio(rejected, out_of_scope);
    println!(
        "relevance: {in_scope} in-scope and {out_of_scope} out-of-scope queries, threshold {THRESHOLD}"
    );
    println!("  recall@1  {recall_at_1:.3} ({at_1}/{in_scope})");
    println!("  recall@3  {recall_at_3:.3} ({at_3}/{in_scope})");
    println!("  rejection {rejection:.3} ({rejected}/{out_of_scope})");
    for failure in &failures {
        println!("  miss: {failure}");
    }
    assert!(
        recall_at_1 >= MIN_RECALL_AT_1,
        "recall@1 {recall_at_1:.3} < {MIN_RECALL_AT_1}"
    );
    assert!(
        recall_at_3 >= MIN_RECALL_AT_3,
        "recall@3 {recall_at_3:.3} < {MIN_RECALL_AT_3}"
    );
    assert!(
        rejection >= MIN_REJECTION,
        "rejection {rejection:.3} < {MIN_REJECTION}"
    );
}
