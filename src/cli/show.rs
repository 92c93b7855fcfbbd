//! `idhelp show <ID>`: one entry in full, for people or scripts.

use std::fmt::Write as _;
use std::io::Write;

use clap::Args;

use super::{Exit, KnowledgeArgs, line, load_knowledge, output::Refused};
use crate::knowledge::Entry;
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry id, as `ask` prints it (e.g. upload-photos).
    pub id: String,
    /// Print the entry as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(
    knowledge_args: &KnowledgeArgs,
    args: &ShowArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let knowledge = load_knowledge(knowledge_args)?;
    let Some(entry) = knowledge.entry(&args.id) else {
        let hint = knowledge
            .suggest_entry(&args.id)
            .map_or_else(String::new, |id| format!("; did you mean `{id}`?"));
        return Err(Refused(format!(
            "idhelp: no entry has the id `{}`{hint}",
            crate::text::sanitize_line(&args.id)
        ))
        .into());
    };
    if args.json {
        line(out, super::output::safe_json_pretty(entry)?)?;
    } else {
        line(out, render(entry))?;
    }
    Ok(Exit::Ok)
}

/// The plain-text rendering of an entry.
pub fn render(entry: &Entry) -> String {
    let mut text = format!(
        "{} ({})\n{}\nkind: {}  category: {}  guide section: \"{}\"\n",
        entry.title,
        entry.id,
        entry.summary,
        entry.kind.as_str(),
        entry.category,
        entry.source
    );
    if let (Some(question), Some(answer)) = (&entry.question, &entry.answer) {
        let _ = writeln!(text, "\nQ: {question}\nA: {answer}");
    }
    if !entry.warnings.is_empty() {
        text.push_str("\nBefore you start:\n");
        for warning in &entry.warnings {
            let _ = writeln!(text, "  ! {warning}");
        }
    }
    text.push_str("\nSteps:\n");
    for (n, step) in entry.steps.iter().enumerate() {
        let _ = writeln!(text, "  {}. {step}", n + 1);
    }
    let _ = writeln!(text, "\nContact live support: {}", entry.support.when);
    if !entry.support.prepare.is_empty() {
        text.push_str("Have ready:\n");
        for item in &entry.support.prepare {
            let _ = writeln!(text, "  - {item}");
        }
    }
    if !entry.related.is_empty() {
        let _ = writeln!(text, "\nRelated: {}", entry.related.join(", "));
    }
    let _ = write!(text, "Also described as: {}", entry.aliases.join("; "));
    sanitize(&text)
}
