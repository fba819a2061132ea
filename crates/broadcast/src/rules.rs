//! The delivery rules, one per order: which held-back message may be delivered next, and why the others
//! wait.
//!
//! - FIFO: a sender's message `seq` after its `seq − 1` (per-sender sequence numbers).
//! - Causal (Birman, Schiper & Stephenson 1991, §3): a message m from s is delivered when
//!   `V_m[s] = D[s] + 1` and `V_m[k] ≤ D[k]` for every other k, D counting what this node delivered.
//! - Total order by Lamport timestamps (Lamport 1978, §3, the rule of his mutual-exclusion algorithm
//!   applied to messages): the queue is ordered by (timestamp, sender); its head is delivered once every
//!   other node has been heard from with a later (timestamp, node) — over FIFO links, nothing earlier can
//!   still come from it.
//! - Sequencer (Défago, Schiper & Urbán 2004, §4.1): n1 numbers each sender's messages in that sender's
//!   order and tells everyone; each node delivers by number.

use crate::message::{AppMsg, Message, MsgRef};
use crate::node::{Broadcast, SEQUENCER};
use crate::note::{Note, Wait};
use crate::options::{Mutant, Order};
use splitbrain_sim::{NodeId, Out};

impl Broadcast {
    /// The next held message the order lets go, if any.
    pub(crate) fn deliverable(&self) -> Option<MsgRef> {
        match self.options.order {
            Order::None => self.held.keys().next().copied(),
            Order::Fifo | Order::Causal => {
                if self.options.mutant == Mutant::DeliverOnArrival {
                    return self.held.keys().next().copied();
                }
                self.held
                    .values()
                    .find(|h| self.missing(&h.msg).is_none())
                    .map(|h| h.msg.id)
            }
            Order::TotalLamport => {
                let head = self.head()?;
                let ok = self.options.mutant == Mutant::NoAckWait || self.unheard(head).is_empty();
                ok.then_some(head.id)
            }
            Order::TotalSequencer => {
                let id = self.numbers.get(&(self.d.next_global + 1))?;
                self.held.contains_key(id).then_some(*id)
            }
        }
    }

    /// FIFO and causal: the first message that must come before `msg` and is not delivered here.
    fn missing(&self, msg: &AppMsg) -> Option<MsgRef> {
        let s = msg.id.sender;
        let prefix = self.d.delivered[s.index()].prefix;
        if msg.id.seq != prefix + 1 {
            return Some(MsgRef {
                sender: s,
                seq: prefix + 1,
            });
        }
        if self.options.order != Order::Causal {
            return None;
        }
        (0..self.nodes).map(NodeId).find_map(|k| {
            let have = self.d.delivered[k.index()].prefix;
            let wanted = msg.vclock.get(k.index()).copied().unwrap_or(0);
            (k != s && wanted > have).then_some(MsgRef {
                sender: k,
                seq: have + 1,
            })
        })
    }

    /// Lamport: the message with the smallest (timestamp, sender) in the queue.
    fn head(&self) -> Option<&AppMsg> {
        self.held
            .values()
            .map(|h| &h.msg)
            .min_by_key(|m| (m.lamport, m.id.sender))
    }

    /// Lamport: the nodes not yet heard from with a (timestamp, node) later than `head`'s. Its sender needs
    /// no more: over a FIFO link its earlier messages came first, and its clock only grows.
    pub(crate) fn unheard(&self, head: &AppMsg) -> Vec<NodeId> {
        (0..self.nodes)
            .map(NodeId)
            .filter(|k| *k != self.id && *k != head.id.sender)
            .filter(|k| (self.heard[k.index()], *k) <= (head.lamport, head.id.sender))
            .collect()
    }

    /// Why `msg`, held here, cannot be delivered now.
    pub(crate) fn wait_of(&self, msg: &AppMsg) -> Wait {
        match self.options.order {
            Order::None | Order::Fifo | Order::Causal => match self.missing(msg) {
                Some(id) => Wait::Missing { id },
                None => Wait::Unnumbered,
            },
            Order::TotalLamport => match self.head() {
                Some(h) if h.id != msg.id => Wait::Behind { head: h.id },
                _ => Wait::Acks {
                    from: self.unheard(msg),
                },
            },
            Order::TotalSequencer => match self.numbers.iter().find(|(_, id)| **id == msg.id) {
                Some((g, _)) => Wait::Turn {
                    global: *g,
                    next: self.d.next_global + 1,
                },
                None => Wait::Unnumbered,
            },
        }
    }

    /// The sequencer numbers what it may: each sender's messages in that sender's order (the mutant: the
    /// message just arrived, whatever its place).
    pub(crate) fn number_ready(&mut self, arrived: MsgRef, out: &mut Out<Self>) {
        if self.options.mutant == Mutant::SequencerByArrival {
            self.number(arrived, out);
            return;
        }
        loop {
            let next = self
                .held
                .keys()
                .copied()
                .find(|id| id.seq == self.d.numbered_from[id.sender.index()] + 1);
            let Some(id) = next else { break };
            self.d.numbered_from[id.sender.index()] = id.seq;
            self.number(id, out);
        }
    }

    fn number(&mut self, id: MsgRef, out: &mut Out<Self>) {
        debug_assert_eq!(self.id, SEQUENCER);
        self.d.numbered += 1;
        let global = self.d.numbered;
        self.numbers.insert(global, id);
        out.note(Note::Ordered { id, global });
        self.d.lamport += 1;
        let lamport = self.d.lamport;
        self.multicast(
            |_| Message::Order {
                id,
                global,
                lamport,
            },
            out,
        );
    }
}
