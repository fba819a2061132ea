//! The coordinator, n1 (Gray 1978 §5.8.3; Gray & Lamport 2006 §3): it begins a transaction for a client
//! operation, sends VoteRequest to the participants owning its keys, collects their votes, logs its
//! decision and only then sends it (write-ahead), re-sends it until every participant acknowledges, and
//! then answers the client. The decision, from its log record to the transaction's end, is in
//! `coordinator/decision.rs`.
//!
//! Presumed abort (Mohan, Lindsay & Obermarck 1986 §3): aborts are neither logged nor acknowledged, and a
//! question about a transaction the coordinator has no decision for is answered "abort". Without it
//! ("presumed nothing"), a restarted coordinator aborts every transaction it began and never decided.
//!
//! Three-phase commit (Skeen 1981): after the yes votes comes PreCommit; once every participant has
//! acknowledged it (or its acknowledgement is overdue, which failure detection takes for a crash) the
//! coordinator commits. A restarted three-phase coordinator decides nothing on its own: it asks the
//! participants (`coordinator/recovery.rs`).

mod answer;
mod decision;
mod recovery;

use crate::message::{Message, Outcome, Read, Status, Timer, TxnId};
use crate::note::Note;
use crate::options::{CommitOptions, Mutant};
use crate::persist::{Journal, Persistent, Record};
use crate::shard::{self, Part};
use splitbrain_sim::{ClientOp, ClientResponse, LocalTime, NodeId, OpId, Out, SimDuration};
use std::collections::{BTreeMap, BTreeSet};

/// Where a transaction stands at the coordinator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Voting,
    /// Three-phase: PreCommit sent, acknowledgements coming in.
    PreCommitting,
    /// Decided; waiting for acknowledgements.
    Deciding,
    /// Three-phase, after a restart: asking the participants what happened.
    Recovering,
}

/// How the client is answered on commit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Nothing,
    /// A get: the value alone.
    Value(String),
    /// A transaction with reads: `x=1 y=∅`, in the order asked.
    Reads(Vec<String>),
}

#[derive(Clone, Debug)]
pub struct CoordTxn {
    pub op: Option<OpId>,
    pub answer: Answer,
    pub parts: BTreeMap<NodeId, Part>,
    pub votes: BTreeMap<NodeId, bool>,
    pub reads: Vec<Read>,
    pub phase: Phase,
    pub decision: Option<Outcome>,
    pub logged: bool,
    pub acks: BTreeSet<NodeId>,
    /// Three-phase: PreCommit acknowledgements; recovering: the states reported this round.
    pub precommit_acks: BTreeSet<NodeId>,
    pub states: BTreeMap<NodeId, Status>,
    pub why: String,
    pub since: LocalTime,
}

impl CoordTxn {
    pub fn participants(&self) -> Vec<NodeId> {
        self.parts.keys().copied().collect()
    }
}

/// One line of the decision log as the inspector shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub txn: TxnId,
    pub outcome: Outcome,
    pub ended: bool,
}

#[derive(Clone, Debug)]
pub struct Coordinator {
    pub nodes: u32,
    pub options: CommitOptions,
    pub journal: Journal,
    pub next_txn: TxnId,
    /// Transactions not yet ended.
    pub open: BTreeMap<TxnId, CoordTxn>,
    /// Every decision this coordinator knows (from its log, or made since it booted).
    pub decided: BTreeMap<TxnId, Outcome>,
    pub ended: BTreeSet<TxnId>,
    /// Client operations and their transactions, so a retried request does not begin a second one.
    pub ops: BTreeMap<OpId, TxnId>,
}

impl Coordinator {
    pub fn new(nodes: u32, options: &CommitOptions, persisted: Option<&Persistent>) -> Self {
        let mut c = Coordinator {
            nodes,
            options: options.clone(),
            journal: persisted.map(|p| p.journal.clone()).unwrap_or_default(),
            next_txn: 1,
            open: BTreeMap::new(),
            decided: BTreeMap::new(),
            ended: BTreeSet::new(),
            ops: BTreeMap::new(),
        };
        if persisted.is_some() {
            c.replay();
        }
        c
    }

