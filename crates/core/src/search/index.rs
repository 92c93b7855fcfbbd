//! Building the index of a knowledge pack: one document per entry.

use std::num::NonZeroUsize;
use std::thread;

use tantivy::directory::Directory;
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument};

use super::analysis;
use super::schema::{Fields, Part};
use crate::knowledge::Entry;

/// Below this many entries one indexing thread is fastest (no merging of segments).
const PARALLEL_FROM_ENTRIES: usize = 5_000;
/// The indexing memory budget of each thread (tantivy's minimum is 15 MB).
const SMALL_BUDGET_BYTES: usize = 15_000_000;
const LARGE_BUDGET_BYTES: usize = 60_000_000;
/// About two entries of stored text.
const STORE_BLOCK_BYTES: usize = 4_096;
/// More threads than this only add memory on the machines this runs on.
const MAX_THREADS: usize = 4;

/// Creates an index of `entries` in `directory`, committed and ready to read.
pub(crate) fn build(
    directory: Box<dyn Directory>,
    fields: &Fields,
    entries: &[Entry],
) -> tantivy::Result<Index> {
    // Small store blocks: showing a match decompresses one block, not sixteen entries.
    let settings = IndexSettings {
        docstore_blocksize: STORE_BLOCK_BYTES,
        ..IndexSettings::default()
    };
    let index = Index::create(directory, fields.schema.clone(), settings)?;
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
    // One segment: a query then searches one term dictionary and one set of postings.
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    Ok(index)
}

fn document(fields: &Fields, entry: &Entry) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &entry.id);
    doc.add_text(fields.kind, entry.kind.as_str());
    for part in Part::ALL {
        for value in part.values(entry) {
            doc.add_text(fields.stored(part), value);
            doc.add_text(fields.all_english, value);
            if analysis::has_cjk(value) {
                if let Some(field) = fields.cjk(part) {
                    doc.add_text(field, value);
                }
                doc.add_text(fields.all_cjk, value);
            }
        }
    }
    doc
}
