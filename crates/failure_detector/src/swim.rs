//! SWIM (Das, Gupta & Motivala, *SWIM: Scalable Weakly-consistent Infection-style Process Group
//! Membership Protocol*, DSN 2002).
//!
//! - §3.1 failure detection: each protocol period, Ping one member; no Ack within the ping timeout → PingReq
//!   to `k` members chosen at random, who Ping it and relay its Ack; no Ack by the period's end → suspect.
//! - §4.3 round-robin probe selection over a list shuffled anew after each pass (time-bounded
//!   completeness: every member is probed by every other within 2(n−1) periods).
//! - §4.2 the suspicion mechanism: Suspect(m, i) → Confirm (here "dead") after the suspicion timeout unless
//!   m refutes with Alive(m, i′ > i); the precedence rules between Alive, Suspect and Confirm by incarnation.
//! - §4.1 dissemination: updates piggybacked on Ping, Ack and PingReq, each sent λ·⌈log₂(n+1)⌉ times,
//!   the least-sent first.
//!
//! Two rules from later practice (HashiCorp's memberlist), so that a partition's false verdicts heal: a
//! Confirm is overridden by an Alive of a higher incarnation (the paper removes the member for good and
//! leaves rejoining to a join protocol this lab does not model), and dead members stay in the probe list;
//! a message to a member believed suspect or dead always carries that verdict, so the accused hears of it
//! and refutes.

use crate::message::{Message, Status, Timer, Update};
use crate::node::{FailureDetector, Probe};
use crate::note::{Cause, Note};
use crate::options::Mutant;
use splitbrain_sim::{NodeId, Out, SimDuration};

/// At most this many updates ride on one message.
pub const MAX_PIGGYBACK: usize = 6;
/// At most this many relayed pings are remembered (older ones are forgotten: their Ack is late anyway).
const MAX_RELAYS: usize = 32;

impl FailureDetector {
    pub(crate) fn swim_start(&mut self, out: &mut Out<Self>) {
        for n in 0..self.nodes as usize {
            self.peers[n].status = Some(Status::Alive);
        }
        // A restarted node took a new incarnation in `new` (above any verdict on its previous life):
        // persist it before anything is sent, and announce it.
        out.persist(self.incarnation);
        if self.incarnation > 0 {
            self.queue(Update {
                member: self.id,
                status: Status::Alive,
                incarnation: self.incarnation,
            });
        }
        if self.nodes > 1 {
            // A random phase, so the members do not all probe in lockstep.
            let period = SimDuration::from_millis(self.options.period_ms);
            out.set_timer(Timer::Period, SimDuration(1), period);
        }
    }

    fn retransmits(&self) -> u32 {
        let log =
            32 - (self.nodes + 1).leading_zeros() - u32::from((self.nodes + 1).is_power_of_two());
        self.options.retransmit_mult * log.max(1)
    }

    /// Puts an update in the dissemination buffer, replacing any older one about the same member.
    pub(crate) fn queue(&mut self, u: Update) {
        self.gossip.retain(|(g, _)| g.member != u.member);
        self.gossip.push((u, 0));
    }

    /// The updates to piggyback on a message to `to`: the least-sent ones, plus `to`'s own verdict if this
    /// node suspects it (so the accused can refute).
    fn piggyback(&mut self, to: NodeId) -> Vec<Update> {
        self.gossip.sort_by_key(|(_, sent)| *sent);
        let mut updates = Vec::new();
        for (u, sent) in self.gossip.iter_mut().take(MAX_PIGGYBACK) {
            *sent += 1;
            updates.push(*u);
        }
        let limit = self.retransmits();
        self.gossip.retain(|(_, sent)| *sent < limit);
        let peer = &self.peers[to.index()];
        if let Some(status @ (Status::Suspect | Status::Dead)) = peer.status {
            if !updates.iter().any(|u| u.member == to) {
                updates.push(Update {
                    member: to,
                    status,
                    incarnation: peer.incarnation,
                });
            }
        }
        updates
    }

    fn next_target(&mut self, out: &mut Out<Self>) -> NodeId {
        if self.next >= self.order.len() {
            self.order = self.others().collect();
            for i in (1..self.order.len()).rev() {
                let j = out.random_below(i as u64 + 1) as usize;
                self.order.swap(i, j);
            }
            self.next = 0;
        }
        self.next += 1;
        self.order[self.next - 1]
    }

