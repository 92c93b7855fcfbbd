//! Masks what people type that must not be saved: ID numbers, contact details, wallet addresses
//! and recovery phrases, each replaced by a label saying what was removed. What support needs
//! and only looks like a number to mask (dates, times, amounts, error codes) stays as written.
//! A recovery phrase sent in parts is masked across the messages of a conversation
//! ([`redact_next`]).

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::phrases;
use crate::wordlists::{BIP39_ENGLISH, REDACTION_WORDS};

/// Recovery phrases are 12 to 24 words of the BIP-39 list. Ordinary writing has shorter runs
/// of them: at most 7 in the 1,097 real texts of `knowledge/tests` (docs/testing.md).
const PHRASE_MIN_WORDS: usize = 12;
/// Between two words of a phrase: whitespace and at most this many other characters, the
/// numbering ("12.", "- 3)"), a hyphen, a comma or a full stop. A date, a longer number or
/// any other word in between ends a run.
const PHRASE_GAP_MARKS: usize = 4;
/// A message between two other parts of a phrase sent in parts holds this many words of the
/// list at least ("start over" between two sentences is not part of a phrase).
const PHRASE_PART_MIN_WORDS: usize = 3;

/// Letters and digits mixed, like passport and ID numbers ("X1234567"); three digits at least, so
/// "iphone15" or "covid19" stay.
const ID_MIN_LEN: usize = 6;
const ID_MIN_DIGITS: usize = 3;
/// Digit runs this long are account, ID or phone numbers; "18" and "24 hours" stay.
const NUMBER_MIN_LEN: usize = 6;
/// Phone numbers have 7 to 15 digits (E.164 allows 15).
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 7..=15;
/// Base58 addresses (Bitcoin legacy, Tron, Solana) are 25 to 44 characters.
const BASE58_LEN: std::ops::RangeInclusive<usize> = 25..=44;
/// A base58 address this long may have no digit at all (one Tron address in 250 has none),
/// and a word or name of mixed case this long without `0OIl` is not ordinary writing;
/// shorter ones must hold a digit.
const BASE58_LETTERS_ONLY_LEN: usize = 30;

/// The labels this module writes; a label ends a run of phrase words.
const LABELS: [&str; 6] = [
    phrases::REDACTED_PHRASE,
    phrases::REDACTED_ID,
    phrases::REDACTED_NUMBER,
    phrases::REDACTED_EMAIL,
    phrases::REDACTED_PHONE,
    phrases::REDACTED_WALLET,
];

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}")
        .expect("valid email pattern")
});

/// An address written out: "jo.doe at gmail dot com", "jo doe [at] gmail [dot] com". Groups:
/// 1 the word before the name, which may be part of it ("jo doe"); 2 the name; 3 "at"; 4 the
/// domain.
static SPELLED_EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"[\p{L}\p{N}_%+-]+";
    let label = r"[\p{L}\p{N}-]+";
    let at = r"(?:\s*[\[({<]\s*(?i:at)\s*[\])}>]\s*|\s+(?i:at)\s+|\s*@\s*)";
    let dot = r"(?:\s*[\[({<]\s*(?i:dot)\s*[\])}>]\s*|\s+(?i:dot)\s+|\.)";
    Regex::new(&format!(
        r"(?:\b({word})\s+)?\b({word}(?:{dot}{word})*)({at})({label}(?:{dot}{label})*{dot}\p{{L}}{{2,}})\b"
    ))
    .expect("valid spelled email pattern")
});

/// Digits with the separators phone numbers are written with.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\+?\(?\d[\d ().-]{5,}\d").expect("valid phone pattern"));

/// ID numbers written in groups of capitals and digits: "QQ 12 34 56 C" (UK National
/// Insurance), "DE89 3704 0044 0532 0130 00" (IBAN), "AB-12-34-56-D". Lowercase letters are
/// words ("on 12 03 2024"), so the letters are capitals; and the groups have a shape a
/// sentence's numbers rarely do: letters joined to digits, two-digit pairs, or a closing
/// letter.
static GROUPED_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:[A-Z]{1,3}\d{1,2}(?:[ -]\d{2,4}){2,}",
        r"|[A-Z]{1,3}(?:[ -]\d{2}){3,}(?:[ -][A-Z]{1,2})?",
        r"|[A-Z]{1,3}(?:[ -]\d{2,4}){2,}[ -][A-Z]{1,2})\b"
    ))
    .expect("valid grouped id pattern")
});

