//! Redaction as people type: recovery phrases in any case, numbered, joined any way or split
//! across messages; national ID numbers in groups; Unicode and spelled-out emails; phone and
//! account numbers. And the other way: dates, times, amounts, error codes and ordinary
//! writing come through as written. Checked on examples, on every real user text the project
//! has, through a real `Session`, through the binary, and on generated input (proptest;
//! `PROPTEST_CASES=10000 cargo test --test redaction` for the long run).

mod common;

use std::sync::{Arc, LazyLock};

use idhelp::dialogue::{Message, Recognized, Reply, Session, Speaker, redact};
use idhelp::knowledge::Knowledge;
use proptest::prelude::*;
use serde::Deserialize;

const PHRASE_LABEL: &str = "[recovery phrase removed]";
const ID_LABEL: &str = "[id number removed]";
const EMAIL_LABEL: &str = "[email removed]";
const PHONE_LABEL: &str = "[phone number removed]";
const NUMBER_LABEL: &str = "[number removed]";
const LABELS: &[&str] = &[
    PHRASE_LABEL,
    ID_LABEL,
    EMAIL_LABEL,
    PHONE_LABEL,
    NUMBER_LABEL,
    "[wallet address removed]",
];

const SEED_12: &str =
    "abandon ability able about above absent absorb abstract absurd abuse access accident";

/// The BIP-39 English list, read here from the data file as the generators' source.
static BIP39: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../data/bip39-english.txt")
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .collect()
});

static KNOWLEDGE: LazyLock<Arc<Knowledge>> = LazyLock::new(|| {
    let located = idhelp::pack::Location::of(None).expect("the built-in pack");
    Arc::new(idhelp::pack::knowledge(&located).expect("the built-in pack"))
});

/// A recognizer that knows nothing, so every description leaves the chat where it was.
fn nothing(_: &str) -> Recognized {
    Recognized::out_of_scope(None)
}

/// `text` with the labels taken out, so their own words ("phrase", "number") are not taken
/// for survivors.
fn without_labels(text: &str) -> String {
    LABELS
        .iter()
        .fold(text.to_owned(), |text, label| text.replace(label, " "))
}

/// The words of `secret` still found, as whole words in any case, in `redacted`.
fn surviving_words(secret: &[&str], redacted: &str) -> Vec<String> {
    let redacted = without_labels(redacted).to_lowercase();
    let found: Vec<&str> = redacted.split(|c: char| !c.is_alphanumeric()).collect();
    secret
        .iter()
        .map(|word| word.to_lowercase())
        .filter(|word| found.contains(&word.as_str()))
        .collect()
}

/// True when the reply warns that the message looked sensitive.
/// What the user typed, as the session keeps it, and the description the hand-off quotes.
fn kept_from_user(session: &Session) -> String {
    let mut kept: Vec<&str> = session
        .turns()
        .iter()
        .filter(|turn| turn.speaker == Speaker::User)
        .map(|turn| turn.text.as_str())
        .collect();
    let handoff = session.handoff();
    kept.extend(
        handoff
            .as_ref()
            .and_then(|packet| packet.problem.description.as_deref()),
    );
    kept.join("\n")
}

