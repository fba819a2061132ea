//! The algorithm: Chandy & Lamport 1985, §3.
//!
//! - **Marker sending rule** for a process p: for each channel c directed away from p, p sends one marker
//!   along c after p records its state and before p sends further messages along c.
//! - **Marker receiving rule** for a process q, on receiving a marker along channel c: if q has not
//!   recorded its state, q records its state, records the state of c as the empty sequence, and follows
//!   the marker sending rule; otherwise q records the state of c as the sequence of messages received
//!   along c after q's state was recorded and before q received the marker along c.
//! - Termination and collection (§3, "the recorded global state … can be collected"): when a node has
//!   received a marker on every incoming channel, its part is complete and it sends its recorded state to
//!   the initiator in a `Report`; the initiator assembles the global state when every node has reported.

use crate::message::Message;
use crate::node::{Recording, Snapshot};
use crate::note::Note;
use crate::options::Mutant;
use splitbrain_sim::{NodeId, Out};
use std::collections::BTreeMap;

/// How many finished snapshots a node keeps on disk and shows in its inspector.
const HISTORY: usize = 4;

impl Snapshot {
    /// A message taken from the channel `from` → this node, in channel order.
    pub(crate) fn take(&mut self, from: NodeId, msg: Message, out: &mut Out<Self>) {
        match msg {
            Message::Transfer { amount, .. } => {
                self.bank.balance += amount;
                let after_marker = self.options.mutant == Mutant::RecordAfterMarker;
                for r in self.bank.snapshots.values_mut() {
                    // Correct: the channel is recorded between this node's recording and its marker.
                    // The mutant records it after the marker instead, until its part completes.
                    let recording = r.open.contains(&from) != after_marker && !r.complete;
                    if recording {
                        r.channels.entry(from).or_default().push(amount);
                    }
                }
            }
            Message::Marker { snapshot, .. } => self.on_marker(from, snapshot, out),
            Message::Report {
                snapshot,
                balance,
                channels,
                ..
            } => {
                if let Some(r) = self.bank.snapshots.get_mut(&snapshot) {
                    r.reports.insert(from, (balance, channels));
                }
                self.assemble(snapshot, out);
            }
            Message::Ack { .. } => {}
        }
    }

    /// Record this node's state for `snapshot` and follow the marker sending rule.
    pub(crate) fn record(
        &mut self,
        snapshot: u64,
        marker_from: Option<NodeId>,
        out: &mut Out<Self>,
    ) {
        let peers = self.peers();
        let received = peers.iter().map(|p| (*p, self.received_from(*p))).collect();
        let recording = Recording {
            initiator: Snapshot::initiator_of(snapshot, self.nodes),
            balance: self.bank.balance,
            open: peers.iter().copied().collect(),
            channels: BTreeMap::new(),
            complete: false,
            reports: BTreeMap::new(),
            assembled: false,
        };
        self.bank.snapshots.insert(snapshot, recording);
        out.note(Note::Recorded {
            snapshot,
            balance: self.bank.balance,
            received,
            marker_from,
        });
        for p in &peers {
            self.send_on(*p, |seq| Message::Marker { seq, snapshot }, out);
        }
        if let Some(from) = marker_from {
            self.close(snapshot, from, out);
        }
        self.maybe_complete(snapshot, out);
    }

    fn on_marker(&mut self, from: NodeId, snapshot: u64, out: &mut Out<Self>) {
        if self.bank.snapshots.contains_key(&snapshot) {
            self.close(snapshot, from, out);
            self.maybe_complete(snapshot, out);
        } else {
            self.record(snapshot, Some(from), out);
        }
    }

    /// The marker on `from` arrived: that channel's state is final (the mutant only starts recording it).
    fn close(&mut self, snapshot: u64, from: NodeId, out: &mut Out<Self>) {
        let mutant = self.options.mutant == Mutant::RecordAfterMarker;
        let Some(r) = self.bank.snapshots.get_mut(&snapshot) else {
            return;
        };
        if !r.open.remove(&from) {
            return;
        }
        if !mutant {
            let amounts = r.channels.get(&from).cloned().unwrap_or_default();
            out.note(Note::ChannelRecorded {
                snapshot,
                from,
                amounts,
            });
        }
    }

    fn maybe_complete(&mut self, snapshot: u64, out: &mut Out<Self>) {
        let mutant = self.options.mutant == Mutant::RecordAfterMarker;
        let Some(r) = self.bank.snapshots.get_mut(&snapshot) else {
            return;
        };
        if r.complete || !r.open.is_empty() {
            return;
        }
        r.complete = true;
        if mutant {
            // The mutant's channel states are only known now: what arrived after each marker.
            for from in (0..self.nodes).map(NodeId).filter(|n| *n != self.id) {
                let amounts = r.channels.get(&from).cloned().unwrap_or_default();
                out.note(Note::ChannelRecorded {
                    snapshot,
                    from,
                    amounts,
                });
            }
        }
        let channels: Vec<(NodeId, u64)> = r
            .channels
            .iter()
            .map(|(from, a)| (*from, a.iter().sum()))
            .collect();
        let balance = r.balance;
        let initiator = r.initiator;
        out.note(Note::Complete {
            snapshot,
            in_flight: channels.iter().map(|(_, a)| a).sum(),
        });
        if initiator == self.id {
            r.reports.insert(self.id, (balance, channels));
            self.assemble(snapshot, out);
        } else {
            self.send_on(
                initiator,
                |seq| Message::Report {
                    seq,
                    snapshot,
                    balance,
                    channels,
                },
                out,
            );
        }
        self.forget_old();
    }

    /// At the initiator: once every node has reported, the global state is known.
    fn assemble(&mut self, snapshot: u64, out: &mut Out<Self>) {
        let expected = self.nodes as u64 * self.options.initial_balance;
        let Some(r) = self.bank.snapshots.get_mut(&snapshot) else {
            return;
        };
        if r.assembled || r.reports.len() < self.nodes as usize {
            return;
        }
        r.assembled = true;
        let balances = r.reports.values().map(|(b, _)| b).sum();
        let mut channels = Vec::new();
        for (to, (_, chans)) in &r.reports {
            for (from, amount) in chans {
                if *amount > 0 {
                    channels.push((*from, *to, *amount));
                }
            }
        }
        let in_flight = channels.iter().map(|(_, _, a)| a).sum();
        self.forget_old();
        out.note(Note::Assembled {
            snapshot,
            balances,
            in_flight,
            channels,
            expected,
        });
    }

    /// Keep only the last few finished snapshots on disk (for the inspector). Forgetting one is safe: each
    /// channel delivers each marker exactly once, so a node whose part is complete will never again hear of
    /// that snapshot, and an initiator that has assembled one has every report it will get.
    fn forget_old(&mut self) {
        let id = self.id;
        let finished: Vec<u64> = self
            .bank
            .snapshots
            .iter()
            .filter(|(_, r)| r.complete && (r.initiator != id || r.assembled))
            .map(|(k, _)| *k)
            .collect();
        for k in finished.iter().rev().skip(HISTORY) {
            self.bank.snapshots.remove(k);
        }
    }
}
