//! The glue between search and the dialogue: the search index as the engine's recognizer.
//! It lives outside both so that neither depends on the other.

use crate::dialogue::{Candidate, Recognizer};
use crate::search::Searcher;

/// How many matches a description is weighed against (the engine offers at most three; query
/// tests may ask for a longer top list).
pub const CANDIDATES: usize = 10;

/// Search matches as dialogue candidates: entry ids with their calibrated confidence.
pub struct SearchRecognizer<'a>(pub &'a Searcher);

impl Recognizer for SearchRecognizer<'_> {
    fn recognize(&self, text: &str) -> Vec<Candidate> {
        self.0
            .search(text, CANDIDATES)
            .into_iter()
            .map(|found| Candidate::new(found.id, found.confidence))
            .collect()
    }
}
