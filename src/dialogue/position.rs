//! Where a conversation stands in the decision tree, for `walk`, `kb test` and the chat's
//! header line, and the errors of stepping the tree by choice.

use std::collections::HashMap;

use serde::Serialize;

use crate::knowledge::{Knowledge, Node, NodeKind, Outcome, OutcomeKind, Tree};

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

/// How far along a problem the conversation is, for a header line: "Proof of address ·
/// question 2 of about 4".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The entry's title.
    pub title: String,
    pub stage: Stage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Question `number` (from 1) of about `about`.
    Question { number: usize, about: usize },
    /// The problem reached an outcome of this kind.
    Outcome(OutcomeKind),
}

/// Where the conversation about `entry` stands, at tree node `node` (`None`: the entry has
/// no flow and went straight to its steps) after visiting `path`; `None` for an unknown entry
/// or node.
///
/// The number counts the questions on `path` from the entry's start node, this one included.
/// "About" is the number of questions on the longest way from the start node to an outcome
/// (and never fewer than this question's number plus the longest way on from here): the tree
/// carries no weights to say which way is typical, and an upper bound never has the person
/// pass it.
pub fn place(
    knowledge: &Knowledge,
    entry: &str,
    node: Option<&str>,
    path: &[String],
) -> Option<Place> {
    let title = knowledge.entry(entry)?.title.clone();
    let tree = &knowledge.tree;
    let Some(id) = node else {
        return Some(Place {
            title,
            stage: Stage::Outcome(OutcomeKind::Resolved),
        });
    };
    let here = tree.node(id)?;
    let stage = match &here.kind {
        NodeKind::Outcome(outcome) => Stage::Outcome(outcome.kind),
        NodeKind::Question { .. } => {
            let start = tree.starts.get(entry);
            let from = start
                .and_then(|start| path.iter().rposition(|step| step == start))
                .unwrap_or(0);
            let before = path[from..]
                .iter()
                .filter(|step| step.as_str() != id)
                .filter_map(|step| tree.node(step))
                .filter(|step| step.outcome().is_none())
                .count();
            let number = before + 1;
            // One memo for both walks: the walk from the start has usually counted `id` too.
            let mut known = HashMap::new();
            let from_start = start.map_or(0, |start| questions_ahead(tree, start, &mut known));
            Stage::Question {
                number,
                about: from_start.max(before + questions_ahead(tree, id, &mut known)),
            }
        }
    };
    Some(Place { title, stage })
}

/// The questions on the longest way from `id` to an outcome, `id` included. The tree is
/// acyclic (the loader checks); the depth cap keeps a broken one from recursing forever.
/// Each node is walked once: nodes that several choices lead to are remembered, so a large
/// tree with shared branches costs its size, not its number of paths.
fn questions_ahead<'t>(tree: &'t Tree, id: &'t str, known: &mut HashMap<&'t str, usize>) -> usize {
    fn walk<'t>(
        tree: &'t Tree,
        id: &'t str,
        depth: usize,
        known: &mut HashMap<&'t str, usize>,
    ) -> usize {
        if let Some(&count) = known.get(id) {
            return count;
        }
        let count = match tree.node(id) {
            Some(node) if depth < tree.nodes.len() && node.outcome().is_none() => {
                1 + node
                    .choices()
                    .iter()
                    .map(|choice| walk(tree, &choice.next, depth + 1, known))
                    .max()
                    .unwrap_or(0)
            }
            _ => 0,
        };
        known.insert(id, count);
        count
    }
    walk(tree, id, 0, known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{self, Sources};

    fn shipped() -> Knowledge {
        knowledge::check(&Sources::builtin())
            .knowledge
            .expect("the shipped knowledge is valid")
    }

    fn path(nodes: &[&str]) -> Vec<String> {
        nodes.iter().map(|&n| n.to_owned()).collect()
    }

    fn stage(knowledge: &Knowledge, entry: &str, node: Option<&str>, nodes: &[&str]) -> Stage {
        place(knowledge, entry, node, &path(nodes))
            .expect("a place")
            .stage
    }

    #[test]
    fn counts_questions_from_the_start_node_out_of_the_longest_way() {
        let knowledge = shipped();
        let first = place(
            &knowledge,
            "address-proof",
            Some("address-name"),
            &path(&["address-name"]),
        );
        assert_eq!(
            first,
            Some(Place {
                title: "Your proof of address was not accepted".to_owned(),
                stage: Stage::Question {
                    number: 1,
                    about: 4
                },
            })
        );
        assert_eq!(
            stage(
                &knowledge,
                "address-proof",
                Some("address-age"),
                &["triage", "menu-documents", "address-name", "address-age"]
            ),
            Stage::Question {
                number: 2,
                about: 4
            }
        );
    }

    #[test]
    fn outcomes_and_entries_without_a_flow_give_their_kind() {
        let knowledge = shipped();
        let asked = [
            "address-name",
            "address-age",
            "address-script",
            "address-quality",
        ];
        let mut to_support = asked.to_vec();
        to_support.push("address-support");
        assert_eq!(
            stage(
                &knowledge,
                "address-proof",
                Some("address-support"),
                &to_support
            ),
            Stage::Outcome(OutcomeKind::Support)
        );
        assert_eq!(
            stage(
                &knowledge,
                "address-proof",
                Some("address-fix-age"),
                &["address-name", "address-age", "address-fix-age"]
            ),
            Stage::Outcome(OutcomeKind::Resolved)
        );
        assert_eq!(
            stage(&knowledge, "address-proof", None, &[]),
            Stage::Outcome(OutcomeKind::Resolved)
        );
    }

    #[test]
    fn unknown_entries_and_nodes_have_no_place() {
        let knowledge = shipped();
        assert_eq!(place(&knowledge, "no-such-entry", None, &[]), None);
        assert_eq!(
            place(&knowledge, "address-proof", Some("no-such-node"), &[]),
            None
        );
    }

    #[test]
    fn the_number_never_passes_about() {
        let knowledge = shipped();
        let nodes = [
            "address-name",
            "address-age",
            "address-script",
            "address-quality",
        ];
        let Stage::Question { number, about } =
            stage(&knowledge, "address-proof", Some("address-quality"), &nodes)
        else {
            panic!("a question");
        };
        assert_eq!((number, about), (4, 4));
    }
}
