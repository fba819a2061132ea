//! How two events relate, stated the way a lecturer would: with the vector clocks that prove it.

use splitbrain_sim::{Event, Protocol, VectorClock};
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationKind {
    /// a → b: a happened before b.
    Before,
    /// b → a.
    After,
    Concurrent,
    Same,
    /// One of them is a cluster-wide event with no clock.
    Unordered,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub kind: RelationKind,
    /// One line: "e12 → e40: [2,0,1] ≤ [3,1,1] componentwise".
    pub explanation: String,
}

pub fn relation<P: Protocol>(a: &Event<P>, b: &Event<P>) -> Relation {
    let (ia, ib) = (a.id, b.id);
    if a.node.is_none() || b.node.is_none() {
        return Relation {
            kind: RelationKind::Unordered,
            explanation: format!("{ia} and {ib}: a cluster-wide event has no vector clock"),
        };
    }
    let (va, vb) = (fmt_vc(&a.vclock), fmt_vc(&b.vclock));
    match a.vclock.compare(&b.vclock) {
        Some(Ordering::Equal) => Relation {
            kind: RelationKind::Same,
            explanation: format!("{ia} is {ib}: {va}"),
        },
        Some(Ordering::Less) => Relation {
            kind: RelationKind::Before,
            explanation: format!("{ia} → {ib}: {va} ≤ {vb} componentwise"),
        },
        Some(Ordering::Greater) => Relation {
            kind: RelationKind::After,
            explanation: format!("{ib} → {ia}: {vb} ≤ {va} componentwise"),
        },
        None => {
            let (i, j) = witnesses(&a.vclock, &b.vclock);
            Relation {
                kind: RelationKind::Concurrent,
                explanation: format!(
                    "{ia} ∥ {ib}: {va} vs {vb}: n{} is ahead in {ia}, n{} in {ib}",
                    i + 1,
                    j + 1
                ),
            }
        }
    }
}

/// A component where `a` is ahead and one where `b` is: the proof neither happened before the other.
fn witnesses(a: &VectorClock, b: &VectorClock) -> (usize, usize) {
    let i = a.0.iter().zip(&b.0).position(|(x, y)| x > y).unwrap_or(0);
    let j = a.0.iter().zip(&b.0).position(|(x, y)| x < y).unwrap_or(0);
    (i, j)
}

pub fn fmt_vc(v: &VectorClock) -> String {
    let parts: Vec<String> = v.0.iter().map(|c| c.to_string()).collect();
    format!("[{}]", parts.join(","))
}
