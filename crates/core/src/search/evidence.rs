//! What of a query an entry contains: the best match of each query word, and where in the
//! entry's text the matched words are (for snippets).

use std::collections::HashMap;
use std::ops::Range;

use tantivy::tokenizer::TextAnalyzer;

use super::analysis;
use super::query::Plan;
use super::schema::Part;
use super::synonyms::{IndexTerm, Script};

/// The stored text of one entry, part by part.
#[derive(Debug, Clone, Default)]
pub(crate) struct EntryText {
    pub parts: Vec<(Part, Vec<String>)>,
}

/// The best way one query concept was found in an entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hit {
    /// Index into the concept's alternatives.
    pub alternative: usize,
    pub part: Part,
    /// The alternative's evidence times the part's.
    pub credit: f32,
}

/// The matched words of one text value of an entry.
#[derive(Debug, Clone)]
pub(crate) struct ValueHits {
    pub part: Part,
    pub text: String,
    /// Byte ranges of the matched words, sorted and disjoint.
    pub ranges: Vec<Range<usize>>,
    /// The concepts found in this value.
    pub concepts: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Evidence {
    /// Per concept of the plan, its best hit in the entry.
    pub hits: Vec<Option<Hit>>,
    pub values: Vec<ValueHits>,
}

impl Evidence {
    /// The share of the query's weight that the entry explains, each concept counted by
    /// the credit of its best hit: 1.0 when every informative word is found as typed in
    /// a title, alias or question.
    pub fn coverage(&self, plan: &Plan) -> f32 {
        let total = plan.total_weight();
        if total <= 0.0 {
            return 0.0;
        }
        let explained: f32 = plan
            .concepts
            .iter()
            .zip(&self.hits)
            .map(|(concept, hit)| hit.map_or(0.0, |h| concept.weight * h.credit))
            .sum();
        (explained / total).clamp(0.0, 1.0)
    }
}

/// Finds a plan's terms in the text of entries: prepared once per query, then used for
/// each of its candidates.
pub(crate) struct Finder<'p> {
    concepts: usize,
    /// Each wanted term -> the (concept, alternative, evidence) it stands for.
    wanted: HashMap<&'p IndexTerm, Vec<(usize, usize, f32)>>,
    /// Which words can stem to a wanted English term.
    gate: analysis::StemGate,
    english: TextAnalyzer,
    cjk: TextAnalyzer,
}

impl<'p> Finder<'p> {
    pub fn new(plan: &'p Plan) -> Self {
        let mut wanted: HashMap<&IndexTerm, Vec<(usize, usize, f32)>> = HashMap::new();
        for (c, concept) in plan.concepts.iter().enumerate() {
            for (a, alternative) in concept.alternatives.iter().enumerate() {
                wanted
                    .entry(&alternative.term)
                    .or_default()
                    .push((c, a, alternative.evidence));
            }
        }
        let gate = analysis::StemGate::new(
            wanted
                .keys()
                .filter(|term| term.script == Script::English)
                .map(|term| term.text.as_str()),
        );
        Self {
            concepts: plan.concepts.len(),
            wanted,
            gate,
            english: analysis::english(),
            cjk: analysis::cjk(),
        }
    }

    /// What of the plan `entry` contains.
    pub fn gather(&mut self, entry: &EntryText) -> Evidence {
        let mut hits: Vec<Option<Hit>> = vec![None; self.concepts];
        let mut values = Vec::new();
        for (part, texts) in &entry.parts {
            for text in texts {
                let mut ranges: Vec<Range<usize>> = Vec::new();
                let mut concepts: Vec<usize> = Vec::new();
                // Most text has no CJK at all: the CJK pass would only walk it to find nothing.
                let cjk_tokens = if analysis::has_cjk(text) {
                    analysis::tokens(&mut self.cjk, text)
                } else {
                    Vec::new()
                };
                let tokens = analysis::english_tokens_where(&mut self.english, text, &self.gate)
                    .into_iter()
                    .map(|t| (Script::English, t))
                    .chain(cjk_tokens.into_iter().map(|t| (Script::Cjk, t)));
                for (script, token) in tokens {
                    let term = IndexTerm {
                        script,
                        text: token.text,
                    };
                    let Some(matches) = self.wanted.get(&term) else {
                        continue;
                    };
                    ranges.push(token.offset_from..token.offset_to);
                    for &(c, a, evidence) in matches {
                        concepts.push(c);
                        let credit = evidence * part.evidence();
                        if hits[c].is_none_or(|h| credit > h.credit) {
                            hits[c] = Some(Hit {
                                alternative: a,
                                part: *part,
                                credit,
                            });
                        }
                    }
                }
                if !ranges.is_empty() {
                    concepts.sort_unstable();
                    concepts.dedup();
                    values.push(ValueHits {
                        part: *part,
                        text: text.clone(),
                        ranges: merge(ranges),
                        concepts,
                    });
                }
            }
        }
        Evidence { hits, values }
    }
}

/// Sorts ranges and merges those that overlap or touch.
fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::{self, Lexicon};
    use crate::search::synonyms::Synonyms;

    struct Everything;

    impl Lexicon for Everything {
        fn num_docs(&self) -> u64 {
            10
        }
        fn doc_freq(&self, _: &IndexTerm) -> u64 {
            1
        }
        fn similar(&self, _: &str, _: u8) -> Vec<String> {
            Vec::new()
        }
    }

    fn entry() -> EntryText {
        EntryText {
            parts: vec![
                (
                    Part::Title,
                    vec!["The app can't upload your ID photos".into()],
                ),
                (Part::Aliases, vec!["无法上传照片".into()]),
                (Part::Steps, vec!["Check your internet connection.".into()]),
            ],
        }
    }

    #[test]
    fn finds_words_and_where_they_are() {
        let plan = query::plan("upload photo internet", &Synonyms::default(), &Everything);
        let evidence = Finder::new(&plan).gather(&entry());
        assert!(evidence.hits.iter().all(Option::is_some));
        let title = &evidence.values[0];
        assert_eq!(title.part, Part::Title);
        let words: Vec<&str> = title
            .ranges
            .iter()
            .map(|r| &title.text[r.clone()])
            .collect();
        assert_eq!(words, ["upload", "photos"]);
        let internet = evidence.hits[2].expect("internet is found");
        assert_eq!(internet.part, Part::Steps);
        assert!(internet.credit < 1.0);
        let coverage = evidence.coverage(&plan);
        assert!(coverage > 0.8 && coverage < 1.0, "{coverage}");
    }

    #[test]
    fn cjk_matches_merge_into_one_highlight() {
        let plan = query::plan("上传照片", &Synonyms::default(), &Everything);
        let evidence = Finder::new(&plan).gather(&entry());
        let alias = &evidence.values[0];
        assert_eq!(alias.part, Part::Aliases);
        let words: Vec<&str> = alias
            .ranges
            .iter()
            .map(|r| &alias.text[r.clone()])
            .collect();
        assert_eq!(words, ["上传照片"]);
        assert!((evidence.coverage(&plan) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn missing_words_lower_coverage() {
        let plan = query::plan("upload withdrawal", &Synonyms::default(), &Everything);
        let evidence = Finder::new(&plan).gather(&entry());
        assert!(evidence.hits[1].is_none());
        assert!((evidence.coverage(&plan) - 0.5).abs() < 1e-6);
    }
}
