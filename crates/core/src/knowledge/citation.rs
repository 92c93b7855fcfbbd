//! Statements held to the guide they cite: every passage must be in the guide, every figure
//! a statement states must be in its passages, and a generic statement states none; a
//! statement uses no certainty word its passages don't, and cites another entry's section
//! only when it says so.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use toml::Spanned;

use super::diagnostic::{Diagnostic, Rule};
use super::raw::{RawEntry, RawEntryKind, RawStatement, statement_text};
use super::wording::{CERTAINTY, POLICY};

/// `text` as passages are compared: runs of whitespace (line breaks too) folded into one
/// space, curly quotes into straight ones.
pub fn normalize(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
            c => c,
        })
        .collect();
    fold_whitespace(&folded)
}

/// `text` with its runs of whitespace, line breaks too, folded into one space: a paragraph
/// as it reads, whatever its wrapping.
pub fn fold_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One paragraph of the guide: a block of lines between blank ones (a line of whitespace is
/// blank), read with its line breaks folded.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// Byte range of the paragraph in the guide's text, trimmed: for diagnostics, and its
    /// text ([`Guide::text_of`]), which is not copied.
    pub span: Range<usize>,
    /// Whether a passage given to [`Guide::find`] is part of it.
    pub cited: bool,
}

/// The guide, split into the paragraphs passages are looked up in; its text is borrowed, not
/// copied: a guide may be long.
#[derive(Debug, Clone)]
pub struct Guide<'t> {
    /// What diagnostics call it: the file as shown.
    pub name: String,
    text: &'t str,
    pub paragraphs: Vec<Paragraph>,
    /// The passages given to [`Guide::find`], normalized, and the paragraphs (indices into
    /// `paragraphs`) that hold each.
    holders: HashMap<String, Vec<usize>>,
    /// Built by the first [`Guide::closest`]: a guide where every passage is found never
    /// pays for it.
    nearest: OnceLock<Nearest>,
}

impl<'t> Guide<'t> {
    pub fn new(name: &str, text: &'t str) -> Self {
        let mut paragraphs = Vec::new();
        let mut block: Option<Range<usize>> = None;
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            if trimmed.is_empty() {
                paragraphs.extend(block.take().map(|span| Paragraph { span, cited: false }));
            } else {
                let offset = start + (line.len() - line.trim_start().len());
                let end = offset + trimmed.len();
                block = Some(block.map_or(offset..end, |block| block.start..end));
            }
            start += line.len();
        }
        paragraphs.extend(block.map(|span| Paragraph { span, cited: false }));
        Self {
            name: name.to_owned(),
            text,
            paragraphs,
            holders: HashMap::new(),
            nearest: OnceLock::new(),
        }
    }

    /// The text of one of the guide's paragraphs.
    pub fn text_of(&self, paragraph: &Paragraph) -> &str {
        &self.text[paragraph.span.clone()]
    }

    /// Looks for every passage in every paragraph in one pass over the guide (Aho-Corasick),
    /// marking the paragraphs that hold one, so that checking a pack's passages against a
    /// long guide is linear in the guide rather than in the guide times the passages.
    pub fn find(&mut self, passages: &[String]) {
        let wanted: Vec<String> = passages
            .iter()
            .map(|passage| normalize(passage))
            .filter(|passage| !passage.is_empty())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut holders = vec![Vec::new(); wanted.len()];
        // Building fails only past the automaton's size limits; then each passage is looked
        // for in each paragraph.
        let automaton = AhoCorasick::new(&wanted).ok();
        for (index, paragraph) in self.paragraphs.iter_mut().enumerate() {
            // Normalized one paragraph at a time: a copy of the whole guide is not kept.
            let text = normalize(&self.text[paragraph.span.clone()]);
            let hits: Vec<usize> = match &automaton {
                Some(automaton) => automaton
                    .find_overlapping_iter(&text)
                    .map(|hit| hit.pattern().as_usize())
                    .collect(),
                None => (0..wanted.len())
                    .filter(|&at| text.contains(&wanted[at]))
                    .collect(),
            };
            paragraph.cited |= !hits.is_empty();
            for at in hits {
                if holders[at].last() != Some(&index) {
                    holders[at].push(index);
                }
            }
        }
        self.holders = wanted.into_iter().zip(holders).collect();
    }

    /// The paragraphs (indices into `paragraphs`) that hold `passage`, normalized, if it was
    /// given to [`Guide::find`].
    fn holders_of(&self, passage: &str) -> &[usize] {
        self.holders.get(passage).map_or(&[], Vec::as_slice)
    }

    /// The paragraphs (indices into `paragraphs`) that hold `passage`: known at once for
    /// the passages given to [`Guide::find`], looked for in every paragraph otherwise.
    fn holding(&self, passage: &str) -> Vec<usize> {
        let wanted = normalize(passage);
        if let Some(holders) = self.holders.get(&wanted) {
            return holders.clone();
        }
        if wanted.is_empty() {
            return Vec::new();
        }
        (0..self.paragraphs.len())
            .filter(|&at| normalize(self.text_of(&self.paragraphs[at])).contains(&wanted))
            .collect()
    }

    /// True when `passage` is part of one paragraph of the guide: known at once for the
    /// passages given to [`Guide::find`], looked for in every paragraph otherwise.
    pub fn contains(&self, passage: &str) -> bool {
        !self.holding(passage).is_empty()
    }

    /// The sentence or paragraph of the guide closest to `passage` by edit distance, its
    /// whitespace folded, for a did-you-mean; `None` when nothing of the guide shares a word
    /// with it. Only the few candidates that share the most of its words are compared (see
    /// [`Nearest`]).
    pub fn closest(&self, passage: &str) -> Option<String> {
        let wanted = normalize(passage);
        let length = wanted.chars().count();
        let nearest = self
            .nearest
            .get_or_init(|| Nearest::new(self.text, &self.paragraphs));
        let mut best: Option<(f64, &str)> = None;
        for span in nearest.candidates(&wanted) {
            let candidate = &self.text[span];
            // The edit distance is at least the difference in length, so a candidate whose
            // length alone keeps it below the best so far is not compared.
            let other = candidate.chars().count();
            let bound = as_f64(length.min(other)) / as_f64(length.max(other).max(1));
            if best.is_some_and(|(similarity, _)| bound <= similarity) {
                continue;
            }
            let similarity = strsim::normalized_levenshtein(&wanted, &normalize(candidate));
            if best.is_none_or(|(so_far, _)| similarity > so_far) {
                best = Some((similarity, candidate));
            }
        }
        best.map(|(_, candidate)| fold_whitespace(candidate))
    }
}

/// How many candidates [`Guide::closest`] compares by edit distance.
const CANDIDATES: usize = 8;

/// How many postings one passage's candidates are picked from at most (the rarest word's
/// are always read): the words past it are common ones, which say little about closeness.
const POSTINGS_READ: usize = 1 << 20;

