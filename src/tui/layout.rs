//! Where everything goes on screen, as pure functions of the state and a size: the view draws
//! from them and the update function scrolls by them, so the two always agree.

use ratatui::layout::{Constraint, Layout, Rect};

use super::app::{App, ScreenSpeaker};
use super::conversation::Tone;
use super::strings;
use super::wrap::{truncate, width, wrap};

/// How far message bodies are indented under their speaker's name.
pub const INDENT: &str = "  ";
/// The rule down the left of an answer's blocks (the outcome, its steps, a hand-off).
const RULE: &str = "│ ";
/// What opens a warning's first line.
const WARNING: &str = "! ";
/// The transcript's right edge: a column of space, then the scrollbar.
const SCROLLBAR_COLUMNS: u16 = 2;

/// The five bands of the screen, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The problem being worked on and how far along: no rows before one is chosen.
    pub header: Rect,
    pub transcript: Rect,
    /// A titled rule, then the quick replies or the live suggestions.
    pub dock: Rect,
    pub input: Rect,
    pub status: Rect,
}

impl Areas {
    pub fn of(app: &App, area: Rect) -> Self {
        Self::with_dock(app, &dock(app, area), area)
    }

    /// The bands of `area` when the dock holds `dock`.
    pub fn with_dock(app: &App, dock: &Dock, area: Rect) -> Self {
        let rows = u16::try_from(dock.rows()).unwrap_or(u16::MAX);
        let header_rows = u16::from(app.place.is_some());
        let [header, transcript, dock, input, status] = Layout::vertical([
            Constraint::Length(header_rows),
            Constraint::Min(1),
            Constraint::Length(rows.saturating_add(1)),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        Self {
            header,
            transcript,
            dock,
            input,
            status,
        }
    }

    /// The columns transcript text may use: the last two are kept for a gap and the
    /// scrollbar.
    pub fn text_width(&self) -> u16 {
        self.transcript.width.saturating_sub(SCROLLBAR_COLUMNS)
    }
}

/// The screen `app` is drawn on.
pub fn screen(app: &App) -> Rect {
    Rect::new(0, 0, app.size.width, app.size.height)
}

/// How many rows the quick replies or suggestions may take on a screen `height` rows tall.
fn dock_budget(height: u16) -> usize {
    usize::from(height.saturating_sub(3) / 3).max(1)
}

/// What the band above the input line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dock {
    /// Nothing typed: only the rule and its title (which says how to answer the choices,
    /// listed once, at the end of the transcript).
    Empty,
    /// Live suggestions, one a row, already cut to fit.
    Suggestions(Vec<String>),
}

impl Dock {
    pub fn rows(&self) -> usize {
        match self {
            Dock::Empty => 0,
            Dock::Suggestions(rows) => rows.len(),
        }
    }

