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

/// What a recognizer made of a description.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Recognized {
    /// The entries it may be about, best first.
    pub candidates: Vec<Candidate>,
    /// True when the first candidate is sure enough to confirm alone; otherwise the
    /// candidates are only plausible, for the user to choose from.
    pub confident: bool,
    /// With no candidates: the name of the neighbouring topic the description is about,
    /// if the recognizer knows it ("withdrawals").
    pub topic: Option<String>,
}

impl Recognized {
    /// Candidates whose first is sure.
    pub fn confident(candidates: Vec<Candidate>) -> Self {
        Self {
            confident: !candidates.is_empty(),
            candidates,
            topic: None,
        }
    }

    /// Candidates to choose from.
    pub fn plausible(candidates: Vec<Candidate>) -> Self {
        Self {
            candidates,
            confident: false,
            topic: None,
        }
    }

    /// Nothing the knowledge covers; perhaps a named neighbouring topic.
    pub fn out_of_scope(topic: Option<String>) -> Self {
        Self {
            candidates: Vec::new(),
            confident: false,
            topic,
        }
    }
}

/// Finds the entries a description is about, best first, and says how sure it is. The CLI
/// and TUI adapt the search engine to this; tests use a keyword table.
pub trait Recognizer {
    fn recognize(&self, text: &str) -> Recognized;
}

impl<F: Fn(&str) -> Recognized> Recognizer for F {
    fn recognize(&self, text: &str) -> Recognized {
        self(text)
    }
}

/// At most this many candidates are offered at once: more is a menu, not an answer.
pub const MAX_OFFERED: usize = 3;

/// In the middle of a flow, text that fits no choice is most likely a clumsy answer: unless
/// the recognizer is confident, its candidates are offered as a switch to another problem
/// only when the best is at least this likely.
pub const SWITCH_CONFIDENCE: f32 = 0.5;

/// What a description was recognised as.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Recognition {
    /// Nothing the knowledge covers; `topic` names what it is about instead, if known.
    Nothing { topic: Option<String> },
    /// One confident candidate, and the plausible ones to offer if the user says it isn't that.
    One { entry: String, others: Vec<String> },
    /// Plausible candidates, best first, for the user to choose from.
    Several(Vec<String>),
}

impl Recognition {
    /// Reads the recognizer's answer: unknown ids, repeats and non-finite scores are dropped,
    /// the rest sorted best first. In the middle of a flow, weak candidates are not taken as
    /// another problem (see [`SWITCH_CONFIDENCE`]).
    pub(super) fn of(recognized: Recognized, knowledge: &Knowledge, in_flow: bool) -> Self {
        let mut seen = Vec::new();
        let mut candidates: Vec<Candidate> = recognized
            .candidates
            .into_iter()
            .filter(|c| c.confidence.is_finite() && knowledge.entry(&c.id).is_some())
            .filter(|c| {
                let fresh = !seen.contains(&c.id);
                seen.push(c.id.clone());
                fresh
            })
            .collect();
        candidates.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        let weak = candidates
            .first()
            .is_some_and(|c| c.confidence < SWITCH_CONFIDENCE);
        let mut ids = candidates.into_iter().take(MAX_OFFERED).map(|c| c.id);
        let Some(top) = ids.next() else {
            return Recognition::Nothing {
                topic: recognized.topic,
            };
        };
        if recognized.confident {
            Recognition::One {
                entry: top,
                others: ids.collect(),
            }
        } else if in_flow && weak {
            Recognition::Nothing { topic: None }
        } else {
            Recognition::Several(std::iter::once(top).chain(ids).collect())
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

    fn candidates(list: &[(&str, f32)]) -> Vec<Candidate> {
        list.iter()
            .map(|&(id, confidence)| Candidate::new(id, confidence))
            .collect()
    }

    fn one(entry: &str, others: &[&str]) -> Recognition {
        Recognition::One {
            entry: entry.to_owned(),
            others: others.iter().map(|&s| s.to_owned()).collect(),
        }
    }

    fn nothing() -> Recognition {
        Recognition::Nothing { topic: None }
    }

    #[test]
    fn a_confident_answer_is_confirmed_and_a_plausible_one_offered() {
        let knowledge = minimal();
        let read = |r: Recognized| Recognition::of(r, &knowledge, false);
        assert_eq!(read(Recognized::default()), nothing());
        assert_eq!(
            read(Recognized::confident(candidates(&[
                ("app-crash", 0.9),
                ("wrong-name", 0.3)
            ]))),
            one("app-crash", &["wrong-name"])
        );
        assert_eq!(
            read(Recognized::plausible(candidates(&[
                ("wrong-name", 0.3),
                ("app-crash", 0.4)
            ]))),
            Recognition::Several(vec!["app-crash".to_owned(), "wrong-name".to_owned()])
        );
        assert_eq!(
            read(Recognized::out_of_scope(Some("withdrawals".into()))),
            Recognition::Nothing {
                topic: Some("withdrawals".into())
            }
        );
    }

    #[test]
    fn drops_unknown_repeated_and_broken_candidates() {
        let knowledge = minimal();
        let recognized = Recognized::confident(candidates(&[
            ("nope", 0.99),
            ("app-crash", f32::NAN),
            ("wrong-name", 0.4),
            ("wrong-name", 0.39),
        ]));
        assert_eq!(
            Recognition::of(recognized, &knowledge, false),
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
        assert_eq!(nothing().without(current), Some(nothing()));
    }

    #[test]
    fn mid_flow_needs_a_confident_candidate() {
        let knowledge = minimal();
        let plausible = Recognized::plausible(candidates(&[("app-crash", 0.4)]));
        assert_eq!(Recognition::of(plausible, &knowledge, true), nothing());
        let confident = Recognized::confident(candidates(&[("app-crash", 0.6)]));
        assert_eq!(
            Recognition::of(confident, &knowledge, true),
            one("app-crash", &[])
        );
    }
}