/// The guide's paragraphs, their lines and sentences (the did-you-mean's candidates) by the words
/// they hold. A passage's candidates are those whose words are most like its own, each word
/// weighted by its rarity (Dice's coefficient over inverse document frequencies): building
/// is linear in the guide, and a passage costs the postings of its words, not the guide.
#[derive(Debug, Clone)]
struct Nearest {
    /// Byte ranges in the guide's text: each paragraph, then its lines, then its sentences,
    /// in guide order.
    spans: Vec<Range<usize>>,
    /// The summed weights of each candidate's distinct words.
    weights: Vec<f32>,
    /// Word -> the candidates that hold it, ascending.
    postings: HashMap<String, Vec<u32>>,
}

impl Nearest {
    fn new(text: &str, paragraphs: &[Paragraph]) -> Self {
        let mut spans = Vec::new();
        for paragraph in paragraphs {
            let whole = paragraph.span.clone();
            spans.push(whole.clone());
            // A paragraph's lines too, when it has several: an FAQ answer under its question.
            let first = spans.len();
            let mut start = whole.start;
            for line in text[whole.clone()].split_inclusive('\n') {
                let offset = start + (line.len() - line.trim_start().len());
                let trimmed = line.trim();
                if !trimmed.is_empty() && trimmed.len() != whole.len() {
                    spans.push(offset..offset + trimmed.len());
                }
                start += line.len();
            }
            let lines = spans[first..].to_vec();
            let sentences = sentences(&text[whole.clone()])
                .filter(|sentence| sentence.len() != whole.len())
                .map(|sentence| whole.start + sentence.start..whole.start + sentence.end)
                .filter(|sentence| !lines.contains(sentence));
            spans.extend(sentences);
        }
        let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
        // Guides are at most `MAX_FILE_BYTES`, far fewer candidates than `u32::MAX`.
        for (id, span) in (0..u32::MAX).zip(&spans) {
            let lowercase = normalize(&text[span.clone()]).to_lowercase();
            for word in words(&lowercase) {
                match postings.get_mut(word) {
                    Some(list) if list.last() == Some(&id) => {}
                    Some(list) => list.push(id),
                    None => {
                        postings.insert(word.to_owned(), vec![id]);
                    }
                }
            }
        }
        let count = spans.len();
        let mut weights = vec![0.0; count];
        for list in postings.values() {
            let weight = rarity(count, list.len());
            for &id in list {
                weights[id as usize] += weight;
            }
        }
        Self {
            spans,
            weights,
            postings,
        }
    }

    /// The byte ranges of the few candidates closest in words to `wanted` (normalized), in
    /// guide order.
    fn candidates(&self, wanted: &str) -> Vec<Range<usize>> {
        let count = self.spans.len();
        let lowercase = wanted.to_lowercase();
        let mut words: Vec<&str> = words(&lowercase).collect();
        words.sort_unstable();
        words.dedup();
        let mut wanted_weight = 0.0;
        let mut lists: Vec<&Vec<u32>> = Vec::new();
        for word in words {
            let list = self.postings.get(word);
            wanted_weight += rarity(count, list.map_or(1, Vec::len));
            lists.extend(list);
        }
        lists.sort_by_key(|list| list.len());
        let mut shared = vec![0.0_f32; count];
        let mut touched: Vec<u32> = Vec::new();
        let mut read = 0;
        for list in lists {
            if read > 0 && read + list.len() > POSTINGS_READ {
                break;
            }
            read += list.len();
            let weight = rarity(count, list.len());
            for &id in list {
                if shared[id as usize] == 0.0 {
                    touched.push(id);
                }
                shared[id as usize] += weight;
            }
        }
        let likeness = |id: u32| {
            let id = id as usize;
            2.0 * shared[id] / (wanted_weight + self.weights[id])
        };
        touched.sort_by(|&a, &b| likeness(b).total_cmp(&likeness(a)).then(a.cmp(&b)));
        touched.truncate(CANDIDATES);
        touched.sort_unstable();
        touched
            .into_iter()
            .map(|id| self.spans[id as usize].clone())
            .collect()
    }
}

/// The weight of a word held by `holding` of `count` candidates: the rarer, the heavier.
#[allow(clippy::cast_precision_loss)] // a weight, not a count
fn rarity(count: usize, holding: usize) -> f32 {
    (1.0 + count as f32 / holding.max(1) as f32).ln()
}

/// The words of lowercased `text`: runs of letters and digits, and each character of the
/// scripts written without spaces (from U+2E80 on: CJK, kana, Hangul) on its own.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find(char::is_alphanumeric)?;
        rest = &rest[start..];
        let first = rest.chars().next()?;
        let end = if first >= '\u{2E80}' {
            first.len_utf8()
        } else {
            rest.find(|c: char| !c.is_alphanumeric() || c >= '\u{2E80}')
                .unwrap_or(rest.len())
        };
        let (word, after) = rest.split_at(end);
        rest = after;
        Some(word)
    })
}

/// A length as a float, for a ratio (lengths past `u32::MAX` are never compared).
fn as_f64(length: usize) -> f64 {
    f64::from(u32::try_from(length).unwrap_or(u32::MAX))
}

/// The byte ranges of a paragraph's sentences: split after `.`, `?`, `!` or `:` and
/// whitespace.
fn sentences(paragraph: &str) -> impl Iterator<Item = Range<usize>> {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = &paragraph[at..];
        let skipped = rest.len() - rest.trim_start().len();
        let rest = rest.trim_start();
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .char_indices()
            .zip(rest.chars().skip(1))
            .find(|((_, c), next)| matches!(c, '.' | '?' | '!' | ':') && next.is_whitespace())
            .map_or(rest.len(), |((at, c), _)| at + c.len_utf8());
        let start = at + skipped;
        at = start + end;
        Some(start..start + rest[..end].trim_end().len())
    })
}

/// The figures `text` states: digit runs, and the words of `data/figures.txt`; the pack's
/// own names (`OKX 24/7 live support`) are left out.
pub fn figures(text: &str, names: &[&str]) -> BTreeSet<String> {
    let mut text = text.to_lowercase();
    for name in names.iter().filter(|name| !name.is_empty()) {
        text = text.replace(&name.to_lowercase(), " ");
    }
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| {
            !word.is_empty()
                && (word.chars().all(|c| c.is_ascii_digit())
                    || crate::wordlists::FIGURE_WORDS.contains(word))
        })
        .map(str::to_owned)
        .collect()
}

