//! What an `ID|TEXT` argument names: an entry by id, or the entry search finds for the text.

use crate::knowledge::{Entry, Knowledge};
use crate::search::Searcher;
use crate::text::sanitize_line;

/// How a target was understood.
pub enum Resolved<'k> {
    Entry {
        entry: &'k Entry,
        confidence: Option<f32>,
    },
    /// Looks like an id but is none: exit 2 with this message (see [`unknown_id`]).
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
        return Resolved::UnknownId(unknown_id(knowledge, target));
    }
    let searcher = searcher.get_or_insert_with(|| crate::pack::searcher(knowledge));
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

/// The most characters of an unknown id echoed back: far longer than any real id.
const MAX_ECHOED_ID_CHARS: usize = 60;

/// Why `id` names no entry, with the nearest id as a did-you-mean. The id is made safe and,
/// past [`MAX_ECHOED_ID_CHARS`], cut with its length said: an id that long is no typo of a
/// real one, so nothing is suggested for it.
pub fn unknown_id(knowledge: &Knowledge, id: &str) -> String {
    let length = id.chars().count();
    if length > MAX_ECHOED_ID_CHARS {
        let start: String = id.chars().take(MAX_ECHOED_ID_CHARS).collect();
        return format!(
            "no entry has the id `{}…` ({length} characters)",
            sanitize_line(&start)
        );
    }
    let hint = knowledge
        .suggest_entry(id)
        .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
    format!("no entry has the id `{}`{hint}", sanitize_line(id))
}
