//! idhelp: a terminal assistant for failed identity verification.
//!
//! - [`knowledge`]: the knowledge pack (entries, decision tree, synonyms), loaded and linted.
//! - [`text`]: what untrusted text may contain before it reaches a terminal.
//! - [`tui`]: the chat's front ends: the full-screen TUI and the plain line mode.
//! - [`cli`]: the command-line front end.

pub mod cli;
pub mod knowledge;
pub mod text;
pub mod tui;
