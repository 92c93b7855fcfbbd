//! Every sentence the engine says, in one place, ready for translation.
//!
//! None of them asks for an ID number, a document or a recovery phrase: the engine never needs
//! them, and the reminder sends people to live support for anything of the kind.

pub fn greeting(pack_name: &str) -> String {
    format!(
        "Hi! I'm the {pack_name} assistant. I can help you find out why your identity \
         verification failed and what to do next."
    )
}

pub const PRIVACY: &str = "Please don't type ID numbers, contact details, wallet addresses or \
     recovery phrases here: I don't need them.";

pub const DESCRIBE: &str = "What went wrong? Tell me in your own words.";

pub const DESCRIBE_AGAIN: &str = "Tell me in your own words what went wrong, or pick an option.";

pub const CHOICE_MENU: &str = "Show me a list of common problems";
pub const CHOICE_SUPPORT: &str = "Talk to live support";
pub const CHOICE_YES: &str = "Yes";
pub const CHOICE_NO: &str = "No";
pub const CHOICE_NONE: &str = "None of these";
pub const CHOICE_STAY: &str = "None of these: stay with my current question";
pub const CHOICE_SOLVED: &str = "Yes, it's solved";
pub const CHOICE_UNSOLVED: &str = "No, it still doesn't work";
pub const CHOICE_ANOTHER: &str = "Yes, something else";
pub const CHOICE_DONE: &str = "No, that's all";
pub const CHOICE_LOOK: &str = "Yes, let's look at it";
pub const CHOICE_NOT_NOW: &str = "No, not now";

pub fn no_match(support: &str) -> String {
    format!(
        "Sorry, I can't match that to a verification problem I know. Tell me in other words, \
         choose below what it is about, or talk to {support}."
    )
}

/// Out of scope, with the neighbouring topic named ("withdrawals").
pub fn elsewhere(topic: &str, support: &str) -> String {
    format!(
        "That sounds like a question about {topic}, which I don't cover: I'm here for \
         identity verification. You can talk to {support} about it, or, if it is about \
         verification, choose below what it is about."
    )
}

/// A question answered by what the person said, quoted (from the redacted message).
pub fn took(evidence: &str, label: &str) -> String {
    let stop = if label.ends_with(['.', '?', '!', '"']) {
        ""
    } else {
        "."
    };
    format!("You said \"{evidence}\", so: {label}{stop}")
}

pub fn confirm(title: &str) -> String {
    format!("It sounds like this: {}Is that right?", sentence(title))
}

pub fn switch(title: &str) -> String {
    format!(
        "That sounds like a different problem: {}Switch to that? (If you say no, your \
         current question stays.)",
        sentence(title)
    )
}

/// Another problem named in an answer, once the answer is taken.
pub fn look_now(title: &str) -> String {
    format!(
        "That sounds like a different problem: {}Look at that now?",
        sentence(title)
    )
}

/// The next problem named in a message, once the one before it ended.
pub fn also_mentioned(title: &str) -> String {
    format!(
        "You also mentioned this: {}Look at that now?",
        sentence(title)
    )
}

/// A title as a sentence followed by a space: FAQ titles are questions and keep their own
/// question mark.
fn sentence(title: &str) -> String {
    if title.ends_with(['?', '!', '.', '？', '！', '。']) {
        format!("{title} ")
    } else {
        format!("{title}. ")
    }
}

pub const PICK: &str = "I found a few problems that might fit. Which is closest?";

/// A "yes" to a list of several: it says which one is meant.
pub const PICK_WHICH: &str = "Which is it? Pick a number, or say none of these.";

pub const PICK_ONE: &str = "I found a problem that might fit. Is this it?";

pub const VAGUE: &str = "Identity verification can fail for several reasons, and I'd rather \
     not guess which it is. What happened: a message you saw, or the step that fails?";

pub const SECOND_CHANCE: &str = "Could it be any of these instead? If not, choose what it is \
     about.";

pub const PICK_SWITCH: &str = "That sounds like a different problem. Is it any of these? \
     (If not, your current question stays.)";

pub const NARROW_DOWN: &str = "No problem. Let's narrow it down together.";

pub const RESUME: &str = "OK, let's carry on where we were.";

pub const ALREADY_ON_IT: &str = "That's the problem we're working on, so let's keep going.";

pub const NOT_UNDERSTOOD: &str = "Sorry, I didn't understand that answer. Pick an option (by \
     number or in words), or type \"help\".";

pub const EMPTY: &str = "I didn't get any text.";

pub fn out_of_range(count: usize) -> String {
    format!("Please pick an option by its number, up to {count}.")
}

pub const SOLVED_QUESTION: &str = "Did this solve it?";

pub const SOLVED: &str = "Great, I'm glad it's sorted. Good luck with your verification!";

/// After a general question's answer (an FAQ entry) there is nothing to "solve".
pub const ANSWERED_QUESTION: &str = "Did that answer your question?";
pub const CHOICE_ANSWERED: &str = "Yes, thanks";
pub const CHOICE_UNANSWERED: &str = "No, I still need help";
pub const ANSWERED: &str = "Glad that helped. Good luck with your verification!";

/// What is asked and said after steps or an answer: whether it worked, the two choices, and
/// the goodbye when it did.
pub struct Closing {
    pub question: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub done: &'static str,
}

