//! What survives a crash: the lock server's next fencing token (a token is never handed out twice), and
//! the storage with the newest token it accepted (so fencing still holds after a restart). Everything else
//! and the token each writer last wrote under (so a retried write that was stored is answered "written",
//! not refused). Everything else (queues, clocks, who holds the lock) is lost; Lamport and Ricart–Agrawala assume no crashes at all.

use splitbrain_sim::NodeId;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Persistent {
    pub next_token: u64,
    pub newest: u64,
    pub store: BTreeMap<String, String>,
    pub written: BTreeMap<NodeId, u64>,
}
