//! Which offered choice an answer means: by number, key or label, by everyday words ("yep",
//! "didn't work"), by the choice's extra answer words, or fuzzily (nucleo, Unicode-aware).

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::input::{is_slip, normalize, number};
use super::vocabulary;
use crate::text::is_cjk;

/// Answers longer than this many words are read as descriptions, never guessed as a choice,
/// unless they answer one of the tree's questions starting with yes or no ("yes, I checked
/// the settings and everything is on").
pub const MAX_ANSWER_WORDS: usize = 6;

/// A fuzzy match must score at least this much per typed character (nucleo gives 16 for a
/// matched character plus bonuses, minus gap penalties), so a word with most of its letters
/// missing or far apart doesn't count.
const MIN_SCORE_PER_CHAR: u32 = 12;

/// What a one-slip typo of a label word scores per character: about what nucleo gives a clean
/// fuzzy match. An exact word scores twice as much.
const SLIP_SCORE_PER_CHAR: u32 = 16;

/// Words shorter than this ("my", "is", "id") may be missing from a label without harm.
const MIN_WORD_CHARS: usize = 3;

/// The best fuzzy match must beat the runner-up by this much, in percent, to be taken.
const FUZZY_LEAD_PERCENT: u32 = 120;

/// A choice as the matcher sees it.
#[derive(Debug, Clone)]
pub(super) struct Offer {
    pub key: String,
    pub label: String,
    /// Extra words that pick it.
    pub answers: Vec<String>,
}

/// What the answer was found to mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    /// The index of the choice.
    Choice(usize),
    /// A number, but not one on offer; holds how many choices there are.
    OutOfRange(usize),
    None,
}

/// How far to read an answer: the more free text is expected, the less is guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// Only a number, key or label: a description is expected here.
    Strict,
    /// Also a plain yes or no ("yep", "nope"), where a new description is as likely as an
    /// answer ("anything else?").
    Polar,
    /// Also answers that start with yes or no, "not sure", a choice's answer words and fuzzy
    /// labels: for the engine's own questions (is it this problem? which one?).
    Choice,
    /// Everything, including "didn't work", "it worked" and "I already did that": for the
    /// tree's questions. `after_steps` is true for "did this solve it?", where "I already did
    /// that" means no rather than yes.
    Answer { after_steps: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Polarity {
    Yes,
    No,
}

pub(super) fn fit(text: &str, offers: &[Offer], reading: Reading) -> Fit {
    let text = normalize(text);
    if offers.is_empty() || text.is_empty() {
        return Fit::None;
    }
    let guessing = matches!(reading, Reading::Choice | Reading::Answer { .. });
    if let Some(n) = number(&text) {
        if (1..=offers.len()).contains(&n) {
            return Fit::Choice(n - 1);
        }
        // A number can also be an answer word ("18" for "I'm under 18").
        let word = if guessing {
            by_answer_words(&text, offers)
        } else {
            None
        };
        return word.map_or(Fit::OutOfRange(offers.len()), Fit::Choice);
    }
    if let Some(i) = offers
        .iter()
        .position(|o| normalize(&o.key) == text || normalize(&o.label) == text)
    {
        return Fit::Choice(i);
    }
    if reading == Reading::Strict {
        return Fit::None;
    }
    if is_long(&text) {
        return match reading {
            Reading::Answer { .. } | Reading::Choice => {
                lead_word(&text, offers).map_or(Fit::None, Fit::Choice)
            }
            Reading::Polar | Reading::Strict => Fit::None,
        };
    }
    let found = everyday(&text, offers, reading);
    let found = if guessing {
        found
            .or_else(|| by_answer_words(&text, offers))
            .or_else(|| fuzzy(&text, offers))
    } else {
        found
    };
    found.map_or(Fit::None, Fit::Choice)
}

/// Whether `normalized` is too long to be only an answer: it may say more.
pub(super) fn is_long(normalized: &str) -> bool {
    normalized.split(' ').count() > MAX_ANSWER_WORDS
}

/// Whether `normalized` opens with a yes ("yes that's it, I already updated the app").
pub(super) fn opens_with_yes(normalized: &str) -> bool {
    lead_polarity(normalized.split(' ').next().unwrap_or_default()) == Some(Polarity::Yes)
}

/// What an answer says beyond the choice, read from its first words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum More {
    /// "yes, but now X", "no, and X": the choice the answer picks, then another problem.
    Also { choice: usize, rest: String },
    /// "actually it's X", "no, it's X": X instead of the problem at hand.
    Instead { rest: String },
}