/// The description a reply's hand-off packet quotes.
fn quoted(reply: &Reply) -> String {
    reply
        .messages
        .iter()
        .filter_map(|message| match message {
            Message::Handoff { packet } => packet.problem.description.clone(),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn warned(reply: &Reply) -> bool {
    reply.messages.iter().any(|message| {
        matches!(message, Message::Warning { text } if text.starts_with("Please don't share ID numbers"))
    })
}

// ---------------------------------------------------------------- examples

#[test]
fn recovery_phrases_are_masked_in_any_case_numbering_and_joining() {
    let words: Vec<&str> = SEED_12.split(' ').collect();
    let title_first = format!("A{}", &SEED_12[1..]);
    let numbered = |mark: &str, joint: &str| -> String {
        words
            .iter()
            .enumerate()
            .map(|(i, word)| format!("{}{mark}{word}", i + 1))
            .collect::<Vec<_>>()
            .join(joint)
    };
    let cases = [
        (title_first, PHRASE_LABEL.to_owned()),
        (SEED_12.to_uppercase(), PHRASE_LABEL.to_owned()),
        (numbered(". ", " "), format!("1. {PHRASE_LABEL}")),
        (numbered(") ", " "), format!("1) {PHRASE_LABEL}")),
        (numbered(" ", " "), format!("1 {PHRASE_LABEL}")),
        (numbered(". ", "\n"), format!("1. {PHRASE_LABEL}")),
        (SEED_12.replace(' ', "-"), PHRASE_LABEL.to_owned()),
        (SEED_12.replace(' ', ", "), PHRASE_LABEL.to_owned()),
        (SEED_12.replace(' ', ","), PHRASE_LABEL.to_owned()),
        (SEED_12.replace(' ', "\n"), PHRASE_LABEL.to_owned()),
        (
            format!("my words: {}. Is it ok?", SEED_12.replace(' ', " - ")),
            format!("my words: {PHRASE_LABEL}. Is it ok?"),
        ),
        (
            format!("words {}", numbered(". ", " - ")),
            format!("words 1. {PHRASE_LABEL}"),
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(redact(&text), expected, "{text:?}");
    }
}

#[test]
fn national_id_numbers_in_groups_are_masked() {
    let cases = [
        (
            "my NI number is QQ 12 34 56 C",
            "my NI number is [id number removed]",
        ),
        ("NI: QQ123456C", "NI: [id number removed]"),
        ("it is AB-12-34-56-D", "it is [id number removed]"),
        (
            "IBAN DE89 3704 0044 0532 0130 00 please",
            "IBAN [id number removed] please",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(redact(text), expected, "{text:?}");
    }
}

#[test]
fn unicode_and_spelled_out_emails_are_masked() {
    let cases = [
        (
            "mail jöran.müller@exämple.de now",
            "mail [email removed] now",
        ),
        ("邮箱 用户@例子.公司 谢谢", "邮箱 [email removed] 谢谢"),
        ("it is jo.doe at gmail dot com", "it is [email removed]"),
        (
            "my email is jo doe at gmail dot com",
            "my email is [email removed]",
        ),
        (
            "write to jo.doe [at] gmail [dot] com",
            "write to [email removed]",
        ),
        ("JO.DOE (AT) GMAIL (DOT) COM", EMAIL_LABEL),
        ("jo.doe at gmail.com", EMAIL_LABEL),
        ("jo_doe@gmail dot co dot uk", EMAIL_LABEL),
    ];
    for (text, expected) in cases {
        assert_eq!(redact(text), expected, "{text:?}");
    }
}

#[test]
fn dates_times_amounts_and_error_codes_stay_as_written() {
    let untouched = [
        "it failed on 2024-01-15 10:30",
        "15.01.2024 18:45",
        "on 12 03 2024",
        "at 2024-01-15T10:30:00Z and again 01/15/2024 9:05 pm",
        "I sent 1 000 000 IDR",
        "I sent 1,000,000 IDR",
        "it cost $1,500.00",
        "IDR 1.000.000 was taken, then 2500000 IDR",
        "error code 500012",
        "code: 50001",
        "Error 0x80070005 again, status 4030021",
        "I logged in at okx.com and nothing",
    ];
    for text in untouched {
        assert_eq!(redact(text), text, "{text:?}");
    }
}

#[test]
fn phones_and_account_numbers_are_still_masked_beside_what_stays() {
    let cases = [
        ("call +1 (555) 123-4567", "call [phone number removed]"),
        (
            "my number is 138 0013 8000",
            "my number is [phone number removed]",
        ),
        ("account 123456789012", "account [number removed]"),
        (
            "error code 500012, account 123456789012",
            "error code 500012, account [number removed]",
        ),
        (
            "on 2024-01-15 call 555 123 4567",
            "on 2024-01-15 call [phone number removed]",
        ),
        (
            "sent $1,500.00 from 4111111111111111",
            "sent $1,500.00 from [number removed]",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(redact(text), expected, "{text:?}");
    }
}

// ---------------------------------------------------------------- real texts

#[derive(Deserialize)]
struct QueryFile {
    query: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    text: String,
}

#[derive(Deserialize)]
struct ConversationFile {
    conversation: Vec<Conversation>,
}

#[derive(Deserialize)]
struct Conversation {
    turns: Vec<String>,
}

fn suite_file(name: &str) -> String {
    let path = common::manifest_dir().join("knowledge/tests").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every text a real person wrote or might write that the project's suites hold.
static REAL_TEXTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut texts: Vec<String> = ["real-dev.toml", "real-test.toml", "queries.toml"]
        .iter()
        .flat_map(|name| {
            toml::from_str::<QueryFile>(&suite_file(name))
                .expect("a query suite parses")
                .query
        })
        .map(|query| query.text)
        .collect();
    texts.extend(conversations().into_iter().flatten());
    texts
});

fn conversations() -> Vec<Vec<String>> {
    toml::from_str::<ConversationFile>(&suite_file("conversations.toml"))
        .expect("conversations.toml parses")
        .conversation
        .into_iter()
        .map(|conversation| conversation.turns)
        .collect()
}

#[test]
fn every_real_text_comes_through_unchanged() {
    assert!(REAL_TEXTS.len() > 1000, "{}", REAL_TEXTS.len());
    let changed: Vec<(&String, String)> = REAL_TEXTS
        .iter()
        .map(|text| (text, redact(text)))
        .filter(|(text, redacted)| *text != redacted)
        .collect();
    assert!(changed.is_empty(), "{changed:#?}");
}

#[test]
fn every_real_conversation_is_saved_as_typed() {
    for turns in conversations() {
        let mut session = Session::new(Arc::clone(&KNOWLEDGE));
        session.start();
        for turn in &turns {
            let reply = session.handle(turn, &nothing);
            assert!(!warned(&reply), "{turn:?} of {turns:?}");
        }
        let transcript = session.transcript();
        assert!(!transcript.contains("removed]"), "{transcript}");
    }
}

// ---------------------------------------------------------------- across messages

#[test]
fn a_phrase_split_across_two_messages_is_masked_in_both() {
    let words: Vec<&str> = SEED_12.split(' ').collect();
    let mut session = Session::new(Arc::clone(&KNOWLEDGE));
    session.start();
    let first = session.handle(&words[..6].join(" "), &nothing);
    assert!(!warned(&first), "six words alone are not a phrase yet");
    let second = session.handle(&words[6..].join(" "), &nothing);
    assert!(warned(&second), "the chat warns once the phrase is whole");
    let kept = kept_from_user(&session);
    assert_eq!(
        surviving_words(&words, &kept),
        Vec::<String>::new(),
        "{kept}"
    );
    assert_eq!(
        kept.matches(PHRASE_LABEL).count(),
        3,
        "two turns and the description: {kept}"
    );
    let transcript = session.transcript();
    assert_eq!(transcript.matches(PHRASE_LABEL).count(), 2, "{transcript}");
    let packet = session
        .handoff()
        .expect("a description was given")
        .to_text();
    assert!(packet.contains(&format!("\"{PHRASE_LABEL}\"")), "{packet}");
    let support = session.handle("talk to support", &nothing);
    assert_eq!(quoted(&support), PHRASE_LABEL);
}

#[test]
fn a_phrase_in_three_parts_or_after_a_whole_phrase_is_masked() {
    let words: Vec<&str> = BIP39.iter().copied().skip(100).take(24).collect();
    let mut session = Session::new(Arc::clone(&KNOWLEDGE));
    session.start();
    for part in words[..12].chunks(4) {
        session.handle(&part.join(" "), &nothing);
    }
    assert_eq!(
        surviving_words(&words[..12], &kept_from_user(&session)),
        Vec::<String>::new()
    );
    // The first 13 words of a 24-word phrase are masked at once; the 11 after them too.
    let mut session = Session::new(Arc::clone(&KNOWLEDGE));
    session.handle(&words[..13].join(" "), &nothing);
    let rest = session.handle(&words[13..].join(" "), &nothing);
    assert!(warned(&rest));
    assert_eq!(
        surviving_words(&words, &kept_from_user(&session)),
        Vec::<String>::new()
    );
}

#[test]
fn words_of_the_list_in_separate_sentences_are_kept() {
    let mut session = Session::new(Arc::clone(&KNOWLEDGE));
    session.handle("please help me", &nothing);
    session.handle("the camera is black", &nothing);
    session.handle("can you help again", &nothing);
    let transcript = session.transcript();
    assert!(!transcript.contains("removed]"), "{transcript}");
}

#[test]
fn the_binary_masks_a_split_phrase_in_the_handoff() {
    let words = [
        "abandon", "absurd", "acoustic", "walnut", "zebra", "wagon", "jaguar", "kangaroo",
        "lobster", "oyster", "pelican", "quantum",
    ];
    let input = format!(
        "{}\n{}\ntalk to support\n",
        words[..6].join(" "),
        words[6..].join(" ")
    );
    let cache = tempfile::tempdir().expect("temp dir");
    let output = common::idhelp()
        .args(["chat", "--plain"])
        .env("IDHELP_CACHE_DIR", cache.path())
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(stdout.contains(PHRASE_LABEL), "{stdout}");
    assert_eq!(
        surviving_words(&words, &stdout),
        Vec::<String>::new(),
        "{stdout}"
    );
}

// ---------------------------------------------------------------- generated secrets

/// Ordinary words around a secret, none of them a BIP-39 word, so a phrase's mask cannot
/// swallow them.
const AROUND: &[&str] = &[
    "The", "app", "says", "upload", "failed", "with", "KYC", "photos", "OKX", "why", "and",
];

fn around() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(AROUND), 0..6).prop_map(|words| words.join(" "))
}

/// The runs of letters and digits of `text` that are long enough to identify someone.
fn identifying_runs(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|run| {
            let chars = run.chars().count();
            chars >= 4 && run.chars().any(|c| c.is_ascii_digit()) || chars >= 8
        })
        .collect()
}

/// Something sensitive a person might type that is one piece of text.
fn secret() -> impl Strategy<Value = String> {
    prop_oneof![
        // ID and passport numbers, whole and in groups.
        "[A-Z]{1,2}[0-9]{6,9}",
        "[1-9][0-9]{16}[0-9X]",
        "[0-9]{9,12}",
        "[A-CEGHJ-PR-TW-Z]{2}( [0-9]{2}){3} [A-D]",
        "[A-CEGHJ-PR-TW-Z]{2}(-[0-9]{2}){3}-[A-D]",
        "[A-Z]{2}[0-9]{2}( [0-9]{4}){3,5}",
        // Email addresses: ASCII, Unicode, spelled out.
        "[a-z][a-z0-9._]{2,12}@[a-z]{3,10}\\.(com|org|net|io|co\\.uk)",
        "[a-zäöüéñ][a-z0-9äöüéñ]{2,8}\\.[a-zäöüéñ]{2,8}@[a-zäöüé]{3,10}\\.(de|fr|com)",
        "[用户张伟李娜]{2,4}@[例子公司邮件]{2,4}\\.(公司|中国|com)",
        (
            "[a-z]{2,8}( [a-z]{2,8}|[._][a-z0-9]{1,6})?",
            0..3_u8,
            "[a-z]{3,10}",
            "(com|org|net)"
        )
            .prop_map(|(name, style, domain, tld)| spelled_email(&name, style, &domain, &tld)),
        // Phone numbers.
        "\\+[1-9][0-9]{1,2} [0-9]{3} [0-9]{3} [0-9]{4}",
        "\\([0-9]{3}\\) [0-9]{3}-[0-9]{4}",
        "\\+1 \\([0-9]{3}\\) [0-9]{3}-[0-9]{4}",
        "1[3-9][0-9] [0-9]{4} [0-9]{4}",
        // Wallet addresses: Ethereum, Bitcoin (legacy and bech32), Tron.
        "0x[0-9a-fA-F]{40}",
        "[13][1-9A-HJ-NP-Za-km-z]{25,33}",
        "bc1[02-9ac-hj-np-z]{39,59}",
        "T[1-9A-HJ-NP-Za-km-z]{33}",
        // Recovery phrases, in every way they are written.
        phrase().prop_map(|(words, style)| style.write(&words)),
    ]
}

/// `name@domain.tld` written out, after "email:" (a bare word before a spelled-out name may be
/// taken for part of it): " at " and " dot ", "[at]" and "[dot]", or in capitals.
fn spelled_email(name: &str, style: u8, domain: &str, tld: &str) -> String {
    match style {
        0 => format!("email: {name} at {domain} dot {tld}"),
        1 => format!("email: {name} [at] {domain} [dot] {tld}"),
        _ => format!("email: {name} AT {domain} DOT {}", tld.to_uppercase()),
    }
}

/// How a person writes the words of a phrase.
#[derive(Debug, Clone)]
struct PhraseStyle {
    case: u8,
    numbering: &'static str,
    joint: &'static str,
}

impl PhraseStyle {
    fn write(&self, words: &[&str]) -> String {
        self.write_from(words, 1)
    }

    /// The words, numbered from `first` when the style numbers them.
    fn write_from(&self, words: &[&str], first: usize) -> String {
        words
            .iter()
            .enumerate()
            .map(|(i, word)| {
                // 0 lowercase, 1 capitals, 2 the first word capitalised, 3 every word.
                let word = match self.case {
                    1 => word.to_uppercase(),
                    2 if i == 0 => capitalised(word),
                    3 => capitalised(word),
                    _ => (*word).to_owned(),
                };
                if self.numbering.is_empty() {
                    word
                } else {
                    format!("{}{}{word}", first + i, self.numbering)
                }
            })
            .collect::<Vec<_>>()
            .join(self.joint)
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn phrase() -> impl Strategy<Value = (Vec<&'static str>, PhraseStyle)> {
    let count = prop::sample::select(&[12_usize, 15, 18, 21, 24][..]);
    (
        count.prop_flat_map(|count| prop::collection::vec(prop::sample::select(&BIP39[..]), count)),
        0..4_u8,
        prop::sample::select(&["", ". ", ") ", " "][..]),
        prop::sample::select(&[" ", "-", ", ", ",", "\n", " - ", "  "][..]),
    )
        .prop_map(|(words, case, numbering, joint)| {
            (
                words,
                PhraseStyle {
                    case,
                    numbering,
                    joint,
                },
            )
        })
}

proptest! {
    #[test]
    fn a_secret_anywhere_never_survives_redaction(
        before in around(),
        secret in secret(),
        after in around(),
        end in prop::sample::select(&[" ", ". ", ", ", "! ", "? ", "\n"][..]),
    ) {
        let text = format!("{before} {secret}{end}{after}");
        let redacted = redact(&text);
        prop_assert!(!redacted.contains(&secret), "{redacted:?}");
        let kept = without_labels(&redacted);
        for run in identifying_runs(&secret) {
            prop_assert!(!kept.contains(run), "{run:?} survived in {redacted:?}");
        }
        prop_assert!(redacted.starts_with(before.as_str()), "{redacted:?}");
        prop_assert!(redacted.trim_end().ends_with(after.as_str()), "{redacted:?}");
    }

    #[test]
    fn no_word_of_a_phrase_survives_in_any_form(
        before in around(),
        (words, style) in phrase(),
        after in around(),
    ) {
        let text = format!("{before} {}. {after}", style.write(&words));
        let redacted = redact(&text);
        prop_assert_eq!(surviving_words(&words, &redacted), Vec::<String>::new(), "{:?}", redacted);
        prop_assert!(redacted.starts_with(before.as_str()), "{redacted:?}");
        prop_assert!(redacted.ends_with(after.as_str()), "{redacted:?}");
    }

    #[test]
    fn a_phrase_split_across_messages_never_survives_the_conversation(
        (words, style) in phrase(),
        split in 1..23_usize,
        before in around(),
    ) {
        let split = split.min(words.len() - 1);
        let mut session = Session::new(Arc::clone(&KNOWLEDGE));
        session.start();
        if !before.is_empty() {
            session.handle(&before, &nothing);
        }
        session.handle(&style.write_from(&words[..split], 1), &nothing);
        let last = session.handle(&style.write_from(&words[split..], split + 1), &nothing);
        prop_assert!(warned(&last));
        let kept = kept_from_user(&session);
        prop_assert_eq!(surviving_words(&words, &kept), Vec::<String>::new(), "{}", kept);
        let support = quoted(&session.handle("talk to support", &nothing));
        prop_assert_eq!(surviving_words(&words, &support), Vec::<String>::new(), "{}", support);
    }
}

// ---------------------------------------------------------------- over-masking

/// Something support needs that looks like a number to mask: a date, a time, an amount or
/// an error code.
fn kept() -> impl Strategy<Value = String> {
    let date =
        (1990..2036_u32, 1..=12_u32, 1..=28_u32, 0..7_u8).prop_map(|(y, m, d, form)| match form {
            0 => format!("{y}-{m:02}-{d:02}"),
            1 => format!("{d:02}.{m:02}.{y}"),
            2 => format!("{d}/{m}/{y}"),
            3 => format!("{m:02}/{d:02}/{y}"),
            4 => format!("{d:02} {m:02} {y}"),
            5 => format!("{y}/{m:02}/{d:02}"),
            _ => format!("{d}.{m}.{}", y % 100),
        });
    let time = (0..24_u32, 0..60_u32, 0..60_u32, 0..4_u8).prop_map(|(h, m, s, form)| match form {
        0 => format!("{h:02}:{m:02}"),
        1 => format!("{h}:{m:02}:{s:02}"),
        2 => format!("{}:{m:02} pm", h % 12 + 1),
        _ => format!("{}:{m:02} AM", h % 12 + 1),
    });
    let amount = (
        1..2_000_000_000_u64,
        0..6_u8,
        prop::sample::select(
            &[
                "IDR", "USD", "EUR", "USDT", "$", "€", "£", "¥", "₹", "rupiah", "dollars",
            ][..],
        ),
    )
        .prop_map(|(n, form, currency)| {
            let grouped = |sep: &str| group_thousands(n, sep);
            let symbol = currency.chars().all(|c| !c.is_alphabetic());
            match form {
                0 => format!("{} {currency}", grouped(" ")),
                1 => format!("{} {currency}", grouped(",")),
                2 if symbol => format!("{currency}{}.{:02}", grouped(","), n % 100),
                2 => format!("{currency} {}", grouped(".")),
                3 => format!("{n} {currency}"),
                4 => grouped(","),
                _ => format!("{currency} {n}"),
            }
        });
    let code = (
        prop::sample::select(
            &[
                "error code ",
                "error code: ",
                "code: ",
                "code ",
                "Error ",
                "status ",
                "ERROR CODE ",
            ][..],
        ),
        prop_oneof!["[0-9]{1,10}", "0x[0-9A-F]{8}"],
    )
        .prop_map(|(lead, code)| format!("{lead}{code}"));
    prop_oneof![
        date.clone(),
        time.clone(),
        (
            date,
            prop::sample::select(&[" ", "T", ", ", " at "][..]),
            time
        )
            .prop_map(|(date, joint, time)| format!("{date}{joint}{time}")),
        amount,
        code,
    ]
}

fn group_thousands(n: u64, sep: &str) -> String {
    let digits = n.to_string();
    let mut groups: Vec<&str> = Vec::new();
    let mut end = digits.len();
    while end > 3 {
        groups.push(&digits[end - 3..end]);
        end -= 3;
    }
    groups.push(&digits[..end]);
    groups.reverse();
    groups.join(sep)
}

fn real_text() -> impl Strategy<Value = String> {
    prop::sample::select(&REAL_TEXTS[..]).prop_map(|text| text.clone())
}

proptest! {
    #[test]
    fn what_support_needs_comes_through_unchanged(
        front in real_text(),
        item in kept(),
        back in real_text(),
        place in 0..3_u8,
    ) {
        let text = match place {
            0 => item,
            1 => format!("{front}: {item}"),
            _ => format!("{item}: {back}"),
        };
        prop_assert_eq!(redact(&text), text);
    }

    #[test]
    fn ordinary_writing_in_one_conversation_is_saved_as_typed(
        turns in prop::collection::vec(real_text(), 1..5),
    ) {
        let mut session = Session::new(Arc::clone(&KNOWLEDGE));
        for turn in &turns {
            session.handle(turn, &nothing);
        }
        let transcript = session.transcript();
        prop_assert!(!transcript.contains("removed]"), "{}", transcript);
    }
}
