//! `idhelp kb check`: lint a knowledge pack.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::output::Refused;
use super::{Exit, Format, KnowledgeArgs, line, read_sources};
use crate::knowledge::{self, Content, Located, SourceFile, Sources};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Check the citations against another version of the guide (e.g. the updated official
    /// article): list the cited paragraphs it changes and its new paragraphs that nothing
    /// cites.
    #[arg(long, value_name = "FILE")]
    pub guide: Option<PathBuf>,
}

#[derive(Serialize)]
struct CheckReport<'a> {
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
    let newer = args
        .guide
        .as_ref()
        .map(|path| read_guide(path))
        .transpose()?;
    let checked = match &newer {
        Some(newer) => knowledge::check_against(&sources, newer),
        None => knowledge::check(&sources),
    };
    let file_of = |display: &str| {
        sources
            .by_display(display)
            .or(newer.as_ref().filter(|newer| newer.display == display))
    };
    let located = Located::all(&checked.diagnostics, file_of);
    match args.format {
        Format::Json => {
            let report = CheckReport {
                knowledge: &sources.origin,
                errors: checked.errors(),
                warnings: checked.warnings(),
                diagnostics: located.collect(),
            };
            line(out, super::output::safe_json_pretty(&report)?)?;
        }
        Format::Text => {
            for diagnostic in located {
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

/// The other version of the guide, read as the pack's own files are.
fn read_guide(path: &std::path::Path) -> anyhow::Result<SourceFile> {
    let file = Sources::read_file(path);
    let why = match &file.content {
        Content::Unreadable(why) => why.clone(),
        Content::TooLarge { bytes } => format!("{bytes} bytes is too large for a guide"),
        Content::Text(_) | Content::NotUtf8 { .. } => return Ok(file),
    };
    Err(Refused(format!("idhelp: cannot read {}: {why}", path.display())).into())
}
