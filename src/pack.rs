//! Opening a knowledge pack, from its files to validated knowledge and a searcher: the one
//! place that does it (the commands, the chat, the benches and the fuzz targets all call it).
//!
//! In order:
//! 1. **Locate** the pack: the built-in one, whose digest is known at compile time, or
//!    `--knowledge DIR`, read and hashed.
//! 2. **The built-in pack** was validated, indexed and trained ahead of time (`prepared/`,
//!    embedded by `build.rs`): its knowledge and search open from memory, with no cache and
//!    no wait, as long as they were prepared from the pack's files as they are (a test checks
//!    it; otherwise the built-in pack goes the way of any other).
//! 3. **Validate** another pack's files, or read its knowledge from the cache when the same
//!    files were validated before.
//! 4. **Train and index**: open the pack's cache entry if it has one; else train the model
//!    ([`SearchData::train`], seconds), index the entries, and keep both in the cache, or in
//!    memory for this run when the cache cannot be written.

use std::fmt::Write as _;
use std::io::{self, IsTerminal, Write as _};
use std::path::Path;

use crate::knowledge::{self, BUILTIN_DIGEST, Knowledge, Located, Pack, Severity, Sources};
use crate::search::{self, CacheError, Cached, PreparedFiles, SearchData, Searcher};

/// The built-in pack's search, prepared ahead of time (`prepared/`, listed by build.rs).
const BUILTIN_PREPARED: &PreparedFiles = include!(concat!(env!("OUT_DIR"), "/prepared.rs"));

/// A pack that does not validate: its errors, rendered like `kb check`'s, and what to do.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

