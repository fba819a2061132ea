//! How an in-doubt participant gets its decision.
//!
//! - Recovery (Gray 1978 §5.8.3): after a restart, the log's "prepared" records put the participant back
//!   in doubt with its locks; it asks the coordinator at once.
//! - The decision timeout (the ring): while in doubt it asks again every `decision_timeout_us`. It may not
//!   abort: it voted yes, and the coordinator may have decided commit (the blocking problem; Gray & Lamport
//!   2006 §4).
//! - Cooperative termination (Bernstein, Hadzilacos & Goodman §7.4): it asks the other participants too. A
//!   peer that knows the outcome tells it; a peer that has not voted aborts and says so; a peer in doubt
//!   cannot help. If every peer is in doubt, it stays blocked.
//! - Three-phase commit's termination protocol (Skeen 1981 §5): when the coordinator gives no answer, the
//!   participant decides from the states it collected: any decided → that outcome; any pre-committed →
//!   commit (after sending PreCommit to the uncertain); all uncertain → abort. Someone silent is taken to
//!   have crashed, which is only true with reliable failure detection: under a partition, each side decides
//!   on its own. A participant that restarted in doubt decides only with an answer from everyone.

use super::{PTxn, Participant, TxnState};
use crate::message::{Message, Outcome, Status, Timer, TxnId};
use crate::note::Note;
use crate::options::Mutant;
use crate::persist::Record;
use crate::shard::COORDINATOR;
use crate::TwoPhaseCommit;
use splitbrain_sim::{LocalTime, NodeId, Out, SimDuration};
use std::collections::BTreeMap;

impl Participant {
    /// Rebuilds the store, the in-doubt transactions and their locks from the log.
    pub(super) fn replay(&mut self) {
        let records: Vec<Record> = self.journal.records().cloned().collect();
        for r in records {
            match r {
                Record::Prepared {
                    txn,
                    writes,
                    reads,
                    read_values,
                    participants,
                } => {
                    self.txns.insert(
                        txn,
                        PTxn {
                            state: TxnState::Prepared,
                            writes,
                            reads,
                            read_values,
                            participants,
                            since: LocalTime(0),
                            recovering: true,
                            answers: BTreeMap::new(),
                            backup_committing: false,
                        },
                    );
                }
                Record::PreCommitted { txn } => self.set_state(txn, TxnState::PreCommitted),
                Record::Committed { txn } => {
                    if let Some(t) = self.txns.get(&txn) {
                        for (k, v) in &t.writes {
                            self.store.insert(k.clone(), v.clone());
                        }
                        self.committed += 1;
                    }
                    self.set_state(txn, TxnState::Committed);
                }
                Record::Aborted { txn } => self.set_state(txn, TxnState::Aborted),
                _ => {}
            }
        }
        for (txn, t) in &self.txns {
            if t.state.in_doubt() {
                let writes: Vec<&str> = t.writes.keys().map(String::as_str).collect();
                let reads: Vec<&str> = t.reads.iter().map(String::as_str).collect();
                self.locks.grant(*txn, &writes, &reads);
            }
        }
    }

    fn set_state(&mut self, txn: TxnId, state: TxnState) {
        if let Some(t) = self.txns.get_mut(&txn) {
            t.state = state;
        }
    }

    pub fn in_doubt(&self) -> Vec<TxnId> {
        self.locks
            .holders()
            .into_iter()
            .filter(|t| self.txns.get(t).is_some_and(|t| t.state.in_doubt()))
            .collect()
    }

    pub fn on_start(&mut self, now: LocalTime, out: &mut Out<TwoPhaseCommit>) {
        if !self.restarted {
            return;
        }
        let in_doubt = self.in_doubt();
        for txn in &in_doubt {
            if let Some(t) = self.txns.get_mut(txn) {
                t.since = now;
            }
        }
        let pressing = self.pressing();
        out.note(Note::Restored {
            store: self.store.clone(),
            in_doubt: in_doubt.clone(),
            committed: self.committed,
            pressing,
        });
        for txn in in_doubt {
            self.ask(now, txn, out);
        }
        if !self.in_doubt().is_empty() {
            self.arm_ring(out);
        }
    }

