//! The knobs a scenario can turn (`cluster.options`): which commit protocol runs (two-phase commit as in
//! Gray, *Notes on Data Base Operating Systems*, 1978, §5.8.3; or Skeen's three-phase commit, *Nonblocking
//! Commit Protocols*, 1981), presumed abort (Mohan, Lindsay & Obermarck, R*, 1986, §3), cooperative
//! termination (Bernstein, Hadzilacos & Goodman, *Concurrency Control and Recovery*, 1987, §7.4), the
//! timeouts, and the teaching mutants, each breaking one rule.

use serde::{Deserialize, Serialize};

/// Smallest and largest cluster: one coordinator and 2 to 9 participants.
pub const MIN_NODES: u32 = 3;
pub const MAX_NODES: u32 = 10;
/// No timeout may exceed one simulated minute: longer ones make a lab run look frozen.
pub const MAX_TIMEOUT_US: u64 = 60_000_000;
/// Timers shorter than 1 ms would flood the trace.
pub const MIN_TIMEOUT_US: u64 = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variant {
    /// Prepare → votes → decision → acknowledgements. A participant that voted yes waits for the decision.
    TwoPhase,
    /// Prepare → votes → PreCommit → acknowledgements → commit. Participants that lose the coordinator run
    /// a termination protocol among themselves: nonblocking if failures are crashes detected reliably.
    ThreePhase,
}

/// A deliberately broken commit protocol for teaching: each variant breaks one rule, and a checker
/// catches it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    /// Breaks write-ahead logging of the decision (Gray §5.8.3: the commit record is forced before the
    /// decision is sent): the coordinator sends GlobalCommit first and writes its log only once every
    /// acknowledgement is in. A crash in between forgets the decision, and recovery decides abort.
    LogAfterSend,
    /// Breaks "a participant that voted yes may not abort on its own" (the uncertainty period): on its
    /// decision timeout a prepared participant aborts unilaterally.
    UnilateralAbort,
    /// Breaks "commit only if every participant voted yes": on its vote timeout the coordinator commits
    /// when exactly one vote is missing and the others are yes.
    CommitMissingVote,
}

impl Mutant {
    pub const ALL: [Mutant; 3] = [
        Mutant::LogAfterSend,
        Mutant::UnilateralAbort,
        Mutant::CommitMissingVote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Mutant::LogAfterSend => "log_after_send",
            Mutant::UnilateralAbort => "unilateral_abort",
            Mutant::CommitMissingVote => "commit_missing_vote",
        }
    }
}

/// Options of `two-phase-commit`, as written in `cluster.options`. Every field has a default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CommitOptions {
    pub variant: Variant,
    /// Two-phase only. The coordinator does not log aborts, participants do not acknowledge them, and a
    /// coordinator asked about a transaction it has no record of answers "abort".
    pub presumed_abort: bool,
    /// Two-phase only. An in-doubt participant asks the other participants as well as the coordinator; one
    /// that knows the decision (or has not voted, and so aborts) answers it.
    pub cooperative_termination: bool,
    /// The coordinator aborts a transaction whose votes are not all in after this long.
    pub vote_timeout_us: u64,
    /// A participant in doubt asks for the decision this often (the ring on its badge).
    pub decision_timeout_us: u64,
    /// How long a transaction waits for a lock held by another before its participant votes no; 0 is
    /// no-wait (a conflict is an immediate no).
    pub lock_wait_us: u64,
    /// The coordinator re-sends an unacknowledged decision this often; in three-phase commit it is also how
    /// long PreCommit acknowledgements and a termination round are waited for.
    pub retry_us: u64,
    pub mutant: Option<Mutant>,
}

impl Default for CommitOptions {
    fn default() -> Self {
        // With the engine's 10–30 ms links a round trip is ~40 ms. Votes are collected well within 300 ms;
        // a participant asks about its decision only after 500 ms, after the coordinator had its chance
        // (three-phase commit's failure detection relies on this order); locks are waited for 200 ms, less
        // than the vote timeout, so a waiting participant votes no before the coordinator gives up.
        CommitOptions {
            variant: Variant::TwoPhase,
            presumed_abort: false,
            cooperative_termination: false,
            vote_timeout_us: 300_000,
            decision_timeout_us: 500_000,
            lock_wait_us: 200_000,
            retry_us: 250_000,
            mutant: None,
        }
    }
}

impl CommitOptions {
    pub fn is(&self, mutant: Mutant) -> bool {
        self.mutant == Some(mutant)
    }

    pub fn three_phase(&self) -> bool {
        self.variant == Variant::ThreePhase
    }

    /// Peers are asked (cooperative termination, or three-phase commit's termination protocol).
    pub fn asks_peers(&self) -> bool {
        self.cooperative_termination || self.three_phase()
    }

    /// Checks the options for a cluster of `nodes`; the error names the offending field.
    pub fn validate(&self, nodes: u32) -> Result<(), (String, String)> {
        let err = |field: &str, message: String| Err((field.to_string(), message));
        if !(MIN_NODES..=MAX_NODES).contains(&nodes) {
            return err(
                "nodes",
                format!("commit runs with one coordinator and 2 to 9 participants ({MIN_NODES} to {MAX_NODES} nodes); this cluster has {nodes}"),
            );
        }
        for (field, value) in [
            ("vote_timeout_us", self.vote_timeout_us),
            ("decision_timeout_us", self.decision_timeout_us),
            ("retry_us", self.retry_us),
        ] {
            if !(MIN_TIMEOUT_US..=MAX_TIMEOUT_US).contains(&value) {
                return err(
                    field,
                    format!("{value} µs is outside {MIN_TIMEOUT_US} µs (1 ms) to {MAX_TIMEOUT_US} µs (one minute)"),
                );
            }
        }
        if self.lock_wait_us > MAX_TIMEOUT_US {
            return err(
                "lock_wait_us",
                format!("{} µs is more than one minute", self.lock_wait_us),
            );
        }
        if self.three_phase() && self.presumed_abort {
            return err(
                "presumed_abort",
                "presumed abort is a two-phase commit option: three-phase commit logs every transaction it begins".into(),
            );
        }
        if self.three_phase() && self.cooperative_termination {
            return err(
                "cooperative_termination",
                "three-phase commit runs its own termination protocol: turn cooperative_termination off".into(),
            );
        }
        Ok(())
    }
}
