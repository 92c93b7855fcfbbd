//! Where knowledge comes from: the pack built into the binary, or a directory on disk.
//! This is the only place that reads knowledge from the file system.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Files larger than this are refused: no knowledge file needs to be this big (the tree of
/// a generated 100,000-entry pack is under 20 MB), and a file this big is likely a mistake.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The knowledge pack shipped with the binary, as `(relative path, text)`.
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_knowledge.rs"));
/// The [`digest`](super::digest) of the built-in pack, computed when the binary was built.
pub const BUILTIN_DIGEST: &str = include!(concat!(env!("OUT_DIR"), "/builtin_digest.rs"));

/// What a knowledge file held when it was read.
#[derive(Debug, Clone)]
pub enum Content {
    Text(String),
    /// The file is not UTF-8; `valid_up_to` is the byte offset of the first bad byte.
    NotUtf8 {
        valid_prefix: String,
    },
    TooLarge {
        bytes: u64,
    },
    Unreadable(String),
}

impl Content {
    /// What a file holding `bytes` holds: its text, or its valid start when it is not UTF-8.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Content::Text(text),
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let bytes = error.into_bytes();
                Content::NotUtf8 {
                    valid_prefix: String::from_utf8_lossy(&bytes[..valid]).into_owned(),
                }
            }
        }
    }
}

/// One knowledge file: its path relative to the pack, the path to show people, and its content.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub relative: String,
    pub display: String,
    pub content: Content,
}

impl SourceFile {
    pub fn from_text(display: &str, text: &str) -> Self {
        Self {
            relative: display.to_owned(),
            display: display.to_owned(),
            content: Content::Text(text.to_owned()),
        }
    }

    pub fn text(&self) -> Option<&str> {
        match &self.content {
            Content::Text(text) => Some(text),
            Content::NotUtf8 { valid_prefix } => Some(valid_prefix),
            Content::TooLarge { .. } | Content::Unreadable(_) => None,
        }
    }
}

/// All the files of one knowledge pack.
#[derive(Debug, Clone)]
pub struct Sources {
    /// Where the pack comes from, as shown to people; also the prefix of every file's display path.
    pub origin: String,
    pub files: Vec<SourceFile>,
}

/// The pack directory could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("knowledge directory {0} does not exist")]
    Missing(PathBuf),
    #[error("{0} is not a directory")]
    NotADirectory(PathBuf),
    #[error("cannot read knowledge directory {path}: {source}")]
    Unreadable { path: PathBuf, source: io::Error },
}

impl Sources {
    pub fn builtin() -> Self {
        Self {
            origin: "knowledge".to_owned(),
            files: BUILTIN
                .iter()
                .map(|(relative, text)| SourceFile {
                    relative: (*relative).to_owned(),
                    display: format!("knowledge/{relative}"),
                    content: Content::Text((*text).to_owned()),
                })
                .collect(),
        }
    }

    /// Reads every `.toml` and `.txt` file under `dir` (recursively, sorted by path).
    pub fn from_dir(dir: &Path) -> Result<Self, SourceError> {
        let metadata = fs::metadata(dir).map_err(|source| match source.kind() {
            io::ErrorKind::NotFound => SourceError::Missing(dir.to_owned()),
            _ => SourceError::Unreadable {
                path: dir.to_owned(),
                source,
            },
        })?;
        if !metadata.is_dir() {
            return Err(SourceError::NotADirectory(dir.to_owned()));
        }
        let mut paths = Vec::new();
        collect_pack_files(dir, &mut paths).map_err(|source| SourceError::Unreadable {
            path: dir.to_owned(),
            source,
        })?;
        // Sorted by the relative path as written, like the built-in pack (see build.rs), so
        // a pack has the same digest wherever it is read from.
        let mut files: Vec<SourceFile> = paths
            .into_iter()
            .map(|path| SourceFile {
                relative: relative_path(dir, &path),
                display: path.display().to_string(),
                content: read_content(&path),
            })
            .collect();
        files.sort_by(|a, b| a.relative.cmp(&b.relative));
        Ok(Self {
            origin: dir.display().to_string(),
            files,
        })
    }

    /// One file outside any pack (another version of the guide), read as pack files are.
    pub fn read_file(path: &Path) -> SourceFile {
        SourceFile {
            relative: path
                .file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
            display: path.display().to_string(),
            content: read_content(path),
        }
    }

    pub fn file(&self, relative: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.relative == relative)
    }

    pub fn by_display(&self, display: &str) -> Option<&SourceFile> {
        self.files.iter().find(|f| f.display == display)
    }
}

fn collect_pack_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            collect_pack_files(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|ext| ext == "toml" || ext == "txt")
        {
            out.push(path);
        }
    }
    Ok(())
}

/// `path` under `dir`, its components joined with `/` on every platform.
fn relative_path(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn read_content(path: &Path) -> Content {
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(error) => return Content::Unreadable(error.to_string()),
    };
    let expected = file.metadata().map_or(0, |meta| meta.len());
    if expected > MAX_FILE_BYTES {
        return Content::TooLarge { bytes: expected };
    }
    // Bounded even if the file grows while it is read, or is a device that never ends.
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or_default());
    let read = io::Read::read_to_end(
        &mut io::Read::take(&mut file, MAX_FILE_BYTES + 1),
        &mut bytes,
    );
    let length = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    match read {
        Ok(_) if length > MAX_FILE_BYTES => Content::TooLarge { bytes: length },
        Ok(_) => Content::from_bytes(bytes),
        Err(error) => Content::Unreadable(error.to_string()),
    }
}
