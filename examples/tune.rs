//! Chooses the model's L2 penalty and the pack's `[decision]` thresholds by cross-validation
//! on the dev halves of the pack's measured suites (5 folds, three assignments of the
//! examples to folds, pooled), then reports every suite with them.
//!
//! `cargo run --release --example tune -- [--misses] [--penalty P] [KNOWLEDGE_DIR]` (default
//! `knowledge`; `--penalty` tries that L2 penalty alone).
//! Nothing from a held-out suite is used to choose; its figures are printed for the record
//! only. `--misses` also lists the dev half's cross-validated misses (of the first assignment)
//! with the chosen values:
//! each text with what its first reply would have named instead, for maintainers to see
//! which vocabulary or topic examples the pack lacks.
//! Write the chosen values into the pack's `[decision]` (pack.toml) and, for the penalty,
//! `search::model` (see docs/relevance.md).

use std::path::PathBuf;
use std::time::Instant;

use idhelp::dialogue::{MAX_OFFERED, Recognized};
use idhelp::kbtest::{self, Figures, Observation};
use idhelp::knowledge::{self, Decision, Knowledge, Sources};
use idhelp::recognize::recognized;
use idhelp::search::model::{Extractor, Judged, Model};

const FOLDS: usize = 5;
/// How many different assignments of the dev half to folds are cross-validated and pooled:
/// one split's noise is about three points of the objective.
const ASSIGNMENTS: usize = 3;
const PENALTIES: [f64; 3] = [1e-5, 3e-5, 1e-4];
/// The rejection of out-of-scope questions the thresholds must keep (the target).
const MIN_REJECTION: f64 = 0.85;
/// The largest share of the chat's confirmations that may be wrong (issue 18's ceiling on
/// the test half), kept on the cross-validated dev half: `confirm` is the lowest threshold
/// that keeps it.
const MAX_CONFIRMED_WRONG: f64 = 0.05;

fn main() -> anyhow::Result<()> {
    let mut misses = false;
    let mut penalties = PENALTIES.to_vec();
    let mut dir = PathBuf::from("knowledge");
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--misses" {
            misses = true;
        } else if arg == "--penalty" {
            let value = args.next().and_then(|v| v.to_str()?.parse().ok());
            penalties = vec![value.ok_or_else(|| anyhow::anyhow!("--penalty needs a number"))?];
        } else {
            dir = PathBuf::from(arg);
        }
    }
    let sources = Sources::from_dir(&dir)?;
    let knowledge = knowledge::check(&sources)
        .knowledge
        .ok_or_else(|| anyhow::anyhow!("the pack has errors: run `idhelp kb check`"))?;
    let suite = kbtest::read_suite(&sources).map_err(|_| anyhow::anyhow!("bad test files"))?;
    let half = |held_out: bool| -> Vec<(String, Vec<String>)> {
        suite
            .queries
            .iter()
            .filter(|q| {
                suite
                    .header(&q.file)
                    .is_some_and(|h| h.held_out == held_out)
            })
            .map(|q| (q.case.text.clone(), q.case.expect.clone()))
            .collect()
    };
    let dev = half(false);
    let test = half(true);
    let dev_positions: Vec<usize> = knowledge
        .examples
        .iter()
        .enumerate()
        .filter(|(_, e)| dev.iter().any(|(text, _)| *text == e.text))
        .map(|(i, _)| i)
        .collect();
    println!(
        "{} training examples from the tests, {} of them the dev half; {} held out",
        knowledge.examples.len(),
        dev_positions.len(),
        test.len()
    );
    let started = Instant::now();
    let full = Model::train_with(&knowledge, penalties[0], &[]).expect("trainable");
    println!(
        "{} features, {} classes; one training takes {:.2} s",
        full.features(),
        full.classes().len(),
        started.elapsed().as_secs_f64()
    );
    let mut best: Option<(f64, f64, Decision, Vec<HeldBack>)> = None;
    for penalty in penalties {
        let started = Instant::now();
        let held_back = cross_validate(&knowledge, &dev_positions, penalty);
        let (score, decision, figures) = choose(&full, &knowledge, &held_back);
        println!(
            "penalty {penalty:e}: best cross-validated objective {score:.3} at {}: {} ({:.1} s)",
            show(decision),
            summary(&figures),
            started.elapsed().as_secs_f64()
        );
        for confusion in &figures.confusions {
            println!(
                "    {} x {} -> {}",
                confusion.count, confusion.expected, confusion.got
            );
        }
        if best.as_ref().is_none_or(|(s, ..)| score > *s) {
            best = Some((score, penalty, decision, held_back));
        }
    }
    let (_, penalty, decision, held_back) = best.expect("at least one penalty");
    println!("chosen: penalty {penalty:e}, {}", show(decision));
    let confirm = choose_confirm(&full, &knowledge, decision, &held_back);
    let decision = Decision {
        confirm,
        ..decision
    };
    println!("confirm alone from {confirm:.2}");
    if misses {
        // The first assignment's: every dev example once.
        print_misses(
            &full,
            &knowledge,
            decision,
            &held_back[..dev_positions.len()],
        );
    }
    let model = Model::train_with(&knowledge, penalty, &[]).expect("trainable");
    for (name, cases) in [
        ("dev half (trained on)", &dev),
        ("test half (held out)", &test),
    ] {
        println!("{name}: {}", summary(&evaluate(&model, decision, cases)));
    }
    Ok(())
}