    /// The decision timeout: every transaction still in doubt asks again (or, the mutant, aborts).
    pub(super) fn on_ring(&mut self, now: LocalTime, out: &mut Out<TwoPhaseCommit>) {
        self.ring_armed = false;
        for txn in self.in_doubt() {
            if self.options.is(Mutant::UnilateralAbort)
                && self.txns[&txn].state == TxnState::Prepared
            {
                self.abort_on_my_own(now, txn, out);
                continue;
            }
            let t = &self.txns[&txn];
            let locks = self.locks.held_by(txn);
            let asked = self.askees(t);
            out.note(Note::InDoubt {
                txn,
                for_us: now.0.saturating_sub(t.since.0).max(0) as u64,
                locks,
                asked,
            });
            self.ask(now, txn, out);
        }
        if !self.in_doubt().is_empty() {
            self.arm_ring(out);
        }
    }

    /// The mutant's unilateral abort of a transaction it voted yes on.
    fn abort_on_my_own(&mut self, now: LocalTime, txn: TxnId, out: &mut Out<TwoPhaseCommit>) {
        let t = self.txns.get_mut(&txn).expect("in doubt");
        t.state = TxnState::Aborted;
        t.since = now;
        let released = self.locks.release(txn);
        self.log(Record::Aborted { txn }, out);
        let pressing = self.pressing();
        out.note(Note::Aborted {
            txn,
            released,
            unilateral: true,
            pressing,
        });
        self.wake_waiters(now, out);
    }

    fn askees(&self, t: &PTxn) -> Vec<NodeId> {
        let mut who = vec![COORDINATOR];
        if self.options.asks_peers() {
            who.extend(t.participants.iter().filter(|p| **p != self.id));
        }
        who
    }

    /// Sends DecisionRequest for `txn`; three-phase commit also starts a termination round.
    fn ask(&mut self, _now: LocalTime, txn: TxnId, out: &mut Out<TwoPhaseCommit>) {
        let Some(t) = self.txns.get_mut(&txn) else {
            return;
        };
        t.answers.clear();
        let who = {
            let t = &self.txns[&txn];
            self.askees(t)
        };
        for n in who {
            out.send(n, Message::DecisionRequest { txn });
        }
        if self.options.three_phase() {
            let r = self.options.retry_us;
            out.set_timer(Timer::Termination { txn }, SimDuration(r), SimDuration(r));
        }
    }

    /// A peer asks what became of `txn`.
    pub(super) fn on_decision_request(
        &mut self,
        now: LocalTime,
        from: NodeId,
        txn: TxnId,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        let state = self.txns.get(&txn).map(|t| t.state);
        let status = match state {
            Some(TxnState::Committed) => Status::Decided(Outcome::Commit),
            Some(TxnState::Aborted) => Status::Decided(Outcome::Abort),
            Some(TxnState::Prepared) => Status::Uncertain,
            Some(TxnState::PreCommitted) => Status::PreCommitted,
            // Not voted yet (or never asked to): it may still abort, and does, so its vote is no.
            Some(TxnState::Working) => {
                self.finish(now, txn, Outcome::Abort, out);
                Status::Decided(Outcome::Abort)
            }
            None => {
                self.forget_as_aborted(now, txn, out);
                let pressing = self.pressing();
                out.note(Note::Aborted {
                    txn,
                    released: Vec::new(),
                    unilateral: true,
                    pressing,
                });
                Status::Decided(Outcome::Abort)
            }
        };
        out.send(from, Message::DecisionReply { txn, status });
    }

    /// An answer to this participant's question.
    pub(super) fn on_answer(
        &mut self,
        now: LocalTime,
        from: NodeId,
        txn: TxnId,
        status: Status,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        let Some(t) = self.txns.get_mut(&txn) else {
            return;
        };
        if !t.state.in_doubt() {
            return;
        }
        t.answers.insert(from, status);
        if let Status::Decided(outcome) = status {
            out.note(Note::Learned { txn, outcome, from });
            self.finish(now, txn, outcome, out);
            if outcome == Outcome::Commit || !self.options.presumed_abort {
                out.send(COORDINATOR, Message::Ack { txn });
            }
            return;
        }
        // Cooperative termination fails when every peer answered and none knew.
        let t = &self.txns[&txn];
        let peers: Vec<NodeId> = self
            .askees(t)
            .into_iter()
            .filter(|n| *n != COORDINATOR)
            .collect();
        if self.options.cooperative_termination
            && !peers.is_empty()
            && peers.iter().all(|p| t.answers.contains_key(p))
            && from != COORDINATOR
        {
            out.note(Note::NobodyKnows { txn, asked: peers });
        }
    }

