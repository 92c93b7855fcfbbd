//! What `load` parsed of a pack, item by item, before the cross-file rules: the shapes `load`
//! fills and `lint` and `facts` check, kept apart so that imports go one way
//! (`load` -> `lint` -> `facts` -> `parsed`).

use std::collections::{BTreeMap, HashMap};

use toml::Spanned;

use super::model::Example;
use super::raw::{
    RawEntry, RawFactLanguage, RawFactsFile, RawNode, RawPackFile, RawTemplates, RawTopic,
};

/// A raw entry with the file it came from.
pub(super) struct EntrySource {
    pub file: String,
    pub stem: String,
    pub raw: RawEntry,
}

/// A raw tree node with its id and where its `[node.<id>]` key stands.
pub(super) struct NodeSource {
    pub id: Spanned<String>,
    pub raw: RawNode,
}

/// Everything that parsed, ready for the cross-file rules in `lint`.
#[derive(Default)]
pub(super) struct RawPackSet {
    pub pack: Option<RawPackFile>,
    pub entries: Vec<EntrySource>,
    pub tree_file: String,
    pub templates_file: String,
    pub root: Option<Spanned<String>>,
    pub starts: Vec<(Spanned<String>, Spanned<String>)>,
    pub nodes: Vec<NodeSource>,
    pub synonyms: BTreeMap<String, Vec<String>>,
    pub templates: Option<RawTemplates>,
    pub pack_file: String,
    pub topics_file: String,
    pub topics: Vec<RawTopic>,
    pub examples: Vec<Example>,
    /// Ids of entries and nodes that exist but failed to parse: known to references, so one
    /// broken item does not cascade into a finding at every place that names it.
    pub broken_entries: Vec<String>,
    pub broken_nodes: Vec<String>,
    /// The pack's text files (`.txt`) by relative path: (file as shown, text).
    pub documents: HashMap<String, (String, String)>,
    pub facts_file: String,
    pub facts: Option<RawFactsFile>,
    pub fact_languages: Vec<FactLanguageSource>,
}

/// A language file of the facts, with the file it came from.
pub(super) struct FactLanguageSource {
    pub file: String,
    pub name: String,
    pub raw: RawFactLanguage,
}
