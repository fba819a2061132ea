//! Clients at a node (Budhiraja et al. §3: clients send requests to the primary): writes go to the primary's
//! log, reads are answered as the `reads` option says, and a node that is not the primary sends the client
//! to the one it believes in, or holds the request while it knows none.

use crate::message::Write;
use crate::node::{PendingRead, PrimaryBackup, Role};
use crate::note::Note;
use crate::options::Reads;
use splitbrain_sim::{ClientOp, ClientResponse, LocalTime, OpId, Out, Protocol};

impl PrimaryBackup {
    pub(crate) fn on_put(&mut self, op: OpId, key: &str, value: &str, out: &mut Out<Self>) {
        if self.role != Role::Primary {
            self.redirect(op, put_op(key, value), out);
            return;
        }
        if let Some(&index) = self.ops.get(&op) {
            // A retry of a write already in the log: wait for (or repeat) its acknowledgement.
            if index <= self.commit {
                let write = self.log.get(index).and_then(|e| e.write.clone());
                if let Some(write) = write {
                    out.note(Note::AlreadyDone { index, write });
                }
                out.reply(op, ClientResponse::Ok { value: None });
            } else {
                self.waiting.entry(index).or_default().push(op);
            }
            return;
        }
        let write = Write {
            key: key.to_string(),
            value: value.to_string(),
            op,
        };
        self.append(Some(write), out);
        self.waiting.entry(self.log.len()).or_default().push(op);
        self.after_append(out);
    }

    pub(crate) fn on_get(&mut self, op: OpId, key: &str, out: &mut Out<Self>) {
        let local = match self.opts.reads {
            Reads::AnyNode => true,
            Reads::PrimaryLocal => self.role == Role::Primary,
            Reads::Primary => false,
        };
        if local {
            let value = self.kv.get(key).cloned();
            out.note(Note::Read {
                key: key.to_string(),
                value: value.clone(),
                confirmed: false,
            });
            out.reply(op, ClientResponse::Ok { value });
        } else if self.role != Role::Primary {
            self.redirect(
                op,
                ClientOp::Get {
                    key: key.to_string(),
                },
                out,
            );
        } else {
            self.round += 1;
            self.reads.push(PendingRead {
                op,
                key: key.to_string(),
                need: self.log.len(),
                round: self.round,
            });
            self.ship_all(out);
            self.answer_reads(out);
        }
    }

    /// Sends the client to the primary this node believes in, or holds the request until it knows one.
    pub(crate) fn redirect(&mut self, op: OpId, request: ClientOp, out: &mut Out<Self>) {
        match self.primary {
            Some(p) if p != self.id => out.reply(op, ClientResponse::Redirect { leader: Some(p) }),
            _ => {
                if !self.parked.iter().any(|(o, _)| *o == op) {
                    self.parked.push((op, request));
                }
            }
        }
    }

    /// Answers the requests held while no primary was known: this node serves them if it is now the
    /// primary, or redirects them to the one it now follows.
    pub(crate) fn release_parked(&mut self, now: LocalTime, out: &mut Out<Self>) {
        if self.primary.is_none() || self.parked.is_empty() {
            return;
        }
        for (op, request) in std::mem::take(&mut self.parked) {
            self.on_client_request(now, op, &request, out);
        }
    }
}

fn put_op(key: &str, value: &str) -> ClientOp {
    ClientOp::Put {
        context: None,
        key: key.to_string(),
        value: value.to_string(),
    }
}
