//! idhelp: a terminal assistant for failed identity verification.
//!
//! - [`knowledge`]: the knowledge pack (entries, decision tree, synonyms), loaded and linted.
//! - [`search`]: tantivy search over the knowledge, with calibrated confidence.
//! - [`reply`]: ready-to-paste replies to customers, from the pack's templates.
//! - [`text`]: what untrusted text may contain before it reaches a terminal.
//! - [`cli`]: the command-line front end.

pub mod cli;
pub mod knowledge;
pub mod reply;
pub mod search;
pub mod text;
