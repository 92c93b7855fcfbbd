//! Every string the chat screen shows, in one place.

use crate::dialogue::{Place, Stage};
use crate::knowledge::OutcomeKind;

/// The header line in two parts: the problem, then " · " and where the conversation is in it.
pub fn header(place: &Place) -> (String, String) {
    let stage = match place.stage {
        Stage::Question { number, about } => format!("question {number} of about {about}"),
        Stage::Outcome(OutcomeKind::Resolved) => "steps".to_owned(),
        Stage::Outcome(OutcomeKind::Policy) => "a policy".to_owned(),
        Stage::Outcome(OutcomeKind::Support) => "contact support".to_owned(),
    };
    (place.title.clone(), format!(" · {stage}"))
}

/// The label on an outcome's block, saying at a glance what kind of answer it is.
pub fn outcome_label(kind: OutcomeKind) -> &'static str {
    match kind {
        OutcomeKind::Resolved => "Fixed by these steps",
        OutcomeKind::Policy => "A policy",
        OutcomeKind::Support => "Contact support",
    }
}
pub const WHAT_TO_DO: &str = "What to do";

/// A hand-off packet's heading: `title` is the packet's own first line.
pub fn handoff_folded(title: &str, lines: usize) -> String {
    format!("▸ {title} ({lines} lines): Ctrl-O opens it")
}
pub fn handoff_open(title: &str) -> String {
    format!("▾ {title} (Ctrl-O folds it)")
}

/// The speaker labels in the transcript.
pub const ASSISTANT: &str = "idhelp";
pub const YOU: &str = "You";

/// The prompt before the input line.
pub const PROMPT: &str = "> ";
/// Shown, dimmed, in the empty input line.
pub const PLACEHOLDER: &str = "Describe what went wrong, in your own words";
pub const PLACEHOLDER_CHOICES: &str = "Pick a choice, or type your answer";

/// The titles of the area above the input line.
pub const DOCK_MESSAGE: &str = "Your message";
pub const DOCK_SUGGESTIONS: &str = "Sounds like (Tab picks the first)";
pub fn dock_choices(count: usize) -> String {
    if count == 1 {
        "Press 1 or type".to_owned()
    } else {
        format!("Choose 1-{count} or type")
    }
}

/// The key hints in the status bar, most important first (the bar shows what fits).
pub const HINT_HELP: &str = "? help";
pub const HINT_QUIT: &str = "Esc quit";
pub const HINT_SAVE: &str = "Ctrl-S save";
pub const HINT_COPY: &str = "Ctrl-Y copy hand-off";
pub const HINT_EXPAND: &str = "Ctrl-O expand hand-off";
pub const HINT_FOLD: &str = "Ctrl-O fold hand-off";
/// The save hint with the folder saved chats go to.
pub const HINT_SAVE_IN: &str = "Ctrl-S save in ";
pub const HINT_SUGGESTION: &str = "Tab pick suggestion";
pub const HINT_SEND: &str = "Enter send";
pub const HINT_SCROLL: &str = "PgUp/PgDn scroll";
pub fn hint_choose(count: usize) -> String {
    if count == 1 {
        "1 choose".to_owned()
    } else {
        format!("1-{count} choose")
    }
}
pub const HINT_SEPARATOR: &str = "  ";

/// Status messages.
pub const SAVED: &str = "Saved to ";
pub fn save_failed(folder: &str, why: &str) -> String {
    format!("Could not save in {folder}: {why}")
}
pub fn saved_notice(path: &str) -> String {
    format!("Saved this chat and the hand-off packet to {path}")
}
pub const COPIED: &str =
    "Copied the hand-off packet (OSC 52). Nothing to paste? Ctrl-S saves it to a file";
pub fn copy_refused(terminal: &str) -> String {
    format!("{terminal} can't take a copy (no OSC 52): Ctrl-S saves the packet to a file")
}
pub const NOTHING_TO_COPY: &str =
    "No hand-off packet yet: describe the problem, or type \"talk to support\"";
pub fn input_cut(limit: usize) -> String {
    format!("A message can have up to {limit} characters; the rest was cut")
}

/// The help overlay.
pub const HELP_TITLE: &str = " Keys ";
pub const HELP_FOOTER: &str = " ↑↓ scroll · any other key closes ";
pub const HELP: &[(&str, &str)] = &[
    ("Enter", "Send your message, or the highlighted choice"),
    ("1-9", "Pick a choice (when the input line is empty)"),
    (
        "Arrows",
        "Move between the choices (when the input line is empty)",
    ),
    ("Up/Down", "Recall what you sent before (Ctrl-P/Ctrl-N too)"),
    (
        "Tab",
        "Pick the first suggestion as your problem, or move between choices",
    ),
    ("Left/Right", "Move the cursor; with Ctrl, a word at a time"),
    ("Home/End", "Start or end of the line (Ctrl-A/Ctrl-E too)"),
    (
        "Ctrl-W",
        "Delete the word before the cursor (Ctrl-U: all before it, Ctrl-K: all after it)",
    ),
    ("PgUp/PgDn", "Scroll the conversation (the mouse wheel too)"),
    (
        "Ctrl-S",
        "Save the chat and the hand-off packet to a new file",
    ),
    (
        "Ctrl-Y",
        "Copy the hand-off packet to the clipboard (OSC 52; in tmux, set-clipboard on)",
    ),
    (
        "Ctrl-O",
        "Expand the hand-off packet, or fold it back to one line",
    ),
    (
        "?",
        "This help (when the input line is empty; F1 at any time)",
    ),
    (
        "Shift+drag",
        "Select text to copy it (the mouse wheel scrolls)",
    ),
    ("Esc", "Quit (Ctrl-C too)"),
];
pub const HELP_WORDS: &str = "You can also type: back, start over, help, menu (the list of common problems), source (what the guide says), talk to support, quit.";
