//! Property tests (proptest) of the promises the dialogue engine, the sanitizer and the
//! knowledge loader make, whatever they are given (the redactor's are in `redaction.rs`).

mod common;

use std::sync::Arc;

use idhelp::cli::{KnowledgeArgs, load_knowledge};
use idhelp::dialogue::{Reply, Session};
use idhelp::knowledge::{self, Content, Located, Sources};
use idhelp::recognize::SearchRecognizer;
use idhelp::search::Searcher;
use idhelp::text::{is_unsafe_char, sanitize, sanitize_line};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

// ---------------------------------------------------------------- dialogue

/// One thing a person does in the chat.
#[derive(Debug, Clone)]
enum Step {
    /// Picks a choice by its number (the choice at this index, modulo how many there are).
    Pick(usize),
    /// Types one of the commands, or a word the dialogue gives meaning to.
    Command(&'static str),
    /// Describes a problem.
    Describe(&'static str),
    /// Types anything at all.
    Junk(String),
}

const COMMANDS: &[&str] = &[
    "back",
    "start over",
    "help",
    "?",
    "talk to support",
    "quit",
    "menu",
    "yes",
    "no",
    "1",
    "0",
    "99",
];

const DESCRIPTIONS: &[&str] = &[
    "my photos won't upload",
    "the camera is black",
    "face scan says information mismatch",
    "they rejected my proof of address",
    "im 15, can i make an account",
    "my country is not in the list",
    "how do i withdraw usdt",
    "人脸识别一直失败",
    "KYC stuck on under review for 9 days, no email, nothing. is this normal??",
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..9_usize).prop_map(Step::Pick),
        3 => prop::sample::select(COMMANDS).prop_map(Step::Command),
        2 => prop::sample::select(DESCRIPTIONS).prop_map(Step::Describe),
        1 => any::<String>().prop_map(Step::Junk),
    ]
}

fn say(session: &mut Session, searcher: &Searcher, text: &str) -> Reply {
    session.handle(text, &SearchRecognizer(searcher))
}

#[test]
fn any_conversation_keeps_the_dialogue_promises() {
    let knowledge = Arc::new(load_knowledge(&KnowledgeArgs { knowledge: None }).expect("pack"));
    let searcher = Searcher::in_memory(&knowledge);
    let mut runner = TestRunner::new(Config {
        cases: 64,
        ..Config::default()
    });
    // How often "back" and "start over" were checked: a run that never checks them proves nothing.
    let checked_back = std::cell::Cell::new(0_usize);
    let checked_restart = std::cell::Cell::new(0_usize);
    runner
        .run(&prop::collection::vec(step(), 1..14), |steps| {
            let mut session = Session::new(Arc::clone(&knowledge));
            let start = session.start();
            let mut last = start.clone();
            for step in steps {
                let before = last.clone();
                let text = match &step {
                    Step::Pick(index) => match before.choices.len() {
                        0 => (index + 1).to_string(),
                        count => (index % count + 1).to_string(),
                    },
                    Step::Command(text) | Step::Describe(text) => (*text).to_owned(),
                    Step::Junk(text) => text.clone(),
                };
                last = say(&mut session, &searcher, &text);
                prop_assert!(!last.to_text().is_empty(), "an empty reply to {text:?}");
                match text.as_str() {
                    "start over" => {
                        checked_restart.set(checked_restart.get() + 1);
                        prop_assert_eq!(&last.node, &None);
                        prop_assert!(last.path.is_empty());
                        prop_assert_eq!(&last.choices, &start.choices);
                        prop_assert!(session.handoff().is_none());
                    }
                    "talk to support" => {
                        prop_assert!(last.handoff().is_some(), "no hand-off: {}", last.to_text());
                    }
                    _ => {}
                }
                let moved_on = before.node.is_some()
                    && last.path.len() > before.path.len()
                    && last.path.starts_with(&before.path);
                if matches!(step, Step::Pick(_)) && moved_on {
                    checked_back.set(checked_back.get() + 1);
                    let back = say(&mut session, &searcher, "back");
                    prop_assert_eq!(&back.node, &before.node, "back after {:?}", text);
                    prop_assert_eq!(&back.path, &before.path);
                    prop_assert_eq!(&back.choices, &before.choices);
                    last = back;
                }
            }
            let support = say(&mut session, &searcher, "talk to support");
            prop_assert!(support.handoff().is_some(), "{}", support.to_text());
            Ok(())
        })
        .expect("every conversation keeps the promises");
    assert!(
        checked_back.get() > 0,
        "back checked {} times",
        checked_back.get()
    );
    assert!(
        checked_restart.get() > 0,
        "start over checked {} times",
        checked_restart.get()
    );
}

