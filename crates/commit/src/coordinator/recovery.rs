//! A coordinator restarting from its log (Gray 1978 §5.8.3, "restart"): decisions logged but not ended are
//! re-sent until acknowledged. A transaction begun and never decided is aborted (presumed nothing: logged,
//! sent, acknowledged), simply forgotten (presumed abort, Mohan et al. §3: whoever asks is told "abort"), or,
//! in three-phase commit, asked about: the participants may have terminated it without the coordinator,
//! so a restarted coordinator adopts what they report, and decides only when every participant has
//! answered and none knows (Skeen 1981: commit if any is pre-committed, else abort). A three-phase backup's
//! decision (GlobalCommit / GlobalAbort from a participant) is adopted the same way.

use super::{Answer, CoordTxn, Coordinator, Phase};
use crate::message::{Message, Outcome, Status, TxnId};
use crate::note::Note;
use crate::persist::Record;
use crate::TwoPhaseCommit;
use splitbrain_sim::{LocalTime, NodeId, Out};
use std::collections::{BTreeMap, BTreeSet};

impl Coordinator {
    /// Rebuilds what the log says: every transaction begun, decided and ended.
    pub(super) fn replay(&mut self) {
        let mut begun: BTreeMap<TxnId, (splitbrain_sim::OpId, Vec<NodeId>)> = BTreeMap::new();
        for r in self.journal.records() {
            match r {
                Record::Begin {
                    txn,
                    op,
                    participants,
                } => {
                    begun.insert(*txn, (*op, participants.clone()));
                    self.next_txn = self.next_txn.max(txn + 1);
                }
                Record::Decision { txn, outcome, .. } => {
                    self.decided.insert(*txn, *outcome);
                }
                Record::End { txn } => {
                    self.ended.insert(*txn);
                }
                _ => {}
            }
        }
        for (txn, (op, participants)) in begun {
            self.ops.insert(op, txn);
            if self.ended.contains(&txn) {
                continue;
            }
            let decision = self.decided.get(&txn).copied();
            let phase = match decision {
                Some(_) => Phase::Deciding,
                None if self.options.three_phase() => Phase::Recovering,
                None => Phase::Voting, // aborted or forgotten in `on_start`
            };
            self.open.insert(
                txn,
                CoordTxn {
                    op: None,
                    answer: Answer::Nothing,
                    parts: participants
                        .into_iter()
                        .map(|p| (p, Default::default()))
                        .collect(),
                    votes: BTreeMap::new(),
                    reads: Vec::new(),
                    phase,
                    decision,
                    logged: decision.is_some(),
                    acks: BTreeSet::new(),
                    precommit_acks: BTreeSet::new(),
                    states: BTreeMap::new(),
                    why: "the coordinator restarted before deciding".into(),
                    since: LocalTime(0),
                },
            );
        }
    }

    /// After a restart: re-send, abort, forget or ask, as the log dictates.
    pub fn on_start(&mut self, restarted: bool, out: &mut Out<TwoPhaseCommit>) {
        if !restarted {
            return;
        }
        let (mut resent, mut aborted, mut presumed, mut asking) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let txns: Vec<(TxnId, Phase)> = self.open.iter().map(|(t, c)| (*t, c.phase)).collect();
        for (txn, phase) in txns {
            match phase {
                Phase::Deciding => {
                    resent.push(txn);
                    let msg = match self.decided.get(&txn) {
                        Some(Outcome::Commit) => Message::GlobalCommit { txn },
                        _ => Message::GlobalAbort { txn },
                    };
                    for p in self.open[&txn].participants() {
                        out.send(p, msg.clone());
                    }
                    self.arm_resend(txn, out);
                }
                Phase::Recovering => {
                    asking.push(txn);
                    self.recovery_round(txn, out);
                }
                _ if self.options.presumed_abort => {
                    presumed.push(txn);
                    self.open.remove(&txn);
                }
                _ => {
                    aborted.push(txn);
                    self.decide(txn, Outcome::Abort, out);
                }
            }
        }
        out.note(Note::Recovered {
            resent,
            aborted,
            presumed,
            asking,
        });
    }

    /// Three-phase, recovering: decide if a whole round of answers came back and none knew; then ask again.
    pub(super) fn recovery_round(&mut self, txn: TxnId, out: &mut Out<TwoPhaseCommit>) {
        let Some(t) = self.open.get_mut(&txn) else {
            return;
        };
        if t.phase != Phase::Recovering {
            return;
        }
        if t.states.len() == t.parts.len() {
            let outcome = if t.states.values().any(|s| *s == Status::PreCommitted) {
                Outcome::Commit
            } else {
                Outcome::Abort
            };
            t.why = "every participant was uncertain when the coordinator recovered".into();
            self.decide(txn, outcome, out);
            return;
        }
        t.states.clear();
        for p in t.participants() {
            out.send(p, Message::DecisionRequest { txn });
        }
        self.arm_resend(txn, out);
    }

    /// A participant's answer to a recovering coordinator's question.
    pub(super) fn on_state(
        &mut self,
        from: NodeId,
        txn: TxnId,
        status: Status,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        if let Status::Decided(o) = status {
            self.adopt(from, txn, o, out);
            return;
        }
        if let Some(t) = self.open.get_mut(&txn) {
            if t.phase == Phase::Recovering && t.parts.contains_key(&from) {
                t.states.insert(from, status);
            }
        }
    }

    /// A decision some participant reached or learned: the coordinator records it as its own.
    pub(super) fn adopt(
        &mut self,
        from: NodeId,
        txn: TxnId,
        outcome: Outcome,
        out: &mut Out<TwoPhaseCommit>,
    ) {
        let Some(t) = self.open.get_mut(&txn) else {
            return;
        };
        if t.decision.is_some() {
            return;
        }
        t.decision = Some(outcome);
        t.logged = true;
        t.why = format!("decided by {from}'s termination protocol");
        let votes = t
            .parts
            .keys()
            .map(|p| (*p, t.votes.get(p).copied()))
            .collect();
        let reads = t.reads.clone();
        self.decided.insert(txn, outcome);
        self.journal.push(Record::Decision {
            txn,
            outcome,
            reads,
        });
        self.persist(out);
        out.note(Note::Decided {
            txn,
            outcome,
            votes,
            logged: true,
            by: Some(from),
        });
        // The backup told every participant; the coordinator does not chase acknowledgements.
        self.end(txn, out);
    }
}
