//! The support-agent and maintainer commands through the real binary: `reply`, `walk`,
//! `kb test`, `kb graph`, `completions`, `man`, with expected-output files.

mod common;

use common::{assert_expected, fixture_pack, idhelp};
use predicates::str::contains;
use serde_json::Value;

fn stdout_of(args: &[&str]) -> (Option<i32>, String) {
    let output = idhelp().args(args).output().expect("runs");
    (
        output.status.code(),
        String::from_utf8(output.stdout).expect("utf-8"),
    )
}

#[test]
fn reply_by_id_as_text_markdown_and_json() {
    let (code, text) = stdout_of(&[
        "reply",
        "upload-photos",
        "--var",
        "customer=Ana",
        "--var",
        "agent=Sam",
    ]);
    assert_eq!(code, Some(0));
    assert_expected("reply/upload-photos.txt", &text);
    let (code, markdown) = stdout_of(&["reply", "underage", "--format", "markdown"]);
    assert_eq!(code, Some(0));
    assert_expected("reply/underage.md", &markdown);
    let (code, json) = stdout_of(&["reply", "camera-access", "--format", "json"]);
    assert_eq!(code, Some(0));
    let reply: Value = serde_json::from_str(&json).expect("json");
    assert_eq!(reply["id"], "camera-access");
    assert_eq!(reply["matched_by"], "id");
    assert_eq!(reply["confidence"], Value::Null);
    assert_eq!(reply["policy"], false);
    assert!(
        reply["text"]
            .as_str()
            .expect("text")
            .starts_with("Hi there,")
    );
    assert!(
        reply["parts"]["steps"]
            .as_array()
            .is_some_and(|s| !s.is_empty())
    );
}

#[test]
fn reply_refuses_unknown_ids_and_variables_with_a_suggestion() {
    idhelp()
        .args(["reply", "camera-acess"])
        .assert()
        .code(2)
        .stderr("idhelp: no entry has the id `camera-acess`; did you mean `camera-access`?\n");
    idhelp()
        .args(["reply", "underage", "--var", "custmer=Ana"])
        .assert()
        .code(2)
        .stderr("idhelp: unknown variable `custmer` (did you mean `customer`?); known: agent, customer\n");
    idhelp()
        .args(["reply", "underage", "--var", "no-equals-sign"])
        .assert()
        .code(2)
        .stderr(contains("is not NAME=VALUE"));
}

