//! Helpers shared by the commit tests: building scenarios, running them with the checker, driving a node by
//! hand, and looking at the result.
#![allow(dead_code)]

use splitbrain_commit::{CommitChecker, CommitOptions, Message, Note, Persistent, TwoPhaseCommit};
use splitbrain_sim::{
    Action, ClientOp, ClientOutcome, ClusterInfo, Describe, Effect, Event, EventKind, Label,
    LocalTime, NodeId, OpId, Out, Protocol, Scenario, Scheduled, SimTime, Simulation, Violation,
};
use std::path::PathBuf;

pub fn scenario(nodes: u32, seed: u64, options: CommitOptions) -> Scenario {
    let mut sc = Scenario::new::<TwoPhaseCommit>(nodes, seed);
    sc.cluster.options = serde_json::to_value(options).unwrap();
    sc.network.latency_min_us = 20_000;
    sc.network.latency_max_us = 20_000;
    sc
}

pub fn at(sc: &mut Scenario, at_ms: u64, action: Action) {
    sc.schedule.push(Scheduled {
        at_us: at_ms * 1_000,
        action,
    });
}

pub fn txn(node: u32, text: &str) -> Action {
    Action::Client {
        node: NodeId(node),
        op: ClientOp::parse_txn(text).unwrap(),
    }
}

pub struct Run {
    pub sim: Simulation<TwoPhaseCommit, CommitChecker>,
    pub events: Vec<Event<TwoPhaseCommit>>,
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

    pub fn node(&self, n: u32) -> &TwoPhaseCommit {
        self.sim.node(NodeId(n)).expect("node is up")
    }

    pub fn notes(&self) -> impl Iterator<Item = (&Event<TwoPhaseCommit>, &Note)> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Note { note } => Some((e, note)),
            _ => None,
        })
    }

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

    pub fn assert_safe(&self) {
        assert!(
            self.violations.is_empty(),
            "violations: {:#?}",
            self.violations
        );
    }

    /// The narration of the run: every note's sentence and client event, one per line.
    pub fn story(&self) -> String {
        let mut s = String::new();
        for e in &self.events {
            let node = e.node.map(|n| n.to_string()).unwrap_or_default();
            let line = match &e.kind {
                EventKind::Note { note } => TwoPhaseCommit::show_note(e.node.unwrap(), note)
                    .text
                    .unwrap_or_default(),
                EventKind::ClientInvoke { op, request } => {
                    format!("invoke {op} {}", request.describe())
                }
                EventKind::ClientReturn { op, outcome } => format!("return {op} {outcome:?}"),
                EventKind::Crash | EventKind::Restart => e.kind.name().to_string(),
                EventKind::Checkpoint { index, passed } => format!("checkpoint {index}: {passed}"),
                _ => continue,
            };
            s.push_str(&format!("{} {node} {line}\n", e.time));
        }
        for v in &self.violations {
            s.push_str(&format!(
                "VIOLATION {} at {}: {}\n",
                v.invariant, v.event, v.message
            ));
        }
        s
    }
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/commit")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    let text =
        std::fs::read_to_string(scenario_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let sc = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    sc.validate_for::<TwoPhaseCommit>()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    sc
}

// ----- driving a single node by hand -------------------------------------------------------------------

pub const T0: LocalTime = LocalTime(0);

pub fn node(
    id: u32,
    nodes: u32,
    options: &CommitOptions,
    persisted: Option<&Persistent>,
) -> TwoPhaseCommit {
    TwoPhaseCommit::new(
        &ClusterInfo {
            id: NodeId(id),
            nodes,
        },
        options,
        persisted,
    )
}

pub fn sent(out: &Out<TwoPhaseCommit>) -> Vec<(NodeId, Message)> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

pub fn notes_of(out: &Out<TwoPhaseCommit>) -> Vec<Note> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Note { note } => Some(note.clone()),
            _ => None,
        })
        .collect()
}

pub fn persisted(out: &Out<TwoPhaseCommit>) -> Option<Persistent> {
    out.effects().iter().rev().find_map(|e| match e {
        Effect::Persist { state } => Some(state.clone()),
        _ => None,
    })
}

pub fn replies(out: &Out<TwoPhaseCommit>) -> Vec<(OpId, splitbrain_sim::ClientResponse)> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Reply { op, response } => Some((*op, response.clone())),
            _ => None,
        })
        .collect()
}
