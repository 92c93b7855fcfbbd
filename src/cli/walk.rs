//! `idhelp walk`: step through the decision tree without a terminal.

use std::fmt::Write as _;
use std::io::Write;
use std::sync::Arc;

use clap::Args;

use super::output::Refused;
use super::target::{Resolved, resolve};
use super::{Exit, KnowledgeArgs, line, location};
use crate::dialogue::{Position, PositionKind, Session};
use crate::pack;
use crate::text::{sanitize, sanitize_line};

#[derive(Debug, Args)]
pub struct WalkArgs {
    /// Where to start: an entry id, or a description to search for (default: the tree's root).
    #[arg(long, value_name = "ID|TEXT")]
    pub start: Option<String>,
    /// Answer the current question: a choice number, key or label. Repeat to go deeper.
    #[arg(long = "answer", value_name = "CHOICE")]
    pub answers: Vec<String>,
    /// Print where the walk stands as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(
    knowledge_args: &KnowledgeArgs,
    args: &WalkArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let knowledge = Arc::new(pack::knowledge(&location(knowledge_args)?)?);
    let mut session = Session::new(Arc::clone(&knowledge));
    match &args.start {
        None => session.jump_to(&knowledge.tree.root)?,
        Some(start) => match resolve(&knowledge, &mut None, start) {
            Resolved::Entry { entry, .. } => session.open_entry(&entry.id)?,
            Resolved::UnknownId(why) => return Err(Refused(format!("idhelp: {why}")).into()),
            Resolved::NoMatch => {
                eprintln!(
                    "idhelp: no entry matches {:?} confidently enough to start from; pass an entry id (see `idhelp ask`)",
                    sanitize_line(start)
                );
                return Ok(Exit::Findings);
            }
        },
    };
    for answer in &args.answers {
        session.answer(answer).map_err(|error| {
            Refused(format!(
                "idhelp: {}",
                crate::text::sanitize_line(&error.to_string())
            ))
        })?;
    }
    let Some(position) = session.position() else {
        return Err(Refused(
            "idhelp: this entry has no flow in the decision tree; see `idhelp show`".into(),
        )
        .into());
    };
    if args.json {
        line(out, super::output::safe_json_pretty(&position)?)?;
    } else {
        line(out, render(&position))?;
    }
    Ok(Exit::Ok)
}

/// The current question with numbered choices, or the outcome with its steps.
fn render(position: &Position) -> String {
    let mut text = format!("[{}] {}\n", position.node, position.text);
    match (&position.kind, &position.outcome) {
        (PositionKind::Outcome, Some(outcome)) => {
            let _ = writeln!(text, "outcome: {}", outcome.kind.as_str());
            for warning in &outcome.warnings {
                let _ = writeln!(text, "! {warning}");
            }
            for (n, step) in outcome.steps.iter().enumerate() {
                let _ = writeln!(text, "{}. {step}", n + 1);
            }
            if !outcome.prepare.is_empty()
                && outcome.kind != crate::knowledge::OutcomeKind::Resolved
            {
                text.push_str("have ready:\n");
                for item in &outcome.prepare {
                    let _ = writeln!(text, "- {item}");
                }
            }
            if let Some(next) = &outcome.unsolved {
                let _ = writeln!(text, "if this doesn't help: --answer no (goes to {next})");
            }
        }
        _ => {
            for (n, choice) in position.choices.iter().enumerate() {
                let _ = writeln!(text, "{}) {} [{}]", n + 1, choice.label, choice.key);
            }
        }
    }
    let _ = write!(text, "path: {}", position.path.join(" > "));
    sanitize(&text)
}
