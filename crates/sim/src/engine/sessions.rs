//! What a client session remembers between its operations: the node it is pinned to (sticky sessions) and,
//! per key, the context its last read returned, which its next write of that key carries back.

use crate::ids::NodeId;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub(crate) struct Sessions {
    homes: BTreeMap<u32, NodeId>,
    contexts: BTreeMap<(u32, String), String>,
}

impl Sessions {
    /// The node session `s` is pinned to: the one its first operation went to (`asked`).
    pub fn home(&mut self, s: u32, asked: NodeId) -> NodeId {
        *self.homes.entry(s).or_insert(asked)
    }

    pub fn context(&self, s: u32, key: &str) -> Option<String> {
        self.contexts.get(&(s, key.to_string())).cloned()
    }

    pub fn remember(&mut self, s: u32, key: String, context: String) {
        self.contexts.insert((s, key), context);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_stays_with_its_first_node_and_keeps_one_context_per_key() {
        let mut s = Sessions::default();
        assert_eq!(s.home(1, NodeId(2)), NodeId(2));
        assert_eq!(s.home(1, NodeId(0)), NodeId(2));
        assert_eq!(s.home(2, NodeId(0)), NodeId(0));
        s.remember(1, "x".into(), "[n1:1]".into());
        s.remember(1, "x".into(), "[n1:2]".into());
        assert_eq!(s.context(1, "x").as_deref(), Some("[n1:2]"));
        assert_eq!(s.context(1, "y"), None);
        assert_eq!(s.context(2, "x"), None);
    }
}
