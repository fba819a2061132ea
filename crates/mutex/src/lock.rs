//! A central lock server with leases and fencing tokens (Kleppmann, *Designing Data-Intensive
//! Applications*, ch. 8, "The leader and the lock" and "Fencing tokens"; Chubby's sequencers, Burrows 2006
//! §2.4). n1 grants the lock to one asker at a time, in arrival order, with a token one higher than the
//! last and a lease; when the lease runs out it grants the next asker, whether or not the old holder
//! knows. The holder does not look at a clock before it writes (the paused holder of DDIA's Figure 8-4
//! checked, then paused): only the storage, checking tokens, can stop a stale write. A restarted server
//! forgot who holds the lock, so it waits out one lease before it grants again.

use crate::message::{Message, Timer};
use crate::node::{DistMutex, SERVER};
use crate::note::Note;
use splitbrain_sim::{ClientResponse, NodeId, Out, SimDuration};

impl DistMutex {
    fn retry(&self, out: &mut Out<Self>) {
        let r = self.opts.retry_us;
        out.set_timer(Timer::Retry, SimDuration(r), SimDuration(r));
    }

    pub(crate) fn lock_request(&mut self, out: &mut Out<Self>) {
        self.req += 1;
        out.note(Note::Requested { ts: 0 });
        out.send(SERVER, Message::Acquire { req: self.req });
        self.retry(out);
    }

    /// Re-ask while waiting; re-send the write while its answer is out.
    pub(crate) fn lock_retry(&mut self, out: &mut Out<Self>) {
        let Some(job) = self.current.clone() else {
            return;
        };
        match self.token {
            None => out.send(SERVER, Message::Acquire { req: self.req }),
            Some(token) if self.writing => out.send(
                SERVER,
                Message::Write {
                    token,
                    key: job.key,
                    value: job.value,
                },
            ),
            Some(_) => return,
        }
        self.retry(out);
    }

    pub(crate) fn lock_on_grant(&mut self, req: u64, token: u64, out: &mut Out<Self>) {
        if self.current.is_some() && req == self.req && self.token.is_none() {
            self.token = Some(token);
            out.cancel_timer(Timer::Retry);
            self.enter(token, out);
        } else if self.token != Some(token) {
            // A grant for a request this node no longer has (it was answered, or the node restarted).
            out.send(SERVER, Message::Unlock { token });
        }
    }

    /// The work is done: write under the token (the holder does not check its lease first).
    pub(crate) fn lock_write(&mut self, out: &mut Out<Self>) {
        let (Some(token), Some(job)) = (self.token, self.current.clone()) else {
            return;
        };
        self.writing = true;
        out.send(
            SERVER,
            Message::Write {
                token,
                key: job.key,
                value: job.value,
            },
        );
        self.retry(out);
    }

    pub(crate) fn lock_on_answer(&mut self, token: u64, wrote: bool, out: &mut Out<Self>) {
        if self.token != Some(token) || !self.writing {
            return;
        }
        self.in_cs = false;
        self.writing = false;
        self.token = None;
        out.cancel_timer(Timer::Retry);
        out.note(Note::Exited {
            ts: 0,
            token,
            wrote,
        });
        out.send(SERVER, Message::Unlock { token });
        let response = if wrote {
            ClientResponse::Ok { value: None }
        } else {
            ClientResponse::Fail {
                reason: format!("the storage refused token {token}: a newer holder has written"),
            }
        };
        self.finish(response, out);
    }

    pub(crate) fn server_on_acquire(&mut self, from: NodeId, req: u64, out: &mut Out<Self>) {
        if !self.is_server() {
            return;
        }
        if let Some((n, r, token)) = self.holder {
            if n == from && r == req {
                let lease_us = self.opts.lease_us;
                out.send(
                    from,
                    Message::Grant {
                        req,
                        token,
                        lease_us,
                    },
                );
                return;
            }
        }
        match self.waiting.iter_mut().find(|(n, _)| *n == from) {
            Some(w) => w.1 = w.1.max(req),
            None => self.waiting.push_back((from, req)),
        }
        self.server_try_grant(out);
    }

    pub(crate) fn server_try_grant(&mut self, out: &mut Out<Self>) {
        if self.holder.is_some() || self.recovering {
            return;
        }
        let Some((to, req)) = self.waiting.pop_front() else {
            return;
        };
        let token = self.next_token;
        self.next_token += 1;
        self.persist(out);
        self.holder = Some((to, req, token));
        out.note(Note::Granted { to, token });
        let lease_us = self.opts.lease_us;
        out.send(
            to,
            Message::Grant {
                req,
                token,
                lease_us,
            },
        );
        out.set_timer(
            Timer::LeaseExpiry { token },
            SimDuration(lease_us),
            SimDuration(lease_us),
        );
    }

    pub(crate) fn server_on_unlock(&mut self, from: NodeId, token: u64, out: &mut Out<Self>) {
        if self.holder.is_some_and(|(_, _, t)| t == token) {
            self.holder = None;
            out.cancel_timer(Timer::LeaseExpiry { token });
            out.note(Note::Unlocked {
                holder: from,
                token,
            });
            self.server_try_grant(out);
        }
    }

    pub(crate) fn server_on_expiry(&mut self, token: u64, out: &mut Out<Self>) {
        if let Some((holder, _, t)) = self.holder {
            if t == token {
                self.holder = None;
                out.note(Note::LeaseExpired { holder, token });
                self.server_try_grant(out);
            }
        }
    }

    /// The storage: with fencing, a token older than the newest accepted is refused.
    pub(crate) fn server_on_write(
        &mut self,
        from: NodeId,
        token: u64,
        key: String,
        value: String,
        out: &mut Out<Self>,
    ) {
        if !self.is_server() {
            return;
        }
        if self.written.get(&from) == Some(&token) {
            // A retry of a write already stored (its answer was lost): it took effect, say so again.
            out.send(from, Message::Written { token });
            return;
        }
        let newest = self.newest;
        if self.opts.fencing && token < newest {
            out.note(Note::Fenced {
                from,
                token,
                newest,
            });
            out.send(from, Message::Rejected { token, newest });
            return;
        }
        self.newest = newest.max(token);
        self.store.insert(key.clone(), value.clone());
        self.written.insert(from, token);
        self.persist(out);
        out.note(Note::Stored {
            from,
            token,
            newest,
            key,
            value,
        });
        out.send(from, Message::Written { token });
    }
}
