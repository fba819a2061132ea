//! The knobs a scenario can turn (`cluster.options`): which algorithm runs, how long a holder stays in the
//! critical section, the lock server's lease and retry timing, whether its storage checks fencing tokens,
//! and the teaching mutant.

use serde::{Deserialize, Serialize};

pub const MIN_NODES: u32 = 2;
pub const MAX_NODES: u32 = 9;
/// No duration may exceed one simulated minute: longer ones make a lab run look frozen.
pub const MAX_US: u64 = 60_000_000;
/// Timers shorter than 1 ms would flood the trace.
pub const MIN_US: u64 = 1_000;

/// Which mutual exclusion algorithm the nodes run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// Lamport 1978: a request queue ordered by Lamport timestamp, acknowledgements, releases.
    Lamport,
    /// Ricart and Agrawala 1981: a request to every peer, replies deferred while one's own earlier request
    /// is pending.
    RicartAgrawala,
    /// A central lock server (n1) granting leases with fencing tokens; n1 also holds the shared storage.
    LockServer,
}

/// A teaching mutant: one rule broken on purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    /// Ricart–Agrawala: reply at once to every request, even while one's own earlier request is pending.
    ReplyImmediately,
    /// Lamport: enter when one's own request heads the local queue, without waiting for a later-timestamped
    /// message from every peer (rule 5 (ii)).
    NoWaitForLater,
}

impl Mutant {
    pub fn as_str(self) -> &'static str {
        match self {
            Mutant::ReplyImmediately => "reply_immediately",
            Mutant::NoWaitForLater => "no_wait_for_later",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MutexOptions {
    pub algorithm: Algorithm,
    /// How long a holder works in the critical section before it writes and releases.
    pub critical_section_us: u64,
    /// Lock server: how long a grant is valid.
    pub lease_us: u64,
    /// Lock server: how often a waiting node re-asks, and a holder re-sends its write.
    pub retry_us: u64,
    /// Lock server: the storage refuses a write whose token is older than one it has accepted.
    pub fencing: bool,
    pub mutant: Option<Mutant>,
}

impl Default for MutexOptions {
    fn default() -> Self {
        MutexOptions {
            algorithm: Algorithm::Lamport,
            critical_section_us: 100_000,
            lease_us: 400_000,
            retry_us: 200_000,
            fencing: true,
            mutant: None,
        }
    }
}

fn bad(field: &str, why: String) -> Result<(), (String, String)> {
    Err((field.to_string(), why))
}

impl MutexOptions {
    pub fn validate(&self, nodes: u32) -> Result<(), (String, String)> {
        if !(MIN_NODES..=MAX_NODES).contains(&nodes) {
            return bad(
                "nodes",
                format!("mutual exclusion runs with {MIN_NODES} to {MAX_NODES} nodes, not {nodes}"),
            );
        }
        for (field, v) in [
            ("critical_section_us", self.critical_section_us),
            ("lease_us", self.lease_us),
            ("retry_us", self.retry_us),
        ] {
            if !(MIN_US..=MAX_US).contains(&v) {
                return bad(
                    field,
                    format!("must be between {MIN_US} and {MAX_US} µs, not {v}"),
                );
            }
        }
        match (self.mutant, self.algorithm) {
            (Some(Mutant::ReplyImmediately), a) if a != Algorithm::RicartAgrawala => bad(
                "mutant",
                "reply_immediately breaks Ricart–Agrawala; choose algorithm ricart_agrawala".into(),
            ),
            (Some(Mutant::NoWaitForLater), a) if a != Algorithm::Lamport => bad(
                "mutant",
                "no_wait_for_later breaks Lamport's algorithm; choose algorithm lamport".into(),
            ),
            _ => Ok(()),
        }
    }
}
