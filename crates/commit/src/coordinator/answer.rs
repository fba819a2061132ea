//! What the coordinator tells the client (Gray 1978 §5.8.3: the answer follows the decision; here it
//! follows every acknowledgement), and its decision log as the inspector shows it.

use super::{Answer, CoordTxn, Coordinator, LogLine};
use crate::message::{Outcome, Read, TxnId};
use crate::persist::Record;
use splitbrain_sim::{ClientOp, ClientResponse};

impl Coordinator {
    /// The client's answer: the reads on commit, a refusal naming the reason on abort.
    pub(super) fn response(
        &self,
        txn: TxnId,
        outcome: Outcome,
        t: Option<&CoordTxn>,
    ) -> ClientResponse {
        match outcome {
            Outcome::Abort => ClientResponse::Fail {
                reason: match t.map(|t| t.why.as_str()).filter(|w| !w.is_empty()) {
                    Some(why) => format!("T{txn} aborted: {why}"),
                    None => format!("T{txn} aborted"),
                },
            },
            Outcome::Commit => {
                let reads = match t {
                    Some(t) => t.reads.clone(),
                    None => self.logged_reads(txn),
                };
                let answer = t.map(|t| t.answer.clone()).unwrap_or(Answer::Nothing);
                let value = match answer {
                    Answer::Nothing => None,
                    Answer::Value(k) => reads
                        .iter()
                        .find(|(r, _)| *r == k)
                        .and_then(|(_, v)| v.clone()),
                    Answer::Reads(order) => {
                        let ordered: Vec<Read> = order
                            .iter()
                            .map(|k| {
                                let v = reads
                                    .iter()
                                    .find(|(r, _)| r == k)
                                    .and_then(|(_, v)| v.clone());
                                (k.clone(), v)
                            })
                            .collect();
                        Some(ClientOp::reads_text(&ordered))
                    }
                };
                ClientResponse::Ok { value }
            }
        }
    }

    fn logged_reads(&self, txn: TxnId) -> Vec<Read> {
        self.journal
            .records()
            .find_map(|r| match r {
                Record::Decision { txn: t, reads, .. } if *t == txn => Some(reads.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The decision log as the inspector shows it, newest last.
    pub fn log_lines(&self) -> Vec<LogLine> {
        self.decided
            .iter()
            .map(|(txn, outcome)| LogLine {
                txn: *txn,
                outcome: *outcome,
                ended: self.ended.contains(txn),
            })
            .collect()
    }

    /// Whether `txn`'s decision is on stable storage.
    pub fn is_logged(&self, txn: TxnId) -> bool {
        match self.open.get(&txn) {
            Some(t) => t.logged,
            None => self
                .journal
                .records()
                .any(|r| matches!(r, Record::Decision { txn: t, .. } if *t == txn)),
        }
    }
}
