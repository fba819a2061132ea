//! From a run's notes (and the engine's crash events) to [`Signal`]s, and the two rules every protocol's
//! lanes share: what one node believes after each change ([`Belief::apply`]).

use splitbrain_sim::{Event, EventId, EventKind, Face, LaneSignal, NodeId, Shown, SimTime};

/// One change in what a node believes, as the lanes need it: a [`LaneSignal`], or a crash.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The node now holds `role` (an index into [`Face::roles`]), in `epoch`, or in its current epoch when
    /// `None`.
    Role { role: u8, epoch: Option<u64> },
    /// The node moved to this epoch without (yet) a role change.
    Epoch(u64),
    /// The log now has this many entries.
    Log(u64),
    /// The commit point advanced to this.
    Commit(u64),
    /// Crashed: it believes nothing any more.
    Down,
}

impl Change {
    /// The lane change a signal makes; `None` for signals other views draw (cuts, clock bounds, suspicions).
    fn of(s: &LaneSignal) -> Option<Change> {
        Some(match s {
            &LaneSignal::Role { role, epoch } => Change::Role { role, epoch },
            &LaneSignal::Epoch { epoch } => Change::Epoch(epoch),
            &LaneSignal::Log { len } => Change::Log(len),
            &LaneSignal::Commit { upto } => Change::Commit(upto),
            LaneSignal::Cut { .. }
            | LaneSignal::ClockBound { .. }
            | LaneSignal::Suspect { .. }
            | LaneSignal::Versions { .. } => return None,
        })
    }
}

/// A change with where it happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signal {
    pub event: EventId,
    pub time: SimTime,
    pub node: NodeId,
    pub change: Change,
}

/// Every lane change in a run, in trace order: each note's [`signals`](splitbrain_sim::ShownNote::signals),
/// and [`Change::Down`] at each crash.
pub fn signals(events: &[Event<Shown>]) -> Vec<Signal> {
    let mut out = Vec::new();
    for e in events {
        let Some(node) = e.node else { continue };
        let mut push = |change| {
            out.push(Signal {
                event: e.id,
                time: e.time,
                node,
                change,
            })
        };
        match &e.kind {
            EventKind::Crash => push(Change::Down),
            EventKind::Note { note } => note.signals.iter().filter_map(Change::of).for_each(push),
            _ => {}
        }
    }
    out
}

/// What one node believes at some point of the trace: its epoch and its role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Belief {
    /// The epoch it is in; `None` before it said, and while it is down.
    pub epoch: Option<u64>,
    /// Its role and the epoch it holds it in; `None` before it said, and while it is down.
    pub role: Option<(u8, u64)>,
    /// The last epoch it was in, for a role taken with no epoch before any (after a restart that said none).
    last_epoch: Option<u64>,
}

impl Belief {
    /// Applies one change. Log and commit changes leave the belief as it is.
    ///
    /// Two rules hold for every protocol: a role taken with no epoch is held in the node's current epoch (a
    /// Raft pre-candidate campaigns without adopting the term it asks for), and when the epoch moves on
    /// under a node holding an *exclusive* role, the node falls back to [`Face::base_role`] (in the new term a
    /// leader is no longer the leader). A non-exclusive role carries over into the new epoch.
    pub fn apply(&mut self, change: Change, face: &Face) {
        match change {
            Change::Role {
                role,
                epoch: Some(epoch),
            } => {
                self.epoch = Some(epoch);
                self.role = Some((role, epoch));
            }
            Change::Role { role, epoch: None } => {
                let current = self.epoch.or(self.last_epoch).unwrap_or(0);
                self.role = Some((role, current));
            }
            Change::Epoch(epoch) => {
                self.epoch = Some(epoch);
                if let Some((role, held)) = self.role {
                    if held != epoch {
                        let role = if face.role(role).exclusive {
                            face.base_role
                        } else {
                            role
                        };
                        self.role = Some((role, epoch));
                    }
                }
            }
            Change::Down => {
                self.epoch = None;
                self.role = None;
            }
            Change::Log(_) | Change::Commit(_) => {}
        }
        self.last_epoch = self.epoch.or(self.last_epoch);
    }

    /// The exclusive role it holds, with its epoch.
    pub fn exclusive(&self, face: &Face) -> Option<(u8, u64)> {
        self.role.filter(|(role, _)| face.role(*role).exclusive)
    }
}
