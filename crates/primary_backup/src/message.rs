//! Messages and timers. The primary ships its write log with `Replicate` (an empty one is the heartbeat of
//! Budhiraja et al. §3, "the primary sends a message to the backups every τ seconds") and each backup
//! answers `Ack`; a node in a newer epoch answers an older primary with `Refused` (the fencing token check);
//! `VoteRequest` and `Vote` decide a failover. Every message carries the sender's epoch.

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, OpId};
use std::fmt;

/// A client's write: `key` := `value`, asked by operation `op`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Write {
    pub key: String,
    pub value: String,
    pub op: OpId,
}

impl fmt::Display for Write {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={} ({})", self.key, self.value, self.op)
    }
}

/// One entry of the write log: a client write, or (`write: None`) the marker a new primary appends when it
/// takes over, so that it commits an entry of its own epoch before counting older ones (Raft §5.4.2, §8).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub epoch: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write: Option<Write>,
}

impl Entry {
    pub fn op(&self) -> Option<OpId> {
        self.write.as_ref().map(|w| w.op)
    }
}

impl fmt::Display for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.write {
            Some(w) => write!(f, "{w}"),
            None => write!(f, "epoch {} begins", self.epoch),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Message {
    /// The primary's log from `prev_index + 1` on (none: a heartbeat). The backup stores them only if its
    /// entry at `prev_index` has epoch `prev_epoch`. `commit` is how many entries are acknowledged; `round`
    /// numbers the heartbeat rounds that confirm a read; `last_index` is the primary's log length.
    Replicate {
        epoch: u64,
        prev_index: u64,
        prev_epoch: u64,
        entries: Vec<Entry>,
        commit: u64,
        round: u64,
        last_index: u64,
    },
    /// A backup's answer: `ok` with the log matching the primary's up to `matched`, or not (its log is
    /// shorter or differs; `matched` is where the primary should try next).
    Ack {
        epoch: u64,
        ok: bool,
        matched: u64,
        round: u64,
    },
    /// "Your epoch is over: I am in `epoch`." The answer to anything from an older epoch.
    Refused {
        epoch: u64,
    },
    /// A candidate asks to be promoted; its log ends at `last_index` with an entry of `last_epoch`.
    VoteRequest {
        epoch: u64,
        last_index: u64,
        last_epoch: u64,
    },
    Vote {
        epoch: u64,
        granted: bool,
    },
}

impl Message {
    pub fn epoch(&self) -> u64 {
        match self {
            Message::Replicate { epoch, .. }
            | Message::Ack { epoch, .. }
            | Message::Refused { epoch }
            | Message::VoteRequest { epoch, .. }
            | Message::Vote { epoch, .. } => *epoch,
        }
    }
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::Replicate { entries, .. } if entries.is_empty() => "Heartbeat",
            Message::Replicate { .. } => "Replicate",
            Message::Ack { .. } => "Ack",
            Message::Refused { .. } => "Refused",
            Message::VoteRequest { .. } => "VoteRequest",
            Message::Vote { .. } => "Vote",
        }
        .to_string()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timer {
    /// The primary's heartbeat, which also ships (asynchronous mode) or re-sends unacknowledged writes.
    Heartbeat,
    /// A backup's failure detector: nothing heard from the primary for this long.
    FailureDetector,
    /// A candidate's wait for votes.
    Election,
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Heartbeat => "Heartbeat",
            Timer::FailureDetector => "FailureDetector",
            Timer::Election => "Election",
        }
        .to_string()
    }
}
