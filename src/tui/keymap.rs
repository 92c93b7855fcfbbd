//! Terminal events to actions. Pure: what a key means depends only on the state it is given
//! (digits and arrows act on the quick replies only while the input line is empty, and `?`
//! opens the help only then; otherwise they are typed or edit the line).

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Size;

use super::app::App;
use super::input::Edit;
use super::layout::choice_at;
use super::update::{Action, Scroll, WHEEL_ROWS};

/// Rows PgUp/PgDn move the help overlay.
const HELP_PAGE: isize = 5;

pub fn action(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_action(app, *key),
        Event::Paste(text) if app.help.is_none() => Some(Action::Paste(text.clone())),
        Event::Mouse(mouse) => mouse_action(app, *mouse),
        Event::Resize(width, height) => Some(Action::Resize(Size::new(*width, *height))),
        _ => None,
    }
}

/// What `event` adds to a paste it arrives right behind, in the same read: the text of a
/// plain key (Enter as a line break). A pasted bracketed-paste end marker ends crossterm's
/// paste early and turns the rest into keys; read as keys, a pasted CR would send the
/// message. A key someone presses comes in a later read.
pub fn paste_continued(event: &Event) -> Option<String> {
    let Event::Key(key) = event else {
        return None;
    };
    let plain = key.modifiers.difference(KeyModifiers::SHIFT).is_empty();
    match key.code {
        _ if key.kind == KeyEventKind::Release || !plain => None,
        KeyCode::Char(c) => Some(c.to_string()),
        KeyCode::Enter => Some("\n".to_owned()),
        KeyCode::Tab => Some("\t".to_owned()),
        _ => None,
    }
}

fn mouse_action(app: &App, mouse: MouseEvent) -> Option<Action> {
    let help = app.help.is_some();
    let rows = WHEEL_ROWS.cast_signed();
    match mouse.kind {
        MouseEventKind::ScrollUp if help => Some(Action::ScrollHelp(-rows)),
        MouseEventKind::ScrollDown if help => Some(Action::ScrollHelp(rows)),
        MouseEventKind::ScrollUp => Some(Action::Scroll(Scroll::Up(WHEEL_ROWS))),
        MouseEventKind::ScrollDown => Some(Action::Scroll(Scroll::Down(WHEEL_ROWS))),
        MouseEventKind::Down(MouseButton::Left) if !help && app.choosing() => {
            choice_at(app, mouse.column, mouse.row).map(Action::Pick)
        }
        _ => None,
    }
}

fn key_action(app: &App, key: KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    if ctrl && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if app.help.is_some() {
        return Some(match key.code {
            KeyCode::Up => Action::ScrollHelp(-1),
            KeyCode::Down => Action::ScrollHelp(1),
            KeyCode::PageUp => Action::ScrollHelp(-HELP_PAGE),
            KeyCode::PageDown => Action::ScrollHelp(HELP_PAGE),
            _ => Action::CloseHelp,
        });
    }
    let choosing = app.choosing();
    let action = match (key.code, ctrl, alt) {
        (KeyCode::Esc, ..) => Action::Quit,
        (KeyCode::F(1), ..) => Action::OpenHelp,
        (KeyCode::Char('?'), false, false) if app.input.is_empty() => Action::OpenHelp,
        (KeyCode::Char(digit @ '1'..='9'), false, false) if choosing => {
            let index = digit as usize - '1' as usize;
            if index < app.choices.len() {
                Action::Pick(index)
            } else {
                Action::Insert(digit)
            }
        }
        (KeyCode::Enter, ..) => Action::Submit,
        (KeyCode::Up | KeyCode::Left | KeyCode::BackTab, false, false) if choosing => {
            Action::ChoicePrevious
        }
        (KeyCode::Down | KeyCode::Right | KeyCode::Tab, false, false) if choosing => {
            Action::ChoiceNext
        }
        (KeyCode::Up, ..) | (KeyCode::Char('p'), true, false) => Action::HistoryPrevious,
        (KeyCode::Down, ..) | (KeyCode::Char('n'), true, false) => Action::HistoryNext,
        (KeyCode::Tab, ..) => Action::UseSuggestion,
        (KeyCode::PageUp, ..) => Action::Scroll(Scroll::PageUp),
        (KeyCode::PageDown, ..) => Action::Scroll(Scroll::PageDown),
        (KeyCode::Home, true, _) => Action::Scroll(Scroll::Top),
        (KeyCode::End, true, _) => Action::Scroll(Scroll::Bottom),
        (KeyCode::Char('s'), true, false) => Action::Save,
        (KeyCode::Char('y'), true, false) => Action::Copy,
        (KeyCode::Char('o'), true, false) => Action::ToggleHandoff,
        // Ctrl+Alt is how AltGr arrives on Windows: it types a character.
        (KeyCode::Char(c), false, false) | (KeyCode::Char(c), true, true) => Action::Insert(c),
        _ => Action::Edit(edit(key.code, ctrl, alt)?),
    };
    Some(action)
}

/// The editing keys of the input line (readline's where they exist).
fn edit(code: KeyCode, ctrl: bool, alt: bool) -> Option<Edit> {
    Some(match (code, ctrl, alt) {
        (KeyCode::Left, true, _) | (KeyCode::Char('b'), false, true) => Edit::WordLeft,
        (KeyCode::Right, true, _) | (KeyCode::Char('f'), false, true) => Edit::WordRight,
        (KeyCode::Left, ..) => Edit::Left,
        (KeyCode::Right, ..) => Edit::Right,
        (KeyCode::Home, ..) | (KeyCode::Char('a'), true, false) => Edit::Home,
        (KeyCode::End, ..) | (KeyCode::Char('e'), true, false) => Edit::End,
        (KeyCode::Backspace, true, _)
        | (KeyCode::Backspace, _, true)
        | (KeyCode::Char('w'), true, false) => Edit::DeleteWordBack,
        (KeyCode::Backspace, ..) | (KeyCode::Char('h'), true, false) => Edit::Backspace,
        (KeyCode::Delete, ..) | (KeyCode::Char('d'), true, false) => Edit::Delete,
        (KeyCode::Char('u'), true, false) => Edit::DeleteToStart,
        (KeyCode::Char('k'), true, false) => Edit::DeleteToEnd,
        _ => return None,
    })
}
