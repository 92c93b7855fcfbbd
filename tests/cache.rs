//! The search cache through the real binary, on a copy of the built-in pack (the built-in
//! pack itself never uses the cache): a damaged entry is rebuilt, never believed, and a cache
//! that cannot be written says why while the run still answers.
//!
//! Every damage keeps the file's size and puts its modification time back, as the reported
//! failures did: a check by size and time alone lets them all through.

mod common;

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use common::idhelp;

const PHOTO_QUESTION: &str = "cant uplaod pic";
const CAMERA_QUESTION: &str = "相机打不开";
const PHOTO_TITLE: &str = "The app can't upload your ID photos";

fn run(cache: &Path, args: &[&str]) -> Output {
    static PACK: OnceLock<tempfile::TempDir> = OnceLock::new();
    let pack = PACK.get_or_init(common::another_pack);
    idhelp()
        .env("IDHELP_CACHE_DIR", cache)
        .arg("--knowledge")
        .arg(pack.path())
        .args(args)
        .output()
        .expect("runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A cache filled by one run, and the answers of an undamaged cache to compare with.
struct Pristine {
    /// Kept for its lifetime: the entry below lives in it.
    _root: tempfile::TempDir,
    entry: PathBuf,
    answers: Vec<(Vec<&'static str>, Output)>,
}

fn pristine() -> &'static Pristine {
    static PRISTINE: OnceLock<Pristine> = OnceLock::new();
    PRISTINE.get_or_init(|| {
        let root = tempfile::tempdir().expect("tempdir");
        let commands: Vec<Vec<&'static str>> = vec![
            vec!["ask", PHOTO_QUESTION],
            vec!["ask", "--json", CAMERA_QUESTION],
            vec!["show", "upload-photos"],
            vec!["reply", "upload-photos"],
        ];
        let answers = commands
            .into_iter()
            .map(|args| {
                let output = run(root.path(), &args);
                assert_eq!(
                    output.status.code(),
                    Some(0),
                    "{args:?}: {}",
                    stderr(&output)
                );
                (args, output)
            })
            .collect();
        let entry = only_entry(root.path());
        Pristine {
            _root: root,
            entry,
            answers,
        }
    })
}

fn only_entry(root: &Path) -> PathBuf {
    let entries: Vec<PathBuf> = fs::read_dir(root)
        .expect("cache")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries.into_iter().next().expect("one entry")
}

/// A copy of the pristine cache, every file with its original modification time.
fn copy_of_pristine() -> (tempfile::TempDir, PathBuf) {
    let source = &pristine().entry;
    let root = tempfile::tempdir().expect("tempdir");
    let entry = root.path().join(source.file_name().expect("an entry name"));
    fs::create_dir(&entry).expect("mkdir");
    for file in fs::read_dir(source).expect("entry").flatten() {
        let target = entry.join(file.file_name());
        fs::copy(file.path(), &target).expect("copy");
        let modified = file.metadata().and_then(|m| m.modified()).expect("mtime");
        File::options()
            .write(true)
            .open(&target)
            .and_then(|f| f.set_modified(modified))
            .expect("set mtime");
    }
    (root, entry)
}

/// Changes `path` in place with `change`, which keeps its length, and puts its
/// modification time back.
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
        .and_then(|f| f.set_modified(modified))
        .expect("set mtime");
}

/// The entry's file whose name ends with `suffix`.
fn file_ending(entry: &Path, suffix: &str) -> PathBuf {
    fs::read_dir(entry)
        .expect("entry")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(suffix))
        .unwrap_or_else(|| panic!("no {suffix} in {}", entry.display()))
}

/// Bytes that look random, the same every run.
fn noise(bytes: &mut [u8]) {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for byte in bytes {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *byte = state.to_le_bytes()[0];
    }
}

