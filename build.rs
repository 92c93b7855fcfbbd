//! Embeds the built-in pack's prepared search (`prepared/`: its index, validated knowledge,
//! search data and trained model, generated from `knowledge/` by
//! `IDHELP_BLESS=1 cargo test --lib pack::`), so that its first run is as fast as a warm one.
//! The index's file names change with every generation, so the list is written here.
//! `src/pack.rs` opens the files from memory; a test checks that they are what the shipped
//! pack trains to.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

fn main() {
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let prepared = root.join("prepared");
    println!("cargo::rerun-if-changed={}", prepared.display());
    let mut names: Vec<String> = fs::read_dir(&prepared)
        .map(|entries| {
            entries
                .flatten()
                .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut list = String::from("&[\n");
    for name in names {
        let path = prepared.join(&name);
        writeln!(
            list,
            "    ({name:?}, include_bytes!({:?})),",
            path.display()
        )
        .expect("writing to a String");
    }
    list.push(']');
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out_dir.join("prepared.rs"), list).expect("OUT_DIR is writable");
}
