//! Seeded random fault schedules for the sweeps every protocol runs (`../shared/PROTOCOLS.md` §6): crashes,
//! restarts, partitions, one-way cuts, pauses, forced timeouts, lossy and duplicating links, skewed and
//! drifting clocks, with client operations in between, then a heal after which liveness is judged.
//!
//! The scenario is built by the test from its own generator ([`Gen`], SplitMix64), never from the engine's:
//! a seed names one schedule, and the engine's seed (the same number) then drives the run.

use crate::ids::NodeId;
use crate::network::NetworkConfig;
use crate::scenario::{Action, NodeClock, Scenario, Scheduled};

/// How many seeds a sweep runs: `SWEEP_SEEDS` if set, else 10 000 in a build without debug assertions and
/// 300 with them (debug builds and the `ci` profile, which set `SWEEP_SEEDS` when they want the full count).
pub fn seed_count() -> u64 {
    if let Some(n) = std::env::var("SWEEP_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        return n;
    }
    if cfg!(debug_assertions) {
        300
    } else {
        10_000
    }
}

/// SplitMix64: the sweep's own generator for building scenarios (protocols never draw randomness).
pub struct Gen(pub u64);

impl Gen {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// Uniform in `[lo, hi]`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// The shape of a sweep's schedule. Times are simulated milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct Plan {
    /// Faults happen before this; at it, everything heals.
    pub fault_end_ms: u64,
    /// After the heal, the run goes on this long (the liveness bound).
    pub liveness_ms: u64,
    /// When the first action happens, and the gap between actions.
    pub first_ms: (u64, u64),
    pub gap_ms: (u64, u64),
    /// Out of 20 draws, how many are client operations (the rest are faults).
    pub client_slots: u64,
    /// With this chance (percent) a run has client operations and no faults at all.
    pub calm_percent: Option<u64>,
    /// Whether clocks may drift as well as be offset.
    pub drift: bool,
    /// When the client operations after the heal are invoked, after it.
    pub after_heal_ms: (u64, u64),
}

/// A lossy, duplicating network of random latency.
pub fn random_network(g: &mut Gen) -> NetworkConfig {
    let latency_min = g.range(5_000, 20_000);
    NetworkConfig {
        latency_min_us: latency_min,
        latency_max_us: latency_min + g.range(0, 30_000),
        loss: if g.chance(40) {
            g.range(1, 8) as f64 / 100.0
        } else {
            0.0
        },
        duplicate: if g.chance(30) {
            g.range(1, 5) as f64 / 100.0
        } else {
            0.0
        },
        ..NetworkConfig::default()
    }
}

/// Gives about half the nodes a skewed clock (±0.5 s), and half of those a drift of up to ±3 %.
pub fn random_clocks(g: &mut Gen, sc: &mut Scenario, drift: bool) {
    for n in 0..sc.cluster.nodes {
        if g.chance(50) {
            sc.clocks.push(NodeClock {
                node: NodeId(n),
                offset_us: g.range(0, 1_000_000) as i64 - 500_000,
                drift_ppm: if drift && g.chance(50) {
                    g.range(0, 60_000) as i32 - 30_000
                } else {
                    0
                },
            });
        }
    }
}

fn push(sc: &mut Scenario, at_ms: u64, action: Action) {
    sc.schedule.push(Scheduled {
        at_us: at_ms * 1_000,
        action,
    });
}

