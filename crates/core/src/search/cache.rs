//! The on-disk search cache: one directory per knowledge digest and build of the tool.
//!
//! An entry is built whole in a temporary directory beside the others and renamed into
//! place, so a reader only ever sees complete entries: two processes building at once both
//! succeed (the second rename loses and uses the winner's entry), and a crash leaves only a
//! temporary directory that a later build removes.
//!
//! An entry holds the index, the validated knowledge (`knowledge.bin`, postcard: a warm run
//! neither parses nor lints the pack again), what a search needs besides the index
//! (`search.bin`, so a command that only searches opens the entry by digest without the
//! knowledge) and the model's vocabulary and weights (`model.bin`, mapped rather than read).
//! Its `manifest`, written last, has the size and digest of every other file: an entry
//! without one is not whole, and every open checks the files it uses against it (their
//! sizes and modification times could stay the same through damage), so a damaged entry is
//! removed and built again instead of being believed.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use tantivy::Directory;
use tantivy::directory::{MmapDirectory, OwnedBytes, RamDirectory};
use tantivy::{Index, IndexReader, ReloadPolicy};
use tempfile::TempDir;
use xxhash_rust::xxh3::xxh3_64;

use super::analysis;
use super::index;
use super::model::Model;
use super::schema::Fields;
use super::synonyms::Synonyms;
use crate::knowledge::{Knowledge, Pack};

/// Overrides where the cache lives (tests use it to stay hermetic).
pub const CACHE_DIR_ENV: &str = "IDHELP_CACHE_DIR";
/// Temporary build directories start with this; older ones than [`STALE_AFTER`] are debris.
const TEMP_PREFIX: &str = ".build-";
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);
/// How many cache entries to keep (each edit of a knowledge pack makes a new one).
const KEEP_ENTRIES: usize = 8;
/// The validated knowledge, beside the index of each entry.
const SNAPSHOT_FILE: &str = "knowledge.bin";
/// What a search needs besides the index: see [`SearchData`].
const SEARCH_FILE: &str = "search.bin";
/// The model's vocabulary and weights (see `Model::numbers`).
const MODEL_FILE: &str = "model.bin";
/// The size and digest of every other file of the entry: see [`Manifest`].
const MANIFEST_FILE: &str = "manifest";
/// Tantivy's lock files: empty, and not read.
const LOCK_FILES: [&str; 2] = [".tantivy-meta.lock", ".tantivy-writer.lock"];
/// tantivy's list of the files it manages, for its garbage collection.
const MANAGED_FILE: &str = ".managed.json";
/// The file of a prepared search that holds the digest of the pack it was prepared from.
pub const PREPARED_DIGEST_FILE: &str = "pack.digest";
/// The first line of a manifest.
const MANIFEST_HEADER: &str = "idhelp cache manifest 1";

/// Why the cache could not be used; the searcher then builds its index in memory.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("no cache directory is known (set {CACHE_DIR_ENV} to one)")]
    NoDirectory,
    #[error("cannot write the search cache at {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot build the search index in {}: {source}", path.display())]
    Build {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
    #[error("the search cache entry {} was damaged ({reason})", path.display())]
    Damaged { path: PathBuf, reason: String },
}

/// What the cache holds for a pack.
#[derive(Debug)]
pub enum Cached<T> {
    /// A whole entry, checked against its manifest.
    Found(T),
    /// No entry yet.
    Missing,
    /// The entry failed its check and was removed, so that it is built again.
    Damaged(CacheError),
}

/// The cache directory: `$IDHELP_CACHE_DIR`, else the user's cache directory.
pub fn default_root() -> Option<PathBuf> {
    match std::env::var_os(CACHE_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::cache_dir().map(|dir| dir.join("idhelp").join("index")),
    }
}

/// The digest of the code and word lists this binary was built from (see `build.rs`): any
/// change to the schema, the analysis, the model's training or a cached file's shape is one,
/// so cache entries are rebuilt rather than misread, with no version to remember to bump.
const CODE_DIGEST: &str = include!(concat!(env!("OUT_DIR"), "/code_digest.rs"));

