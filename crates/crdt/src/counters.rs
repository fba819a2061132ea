//! The counters: the G-counter (grow-only; *A comprehensive study of CRDTs*, specification 6) and the
//! PN-counter (spec. 7), both as vectors indexed by replica.
//!
//! G-counter: replica i increments only its own entry; the value is the sum; merge takes the maximum of
//! each entry, so a replica's increments are counted once however often its state is gossiped (§3.1.1).
//! PN-counter: two G-counters, P for increments and N for decrements; the value is ΣP − ΣN (§3.1.2). A
//! single vector would not do: a decrement would make an entry smaller, and the maximum of a merge would
//! undo it (the `pn_counter_single_vector` mutant).

use crate::crdt::{Applied, Crdt, Update};
use crate::options::Mutant;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{NodeId, OpKind};
use std::collections::BTreeMap;

/// Per-replica counts; a missing entry is 0.
pub type Counts = BTreeMap<NodeId, i64>;

fn join(a: &Counts, b: &Counts, sum: bool) -> Counts {
    let mut out = a.clone();
    for (n, v) in b {
        let e = out.entry(*n).or_insert(0);
        *e = if sum {
            e.saturating_add(*v)
        } else {
            (*e).max(*v)
        };
    }
    out
}

fn leq(a: &Counts, b: &Counts) -> bool {
    a.iter().all(|(n, v)| *v <= b.get(n).copied().unwrap_or(0))
}

fn sum(c: &Counts) -> i64 {
    c.values().fold(0i64, |s, v| s.saturating_add(*v))
}

pub fn show_counts(c: &Counts) -> String {
    let parts: Vec<String> = c.iter().map(|(n, v)| format!("{n}:{v}")).collect();
    format!("[{}]", parts.join(" "))
}

fn bump(c: &mut Counts, me: NodeId, by: i64) {
    let e = c.entry(me).or_insert(0);
    *e = e.saturating_add(by);
}

#[derive(Clone, Debug, Default)]
pub struct GCounter;

impl Crdt for GCounter {
    type State = Counts;
    const NAME: &'static str = "g-counter";
    const TITLE: &'static str = "G-counter";
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Increment, OpKind::Get];
    const MUTANTS: &'static [Mutant] = &[Mutant::None, Mutant::GCounterSumMerge];
    const MONOTONE_VALUE: bool = true;

    fn apply(state: &Counts, update: &Update, me: NodeId, _: Mutant) -> Result<Counts, String> {
        match update {
            Update::Increment { by } => {
                let mut s = state.clone();
                bump(&mut s, me, *by as i64);
                Ok(s)
            }
            Update::Decrement { .. } => {
                Err("a G-counter only grows: it cannot be decremented (a PN-counter can)".into())
            }
            other => Err(format!("a G-counter cannot {}", other.describe())),
        }
    }

    fn merge(a: &Counts, b: &Counts, mutant: Mutant) -> Counts {
        join(a, b, mutant == Mutant::GCounterSumMerge)
    }

    fn leq(a: &Counts, b: &Counts) -> bool {
        leq(a, b)
    }

    fn value(state: &Counts) -> Option<String> {
        Some(sum(state).to_string())
    }

    fn show(state: &Counts) -> String {
        show_counts(state)
    }

    fn implied(updates: &[Applied<'_>]) -> Option<String> {
        let total = updates.iter().fold(0i64, |s, a| match a.update {
            Update::Increment { by } => s.saturating_add(*by as i64),
            _ => s,
        });
        Some(total.to_string())
    }
}

/// The PN-counter's two vectors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PnState {
    pub p: Counts,
    pub n: Counts,
}

#[derive(Clone, Debug, Default)]
pub struct PnCounter;

impl Crdt for PnCounter {
    type State = PnState;
    const NAME: &'static str = "pn-counter";
    const TITLE: &'static str = "PN-counter";
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Increment, OpKind::Decrement, OpKind::Get];
    const MUTANTS: &'static [Mutant] = &[Mutant::None, Mutant::PnCounterSingleVector];

    fn apply(
        state: &PnState,
        update: &Update,
        me: NodeId,
        mutant: Mutant,
    ) -> Result<PnState, String> {
        let mut s = state.clone();
        match update {
            Update::Increment { by } => bump(&mut s.p, me, *by as i64),
            // The mutant subtracts in the one vector it keeps: the entry shrinks, which no join can keep.
            Update::Decrement { by } if mutant == Mutant::PnCounterSingleVector => {
                bump(&mut s.p, me, -(*by as i64))
            }
            Update::Decrement { by } => bump(&mut s.n, me, *by as i64),
            other => return Err(format!("a PN-counter cannot {}", other.describe())),
        }
        Ok(s)
    }

    fn merge(a: &PnState, b: &PnState, _: Mutant) -> PnState {
        PnState {
            p: join(&a.p, &b.p, false),
            n: join(&a.n, &b.n, false),
        }
    }

    fn leq(a: &PnState, b: &PnState) -> bool {
        leq(&a.p, &b.p) && leq(&a.n, &b.n)
    }

    fn value(state: &PnState) -> Option<String> {
        Some(sum(&state.p).saturating_sub(sum(&state.n)).to_string())
    }

    fn show(state: &PnState) -> String {
        format!("P{} N{}", show_counts(&state.p), show_counts(&state.n))
    }

    fn implied(updates: &[Applied<'_>]) -> Option<String> {
        let total = updates.iter().fold(0i64, |s, a| match a.update {
            Update::Increment { by } => s.saturating_add(*by as i64),
            Update::Decrement { by } => s.saturating_sub(*by as i64),
            _ => s,
        });
        Some(total.to_string())
    }
}
