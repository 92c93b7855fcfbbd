//! Masks what people type that must not be saved: ID numbers, contact details, wallet addresses
//! and recovery phrases. Each is replaced by a label saying what was removed.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::phrases;

/// Recovery phrases are 12 to 24 words, each 3 to 8 lowercase letters (the BIP-39 lists).
const PHRASE_MIN_WORDS: usize = 12;
const PHRASE_WORD_LEN: std::ops::RangeInclusive<usize> = 3..=8;

/// Common words that are not in the BIP-39 English list: a run containing one is ordinary
/// writing ("the app keeps ..."), not a recovery phrase. Checked against the list.
const NOT_PHRASE_WORDS: &[&str] = &[
    "and", "app", "are", "been", "but", "cannot", "cant", "could", "did", "didnt", "does",
    "doesnt", "dont", "fail", "failed", "fails", "for", "from", "get", "got", "had", "has", "her",
    "him", "how", "isnt", "its", "kyc", "okx", "our", "photos", "says", "she", "should", "some",
    "than", "the", "them", "tried", "upload", "verified", "was", "were", "which", "who", "why",
    "with", "wont", "would", "your",
];

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

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
        .expect("valid email pattern")
});

/// Digits with the separators phone numbers are written with; dates are told apart afterwards.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\+?\(?\d[\d ().-]{5,}\d").expect("valid phone pattern"));

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$")
        .expect("valid date pattern")
});

static TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9]+").expect("valid token pattern"));

/// `text` with every sensitive-looking part replaced by a label.
pub fn redact(text: &str) -> String {
    let text = mask_phrases(text);
    let text = EMAIL.replace_all(&text, phrases::REDACTED_EMAIL);
    let text = PHONE.replace_all(&text, |caps: &Captures<'_>| {
        let found = &caps[0];
        let digits = found.chars().filter(char::is_ascii_digit).count();
        let separated = found.starts_with('+') || found.contains([' ', '(', ')', '-', '.']);
        if !separated || DATE.is_match(found) {
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

/// The label for one run of letters and digits, if it must be masked.
fn classify_token(token: &str) -> Option<&'static str> {
    let len = token.len();
    let digits = token.bytes().filter(u8::is_ascii_digit).count();
    let letters = len - digits;
    if is_wallet(token, digits) {
        Some(phrases::REDACTED_WALLET)
    } else if letters == 0 && len >= NUMBER_MIN_LEN {
        Some(phrases::REDACTED_NUMBER)
    } else if letters > 0 && len >= ID_MIN_LEN && digits >= ID_MIN_DIGITS {
        Some(phrases::REDACTED_ID)
    } else {
        None
    }
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

/// Masks runs of at least twelve words that could be a recovery phrase.
fn mask_phrases(text: &str) -> String {
    let mut runs: Vec<(usize, usize, usize)> = Vec::new(); // start, end, words
    let mut current: Option<(usize, usize, usize)> = None;
    for token in TOKEN.find_iter(text) {
        if !is_phrase_word(token.as_str()) {
            runs.extend(current.take());
            continue;
        }
        current = match current {
            Some((start, end, words)) if is_word_gap(&text[end..token.start()]) => {
                Some((start, token.end(), words + 1))
            }
            previous => {
                runs.extend(previous);
                Some((token.start(), token.end(), 1))
            }
        };
    }
    runs.extend(current);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (start, end, _) in runs.into_iter().filter(|run| run.2 >= PHRASE_MIN_WORDS) {
        out.push_str(&text[copied..start]);
        out.push_str(phrases::REDACTED_PHRASE);
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Words of a phrase are separated by spaces, newlines or commas, nothing else.
fn is_word_gap(gap: &str) -> bool {
    !gap.is_empty() && gap.chars().all(|c| c.is_whitespace() || c == ',')
}

fn is_phrase_word(word: &str) -> bool {
    PHRASE_WORD_LEN.contains(&word.len())
        && word.bytes().all(|b| b.is_ascii_lowercase())
        && !NOT_PHRASE_WORDS.contains(&word)
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

    #[test]
    fn survives_hostile_text() {
        let huge = "1a ".repeat(300_000);
        assert_eq!(redact(&huge), huge);
        let digits = "9".repeat(100_000);
        assert_eq!(redact(&digits), phrases::REDACTED_NUMBER);
        assert_eq!(redact("\u{0}\u{1b}"), "\u{0}\u{1b}");
    }
}
