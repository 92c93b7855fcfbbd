//! The chat's front ends: the full-screen TUI (ratatui) and the plain line mode.
//!
//! The TUI follows the Elm shape. `keymap` turns terminal events into actions; `update`
//! changes the state (`app`) and returns an effect instead of doing I/O; the event loop in
//! `run` performs the effect (the assistant, live suggestions, saving, copying) and feeds the result
//! back as an action; `view` draws from the state alone, placed by `layout`. The assistant and
//! the suggestions come in through the traits in `conversation`.

mod app;
mod assistant;
mod clipboard;
mod conversation;
mod input;
mod keymap;
mod layout;
mod plain;
mod run;
mod save;
mod strings;
mod update;
mod view;
mod wrap;

pub use app::App;
pub use assistant::Assistant;
pub use clipboard::{Clipboard, Osc52};
pub use conversation::{AssistantTurn, Conversation, Said, Suggest, Suggestion, Tone};
pub use plain::run_plain;
pub use run::{Flow, Services, dispatch, handle, run, run_main_loop};
pub use update::Action;

#[cfg(test)]
mod tests;
