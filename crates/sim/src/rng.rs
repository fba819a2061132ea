//! The engine's one random number generator.
//!
//! It is `StdRng`'s algorithm (ChaCha12, seeded through `SeedableRng::seed_from_u64`) and produces the very
//! same stream — a test below checks that — but it can be cloned, which `StdRng` cannot: time-travel
//! snapshots need to copy the RNG's position along with the rest of the world.

use rand::rngs::ChaCha12Rng;
use rand::{RngExt, SeedableRng};

pub struct SimRng(ChaCha12Rng);

impl SimRng {
    pub fn seed_from_u64(seed: u64) -> Self {
        SimRng(ChaCha12Rng::seed_from_u64(seed))
    }

    /// The stream protocols draw from through `Out`: the same seed, another ChaCha stream, so it never
    /// shifts the engine's own draws (latencies, losses, timer durations).
    pub fn protocol_stream(seed: u64) -> Self {
        let mut rng = ChaCha12Rng::seed_from_u64(seed);
        rng.set_stream(1);
        SimRng(rng)
    }

    /// Uniform in `[min, max]`.
    pub fn range_inclusive(&mut self, min: u64, max: u64) -> u64 {
        if max <= min {
            min
        } else {
            self.0.random_range(min..=max)
        }
    }

    /// True with probability `p` (no draw is taken when `p` is 0, so a loss-free network consumes nothing).
    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.0.random_bool(p.min(1.0))
    }
}

impl Clone for SimRng {
    fn clone(&self) -> Self {
        let mut copy = ChaCha12Rng::from_seed(self.0.get_seed());
        copy.set_stream(self.0.get_stream());
        copy.set_word_pos(self.0.get_word_pos());
        SimRng(copy)
    }
}

impl std::fmt::Debug for SimRng {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SimRng {{ word_pos: {} }}", self.0.get_word_pos())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::StdRng;

    #[test]
    fn same_stream_as_std_rng() {
        for seed in [0, 1, 42, u64::MAX] {
            let mut ours = SimRng::seed_from_u64(seed);
            let mut std = StdRng::seed_from_u64(seed);
            for _ in 0..1000 {
                assert_eq!(
                    ours.range_inclusive(0, 1_000_000),
                    std.random_range(0..=1_000_000u64)
                );
                assert_eq!(ours.chance(0.3), std.random_bool(0.3));
            }
        }
    }

    #[test]
    fn a_clone_continues_the_same_stream() {
        let mut a = SimRng::seed_from_u64(7);
        for _ in 0..37 {
            a.range_inclusive(0, 99);
        }
        let mut b = a.clone();
        for _ in 0..100 {
            assert_eq!(
                a.range_inclusive(0, u64::MAX - 1),
                b.range_inclusive(0, u64::MAX - 1)
            );
        }
    }
}
