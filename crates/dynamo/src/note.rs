//! Notes: each node's account of what it did, recorded in the trace. Every change of a node's versions of a
//! key is a note carrying the whole new set (`Stored`, whatever caused it), so the checkers and the
//! version lanes rebuild every replica from the trace alone; coordinators note what they started and how it
//! ended.

use crate::version::Version;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId, OpId};

/// Why a node's versions of a key changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Cause {
    /// A client write, coordinated here or by `from`.
    Write { from: NodeId },
    /// Read repair sent by the coordinator `by` (or done by this coordinator on itself).
    ReadRepair { by: NodeId },
    /// Anti-entropy with `with`.
    AntiEntropy { with: NodeId },
    /// Hinted handoff from the stand-in `from`.
    Handoff { from: NodeId },
    /// The owner took the hinted versions back: the stand-in drops them.
    HintDropped,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    /// The node (re)started with `keys` keys and `hints` hinted keys from its durable store.
    Booted { keys: u64, hints: u64 },
    /// The node coordinates client operation `op` on `key`, owned by `preference`; a put made `version`.
    Coordinate {
        op: OpId,
        key: String,
        preference: Vec<NodeId>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        version: Option<Version>,
    },
    /// The node's versions of `key` are now `versions` (held for `hint_for` if it is a stand-in); `before`
    /// is how many it had.
    Stored {
        key: String,
        versions: Vec<Version>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint_for: Option<NodeId>,
        before: u32,
        cause: Cause,
    },
    /// An incoming version lost to a newer one the node keeps (last-writer-wins, or a late older write).
    Discarded {
        key: String,
        version: Version,
        kept: Vec<Version>,
    },
    /// A put reached W acknowledgements (`from`, the coordinator's own included; `quorum` is W) and the
    /// client is told it is done.
    Acknowledged {
        op: OpId,
        key: String,
        version: Version,
        from: Vec<NodeId>,
        quorum: u32,
    },
    /// A get reached R answers: the reconciled `versions` were returned.
    Read {
        op: OpId,
        key: String,
        versions: Vec<Version>,
        from: Vec<NodeId>,
    },
    /// After `op` was answered, `from` answered with versions newer than what the client was told.
    LateNewer {
        op: OpId,
        key: String,
        from: NodeId,
        versions: Vec<Version>,
    },
    /// The coordinator sends the reconciled versions of `key` to replicas that answered older ones.
    RepairSent { key: String, to: Vec<NodeId> },
    /// `owner` did not answer in time; `stand_in` is asked in its place (sloppy quorum).
    StandIn {
        op: OpId,
        key: String,
        owner: NodeId,
        stand_in: NodeId,
    },
    /// The request timer fired with only `answered` of `needed` replicas heard: the client is told so.
    Failed {
        op: OpId,
        key: String,
        answered: u32,
        needed: u32,
    },
    /// A put carried a context that is not a vector clock.
    Refused { op: OpId, reason: String },
    /// Anti-entropy found `ranges` ranges differing from `peer`'s.
    Mismatch { peer: NodeId, ranges: u32 },
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Booted { .. } => "booted",
            Note::Coordinate { .. } => "coordinate",
            Note::Stored {
                hint_for: Some(_),
                versions,
                ..
            } if versions.is_empty() => "hint_dropped",
            Note::Stored {
                hint_for: Some(_), ..
            } => "hinted",
            Note::Stored { versions, .. } if versions.len() > 1 => "siblings",
            Note::Stored {
                versions, before, ..
            } if *before > 1 && versions.len() == 1 => "merged",
            Note::Stored {
                cause: Cause::ReadRepair { .. },
                ..
            } => "repaired",
            Note::Stored {
                cause: Cause::AntiEntropy { .. },
                ..
            } => "synced",
            Note::Stored {
                cause: Cause::Handoff { .. },
                ..
            } => "handed_off",
            Note::Stored { .. } => "stored",
            Note::Discarded { .. } => "discarded",
            Note::Acknowledged { .. } => "acknowledged",
            Note::Read { versions, .. } if versions.len() > 1 => "read_siblings",
            Note::Read { .. } => "read",
            Note::LateNewer { .. } => "late_newer",
            Note::RepairSent { .. } => "repair_sent",
            Note::StandIn { .. } => "stand_in",
            Note::Failed { .. } => "failed",
            Note::Refused { .. } => "refused",
            Note::Mismatch { .. } => "mismatch",
        }
        .to_string()
    }
}
