//! Writes a generated knowledge pack (see `idhelp::search::synthetic`) to a directory, to try
//! the tool on a large pack: `cargo run --release --example generate_pack -- DIR [ENTRIES] [SEED]`,
//! then `idhelp --knowledge DIR ask ...`.

use std::path::PathBuf;
use std::process::ExitCode;

use idhelp::search::synthetic;

const USAGE: &str = "usage: generate_pack DIR [ENTRIES (default 100000)] [SEED (default 42)]";

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let number = |arg: Option<std::ffi::OsString>, default: u64| match arg {
        None => Some(default),
        Some(text) => text.to_str().and_then(|t| t.trim().parse().ok()),
    };
    let (Some(entries), Some(seed)) = (number(args.next(), 100_000), number(args.next(), 42))
    else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let Ok(entries) = usize::try_from(entries) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match synthetic::write(&dir, entries, seed) {
        Ok(()) => {
            println!("wrote {entries} entries to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot write the pack to {}: {error}", dir.display());
            ExitCode::from(2)
        }
    }
}
