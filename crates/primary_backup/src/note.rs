//! Notes: each node's own account of its state changes, recorded in the trace. The checkers read only these
//! (and client and crash events): every write a primary appends (`Appended`), every entry a backup stores
//! (`Stored`) or throws away (`Discarded`), every answer "ok" to a write (`Acknowledged`, `AlreadyDone`),
//! and every change of role (`Promoted`, `SteppedDown`), so they can rebuild each node's log and tenure.

use crate::message::{Entry, Write};
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    /// The node rebooted from stable storage: its epoch and its write log.
    Restored { epoch: u64, len: u64 },
    /// The node became primary of `epoch` (at boot for n1, else by failover); its log now has `len` entries
    /// (a failover appends the epoch's marker).
    Promoted { epoch: u64, len: u64, initial: bool },
    /// The failure detector fired: the node asks the others to promote it, in `epoch`.
    Candidate { epoch: u64, last_index: u64 },
    /// A candidate gave up: a reachable node is more up to date or still hears the primary, or no majority
    /// voted in time.
    GaveUp { epoch: u64, denials: u64 },
    /// A primary or candidate stepped down: `by` is in `epoch` (newer than its own `was`), or is another
    /// primary of the same epoch with a longer log.
    SteppedDown { epoch: u64, was: u64, by: NodeId },
    /// A backup moved to the newer `epoch` it heard from `from`.
    NewEpoch { epoch: u64, from: NodeId },
    /// The node voted for `candidate` in `epoch`.
    Voted { epoch: u64, candidate: NodeId },
    /// The node refused its vote to `candidate` in `epoch`: its log is less up to date (`stale_log`), or the
    /// node already voted for another (or is itself a candidate).
    Denied {
        epoch: u64,
        candidate: NodeId,
        stale_log: bool,
    },
    /// The primary appended a client write at `index`.
    Appended { index: u64, entry: Entry },
    /// A backup stored `entries` from `from_index` on; its log has `len` entries and it knows `commit`.
    Stored {
        from_index: u64,
        entries: Vec<Entry>,
        len: u64,
        commit: u64,
    },
    /// The node threw away its entries from `from_index` on, because `by`, the primary it now follows,
    /// has other entries there.
    Discarded {
        from_index: u64,
        entries: Vec<Entry>,
        by: NodeId,
    },
    /// Fencing: the node refused `from`'s message of the older `epoch`, being in `mine`.
    Refused { from: NodeId, epoch: u64, mine: u64 },
    /// The primary has the acknowledgements its replication mode needs for entries up to `upto`, and
    /// answered the clients of `writes` ok.
    Acknowledged { upto: u64, writes: Vec<Write> },
    /// A retried write the primary's log already holds, acknowledged: answered ok again.
    AlreadyDone { index: u64, write: Write },
    /// A read at this node was answered with `value`.
    Read {
        key: String,
        value: Option<String>,
        confirmed: bool,
    },
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Restored { .. } => "restored",
            Note::Promoted { .. } => "promoted",
            Note::Candidate { .. } => "candidate",
            Note::GaveUp { .. } => "gave_up",
            Note::SteppedDown { .. } => "stepped_down",
            Note::NewEpoch { .. } => "new_epoch",
            Note::Voted { .. } => "voted",
            Note::Denied { .. } => "denied",
            Note::Appended { .. } => "appended",
            Note::Stored { .. } => "stored",
            Note::Discarded { .. } => "discarded",
            Note::Refused { .. } => "refused",
            Note::Acknowledged { .. } => "acknowledged",
            Note::AlreadyDone { .. } => "already_done",
            Note::Read { .. } => "read",
        }
        .to_string()
    }
}
