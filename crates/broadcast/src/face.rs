//! The lab's view of a node: its clocks as the badge and inspector show them, the hold-back queue with the
//! reason each message waits, message families, and a plain sentence for every note.

use crate::message::{vclock_text, Message, Timer};
use crate::node::{Broadcast, SEQUENCER};
use crate::note::{Anomaly, Note};
use crate::options::Order;
use splitbrain_sim::{
    Consistency, Describe, Event, EventKind, Face, Family, FieldKind, Label, LaneSignal, NodeId,
    NodeSummary, OptionField, Protocol, RoleStyle, Section, ShownMsg, ShownNote, ShownTimer,
    SimTime, Table,
};
use std::collections::BTreeMap;

const ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "member",
        letter: "M",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "sequencer",
        letter: "S",
        tone: 2,
        exclusive: false,
    },
];

const FAMILIES: &[Family] = &[
    Family {
        key: "message",
        legend: "Msg: an application message, stamped with its sender's Lamport and vector clocks",
    },
    Family {
        key: "ack",
        legend: "Ack: \"my clock is past your timestamp\" (total order by Lamport timestamps)",
    },
    Family {
        key: "order",
        legend: "Order: the sequencer's number for a message (total order by sequencer)",
    },
];

fn option_fields() -> Vec<OptionField> {
    let choice = |v: &str| serde_json::json!(v);
    vec![
        OptionField {
            key: "order",
            label: "delivery order",
            help: "When a node may hand a message to its application: on arrival, in each sender's order, after everything that happened before it, or in one order for all nodes.",
            kind: FieldKind::Choice(vec![
                (choice("none"), "none (on arrival)"),
                (choice("fifo"), "FIFO per sender"),
                (choice("causal"), "causal (vector clocks)"),
                (choice("total_lamport"), "total: Lamport timestamps + acks"),
                (choice("total_sequencer"), "total: sequencer n1"),
            ]),
        },
        OptionField {
            key: "auto_reply",
            label: "answer questions",
            help: "A node that delivers someone else's message ending with '?' answers it to all with \"re: …\".",
            kind: FieldKind::Bool,
        },
        OptionField {
            key: "reply_delay_us",
            label: "think time",
            help: "How long a node waits before answering a question.",
            kind: FieldKind::Integer {
                min: 0,
                max: 60_000_000,
                unit: "µs",
            },
        },
        OptionField {
            key: "mutant",
            label: "mutant",
            help: "Break one rule on purpose, to see a checker catch it.",
            kind: FieldKind::Choice(vec![
                (choice("none"), "none (correct)"),
                (choice("deliver_on_arrival"), "FIFO/causal: deliver on arrival, skip the check"),
                (choice("no_ack_wait"), "Lamport total order: deliver without waiting for acks"),
                (choice("sequencer_by_arrival"), "sequencer numbers in arrival order"),
            ]),
        },
    ]
}

fn ms(us: u64) -> String {
    format!("{:.0} ms", us as f64 / 1000.0)
}

impl Describe for Broadcast {
    const FACE: Face = Face {
        name: "broadcast",
        epoch_word: "Lamport clock",
        epoch_label: |e| e.to_string(),
        roles: ROLES,
        base_role: 0,
        families: FAMILIES,
        commit_word: "delivered",
        client_ops: <Broadcast as Protocol>::CLIENT_OPS,
        consistency: Consistency::None,
        nodes: (1, crate::options::MAX_NODES),
        option_fields,
    };

