//! The discrete-event engine: one queue ordered by (time, sequence), one seeded RNG, and the nodes.

pub(crate) mod clients;
mod faults;
mod queue;
mod sessions;

use crate::clock::{ClockConfig, VectorClock};
use crate::error::Error;
use crate::ids::{EventId, MsgId, NodeId, OpId};
use crate::network::{NetworkConfig, Topology};
use crate::protocol::{Checker, ClusterInfo, Effect, NoChecker, Out, Protocol};
use crate::rng::SimRng;
use crate::scenario::{Action, Scenario, Scheduled};
use crate::time::{LocalTime, SimDuration, SimTime};
use crate::trace::{DropReason, Event, EventKind, Violation};
use clients::OpState;
pub use clients::OpView;
use queue::{Item, Queue};
use std::collections::BTreeMap;

/// Whether a node is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeStatus {
    Up,
    /// Stopped; its volatile state is gone and only what it persisted survives a restart.
    Crashed,
    /// Alive but frozen (a long GC pause): everything addressed to it waits until it resumes.
    Paused,
}

/// A message on the wire.
#[derive(Clone, Debug)]
pub struct InFlight<P: Protocol> {
    pub id: MsgId,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: SimTime,
    pub deliver_at: SimTime,
    pub message: P::Msg,
    pub send_event: EventId,
    /// Already doomed by random loss (it still travels, and is shown to vanish on arrival).
    pub lost: bool,
    send_lamport: u64,
    send_vclock: VectorClock,
}

#[derive(Clone, Debug)]
struct TimerState {
    generation: u64,
    set_at: SimTime,
    fire_at: SimTime,
}

#[derive(Clone, Debug)]
struct NodeSlot<P: Protocol> {
    state: Option<P>,
    persisted: Option<P::Persistent>,
    paused: bool,
    /// Work that arrived while paused, replayed in order on resume.
    backlog: Vec<Item<P>>,
    clock: ClockConfig,
    lamport: u64,
    vclock: VectorClock,
    timers: BTreeMap<P::Timer, TimerState>,
    timer_generation: u64,
}

/// Where events and violations produced by a step go.
pub(crate) struct Sink<'a, P: Protocol> {
    pub events: &'a mut Vec<Event<P>>,
    pub violations: &'a mut Vec<Violation>,
}

/// A whole simulated cluster. Cloning it is a snapshot: the trace is kept outside (see [`crate::Timeline`]).
#[derive(Clone, Debug)]
pub struct Simulation<P: Protocol, C: Checker<P> = NoChecker> {
    scenario: Scenario,
    options: P::Options,
    now: SimTime,
    rng: SimRng,
    queue: Queue<P>,
    nodes: Vec<NodeSlot<P>>,
    network: NetworkConfig,
    topology: Topology,
    in_flight: BTreeMap<MsgId, InFlight<P>>,
    /// Latest delivery time per link, to keep links FIFO when reordering is off.
    last_delivery: BTreeMap<(NodeId, NodeId), SimTime>,
    ops: BTreeMap<OpId, OpState>,
    sessions: sessions::Sessions,
    next_msg: u64,
    next_event: u64,
    next_op: u64,
    /// Index of the next `scenario.schedule` entry to run (the schedule is kept sorted by time).
    next_action: usize,
    next_narration: usize,
    /// When each note label was last recorded, for narration checkpoints.
    notes_seen: BTreeMap<String, SimTime>,
    checker: C,
    out: Out<P>,
}

impl<P: Protocol, C: Checker<P> + Default> Simulation<P, C> {
    /// Builds the cluster of a validated scenario. Nodes boot at time zero, on the first steps.
    pub fn new(scenario: &Scenario) -> Result<Self, Error> {
        Self::with_checker(scenario, C::default())
    }
}

