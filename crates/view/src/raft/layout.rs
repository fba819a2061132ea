//! The Raft section below the space-time lanes: per node, term bands, role bars (leader bold), and log
//! length / commit index as step lines; above them, split-brain bands and the commit frontier.

use super::{RaftLanes, RoleKind, SplitBrain};
use crate::axis::LaneClocks;
use crate::layout::{Band, Marker, MarkerKind, Polyline, Scene, TextGlyph};
use crate::viewport::Viewport;
use crate::AxisMode;
use splitbrain_sim::SimTime;

const ROW: f64 = 56.0;

pub struct RaftSection<'a> {
    pub lanes: &'a RaftLanes,
    pub split: &'a [SplitBrain],
}

impl RaftSection<'_> {
    pub fn layout_into(
        &self,
        scene: &mut Scene,
        vp: &Viewport,
        clocks: &LaneClocks,
        mode: AxisMode,
        now: SimTime,
    ) {
        let top = scene.height + 30.0;
        let left = scene.left;
        let right = left + vp.width_px;
        let px = |x: f64| (left + vp.to_px(x)).clamp(left - 4.0, right + 4.0);
        scene.texts.push(TextGlyph {
            x: 8.0,
            y: top - 10.0,
            text: "Raft: term, role (leader bold), log length and commit index".into(),
            class: "t-heading",
        });
        let nodes = self.lanes.nodes.len();
        let bottom = top + nodes as f64 * ROW;

        // Split brain first, under everything, spanning all Raft rows, linked to the violation if any.
        for sb in self.split {
            let a = clocks.x_global(mode, sb.interval.start);
            let b = clocks.x_global(mode, sb.interval.end_or(now));
            if !vp.overlaps(a, b) {
                continue;
            }
            let (x0, x1) = (px(a), px(b));
            let class = if sb.same_term {
                "split-unsafe"
            } else {
                "split-stale"
            };
            scene.bands.push(Band {
                x: x0,
                y: top - 4.0,
                w: (x1 - x0).max(3.0),
                h: bottom - top + 8.0,
                class,
                title: sb.describe(),
                seek: Some(sb.violation.unwrap_or(sb.start_event)),
                text: Some(split_label(sb)),
            });
            if let Some(v) = sb.violation {
                scene.markers.push(Marker {
                    x: x0,
                    y0: top - 4.0,
                    y1: bottom + 4.0,
                    kind: MarkerKind::SplitBrain,
                    label: "Election Safety".into(),
                    seek: v,
                });
            }
        }

        for (k, node) in self.lanes.nodes.iter().enumerate() {
            let y = top + k as f64 * ROW;
            scene.texts.push(TextGlyph {
                x: 8.0,
                y: y + ROW / 2.0 + 6.0,
                text: format!("n{}", k + 1),
                class: "t-lane",
            });
            for t in &node.terms {
                let a = clocks.x_on_lane(mode, k, t.interval.start);
                let b = clocks.x_on_lane(mode, k, t.interval.end_or(now));
                if !vp.overlaps(a, b) {
                    continue;
                }
                let (x0, x1) = (px(a), px(b));
                scene.bands.push(Band {
                    x: x0,
                    y: y + 2.0,
                    w: (x1 - x0).max(1.0),
                    h: ROW - 4.0,
                    class: if t.term % 2 == 0 {
                        "term-even"
                    } else {
                        "term-odd"
                    },
                    title: format!("n{} in term {}", k + 1, t.term),
                    seek: None,
                    text: Some(format!("t{}", t.term)),
                });
            }
            for r in &node.roles {
                let a = clocks.x_on_lane(mode, k, r.interval.start);
                let b = clocks.x_on_lane(mode, k, r.interval.end_or(now));
                if !vp.overlaps(a, b) || r.role == RoleKind::Follower {
                    continue;
                }
                let (x0, x1) = (px(a), px(b));
                let (class, h) = match r.role {
                    RoleKind::Leader => ("role-leader", 16.0),
                    RoleKind::Candidate => ("role-candidate", 8.0),
                    _ => ("role-precandidate", 6.0),
                };
                scene.bands.push(Band {
                    x: x0,
                    y: y + 22.0 - h / 2.0,
                    w: (x1 - x0).max(2.0),
                    h,
                    class,
                    title: format!("n{} {} in term {}", k + 1, r.role.name(), r.term),
                    seek: None,
                    text: None,
                });
            }
            // Log length and commit index share a scale per row: the gap between them is what is at risk.
            let max = self
                .lanes
                .nodes
                .iter()
                .flat_map(|n| n.log.iter().map(|p| p.1))
                .max()
                .unwrap_or(0)
                .max(1) as f64;
            let y_of = |v: u64| y + ROW - 6.0 - (v as f64 / max) * 18.0;
            for (series, class) in [(&node.log, "line-log"), (&node.commit, "line-commit")] {
                let mut pts = Vec::new();
                let mut prev: Option<(f64, f64)> = None;
                for &(t, v) in series.iter() {
                    let x = clocks.x_on_lane(mode, k, t);
                    let p = (px(x), y_of(v));
                    if let Some((_, py)) = prev {
                        pts.push((p.0, py));
                    }
                    pts.push(p);
                    prev = Some(p);
                }
                // The last value holds until the cursor, not beyond: the future is not known yet.
                if let Some((_, py)) = prev {
                    pts.push((px(clocks.x_on_lane(mode, k, now)), py));
                }
                // Drop points entirely off to one side (the clamp already piles them at the edge).
                pts.dedup_by(|a, b| (a.0 - b.0).abs() < 0.5 && (a.1 - b.1).abs() < 0.5);
                if pts.len() >= 2 {
                    scene.polylines.push(Polyline { points: pts, class });
                }
            }
        }

        // Commit frontier: one tick per newly committed entry (merged when they crowd).
        let mut last_x = f64::NEG_INFINITY;
        for c in &self.lanes.commits {
            let x = clocks.x_global(mode, c.time);
            if !vp.contains(x) {
                continue;
            }
            let p = px(x);
            if p - last_x < 6.0 {
                continue;
            }
            last_x = p;
            scene.bands.push(Band {
                x: p - 1.5,
                y: bottom + 2.0,
                w: 3.0,
                h: 12.0,
                class: "commit-tick",
                title: format!(
                    "entry {} committed (n{} advanced its commit index)",
                    c.index,
                    c.node.0 + 1
                ),
                seek: Some(c.event),
                text: None,
            });
        }
        scene.height = bottom + 20.0;
    }
}

/// The band's caption: who leads which term, and whether that is Raft working (a stale leader) or broken.
fn split_label(sb: &SplitBrain) -> String {
    let who: Vec<String> = sb
        .leaders
        .iter()
        .map(|(n, t)| format!("{n} (term {t})"))
        .collect();
    if sb.same_term {
        format!("SPLIT BRAIN, same term: {}", who.join(" + "))
    } else {
        format!("two leaders: {} — old one is stale", who.join(" + "))
    }
}
