//! The relevance suite: every query of `knowledge/tests/queries.toml` through the search, as
//! the chat recognises it, scored as `kb test` scores a suite (recall@1: the first match,
//! confident or offered, is right; recall@3; out-of-scope rejection), with the figures
//! printed. The model trains on these queries, so this checks its fit.

use std::path::PathBuf;

use idhelp::dialogue::Recognizer as _;
use idhelp::kbtest::{self, Observation};
use idhelp::knowledge::{Knowledge, Sources};
use idhelp::pack;
use idhelp::recognize::SearchRecognizer;
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
    pack::knowledge_of(&sources).expect("the shipped knowledge is valid")
}

fn cases() -> Vec<Case> {
    let path = pack_dir().join("tests/queries.toml");
    let text = std::fs::read_to_string(&path).expect("queries.toml is readable");
    toml::from_str::<QueryFile>(&text)
        .expect("queries.toml parses")
        .query
}

#[test]
fn relevance_meets_the_targets() {
    let knowledge = shipped_knowledge();
    let searcher = pack::searcher(&knowledge);
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
    let recognizer = SearchRecognizer(&searcher);
    let observations: Vec<Observation> = cases
        .iter()
        .map(|case| Observation {
            expect: &case.expect,
            recognized: recognizer.recognize(&case.text),
        })
        .collect();
    for observation in &observations {
        let found: Vec<String> = observation
            .recognized
            .candidates
            .iter()
            .map(|c| format!("{} {:.2}", c.id, c.confidence))
            .collect();
        let first = observation.recognized.candidates.first();
        let missed = if observation.expect.is_empty() {
            first.is_some()
        } else {
            !first.is_some_and(|c| observation.expect.contains(&c.id))
        };
        if missed {
            println!("  miss: expects {:?} -> {found:?}", observation.expect);
        }
    }
    let figures = kbtest::measure(&observations);
    println!(
        "relevance: {} in-scope and {} out-of-scope queries",
        figures.in_scope, figures.out_of_scope
    );
    println!("  recall@1  {:.3}", figures.recall_at_1);
    println!("  recall@3  {:.3}", figures.recall_at_3);
    println!("  rejection {:.3}", figures.rejection);
    assert!(
        figures.recall_at_1 >= MIN_RECALL_AT_1,
        "recall@1 {:.3} < {MIN_RECALL_AT_1}",
        figures.recall_at_1
    );
    assert!(
        figures.recall_at_3 >= MIN_RECALL_AT_3,
        "recall@3 {:.3} < {MIN_RECALL_AT_3}",
        figures.recall_at_3
    );
    assert!(
        figures.rejection >= MIN_REJECTION,
        "rejection {:.3} < {MIN_REJECTION}",
        figures.rejection
    );
}
