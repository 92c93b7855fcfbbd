//! Property tests (proptest) of the promises the dialogue engine, the sanitizer and the
//! knowledge loader make, whatever they are given (the redactor's are in `redaction.rs`).

mod common;

use std::sync::Arc;

use idhelp::dialogue::{Reply, Session};
use idhelp::knowledge::{self, Checked, Content, Located, Rule, Severity, Sources};
use idhelp::recognize::SearchRecognizer;
use idhelp::search::Searcher;
use idhelp::text::{read_capped_line, sanitize, sanitize_line};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

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
    let (knowledge, searcher) = idhelp::pack::builtin().expect("the built-in pack");
    let knowledge = Arc::new(knowledge);
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
                    // A question the person's own words answered on the way is where "back"
                    // returns to, so they can correct it.
                    if last.to_text().contains("You said \"") {
                        prop_assert!(back.path.len() > before.path.len(), "back after {:?}", text);
                        prop_assert!(last.path.starts_with(&back.path));
                        prop_assert_eq!(back.node.as_ref(), back.path.last());
                    } else {
                        prop_assert_eq!(&back.node, &before.node, "back after {:?}", text);
                        prop_assert_eq!(&back.path, &before.path);
                        prop_assert_eq!(&back.choices, &before.choices);
                    }
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

/// The Unicode control characters (general category Cc: C0, DEL and C1) and the
/// `Bidi_Control` characters, as the Unicode standard lists them: what a printed character
/// may never be. Listed here, not taken from the sanitizer, so the properties check it.
fn is_control_or_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1F}'
            | '\u{7F}'..='\u{9F}'
            | '\u{61C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Every action a terminal's parser takes on a text: what it prints (newlines and tabs
/// included), and everything else it does.
#[derive(Default)]
struct Actions {
    printed: String,
    other: Vec<String>,
}

impl vte::Perform for Actions {
    fn print(&mut self, c: char) {
        self.printed.push(c);
    }

    fn execute(&mut self, byte: u8) {
        if byte == b'\n' || byte == b'\t' {
            self.printed.push(char::from(byte));
        } else {
            self.other.push(format!("execute {byte:#04x}"));
        }
    }

    fn hook(&mut self, _: &vte::Params, _: &[u8], _: bool, action: char) {
        self.other.push(format!("DCS hook {action:?}"));
    }

    fn put(&mut self, byte: u8) {
        self.other.push(format!("DCS put {byte:#04x}"));
    }

    fn unhook(&mut self) {
        self.other.push("DCS unhook".to_owned());
    }

    fn osc_dispatch(&mut self, params: &[&[u8]], _: bool) {
        self.other.push(format!("OSC {params:?}"));
    }

    fn csi_dispatch(&mut self, _: &vte::Params, _: &[u8], _: bool, action: char) {
        self.other.push(format!("CSI {action:?}"));
    }

    fn esc_dispatch(&mut self, _: &[u8], _: bool, byte: u8) {
        self.other.push(format!("ESC {byte:#04x}"));
    }
}

/// The oracle: `shown` read back by a terminal's parser is printed whole, character by
/// character, with no other action, and none of its characters is a control.
fn prints_only(shown: &str) -> Result<(), TestCaseError> {
    let mut actions = Actions::default();
    vte::Parser::new().advance(&mut actions, shown.as_bytes());
    prop_assert!(actions.other.is_empty(), "{:?} in {shown:?}", actions.other);
    prop_assert_eq!(&actions.printed, shown, "not all of it printed");
    let control = shown
        .chars()
        .find(|&c| is_control_or_bidi_control(c) && c != '\n' && c != '\t');
    prop_assert!(control.is_none(), "{control:?} printed in {shown:?}");
    Ok(())
}

/// Introducers of every kind of sequence, in their 7-bit and 8-bit (UTF-8) forms.
const INTRODUCERS: &[&str] = &[
    "\u{1b}", "\u{1b}[", "\u{1b}]", "\u{1b}P", "\u{1b}X", "\u{1b}^", "\u{1b}_", "\u{1b}(",
    "\u{9b}", "\u{9d}", "\u{90}", "\u{98}", "\u{9e}", "\u{9f}",
];

/// What ends or cuts short a sequence: BEL, ST in both forms, CAN and SUB.
const ENDINGS: &[&str] = &["\u{7}", "\u{1b}\\", "\u{9c}", "\u{18}", "\u{1a}"];

/// One piece of hostile input, as raw bytes: text, sequence parts in any order (so
/// sequences come nested, unterminated and cut short), lone bytes that are not UTF-8, C1
/// controls as bytes and as UTF-8, and bidi controls.
fn hostile_piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => "[a-zA-Z0-9 .,!?'\u{e9}\u{4e00}\u{271c}\u{1f600}]{1,8}".prop_map(String::into_bytes),
        3 => prop::sample::select(INTRODUCERS).prop_map(|s| s.as_bytes().to_vec()),
        2 => prop::sample::select(ENDINGS).prop_map(|s| s.as_bytes().to_vec()),
        2 => "[0-9;:<=>? -/]{0,6}[@-~]?".prop_map(String::into_bytes),
        1 => (0x80_u8..=0x9F).prop_map(|byte| vec![byte]),
        1 => (0x80_u32..=0x9F).prop_map(|code| {
            char::from_u32(code).expect("a C1 control").to_string().into_bytes()
        }),
        1 => any::<u8>().prop_map(|byte| vec![byte]),
        1 => "[\u{0}-\u{1f}\u{7f}\u{61c}\u{200e}\u{200f}\u{202a}-\u{202e}\u{2066}-\u{2069}]"
            .prop_map(String::into_bytes),
    ]
}

fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(hostile_piece(), 0..40).prop_map(|pieces| pieces.concat())
}

/// The hostile pieces that are text (all but the lone bytes that are not UTF-8).
fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_piece(), 0..40).prop_map(|pieces| {
        pieces
            .into_iter()
            .filter_map(|piece| String::from_utf8(piece).ok())
            .collect()
    })
}

/// A whole sequence, in one of the forms terminals read; the strings may hold C1 controls
/// other than ST, which belong to the string.
fn sequence() -> impl Strategy<Value = String> {
    let params = "[0-9;:<=>?\u{85}]{0,12}";
    let body = "[ -~\u{80}-\u{9b}\u{9d}-\u{9f}\u{e9}\u{271c}]{0,40}";
    prop_oneof![
        (params, "[ -/]{0,2}", "[@-~]").prop_map(|(p, i, f)| format!("\u{1b}[{p}{i}{f}")),
        (params, "[@-~]").prop_map(|(p, f)| format!("\u{9b}{p}{f}")),
        (
            prop::sample::select(&["\u{1b}]", "\u{9d}"][..]),
            body,
            prop::sample::select(&["\u{7}", "\u{1b}\\", "\u{9c}"][..])
        )
            .prop_map(|(open, body, end)| format!("{open}{body}{end}")),
        (
            prop::sample::select(&["\u{1b}P", "\u{90}"][..]),
            body,
            prop::sample::select(&["\u{1b}\\", "\u{9c}"][..])
        )
            .prop_map(|(open, body, end)| format!("{open}{body}{end}")),
        (
            prop::sample::select(
                &[
                    "\u{1b}_", "\u{1b}^", "\u{1b}X", "\u{9f}", "\u{9e}", "\u{98}"
                ][..]
            ),
            body,
            prop::sample::select(&["\u{1b}\\", "\u{9c}"][..])
        )
            .prop_map(|(open, body, end)| format!("{open}{body}{end}")),
        // Cut short by CAN or SUB, which a terminal then drops.
        (
            prop::sample::select(&INTRODUCERS[1..])
                .prop_filter("an ESC sequence ends at a digit", |open| *open != "\u{1b}("),
            "[0-9;]{0,6}",
            prop::sample::select(&["\u{18}", "\u{1a}"][..])
        )
            .prop_map(|(open, body, abort)| format!("{open}{body}{abort}")),
        "\u{1b}[ -/]{0,2}[0-Z\\\\`-~&&[^P\\[\\]X^_]]",
    ]
}

/// Printable text with no controls in it: the parts a sequence may sit between.
fn printable() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 .,!?'\u{e9}\u{4e00}-\u{4e10}\u{271c}\u{1f600}]{0,20}"
}

/// Sanitizes raw bytes the way the chat reads a line: capped, decoded, then sanitized.
fn sanitized_lines(bytes: &[u8]) -> Vec<(String, String)> {
    let mut input = bytes;
    let mut lines = Vec::new();
    while let Some(line) = read_capped_line(&mut input, 4096).expect("reads from memory") {
        let text = line.text();
        lines.push((sanitize(&text), sanitize_line(&text)));
    }
    lines
}

