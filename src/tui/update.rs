//! The update function: every change to the chat screen's state. It never touches the
//! terminal, the disk or the search index; what needs them comes back as an [`Effect`] for the
//! event loop to perform, whose result returns as another [`Action`].

use ratatui::layout::Size;

use super::app::{App, ScreenMessage, ScreenSpeaker, Status};
use super::conversation::{AssistantTurn, Suggestion, Tone};
use super::input::Edit;
use super::layout::{help_max_scroll, scroll_limits};
use super::strings;
use crate::dialogue::Place;
use crate::text::sanitize_line;

/// Fewer characters than this get no live suggestions.
const MIN_QUERY_CHARS: usize = 2;
/// Rows one mouse-wheel step scrolls.
pub const WHEEL_ROWS: usize = 3;

/// Something that happened: a key, a paste, a resize, or the result of an effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Insert(char),
    Paste(String),
    Edit(Edit),
    HistoryPrevious,
    HistoryNext,
    ChoicePrevious,
    ChoiceNext,
    /// Picks quick reply `index` (from 0).
    Pick(usize),
    /// Enter: sends the input line, or the highlighted choice.
    Submit,
    /// Picks the first live suggestion as the problem.
    UseSuggestion,
    Scroll(Scroll),
    OpenHelp,
    CloseHelp,
    /// Scrolls the help overlay by this many rows (negative: up).
    ScrollHelp(isize),
    Save,
    /// Copies the hand-off packet to the clipboard.
    Copy,
    /// Shows the hand-off packets whole, or folds them back to one line each.
    ToggleHandoff,
    Quit,
    Resize(Size),
    /// The assistant's reply to what was sent or picked.
    Replied(AssistantTurn),
    /// Live suggestions for `text`.
    Suggested {
        text: String,
        found: Vec<Suggestion>,
    },
    /// Where the chat was saved, or why it could not be.
    Saved(Result<String, String>),
    /// What came of copying the hand-off packet.
    Copied(Copied),
}

/// What came of copying the hand-off packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copied {
    /// Sent to the terminal's clipboard.
    Sent,
    /// The terminal (named) can't take a copy, or writing to it failed (why).
    Refused(String),
    /// There is no hand-off packet yet.
    NothingYet,
}

/// Scrolling the transcript; "up" goes back to older messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scroll {
    Up(usize),
    Down(usize),
    PageUp,
    PageDown,
    Top,
    Bottom,
}

/// Work for the event loop: talking to the assistant, searching, saving, quitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Send(String),
    Choose(usize),
    /// Opens the flow of a suggested problem (an entry id).
    Open(String),
    Suggest(String),
    Save,
    Copy,
    Quit,
}

pub fn update(app: &mut App, action: Action) -> Option<Effect> {
    match action {
        Action::Insert(c) => insert(app, c.encode_utf8(&mut [0; 4])),
        Action::Paste(text) => insert(app, &text),
        Action::Edit(edit) => {
            let before = app.input.text().to_owned();
            app.input.edit(edit);
            if app.input.text() == before {
                return None;
            }
            app.history.stop_browsing();
            suggest(app)
        }
        Action::HistoryPrevious => {
            if let Some(line) = app.history.previous(app.input.text()) {
                let line = line.to_owned();
                app.input.set(&line);
            }
            suggest(app)
        }
        Action::HistoryNext => {
            if let Some(line) = app.history.next() {
                app.input.set(&line);
            }
            suggest(app)
        }
        Action::UseSuggestion => {
            let first = app.suggestions.first()?.clone();
            app.input.take();
            app.history.stop_browsing();
            app.transcript
                .push(ScreenMessage::new(ScreenSpeaker::You, &first.title));
            after_reply_sent(app);
            Some(Effect::Open(first.id))
        }
        Action::ChoicePrevious | Action::ChoiceNext | Action::Pick(_) | Action::Submit => {
            reply(app, &action)
        }
        Action::Scroll(by) => {
            scroll(app, by);
            None
        }
        Action::OpenHelp | Action::CloseHelp | Action::ScrollHelp(_) | Action::Resize(_) => {
            window(app, &action);
            None
        }
        Action::Save => Some(Effect::Save),
        Action::Copy => Some(Effect::Copy),
        Action::ToggleHandoff => {
            if app.has_handoff() {
                app.handoff_open = !app.handoff_open;
                app.scroll = app.scroll.min(scroll_limits(app).0);
            }
            None
        }
        Action::Quit => Some(Effect::Quit),
        Action::Replied(turn) => replied(app, &turn),
        Action::Suggested { text, found } => {
            suggested(app, text, found);
            None
        }
        Action::Saved(result) => {
            saved(app, result);
            None
        }
        Action::Copied(copied) => {
            app.status = Some(match copied {
                Copied::Sent => Status::Copied,
                Copied::Refused(why) => Status::CopyRefused(sanitize_line(&why)),
                Copied::NothingYet => Status::NothingToCopy,
            });
            None
        }
    }
}

