//! The observed-remove set, add wins (*A comprehensive study of CRDTs*, specification 15; SSS 2011 §3.3.5):
//! every add puts the element in with a fresh unique tag; a remove tombstones the tags of that element
//! *this replica has observed*; the element is present while some tag of it is not tombstoned. Merge is
//! the union of both sets. An add concurrent with a remove carries a tag the remove never saw, so it
//! survives the merge: add wins.
//!
//! The `or_set_remove_wins` mutant removes the element outright, by name and without tags (a tombstone on
//! the element itself, as a 2P-set does): on merge the remove swallows the concurrent add too.

use crate::crdt::{tag_text, Applied, Crdt, Remark, Tag, Update};
use crate::options::Mutant;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{LocalTime, NodeId, OpKind};
use std::collections::{BTreeMap, BTreeSet};

type Tags = BTreeMap<String, BTreeSet<Tag>>;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrSetState {
    /// Every (element, tag) ever added (spec. 15's A).
    pub adds: Tags,
    /// The tombstones: (element, tag) pairs some remove observed (spec. 15's R).
    pub removed: Tags,
    /// The mutant's tagless tombstones: elements removed by name. Always empty without the mutant.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub gone: BTreeSet<String>,
}

impl OrSetState {
    /// Spec. 15's lookup: some tag of `e` is not tombstoned (and, for the mutant, `e` was never removed).
    pub fn contains(&self, e: &str) -> bool {
        !self.gone.contains(e)
            && self.adds.get(e).is_some_and(|tags| {
                let dead = self.removed.get(e);
                tags.iter().any(|t| !dead.is_some_and(|d| d.contains(t)))
            })
    }

    pub fn elements(&self) -> Vec<&str> {
        self.adds
            .keys()
            .filter(|e| self.contains(e))
            .map(String::as_str)
            .collect()
    }
}

fn union(a: &Tags, b: &Tags) -> Tags {
    let mut out = a.clone();
    for (e, tags) in b {
        out.entry(e.clone())
            .or_default()
            .extend(tags.iter().copied());
    }
    out
}

fn subset(a: &Tags, b: &Tags) -> bool {
    a.iter()
        .all(|(e, tags)| tags.is_empty() || b.get(e).is_some_and(|o| tags.is_subset(o)))
}

#[derive(Clone, Debug, Default)]
pub struct OrSet;

impl Crdt for OrSet {
    type State = OrSetState;
    const NAME: &'static str = "or-set";
    const TITLE: &'static str = "OR-set";
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Add, OpKind::Remove, OpKind::Get];
    const MUTANTS: &'static [Mutant] = &[Mutant::None, Mutant::OrSetRemoveWins];

    fn apply(
        s: &OrSetState,
        update: &Update,
        _me: NodeId,
        mutant: Mutant,
    ) -> Result<OrSetState, String> {
        let mut s = s.clone();
        match update {
            Update::Add { element, tag } => {
                s.adds.entry(element.clone()).or_default().insert(*tag);
            }
            Update::Remove { element } if mutant == Mutant::OrSetRemoveWins => {
                s.gone.insert(element.clone());
            }
            Update::Remove { element } => {
                // Only the tags observed here: an add this replica has not seen keeps its tag alive.
                if let Some(tags) = s.adds.get(element).cloned() {
                    s.removed.entry(element.clone()).or_default().extend(tags);
                }
            }
            other => return Err(format!("an OR-set cannot {}", other.describe())),
        }
        Ok(s)
    }

    fn merge(a: &OrSetState, b: &OrSetState, _: Mutant) -> OrSetState {
        OrSetState {
            adds: union(&a.adds, &b.adds),
            removed: union(&a.removed, &b.removed),
            gone: a.gone.union(&b.gone).cloned().collect(),
        }
    }

    fn leq(a: &OrSetState, b: &OrSetState) -> bool {
        subset(&a.adds, &b.adds) && subset(&a.removed, &b.removed) && a.gone.is_subset(&b.gone)
    }

    fn value(s: &OrSetState) -> Option<String> {
        Some(format!("{{{}}}", s.elements().join(", ")))
    }

    fn show(s: &OrSetState) -> String {
        let mut parts = Vec::new();
        for (e, tags) in &s.adds {
            let dead = s.removed.get(e);
            let list: Vec<String> = tags
                .iter()
                .map(|t| {
                    let mark = if dead.is_some_and(|d| d.contains(t)) {
                        "†"
                    } else {
                        ""
                    };
                    format!("{mark}{}", tag_text(t))
                })
                .collect();
            let gone = if s.gone.contains(e) { " gone" } else { "" };
            parts.push(format!("{e}({}){gone}", list.join(" ")));
        }
        for e in s.gone.iter().filter(|e| !s.adds.contains_key(*e)) {
            parts.push(format!("{e}() gone"));
        }
        if parts.is_empty() {
            "∅".into()
        } else {
            parts.join(" ")
        }
    }

    fn remark(
        before: &OrSetState,
        _: &OrSetState,
        after: &OrSetState,
        _: LocalTime,
    ) -> Option<Remark> {
        let elements: Vec<String> = before
            .removed
            .iter()
            .filter(|(e, tags)| !tags.is_empty() && !before.contains(e) && after.contains(e))
            .map(|(e, _)| e.clone())
            .collect();
        (!elements.is_empty()).then_some(Remark::AddWins { elements })
    }

    /// An element is present iff some add of it was observed by no remove of it: the remove at replica j
    /// observed the add at replica i iff the add happened before it (the remove's vector clock has seen
    /// the add's event), because every gossip message carries the sender's whole state and states survive
    /// crashes.
    fn implied(updates: &[Applied<'_>]) -> Option<String> {
        let mut present = BTreeSet::new();
        for a in updates {
            let Update::Add { element, .. } = a.update else {
                continue;
            };
            let seen = |r: &Applied<'_>| {
                let i = a.node.index();
                matches!(r.update, Update::Remove { element: e } if e == element)
                    && r.vclock.0.get(i).copied().unwrap_or(0)
                        >= a.vclock.0.get(i).copied().unwrap_or(0)
            };
            if !updates.iter().any(seen) {
                present.insert(element.as_str());
            }
        }
        Some(format!(
            "{{{}}}",
            present.into_iter().collect::<Vec<_>>().join(", ")
        ))
    }
}
