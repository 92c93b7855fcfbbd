//! idhelp: a terminal assistant for failed identity verification.
//!
//! - [`knowledge`]: the knowledge pack (entries, decision tree, synonyms), loaded and linted.
//! - [`dialogue`]: the conversation engine: recognition, the decision tree, hand-off, redaction.
//! - [`text`]: what untrusted text may contain before it reaches a terminal.
//! - [`cli`]: the command-line front end.

pub mod cli;
pub mod dialogue;
pub mod knowledge;
pub mod text;
