//! Text hygiene: what may reach a terminal, what a knowledge file may contain, and how much
//! of an untrusted line is read.

use std::io::{self, BufRead};

/// The Unicode `Bidi_Control` characters: marks, embeddings, overrides and isolates, which
/// reorder text on screen.
const BIDI_CONTROLS: [char; 12] = [
    '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}',
    '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
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

/// `text` without its terminal escape sequences and unsafe characters, so it can be printed
/// as is: the one filter every untrusted text goes through.
///
/// A terminal parser (`vte`, Alacritty's) reads the text as a terminal would, so CSI, OSC,
/// DCS, SOS/PM/APC strings and two-byte escapes go whole, parameters and all, and a sequence
/// cut off at the end of the text goes to the end; CAN and SUB cut one short. Outside a
/// sequence the 8-bit C1 forms (U+009B for CSI and the like) start their sequence, and ST
/// (U+009C) ends a string anywhere; inside a string any other C1 character is part of the
/// string, as xterm and Alacritty read UTF-8. What is left keeps only newlines, tabs and
/// printable characters.
pub fn sanitize(text: &str) -> String {
    let mut parser = vte::Parser::new();
    let mut kept = Printable::default();
    let mut bytes = [0; 4];
    for c in text.chars() {
        if c == STRING_TERMINATOR {
            parser.advance(&mut kept, b"\x1b\\");
            continue;
        }
        let encoded = c.encode_utf8(&mut bytes).as_bytes();
        if encoded.contains(&0x9C) && encoded.len() > 1 {
            // vte ends a DCS string at any byte 0x9C, even inside a character: the parser
            // reads a stand-in of the same kind, and the character is kept in its place.
            kept.stand_in_for = Some(c);
            parser.advance(&mut kept, "\u{FFFD}".as_bytes());
            kept.stand_in_for = None;
            continue;
        }
        parser.advance(&mut kept, encoded);
        if let Some(c1) = kept.executed_c1.take() {
            // Executed, so read outside any sequence: its 7-bit form is ESC and C1 - 0x40.
            parser.advance(&mut kept, &[0x1B, c1 - 0x40]);
        }
    }
    kept.text
}

/// The C1 string terminator, which ends every control string.
const STRING_TERMINATOR: char = '\u{9C}';

/// `text` sanitized and folded onto one line: newlines and tabs become spaces.
pub fn sanitize_line(text: &str) -> String {
    sanitize(text)
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect()
}

/// What the parser prints: characters that are safe, and the newlines and tabs it executes.
#[derive(Default)]
struct Printable {
    text: String,
    /// A C1 control just executed outside any sequence.
    executed_c1: Option<u8>,
    /// The character a stand-in read by the parser is printed as.
    stand_in_for: Option<char>,
}

impl vte::Perform for Printable {
    fn print(&mut self, c: char) {
        let c = self.stand_in_for.unwrap_or(c);
        if !is_unsafe_char(c) {
            self.text.push(c);
        }
    }

    fn execute(&mut self, byte: u8) {
        match byte {
            b'\n' | b'\t' => self.text.push(char::from(byte)),
            0x80..=0x9F => self.executed_c1 = Some(byte),
            _ => {}
        }
    }
}

/// One line of input without its newline, of which at most `max_bytes` are kept.
pub struct CappedLine {
    pub bytes: Vec<u8>,
    /// True when the line was longer and its rest was dropped.
    pub truncated: bool,
}

impl CappedLine {
    /// The line as text, each byte that is not UTF-8 read as U+FFFD: how the chat decodes
    /// what it is given, before sanitizing it.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes)
    }
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

/// True for the scripts written without spaces between words: Han, kana, Hangul, Bopomofo.
pub fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF      // Hangul Jamo
        | 0x3005..=0x3007    // 々 〆 〇
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3100..=0x312F    // Bopomofo
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0x20000..=0x3134F  // CJK extensions B to G
    )
}

