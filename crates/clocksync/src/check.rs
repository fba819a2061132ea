//! Checkers, from the trace alone, against the simulator's real time (`event.time`).
//!
//! - **Error Bound** (Cristian 1989, §3; RFC 5905 §8; Gusella & Zatti 1989): every note that claims a
//!   bound ([`Claim`]) promises |local − real| ≤ bound + drift_ppm × (real time since the claim) from that
//!   event until the node's next claim. Checked on every later event of the node: `local_time − time` is
//!   the node's true offset. No tolerance: the algorithms round their bounds up. The promise lapses when
//!   the user (or scenario) sets the node's clock (a `ClockSet` without an adjustment: a bound is a claim
//!   about the clock as it was, plus the drift the algorithm assumes) and when the node crashes. A node's
//!   own correction (`ClockSet` with an adjustment) is not checked against the old claim: the new claim
//!   follows it in the same step. A claim derived from a round that a clock fault interrupted (the fault
//!   came after the node's request, Reading or Poll of that round left) is void too: the round measured
//!   a clock that no longer exists.
//! - **External Consistency** (Spanner §4.1.2, after Gifford): if transaction B was invoked after
//!   transaction A's commit was answered (in real time), then ts(B) > ts(A). Judged for the commits
//!   TrueTime makes its promise for: stamped and answered by a node whose bound stood the whole time (no
//!   clock fault or crash between the request's arrival and the commit).

use crate::node::ClockSync;
use crate::note::{Claim, Note};
use splitbrain_sim::{Checker, ClientResponse, Event, EventKind, NodeId, OpId, SimTime, Violation};
use std::collections::BTreeMap;

pub const ERROR_BOUND: &str = "Error Bound";
pub const EXTERNAL_CONSISTENCY: &str = "External Consistency";

#[derive(Clone, Debug, Default)]
pub struct ClockChecker {
    /// Each node's standing claim and the real time it was made.
    claims: BTreeMap<NodeId, (Claim, SimTime)>,
    invoked: BTreeMap<OpId, SimTime>,
    /// The timestamp each node gave each transaction it committed.
    stamped: BTreeMap<(OpId, NodeId), i64>,
    /// When each node's measurement for a round began: (node, round) → real time its request, Reading
    /// or Poll left.
    measuring: BTreeMap<(NodeId, u64), SimTime>,
    /// The round each node's last Synced came from (its slew's end claims from the same round).
    last_round: BTreeMap<NodeId, u64>,
    /// The last time each node's claim was voided (a clock fault or a crash).
    voided: BTreeMap<NodeId, SimTime>,
    /// (op, node) → whether the node had a standing claim when the request arrived, and when.
    arrived: BTreeMap<(OpId, NodeId), (bool, SimTime)>,
    /// Answered commits in real-time order, each with the largest timestamp answered so far (and its op).
    answered: Vec<(SimTime, i64, OpId)>,
}

/// How far the claim allows the clock to be off at `time`.
pub fn allowed(claim: Claim, since: SimTime, time: SimTime) -> u64 {
    let elapsed = time.0.saturating_sub(since.0) as u128;
    claim.bound_us + (elapsed * claim.drift_ppm as u128).div_ceil(1_000_000) as u64
}

fn ms(us: i64) -> String {
    format!("{:+.3} ms", us as f64 / 1000.0)
}

