//! Where a conversation stands in the decision tree, for `walk` and `kb test`, and the errors of
//! stepping the tree by choice.

use serde::Serialize;

use crate::knowledge::{Node, NodeKind, Outcome};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PositionKind {
    Question,
    Outcome,
}

/// A tree choice with where it leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextChoice {
    pub key: String,
    pub label: String,
    pub next: String,
}

/// The tree node a conversation stands at, with the path that led there.
/// Serialized, it is the `walk --json` shape.
#[derive(Debug, Clone, Serialize)]
pub struct Position {
    pub node: String,
    pub kind: PositionKind,
    pub text: String,
    pub choices: Vec<NextChoice>,
    /// `null` for questions.
    pub outcome: Option<Outcome>,
    pub path: Vec<String>,
}

impl Position {
    pub(super) fn new(node: &Node, path: Vec<String>) -> Self {
        let (kind, outcome) = match &node.kind {
            NodeKind::Question { .. } => (PositionKind::Question, None),
            NodeKind::Outcome(outcome) => (PositionKind::Outcome, Some(outcome.clone())),
        };
        Self {
            node: node.id.clone(),
            kind,
            text: node.text.clone(),
            choices: node
                .choices()
                .iter()
                .map(|choice| NextChoice {
                    key: choice.key.clone(),
                    label: choice.label.clone(),
                    next: choice.next.clone(),
                })
                .collect(),
            outcome,
            path,
        }
    }
}

/// Stepping the tree directly (without a recognizer) failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalkError {
    #[error("there is no node `{id}` in the decision tree{}", did_you_mean(.suggestion.as_deref()))]
    UnknownNode {
        id: String,
        suggestion: Option<String>,
    },
    #[error("there is no entry `{id}`{}", did_you_mean(.suggestion.as_deref()))]
    UnknownEntry {
        id: String,
        suggestion: Option<String>,
    },
    #[error("`{given}` is not one of the choices here; answer with one of: {}", .valid.join(", "))]
    NoSuchChoice { given: String, valid: Vec<String> },
    #[error("the conversation has ended: there is nothing left to answer")]
    Finished,
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"))
}
