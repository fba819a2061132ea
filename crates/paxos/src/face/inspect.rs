//! The two `Describe` impls: each node's badge summary and inspector sections.

use super::{
    show_msg, show_note, show_timer, ACCEPTOR, FAMILIES, LEADING, MULTI_ROLES, PROPOSER,
    SINGLE_FAMILIES, SINGLE_ROLES,
};
use crate::agent::Agent;
use crate::ballot::{self, Ballot};
use crate::message::{Message, Timer};
use crate::note::Note;
use crate::proposer::{Phase, Proposer};
use crate::{MultiPaxos, Paxos, SLOT};
use splitbrain_sim::{
    Consistency, Describe, Face, NodeId, NodeSummary, Protocol, Section, ShownMsg, ShownNote,
    ShownTimer, Table,
};

/// Slots shown in the inspector's tables: the most recent ones.
const SHOWN_SLOTS: usize = 12;

fn role_of(proposer: &Proposer) -> u8 {
    match proposer.phase {
        Phase::Idle => ACCEPTOR,
        Phase::Preparing => PROPOSER,
        Phase::Accepting => LEADING,
    }
}

/// The ballot a node lives in: the one it proposes with while it proposes, else the one it promised.
fn epoch(agent: &Agent, proposer: &Proposer) -> u64 {
    let ballot = match proposer.phase {
        Phase::Idle => agent.acceptor.promised(),
        _ => proposer.ballot.max(agent.acceptor.promised()),
    };
    ballot.map_or(0, Ballot::encode)
}

fn section(key: &str, title: &str, rows: Vec<(String, String)>, table: Option<Table>) -> Section {
    Section {
        table,
        ..Section::rows(key, title, rows)
    }
}

/// The acceptor's table: one row per slot (the latest few), marked where this node learned the value chosen.
fn acceptor_section(agent: &Agent) -> Section {
    let accepted = agent.acceptor.accepted();
    let promised = ballot::show(agent.acceptor.promised());
    let shown: Vec<_> = accepted.iter().rev().take(SHOWN_SLOTS).rev().collect();
    let rows = shown
        .iter()
        .map(|(slot, (b, v))| {
            vec![
                slot.to_string(),
                promised.clone(),
                b.to_string(),
                v.to_string(),
            ]
        })
        .collect();
    let mut table = Table::new(
        &["slot", "promised", "accepted ballot", "accepted value"],
        rows,
        "nothing accepted",
    );
    let chosen = agent.learner.chosen();
    table.marked = (0..shown.len())
        .filter(|i| chosen.contains_key(shown[*i].0))
        .collect();
    table.marked_means = "known chosen".into();
    section(
        "acceptor",
        "Acceptor",
        vec![
            ("promised ballot".into(), promised),
            ("slots accepted".into(), accepted.len().to_string()),
        ],
        Some(table),
    )
}

fn proposer_rows(agent: &Agent, proposer: &Proposer) -> Vec<(String, String)> {
    let phase = match proposer.phase {
        Phase::Idle => "idle",
        Phase::Preparing => "phase 1 (collecting promises)",
        Phase::Accepting => "phase 2 (accepting)",
    };
    let mut rows = vec![
        ("ballot".into(), ballot::show(proposer.ballot)),
        ("phase".into(), phase.into()),
    ];
    if proposer.phase == Phase::Preparing {
        rows.push((
            "promises".into(),
            format!("{} of {} needed", proposer.promises(), agent.quorum()),
        ));
    }
    rows
}

fn learner_section(agent: &Agent) -> Section {
    let chosen = agent.learner.chosen();
    let rows = chosen
        .iter()
        .rev()
        .take(SHOWN_SLOTS)
        .rev()
        .map(|(s, v)| vec![s.to_string(), v.to_string()])
        .collect();
    section(
        "learner",
        "Learner",
        vec![(
            "chosen".into(),
            format!("{} slot(s) from the first", agent.learner.upto()),
        )],
        Some(Table::new(
            &["slot", "chosen value"],
            rows,
            "nothing learned yet",
        )),
    )
}