    /// The period ends: a probe that got no Ack, direct or indirect, makes its target suspected; then the
    /// next member is probed.
    pub(crate) fn on_period(&mut self, out: &mut Out<Self>) {
        if self.nodes < 2 {
            return;
        }
        if let Some(p) = self.probe.take() {
            if !p.acked {
                self.suspect(p.target, Cause::Probe, out);
            }
        }
        let target = self.next_target(out);
        self.seq += 1;
        self.probe = Some(Probe {
            seq: self.seq,
            target,
            acked: false,
            indirect: false,
        });
        let updates = self.piggyback(target);
        out.send(
            target,
            Message::Ping {
                seq: self.seq,
                updates,
            },
        );
        let period = SimDuration::from_millis(self.options.period_ms);
        out.set_timer(Timer::Period, period, period);
        let wait = SimDuration::from_millis(self.options.ping_timeout_ms);
        out.set_timer(Timer::AckTimeout, wait, wait);
    }

    pub(crate) fn on_ack_timeout(&mut self, out: &mut Out<Self>) {
        let Some(probe) = self.probe.filter(|p| !p.acked && !p.indirect) else {
            return;
        };
        let mut candidates: Vec<NodeId> = self
            .others()
            .filter(|n| *n != probe.target && self.peers[n.index()].status != Some(Status::Dead))
            .collect();
        let k = (self.options.indirect_probes as usize).min(candidates.len());
        for i in 0..k {
            let j = i + out.random_below((candidates.len() - i) as u64) as usize;
            candidates.swap(i, j);
        }
        candidates.truncate(k);
        if let Some(p) = self.probe.as_mut() {
            p.indirect = true;
        }
        if candidates.is_empty() {
            return;
        }
        for h in &candidates {
            let updates = self.piggyback(*h);
            out.send(
                *h,
                Message::PingReq {
                    seq: probe.seq,
                    target: probe.target,
                    updates,
                },
            );
        }
        out.note(Note::IndirectProbe {
            target: probe.target,
            helpers: candidates,
        });
    }

    pub(crate) fn on_ping(
        &mut self,
        from: NodeId,
        seq: u64,
        updates: &[Update],
        out: &mut Out<Self>,
    ) {
        self.apply(from, updates, out);
        let updates = self.piggyback(from);
        out.send(
            from,
            Message::Ack {
                seq,
                member: self.id,
                updates,
            },
        );
    }

    pub(crate) fn on_ping_req(
        &mut self,
        from: NodeId,
        seq: u64,
        target: NodeId,
        updates: &[Update],
        out: &mut Out<Self>,
    ) {
        self.apply(from, updates, out);
        if target == self.id || target.0 >= self.nodes {
            return;
        }
        self.seq += 1;
        self.relays.insert(self.seq, (from, seq, target));
        while self.relays.len() > MAX_RELAYS {
            self.relays.pop_first();
        }
        let updates = self.piggyback(target);
        out.send(
            target,
            Message::Ping {
                seq: self.seq,
                updates,
            },
        );
    }

    pub(crate) fn on_ack(
        &mut self,
        from: NodeId,
        seq: u64,
        member: NodeId,
        updates: &[Update],
        out: &mut Out<Self>,
    ) {
        self.apply(from, updates, out);
        if let Some((origin, origin_seq, target)) = self.relays.get(&seq).copied() {
            if target == from && member == from {
                self.relays.remove(&seq);
                let updates = self.piggyback(origin);
                out.send(
                    origin,
                    Message::Ack {
                        seq: origin_seq,
                        member,
                        updates,
                    },
                );
                return;
            }
        }
        let Some(probe) = self.probe.as_mut() else {
            return;
        };
        if probe.seq == seq && probe.target == member && !probe.acked {
            probe.acked = true;
            out.cancel_timer(Timer::AckTimeout);
            if from != member {
                out.note(Note::IndirectAck {
                    target: member,
                    via: from,
                });
            }
        }
    }

    /// This node's own verdict: `member` failed its probe.
    fn suspect(&mut self, member: NodeId, cause: Cause, out: &mut Out<Self>) {
        let peer = &mut self.peers[member.index()];
        if peer.status != Some(Status::Alive) {
            return;
        }
        peer.status = Some(Status::Suspect);
        let incarnation = peer.incarnation;
        self.mark(member, true, incarnation, cause, out);
        self.queue(Update {
            member,
            status: Status::Suspect,
            incarnation,
        });
        let d = SimDuration::from_millis(self.options.suspicion_timeout_ms);
        out.set_timer(Timer::Suspicion { member }, d, d);
    }

