//! The visible window of the space-time diagram, laid out in pixels: one lane per node, arrows for messages,
//! shaded crash/pause segments and partition bands, collapsed heartbeats, markers and the playback cursor.
//! The SVG writer and the tests only ever see this.

use crate::axis::{LaneClocks, Positions};
use crate::collapse::{arrow_hidden, heartbeat_runs};
use crate::lanes::{LaneState, LaneStates};
use crate::messages::{drop_reason_text, ArrowEnd, Messages};
use crate::relation::fmt_vc;
use crate::viewport::Viewport;
use splitbrain_sim::{Event, EventId, EventKind, Label, NodeId, Protocol, SimTime};
use std::borrow::Cow;

#[derive(Clone, Debug)]
pub struct LayoutOptions {
    pub lane_height: f64,
    /// Room above the lanes for the axis.
    pub top: f64,
    /// Room left of the lanes for the node names.
    pub gutter: f64,
    /// Heartbeat runs closer than this (px per heartbeat event) collapse.
    pub collapse_px: f64,
    /// Dots on one lane closer than this merge into one (an overdrawn dot is invisible anyway).
    pub merge_px: f64,
    /// Above this many visible events per pixel per lane, all message traffic collapses, not just heartbeats.
    pub dense_per_px: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            lane_height: 64.0,
            top: 44.0,
            gutter: 64.0,
            collapse_px: 10.0,
            merge_px: 4.0,
            dense_per_px: 0.25,
        }
    }
}

/// Everything derived from a trace that layout needs; computed once per trace change, reused per frame.
pub struct LayoutInput<'a, P: Protocol> {
    pub events: &'a [Event<P>],
    pub nodes: usize,
    pub positions: &'a Positions,
    pub clocks: &'a LaneClocks,
    pub messages: &'a Messages,
    pub lanes: &'a LaneStates,
    /// Per message: is it a heartbeat (see [`crate::collapse::heartbeat_messages`]).
    pub heartbeat: &'a [bool],
    /// The playback cursor: where open intervals end and the cursor line is drawn.
    pub now: SimTime,
    /// Violations, stale reads… pinned to events.
    pub marks: &'a [(EventId, MarkerKind, String)],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DotShape {
    Circle,
    /// A message that never arrived.
    Cross,
    /// A protocol note (role, term…).
    Diamond,
    /// A client operation touching a node.
    Square,
    /// Crash, restart, pause, resume.
    Bar,
    /// A timer firing.
    Triangle,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Dot {
    pub id: EventId,
    pub x: f64,
    pub y: f64,
    pub shape: DotShape,
    /// CSS class for the event kind (`k-send`, `k-drop`…).
    pub class: &'static str,
    /// Events merged into this dot because they share its pixel (1 = just itself).
    pub merged: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ArrowGlyph {
    pub send: EventId,
    /// The delivery or drop; `None` while in flight.
    pub end: Option<EventId>,
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub class: &'static str,
    pub label: String,
}

/// A shaded rectangle: a partition band, a crashed stretch, a term band, a client operation…
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// One or more CSS classes, space-separated (a role band carries its tone and its role's name).
    pub class: Cow<'static, str>,
    pub title: String,
    /// Clicking it seeks playback to this event.
    pub seek: Option<EventId>,
    /// Text drawn inside, if it fits.
    pub text: Option<String>,
}

/// A lane-state stretch (crashed, paused) drawn on the lane line.
pub type Segment = Band;

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub lane: u32,
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    pub count: usize,
    pub first: EventId,
    pub last: EventId,
    /// Only heartbeats folded (♥×N); otherwise message traffic of every kind (×N msgs).
    pub heartbeats_only: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    Violation,
    StaleRead,
    SplitBrain,
}

impl MarkerKind {
    pub fn class(self) -> &'static str {
        match self {
            MarkerKind::Violation => "m-violation",
            MarkerKind::StaleRead => "m-stale",
            MarkerKind::SplitBrain => "m-split",
        }
    }
}

/// A vertical flag at an event that seeks playback there when clicked.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub x: f64,
    pub y0: f64,
    pub y1: f64,
    pub kind: MarkerKind,
    pub label: String,
    pub seek: EventId,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LaneGlyph {
    pub node: NodeId,
    pub y: f64,
    pub label: String,
}

