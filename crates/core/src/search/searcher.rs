//! The searcher: owns the index of one knowledge pack and answers queries with matches.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::directory::RamDirectory;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, TantivyDocument, Term};

use super::cache::{self, CacheError, Cached, PreparedFiles, SearchData};
use super::confidence::{THRESHOLD, confidence};
use super::evidence::{self, EntryText, Evidence};
use super::explain::{Explanation, Found, QueryReport, Searched, WordPlan, WordReport};
use super::index;
use super::model::{Class, Extractor, Model, Verdict};
use super::query::{self, Lexicon, Plan};
use super::schema::{Fields, Part};
use super::snippet::{self, Snippet};
use super::synonyms::{IndexTerm, Synonyms};
use crate::knowledge::{Decision, EntryKind, Knowledge, Pack};

/// How many candidates beyond those asked for are scored for confidence, so that a
/// candidate ranked lower by score but explaining more of the query can move up.
const EXTRA_CANDIDATES: usize = 2;
/// A typo search stops after this many similar terms per segment.
const MAX_SIMILAR_TERMS: usize = 32;
/// How many of the model's features `--explain` names per match.
const EXPLAINED_FEATURES: usize = 8;

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
    /// Prepared when the binary was built, and embedded in it.
    Prepared,
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
    /// Decides what a text is about; `None` for packs too large to train one.
    model: Option<Model>,
    decision: Decision,
    storage: Storage,
}

/// What the search makes of a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Understanding {
    /// The entries it may be about, best first: the confident one and the plausible ones.
    pub matches: Vec<Match>,
    pub verdict: Verdict,
    /// In scope, the entries ranked after `matches` (ids, best first): the chat's second
    /// chance when none of the matches is right.
    #[serde(skip)]
    pub runners_up: Vec<String>,
}

/// A scored candidate before the threshold is applied.
struct ScoredCandidate {
    address: DocAddress,
    found: Match,
    evidence: Evidence,
}

impl Searcher {
    /// The searcher of the pack whose files hash to `digest`, with the pack's details, if the
    /// cache under `root` holds it whole: a command that only searches need not load the
    /// knowledge at all. A damaged entry is removed (and said to be), to be built again.
    pub fn open_cached(root: &Path, digest: &str) -> Cached<(Searcher, Pack)> {
        let fields = Fields::new();
        match cache::open_cached(root, &fields, digest) {
            Cached::Found(entry) => {
                let pack = entry.data.pack.clone();
                Cached::Found((Self::cached(entry, fields), pack))
            }
            Cached::Missing => Cached::Missing,
            Cached::Damaged(error) => Cached::Damaged(error),
        }
    }

    /// The searcher of a search prepared ahead of time (the built-in pack's, embedded in the
    /// binary) for the pack whose files hash to `digest`, with the pack's details; why not, if
    /// `files` are another pack's or do not hold a whole search.
    pub fn open_prepared(
        files: &'static PreparedFiles,
        digest: &str,
    ) -> Result<(Searcher, Pack), String> {
        let fields = Fields::new();
        let (reader, data) = cache::open_prepared(files, digest, &fields)?;
        let pack = data.pack.clone();
        Ok((
            Self::with_data(reader, fields, data, Storage::Prepared),
            pack,
        ))
    }

    /// Indexes `knowledge` into a new entry of the cache under `root`, with its trained search
    /// `data`, and opens it; why not, if the cache cannot be written.
    pub fn store(
        root: &Path,
        knowledge: &Knowledge,
        data: &SearchData,
    ) -> Result<Searcher, CacheError> {
        let fields = Fields::new();
        let temp = cache::prepare(root)?;
        let entry = cache::store(temp, root, &fields, knowledge, data)?;
        Ok(Self::cached(entry, fields))
    }

    /// Indexes `knowledge` in memory, with its trained search `data`, without touching the
    /// disk; `fallback` says why the cache was not used, if it was meant to be.
    pub fn in_memory(
        knowledge: &Knowledge,
        data: SearchData,
        fallback: Option<String>,
    ) -> Searcher {
        let fields = Fields::new();
        let index = index::build(
            Box::new(RamDirectory::create()),
            &fields,
            knowledge.entries(),
        )
        .expect("indexing into RAM with a fixed, valid schema cannot fail");
        let reader = cache::reader(&index).expect("a reader over a RAM index cannot fail");
        Self::with_data(reader, fields, data, Storage::Memory { fallback })
    }