impl<P: Protocol, C: Checker<P>> Simulation<P, C> {
    pub fn with_checker(scenario: &Scenario, checker: C) -> Result<Self, Error> {
        scenario.validate_for::<P>()?;
        let options = scenario.options::<P>()?;
        let mut scenario = scenario.clone();
        // The workload becomes ordinary client actions, so the scenario a trace records replays as it ran.
        if let Some(w) = scenario.workload.take() {
            scenario.schedule.extend(w.actions(scenario.cluster.nodes));
        }
        // Stable: entries with the same time keep the order the author wrote them in.
        scenario.schedule.sort_by_key(|s| s.at_us);
        scenario.narration.sort_by_key(|n| n.at_us);
        let n = scenario.cluster.nodes as usize;
        let mut nodes = Vec::with_capacity(n);
        for i in 0..n {
            let clock = scenario
                .clocks
                .iter()
                .rev()
                .find(|c| c.node.index() == i)
                .map(|c| c.clock())
                .unwrap_or_default();
            nodes.push(NodeSlot {
                state: None,
                persisted: None,
                paused: false,
                backlog: Vec::new(),
                clock,
                lamport: 0,
                vclock: VectorClock::new(n),
                timers: BTreeMap::new(),
                timer_generation: 0,
            });
        }
        let mut queue = Queue::default();
        for i in 0..n {
            queue.push(SimTime::ZERO, Item::Boot(NodeId(i as u32)));
        }
        let out = Out::seeded(scenario.seed);
        Ok(Simulation {
            rng: SimRng::seed_from_u64(scenario.seed),
            network: scenario.network.clone(),
            scenario,
            options,
            now: SimTime::ZERO,
            queue,
            nodes,
            topology: Topology::default(),
            in_flight: BTreeMap::new(),
            last_delivery: BTreeMap::new(),
            ops: BTreeMap::new(),
            sessions: sessions::Sessions::default(),
            next_msg: 0,
            next_event: 0,
            next_op: 0,
            next_action: 0,
            next_narration: 0,
            notes_seen: BTreeMap::new(),
            checker,
            out,
        })
    }

    // ----- inspection -------------------------------------------------------------------------------------

    pub fn now(&self) -> SimTime {
        self.now
    }

    /// The scenario as run so far, including actions the user added live (schedule sorted by time).
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn options(&self) -> &P::Options {
        &self.options
    }

    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// How many events this simulation has emitted so far (= the id of the next one).
    pub fn events_emitted(&self) -> u64 {
        self.next_event
    }

    /// The protocol state of a running (or paused) node; `None` if it is crashed or does not exist.
    pub fn node(&self, id: NodeId) -> Option<&P> {
        self.nodes.get(id.index()).and_then(|s| s.state.as_ref())
    }

    pub fn status(&self, id: NodeId) -> NodeStatus {
        match self.nodes.get(id.index()) {
            Some(s) if s.state.is_none() => NodeStatus::Crashed,
            Some(s) if s.paused => NodeStatus::Paused,
            _ => NodeStatus::Up,
        }
    }

    pub fn clock(&self, id: NodeId) -> ClockConfig {
        self.nodes
            .get(id.index())
            .map(|s| s.clock)
            .unwrap_or_default()
    }

    pub fn local_time(&self, id: NodeId) -> LocalTime {
        self.clock(id).local_at(self.now)
    }

    pub fn lamport(&self, id: NodeId) -> u64 {
        self.nodes.get(id.index()).map_or(0, |s| s.lamport)
    }

    pub fn vclock(&self, id: NodeId) -> VectorClock {
        self.nodes
            .get(id.index())
            .map(|s| s.vclock.clone())
            .unwrap_or_default()
    }

    /// Armed timers of a node: (timer, when it was set, when it fires), in real simulated time.
    pub fn timers(&self, id: NodeId) -> Vec<(P::Timer, SimTime, SimTime)> {
        self.nodes.get(id.index()).map_or_else(Vec::new, |s| {
            s.timers
                .iter()
                .map(|(t, st)| (t.clone(), st.set_at, st.fire_at))
                .collect()
        })
    }

    pub fn network(&self) -> &NetworkConfig {
        &self.network
    }

    pub fn topology(&self) -> &Topology {
        &self.topology
    }

    /// Messages on the wire, in id order.
    pub fn in_flight(&self) -> impl Iterator<Item = &InFlight<P>> {
        self.in_flight.values()
    }

    pub fn checker(&self) -> &C {
        &self.checker
    }

    /// When the next thing happens, if anything is left to happen.
    pub fn next_time(&self) -> Option<SimTime> {
        let action = self
            .scenario
            .schedule
            .get(self.next_action)
            .map(|s| SimTime(s.at_us));
        let narration = self
            .scenario
            .narration
            .get(self.next_narration)
            .map(|n| SimTime(n.at_us));
        let queued = self.queue.peek_time();
        [action, narration, queued]
            .into_iter()
            .flatten()
            .min()
            .map(|t| t.max(self.now))
    }

