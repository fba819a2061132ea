//! The replica table: for every key, what each node stores right now (its versions, siblings, a hint it
//! keeps for another owner) and whether the key's replicas have converged. The replicas of a key are its
//! preference list when the store partitions by a ring, otherwise every node.

use super::versions::{values_text, versions_text};
use splitbrain_sim::{NodeId, Ring, Stored};
use std::collections::BTreeSet;

/// What a node shows in one key's row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// A replica of the key (or a node that stores it anyway) holding these versions.
    Holds {
        values: String,
        versions: String,
        siblings: usize,
        /// A replica whose versions differ from the key's majority.
        differs: bool,
    },
    /// A stand-in keeping the key for `owner`.
    Hint { owner: NodeId, versions: String },
    /// A replica that holds nothing of the key yet.
    Missing,
    /// A replica that is down: its store cannot be read.
    Down,
    /// Not a replica of the key and holding nothing of it.
    NotReplica,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Convergence {
    /// Every replica up holds the same versions.
    Converged,
    /// These replicas (up) hold something else than the most common set, or nothing.
    Diverged { differing: Vec<NodeId> },
    /// No replica up to read.
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRow {
    pub key: String,
    pub cells: Vec<Cell>,
    pub convergence: Convergence,
}

impl KeyRow {
    pub fn convergence_text(&self) -> String {
        match &self.convergence {
            Convergence::Converged => "converged".into(),
            Convergence::Unknown => "no replica up".into(),
            Convergence::Diverged { differing } => {
                let who: Vec<String> = differing.iter().map(|n| n.to_string()).collect();
                format!("diverged: {} differ", who.join(", "))
            }
        }
    }
}

/// One node's store as the table reads it: `None` when the node is down.
pub type NodeStore = Option<Vec<Stored>>;

/// Builds the table from every node's store (index = node) and, for a ring store, the ring.
pub fn replica_table(stores: &[NodeStore], ring: Option<&Ring>) -> Vec<KeyRow> {
    let mut keys: BTreeSet<String> = stores
        .iter()
        .flatten()
        .flatten()
        .map(|s| s.key.clone())
        .collect();
    if let Some(r) = ring {
        keys.extend(r.keys.iter().map(|k| k.key.clone()));
    }
    keys.into_iter()
        .map(|key| {
            let replicas: Vec<NodeId> =
                match ring.and_then(|r| r.keys.iter().find(|k| k.key == key)) {
                    Some(k) => k.preference.clone(),
                    None => (0..stores.len() as u32).map(NodeId).collect(),
                };
            row(&key, stores, &replicas)
        })
        .collect()
}

fn row(key: &str, stores: &[NodeStore], replicas: &[NodeId]) -> KeyRow {
    let owned = |k: usize| -> Option<&Stored> {
        stores[k]
            .as_ref()?
            .iter()
            .find(|s| s.key == key && s.hint_for.is_none())
    };
    let set_of = |s: &Stored| -> Vec<(String, String)> {
        s.versions
            .iter()
            .map(|v| (v.value.clone(), v.clock.clone()))
            .collect()
    };
    // The most common set among the replicas up: the one the others "differ" from.
    let live: Vec<usize> = replicas
        .iter()
        .map(|n| n.index())
        .filter(|k| *k < stores.len() && stores[*k].is_some())
        .collect();
    let sets: Vec<Vec<(String, String)>> = live
        .iter()
        .map(|k| owned(*k).map(set_of).unwrap_or_default())
        .collect();
    let majority = sets
        .iter()
        .max_by_key(|s| (sets.iter().filter(|t| t == s).count(), !s.is_empty()))
        .cloned();
    let differing: Vec<NodeId> = live
        .iter()
        .zip(&sets)
        .filter(|(_, s)| Some(*s) != majority.as_ref())
        .map(|(k, _)| NodeId(*k as u32))
        .collect();
    let convergence = if live.is_empty() {
        Convergence::Unknown
    } else if differing.is_empty() && sets.iter().all(|s| !s.is_empty()) {
        Convergence::Converged
    } else {
        // A key nobody but one replica holds yet is not converged: the others are "missing".
        let mut d = differing.clone();
        if d.is_empty() {
            d = live.iter().map(|k| NodeId(*k as u32)).collect();
        }
        Convergence::Diverged { differing: d }
    };
    let cells = (0..stores.len())
        .map(|k| {
            let node = NodeId(k as u32);
            let is_replica = replicas.contains(&node);
            let Some(store) = &stores[k] else {
                return if is_replica {
                    Cell::Down
                } else {
                    Cell::NotReplica
                };
            };
            if let Some(s) = owned(k) {
                let set = set_of(s);
                return Cell::Holds {
                    values: values_text(&set),
                    versions: versions_text(&set),
                    siblings: set.len(),
                    differs: differing.contains(&node),
                };
            }
            if let Some(h) = store.iter().find(|s| s.key == key && s.hint_for.is_some()) {
                return Cell::Hint {
                    owner: h.hint_for.unwrap_or(node),
                    versions: versions_text(&set_of(h)),
                };
            }
            if is_replica {
                Cell::Missing
            } else {
                Cell::NotReplica
            }
        })
        .collect();
    KeyRow {
        key: key.to_string(),
        cells,
        convergence,
    }
}

/// The (stand-in, owner) pairs holding hints for `key`, for the ring picture.
pub fn hints_for(stores: &[NodeStore], key: &str) -> Vec<(NodeId, NodeId)> {
    stores
        .iter()
        .enumerate()
        .filter_map(|(k, s)| Some((k, s.as_ref()?)))
        .flat_map(|(k, s)| {
            s.iter()
                .filter(|st| st.key == key)
                .filter_map(move |st| Some((NodeId(k as u32), st.hint_for?)))
        })
        .collect()
}
