//! The smallest protocol: every node keeps one ping going round the ring. Used to test and benchmark the
//! engine itself, with no protocol logic in the way.

use crate::ids::{NodeId, OpId};
use crate::protocol::{ClientOp, ClientResponse, ClusterInfo, Label, Out, Protocol};
use crate::time::{LocalTime, SimDuration};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug)]
pub struct Ping {
    id: NodeId,
    nodes: u32,
    options: PingOptions,
    /// Pongs received; persisted, so a restart keeps counting.
    pub pongs: u64,
    /// Probe acknowledgements received; volatile, so a crash forgets them.
    pub acks: u64,
    /// The sequence number of the ping this node is waiting to hear back about. A duplicated or late pong
    /// must not start a second chain, or traffic would grow without bound.
    awaiting: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PingOptions {
    /// Every node also arms a heartbeat timer with this period (0: none).
    #[serde(default = "default_heartbeat")]
    pub heartbeat_us: u64,
}

fn default_heartbeat() -> u64 {
    100_000
}

impl Default for PingOptions {
    fn default() -> Self {
        PingOptions {
            heartbeat_us: default_heartbeat(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum PingMsg {
    Ping {
        seq: u64,
    },
    Pong {
        seq: u64,
    },
    /// Sent on every heartbeat; answered once and never forwarded, so traffic survives message loss
    /// without growing.
    Probe,
    ProbeAck,
}

impl Label for PingMsg {
    fn label(&self) -> String {
        match self {
            PingMsg::Ping { .. } => "Ping".into(),
            PingMsg::Pong { .. } => "Pong".into(),
            PingMsg::Probe => "Probe".into(),
            PingMsg::ProbeAck => "ProbeAck".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PingTimer {
    Heartbeat,
}

impl Label for PingTimer {
    fn label(&self) -> String {
        "Heartbeat".into()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PingNote {
    pub pongs: u64,
}

impl Label for PingNote {
    fn label(&self) -> String {
        "pong".into()
    }
}

impl Ping {
    fn next(&self) -> NodeId {
        NodeId((self.id.0 + 1) % self.nodes)
    }
}

impl Protocol for Ping {
    type Msg = PingMsg;
    type Timer = PingTimer;
    type Persistent = u64;
    type Note = PingNote;
    type Options = PingOptions;
    const NAME: &'static str = "ping";

    fn new(cluster: &ClusterInfo, options: &PingOptions, persisted: Option<&u64>) -> Self {
        Ping {
            id: cluster.id,
            nodes: cluster.nodes,
            options: options.clone(),
            pongs: persisted.copied().unwrap_or(0),
            acks: 0,
            awaiting: 0,
        }
    }

    fn on_start(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        self.awaiting = self.pongs;
        out.send(self.next(), PingMsg::Ping { seq: self.awaiting });
        if self.options.heartbeat_us > 0 {
            let d = SimDuration(self.options.heartbeat_us);
            out.set_timer(PingTimer::Heartbeat, d, d);
        }
    }

    fn on_message(&mut self, _now: LocalTime, from: NodeId, msg: PingMsg, out: &mut Out<Self>) {
        match msg {
            PingMsg::Ping { seq } => out.send(from, PingMsg::Pong { seq }),
            PingMsg::Pong { seq } if seq == self.awaiting => {
                self.pongs += 1;
                out.persist(self.pongs);
                self.awaiting = seq + 1;
                out.send(self.next(), PingMsg::Ping { seq: self.awaiting });
            }
            PingMsg::Pong { .. } => {}
            PingMsg::Probe => out.send(from, PingMsg::ProbeAck),
            PingMsg::ProbeAck => self.acks += 1,
        }
    }

    fn on_timer(&mut self, _now: LocalTime, _timer: PingTimer, out: &mut Out<Self>) {
        out.note(PingNote { pongs: self.pongs });
        out.send(self.next(), PingMsg::Probe);
        let d = SimDuration(self.options.heartbeat_us);
        out.set_timer(PingTimer::Heartbeat, d, d);
    }

    fn on_client_request(
        &mut self,
        _now: LocalTime,
        op: OpId,
        _req: &ClientOp,
        out: &mut Out<Self>,
    ) {
        out.reply(op, ClientResponse::Ok { value: None });
    }

    /// Restarts this node's chain (useful after its ping was lost).
    fn on_force_timeout(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        self.awaiting += 1;
        out.send(self.next(), PingMsg::Ping { seq: self.awaiting });
    }
}

const PING_ROLES: &[crate::describe::RoleStyle] = &[crate::describe::RoleStyle {
    name: "node",
    letter: "N",
    tone: 0,
    exclusive: false,
}];

const PING_FAMILIES: &[crate::describe::Family] = &[
    crate::describe::Family {
        key: "ping",
        legend: "Ping / Pong round the ring",
    },
    crate::describe::Family {
        key: "probe",
        legend: "Probe / ProbeAck on every heartbeat",
    },
];

/// Ping's face: the engine's test protocol, listed by the CLI, not offered in the lab's picker.
impl crate::describe::Describe for Ping {
    const FACE: crate::describe::Face = crate::describe::Face {
        name: "ping",
        epoch_word: "round",
        epoch_label: |r| r.to_string(),
        roles: PING_ROLES,
        base_role: 0,
        families: PING_FAMILIES,
        commit_word: "pongs",
        client_ops: <Ping as Protocol>::CLIENT_OPS,
        consistency: crate::describe::Consistency::None,
        nodes: (1, crate::scenario::MAX_NODES),
        option_fields: || {
            vec![crate::describe::OptionField {
                key: "heartbeat_us",
                label: "heartbeat",
                help: "Every node probes its neighbour this often (0: never).",
                kind: crate::describe::FieldKind::Integer {
                    min: 0,
                    max: 60_000_000,
                    unit: "µs",
                },
            }]
        },
    };

    fn summary(&self) -> crate::describe::NodeSummary {
        crate::describe::NodeSummary {
            role: 0,
            epoch: self.pongs,
            leader: None,
            detail: Some(format!("{} pongs", self.pongs)),
        }
    }

    fn inspector(&self) -> Vec<crate::describe::Section> {
        vec![crate::describe::Section::rows(
            "state",
            "",
            vec![
                ("pongs".into(), self.pongs.to_string()),
                ("probe acks".into(), self.acks.to_string()),
            ],
        )]
    }

    fn show_msg(m: &PingMsg) -> crate::describe::ShownMsg {
        let (family, tag, text) = match m {
            PingMsg::Ping { seq } => (0, "P", format!("Ping #{seq}")),
            PingMsg::Pong { seq } => (0, "p", format!("Pong #{seq}")),
            PingMsg::Probe => (1, "?", "Probe".to_string()),
            PingMsg::ProbeAck => (1, "!", "ProbeAck".to_string()),
        };
        crate::describe::ShownMsg {
            label: m.label(),
            family,
            tag: tag.into(),
            text,
            heartbeat: family == 1,
        }
    }

    fn show_timer(t: &PingTimer) -> crate::describe::ShownTimer {
        crate::describe::ShownTimer {
            label: t.label(),
            ring: true,
        }
    }

    fn show_note(node: NodeId, note: &PingNote) -> crate::describe::ShownNote {
        crate::describe::ShownNote {
            label: note.label(),
            text: Some(format!("{node} has seen {} pongs", note.pongs)),
            major: false,
            signals: vec![crate::describe::LaneSignal::Commit { upto: note.pongs }],
        }
    }
}