    // ----- driving ----------------------------------------------------------------------------------------

    /// Processes the next thing that happens. Returns false when nothing is left.
    pub fn step(&mut self, events: &mut Vec<Event<P>>, violations: &mut Vec<Violation>) -> bool {
        let mut sink = Sink { events, violations };
        let action_at = self
            .scenario
            .schedule
            .get(self.next_action)
            .map(|s| SimTime(s.at_us));
        let narration_at = self
            .scenario
            .narration
            .get(self.next_narration)
            .map(|n| SimTime(n.at_us));
        let queued_at = self.queue.peek_time();
        // Ties: scheduled actions first, then narration, then queued work. `act` relies on this order.
        let pick = [(action_at, 0), (narration_at, 1), (queued_at, 2)]
            .into_iter()
            .filter_map(|(t, k)| t.map(|t| (t, k)))
            .min();
        let Some((at, kind)) = pick else {
            return false;
        };
        self.now = self.now.max(at);
        match kind {
            0 => {
                let action = self.scenario.schedule[self.next_action].action.clone();
                self.next_action += 1;
                self.apply_action(action, &mut sink);
            }
            1 => {
                let index = self.next_narration;
                self.next_narration += 1;
                self.evaluate_checkpoint(index, &mut sink);
            }
            _ => {
                let item = self.queue.pop().expect("peeked");
                self.process(item, &mut sink);
            }
        }
        true
    }

    /// Processes everything that happens at or before `t`, then sets the clock to `t`.
    pub fn run_until(
        &mut self,
        t: SimTime,
        events: &mut Vec<Event<P>>,
        violations: &mut Vec<Violation>,
    ) {
        while self.next_time().is_some_and(|next| next <= t) {
            self.step(events, violations);
        }
        self.now = self.now.max(t);
    }

    /// Does `action` now (1 µs after the current time, so a replay of the recorded schedule puts it after
    /// everything that already happened) and records it in the scenario's schedule.
    pub fn act(
        &mut self,
        action: Action,
        events: &mut Vec<Event<P>>,
        violations: &mut Vec<Violation>,
    ) -> Result<(), Error> {
        crate::scenario::validate_action(&action, self.scenario.cluster.nodes, "action")?;
        crate::scenario::check_accepted::<P>(&action, "action")?;
        let at = self.now.0.saturating_add(1);
        let pos = self.scenario.schedule.partition_point(|s| s.at_us <= at);
        // Entries at or before the insertion point have all run: the engine has passed their time.
        debug_assert!(pos >= self.next_action);
        self.scenario
            .schedule
            .insert(pos, Scheduled { at_us: at, action });
        if pos == self.next_action {
            self.step(events, violations);
        }
        Ok(())
    }

    fn process(&mut self, item: Item<P>, sink: &mut Sink<P>) {
        let target = item.node(&self.in_flight);
        if let Some(node) = target {
            let slot = &mut self.nodes[node.index()];
            if slot.paused && slot.state.is_some() {
                slot.backlog.push(item);
                return;
            }
        }
        match item {
            Item::Boot(node) => self.boot(node, sink),
            Item::Deliver { msg, at } => self.deliver(msg, at, sink),
            Item::Timer {
                node,
                timer,
                generation,
            } => self.fire_timer(node, timer, generation, sink),
            Item::ClientAttempt { op } => self.client_attempt(op),
            Item::ClientRequest { op, attempt, node } => {
                self.client_request(op, attempt, node, sink)
            }
            Item::ClientTimeout { op, attempt } => self.client_timeout(op, attempt, sink),
        }
    }

    fn boot(&mut self, node: NodeId, sink: &mut Sink<P>) {
        let info = ClusterInfo {
            id: node,
            nodes: self.scenario.cluster.nodes,
        };
        let slot = &mut self.nodes[node.index()];
        slot.state = Some(P::new(&info, &self.options, slot.persisted.as_ref()));
        self.emit(Some(node), None, EventKind::Start, sink);
        self.call(node, sink, |p, now, out| p.on_start(now, out));
    }

