//! Checkers over the delivery history, from the trace alone (the `sent` and `delivered` notes), never from
//! the protocol's own clocks:
//!
//! - **No duplication**: a node's application receives each message at most once.
//! - **FIFO Order**: if a sender sent m1 before m2, no node delivers m2 before m1.
//! - **Causal Order** (Birman, Schiper & Stephenson 1991, §2): if m1 → m2 (m1 happened before m2's send:
//!   sent earlier by the same node, or delivered by m2's sender before it sent m2, or transitively), no
//!   node delivers m2 before m1. The happens-before relation is rebuilt here from the delivery notes.
//! - **Total Order** (Défago et al. 2004, §2.2, "uniform total order" on the messages two nodes both
//!   deliver): no two nodes deliver two messages in opposite orders.
//!
//! A run is judged by what its order promises (the `up` note says which): none, nothing; FIFO, FIFO;
//! causal, FIFO and causal; both total orders, all three. [`anomalies`] judges everything, whatever the
//! promise, for the run's facts.

use crate::message::MsgRef;
use crate::node::Broadcast;
use crate::note::Note;
use crate::options::Order;
use splitbrain_sim::{Checker, Event, EventKind, NodeId, Violation};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub struct BroadcastChecker {
    /// `None` until the first `up` note; `Some(None)` judges everything.
    promise: Option<Option<Order>>,
    /// Each node's causal past as it stands: for each sender, its highest message that happened before.
    past: BTreeMap<NodeId, BTreeMap<NodeId, u64>>,
    /// Each message's causal past at its send (itself included).
    stamps: BTreeMap<MsgRef, BTreeMap<NodeId, u64>>,
    /// Per node, per sender: the latest message delivered whose causal past reaches furthest into that
    /// sender's stream, and how far (the witness of an out-of-order delivery).
    covered: BTreeMap<(NodeId, NodeId), (u64, MsgRef)>,
    /// Per node, per sender: the highest message delivered.
    latest: BTreeMap<(NodeId, NodeId), u64>,
    /// Per node, its deliveries in order, by message.
    position: BTreeMap<NodeId, BTreeMap<MsgRef, usize>>,
    /// (r, q): among r's deliveries, the one latest in q's delivery order, with that position.
    top: BTreeMap<(NodeId, NodeId), (usize, MsgRef)>,
}

impl BroadcastChecker {
    /// A checker that judges every order, whatever the run promises.
    pub fn judge_all() -> Self {
        BroadcastChecker {
            promise: Some(None),
            ..Self::default()
        }
    }

    fn judges(&self, check: fn(Order) -> bool) -> bool {
        match self.promise {
            Some(None) => true,
            Some(Some(order)) => check(order),
            None => false,
        }
    }

    fn sent(&mut self, node: NodeId, id: MsgRef) {
        let past = self.past.entry(node).or_default();
        past.insert(node, id.seq);
        self.stamps.insert(id, past.clone());
    }

    fn delivered(
        &mut self,
        node: NodeId,
        id: MsgRef,
        at: splitbrain_sim::EventId,
        out: &mut Vec<Violation>,
    ) {
        let v = |invariant: &str, message: String| Violation {
            invariant: invariant.into(),
            event: at,
            message,
        };
        if self
            .position
            .get(&node)
            .is_some_and(|d| d.contains_key(&id))
        {
            if self.judges(Order::promises_fifo) {
                out.push(v("No duplication", format!("{node} delivered {id} twice")));
            }
            return;
        }
        let latest = self.latest.get(&(node, id.sender)).copied().unwrap_or(0);
        if latest > id.seq {
            if self.judges(Order::promises_fifo) {
                let witness = MsgRef {
                    sender: id.sender,
                    seq: latest,
                };
                out.push(v(
                    "FIFO Order",
                    format!(
                        "{node} delivered {id} after {witness}, which {} sent later",
                        id.sender
                    ),
                ));
            }
        } else if let Some((reach, witness)) = self.covered.get(&(node, id.sender)) {
            // Has something delivered here already got `id` in its causal past?
            if *reach >= id.seq && self.judges(Order::promises_causal) {
                out.push(v("Causal Order", format!(
                    "{node} delivered {id} after {witness}, but {id} happened before {witness} ({} had seen it, directly or not, when {witness} was sent)",
                    witness.sender
                )));
            }
        }
        let l = self.latest.entry((node, id.sender)).or_default();
        *l = (*l).max(id.seq);
        // Total order: against every other node's delivery order.
        if self.judges(Order::promises_total) {
            for (q, theirs) in &self.position {
                if *q == node {
                    continue;
                }
                let Some(p) = theirs.get(&id) else { continue };
                if let Some((top, witness)) = self.top.get(&(node, *q)) {
                    if top > p {
                        out.push(v("Total Order", format!(
                            "{node} delivered {witness} then {id}, but {q} delivered {id} before {witness}"
                        )));
                        break;
                    }
                }
            }
        }
        let stamp = self.stamps.get(&id).cloned().unwrap_or_default();
        let past = self.past.entry(node).or_default();
        for (k, seq) in &stamp {
            let e = past.entry(*k).or_default();
            *e = (*e).max(*seq);
            let c = self.covered.entry((node, *k)).or_insert((0, id));
            if *seq >= c.0 {
                *c = (*seq, id);
            }
        }
        let here = self.position.entry(node).or_default();
        let p = here.len();
        here.insert(id, p);
        let qs: Vec<(NodeId, usize)> = self
            .position
            .iter()
            .filter(|(q, _)| **q != node)
            .filter_map(|(q, theirs)| theirs.get(&id).map(|pq| (*q, *pq)))
            .collect();
        for (q, pq) in qs {
            let t = self.top.entry((node, q)).or_insert((pq, id));
            if pq >= t.0 {
                *t = (pq, id);
            }
            let t = self.top.entry((q, node)).or_insert((p, id));
            if p >= t.0 {
                *t = (p, id);
            }
        }
    }
}

impl Checker<Broadcast> for BroadcastChecker {
    fn observe(&mut self, event: &Event<Broadcast>, violations: &mut Vec<Violation>) {
        let (Some(node), EventKind::Note { note }) = (event.node, &event.kind) else {
            return;
        };
        match note {
            Note::Up { order, .. } if self.promise.is_none() => {
                self.promise = Some(Some(*order));
            }
            Note::Sent { id, .. } => self.sent(node, *id),
            Note::Delivered { id, .. } => self.delivered(node, *id, event.id, violations),
            _ => {}
        }
    }
}

/// Every ordering anomaly of the run, promised or not: what a FIFO run shows of causal order, say.
pub fn anomalies(events: &[Event<Broadcast>]) -> Vec<Violation> {
    let mut c = BroadcastChecker::judge_all();
    let mut out = Vec::new();
    for e in events {
        c.observe(e, &mut out);
    }
    out
}
