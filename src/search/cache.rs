//! The on-disk index cache: one directory per knowledge digest, schema and tool version.
//!
//! An index is built in a temporary directory beside the cache entries and renamed into
//! place, so a reader only ever sees complete indexes: two processes building at once both
//! succeed (the second rename loses and uses the winner's index), and a crash leaves only a
//! temporary directory that a later build removes.
//!
//! Each entry also keeps the validated knowledge (`knowledge.bin`, postcard), so a warm run
//! neither parses nor lints the pack again: the entry's name is derived from the digest of
//! the pack's files, so the snapshot is the validation of exactly those files. The analysed
//! synonym table and the little else a search needs (`search.bin`) are kept the same way, so
//! a command that only searches can open the entry by digest without the knowledge. The
//! model's vocabulary and weights sit in a file of their own (`model.bin`), mapped rather
//! than read, so a warm run touches only the pages its question's features are on. One
//! `MmapDirectory` maps the entry's files, the index's with them.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use tantivy::Directory as _;
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

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
/// How many cached indexes to keep (each edit of a knowledge pack makes a new one).
const KEEP_ENTRIES: usize = 8;
/// The validated knowledge, beside the index of each entry.
const SNAPSHOT_FILE: &str = "knowledge.bin";
/// What a search needs besides the index: see [`SearchData`].
const SEARCH_FILE: &str = "search.bin";
/// The model's vocabulary and weights (see `Model::numbers`); written before `search.bin`, so
/// an entry with search data has them.
const MODEL_FILE: &str = "model.bin";
/// The index files' sizes and modification times when their checksums last held: while
/// they stay the same, opening the index does not read every file through again.
const VERIFIED_FILE: &str = "verified";

/// Why the cache could not be used; the searcher then builds its index in memory.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot use the cache directory {}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("the cached index {} is unusable: {reason}", path.display())]
    Unusable { path: PathBuf, reason: String },
    #[error("cannot build the index in {}: {source}", path.display())]
    Build {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
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

/// The validated knowledge cached for the pack whose files hash to `digest`, if any.
pub fn cached_knowledge(root: &Path, digest: &str) -> Option<Knowledge> {
    let bytes = fs::read(root.join(key(digest)).join(SNAPSHOT_FILE)).ok()?;
    Knowledge::from_snapshot(&bytes, digest)
}

/// What a search needs of the knowledge besides its index, kept in each cache entry.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SearchData {
    /// The synonym table, analysed: analysing it stems every phrase.
    pub synonyms: Synonyms,
    /// How many entries the index must hold.
    pub entries: usize,
    /// Who the pack is for and where to get help, for answers without a match.
    pub pack: Pack,
    /// The model trained on the pack, if it is small enough to train one.
    pub model: Option<Model>,
}

impl SearchData {
    /// Derives the search data of `knowledge`, training its model.
    pub(crate) fn of(knowledge: &Knowledge) -> Self {
        Self {
            synonyms: Synonyms::new(&knowledge.synonyms),
            entries: knowledge.entries().len(),
            pack: knowledge.pack.clone(),
            model: Model::train(knowledge),
        }
    }

    /// The search data of the cache entry `directory` maps, with the model's numbers mapped
    /// rather than read.
    fn read(directory: &MmapDirectory) -> Option<Self> {
        let mapped = |name: &str| directory.open_read(Path::new(name)).ok()?.read_bytes().ok();
        let mut data: Self = postcard::from_bytes(mapped(SEARCH_FILE)?.as_slice()).ok()?;
        if let Some(model) = data.model.take() {
            data.model = Some(model.with_numbers(mapped(MODEL_FILE)?)?);
        }
        Some(data)
    }
}

/// Whether the cache under `root` holds a whole entry for the pack whose files hash to
/// `digest` (its index and search data, which is written after the model's numbers), so
/// that opening it builds and trains nothing.
pub fn is_cached(root: &Path, digest: &str) -> bool {
    let dir = root.join(key(digest));
    ["meta.json", SEARCH_FILE]
        .iter()
        .all(|name| dir.join(name).is_file())
}

/// The search data of the cache entry `dir`, which `directory` maps, derived from
/// `knowledge` (and cached) if the entry has none yet.
pub(crate) fn search_data(
    directory: &MmapDirectory,
    dir: &Path,
    knowledge: &Knowledge,
) -> SearchData {
    SearchData::read(directory).unwrap_or_else(|| {
        let data = SearchData::of(knowledge);
        // The search data goes last, and only once the model's numbers are in: an entry
        // with a search file is whole (see `is_cached`).
        let model_written = data
            .model
            .as_ref()
            .is_none_or(|model| write_file(dir, MODEL_FILE, &model.numbers()));
        if model_written && let Ok(bytes) = postcard::to_allocvec(&data) {
            write_file(dir, SEARCH_FILE, &bytes);
        }
        data
    })
}