/// The lowest confirmation threshold (from `decision.confident` up, in hundredths) at which
/// at most [`MAX_CONFIRMED_WRONG`] of the cross-validated confirmations are wrong, printing
/// the figures of each one tried; 1 when none keeps it.
fn choose_confirm(
    model: &Model,
    knowledge: &Knowledge,
    decision: Decision,
    held_back: &[HeldBack],
) -> f32 {
    println!("confirming alone from each threshold (cross-validated):");
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let from = (decision.confident * 100.0).ceil() as u8;
    for step in from..100 {
        let confirm = f32::from(step) * 0.01;
        let tried = Decision {
            confirm,
            ..decision
        };
        let observations: Vec<Observation> = held_back
            .iter()
            .map(|held| held_back_observation(model, knowledge, tried, held))
            .collect();
        let figures = kbtest::measure(&observations);
        println!("  {confirm:.2}: {}", summary(&figures));
        if figures.confident_wrong <= MAX_CONFIRMED_WRONG {
            return confirm;
        }
    }
    1.0
}

/// Every dev example's evidence from the model of each fold that left it out, over every
/// assignment of the examples (at `dev_positions` in `knowledge.examples`) to folds.
fn cross_validate(knowledge: &Knowledge, dev_positions: &[usize], penalty: f64) -> Vec<HeldBack> {
    let mut held_back = Vec::new();
    let mut extractor = Extractor::default();
    for assignment in 0..ASSIGNMENTS {
        let fold_of = folds(dev_positions.len(), assignment);
        for fold in 0..FOLDS {
            let left_out: Vec<usize> = dev_positions
                .iter()
                .copied()
                .enumerate()
                .filter(|&(i, _)| fold_of[i] == fold)
                .map(|(_, at)| at)
                .collect();
            let model = Model::train_with(knowledge, penalty, &left_out)
                .expect("the pack is small enough to train");
            for at in left_out {
                let example = &knowledge.examples[at];
                let evidence = model.evidence(&mut extractor, &example.text);
                held_back.push((evidence, at));
            }
        }
    }
    held_back
}

