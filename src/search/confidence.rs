//! Turning what an entry explains of a query into a calibrated confidence.

/// Matches below this confidence are not matches. Chosen once, on the relevance suite
/// (`knowledge/tests/queries.toml`), as the value that best separates right answers from
/// out-of-scope questions; never adjusted per query.
pub const THRESHOLD: f32 = 0.5;

/// The confidence of a candidate, from its coverage (the share of the query's weight it
/// explains) and its score relative to the best candidate's.
pub(crate) fn confidence(coverage: f32, relative_score: f32) -> f32 {
    (coverage * (0.5 + 0.5 * relative_score)).clamp(0.0, 1.0)
}

/// A top match at least this confident, and clearly ahead of the next one, can be confirmed
/// on its own ("It sounds like ... Is that right?").
pub const CONFIDENT: f32 = 0.75;
