//! The options: how many rounds the protocol runs, the deadline, retransmission, and the teaching mutant.

use serde::{Deserialize, Serialize};

/// A rule students get wrong, broken on purpose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    #[default]
    None,
    /// "I will not attack until I know you received my last messenger": the general who sends round R
    /// also waits for an acknowledgement of it, which the protocol never sends (its round R+1 does not
    /// exist). It always retreats while the other attacks — the infinite regress of the paradox, made
    /// visible without any loss at all.
    InsistOnLastAck,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TwoGeneralsOptions {
    /// How many messengers the protocol exchanges: round 1 is n1's plan, round k+1 acknowledges round k.
    pub rounds: u64,
    /// Each general decides this long (its own clock) after it starts.
    pub deadline_ms: u64,
    /// Resend one's latest messenger this often until the next round arrives (0: never resend).
    pub resend_ms: u64,
    pub mutant: Mutant,
}

impl Default for TwoGeneralsOptions {
    fn default() -> Self {
        TwoGeneralsOptions {
            rounds: 3,
            deadline_ms: 1_000,
            resend_ms: 0,
            mutant: Mutant::None,
        }
    }
}

/// The most rounds the lab runs: enough to show that more rounds never make the problem go away.
pub const MAX_ROUNDS: u64 = 20;

/// The offending field and what is wrong with it.
pub fn validate(o: &TwoGeneralsOptions, nodes: u32) -> Result<(), (String, String)> {
    let bad = |f: &str, why: String| Err((f.to_string(), why));
    if nodes != 2 {
        return bad(
            "nodes",
            format!("{nodes} nodes: the Two Generals' problem has exactly two generals"),
        );
    }
    if o.rounds == 0 || o.rounds > MAX_ROUNDS {
        return bad(
            "rounds",
            format!("{} rounds: must be between 1 and {MAX_ROUNDS}", o.rounds),
        );
    }
    if o.deadline_ms == 0 || o.deadline_ms > 60_000 {
        return bad(
            "deadline_ms",
            format!("{} ms: must be between 1 ms and 60 s", o.deadline_ms),
        );
    }
    if o.resend_ms > o.deadline_ms {
        return bad(
            "resend_ms",
            format!(
                "{} ms: must be at most deadline_ms ({} ms), or 0 for no resending",
                o.resend_ms, o.deadline_ms
            ),
        );
    }
    Ok(())
}
