//! Text measured in terminal columns: wrapping and truncation where wide (CJK) characters
//! take two columns and lines may break at spaces or beside a wide character.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Wide punctuation that must not start a line (it closes what comes before it).
const NO_LINE_START: [char; 12] = [
    '，', '。', '、', '？', '！', '；', '：', '）', '」', '』', '】', '》',
];

/// The columns `c` takes on screen (controls never reach here: text is sanitized first).
fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// The columns `text` takes on screen.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` split into lines of at most `max` columns. Newlines end lines; lines break at the
/// last space that fits, or beside a wide character (CJK text has no spaces), and a word
/// longer than a whole line is cut where it reaches the edge. A list item (`- `, `* `,
/// `1. `, `1) `) goes on under its text, not under its marker.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let marker = list_marker(paragraph).filter(|marker| marker.len() * 2 <= max);
        let Some(marker) = marker else {
            wrap_paragraph(paragraph, max, &mut lines);
            continue;
        };
        let mut item = Vec::new();
        wrap_paragraph(&paragraph[marker.len()..], max - marker.len(), &mut item);
        let hang = " ".repeat(marker.len());
        for (n, line) in item.into_iter().enumerate() {
            let lead = if n == 0 { marker } else { hang.as_str() };
            lines.push(format!("{lead}{line}"));
        }
    }
    lines
}

/// The marker that opens a list item (`- `, `* `, `12. `, `3) `), if `line` is one.
fn list_marker(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let end = if line.starts_with("- ") || line.starts_with("* ") {
        2
    } else if (1..=3).contains(&digits)
        && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
        && line.as_bytes().get(digits + 1) == Some(&b' ')
    {
        digits + 2
    } else {
        return None;
    };
    Some(&line[..end])
}

fn wrap_paragraph(paragraph: &str, max: usize, lines: &mut Vec<String>) {
    let mut line = String::new();
    let mut line_width = 0;
    // Where the current line may break: (byte offset, columns before it).
    let mut last_break: Option<(usize, usize)> = None;
    let mut after_wide = false;
    for c in paragraph.chars() {
        let c = if c == '\t' { ' ' } else { c };
        let columns = char_width(c);
        if c == ' ' && line_width + 1 > max {
            // A space at the edge ends the line and is not carried over.
            lines.push(line.trim_end().to_owned());
            line.clear();
            line_width = 0;
            last_break = None;
            continue;
        }
        let wide = columns == 2;
        if (wide || after_wide) && !NO_LINE_START.contains(&c) {
            last_break = Some((line.len(), line_width));
        }
        while line_width > 0 && line_width + columns > max {
            if let Some((at, before)) = last_break.take().filter(|&(at, _)| at > 0) {
                let rest = line.split_off(at);
                lines.push(line.trim_end().to_owned());
                line = rest;
                line_width -= before;
            } else {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
        }
        line.push(c);
        line_width += columns;
        if c == ' ' {
            last_break = Some((line.len(), line_width));
        }
        after_wide = wide;
    }
    lines.push(line.trim_end().to_owned());
}

/// `text` cut to at most `max` columns, ending in `…` when something was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let columns = char_width(c);
        if used + columns + 1 > max {
            break;
        }
        out.push(c);
        used += columns;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// `text` cut from the left to at most `max` columns, starting with `…` when something was
/// cut, so the end of a long file path stays visible.
pub fn truncate_start(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_owned();
    }
    let mut kept = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let columns = char_width(c);
        if used + columns + 1 > max {
            break;
        }
        kept.push(c);
        used += columns;
    }
    let mut out = String::new();
    if max > 0 {
        out.push('…');
    }
    out.extend(kept.iter().rev());
    out
}

/// The part of `text` seen through a window `max` columns wide that starts `skip` columns in,
/// and how many columns were skipped (one more than asked when a wide character straddles
/// the edge).
pub fn window(text: &str, skip: usize, max: usize) -> (String, usize) {
    let mut skipped = 0;
    let mut chars = text.chars();
    while skipped < skip {
        let Some(c) = chars.next() else { break };
        skipped += char_width(c);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in chars {
        let columns = char_width(c);
        if used + columns > max {
            break;
        }
        out.push(c);
        used += columns;
    }
    (out, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(
            wrap("the camera won't open", 10),
            ["the camera", "won't open"]
        );
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("a  b", 2), ["a", "b"]);
    }

    #[test]
    fn keeps_newlines_and_empty_lines() {
        assert_eq!(wrap("a\n\nb", 5), ["a", "", "b"]);
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn list_items_hang_under_their_text() {
        assert_eq!(
            wrap("- have your phone model ready\n12. open the app", 14),
            [
                "- have your",
                "  phone model",
                "  ready",
                "12. open the",
                "    app"
            ]
        );
        assert_eq!(wrap("1) 相机打不开", 9), ["1) 相机打", "   不开"]);
        assert_eq!(
            wrap("-not a list 2.5 times", 11),
            ["-not a list", "2.5 times"]
        );
        assert_eq!(wrap("- x", 3), ["- x"], "too narrow to hang: wrapped as is");
    }

    #[test]
    fn cuts_words_longer_than_a_line() {
        assert_eq!(wrap("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
    }

    #[test]
    fn wide_characters_take_two_columns_and_break_anywhere() {
        let lines = wrap("我的相机打不开", 6);
        assert_eq!(lines, ["我的相", "机打不", "开"]);
        assert!(lines.iter().all(|line| width(line) <= 6));
        assert_eq!(wrap("相机 camera", 5), ["相机", "camer", "a"]);
        assert_eq!(wrap("ok 相机打不开", 5), ["ok 相", "机打", "不开"]);
        assert_eq!(wrap("对吗？", 4), ["对", "吗？"], "no line starts with ？");
    }

    #[test]
    fn an_odd_width_never_splits_a_wide_character() {
        for max in 1..8 {
            for line in wrap("上传不了证件照片", max) {
                assert!(width(&line) <= max.max(2), "{line:?} at {max}");
            }
        }
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        assert_eq!(wrap("cafe\u{301} ok", 5), ["cafe\u{301}", "ok"]);
    }

    #[test]
    fn truncates_with_an_ellipsis() {
        assert_eq!(truncate("short", 5), "short");
        assert_eq!(truncate("too long", 5), "too …");
        assert_eq!(truncate("相机打不开", 5), "相机…");
        assert_eq!(truncate_start("/home/user/idhelp.txt", 12), "…/idhelp.txt");
        assert_eq!(truncate_start("abc", 3), "abc");
    }

    #[test]
    fn windows_show_part_of_a_line() {
        assert_eq!(window("hello world", 6, 3), ("wor".to_owned(), 6));
        assert_eq!(window("相机打不开", 3, 4), ("打不".to_owned(), 4));
        assert_eq!(window("abc", 5, 4), (String::new(), 3));
    }
}
