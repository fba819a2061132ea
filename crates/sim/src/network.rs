//! The network model: latency, loss, duplication, reordering, partitions and one-way cuts.

use crate::ids::NodeId;
use crate::time::SimDuration;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Link behaviour for the whole cluster, with optional per-link overrides.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkConfig {
    /// One-way latency is drawn uniformly from `[latency_min_us, latency_max_us]`.
    #[serde(default = "default_latency_min")]
    pub latency_min_us: u64,
    #[serde(default = "default_latency_max")]
    pub latency_max_us: u64,
    /// Probability that a message is lost, 0.0–1.0.
    #[serde(default)]
    pub loss: f64,
    /// Probability that a message is delivered twice, 0.0–1.0.
    #[serde(default)]
    pub duplicate: f64,
    /// When false, each link is FIFO: a message never overtakes an earlier one on the same link.
    #[serde(default = "default_true")]
    pub reorder: bool,
    #[serde(default)]
    pub links: Vec<LinkOverride>,
}

/// Different behaviour for one directed link (a slow WAN hop, a lossy cable).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkOverride {
    pub from: NodeId,
    pub to: NodeId,
    #[serde(default)]
    pub latency_min_us: Option<u64>,
    #[serde(default)]
    pub latency_max_us: Option<u64>,
    #[serde(default)]
    pub loss: Option<f64>,
}

fn default_latency_min() -> u64 {
    10_000
}
fn default_latency_max() -> u64 {
    30_000
}
fn default_true() -> bool {
    true
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            latency_min_us: default_latency_min(),
            latency_max_us: default_latency_max(),
            loss: 0.0,
            duplicate: 0.0,
            reorder: true,
            links: Vec::new(),
        }
    }
}

/// The longest latency accepted: one minute. Longer is not a network, it is a partition.
pub const MAX_LATENCY_US: u64 = 60_000_000;

impl NetworkConfig {
    /// (min latency, max latency, loss) for the directed link `from → to`.
    pub fn link(&self, from: NodeId, to: NodeId) -> (SimDuration, SimDuration, f64) {
        let mut min = self.latency_min_us;
        let mut max = self.latency_max_us;
        let mut loss = self.loss;
        // Last override wins, so a scenario can refine an earlier one.
        for o in self.links.iter().filter(|o| o.from == from && o.to == to) {
            min = o.latency_min_us.unwrap_or(min);
            max = o.latency_max_us.unwrap_or(max);
            loss = o.loss.unwrap_or(loss);
        }
        (SimDuration(min), SimDuration(max.max(min)), loss)
    }

    /// Checks every value; `path` prefixes the field names in the error.
    pub fn validate(&self, nodes: u32, path: &str) -> Result<(), crate::Error> {
        let check_latency = |min: u64, max: u64, p: &str| {
            if max > MAX_LATENCY_US {
                return Err(crate::Error::invalid(
                    format!("{p}.latency_max_us"),
                    format!(
                        "{max} µs is more than the maximum of {MAX_LATENCY_US} µs (one minute)"
                    ),
                ));
            }
            if min > max {
                return Err(crate::Error::invalid(
                    format!("{p}.latency_min_us"),
                    format!("minimum latency {min} µs is above the maximum {max} µs"),
                ));
            }
            Ok(())
        };
        check_latency(self.latency_min_us, self.latency_max_us, path)?;
        check_probability(self.loss, &format!("{path}.loss"))?;
        check_probability(self.duplicate, &format!("{path}.duplicate"))?;
        for (i, o) in self.links.iter().enumerate() {
            let p = format!("{path}.links[{i}]");
            crate::scenario::check_node(o.from, nodes, &format!("{p}.from"))?;
            crate::scenario::check_node(o.to, nodes, &format!("{p}.to"))?;
            let min = o.latency_min_us.unwrap_or(self.latency_min_us);
            let max = o.latency_max_us.unwrap_or(self.latency_max_us);
            check_latency(min, max, &p)?;
            if let Some(loss) = o.loss {
                check_probability(loss, &format!("{p}.loss"))?;
            }
        }
        Ok(())
    }
}

fn check_probability(p: f64, path: &str) -> Result<(), crate::Error> {
    if !(0.0..=1.0).contains(&p) {
        return Err(crate::Error::invalid(
            path,
            format!("{p} is not a probability between 0.0 and 1.0"),
        ));
    }
    Ok(())
}

/// Who can currently talk to whom.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topology {
    /// When set, the cluster is split: nodes in different groups cannot exchange messages. A node in no group
    /// is isolated.
    pub groups: Option<Vec<Vec<NodeId>>>,
    /// One-way cuts `(from, to)`: messages from `from` to `to` are lost; the reverse direction still works.
    pub cuts: BTreeSet<(NodeId, NodeId)>,
}

impl Topology {
    pub fn connected(&self, from: NodeId, to: NodeId) -> bool {
        if from == to {
            return true;
        }
        if self.cuts.contains(&(from, to)) {
            return false;
        }
        match &self.groups {
            None => true,
            Some(groups) => groups.iter().any(|g| g.contains(&from) && g.contains(&to)),
        }
    }

    pub fn is_healthy(&self) -> bool {
        self.groups.is_none() && self.cuts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(i: u32) -> NodeId {
        NodeId(i)
    }

    #[test]
    fn partitions_block_exactly_the_links_between_groups() {
        let t = Topology {
            groups: Some(vec![vec![n(0), n(1)], vec![n(2), n(3), n(4)]]),
            cuts: BTreeSet::new(),
        };
        for a in 0..5 {
            for b in 0..5 {
                let same_side = (a < 2) == (b < 2);
                assert_eq!(t.connected(n(a), n(b)), same_side, "{a}->{b}");
            }
        }
    }

    #[test]
    fn one_way_cuts_are_one_way() {
        let mut t = Topology::default();
        t.cuts.insert((n(0), n(1)));
        assert!(!t.connected(n(0), n(1)));
        assert!(t.connected(n(1), n(0)));
        assert!(t.connected(n(0), n(2)));
    }

    #[test]
    fn link_overrides_apply_to_one_direction() {
        let mut c = NetworkConfig::default();
        c.links.push(LinkOverride {
            from: n(0),
            to: n(1),
            latency_min_us: Some(100_000),
            latency_max_us: Some(200_000),
            loss: Some(0.5),
        });
        assert_eq!(
            c.link(n(0), n(1)),
            (SimDuration(100_000), SimDuration(200_000), 0.5)
        );
        assert_eq!(
            c.link(n(1), n(0)),
            (SimDuration(10_000), SimDuration(30_000), 0.0)
        );
    }

    #[test]
    fn absurd_values_are_rejected_with_their_path() {
        let mut c = NetworkConfig {
            loss: 1.5,
            ..NetworkConfig::default()
        };
        let err = c.validate(3, "network").unwrap_err().to_string();
        assert!(err.contains("network.loss"), "{err}");
        c.loss = 0.0;
        c.latency_max_us = u64::MAX;
        let err = c.validate(3, "network").unwrap_err().to_string();
        assert!(err.contains("network.latency_max_us"), "{err}");
    }
}