/// The words of `passages`, lowercased, for the figure guard.
fn words_of(passages: &[Spanned<String>]) -> BTreeSet<String> {
    passages
        .iter()
        .flat_map(|p| {
            p.get_ref()
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What statements are checked against.
pub struct GuideAndNames<'a> {
    /// The guide; `None` when the pack names none (then nothing is required).
    pub guide: Option<&'a Guide<'a>>,
    /// The pack's names, which the figure guard leaves out.
    pub names: Vec<&'a str>,
}

/// Whether a statement must say what it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Entries' and outcomes' statements.
    Yes,
    /// Templates, questions and choice labels: a plain string states no policy (checked); a
    /// table is held to its citation.
    OnlyTables,
}

/// Checks one statement: what it rests on, its passages and its figures.
pub fn check(
    file: &str,
    what: &str,
    statement: &Spanned<RawStatement>,
    against: &GuideAndNames,
    required: Required,
    out: &mut Vec<Diagnostic>,
) {
    let RawStatement::Table {
        text,
        cite,
        generic,
        ..
    } = statement.get_ref()
    else {
        // Without a guide there is nothing to cite, so nothing is held to one.
        if against.guide.is_some() {
            if required == Required::Yes {
                out.push(uncited(file, what, statement.span(), "is a plain string"));
            } else {
                check_uncited(file, what, &statement_text(statement), against, out);
            }
        }
        return;
    };
    let generic = generic.as_ref().filter(|g| *g.get_ref());
    let cited_figures = figures(text.get_ref(), &against.names);
    match (cite, generic) {
        (Some(_), Some(generic)) => out.push(uncited(
            file,
            what,
            generic.span(),
            "has both `cite` and `generic`",
        )),
        (None, None) => out.push(uncited(
            file,
            what,
            statement.span(),
            "has neither `cite` nor `generic = true`",
        )),
        (None, Some(_)) => {
            check_policy_words(file, &format!("{what} is marked generic but"), text, out);
            if !cited_figures.is_empty() {
                out.push(figure_not_in_citation(
                    file,
                    text,
                    format!(
                        "{what} is marked generic but states {}",
                        quoted(&cited_figures)
                    ),
                    "figures are policy: cite the passage of the guide that states them",
                ));
            }
        }
        (Some(passages), None) => {
            check_passages(file, what, passages.get_ref(), against.guide, out);
            check_figures_held(file, what, text, passages.get_ref(), against, out);
        }
    }
}

/// Reports the figures `text` states that none of `passages` does.
fn check_figures_held(
    file: &str,
    what: &str,
    text: &Spanned<String>,
    passages: &[Spanned<String>],
    against: &GuideAndNames,
    out: &mut Vec<Diagnostic>,
) {
    let words = words_of(passages);
    let missing: BTreeSet<String> = figures(text.get_ref(), &against.names)
        .into_iter()
        .filter(|figure| !words.contains(figure))
        .collect();
    if !missing.is_empty() {
        out.push(figure_not_in_citation(
            file,
            text,
            format!(
                "{what} states {}, which its passages don't",
                quoted(&missing)
            ),
            "correct the figure to the guide's, or cite the passage that states it",
        ));
    }
}

/// Holds a text that cites nothing (a plain question or label, a `prepare` item, a title)
/// to stating no policy: no figure, no policy word.
pub fn check_uncited(
    file: &str,
    what: &str,
    text: &Spanned<String>,
    against: &GuideAndNames,
    out: &mut Vec<Diagnostic>,
) {
    let stated = figures(text.get_ref(), &against.names);
    if !stated.is_empty() {
        out.push(figure_not_in_citation(
            file,
            text,
            format!("{what} cites nothing but states {}", quoted(&stated)),
            "figures are policy: write it as `{ text = \"...\", cite = \"the guide's passage\" }`",
        ));
    }
    check_policy_words(file, &format!("{what} cites nothing but"), text, out);
}

/// The figures and policy words in `text`: what a text that cites nothing may not state.
/// `kb check` holds the pack's uncited texts to it, and a test the chat's own phrases.
pub fn uncited_policy(text: &str) -> Vec<String> {
    let mut stated: Vec<String> = figures(text, &[]).into_iter().collect();
    stated.extend(POLICY.find(text));
    stated
}

/// Holds a text that is not a statement to passages it rests on (an entry's title to its
/// summary's): no figure and no certainty word they don't have.
pub fn check_held_to(
    file: &str,
    what: &str,
    text: &Spanned<String>,
    passages: &[Spanned<String>],
    against: &GuideAndNames,
    out: &mut Vec<Diagnostic>,
) {
    check_figures_held(file, what, text, passages, against, out);
    let stronger = stronger_words(text.get_ref(), passages);
    if !stronger.is_empty() {
        out.push(stronger_than_cited(file, what, text, &stronger));
    }
}

/// Reports the policy words (`data/policy-words.txt`) of a text that cites nothing;
/// `subject` begins the message ("step 2 is marked generic but").
fn check_policy_words(
    file: &str,
    subject: &str,
    text: &Spanned<String>,
    out: &mut Vec<Diagnostic>,
) {
    let words = POLICY.find(text.get_ref());
    if !words.is_empty() {
        out.push(
            Diagnostic::new(
                Rule::PolicyNotCited,
                file,
                text.span(),
                format!("{subject} says {}, which states policy", quoted(&words)),
            )
            .with_help(Some(
                "cite the passage of the guide that states it, or say it without the rule".into(),
            )),
        );
    }
}

fn figure_not_in_citation(
    file: &str,
    text: &Spanned<String>,
    message: String,
    help: &str,
) -> Diagnostic {
    Diagnostic::new(Rule::FigureNotInCitation, file, text.span(), message)
        .with_help(Some(help.to_owned()))
}

fn check_passages(
    file: &str,
    what: &str,
    passages: &[Spanned<String>],
    guide: Option<&Guide<'_>>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(guide) = guide else {
        if let Some(first) = passages.first() {
            out.push(
                Diagnostic::new(
                    Rule::CitationNotFound,
                    file,
                    first.span(),
                    format!("{what} cites a guide, but pack.toml names none"),
                )
                .with_help(Some(
                    "add `[guide]` with `title` and `file` to pack.toml".into(),
                )),
            );
        }
        return;
    };
    if passages.is_empty() {
        out.push(Diagnostic::new(
            Rule::CitationNotFound,
            file,
            0..0,
            format!("{what} cites no passage"),
        ));
    }
    for passage in passages {
        if guide.contains(passage.get_ref()) {
            continue;
        }
        let help = guide
            .closest(passage.get_ref())
            .map(|closest| format!("the closest passage of {} is \"{closest}\"", guide.name));
        out.push(
            Diagnostic::new(
                Rule::CitationNotFound,
                file,
                passage.span(),
                format!("{what} cites a passage that is not in {}", guide.name),
            )
            .with_help(help),
        );
    }
}

fn uncited(file: &str, what: &str, span: std::ops::Range<usize>, why: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::UncitedStatement,
        file,
        span,
        format!("{what} {why}: it must say what it rests on"),
    )
    .with_help(Some(
        "write `{ text = \"...\", cite = \"the guide's passage\" }`, or `generic = true` for advice that states no policy"
            .into(),
    ))
}

