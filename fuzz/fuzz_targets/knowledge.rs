//! The knowledge loader and linter on any file: the input's first line names the file of the
//! built-in pack it replaces (or a new file), the rest is its content. A pack either loads or
//! has errors, and every diagnostic renders.

#![no_main]

use idhelp::knowledge::{self, Content, Located, SourceFile, Sources};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (name, body) = match data.iter().position(|&b| b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let relative = String::from_utf8_lossy(name).into_owned();
    let content = Content::from_bytes(body.to_vec());
    let mut sources = Sources::builtin();
    match sources
        .files
        .iter_mut()
        .find(|file| file.relative == relative)
    {
        Some(file) => file.content = content,
        None => sources.files.push(SourceFile {
            display: format!("knowledge/{relative}"),
            relative,
            content,
        }),
    }
    let checked = knowledge::check(&sources);
    assert_eq!(checked.knowledge.is_some(), checked.errors() == 0);
    for diagnostic in &checked.diagnostics {
        let shown = Located::new(diagnostic, sources.by_display(&diagnostic.file)).render();
        assert!(
            idhelp::text::find_unsafe_char(&shown).is_none(),
            "{shown:?}"
        );
    }
});
