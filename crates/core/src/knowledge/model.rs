//! The validated knowledge: every reference resolved, every default filled in.
//! Values of these types come only from `load`, so they are always consistent.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pack {
    pub name: String,
    pub product: String,
    pub support: String,
    pub official_source: String,
    /// The official document the pack's statements cite, if it names one.
    pub guide: Option<GuideRef>,
    pub decision: Decision,
    /// `[handoff]` of pack.toml; the chat's own neutral lines when the pack has none.
    pub handoff: Option<HandoffLines>,
}

/// The lines every hand-off ends with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HandoffLines {
    /// How to reach live support.
    pub contact: String,
    /// Who takes ID numbers and documents.
    pub reminder: String,
}

/// `[guide]` of pack.toml.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GuideRef {
    pub title: String,
    /// The guide's file, relative to the pack.
    pub file: String,
}

/// What a statement rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// Externally tagged (`{"guide": [...]}`, `"generic"`): the snapshot's format needs it.
#[serde(rename_all = "lowercase")]
pub enum Basis {
    /// Passages of the guide, word for word.
    Guide(Vec<String>),
    /// General advice that states no policy.
    Generic,
    /// Not given: the pack names no guide to cite.
    Unstated,
}

impl Basis {
    /// The guide's passages it cites: none for general advice or an unstated basis.
    pub fn passages(&self) -> &[String] {
        match self {
            Basis::Guide(passages) => passages,
            Basis::Generic | Basis::Unstated => &[],
        }
    }
}

/// What each statement of an entry rests on, in the order of its fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EntryBasis {
    pub summary: Basis,
    pub answer: Option<Basis>,
    pub steps: Vec<Basis>,
    pub warnings: Vec<Basis>,
    pub when: Basis,
}

/// How sure the trained model must be (`[decision]` in pack.toml): probabilities from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// A text is in scope when the entries together are at least this probable; below it,
    /// the other classes (neighbouring topics, everything else) win and nothing is offered.
    pub in_scope: f32,
    /// An entry at least this probable is a match (`ask`) and the text is in the pack's
    /// scope for sure.
    pub confident: f32,
    /// Entries at least this probable are offered to choose from; below it, nothing is.
    pub plausible: f32,
    /// Beside a confident entry, the others at least this probable are kept, to offer if
    /// the user says it is not that one.
    pub alternative: f32,
    /// The chat confirms a confident entry alone ("It sounds like this: ... Is that right?")
    /// only from this probability; below it, it offers the entries as a short list. Higher
    /// than `confident`, so that few confirmations are wrong.
    pub confirm: f32,
}

impl Default for Decision {
    /// The shipped pack's values, for packs that do not set their own.
    fn default() -> Self {
        Self {
            in_scope: 0.5,
            confident: 0.5,
            plausible: 0.2,
            alternative: 0.1,
            confirm: 0.5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    Issue,
    Faq,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Issue => "issue",
            EntryKind::Faq => "faq",
        }
    }
}

/// One guide issue or FAQ entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub kind: EntryKind,
    pub title: String,
    pub category: String,
    pub summary: String,
    pub source: String,
    /// FAQ entries only, like `answer`.
    pub question: Option<String>,
    pub answer: Option<String>,
    pub aliases: Vec<String>,
    pub steps: Vec<String>,
    pub warnings: Vec<String>,
    pub related: Vec<String>,
    pub support: Support,
    pub basis: EntryBasis,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Support {
    pub when: String,
    pub prepare: Vec<String>,
    /// How to reach live support for this entry, where it differs from the pack's.
    pub contact: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    /// The steps should fix it.
    Resolved,
    /// Hand off to live support.
    Support,
    /// A policy limit: explained, with no workaround.
    Policy,
}

impl OutcomeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Resolved => "resolved",
            OutcomeKind::Support => "support",
            OutcomeKind::Policy => "policy",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Choice {
    pub key: String,
    pub label: String,
    pub next: String,
    pub answers: Vec<String>,
    /// Any of these, stated by the person, takes this choice for them.
    pub when: Vec<Condition>,
}

