//! The φ accrual estimate (Hayashibara, Défago, Yared & Katayama, *The φ Accrual Failure Detector*, SRDS
//! 2004, §3): from a window of recent heartbeat inter-arrival times, φ(t) = −log10(P_later(t)) where
//! P_later(t) is the probability that the next heartbeat comes more than `t` after the last one, under a
//! normal distribution fitted to the window. The normal tail uses the logistic approximation Akka's
//! detector uses (1 / (1 + e^{y(1.5976 + 0.070566 y²)}), y = (t − μ)/σ).
//!
//! The arithmetic is written with `+ − × ÷` and `sqrt` only (all exactly rounded by IEEE 754), not the
//! platform's `exp` and `ln`, so φ, and every decision taken on it, is the same natively and in the
//! browser: the golden traces must match byte for byte.

use std::collections::VecDeque;

const LN2: f64 = std::f64::consts::LN_2;
const LN10: f64 = std::f64::consts::LN_10;

/// e^x for x ≤ 0, from a Taylor series after reducing x by multiples of ln 2.
pub fn exp_neg(x: f64) -> f64 {
    if x.is_nan() || x < -700.0 {
        return 0.0;
    }
    let x = x.min(0.0);
    let k = (x / LN2).floor();
    let r = x - k * LN2; // in [0, ln 2)
    let (mut term, mut sum) = (1.0, 1.0);
    for i in 1..=20 {
        term = term * r / i as f64;
        sum += term;
    }
    let k = k as i64;
    sum * f64::from_bits(((k + 1023) as u64) << 52)
}

/// ln(y) for y in [1, 2], from the series of 2·atanh((y − 1)/(y + 1)).
pub fn ln_1_2(y: f64) -> f64 {
    let s = (y - 1.0) / (y + 1.0);
    let s2 = s * s;
    let (mut power, mut sum) = (s, 0.0);
    for i in 0..30 {
        sum += power / (2 * i + 1) as f64;
        power *= s2;
    }
    2.0 * sum
}

/// φ of a silence of `t` when inter-arrival times are normal with mean `mean` and deviation `std`.
pub fn phi(t: f64, mean: f64, std: f64) -> f64 {
    let y = (t - mean) / std;
    let z = y * (1.5976 + 0.070566 * y * y);
    // φ = log10(1 + e^z), kept away from overflow: for z > 0, log10(1 + e^z) = (z + ln(1 + e^−z)) / ln 10.
    if z > 0.0 {
        (z + ln_1_2(1.0 + exp_neg(-z))) / LN10
    } else {
        ln_1_2(1.0 + exp_neg(z)) / LN10
    }
}

/// One peer's window of inter-arrival times, in µs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Window {
    pub samples: VecDeque<u64>,
}

impl Window {
    pub fn record(&mut self, gap_us: u64, capacity: u32) {
        if self.samples.len() >= capacity as usize {
            self.samples.pop_front();
        }
        self.samples.push_back(gap_us);
    }

    /// (mean, standard deviation) in ms; before any sample, the heartbeat interval and a quarter of it
    /// (as Akka bootstraps its detector). The deviation is never below `min_std_ms`.
    pub fn estimate(&self, interval_ms: u64, min_std_ms: u64) -> (f64, f64) {
        let (mean, std) = if self.samples.is_empty() {
            (interval_ms as f64, interval_ms as f64 / 4.0)
        } else {
            let n = self.samples.len() as f64;
            let mean = self.samples.iter().map(|s| *s as f64 / 1e3).sum::<f64>() / n;
            let var = self
                .samples
                .iter()
                .map(|s| (*s as f64 / 1e3 - mean) * (*s as f64 / 1e3 - mean))
                .sum::<f64>()
                / n;
            (mean, var.sqrt())
        };
        (mean, std.max(min_std_ms as f64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deterministic_functions_agree_with_the_platforms() {
        for x in [0.0, -0.1, -1.0, -5.5, -30.0, -200.0] {
            let (a, b) = (exp_neg(x), x.exp());
            assert!(
                (a - b).abs() <= 1e-12 * b.max(1e-300),
                "exp({x}): {a} vs {b}"
            );
        }
        for y in [1.0, 1.3, 1.5, 1.99, 2.0] {
            assert!((ln_1_2(y) - y.ln()).abs() < 1e-12, "ln({y})");
        }
    }

    #[test]
    fn phi_grows_with_silence_and_is_about_8_five_deviations_late() {
        assert!(phi(100.0, 200.0, 50.0) < 0.1);
        assert!((phi(200.0, 200.0, 50.0) - 0.301).abs() < 0.01);
        let late = phi(200.0 + 5.22 * 50.0, 200.0, 50.0);
        assert!((7.9..8.1).contains(&late), "{late}");
        assert!(phi(2_000.0, 200.0, 50.0) > 100.0);
    }
}