/// The name of the cache entry for a knowledge digest.
pub(crate) fn key(digest: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(digest.as_bytes());
    hasher.update([0]);
    hasher.update(CODE_DIGEST.as_bytes());
    hasher.update([0]);
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    crate::text::hex(&hasher.finalize()[..16])
}

/// The validated knowledge cached for the pack whose files hash to `digest`.
pub fn cached_knowledge(root: &Path, digest: &str) -> Cached<Knowledge> {
    checked(&root.join(key(digest)), |dir| {
        let manifest = Manifest::read(dir)?;
        let bytes =
            fs::read(dir.join(SNAPSHOT_FILE)).map_err(|e| format!("{SNAPSHOT_FILE}: {e}"))?;
        manifest.check(SNAPSHOT_FILE, &bytes)?;
        Knowledge::from_snapshot(&bytes, digest)
            .ok_or_else(|| format!("{SNAPSHOT_FILE} is not this pack's"))
    })
}

/// Opens the entry `dir` with `open`, which checks it; a damaged entry is removed.
fn checked<T>(dir: &Path, open: impl FnOnce(&Path) -> Result<T, String>) -> Cached<T> {
    if !dir.is_dir() {
        return Cached::Missing;
    }
    match open(dir) {
        Ok(found) => Cached::Found(found),
        Err(reason) => {
            // A reader that still maps its files keeps them until it closes them.
            let _ = fs::remove_dir_all(dir);
            Cached::Damaged(CacheError::Damaged {
                path: dir.to_owned(),
                reason,
            })
        }
    }
}

/// What a search needs of the knowledge besides its index, kept in each cache entry: made
/// by [`SearchData::train`].
#[derive(Debug, Serialize, Deserialize)]
pub struct SearchData {
    /// The synonym table, analysed: analysing it stems every phrase.
    pub(crate) synonyms: Synonyms,
    /// How many entries the index must hold.
    pub(crate) entries: usize,
    /// Who the pack is for and where to get help, for answers without a match.
    pub(crate) pack: Pack,
    /// The model trained on the pack, if it is small enough to train one.
    pub(crate) model: Option<Model>,
}

impl SearchData {
    /// Derives the search data of `knowledge`: trains its model (seconds, on a pack of the
    /// built-in pack's size) and analyses its synonyms.
    pub fn train(knowledge: &Knowledge) -> Self {
        Self {
            synonyms: Synonyms::new(&knowledge.synonyms),
            entries: knowledge.entries().len(),
            pack: knowledge.pack.clone(),
            model: Model::train(knowledge),
        }
    }
}

/// An opened cache entry: its index, where it is, and its search data.
pub(crate) struct CacheEntry {
    pub reader: IndexReader,
    pub dir: PathBuf,
    pub data: SearchData,
}

/// The files of a search prepared ahead of time, by name, as [`write_prepared`] wrote them
/// and the build script embeds them.
pub type PreparedFiles = [(&'static str, &'static [u8])];

/// The cache entry of the pack whose files hash to `digest`, checked against its manifest:
/// what a command that only searches needs, without loading the knowledge.
pub(crate) fn open_cached(root: &Path, fields: &Fields, digest: &str) -> Cached<CacheEntry> {
    checked(&root.join(key(digest)), |dir| open_entry(dir, fields))
}

/// Opens the entry `dir` after checking every file a search reads (all but the knowledge)
/// against the manifest; why not, if it cannot.
fn open_entry(dir: &Path, fields: &Fields) -> Result<CacheEntry, String> {
    let manifest = Manifest::read(dir)?;
    let directory = MmapDirectory::open(dir).map_err(|e| e.to_string())?;
    // The checked files stay mapped until the index has opened, so tantivy maps them once.
    let mut files: Vec<(&str, OwnedBytes)> = Vec::with_capacity(manifest.files.len());
    for listed in manifest.files.iter().filter(|f| f.name != SNAPSHOT_FILE) {
        let unreadable = |e: &dyn std::fmt::Display| format!("{}: {e}", listed.name);
        let bytes = directory
            .open_read(Path::new(&listed.name))
            .map_err(|e| unreadable(&e))?
            .read_bytes()
            .map_err(|e| unreadable(&e))?;
        listed.check(bytes.as_slice())?;
        files.push((&listed.name, bytes));
    }
    let file = |name: &str| {
        files
            .iter()
            .find(|(listed, _)| *listed == name)
            .map(|(_, bytes)| bytes.clone())
            .ok_or_else(|| format!("its manifest does not list {name}"))
    };
    let data = search_data(&file(SEARCH_FILE)?, || file(MODEL_FILE))?;
    // The files are as they were written, so tantivy should not panic on them; if it does
    // all the same, the entry is built again rather than the run ending.
    let reader = panic::catch_unwind(AssertUnwindSafe(|| {
        open_index(directory, fields, data.entries)
    }))
    .map_err(|_| "the index could not be opened".to_owned())??;
    Ok(CacheEntry {
        reader,
        dir: dir.to_owned(),
        data,
    })
}

