//! The lab's view of a node: balances, the snapshot table, message families, plain sentences, facts.

use crate::message::{Message, Timer};
use crate::node::Snapshot;
use crate::note::Note;
use crate::options::MAX_NODES;
use splitbrain_sim::{
    Consistency, Describe, Event, EventKind, Face, Family, FieldKind, Label, LaneSignal, NodeId,
    NodeSummary, OptionField, Protocol, RoleStyle, Section, ShownMsg, ShownNote, ShownTimer,
    SimTime,
};

const BANK: u8 = 0;
const RECORDING: u8 = 1;

const ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "bank",
        letter: "B",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "recording",
        letter: "R",
        tone: 1,
        exclusive: false,
    },
];

const FAMILIES: &[Family] = &[
    Family {
        key: "transfer",
        legend: "Transfer: money moving from one account to another",
    },
    Family {
        key: "marker",
        legend: "Marker: \"I recorded my state before sending this\"",
    },
    Family {
        key: "report",
        legend: "Report: a node's recorded state, sent to the snapshot's initiator",
    },
    Family {
        key: "ack",
        legend: "Ack: the channel's receipt (lost messages are sent again)",
    },
];

/// (key, label, help, min, max, unit) of the whole-number options.
const NUMBERS: &[(&str, &str, &str, i64, i64, &str)] = &[
    (
        "initial_balance",
        "opening balance",
        "Every account opens with this much; the total is conserved.",
        1,
        1_000_000_000,
        "",
    ),
    (
        "transfer_every_ms",
        "transfer every",
        "Each node sends money to a random peer about this often.",
        1,
        60_000,
        "ms",
    ),
    (
        "max_transfer",
        "largest transfer",
        "A transfer moves between 1 and this much (never more than the balance).",
        1,
        1_000_000_000,
        "",
    ),
    (
        "initiator",
        "initiator",
        "The node (0-based) that starts the scheduled snapshots.",
        0,
        MAX_NODES as i64 - 1,
        "",
    ),
    (
        "retransmit_ms",
        "retransmit after",
        "An unacknowledged message is sent again this often.",
        1,
        60_000,
        "ms",
    ),
];

fn option_fields() -> Vec<OptionField> {
    let mut fields: Vec<OptionField> = NUMBERS
        .iter()
        .map(|(key, label, help, min, max, unit)| OptionField {
            key,
            label,
            help,
            kind: FieldKind::Integer {
                min: *min,
                max: *max,
                unit,
            },
        })
        .collect();
    fields.extend([
        OptionField {
            key: "fifo_channels",
            label: "FIFO channels",
            help: "The paper's assumption: each channel delivers in the order sent. Off: a transfer can overtake a marker.",
            kind: FieldKind::Bool,
        },
        OptionField {
            key: "mutant",
            label: "mutant",
            help: "Break one rule on purpose, to see a checker catch it.",
            kind: FieldKind::Choice(vec![
                (serde_json::json!("none"), "none (correct)"),
                (
                    serde_json::json!("record_after_marker"),
                    "records a channel's messages after its marker instead of before",
                ),
            ]),
        },
    ]);
    fields
}

