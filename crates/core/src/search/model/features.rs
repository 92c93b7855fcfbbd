//! What the model sees of a text: tf-idf weighted word and character n-grams.
//!
//! Three groups of features, in the shape of Rasa's and scikit-learn's text pipelines:
//! English words as the search analyses them (lowercased, folded, stop words out, stemmed)
//! as unigrams and bigrams; every word as typed in character 2- to 4-grams within its
//! boundaries ("uplaod" shares ` up`, `pl`, `oad ` with "upload", so typos and inflections
//! still count); and CJK runs as character 1- to 3-grams (written Chinese has no spaces).
//! Each group is weighted by sublinear term frequency times inverse document frequency and
//! scaled to unit length, so a long message weighs no more than a short one.
//!
//! A feature is known by a 64-bit hash of its text, so the vocabulary is a sorted list of
//! numbers that loads without building a map; `--explain` names features by regenerating
//! them from the query.

use std::hash::Hasher as _;

use rustc_hash::FxHasher;
use serde::{Deserialize, Serialize};
use tantivy::directory::OwnedBytes;
use tantivy::tokenizer::{TextAnalyzer, TokenStream as _};

use super::numbers::Numbers;

use crate::search::analysis;
use crate::text::cjk_runs;

/// The character n-grams of each word: from pairs to runs of four. Runs of five as well
/// cross-validated no better and made a quarter more features to train and map.
const CHAR_GRAMS: std::ops::RangeInclusive<usize> = 2..=4;
/// The character n-grams of each CJK run: single characters to runs of three.
const CJK_GRAMS: std::ops::RangeInclusive<usize> = 1..=3;
/// Words longer than this are pasted noise (hashes, links); their character n-grams are not
/// taken.
const MAX_GRAM_WORD_CHARS: usize = 24;

/// The three groups of features; each is scaled to unit length on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    /// An analysed word, or two in a row.
    Words,
    /// A piece of a word as typed.
    Characters,
    /// A piece of a CJK run.
    Cjk,
}

impl Group {
    const ALL: [Group; 3] = [Group::Words, Group::Characters, Group::Cjk];

    fn tag(self) -> u8 {
        match self {
            Group::Words => b'w',
            Group::Characters => b'c',
            Group::Cjk => b'h',
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Group::Words => "words",
            Group::Characters => "characters",
            Group::Cjk => "cjk",
        }
    }
}

/// One n-gram of a text, before it is looked up in a vocabulary.
#[derive(Debug, Clone, PartialEq)]
pub struct Gram {
    pub group: Group,
    pub text: String,
    pub hash: u64,
}

fn hash_of(group: Group, text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write_u8(group.tag());
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// Makes the n-grams of texts; holds the analyzers so they are built once per use.
pub struct Extractor {
    english: TextAnalyzer,
    words: TextAnalyzer,
}

impl Default for Extractor {
    fn default() -> Self {
        Self {
            english: analysis::english(),
            words: analysis::english_words(),
        }
    }
}

impl Extractor {
    /// Every n-gram of `text`, with repeats (term frequency counts them).
    pub fn grams(&mut self, text: &str) -> Vec<Gram> {
        let mut grams = Vec::new();
        let mut push = |group: Group, text: String| {
            grams.push(Gram {
                group,
                hash: hash_of(group, &text),
                text,
            });
        };
        let stems: Vec<String> = analysis::tokens(&mut self.english, text)
            .into_iter()
            .map(|t| t.text)
            .collect();
        for (i, stem) in stems.iter().enumerate() {
            push(Group::Words, stem.clone());
            if let Some(next) = stems.get(i + 1) {
                push(Group::Words, format!("{stem} {next}"));
            }
        }
        let mut stream = self.words.token_stream(text);
        while stream.advance() {
            let word: Vec<char> = stream.token().text.chars().collect();
            if word.len() > MAX_GRAM_WORD_CHARS {
                continue;
            }
            let padded: Vec<char> = std::iter::once(' ')
                .chain(word)
                .chain(std::iter::once(' '))
                .collect();
            for n in CHAR_GRAMS {
                for window in padded.windows(n) {
                    push(Group::Characters, window.iter().collect());
                }
            }
        }
        for (_, run) in cjk_runs(text) {
            let run: Vec<char> = run.chars().collect();
            for n in CJK_GRAMS {
                for window in run.windows(n) {
                    push(Group::Cjk, window.iter().collect());
                }
            }
        }
        grams
    }
}

/// A text as the model sees it: (feature, value) pairs sorted by feature, unit length per
/// group.
pub type Vector = Vec<(u32, f32)>;

/// The features the model was trained on, with their inverse document frequencies.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Sorted feature hashes: a feature's number is its position.
    hashes: Numbers<u64>,
    idf: Numbers<f32>,
    /// Each feature's group, as its position in [`Group::ALL`].
    groups: Numbers<u8>,
}

impl Vocabulary {
    /// The vocabulary of a set of texts (given as their n-grams): every n-gram seen, weighted
    /// by smoothed inverse document frequency, `ln((1 + n) / (1 + df)) + 1`. (Keeping only
    /// n-grams seen twice or more did worse in cross-validation.)
    pub fn learn(documents: &[Vec<Gram>]) -> Self {
        let mut seen: Vec<(u64, Group, usize)> = Vec::new();
        for (doc, grams) in documents.iter().enumerate() {
            seen.extend(grams.iter().map(|g| (g.hash, g.group, doc)));
        }
        seen.sort_unstable_by_key(|&(hash, _, doc)| (hash, doc));
        seen.dedup_by_key(|&mut (hash, _, doc)| (hash, doc));
        #[allow(clippy::cast_precision_loss)]
        let n = documents.len() as f32;
        let runs: Vec<&[(u64, Group, usize)]> = seen.chunk_by(|a, b| a.0 == b.0).collect();
        Self {
            hashes: Numbers::from_values(runs.iter().map(|run| run[0].0)),
            #[allow(clippy::cast_precision_loss)]
            idf: Numbers::from_values(
                runs.iter()
                    .map(|run| ((1.0 + n) / (1.0 + run.len() as f32)).ln() + 1.0),
            ),
            groups: Numbers::from_values(runs.iter().map(|run| group_slot(run[0].1))),
        }
    }

