//! The glue between search and the dialogue: the search index as the engine's recognizer.
//! It lives outside both so that neither depends on the other.

use crate::dialogue::{Candidate, Recognized, Recognizer};
use crate::search::{Searcher, Verdict};

/// How many matches a description is weighed against: the engine offers at most
/// [`crate::dialogue::MAX_OFFERED`]; query tests may ask for a longer top list.
pub const CANDIDATES: usize = 10;

/// Search's understanding as the dialogue's recognition: entry ids with their confidence,
/// whether the first is confident, and the topic of an out-of-scope description.
pub struct SearchRecognizer<'a>(pub &'a Searcher);

impl Recognizer for SearchRecognizer<'_> {
    fn recognize(&self, text: &str) -> Recognized {
        let understanding = self.0.understand(text, CANDIDATES);
        recognized(
            understanding
                .matches
                .into_iter()
                .map(|found| (found.id, found.confidence)),
            understanding.verdict,
            self.0.decision().confirm,
        )
        .with_runners_up(understanding.runners_up)
    }
}

/// The dialogue's recognition of entries (id, confidence) best first, with search's verdict:
/// a confident first entry is the dialogue's to confirm alone only from `confirm` (the pack's
/// `[decision]`), and is offered in a list below it.
pub fn recognized(
    entries: impl IntoIterator<Item = (String, f32)>,
    verdict: Verdict,
    confirm: f32,
) -> Recognized {
    let candidates: Vec<Candidate> = entries
        .into_iter()
        .map(|(id, confidence)| Candidate::new(id, confidence))
        .collect();
    let sure = candidates.first().is_some_and(|c| c.confidence >= confirm);
    match verdict {
        Verdict::Confident if sure => Recognized::confident(candidates),
        Verdict::Confident | Verdict::Plausible => Recognized::plausible(candidates),
        Verdict::OutOfScope { topic } => Recognized::out_of_scope(topic.map(|t| t.name)),
    }
}
