//! The trained model that decides what a description is about: one class per entry, one per
//! neighbouring topic the pack names as out of scope, and one for everything else.
//!
//! It is a multinomial logistic regression over tf-idf word and character n-grams
//! (`features`), trained by `SearchData::train` (`train`) on the pack's own text: every
//! entry's title, summary, question, answer, aliases and steps, every topic's examples, and
//! the labelled queries of the pack's tests except those of suites marked `held_out` and the
//! known misses (`TestFile::training_examples`), each
//! also wrapped in small talk (`data/small-talk.txt`) so that the narrative of a long
//! complaint weighs nothing. Its probabilities are what the search reports as confidence.

mod features;
mod numbers;
mod train;

use serde::{Deserialize, Serialize};
use tantivy::directory::OwnedBytes;

pub use features::{Extractor, Gram, Group};
use features::{Vector, Vocabulary};
use numbers::Numbers;
use train::Sample;

use crate::knowledge::{Decision, Knowledge};

/// Packs with more entries than this get no trained model: training time and the weights
/// grow with entries times features. Their matches are ranked and judged by retrieval alone.
pub const MAX_TRAINED_ENTRIES: usize = 1_000;

/// What a class of the model stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Class {
    /// A guide entry, by id.
    Entry(String),
    /// A neighbouring topic the pack does not cover, by id, with the name the assistant uses
    /// for it.
    Topic { id: String, name: String },
    /// Anything else out of scope.
    Elsewhere,
}

/// The trained model of one pack.
///
/// Its vocabulary and weights (`[feature * classes + class]`) are little-endian numbers that
/// the cache keeps in a file of their own (see [`Model::numbers`]): a warm run maps them
/// instead of reading them, so it touches only the rows of a question's features.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    classes: Vec<Class>,
    bias: Vec<f32>,
    /// How many features the vocabulary has.
    features: usize,
    #[serde(skip)]
    vocabulary: Vocabulary,
    #[serde(skip)]
    weights: Numbers<f32>,
}

/// How sure the search is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "verdict")]
pub enum Verdict {
    /// The first match is what the text is about.
    Confident,
    /// The matches have real evidence, but none is sure: the user should choose.
    Plausible,
    /// Nothing the pack covers; `topic` names the neighbouring topic it is about, if known.
    OutOfScope { topic: Option<OutOfScopeTopic> },
}

/// A neighbouring topic the pack does not cover.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutOfScopeTopic {
    pub id: String,
    pub name: String,
    pub confidence: f32,
}

/// The model's reading of a text: the plausible entries best first, and the verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    pub entries: Vec<(String, f32)>,
    /// In scope, the entries below the floors, best first: what the chat offers when none of
    /// `entries` is right.
    pub runners_up: Vec<(String, f32)>,
    pub verdict: Verdict,
}

/// One feature of a text and what it added to a class's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    pub group: Group,
    pub text: String,
    pub weight: f32,
}

impl Model {
    /// Trains the model of `knowledge`, or `None` when the pack is too large to train (see
    /// [`MAX_TRAINED_ENTRIES`]) or has nothing to learn from.
    pub fn train(knowledge: &Knowledge) -> Option<Model> {
        Self::train_with(knowledge, train::L2_PENALTY, &[])
    }

    /// Like [`Model::train`], with another L2 penalty and some of the pack's test examples
    /// (by position in `knowledge.examples`) left out: for cross-validation.
    pub fn train_with(knowledge: &Knowledge, penalty: f64, left_out: &[usize]) -> Option<Model> {
        if knowledge.entries().len() > MAX_TRAINED_ENTRIES || knowledge.entries().is_empty() {
            return None;
        }
        let classes = classes_of(knowledge);
        let labelled = labelled_texts(knowledge, &classes, left_out);
        let mut extractor = Extractor::default();
        let grams: Vec<Vec<Gram>> = labelled
            .iter()
            .map(|(text, _, _)| extractor.grams(text))
            .collect();
        // The vocabulary and its document frequencies are the pack's own texts' and the small
        // talk's: the wrapped copies below repeat every text.
        let phrases = &crate::wordlists::SMALL_TALK;
        let small_talk_grams: Vec<Vec<Gram>> = phrases
            .iter()
            .map(|phrase| extractor.grams(phrase))
            .collect();
        let vocabulary = Vocabulary::learn(
            &grams
                .iter()
                .chain(&small_talk_grams)
                .cloned()
                .collect::<Vec<_>>(),
        );
        if vocabulary.is_empty() {
            return None;
        }
        let mut samples: Vec<Sample> = Vec::with_capacity(labelled.len() * 2);
        for ((text, class, weight), grams) in labelled.iter().zip(&grams) {
            samples.push(Sample {
                vector: vocabulary.vector(grams),
                class: *class,
                weight: *weight,
            });
            let wrapped = wrap(text, phrases);
            samples.push(Sample {
                vector: vocabulary.vector(&extractor.grams(&wrapped)),
                class: *class,
                weight: *weight,
            });
        }
        let fitted = train::fit(&samples, vocabulary.len(), classes.len(), penalty);
        Some(Model {
            classes,
            bias: fitted.bias,
            features: vocabulary.len(),
            vocabulary,
            weights: Numbers::from_values(fitted.weights),
        })
    }

