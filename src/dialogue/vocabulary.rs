//! The words the engine understands: commands and everyday answers, in one place for translation.
//!
//! The words are data, `data/dialogue-words.txt`, one `[section]` per list. Every phrase is
//! written normalized (lowercase, apostrophes removed, single spaces), the form
//! `input::normalize` gives what the user typed.

use std::sync::LazyLock;

use crate::wordlists::DIALOGUE_WORDS;

/// One list of the dialogue's words: a section of [`DIALOGUE_WORDS`].
pub type Words = LazyLock<&'static [&'static str]>;

/// The list of `section` (a test checks that every list is there and not empty).
fn list(section: &str) -> &'static [&'static str] {
    DIALOGUE_WORDS.get(section).map_or(&[], Vec::as_slice)
}

/// "back": undo the last answer.
pub static BACK: Words = LazyLock::new(|| list("back"));

/// "start over": forget this conversation's answers and begin again.
pub static RESTART: Words = LazyLock::new(|| list("restart"));

pub static HELP: Words = LazyLock::new(|| list("help"));

/// "source": what the guide says behind the current answer.
pub static SOURCE: Words = LazyLock::new(|| list("source"));

/// "talk to support": hand off to live support now.
pub static SUPPORT: Words = LazyLock::new(|| list("support"));

/// The triage menu: the tree's root question.
pub static MENU: Words = LazyLock::new(|| list("menu"));

/// Quitting is matched exactly: a typo must never end the conversation.
pub static QUIT: Words = LazyLock::new(|| list("quit"));

/// Whole answers that mean yes, with the commonest typos.
pub static YES: Words = LazyLock::new(|| list("yes"));

/// Whole answers that mean no, with the commonest typos.
pub static NO: Words = LazyLock::new(|| list("no"));

/// Whether `normalized` is a whole yes or no and nothing else.
pub fn is_bare_answer(normalized: &str) -> bool {
    YES.contains(&normalized) || NO.contains(&normalized)
}

/// First words that carry a yes on their own ("yes it is", "sure, done").
pub static YES_LEAD: Words = LazyLock::new(|| list("yes-lead"));
/// First words that carry a no on their own ("nope, not yet").
pub static NO_LEAD: Words = LazyLock::new(|| list("no-lead"));

/// Words that turn an answer around: "not allowed" answers no, though "allowed" is a yes.
pub static NEGATIONS: Words = LazyLock::new(|| list("negations"));

/// Phrases meaning "I don't know": they pick an "unsure" choice, or a choice offering "not sure".
pub static UNSURE: Words = LazyLock::new(|| list("unsure"));

/// The label fragment that marks a choice as the one for people who are unsure.
pub const UNSURE_LABEL: &str = "not sure";

/// Phrases meaning the steps did not help (contained anywhere in a short answer).
pub static DIDNT_WORK: Words = LazyLock::new(|| list("didnt-work"));

/// Phrases meaning the steps helped.
pub static WORKED: Words = LazyLock::new(|| list("worked"));

/// Phrases meaning "I already did that": yes to "have you done X?", no to "did this solve it?".
pub static ALREADY_DONE: Words = LazyLock::new(|| list("already-done"));

/// Words that join one problem to another: after a yes or no they open a new problem ("yes,
/// but now ..."), and in a description they separate two.
pub static CONNECTIVES: Words = LazyLock::new(|| list("connectives"));

/// Openings that correct what the problem is ("actually it's ...", "no, it's ...").
pub static CORRECTION: Words = LazyLock::new(|| list("correction"));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_is_read() {
        let lists: [&Words; 18] = [
            &BACK,
            &RESTART,
            &HELP,
            &SOURCE,
            &SUPPORT,
            &MENU,
            &QUIT,
            &YES,
            &NO,
            &YES_LEAD,
            &NO_LEAD,
            &NEGATIONS,
            &UNSURE,
            &DIDNT_WORK,
            &WORKED,
            &ALREADY_DONE,
            &CONNECTIVES,
            &CORRECTION,
        ];
        assert!(lists.iter().all(|words| !words.is_empty()));
        assert_eq!(DIALOGUE_WORDS.len(), lists.len(), "a section no list reads");
        assert!(QUIT.contains(&"quit") && YES.contains(&"是的"));
    }
}
