//! `idhelp ask` through the real binary: text, JSON, `--explain`, `--jsonl` batches, exit
//! codes and hostile input, with expected-output files.

mod common;

use common::{assert_expected, fixture_pack, idhelp};
use serde_json::Value;

fn ask(args: &[&str]) -> (Option<i32>, String, String) {
    let output = idhelp().arg("ask").args(args).output().expect("runs");
    (
        output.status.code(),
        String::from_utf8(output.stdout).expect("utf-8"),
        String::from_utf8(output.stderr).expect("utf-8"),
    )
}

fn has_controls(text: &str) -> bool {
    text.chars().any(|c| c.is_control() && c != '\n')
}

#[test]
fn a_match_prints_title_snippet_and_show_command() {
    let (code, out, _) = ask(&["cant", "uplaod", "pic"]);
    assert_eq!(code, Some(0));
    assert_expected("ask/upload.txt", &out);
    assert!(out.starts_with("1. The app can't upload your ID photos\n"));
    assert!(out.contains("idhelp show upload-photos"));
}

#[test]
fn chinese_queries_match() {
    let (code, out, _) = ask(&["相机打不开"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("idhelp show camera-access"), "{out}");
}

#[test]
fn no_match_exits_1_and_points_to_support() {
    let (code, out, _) = ask(&["how do i withdraw usdt"]);
    assert_eq!(code, Some(1));
    assert_expected("ask/no-match.txt", &out);
    let (code, out, _) = ask(&["📷😭"]);
    assert_eq!(code, Some(1));
    assert!(out.starts_with("Nothing to search for"), "{out}");
}

#[test]
fn json_has_the_documented_shape() {
    let (code, out, _) = ask(&["--json", "selfie keeps failing"]);
    assert_eq!(code, Some(0));
    assert_expected("ask/selfie.json", &out);
    let answer: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(answer["query"], "selfie keeps failing");
    let matches = answer["matches"].as_array().expect("matches");
    assert!(!matches.is_empty() && matches.len() <= 3);
    for found in matches {
        for key in ["id", "title", "snippet"] {
            assert!(found[key].is_string(), "{key}");
        }
        assert!(found["kind"] == "issue" || found["kind"] == "faq");
        let confidence = found["confidence"].as_f64().expect("confidence");
        assert!((0.0..=1.0).contains(&confidence));
        assert!(found["score"].as_f64().expect("score") > 0.0);
        assert!(found["highlights"].is_array());
    }
    let (code, out, _) = ask(&["--json", "reset google authenticator 2fa"]);
    assert_eq!(code, Some(1));
    let answer: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(answer["matches"], Value::Array(Vec::new()));
}

#[test]
fn explain_shows_words_synonyms_typos_and_near_misses() {
    let (code, out, _) = ask(&["--explain", "--top", "2", "slefie keeps failing"]);
    assert_eq!(code, Some(0));
    assert_expected("ask/explain.txt", &out);
    assert!(out.contains("(typo, 1 edit)"), "{out}");
    let (code, out, _) = ask(&["--explain", "--json", "how do i withdraw usdt"]);
    assert_eq!(code, Some(1));
    let answer: Value = serde_json::from_str(&out).expect("json");
    assert!(answer["below_threshold"].is_array());
    assert_eq!(answer["analysis"]["stop_words"][0], "how");
    assert_eq!(answer["analysis"]["words"][0]["word"], "withdraw");
    assert_eq!(answer["analysis"]["words"][0]["familiarity"], "unknown");
}

#[test]
fn top_limits_the_matches() {
    let (code, out, _) = ask(&["--json", "--top", "1", "selfie keeps failing"]);
    assert_eq!(code, Some(0));
    let answer: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(answer["matches"].as_array().expect("matches").len(), 1);
    let (code, _, _) = ask(&["--top", "0", "photo"]);
    assert_eq!(code, Some(2));
}

#[test]
fn jsonl_answers_each_line_and_survives_bad_ones() {
    let input = concat!(
        "cant upload my id\n",
        "{\"ticket\": 41, \"text\": \"相机打不开\"}\n",
        "\n",
        "{\"ticket\": \"T-2\", \"text\": \"how do i withdraw usdt\"}\n",
        "{\"ticket\": \"T-3\"}\n",
        "{not json\n",
        "{\"ticket\": [1], \"id\": \"upload-photos\"}\n",
        "{\"ticket\": 5, \"text\": \"\\u001b[2Jselfie\\u009b2K fails\\u0000\"}\n",
    );
    let output = idhelp()
        .args(["ask", "--jsonl"])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let out = String::from_utf8(output.stdout).expect("utf-8");
    assert!(!has_controls(&out));
    assert!(!out.contains('\u{9b}'));
    assert_expected("ask/batch.jsonl", &out);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 7);
    assert_eq!(lines[0]["ticket"], Value::Null);
    assert_eq!(lines[0]["matches"][0]["id"], "upload-photos");
    assert_eq!(lines[1]["ticket"], 41);
    assert_eq!(lines[1]["matches"][0]["id"], "camera-access");
    assert_eq!(lines[2]["matches"], Value::Array(Vec::new()));
    for bad in &lines[3..6] {
        assert!(bad["error"].is_string(), "{bad}");
    }
    assert_eq!(lines[5]["ticket"], serde_json::json!([1]));
    assert_eq!(lines[6]["query"], "selfie fails", "sequences removed whole");
}

