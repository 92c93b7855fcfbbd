use std::process::ExitCode;

use clap::Parser as _;
use idhelp::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    ExitCode::from(cli::run(&cli).code())
}
