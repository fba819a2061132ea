//! The trace: every event of a run, in the order the engine processed it. The views, the checkers and the
//! exported JSON are all derived from it.

use crate::clock::{ClockConfig, VectorClock};
use crate::error::Error;
use crate::ids::{EventId, MsgId, NodeId, OpId};
use crate::protocol::{ClientOp, ClientResponse, Protocol};
use crate::scenario::Scenario;
use crate::time::{LocalTime, SimTime};
use serde::{Deserialize, Serialize};

/// The `schema` field every trace file carries.
pub const TRACE_SCHEMA: &str = "splitbrain-trace";
/// Bumped on any change to the trace JSON (see docs/trace-schema.json). Version 2 added compare-and-set
/// operations, `fail` replies and `rejected` outcomes; everything a version-1 file can hold reads the same.
pub const TRACE_VERSION: u32 = 2;
/// Older versions this build still reads.
pub const TRACE_VERSIONS_READ: [u32; 2] = [1, 2];

/// One event. Node events carry the node's local clock reading, Lamport clock and vector clock *after* the
/// event; cluster-wide events (a partition) have `node: None` and empty clocks.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(bound = "")]
pub struct Event<P: Protocol> {
    pub id: EventId,
    pub time: SimTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<NodeId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_time: Option<LocalTime>,
    #[serde(default)]
    pub lamport: u64,
    #[serde(default)]
    pub vclock: VectorClock,
    /// The event this one directly depends on across nodes: the send of a delivered message, the first
    /// delivery of a duplicate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<EventId>,
    pub kind: EventKind<P>,
}

/// What happened.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(bound = "", tag = "type", rename_all = "snake_case")]
pub enum EventKind<P: Protocol> {
    /// The node booted (at time zero, or after a restart).
    Start,
    Send {
        msg: MsgId,
        to: NodeId,
        /// When the network will deliver it, if it is not lost on the way.
        deliver_at: SimTime,
        message: P::Msg,
    },
    Deliver {
        msg: MsgId,
        from: NodeId,
    },
    /// A message that never arrives. Recorded on the receiver's side at the moment it would have arrived
    /// (or at the click that dropped it).
    Drop {
        msg: MsgId,
        from: NodeId,
        to: NodeId,
        reason: DropReason,
    },
    /// The network delivers `msg` a second time, as the new message `copy`.
    Duplicate {
        msg: MsgId,
        copy: MsgId,
        deliver_at: SimTime,
    },
    /// The user held a message back: it now arrives at `deliver_at`.
    Delay {
        msg: MsgId,
        deliver_at: SimTime,
    },
    TimerFired {
        timer: P::Timer,
    },
    Crash,
    Restart,
    Pause,
    Resume,
    Network {
        change: NetworkChange,
    },
    ClockSet {
        clock: ClockConfig,
        /// The node's own correction that set it (clock synchronisation); `None` when the user or the
        /// scenario set the clock (a fault).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        adjusted: Option<crate::protocol::ClockAdjust>,
    },
    /// A client started an operation against this node.
    ClientInvoke {
        op: OpId,
        request: ClientOp,
        /// The client session it belongs to, for session guarantees (read-your-writes, monotonic reads).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        session: Option<u32>,
    },
    /// The request (first try or a retry) reached this node.
    ClientRequest {
        op: OpId,
        attempt: u32,
    },
    /// The node answered the client.
    ClientReply {
        op: OpId,
        response: ClientResponse,
    },
    /// The operation is over, one way or the other.
    ClientReturn {
        op: OpId,
        outcome: ClientOutcome,
    },
    /// A protocol state change (role, term, commit index…).
    Note {
        note: P::Note,
    },
    /// A narration checkpoint was evaluated.
    Checkpoint {
        index: usize,
        passed: bool,
    },
}

impl<P: Protocol> EventKind<P> {
    /// The short type name shown in the UI.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Start => "start",
            EventKind::Send { .. } => "send",
            EventKind::Deliver { .. } => "deliver",
            EventKind::Drop { .. } => "drop",
            EventKind::Duplicate { .. } => "duplicate",
            EventKind::Delay { .. } => "delay",
            EventKind::TimerFired { .. } => "timer",
            EventKind::Crash => "crash",
            EventKind::Restart => "restart",
            EventKind::Pause => "pause",
            EventKind::Resume => "resume",
            EventKind::Network { .. } => "network",
            EventKind::ClockSet { .. } => "clock",
            EventKind::ClientInvoke { .. } => "client_invoke",
            EventKind::ClientRequest { .. } => "client_request",
            EventKind::ClientReply { .. } => "client_reply",
            EventKind::ClientReturn { .. } => "client_return",
            EventKind::Note { .. } => "note",
            EventKind::Checkpoint { .. } => "checkpoint",
        }
    }
}

/// Why a message never arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// Random loss drawn from the link's loss probability.
    Loss,
    /// A partition or one-way cut separated sender and receiver when it arrived.
    Partition,
    /// The user dropped it by hand.
    Clicked,
    /// The receiver was crashed when it arrived.
    ReceiverCrashed,
}

