//! The event loop: terminal events through the keymap and the update function, effects
//! performed (the assistant, live suggestions, saving), the screen drawn; and the guard that
//! puts the terminal back however the chat ends, a panic included.

use std::io::{self, Stdout};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once};
use std::time::Duration;

use crossterm::cursor::Show;
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

use super::app::App;
use super::clipboard::Clipboard;
use super::conversation::{Conversation, SUGGESTIONS, Suggest};
use super::keymap;
use super::save::save_new;
use super::strings;
use super::update::{Action, Copied, Effect, update};
use super::view;
use crate::text::{sanitize, sanitize_line};

/// What the effects need: the assistant, the suggestions, and where saved chats go.
pub struct Services<'a> {
    pub conversation: &'a mut dyn Conversation,
    pub suggest: &'a dyn Suggest,
    pub save_dir: PathBuf,
    pub clipboard: &'a mut dyn Clipboard,
}

impl Services<'_> {
    /// Performs `effect` and returns what came of it as an action; `None` means quit.
    fn perform(&mut self, effect: Effect) -> Option<Action> {
        Some(match effect {
            Effect::Send(text) => Action::Replied(self.conversation.answer(&text)),
            Effect::Choose(index) => Action::Replied(self.conversation.choose(index)),
            Effect::Open(id) => Action::Replied(self.conversation.open_entry(&id)),
            Effect::Suggest(text) => {
                let found = self.suggest.suggest(&text, SUGGESTIONS);
                Action::Suggested { text, found }
            }
            Effect::Save => {
                let record = sanitize(&self.conversation.record());
                Action::Saved(save(&self.save_dir, &record))
            }
            Effect::Copy => Action::Copied(match self.conversation.handoff() {
                None => Copied::NothingYet,
                Some(packet) => match self.clipboard.copy(&sanitize(&packet)) {
                    Ok(()) => Copied::Sent,
                    Err(why) => Copied::Refused(why),
                },
            }),
            Effect::Quit => return None,
        })
    }
}

fn save(dir: &Path, contents: &str) -> Result<String, String> {
    save_new(dir, contents)
        .map(|path| path.display().to_string())
        .map_err(|error| strings::save_failed(&dir.display().to_string(), &error.to_string()))
}

/// Whether the chat goes on after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// Runs `action` through update, and each effect's result after it, until nothing is left.
pub fn dispatch(app: &mut App, services: &mut Services, action: Action) -> Flow {
    drive(app, services, action, None)
}

/// [`dispatch`], optionally leaving the search for live suggestions in `search` (replacing
/// an earlier one) instead of running it.
fn drive(
    app: &mut App,
    services: &mut Services,
    action: Action,
    mut search: Option<&mut Option<String>>,
) -> Flow {
    let mut next = Some(action);
    while let Some(action) = next.take() {
        let Some(effect) = update(app, action) else {
            continue;
        };
        if let (Effect::Suggest(text), Some(later)) = (&effect, search.as_deref_mut()) {
            *later = Some(text.clone());
            continue;
        }
        match services.perform(effect) {
            Some(result) => next = Some(result),
            None => return Flow::Quit,
        }
    }
    Flow::Continue
}

/// Handles the events that arrived together (one keystroke, or a burst when keys come faster
/// than the screen is drawn) and redraws once. Live suggestions are searched at most once,
/// for the text the burst leaves in the input line. Plain keys right behind a paste in the
/// burst are pasted text (`keymap::paste_continued`).
pub fn handle<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    services: &mut Services,
    events: &[Event],
) -> Result<Flow, B::Error> {
    let mut search = None;
    let mut pasting = false;
    for event in events {
        let action = match keymap::paste_continued(event).filter(|_| pasting) {
            Some(text) => Some(Action::Paste(text)),
            None => keymap::action(app, event),
        };
        pasting = matches!(action, Some(Action::Paste(_)));
        if let Some(action) = action
            && drive(app, services, action, Some(&mut search)) == Flow::Quit
        {
            return Ok(Flow::Quit);
        }
    }
    if let Some(text) = search.filter(|text| text == app.input.text().trim()) {
        let found = services.suggest.suggest(&text, SUGGESTIONS);
        dispatch(app, services, Action::Suggested { text, found });
    }
    terminal.draw(|frame| view::render(app, frame))?;
    Ok(Flow::Continue)
}

