//! Prepares the built-in pack's search at compile time, so that its first run is as fast as a
//! warm one: validates the pack (`knowledge/`, embedded in idhelp-core), trains its model,
//! builds its index, and writes those files to `OUT_DIR` with a list that embeds them
//! (`src/pack.rs` opens them from memory).
//!
//! It runs the very code the binary runs: idhelp-core is both its build dependency and the
//! binary's dependency, compiled once (the release profile's `build-override` matches its
//! settings). A built-in pack that does not validate prepares nothing: the binary then
//! validates it when it runs, and reports its errors like any other pack's.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

use idhelp_core::knowledge::{self, Sources};
use idhelp_core::search::{self, SearchData};

fn main() {
    // idhelp-core embeds the pack, so a change to it rebuilds that dependency, which runs
    // this script again; nothing else here needs watching.
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let dir = out_dir.join("prepared");
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("OUT_DIR is writable");
    }
    fs::create_dir_all(&dir).expect("OUT_DIR is writable");
    let checked = knowledge::check(&Sources::builtin());
    let mut list = String::from("&[\n");
    if let Some(knowledge) = checked.knowledge {
        let data = SearchData::train(&knowledge);
        let names = search::write_prepared(&dir, &knowledge, &data).expect("OUT_DIR is writable");
        for name in names {
            let path = dir.join(&name);
            writeln!(
                list,
                "    ({name:?}, include_bytes!({:?})),",
                path.display()
            )
            .expect("writing to a String");
        }
    } else {
        println!(
            "cargo::warning=the built-in knowledge has {} error(s): its search is prepared when \
             it runs instead (see `idhelp kb check`)",
            checked.errors()
        );
    }
    list.push(']');
    fs::write(out_dir.join("prepared.rs"), list).expect("OUT_DIR is writable");
}