/// Grouped IDs hold this many digits at least (a National Insurance number has six).
const GROUPED_ID_MIN_DIGITS: usize = 6;

static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9]+").expect("valid token pattern"));

/// Letters, the words of a phrase.
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\p{L}+").expect("valid word pattern"));

/// Dates and times, alone or together: "2024-01-15 10:30", "15.01.2024 18:45",
/// "on 12 03 2024", "2024-01-15T10:30:00Z", "9:05 pm".
static DATE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    let (day, month) = (r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])");
    let (year, short_year) = (r"(?:19|20)\d{2}", r"(?:(?:19|20)\d{2}|\d{2})");
    let date = format!(
        "(?:{year}[-./]{month}[-./]{day}|(?:{day}[-./]{month}|{month}[-./]{day})[-./]{short_year}\
         |(?:{day} {month}|{month} {day}) {year}|{year} {month} {day})"
    );
    let time = r"\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}|\s?(?i:am|pm)\b)?";
    Regex::new(&format!(
        r"\b(?:{date}(?:(?:T|\s+|,\s*|\s+(?i:at)\s+){time})?|{time})\b"
    ))
    .expect("valid date pattern")
});

/// A number beside a currency: "1 000 000 IDR", "$1,500.00", "IDR 1.000.000", "2500000 IDR".
static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    let words = &REDACTION_WORDS["currency"];
    let alternatives = |symbols: bool| {
        let mut list: Vec<String> = words
            .iter()
            .filter(|word| word.chars().any(char::is_alphabetic) != symbols)
            .map(|word| regex::escape(word))
            .collect();
        list.sort_by_key(|word| std::cmp::Reverse(word.len()));
        list.join("|")
    };
    let (names, symbols) = (alternatives(false), alternatives(true));
    let number = r"\d{1,3}(?:[ ,.\u{a0}\u{202f}']\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?";
    Regex::new(&format!(
        r"(?i)(?:\b(?:{names})\s?|(?:{symbols})\s?)(?:{number})|\b(?:{number})\s?(?:(?:{names})\b|{symbols})"
    ))
    .expect("valid amount pattern")
});

/// A number grouped in thousands with commas ("1,000,000") or with a decimal point
/// ("0.04051222"): an amount, not a phone number.
static AMOUNT_WITHOUT_CURRENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)\b").expect("valid amount pattern")
});

/// A code introduced as one: "error code 500012", "code: 50001", "Error 0x80070005".
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    let mut leads: Vec<String> = REDACTION_WORDS["code"]
        .iter()
        .map(|lead| regex::escape(lead).replace(' ', r"\s+"))
        .collect();
    leads.sort_by_key(|lead| std::cmp::Reverse(lead.len()));
    Regex::new(&format!(
        r"(?i)\b(?:{})\s*[:#=]?\s*(?:0x[0-9a-f]{{1,16}}|\d{{1,10}}|[a-z]{{1,5}}-\d{{1,8}})\b",
        leads.join("|")
    ))
    .expect("valid code pattern")
});

/// `text` with every sensitive-looking part replaced by a label.
pub fn redact(text: &str) -> String {
    let text = mask_phrases(text);
    let text = mask_emails(&text);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for kept in kept_spans(&text) {
        out.push_str(&mask_numbers(&text[copied..kept.start]));
        out.push_str(&text[kept.clone()]);
        copied = kept.end;
    }
    out.push_str(&mask_numbers(&text[copied..]));
    out
}

/// Redacts `text`, the newest message of a conversation, and masks in `earlier` (the user's
/// previous messages, already redacted, newest first) the words of a recovery phrase that
/// `text` completes. Returns the redacted text and whether anything was masked, in `text`
/// or before it.
pub(super) fn redact_next<'a>(
    text: &str,
    earlier: impl IntoIterator<Item = &'a mut String>,
) -> (String, bool) {
    let mut redacted = redact(text);
    let mut masked = redacted != text;
    let Some(head) = phrase_runs(&redacted)
        .into_iter()
        .next()
        .filter(|run| run.leads)
    else {
        return (redacted, masked);
    };
    // The runs that may be one phrase: this message's first, then each earlier message's
    // last, through messages that are nothing but words of the list.
    let mut words = head.words;
    let mut whole_phrase = head.words >= PHRASE_MIN_WORDS;
    let mut parts = Vec::new();
    for message in earlier {
        let Some(tail) = phrase_runs(message).pop().filter(|run| run.ends) else {
            break;
        };
        words += tail.words;
        whole_phrase |= tail.words >= PHRASE_MIN_WORDS;
        let bridges = tail.leads && tail.words >= PHRASE_PART_MIN_WORDS;
        parts.push((message, tail));
        if !bridges {
            break;
        }
    }
    if words < PHRASE_MIN_WORDS || parts.is_empty() {
        return (redacted, masked);
    }
    // Beside a phrase masked already, only messages of nothing but list words are its rest:
    // "please help" sent after a phrase is, "I need help" sent before one is not.
    let belongs = |run: &Run| !whole_phrase || run.leads && run.ends;
    for (message, tail) in parts {
        if belongs(&tail) {
            let before = message.clone();
            message.replace_range(tail.range, phrases::REDACTED_PHRASE);
            masked |= *message != before;
        }
    }
    if belongs(&head) {
        redacted.replace_range(head.range, phrases::REDACTED_PHRASE);
        masked |= redacted != text;
    }
    (redacted, masked)
}

