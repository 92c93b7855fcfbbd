//! idhelp: a terminal assistant for failed identity verification.
//!
//! - [`knowledge`]: the knowledge pack (entries, decision tree, synonyms), loaded and linted.
//! - [`search`]: tantivy search over the knowledge, with calibrated confidence.
//! - [`dialogue`]: the conversation engine: recognition, the decision tree, hand-off, redaction.
//! - [`recognize`]: search as the dialogue's recognizer (the only place the two meet).
//! - [`pack`]: opening a knowledge pack, from its files to a searcher (the one place).
//! - [`kbtest`]: knowledge tests: query and conversation cases, coverage, `JUnit` reports.
//! - [`reply`]: ready-to-paste replies to customers, from the pack's templates.
//! - [`text`]: what untrusted text may contain before it reaches a terminal.
//! - [`wordlists`]: the word lists read as data (`data/*.txt`).
//! - [`tui`]: the chat's front ends: the full-screen TUI and the plain line mode.
//! - [`cli`]: the command-line front end.

pub mod cli;
pub mod dialogue;
pub mod kbtest;
pub mod pack;
pub mod recognize;
pub mod reply;
pub mod tui;

pub use idhelp_core::{knowledge, search, text, wordlists};
