//! The chat screen without a terminal: key sequences through keymap and update, screens on a
//! `TestBackend` compared with insta snapshots, and whole runs of the event loop.

use std::collections::VecDeque;
use std::io;

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;
use ratatui::style::Color;

use super::app::{App, ScreenSpeaker, Status};
use super::clipboard::Clipboard;
use super::conversation::{AssistantTurn, Conversation, Said, Suggest, Suggestion, Tone};
use super::keymap;
use super::run::{Services, handle, run_main_loop};
use super::update::{Action, Effect, update};
use super::view;

// ---------------------------------------------------------------- fixtures

fn say(text: &str) -> Said {
    Said::new(Tone::Plain, text)
}

fn turn(said: Vec<Said>, choices: &[&str]) -> AssistantTurn {
    AssistantTurn {
        said,
        choices: choices.iter().map(|&c| c.to_owned()).collect(),
        end: false,
        place: None,
    }
}

fn greeting() -> AssistantTurn {
    turn(
        vec![
            say("Hi, I'm idhelp. I help when identity verification (KYC) fails."),
            say("I never need your ID number or documents: only live support takes those."),
            say("What went wrong? Describe it in your own words."),
        ],
        &[],
    )
}

fn triage() -> AssistantTurn {
    turn(
        vec![say("What is going wrong with your identity verification?")],
        &[
            "The app: photos won't upload, buttons don't respond, or the camera won't open",
            "The face scan or the video verification",
            "My ID or proof of address was rejected",
            "My account or eligibility: ID already used, changing identity, age, country",
            "I have a general question (how long it takes, safety, expired ID...)",
        ],
    )
}

fn confirm() -> AssistantTurn {
    turn(
        vec![say(
            "It sounds like the app can't upload your ID photos. Is that right?",
        )],
        &["Yes", "No"],
    )
}

fn handoff() -> AssistantTurn {
    turn(
        vec![
            say("Then it's time for live support. Here is everything they will need:"),
            Said::new(
                Tone::Handoff,
                "For OKX 24/7 live support\n\
                 Problem: The app can't upload your ID photos\n\
                 You said: \"photos won't upload\"\n\
                 Steps already tried:\n\
                 1. Checked the internet connection\n\
                 2. Reinstalled the app\n\
                 Have ready:\n\
                 - Your phone model and system version\n\
                 - The OKX app version",
            ),
            Said::new(
                Tone::Warning,
                "Only live support takes ID numbers and documents: never paste them here.",
            ),
        ],
        &[],
    )
}

/// A conversation that plays turns from a script and remembers what it was told.
struct Scripted {
    opening: AssistantTurn,
    replies: VecDeque<AssistantTurn>,
    heard: Vec<String>,
}

impl Scripted {
    fn new(opening: AssistantTurn, replies: Vec<AssistantTurn>) -> Self {
        Self {
            opening,
            replies: replies.into(),
            heard: Vec::new(),
        }
    }

    fn next(&mut self) -> AssistantTurn {
        self.replies
            .pop_front()
            .unwrap_or_else(|| turn(vec![say("(end of script)")], &[]))
    }
}

impl Conversation for Scripted {
    fn start(&mut self) -> AssistantTurn {
        self.opening.clone()
    }

    fn open_entry(&mut self, id: &str) -> AssistantTurn {
        self.heard.push(format!("open {id}"));
        self.next()
    }

    fn answer(&mut self, text: &str) -> AssistantTurn {
        self.heard.push(text.to_owned());
        if text == "quit" {
            return AssistantTurn {
                end: true,
                ..turn(vec![say("Goodbye.")], &[])
            };
        }
        self.next()
    }

    fn choose(&mut self, index: usize) -> AssistantTurn {
        self.heard.push(format!("#{index}"));
        self.next()
    }

    fn record(&self) -> String {
        format!("heard: {}\n", self.heard.join(" | "))
    }

    fn handoff(&self) -> Option<String> {
        self.heard
            .iter()
            .any(|heard| heard == "talk to support")
            .then(|| format!("packet after: {}", self.heard.join(" | ")))
    }
}

/// A clipboard that keeps what it was given, or refuses as a terminal without OSC 52.
#[derive(Default)]
struct Kept {
    copies: Vec<String>,
    refused_by: Option<&'static str>,
}

impl Clipboard for Kept {
    fn copy(&mut self, text: &str) -> Result<(), String> {
        if let Some(terminal) = self.refused_by {
            return Err(terminal.to_owned());
        }
        self.copies.push(text.to_owned());
        Ok(())
    }
}

/// Suggests the entries whose title contains the query's first word.
struct Titles;

impl Suggest for Titles {
    fn suggest(&self, text: &str, top: usize) -> Vec<Suggestion> {
        let word = text.split_whitespace().next().unwrap_or_default();
        [
            ("upload-photos", "The app can't upload your ID photos"),
            (
                "camera-access",
                "The camera won't open for video verification",
            ),
            ("page-unresponsive", "Buttons or pages don't respond"),
            (
                "poor-photo-quality",
                "Your photo is blurry, cropped or has glare",
            ),
        ]
        .iter()
        .filter(|(_, title)| title.to_lowercase().contains(&word.to_lowercase()))
        .take(top)
        .map(|&(id, title)| suggestion(id, title))
        .collect()
    }
}

fn suggestion(id: &str, title: &str) -> Suggestion {
    Suggestion {
        id: id.to_owned(),
        title: title.to_owned(),
    }
}