#[test]
fn reply_to_text_out_of_scope_refuses_to_guess() {
    idhelp()
        .args([
            "reply", "how", "do", "I", "withdraw", "usdt", "to", "my", "bank",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(contains("not guessing"));
}

#[test]
fn reply_batch_answers_each_line_and_goes_on_after_a_bad_one() {
    let input = "{\"ticket\": 101, \"id\": \"underage\"}\n{\"ticket\": 102, \"id\": \"nope-nope\"}\n{broken\n{\"ticket\": \"T3\", \"id\": \"faq-video-safe\", \"vars\": {\"customer\": \"Li\"}}\n";
    let output = idhelp()
        .args(["reply", "--jsonl"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "some lines failed");
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        (lines[0]["ticket"].clone(), lines[0]["id"].clone()),
        (101.into(), "underage".into())
    );
    assert_eq!(lines[1]["ticket"], 102);
    assert!(
        lines[1]["error"]
            .as_str()
            .expect("error")
            .starts_with("no entry has the id `nope-nope`")
    );
    assert!(lines[2]["error"].is_string());
    assert_eq!(lines[3]["ticket"], "T3");
    assert!(
        lines[3]["text"]
            .as_str()
            .expect("text")
            .starts_with("Hi Li,")
    );
}

#[test]
fn walk_steps_the_tree_and_names_valid_choices() {
    let (code, text) = stdout_of(&["walk"]);
    assert_eq!(code, Some(0));
    assert_expected("walk/root.txt", &text);
    let (code, json) = stdout_of(&[
        "walk",
        "--start",
        "upload-photos",
        "--answer",
        "yes",
        "--answer",
        "no",
        "--json",
    ]);
    assert_eq!(code, Some(0));
    let position: Value = serde_json::from_str(&json).expect("json");
    assert_eq!(position["node"], "upload-fix-permissions");
    assert_eq!(position["kind"], "outcome");
    assert_eq!(position["outcome"]["kind"], "resolved");
    assert_eq!(position["outcome"]["unsolved"], "upload-version");
    assert_eq!(
        position["path"],
        serde_json::json!([
            "upload-connection",
            "upload-permissions",
            "upload-fix-permissions"
        ])
    );
    let (_, question) = stdout_of(&["walk", "--start", "upload-photos", "--json"]);
    let question: Value = serde_json::from_str(&question).expect("json");
    assert_eq!(question["kind"], "question");
    assert_eq!(question["choices"][0]["key"], "yes");
    assert_eq!(question["choices"][0]["next"], "upload-permissions");
    idhelp()
        .args(["walk", "--start", "upload-photos", "--answer", "purple"])
        .assert()
        .code(2)
        .stderr("idhelp: `purple` is not one of the choices here; answer with one of: 1 (yes), 2 (no)\n");
    idhelp()
        .args(["walk", "--start", "upload-photo"])
        .assert()
        .code(2)
        .stderr(contains("did you mean `upload-photos`"));
}

#[test]
fn kb_test_passes_on_the_fixture_pack_and_writes_junit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let junit = dir.path().join("report.xml");
    let output = idhelp()
        .args([
            "kb",
            "test",
            "--knowledge",
            "tests/fixtures/packs/minimal",
            "--junit",
        ])
        .arg(&junit)
        .env("IDHELP_CACHE_DIR", dir.path())
        .current_dir(common::manifest_dir())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert_expected("kb-test-minimal.txt", &stdout);
    let xml = std::fs::read_to_string(&junit).expect("junit written");
    assert!(
        xml.contains(
            "<testsuites name=\"idhelp kb test\" tests=\"4\" failures=\"0\" skipped=\"0\">"
        ),
        "{xml}"
    );
}

#[test]
fn kb_test_reports_failures_expected_against_actual() {
    let dir = tempfile::tempdir().expect("temp dir");
    let junit = dir.path().join("report.xml");
    let output = idhelp()
        .args([
            "kb",
            "test",
            "--knowledge",
            "tests/fixtures/packs/failing-tests",
            "--junit",
        ])
        .arg(&junit)
        .env("IDHELP_CACHE_DIR", dir.path())
        .current_dir(common::manifest_dir())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert_expected("kb-test-failing.txt", &stdout);
    let xml = std::fs::read_to_string(&junit).expect("junit written");
    assert!(xml.contains("<failure message="), "{xml}");
    assert!(
        xml.contains("<skipped message=\"known miss: stays"),
        "{xml}"
    );
}

#[test]
fn kb_test_passes_on_the_shipped_knowledge_and_reaches_everything() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = idhelp()
        .args(["kb", "test"])
        .env("IDHELP_CACHE_DIR", dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    let coverage = stdout
        .lines()
        .find_map(|line| line.strip_prefix("coverage: "))
        .expect("a coverage line");
    for part in coverage.split(", ") {
        let (reached, rest) = part.split_once('/').expect("reached/total");
        let total = rest.split(' ').next().expect("total");
        assert_eq!(reached, total, "not everything is reached: {coverage}");
    }
}

#[test]
fn kb_test_filter_and_cannot_run_cases() {
    let dir = tempfile::tempdir().expect("temp dir");
    idhelp()
        .args(["kb", "test", "--filter", "crash", "--knowledge"])
        .arg(fixture_pack("minimal"))
        .env("IDHELP_CACHE_DIR", dir.path())
        .assert()
        .code(0)
        .stdout(contains("2 passed, 0 failed"));
    idhelp()
        .args([
            "kb",
            "test",
            "--filter",
            "nothing is called this",
            "--knowledge",
        ])
        .arg(fixture_pack("minimal"))
        .env("IDHELP_CACHE_DIR", dir.path())
        .assert()
        .code(1)
        .stdout("")
        .stderr("idhelp: no knowledge test matches --filter `nothing is called this`\n");
    idhelp()
        .args(["kb", "test", "--knowledge"])
        .arg(fixture_pack("broken"))
        .assert()
        .code(2);
    idhelp()
        .args(["kb", "test", "--knowledge", "/nonexistent/pack"])
        .assert()
        .code(2);
}

#[test]
fn kb_graph_draws_the_tree() {
    let (code, dot) = stdout_of(&[
        "kb",
        "graph",
        "--knowledge",
        &fixture_pack("minimal").to_string_lossy(),
    ]);
    assert_eq!(code, Some(0));
    assert_expected("graph/minimal.dot", &dot);
    let (code, mermaid) = stdout_of(&[
        "kb",
        "graph",
        "--format",
        "mermaid",
        "--knowledge",
        &fixture_pack("minimal").to_string_lossy(),
    ]);
    assert_eq!(code, Some(0));
    assert_expected("graph/minimal.mmd", &mermaid);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, script) = stdout_of(&["completions", shell]);
        assert_eq!(code, Some(0), "{shell}");
        assert!(
            script.contains("reply") && script.contains("walk"),
            "{shell}"
        );
    }
    let (code, man) = stdout_of(&["man"]);
    assert_eq!(code, Some(0));
    assert!(
        man.starts_with(".ie") || man.contains(".TH idhelp 1"),
        "{man}"
    );
    idhelp().args(["completions", "tcsh"]).assert().code(2);
}