/// The search data of an entry, from its `search.bin` and, if it has a model, `model.bin`.
fn search_data(
    search: &[u8],
    model_numbers: impl FnOnce() -> Result<OwnedBytes, String>,
) -> Result<SearchData, String> {
    let mut data: SearchData =
        postcard::from_bytes(search).map_err(|e| format!("{SEARCH_FILE}: {e}"))?;
    if let Some(model) = data.model.take() {
        data.model = Some(
            model
                .with_numbers(model_numbers()?)
                .ok_or_else(|| format!("{MODEL_FILE} does not fit the model"))?,
        );
    }
    Ok(data)
}

/// The index and search data of the prepared `files` of the pack whose files hash to
/// `digest`, opened from memory: the index's files are copied into a RAM directory (tens of
/// kilobytes), the model's numbers are used in place. Why not, if they are another pack's or
/// not whole.
pub(crate) fn open_prepared(
    files: &'static PreparedFiles,
    digest: &str,
    fields: &Fields,
) -> Result<(IndexReader, SearchData), String> {
    let file = |name: &str| {
        files
            .iter()
            .find(|(listed, _)| *listed == name)
            .map(|(_, bytes)| *bytes)
            .ok_or_else(|| format!("the prepared search has no {name}"))
    };
    if file(PREPARED_DIGEST_FILE)? != digest.as_bytes() {
        return Err("the search was prepared from another version of the pack".into());
    }
    let data = search_data(file(SEARCH_FILE)?, || file(MODEL_FILE).map(OwnedBytes::new))?;
    let directory = RamDirectory::create();
    for (name, bytes) in files {
        if ![SNAPSHOT_FILE, SEARCH_FILE, MODEL_FILE, PREPARED_DIGEST_FILE].contains(name) {
            directory
                .atomic_write(Path::new(name), bytes)
                .map_err(|e| format!("{name}: {e}"))?;
        }
    }
    let reader = open_index(directory, fields, data.entries)?;
    Ok((reader, data))
}

/// The validated knowledge of the prepared `files`, if they hold the pack whose files hash to
/// `digest`.
pub fn prepared_knowledge(files: &PreparedFiles, digest: &str) -> Option<Knowledge> {
    let (_, bytes) = files.iter().find(|(name, _)| *name == SNAPSHOT_FILE)?;
    Knowledge::from_snapshot(bytes, digest)
}

/// The reader of the index in `directory`, if it is the index of `expected_docs` entries
/// with this schema.
fn open_index(
    directory: impl Directory,
    fields: &Fields,
    expected_docs: usize,
) -> Result<IndexReader, String> {
    let index = Index::open(directory).map_err(|e| e.to_string())?;
    if index.schema() != fields.schema {
        return Err("its schema differs".into());
    }
    analysis::register(&index);
    let reader = reader(&index).map_err(|e| e.to_string())?;
    let docs = reader.searcher().num_docs();
    if usize::try_from(docs).ok() != Some(expected_docs) {
        return Err(format!("it has {docs} entries instead of {expected_docs}"));
    }
    Ok(reader)
}

/// Makes ready to build an entry under `root`: the directory to build it in.
pub(crate) fn prepare(root: &Path) -> Result<TempDir, CacheError> {
    let cannot_write = |source| CacheError::Write {
        path: root.to_owned(),
        source,
    };
    fs::create_dir_all(root).map_err(cannot_write)?;
    remove_debris(root);
    tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempdir_in(root)
        .map_err(cannot_write)
}

