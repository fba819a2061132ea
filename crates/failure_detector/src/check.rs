//! Checkers and measurements, from the trace alone.
//!
//! - **Completeness** ([`completeness`]; Chandra & Toueg 1996, §2.2 "strong completeness": eventually every
//!   process that crashes is permanently suspected by every correct process): a node crashed after the
//!   faults stopped is suspected by every live node within the algorithm's bound, and still is at the end.
//!   Judged by the sweep over the finished trace.
//! - **Accuracy after the heal** ([`accuracy_after`]; "eventual strong accuracy" of ◇P: there is a time
//!   after which no correct process is suspected): once the network is reliable and the bound has passed,
//!   no live node is suspected by any live node. Before that, false suspicions are expected: they are
//!   counted ([`suspicions`]), not violations.
//! - **Incarnation order** (streaming, [`FdChecker`]; SWIM §4.2): a refutation names a higher incarnation
//!   than the accusation and than every earlier refutation of the same node, across restarts; and no node
//!   ever suspects itself.

use crate::node::FailureDetector;
use crate::note::Note;
use splitbrain_sim::{Checker, Event, EventKind, NodeId, SimTime, Violation};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default)]
pub struct FdChecker {
    refuted: BTreeMap<NodeId, u64>,
}

impl Checker<FailureDetector> for FdChecker {
    fn observe(&mut self, event: &Event<FailureDetector>, violations: &mut Vec<Violation>) {
        let (Some(node), EventKind::Note { note }) = (event.node, &event.kind) else {
            return;
        };
        match note {
            Note::Suspect { member, .. } if *member == node => violations.push(Violation {
                invariant: "Incarnation order".into(),
                event: event.id,
                message: format!("{node} suspects itself"),
            }),
            Note::Refute {
                accused,
                incarnation,
            } => {
                let last = self.refuted.get(&node).copied();
                if *incarnation <= *accused || last.is_some_and(|l| *incarnation <= l) {
                    violations.push(Violation {
                        invariant: "Incarnation order".into(),
                        event: event.id,
                        message: format!(
                            "{node} refuted a suspicion at incarnation {accused} with incarnation {incarnation}, not above it and above its earlier {last:?}"
                        ),
                    });
                }
                self.refuted.insert(node, *incarnation);
            }
            _ => {}
        }
    }
}

/// One suspicion raised: `by` began suspecting `of` at `at`; `wrong` when `of` was up (running or paused).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suspicion {
    pub by: NodeId,
    pub of: NodeId,
    pub at: SimTime,
    pub wrong: bool,
}

/// Replays the trace: who is up, and who suspects whom, calling `f` before each event is applied.
fn replay(
    events: &[Event<FailureDetector>],
    mut f: impl FnMut(&Event<FailureDetector>, &BTreeSet<NodeId>, &BTreeSet<(NodeId, NodeId)>),
) -> (BTreeSet<NodeId>, BTreeSet<(NodeId, NodeId)>) {
    let mut up = BTreeSet::new();
    let mut suspects = BTreeSet::new();
    for e in events {
        f(e, &up, &suspects);
        let Some(node) = e.node else { continue };
        match &e.kind {
            EventKind::Start => {
                up.insert(node);
            }
            EventKind::Crash => {
                up.remove(&node);
                suspects.retain(|(by, _)| *by != node);
            }
            EventKind::Note {
                note: Note::Suspect { member, .. },
            } => {
                suspects.insert((node, *member));
            }
            EventKind::Note {
                note: Note::Trust { member, .. },
            } => {
                suspects.remove(&(node, *member));
            }
            _ => {}
        }
    }
    (up, suspects)
}

/// Every suspicion the trace records, with whether it was wrong.
pub fn suspicions(events: &[Event<FailureDetector>]) -> Vec<Suspicion> {
    let mut found = Vec::new();
    replay(events, |e, up, _| {
        if let (
            Some(by),
            EventKind::Note {
                note: Note::Suspect { member, .. },
            },
        ) = (e.node, &e.kind)
        {
            found.push(Suspicion {
                by,
                of: *member,
                at: e.time,
                wrong: up.contains(member),
            });
        }
    });
    found
}

