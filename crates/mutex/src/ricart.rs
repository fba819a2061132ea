//! Ricart and Agrawala, "An Optimal Algorithm for Mutual Exclusion in Computer Networks" (CACM 1981): a
//! node requests by sending `Request(ts)` to every peer and enters once every peer has replied. A node
//! receiving a request replies at once unless it is in the critical section or its own pending request is
//! earlier by `(ts, node)`; then it defers the reply until it leaves. 2(N−1) messages per entry, no release
//! broadcast (the `Update` carrying the write is the replicated register's, not the algorithm's).

use crate::message::Message;
use crate::node::DistMutex;
use crate::note::Note;
use crate::options::Mutant;
use splitbrain_sim::{ClientResponse, NodeId, Out};

impl DistMutex {
    pub(crate) fn ra_request(&mut self, out: &mut Out<Self>) {
        let ts = self.tick();
        self.my_ts = Some(ts);
        self.replies.clear();
        out.note(Note::Requested { ts });
        for p in self.peers() {
            let seq = self.seq(p);
            out.send(p, Message::Request { ts, seq });
        }
    }

    /// The deferral rule: my earlier pending request (or my being inside) wins.
    pub(crate) fn ra_on_request(&mut self, from: NodeId, ts: u64, out: &mut Out<Self>) {
        let mine_first = self.my_ts.is_some_and(|m| (m, self.id) < (ts, from));
        let defer =
            self.in_cs || (mine_first && self.opts.mutant != Some(Mutant::ReplyImmediately));
        if defer {
            self.deferred.insert(from);
            out.note(Note::Deferred {
                to: from,
                theirs: ts,
                mine: self.my_ts.unwrap_or(0),
            });
            return;
        }
        let r = self.tick();
        let seq = self.seq(from);
        out.send(from, Message::Reply { ts: r, seq });
    }

    pub(crate) fn ra_on_reply(&mut self, from: NodeId, out: &mut Out<Self>) {
        if self.my_ts.is_none() || self.in_cs {
            return;
        }
        self.replies.insert(from);
        if self.replies.len() + 1 >= self.nodes as usize {
            self.enter(0, out);
        }
    }

    /// Leave: write, send the update and every deferred reply, answer the client.
    pub(crate) fn ra_exit(&mut self, out: &mut Out<Self>) {
        let (Some(ts), Some(job)) = (self.my_ts, self.current.clone()) else {
            return;
        };
        self.in_cs = false;
        self.my_ts = None;
        self.replies.clear();
        self.store.insert(job.key.clone(), job.value.clone());
        out.note(Note::Exited {
            ts,
            token: 0,
            wrote: true,
        });
        let t = self.tick();
        for p in self.peers() {
            let seq = self.seq(p);
            out.send(
                p,
                Message::Update {
                    ts: t,
                    seq,
                    key: job.key.clone(),
                    value: job.value.clone(),
                },
            );
        }
        for p in std::mem::take(&mut self.deferred) {
            let seq = self.seq(p);
            out.send(p, Message::Reply { ts: t, seq });
        }
        self.finish(ClientResponse::Ok { value: None }, out);
    }
}
