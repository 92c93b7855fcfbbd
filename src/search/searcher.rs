//! The searcher: owns the index of one knowledge pack and answers queries with matches.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::directory::RamDirectory;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, TantivyDocument, Term};

use super::cache;
use super::confidence::{THRESHOLD, confidence};
use super::evidence::{self, EntryText, Evidence};
use super::explain::{Explanation, Found, WordReport};
use super::index;
use super::query::{self, Lexicon, Plan};
use super::schema::{Fields, Part};
use super::snippet::{self, Snippet};
use super::synonyms::{IndexTerm, Script, Synonyms};
use crate::knowledge::{EntryKind, Knowledge};

/// How many candidates beyond those asked for are scored for confidence, so that a
/// candidate ranked lower by score but explaining more of the query can move up.
const EXTRA_CANDIDATES: usize = 4;
/// A typo search stops after this many similar terms per field and segment.
const MAX_SIMILAR_TERMS: usize = 32;

/// One entry that matches a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    pub id: String,
    pub kind: EntryKind,
    pub title: String,
    /// The ranking score (BM25 with field and term boosts); comparable within one query only.
    pub score: f32,
    /// How sure the search is that this entry is what the query is about, from 0 to 1
    /// (see the module docs).
    pub confidence: f32,
    pub snippet: Snippet,
}

/// Where the searcher's index lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Storage {
    /// Memory-mapped from the on-disk cache.
    Cache(PathBuf),
    /// Built in memory for this process; `fallback` says why the cache was not used.
    Memory { fallback: Option<String> },
}

/// The search index of one knowledge pack.
pub struct Searcher {
    reader: IndexReader,
    fields: Fields,
    synonyms: Synonyms,
    storage: Storage,
}

/// A scored candidate before the threshold is applied.
struct Candidate {
    address: DocAddress,
    found: Match,
    evidence: Evidence,
}

impl Searcher {
    /// Opens the cached index of `knowledge` (building and caching it on first use). Never
    /// fails: without a usable cache the index is built in memory.
    pub fn open(knowledge: &Knowledge) -> Searcher {
        match cache::default_root() {
            Some(root) => Self::open_in(knowledge, &root),
            None => Self::memory(knowledge, Some("no cache directory is known".into())),
        }
    }

    /// Like [`Searcher::open`], with the cache under `root`.
    pub fn open_in(knowledge: &Knowledge, root: &Path) -> Searcher {
        let fields = Fields::new();
        match cache::open_or_build(root, &fields, knowledge) {
            Ok((reader, dir)) => Searcher {
                reader,
                fields,
                synonyms: Synonyms::new(&knowledge.synonyms),
                storage: Storage::Cache(dir),
            },
            Err(error) => Self::memory(knowledge, Some(error.to_string())),
        }
    }

    /// Builds the index in memory, without touching the disk.
    pub fn in_memory(knowledge: &Knowledge) -> Searcher {
        Self::memory(knowledge, None)
    }