/// Writes the files of a search of `knowledge` with its search `data` (the index, the
/// validated knowledge, the search data and the model's numbers) into the empty `dir`.
fn write_files(
    dir: &Path,
    fields: &Fields,
    knowledge: &Knowledge,
    data: &SearchData,
) -> Result<(), CacheError> {
    let directory = MmapDirectory::open(dir).map_err(|e| CacheError::Build {
        path: dir.to_owned(),
        source: e.into(),
    })?;
    drop(
        index::build(Box::new(directory), fields, knowledge.entries()).map_err(|source| {
            CacheError::Build {
                path: dir.to_owned(),
                source,
            }
        })?,
    );
    let encoded = |result: postcard::Result<Vec<u8>>| {
        result.map_err(|e| CacheError::Write {
            path: dir.to_owned(),
            source: io::Error::other(e),
        })
    };
    write_file(dir, SNAPSHOT_FILE, &encoded(knowledge.snapshot())?)?;
    if let Some(model) = &data.model {
        write_file(dir, MODEL_FILE, &model.numbers())?;
    }
    write_file(dir, SEARCH_FILE, &encoded(postcard::to_allocvec(data))?)
}

/// Writes the search of `knowledge` with its search `data`, prepared ahead of time, into the
/// empty directory `dir`: its index, the validated knowledge, the search data, the model's
/// numbers and the digest of the pack they come from ([`PREPARED_DIGEST_FILE`]), and nothing
/// else (tantivy's lock files and its list of the files it manages are left out: a reader
/// needs neither). The built-in pack's are embedded in the binary, to be opened with
/// `Searcher::open_prepared`.
pub fn write_prepared(
    dir: &Path,
    knowledge: &Knowledge,
    data: &SearchData,
) -> Result<(), CacheError> {
    write_files(dir, &Fields::new(), knowledge, data)?;
    for name in LOCK_FILES.iter().chain([&MANAGED_FILE]) {
        fs::remove_file(dir.join(name)).map_err(|source| CacheError::Write {
            path: dir.join(name),
            source,
        })?;
    }
    write_file(dir, PREPARED_DIGEST_FILE, knowledge.digest.as_bytes())
}

/// Builds the entry of `knowledge`, with its search `data`, in `temp` (from [`prepare`]),
/// manifest last, renames it into place under `root` and opens it.
pub(crate) fn store(
    temp: TempDir,
    root: &Path,
    fields: &Fields,
    knowledge: &Knowledge,
    data: &SearchData,
) -> Result<CacheEntry, CacheError> {
    write_files(temp.path(), fields, knowledge, data)?;
    let manifest = Manifest::of(temp.path()).map_err(|source| CacheError::Write {
        path: temp.path().to_owned(),
        source,
    })?;
    write_file(temp.path(), MANIFEST_FILE, manifest.render().as_bytes())?;
    let dir = root.join(key(&knowledge.digest));
    match fs::rename(temp.path(), &dir) {
        Ok(()) => {
            // The directory now lives under its final name.
            let _ = temp.keep();
            prune(root, &dir);
        }
        // Another process renamed its build first; ours is dropped with `temp`.
        Err(_) if dir.is_dir() => {}
        Err(source) => return Err(CacheError::Write { path: dir, source }),
    }
    match open_cached(root, fields, &knowledge.digest) {
        Cached::Found(entry) => Ok(entry),
        Cached::Damaged(error) => Err(error),
        Cached::Missing => Err(CacheError::Write {
            path: dir,
            source: io::ErrorKind::NotFound.into(),
        }),
    }
}

/// Writes a file of the entry being built in `dir` through a temporary file and a rename.
fn write_file(dir: &Path, name: &str, content: &[u8]) -> Result<(), CacheError> {
    let path = dir.join(name);
    tempfile::NamedTempFile::new_in(dir)
        .and_then(|mut file| {
            io::Write::write_all(&mut file, content)?;
            file.persist(&path)?;
            Ok(())
        })
        .map_err(|source| CacheError::Write { path, source })
}

