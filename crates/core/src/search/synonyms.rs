//! The knowledge's synonym table, analysed once so queries can be expanded cheaply.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::TextAnalyzer;

use super::analysis;
use crate::text::cjk_runs;

/// The script of a term decides which fields it is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Script {
    English,
    Cjk,
}

/// An analysed term of the index: a stemmed English word or a CJK unigram or bigram.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct IndexTerm {
    pub script: Script,
    pub text: String,
}

/// One synonym rule: a phrase people use, and the guide's terms it stands for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SynonymRule {
    /// The phrase as written in the table.
    pub phrase: String,
    /// The phrase's English terms, matched as a run of consecutive query terms.
    pub english: Vec<String>,
    /// The phrase's CJK runs, each matched as a substring of the query.
    pub cjk: Vec<String>,
    pub expansions: Vec<IndexTerm>,
}

impl SynonymRule {
    /// The phrase when it is a single English word, for typo matching.
    pub fn single_word(&self) -> Option<&str> {
        (self.english.len() == 1
            && self.cjk.is_empty()
            && self.phrase.chars().all(char::is_alphanumeric))
        .then_some(self.phrase.as_str())
    }
}

/// The analysed synonym table. Analysing stems every phrase, so the cache keeps it beside
/// the index (see `cache`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Synonyms {
    pub rules: Vec<SynonymRule>,
}

impl Synonyms {
    pub fn new(table: &BTreeMap<String, Vec<String>>) -> Self {
        let mut english = analysis::english();
        let mut cjk = analysis::cjk();
        let rules = table
            .iter()
            .filter_map(|(phrase, targets)| {
                let rule = SynonymRule {
                    phrase: phrase.clone(),
                    english: english_terms(&mut english, phrase),
                    cjk: cjk_runs(phrase).map(|(_, run)| run.to_owned()).collect(),
                    expansions: targets
                        .iter()
                        .flat_map(|target| expansion_terms(&mut english, &mut cjk, target))
                        .collect(),
                };
                let matchable = !rule.english.is_empty() || !rule.cjk.is_empty();
                (matchable && !rule.expansions.is_empty()).then_some(rule)
            })
            .collect();
        Self { rules }
    }
}

fn english_terms(english: &mut TextAnalyzer, text: &str) -> Vec<String> {
    analysis::tokens(english, text)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// What a synonym target adds to a query: its English terms, and its CJK bigrams (or the
/// single character of a one-character run).
fn expansion_terms(
    english: &mut TextAnalyzer,
    cjk: &mut TextAnalyzer,
    target: &str,
) -> Vec<IndexTerm> {
    let mut terms: Vec<IndexTerm> = english_terms(english, target)
        .into_iter()
        .map(|text| IndexTerm {
            script: Script::English,
            text,
        })
        .collect();
    for (_, run) in cjk_runs(target) {
        let grams = analysis::tokens(cjk, run);
        let single = run.chars().count() == 1;
        terms.extend(
            grams
                .into_iter()
                .filter(|g| single || g.text.chars().count() == 2)
                .map(|g| IndexTerm {
                    script: Script::Cjk,
                    text: g.text,
                }),
        );
    }
    terms.sort();
    terms.dedup();
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(pairs: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.iter().map(|s| (*s).to_owned()).collect()))
            .collect()
    }

    #[test]
    fn analyses_phrases_and_targets() {
        let synonyms = Synonyms::new(&table(&[
            ("proof of address", &["address proof"]),
            ("pics", &["photo"]),
            ("相机", &["camera", "摄像头"]),
        ]));
        let rules = &synonyms.rules;
        assert_eq!(rules.len(), 3);
        let pics = rules
            .iter()
            .find(|r| r.phrase == "pics")
            .expect("pics rule");
        assert_eq!(pics.english, ["pic"]);
        assert_eq!(pics.single_word(), Some("pics"));
        let proof = rules
            .iter()
            .find(|r| r.phrase == "proof of address")
            .expect("proof rule");
        assert_eq!(proof.english, ["proof", "address"]);
        assert_eq!(proof.single_word(), None);
        let camera = rules
            .iter()
            .find(|r| r.phrase == "相机")
            .expect("相机 rule");
        assert_eq!(camera.cjk, ["相机"]);
        let texts: Vec<&str> = camera.expansions.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["camera", "像头", "摄像"]);
    }

    #[test]
    fn drops_rules_that_cannot_match_or_expand() {
        let synonyms = Synonyms::new(&table(&[("the", &["photo"]), ("pic", &["the"])]));
        assert!(synonyms.rules.is_empty());
    }
}
