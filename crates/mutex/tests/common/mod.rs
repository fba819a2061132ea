//! Helpers shared by the mutual exclusion tests: building scenarios, running them with the checker, driving
//! one node by hand, and looking at the result.
#![allow(dead_code)]

use splitbrain_mutex::{DistMutex, Message, MutexChecker, MutexOptions, Note, Persistent};
use splitbrain_sim::{
    Action, ClientOp, ClientOutcome, ClientResponse, ClusterInfo, Effect, Event, EventKind,
    LocalTime, NodeId, OpId, Out, Protocol, Scenario, Scheduled, SimTime, Simulation, Violation,
};
use std::path::PathBuf;

pub fn scenario(nodes: u32, seed: u64, options: MutexOptions) -> Scenario {
    let mut sc = Scenario::new::<DistMutex>(nodes, seed);
    sc.cluster.options = serde_json::to_value(options).unwrap();
    sc
}

pub fn at(sc: &mut Scenario, at_ms: u64, action: Action) {
    sc.schedule.push(Scheduled {
        at_us: at_ms * 1_000,
        action,
    });
    sc.schedule.sort_by_key(|s| s.at_us);
}

pub fn put(node: u32, key: &str, value: &str) -> Action {
    Action::Client {
        node: NodeId(node),
        op: ClientOp::Put {
            key: key.into(),
            value: value.into(),
        },
    }
}

pub fn get(node: u32, key: &str) -> Action {
    Action::Client {
        node: NodeId(node),
        op: ClientOp::Get { key: key.into() },
    }
}

/// A finished (or paused) run with its trace and the checker's violations.
pub struct Run {
    pub sim: Simulation<DistMutex, MutexChecker>,
    pub events: Vec<Event<DistMutex>>,
    pub violations: Vec<Violation>,
}

impl Run {
    pub fn new(sc: &Scenario) -> Self {
        Run {
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

    pub fn node(&self, n: u32) -> &DistMutex {
        self.sim.node(NodeId(n)).expect("node is up")
    }

    pub fn notes(&self) -> impl Iterator<Item = (&Event<DistMutex>, &Note)> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Note { note } => Some((e, note)),
            _ => None,
        })
    }

    pub fn count(&self, label: &str) -> usize {
        use splitbrain_sim::Label;
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

    pub fn linearizability(&self) -> splitbrain_check::Report {
        splitbrain_check::check_all(&self.events)
    }

    pub fn assert_safe(&self) {
        assert!(
            self.violations.is_empty(),
            "violations: {:#?}",
            self.violations
        );
        let report = self.linearizability();
        assert!(
            report.violations.is_empty(),
            "linearizability: {:#?}",
            report.violations
        );
    }

    pub fn assert_checkpoints_pass(&self) {
        let cps = self.checkpoints();
        assert!(!cps.is_empty());
        for (i, passed) in cps {
            assert!(passed, "checkpoint {i} failed");
        }
    }
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/mutex")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    let text =
        std::fs::read_to_string(scenario_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let sc = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    sc.validate_for::<DistMutex>()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    sc
}

// ----- driving a single node by hand -------------------------------------------------------------------

pub const T0: LocalTime = LocalTime(0);

pub fn node(
    id: u32,
    nodes: u32,
    options: &MutexOptions,
    persisted: Option<&Persistent>,
) -> DistMutex {
    DistMutex::new(
        &ClusterInfo {
            id: NodeId(id),
            nodes,
        },
        options,
        persisted,
    )
}

pub fn started(id: u32, nodes: u32, options: &MutexOptions) -> DistMutex {
    let mut n = node(id, nodes, options, None);
    n.on_start(T0, &mut Out::new());
    n
}

pub fn sent(out: &Out<DistMutex>) -> Vec<(NodeId, Message)> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

pub fn notes_of(out: &Out<DistMutex>) -> Vec<Note> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Note { note } => Some(note.clone()),
            _ => None,
        })
        .collect()
}

pub fn persisted(out: &Out<DistMutex>) -> Option<Persistent> {
    out.effects().iter().rev().find_map(|e| match e {
        Effect::Persist { state } => Some(state.clone()),
        _ => None,
    })
}

pub fn replies(out: &Out<DistMutex>) -> Vec<(OpId, ClientResponse)> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Reply { op, response } => Some((*op, response.clone())),
            _ => None,
        })
        .collect()
}

pub fn put_op(key: &str, value: &str) -> ClientOp {
    ClientOp::Put {
        key: key.into(),
        value: value.into(),
    }
}
