//! `idhelp reply`: a ready-to-paste reply to a customer, for one ticket or a batch.

use std::io::{self, Write};

use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use super::batch::{self, Request};
use super::output::Refused;
use super::target::{Resolved, resolve, unknown_id};
use super::{Exit, KnowledgeArgs, line, location};
use crate::knowledge::Knowledge;
use crate::pack;
use crate::reply::{self, Citations, ReplyFormat};
use crate::search::Searcher;
use crate::text::{sanitize, sanitize_line};

/// What `idhelp reply` prints: the reply as text or Markdown, or its parts and both
/// renderings as JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReplyOutput {
    #[default]
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct ReplyArgs {
    /// An entry id (see `idhelp ask`), or the customer's words to search for.
    #[arg(required_unless_present = "jsonl", value_name = "ID|TEXT")]
    pub target: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ReplyOutput,
    /// Set a template variable, e.g. `--var customer=Ana` (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = parse_var)]
    pub vars: Vec<(String, String)>,
    /// Batch: read JSON lines (`{"ticket":..,"text":..}` or `{"ticket":..,"id":..}`) from stdin,
    /// write one JSON reply per line (each with both its text and Markdown renderings).
    #[arg(long, conflicts_with = "target")]
    pub jsonl: bool,
    /// Quote the guide's passage under each step it rests on, so policy can be quoted word
    /// for word (JSON has them in `parts.step_sources` either way).
    #[arg(long)]
    pub cite: bool,
}

impl ReplyArgs {
    fn citations(&self) -> Citations {
        if self.cite {
            Citations::Quoted
        } else {
            Citations::Omitted
        }
    }
}

fn parse_var(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not NAME=VALUE"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("`{text}` has no variable name"));
    }
    Ok((name.to_owned(), value.to_owned()))
}

pub fn run(
    knowledge_args: &KnowledgeArgs,
    args: &ReplyArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let knowledge = pack::knowledge(&location(knowledge_args)?)?;
    if knowledge.templates.is_none() {
        return Err(Refused(format!("idhelp: {}", reply::ReplyError::NoTemplates)).into());
    }
    let mut searcher = None;
    if args.jsonl {
        let stdin = io::stdin();
        let tally = batch::run(&mut stdin.lock(), out, |request| {
            batch_reply(&knowledge, &mut searcher, request, args)
        })?;
        return Ok(if tally.failed == 0 {
            Exit::Ok
        } else {
            Exit::Findings
        });
    }
    let target = sanitize_line(&args.target.join(" "));
    if target.trim().is_empty() {
        return Err(Refused("idhelp: give an entry id or the customer's words".into()).into());
    }
    let (entry, confidence) = match resolve(&knowledge, &mut searcher, &target) {
        Resolved::Entry { entry, confidence } => (entry, confidence),
        Resolved::UnknownId(why) => return Err(Refused(format!("idhelp: {why}")).into()),
        Resolved::NoMatch => {
            writeln!(
                io::stderr(),
                "idhelp: {NOT_GUESSING}; `idhelp ask` lists candidates"
            )?;
            return Ok(Exit::Findings);
        }
    };
    let composed = reply::compose(&knowledge, entry, &args.vars)
        .map_err(|e| Refused(format!("idhelp: {e}")))?;
    match args.format {
        ReplyOutput::Json => line(
            out,
            super::output::safe_json_pretty(&as_json(&composed, confidence, args.citations()))?,
        )?,
        ReplyOutput::Text => line(
            out,
            reply::render(&composed, ReplyFormat::Text, args.citations()).trim_end(),
        )?,
        ReplyOutput::Markdown => line(
            out,
            reply::render(&composed, ReplyFormat::Markdown, args.citations()).trim_end(),
        )?,
    }
    Ok(Exit::Ok)
}

fn batch_reply(
    knowledge: &Knowledge,
    searcher: &mut Option<Searcher>,
    request: &Request,
    args: &ReplyArgs,
) -> batch::LineResult {
    let (entry, confidence) = if let Some(id) = &request.id {
        let entry = knowledge
            .entry(id)
            .ok_or_else(|| unknown_id(knowledge, id))?;
        (entry, None)
    } else {
        let text = request.text.as_deref().unwrap_or_default();
        match resolve(knowledge, searcher, text) {
            Resolved::Entry { entry, confidence } => (entry, confidence),
            Resolved::UnknownId(why) => return Err(why),
            Resolved::NoMatch => return Err(NOT_GUESSING.to_owned()),
        }
    };
    let mut all_vars = args.vars.clone();
    all_vars.extend(request.vars.iter().map(|(k, v)| (k.clone(), v.clone())));
    let composed = reply::compose(knowledge, entry, &all_vars).map_err(|e| e.to_string())?;
    Ok(as_json(&composed, confidence, args.citations()))
}

const NOT_GUESSING: &str =
    "no entry matches this confidently, so no reply was written (not guessing)";

/// The JSON shape of a reply: its parts, the whole text, and how the entry was found.
fn as_json(
    composed: &reply::CustomerReply,
    confidence: Option<f32>,
    citations: Citations,
) -> Value {
    json!({
        "id": composed.id,
        "title": sanitize(&composed.title),
        "matched_by": if confidence.is_some() { "search" } else { "id" },
        "confidence": confidence,
        "policy": composed.policy,
        "parts": composed,
        "text": reply::render(composed, ReplyFormat::Text, citations),
        "markdown": reply::render(composed, ReplyFormat::Markdown, citations),
    })
}
