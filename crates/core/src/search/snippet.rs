//! One line of an entry's text that shows why it matched, with the matched words marked.

use std::ops::Range;

use serde::Serialize;

use super::evidence::{EntryText, Evidence, ValueHits};
use super::query::Plan;
use super::schema::Part;

/// A snippet longer than this many characters is cut around its first highlight.
pub const MAX_SNIPPET_CHARS: usize = 120;
/// How many characters of context to keep before the first highlight when cutting.
const LEAD_CHARS: usize = 30;
const ELLIPSIS: &str = "…";

/// Plain text with the byte ranges of the matched words, so each front end can render the
/// highlights its own way. The text is one line; the ranges are sorted, disjoint and on
/// character boundaries.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The highlights as character (not byte) offsets, for JSON readers.
    pub fn char_highlights(&self) -> Vec<[usize; 2]> {
        self.highlights
            .iter()
            .map(|r| {
                let start = self.text[..r.start].chars().count();
                [start, start + self.text[r.clone()].chars().count()]
            })
            .collect()
    }

    /// The text with each highlight wrapped in `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let mut out = String::with_capacity(self.text.len() + self.highlights.len() * 4);
        let mut at = 0;
        for range in &self.highlights {
            out.push_str(&self.text[at..range.start]);
            out.push_str(open);
            out.push_str(&self.text[range.clone()]);
            out.push_str(close);
            at = range.end;
        }
        out.push_str(&self.text[at..]);
        out
    }
}

/// How good a part of an entry is as a snippet: the summary says what is going on; an alias
/// is what someone typed (typos included) and is shown only when nothing else matched.
fn preference(part: Part) -> f32 {
    match part {
        Part::Summary | Part::Question | Part::Answer => 1.0,
        Part::Steps | Part::Warnings | Part::Source => 0.8,
        Part::Support => 0.6,
        Part::Aliases | Part::Category => 0.5,
        Part::Title => 0.3,
    }
}

/// Picks the text value of the entry that shows the most of the query, and cuts it to a line.
pub(crate) fn choose(plan: &Plan, evidence: &Evidence, entry: &EntryText) -> Snippet {
    let value_score = |value: &ValueHits| {
        let weight: f32 = value
            .concepts
            .iter()
            .map(|&c| plan.concepts[c].weight.max(0.01))
            .sum();
        weight * preference(value.part)
    };
    let best = evidence
        .values
        .iter()
        .max_by(|a, b| value_score(a).total_cmp(&value_score(b)));
    if let Some(value) = best {
        return cut(&value.text, &value.ranges);
    }
    let summary = entry
        .parts
        .iter()
        .find(|(part, _)| *part == Part::Summary)
        .and_then(|(_, texts)| texts.first())
        .map_or("", String::as_str);
    cut(summary, &[])
}

/// `text` on one line and at most [`MAX_SNIPPET_CHARS`] long (plus ellipses), keeping the
/// first highlight in view.
pub(crate) fn cut(text: &str, ranges: &[Range<usize>]) -> Snippet {
    // Same-length replacements keep the byte ranges valid.
    let line: String = text
        .chars()
        .map(|c| {
            if c.is_whitespace() && c.is_ascii() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let length = line.chars().count();
    if length <= MAX_SNIPPET_CHARS {
        return Snippet {
            text: line,
            highlights: ranges.to_vec(),
        };
    }
    let first = ranges.first().map_or(0, |r| r.start);
    let first_end = ranges.first().map_or(0, |r| r.end);
    let first_char = line[..first].chars().count();
    let first_end_char = line[..first_end].chars().count();
    // Keep the start of the text when the first highlight is already in view.
    let mut start_char = if first_end_char <= MAX_SNIPPET_CHARS {
        0
    } else {
        first_char.saturating_sub(LEAD_CHARS)
    };
    if start_char + MAX_SNIPPET_CHARS > length {
        start_char = length - MAX_SNIPPET_CHARS;
    }
    let byte_at = |n: usize| line.char_indices().nth(n).map_or(line.len(), |(at, _)| at);
    let mut start = byte_at(start_char);
    let mut end = byte_at(start_char + MAX_SNIPPET_CHARS);
    // Start and end on word boundaries when a space is near.
    if start > 0
        && let Some(space) = line[start..first.max(start)].find(' ')
    {
        start += space + 1;
    }
    if end < line.len()
        && let Some(space) = line[start..end]
            .rfind(' ')
            .filter(|&s| start + s >= first_end)
    {
        end = start + space;
    }
    let prefix = if start > 0 { ELLIPSIS } else { "" };
    let suffix = if end < line.len() { ELLIPSIS } else { "" };
    let shift = prefix.len();
    let highlights = ranges
        .iter()
        .filter(|r| r.start >= start && r.end <= end)
        .map(|r| r.start - start + shift..r.end - start + shift)
        .collect();
    Snippet {
        text: format!("{prefix}{}{suffix}", line[start..end].trim_end()),
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize) -> Range<usize> {
        start..end
    }

    #[test]
    fn short_text_is_kept_whole_on_one_line() {
        let snippet = cut("upload\nphotos", &[span(0, 6)]);
        assert_eq!(snippet.text, "upload photos");
        assert_eq!(snippet.marked("[", "]"), "[upload] photos");
    }

    #[test]
    fn long_text_is_cut_around_the_first_highlight() {
        let text = format!("{} upload here {}", "word ".repeat(40), "tail ".repeat(40));
        let at = text.find("upload").expect("upload");
        let snippet = cut(&text, &[span(at, at + 6)]);
        assert!(snippet.text.starts_with(ELLIPSIS));
        assert!(snippet.text.ends_with(ELLIPSIS));
        assert!(snippet.text.chars().count() <= MAX_SNIPPET_CHARS + 2);
        let range = snippet.highlights[0].clone();
        assert_eq!(&snippet.text[range], "upload");
    }

    #[test]
    fn highlights_past_the_cut_are_dropped() {
        let text = format!("start {} end", "x".repeat(300));
        let end = text.len();
        let snippet = cut(&text, &[0..5, end - 3..end]);
        assert_eq!(snippet.highlights, [span(0, 5)]);
        assert_eq!(&snippet.text[0..5], "start");
    }

    #[test]
    fn char_highlights_count_characters() {
        let snippet = Snippet {
            text: "无法上传 photo".into(),
            highlights: vec![6..12, 13..18],
        };
        assert_eq!(snippet.char_highlights(), [[2, 4], [5, 10]]);
    }

    #[test]
    fn cuts_cjk_text_on_char_boundaries() {
        let text = "相机".repeat(200);
        let snippet = cut(&text, &[span(300, 306)]);
        assert!(snippet.text.chars().count() <= MAX_SNIPPET_CHARS + 2);
        for range in &snippet.highlights {
            assert!(snippet.text.is_char_boundary(range.start));
            assert!(snippet.text.is_char_boundary(range.end));
        }
    }
}
