//! `idhelp kb check` and `idhelp show` through the real binary.

mod common;

use common::{assert_expected, fixture_pack, idhelp};

const ENTRY_IDS: [&str; 21] = [
    "upload-photos",
    "page-unresponsive",
    "camera-access",
    "face-info-mismatch",
    "face-photo-mismatch",
    "id-already-used",
    "invalid-id",
    "poor-photo-quality",
    "address-proof",
    "rejected-file",
    "change-identity",
    "deaf-video",
    "c2c-video-steps",
    "underage",
    "unsupported-region",
    "faq-one-id-two-accounts",
    "faq-verification-time",
    "faq-passport-no-signature",
    "faq-address-proof-recent",
    "faq-expired-id",
    "faq-video-safe",
];

/// `kb check` of `pack`, which must find something (exit 1): its text output.
fn kb_check_finding(pack: &std::path::Path) -> String {
    let output = idhelp()
        .args(["kb", "check", "--knowledge"])
        .arg(pack)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    String::from_utf8(output.stdout).expect("utf-8 output")
}

#[test]
fn the_shipped_knowledge_is_clean() {
    let output = idhelp().args(["kb", "check"]).output().expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.starts_with("knowledge: ok (21 entries,"), "{stdout}");
}

#[test]
fn a_broken_pack_is_reported_like_a_compiler() {
    let output = idhelp()
        .args(["kb", "check", "--knowledge", "tests/fixtures/packs/broken"])
        .current_dir(common::manifest_dir())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert_expected(
        "kb-check-broken.txt",
        &String::from_utf8_lossy(&output.stdout),
    );
}