fn app(width: u16, height: u16) -> App {
    App::new(Size::new(width, height), true)
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(text: &str) -> Vec<Event> {
    text.chars().map(|c| key(KeyCode::Char(c))).collect()
}

/// Runs events through keymap and update only, and returns the effects asked for.
fn press(app: &mut App, events: &[Event]) -> Vec<Effect> {
    let mut effects = Vec::new();
    for event in events {
        if let Some(effect) = keymap::action(app, event).and_then(|action| update(app, action)) {
            effects.push(effect);
        }
    }
    effects
}

fn repeat(event: &Event, times: usize) -> Vec<Event> {
    vec![event.clone(); times]
}

fn screen(app: &App) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(app.size.width, app.size.height)).expect("test terminal");
    terminal
        .draw(|frame| view::render(app, frame))
        .expect("draws");
    terminal.backend().to_string()
}

/// A chat on a `size` test screen, copying into `clipboard`, before its greeting.
fn chat_on<'a>(
    conversation: &'a mut dyn Conversation,
    suggest: &'a dyn Suggest,
    clipboard: &'a mut Kept,
    save_dir: &std::path::Path,
    size: (u16, u16),
) -> (Terminal<TestBackend>, App, Services<'a>) {
    let terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("test terminal");
    let services = Services {
        conversation,
        suggest,
        save_dir: save_dir.to_owned(),
        clipboard,
    };
    (terminal, app(size.0, size.1), services)
}

/// The whole chat on a test backend: greeting, then `events`; returns the last screen.
fn run(
    conversation: &mut Scripted,
    size: (u16, u16),
    save_dir: &std::path::Path,
    events: Vec<Event>,
) -> (App, Terminal<TestBackend>) {
    let mut clipboard = Kept::default();
    let (mut terminal, mut app, mut services) =
        chat_on(conversation, &Titles, &mut clipboard, save_dir, size);
    run_main_loop(
        &mut terminal,
        &mut app,
        &mut services,
        events
            .into_iter()
            .map(|event| Ok::<_, io::Error>(vec![event])),
    )
    .expect("the loop runs");
    (app, terminal)
}

/// Pastes `text` into the input line and sends it, as a person would.
fn send(app: &mut App, text: &str) {
    update(app, Action::Paste(text.to_owned()));
    assert_eq!(
        update(app, Action::Submit),
        Some(Effect::Send(text.trim().to_owned()))
    );
}

/// Handles `events` one at a time, drawing after each, as a person typing would.
fn press_each(
    terminal: &mut Terminal<TestBackend>,
    app: &mut App,
    services: &mut Services,
    events: Vec<Event>,
) {
    for event in events {
        handle(terminal, app, services, &[event]).expect("draws");
    }
}

fn with_turn(mut app: App, turn: AssistantTurn) -> App {
    assert_eq!(update(&mut app, Action::Replied(turn)), None);
    app
}

// ---------------------------------------------------------------- key sequences

#[test]
fn typing_and_editing_the_input_line() {
    let mut app = app(80, 24);
    press(&mut app, &typed("my camra is black"));
    press(
        &mut app,
        &[
            ctrl('a'),
            Event::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::CONTROL)),
            key(KeyCode::Right),
            key(KeyCode::Right),
            key(KeyCode::Right),
            key(KeyCode::Right),
        ],
    );
    press(&mut app, &typed("e"));
    assert_eq!(app.input.text(), "my camera is black");
    press(
        &mut app,
        &[
            key(KeyCode::End),
            ctrl('w'),
            key(KeyCode::Backspace),
            key(KeyCode::Home),
            key(KeyCode::Delete),
        ],
    );
    assert_eq!(app.input.text(), "y camera is");
    press(&mut app, &[ctrl('u')]);
    assert_eq!(
        app.input.text(),
        "y camera is",
        "Ctrl-U at the start deletes nothing"
    );
    press(&mut app, &[ctrl('k')]);
    assert_eq!(app.input.text(), "");
}

#[test]
fn typing_asks_for_live_suggestions_from_two_characters() {
    let mut app = app(80, 24);
    assert_eq!(press(&mut app, &typed("c")), []);
    assert_eq!(
        press(&mut app, &typed("a")),
        [Effect::Suggest("ca".to_owned())]
    );
    update(
        &mut app,
        Action::Suggested {
            text: "ca".to_owned(),
            found: vec![suggestion(
                "camera-access",
                "The camera \u{1b}[31mwon't open",
            )],
        },
    );
    assert_eq!(
        app.suggestions,
        [suggestion("camera-access", "The camera won't open")]
    );
    update(
        &mut app,
        Action::Suggested {
            text: "stale".to_owned(),
            found: vec![suggestion("old", "old")],
        },
    );
    assert_eq!(
        app.suggestions.len(),
        1,
        "results for older text are dropped"
    );
    assert_eq!(
        press(&mut app, &[key(KeyCode::Left)]),
        [],
        "no new text, no search"
    );
    press(&mut app, &[key(KeyCode::End), key(KeyCode::Backspace)]);
    assert!(app.suggestions.is_empty());
}

#[test]
fn suggestions_stay_while_a_word_is_being_typed() {
    let mut app = app(80, 24);
    let found = |app: &mut App, text: &str, found: Vec<Suggestion>| {
        app.input.set(text);
        update(
            app,
            Action::Suggested {
                text: text.to_owned(),
                found,
            },
        );
    };
    let camera = Titles.suggest("camera", 3);
    found(&mut app, "the camera", camera.clone());
    found(&mut app, "the camera won", Vec::new());
    assert_eq!(app.suggestions, camera, "still typing after a match");
    found(&mut app, "the cam", Vec::new());
    assert!(
        app.suggestions.is_empty(),
        "shorter text is searched afresh"
    );
    found(&mut app, "xyzzy", Vec::new());
    assert!(app.suggestions.is_empty());
}

