//! The on-disk index cache: one directory per knowledge digest, schema and tool version.
//!
//! An index is built in a temporary directory beside the cache entries and renamed into
//! place, so a reader only ever sees complete indexes: two processes building at once both
//! succeed (the second rename loses and uses the winner's index), and a crash leaves only a
//! temporary directory that a later build removes.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use sha2::{Digest as _, Sha256};
use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, ReloadPolicy};

use super::analysis;
use super::index;
use super::schema::{Fields, SCHEMA_VERSION};
use crate::knowledge::Knowledge;

/// Overrides where the cache lives (tests use it to stay hermetic).
pub const CACHE_DIR_ENV: &str = "IDHELP_CACHE_DIR";
/// Temporary build directories start with this; older ones than [`STALE_AFTER`] are debris.
const TEMP_PREFIX: &str = ".build-";
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);
/// How many cached indexes to keep (each edit of a knowledge pack makes a new one).
const KEEP_ENTRIES: usize = 8;

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

/// The name of the cache entry for a knowledge digest.
pub(crate) fn key(digest: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(digest.as_bytes());
    hasher.update([0]);
    hasher.update(SCHEMA_VERSION.to_le_bytes());
    hasher.update([0]);
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Opens the cached index of `knowledge` under `root`, building it first if needed.
pub(crate) fn open_or_build(
    root: &Path,
    fields: &Fields,
    knowledge: &Knowledge,
) -> Result<(IndexReader, PathBuf), CacheError> {
    let dir = root.join(key(&knowledge.digest));
    let expected_docs = knowledge.entries().len();
    if dir.exists() {
        match open(&dir, fields, expected_docs) {
            Ok(reader) => return Ok((reader, dir)),
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
    let reader = open(&dir, fields, expected_docs)?;
    Ok((reader, dir))
}

/// Opens a cached index and checks that it is whole and is the index of this knowledge.
fn open(dir: &Path, fields: &Fields, expected_docs: usize) -> Result<IndexReader, CacheError> {
    let unusable = |reason: String| CacheError::Unusable {
        path: dir.to_owned(),
        reason,
    };
    let index = Index::open_in_dir(dir).map_err(|e| unusable(e.to_string()))?;
    if index.schema() != fields.schema {
        return Err(unusable("its schema differs".into()));
    }
    let damaged = index
        .validate_checksum()
        .map_err(|e| unusable(e.to_string()))?;
    if !damaged.is_empty() {
        return Err(unusable(format!("{} damaged file(s)", damaged.len())));
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
    built.sort_by(|a, b| b.0.cmp(&a.0));
    for (_, path) in built.into_iter().skip(KEEP_ENTRIES - 1) {
        let _ = fs::remove_dir_all(path);
    }
}
