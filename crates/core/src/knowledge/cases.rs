//! The shape of a pack's test files (`tests/*.toml`), written once: they are the pack's
//! tests (`kb test` runs every case) and the model's training data (the loader takes the
//! queries [`TestFile::training_examples`] allows).

use serde::{Deserialize, Serialize};

use super::model::{Example, OutcomeKind};

/// One `tests/*.toml` file. Unknown keys are refused, so a misspelt `held_out` cannot
/// quietly turn a held-out suite into training data.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestFile {
    #[serde(default)]
    pub suite: Option<SuiteHeader>,
    #[serde(default)]
    pub query: Vec<QueryCase>,
    #[serde(default)]
    pub conversation: Vec<ConversationCase>,
}

impl TestFile {
    pub fn parse(text: &str) -> Result<Self, toml::de::Error> {
        toml::from_str(text)
    }

    /// The labelled queries the model may learn from: none of a held-out suite (it measures
    /// what was never seen), and never a known miss (it teaches nothing reliable).
    pub fn training_examples(self) -> Vec<Example> {
        if self.suite.is_some_and(|suite| suite.held_out) {
            return Vec::new();
        }
        self.query
            .into_iter()
            .filter(|query| query.known_miss.is_none())
            .map(|query| Example {
                text: query.text,
                expect: query.expect,
                topic: query.topic,
            })
            .collect()
    }
}

/// `[[query]]`: a description and the entries acceptable as its answer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueryCase {
    pub text: String,
    /// Acceptable entry ids; empty means out of scope (no match expected).
    pub expect: Vec<String>,
    /// How many of the top matches may hold an expected id.
    #[serde(default = "default_top")]
    pub top: usize,
    /// Why the search is known to get this case wrong. The case is then reported as a known
    /// miss instead of a failure, and fails once it passes, so the note is removed.
    #[serde(default)]
    pub known_miss: Option<String>,
    /// Out of scope: the neighbouring topic (of `topics.toml`) it is about.
    #[serde(default)]
    pub topic: Option<String>,
    /// Where the text was written, for a real person's words.
    #[serde(default)]
    pub source: Option<String>,
}

/// `[suite]`: a test file whose queries are measured together against targets, instead of
/// each having to pass.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuiteHeader {
    pub name: String,
    /// True: the model never trains on these queries and nothing is chosen on them.
    #[serde(default)]
    pub held_out: bool,
    /// The figures the suite must reach; without them it is only reported.
    #[serde(default)]
    pub targets: Targets,
}

/// Bounds for a suite's figures: lower bounds for the shares (0 to 1), and ceilings for
/// the `max_` ones.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    pub recall_at_1: Option<f64>,
    pub recall_at_3: Option<f64>,
    pub rejection: Option<f64>,
    /// In-scope queries whose first chat reply names the right entry (confirmed or offered).
    pub first_reply: Option<f64>,
    /// In-scope cases the simulated truthful user reaches the right entry for within 3 and 4
    /// messages.
    pub within_3: Option<f64>,
    pub within_4: Option<f64>,
    /// The most messages the simulated user may need on average.
    pub max_mean_messages: Option<f64>,
    /// The largest share of confident answers that may be wrong.
    pub max_confident_wrong: Option<f64>,
}

/// The default for `top`: the chat offers at most three candidates.
pub const DEFAULT_TOP: usize = 3;

fn default_top() -> usize {
    DEFAULT_TOP
}

/// `[[conversation]]`: user turns, and what the assistant must do with them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConversationCase {
    pub name: String,
    pub turns: Vec<String>,
    /// The tree nodes the conversation ends up having visited, in order.
    pub path: Option<Vec<String>>,
    /// The kind of the last outcome the conversation reaches (cleared by starting afresh).
    pub outcome: Option<ExpectedOutcome>,
    /// Text the assistant must say at some point (case-insensitive).
    #[serde(default)]
    pub says: Vec<String>,
    /// Text the assistant must never say (case-insensitive).
    #[serde(default)]
    pub never_says: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExpectedOutcome {
    Resolved,
    Support,
    Policy,
    /// The conversation must not reach an outcome.
    None,
}

impl ExpectedOutcome {
    /// The name written in the test files.
    pub fn as_str(self) -> &'static str {
        match self {
            ExpectedOutcome::Resolved => "resolved",
            ExpectedOutcome::Support => "support",
            ExpectedOutcome::Policy => "policy",
            ExpectedOutcome::None => "none",
        }
    }

    pub fn matches(self, actual: Option<OutcomeKind>) -> bool {
        matches!(
            (self, actual),
            (ExpectedOutcome::None, None)
                | (ExpectedOutcome::Resolved, Some(OutcomeKind::Resolved))
                | (ExpectedOutcome::Support, Some(OutcomeKind::Support))
                | (ExpectedOutcome::Policy, Some(OutcomeKind::Policy))
        )
    }
}
