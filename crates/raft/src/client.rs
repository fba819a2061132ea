//! Client requests: redirects from non-leaders, writes through the log, and the four ways to serve a read
//! (`ReadMode`). Pending requests of a leader that steps down are answered with a redirect.

use crate::leader::PendingRead;
use crate::log::{Command, Entry};
use crate::note::Note;
use crate::options::ReadMode;
use crate::{Raft, Role};
use splitbrain_sim::{ClientOp, ClientResponse, LocalTime, OpId, Out, SimDuration};

impl Raft {
    pub(crate) fn client_request(
        &mut self,
        now: LocalTime,
        op: OpId,
        request: &ClientOp,
        out: &mut Out<Self>,
    ) {
        if self.role != Role::Leader {
            out.reply(
                op,
                ClientResponse::Redirect {
                    leader: self.leader_id,
                },
            );
            return;
        }
        match request {
            ClientOp::Put { key, value, .. } => {
                let command = Command::Put {
                    key: key.clone(),
                    value: value.clone(),
                    op,
                };
                self.propose(now, op, command, out);
            }
            ClientOp::Get { key } => self.read(now, op, key, out),
            // The engine refuses operations outside `CLIENT_OPS` before they reach a node; answer anyway
            // rather than trust that.
            ClientOp::Cas { .. }
            | ClientOp::Txn { .. }
            | ClientOp::Send { .. }
            | ClientOp::Increment { .. }
            | ClientOp::Decrement { .. }
            | ClientOp::Add { .. }
            | ClientOp::Remove { .. } => out.reply(
                op,
                ClientResponse::Fail {
                    reason: "this Raft store serves put and get only".into(),
                },
            ),
        }
    }

    /// Appends a client command and starts replicating it; the client is answered when it is applied.
    fn propose(&mut self, now: LocalTime, op: OpId, command: Command, out: &mut Out<Self>) {
        let index = self.append_as_leader(command, out);
        let leader = self.leader.as_mut().expect("only leaders propose");
        leader.pending.insert(index, op);
        // Followers that are caught up get the new entry now; lagging ones get it as they catch up.
        let caught_up: Vec<_> = leader
            .next_index
            .iter()
            .filter(|(_, n)| **n == index)
            .map(|(p, _)| *p)
            .collect();
        for peer in caught_up {
            self.send_append_entries(peer, out);
        }
        self.advance_commit_index(now, out);
    }

    fn read(&mut self, now: LocalTime, op: OpId, key: &str, out: &mut Out<Self>) {
        let mode = self.options.effective_read_mode();
        match mode {
            ReadMode::Log => {
                let command = Command::Get {
                    key: key.to_string(),
                    op,
                };
                self.propose(now, op, command, out);
            }
            // The teaching point: a leader cut off in a minority still believes it leads, and answers from
            // state that a new leader elsewhere may already have overwritten.
            ReadMode::UnsafeLocal => self.serve_read(op, key, mode, out),
            ReadMode::Lease if self.lease_valid(now) && self.committed_in_current_term() => {
                self.serve_read(op, key, mode, out)
            }
            // ReadIndex, or a lease that has run out: confirm leadership with a heartbeat round first.
            ReadMode::Lease | ReadMode::ReadIndex => {
                let read_index = self
                    .committed_in_current_term()
                    .then_some(self.commit_index);
                let leader = self.leader.as_mut().expect("only leaders read");
                leader.reads.push(PendingRead {
                    op,
                    key: key.to_string(),
                    read_index,
                    seq: leader.seq + 1,
                    mode,
                });
                if read_index.is_some() {
                    self.broadcast_append_entries(now, out);
                }
            }
        }
    }

    /// A leader knows the latest commit index only once it has committed an entry of its own term (§6.4):
    /// before that, entries committed by its predecessor may not be marked committed in its log yet.
    fn committed_in_current_term(&self) -> bool {
        self.log.term_at(self.commit_index) == Some(self.current_term)
    }

    fn lease_valid(&self, now: LocalTime) -> bool {
        self.leader
            .as_ref()
            .and_then(|l| l.lease_expires)
            .is_some_and(|t| now < t)
    }

    fn serve_read(&mut self, op: OpId, key: &str, mode: ReadMode, out: &mut Out<Self>) {
        let value = self.kv.get(key);
        out.note(Note::ReadServed {
            key: key.to_string(),
            value: value.clone(),
            mode,
        });
        out.reply(op, ClientResponse::Ok { value });
    }

    /// An entry was applied: answer the client that proposed it, if this leader is still waiting for it.
    pub(crate) fn answer_applied(
        &mut self,
        index: u64,
        entry: &Entry,
        result: Option<String>,
        out: &mut Out<Self>,
    ) {
        let Some(leader) = self.leader.as_mut() else {
            return;
        };
        let Some(op) = leader.pending.remove(&index) else {
            return;
        };
        if let Command::Get { key, .. } = &entry.command {
            out.note(Note::ReadServed {
                key: key.clone(),
                value: result.clone(),
                mode: ReadMode::Log,
            });
        }
        out.reply(op, ClientResponse::Ok { value: result });
    }

    /// Called whenever a heartbeat round may have been confirmed or more entries applied: extends the lease,
    /// gives waiting reads their read index, and serves the reads that are now safe.
    pub(crate) fn on_round_progress(&mut self, now: LocalTime, out: &mut Out<Self>) {
        let majority = self.majority();
        let committed_in_term = self.committed_in_current_term();
        let (commit_index, last_applied) = (self.commit_index, self.last_applied);
        let lease_us = SimDuration(self.options.election_timeout_min_us);
        let Some(leader) = self.leader.as_mut() else {
            return;
        };
        let confirmed = leader.confirmed_seq(majority);
        // Everyone who answered round `confirmed` reset their election timer after it began, so no other
        // leader can be elected before `start + election_timeout_min` — as measured by this leader's clock,
        // which is exactly where clock drift makes leases unsafe.
        if let Some(start) = leader.round_started.get(&confirmed).copied() {
            let until = start.plus(lease_us);
            if leader.lease_expires.is_none_or(|t| t < until) {
                leader.lease_expires = Some(until);
            }
        }
        leader.round_started = leader.round_started.split_off(&confirmed);
        let mut new_round = false;
        if committed_in_term {
            for read in leader.reads.iter_mut().filter(|r| r.read_index.is_none()) {
                read.read_index = Some(commit_index);
                read.seq = leader.seq + 1;
                new_round = true;
            }
        }
        let (ready, waiting): (Vec<PendingRead>, Vec<PendingRead>) =
            std::mem::take(&mut leader.reads)
                .into_iter()
                .partition(|r| {
                    r.seq <= confirmed && r.read_index.is_some_and(|i| i <= last_applied)
                });
        leader.reads = waiting;
        for read in ready {
            self.serve_read(read.op, &read.key, read.mode, out);
        }
        if new_round {
            self.broadcast_append_entries(now, out);
        }
    }

    /// A leader stepping down cannot promise anything about its pending requests: the client should ask the
    /// new leader (which may or may not have the entry — the client cannot tell, which is why §8 dedupes).
    pub(crate) fn fail_pending_requests(&mut self, out: &mut Out<Self>) {
        let Some(leader) = self.leader.as_mut() else {
            return;
        };
        let leader_id = self.leader_id.filter(|l| *l != self.id);
        let ops: Vec<OpId> = std::mem::take(&mut leader.pending)
            .into_values()
            .chain(std::mem::take(&mut leader.reads).into_iter().map(|r| r.op))
            .collect();
        for op in ops {
            out.reply(op, ClientResponse::Redirect { leader: leader_id });
        }
    }
}
