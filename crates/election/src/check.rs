//! Checkers, from the trace alone.
//!
//! - **Highest-id rule** (Garcia-Molina 1982, §4, assertion that a coordinator is only proclaimed after
//!   every higher id failed to answer; Chang & Roberts 1979: a node is elected only when its own id comes
//!   back round the ring). Checked on every `leader` note: a bully node must have sent Election for that
//!   election to every higher id; a ring node must have received its own candidacy back, or have tried
//!   every other node (alone in its part of the ring).
//! - **Agreement on the leader** ([`final_leaders`], [`agreement`]): once faults stop, every live node of
//!   a connected group knows one and the same leader, which believes itself leader. Judged by the sweep at
//!   the end of its liveness window.

use crate::message::Message;
use crate::node::Election;
use crate::note::Note;
use splitbrain_sim::{Checker, Event, EventKind, MsgId, NodeId, Violation};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default)]
pub struct ElectionChecker {
    /// Every message sent, by id, with its sender.
    sent: BTreeMap<MsgId, (NodeId, NodeId, Message)>,
    /// (node, election) → the nodes it sent an Election (bully) or RingElection (ring) of that election to.
    asked: BTreeMap<(NodeId, u64), BTreeSet<NodeId>>,
    /// (node, election) for which the node received its own ring candidacy back.
    came_back: BTreeSet<(NodeId, u64)>,
    nodes: u32,
    /// Whether ring messages have been seen: the checker judges the ring's rule, not the bully's.
    ring: bool,
}

impl Checker<Election> for ElectionChecker {
    fn observe(&mut self, event: &Event<Election>, violations: &mut Vec<Violation>) {
        if let EventKind::Duplicate { msg, copy, .. } = &event.kind {
            // The network's second copy is the same message under a new id.
            if let Some(original) = self.sent.get(msg).cloned() {
                self.sent.insert(*copy, original);
            }
            return;
        }
        let Some(node) = event.node else { return };
        self.nodes = self.nodes.max(node.0 + 1);
        match &event.kind {
            EventKind::Send {
                msg, to, message, ..
            } => {
                self.nodes = self.nodes.max(to.0 + 1);
                if let Message::Election { election } | Message::RingElection { election, .. } =
                    message
                {
                    self.asked.entry((node, *election)).or_default().insert(*to);
                }
                self.ring |= matches!(
                    message,
                    Message::RingElection { .. } | Message::Elected { .. }
                );
                self.sent.insert(*msg, (node, *to, message.clone()));
            }
            EventKind::Deliver { msg, .. } => {
                if let Some((
                    _,
                    _,
                    Message::RingElection {
                        election,
                        candidate,
                        ..
                    },
                )) = self.sent.get(msg)
                {
                    if *candidate == node {
                        self.came_back.insert((node, *election));
                    }
                }
            }
            EventKind::Note {
                note: Note::Elected { election },
            } => {
                let asked = self
                    .asked
                    .get(&(node, *election))
                    .cloned()
                    .unwrap_or_default();
                let ring = self.ring;
                let ok = if ring {
                    self.came_back.contains(&(node, *election))
                        || (0..self.nodes)
                            .map(NodeId)
                            .all(|n| n == node || asked.contains(&n))
                } else {
                    (node.0 + 1..self.nodes).all(|n| asked.contains(&NodeId(n)))
                };
                if !ok {
                    let missing: Vec<String> = (0..self.nodes)
                        .map(NodeId)
                        .filter(|n| *n != node && !asked.contains(n) && (ring || *n > node))
                        .map(|n| n.to_string())
                        .collect();
                    violations.push(Violation {
                        invariant: "Highest-id rule".into(),
                        event: event.id,
                        message: if ring {
                            format!("{node} proclaimed itself leader of election {election} although its candidacy never came back round the ring and it never tried {}", missing.join(", "))
                        } else {
                            format!("{node} proclaimed itself leader of election {election} without first sending Election to the higher ids {}", missing.join(", "))
                        },
                    });
                }
            }
            _ => {}
        }
    }
}

/// Who each node believes leads at the end of `events` (`None`: it knows no leader; absent: crashed).
pub fn final_leaders(events: &[Event<Election>]) -> BTreeMap<NodeId, Option<NodeId>> {
    let mut belief = BTreeMap::new();
    for e in events {
        let Some(node) = e.node else { continue };
        match &e.kind {
            EventKind::Start => {
                belief.insert(node, None);
            }
            EventKind::Crash => {
                belief.remove(&node);
            }
            EventKind::Note { note } => match note {
                Note::Called { .. } | Note::Joined { .. } => {
                    belief.insert(node, None);
                }
                Note::Elected { .. } => {
                    belief.insert(node, Some(node));
                }
                Note::Follows { leader, .. } => {
                    belief.insert(node, Some(*leader));
                }
                Note::Skipped { .. } => {}
            },
            _ => {}
        }
    }
    belief
}

/// Agreement on the leader among the live nodes of a fully connected cluster: exactly one leader, known to
/// every live node, and it is the highest live id. `None` if it holds, else what is wrong.
pub fn agreement(events: &[Event<Election>]) -> Option<String> {
    let belief = final_leaders(events);
    let highest = *belief.keys().next_back()?;
    let leaders: Vec<NodeId> = belief
        .iter()
        .filter(|(n, l)| **l == Some(**n))
        .map(|(n, _)| *n)
        .collect();
    if leaders != [highest] {
        return Some(format!(
            "the live nodes end with leaders {leaders:?}, not exactly the highest live id {highest}"
        ));
    }
    let strays: Vec<String> = belief
        .iter()
        .filter(|(_, l)| **l != Some(highest))
        .map(|(n, l)| format!("{n} believes {l:?}"))
        .collect();
    if !strays.is_empty() {
        return Some(format!(
            "not every live node knows {highest} as leader: {}",
            strays.join(", ")
        ));
    }
    None
}
