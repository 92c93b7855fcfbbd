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
    /// In scope, the entries ranked after the candidates, best first (ids): too unlikely to
    /// offer at once, they are the second chance after "none of these".
    pub runners_up: Vec<String>,
}

impl Recognized {
    /// Candidates whose first is sure.
    pub fn confident(candidates: Vec<Candidate>) -> Self {
        Self {
            confident: !candidates.is_empty(),
            candidates,
            ..Self::default()
        }
    }

    /// Candidates to choose from.
    pub fn plausible(candidates: Vec<Candidate>) -> Self {
        Self {
            candidates,
            ..Self::default()
        }
    }

    /// Nothing the knowledge covers; perhaps a named neighbouring topic.
    pub fn out_of_scope(topic: Option<String>) -> Self {
        Self {
            topic,
            ..Self::default()
        }
    }

    /// The same, with the entries ranked after the candidates.
    #[must_use]
    pub fn with_runners_up(mut self, runners_up: Vec<String>) -> Self {
        self.runners_up = runners_up;
        self
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

/// At most this many candidates are offered at once: more is a menu, not an answer. The
/// second chance, after "none of these", offers as many again.
pub const MAX_OFFERED: usize = 3;

/// In the middle of a flow, text that fits no choice is most likely a clumsy answer: unless
/// the recognizer is confident, its candidates are offered as a switch to another problem
/// only when the best is at least this likely.
pub const SWITCH_CONFIDENCE: f32 = 0.5;

/// At the tree's questions, "no, it's X" may answer the question ("no, it's in my mom's
/// name", which the model reads as a face-scan problem at 0.6 to 0.8) or say the problem is
/// another ("actually it's my proof of address", 0.96): it corrects the problem only when X is
/// at least this likely.
pub const CORRECTION_CONFIDENCE: f32 = 0.9;

/// What a description was recognised as.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Recognition {
    /// Nothing the knowledge covers; `topic` names what it is about instead, if known.
    Nothing { topic: Option<String> },
    /// About verification, but naming no problem ("kyc failed"): see [`super::vague`].
    Vague,
    /// One confident candidate, and the others best first, to offer if the user says it
    /// isn't that.
    One { entry: String, others: Vec<String> },
    /// Plausible candidates, best first, for the user to choose from, and the entries ranked
    /// after them, for a second chance.
    Several {
        entries: Vec<String>,
        later: Vec<String>,
    },
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
        let runners_up = recognized
            .runners_up
            .into_iter()
            .filter(|id| knowledge.entry(id).is_some());
        let offered = candidates.len().min(MAX_OFFERED);
        let mut ranked = Vec::new();
        for id in candidates.into_iter().map(|c| c.id).chain(runners_up) {
            if !ranked.contains(&id) {
                ranked.push(id);
            }
        }
        if offered == 0 {
            return Recognition::Nothing {
                topic: recognized.topic,
            };
        }
        if recognized.confident {
            let entry = ranked.remove(0);
            Recognition::One {
                entry,
                others: ranked,
            }
        } else if in_flow && weak {
            Recognition::Nothing { topic: None }
        } else {
            let later = ranked.split_off(offered);
            Recognition::Several {
                entries: ranked,
                later,
            }
        }
    }
}

impl Recognition {
    /// The recognition with the problem already being worked on left out, for a description
    /// given mid-flow; `None` when that problem is what was recognised (the user restated it).
    pub(super) fn without(self, current: &str) -> Option<Self> {
        match self {
            Recognition::One { entry, .. } if entry == current => None,
            Recognition::Several { entries, later } => {
                let mut rest: Vec<String> = entries.into_iter().filter(|e| e != current).collect();
                if rest.len() > 1 {
                    Some(Recognition::Several {
                        entries: rest,
                        later,
                    })
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
            Recognition::Several {
                entries: vec!["app-crash".to_owned(), "wrong-name".to_owned()],
                later: Vec::new(),
            }
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
        let several = Recognition::Several {
            entries: vec![current.to_owned(), "wrong-name".to_owned()],
            later: Vec::new(),
        };
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