/// Plain text (section headings, row labels).
#[derive(Clone, Debug, PartialEq)]
pub struct TextGlyph {
    pub x: f64,
    pub y: f64,
    pub text: String,
    pub class: &'static str,
}

/// A polyline (log length, commit index) in pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Polyline {
    pub points: Vec<(f64, f64)>,
    pub class: &'static str,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    /// The content area (right of the gutter): x offset and width.
    pub left: f64,
    pub plot_width: f64,
    pub lanes: Vec<LaneGlyph>,
    /// Axis ticks: (pixel x, label).
    pub ticks: Vec<(f64, String)>,
    pub axis_label: String,
    pub bands: Vec<Band>,
    pub segments: Vec<Segment>,
    pub arrows: Vec<ArrowGlyph>,
    pub dots: Vec<Dot>,
    pub summaries: Vec<Summary>,
    pub markers: Vec<Marker>,
    pub texts: Vec<TextGlyph>,
    pub polylines: Vec<Polyline>,
    /// The playback cursor's pixel x, if in view.
    pub cursor: Option<f64>,
    /// Bottom of the space-time lanes; sections appended below start here.
    pub lanes_bottom: f64,
}

impl Scene {
    /// Number of SVG elements this scene turns into, roughly: the budget to keep under a few thousand.
    pub fn element_count(&self) -> usize {
        self.lanes.len()
            + self.ticks.len()
            + self.bands.len()
            + self.segments.len()
            + self.arrows.len()
            + self.dots.len()
            + self.summaries.len()
            + self.markers.len()
            + self.texts.len()
            + self.polylines.len()
    }

    /// Pixel x of axis value `x` (content area offset included).
    pub fn px(&self, vp: &Viewport, x: f64) -> f64 {
        self.left + vp.to_px(x)
    }
}