proptest! {
    #[test]
    fn sanitized_text_prints_only(text in any::<String>()) {
        prints_only(&sanitize(&text))?;
        let line = sanitize_line(&text);
        prints_only(&line)?;
        prop_assert!(!line.contains(['\n', '\t']), "{line:?}");
    }

    #[test]
    fn sanitized_hostile_bytes_print_only(bytes in hostile_bytes()) {
        for (clean, line) in sanitized_lines(&bytes) {
            prints_only(&clean)?;
            prints_only(&line)?;
        }
    }

    #[test]
    fn sanitized_hostile_text_prints_only(text in hostile_text()) {
        // The same pieces as text, newlines and all, as a paste or an argument brings them.
        prints_only(&sanitize(&text))?;
        prints_only(&sanitize_line(&text))?;
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
    fn sanitizing_twice_changes_nothing(text in hostile_text()) {
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

/// A runner of exactly `cases` cases: the `proptest!` macro would let `PROPTEST_CASES` set
/// the count, too many for properties that load a pack or run the binary per case.
fn fixed_runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        ..Config::default()
    })
}

/// The built-in pack with the file at `relative` replaced by `text`, and that file's display.
fn pack_with(relative: &str, text: &str) -> (Sources, String) {
    let mut sources = Sources::builtin();
    let file = sources
        .files
        .iter_mut()
        .find(|file| file.relative == relative)
        .expect("a file of the pack");
    file.content = Content::from_bytes(text.as_bytes().to_vec());
    let display = file.display.clone();
    (sources, display)
}

fn builtin_text(relative: &str) -> String {
    Sources::builtin()
        .files
        .iter()
        .find(|file| file.relative == relative)
        .and_then(|file| file.text())
        .expect("a text file of the pack")
        .to_owned()
}

fn builtin_entry_files() -> Vec<String> {
    Sources::builtin()
        .files
        .iter()
        .map(|file| file.relative.clone())
        .filter(|relative| relative.starts_with("entries/"))
        .collect()
}

/// The line (from 1) of byte `at` of `text`.
fn line_of(text: &str, at: usize) -> usize {
    text.get(..at).unwrap_or(text).matches('\n').count() + 1
}

fn is_table_header(line: &str) -> bool {
    let line = line.trim_end();
    line.starts_with('[') && line.ends_with(']') && !line.contains('=')
}

/// `text` without the key `key` of the table under `header` (the top level when `None`),
/// with the lines its value goes on over; `None` when that table has no such key. A key
/// that is a table of its own (`[support]`) goes with its header and all its keys.
fn without_key(text: &str, header: Option<&str>, key: &str) -> Option<String> {
    let mut kept = String::new();
    let mut in_table = header.is_none();
    let mut removing = false;
    let mut removed = false;
    for line in text.split_inclusive('\n') {
        if is_table_header(line) {
            in_table = Some(line.trim_end()) == header.map(|h| format!("[{h}]")).as_deref();
            removing = header.is_none() && line.trim_end() == format!("[{key}]");
            removed |= removing;
        } else if removing && (line.starts_with([' ', ']', '}']) || header.is_none()) {
            // The value's next line, or a key of the table being removed.
        } else {
            removing = in_table && line.starts_with(&format!("{key} ="));
            removed |= removing;
        }
        if !removing {
            kept.push_str(line);
        }
    }
    removed.then_some(kept)
}

/// The length of a basic string's rest up to and with its closing quote.
fn past_string(rest: &str) -> usize {
    let mut escaped = false;
    for (at, c) in rest.char_indices() {
        match c {
            '"' if !escaped => return at + 1,
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
    }
    rest.len()
}

/// The fields an entry cannot do without (`RawEntry` and its `RawSupport`), with the table
/// each is in.
const ENTRY_FIELDS: &[(Option<&str>, &str)] = &[
    (None, "id"),
    (None, "kind"),
    (None, "title"),
    (None, "category"),
    (None, "summary"),
    (None, "source"),
    (None, "aliases"),
    (None, "steps"),
    (None, "support"),
    (Some("support"), "when"),
    (Some("support"), "prepare"),
];

/// The fields a choice of a tree question cannot do without (`RawChoice`).
const CHOICE_FIELDS: &[&str] = &["key", "label", "next"];

/// The errors of `checked`, each with its file and the line it points at.
fn errors_at(checked: &Checked, sources: &Sources) -> Vec<(Rule, String, usize, String)> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .map(|d| {
            let text = sources
                .by_display(&d.file)
                .and_then(|file| file.text())
                .unwrap_or_default();
            assert_within(text, &d.span);
            (
                d.rule,
                d.file.clone(),
                line_of(text, d.span.start),
                d.message.clone(),
            )
        })
        .collect()
}

