//! Helpers shared by the integration tests.

// Each test crate compiles this module and uses only some of its helpers.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use idhelp::knowledge::{Content, Sources};

pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture_pack(name: &str) -> PathBuf {
    manifest_dir().join("tests/fixtures/packs").join(name)
}

/// The built-in pack's files written to a new folder, with a comment added to pack.toml: a
/// pack of its own (another digest), so it goes through the cache like any `--knowledge DIR`
/// pack (the built-in pack's search is prepared at build time), and answers as the built-in one.
pub fn another_pack() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for file in Sources::builtin().files {
        let Content::Text(mut text) = file.content else {
            panic!("the built-in files are text");
        };
        if file.relative == "pack.toml" {
            text.push_str("\n# another pack\n");
        }
        let path = dir.path().join(&file.relative);
        fs::create_dir_all(path.parent().expect("a file is in a folder")).expect("mkdir");
        fs::write(path, text).expect("write");
    }
    dir
}

/// The real binary, isolated from the caller's environment and cache.
pub fn idhelp() -> Command {
    let mut command = Command::cargo_bin("idhelp").expect("the idhelp binary is built");
    command
        .env_remove("IDHELP_KNOWLEDGE")
        .env("NO_COLOR", "1")
        .env(
            "IDHELP_CACHE_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("idhelp-cache"),
        );
    command
}

/// Compares `actual` with `tests/expected/<name>`; `IDHELP_BLESS=1` rewrites the file instead.
pub fn assert_expected(name: &str, actual: &str) {
    let path = manifest_dir().join("tests/expected").join(name);
    if std::env::var_os("IDHELP_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().expect("expected files sit in a folder"))
            .expect("create expected dir");
        std::fs::write(&path, actual).expect("write expected file");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with IDHELP_BLESS=1 to create it)",
            path.display()
        )
    });
    assert_eq!(actual, expected, "output differs from {}", path.display());
}
