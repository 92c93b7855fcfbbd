//! A searcher opened from a damaged on-disk cache entry of the built-in pack: the input says
//! which file to damage and how. Never a panic, and whatever the cache still serves (the
//! search, the knowledge) is exactly what an undamaged one would: a damaged entry is found
//! and refused, never believed.
//!
//! Input: one byte picks the file (the entry's files, sorted, the manifest among them), one
//! byte the damage (overwrite, flip bits, truncate, extend), four bytes (little-endian) the
//! offset, and the rest the bytes written, flipped with or appended.

#![no_main]

use std::fs;
use std::path::{Path, PathBuf};

use idhelp::knowledge::{self, Knowledge, Sources};
use idhelp::search::{Cached, SearchData, Searcher, Understanding, cached_knowledge};
use libfuzzer_sys::fuzz_target;

const QUESTIONS: [&str; 4] = [
    "cant uplaod pic",
    "相机打不开",
    "selfie keeps failing",
    "how do i withdraw usdt",
];

/// The built entry, its files as built, and what an undamaged cache answers.
struct Pristine {
    /// Kept for its lifetime: the entry lives in it.
    root: tempfile::TempDir,
    entry: PathBuf,
    files: Vec<(String, Vec<u8>)>,
    digest: String,
    snapshot: Vec<u8>,
    answers: Vec<Understanding>,
}

fn answers(searcher: &Searcher) -> Vec<Understanding> {
    QUESTIONS.iter().map(|q| searcher.understand(q, 3)).collect()
}

fn pristine() -> Pristine {
    let knowledge: Knowledge = knowledge::check(&Sources::builtin())
        .knowledge
        .expect("the built-in pack is valid");
    let root = tempfile::tempdir().expect("a temporary cache");
    drop(idhelp::pack::searcher_in(&knowledge, Some(root.path()), &mut |_| {}));
    let entry = fs::read_dir(root.path())
        .expect("the cache")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .expect("one entry");
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(&entry)
        .expect("the entry")
        .flatten()
        .map(|e| {
            let bytes = fs::read(e.path()).expect("a file of the entry");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    let answers = answers(&Searcher::in_memory(
        &knowledge,
        SearchData::train(&knowledge),
        None,
    ));
    let Cached::Found((cached, _)) = Searcher::open_cached(root.path(), &knowledge.digest) else {
        panic!("the undamaged entry opens");
    };
    assert_eq!(self::answers(&cached), answers, "the cache answers as memory does");
    Pristine {
        root,
        entry,
        files,
        digest: knowledge.digest.clone(),
        snapshot: knowledge.snapshot().expect("a snapshot"),
        answers,
    }
}

/// Puts the entry back as it was built (a damaged entry is removed when found).
fn restore(entry: &Path, files: &[(String, Vec<u8>)]) {
    let _ = fs::remove_dir_all(entry);
    fs::create_dir_all(entry).expect("the entry's directory");
    for (name, bytes) in files {
        fs::write(entry.join(name), bytes).expect("a file of the entry");
    }
}

fn damaged(original: &[u8], how: u8, offset: usize, bytes: &[u8]) -> Vec<u8> {
    let mut file = original.to_vec();
    let at = offset % (file.len() + 1);
    match how % 4 {
        0 => {
            let end = (at + bytes.len()).min(file.len());
            file[at..end].copy_from_slice(&bytes[..end - at]);
        }
        1 => {
            for (byte, flip) in file[at..].iter_mut().zip(bytes) {
                *byte ^= flip;
            }
        }
        2 => file.truncate(at),
        _ => file.extend_from_slice(bytes),
    }
    file
}

thread_local! {
    static PRISTINE: Pristine = pristine();
}

fuzz_target!(|data: &[u8]| {
    let [which, how, o0, o1, o2, o3, bytes @ ..] = data else {
        return;
    };
    PRISTINE.with(|pristine| {
        let (name, original) = &pristine.files[usize::from(*which) % pristine.files.len()];
        let offset = u32::from_le_bytes([*o0, *o1, *o2, *o3]) as usize;
        let file = damaged(original, *how, offset, bytes);
        fs::write(pristine.entry.join(name), &file).expect("damage");
        let root = pristine.root.path();
        if let Cached::Found((searcher, _)) = Searcher::open_cached(root, &pristine.digest) {
            assert_eq!(answers(&searcher), pristine.answers, "{name} damaged");
        }
        if let Cached::Found(knowledge) = cached_knowledge(root, &pristine.digest) {
            let snapshot = knowledge.snapshot().expect("a snapshot");
            assert!(snapshot == pristine.snapshot, "{name} damaged");
        }
        restore(&pristine.entry, &pristine.files);
    });
});