pub fn layout<P: Protocol>(input: &LayoutInput<P>, vp: &Viewport, opts: &LayoutOptions) -> Scene {
    let pos = input.positions;
    let mode = pos.mode;
    let lane_y = |l: usize| opts.top + (l as f64 + 0.5) * opts.lane_height;
    let lanes_bottom = opts.top + input.nodes as f64 * opts.lane_height;
    let mut scene = Scene {
        width: opts.gutter + vp.width_px + 16.0,
        height: lanes_bottom + 8.0,
        left: opts.gutter,
        plot_width: vp.width_px,
        axis_label: mode.name().to_string(),
        lanes_bottom,
        ..Scene::default()
    };
    let px = |x: f64| opts.gutter + vp.to_px(x);
    // Clamp far-off endpoints so an arrow from an hour ago does not become a 10⁹-pixel line.
    let clamp = |p: f64| p.clamp(opts.gutter - 2000.0, opts.gutter + vp.width_px + 2000.0);

    for l in 0..input.nodes {
        let node = NodeId(l as u32);
        scene.lanes.push(LaneGlyph {
            node,
            y: lane_y(l),
            label: node.to_string(),
        });
    }
    for t in vp.ticks() {
        scene.ticks.push((px(t), mode.format(t)));
    }

    // Partition bands: per lane, tinted by the side of the split the node is on.
    for band in &input.lanes.bands {
        let end = band.interval.end_or(input.now);
        let mut labelled = false;
        for l in 0..input.nodes {
            let a = input.clocks.x_on_lane(mode, l, band.interval.start);
            let b = input.clocks.x_on_lane(mode, l, end);
            if !vp.overlaps(a, b) {
                continue;
            }
            let class = match band.side.get(l) {
                Some(Some(0)) => "net-a",
                Some(Some(1)) => "net-b",
                Some(Some(_)) => "net-c",
                Some(None) => "net-iso",
                None => "net-cut",
            };
            let (x0, x1) = (clamp(px(a)), clamp(px(b)));
            scene.bands.push(Band {
                x: x0,
                y: lane_y(l) - opts.lane_height / 2.0,
                w: (x1 - x0).max(1.0),
                h: opts.lane_height,
                class: class.into(),
                title: band.label.clone(),
                seek: None,
                text: (!labelled).then(|| band.label.clone()),
            });
            labelled = true;
        }
    }

    for (l, segs) in input.lanes.segments.iter().enumerate() {
        for (state, iv) in segs {
            let a = input.clocks.x_on_lane(mode, l, iv.start);
            let b = input.clocks.x_on_lane(mode, l, iv.end_or(input.now));
            if !vp.overlaps(a, b) {
                continue;
            }
            let (class, what) = match state {
                LaneState::Crashed => ("seg-crashed", "crashed"),
                LaneState::Paused => ("seg-paused", "paused"),
            };
            let (x0, x1) = (clamp(px(a)), clamp(px(b)));
            scene.segments.push(Band {
                x: x0,
                y: lane_y(l) - 9.0,
                w: (x1 - x0).max(2.0),
                h: 18.0,
                class: class.into(),
                title: format!("n{} {what}", l + 1),
                seek: None,
                text: None,
            });
        }
    }

    // More than one event per few pixels of lane: fold ordinary traffic too, or the lanes are a solid smear.
    let visible = (0..input.events.len())
        .filter(|&i| pos.lane[i].is_some() && vp.contains(pos.x[i]))
        .count();
    let all_messages = visible as f64 > opts.dense_per_px * vp.width_px * input.nodes.max(1) as f64;
    let (runs, hidden) = heartbeat_runs(
        input.events,
        pos,
        input.messages,
        input.heartbeat,
        vp,
        opts.collapse_px,
        all_messages,
    );
    for r in runs {
        scene.summaries.push(Summary {
            lane: r.lane,
            x0: clamp(px(r.x0)),
            x1: clamp(px(r.x1)),
            y: lane_y(r.lane as usize),
            count: r.count,
            first: r.first,
            last: r.last,
            heartbeats_only: !all_messages,
        });
    }

    // Per link, the last arrow drawn: a new one overlapping it to within a pixel or two adds nothing visible.
    let mut last_arrow: std::collections::HashMap<(u32, u32), (f64, f64)> = Default::default();
    for (k, m) in input.messages.all.iter().enumerate() {
        if arrow_hidden(&hidden, m.send, m.end) {
            continue;
        }
        let Some(from_lane) = pos.lane[m.send.index()] else {
            continue;
        };
        let xa = pos.x[m.send.index()];
        let (xb, end, class, label) = match m.end {
            ArrowEnd::Delivered(e) => (pos.x[e.index()], Some(e), "a-msg", m.label.clone()),
            ArrowEnd::Dropped(e, r) => (
                pos.x[e.index()],
                Some(e),
                "a-drop",
                format!("{} ({})", m.label, drop_reason_text(r)),
            ),
            ArrowEnd::InFlight(t) => (
                input.clocks.x_on_lane(mode, m.to.index(), t),
                None,
                "a-flight",
                format!("{} (in flight)", m.label),
            ),
        };
        if !vp.overlaps(xa, xb) {
            continue;
        }
        let class = match (
            class,
            m.duplicate,
            input.heartbeat.get(k).copied().unwrap_or(false),
        ) {
            ("a-msg", true, _) => "a-dup",
            ("a-msg", false, true) => "a-hb",
            (c, _, _) => c,
        };
        let (p1, p2) = (clamp(px(xa)), clamp(px(xb)));
        if let Some((q1, q2)) = last_arrow.insert((m.from.0, m.to.0), (p1, p2)) {
            if (p1 - q1).abs() < opts.merge_px
                && (p2 - q2).abs() < opts.merge_px
                && class != "a-drop"
            {
                continue;
            }
        }
        scene.arrows.push(ArrowGlyph {
            send: m.send,
            end,
            x1: clamp(px(xa)),
            y1: lane_y(from_lane as usize),
            x2: clamp(px(xb)),
            y2: lane_y(m.to.index()),
            class,
            label,
        });
    }

    // Say why a message never arrived, next to its cross, while there are few enough crosses to read.
    let drops: Vec<&ArrowGlyph> = scene
        .arrows
        .iter()
        .filter(|a| a.class == "a-drop")
        .collect();
    if drops.len() <= 24 {
        // One label per stretch of a lane: a row of crosses from one partition needs saying once.
        let mut last_label: Vec<(f64, f64)> = Vec::new();
        let texts: Vec<TextGlyph> = drops
            .iter()
            .filter_map(|a| {
                if last_label
                    .iter()
                    .any(|(x, y)| *y == a.y2 && (a.x2 - x).abs() < 120.0)
                {
                    return None;
                }
                last_label.push((a.x2, a.y2));
                let e = a.end?;
                let reason = match input.messages.of_event(e)?.end {
                    ArrowEnd::Dropped(_, r) => drop_reason_text(r),
                    _ => return None,
                };
                Some(TextGlyph {
                    x: a.x2 + 9.0,
                    y: a.y2 + 20.0,
                    text: reason.to_string(),
                    class: "t-drop",
                })
            })
            .collect();
        scene.texts.extend(texts);
    }

    // Dots, merged per lane when they would overdraw each other.
    let mut last_dot_on_lane: Vec<Option<usize>> = vec![None; input.nodes];
    for (i, e) in input.events.iter().enumerate() {
        let Some(lane) = pos.lane[i] else { continue };
        if hidden[i] || !vp.contains(pos.x[i]) || lane as usize >= input.nodes {
            continue;
        }
        let x = px(pos.x[i]);
        if let Some(j) = last_dot_on_lane[lane as usize] {
            let prev: &mut Dot = &mut scene.dots[j];
            if (prev.x - x).abs() < opts.merge_px {
                prev.merged += 1;
                continue;
            }
        }
        let (shape, class) = shape_of(&e.kind);
        last_dot_on_lane[lane as usize] = Some(scene.dots.len());
        scene.dots.push(Dot {
            id: e.id,
            x,
            y: lane_y(lane as usize),
            shape,
            class,
            merged: 1,
        });
    }

    for (id, kind, label) in input.marks {
        let i = id.index();
        let Some(&x) = pos.x.get(i) else { continue };
        if !vp.contains(x) {
            continue;
        }
        scene.markers.push(Marker {
            x: px(x),
            y0: opts.top - 6.0,
            y1: lanes_bottom,
            kind: *kind,
            label: label.clone(),
            seek: *id,
        });
    }

    let cx = input.clocks.x_global(mode, input.now);
    if vp.contains(cx) {
        scene.cursor = Some(px(cx));
    }
    scene
}

