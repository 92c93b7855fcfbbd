//! Building the index of a knowledge pack: one document per entry.

use std::num::NonZeroUsize;
use std::thread;

use tantivy::directory::Directory;
use tantivy::{Index, IndexWriter, TantivyDocument};

use super::analysis;
use super::schema::{Fields, Part};
use crate::knowledge::Entry;

/// Below this many entries one indexing thread is fastest (no merging of segments).
const PARALLEL_FROM_ENTRIES: usize = 5_000;
/// The indexing memory budget of each thread (tantivy's minimum is 15 MB).
const SMALL_BUDGET_BYTES: usize = 15_000_000;
const LARGE_BUDGET_BYTES: usize = 60_000_000;
/// More threads than this only add memory on the machines this runs on.
const MAX_THREADS: usize = 4;

/// Creates an index of `entries` in `directory`, committed and ready to read.
pub(crate) fn build(
    directory: Box<dyn Directory>,
    fields: &Fields,
    entries: &[Entry],
) -> tantivy::Result<Index> {
    let index = Index::create(directory, fields.schema.clone(), Default::default())?;
    analysis::register(&index);
    let (threads, budget) = if entries.len() < PARALLEL_FROM_ENTRIES {
        (1, SMALL_BUDGET_BYTES)
    } else {
        let cores = thread::available_parallelism().map_or(1, NonZeroUsize::get);
        (cores.clamp(1, MAX_THREADS), LARGE_BUDGET_BYTES)
    };
    let mut writer: IndexWriter = index.writer_with_num_threads(threads, threads * budget)?;
    for entry in entries {
        writer.add_document(document(fields, entry))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(index)
}

fn document(fields: &Fields, entry: &Entry) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &entry.id);
    doc.add_text(fields.kind, entry.kind.as_str());
    for part in Part::ALL {
        for value in part.values(entry) {
            doc.add_text(fields.english(part), value);
            doc.add_text(fields.cjk(part), value);
        }
    }
    doc
}
