//! Carrying out scheduled and interactive actions: node faults, network faults, clock changes, client
//! operations and hand-made message faults.

use super::{Simulation, Sink};
use crate::clock::ClockConfig;
use crate::engine::queue::Item;
use crate::ids::{MsgId, NodeId};
use crate::network::Topology;
use crate::protocol::{Checker, Protocol};
use crate::scenario::Action;
use crate::time::SimDuration;
use crate::trace::{DropReason, EventKind, NetworkChange};

impl<P: Protocol, C: Checker<P>> Simulation<P, C> {
    pub(crate) fn apply_action(&mut self, action: Action, sink: &mut Sink<P>) {
        match action {
            Action::Crash { node } => self.crash(node, sink),
            Action::Restart { node } => {
                if self.nodes[node.index()].state.is_none() {
                    self.emit(Some(node), None, EventKind::Restart, sink);
                    self.boot(node, sink);
                }
            }
            Action::Pause { node } => {
                let slot = &mut self.nodes[node.index()];
                if slot.state.is_some() && !slot.paused {
                    slot.paused = true;
                    self.emit(Some(node), None, EventKind::Pause, sink);
                }
            }
            Action::Resume { node } => self.resume(node, sink),
            Action::Timeout { node } => {
                if self.status(node) == crate::NodeStatus::Up {
                    self.call(node, sink, |p, now, out| p.on_force_timeout(now, out));
                }
            }
            Action::Partition { groups } => {
                self.topology.groups = Some(groups.clone());
                self.network_event(NetworkChange::Partition { groups }, sink);
            }
            Action::Cut { from, to } => {
                self.topology.cuts.insert((from, to));
                self.network_event(NetworkChange::Cut { from, to }, sink);
            }
            Action::Uncut { from, to } => {
                self.topology.cuts.remove(&(from, to));
                self.network_event(NetworkChange::Uncut { from, to }, sink);
            }
            Action::Heal => {
                self.topology = Topology::default();
                self.network_event(NetworkChange::Heal, sink);
            }
            Action::SetNetwork { network } => {
                self.network = network.clone();
                self.network_event(NetworkChange::Config { config: network }, sink);
            }
            Action::SetClock {
                node,
                offset_us,
                drift_ppm,
            } => {
                let clock = ClockConfig {
                    offset_us,
                    drift_ppm,
                };
                self.nodes[node.index()].clock = clock;
                self.emit(
                    Some(node),
                    None,
                    EventKind::ClockSet {
                        clock,
                        adjusted: None,
                    },
                    sink,
                );
            }
            Action::Client { node, op, session } => self.client_invoke(node, op, session, sink),
            Action::DropMessage { msg } => {
                if let Some(m) = self.in_flight.remove(&msg) {
                    let kind = EventKind::Drop {
                        msg,
                        from: m.from,
                        to: m.to,
                        reason: DropReason::Clicked,
                    };
                    self.emit(None, Some(m.send_event), kind, sink);
                }
            }
            Action::DelayMessage { msg, by_us } => self.delay(msg, SimDuration(by_us), sink),
            Action::DuplicateMessage { msg } => self.duplicate(msg, sink),
        }
    }

    fn crash(&mut self, node: NodeId, sink: &mut Sink<P>) {
        let slot = &mut self.nodes[node.index()];
        if slot.state.is_none() {
            return;
        }
        slot.state = None;
        slot.paused = false;
        slot.timers.clear();
        let backlog = std::mem::take(&mut slot.backlog);
        self.emit(Some(node), None, EventKind::Crash, sink);
        // Messages that were waiting at the frozen node die with it.
        for item in backlog {
            if let Item::Deliver { msg, at } = item {
                self.deliver(msg, at, sink);
            }
        }
    }

    fn resume(&mut self, node: NodeId, sink: &mut Sink<P>) {
        let slot = &mut self.nodes[node.index()];
        if !slot.paused {
            return;
        }
        slot.paused = false;
        let backlog = std::mem::take(&mut slot.backlog);
        self.emit(Some(node), None, EventKind::Resume, sink);
        // Everything that piled up is handled now, in arrival order (timers that expired during the pause
        // fire late, which is the point of a GC pause).
        for item in backlog {
            self.queue.push(self.now, item);
        }
    }

    fn network_event(&mut self, change: NetworkChange, sink: &mut Sink<P>) {
        self.emit(None, None, EventKind::Network { change }, sink);
    }

    fn delay(&mut self, msg: MsgId, by: SimDuration, sink: &mut Sink<P>) {
        let Some(m) = self.in_flight.get_mut(&msg) else {
            return;
        };
        m.deliver_at = m.deliver_at + by;
        let (at, send_event) = (m.deliver_at, m.send_event);
        self.queue.push(at, Item::Deliver { msg, at });
        let kind = EventKind::Delay {
            msg,
            deliver_at: at,
        };
        self.emit(None, Some(send_event), kind, sink);
    }
}
