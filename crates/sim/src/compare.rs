//! A comparison a scenario can hold: its fault schedule, client workload and seed, run against several
//! systems (protocol + options) by `splitbrain_compare`. And the steady client [`Workload`] a scenario can
//! ask for instead of listing every operation, which the engine expands when a run starts.

use crate::error::Error;
use crate::ids::NodeId;
use crate::protocol::ClientOp;
use crate::scenario::{Action, Scheduled};
use serde::{Deserialize, Serialize};

/// The most systems one comparison shows: more lines than this on one chart cannot be told apart.
pub const MAX_SYSTEMS: usize = 4;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    pub systems: Vec<System>,
}

/// One compared configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    /// The name on the charts and in the table ("Raft, lease reads").
    pub label: String,
    pub protocol: String,
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub options: serde_json::Value,
}

/// A steady client workload: one operation every `1 / rate` seconds from `from_us` to `to_us`, sent to the
/// nodes in turn, over `keys` keys; `read_percent` of them are gets, the rest puts of fresh values. Regular
/// and seed-free, so every compared system sees exactly the same requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    pub rate_per_s: u32,
    #[serde(default = "default_read_percent")]
    pub read_percent: u32,
    #[serde(default = "default_keys")]
    pub keys: u32,
    #[serde(default)]
    pub from_us: u64,
    pub to_us: u64,
}

fn default_read_percent() -> u32 {
    50
}
fn default_keys() -> u32 {
    1
}

impl Workload {
    pub const MAX_RATE: u32 = 200;
    pub const MAX_KEYS: u32 = 16;

    pub fn validate(&self, duration_us: u64, path: &str) -> Result<(), Error> {
        let field = |f: &str| format!("{path}.{f}");
        if self.rate_per_s == 0 || self.rate_per_s > Self::MAX_RATE {
            return Err(Error::invalid(
                field("rate_per_s"),
                format!("must be 1 to {} operations per second", Self::MAX_RATE),
            ));
        }
        if self.read_percent > 100 {
            return Err(Error::invalid(field("read_percent"), "must be 0 to 100"));
        }
        if self.keys == 0 || self.keys > Self::MAX_KEYS {
            return Err(Error::invalid(
                field("keys"),
                format!("must be 1 to {}", Self::MAX_KEYS),
            ));
        }
        if self.from_us >= self.to_us || self.to_us > duration_us {
            return Err(Error::invalid(field("to_us"), format!("the workload must end after it starts ({} µs) and by the scenario's end ({duration_us} µs)", self.from_us)));
        }
        Ok(())
    }

    /// The client actions, in time order. Reads are spread evenly: operation `i` is a get when the running
    /// count of reads falls behind `read_percent` of `i + 1`.
    pub fn actions(&self, nodes: u32) -> Vec<Scheduled> {
        let gap = 1_000_000 / self.rate_per_s.max(1) as u64;
        let mut out = Vec::new();
        let mut reads = 0u64;
        let mut i = 0u64;
        while self.from_us + i * gap < self.to_us {
            let key = format!("k{}", i % self.keys.max(1) as u64 + 1);
            let op = if (reads + 1) * 100 <= (i + 1) * self.read_percent as u64 {
                reads += 1;
                ClientOp::Get { key }
            } else {
                ClientOp::Put {
                    context: None,
                    key,
                    value: (i + 1).to_string(),
                }
            };
            out.push(Scheduled {
                at_us: self.from_us + i * gap,
                action: Action::Client {
                    session: None,
                    node: NodeId((i % nodes.max(1) as u64) as u32),
                    op,
                },
            });
            i += 1;
        }
        out
    }
}

impl Comparison {
    pub fn validate(&self) -> Result<(), Error> {
        if self.systems.is_empty() || self.systems.len() > MAX_SYSTEMS {
            return Err(Error::invalid(
                "compare.systems",
                format!(
                    "a comparison needs 1 to {MAX_SYSTEMS} systems, found {}",
                    self.systems.len()
                ),
            ));
        }
        for (i, s) in self.systems.iter().enumerate() {
            let label = s.label.trim();
            if label.is_empty() || label.chars().count() > 40 {
                return Err(Error::invalid(
                    format!("compare.systems[{i}].label"),
                    "needs a name of 1 to 40 characters",
                ));
            }
            if self.systems[..i].iter().any(|o| o.label.trim() == label) {
                return Err(Error::invalid(
                    format!("compare.systems[{i}].label"),
                    format!("`{label}` is used twice"),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workload_is_regular_round_robin_and_reads_its_share() {
        let w = Workload {
            rate_per_s: 10,
            read_percent: 50,
            keys: 2,
            from_us: 1_000_000,
            to_us: 2_000_000,
        };
        let a = w.actions(3);
        assert_eq!(a.len(), 10);
        assert_eq!(a[1].at_us - a[0].at_us, 100_000);
        let gets = a
            .iter()
            .filter(|s| {
                matches!(
                    s.action,
                    Action::Client {
                        op: ClientOp::Get { .. },
                        ..
                    }
                )
            })
            .count();
        assert_eq!(gets, 5);
        assert!(
            matches!(&a[3].action, Action::Client { node: NodeId(0), op: ClientOp::Get { key }, .. } if key == "k2")
        );
        assert!(
            matches!(
                &a[0].action,
                Action::Client {
                    op: ClientOp::Put { .. },
                    ..
                }
            ),
            "the first operation writes"
        );
    }

    #[test]
    fn absurd_workloads_and_comparisons_are_refused_naming_the_field() {
        let w = Workload {
            rate_per_s: 0,
            read_percent: 50,
            keys: 1,
            from_us: 0,
            to_us: 10,
        };
        let e = w.validate(100, "workload").unwrap_err().to_string();
        assert!(e.contains("workload.rate_per_s"), "{e}");
        let w = Workload {
            rate_per_s: 1,
            read_percent: 50,
            keys: 1,
            from_us: 0,
            to_us: 1000,
        };
        assert!(w
            .validate(100, "w")
            .unwrap_err()
            .to_string()
            .contains("w.to_us"));
        let c = Comparison { systems: vec![] };
        assert!(c
            .validate()
            .unwrap_err()
            .to_string()
            .contains("compare.systems"));
        let s = System {
            label: "A".into(),
            protocol: "raft".into(),
            options: serde_json::Value::Null,
        };
        let c = Comparison {
            systems: vec![s.clone(), s],
        };
        assert!(c.validate().unwrap_err().to_string().contains("used twice"));
    }
}
