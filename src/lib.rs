//! idhelp: a terminal assistant for failed identity verification.
//!
//! - [`knowledge`]: the knowledge pack (entries, decision tree, synonyms), loaded and linted.
//! - [`search`]: tantivy search over the knowledge, with calibrated confidence.
//! - [`reply`]: ready-to-paste replies to customers, from the pack's templates.
//! - [`dialogue`]: the conversation engine: recognition, the decision tree, hand-off, redaction.
//! - [`text`]: what untrusted text may contain before it reaches a terminal.
//! - [`tui`]: the chat's front ends: the full-screen TUI and the plain line mode.
//! - [`cli`]: the command-line front end.

pub mod cli;
pub mod dialogue;
pub mod knowledge;
pub mod reply;
pub mod search;
pub mod text;
pub mod tui;