/// The size and digest (XXH3, 64 bits: against accidents, not attacks) of every file of a
/// cache entry but [`LOCK_FILES`], as text: a header, a line per file
/// (`digest size name`), and the digest of all that as the last line, so that a damaged or
/// cut manifest is known too.
#[derive(Debug, PartialEq)]
struct Manifest {
    files: Vec<Listed>,
}

#[derive(Debug, PartialEq)]
struct Listed {
    name: String,
    size: u64,
    digest: u64,
}

impl Listed {
    /// Whether `bytes` are this file's.
    fn check(&self, bytes: &[u8]) -> Result<(), String> {
        if bytes.len() as u64 != self.size {
            Err(format!(
                "{} has {} bytes instead of {}",
                self.name,
                bytes.len(),
                self.size
            ))
        } else if xxh3_64(bytes) != self.digest {
            Err(format!("{} does not match its digest", self.name))
        } else {
            Ok(())
        }
    }
}

impl Manifest {
    /// The manifest of the files now in `dir`.
    fn of(dir: &Path) -> io::Result<Self> {
        let mut files = Vec::new();
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == MANIFEST_FILE
                || LOCK_FILES.contains(&name.as_str())
                || !entry.file_type()?.is_file()
            {
                continue;
            }
            let bytes = fs::read(entry.path())?;
            files.push(Listed {
                name,
                size: bytes.len() as u64,
                digest: xxh3_64(&bytes),
            });
        }
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Self { files })
    }

    fn render(&self) -> String {
        let text: String = std::iter::once(format!("{MANIFEST_HEADER}\n"))
            .chain(
                self.files
                    .iter()
                    .map(|file| format!("{:016x} {} {}\n", file.digest, file.size, file.name)),
            )
            .collect();
        let check = xxh3_64(text.as_bytes());
        text + &format!("{check:016x}\n")
    }

    /// The manifest of `text`, if it is whole.
    fn parse(text: &str) -> Option<Self> {
        let (body, check) = text.strip_suffix('\n')?.rsplit_once('\n')?;
        let body = &text[..=body.len()];
        if u64::from_str_radix(check, 16).ok()? != xxh3_64(body.as_bytes()) {
            return None;
        }
        let mut lines = body.lines();
        (lines.next()? == MANIFEST_HEADER).then_some(())?;
        let files = lines
            .map(|line| {
                let (digest, rest) = line.split_once(' ')?;
                let (size, name) = rest.split_once(' ')?;
                Some(Listed {
                    name: name.to_owned(),
                    size: size.parse().ok()?,
                    digest: u64::from_str_radix(digest, 16).ok()?,
                })
            })
            .collect::<Option<_>>()?;
        Some(Self { files })
    }

    /// The manifest of the entry `dir`; why not, if it has none or a damaged one.
    fn read(dir: &Path) -> Result<Self, String> {
        let text =
            fs::read(dir.join(MANIFEST_FILE)).map_err(|e| format!("{MANIFEST_FILE}: {e}"))?;
        std::str::from_utf8(&text)
            .ok()
            .and_then(Self::parse)
            .ok_or_else(|| format!("its {MANIFEST_FILE} is damaged"))
    }

    /// Whether `bytes` are those of the file `name` lists.
    fn check(&self, name: &str, bytes: &[u8]) -> Result<(), String> {
        self.files
            .iter()
            .find(|file| file.name == name)
            .ok_or_else(|| format!("its manifest does not list {name}"))?
            .check(bytes)
    }
}

/// A reader that never reloads: a cached index never changes once renamed into place.
pub(crate) fn reader(index: &Index) -> tantivy::Result<IndexReader> {
    index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
}

fn is_temp(name: &OsStr) -> bool {
    name.to_string_lossy().starts_with(TEMP_PREFIX)
}

