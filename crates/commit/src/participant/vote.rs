//! How a participant votes (Gray 1978 §5.8.3; Bernstein, Hadzilacos & Goodman §7.3). It takes every lock
//! a transaction needs before voting yes (strict two-phase locking: held until the decision, so no one
//! reads or overwrites a key whose outcome is still open), waits for them up to `lock_wait_us`, or votes no.
//! A yes is logged "prepared" before it is sent (write-ahead: a participant that forgot its yes in a crash
//! could abort what the coordinator committed); a no is logged too, so a duplicate VoteRequest after a
//! crash is not answered yes. Until its yes it may abort at any time; after it, it is in doubt
//! (`termination.rs`).

use super::{PTxn, Participant, TxnState, REFUSED_VALUE};
use crate::message::{Message, Timer, TxnId};
use crate::note::{NoReason, Note};
use crate::persist::Record;
use crate::shard::COORDINATOR;
use crate::TwoPhaseCommit;
use splitbrain_sim::{LocalTime, NodeId, Out, SimDuration};
use std::collections::BTreeMap;

impl Participant {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn on_vote_request(
        &mut self,
        now: LocalTime,
        txn: TxnId,
        writes: BTreeMap<String, String>,
        reads: Vec<String>,
        participants: Vec<NodeId>,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        if let Some(t) = self.txns.get(&txn) {
            // A duplicate or a retry: repeat the vote already given.
            match t.state {
                TxnState::Prepared | TxnState::PreCommitted => {
                    let reads = t.read_values.clone();
                    out.send(
                        COORDINATOR,
                        Message::Vote {
                            txn,
                            yes: true,
                            reads,
                        },
                    );
                }
                TxnState::Aborted => out.send(COORDINATOR, no_vote(txn)),
                TxnState::Working | TxnState::Committed => {}
            }
            return;
        }
        self.txns.insert(
            txn,
            PTxn {
                state: TxnState::Working,
                writes,
                reads,
                read_values: Vec::new(),
                participants,
                since: now,
                recovering: false,
                answers: BTreeMap::new(),
                backup_committing: false,
            },
        );
        let t = &self.txns[&txn];
        if let Some((key, _)) = t.writes.iter().find(|(_, v)| v.as_str() == REFUSED_VALUE) {
            let reason = NoReason::Refused { key: key.clone() };
            self.vote_no(now, txn, reason, out);
            return;
        }
        let blockers = self.blockers(txn);
        if blockers.is_empty() {
            self.prepare(now, txn, out);
        } else if self.options.lock_wait_us == 0 {
            let (key, holder) = blockers[0].clone();
            self.vote_no(now, txn, NoReason::Conflict { key, holder }, out);
        } else {
            self.waiting.push(txn);
            let w = self.options.lock_wait_us;
            out.set_timer(Timer::LockWait { txn }, SimDuration(w), SimDuration(w));
            let pressing = self.pressing();
            out.note(Note::Waiting {
                txn,
                behind: blockers,
                pressing,
            });
        }
    }

    pub(super) fn blockers(&self, txn: TxnId) -> Vec<(String, TxnId)> {
        let t = &self.txns[&txn];
        let writes: Vec<&str> = t.writes.keys().map(String::as_str).collect();
        let reads: Vec<&str> = t.reads.iter().map(String::as_str).collect();
        self.locks.blockers(txn, &writes, &reads)
    }

    /// Locks taken: log "prepared", then vote yes. From here on the participant is in doubt.
    fn prepare(&mut self, now: LocalTime, txn: TxnId, out: &mut Out<TwoPhaseCommit>) {
        let t = self.txns.get_mut(&txn).expect("known");
        let writes: Vec<&str> = t.writes.keys().map(String::as_str).collect();
        let reads: Vec<&str> = t.reads.iter().map(String::as_str).collect();
        self.locks.grant(txn, &writes, &reads);
        t.read_values = t
            .reads
            .iter()
            .map(|k| (k.clone(), self.store.get(k).cloned()))
            .collect();
        t.state = TxnState::Prepared;
        t.since = now;
        let record = Record::Prepared {
            txn,
            writes: t.writes.clone(),
            reads: t.reads.clone(),
            read_values: t.read_values.clone(),
            participants: t.participants.clone(),
        };
        let reads = t.read_values.clone();
        self.log(record, out);
        out.send(
            COORDINATOR,
            Message::Vote {
                txn,
                yes: true,
                reads: reads.clone(),
            },
        );
        out.cancel_timer(Timer::LockWait { txn });
        let locks = self.locks.held_by(txn);
        let pressing = self.pressing();
        out.note(Note::Prepared {
            txn,
            locks,
            reads,
            pressing,
        });
        self.arm_ring(out);
    }

    /// VOTE-ABORT: allowed at any time before voting yes; the transaction is over here.
    pub(super) fn vote_no(
        &mut self,
        now: LocalTime,
        txn: TxnId,
        reason: NoReason,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        if let Some(t) = self.txns.get_mut(&txn) {
            t.state = TxnState::Aborted;
            t.since = now;
        }
        // The no vote is logged: after a crash, a duplicate VoteRequest must not be answered yes.
        self.log(Record::Aborted { txn }, out);
        self.waiting.retain(|w| *w != txn);
        out.cancel_timer(Timer::LockWait { txn });
        out.send(COORDINATOR, no_vote(txn));
        let pressing = self.pressing();
        out.note(Note::VotedNo {
            txn,
            reason,
            pressing,
        });
    }

    /// Locks were released: every waiting transaction that can now take all its locks prepares.
    pub(crate) fn wake_waiters(&mut self, now: LocalTime, out: &mut Out<TwoPhaseCommit>) {
        for txn in self.waiting.clone() {
            if self.blockers(txn).is_empty() {
                self.waiting.retain(|w| *w != txn);
                self.prepare(now, txn, out);
            }
        }
    }
}

fn no_vote(txn: TxnId) -> Message {
    Message::Vote {
        txn,
        yes: false,
        reads: Vec::new(),
    }
}
