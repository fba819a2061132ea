//! Failure detection and failover. A backup that hears no heartbeat for the failure timeout suspects the
//! primary (Budhiraja et al. §3's timeout τ) and asks the others to promote it. What it needs depends on the
//! policy: naive and fencing promote when no reachable node answers "I am more up to date" or "I still hear
//! the primary" within one heartbeat interval; majority needs votes from a majority, given only to a
//! candidate whose log is at least as up to date (Raft §5.2 and §5.4.1), at most one per epoch.
//!
//! Every message carries an epoch; a node that hears of a newer one adopts it and, if it was primary or
//! candidate, steps down (DDIA ch. 8, fencing tokens). In the naive policy there are no epochs, and two
//! primaries that meet settle it by log length.

use crate::message::{Message, Timer};
use crate::node::{PrimaryBackup, Role};
use crate::note::Note;
use crate::options::Failover;
use splitbrain_sim::{LocalTime, NodeId, Out, SimDuration};

impl PrimaryBackup {
    /// Moves to the newer `epoch`, heard from `from`; a primary or candidate steps down.
    pub(crate) fn adopt_epoch(&mut self, epoch: u64, from: NodeId, out: &mut Out<Self>) {
        let was = self.epoch;
        self.epoch = epoch;
        self.voted_for = None;
        self.persist(out);
        if self.role == Role::Backup {
            self.primary = None;
            out.note(Note::NewEpoch { epoch, from });
        } else {
            self.step_down(from, was, None, out);
        }
    }

    pub(crate) fn on_failure_suspected(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        if self.role == Role::Primary {
            return;
        }
        if self.opts.epochs() {
            self.epoch += 1;
            self.voted_for = Some(self.id);
            self.persist(out);
        }
        self.role = Role::Candidate;
        self.primary = None;
        self.votes = [self.id].into();
        self.denials.clear();
        out.note(Note::Candidate {
            epoch: self.epoch,
            last_index: self.log.len(),
        });
        let request = Message::VoteRequest {
            epoch: self.epoch,
            last_index: self.log.len(),
            last_epoch: self.log.last_epoch(),
        };
        for to in self.others() {
            out.send(to, request.clone());
        }
        out.cancel_timer(Timer::FailureDetector);
        let (min, max) = match self.opts.failover {
            Failover::Majority => (
                self.opts.failure_timeout_min_us,
                self.opts.failure_timeout_max_us,
            ),
            _ => (self.opts.heartbeat_us, self.opts.heartbeat_us),
        };
        out.set_timer(Timer::Election, SimDuration(min), SimDuration(max));
    }

    pub(crate) fn on_election_timer(&mut self, now: LocalTime, out: &mut Out<Self>) {
        if self.role != Role::Candidate {
            return;
        }
        if self.opts.failover == Failover::Majority {
            self.on_failure_suspected(now, out); // no majority in time: try again in a newer epoch
        } else if self.denials.is_empty() {
            self.become_primary(now, false, out);
        } else {
            out.note(Note::GaveUp {
                epoch: self.epoch,
                denials: self.denials.len() as u64,
            });
            self.role = Role::Backup;
            self.denials.clear();
            self.votes.clear();
            self.arm_failure_detector(out);
        }
    }

    fn hears_primary(&self, now: LocalTime, candidate: NodeId) -> bool {
        match self.role {
            Role::Primary => true,
            Role::Candidate => false,
            Role::Backup => {
                self.primary.is_some_and(|p| p != candidate)
                    && self.last_heard.is_some_and(|t| {
                        now.0.saturating_sub(t.0) < self.opts.failure_timeout_min_us as i64
                    })
            }
        }
    }

    pub(crate) fn on_vote_request(
        &mut self,
        now: LocalTime,
        from: NodeId,
        epoch: u64,
        last_index: u64,
        last_epoch: u64,
        out: &mut Out<Self>,
    ) {
        let epochs = self.opts.epochs();
        if epochs && epoch < self.epoch {
            out.send(from, Message::Refused { epoch: self.epoch });
            return;
        }
        if self.hears_primary(now, from) {
            // The primary is alive as far as this node can tell: no failover (and no epoch change).
            out.send(
                from,
                Message::Vote {
                    epoch,
                    granted: false,
                },
            );
            return;
        }
        if epochs && epoch > self.epoch {
            self.adopt_epoch(epoch, from, out);
        }
        let theirs = (last_epoch, last_index);
        let mine = (self.log.last_epoch(), self.log.len());
        let granted = if epochs {
            theirs >= mine && self.voted_for.is_none_or(|v| v == from)
        } else {
            theirs > mine || (theirs == mine && (self.role != Role::Candidate || from < self.id))
        };
        if granted {
            if epochs {
                self.voted_for = Some(from);
                self.persist(out);
            }
            out.note(Note::Voted {
                epoch: self.epoch,
                candidate: from,
            });
            if self.role == Role::Backup {
                self.arm_failure_detector(out);
            }
        } else {
            out.note(Note::Denied {
                epoch: self.epoch,
                candidate: from,
                stale_log: theirs < mine,
            });
        }
        out.send(
            from,
            Message::Vote {
                epoch: self.epoch,
                granted,
            },
        );
    }

    pub(crate) fn on_vote(
        &mut self,
        now: LocalTime,
        from: NodeId,
        epoch: u64,
        granted: bool,
        out: &mut Out<Self>,
    ) {
        if self.opts.epochs() && epoch > self.epoch {
            self.adopt_epoch(epoch, from, out);
            return;
        }
        if self.role != Role::Candidate || epoch != self.epoch {
            return;
        }
        if granted {
            self.votes.insert(from);
        } else {
            self.denials.insert(from);
        }
        let promote = match self.opts.failover {
            Failover::Majority => self.votes.len() >= self.majority(),
            _ => self.votes.len() == self.nodes as usize,
        };
        if promote {
            self.become_primary(now, false, out);
        }
    }
}
