//! Why an entry matched: which words were found, as what, where, and what each contributed.

use serde::Serialize;

use super::model::Contribution;
use super::query::{Familiarity, Origin};

/// The account of one candidate for `--explain`.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// True when the candidate counts as a match (confident or plausible).
    pub accepted: bool,
    /// The share of the query's weight the entry explains (see the module docs).
    pub coverage: f32,
    /// One report per searched word of the query, in query order.
    pub words: Vec<WordReport>,
    /// The model's features of the query that weighed most for this entry, for or against
    /// (empty for a pack without a model).
    pub features: Vec<Contribution>,
}

/// How a query was read, whatever it matched: for `--explain`.
#[derive(Debug, Clone, Serialize)]
pub struct QueryReport {
    /// The searched words (and CJK characters) in query order, with what each was searched as.
    pub words: Vec<WordPlan>,
    /// Words of the query too common to search for.
    pub stop_words: Vec<String>,
    /// True when only the start of a very long query was searched.
    pub truncated: bool,
}

/// One word of the query and the index terms searched for it.
#[derive(Debug, Clone, Serialize)]
pub struct WordPlan {
    pub word: String,
    pub weight: f32,
    pub familiarity: Familiarity,
    pub searched: Vec<Searched>,
}

/// An index term searched for on behalf of a query word, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Searched {
    pub term: String,
    #[serde(flatten)]
    pub origin: Origin,
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
    /// How much of the word's weight this explains: less for a synonym, a typo correction
    /// or a part that mentions things in passing.
    pub credit: f32,
}