fn quoted<'w>(words: impl IntoIterator<Item = &'w String>) -> String {
    words
        .into_iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A statement and the passages it cites: what a changed paragraph names.
#[derive(Debug, Clone)]
pub struct Citing<'a> {
    /// The statement's file, as diagnostics show it.
    pub file: &'a str,
    /// What diagnostics call the statement ("step 2", "the answer").
    pub what: String,
    pub passages: Vec<String>,
}

/// What a newer version of the guide changes about the pack's citations, beyond the passages
/// it no longer has (each a `citation-not-found` of its statement): the paragraphs around
/// cited passages that changed, and the new paragraphs nothing cites. Both guides must have
/// been given every cited passage ([`Guide::find`]).
pub fn drift(newer: &Guide<'_>, older: &Guide<'_>, citing: &[Citing<'_>]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = changed(newer, older, citing)
        .into_iter()
        .map(|change| {
            Diagnostic::new(
                Rule::CitedParagraphChanged,
                &newer.name,
                change.paragraph.span.clone(),
                format!(
                    "the paragraph around this citation changed: {}",
                    change.what_changed()
                ),
            )
            .with_help(Some(format!(
                "cited by {}: check that they still say what the paragraph says, and cover what is new",
                change.citing.join(", ")
            )))
        })
        .collect();
    out.extend(uncovered(newer, older).into_iter().map(|paragraph| {
        Diagnostic::new(
            Rule::UncitedPassage,
            &newer.name,
            paragraph.span.clone(),
            "this paragraph is new in this version of the guide, and no statement cites it",
        )
        .with_help(Some(
            "cover it in an entry, or cite it where an entry already says it".into(),
        ))
    }));
    out
}

/// A paragraph of the newer guide that holds passages of a cited paragraph of the older one,
/// with other text around them.
#[derive(Debug)]
pub struct Changed<'a> {
    pub paragraph: &'a Paragraph,
    /// Its sentences the older paragraph doesn't have, folded.
    pub added: Vec<String>,
    /// The older paragraph's sentences it doesn't have, folded.
    pub gone: Vec<String>,
    /// The statements that cite the older paragraph, a file at a time: `file (what, what)`.
    pub citing: Vec<String>,
}

impl Changed<'_> {
    fn what_changed(&self) -> String {
        let quote = |sentences: &[String]| format!("\"{}\"", sentences.join(" "));
        let mut parts = Vec::new();
        if !self.added.is_empty() {
            parts.push(format!("new text {}", quote(&self.added)));
        }
        if !self.gone.is_empty() {
            parts.push(format!("gone {}", quote(&self.gone)));
        }
        parts.join("; ")
    }
}

/// The cited paragraphs of `older` whose passages are in a paragraph of `newer` that reads
/// differently (compared folded), one per paragraph of `newer`. A paragraph's counterpart is
/// the newer paragraph holding the most of its passages. Sentences whose change a
/// `citation-not-found` already shows (the old sentence holding the missing passage, the new
/// one its did-you-mean offers) are left out; a paragraph with nothing else changed is not
/// reported.
pub fn changed<'n>(
    newer: &'n Guide<'_>,
    older: &Guide<'_>,
    citing: &[Citing<'_>],
) -> Vec<Changed<'n>> {
    let newer_texts: BTreeSet<String> = newer
        .paragraphs
        .iter()
        .map(|p| normalize(newer.text_of(p)))
        .collect();
    let mut held: Vec<Vec<&str>> = vec![Vec::new(); older.paragraphs.len()];
    for (passage, holders) in &older.holders {
        for &at in holders {
            held[at].push(passage);
        }
    }
    // Newer paragraph -> the older paragraphs it stands for.
    let mut counterparts: std::collections::BTreeMap<usize, Vec<usize>> =
        std::collections::BTreeMap::new();
    for (at, passages) in held.iter().enumerate() {
        if passages.is_empty()
            || newer_texts.contains(&normalize(older.text_of(&older.paragraphs[at])))
        {
            continue;
        }
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for passage in passages {
            for &holder in newer.holders_of(passage) {
                *counts.entry(holder).or_default() += 1;
            }
        }
        let counterpart = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(holder, _)| holder);
        if let Some(counterpart) = counterpart {
            counterparts.entry(counterpart).or_default().push(at);
        }
    }
    counterparts
        .into_iter()
        .filter_map(|(counterpart, olds)| {
            let passages: BTreeSet<&str> = olds.iter().flat_map(|&at| held[at].clone()).collect();
            let missing: Vec<&str> = passages
                .iter()
                .copied()
                .filter(|passage| newer.holders_of(passage).is_empty())
                .collect();
            let shown: Vec<String> = missing
                .iter()
                .filter_map(|passage| newer.closest(passage))
                .map(|closest| normalize(&closest))
                .collect();
            let paragraph = &newer.paragraphs[counterpart];
            let new_sentences = sentences_of(newer.text_of(paragraph));
            let old_sentences: Vec<String> = olds
                .iter()
                .flat_map(|&at| sentences_of(older.text_of(&older.paragraphs[at])))
                .collect();
            let added: Vec<String> = new_sentences
                .iter()
                .filter(|s| !old_sentences.contains(s) && !shown.iter().any(|c| c.contains(*s)))
                .cloned()
                .collect();
            let gone: Vec<String> = old_sentences
                .iter()
                .filter(|s| {
                    !new_sentences.contains(s)
                        && !missing
                            .iter()
                            .any(|p| s.contains(p) || p.contains(s.as_str()))
                })
                .cloned()
                .collect();
            if added.is_empty() && gone.is_empty() {
                return None;
            }
            // Each file once, with the statements of it that cite the paragraph.
            let mut by_file: Vec<(&str, Vec<&str>)> = Vec::new();
            for statement in citing.iter().filter(|statement| {
                statement
                    .passages
                    .iter()
                    .any(|passage| passages.contains(normalize(passage).as_str()))
            }) {
                let what = statement.what.as_str();
                match by_file.iter_mut().find(|(file, _)| *file == statement.file) {
                    Some((_, whats)) if whats.contains(&what) => {}
                    Some((_, whats)) => whats.push(what),
                    None => by_file.push((statement.file, vec![what])),
                }
            }
            let names = by_file
                .into_iter()
                .map(|(file, whats)| format!("{file} ({})", whats.join(", ")))
                .collect();
            Some(Changed {
                paragraph,
                added,
                gone,
                citing: names,
            })
        })
        .collect()
}

/// The sentences of a paragraph, normalized.
fn sentences_of(paragraph: &str) -> Vec<String> {
    let text = normalize(paragraph);
    sentences(&text)
        .map(|range| text[range].to_owned())
        .collect()
}