/// Every pristine answer, asked again of the damaged cache under `root`: the same output,
/// exit 0, one notice that the cache was damaged, and a clean run after it (the entry was
/// rebuilt).
fn answers_stay_the_same(root: &Path, what: &str) {
    let mut notices = 0;
    for (args, expected) in &pristine().answers {
        let output = run(root, args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{what}, {args:?}: {err}");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&expected.stdout),
            "{what}, {args:?}"
        );
        notices += err.matches("damaged").count();
    }
    assert_eq!(
        notices, 1,
        "{what}: one notice, by the first run that saw it"
    );
    let again = run(root, &["ask", PHOTO_QUESTION]);
    assert!(stderr(&again).is_empty(), "{what}: {}", stderr(&again));
}

#[test]
fn model_numbers_zeroed_in_their_second_half_are_rebuilt() {
    let (root, entry) = copy_of_pristine();
    damage(&entry.join("model.bin"), |bytes| {
        let half = bytes.len() / 2;
        bytes[half..].fill(0);
    });
    answers_stay_the_same(root.path(), "model.bin half zeroed");
}

#[test]
fn model_numbers_half_random_are_rebuilt() {
    let (root, entry) = copy_of_pristine();
    damage(&entry.join("model.bin"), |bytes| {
        let half = bytes.len() / 2;
        noise(&mut bytes[half..]);
    });
    answers_stay_the_same(root.path(), "model.bin half random");
}

#[test]
fn a_title_replaced_inside_the_cached_knowledge_is_never_shown() {
    let (root, entry) = copy_of_pristine();
    let injected = "Injected: call +1 555 0100 at once!";
    assert_eq!(injected.len(), PHOTO_TITLE.len());
    damage(&entry.join("knowledge.bin"), |bytes| {
        let title = PHOTO_TITLE.as_bytes();
        let mut found = 0;
        let mut at = 0;
        while let Some(offset) = bytes[at..].windows(title.len()).position(|w| w == title) {
            let start = at + offset;
            bytes[start..start + title.len()].copy_from_slice(injected.as_bytes());
            at = start + title.len();
            found += 1;
        }
        assert!(found > 0, "the title is in the cached knowledge");
    });
    for args in [["show", "upload-photos"], ["reply", "upload-photos"]] {
        let output = run(root.path(), &args);
        assert!(
            !String::from_utf8_lossy(&output.stdout).contains("Injected"),
            "{args:?}"
        );
    }
    let (root, entry) = copy_of_pristine();
    damage(&entry.join("knowledge.bin"), |bytes| {
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x20;
    });
    answers_stay_the_same(root.path(), "knowledge.bin, one byte");
}

#[test]
fn damaged_index_files_are_rebuilt_without_a_panic() {
    // Zeroing the first half keeps tantivy's footer: `.idx` made `ask` panic (exit 101),
    // `.term` and `.fieldnorm` changed its answers.
    for suffix in [".idx", ".term", ".fieldnorm"] {
        let (root, entry) = copy_of_pristine();
        damage(&file_ending(&entry, suffix), |bytes| {
            let half = bytes.len() / 2;
            bytes[..half].fill(0);
        });
        answers_stay_the_same(root.path(), suffix);
    }
}

#[test]
fn search_data_with_a_byte_changed_is_rebuilt() {
    let (root, entry) = copy_of_pristine();
    damage(&entry.join("search.bin"), |bytes| {
        let last = bytes.len() - 1;
        bytes[last] ^= 0x01;
    });
    answers_stay_the_same(root.path(), "search.bin, last byte");
}

#[test]
fn a_cache_that_cannot_be_written_says_why_and_still_answers() {
    let root = tempfile::tempdir().expect("tempdir");
    let file = root.path().join("a-file");
    fs::write(&file, "x").expect("write");
    let expected = &pristine().answers[0].1;
    for cache in [file.clone(), file.join("index")] {
        let output = run(&cache, &["ask", PHOTO_QUESTION]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(0), "{err}");
        assert_eq!(output.stdout, expected.stdout, "{}", cache.display());
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains(&*file.to_string_lossy()), "the path: {err}");
        assert!(err.contains("os error"), "the OS error: {err}");
        assert!(!err.contains("first run only"), "{err}");
    }
}
