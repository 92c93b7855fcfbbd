//! From what a person typed to the terms searched for. User text is never parsed as query
//! syntax: it is analysed into words (and CJK characters), each word becomes a concept, and
//! each concept is searched for as itself, as the guide's words for it (synonyms) and, when
//! the knowledge does not know the word, as the known words one or two typos away.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::analysis::{self, is_cjk};
use super::synonyms::{IndexTerm, Script, Synonyms};
use crate::text::cjk_runs;
use crate::wordlists::{
    CJK_FILLER_WORDS, CJK_GRAMMAR_CHARS, FILLER_WORDS, NEGATIONS, NEGATIVE_PREFIXES,
};

/// Only this much of a query is read: nobody describes a problem in more, and it bounds the
/// work a pasted log or a megabyte of noise can cause.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// At most this many distinct words and characters of a query are searched for.
pub const MAX_CONCEPTS: usize = 40;
/// In a large pack, a term used by more than this share of the entries is too common to rank
/// by: its IDF is below 0.25, a tenth of a rare word's, and its postings span the index.
const COMMON_TERM_SHARE: f64 = 0.8;
/// Below this many entries every posting list is short, and every term is ranked by.
const COMMON_TERMS_FROM_ENTRIES: u64 = 1_000;
/// At most this many known words stand in for one misspelt word.
const MAX_TYPO_CANDIDATES: usize = 3;

/// Ranking boosts and evidence (see `confidence`) of each kind of alternative. A synonym
/// or a typo correction is a guess about what was meant, so it counts less than the word
/// itself; a lone CJK character is a weak hint next to a pair of characters.
const SYNONYM_BOOST: f32 = 0.8;
const SYNONYM_EVIDENCE: f32 = 0.9;
const TYPO_BOOST: [f32; 2] = [0.6, 0.35];
const TYPO_EVIDENCE: [f32; 2] = [0.8, 0.5];
const COMPOUND_BOOST: f32 = 0.9;
const COMPOUND_EVIDENCE: f32 = 0.95;

/// An unknown word weighs this much of what a word in no entry would weigh: a little less
/// than certain, because people also use words the guide has no reason to (fitted with the
/// confidence on the relevance suite).
const UNKNOWN_WEIGHT: f32 = 0.7;

const CHARACTER_BOOST: f32 = 0.3;
const CHARACTER_EVIDENCE: f32 = 0.4;

/// Where an alternative of a concept comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "via", rename_all = "snake_case")]
pub enum Origin {
    /// The word itself (for CJK, a pair of characters as typed).
    Exact,
    /// A single CJK character of the query.
    Character,
    /// A synonym table rule whose phrase is in the query.
    Synonym { phrase: String },
    /// Two words of the query written as one ("screen shot" is `screenshot`, "not valid"
    /// is `invalid`).
    Compound { phrase: String },
    /// A known word `distance` edits away from an unknown one.
    Typo { distance: u8 },
    /// A synonym rule whose one-word phrase is `distance` edits away from an unknown word.
    TypoSynonym { phrase: String, distance: u8 },
}

/// One term searched for on behalf of a concept.
#[derive(Debug, Clone)]
pub(crate) struct Alternative {
    pub term: IndexTerm,
    pub origin: Origin,
    pub boost: f32,
    pub evidence: f32,
    /// How many entries use the term (set when the plan is weighed).
    pub doc_freq: u64,
}

/// How a concept's weight was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Familiarity {
    /// The knowledge uses the word itself.
    Known,
    /// The knowledge knows the word only through a synonym or a typo correction.
    Related,
    /// The knowledge never uses the word, and it is small talk or a number.
    Filler,
    /// The knowledge never uses the word: likely a topic it does not cover.
    Unknown,
}

/// One word (or CJK character) of the query and what it is searched as.
#[derive(Debug, Clone)]
pub(crate) struct Concept {
    /// The word as typed.
    pub word: String,
    /// How much the word says: the inverse document frequency of what matches it.
    pub weight: f32,
    pub familiarity: Familiarity,
    pub alternatives: Vec<Alternative>,
}

