//! What every protocol crate's tests do alike, written once: build a scenario, run it with the checker and
//! look at the trace ([`Trial`]), load a bundled lecture, and drive one node by hand and read what it pushed
//! into its [`Out`]. Each crate's `tests/common` names its own types on top of this.

use crate::ids::{NodeId, OpId};
use crate::protocol::{
    Checker, ClientOp, ClientResponse, ClusterInfo, Effect, Label, Out, Protocol,
};
use crate::scenario::{Action, Scenario, Scheduled};
use crate::time::{LocalTime, SimTime};
use crate::trace::{ClientOutcome, Event, EventKind, Violation};
use crate::Simulation;

/// A scenario of `nodes` nodes of `P` with these options.
pub fn scenario<P: Protocol>(nodes: u32, seed: u64, options: &P::Options) -> Scenario {
    let mut sc = Scenario::new::<P>(nodes, seed);
    sc.cluster.options = serde_json::to_value(options).expect("options serialise");
    sc
}

/// Schedules `action` at `at_ms`, keeping the schedule in time order.
pub fn at(sc: &mut Scenario, at_ms: u64, action: Action) {
    sc.schedule.push(Scheduled {
        at_us: at_ms * 1_000,
        action,
    });
    sc.schedule.sort_by_key(|s| s.at_us);
}

pub fn put_op(key: &str, value: &str) -> ClientOp {
    ClientOp::Put {
        context: None,
        key: key.into(),
        value: value.into(),
    }
}

pub fn put(node: u32, key: &str, value: &str) -> Action {
    Action::Client {
        session: None,
        node: NodeId(node),
        op: put_op(key, value),
    }
}

pub fn get(node: u32, key: &str) -> Action {
    Action::Client {
        session: None,
        node: NodeId(node),
        op: ClientOp::Get { key: key.into() },
    }
}

/// A bundled lecture of `scenarios/<folder>/`, parsed and validated for `P`; `manifest_dir` is the calling
/// crate's `CARGO_MANIFEST_DIR`.
pub fn load<P: Protocol>(manifest_dir: &str, folder: &str, name: &str) -> Scenario {
    let path = format!("{manifest_dir}/../../scenarios/{folder}/{name}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let sc = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    sc.validate_for::<P>()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    sc
}

/// A finished (or paused) run with its trace and the checker's violations.
pub struct Trial<P: Protocol, C: Checker<P>> {
    pub sim: Simulation<P, C>,
    pub events: Vec<Event<P>>,
    pub violations: Vec<Violation>,
}

impl<P: Protocol, C: Checker<P> + Default> Trial<P, C> {
    pub fn new(sc: &Scenario) -> Self {
        Trial {
            sim: Simulation::new(sc).expect("valid scenario"),
            events: Vec::new(),
            violations: Vec::new(),
        }
    }

    pub fn until_ms(mut self, ms: u64) -> Self {
        self.sim
            .run_until(SimTime(ms * 1_000), &mut self.events, &mut self.violations);
        self
    }

    pub fn run_to_end(self) -> Self {
        let ms = self.sim.scenario().duration_us / 1_000;
        self.until_ms(ms)
    }
}

impl<P: Protocol, C: Checker<P>> Trial<P, C> {
    pub fn node(&self, n: u32) -> &P {
        self.sim.node(NodeId(n)).expect("node is up")
    }

    pub fn notes(&self) -> impl Iterator<Item = (&Event<P>, &P::Note)> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Note { note } => Some((e, note)),
            _ => None,
        })
    }

    /// How many notes of this label the trace holds.
    pub fn count(&self, label: &str) -> usize {
        self.notes().filter(|(_, n)| n.label() == label).count()
    }

    pub fn results(&self) -> Vec<(OpId, ClientOutcome)> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::ClientReturn { op, outcome } => Some((*op, outcome.clone())),
                _ => None,
            })
            .collect()
    }

    pub fn checkpoints(&self) -> Vec<(usize, bool)> {
        self.events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::Checkpoint { index, passed } => Some((index, passed)),
                _ => None,
            })
            .collect()
    }

    pub fn invariants(&self) -> Vec<&str> {
        self.violations
            .iter()
            .map(|v| v.invariant.as_str())
            .collect()
    }

    pub fn assert_checkpoints_pass(&self) {
        let cps = self.checkpoints();
        assert!(!cps.is_empty());
        for (i, passed) in cps {
            assert!(passed, "checkpoint {i} failed");
        }
    }
}

// ----- driving a single node by hand -------------------------------------------------------------------

pub const T0: LocalTime = LocalTime(0);

pub fn node<P: Protocol>(
    id: u32,
    nodes: u32,
    options: &P::Options,
    persisted: Option<&P::Persistent>,
) -> P {
    P::new(
        &ClusterInfo {
            id: NodeId(id),
            nodes,
        },
        options,
        persisted,
    )
}

/// A node built fresh and started at time zero.
pub fn started<P: Protocol>(id: u32, nodes: u32, options: &P::Options) -> P {
    let mut n = node::<P>(id, nodes, options, None);
    n.on_start(T0, &mut Out::new());
    n
}

pub fn sent<P: Protocol>(out: &Out<P>) -> Vec<(NodeId, P::Msg)> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

pub fn notes_of<P: Protocol>(out: &Out<P>) -> Vec<P::Note> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Note { note } => Some(note.clone()),
            _ => None,
        })
        .collect()
}

/// The last state the handler persisted, if it did.
pub fn persisted<P: Protocol>(out: &Out<P>) -> Option<P::Persistent> {
    out.effects().iter().rev().find_map(|e| match e {
        Effect::Persist { state } => Some(state.clone()),
        _ => None,
    })
}

pub fn replies<P: Protocol>(out: &Out<P>) -> Vec<(OpId, ClientResponse)> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Reply { op, response } => Some((*op, response.clone())),
            _ => None,
        })
        .collect()
}
