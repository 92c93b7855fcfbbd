//! Facts the person stated in their own words ("im 17", "i already updated the app"), found
//! with the pack's patterns (`knowledge/facts/<language>.toml`), and the choice they take at a
//! question of the tree (its `when`).

use std::collections::BTreeMap;

use super::input::normalize;
use crate::knowledge::{Choice, FactBook, FactLanguage, Saying, Test};
use crate::text::is_cjk;

/// Where a number fact's pattern has the number.
const PLACEHOLDER: &str = "{n}";

/// How many words before a match a negation cancels it ("i havent updated the app").
const NEGATION_WORDS: usize = 2;

/// How many characters of a CJK run before a match a negation cancels it ("我没有更新").
const NEGATION_CJK_CHARS: usize = 3;

/// Longest run of digits read as a number: longer ones are no age or count of months.
const MAX_DIGITS: usize = 3;

/// One fact as it was said.
#[derive(Debug, Clone, PartialEq)]
pub struct Heard {
    /// A number fact's value; `None` for a flag.
    pub value: Option<f64>,
    /// The words that said it, normalized.
    pub evidence: String,
}

/// The facts gathered from a conversation, by fact id; a later statement replaces an earlier.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts(BTreeMap<String, Heard>);

impl Facts {
    /// The facts `text` states.
    pub fn hear(text: &str, book: &FactBook) -> Self {
        let text = normalize(text);
        let mut found: BTreeMap<String, (usize, Heard)> = BTreeMap::new();
        if text.is_empty() {
            return Self::default();
        }
        let negations: Vec<&str> = crate::wordlists::NEGATIONS
            .iter()
            .copied()
            .chain(
                book.languages
                    .iter()
                    .flat_map(|l| l.negations.iter().map(String::as_str)),
            )
            .collect();
        for language in &book.languages {
            let numbers = number_starts(&text, language);
            for saying in &language.sayings {
                let found_here = last_match(&text, saying, language, &numbers, &negations);
                let Some((start, heard)) = found_here else {
                    continue;
                };
                // The last statement of a fact in the message is the one that stands.
                let later = found
                    .get(&saying.fact)
                    .is_none_or(|(earlier, _)| start >= *earlier);
                if later {
                    found.insert(saying.fact.clone(), (start, heard));
                }
            }
        }
        Self(
            found
                .into_iter()
                .map(|(fact, (_, heard))| (fact, heard))
                .collect(),
        )
    }

    pub fn get(&self, fact: &str) -> Option<&Heard> {
        self.0.get(fact)
    }

    /// Adds `newer`, which replaces what it states again.
    pub fn merge(&mut self, newer: &Facts) {
        for (fact, heard) in &newer.0 {
            self.0.insert(fact.clone(), heard.clone());
        }
    }

    /// The one choice these facts take, with the words that said so; `None` when they take
    /// none, or more than one.
    pub fn choice(&self, choices: &[Choice]) -> Option<(usize, &str)> {
        let mut taken = choices.iter().enumerate().filter_map(|(index, choice)| {
            choice
                .when
                .iter()
                .find_map(|condition| {
                    let heard = self.get(&condition.fact)?;
                    let holds = match condition.test {
                        Test::Stated => true,
                        Test::Compare(comparison, bound) => heard
                            .value
                            .is_some_and(|value| comparison.holds(value, bound)),
                    };
                    holds.then_some(heard.evidence.as_str())
                })
                .map(|evidence| (index, evidence))
        });
        let first = taken.next()?;
        taken.next().is_none().then_some(first)
    }
}