/// Checks that a cited statement says no more than its passages: no certainty word
/// (`data/certainty-words.txt`) they don't use, and, for a statement about an entry, no
/// passage from only another entry's section unless it is marked `borrowed = true`.
pub fn check_support(
    file: &str,
    what: &str,
    statement: &Spanned<RawStatement>,
    entry: Option<&str>,
    sections: Option<&Sections>,
    out: &mut Vec<Diagnostic>,
) {
    let RawStatement::Table {
        text,
        cite,
        generic,
        borrowed,
    } = statement.get_ref()
    else {
        return;
    };
    let marked = borrowed.as_ref().filter(|b| *b.get_ref());
    let Some(passages) = cite.as_ref().filter(|_| generic.is_none()) else {
        // Without `cite`, or with `generic` too (which `check` reports), nothing is borrowed.
        if let Some(marked) = marked {
            out.push(marked_but_own(file, what, marked));
        }
        return;
    };
    let passages = passages.get_ref();
    let stronger = stronger_words(text.get_ref(), passages);
    if !stronger.is_empty() {
        out.push(stronger_than_cited(file, what, text, &stronger));
    }
    let (Some(entry), Some(sections)) = (entry, sections) else {
        return;
    };
    let mut lent = false;
    for passage in passages {
        let Some(lender) = sections.lender(entry, passage.get_ref()) else {
            continue;
        };
        lent = true;
        if marked.is_none() {
            out.push(
                Diagnostic::new(
                    Rule::BorrowedPassage,
                    file,
                    passage.span(),
                    format!(
                        "{what} cites a passage of the section of `{}` (\"{}\"), not of `{entry}`'s own",
                        lender.entry, lender.heading
                    ),
                )
                .with_help(Some(
                    "cite this entry's own section; advice the guide gives for another problem needs `borrowed = true` and a text that says so".into(),
                )),
            );
        }
    }
    // A passage missing from the guide is its own error (`citation-not-found`), not a sign
    // that the mark is wrong.
    let all_found = passages.iter().all(|p| sections.found(p.get_ref()));
    if let Some(marked) = marked.filter(|_| !lent && all_found && sections.places(entry)) {
        out.push(marked_but_own(file, what, marked));
    }
}

fn stronger_than_cited(
    file: &str,
    what: &str,
    text: &Spanned<String>,
    stronger: &[String],
) -> Diagnostic {
    Diagnostic::new(
        Rule::StrongerThanCited,
        file,
        text.span(),
        format!("{what} says {}, which its passages don't", quoted(stronger)),
    )
    .with_help(Some(
        "say only what the passage says, or cite the passage that says it".into(),
    ))
}

fn marked_but_own(file: &str, what: &str, marked: &Spanned<bool>) -> Diagnostic {
    Diagnostic::new(
        Rule::BorrowedPassage,
        file,
        marked.span(),
        format!("{what} is marked `borrowed`, but cites no other entry's section"),
    )
    .with_help(Some("remove `borrowed = true`".into()))
}

/// The certainty words of `text` that none of `passages` uses, in the order `text` uses them.
fn stronger_words(text: &str, passages: &[Spanned<String>]) -> Vec<String> {
    let used: BTreeSet<String> = passages
        .iter()
        .flat_map(|passage| CERTAINTY.find(passage.get_ref()))
        .collect();
    CERTAINTY
        .find(text)
        .into_iter()
        .filter(|word| !used.contains(word))
        .collect()
}

/// What an entry's section of the guide is: its `source` heading, and for a FAQ entry its
/// `question`.
#[derive(Debug, Clone)]
pub struct SectionSource<'a> {
    pub entry: &'a str,
    pub heading: &'a str,
    /// A FAQ entry's question: its section is then only the paragraph(s) of the question and
    /// its answer, since FAQ entries share one heading.
    pub question: Option<&'a str>,
}

impl<'a> SectionSource<'a> {
    pub fn of(raw: &'a RawEntry) -> Self {
        Self {
            entry: raw.id.get_ref(),
            heading: raw.source.get_ref(),
            question: (*raw.kind.get_ref() == RawEntryKind::Faq)
                .then_some(raw.question.as_ref())
                .flatten()
                .map(|question| question.get_ref().as_str()),
        }
    }
}

/// The guide divided into the entries' sections, and the paragraphs that hold each of the
/// pack's passages: what tells a passage borrowed from another entry's section. A heading's
/// section runs from its paragraph to the next paragraph that is any entry's heading (or the
/// guide's end); paragraphs in no section (the introduction) belong to no entry.
#[derive(Debug)]
pub struct Sections<'a> {
    sources: Vec<SectionSource<'a>>,
    /// Per paragraph of the guide: the entries (indices into `sources`) whose section holds it.
    owners: Vec<Vec<usize>>,
    /// Per entry: whether its heading is in the guide (else it has no section to check).
    placed: Vec<bool>,
    /// The passages given to [`Sections::new`], normalized: the paragraphs that hold each.
    holders: HashMap<String, Vec<usize>>,
    /// Entry id -> its index in `sources`.
    by_entry: HashMap<&'a str, usize>,
}

impl<'a> Sections<'a> {
    pub fn new(guide: &Guide<'_>, sources: Vec<SectionSource<'a>>, passages: &[String]) -> Self {
        let count = guide.paragraphs.len();
        let mut by_heading: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, source) in sources.iter().enumerate() {
            by_heading
                .entry(normalize(source.heading))
                .or_default()
                .push(at);
        }
        // A heading is a paragraph's first line, whether paragraphs are lines or blocks.
        let headings: Vec<(usize, &Vec<usize>)> = guide
            .paragraphs
            .iter()
            .enumerate()
            .filter_map(|(at, paragraph)| {
                let first_line = guide.text_of(paragraph).lines().next().unwrap_or_default();
                by_heading.get(&normalize(first_line)).map(|ids| (at, ids))
            })
            .collect();
        let mut owners = vec![Vec::new(); count];
        let mut placed = vec![false; sources.len()];
        for (n, &(start, ids)) in headings.iter().enumerate() {
            let end = headings.get(n + 1).map_or(count, |&(next, _)| next);
            for &id in ids {
                placed[id] = true;
                let section = sources[id]
                    .question
                    .and_then(|question| question_and_answer(guide, question, start..end))
                    .unwrap_or(start..end);
                for paragraph in section {
                    owners[paragraph].push(id);
                }
            }
        }
        let by_entry = sources
            .iter()
            .enumerate()
            .map(|(at, source)| (source.entry, at))
            .collect();
        Self {
            sources,
            owners,
            placed,
            holders: passages
                .iter()
                .map(|passage| (normalize(passage), guide.holding(passage)))
                .collect(),
            by_entry,
        }
    }

    /// Whether `entry`'s heading is in the guide.
    pub fn places(&self, entry: &str) -> bool {
        self.index(entry).is_some()
    }

    /// Whether `passage` is in a paragraph of the guide.
    fn found(&self, passage: &str) -> bool {
        self.holders
            .get(&normalize(passage))
            .is_some_and(|holders| !holders.is_empty())
    }

    fn index(&self, entry: &str) -> Option<usize> {
        self.by_entry
            .get(entry)
            .copied()
            .filter(|&at| self.placed[at])
    }

    /// The entry whose section `passage` is borrowed from when `entry` cites it: `None` when a
    /// paragraph holding it is in `entry`'s section or in none, or when it is not found.
    pub fn lender(&self, entry: &str, passage: &str) -> Option<&SectionSource<'a>> {
        let own = self.index(entry)?;
        let mut lender = None;
        for &paragraph in self.holders.get(&normalize(passage))? {
            match self.owners[paragraph].first() {
                Some(&first) if !self.owners[paragraph].contains(&own) => {
                    lender.get_or_insert(first);
                }
                _ => return None,
            }
        }
        lender.map(|at| &self.sources[at])
    }
}

