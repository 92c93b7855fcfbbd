//! Lint findings as data, and their compiler-style rendering.

use std::fmt::Write as _;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use unicode_width::UnicodeWidthStr;

use super::source::SourceFile;
use crate::text::sanitize_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Every kind of finding `kb check` reports; the kebab-case name is its stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    Syntax,
    NotUtf8,
    Unreadable,
    TooLarge,
    MissingFile,
    UnknownKey,
    WrongType,
    MissingField,
    InvalidValue,
    DuplicateId,
    BadId,
    DanglingRef,
    UnreachableNode,
    Cycle,
    NoChoices,
    NoOutcome,
    UnreachedEntry,
    NoStart,
    EmptyStep,
    EmptyText,
    ControlChar,
    FewAliases,
    UncitedStatement,
    CitationNotFound,
    FigureNotInCitation,
    UncitedPassage,
    BadCondition,
    OverlappingConditions,
    NoPlaceholder,
    CitedParagraphChanged,
    StrongerThanCited,
    BorrowedPassage,
    PolicyNotCited,
}

impl Rule {
    pub fn code(self) -> &'static str {
        match self {
            Rule::Syntax => "syntax",
            Rule::NotUtf8 => "not-utf8",
            Rule::Unreadable => "unreadable",
            Rule::TooLarge => "too-large",
            Rule::MissingFile => "missing-file",
            Rule::UnknownKey => "unknown-key",
            Rule::WrongType => "wrong-type",
            Rule::MissingField => "missing-field",
            Rule::InvalidValue => "invalid-value",
            Rule::DuplicateId => "duplicate-id",
            Rule::BadId => "bad-id",
            Rule::DanglingRef => "dangling-ref",
            Rule::UnreachableNode => "unreachable-node",
            Rule::Cycle => "cycle",
            Rule::NoChoices => "no-choices",
            Rule::NoOutcome => "no-outcome",
            Rule::UnreachedEntry => "unreached-entry",
            Rule::NoStart => "no-start",
            Rule::EmptyStep => "empty-step",
            Rule::EmptyText => "empty-text",
            Rule::ControlChar => "control-char",
            Rule::FewAliases => "few-aliases",
            Rule::UncitedStatement => "uncited-statement",
            Rule::CitationNotFound => "citation-not-found",
            Rule::FigureNotInCitation => "figure-not-in-citation",
            Rule::UncitedPassage => "uncited-passage",
            Rule::BadCondition => "bad-condition",
            Rule::OverlappingConditions => "overlapping-conditions",
            Rule::NoPlaceholder => "no-placeholder",
            Rule::CitedParagraphChanged => "cited-paragraph-changed",
            Rule::StrongerThanCited => "stronger-than-cited",
            Rule::BorrowedPassage => "borrowed-passage",
            Rule::PolicyNotCited => "policy-not-cited",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::NoStart
            | Rule::FewAliases
            | Rule::UncitedPassage
            | Rule::CitedParagraphChanged
            | Rule::StrongerThanCited
            | Rule::BorrowedPassage
            | Rule::PolicyNotCited => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One finding: a rule broken at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub file: String,
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(rule: Rule, file: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            rule,
            file: file.to_owned(),
            span,
            message: message.into(),
            help: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }
}

/// A diagnostic resolved against its file's text: what both renderings need.
#[derive(Debug, Serialize)]
pub struct Located {
    pub severity: Severity,
    pub code: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip)]
    source_line: String,
    #[serde(skip)]
    caret_offset: usize,
    #[serde(skip)]
    caret_width: usize,
}

/// Where each line of a text starts, so finding the line of an offset is a binary search
/// rather than a scan from the start: a file with many findings is indexed once.
pub struct LineStarts(Vec<usize>);

impl LineStarts {
    pub fn of(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self(starts)
    }

    /// The 1-based number of the line `offset` is on, and the offset where that line starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.0.partition_point(|&start| start <= offset).max(1);
        (line, self.0[line - 1])
    }
}

