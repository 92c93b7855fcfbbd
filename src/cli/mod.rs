//! The command-line front end: clap definitions and one thin module per command.

mod ask;
mod batch;
mod chat;
mod completions;
mod kb_check;
mod kb_graph;
mod kb_test;
mod output;
mod reply;
mod show;
mod target;
mod walk;

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::knowledge::{self, Sources};
use crate::pack;

pub use output::Exit;

/// A troubleshooting assistant for failed identity verification (KYC).
///
/// Exit codes: 0 success or a match; 1 problems found or no match; 2 could not run
/// (bad arguments, unreadable or broken knowledge, I/O errors).
#[derive(Debug, Parser)]
#[command(name = "idhelp", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub knowledge: KnowledgeArgs,
    /// Without a command, the chat opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args, Clone)]
pub struct KnowledgeArgs {
    /// Load the knowledge pack from DIR instead of the built-in one.
    #[arg(long, global = true, value_name = "DIR", env = "IDHELP_KNOWLEDGE")]
    pub knowledge: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Chat with the assistant (the default): describe the problem, answer its questions.
    Chat(chat::ChatArgs),
    /// Find the guide entries that match a description in your own words.
    Ask(ask::AskArgs),
    /// Print one knowledge entry in full.
    Show(show::ShowArgs),
    /// Write a ready-to-paste reply to a customer, from an entry id or the customer's words.
    Reply(reply::ReplyArgs),
    /// Step through the decision tree without a terminal.
    Walk(walk::WalkArgs),
    /// Check and test a knowledge pack.
    #[command(subcommand)]
    Kb(KbCommand),
    /// Print shell completions for bash, zsh, fish, elvish or powershell.
    Completions(completions::CompletionsArgs),
    /// Print the man page (roff).
    Man,
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Lint the knowledge pack: report every problem like a compiler (exit 1 on findings).
    Check(kb_check::CheckArgs),
    /// Draw the decision tree as Graphviz dot or Mermaid.
    Graph(kb_graph::GraphArgs),
    /// Run the pack's knowledge tests (tests/*.toml): exit 1 on any failure.
    Test(kb_test::TestArgs),
}

/// Output formats shared by the commands that offer them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// Runs a command and returns its exit status; errors are printed here, once.
pub fn run(cli: &Cli) -> Exit {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let result = match &cli.command {
        None => chat::run(&cli.knowledge, &chat::ChatArgs::default(), &mut out),
        Some(Command::Chat(args)) => chat::run(&cli.knowledge, args, &mut out),
        Some(Command::Ask(args)) => ask::run(&cli.knowledge, args, &mut out),
        Some(Command::Show(args)) => show::run(&cli.knowledge, args, &mut out),
        Some(Command::Kb(KbCommand::Check(args))) => kb_check::run(&cli.knowledge, args, &mut out),
        Some(Command::Kb(KbCommand::Test(args))) => kb_test::run(&cli.knowledge, args, &mut out),
        Some(Command::Reply(args)) => reply::run(&cli.knowledge, args, &mut out),
        Some(Command::Walk(args)) => walk::run(&cli.knowledge, args, &mut out),
        Some(Command::Kb(KbCommand::Graph(args))) => kb_graph::run(&cli.knowledge, args, &mut out),
        Some(Command::Completions(args)) => Ok(completions::completions(args, &mut out)),
        Some(Command::Man) => completions::man(&mut out),
    };
    let _ = out.flush();
    output::finish(result)
}

/// Reads the pack's files: the built-in pack or `--knowledge DIR`.
pub fn read_sources(args: &KnowledgeArgs) -> Result<Sources, knowledge::SourceError> {
    match &args.knowledge {
        Some(dir) => Sources::from_dir(dir),
        None => Ok(Sources::builtin()),
    }
}

/// Where the pack of `--knowledge` is: the built-in pack without it.
fn location(args: &KnowledgeArgs) -> Result<pack::Location, knowledge::SourceError> {
    pack::Location::of(args.knowledge.as_deref())
}

/// Writes a line, so commands can use `?` on output errors (a closed pipe ends quietly).
pub(crate) fn line(out: &mut dyn Write, text: impl AsRef<str>) -> io::Result<()> {
    writeln!(out, "{}", text.as_ref())
}
