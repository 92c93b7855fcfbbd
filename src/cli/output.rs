//! Exit codes and how a command's failure is reported.

use std::io;

/// The documented exit codes (ripgrep's convention).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success: a clean check, a match, an answer.
    Ok,
    /// The command ran and found problems, or found no match.
    Findings,
    /// The command could not run.
    Error,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Findings => 1,
            Exit::Error => 2,
        }
    }
}

/// A refusal whose message is complete as it stands (no "error:" chain to add).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// Prints a command's error once, on stderr, and maps the result to an exit code.
/// A closed stdout (`idhelp ... | head`) is not an error.
pub fn finish(result: anyhow::Result<Exit>) -> Exit {
    match result {
        Ok(exit) => exit,
        Err(error) if is_broken_pipe(&error) => Exit::Ok,
        Err(error) => {
            if let Some(refused) = error.downcast_ref::<Refused>() {
                eprintln!("{}", crate::text::sanitize(refused.0.trim_end()));
            } else if let Some(invalid) = error.downcast_ref::<crate::pack::Invalid>() {
                eprintln!("{}", crate::text::sanitize(invalid.0.trim_end()));
            } else {
                eprintln!(
                    "idhelp: error: {}",
                    crate::text::sanitize_line(&format!("{error:#}"))
                );
            }
            Exit::Error
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// Serialized JSON with every character that must not reach a terminal written as a
/// `\uXXXX` escape: `serde_json` escapes C0 controls; this adds DEL, C1 controls and bidi
/// overrides, which can only occur inside strings.
pub fn safe_json(value: &impl serde::Serialize) -> serde_json::Result<String> {
    serde_json::to_string(value).map(|text| escape_unsafe(&text))
}

/// [`safe_json`], indented for people to read.
pub fn safe_json_pretty(value: &impl serde::Serialize) -> serde_json::Result<String> {
    serde_json::to_string_pretty(value).map(|text| escape_unsafe(&text))
}

fn escape_unsafe(json: &str) -> String {
    json.chars()
        .map(|c| {
            if crate::text::is_unsafe_char(c) {
                format!("\\u{:04x}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn json_never_carries_raw_terminal_controls() {
        let text = safe_json(&json!({"q": "a\u{1b}[31m\u{9b}\u{202e}\u{7f}b"})).expect("json");
        assert!(!text.chars().any(crate::text::is_unsafe_char), "{text}");
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back["q"], "a\u{1b}[31m\u{9b}\u{202e}\u{7f}b");
    }
}