/// Masks ID, account and phone numbers and wallet addresses in text that holds nothing to
/// keep.
fn mask_numbers(text: &str) -> String {
    let text = GROUPED_ID.replace_all(text, |caps: &Captures<'_>| {
        let found = &caps[0];
        if found.bytes().filter(u8::is_ascii_digit).count() >= GROUPED_ID_MIN_DIGITS {
            phrases::REDACTED_ID.to_owned()
        } else {
            found.to_owned()
        }
    });
    let text = PHONE.replace_all(&text, |caps: &Captures<'_>| {
        let found = &caps[0];
        let start = caps.get(0).map_or(0, |whole| whole.start());
        let digits = found.chars().filter(char::is_ascii_digit).count();
        let separated = found.starts_with('+') || found.contains([' ', '(', ')', '-', '.']);
        if !separated || is_glued_to_word(&text[..start]) {
            found.to_owned()
        } else if PHONE_DIGITS.contains(&digits) {
            phrases::REDACTED_PHONE.to_owned()
        } else if digits > *PHONE_DIGITS.end() {
            // Too long for a phone: an ID or account number written in groups.
            phrases::REDACTED_NUMBER.to_owned()
        } else {
            found.to_owned()
        }
    });
    TOKEN
        .replace_all(&text, |caps: &Captures<'_>| {
            classify_token(&caps[0]).unwrap_or(&caps[0]).to_owned()
        })
        .into_owned()
}

/// True when what comes after `before` is glued to a word by `-` or `_`: part of a name
/// ("guacamole-13.0-20221129"), not a phone number.
fn is_glued_to_word(before: &str) -> bool {
    before
        .strip_suffix(['-', '_'])
        .is_some_and(|rest| rest.ends_with(|c: char| c.is_alphabetic()))
}

/// Where `text` holds what support needs as written: dates, times, amounts and error codes,
/// in order and apart.
fn kept_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = DATE_TIME
        .find_iter(text)
        .chain(AMOUNT.find_iter(text))
        .chain(AMOUNT_WITHOUT_CURRENCY.find_iter(text))
        .chain(CODE.find_iter(text))
        .map(|found| found.range())
        .filter(|span| stands_apart(text, span))
        .collect();
    spans.sort_by_key(|span| span.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// True unless the span is part of something longer: "555.123" of "555.123.4567",
/// "12 03 2024" of "+1 12 03 2024 55", "12-03-56" of "AB-12-03-56-D".
fn stands_apart(text: &str, span: &Range<usize>) -> bool {
    let found = &text[span.clone()];
    let is_digit = |c: char| c.is_ascii_digit();
    // A span whose first digits are apart by a space may continue across a space too.
    let separators = |spaced: bool| -> &'static [char] {
        if spaced {
            &['-', '.', '/', ',', ' ']
        } else {
            &['-', '.', '/', ',']
        }
    };
    // Digits past a separator continue a number; letters past a mark glue it into a name.
    let continues = |next: Option<char>, beyond: Option<char>, spaced: bool| match next {
        Some(c) if c.is_ascii_digit() => true,
        Some(c) if separators(spaced).contains(&c) => beyond
            .is_some_and(|b| b.is_ascii_digit() || b == '+' || c != ' ' && b.is_alphanumeric()),
        _ => false,
    };
    let mut before = text[..span.start].chars().rev();
    let mut after = text[span.end..].chars();
    let continues_before = found.starts_with(is_digit)
        && continues(
            before.next(),
            before.next(),
            found.trim_start_matches(is_digit).starts_with(' '),
        );
    let continues_after = found.ends_with(is_digit)
        && continues(
            after.next(),
            after.next(),
            found.trim_end_matches(is_digit).ends_with(' '),
        );
    !continues_before && !continues_after
}