/// After the steps of a fix.
pub const FIX_CLOSING: Closing = Closing {
    question: SOLVED_QUESTION,
    yes: CHOICE_SOLVED,
    no: CHOICE_UNSOLVED,
    done: SOLVED,
};

/// After the answer to a general question.
pub const ANSWER_CLOSING: Closing = Closing {
    question: ANSWERED_QUESTION,
    yes: CHOICE_ANSWERED,
    no: CHOICE_UNANSWERED,
    done: ANSWERED,
};

pub const NEXT_STEP: &str = "Sorry that didn't help. Let's try the next thing.";

pub const POLICY: &str = "This comes from the platform's rules, not from a fault.";

pub const ANYTHING_ELSE: &str = "Can I help you with anything else?";

pub const GOODBYE: &str = "Goodbye, and good luck with your verification!";

pub const ENTRY_STEPS: &str = "Here's what to do:";

pub const START_OVER: &str = "OK, let's start over.";

pub const GOING_BACK: &str = "OK, going back.";

pub const NOTHING_TO_UNDO: &str = "We're at the beginning, so there's nothing to go back to.";

pub const SENSITIVE: &str = "Please don't share ID numbers, contact details, wallet addresses or \
     recovery phrases here: I don't need them. I've left them out of anything you save.";

pub fn help(support: &str) -> String {
    format!(
        "Answer with the number of an option, its words, or a plain yes or no. You can also say:\n\
         - \"back\" to undo your last answer\n\
         - \"start over\" to begin again\n\
         - \"menu\" to see the list of common problems\n\
         - \"source\" to see what the official guide says behind my answer\n\
         - \"talk to support\" to get a summary for {support}\n\
         - \"quit\" to leave"
    )
}

pub fn sources_intro(guide: &str) -> String {
    format!("Here is what the official guide, \"{guide}\", says behind this answer:")
}

/// After a quoted passage that ends in a colon: the guide's line ends there too, so the
/// quote is whole, not cut.
pub const GUIDE_LINE_ENDS: &str = "(the guide's line ends here)";

/// A passage of the guide, quoted; one ending in a colon says the guide's line ends there.
pub fn quote(passage: &str) -> String {
    if passage.trim_end().ends_with(':') {
        format!("\"{passage}\" {GUIDE_LINE_ENDS}")
    } else {
        format!("\"{passage}\"")
    }
}

pub const SOURCES_GENERIC: &str =
    "The rest is general troubleshooting advice, not a rule from the guide.";

pub const SOURCES_ALL_GENERIC: &str =
    "This answer is general troubleshooting advice: the guide states no rule behind it.";

pub const NO_SOURCES_YET: &str =
    "There is no answer yet to show the source of: tell me what went wrong first.";

pub const NO_GUIDE: &str = "This knowledge names no guide, so I can't show the source.";

pub fn handoff_intro(support: &str) -> String {
    format!(
        "Here is a summary for {support}. Copy or save it, and share it with them when you \
         get in touch."
    )
}

/// What to have ready when the knowledge says nothing more specific.
pub const GENERIC_PREPARE: &[&str] = &[
    "Your phone model and system version",
    "The app version",
    "What you see on screen, and any error message",
];

/// The hand-off's last line when the pack has no `[handoff]`: it states no policy, since
/// who takes documents, and how, is the pack's to say.
pub fn reminder() -> String {
    "This assistant doesn't need ID numbers or documents: don't type them here.".to_owned()
}

pub fn handoff_title(support: &str) -> String {
    format!("Hand-off to {support}")
}

/// How to reach support when the pack has no `[handoff]`: it names no channel.
pub fn contact(support: &str) -> String {
    format!("Contact {support} and share this summary with them.")
}

pub const HANDOFF_PROBLEM: &str = "Problem";
pub const HANDOFF_WORDS: &str = "In the user's words";
pub const HANDOFF_OTHERS: &str = "Also discussed";
pub const HANDOFF_UNKNOWN: &str = "not identified yet";
pub const HANDOFF_ANSWERS: &str = "Answers given";
pub const HANDOFF_STEPS: &str = "Steps already suggested";
pub const HANDOFF_PREPARE: &str = "Have ready";

pub const SPEAKER_USER: &str = "You";
pub const SPEAKER_ASSISTANT: &str = "Assistant";

pub const REDACTED_ID: &str = "[id number removed]";
pub const REDACTED_NUMBER: &str = "[number removed]";
pub const REDACTED_EMAIL: &str = "[email removed]";
pub const REDACTED_PHONE: &str = "[phone number removed]";
pub const REDACTED_WALLET: &str = "[wallet address removed]";
pub const REDACTED_PHRASE: &str = "[recovery phrase removed]";

/// Steps as plain text: `1. ...`, one a line.
pub fn numbered_steps(steps: &[String]) -> String {
    steps
        .iter()
        .enumerate()
        .map(|(n, step)| format!("{}. {step}", n + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Marks a warning in plain text.
pub const WARNING_MARK: &str = "Important:";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_that_are_questions_keep_their_own_mark() {
        assert_eq!(
            confirm("Is video verification safe?"),
            "It sounds like this: Is video verification safe? Is that right?"
        );
        assert_eq!(
            confirm("The camera won't open"),
            "It sounds like this: The camera won't open. Is that right?"
        );
        assert!(
            switch("证件过期了吗？")
                .starts_with("That sounds like a different problem: 证件过期了吗？ Switch")
        );
    }
}
