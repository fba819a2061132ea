//! Per-key version lanes, for any replicated store: what each replica held of each key over time, read
//! from the [`LaneSignal::Versions`] its notes carry, and where the replicas of a key agreed (converged) or
//! not. Nothing here names a protocol.
//!
//! A crash ends a replica's span (it holds nothing we can see while down); a restart resumes the last set
//! it reported, because the stores that report versions keep them durably. A store that forgets on a crash
//! reports an empty set when it boots, which ends the resumed span at once.

use crate::lanes::Interval;
use splitbrain_sim::{Event, EventId, EventKind, LaneSignal, NodeId, Shown, SimTime};
use std::collections::BTreeMap;

/// One stretch of time a replica held one set of versions of a key: (value, clock) pairs, several when
/// concurrent writes left siblings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionSpan {
    pub interval: Interval,
    pub versions: Vec<(String, String)>,
    /// The change that began the span (clicking it seeks there).
    pub event: EventId,
    /// Which distinct set of its key this is, in order of first appearance: equal sets share a colour.
    pub tone: usize,
}

/// Where the replicas of a key agreed, or did not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreement {
    pub interval: Interval,
    pub converged: bool,
    /// Replicas up and holding a set different from the most common one's (empty when converged).
    pub differing: Vec<NodeId>,
}

/// One key: a row of spans per node (owners' sets; hinted copies apart), and its agreement over time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyLanes {
    pub key: String,
    pub rows: Vec<Vec<VersionSpan>>,
    /// Sets held for another owner (a sloppy quorum's stand-in), per node, with that owner.
    pub hints: Vec<Vec<(VersionSpan, NodeId)>>,
    pub agreement: Vec<Agreement>,
    /// How many versions changes the key saw: the busiest keys are drawn first.
    pub changes: usize,
}

impl KeyLanes {
    /// Replicas that ever held the key as an owner: the ones whose agreement counts.
    pub fn replicas(&self) -> Vec<NodeId> {
        (0..self.rows.len())
            .filter(|k| !self.rows[*k].is_empty())
            .map(|k| NodeId(k as u32))
            .collect()
    }

