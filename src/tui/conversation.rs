//! What the chat's front ends need from the rest of the program: someone to talk to and live
//! suggestions. The dialogue engine and the search index sit behind these two traits, so the
//! screens, the plain mode and their tests run without either.

use crate::dialogue::Place;
use crate::knowledge::OutcomeKind;

/// How a part of the assistant's reply is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    /// The text of the outcome reached, under a label saying what kind it is.
    Outcome(OutcomeKind),
    /// Resolution step `n` (from 1); the first opens the "What to do" block.
    Step(usize),
    /// Something to know before acting (back up your recovery phrase, ...).
    Warning,
    /// The packet for live support: the part people copy or save.
    Handoff,
}

/// One part of the assistant's reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub tone: Tone,
    pub text: String,
}

impl Said {
    pub fn new(tone: Tone, text: impl Into<String>) -> Self {
        Self {
            tone,
            text: text.into(),
        }
    }
}

/// What the assistant says in one turn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssistantTurn {
    pub said: Vec<Said>,
    /// Quick replies, numbered from 1 on screen.
    pub choices: Vec<String>,
    /// The person asked to leave: the chat ends after this turn.
    pub end: bool,
    /// The problem being worked on and how far along, once one is chosen.
    pub place: Option<Place>,
}

/// The choices as a numbered list (`1) ...`), one a line, as the transcript and the plain
/// mode show them.
pub fn numbered(choices: &[String]) -> String {
    choices
        .iter()
        .enumerate()
        .map(|(n, choice)| format!("{}) {choice}", n + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One conversation with the assistant.
pub trait Conversation {
    /// The greeting and the first question.
    fn start(&mut self) -> AssistantTurn;
    /// The reply to picking a live suggestion: the flow for that problem (entry `id`).
    fn open_entry(&mut self, id: &str) -> AssistantTurn;
    /// The reply to what the person typed.
    fn answer(&mut self, text: &str) -> AssistantTurn;
    /// The reply to picking quick reply `index` (from 0) of the last turn.
    fn choose(&mut self, index: usize) -> AssistantTurn;
    /// The transcript and hand-off packet to save, with personal details masked.
    fn record(&self) -> String;
    /// The hand-off packet to copy, masked: the one live support would get now, or the last
    /// one shown when the chat has since started over; `None` before there is anything.
    fn handoff(&self) -> Option<String>;
}

/// How many live suggestions are shown while typing.
pub const SUGGESTIONS: usize = 3;

/// A problem the assistant would recognise in the text typed so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The knowledge entry's id.
    pub id: String,
    pub title: String,
}

/// Live suggestions while typing.
pub trait Suggest {
    /// The best matches for `text`, best first, at most `top`.
    fn suggest(&self, text: &str, top: usize) -> Vec<Suggestion>;
}