/// The analysed query.
#[derive(Debug, Clone, Default)]
pub(crate) struct Plan {
    pub concepts: Vec<Concept>,
    /// Words dropped as too common to search for ("the", "my", "how").
    pub stop_words: Vec<String>,
    /// True when the query was longer than [`MAX_QUERY_CHARS`] or had more than
    /// [`MAX_CONCEPTS`] words.
    pub truncated: bool,
    /// The number of entries in the index.
    pub num_docs: u64,
}

impl Plan {
    /// Every distinct term with the highest boost any concept gives it.
    pub fn terms(&self) -> BTreeMap<&IndexTerm, f32> {
        let mut terms: BTreeMap<&IndexTerm, f32> = BTreeMap::new();
        for alternative in self.concepts.iter().flat_map(|c| &c.alternatives) {
            let boost = terms.entry(&alternative.term).or_insert(0.0);
            *boost = boost.max(alternative.boost);
        }
        terms
    }

    /// The terms worth ranking by: those some entry uses and, in a large pack, not nearly
    /// all of them. A term in most entries ("not", "app") adds almost nothing to any score
    /// yet costs a walk through nearly every document; it still counts in the confidence.
    pub fn ranking_terms(&self) -> BTreeMap<&IndexTerm, f32> {
        #[expect(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "entry counts are far below 2^52"
        )]
        let common = if self.num_docs < COMMON_TERMS_FROM_ENTRIES {
            self.num_docs
        } else {
            (self.num_docs as f64 * COMMON_TERM_SHARE) as u64
        };
        let usable: BTreeSet<&IndexTerm> = self
            .concepts
            .iter()
            .flat_map(|c| &c.alternatives)
            .filter(|a| a.doc_freq > 0 && a.doc_freq <= common.max(1))
            .map(|a| &a.term)
            .collect();
        let mut terms = self.terms();
        terms.retain(|term, _| usable.contains(term));
        terms
    }

    /// The total weight of the concepts: what a perfect match would explain.
    pub fn total_weight(&self) -> f32 {
        self.concepts.iter().map(|c| c.weight).sum()
    }
}

/// What the query planner needs to know about the indexed knowledge.
pub(crate) trait Lexicon {
    fn num_docs(&self) -> u64;
    /// The number of entries that use `term`, in any part.
    fn doc_freq(&self, term: &IndexTerm) -> u64;
    /// English index terms other than `term` within `distance` edits of it.
    fn similar(&self, term: &str, distance: u8) -> Vec<String>;
}

/// Inverse document frequency, as BM25 computes it.
pub(crate) fn idf(doc_freq: u64, num_docs: u64) -> f32 {
    #[expect(
        clippy::cast_precision_loss,
        reason = "entry counts are far below 2^24"
    )]
    let (df, n) = (doc_freq.min(num_docs) as f32, num_docs as f32);
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// The query text cut to [`MAX_QUERY_CHARS`] characters.
pub(crate) fn truncate(text: &str) -> (&str, bool) {
    match text.char_indices().nth(MAX_QUERY_CHARS) {
        Some((at, _)) => (&text[..at], true),
        None => (text, false),
    }
}

/// The edits allowed in a misspelt word of `chars` characters: one from 4, two from 8.
fn typo_budget(chars: usize) -> u8 {
    match chars {
        0..4 => 0,
        4..8 => 1,
        _ => 2,
    }
}

