//! The whole Raft timeline for one trace: the generic model plus Raft lanes, split brain, stale reads and
//! the checker's violations, composed into one scene.

use super::{notes, split_brain, RaftLanes, RaftSection, SplitBrain};
use crate::layout::{LayoutOptions, MarkerKind, Scene};
use crate::model::{FrameSpec, Model};
use crate::{AxisMode, Viewport};
use splitbrain_raft::Raft;
use splitbrain_sim::{Event, EventId, OpId, SimTime, Violation};
use std::collections::BTreeSet;

/// A stale read as the timeline flags it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaleMark {
    pub op: OpId,
    pub invoke_event: EventId,
    pub return_event: EventId,
    pub text: String,
}

pub struct RaftModel {
    pub base: Model,
    pub lanes: RaftLanes,
    pub split: Vec<SplitBrain>,
    pub stale: Vec<StaleMark>,
    pub violations: Vec<Violation>,
    stale_ops: BTreeSet<OpId>,
    marks: Vec<(EventId, MarkerKind, String)>,
}

impl RaftModel {
    pub fn new(nodes: usize, events: &[Event<Raft>], violations: &[Violation]) -> Self {
        let signals = notes::signals(events);
        let stale = stale_marks(events);
        let violations: Vec<Violation> = violations
            .iter()
            .filter(|v| v.event.index() < events.len())
            .cloned()
            .collect();
        let mut marks: Vec<(EventId, MarkerKind, String)> = violations
            .iter()
            .map(|v| (v.event, MarkerKind::Violation, v.invariant.clone()))
            .collect();
        marks.extend(stale.iter().map(|s| {
            (
                s.return_event,
                MarkerKind::StaleRead,
                "stale read".to_string(),
            )
        }));
        RaftModel {
            base: Model::new(nodes, events, notes::is_heartbeat),
            lanes: RaftLanes::new(nodes, &signals),
            split: split_brain(&signals, &violations),
            stale_ops: stale.iter().map(|s| s.op).collect(),
            stale,
            violations,
            marks,
        }
    }

    pub fn scene(
        &self,
        events: &[Event<Raft>],
        mode: AxisMode,
        vp: Viewport,
        now: SimTime,
        opts: &LayoutOptions,
    ) -> Scene {
        let frame = FrameSpec {
            mode,
            vp,
            now,
            marks: &self.marks,
            stale_ops: &self.stale_ops,
        };
        let mut scene = self.base.scene(events, &frame, opts);
        RaftSection {
            lanes: &self.lanes,
            split: &self.split,
        }
        .layout_into(&mut scene, &vp, &self.base.clocks, mode, now);
        scene
    }
}

#[cfg(feature = "check")]
fn stale_marks(events: &[Event<Raft>]) -> Vec<StaleMark> {
    splitbrain_check::stale_reads(events)
        .into_iter()
        .map(|s| StaleMark {
            op: s.get_op,
            invoke_event: s.invoke_event,
            return_event: s.return_event,
            text: format!(
                "STALE READ: {} get {} returned {}, but {} had already written {} before the get began",
                s.get_op,
                s.key,
                s.returned.as_deref().unwrap_or("nothing"),
                s.overwritten_by,
                s.expected
            ),
        })
        .collect()
}

#[cfg(not(feature = "check"))]
fn stale_marks(_events: &[Event<Raft>]) -> Vec<StaleMark> {
    Vec::new()
}