pub(crate) fn amounts(a: &[u64]) -> String {
    if a.is_empty() {
        "empty".into()
    } else {
        a.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

impl Describe for Snapshot {
    const FACE: Face = Face {
        name: "snapshot",
        epoch_word: "snapshot",
        epoch_label: |e| format!("#{e}"),
        roles: ROLES,
        base_role: BANK,
        families: FAMILIES,
        commit_word: "assembled",
        client_ops: <Snapshot as Protocol>::CLIENT_OPS,
        consistency: Consistency::None,
        nodes: (1, MAX_NODES),
        option_fields,
    };

    fn summary(&self) -> NodeSummary {
        let recording = self.bank.snapshots.values().any(|r| !r.complete);
        NodeSummary {
            role: if recording { RECORDING } else { BANK },
            epoch: self.bank.snapshots.keys().next_back().copied().unwrap_or(0),
            leader: None,
            detail: Some(format!("balance {}", self.bank.balance)),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        self.sections()
    }

    fn show_msg(m: &Message) -> ShownMsg {
        let (family, tag, text) = match m {
            Message::Transfer { amount, .. } => (0, "$".to_string(), format!("Transfer {amount}")),
            Message::Marker { snapshot, .. } => (1, "◆".into(), format!("Marker #{snapshot}")),
            Message::Report {
                snapshot, balance, ..
            } => (
                2,
                "R".into(),
                format!("Report #{snapshot}: balance {balance}"),
            ),
            Message::Ack { upto, .. } => (3, "✓".into(), format!("Ack up to {upto}")),
        };
        ShownMsg {
            label: m.label(),
            family,
            tag,
            text,
            heartbeat: family == 3,
        }
    }

    fn show_timer(t: &Timer) -> ShownTimer {
        ShownTimer {
            label: t.label(),
            ring: matches!(t, Timer::Initiate { .. }),
        }
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        let (text, major, signals) = match note {
            Note::Opened { balance } => (format!("{node} opens its account with {balance}"), false, vec![]),
            Note::Recorded {
                snapshot,
                balance,
                marker_from,
                ..
            } => {
                let why = match marker_from {
                    None => "starts snapshot".to_string(),
                    Some(f) => format!("receives the first marker (from {f}) of snapshot"),
                };
                (
                    format!("{node} {why} #{snapshot}: records its balance {balance}, sends markers on every outgoing channel and starts recording its incoming channels"),
                    true,
                    vec![
                        LaneSignal::Cut { snapshot: *snapshot },
                        LaneSignal::Role { role: RECORDING, epoch: Some(*snapshot) },
                    ],
                )
            }
            Note::ChannelRecorded {
                snapshot,
                from,
                amounts: a,
            } => {
                let state = if a.is_empty() {
                    "empty: nothing was in flight".to_string()
                } else {
                    format!("{} in flight ({})", a.iter().sum::<u64>(), amounts(a))
                };
                (format!("{node} records channel {from}→{node} for snapshot #{snapshot}: {state}"), !a.is_empty(), vec![])
            }
            Note::Complete { snapshot, in_flight } => (
                format!("{node} has a marker from every channel: its part of snapshot #{snapshot} is complete ({in_flight} recorded in flight to it)"),
                false,
                vec![LaneSignal::Role { role: BANK, epoch: Some(*snapshot) }],
            ),
            Note::Assembled {
                snapshot,
                balances,
                in_flight,
                expected,
                ..
            } => {
                let total = balances + in_flight;
                let verdict = if total == *expected {
                    "it adds up".to_string()
                } else {
                    format!("it should be {expected}: {:+} is wrong", total as i128 - *expected as i128)
                };
                (
                    format!("{node} assembles snapshot #{snapshot}: total {total} = balances {balances} + in flight {in_flight}; {verdict}"),
                    true,
                    vec![],
                )
            }
        };
        ShownNote {
            label: note.label(),
            text: Some(text),
            major,
            signals,
        }
    }

    fn facts(events: &[Event<Self>], _now: SimTime) -> Vec<(String, String)> {
        let all = crate::check::snapshots(events);
        let complete = all.values().filter(|a| a.is_some()).count();
        let mut conserved = 0;
        let mut transfers = 0u64;
        let mut last = None;
        for e in events {
            match &e.kind {
                EventKind::Note {
                    note: Note::Opened { balance },
                } => conserved += balance,
                EventKind::Note {
                    note: n @ Note::Assembled { .. },
                } => last = Some(n.clone()),
                EventKind::Send {
                    message: Message::Transfer { .. },
                    ..
                } => transfers += 1,
                _ => {}
            }
        }
        let mut facts = vec![(
            "snapshots".to_string(),
            format!("{complete} complete, {} in progress", all.len() - complete),
        )];
        if let Some(Note::Assembled {
            snapshot,
            balances,
            in_flight,
            channels,
            ..
        }) = last
        {
            let chans: Vec<String> = channels
                .iter()
                .map(|(f, t, a)| format!("{f}→{t}: {a}"))
                .collect();
            let detail = if chans.is_empty() {
                String::new()
            } else {
                format!(" ({})", chans.join(", "))
            };
            facts.push((
                "last snapshot".into(),
                format!(
                    "#{snapshot}: total {} = balances {balances} + in flight {in_flight}{detail}",
                    balances + in_flight
                ),
            ));
        }
        facts.push(("money".into(), format!("{conserved} conserved")));
        facts.push((
            "transfer sends (with retransmissions)".into(),
            transfers.to_string(),
        ));
        facts
    }
}
