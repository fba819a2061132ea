//! The `Describe` impl: each node's badge summary and inspector sections (its role, its Lamport clock and
//! request, its request queue or deferred replies, the lock server's holder and waiting list, the
//! storage), and the run's facts.

use super::{
    option_fields, show_msg, show_note, show_timer, FAMILIES, HOLDER, IDLE, ROLES, WAITING,
};
use crate::message::{Message, Timer};
use crate::node::DistMutex;
use crate::note::Note;
use crate::options::Algorithm;
use splitbrain_sim::{
    Consistency, Describe, Event, EventKind, Face, NodeId, NodeSummary, Protocol, Section,
    ShownMsg, ShownNote, ShownTimer, SimTime, Table,
};
use std::collections::BTreeMap;

fn role_of(node: &DistMutex) -> u8 {
    if node.in_critical_section() {
        HOLDER
    } else if node.is_waiting() {
        WAITING
    } else {
        IDLE
    }
}

fn state_section(node: &DistMutex) -> Section {
    let o = node.options();
    let mut rows = vec![
        (
            "role".to_string(),
            ROLES[role_of(node) as usize].name.to_string(),
        ),
        ("algorithm".to_string(), format!("{:?}", o.algorithm)),
        (
            "critical sections entered".to_string(),
            node.entered().to_string(),
        ),
        (
            "puts waiting here".to_string(),
            node.jobs_waiting().to_string(),
        ),
    ];
    match o.algorithm {
        Algorithm::Lamport | Algorithm::RicartAgrawala => {
            rows.push(("Lamport clock".into(), node.clock().to_string()));
            rows.push((
                "my request".into(),
                node.request_ts()
                    .map_or("none".into(), |t| format!("timestamp {t}")),
            ));
        }
        Algorithm::LockServer => {
            rows.push((
                "my token".into(),
                node.token().map_or("none".into(), |t| t.to_string()),
            ));
            if node.is_server() {
                rows.push((
                    "lock held by".into(),
                    node.holder()
                        .map_or("nobody".into(), |(n, t)| format!("{n} (token {t})")),
                ));
                rows.push((
                    "waiting for the lock".into(),
                    match node.waiting.len() {
                        0 => "nobody".into(),
                        _ => node
                            .waiting
                            .iter()
                            .map(|(n, _)| n.to_string())
                            .collect::<Vec<_>>()
                            .join(" "),
                    },
                ));
                rows.push((
                    "newest token stored".into(),
                    node.newest_token().to_string(),
                ));
                rows.push((
                    "fencing".into(),
                    if o.fencing { "on" } else { "off" }.into(),
                ));
            }
        }
    }
    Section::rows("state", "", rows)
}

fn queue_section(node: &DistMutex) -> Option<Section> {
    match node.options().algorithm {
        Algorithm::Lamport => {
            let rows = node
                .queue()
                .iter()
                .map(|(t, n)| vec![t.to_string(), n.to_string()])
                .collect();
            let mut table = Table::new(&["timestamp", "node"], rows, "empty");
            if node.queue().first().is_some_and(|(_, n)| *n == node.id()) {
                table.marked = vec![0];
                table.marked_means = "its own request, first in the queue".into();
            }
            Some(Section::table(
                "queue",
                "Request queue (by timestamp, node)",
                table,
            ))
        }
        Algorithm::RicartAgrawala => {
            let list = |s: &std::collections::BTreeSet<NodeId>| match s.len() {
                0 => "none".to_string(),
                _ => s
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            Some(Section::rows(
                "replies",
                "Replies",
                vec![
                    ("replies received".into(), list(node.replies())),
                    ("replies deferred".into(), list(node.deferred())),
                ],
            ))
        }
        Algorithm::LockServer => None,
    }
}

fn store_section(node: &DistMutex) -> Section {
    let rows = node
        .store()
        .iter()
        .map(|(k, v)| vec![k.clone(), v.clone()])
        .collect();
    Section::table(
        "store",
        "Storage",
        Table::new(&["key", "value"], rows, "empty"),
    )
}

impl Describe for DistMutex {
    const FACE: Face = Face {
        name: Self::NAME,
        epoch_word: "token",
        epoch_label: |e| e.to_string(),
        roles: ROLES,
        base_role: IDLE,
        families: FAMILIES,
        commit_word: "written",
        client_ops: Self::CLIENT_OPS,
        consistency: Consistency::None,
        nodes: (crate::options::MIN_NODES, crate::options::MAX_NODES),
        option_fields,
    };

    fn summary(&self) -> NodeSummary {
        let epoch = if self.is_server() {
            self.next_token - 1
        } else {
            self.token().unwrap_or(0)
        };
        NodeSummary {
            role: role_of(self),
            epoch,
            leader: (self.options().algorithm == Algorithm::LockServer).then_some(crate::SERVER),
            detail: Some(match self.entered() {
                1 => "1 entry".to_string(),
                n => format!("{n} entries"),
            }),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        let mut s = vec![state_section(self)];
        s.extend(queue_section(self));
        s.push(store_section(self));
        s
    }

    fn show_msg(msg: &Message) -> ShownMsg {
        show_msg(msg)
    }

    fn show_timer(timer: &Timer) -> ShownTimer {
        show_timer(timer)
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        show_note(node, note)
    }

    fn facts(events: &[Event<Self>], now: SimTime) -> Vec<(String, String)> {
        let mut entered = 0u64;
        let mut asked: BTreeMap<NodeId, SimTime> = BTreeMap::new();
        let mut longest: Option<(u64, NodeId)> = None;
        let (mut refused, mut stale) = (0u64, 0u64);
        for e in events.iter().take_while(|e| e.time <= now) {
            let (Some(node), EventKind::Note { note }) = (e.node, &e.kind) else {
                continue;
            };
            match note {
                Note::Requested { .. } => {
                    asked.insert(node, e.time);
                }
                Note::Entered { .. } => {
                    entered += 1;
                    if let Some(t) = asked.remove(&node) {
                        let wait = e.time.0 - t.0;
                        if longest.is_none_or(|(w, _)| wait > w) {
                            longest = Some((wait, node));
                        }
                    }
                }
                Note::Fenced { .. } => refused += 1,
                Note::Stored { token, newest, .. } if token < newest => stale += 1,
                _ => {}
            }
        }
        let mut facts = vec![(
            "critical sections".to_string(),
            format!("{entered} entered"),
        )];
        if let Some((w, n)) = longest {
            facts.push(("longest wait".into(), format!("{} ms at {n}", w / 1000)));
        }
        if refused > 0 {
            facts.push(("stale writes refused".into(), refused.to_string()));
        }
        if stale > 0 {
            facts.push(("stale writes accepted".into(), stale.to_string()));
        }
        facts
    }
}
