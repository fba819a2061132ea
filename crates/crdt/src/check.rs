//! Checkers and measurements, from the trace alone (the replicas' notes carry every state they reach, and
//! states survive crashes, so the last note of a replica for a key is what it holds).
//!
//! Streaming ([`CrdtChecker`]):
//! - **Inflation** (SSS 2011 §2.2, Definition 2.3 and the monotonic semilattice condition): every update
//!   and every merge leaves the state ≥ what it was (and a merge ≥ what it received).
//! - **Merge is a join** (Definition 2.3, Proposition 2.1): a merge's result is the least upper bound of the
//!   two states, as the data type's specification defines it.
//! - **Monotonic reads** (G-counter only, spec. 6: the value only grows): reads on one replica never
//!   return a smaller count than an earlier read there.
//! - **Update applied**: a replica that acknowledged an update recorded applying it.
//!
//! Over the finished trace (the sweep):
//! - **Final value** ([`final_value`]): every live replica's value of every key equals the value the
//!   specification implies from all the updates applied anywhere ([`Crdt::implied`]).
//! - **Convergence** ([`converged_at`]): after the faults heal and the updates stop, all live replicas hold
//!   equal states, from some time on, within a bound (the sweep says which and why).

use crate::crdt::{Applied, Crdt};
use crate::note::Note;
use crate::options::Mutant;
use crate::replica::Replica;
use splitbrain_sim::{
    Checker, ClientOp, ClientResponse, Event, EventKind, NodeId, OpId, SimTime, Violation,
};
use std::collections::{BTreeMap, BTreeSet};
use std::marker::PhantomData;

/// Every replica's state of every key.
pub type States<C> = BTreeMap<NodeId, BTreeMap<String, <C as Crdt>::State>>;

#[derive(Clone, Debug)]
pub struct CrdtChecker<C: Crdt> {
    requests: BTreeMap<OpId, ClientOp>,
    applied: BTreeSet<(NodeId, OpId)>,
    reads: BTreeMap<(NodeId, String), i64>,
    _crdt: PhantomData<C>,
}

impl<C: Crdt> Default for CrdtChecker<C> {
    fn default() -> Self {
        CrdtChecker {
            requests: BTreeMap::new(),
            applied: BTreeSet::new(),
            reads: BTreeMap::new(),
            _crdt: PhantomData,
        }
    }
}

impl<C: Crdt> Checker<Replica<C>> for CrdtChecker<C> {
    fn observe(&mut self, event: &Event<Replica<C>>, violations: &mut Vec<Violation>) {
        let mut flag = |invariant: &str, message: String| {
            violations.push(Violation {
                invariant: invariant.into(),
                event: event.id,
                message,
            })
        };
        let node = event.node.unwrap_or(NodeId(0));
        match &event.kind {
            EventKind::ClientInvoke { op, request, .. } => {
                self.requests.insert(*op, request.clone());
            }
            EventKind::Note { note } => match note {
                Note::Update {
                    key,
                    op,
                    update,
                    before,
                    after,
                } => {
                    self.applied.insert((node, *op));
                    if !C::leq(before, after) {
                        flag(
                            "Inflation",
                            format!(
                                "{node} applied {} to {key} and its state shrank: {} → {}",
                                update.describe(),
                                C::show(before),
                                C::show(after)
                            ),
                        );
                    }
                }
                Note::Merge {
                    key,
                    from,
                    before,
                    received,
                    after,
                    ..
                } => {
                    let join = C::merge(before, received, Mutant::None);
                    if !C::leq(before, after) || !C::leq(received, after) {
                        flag(
                            "Inflation",
                            format!(
                                "{node} merged {from}'s {key} {} into {} and got {}, not above both",
                                C::show(received),
                                C::show(before),
                                C::show(after)
                            ),
                        );
                    } else if *after != join {
                        flag(
                            "Merge is a join",
                            format!(
                                "{node} merged {from}'s {key} {} into {} and got {}, not their join {}",
                                C::show(received),
                                C::show(before),
                                C::show(after),
                                C::show(&join)
                            ),
                        );
                    }
                }
            },
            EventKind::ClientReply {
                op,
                response: ClientResponse::Ok { value },
            } => match self.requests.get(op) {
                Some(ClientOp::Get { key }) if C::MONOTONE_VALUE => {
                    let Some(v) = value.as_deref().and_then(|v| v.parse::<i64>().ok()) else {
                        return;
                    };
                    let last = self.reads.entry((node, key.clone())).or_insert(v);
                    if v < *last {
                        flag(
                            "Monotonic reads",
                            format!("{node} read {key} = {v} after reading {last} there: a {} only grows", C::TITLE),
                        );
                    }
                    *last = (*last).max(v);
                }
                Some(ClientOp::Get { .. }) | None => {}
                Some(request) => {
                    if !self.applied.contains(&(node, *op)) {
                        flag(
                            "Update applied",
                            format!(
                                "{node} acknowledged {} without applying it",
                                request.describe()
                            ),
                        );
                    }
                }
            },
            _ => {}
        }
    }
}

