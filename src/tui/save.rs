//! Saving the chat to a file that did not exist before: written in full to a temporary file
//! beside it, then renamed into place only if the name is still free.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file name tried first; later saves get `-2`, `-3`, ... before the extension.
const STEM: &str = "idhelp-chat";
const EXTENSION: &str = "txt";
/// How many numbered names to try before giving up.
const MAX_TRIES: usize = 999;

/// Writes `contents` to a new file in `dir`, creating `dir` if needed, and returns its
/// absolute path. An existing file is never overwritten, and a failure leaves no partial
/// file behind.
pub fn save_new(dir: &Path, contents: &str) -> io::Result<PathBuf> {
    let dir = std::path::absolute(dir)?;
    // The default folder (the user's data directory) is made on the first save.
    std::fs::create_dir_all(&dir)?;
    let mut file = tempfile::Builder::new()
        .prefix(".idhelp-chat-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    file.write_all(contents.as_bytes())?;
    file.as_file().sync_all()?;
    for n in 1..=MAX_TRIES {
        let path = dir.join(file_name(n));
        match file.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            Err(error) if error.error.kind() == io::ErrorKind::AlreadyExists => {
                file = error.file;
            }
            Err(error) => return Err(error.error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{MAX_TRIES} saved chats are already in {}", dir.display()),
    ))
}

fn file_name(n: usize) -> String {
    if n == 1 {
        format!("{STEM}.{EXTENSION}")
    } else {
        format!("{STEM}-{n}.{EXTENSION}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_overwrites_and_picks_the_next_free_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("idhelp-chat.txt"), "older").expect("write");
        let first = save_new(dir.path(), "one").expect("saves");
        let second = save_new(dir.path(), "two").expect("saves");
        assert_eq!(first, dir.path().join("idhelp-chat-2.txt"));
        assert_eq!(second, dir.path().join("idhelp-chat-3.txt"));
        let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).expect("read");
        assert_eq!(read("idhelp-chat.txt"), "older");
        assert_eq!(read("idhelp-chat-2.txt"), "one");
        assert_eq!(read("idhelp-chat-3.txt"), "two");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 3);
    }

    #[test]
    fn a_missing_folder_is_made_on_the_first_save() {
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("idhelp").join("chats");
        let saved = save_new(&folder, "text").expect("saves");
        assert_eq!(saved, folder.join("idhelp-chat.txt"));
    }

    #[test]
    fn a_folder_that_cannot_be_made_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("a-file");
        std::fs::write(&file, "not a folder").expect("write");
        assert!(save_new(&file.join("chats"), "text").is_err());
    }
}
