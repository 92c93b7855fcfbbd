//! A suite's figures: recall, rejection, first replies, per-entry precision and recall, the
//! most confused entries, and how well confidence matches observed accuracy.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dialogue::{MAX_OFFERED, Recognized, names_no_problem};

/// The entry a miss was taken for when nothing was: the confusion tables' name for "no match".
pub const NOTHING: &str = "(nothing)";
/// The expected side of an out-of-scope query in the confusion tables.
pub const OUT_OF_SCOPE: &str = "(out of scope)";
/// Confidence bins of the reliability table: tenths.
const BINS: usize = 10;
/// How many confused pairs the report lists.
const CONFUSIONS: usize = 8;

/// What the chat's first reply to `text` names, as the suites measure it: nothing for a text
/// that names no problem (the chat asks what went wrong instead), else what `recognize`
/// makes of it.
pub fn first_reply(text: &str, recognize: impl FnOnce(&str) -> Recognized) -> Recognized {
    if names_no_problem(text) {
        Recognized::default()
    } else {
        recognize(text)
    }
}

/// One query and what the recognizer made of it.
pub struct Observation<'a> {
    pub expect: &'a [String],
    pub recognized: Recognized,
}

impl Observation<'_> {
    /// Whether the chat's first reply to the query is right: in scope, it names a right
    /// entry (the confirmed one, or one of those offered); out of scope, it names none.
    pub fn first_reply_right(&self) -> bool {
        let candidates = &self.recognized.candidates;
        let right = |id: &str| self.expect.iter().any(|e| e == id);
        if self.expect.is_empty() {
            candidates.is_empty()
        } else if self.recognized.confident {
            candidates.first().is_some_and(|c| right(&c.id))
        } else {
            candidates.iter().take(MAX_OFFERED).any(|c| right(&c.id))
        }
    }
}

/// The figures of one suite.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub in_scope: usize,
    pub out_of_scope: usize,
    /// In-scope queries whose first match is right.
    pub recall_at_1: f64,
    /// In-scope queries with a right entry among the first three matches.
    pub recall_at_3: f64,
    /// Out-of-scope queries with no match.
    pub rejection: f64,
    /// In-scope queries whose first chat reply names a right entry: the confirmed one, or
    /// one of those offered.
    pub first_reply: f64,
    /// In-scope queries answered with a confident match (right or wrong).
    pub confident: f64,
    /// Of all confident answers (in scope or not), the share whose entry is wrong.
    pub confident_wrong: f64,
    pub entries: Vec<EntryFigures>,
    /// Expected entry -> what came first instead, most frequent first.
    pub confusions: Vec<Confusion>,
    pub reliability: Vec<Bin>,
    /// Expected calibration error: the mean gap between confidence and accuracy, weighted
    /// by how many answers each bin holds.
    pub calibration_error: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryFigures {
    pub entry: String,
    /// Queries expecting it.
    pub support: usize,
    /// Of the queries answered with it first, the share that expected it.
    pub precision: Option<f64>,
    /// Of the queries expecting it, the share answered with it first.
    pub recall: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Confusion {
    pub expected: String,
    pub got: String,
    pub count: usize,
}

/// Answers whose confidence fell in `[low, high)`, and how many of them were right.
#[derive(Debug, Clone, Serialize)]
pub struct Bin {
    pub low: f64,
    pub high: f64,
    pub answers: usize,
    pub mean_confidence: f64,
    pub accuracy: f64,
}

pub(super) fn share(count: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        #[allow(clippy::cast_precision_loss)]
        let share = count as f64 / total as f64;
        share
    }
}

/// Measures a suite.
pub fn measure(observations: &[Observation]) -> Figures {
    let mut counts = Counts::default();
    let mut per_entry: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut confused: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut bins = vec![(0usize, 0.0f64, 0usize); BINS];
    for observation in observations {
        let candidates = &observation.recognized.candidates;
        let first = candidates.first().map(|c| c.id.as_str());
        let right = |id: &str| observation.expect.iter().any(|e| e == id);
        let first_right = first.is_some_and(right);
        if let Some(candidate) = candidates.first() {
            let confidence = f64::from(candidate.confidence.clamp(0.0, 1.0));
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let bin = ((confidence * BINS as f64) as usize).min(BINS - 1);
            bins[bin].0 += 1;
            bins[bin].1 += confidence;
            bins[bin].2 += usize::from(first_right);
            per_entry.entry(candidate.id.as_str()).or_default().1 += 1;
            if first_right {
                per_entry.entry(candidate.id.as_str()).or_default().2 += 1;
            }
        }
        if observation.recognized.confident && first.is_some() {
            counts.answered_confidently += 1;
            counts.confidently_wrong += usize::from(!first_right);
        }
        if observation.expect.is_empty() {
            counts.out_of_scope += 1;
            match first {
                None => counts.rejected += 1,
                Some(got) => {
                    *confused
                        .entry((OUT_OF_SCOPE.to_owned(), got.to_owned()))
                        .or_default() += 1;
                }
            }
            continue;
        }
        counts.in_scope += 1;
        for expected in observation.expect {
            per_entry.entry(expected.as_str()).or_default().0 += 1;
        }
        let offered = candidates.iter().take(MAX_OFFERED);
        let in_three = offered.clone().any(|c| right(&c.id));
        counts.at_1 += usize::from(first_right);
        counts.at_3 += usize::from(in_three);
        counts.confident += usize::from(observation.recognized.confident);
        counts.first_reply += usize::from(observation.first_reply_right());
        if !first_right {
            *confused
                .entry((
                    observation.expect[0].clone(),
                    first.unwrap_or(NOTHING).to_owned(),
                ))
                .or_default() += 1;
        }
    }
    let entries = per_entry
        .into_iter()
        .map(|(entry, (support, answered, right))| EntryFigures {
            entry: entry.to_owned(),
            support,
            precision: (answered > 0).then(|| share(right, answered)),
            recall: (support > 0).then(|| share(right, support)),
        })
        .collect();
    let mut confusions: Vec<Confusion> = confused
        .into_iter()
        .map(|((expected, got), count)| Confusion {
            expected,
            got,
            count,
        })
        .collect();
    confusions.sort_by_key(|c| std::cmp::Reverse(c.count));
    confusions.truncate(CONFUSIONS);
    let (reliability, calibration_error) = reliability(bins);
    Figures {
        in_scope: counts.in_scope,
        out_of_scope: counts.out_of_scope,
        recall_at_1: share(counts.at_1, counts.in_scope),
        recall_at_3: share(counts.at_3, counts.in_scope),
        rejection: share(counts.rejected, counts.out_of_scope),
        first_reply: share(counts.first_reply, counts.in_scope),
        confident: share(counts.confident, counts.in_scope),
        confident_wrong: share(counts.confidently_wrong, counts.answered_confidently),
        entries,
        confusions,
        reliability,
        calibration_error,
    }
}

