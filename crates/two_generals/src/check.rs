//! Checkers, from the trace alone.
//!
//! - **Agreement** (the problem's requirement, Akkoyunlu et al. 1975, §3; Gray 1978, §5.8.3.3: "both
//!   attack or neither does"): once both generals have decided, their decisions are equal. A violation
//!   names both decisions and the messenger whose loss split them. A general that crashed before its
//!   deadline has no decision and is not judged. With loss, violations are the lesson, not a bug: they
//!   are *measured* (`splitbrain vary`); without loss the correct protocol never violates it.
//! - **Decision by the deadline** ([`undecided`]): every general that is up at the end of a run has
//!   decided. Judged by the sweep.

use crate::message::Message;
use crate::node::General;
use crate::note::Note;
use splitbrain_sim::{Checker, DropReason, Event, EventKind, MsgId, NodeId, Violation};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub struct GeneralsChecker {
    /// Every messenger sent, by id: its receiver and round.
    sent: BTreeMap<MsgId, (NodeId, u64)>,
    /// (receiver, round) → why a messenger of that round to it was dropped (the last drop seen).
    lost: BTreeMap<(NodeId, u64), DropReason>,
    /// Each general's decision: attack?, the highest round it received, the round it needed.
    decided: BTreeMap<NodeId, (bool, u64, u64)>,
}

fn word(attack: bool) -> &'static str {
    if attack {
        "ATTACK"
    } else {
        "RETREAT"
    }
}

fn reason_text(reason: DropReason) -> &'static str {
    match reason {
        DropReason::Loss => "lost on the way",
        DropReason::Partition => "cut off by the network",
        DropReason::Clicked => "dropped by hand",
        DropReason::ReceiverCrashed => "lost: its receiver was down",
    }
}

impl GeneralsChecker {
    /// Why the retreating general `node` lacked round `round`: dropped (and how), or simply late.
    fn missing(&self, node: NodeId, round: u64) -> String {
        let ever_sent = self.sent.values().any(|s| *s == (node, round));
        match self.lost.get(&(node, round)) {
            Some(r) => format!(
                "the round-{round} messenger to {node} was {}",
                reason_text(*r)
            ),
            None if ever_sent => {
                format!("the round-{round} messenger had not reached {node} by its deadline")
            }
            None => format!("no round-{round} messenger was ever sent to {node}"),
        }
    }
}

impl Checker<General> for GeneralsChecker {
    fn observe(&mut self, event: &Event<General>, violations: &mut Vec<Violation>) {
        match &event.kind {
            EventKind::Send {
                msg, to, message, ..
            } => {
                let Message::Messenger { round, .. } = message;
                self.sent.insert(*msg, (*to, *round));
            }
            EventKind::Duplicate { msg, copy, .. } => {
                if let Some(original) = self.sent.get(msg).copied() {
                    self.sent.insert(*copy, original);
                }
            }
            EventKind::Drop { msg, reason, .. } => {
                if let Some((to, round)) = self.sent.get(msg).copied() {
                    self.lost.insert((to, round), *reason);
                }
            }
            EventKind::Note {
                note:
                    Note::Decided {
                        attack,
                        received,
                        needed,
                    },
            } => {
                let Some(node) = event.node else { return };
                self.decided.insert(node, (*attack, *received, *needed));
                let other = self.decided.iter().find(|(n, _)| **n != node);
                let Some((&peer, &(peer_attack, ..))) = other else {
                    return;
                };
                if peer_attack == *attack {
                    return;
                }
                let (retreater, (_, got, need)) = if *attack {
                    (peer, self.decided[&peer])
                } else {
                    (node, (*attack, *received, *needed))
                };
                // The next round addressed to the retreater: n1 receives the even rounds, n2 the odd.
                let parity = u64::from(retreater.0 % 2 == 1);
                let next = if (got + 1) % 2 == parity {
                    got + 1
                } else {
                    got + 2
                };
                let lacking = next.min(need);
                let (a, b) = if node < peer {
                    (node, peer)
                } else {
                    (peer, node)
                };
                let (da, db) = (self.decided[&a].0, self.decided[&b].0);
                violations.push(Violation {
                    invariant: "Agreement".into(),
                    event: event.id,
                    message: format!(
                        "{a} decided to {} and {b} to {}: {}",
                        word(da),
                        word(db),
                        self.missing(retreater, lacking)
                    ),
                });
            }
            _ => {}
        }
    }
}

/// Each general's decision at the end of `events` (`None`: up but undecided; absent: down at the end).
pub fn decisions(events: &[Event<General>]) -> BTreeMap<NodeId, Option<bool>> {
    let mut state = BTreeMap::new();
    let mut decided = BTreeMap::new();
    for e in events {
        let Some(node) = e.node else { continue };
        match &e.kind {
            EventKind::Start => {
                state.insert(node, decided.get(&node).copied());
            }
            EventKind::Crash => {
                state.remove(&node);
            }
            EventKind::Note {
                note: Note::Decided { attack, .. },
            } => {
                decided.insert(node, *attack);
                state.insert(node, Some(*attack));
            }
            _ => {}
        }
    }
    state
}

/// Decision by the deadline: `None` if every general that is up at the end has decided, else who has not.
pub fn undecided(events: &[Event<General>]) -> Option<String> {
    let late: Vec<String> = decisions(events)
        .iter()
        .filter(|(_, d)| d.is_none())
        .map(|(n, _)| n.to_string())
        .collect();
    (!late.is_empty()).then(|| format!("{} had not decided by the end of the run", late.join(", ")))
}
