//! The imported-history view: a checked client history drawn as Porcupine draws it. One section per key, one
//! lane per client (process) that touched the key, each operation a bar from call to return (open-ended and
//! dashed when its outcome is unknown), the longest linearizable prefix shaded and the culprits in red.
//!
//! Pure layout on a [`History`] plus the checker's marks, so it is unit-tested natively; [`svg::render`]
//! turns the picture into a standalone SVG for the page and for download.

mod labels;
pub mod svg;

pub use labels::{declutter, op_label, LABEL_CHAR_PX};

use crate::viewport::Viewport;
use crate::AxisMode;
use splitbrain_check::{Completion, History, Op};
use splitbrain_sim::OpId;
use std::collections::{BTreeMap, BTreeSet};

/// What the checker said about one key, in the terms the picture needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyMarks {
    /// Operations of the longest linearizable prefix (shaded).
    pub prefix: BTreeSet<OpId>,
    /// Operations that cannot be linearized after that prefix (red).
    pub culprits: BTreeSet<OpId>,
    /// "linearizable", "not linearizable", "inconclusive": shown in the key's heading.
    pub verdict: Option<String>,
}

/// How a bar is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Prefix,
    Culprit,
    Plain,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub op: OpId,
    pub x0: f64,
    /// Where the solid part ends: the return, or the call for an operation that never returned.
    pub x1: f64,
    /// True when the outcome is unknown (failed / pending): the bar runs dashed to the right edge.
    pub open: bool,
    pub y: f64,
    pub mark: Mark,
    /// Refused (a rejected cas): drawn hollow.
    pub refused: bool,
    pub label: String,
    /// Where the label goes (centre x, baseline y), or `None` when there is no room (the tooltip has it).
    pub label_at: Option<(f64, f64)>,
    /// Full description for the tooltip.
    pub title: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub label: String,
    pub y0: f64,
    pub y1: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub key: String,
    /// "key x: not linearizable".
    pub heading: String,
    pub y: f64,
    pub lanes: Vec<Lane>,
    pub bars: Vec<Bar>,
    /// The shaded stretch of the linearizable prefix: from the left edge to the last prefix return.
    pub prefix_to: Option<f64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub ticks: Vec<(f64, String)>,
    pub axis_label: String,
    pub sections: Vec<Section>,
}

pub const ROW_H: f64 = 34.0;
const BAR_H: f64 = 18.0;
const GUTTER: f64 = 110.0;
const TOP: f64 = 34.0;
const SECTION_HEAD: f64 = 28.0;
const LANE_GAP: f64 = 6.0;

/// The x of a moment: real time when the history has it, else the order of the events (a history with no
/// times, say one Jepsen wrote without `:time`).
#[derive(Clone, Copy)]
struct Axis {
    by_time: bool,
    vp: Viewport,
}

impl Axis {
    fn new(history: &History, plot_px: f64) -> Axis {
        let stamps = history
            .ops
            .iter()
            .flat_map(|o| [Some(o.invoke), end_stamp(o)])
            .flatten();
        let (mut tlo, mut thi, mut elo, mut ehi) = (u64::MAX, 0, u64::MAX, 0);
        for s in stamps {
            tlo = tlo.min(s.time.0);
            thi = thi.max(s.time.0);
            elo = elo.min(s.event.0);
            ehi = ehi.max(s.event.0);
        }
        let by_time = thi > tlo;
        let (lo, hi) = match (by_time, ehi >= elo) {
            (true, _) => (tlo as f64, thi as f64),
            (false, true) => (elo as f64, ehi as f64),
            (false, false) => (0.0, 1.0),
        };
        // A little room on the right for open-ended bars to read as running on.
        let span = (hi - lo).max(1.0);
        Axis {
            by_time,
            vp: Viewport::new(lo, hi + span * 0.06, plot_px),
        }
    }

    fn x(&self, s: splitbrain_check::Stamp) -> f64 {
        let v = if self.by_time { s.time.0 } else { s.event.0 } as f64;
        self.vp.to_px(v)
    }

    fn mode(&self) -> AxisMode {
        if self.by_time {
            AxisMode::Real
        } else {
            AxisMode::Lamport
        }
    }
}

