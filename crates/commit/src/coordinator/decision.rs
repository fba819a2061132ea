//! The coordinator's decision (Gray 1978 §5.8.3): logged before it is sent (write-ahead: a decision sent
//! and then lost in a crash lets the restarted coordinator decide the opposite), re-sent until every
//! participant acknowledges, and only then ended and answered. Presumed abort (Mohan, Lindsay & Obermarck
//! 1986 §3) spares an abort the log record and the acknowledgements: whoever asks later is told "abort"
//! anyway. The `log_after_send` mutant breaks the write-ahead rule here, and logs only once every
//! acknowledgement is in.

use super::{Coordinator, Phase};
use crate::message::{Message, Outcome, Timer, TxnId};
use crate::note::Note;
use crate::options::Mutant;
use crate::persist::Record;
use splitbrain_sim::{NodeId, Out, SimDuration};

impl Coordinator {
    pub(crate) fn arm_resend(&self, txn: TxnId, out: &mut Out<crate::TwoPhaseCommit>) {
        let r = self.options.retry_us;
        out.set_timer(Timer::Resend { txn }, SimDuration(r), SimDuration(r));
    }

    /// Whether this decision needs acknowledgements (and a log record): commits always; aborts unless
    /// presumed abort.
    fn acknowledged(&self, outcome: Outcome) -> bool {
        outcome == Outcome::Commit || !self.options.presumed_abort
    }

    /// The decision: logged (unless presumed abort spares it, or the mutant postpones it), then sent.
    pub(crate) fn decide(
        &mut self,
        txn: TxnId,
        outcome: Outcome,
        out: &mut Out<crate::TwoPhaseCommit>,
    ) {
        let acked = self.acknowledged(outcome);
        let late = self.options.is(Mutant::LogAfterSend);
        let Some(t) = self.open.get_mut(&txn) else {
            return;
        };
        t.decision = Some(outcome);
        t.phase = Phase::Deciding;
        let votes = t
            .parts
            .keys()
            .map(|p| (*p, t.votes.get(p).copied()))
            .collect();
        let reads = t.reads.clone();
        let parts = t.participants();
        self.decided.insert(txn, outcome);
        let logged = acked && !late;
        if logged {
            self.open.get_mut(&txn).expect("open").logged = true;
            self.log(
                Record::Decision {
                    txn,
                    outcome,
                    reads,
                },
                out,
            );
        }
        let msg = match outcome {
            Outcome::Commit => Message::GlobalCommit { txn },
            Outcome::Abort => Message::GlobalAbort { txn },
        };
        for p in &parts {
            out.send(*p, msg.clone());
        }
        out.cancel_timer(Timer::VoteTimeout { txn });
        out.note(Note::Decided {
            txn,
            outcome,
            votes,
            logged,
            by: None,
        });
        if acked {
            self.arm_resend(txn, out);
        } else {
            self.end(txn, out);
        }
    }

    pub(super) fn on_ack(
        &mut self,
        from: NodeId,
        txn: TxnId,
        out: &mut Out<crate::TwoPhaseCommit>,
    ) {
        let Some(t) = self.open.get_mut(&txn) else {
            return;
        };
        if t.phase != Phase::Deciding || !t.parts.contains_key(&from) {
            return;
        }
        t.acks.insert(from);
        if t.acks.len() == t.parts.len() {
            if !t.logged {
                // The mutant writes its decision only now, long after sending it.
                let outcome = t.decision.unwrap_or(Outcome::Abort);
                let reads = t.reads.clone();
                t.logged = true;
                self.log(
                    Record::Decision {
                        txn,
                        outcome,
                        reads,
                    },
                    out,
                );
                out.note(Note::LoggedLate { txn, outcome });
            }
            self.end(txn, out);
        }
    }

    /// Every acknowledgement is in (or none is needed): the client is answered and the transaction is
    /// forgotten (its decision stays known).
    pub(crate) fn end(&mut self, txn: TxnId, out: &mut Out<crate::TwoPhaseCommit>) {
        let Some(t) = self.open.remove(&txn) else {
            return;
        };
        let outcome = t.decision.unwrap_or(Outcome::Abort);
        if self.acknowledged(outcome) {
            self.log(Record::End { txn }, out);
        }
        out.cancel_timer(Timer::Resend { txn });
        out.cancel_timer(Timer::VoteTimeout { txn });
        self.ended.insert(txn);
        if let Some(op) = t.op {
            let response = self.response(txn, outcome, Some(&t));
            out.reply(op, response);
        }
        out.note(Note::Ended { txn, outcome });
    }
}
