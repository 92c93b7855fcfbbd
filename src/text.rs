//! Text hygiene: what may reach a terminal, what a knowledge file may contain, and how much
//! of an untrusted line is read.

use std::io::{self, BufRead};

/// Characters that reorder text on screen (bidirectional embeddings, overrides and isolates).
const BIDI_CONTROLS: [char; 9] = [
    '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}',
];

/// True for characters that must never be printed from untrusted text: C0 and C1 controls
/// (ESC starts every escape sequence), DEL and bidi controls. Newline and tab are allowed.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || BIDI_CONTROLS.contains(&c)
}

/// The byte offset and character of the first unsafe character in `text`, if any.
pub fn find_unsafe_char(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| is_unsafe_char(c))
}

/// `text` with every unsafe character removed, so it can be printed as is.
/// Escape sequences lose their ESC and so print as harmless text.
pub fn sanitize(text: &str) -> String {
    text.chars().filter(|&c| !is_unsafe_char(c)).collect()
}

/// `text` sanitized and folded onto one line: newlines and tabs become spaces.
pub fn sanitize_line(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_unsafe_char(c))
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect()
}

/// One line of input without its newline, of which at most `max_bytes` are kept.
pub struct CappedLine {
    pub bytes: Vec<u8>,
    /// True when the line was longer and its rest was dropped.
    pub truncated: bool,
}

/// Reads one line of untrusted input, or `None` at its end. A line longer than `max_bytes`
/// is read to its end but only its start is kept, so a huge line never sits in memory.
pub fn read_capped_line(
    input: &mut dyn BufRead,
    max_bytes: usize,
) -> io::Result<Option<CappedLine>> {
    let mut line = CappedLine {
        bytes: Vec::new(),
        truncated: false,
    };
    let mut read_any = false;
    loop {
        let buffer = match input.fill_buf() {
            Ok(buffer) => buffer,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if buffer.is_empty() {
            return Ok(read_any.then_some(line));
        }
        read_any = true;
        let newline = buffer.iter().position(|&b| b == b'\n');
        let chunk = &buffer[..newline.unwrap_or(buffer.len())];
        let room = max_bytes.saturating_sub(line.bytes.len());
        line.truncated |= chunk.len() > room;
        line.bytes
            .extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = newline.map_or(buffer.len(), |at| at + 1);
        input.consume(used);
        if newline.is_some() {
            return Ok(Some(line));
        }
    }
}

/// Lowercase hexadecimal digits of `bytes`, for digests and cache keys.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// The closest of `candidates` to `wanted`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(wanted, candidate), candidate))
        .filter(|&(similarity, _)| similarity > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_lines_keep_their_start_and_say_they_were_cut() {
        let mut input: &[u8] = b"short\nabcdefghij\n\nlast";
        let mut lines = Vec::new();
        while let Some(line) = read_capped_line(&mut input, 4).expect("reads") {
            lines.push((
                String::from_utf8(line.bytes).expect("utf-8"),
                line.truncated,
            ));
        }
        assert_eq!(
            lines,
            [
                ("shor".to_owned(), true),
                ("abcd".to_owned(), true),
                (String::new(), false),
                ("last".to_owned(), false),
            ]
        );
    }

    #[test]
    fn sanitize_strips_escape_sequences_and_controls() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{7}\r"), "a[31mred");
        assert_eq!(sanitize("ok\u{202E}txt.exe"), "oktxt.exe");
        assert_eq!(sanitize("line\nnext\ttab"), "line\nnext\ttab");
        assert_eq!(sanitize_line("line\nnext\ttab"), "line next tab");
        assert_eq!(sanitize("\u{9b}2J相机"), "2J相机");
    }

    #[test]
    fn finds_first_unsafe_char_offset() {
        assert_eq!(find_unsafe_char("abc"), None);
        assert_eq!(find_unsafe_char("ab\u{1b}c"), Some((2, '\u{1b}')));
        assert_eq!(find_unsafe_char("é\u{2066}"), Some((2, '\u{2066}')));
    }

    #[test]
    fn suggests_close_names_only() {
        let ids = ["upload-photos", "camera-access", "underage"];
        assert_eq!(did_you_mean("upload-photo", ids), Some("upload-photos"));
        assert_eq!(did_you_mean("camera-acess", ids), Some("camera-access"));
        assert_eq!(did_you_mean("withdrawal", ids), None);
    }
}
