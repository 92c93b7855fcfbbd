//! The input line: a cursor that moves by whole characters as people see them (grapheme
//! clusters, so an accent or an emoji is one step), word jumps, and the history of sent lines.

use unicode_segmentation::UnicodeSegmentation;

use crate::text::sanitize_line;

/// The most characters a message may have; longer pastes are cut.
pub const MAX_CHARS: usize = 2000;

/// One editable line of text and a cursor (a byte offset on a grapheme boundary).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEditor {
    text: String,
    cursor: usize,
}

/// A cursor move or a deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Left,
    Right,
    Home,
    End,
    WordLeft,
    WordRight,
    Backspace,
    Delete,
    DeleteWordBack,
    DeleteToStart,
    DeleteToEnd,
}

impl LineEditor {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Replaces the text and puts the cursor at its end.
    pub fn set(&mut self, text: &str) {
        text.clone_into(&mut self.text);
        self.cursor = self.text.len();
    }

    /// Empties the line and returns what it held.
    pub fn take(&mut self) -> String {
        self.cursor = 0;
        std::mem::take(&mut self.text)
    }

    /// Inserts `text` at the cursor, one line only, sanitized and within [`MAX_CHARS`];
    /// returns false when some of it had to be cut.
    pub fn insert(&mut self, text: &str) -> bool {
        let room = MAX_CHARS.saturating_sub(self.text.chars().count());
        // Line breaks (terminals paste CR, files have LF or CRLF) and tabs become spaces.
        let clean = sanitize_line(&text.replace("\r\n", "\n").replace('\r', "\n"));
        let kept: String = clean.chars().take(room).collect();
        let complete = kept.len() == clean.len();
        self.text.insert_str(self.cursor, &kept);
        self.cursor += kept.len();
        complete
    }

    pub fn edit(&mut self, edit: Edit) {
        match edit {
            Edit::Left => self.cursor = self.previous_boundary(),
            Edit::Right => self.cursor = self.next_boundary(),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::WordLeft => self.cursor = self.word_start(),
            Edit::WordRight => self.cursor = self.word_end(),
            Edit::Backspace => self.delete_back_to(self.previous_boundary()),
            Edit::Delete => {
                let end = self.next_boundary();
                self.text.replace_range(self.cursor..end, "");
            }
            Edit::DeleteWordBack => self.delete_back_to(self.word_start()),
            Edit::DeleteToStart => self.delete_back_to(0),
            Edit::DeleteToEnd => self.text.truncate(self.cursor),
        }
    }

    fn delete_back_to(&mut self, start: usize) {
        self.text.replace_range(start..self.cursor, "");
        self.cursor = start;
    }

    fn previous_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(at, _)| at)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    /// The start of the word before the cursor (skipping the spaces just before it).
    fn word_start(&self) -> usize {
        let before = &self.text[..self.cursor];
        before
            .split_word_bound_indices()
            .rev()
            .find(|(_, word)| !word.trim().is_empty())
            .map_or(0, |(at, _)| at)
    }

    /// The end of the word after the cursor (skipping the spaces just after it).
    fn word_end(&self) -> usize {
        let after = &self.text[self.cursor..];
        after
            .split_word_bound_indices()
            .find(|(_, word)| !word.trim().is_empty())
            .map_or(self.text.len(), |(at, word)| self.cursor + at + word.len())
    }
}

/// The lines sent so far, newest last, and where Up/Down browsing is.
#[derive(Debug, Clone, Default)]
pub struct History {
    lines: Vec<String>,
    /// The line being shown while browsing, and the draft that browsing replaced.
    browsing: Option<(usize, String)>,
}

/// How many sent lines Up can recall.
const HISTORY_LIMIT: usize = 100;

impl History {
    /// Remembers a sent line (not twice in a row) and stops browsing.
    pub fn push(&mut self, line: &str) {
        self.browsing = None;
        if line.is_empty() || self.lines.last().is_some_and(|last| last == line) {
            return;
        }
        if self.lines.len() == HISTORY_LIMIT {
            self.lines.remove(0);
        }
        self.lines.push(line.to_owned());
    }

