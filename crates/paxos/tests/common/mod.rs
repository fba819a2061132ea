//! Helpers shared by the Paxos tests: building scenarios, running them with the checker, driving one node by
//! hand, and looking at the result.
#![allow(dead_code)]

use splitbrain_paxos::{
    Ballot, Message, MultiPaxos, Note, Paxos, PaxosChecker, PaxosOptions, Persistent, Value,
};
use splitbrain_sim::{
    Action, ClientOp, ClientOutcome, ClusterInfo, Effect, Event, EventKind, LocalTime, NodeId,
    OpId, Out, Protocol, Scenario, Scheduled, SimTime, Simulation, Violation,
};
use std::path::PathBuf;

pub fn scenario<P: Protocol<Options = PaxosOptions>>(
    nodes: u32,
    seed: u64,
    options: PaxosOptions,
) -> Scenario {
    let mut sc = Scenario::new::<P>(nodes, seed);
    sc.cluster.options = serde_json::to_value(options).unwrap();
    sc
}

pub fn at(sc: &mut Scenario, at_ms: u64, action: Action) {
    sc.schedule.push(Scheduled {
        at_us: at_ms * 1_000,
        action,
    });
}

pub fn put(node: u32, key: &str, value: &str) -> Action {
    Action::Client {
        session: None,
        node: NodeId(node),
        op: ClientOp::Put {
            context: None,
            key: key.into(),
            value: value.into(),
        },
    }
}

pub fn get(node: u32, key: &str) -> Action {
    Action::Client {
        session: None,
        node: NodeId(node),
        op: ClientOp::Get { key: key.into() },
    }
}

pub fn cas(node: u32, key: &str, expected: &str, new: &str) -> Action {
    Action::Client {
        session: None,
        node: NodeId(node),
        op: ClientOp::Cas {
            key: key.into(),
            expected: expected.into(),
            new: new.into(),
        },
    }
}

/// A finished (or paused) run with its trace and the checker's violations.
pub struct Run<P: Protocol<Note = Note>> {
    pub sim: Simulation<P, PaxosChecker>,
    pub events: Vec<Event<P>>,
    pub violations: Vec<Violation>,
}

impl<P: Protocol<Note = Note>> Run<P> {
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

    pub fn node(&self, n: u32) -> &P {
        self.sim.node(NodeId(n)).expect("node is up")
    }

    pub fn notes(&self) -> impl Iterator<Item = (&Event<P>, &Note)> {
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

    pub fn assert_safe(&self) {
        assert!(
            self.violations.is_empty(),
            "violations: {:#?}",
            self.violations
        );
        let report = splitbrain_check::check_all(&self.events);
        assert!(
            report.violations.is_empty(),
            "linearizability: {:#?}",
            report.violations
        );
    }
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/paxos")
        .join(name)
}

pub fn load<P: Protocol>(name: &str) -> Scenario {
    let text =
        std::fs::read_to_string(scenario_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let sc = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    sc.validate_for::<P>()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    sc
}

// ----- driving a single node by hand -------------------------------------------------------------------

pub const T0: LocalTime = LocalTime(0);

pub fn cluster(id: u32, nodes: u32) -> ClusterInfo {
    ClusterInfo {
        id: NodeId(id),
        nodes,
    }
}

pub fn single(
    id: u32,
    nodes: u32,
    options: &PaxosOptions,
    persisted: Option<&Persistent>,
) -> Paxos {
    Paxos::new(&cluster(id, nodes), options, persisted)
}

pub fn multi(
    id: u32,
    nodes: u32,
    options: &PaxosOptions,
    persisted: Option<&Persistent>,
) -> MultiPaxos {
    MultiPaxos::new(&cluster(id, nodes), options, persisted)
}

pub fn sent<P: Protocol<Msg = Message>>(out: &Out<P>) -> Vec<(NodeId, Message)> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

pub fn notes_of<P: Protocol<Note = Note>>(out: &Out<P>) -> Vec<Note> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Note { note } => Some(note.clone()),
            _ => None,
        })
        .collect()
}

pub fn persisted<P: Protocol<Persistent = Persistent>>(out: &Out<P>) -> Option<Persistent> {
    out.effects().iter().rev().find_map(|e| match e {
        Effect::Persist { state } => Some(state.clone()),
        _ => None,
    })
}

pub fn replies<P: Protocol>(out: &Out<P>) -> Vec<(OpId, splitbrain_sim::ClientResponse)> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Reply { op, response } => Some((*op, response.clone())),
            _ => None,
        })
        .collect()
}

pub fn b(round: u64, node: u32) -> Ballot {
    Ballot::new(round, NodeId(node))
}

pub fn putv(key: &str, value: &str, op: u64) -> Value {
    Value::Put {
        key: key.into(),
        value: value.into(),
        op: OpId(op),
    }
}

pub fn put_op(key: &str, value: &str) -> ClientOp {
    ClientOp::Put {
        context: None,
        key: key.into(),
        value: value.into(),
    }
}