    fn summary(&self) -> NodeSummary {
        let sequencer = self.options.order == Order::TotalSequencer && self.id == SEQUENCER;
        let held = self
            .held
            .values()
            .filter(|h| h.msg.addressed_to(self.id))
            .count();
        let mut detail = format!("V={}", vclock_text(&self.d.vclock));
        if held > 0 {
            detail.push_str(&format!(", {held} held"));
        }
        NodeSummary {
            role: u8::from(sequencer),
            epoch: self.d.lamport,
            leader: None,
            detail: Some(detail),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        let mut rows = vec![
            ("delivery order".into(), self.options.order.name().into()),
            ("Lamport clock".into(), self.d.lamport.to_string()),
            ("vector clock".into(), vclock_text(&self.d.vclock)),
            ("messages sent".into(), self.d.sent.to_string()),
            ("messages delivered".into(), self.d.deliveries.to_string()),
        ];
        if self.options.order == Order::TotalSequencer {
            rows.push((
                "next sequence number".into(),
                (self.d.next_global + 1).to_string(),
            ));
            if self.id == SEQUENCER {
                rows.push(("numbers given".into(), self.d.numbered.to_string()));
            }
        }
        let mut sections = vec![Section::rows("state", "", rows)];
        let held: Vec<Vec<String>> = self
            .held
            .values()
            .map(|h| {
                vec![
                    h.msg.id.to_string(),
                    h.msg.id.sender.to_string(),
                    format!("{:?}", h.msg.text),
                    format!("L={} V={}", h.msg.lamport, vclock_text(&h.msg.vclock)),
                    self.wait_of(&h.msg).to_string(),
                ]
            })
            .collect();
        sections.push(Section::table(
            "held",
            "held back",
            Table::new(
                &["message", "from", "text", "stamp", "why"],
                held,
                "nothing held back",
            ),
        ));
        let recent: Vec<Vec<String>> = self
            .recent
            .iter()
            .rev()
            .map(|(n, m)| {
                vec![
                    n.to_string(),
                    m.id.to_string(),
                    m.id.sender.to_string(),
                    format!("{:?}", m.text),
                    format!("L={} V={}", m.lamport, vclock_text(&m.vclock)),
                ]
            })
            .collect();
        sections.push(Section::table(
            "delivered",
            "delivered (latest first)",
            Table::new(
                &["#", "message", "from", "text", "stamp"],
                recent,
                "nothing delivered yet",
            ),
        ));
        if self.options.order == Order::TotalLamport {
            let heard = (0..self.nodes)
                .map(NodeId)
                .filter(|n| *n != self.id)
                .map(|n| vec![n.to_string(), self.heard[n.index()].to_string()])
                .collect();
            sections.push(Section::table(
                "heard",
                "latest timestamp heard",
                Table::new(&["from", "timestamp"], heard, "no other nodes"),
            ));
        }
        sections
    }

    fn show_msg(m: &Message) -> ShownMsg {
        let (family, tag, text) = match m {
            Message::Msg { msg, .. } => (
                0,
                "M",
                format!(
                    "Msg {} {:?} L={} V={}",
                    msg.id,
                    msg.text,
                    msg.lamport,
                    vclock_text(&msg.vclock)
                ),
            ),
            Message::Ack { lamport, .. } => (1, "✓", format!("Ack L={lamport}")),
            Message::Order { id, global, .. } => (2, "#", format!("Order {id} = #{global}")),
        };
        ShownMsg {
            label: m.label(),
            family,
            tag: tag.into(),
            text,
            heartbeat: false,
        }
    }

    fn show_timer(t: &Timer) -> ShownTimer {
        ShownTimer {
            label: t.label(),
            ring: false,
        }
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        let (text, major, signals) = match note {
            Note::Up { order, restarted } => (
                if *restarted {
                    format!("{node} restarted ({} delivery): its clocks and stream positions survived, its hold-back queue did not", order.name())
                } else {
                    format!("{node} is up ({} delivery)", order.name())
                },
                false,
                Vec::new(),
            ),
            Note::Sent {
                id,
                to,
                lamport,
                vclock,
                text,
            } => (
                format!(
                    "{node} sent {id} {text:?} to {}, stamped L={lamport} V={}",
                    to.map_or("all".into(), |t| t.to_string()),
                    vclock_text(vclock)
                ),
                true,
                Vec::new(),
            ),
            Note::HeldBack { id, wait } => (
                if id.sender == node {
                    format!("{node} holds back its own {id}: {wait}")
                } else {
                    format!("{node} holds back {id} from {}: {wait}", id.sender)
                },
                false,
                Vec::new(),
            ),
            Note::Delivered {
                id,
                text,
                nth,
                held_us,
                waited,
            } => {
                let how = match waited {
                    Some(w) => format!(" (held back {}, {w})", ms(*held_us)),
                    None => String::new(),
                };
                let what = if id.sender == node {
                    format!("its own {id} {text:?}")
                } else {
                    format!("{id} {text:?} from {}", id.sender)
                };
                (
                    format!("{node} delivered {what}{how}"),
                    waited.is_some(),
                    vec![LaneSignal::Commit { upto: *nth }],
                )
            }
            Note::OutOfOrder {
                id,
                missing,
                anomaly,
            } => (
                match anomaly {
                    Anomaly::Fifo => format!("{node} delivered {id} before {missing}, which {} sent first: FIFO order broken", missing.sender),
                    Anomaly::Causal => format!("{node} delivered {id} before {missing}, which happened before it ({id}'s vector clock says so): causal order broken"),
                },
                true,
                Vec::new(),
            ),
            Note::Ordered { id, global } => (
                format!("{node}, the sequencer, gives {id} number {global}"),
                false,
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
        let nodes = events
            .iter()
            .filter_map(|e| e.node)
            .map(|n| n.0 + 1)
            .max()
            .unwrap_or(0) as u64;
        let (mut sent, mut addressed, mut delivered) = (0u64, 0u64, 0u64);
        let mut held = 0u64;
        let mut longest: Option<(u64, String)> = None;
        for e in events {
            let (Some(node), EventKind::Note { note }) = (e.node, &e.kind) else {
                continue;
            };
            match note {
                Note::Sent { to, .. } => {
                    sent += 1;
                    addressed += if to.is_some() { 1 } else { nodes };
                }
                Note::Delivered {
                    id,
                    held_us,
                    waited,
                    ..
                } => {
                    delivered += 1;
                    if waited.is_some() {
                        held += 1;
                        if longest.as_ref().is_none_or(|(l, _)| held_us > l) {
                            longest = Some((*held_us, format!("{id} at {node}")));
                        }
                    }
                }
                _ => {}
            }
        }
        let mut facts = vec![
            ("messages sent".into(), sent.to_string()),
            (
                "delivered".into(),
                format!("{delivered} of {addressed} addressed"),
            ),
            (
                "held back".into(),
                match longest {
                    Some((us, at)) => format!("{held}, longest {} ({at})", ms(us)),
                    None => "0".into(),
                },
            ),
        ];
        let anomalies = crate::check::anomalies(events);
        let mut kinds: BTreeMap<&str, u64> = BTreeMap::new();
        for a in &anomalies {
            *kinds.entry(a.invariant.as_str()).or_default() += 1;
        }
        let counts: Vec<String> = kinds
            .iter()
            .map(|(k, n)| format!("{n} {}", k.to_lowercase()))
            .collect();
        facts.push((
            "order violations".into(),
            match anomalies.first() {
                Some(first) => format!("{}: {}", counts.join(", "), first.message),
                None => "none".into(),
            },
        ));
        facts
    }
}
