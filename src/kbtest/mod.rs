//! Knowledge tests (`idhelp kb test`): query and conversation cases from a pack's `tests/`,
//! run through the same recognizer and dialogue engine as the chat, with a coverage report.

mod cases;
mod junit;
mod measure;
mod run;
mod simulate;

pub use cases::{Suite, read_suite};
pub use junit::junit_xml;
pub use measure::{
    Bin, Confusion, EntryFigures, Figures, NOTHING, OUT_OF_SCOPE, Observation, first_reply, measure,
};
pub use run::{
    CaseKind, CaseResult, Coverage, Report, SuiteReport, UNSOLVED_EDGE, any_wanted, run,
};
pub use simulate::{MAX_MESSAGES, Reach, messages_to_reach};
