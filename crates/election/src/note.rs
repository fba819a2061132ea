//! What the trace records of a node's election state.

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    /// The node called election `election` (its leader timed out, it restarted, or it outranks the leader).
    Called { election: u64 },
    /// The node took part in someone else's election `election` (answered a lower id, or forwarded a
    /// candidate round the ring).
    Joined { election: u64 },
    /// The node proclaimed itself leader of election `election`.
    Elected { election: u64 },
    /// The node now knows `leader` as the leader of election `election`.
    Follows { leader: NodeId, election: u64 },
    /// Ring: `skipped` did not acknowledge, so the message goes on to `to`.
    Skipped { skipped: NodeId, to: NodeId },
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Called { .. } => "election",
            Note::Joined { .. } => "joined",
            Note::Elected { .. } => "leader",
            Note::Follows { .. } => "follows",
            Note::Skipped { .. } => "skipped",
        }
        .into()
    }
}
