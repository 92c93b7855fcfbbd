//! `idhelp ask <TEXT...>`: find the guide entries that match a description in people's own
//! words, one query from the arguments or a batch of JSON lines from stdin.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{self, BufRead, IsTerminal as _, Write};

use clap::Args;
use serde::Serialize;
use serde_json::Value;

use super::batch;
use super::output::safe_json;
use super::{Exit, KnowledgeArgs, line, location, output::Refused};
use crate::knowledge::{EntryKind, Pack};
use crate::pack;
use crate::search::{
    Explanation, Familiarity, Found, Match, Origin, OutOfScopeTopic, QueryReport, Searcher,
    Understanding, Verdict, WordReport, is_searchable,
};
use crate::text::{is_unsafe_char, sanitize_line};

/// How much of the query text output echoes back.
const ECHO_CHARS: usize = 80;

#[derive(Debug, Args)]
pub struct AskArgs {
    /// What went wrong, in your own words (no quotes needed).
    #[arg(
        value_name = "TEXT",
        required_unless_present = "jsonl",
        conflicts_with = "jsonl",
        value_parser = clap::value_parser!(OsString)
    )]
    pub text: Vec<OsString>,
    /// Show at most N matches.
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=50))]
    pub top: u16,
    /// Print JSON: {"query", "matches": [{"id", "kind", "title", "score", "confidence", "snippet", "highlights"}]}.
    #[arg(long)]
    pub json: bool,
    /// Show which words, synonyms and typo corrections produced each match and its score,
    /// and the candidates that fell below the confidence threshold.
    #[arg(long)]
    pub explain: bool,
    /// Read one query per line from stdin (plain text, or {"ticket": ..., "text": ...}) and
    /// print one JSON object per line; a bad line gets an error object and the batch goes on.
    #[arg(long)]
    pub jsonl: bool,
}

pub fn run(
    knowledge_args: &KnowledgeArgs,
    args: &AskArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let query = sanitize_line(
        &args
            .text
            .iter()
            .map(|part| part.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" "),
    );
    if !args.jsonl && query.trim().is_empty() {
        return Err(Refused(
            "idhelp: nothing to search for: describe the problem, e.g. `idhelp ask cant upload photo`"
                .into(),
        )
        .into());
    }
    let (searcher, pack) = pack::search(&location(knowledge_args)?)?;
    let top = usize::from(args.top);
    if args.jsonl {
        return batch(&searcher, top, args.explain, &mut io::stdin().lock(), out);
    }
    let answer = QueryAnswer::find(&searcher, &query, top, args.explain);
    if args.json {
        line(out, safe_json(&answer.to_json(None, &query))?)?;
    } else {
        let style = Style::detect();
        line(out, answer.render(&pack, &query, style))?;
    }
    Ok(answer.exit())
}

/// The matches of one query, and with `--explain` the reasons and the near misses.
struct QueryAnswer {
    /// The confident match first, with the others worth naming.
    matches: Vec<(Match, Option<Explanation>)>,
    /// Not sure: the plausible entries, closest first (then `matches` is empty).
    closest: Vec<Match>,
    /// Out of scope: the neighbouring topic it is about, if known.
    topic: Option<OutOfScopeTopic>,
    below_threshold: Vec<(Match, Explanation)>,
    searchable: bool,
    /// How the query was read (with `--explain`).
    report: Option<QueryReport>,
}

impl QueryAnswer {
    fn find(searcher: &Searcher, query: &str, top: usize, explain: bool) -> Self {
        let searchable = is_searchable(query);
        let Understanding {
            matches, verdict, ..
        } = searcher.understand(query, top);
        let (confident, topic) = match verdict {
            Verdict::Confident => (true, None),
            Verdict::Plausible => (false, None),
            Verdict::OutOfScope { topic } => (false, topic),
        };
        let (chosen, closest) = if confident {
            (matches, Vec::new())
        } else {
            (Vec::new(), matches)
        };
        let mut answer = QueryAnswer {
            matches: Vec::new(),
            closest,
            topic,
            below_threshold: Vec::new(),
            searchable,
            report: None,
        };
        if !explain {
            answer.matches = chosen.into_iter().map(|m| (m, None)).collect();
            return answer;
        }
        let (accepted, below): (Vec<_>, Vec<_>) = searcher
            .explain(query, top)
            .into_iter()
            .partition(|(found, _)| chosen.iter().any(|m| m.id == found.id));
        answer.matches = accepted.into_iter().map(|(m, e)| (m, Some(e))).collect();
        answer.below_threshold = below;
        answer.report = Some(searcher.analyze(query));
        answer
    }

    fn exit(&self) -> Exit {
        if self.matches.is_empty() {
            Exit::Findings
        } else {
            Exit::Ok
        }
    }