/// A span must lie within its file: a line number shown for it must exist.
fn assert_within(text: &str, span: &std::ops::Range<usize>) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} outside a file of {} bytes",
        text.len()
    );
}

#[test]
fn the_unchanged_pack_loads_with_no_diagnostics() {
    let checked = knowledge::check(&Sources::builtin());
    assert!(checked.knowledge.is_some());
    assert_eq!(checked.diagnostics, []);
}

#[test]
fn a_missing_entry_field_is_named_in_its_file() {
    // Each case loads the pack: a fixed count, whatever PROPTEST_CASES says.
    fixed_runner(64)
        .run(
            &(
                prop::sample::select(builtin_entry_files()),
                prop::sample::select(ENTRY_FIELDS),
            ),
            |(file, (table, field))| {
                let original = builtin_text(&file);
                let text = without_key(&original, table, field).expect("every entry has the field");
                let (sources, display) = pack_with(&file, &text);
                let checked = knowledge::check(&sources);
                prop_assert!(checked.knowledge.is_none());
                let errors = errors_at(&checked, &sources);
                let named = format!("`{field}`");
                let support_line = text.lines().position(|l| l == "[support]").map(|at| at + 1);
                prop_assert!(
                    errors
                        .iter()
                        .any(|(rule, at, line, message)| *rule == Rule::MissingField
                            && *at == display
                            && message.contains(&named)
                            && (table.is_none() || Some(*line) >= support_line)),
                    "no missing-field error for {named} in {display}: {errors:?}"
                );
                // The broken entry is remembered: nothing elsewhere is reported because of it.
                prop_assert!(
                    errors.iter().all(|(_, at, _, _)| *at == display),
                    "{errors:?}"
                );
                Ok(())
            },
        )
        .expect("holds");
}

#[test]
fn a_missing_node_field_is_named_at_its_node() {
    // Each case loads the pack: a fixed count, whatever PROPTEST_CASES says.
    fixed_runner(64)
        .run(
            &(
                any::<prop::sample::Index>(),
                prop::option::of(prop::sample::select(CHOICE_FIELDS)),
            ),
            |(node, choice_field)| {
                let original = builtin_text("tree.toml");
                let lines: Vec<&str> = original.lines().collect();
                let headers: Vec<usize> = (0..lines.len())
                    .filter(|&at| lines[at].starts_with("[node."))
                    .collect();
                let first = headers[node.index(headers.len())];
                let end = (first + 1..lines.len())
                    .find(|&at| is_table_header(lines[at]))
                    .unwrap_or(lines.len());
                let id = lines[first]
                    .trim_start_matches("[node.")
                    .trim_end_matches(']');
                let mut edited: Vec<String> = lines.iter().map(|&l| l.to_owned()).collect();
                // A choice without one of its fields (the node's first choice loses it), or the node
                // without its text.
                let field = if let Some(field) = choice_field {
                    let Some(at) =
                        (first..end).find(|&at| lines[at].contains(&format!("{field} = \"")))
                    else {
                        return Ok(()); // an outcome: no choices
                    };
                    let start = lines[at].find(&format!("{field} = \"")).expect("found");
                    let value_start = start + field.len() + 4;
                    let value_end = value_start + past_string(&lines[at][value_start..]);
                    let (before, after) = (&lines[at][..start], &lines[at][value_end..]);
                    edited[at] = if let Some(after) = after.strip_prefix(", ") {
                        format!("{before}{after}")
                    } else {
                        format!("{} {after}", before.trim_end_matches([',', ' ']))
                    };
                    field
                } else {
                    let at = (first..end)
                        .find(|&at| lines[at].starts_with("text ="))
                        .expect("every node has a text");
                    edited[at] = String::new();
                    "text"
                };
                let text = edited.join("\n") + "\n";
                let (sources, display) = pack_with("tree.toml", &text);
                let checked = knowledge::check(&sources);
                prop_assert!(checked.knowledge.is_none());
                let errors = errors_at(&checked, &sources);
                let named = format!("`{field}`");
                prop_assert!(
                    errors
                        .iter()
                        .any(|(rule, at, line, message)| *rule == Rule::MissingField
                            && *at == display
                            && message.contains(&named)
                            && (first + 1..=end).contains(line)),
                    "no missing-field error for {named} in node {id} (lines {}-{end}): {errors:?}",
                    first + 1
                );
                Ok(())
            },
        )
        .expect("holds");
}

