//! What the trace records: every local update and every merge that changed a state, with the states
//! before and after, so the inspector can show the join and the checkers can rebuild every replica.

use crate::crdt::{Crdt, Remark, Update};
use crate::options::Mutant;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{Label, NodeId, OpId};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", bound = "")]
pub enum Note<C: Crdt> {
    /// The replica applied a client's update to `key` (for operation `op`).
    Update {
        key: String,
        op: OpId,
        update: Update,
        before: C::State,
        after: C::State,
    },
    /// The replica merged `from`'s state of `key` into its own: `after` = `before` ⊔ `received`.
    Merge {
        key: String,
        from: NodeId,
        before: C::State,
        received: C::State,
        after: C::State,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        remark: Option<Remark>,
    },
}

impl<C: Crdt> Note<C> {
    pub fn key(&self) -> &str {
        match self {
            Note::Update { key, .. } | Note::Merge { key, .. } => key,
        }
    }

    pub fn after(&self) -> &C::State {
        match self {
            Note::Update { after, .. } | Note::Merge { after, .. } => after,
        }
    }
}

impl<C: Crdt> Label for Note<C> {
    /// A merge's label says what kind of merge it was, judged against the true join (not the replica's
    /// own, possibly mutated, merge), so narration checkpoints can ask for the story's merge.
    fn label(&self) -> String {
        match self {
            Note::Update { .. } => "update",
            Note::Merge {
                before,
                received,
                after,
                remark,
                ..
            } => {
                if *after != C::merge(before, received, Mutant::None) {
                    "not-a-join"
                } else if let Some(r) = remark {
                    match r {
                        Remark::AddWins { .. } => "add-wins",
                        Remark::ClockAhead { .. } => "clock-ahead",
                    }
                } else if after == received {
                    "catch-up"
                } else {
                    "join"
                }
            }
        }
        .into()
    }
}
