//! `idhelp kb test`: run a pack's knowledge tests through search and the dialogue engine.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context as _;
use clap::Args;

use super::output::{Refused, safe_json_pretty};
use super::{Exit, Format, KnowledgeArgs, line, read_sources};
use crate::kbtest::{self, Report, SuiteReport};
use crate::knowledge::Located;
use crate::pack;
use crate::recognize::SearchRecognizer;
use crate::text::sanitize_line;

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Also write the results as `JUnit` XML to FILE (for CI systems).
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Run only the cases whose name (conversations) or text (queries) contains PAT, in any
    /// case; when none does, say so and exit 1.
    #[arg(long, value_name = "PAT")]
    pub filter: Option<String>,
    /// Also print each measured suite's per-entry precision and recall, its most confused
    /// entries and its reliability table (confidence against observed accuracy).
    #[arg(long)]
    pub report: bool,
    /// Output format: text, or the whole report as JSON.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

pub fn run(
    knowledge_args: &KnowledgeArgs,
    args: &TestArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let sources = read_sources(knowledge_args)?;
    let knowledge = Arc::new(pack::knowledge_of(&sources)?);
    let suite = kbtest::read_suite(&sources).map_err(|problems| {
        let report: String = problems
            .iter()
            .map(|d| Located::new(d, sources.by_display(&d.file)).render())
            .collect();
        Refused(format!("{report}the knowledge tests cannot run"))
    })?;
    if suite.queries.is_empty() && suite.conversations.is_empty() {
        return Err(Refused(format!(
            "idhelp: no knowledge tests in {}/tests",
            sources.origin
        ))
        .into());
    }
    let filter = args.filter.as_deref();
    if let Some(pattern) = filter.filter(|_| !kbtest::any_wanted(&suite, filter)) {
        eprintln!(
            "idhelp: no knowledge test matches --filter `{}`",
            sanitize_line(pattern)
        );
        return Ok(Exit::Findings);
    }
    let searcher = pack::searcher(&knowledge);
    let report = kbtest::run(&knowledge, &suite, &SearchRecognizer(&searcher), filter);
    match args.format {
        Format::Text => {
            print_report(&report, out)?;
            for suite in &report.suites {
                print_suite(suite, args.report, out)?;
            }
        }
        Format::Json => line(out, safe_json_pretty(&report)?)?,
    }
    if let Some(path) = &args.junit {
        write_junit(path, &kbtest::junit_xml(&report))?;
    }
    Ok(if report.failed() == 0 {
        Exit::Ok
    } else {
        Exit::Findings
    })
}

fn print_report(report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
    for result in report.results.iter().filter(|r| !r.passed()) {
        let label = if result.failed() { "FAIL" } else { "MISS" };
        line(
            out,
            format!(
                "{label} {} {:?} ({})",
                result.kind.as_str(),
                sanitize_line(&result.name),
                sanitize_line(&result.file)
            ),
        )?;
        for failure in &result.failures {
            line(out, format!("     {}", sanitize_line(failure)))?;
        }
        if let Some(miss) = &result.known_miss {
            line(out, format!("     {}", sanitize_line(&miss.actual)))?;
            line(
                out,
                format!("     known miss: {}", sanitize_line(&miss.reason)),
            )?;
        }
    }
    let coverage = &report.coverage;
    line(
        out,
        format!(
            "coverage: {}/{} tree nodes, {}/{} choices, {}/{} entries",
            coverage.nodes - coverage.unreached_nodes.len(),
            coverage.nodes,
            coverage.choices - coverage.untaken_choices.len(),
            coverage.choices,
            coverage.entries - coverage.untested_entries.len(),
            coverage.entries
        ),
    )?;
    for (what, missing) in [
        ("nodes no test reaches", &coverage.unreached_nodes),
        ("choices no test takes", &coverage.untaken_choices),
        ("entries no test names", &coverage.untested_entries),
    ] {
        if !missing.is_empty() {
            line(out, format!("  {what}: {}", missing.join(", ")))?;
        }
    }
    let known = match report.known_misses() {
        0 => String::new(),
        1 => ", 1 known miss".to_owned(),
        n => format!(", {n} known misses"),
    };
    line(
        out,
        format!(
            "{} passed, {} failed{known}",
            report.passed(),
            report.failed()
        ),
    )?;
    Ok(())
}

/// A measured suite's figures against its targets; with `detailed`, its tables too.
fn print_suite(suite: &SuiteReport, detailed: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let f = &suite.figures;
    let t = &suite.targets;
    let target =
        |value: Option<f64>| value.map_or_else(String::new, |v| format!(" (target {v:.2})"));
    let half = if suite.held_out { ", held out" } else { "" };
    line(
        out,
        format!(
            "suite {:?} ({}{half}): {} in scope, {} out of scope",
            sanitize_line(&suite.name),
            sanitize_line(&suite.file),
            f.in_scope,
            f.out_of_scope
        ),
    )?;
    for (name, value, goal) in [
        ("recall@1", f.recall_at_1, t.recall_at_1),
        ("recall@3", f.recall_at_3, t.recall_at_3),
        ("rejection", f.rejection, t.rejection),
        ("first reply right", f.first_reply, t.first_reply),
        ("answered confidently", f.confident, None),
        ("calibration error", f.calibration_error, None),
    ] {
        line(out, format!("  {name:<23} {value:.3}{}", target(goal)))?;
    }
    let r = &suite.reach;
    let ceiling =
        |value: Option<f64>| value.map_or_else(String::new, |v| format!(" (ceiling {v:.2})"));
    line(
        out,
        format!(
            "  confident answers wrong {:.3}{}",
            f.confident_wrong,
            ceiling(t.max_confident_wrong)
        ),
    )?;
    line(
        out,
        format!(
            "  simulated user, {} conversations: reached within 2 / 3 / 4 messages {:.3} / {:.3}{} / {:.3}{}, mean messages {:.2}{}",
            r.cases,
            r.within_2,
            r.within_3,
            target(t.within_3),
            r.within_4,
            target(t.within_4),
            r.mean_messages,
            ceiling(t.max_mean_messages)
        ),
    )?;
    if !detailed {
        return Ok(());
    }
    line(
        out,
        "  entry                      queries  precision  recall",
    )?;
    let share = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
    for entry in &f.entries {
        line(
            out,
            format!(
                "  {:<26} {:>7}  {:>9}  {:>6}",
                sanitize_line(&entry.entry),
                entry.support,
                share(entry.precision),
                share(entry.recall)
            ),
        )?;
    }
    line(out, "  most confused (expected -> answered first)")?;
    for confusion in &f.confusions {
        line(
            out,
            format!(
                "  {:>3} x {} -> {}",
                confusion.count,
                sanitize_line(&confusion.expected),
                sanitize_line(&confusion.got)
            ),
        )?;
    }
    line(
        out,
        "  reliability: confidence    answers  mean confidence  accuracy",
    )?;
    for bin in f.reliability.iter().filter(|b| b.answers > 0) {
        line(
            out,
            format!(
                "               {:.1}-{:.1}     {:>7}  {:>15.2}  {:>8.2}",
                bin.low, bin.high, bin.answers, bin.mean_confidence, bin.accuracy
            ),
        )?;
    }
    Ok(())
}

/// Writes through a temporary file in the same folder and a rename, so a reader never sees
/// half a report.
fn write_junit(path: &Path, xml: &str) -> anyhow::Result<()> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("cannot write the JUnit report in {}", folder.display()))?;
    file.write_all(xml.as_bytes())?;
    file.persist(path)
        .with_context(|| format!("cannot write the JUnit report to {}", path.display()))?;
    Ok(())
}
