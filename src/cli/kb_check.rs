//! `idhelp kb check`: lint a knowledge pack.

use std::io::Write;

use clap::Args;
use serde::Serialize;

use super::{Exit, Format, KnowledgeArgs, line, read_sources};
use crate::knowledge::{self, Located};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Serialize)]
struct Report<'a> {
    knowledge: &'a str,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<Located>,
}

pub fn run(
    knowledge_args: &KnowledgeArgs,
    args: &CheckArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let sources = read_sources(knowledge_args)?;
    let checked = knowledge::check(&sources);
    let located: Vec<Located> = checked
        .diagnostics
        .iter()
        .map(|d| Located::new(d, sources.by_display(&d.file)))
        .collect();
    match args.format {
        Format::Json => {
            let report = Report {
                knowledge: &sources.origin,
                errors: checked.errors(),
                warnings: checked.warnings(),
                diagnostics: located,
            };
            line(out, super::output::safe_json_pretty(&report)?)?;
        }
        Format::Text => {
            for diagnostic in &located {
                line(out, diagnostic.render())?;
            }
            let summary = match &checked.knowledge {
                Some(k) if checked.warnings() == 0 => format!(
                    "{}: ok ({} entries, {} tree nodes)",
                    sources.origin,
                    k.entries().len(),
                    k.tree.nodes.len()
                ),
                _ => format!(
                    "{}: {} error(s), {} warning(s)",
                    sources.origin,
                    checked.errors(),
                    checked.warnings()
                ),
            };
            line(out, summary)?;
        }
    }
    Ok(if checked.diagnostics.is_empty() {
        Exit::Ok
    } else {
        Exit::Findings
    })
}
