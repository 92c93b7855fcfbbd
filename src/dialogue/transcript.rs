//! The record of a conversation, safe to save: what the user typed is stored redacted.

use serde::Serialize;

use super::phrases;
use super::redact::redact_next;
use super::reply::Reply;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Speaker {
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Turn {
    pub speaker: Speaker,
    pub text: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Transcript {
    turns: Vec<Turn>,
}

impl Transcript {
    /// Records what the user typed, redacted: the raw text is never kept. A recovery phrase
    /// this message completes is masked in the earlier messages too. True when anything was
    /// masked.
    pub(super) fn user(&mut self, text: &str) -> bool {
        let earlier = self
            .turns
            .iter_mut()
            .rev()
            .filter(|turn| turn.speaker == Speaker::User)
            .map(|turn| &mut turn.text);
        let (text, masked) = redact_next(text, earlier);
        self.turns.push(Turn {
            speaker: Speaker::User,
            text,
        });
        masked
    }

    pub(super) fn assistant(&mut self, reply: &Reply) {
        self.turns.push(Turn {
            speaker: Speaker::Assistant,
            text: reply.to_text().trim_end().to_owned(),
        });
    }

    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    /// The conversation as plain text, one block per turn.
    pub fn to_text(&self) -> String {
        self.turns
            .iter()
            .map(|turn| {
                let speaker = match turn.speaker {
                    Speaker::User => phrases::SPEAKER_USER,
                    Speaker::Assistant => phrases::SPEAKER_ASSISTANT,
                };
                format!("{speaker}: {}\n", turn.text)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}
