//! `idhelp kb graph`: the decision tree as Graphviz dot or Mermaid, for review.

use std::fmt::Write as _;
use std::io::Write;

use clap::{Args, ValueEnum};

use super::{Exit, KnowledgeArgs, line, location};
use crate::knowledge::{NodeKind, Tree};
use crate::pack;
use crate::text::sanitize_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum GraphFormat {
    #[default]
    Dot,
    Mermaid,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Output format: Graphviz dot or a Mermaid flowchart.
    #[arg(long, value_enum, default_value_t)]
    pub format: GraphFormat,
}

pub fn run(
    knowledge_args: &KnowledgeArgs,
    args: &GraphArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let knowledge = pack::knowledge(&location(knowledge_args)?)?;
    let graph = match args.format {
        GraphFormat::Dot => dot(&knowledge.tree),
        GraphFormat::Mermaid => mermaid(&knowledge.tree),
    };
    line(out, graph.trim_end())?;
    Ok(Exit::Ok)
}

/// Node labels are cut to this many characters so the drawing stays readable.
const LABEL_CHARS: usize = 60;

fn label(kind: &NodeKind, text: &str) -> String {
    let text = sanitize_line(text);
    let short: String = text.chars().take(LABEL_CHARS).collect();
    let short = if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    };
    match kind {
        NodeKind::Question { .. } => short,
        NodeKind::Outcome(outcome) => format!("{}: {short}", outcome.kind.as_str()),
    }
}

/// Every edge: (from, to, label, is the "didn't help" edge).
fn edges(tree: &Tree) -> Vec<(&str, &str, &str, bool)> {
    let mut edges = Vec::new();
    for node in tree.nodes.values() {
        for choice in node.choices() {
            edges.push((
                node.id.as_str(),
                choice.next.as_str(),
                choice.key.as_str(),
                false,
            ));
        }
        if let Some(next) = node.outcome().and_then(|o| o.unsolved.as_deref()) {
            edges.push((node.id.as_str(), next, "didn't help", true));
        }
    }
    edges
}

pub fn dot(tree: &Tree) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = String::from("digraph tree {\n  rankdir=LR;\n  node [shape=box];\n");
    for node in tree.nodes.values() {
        let shape = match &node.kind {
            NodeKind::Question { .. } => "box",
            NodeKind::Outcome(_) => "ellipse",
        };
        let _ = writeln!(
            out,
            "  {} [shape={shape}, label={}];",
            quote(&node.id),
            quote(&label(&node.kind, &node.text))
        );
    }
    for (from, to, key, unsolved) in edges(tree) {
        let style = if unsolved { ", style=dashed" } else { "" };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}{style}];",
            quote(from),
            quote(to),
            quote(key)
        );
    }
    out.push_str("}\n");
    out
}

pub fn mermaid(tree: &Tree) -> String {
    let id = |s: &str| s.replace('-', "_");
    let text = |s: &str| s.replace('"', "#quot;");
    let mut out = String::from("flowchart TD\n");
    for node in tree.nodes.values() {
        let label = text(&label(&node.kind, &node.text));
        let _ = match &node.kind {
            NodeKind::Question { .. } => writeln!(out, "  {}[\"{label}\"]", id(&node.id)),
            NodeKind::Outcome(_) => writeln!(out, "  {}([\"{label}\"])", id(&node.id)),
        };
    }
    for (from, to, key, unsolved) in edges(tree) {
        let arrow = if unsolved { "-.->" } else { "-->" };
        let _ = writeln!(out, "  {} {arrow}|{}| {}", id(from), text(key), id(to));
    }
    out
}
