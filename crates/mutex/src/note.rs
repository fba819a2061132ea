//! Notes: each node's own account of what it did, recorded in the trace. The checkers read only these:
//! requests (`Requested`), entries and exits of the critical section (`Entered`, `Exited`), and what the
//! lock server's storage accepted or refused (`Stored`, `Fenced`).

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    /// The node asks for the critical section; `ts` is its request's Lamport timestamp (0 for the lock
    /// server, which orders requests by arrival).
    Requested { ts: u64 },
    /// The node entered the critical section: with its request timestamp `ts`, or holding `token`.
    Entered { ts: u64, token: u64 },
    /// The node left the critical section; `wrote` says whether its write was accepted.
    Exited { ts: u64, token: u64, wrote: bool },
    /// Ricart–Agrawala: the node defers its reply to `to`, whose request (`theirs`) is later than its own.
    Deferred { to: NodeId, theirs: u64, mine: u64 },
    /// Lamport: the node queued `from`'s request of timestamp `ts`.
    Queued { from: NodeId, ts: u64 },
    /// Lock server: it granted `token` to `to`.
    Granted { to: NodeId, token: u64 },
    /// Lock server: the lease of `token`, held by `holder`, ran out.
    LeaseExpired { holder: NodeId, token: u64 },
    /// Lock server: `holder` gave back `token`.
    Unlocked { holder: NodeId, token: u64 },
    /// Storage: it accepted `from`'s write under `token`; `newest` is the newest token it had accepted before.
    Stored {
        from: NodeId,
        token: u64,
        newest: u64,
        key: String,
        value: String,
    },
    /// Storage (fencing): it refused `from`'s write under `token`, older than `newest`.
    Fenced {
        from: NodeId,
        token: u64,
        newest: u64,
    },
    /// The node restarted; the lock server remembers its next token and the storage.
    Restored { next_token: u64 },
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Requested { .. } => "requested",
            Note::Entered { .. } => "entered",
            Note::Exited { .. } => "exited",
            Note::Deferred { .. } => "deferred",
            Note::Queued { .. } => "queued",
            Note::Granted { .. } => "granted",
            Note::LeaseExpired { .. } => "lease_expired",
            Note::Unlocked { .. } => "unlocked",
            Note::Stored { .. } => "stored",
            Note::Fenced { .. } => "fenced",
            Note::Restored { .. } => "restored",
        }
        .to_string()
    }
}
