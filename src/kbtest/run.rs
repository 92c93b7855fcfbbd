//! Runs the cases through the same recognizer and dialogue engine as the chat, and measures
//! what of the tree and the entries the cases reach.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Serialize;

use super::cases::{InFile, Suite};
use super::measure::{Figures, Observation, first_reply, measure};
use super::simulate::{Reach, messages_to_reach};
use crate::dialogue::{Recognizer, Session};
use crate::knowledge::{ConversationCase, Knowledge, OutcomeKind, QueryCase, SuiteHeader, Targets};
use crate::recognize::CANDIDATES;

/// The result of one case.
#[derive(Debug, Clone, Serialize)]
pub struct CaseResult {
    pub kind: CaseKind,
    pub name: String,
    pub file: String,
    /// Why it failed: expected against actual, one line each; empty when it passed.
    pub failures: Vec<String>,
    /// Set when the case failed as its `known_miss` note says it would: why, and what
    /// happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_miss: Option<KnownMiss>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KnownMiss {
    pub reason: String,
    pub actual: String,
}

impl CaseResult {
    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.known_miss.is_none()
    }

    pub fn failed(&self) -> bool {
        !self.failures.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseKind {
    Query,
    Conversation,
    /// A measured suite as a whole, against its targets.
    Suite,
}

impl CaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Query => "query",
            CaseKind::Conversation => "conversation",
            CaseKind::Suite => "suite",
        }
    }
}

/// What no case reached.
#[derive(Debug, Default, Serialize)]
pub struct Coverage {
    pub nodes: usize,
    pub choices: usize,
    pub entries: usize,
    pub unreached_nodes: Vec<String>,
    /// `node -> choice key` (or `node -> didn't help`) that no conversation took.
    pub untaken_choices: Vec<String>,
    pub untested_entries: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub results: Vec<CaseResult>,
    pub coverage: Coverage,
    /// The figures of every measured suite (a test file with a `[suite]` header).
    pub suites: Vec<SuiteReport>,
}

/// A measured suite's figures, judged against its targets by the suite's own case result.
#[derive(Debug, Serialize)]
pub struct SuiteReport {
    pub name: String,
    pub file: String,
    pub held_out: bool,
    pub targets: Targets,
    pub figures: Figures,
    /// The simulated truthful user's conversations over the in-scope cases.
    pub reach: Reach,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed()).count()
    }

    pub fn failed(&self) -> usize {
        self.results.iter().filter(|r| r.failed()).count()
    }

    pub fn known_misses(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.known_miss.is_some())
            .count()
    }
}

/// The edge label for a resolved outcome's "that didn't help" link.
pub const UNSOLVED_EDGE: &str = "didn't help";

/// Whether a case named or worded `text` is one `filter` asks for: it contains the filter,
/// in any case (all are when `None`).
fn wanted(filter: Option<&str>, text: &str) -> bool {
    filter.is_none_or(|f| text.to_lowercase().contains(&f.to_lowercase()))
}

/// Whether [`run`] with `filter` would run any case of `suite`.
pub fn any_wanted(suite: &Suite, filter: Option<&str>) -> bool {
    suite.queries.iter().any(|q| wanted(filter, &q.case.text))
        || suite
            .conversations
            .iter()
            .any(|c| wanted(filter, &c.case.name))
}

/// Runs every case whose name or text contains `filter` (all when `None`).
pub fn run(
    knowledge: &Arc<Knowledge>,
    suite: &Suite,
    recognizer: &dyn Recognizer,
    filter: Option<&str>,
) -> Report {
    let mut results = Vec::new();
    let mut tested_entries = BTreeSet::new();
    let mut edges = BTreeSet::new();
    let mut visited = BTreeSet::new();
    let mut measured: Vec<Measured> = suite
        .measured
        .iter()
        .map(|header| Measured {
            header,
            observed: Vec::new(),
            needed: Vec::new(),
        })
        .collect();
    for query in suite
        .queries
        .iter()
        .filter(|q| wanted(filter, &q.case.text))
    {
        tested_entries.extend(query.case.expect.iter().cloned());
        let bucket = measured.iter_mut().find(|m| m.header.file == query.file);
        match bucket {
            Some(bucket) => {
                let case = &query.case;
                let mistakes = case_mistakes(knowledge, case);
                if mistakes.is_empty() {
                    bucket.observed.push(Observation {
                        expect: &case.expect,
                        recognized: first_reply(&case.text, |text| recognizer.recognize(text)),
                    });
                    if !case.expect.is_empty() {
                        bucket.needed.push(messages_to_reach(
                            knowledge,
                            recognizer,
                            &case.text,
                            &case.expect,
                        ));
                    }
                } else {
                    results.push(query_result(query, mistakes, None));
                }
            }
            None => results.push(run_query(knowledge, query, recognizer)),
        }
    }
    let mut suites = Vec::new();
    for Measured {
        header,
        observed,
        needed,
    } in measured
    {
        if observed.is_empty() {
            continue;
        }
        let figures = measure(&observed);
        let reach = Reach::of(&needed);
        results.push(CaseResult {
            kind: CaseKind::Suite,
            name: header.case.name.clone(),
            file: header.file.clone(),
            failures: short_of_targets(&figures, &reach, &header.case.targets),
            known_miss: None,
        });
        suites.push(SuiteReport {
            name: header.case.name.clone(),
            file: header.file.clone(),
            held_out: header.case.held_out,
            targets: header.case.targets,
            figures,
            reach,
        });
    }
    for conversation in suite
        .conversations
        .iter()
        .filter(|c| wanted(filter, &c.case.name))
    {
        let (result, paths) = run_conversation(knowledge, conversation, recognizer);
        for path in paths {
            record_path(
                knowledge,
                &path,
                &mut visited,
                &mut edges,
                &mut tested_entries,
            );
        }
        results.push(result);
    }
    Report {
        results,
        coverage: coverage(knowledge, &visited, &edges, &tested_entries),
        suites,
    }
}

