//! `idhelp chat` (and `idhelp` alone): the full-screen chat, or plain lines when asked for
//! or when stdin or stdout is not a terminal.

use std::io::{self, IsTerminal, Write};
use std::sync::Arc;

use clap::Args;

use super::{Exit, KnowledgeArgs, load_knowledge};
use crate::tui::{Assistant, Osc52, Services};

#[derive(Debug, Args, Default)]
pub struct ChatArgs {
    /// Plain lines on stdin and stdout instead of the full screen, for screen readers, pipes
    /// and scripts (automatic when stdin or stdout is not a terminal).
    #[arg(long)]
    pub plain: bool,
}

pub fn run(
    knowledge_args: &KnowledgeArgs,
    args: &ChatArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let knowledge = Arc::new(load_knowledge(knowledge_args)?);
    let searcher = super::searcher_of(&knowledge);
    let mut assistant = Assistant::new(Arc::clone(&knowledge), &searcher);
    let stdin = io::stdin();
    let interactive = stdin.is_terminal() && io::stdout().is_terminal();
    if args.plain || !interactive {
        crate::tui::run_plain(&mut assistant, &mut stdin.lock(), out, stdin.is_terminal())?;
    } else {
        crate::tui::run(Services {
            conversation: &mut assistant,
            suggest: &searcher,
            save_dir: std::env::current_dir()?,
            clipboard: &mut Osc52::detect(),
        })?;
    }
    Ok(Exit::Ok)
}