    /// PreCommit, from the coordinator or a three-phase backup.
    pub(super) fn on_precommit(
        &mut self,
        _now: LocalTime,
        from: NodeId,
        txn: TxnId,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        let Some(state) = self.txns.get(&txn).map(|t| t.state) else {
            return;
        };
        match state {
            TxnState::Prepared => {
                self.set_state(txn, TxnState::PreCommitted);
                self.log(Record::PreCommitted { txn }, out);
                let pressing = self.pressing();
                out.note(Note::PreCommitted { txn, pressing });
                out.send(from, Message::PreCommitAck { txn });
            }
            TxnState::PreCommitted | TxnState::Committed => {
                out.send(from, Message::PreCommitAck { txn })
            }
            TxnState::Aborted => out.send(
                from,
                Message::DecisionReply {
                    txn,
                    status: Status::Decided(Outcome::Abort),
                },
            ),
            TxnState::Working => {}
        }
    }

    /// Three-phase commit: the termination round is over; decide from what was collected.
    pub(super) fn on_round_end(
        &mut self,
        now: LocalTime,
        txn: TxnId,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        let Some(t) = self.txns.get(&txn) else {
            return;
        };
        if !t.state.in_doubt() || !self.options.three_phase() {
            return;
        }
        if t.backup_committing {
            self.decide_as_backup(now, txn, Outcome::Commit, out);
            return;
        }
        let coordinator = t.answers.get(&COORDINATOR).copied();
        if coordinator == Some(Status::Pending) {
            return; // the coordinator is alive and deciding: wait for it
        }
        let peers: Vec<NodeId> = t
            .participants
            .iter()
            .filter(|p| **p != self.id)
            .copied()
            .collect();
        let everyone = coordinator.is_some() && peers.iter().all(|p| t.answers.contains_key(p));
        if t.recovering && !everyone {
            return; // a restarted participant decides only with an answer from everyone
        }
        let precommitted = t.state == TxnState::PreCommitted
            || t.answers.values().any(|s| *s == Status::PreCommitted);
        if !precommitted {
            self.decide_as_backup(now, txn, Outcome::Abort, out);
            return;
        }
        // Commit, but first bring the uncertain to pre-committed, so nobody is uncertain once anyone commits.
        let uncertain: Vec<NodeId> = peers
            .iter()
            .filter(|p| t.answers.get(p) == Some(&Status::Uncertain))
            .copied()
            .collect();
        if t.state == TxnState::Prepared {
            self.set_state(txn, TxnState::PreCommitted);
            self.log(Record::PreCommitted { txn }, out);
            let pressing = self.pressing();
            out.note(Note::PreCommitted { txn, pressing });
        }
        if uncertain.is_empty() {
            self.decide_as_backup(now, txn, Outcome::Commit, out);
            return;
        }
        for p in uncertain {
            out.send(p, Message::PreCommit { txn });
        }
        self.txns.get_mut(&txn).expect("known").backup_committing = true;
        let r = self.options.retry_us;
        out.set_timer(Timer::Termination { txn }, SimDuration(r), SimDuration(r));
    }

    fn decide_as_backup(
        &mut self,
        now: LocalTime,
        txn: TxnId,
        outcome: Outcome,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        let t = &self.txns[&txn];
        let states = t
            .answers
            .iter()
            .map(|(n, s)| (*n, status_word(*s).to_string()))
            .collect();
        let others: Vec<NodeId> = t
            .participants
            .iter()
            .filter(|p| **p != self.id)
            .copied()
            .collect();
        out.note(Note::Terminated {
            txn,
            outcome,
            states,
        });
        self.finish(now, txn, outcome, out);
        let msg = match outcome {
            Outcome::Commit => Message::GlobalCommit { txn },
            Outcome::Abort => Message::GlobalAbort { txn },
        };
        for p in others.into_iter().chain([COORDINATOR]) {
            out.send(p, msg.clone());
        }
    }
}

pub fn status_word(s: Status) -> &'static str {
    match s {
        Status::Decided(Outcome::Commit) => "committed",
        Status::Decided(Outcome::Abort) => "aborted",
        Status::Pending => "deciding",
        Status::Uncertain => "uncertain",
        Status::PreCommitted => "pre-committed",
    }
}