/// A measured suite's cases as they are run: what the recognizer made of each, and how
/// many messages the simulated user needed for each in-scope one.
struct Measured<'a> {
    header: &'a InFile<SuiteHeader>,
    observed: Vec<Observation<'a>>,
    needed: Vec<Option<usize>>,
}

/// One line per figure below its target (or, for the figures with a ceiling, above it).
fn short_of_targets(figures: &Figures, reach: &Reach, targets: &Targets) -> Vec<String> {
    let floors = [
        ("recall@1", figures.recall_at_1, targets.recall_at_1),
        ("recall@3", figures.recall_at_3, targets.recall_at_3),
        ("rejection", figures.rejection, targets.rejection),
        ("first reply", figures.first_reply, targets.first_reply),
        ("reached within 3", reach.within_3, targets.within_3),
        ("reached within 4", reach.within_4, targets.within_4),
    ]
    .into_iter()
    .filter_map(|(name, value, target)| {
        let target = target?;
        (value < target).then(|| format!("{name} {value:.3} is below its target {target:.3}"))
    });
    let ceilings = [
        (
            "mean messages",
            reach.mean_messages,
            targets.max_mean_messages,
        ),
        (
            "confident answers wrong",
            figures.confident_wrong,
            targets.max_confident_wrong,
        ),
    ]
    .into_iter()
    .filter_map(|(name, value, target)| {
        let target = target?;
        (value > target).then(|| format!("{name} {value:.3} is above its ceiling {target:.3}"))
    });
    floors.chain(ceilings).collect()
}

fn run_query(
    knowledge: &Knowledge,
    query: &InFile<QueryCase>,
    recognizer: &dyn Recognizer,
) -> CaseResult {
    let case = &query.case;
    let mistakes = case_mistakes(knowledge, case);
    let (failures, known_miss) = if mistakes.is_empty() {
        judge_query(case, recognizer)
    } else {
        (mistakes, None)
    };
    query_result(query, failures, known_miss)
}

fn query_result(
    query: &InFile<QueryCase>,
    failures: Vec<String>,
    known_miss: Option<KnownMiss>,
) -> CaseResult {
    CaseResult {
        kind: CaseKind::Query,
        name: query.case.text.clone(),
        file: query.file.clone(),
        failures,
        known_miss,
    }
}

/// Searches the case's text: its failures, or the known miss it turned out to be.
fn judge_query(case: &QueryCase, recognizer: &dyn Recognizer) -> (Vec<String>, Option<KnownMiss>) {
    let found: Vec<String> = recognizer
        .recognize(&case.text)
        .candidates
        .into_iter()
        .take(case.top)
        .map(|c| c.id)
        .collect();
    let ok = if case.expect.is_empty() {
        found.is_empty()
    } else {
        found.iter().any(|id| case.expect.contains(id))
    };
    let miss = if ok {
        None
    } else if case.expect.is_empty() {
        Some(format!("expected no match, got [{}]", found.join(", ")))
    } else {
        Some(format!(
            "expected one of [{}] within the top {}, got [{}]",
            case.expect.join(", "),
            case.top,
            found.join(", ")
        ))
    };
    match (miss, &case.known_miss) {
        (None, None) => (Vec::new(), None),
        (None, Some(_)) => (
            vec!["passes now, though marked as a known miss: remove its known_miss".to_owned()],
            None,
        ),
        (Some(actual), None) => (vec![actual], None),
        (Some(actual), Some(reason)) => (
            Vec::new(),
            Some(KnownMiss {
                reason: reason.clone(),
                actual,
            }),
        ),
    }
}

