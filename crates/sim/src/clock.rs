//! Physical clocks with skew and drift, and the logical clocks the engine stamps on every event.

use crate::protocol::ClockAdjust;
use crate::time::{LocalTime, SimDuration, SimTime};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// A node's physical clock: `local = real + offset + real × drift`.
///
/// Drift is in parts per million: +100 000 ppm is a clock that runs 10 % fast. Protocols only ever see local
/// time, so a fast clock fires its timeouts early in real time, which is exactly what breaks leases.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockConfig {
    #[serde(default)]
    pub offset_us: i64,
    #[serde(default)]
    pub drift_ppm: i32,
}

impl ClockConfig {
    /// Largest |offset| accepted: one hour.
    pub const MAX_OFFSET_US: i64 = 3_600_000_000;
    /// Largest |drift| accepted: ±50 %. Beyond that a node's timeouts stop meaning anything.
    pub const MAX_DRIFT_PPM: i32 = 500_000;

    pub fn local_at(&self, t: SimTime) -> LocalTime {
        let real = t.0 as i128;
        let local = real + self.offset_us as i128 + real * self.drift_ppm as i128 / 1_000_000;
        LocalTime(local.clamp(i64::MIN as i128, i64::MAX as i128) as i64)
    }

    /// The clock after a node corrects it at real time `now` (see [`ClockAdjust`]). A slew re-bases the
    /// offset so the reading at `now` does not jump; both stay within the accepted bounds.
    pub fn adjusted(self, adjust: ClockAdjust, now: SimTime) -> ClockConfig {
        let bound = |v: i128, limit: i64| v.clamp(-(limit as i128), limit as i128);
        match adjust {
            ClockAdjust::Step { delta_us } => ClockConfig {
                offset_us: bound(
                    self.offset_us as i128 + delta_us as i128,
                    Self::MAX_OFFSET_US,
                ) as i64,
                drift_ppm: self.drift_ppm,
            },
            ClockAdjust::Slew { ppm } => {
                let drift = bound(
                    self.drift_ppm as i128 + ppm as i128,
                    Self::MAX_DRIFT_PPM as i64,
                ) as i32;
                let real = now.0 as i128;
                let reading = self.local_at(now).0 as i128;
                let offset = reading - real - real * drift as i128 / 1_000_000;
                ClockConfig {
                    offset_us: bound(offset, Self::MAX_OFFSET_US) as i64,
                    drift_ppm: drift,
                }
            }
        }
    }

    /// How much real time passes while this clock advances by `local`. Rounds up so a timer never fires
    /// before its local deadline.
    pub fn real_duration(&self, local: SimDuration) -> SimDuration {
        let rate = 1_000_000i128 + self.drift_ppm as i128;
        let real = (local.0 as i128 * 1_000_000 + rate - 1) / rate;
        SimDuration(real.clamp(0, u64::MAX as i128) as u64)
    }
}

/// A vector clock: entry `i` counts the events of node `i` this event causally depends on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VectorClock(pub Vec<u32>);

impl VectorClock {
    pub fn new(nodes: usize) -> Self {
        VectorClock(vec![0; nodes])
    }

    pub fn tick(&mut self, node: usize) {
        if let Some(c) = self.0.get_mut(node) {
            *c += 1;
        }
    }

    pub fn merge(&mut self, other: &VectorClock) {
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            *mine = (*mine).max(*theirs);
        }
    }

    /// `Some(Less)` if self happened before other, `Some(Greater)` after, `Some(Equal)` the same event,
    /// `None` concurrent.
    pub fn compare(&self, other: &VectorClock) -> Option<Ordering> {
        let mut less = false;
        let mut greater = false;
        for (a, b) in self.0.iter().zip(&other.0) {
            match a.cmp(b) {
                Ordering::Less => less = true,
                Ordering::Greater => greater = true,
                Ordering::Equal => {}
            }
        }
        match (less, greater) {
            (false, false) => Some(Ordering::Equal),
            (true, false) => Some(Ordering::Less),
            (false, true) => Some(Ordering::Greater),
            (true, true) => None,
        }
    }

    pub fn happened_before(&self, other: &VectorClock) -> bool {
        self.compare(other) == Some(Ordering::Less)
    }

    pub fn concurrent_with(&self, other: &VectorClock) -> bool {
        self.compare(other).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_and_drift_combine() {
        let c = ClockConfig {
            offset_us: 2_000,
            drift_ppm: 100_000,
        };
        // 10 ms real → 10 ms + 10 % + 2 ms offset.
        assert_eq!(c.local_at(SimTime(10_000)), LocalTime(13_000));
        assert_eq!(c.local_at(SimTime(0)), LocalTime(2_000));
    }

    #[test]
    fn a_fast_clock_needs_less_real_time_for_the_same_local_duration() {
        let fast = ClockConfig {
            offset_us: 0,
            drift_ppm: 250_000,
        };
        assert_eq!(
            fast.real_duration(SimDuration(1_000_000)),
            SimDuration(800_000)
        );
        let slow = ClockConfig {
            offset_us: 0,
            drift_ppm: -200_000,
        };
        assert_eq!(
            slow.real_duration(SimDuration(800_000)),
            SimDuration(1_000_000)
        );
        assert_eq!(
            ClockConfig::default().real_duration(SimDuration(7)),
            SimDuration(7)
        );
    }

    #[test]
    fn real_duration_never_undershoots_the_local_deadline() {
        for drift in [-499_999, -123_457, -1, 0, 1, 77_777, 500_000] {
            let c = ClockConfig {
                offset_us: 0,
                drift_ppm: drift,
            };
            for local in [1u64, 3, 999, 150_000, 1_234_567] {
                let real = c.real_duration(SimDuration(local));
                let reached = c.local_at(SimTime(real.0)).0 - c.local_at(SimTime(0)).0;
                assert!(
                    reached >= local as i64 - 1,
                    "drift {drift} local {local}: reached {reached}"
                );
            }
        }
    }

    #[test]
    fn absurd_clocks_saturate() {
        let c = ClockConfig {
            offset_us: i64::MAX,
            drift_ppm: i32::MAX,
        };
        assert_eq!(c.local_at(SimTime(u64::MAX)), LocalTime(i64::MAX));
    }

    #[test]
    fn vector_clock_comparison() {
        let a = VectorClock(vec![1, 0, 0]);
        let b = VectorClock(vec![1, 1, 0]);
        let c = VectorClock(vec![0, 0, 1]);
        assert!(a.happened_before(&b));
        assert!(!b.happened_before(&a));
        assert!(a.concurrent_with(&c));
        assert_eq!(a.compare(&a), Some(Ordering::Equal));
        let mut m = a.clone();
        m.merge(&c);
        assert_eq!(m, VectorClock(vec![1, 0, 1]));
    }
}
