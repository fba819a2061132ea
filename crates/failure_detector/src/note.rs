//! What the trace records of a node's suspicions.

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

/// Why a node came to suspect a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Cause {
    /// Heartbeat: nothing heard for `silent_ms` (the timeout).
    Silence { silent_ms: u64 },
    /// Phi-accrual: φ reached `phi_tenths / 10` after `silent_ms` of silence.
    Phi { phi_tenths: u64, silent_ms: u64 },
    /// SWIM: neither the Ping nor the indirect probes were answered within the period.
    Probe,
    /// SWIM: a piggybacked update from `from` said so.
    Gossip { from: NodeId },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    /// The node now suspects `member` (at `incarnation`, SWIM; 0 otherwise).
    Suspect {
        member: NodeId,
        incarnation: u64,
        cause: Cause,
    },
    /// The node no longer suspects `member`: it heard a heartbeat after `silent_ms` (heartbeat, phi), or an
    /// Alive update at a higher incarnation (SWIM).
    Trust {
        member: NodeId,
        incarnation: u64,
        silent_ms: u64,
    },
    /// SWIM: the node declares `member` dead (Confirm), by its own suspicion timeout or told by `from`.
    Dead {
        member: NodeId,
        incarnation: u64,
        from: Option<NodeId>,
    },
    /// SWIM: the node heard itself suspected at `accused`, and refutes it: Alive at `incarnation`.
    Refute { accused: u64, incarnation: u64 },
    /// SWIM: no Ack from `target` in time: the node asks `helpers` to ping it (PingReq).
    IndirectProbe {
        target: NodeId,
        helpers: Vec<NodeId>,
    },
    /// SWIM: `target`'s Ack came back through `via`: the indirect probe saved it from suspicion.
    IndirectAck { target: NodeId, via: NodeId },
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Suspect { .. } => "suspect",
            Note::Trust { .. } => "trust",
            Note::Dead { .. } => "dead",
            Note::Refute { .. } => "refute",
            Note::IndirectProbe { .. } => "ping-req",
            Note::IndirectAck { .. } => "indirect-ack",
        }
        .into()
    }
}
