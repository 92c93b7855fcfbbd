//! Why an entry matched: which words were found, as what, where, and what each contributed.

use serde::Serialize;

use super::query::{Familiarity, Origin};

/// The account of one candidate for `--explain`.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// True when the confidence reaches the threshold: the candidate is a match.
    pub accepted: bool,
    /// The share of the query's weight the entry explains (see the module docs).
    pub coverage: f32,
    /// One report per searched word of the query, in query order.
    pub words: Vec<WordReport>,
    /// Words of the query too common to search for.
    pub stop_words: Vec<String>,
    /// True when only the start of a very long query was searched.
    pub truncated: bool,
}

/// One word (or CJK character) of the query, as this entry saw it.
#[derive(Debug, Clone, Serialize)]
pub struct WordReport {
    /// The word as typed.
    pub word: String,
    /// How much the word counts towards coverage (its inverse document frequency).
    pub weight: f32,
    pub familiarity: Familiarity,
    /// The best way the word was found in this entry, if it was.
    pub found: Option<Found>,
    /// What the word's terms added to the entry's score. A term shared by two words
    /// (a pair of CJK characters) counts for both.
    pub score: f32,
}

/// A term of the index that stood for a query word in an entry.
#[derive(Debug, Clone, Serialize)]
pub struct Found {
    /// The index term (a stem, or CJK characters).
    pub term: String,
    #[serde(flatten)]
    pub origin: Origin,
    /// The part of the entry it was found in ("title", "aliases", "steps", ...).
    pub part: &'static str,
}
