//! The run cut into equal buckets of simulated time: what every chart's line is drawn from.

use crate::ops::{OpRecord, Outcome};
use crate::Input;
use splitbrain_sim::{EventKind, SimTime};

/// The rolling lines (latency percentiles, throughput, availability) look back this far (or one bucket, if
/// buckets are wider), so one slow or failed operation moves the line for a moment instead of spiking a
/// single bucket, and a sparse workload still draws a continuous line.
pub const ROLLING_WINDOW_US: u64 = 1_000_000;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bucket {
    pub start: SimTime,
    /// How much of the bucket the run has covered (the last one may be partial).
    pub covered_us: u64,
    /// Operations invoked in this bucket whose fate is known: answered (ok or refused) or failed.
    pub answered_of_invoked: u32,
    pub failed_of_invoked: u32,
    /// Operations answered in this bucket (by return time).
    pub completed: u32,
    /// Rolling percentiles over answers returned in the window ending with this bucket.
    pub p50_us: Option<u64>,
    pub p99_us: Option<u64>,
    /// Answers per second over the window ending with this bucket.
    pub rolling_throughput: f64,
    /// Answered share (0–100) of the decided operations invoked in the window ending with this bucket.
    pub rolling_availability: Option<f64>,
    /// Stale gets returned in this bucket, and the largest staleness among them.
    pub stale_reads: u32,
    pub max_staleness_us: u64,
    /// Lost writes acknowledged in this bucket.
    pub lost_writes: u32,
    /// Messages sent in this bucket, by family index.
    pub messages: Vec<u32>,
}

impl Bucket {
    pub fn end(&self, width: u64) -> SimTime {
        SimTime(self.start.0 + width)
    }

    /// Answers per second of simulated time.
    pub fn throughput(&self) -> f64 {
        per_second(self.completed, self.covered_us)
    }

    /// Share (0–100) of the decided operations invoked here that got an answer; `None` if none decided.
    pub fn availability(&self) -> Option<f64> {
        let decided = self.answered_of_invoked + self.failed_of_invoked;
        (decided > 0).then(|| 100.0 * self.answered_of_invoked as f64 / decided as f64)
    }

    pub fn messages_per_second(&self, family: usize) -> f64 {
        per_second(
            self.messages.get(family).copied().unwrap_or(0),
            self.covered_us,
        )
    }

    pub fn all_messages_per_second(&self) -> f64 {
        per_second(self.messages.iter().sum(), self.covered_us)
    }
}

fn per_second(count: u32, covered_us: u64) -> f64 {
    if covered_us == 0 {
        0.0
    } else {
        count as f64 * 1e6 / covered_us as f64
    }
}

/// Nearest-rank percentile of sorted values (`p` in 0–100).
pub fn percentile(sorted: &[u64], p: u32) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (sorted.len() * p as usize).div_ceil(100).max(1);
    Some(sorted[rank - 1])
}

pub(crate) fn buckets(
    input: Input<'_>,
    ops: &[OpRecord],
    families: usize,
    width: u64,
) -> Vec<Bucket> {
    let now = input.now.0;
    let count = now.div_ceil(width).max(1) as usize;
    let mut buckets: Vec<Bucket> = (0..count)
        .map(|i| {
            let start = i as u64 * width;
            Bucket {
                start: SimTime(start),
                covered_us: now.saturating_sub(start).min(width),
                messages: vec![0; families],
                ..Bucket::default()
            }
        })
        .collect();
    let slot = |t: SimTime| ((t.0 / width) as usize).min(count - 1);
    for op in ops {
        let b = &mut buckets[slot(op.invoked)];
        match op.outcome {
            Outcome::Ok | Outcome::Rejected => b.answered_of_invoked += 1,
            Outcome::Failed => b.failed_of_invoked += 1,
            Outcome::Pending => {}
        }
        let Some(ret) = op.returned else { continue };
        let b = &mut buckets[slot(ret)];
        if op.answered() {
            b.completed += 1;
        }
        if let Some(s) = op.staleness_us {
            b.stale_reads += 1;
            b.max_staleness_us = b.max_staleness_us.max(s);
        }
        if op.lost {
            b.lost_writes += 1;
        }
    }
    for e in input.events {
        if let EventKind::Send { message, .. } = &e.kind {
            let b = &mut buckets[slot(e.time)];
            if let Some(n) = b.messages.get_mut(message.family as usize) {
                *n += 1;
            }
        }
    }
    rolling(&mut buckets, ops, width);
    buckets
}

fn rolling(buckets: &mut [Bucket], ops: &[OpRecord], width: u64) {
    let window = ROLLING_WINDOW_US.max(width);
    let mut invoked: Vec<(u64, bool)> = ops
        .iter()
        .filter(|o| o.outcome != Outcome::Pending)
        .map(|o| (o.invoked.0, o.answered()))
        .collect();
    invoked.sort_unstable();
    let mut answers: Vec<(u64, u64)> = ops
        .iter()
        .filter_map(|o| Some((o.returned?.0, o.latency_us()?)))
        .collect();
    answers.sort_unstable();
    for b in buckets.iter_mut() {
        let end = b.start.0 + b.covered_us;
        let from = end.saturating_sub(window);
        let lo = answers.partition_point(|(t, _)| *t < from);
        let hi = answers.partition_point(|(t, _)| *t <= end);
        let mut window: Vec<u64> = answers[lo..hi].iter().map(|(_, l)| *l).collect();
        window.sort_unstable();
        b.p50_us = percentile(&window, 50);
        b.p99_us = percentile(&window, 99);
        b.rolling_throughput = window.len() as f64 * 1e6 / (end - from).max(1) as f64;
        let lo = invoked.partition_point(|(t, _)| *t < from);
        let hi = invoked.partition_point(|(t, _)| *t <= end);
        let decided = &invoked[lo..hi];
        let answered = decided.iter().filter(|(_, a)| *a).count();
        b.rolling_availability =
            (!decided.is_empty()).then(|| 100.0 * answered as f64 / decided.len() as f64);
    }
}