/// A word as typed, lowercased and without apostrophes ("Can't" -> "cant").
fn plain_word(raw: &str) -> String {
    raw.chars()
        .filter(|&c| !matches!(c, '\'' | '\u{2019}' | '\u{02BC}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// True when `text` has something to search for: a word that is not a stop word, or a CJK
/// character that is not grammar. Emoji, punctuation and "how do i" have none.
pub fn is_searchable(text: &str) -> bool {
    let (text, _) = truncate(text);
    !analysis::tokens(&mut analysis::english(), text).is_empty()
        || text
            .chars()
            .any(|c| is_cjk(c) && !CJK_GRAMMAR_CHARS.contains(&c))
}

/// Which characters of a CJK run belong to a filler word.
fn filler_mask(run: &[(usize, char)]) -> Vec<bool> {
    let mut mask = vec![false; run.len()];
    for word in CJK_FILLER_WORDS.iter() {
        let word: Vec<char> = word.chars().collect();
        for start in 0..run.len().saturating_sub(word.len() - 1) {
            if run[start..start + word.len()]
                .iter()
                .map(|&(_, c)| c)
                .eq(word.iter().copied())
            {
                mask[start..start + word.len()].fill(true);
            }
        }
    }
    mask
}

/// People rarely mistype the first letter of a word, and corrections that change it are
/// mostly other words ("fees" is not "sees").
fn same_first_char(a: &str, b: &str) -> bool {
    a.chars().next() == b.chars().next()
}

/// Two changed letters in a word of the same length is more often another word than a
/// typo ("password" is not "passport"); real double typos drop, add or swap letters.
fn two_substitutions(a: &str, b: &str, distance: u8) -> bool {
    distance == 2
        && a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 2
}

/// Builds the plan for `text`.
pub(crate) fn plan(text: &str, synonyms: &Synonyms, lexicon: &dyn Lexicon) -> Plan {
    let (text, mut truncated) = truncate(text);
    let mut builder = Builder {
        text,
        concepts: Vec::new(),
        english_sequence: Vec::new(),
        cjk_runs: Vec::new(),
        compounds: Vec::new(),
        truncated: false,
    };
    let stop_words = builder.add_english();
    builder.add_cjk();
    builder.expand_synonyms(synonyms);
    builder.join_compounds(lexicon);
    builder.correct_typos(synonyms, lexicon);
    truncated |= builder.truncated;
    let mut concepts = builder.concepts;
    let num_docs = lexicon.num_docs();
    for concept in &mut concepts {
        weigh(concept, lexicon, num_docs);
    }
    Plan {
        concepts,
        stop_words,
        truncated,
        num_docs,
    }
}

struct Builder<'t> {
    text: &'t str,
    concepts: Vec<Concept>,
    /// For each English token in order, its concept (for multi-word synonym phrases).
    english_sequence: Vec<(String, usize)>,
    /// Each CJK run of the query with, per character, its byte offset and its concept.
    cjk_runs: Vec<Vec<(usize, char, Option<usize>)>>,
    /// Terms that two neighbouring words may stand for, with the concepts they extend.
    compounds: Vec<(String, IndexTerm, Vec<usize>)>,
    truncated: bool,
}

impl Builder<'_> {
    /// Adds a concept, or returns the existing one for the same term.
    fn concept(&mut self, term: &IndexTerm, word: &str) -> Option<usize> {
        if let Some(index) = self
            .concepts
            .iter()
            .position(|c| c.alternatives.first().is_some_and(|a| &a.term == term))
        {
            return Some(index);
        }
        if self.concepts.len() >= MAX_CONCEPTS {
            self.truncated = true;
            return None;
        }
        let origin = if term.script == Script::Cjk {
            Origin::Character
        } else {
            Origin::Exact
        };
        let (boost, evidence) = if origin == Origin::Character {
            (CHARACTER_BOOST, CHARACTER_EVIDENCE)
        } else {
            (1.0, 1.0)
        };
        self.concepts.push(Concept {
            word: word.to_owned(),
            weight: 0.0,
            familiarity: Familiarity::Unknown,
            alternatives: vec![Alternative {
                term: term.clone(),
                origin,
                boost,
                evidence,
                doc_freq: 0,
            }],
        });
        Some(self.concepts.len() - 1)
    }

    /// Adds the English words; returns the stop words it skipped.
    fn add_english(&mut self) -> Vec<String> {
        let mut english = analysis::english();
        let tokens = analysis::tokens(&mut english, self.text);
        let words = analysis::tokens(&mut analysis::english_words(), self.text);
        let mut stop_words: Vec<String> = words
            .iter()
            .filter(|word| !tokens.iter().any(|t| t.offset_from == word.offset_from))
            .map(|word| word.text.clone())
            .collect();
        stop_words.dedup();
        let mut concept_at: HashMap<usize, usize> = HashMap::new();
        for token in tokens {
            let word = self.text[token.offset_from..token.offset_to].to_owned();
            let term = IndexTerm {
                script: Script::English,
                text: token.text,
            };
            if let Some(index) = self.concept(&term, &word) {
                concept_at.insert(token.offset_from, index);
                self.english_sequence.push((term.text, index));
            }
        }
        self.collect_compounds(&words, &concept_at, &mut english);
        stop_words
    }

    /// Notes the single terms that neighbouring words could be written as; `join_compounds`
    /// keeps those the knowledge uses.
    fn collect_compounds(
        &mut self,
        words: &[tantivy::tokenizer::Token],
        concept_at: &HashMap<usize, usize>,
        english: &mut tantivy::tokenizer::TextAnalyzer,
    ) {
        for pair in words.windows(2) {
            let (first, second) = (&pair[0], &pair[1]);
            let gap = &self.text[first.offset_to..second.offset_from];
            if !gap.chars().all(|c| c == ' ' || c == '-') {
                continue;
            }
            let concepts: Vec<usize> = [first, second]
                .iter()
                .filter_map(|w| concept_at.get(&w.offset_from).copied())
                .collect();
            if concepts.is_empty() {
                continue;
            }
            let phrase = format!("{} {}", first.text, second.text);
            let mut joined = vec![format!("{}{}", first.text, second.text)];
            if NEGATIONS.contains(&first.text.as_str()) {
                joined.extend(
                    NEGATIVE_PREFIXES
                        .iter()
                        .map(|prefix| format!("{prefix}{}", second.text)),
                );
            }
            for text in joined {
                if let [token] = analysis::tokens(english, &text).as_slice() {
                    let term = IndexTerm {
                        script: Script::English,
                        text: token.text.clone(),
                    };
                    self.compounds
                        .push((phrase.clone(), term, concepts.clone()));
                }
            }
        }
    }

    fn join_compounds(&mut self, lexicon: &dyn Lexicon) {
        for (phrase, term, concepts) in std::mem::take(&mut self.compounds) {
            if lexicon.doc_freq(&term) == 0 {
                continue;
            }
            for concept in concepts {
                self.add_alternative(
                    concept,
                    term.clone(),
                    Origin::Compound {
                        phrase: phrase.clone(),
                    },
                    COMPOUND_BOOST,
                    COMPOUND_EVIDENCE,
                );
            }
        }
    }

    /// Adds each CJK character (except grammatical ones) with the pairs it is part of.
    fn add_cjk(&mut self) {
        let runs: Vec<Vec<(usize, char)>> = cjk_runs(self.text)
            .map(|(start, run)| run.char_indices().map(|(at, c)| (start + at, c)).collect())
            .collect();
        for run in runs {
            let filler = filler_mask(&run);
            let mut positions = Vec::with_capacity(run.len());
            for (i, &(at, c)) in run.iter().enumerate() {
                let concept = if filler[i] || CJK_GRAMMAR_CHARS.contains(&c) {
                    None
                } else {
                    let term = IndexTerm {
                        script: Script::Cjk,
                        text: c.to_string(),
                    };
                    self.concept(&term, &c.to_string())
                };
                if let Some(index) = concept {
                    let neighbours = [i.checked_sub(1).map(|p| (p, i)), Some((i, i + 1))];
                    for (left, right) in neighbours.into_iter().flatten() {
                        if let (Some(&(from, _)), Some(&(to, last))) =
                            (run.get(left), run.get(right))
                        {
                            let pair = &self.text[from..to + last.len_utf8()];
                            self.add_alternative(
                                index,
                                IndexTerm {
                                    script: Script::Cjk,
                                    text: pair.to_owned(),
                                },
                                Origin::Exact,
                                1.0,
                                1.0,
                            );
                        }
                    }
                }
                positions.push((at, c, concept));
            }
            self.cjk_runs.push(positions);
        }
    }

    fn add_alternative(
        &mut self,
        concept: usize,
        term: IndexTerm,
        origin: Origin,
        boost: f32,
        evidence: f32,
    ) {
        let alternatives = &mut self.concepts[concept].alternatives;
        if let Some(existing) = alternatives.iter_mut().find(|a| a.term == term) {
            if boost > existing.boost {
                *existing = Alternative {
                    term,
                    origin,
                    boost,
                    evidence: evidence.max(existing.evidence),
                    doc_freq: 0,
                };
            }
            return;
        }
        alternatives.push(Alternative {
            term,
            origin,
            boost,
            evidence,
            doc_freq: 0,
        });
    }

    /// The concepts a synonym phrase covers in this query, if the whole phrase is in it.
    fn phrase_concepts(&self, english: &[String], cjk: &[String]) -> Vec<usize> {
        let mut covered = Vec::new();
        if !english.is_empty() {
            let windows = self.english_sequence.windows(english.len());
            let mut found = false;
            for window in windows {
                if window.iter().map(|(t, _)| t).eq(english.iter()) {
                    found = true;
                    covered.extend(window.iter().map(|&(_, c)| c));
                }
            }
            if !found {
                return Vec::new();
            }
        }
        for phrase in cjk {
            let phrase: Vec<char> = phrase.chars().collect();
            let mut found = false;
            for run in &self.cjk_runs {
                for window in run.windows(phrase.len()) {
                    if window.iter().map(|&(_, c, _)| c).eq(phrase.iter().copied()) {
                        found = true;
                        covered.extend(window.iter().filter_map(|&(_, _, concept)| concept));
                    }
                }
            }
            if !found {
                return Vec::new();
            }
        }
        covered.sort_unstable();
        covered.dedup();
        covered
    }

    fn expand_synonyms(&mut self, synonyms: &Synonyms) {
        for rule in &synonyms.rules {
            let covered = self.phrase_concepts(&rule.english, &rule.cjk);
            for concept in covered {
                for term in &rule.expansions {
                    self.add_alternative(
                        concept,
                        term.clone(),
                        Origin::Synonym {
                            phrase: rule.phrase.clone(),
                        },
                        SYNONYM_BOOST,
                        SYNONYM_EVIDENCE,
                    );
                }
            }
        }
    }

    /// Gives each English word the knowledge does not know its likely corrections: known
    /// words, and one-word synonym phrases, within the typo budget of its length.
    fn correct_typos(&mut self, synonyms: &Synonyms, lexicon: &dyn Lexicon) {
        for index in 0..self.concepts.len() {
            let concept = &self.concepts[index];
            let Some(exact) = concept.alternatives.first() else {
                continue;
            };
            let has_synonym = concept
                .alternatives
                .iter()
                .any(|a| matches!(a.origin, Origin::Synonym { .. }));
            if exact.term.script != Script::English
                || has_synonym
                || lexicon.doc_freq(&exact.term) > 0
            {
                continue;
            }
            let word = plain_word(&concept.word);
            let stem = exact.term.text.clone();
            // Judged on the stem too: "fees" is the three letters `fee` to the index.
            let budget = typo_budget(word.chars().count().min(stem.chars().count() + 1));
            if budget == 0 || word.chars().any(char::is_numeric) {
                continue;
            }
            let mut candidates: Vec<(u8, u64, String)> = lexicon
                .similar(&stem, budget)
                .into_iter()
                .filter_map(|text| {
                    let distance = u8::try_from(strsim::osa_distance(&stem, &text)).ok()?;
                    let term = IndexTerm {
                        script: Script::English,
                        text,
                    };
                    let df = lexicon.doc_freq(&term);
                    let plausible = distance >= 1
                        && distance <= budget
                        && same_first_char(&stem, &term.text)
                        && !two_substitutions(&stem, &term.text, distance);
                    plausible.then_some((distance, df, term.text))
                })
                .collect();
            candidates.sort_by_key(|(distance, df, text)| (*distance, Reverse(*df), text.clone()));
            for (distance, _, text) in candidates.into_iter().take(MAX_TYPO_CANDIDATES) {
                let slot = usize::from(distance - 1);
                self.add_alternative(
                    index,
                    IndexTerm {
                        script: Script::English,
                        text,
                    },
                    Origin::Typo { distance },
                    TYPO_BOOST[slot],
                    TYPO_EVIDENCE[slot],
                );
            }
            for rule in &synonyms.rules {
                let Some(phrase) = rule.single_word() else {
                    continue;
                };
                let distance = strsim::osa_distance(&word, phrase);
                let Ok(distance) = u8::try_from(distance) else {
                    continue;
                };
                if distance == 0
                    || distance > budget
                    || !same_first_char(&word, phrase)
                    || two_substitutions(&word, phrase, distance)
                {
                    continue;
                }
                let slot = usize::from(distance - 1);
                for term in &rule.expansions {
                    self.add_alternative(
                        index,
                        term.clone(),
                        Origin::TypoSynonym {
                            phrase: rule.phrase.clone(),
                            distance,
                        },
                        SYNONYM_BOOST * TYPO_BOOST[slot],
                        SYNONYM_EVIDENCE * TYPO_EVIDENCE[slot],
                    );
                }
            }
        }
    }
}

/// Sets a concept's weight: the IDF of the word if the knowledge uses it, else of the most
/// common term standing in for it; unknown words weigh about as much as the rarest ones, so
/// a query about something the knowledge never mentions explains little of any entry.
fn weigh(concept: &mut Concept, lexicon: &dyn Lexicon, num_docs: u64) {
    for alternative in &mut concept.alternatives {
        alternative.doc_freq = lexicon.doc_freq(&alternative.term);
    }
    let exact_df = concept.alternatives.first().map_or(0, |a| a.doc_freq);
    let related_df = concept
        .alternatives
        .iter()
        .skip(1)
        .map(|a| a.doc_freq)
        .max()
        .unwrap_or(0);
    let (familiarity, weight) = if exact_df > 0 {
        (Familiarity::Known, idf(exact_df, num_docs))
    } else if related_df > 0 {
        (Familiarity::Related, idf(related_df, num_docs))
    } else if is_filler(&plain_word(&concept.word)) {
        (Familiarity::Filler, 0.0)
    } else {
        (Familiarity::Unknown, UNKNOWN_WEIGHT * idf(0, num_docs))
    };
    concept.familiarity = familiarity;
    concept.weight = weight;
}

fn is_filler(word: &str) -> bool {
    FILLER_WORDS.contains(word) || word.chars().all(char::is_numeric)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use super::*;

    /// A lexicon over a fixed list of terms with their document frequencies.
    struct Fake(HashMap<IndexTerm, u64>);

    impl Fake {
        fn new(english: &[(&str, u64)], cjk: &[(&str, u64)]) -> Self {
            let mut terms = HashMap::new();
            for &(text, df) in english {
                terms.insert(
                    IndexTerm {
                        script: Script::English,
                        text: text.to_owned(),
                    },
                    df,
                );
            }
            for &(text, df) in cjk {
                terms.insert(
                    IndexTerm {
                        script: Script::Cjk,
                        text: text.to_owned(),
                    },
                    df,
                );
            }
            Self(terms)
        }
    }

    impl Lexicon for Fake {
        fn num_docs(&self) -> u64 {
            10
        }

        fn doc_freq(&self, term: &IndexTerm) -> u64 {
            self.0.get(term).copied().unwrap_or(0)
        }

        fn similar(&self, term: &str, distance: u8) -> Vec<String> {
            self.0
                .keys()
                .filter(|t| t.script == Script::English && t.text != term)
                .filter(|t| strsim::osa_distance(&t.text, term) <= usize::from(distance))
                .map(|t| t.text.clone())
                .collect()
        }
    }

    fn lexicon() -> Fake {
        Fake::new(
            &[
                ("upload", 3),
                ("photo", 4),
                ("address", 2),
                ("proof", 2),
                ("face", 2),
                ("verif", 9),
            ],
            &[
                ("相", 1),
                ("相机", 1),
                ("机", 1),
                ("打", 2),
                ("开", 1),
                ("不开", 1),
            ],
        )
    }

    fn synonyms() -> Synonyms {
        let table: BTreeMap<String, Vec<String>> = [
            ("pic", vec!["photo"]),
            ("selfie", vec!["face"]),
            ("poa", vec!["address proof"]),
            ("proof of address", vec!["address proof"]),
            ("照片", vec!["photo"]),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.into_iter().map(str::to_owned).collect()))
        .collect();
        Synonyms::new(&table)
    }

    fn plan_of(text: &str) -> Plan {
        plan(text, &synonyms(), &lexicon())
    }

    fn alternatives(plan: &Plan, word: &str) -> Vec<(String, Origin)> {
        plan.concepts
            .iter()
            .find(|c| c.word == word)
            .unwrap_or_else(|| panic!("no concept {word}"))
            .alternatives
            .iter()
            .map(|a| (a.term.text.clone(), a.origin.clone()))
            .collect()
    }

    #[test]
    fn words_become_concepts_and_stop_words_are_reported() {
        let plan = plan_of("Why is my photo not uploading");
        let words: Vec<&str> = plan.concepts.iter().map(|c| c.word.as_str()).collect();
        assert_eq!(words, ["photo", "not", "uploading"]);
        assert_eq!(plan.stop_words, ["why", "is", "my"]);
        assert_eq!(plan.concepts[0].familiarity, Familiarity::Known);
        assert_eq!(plan.concepts[1].familiarity, Familiarity::Unknown);
    }

    #[test]
    fn repeated_words_are_one_concept() {
        let plan = plan_of("photo PHOTOS photo");
        assert_eq!(plan.concepts.len(), 1);
    }

    #[test]
    fn synonyms_expand_words_and_phrases() {
        let plan = plan_of("pic rejected");
        assert_eq!(
            alternatives(&plan, "pic"),
            [
                ("pic".to_owned(), Origin::Exact),
                (
                    "photo".to_owned(),
                    Origin::Synonym {
                        phrase: "pic".into()
                    }
                )
            ]
        );
        assert_eq!(plan.concepts[0].familiarity, Familiarity::Related);
        let plan = plan_of("my proof of address");
        let proof: Vec<String> = alternatives(&plan, "proof")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(proof, ["proof", "address"]);
        assert!(plan_of("address, not proof").concepts.iter().all(|c| {
            c.alternatives
                .iter()
                .all(|a| !matches!(a.origin, Origin::Synonym { .. }))
        }));
    }

    #[test]
    fn unknown_words_get_typo_corrections() {
        let plan = plan_of("cant uplaod");
        assert!(
            alternatives(&plan, "uplaod")
                .contains(&("upload".into(), Origin::Typo { distance: 1 }))
        );
        let plan = plan_of("slefie");
        assert!(alternatives(&plan, "slefie").contains(&(
            "face".into(),
            Origin::TypoSynonym {
                phrase: "selfie".into(),
                distance: 1
            }
        )));
    }

    #[test]
    fn neighbouring_words_may_be_one_known_term() {
        let plan = plan(
            "a screen shot, not valid",
            &Synonyms::default(),
            &Fake::new(&[("screenshot", 1), ("invalid", 1)], &[]),
        );
        let compound = |phrase: &str| Origin::Compound {
            phrase: phrase.into(),
        };
        assert!(
            alternatives(&plan, "screen").contains(&("screenshot".into(), compound("screen shot")))
        );
        assert!(
            alternatives(&plan, "shot").contains(&("screenshot".into(), compound("screen shot")))
        );
        assert!(alternatives(&plan, "valid").contains(&("invalid".into(), compound("not valid"))));
        assert!(
            !alternatives(&plan, "shot")
                .iter()
                .any(|(t, _)| t == "shotnot")
        );
    }

    #[test]
    fn other_words_are_not_typos() {
        let lexicon = Fake::new(&[("passport", 3), ("verif", 3)], &[]);
        let plan = plan("password verifcation", &Synonyms::default(), &lexicon);
        assert_eq!(alternatives(&plan, "password").len(), 1);
        assert!(
            alternatives(&plan, "verifcation")
                .iter()
                .any(|(t, _)| t == "verif")
        );
    }

    #[test]
    fn short_and_known_words_are_not_corrected() {
        assert_eq!(alternatives(&plan_of("fac"), "fac").len(), 1);
        assert_eq!(alternatives(&plan_of("photo"), "photo").len(), 1);
    }

    #[test]
    fn unknown_words_weigh_like_rare_ones_and_filler_weighs_nothing() {
        let plan = plan_of("withdraw photo please");
        let weight = |word: &str| {
            plan.concepts
                .iter()
                .find(|c| c.word == word)
                .map(|c| c.weight)
                .expect("concept")
        };
        assert!(weight("withdraw") > weight("photo"));
        assert!(weight("please").abs() < f32::EPSILON);
    }

    #[test]
    fn cjk_characters_search_their_pairs() {
        let plan = plan_of("我的相机打不开");
        let words: Vec<&str> = plan.concepts.iter().map(|c| c.word.as_str()).collect();
        assert_eq!(words, ["相", "机", "打", "不", "开"]);
        let ji: Vec<String> = alternatives(&plan, "机")
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        assert_eq!(ji, ["机", "相机", "机打"]);
    }

    #[test]
    fn cjk_synonyms_match_substrings() {
        let plan = plan_of("上传照片");
        assert!(
            alternatives(&plan, "照")
                .iter()
                .any(|(t, o)| t == "photo" && matches!(o, Origin::Synonym { .. }))
        );
        assert!(
            alternatives(&plan, "上")
                .iter()
                .all(|(_, o)| !matches!(o, Origin::Synonym { .. }))
        );
    }

    #[test]
    fn hostile_text_is_plain_words() {
        for text in [
            "AND (",
            "title:\"x",
            "-",
            "^",
            "error: upload",
            "\"unbalanced",
            "a OR b NOT c",
            "*?~[]{}",
            "\u{0}\u{1b}[31m",
            "📷😭🙏",
        ] {
            let plan = plan_of(text);
            for concept in &plan.concepts {
                assert!(concept.word.chars().all(char::is_alphanumeric), "{text:?}");
            }
        }
        let words: Vec<String> = plan_of("error: upload")
            .concepts
            .iter()
            .map(|c| c.word.clone())
            .collect();
        assert_eq!(words, ["error", "upload"]);
        let words: Vec<String> = plan_of("title:\"x AND (photo")
            .concepts
            .iter()
            .map(|c| c.word.clone())
            .collect();
        assert_eq!(words, ["title", "x", "photo"]);
    }

    #[test]
    fn huge_input_is_truncated_not_refused() {
        let text = "upload ".repeat(200_000);
        let plan = plan_of(&text);
        assert!(plan.truncated);
        assert_eq!(plan.concepts.len(), 1);
        let many = (0..500).fold(String::new(), |mut text, i| {
            text.push('w');
            text.push_str(&i.to_string());
            text.push(' ');
            text
        });
        let plan = plan_of(&many);
        assert!(plan.truncated);
        assert_eq!(plan.concepts.len(), MAX_CONCEPTS);
    }

    #[test]
    fn knows_when_nothing_is_searchable() {
        assert!(is_searchable("cant upload"));
        assert!(is_searchable("相机"));
        for text in ["", "   ", "how do i", "📷😭", "?!-^", "的了吗", "\u{0}"] {
            assert!(!is_searchable(text), "{text:?}");
        }
    }

    #[test]
    fn idf_falls_with_frequency() {
        assert!(idf(0, 10) > idf(1, 10));
        assert!(idf(1, 10) > idf(10, 10));
        assert!(idf(10, 10) > 0.0);
    }
}
