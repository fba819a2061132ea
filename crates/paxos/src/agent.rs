//! What every node is in both protocols: an acceptor and a learner, with the wiring they share (*Paxos Made
//! Simple* §2.1: "a single process may act as more than one agent"). The proposer logic, which differs
//! between single-decree Paxos and Multi-Paxos, lives in `single.rs` and `multi.rs`.
//!
//! Persistence comes before the reply it justifies (§2.3): every handler pushes `persist` before `send`, and
//! the engine applies effects in order.
//!
//! A node sends to itself without the network (its own acceptor answers its own proposer at once): those
//! messages wait in `local` until the top-level handler drains them, so no handler re-enters another.

use crate::acceptor::Acceptor;
use crate::ballot::Ballot;
use crate::learner::Learner;
use crate::message::Message;
use crate::note::Note;
use crate::options::{Mutant, PaxosOptions};
use crate::persist::{Persistent, Record};
use crate::value::Value;
use crate::Node;
use splitbrain_sim::{ClusterInfo, NodeId, Out};
use std::collections::VecDeque;

#[derive(Clone, Debug)]
pub struct Agent {
    pub id: NodeId,
    pub nodes: u32,
    pub options: PaxosOptions,
    pub acceptor: Acceptor,
    pub learner: Learner,
    stable: Persistent,
    /// The highest round seen in any ballot: the next ballot this node issues is above it.
    max_round: u64,
    restarted: bool,
    local: VecDeque<Message>,
}

impl Agent {
    pub fn new(
        cluster: &ClusterInfo,
        options: &PaxosOptions,
        persisted: Option<&Persistent>,
    ) -> Self {
        let mut stable = persisted.cloned().unwrap_or_default();
        if options.is(Mutant::ForgetPromiseOnRestart) {
            // Exactly what an acceptor that did not write its promise to disk would do.
            stable.promised = None;
        }
        let mut agent = Agent {
            id: cluster.id,
            nodes: cluster.nodes,
            options: options.clone(),
            acceptor: Acceptor::restore(stable.promised),
            learner: Learner::default(),
            max_round: stable.promised.map_or(0, |b| b.round),
            restarted: persisted.is_some(),
            local: VecDeque::new(),
            stable: Persistent::default(),
        };
        for record in stable.journal.records() {
            match record.clone() {
                Record::Accepted {
                    slot,
                    ballot,
                    value,
                } => {
                    agent.max_round = agent.max_round.max(ballot.round);
                    agent.acceptor.replay(slot, ballot, value);
                }
                Record::Chosen { slot, value } => {
                    agent.learner.learn(slot, value);
                }
            }
        }
        agent.stable = stable;
        agent
    }

    /// The node booted: say what it remembers.
    pub fn on_start<P: Node>(&mut self, out: &mut Out<P>) {
        if self.restarted {
            out.note(Note::Restored {
                promised: self.acceptor.promised(),
                accepted: self.acceptor.accepted().len() as u64,
                chosen: self.learner.upto(),
            });
        }
    }

    /// A majority (§2.2), or the mutant's ⌊n/2⌋, which two disjoint groups can both reach.
    pub fn quorum(&self) -> usize {
        if self.options.is(Mutant::MinorityQuorum) {
            (self.nodes as usize / 2).max(1)
        } else {
            self.nodes as usize / 2 + 1
        }
    }

    pub fn seen(&mut self, ballot: Ballot) {
        self.max_round = self.max_round.max(ballot.round);
    }

    /// A ballot above every ballot this node has seen, its own included.
    pub fn next_ballot(&mut self) -> Ballot {
        self.max_round += 1;
        Ballot::new(self.max_round, self.id)
    }

    pub fn peers(&self) -> impl Iterator<Item = NodeId> + 'static {
        let (me, n) = (self.id, self.nodes);
        (0..n).map(NodeId).filter(move |p| *p != me)
    }

    pub fn send<P: Node>(&mut self, to: NodeId, msg: Message, out: &mut Out<P>) {
        if to == self.id {
            self.local.push_back(msg);
        } else {
            out.send(to, msg);
        }
    }

    /// To every node, this one included (its own message is handled after the current handler).
    pub fn broadcast<P: Node>(&mut self, msg: Message, out: &mut Out<P>) {
        for peer in self.peers() {
            out.send(peer, msg.clone());
        }
        self.local.push_back(msg);
    }

    pub fn next_local(&mut self) -> Option<Message> {
        self.local.pop_front()
    }

    fn persist<P: Node>(&mut self, out: &mut Out<P>) {
        self.stable.promised = self.acceptor.promised();
        out.persist(self.stable.clone());
    }

    /// Phase 1(b).
    pub fn on_prepare<P: Node>(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        from_slot: u64,
        out: &mut Out<P>,
    ) {
        self.seen(ballot);
        let before = self.acceptor.promised();
        match self.acceptor.prepare(ballot, from_slot) {
            Ok(accepted) => {
                if before != Some(ballot) {
                    self.persist(out);
                }
                let highest = accepted.iter().max_by_key(|e| e.ballot).cloned();
                out.note(Note::Promised {
                    ballot,
                    reported: accepted.len() as u64,
                    highest,
                });
                self.send(from, Message::Promise { ballot, accepted }, out);
            }
            Err(promised) => self.send(from, Message::Nack { ballot, promised }, out),
        }
    }

    /// Phase 2(b): accept, persist, then tell every learner.
    pub fn on_accept<P: Node>(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: u64,
        value: Value,
        out: &mut Out<P>,
    ) {
        self.seen(ballot);
        match self.acceptor.accept(ballot, slot, value.clone()) {
            Ok(()) => {
                self.stable.journal.push(Record::Accepted {
                    slot,
                    ballot,
                    value: value.clone(),
                });
                self.persist(out);
                out.note(Note::Accepted {
                    slot,
                    ballot,
                    value: value.clone(),
                    slots: self.acceptor.slots(),
                });
                self.broadcast(
                    Message::Accepted {
                        ballot,
                        slot,
                        value,
                    },
                    out,
                );
            }
            Err(promised) => self.send(from, Message::Nack { ballot, promised }, out),
        }
    }

    /// A learner hears an Accepted; returns the value if it is now learned.
    pub fn on_accepted<P: Node>(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: u64,
        value: &Value,
        out: &mut Out<P>,
    ) -> Option<Value> {
        self.seen(ballot);
        let quorum = self.quorum();
        let mix = self.options.is(Mutant::MixBallots);
        let learned = self
            .learner
            .on_accepted(from, ballot, slot, value, quorum, mix)?;
        self.record_chosen(slot, learned.clone(), out);
        Some(learned)
    }

    /// A learner is told a chosen value (Multi-Paxos catch-up); true if it is new.
    pub fn learn<P: Node>(&mut self, slot: u64, value: Value, out: &mut Out<P>) -> bool {
        if !self.learner.learn(slot, value.clone()) {
            return false;
        }
        self.record_chosen(slot, value, out);
        true
    }

    fn record_chosen<P: Node>(&mut self, slot: u64, value: Value, out: &mut Out<P>) {
        self.stable.journal.push(Record::Chosen {
            slot,
            value: value.clone(),
        });
        self.persist(out);
        out.note(Note::Chosen {
            slot,
            value,
            upto: self.learner.upto(),
        });
    }
}
