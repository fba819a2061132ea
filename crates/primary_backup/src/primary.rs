//! The primary's side (Budhiraja et al. §3): it orders every write by appending it to its log, ships the log
//! to the backups, and answers the client once the replication mode is satisfied: every backup
//! (synchronous), one backup (semi-synchronous), or nobody (asynchronous: the write is shipped later, with
//! the next heartbeat). Reads at the primary wait for a heartbeat round confirmed by a majority in its epoch,
//! so a deposed primary cannot answer one (Raft §8's read index).

use crate::message::{Entry, Message, Timer, Write};
use crate::node::{Peer, PrimaryBackup, Role};
use crate::note::Note;
use crate::options::Replication;
use splitbrain_sim::{ClientResponse, NodeId, Out, SimDuration};

/// At most this many entries per Replicate.
const BATCH: usize = 32;

impl PrimaryBackup {
    pub(crate) fn append(&mut self, write: Option<Write>, out: &mut Out<Self>) {
        let entry = Entry {
            epoch: self.epoch,
            write,
        };
        let index = self.log.len() + 1;
        if let Some(op) = entry.op() {
            self.ops.insert(op, index);
        }
        self.log.push(entry.clone());
        self.persist(out);
        if entry.write.is_some() {
            out.note(Note::Appended { index, entry });
        }
    }

    /// Synchronous modes ship a write at once; asynchronous replication leaves it for the next heartbeat.
    pub(crate) fn after_append(&mut self, out: &mut Out<Self>) {
        if self.opts.replication != Replication::Async {
            self.ship_all(out);
        }
        self.advance_commit(out);
    }

    pub(crate) fn ship(&mut self, to: NodeId, out: &mut Out<Self>) {
        let len = self.log.len();
        let Some(peer) = self.peers.get_mut(&to) else {
            return;
        };
        let next = peer.next.clamp(1, len + 1);
        let entries = self.log.from(next, BATCH);
        peer.next = next + entries.len() as u64;
        let prev_index = next - 1;
        out.send(
            to,
            Message::Replicate {
                epoch: self.epoch,
                prev_index,
                prev_epoch: self.log.epoch_at(prev_index),
                entries,
                commit: self.commit,
                round: self.round,
                last_index: len,
            },
        );
    }

    pub(crate) fn ship_all(&mut self, out: &mut Out<Self>) {
        for to in self.others() {
            self.ship(to, out);
        }
    }

    /// Every heartbeat starts a round and re-sends whatever a backup has not acknowledged.
    pub(crate) fn on_heartbeat_timer(&mut self, out: &mut Out<Self>) {
        if self.role != Role::Primary {
            return;
        }
        self.round += 1;
        for peer in self.peers.values_mut() {
            peer.next = peer.matched + 1;
        }
        self.ship_all(out);
        self.advance_commit(out);
        self.answer_reads(out);
        out.set_timer(
            Timer::Heartbeat,
            SimDuration(self.opts.heartbeat_us),
            SimDuration(self.opts.heartbeat_us),
        );
    }

    pub(crate) fn on_ack(
        &mut self,
        from: NodeId,
        epoch: u64,
        ok: bool,
        matched: u64,
        round: u64,
        out: &mut Out<Self>,
    ) {
        if self.opts.epochs() && epoch > self.epoch {
            self.adopt_epoch(epoch, from, out);
            return;
        }
        if self.role != Role::Primary || epoch != self.epoch {
            return;
        }
        let len = self.log.len();
        let Some(peer) = self.peers.get_mut(&from) else {
            return;
        };
        peer.round = peer.round.max(round);
        if ok {
            peer.matched = peer.matched.max(matched.min(len));
            peer.next = peer.next.max(peer.matched + 1);
        } else {
            peer.next = matched + 1;
            self.ship(from, out);
        }
        self.advance_commit(out);
        self.answer_reads(out);
    }

    /// How many backups must hold an entry before the client hears "ok".
    fn needed(&self) -> usize {
        match self.opts.replication {
            Replication::Sync => self.nodes as usize - 1,
            Replication::SemiSync => 1,
            Replication::Async => 0,
        }
    }