/// The last place in `text` where `saying` matches and no negation comes shortly before it:
/// where it starts, and what it states. Patterns are written as messages are matched,
/// lowercase and without punctuation (`kb check` holds them to it), so they are used as they
/// are.
fn last_match(
    text: &str,
    saying: &Saying,
    language: &FactLanguage,
    number_starts: &[usize],
    negations: &[&str],
) -> Option<(usize, Heard)> {
    let pieces: Vec<&str> = saying.pattern.split(PLACEHOLDER).map(str::trim).collect();
    let (first, rest) = pieces.split_first()?;
    let starts: Vec<usize> = if first.is_empty() {
        number_starts.to_vec()
    } else {
        text.match_indices(first).map(|(at, _)| at).collect()
    };
    starts.into_iter().rev().find_map(|start| {
        let (end, number) = match_at(text, start, first, rest, language)?;
        let whole = at_boundary(text, start) && at_boundary(text, end);
        if !whole || negated(&text[..start], negations) {
            return None;
        }
        let value = match (saying.value, number) {
            (Some(value), _) => Some(value),
            (None, Some(number)) => Some(number * saying.scale),
            (None, None) => None,
        };
        let heard = Heard {
            value,
            evidence: text[start..end].to_owned(),
        };
        Some((start, heard))
    })
}

/// Matches `first`, then a number before each of `rest`, from `start`: where the match ends,
/// and the last number read.
fn match_at(
    text: &str,
    start: usize,
    first: &str,
    rest: &[&str],
    language: &FactLanguage,
) -> Option<(usize, Option<f64>)> {
    let mut at = start;
    at += text[at..].starts_with(first).then_some(first.len())?;
    let mut number = None;
    for piece in rest {
        at = skip_space(text, at);
        let (value, length) = number_at(&text[at..], language)?;
        number = Some(value);
        at += length;
        if !piece.is_empty() {
            at = skip_space(text, at);
            at += text[at..].starts_with(piece).then_some(piece.len())?;
        }
    }
    Some((at, number))
}

fn skip_space(text: &str, at: usize) -> usize {
    if text[at..].starts_with(' ') {
        at + 1
    } else {
        at
    }
}

/// The number `text` starts with (digits, or a number word of the language), and its length.
fn number_at(text: &str, language: &FactLanguage) -> Option<(f64, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        return (digits <= MAX_DIGITS)
            .then(|| {
                text[..digits]
                    .parse()
                    .ok()
                    .map(|n: u32| (f64::from(n), digits))
            })
            .flatten();
    }
    language.numbers.iter().find_map(|(word, value)| {
        (text.starts_with(word.as_str()) && at_boundary(text, word.len()))
            .then_some((*value, word.len()))
    })
}

/// Where a number of the language starts in `text`, which is where a pattern that begins
/// with its number may match: not inside a word, nor inside a number ("七" of "十七").
fn number_starts(text: &str, language: &FactLanguage) -> Vec<usize> {
    text.char_indices()
        .map(|(at, _)| at)
        .filter(|&at| {
            let before = &text[..at];
            at_boundary(text, at)
                && !before
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit())
                && number_at(&text[at..], language).is_some()
                && !language
                    .numbers
                    .iter()
                    .any(|(word, _)| before.ends_with(word.as_str()))
        })
        .collect()
}

/// True unless `at` falls inside a word of a script that separates its words by spaces.
fn at_boundary(text: &str, at: usize) -> bool {
    let before = text[..at].chars().next_back();
    let after = text[at..].chars().next();
    !(before.is_some_and(is_spaced_word_char) && after.is_some_and(is_spaced_word_char))
}

