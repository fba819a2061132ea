//! Checkers, from the trace alone (the sends and deliveries of the channels' messages, and the notes of
//! recording and of channel-state capture; never the initiator's own sum).
//!
//! - **Consistent Cut** (Chandy & Lamport 1985, §3, the recorded global state is a state the system could
//!   have been in; equivalently no message is received inside the cut that was sent outside it): when a
//!   node records its state for snapshot k, no message it has taken from a peer may have been sent by that
//!   peer after the peer recorded k (except the peer's marker for k that made it record). Channel sequence
//!   numbers are given at a message's first send, so it suffices to check the highest one taken from each
//!   peer. The claim is checked against the trace too:
//!   that message must have been delivered to the node.
//! - **Conservation**: once every node has recorded k and every channel's state has been recorded, the
//!   recorded total — the recorded balances plus the amounts recorded in flight — must equal the conserved
//!   total, the sum of the opening balances (transfers only move money).

use crate::message::Message;
use crate::node::Snapshot;
use crate::note::Note;
use splitbrain_sim::{Checker, Event, EventId, EventKind, Label, MsgId, NodeId, Violation};
use std::collections::{BTreeMap, BTreeSet};

/// A channel message: (from, to, seq).
type Key = (NodeId, NodeId, u64);

#[derive(Clone, Debug, Default)]
struct Cut {
    recorded: BTreeMap<NodeId, EventId>,
    balances: u64,
    channels: u64,
    in_flight: u64,
    judged: bool,
}

#[derive(Clone, Debug, Default)]
pub struct SnapshotChecker {
    /// Each network message id → the channel message it carries.
    ids: BTreeMap<MsgId, Key>,
    /// Each channel message → its first send and what it carried.
    first_send: BTreeMap<Key, (EventId, Message)>,
    delivered: BTreeSet<Key>,
    /// The conserved total and the cluster, from the opening notes.
    total: u64,
    nodes: u32,
    cuts: BTreeMap<u64, Cut>,
}

impl Checker<Snapshot> for SnapshotChecker {
    fn observe(&mut self, event: &Event<Snapshot>, violations: &mut Vec<Violation>) {
        if let EventKind::Duplicate { msg, copy, .. } = &event.kind {
            if let Some(k) = self.ids.get(msg).copied() {
                self.ids.insert(*copy, k);
            }
            return;
        }
        let Some(node) = event.node else { return };
        match &event.kind {
            EventKind::Send {
                msg, to, message, ..
            } => {
                if let Some(seq) = message.seq() {
                    let key = (node, *to, seq);
                    self.ids.insert(*msg, key);
                    self.first_send
                        .entry(key)
                        .or_insert_with(|| (event.id, message.clone()));
                }
            }
            EventKind::Deliver { msg, .. } => {
                if let Some(k) = self.ids.get(msg) {
                    self.delivered.insert(*k);
                }
            }
            EventKind::Note { note } => self.on_note(node, event.id, note, violations),
            _ => {}
        }
    }
}

impl SnapshotChecker {
    fn on_note(&mut self, node: NodeId, id: EventId, note: &Note, out: &mut Vec<Violation>) {
        let violation = |invariant: &str, message: String| Violation {
            invariant: invariant.into(),
            event: id,
            message,
        };
        match note {
            Note::Opened { balance } => {
                self.total += balance;
                self.nodes = self.nodes.max(node.0 + 1);
            }
            Note::Recorded {
                snapshot,
                balance,
                received,
                ..
            } => {
                let cut = self.cuts.entry(*snapshot).or_default();
                for (peer, seq) in received {
                    if *seq == 0 {
                        continue;
                    }
                    let key = (*peer, node, *seq);
                    if !self.delivered.contains(&key) {
                        out.push(violation("Consistent Cut", format!("{node} recorded snapshot #{snapshot} as having taken message {seq} from {peer}, which was never delivered to it")));
                        continue;
                    }
                    let (Some(sent), Some(peer_cut)) =
                        (self.first_send.get(&key), cut.recorded.get(peer))
                    else {
                        continue;
                    };
                    // The marker of this snapshot that made the node record is the one message rightly sent
                    // after the sender's recording; everything numbered below it was sent before.
                    let own_marker =
                        matches!(sent.1, Message::Marker { snapshot: s, .. } if s == *snapshot);
                    if sent.0 > *peer_cut && !own_marker {
                        let what = match &sent.1 {
                            Message::Transfer { amount, .. } => {
                                format!("transfer {seq} ({amount})")
                            }
                            m => format!("{} {seq}", m.label().to_lowercase()),
                        };
                        out.push(violation("Consistent Cut", format!("{node} recorded snapshot #{snapshot} after taking {what} from {peer}, which {peer} sent (at {}) after it had recorded #{snapshot} (at {peer_cut}): received inside the cut, sent outside it", sent.0)));
                    }
                }
                cut.recorded.insert(node, id);
                cut.balances += balance;
            }
            Note::ChannelRecorded {
                snapshot, amounts, ..
            } => {
                let cut = self.cuts.entry(*snapshot).or_default();
                cut.channels += 1;
                cut.in_flight += amounts.iter().sum::<u64>();
            }
            Note::Complete { .. } | Note::Assembled { .. } => {}
        }
        let Some(snapshot) = note.snapshot() else {
            return;
        };
        let n = self.nodes as u64;
        let total = self.total;
        let Some(cut) = self.cuts.get_mut(&snapshot) else {
            return;
        };
        if !cut.judged && cut.recorded.len() as u64 == n && cut.channels == n * (n - 1) {
            cut.judged = true;
            let recorded = cut.balances + cut.in_flight;
            if recorded != total {
                let diff = recorded as i128 - total as i128;
                out.push(violation("Conservation", format!("snapshot #{snapshot} records a total of {recorded} (balances {} + in flight {}) but {total} is conserved: {diff:+}", cut.balances, cut.in_flight)));
            }
        }
    }
}

/// Every snapshot started (recorded by its own initiator) and whether its initiator assembled it, with when.
pub fn snapshots(events: &[Event<Snapshot>]) -> BTreeMap<u64, Option<u64>> {
    let mut all = BTreeMap::new();
    for e in events {
        match &e.kind {
            EventKind::Note {
                note:
                    Note::Recorded {
                        snapshot,
                        marker_from: None,
                        ..
                    },
            } => {
                all.insert(*snapshot, None);
            }
            EventKind::Note {
                note: Note::Assembled { snapshot, .. },
            } => {
                all.insert(*snapshot, Some(e.time.0));
            }
            _ => {}
        }
    }
    all
}
