//! The knobs a scenario can turn (`cluster.options`): how writes are replicated before the client hears "ok"
//! (Budhiraja et al. 1993 §3 call the synchronous variant *blocking*; MySQL's semi-synchronous and
//! asynchronous replication are the others), how a failed primary is replaced, where reads are served, the
//! timing of heartbeats and the failure detector, and the teaching mutant.

use serde::{Deserialize, Serialize};

/// One primary and 1 to 8 backups.
pub const MIN_NODES: u32 = 2;
pub const MAX_NODES: u32 = 9;
/// No timeout may exceed one simulated minute: longer ones make a lab run look frozen.
pub const MAX_TIMEOUT_US: u64 = 60_000_000;
/// Timers shorter than 1 ms would flood the trace.
pub const MIN_TIMEOUT_US: u64 = 1_000;

/// When the primary answers a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Replication {
    /// After every backup has stored the write: nothing acknowledged is lost, but one backup down blocks
    /// every write.
    Sync,
    /// After one backup has stored it (MySQL's semi-synchronous replication).
    SemiSync,
    /// At once; the write is shipped to the backups with the next heartbeat. A failover loses what was not
    /// shipped yet (GitHub, September 2012).
    Async,
}

/// How a failed primary is replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failover {
    /// A backup that stops hearing the primary asks the others and promotes itself unless a reachable node
    /// is more up to date. There are no epochs: an old primary is never told it was replaced.
    Naive,
    /// The same promotion, but every promotion starts a new epoch, carried by every message and write;
    /// anything from an older epoch is refused (fencing tokens, Kleppmann, DDIA ch. 8).
    Fencing,
    /// A promotion needs votes from a majority, and a node votes only for a candidate whose write log is at
    /// least as up to date as its own (the rule of Raft §5.2 and §5.4.1). No minority side can promote.
    Majority,
}

/// Where a client's read is served.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reads {
    /// At the primary, after a heartbeat round sent after the read arrived was acknowledged by a majority in
    /// the primary's epoch, and once every write it holds is acknowledged (a "read index"): a deposed
    /// primary cannot answer.
    Primary,
    /// At the primary, from its own copy at once: a deposed primary that does not know it serves stale data.
    PrimaryLocal,
    /// At whichever node the client asks, from its own copy: stale reads, and a client may not see its own
    /// writes.
    AnyNode,
}

/// A deliberately broken primary-backup for teaching.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    /// Breaks fencing (DDIA ch. 8, "the storage server must check the token"): a backup stores and
    /// acknowledges writes of an older epoch, so a partitioned old primary keeps accepting writes while the
    /// new one does too.
    NoFencing,
}

impl Mutant {
    pub const ALL: [Mutant; 1] = [Mutant::NoFencing];

    pub fn as_str(self) -> &'static str {
        match self {
            Mutant::NoFencing => "no_fencing",
        }
    }
}

/// Options of `primary-backup`, as written in `cluster.options`. Every field has a default: the
/// configuration claimed safe (synchronous replication, majority failover, confirmed reads).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PbOptions {
    pub replication: Replication,
    pub failover: Failover,
    pub reads: Reads,
    /// How often the primary heartbeats (and ships or re-sends writes not yet acknowledged).
    pub heartbeat_us: u64,
    /// A backup that hears no primary for a time drawn from `[min, max]` suspects it has failed.
    pub failure_timeout_min_us: u64,
    pub failure_timeout_max_us: u64,
    pub mutant: Option<Mutant>,
}

impl Default for PbOptions {
    fn default() -> Self {
        // With 10–20 ms links a heartbeat every 80 ms is clearly separate on the timeline, and a 300–500 ms
        // failure timeout rides out a lost heartbeat or three while a failover still happens within half a
        // second.
        PbOptions {
            replication: Replication::Sync,
            failover: Failover::Majority,
            reads: Reads::Primary,
            heartbeat_us: 80_000,
            failure_timeout_min_us: 300_000,
            failure_timeout_max_us: 500_000,
            mutant: None,
        }
    }
}

impl PbOptions {
    pub fn is(&self, mutant: Mutant) -> bool {
        self.mutant == Some(mutant)
    }

    /// Epochs exist in every policy but the naive one.
    pub fn epochs(&self) -> bool {
        self.failover != Failover::Naive
    }

    /// Checks the options for a cluster of `nodes`; the error names the offending field.
    pub fn validate(&self, nodes: u32) -> Result<(), (String, String)> {
        let err = |field: &str, message: String| Err((field.to_string(), message));
        if !(MIN_NODES..=MAX_NODES).contains(&nodes) {
            return err(
                "nodes",
                format!("primary-backup runs with one primary and 1 to 8 backups ({MIN_NODES} to {MAX_NODES} nodes); this cluster has {nodes}"),
            );
        }
        for (field, value) in [
            ("heartbeat_us", self.heartbeat_us),
            ("failure_timeout_min_us", self.failure_timeout_min_us),
            ("failure_timeout_max_us", self.failure_timeout_max_us),
        ] {
            if !(MIN_TIMEOUT_US..=MAX_TIMEOUT_US).contains(&value) {
                return err(
                    field,
                    format!("{value} µs is outside {MIN_TIMEOUT_US} µs (1 ms) to {MAX_TIMEOUT_US} µs (one minute)"),
                );
            }
        }
        if self.failure_timeout_min_us > self.failure_timeout_max_us {
            return err(
                "failure_timeout_min_us",
                format!(
                    "minimum {} µs is above the maximum {} µs",
                    self.failure_timeout_min_us, self.failure_timeout_max_us
                ),
            );
        }
        if self.heartbeat_us >= self.failure_timeout_min_us {
            return err(
                "heartbeat_us",
                format!(
                    "{} µs is not below failure_timeout_min_us ({} µs): backups would suspect a live primary between heartbeats",
                    self.heartbeat_us, self.failure_timeout_min_us
                ),
            );
        }
        Ok(())
    }
}
