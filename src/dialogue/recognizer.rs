//! How the engine recognises a problem from a description: search is injected as a
//! [`Recognizer`], and its candidates are read with a few named cut-offs.

use serde::Serialize;

use crate::knowledge::Knowledge;

/// One entry search found for a description.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The entry id.
    pub id: String,
    /// 0..=1, calibrated by search; only candidates above search's own threshold are passed.
    pub confidence: f32,
}

impl Candidate {
    pub fn new(id: impl Into<String>, confidence: f32) -> Self {
        Self {
            id: id.into(),
            confidence,
        }
    }
}

/// Finds the entries a description is about, best first. The CLI and TUI adapt the search
/// engine to this; tests use a keyword table.
pub trait Recognizer {
    fn recognize(&self, text: &str) -> Vec<Candidate>;
}

impl<F: Fn(&str) -> Vec<Candidate>> Recognizer for F {
    fn recognize(&self, text: &str) -> Vec<Candidate> {
        self(text)
    }
}

/// The top candidate is confirmed alone only when it leads the runner-up by this much.
/// A wrong single guess costs a "no" and a detour; a short list costs one pick, so when two
/// candidates are close the user chooses.
pub const CLEAR_LEAD: f32 = 0.2;

/// Candidates further than this below the top one are not offered: next to it they are noise.
pub const OFFER_SPREAD: f32 = 0.3;

/// At most this many candidates are offered at once: more is a menu, not an answer.
pub const MAX_OFFERED: usize = 3;

/// In the middle of a flow, text that fits no choice is most likely a clumsy answer. Only a
/// candidate this confident is offered as a switch to another problem; weaker ones are taken
/// as an answer that wasn't understood.
pub const SWITCH_CONFIDENCE: f32 = 0.5;

/// What a description was recognised as.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Recognition {
    Nothing,
    /// One clear candidate, and the weaker ones to offer if the user says it isn't that.
    One {
        entry: String,
        others: Vec<String>,
    },
    /// Several close candidates, best first.
    Several(Vec<String>),
}

impl Recognition {
    /// Reads the recognizer's candidates: unknown ids, repeats and non-finite scores are
    /// dropped, the rest sorted best first.
    pub(super) fn of(candidates: Vec<Candidate>, knowledge: &Knowledge, in_flow: bool) -> Self {
        let mut seen = Vec::new();
        let mut candidates: Vec<Candidate> = candidates
            .into_iter()
            .filter(|c| c.confidence.is_finite() && knowledge.entry(&c.id).is_some())
            .filter(|c| {
                let fresh = !seen.contains(&c.id);
                seen.push(c.id.clone());
                fresh
            })
            .collect();
        candidates.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        let Some(top) = candidates.first() else {
            return Recognition::Nothing;
        };
        if in_flow && top.confidence < SWITCH_CONFIDENCE {
            return Recognition::Nothing;
        }
        let floor = top.confidence - OFFER_SPREAD;
        let offered: Vec<String> = candidates
            .iter()
            .take(MAX_OFFERED)
            .filter(|c| c.confidence >= floor)
            .map(|c| c.id.clone())
            .collect();
        let clear = candidates
            .get(1)
            .is_none_or(|second| top.confidence - second.confidence >= CLEAR_LEAD);
        if clear {
            Recognition::One {
                entry: top.id.clone(),
                others: offered.into_iter().skip(1).collect(),
            }
        } else {
            Recognition::Several(offered)
        }
    }
}

impl Recognition {
    /// The recognition with the problem already being worked on left out, for a description
    /// given mid-flow; `None` when that problem is what was recognised (the user restated it).
    pub(super) fn without(self, current: &str) -> Option<Self> {
        match self {
            Recognition::One { entry, .. } if entry == current => None,
            Recognition::Several(entries) => {
                let mut rest: Vec<String> = entries.into_iter().filter(|e| e != current).collect();
                if rest.len() > 1 {
                    Some(Recognition::Several(rest))
                } else {
                    rest.pop().map(|entry| Recognition::One {
                        entry,
                        others: Vec::new(),
                    })
                }
            }
            other => Some(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialogue::tests::minimal;

    fn read(candidates: &[(&str, f32)], in_flow: bool) -> Recognition {
        let candidates = candidates
            .iter()
            .map(|&(id, confidence)| Candidate::new(id, confidence))
            .collect();
        Recognition::of(candidates, &minimal(), in_flow)
    }

    fn one(entry: &str, others: &[&str]) -> Recognition {
        Recognition::One {
            entry: entry.to_owned(),
            others: others.iter().map(|&s| s.to_owned()).collect(),
        }
    }

    #[test]
    fn reads_candidates_with_the_cut_offs() {
        assert_eq!(read(&[], false), Recognition::Nothing);
        assert_eq!(read(&[("app-crash", 0.3)], false), one("app-crash", &[]));
        assert_eq!(
            read(&[("app-crash", 0.9), ("wrong-name", 0.65)], false),
            one("app-crash", &["wrong-name"])
        );
        assert_eq!(
            read(&[("app-crash", 0.9), ("wrong-name", 0.5)], false),
            one("app-crash", &[])
        );
        assert_eq!(
            read(&[("wrong-name", 0.8), ("app-crash", 0.75)], false),
            Recognition::Several(vec!["wrong-name".to_owned(), "app-crash".to_owned()])
        );
    }

    #[test]
    fn drops_unknown_repeated_and_broken_candidates() {
        assert_eq!(
            read(
                &[
                    ("nope", 0.99),
                    ("app-crash", f32::NAN),
                    ("wrong-name", 0.4),
                    ("wrong-name", 0.39)
                ],
                false
            ),
            one("wrong-name", &[])
        );
        assert_eq!(
            read(&[("app-crash", 0.2), ("wrong-name", 0.9)], false),
            one("wrong-name", &[])
        );
    }

    #[test]
    fn leaves_out_the_problem_at_hand() {
        let current = "app-crash";
        assert_eq!(one(current, &["wrong-name"]).without(current), None);
        assert_eq!(
            one("wrong-name", &[current]).without(current),
            Some(one("wrong-name", &[current]))
        );
        let several = Recognition::Several(vec![current.to_owned(), "wrong-name".to_owned()]);
        assert_eq!(several.without(current), Some(one("wrong-name", &[])));
        assert_eq!(
            Recognition::Nothing.without(current),
            Some(Recognition::Nothing)
        );
    }

    #[test]
    fn mid_flow_needs_a_confident_candidate() {
        assert_eq!(read(&[("app-crash", 0.4)], true), Recognition::Nothing);
        assert_eq!(read(&[("app-crash", 0.6)], true), one("app-crash", &[]));
    }
}
