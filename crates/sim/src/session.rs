//! [`Session`]: one run of any protocol behind one object-safe type, which the app and the CLI hold as
//! `Box<dyn Session>`. The engine underneath stays generic over the protocol (its hot loop and snapshots are
//! monomorphised); only the edges the views read are erased, into [`Shown`] events kept beside the trace.

use crate::clock::{ClockConfig, VectorClock};
use crate::describe::{Describe, Face, NodeSummary, Ring, Section, ShownMsg, ShownTimer, Stored};
use crate::engine::{NodeStatus, OpView};
use crate::error::Error;
use crate::ids::{EventId, MsgId, NodeId};
use crate::network::{NetworkConfig, Topology};
use crate::protocol::Checker;
use crate::scenario::{Action, Scenario};
use crate::shown::{show_event, Shown};
use crate::time::{LocalTime, SimTime};
use crate::timeline::Timeline;
use crate::trace::{Event, EventKind, Violation};

/// A message on the wire, as the views see it. Its [`ShownMsg`] is the one on its send event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WireView {
    pub id: MsgId,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: SimTime,
    pub deliver_at: SimTime,
    pub send_event: EventId,
    /// Doomed by random loss: it still travels, and vanishes on arrival.
    pub lost: bool,
}

/// A run of some protocol: time travel, live actions, and everything the views read, with no protocol type.
pub trait Session {
    fn face(&self) -> &'static Face;
    /// The scenario as run so far, live actions included.
    fn scenario(&self) -> &Scenario;
    /// The protocol options in force, with every default filled in, as JSON.
    fn options_json(&self) -> serde_json::Value;
    fn node_count(&self) -> usize;

    fn now(&self) -> SimTime;
    /// Events at or before the cursor.
    fn cursor(&self) -> usize;
    /// Every event generated so far (possibly beyond the cursor after a rewind).
    fn trace(&self) -> &[Event<Shown>];
    fn past(&self) -> &[Event<Shown>] {
        &self.trace()[..self.cursor().min(self.trace().len())]
    }
    fn at_end(&self) -> bool {
        self.cursor() >= self.trace().len()
    }
    /// The protocol checkers' violations (client-history checks are the caller's: see [`Face::consistency`]).
    fn violations(&self) -> &[Violation];

    fn status(&self, node: NodeId) -> NodeStatus;
    fn clock(&self, node: NodeId) -> ClockConfig;
    fn local_time(&self, node: NodeId) -> LocalTime;
    fn lamport(&self, node: NodeId) -> u64;
    fn vclock(&self, node: NodeId) -> VectorClock;
    /// Armed timers: (timer, set at, fires at), in real simulated time.
    fn timers(&self, node: NodeId) -> Vec<(ShownTimer, SimTime, SimTime)>;
    fn network(&self) -> &NetworkConfig;
    fn topology(&self) -> &Topology;
    /// Messages on the wire, in id order.
    fn in_flight(&self) -> Vec<WireView>;
    /// Client operations in invocation order.
    fn ops(&self) -> Vec<OpView<'_>>;
    /// A running node's summary; `None` if it is crashed.
    fn summary(&self, node: NodeId) -> Option<NodeSummary>;
    /// A running node's inspector sections; empty if it is crashed.
    fn inspector(&self, node: NodeId) -> Vec<Section>;
    /// The protocol's own account of the run up to the cursor ([`Describe::facts`]).
    fn facts(&self) -> Vec<(String, String)>;
    /// The consistent-hashing ring, as the first running node routes by it, with the keys every running
    /// node knows of (a node lists only the keys it stores or handled, and a key need not reach every node:
    /// `None`: no ring, or every node is down).
    fn ring(&self) -> Option<Ring>;
    /// What a running node stores, key by key (empty for a crashed node or a protocol that stores nothing).
    fn stored(&self, node: NodeId) -> Vec<Stored>;

    /// The message a send event carried.
    fn sent_message(&self, send_event: EventId) -> Option<&ShownMsg> {
        match &self.trace().get(send_event.index())?.kind {
            EventKind::Send { message, .. } => Some(message),
            _ => None,
        }
    }

    fn step(&mut self) -> bool;
    fn run_until(&mut self, t: SimTime);
    fn seek(&mut self, events: usize);
    fn seek_time(&mut self, t: SimTime);
    /// Performs a user action at the cursor; in the past this forks the run.
    fn act(&mut self, action: Action) -> Result<(), Error>;

    /// The run up to the cursor as exported trace JSON: the same bytes the CLI fingerprints.
    fn to_trace_json(&self) -> String;
    /// When the next thing happens, if anything is left.
    fn next_time(&self) -> Option<SimTime>;
}

/// The one implementation of [`Session`]: a protocol's timeline plus its events as the views see them.
pub struct Run<P: Describe, C: Checker<P>> {
    timeline: Timeline<P, C>,
    shown: Vec<Event<Shown>>,
}

impl<P: Describe, C: Checker<P> + Default> Run<P, C> {
    pub fn new(scenario: &Scenario) -> Result<Self, Error> {
        Ok(Run {
            timeline: Timeline::new(scenario)?,
            shown: Vec::new(),
        })
    }
}