/// The cached index and search data of the pack whose files hash to `digest`, if the cache
/// has both whole: what a command that only searches needs, without loading the knowledge.
pub(crate) fn open_cached(
    root: &Path,
    fields: &Fields,
    digest: &str,
) -> Option<(IndexReader, PathBuf, SearchData)> {
    let dir = root.join(key(digest));
    let directory = MmapDirectory::open(&dir).ok()?;
    let data = SearchData::read(&directory)?;
    let reader = open_mapped(directory, &dir, fields, data.entries).ok()?;
    Some((reader, dir, data))
}

/// Caches the validated pack in the entry `dir` (see [`write_file`]).
fn write_snapshot(dir: &Path, knowledge: &Knowledge) {
    if let Ok(bytes) = knowledge.snapshot() {
        write_file(dir, SNAPSHOT_FILE, &bytes);
    }
}

/// Writes a file of the cache entry `dir` through a temporary file and a rename, and says
/// whether it did. Failing costs only speed (the next run derives the content again), so
/// the error itself is dropped.
fn write_file(dir: &Path, name: &str, content: &[u8]) -> bool {
    let Ok(mut file) = tempfile::NamedTempFile::new_in(dir) else {
        return false;
    };
    io::Write::write_all(&mut file, content).is_ok() && file.persist(dir.join(name)).is_ok()
}

/// Opens the cached index of `knowledge` under `root`, building it first if needed: its
/// reader, the entry's path and the directory that maps it.
pub(crate) fn open_or_build(
    root: &Path,
    fields: &Fields,
    knowledge: &Knowledge,
) -> Result<(IndexReader, PathBuf, MmapDirectory), CacheError> {
    let dir = root.join(key(&knowledge.digest));
    let expected_docs = knowledge.entries().len();
    if dir.exists() {
        match open(&dir, fields, expected_docs) {
            Ok((reader, directory)) => {
                if !dir.join(SNAPSHOT_FILE).exists() {
                    write_snapshot(&dir, knowledge);
                }
                return Ok((reader, dir, directory));
            }
            // Removing it lets the build below replace it; a reader that still maps its
            // files keeps them until it closes them.
            Err(_) => {
                let _ = fs::remove_dir_all(&dir);
            }
        }
    }
    let io_error = |source| CacheError::Io {
        path: root.to_owned(),
        source,
    };
    fs::create_dir_all(root).map_err(io_error)?;
    remove_debris(root);
    let temp = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .tempdir_in(root)
        .map_err(io_error)?;
    let build_error = |source| CacheError::Build {
        path: temp.path().to_owned(),
        source,
    };
    let directory = MmapDirectory::open(temp.path()).map_err(|e| build_error(e.into()))?;
    drop(index::build(Box::new(directory), fields, knowledge.entries()).map_err(build_error)?);
    write_snapshot(temp.path(), knowledge);
    match fs::rename(temp.path(), &dir) {
        Ok(()) => {
            // The directory now lives under its final name.
            let _ = temp.keep();
            prune(root, &dir);
        }
        // Another process renamed its build first; ours is dropped with `temp`.
        Err(_) if dir.exists() => {}
        Err(source) => return Err(CacheError::Io { path: dir, source }),
    }
    let (reader, directory) = open(&dir, fields, expected_docs)?;
    Ok((reader, dir, directory))
}

/// Opens a cached index and checks that it is whole and is the index of this knowledge; the
/// directory that maps it comes with it, for the entry's other files.
fn open(
    dir: &Path,
    fields: &Fields,
    expected_docs: usize,
) -> Result<(IndexReader, MmapDirectory), CacheError> {
    let directory = MmapDirectory::open(dir).map_err(|e| CacheError::Unusable {
        path: dir.to_owned(),
        reason: e.to_string(),
    })?;
    let reader = open_mapped(directory.clone(), dir, fields, expected_docs)?;
    Ok((reader, directory))
}