/// Answering: moving between the quick replies, picking one, or sending the input line.
fn reply(app: &mut App, action: &Action) -> Option<Effect> {
    let last = app.choices.len().checked_sub(1);
    match *action {
        Action::ChoicePrevious => {
            app.highlighted = Some(app.highlighted.map_or(last?, |i| i.saturating_sub(1)));
            None
        }
        Action::ChoiceNext => {
            app.highlighted = Some(app.highlighted.map_or(0, |i| i + 1).min(last?));
            None
        }
        Action::Pick(index) => pick(app, index),
        _ if !app.input.text().trim().is_empty() => Some(send(app)),
        _ => pick(app, app.highlighted?),
    }
}

fn scroll(app: &mut App, by: Scroll) {
    let (max, page) = scroll_limits(app);
    app.scroll = match by {
        Scroll::Up(rows) => app.scroll.saturating_add(rows),
        Scroll::Down(rows) => app.scroll.saturating_sub(rows),
        Scroll::PageUp => app.scroll.saturating_add(page),
        Scroll::PageDown => app.scroll.saturating_sub(page),
        Scroll::Top => max,
        Scroll::Bottom => 0,
    }
    .min(max);
}

/// The help overlay and the terminal's size.
fn window(app: &mut App, action: &Action) {
    match *action {
        Action::OpenHelp => app.help = Some(0),
        Action::CloseHelp => app.help = None,
        Action::ScrollHelp(rows) => {
            let max = help_max_scroll(app);
            app.help = app
                .help
                .map(|offset| offset.saturating_add_signed(rows).min(max));
        }
        Action::Resize(size) => {
            app.size = size;
            app.scroll = app.scroll.min(scroll_limits(app).0);
            let max = help_max_scroll(app);
            app.help = app.help.map(|offset| offset.min(max));
        }
        _ => {}
    }
}

fn replied(app: &mut App, turn: &AssistantTurn) -> Option<Effect> {
    for said in &turn.said {
        app.transcript.push(ScreenMessage::new(
            ScreenSpeaker::Assistant(said.tone),
            &said.text,
        ));
    }
    app.choices = turn.choices.iter().map(|c| sanitize_line(c)).collect();
    app.place = turn.place.as_ref().map(|place| Place {
        title: sanitize_line(&place.title),
        ..place.clone()
    });
    if turn.said.iter().any(|said| said.tone == Tone::Handoff) {
        app.handoff_current = true;
        app.handoff_open = false;
    } else if turn.place.is_some() {
        // Another problem is under way or settled: the old packet no longer matters here.
        app.handoff_current = false;
    }
    app.highlighted = None;
    app.scroll = 0;
    turn.end.then_some(Effect::Quit)
}

/// Shows the suggestions found for `text`, if it is still what the input line holds. When
/// nothing is found for text that only adds to what was recognised before (most often a word
/// still being typed: "the camera won"), the earlier suggestions stay rather than flicker off.
fn suggested(app: &mut App, text: String, found: Vec<Suggestion>) {
    if text != app.input.text().trim() {
        return;
    }
    if found.is_empty() && !app.suggestions.is_empty() && text.starts_with(&app.suggested_for) {
        return;
    }
    app.suggestions = found
        .into_iter()
        .map(|s| Suggestion {
            title: sanitize_line(&s.title),
            ..s
        })
        .collect();
    app.suggested_for = text;
}

fn clear_suggestions(app: &mut App) {
    app.suggestions.clear();
    app.suggested_for.clear();
}

fn saved(app: &mut App, result: Result<String, String>) {
    match result {
        Ok(path) => {
            let path = sanitize_line(&path);
            app.transcript.push(ScreenMessage::new(
                ScreenSpeaker::Notice,
                &strings::saved_notice(&path),
            ));
            app.status = Some(Status::Saved(path));
            app.scroll = 0;
        }
        Err(why) => app.status = Some(Status::SaveFailed(sanitize_line(&why))),
    }
}

fn insert(app: &mut App, text: &str) -> Option<Effect> {
    app.highlighted = None;
    app.history.stop_browsing();
    if !app.input.insert(text) {
        app.status = Some(Status::InputCut);
    }
    suggest(app)
}

/// Asks for live suggestions for the input line, or clears them when it is too short.
fn suggest(app: &mut App) -> Option<Effect> {
    let query = app.input.text().trim();
    if query.chars().count() < MIN_QUERY_CHARS {
        clear_suggestions(app);
        None
    } else {
        Some(Effect::Suggest(query.to_owned()))
    }
}

fn send(app: &mut App) -> Effect {
    let text = app.input.take().trim().to_owned();
    app.history.push(&text);
    app.transcript
        .push(ScreenMessage::new(ScreenSpeaker::You, &text));
    after_reply_sent(app);
    Effect::Send(text)
}

fn pick(app: &mut App, index: usize) -> Option<Effect> {
    let label = app.choices.get(index)?.clone();
    app.transcript
        .push(ScreenMessage::new(ScreenSpeaker::You, &label));
    after_reply_sent(app);
    Some(Effect::Choose(index))
}

fn after_reply_sent(app: &mut App) {
    app.choices.clear();
    app.highlighted = None;
    clear_suggestions(app);
    app.status = None;
    app.scroll = 0;
}