#[test]
fn tab_picks_the_first_suggestion() {
    let mut app = app(80, 24);
    assert_eq!(press(&mut app, &[key(KeyCode::Tab)]), [], "nothing to pick");
    press(&mut app, &typed("cam"));
    update(
        &mut app,
        Action::Suggested {
            text: "cam".to_owned(),
            found: Titles.suggest("cam", 3),
        },
    );
    let effects = press(&mut app, &[key(KeyCode::Tab)]);
    assert_eq!(effects, [Effect::Open("camera-access".to_owned())]);
    assert_eq!(app.input.text(), "");
    assert!(app.suggestions.is_empty());
    assert_eq!(
        app.transcript.last().map(|m| (m.from, m.text.as_str())),
        Some((
            ScreenSpeaker::You,
            "The camera won't open for video verification"
        ))
    );
}

#[test]
fn enter_sends_the_line_and_history_recalls_it() {
    let mut app = app(80, 24);
    assert_eq!(
        press(&mut app, &[key(KeyCode::Enter)]),
        [],
        "nothing to send"
    );
    let mut effects = press(&mut app, &typed("first"));
    effects.extend(press(&mut app, &[key(KeyCode::Enter)]));
    assert_eq!(effects.last(), Some(&Effect::Send("first".to_owned())));
    press(&mut app, &typed("  second  "));
    assert_eq!(
        press(&mut app, &[key(KeyCode::Enter)]),
        [Effect::Send("second".to_owned())]
    );
    assert_eq!(
        app.transcript.last().map(|m| m.text.as_str()),
        Some("second")
    );
    assert_eq!(
        app.transcript.last().map(|m| m.from),
        Some(ScreenSpeaker::You)
    );
    press(&mut app, &typed("draft"));
    press(&mut app, &[key(KeyCode::Up)]);
    assert_eq!(app.input.text(), "second");
    press(&mut app, &[key(KeyCode::Up), key(KeyCode::Up)]);
    assert_eq!(app.input.text(), "first");
    press(&mut app, &[ctrl('n')]);
    assert_eq!(app.input.text(), "second");
    press(&mut app, &[key(KeyCode::Down)]);
    assert_eq!(app.input.text(), "draft");
}

#[test]
fn choices_are_picked_by_number() {
    let mut app = with_turn(app(80, 24), confirm());
    assert_eq!(press(&mut app, &typed("2")), [Effect::Choose(1)]);
    assert_eq!(app.transcript.last().map(|m| m.text.as_str()), Some("No"));
    assert!(app.choices.is_empty());
    let mut app = with_turn(app, confirm());
    assert_eq!(
        press(&mut app, &typed("3")),
        [],
        "a number past the choices is typed"
    );
    assert_eq!(app.input.text(), "3");
    assert_eq!(
        press(&mut app, &typed("1")),
        [Effect::Suggest("31".to_owned())],
        "digits after text are typed"
    );
    assert_eq!(app.input.text(), "31");
}

#[test]
fn choices_are_picked_with_arrows_and_enter() {
    let mut app = with_turn(app(80, 24), triage());
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(app.highlighted, Some(1));
    press(
        &mut app,
        &[key(KeyCode::Right), key(KeyCode::Left), key(KeyCode::Up)],
    );
    assert_eq!(app.highlighted, Some(0));
    press(&mut app, &[key(KeyCode::Up)]);
    assert_eq!(app.highlighted, Some(0), "the first choice is the top");
    press(&mut app, &repeat(&key(KeyCode::Tab), 9));
    assert_eq!(app.highlighted, Some(4), "the last choice is the bottom");
    assert_eq!(press(&mut app, &[key(KeyCode::Enter)]), [Effect::Choose(4)]);

    let mut app = with_turn(app, confirm());
    press(&mut app, &[key(KeyCode::Up)]);
    assert_eq!(
        app.highlighted,
        Some(1),
        "up from the input line reaches the last"
    );
    press(&mut app, &typed("x"));
    assert_eq!(app.highlighted, None, "typing leaves the choices");
    press(&mut app, &[key(KeyCode::Up)]);
    assert_eq!(
        app.input.text(),
        "x",
        "with text typed, up is history (empty here)"
    );
}

#[test]
fn question_mark_opens_help_only_on_an_empty_line() {
    let mut app = app(40, 12);
    press(&mut app, &typed("?"));
    assert_eq!(app.help, Some(0));
    assert_eq!(app.input.text(), "");
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(app.help, Some(2));
    assert_eq!(
        press(&mut app, &[key(KeyCode::Esc)]),
        [],
        "Esc closes help first"
    );
    assert_eq!(app.help, None);
    press(&mut app, &typed("why?"));
    assert_eq!((app.input.text(), app.help), ("why?", None));
    press(&mut app, &[key(KeyCode::F(1))]);
    assert_eq!(app.help, Some(0));
    press(&mut app, &typed("x"));
    assert_eq!(
        (app.input.text(), app.help),
        ("why?", None),
        "a key that closes help is not typed"
    );
}

#[test]
fn help_scrolling_stops_at_its_end() {
    let mut app = app(40, 12);
    press(&mut app, &[key(KeyCode::F(1))]);
    press(&mut app, &repeat(&key(KeyCode::PageDown), 40));
    let bottom = app.help.expect("open");
    assert!(bottom > 0);
    let shown = screen(&app);
    assert!(shown.contains("start over"), "{shown}");
    press(&mut app, &repeat(&key(KeyCode::PageUp), 40));
    assert_eq!(app.help, Some(0));
}

#[test]
fn paste_is_one_clean_line() {
    let mut app = app(80, 24);
    press(&mut app, &typed("ab"));
    press(&mut app, &[key(KeyCode::Left)]);
    let effects = press(
        &mut app,
        &[Event::Paste(
            "\u{1b}]0;owned\u{7}x\u{1b}[2J\r\ny\u{9b}z\u{202e}".to_owned(),
        )],
    );
    // The 8-bit CSI takes the "z" as its final byte, as a terminal would.
    assert_eq!(app.input.text(), "ax yb");
    assert_eq!(effects, [Effect::Suggest("ax yb".to_owned())]);
}

