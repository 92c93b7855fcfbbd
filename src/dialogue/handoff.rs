//! The hand-off packet for live support: what the problem is, what was answered and tried,
//! and what to have ready. Built from redacted text only.

use std::fmt::Write as _;

use serde::Serialize;

use super::phrases;
use crate::knowledge::{Knowledge, Outcome};

/// A question the user answered, as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub question: String,
    pub answer: String,
}

/// The entry the problem was recognised as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryRef {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The user's first description, redacted; `None` when they only picked from menus.
    pub description: Option<String>,
    pub entry: Option<EntryRef>,
}

/// Everything live support needs to pick up where the assistant stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handoff {
    /// What to call live support (from the pack).
    pub support: String,
    /// How to reach them.
    pub contact: String,
    pub problem: Problem,
    /// The other problems of the conversation, each with the user's words for it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<Problem>,
    pub answers: Vec<Answer>,
    /// Every resolution step the assistant showed, in order, without repeats.
    pub steps_shown: Vec<String>,
    /// What to have ready for live support.
    pub prepare: Vec<String>,
    /// Support, never this tool, takes ID numbers and documents.
    pub reminder: String,
}

/// Where the conversation stood when it handed off.
pub(super) struct Context<'a> {
    pub description: Option<&'a str>,
    pub entry: Option<&'a str>,
    /// The other problems discussed: each entry with the user's words for it.
    pub others: &'a [(&'a str, Option<&'a str>)],
    /// The support outcome reached, if the tree led here.
    pub outcome: Option<&'a Outcome>,
    pub answers: &'a [Answer],
    pub steps_shown: &'a [String],
}

impl Handoff {
    pub(super) fn new(knowledge: &Knowledge, context: &Context<'_>) -> Self {
        let pack = &knowledge.pack;
        let entry = context.entry.and_then(|id| knowledge.entry(id));
        // The outcome's list is the most specific; it already defaults to its entry's.
        let prepare = context
            .outcome
            .map(|outcome| outcome.prepare.clone())
            .filter(|prepare| !prepare.is_empty())
            .or_else(|| entry.map(|entry| entry.support.prepare.clone()))
            .filter(|prepare| !prepare.is_empty())
            .unwrap_or_else(|| {
                phrases::GENERIC_PREPARE
                    .iter()
                    .map(|&item| item.to_owned())
                    .collect()
            });
        // The entry's own route first (the guide's email route for deaf users), then the
        // pack's, then a line that states no policy.
        let contact = entry
            .and_then(|entry| entry.support.contact.clone())
            .or_else(|| pack.handoff.as_ref().map(|lines| lines.contact.clone()))
            .unwrap_or_else(|| phrases::contact(&pack.support));
        let reminder = pack
            .handoff
            .as_ref()
            .map_or_else(phrases::reminder, |lines| lines.reminder.clone());
        Self {
            support: pack.support.clone(),
            contact,
            problem: Problem {
                description: context.description.map(super::redact::redact),
                entry: entry.map(|entry| EntryRef {
                    id: entry.id.clone(),
                    title: entry.title.clone(),
                }),
            },
            others: context
                .others
                .iter()
                .map(|&(id, words)| Problem {
                    description: words.map(super::redact::redact),
                    entry: knowledge.entry(id).map(|entry| EntryRef {
                        id: entry.id.clone(),
                        title: entry.title.clone(),
                    }),
                })
                .collect(),
            answers: context.answers.to_vec(),
            steps_shown: context.steps_shown.to_vec(),
            prepare,
            reminder,
        }
    }

    /// The packet as plain text, to copy or save.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", phrases::handoff_title(&self.support));
        let problem = self.problem.entry.as_ref().map_or_else(
            || phrases::HANDOFF_UNKNOWN.to_owned(),
            |entry| format!("{} ({})", entry.title, entry.id),
        );
        let _ = writeln!(out, "{}: {problem}", phrases::HANDOFF_PROBLEM);
        if let Some(description) = &self.problem.description {
            let _ = writeln!(out, "{}: \"{description}\"", phrases::HANDOFF_WORDS);
        }
        if !self.others.is_empty() {
            let _ = writeln!(out, "{}:", phrases::HANDOFF_OTHERS);
        }
        for other in &self.others {
            let title = other.entry.as_ref().map_or_else(
                || phrases::HANDOFF_UNKNOWN.to_owned(),
                |entry| format!("{} ({})", entry.title, entry.id),
            );
            match &other.description {
                Some(words) => {
                    let _ = writeln!(out, "- {title}: \"{words}\"");
                }
                None => {
                    let _ = writeln!(out, "- {title}");
                }
            }
        }
        // An empty section says nothing support needs: it is left out (JSON keeps it).
        if !self.answers.is_empty() {
            let _ = writeln!(out, "{}:", phrases::HANDOFF_ANSWERS);
        }
        for answer in &self.answers {
            let _ = writeln!(out, "- {} -> {}", answer.question, answer.answer);
        }
        if !self.steps_shown.is_empty() {
            let _ = writeln!(out, "{}:", phrases::HANDOFF_STEPS);
            let _ = writeln!(out, "{}", phrases::numbered_steps(&self.steps_shown));
        }
        let _ = writeln!(out, "{}:", phrases::HANDOFF_PREPARE);
        for item in &self.prepare {
            let _ = writeln!(out, "- {item}");
        }
        let _ = writeln!(out, "{}", self.contact);
        let _ = write!(out, "{}", self.reminder);
        out
    }
}
