//! Search over the knowledge: people's own words in, guide entries with a confidence out.
//!
//! [`Searcher`] indexes every entry with tantivy: the parts that name the problem (title,
//! aliases, question, summary, answer, source) each have an English and a CJK field, boosted
//! by how much the part says about the problem, and everything else (category, steps,
//! warnings, support) is ranked through one English and one CJK field for the whole entry.
//! A query is analysed like the entries (see `analysis`), never parsed as query syntax; each
//! word is searched as itself, as its synonyms from the knowledge's table, and, if the
//! knowledge does not know it, as the known words within one typo (from 4 letters) or two
//! (from 8). Synonyms and typo corrections are ordinary BM25 term queries with a boost below
//! 1, so they rank below the words as typed and keep their inverse document frequency (a
//! fuzzy query's constant score would not).
//!
//! # Confidence
//!
//! Each match carries a `confidence` between 0 and 1: the estimated probability that the
//! entry is what the query is about. It grows with the *coverage* of the query by the entry
//! (the share of the query's informative words, each weighted by its inverse document
//! frequency, that the entry contains, with less credit for a synonym, a typo correction or a
//! word found only in the steps), and falls as the entry's score falls below the best
//! candidate's. A logistic function of the two, fitted on the relevance suite, makes it a
//! calibrated probability (see `confidence`).
//! Small talk the knowledge does not know ("please", "still") weighs nothing; a topic word
//! it does not know ("withdrawal", "password") weighs as much as its rarest words, which is
//! how out-of-scope questions end up below the threshold.
//!
//! Matches below [`THRESHOLD`] are dropped: [`Searcher::search`] returns nothing when no
//! entry is likely enough. Above it, the dialogue decides (see `dialogue::recognizer`)
//! whether to confirm the top match alone or offer the top two or three. The threshold is
//! one constant, chosen on the relevance suite (`knowledge/tests/queries.toml`, run by
//! `tests/relevance.rs`).
//!
//! # Cache
//!
//! [`Searcher::open`] memory-maps an index cached under the user's cache directory (or
//! `$IDHELP_CACHE_DIR`), keyed by the knowledge digest, the schema version and the tool
//! version, and builds it on first use (see `cache`); every open checks the entry against
//! its manifest, and a damaged one is built again. A cache that cannot be used is never an
//! error: the searcher builds its index in memory instead.

mod analysis;
mod cache;
mod confidence;
mod evidence;
mod explain;
mod index;
pub mod model;
mod query;
mod schema;
mod searcher;
mod snippet;
mod synonyms;
pub mod synthetic;

pub use cache::{
    CACHE_DIR_ENV, CacheError, Cached, PreparedFiles, SearchData, cached_knowledge, default_root,
    prepared_knowledge, write_prepared,
};
pub use confidence::THRESHOLD;
pub use explain::{Explanation, Found, QueryReport, Searched, WordPlan, WordReport};
pub use model::{OutOfScopeTopic, Verdict};
pub use query::{Familiarity, MAX_QUERY_CHARS, Origin, is_searchable};
pub use searcher::{Match, Searcher, Storage, Understanding};
pub use snippet::Snippet;
