//! The Multi-Paxos proposer (*Paxos Made Simple* §3).
//!
//! A new leader runs phase 1 for every slot from the first it does not know chosen. For each slot a promise
//! reported, it must re-propose the value accepted with the highest ballot (P2c, per instance); slots below
//! the highest reported one with no value are gaps, which it fills with no-ops ("it cannot propose new
//! commands … until the gaps are filled", and a no-op "leaves the state unchanged"). Then it proposes client
//! commands in fresh slots with phase 2 only.

use super::MultiPaxos;
use crate::message::{AcceptedEntry, Message, Timer};
use crate::note::Note;
use crate::options::Mutant;
use crate::proposer::Phase;
use crate::value::Value;
use crate::Ballot;
use splitbrain_sim::{ClientOp, ClientResponse, OpId, Out, SimDuration};
use std::collections::BTreeMap;

impl MultiPaxos {
    pub(crate) fn client_request(&mut self, op: OpId, request: &ClientOp, out: &mut Out<Self>) {
        if let Some(done) = self.kv.result(op) {
            out.reply(op, response(done.clone())); // a retry of an operation already applied
            return;
        }
        if self.is_leader() {
            self.propose_op(op, request.clone(), out);
            return;
        }
        let campaigning = self.proposer.phase == Phase::Preparing;
        if self.agent.options.leader_election && !campaigning {
            // A known leader gets the client; with none known, the request waits here for the next
            // heartbeat (or this node's own election), rather than sending the client round in circles.
            if let Some(leader) = self.leader().filter(|l| *l != self.agent.id) {
                out.reply(
                    op,
                    ClientResponse::Redirect {
                        leader: Some(leader),
                    },
                );
            } else if !self.waiting.iter().any(|(o, _)| *o == op) {
                self.waiting.push((op, request.clone()));
            }
            return;
        }
        if !self.waiting.iter().any(|(o, _)| *o == op) {
            self.waiting.push((op, request.clone()));
        }
        if !campaigning && !self.backing_off {
            self.start_round(out);
        }
    }

    /// Phase 1(a) for every slot this node has not learned.
    pub(crate) fn start_round(&mut self, out: &mut Out<Self>) {
        self.backing_off = false;
        let from_slot = self.agent.learner.upto();
        self.proposer.start(&mut self.agent, from_slot, out);
        if !self.agent.options.leader_election {
            let t = SimDuration(self.agent.options.round_timeout_us);
            out.set_timer(Timer::Backoff, t, t);
        }
    }

    /// Phase 1 succeeded: re-propose what the promises reported, fill the gaps, then serve clients.
    pub(crate) fn become_leader(
        &mut self,
        highest: BTreeMap<u64, AcceptedEntry>,
        out: &mut Out<Self>,
    ) {
        let Some(ballot) = self.proposer.ballot else {
            return;
        };
        out.cancel_timer(Timer::Backoff);
        self.leader = Some((self.agent.id, ballot));
        out.note(Note::BecameLeader { ballot });
        self.proposals.clear();
        let from = self.proposer.from_slot;
        let known = self
            .agent
            .learner
            .chosen()
            .keys()
            .next_back()
            .map(|s| s + 1);
        let reported = highest.keys().next_back().map(|s| s + 1);
        if self.agent.options.is(Mutant::IgnoreAcceptedValues) {
            self.next_slot = from; // as if no acceptor had accepted anything
        } else {
            let top = from.max(known.unwrap_or(0)).max(reported.unwrap_or(0));
            for slot in from..top {
                if self.agent.learner.chosen().contains_key(&slot) {
                    continue;
                }
                let value = match highest.get(&slot) {
                    Some(e) => {
                        out.note(Note::Adopted {
                            slot,
                            ballot,
                            from: e.ballot,
                            value: e.value.clone(),
                        });
                        e.value.clone()
                    }
                    None => {
                        out.note(Note::FilledGap { slot, ballot });
                        Value::Noop
                    }
                };
                self.propose(slot, value, out);
            }
            self.next_slot = top;
        }
        // Requests proposed under an earlier ballot may have been lost with it: propose them again (the store
        // applies each operation once, whichever slots it lands in).
        let earlier: Vec<(OpId, ClientOp)> =
            std::mem::take(&mut self.serving).into_iter().collect();
        for (op, request) in earlier.into_iter().chain(std::mem::take(&mut self.waiting)) {
            self.propose_op(op, request, out);
        }
        self.send_heartbeats(out);
        let t = SimDuration(self.agent.options.heartbeat_us);
        out.set_timer(Timer::Heartbeat, t, t);
    }

