//! The metrics of one run, derived from its trace over simulated time: what the Charts band draws, what the
//! Compare view tabulates, and what `splitbrain compare` prints. Pure Rust over `Event<Shown>`, so it measures
//! any protocol the same way and is tested natively.
//!
//! Conventions, stated once:
//! - Latency is invoke → return of operations that got an answer (ok or a refusal); a failed operation's
//!   "latency" is only the client's patience, so it counts against availability instead.
//! - Availability buckets by *invocation* time: "of the operations started in this interval, the share that
//!   got an answer". Throughput and latency bucket by *return* time.
//! - Only what happened up to the trace's cursor is measured; the time axis spans the whole scenario so the
//!   charts do not rescale while a run plays.

mod csv;
mod detect;
mod faults;
mod ops;
mod series;
mod summary;

pub use csv::to_csv;
pub use detect::{Detection, FalseSuspicion, Suspicions};
pub use faults::{ClockSeries, FaultBand, FaultKind};
pub use ops::{OpRecord, Outcome};
pub use series::Bucket;
pub use summary::{Summary, Verdict, SUMMARY_COLUMNS};

use splitbrain_check::History;
use splitbrain_sim::{Event, Face, Scenario, Session, Shown, SimTime};

/// Everything measured about one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Metrics {
    /// The time measured up to (the cursor).
    pub now: SimTime,
    /// The end of the time axis: the scenario's duration, or `now` if the run went past it.
    pub span: SimTime,
    pub bucket_us: u64,
    /// The protocol's message families, by index (`ShownMsg::family`).
    pub families: Vec<&'static str>,
    pub ops: Vec<OpRecord>,
    /// One per `bucket_us` from time zero up to `now`.
    pub buckets: Vec<Bucket>,
    pub faults: Vec<FaultBand>,
    pub clocks: Vec<ClockSeries>,
    /// The protocol's failure-detector suspicions against the real crashes.
    pub suspicions: Suspicions,
    /// Whether the protocol serves client operations at all (the client charts are drawn only then).
    pub serves_clients: bool,
}

/// What [`Metrics::measure`] reads.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The events up to the cursor.
    pub events: &'a [Event<Shown>],
    pub face: &'static Face,
    pub scenario: &'a Scenario,
    pub nodes: usize,
    pub now: SimTime,
}

impl<'a> Input<'a> {
    /// A session's events up to its cursor, as its views see them.
    pub fn of(session: &'a dyn Session) -> Input<'a> {
        Input {
            events: session.past(),
            face: session.face(),
            scenario: session.scenario(),
            nodes: session.node_count(),
            now: session.now(),
        }
    }
}

/// Bucket widths offered, so tick labels stay round.
const WIDTHS_US: [u64; 12] = [
    10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000,
    30_000_000, 60_000_000,
];
/// At most this many buckets on the axis: enough to see a fault's edge, few enough to read.
const MAX_BUCKETS: u64 = 100;

/// The smallest round width that cuts `span` into at most [`MAX_BUCKETS`] buckets.
pub fn bucket_width(span: SimTime) -> u64 {
    WIDTHS_US
        .into_iter()
        .find(|w| span.0.div_ceil(*w) <= MAX_BUCKETS)
        .unwrap_or(span.0.div_ceil(MAX_BUCKETS).max(1))
}

impl Metrics {
    pub fn measure(input: Input<'_>) -> Metrics {
        let span = SimTime(input.scenario.duration_us.max(input.now.0).max(1));
        let bucket_us = bucket_width(span);
        let families: Vec<&'static str> = input.face.families.iter().map(|f| f.key).collect();
        let history = History::from_events(input.events);
        let stale = splitbrain_check::stale_read::stale_reads_in(&history);
        let lost = splitbrain_check::lost_write::lost_writes_in(&history);
        let ops = ops::records(input.events, &stale, &lost);
        let buckets = series::buckets(input, &ops, families.len(), bucket_us);
        Metrics {
            now: input.now,
            span,
            bucket_us,
            families,
            faults: faults::bands(input.events),
            clocks: faults::clocks(input, bucket_us),
            suspicions: detect::suspicions(input.events, input.nodes),
            serves_clients: !input.face.client_ops.is_empty(),
            buckets,
            ops,
        }
    }

    /// Whether any node's clock was ever off real time: only then is the clock chart worth drawing.
    pub fn clocks_vary(&self) -> bool {
        self.clocks
            .iter()
            .any(|c| !c.bounds.is_empty() || c.points.iter().any(|(_, off)| *off != 0))
    }

    /// The summary row of this run: `verdict` from [`Verdict::judge`] on the same events, and the protocol
    /// checkers' (the session's) violation count.
    pub fn summary(&self, label: &str, verdict: Verdict, invariant_violations: usize) -> Summary {
        summary::summarise(self, label, verdict, invariant_violations)
    }

    pub fn stale_reads(&self) -> usize {
        self.ops.iter().filter(|o| o.staleness_us.is_some()).count()
    }

    pub fn lost_writes(&self) -> usize {
        self.ops.iter().filter(|o| o.lost).count()
    }
}

#[cfg(test)]
mod tests;
