//! Failure detectors judged against what really happened: each node's suspicions
//! ([`LaneSignal::Suspect`]) compared with the crashes the engine recorded. A suspicion of a crashed node is
//! a detection, timed from the crash; a suspicion of a node that was up (slow, paused, cut off, or behind a
//! lossy link) is a false suspicion. Only the first suspicion of each crash by each observer counts.

use splitbrain_sim::{Event, EventKind, LaneSignal, NodeId, Shown, SimTime};
use std::collections::BTreeSet;

/// A live node came to suspect a crashed one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Detection {
    pub crashed: NodeId,
    pub crashed_at: SimTime,
    pub by: NodeId,
    pub at: SimTime,
}

impl Detection {
    pub fn after_us(&self) -> u64 {
        self.at.0.saturating_sub(self.crashed_at.0)
    }
}

/// A node suspected another that was up at the time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FalseSuspicion {
    pub at: SimTime,
    pub by: NodeId,
    pub of: NodeId,
}

/// Every detection and false suspicion of a run, in trace order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Suspicions {
    /// Whether the protocol reported suspicions at all: only then is the detection chart worth drawing.
    pub reported: bool,
    pub detections: Vec<Detection>,
    pub false_suspicions: Vec<FalseSuspicion>,
}

pub(crate) fn suspicions(events: &[Event<Shown>], nodes: usize) -> Suspicions {
    let mut out = Suspicions::default();
    // When each node crashed, while it is down.
    let mut down: Vec<Option<SimTime>> = vec![None; nodes];
    // (observer, crashed) pairs already detected during the current crash.
    let mut detected: BTreeSet<(u32, u32)> = BTreeSet::new();
    for e in events {
        let Some(node) = e.node else { continue };
        match &e.kind {
            EventKind::Crash => {
                if let Some(slot) = down.get_mut(node.index()) {
                    *slot = Some(e.time);
                }
                detected.retain(|(_, c)| *c != node.0);
            }
            EventKind::Restart => {
                if let Some(slot) = down.get_mut(node.index()) {
                    *slot = None;
                }
            }
            EventKind::Note { note } => {
                for s in &note.signals {
                    let LaneSignal::Suspect {
                        node: of,
                        suspected,
                    } = *s
                    else {
                        continue;
                    };
                    out.reported = true;
                    if !suspected || of == node {
                        continue;
                    }
                    match down.get(of.index()).copied().flatten() {
                        Some(crashed_at) => {
                            if detected.insert((node.0, of.0)) {
                                out.detections.push(Detection {
                                    crashed: of,
                                    crashed_at,
                                    by: node,
                                    at: e.time,
                                });
                            }
                        }
                        None => out.false_suspicions.push(FalseSuspicion {
                            at: e.time,
                            by: node,
                            of,
                        }),
                    }
                }
            }
            _ => {}
        }
    }
    out
}
