//! The options: the bank's application (opening balance, how often and how much money moves), when and
//! where snapshots start, the channels' retransmission, and the teaching options.

use serde::{Deserialize, Serialize};
use splitbrain_sim::NodeId;

/// A rule students get wrong, broken on purpose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mutant {
    #[default]
    None,
    /// Chandy & Lamport §3, marker receiving rule, inverted: a channel's state is recorded from the
    /// messages that arrive on it AFTER its marker (until the node's snapshot completes) instead of those
    /// that arrive after the node recorded its own state and BEFORE the marker. Money in flight at the cut
    /// is missed and money sent after it is counted: the total is off.
    RecordAfterMarker,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SnapshotOptions {
    /// Every account opens with this much money; the conserved total is nodes × this.
    pub initial_balance: u64,
    /// Each node sends a transfer about this often (drawn between half and one and a half times it).
    pub transfer_every_ms: u64,
    /// The largest single transfer (never more than the sender's balance).
    pub max_transfer: u64,
    /// When (ms after the start) `initiator` starts a snapshot; "time out now" on any node starts one too.
    pub snapshot_at_ms: Vec<u64>,
    /// The node that starts the scheduled snapshots (0-based).
    pub initiator: NodeId,
    /// How long a sender waits for an acknowledgement before sending an unacknowledged message again.
    pub retransmit_ms: u64,
    /// The paper's assumption (§2): each channel delivers in the order sent. `false` turns the reorder
    /// buffer off (messages are still deduplicated and retransmitted), so a transfer sent after a marker
    /// can overtake it: the cut is no longer consistent.
    pub fifo_channels: bool,
    pub mutant: Mutant,
}

impl Default for SnapshotOptions {
    fn default() -> Self {
        SnapshotOptions {
            initial_balance: 100,
            transfer_every_ms: 250,
            max_transfer: 30,
            snapshot_at_ms: vec![1_500],
            initiator: NodeId(0),
            retransmit_ms: 150,
            fifo_channels: true,
            mutant: Mutant::None,
        }
    }
}

/// The largest cluster: every node records every incoming channel, so the global state has n·(n−1)
/// channel states; beyond a dozen nodes the snapshot table is unreadable and the diagram a thicket.
pub const MAX_NODES: u32 = 12;

/// The offending field and what is wrong with it.
pub fn validate(o: &SnapshotOptions, nodes: u32) -> Result<(), (String, String)> {
    let bad = |f: &str, why: String| Err((f.to_string(), why));
    if o.initial_balance == 0 || o.initial_balance > 1_000_000_000 {
        return bad(
            "initial_balance",
            "must be between 1 and 1 000 000 000".into(),
        );
    }
    if o.transfer_every_ms == 0 || o.transfer_every_ms > 60_000 {
        return bad("transfer_every_ms", "must be between 1 ms and 60 s".into());
    }
    if o.max_transfer == 0 || o.max_transfer > o.initial_balance {
        return bad(
            "max_transfer",
            "must be at least 1 and at most initial_balance".into(),
        );
    }
    if o.snapshot_at_ms.len() > 100 {
        return bad("snapshot_at_ms", "at most 100 scheduled snapshots".into());
    }
    if let Some(t) = o.snapshot_at_ms.iter().find(|t| **t > 3_600_000) {
        return bad(
            "snapshot_at_ms",
            format!("{t} ms is more than an hour into the run"),
        );
    }
    if o.initiator.0 >= nodes {
        return bad(
            "initiator",
            format!(
                "node {} does not exist: the cluster has nodes 0 to {}",
                o.initiator.0,
                nodes.saturating_sub(1)
            ),
        );
    }
    if o.retransmit_ms == 0 || o.retransmit_ms > 60_000 {
        return bad("retransmit_ms", "must be between 1 ms and 60 s".into());
    }
    Ok(())
}
