//! What the engine answers to one turn: messages, the choices on offer, and where it stands.

use std::fmt::Write as _;

use serde::Serialize;

use super::handoff::Handoff;
use super::phrases;
use crate::knowledge::OutcomeKind;

/// One assistant message. UIs style each kind differently; `plain` renders any of them as text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Message {
    Say {
        text: String,
    },
    Question {
        text: String,
    },
    /// Something to know before acting; shown before the steps it concerns.
    Warning {
        text: String,
    },
    /// Numbered resolution steps.
    Steps {
        steps: Vec<String>,
    },
    /// The text of the outcome the conversation reached.
    Outcome {
        outcome: OutcomeKind,
        text: String,
    },
    /// The packet for live support (boxed: it is much larger than the other messages).
    Handoff {
        packet: Box<Handoff>,
    },
}

impl Message {
    /// The message as plain text (steps numbered, the hand-off packet in full).
    pub fn plain(&self) -> String {
        match self {
            Message::Say { text } | Message::Question { text } | Message::Outcome { text, .. } => {
                text.clone()
            }
            Message::Warning { text } => format!("{} {text}", phrases::WARNING_MARK),
            Message::Steps { steps } => phrases::numbered_steps(steps),
            Message::Handoff { packet } => packet.to_text(),
        }
    }
}

/// A choice as offered to the user: answer with its number, its key or its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChoiceView {
    /// 1-based, in the order shown.
    pub number: usize,
    /// Short and stable (`yes`, `no`, a tree choice key, an entry id): what scripts answer with.
    pub key: String,
    pub label: String,
}

/// The engine's answer to one turn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reply {
    pub messages: Vec<Message>,
    /// What the user can pick now; empty when free text is expected.
    pub choices: Vec<ChoiceView>,
    /// Nothing more to ask: the problem is solved, handed off or the user left. The UI may stay
    /// open (to read or save); anything typed next starts afresh.
    pub ended: bool,
    /// The user asked to leave: close the UI.
    pub quit: bool,
    /// The decision-tree node the conversation stands at: the last one reached, or `None` while
    /// a new problem is being identified.
    pub node: Option<String>,
    /// The tree nodes visited so far, in order ("back" removes the last ones).
    pub path: Vec<String>,
    /// The kind of outcome this turn reached, if it reached one.
    pub outcome: Option<OutcomeKind>,
}

impl Reply {
    /// The hand-off packet this reply carries, if any.
    pub fn handoff(&self) -> Option<&Handoff> {
        self.messages.iter().find_map(|message| match message {
            Message::Handoff { packet } => Some(packet.as_ref()),
            _ => None,
        })
    }

    /// The whole reply as plain text: messages, then the choices as `1) label` lines.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for message in &self.messages {
            out.push_str(&message.plain());
            out.push('\n');
        }
        for choice in &self.choices {
            let _ = writeln!(out, "{}) {}", choice.number, choice.label);
        }
        out
    }
}
