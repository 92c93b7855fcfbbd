//! idhelp-core: a knowledge pack and its search, from TOML files to a trained model.
//!
//! It is its own crate because it is the engine the rest only uses: the front ends' changes
//! do not rebuild it (nor change the digest that keys the search cache, which is this crate's
//! code and the word lists), and it needs none of their dependencies.
//!
//! - [`knowledge`]: the knowledge pack (entries, decision tree, synonyms), loaded and linted.
//! - [`search`]: tantivy search over the knowledge, with the trained model's verdict.
//! - [`text`]: what untrusted text may contain before it reaches a terminal.
//! - [`wordlists`]: the word lists read as data (`data/*.txt`).

pub mod knowledge;
pub mod search;
pub mod text;
pub mod wordlists;
