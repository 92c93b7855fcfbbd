//! Serde shapes that mirror the TOML files one to one. Nothing here is validated yet.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPackFile {
    pub pack: RawPack,
    #[serde(default)]
    pub guide: Option<RawGuide>,
    #[serde(default)]
    pub decision: Option<RawDecision>,
    #[serde(default)]
    pub handoff: Option<RawHandoff>,
}

/// `[handoff]`: the lines every hand-off to live support ends with; statements, because how
/// to reach support and what to give them is policy.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHandoff {
    /// How to reach live support, unless the entry's `[support]` says otherwise.
    pub contact: Spanned<RawStatement>,
    /// Who takes ID numbers and documents.
    pub reminder: Spanned<RawStatement>,
}

/// `[guide]`: the official document the pack's statements cite.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGuide {
    pub title: Spanned<String>,
    /// A text file of the pack, relative to the pack.
    pub file: Spanned<String>,
}

/// A statement as written: a plain string (no basis given), or a table with its text and its
/// basis, `cite` (passages of the guide) or `generic = true`, and `borrowed = true` when the
/// passages are another problem's.
#[derive(Debug)]
pub enum RawStatement {
    Plain(String),
    Table {
        text: Spanned<String>,
        cite: Option<Spanned<Vec<Spanned<String>>>>,
        generic: Option<Spanned<bool>>,
        /// `borrowed = true`: the statement cites advice the guide gives for another
        /// problem, and its text says so.
        borrowed: Option<Spanned<bool>>,
    },
}

impl RawStatement {
    pub fn text(&self) -> &str {
        match self {
            RawStatement::Plain(text) => text,
            RawStatement::Table { text, .. } => text.get_ref(),
        }
    }
}

/// The text of `statement`, with the span of the text itself where it is a table.
pub fn statement_text(statement: &Spanned<RawStatement>) -> Spanned<String> {
    match statement.get_ref() {
        RawStatement::Plain(text) => Spanned::new(statement.span(), text.clone()),
        RawStatement::Table { text, .. } => text.clone(),
    }
}

// Written by hand: serde's untagged enums buffer the value, and toml's spans do not survive that.
impl<'de> Deserialize<'de> for RawStatement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StatementVisitor;

        impl<'de> Visitor<'de> for StatementVisitor {
            type Value = RawStatement;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a table with `text` and `cite` or `generic`")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<RawStatement, E> {
                Ok(RawStatement::Plain(text.to_owned()))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawStatement, A::Error> {
                let mut text = None;
                let mut cite = None;
                let mut generic = None;
                let mut borrowed = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" => text = Some(map.next_value()?),
                        "cite" => {
                            let passages: Spanned<Passages> = map.next_value()?;
                            let span = passages.span();
                            let list = passages
                                .into_inner()
                                .0
                                .into_iter()
                                .map(|p| match p {
                                    // A single passage has no span of its own: it is the value's.
                                    Passage::Lone(text) => Spanned::new(span.clone(), text),
                                    Passage::Listed(passage) => passage,
                                })
                                .collect();
                            cite = Some(Spanned::new(span, list));
                        }
                        "generic" => generic = Some(map.next_value()?),
                        "borrowed" => borrowed = Some(map.next_value()?),
                        other => {
                            return Err(de::Error::unknown_field(
                                other,
                                &["text", "cite", "generic", "borrowed"],
                            ));
                        }
                    }
                }
                Ok(RawStatement::Table {
                    text: text.ok_or_else(|| de::Error::missing_field("text"))?,
                    cite,
                    generic,
                    borrowed,
                })
            }
        }

        deserializer.deserialize_any(StatementVisitor)
    }
}

/// `cite`: one passage, or an array of them.
struct Passages(Vec<Passage>);

enum Passage {
    Lone(String),
    Listed(Spanned<String>),
}

impl<'de> Deserialize<'de> for Passages {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PassagesVisitor;

