//! Fitting the model: multinomial logistic regression on sparse tf-idf vectors, with an L2
//! penalty, minimised by argmin's L-BFGS.
//!
//! The loss and its gradient are computed here over sparse vectors (a text has a few hundred
//! features out of tens of thousands); argmin owns the optimisation (L-BFGS with a
//! More-Thuente line search). The parameters are `f32`, as the model keeps them: L-BFGS's
//! arithmetic over the ~750k of them is bound by memory, and half the bytes made training
//! twice as fast with the same cross-validated figures. Sums are taken in `f64`.

use std::sync::Mutex;

use argmin::core::{CostFunction, Error, Executor, Gradient, State as _};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;

use super::features::Vector;

/// How hard large weights are penalised, per unit of mean loss. Chosen on the dev half of the
/// real complaints (see docs/relevance.md).
pub const L2_PENALTY: f64 = 1e-5;
/// L-BFGS iterations at most (training stops earlier when the gradient is flat). Stopping
/// this early regularises too: more iterations did no better in cross-validation, and each
/// costs time at every index build.
const MAX_ITERATIONS: u64 = 30;
/// Past gradients L-BFGS remembers.
const MEMORY: usize = 8;
const GRADIENT_TOLERANCE: f32 = 1e-5;

/// One training text: its vector, its class and how much it counts.
pub struct Sample {
    pub vector: Vector,
    pub class: usize,
    pub weight: f64,
}

/// The fitted parameters: `weights[feature * classes + class]`, then one bias per class.
pub struct Fitted {
    pub weights: Vec<f32>,
    pub bias: Vec<f32>,
}

/// Fits weights for `classes` classes over `features` features.
pub fn fit(samples: &[Sample], features: usize, classes: usize, penalty: f64) -> Fitted {
    let problem = Objective {
        samples,
        features,
        classes,
        penalty,
        total_weight: samples
            .iter()
            .map(|s| s.weight)
            .sum::<f64>()
            .max(f64::EPSILON),
        last: Mutex::new(None),
    };
    let start = vec![0.0_f32; features * classes + classes];
    let solver = LBFGS::new(MoreThuenteLineSearch::new(), MEMORY)
        .with_tolerance_grad(GRADIENT_TOLERANCE)
        .expect("a positive tolerance is valid");
    let best = Executor::new(problem, solver)
        .configure(|state| state.param(start.clone()).max_iters(MAX_ITERATIONS))
        .run()
        .ok()
        .and_then(|result| result.state().get_best_param().cloned())
        .unwrap_or(start);
    Fitted {
        weights: best[..features * classes].to_vec(),
        bias: best[features * classes..].to_vec(),
    }
}

/// A point of the parameter space with its loss and gradient.
type Evaluated = (Vec<f32>, f32, Vec<f32>);

/// What training minimises: the penalised loss of the model over the samples.
struct Objective<'a> {
    samples: &'a [Sample],
    features: usize,
    classes: usize,
    penalty: f64,
    total_weight: f64,
    /// The last point evaluated, with its loss and gradient: the line search asks for both
    /// at the same points, and one pass computes both.
    last: Mutex<Option<Evaluated>>,
}