#[test]
fn json_gives_the_same_findings_as_data() {
    let output = idhelp()
        .args(["kb", "check", "--format", "json", "--knowledge"])
        .arg(fixture_pack("broken"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let diagnostics = report["diagnostics"].as_array().expect("a list");
    assert_eq!(
        report["errors"].as_u64(),
        Some(
            diagnostics
                .iter()
                .filter(|d| d["severity"] == "error")
                .count() as u64
        )
    );
    let dangling = diagnostics
        .iter()
        .find(|d| d["code"] == "dangling-ref")
        .expect("a dangling ref");
    assert!(
        dangling["file"]
            .as_str()
            .expect("file")
            .ends_with("tree.toml")
    );
    assert_eq!(dangling["line"], 18);
    assert_eq!(dangling["column"], 40);
    assert_eq!(dangling["help"], "did you mean `crash-support`?");
}

#[test]
fn missing_directory_cannot_run() {
    idhelp()
        .args(["kb", "check", "--knowledge", "/nonexistent/idhelp-pack"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("does not exist"));
    idhelp()
        .args(["kb", "check"])
        .env("IDHELP_KNOWLEDGE", "/nonexistent/idhelp-pack")
        .assert()
        .code(2);
}

#[test]
fn other_commands_refuse_a_broken_pack_with_the_diagnostics() {
    idhelp()
        .args(["show", "app-crash", "--knowledge"])
        .arg(fixture_pack("broken"))
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("error[dangling-ref]"))
        .stderr(predicates::str::contains("run `idhelp kb check`"));
}

#[test]
fn show_prints_every_entry_as_text_and_json() {
    for id in ENTRY_IDS {
        let text = idhelp().args(["show", id]).output().expect("runs");
        assert_eq!(text.status.code(), Some(0), "{id}");
        assert_expected(
            &format!("show/{id}.txt"),
            &String::from_utf8_lossy(&text.stdout),
        );
        let json = idhelp()
            .args(["show", id, "--json"])
            .output()
            .expect("runs");
        assert_eq!(json.status.code(), Some(0), "{id}");
        let entry: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
        assert_eq!(entry["id"], id);
        assert_eq!(
            entry["kind"],
            if id.starts_with("faq-") {
                "faq"
            } else {
                "issue"
            }
        );
        for field in ["title", "category", "summary", "source"] {
            assert!(
                entry[field].as_str().is_some_and(|s| !s.is_empty()),
                "{id}: {field}"
            );
        }
        assert!(
            entry["steps"].as_array().is_some_and(|s| !s.is_empty()),
            "{id}: steps"
        );
    }
}

#[test]
fn show_suggests_a_close_id() {
    idhelp()
        .args(["show", "upload-photo"])
        .assert()
        .code(2)
        .stderr("idhelp: no entry has the id `upload-photo`; did you mean `upload-photos`?\n");
    idhelp()
        .args(["show", "\u{1b}[2Jevil"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains('\u{1b}').not());
}

#[test]
fn show_reply_and_walk_echo_a_long_unknown_id_cut_and_suggest_nothing_for_it() {
    let long_id = format!("upload-photos{}", "x".repeat(120_000));
    for args in [
        ["show", long_id.as_str()].as_slice(),
        ["reply", long_id.as_str()].as_slice(),
        ["walk", "--start", long_id.as_str()].as_slice(),
    ] {
        let output = idhelp().args(args).output().expect("runs");
        assert_eq!(output.status.code(), Some(2), "{}", args[0]);
        let stderr = String::from_utf8(output.stderr).expect("utf-8");
        assert!(
            stderr.len() < 200,
            "{}: {} bytes echoed",
            args[0],
            stderr.len()
        );
        assert_eq!(
            stderr,
            format!(
                "idhelp: no entry has the id `upload-photos{}…` (120013 characters)\n",
                "x".repeat(47)
            ),
            "{}",
            args[0]
        );
    }
}

/// A named pipe in the pack (or given as the guide) is reported by path, not opened: opening
/// one waits for a writer that never comes.
#[cfg(unix)]
#[test]
fn kb_check_reports_a_named_pipe_instead_of_waiting_on_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path().join("pack");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(fixture_pack("minimal"))
        .arg(&pack)
        .status()
        .expect("cp runs");
    assert!(copied.success());
    let fifo = pack.join("entries").join("x.toml");
    let guide = dir.path().join("guide.txt");
    for path in [&fifo, &guide] {
        let made = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }
    idhelp()
        .args(["kb", "check", "--knowledge"])
        .arg(&pack)
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(1)
        .stdout(predicates::str::contains(format!(
            "{}:1:1: error[unreadable]: cannot read the file: it is a named pipe (FIFO), not a file",
            fifo.display()
        )));
    idhelp()
        .args(["kb", "check", "--guide"])
        .arg(&guide)
        .timeout(std::time::Duration::from_secs(30))
        .assert()
        .code(2)
        .stderr(format!(
            "idhelp: cannot read {}: it is a named pipe (FIFO), not a file\n",
            guide.display()
        ));
}

#[test]
fn works_from_any_folder_with_the_built_in_knowledge() {
    idhelp()
        .args(["show", "underage"])
        .current_dir("/")
        .assert()
        .success();
}

use predicates::prelude::PredicateBooleanExt as _;

#[test]
fn hostile_files_on_disk_are_findings_not_crashes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path();
    let copy = |name: &str| {
        let from = fixture_pack("minimal").join(name);
        let to = pack.join(name);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(from, to).expect("copy");
    };
    for name in [
        "pack.toml",
        "tree.toml",
        "synonyms.toml",
        "entries/app-crash.toml",
    ] {
        copy(name);
    }
    // Binary garbage where an entry should be, an empty entry, and one far too large.
    std::fs::write(
        pack.join("entries/wrong-name.toml"),
        [0xff, 0xfe, 0x00, 0x1b, b'[', b'2', b'J'],
    )
    .expect("write");
    std::fs::write(pack.join("entries/empty.toml"), "").expect("write");
    // Sparse: one byte over the limit without writing it.
    std::fs::File::create(pack.join("entries/huge.toml"))
        .and_then(|file| file.set_len(idhelp::knowledge::MAX_FILE_BYTES + 1))
        .expect("write");
    // Under the limit, but one line of 9 MiB: its diagnostic shows a cut of it.
    std::fs::write(pack.join("entries/long.toml"), "#".repeat(9 * 1024 * 1024)).expect("write");
    let stdout = kb_check_finding(pack);
    for code in [
        "error[not-utf8]",
        "error[missing-field]",
        "error[too-large]",
    ] {
        assert!(stdout.contains(code), "{code} missing from:\n{stdout}");
    }
    assert!(
        !stdout.contains('\u{1b}'),
        "no escape character reaches the terminal"
    );
    assert!(
        stdout.len() < 10_000,
        "{} bytes of diagnostics",
        stdout.len()
    );
}

#[test]
fn facts_and_their_conditions_are_reported_by_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pack = dir.path();
    for name in [
        "pack.toml",
        "synonyms.toml",
        "entries/app-crash.toml",
        "entries/wrong-name.toml",
    ] {
        let to = pack.join(name);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::copy(fixture_pack("minimal").join(name), to).expect("copy");
    }
    let tree = std::fs::read_to_string(fixture_pack("minimal").join("tree.toml"))
        .expect("fixture tree")
        .replace(
            "next = \"crash-support\" }",
            "next = \"crash-support\", when = [\"tried-updat\"] }",
        )
        .replace(
            "next = \"crash-update\" }",
            "next = \"crash-update\", when = [\"age\"] }",
        );
    std::fs::write(pack.join("tree.toml"), tree).expect("write");
    std::fs::write(
        pack.join("facts.toml"),
        "[[fact]]\nid = \"tried-update\"\nkind = \"flag\"\nabout = \"updated the app\"\n\n\
         [[fact]]\nid = \"age\"\nkind = \"number\"\nabout = \"in years\"\n",
    )
    .expect("write");
    std::fs::create_dir_all(pack.join("facts")).expect("mkdir");
    std::fs::write(
        pack.join("facts/en.toml"),
        "[[say]]\nfact = \"age\"\npatterns = [\"im old\"]\n",
    )
    .expect("write");
    let stdout = kb_check_finding(pack);
    for expected in [
        "tree.toml:18:",
        "error[dangling-ref]: no fact has the id `tried-updat`",
        "did you mean `tried-update`?",
        "tree.toml:19:",
        "error[bad-condition]: `age` is a number: compare it with one (`age < 18`)",
        "en.toml:3:",
        "error[no-placeholder]: `age` is a number, and this pattern has no `{n}` for it",
    ] {
        assert!(
            stdout.contains(expected),
            "{expected} missing from:\n{stdout}"
        );
    }
}
