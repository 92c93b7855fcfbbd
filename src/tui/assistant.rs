//! The real assistant behind the chat's traits: a dialogue session that recognises problems
//! through the search index, and the same index giving the live suggestions.

use std::sync::Arc;

use super::conversation::{AssistantTurn, Conversation, Said, Suggest, Suggestion, Tone};
use crate::dialogue::{Message, Place, Reply, Session, Stage, place};
use crate::knowledge::Knowledge;
use crate::knowledge::OutcomeKind;
use crate::recognize::SearchRecognizer;
use crate::search::Searcher;

impl Suggest for Searcher {
    fn suggest(&self, text: &str, top: usize) -> Vec<Suggestion> {
        self.search(text, top)
            .into_iter()
            .map(|found| Suggestion {
                id: found.id,
                title: found.title,
            })
            .collect()
    }
}

/// One conversation with the dialogue engine.
pub struct Assistant<'a> {
    session: Session,
    searcher: &'a Searcher,
    /// The labels of the choices on offer, so a picked button is answered with its label
    /// (and the saved transcript reads "Yes", not "1").
    choices: Vec<String>,
    /// The last hand-off packet shown.
    shown_handoff: Option<String>,
}

impl<'a> Assistant<'a> {
    pub fn new(knowledge: Arc<Knowledge>, searcher: &'a Searcher) -> Self {
        Self {
            session: Session::new(knowledge),
            searcher,
            choices: Vec::new(),
            shown_handoff: None,
        }
    }

    fn turn(&mut self, reply: &Reply) -> AssistantTurn {
        self.choices = reply.choices.iter().map(|c| c.label.clone()).collect();
        let mut said = Vec::new();
        for message in &reply.messages {
            match message {
                Message::Steps { steps } => said.extend(
                    steps
                        .iter()
                        .enumerate()
                        .map(|(n, step)| Said::new(Tone::Step(n + 1), step.as_str())),
                ),
                Message::Outcome { outcome, text } => {
                    said.push(Said::new(Tone::Outcome(*outcome), text.as_str()));
                }
                Message::Warning { .. } => said.push(Said::new(Tone::Warning, message.plain())),
                Message::Handoff { .. } => {
                    let text = message.plain();
                    self.shown_handoff = Some(text.clone());
                    said.push(Said::new(Tone::Handoff, text));
                }
                Message::Say { .. } | Message::Question { .. } => {
                    said.push(Said::new(Tone::Plain, message.plain()));
                }
            }
        }
        let knowledge = self.session.knowledge();
        let place = self
            .session
            .problem()
            .and_then(|entry| place(knowledge, entry, reply.node.as_deref(), &reply.path))
            .map(|place| {
                // "talk to support" hands off from wherever the person stood.
                if reply.handoff().is_some() {
                    Place {
                        stage: Stage::Outcome(OutcomeKind::Support),
                        ..place
                    }
                } else {
                    place
                }
            });
        AssistantTurn {
            said,
            choices: self.choices.clone(),
            end: reply.quit,
            place,
        }
    }
}

impl Conversation for Assistant<'_> {
    fn start(&mut self) -> AssistantTurn {
        let reply = self.session.start();
        self.turn(&reply)
    }

    fn open_entry(&mut self, id: &str) -> AssistantTurn {
        match self.session.open_entry(id) {
            Ok(reply) => self.turn(&reply),
            Err(_) => self.answer(id),
        }
    }

    fn answer(&mut self, text: &str) -> AssistantTurn {
        let reply = self.session.handle(text, &SearchRecognizer(self.searcher));
        self.turn(&reply)
    }

    fn choose(&mut self, index: usize) -> AssistantTurn {
        let picked = self
            .choices
            .get(index)
            .and_then(|label| self.session.answer(label).ok());
        let reply = picked.unwrap_or_else(|| {
            self.session
                .handle(&(index + 1).to_string(), &SearchRecognizer(self.searcher))
        });
        self.turn(&reply)
    }

    fn record(&self) -> String {
        let mut text = self.session.transcript();
        if let Some(packet) = self.session.handoff() {
            text.push('\n');
            text.push_str(&packet.to_text());
            text.push('\n');
        }
        text
    }

    fn handoff(&self) -> Option<String> {
        self.session
            .handoff()
            .map(|packet| packet.to_text())
            .or_else(|| self.shown_handoff.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> (Arc<Knowledge>, Searcher) {
        let (knowledge, searcher) = crate::pack::builtin().expect("the built-in pack");
        (Arc::new(knowledge), searcher)
    }

    #[test]
    fn picks_by_label_and_saves_a_masked_record() {
        let (knowledge, searcher) = builtin();
        let mut assistant = Assistant::new(Arc::clone(&knowledge), &searcher);
        let opening = assistant.start();
        assert!(!opening.said.is_empty());
        let reply = assistant.answer("my photos won't upload, my email is someone@example.com");
        assert!(!reply.choices.is_empty(), "{reply:?}");
        assistant.choose(0);
        let record = assistant.record();
        assert!(!record.contains("someone@example.com"), "{record}");
        assert!(record.contains(&reply.choices[0]), "{record}");
    }

    #[test]
    fn suggests_titles_as_people_type() {
        let (_, searcher) = builtin();
        let found = searcher.suggest("camera won't open", 3);
        assert_eq!(found.first().map(|s| s.id.as_str()), Some("camera-access"));
        assert!(found.len() <= 3);
    }
}
