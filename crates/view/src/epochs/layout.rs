//! The epoch section below the space-time lanes: per node, epoch bands, role bars (the exclusive role
//! bold), and log length / commit point as step lines; above them, split-brain bands and the commit
//! frontier. Every word and colour comes from the protocol's [`Face`].

use super::split::capitalised;
use super::{EpochLanes, SplitBrain};
use crate::axis::LaneClocks;
use crate::layout::{Band, Marker, MarkerKind, Polyline, Scene, TextGlyph};
use crate::viewport::Viewport;
use crate::AxisMode;
use splitbrain_sim::{Face, RoleStyle, SimTime};

const ROW: f64 = 56.0;

pub struct EpochSection<'a> {
    pub face: &'a Face,
    pub lanes: &'a EpochLanes,
    pub split: &'a [SplitBrain],
}

/// The CSS classes of a role bar: its palette slot (`role-tone-2`), which the diagram's stylesheet colours,
/// and its name (`role-leader`), for page styles and tests.
pub fn role_class(style: &RoleStyle) -> String {
    let name: String = style
        .name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("role-tone-{} role-{name}", style.tone)
}

/// The section's heading, e.g. "Term, role (leader bold), log length and what is committed".
pub fn heading(face: &Face) -> String {
    let exclusive: Vec<&str> = face
        .roles
        .iter()
        .filter(|r| r.exclusive)
        .map(|r| r.name)
        .collect();
    let bold = if exclusive.is_empty() {
        String::new()
    } else {
        format!(" ({} bold)", exclusive.join(", "))
    };
    format!(
        "{}, role{bold}, log length and what is {}",
        capitalised(face.epoch_word),
        face.commit_word
    )
}

impl EpochSection<'_> {
    pub fn layout_into(
        &self,
        scene: &mut Scene,
        vp: &Viewport,
        clocks: &LaneClocks,
        mode: AxisMode,
        now: SimTime,
    ) {
        let face = self.face;
        let top = scene.height + 30.0;
        let left = scene.left;
        let right = left + vp.width_px;
        let px = |x: f64| (left + vp.to_px(x)).clamp(left - 4.0, right + 4.0);
        scene.texts.push(TextGlyph {
            x: 8.0,
            y: top - 10.0,
            text: heading(face),
            class: "t-heading",
        });
        let nodes = self.lanes.nodes.len();
        let bottom = top + nodes as f64 * ROW;
        let epoch = |e: u64| (face.epoch_label)(e);
        // "t4" for term 4, "b3.1" for ballot 3.1; a label that names itself ("T2", a transaction) stays as is.
        let initial: String = face.epoch_word.chars().take(1).collect();
        let short = |label: &str| {
            if label.starts_with(char::is_alphabetic) {
                label.to_string()
            } else {
                format!("{initial}{label}")
            }
        };

        // Split brain first, under everything, spanning all rows, linked to the violation if any.
        for sb in self.split {
            let a = clocks.x_global(mode, sb.interval.start);
            let b = clocks.x_global(mode, sb.interval.end_or(now));
            if !vp.overlaps(a, b) {
                continue;
            }
            let (x0, x1) = (px(a), px(b));
            let class = if sb.same_epoch {
                "split-unsafe"
            } else {
                "split-stale"
            };
            scene.bands.push(Band {
                x: x0,
                y: top - 4.0,
                w: (x1 - x0).max(3.0),
                h: bottom - top + 8.0,
                class: class.into(),
                title: sb.describe(face),
                seek: Some(sb.violation.as_ref().map_or(sb.start_event, |v| v.event)),
                text: Some(sb.label(face)),
            });
            if let Some(v) = &sb.violation {
                scene.markers.push(Marker {
                    x: x0,
                    y0: top - 4.0,
                    y1: bottom + 4.0,
                    kind: MarkerKind::SplitBrain,
                    label: v.invariant.clone(),
                    seek: v.event,
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
            for span in &node.epochs {
                let a = clocks.x_on_lane(mode, k, span.interval.start);
                let b = clocks.x_on_lane(mode, k, span.interval.end_or(now));
                if !vp.overlaps(a, b) {
                    continue;
                }
                let (x0, x1) = (px(a), px(b));
                let label = epoch(span.epoch);
                scene.bands.push(Band {
                    x: x0,
                    y: y + 2.0,
                    w: (x1 - x0).max(1.0),
                    h: ROW - 4.0,
                    class: if span.epoch % 2 == 0 {
                        "epoch-even"
                    } else {
                        "epoch-odd"
                    }
                    .into(),
                    title: format!("n{} in {} {label}", k + 1, face.epoch_word),
                    seek: None,
                    text: Some(short(&label)),
                });
            }
            for r in &node.roles {
                let a = clocks.x_on_lane(mode, k, r.interval.start);
                let b = clocks.x_on_lane(mode, k, r.interval.end_or(now));
                if !vp.overlaps(a, b) || r.role == face.base_role {
                    continue;
                }
                let style = face.role(r.role);
                let (x0, x1) = (px(a), px(b));
                // The one that leads bold, a contender medium, anything else thin.
                let h = if style.exclusive || style.tone == 2 {
                    16.0
                } else if style.tone == 1 {
                    8.0
                } else {
                    6.0
                };
                scene.bands.push(Band {
                    x: x0,
                    y: y + 22.0 - h / 2.0,
                    w: (x1 - x0).max(2.0),
                    h,
                    class: role_class(&style).into(),
                    title: format!(
                        "n{} {} in {} {}",
                        k + 1,
                        style.name,
                        face.epoch_word,
                        epoch(r.epoch)
                    ),
                    seek: None,
                    text: None,
                });
            }
            // Log length and commit point share a scale per row: the gap between them is what is at risk.
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
                class: "commit-tick".into(),
                title: format!(
                    "entry {} {} (n{} advanced its commit point)",
                    c.index,
                    face.commit_word,
                    c.node.0 + 1
                ),
                seek: Some(c.event),
                text: None,
            });
        }
        scene.height = bottom + 20.0;
    }
}
