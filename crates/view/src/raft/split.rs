//! Split brain: intervals where two or more nodes believe they are leader.
//!
//! With different terms it is Raft working as designed: a deposed leader that has not heard the news yet
//! (dangerous only if it still serves reads locally). With the same term it is an Election Safety violation:
//! two majorities voted for different nodes in one term, which Raft must never allow.

use super::{RoleSignal, Signal};
use crate::lanes::Interval;
use splitbrain_sim::{EventId, NodeId, Violation};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitBrain {
    pub interval: Interval,
    /// The event that made the second leader, and the one that left only one.
    pub start_event: EventId,
    pub end_event: Option<EventId>,
    /// Everyone who was leader at some point during the interval, with the term they led.
    pub leaders: Vec<(NodeId, u64)>,
    /// Two leaders of the same term at once: a safety violation.
    pub same_term: bool,
    /// The Election Safety violation the checker reported for it, if any.
    pub violation: Option<EventId>,
}

impl SplitBrain {
    pub fn describe(&self) -> String {
        let who: Vec<String> = self
            .leaders
            .iter()
            .map(|(n, t)| format!("{n} (term {t})"))
            .collect();
        if self.same_term {
            format!(
                "SPLIT BRAIN, same term: {} — Election Safety violated",
                who.join(", ")
            )
        } else {
            format!(
                "Two leaders, different terms: {} — the old one is stale",
                who.join(", ")
            )
        }
    }
}

/// Sweeps the signals in trace order. `violations` link same-term intervals to the checker's report.
pub fn split_brain(signals: &[Signal], violations: &[Violation]) -> Vec<SplitBrain> {
    let mut leaders: BTreeMap<NodeId, u64> = BTreeMap::new();
    let mut open: Option<SplitBrain> = None;
    let mut out = Vec::new();
    for s in signals {
        match s.signal {
            RoleSignal::Leader { term } => {
                leaders.insert(s.node, term);
            }
            RoleSignal::Follower { .. }
            | RoleSignal::PreCandidate { .. }
            | RoleSignal::Candidate { .. } => {
                leaders.remove(&s.node);
            }
            RoleSignal::Term { term } => {
                // A leader that moves to a higher term steps down in the same handler; be robust to the
                // role note coming a moment later.
                if leaders.get(&s.node).is_some_and(|t| *t != term) {
                    leaders.remove(&s.node);
                }
            }
            RoleSignal::Down => {
                leaders.remove(&s.node);
            }
            RoleSignal::LogLength(_) | RoleSignal::Commit(_) => continue,
        }
        if leaders.len() >= 2 {
            let sb = open.get_or_insert_with(|| SplitBrain {
                interval: Interval {
                    start: s.time,
                    end: None,
                },
                start_event: s.event,
                end_event: None,
                leaders: Vec::new(),
                same_term: false,
                violation: None,
            });
            for (n, t) in &leaders {
                if !sb.leaders.contains(&(*n, *t)) {
                    sb.leaders.push((*n, *t));
                }
            }
            let mut terms: Vec<u64> = leaders.values().copied().collect();
            terms.sort_unstable();
            if terms.windows(2).any(|w| w[0] == w[1]) {
                sb.same_term = true;
            }
        } else if let Some(mut sb) = open.take() {
            sb.interval.end = Some(s.time);
            sb.end_event = Some(s.event);
            out.push(sb);
        }
    }
    out.extend(open);
    for sb in &mut out {
        if sb.same_term {
            sb.violation = violations
                .iter()
                .filter(|v| is_election_safety(&v.invariant))
                .find(|v| v.event >= sb.start_event && sb.end_event.is_none_or(|e| v.event <= e))
                .map(|v| v.event);
        }
    }
    out
}

fn is_election_safety(invariant: &str) -> bool {
    let s = invariant.to_ascii_lowercase().replace(['_', '-', ' '], "");
    s.contains("electionsafety")
}
