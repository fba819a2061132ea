//! What survives a crash (Dynamo's durable storage engine, §4.1, §4.6): the store, the hinted versions held
//! for other owners, the counter this node last put in a vector clock and the last timestamp it issued (so a
//! restarted coordinator never reuses either). Coordinations in flight, who seemed down and the anti-entropy
//! schedule are lost.

use crate::version::Version;
use splitbrain_sim::NodeId;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Persistent {
    pub store: BTreeMap<String, Vec<Version>>,
    pub hints: BTreeMap<(String, NodeId), Vec<Version>>,
    pub counter: u64,
    /// Last-writer-wins: the last timestamp this node issued, so it never issues the same one twice.
    pub last_stamp_us: Option<i64>,
    /// How many times the node has started: request ids of an earlier incarnation are never reused.
    pub boots: u64,
}
