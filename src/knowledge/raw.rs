//! Serde shapes that mirror the TOML files one to one. Nothing here is validated yet.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPackFile {
    pub pack: RawPack,
    #[serde(default)]
    pub decision: Option<RawDecision>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDecision {
    pub in_scope: Spanned<f32>,
    pub confident: Spanned<f32>,
    pub plausible: Spanned<f32>,
    pub alternative: Spanned<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPack {
    pub name: Spanned<String>,
    pub product: Spanned<String>,
    pub support: Spanned<String>,
    pub official_source: Spanned<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawEntryKind {
    Issue,
    Faq,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    pub id: Spanned<String>,
    pub kind: Spanned<RawEntryKind>,
    pub title: Spanned<String>,
    pub category: Spanned<String>,
    pub summary: Spanned<String>,
    pub source: Spanned<String>,
    pub question: Option<Spanned<String>>,
    pub answer: Option<Spanned<String>>,
    pub aliases: Spanned<Vec<Spanned<String>>>,
    pub steps: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub warnings: Vec<Spanned<String>>,
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    pub support: RawSupport,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSupport {
    pub when: Spanned<String>,
    pub prepare: Spanned<Vec<Spanned<String>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawOutcomeKind {
    Resolved,
    Support,
    Policy,
}

/// One `[node.<id>]` table of tree.toml. Whether it is a question or an outcome is decided
/// during validation, so that a node with neither or both is reported, not rejected by serde.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    pub text: Spanned<String>,
    pub entry: Option<Spanned<String>>,
    pub choices: Option<Spanned<Vec<RawChoice>>>,
    pub outcome: Option<Spanned<RawOutcomeKind>>,
    pub steps: Option<Spanned<Vec<Spanned<String>>>>,
    pub warnings: Option<Vec<Spanned<String>>>,
    pub unsolved: Option<Spanned<String>>,
    pub prepare: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChoice {
    pub key: Spanned<String>,
    pub label: Spanned<String>,
    pub next: Spanned<String>,
    #[serde(default)]
    pub answers: Vec<String>,
}

/// templates.toml: the variables people may set (with defaults) and the reply's parts.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTemplates {
    #[serde(default)]
    pub variables: BTreeMap<String, Spanned<String>>,
    pub reply: RawReply,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReply {
    pub greeting: Spanned<String>,
    pub explanation: Spanned<String>,
    pub steps_intro: Spanned<String>,
    pub warnings_intro: Spanned<String>,
    pub policy_intro: Spanned<String>,
    pub support: Spanned<String>,
    pub closing: Spanned<String>,
}

impl RawReply {
    /// Every part with its key, in reply order.
    pub fn parts(&self) -> [(&'static str, &Spanned<String>); 7] {
        [
            ("greeting", &self.greeting),
            ("explanation", &self.explanation),
            ("steps_intro", &self.steps_intro),
            ("warnings_intro", &self.warnings_intro),
            ("policy_intro", &self.policy_intro),
            ("support", &self.support),
            ("closing", &self.closing),
        ]
    }
}

/// `topics.toml`: the neighbouring topics the pack does not cover.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopicsFile {
    #[serde(default)]
    pub topic: Vec<RawTopic>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopic {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    pub examples: Spanned<Vec<Spanned<String>>>,
}

/// What the model learns from a test file: its labelled queries, unless the file's suite is
/// held out. Everything else in the file is `kb test`'s (which checks the whole shape), so
/// unknown keys are ignored here.
#[derive(Debug, Default, Deserialize)]
pub struct RawExamplesFile {
    #[serde(default)]
    pub suite: RawSuiteHeader,
    #[serde(default)]
    pub query: Vec<RawExample>,
}

#[derive(Debug, Default, Deserialize)]
pub struct RawSuiteHeader {
    #[serde(default)]
    pub held_out: bool,
}

#[derive(Debug, Deserialize)]
pub struct RawExample {
    pub text: String,
    pub expect: Vec<String>,
    #[serde(default)]
    pub topic: Option<String>,
    /// A case the search is known to miss teaches nothing reliable.
    #[serde(default)]
    pub known_miss: Option<String>,
}
