//! The knobs a scenario can turn (`cluster.options`), after DeCandia et al., *Dynamo* (SOSP 2007): the ring's
//! virtual nodes (§4.2), the replication factor N and the quorums R and W (§4.3, §4.5), how concurrent
//! versions are resolved (§4.4; last-writer-wins is the alternative §4.4 and §6 mention), sloppy quorums
//! with hinted handoff (§4.6), read repair and anti-entropy (§4.7, §5), the timers, and the teaching mutant.

use serde::{Deserialize, Serialize};

pub const MIN_NODES: u32 = 3;
pub const MAX_NODES: u32 = 9;
pub const MAX_VNODES: u32 = 16;
/// Timers shorter than 10 ms would flood the trace; longer than a minute make a run look frozen.
pub const MIN_TIMER_MS: u64 = 10;
pub const MAX_TIMER_MS: u64 = 60_000;

/// How a replica orders two versions of a key (§4.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Vector clocks: versions that neither descends from are siblings, kept and returned together until
    /// a client write whose context covers them merges them.
    VectorClock,
    /// The version with the highest (coordinator's local timestamp, node id) wins; the others are thrown
    /// away. A coordinator whose clock is behind makes its newer write lose.
    LastWriterWins,
}

/// A deliberately broken Dynamo for teaching; each breaks one named rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    /// Breaks §4.7's read repair ("update the replicas that returned stale versions" with the newest): the
    /// coordinator writes back the *older* version it read, and a replica takes a repair as the truth,
    /// replacing what it has. A newer acknowledged write vanishes.
    ReadRepairKeepsOlder,
    /// Breaks §4.4's rule that only a descendant may replace a version: the vector-clock comparison calls
    /// two concurrent versions ordered (the one with the larger sum of counters wins), so a replica
    /// silently drops a sibling: an acknowledged write lost.
    ConcurrentAsOrdered,
    /// Breaks §4.5's quorum: the coordinator counts acknowledgements, not distinct replicas, so a
    /// duplicated ack counts twice toward W and a write is acknowledged with fewer than W copies.
    QuorumCountsDuplicates,
}

impl Mutant {
    pub const ALL: [Mutant; 3] = [
        Mutant::ReadRepairKeepsOlder,
        Mutant::ConcurrentAsOrdered,
        Mutant::QuorumCountsDuplicates,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Mutant::ReadRepairKeepsOlder => "read_repair_keeps_older",
            Mutant::ConcurrentAsOrdered => "concurrent_as_ordered",
            Mutant::QuorumCountsDuplicates => "quorum_counts_duplicates",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mutant::ReadRepairKeepsOlder => "read repair writes back the older version",
            Mutant::ConcurrentAsOrdered => "concurrent versions treated as ordered",
            Mutant::QuorumCountsDuplicates => "a duplicated ack counts twice toward W",
        }
    }
}

/// Options of `dynamo`, as written in `cluster.options`. Every field has a default: Dynamo's common
/// configuration (N, R, W) = (3, 2, 2) with vector clocks, strict quorums, read repair and anti-entropy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DynamoOptions {
    /// Virtual nodes (tokens) per node on the ring (§4.2).
    pub vnodes: u32,
    /// N: how many nodes store each key (§4.3).
    pub replicas: u32,
    /// W: acknowledgements (the coordinator's own included) before a put is answered (§4.5).
    pub write_quorum: u32,
    /// R: answers (the coordinator's own included) before a get is answered (§4.5).
    pub read_quorum: u32,
    pub resolution: Resolution,
    /// §4.6: when an owner does not answer in time, ask the next healthy nodes of the ring instead.
    pub sloppy_quorum: bool,
    /// §4.7: after a read, send the reconciled version to the replicas that answered with an older one.
    pub read_repair: bool,
    /// §4.7: how often a node compares a digest of its key ranges with a random peer (0: never).
    pub anti_entropy_ms: u64,
    /// How long a coordinator waits for the replicas before giving up or, with sloppy quorums, asking
    /// stand-ins.
    pub request_timeout_ms: u64,
    /// How often a stand-in tries to hand its hinted versions back to their owner (§4.6).
    pub handoff_ms: u64,
    /// How long a coordinator skips a node that timed out, before trying it again.
    pub suspect_ms: u64,
    pub mutant: Option<Mutant>,
}

impl Default for DynamoOptions {
    fn default() -> Self {
        // With the default 10–30 ms links a round trip takes at most 60 ms, so a 200 ms request timeout
        // rides out a slow answer but gives up visibly; hints are offered back twice a second and ranges
        // compared every second, slow enough to tell apart from client traffic on the timeline.
        DynamoOptions {
            vnodes: 3,
            replicas: 3,
            write_quorum: 2,
            read_quorum: 2,
            resolution: Resolution::VectorClock,
            sloppy_quorum: false,
            read_repair: true,
            anti_entropy_ms: 1_000,
            request_timeout_ms: 200,
            handoff_ms: 500,
            suspect_ms: 1_000,
            mutant: None,
        }
    }
}

impl DynamoOptions {
    pub fn is(&self, mutant: Mutant) -> bool {
        self.mutant == Some(mutant)
    }

    pub fn vector_clocks(&self) -> bool {
        self.resolution == Resolution::VectorClock
    }

    /// Strict quorums with R + W > N: every read quorum meets every write quorum in a replica (§4.5).
    pub fn quorums_intersect(&self) -> bool {
        !self.sloppy_quorum && self.read_quorum + self.write_quorum > self.replicas
    }

    /// Checks the options for a cluster of `nodes`; the error names the offending field.
    pub fn validate(&self, nodes: u32) -> Result<(), (String, String)> {
        let err = |field: &str, message: String| Err((field.to_string(), message));
        if !(MIN_NODES..=MAX_NODES).contains(&nodes) {
            return err(
                "nodes",
                format!(
                    "dynamo runs with {MIN_NODES} to {MAX_NODES} nodes; this cluster has {nodes}"
                ),
            );
        }
        if !(1..=MAX_VNODES).contains(&self.vnodes) {
            return err(
                "vnodes",
                format!("must be between 1 and {MAX_VNODES}, not {}", self.vnodes),
            );
        }
        if !(1..=nodes).contains(&self.replicas) {
            return err(
                "replicas",
                format!(
                    "must be between 1 and the number of nodes ({nodes}), not {}",
                    self.replicas
                ),
            );
        }
        for (field, q) in [
            ("write_quorum", self.write_quorum),
            ("read_quorum", self.read_quorum),
        ] {
            if !(1..=self.replicas).contains(&q) {
                return err(
                    field,
                    format!(
                        "must be between 1 and replicas ({}), not {q}",
                        self.replicas
                    ),
                );
            }
        }
        if self.anti_entropy_ms != 0
            && !(MIN_TIMER_MS..=MAX_TIMER_MS).contains(&self.anti_entropy_ms)
        {
            return err(
                "anti_entropy_ms",
                format!(
                    "must be 0 (off) or between {MIN_TIMER_MS} and {MAX_TIMER_MS} ms, not {}",
                    self.anti_entropy_ms
                ),
            );
        }
        for (field, ms) in [
            ("request_timeout_ms", self.request_timeout_ms),
            ("handoff_ms", self.handoff_ms),
            ("suspect_ms", self.suspect_ms),
        ] {
            if !(MIN_TIMER_MS..=MAX_TIMER_MS).contains(&ms) {
                return err(
                    field,
                    format!("must be between {MIN_TIMER_MS} and {MAX_TIMER_MS} ms, not {ms}"),
                );
            }
        }
        Ok(())
    }
}