    pub(crate) fn persist(&self, out: &mut Out<crate::TwoPhaseCommit>) {
        out.persist(Persistent {
            journal: self.journal.clone(),
        });
    }

    fn log(&mut self, record: Record, out: &mut Out<crate::TwoPhaseCommit>) {
        self.journal.push(record);
        self.persist(out);
    }

    /// A client operation reaches the coordinator.
    pub fn on_client(
        &mut self,
        now: LocalTime,
        op: OpId,
        request: &ClientOp,
        out: &mut Out<crate::TwoPhaseCommit>,
    ) {
        if let Some(txn) = self.ops.get(&op).copied() {
            // A retry of an operation already begun: answer it if it is over, else it is answered at the end.
            if let Some(t) = self.open.get_mut(&txn) {
                t.op = Some(op);
            } else if let Some(outcome) = self.decided.get(&txn).copied() {
                let response = self.response(txn, outcome, None);
                out.reply(op, response);
            }
            return;
        }
        let Some(parts) = shard::split(request, self.nodes) else {
            out.reply(
                op,
                ClientResponse::Fail {
                    reason: "compare-and-set is not a transaction; write a txn instead".into(),
                },
            );
            return;
        };
        let answer = match request {
            ClientOp::Get { key } => Answer::Value(key.clone()),
            ClientOp::Txn { reads, .. } if !reads.is_empty() => Answer::Reads(reads.clone()),
            _ => Answer::Nothing,
        };
        let txn = self.next_txn;
        self.next_txn += 1;
        self.ops.insert(op, txn);
        let participants: Vec<NodeId> = parts.keys().copied().collect();
        // Begin is logged before any VoteRequest leaves, so a restarted coordinator knows every
        // transaction a participant may be prepared for (and never reuses a transaction number).
        self.log(
            Record::Begin {
                txn,
                op,
                participants: participants.clone(),
            },
            out,
        );
        for (p, part) in &parts {
            out.send(
                *p,
                Message::VoteRequest {
                    txn,
                    writes: part.writes.clone(),
                    reads: part.reads.clone(),
                    participants: participants.clone(),
                },
            );
        }
        let t = self.options.vote_timeout_us;
        out.set_timer(Timer::VoteTimeout { txn }, SimDuration(t), SimDuration(t));
        out.note(Note::Began {
            txn,
            op,
            participants,
        });
        self.open.insert(
            txn,
            CoordTxn {
                op: Some(op),
                answer,
                parts,
                votes: BTreeMap::new(),
                reads: Vec::new(),
                phase: Phase::Voting,
                decision: None,
                logged: false,
                acks: BTreeSet::new(),
                precommit_acks: BTreeSet::new(),
                states: BTreeMap::new(),
                why: String::new(),
                since: now,
            },
        );
    }

    pub fn on_message(&mut self, from: NodeId, msg: Message, out: &mut Out<crate::TwoPhaseCommit>) {
        match msg {
            Message::Vote { txn, yes, reads } => self.on_vote(from, txn, yes, reads, out),
            Message::PreCommitAck { txn } => {
                let Some(t) = self.open.get_mut(&txn) else {
                    return;
                };
                if t.phase == Phase::PreCommitting && t.parts.contains_key(&from) {
                    t.precommit_acks.insert(from);
                    if t.precommit_acks.len() == t.parts.len() {
                        self.decide(txn, Outcome::Commit, out);
                    }
                }
            }
            Message::Ack { txn } => self.on_ack(from, txn, out),
            Message::DecisionRequest { txn } => {
                let status = self.status(txn);
                out.send(from, Message::DecisionReply { txn, status });
            }
            Message::DecisionReply { txn, status } => self.on_state(from, txn, status, out),
            // A three-phase backup coordinator's decision.
            Message::GlobalCommit { txn } => self.adopt(from, txn, Outcome::Commit, out),
            Message::GlobalAbort { txn } => self.adopt(from, txn, Outcome::Abort, out),
            Message::VoteRequest { .. } | Message::PreCommit { .. } => {}
        }
    }

