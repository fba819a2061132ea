//! Simulated time. Integer microseconds: no floating point drift, identical on every platform.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, Sub};

/// An instant of simulated real time, in microseconds since the run started.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct SimTime(pub u64);

/// A span of simulated time, in microseconds.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct SimDuration(pub u64);

/// What a node's own (possibly skewed) clock reads, in microseconds. Signed: an offset may put it before zero.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct LocalTime(pub i64);

impl SimTime {
    pub const ZERO: SimTime = SimTime(0);

    pub fn from_millis(ms: u64) -> Self {
        SimTime(ms.saturating_mul(1_000))
    }

    pub fn as_micros(self) -> u64 {
        self.0
    }

    pub fn as_millis_f64(self) -> f64 {
        self.0 as f64 / 1_000.0
    }

    pub fn saturating_sub(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
}

impl SimDuration {
    pub const ZERO: SimDuration = SimDuration(0);

    pub const fn from_millis(ms: u64) -> Self {
        SimDuration(ms * 1_000)
    }

    pub const fn from_micros(us: u64) -> Self {
        SimDuration(us)
    }

    pub fn as_micros(self) -> u64 {
        self.0
    }
}

impl LocalTime {
    pub fn as_micros(self) -> i64 {
        self.0
    }

    /// The local time `d` later. Saturates: an absurd clock must not panic the simulator.
    pub fn plus(self, d: SimDuration) -> LocalTime {
        LocalTime(self.0.saturating_add(d.0.min(i64::MAX as u64) as i64))
    }

    /// How far `self` is past `earlier` (zero if it is not).
    pub fn since(self, earlier: LocalTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0).max(0) as u64)
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, d: SimDuration) -> SimTime {
        SimTime(self.0.saturating_add(d.0))
    }
}

impl Sub for SimTime {
    type Output = SimDuration;
    fn sub(self, earlier: SimTime) -> SimDuration {
        self.saturating_sub(earlier)
    }
}

impl Add for SimDuration {
    type Output = SimDuration;
    fn add(self, other: SimDuration) -> SimDuration {
        SimDuration(self.0.saturating_add(other.0))
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3} ms", self.as_millis_f64())
    }
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3} ms", self.0 as f64 / 1_000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_saturates_instead_of_panicking() {
        assert_eq!(SimTime(u64::MAX) + SimDuration(5), SimTime(u64::MAX));
        assert_eq!(SimTime(3) - SimTime(10), SimDuration::ZERO);
        assert_eq!(
            LocalTime(i64::MAX).plus(SimDuration(1)),
            LocalTime(i64::MAX)
        );
        assert_eq!(LocalTime(10).since(LocalTime(4)), SimDuration(6));
        assert_eq!(LocalTime(4).since(LocalTime(10)), SimDuration::ZERO);
    }

    #[test]
    fn display_is_in_milliseconds() {
        assert_eq!(SimTime(1_500).to_string(), "1.500 ms");
    }
}