    /// The most versions any replica held at once: 2 or more means siblings were seen.
    pub fn most_siblings(&self) -> usize {
        self.rows
            .iter()
            .flatten()
            .map(|s| s.versions.len())
            .max()
            .unwrap_or(0)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VersionLanes {
    /// Busiest key first.
    pub keys: Vec<KeyLanes>,
}

/// A change of one replica's set, or its crash and restart.
#[derive(Clone, Debug)]
enum Step {
    Set {
        versions: Vec<(String, String)>,
        hint_for: Option<NodeId>,
    },
    Down,
    Up,
}

impl VersionLanes {
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn new(nodes: usize, events: &[Event<Shown>]) -> VersionLanes {
        // Per key, every step in trace order; crashes and restarts apply to every key.
        let mut keyed: BTreeMap<String, Vec<(EventId, SimTime, NodeId, Step)>> = BTreeMap::new();
        let mut life: Vec<(EventId, SimTime, NodeId, Step)> = Vec::new();
        for e in events {
            let Some(node) = e.node else { continue };
            match &e.kind {
                EventKind::Crash => life.push((e.id, e.time, node, Step::Down)),
                EventKind::Restart => life.push((e.id, e.time, node, Step::Up)),
                EventKind::Note { note } => {
                    for s in &note.signals {
                        if let LaneSignal::Versions {
                            key,
                            versions,
                            hint_for,
                        } = s
                        {
                            keyed.entry(key.clone()).or_default().push((
                                e.id,
                                e.time,
                                node,
                                Step::Set {
                                    versions: versions.clone(),
                                    hint_for: *hint_for,
                                },
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        let mut keys: Vec<KeyLanes> = keyed
            .into_iter()
            .map(|(key, steps)| {
                let changes = steps.len();
                let mut all: Vec<(EventId, SimTime, NodeId, Step)> =
                    steps.into_iter().chain(life.iter().cloned()).collect();
                all.sort_by_key(|s| s.0);
                build_key(key, nodes, &all, changes)
            })
            .collect();
        keys.sort_by(|a, b| b.changes.cmp(&a.changes).then(a.key.cmp(&b.key)));
        VersionLanes { keys }
    }
}

fn build_key(
    key: String,
    nodes: usize,
    steps: &[(EventId, SimTime, NodeId, Step)],
    changes: usize,
) -> KeyLanes {
    let mut tones: Vec<Vec<(String, String)>> = Vec::new();
    let mut tone_of = |v: &Vec<(String, String)>| match tones.iter().position(|t| t == v) {
        Some(i) => i,
        None => {
            tones.push(v.clone());
            tones.len() - 1
        }
    };
    let mut rows: Vec<Vec<VersionSpan>> = vec![Vec::new(); nodes];
    let mut hints: Vec<Vec<(VersionSpan, NodeId)>> = vec![Vec::new(); nodes];
    // What each replica holds now (as owner), whether it is up, and its last set while down.
    let mut held: Vec<Option<Vec<(String, String)>>> = vec![None; nodes];
    let mut up = vec![true; nodes];
    let mut agreement: Vec<Agreement> = Vec::new();
    let close = |row: &mut Vec<VersionSpan>, t: SimTime| {
        if let Some(last) = row.last_mut() {
            if last.interval.end.is_none() {
                last.interval.end = Some(t);
            }
        }
    };
    for (id, t, node, step) in steps {
        let k = node.index();
        if k >= nodes {
            continue;
        }
        match step {
            Step::Set {
                versions,
                hint_for: Some(owner),
            } => {
                let row = &mut hints[k];
                if let Some((last, _)) = row.iter_mut().rev().find(|(_, o)| o == owner) {
                    if last.interval.end.is_none() {
                        last.interval.end = Some(*t);
                    }
                }
                if !versions.is_empty() {
                    let tone = tone_of(versions);
                    row.push((span(*id, *t, versions.clone(), tone), *owner));
                }
            }
            Step::Set {
                versions,
                hint_for: None,
            } => {
                close(&mut rows[k], *t);
                held[k] = (!versions.is_empty()).then(|| versions.clone());
                if up[k] && !versions.is_empty() {
                    let tone = tone_of(versions);
                    rows[k].push(span(*id, *t, versions.clone(), tone));
                }
            }
            Step::Down => {
                up[k] = false;
                close(&mut rows[k], *t);
                for (h, _) in hints[k].iter_mut() {
                    if h.interval.end.is_none() {
                        h.interval.end = Some(*t);
                    }
                }
            }
            Step::Up => {
                up[k] = true;
                if let Some(v) = held[k].clone() {
                    let tone = tone_of(&v);
                    rows[k].push(span(*id, *t, v, tone));
                }
            }
        }
        note_agreement(&mut agreement, *t, &held, &up);
    }
    KeyLanes {
        key,
        rows,
        hints,
        agreement,
        changes,
    }
}

fn span(event: EventId, t: SimTime, versions: Vec<(String, String)>, tone: usize) -> VersionSpan {
    VersionSpan {
        interval: Interval {
            start: t,
            end: None,
        },
        versions,
        event,
        tone,
    }
}

/// After a change at `t`: do the replicas up that hold the key agree? Starts a new stretch when the
/// answer (or who differs) changed. A key held by one replica only is not yet replicated: not converged.
fn note_agreement(
    agreement: &mut Vec<Agreement>,
    t: SimTime,
    held: &[Option<Vec<(String, String)>>],
    up: &[bool],
) {
    let ever: Vec<usize> = (0..held.len()).filter(|k| held[*k].is_some()).collect();
    let live: Vec<usize> = ever.iter().copied().filter(|k| up[*k]).collect();
    // The most common set among the replicas up (the lowest-numbered one's on a tie) is the reference.
    let count = |k: usize| live.iter().filter(|j| held[**j] == held[k]).count();
    let Some(reference) = live
        .iter()
        .copied()
        .max_by_key(|k| (count(*k), std::cmp::Reverse(*k)))
        .map(|k| held[k].clone())
    else {
        return;
    };
    let differing: Vec<NodeId> = live
        .iter()
        .filter(|k| held[**k] != reference)
        .map(|k| NodeId(*k as u32))
        .collect();
    let converged = differing.is_empty() && live.len() >= 2;
    if let Some(last) = agreement.last_mut() {
        if last.converged == converged && last.differing == differing {
            return;
        }
        if last.interval.start == t {
            // Several changes at one instant: only the outcome counts.
            agreement.pop();
        } else {
            last.interval.end = Some(t);
        }
    }
    agreement.push(Agreement {
        interval: Interval {
            start: t,
            end: None,
        },
        converged,
        differing,
    });
}

/// A set as a reader sees it: "2", "a | b" (siblings), "nothing".
pub fn values_text(versions: &[(String, String)]) -> String {
    if versions.is_empty() {
        return "nothing".into();
    }
    versions
        .iter()
        .map(|(v, _)| v.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A set with its clocks: "2 [n1:2] | 3 [n2:1]".
pub fn versions_text(versions: &[(String, String)]) -> String {
    if versions.is_empty() {
        return "nothing".into();
    }
    versions
        .iter()
        .map(|(v, c)| {
            if c.is_empty() {
                v.clone()
            } else {
                format!("{v} {c}")
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}
