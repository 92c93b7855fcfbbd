//! `idhelp completions <shell>` and `idhelp man`: shell completions and the man page.

use std::io::Write;

use clap::{Args, CommandFactory as _};
use clap_complete::Shell;

use super::{Cli, Exit};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: Shell,
}

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> Exit {
    clap_complete::generate(args.shell, &mut Cli::command(), "idhelp", out);
    Exit::Ok
}

pub fn man(out: &mut dyn Write) -> anyhow::Result<Exit> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(Exit::Ok)
}
