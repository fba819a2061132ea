//! The knobs a scenario can turn (`cluster.options`), shared by both protocols: timing, the backoff that
//! breaks duels between proposers (*Paxos Made Simple* §2.4: progress needs a distinguished proposer, or
//! luck), leader election for Multi-Paxos, and the teaching mutants, each breaking one rule of the paper.

use serde::{Deserialize, Serialize};

/// Largest cluster the Paxos lab accepts: beyond 25 nodes the lanes stop being readable (and ballots encode
/// the node in 8 bits).
pub const MAX_NODES: u32 = 25;
/// No timeout may exceed one simulated minute: longer ones make a lab run look frozen.
pub const MAX_TIMEOUT_US: u64 = 60_000_000;
/// Timers shorter than 1 ms would flood the trace.
pub const MIN_TIMEOUT_US: u64 = 1_000;

/// A deliberately broken Paxos for teaching: each variant breaks one rule, and a checker catches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    /// Breaks P1a's durability (§2.3: "an acceptor must remember this information even if it fails and then
    /// restarts"): the promise is not restored after a crash, so the acceptor accepts a ballot it promised to
    /// refuse.
    ForgetPromiseOnRestart,
    /// Breaks P2c (§2.2): after phase 1 the proposer proposes its own value, ignoring the accepted values the
    /// promises reported.
    IgnoreAcceptedValues,
    /// Breaks the majority rule (§2.2, "any two majorities have at least one acceptor in common"): proposers
    /// and learners count ⌊n/2⌋ replies as a quorum, and two such quorums need not intersect.
    MinorityQuorum,
    /// Breaks learning (§2.3: a value is chosen when a majority accepted it *in one proposal*): the learner
    /// counts Accepted messages of different ballots together.
    MixBallots,
}

impl Mutant {
    pub const ALL: [Mutant; 4] = [
        Mutant::ForgetPromiseOnRestart,
        Mutant::IgnoreAcceptedValues,
        Mutant::MinorityQuorum,
        Mutant::MixBallots,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Mutant::ForgetPromiseOnRestart => "forget_promise_on_restart",
            Mutant::IgnoreAcceptedValues => "ignore_accepted_values",
            Mutant::MinorityQuorum => "minority_quorum",
            Mutant::MixBallots => "mix_ballots",
        }
    }
}

/// Options of `paxos` and `multi-paxos`, as written in `cluster.options`. Every field has a default; the
/// leader-election fields only matter to Multi-Paxos.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PaxosOptions {
    /// After a refusal (Nack), a proposer waits a backoff drawn uniformly from `[min, max]` by the engine
    /// before trying a higher ballot. `min == max` is a fixed backoff: dueling proposers can livelock.
    pub backoff_min_us: u64,
    pub backoff_max_us: u64,
    /// A round that has neither succeeded nor been refused after this long is retried with a higher ballot
    /// (its messages may have been lost).
    pub round_timeout_us: u64,
    /// Multi-Paxos only. On: the leader heartbeats, and a node that hears nothing for an election timeout
    /// runs phase 1 itself. Off: every node that receives a client request runs phase 1 (dueling leaders).
    pub leader_election: bool,
    /// Multi-Paxos only: election timeouts are drawn from `[min, max]`.
    pub election_timeout_min_us: u64,
    pub election_timeout_max_us: u64,
    /// Multi-Paxos only: how often the leader heartbeats and re-sends Accepts not yet known chosen.
    pub heartbeat_us: u64,
    pub mutant: Option<Mutant>,
}

impl Default for PaxosOptions {
    fn default() -> Self {
        // With the engine's default 10–30 ms latency a round trip takes ~40 ms: a 60–240 ms backoff spreads
        // dueling proposers by more than a round trip most of the time, heartbeats every 100 ms are clearly
        // separate on the timeline, and 300–600 ms election timeouts leave room for one phase 1 to finish.
        PaxosOptions {
            backoff_min_us: 60_000,
            backoff_max_us: 240_000,
            round_timeout_us: 400_000,
            leader_election: true,
            election_timeout_min_us: 300_000,
            election_timeout_max_us: 600_000,
            heartbeat_us: 100_000,
            mutant: None,
        }
    }
}

impl PaxosOptions {
    pub fn is(&self, mutant: Mutant) -> bool {
        self.mutant == Some(mutant)
    }

    /// Checks the options for a cluster of `nodes`; the error names the offending field.
    pub fn validate(&self, nodes: u32) -> Result<(), (String, String)> {
        let err = |field: &str, message: String| Err((field.to_string(), message));
        if nodes == 0 || nodes > MAX_NODES {
            return err(
                "nodes",
                format!("Paxos runs with 1 to {MAX_NODES} nodes; this cluster has {nodes}"),
            );
        }
        for (field, value) in [
            ("backoff_min_us", self.backoff_min_us),
            ("backoff_max_us", self.backoff_max_us),
            ("round_timeout_us", self.round_timeout_us),
            ("election_timeout_min_us", self.election_timeout_min_us),
            ("election_timeout_max_us", self.election_timeout_max_us),
            ("heartbeat_us", self.heartbeat_us),
        ] {
            if !(MIN_TIMEOUT_US..=MAX_TIMEOUT_US).contains(&value) {
                return err(
                    field,
                    format!("{value} µs is outside {MIN_TIMEOUT_US} µs (1 ms) to {MAX_TIMEOUT_US} µs (one minute)"),
                );
            }
        }
        for (min_field, min, max) in [
            ("backoff_min_us", self.backoff_min_us, self.backoff_max_us),
            (
                "election_timeout_min_us",
                self.election_timeout_min_us,
                self.election_timeout_max_us,
            ),
        ] {
            if min > max {
                return err(
                    min_field,
                    format!("minimum {min} µs is above the maximum {max} µs"),
                );
            }
        }
        if self.leader_election && self.heartbeat_us >= self.election_timeout_min_us {
            return err(
                "heartbeat_us",
                format!(
                    "{} µs is not below election_timeout_min_us ({} µs): followers would time out between heartbeats",
                    self.heartbeat_us, self.election_timeout_min_us
                ),
            );
        }
        Ok(())
    }
}
