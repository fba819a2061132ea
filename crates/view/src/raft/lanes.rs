//! Per-node Raft state over time, as intervals and step series, and the cluster-wide commit frontier.

use super::{RoleSignal, Signal};
use crate::lanes::Interval;
use splitbrain_sim::{EventId, NodeId, SimTime};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleKind {
    Follower,
    PreCandidate,
    Candidate,
    Leader,
}

impl RoleKind {
    pub fn name(self) -> &'static str {
        match self {
            RoleKind::Follower => "follower",
            RoleKind::PreCandidate => "pre-candidate",
            RoleKind::Candidate => "candidate",
            RoleKind::Leader => "leader",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RoleSpan {
    pub interval: Interval,
    pub role: RoleKind,
    pub term: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TermSpan {
    pub interval: Interval,
    pub term: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeLanes {
    pub terms: Vec<TermSpan>,
    pub roles: Vec<RoleSpan>,
    /// (time, log length) after each change.
    pub log: Vec<(SimTime, u64)>,
    /// (time, commit index) after each advance.
    pub commit: Vec<(SimTime, u64)>,
}

/// An entry became committed cluster-wide: the first time any node's commit index covered it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommitMark {
    pub index: u64,
    pub time: SimTime,
    pub node: NodeId,
    pub event: EventId,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RaftLanes {
    pub nodes: Vec<NodeLanes>,
    pub commits: Vec<CommitMark>,
}

impl RaftLanes {
    pub fn new(nodes: usize, signals: &[Signal]) -> Self {
        let mut out = vec![NodeLanes::default(); nodes];
        let mut term_open: Vec<Option<(SimTime, u64)>> = vec![None; nodes];
        let mut role_open: Vec<Option<(SimTime, RoleKind, u64)>> = vec![None; nodes];
        let mut commits = Vec::new();
        let mut frontier = 0;
        for s in signals {
            let k = s.node.index();
            if k >= nodes {
                continue;
            }
            let t = s.time;
            let set_term = |term: u64, open: &mut Option<(SimTime, u64)>, lanes: &mut NodeLanes| {
                if open.is_some_and(|(_, cur)| cur == term) {
                    return;
                }
                if let Some((t0, cur)) = open.take() {
                    lanes.terms.push(TermSpan {
                        interval: Interval {
                            start: t0,
                            end: Some(t),
                        },
                        term: cur,
                    });
                }
                *open = Some((t, term));
            };
            let set_role = |role: Option<(RoleKind, u64)>,
                            open: &mut Option<(SimTime, RoleKind, u64)>,
                            lanes: &mut NodeLanes| {
                if let (Some((_, r0, t0)), Some((r, tm))) = (*open, role) {
                    if r0 == r && t0 == tm {
                        return;
                    }
                }
                if let Some((start, r0, tm0)) = open.take() {
                    lanes.roles.push(RoleSpan {
                        interval: Interval {
                            start,
                            end: Some(t),
                        },
                        role: r0,
                        term: tm0,
                    });
                }
                *open = role.map(|(r, tm)| (t, r, tm));
            };
            let lanes = &mut out[k];
            match s.signal {
                RoleSignal::Follower { term } => {
                    set_term(term, &mut term_open[k], lanes);
                    set_role(Some((RoleKind::Follower, term)), &mut role_open[k], lanes);
                }
                RoleSignal::PreCandidate { term } => {
                    // A pre-candidate campaigns for term+1 without adopting it.
                    let cur = term_open[k].map_or(term.saturating_sub(1), |(_, t)| t);
                    set_role(
                        Some((RoleKind::PreCandidate, cur)),
                        &mut role_open[k],
                        lanes,
                    );
                }
                RoleSignal::Candidate { term } => {
                    set_term(term, &mut term_open[k], lanes);
                    set_role(Some((RoleKind::Candidate, term)), &mut role_open[k], lanes);
                }
                RoleSignal::Leader { term } => {
                    set_term(term, &mut term_open[k], lanes);
                    set_role(Some((RoleKind::Leader, term)), &mut role_open[k], lanes);
                }
                RoleSignal::Term { term } => {
                    set_term(term, &mut term_open[k], lanes);
                    // The role keeps going, but in the new term a leader is no longer the leader.
                    if let Some((_, r, tm)) = role_open[k] {
                        if tm != term {
                            let r = if r == RoleKind::Leader {
                                RoleKind::Follower
                            } else {
                                r
                            };
                            set_role(Some((r, term)), &mut role_open[k], lanes);
                        }
                    }
                }
                RoleSignal::LogLength(n) => lanes.log.push((t, n)),
                RoleSignal::Commit(c) => {
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
                RoleSignal::Down => {
                    set_role(None, &mut role_open[k], lanes);
                    if let Some((t0, cur)) = term_open[k].take() {
                        lanes.terms.push(TermSpan {
                            interval: Interval {
                                start: t0,
                                end: Some(t),
                            },
                            term: cur,
                        });
                    }
                }
            }
        }
        for (k, lanes) in out.iter_mut().enumerate() {
            if let Some((t0, cur)) = term_open[k] {
                lanes.terms.push(TermSpan {
                    interval: Interval {
                        start: t0,
                        end: None,
                    },
                    term: cur,
                });
            }
            if let Some((start, r, tm)) = role_open[k] {
                lanes.roles.push(RoleSpan {
                    interval: Interval { start, end: None },
                    role: r,
                    term: tm,
                });
            }
        }
        RaftLanes {
            nodes: out,
            commits,
        }
    }
}