/// A real crash and how the live nodes detected it: each live node with when it first suspected the
/// crashed one (`None`: not while it stayed down).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    pub crashed: NodeId,
    pub at: SimTime,
    pub by: Vec<(NodeId, Option<SimTime>)>,
}

/// The crashes of the trace and their detection.
pub fn detections(events: &[Event<FailureDetector>]) -> Vec<Detection> {
    let mut open: Vec<Detection> = Vec::new();
    let mut done = Vec::new();
    replay(events, |e, up, suspects| {
        let Some(node) = e.node else { return };
        match &e.kind {
            EventKind::Crash if up.contains(&node) => open.push(Detection {
                crashed: node,
                at: e.time,
                by: up
                    .iter()
                    .filter(|n| **n != node)
                    .map(|n| (*n, suspects.contains(&(*n, node)).then_some(e.time)))
                    .collect(),
            }),
            EventKind::Start => {
                if let Some(i) = open.iter().position(|d| d.crashed == node) {
                    done.push(open.remove(i));
                }
            }
            EventKind::Note {
                note: Note::Suspect { member, .. },
            } => {
                for d in open.iter_mut().filter(|d| d.crashed == *member) {
                    for (by, when) in d.by.iter_mut() {
                        if *by == node && when.is_none() {
                            *when = Some(e.time);
                        }
                    }
                }
            }
            _ => {}
        }
    });
    done.extend(open);
    done.sort_by_key(|d| d.at);
    done
}

/// Completeness for the crash of `crashed` at `crash`: every node up from the crash to the end suspects it
/// within `bound_us`, and still suspects it at the end. `None` if it holds, else what is wrong.
pub fn completeness(
    events: &[Event<FailureDetector>],
    crashed: NodeId,
    crash: SimTime,
    bound_us: u64,
) -> Option<String> {
    let detection = detections(events)
        .into_iter()
        .find(|d| d.crashed == crashed && d.at == crash)?;
    let (up, suspects) = replay(events, |_, _, _| {});
    for (by, when) in &detection.by {
        if !up.contains(by) {
            continue;
        }
        match when {
            None => {
                return Some(format!(
                    "{by} never suspected {crashed}, crashed at {crash}"
                ))
            }
            Some(t) if t.0 > crash.0 + bound_us => {
                return Some(format!(
                "{by} suspected {crashed} only {} ms after its crash, beyond the bound of {} ms",
                (t.0 - crash.0) / 1_000,
                bound_us / 1_000
            ))
            }
            _ => {}
        }
        if !suspects.contains(&(*by, crashed)) {
            return Some(format!(
                "{by} stopped suspecting {crashed}, which is still down"
            ));
        }
    }
    None
}

/// Accuracy after `from`: no live node is suspected by a live node at `from`, and none becomes so later.
/// `None` if it holds, else the first wrong suspicion.
pub fn accuracy_after(events: &[Event<FailureDetector>], from: SimTime) -> Option<String> {
    let mut checked = false;
    let mut wrong = None;
    replay(events, |e, up, suspects| {
        if wrong.is_some() || e.time < from {
            return;
        }
        if !checked {
            checked = true;
            if let Some((by, of)) = suspects
                .iter()
                .find(|(by, of)| up.contains(by) && up.contains(of))
            {
                wrong = Some(format!("{by} still suspects the live {of} at {from}"));
                return;
            }
        }
        if let (
            Some(by),
            EventKind::Note {
                note: Note::Suspect { member, .. },
            },
        ) = (e.node, &e.kind)
        {
            if up.contains(member) {
                wrong = Some(format!("{by} suspects the live {member} at {}", e.time));
            }
        }
    });
    wrong
}