/// Every replica's states at the end of `events` (the last note of each key), and which replicas are up.
pub fn replicas<C: Crdt>(events: &[Event<Replica<C>>]) -> (BTreeSet<NodeId>, States<C>) {
    let mut up = BTreeSet::new();
    let mut states: States<C> = BTreeMap::new();
    for e in events {
        apply_event(e, &mut up, &mut states);
    }
    (up, states)
}

/// Whether the event changed who is up or what a replica holds.
fn apply_event<C: Crdt>(
    e: &Event<Replica<C>>,
    up: &mut BTreeSet<NodeId>,
    states: &mut States<C>,
) -> bool {
    let Some(node) = e.node else { return false };
    match &e.kind {
        EventKind::Start => up.insert(node),
        EventKind::Crash => up.remove(&node),
        EventKind::Note { note } => {
            states
                .entry(node)
                .or_default()
                .insert(note.key().to_string(), note.after().clone());
            true
        }
        _ => false,
    }
}

/// Whether every replica in `up` holds the same state of every key (a key it never heard of is the
/// initial state).
fn agree<C: Crdt>(up: &BTreeSet<NodeId>, states: &States<C>) -> bool {
    let empty = BTreeMap::new();
    let keys: BTreeSet<&String> = states.values().flat_map(|m| m.keys()).collect();
    let of = |n: &NodeId| states.get(n).unwrap_or(&empty);
    let Some(first) = up.iter().next() else {
        return true;
    };
    let init = C::State::default();
    up.iter().all(|n| {
        keys.iter()
            .all(|k| of(n).get(*k).unwrap_or(&init) == of(first).get(*k).unwrap_or(&init))
    })
}

/// The time from which every live replica holds the same states until the end of `events`, or `None` if
/// they do not agree at the end.
pub fn converged_at<C: Crdt>(events: &[Event<Replica<C>>]) -> Option<SimTime> {
    let mut up = BTreeSet::new();
    let mut states = BTreeMap::new();
    let mut since = Some(SimTime(0));
    for e in events {
        if apply_event(e, &mut up, &mut states) {
            let now = agree::<C>(&up, &states);
            since = match (now, since) {
                (true, Some(t)) => Some(t),
                (true, None) => Some(e.time),
                (false, _) => None,
            };
        }
    }
    since
}

/// The last time any replica applied a client's update.
pub fn last_update<C: Crdt>(events: &[Event<Replica<C>>]) -> Option<SimTime> {
    events
        .iter()
        .filter(|e| {
            matches!(
                &e.kind,
                EventKind::Note {
                    note: Note::Update { .. }
                }
            )
        })
        .map(|e| e.time)
        .last()
}

/// Final value: every live replica's value of every updated key is the one the specification implies.
/// `None` if so, else the first replica and key that differ.
pub fn final_value<C: Crdt>(events: &[Event<Replica<C>>]) -> Option<String> {
    let mut updates: BTreeMap<&str, Vec<Applied<'_>>> = BTreeMap::new();
    for e in events {
        if let (
            Some(node),
            EventKind::Note {
                note: Note::Update { key, update, .. },
            },
        ) = (e.node, &e.kind)
        {
            updates.entry(key.as_str()).or_default().push(Applied {
                update,
                node,
                vclock: &e.vclock,
            });
        }
    }
    let (up, states) = replicas::<C>(events);
    let init = C::State::default();
    for (key, applied) in &updates {
        let implied = C::implied(applied);
        for n in &up {
            let state = states.get(n).and_then(|m| m.get(*key)).unwrap_or(&init);
            let value = C::value(state);
            if value != implied {
                let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "nothing".into());
                return Some(format!(
                    "{n} ends with {key} = {} ({}), but the {} updates applied imply {}",
                    show(&value),
                    C::show(state),
                    applied.len(),
                    show(&implied)
                ));
            }
        }
    }
    None
}
