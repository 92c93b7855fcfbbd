//! Lists of words and phrases found in a text as a person reads it: whole words,
//! case-insensitive, curly apostrophes as straight ones, a phrase as a sequence of words, and
//! other forms of a word ("can't") read as the word ("cannot").

use std::sync::LazyLock;

use crate::wordlists::{self, WordsAndForms};

/// The words that make a statement a rule, a promise or a frequency
/// (`data/certainty-words.txt`): a cited statement uses none its passages don't.
pub static CERTAINTY: LazyLock<PhraseList> =
    LazyLock::new(|| PhraseList::new(&wordlists::CERTAINTY_WORDS));

/// The words that state policy (`data/policy-words.txt`): a text that cites nothing uses
/// none.
pub static POLICY: LazyLock<PhraseList> =
    LazyLock::new(|| PhraseList::new(&wordlists::POLICY_WORDS));

/// Words and phrases, and the other forms of them, as word sequences, longest first.
pub struct PhraseList {
    phrases: Vec<Vec<String>>,
    forms: Vec<(Vec<String>, Vec<String>)>,
}

impl PhraseList {
    fn new(list: &WordsAndForms) -> Self {
        let mut phrases: Vec<Vec<String>> = list
            .words
            .iter()
            .map(|phrase| word_tokens(phrase))
            .collect();
        phrases.sort_by_key(|phrase| std::cmp::Reverse(phrase.len()));
        let mut forms: Vec<(Vec<String>, Vec<String>)> = list
            .forms
            .iter()
            .map(|(form, word)| (word_tokens(form), word_tokens(word)))
            .collect();
        forms.sort_by_key(|(form, _)| std::cmp::Reverse(form.len()));
        Self { phrases, forms }
    }

    /// The list's words and phrases `text` uses, each once, in order: at each word the
    /// longest phrase that starts there ("at most" is not also "most").
    pub fn find(&self, text: &str) -> Vec<String> {
        let words = self.spelled_out(&word_tokens(text));
        let mut found: Vec<String> = Vec::new();
        let mut at = 0;
        while at < words.len() {
            let Some(phrase) = self
                .phrases
                .iter()
                .find(|phrase| words[at..].starts_with(phrase))
            else {
                at += 1;
                continue;
            };
            let phrase_text = phrase.join(" ");
            if !found.contains(&phrase_text) {
                found.push(phrase_text);
            }
            at += phrase.len();
        }
        found
    }

    /// `words` with every other form of a listed word replaced by the word, the longest
    /// form first.
    fn spelled_out(&self, words: &[String]) -> Vec<String> {
        let mut out = Vec::with_capacity(words.len());
        let mut at = 0;
        while at < words.len() {
            if let Some((form, word)) = self
                .forms
                .iter()
                .find(|(form, _)| words[at..].starts_with(form))
            {
                out.extend(word.iter().cloned());
                at += form.len();
            } else {
                out.push(words[at].clone());
                at += 1;
            }
        }
        out
    }
}

/// The words of `text`, lowercased, with their apostrophes (curly ones made straight), so
/// that "can't" is one word.
fn word_tokens(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(
            ['\u{2018}', '\u{2019}', '\u{201B}', '\u{02BC}', '\u{2032}'],
            "'",
        )
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .map(|word| word.trim_matches('\''))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_longer_phrase_or_a_negation_is_a_word_of_its_own() {
        assert_eq!(
            CERTAINTY.find("Most cases take at most a day."),
            ["most", "at most"]
        );
        assert_eq!(CERTAINTY.find("Photos won't upload."), ["will not"]);
        assert_eq!(CERTAINTY.find("You MUSTN’T share it."), ["must not"]);
    }

    #[test]
    fn policy_words_are_found_in_their_other_forms() {
        assert_eq!(
            POLICY.find("A signature is required; passports without one are never accepted."),
            ["requires", "never", "accepted"]
        );
        assert_eq!(
            POLICY.find("Does your passport have a signature?"),
            Vec::<String>::new()
        );
    }
}