// ---------------------------------------------------------------- sanitizing

/// A whole escape sequence, in one of the forms terminals read.
fn sequence() -> impl Strategy<Value = String> {
    let params = "[0-9;:<=>?]{0,12}";
    prop_oneof![
        (params, "[ -/]{0,2}", "[@-~]").prop_map(|(p, i, f)| format!("\u{1b}[{p}{i}{f}")),
        (params, "[@-~]").prop_map(|(p, f)| format!("\u{9b}{p}{f}")),
        (
            "[ -~&&[^\u{1b}]]{0,40}",
            prop::sample::select(&["\u{7}", "\u{1b}\\", "\u{9c}"][..])
        )
            .prop_map(|(body, end)| format!("\u{1b}]{body}{end}")),
        (
            "[ -~&&[^\u{1b}]]{0,40}",
            prop::sample::select(&["\u{1b}\\", "\u{9c}"][..])
        )
            .prop_map(|(body, end)| format!("\u{1b}P{body}{end}")),
        (
            prop::sample::select(&["\u{1b}_", "\u{1b}^", "\u{1b}X", "\u{9f}", "\u{9e}"][..]),
            "[ -~&&[^\u{1b}]]{0,40}"
        )
            .prop_map(|(open, body)| format!("{open}{body}\u{1b}\\")),
        "\u{1b}[ -/]{0,2}[0-Z\\\\`-~&&[^P\\[\\]X^_]]",
    ]
}

/// Printable text with no controls in it: the parts a sequence may sit between.
fn printable() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .,!?'\u{e9}\u{4e00}-\u{4e10}\u{1f600}]{0,20}"
}

fn is_clean(text: &str) -> bool {
    text.chars()
        .all(|c| !is_unsafe_char(c) || c == '\n' || c == '\t')
}

proptest! {
    #[test]
    fn nothing_unsafe_survives_sanitizing(text in any::<String>()) {
        let clean = sanitize(&text);
        prop_assert!(is_clean(&clean), "{clean:?}");
        let line = sanitize_line(&text);
        prop_assert!(line.chars().all(|c| !is_unsafe_char(c)), "{line:?}");
    }

    #[test]
    fn nothing_unsafe_survives_sanitizing_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let clean = sanitize(&String::from_utf8_lossy(&bytes));
        prop_assert!(is_clean(&clean), "{clean:?}");
    }

    #[test]
    fn sequences_go_whole_and_the_text_around_them_stays(
        parts in prop::collection::vec((printable(), sequence()), 1..5),
        last in printable(),
    ) {
        let mut text = String::new();
        let mut expected = String::new();
        for (words, sequence) in &parts {
            text.push_str(words);
            text.push_str(sequence);
            expected.push_str(words);
        }
        text.push_str(&last);
        expected.push_str(&last);
        prop_assert_eq!(sanitize(&text), expected);
    }

    #[test]
    fn sanitizing_twice_changes_nothing(text in any::<String>()) {
        let once = sanitize(&text);
        prop_assert_eq!(sanitize(&once), once.clone());
    }
}

// ---------------------------------------------------------------- knowledge

