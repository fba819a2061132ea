//! Which participant owns a key. The rule is one a student can work out by hand: the code of the key's
//! first character (its ASCII byte), modulo the number of participants, picks the participant, counting
//! from n2. With two participants x (120) goes to n2, y (121) to n3, z (122) to n2; with three, x → n2,
//! y → n3, z → n4. The empty key belongs to n2.

use splitbrain_sim::{ClientOp, NodeId};
use std::collections::BTreeMap;

/// n1 coordinates; everyone else is a participant.
pub const COORDINATOR: NodeId = NodeId(0);

pub fn participant_count(nodes: u32) -> u32 {
    nodes.saturating_sub(1).max(1)
}

/// The participant that owns `key`.
pub fn owner(key: &str, nodes: u32) -> NodeId {
    let byte = key.bytes().next().unwrap_or(0) as u32;
    NodeId(1 + byte % participant_count(nodes))
}

/// The keys a participant owns, by their first letter, short enough for an inspector cell: "b d f … v x z"
/// (the rule itself, first character's code mod the number of participants, is in the docs).
pub fn describe(node: NodeId, nodes: u32) -> String {
    let p = participant_count(nodes);
    let i = node.0.saturating_sub(1);
    let letters: Vec<String> = (b'a'..=b'z')
        .filter(|b| (*b as u32) % p == i)
        .map(|b| (b as char).to_string())
        .collect();
    if letters.len() <= 6 {
        return format!("{}…", letters.join(" "));
    }
    format!(
        "{} … {}",
        letters[..3].join(" "),
        letters[letters.len() - 3..].join(" ")
    )
}

/// One participant's share of a transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Part {
    pub writes: BTreeMap<String, String>,
    pub reads: Vec<String>,
}

/// Splits a client operation into each participant's share: a put is a one-write transaction, a get a
/// one-read transaction. `None` for an operation that is not a transaction (compare-and-set).
pub fn split(op: &ClientOp, nodes: u32) -> Option<BTreeMap<NodeId, Part>> {
    let (writes, reads): (BTreeMap<String, String>, Vec<String>) = match op {
        ClientOp::Put { key, value, .. } => ([(key.clone(), value.clone())].into(), Vec::new()),
        ClientOp::Get { key } => (BTreeMap::new(), vec![key.clone()]),
        ClientOp::Txn { writes, reads } => (writes.clone(), reads.clone()),
        ClientOp::Cas { .. }
        | ClientOp::Send { .. }
        | ClientOp::Increment { .. }
        | ClientOp::Decrement { .. }
        | ClientOp::Add { .. }
        | ClientOp::Remove { .. } => return None,
    };
    let mut parts: BTreeMap<NodeId, Part> = BTreeMap::new();
    for (k, v) in writes {
        parts
            .entry(owner(&k, nodes))
            .or_default()
            .writes
            .insert(k, v);
    }
    for k in reads {
        parts.entry(owner(&k, nodes)).or_default().reads.push(k);
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_characters_code_mod_the_participants_picks_the_owner() {
        assert_eq!(owner("x", 3), NodeId(1));
        assert_eq!(owner("y", 3), NodeId(2));
        assert_eq!(owner("z", 3), NodeId(1));
        assert_eq!(owner("x", 4), NodeId(1));
        assert_eq!(owner("y", 4), NodeId(2));
        assert_eq!(owner("z", 4), NodeId(3));
        assert_eq!(owner("", 4), NodeId(1));
        assert!(describe(NodeId(1), 4).contains("x"));
    }

    #[test]
    fn a_transaction_splits_by_owner() {
        let op = ClientOp::parse_txn("x=1 y=2 z").unwrap();
        let parts = split(&op, 3).unwrap();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[&NodeId(1)].writes.len(), 1);
        assert_eq!(parts[&NodeId(1)].reads, vec!["z".to_string()]);
        assert!(split(
            &ClientOp::Cas {
                key: "x".into(),
                expected: "1".into(),
                new: "2".into()
            },
            3
        )
        .is_none());
    }
}
