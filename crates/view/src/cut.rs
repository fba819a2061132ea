//! Snapshot cuts on the space-time diagram. A protocol that records a global snapshot (Chandy–Lamport)
//! marks each node's recording with [`LaneSignal::Cut`]; the cut is the line through those events, lane
//! by lane, with the snapshot's number above it. Events left of the line are inside the cut (part of the
//! recorded state), events right of it outside: a message arrow crossing it from right to left would make
//! the cut inconsistent, and the reader sees it at once.

use crate::axis::Positions;
use crate::layout::{LayoutOptions, Polyline, Scene, TextGlyph};
use crate::viewport::Viewport;
use splitbrain_sim::{Event, EventId, EventKind, LaneSignal, NodeId, Shown};
use std::collections::BTreeMap;

/// One snapshot's cut: where each node recorded its state (nodes that never did are absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cut {
    pub snapshot: u64,
    pub points: BTreeMap<NodeId, EventId>,
}

/// Every cut of a run, by snapshot number. A node that records one snapshot twice (it should not) keeps
/// its first recording: that is the state the snapshot holds.
pub fn cuts(events: &[Event<Shown>]) -> Vec<Cut> {
    let mut by_snapshot: BTreeMap<u64, BTreeMap<NodeId, EventId>> = BTreeMap::new();
    for e in events {
        let (Some(node), EventKind::Note { note }) = (e.node, &e.kind) else {
            continue;
        };
        for s in &note.signals {
            if let LaneSignal::Cut { snapshot } = s {
                by_snapshot
                    .entry(*snapshot)
                    .or_default()
                    .entry(node)
                    .or_insert(e.id);
            }
        }
    }
    by_snapshot
        .into_iter()
        .map(|(snapshot, points)| Cut { snapshot, points })
        .collect()
}

/// Draws `cuts` into the scene: a polyline from above the first recording lane to below the last, through
/// each recording, and "snapshot #k" at its top. Cuts wholly out of view are skipped.
pub fn layout_cuts(
    cuts: &[Cut],
    scene: &mut Scene,
    positions: &Positions,
    vp: &Viewport,
    opts: &LayoutOptions,
) {
    let lane_y = |n: NodeId| opts.top + (n.0 as f64 + 0.5) * opts.lane_height;
    let px = |x: f64| opts.gutter + vp.to_px(x);
    let half = opts.lane_height / 2.0;
    for cut in cuts {
        let mut points: Vec<(f64, f64)> = Vec::new();
        let mut visible = false;
        for (node, event) in &cut.points {
            let Some(&x) = positions.x.get(event.index()) else {
                continue;
            };
            visible |= vp.contains(x);
            let (x, y) = (px(x), lane_y(*node));
            if points.is_empty() {
                points.push((x, y - half + 4.0));
            }
            points.push((x, y));
        }
        let Some(&(x_last, y_last)) = points.last() else {
            continue;
        };
        if !visible {
            continue;
        }
        points.push((x_last, y_last + half - 4.0));
        let (x0, y0) = points[0];
        scene.texts.push(TextGlyph {
            x: x0 + 4.0,
            y: y0 + 12.0,
            text: format!("snapshot #{}", cut.snapshot),
            class: "t-cut",
        });
        scene.polylines.push(Polyline {
            points,
            class: "snapshot-cut",
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use splitbrain_sim::{ShownNote, SimTime, VectorClock};

    fn event(id: u64, node: u32, signals: Vec<LaneSignal>) -> Event<Shown> {
        Event {
            id: EventId(id),
            time: SimTime(id * 1000),
            node: Some(NodeId(node)),
            local_time: None,
            lamport: 0,
            vclock: VectorClock::default(),
            parent: None,
            kind: EventKind::Note {
                note: ShownNote {
                    label: "recorded".into(),
                    text: None,
                    major: true,
                    signals,
                },
            },
        }
    }

    #[test]
    fn each_snapshot_collects_the_first_recording_of_each_node() {
        let cut = |snapshot| vec![LaneSignal::Cut { snapshot }];
        let events = vec![
            event(0, 0, cut(1)),
            event(1, 2, cut(1)),
            event(2, 1, vec![LaneSignal::Commit { upto: 3 }]),
            event(3, 1, cut(2)),
            event(4, 2, cut(1)),
        ];
        let found = cuts(&events);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].snapshot, 1);
        assert_eq!(
            found[0]
                .points
                .iter()
                .map(|(n, e)| (n.0, e.0))
                .collect::<Vec<_>>(),
            vec![(0, 0), (2, 1)]
        );
        assert_eq!(found[1].points.len(), 1);
    }

    #[test]
    fn a_run_without_snapshots_has_no_cut() {
        assert!(cuts(&[event(0, 0, vec![LaneSignal::Log { len: 1 }])]).is_empty());
    }
}
