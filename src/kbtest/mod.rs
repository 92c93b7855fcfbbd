//! Knowledge tests (`idhelp kb test`): query and conversation cases from a pack's `tests/`,
//! run through the same recognizer and dialogue engine as the chat, with a coverage report.

mod cases;
mod junit;
mod run;

pub use cases::{ConversationCase, DEFAULT_TOP, ExpectedOutcome, QueryCase, Suite, read_suite};
pub use junit::junit_xml;
pub use run::{CaseKind, CaseResult, Coverage, Report, UNSOLVED_EDGE, run};