/// A condition on a fact the person stated (`age < 18`, `tried-update`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub fact: String,
    pub test: Test,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Test {
    /// A flag fact: the person said it.
    Stated,
    /// A number fact compared with a bound.
    Compare(Comparison, f64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Comparison {
    Below,
    AtMost,
    Above,
    AtLeast,
    Equal,
}

impl Comparison {
    pub fn holds(self, value: f64, bound: f64) -> bool {
        match self {
            Comparison::Below => value < bound,
            Comparison::AtMost => value <= bound,
            Comparison::Above => value > bound,
            Comparison::AtLeast => value >= bound,
            Comparison::Equal => (value - bound).abs() < f64::EPSILON,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactKind {
    /// Stated with a number: an age, how many months old a document is.
    Number,
    /// Stated or not: what the person already tried, what they saw.
    Flag,
}

/// The facts people's words can state (`facts.toml`) and how they state them, per language
/// (`facts/<language>.toml`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FactBook {
    pub kinds: BTreeMap<String, FactKind>,
    pub languages: Vec<FactLanguage>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FactLanguage {
    /// The file's stem: `en`, `es`, `zh`...
    pub name: String,
    pub negations: Vec<String>,
    /// Number words and their values.
    pub numbers: Vec<(String, f64)>,
    pub sayings: Vec<Saying>,
}

/// One pattern that states a fact. `{n}` in a number fact's pattern stands for the number.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Saying {
    pub fact: String,
    pub pattern: String,
    /// What `{n}` is multiplied by.
    pub scale: f64,
    /// The number a pattern without `{n}` states.
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Outcome {
    pub kind: OutcomeKind,
    pub entry: String,
    /// Resolution steps (resolved outcomes; the entry's steps unless the node gives its own).
    pub steps: Vec<String>,
    pub warnings: Vec<String>,
    /// Where "that didn't help" goes; `None` means the hand-off to live support.
    pub unsolved: Option<String>,
    /// What to have ready for live support.
    pub prepare: Vec<String>,
    /// What the node's text, the steps and the warnings rest on.
    pub basis: OutcomeBasis,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutcomeBasis {
    pub text: Basis,
    pub steps: Vec<Basis>,
    pub warnings: Vec<Basis>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Question { choices: Vec<Choice> },
    Outcome(Outcome),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    pub text: String,
    pub entry: Option<String>,
    pub kind: NodeKind,
}

impl Node {
    pub fn choices(&self) -> &[Choice] {
        match &self.kind {
            NodeKind::Question { choices } => choices,
            NodeKind::Outcome(_) => &[],
        }
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        match &self.kind {
            NodeKind::Question { .. } => None,
            NodeKind::Outcome(outcome) => Some(outcome),
        }
    }
}

/// The diagnostic decision tree: acyclic, every node reachable from the root.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tree {
    pub root: String,
    pub nodes: BTreeMap<String, Node>,
    /// Entry id -> the node that opens its flow.
    pub starts: BTreeMap<String, String>,
}

impl Tree {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.get(id)
    }

    pub fn root(&self) -> &Node {
        &self.nodes[&self.root]
    }

    /// The node that opens the flow for `entry`, if the tree names one.
    pub fn start_for(&self, entry: &str) -> Option<&Node> {
        self.starts.get(entry).and_then(|id| self.nodes.get(id))
    }
}

/// Reply templates for `idhelp reply`: variables people may set, with their defaults, and
/// the reply's parts, each a template over those variables and the entry's own.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Templates {
    pub variables: BTreeMap<String, String>,
    pub reply: ReplyTemplate,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReplyTemplate {
    pub greeting: String,
    pub explanation: String,
    pub steps_intro: String,
    pub warnings_intro: String,
    pub policy_intro: String,
    pub support: String,
    pub closing: String,
}

/// The parts of a pack besides its entries and tree, each optional in the files.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    pub synonyms: BTreeMap<String, Vec<String>>,
    pub templates: Option<Templates>,
    pub topics: Vec<Topic>,
    pub examples: Vec<Example>,
    pub facts: FactBook,
}

/// The whole validated pack. It serializes as a snapshot for the cache (see
/// [`Knowledge::snapshot`]) and so must stay within what a format that is not
/// self-describing can read back (no skipped or flattened fields).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Knowledge {
    pub pack: Pack,
    entries: Vec<Entry>,
    /// Derived from `entries`; rebuilt when a snapshot is read.
    #[serde(skip)]
    entry_index: HashMap<String, usize>,
    pub tree: Tree,
    /// User phrase -> guide phrases.
    pub synonyms: BTreeMap<String, Vec<String>>,
    /// `None` when the pack has no templates.toml (then `reply` cannot run).
    pub templates: Option<Templates>,
    /// Neighbouring topics the pack does not cover (`topics.toml`).
    pub topics: Vec<Topic>,
    /// The labelled queries of the pack's tests that the model may learn from (see
    /// [`TestFile::training_examples`](super::TestFile::training_examples)).
    pub examples: Vec<Example>,
    /// The facts people's words can state, which answer the tree's questions for them.
    pub facts: FactBook,
    /// A hash of every source file: changes whenever the knowledge does.
    pub digest: String,
}

/// A neighbouring topic the pack does not cover (withdrawals, 2FA, ...): named, so the
/// assistant can say what a question is about, and with examples to recognise it by.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Topic {
    pub id: String,
    /// How the assistant names it: "that is about {name}".
    pub name: String,
    pub examples: Vec<String>,
}

/// A labelled description from the pack's tests: the entries it is about (none when out of
/// scope) and, out of scope, the topic it is about.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Example {
    pub text: String,
    pub expect: Vec<String>,
    pub topic: Option<String>,
}