fn end_stamp(op: &Op) -> Option<splitbrain_check::Stamp> {
    match op.completion {
        Completion::Ok(s) | Completion::Rejected(s) | Completion::Failed(s) => Some(s),
        Completion::Pending => None,
    }
}

/// Lays out `history` at `width` px; `marks` per key (keys without marks are drawn plain).
pub fn layout(history: &History, marks: &BTreeMap<String, KeyMarks>, width: f64) -> Picture {
    let width = width.max(320.0);
    let plot = width - GUTTER - 16.0;
    let axis = Axis::new(history, plot);
    let right = GUTTER + plot;
    let mut y = TOP;
    let mut sections = Vec::new();
    for (key, ops) in history.by_key() {
        let empty = KeyMarks::default();
        let m = marks.get(key).unwrap_or(&empty);
        let section = lay_key(key, &ops, m, &axis, y, right);
        y = section
            .lanes
            .last()
            .map_or(section.y + SECTION_HEAD, |l| l.y1)
            + 14.0;
        sections.push(section);
    }
    let ticks = axis
        .vp
        .ticks()
        .into_iter()
        .map(|t| (GUTTER + axis.vp.to_px(t), axis.mode().format(t)))
        .collect();
    Picture {
        width,
        height: y.max(TOP + 40.0),
        left: GUTTER,
        right,
        ticks,
        axis_label: if axis.by_time { "time" } else { "order" }.into(),
        sections,
    }
}

/// The client's lane name: "client 3" (a Porcupine client id or Jepsen process), or "no client".
fn lane_name(session: Option<u32>) -> String {
    session.map_or("no client".into(), |s| format!("client {s}"))
}

fn lay_key(key: &str, ops: &[&Op], marks: &KeyMarks, axis: &Axis, y: f64, right: f64) -> Section {
    let mut by_client: BTreeMap<Option<u32>, Vec<&Op>> = BTreeMap::new();
    for op in ops {
        by_client.entry(op.session).or_default().push(op);
    }
    let mut lanes = Vec::new();
    let mut bars = Vec::new();
    let mut top = y + SECTION_HEAD;
    for (client, mut ops) in by_client {
        ops.sort_by_key(|o| o.invoke);
        // A client retried after giving up overlaps its own open-ended operation: stack into rows.
        let mut row_ends: Vec<f64> = Vec::new();
        let mut placed = Vec::new();
        for op in ops {
            let x0 = GUTTER + axis.x(op.invoke);
            let open = op.returned().is_none();
            let end = end_stamp(op).map_or(x0, |s| GUTTER + axis.x(s));
            // Packed by the true return; drawn at least 3 px wide so an instant operation still shows.
            let reach = if open { right } else { end };
            let x1 = end.max(x0 + 3.0);
            let row = match row_ends.iter().position(|e| *e <= x0) {
                Some(r) => r,
                None => {
                    row_ends.push(0.0);
                    row_ends.len() - 1
                }
            };
            row_ends[row] = reach;
            placed.push((op, x0, x1, open, row));
        }
        let rows = row_ends.len().max(1);
        let y1 = top + rows as f64 * ROW_H;
        lanes.push(Lane {
            label: lane_name(client),
            y0: top,
            y1,
        });
        let first = bars.len();
        for (op, x0, x1, open, row) in placed {
            let mark = if marks.culprits.contains(&op.id) {
                Mark::Culprit
            } else if marks.prefix.contains(&op.id) {
                Mark::Prefix
            } else {
                Mark::Plain
            };
            bars.push(Bar {
                op: op.id,
                x0,
                x1,
                open,
                y: top + row as f64 * ROW_H + (ROW_H - BAR_H) / 2.0,
                mark,
                refused: op.is_rejected(),
                label: op_label(op),
                label_at: None,
                title: labels::op_title(op),
            });
        }
        declutter(&mut bars[first..], right);
        top = y1 + LANE_GAP;
    }
    let prefix_to = bars
        .iter()
        .filter(|b| b.mark == Mark::Prefix && !b.open)
        .map(|b| b.x1)
        .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
    Section {
        key: key.to_string(),
        heading: match &marks.verdict {
            Some(v) => format!("key {key}: {v}"),
            None => format!("key {key}"),
        },
        y,
        lanes,
        bars,
        prefix_to,
    }
}

/// Bar height, for the renderer.
pub fn bar_height() -> f64 {
    BAR_H
}

#[cfg(test)]
mod tests;