    /// The vocabulary and the weights as the cache keeps them: little-endian numbers, the
    /// feature hashes, their inverse document frequencies and groups, then the weights.
    pub fn numbers(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.vocabulary.put(&mut bytes);
        bytes.extend_from_slice(self.weights.as_bytes());
        bytes
    }

    /// The model read back from the cache with its numbers (see [`Model::numbers`]), `None`
    /// when they don't fit it (a damaged or foreign file).
    #[must_use]
    pub fn with_numbers(mut self, bytes: OwnedBytes) -> Option<Self> {
        let (vocabulary, rest) = Vocabulary::split_off(bytes, self.features)?;
        let (weights, rest) =
            Numbers::split_off(rest, self.features.checked_mul(self.classes.len())?)?;
        rest.is_empty().then(|| {
            self.vocabulary = vocabulary;
            self.weights = weights;
            self
        })
    }

    /// How many features the model knows.
    pub fn features(&self) -> usize {
        self.vocabulary.len()
    }

    pub fn classes(&self) -> &[Class] {
        &self.classes
    }

    /// The probability of every class (in the order of [`Model::classes`]) for `text`.
    pub fn predict(&self, extractor: &mut Extractor, text: &str) -> Vec<f32> {
        let vector = self.vocabulary.vector(&extractor.grams(text));
        self.probabilities(&vector)
    }

    /// The entries among the classes' probabilities, most probable first.
    pub fn entries(&self, probabilities: &[f32]) -> Vec<(String, f32)> {
        let mut entries: Vec<(String, f32)> = self
            .classes
            .iter()
            .zip(probabilities)
            .filter_map(|(class, &p)| match class {
                Class::Entry(id) => Some((id.clone(), p)),
                _ => None,
            })
            .collect();
        entries.sort_by(|a, b| b.1.total_cmp(&a.1));
        entries
    }

    /// The probability of every class for `text`, or `None` when the text has no feature the
    /// model knows ("📷😭", a word of another script): its probabilities would be the
    /// classes' priors, which say nothing about it.
    pub fn evidence(&self, extractor: &mut Extractor, text: &str) -> Option<Vec<f32>> {
        let vector = self.vocabulary.vector(&extractor.grams(text));
        (!vector.is_empty()).then(|| self.probabilities(&vector))
    }

    /// What `text` is about, judged with the pack's thresholds (see
    /// [`Model::judge_evidence`]).
    pub fn judge(&self, text: &str, decision: Decision) -> Judged {
        self.judge_evidence(
            self.evidence(&mut Extractor::default(), text).as_deref(),
            decision,
        )
    }

    /// The verdict on a text's [`Model::evidence`]: out of scope without any, otherwise the
    /// pack's `[decision]` thresholds applied to the probabilities.
    pub fn judge_evidence(&self, evidence: Option<&[f32]>, decision: Decision) -> Judged {
        match evidence {
            Some(probabilities) => self.judge_probabilities(probabilities, decision),
            None => Judged {
                entries: Vec::new(),
                runners_up: Vec::new(),
                verdict: Verdict::OutOfScope { topic: None },
            },
        }
    }

