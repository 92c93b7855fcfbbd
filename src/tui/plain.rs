//! The plain line mode: the same conversation as lines on stdin and stdout, for screen
//! readers, pipes and scripts. Choices print as `1) ...`; end of input ends the chat.
//! It lives beside the TUI because both are front ends to one [`Conversation`] and print the
//! same transcript text; the CLI only picks one of them.

use std::io::{self, BufRead, Write};

use super::conversation::{AssistantTurn, Conversation, Tone, numbered};
use super::input::MAX_CHARS;
use super::strings::PROMPT;
use crate::text::{read_capped_line, sanitize, sanitize_line};

/// The longest line read, in bytes; the rest of a longer line is skipped.
const MAX_LINE_BYTES: usize = MAX_CHARS * 4;

/// Talks to `conversation` one line at a time until end of input or until the person quits.
/// `prompt` writes `> ` before each line is read (for a person at a terminal, not a pipe).
pub fn run_plain(
    conversation: &mut dyn Conversation,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    prompt: bool,
) -> io::Result<()> {
    let mut turn = conversation.start();
    loop {
        write_turn(out, &turn)?;
        if turn.end {
            return Ok(());
        }
        let line = loop {
            if prompt {
                write!(out, "{PROMPT}")?;
                out.flush()?;
            }
            let Some(read) = read_capped_line(input, MAX_LINE_BYTES)? else {
                return Ok(());
            };
            let line = sanitize_line(&read.text());
            let line = line.trim();
            if !line.is_empty() {
                break line.chars().take(MAX_CHARS).collect::<String>();
            }
        };
        turn = conversation.answer(&line);
    }
}

/// The turn's messages, then its choices, then a blank line.
fn write_turn(out: &mut dyn Write, turn: &AssistantTurn) -> io::Result<()> {
    for said in &turn.said {
        let text = sanitize(said.text.trim_end());
        match said.tone {
            Tone::Step(n) => writeln!(out, "{n}. {text}")?,
            _ => writeln!(out, "{text}")?,
        }
    }
    let choices: Vec<String> = turn.choices.iter().map(|c| sanitize_line(c)).collect();
    if !choices.is_empty() {
        writeln!(out, "{}", numbered(&choices))?;
    }
    writeln!(out)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::conversation::Said;

    /// Repeats what it is told, offers two choices, and leaves on "quit".
    #[derive(Default)]
    struct Echo {
        heard: Vec<String>,
    }

    impl Conversation for Echo {
        fn start(&mut self) -> AssistantTurn {
            AssistantTurn {
                said: vec![Said::new(Tone::Plain, "Hello\u{1b}[2J")],
                choices: vec!["Yes".into(), "No".into()],
                end: false,
                place: None,
            }
        }

        fn open_entry(&mut self, id: &str) -> AssistantTurn {
            self.answer(id)
        }

        fn answer(&mut self, text: &str) -> AssistantTurn {
            self.heard.push(text.to_owned());
            AssistantTurn {
                said: vec![Said::new(Tone::Plain, format!("heard {text}"))],
                choices: Vec::new(),
                end: text == "quit",
                place: None,
            }
        }

        fn choose(&mut self, index: usize) -> AssistantTurn {
            self.answer(&index.to_string())
        }

        fn record(&self) -> String {
            String::new()
        }

        fn handoff(&self) -> Option<String> {
            None
        }
    }

    fn chat(input: &[u8], prompt: bool) -> (String, Vec<String>) {
        let mut echo = Echo::default();
        let mut out = Vec::new();
        run_plain(&mut echo, &mut &input[..], &mut out, prompt).expect("runs");
        (String::from_utf8(out).expect("utf-8"), echo.heard)
    }

    #[test]
    fn prints_turns_and_choices_until_end_of_input() {
        let (out, heard) = chat(b"1\n\n   \nmy camera\r\n", false);
        assert_eq!(
            out,
            "Hello\n1) Yes\n2) No\n\nheard 1\n\nheard my camera\n\n"
        );
        assert_eq!(heard, ["1", "my camera"]);
    }

    #[test]
    fn stops_when_the_person_quits() {
        let (out, heard) = chat(b"quit\nnever read\n", true);
        assert_eq!(out, "Hello\n1) Yes\n2) No\n\n> heard quit\n\n");
        assert_eq!(heard, ["quit"]);
    }

    #[test]
    fn hostile_input_is_cleaned_and_cut() {
        let mut input = b"\x1b[31mred\x07\xff\xfe\n".to_vec();
        input.extend(std::iter::repeat_n(b'a', MAX_LINE_BYTES * 3));
        input.extend(b"\nlast without newline");
        let (_, heard) = chat(&input, false);
        assert_eq!(heard[0], "red\u{fffd}\u{fffd}");
        assert_eq!(heard[1].len(), MAX_CHARS);
        assert_eq!(heard[2], "last without newline");
    }
}
