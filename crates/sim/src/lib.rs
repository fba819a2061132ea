//! The deterministic simulator every Splitbrain protocol runs inside.
//!
//! Protocols are sans-IO state machines ([`Protocol`]): the engine calls them with the node's local time and an
//! input, and they push effects into an [`Out`] buffer. The engine owns the only clock and the only RNG, so a
//! [`Scenario`] and its seed determine the whole [`Trace`] byte for byte.

#[cfg(not(target_arch = "wasm32"))]
pub mod bench;
mod clock;
pub mod compare;
pub mod describe;
mod engine;
mod error;
mod fingerprint;
pub mod golden;
mod ids;
mod journal;
mod network;
pub mod ping;
mod protocol;
mod rng;
mod scenario;
pub mod seeds;
mod session;
mod shown;
pub mod sweep;
pub mod testkit;
mod time;
mod timeline;
mod trace;

pub use clock::{ClockConfig, VectorClock};
pub use compare::{Comparison, System, Workload};
pub use describe::{
    Consistency, Describe, Face, Family, FieldKind, LaneSignal, NodeSummary, OptionField, Ring,
    RingKey, RoleStyle, Section, ShownMsg, ShownNote, ShownTimer, Stored, StoredVersion, Table,
};
pub use engine::{InFlight, NodeStatus, OpView, Simulation};
pub use error::Error;
pub use fingerprint::fingerprint;
pub use ids::{EventId, MsgId, NodeId, OpId};
pub use journal::Journal;
pub use network::{LinkOverride, NetworkConfig, Topology};
pub use protocol::{
    Checker, ClientOp, ClientResponse, ClockAdjust, ClusterInfo, Effect, Label, NoChecker, OpKind,
    Out, Protocol, MAX_COUNTER_STEP,
};
pub use scenario::{
    groups_text, Action, ClientConfig, ClusterSpec, Expect, Narration, NodeClock, Scenario,
    Scheduled, MAX_SCENARIO_BYTES, MAX_SESSION,
};
pub use session::{Run, Session, WireView};
pub use shown::{show_event, Shown};
pub use time::{LocalTime, SimDuration, SimTime};
pub use timeline::Timeline;
pub use trace::{
    CheckpointResult, ClientOutcome, DropReason, Event, EventKind, NetworkChange, TraceFile,
    Violation, MAX_TRACE_BYTES, TRACE_SCHEMA, TRACE_VERSION,
};