/// The longest yes or no an answer that says more opens with, in words ("yes thats it").
const MAX_LEAD_WORDS: usize = 3;

/// Reads an answer that goes on after the choice (`normalized` text): a correction, or a yes
/// or no followed by a connective and more words. `None` for anything else, the short
/// answers included.
pub(super) fn more(normalized: &str, offers: &[Offer]) -> Option<More> {
    let words: Vec<&str> = normalized.split(' ').collect();
    let correction = vocabulary::CORRECTION
        .iter()
        .filter_map(|phrase| after_phrase(&words, phrase).map(|rest| (phrase.len(), rest)))
        .max_by_key(|(len, _)| *len);
    if let Some((_, rest)) = correction {
        return Some(More::Instead { rest });
    }
    (1..=MAX_LEAD_WORDS.min(words.len()))
        .rev()
        .find_map(|lead| {
            let polarity = lead_answer(&words[..lead])?;
            let rest = after_connective(&words[lead..])?;
            Some((polarity, rest))
        })
        .and_then(|(polarity, rest)| {
            let choice = polar_choice(polarity, offers)?;
            Some(More::Also { choice, rest })
        })
}

/// The words after `phrase`, when `words` open with it and go on.
fn after_phrase(words: &[&str], phrase: &str) -> Option<String> {
    let phrase: Vec<&str> = phrase.split(' ').collect();
    let (last, whole) = phrase.split_last()?;
    let n = whole.len();
    if words.len() <= n || words[..n] != *whole {
        return None;
    }
    let word = words[n];
    // A phrase of a script without spaces runs into the rest ("其实是相机").
    let tail = if word == *last {
        ""
    } else if last.chars().all(is_cjk) && word.len() > last.len() {
        word.strip_prefix(last)?
    } else {
        return None;
    };
    let rest: Vec<&str> = std::iter::once(tail)
        .chain(words[n + 1..].iter().copied())
        .filter(|w| !w.is_empty())
        .collect();
    (!rest.is_empty()).then(|| rest.join(" "))
}

/// The answer `lead` words give as a whole: a yes or no ("not really"), or a leading yes or
/// no followed by one ("yes thats it").
fn lead_answer(lead: &[&str]) -> Option<Polarity> {
    let whole = |words: &[&str]| {
        let joined = words.join(" ");
        if vocabulary::YES.contains(&joined.as_str()) {
            Some(Polarity::Yes)
        } else if vocabulary::NO.contains(&joined.as_str()) {
            Some(Polarity::No)
        } else {
            None
        }
    };
    whole(lead).or_else(|| {
        let (first, rest) = lead.split_first()?;
        let polarity = lead_polarity(first)?;
        (rest.is_empty() || whole(rest) == Some(polarity)).then_some(polarity)
    })
}

/// The words after the connectives `words` open with, when they open with one.
fn after_connective(words: &[&str]) -> Option<String> {
    let mut rest: Vec<&str> = words.to_vec();
    let mut joined = false;
    while let Some(first) = rest.first().copied() {
        if vocabulary::CONNECTIVES.contains(&first) {
            rest.remove(0);
        } else if let Some(tail) = vocabulary::CONNECTIVES
            .iter()
            .filter(|c| c.chars().all(is_cjk) && first.len() > c.len())
            .find_map(|c| first.strip_prefix(*c))
        {
            // A connective of a script without spaces runs into the rest ("但是现在说...").
            rest[0] = tail;
        } else {
            break;
        }
        joined = true;
    }
    (joined && !rest.is_empty()).then(|| rest.join(" "))
}