    fn to_json<'a>(&'a self, ticket: Option<&'a Value>, query: &'a str) -> AnswerJson<'a> {
        AnswerJson {
            ticket,
            query,
            matches: self
                .matches
                .iter()
                .map(|(m, e)| MatchJson::new(m, e.as_ref()))
                .collect(),
            closest: self
                .closest
                .iter()
                .map(|m| MatchJson::new(m, None))
                .collect(),
            out_of_scope: self.topic.as_ref().map(|topic| TopicJson {
                id: &topic.id,
                name: &topic.name,
                confidence: round(topic.confidence),
            }),
            analysis: self.report.as_ref(),
            below_threshold: self.report.is_some().then(|| {
                self.below_threshold
                    .iter()
                    .map(|(m, e)| MatchJson::new(m, Some(e)))
                    .collect()
            }),
        }
    }

    fn render(&self, pack: &Pack, query: &str, style: Style) -> String {
        let mut text = String::new();
        if self.matches.is_empty() && !self.closest.is_empty() {
            text.push_str("Not sure, closest:\n");
            for (n, found) in self.closest.iter().enumerate() {
                if n > 0 {
                    text.push('\n');
                }
                text.push_str(&render_match(n + 1, found, style));
            }
        } else if self.matches.is_empty() {
            let echo = echo(query);
            if let Some(topic) = &self.topic {
                let _ = write!(
                    text,
                    "\"{echo}\" sounds like a question about {}, which {} does not cover.\nContact {}.",
                    sanitize_line(&topic.name),
                    sanitize_line(&pack.name),
                    sanitize_line(&pack.support)
                );
            } else if self.searchable {
                let _ = write!(
                    text,
                    "No entry of {} matches \"{echo}\".\nTry other words, or contact {}.",
                    sanitize_line(&pack.name),
                    sanitize_line(&pack.support)
                );
            } else {
                let _ = write!(
                    text,
                    "Nothing to search for in \"{echo}\": describe what went wrong in words."
                );
            }
        }
        for (n, (found, explanation)) in self.matches.iter().enumerate() {
            if n > 0 {
                text.push('\n');
            }
            text.push_str(&render_match(n + 1, found, style));
            if let Some(explanation) = explanation {
                text.push_str(&render_explanation(explanation));
            }
        }
        if let Some(report) = &self.report {
            text.push_str(&render_report(report));
        }
        if !self.below_threshold.is_empty() {
            text.push_str("\n\nBelow the confidence threshold:");
            for (found, explanation) in &self.below_threshold {
                let _ = write!(
                    text,
                    "\n  {} ({}, confidence {:.2})",
                    sanitize_line(&found.title),
                    found.id,
                    found.confidence
                );
                text.push_str(&render_explanation(explanation).replace('\n', "\n  "));
            }
        }
        text
    }
}

/// How highlights are shown: bold on a terminal that allows colour, asterisks otherwise.
#[derive(Debug, Clone, Copy)]
enum Style {
    Bold,
    Plain,
}

impl Style {
    fn detect() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if io::stdout().is_terminal() && !no_color {
            Style::Bold
        } else {
            Style::Plain
        }
    }
}

/// The query as text output may echo it: one line, no control characters, not too long.
fn echo(query: &str) -> String {
    let clean = sanitize_line(query);
    let clean = clean.trim();
    match clean.char_indices().nth(ECHO_CHARS) {
        Some((at, _)) => format!("{}…", &clean[..at]),
        None => clean.to_owned(),
    }
}

fn render_match(rank: usize, found: &Match, style: Style) -> String {
    let snippet = &found.snippet;
    // Sanitizing keeps the highlight ranges valid only if nothing is removed; knowledge text
    // is checked free of unsafe characters when it is loaded, so this holds.
    let marked = match style {
        Style::Bold => snippet.marked("\u{1b}[1m", "\u{1b}[0m"),
        Style::Plain => snippet.marked("*", "*"),
    };
    let marked = if snippet.text.chars().any(is_unsafe_char) {
        sanitize_line(&snippet.text)
    } else {
        marked
    };
    format!(
        "{rank}. {}\n   {marked}\n   idhelp show {}  ({}, confidence {:.2})",
        sanitize_line(&found.title),
        found.id,
        found.kind.as_str(),
        found.confidence
    )
}

fn describe_origin(origin: &Origin) -> String {
    match origin {
        Origin::Exact => "as typed".into(),
        Origin::Character => "a single character".into(),
        Origin::Synonym { phrase } => format!("synonym of \"{}\"", sanitize_line(phrase)),
        Origin::Compound { phrase } => format!("\"{}\" as one word", sanitize_line(phrase)),
        Origin::Typo { distance } => format!("typo, {distance} edit{}", plural(*distance)),
        Origin::TypoSynonym { phrase, distance } => format!(
            "typo of \"{}\" ({distance} edit{}), then its synonym",
            sanitize_line(phrase),
            plural(*distance)
        ),
    }
}

