//! Log Matching: if two logs contain an entry with the same index and term, the logs are identical in all
//! entries up through that index (§5.3). Since a term's leader creates each (index, term) entry once, this
//! holds across time too, so every entry is compared with the first one ever seen at its (index, term).

use super::{violation, LOG_MATCHING};
use splitbrain_sim::{EventId, NodeId, Violation};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default)]
pub(crate) struct LogMatching {
    /// (index, term) → fingerprint of the log up to that entry, and the node it was first seen on.
    first_seen: BTreeMap<(u64, u64), (u64, NodeId)>,
    /// Pairs already reported, so one divergence is reported once rather than at every later append.
    reported: BTreeSet<(u64, u64)>,
}

impl LogMatching {
    pub fn on_append(
        &mut self,
        node: NodeId,
        index: u64,
        term: u64,
        prefix: u64,
        id: EventId,
        violations: &mut Vec<Violation>,
    ) {
        match self.first_seen.get(&(index, term)) {
            None => {
                self.first_seen.insert((index, term), (prefix, node));
            }
            Some((p, _)) if *p == prefix => {}
            Some((_, other)) => {
                if self.reported.insert((index, term)) {
                    violations.push(violation(
                        LOG_MATCHING,
                        id,
                        format!(
                            "{other} and {node} both have an entry at index {index} with term {term}, \
                             but their logs differ at or before index {index}"
                        ),
                    ));
                }
            }
        }
    }
}
