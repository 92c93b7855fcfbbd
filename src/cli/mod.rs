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

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::knowledge::{self, Knowledge, Located, Pack, Sources};
use crate::search::{self, Cached, Progress, Searcher};

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

/// The pack's files and their digest. The built-in pack's digest is known without reading
/// its files, so they are read only if needed (`None`).
fn locate(args: &KnowledgeArgs) -> Result<(Option<Sources>, String), knowledge::SourceError> {
    match &args.knowledge {
        Some(dir) => {
            let sources = Sources::from_dir(dir)?;
            let digest = knowledge::digest(&sources);
            Ok((Some(sources), digest))
        }
        None => Ok((None, knowledge::BUILTIN_DIGEST.to_owned())),
    }
}

/// Loads and validates the knowledge; a broken pack is refused with its diagnostics.
pub fn load_knowledge(args: &KnowledgeArgs) -> anyhow::Result<Knowledge> {
    let (sources, digest) = locate(args)?;
    cached_or_validated(sources.as_ref(), &digest)
}

/// The searcher of the knowledge and the pack's details, for commands that only search:
/// straight from the cache when it holds the pack, without loading the knowledge.
pub fn open_search(args: &KnowledgeArgs) -> anyhow::Result<(Searcher, Pack)> {
    let (sources, digest) = locate(args)?;
    if let Some(root) = search::default_root() {
        match Searcher::open_cached(&root, &digest) {
            Cached::Found(found) => return Ok(found),
            Cached::Damaged(error) => say_damaged(&error),
            Cached::Missing => {}
        }
    }
    let knowledge = cached_or_validated(sources.as_ref(), &digest)?;
    Ok((searcher_of(&knowledge), knowledge.pack))
}

/// The searcher of `knowledge`. Building its index and training its model take seconds (the
/// first use of a pack or of a new version of the tool), so while they run a notice says so
/// on stderr when that is a terminal, and is erased after. A damaged cache entry and a cache
/// that cannot be written are said on stderr in one line each, terminal or not: the second
/// makes every run take those seconds.
pub fn searcher_of(knowledge: &Knowledge) -> Searcher {
    let mut stderr = io::stderr();
    let terminal = stderr.is_terminal();
    let mut waiting = false;
    let searcher = Searcher::open(knowledge, &mut |progress| match progress {
        Progress::Damaged(error) => say_damaged(error),
        Progress::Building if terminal => {
            let _ = write!(stderr, "{BUILDING_NOTICE}");
            let _ = stderr.flush();
            waiting = true;
        }
        Progress::Building => {}
        Progress::Uncached(error) => {
            if waiting {
                erase_line(&mut stderr);
                waiting = false;
            }
            say(&format!(
                "{error}; the search is prepared for this run only"
            ));
        }
    });
    if waiting {
        erase_line(&mut stderr);
    }
    searcher
}

/// What a run that builds the search into the cache says while it waits.
/// Short enough for one line of a 40-column terminal, so erasing the line erases it all.
const BUILDING_NOTICE: &str = "Preparing the search, first run only...";

fn erase_line(stderr: &mut io::Stderr) {
    let _ = crossterm::execute!(
        stderr,
        crossterm::cursor::MoveToColumn(0),
        crossterm::terminal::Clear(crossterm::terminal::ClearType::CurrentLine)
    );
}

fn say_damaged(error: &search::CacheError) {
    say(&format!("{error}; it is built again"));
}

/// One line on stderr about the cache, whose paths may hold anything.
fn say(notice: &str) {
    eprintln!("idhelp: {}", crate::text::sanitize_line(notice));
}

/// Validates the pack read as `sources`, or reads it from the cache if it was validated
/// before.
pub fn knowledge_of(sources: &Sources) -> anyhow::Result<Knowledge> {
    cached_or_validated(Some(sources), &knowledge::digest(sources))
}

/// The knowledge of the pack whose files hash to `digest`: from the cache if it has it,
/// else validated from `sources` (the built-in pack's, read now, if `None`).
fn cached_or_validated(sources: Option<&Sources>, digest: &str) -> anyhow::Result<Knowledge> {
    if let Some(root) = search::default_root() {
        match search::cached_knowledge(&root, digest) {
            Cached::Found(knowledge) => return Ok(knowledge),
            Cached::Damaged(error) => say_damaged(&error),
            Cached::Missing => {}
        }
    }
    match sources {
        Some(sources) => validate(sources),
        None => validate(&Sources::builtin()),
    }
}

/// Parses and lints `sources`; a broken pack is refused with its diagnostics.
fn validate(sources: &Sources) -> anyhow::Result<Knowledge> {
    let checked = knowledge::check(sources);
    if let Some(knowledge) = checked.knowledge {
        Ok(knowledge)
    } else {
        let mut report = String::new();
        for diagnostic in checked
            .diagnostics
            .iter()
            .filter(|d| d.severity() == knowledge::Severity::Error)
        {
            report
                .push_str(&Located::new(diagnostic, sources.by_display(&diagnostic.file)).render());
        }
        Err(output::Refused(format!(
            "{report}the knowledge in {} has {} error(s); run `idhelp kb check` for details",
            sources.origin,
            checked.errors()
        ))
        .into())
    }
}

/// Writes a line, so commands can use `?` on output errors (a closed pipe ends quietly).
pub(crate) fn line(out: &mut dyn Write, text: impl AsRef<str>) -> io::Result<()> {
    writeln!(out, "{}", text.as_ref())
}
