//! The last-writer-wins register (*A comprehensive study of CRDTs*, specification 8, state-based): the
//! payload is a value and its timestamp; an assignment stamps the value with the writer's clock; merge
//! keeps the value with the larger timestamp. Timestamps here are the writer's local, possibly skewed
//! clock, ties broken by node id (spec. 8 assumes them unique and leaves their source open): so a node
//! whose clock runs fast wins against a write made later in real time elsewhere, and the later write is
//! lost without anyone being told.

use crate::crdt::{stamp_text, Applied, Crdt, Remark, Stamp, Update};
use crate::options::Mutant;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{LocalTime, NodeId, OpKind};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LwwState {
    pub value: Option<String>,
    pub stamp: Option<Stamp>,
}

#[derive(Clone, Debug, Default)]
pub struct LwwRegister;

impl Crdt for LwwRegister {
    type State = LwwState;
    const NAME: &'static str = "lww-register";
    const TITLE: &'static str = "LWW-register";
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Put, OpKind::Get];
    const MUTANTS: &'static [Mutant] = &[Mutant::None];

    fn apply(s: &LwwState, update: &Update, _me: NodeId, _: Mutant) -> Result<LwwState, String> {
        match update {
            // A local assignment is kept only if its stamp is the larger: the replica's clock may be
            // behind a value it already received, and then its own write loses at once (spec. 8's merge
            // applied to the local write).
            Update::Assign { value, stamp } if s.stamp.is_none_or(|old| *stamp > old) => {
                Ok(LwwState {
                    value: Some(value.clone()),
                    stamp: Some(*stamp),
                })
            }
            Update::Assign { .. } => Ok(s.clone()),
            other => Err(format!("an LWW-register cannot {}", other.describe())),
        }
    }

    fn merge(a: &LwwState, b: &LwwState, _: Mutant) -> LwwState {
        if b.stamp > a.stamp {
            b.clone()
        } else {
            a.clone()
        }
    }

    fn leq(a: &LwwState, b: &LwwState) -> bool {
        a.stamp <= b.stamp
    }

    fn value(s: &LwwState) -> Option<String> {
        s.value.clone()
    }

    fn show(s: &LwwState) -> String {
        match (&s.value, &s.stamp) {
            (Some(v), Some(t)) => format!("'{v}'@{}", stamp_text(t)),
            _ => "∅".into(),
        }
    }

    fn remark(
        before: &LwwState,
        received: &LwwState,
        after: &LwwState,
        now: LocalTime,
    ) -> Option<Remark> {
        let stamp = after.stamp?;
        let ahead = stamp.time_us - now.0;
        (after != before && after == received && before.stamp.is_some() && ahead > 0)
            .then_some(Remark::ClockAhead { ahead_us: ahead })
    }

    fn implied(updates: &[Applied<'_>]) -> Option<String> {
        updates
            .iter()
            .filter_map(|a| match a.update {
                Update::Assign { value, stamp } => Some((*stamp, value)),
                _ => None,
            })
            .max_by_key(|(s, _)| *s)
            .map(|(_, v)| v.clone())
    }
}
