//! Lamport's mutual exclusion (Lamport 1978, "Time, Clocks, and the Ordering of Events in a Distributed
//! System", the five rules of §"mutual exclusion"):
//! 1. To request, send `Request(Tm, Pi)` to every process and put it on one's own request queue.
//! 2. On `Request`, put it on the queue and send a timestamped `Ack`.
//! 3. To release, remove one's request and send a timestamped `Release` to every process.
//! 4. On `Release`, remove the sender's request from the queue.
//! 5. Enter when (i) one's request is ordered before every other in the queue by `(ts, node)`, and (ii) one
//!    has received a message from every other process timestamped later than it.

use crate::message::Message;
use crate::node::DistMutex;
use crate::note::Note;
use crate::options::Mutant;
use splitbrain_sim::{ClientResponse, NodeId, Out};

impl DistMutex {
    /// Rule 1.
    pub(crate) fn lamport_request(&mut self, out: &mut Out<Self>) {
        let ts = self.tick();
        self.my_ts = Some(ts);
        self.queue.insert((ts, self.id));
        out.note(Note::Requested { ts });
        for p in self.peers() {
            let seq = self.seq(p);
            out.send(p, Message::Request { ts, seq });
        }
        self.lamport_try_enter(out);
    }

    /// Rule 2.
    pub(crate) fn lamport_on_request(&mut self, from: NodeId, ts: u64, out: &mut Out<Self>) {
        self.queue.insert((ts, from));
        out.note(Note::Queued { from, ts });
        let ack = self.tick();
        let seq = self.seq(from);
        out.send(from, Message::Ack { ts: ack, seq });
        self.lamport_try_enter(out);
    }

    /// Rule 4 (and the write the release carries).
    pub(crate) fn lamport_on_release(
        &mut self,
        from: NodeId,
        key: String,
        value: String,
        out: &mut Out<Self>,
    ) {
        self.queue.retain(|(_, n)| *n != from);
        self.store.insert(key, value);
        self.lamport_try_enter(out);
    }

    /// Rule 5.
    pub(crate) fn lamport_try_enter(&mut self, out: &mut Out<Self>) {
        let Some(ts) = self.my_ts else { return };
        if self.in_cs || self.queue.first() != Some(&(ts, self.id)) {
            return;
        }
        let heard_later = self
            .peers()
            .iter()
            .all(|p| self.latest.get(p).is_some_and(|l| *l > ts));
        if heard_later || self.opts.mutant == Some(Mutant::NoWaitForLater) {
            self.enter(0, out);
        }
    }

    /// Rule 3: write, release, answer the client.
    pub(crate) fn lamport_exit(&mut self, out: &mut Out<Self>) {
        let (Some(ts), Some(job)) = (self.my_ts, self.current.clone()) else {
            return;
        };
        self.in_cs = false;
        self.my_ts = None;
        self.queue.remove(&(ts, self.id));
        self.store.insert(job.key.clone(), job.value.clone());
        out.note(Note::Exited {
            ts,
            token: 0,
            wrote: true,
        });
        let rel = self.tick();
        for p in self.peers() {
            let seq = self.seq(p);
            out.send(
                p,
                Message::Release {
                    ts: rel,
                    seq,
                    key: job.key.clone(),
                    value: job.value.clone(),
                },
            );
        }
        self.finish(ClientResponse::Ok { value: None }, out);
    }
}