    pub fn title(&self, app: &App) -> String {
        match self {
            Dock::Empty if app.choosing() => strings::dock_choices(app.choices.len()),
            Dock::Empty => strings::DOCK_MESSAGE.to_owned(),
            Dock::Suggestions(_) => strings::DOCK_SUGGESTIONS.to_owned(),
        }
    }
}

/// The suggestions while something is typed.
pub fn dock(app: &App, area: Rect) -> Dock {
    let columns = usize::from(area.width);
    let budget = dock_budget(area.height);
    if !app.input.is_empty() && !app.suggestions.is_empty() {
        Dock::Suggestions(
            app.suggestions
                .iter()
                .take(budget)
                .map(|found| truncate(&format!("{INDENT}{}", found.title), columns))
                .collect(),
        )
    } else {
        Dock::Empty
    }
}

/// What a transcript row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// The speaker's name, above their message.
    Label(ScreenSpeaker),
    /// A line of a message.
    Body(ScreenSpeaker),
    /// The heading of a block of the assistant's answer: the outcome's kind, "What to do",
    /// or a hand-off packet (its one-line summary while folded).
    Heading(Tone),
    /// A line of quick reply `index` (from 0).
    Choice(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub text: String,
}

/// The whole transcript wrapped to `columns`: messages under their speaker's name, given
/// once for consecutive messages (notices have none), bodies indented; the outcome, its steps
/// and a hand-off packet set apart behind a rule under a heading; then the quick replies on
/// offer, numbered.
pub fn transcript_rows(app: &App, columns: usize) -> Vec<Row> {
    let body_width = columns.saturating_sub(INDENT.len()).max(1);
    let mut rows = Vec::new();
    let mut previous: Option<ScreenSpeaker> = None;
    for message in &app.transcript {
        let label = match message.from {
            ScreenSpeaker::Assistant(_) => Some(strings::ASSISTANT),
            ScreenSpeaker::You => Some(strings::YOU),
            ScreenSpeaker::Notice => None,
        };
        let continues = previous.is_some_and(|p| p.same_as(message.from));
        previous = Some(message.from);
        if let Some(label) = label.filter(|_| !continues) {
            rows.push(Row {
                kind: RowKind::Label(message.from),
                text: label.to_owned(),
            });
        }
        let tone = match message.from {
            ScreenSpeaker::Assistant(tone) => tone,
            ScreenSpeaker::You | ScreenSpeaker::Notice => Tone::Plain,
        };
        let body = |lines: Vec<String>, lead: &str, rows: &mut Vec<Row>| {
            rows.extend(lines.into_iter().map(|line| Row {
                kind: RowKind::Body(message.from),
                text: format!("{INDENT}{lead}{line}"),
            }));
        };
        let heading = |text: &str, rows: &mut Vec<Row>| {
            let lead = if tone == Tone::Handoff { "" } else { RULE };
            rows.push(Row {
                kind: RowKind::Heading(tone),
                text: truncate(&format!("{INDENT}{lead}{text}"), columns),
            });
        };
        let ruled = body_width.saturating_sub(width(RULE)).max(1);
        match tone {
            Tone::Plain => body(wrap(&message.text, body_width), "", &mut rows),
            Tone::Warning => {
                let lines = wrap(&message.text, ruled);
                for (n, line) in lines.into_iter().enumerate() {
                    let lead = if n == 0 { WARNING } else { "  " };
                    body(vec![line], lead, &mut rows);
                }
            }
            Tone::Outcome(kind) => {
                heading(strings::outcome_label(kind), &mut rows);
                body(wrap(&message.text, ruled), RULE, &mut rows);
            }
            Tone::Step(number) => {
                if number == 1 {
                    heading(strings::WHAT_TO_DO, &mut rows);
                }
                let step = format!("{number}. {}", message.text);
                body(wrap(&step, ruled), RULE, &mut rows);
            }
            Tone::Handoff => {
                let (title, packet) = message.text.split_once('\n').unwrap_or((&message.text, ""));
                if app.handoff_open {
                    heading(&strings::handoff_open(title), &mut rows);
                    body(wrap(packet, ruled), RULE, &mut rows);
                } else {
                    let lines = message.text.lines().count();
                    heading(&strings::handoff_folded(title, lines), &mut rows);
                }
            }
        }
    }
    for (index, choice) in app.choices.iter().enumerate() {
        let numbered = format!("{}) {choice}", index + 1);
        rows.extend(wrap(&numbered, body_width).into_iter().map(|line| Row {
            kind: RowKind::Choice(index),
            text: format!("{INDENT}{line}"),
        }));
    }
    rows
}

/// How far the transcript can scroll back, and how many rows one page is.
pub fn scroll_limits(app: &App) -> (usize, usize) {
    let areas = Areas::of(app, screen(app));
    let visible = usize::from(areas.transcript.height);
    let total = transcript_rows(app, usize::from(areas.text_width())).len();
    (
        total.saturating_sub(visible),
        visible.saturating_sub(1).max(1),
    )
}

/// The columns the key names take in the help overlay.
const HELP_KEYS: usize = 11;

/// The help overlay's box: centred, as wide as reads well, as tall as its text or the screen.
pub fn help_area(screen: Rect) -> Rect {
    let width = screen.width.saturating_sub(2).min(72);
    let inner = usize::from(width.saturating_sub(2));
    let wanted = u16::try_from(help_rows(inner).len() + 2).unwrap_or(u16::MAX);
    let height = wanted.min(screen.height.saturating_sub(2).max(3));
    Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + screen.height.saturating_sub(height) / 2,
        width,
        height.min(screen.height),
    )
}

/// The help text wrapped to `columns`: key names in a column of their own, each on the
/// first row of its description.
pub fn help_rows(columns: usize) -> Vec<(&'static str, String)> {
    let text_width = columns.saturating_sub(HELP_KEYS).max(1);
    let mut rows = Vec::new();
    for &(key, description) in strings::HELP {
        for (n, line) in wrap(description, text_width).into_iter().enumerate() {
            rows.push((if n == 0 { key } else { "" }, line));
        }
    }
    rows.push(("", String::new()));
    rows.extend(
        wrap(strings::HELP_WORDS, text_width)
            .into_iter()
            .map(|line| ("", line)),
    );
    rows
}

/// How far the help overlay can scroll on `app`'s screen.
pub fn help_max_scroll(app: &App) -> usize {
    let area = help_area(screen(app));
    let rows = help_rows(usize::from(area.width.saturating_sub(2))).len();
    rows.saturating_sub(usize::from(area.height.saturating_sub(2)))
}

/// The help key column, padded so descriptions line up.
pub fn help_key(key: &str) -> String {
    format!("{key:<HELP_KEYS$}")
}

/// The quick reply shown at (`column`, `row`) on screen, if any.
pub fn choice_at(app: &App, column: u16, row: u16) -> Option<usize> {
    let areas = Areas::of(app, screen(app));
    let area = areas.transcript;
    if column < area.x || column >= area.x + areas.text_width() {
        return None;
    }
    let offset = usize::from(row.checked_sub(area.y)?);
    if offset >= usize::from(area.height) {
        return None;
    }
    let rows = transcript_rows(app, usize::from(areas.text_width()));
    let max_scroll = rows.len().saturating_sub(usize::from(area.height));
    let first = max_scroll - app.scroll.min(max_scroll);
    let row = rows.get(first + offset)?;
    match row.kind {
        RowKind::Choice(index) if usize::from(column - area.x) < width(&row.text) => Some(index),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_grows_with_the_screen() {
        assert_eq!(dock_budget(12), 3);
        assert_eq!(dock_budget(30), 9);
        assert_eq!(dock_budget(2), 1);
    }
}