impl Knowledge {
    pub fn new(
        pack: Pack,
        entries: Vec<Entry>,
        tree: Tree,
        extras: Extras,
        digest: String,
    ) -> Self {
        Self {
            pack,
            entry_index: index_of(&entries),
            entries,
            tree,
            synonyms: extras.synonyms,
            templates: extras.templates,
            topics: extras.topics,
            examples: extras.examples,
            facts: extras.facts,
            digest,
        }
    }

    /// The topic with this id.
    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.id == id)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entry_index.get(id).map(|&i| &self.entries[i])
    }

    /// True when some outcome of the tree for this entry is a policy limit.
    pub fn is_policy(&self, entry: &str) -> bool {
        self.tree.nodes.values().any(|node| {
            node.outcome()
                .is_some_and(|o| o.kind == OutcomeKind::Policy && o.entry == entry)
        })
    }

    /// The validated pack in a compact binary form, to cache it: [`Knowledge::from_snapshot`]
    /// reads it back without parsing and linting the pack's files again, several times
    /// faster than from JSON.
    pub fn snapshot(&self) -> postcard::Result<Vec<u8>> {
        postcard::to_allocvec(self)
    }

    /// The pack of a [`Knowledge::snapshot`], if `bytes` are one of the pack whose files hash
    /// to `digest`.
    pub fn from_snapshot(bytes: &[u8], digest: &str) -> Option<Self> {
        let mut knowledge: Self = postcard::from_bytes(bytes).ok()?;
        (knowledge.digest == digest).then(|| {
            knowledge.entry_index = index_of(&knowledge.entries);
            knowledge
        })
    }

    /// The closest entry id to `id`, for "did you mean".
    pub fn suggest_entry(&self, id: &str) -> Option<&str> {
        crate::text::did_you_mean(id, self.entries.iter().map(|e| e.id.as_str()))
    }
}

/// Entry id -> position in `entries`.
fn index_of(entries: &[Entry]) -> HashMap<String, usize> {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect()
}