/// The label for one run of letters and digits, if it must be masked.
fn classify_token(token: &str) -> Option<&'static str> {
    let len = token.len();
    let digits = token.bytes().filter(u8::is_ascii_digit).count();
    let letters = len - digits;
    if is_wallet(token, digits) {
        Some(phrases::REDACTED_WALLET)
    } else if is_compact_date(token) || is_number_and_word(token) {
        None
    } else if letters == 0 && len >= NUMBER_MIN_LEN {
        Some(phrases::REDACTED_NUMBER)
    } else if letters > 0 && len >= ID_MIN_LEN && digits >= ID_MIN_DIGITS {
        Some(phrases::REDACTED_ID)
    } else {
        None
    }
}

/// "20221129": a date, as build and file names write it.
fn is_compact_date(token: &str) -> bool {
    let number = |range: Range<usize>| token.get(range).and_then(|part| part.parse::<u32>().ok());
    token.len() == 8
        && token.bytes().all(|b| b.is_ascii_digit())
        && number(0..4).is_some_and(|year| (1900..2100).contains(&year))
        && number(4..6).is_some_and(|month| (1..=12).contains(&month))
        && number(6..8).is_some_and(|day| (1..=31).contains(&day))
}

/// A number with a lowercase word written onto it ("250usd", "12306app"): ID numbers do not
/// end in a word.
fn is_number_and_word(token: &str) -> bool {
    let word = token.trim_start_matches(|c: char| c.is_ascii_digit());
    word.len() >= 2 && word.len() < token.len() && word.bytes().all(|b| b.is_ascii_lowercase())
}

fn is_wallet(token: &str, digits: usize) -> bool {
    let lower = token.to_ascii_lowercase();
    let ethereum = lower.len() >= 42
        && lower.starts_with("0x")
        && lower[2..].bytes().all(|b| b.is_ascii_hexdigit());
    let bech32 = (14..=74).contains(&lower.len())
        && (lower.starts_with("bc1") || lower.starts_with("tb1"))
        && (token == lower || token == token.to_ascii_uppercase())
        && lower[3..].bytes().all(|b| {
            (b.is_ascii_digit() && b != b'1') || (b.is_ascii_lowercase() && !b"bio".contains(&b))
        });
    let base58 = BASE58_LEN.contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() && !b"0OIl".contains(&b))
        && (digits > 0 || token.len() >= BASE58_LETTERS_ONLY_LEN)
        && token.bytes().any(|b| b.is_ascii_uppercase())
        && token.bytes().any(|b| b.is_ascii_lowercase());
    ethereum || bech32 || base58
}

/// Masks plain, Unicode and spelled-out email addresses.
fn mask_emails(text: &str) -> String {
    let text = EMAIL.replace_all(text, phrases::REDACTED_EMAIL);
    SPELLED_EMAIL
        .replace_all(&text, |caps: &Captures<'_>| {
            let found = &caps[0];
            let (Some(name), Some(at), Some(domain)) = (caps.get(2), caps.get(3), caps.get(4))
            else {
                return found.to_owned();
            };
            let spelled_dot =
                |part: &str| part.contains(|c: char| c.is_whitespace() || "[({<".contains(c));
            let spelled_at = !at.as_str().contains('@');
            let bracketed = at.as_str().contains(['[', '(', '{', '<']);
            // "in at okx.com" is a sentence; "jo.doe at gmail.com" is an address.
            let looks_like_name = name.as_str().contains(['.', '_', '+'])
                || name.as_str().chars().any(|c| c.is_ascii_digit());
            let address = bracketed
                || !spelled_at
                || spelled_dot(domain.as_str())
                || spelled_dot(name.as_str())
                || looks_like_name;
            if !address {
                return found.to_owned();
            }
            // The word before the name is part of it ("jo doe") unless it introduces it.
            let kept = match (caps.get(0), caps.get(1)) {
                (Some(whole), Some(first)) if is_email_lead_in(first.as_str()) => {
                    name.start() - whole.start()
                }
                _ => 0,
            };
            format!("{}{}", &found[..kept], phrases::REDACTED_EMAIL)
        })
        .into_owned()
}

fn is_email_lead_in(word: &str) -> bool {
    let word = word.to_lowercase();
    REDACTION_WORDS["email-lead-in"].contains(&word.as_str())
}