/// One change to a file of a valid pack.
#[derive(Debug, Clone)]
enum Mutation {
    SetByte { at: usize, byte: u8 },
    Truncate { at: usize },
    RemoveLine { line: usize },
    SwapLines { a: usize, b: usize },
    DuplicateLine { line: usize },
    Insert { at: usize, text: String },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        (at, any::<u8>()).prop_map(|(at, byte)| Mutation::SetByte { at, byte }),
        at.prop_map(|at| Mutation::Truncate { at }),
        at.prop_map(|line| Mutation::RemoveLine { line }),
        (at, at).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        at.prop_map(|line| Mutation::DuplicateLine { line }),
        (
            at,
            prop_oneof![
                Just("\"".to_owned()),
                Just("[".to_owned()),
                Just("id = 5\n".to_owned()),
                Just("[[entries]]\n".to_owned()),
                Just("\u{1b}[2J".to_owned()),
                any::<String>(),
            ]
        )
            .prop_map(|(at, text)| Mutation::Insert { at, text }),
    ]
}

fn mutate(bytes: &[u8], mutation: &Mutation) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    let mut lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    let count = lines.len().max(1);
    match mutation {
        Mutation::SetByte { at, byte } => {
            if !bytes.is_empty() {
                let at = at % bytes.len();
                bytes[at] = *byte;
            }
            bytes
        }
        Mutation::Truncate { at } => {
            bytes.truncate(at % (bytes.len() + 1));
            bytes
        }
        Mutation::RemoveLine { line } => {
            if !lines.is_empty() {
                lines.remove(line % count);
            }
            lines.concat()
        }
        Mutation::SwapLines { a, b } => {
            if !lines.is_empty() {
                lines.swap(a % count, b % count);
            }
            lines.concat()
        }
        Mutation::DuplicateLine { line } => {
            if !lines.is_empty() {
                let copy = lines[line % count];
                lines.insert(line % count, copy);
            }
            lines.concat()
        }
        Mutation::Insert { at, text: inserted } => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, inserted.bytes());
            bytes
        }
    }
}

/// The built-in pack with `mutations` made to one of its files, and that file's bytes.
fn mutated_pack(file: prop::sample::Index, mutations: &[Mutation]) -> (Sources, usize, Vec<u8>) {
    let mut sources = Sources::builtin();
    let file = file.index(sources.files.len());
    let mut bytes = sources.files[file]
        .text()
        .expect("text")
        .as_bytes()
        .to_vec();
    for mutation in mutations {
        bytes = mutate(&bytes, mutation);
    }
    sources.files[file].content = Content::from_bytes(bytes.clone());
    (sources, file, bytes)
}

proptest! {
    #![proptest_config(Config { cases: 192, ..Config::default() })]

    #[test]
    fn a_mutated_pack_loads_or_says_why(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (sources, _, _) = mutated_pack(file, &mutations);
        let checked = knowledge::check(&sources);
        prop_assert!(
            checked.knowledge.is_some() != (checked.errors() > 0),
            "loaded {} with {} errors",
            checked.knowledge.is_some(),
            checked.errors()
        );
        for diagnostic in &checked.diagnostics {
            let shown = Located::new(diagnostic, sources.by_display(&diagnostic.file)).render();
            prop_assert!(!shown.is_empty());
            prop_assert!(shown.chars().all(|c| !is_unsafe_char(c) || c == '\n'), "{shown:?}");
        }
    }
}

proptest! {
    // Each case runs the binary: fewer of them.
    #![proptest_config(Config { cases: 12, ..Config::default() })]

    #[test]
    fn kb_check_of_a_mutated_pack_exits_0_or_1(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let (sources, changed, bytes) = mutated_pack(file, &mutations);
        let dir = tempfile::tempdir().expect("temp dir");
        for (at, source) in sources.files.iter().enumerate() {
            let path = dir.path().join(&source.relative);
            std::fs::create_dir_all(path.parent().expect("in the pack")).expect("folder");
            let written = if at == changed {
                bytes.clone()
            } else {
                source.text().expect("text").as_bytes().to_vec()
            };
            std::fs::write(&path, written).expect("write");
        }
        let output = common::idhelp()
            .args(["kb", "check", "--knowledge"])
            .arg(dir.path())
            .output()
            .expect("runs");
        let code = output.status.code();
        prop_assert!(code == Some(0) || code == Some(1), "exit {code:?}: {}", String::from_utf8_lossy(&output.stderr));
        let shown = String::from_utf8_lossy(&output.stdout);
        prop_assert!(shown.chars().all(|c| !is_unsafe_char(c) || c == '\n'), "{shown:?}");
    }
}
