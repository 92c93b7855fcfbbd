//! Drawing the chat screen from the state alone (`&App`), with colours only when allowed.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};

use super::app::{App, ScreenSpeaker, Status};
use super::conversation::Tone;
use super::layout::{Areas, Dock, RowKind, dock, help_area, help_key, help_rows, transcript_rows};
use super::strings;
use super::wrap::{truncate, truncate_start, width, window};
use crate::knowledge::OutcomeKind;

/// Styles for each part of the screen; without colour, bold, italic, dim and reverse
/// keep the parts apart.
struct Theme {
    assistant_label: Style,
    you_label: Style,
    you_body: Style,
    notice: Style,
    warning: Style,
    handoff: Style,
    header: Style,
    resolved: Style,
    policy: Style,
    support: Style,
    what_to_do: Style,
    highlighted: Style,
    choice: Style,
    rule: Style,
    placeholder: Style,
    status: Style,
    status_error: Style,
    help_key: Style,
}

impl Theme {
    fn new(color: bool) -> Self {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        let dim = Style::new().add_modifier(Modifier::DIM);
        let italic = Style::new().add_modifier(Modifier::ITALIC);
        let tint = |style: Style, colour: Color| if color { style.fg(colour) } else { style };
        Self {
            assistant_label: tint(bold, Color::Green),
            you_label: tint(bold, Color::Cyan),
            you_body: tint(Style::new(), Color::Cyan),
            notice: tint(italic, Color::Yellow),
            warning: tint(bold, Color::Yellow),
            handoff: tint(Style::new(), Color::LightBlue),
            header: tint(bold, Color::Cyan),
            resolved: tint(bold, Color::Green),
            policy: tint(bold, Color::Magenta),
            support: tint(bold, Color::LightBlue),
            what_to_do: tint(bold, Color::Green),
            highlighted: reversed.add_modifier(Modifier::BOLD),
            choice: tint(Style::new(), Color::Cyan),
            rule: tint(dim, Color::DarkGray),
            placeholder: dim,
            status: reversed,
            status_error: if color {
                bold.fg(Color::White).bg(Color::Red)
            } else {
                reversed.add_modifier(Modifier::BOLD)
            },
            help_key: tint(bold, Color::Yellow),
        }
    }
}

/// Draws the whole screen.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme::new(app.color);
    let dock = dock(app, area);
    let areas = Areas::with_dock(app, &dock, area);
    render_header(app, frame, areas.header, &theme);
    render_transcript(app, frame, &areas, &theme);
    render_dock(app, frame, &dock, areas.dock, &theme);
    render_input(app, frame, areas.input, &theme);
    render_status(app, frame, &dock, areas.status, &theme);
    if let Some(offset) = app.help {
        render_help(frame, area, offset, &theme);
    }
}

fn render_header(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    if let Some(place) = &app.place {
        // The title gives way first: where you are is the line's news.
        let (title, stage) = strings::header(place);
        let room = usize::from(area.width).saturating_sub(width(&stage));
        let text = if room >= 8 {
            format!("{}{stage}", truncate(&title, room))
        } else {
            truncate(&format!("{title}{stage}"), usize::from(area.width))
        };
        frame.render_widget(Paragraph::new(Line::styled(text, theme.header)), area);
    }
}

fn render_transcript(app: &App, frame: &mut Frame, areas: &Areas, theme: &Theme) {
    let area = areas.transcript;
    let rows = transcript_rows(app, usize::from(areas.text_width()));
    let visible = usize::from(area.height);
    let max_scroll = rows.len().saturating_sub(visible);
    let first = max_scroll - app.scroll.min(max_scroll);
    let lines: Vec<Line> = rows
        .iter()
        .skip(first)
        .take(visible)
        .map(|row| {
            let style = match row.kind {
                RowKind::Label(ScreenSpeaker::You) => theme.you_label,
                RowKind::Label(_) => theme.assistant_label,
                RowKind::Body(ScreenSpeaker::You) => theme.you_body,
                RowKind::Body(ScreenSpeaker::Notice) => theme.notice,
                RowKind::Body(ScreenSpeaker::Assistant(Tone::Warning)) => theme.warning,
                RowKind::Body(ScreenSpeaker::Assistant(Tone::Handoff)) => theme.handoff,
                RowKind::Body(ScreenSpeaker::Assistant(_)) => Style::new(),
                RowKind::Heading(Tone::Outcome(OutcomeKind::Resolved)) => theme.resolved,
                RowKind::Heading(Tone::Outcome(OutcomeKind::Policy)) => theme.policy,
                RowKind::Heading(Tone::Outcome(OutcomeKind::Support)) => theme.support,
                RowKind::Heading(Tone::Handoff) => theme.handoff.add_modifier(Modifier::BOLD),
                RowKind::Heading(_) => theme.what_to_do,
                RowKind::Choice(index) if app.highlighted == Some(index) => theme.highlighted,
                RowKind::Choice(_) => theme.choice,
            };
            Line::styled(row.text.as_str(), style)
        })
        .collect();
    let text_area = Rect {
        width: areas.text_width(),
        ..area
    };
    frame.render_widget(Paragraph::new(lines), text_area);
    if max_scroll > 0 {
        let mut state = ScrollbarState::new(max_scroll)
            .position(first)
            .viewport_content_length(visible);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight).style(theme.rule),
            area,
            &mut state,
        );
    }
}