    /// The verdict on a text's class probabilities. It is in scope when the entries together
    /// are at least `in_scope` probable; then the first entry is confirmed if it is at least
    /// `confident` (with the others at least `alternative`, to offer after a "no"), and
    /// otherwise the entries at least `plausible` are offered. Out of scope, it names the
    /// neighbouring topic when that is the most probable of the other classes.
    fn judge_probabilities(&self, probabilities: &[f32], decision: Decision) -> Judged {
        let mut entries = self.entries(probabilities);
        let in_scope: f32 = entries.iter().map(|(_, p)| p).sum();
        let confident = entries
            .first()
            .is_some_and(|(_, p)| *p >= decision.confident);
        let floor = if confident {
            decision.alternative
        } else {
            decision.plausible
        };
        let below = entries.iter().position(|(_, p)| *p < floor);
        let mut runners_up = below.map_or_else(Vec::new, |at| entries.split_off(at));
        if in_scope < decision.in_scope {
            entries.clear();
            runners_up.clear();
        }
        let verdict = match entries.first() {
            Some(_) if confident => Verdict::Confident,
            Some(_) => Verdict::Plausible,
            None => {
                let topic = self
                    .classes
                    .iter()
                    .zip(probabilities)
                    .filter(|(class, _)| !matches!(class, Class::Entry(_)))
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .and_then(|(class, &confidence)| match class {
                        Class::Topic { id, name } => Some(OutOfScopeTopic {
                            id: id.clone(),
                            name: name.clone(),
                            confidence,
                        }),
                        _ => None,
                    });
                Verdict::OutOfScope { topic }
            }
        };
        Judged {
            entries,
            runners_up,
            verdict,
        }
    }

    /// The weights of one feature, one per class.
    fn row(&self, feature: u32) -> impl Iterator<Item = f32> + '_ {
        let count = self.classes.len();
        self.weights.run(feature as usize * count, count)
    }

    fn probabilities(&self, vector: &Vector) -> Vec<f32> {
        let mut logits: Vec<f64> = self.bias.iter().map(|&b| f64::from(b)).collect();
        for &(feature, value) in vector {
            for (logit, weight) in logits.iter_mut().zip(self.row(feature)) {
                *logit += f64::from(value * weight);
            }
        }
        let total = train::log_sum_exp(&logits);
        #[allow(clippy::cast_possible_truncation)]
        logits
            .into_iter()
            .map(|logit| (logit - total).exp() as f32)
            .collect()
    }

    /// The features of `text` that weighed most for `class`, for or against, strongest
    /// first: what `--explain` shows.
    pub fn contributions(
        &self,
        extractor: &mut Extractor,
        text: &str,
        class: usize,
        top: usize,
    ) -> Vec<Contribution> {
        let grams = extractor.grams(text);
        let vector = self.vocabulary.vector(&grams);
        // The known n-grams, one per feature in feature order: the features of `vector`.
        let mut named: Vec<(u32, &Gram)> = grams
            .iter()
            .filter_map(|gram| Some((self.vocabulary.feature(gram.hash)?, gram)))
            .collect();
        named.sort_by_key(|&(feature, _)| feature);
        named.dedup_by_key(|&mut (feature, _)| feature);
        let mut found: Vec<Contribution> = vector
            .iter()
            .zip(named)
            .map(|(&(feature, value), (_, gram))| Contribution {
                group: gram.group,
                text: gram.text.clone(),
                weight: value * self.row(feature).nth(class).unwrap_or_default(),
            })
            .collect();
        found.sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
        found.truncate(top);
        found
    }
}

/// `text` wrapped in small talk, a phrase before and one after, picked by the text's own
/// hash so that training stays deterministic. Every text is also trained on wrapped, so the
/// narrative of a real complaint weighs nothing for any class.
fn wrap(text: &str, phrases: &[&str]) -> String {
    if phrases.is_empty() {
        return text.to_owned();
    }
    let mut hasher = rustc_hash::FxHasher::default();
    std::hash::Hasher::write(&mut hasher, text.as_bytes());
    let hash = std::hash::Hasher::finish(&hasher);
    #[allow(clippy::cast_possible_truncation)]
    let pick = |at: u64| phrases[(at % phrases.len() as u64) as usize];
    format!("{} {text} {}", pick(hash), pick(hash >> 32))
}

/// The entries, then the topics, then the class of everything else.
fn classes_of(knowledge: &Knowledge) -> Vec<Class> {
    knowledge
        .entries()
        .iter()
        .map(|e| Class::Entry(e.id.clone()))
        .chain(knowledge.topics.iter().map(|t| Class::Topic {
            id: t.id.clone(),
            name: t.name.clone(),
        }))
        .chain(std::iter::once(Class::Elsewhere))
        .collect()
}