    fn cached(entry: cache::CacheEntry, fields: Fields) -> Searcher {
        Self::with_data(entry.reader, fields, entry.data, Storage::Cache(entry.dir))
    }

    fn with_data(reader: IndexReader, fields: Fields, data: SearchData, storage: Storage) -> Self {
        Searcher {
            reader,
            fields,
            synonyms: data.synonyms,
            model: data.model,
            decision: data.pack.decision,
            storage,
        }
    }

    /// The thresholds the model's probabilities are judged by.
    pub fn decision(&self) -> Decision {
        self.decision
    }

    /// The trained model, if the pack has one.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    /// The best `top` matches of `text` when the search is confident of the first, best
    /// first; nothing otherwise. Any text is a valid query.
    pub fn search(&self, text: &str, top: usize) -> Vec<Match> {
        let understanding = self.understand(text, top);
        if understanding.verdict == Verdict::Confident {
            understanding.matches
        } else {
            Vec::new()
        }
    }

    /// What `text` is about: at most `top` entries, best first, and how sure that is (see
    /// [`Verdict`]). The trained model decides; a pack without one is judged by retrieval.
    pub fn understand(&self, text: &str, top: usize) -> Understanding {
        if top == 0 {
            return Understanding {
                matches: Vec::new(),
                verdict: Verdict::OutOfScope { topic: None },
                runners_up: Vec::new(),
            };
        }
        let Some(model) = &self.model else {
            let matches: Vec<Match> = self
                .candidates(text, top)
                .1
                .into_iter()
                .map(|c| c.found)
                .filter(|m| m.confidence >= THRESHOLD)
                .take(top)
                .collect();
            let verdict = if matches.is_empty() {
                Verdict::OutOfScope { topic: None }
            } else {
                Verdict::Confident
            };
            return Understanding {
                matches,
                verdict,
                runners_up: Vec::new(),
            };
        };
        let (text, _) = query::truncate(text);
        let judged = model.judge(text, self.decision);
        let matches = self
            .scored(text, judged.entries.iter().take(top))
            .1
            .into_iter()
            .map(|c| c.found)
            .collect();
        let runners_up = judged
            .entries
            .iter()
            .skip(top)
            .chain(&judged.runners_up)
            .map(|(id, _)| id.clone())
            .collect();
        Understanding {
            matches,
            verdict: judged.verdict,
            runners_up,
        }
    }

