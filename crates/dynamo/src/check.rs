//! Checkers and measurements, from the trace alone: every replica's versions are rebuilt from the `Stored`
//! notes (each carries a node's whole new set for a key), never read from the nodes.
//!
//! Streaming invariants ([`DynamoChecker`]):
//! - **Write quorum** (§4.5: "the coordinator … writes the new version locally … sends it to the N
//!   highest-ranked reachable nodes. If at least W−1 nodes respond, then the write is considered
//!   successful"): when a put is acknowledged, at least W distinct nodes hold its version or one that
//!   supersedes it, as an owner or as a stand-in with a hint (§4.6). Counting acknowledgements is not
//!   enough: a duplicated ack is one replica.
//! - **Siblings are concurrent** (§4.4: a version that descends from another replaces it; only versions
//!   "in conflict" are kept side by side): no node ever keeps two versions of a key where one supersedes
//!   (or equals) the other.
//! - **Acknowledged writes survive** (§4.4 with vector clocks: "the system can determine the
//!   authoritative version … or the client … collapses branches"; nothing acknowledged is thrown away
//!   behind the client's back): once a put is acknowledged under vector clocks, some node (owner or
//!   stand-in) keeps its version or a descendant of it, for the rest of the run. Under last-writer-wins
//!   discarding is the design, so the client-history checker counts those losses instead (the run's facts).
//!
//! Liveness, judged by the sweep ([`convergence`]): after the faults heal and writes stop, every owner of
//! a key holds the same versions, no hint is left undelivered, and the time it took is measured.

use crate::node::Dynamo;
use crate::note::Note;
use crate::version::{compare, covered, Order, Stamp, Version};
use splitbrain_sim::{Checker, Event, EventKind, NodeId, OpId, SimTime, Violation};
use std::collections::{BTreeMap, BTreeSet};

/// Every node's versions as the trace tells them: owner copies and hinted copies.
#[derive(Clone, Debug, Default)]
pub struct Replicas {
    /// (node, key) → versions kept as an owner.
    pub owned: BTreeMap<(NodeId, String), Vec<Version>>,
    /// (node, key, owner) → versions kept for `owner` (a stand-in's hint).
    pub hinted: BTreeMap<(NodeId, String, NodeId), Vec<Version>>,
    /// The preference list of every key a coordinator named.
    pub preference: BTreeMap<String, Vec<NodeId>>,
    pub up: BTreeSet<NodeId>,
}

impl Replicas {
    /// Applies one event; returns the key whose versions changed at a node, if any.
    pub fn apply(&mut self, e: &Event<Dynamo>) -> Option<String> {
        let node = e.node?;
        match &e.kind {
            EventKind::Start => {
                self.up.insert(node);
            }
            EventKind::Crash => {
                self.up.remove(&node);
            }
            EventKind::Note { note } => match note {
                Note::Coordinate {
                    key, preference, ..
                } => {
                    self.preference.insert(key.clone(), preference.clone());
                }
                Note::Stored {
                    key,
                    versions,
                    hint_for,
                    ..
                } => {
                    match hint_for {
                        None => self.owned.insert((node, key.clone()), versions.clone()),
                        Some(o) if versions.is_empty() => {
                            self.hinted.remove(&(node, key.clone(), *o))
                        }
                        Some(o) => self
                            .hinted
                            .insert((node, key.clone(), *o), versions.clone()),
                    };
                    return Some(key.clone());
                }
                _ => {}
            },
            _ => {}
        }
        None
    }

    /// Every copy of `key` anywhere: (holder, versions).
    fn copies<'a>(&'a self, key: &'a str) -> impl Iterator<Item = (NodeId, &'a [Version])> + 'a {
        let owned = self
            .owned
            .iter()
            .filter(move |((_, k), _)| k == key)
            .map(|((n, _), v)| (*n, v.as_slice()));
        let hinted = self
            .hinted
            .iter()
            .filter(move |((_, k, _), _)| k == key)
            .map(|((n, _, _), v)| (*n, v.as_slice()));
        owned.chain(hinted)
    }
}

#[derive(Clone, Debug, Default)]
pub struct DynamoChecker {
    replicas: Replicas,
    /// Puts coordinated and not yet acknowledged, by (coordinator, op, version: a client retry can reach
    /// the same coordinator again, with a new version): their key and every node that has held the
    /// version (or one superseding it) since.
    puts: BTreeMap<(NodeId, OpId, Version), (String, BTreeSet<NodeId>)>,
    /// Acknowledged vector-clock versions per key, those superseded by a later acknowledged one left out.
    acked: BTreeMap<String, Vec<(OpId, Version)>>,
}

fn violation(invariant: &str, e: &Event<Dynamo>, message: String) -> Violation {
    Violation {
        invariant: invariant.into(),
        event: e.id,
        message,
    }
}

