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
    // The type comes first, because opening a FIFO waits for a writer: only a regular file
    // (a symlink to one included) is opened.
    if let Some(why) = not_a_regular_file(path) {
        return Content::Unreadable(why);
    }
    let mut file = match open_without_waiting(path) {
        Ok(file) => file,
        Err(error) => return Content::Unreadable(error.to_string()),
    };
    let metadata = match file.metadata() {
        Ok(metadata) => metadata,
        Err(error) => return Content::Unreadable(error.to_string()),
    };
    // Checked again on what was opened, in case the path was replaced in between.
    if !metadata.is_file() {
        return Content::Unreadable(format!("it is {}, not a file", kind_of(&metadata)));
    }
    let expected = metadata.len();
    if expected > MAX_FILE_BYTES {
        return Content::TooLarge { bytes: expected };
    }
    // Bounded even if the file grows while it is read.
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

/// Why `path` is not to be read as a file, or `None` when it is a regular file.
fn not_a_regular_file(path: &Path) -> Option<String> {
    match fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => None,
        Ok(metadata) => Some(format!("it is {}, not a file", kind_of(&metadata))),
        Err(error)
            if error.kind() == io::ErrorKind::NotFound
                && fs::symlink_metadata(path).is_ok_and(|link| link.is_symlink()) =>
        {
            Some("it is a symbolic link to nothing".to_owned())
        }
        Err(error) => Some(error.to_string()),
    }
}

/// What kind of thing other than a file `metadata` describes, for the diagnostic.
fn kind_of(metadata: &fs::Metadata) -> &'static str {
    let file_type = metadata.file_type();
    if file_type.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    "a special file"
}

/// Opens `path` for reading without blocking: should it have become a FIFO since its type
/// was checked, the open returns at once instead of waiting for a writer.
#[cfg(unix)]
fn open_without_waiting(path: &Path) -> io::Result<fs::File> {
    use rustix::fs::{Mode, OFlags};
    let fd = rustix::fs::open(
        path,
        OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::empty(),
    )?;
    Ok(fs::File::from(fd))
}

#[cfg(not(unix))]
fn open_without_waiting(path: &Path) -> io::Result<fs::File> {
    fs::File::open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    /// `mkfifo`, which std does not offer.
    fn make_fifo(path: &Path) {
        let made = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    }

    /// What `work` returns, failing the test instead of hanging it when it blocks.
    fn within_seconds<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = std::sync::mpsc::channel();
        std::thread::spawn(move || done.send(work()));
        result
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("done without waiting for a writer")
    }

    #[test]
    fn only_regular_files_are_read_and_the_rest_say_what_they_are() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let entries = dir.path().join("entries");
        fs::create_dir(&entries).expect("entries/");
        fs::write(entries.join("real.toml"), "id = \"real\"\n").expect("written");
        make_fifo(&entries.join("fifo.toml"));
        let _socket =
            std::os::unix::net::UnixListener::bind(entries.join("socket.toml")).expect("a socket");
        std::os::unix::fs::symlink("/dev/zero", entries.join("device.toml")).expect("a link");
        std::os::unix::fs::symlink("missing.toml", entries.join("dangling.toml")).expect("a link");
        std::os::unix::fs::symlink("real.toml", entries.join("linked.toml")).expect("a link");
        fs::create_dir(entries.join("folder.toml")).expect("a folder");
        std::os::unix::fs::symlink("folder.toml", entries.join("to-folder.toml")).expect("a link");
        let root = dir.path().to_owned();
        let sources = within_seconds(move || Sources::from_dir(&root)).expect("the pack is listed");
        let found = |name: &str| {
            let file = sources
                .file(&format!("entries/{name}"))
                .unwrap_or_else(|| panic!("{name} is listed"));
            match &file.content {
                Content::Unreadable(why) => why.clone(),
                Content::Text(text) => format!("text {text:?}"),
                other => format!("{other:?}"),
            }
        };
        assert_eq!(found("real.toml"), r#"text "id = \"real\"\n""#);
        assert_eq!(found("linked.toml"), found("real.toml"));
        assert_eq!(found("fifo.toml"), "it is a named pipe (FIFO), not a file");
        assert_eq!(found("socket.toml"), "it is a socket, not a file");
        assert_eq!(found("device.toml"), "it is a device, not a file");
        assert_eq!(found("dangling.toml"), "it is a symbolic link to nothing");
        assert_eq!(found("to-folder.toml"), "it is a directory, not a file");
    }

    #[test]
    fn a_fifo_opened_after_its_check_does_not_wait_for_a_writer() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let fifo = dir.path().join("guide.txt");
        make_fifo(&fifo);
        let opened = within_seconds(move || open_without_waiting(&fifo)).expect("opens");
        assert!(!opened.metadata().expect("its type").is_file());
    }
}