impl Located {
    pub fn new(diagnostic: &Diagnostic, file: Option<&SourceFile>) -> Self {
        let text = file.and_then(SourceFile::text).unwrap_or("");
        Self::with_lines(diagnostic, text, &LineStarts::of(text))
    }

    /// Every diagnostic located in its file (found by `file_of`), each file's lines indexed
    /// once: linear in the files and the findings together. One at a time, so that a long
    /// list of findings is printed without holding all of them located.
    pub fn all<'a, 'd>(
        diagnostics: &'d [Diagnostic],
        file_of: impl Fn(&str) -> Option<&'a SourceFile> + 'd,
    ) -> impl Iterator<Item = Self> + 'd
    where
        'a: 'd,
    {
        let mut indexed: std::collections::HashMap<&str, (&str, LineStarts)> =
            std::collections::HashMap::new();
        diagnostics.iter().map(move |diagnostic| {
            let (text, lines) = indexed.entry(&diagnostic.file).or_insert_with(|| {
                let text = file_of(&diagnostic.file)
                    .and_then(SourceFile::text)
                    .unwrap_or("");
                (text, LineStarts::of(text))
            });
            Self::with_lines(diagnostic, text, lines)
        })
    }

    /// The diagnostic located in `text`, whose lines are `lines`.
    fn with_lines(diagnostic: &Diagnostic, text: &str, lines: &LineStarts) -> Self {
        let start = floor_char_boundary(text, diagnostic.span.start);
        let end = floor_char_boundary(text, diagnostic.span.end.max(start));
        let (line, line_start) = lines.line_of(start);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let before = &text[line_start..start];
        // A CRLF line is shown without its CR, and a span may start on the CR or the LF.
        let source = text[line_start..line_end].trim_end_matches('\r');
        let (source_line, caret_offset, caret_width) = excerpt(
            source,
            (start - line_start).min(source.len()),
            (end.min(line_end) - line_start).min(source.len()),
        );
        Self {
            severity: diagnostic.severity(),
            code: diagnostic.rule.code(),
            // A pack's file names are untrusted text too.
            file: sanitize_line(&diagnostic.file),
            line,
            column: before.chars().count() + 1,
            message: diagnostic.message.clone(),
            help: diagnostic.help.clone(),
            source_line,
            caret_offset,
            caret_width,
        }
    }

    /// `file:line:col: error[code]: message`, the source line, a caret under the span, and help.
    pub fn render(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!(
            "{}:{}:{}: {severity}[{}]: {}\n",
            self.file,
            self.line,
            self.column,
            self.code,
            sanitize_line(&self.message)
        );
        if !self.source_line.is_empty() {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{gutter} | {}", self.source_line);
            let _ = writeln!(
                out,
                "{pad} | {}{}",
                " ".repeat(self.caret_offset),
                "^".repeat(self.caret_width)
            );
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = help: {}", sanitize_line(help));
        }
        out
    }
}

/// Of a long source line, the characters shown before the span...
const CONTEXT_CHARS: usize = 40;
/// ...and in all: a file of one huge line must not flood the terminal.
const EXCERPT_CHARS: usize = 120;

/// The part of `line` shown for the span `start..end` (byte offsets into `line`), with `…`
/// where it is cut, and the caret's offset and width under it.
fn excerpt(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    let before = &line[..start];
    let skip = before.chars().count().saturating_sub(CONTEXT_CHARS);
    let from = before.char_indices().nth(skip).map_or(start, |(at, _)| at);
    let to = line[from..]
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map_or(line.len(), |(at, _)| from + at);
    let lead = if from > 0 { "…" } else { "" };
    let tail = if to < line.len() { "…" } else { "" };
    let shown = format!("{lead}{}{tail}", sanitize_line(&line[from..to]));
    let caret_offset = lead.width() + sanitize_line(&line[from..start]).width();
    let spanned = &line[start..end.clamp(start, to.max(start))];
    (shown, caret_offset, sanitize_line(spanned).width().max(1))
}

fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_on_the_end_of_a_crlf_line_is_shown_at_its_end() {
        let file = SourceFile::from_text("knowledge/entries/x.toml", "title\r\nkind = 1\n");
        for span in [5..6, 6..7, 6..6] {
            let diagnostic = Diagnostic::new(Rule::Syntax, "knowledge/entries/x.toml", span, "x");
            let rendered = Located::new(&diagnostic, Some(&file)).render();
            assert!(rendered.contains("1 | title\n"), "{rendered}");
            assert!(rendered.contains("  |      ^\n"), "{rendered}");
        }
    }

    #[test]
    fn renders_like_a_compiler() {
        let file = SourceFile::from_text(
            "knowledge/tree.toml",
            "root = \"x\"\nnext = \"upload-photo\"\n",
        );
        let diagnostic = Diagnostic::new(
            Rule::DanglingRef,
            "knowledge/tree.toml",
            19..31,
            "no node `upload-photo`",
        )
        .with_help(Some("did you mean `upload-photos`?".into()));
        let rendered = Located::new(&diagnostic, Some(&file)).render();
        assert_eq!(
            rendered,
            "knowledge/tree.toml:2:9: error[dangling-ref]: no node `upload-photo`\n  |\n2 | next = \"upload-photo\"\n  |         ^^^^^^^^^^^^\n  = help: did you mean `upload-photos`?\n"
        );
    }

    #[test]
    fn a_huge_line_is_cut_around_the_span() {
        let text = format!("x = \"{}BAD{}\"\n", "a".repeat(5_000), "b".repeat(5_000));
        let file = SourceFile::from_text("a.toml", &text);
        let diagnostic = Diagnostic::new(Rule::InvalidValue, "a.toml", 5_005..5_008, "bad");
        let located = Located::new(&diagnostic, Some(&file));
        assert_eq!(located.column, 5_006);
        let rendered = located.render();
        assert!(rendered.len() < 600, "{rendered}");
        let lines: Vec<&str> = rendered.lines().collect();
        let caret = lines[3].find('^').expect("a caret");
        let shown = lines[2].chars().skip(caret).take(3).collect::<String>();
        assert_eq!(shown, "BAD", "{rendered}");
        assert!(
            lines[2].ends_with('…') && lines[2].contains("| …"),
            "{rendered}"
        );
    }

    #[test]
    fn locating_many_findings_at_once_places_each_as_alone() {
        let file = SourceFile::from_text("guide.txt", "one\n\ntwo words\r\nthree\nlast");
        let diagnostics: Vec<Diagnostic> = [0..3, 5..8, 9..14, 17..22, 23..27, 27..27, 99..99]
            .into_iter()
            .map(|span| Diagnostic::new(Rule::UncitedPassage, "guide.txt", span, "new"))
            .collect();
        let together: Vec<Located> = Located::all(&diagnostics, |_| Some(&file)).collect();
        let alone: Vec<Located> = diagnostics
            .iter()
            .map(|d| Located::new(d, Some(&file)))
            .collect();
        let place = |located: &[Located]| -> Vec<(usize, usize, String)> {
            located
                .iter()
                .map(|l| (l.line, l.column, l.render()))
                .collect()
        };
        assert_eq!(place(&together), place(&alone));
        let lines: Vec<(usize, usize)> = together.iter().map(|l| (l.line, l.column)).collect();
        assert_eq!(
            lines,
            [(1, 1), (3, 1), (3, 5), (4, 2), (5, 2), (5, 5), (5, 5)]
        );
    }

    #[test]
    fn caret_accounts_for_wide_characters() {
        let file = SourceFile::from_text("a.toml", "x = \"相机\u{1b}\"\n");
        let diagnostic = Diagnostic::new(Rule::ControlChar, "a.toml", 11..12, "escape character");
        let located = Located::new(&diagnostic, Some(&file));
        assert_eq!(located.column, 8);
        assert!(
            located.render().contains("  |          ^\n"),
            "{}",
            located.render()
        );
        assert!(!located.render().contains('\u{1b}'));
    }
}
