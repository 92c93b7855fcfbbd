//! Embeds the shipped knowledge pack (`knowledge/**/*.toml` and `*.txt`) into the binary, with its digest
//! (`knowledge::digest` of the same files, computed here so a run of the built-in pack need
//! not hash it: a test checks that the two agree), and the digest of the code and word lists
//! (`src/**/*.rs`, `data/**/*.txt`) that shape what the search cache holds, so that a build
//! with other code never reads another build's cache.

use std::fmt::Write as _;

use sha2::{Digest as _, Sha256};
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let manifest_dir =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest_dir.join("../..");
    let knowledge = root.join("knowledge");
    println!("cargo::rerun-if-changed={}", knowledge.display());
    let files = sorted_files(&knowledge, &["toml", "txt"]);
    let mut out = String::from("&[\n");
    let mut digest = Sha256::new();
    for (relative, path) in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        writeln!(
            out,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a String");
        let text = fs::read_to_string(path).expect("knowledge files are UTF-8");
        digest.update(relative.as_bytes());
        digest.update([0]);
        digest.update(text.as_bytes());
        digest.update([0]);
    }
    out.push(']');
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("builtin_knowledge.rs"), out).expect("OUT_DIR is writable");
    fs::write(
        out_dir.join("builtin_digest.rs"),
        format!("{:?}", hex(digest)),
    )
    .expect("OUT_DIR is writable");

    let mut code = Sha256::new();
    for dir in [manifest_dir.join("src"), root.join("data")] {
        println!("cargo::rerun-if-changed={}", dir.display());
        for (relative, path) in sorted_files(&dir, &["rs", "txt"]) {
            code.update(relative.as_bytes());
            code.update([0]);
            code.update(fs::read(path).expect("source files are readable"));
            code.update([0]);
        }
    }
    fs::write(out_dir.join("code_digest.rs"), format!("{:?}", hex(code)))
        .expect("OUT_DIR is writable");
}

fn hex(digest: Sha256) -> String {
    digest
        .finalize()
        .iter()
        .fold(String::new(), |mut hex, byte| {
            write!(hex, "{byte:02x}").expect("writing to a String");
            hex
        })
}

/// The files under `dir` with one of `extensions`, with their paths relative to `dir` (`/`
/// between components), sorted by that relative path as written, like `Sources::from_dir`.
fn sorted_files(dir: &Path, extensions: &[&str]) -> Vec<(String, PathBuf)> {
    let mut paths = Vec::new();
    collect(dir, extensions, &mut paths);
    let mut files: Vec<(String, PathBuf)> = paths
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(dir)
                .expect("collected under dir")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (relative, path)
        })
        .collect();
    files.sort();
    files
}

fn collect(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo::rerun-if-changed={}", path.display());
            collect(&path, extensions, out);
        } else if path
            .extension()
            .is_some_and(|ext| extensions.iter().any(|e| ext == *e))
        {
            out.push(path);
        }
    }
}