impl Objective<'_> {
    fn evaluate(&self, param: &[f32]) -> (f32, Vec<f32>) {
        if let Ok(last) = self.last.lock()
            && let Some((at, loss, gradient)) = last.as_ref()
            && at.as_slice() == param
        {
            return (*loss, gradient.clone());
        }
        let (loss, gradient) = self.loss_and_gradient(param);
        if let Ok(mut last) = self.last.lock() {
            *last = Some((param.to_vec(), loss, gradient.clone()));
        }
        (loss, gradient)
    }

    /// Weighted mean cross-entropy plus the L2 penalty on the weights (not the biases).
    fn loss_and_gradient(&self, param: &[f32]) -> (f32, Vec<f32>) {
        let classes = self.classes;
        let (weights, bias) = param.split_at(self.features * classes);
        let mut gradient = vec![0.0_f32; param.len()];
        let mut loss = 0.0_f64;
        let mut scores = vec![0.0_f32; classes];
        let mut logits = vec![0.0_f64; classes];
        for sample in self.samples {
            scores.copy_from_slice(bias);
            for &(feature, value) in &sample.vector {
                let row = &weights[feature as usize * classes..][..classes];
                for (score, weight) in scores.iter_mut().zip(row) {
                    *score += value * weight;
                }
            }
            for (logit, score) in logits.iter_mut().zip(&scores) {
                *logit = f64::from(*score);
            }
            let log_total = log_sum_exp(&logits);
            loss += sample.weight * (log_total - logits[sample.class]);
            let scale = sample.weight / self.total_weight;
            for (score, logit) in scores.iter_mut().zip(&logits) {
                *score = narrow((*logit - log_total).exp() * scale);
            }
            scores[sample.class] -= narrow(scale);
            let (weight_gradient, bias_gradient) = gradient.split_at_mut(self.features * classes);
            for &(feature, value) in &sample.vector {
                let row = &mut weight_gradient[feature as usize * classes..][..classes];
                for (g, d) in row.iter_mut().zip(&scores) {
                    *g += value * d;
                }
            }
            for (g, d) in bias_gradient.iter_mut().zip(&scores) {
                *g += d;
            }
        }
        loss /= self.total_weight;
        let penalty = narrow(self.penalty);
        let mut squares = 0.0_f64;
        for (g, w) in gradient.iter_mut().zip(weights) {
            *g += penalty * w;
            squares += f64::from(w * w);
        }
        (narrow(loss + 0.5 * self.penalty * squares), gradient)
    }
}

/// A sum taken in `f64` for its accuracy, stored as the parameters' `f32`.
#[allow(clippy::cast_possible_truncation)]
fn narrow(value: f64) -> f32 {
    value as f32
}

pub(super) fn log_sum_exp(values: &[f64]) -> f64 {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !max.is_finite() {
        return max;
    }
    max + values.iter().map(|v| (v - max).exp()).sum::<f64>().ln()
}

impl CostFunction for Objective<'_> {
    type Param = Vec<f32>;
    type Output = f32;

    fn cost(&self, param: &Vec<f32>) -> Result<f32, Error> {
        Ok(self.evaluate(param).0)
    }
}

impl Gradient for Objective<'_> {
    type Param = Vec<f32>;
    type Gradient = Vec<f32>;

    fn gradient(&self, param: &Vec<f32>) -> Result<Vec<f32>, Error> {
        Ok(self.evaluate(param).1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_separable_classes_and_the_gradient_is_the_loss_slope() {
        let samples = vec![
            Sample {
                vector: vec![(0, 1.0)],
                class: 0,
                weight: 1.0,
            },
            Sample {
                vector: vec![(1, 1.0)],
                class: 1,
                weight: 1.0,
            },
            Sample {
                vector: vec![(2, 0.6), (0, 0.8)],
                class: 2,
                weight: 2.0,
            },
        ];
        let fitted = fit(&samples, 3, 3, 1e-3);
        let logit =
            |feature: usize, class: usize| fitted.weights[feature * 3 + class] + fitted.bias[class];
        assert!(logit(0, 0) > logit(0, 1));
        assert!(logit(1, 1) > logit(1, 0) && logit(1, 1) > logit(1, 2));

        let problem = Objective {
            samples: &samples,
            features: 3,
            classes: 3,
            penalty: 0.1,
            total_weight: 4.0,
            last: Mutex::new(None),
        };
        let at: Vec<f32> = (0..12_u8).map(|i| f32::from(i) * 0.1 - 0.5).collect();
        let (_, gradient) = problem.loss_and_gradient(&at);
        for i in 0..at.len() {
            let step = 1e-2;
            let loss_at = |offset: f32| {
                let mut moved = at.clone();
                moved[i] += offset;
                problem.loss_and_gradient(&moved).0
            };
            let slope = (loss_at(step) - loss_at(-step)) / (2.0 * step);
            assert!(
                (slope - gradient[i]).abs() < 1e-3,
                "{i}: {slope} vs {}",
                gradient[i]
            );
        }
    }
}
