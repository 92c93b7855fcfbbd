//! idhelp-core: a knowledge pack and its search, from TOML files to a trained model.
//!
//! It is its own crate so that idhelp's build script can validate, index and train the
//! built-in pack at compile time with the same code the binary runs.
//!
//! - [`knowledge`]: the knowledge pack (entries, decision tree, synonyms), loaded and linted.
//! - [`search`]: tantivy search over the knowledge, with the trained model's verdict.
//! - [`text`]: what untrusted text may contain before it reaches a terminal.
//! - [`wordlists`]: the word lists read as data (`data/*.txt`).

pub mod knowledge;
pub mod search;
pub mod text;
pub mod wordlists;
