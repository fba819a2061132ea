//! The lab's view of a general: waiting, attacking or retreating; the round as the epoch; one family for
//! the plan's messenger and one for the acknowledgements; a sentence for every decision.

use crate::message::{Message, Timer};
use crate::node::General;
use crate::note::Note;
use splitbrain_sim::{
    Consistency, Describe, Event, EventKind, Face, Family, FieldKind, Label, LaneSignal, NodeId,
    NodeSummary, OptionField, Protocol, RoleStyle, Section, ShownMsg, ShownNote, ShownTimer,
    SimTime, Table,
};

const WAITING: u8 = 0;
const ATTACKS: u8 = 1;
const RETREATS: u8 = 2;

const ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "waiting for dawn",
        letter: "W",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "attacks",
        letter: "A",
        tone: 2,
        exclusive: false,
    },
    RoleStyle {
        name: "retreats",
        letter: "R",
        tone: 3,
        exclusive: false,
    },
];

const FAMILIES: &[Family] = &[
    Family {
        key: "messenger",
        legend: "Messenger (round 1): n1's plan, attack at dawn",
    },
    Family {
        key: "ack",
        legend: "Acknowledgement: round k+1 confirms that round k arrived",
    },
];

fn option_fields() -> Vec<OptionField> {
    vec![
        OptionField {
            key: "rounds",
            label: "rounds",
            help: "How many messengers the protocol exchanges: round 1 is the plan, each later round acknowledges the one before. A general attacks iff the last round addressed to it arrived.",
            kind: FieldKind::Integer {
                min: 1,
                max: crate::options::MAX_ROUNDS as i64,
                unit: "rounds",
            },
        },
        OptionField {
            key: "deadline_ms",
            label: "deadline (dawn)",
            help: "Each general decides this long after it starts, with whatever has arrived.",
            kind: FieldKind::Integer {
                min: 1,
                max: 60_000,
                unit: "ms",
            },
        },
        OptionField {
            key: "resend_ms",
            label: "resend every",
            help: "Send one's latest messenger again this often until the next round arrives (0: never). Lowers the chance of disagreement, never to zero.",
            kind: FieldKind::Integer {
                min: 0,
                max: 60_000,
                unit: "ms",
            },
        },
        OptionField {
            key: "mutant",
            label: "mutant",
            help: "Break one rule on purpose, to see the checker catch it.",
            kind: FieldKind::Choice(vec![
                (serde_json::json!("none"), "none (correct)"),
                (
                    serde_json::json!("insist_on_last_ack"),
                    "the last messenger's sender also waits for its acknowledgement",
                ),
            ]),
        },
    ]
}

/// "the round-1 messenger" / "acknowledgement round 3".
fn round_text(round: u64) -> String {
    if round == 1 {
        "the round-1 messenger".into()
    } else {
        format!("acknowledgement round {round}")
    }
}

fn role_of(decision: Option<bool>) -> u8 {
    match decision {
        None => WAITING,
        Some(true) => ATTACKS,
        Some(false) => RETREATS,
    }
}

impl Describe for General {
    const FACE: Face = Face {
        name: "two-generals",
        epoch_word: "round",
        epoch_label: |e| e.to_string(),
        roles: ROLES,
        base_role: WAITING,
        families: FAMILIES,
        commit_word: "decided",
        client_ops: <General as Protocol>::CLIENT_OPS,
        consistency: Consistency::None,
        nodes: (2, 2),
        option_fields,
    };