        impl<'de> Visitor<'de> for PassagesVisitor {
            type Value = Passages;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a passage of the guide, or an array of passages")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Passages, E> {
                Ok(Passages(vec![Passage::Lone(text.to_owned())]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Passages, A::Error> {
                let mut passages = Vec::new();
                while let Some(passage) = seq.next_element::<Spanned<String>>()? {
                    passages.push(Passage::Listed(passage));
                }
                Ok(Passages(passages))
            }
        }

        deserializer.deserialize_any(PassagesVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDecision {
    pub in_scope: Spanned<f32>,
    pub confident: Spanned<f32>,
    pub plausible: Spanned<f32>,
    pub alternative: Spanned<f32>,
    /// Optional: `confident` when missing.
    #[serde(default)]
    pub confirm: Option<Spanned<f32>>,
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
    pub summary: Spanned<RawStatement>,
    pub source: Spanned<String>,
    pub question: Option<Spanned<String>>,
    pub answer: Option<Spanned<RawStatement>>,
    pub aliases: Spanned<Vec<Spanned<String>>>,
    pub steps: Spanned<Vec<Spanned<RawStatement>>>,
    #[serde(default)]
    pub warnings: Vec<Spanned<RawStatement>>,
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
    pub support: RawSupport,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSupport {
    pub when: Spanned<RawStatement>,
    pub prepare: Spanned<Vec<Spanned<String>>>,
    /// How to reach live support for this entry, where it differs from the pack's
    /// `[handoff] contact` (the guide's email route for deaf users).
    #[serde(default)]
    pub contact: Option<Spanned<RawStatement>>,
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
    /// A statement: a question's text may be a plain string where it states no policy.
    pub text: Spanned<RawStatement>,
    pub entry: Option<Spanned<String>>,
    pub choices: Option<Spanned<Vec<RawChoice>>>,
    pub outcome: Option<Spanned<RawOutcomeKind>>,
    pub steps: Option<Spanned<Vec<Spanned<RawStatement>>>>,
    pub warnings: Option<Vec<Spanned<RawStatement>>>,
    pub unsolved: Option<Spanned<String>>,
    pub prepare: Option<Spanned<Vec<Spanned<String>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChoice {
    pub key: Spanned<String>,
    /// A plain string, or a statement with its citation where the label states policy.
    pub label: Spanned<RawStatement>,
    pub next: Spanned<String>,
    #[serde(default)]
    pub answers: Vec<String>,
    /// Conditions on the facts a person stated, any of which takes this choice for them.
    #[serde(default)]
    pub when: Vec<Spanned<String>>,
}

/// `facts.toml`: what a person can state that answers a question of the tree.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFactsFile {
    #[serde(default)]
    pub fact: Vec<RawFact>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFact {
    pub id: Spanned<String>,
    pub kind: Spanned<RawFactKind>,
    /// What the fact is, for the people who write the tree.
    pub about: Spanned<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawFactKind {
    Number,
    Flag,
}

/// `facts/<language>.toml`: how people state the facts in one language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFactLanguage {
    /// Words that, shortly before a pattern, cancel it ("havent updated").
    #[serde(default)]
    pub negations: Vec<Spanned<String>>,
    /// Number words and their values, read where a pattern has `{n}`.
    #[serde(default)]
    pub numbers: BTreeMap<String, Spanned<u32>>,
    #[serde(default)]
    pub say: Vec<RawSaying>,
}

/// `[[say]]`: patterns that state one fact.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSaying {
    pub fact: Spanned<String>,
    pub patterns: Spanned<Vec<Spanned<String>>>,
    /// The number `{n}` is multiplied by ("2 weeks" in months).
    pub scale: Option<Spanned<f64>>,
    /// The number the patterns state without `{n}` ("last year" in months).
    pub value: Option<Spanned<f64>>,
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
    pub greeting: Spanned<RawStatement>,
    pub explanation: Spanned<RawStatement>,
    pub steps_intro: Spanned<RawStatement>,
    pub warnings_intro: Spanned<RawStatement>,
    pub policy_intro: Spanned<RawStatement>,
    pub support: Spanned<RawStatement>,
    pub closing: Spanned<RawStatement>,
}

impl RawReply {
    /// Every part with its key, in reply order: plain strings, or statements where they
    /// state policy.
    pub fn parts(&self) -> [(&'static str, &Spanned<RawStatement>); 7] {
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
