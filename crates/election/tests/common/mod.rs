//! Helpers shared by the election tests: building and running scenarios, driving one node by hand.
#![allow(dead_code)]

use splitbrain_election::{Election, ElectionChecker, ElectionOptions, Message, Note};
use splitbrain_sim::{
    ClusterInfo, Effect, Event, EventKind, LocalTime, NodeId, Out, Protocol, Scenario, SimTime,
    Simulation, Violation,
};
use std::path::PathBuf;

pub fn scenario(nodes: u32, seed: u64, options: ElectionOptions) -> Scenario {
    let mut sc = Scenario::new::<Election>(nodes, seed);
    sc.cluster.options = serde_json::to_value(options).unwrap();
    sc
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/election")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    let text = std::fs::read_to_string(scenario_path(name)).unwrap();
    Scenario::from_json(&text).unwrap()
}

pub struct Run {
    pub sim: Simulation<Election, ElectionChecker>,
    pub events: Vec<Event<Election>>,
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

    pub fn notes(&self) -> impl Iterator<Item = (&Event<Election>, &Note)> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Note { note } => Some((e, note)),
            _ => None,
        })
    }

    pub fn assert_checkpoints_pass(&self) {
        let failed: Vec<usize> = self
            .events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::Checkpoint {
                    index,
                    passed: false,
                } => Some(index),
                _ => None,
            })
            .collect();
        assert!(failed.is_empty(), "checkpoints failed: {failed:?}");
        assert!(self
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Checkpoint { .. })));
    }
}

/// One node, driven by hand.
pub fn node(id: u32, nodes: u32, options: &ElectionOptions) -> Election {
    let cluster = ClusterInfo {
        id: NodeId(id),
        nodes,
    };
    Election::new(&cluster, options, None)
}

pub fn out() -> Out<Election> {
    Out::new()
}

pub const NOW: LocalTime = LocalTime(0);

pub fn sent(out: &Out<Election>) -> Vec<(NodeId, Message)> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

pub fn notes(out: &Out<Election>) -> Vec<Note> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Note { note } => Some(note.clone()),
            _ => None,
        })
        .collect()
}
