//! The knobs a scenario can turn: timing, the optional extensions (pre-vote, check-quorum), how reads are
//! served, and the teaching mutants that each break exactly one rule of the paper.

use serde::{Deserialize, Serialize};

/// Largest cluster the Raft lab accepts: beyond 25 nodes the timeline stops being readable.
pub const MAX_NODES: u32 = 25;
/// No timeout may exceed one simulated minute: longer ones make a lab run look frozen.
pub const MAX_TIMEOUT_US: u64 = 60_000_000;
/// Timers shorter than 1 ms would flood the trace with heartbeats.
pub const MIN_TIMEOUT_US: u64 = 1_000;

/// How a leader answers a `get`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadMode {
    /// The read is appended to the log like a write and answered when applied (always linearizable).
    #[default]
    Log,
    /// §6.4 of the paper: remember the commit index, confirm leadership with one heartbeat round, answer
    /// once that index is applied. No log entry.
    ReadIndex,
    /// Answer locally while the leader's lease (measured on its own, possibly skewed clock) is valid.
    Lease,
    /// Answer immediately from local state, even on a deposed leader: stale reads on purpose.
    UnsafeLocal,
}

impl ReadMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ReadMode::Log => "log",
            ReadMode::ReadIndex => "read_index",
            ReadMode::Lease => "lease",
            ReadMode::UnsafeLocal => "unsafe_local",
        }
    }
}

/// A deliberately broken Raft for teaching: each variant breaks one rule, and the checkers (or the
/// linearizability check, or the liveness check) should catch it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    /// Figure 8: a leader commits an entry from an earlier term as soon as a majority stores it.
    CommitPreviousTermByCount,
    /// Grant votes without the "candidate's log is at least as up-to-date" check (§5.4.1).
    VoteWithoutLogCheck,
    /// Every election timeout is exactly `election_timeout_min_us`: symmetric nodes split the vote forever.
    FixedElectionTimeout,
    /// Leaders answer reads from local state whatever `read_mode` says.
    UnsafeLocalReads,
    /// `voted_for` is not restored after a crash, so a node can vote twice in one term.
    ForgetVotedForOnRestart,
}

impl Mutant {
    pub const ALL: [Mutant; 5] = [
        Mutant::CommitPreviousTermByCount,
        Mutant::VoteWithoutLogCheck,
        Mutant::FixedElectionTimeout,
        Mutant::UnsafeLocalReads,
        Mutant::ForgetVotedForOnRestart,
    ];
}

/// Raft's options, as written in a scenario's `cluster.options`. Every field has a default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RaftOptions {
    /// Election timeouts are drawn uniformly from `[min, max]` on the node's local clock (the engine draws).
    pub election_timeout_min_us: u64,
    pub election_timeout_max_us: u64,
    /// How often a leader sends AppendEntries to every follower, even with nothing new to send.
    pub heartbeat_us: u64,
    /// §9.6 of Ongaro's thesis: ask "would you vote for me?" before bumping the term, so a node that was
    /// cut off cannot disrupt a healthy cluster when it returns.
    pub pre_vote: bool,
    /// A leader that has not heard from a majority for an election timeout steps down; followers that
    /// heard from a leader recently ignore RequestVote (thesis §6.2 / §4.2.3).
    pub check_quorum: bool,
    pub read_mode: ReadMode,
    /// At most this many entries per AppendEntries (1 makes each entry's journey visible).
    pub max_entries_per_append: u64,
    pub mutant: Option<Mutant>,
}

impl Default for RaftOptions {
    fn default() -> Self {
        // With the engine's default 10–30 ms latency, a heartbeat round trip takes ~40 ms: 100 ms heartbeats
        // are clearly separate on the timeline, and 300–600 ms election timeouts leave room for one election
        // to finish before another node times out, while still being visible when animated.
        RaftOptions {
            election_timeout_min_us: 300_000,
            election_timeout_max_us: 600_000,
            heartbeat_us: 100_000,
            pre_vote: false,
            check_quorum: false,
            read_mode: ReadMode::Log,
            max_entries_per_append: 64,
            mutant: None,
        }
    }
}

impl RaftOptions {
    pub fn is(&self, mutant: Mutant) -> bool {
        self.mutant == Some(mutant)
    }

    /// The read mode actually used (the unsafe-reads mutant overrides the configured one).
    pub fn effective_read_mode(&self) -> ReadMode {
        if self.is(Mutant::UnsafeLocalReads) {
            ReadMode::UnsafeLocal
        } else {
            self.read_mode
        }
    }

    /// Followers refuse to be disrupted while they believe a leader is alive. Needed by check-quorum (the
    /// thesis pairs them) and by leases (a lease is only safe if nobody votes while it runs).
    pub fn leader_stickiness(&self) -> bool {
        self.check_quorum || self.effective_read_mode() == ReadMode::Lease
    }

    /// Checks the options for a cluster of `nodes`; the error names the offending field.
    pub fn validate(&self, nodes: u32) -> Result<(), (String, String)> {
        let err = |field: &str, message: String| Err((field.to_string(), message));
        if nodes == 0 || nodes > MAX_NODES {
            return err(
                "nodes",
                format!("Raft runs with 1 to {MAX_NODES} nodes; this cluster has {nodes}"),
            );
        }
        for (field, value) in [
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
        if self.election_timeout_min_us > self.election_timeout_max_us {
            return err(
                "election_timeout_min_us",
                format!(
                    "minimum {} µs is above the maximum {} µs",
                    self.election_timeout_min_us, self.election_timeout_max_us
                ),
            );
        }
        if self.heartbeat_us >= self.election_timeout_min_us {
            return err(
                "heartbeat_us",
                format!(
                    "{} µs is not below election_timeout_min_us ({} µs): followers would time out between heartbeats",
                    self.heartbeat_us, self.election_timeout_min_us
                ),
            );
        }
        if !(1..=10_000).contains(&self.max_entries_per_append) {
            return err(
                "max_entries_per_append",
                format!("{} is outside 1 to 10000", self.max_entries_per_append),
            );
        }
        Ok(())
    }
}
