//! The event queue: a min-heap on (time, sequence). The sequence number breaks ties in insertion order, so
//! two runs with the same seed pop events in exactly the same order.

use crate::engine::InFlight;
use crate::ids::{MsgId, NodeId, OpId};
use crate::protocol::Protocol;
use crate::time::SimTime;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

/// Work the engine has scheduled for itself.
#[derive(Clone, Debug)]
pub(crate) enum Item<P: Protocol> {
    Boot(NodeId),
    /// `at` identifies this delivery: a delayed message gets a new item and the old one is ignored.
    Deliver {
        msg: MsgId,
        at: SimTime,
    },
    Timer {
        node: NodeId,
        timer: P::Timer,
        generation: u64,
    },
    /// The client starts its next attempt (after a redirect or timeout).
    ClientAttempt {
        op: OpId,
    },
    /// A client's request arrives at a node (waits there if the node is paused).
    ClientRequest {
        op: OpId,
        attempt: u32,
        node: NodeId,
    },
    ClientTimeout {
        op: OpId,
        attempt: u32,
    },
}

impl<P: Protocol> Item<P> {
    /// The node that must be running (not paused) for this item to be handled now.
    pub fn node(&self, in_flight: &BTreeMap<MsgId, InFlight<P>>) -> Option<NodeId> {
        match self {
            Item::Boot(_) | Item::ClientAttempt { .. } | Item::ClientTimeout { .. } => None,
            Item::Deliver { msg, .. } => in_flight.get(msg).map(|m| m.to),
            Item::Timer { node, .. } | Item::ClientRequest { node, .. } => Some(*node),
        }
    }
}

#[derive(Clone, Debug)]
struct Entry<P: Protocol> {
    at: SimTime,
    seq: u64,
    item: Item<P>,
}

impl<P: Protocol> PartialEq for Entry<P> {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl<P: Protocol> Eq for Entry<P> {}
impl<P: Protocol> PartialOrd for Entry<P> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<P: Protocol> Ord for Entry<P> {
    // Reversed: BinaryHeap is a max-heap and we want the earliest entry on top.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Queue<P: Protocol> {
    heap: BinaryHeap<Entry<P>>,
    seq: u64,
}

impl<P: Protocol> Default for Queue<P> {
    fn default() -> Self {
        Queue {
            heap: BinaryHeap::new(),
            seq: 0,
        }
    }
}

impl<P: Protocol> Queue<P> {
    pub fn push(&mut self, at: SimTime, item: Item<P>) {
        self.heap.push(Entry {
            at,
            seq: self.seq,
            item,
        });
        self.seq += 1;
    }

    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.peek().map(|e| e.at)
    }

    pub fn pop(&mut self) -> Option<Item<P>> {
        self.heap.pop().map(|e| e.item)
    }
}
