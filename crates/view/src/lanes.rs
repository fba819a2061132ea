//! Lane state over time: when each node was crashed or paused, and when the network was split.

use splitbrain_sim::{Event, EventKind, NetworkChange, NodeId, Protocol, SimTime};
use std::collections::BTreeSet;

/// A half-open interval of simulated real time; `end: None` means "still going at the end of the trace".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    pub start: SimTime,
    pub end: Option<SimTime>,
}

impl Interval {
    pub fn end_or(&self, t: SimTime) -> SimTime {
        self.end.unwrap_or(t)
    }

    pub fn contains(&self, t: SimTime) -> bool {
        t >= self.start && self.end.is_none_or(|e| t < e)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaneState {
    Crashed,
    Paused,
}

/// The network not being whole during `interval`.
#[derive(Clone, Debug, PartialEq)]
pub struct NetBand {
    pub interval: Interval,
    /// "{n1 n2} | {n3 n4 n5}", "cut n1→n2".
    pub label: String,
    /// For each node: its side of the partition (0, 1, …), or `None` if it is in no group (isolated).
    /// Empty when only one-way cuts are in force.
    pub side: Vec<Option<usize>>,
    /// One-way cuts in force.
    pub cuts: Vec<(NodeId, NodeId)>,
}

#[derive(Clone, Debug, Default)]
pub struct LaneStates {
    /// Per node: (state, interval), in time order.
    pub segments: Vec<Vec<(LaneState, Interval)>>,
    pub bands: Vec<NetBand>,
}

impl LaneStates {
    pub fn new<P: Protocol>(nodes: usize, events: &[Event<P>]) -> Self {
        let mut segments = vec![Vec::new(); nodes];
        let mut open: Vec<Option<(LaneState, SimTime)>> = vec![None; nodes];
        let mut bands = Vec::new();
        let mut groups: Option<Vec<Vec<NodeId>>> = None;
        let mut cuts: BTreeSet<(NodeId, NodeId)> = BTreeSet::new();
        let mut band_start: Option<SimTime> = None;
        for e in events {
            if let Some(n) = e.node {
                let k = n.index();
                if k >= nodes {
                    continue;
                }
                let starts = match e.kind {
                    EventKind::Crash => Some(LaneState::Crashed),
                    EventKind::Pause => Some(LaneState::Paused),
                    _ => None,
                };
                let ends = matches!(
                    e.kind,
                    EventKind::Restart | EventKind::Resume | EventKind::Crash
                );
                if ends {
                    if let Some((s, t0)) = open[k].take() {
                        segments[k].push((
                            s,
                            Interval {
                                start: t0,
                                end: Some(e.time),
                            },
                        ));
                    }
                }
                if let Some(s) = starts {
                    open[k] = Some((s, e.time));
                }
            } else if let EventKind::Network { change } = &e.kind {
                let before = (groups.clone(), cuts.clone());
                match change {
                    NetworkChange::Partition { groups: g } => groups = Some(g.clone()),
                    NetworkChange::Cut { from, to } => {
                        cuts.insert((*from, *to));
                    }
                    NetworkChange::Uncut { from, to } => {
                        cuts.remove(&(*from, *to));
                    }
                    NetworkChange::Heal => {
                        groups = None;
                        cuts.clear();
                    }
                    NetworkChange::Config { .. } => continue,
                }
                if (groups.clone(), cuts.clone()) == before {
                    continue;
                }
                if let Some(t0) = band_start.take() {
                    bands.push(band(nodes, &before.0, &before.1, t0, Some(e.time)));
                }
                if groups.is_some() || !cuts.is_empty() {
                    band_start = Some(e.time);
                }
            }
        }
        for (k, o) in open.into_iter().enumerate() {
            if let Some((s, t0)) = o {
                segments[k].push((
                    s,
                    Interval {
                        start: t0,
                        end: None,
                    },
                ));
            }
        }
        if let Some(t0) = band_start {
            bands.push(band(nodes, &groups, &cuts, t0, None));
        }
        LaneStates { segments, bands }
    }

    /// The node's state at `t`, if it is not simply up.
    pub fn state_at(&self, node: NodeId, t: SimTime) -> Option<LaneState> {
        self.segments
            .get(node.index())?
            .iter()
            .find(|(_, iv)| iv.contains(t))
            .map(|(s, _)| *s)
    }
}

fn band(
    nodes: usize,
    groups: &Option<Vec<Vec<NodeId>>>,
    cuts: &BTreeSet<(NodeId, NodeId)>,
    start: SimTime,
    end: Option<SimTime>,
) -> NetBand {
    let mut parts = Vec::new();
    let mut side = Vec::new();
    if let Some(g) = groups {
        side = vec![None; nodes];
        for (i, group) in g.iter().enumerate() {
            for n in group {
                if let Some(s) = side.get_mut(n.index()) {
                    *s = Some(i);
                }
            }
        }
        let txt: Vec<String> = g
            .iter()
            .map(|grp| {
                grp.iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        parts.push(format!("partition {{{}}}", txt.join("} | {")));
    }
    for (a, b) in cuts {
        parts.push(format!("cut {a}→{b}"));
    }
    NetBand {
        interval: Interval { start, end },
        label: parts.join(", "),
        side,
        cuts: cuts.iter().copied().collect(),
    }
}
