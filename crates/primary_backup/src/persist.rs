//! What survives a crash: the epoch, the vote of that epoch, and the write log (a database's durable log).
//! Who is primary, what is acknowledged, the store built from the log, heartbeats heard and clients waiting
//! are lost: a restarted node is a backup that learns the rest from the primary's next heartbeat.

use crate::log::Log;
use splitbrain_sim::NodeId;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persistent {
    pub epoch: u64,
    /// The candidate this node voted for in `epoch` (so it never votes twice in one epoch).
    pub voted_for: Option<NodeId>,
    pub log: Log,
}