fn is_spaced_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Whether a negation stands shortly before the end of `before`.
fn negated(before: &str, negations: &[&str]) -> bool {
    before
        .split_whitespace()
        .rev()
        .take(NEGATION_WORDS)
        .enumerate()
        .any(|(index, word)| {
            if word.chars().any(is_cjk) {
                // Only the characters right before the match belong to it.
                if index > 0 {
                    return false;
                }
                let count = word.chars().count();
                let tail: String = word
                    .chars()
                    .skip(count.saturating_sub(NEGATION_CJK_CHARS))
                    .collect();
                negations
                    .iter()
                    .any(|n| n.chars().any(is_cjk) && tail.contains(n))
            } else {
                negations.contains(&word)
            }
        })
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::*;
    use crate::knowledge::{Knowledge, Sources, check};

    static SHIPPED: LazyLock<Knowledge> = LazyLock::new(|| {
        check(&Sources::builtin())
            .knowledge
            .expect("the shipped pack loads")
    });

    fn heard(text: &str) -> Facts {
        Facts::hear(text, &SHIPPED.facts)
    }

    fn number(text: &str, fact: &str) -> Option<f64> {
        heard(text).get(fact).and_then(|h| h.value)
    }

    fn flag(text: &str, fact: &str) -> bool {
        heard(text).get(fact).is_some()
    }

    #[test]
    fn ages_in_digits_and_words() {
        assert_eq!(number("im 17 can i still verify?", "age"), Some(17.0));
        assert_eq!(number("I'm seventeen", "age"), Some(17.0));
        assert_eq!(number("i am 16 years old", "age"), Some(16.0));
        assert_eq!(number("tengo dieciséis años", "age"), Some(16.0));
        assert_eq!(number("我十七岁，不能认证吗", "age"), Some(17.0));
        assert_eq!(number("我17岁", "age"), Some(17.0));
        assert_eq!(number("j'ai 17 ans", "age"), Some(17.0));
        // Part of a longer number, or of a word, is no age.
        assert_eq!(number("im 1700 km away", "age"), None);
        assert_eq!(number("im 17cm tall", "age"), None);
        assert_eq!(number("aim 17", "age"), None);
    }

    #[test]
    fn document_ages_in_months_from_any_unit() {
        let months = |text| number(text, "document-age-months");
        assert_eq!(
            months("my bank statement from 4 months ago was rejected"),
            Some(4.0)
        );
        assert_eq!(months("the bill is from five months ago"), Some(5.0));
        assert_eq!(months("its from last year"), Some(12.0));
        assert_eq!(months("it's 2 weeks old"), Some(0.5));
        assert_eq!(months("extracto bancario de hace 4 meses"), Some(4.0));
        assert_eq!(months("水电费账单是5个月前的"), Some(5.0));
        assert_eq!(months("my bill was rejected"), None);
    }

    #[test]
    fn flags_of_what_was_tried_and_seen() {
        assert!(flag(
            "i already updated the app but the photos still won't upload",
            "tried-update"
        ));
        assert!(flag("ya actualicé la app", "tried-update"));
        assert!(flag("我已经更新了应用", "tried-update"));
        assert!(flag("it says Information Mismatch", "saw-mismatch"));
        assert!(flag("my passport was rejected", "doc-passport"));
        assert!(flag("my driving licence is expired", "expired-id"));
        assert!(flag(
            "I allowed the camera in settings",
            "tried-camera-permission"
        ));
        assert!(!flag("the photos won't upload", "tried-update"));
    }

    #[test]
    fn a_negation_shortly_before_cancels_a_statement() {
        assert!(!flag("i havent updated the app yet", "tried-update"));
        assert!(!flag("no he actualizado la app", "tried-update"));
        assert!(!flag("我没有更新应用", "tried-update"));
        assert!(!flag("my id is not expired", "expired-id"));
        // Farther away, it negates something else.
        assert!(flag(
            "cant verify no matter what, i updated the app",
            "tried-update"
        ));
    }

    #[test]
    fn the_last_statement_stands_and_merging_replaces() {
        assert_eq!(number("im 17, sorry, im 18", "age"), Some(18.0));
        let mut facts = heard("im 17");
        facts.merge(&heard("i updated the app"));
        facts.merge(&heard("actually im 19"));
        assert_eq!(facts.get("age").and_then(|h| h.value), Some(19.0));
        assert_eq!(facts.get("age").map(|h| h.evidence.as_str()), Some("im 19"));
        assert!(facts.get("tried-update").is_some());
    }

    #[test]
    fn facts_take_a_choice_only_when_exactly_one_fits() {
        let node = |id: &str| SHIPPED.tree.node(id).expect("node").choices();
        let age = node("underage-age");
        assert_eq!(
            heard("im 17").choice(age).map(|(i, _)| age[i].key.as_str()),
            Some("no")
        );
        assert_eq!(
            heard("i am 18")
                .choice(age)
                .map(|(i, _)| age[i].key.as_str()),
            Some("yes")
        );
        assert_eq!(heard("help").choice(age), None);
        let kind = node("invalid-doc");
        assert_eq!(
            heard("my passport and my id card").choice(kind),
            None,
            "two choices fit: neither is taken"
        );
    }
}
