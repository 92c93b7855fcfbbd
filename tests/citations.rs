//! Statements held to the guide through the real binary: `kb check` on an edited copy of the
//! shipped pack, the drift check against a newer guide, and the sources `show` and `reply`
//! print.

mod common;

use std::path::Path;

use common::{idhelp, manifest_dir};
use serde_json::Value;

/// A copy of the shipped pack in a fresh folder.
fn copy_of_the_shipped_pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&manifest_dir().join("knowledge"), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from:?} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

fn kb_check(args: &[&str], pack: &Path) -> (Option<i32>, String) {
    let output = idhelp()
        .args(["kb", "check", "--knowledge"])
        .arg(pack)
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.code(),
        String::from_utf8(output.stdout).expect("utf-8"),
    )
}

#[test]
fn an_edited_passage_and_a_changed_figure_are_caught_where_they_are() {
    let pack = copy_of_the_shipped_pack();
    let entry = pack.path().join("entries/address-proof.toml");
    replace_in(
        &entry,
        "dated within the last 90 days (three months).",
        "dated within the last 60 days (three months).",
    );
    replace_in(
        &entry,
        "\"Ensure your name and address match your ID exactly.\"",
        "\"Ensure your name and address match your passport exactly.\"",
    );
    let (code, out) = kb_check(&[], pack.path());
    assert_eq!(code, Some(1), "{out}");
    let figure = out
        .lines()
        .find(|line| line.contains("error[figure-not-in-citation]"))
        .expect("the figure is caught");
    assert!(
        figure.contains("entries/address-proof.toml:29:")
            && figure.ends_with("step 3 states \"60\", which its passages don't"),
        "{figure}"
    );
    let passage = out
        .lines()
        .find(|line| line.contains("error[citation-not-found]"))
        .expect("the passage is caught");
    assert!(passage.contains("entries/address-proof.toml:"), "{passage}");
    assert!(
        out.contains("= help: the closest passage of")
            && out.contains("\"Ensure your name and address match your ID exactly.\""),
        "{out}"
    );
    assert!(out.ends_with(": 2 error(s), 0 warning(s)\n"), "{out}");
}

#[test]
fn a_statement_without_its_basis_is_an_error() {
    let pack = copy_of_the_shipped_pack();
    let entry = pack.path().join("entries/underage.toml");
    let text = std::fs::read_to_string(&entry).expect("read");
    let summary = text
        .lines()
        .find(|line| line.starts_with("summary = {"))
        .expect("a cited summary");
    replace_in(
        &entry,
        summary,
        "summary = \"Under 18s can verify with a parent.\"",
    );
    let (code, out) = kb_check(&[], pack.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("entries/underage.toml:5:")
            && out.contains("error[uncited-statement]: the summary is a plain string"),
        "{out}"
    );
    let pack = copy_of_the_shipped_pack();
    let tree = pack.path().join("tree.toml");
    let text = std::fs::read_to_string(&tree).expect("read");
    let start = text.find("[node.underage-policy]").expect("the node");
    let line = &text[start..];
    let cited = &line[line.find("text = {").expect("a statement")..];
    let cited = &cited[..cited.find('\n').expect("one line")];
    replace_in(
        &tree,
        cited,
        "text = \"You are too young, but a parent can verify for you.\"",
    );
    let (code, out) = kb_check(&[], pack.path());
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("error[uncited-statement]: the text of outcome `underage-policy` (entry `underage`) is a plain string"),
        "{out}"
    );
}

/// The guide with the address-proof passage changed and one paragraph added.
fn newer_guide(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(manifest_dir().join("knowledge/guide.txt")).expect("guide");
    let changed = text
        .replacen(
            "government letter (within 90 days) that clearly displays:",
            "government letter (within 60 days) that clearly displays:",
            1,
        )
        .replacen(
            "Frequently Asked Questions (FAQ)\n",
            "Frequently Asked Questions (FAQ)\n\nQ: Do I need to verify again every year?\nA: Yes. Verified users confirm their details once a year through the app.\n",
            1,
        );
    assert_ne!(changed, text);
    let path = dir.join("newer-guide.txt");
    std::fs::write(&path, changed).expect("write");
    path
}

