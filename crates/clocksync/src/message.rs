//! Messages and timers, in the papers' words: Cristian's time request and reply (Cristian 1989, §3), NTP's
//! request and reply carrying T1, T2, T3 (RFC 5905 §8), Berkeley's poll, reading and adjustment (Gusella &
//! Zatti 1989, §2).

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, OpId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Message {
    /// Cristian / TrueTime: "what time is it?", round `round` of the asking node.
    TimeRequest { round: u64 },
    /// Cristian / TrueTime: the server's clock when it answered.
    TimeReply { round: u64, server_us: i64 },
    /// NTP: the client's clock when it sent the request (T1).
    NtpRequest { round: u64, t1: i64 },
    /// NTP: T1 echoed, the server's receive time T2 and transmit time T3.
    NtpReply {
        round: u64,
        t1: i64,
        t2: i64,
        t3: i64,
    },
    /// Berkeley: the coordinator asks for everyone's clock.
    Poll { round: u64 },
    /// Berkeley: a node's clock when it answered the poll.
    Reading { round: u64, clock_us: i64 },
    /// Berkeley: "add `delta_us` to your clock"; `bound_us` is the coordinator's error bound on the
    /// average, which the node widens by its own reading's uncertainty.
    Adjust {
        round: u64,
        delta_us: i64,
        bound_us: u64,
    },
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::TimeRequest { .. } => "TimeRequest",
            Message::TimeReply { .. } => "TimeReply",
            Message::NtpRequest { .. } => "NtpRequest",
            Message::NtpReply { .. } => "NtpReply",
            Message::Poll { .. } => "Poll",
            Message::Reading { .. } => "Reading",
            Message::Adjust { .. } => "Adjust",
        }
        .into()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Timer {
    /// Start the next synchronisation round.
    Round,
    /// Berkeley: stop waiting for readings and average the ones in.
    Collect { round: u64 },
    /// NTP: the slew has worked the offset off; restore the clock's rate.
    SlewDone,
    /// TrueTime: check whether TT.now().earliest has passed the commit timestamp of `op`.
    CommitWait { op: OpId },
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Round => "Round",
            Timer::Collect { .. } => "Collect",
            Timer::SlewDone => "SlewDone",
            Timer::CommitWait { .. } => "CommitWait",
        }
        .into()
    }
}