    /// The vocabulary of `features` features at the start of `bytes` (as
    /// [`Vocabulary::put`] wrote it), and the bytes after it.
    pub fn split_off(bytes: OwnedBytes, features: usize) -> Option<(Self, OwnedBytes)> {
        let (hashes, rest) = Numbers::split_off(bytes, features)?;
        let (idf, rest) = Numbers::split_off(rest, features)?;
        let (groups, rest) = Numbers::split_off(rest, features)?;
        Some((
            Self {
                hashes,
                idf,
                groups,
            },
            rest,
        ))
    }

    /// Appends the vocabulary to `out` as little-endian numbers.
    pub fn put(&self, out: &mut Vec<u8>) {
        for numbers in [
            self.hashes.as_bytes(),
            self.idf.as_bytes(),
            self.groups.as_bytes(),
        ] {
            out.extend_from_slice(numbers);
        }
    }

    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The number of a known feature.
    pub fn feature(&self, hash: u64) -> Option<u32> {
        u32::try_from(self.hashes.position(hash)?).ok()
    }

    /// The group of a known feature.
    pub fn group(&self, feature: u32) -> Group {
        Group::ALL
            .get(usize::from(self.groups.get(feature as usize)))
            .copied()
            .unwrap_or(Group::Words)
    }

    /// The tf-idf vector of a text's n-grams; unknown n-grams are left out.
    pub fn vector(&self, grams: &[Gram]) -> Vector {
        let mut known: Vec<u32> = grams.iter().filter_map(|g| self.feature(g.hash)).collect();
        known.sort_unstable();
        let mut vector: Vector = Vec::with_capacity(known.len());
        for feature in known {
            match vector.last_mut() {
                Some((last, count)) if *last == feature => *count += 1.0,
                _ => vector.push((feature, 1.0)),
            }
        }
        let mut norms = [0.0_f32; Group::ALL.len()];
        for (feature, value) in &mut vector {
            *value = (1.0 + value.ln()) * self.idf.get(*feature as usize);
            norms[usize::from(group_slot(self.group(*feature)))] += *value * *value;
        }
        for (feature, value) in &mut vector {
            let norm = norms[usize::from(group_slot(self.group(*feature)))].sqrt();
            if norm > 0.0 {
                *value /= norm;
            }
        }
        vector
    }
}

/// The position of `group` in [`Group::ALL`].
fn group_slot(group: Group) -> u8 {
    match group {
        Group::Words => 0,
        Group::Characters => 1,
        Group::Cjk => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(grams: &[Gram], group: Group) -> Vec<&str> {
        grams
            .iter()
            .filter(|g| g.group == group)
            .map(|g| g.text.as_str())
            .collect()
    }

    #[test]
    fn words_are_analysed_and_paired_pieces_are_taken_within_words() {
        let grams = Extractor::default().grams("Can't upload my photos");
        let words = texts(&grams, Group::Words);
        assert!(words.contains(&"upload"), "{words:?}");
        assert!(words.contains(&"photo"), "{words:?}");
        assert!(words.contains(&"upload photo"), "{words:?}");
        assert!(!words.contains(&"my"), "stop words are left out: {words:?}");
        let pieces = texts(&grams, Group::Characters);
        assert!(pieces.contains(&" up"));
        assert!(pieces.contains(&"oad "));
        assert!(
            pieces.contains(&"cant"),
            "apostrophes are dropped: {pieces:?}"
        );
        assert!(
            !pieces.iter().any(|p| p.contains("d m")),
            "no piece spans two words"
        );
    }

    #[test]
    fn cjk_runs_give_characters_and_short_runs() {
        let grams = Extractor::default().grams("KYC人脸识别失败");
        let cjk = texts(&grams, Group::Cjk);
        for wanted in ["人", "人脸", "人脸识", "失败"] {
            assert!(cjk.contains(&wanted), "{wanted}: {cjk:?}");
        }
        assert!(texts(&grams, Group::Words).contains(&"kyc"));
    }

    #[test]
    fn vectors_are_unit_length_per_group_and_skip_unknown_features() {
        let mut extractor = Extractor::default();
        let documents: Vec<Vec<Gram>> = ["upload photo", "camera blocked", "照片上传"]
            .iter()
            .map(|t| extractor.grams(t))
            .collect();
        let vocabulary = Vocabulary::learn(&documents);
        let vector = vocabulary.vector(&extractor.grams("upload photo 照片 zzzz"));
        assert!(
            vocabulary
                .feature(extractor.grams("zzzz")[0].hash)
                .is_none()
        );
        assert!(vector.windows(2).all(|w| w[0].0 < w[1].0));
        for group in Group::ALL {
            let norm: f32 = vector
                .iter()
                .filter(|(f, _)| vocabulary.group(*f) == group)
                .map(|(_, v)| v * v)
                .sum();
            assert!((norm - 1.0).abs() < 1e-4, "{group:?}: {norm}");
        }
        assert!(vocabulary.vector(&extractor.grams("zzzz qqqq")).is_empty());
    }
}