    /// Records a change of the suspected flag, with its note.
    fn mark(
        &mut self,
        member: NodeId,
        suspected: bool,
        incarnation: u64,
        cause: Cause,
        out: &mut Out<Self>,
    ) {
        let peer = &mut self.peers[member.index()];
        if peer.suspected == suspected {
            return;
        }
        peer.suspected = suspected;
        if suspected {
            out.note(Note::Suspect {
                member,
                incarnation,
                cause,
            });
        } else {
            out.note(Note::Trust {
                member,
                incarnation,
                silent_ms: 0,
            });
        }
    }

    pub(crate) fn on_suspicion_timeout(&mut self, member: NodeId, out: &mut Out<Self>) {
        let Some(peer) = self.peers.get_mut(member.index()) else {
            return;
        };
        if peer.status != Some(Status::Suspect) {
            return;
        }
        peer.status = Some(Status::Dead);
        let incarnation = peer.incarnation;
        out.note(Note::Dead {
            member,
            incarnation,
            from: None,
        });
        self.queue(Update {
            member,
            status: Status::Dead,
            incarnation,
        });
    }

    /// Applies piggybacked updates by SWIM's precedence rules (§4.2): Alive(i) beats anything at a lower
    /// incarnation; Suspect(i) beats Alive(j ≤ i) and Suspect or Dead (j < i); Dead(i) beats Alive and
    /// Suspect (j ≤ i) and Dead (j < i). An update about oneself that is not Alive is refuted.
    fn apply(&mut self, from: NodeId, updates: &[Update], out: &mut Out<Self>) {
        for u in updates {
            if u.member.0 >= self.nodes {
                continue;
            }
            if u.member == self.id {
                self.refute(u, out);
                continue;
            }
            let peer = &self.peers[u.member.index()];
            let (status, known) = (peer.status.unwrap_or(Status::Alive), peer.incarnation);
            let newer = u.incarnation > known;
            let same = u.incarnation == known;
            let wins = match u.status {
                Status::Alive => newer,
                Status::Suspect => newer || (same && status == Status::Alive),
                Status::Dead => newer || (same && status != Status::Dead),
            };
            if !wins {
                continue;
            }
            let peer = &mut self.peers[u.member.index()];
            peer.status = Some(u.status);
            peer.incarnation = u.incarnation;
            self.queue(*u);
            match u.status {
                Status::Alive => {
                    out.cancel_timer(Timer::Suspicion { member: u.member });
                    self.mark(u.member, false, u.incarnation, Cause::Gossip { from }, out);
                }
                Status::Suspect => {
                    self.mark(u.member, true, u.incarnation, Cause::Gossip { from }, out);
                    let d = SimDuration::from_millis(self.options.suspicion_timeout_ms);
                    out.set_timer(Timer::Suspicion { member: u.member }, d, d);
                }
                Status::Dead => {
                    out.cancel_timer(Timer::Suspicion { member: u.member });
                    self.mark(u.member, true, u.incarnation, Cause::Gossip { from }, out);
                    out.note(Note::Dead {
                        member: u.member,
                        incarnation: u.incarnation,
                        from: Some(from),
                    });
                }
            }
        }
    }

    /// Someone says this node is suspect or dead: it answers Alive at a higher incarnation (or repeats its
    /// current one, if the accusation is already stale).
    fn refute(&mut self, u: &Update, out: &mut Out<Self>) {
        if u.status == Status::Alive || self.options.mutant == Mutant::NoIncarnation {
            return;
        }
        if u.incarnation >= self.incarnation {
            let accused = u.incarnation;
            self.incarnation = accused + 1;
            out.persist(self.incarnation);
            out.note(Note::Refute {
                accused,
                incarnation: self.incarnation,
            });
        }
        if !self
            .gossip
            .iter()
            .any(|(g, _)| g.member == self.id && g.incarnation == self.incarnation)
        {
            self.queue(Update {
                member: self.id,
                status: Status::Alive,
                incarnation: self.incarnation,
            });
        }
    }
}