/// The paragraphs of a FAQ entry's section within `range`: the one holding `question`, and
/// the next when it starts with the answer ("A:") and the question's own does not hold it.
fn question_and_answer(
    guide: &Guide<'_>,
    question: &str,
    range: Range<usize>,
) -> Option<Range<usize>> {
    let question = normalize(question);
    let end = range.end;
    range.into_iter().find_map(|at| {
        let text = normalize(guide.text_of(&guide.paragraphs[at]));
        let after = text.find(&question)? + question.len();
        let answered_here = text[after..].contains("A:");
        let answer_next =
            at + 1 < end && normalize(guide.text_of(&guide.paragraphs[at + 1])).starts_with("A:");
        Some(
            at..if !answered_here && answer_next {
                at + 2
            } else {
                at + 1
            },
        )
    })
}

/// The paragraphs of `newer` that `older` does not have and that no passage given to
/// `newer`'s [`Guide::find`] is part of: new policy that nothing covers yet.
pub fn uncovered<'a>(newer: &'a Guide<'_>, older: &Guide<'_>) -> Vec<&'a Paragraph> {
    let known: BTreeSet<String> = older
        .paragraphs
        .iter()
        .map(|p| normalize(older.text_of(p)))
        .collect();
    newer
        .paragraphs
        .iter()
        .filter(|p| !p.cited && !known.contains(&normalize(newer.text_of(p))))
        .collect()
}