/// A change to who can talk to whom, or to link behaviour.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum NetworkChange {
    Partition {
        groups: Vec<Vec<NodeId>>,
    },
    Cut {
        from: NodeId,
        to: NodeId,
    },
    Uncut {
        from: NodeId,
        to: NodeId,
    },
    Heal,
    Config {
        config: crate::network::NetworkConfig,
    },
}

/// How a client operation ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum ClientOutcome {
    Ok {
        value: Option<String>,
    },
    /// Every attempt timed out or was redirected: the operation may or may not have taken effect.
    Failed {
        attempts: u32,
    },
    /// A node refused it: the operation has definitely not taken effect (see `ClientResponse::Fail`).
    Rejected {
        reason: String,
    },
    /// Done, with the key's versions: several values when concurrent writes left siblings, none when the key
    /// is missing (see `ClientResponse::Versions`).
    Versions {
        values: Vec<String>,
        context: String,
    },
}

impl ClientOutcome {
    /// A read's versions as the history prints them: `nothing`, `1`, or siblings `a | b`.
    pub fn versions_text(values: &[String]) -> String {
        if values.is_empty() {
            "nothing".to_string()
        } else {
            values.join(" | ")
        }
    }
}

/// An invariant violation, pinned to the event that revealed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub invariant: String,
    pub event: EventId,
    pub message: String,
}

/// Whether a narration checkpoint held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointResult {
    pub index: usize,
    pub passed: bool,
    pub text: String,
}

/// The exported JSON: the scenario that produced the run (so it can be re-simulated), and the run itself.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(bound = "", deny_unknown_fields)]
pub struct TraceFile<P: Protocol> {
    pub schema: String,
    pub version: u32,
    pub protocol: String,
    pub scenario: Scenario,
    pub end_time: SimTime,
    pub events: Vec<Event<P>>,
    #[serde(default)]
    pub violations: Vec<Violation>,
    #[serde(default)]
    pub checkpoints: Vec<CheckpointResult>,
}

/// Files larger than this are refused before parsing: a browser tab would not survive them anyway.
pub const MAX_TRACE_BYTES: usize = 200 * 1024 * 1024;

impl<P: Protocol> TraceFile<P> {
    /// Packages a run: the simulation (for its scenario, including live actions, and its clock) and the
    /// events and violations it produced.
    pub fn from_run<C: crate::Checker<P>>(
        sim: &crate::Simulation<P, C>,
        events: &[Event<P>],
        violations: &[Violation],
    ) -> Self {
        let scenario = sim.scenario().clone();
        let checkpoints = events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::Checkpoint { index, passed } => Some(CheckpointResult {
                    index,
                    passed,
                    text: scenario
                        .narration
                        .get(index)
                        .map(|n| n.text.clone())
                        .unwrap_or_default(),
                }),
                _ => None,
            })
            .collect();
        TraceFile {
            schema: TRACE_SCHEMA.to_string(),
            version: TRACE_VERSION,
            protocol: P::NAME.to_string(),
            end_time: sim.now(),
            events: events.to_vec(),
            violations: violations.to_vec(),
            checkpoints,
            scenario,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a trace always serializes")
    }

    /// Parses and validates an exported trace. Errors name the field path and the line and column.
    pub fn from_json(text: &str) -> Result<Self, Error> {
        if text.len() > MAX_TRACE_BYTES {
            return Err(Error::TooLarge {
                size: text.len(),
                limit: MAX_TRACE_BYTES,
            });
        }
        // Read the header first so a trace from another protocol or version gets a clear message rather
        // than a confusing field error deep inside an event.
        #[derive(Deserialize)]
        struct Header {
            schema: Option<String>,
            version: Option<u32>,
            protocol: Option<String>,
        }
        let header: Header =
            serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text))
                .map_err(|e| Error::from_json(e, ""))?;
        let schema = header.schema.unwrap_or_default();
        let version = header.version.unwrap_or(0);
        if schema != TRACE_SCHEMA || !TRACE_VERSIONS_READ.contains(&version) {
            return Err(Error::UnsupportedTrace { schema, version });
        }
        let protocol = header.protocol.unwrap_or_default();
        if protocol != P::NAME {
            return Err(Error::WrongProtocol {
                expected: P::NAME.to_string(),
                found: protocol,
            });
        }
        let file: TraceFile<P> =
            serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(text))
                .map_err(|e| Error::from_json(e, ""))?;
        file.scenario.validate_for::<P>()?;
        for (i, e) in file.events.iter().enumerate() {
            if e.id.index() != i {
                return Err(Error::invalid(
                    format!("events[{i}].id"),
                    format!("event ids must be 0, 1, 2, … in order; found {}", e.id.0),
                ));
            }
            if let Some(n) = e.node {
                crate::scenario::check_node(
                    n,
                    file.scenario.cluster.nodes,
                    &format!("events[{i}].node"),
                )?;
            }
        }
        Ok(file)
    }
}
