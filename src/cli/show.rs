//! `idhelp show <ID>`: one entry in full, for people or scripts.

use std::fmt::Write as _;
use std::io::Write;

use clap::Args;

use super::target::unknown_id;
use super::{Exit, KnowledgeArgs, line, location, output::Refused};
use crate::dialogue::quote_passage;
use crate::knowledge::{Basis, Entry};
use crate::pack;
use crate::text::sanitize;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The entry id, as `ask` prints it (e.g. upload-photos).
    pub id: String,
    /// Print the entry as JSON.
    #[arg(long)]
    pub json: bool,
    /// Quote the guide's passages under each statement they back (JSON has them in `basis`).
    #[arg(long)]
    pub sources: bool,
}

pub fn run(
    knowledge_args: &KnowledgeArgs,
    args: &ShowArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let knowledge = pack::knowledge(&location(knowledge_args)?)?;
    let Some(entry) = knowledge.entry(&args.id) else {
        return Err(Refused(format!("idhelp: {}", unknown_id(&knowledge, &args.id))).into());
    };
    if args.json {
        line(out, super::output::safe_json_pretty(entry)?)?;
    } else {
        line(out, render(entry, args.sources))?;
    }
    Ok(Exit::Ok)
}

/// The plain-text rendering of an entry; with `sources`, the guide's passages under each
/// statement they back.
pub fn render(entry: &Entry, sources: bool) -> String {
    let basis = &entry.basis;
    let cite = |text: &mut String, basis: &Basis| {
        if sources {
            text.push_str(&sources_of(basis));
        }
    };
    let mut text = format!("{} ({})\n{}\n", entry.title, entry.id, entry.summary);
    cite(&mut text, &basis.summary);
    let _ = writeln!(
        text,
        "kind: {}  category: {}  guide section: \"{}\"",
        entry.kind.as_str(),
        entry.category,
        entry.source
    );
    if let (Some(question), Some(answer)) = (&entry.question, &entry.answer) {
        let _ = writeln!(text, "\nQ: {question}\nA: {answer}");
        if let Some(answer) = &basis.answer {
            cite(&mut text, answer);
        }
    }
    if !entry.warnings.is_empty() {
        text.push_str("\nBefore you start:\n");
        for (warning, basis) in entry.warnings.iter().zip(&basis.warnings) {
            let _ = writeln!(text, "  ! {warning}");
            cite(&mut text, basis);
        }
    }
    text.push_str("\nSteps:\n");
    for (n, (step, basis)) in entry.steps.iter().zip(&basis.steps).enumerate() {
        let _ = writeln!(text, "  {}. {step}", n + 1);
        cite(&mut text, basis);
    }
    let _ = writeln!(text, "\nContact live support: {}", entry.support.when);
    cite(&mut text, &basis.when);
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

/// The lines under a statement that say what it rests on.
fn sources_of(basis: &Basis) -> String {
    match basis {
        Basis::Guide(passages) => passages.iter().fold(String::new(), |mut lines, passage| {
            let _ = writeln!(lines, "       guide: {}", quote_passage(passage));
            lines
        }),
        Basis::Generic => "       (general advice, not from the guide)\n".to_owned(),
        Basis::Unstated => String::new(),
    }
}