/// Fills the scenario's network, clocks and schedule per `plan`: random faults and client operations
/// (`client` draws one: its key, the node it goes to and the operation) until the heal, then every fault undone at once (network
/// healed and made reliable, every node resumed and restarted), a few client operations after it, and the
/// run's duration set to the liveness bound.
pub fn random_schedule(
    g: &mut Gen,
    sc: &mut Scenario,
    plan: &Plan,
    mut client: impl FnMut(&mut Gen) -> Action,
) {
    let nodes = sc.cluster.nodes;
    sc.network = random_network(g);
    random_clocks(g, sc, plan.drift);
    let calm = plan.calm_percent.is_some_and(|p| g.chance(p));
    let mut t = g.range(plan.first_ms.0, plan.first_ms.1);
    let mut crashed = vec![false; nodes as usize];
    let mut paused = vec![false; nodes as usize];
    while t < plan.fault_end_ms {
        let node = NodeId(g.below(nodes as u64) as u32);
        let i = node.index();
        let draw = g.below(20);
        let action = if calm || draw < plan.client_slots {
            client(g)
        } else {
            match draw - plan.client_slots {
                0 | 1 => {
                    crashed[i] = true;
                    Action::Crash { node }
                }
                2 | 3 => match crashed.iter().position(|c| *c) {
                    Some(c) => {
                        crashed[c] = false;
                        Action::Restart {
                            node: NodeId(c as u32),
                        }
                    }
                    None => Action::Timeout { node },
                },
                4 => {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    for n in 0..nodes {
                        if g.chance(50) {
                            a.push(NodeId(n))
                        } else {
                            b.push(NodeId(n))
                        }
                    }
                    Action::Partition { groups: vec![a, b] }
                }
                5 => Action::Heal,
                6 => {
                    paused[i] = true;
                    Action::Pause { node }
                }
                7 => match paused.iter().position(|p| *p) {
                    Some(p) => {
                        paused[p] = false;
                        Action::Resume {
                            node: NodeId(p as u32),
                        }
                    }
                    None => Action::Timeout { node },
                },
                8 => Action::Timeout { node },
                9 => Action::Cut {
                    from: node,
                    to: NodeId(g.below(nodes as u64) as u32),
                },
                _ => Action::Uncut {
                    from: node,
                    to: NodeId(g.below(nodes as u64) as u32),
                },
            }
        };
        push(sc, t, action);
        t += g.range(plan.gap_ms.0, plan.gap_ms.1);
    }
    let heal = plan.fault_end_ms;
    push(sc, heal, Action::Heal);
    let reliable = NetworkConfig {
        loss: 0.0,
        duplicate: 0.0,
        ..sc.network.clone()
    };
    push(sc, heal, Action::SetNetwork { network: reliable });
    for n in 0..nodes {
        push(sc, heal, Action::Resume { node: NodeId(n) });
        push(sc, heal, Action::Restart { node: NodeId(n) });
    }
    for _ in 0..g.range(1, 3) {
        let at = heal + g.range(plan.after_heal_ms.0, plan.after_heal_ms.1);
        let action = client(g);
        push(sc, at, action);
    }
    sc.duration_us = (heal + plan.liveness_ms) * 1_000;
}

/// Liveness after the heal: every client operation invoked after `heal_us` came back with an outcome
/// `answered` accepts (a protocol that may refuse accepts refusals too: the client knows the outcome). The
/// error names the first operation that did not.
pub fn ops_after_heal_answered<P: crate::Protocol>(
    events: &[crate::Event<P>],
    heal_us: u64,
    answered: fn(&crate::ClientOutcome) -> bool,
) -> Result<(), String> {
    use crate::EventKind;
    let mut late = std::collections::BTreeMap::new();
    for e in events {
        match &e.kind {
            EventKind::ClientInvoke { op, request, .. } if e.time.0 > heal_us => {
                late.insert(*op, (request.describe(), None));
            }
            EventKind::ClientReturn { op, outcome } => {
                if let Some(entry) = late.get_mut(op) {
                    entry.1 = Some(outcome.clone());
                }
            }
            _ => {}
        }
    }
    for (op, (what, outcome)) in late {
        if !outcome.as_ref().is_some_and(answered) {
            return Err(format!("{op} ({what}) after the heal ended as {outcome:?}"));
        }
    }
    Ok(())
}

/// An outcome the client knows for certain: done, or refused (definitely not applied).
pub fn definite(outcome: &crate::ClientOutcome) -> bool {
    matches!(
        outcome,
        crate::ClientOutcome::Ok { .. } | crate::ClientOutcome::Rejected { .. }
    )
}

/// Done, and nothing less.
pub fn ok(outcome: &crate::ClientOutcome) -> bool {
    matches!(outcome, crate::ClientOutcome::Ok { .. })
}
