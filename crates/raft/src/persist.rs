//! What survives a crash (Figure 2, "persistent state on all servers").

use crate::log::Entry;
use splitbrain_sim::NodeId;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersistentState {
    current_term: u64,
    voted_for: Option<NodeId>,
    log: Vec<Entry>,
}

impl PersistentState {
    pub fn new(current_term: u64, voted_for: Option<NodeId>, log: Vec<Entry>) -> Self {
        PersistentState {
            current_term,
            voted_for,
            log,
        }
    }

    pub fn current_term(&self) -> u64 {
        self.current_term
    }

    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }

    /// The persisted log, 0-based like [`crate::Raft::log`].
    pub fn log(&self) -> &[Entry] {
        &self.log
    }
}

impl crate::Raft {
    /// Saves `current_term`, `voted_for` and the log. Called whenever any of them changes, before the
    /// handler's messages go out (the engine applies effects in order, and persistence is immediate).
    pub(crate) fn persist(&self, out: &mut splitbrain_sim::Out<Self>) {
        out.persist(PersistentState::new(
            self.current_term,
            self.voted_for,
            self.log.entries().to_vec(),
        ));
    }
}