#[test]
fn the_drift_check_names_the_entries_and_the_new_paragraph() {
    let dir = tempfile::tempdir().expect("temp dir");
    let newer = newer_guide(dir.path());
    let output = idhelp()
        .args(["kb", "check", "--guide"])
        .arg(&newer)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).expect("utf-8");
    let drifted: Vec<&str> = out
        .lines()
        .filter(|line| line.contains("error[citation-not-found]"))
        .collect();
    assert!(!drifted.is_empty(), "{out}");
    for line in &drifted {
        assert!(
            line.contains("entries/address-proof.toml:")
                || line.contains("(entry `address-proof`)"),
            "only address proof cites the passage: {line}"
        );
    }
    assert!(
        out.contains("help: the closest passage of")
            && out.contains("(within 60 days) that clearly displays:\""),
        "{out}"
    );
    let new = out
        .lines()
        .filter(|line| line.contains("warning[uncited-passage]"))
        .collect::<Vec<_>>();
    assert_eq!(
        new.len(),
        2,
        "the changed paragraph, and the new question with its answer (one paragraph): {out}"
    );
    assert!(
        out.contains("Q: Do I need to verify again every year?"),
        "{out}"
    );

    let json = idhelp()
        .args(["kb", "check", "--format", "json", "--guide"])
        .arg(&newer)
        .output()
        .expect("runs");
    let report: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert!(codes.contains(&"citation-not-found") && codes.contains(&"uncited-passage"));
    let new_paragraph = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "uncited-passage" && d["line"] != Value::Null)
        .expect("a new paragraph");
    assert!(
        new_paragraph["file"]
            .as_str()
            .is_some_and(|f| f.ends_with("newer-guide.txt"))
    );
}

#[test]
fn the_same_guide_drifts_nowhere_and_a_missing_one_cannot_run() {
    let guide = manifest_dir().join("knowledge/guide.txt");
    let output = idhelp()
        .args(["kb", "check", "--guide"])
        .arg(&guide)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let output = idhelp()
        .args(["kb", "check", "--guide", "/nonexistent/guide.txt"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read /nonexistent/guide.txt"));
}

#[test]
fn show_sources_prints_the_passage_under_the_step() {
    let output = idhelp()
        .args(["show", "address-proof", "--sources"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8(output.stdout).expect("utf-8");
    let step = out.find("  3. Use a recent document").expect("the step");
    let under = &out[step..];
    let next_line = under.lines().nth(1).expect("a line under the step");
    assert_eq!(
        next_line,
        "       guide: \"Submit a recent utility bill, bank statement, or government letter (within 90 days)\""
    );
    assert!(
        out.contains("(general advice, not from the guide)"),
        "{out}"
    );
    let plain = idhelp()
        .args(["show", "address-proof"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("guide: \""));
}

#[test]
fn reply_cite_quotes_the_guide_under_each_step() {
    let output = idhelp()
        .args(["reply", "underage", "--cite"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        out.contains("   Guide: \"OKX requires users to be at least 18 years old.\""),
        "{out}"
    );
    let json = idhelp()
        .args(["reply", "underage", "--format", "json"])
        .output()
        .expect("runs");
    let reply: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let sources = reply["parts"]["step_sources"].as_array().expect("sources");
    assert_eq!(
        sources.len(),
        reply["parts"]["steps"].as_array().expect("steps").len()
    );
}

#[test]
fn a_quoted_passage_ending_in_a_colon_says_the_guide_line_ends_there() {
    let note = "\"Resubmit with clear images showing:\" (the guide's line ends here)";
    let show = idhelp()
        .args(["show", "poor-photo-quality", "--sources"])
        .output()
        .expect("runs");
    assert_eq!(show.status.code(), Some(0));
    let out = String::from_utf8(show.stdout).expect("utf-8");
    assert!(out.contains(&format!("guide: {note}")), "{out}");
    let reply = idhelp()
        .args(["reply", "poor-photo-quality", "--cite"])
        .output()
        .expect("runs");
    assert_eq!(reply.status.code(), Some(0));
    let out = String::from_utf8(reply.stdout).expect("utf-8");
    assert!(out.contains(&format!("Guide: {note}")), "{out}");
    assert!(
        !out.contains("years old.\" (the guide"),
        "only a colon gets the note: {out}"
    );
}