/// Everyday answers: yes and no in their many forms, "not sure", "didn't work", "already did".
fn everyday(text: &str, offers: &[Offer], reading: Reading) -> Option<usize> {
    let contains = |phrases: &[&str]| phrases.iter().any(|p| contains_words(text, p));
    let first = text.split(' ').next().unwrap_or_default();
    let polarity = if vocabulary::YES.contains(&text) {
        Polarity::Yes
    } else if vocabulary::NO.contains(&text) {
        Polarity::No
    } else if reading == Reading::Polar {
        return None;
    } else if contains(*vocabulary::UNSURE) {
        return unsure(offers);
    } else if let Reading::Answer { after_steps } = reading
        && let Some(polarity) = outcome_phrase(text, after_steps)
    {
        polarity
    } else {
        lead_polarity(first)?
    };
    polar_choice(polarity, offers)
}

fn lead_polarity(first_word: &str) -> Option<Polarity> {
    if vocabulary::YES_LEAD.contains(&first_word) {
        Some(Polarity::Yes)
    } else if vocabulary::NO_LEAD.contains(&first_word) {
        Some(Polarity::No)
    } else {
        None
    }
}

/// The choice an answer opening with yes or no picks.
fn lead_word(text: &str, offers: &[Offer]) -> Option<usize> {
    lead_polarity(text.split(' ').next().unwrap_or_default())
        .and_then(|polarity| polar_choice(polarity, offers))
}

fn polar_choice(polarity: Polarity, offers: &[Offer]) -> Option<usize> {
    let keys: &[&str] = match polarity {
        Polarity::Yes => &["yes"],
        Polarity::No => &["no", "none"],
    };
    keys.iter()
        .find_map(|key| offers.iter().position(|o| o.key == *key))
        .or_else(|| only_one(polarity, offers))
}

/// "Yes" to a list of one and "none of these" ("is it this one?"): that one.
fn only_one(polarity: Polarity, offers: &[Offer]) -> Option<usize> {
    let one = matches!(offers, [_, none] if none.key == "none");
    (polarity == Polarity::Yes && one).then_some(0)
}

/// Whether the steps worked, in the user's words.
fn outcome_phrase(text: &str, after_steps: bool) -> Option<Polarity> {
    let contains = |phrases: &[&str]| phrases.iter().any(|p| contains_words(text, p));
    if contains(*vocabulary::DIDNT_WORK) {
        Some(Polarity::No)
    } else if contains(*vocabulary::ALREADY_DONE) {
        Some(if after_steps {
            Polarity::No
        } else {
            Polarity::Yes
        })
    } else if contains(*vocabulary::WORKED) {
        Some(Polarity::Yes)
    } else {
        None
    }
}

fn unsure(offers: &[Offer]) -> Option<usize> {
    offers.iter().position(|o| o.key == "unsure").or_else(|| {
        offers
            .iter()
            .position(|o| normalize(&o.label).contains(vocabulary::UNSURE_LABEL))
    })
}

/// True when `phrase` occurs in `text` as whole words (or anywhere, for scripts without spaces).
fn contains_words(text: &str, phrase: &str) -> bool {
    if !phrase.is_ascii() {
        return text.contains(phrase);
    }
    let padded = format!(" {text} ");
    padded.contains(&format!(" {phrase} "))
}

/// A choice whose extra answer words (or key) the answer uses, typos forgiven, if only one has
/// the most hits. A negated answer ("not allowed", "isn't updated") counts the words of the
/// yes choice for the no choice.
fn by_answer_words(text: &str, offers: &[Offer]) -> Option<usize> {
    let words: Vec<&str> = text.split(' ').collect();
    let mut hits: Vec<u32> = offers
        .iter()
        .map(|offer| {
            let key = normalize(&offer.key);
            let extra = (!matches!(key.as_str(), "yes" | "no")).then_some(key);
            offer
                .answers
                .iter()
                .map(|answer| normalize(answer))
                .chain(extra)
                .filter(|answer| {
                    contains_words(text, answer)
                        || (!answer.contains(' ') && words.iter().any(|w| is_slip(w, answer)))
                })
                .map(|_| 1)
                .sum()
        })
        .collect();
    let negated = words.iter().any(|w| vocabulary::NEGATIONS.contains(w));
    let position = |key: &str| offers.iter().position(|o| o.key == key);
    if negated && let (Some(yes), Some(no)) = (position("yes"), position("no")) {
        hits[no] += std::mem::take(&mut hits[yes]);
    }
    unique_best(&hits, |best, second| best > second && best > 0)
}