fn shape_of<P: Protocol>(kind: &EventKind<P>) -> (DotShape, &'static str) {
    match kind {
        EventKind::Send { .. } => (DotShape::Circle, "k-send"),
        EventKind::Deliver { .. } => (DotShape::Circle, "k-deliver"),
        EventKind::Drop { .. } => (DotShape::Cross, "k-drop"),
        EventKind::TimerFired { .. } => (DotShape::Triangle, "k-timer"),
        EventKind::Note { .. } => (DotShape::Diamond, "k-note"),
        EventKind::Crash
        | EventKind::Restart
        | EventKind::Pause
        | EventKind::Resume
        | EventKind::Start => (DotShape::Bar, "k-life"),
        EventKind::ClientInvoke { .. }
        | EventKind::ClientRequest { .. }
        | EventKind::ClientReply { .. }
        | EventKind::ClientReturn { .. } => (DotShape::Square, "k-client"),
        _ => (DotShape::Circle, "k-other"),
    }
}

/// The hover text of an event: what it was, and its clocks (the numbers a lecture points at).
pub fn describe<P: Protocol>(e: &Event<P>, messages: &Messages) -> String {
    let what = match &e.kind {
        EventKind::Send { to, message, .. } => format!("send {} → {to}", message.label()),
        EventKind::Deliver { from, .. } => {
            let label = messages
                .of_event(e.id)
                .map(|m| m.label.clone())
                .unwrap_or_default();
            format!("deliver {label} from {from}")
        }
        EventKind::Drop {
            from, to, reason, ..
        } => {
            let label = messages
                .of_event(e.id)
                .map(|m| m.label.clone())
                .unwrap_or_default();
            format!(
                "{label} {from} → {to} never arrives: {}",
                drop_reason_text(*reason)
            )
        }
        EventKind::TimerFired { timer } => format!("timer {}", timer.label()),
        EventKind::Note { note } => format!("note {}", note.label()),
        k => k.name().replace('_', " "),
    };
    let mut s = format!("{} {what} @ {}", e.id, e.time);
    if let (Some(n), Some(l)) = (e.node, e.local_time) {
        s.push_str(&format!(
            "\n{n} local {l}, Lamport {}, vector {}",
            e.lamport,
            fmt_vc(&e.vclock)
        ));
    }
    s
}