/// Removes temporary directories left by builds that crashed.
fn remove_debris(root: &Path) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|modified| now.duration_since(modified).unwrap_or_default() > STALE_AFTER);
        if is_temp(&entry.file_name()) && old {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Keeps the [`KEEP_ENTRIES`] most recently built indexes.
fn prune(root: &Path, keep: &Path) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    let mut built: Vec<(SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| !is_temp(&e.file_name()) && e.path() != keep)
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            meta.is_dir().then(|| (meta.modified().ok(), e.path()))
        })
        .map(|(modified, path)| (modified.unwrap_or(SystemTime::UNIX_EPOCH), path))
        .collect();
    built.sort_by_key(|(modified, _)| std::cmp::Reverse(*modified));
    for (_, path) in built.into_iter().skip(KEEP_ENTRIES - 1) {
        let _ = fs::remove_dir_all(path);
    }
}

#[cfg(test)]
mod tests {
    use std::fs::File;
    use std::thread;

    use super::*;
    use crate::knowledge::{self, Sources};
    use crate::search::{Searcher, Storage, Verdict};

    fn knowledge() -> Knowledge {
        knowledge::check(&Sources::builtin())
            .knowledge
            .expect("the built-in knowledge is valid")
    }

    /// What a run does: opens the cached entry, or trains, indexes and stores one.
    fn open_in(knowledge: &Knowledge, root: &Path) -> Searcher {
        match Searcher::open_cached(root, &knowledge.digest) {
            Cached::Found((searcher, _)) => searcher,
            Cached::Missing | Cached::Damaged(_) => {
                Searcher::store(root, knowledge, &SearchData::train(knowledge))
                    .expect("the cache is writable")
            }
        }
    }

    fn ids(searcher: &Searcher, text: &str) -> Vec<String> {
        searcher.search(text, 3).into_iter().map(|m| m.id).collect()
    }