    fn deliver(&mut self, msg: MsgId, at: SimTime, sink: &mut Sink<P>) {
        // A delayed message leaves its old queue entry behind; only the current one counts.
        if self.in_flight.get(&msg).is_none_or(|m| m.deliver_at != at) {
            return;
        }
        let m = self.in_flight.remove(&msg).expect("checked");
        let reason = if m.lost {
            Some(DropReason::Loss)
        } else if !self.topology.connected(m.from, m.to) {
            Some(DropReason::Partition)
        } else if self.nodes[m.to.index()].state.is_none() {
            Some(DropReason::ReceiverCrashed)
        } else {
            None
        };
        if let Some(reason) = reason {
            let kind = EventKind::Drop {
                msg,
                from: m.from,
                to: m.to,
                reason,
            };
            self.emit(None, Some(m.send_event), kind, sink);
            return;
        }
        let slot = &mut self.nodes[m.to.index()];
        slot.lamport = slot.lamport.max(m.send_lamport);
        slot.vclock.merge(&m.send_vclock);
        self.emit(
            Some(m.to),
            Some(m.send_event),
            EventKind::Deliver { msg, from: m.from },
            sink,
        );
        let from = m.from;
        self.call(m.to, sink, move |p, now, out| {
            p.on_message(now, from, m.message, out)
        });
    }

    fn fire_timer(&mut self, node: NodeId, timer: P::Timer, generation: u64, sink: &mut Sink<P>) {
        let slot = &mut self.nodes[node.index()];
        if slot.state.is_none()
            || slot
                .timers
                .get(&timer)
                .is_none_or(|t| t.generation != generation)
        {
            return; // cancelled, re-armed, or the node crashed since
        }
        slot.timers.remove(&timer);
        self.emit(
            Some(node),
            None,
            EventKind::TimerFired {
                timer: timer.clone(),
            },
            sink,
        );
        self.call(node, sink, move |p, now, out| p.on_timer(now, timer, out));
    }

    /// Runs a handler on a live node and carries out the effects it asks for.
    fn call(
        &mut self,
        node: NodeId,
        sink: &mut Sink<P>,
        handler: impl FnOnce(&mut P, LocalTime, &mut Out<P>),
    ) {
        let local = self.local_time(node);
        let mut out = std::mem::take(&mut self.out);
        let Some(state) = self.nodes[node.index()].state.as_mut() else {
            return;
        };
        handler(state, local, &mut out);
        for effect in out.drain() {
            self.apply_effect(node, effect, sink);
        }
        self.out = out;
    }

    fn apply_effect(&mut self, node: NodeId, effect: Effect<P>, sink: &mut Sink<P>) {
        match effect {
            Effect::Send { to, msg } => self.send(node, to, msg, sink),
            Effect::SetTimer { timer, min, max } => {
                let local = SimDuration(self.rng.range_inclusive(min.0, max.0));
                let slot = &mut self.nodes[node.index()];
                let fire_at = self.now + slot.clock.real_duration(local);
                slot.timer_generation += 1;
                let generation = slot.timer_generation;
                let state = TimerState {
                    generation,
                    set_at: self.now,
                    fire_at,
                };
                slot.timers.insert(timer.clone(), state);
                self.queue.push(
                    fire_at,
                    Item::Timer {
                        node,
                        timer,
                        generation,
                    },
                );
            }
            Effect::CancelTimer { timer } => {
                self.nodes[node.index()].timers.remove(&timer);
            }
            Effect::Persist { state } => self.nodes[node.index()].persisted = Some(state),
            Effect::Reply { op, response } => self.client_reply(node, op, response, sink),
            Effect::Note { note } => {
                // Labels are only needed for narration checkpoints; skip the allocation otherwise.
                if self.scenario.narration.iter().any(|n| n.expect.is_some()) {
                    let label = crate::protocol::Label::label(&note);
                    self.notes_seen.insert(label, self.now);
                }
                self.emit(Some(node), None, EventKind::Note { note }, sink);
            }
            Effect::AdjustClock { adjust } => {
                let slot = &mut self.nodes[node.index()];
                slot.clock = slot.clock.adjusted(adjust, self.now);
                let clock = slot.clock;
                let adjusted = Some(adjust);
                self.emit(
                    Some(node),
                    None,
                    EventKind::ClockSet { clock, adjusted },
                    sink,
                );
            }
        }
    }