/// The whole chat on any backend: the greeting, then the events, a burst at a time, until
/// the person quits or the events run out. Tests drive it on a `TestBackend`.
pub fn run_main_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    services: &mut Services,
    bursts: impl IntoIterator<Item = io::Result<Vec<Event>>>,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    app.size = terminal.size()?;
    let greeting = services.conversation.start();
    if dispatch(app, services, Action::Replied(greeting)) == Flow::Quit {
        return Ok(());
    }
    terminal.draw(|frame| view::render(app, frame))?;
    for burst in bursts {
        if handle(terminal, app, services, &burst?)? == Flow::Quit {
            break;
        }
    }
    Ok(())
}

/// The chat in the real terminal, put back as it was when the chat ends.
pub fn run(mut services: Services) -> anyhow::Result<()> {
    let ending = Arc::new(AtomicBool::new(false));
    watch_end_signals(&ending);
    let guard = TerminalGuard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let mut app = App::new(terminal.size()?, color_allowed());
    app.save_dir = Some(sanitize_line(&services.save_dir.display().to_string()));
    let bursts = std::iter::from_fn(|| next_burst(&ending));
    let result = run_main_loop(&mut terminal, &mut app, &mut services, bursts);
    drop(guard);
    result
}

/// The most events handled before the screen is drawn again.
const MAX_BURST: usize = 256;
/// How often the chat looks, while it waits for a key, whether a signal asked it to end.
const SIGNAL_CHECK: Duration = Duration::from_millis(100);

/// The signals that end the chat the way quitting does, so the terminal is put back: their
/// default action would kill the process in raw mode on the alternate screen. In raw mode
/// Ctrl-C and Ctrl-\ are keys, so SIGINT and SIGQUIT come only from `kill`.
#[cfg(unix)]
const END_SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// Makes the [`END_SIGNALS`] set `ending` instead of killing the process.
#[cfg(unix)]
fn watch_end_signals(ending: &Arc<AtomicBool>) {
    for signal in END_SIGNALS {
        // Should registering fail, the signal keeps its default action.
        let _ = signal_hook::flag::register(signal, Arc::clone(ending));
    }
}

#[cfg(not(unix))]
fn watch_end_signals(_: &Arc<AtomicBool>) {}

/// The next burst of events; `None` once a signal has asked the chat to end.
fn next_burst(ending: &AtomicBool) -> Option<io::Result<Vec<Event>>> {
    match wait_for_event(ending) {
        Ok(true) => Some(read_burst()),
        Ok(false) => None,
        Err(error) => Some(Err(error)),
    }
}

/// Waits until an event is ready (`true`), or a signal has asked the chat to end or the
/// terminal has gone (`false`).
#[cfg(unix)]
fn wait_for_event(ending: &AtomicBool) -> io::Result<bool> {
    let stdin = io::stdin();
    while !ending.load(Ordering::SeqCst) {
        // What crossterm already holds (a resize, the rest of a burst) comes first.
        if event::poll(Duration::ZERO)? {
            return Ok(true);
        }
        // The waiting itself is ours: once its terminal is gone, crossterm 0.29 reads the
        // dead descriptor in a loop that never returns, at full CPU (crossterm-rs/crossterm
        // issue 793), so a hung-up terminal must be seen before crossterm reads it.
        if wait_for_input(&stdin, SIGNAL_CHECK)? == Input::Gone {
            return Ok(false);
        }
    }
    Ok(false)
}

