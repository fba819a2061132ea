//! A participant (Gray 1978 §5.8.3; Bernstein, Hadzilacos & Goodman §7.3): it owns a shard of the keys
//! (`shard`), and for each transaction moves working → prepared (in doubt) → committed or aborted.
//!
//! On a VoteRequest it takes every lock the transaction needs (strict two-phase locking, `locks`), or waits
//! for them up to `lock_wait_us`, or votes no. Voting yes, it first logs "prepared" with its writes: from
//! then on it is *in doubt* and may not abort on its own — the blocking problem — until it hears the
//! decision. A write of the value "!" is refused (the scripted no vote). Reads are answered with committed
//! values only, taken under read locks. Voting is in `participant/vote.rs`; asking for a decision (recovery,
//! cooperative termination, Skeen's termination protocol) is in `participant/termination.rs`.

mod termination;
mod vote;

pub use termination::status_word;

use crate::locks::LockTable;
use crate::message::{Message, Outcome, Read, Status, Timer, TxnId};
use crate::note::{NoReason, Note, Pressing};
use crate::options::CommitOptions;
use crate::persist::{Journal, Persistent, Record};
use crate::shard::COORDINATOR;
use crate::TwoPhaseCommit;
use splitbrain_sim::{LocalTime, NodeId, Out, SimDuration};
use std::collections::BTreeMap;

/// The scripted refusal: a participant votes no on a transaction writing this value.
pub const REFUSED_VALUE: &str = "!";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TxnState {
    /// Waiting for locks; not voted.
    Working,
    /// Voted yes: in doubt, locks held.
    Prepared,
    /// Three-phase commit: received PreCommit.
    PreCommitted,
    Committed,
    Aborted,
}

impl TxnState {
    pub fn word(self) -> &'static str {
        match self {
            TxnState::Working => "working (waiting for locks)",
            TxnState::Prepared => "prepared, in doubt",
            TxnState::PreCommitted => "pre-committed",
            TxnState::Committed => "committed",
            TxnState::Aborted => "aborted",
        }
    }

    pub fn in_doubt(self) -> bool {
        matches!(self, TxnState::Prepared | TxnState::PreCommitted)
    }
}

#[derive(Clone, Debug)]
pub struct PTxn {
    pub state: TxnState,
    pub writes: BTreeMap<String, String>,
    pub reads: Vec<String>,
    pub read_values: Vec<Read>,
    pub participants: Vec<NodeId>,
    /// When it entered its current state (local time).
    pub since: LocalTime,
    /// Restarted in doubt: three-phase commit lets it decide only with an answer from everyone.
    pub recovering: bool,
    /// Answers collected in the current round of asking.
    pub answers: BTreeMap<NodeId, Status>,
    /// Three-phase backup: it sent PreCommit to the uncertain and commits when this round ends.
    pub backup_committing: bool,
}

#[derive(Clone, Debug)]
pub struct Participant {
    pub id: NodeId,
    pub nodes: u32,
    pub options: CommitOptions,
    pub journal: Journal,
    /// Committed values.
    pub store: BTreeMap<String, String>,
    pub txns: BTreeMap<TxnId, PTxn>,
    pub locks: LockTable,
    /// Working transactions, in arrival order.
    pub waiting: Vec<TxnId>,
    pub committed: u64,
    pub(crate) ring_armed: bool,
    pub(crate) restarted: bool,
}

impl Participant {
    pub fn new(
        id: NodeId,
        nodes: u32,
        options: &CommitOptions,
        persisted: Option<&Persistent>,
    ) -> Self {
        let mut p = Participant {
            id,
            nodes,
            options: options.clone(),
            journal: persisted.map(|p| p.journal.clone()).unwrap_or_default(),
            store: BTreeMap::new(),
            txns: BTreeMap::new(),
            locks: LockTable::default(),
            waiting: Vec::new(),
            committed: 0,
            ring_armed: false,
            restarted: persisted.is_some(),
        };
        p.replay();
        p
    }

    /// The lane's state: the most pressing transaction here.
    pub fn pressing(&self) -> Pressing {
        // Only transactions holding locks (in doubt) or waiting for them can be pressing: every in-doubt
        // transaction holds a lock on each of its keys here, so this never scans the whole history.
        let states = self
            .locks
            .holders()
            .into_iter()
            .chain(self.waiting.iter().copied())
            .filter_map(|t| self.txns.get(&t).map(|t| t.state));
        let mut p = Pressing::Idle;
        for s in states {
            let this = match s {
                TxnState::Working => Pressing::Working,
                TxnState::PreCommitted => Pressing::PreCommitted,
                TxnState::Prepared => Pressing::InDoubt,
                _ => Pressing::Idle,
            };
            p = p.max(this);
        }
        p
    }

    fn persist(&self, out: &mut Out<TwoPhaseCommit>) {
        out.persist(Persistent {
            journal: self.journal.clone(),
        });
    }