/// The reliability table of (answers, sum of confidence, right answers) per bin, and the
/// expected calibration error.
fn reliability(bins: Vec<(usize, f64, usize)>) -> (Vec<Bin>, f64) {
    let answered: usize = bins.iter().map(|b| b.0).sum();
    let mut calibration_error = 0.0;
    let table = bins
        .into_iter()
        .enumerate()
        .map(|(i, (answers, confidence_sum, right))| {
            #[allow(clippy::cast_precision_loss)]
            let (low, mean_confidence) = (
                i as f64 / BINS as f64,
                if answers == 0 {
                    0.0
                } else {
                    confidence_sum / answers as f64
                },
            );
            let accuracy = share(right, answers);
            calibration_error += share(answers, answered) * (accuracy - mean_confidence).abs();
            #[allow(clippy::cast_precision_loss)]
            let high = (i + 1) as f64 / BINS as f64;
            Bin {
                low,
                high,
                answers,
                mean_confidence,
                accuracy,
            }
        })
        .collect();
    (table, calibration_error)
}

#[derive(Default)]
struct Counts {
    in_scope: usize,
    out_of_scope: usize,
    at_1: usize,
    at_3: usize,
    rejected: usize,
    confident: usize,
    answered_confidently: usize,
    confidently_wrong: usize,
    first_reply: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialogue::Candidate;

    fn recognized(confident: bool, list: &[(&str, f32)]) -> Recognized {
        let candidates = list.iter().map(|&(id, c)| Candidate::new(id, c)).collect();
        if confident {
            Recognized::confident(candidates)
        } else {
            Recognized::plausible(candidates)
        }
    }

    #[test]
    fn counts_recall_rejection_first_replies_and_calibration() {
        let upload = vec!["upload".to_owned()];
        let none: Vec<String> = Vec::new();
        let answers = [
            (upload.clone(), recognized(true, &[("upload", 0.95)])),
            (
                upload.clone(),
                recognized(true, &[("camera", 0.85), ("upload", 0.3)]),
            ),
            (
                upload.clone(),
                recognized(false, &[("camera", 0.4), ("upload", 0.3)]),
            ),
            (upload.clone(), recognized(false, &[])),
            (none.clone(), recognized(false, &[])),
            (none.clone(), recognized(false, &[("camera", 0.35)])),
        ];
        let observations: Vec<Observation> = answers
            .iter()
            .map(|(expect, recognized)| Observation {
                expect,
                recognized: recognized.clone(),
            })
            .collect();
        let figures = measure(&observations);
        assert_eq!((figures.in_scope, figures.out_of_scope), (4, 2));
        assert!((figures.recall_at_1 - 0.25).abs() < 1e-9);
        assert!((figures.recall_at_3 - 0.75).abs() < 1e-9);
        assert!(
            (figures.first_reply - 0.5).abs() < 1e-9,
            "confirmed wrong is not named"
        );
        assert!((figures.rejection - 0.5).abs() < 1e-9);
        assert!(
            (figures.confident_wrong - 0.5).abs() < 1e-9,
            "one of the two confident answers is wrong"
        );
        let camera = figures.entries.iter().find(|e| e.entry == "camera");
        assert_eq!(camera.and_then(|e| e.precision), Some(0.0));
        assert_eq!(figures.confusions[0].expected, "upload");
        assert_eq!(figures.confusions[0].got, "camera");
        assert_eq!(figures.confusions[0].count, 2);
        let answered: usize = figures.reliability.iter().map(|b| b.answers).sum();
        assert_eq!(answered, 4);
        assert!(figures.calibration_error > 0.0 && figures.calibration_error < 1.0);
    }
}