#[test]
fn a_sequence_across_the_lines_of_a_paste_goes_whole() {
    let mut app = app(80, 24);
    press(
        &mut app,
        &[Event::Paste(
            "my \u{1b}]0;ti\r\ntle\u{7}camera\r\nwon't \u{1b}]8;;http://x\u{1b}\\open".to_owned(),
        )],
    );
    assert_eq!(app.input.text(), "my camera won't open");
}

#[test]
fn a_huge_paste_is_cut_and_says_so() {
    let mut app = app(80, 24);
    press(
        &mut app,
        &[Event::Paste("x".repeat(super::input::MAX_CHARS + 10))],
    );
    assert_eq!(app.input.text().len(), super::input::MAX_CHARS);
    assert_eq!(app.status, Some(Status::InputCut));
}

#[test]
fn save_and_quit_are_effects() {
    let mut app = app(80, 24);
    assert_eq!(press(&mut app, &[ctrl('s')]), [Effect::Save]);
    assert_eq!(press(&mut app, &[key(KeyCode::Esc)]), [Effect::Quit]);
    assert_eq!(press(&mut app, &[ctrl('c')]), [Effect::Quit]);
    press(&mut app, &[key(KeyCode::F(1))]);
    assert_eq!(
        press(&mut app, &[ctrl('c')]),
        [Effect::Quit],
        "Ctrl-C quits even from the help"
    );
}

#[test]
fn a_reply_that_ends_the_chat_quits() {
    let mut app = app(80, 24);
    let goodbye = AssistantTurn {
        end: true,
        ..turn(vec![say("Goodbye.")], &[])
    };
    assert_eq!(
        update(&mut app, Action::Replied(goodbye)),
        Some(Effect::Quit)
    );
}

#[test]
fn releases_and_unknown_keys_do_nothing() {
    let mut app = app(80, 24);
    let release = Event::Key(KeyEvent::new_with_kind(
        KeyCode::Char('a'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    ));
    assert_eq!(keymap::action(&app, &release), None);
    assert_eq!(keymap::action(&app, &key(KeyCode::Insert)), None);
    assert_eq!(keymap::action(&app, &Event::FocusGained), None);
    press(&mut app, &[ctrl('x')]);
    assert_eq!(app.input.text(), "");
}

#[test]
fn page_keys_and_the_wheel_scroll_within_the_transcript() {
    let mut app = app(40, 12);
    for n in 0..20 {
        update(
            &mut app,
            Action::Replied(turn(vec![say(&format!("message {n}"))], &[])),
        );
    }
    press(&mut app, &[key(KeyCode::PageUp)]);
    let page = app.scroll;
    assert!(page > 0);
    press(&mut app, &repeat(&key(KeyCode::PageUp), 30));
    let top = app.scroll;
    press(&mut app, &[key(KeyCode::PageUp)]);
    assert_eq!(app.scroll, top, "stops at the first message");
    assert!(screen(&app).contains("message 0"));
    press(&mut app, &[key(KeyCode::PageDown)]);
    assert_eq!(app.scroll, top - page);
    let wheel_down = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 5,
        row: 5,
        modifiers: KeyModifiers::NONE,
    });
    press(&mut app, &[wheel_down]);
    assert_eq!(app.scroll, top - page - 3);
    press(
        &mut app,
        &[Event::Key(KeyEvent::new(
            KeyCode::End,
            KeyModifiers::CONTROL,
        ))],
    );
    assert_eq!(app.scroll, 0);
}