    /// The entries the model chose as scored candidates, with their snippets and retrieval
    /// scores, and the query plan they were found with.
    fn scored<'a>(
        &self,
        text: &str,
        chosen: impl Iterator<Item = &'a (String, f32)>,
    ) -> (Plan, Vec<ScoredCandidate>) {
        let searcher = self.reader.searcher();
        let plan = self.plan(&searcher, text);
        let query = self.query(&plan);
        // Every document's retrieval score at once: explaining one document of a union
        // query trips an assertion of tantivy's, and the packs with a model are small.
        let all = usize::try_from(searcher.num_docs())
            .unwrap_or(usize::MAX)
            .max(1);
        let scores: Vec<(f32, DocAddress)> = searcher
            .search(
                &query,
                &tantivy::collector::TopDocs::with_limit(all).order_by_score(),
            )
            .unwrap_or_default();
        let mut finder = evidence::Finder::new(&plan);
        let candidates = chosen
            .filter_map(|(id, probability)| {
                let address = self.address_of(&searcher, id)?;
                let score = scores
                    .iter()
                    .find(|(_, a)| *a == address)
                    .map_or(0.0, |(score, _)| *score);
                self.candidate(&searcher, &plan, &mut finder, address, score, |_| {
                    *probability
                })
            })
            .collect();
        (plan, candidates)
    }

    /// The candidate of the document at `address`: its match, with the confidence
    /// `confidence_of` gives its evidence, and that evidence.
    fn candidate(
        &self,
        searcher: &tantivy::Searcher,
        plan: &Plan,
        finder: &mut evidence::Finder,
        address: DocAddress,
        score: f32,
        confidence_of: impl FnOnce(&Evidence) -> f32,
    ) -> Option<ScoredCandidate> {
        let doc: TantivyDocument = searcher.doc(address).ok()?;
        let (id, kind, title, text) = self.stored(&doc)?;
        let evidence = finder.gather(&text);
        let found = Match {
            id,
            kind,
            title,
            score,
            confidence: confidence_of(&evidence),
            snippet: snippet::choose(plan, &evidence, &text),
        };
        Some(ScoredCandidate {
            address,
            found,
            evidence,
        })
    }

    /// How `text` is planned against this index.
    fn plan(&self, searcher: &tantivy::Searcher, text: &str) -> Plan {
        let lexicon = IndexLexicon {
            searcher,
            fields: &self.fields,
        };
        query::plan(text, &self.synonyms, &lexicon)
    }

    /// Where the entry `id` is in the index.
    fn address_of(&self, searcher: &tantivy::Searcher, id: &str) -> Option<DocAddress> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.id, id),
            IndexRecordOption::Basic,
        );
        searcher
            .search(
                &query,
                &tantivy::collector::TopDocs::with_limit(1).order_by_score(),
            )
            .ok()?
            .first()
            .map(|&(_, address)| address)
    }

    /// The best `top` candidates of `text` with why they matched, best first, including
    /// candidates below the threshold (their explanation says `accepted: false`).
    pub fn explain(&self, text: &str, top: usize) -> Vec<(Match, Explanation)> {
        let searcher = self.reader.searcher();
        let (plan, candidates) = match &self.model {
            Some(model) => {
                let (text, _) = query::truncate(text);
                let entries = model.entries(&model.predict(&mut Extractor::default(), text));
                self.scored(text, entries.iter().take(top))
            }
            None => self.candidates(text, top),
        };
        candidates
            .into_iter()
            .take(top)
            .map(|candidate| {
                let explanation = self.explanation(&searcher, &plan, text, &candidate);
                (candidate.found, explanation)
            })
            .collect()
    }

    /// How `text` is read: its words, what each is searched as (itself, synonyms, typo
    /// corrections), and the words left out.
    pub fn analyze(&self, text: &str) -> QueryReport {
        let searcher = self.reader.searcher();
        let plan = self.plan(&searcher, text);
        QueryReport {
            words: plan
                .concepts
                .iter()
                .map(|concept| WordPlan {
                    word: concept.word.clone(),
                    weight: concept.weight,
                    familiarity: concept.familiarity,
                    searched: concept
                        .alternatives
                        .iter()
                        .map(|a| Searched {
                            term: a.term.text.clone(),
                            origin: a.origin.clone(),
                        })
                        .collect(),
                })
                .collect(),
            stop_words: plan.stop_words,
            truncated: plan.truncated,
        }
    }

    /// The query plan and the scored candidates, best first.
    fn candidates(&self, text: &str, top: usize) -> (Plan, Vec<ScoredCandidate>) {
        let searcher = self.reader.searcher();
        let plan = self.plan(&searcher, text);
        if top == 0 || plan.total_weight() <= 0.0 {
            return (plan, Vec::new());
        }
        let query = self.query(&plan);
        let collector = tantivy::collector::TopDocs::with_limit(top + EXTRA_CANDIDATES);
        let Ok(hits) = searcher.search(&query, &collector.order_by_score()) else {
            return (plan, Vec::new());
        };
        let best_score = hits.first().map_or(0.0, |(score, _)| *score);
        let mut finder = evidence::Finder::new(&plan);
        let mut candidates: Vec<ScoredCandidate> = hits
            .into_iter()
            .filter_map(|(score, address)| {
                let relative = if best_score > 0.0 {
                    score / best_score
                } else {
                    0.0
                };
                self.candidate(&searcher, &plan, &mut finder, address, score, |evidence| {
                    confidence(evidence.coverage(&plan), relative)
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

    /// One `should` clause per term and ranking field, boosted by the field and by how the
    /// term stands for the query word.
    fn query(&self, plan: &Plan) -> BooleanQuery {
        let mut clauses: Vec<Box<dyn Query>> = Vec::new();
        for (term, boost) in plan.ranking_terms() {
            for (field, field_boost) in self.fields.ranking(term.script) {
                clauses.push(Box::new(term_clause(field, term, boost * field_boost)));
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
                    .get_all(self.fields.stored(part))
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
        text: &str,
        candidate: &ScoredCandidate,
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
                        credit: hit.credit,
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
        let (accepted, features) = match &self.model {
            Some(model) => {
                let class = model
                    .classes()
                    .iter()
                    .position(|c| matches!(c, Class::Entry(id) if *id == candidate.found.id));
                let (text, _) = query::truncate(text);
                let features = class.map_or_else(Vec::new, |class| {
                    model.contributions(&mut Extractor::default(), text, class, EXPLAINED_FEATURES)
                });
                (
                    candidate.found.confidence >= self.decision.plausible,
                    features,
                )
            }
            None => (candidate.found.confidence >= THRESHOLD, Vec::new()),
        };
        Explanation {
            accepted,
            coverage: candidate.evidence.coverage(plan),
            words,
            features,
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
        self.fields
            .ranking(term.script)
            .into_iter()
            .filter_map(|(field, field_boost)| {
                term_clause(field, term, boost * field_boost)
                    .explain(searcher, address)
                    .ok()
                    .map(|e| e.value())
            })
            .sum()
    }
}

fn term_clause(field: Field, term: &IndexTerm, boost: f32) -> BoostQuery {
    let query = TermQuery::new(
        Term::from_field_text(field, &term.text),
        IndexRecordOption::WithFreqs,
    );
    BoostQuery::new(Box::new(query), boost)
}

/// The query planner's view of the index.
struct IndexLexicon<'a> {
    searcher: &'a tantivy::Searcher,
    fields: &'a Fields,
}

impl Lexicon for IndexLexicon<'_> {
    fn num_docs(&self) -> u64 {
        self.searcher.num_docs()
    }

    fn doc_freq(&self, term: &IndexTerm) -> u64 {
        let field = self.fields.anywhere(term.script);
        self.searcher
            .doc_freq(&Term::from_field_text(field, &term.text))
            .unwrap_or(0)
    }

    fn similar(&self, term: &str, distance: u8) -> Vec<String> {
        let probe = Term::from_field_text(self.fields.all_english, term);
        let Ok(automaton) = FuzzyTermQuery::new(probe, distance, true).automaton() else {
            return Vec::new();
        };
        let mut found = BTreeSet::new();
        for segment in self.searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.all_english) else {
                continue;
            };
            // Corrections keep the first letter (see `query`), so only that part of the
            // dictionary is walked.
            let mut search = inverted.terms().search(&automaton);
            if let Some(first) = term.chars().next() {
                let mut low = [0; 4];
                search = search.ge(first.encode_utf8(&mut low).as_bytes());
                if let Some(next) = char::from_u32(u32::from(first) + 1) {
                    let mut high = [0; 4];
                    search = search.lt(next.encode_utf8(&mut high).as_bytes());
                }
            }
            let Ok(mut stream) = search.into_stream() else {
                continue;
            };
            let mut taken = 0;
            while taken < MAX_SIMILAR_TERMS && stream.advance() {
                if let Ok(text) = std::str::from_utf8(stream.key())
                    && text != term
                {
                    found.insert(text.to_owned());
                    taken += 1;
                }
            }
        }
        found.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;
    use crate::knowledge::{self, Sources};
    use crate::search::THRESHOLD;

    fn searcher() -> &'static Searcher {
        static SEARCHER: OnceLock<Searcher> = OnceLock::new();
        SEARCHER.get_or_init(|| {
            let knowledge = knowledge::check(&Sources::builtin())
                .knowledge
                .expect("the built-in knowledge is valid");
            Searcher::in_memory(&knowledge, SearchData::train(&knowledge), None)
        })
    }

    /// The first entry `text` is about, confident or only plausible.
    fn top(text: &str) -> Option<String> {
        let understanding = searcher().understand(text, 3);
        understanding.matches.into_iter().next().map(|m| m.id)
    }

    #[test]
    fn finds_entries_in_peoples_words() {
        assert_eq!(top("cant uplaod pic").as_deref(), Some("upload-photos"));
        assert_eq!(top("相机打不开").as_deref(), Some("camera-access"));
        assert_eq!(top("CAMERA won't open!!").as_deref(), Some("camera-access"));
    }

    #[test]
    fn out_of_scope_questions_have_no_match() {
        for text in [
            "how do i withdraw usdt",
            "staking rewards not paid",
            "忘记登录密码了",
        ] {
            let understanding = searcher().understand(text, 3);
            assert!(
                understanding.matches.is_empty(),
                "{text}: {understanding:?}"
            );
        }
    }

    #[test]
    fn texts_that_say_nothing_are_out_of_scope_not_offered_entries() {
        // Not among the pack's "nothing to go on" examples (tests/queries.toml), so this
        // checks that the model generalises from them.
        for text in ["qwerty", "zzzz", "testing testing", "hiya", "hmmm ok", "嗨"] {
            let understanding = searcher().understand(text, 3);
            assert!(
                matches!(understanding.verdict, Verdict::OutOfScope { .. }),
                "{text}: {understanding:?}"
            );
        }
    }

    #[test]
    fn matches_are_confident_sorted_and_bounded() {
        let decision = searcher().decision();
        let matches = searcher().search("my pics wont upload", 2);
        assert!(!matches.is_empty() && matches.len() <= 2);
        assert!(matches[0].confidence >= decision.confident);
        assert!(
            matches
                .iter()
                .all(|m| m.confidence >= decision.alternative && m.confidence <= 1.0)
        );
        assert!(
            matches
                .windows(2)
                .all(|w| w[0].confidence >= w[1].confidence)
        );
        assert!(searcher().search("my pics wont upload", 0).is_empty());
    }

    #[test]
    fn hostile_input_is_searched_as_words_and_never_panics() {
        let long = "upload ".repeat(150_000);
        let hostile = [
            "AND (",
            "title:\"x",
            "-",
            "^",
            "error: upload",
            "\"unbalanced quote",
            "upload~2 photo^10 id:*",
            "\u{0}\u{0}upload\u{0}",
            "\u{1b}[31mcamera\u{1b}[0m",
            "📷😭🙏🏽",
            "\u{202e}upload",
            "",
            long.as_str(),
        ];
        for text in hostile {
            for found in searcher().search(text, 5) {
                let snippet = &found.snippet;
                for range in &snippet.highlights {
                    assert!(snippet.text.is_char_boundary(range.start));
                    assert!(snippet.text.is_char_boundary(range.end));
                }
            }
        }
        assert_eq!(top("error: upload").as_deref(), Some("upload-photos"));
        assert_eq!(top(&long).as_deref(), Some("upload-photos"));
        assert_eq!(
            top("\u{0}\u{0}upload\u{0}").as_deref(),
            Some("upload-photos")
        );
    }

    #[test]
    fn snippets_highlight_the_matched_words() {
        let found = &searcher().search("upload photos", 1)[0];
        let words: Vec<String> = found
            .snippet
            .highlights
            .iter()
            .map(|r| found.snippet.text[r.clone()].to_lowercase())
            .collect();
        assert!(words.iter().any(|w| w.starts_with("upload")), "{words:?}");
        assert!(!found.snippet.text.contains('\n'));
    }

    #[test]
    fn explain_reports_words_origins_and_near_misses() {
        let explained = searcher().explain("slefie keeps failing", 5);
        let (best, why) = &explained[0];
        assert!(why.accepted);
        assert_eq!(best.confidence >= THRESHOLD, why.accepted);
        let slefie = why
            .words
            .iter()
            .find(|w| w.word == "slefie")
            .expect("the misspelt word is reported");
        assert!(matches!(
            slefie.found.as_ref().map(|f| &f.origin),
            Some(super::super::Origin::Typo { distance: 1 })
        ));
        assert!(explained.iter().any(|(_, why)| !why.accepted));
        let rejected = searcher().explain("how do i withdraw usdt", 3);
        assert!(rejected.iter().all(|(_, why)| !why.accepted));
    }
}