impl Describe for Paxos {
    const FACE: Face = Face {
        name: Self::NAME,
        epoch_word: "ballot",
        epoch_label: Ballot::label,
        roles: SINGLE_ROLES,
        base_role: ACCEPTOR,
        families: SINGLE_FAMILIES,
        commit_word: "chosen",
        client_ops: Self::CLIENT_OPS,
        consistency: Consistency::Linearizable,
        nodes: (1, crate::options::MAX_NODES),
        option_fields: super::single_fields,
    };

    fn summary(&self) -> NodeSummary {
        NodeSummary {
            role: role_of(&self.proposer),
            epoch: epoch(&self.agent, &self.proposer),
            leader: None,
            detail: self.chosen().map(|v| format!("chosen {v}")),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        let mut rows = proposer_rows(&self.agent, &self.proposer);
        if let (Phase::Accepting, Some(b)) = (self.proposer.phase, self.proposer.ballot) {
            rows.push((
                "accepts counted".into(),
                format!(
                    "{} of {} needed",
                    self.agent.learner.count(SLOT, b),
                    self.agent.quorum()
                ),
            ));
        }
        rows.push((
            "own value".into(),
            self.own_value().map_or("none".into(), |v| v.to_string()),
        ));
        rows.push(("clients waiting".into(), self.waiting().to_string()));
        let learned = Section::rows(
            "learner",
            "Learner",
            vec![(
                "chosen value".into(),
                self.chosen()
                    .map_or("not learned yet".into(), |v| v.to_string()),
            )],
        );
        vec![
            acceptor_section(&self.agent),
            Section::rows("proposer", "Proposer", rows),
            learned,
        ]
    }

    fn show_msg(msg: &Message) -> ShownMsg {
        show_msg(msg)
    }

    fn show_timer(timer: &Timer) -> ShownTimer {
        show_timer(timer)
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        show_note(node, note, false)
    }
}

impl Describe for MultiPaxos {
    const FACE: Face = Face {
        name: Self::NAME,
        epoch_word: "ballot",
        epoch_label: Ballot::label,
        roles: MULTI_ROLES,
        base_role: ACCEPTOR,
        families: FAMILIES,
        commit_word: "chosen",
        client_ops: Self::CLIENT_OPS,
        consistency: Consistency::Linearizable,
        nodes: (1, crate::options::MAX_NODES),
        option_fields: super::multi_fields,
    };

    fn summary(&self) -> NodeSummary {
        NodeSummary {
            role: role_of(&self.proposer),
            epoch: epoch(&self.agent, &self.proposer),
            leader: self.leader(),
            detail: Some(format!("chosen {}", self.agent.learner.upto())),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        let mut rows = proposer_rows(&self.agent, &self.proposer);
        rows.push((
            "leader".into(),
            self.leader().map_or("unknown".into(), |l| l.to_string()),
        ));
        if self.is_leader() {
            rows.push(("next slot".into(), self.next_slot().to_string()));
            rows.push((
                "open proposals".into(),
                self.open_proposals().count().to_string(),
            ));
        }
        let data = self
            .kv()
            .iter()
            .map(|(k, v)| vec![k.clone(), v.clone()])
            .collect();
        let kv = section(
            "kv",
            "Key-value store",
            vec![("applied".into(), format!("{} slot(s)", self.applied()))],
            Some(Table::new(&["key", "value"], data, "empty")),
        );
        vec![
            acceptor_section(&self.agent),
            Section::rows("proposer", "Proposer", rows),
            learner_section(&self.agent),
            kv,
        ]
    }

    fn show_msg(msg: &Message) -> ShownMsg {
        show_msg(msg)
    }

    fn show_timer(timer: &Timer) -> ShownTimer {
        show_timer(timer)
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        show_note(node, note, true)
    }
}