    fn summary(&self) -> NodeSummary {
        NodeSummary {
            role: role_of(self.decision),
            epoch: self.received.max(self.sent),
            leader: None,
            detail: Some(match self.decision {
                Some(true) => "ATTACK".into(),
                Some(false) => "RETREAT".into(),
                None => format!("got round {} of {}", self.received, self.options.rounds),
            }),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        let rounds = self.options.rounds;
        let needed = self.needed();
        let rule = if needed == 0 {
            "attack: with one round n1 waits for no acknowledgement".to_string()
        } else {
            format!("attack iff round {needed} has arrived by dawn")
        };
        let rows = vec![
            ("plan".into(), "attack at dawn".into()),
            ("rounds".into(), rounds.to_string()),
            ("rule".into(), rule),
            ("highest round received".into(), self.received.to_string()),
            ("highest round sent".into(), self.sent.to_string()),
            (
                "dawn (deadline)".into(),
                self.started_at.map_or("not started".into(), |s| {
                    format!(
                        "{} ms on its clock",
                        s.0 / 1_000 + self.options.deadline_ms as i64
                    )
                }),
            ),
            (
                "decision".into(),
                match self.decision {
                    Some(true) => "ATTACK".into(),
                    Some(false) => "RETREAT".into(),
                    None => "not yet".into(),
                },
            ),
        ];
        let me = if self.is_proposer() { "n1" } else { "n2" };
        let peer = if self.is_proposer() { "n2" } else { "n1" };
        let mut table_rows = Vec::new();
        let mut marked = Vec::new();
        for k in 1..=rounds {
            let from_me = (k % 2 == 1) == self.is_proposer();
            let (dir, status) = if from_me {
                (
                    format!("{me} → {peer}"),
                    if k <= self.sent { "sent" } else { "—" },
                )
            } else {
                (
                    format!("{peer} → {me}"),
                    if k <= self.received {
                        "received"
                    } else {
                        "not (yet) received"
                    },
                )
            };
            if k == needed {
                marked.push(table_rows.len());
            }
            table_rows.push(vec![k.to_string(), dir, status.to_string()]);
        }
        let mut table = Table::new(&["round", "messenger", "status"], table_rows, "no rounds");
        table.marked = marked;
        table.marked_means = "the round this general's rule needs".into();
        vec![
            Section::rows("state", "", rows),
            Section::table("rounds", "messengers, round by round", table),
        ]
    }

    fn show_msg(m: &Message) -> ShownMsg {
        let round = m.round();
        let (family, tag, text) = if round == 1 {
            (
                0,
                "M1".to_string(),
                "Messenger round 1: attack at dawn".to_string(),
            )
        } else {
            (
                1,
                format!("A{round}"),
                format!("Acknowledgement round {round} (of round {})", round - 1),
            )
        };
        ShownMsg {
            label: m.label(),
            family,
            tag,
            text,
            heartbeat: false,
        }
    }

    fn show_timer(t: &Timer) -> ShownTimer {
        ShownTimer {
            label: t.label(),
            ring: matches!(t, Timer::Deadline),
        }
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        let (text, major, signals) = match note {
            Note::Proposed { rounds } => (
                format!("{node} proposes to attack at dawn and sends the round-1 messenger ({rounds} round{} in all)", if *rounds == 1 { "" } else { "s" }),
                true,
                vec![LaneSignal::Epoch { epoch: 1 }],
            ),
            Note::Received { round: 1 } => (
                format!("{node} received the round-1 messenger: the plan is to attack at dawn"),
                false,
                vec![LaneSignal::Epoch { epoch: 1 }],
            ),
            Note::Received { round } => (
                format!(
                    "{node} received acknowledgement round {round}: its round-{} messenger got through",
                    round - 1
                ),
                false,
                vec![LaneSignal::Epoch { epoch: *round }],
            ),
            Note::Resent { round } => (
                format!("{node} resends the round-{round} messenger (no reply yet)"),
                false,
                Vec::new(),
            ),
            Note::Decided {
                attack: true,
                received,
                ..
            } => (
                if *received == 0 {
                    format!("{node} decides to ATTACK (with one round it waits for no acknowledgement)")
                } else {
                    format!("{node} decides to ATTACK (it received {})", round_text(*received))
                },
                true,
                vec![LaneSignal::Role {
                    role: ATTACKS,
                    epoch: None,
                }],
            ),
            Note::Decided {
                attack: false,
                needed,
                ..
            } => (
                format!("{node} decides to RETREAT (the round-{needed} messenger never arrived)"),
                true,
                vec![LaneSignal::Role {
                    role: RETREATS,
                    epoch: None,
                }],
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
        let (mut sent, mut lost) = (0u64, 0u64);
        let mut decided: std::collections::BTreeMap<NodeId, bool> = Default::default();
        for e in events {
            match &e.kind {
                EventKind::Send { .. } => sent += 1,
                EventKind::Drop { .. } => lost += 1,
                EventKind::Note {
                    note: Note::Decided { attack, .. },
                } => {
                    if let Some(n) = e.node {
                        decided.insert(n, *attack);
                    }
                }
                _ => {}
            }
        }
        let word = |n: u32| match decided.get(&NodeId(n)) {
            Some(true) => format!("{} attack", NodeId(n)),
            Some(false) => format!("{} retreat", NodeId(n)),
            None => format!("{} undecided", NodeId(n)),
        };
        let verdict = match (decided.get(&NodeId(0)), decided.get(&NodeId(1))) {
            (Some(a), Some(b)) if a == b => ": agree",
            (Some(_), Some(_)) => ": DISAGREE",
            _ => "",
        };
        vec![
            (
                "decisions".into(),
                format!("{}, {}{verdict}", word(0), word(1)),
            ),
            ("messengers".into(), format!("{sent} sent, {lost} lost")),
        ]
    }
}