fn render_dock(app: &App, frame: &mut Frame, dock: &Dock, area: Rect, theme: &Theme) {
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.rule)
        .title(Span::styled(format!(" {} ", dock.title(app)), theme.rule));
    let lines: Vec<Line> = match dock {
        Dock::Empty => Vec::new(),
        Dock::Suggestions(rows) => rows
            .iter()
            .enumerate()
            .map(|(n, row)| {
                let style = if n == 0 {
                    Style::new().add_modifier(Modifier::BOLD)
                } else {
                    Style::new()
                };
                Line::styled(row.as_str(), style)
            })
            .collect(),
    };
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn render_input(app: &App, frame: &mut Frame, area: Rect, theme: &Theme) {
    let prompt = width(strings::PROMPT);
    let room = usize::from(area.width).saturating_sub(prompt);
    let prompt_span = Span::styled(strings::PROMPT, Style::new().add_modifier(Modifier::BOLD));
    let (line, cursor) = if app.input.is_empty() {
        let placeholder = if app.choices.is_empty() {
            strings::PLACEHOLDER
        } else {
            strings::PLACEHOLDER_CHOICES
        };
        let line = Line::from(vec![
            prompt_span,
            Span::styled(truncate(placeholder, room), theme.placeholder),
        ]);
        (line, prompt)
    } else {
        let text = app.input.text();
        let before = width(&text[..app.input.cursor()]);
        let skip = (before + 1).saturating_sub(room);
        let (visible, skipped) = window(text, skip, room);
        (
            Line::from(vec![prompt_span, Span::raw(visible)]),
            prompt + before - skipped.min(before),
        )
    };
    frame.render_widget(Paragraph::new(line), area);
    if app.help.is_none() && area.width > 0 && area.height > 0 {
        let x = u16::try_from(cursor).unwrap_or(u16::MAX);
        frame.set_cursor_position(Position::new(area.x + x.min(area.width - 1), area.y));
    }
}

fn render_status(app: &App, frame: &mut Frame, dock: &Dock, area: Rect, theme: &Theme) {
    let columns = usize::from(area.width).saturating_sub(2);
    let (text, style) = match &app.status {
        Some(Status::Saved(path)) => {
            let room = columns.saturating_sub(width(strings::SAVED));
            (
                format!("{}{}", strings::SAVED, truncate_start(path, room)),
                theme.status,
            )
        }
        Some(Status::SaveFailed(why)) => (truncate(why, columns), theme.status_error),
        Some(Status::InputCut) => (
            truncate(&strings::input_cut(super::input::MAX_CHARS), columns),
            theme.status_error,
        ),
        Some(Status::Copied) => (truncate(strings::COPIED, columns), theme.status),
        Some(Status::CopyRefused(terminal)) => (
            truncate(&strings::copy_refused(terminal), columns),
            theme.status_error,
        ),
        Some(Status::NothingToCopy) => (
            truncate(strings::NOTHING_TO_COPY, columns),
            theme.status_error,
        ),
        None => (hints(app, dock, columns), theme.status),
    };
    frame.render_widget(
        Paragraph::new(Line::from(format!(" {text}"))).style(style),
        area,
    );
}

/// As many key hints as fit in `columns`, most important first.
fn hints(app: &App, dock: &Dock, columns: usize) -> String {
    let choose = strings::hint_choose(app.choices.len());
    let mut wanted = vec![strings::HINT_HELP, strings::HINT_QUIT];
    if app.handoff_current {
        wanted.push(strings::HINT_COPY);
    }
    if app.has_handoff() {
        wanted.push(if app.handoff_open {
            strings::HINT_FOLD
        } else {
            strings::HINT_EXPAND
        });
    }
    let used: usize = wanted.iter().map(|hint| width(hint) + 2).sum();
    let save = save_hint(app, columns.saturating_sub(used));
    wanted.push(&save);
    if app.choosing() {
        wanted.push(&choose);
    }
    if let Dock::Suggestions(_) = dock {
        wanted.push(strings::HINT_SUGGESTION);
    }
    wanted.extend([strings::HINT_SEND, strings::HINT_SCROLL]);
    let mut text = String::new();
    for hint in wanted {
        let separator = if text.is_empty() {
            ""
        } else {
            strings::HINT_SEPARATOR
        };
        if width(&text) + width(separator) + width(hint) > columns {
            break;
        }
        text.push_str(separator);
        text.push_str(hint);
    }
    text
}

/// The most columns the save folder takes in the status bar, so other hints keep room.
const SAVE_DIR_COLUMNS: usize = 40;
/// Fewer columns than this for the folder and it is left out rather than cut to nothing.
const SAVE_DIR_MIN_COLUMNS: usize = 10;

/// "Ctrl-S save in <folder>" within `room` columns, the folder shortened from its start; just
/// "Ctrl-S save" when the folder is unknown or would not show enough to recognise.
fn save_hint(app: &App, room: usize) -> String {
    let fits = room
        .saturating_sub(width(strings::HINT_SAVE_IN))
        .min(SAVE_DIR_COLUMNS);
    match &app.save_dir {
        Some(dir) if fits >= SAVE_DIR_MIN_COLUMNS => {
            format!("{}{}", strings::HINT_SAVE_IN, truncate_start(dir, fits))
        }
        _ => strings::HINT_SAVE.to_owned(),
    }
}

fn render_help(frame: &mut Frame, screen: Rect, offset: usize, theme: &Theme) {
    let area = help_area(screen);
    let rows = help_rows(usize::from(area.width.saturating_sub(2)));
    let lines: Vec<Line> = rows
        .into_iter()
        .skip(offset)
        .map(|(key, text)| {
            Line::from(vec![
                Span::styled(help_key(key), theme.help_key),
                Span::raw(text),
            ])
        })
        .collect();
    let block = Block::bordered()
        .title(Span::styled(strings::HELP_TITLE, theme.help_key))
        .title_bottom(Span::styled(strings::HELP_FOOTER, theme.rule));
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
