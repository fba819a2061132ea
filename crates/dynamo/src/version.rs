//! §4.4 Data versioning. Every write makes a new, immutable version of its key. With vector clocks a
//! version carries a list of (node, counter) pairs; one version *descends* from another when its counter is
//! at least as large for every node, and versions where neither descends from the other are concurrent:
//! *siblings*, all kept and returned until a write whose context covers them reconciles them ("the
//! client merges"). With last-writer-wins a version carries its coordinator's local timestamp (node id as
//! tie-break) and only the highest survives.
//!
//! Clocks print as `[n1:2 n3:1]` (the read context a client hands back) and parse back from that text.

use crate::error::DynamoError;
use serde::{Deserialize, Serialize};
use splitbrain_sim::NodeId;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

/// A vector clock: counters per node, zero entries left out.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VClock(pub BTreeMap<NodeId, u64>);

impl VClock {
    pub fn get(&self, node: NodeId) -> u64 {
        self.0.get(&node).copied().unwrap_or(0)
    }

    /// True if every counter of `other` is at most ours: we have seen everything it has.
    pub fn descends(&self, other: &VClock) -> bool {
        other.0.iter().all(|(n, c)| self.get(*n) >= *c)
    }

    /// Pointwise maximum.
    pub fn merge(&mut self, other: &VClock) {
        for (n, c) in &other.0 {
            let e = self.0.entry(*n).or_insert(0);
            *e = (*e).max(*c);
        }
    }

    pub fn sum(&self) -> u64 {
        self.0.values().sum()
    }

    /// Parses a context as a read printed it: `[n1:2 n3:1]`, `[]`; node numbers must exist in a cluster
    /// of `nodes`.
    pub fn parse(text: &str, nodes: u32) -> Result<VClock, DynamoError> {
        let bad = |why: String| DynamoError::Context {
            text: text.to_string(),
            why,
        };
        let inner = text
            .trim()
            .strip_prefix('[')
            .and_then(|t| t.strip_suffix(']'))
            .ok_or_else(|| bad("a context is written in brackets, like [n1:2 n3:1]".into()))?;
        let mut clock = BTreeMap::new();
        for pair in inner.split_whitespace() {
            let (node, count) = pair
                .split_once(':')
                .ok_or_else(|| bad(format!("{pair:?} is not node:counter")))?;
            let k: u32 = node
                .strip_prefix('n')
                .and_then(|k| k.parse().ok())
                .filter(|k| (1..=nodes).contains(k))
                .ok_or_else(|| {
                    bad(format!(
                        "{node:?} is not a node of this cluster (n1 to n{nodes})"
                    ))
                })?;
            let c: u64 = count
                .parse()
                .map_err(|_| bad(format!("{count:?} is not a counter")))?;
            if clock.insert(NodeId(k - 1), c).is_some() {
                return Err(bad(format!("{node} appears twice")));
            }
        }
        clock.retain(|_, c| *c > 0);
        Ok(VClock(clock))
    }
}

impl fmt::Display for VClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|(n, c)| format!("{n}:{c}")).collect();
        write!(f, "[{}]", parts.join(" "))
    }
}

/// What orders a version.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Stamp {
    Clock {
        clock: VClock,
    },
    /// Last-writer-wins: the coordinator's local time (µs) when it took the write, and its id.
    Time {
        at_us: i64,
        node: NodeId,
    },
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stamp::Clock { clock } => write!(f, "{clock}"),
            Stamp::Time { at_us, node } => {
                write!(f, "t={:.3}ms@{node}", *at_us as f64 / 1000.0)
            }
        }
    }
}

/// One version of a key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Version {
    pub value: String,
    pub stamp: Stamp,
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.value, self.stamp)
    }
}

/// How two versions relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Same,
    /// The first supersedes the second.
    Newer,
    Older,
    Concurrent,
}

