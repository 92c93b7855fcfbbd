//! The conversation as a pure state machine: recognise the problem, walk the decision tree,
//! end in steps, a policy explanation or a hand-off. No terminal, files, clock or search engine.

mod facts;
mod handoff;
mod input;
mod language;
mod matching;
mod phrases;
mod position;
mod recognizer;
mod redact;
mod reply;
mod session;
mod transcript;
mod vague;
mod vocabulary;

#[cfg(test)]
mod tests;

pub use handoff::{Answer, EntryRef, Handoff, Problem};
pub use input::MAX_INPUT_CHARS;
pub use language::notice as language_notice;
pub use phrases::quote as quote_passage;
pub use position::{NextChoice, Place, Position, PositionKind, Stage, WalkError, place};
pub use recognizer::{Candidate, MAX_OFFERED, Recognized, Recognizer};
pub use redact::redact;
pub use reply::{ChoiceView, Message, Reply};
pub use session::Session;
pub use transcript::{Speaker, Turn};
pub use vague::names_no_problem;
