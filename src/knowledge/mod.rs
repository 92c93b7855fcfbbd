//! The knowledge pack: raw TOML shapes, the validated model, loading and linting.

mod diagnostic;
mod lint;
mod load;
mod model;
mod raw;
mod source;
pub mod template;

pub use diagnostic::{Diagnostic, Located, Rule, Severity};
pub(crate) use load::serde_diagnostic;
pub use load::{Checked, check, digest};
pub use model::{
    Choice, Decision, Entry, EntryKind, Example, Extras, Knowledge, Node, NodeKind, Outcome,
    OutcomeKind, Pack, Support, Topic, Tree,
};
pub use source::{BUILTIN_DIGEST, Content, MAX_FILE_BYTES, SourceError, SourceFile, Sources};

#[cfg(test)]
mod tests;