/// The fold of each of `count` dev examples in the `assignment`th assignment: every fifth
/// example in the first; after it, every fifth in an order shuffled by splitmix64 (any fixed
/// shuffle would do), so that folds stay the same size.
fn folds(count: usize, assignment: usize) -> Vec<usize> {
    let mix = |i: usize| {
        let mut z = ((assignment as u64) << 32 | i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut order: Vec<usize> = (0..count).collect();
    if assignment > 0 {
        order.sort_by_key(|&i| mix(i));
    }
    let mut fold = vec![0; count];
    for (rank, &i) in order.iter().enumerate() {
        fold[i] = rank % FOLDS;
    }
    fold
}

/// A dev example left out of a fold: the evidence of the fold's model that did not see it
/// (see `Model::evidence`), and its position in `knowledge.examples`.
type HeldBack = (Option<Vec<f32>>, usize);

/// The thresholds that maximise the objective on the folds' held-back examples. Every fold's
/// model has the classes of `model`.
fn choose(
    model: &Model,
    knowledge: &Knowledge,
    held_back: &[HeldBack],
) -> (f64, Decision, Figures) {
    let mut best: Option<(f64, Decision, Figures)> = None;
    let steps = |from: u8, to: u8, step: f32| (from..=to).map(move |i| f32::from(i) * step);
    for in_scope in steps(0, 19, 0.05) {
        for confident in steps(2, 19, 0.05) {
            for plausible in steps(1, 8, 0.025).filter(|&p| p <= confident) {
                let decision = Decision {
                    in_scope,
                    confident,
                    plausible,
                    confirm: confident,
                    ..Decision::default()
                };
                let observations: Vec<Observation> = held_back
                    .iter()
                    .map(|held| held_back_observation(model, knowledge, decision, held))
                    .collect();
                let figures = kbtest::measure(&observations);
                let score = objective(&figures);
                if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                    best = Some((score, decision, figures));
                }
            }
        }
    }
    best.expect("the grid is not empty")
}

fn held_back_observation<'k>(
    model: &Model,
    knowledge: &'k Knowledge,
    decision: Decision,
    (evidence, at): &HeldBack,
) -> Observation<'k> {
    let example = &knowledge.examples[*at];
    Observation {
        expect: &example.expect,
        recognized: kbtest::first_reply(&example.text, |_| {
            recognition(
                model.judge_evidence(evidence.as_deref(), decision),
                decision,
            )
        }),
    }
}

/// The held-back examples whose first reply, judged with `decision`, would be wrong.
fn print_misses(model: &Model, knowledge: &Knowledge, decision: Decision, held_back: &[HeldBack]) {
    println!("cross-validated misses (expected -> first reply: text):");
    for held in held_back {
        let observation = held_back_observation(model, knowledge, decision, held);
        if observation.first_reply_right() {
            continue;
        }
        let expected = if observation.expect.is_empty() {
            kbtest::OUT_OF_SCOPE.to_owned()
        } else {
            observation.expect.join(", ")
        };
        let named: Vec<String> = observation
            .recognized
            .candidates
            .iter()
            .take(MAX_OFFERED)
            .map(|c| format!("{} {:.2}", c.id, c.confidence))
            .collect();
        let reply = if named.is_empty() {
            kbtest::NOTHING.to_owned()
        } else {
            named.join(" | ")
        };
        println!(
            "  {expected} -> {reply}: {}",
            knowledge.examples[held.1].text
        );
    }
}

fn show(decision: Decision) -> String {
    format!(
        "in_scope {:.2}, confident {:.2}, plausible {:.3}, confirm {:.2}",
        decision.in_scope, decision.confident, decision.plausible, decision.confirm
    )
}

/// The share of first replies that name the right entry, while out-of-scope questions are
/// still turned away at least [`MIN_REJECTION`] of the time; among equals, confirming beats
/// offering a list.
fn objective(figures: &Figures) -> f64 {
    if figures.rejection < MIN_REJECTION {
        return figures.rejection - 2.0;
    }
    figures.first_reply + 0.01 * figures.confident
}

fn evaluate(model: &Model, decision: Decision, cases: &[(String, Vec<String>)]) -> Figures {
    let observations: Vec<Observation> = cases
        .iter()
        .map(|(text, expect)| observe(model, decision, text, expect))
        .collect();
    kbtest::measure(&observations)
}

/// What the model, judging with `decision`, makes of one labelled text.
fn observe<'a>(
    model: &Model,
    decision: Decision,
    text: &str,
    expect: &'a [String],
) -> Observation<'a> {
    Observation {
        expect,
        recognized: kbtest::first_reply(text, |text| {
            recognition(model.judge(text, decision), decision)
        }),
    }
}

/// The dialogue's recognition of what the model judged, with `decision`'s confirmation
/// threshold.
fn recognition(judged: Judged, decision: Decision) -> Recognized {
    recognized(judged.entries, judged.verdict, decision.confirm)
}

fn summary(f: &Figures) -> String {
    format!(
        "recall@1 {:.3}, recall@3 {:.3}, rejection {:.3}, first reply {:.3}, confident {:.3}, confident wrong {:.3}, ECE {:.3} ({} in scope, {} out)",
        f.recall_at_1,
        f.recall_at_3,
        f.rejection,
        f.first_reply,
        f.confident,
        f.confident_wrong,
        f.calibration_error,
        f.in_scope,
        f.out_of_scope
    )
}