    /// Stops browsing: the line being edited is now the user's own.
    pub fn stop_browsing(&mut self) {
        self.browsing = None;
    }

    /// The line before the one shown (Up), remembering `draft` when browsing starts.
    pub fn previous(&mut self, draft: &str) -> Option<&str> {
        let index = match &self.browsing {
            None if self.lines.is_empty() => return None,
            None => {
                self.browsing = Some((self.lines.len() - 1, draft.to_owned()));
                self.lines.len() - 1
            }
            Some((0, _)) => return None,
            Some((index, draft)) => {
                let index = index - 1;
                self.browsing = Some((index, draft.clone()));
                index
            }
        };
        Some(&self.lines[index])
    }

    /// The line after the one shown (Down); past the newest, the draft comes back.
    pub fn next(&mut self) -> Option<String> {
        let (index, draft) = self.browsing.take()?;
        if index + 1 < self.lines.len() {
            self.browsing = Some((index + 1, draft));
            Some(self.lines[index + 1].clone())
        } else {
            Some(draft)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn editor(text: &str) -> LineEditor {
        let mut editor = LineEditor::default();
        editor.insert(text);
        editor
    }

    #[test]
    fn moves_and_deletes_by_grapheme() {
        let mut e = editor("cafe\u{301}!");
        e.edit(Edit::Left);
        e.edit(Edit::Left);
        assert_eq!(e.cursor(), 3);
        e.edit(Edit::Delete);
        assert_eq!(e.text(), "caf!");
        let mut e = editor("a👩‍💻");
        e.edit(Edit::Backspace);
        assert_eq!(e.text(), "a");
    }

    #[test]
    fn jumps_and_deletes_words() {
        let mut e = editor("my camera  is black");
        e.edit(Edit::WordLeft);
        assert_eq!(&e.text()[e.cursor()..], "black");
        e.edit(Edit::WordLeft);
        assert_eq!(&e.text()[e.cursor()..], "is black");
        e.edit(Edit::WordRight);
        assert_eq!(&e.text()[e.cursor()..], " black");
        e.edit(Edit::DeleteWordBack);
        assert_eq!(e.text(), "my camera   black");
        e.edit(Edit::DeleteToStart);
        assert_eq!(e.text(), " black");
        e.edit(Edit::End);
        e.edit(Edit::Home);
        e.edit(Edit::DeleteToEnd);
        assert_eq!(e.text(), "");
    }

    #[test]
    fn edges_are_harmless() {
        let mut e = LineEditor::default();
        for edit in [
            Edit::Left,
            Edit::Right,
            Edit::Backspace,
            Edit::Delete,
            Edit::WordLeft,
            Edit::WordRight,
            Edit::DeleteWordBack,
        ] {
            e.edit(edit);
        }
        assert_eq!((e.text(), e.cursor()), ("", 0));
    }

    #[test]
    fn insert_keeps_one_clean_line_within_the_limit() {
        let mut e = editor("a\u{1b}[31mb\r\nc\td\u{7}\re");
        assert_eq!(e.text(), "ab c d e");
        assert!(!e.insert(&"x".repeat(MAX_CHARS)));
        assert_eq!(e.text().chars().count(), MAX_CHARS);
        assert!(!e.insert("y"));
    }

    #[test]
    fn history_browses_and_restores_the_draft() {
        let mut h = History::default();
        h.push("first");
        h.push("second");
        h.push("second");
        h.push("");
        assert_eq!(h.previous("draft"), Some("second"));
        assert_eq!(h.previous("ignored"), Some("first"));
        assert_eq!(h.previous("ignored"), None);
        assert_eq!(h.next().as_deref(), Some("second"));
        assert_eq!(h.next().as_deref(), Some("draft"));
        assert_eq!(h.next(), None);
    }

    #[test]
    fn history_forgets_the_oldest_past_its_limit() {
        let mut h = History::default();
        for n in 0..=HISTORY_LIMIT {
            h.push(&n.to_string());
        }
        let mut oldest = String::new();
        while let Some(line) = h.previous("") {
            oldest = line.to_owned();
        }
        assert_eq!(oldest, "1");
    }
}