/// Like [`open`], through a `directory` already mapping `dir`.
fn open_mapped(
    directory: MmapDirectory,
    dir: &Path,
    fields: &Fields,
    expected_docs: usize,
) -> Result<IndexReader, CacheError> {
    let unusable = |reason: String| CacheError::Unusable {
        path: dir.to_owned(),
        reason,
    };
    let index = Index::open(directory).map_err(|e| unusable(e.to_string()))?;
    if index.schema() != fields.schema {
        return Err(unusable("its schema differs".into()));
    }
    let files = fingerprint(dir).map_err(|e| unusable(e.to_string()))?;
    let verified = dir.join(VERIFIED_FILE);
    if fs::read_to_string(&verified).ok().as_deref() != Some(files.as_str()) {
        let damaged = index
            .validate_checksum()
            .map_err(|e| unusable(e.to_string()))?;
        if !damaged.is_empty() {
            return Err(unusable(format!("{} damaged file(s)", damaged.len())));
        }
        write_file(dir, VERIFIED_FILE, files.as_bytes());
    }
    analysis::register(&index);
    let reader = reader(&index).map_err(|e| unusable(e.to_string()))?;
    let docs = reader.searcher().num_docs();
    if usize::try_from(docs).ok() != Some(expected_docs) {
        return Err(unusable(format!(
            "it has {docs} entries instead of {expected_docs}"
        )));
    }
    Ok(reader)
}

