//! What survives a crash, and the per-sender record of what a node has delivered.

use std::collections::BTreeSet;

/// Which of one sender's messages a node has delivered: a prefix, and (deliver-on-arrival only) some
/// beyond it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    pub prefix: u64,
    pub above: BTreeSet<u64>,
}

impl Seen {
    pub fn contains(&self, seq: u64) -> bool {
        seq <= self.prefix || self.above.contains(&seq)
    }
    pub fn insert(&mut self, seq: u64) {
        if seq == self.prefix + 1 {
            self.prefix += 1;
            while self.above.remove(&(self.prefix + 1)) {
                self.prefix += 1;
            }
        } else if seq > self.prefix {
            self.above.insert(seq);
        }
    }
}

/// What survives a crash: the clocks, and how far the node has got in every stream (what it sent,
/// delivered, numbered), as a real node's message log would record. Lost: the hold-back queue, the
/// messages on their way, the answers not yet sent. Without retransmission a message that was held back
/// at the crash (or arrived while the node was down) is never delivered there: the stream from its sender
/// stops at that node (safety holds; liveness needs reliable links, as the algorithms assume).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persistent {
    pub lamport: u64,
    pub vclock: Vec<u64>,
    pub sent: u64,
    pub delivered: Vec<Seen>,
    /// Application deliveries so far.
    pub deliveries: u64,
    /// The link layer (Lamport's total order only): last number sent to and processed from each node.
    pub link_out: Vec<u64>,
    pub link_in: Vec<u64>,
    /// Sequencer order: the last sequence number delivered here; at n1, the last one given and each
    /// sender's last message numbered.
    pub next_global: u64,
    pub numbered: u64,
    pub numbered_from: Vec<u64>,
}
