//! Reliable FIFO channels, which Chandy & Lamport assume (§2: "channels are assumed to have infinite
//! buffers, to be error-free, and to deliver messages in the order sent"). The simulator's network loses,
//! duplicates and reorders, so each ordered pair of nodes gets a channel: the sender numbers its messages
//! and keeps each until it is acknowledged, sending it again every `retransmit_ms`; the receiver takes
//! them in order (a reorder buffer holds early arrivals), ignores duplicates and acknowledges what it took.
//! A partition then delays money, it never destroys it. With `fifo_channels: false` the reorder buffer is
//! off: a message is taken as soon as it arrives, whatever overtook what.

use crate::message::{Message, Timer};
use crate::node::Snapshot;
use splitbrain_sim::{NodeId, Out, SimDuration};

/// At most this many unacknowledged messages per channel are sent again each round (the oldest first: the
/// receiver needs them to close its gap).
const WINDOW: usize = 16;

impl Snapshot {
    /// Send on the channel to `to` with the next sequence number, and keep the message until acknowledged.
    pub(crate) fn send_on(
        &mut self,
        to: NodeId,
        make: impl FnOnce(u64) -> Message,
        out: &mut Out<Self>,
    ) {
        let ch = self.bank.outgoing.entry(to).or_default();
        ch.next_seq += 1;
        let msg = make(ch.next_seq);
        ch.unacked.insert(ch.next_seq, msg.clone());
        out.send(to, msg);
        self.arm_retransmit(out);
    }

    /// Arm the retransmission timer unless it is already running: re-arming on every send would push it
    /// back for ever while the application keeps sending.
    fn arm_retransmit(&mut self, out: &mut Out<Self>) {
        if !self.retransmit_armed {
            self.retransmit_armed = true;
            let d = SimDuration(self.options.retransmit_ms * 1_000);
            out.set_timer(Timer::Retransmit, d, d);
        }
    }

    pub(crate) fn retransmit(&mut self, out: &mut Out<Self>) {
        self.retransmit_armed = false;
        let mut any = false;
        for (to, ch) in &self.bank.outgoing {
            for m in ch.unacked.values().take(WINDOW) {
                out.send(*to, m.clone());
                any = true;
            }
        }
        if any {
            self.arm_retransmit(out);
        }
    }

    pub(crate) fn on_ack(&mut self, from: NodeId, upto: u64, early: Option<u64>) {
        if let Some(ch) = self.bank.outgoing.get_mut(&from) {
            ch.unacked.retain(|s, _| *s > upto && Some(*s) != early);
        }
    }

    /// A sequenced message from `from`: take it (and whatever it unblocks) in order, or hold it.
    pub(crate) fn on_channel_message(&mut self, from: NodeId, msg: Message, out: &mut Out<Self>) {
        let Some(seq) = msg.seq() else { return };
        let inc = self.bank.incoming.entry(from).or_default();
        if seq <= inc.taken || inc.early.contains(&seq) {
            // A duplicate or a retransmission of something taken: the ack must have been lost.
            let upto = inc.taken;
            out.send(from, Message::Ack { upto, early: None });
            return;
        }
        if !self.options.fifo_channels {
            let early = if seq == inc.taken + 1 {
                inc.taken = seq;
                while inc.early.remove(&(inc.taken + 1)) {
                    inc.taken += 1;
                }
                None
            } else {
                inc.early.insert(seq);
                Some(seq)
            };
            let upto = inc.taken;
            self.take(from, msg, out);
            out.send(from, Message::Ack { upto, early });
            return;
        }
        self.held.entry(from).or_default().insert(seq, msg);
        // Take one at a time: a marker among them records the state with exactly what came before it.
        loop {
            let inc = self.bank.incoming.entry(from).or_default();
            let next = inc.taken + 1;
            let Some(m) = self.held.get_mut(&from).and_then(|h| h.remove(&next)) else {
                break;
            };
            inc.taken = next;
            self.take(from, m, out);
        }
        let upto = self.bank.incoming[&from].taken;
        out.send(from, Message::Ack { upto, early: None });
    }

    /// The highest sequence number taken from `from` so far (for the recorded local state).
    pub(crate) fn received_from(&self, from: NodeId) -> u64 {
        self.bank.incoming.get(&from).map_or(0, |i| {
            i.taken
                .max(i.early.iter().next_back().copied().unwrap_or(0))
        })
    }
}
