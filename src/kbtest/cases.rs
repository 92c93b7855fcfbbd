//! The knowledge test files (`tests/*.toml` of a pack): their shapes and how they are read.

use serde::Deserialize;

use crate::knowledge::{Diagnostic, OutcomeKind, Rule, Sources, serde_diagnostic};

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
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
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

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSuiteFile {
    #[serde(default)]
    suite: Option<SuiteHeader>,
    #[serde(default)]
    query: Vec<QueryCase>,
    #[serde(default)]
    conversation: Vec<ConversationCase>,
}

/// A case with the file it comes from.
#[derive(Debug, Clone)]
pub struct InFile<T> {
    pub file: String,
    pub case: T,
}

impl<T> InFile<T> {
    fn at(file: &str, case: T) -> Self {
        Self {
            file: file.to_owned(),
            case,
        }
    }
}

/// Every case of a pack's `tests/` files.
#[derive(Debug, Default)]
pub struct Suite {
    pub queries: Vec<InFile<QueryCase>>,
    pub conversations: Vec<InFile<ConversationCase>>,
    /// The files with a `[suite]` header, by file.
    pub measured: Vec<InFile<SuiteHeader>>,
}

impl Suite {
    /// The `[suite]` header of a file, if it has one.
    pub fn header(&self, file: &str) -> Option<&SuiteHeader> {
        self.measured
            .iter()
            .find(|m| m.file == file)
            .map(|m| &m.case)
    }
}

/// Reads every `tests/*.toml` file; a file that does not parse is a diagnostic, and then the
/// tests cannot run.
pub fn read_suite(sources: &Sources) -> Result<Suite, Vec<Diagnostic>> {
    let mut suite = Suite::default();
    let mut problems = Vec::new();
    for file in sources
        .files
        .iter()
        .filter(|f| f.relative.starts_with("tests/"))
    {
        let Some(text) = file.text() else {
            problems.push(Diagnostic::new(
                Rule::Unreadable,
                &file.display,
                0..0,
                "cannot read this test file",
            ));
            continue;
        };
        match toml::from_str::<RawSuiteFile>(text) {
            Ok(raw) => {
                let file = &file.display;
                suite
                    .measured
                    .extend(raw.suite.map(|header| InFile::at(file, header)));
                suite
                    .queries
                    .extend(raw.query.into_iter().map(|case| InFile::at(file, case)));
                suite.conversations.extend(
                    raw.conversation
                        .into_iter()
                        .map(|case| InFile::at(file, case)),
                );
            }
            Err(error) => problems.push(serde_diagnostic(&file.display, &error, 0..0)),
        }
    }
    if problems.is_empty() {
        Ok(suite)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::SourceFile;

    fn suite_of(text: &str) -> Result<Suite, Vec<Diagnostic>> {
        read_suite(&Sources {
            origin: "test".into(),
            files: vec![SourceFile::from_text("tests/queries.toml", text)],
        })
    }

    #[test]
    fn a_misspelt_key_is_an_unknown_key_with_a_suggestion() {
        let problems = suite_of("[[query]]\ntext = \"x\"\nexpcet = []\n").expect_err("refused");
        assert_eq!(problems[0].rule, Rule::UnknownKey);
        assert_eq!(problems[0].help.as_deref(), Some("did you mean `expect`?"));
    }

    #[test]
    fn a_wrong_type_and_a_missing_field_are_named_as_such() {
        let wrong = suite_of("[[query]]\ntext = 3\nexpect = []\n").expect_err("refused");
        assert_eq!(wrong[0].rule, Rule::WrongType);
        let missing = suite_of("[[query]]\nexpect = []\n").expect_err("refused");
        assert_eq!(missing[0].rule, Rule::MissingField);
    }
}