/// The maximal runs of CJK characters of `text`, each with the byte offset it starts at.
pub fn cjk_runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + text[from..].find(is_cjk)?;
        let end = text[start..]
            .find(|c| !is_cjk(c))
            .map_or(text.len(), |length| start + length);
        from = end;
        Some((start, &text[start..end]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_runs_are_maximal_and_know_where_they_start() {
        let runs: Vec<(usize, &str)> = cjk_runs("KYC人脸 识别x失败").collect();
        assert_eq!(runs, [(3, "人脸"), (10, "识别"), (17, "失败")]);
        assert_eq!(cjk_runs("人").collect::<Vec<_>>(), [(0, "人")]);
        assert_eq!(cjk_runs("no runs here").count(), 0);
        assert_eq!(cjk_runs("").count(), 0);
    }

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
    fn sanitize_removes_escape_sequences_whole() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{1b}[0m\u{7}\r"), "ared");
        assert_eq!(
            sanitize("\u{1b}[2J\u{1b}]0;title\u{7}my camera won't open"),
            "my camera won't open"
        );
        assert_eq!(
            sanitize("x\u{1b}]52;c;aGk=\u{1b}\\y"),
            "xy",
            "OSC ended by ST"
        );
        assert_eq!(sanitize("x\u{1b}P1$qm\u{1b}\\y"), "xy", "DCS");
        assert_eq!(
            sanitize("x\u{1b}_app\u{1b}\\y\u{1b}^pm\u{1b}\\z"),
            "xyz",
            "APC, PM"
        );
        assert_eq!(
            sanitize("x\u{1b}Xsos\u{1b}\\y\u{1b}7z\u{1b}(B!"),
            "xyz!",
            "SOS, ESC"
        );
        assert_eq!(sanitize("ok\u{202E}txt.exe"), "oktxt.exe");
        assert_eq!(sanitize("line\nnext\ttab"), "line\nnext\ttab");
        assert_eq!(sanitize_line("line\nnext\ttab"), "line next tab");
    }

    #[test]
    fn eight_bit_c1_forms_are_sequences_too() {
        assert_eq!(sanitize("\u{9b}2J相机"), "相机");
        assert_eq!(sanitize("a\u{9d}0;title\u{9c}b"), "ab");
        assert_eq!(sanitize("a\u{90}q\u{9c}b\u{85}c"), "abc");
    }

    #[test]
    fn a_c1_control_inside_a_control_string_is_part_of_the_string() {
        // xterm and Alacritty in UTF-8 mode: the OSC runs on to its BEL, and what follows is
        // the user's text, not the final byte of a CSI.
        assert_eq!(sanitize("a\u{1b}]0;t\u{9b}\u{7}Hello"), "aHello");
        assert_eq!(sanitize("a\u{1b}]0;t\u{9b}\u{1b}\\Hello"), "aHello");
        assert_eq!(sanitize("a\u{1b}P1$q\u{9d}x\u{1b}\\Hello"), "aHello", "DCS");
        assert_eq!(
            sanitize("a\u{1b}_x\u{85}y\u{9c}Hello"),
            "aHello",
            "APC, NEL"
        );
    }

    #[test]
    fn every_bidi_control_goes() {
        for c in [
            '\u{61C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
            '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ] {
            assert_eq!(sanitize(&format!("a{c}b")), "ab", "U+{:04X}", u32::from(c));
            assert!(is_unsafe_char(c), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn an_unterminated_sequence_runs_to_the_end() {
        assert_eq!(sanitize("camera \u{1b}]0;never ended"), "camera ");
        assert_eq!(sanitize("camera \u{1b}["), "camera ");
        assert_eq!(sanitize("camera \u{1b}"), "camera ");
    }

    #[test]
    fn a_sequence_across_lines_goes_whole() {
        assert_eq!(sanitize("my \u{1b}]0;ti\ntle\u{7}camera"), "my camera");
        // A line break inside a CSI is carried out, as a terminal would.
        assert_eq!(sanitize_line("a\u{1b}[1\n;31mb\nc"), "a b c");
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
