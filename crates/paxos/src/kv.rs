//! The replicated state machine on top of Multi-Paxos (*Paxos Made Simple* §3: "a collection of servers, each
//! independently implementing a state machine … executing the chosen commands in sequence"). It remembers each
//! client operation's result, so a request retried after a timeout, and chosen in two slots, applies once.
//! Compare-and-set follows Maelstrom's lin-kv: a missing key or another value fails the operation.

use crate::value::Value;
use splitbrain_sim::OpId;
use std::collections::BTreeMap;

/// What the client is told: `Ok(value read)` or `Err(reason)` for a failed compare-and-set.
pub type Outcome = Result<Option<String>, String>;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kv {
    data: BTreeMap<String, String>,
    results: BTreeMap<OpId, Outcome>,
}

impl Kv {
    pub fn data(&self) -> &BTreeMap<String, String> {
        &self.data
    }

    /// The result of `op`, if it was applied already.
    pub fn result(&self, op: OpId) -> Option<&Outcome> {
        self.results.get(&op)
    }

    pub fn apply(&mut self, value: &Value) -> Outcome {
        let Some(op) = value.op() else {
            return Ok(None); // a no-op
        };
        if let Some(done) = self.results.get(&op) {
            return done.clone();
        }
        let result = match value {
            Value::Noop => Ok(None),
            Value::Put { key, value, .. } => {
                self.data.insert(key.clone(), value.clone());
                Ok(None)
            }
            Value::Get { key, .. } => Ok(self.data.get(key).cloned()),
            Value::Cas {
                key, expected, new, ..
            } => match self.data.get(key) {
                None => Err(format!("key {key} does not exist")),
                Some(v) if v != expected => Err(format!("{key} holds {v}, not {expected}")),
                Some(_) => {
                    self.data.insert(key.clone(), new.clone());
                    Ok(None)
                }
            },
        };
        self.results.insert(op, result.clone());
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(v: &str, op: u64) -> Value {
        Value::Put {
            key: "x".into(),
            value: v.into(),
            op: OpId(op),
        }
    }

    #[test]
    fn a_retried_put_is_applied_once() {
        let mut kv = Kv::default();
        assert_eq!(kv.apply(&put("1", 1)), Ok(None));
        assert_eq!(kv.apply(&put("2", 2)), Ok(None));
        assert_eq!(kv.apply(&put("1", 1)), Ok(None));
        assert_eq!(kv.data().get("x").map(String::as_str), Some("2"));
    }

    #[test]
    fn cas_follows_lin_kv() {
        let mut kv = Kv::default();
        let cas = |e: &str, n: &str, op| Value::Cas {
            key: "x".into(),
            expected: e.into(),
            new: n.into(),
            op: OpId(op),
        };
        assert!(kv.apply(&cas("1", "2", 1)).is_err(), "missing key fails");
        assert_eq!(kv.apply(&put("1", 2)), Ok(None));
        assert!(kv.apply(&cas("3", "4", 3)).is_err(), "other value fails");
        assert_eq!(kv.apply(&cas("1", "2", 4)), Ok(None));
        assert_eq!(kv.data().get("x").map(String::as_str), Some("2"));
    }
}