/// The true order of two versions: by vector clock, or by (timestamp, node).
pub fn compare(a: &Version, b: &Version) -> Order {
    match (&a.stamp, &b.stamp) {
        (Stamp::Clock { clock: x }, Stamp::Clock { clock: y }) => {
            match (x.descends(y), y.descends(x)) {
                (true, true) => Order::Same,
                (true, false) => Order::Newer,
                (false, true) => Order::Older,
                (false, false) => Order::Concurrent,
            }
        }
        (Stamp::Time { .. }, Stamp::Time { .. }) => match a.stamp.cmp(&b.stamp) {
            Ordering::Equal => Order::Same,
            Ordering::Greater => Order::Newer,
            Ordering::Less => Order::Older,
        },
        // A store never mixes the two; should it, keep both rather than lose one.
        _ => Order::Concurrent,
    }
}

/// The mutant `concurrent_as_ordered`: concurrent clocks are ordered by the sum of their counters (then by
/// their text), as a comparison that only looks at "how much happened" would.
fn compare_mutant(a: &Version, b: &Version) -> Order {
    match compare(a, b) {
        Order::Concurrent => match (&a.stamp, &b.stamp) {
            (Stamp::Clock { clock: x }, Stamp::Clock { clock: y }) => {
                match (x.sum(), x).cmp(&(y.sum(), y)) {
                    Ordering::Greater => Order::Newer,
                    Ordering::Less => Order::Older,
                    Ordering::Equal => Order::Same,
                }
            }
            _ => Order::Concurrent,
        },
        o => o,
    }
}

/// Merges `incoming` into `versions`: keeps every version no other one supersedes, each once, sorted. With
/// `ordered_concurrent` (the mutant), concurrent versions are ranked and one is dropped.
pub fn reconcile(
    versions: &[Version],
    incoming: &[Version],
    ordered_concurrent: bool,
) -> Vec<Version> {
    let cmp = if ordered_concurrent {
        compare_mutant
    } else {
        compare
    };
    let mut kept: Vec<Version> = Vec::new();
    for v in versions.iter().chain(incoming) {
        if kept
            .iter()
            .any(|k| matches!(cmp(k, v), Order::Newer | Order::Same))
        {
            continue;
        }
        kept.retain(|k| cmp(v, k) != Order::Newer);
        kept.push(v.clone());
    }
    kept.sort();
    kept
}

/// The context a read answers with: the pointwise maximum of its versions' clocks.
pub fn context_of(versions: &[Version]) -> VClock {
    let mut c = VClock::default();
    for v in versions {
        if let Stamp::Clock { clock } = &v.stamp {
            c.merge(clock);
        }
    }
    c
}

/// True if some version of `set` supersedes or equals `v` by the true order.
pub fn covered(set: &[Version], v: &Version) -> bool {
    set.iter()
        .any(|k| matches!(compare(k, v), Order::Newer | Order::Same))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vc(pairs: &[(u32, u64)]) -> Version {
        Version {
            value: format!("{pairs:?}"),
            stamp: Stamp::Clock {
                clock: VClock(pairs.iter().map(|(n, c)| (NodeId(*n), *c)).collect()),
            },
        }
    }

    #[test]
    fn s4_4_a_descendant_replaces_and_concurrent_versions_stay_siblings() {
        let a = vc(&[(0, 1)]);
        let b = vc(&[(1, 1)]);
        let ab = vc(&[(0, 1), (1, 1)]);
        let one = std::slice::from_ref;
        let both = reconcile(one(&a), one(&b), false);
        assert_eq!(both.len(), 2);
        assert_eq!(reconcile(&both, one(&ab), false), vec![ab.clone()]);
        assert_eq!(reconcile(one(&ab), one(&a), false), vec![ab.clone()]);
        assert_eq!(reconcile(one(&a), one(&b), true).len(), 1);
    }

    #[test]
    fn s4_4_a_context_prints_and_parses_back() {
        let c = context_of(&[vc(&[(0, 2)]), vc(&[(2, 1)])]);
        assert_eq!(c.to_string(), "[n1:2 n3:1]");
        assert_eq!(VClock::parse("[n1:2 n3:1]", 3).unwrap(), c);
        assert_eq!(VClock::parse("[]", 3).unwrap(), VClock::default());
        for bad in ["n1:2", "[n9:1]", "[n1:x]", "[n1]", "[n1:1 n1:2]", "[n0:1]"] {
            assert!(VClock::parse(bad, 3).is_err(), "{bad}");
        }
    }
}
