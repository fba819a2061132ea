//! Messengers and timers. A messenger carries the plan and its round; the reply to round k is the
//! messenger of round k+1, so every messenger after the first is an acknowledgement (Gray 1978, §5.8.3.3:
//! "the generals agree by exchanging messengers … each must be acknowledged").

use serde::{Deserialize, Serialize};
use splitbrain_sim::Label;

/// What the generals are agreeing on: n1's proposal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plan {
    AttackAtDawn,
}

impl Plan {
    pub fn text(self) -> &'static str {
        match self {
            Plan::AttackAtDawn => "attack at dawn",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Message {
    /// Round 1: n1's plan; round k+1: "I received your round-k messenger", sent back the other way.
    Messenger { round: u64, plan: Plan },
}

impl Message {
    pub fn round(&self) -> u64 {
        match self {
            Message::Messenger { round, .. } => *round,
        }
    }
}

impl Label for Message {
    fn label(&self) -> String {
        match self {
            Message::Messenger { round: 1, .. } => "Messenger",
            Message::Messenger { .. } => "Acknowledgement",
        }
        .into()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Timer {
    /// Dawn: decide now with what has arrived.
    Deadline,
    /// No reply to the latest messenger yet: send it again.
    Resend,
}

impl Label for Timer {
    fn label(&self) -> String {
        match self {
            Timer::Deadline => "Deadline",
            Timer::Resend => "Resend",
        }
        .into()
    }
}
