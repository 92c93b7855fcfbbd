//! The knowledge pack: raw TOML shapes, the validated model, loading and linting.

mod cases;
mod checks;
mod citation;
mod diagnostic;
mod facts;
mod lint;
mod load;
mod model;
mod parsed;
mod raw;
mod source;
pub mod template;
mod wording;

pub use cases::{
    ConversationCase, DEFAULT_TOP, ExpectedOutcome, QueryCase, SuiteHeader, Targets, TestFile,
};
pub use citation::uncited_policy;
pub use diagnostic::{Diagnostic, Located, Rule, Severity};
pub use load::serde_diagnostic;
pub use load::{Checked, check, check_against, digest};
pub use model::{
    Basis, Choice, Comparison, Condition, Decision, Entry, EntryBasis, EntryKind, Example, Extras,
    FactBook, FactKind, FactLanguage, GuideRef, Knowledge, Node, NodeKind, Outcome, OutcomeBasis,
    OutcomeKind, Pack, Saying, Support, Test, Topic, Tree,
};
pub use source::{BUILTIN_DIGEST, Content, MAX_FILE_BYTES, SourceError, SourceFile, Sources};

#[cfg(test)]
mod tests;