#[test]
fn a_click_on_a_button_picks_it() {
    let mut app = with_turn(app(80, 24), confirm());
    let click = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(crossterm::event::MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let shown = screen(&app);
    let row = shown
        .lines()
        .position(|line| line.contains("2) No"))
        .expect("the choices are on screen");
    let row = u16::try_from(row).expect("small");
    assert_eq!(press(&mut app, &[click(20, row)]), [], "beside the choice");
    assert_eq!(press(&mut app, &[click(4, row)]), [Effect::Choose(1)]);
}

#[test]
fn resizing_keeps_the_scroll_in_range() {
    let mut app = app(40, 12);
    for n in 0..10 {
        update(
            &mut app,
            Action::Replied(turn(vec![say(&format!("message {n}"))], &[])),
        );
    }
    press(&mut app, &repeat(&key(KeyCode::PageUp), 10));
    assert!(app.scroll > 0);
    press(&mut app, &[Event::Resize(120, 60)]);
    assert_eq!(app.size, Size::new(120, 60));
    assert_eq!(app.scroll, 0, "everything fits now");
}

// ---------------------------------------------------------------- screens

#[test]
fn start_screen() {
    let app = with_turn(app(100, 30), greeting());
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn a_question_with_choices() {
    let mut app = with_turn(app(80, 24), greeting());
    send(&mut app, "my photos won't upload");
    let mut app = with_turn(app, triage());
    press(&mut app, &[key(KeyCode::Down), key(KeyCode::Down)]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn live_suggestions_while_typing() {
    let mut app = with_turn(app(80, 24), greeting());
    press(&mut app, &typed("the camera is blck"));
    update(
        &mut app,
        Action::Suggested {
            text: "the camera is blck".to_owned(),
            found: Titles.suggest("camera", 3),
        },
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_handoff() {
    let mut app = with_turn(app(80, 30), confirm());
    press(&mut app, &typed("1"));
    let app = with_turn(app, handoff());
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_help_overlay() {
    let mut app = with_turn(app(80, 24), triage());
    press(&mut app, &typed("?"));
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_smallest_screen() {
    let mut app = with_turn(app(40, 12), greeting());
    send(&mut app, "photos");
    let mut app = with_turn(app, triage());
    press(&mut app, &[key(KeyCode::Down)]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn a_cjk_message() {
    let mut app = with_turn(app(40, 14), greeting());
    send(
        &mut app,
        "我的相机打不开，一直黑屏，怎么办？我已经重新安装了应用。",
    );
    let app = with_turn(
        app,
        turn(
            vec![say("听起来是视频认证时相机无法打开。对吗？")],
            &["是", "不是"],
        ),
    );
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn a_long_scrolled_transcript() {
    let mut app = app(60, 16);
    for n in 1..=12 {
        send(
            &mut app,
            &format!("question {n}: the camera shows a black screen, then the app closes"),
        );
        update(
            &mut app,
            Action::Replied(turn(vec![say(&format!("answer number {n}"))], &[])),
        );
    }
    press(&mut app, &[key(KeyCode::PageUp), key(KeyCode::PageUp)]);
    insta::assert_snapshot!(screen(&app));
}

#[test]
fn the_input_line_scrolls_to_keep_the_cursor_visible() {
    let mut app = app(40, 12);
    press(
        &mut app,
        &typed("the camera app shows a black screen and then it closes"),
    );
    let shown = screen(&app);
    let input = shown.lines().nth(10).expect("input row");
    assert!(input.contains("then it closes"), "{input}");
    press(&mut app, &[key(KeyCode::Home)]);
    let shown = screen(&app);
    let input = shown.lines().nth(10).expect("input row");
    assert!(input.contains("> the camera"), "{input}");
}

#[test]
fn no_color_means_no_colours_at_all() {
    let mut plain = with_turn(App::new(Size::new(80, 24), false), confirm());
    update(
        &mut plain,
        Action::Saved(Err("Could not save in /: denied".to_owned())),
    );
    press(&mut plain, &[key(KeyCode::Down)]);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    terminal
        .draw(|frame| view::render(&plain, frame))
        .expect("draws");
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content()
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
    );
    let coloured = with_turn(app(80, 24), confirm());
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("test terminal");
    terminal
        .draw(|frame| view::render(&coloured, frame))
        .expect("draws");
    assert!(
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|cell| cell.fg != Color::Reset)
    );
}

#[test]
fn any_size_draws_without_panicking() {
    for (width, height) in [(0, 0), (1, 1), (5, 3), (39, 11), (300, 100)] {
        let mut app = with_turn(app(width, height), triage());
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        for keys in [typed("?"), vec![key(KeyCode::Esc)], typed("x")] {
            press(&mut app, &keys);
            terminal
                .draw(|frame| view::render(&app, frame))
                .expect("draws");
        }
    }
}

// ---------------------------------------------------------------- the event loop

#[test]
fn a_whole_chat_saves_and_quits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut conversation = Scripted::new(greeting(), vec![confirm(), handoff()]);
    let mut events = typed("photos wont upload");
    events.extend([key(KeyCode::Enter), key(KeyCode::Char('1')), ctrl('s')]);
    let (app, _) = run(&mut conversation, (80, 24), dir.path(), events.clone());
    assert_eq!(conversation.heard, ["photos wont upload", "#0"]);
    let path = dir.path().join("idhelp-chat.txt");
    assert_eq!(app.status, Some(Status::Saved(path.display().to_string())));
    assert_eq!(
        std::fs::read_to_string(&path).expect("saved"),
        "heard: photos wont upload | #0\n"
    );
    assert!(
        app.transcript
            .last()
            .is_some_and(|m| m.from == ScreenSpeaker::Notice)
    );

    let mut conversation = Scripted::new(greeting(), vec![confirm(), handoff()]);
    events.push(ctrl('s'));
    let (app, _) = run(&mut conversation, (80, 24), dir.path(), events);
    let second = dir.path().join("idhelp-chat-3.txt");
    assert_eq!(
        app.status,
        Some(Status::Saved(second.display().to_string()))
    );
    assert!(dir.path().join("idhelp-chat-2.txt").exists());
}

#[test]
fn a_failed_save_says_why_and_the_chat_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A folder cannot be made under a file.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").expect("write");
    let missing = file.join("chats");
    let mut conversation = Scripted::new(greeting(), vec![confirm()]);
    let mut events = vec![ctrl('s')];
    events.extend(typed("photos"));
    events.extend([key(KeyCode::Enter), ctrl('s')]);
    let (app, terminal) = run(&mut conversation, (80, 24), &missing, events);
    assert_eq!(conversation.heard, ["photos"]);
    let Some(Status::SaveFailed(why)) = &app.status else {
        panic!("no failure reported: {:?}", app.status);
    };
    assert!(why.starts_with("Could not save in "), "{why}");
    assert!(why.contains("Not a directory"), "{why}");
    assert!(terminal.backend().to_string().contains("Could not save in"));
}

#[test]
fn quitting_in_words_ends_the_loop() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut conversation = Scripted::new(greeting(), vec![]);
    let mut events = typed("quit");
    events.push(key(KeyCode::Enter));
    events.extend(typed("never sent"));
    events.push(key(KeyCode::Enter));
    run(&mut conversation, (80, 24), dir.path(), events);
    assert_eq!(conversation.heard, ["quit"]);
}

#[test]
fn esc_ends_the_loop() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut conversation = Scripted::new(greeting(), vec![confirm()]);
    let mut events = vec![key(KeyCode::Esc)];
    events.extend(typed("never sent"));
    events.push(key(KeyCode::Enter));
    run(&mut conversation, (80, 24), dir.path(), events);
    assert!(conversation.heard.is_empty());
}

#[test]
fn the_loop_survives_resizing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut conversation = Scripted::new(greeting(), vec![triage()]);
    let mut clipboard = Kept::default();
    let (mut terminal, mut app, mut services) = greeted(
        &mut conversation,
        &Titles,
        &mut clipboard,
        dir.path(),
        (100, 30),
    );
    for (width, height) in [(40, 12), (120, 40), (41, 13)] {
        terminal.backend_mut().resize(width, height);
        let resized = Event::Resize(width, height);
        handle(&mut terminal, &mut app, &mut services, &[resized]).expect("draws");
        assert_eq!(terminal.backend().buffer().area.width, width);
        assert!(terminal.backend().to_string().contains("idhelp"));
    }
}

/// Counts the searches asked of it, and finds nothing.
#[derive(Default)]
struct Counting {
    searched: std::cell::RefCell<Vec<String>>,
}

impl Suggest for Counting {
    fn suggest(&self, text: &str, _top: usize) -> Vec<Suggestion> {
        self.searched.borrow_mut().push(text.to_owned());
        Vec::new()
    }
}

#[test]
fn a_burst_of_keys_costs_one_search_and_one_frame() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut conversation = Scripted::new(greeting(), vec![confirm()]);
    let counting = Counting::default();
    let mut clipboard = Kept::default();
    let (mut terminal, mut app, mut services) = chat_on(
        &mut conversation,
        &counting,
        &mut clipboard,
        dir.path(),
        (80, 24),
    );
    let mut burst = typed("my camera");
    burst.push(key(KeyCode::Backspace));
    handle(&mut terminal, &mut app, &mut services, &burst).expect("draws");
    assert_eq!(*counting.searched.borrow(), ["my camer"]);
    let mut sent = typed("photos");
    sent.push(key(KeyCode::Enter));
    handle(&mut terminal, &mut app, &mut services, &sent).expect("draws");
    assert_eq!(
        counting.searched.borrow().len(),
        1,
        "no search for text already sent"
    );
    assert_eq!(conversation.heard, ["my camerphotos"]);
}

/// A paste holding the end marker and a CR ("\x1b[200~abc\x1b[201~\rrm -rf\x1b[201~"):
/// crossterm ends the paste at the first marker, so the rest arrives, in the same read, as
/// keys. The keys right behind a paste in one burst are pasted text, not an Enter that sends.
#[test]
fn keys_that_arrive_with_a_paste_are_part_of_it_and_do_not_send() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut conversation = Scripted::new(greeting(), vec![confirm()]);
    let mut clipboard = Kept::default();
    let (mut terminal, mut app, mut services) = chat_on(
        &mut conversation,
        &Titles,
        &mut clipboard,
        dir.path(),
        (80, 24),
    );
    let mut burst = vec![Event::Paste("abc".to_owned()), key(KeyCode::Enter)];
    burst.extend(typed("rm"));
    handle(&mut terminal, &mut app, &mut services, &burst).expect("draws");
    assert_eq!(app.input.text(), "abc rm", "nothing was sent");
    handle(
        &mut terminal,
        &mut app,
        &mut services,
        &[key(KeyCode::Enter)],
    )
    .expect("draws");
    assert_eq!(conversation.heard, ["abc rm"], "an Enter of its own sends");
}

// ---------------------------------------------------------------- with the real assistant

/// The built-in pack and its search.
fn shipped_pack() -> (
    std::sync::Arc<crate::knowledge::Knowledge>,
    crate::search::Searcher,
) {
    let (knowledge, searcher) = crate::pack::builtin().expect("the built-in pack");
    (std::sync::Arc::new(knowledge), searcher)
}

#[test]
fn the_real_assistant_from_greeting_to_handoff() {
    let (knowledge, searcher) = shipped_pack();
    let mut assistant = super::Assistant::new(std::sync::Arc::clone(&knowledge), &searcher);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut clipboard = Kept::default();
    let (mut terminal, mut app, mut services) = greeted(
        &mut assistant,
        &searcher,
        &mut clipboard,
        dir.path(),
        (80, 30),
    );
    insta::assert_snapshot!("real_start_screen", terminal.backend());
    let mut keys = typed("my photos won't upload");
    keys.extend([key(KeyCode::Enter), key(KeyCode::Char('1'))]);
    keys.extend(typed("talk to support"));
    keys.push(key(KeyCode::Enter));
    press_each(&mut terminal, &mut app, &mut services, keys);
    insta::assert_snapshot!("real_handoff", terminal.backend());
    handle(&mut terminal, &mut app, &mut services, &[ctrl('s')]).expect("draws");
    let saved = std::fs::read_to_string(dir.path().join("idhelp-chat.txt")).expect("saved");
    assert!(saved.contains("You: my photos won't upload"), "{saved}");
    assert!(saved.contains("Hand-off to "), "{saved}");
}

/// A chat greeted on a `size` test screen, copying into `clipboard`.
fn greeted<'a>(
    conversation: &'a mut dyn Conversation,
    suggest: &'a dyn Suggest,
    clipboard: &'a mut Kept,
    save_dir: &std::path::Path,
    size: (u16, u16),
) -> (Terminal<TestBackend>, App, Services<'a>) {
    let (mut terminal, mut app, mut services) =
        chat_on(conversation, suggest, clipboard, save_dir, size);
    run_main_loop(&mut terminal, &mut app, &mut services, []).expect("greets");
    (terminal, app, services)
}

#[test]
fn ctrl_y_copies_the_handoff_and_the_status_bar_says_so() {
    let mut conversation = Scripted::new(greeting(), vec![confirm(), handoff()]);
    let mut clipboard = Kept::default();
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut terminal, mut app, mut services) = greeted(
        &mut conversation,
        &Titles,
        &mut clipboard,
        dir.path(),
        (100, 30),
    );
    handle(&mut terminal, &mut app, &mut services, &[ctrl('y')]).expect("draws");
    assert_eq!(app.status, Some(Status::NothingToCopy));
    assert!(!terminal.backend().to_string().contains("Ctrl-Y"));
    let mut keys = typed("my photos");
    keys.push(key(KeyCode::Enter));
    keys.extend(typed("talk to support"));
    keys.push(key(KeyCode::Enter));
    press_each(&mut terminal, &mut app, &mut services, keys);
    assert!(
        terminal
            .backend()
            .to_string()
            .contains("Ctrl-Y copy hand-off")
    );
    handle(&mut terminal, &mut app, &mut services, &[ctrl('y')]).expect("draws");
    assert_eq!(app.status, Some(Status::Copied));
    assert!(
        terminal
            .backend()
            .to_string()
            .contains("Copied the hand-off packet")
    );
    assert_eq!(
        clipboard.copies,
        ["packet after: my photos | talk to support"]
    );
}