    /// Moves the commit point to the highest entry of this epoch enough backups hold, and answers the
    /// clients whose writes it covers.
    pub(crate) fn advance_commit(&mut self, out: &mut Out<Self>) {
        if self.role != Role::Primary {
            return;
        }
        let needed = self.needed();
        let mut matched: Vec<u64> = self.peers.values().map(|p| p.matched).collect();
        matched.sort_unstable_by(|a, b| b.cmp(a));
        let held = if needed == 0 {
            self.log.len()
        } else {
            matched.get(needed - 1).copied().unwrap_or(0)
        };
        // Only an entry of the primary's own epoch is counted; older ones commit with it (Raft §5.4.2).
        let mut upto = held.min(self.log.len());
        while upto > self.commit && self.log.epoch_at(upto) != self.epoch {
            upto -= 1;
        }
        if upto <= self.commit {
            return;
        }
        self.commit = upto;
        self.apply();
        let mut writes = Vec::new();
        let done: Vec<u64> = self.waiting.range(..=upto).map(|(i, _)| *i).collect();
        for index in done {
            let ops = self.waiting.remove(&index).unwrap_or_default();
            let write = self.log.get(index).and_then(|e| e.write.clone());
            for op in ops {
                out.reply(op, ClientResponse::Ok { value: None });
                if let Some(w) = &write {
                    if w.op == op && !writes.contains(w) {
                        writes.push(w.clone());
                    }
                }
            }
        }
        out.note(Note::Acknowledged { upto, writes });
    }

    /// The latest heartbeat round a majority (this node included) acknowledged in this epoch.
    fn confirmed_round(&self) -> u64 {
        let mut rounds: Vec<u64> = self.peers.values().map(|p| p.round).collect();
        rounds.sort_unstable_by(|a, b| b.cmp(a));
        let others = self.majority() - 1;
        if others == 0 {
            return self.round;
        }
        rounds.get(others - 1).copied().unwrap_or(0)
    }

    pub(crate) fn answer_reads(&mut self, out: &mut Out<Self>) {
        if self.reads.is_empty() || self.role != Role::Primary {
            return;
        }
        let confirmed = self.confirmed_round();
        let commit = self.commit;
        let (ready, wait): (Vec<_>, Vec<_>) = std::mem::take(&mut self.reads)
            .into_iter()
            .partition(|r| r.round <= confirmed && r.need <= commit);
        self.reads = wait;
        for r in ready {
            let value = self.kv.get(&r.key).cloned();
            out.note(Note::Read {
                key: r.key,
                value: value.clone(),
                confirmed: true,
            });
            out.reply(r.op, ClientResponse::Ok { value });
        }
    }

    /// Takes over as primary: at boot (n1 in epoch 1) or after winning a failover, when it appends the
    /// marker of its epoch and starts heartbeating.
    pub(crate) fn become_primary(
        &mut self,
        now: splitbrain_sim::LocalTime,
        initial: bool,
        out: &mut Out<Self>,
    ) {
        self.role = Role::Primary;
        self.primary = Some(self.id);
        self.votes.clear();
        self.denials.clear();
        out.cancel_timer(Timer::FailureDetector);
        out.cancel_timer(Timer::Election);
        if !initial {
            self.append(None, out);
        }
        self.rebuild_ops();
        let next = self.log.len().max(1);
        self.peers = self
            .others()
            .into_iter()
            .map(|n| {
                (
                    n,
                    Peer {
                        matched: 0,
                        next,
                        round: 0,
                    },
                )
            })
            .collect();
        out.note(Note::Promoted {
            epoch: self.epoch,
            len: self.log.len(),
            initial,
        });
        self.round += 1;
        self.ship_all(out);
        out.set_timer(
            Timer::Heartbeat,
            SimDuration(self.opts.heartbeat_us),
            SimDuration(self.opts.heartbeat_us),
        );
        self.release_parked(now, out);
    }

    /// Leaves the primary (or candidate) role: clients still waiting are sent to the new primary.
    pub(crate) fn step_down(
        &mut self,
        by: NodeId,
        was: u64,
        primary: Option<NodeId>,
        out: &mut Out<Self>,
    ) {
        if self.role == Role::Backup {
            return;
        }
        self.role = Role::Backup;
        self.primary = primary;
        for (index, ops) in std::mem::take(&mut self.waiting) {
            let write = self.log.get(index).and_then(|e| e.write.clone());
            for op in ops {
                match &write {
                    Some(w) => {
                        let request = splitbrain_sim::ClientOp::Put {
                            context: None,
                            key: w.key.clone(),
                            value: w.value.clone(),
                        };
                        self.redirect(op, request, out);
                    }
                    None => out.reply(op, ClientResponse::Redirect { leader: primary }),
                }
            }
        }
        for r in std::mem::take(&mut self.reads) {
            self.redirect(r.op, splitbrain_sim::ClientOp::Get { key: r.key }, out);
        }
        self.peers.clear();
        self.votes.clear();
        self.denials.clear();
        out.cancel_timer(Timer::Heartbeat);
        out.cancel_timer(Timer::Election);
        out.note(Note::SteppedDown {
            epoch: self.epoch,
            was,
            by,
        });
        self.arm_failure_detector(out);
    }
}