    /// What the coordinator answers a DecisionRequest with.
    pub fn status(&self, txn: TxnId) -> Status {
        if let Some(o) = self.decided.get(&txn) {
            return Status::Decided(*o);
        }
        match self.open.get(&txn).map(|t| t.phase) {
            Some(Phase::Recovering) => Status::Uncertain,
            Some(_) => Status::Pending,
            // No decision and no open transaction: never begun, forgotten after a crash under presumed
            // abort, or aborted at recovery. Either way, abort.
            None => Status::Decided(Outcome::Abort),
        }
    }

    fn on_vote(
        &mut self,
        from: NodeId,
        txn: TxnId,
        yes: bool,
        reads: Vec<Read>,
        out: &mut Out<crate::TwoPhaseCommit>,
    ) {
        let Some(t) = self.open.get_mut(&txn) else {
            return;
        };
        if t.phase != Phase::Voting || !t.parts.contains_key(&from) || t.votes.contains_key(&from) {
            return;
        }
        t.votes.insert(from, yes);
        t.reads.extend(reads);
        if !yes {
            t.why = format!("{from} voted no");
            self.decide(txn, Outcome::Abort, out);
        } else if t.votes.len() == t.parts.len() {
            self.all_yes(txn, out);
        }
    }

    fn all_yes(&mut self, txn: TxnId, out: &mut Out<crate::TwoPhaseCommit>) {
        if !self.options.three_phase() {
            self.decide(txn, Outcome::Commit, out);
            return;
        }
        let Some(t) = self.open.get_mut(&txn) else {
            return;
        };
        t.phase = Phase::PreCommitting;
        for p in t.parts.keys() {
            out.send(*p, Message::PreCommit { txn });
        }
        out.cancel_timer(Timer::VoteTimeout { txn });
        let r = self.options.retry_us;
        out.set_timer(Timer::Resend { txn }, SimDuration(r), SimDuration(r));
        out.note(Note::PreCommitting { txn });
    }

    pub fn on_timer(&mut self, timer: Timer, out: &mut Out<crate::TwoPhaseCommit>) {
        match timer {
            Timer::VoteTimeout { txn } => {
                let Some(t) = self.open.get_mut(&txn) else {
                    return;
                };
                if t.phase != Phase::Voting {
                    return;
                }
                let missing: Vec<NodeId> = t
                    .parts
                    .keys()
                    .filter(|p| !t.votes.contains_key(p))
                    .copied()
                    .collect();
                let others_yes = t.votes.values().all(|y| *y);
                if self.options.is(Mutant::CommitMissingVote) && missing.len() == 1 && others_yes {
                    self.decide(txn, Outcome::Commit, out);
                    return;
                }
                let names: Vec<String> = missing.iter().map(|n| n.to_string()).collect();
                t.why = format!("no vote from {} in time", names.join(", "));
                self.decide(txn, Outcome::Abort, out);
            }
            Timer::Resend { txn } => self.on_resend(txn, out),
            Timer::LockWait { .. } | Timer::DecisionTimeout | Timer::Termination { .. } => {}
        }
    }

    fn on_resend(&mut self, txn: TxnId, out: &mut Out<crate::TwoPhaseCommit>) {
        let Some(t) = self.open.get(&txn) else {
            return;
        };
        match t.phase {
            // Skeen's rule: an overdue PreCommit acknowledgement means that participant failed; commit.
            Phase::PreCommitting => self.decide(txn, Outcome::Commit, out),
            Phase::Deciding => {
                let msg = match t.decision {
                    Some(Outcome::Commit) => Message::GlobalCommit { txn },
                    _ => Message::GlobalAbort { txn },
                };
                for p in t.parts.keys().filter(|p| !t.acks.contains(p)) {
                    out.send(*p, msg.clone());
                }
                self.arm_resend(txn, out);
            }
            Phase::Recovering => self.recovery_round(txn, out),
            Phase::Voting => {}
        }
    }
}
