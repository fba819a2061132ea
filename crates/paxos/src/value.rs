//! What a ballot proposes: a client's command, or a no-op that fills a gap in the Multi-Paxos log
//! (*Paxos Made Simple* §3: "a new leader … fills the gaps with the special no-op command").

use serde::{Deserialize, Serialize};
use splitbrain_sim::{ClientOp, OpId};
use std::fmt;

/// A proposed value. Client commands carry their [`OpId`], so a retried request that ends up in two slots
/// is applied once, and so the Validity checker can trace every chosen value back to a client.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Value {
    Noop,
    Put {
        key: String,
        value: String,
        op: OpId,
    },
    Get {
        key: String,
        op: OpId,
    },
    Cas {
        key: String,
        expected: String,
        new: String,
        op: OpId,
    },
}

impl Value {
    pub fn from_op(op: OpId, request: &ClientOp) -> Self {
        match request.clone() {
            ClientOp::Put { key, value, .. } => Value::Put { key, value, op },
            ClientOp::Get { key } => Value::Get { key, op },
            ClientOp::Cas { key, expected, new } => Value::Cas {
                key,
                expected,
                new,
                op,
            },
            // Never proposed: the engine refuses operations outside `CLIENT_OPS` before they reach a node.
            ClientOp::Txn { .. }
            | ClientOp::Send { .. }
            | ClientOp::Increment { .. }
            | ClientOp::Decrement { .. }
            | ClientOp::Add { .. }
            | ClientOp::Remove { .. } => Value::Noop,
        }
    }

    pub fn op(&self) -> Option<OpId> {
        match self {
            Value::Noop => None,
            Value::Put { op, .. } | Value::Get { op, .. } | Value::Cas { op, .. } => Some(*op),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Noop => f.write_str("no-op"),
            Value::Put { key, value, .. } => write!(f, "{key}={value}"),
            Value::Get { key, .. } => write!(f, "get {key}"),
            Value::Cas {
                key, expected, new, ..
            } => write!(f, "cas {key} {expected}→{new}"),
        }
    }
}