/// Every passage `statement` cites.
pub fn passages_of(statement: &RawStatement) -> Vec<String> {
    match statement {
        RawStatement::Table {
            cite: Some(cite), ..
        } => cite.get_ref().iter().map(|p| p.get_ref().clone()).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const GUIDE: &str = "Title\n\nIssue: Address proof shows someone else’s name or is older than three months.\n\n\
        Solution: Submit a recent utility bill, bank statement, or government letter (within 90 days) that clearly displays:\n";

    #[test]
    fn passages_match_across_quotes_and_whitespace() {
        let guide = Guide::new("guide.txt", GUIDE);
        assert!(guide.contains("someone else's name"));
        assert!(guide.contains("bank  statement,\nor government letter (within 90 days)"));
        assert!(!guide.contains("within 60 days"));
        assert!(
            !guide.contains("Title Issue"),
            "a passage never spans two paragraphs"
        );
        assert_eq!(
            guide
                .closest("Submit a recent utility bill (within 60 days)")
                .as_deref(),
            Some(
                "Submit a recent utility bill, bank statement, or government letter (within 90 days) that clearly displays:"
            )
        );
    }

    #[test]
    fn a_paragraph_is_its_lines_between_blank_ones_read_folded() {
        let text = "Q: How long does it take?\nA: Most are done in minutes. Complex cases take 24 hours.\n \t\r\nThe next paragraph\n  wraps here.";
        let guide = Guide::new("guide.txt", text);
        let paragraphs: Vec<&str> = guide.paragraphs.iter().map(|p| guide.text_of(p)).collect();
        assert_eq!(
            paragraphs,
            [
                "Q: How long does it take?\nA: Most are done in minutes. Complex cases take 24 hours.",
                "The next paragraph\n  wraps here."
            ]
        );
        assert!(guide.contains("take? A: Most are done"));
        assert!(guide.contains("paragraph wraps here"));
        assert!(!guide.contains("24 hours. The next paragraph"));
        assert_eq!(
            guide
                .closest("Most are done in minutes. Complex cases take 48 hours.")
                .as_deref(),
            Some("A: Most are done in minutes. Complex cases take 24 hours."),
            "a line of a paragraph is a candidate too"
        );
        assert_eq!(
            guide.closest("The next paragraph wraps there.").as_deref(),
            Some("The next paragraph wraps here."),
            "the did-you-mean reads folded"
        );
    }

    #[test]
    fn passages_are_found_in_one_pass_as_they_would_be_one_by_one() {
        let mut guide = Guide::new("guide.txt", GUIDE);
        let passages = [
            "someone else's name",
            "bank  statement,\nor government letter (within 90 days)",
            "within 60 days",
            "Title Issue",
            "Issue: Address proof",
            "",
        ]
        .map(str::to_owned);
        let one_by_one: Vec<bool> = passages.iter().map(|p| guide.contains(p)).collect();
        guide.find(&passages);
        let found: Vec<bool> = passages.iter().map(|p| guide.contains(p)).collect();
        assert_eq!(found, one_by_one);
        assert_eq!(found, [true, true, false, false, true, false]);
        let cited: Vec<bool> = guide.paragraphs.iter().map(|p| p.cited).collect();
        assert_eq!(cited, [false, true, true]);
    }

    /// The shipped guide's paragraphs among `filler` paragraphs of its own words in a random
    /// order (a fixed seed): distractors that share words with every passage.
    fn large_guide(filler: usize) -> String {
        let shipped = include_str!("../../../../knowledge/guide.txt");
        let vocabulary: Vec<&str> = shipped.split_whitespace().collect();
        let mut seed: u64 = 19;
        let mut next = move |below: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).expect("31 bits") % below
        };
        let mut text = String::new();
        for line in shipped.lines() {
            for _ in 0..filler.div_ceil(shipped.lines().count()) {
                let words: Vec<&str> = (0..4 + next(12))
                    .map(|_| vocabulary[next(vocabulary.len())])
                    .collect();
                text.push_str(&words.join(" "));
                text.push_str("\n\n");
            }
            text.push_str(line);
            text.push_str("\n\n");
        }
        text
    }

    /// What [`Guide::closest`] answered before the candidate pick: every paragraph and
    /// sentence compared, the first of the closest kept.
    fn closest_of_all<'a>(guide: &Guide<'a>, passage: &str) -> Option<&'a str> {
        let wanted = normalize(passage);
        let nearest = Nearest::new(guide.text, &guide.paragraphs);
        let mut best: Option<(f64, &str)> = None;
        for span in nearest.spans {
            let candidate = &guide.text[span];
            let similarity = strsim::normalized_levenshtein(&wanted, &normalize(candidate));
            if best.is_none_or(|(so_far, _)| similarity > so_far) {
                best = Some((similarity, candidate));
            }
        }
        best.map(|(_, candidate)| candidate)
    }

    #[test]
    fn the_candidate_pick_finds_the_closest_sentence_of_a_large_guide() {
        let large = large_guide(20_000);
        let guide = Guide::new("guide.txt", &large);
        assert!(guide.paragraphs.len() > 20_000);
        let misquoted = [
            "Submit a recent utility bill (within 60 days)",
            "Ensure your name and address match your passport exactly.",
            "Go to your phone's Settings > OKX > Permissions and enable camera access.",
            "Position your head in the circle on the screen and rotate slowly.",
            "Contact OKX live support for a manual review.",
        ];
        let nearest = guide
            .nearest
            .get_or_init(|| Nearest::new(guide.text, &guide.paragraphs));
        for passage in misquoted {
            assert!(nearest.candidates(&normalize(passage)).len() <= CANDIDATES);
        }
        let small = large_guide(2_000);
        let small = Guide::new("guide.txt", &small);
        for passage in misquoted {
            assert_eq!(
                small.closest(passage).as_deref(),
                closest_of_all(&small, passage),
                "{passage}"
            );
        }
        assert_eq!(
            guide.closest(misquoted[0]).as_deref(),
            Some(
                "Submit a recent utility bill, bank statement, or government letter (within 90 days) that clearly displays:"
            )
        );
        assert_eq!(
            guide.closest("zzyzx qwfp"),
            None,
            "no sentence shares a word"
        );
    }

    #[test]
    fn figures_are_digits_and_figure_words_but_not_the_pack_names() {
        let found = figures(
            "Contact OKX 24/7 live support within 90 days (three months), age 18.",
            &["OKX 24/7 live support"],
        );
        let found: Vec<&str> = found.iter().map(String::as_str).collect();
        assert_eq!(found, ["18", "90", "days", "months", "three"]);
        let ordinal = figures("Don't open a second account; wait 30 seconds.", &[]);
        let ordinal: Vec<&str> = ordinal.iter().map(String::as_str).collect();
        assert_eq!(ordinal, ["30", "seconds"], "the ordinal is no figure");
    }

    const SHIPPED_GUIDE: &str = include_str!("../../../../knowledge/guide.txt");

    /// A statement as a pack writes it: `{ text = ..., cite = ... }`.
    fn statement(table: &str) -> Spanned<RawStatement> {
        #[derive(serde::Deserialize)]
        struct One {
            statement: Spanned<RawStatement>,
        }
        toml::from_str::<One>(&format!("statement = {table}"))
            .expect("a statement")
            .statement
    }

    /// The shipped entries, read as the pack's files.
    fn shipped_entries() -> Vec<crate::knowledge::raw::RawEntry> {
        crate::knowledge::Sources::builtin()
            .files
            .iter()
            .filter(|file| file.relative.starts_with("entries/"))
            .map(|file| toml::from_str(file.text().expect("text")).expect("an entry"))
            .collect()
    }

    /// The sections of the shipped entries in `guide`, for `statement`'s passages.
    fn support_findings(guide: &Guide<'_>, table: &str, entry: Option<&str>) -> Vec<Diagnostic> {
        let statement = statement(table);
        let entries = shipped_entries();
        let sources = entries.iter().map(SectionSource::of).collect();
        let sections = Sections::new(guide, sources, &passages_of(statement.get_ref()));
        let mut out = Vec::new();
        check_support(
            "tree.toml",
            "the statement",
            &statement,
            entry,
            Some(&sections),
            &mut out,
        );
        out
    }

    fn messages(findings: &[Diagnostic], rule: Rule) -> Vec<&str> {
        findings
            .iter()
            .filter(|d| d.rule == rule)
            .map(|d| d.message.as_str())
            .collect()
    }

    #[test]
    fn a_certainty_word_the_passages_dont_use_is_reported() {
        let guide = Guide::new("guide.txt", SHIPPED_GUIDE);
        // tree.toml:651, as the reviewer found it.
        let findings = support_findings(
            &guide,
            r#"{ text = "Verification normally takes at most 24 hours, even with a manual review. Ask OKX 24/7 live support about your case.", cite = "Complex cases (e.g., manual review) may take up to 24 hours." }"#,
            Some("faq-verification-time"),
        );
        assert_eq!(
            messages(&findings, Rule::StrongerThanCited),
            ["the statement says \"normally\", \"at most\", which its passages don't"]
        );
        assert_eq!(findings.len(), 1, "its own FAQ answer is not borrowed");
        assert_eq!(
            findings[0].help.as_deref(),
            Some("say only what the passage says, or cite the passage that says it")
        );
        // camera-access.toml:5.
        let findings = support_findings(
            &guide,
            r#"{ text = "The app can't open your phone's camera during video verification, usually because camera access is not enabled for OKX.", cite = ["The app fails to open your device’s camera during video verification.", "Go to your phone’s Settings > Apps > OKX > Permissions, and ensure that camera access is enabled."] }"#,
            Some("camera-access"),
        );
        assert_eq!(
            messages(&findings, Rule::StrongerThanCited),
            ["the statement says \"cannot\", \"usually\", which its passages don't"],
            "\"can't\" is \"cannot\""
        );
    }

    #[test]
    fn a_certainty_word_the_passage_uses_is_not_reported() {
        let guide = Guide::new("guide.txt", SHIPPED_GUIDE);
        // deaf-video.toml:29: "must" where the passage says "must".
        let must = support_findings(
            &guide,
            r#"{ text = "During the video call, both you and your helper must appear on camera with the original documents.", cite = "During video call: both you and the helper must appear on camera with original documents." }"#,
            Some("deaf-video"),
        );
        assert_eq!(must, []);
        // change-identity.toml:27 with a contraction, curly and straight: "cannot" in the passage.
        for text in [
            "Once verified, you can’t change the registered identity.",
            "Once verified, you can't change the registered identity.",
            "Once verified, you can not change the registered identity.",
        ] {
            let findings = support_findings(
                &guide,
                &format!(
                    r#"{{ text = "{text}", cite = "Once verified, you cannot change the registered identity." }}"#
                ),
                Some("change-identity"),
            );
            assert_eq!(findings, [], "{text}");
        }
        // Other forms of one word, and whole words only ("allowance" is not "all").
        let findings = support_findings(
            &guide,
            r#"{ text = "A permanent restriction; allowance and mustard are no rules.", cite = "Accounts attempting this will be restricted permanently." }"#,
            Some("change-identity"),
        );
        assert_eq!(findings, []);
    }

    #[test]
    fn a_negation_the_passages_lack_is_stronger() {
        assert_eq!(
            stronger_words(
                "It will not work.",
                &[Spanned::new(0..0, "It will work.".to_owned())]
            ),
            ["will not"]
        );
    }

    #[test]
    fn a_passage_from_another_entrys_section_is_borrowed_unless_the_statement_says_so() {
        let guide = Guide::new("guide.txt", SHIPPED_GUIDE);
        // camera-access.toml:30: the update and reinstall step of the camera flow.
        let step = r#"{ text = "If the camera still doesn't open, update the app to the latest version from the official app store, or uninstall and reinstall it.", cite = ["If the issue persists, try updating the app to the latest version.", "If updating doesn’t help, uninstall and reinstall the app.", "Uninstall the current version and download the latest release from the official app store."] }"#;
        let findings = support_findings(&guide, step, Some("camera-access"));
        assert_eq!(
            messages(&findings, Rule::BorrowedPassage),
            [
                "the statement cites a passage of the section of `upload-photos` (\"App Cannot Upload Photos\"), not of `camera-access`'s own",
                "the statement cites a passage of the section of `upload-photos` (\"App Cannot Upload Photos\"), not of `camera-access`'s own",
                "the statement cites a passage of the section of `page-unresponsive` (\"Page Not Responding When Clicked\"), not of `camera-access`'s own",
            ]
        );
        assert_eq!(findings.len(), 3, "{findings:?}");
        // The same passages are upload-photos' own, but the third.
        let findings = support_findings(&guide, step, Some("upload-photos"));
        assert_eq!(findings.len(), 1, "{findings:?}");
        let marked = step.replace("cite =", "borrowed = true, cite =");
        assert_eq!(support_findings(&guide, &marked, Some("camera-access")), []);
        // Marked, but its own passage: the mark is wrong.
        let own = r#"{ text = "Return to the app.", borrowed = true, cite = "Once granted, return to the app and retry the verification." }"#;
        let findings = support_findings(&guide, own, Some("camera-access"));
        assert_eq!(
            messages(&findings, Rule::BorrowedPassage),
            ["the statement is marked `borrowed`, but cites no other entry's section"]
        );
        let generic = r#"{ text = "Restart the phone.", borrowed = true, generic = true }"#;
        assert_eq!(
            messages(
                &support_findings(&guide, generic, Some("camera-access")),
                Rule::BorrowedPassage
            ),
            ["the statement is marked `borrowed`, but cites no other entry's section"]
        );
        // The introduction is no entry's; a statement of no entry borrows nothing.
        let intro = r#"{ text = "Many users face common obstacles.", cite = "Many users face common obstacles during the process" }"#;
        assert_eq!(support_findings(&guide, intro, Some("camera-access")), []);
        assert_eq!(support_findings(&guide, step, None), []);
    }

    #[test]
    fn a_faq_entrys_section_is_its_question_and_answer() {
        let guide = Guide::new("guide.txt", SHIPPED_GUIDE);
        let own = r#"{ text = "No.", cite = ["Can I use the same ID for two OKX accounts?", "Each identity is limited to one account."] }"#;
        assert_eq!(
            support_findings(&guide, own, Some("faq-one-id-two-accounts")),
            []
        );
        let findings = support_findings(&guide, own, Some("faq-verification-time"));
        assert_eq!(
            messages(&findings, Rule::BorrowedPassage),
            ["the statement cites a passage of the section of `faq-one-id-two-accounts` (\"Frequently Asked Questions (FAQ)\"), not of `faq-verification-time`'s own";
                2]
        );
    }

    /// The shipped guide with blank-line separated blocks for paragraphs, as a guide may be
    /// read: a question and its answer are then one paragraph.
    fn in_blocks(guide: &mut Guide<'_>) {
        let text = guide.text;
        let mut blocks = Vec::new();
        let mut start: Option<usize> = None;
        let mut end = 0;
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if line.trim().is_empty() {
                if let Some(from) = start.take() {
                    blocks.push(from..end);
                }
            } else {
                let offset = at + (line.len() - line.trim_start().len());
                start.get_or_insert(offset);
                end = at + line.trim_end().len();
            }
            at += line.len();
        }
        blocks.extend(start.map(|from| from..end));
        guide.paragraphs = blocks
            .into_iter()
            .map(|span| Paragraph { span, cited: false })
            .collect();
    }

    /// Each shipped entry's section of `guide`, as its paragraphs' text with whitespace folded.
    fn section_texts(guide: &Guide<'_>) -> BTreeMap<String, String> {
        let entries = shipped_entries();
        let sources = entries.iter().map(SectionSource::of).collect();
        let sections = Sections::new(guide, sources, &[]);
        let mut texts: BTreeMap<String, String> = BTreeMap::new();
        for (paragraph, owners) in guide.paragraphs.iter().zip(&sections.owners) {
            for &owner in owners {
                let text = texts
                    .entry(sections.sources[owner].entry.to_owned())
                    .or_default();
                text.push(' ');
                text.push_str(guide.text_of(paragraph));
            }
        }
        texts
            .into_iter()
            .map(|(entry, text)| (entry, normalize(&text)))
            .collect()
    }

    #[test]
    fn sections_are_the_same_when_paragraphs_are_blocks() {
        let lines = Guide::new("guide.txt", SHIPPED_GUIDE);
        let mut guide = Guide::new("guide.txt", SHIPPED_GUIDE);
        in_blocks(&mut guide);
        let by_line = section_texts(&lines);
        assert_eq!(
            by_line.len(),
            shipped_entries().len(),
            "every heading is found"
        );
        assert!(by_line["faq-verification-time"].starts_with("Q: How long"));
        assert!(by_line["faq-verification-time"].ends_with("up to 24 hours."));
        assert_eq!(section_texts(&guide), by_line);
        assert!(guide.paragraphs.iter().any(|p| {
            let text = guide.text_of(p);
            text.starts_with("Q: How long") && text.contains("\nA: ")
        }));
        let own = r#"{ text = "No.", cite = ["Can I use the same ID for two OKX accounts?", "Each identity is limited to one account."] }"#;
        assert_eq!(
            support_findings(&guide, own, Some("faq-one-id-two-accounts")),
            []
        );
        assert_eq!(
            support_findings(&guide, own, Some("faq-verification-time")).len(),
            2
        );
        let step = r#"{ text = "Update the app.", cite = ["If the issue persists, try updating the app to the latest version.", "Uninstall the current version and download the latest release from the official app store."] }"#;
        let borrowed = support_findings(&guide, step, Some("camera-access"));
        assert_eq!(borrowed.len(), 2, "{borrowed:?}");
        assert_eq!(
            support_findings(&guide, step, Some("upload-photos")).len(),
            1
        );
    }

    #[test]
    fn new_paragraphs_nothing_cites_are_uncovered() {
        let older = Guide::new("old", GUIDE);
        let text = format!(
            "{GUIDE}\nNew: Crypto tax forms\n  are now required.\n \t\nAlso new and cited.\n"
        );
        let mut newer = Guide::new("new", &text);
        newer.find(&["new and cited".to_owned()]);
        let uncovered = uncovered(&newer, &older);
        let texts: Vec<&str> = uncovered.iter().map(|p| newer.text_of(p)).collect();
        assert_eq!(texts, ["New: Crypto tax forms\n  are now required."]);
    }
}