impl Checker<Dynamo> for DynamoChecker {
    fn observe(&mut self, e: &Event<Dynamo>, violations: &mut Vec<Violation>) {
        let changed = self.replicas.apply(e);
        let (Some(node), EventKind::Note { note }) = (e.node, &e.kind) else {
            return;
        };
        match note {
            Note::Coordinate {
                op,
                key,
                version: Some(v),
                ..
            } => {
                let holders = self
                    .replicas
                    .copies(key)
                    .filter(|(_, vs)| covered(vs, v))
                    .map(|(n, _)| n)
                    .collect();
                self.puts
                    .insert((node, *op, v.clone()), (key.clone(), holders));
            }
            Note::Stored { key, versions, .. } => {
                for i in 0..versions.len() {
                    for j in i + 1..versions.len() {
                        if compare(&versions[i], &versions[j]) != Order::Concurrent {
                            violations.push(violation(
                                "Siblings are concurrent",
                                e,
                                format!(
                                    "{node} keeps {} and {} of {key}, though one supersedes the other",
                                    versions[i], versions[j]
                                ),
                            ));
                        }
                    }
                }
                for ((_, _, v), (k, holders)) in self.puts.iter_mut() {
                    if k == key && covered(versions, v) {
                        holders.insert(node);
                    }
                }
            }
            Note::Acknowledged {
                op,
                key,
                version,
                quorum,
                ..
            } => {
                if let Some((_, holders)) = self.puts.remove(&(node, *op, version.clone())) {
                    if (holders.len() as u32) < *quorum {
                        let names: Vec<String> = holders.iter().map(|n| n.to_string()).collect();
                        violations.push(violation(
                            "Write quorum",
                            e,
                            format!(
                                "{node} acknowledged {op} ({key}={}) with W = {quorum}, but only {} node(s) hold it: {}",
                                version.value,
                                holders.len(),
                                if names.is_empty() { "none".into() } else { names.join(", ") }
                            ),
                        ));
                    }
                }
                if matches!(version.stamp, Stamp::Clock { .. }) {
                    let list = self.acked.entry(key.clone()).or_default();
                    if !list
                        .iter()
                        .any(|(_, a)| compare(a, version) == Order::Newer)
                    {
                        list.retain(|(_, a)| compare(version, a) != Order::Newer);
                        list.push((*op, version.clone()));
                    }
                }
            }
            _ => {}
        }
        if let Some(key) = changed {
            let Some(list) = self.acked.get(&key) else {
                return;
            };
            for (op, v) in list {
                if !self.replicas.copies(&key).any(|(_, vs)| covered(vs, v)) {
                    violations.push(violation(
                        "Acknowledged writes survive",
                        e,
                        format!(
                            "no node keeps {key}={} ({}, acknowledged to {op}) or anything that supersedes it any more",
                            v.value, v.stamp
                        ),
                    ));
                }
            }
            let replicas = &self.replicas;
            if let Some(list) = self.acked.get_mut(&key) {
                // Report a lost write once.
                list.retain(|(_, v)| replicas.copies(&key).any(|(_, vs)| covered(vs, v)));
            }
        }
    }
}

/// The replicas as the whole trace leaves them.
pub fn replicas(events: &[Event<Dynamo>]) -> Replicas {
    let mut r = Replicas::default();
    for e in events {
        r.apply(e);
    }
    r
}

/// Convergence at the end of `events`: for every key, the owners that are up hold the same versions, and
/// no node still holds a hint for an owner that is up. `Ok(t)`: converged, last changed at `t`; `Err`: the
/// first disagreement, in a sentence.
pub fn convergence(events: &[Event<Dynamo>]) -> Result<SimTime, String> {
    let mut r = Replicas::default();
    let mut last = SimTime(0);
    for e in events {
        if r.apply(e).is_some() {
            last = e.time;
        }
    }
    for (key, pref) in &r.preference {
        let mut first: Option<(NodeId, &[Version])> = None;
        for n in pref.iter().filter(|n| r.up.contains(n)) {
            let vs = r
                .owned
                .get(&(*n, key.clone()))
                .map_or(&[][..], Vec::as_slice);
            match first {
                None => first = Some((*n, vs)),
                Some((m, ws)) if ws != vs => {
                    let show = |v: &[Version]| {
                        v.iter()
                            .map(Version::to_string)
                            .collect::<Vec<_>>()
                            .join(" | ")
                    };
                    return Err(format!(
                        "{m} holds {key} as [{}] but {n} as [{}]",
                        show(ws),
                        show(vs)
                    ));
                }
                _ => {}
            }
        }
    }
    if let Some(((n, key, owner), _)) = r.hinted.iter().find(|((_, _, o), _)| r.up.contains(o)) {
        return Err(format!(
            "{n} still holds a hint of {key} for {owner}, which is up"
        ));
    }
    Ok(last)
}

/// Reads that returned siblings: (how many, the most versions one read returned).
pub fn siblings_seen(events: &[Event<Dynamo>]) -> (usize, usize) {
    let mut count = 0;
    let mut most = 0;
    for e in events {
        if let EventKind::Note {
            note: Note::Read { versions, .. },
        } = &e.kind
        {
            if versions.len() > 1 {
                count += 1;
                most = most.max(versions.len());
            }
        }
    }
    (count, most)
}

/// When the last put was acknowledged, if any was.
pub fn last_write(events: &[Event<Dynamo>]) -> Option<SimTime> {
    events.iter().rev().find_map(|e| match e.kind {
        EventKind::Note {
            note: Note::Acknowledged { .. },
        } => Some(e.time),
        _ => None,
    })
}