#[test]
fn a_terminal_without_osc52_is_named_and_ctrl_s_offered() {
    let mut conversation = Scripted::new(greeting(), vec![handoff()]);
    let mut clipboard = Kept {
        refused_by: Some("The Linux console"),
        ..Kept::default()
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut terminal, mut app, mut services) = greeted(
        &mut conversation,
        &Titles,
        &mut clipboard,
        dir.path(),
        (100, 30),
    );
    let mut keys = typed("talk to support");
    keys.extend([key(KeyCode::Enter), ctrl('y')]);
    press_each(&mut terminal, &mut app, &mut services, keys);
    let shown = terminal.backend().to_string();
    assert!(
        shown.contains("The Linux console can't take a copy (no OSC 52): Ctrl-S saves"),
        "{shown}"
    );
}

#[test]
fn the_real_handoff_can_be_copied_after_the_chat_starts_over() {
    let (knowledge, searcher) = shipped_pack();
    let mut assistant = super::Assistant::new(std::sync::Arc::clone(&knowledge), &searcher);
    let mut clipboard = Kept::default();
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut terminal, mut app, mut services) = greeted(
        &mut assistant,
        &searcher,
        &mut clipboard,
        dir.path(),
        (80, 30),
    );
    let mut keys = typed("my photos won't upload, my email is someone@example.com");
    keys.push(key(KeyCode::Enter));
    keys.extend(typed("talk to support"));
    keys.extend([key(KeyCode::Enter), ctrl('y')]);
    keys.extend(typed("start over"));
    keys.extend([key(KeyCode::Enter), ctrl('y')]);
    press_each(&mut terminal, &mut app, &mut services, keys);
    assert_eq!(clipboard.copies.len(), 2, "{:?}", clipboard.copies);
    for copy in &clipboard.copies {
        assert!(copy.contains("Hand-off to "), "{copy}");
        assert!(copy.contains("my photos won't upload"), "{copy}");
        assert!(!copy.contains("someone@example.com"), "{copy}");
    }
}

