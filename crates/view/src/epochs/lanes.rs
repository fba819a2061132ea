//! Per-node epoch lanes over time, as intervals and step series, and the cluster-wide commit frontier.

use super::{Belief, Change, Signal};
use crate::lanes::Interval;
use splitbrain_sim::{EventId, Face, NodeId, SimTime};

/// A stretch during which a node held one role in one epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleSpan {
    pub interval: Interval,
    /// An index into [`Face::roles`].
    pub role: u8,
    pub epoch: u64,
}

/// A stretch during which a node was in one epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochSpan {
    pub interval: Interval,
    pub epoch: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeLanes {
    pub epochs: Vec<EpochSpan>,
    pub roles: Vec<RoleSpan>,
    /// (time, log length) after each change.
    pub log: Vec<(SimTime, u64)>,
    /// (time, commit point) after each advance.
    pub commit: Vec<(SimTime, u64)>,
}

/// An entry became committed cluster-wide: the first time any node's commit point covered it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommitMark {
    pub index: u64,
    pub time: SimTime,
    pub node: NodeId,
    pub event: EventId,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpochLanes {
    pub nodes: Vec<NodeLanes>,
    pub commits: Vec<CommitMark>,
}

impl EpochLanes {
    pub fn new(face: &Face, nodes: usize, signals: &[Signal]) -> Self {
        let mut out = vec![NodeLanes::default(); nodes];
        let mut belief = vec![Belief::default(); nodes];
        // When the node's current epoch and role began.
        let mut epoch_since = vec![SimTime(0); nodes];
        let mut role_since = vec![SimTime(0); nodes];
        let mut commits = Vec::new();
        let mut frontier = 0;
        for s in signals {
            let k = s.node.index();
            if k >= nodes {
                continue;
            }
            let t = s.time;
            let lanes = &mut out[k];
            match s.change {
                Change::Log(n) => lanes.log.push((t, n)),
                Change::Commit(c) => {
                    lanes.commit.push((t, c));
                    while frontier < c {
                        frontier += 1;
                        commits.push(CommitMark {
                            index: frontier,
                            time: t,
                            node: s.node,
                            event: s.event,
                        });
                    }
                }
                change => {
                    let before = belief[k];
                    belief[k].apply(change, face);
                    let after = belief[k];
                    if after.epoch != before.epoch {
                        if let Some(epoch) = before.epoch {
                            lanes.epochs.push(EpochSpan {
                                interval: Interval {
                                    start: epoch_since[k],
                                    end: Some(t),
                                },
                                epoch,
                            });
                        }
                        epoch_since[k] = t;
                    }
                    if after.role != before.role {
                        if let Some((role, epoch)) = before.role {
                            lanes.roles.push(RoleSpan {
                                interval: Interval {
                                    start: role_since[k],
                                    end: Some(t),
                                },
                                role,
                                epoch,
                            });
                        }
                        role_since[k] = t;
                    }
                }
            }
        }
        for (k, lanes) in out.iter_mut().enumerate() {
            if let Some(epoch) = belief[k].epoch {
                lanes.epochs.push(EpochSpan {
                    interval: Interval {
                        start: epoch_since[k],
                        end: None,
                    },
                    epoch,
                });
            }
            if let Some((role, epoch)) = belief[k].role {
                lanes.roles.push(RoleSpan {
                    interval: Interval {
                        start: role_since[k],
                        end: None,
                    },
                    role,
                    epoch,
                });
            }
        }
        EpochLanes {
            nodes: out,
            commits,
        }
    }
}
