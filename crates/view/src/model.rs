//! Everything derived from a trace once (per trace change), and the per-frame scene built from it.

use crate::axis::{AxisMode, LaneClocks, Positions};
use crate::collapse::heartbeat_messages;
use crate::dag::HappensBefore;
use crate::history::ClientHistory;
use crate::lanes::LaneStates;
use crate::layout::{layout, LayoutInput, LayoutOptions, MarkerKind, Scene};
use crate::messages::Messages;
use crate::viewport::Viewport;
use splitbrain_sim::{Event, EventId, OpId, Protocol, SimTime};
use std::collections::BTreeSet;

pub struct Model {
    pub nodes: usize,
    /// Events covered (the trace prefix it was built from).
    pub len: usize,
    pub hb: HappensBefore,
    pub messages: Messages,
    pub lanes: LaneStates,
    pub clocks: LaneClocks,
    pub heartbeat: Vec<bool>,
    pub history: ClientHistory,
    /// Indexed by `AxisMode as usize`.
    positions: [Positions; 3],
}

/// What one frame shows besides the trace itself.
pub struct FrameSpec<'a> {
    pub mode: AxisMode,
    pub vp: Viewport,
    pub now: SimTime,
    pub marks: &'a [(EventId, MarkerKind, String)],
    pub stale_ops: &'a BTreeSet<OpId>,
}

impl Model {
    pub fn new<P: Protocol>(
        nodes: usize,
        events: &[Event<P>],
        is_heartbeat: impl Fn(&P::Msg) -> bool,
    ) -> Self {
        let messages = Messages::new(events);
        let clocks = LaneClocks::new(nodes, events);
        let positions = AxisMode::ALL.map(|m| Positions::new(m, events, &clocks));
        Model {
            nodes,
            len: events.len(),
            hb: HappensBefore::new(events),
            heartbeat: heartbeat_messages(events, &messages, is_heartbeat),
            lanes: LaneStates::new(nodes, events),
            history: ClientHistory::new(events),
            messages,
            clocks,
            positions,
        }
    }

    pub fn positions(&self, mode: AxisMode) -> &Positions {
        &self.positions[mode as usize]
    }

    /// The space-time lanes plus the client-history strip.
    pub fn scene<P: Protocol>(
        &self,
        events: &[Event<P>],
        frame: &FrameSpec,
        opts: &LayoutOptions,
    ) -> Scene {
        let events = &events[..self.len.min(events.len())];
        let input = LayoutInput {
            events,
            nodes: self.nodes,
            positions: self.positions(frame.mode),
            clocks: &self.clocks,
            messages: &self.messages,
            lanes: &self.lanes,
            heartbeat: &self.heartbeat,
            now: frame.now,
            marks: frame.marks,
        };
        let mut scene = layout(&input, &frame.vp, opts);
        self.history.layout_into(
            &mut scene,
            &frame.vp,
            &self.clocks,
            frame.mode,
            frame.now,
            frame.stale_ops,
        );
        scene
    }
}
