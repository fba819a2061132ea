//! The checker's picture of each node, rebuilt from notes.

use crate::log::Command;
use splitbrain_sim::{NodeId, OpId};
use std::collections::BTreeMap;

/// One entry as the checker remembers it: its term, a fingerprint of its command, and a fingerprint of the
/// whole log up to and including it (so comparing two logs' prefixes is one comparison).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CheckedEntry {
    pub term: u64,
    pub command: u64,
    pub prefix: u64,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct NodeView {
    pub log: Vec<CheckedEntry>,
    pub term: u64,
    /// `Some(term)` while the node is leader of `term`.
    pub leader_of: Option<u64>,
    /// The node's commit index as last reported (0 after a crash: it is volatile).
    pub commit_index: u64,
}

impl NodeView {
    /// Puts an entry at `index` (dropping anything from `index` on) and returns its prefix fingerprint.
    pub fn append(&mut self, index: u64, term: u64, command: &Command) -> u64 {
        let index = index.max(1);
        self.log.truncate(index as usize - 1);
        let before = self.log.last().map_or(FNV_OFFSET, |e| e.prefix);
        let command = fingerprint(command);
        let prefix = mix(mix(before, term), command);
        // A gap would mean a note went missing; fill it so later indexes stay aligned (it cannot happen with
        // this crate's notes, and a checker must not panic on odd traces).
        while (self.log.len() as u64) < index - 1 {
            self.log.push(CheckedEntry {
                term: 0,
                command: 0,
                prefix: 0,
            });
        }
        self.log.push(CheckedEntry {
            term,
            command,
            prefix,
        });
        prefix
    }

    pub fn truncate(&mut self, from_index: u64) {
        self.log.truncate(from_index.max(1) as usize - 1);
    }

    pub fn entry(&self, index: u64) -> Option<&CheckedEntry> {
        if index == 0 {
            return None;
        }
        self.log.get(index as usize - 1)
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Model {
    pub nodes: BTreeMap<NodeId, NodeView>,
}

impl Model {
    pub fn node(&mut self, id: NodeId) -> &mut NodeView {
        self.nodes.entry(id).or_default()
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over 8 bytes: fixed, portable and deterministic (no per-process random keys).
fn mix(mut h: u64, value: u64) -> u64 {
    for b in value.to_le_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

fn mix_str(mut h: u64, s: &str) -> u64 {
    h = mix(h, s.len() as u64);
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

pub(crate) fn fingerprint(command: &Command) -> u64 {
    let h = FNV_OFFSET;
    match command {
        Command::Noop => mix(h, 1),
        Command::Put { key, value, op } => mix(mix_str(mix_str(mix(h, 2), key), value), op_id(*op)),
        Command::Get { key, op } => mix(mix_str(mix(h, 3), key), op_id(*op)),
    }
}

fn op_id(op: OpId) -> u64 {
    op.0
}
