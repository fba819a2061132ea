//! The lab's view of a node: roles, message families, the election number as the epoch, plain sentences.

use crate::message::{Message, Timer};
use crate::node::{Election, Role};
use crate::note::Note;
use crate::options::Algorithm;
use splitbrain_sim::{
    Consistency, Describe, Event, EventKind, Face, Family, FieldKind, Label, LaneSignal, NodeId,
    NodeSummary, OptionField, Protocol, RoleStyle, Section, ShownMsg, ShownNote, ShownTimer,
    SimTime,
};
use std::collections::BTreeSet;

const MEMBER: u8 = 0;
const ELECTING: u8 = 1;
const LEADER: u8 = 2;

const ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "member",
        letter: "M",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "electing",
        letter: "E",
        tone: 1,
        exclusive: false,
    },
    RoleStyle {
        name: "leader",
        letter: "L",
        tone: 2,
        exclusive: true,
    },
];

const FAMILIES: &[Family] = &[
    Family {
        key: "election",
        legend: "Election / Answer: who is alive above me?",
    },
    Family {
        key: "coordinator",
        legend: "Coordinator / Elected: the winner announces itself",
    },
    Family {
        key: "ring",
        legend: "RingElection round the ring, each hop acknowledged",
    },
    Family {
        key: "heartbeat",
        legend: "Heartbeat: the leader is alive",
    },
];

fn role_index(r: Role) -> u8 {
    match r {
        Role::Member => MEMBER,
        Role::Electing => ELECTING,
        Role::Leader => LEADER,
    }
}

fn option_fields() -> Vec<OptionField> {
    let us = |key, label, help| OptionField {
        key,
        label,
        help,
        kind: FieldKind::Integer {
            min: 1,
            max: 60_000_000,
            unit: "µs",
        },
    };
    vec![
        OptionField {
            key: "algorithm",
            label: "algorithm",
            help: "Bully: ask every higher id, proclaim yourself if none answers. Ring: pass the highest id seen round the ring.",
            kind: FieldKind::Choice(vec![
                (serde_json::json!("bully"), "bully (Garcia-Molina)"),
                (serde_json::json!("ring"), "ring (Chang & Roberts)"),
            ]),
        },
        us("heartbeat_us", "heartbeat", "The leader tells every node it is alive this often."),
        us("leader_timeout_min_us", "leader timeout (min)", "No heartbeat for this long (drawn between min and max): call an election."),
        us("leader_timeout_max_us", "leader timeout (max)", "The longest a node waits for a heartbeat."),
        us("answer_timeout_us", "answer timeout", "Bully: no Answer from a higher id within this: proclaim yourself."),
        us("hop_timeout_us", "hop timeout", "Ring: the successor does not acknowledge within this: skip it."),
        OptionField {
            key: "mutant",
            label: "mutant",
            help: "Break one rule on purpose, to see a checker catch it.",
            kind: FieldKind::Choice(vec![
                (serde_json::json!("none"), "none (correct)"),
                (
                    serde_json::json!("self_proclaim"),
                    "proclaims itself leader without asking the higher ids",
                ),
            ]),
        },
    ]
}

impl Describe for Election {
    const FACE: Face = Face {
        name: "election",
        epoch_word: "election",
        epoch_label: |e| e.to_string(),
        roles: ROLES,
        base_role: MEMBER,
        families: FAMILIES,
        commit_word: "elected",
        client_ops: <Election as Protocol>::CLIENT_OPS,
        consistency: Consistency::None,
        nodes: (1, crate::options::MAX_NODES),
        option_fields,
    };

