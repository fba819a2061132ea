//! Helpers shared by the Raft tests: building scenarios, running them with the checker, and looking at
//! the result.
#![allow(dead_code)]

use splitbrain_raft::{Note, Raft, RaftOptions, RaftSim, Role};
use splitbrain_sim::{
    Action, ClientOp, Event, EventKind, NodeId, Scenario, Scheduled, SimTime, Violation,
};
use std::path::PathBuf;

pub fn scenario(nodes: u32, seed: u64, options: RaftOptions) -> Scenario {
    let mut sc = Scenario::new::<Raft>(nodes, seed);
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

pub struct Run {
    pub sim: RaftSim,
    pub events: Vec<Event<Raft>>,
    pub violations: Vec<Violation>,
}

impl Run {
    pub fn new(sc: &Scenario) -> Self {
        Run {
            sim: RaftSim::new(sc).expect("valid scenario"),
            events: Vec::new(),
            violations: Vec::new(),
        }
    }

    pub fn until_ms(mut self, ms: u64) -> Self {
        self.run_to_ms(ms);
        self
    }

    pub fn run_to_ms(&mut self, ms: u64) {
        self.sim
            .run_until(SimTime(ms * 1_000), &mut self.events, &mut self.violations);
    }

    pub fn node(&self, n: u32) -> &Raft {
        self.sim.node(NodeId(n)).expect("node is up")
    }

    pub fn leaders(&self) -> Vec<NodeId> {
        (0..self.sim.node_count() as u32)
            .map(NodeId)
            .filter(|n| self.sim.node(*n).is_some_and(|r| r.role() == Role::Leader))
            .collect()
    }

    /// The single leader with the highest term among live nodes.
    pub fn leader(&self) -> NodeId {
        let leaders = self.leaders();
        let max_term = leaders
            .iter()
            .map(|n| self.sim.node(*n).unwrap().current_term())
            .max();
        let top: Vec<_> = leaders
            .into_iter()
            .filter(|n| Some(self.sim.node(*n).unwrap().current_term()) == max_term)
            .collect();
        assert_eq!(top.len(), 1, "expected one leader, found {top:?}");
        top[0]
    }

    pub fn notes(&self) -> impl Iterator<Item = (&Event<Raft>, &Note)> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Note { note } => Some((e, note)),
            _ => None,
        })
    }

    pub fn client_results(&self) -> Vec<(splitbrain_sim::OpId, splitbrain_sim::ClientOutcome)> {
        self.events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::ClientReturn { op, outcome } => Some((*op, outcome.clone())),
                _ => None,
            })
            .collect()
    }

    pub fn assert_safe(&self) {
        assert!(
            self.violations.is_empty(),
            "violations: {:#?}",
            self.violations
        );
    }
}

pub fn scenario_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../scenarios/raft")
        .join(name)
}

pub fn load(name: &str) -> Scenario {
    let text =
        std::fs::read_to_string(scenario_path(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let sc = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    sc.validate_for::<Raft>()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    sc
}

// ----- driving a single node by hand -------------------------------------------------------------------

use splitbrain_raft::{Entry, Message, PersistentState};
use splitbrain_sim::{ClusterInfo, Effect, LocalTime, Out, Protocol};

pub fn node(
    id: u32,
    nodes: u32,
    options: &RaftOptions,
    persisted: Option<&PersistentState>,
) -> Raft {
    Raft::new(
        &ClusterInfo {
            id: NodeId(id),
            nodes,
        },
        options,
        persisted,
    )
}

pub fn out() -> Out<Raft> {
    Out::new()
}

pub const T0: LocalTime = LocalTime(0);

pub fn sent(out: &Out<Raft>) -> Vec<(NodeId, Message)> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect()
}

pub fn notes_of(out: &Out<Raft>) -> Vec<Note> {
    out.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Note { note } => Some(note.clone()),
            _ => None,
        })
        .collect()
}

pub fn persisted(out: &Out<Raft>) -> Option<PersistentState> {
    out.effects().iter().rev().find_map(|e| match e {
        Effect::Persist { state } => Some(state.clone()),
        _ => None,
    })
}

pub fn entry(term: u64) -> Entry {
    Entry {
        term,
        command: splitbrain_raft::Command::Noop,
    }
}

/// Makes `raft` (node 0 of `nodes`) leader of its next term by forcing a timeout and granting votes.
pub fn make_leader(raft: &mut Raft) -> Out<Raft> {
    let mut o = out();
    raft.on_force_timeout(T0, &mut o);
    let term = raft.current_term();
    for peer in 1..25 {
        if raft.role() == Role::Leader {
            break;
        }
        raft.on_message(
            T0,
            NodeId(peer),
            Message::RequestVoteResponse {
                term,
                vote_granted: true,
            },
            &mut o,
        );
    }
    assert_eq!(raft.role(), Role::Leader);
    o
}