#[test]
fn a_renamed_id_is_reported_where_it_is_used() {
    // Each case loads the pack: a fixed count, whatever PROPTEST_CASES says.
    fixed_runner(64)
        .run(
            &(
                prop::sample::select(builtin_entry_files()),
                any::<prop::sample::Index>(),
                any::<bool>(),
            ),
            |(entry, node, rename_entry)| {
                let tree = builtin_text("tree.toml");
                let (file, old_line, new_line, id) = if rename_entry {
                    let id = entry
                        .trim_start_matches("entries/")
                        .trim_end_matches(".toml")
                        .to_owned();
                    (
                        entry.clone(),
                        format!("id = \"{id}\""),
                        format!("id = \"{id}-gone\""),
                        id,
                    )
                } else {
                    let ids: Vec<&str> = tree
                        .lines()
                        .filter_map(|l| l.strip_prefix("[node.")?.strip_suffix(']'))
                        .collect();
                    let id = ids[node.index(ids.len())].to_owned();
                    (
                        "tree.toml".to_owned(),
                        format!("[node.{id}]"),
                        format!("[node.{id}-gone]"),
                        id,
                    )
                };
                let original = builtin_text(&file);
                prop_assert!(original.contains(&old_line));
                let (sources, _) = pack_with(&file, &original.replacen(&old_line, &new_line, 1));
                let checked = knowledge::check(&sources);
                let errors = errors_at(&checked, &sources);
                // Every place the old id is used: the files whose schema holds ids (synonyms hold
                // words, and the knowledge tests are kb test's own).
                let quoted = format!("\"{id}\"");
                let start_key = format!("{id} = ");
                let mut uses = Vec::new();
                let holds_ids = |relative: &str| {
                    ["tree.toml", "topics.toml"].contains(&relative)
                        || relative.starts_with("entries/")
                };
                for source in sources.files.iter().filter(|f| holds_ids(&f.relative)) {
                    let Some(text) = source.text() else { continue };
                    let mut in_start = false;
                    for (at, line) in text.lines().enumerate() {
                        if is_table_header(line) {
                            in_start = line == "[start]";
                        }
                        let uses_id = line.contains(&quoted) && !line.starts_with(&new_line)
                            || rename_entry && in_start && line.starts_with(&start_key);
                        if uses_id {
                            uses.push((source.display.clone(), at + 1));
                        }
                    }
                }
                prop_assert!(!uses.is_empty(), "{id} is used nowhere");
                for (file, line) in &uses {
                    prop_assert!(
                        errors
                            .iter()
                            .any(|(rule, at, l, message)| *rule == Rule::DanglingRef
                                && at == file
                                && l == line
                                && message.contains(&format!("`{id}`"))),
                        "{file}:{line} uses {id}, renamed, and nothing says so: {errors:?}"
                    );
                }
                Ok(())
            },
        )
        .expect("holds");
}

#[test]
fn a_mutated_pack_is_reported_in_text_that_prints_only() {
    // Each case loads the pack: a fixed count, whatever PROPTEST_CASES says.
    fixed_runner(192)
        .run(
            &(
                any::<prop::sample::Index>(),
                prop::collection::vec(mutation(), 1..4),
            ),
            |(file, mutations)| {
                let (sources, _, _) = mutated_pack(file, &mutations);
                let checked = knowledge::check(&sources);
                for diagnostic in &checked.diagnostics {
                    let text = sources
                        .by_display(&diagnostic.file)
                        .and_then(|f| f.text())
                        .unwrap_or_default();
                    prop_assert!(diagnostic.span.end <= text.len(), "{diagnostic:?}");
                    let shown =
                        Located::new(diagnostic, sources.by_display(&diagnostic.file)).render();
                    prop_assert!(!shown.is_empty());
                    prints_only(&shown)?;
                }
                Ok(())
            },
        )
        .expect("holds");
}

#[test]
fn kb_check_of_a_mutated_pack_exits_0_or_1() {
    // Each case runs the binary: a fixed count, whatever PROPTEST_CASES says.
    fixed_runner(12)
        .run(
            &(
                any::<prop::sample::Index>(),
                prop::collection::vec(mutation(), 1..4),
            ),
            |(file, mutations)| {
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
                prop_assert!(
                    code == Some(0) || code == Some(1),
                    "exit {code:?}: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                let shown = String::from_utf8(output.stdout).expect("the report is UTF-8");
                prints_only(&shown)?;
                Ok(())
            },
        )
        .expect("holds");
}
