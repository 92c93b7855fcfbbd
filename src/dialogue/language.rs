//! The notice that the help is in English, in the language a message is written in: the
//! languages, their notices and how to recognise them are data (`data/language-notice.toml`).

use std::ops::RangeInclusive;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::wordlists::{LANGUAGE_NOTICE, STOP_WORDS};

/// One language of `data/language-notice.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Language {
    code: String,
    #[serde(rename = "name")]
    _name: String,
    notice: String,
    #[serde(default)]
    script: Vec<String>,
    /// `script` read once, as code point ranges (a range that does not read is left out).
    #[serde(skip)]
    ranges: Vec<RangeInclusive<u32>>,
    #[serde(default = "one")]
    weight: usize,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    letters: String,
}

fn one() -> usize {
    1
}

#[derive(Debug, Deserialize)]
struct Notices {
    language: Vec<Language>,
}

/// The languages, in the file's order; none if the built-in file does not parse (a test
/// holds it to parsing).
static LANGUAGES: LazyLock<Vec<Language>> = LazyLock::new(|| {
    let mut languages =
        toml::from_str::<Notices>(LANGUAGE_NOTICE).map_or_else(|_| Vec::new(), |n| n.language);
    for language in &mut languages {
        language.ranges = language
            .script
            .iter()
            .filter_map(|r| code_points(r))
            .collect();
    }
    languages
});

/// A script range as written in the file, `0400-04FF`.
fn code_points(range: &str) -> Option<RangeInclusive<u32>> {
    let (first, last) = range.split_once('-')?;
    Some(u32::from_str_radix(first, 16).ok()?..=u32::from_str_radix(last, 16).ok()?)
}

/// A Latin-script message is in a language when at least this share of its words is.
const MIN_SHARE_PERCENT: usize = 25;
/// ...and at least this many of its words are.
const MIN_WORDS: usize = 2;

/// The notice for a message written in one of the file's languages, with the language's
/// code; `None` for English, and for English with a stray foreign word or name.
pub fn notice(text: &str) -> Option<(&'static str, &'static str)> {
    let language = by_script(text).or_else(|| by_words(text))?;
    Some((language.code.as_str(), language.notice.as_str()))
}

fn in_script(language: &Language, c: char) -> bool {
    language
        .ranges
        .iter()
        .any(|range| range.contains(&u32::from(c)))
}

/// The script language whose letters, weighted, outnumber the message's other letters.
fn by_script(text: &str) -> Option<&'static Language> {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    LANGUAGES
        .iter()
        .filter(|language| !language.script.is_empty())
        .find(|language| {
            let inside = letters.iter().filter(|&&c| in_script(language, c)).count();
            inside > 0 && inside * language.weight > letters.len() - inside
        })
}

/// The Latin-script language most of whose function words (or telling letters) the message
/// uses, when they outnumber its English function words.
fn by_words(text: &str) -> Option<&'static Language> {
    let lowered = text.to_lowercase().replace('’', "'");
    let words: Vec<&str> = lowered
        .split(|c: char| !(c.is_alphabetic() || c == '\''))
        .map(|word| word.trim_matches('\''))
        .filter(|word| !word.is_empty())
        .collect();
    let english = words.iter().filter(|w| STOP_WORDS.contains(w)).count();
    let mut best: Option<(&Language, usize)> = None;
    for language in LANGUAGES.iter().filter(|l| !l.words.is_empty()) {
        let listed = |word: &str| {
            language.words.iter().any(|w| w == word)
                || word.split_once('\'').is_some_and(|(head, _)| {
                    language.words.iter().any(|w| *w == format!("{head}'"))
                })
        };
        // Each word is looked up once: a listed word counts as named and as a hit.
        let (mut named, mut hits) = (0, 0);
        for word in &words {
            if listed(word) {
                named += 1;
                hits += 1;
            } else if word.chars().any(|c| language.letters.contains(c)) {
                hits += 1;
            }
        }
        let fits = named >= 1
            && hits >= MIN_WORDS
            && hits > english
            && hits * 100 >= words.len() * MIN_SHARE_PERCENT;
        if fits && best.is_none_or(|(_, most)| hits > most) {
            best = Some((language, hits));
        }
    }
    best.map(|(language, _)| language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_names_the_ten_languages() {
        let codes: Vec<&str> = LANGUAGES.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(
            codes,
            ["zh", "ru", "ar", "hi", "vi", "tr", "es", "pt", "fr", "id"]
        );
        assert!(LANGUAGES.iter().all(|l| !l.notice.is_empty()));
        assert!(
            LANGUAGES
                .iter()
                .all(|l| l.script.iter().all(|r| r.split_once('-').is_some()))
        );
    }

    #[test]
    fn english_with_a_name_or_a_stray_word_is_english() {
        for text in [
            "my photos won't upload",
            "My name is Nguyễn Văn Đức and the face scan fails",
            "I live in São Paulo and my proof of address was rejected",
            "I am 王小明 and my ID was rejected",
            "I've tried everything, the app says no",
            "the foto upload fails, pero I don't know why",
            "I sent my passport to okx.com support",
        ] {
            assert_eq!(notice(text), None, "{text}");
        }
    }

    #[test]
    fn each_language_is_recognised() {
        for (text, code) in [
            ("身份认证失败了怎么办", "zh"),
            ("Не могу пройти верификацию", "ru"),
            ("لا أستطيع التحقق من هويتي", "ar"),
            ("मेरा सत्यापन विफल हो गया", "hi"),
            ("Tôi không thể xác minh tài khoản", "vi"),
            ("Kimlik doğrulama olmuyor, ne yapmalıyım?", "tr"),
            ("No puedo subir mi foto", "es"),
            ("Não consigo enviar a minha foto", "pt"),
            ("Je n'arrive pas à vérifier mon compte", "fr"),
            ("Saya tidak bisa verifikasi akun", "id"),
        ] {
            assert_eq!(notice(text).map(|(c, _)| c), Some(code), "{text}");
        }
    }
}