impl ClockChecker {
    fn error_bound(
        &mut self,
        node: NodeId,
        event: &Event<ClockSync>,
        violations: &mut Vec<Violation>,
    ) {
        match &event.kind {
            EventKind::Crash | EventKind::ClockSet { adjusted: None, .. } => {
                self.claims.remove(&node);
                self.voided.insert(node, event.time);
                return;
            }
            EventKind::ClockSet { .. } => return,
            EventKind::Send { message, .. } => {
                use crate::message::Message;
                if let Message::TimeRequest { round }
                | Message::NtpRequest { round, .. }
                | Message::Reading { round, .. }
                | Message::Poll { round } = message
                {
                    self.measuring.entry((node, *round)).or_insert(event.time);
                }
            }
            EventKind::Note { note } => {
                if let Some(claim) = note.claim() {
                    let round = match note {
                        Note::Synced { round, .. } => {
                            self.last_round.insert(node, *round);
                            Some(*round)
                        }
                        Note::SlewDone { .. } => self.last_round.get(&node).copied(),
                        Note::Adjusted { round, .. } | Note::Averaged { round, .. } => Some(*round),
                        _ => None,
                    };
                    let began = round.and_then(|r| self.measuring.get(&(node, r)).copied());
                    let void =
                        began.is_some_and(|b| self.voided.get(&node).is_some_and(|v| *v >= b));
                    if void {
                        self.claims.remove(&node);
                    } else {
                        self.claims.insert(node, (claim, event.time));
                    }
                }
            }
            _ => {}
        }
        let (Some(local), Some(&(claim, since))) = (event.local_time, self.claims.get(&node))
        else {
            return;
        };
        let offset = local.0 as i128 - event.time.0 as i128;
        let limit = allowed(claim, since, event.time);
        if offset.unsigned_abs() > limit as u128 {
            self.claims.remove(&node);
            violations.push(Violation {
                invariant: ERROR_BOUND.into(),
                event: event.id,
                message: format!(
                    "{node}'s clock is {} off true time, outside the ±{:.3} ms it claimed at {:.3} s (±{:.3} ms then, growing by {} ppm)",
                    ms(offset as i64),
                    limit as f64 / 1000.0,
                    since.0 as f64 / 1e6,
                    claim.bound_us as f64 / 1000.0,
                    claim.drift_ppm
                ),
            });
        }
    }

    fn external_consistency(
        &mut self,
        node: NodeId,
        event: &Event<ClockSync>,
        violations: &mut Vec<Violation>,
    ) {
        match &event.kind {
            EventKind::ClientInvoke { op, .. } => {
                self.invoked.insert(*op, event.time);
            }
            EventKind::ClientRequest { op, .. } => {
                let standing = self.claims.contains_key(&node);
                self.arrived.insert((*op, node), (standing, event.time));
            }
            EventKind::Note {
                note: Note::Committed { op, ts_us, .. },
            } => {
                let trusted = self
                    .arrived
                    .get(&(*op, node))
                    .is_some_and(|(standing, at)| {
                        *standing
                            && self.claims.contains_key(&node)
                            && self.voided.get(&node).is_none_or(|v| v < at)
                    });
                if !trusted {
                    return; // TrueTime promised nothing for this commit: its node's clock was faulted
                }
                self.stamped.insert((*op, node), *ts_us);
                let Some(&start) = self.invoked.get(op) else {
                    return;
                };
                // The answered commits strictly before B started.
                let before = self.answered.partition_point(|(t, _, _)| *t < start);
                if before == 0 {
                    return;
                }
                let (at, ts_a, a) = self.answered[before - 1];
                if ts_a >= *ts_us && a != *op {
                    violations.push(Violation {
                        invariant: EXTERNAL_CONSISTENCY.into(),
                        event: event.id,
                        message: format!(
                            "{op} started at {:.3} s, after {a} was committed and answered (by {:.3} s with timestamp {:.3} ms), yet {node} stamped it {:.3} ms: not later",
                            start.0 as f64 / 1e6,
                            at.0 as f64 / 1e6,
                            ts_a as f64 / 1000.0,
                            *ts_us as f64 / 1000.0
                        ),
                    });
                }
            }
            EventKind::ClientReply {
                op,
                response: ClientResponse::Ok { .. },
            } => {
                if let Some(&ts) = self.stamped.get(&(*op, node)) {
                    let (ts, a) = match self.answered.last() {
                        Some(&(_, best, b)) if best >= ts => (best, b),
                        _ => (ts, *op),
                    };
                    self.answered.push((event.time, ts, a));
                }
            }
            _ => {}
        }
    }
}

impl Checker<ClockSync> for ClockChecker {
    fn observe(&mut self, event: &Event<ClockSync>, violations: &mut Vec<Violation>) {
        let Some(node) = event.node else { return };
        self.error_bound(node, event, violations);
        self.external_consistency(node, event, violations);
    }
}

/// Every violation of a trace, for the facts.
pub fn violations(events: &[Event<ClockSync>]) -> Vec<Violation> {
    let mut checker = ClockChecker::default();
    let mut found = Vec::new();
    for e in events {
        checker.observe(e, &mut found);
    }
    found
}