    fn summary(&self) -> NodeSummary {
        NodeSummary {
            role: role_index(self.role),
            epoch: self.election,
            leader: self.leader,
            detail: self.leader.map(|l| format!("leader {l}")),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        let algorithm = match self.options.algorithm {
            Algorithm::Bully => "bully",
            Algorithm::Ring => "ring",
        };
        let mut rows = vec![
            ("algorithm".into(), algorithm.into()),
            ("election".into(), self.election.to_string()),
            (
                "leader".into(),
                self.leader.map_or("unknown".into(), |l| l.to_string()),
            ),
        ];
        match self.options.algorithm {
            Algorithm::Bully if self.role == Role::Electing => rows.push((
                "higher id answered".into(),
                if self.answered { "yes" } else { "not yet" }.into(),
            )),
            Algorithm::Ring => rows.push((
                "candidate passed on".into(),
                self.best.map_or("none".into(), |b| b.to_string()),
            )),
            _ => {}
        }
        let mut sections = vec![Section::rows("state", "", rows)];
        if self.options.algorithm == Algorithm::Ring {
            let table = splitbrain_sim::Table::new(
                &["hop", "message", "to"],
                self.hops
                    .iter()
                    .map(|(h, (m, to))| vec![h.to_string(), Self::show_msg(m).text, to.to_string()])
                    .collect(),
                "none waiting",
            );
            sections.push(Section::table(
                "hops",
                "hops awaiting acknowledgement",
                table,
            ));
        }
        sections
    }

    fn show_msg(m: &Message) -> ShownMsg {
        let (family, tag, text) = match m {
            Message::Election { election } => (0, "E", format!("Election {election}")),
            Message::Answer { election } => (0, "A", format!("Answer {election}")),
            Message::Coordinator { election } => (1, "C", format!("Coordinator {election}")),
            Message::RingElection {
                election,
                candidate,
                ..
            } => (2, "E", format!("Election {election}: highest {candidate}")),
            Message::Elected {
                election, leader, ..
            } => (1, "★", format!("Elected {election}: {leader}")),
            Message::RingAck { hop } => (2, "✓", format!("ack hop {hop}")),
            Message::Heartbeat { election } => (3, "♥", format!("Heartbeat {election}")),
        };
        ShownMsg {
            label: m.label(),
            family,
            tag: tag.into(),
            text,
            heartbeat: family == 3,
        }
    }

    fn show_timer(t: &Timer) -> ShownTimer {
        ShownTimer {
            label: t.label(),
            ring: matches!(t, Timer::LeaderTimeout),
        }
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        let (text, major, signals) = match note {
            Note::Called { election } => (
                format!("{node} calls election {election}"),
                true,
                vec![LaneSignal::Role {
                    role: ELECTING,
                    epoch: Some(*election),
                }],
            ),
            Note::Joined { election } => (
                format!("{node} takes part in election {election}"),
                false,
                vec![LaneSignal::Role {
                    role: ELECTING,
                    epoch: Some(*election),
                }],
            ),
            Note::Elected { election } => (
                format!("{node} proclaims itself leader of election {election}"),
                true,
                vec![LaneSignal::Role {
                    role: LEADER,
                    epoch: Some(*election),
                }],
            ),
            Note::Follows { leader, election } => (
                format!("{node} knows {leader} as the leader of election {election}"),
                false,
                vec![LaneSignal::Role {
                    role: MEMBER,
                    epoch: Some(*election),
                }],
            ),
            Note::Skipped { skipped, to } => (
                format!("{skipped} did not acknowledge, so {node} skips it and passes the message on to {to}"),
                true,
                Vec::new(),
            ),
        };
        ShownNote {
            label: note.label(),
            text: Some(text),
            major,
            signals,
        }
    }

    fn facts(events: &[Event<Self>], _now: SimTime) -> Vec<(String, String)> {
        let mut elections = BTreeSet::new();
        let mut proclaimed = 0;
        let mut messages = 0u64;
        for e in events {
            match &e.kind {
                EventKind::Note {
                    note: Note::Called { election },
                } => {
                    elections.insert(*election);
                }
                EventKind::Note {
                    note: Note::Elected { .. },
                } => proclaimed += 1,
                EventKind::Send { message, .. }
                    if !matches!(message, Message::Heartbeat { .. }) =>
                {
                    messages += 1
                }
                _ => {}
            }
        }
        let beliefs = crate::check::final_leaders(events);
        let leaders: Vec<NodeId> = beliefs
            .iter()
            .filter(|(n, l)| **l == Some(**n))
            .map(|(n, _)| *n)
            .collect();
        let now = leaders
            .iter()
            .map(|l| {
                let knowers: Vec<String> = beliefs
                    .iter()
                    .filter(|(n, b)| **b == Some(*l) && *n != l)
                    .map(|(n, _)| n.to_string())
                    .collect();
                if knowers.is_empty() {
                    format!("{l}, known to no one else")
                } else {
                    format!("{l}, known to {}", knowers.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        let mut facts = vec![
            ("elections".into(), elections.len().to_string()),
            ("leaders proclaimed".into(), proclaimed.to_string()),
            (
                "leader now".into(),
                if now.is_empty() { "none".into() } else { now },
            ),
        ];
        if !elections.is_empty() {
            facts.push((
                "messages per election".into(),
                format!("{:.1}", messages as f64 / elections.len() as f64),
            ));
        }
        facts
    }
}
