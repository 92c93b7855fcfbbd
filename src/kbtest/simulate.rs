//! A simulated truthful user: how many messages a person who knows their problem needs to
//! reach the right help, through the same engine and recognizer as the chat.
//!
//! The user sends the complaint, then answers every question truthfully: yes to the right
//! entry, no to a wrong one, the right entry from a list or "none of these", and at the
//! tree's questions the choice from which the right entry's flow can still be reached. The
//! right entry is *reached* when the conversation opens its flow (the session's problem is
//! one of the expected entries).

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;

use serde::Serialize;

use crate::dialogue::{Recognizer, Reply, Session};
use crate::knowledge::Knowledge;

/// A conversation that has not reached the right entry after this many messages is given up,
/// and counts as this many in the mean.
pub const MAX_MESSAGES: usize = 8;

/// How many messages each in-scope case needed (`None`: not within [`MAX_MESSAGES`]).
pub fn messages_to_reach(
    knowledge: &Arc<Knowledge>,
    recognizer: &dyn Recognizer,
    text: &str,
    expect: &[String],
) -> Option<usize> {
    let targets = nodes_towards(knowledge, expect);
    let mut session = Session::new(Arc::clone(knowledge));
    session.start();
    let mut reply = session.handle(text, recognizer);
    for messages in 1..=MAX_MESSAGES {
        if reaches(&session, expect) {
            return Some(messages);
        }
        let number = truthful_choice(&session, &reply, expect, &targets)?;
        reply = session.answer(&number.to_string()).ok()?;
    }
    None
}

/// Whether the conversation is on a right entry: about it, or at the start of its flow (a
/// start shared by several entries, reached through the menu, names none of them yet).
fn reaches(session: &Session, expect: &[String]) -> bool {
    let about = session
        .problem()
        .is_some_and(|entry| expect.iter().any(|e| e == entry));
    about
        || session.position().is_some_and(|position| {
            let starts = &session.knowledge().tree.starts;
            expect.iter().any(|e| starts.get(e) == Some(&position.node))
        })
}

/// The number of the choice a truthful user takes: one that reaches a right entry at once;
/// else one that stands on a question from which a right entry's flow is reachable; else
/// "no" or "none of these". `None` when the reply offers nothing of the kind.
fn truthful_choice(
    session: &Session,
    reply: &Reply,
    expect: &[String],
    targets: &BTreeSet<String>,
) -> Option<usize> {
    let mut towards = None;
    for choice in &reply.choices {
        let mut trial = session.clone();
        if trial.answer(&choice.number.to_string()).is_err() {
            continue;
        }
        if reaches(&trial, expect) {
            return Some(choice.number);
        }
        let on_the_way = trial
            .position()
            .is_some_and(|position| targets.contains(&position.node));
        if on_the_way && towards.is_none() {
            towards = Some(choice.number);
        }
    }
    towards.or_else(|| {
        reply
            .choices
            .iter()
            .find(|c| c.key == "no" || c.key == "none")
            .map(|c| c.number)
    })
}

/// Every node from which a node of an expected entry (or its flow's start) can be reached.
fn nodes_towards(knowledge: &Knowledge, expect: &[String]) -> BTreeSet<String> {
    let tree = &knowledge.tree;
    let mut towards: BTreeSet<String> = tree
        .nodes
        .values()
        .filter(|node| {
            let entry = node.entry.as_ref().or(node.outcome().map(|o| &o.entry));
            entry.is_some_and(|e| expect.contains(e))
        })
        .map(|node| node.id.clone())
        .chain(expect.iter().filter_map(|e| tree.starts.get(e)).cloned())
        .collect();
    let mut queue: VecDeque<String> = towards.iter().cloned().collect();
    while let Some(id) = queue.pop_front() {
        for node in tree.nodes.values() {
            let leads = node.choices().iter().any(|c| c.next == id)
                || node.outcome().and_then(|o| o.unsolved.as_ref()) == Some(&id);
            if leads && towards.insert(node.id.clone()) {
                queue.push_back(node.id.clone());
            }
        }
    }
    towards
}

/// How a suite's in-scope cases fared with the simulated user.
#[derive(Debug, Clone, Serialize)]
pub struct Reach {
    pub cases: usize,
    /// Shares reached within 2, 3 and 4 messages.
    pub within_2: f64,
    pub within_3: f64,
    pub within_4: f64,
    /// The mean number of messages, counting a case not reached as [`MAX_MESSAGES`].
    pub mean_messages: f64,
}

impl Reach {
    /// The figures of the messages each case needed.
    pub fn of(needed: &[Option<usize>]) -> Reach {
        let within = |n: usize| {
            super::measure::share(
                needed.iter().filter(|m| m.is_some_and(|m| m <= n)).count(),
                needed.len(),
            )
        };
        let total: usize = needed.iter().map(|m| m.unwrap_or(MAX_MESSAGES)).sum();
        Reach {
            cases: needed.len(),
            within_2: within(2),
            within_3: within(3),
            within_4: within(4),
            mean_messages: super::measure::share(total, needed.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialogue::{Candidate, Recognized};
    use crate::knowledge::{self, Sources};

    fn minimal() -> Arc<Knowledge> {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/minimal");
        let sources = Sources::from_dir(&dir).expect("the fixture is readable");
        Arc::new(
            knowledge::check(&sources)
                .knowledge
                .expect("the fixture is valid"),
        )
    }

    #[test]
    fn the_truthful_user_says_yes_no_and_picks_what_leads_to_the_right_entry() {
        let knowledge = minimal();
        let expect = ["app-crash".to_owned()];
        let right = |_: &str| Recognized::confident(vec![Candidate::new("app-crash", 0.9)]);
        assert_eq!(
            messages_to_reach(&knowledge, &right, "it crashes", &expect),
            Some(2)
        );
        let wrong_first = |_: &str| {
            Recognized::confident(vec![Candidate::new("wrong-name", 0.9)])
                .with_runners_up(vec!["app-crash".to_owned()])
        };
        assert_eq!(
            messages_to_reach(&knowledge, &wrong_first, "it crashes", &expect),
            Some(3),
            "no, then the entry ranked next"
        );
        let nothing = |_: &str| Recognized::default();
        assert_eq!(
            messages_to_reach(&knowledge, &nothing, "it crashes", &expect),
            Some(2),
            "the area of the menu that leads to it"
        );
        let never = ["no-such-entry".to_owned()];
        assert_eq!(
            messages_to_reach(&knowledge, &right, "it crashes", &never),
            None
        );
    }

    #[test]
    fn reach_counts_messages_and_gives_up_at_the_limit() {
        let reach = Reach::of(&[Some(2), Some(3), Some(4), None]);
        assert_eq!(reach.cases, 4);
        assert!((reach.within_2 - 0.25).abs() < 1e-9);
        assert!((reach.within_3 - 0.5).abs() < 1e-9);
        assert!((reach.within_4 - 0.75).abs() < 1e-9);
        #[allow(clippy::cast_precision_loss)]
        let mean = (9 + MAX_MESSAGES) as f64 / 4.0;
        assert!((reach.mean_messages - mean).abs() < 1e-9);
    }
}