/// What is wrong with the case itself: ids of no entry, a `top` the search cannot give.
fn case_mistakes(knowledge: &Knowledge, case: &QueryCase) -> Vec<String> {
    let mut mistakes: Vec<String> = case
        .expect
        .iter()
        .filter(|id| knowledge.entry(id).is_none())
        .map(|id| {
            let hint = knowledge
                .suggest_entry(id)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!("expects `{id}`, which is no entry of the pack{hint}")
        })
        .collect();
    if !(1..=CANDIDATES).contains(&case.top) {
        mistakes.push(format!(
            "top = {} is out of range: the search gives 1 to {CANDIDATES} candidates",
            case.top
        ));
    }
    mistakes
}

/// Plays a conversation; returns its result and every path it stood on, for coverage
/// ("back" and "start over" shorten the path, so each turn's path counts).
fn run_conversation(
    knowledge: &Arc<Knowledge>,
    conversation: &InFile<ConversationCase>,
    recognizer: &dyn Recognizer,
) -> (CaseResult, Vec<Vec<String>>) {
    let case = &conversation.case;
    let mut session = Session::new(Arc::clone(knowledge));
    let mut said = session.start().to_text();
    let mut paths = Vec::new();
    let mut last_path = Vec::new();
    let mut last_outcome: Option<OutcomeKind> = None;
    for turn in &case.turns {
        let reply = session.handle(turn, recognizer);
        said.push_str(&reply.to_text());
        paths.push(reply.path.clone());
        last_path.clone_from(&reply.path);
        // The outcome is the last one reached; starting afresh (an empty path) clears it.
        if reply.outcome.is_some() {
            last_outcome = reply.outcome;
        } else if reply.path.is_empty() {
            last_outcome = None;
        }
    }
    let mut failures = Vec::new();
    if let Some(path) = &case.path
        && *path != last_path
    {
        failures.push(format!(
            "path: expected [{}], got [{}]",
            path.join(", "),
            last_path.join(", ")
        ));
    }
    if let Some(outcome) = case.outcome
        && !outcome.matches(last_outcome)
    {
        failures.push(format!(
            "outcome: expected {}, got {}",
            outcome.as_str(),
            last_outcome.map_or("none", OutcomeKind::as_str)
        ));
    }
    let lower = said.to_lowercase();
    for text in &case.says {
        if !lower.contains(&text.to_lowercase()) {
            failures.push(format!("the assistant never said {text:?}"));
        }
    }
    for text in &case.never_says {
        if lower.contains(&text.to_lowercase()) {
            failures.push(format!("the assistant said {text:?}, which it must not"));
        }
    }
    let result = CaseResult {
        kind: CaseKind::Conversation,
        name: case.name.clone(),
        file: conversation.file.clone(),
        failures,
        known_miss: None,
    };
    (result, paths)
}

fn record_path(
    knowledge: &Knowledge,
    path: &[String],
    visited: &mut BTreeSet<String>,
    edges: &mut BTreeSet<(String, String)>,
    entries: &mut BTreeSet<String>,
) {
    for (i, id) in path.iter().enumerate() {
        visited.insert(id.clone());
        let Some(node) = knowledge.tree.node(id) else {
            continue;
        };
        entries.extend(node.entry.clone());
        let Some(next) = path.get(i + 1) else {
            continue;
        };
        for choice in node.choices().iter().filter(|c| &c.next == next) {
            edges.insert((id.clone(), choice.key.clone()));
        }
        if node.outcome().and_then(|o| o.unsolved.as_ref()) == Some(next) {
            edges.insert((id.clone(), UNSOLVED_EDGE.to_owned()));
        }
    }
}

fn coverage(
    knowledge: &Knowledge,
    visited: &BTreeSet<String>,
    edges: &BTreeSet<(String, String)>,
    tested_entries: &BTreeSet<String>,
) -> Coverage {
    let tree = &knowledge.tree;
    let mut all_edges = Vec::new();
    for node in tree.nodes.values() {
        for choice in node.choices() {
            all_edges.push((node.id.clone(), choice.key.clone()));
        }
        if node.outcome().is_some_and(|o| o.unsolved.is_some()) {
            all_edges.push((node.id.clone(), UNSOLVED_EDGE.to_owned()));
        }
    }
    Coverage {
        nodes: tree.nodes.len(),
        choices: all_edges.len(),
        entries: knowledge.entries().len(),
        unreached_nodes: tree
            .nodes
            .keys()
            .filter(|id| !visited.contains(*id))
            .cloned()
            .collect(),
        untaken_choices: all_edges
            .into_iter()
            .filter(|edge| !edges.contains(edge))
            .map(|(node, key)| format!("{node} -> {key}"))
            .collect(),
        untested_entries: knowledge
            .entries()
            .iter()
            .filter(|e| !tested_entries.contains(&e.id))
            .map(|e| e.id.clone())
            .collect(),
    }
}