/// The label that every word of the answer (of three letters or more) fits, each word
/// against one word of the label: exactly, as a typo, or fuzzily within that word ("adress",
/// "documets", "verif"). Matching word by word keeps letters scattered across a label
/// ("hlep" in "how long ... passport") from counting.
fn fuzzy(text: &str, offers: &[Offer]) -> Option<usize> {
    let words: Vec<&str> = text.split(' ').collect();
    if words
        .iter()
        .all(|word| word.chars().count() < MIN_WORD_CHARS)
    {
        return None;
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let scores: Vec<u32> = offers
        .iter()
        .map(|offer| {
            let label = normalize(&offer.label);
            let label_words: Vec<&str> = label.split(' ').collect();
            words
                .iter()
                .map(|word| {
                    let score = word_score(word, &label_words, &mut matcher);
                    // Short words ("my", "is") may be missing from a label; longer ones may not.
                    if score.is_none() && word.chars().count() < MIN_WORD_CHARS {
                        Some(0)
                    } else {
                        score
                    }
                })
                .sum::<Option<u32>>()
                .unwrap_or(0)
        })
        .collect();
    unique_best(&scores, |best, second| {
        best > 0 && u64::from(best) * 100 >= u64::from(second) * u64::from(FUZZY_LEAD_PERCENT)
    })
}

/// How well `word` fits the best of `label_words`, if it fits one.
fn word_score(word: &str, label_words: &[&str], matcher: &mut Matcher) -> Option<u32> {
    let len = u32::try_from(word.chars().count()).unwrap_or(u32::MAX);
    let exact = SLIP_SCORE_PER_CHAR.saturating_mul(len) * 2;
    if label_words.contains(&word) {
        return Some(exact);
    }
    if label_words.iter().any(|label| is_slip(word, label)) {
        return Some(SLIP_SCORE_PER_CHAR.saturating_mul(len));
    }
    let atom = Atom::new(
        word,
        CaseMatching::Ignore,
        Normalization::Smart,
        AtomKind::Fuzzy,
        false,
    );
    let mut buf = Vec::new();
    let chars = word.chars().count();
    label_words
        .iter()
        // The typed word must be at least half the label word, and a three-letter one must be
        // its start ("cam" for "camera"): shorter fragments fit too many words by chance.
        .filter(|label| chars * 2 >= label.chars().count())
        .filter(|label| chars > MIN_WORD_CHARS || label.starts_with(word))
        .filter_map(|label| atom.score(Utf32Str::new(label, &mut buf), matcher))
        .map(u32::from)
        .filter(|&score| score >= MIN_SCORE_PER_CHAR.saturating_mul(len))
        .max()
}

/// The index of the highest score, when `clear(best, runner_up)` holds.
fn unique_best(scores: &[u32], clear: impl Fn(u32, u32) -> bool) -> Option<usize> {
    let (best, &top) = scores
        .iter()
        .enumerate()
        .max_by_key(|&(i, s)| (s, std::cmp::Reverse(i)))?;
    let second = scores
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best)
        .map(|(_, &s)| s)
        .max()
        .unwrap_or(0);
    clear(top, second).then_some(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offers(choices: &[(&str, &str, &[&str])]) -> Vec<Offer> {
        choices
            .iter()
            .map(|&(key, label, answers)| Offer {
                key: key.to_owned(),
                label: label.to_owned(),
                answers: answers.iter().map(|&a| a.to_owned()).collect(),
            })
            .collect()
    }

    fn yes_no() -> Vec<Offer> {
        offers(&[
            ("yes", "Yes, the connection works", &[]),
            ("no", "No, or I'm not sure", &[]),
        ])
    }

    fn menu() -> Vec<Offer> {
        offers(&[
            ("upload", "My ID photos won't upload", &["photo", "pic"]),
            (
                "camera",
                "The camera won't open for video verification",
                &["cam"],
            ),
            ("passport", "A passport", &[]),
        ])
    }

    const ANSWER: Reading = Reading::Answer { after_steps: false };
    const AFTER_STEPS: Reading = Reading::Answer { after_steps: true };

    #[test]
    fn everyday_words_pick_yes_or_no() {
        let cases = [
            ("yes", 0),
            ("Yep!", 0),
            ("yeah sure", 0),
            ("ok", 0),
            ("it works", 0),
            ("I already did that", 0),
            ("no", 1),
            ("Nope.", 1),
            ("nah", 1),
            ("not really", 1),
            ("no idea", 1),
            ("I'm not sure", 1),
            ("didn't work", 1),
            ("不是", 1),
        ];
        for (text, index) in cases {
            assert_eq!(fit(text, &yes_no(), ANSWER), Fit::Choice(index), "{text}");
        }
    }

    #[test]
    fn after_steps_already_done_means_it_did_not_help() {
        assert_eq!(
            fit("already tried that", &yes_no(), AFTER_STEPS),
            Fit::Choice(1)
        );
        assert_eq!(
            fit("it worked, thanks", &yes_no(), AFTER_STEPS),
            Fit::Choice(0)
        );
        assert_eq!(
            fit("thanks but still not working", &yes_no(), AFTER_STEPS),
            Fit::Choice(1)
        );
    }

    #[test]
    fn unsure_prefers_an_unsure_choice() {
        let three = offers(&[
            ("yes", "Yes", &[]),
            ("no", "No", &[]),
            ("unsure", "I'm not sure", &[]),
        ]);
        assert_eq!(fit("dunno", &three, ANSWER), Fit::Choice(2));
        assert_eq!(fit("no idea", &three, ANSWER), Fit::Choice(2));
        assert_eq!(fit("no idea", &menu(), ANSWER), Fit::None);
    }

    #[test]
    fn numbers_keys_labels_answer_words_and_typos() {
        let cases = [
            ("1", Fit::Choice(0)),
            ("3)", Fit::Choice(2)),
            ("4", Fit::OutOfRange(3)),
            ("0", Fit::OutOfRange(3)),
            ("camera", Fit::Choice(1)),
            ("CAMERA", Fit::Choice(1)),
            ("A passport", Fit::Choice(2)),
            ("my pic", Fit::Choice(0)),
            ("cam", Fit::Choice(1)),
            ("pasport", Fit::Choice(2)),
            ("passprot", Fit::Choice(2)),
            ("photos wont upload", Fit::Choice(0)),
            ("vidoe verification", Fit::Choice(1)),
            ("the camera", Fit::Choice(1)),
        ];
        for (text, expected) in cases {
            assert_eq!(fit(text, &menu(), ANSWER), expected, "{text}");
        }
    }

    #[test]
    fn a_number_beyond_the_choices_can_be_an_answer_word() {
        let ages = offers(&[
            ("adult", "I'm an adult", &[]),
            ("age", "I'm under 18", &["18"]),
        ]);
        assert_eq!(fit("18", &ages, ANSWER), Fit::Choice(1));
        assert_eq!(fit("18", &ages, Reading::Strict), Fit::OutOfRange(2));
        assert_eq!(fit("17", &ages, ANSWER), Fit::OutOfRange(2));
    }

    #[test]
    fn negated_answer_words_count_for_no() {
        let offers = offers(&[
            ("yes", "Yes, both are allowed", &["allowed", "on"]),
            ("no", "No, or I'm not sure", &["denied"]),
        ]);
        let answer = Reading::Answer { after_steps: false };
        assert_eq!(fit("its allowed", &offers, answer), Fit::Choice(0));
        assert_eq!(fit("its not allowed", &offers, answer), Fit::Choice(1));
        assert_eq!(fit("they were denied", &offers, answer), Fit::Choice(1));
    }

    #[test]
    fn long_answers_count_only_when_they_open_with_yes_or_no() {
        let answer = Reading::Answer { after_steps: false };
        let long_yes = "yes i checked the settings and everything is on";
        assert_eq!(fit(long_yes, &yes_no(), answer), Fit::Choice(0));
        assert_eq!(
            fit(
                "nope i looked in the settings and it was never enabled",
                &yes_no(),
                answer
            ),
            Fit::Choice(1)
        );
        assert_eq!(
            fit(
                "my camera shows a black screen whenever i open the app",
                &yes_no(),
                answer
            ),
            Fit::None
        );
        assert_eq!(fit(long_yes, &yes_no(), Reading::Choice), Fit::Choice(0));
        assert_eq!(fit(long_yes, &yes_no(), Reading::Polar), Fit::None);
    }

    #[test]
    fn descriptions_and_noise_fit_no_choice() {
        for text in [
            "my camera is broken and the app crashes",
            "I want to withdraw my bitcoin to another exchange right now",
            "hlep",
            "exi",
            "zzz",
            "😭",
            "相机打不开",
            "",
        ] {
            assert_eq!(fit(text, &menu(), ANSWER), Fit::None, "{text}");
        }
        assert_eq!(fit("yes", &menu(), ANSWER), Fit::None);
    }

    #[test]
    fn ambiguous_answers_fit_no_choice() {
        let two = offers(&[
            ("a", "Open the camera", &["video"]),
            ("b", "Close the camera", &["video"]),
        ]);
        assert_eq!(fit("video", &two, ANSWER), Fit::None);
        assert_eq!(fit("camera", &two, ANSWER), Fit::None);
        assert_eq!(fit("open", &two, ANSWER), Fit::Choice(0));
    }

    #[test]
    fn where_descriptions_are_likely_only_plain_answers_count() {
        let polar = Reading::Polar;
        assert_eq!(fit("yep", &yes_no(), polar), Fit::Choice(0));
        assert_eq!(fit("nope", &yes_no(), polar), Fit::Choice(1));
        assert_eq!(fit("my camera is not working", &yes_no(), polar), Fit::None);
        assert_eq!(fit("no but the camera fails", &yes_no(), polar), Fit::None);
        assert_eq!(fit("connection", &yes_no(), polar), Fit::None);
        let choice = Reading::Choice;
        assert_eq!(
            fit("no but the camera fails", &yes_no(), choice),
            Fit::Choice(1)
        );
        assert_eq!(
            fit("my camera is not working", &yes_no(), choice),
            Fit::None
        );
        assert_eq!(fit("it worked", &yes_no(), choice), Fit::None);
        assert_eq!(fit("connection", &yes_no(), choice), Fit::Choice(0));
    }

    #[test]
    fn strict_reading_takes_only_numbers_keys_and_labels() {
        assert_eq!(fit("2", &menu(), Reading::Strict), Fit::Choice(1));
        assert_eq!(fit("passport", &menu(), Reading::Strict), Fit::Choice(2));
        assert_eq!(fit("pasport", &menu(), Reading::Strict), Fit::None);
        assert_eq!(fit("yes", &yes_no(), Reading::Strict), Fit::Choice(0));
        assert_eq!(fit("yep", &yes_no(), Reading::Strict), Fit::None);
    }

    #[test]
    fn answers_that_say_more_are_read_apart() {
        let also = |choice, rest: &str| {
            Some(More::Also {
                choice,
                rest: rest.to_owned(),
            })
        };
        let instead = |rest: &str| {
            Some(More::Instead {
                rest: rest.to_owned(),
            })
        };
        let cases = [
            (
                "yes but now my id is already used",
                also(0, "my id is already used"),
            ),
            ("yes thats it but also the camera", also(0, "the camera")),
            ("no and the camera fails", also(1, "the camera fails")),
            ("sí pero ahora la cámara falla", also(0, "la cámara falla")),
            ("是的 但是现在相机打不开", also(0, "相机打不开")),
            ("no its the camera", instead("the camera")),
            ("actually its the camera", instead("the camera")),
            ("其实是相机打不开", instead("相机打不开")),
            ("yes", None),
            ("no but", None),
            ("yes i checked everything", None),
            ("the camera and the upload", None),
        ];
        for (text, expected) in cases {
            assert_eq!(more(text, &yes_no()), expected, "{text}");
        }
        assert_eq!(more("yes but the camera", &menu()), None);
    }

    #[test]
    fn vocabulary_is_written_normalized() {
        for phrase in crate::wordlists::DIALOGUE_WORDS.values().flatten() {
            assert_eq!(&normalize(phrase), phrase);
        }
    }
}