/// The index's files in `dir` as sorted `name size modified` lines: a file rewritten,
/// truncated or replaced changes its line. Tantivy's own bookkeeping (dot files) and the
/// entry's other files are left out.
fn fingerprint(dir: &Path) -> io::Result<String> {
    let mut lines = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.')
            || [SNAPSHOT_FILE, SEARCH_FILE, MODEL_FILE, VERIFIED_FILE].contains(&&*name)
        {
            continue;
        }
        let meta = entry.metadata()?;
        let modified = meta
            .modified()?
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        lines.push(format!("{name} {} {}", meta.len(), modified.as_nanos()));
    }
    lines.sort();
    Ok(lines.join("\n"))
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
    use crate::search::{Searcher, Storage};

    fn knowledge() -> Knowledge {
        knowledge::check(&Sources::builtin())
            .knowledge
            .expect("the built-in knowledge is valid")
    }

    fn ids(searcher: &Searcher, text: &str) -> Vec<String> {
        searcher.search(text, 3).into_iter().map(|m| m.id).collect()
    }

    /// The doc store file of the cache entry `dir`.
    fn store_file(dir: &Path) -> PathBuf {
        fs::read_dir(dir)
            .expect("cache dir")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "store"))
            .expect("a doc store file")
    }

    /// Writes `bytes` to `path` and dates it an hour back, so that it differs from when it
    /// was verified on any file system's timestamp granularity.
    fn rewrite(path: &Path, bytes: &[u8]) {
        fs::write(path, bytes).expect("write");
        File::options()
            .write(true)
            .open(path)
            .and_then(|file| file.set_modified(SystemTime::now() - Duration::from_secs(3600)))
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

    #[test]
    fn builds_once_then_reuses_the_cache() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        let first = Searcher::open_in(&knowledge, root.path());
        let dir = root.path().join(key(&knowledge.digest));
        assert_eq!(first.storage(), &Storage::Cache(dir.clone()));
        let second = Searcher::open_in(&knowledge, root.path());
        assert_eq!(second.storage(), &Storage::Cache(dir));
        let memory = Searcher::in_memory(&knowledge);
        for text in ["cant uplaod pic", "相机打不开", "selfie keeps failing"] {
            assert_eq!(ids(&second, text), ids(&memory, text), "{text}");
        }
        assert_eq!(entries(root.path()).len(), 1);
    }

    #[test]
    fn search_data_is_cached_and_opens_the_index_without_the_knowledge() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        assert!(open_cached(root.path(), &Fields::new(), &knowledge.digest).is_none());
        let built = Searcher::open_in(&knowledge, root.path());
        let (cached, pack) =
            Searcher::open_cached(root.path(), &knowledge.digest).expect("cached by the build");
        assert_eq!(cached.storage(), built.storage());
        assert_eq!(pack.support, knowledge.pack.support);
        // "pic" reaches the photo entry through the cached synonym table.
        assert_eq!(ids(&cached, "cant uplaod pic")[0], "upload-photos");
        assert!(Searcher::open_cached(root.path(), "another digest").is_none());
    }

    #[test]
    fn a_pack_is_cached_once_its_searcher_has_opened() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        assert!(!is_cached(root.path(), &knowledge.digest));
        drop(Searcher::open_in(&knowledge, root.path()));
        assert!(is_cached(root.path(), &knowledge.digest));
        assert!(!is_cached(root.path(), "another digest"));
        fs::remove_file(root.path().join(key(&knowledge.digest)).join(SEARCH_FILE))
            .expect("remove");
        assert!(!is_cached(root.path(), &knowledge.digest));
    }

    #[test]
    fn an_entry_whose_model_could_not_be_written_is_not_cached() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        drop(Searcher::open_in(&knowledge, root.path()));
        let dir = root.path().join(key(&knowledge.digest));
        fs::remove_file(dir.join(SEARCH_FILE)).expect("remove");
        fs::remove_file(dir.join(MODEL_FILE)).expect("remove");
        // A directory in the model file's place makes its rename fail.
        fs::create_dir(dir.join(MODEL_FILE)).expect("mkdir");
        let searcher = Searcher::open_in(&knowledge, root.path());
        assert_eq!(ids(&searcher, "cant uplaod pic")[0], "upload-photos");
        assert!(!dir.join(SEARCH_FILE).exists());
        assert!(!is_cached(root.path(), &knowledge.digest));
    }

    #[test]
    fn damaged_search_data_is_replaced() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        drop(Searcher::open_in(&knowledge, root.path()));
        for damaged in [SEARCH_FILE, MODEL_FILE] {
            let file = root.path().join(key(&knowledge.digest)).join(damaged);
            fs::write(&file, [0xff; 3]).expect("write");
            assert!(
                Searcher::open_cached(root.path(), &knowledge.digest).is_none(),
                "{damaged}"
            );
            let searcher = Searcher::open_in(&knowledge, root.path());
            assert_eq!(ids(&searcher, "cant uplaod pic")[0], "upload-photos");
            let (cached, _) =
                Searcher::open_cached(root.path(), &knowledge.digest).expect("cached again");
            assert_eq!(ids(&cached, "cant uplaod pic")[0], "upload-photos");
        }
    }

    #[test]
    fn checksums_are_verified_again_only_when_a_file_changes() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        drop(Searcher::open_in(&knowledge, root.path()));
        let dir = root.path().join(key(&knowledge.digest));
        let stamp = || fs::read_to_string(dir.join(VERIFIED_FILE)).expect("verified once");
        let before = stamp();
        assert_eq!(before, fingerprint(&dir).expect("fingerprint"));
        assert!(before.contains(".store "), "{before}");
        drop(Searcher::open_in(&knowledge, root.path()));
        assert_eq!(stamp(), before);
        let store = store_file(&dir);
        rewrite(&store, &fs::read(&store).expect("read"));
        assert_ne!(fingerprint(&dir).expect("fingerprint"), before);
        // Rewritten but whole: verified again, and the stamp follows.
        assert!(open(&dir, &Fields::new(), knowledge.entries().len()).is_ok());
        assert_eq!(stamp(), fingerprint(&dir).expect("fingerprint"));
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
        let searcher = Searcher::open_in(&knowledge, root.path());
        assert_eq!(searcher.storage(), &Storage::Cache(dir));
        assert_eq!(ids(&searcher, "cant uplaod pic")[0], "upload-photos");
    }

    #[test]
    fn a_damaged_index_file_is_detected_and_rebuilt() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        drop(Searcher::open_in(&knowledge, root.path()));
        let dir = root.path().join(key(&knowledge.digest));
        let store = store_file(&dir);
        let mut bytes = fs::read(&store).expect("read");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0xff;
        rewrite(&store, &bytes);
        assert!(open(&dir, &Fields::new(), knowledge.entries().len()).is_err());
        let searcher = Searcher::open_in(&knowledge, root.path());
        assert_eq!(searcher.storage(), &Storage::Cache(dir));
        assert_eq!(ids(&searcher, "cant uplaod pic")[0], "upload-photos");
    }

    #[test]
    fn an_unusable_cache_directory_falls_back_to_memory() {
        let root = tempfile::tempdir().expect("tempdir");
        let file = root.path().join("not-a-directory");
        fs::write(&file, "x").expect("write");
        let knowledge = knowledge();
        let searcher = Searcher::open_in(&knowledge, &file);
        assert!(matches!(
            searcher.storage(),
            Storage::Memory { fallback: Some(_) }
        ));
        assert_eq!(ids(&searcher, "cant uplaod pic")[0], "upload-photos");
    }

    #[test]
    fn concurrent_first_runs_all_succeed_and_leave_one_index() {
        let root = tempfile::tempdir().expect("tempdir");
        let knowledge = knowledge();
        let results: Vec<Vec<String>> = thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        let searcher = Searcher::open_in(&knowledge, root.path());
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
