//! `idhelp chat --plain` (and `idhelp` on a pipe) through the real binary's stdin and stdout.

mod common;

use std::process::Output;

use common::{assert_expected, fixture_pack, idhelp};

/// Runs the chat with `args` and `input` on stdin, its search cache in a fresh folder.
fn chat(args: &[&str], input: impl Into<Vec<u8>>) -> Output {
    let cache = tempfile::tempdir().expect("temp dir");
    idhelp()
        .args(args)
        .env("IDHELP_CACHE_DIR", cache.path())
        .write_stdin(input)
        .output()
        .expect("runs")
}

fn stdout(output: &Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

#[test]
fn a_conversation_ends_cleanly_at_end_of_input() {
    let script = "my photos won't upload\nyes\n1\nno\n";
    let output = chat(&["chat", "--plain"], script);
    assert_expected("chat/plain-upload.txt", &stdout(&output));
    assert!(output.stderr.is_empty());
}

#[test]
fn a_pipe_gets_plain_lines_without_asking() {
    let script = "my photos won't upload\nyes\n1\nno\n";
    let asked = stdout(&chat(&["chat", "--plain"], script));
    assert_eq!(stdout(&chat(&[], script)), asked);
    assert_eq!(stdout(&chat(&["chat"], script)), asked);
}

#[test]
fn talking_to_support_prints_the_handoff_packet() {
    let output = stdout(&chat(
        &["chat", "--plain"],
        "the face scan fails\ntalk to support\n",
    ));
    assert_expected("chat/plain-support.txt", &output);
}

#[test]
fn quit_ends_the_chat_before_the_input_does() {
    let output = stdout(&chat(&["chat", "--plain"], "quit\nmy camera is black\n"));
    assert!(!output.contains("camera"), "{output}");
}

#[test]
fn empty_input_gets_the_greeting_only() {
    let output = stdout(&chat(&["chat", "--plain"], ""));
    assert!(output.starts_with("Hi! "), "{output}");
    assert!(output.contains("1) "), "{output}");
}

#[test]
fn hostile_input_never_reaches_the_terminal() {
    let mut input =
        b"\x1b]0;pwned\x07\x1b[2J\x1b[31mmy camera\x9b won't open\x00\xff\xfe\r\n".to_vec();
    input.extend(b"\x1b[6n\x05\x1bP+q\x1b\\\n");
    input.extend(std::iter::repeat_n(b'\x1b', 50_000));
    input.extend(b"\n");
    input.extend(std::iter::repeat_n(b'x', 1_000_000));
    input.extend(b"\nno newline at the end \xe4\xb8");
    let output = stdout(&chat(&["chat", "--plain"], input));
    let unsafe_char = output
        .chars()
        .find(|&c| c != '\n' && idhelp::text::is_unsafe_char(c));
    assert_eq!(unsafe_char, None, "{output}");
    assert!(output.len() < 20_000, "a huge line is cut, not echoed");
}

#[test]
fn a_pasted_escape_sequence_is_removed_whole() {
    let output = stdout(&chat(
        &["chat", "--plain"],
        "\x1b[2J\x1b]0;title\x07my camera won't open\ntalk to support\n",
    ));
    assert!(output.to_lowercase().contains("camera"), "{output}");
    assert!(output.contains("my camera won't open"), "{output}");
    assert!(
        !output.contains("[2J") && !output.contains("0;title"),
        "{output}"
    );
}

#[test]
fn sensitive_details_are_flagged_and_never_echoed_back() {
    let output = stdout(&chat(
        &["chat", "--plain"],
        "my passport number is X12345678 and it was rejected\n",
    ));
    assert!(!output.contains("X12345678"), "{output}");
}

#[test]
fn a_broken_pack_is_refused_before_the_chat_starts() {
    let output = idhelp()
        .args(["chat", "--plain", "--knowledge"])
        .arg(fixture_pack("broken"))
        .write_stdin("hello\n")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("error["));
}

#[test]
fn the_readme_lists_every_command_the_chat_help_names() {
    let help = stdout(&chat(&["chat", "--plain"], "help\n"));
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let commands: Vec<&str> = help
        .lines()
        .filter_map(|line| line.strip_prefix("- \""))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(commands.len() >= 5, "the help lists its commands: {help}");
    for command in commands {
        assert!(
            readme.contains(&format!("`{command}`")),
            "the README's chat commands lack `{command}`"
        );
    }
}
