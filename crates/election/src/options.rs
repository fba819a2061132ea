//! The options: which algorithm, its timeouts, and the teaching mutant.

use serde::{Deserialize, Serialize};

/// Which election algorithm every node runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// Garcia-Molina 1982, §4: ask every higher id; if none answers, proclaim yourself coordinator.
    #[default]
    Bully,
    /// Chang & Roberts 1979: the highest id seen travels round the logical ring.
    Ring,
}

/// A rule students get wrong, broken on purpose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    #[default]
    None,
    /// A node whose leader times out proclaims itself leader at once, without asking the higher ids (bully)
    /// or sending its candidacy round the ring.
    SelfProclaim,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ElectionOptions {
    pub algorithm: Algorithm,
    /// The leader sends a Heartbeat to every node this often.
    pub heartbeat_us: u64,
    /// A node that hears no Heartbeat for a time drawn from this range suspects the leader and calls an
    /// election; it also bounds how long a node waits for a Coordinator after an Answer.
    pub leader_timeout_min_us: u64,
    pub leader_timeout_max_us: u64,
    /// Bully: how long a node waits for an Answer from a higher id before proclaiming itself.
    pub answer_timeout_us: u64,
    /// Ring: how long a node waits for its successor's acknowledgement before skipping it.
    pub hop_timeout_us: u64,
    pub mutant: Mutant,
}

impl Default for ElectionOptions {
    fn default() -> Self {
        ElectionOptions {
            algorithm: Algorithm::Bully,
            heartbeat_us: 60_000,
            leader_timeout_min_us: 200_000,
            leader_timeout_max_us: 350_000,
            answer_timeout_us: 120_000,
            hop_timeout_us: 120_000,
            mutant: Mutant::None,
        }
    }
}

/// The offending field and what is wrong with it.
pub fn validate(o: &ElectionOptions) -> Result<(), (String, String)> {
    let bad = |f: &str, why: &str| Err((f.to_string(), why.to_string()));
    let limit = 60_000_000;
    if o.heartbeat_us == 0 || o.heartbeat_us > limit {
        return bad("heartbeat_us", "must be between 1 µs and 60 s");
    }
    if o.leader_timeout_min_us == 0 || o.leader_timeout_max_us > limit {
        return bad("leader_timeout_min_us", "must be between 1 µs and 60 s");
    }
    if o.leader_timeout_max_us < o.leader_timeout_min_us {
        return bad(
            "leader_timeout_max_us",
            "must be at least leader_timeout_min_us",
        );
    }
    if o.leader_timeout_min_us <= o.heartbeat_us {
        return bad(
            "leader_timeout_min_us",
            "must be longer than heartbeat_us, or every node suspects a live leader",
        );
    }
    if o.answer_timeout_us == 0 || o.answer_timeout_us > limit {
        return bad("answer_timeout_us", "must be between 1 µs and 60 s");
    }
    if o.hop_timeout_us == 0 || o.hop_timeout_us > limit {
        return bad("hop_timeout_us", "must be between 1 µs and 60 s");
    }
    Ok(())
}

/// The largest cluster the lab runs (the engine's own limit).
pub const MAX_NODES: u32 = 64;
