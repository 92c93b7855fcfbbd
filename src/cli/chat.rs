//! `idhelp chat` (and `idhelp` alone): the full-screen chat, or plain lines when asked for
//! or when stdin or stdout is not a terminal.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;

use super::{Exit, KnowledgeArgs, location};
use crate::pack;
use crate::tui::{Assistant, Osc52, Services};

#[derive(Debug, Args, Default)]
pub struct ChatArgs {
    /// Plain lines on stdin and stdout instead of the full screen, for screen readers, pipes
    /// and scripts (automatic when stdin or stdout is not a terminal).
    #[arg(long)]
    pub plain: bool,
    /// Save chats (Ctrl-S) in DIR, created when first needed [default: the user's data
    /// directory, e.g. ~/.local/share/idhelp/chats]
    #[arg(long, value_name = "DIR", env = SAVE_DIR_ENV)]
    pub save_dir: Option<PathBuf>,
}

/// Overrides where saved chats go, as `--save-dir` does.
pub const SAVE_DIR_ENV: &str = "IDHELP_SAVE_DIR";

/// Where Ctrl-S saves: `--save-dir`, else `$IDHELP_SAVE_DIR` (read here too for `idhelp`
/// without a command), else `idhelp/chats` in the user's data directory, so a chat saved
/// inside a clone never shows up in its `git status`; the current folder only when the
/// platform has no data directory.
pub fn save_dir(args: &ChatArgs) -> io::Result<PathBuf> {
    if let Some(dir) = &args.save_dir {
        return Ok(dir.clone());
    }
    match std::env::var_os(SAVE_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => match dirs::data_dir() {
            Some(data) => Ok(data.join("idhelp").join("chats")),
            None => std::env::current_dir(),
        },
    }
}

pub fn run(
    knowledge_args: &KnowledgeArgs,
    args: &ChatArgs,
    out: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let knowledge = Arc::new(pack::knowledge(&location(knowledge_args)?)?);
    let searcher = pack::searcher(&knowledge);
    let mut assistant = Assistant::new(Arc::clone(&knowledge), &searcher);
    let stdin = io::stdin();
    let interactive = stdin.is_terminal() && io::stdout().is_terminal();
    if args.plain || !interactive {
        crate::tui::run_plain(&mut assistant, &mut stdin.lock(), out, stdin.is_terminal())?;
    } else {
        crate::tui::run(Services {
            conversation: &mut assistant,
            suggest: &searcher,
            save_dir: save_dir(args)?,
            clipboard: &mut Osc52::detect(),
        })?;
    }
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_chooses_the_save_folder() {
        let args = ChatArgs {
            save_dir: Some(PathBuf::from("/somewhere/chats")),
            ..ChatArgs::default()
        };
        assert_eq!(
            save_dir(&args).expect("a folder"),
            PathBuf::from("/somewhere/chats")
        );
    }

    #[test]
    fn chats_are_not_saved_in_the_current_folder_by_default() {
        if std::env::var_os(SAVE_DIR_ENV).is_some() {
            return;
        }
        let dir = save_dir(&ChatArgs::default()).expect("a folder");
        assert_ne!(dir, std::env::current_dir().expect("cwd"));
        if let Some(data) = dirs::data_dir() {
            assert_eq!(dir, data.join("idhelp").join("chats"));
        }
    }
}