    pub(crate) fn log(&mut self, record: Record, out: &mut Out<TwoPhaseCommit>) {
        self.journal.push(record);
        self.persist(out);
    }

    pub fn on_message(
        &mut self,
        now: LocalTime,
        from: NodeId,
        msg: Message,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        match msg {
            Message::VoteRequest {
                txn,
                writes,
                reads,
                participants,
            } => self.on_vote_request(now, txn, writes, reads, participants, out),
            Message::PreCommit { txn } => self.on_precommit(now, from, txn, out),
            Message::GlobalCommit { txn } => {
                self.finish(now, txn, Outcome::Commit, out);
                out.send(COORDINATOR, Message::Ack { txn });
            }
            Message::GlobalAbort { txn } => {
                if !self.txns.contains_key(&txn) {
                    self.forget_as_aborted(now, txn, out);
                }
                self.finish(now, txn, Outcome::Abort, out);
                if !self.options.presumed_abort {
                    out.send(COORDINATOR, Message::Ack { txn });
                }
            }
            Message::DecisionRequest { txn } => self.on_decision_request(now, from, txn, out),
            Message::DecisionReply { txn, status } => self.on_answer(now, from, txn, status, out),
            Message::Vote { .. } | Message::PreCommitAck { .. } | Message::Ack { .. } => {}
        }
    }

    /// A transaction this participant has not voted on is aborted here for good, and logged, so a late
    /// VoteRequest gets a no even after a crash (a peer may already have aborted on this participant's word).
    pub(crate) fn forget_as_aborted(
        &mut self,
        now: LocalTime,
        txn: TxnId,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        self.txns.insert(
            txn,
            PTxn {
                state: TxnState::Aborted,
                writes: BTreeMap::new(),
                reads: Vec::new(),
                read_values: Vec::new(),
                participants: Vec::new(),
                since: now,
                recovering: false,
                answers: BTreeMap::new(),
                backup_committing: false,
            },
        );
        self.log(Record::Aborted { txn }, out);
    }

    pub fn on_timer(&mut self, now: LocalTime, timer: Timer, out: &mut Out<TwoPhaseCommit>) {
        match timer {
            Timer::LockWait { txn } => {
                if self.txns.get(&txn).map(|t| t.state) == Some(TxnState::Working) {
                    let (key, holder) = self.blockers(txn).first().cloned().unwrap_or_default();
                    self.vote_no(now, txn, NoReason::WaitTimeout { key, holder }, out);
                }
            }
            Timer::DecisionTimeout => self.on_ring(now, out),
            Timer::Termination { txn } => self.on_round_end(now, txn, out),
            Timer::VoteTimeout { .. } | Timer::Resend { .. } => {}
        }
    }

    /// Applies a decision, from the coordinator or a peer: writes installed on commit, locks released
    /// either way, the outcome logged (an abort is not forced under presumed abort), waiters woken.
    pub(crate) fn finish(
        &mut self,
        now: LocalTime,
        txn: TxnId,
        outcome: Outcome,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        let Some(t) = self.txns.get_mut(&txn) else {
            return;
        };
        match (t.state, outcome) {
            (TxnState::Prepared | TxnState::PreCommitted, Outcome::Commit) => {
                for (k, v) in &t.writes {
                    self.store.insert(k.clone(), v.clone());
                }
                t.state = TxnState::Committed;
                t.since = now;
                let writes = t.writes.clone();
                self.committed += 1;
                self.locks.release(txn);
                self.log(Record::Committed { txn }, out);
                let pressing = self.pressing();
                out.note(Note::Committed {
                    txn,
                    writes,
                    committed: self.committed,
                    pressing,
                });
            }
            (TxnState::Prepared | TxnState::PreCommitted | TxnState::Working, Outcome::Abort) => {
                let was_working = t.state == TxnState::Working;
                t.state = TxnState::Aborted;
                t.since = now;
                let released = self.locks.release(txn);
                self.waiting.retain(|w| *w != txn);
                out.cancel_timer(Timer::LockWait { txn });
                // Under presumed abort a decided abort is not forced; a transaction that never voted is
                // always logged aborted (see `forget_as_aborted`).
                self.journal.push(Record::Aborted { txn });
                if was_working || !self.options.presumed_abort {
                    self.persist(out);
                }
                let pressing = self.pressing();
                out.note(Note::Aborted {
                    txn,
                    released,
                    unilateral: false,
                    pressing,
                });
            }
            _ => return,
        }
        out.cancel_timer(Timer::Termination { txn });
        self.wake_waiters(now, out);
    }

    pub(crate) fn arm_ring(&mut self, out: &mut Out<TwoPhaseCommit>) {
        if !self.ring_armed {
            self.ring_armed = true;
            let d = self.options.decision_timeout_us;
            out.set_timer(Timer::DecisionTimeout, SimDuration(d), SimDuration(d));
        }
    }
}
