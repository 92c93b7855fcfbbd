//! Statements held to the guide they cite: every passage must be in the guide, every figure
//! a statement states must be in its passages, and a generic statement states none.

use std::collections::{BTreeSet, HashMap};

use aho_corasick::AhoCorasick;

use toml::Spanned;

use super::diagnostic::{Diagnostic, Rule};
use super::raw::RawStatement;

/// `text` as passages are compared: runs of whitespace folded into one space, curly quotes
/// into straight ones.
pub fn normalize(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
            c => c,
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One paragraph (non-empty line) of the guide.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// Byte range of the paragraph in the guide's text, for diagnostics.
    pub span: std::ops::Range<usize>,
    pub text: String,
    pub normalized: String,
    /// Whether a passage given to [`Guide::find`] is part of it.
    pub cited: bool,
}

/// The guide, split into the paragraphs passages are looked up in.
#[derive(Debug, Clone)]
pub struct Guide {
    /// What diagnostics call it: the file as shown.
    pub name: String,
    pub paragraphs: Vec<Paragraph>,
    /// The passages given to [`Guide::find`], normalized, and whether each is in a paragraph.
    found: HashMap<String, bool>,
}

impl Guide {
    pub fn new(name: &str, text: &str) -> Self {
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let offset = start + (line.len() - line.trim_start().len());
                paragraphs.push(Paragraph {
                    span: offset..offset + trimmed.len(),
                    text: trimmed.to_owned(),
                    normalized: normalize(trimmed),
                    cited: false,
                });
            }
            start += line.len();
        }
        Self {
            name: name.to_owned(),
            paragraphs,
            found: HashMap::new(),
        }
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
        let mut found = vec![false; wanted.len()];
        // Building fails only past the automaton's size limits; then each passage is looked
        // for in each paragraph.
        let automaton = AhoCorasick::new(&wanted).ok();
        for paragraph in &mut self.paragraphs {
            let text = paragraph.normalized.as_str();
            let hits: Vec<usize> = match &automaton {
                Some(automaton) => automaton
                    .find_overlapping_iter(text)
                    .map(|hit| hit.pattern().as_usize())
                    .collect(),
                None => (0..wanted.len())
                    .filter(|&at| text.contains(&wanted[at]))
                    .collect(),
            };
            paragraph.cited |= !hits.is_empty();
            for at in hits {
                found[at] = true;
            }
        }
        self.found = wanted.into_iter().zip(found).collect();
    }

    /// True when `passage` is part of one paragraph of the guide: known at once for the
    /// passages given to [`Guide::find`], looked for in every paragraph otherwise.
    pub fn contains(&self, passage: &str) -> bool {
        let wanted = normalize(passage);
        if let Some(&found) = self.found.get(&wanted) {
            return found;
        }
        !wanted.is_empty()
            && self
                .paragraphs
                .iter()
                .any(|p| p.normalized.contains(&wanted))
    }

    /// The sentence or paragraph of the guide closest to `passage`, for a did-you-mean.
    pub fn closest(&self, passage: &str) -> Option<&str> {
        let wanted = normalize(passage);
        let length = wanted.chars().count();
        let mut best: Option<(f64, &str)> = None;
        for candidate in self
            .paragraphs
            .iter()
            .flat_map(|p| std::iter::once(p.text.as_str()).chain(sentences(&p.text)))
        {
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
        best.map(|(_, candidate)| candidate)
    }
}

/// A length as a float, for a ratio (lengths past `u32::MAX` are never compared).
fn as_f64(length: usize) -> f64 {
    f64::from(u32::try_from(length).unwrap_or(u32::MAX))
}

/// The sentences of a paragraph: split after `.`, `?`, `!` or `:` and a space.
fn sentences(paragraph: &str) -> impl Iterator<Item = &str> {
    let mut rest = paragraph;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest
            .char_indices()
            .zip(rest.chars().skip(1))
            .find(|((_, c), next)| matches!(c, '.' | '?' | '!' | ':') && *next == ' ')
            .map_or(rest.len(), |((at, c), _)| at + c.len_utf8());
        let (sentence, after) = rest.split_at(end);
        rest = after.trim_start();
        Some(sentence.trim())
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
pub struct Basis<'a> {
    /// The guide; `None` when the pack names none (then nothing is required).
    pub guide: Option<&'a Guide>,
    /// The pack's names, which the figure guard leaves out.
    pub names: Vec<&'a str>,
}

/// Whether a statement must say what it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Entries' and outcomes' statements.
    Yes,
    /// Templates: a plain string is layout; a table is held to its citation.
    OnlyTables,
}

/// Checks one statement: what it rests on, its passages and its figures.
pub fn check(
    file: &str,
    what: &str,
    statement: &Spanned<RawStatement>,
    basis: &Basis,
    required: Required,
    out: &mut Vec<Diagnostic>,
) {
    let RawStatement::Table {
        text,
        cite,
        generic,
    } = statement.get_ref()
    else {
        if basis.guide.is_some() && required == Required::Yes {
            out.push(uncited(file, what, statement.span(), "is a plain string"));
        }
        return;
    };
    let generic = generic.as_ref().filter(|g| *g.get_ref());
    let cited_figures = figures(text.get_ref(), &basis.names);
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
            check_passages(file, what, passages.get_ref(), basis.guide, out);
            let words = words_of(passages.get_ref());
            let missing: BTreeSet<String> = cited_figures
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
    guide: Option<&Guide>,
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

fn quoted(figures: &BTreeSet<String>) -> String {
    figures
        .iter()
        .map(|f| format!("\"{f}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The paragraphs of `newer` that `older` does not have and that no passage given to
/// `newer`'s [`Guide::find`] is part of: new policy that nothing covers yet.
pub fn uncovered<'a>(newer: &'a Guide, older: &Guide) -> Vec<&'a Paragraph> {
    let known: BTreeSet<&str> = older
        .paragraphs
        .iter()
        .map(|p| p.normalized.as_str())
        .collect();
    newer
        .paragraphs
        .iter()
        .filter(|p| !p.cited && !known.contains(p.normalized.as_str()))
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
    use super::*;

    const GUIDE: &str = "Title\n\nIssue: Address proof shows someone else’s name or is older than three months.\n\
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
            guide.closest("Submit a recent utility bill (within 60 days)"),
            Some(
                "Submit a recent utility bill, bank statement, or government letter (within 90 days) that clearly displays:"
            )
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

    #[test]
    fn new_paragraphs_nothing_cites_are_uncovered() {
        let older = Guide::new("old", GUIDE);
        let mut newer = Guide::new(
            "new",
            &format!("{GUIDE}New: Crypto tax forms are now required.\nAlso new and cited.\n"),
        );
        newer.find(&["new and cited".to_owned()]);
        let uncovered = uncovered(&newer, &older);
        let texts: Vec<&str> = uncovered.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["New: Crypto tax forms are now required."]);
    }
}
