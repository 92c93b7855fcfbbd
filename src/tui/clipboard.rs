//! Copying the hand-off packet with OSC 52: the terminal itself sets the clipboard, so the
//! copy works over SSH and inside tmux (with `set-clipboard on`), where no clipboard program
//! could be reached. No terminal answers whether it took the copy; where one is known to
//! ignore OSC 52, the copy is not sent and the status bar says so.

use std::io::{self, Write};

use crossterm::clipboard::CopyToClipboard;

/// Where the chat's copies go.
pub trait Clipboard {
    /// Copies `text`, or says why it cannot.
    fn copy(&mut self, text: &str) -> Result<(), String>;
}

/// Terminals known to ignore OSC 52: (environment variable, its value, the name shown).
const IGNORING_OSC52: &[(&str, &str, &str)] = &[
    ("TERM", "linux", "The Linux console"),
    ("TERM", "dumb", "This terminal"),
    ("TERM_PROGRAM", "Apple_Terminal", "Apple's Terminal"),
];

/// The name of the terminal, when `var` (the environment) shows one that ignores OSC 52.
/// tmux takes the copy itself, whatever terminal it runs in.
pub fn ignoring_terminal(var: impl Fn(&str) -> Option<String>) -> Option<&'static str> {
    if var("TMUX").is_some() {
        return None;
    }
    IGNORING_OSC52
        .iter()
        .find(|(name, value, _)| var(name).as_deref() == Some(*value))
        .map(|&(_, _, shown)| shown)
}

/// The terminal's clipboard, through OSC 52 on `out`.
pub struct Osc52<W: Write> {
    out: W,
    ignored_by: Option<&'static str>,
}

impl Osc52<io::Stdout> {
    /// OSC 52 on stdout, unless the environment shows a terminal that ignores it.
    pub fn detect() -> Self {
        Self {
            out: io::stdout(),
            ignored_by: ignoring_terminal(|name| std::env::var(name).ok()),
        }
    }
}

impl<W: Write> Osc52<W> {
    pub fn new(out: W, ignored_by: Option<&'static str>) -> Self {
        Self { out, ignored_by }
    }
}

impl<W: Write> Clipboard for Osc52<W> {
    fn copy(&mut self, text: &str) -> Result<(), String> {
        if let Some(terminal) = self.ignored_by {
            return Err(terminal.to_owned());
        }
        crossterm::execute!(self.out, CopyToClipboard::to_clipboard_from(text))
            .map_err(|error| error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&str, &str)]) -> impl Fn(&str) -> Option<String> + 'a {
        |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    #[test]
    fn writes_one_osc52_sequence_with_the_text_in_base64() {
        let mut out = Vec::new();
        Osc52::new(&mut out, None).copy("hi ✓").expect("copies");
        assert_eq!(out, b"\x1b]52;c;aGkg4pyT\x1b\\");
    }

    #[test]
    fn a_terminal_that_ignores_osc52_gets_nothing_and_a_reason() {
        let mut out = Vec::new();
        let refused = Osc52::new(&mut out, Some("The Linux console")).copy("hi");
        assert_eq!(refused, Err("The Linux console".to_owned()));
        assert!(out.is_empty());
    }

    #[test]
    fn knows_the_terminals_that_ignore_osc52() {
        assert_eq!(
            ignoring_terminal(env(&[("TERM", "linux")])),
            Some("The Linux console")
        );
        assert_eq!(
            ignoring_terminal(env(&[("TERM_PROGRAM", "Apple_Terminal")])),
            Some("Apple's Terminal")
        );
        assert_eq!(ignoring_terminal(env(&[("TERM", "xterm-256color")])), None);
        assert_eq!(
            ignoring_terminal(env(&[("TERM", "linux"), ("TMUX", "/tmp/tmux-0/default")])),
            None
        );
    }
}