/// Every text the model learns from, with its class and weight. A test example acceptable
/// for several entries counts once in all, shared between them.
fn labelled_texts<'k>(
    knowledge: &'k Knowledge,
    classes: &[Class],
    left_out: &[usize],
) -> Vec<(&'k str, usize, f64)> {
    let position = |wanted: &Class| classes.iter().position(|c| c == wanted);
    let elsewhere = classes.len() - 1;
    let mut texts = Vec::new();
    for (class, entry) in knowledge.entries().iter().enumerate() {
        let parts = [&entry.title, &entry.summary]
            .into_iter()
            .chain(&entry.question)
            .chain(&entry.answer)
            .chain(&entry.aliases)
            .chain(&entry.steps);
        texts.extend(parts.map(|text| (text.as_str(), class, 1.0)));
    }
    let topics = knowledge.entries().len();
    for (offset, topic) in knowledge.topics.iter().enumerate() {
        texts.extend(
            topic
                .examples
                .iter()
                .map(|text| (text.as_str(), topics + offset, 1.0)),
        );
    }
    for (at, example) in knowledge.examples.iter().enumerate() {
        if left_out.contains(&at) {
            continue;
        }
        let entries: Vec<usize> = example
            .expect
            .iter()
            .filter_map(|id| position(&Class::Entry(id.clone())))
            .collect();
        if entries.is_empty() && !example.expect.is_empty() {
            // Every id it names is unknown: `kb test` reports it; nothing to learn here.
            continue;
        }
        if entries.is_empty() {
            let class = example
                .topic
                .as_ref()
                .and_then(|id| {
                    classes
                        .iter()
                        .position(|c| matches!(c, Class::Topic { id: t, .. } if t == id))
                })
                .unwrap_or(elsewhere);
            texts.push((example.text.as_str(), class, 1.0));
        } else {
            #[allow(clippy::cast_precision_loss)]
            let share = 1.0 / entries.len() as f64;
            texts.extend(
                entries
                    .into_iter()
                    .map(|class| (example.text.as_str(), class, share)),
            );
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{self, Sources};

    /// The shipped pack's model, trained once for all the tests here.
    fn shipped() -> &'static Model {
        static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        MODEL.get_or_init(|| {
            let knowledge = knowledge::check(&Sources::builtin())
                .knowledge
                .expect("the built-in knowledge is valid");
            Model::train(&knowledge).expect("the shipped pack trains")
        })
    }

    #[test]
    fn a_text_the_model_knows_nothing_of_is_out_of_scope() {
        let model = shipped();
        let nothing = Decision {
            in_scope: 0.0,
            confident: 1.0,
            plausible: 0.0,
            ..Decision::default()
        };
        for text in ["📷😭", "", "ꙮꙮꙮ"] {
            let judged = model.judge(text, nothing);
            assert_eq!(
                judged.verdict,
                Verdict::OutOfScope { topic: None },
                "{text}"
            );
            assert!(judged.entries.is_empty(), "{text}");
        }
        assert_eq!(
            model.judge("camera", nothing).verdict,
            Verdict::Plausible,
            "a known word is evidence"
        );
    }

    #[test]
    fn a_cached_model_reads_back_the_same() {
        let model = shipped();
        let bytes = postcard::to_allocvec(model).expect("serializes");
        let numbers = model.numbers();
        let unread = || postcard::from_bytes::<Model>(&bytes).expect("deserializes");
        let back = unread()
            .with_numbers(OwnedBytes::new(numbers.clone()))
            .expect("the numbers fit");
        assert_eq!(back.numbers(), numbers);
        assert_eq!(back.classes, model.classes);
        for cut in [numbers.len() - 4, numbers.len() / 2, 0] {
            let short = OwnedBytes::new(numbers[..cut].to_vec());
            assert!(unread().with_numbers(short).is_none(), "{cut} bytes fit");
        }
        let mut long = numbers.clone();
        long.extend_from_slice(&[0; 4]);
        assert!(unread().with_numbers(OwnedBytes::new(long)).is_none());
        let text = "my selfie keeps failing";
        assert_eq!(
            back.predict(&mut Extractor::default(), text),
            model.predict(&mut Extractor::default(), text)
        );
        let truncated = &bytes[..bytes.len() / 2];
        assert!(postcard::from_bytes::<Model>(truncated).is_err());
    }
}
