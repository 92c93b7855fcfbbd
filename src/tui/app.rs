//! The chat screen's state: everything the view draws and the update function changes.

use ratatui::layout::Size;

use super::conversation::{Suggestion, Tone};
use super::input::{History, LineEditor};
use crate::dialogue::Place;
use crate::text::sanitize;

/// Who a message of the chat screen's transcript comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenSpeaker {
    Assistant(Tone),
    You,
    /// Something the program itself reports, such as where the chat was saved.
    Notice,
}

/// One message of the chat screen's transcript; its text is always safe to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenMessage {
    pub from: ScreenSpeaker,
    pub text: String,
}

impl ScreenSpeaker {
    /// True when `other` is the same person, so their name is not repeated.
    pub fn same_as(self, other: ScreenSpeaker) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

impl ScreenMessage {
    pub fn new(from: ScreenSpeaker, text: &str) -> Self {
        Self {
            from,
            text: sanitize(text),
        }
    }
}

/// What the status bar reports instead of the key hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Saved(String),
    SaveFailed(String),
    InputCut,
    /// The hand-off packet went to the clipboard.
    Copied,
    /// The terminal (named) can't take a copy.
    CopyRefused(String),
    NothingToCopy,
}

/// The whole state of the chat screen.
#[derive(Debug, Clone)]
pub struct App {
    pub transcript: Vec<ScreenMessage>,
    pub input: LineEditor,
    pub history: History,
    /// The quick replies of the last turn.
    pub choices: Vec<String>,
    /// The choice the arrows have moved to, if any.
    pub highlighted: Option<usize>,
    /// What the assistant would recognise in the input line, best first.
    pub suggestions: Vec<Suggestion>,
    /// The text those suggestions were found for.
    pub suggested_for: String,
    /// How many transcript rows the view is scrolled back from the newest.
    pub scroll: usize,
    pub status: Option<Status>,
    /// The help overlay, when open, and how far it is scrolled.
    pub help: Option<usize>,
    /// The terminal's size, kept so scrolling can stop at the top of the transcript.
    pub size: Size,
    /// False when `NO_COLOR` is set: the view then uses only bold, italic, dim and reverse.
    pub color: bool,
    /// The problem being worked on and how far along, for the header line.
    pub place: Option<Place>,
    /// True while hand-off packets are shown whole rather than as one summary line.
    pub handoff_open: bool,
    /// True while the last outcome is a hand-off: then copying it is worth offering.
    pub handoff_current: bool,
    /// Where Ctrl-S saves, as shown in the status bar (safe to print).
    pub save_dir: Option<String>,
}

impl App {
    pub fn new(size: Size, color: bool) -> Self {
        Self {
            transcript: Vec::new(),
            input: LineEditor::default(),
            history: History::default(),
            choices: Vec::new(),
            highlighted: None,
            suggestions: Vec::new(),
            suggested_for: String::new(),
            scroll: 0,
            status: None,
            help: None,
            size,
            color,
            place: None,
            handoff_open: false,
            handoff_current: false,
            save_dir: None,
        }
    }

    /// True when keys act on the quick replies: there are some and nothing is typed.
    pub fn choosing(&self) -> bool {
        !self.choices.is_empty() && self.input.is_empty()
    }

    /// True once a hand-off packet has been shown: then it can be folded and unfolded.
    pub fn has_handoff(&self) -> bool {
        self.transcript
            .iter()
            .any(|m| m.from == ScreenSpeaker::Assistant(Tone::Handoff))
    }
}