    fn send(&mut self, from: NodeId, to: NodeId, message: P::Msg, sink: &mut Sink<P>) {
        if to.index() >= self.nodes.len() {
            return; // a protocol bug should not take the simulator down; the message goes nowhere
        }
        let id = MsgId(self.next_msg);
        self.next_msg += 1;
        let (min, max, loss) = self.network.link(from, to);
        let lost = self.rng.chance(loss);
        let deliver_at = self.draw_arrival(from, to, min, max);
        let kind = EventKind::Send {
            msg: id,
            to,
            deliver_at,
            message: message.clone(),
        };
        let send_event = self.emit(Some(from), None, kind, sink);
        let slot = &self.nodes[from.index()];
        let flight = InFlight {
            id,
            from,
            to,
            sent_at: self.now,
            deliver_at,
            message,
            send_event,
            lost,
            send_lamport: slot.lamport,
            send_vclock: slot.vclock.clone(),
        };
        self.in_flight.insert(id, flight);
        self.queue.push(
            deliver_at,
            Item::Deliver {
                msg: id,
                at: deliver_at,
            },
        );
        if self.rng.chance(self.network.duplicate) {
            self.duplicate(id, sink);
        }
    }

    fn draw_arrival(
        &mut self,
        from: NodeId,
        to: NodeId,
        min: SimDuration,
        max: SimDuration,
    ) -> SimTime {
        let latency = SimDuration(self.rng.range_inclusive(min.0, max.0));
        let mut at = self.now + latency;
        if !self.network.reorder {
            let last = self
                .last_delivery
                .entry((from, to))
                .or_insert(SimTime::ZERO);
            at = at.max(*last);
            *last = at;
        }
        at
    }

    /// Puts a second copy of an in-flight message on the wire, with its own latency.
    fn duplicate(&mut self, original: MsgId, sink: &mut Sink<P>) {
        let Some(m) = self.in_flight.get(&original) else {
            return;
        };
        let (from, to) = (m.from, m.to);
        let (min, max, _) = self.network.link(from, to);
        let deliver_at = self.draw_arrival(from, to, min, max);
        let copy_id = MsgId(self.next_msg);
        self.next_msg += 1;
        let mut copy = self.in_flight[&original].clone();
        copy.id = copy_id;
        copy.deliver_at = deliver_at;
        copy.lost = false;
        let send_event = copy.send_event;
        self.in_flight.insert(copy_id, copy);
        self.queue.push(
            deliver_at,
            Item::Deliver {
                msg: copy_id,
                at: deliver_at,
            },
        );
        let kind = EventKind::Duplicate {
            msg: original,
            copy: copy_id,
            deliver_at,
        };
        self.emit(None, Some(send_event), kind, sink);
    }

    /// Appends an event to the trace, stamping clocks for node events, and shows it to the checker.
    fn emit(
        &mut self,
        node: Option<NodeId>,
        parent: Option<EventId>,
        kind: EventKind<P>,
        sink: &mut Sink<P>,
    ) -> EventId {
        let id = EventId(self.next_event);
        self.next_event += 1;
        let (local_time, lamport, vclock) = match node {
            Some(n) => {
                let local = self.local_time(n);
                let slot = &mut self.nodes[n.index()];
                slot.lamport += 1;
                slot.vclock.tick(n.index());
                (Some(local), slot.lamport, slot.vclock.clone())
            }
            None => (None, 0, VectorClock::default()),
        };
        let event = Event {
            id,
            time: self.now,
            node,
            local_time,
            lamport,
            vclock,
            parent,
            kind,
        };
        self.checker.observe(&event, sink.violations);
        sink.events.push(event);
        id
    }

    fn evaluate_checkpoint(&mut self, index: usize, sink: &mut Sink<P>) {
        let Some(expect) = self.scenario.narration[index].expect.clone() else {
            return;
        };
        // `notes_seen` holds each label's latest time: it was seen since `since_us` iff that time is.
        let seen = self
            .notes_seen
            .get(&expect.note)
            .is_some_and(|t| t.0 >= expect.since_us);
        let passed = seen != expect.absent;
        self.emit(None, None, EventKind::Checkpoint { index, passed }, sink);
    }
}