    /// The file of the cache entry `dir` whose name ends with `suffix`.
    fn file_ending(dir: &Path, suffix: &str) -> PathBuf {
        fs::read_dir(dir)
            .expect("cache dir")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.to_string_lossy().ends_with(suffix))
            .expect("the file")
    }

    /// Changes `path` with `change`, which keeps its size, and puts its modification time
    /// back: what a check by size and time lets through.
    fn damage(path: &Path, change: impl FnOnce(&mut [u8])) {
        let modified = fs::metadata(path)
            .and_then(|m| m.modified())
            .expect("mtime");
        let mut bytes = fs::read(path).expect("read");
        change(&mut bytes);
        fs::write(path, &bytes).expect("write");
        File::options()
            .write(true)
            .open(path)
            .and_then(|file| file.set_modified(modified))
            .expect("set mtime");
    }

    fn entries(root: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(root)
            .expect("root is readable")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A cache with the built-in pack's entry, and the entry's directory.
    fn built() -> (tempfile::TempDir, Knowledge, PathBuf) {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        drop(open_in(&knowledge, root.path()));
        let dir = root.path().join(key(&knowledge.digest));
        (root, knowledge, dir)
    }

    fn damaged_reason(found: Cached<impl Sized>) -> String {
        match found {
            Cached::Damaged(error) => error.to_string(),
            Cached::Found(_) => panic!("a damaged entry was believed"),
            Cached::Missing => panic!("the entry was missing"),
        }
    }

    #[test]
    fn builds_once_then_reuses_the_cache() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        let first = open_in(&knowledge, root.path());
        let dir = root.path().join(key(&knowledge.digest));
        assert_eq!(first.storage(), &Storage::Cache(dir.clone()));
        let second = open_in(&knowledge, root.path());
        assert_eq!(second.storage(), &Storage::Cache(dir));
        let memory = Searcher::in_memory(&knowledge, SearchData::train(&knowledge), None);
        for text in ["cant uplaod pic", "相机打不开", "selfie keeps failing"] {
            assert_eq!(ids(&second, text), ids(&memory, text), "{text}");
        }
        assert_eq!(entries(root.path()), [key(&knowledge.digest)]);
    }

    #[test]
    fn an_entry_opens_by_digest_without_the_knowledge() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        assert!(matches!(
            Searcher::open_cached(root.path(), &knowledge.digest),
            Cached::Missing
        ));
        let built = open_in(&knowledge, root.path());
        let Cached::Found((cached, pack)) = Searcher::open_cached(root.path(), &knowledge.digest)
        else {
            panic!("cached by the build");
        };
        assert_eq!(cached.storage(), built.storage());
        assert_eq!(pack.support, knowledge.pack.support);
        // "pic" reaches the photo entry through the cached synonym table.
        assert_eq!(ids(&cached, "cant uplaod pic")[0], "upload-photos");
        assert!(matches!(
            Searcher::open_cached(root.path(), "another digest"),
            Cached::Missing
        ));
        let Cached::Found(cached) = cached_knowledge(root.path(), &knowledge.digest) else {
            panic!("the knowledge is cached");
        };
        assert_eq!(cached.digest, knowledge.digest);
    }

    #[test]
    fn an_entry_without_its_manifest_is_not_whole() {
        let (root, knowledge, dir) = built();
        fs::remove_file(dir.join(MANIFEST_FILE)).expect("remove");
        let reason = damaged_reason(Searcher::open_cached(root.path(), &knowledge.digest));
        assert!(reason.contains(MANIFEST_FILE), "{reason}");
        assert!(!dir.exists(), "a damaged entry is removed");
        let searcher = open_in(&knowledge, root.path());
        assert_eq!(searcher.storage(), &Storage::Cache(dir.clone()));
        assert!(dir.join(MANIFEST_FILE).is_file());
    }

    #[test]
    fn model_numbers_damaged_in_place_are_found_and_rebuilt() {
        let (root, knowledge, dir) = built();
        damage(&dir.join(MODEL_FILE), |bytes| {
            let half = bytes.len() / 2;
            bytes[half..].fill(0);
        });
        let reason = damaged_reason(Searcher::open_cached(root.path(), &knowledge.digest));
        assert!(
            reason.contains("model.bin does not match its digest"),
            "{reason}"
        );
        assert!(!dir.exists(), "a damaged entry is removed");
        let searcher = open_in(&knowledge, root.path());
        assert_eq!(searcher.storage(), &Storage::Cache(dir));
        let understood = searcher.understand("cant uplaod pic", 3);
        assert_eq!(understood.verdict, Verdict::Confident);
        assert_eq!(understood.matches[0].id, "upload-photos");
    }

    #[test]
    fn damage_found_while_opening_is_reported_then_rebuilt() {
        for (file, change) in [
            (
                SEARCH_FILE,
                (|bytes: &mut [u8]| bytes[0] ^= 1) as fn(&mut [u8]),
            ),
            (".idx", |bytes| {
                let half = bytes.len() / 2;
                bytes[..half].fill(0);
            }),
            (".fieldnorm", |bytes| bytes[0] ^= 0xff),
            (MANIFEST_FILE, |bytes| bytes[30] ^= 1),
        ] {
            let (root, knowledge, dir) = built();
            damage(&file_ending(&dir, file), change);
            let reason = damaged_reason(Searcher::open_cached(root.path(), &knowledge.digest));
            assert!(reason.contains("was damaged"), "{file}: {reason}");
            let searcher = open_in(&knowledge, root.path());
            assert_eq!(searcher.storage(), &Storage::Cache(dir), "{file}");
            assert_eq!(ids(&searcher, "cant uplaod pic")[0], "upload-photos");
        }
    }

    #[test]
    fn cached_knowledge_with_bytes_replaced_is_not_believed() {
        let (root, knowledge, dir) = built();
        let title = knowledge.entries()[0].title.clone();
        damage(&dir.join(SNAPSHOT_FILE), |bytes| {
            let at = bytes
                .windows(title.len())
                .position(|w| w == title.as_bytes())
                .expect("the title is in the snapshot");
            bytes[at] ^= 0x20;
        });
        let reason = damaged_reason(cached_knowledge(root.path(), &knowledge.digest));
        assert!(reason.contains(SNAPSHOT_FILE), "{reason}");
        assert!(matches!(
            cached_knowledge(root.path(), &knowledge.digest),
            Cached::Missing
        ));
    }

    #[test]
    fn a_manifest_reads_back_and_any_change_to_it_is_found() {
        let (_root, _knowledge, dir) = built();
        let manifest = Manifest::of(&dir).expect("manifest");
        let names: Vec<&str> = manifest.files.iter().map(|f| f.name.as_str()).collect();
        for name in ["meta.json", SNAPSHOT_FILE, SEARCH_FILE, MODEL_FILE] {
            assert!(names.contains(&name), "{names:?}");
        }
        assert!(!names.contains(&MANIFEST_FILE));
        let text = manifest.render();
        assert_eq!(Manifest::parse(&text), Some(manifest));
        let bytes = text.as_bytes();
        for at in 0..bytes.len() {
            let mut changed = bytes.to_vec();
            changed[at] ^= 0x01;
            if let Ok(changed) = std::str::from_utf8(&changed) {
                assert_eq!(Manifest::parse(changed), None, "byte {at}");
            }
            assert_eq!(Manifest::parse(&text[..at]), None, "cut at {at}");
        }
    }

    #[test]
    fn keys_depend_on_the_digest() {
        assert_ne!(key("a"), key("b"));
        assert_eq!(key("a"), key("a"));
        assert_eq!(key("a").len(), 32);
    }

    #[test]
    fn a_corrupt_cache_is_rebuilt() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        let dir = root.path().join(key(&knowledge.digest));
        fs::create_dir_all(&dir).expect("mkdir");
        fs::write(dir.join("meta.json"), "{ not json").expect("write");
        let searcher = open_in(&knowledge, root.path());
        assert_eq!(searcher.storage(), &Storage::Cache(dir));
        assert_eq!(ids(&searcher, "cant uplaod pic")[0], "upload-photos");
    }

    #[test]
    fn a_cache_that_cannot_be_written_says_why() {
        let root = tempfile::tempdir().expect("tempdir");
        let file = root.path().join("not-a-directory");
        fs::write(&file, "x").expect("write");
        let knowledge = knowledge();
        let data = SearchData::train(&knowledge);
        for cache in [file.clone(), file.join("below")] {
            let Err(error) = Searcher::store(&cache, &knowledge, &data) else {
                panic!("stored under a file");
            };
            let said = error.to_string();
            assert!(said.contains(&*file.to_string_lossy()), "{said}");
            assert!(said.contains("os error"), "{said}");
        }
    }

    #[test]
    fn concurrent_first_runs_all_succeed_and_leave_one_index() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        let results: Vec<Vec<String>> = thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        let searcher = open_in(&knowledge, root.path());
                        assert!(matches!(searcher.storage(), Storage::Cache(_)));
                        ids(&searcher, "selfie keeps failing")
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("no panic"))
                .collect()
        });
        assert!(results.windows(2).all(|w| w[0] == w[1]));
        assert_eq!(entries(root.path()), [key(&knowledge.digest)]);
    }
    #[test]
    fn stale_build_directories_are_removed() {
        let root = tempfile::tempdir().expect("tempdir");
        let stale = root.path().join(format!("{TEMP_PREFIX}crashed"));
        let fresh = root.path().join(format!("{TEMP_PREFIX}running"));
        fs::create_dir_all(&stale).expect("mkdir");
        fs::create_dir_all(&fresh).expect("mkdir");
        let long_ago = SystemTime::now() - STALE_AFTER * 2;
        File::open(&stale)
            .and_then(|dir| dir.set_modified(long_ago))
            .expect("set mtime");
        remove_debris(root.path());
        assert!(!stale.exists());
        assert!(fresh.exists());
    }

    #[test]
    fn only_the_most_recent_indexes_are_kept() {
        let root = tempfile::tempdir().expect("tempdir");
        let now = SystemTime::now();
        for age in 0..12u64 {
            let dir = root.path().join(format!("old-{age:02}"));
            fs::create_dir_all(&dir).expect("mkdir");
            File::open(&dir)
                .and_then(|d| d.set_modified(now - Duration::from_secs(60 * (age + 1))))
                .expect("set mtime");
        }
        let keep = root.path().join("current");
        fs::create_dir_all(&keep).expect("mkdir");
        prune(root.path(), &keep);
        let left = entries(root.path());
        assert_eq!(left.len(), KEEP_ENTRIES);
        assert!(left.contains(&"current".to_owned()));
        assert!(left.contains(&"old-00".to_owned()));
        assert!(!left.contains(&"old-11".to_owned()));
    }
}