#[test]
fn a_pasted_escape_sequence_is_removed_whole_before_searching() {
    let pasted = "\u{1b}[2J\u{1b}]0;title\u{7}my camera won't open";
    let (code, out, _) = ask(&["--json", pasted]);
    assert_eq!(code, Some(0), "{out}");
    let answer: Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(answer["matches"][0]["id"], "camera-access");
    assert_eq!(answer["query"], "my camera won't open");
    let (code, out, _) = ask(&[pasted]);
    assert_eq!(code, Some(0));
    assert!(!out.contains("[2J") && !out.contains("title"), "{out}");
}

#[test]
fn jsonl_with_every_line_matched_exits_0() {
    let output = idhelp()
        .args(["ask", "--jsonl"])
        .write_stdin("cant upload photo\nselfie keeps failing\n")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn an_empty_query_is_an_error() {
    let (code, out, err) = ask(&["  "]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty());
    assert!(err.contains("nothing to search for"), "{err}");
    let (code, _, _) = ask(&[]);
    assert_eq!(code, Some(2));
    let (code, _, _) = ask(&["--jsonl", "words"]);
    assert_eq!(code, Some(2));
}

#[test]
fn hostile_queries_never_crash_and_are_never_echoed_raw() {
    // Close to the largest single argument Linux accepts (128 KiB).
    let long = "upload ".repeat(18_000);
    for query in [
        "AND (",
        "title:\"x",
        "-",
        "^",
        "error: upload",
        "\"unbalanced",
        "\u{1b}[31mwithdraw usdt\u{7}\u{1b}]0;pwned\u{7}",
        "\u{202e}withdraw\u{9b}2J",
        long.as_str(),
    ] {
        let output = idhelp().arg("ask").arg(query).output().expect("runs");
        let code = output.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "{code:?} for {query:.40?}"
        );
        let out = String::from_utf8(output.stdout).expect("utf-8");
        assert!(!has_controls(&out), "{out:?}");
        assert!(!out.contains('\u{202e}') && !out.contains('\u{9b}'));
        assert!(out.len() < 10_000);
    }
}

#[cfg(unix)]
#[test]
fn non_utf8_arguments_are_searched_not_refused() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let output = idhelp()
        .arg("ask")
        .arg(OsStr::from_bytes(b"cant upload \xff\xfe photo"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn another_pack_and_an_unusable_cache_still_work() {
    let root = tempfile::tempdir().expect("tempdir");
    let not_a_dir = root.path().join("file");
    std::fs::write(&not_a_dir, "x").expect("write");
    let output = idhelp()
        .env("IDHELP_CACHE_DIR", &not_a_dir)
        .arg("--knowledge")
        .arg(fixture_pack("minimal"))
        .args(["ask", "the app crashes"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    let out = String::from_utf8(output.stdout).expect("utf-8");
    assert!(out.contains("idhelp show app-crash"), "{out}");
}

#[test]
fn the_built_in_pack_answers_its_first_run_without_training_or_a_cache() {
    let cache = tempfile::tempdir().expect("tempdir");
    for args in [
        &["ask", "--json", "selfie keeps failing"][..],
        &["show", "upload-photos"],
        &["reply", "upload-photos"],
    ] {
        let output = idhelp()
            .env("IDHELP_CACHE_DIR", cache.path())
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&output.stderr), "", "{args:?}");
    }
    let written = std::fs::read_dir(cache.path()).expect("cache").count();
    assert_eq!(
        written, 0,
        "the built-in pack's search is prepared at build time"
    );
}

#[test]
fn another_packs_first_run_fills_the_cache_and_the_second_reads_it() {
    let cache = tempfile::tempdir().expect("tempdir");
    let pack = common::another_pack();
    let run = |args: &[&str]| {
        idhelp()
            .env("IDHELP_CACHE_DIR", cache.path())
            .arg("--knowledge")
            .arg(pack.path())
            .args(args)
            .output()
            .expect("runs")
    };
    let ask: &[&str] = &["ask", "--json", "selfie keeps failing"];
    let show: &[&str] = &["show", "upload-photos"];
    let cold = run(ask);
    let indexes = std::fs::read_dir(cache.path()).expect("cache").count();
    assert_eq!(indexes, 1);
    let warm = run(ask);
    assert_eq!(cold.stdout, warm.stdout);
    assert_eq!(warm.status.code(), Some(0));
    let entry = std::fs::read_dir(cache.path())
        .expect("cache")
        .next()
        .expect("one entry")
        .expect("readable")
        .path();
    let shown = run(show);
    assert_eq!(shown.status.code(), Some(0));
    // Damaged cached data is not trusted: `ask` opens the pack the long way and caches its
    // search data again; `show` validates the pack again. The answers stay the same.
    for (file, args, expected) in [
        ("search.bin", ask, &cold.stdout),
        ("knowledge.bin", show, &shown.stdout),
    ] {
        let path = entry.join(file);
        let mut damaged = std::fs::read(&path).expect("cached");
        damaged.truncate(damaged.len() / 2);
        std::fs::write(&path, damaged).expect("damage");
        let after_damage = run(args);
        assert_eq!(after_damage.status.code(), Some(0), "{file}");
        assert_eq!(&after_damage.stdout, expected, "{file}");
    }
}