/// What opening a pack tells as it goes, for a front end to show.
#[derive(Debug)]
pub enum Notice<'a> {
    /// A cache entry failed its check: it was removed, to be built again.
    Damaged(&'a CacheError),
    /// The model is training and the entries are being indexed (seconds).
    Training,
    /// The training and indexing are done.
    Trained,
    /// The cache cannot be written: the search is prepared for this run only.
    Uncached(&'a CacheError),
}

/// Where a pack's files are, and their digest.
pub struct Location {
    /// The files, when they had to be read to know the digest (not the built-in pack's).
    sources: Option<Sources>,
    digest: String,
}

impl Location {
    /// The built-in pack, or the one in `dir`.
    pub fn of(dir: Option<&Path>) -> Result<Self, knowledge::SourceError> {
        match dir {
            Some(dir) => Ok(Self::files(Sources::from_dir(dir)?)),
            None => Ok(Self {
                sources: None,
                digest: BUILTIN_DIGEST.to_owned(),
            }),
        }
    }

    /// The pack read as `sources`.
    fn files(sources: Sources) -> Self {
        let digest = knowledge::digest(&sources);
        Self {
            sources: Some(sources),
            digest,
        }
    }
}

/// The validated knowledge of the pack at `location`.
pub fn knowledge(location: &Location) -> Result<Knowledge, Invalid> {
    knowledge_in(
        location.sources.as_ref(),
        &location.digest,
        search::default_root().as_deref(),
        &mut say,
    )
}

/// The validated knowledge of the pack read as `sources`.
pub fn knowledge_of(sources: &Sources) -> Result<Knowledge, Invalid> {
    knowledge_in(
        Some(sources),
        &knowledge::digest(sources),
        search::default_root().as_deref(),
        &mut say,
    )
}

/// The searcher of the pack at `location` and the pack's details, for commands that only
/// search: straight from the prepared or cached search, without loading the knowledge.
pub fn search(location: &Location) -> anyhow::Result<(Searcher, Pack)> {
    search_in(location, search::default_root().as_deref(), &mut say)
}

/// The searcher of `knowledge`.
pub fn searcher(knowledge: &Knowledge) -> Searcher {
    searcher_in(knowledge, search::default_root().as_deref(), &mut say)
}

/// The built-in pack, validated, with its searcher: for the tests, benches and fuzz targets
/// that work on it.
pub fn builtin() -> anyhow::Result<(Knowledge, Searcher)> {
    let knowledge = knowledge(&Location::of(None)?)?;
    let searcher = searcher(&knowledge);
    Ok((knowledge, searcher))
}

/// The built-in pack's prepared search, if it was prepared from the pack's files as they are.
fn prepared() -> Option<(Searcher, Pack)> {
    Searcher::open_prepared(BUILTIN_PREPARED, BUILTIN_DIGEST).ok()
}

/// The searcher of the pack whose files hash to `digest` and the pack's details, if nothing
/// needs training: the built-in pack's prepared search, or a whole entry of the cache under
/// `root` (a damaged one is told to `notice`, and removed).
fn ready(
    digest: &str,
    root: Option<&Path>,
    notice: &mut dyn FnMut(&Notice),
) -> Option<(Searcher, Pack)> {
    if digest == BUILTIN_DIGEST
        && let Some(found) = prepared()
    {
        return Some(found);
    }
    match Searcher::open_cached(root?, digest) {
        Cached::Found(found) => Some(found),
        Cached::Damaged(error) => {
            notice(&Notice::Damaged(&error));
            None
        }
        Cached::Missing => None,
    }
}

fn knowledge_in(
    sources: Option<&Sources>,
    digest: &str,
    root: Option<&Path>,
    notice: &mut dyn FnMut(&Notice),
) -> Result<Knowledge, Invalid> {
    if digest == BUILTIN_DIGEST
        && let Some(knowledge) = search::prepared_knowledge(BUILTIN_PREPARED, BUILTIN_DIGEST)
    {
        return Ok(knowledge);
    }
    if let Some(root) = root {
        match search::cached_knowledge(root, digest) {
            Cached::Found(knowledge) => return Ok(knowledge),
            Cached::Damaged(error) => notice(&Notice::Damaged(&error)),
            Cached::Missing => {}
        }
    }
    match sources {
        Some(sources) => validate(sources),
        None => validate(&Sources::builtin()),
    }
}

/// [`search()`] with the cache under `root` (none: in memory), telling `notice` what takes time
/// or needs saying.
pub fn search_in(
    location: &Location,
    root: Option<&Path>,
    notice: &mut dyn FnMut(&Notice),
) -> anyhow::Result<(Searcher, Pack)> {
    if let Some(found) = ready(&location.digest, root, notice) {
        return Ok(found);
    }
    let knowledge = knowledge_in(location.sources.as_ref(), &location.digest, root, notice)?;
    Ok((trained(&knowledge, root, notice), knowledge.pack))
}

/// [`searcher`] with the cache under `root` (none: in memory), telling `notice` what takes
/// time or needs saying.
pub fn searcher_in(
    knowledge: &Knowledge,
    root: Option<&Path>,
    notice: &mut dyn FnMut(&Notice),
) -> Searcher {
    match ready(&knowledge.digest, root, notice) {
        Some((searcher, _)) => searcher,
        None => trained(knowledge, root, notice),
    }
}

/// Trains the model of `knowledge`, indexes its entries and keeps both in the cache under
/// `root`, or in memory when there is none or it cannot be written.
fn trained(
    knowledge: &Knowledge,
    root: Option<&Path>,
    notice: &mut dyn FnMut(&Notice),
) -> Searcher {
    notice(&Notice::Training);
    let data = SearchData::train(knowledge);
    let stored = match root {
        Some(root) => Searcher::store(root, knowledge, &data),
        None => Err(CacheError::NoDirectory),
    };
    notice(&Notice::Trained);
    match stored {
        Ok(searcher) => searcher,
        Err(error) => {
            notice(&Notice::Uncached(&error));
            Searcher::in_memory(knowledge, data, Some(error.to_string()))
        }
    }
}

/// Parses and lints `sources`; a broken pack is refused with its diagnostics.
pub fn validate(sources: &Sources) -> Result<Knowledge, Invalid> {
    let checked = knowledge::check(sources);
    if let Some(knowledge) = checked.knowledge {
        return Ok(knowledge);
    }
    let mut report = String::new();
    for diagnostic in checked
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
    {
        report.push_str(&Located::new(diagnostic, sources.by_display(&diagnostic.file)).render());
    }
    let _ = write!(
        report,
        "the knowledge in {} has {} error(s); run `idhelp kb check` for details",
        sources.origin,
        checked.errors()
    );
    Err(Invalid(report))
}

/// Says a notice on stderr. Training takes seconds, so while it runs a line says so when
/// stderr is a terminal, erased after; a damaged cache entry and a cache that cannot be
/// written are said in one line each, terminal or not (the second makes every run train).
fn say(notice: &Notice) {
    let mut stderr = io::stderr();
    match notice {
        Notice::Damaged(error) => say_line(&format!("{error}; it is built again")),
        Notice::Training if stderr.is_terminal() => {
            let _ = write!(stderr, "{TRAINING_NOTICE}");
            let _ = stderr.flush();
        }
        Notice::Trained if stderr.is_terminal() => {
            let _ = crossterm::execute!(
                stderr,
                crossterm::cursor::MoveToColumn(0),
                crossterm::terminal::Clear(crossterm::terminal::ClearType::CurrentLine)
            );
        }
        Notice::Training | Notice::Trained => {}
        Notice::Uncached(error) => say_line(&format!(
            "{error}; the search is prepared for this run only"
        )),
    }
}

/// What a run that trains says while it waits. Short enough for one line of a 40-column
/// terminal, so erasing the line erases it all.
const TRAINING_NOTICE: &str = "Preparing the search, first run only...";

/// One line on stderr about the cache, whose paths may hold anything.
fn say_line(notice: &str) {
    eprintln!("idhelp: {}", crate::text::sanitize_line(notice));
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    use super::*;
    use crate::search::Storage;

    fn fixture(name: &str) -> Location {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/packs")
            .join(name);
        Location::of(Some(&dir)).expect("the fixture is readable")
    }

    /// Opens the searcher of `location` with the cache under `root`, and what it said.
    fn opened(location: &Location, root: Option<&Path>) -> (Searcher, Vec<String>) {
        let mut said = Vec::new();
        let (searcher, _) = search_in(location, root, &mut |notice| {
            said.push(match notice {
                Notice::Damaged(error) | Notice::Uncached(error) => error.to_string(),
                other => format!("{other:?}"),
            });
        })
        .expect("the pack opens");
        (searcher, said)
    }

    fn top(searcher: &Searcher, text: &str) -> Vec<(String, String)> {
        let understanding = searcher.understand(text, 3);
        understanding
            .matches
            .into_iter()
            .map(|m| (m.id, format!("{:.4}", m.confidence)))
            .collect()
    }

    const OUT_OF_DATE: &str = "the built-in pack's prepared search (prepared/) is not what \
         the shipped files train to: run `IDHELP_BLESS=1 cargo test --lib pack::` and commit \
         prepared/";

    #[test]
    fn the_built_in_pack_opens_as_prepared_without_training_or_a_cache() {
        if std::env::var_os("IDHELP_BLESS").is_some() {
            // This run writes prepared/ anew; the binary embeds it from the next build on.
            return;
        }
        let (searcher, said) = opened(&Location::of(None).expect("built in"), None);
        assert_eq!(searcher.storage(), &Storage::Prepared, "{OUT_OF_DATE}");
        assert!(said.is_empty(), "{said:?}");
    }

    /// `files` by name, with the segment id tantivy draws at random for each index replaced
    /// by one name: two indexes of the same entries are then the same.
    fn without_segment_ids(files: &[(String, Vec<u8>)]) -> Vec<(String, Vec<u8>)> {
        let ids: std::collections::BTreeSet<String> = files
            .iter()
            .filter_map(|(name, _)| name.split_once('.'))
            .map(|(stem, _)| stem.to_owned())
            .filter(|stem| stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()))
            .collect();
        let dashed = |id: &str| {
            format!(
                "{}-{}-{}-{}-{}",
                &id[..8],
                &id[8..12],
                &id[12..16],
                &id[16..20],
                &id[20..]
            )
        };
        let mut normal: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(name, bytes)| {
                let mut name = name.clone();
                let mut bytes = bytes.clone();
                for id in &ids {
                    name = name.replace(id.as_str(), "segment");
                }
                // meta.json names each segment by its id, written with dashes.
                if name == "meta.json" {
                    let mut text = String::from_utf8(bytes).expect("meta.json is UTF-8");
                    for id in &ids {
                        text = text.replace(&dashed(id), "segment");
                    }
                    bytes = text.into_bytes();
                }
                (name, bytes)
            })
            .collect();
        normal.sort();
        normal
    }

    /// The prepared search embedded in the binary is what the shipped files train to with
    /// this code: the same knowledge, search data and model, byte for byte, and the same
    /// index but for tantivy's random segment ids. `IDHELP_BLESS=1` writes it anew.
    #[test]
    fn the_prepared_search_is_what_the_shipped_pack_trains_to() {
        let validated = validate(&Sources::builtin()).expect("the built-in pack is valid");
        let fresh = tempfile::tempdir().expect("tempdir");
        search::write_prepared(fresh.path(), &validated, &SearchData::train(&validated))
            .expect("written");
        let read = |dir: &Path| -> Vec<(String, Vec<u8>)> {
            fs::read_dir(dir)
                .expect("readable")
                .flatten()
                .map(|e| {
                    let bytes = fs::read(e.path()).expect("readable");
                    (e.file_name().to_string_lossy().into_owned(), bytes)
                })
                .collect()
        };
        let embedded: Vec<(String, Vec<u8>)> = BUILTIN_PREPARED
            .iter()
            .map(|(name, bytes)| ((*name).to_owned(), bytes.to_vec()))
            .collect();
        let written = read(fresh.path());
        let (embedded, fresh) = (
            without_segment_ids(&embedded),
            without_segment_ids(&written),
        );
        // Written anew only when out of date: the index's names are random, so writing an
        // unchanged search would still rename its files.
        if embedded != fresh && std::env::var_os("IDHELP_BLESS").is_some() {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("prepared");
            if dir.exists() {
                fs::remove_dir_all(&dir).expect("prepared/ is writable");
            }
            fs::create_dir_all(&dir).expect("prepared/ is writable");
            for (name, bytes) in written {
                fs::write(dir.join(name), bytes).expect("prepared/ is writable");
            }
            return;
        }
        let names = |files: &[(String, Vec<u8>)]| -> Vec<String> {
            files.iter().map(|(name, _)| name.clone()).collect()
        };
        assert_eq!(names(&embedded), names(&fresh), "{OUT_OF_DATE}");
        let differ: Vec<&String> = embedded
            .iter()
            .zip(&fresh)
            .filter(|(a, b)| a.1 != b.1)
            .map(|(a, _)| &a.0)
            .collect();
        assert!(differ.is_empty(), "{differ:?} differ: {OUT_OF_DATE}");
        let (searcher, _) = prepared().expect("the prepared search opens");
        let trained = Searcher::in_memory(&validated, SearchData::train(&validated), None);
        for text in [
            "cant uplaod my id pic",
            "相机打不开",
            "how do I withdraw to my bank",
        ] {
            assert_eq!(top(&searcher, text), top(&trained, text), "{text}");
        }
    }

    #[test]
    fn a_search_prepared_from_another_version_of_the_pack_is_not_used() {
        let Err(why) = Searcher::open_prepared(BUILTIN_PREPARED, "another digest") else {
            panic!("opened for another pack");
        };
        assert!(why.contains("another version of the pack"), "{why}");
        assert!(search::prepared_knowledge(BUILTIN_PREPARED, "another digest").is_none());
    }

    #[test]
    fn another_pack_trains_once_into_the_cache_then_opens_from_it() {
        let root = tempfile::tempdir().expect("tempdir");
        let minimal = fixture("minimal");
        let (first, said) = opened(&minimal, Some(root.path()));
        assert_eq!(said, ["Training", "Trained"]);
        assert!(matches!(first.storage(), Storage::Cache(_)));
        let (second, said) = opened(&minimal, Some(root.path()));
        assert!(said.is_empty(), "{said:?}");
        assert_eq!(second.storage(), first.storage());
        let cached = knowledge_in(None, &minimal.digest, Some(root.path()), &mut |_| {});
        let sources = minimal.sources.as_ref().expect("read");
        assert_eq!(
            cached.expect("cached").digest,
            knowledge::digest(sources),
            "the cached knowledge is the pack's"
        );
    }

    #[test]
    fn a_damaged_entry_is_said_then_trained_again() {
        let root = tempfile::tempdir().expect("tempdir");
        let minimal = fixture("minimal");
        let (first, _) = opened(&minimal, Some(root.path()));
        let Storage::Cache(dir) = first.storage().clone() else {
            panic!("cached");
        };
        drop(first);
        fs::write(dir.join("search.bin"), "not search data").expect("damage");
        let (again, said) = opened(&minimal, Some(root.path()));
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[0].contains("was damaged"), "{said:?}");
        assert_eq!(said[1..], ["Training", "Trained"]);
        assert_eq!(again.storage(), &Storage::Cache(dir));
    }

    #[test]
    fn a_cache_that_cannot_be_written_is_said_once_and_the_search_kept_in_memory() {
        let root = tempfile::tempdir().expect("tempdir");
        let file = root.path().join("not-a-directory");
        fs::write(&file, "x").expect("write");
        let (searcher, said) = opened(&fixture("minimal"), Some(&file));
        assert_eq!(said[..2], ["Training", "Trained"]);
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(said[2].contains("os error"), "{said:?}");
        let Storage::Memory {
            fallback: Some(why),
        } = searcher.storage()
        else {
            panic!("kept in memory");
        };
        assert_eq!(why, &said[2]);
    }

    #[test]
    fn a_broken_pack_is_refused_with_its_errors() {
        let broken = fixture("broken");
        let Err(error) = knowledge_in(broken.sources.as_ref(), &broken.digest, None, &mut |_| {})
        else {
            panic!("a broken pack validated");
        };
        assert!(error.0.contains("error["), "{error}");
        assert!(
            error.0.contains("run `idhelp kb check` for details"),
            "{error}"
        );
    }
}