// ---------------------------------------------------------------- issue 20: where you are, what to do

fn at(stage: crate::dialogue::Stage) -> crate::dialogue::Place {
    crate::dialogue::Place {
        title: "Your proof of address was not accepted".to_owned(),
        stage,
    }
}

fn question(number: usize) -> AssistantTurn {
    AssistantTurn {
        place: Some(at(crate::dialogue::Stage::Question { number, about: 4 })),
        ..turn(
            vec![say("Is the document dated within the last three months?")],
            &["Yes, it's from the last three months", "No, it's older"],
        )
    }
}

fn steps() -> AssistantTurn {
    use crate::knowledge::OutcomeKind;
    AssistantTurn {
        place: Some(at(crate::dialogue::Stage::Outcome(OutcomeKind::Resolved))),
        ..turn(
            vec![
                Said::new(
                    Tone::Outcome(OutcomeKind::Resolved),
                    "The guide names poor image quality as a common reason for rejection.",
                ),
                Said::new(
                    Tone::Warning,
                    "Important: never send your documents to anyone but OKX.",
                ),
                Said::new(
                    Tone::Step(1),
                    "Photograph the whole document, with its corners in the picture.",
                ),
                Said::new(Tone::Step(2), "Hold the phone steady so the text is sharp."),
                Said::new(Tone::Step(3), "Resubmit the clear photo."),
                say("Did this solve it?"),
            ],
            &["Yes, it's solved", "No, it still doesn't work"],
        )
    }
}

fn support() -> AssistantTurn {
    use crate::knowledge::OutcomeKind;
    let mut handoff = handoff();
    handoff.place = Some(at(crate::dialogue::Stage::Outcome(OutcomeKind::Support)));
    handoff
}

/// The screen as text, checked to be the same without colour, where it must have none.
fn both_screens(app: &App) -> String {
    let coloured = screen(app);
    let mut plain = app.clone();
    plain.color = false;
    let mut terminal =
        Terminal::new(TestBackend::new(app.size.width, app.size.height)).expect("test terminal");
    terminal
        .draw(|frame| view::render(&plain, frame))
        .expect("draws");
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content()
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
    );
    assert_eq!(
        terminal.backend().to_string(),
        coloured,
        "the same structure"
    );
    coloured
}

fn reaching_steps(size: (u16, u16)) -> App {
    let mut app = with_turn(app(size.0, size.1), greeting());
    send(&mut app, "my proof of address was rejected");
    let mut app = with_turn(app, question(2));
    press(&mut app, &typed("1"));
    with_turn(app, steps())
}

fn handed_off(size: (u16, u16)) -> App {
    let mut app = reaching_steps(size);
    press(&mut app, &typed("2"));
    with_turn(app, support())
}

#[test]
fn steps_at_each_size() {
    for size in [(100, 30), (60, 20), (40, 12)] {
        let app = reaching_steps(size);
        insta::assert_snapshot!(format!("steps_{}x{}", size.0, size.1), both_screens(&app));
    }
}