#[cfg(not(unix))]
fn wait_for_event(ending: &AtomicBool) -> io::Result<bool> {
    while !ending.load(Ordering::SeqCst) {
        if event::poll(SIGNAL_CHECK)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// What waiting on the terminal's input found.
#[cfg(unix)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    /// Something to read.
    Ready,
    /// Nothing within the time, or a signal (a resize) interrupted the wait.
    Idle,
    /// The other end has hung up: nothing will ever come.
    Gone,
}

/// Waits at most `timeout` for `input` to have something to read.
#[cfg(unix)]
fn wait_for_input(input: &impl std::os::fd::AsFd, timeout: Duration) -> io::Result<Input> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let timeout = Timespec::try_from(timeout).map_err(|_| io::ErrorKind::InvalidInput)?;
    let mut fds = [PollFd::new(input, PollFlags::IN)];
    match poll(&mut fds, Some(&timeout)) {
        Ok(_) => {}
        Err(rustix::io::Errno::INTR) => return Ok(Input::Idle),
        Err(error) => return Err(error.into()),
    }
    let found = fds[0].revents();
    Ok(
        if found.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
            Input::Gone
        } else if found.contains(PollFlags::IN) {
            Input::Ready
        } else {
            Input::Idle
        },
    )
}

/// Takes the event that is ready and those already waiting behind it.
fn read_burst() -> io::Result<Vec<Event>> {
    let mut burst = vec![event::read()?];
    while burst.len() < MAX_BURST && event::poll(Duration::ZERO)? {
        burst.push(event::read()?);
    }
    Ok(burst)
}

/// Colours unless `NO_COLOR` is set to something (<https://no-color.org>).
fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// Whether the terminal is in the chat's modes, so it is put back exactly once.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen, mouse capture and bracketed paste while it lives; all
/// undone when it drops (on quit and on error) or when the program panics.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> io::Result<Self> {
        install_panic_hook();
        ACTIVE.store(true, Ordering::SeqCst);
        // Made before the first change, so a failure half-way undoes what was done.
        let guard = TerminalGuard;
        enable_raw_mode()?;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        )?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back, if the chat had changed it; errors are ignored because this
/// runs on the way out, when there is nobody left to tell.
fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut stdout: Stdout = io::stdout();
        let _ = execute!(
            stdout,
            DisableBracketedPaste,
            DisableMouseCapture,
            LeaveAlternateScreen,
            Show
        );
        let _ = disable_raw_mode();
    }
}

/// Restores the terminal before the previous panic hook prints, so the message is readable
/// and the shell is usable afterwards.
fn install_panic_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn input_that_hung_up_is_gone_not_idle() {
        use std::io::Write as _;
        let (reader, mut writer) = io::pipe().expect("a pipe");
        let brief = Duration::from_millis(10);
        assert_eq!(wait_for_input(&reader, brief).expect("polls"), Input::Idle);
        writer.write_all(b"x").expect("writes");
        assert_eq!(wait_for_input(&reader, brief).expect("polls"), Input::Ready);
        let (reader, writer) = io::pipe().expect("a pipe");
        drop(writer);
        assert_eq!(wait_for_input(&reader, brief).expect("polls"), Input::Gone);
    }

    /// Raises each signal in this process: one not watched would kill the test run.
    #[cfg(unix)]
    #[test]
    fn interrupt_quit_terminate_and_hang_up_each_ask_the_chat_to_end() {
        let ending = Arc::new(AtomicBool::new(false));
        watch_end_signals(&ending);
        for signal in END_SIGNALS {
            ending.store(false, Ordering::SeqCst);
            signal_hook::low_level::raise(signal).expect("the signal is sent");
            assert!(ending.load(Ordering::SeqCst), "signal {signal} is watched");
        }
    }

    #[test]
    fn a_signal_to_end_stops_the_events_without_reading_the_terminal() {
        assert!(next_burst(&AtomicBool::new(true)).is_none());
    }
}
