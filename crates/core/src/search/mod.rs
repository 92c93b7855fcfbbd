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
//! Each match carries a `confidence` between 0 and 1: the probability the trained model
//! (`model`, a logistic regression over the entries, the neighbouring topics of
//! `topics.toml` and everything else, trained by [`SearchData::train`]) gives the entry for
//! the text. The model's verdict applies the pack's `[decision]` thresholds: in scope when
//! the entries together are probable enough (else out of scope, with the topic named), then
//! confident in the first entry, or plausible (the dialogue offers the top two or three to
//! choose from). [`Searcher::search`] keeps only confident answers. Tantivy retrieves the
//! candidates and gives the snippets and the evidence shown by `--explain`.
//!
//! Packs too large to train a model for (`model::MAX_TRAINED_ENTRIES`) are ranked and
//! judged by retrieval alone: a logistic function of the *coverage* of the query by the entry
//! (the share of its informative words, weighted by inverse document frequency, that the
//! entry contains) and of the score relative to the best candidate's, with one
//! [`THRESHOLD`] (see `confidence`).
//!
//! # Where the search comes from
//!
//! A search is its index and its [`SearchData`] (the trained model and the analysed
//! synonyms). `src/pack.rs` in the idhelp crate decides where they come from: the built-in
//! pack's were written by [`write_prepared`] into the repository's `prepared/`, are embedded
//! in the binary and open from memory ([`Searcher::open_prepared`]); another pack's open from the on-disk cache
//! ([`Searcher::open_cached`], under the user's cache directory or `$IDHELP_CACHE_DIR`, keyed
//! by the pack's digest, the digest of this crate's code and word lists, and the tool's
//! version), or are trained and stored there ([`Searcher::store`]), or kept in memory when the
//! cache cannot be written ([`Searcher::in_memory`]). Every open of a cache entry checks it
//! against its manifest; a damaged one is removed, to be built again.

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
    CACHE_DIR_ENV, CacheError, Cached, PREPARED_DIGEST_FILE, PreparedFiles, SearchData,
    cached_knowledge, default_root, prepared_knowledge, write_prepared,
};
pub use confidence::THRESHOLD;
pub use explain::{Explanation, Found, QueryReport, Searched, WordPlan, WordReport};
pub use model::{OutOfScopeTopic, Verdict};
pub use query::{Familiarity, MAX_QUERY_CHARS, Origin, is_searchable};
pub use searcher::{Match, Searcher, Storage, Understanding};
pub use snippet::Snippet;
