//! Where everything goes on screen, as pure functions of the state and a size: the view draws
//! from them and the update function scrolls by them, so the two always agree.

use ratatui::layout::{Constraint, Layout, Rect};

use super::app::{App, Speaker};
use super::strings;
use super::wrap::{truncate, width, wrap};

/// How far message bodies are indented under their speaker's name.
pub const INDENT: &str = "  ";
/// The space between two quick-reply buttons on one row.
pub const GAP: usize = 2;
/// The transcript's right edge: a column of space, then the scrollbar.
const SCROLLBAR_COLUMNS: u16 = 2;

/// The four bands of the screen, top to bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub transcript: Rect,
    /// A titled rule, then the quick replies or the live suggestions.
    pub dock: Rect,
    pub input: Rect,
    pub status: Rect,
}

impl Areas {
    pub fn of(app: &App, area: Rect) -> Self {
        Self::with_dock(&dock(app, area), area)
    }

    /// The bands of `area` when the dock holds `dock`.
    pub fn with_dock(dock: &Dock, area: Rect) -> Self {
        let rows = u16::try_from(dock.rows()).unwrap_or(u16::MAX);
        let [transcript, dock, input, status] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(rows.saturating_add(1)),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(area);
        Self {
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

/// One quick-reply button: its choice index and its text, already cut to fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub index: usize,
    pub text: String,
}

/// What the band above the input line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dock {
    /// Nothing to pick: only the rule and its title.
    Empty,
    /// Quick replies, as rows of buttons.
    Choices(Vec<Vec<Button>>),
    /// Live suggestions, one a row, already cut to fit.
    Suggestions(Vec<String>),
}

impl Dock {
    pub fn rows(&self) -> usize {
        match self {
            Dock::Empty => 0,
            Dock::Choices(rows) => rows.len(),
            Dock::Suggestions(rows) => rows.len(),
        }
    }

    pub fn title(&self, app: &App) -> String {
        match self {
            Dock::Empty => strings::DOCK_MESSAGE.to_owned(),
            Dock::Choices(_) => strings::dock_choices(app.choices.len()),
            Dock::Suggestions(_) => strings::DOCK_SUGGESTIONS.to_owned(),
        }
    }
}

/// The quick replies while nothing is typed, the suggestions while something is.
pub fn dock(app: &App, area: Rect) -> Dock {
    let columns = usize::from(area.width);
    let budget = dock_budget(area.height);
    if app.choosing() {
        Dock::Choices(buttons(&app.choices, columns, budget))
    } else if !app.input.is_empty() && !app.suggestions.is_empty() {
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

/// Buttons flowed left to right at full length; when that takes more rows than `budget`,
/// a grid of equal cells with the labels cut, so every choice keeps a visible button.
fn buttons(choices: &[String], columns: usize, budget: usize) -> Vec<Vec<Button>> {
    let labels: Vec<String> = choices
        .iter()
        .enumerate()
        .map(|(i, label)| format!("{} {label}", i + 1))
        .collect();
    let mut rows: Vec<Vec<Button>> = Vec::new();
    let mut used = 0;
    for (index, label) in labels.iter().enumerate() {
        let text = truncate(label, columns);
        let needed = width(&text);
        match rows.last_mut() {
            Some(row) if used + GAP + needed <= columns => {
                used += GAP + needed;
                row.push(Button { index, text });
            }
            _ => {
                used = needed;
                rows.push(vec![Button { index, text }]);
            }
        }
    }
    if rows.len() <= budget {
        return rows;
    }
    let per_row = labels.len().div_ceil(budget);
    let cell = ((columns + GAP) / per_row).saturating_sub(GAP).max(1);
    labels
        .iter()
        .enumerate()
        .collect::<Vec<_>>()
        .chunks(per_row)
        .map(|chunk| {
            chunk
                .iter()
                .map(|&(index, label)| Button {
                    index,
                    text: truncate(label, cell),
                })
                .collect()
        })
        .collect()
}

/// What a transcript row shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// The speaker's name, above their message.
    Label(Speaker),
    /// A line of a message.
    Body(Speaker),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub text: String,
}

/// The whole transcript wrapped to `columns`: messages under their speaker's name, given
/// once for consecutive messages (notices have none), bodies indented.
pub fn transcript_rows(app: &App, columns: usize) -> Vec<Row> {
    let body_width = columns.saturating_sub(INDENT.len()).max(1);
    let mut rows = Vec::new();
    let mut previous: Option<Speaker> = None;
    for message in &app.transcript {
        let label = match message.from {
            Speaker::Assistant(_) => Some(strings::ASSISTANT),
            Speaker::You => Some(strings::YOU),
            Speaker::Notice => None,
        };
        let continues = previous.is_some_and(|p| p.same_as(message.from));
        previous = Some(message.from);
        if let Some(label) = label.filter(|_| !continues) {
            rows.push(Row {
                kind: RowKind::Label(message.from),
                text: label.to_owned(),
            });
        }
        rows.extend(wrap(&message.text, body_width).into_iter().map(|line| Row {
            kind: RowKind::Body(message.from),
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

/// The quick reply whose button is at (`column`, `row`) on screen, if any.
pub fn button_at(app: &App, column: u16, row: u16) -> Option<usize> {
    let screen = screen(app);
    let dock = dock(app, screen);
    let areas = Areas::with_dock(&dock, screen);
    let Dock::Choices(rows) = dock else {
        return None;
    };
    let index = usize::from(row.checked_sub(areas.dock.y + 1)?);
    let mut x = usize::from(column.checked_sub(areas.dock.x)?);
    for button in rows.get(index)? {
        let span = width(&button.text);
        if x < span {
            return Some(button.index);
        }
        x = x.checked_sub(span + GAP)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(choices: &[&str]) -> Vec<String> {
        choices.iter().map(|&c| c.to_owned()).collect()
    }

    fn texts(rows: &[Vec<Button>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|row| row.iter().map(|b| b.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn short_choices_share_a_row() {
        let rows = buttons(&labels(&["Yes", "No"]), 40, 3);
        assert_eq!(texts(&rows), [["1 Yes", "2 No"]]);
    }

    #[test]
    fn long_choices_take_a_row_each_when_there_is_room() {
        let rows = buttons(
            &labels(&["a long first choice", "a long second one"]),
            24,
            3,
        );
        assert_eq!(
            texts(&rows),
            [vec!["1 a long first choice"], vec!["2 a long second one"]]
        );
    }

    #[test]
    fn too_many_rows_become_a_grid_of_cut_labels() {
        let choices = labels(&["first choice", "second choice", "third choice", "fourth"]);
        let rows = buttons(&choices, 30, 2);
        assert_eq!(
            texts(&rows),
            [
                vec!["1 first choice", "2 second choi…"],
                vec!["3 third choice", "4 fourth"]
            ]
        );
    }

    #[test]
    fn the_budget_grows_with_the_screen() {
        assert_eq!(dock_budget(12), 3);
        assert_eq!(dock_budget(30), 9);
        assert_eq!(dock_budget(2), 1);
    }
}