/// A run of recovery-phrase words in a text.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    range: Range<usize>,
    /// Words of the list; a phrase label counts as a whole phrase.
    words: usize,
    /// No word comes before the run, nor after it.
    leads: bool,
    ends: bool,
}

/// The runs of BIP-39 words in `text`, in any case, in order. The labels of other masks end
/// a run; the phrase label is a phrase already, so a run holding one is masked again whole.
fn phrase_runs(text: &str) -> Vec<Run> {
    let mut labels = label_spans(text);
    labels.sort_by_key(|(range, _)| range.start);
    // (range, words of the list: None for any other word or label)
    let mut items: Vec<(Range<usize>, Option<usize>)> = Vec::new();
    let mut next_label = labels.iter().peekable();
    for word in WORD.find_iter(text) {
        while let Some((range, label)) =
            next_label.next_if(|(range, _)| range.start <= word.start())
        {
            let words = (*label == phrases::REDACTED_PHRASE).then_some(PHRASE_MIN_WORDS);
            items.push((range.clone(), words));
        }
        if items
            .last()
            .is_some_and(|(range, _)| range.contains(&word.start()))
        {
            continue;
        }
        let listed = BIP39_ENGLISH.contains(word.as_str().to_lowercase().as_str());
        items.push((word.range(), listed.then_some(1)));
    }
    for (range, label) in next_label {
        let words = (*label == phrases::REDACTED_PHRASE).then_some(PHRASE_MIN_WORDS);
        items.push((range.clone(), words));
    }
    let mut runs: Vec<Run> = Vec::new();
    let mut previous: Option<Range<usize>> = None;
    for (index, (range, words)) in items.iter().enumerate() {
        let Some(words) = *words else {
            previous = None;
            continue;
        };
        let joins = previous
            .as_ref()
            .is_some_and(|prev| is_word_gap(&text[prev.end..range.start]));
        match runs.last_mut() {
            Some(run) if joins => {
                run.range.end = range.end;
                run.words += words;
                run.ends = index + 1 == items.len();
            }
            _ => runs.push(Run {
                range: range.clone(),
                words,
                leads: index == 0,
                ends: index + 1 == items.len(),
            }),
        }
        previous = Some(range.clone());
    }
    runs
}

/// Where the labels of this module stand in `text`, with the label.
fn label_spans(text: &str) -> Vec<(Range<usize>, &'static str)> {
    LABELS
        .iter()
        .flat_map(|&label| {
            text.match_indices(label)
                .map(move |(start, _)| (start..start + label.len(), label))
        })
        .collect()
}

