//! What the trace records of a node's clock: each correction with the error bound it claims, and each
//! TrueTime commit with its timestamp.

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId, OpId};

/// "My clock is within ±`bound_us` of true time now, and the bound grows by `drift_ppm` per second of real
/// time from here": the promise the Error Bound checker holds the node to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub bound_us: u64,
    pub drift_ppm: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Note {
    /// n1 takes its own clock as true (the server or coordinator every algorithm assumes).
    Reference { claim: Claim },
    /// Cristian, NTP, TrueTime: a round trip to n1 completed; the clock was corrected by `correction_us`
    /// (stepped, or a slew started); `delay_us` is the round trip less the server's time (NTP's δ).
    Synced {
        round: u64,
        correction_us: i64,
        delay_us: u64,
        slewing: bool,
        claim: Claim,
    },
    /// NTP: the slew has worked the offset off; the bound narrows to the exchange's own uncertainty.
    SlewDone { claim: Claim },
    /// Berkeley coordinator: the average of the accepted readings, applied to its own clock too.
    Averaged {
        round: u64,
        average_us: i64,
        accepted: Vec<NodeId>,
        excluded: Vec<NodeId>,
        claim: Claim,
    },
    /// Berkeley member: applied the coordinator's correction.
    Adjusted {
        round: u64,
        delta_us: i64,
        claim: Claim,
    },
    /// TrueTime: transaction `op` committed with timestamp `ts_us` (TT.now().latest when it arrived),
    /// answered after waiting `waited_us` of local time.
    Committed {
        op: OpId,
        ts_us: i64,
        waited_us: u64,
    },
}

impl Note {
    /// The error bound this note claims, if it claims one.
    pub fn claim(&self) -> Option<Claim> {
        match self {
            Note::Reference { claim }
            | Note::Synced { claim, .. }
            | Note::SlewDone { claim }
            | Note::Averaged { claim, .. }
            | Note::Adjusted { claim, .. } => Some(*claim),
            Note::Committed { .. } => None,
        }
    }
}

impl Label for Note {
    fn label(&self) -> String {
        match self {
            Note::Reference { .. } => "reference",
            Note::Synced { .. } => "synced",
            Note::SlewDone { .. } => "slew_done",
            Note::Averaged { .. } => "averaged",
            Note::Adjusted { .. } => "adjusted",
            Note::Committed { .. } => "committed",
        }
        .into()
    }
}