    fn memory(knowledge: &Knowledge, fallback: Option<String>) -> Searcher {
        let fields = Fields::new();
        let index = index::build(
            Box::new(RamDirectory::create()),
            &fields,
            knowledge.entries(),
        )
        .expect("indexing into RAM with a fixed, valid schema cannot fail");
        let reader = cache::reader(&index).expect("a reader over a RAM index cannot fail");
        Searcher {
            reader,
            fields,
            synonyms: Synonyms::new(&knowledge.synonyms),
            storage: Storage::Memory { fallback },
        }
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// The best `top` matches of `text` at or above the confidence threshold, best first.
    /// Any text is a valid query; one with no searchable words has no matches.
    pub fn search(&self, text: &str, top: usize) -> Vec<Match> {
        self.candidates(text, top)
            .1
            .into_iter()
            .map(|c| c.found)
            .filter(|m| m.confidence >= THRESHOLD)
            .take(top)
            .collect()
    }

    /// The best `top` candidates of `text` with why they matched, best first, including
    /// candidates below the threshold (their explanation says `accepted: false`).
    pub fn explain(&self, text: &str, top: usize) -> Vec<(Match, Explanation)> {
        let searcher = self.reader.searcher();
        let (plan, candidates) = self.candidates(text, top);
        candidates
            .into_iter()
            .take(top)
            .map(|candidate| {
                let explanation = self.explanation(&searcher, &plan, &candidate);
                (candidate.found, explanation)
            })
            .collect()
    }

    /// The query plan and the scored candidates, best first.
    fn candidates(&self, text: &str, top: usize) -> (Plan, Vec<Candidate>) {
        let searcher = self.reader.searcher();
        let lexicon = IndexLexicon {
            searcher: &searcher,
            fields: &self.fields,
        };
        let plan = query::plan(text, &self.synonyms, &lexicon);
        if top == 0 || plan.total_weight() <= 0.0 {
            return (plan, Vec::new());
        }
        let query = self.query(&plan);
        let collector = tantivy::collector::TopDocs::with_limit(top + EXTRA_CANDIDATES);
        let Ok(hits) = searcher.search(&query, &collector.order_by_score()) else {
            return (plan, Vec::new());
        };
        let best_score = hits.first().map_or(0.0, |(score, _)| *score);
        let mut candidates: Vec<Candidate> = hits
            .into_iter()
            .filter_map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address).ok()?;
                let (id, kind, title, text) = self.stored(&doc)?;
                let evidence = evidence::gather(&plan, &text);
                let relative = if best_score > 0.0 {
                    score / best_score
                } else {
                    0.0
                };
                let found = Match {
                    id,
                    kind,
                    title,
                    score,
                    confidence: confidence(evidence.coverage(&plan), relative),
                    snippet: snippet::choose(&plan, &evidence, &text),
                };
                Some(Candidate {
                    address,
                    found,
                    evidence,
                })
            })
            .collect();
        candidates.sort_by(|a, b| {
            b.found
                .confidence
                .total_cmp(&a.found.confidence)
                .then(b.found.score.total_cmp(&a.found.score))
        });
        (plan, candidates)
    }

    /// One `should` clause per term and field, boosted by the part and by how the term
    /// stands for the query word.
    fn query(&self, plan: &Plan) -> BooleanQuery {
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        for (term, boost) in plan.terms() {
            for part in Part::ALL {
                let field = match term.script {
                    Script::English => self.fields.english(part),
                    Script::Cjk => self.fields.cjk(part),
                };
                let term_query = TermQuery::new(
                    Term::from_field_text(field, &term.text),
                    IndexRecordOption::WithFreqs,
                );
                clauses.push(Box::new(BoostQuery::new(
                    Box::new(term_query),
                    boost * part.boost(),
                )));
            }
        }
        BooleanQuery::union(clauses)
    }

    /// The id, kind, title and text of a stored entry document.
    fn stored(&self, doc: &TantivyDocument) -> Option<(String, EntryKind, String, EntryText)> {
        let text_of = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str().map(str::to_owned))
        };
        let id = text_of(self.fields.id)?;
        let kind = match text_of(self.fields.kind)?.as_str() {
            "issue" => EntryKind::Issue,
            "faq" => EntryKind::Faq,
            _ => return None,
        };
        let parts: Vec<(Part, Vec<String>)> = Part::ALL
            .into_iter()
            .map(|part| {
                let values = doc
                    .get_all(self.fields.english(part))
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                (part, values)
            })
            .collect();
        let title = parts
            .first()
            .and_then(|(_, values)| values.first().cloned())
            .unwrap_or_default();
        Some((id, kind, title, EntryText { parts }))
    }

    fn explanation(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
        candidate: &Candidate,
    ) -> Explanation {
        let terms = plan.terms();
        let words = plan
            .concepts
            .iter()
            .zip(&candidate.evidence.hits)
            .map(|(concept, hit)| {
                let found = hit.map(|hit| {
                    let alternative = &concept.alternatives[hit.alternative];
                    Found {
                        term: alternative.term.text.clone(),
                        origin: alternative.origin.clone(),
                        part: hit.part.name(),
                    }
                });
                let distinct: BTreeSet<&IndexTerm> =
                    concept.alternatives.iter().map(|a| &a.term).collect();
                let score = distinct
                    .into_iter()
                    .map(|term| {
                        let boost = terms.get(term).copied().unwrap_or(0.0);
                        self.term_score(searcher, term, boost, candidate.address)
                    })
                    .sum();
                WordReport {
                    word: concept.word.clone(),
                    weight: concept.weight,
                    familiarity: concept.familiarity,
                    found,
                    score,
                }
            })
            .collect();
        Explanation {
            accepted: candidate.found.confidence >= THRESHOLD,
            coverage: candidate.evidence.coverage(plan),
            words,
            stop_words: plan.stop_words.clone(),
            truncated: plan.truncated,
        }
    }

    /// What one term adds to a document's score, over all parts.
    fn term_score(
        &self,
        searcher: &tantivy::Searcher,
        term: &IndexTerm,
        boost: f32,
        address: DocAddress,
    ) -> f32 {
        Part::ALL
            .into_iter()
            .filter_map(|part| {
                let field = match term.script {
                    Script::English => self.fields.english(part),
                    Script::Cjk => self.fields.cjk(part),
                };
                let query = BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &term.text),
                        IndexRecordOption::WithFreqs,
                    )),
                    boost * part.boost(),
                );
                query.explain(searcher, address).ok().map(|e| e.value())
            })
            .sum()
    }
}

/// The query planner's view of the index.
struct IndexLexicon<'a> {
    searcher: &'a tantivy::Searcher,
    fields: &'a Fields,
}

impl IndexLexicon<'_> {
    fn field(&self, script: Script, part: Part) -> tantivy::schema::Field {
        match script {
            Script::English => self.fields.english(part),
            Script::Cjk => self.fields.cjk(part),
        }
    }
}

impl Lexicon for IndexLexicon<'_> {
    fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    fn doc_freq(&self, term: &IndexTerm) -> u64 {
        Part::ALL
            .into_iter()
            .filter_map(|part| {
                let field = self.field(term.script, part);
                self.searcher
                    .doc_freq(&Term::from_field_text(field, &term.text))
                    .ok()
            })
            .max()
            .unwrap_or(0)
    }

    fn similar(&self, term: &str, distance: u8) -> Vec<String> {
        let probe = Term::from_field_text(self.fields.english(Part::Title), term);
        let Ok(automaton) = FuzzyTermQuery::new(probe, distance, true).automaton() else {
            return Vec::new();
        };
        let mut found = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            for part in Part::ALL {
                let Ok(inverted) = segment.inverted_index(self.fields.english(part)) else {
                    continue;
                };
                let Ok(mut stream) = inverted.terms().search(&automaton).into_stream() else {
                    continue;
                };
                let mut taken = 0;
                while taken < MAX_SIMILAR_TERMS && stream.advance() {
                    if let Ok(text) = std::str::from_utf8(stream.key()) {
                        if text != term {
                            found.insert(text.to_owned());
                            taken += 1;
                        }
                    }
                }
            }
        }
        found.into_iter().collect()
    }
}
