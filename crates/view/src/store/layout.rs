//! The version section of the timelines: per key (busiest first), one row per replica with the versions it
//! held over time, equal sets in equal colours, siblings outlined, hinted copies as a dashed strip under
//! the owner's row, and a strip saying where the key's replicas agreed.

use super::versions::{values_text, versions_text, KeyLanes, VersionLanes};
use crate::axis::LaneClocks;
use crate::lanes::Interval;
use crate::layout::{Band, Scene, TextGlyph};
use crate::viewport::Viewport;
use crate::AxisMode;
use splitbrain_sim::SimTime;

const ROW: f64 = 36.0;
const HINT: f64 = 13.0;
/// Keys drawn at most: more would push the diagram off a projected screen.
pub const MAX_KEYS: usize = 3;
/// Colours for distinct version sets of one key (the palette's six, in the diagram stylesheet).
pub const TONES: usize = 6;

pub struct VersionSection<'a> {
    pub lanes: &'a VersionLanes,
}

pub fn heading() -> &'static str {
    "Versions each replica holds (same colour = same versions; red outline: siblings, a | b)"
}

impl VersionSection<'_> {
    pub fn layout_into(
        &self,
        scene: &mut Scene,
        vp: &Viewport,
        clocks: &LaneClocks,
        mode: AxisMode,
        now: SimTime,
    ) {
        if self.lanes.is_empty() {
            return;
        }
        let mut top = scene.height + 30.0;
        scene.texts.push(TextGlyph {
            x: 8.0,
            y: top - 10.0,
            text: heading().to_string(),
            class: "t-heading",
        });
        for key in self.lanes.keys.iter().take(MAX_KEYS) {
            top = self.layout_key(scene, key, top, vp, clocks, mode, now) + 14.0;
        }
        let more = self.lanes.keys.len().saturating_sub(MAX_KEYS);
        if more > 0 {
            scene.texts.push(TextGlyph {
                x: 8.0,
                y: top + 4.0,
                text: format!("…and {more} more key(s): see the Data tab"),
                class: "t-small",
            });
            top += 14.0;
        }
        scene.height = top + 6.0;
    }

    #[allow(clippy::too_many_arguments)]
    fn layout_key(
        &self,
        scene: &mut Scene,
        key: &KeyLanes,
        top: f64,
        vp: &Viewport,
        clocks: &LaneClocks,
        mode: AxisMode,
        now: SimTime,
    ) -> f64 {
        let left = scene.left;
        let right = left + vp.width_px;
        let px = |x: f64| (left + vp.to_px(x)).clamp(left - 4.0, right + 4.0);
        // A stretch of node `k`'s lane in pixels, if any of it is in view.
        let span = |k: usize, i: &Interval| {
            let a = clocks.x_on_lane(mode, k, i.start);
            let b = clocks.x_on_lane(mode, k, i.end_or(now));
            vp.overlaps(a, b).then(|| (px(a), px(b)))
        };
        let replicas = key.replicas();
        // The agreement strip on top, then the replicas' rows.
        let strip = 16.0;
        scene.texts.push(TextGlyph {
            x: 8.0,
            y: top + strip - 3.0,
            text: format!("key {}", key.key),
            class: "t-band",
        });
        for a in &key.agreement {
            let x0 = clocks.x_global(mode, a.interval.start);
            let x1 = clocks.x_global(mode, a.interval.end_or(now));
            if !vp.overlaps(x0, x1) || x1 <= x0 {
                continue;
            }
            let (p0, p1) = (px(x0), px(x1));
            let (class, text, title) = if a.converged {
                (
                    "ver-converged",
                    "converged",
                    format!("every replica up holds the same versions of {}", key.key),
                )
            } else if a.differing.is_empty() {
                (
                    "ver-diverged",
                    "one copy",
                    format!("only one replica up holds {}", key.key),
                )
            } else {
                let who: Vec<String> = a.differing.iter().map(|n| n.to_string()).collect();
                (
                    "ver-diverged",
                    "diverged",
                    format!("{} disagree(s) on {}", who.join(", "), key.key),
                )
            };
            scene.bands.push(Band {
                x: p0,
                y: top,
                w: (p1 - p0).max(1.0),
                h: strip,
                class: class.into(),
                title,
                seek: None,
                text: Some(text.to_string()),
            });
        }
        let mut y = top + strip + 4.0;
        for node in &replicas {
            let k = node.index();
            scene.texts.push(TextGlyph {
                x: 24.0,
                y: y + ROW / 2.0 + 5.0,
                text: node.to_string(),
                class: "t-small",
            });
            for s in &key.rows[k] {
                let Some((x0, x1)) = span(k, &s.interval) else {
                    continue;
                };
                let siblings = s.versions.len() > 1;
                let text = if siblings {
                    format!("{} (siblings)", values_text(&s.versions))
                } else {
                    values_text(&s.versions)
                };
                scene.bands.push(Band {
                    x: x0,
                    y: y + 2.0,
                    w: (x1 - x0).max(1.0),
                    h: ROW - 4.0 - HINT,
                    class: format!(
                        "ver-tone-{}{}",
                        s.tone % TONES,
                        if siblings { " ver-siblings" } else { "" }
                    )
                    .into(),
                    title: format!("{node} holds {} = {}", key.key, versions_text(&s.versions)),
                    seek: Some(s.event),
                    text: Some(text),
                });
            }
            hint_bands(scene, key, k, y + ROW - HINT - 1.0, HINT, &span);
            y += ROW;
        }
        // Stand-ins that never owned the key still show their hint rows.
        for (k, hints) in key.hints.iter().enumerate() {
            if hints.is_empty() || replicas.iter().any(|n| n.index() == k) {
                continue;
            }
            scene.texts.push(TextGlyph {
                x: 24.0,
                y: y + HINT + 2.0,
                text: format!("n{} (hint)", k + 1),
                class: "t-small",
            });
            hint_bands(scene, key, k, y + 2.0, HINT + 4.0, &span);
            y += HINT + 8.0;
        }
        y
    }
}

/// Node `k`'s stretch of a lane in pixels, if any of it is in view.
type SpanPx<'a> = dyn Fn(usize, &Interval) -> Option<(f64, f64)> + 'a;

/// The dashed strips of the hints node `k` keeps for absent owners of `key`, `h` high from `y`.
fn hint_bands(scene: &mut Scene, key: &KeyLanes, k: usize, y: f64, h: f64, span: &SpanPx) {
    for (s, owner) in &key.hints[k] {
        let Some((x0, x1)) = span(k, &s.interval) else {
            continue;
        };
        scene.bands.push(Band {
            x: x0,
            y,
            w: (x1 - x0).max(1.0),
            h,
            class: "ver-hint".into(),
            title: format!(
                "n{} keeps {} = {} as a hint for {owner}, to hand back",
                k + 1,
                key.key,
                versions_text(&s.versions)
            ),
            seek: Some(s.event),
            text: Some(format!("hint for {owner}")),
        });
    }
}
