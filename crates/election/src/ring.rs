//! The ring algorithm: Chang & Roberts, *An improved algorithm for decentralized extrema-finding in
//! circular configurations of processes*, CACM 22(5), 1979. An Election message carries the highest id
//! seen round the logical ring (ids in order, wrapping); a participant swallows lower candidates; the node
//! that receives its own id back is elected and sends an Elected message round. As in Tanenbaum & van
//! Steen (*Distributed Systems*, §6.5.2), each hop is acknowledged and a successor that does not answer
//! within the hop timeout is skipped, so the ring routes round crashed and partitioned nodes.

use crate::message::{Message, Timer};
use crate::node::{Election, Role};
use crate::note::Note;
use splitbrain_sim::{NodeId, Out, SimDuration};

impl Election {
    fn successor(&self, of: NodeId) -> NodeId {
        NodeId((of.0 + 1) % self.nodes)
    }

    /// Sends a ring message to the successor, remembering it until acknowledged.
    pub(crate) fn send_round(&mut self, msg: Message, out: &mut Out<Self>) {
        let to = self.successor(self.id);
        if to == self.id {
            return;
        }
        self.send_hop(msg, to, out);
    }

    fn send_hop(&mut self, msg: Message, to: NodeId, out: &mut Out<Self>) {
        self.next_hop += 1;
        let hop = self.next_hop;
        let msg = match msg {
            Message::RingElection {
                election,
                candidate,
                ..
            } => Message::RingElection {
                election,
                candidate,
                hop,
            },
            Message::Elected {
                election, leader, ..
            } => Message::Elected {
                election,
                leader,
                hop,
            },
            other => other,
        };
        out.send(to, msg.clone());
        self.hops.insert(hop, (msg, to));
        let d = SimDuration(self.options.hop_timeout_us);
        out.set_timer(Timer::HopTimeout { hop }, d, d);
    }

    pub(crate) fn ring_call(&mut self, election: u64, out: &mut Out<Self>) {
        self.best = Some(self.id);
        let msg = Message::RingElection {
            election,
            candidate: self.id,
            hop: 0,
        };
        if self.successor(self.id) == self.id {
            self.become_leader(election, out);
        } else {
            self.send_round(msg, out);
        }
    }

    /// The successor did not acknowledge: skip it. A node that has skipped every other node is alone in
    /// its part of the ring and leads it.
    pub(crate) fn ring_on_hop_timeout(&mut self, hop: u64, out: &mut Out<Self>) {
        let Some((msg, dead)) = self.hops.remove(&hop) else {
            return;
        };
        let to = self.successor(dead);
        if to == self.id {
            if let Message::RingElection { election, .. } = msg {
                if election == self.election && self.led != Some(election) {
                    self.become_leader(election, out);
                }
            }
            return;
        }
        out.note(Note::Skipped { skipped: dead, to });
        self.send_hop(msg, to, out);
    }

    pub(crate) fn ring_on_election(
        &mut self,
        election: u64,
        candidate: NodeId,
        out: &mut Out<Self>,
    ) {
        if election < self.election {
            return;
        }
        if election > self.election {
            self.adopt(election, out);
            self.best = None;
        }
        let forward = |candidate| Message::RingElection {
            election,
            candidate,
            hop: 0,
        };
        if candidate == self.id {
            if self.led != Some(election) {
                self.become_leader(election, out);
                self.send_round(
                    Message::Elected {
                        election,
                        leader: self.id,
                        hop: 0,
                    },
                    out,
                );
            }
            return;
        }
        let best = candidate.max(self.id);
        if self.best >= Some(best) {
            return;
        }
        self.best = Some(best);
        if self.role == Role::Leader && best == self.id {
            // A leader that outranks the candidate keeps leading (and heartbeating, so nobody times out
            // while the round travels) and sends its own candidacy on, which will come back to it.
            self.send_round(forward(best), out);
            return;
        }
        if self.role != Role::Electing {
            out.note(Note::Joined { election });
        }
        self.role = Role::Electing;
        self.leader = None;
        out.cancel_timer(Timer::Heartbeat);
        self.arm_leader_timeout(out);
        self.send_round(forward(best), out);
    }

    pub(crate) fn ring_on_elected(&mut self, election: u64, leader: NodeId, out: &mut Out<Self>) {
        if leader == self.id || election < self.election {
            return;
        }
        self.follow(leader, election, out);
        self.send_round(
            Message::Elected {
                election,
                leader,
                hop: 0,
            },
            out,
        );
    }
}