    fn propose_op(&mut self, op: OpId, request: ClientOp, out: &mut Out<Self>) {
        if self.serving.contains_key(&op) {
            return; // already in flight: the heartbeat re-sends it
        }
        let value = Value::from_op(op, &request);
        self.serving.insert(op, request);
        let slot = self.next_slot;
        self.next_slot += 1;
        self.propose(slot, value, out);
    }

    /// Phase 2(a) for one slot.
    fn propose(&mut self, slot: u64, value: Value, out: &mut Out<Self>) {
        let Some(ballot) = self.proposer.ballot else {
            return;
        };
        self.proposals.insert(slot, (value.clone(), true));
        out.note(Note::Proposed {
            slot,
            ballot,
            value: value.clone(),
        });
        self.agent.broadcast(
            Message::Accept {
                ballot,
                slot,
                value,
            },
            out,
        );
    }

    pub(crate) fn on_heartbeat_timer(&mut self, out: &mut Out<Self>) {
        if !self.is_leader() {
            return;
        }
        self.send_heartbeats(out);
        // Accepts (or their Accepted answers) may have been lost: re-send what is not yet known chosen.
        let Some(ballot) = self.proposer.ballot else {
            return;
        };
        let mut open: Vec<(u64, Value)> = Vec::new();
        for (slot, (value, fresh)) in self.proposals.iter_mut() {
            if !std::mem::take(fresh) {
                open.push((*slot, value.clone()));
            }
        }
        for (slot, value) in open {
            self.agent.broadcast(
                Message::Accept {
                    ballot,
                    slot,
                    value,
                },
                out,
            );
        }
        let t = SimDuration(self.agent.options.heartbeat_us);
        out.set_timer(Timer::Heartbeat, t, t);
    }

    fn send_heartbeats(&mut self, out: &mut Out<Self>) {
        let Some(ballot) = self.proposer.ballot else {
            return;
        };
        if !self.agent.options.leader_election {
            return;
        }
        let chosen = self.agent.learner.upto();
        for peer in self.agent.peers() {
            out.send(peer, Message::Heartbeat { ballot, chosen });
        }
    }

    /// `ballot` was superseded by `by`: stop leading (or campaigning).
    pub(crate) fn stepped_down(&mut self, ballot: Ballot, by: Ballot, out: &mut Out<Self>) {
        out.note(Note::SteppedDown { ballot, by });
        out.cancel_timer(Timer::Heartbeat);
        self.proposals.clear();
        if self.leader.is_some_and(|(n, _)| n == self.agent.id) {
            self.leader = None;
        }
        if self.agent.options.leader_election {
            // Clients go to the node that holds the higher ballot; their operations may still be chosen
            // through it (a retry applies once).
            let leader = Some(by.node).filter(|l| *l != self.agent.id);
            let pending: Vec<OpId> = std::mem::take(&mut self.serving)
                .into_keys()
                .chain(
                    std::mem::take(&mut self.waiting)
                        .into_iter()
                        .map(|(o, _)| o),
                )
                .collect();
            for op in pending {
                out.reply(op, ClientResponse::Redirect { leader });
            }
            self.arm_election(out);
        } else {
            // No election: try again, with a higher ballot, after a randomised backoff.
            self.backing_off = true;
            let o = &self.agent.options;
            let (min, max) = (o.backoff_min_us, o.backoff_max_us);
            out.set_timer(Timer::Backoff, SimDuration(min), SimDuration(max));
        }
    }

    /// Applies every newly contiguous chosen value, in slot order, and answers the clients this node serves.
    pub(crate) fn apply_chosen(&mut self, out: &mut Out<Self>) {
        while let Some(value) = self.agent.learner.chosen().get(&self.applied).cloned() {
            let slot = self.applied;
            let result = self.kv.apply(&value);
            out.note(Note::Applied {
                slot,
                value: value.clone(),
                result: result.clone(),
            });
            if let Some(op) = value.op() {
                if self.serving.remove(&op).is_some() {
                    out.reply(op, response(result));
                }
                self.waiting.retain(|(o, _)| *o != op);
            }
            self.applied += 1;
        }
    }
}

fn response(result: crate::kv::Outcome) -> ClientResponse {
    match result {
        Ok(value) => ClientResponse::Ok { value },
        Err(reason) => ClientResponse::Fail { reason },
    }
}
