//! What an `ID|TEXT` argument names: an entry by id, or the entry search finds for the text.

use crate::knowledge::{Entry, Knowledge};
use crate::search::Searcher;

/// How a target was understood.
pub enum Resolved<'k> {
    Entry {
        entry: &'k Entry,
        confidence: Option<f32>,
    },
    /// Looks like an id but is none: exit 2 with a suggestion.
    UnknownId(String),
    /// Text that matches nothing confidently: exit 1, no guessing.
    NoMatch,
}

/// An id-shaped target (one lowercase kebab-case word with a dash) is taken as an id.
fn looks_like_id(target: &str) -> bool {
    target.contains('-')
        && target
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub fn resolve<'k>(
    knowledge: &'k Knowledge,
    searcher: &mut Option<Searcher>,
    target: &str,
) -> Resolved<'k> {
    let target = target.trim();
    if let Some(entry) = knowledge.entry(target) {
        return Resolved::Entry {
            entry,
            confidence: None,
        };
    }
    if looks_like_id(target) {
        return Resolved::UnknownId(hint_of(knowledge, target));
    }
    let searcher = searcher.get_or_insert_with(|| super::searcher_of(knowledge));
    match searcher.search(target, 1).into_iter().next() {
        Some(found) => knowledge
            .entry(&found.id)
            .map_or(Resolved::NoMatch, |entry| Resolved::Entry {
                entry,
                confidence: Some(found.confidence),
            }),
        None => Resolved::NoMatch,
    }
}

pub fn hint_of(knowledge: &Knowledge, target: &str) -> String {
    knowledge
        .suggest_entry(target)
        .map_or_else(String::new, |s| format!("; did you mean `{s}`?"))
}