impl<P: Describe, C: Checker<P>> Run<P, C> {
    /// The typed timeline, for protocol-specific tests and tools.
    pub fn timeline(&self) -> &Timeline<P, C> {
        &self.timeline
    }

    /// Translates the events the timeline generated since the last call.
    fn sync(&mut self) {
        let trace = self.timeline.trace();
        self.shown.truncate(trace.len());
        let have = self.shown.len();
        self.shown.extend(trace[have..].iter().map(show_event));
    }
}

impl<P: Describe, C: Checker<P>> Session for Run<P, C> {
    fn face(&self) -> &'static Face {
        &P::FACE
    }
    fn scenario(&self) -> &Scenario {
        self.timeline.sim().scenario()
    }
    fn options_json(&self) -> serde_json::Value {
        serde_json::to_value(self.timeline.sim().options()).unwrap_or(serde_json::Value::Null)
    }
    fn node_count(&self) -> usize {
        self.timeline.sim().node_count()
    }
    fn now(&self) -> SimTime {
        self.timeline.now()
    }
    fn cursor(&self) -> usize {
        self.timeline.cursor()
    }
    fn trace(&self) -> &[Event<Shown>] {
        &self.shown
    }
    fn violations(&self) -> &[Violation] {
        self.timeline.violations()
    }
    fn status(&self, node: NodeId) -> NodeStatus {
        self.timeline.sim().status(node)
    }
    fn clock(&self, node: NodeId) -> ClockConfig {
        self.timeline.sim().clock(node)
    }
    fn local_time(&self, node: NodeId) -> LocalTime {
        self.timeline.sim().local_time(node)
    }
    fn lamport(&self, node: NodeId) -> u64 {
        self.timeline.sim().lamport(node)
    }
    fn vclock(&self, node: NodeId) -> VectorClock {
        self.timeline.sim().vclock(node)
    }
    fn timers(&self, node: NodeId) -> Vec<(ShownTimer, SimTime, SimTime)> {
        self.timeline
            .sim()
            .timers(node)
            .into_iter()
            .map(|(t, set, fire)| (P::show_timer(&t), set, fire))
            .collect()
    }
    fn network(&self) -> &NetworkConfig {
        self.timeline.sim().network()
    }
    fn topology(&self) -> &Topology {
        self.timeline.sim().topology()
    }
    fn in_flight(&self) -> Vec<WireView> {
        self.timeline
            .sim()
            .in_flight()
            .map(|m| WireView {
                id: m.id,
                from: m.from,
                to: m.to,
                sent_at: m.sent_at,
                deliver_at: m.deliver_at,
                send_event: m.send_event,
                lost: m.lost,
            })
            .collect()
    }
    fn ops(&self) -> Vec<OpView<'_>> {
        self.timeline.sim().ops().collect()
    }
    fn summary(&self, node: NodeId) -> Option<NodeSummary> {
        self.timeline.sim().node(node).map(P::summary)
    }
    fn inspector(&self, node: NodeId) -> Vec<Section> {
        self.timeline
            .sim()
            .node(node)
            .map(P::inspector)
            .unwrap_or_default()
    }
    fn facts(&self) -> Vec<(String, String)> {
        P::facts(self.timeline.past(), self.timeline.now())
    }
    fn ring(&self) -> Option<Ring> {
        let sim = self.timeline.sim();
        let mut rings =
            (0..sim.node_count() as u32).filter_map(|n| sim.node(NodeId(n)).and_then(P::ring));
        let mut ring = rings.next()?;
        for other in rings {
            for k in other.keys {
                if !ring.keys.iter().any(|r| r.key == k.key) {
                    ring.keys.push(k);
                }
            }
        }
        ring.keys.sort_by(|a, b| a.key.cmp(&b.key));
        Some(ring)
    }
    fn stored(&self, node: NodeId) -> Vec<Stored> {
        self.timeline
            .sim()
            .node(node)
            .map(P::stored)
            .unwrap_or_default()
    }

    fn step(&mut self) -> bool {
        let progressed = self.timeline.step();
        self.sync();
        progressed
    }
    fn run_until(&mut self, t: SimTime) {
        self.timeline.run_until(t);
        self.sync();
    }
    fn seek(&mut self, events: usize) {
        self.timeline.seek(events);
        self.sync();
    }
    fn seek_time(&mut self, t: SimTime) {
        self.timeline.seek_time(t);
        self.sync();
    }
    fn act(&mut self, action: Action) -> Result<(), Error> {
        // An action in the past forks the run: the translated future goes with the timeline's.
        let cursor = self.timeline.cursor();
        let result = self.timeline.act(action);
        self.shown.truncate(cursor.min(self.timeline.trace().len()));
        self.sync();
        result
    }
    fn to_trace_json(&self) -> String {
        self.timeline.to_trace_file().to_json()
    }
    fn next_time(&self) -> Option<SimTime> {
        self.timeline.sim().next_time()
    }
}

impl std::fmt::Debug for dyn Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("protocol", &self.face().name)
            .field("nodes", &self.node_count())
            .field("now", &self.now())
            .field("cursor", &self.cursor())
            .finish()
    }
}
