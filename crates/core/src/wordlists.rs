//! The word lists idhelp reads as data: `data/*.txt`, built into the binary. Each file has one
//! entry per line; blank lines and lines starting with `#` (the file's description and
//! licence) are skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

/// English function words and small talk that the search drops (`data/stop-words.txt`).
pub static STOP_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../../../data/stop-words.txt")).collect());

/// CJK characters that are grammar rather than meaning (`data/cjk-grammar-chars.txt`).
pub static CJK_GRAMMAR_CHARS: LazyLock<BTreeSet<char>> = LazyLock::new(|| {
    entries(include_str!("../../../data/cjk-grammar-chars.txt"))
        .filter_map(|line| line.chars().next())
        .collect()
});

/// CJK words that are small talk or grammar (`data/cjk-filler-words.txt`).
pub static CJK_FILLER_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../../../data/cjk-filler-words.txt")).collect());

/// Everyday English words that say nothing about a topic, for the retrieval's weighting
/// (`data/filler-words.txt`).
pub static FILLER_WORDS: LazyLock<BTreeSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../../../data/filler-words.txt")).collect());

/// Words that may negate the next one into its negative form (`data/negations.txt`).
pub static NEGATIONS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../../../data/negations.txt")).collect());

/// The prefixes of English negative forms (`data/negative-prefixes.txt`).
pub static NEGATIVE_PREFIXES: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../../../data/negative-prefixes.txt")).collect());

/// The narrative people wrap a problem in, which the model learns to ignore
/// (`data/small-talk.txt`).
pub static SMALL_TALK: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../../../data/small-talk.txt")).collect());

/// Words that state a figure, which `kb check` holds to the cited passages
/// (`data/figures.txt`).
pub static FIGURE_WORDS: LazyLock<BTreeSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../../../data/figures.txt")).collect());

/// The words and phrases that make a statement a rule, a promise or a frequency, which
/// `kb check` holds to the cited passages (`data/certainty-words.txt`), with their other
/// forms: "can't" is "cannot".
pub static CERTAINTY_WORDS: LazyLock<WordsAndForms> =
    LazyLock::new(|| words_and_forms(include_str!("../../../data/certainty-words.txt")));

/// The words and phrases that state policy, which a text citing nothing may not use
/// (`data/policy-words.txt`), with their other forms.
pub static POLICY_WORDS: LazyLock<WordsAndForms> =
    LazyLock::new(|| words_and_forms(include_str!("../../../data/policy-words.txt")));

/// A list of words and phrases, and its `form = word` lines: another way to write a word
/// of the list, read as that word.
pub struct WordsAndForms {
    pub words: Vec<&'static str>,
    pub forms: Vec<(&'static str, &'static str)>,
}

fn words_and_forms(text: &'static str) -> WordsAndForms {
    WordsAndForms {
        words: entries(text).filter(|line| !line.contains('=')).collect(),
        forms: entries(text)
            .filter_map(|line| line.split_once('='))
            .map(|(form, word)| (form.trim(), word.trim()))
            .collect(),
    }
}

/// Words that say a description is about verification without naming a problem
/// (`data/vague-words.txt`).
pub static VAGUE_WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| entries(include_str!("../../../data/vague-words.txt")).collect());

/// The dialogue's words, by `[section]` (`data/dialogue-words.txt`).
pub static DIALOGUE_WORDS: LazyLock<BTreeMap<&'static str, Vec<&'static str>>> =
    LazyLock::new(|| sections(include_str!("../../../data/dialogue-words.txt")));

/// The BIP-39 English word list, which recovery phrases are made of (`data/bip39-english.txt`,
/// MIT-licensed, from the bitcoin/bips repository).
pub static BIP39_ENGLISH: LazyLock<BTreeSet<&'static str>> =
    LazyLock::new(|| entries(include_str!("../../../data/bip39-english.txt")).collect());

/// The redactor's words, by `[section]`: what introduces an error code, currencies, and what
/// introduces an email address (`data/redaction-words.txt`).
pub static REDACTION_WORDS: LazyLock<BTreeMap<&'static str, Vec<&'static str>>> =
    LazyLock::new(|| sections(include_str!("../../../data/redaction-words.txt")));

/// The languages the chat recognises to say that its help is in English, with the notice in
/// each (`data/language-notice.toml`, read by `dialogue::language`).
pub const LANGUAGE_NOTICE: &str = include_str!("../../../data/language-notice.toml");

/// The lists of a file of `[section]` lines, each followed by its entries.
fn sections(text: &'static str) -> BTreeMap<&'static str, Vec<&'static str>> {
    let mut lists: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut current = None;
    for line in entries(text) {
        match line
            .strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
        {
            Some(name) => current = Some(lists.entry(name).or_default()),
            None => {
                if let Some(list) = current.as_deref_mut() {
                    list.push(line);
                }
            }
        }
    }
    lists
}

/// The entries of a word list file.
fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_read_without_their_comments() {
        assert!(STOP_WORDS.contains(&"the") && !STOP_WORDS.contains(&"not"));
        assert!(
            STOP_WORDS
                .iter()
                .all(|w| !w.starts_with('#') && !w.is_empty())
        );
        assert!(CJK_GRAMMAR_CHARS.contains(&'的'));
        assert!(CJK_FILLER_WORDS.contains(&"怎么办"));
        assert!(SMALL_TALK.contains(&"please help"));
        assert!(FIGURE_WORDS.contains(&"three"));
        assert!(
            CERTAINTY_WORDS.words.contains(&"at most") && !CERTAINTY_WORDS.words.contains(&"can't")
        );
        assert!(CERTAINTY_WORDS.forms.contains(&("can't", "cannot")));
        assert!(
            POLICY_WORDS.words.contains(&"must")
                && POLICY_WORDS.forms.contains(&("required", "requires"))
        );
        assert!(FILLER_WORDS.contains("asap") && NEGATIONS.contains(&"not"));
        assert!(NEGATIVE_PREFIXES.contains(&"un"));
        assert_eq!(BIP39_ENGLISH.len(), 2048);
        assert!(BIP39_ENGLISH.contains("abandon") && BIP39_ENGLISH.contains("zoo"));
        assert!(REDACTION_WORDS["code"].contains(&"error code"));
    }

    #[test]
    fn sections_gather_the_lines_under_them() {
        let lists = sections("# head\nstray\n[one]\na\nb c\n\n# note\n[two]\nd\n[one]\ne\n");
        assert_eq!(lists["one"], ["a", "b c", "e"]);
        assert_eq!(lists["two"], ["d"]);
        assert_eq!(lists.len(), 2, "a line before any section belongs to none");
    }

    #[test]
    fn every_grammar_char_line_is_one_character() {
        let lines: Vec<&str> =
            entries(include_str!("../../../data/cjk-grammar-chars.txt")).collect();
        assert!(
            lines.iter().all(|line| line.chars().count() == 1),
            "{lines:?}"
        );
        assert_eq!(lines.len(), CJK_GRAMMAR_CHARS.len());
    }
}