#[test]
fn handoff_folded_and_unfolded_at_each_size() {
    for size in [(100, 30), (60, 20), (40, 12)] {
        let mut app = handed_off(size);
        insta::assert_snapshot!(
            format!("handoff_folded_{}x{}", size.0, size.1),
            both_screens(&app)
        );
        press(&mut app, &[ctrl('o')]);
        insta::assert_snapshot!(
            format!("handoff_unfolded_{}x{}", size.0, size.1),
            both_screens(&app)
        );
    }
}

#[test]
fn the_header_says_which_problem_and_how_far() {
    let app = with_turn(app(100, 30), greeting());
    assert!(
        screen(&app)
            .lines()
            .next()
            .is_some_and(|line| line.starts_with("\"idhelp"))
    );
    let app = with_turn(app, question(2));
    let shown = screen(&app);
    let header = shown.lines().next().expect("a header");
    assert!(
        header.contains("Your proof of address was not accepted · question 2 of about 4"),
        "{header}"
    );
    let app = with_turn(app, steps());
    assert!(
        screen(&app)
            .lines()
            .next()
            .expect("a header")
            .contains("accepted · steps")
    );
    let app = with_turn(app, support());
    assert!(
        screen(&app)
            .lines()
            .next()
            .expect("a header")
            .contains("· contact support")
    );
    let narrow = with_turn(with_turn(self::app(30, 12), question(1)), question(1));
    let header = screen(&narrow).lines().next().expect("a header").to_owned();
    assert!(
        header.contains("Your proof of address was not…"),
        "{header}"
    );
    // Where there is room for where you are, the title gives way instead.
    let half = with_turn(with_turn(self::app(44, 12), question(1)), question(1));
    let header = screen(&half).lines().next().expect("a header").to_owned();
    assert!(
        header.contains("Your proof of addre… · question 1 of about 4\""),
        "{header}"
    );
}

#[test]
fn choices_are_listed_once_and_the_conversation_keeps_the_screen() {
    let mut app = with_turn(app(60, 20), greeting());
    send(&mut app, "photos");
    let app = with_turn(app, triage());
    let shown = screen(&app);
    assert_eq!(
        shown.matches("The face scan or the video").count(),
        1,
        "{shown}"
    );
    let areas = super::layout::Areas::of(&app, super::layout::screen(&app));
    assert!(areas.transcript.height >= 17, "{areas:?}");
}

#[test]
fn ctrl_o_folds_and_unfolds_the_handoff_and_is_listed() {
    let mut app = with_turn(app(100, 30), confirm());
    press(&mut app, &[ctrl('o')]);
    assert!(!app.handoff_open, "nothing to unfold yet");
    let mut app = with_turn(app, handoff());
    let folded = screen(&app);
    assert!(
        folded.contains("▸ For OKX 24/7 live support (9 lines): Ctrl-O opens it"),
        "{folded}"
    );
    assert!(!folded.contains("Have ready:"), "{folded}");
    assert!(folded.contains("Ctrl-O expand hand-off"), "{folded}");
    press(&mut app, &[ctrl('o')]);
    let open = screen(&app);
    assert!(open.contains("│ Have ready:"), "{open}");
    assert!(open.contains("Ctrl-O fold hand-off"), "{open}");
    let help: Vec<_> = super::strings::HELP.iter().map(|(key, _)| *key).collect();
    assert!(help.contains(&"Ctrl-O"), "{help:?}");
}

#[test]
fn the_whole_packet_is_copied_and_saved_folded_or_not() {
    for unfold in [false, true] {
        let mut conversation = Scripted::new(greeting(), vec![handoff()]);
        let mut clipboard = Kept::default();
        let dir = tempfile::tempdir().expect("temp dir");
        let (mut terminal, mut app, mut services) = greeted(
            &mut conversation,
            &Titles,
            &mut clipboard,
            dir.path(),
            (60, 20),
        );
        let mut keys = typed("talk to support");
        keys.push(key(KeyCode::Enter));
        if unfold {
            keys.push(ctrl('o'));
        }
        keys.extend([ctrl('y'), ctrl('s')]);
        press_each(&mut terminal, &mut app, &mut services, keys);
        assert_eq!(app.handoff_open, unfold);
        assert_eq!(clipboard.copies, ["packet after: talk to support"]);
        let saved = std::fs::read_to_string(dir.path().join("idhelp-chat.txt")).expect("saved");
        assert!(saved.contains("talk to support"), "{saved}");
    }
}

#[test]
fn copying_is_not_offered_once_another_problem_is_solved() {
    let app = with_turn(app(100, 30), support());
    assert!(screen(&app).contains("Ctrl-Y copy hand-off"));
    let app = with_turn(app, question(1));
    let app = with_turn(app, steps());
    let shown = screen(&app);
    assert!(!shown.contains("Ctrl-Y"), "{shown}");
    assert!(
        shown.contains("Ctrl-O expand hand-off"),
        "the old packet can still be read"
    );
}

#[test]
fn the_help_lists_the_menu_command() {
    let mut app = with_turn(app(100, 40), greeting());
    press(&mut app, &typed("?"));
    let shown = screen(&app);
    assert!(shown.contains("menu"), "{shown}");
}

#[test]
fn the_status_bar_shows_where_chats_are_saved_shortened_from_the_start() {
    let mut app = with_turn(app(100, 30), greeting());
    app.save_dir = Some("/home/someone/.local/share/idhelp".to_owned());
    let shown = screen(&app);
    assert!(
        shown.contains("Ctrl-S save in /home/someone/.local/share/idhelp"),
        "{shown}"
    );
    app.save_dir = Some("/home/someone/with/a/very/long/path/to/.local/share/idhelp".to_owned());
    let shown = screen(&app);
    assert!(shown.contains("Ctrl-S save in …"), "{shown}");
    assert!(shown.contains("/share/idhelp"), "{shown}");
}