fn plural(n: u8) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn render_word(word: &WordReport) -> String {
    let typed = sanitize_line(&word.word);
    if let Some(Found {
        term,
        origin,
        part,
        credit,
    }) = &word.found
    {
        return format!(
            "\n     {typed} -> {} ({}) in {part}: +{:.2} score, {:.0}% credit",
            sanitize_line(term),
            describe_origin(origin),
            word.score,
            credit * 100.0
        );
    }
    let why = match word.familiarity {
        Familiarity::Known | Familiarity::Related => "not in this entry",
        Familiarity::Filler => "small talk, not counted",
        Familiarity::Unknown => "no entry uses this word",
    };
    format!("\n     {typed}: {why}")
}

fn render_explanation(explanation: &Explanation) -> String {
    let mut text = format!(
        "\n   why: covers {:.0}% of the query",
        explanation.coverage * 100.0
    );
    for word in &explanation.words {
        text.push_str(&render_word(word));
    }
    if !explanation.features.is_empty() {
        let features: Vec<String> = explanation
            .features
            .iter()
            .map(|f| {
                format!(
                    "\"{}\" ({}) {:+.2}",
                    sanitize_line(&f.text),
                    f.group.name(),
                    f.weight
                )
            })
            .collect();
        let _ = write!(text, "\n   weighed most: {}", features.join(", "));
    }
    text
}

fn render_report(report: &QueryReport) -> String {
    let mut text = String::from("\n\nHow the query was read:");
    for word in &report.words {
        let searched: Vec<String> = word
            .searched
            .iter()
            .map(|s| {
                format!(
                    "{} ({})",
                    sanitize_line(&s.term),
                    describe_origin(&s.origin)
                )
            })
            .collect();
        let _ = write!(
            text,
            "\n  {}: {}",
            sanitize_line(&word.word),
            searched.join(", ")
        );
    }
    if !report.stop_words.is_empty() {
        let _ = write!(
            text,
            "\n  not searched (too common): {}",
            sanitize_line(&report.stop_words.join(", "))
        );
    }
    if report.truncated {
        text.push_str("\n  only the start of the query was searched: it is very long");
    }
    text
}

fn round(value: f32) -> f64 {
    (f64::from(value) * 1000.0).round() / 1000.0
}

/// The JSON shape of one query's answer (documented in docs/cli.md).
#[derive(Serialize)]
struct AnswerJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    ticket: Option<&'a Value>,
    query: &'a str,
    matches: Vec<MatchJson<'a>>,
    /// Not sure: the plausible entries, closest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    closest: Vec<MatchJson<'a>>,
    /// Out of scope: the neighbouring topic it is about, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    out_of_scope: Option<TopicJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    analysis: Option<&'a QueryReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    below_threshold: Option<Vec<MatchJson<'a>>>,
}

/// The neighbouring topic of an out-of-scope query, its confidence rounded like a match's.
#[derive(Serialize)]
struct TopicJson<'a> {
    id: &'a str,
    name: &'a str,
    confidence: f64,
}

#[derive(Serialize)]
struct MatchJson<'a> {
    id: &'a str,
    kind: EntryKind,
    title: &'a str,
    score: f64,
    confidence: f64,
    snippet: &'a str,
    /// Character offsets of the matched words in `snippet`.
    highlights: Vec<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<&'a Explanation>,
}

impl<'a> MatchJson<'a> {
    fn new(found: &'a Match, explanation: Option<&'a Explanation>) -> Self {
        MatchJson {
            id: &found.id,
            kind: found.kind,
            title: &found.title,
            score: round(found.score),
            confidence: round(found.confidence),
            snippet: &found.snippet.text,
            highlights: found.snippet.char_highlights(),
            explain: explanation,
        }
    }
}

/// Answers a batch of queries, one JSON line out per query line in. Exit 0 when every
/// query matched, 1 when some did not or some lines were bad.
fn batch(
    searcher: &Searcher,
    top: usize,
    explain: bool,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let mut unmatched = 0;
    let tally = batch::run(input, out, |request| {
        let text = match (&request.text, &request.id) {
            (Some(text), _) if !text.trim().is_empty() => text,
            (Some(_), _) => return Err("the \"text\" is empty".to_owned()),
            (None, _) => return Err("`ask` searches \"text\"; use `show` for an id".to_owned()),
        };
        let answer = QueryAnswer::find(searcher, text, top, explain);
        if answer.matches.is_empty() {
            unmatched += 1;
        }
        serde_json::to_value(answer.to_json(None, text)).map_err(|e| e.to_string())
    })?;
    Ok(if tally.failed == 0 && unmatched == 0 {
        Exit::Ok
    } else {
        Exit::Findings
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn echo_is_one_short_clean_line() {
        assert_eq!(echo("a\u{1b}[2Jb\nc"), "ab c");
        assert_eq!(echo(&"x".repeat(500)).chars().count(), ECHO_CHARS + 1);
    }
}
