//! The whole timeline for one run of any protocol: the generic model plus epoch lanes, split brain, stale
//! reads and the checker's violations, composed into one scene.

use super::{signals, split_brain, Change, EpochLanes, EpochSection, SplitBrain};
use crate::layout::{LayoutOptions, MarkerKind, Scene};
use crate::model::{FrameSpec, Model};
use crate::store::{VersionLanes, VersionSection};
use crate::{cuts, layout_cuts, AxisMode, Cut, Viewport};
use splitbrain_sim::{
    Consistency, Event, EventId, Face, OpId, Shown, ShownMsg, SimTime, Violation,
};
use std::collections::BTreeSet;

/// A stale read as the timeline flags it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaleMark {
    pub op: OpId,
    pub invoke_event: EventId,
    pub return_event: EventId,
    pub text: String,
}

pub struct LabModel {
    /// The protocol's description, from which the lanes take every word and role.
    pub face: &'static Face,
    pub base: Model,
    pub lanes: EpochLanes,
    pub split: Vec<SplitBrain>,
    /// What each replica of a store held, per key; empty for protocols that report no versions.
    pub versions: VersionLanes,
    /// False for a store that reports no epoch, role, log or commit: its epoch section would be empty rows.
    pub epochs_shown: bool,
    /// Stale reads, flagged only for a linearizable protocol ([`Face::consistency`]).
    pub stale: Vec<StaleMark>,
    pub violations: Vec<Violation>,
    /// Snapshot cuts ([`crate::Cut`]), drawn across the lanes.
    pub cuts: Vec<Cut>,
    stale_ops: BTreeSet<OpId>,
    marks: Vec<(EventId, MarkerKind, String)>,
}

impl LabModel {
    /// `violations`: whatever the caller wants marked (the protocol checkers', say); those past the end of
    /// `events` are left out.
    pub fn new(
        face: &'static Face,
        nodes: usize,
        events: &[Event<Shown>],
        violations: &[Violation],
    ) -> Self {
        let signals = signals(events);
        // An eventually consistent store may serve an old value by design: it is still marked (seeing it is
        // the point of its lectures), and the text says it is allowed; only the protocol's own checkers call
        // it a violation, where its configuration forbids it.
        let stale = match face.consistency {
            Consistency::Linearizable => stale_marks(events, ""),
            Consistency::Eventual => stale_marks(events, " (eventual consistency allows it)"),
            Consistency::None => Vec::new(),
        };
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
        let versions = VersionLanes::new(nodes, events);
        let epochs_shown =
            versions.is_empty() || signals.iter().any(|s| !matches!(s.change, Change::Down));
        LabModel {
            face,
            versions,
            epochs_shown,
            base: Model::new(nodes, events, |m: &ShownMsg| m.heartbeat),
            lanes: EpochLanes::new(face, nodes, &signals),
            split: split_brain(face, &signals, &violations),
            cuts: cuts(events),
            stale_ops: stale.iter().map(|s| s.op).collect(),
            stale,
            violations,
            marks,
        }
    }

    pub fn scene(
        &self,
        events: &[Event<Shown>],
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
        layout_cuts(&self.cuts, &mut scene, self.base.positions(mode), &vp, opts);
        if self.epochs_shown {
            EpochSection {
                face: self.face,
                lanes: &self.lanes,
                split: &self.split,
            }
            .layout_into(&mut scene, &vp, &self.base.clocks, mode, now);
        }
        VersionSection {
            lanes: &self.versions,
        }
        .layout_into(&mut scene, &vp, &self.base.clocks, mode, now);
        scene
    }
}

#[cfg(feature = "check")]
fn stale_marks(events: &[Event<Shown>], allowed: &str) -> Vec<StaleMark> {
    splitbrain_check::stale_reads(events)
        .into_iter()
        .map(|s| StaleMark {
            op: s.get_op,
            invoke_event: s.invoke_event,
            return_event: s.return_event,
            text: format!(
                "STALE READ: {} get {} returned {}, but {} had already written {} before the get began{allowed}",
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
fn stale_marks(_events: &[Event<Shown>], _allowed: &str) -> Vec<StaleMark> {
    Vec::new()
}