/// Masks runs of recovery-phrase words long enough to be one.
fn mask_phrases(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for run in phrase_runs(text) {
        if run.words >= PHRASE_MIN_WORDS {
            out.push_str(&text[copied..run.range.start]);
            out.push_str(phrases::REDACTED_PHRASE);
            copied = run.range.end;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Words of a phrase are apart by whitespace and a few marks at most: "1. abandon 2. ability",
/// "abandon-ability", "abandon, ability".
fn is_word_gap(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().filter(|c| !c.is_whitespace()).count() <= PHRASE_GAP_MARKS
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_12: &str =
        "abandon ability able about above absent absorb abstract absurd abuse access accident";

    #[test]
    fn masks_each_kind_with_its_label() {
        let cases = [
            (
                "my passport is X1234567",
                "my passport is [id number removed]",
            ),
            ("id 110101199003077777 fails", "id [number removed] fails"),
            ("身份证号11010119900307777X", "身份证号[id number removed]"),
            (
                "mail me at jo.doe+kyc@example.co.uk",
                "mail me at [email removed]",
            ),
            (
                "call +1 (555) 123-4567 now",
                "call [phone number removed] now",
            ),
            (
                "my number is 138 0013 8000",
                "my number is [phone number removed]",
            ),
            (
                "sent to 0x52908400098527886E0F7030069857D2E4169EE7 yesterday",
                "sent to [wallet address removed] yesterday",
            ),
            (
                "btc bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                "btc [wallet address removed]",
            ),
            (
                "legacy 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 here",
                "legacy [wallet address removed] here",
            ),
            (
                "tron TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW",
                "tron [wallet address removed]",
            ),
            (
                "tron TaaPmaPPJPAJaPPAAPAmAaPPAamJJaaamm without a digit",
                "tron [wallet address removed] without a digit",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(redact(input), expected, "{input}");
        }
    }

    #[test]
    fn masks_recovery_phrases_of_every_length() {
        let words: Vec<&str> = SEED_12.split(' ').collect();
        for count in [12, 15, 18, 21, 24] {
            let phrase: Vec<&str> = words.iter().cycle().take(count).copied().collect();
            let text = format!("my words: {}. Is that ok?", phrase.join(" "));
            assert_eq!(
                redact(&text),
                "my words: [recovery phrase removed]. Is that ok?",
                "{count}"
            );
        }
        let commas = SEED_12.replace(' ', ", ");
        assert_eq!(redact(&commas), "[recovery phrase removed]");
        let lines = SEED_12.replace(' ', "\n");
        assert_eq!(redact(&lines), "[recovery phrase removed]");
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        let untouched = [
            "I am 18 and waited 24 hours",
            "it failed 3 times since 2024-01-15",
            "on 15/01/2024 at 10:30",
            "iphone15 with android14, web3 wallet, covid19",
            "abandon ability able about above absent absorb abstract absurd abuse access",
            "the app keeps crashing when i open the camera and then nothing happens again",
            "my camera is black and the video check is stuck again, what do i do now",
            "face scan says information mismatch",
            "相机打不开 😭 help",
            "Step 1. Open Settings > Apps > OKX.",
            "phone 12345",
            "",
        ];
        for text in untouched {
            assert_eq!(redact(text), text, "{text}");
        }
    }

    #[test]
    fn masks_several_things_in_one_text() {
        let text = format!("{SEED_12} and a@b.io and P9876543");
        assert_eq!(
            redact(&text),
            "[recovery phrase removed] and [email removed] and [id number removed]"
        );
    }

    /// The user's messages of a conversation, each recorded as `Transcript` records them.
    fn conversation(messages: &[&str]) -> (Vec<String>, Vec<bool>) {
        let mut kept: Vec<String> = Vec::new();
        let mut warned = Vec::new();
        for message in messages {
            let (text, masked) = redact_next(message, kept.iter_mut().rev());
            kept.push(text);
            warned.push(masked);
        }
        (kept, warned)
    }

    #[test]
    fn a_phrase_in_parts_is_masked_in_every_part() {
        let (kept, warned) = conversation(&[
            "hi",
            "my words: abandon ability able about above",
            "absent absorb abstract",
            "absurd abuse access accident",
        ]);
        assert_eq!(
            kept,
            [
                "hi",
                "my words: [recovery phrase removed]",
                "[recovery phrase removed]",
                "[recovery phrase removed]"
            ]
        );
        assert_eq!(warned, [false, false, false, true]);
    }

    #[test]
    fn beside_a_masked_phrase_only_messages_of_list_words_are_taken() {
        let (kept, _) = conversation(&["I need help", SEED_12, "please help", "can you help me"]);
        assert_eq!(
            kept,
            [
                "I need help",
                "[recovery phrase removed]",
                "[recovery phrase removed]",
                "can you help me"
            ]
        );
        let (kept, _) = conversation(&["abandon ability", SEED_12]);
        assert_eq!(kept, ["[recovery phrase removed]"; 2]);
    }

    #[test]
    fn short_messages_do_not_bridge_two_sentences() {
        // Seven, two and five words of the list: fourteen, if "start over" joined them.
        let texts = [
            "FaceRecognition failed. Reason: Face Already Exist. Please try again",
            "start over",
            "please solve this problem now",
        ];
        let (kept, warned) = conversation(&texts);
        assert_eq!(kept, texts);
        assert_eq!(warned, [false; 3]);
    }

    #[test]
    fn labels_end_a_run_and_redacting_twice_changes_nothing() {
        let text = "abandon ability able about above absent absorb abstract absurd abuse \
                    mail a@b.io access accident";
        let once = redact(text);
        assert_eq!(once, text.replace("a@b.io", "[email removed]"));
        assert_eq!(redact(&once), once);
    }

    #[test]
    fn survives_hostile_text() {
        let huge = "1a ".repeat(300_000);
        assert_eq!(redact(&huge), huge);
        let digits = "9".repeat(100_000);
        assert_eq!(redact(&digits), phrases::REDACTED_NUMBER);
        assert_eq!(redact("\u{0}\u{1b}"), "\u{0}\u{1b}");
        let labels = "[email removed] ".repeat(50_000);
        assert_eq!(redact(&labels), labels);
        let words = "abandon ".repeat(100_000);
        assert_eq!(redact(&words), phrases::REDACTED_PHRASE.to_owned() + " ");
    }
}
