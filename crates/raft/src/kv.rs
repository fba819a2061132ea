//! The replicated state machine: a key-value map that remembers each client operation's result, so a
//! request retried after a timeout is applied once (§8 of the paper).

use crate::log::Command;
use splitbrain_sim::OpId;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kv {
    data: BTreeMap<String, String>,
    /// Result of every client operation applied so far.
    results: BTreeMap<OpId, Option<String>>,
}

impl Kv {
    pub fn data(&self) -> &BTreeMap<String, String> {
        &self.data
    }

    pub fn get(&self, key: &str) -> Option<String> {
        self.data.get(key).cloned()
    }

    /// Applies one committed command and returns its result (the value read, for a get).
    pub fn apply(&mut self, command: &Command) -> Option<String> {
        match command {
            Command::Noop => None,
            Command::Put { key, value, op } => {
                if let Some(done) = self.results.get(op) {
                    return done.clone();
                }
                self.data.insert(key.clone(), value.clone());
                self.results.insert(*op, None);
                None
            }
            Command::Get { key, op } => {
                if let Some(done) = self.results.get(op) {
                    return done.clone();
                }
                let value = self.get(key);
                self.results.insert(*op, value.clone());
                value
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_retried_put_is_applied_once() {
        let mut kv = Kv::default();
        let put = |v: &str, op| Command::Put {
            key: "x".into(),
            value: v.into(),
            op: OpId(op),
        };
        kv.apply(&put("1", 1));
        kv.apply(&put("2", 2));
        kv.apply(&put("1", 1)); // the retry of op 1 must not undo op 2
        assert_eq!(kv.get("x").as_deref(), Some("2"));
        let get = Command::Get {
            key: "x".into(),
            op: OpId(3),
        };
        assert_eq!(kv.apply(&get).as_deref(), Some("2"));
        kv.apply(&put("3", 4));
        assert_eq!(
            kv.apply(&get).as_deref(),
            Some("2"),
            "a retried get returns its first result"
        );
    }
}
