//! The client history: every operation as a bar from invocation to return, packed into rows. This is what
//! linearizability is judged on, so stale reads are flagged here.

use crate::axis::LaneClocks;
use crate::layout::{Band, Scene, TextGlyph};
use crate::viewport::Viewport;
use crate::AxisMode;
use splitbrain_sim::{
    ClientOp, ClientOutcome, Event, EventId, EventKind, NodeId, OpId, Protocol, SimTime,
};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, PartialEq)]
pub struct OpBar {
    pub op: OpId,
    pub request: ClientOp,
    pub node: Option<NodeId>,
    pub invoke: EventId,
    pub ret: Option<EventId>,
    pub start: SimTime,
    pub end: Option<SimTime>,
    pub outcome: Option<ClientOutcome>,
    /// Row in the strip: overlapping operations stack.
    pub row: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClientHistory {
    pub ops: Vec<OpBar>,
    pub rows: usize,
}

impl ClientHistory {
    pub fn new<P: Protocol>(events: &[Event<P>]) -> Self {
        let mut ops: Vec<OpBar> = Vec::new();
        let mut index: BTreeMap<OpId, usize> = BTreeMap::new();
        for e in events {
            match &e.kind {
                EventKind::ClientInvoke { op, request, .. } => {
                    index.insert(*op, ops.len());
                    ops.push(OpBar {
                        op: *op,
                        request: request.clone(),
                        node: e.node,
                        invoke: e.id,
                        ret: None,
                        start: e.time,
                        end: None,
                        outcome: None,
                        row: 0,
                    });
                }
                EventKind::ClientReturn { op, outcome } => {
                    if let Some(&k) = index.get(op) {
                        ops[k].ret = Some(e.id);
                        ops[k].end = Some(e.time);
                        ops[k].outcome = Some(outcome.clone());
                    }
                }
                _ => {}
            }
        }
        // Greedy interval packing: each op takes the first row free at its start.
        let mut row_free: Vec<SimTime> = Vec::new();
        for op in &mut ops {
            let end = op.end.unwrap_or(SimTime(u64::MAX));
            let row = match row_free.iter().position(|f| *f <= op.start) {
                Some(r) => r,
                None => {
                    row_free.push(SimTime::ZERO);
                    row_free.len() - 1
                }
            };
            row_free[row] = SimTime(end.0.saturating_add(1));
            op.row = row;
        }
        ClientHistory {
            rows: row_free.len(),
            ops,
        }
    }

    /// Appends the strip below the scene. `stale` holds the ops flagged as stale reads.
    pub fn layout_into(
        &self,
        scene: &mut Scene,
        vp: &Viewport,
        clocks: &LaneClocks,
        mode: AxisMode,
        now: SimTime,
        stale: &BTreeSet<OpId>,
    ) {
        const ROW: f64 = 30.0;
        let top = scene.height + 28.0;
        scene.texts.push(TextGlyph {
            x: 8.0,
            y: top - 8.0,
            text: "Client operations".into(),
            class: "t-heading",
        });
        let rows = self.rows.clamp(1, 12);
        // Where the last label of each row ends: a label beside a short bar is only written if it fits.
        let mut text_end = vec![f64::NEG_INFINITY; rows];
        // Where the next bar of the same row starts: a label written beside a bar must end before it, or
        // dense runs turn into text over boxes.
        let mut next_start = vec![f64::INFINITY; self.ops.len()];
        let mut row_next = vec![f64::INFINITY; rows];
        for (k, op) in self.ops.iter().enumerate().rev() {
            if op.row < rows {
                next_start[k] = row_next[op.row];
                row_next[op.row] = scene.left + vp.to_px(clocks.x_global(mode, op.start));
            }
        }
        for (k, op) in self.ops.iter().enumerate() {
            let a = clocks.x_global(mode, op.start);
            let b = clocks.x_global(mode, op.end.unwrap_or(now));
            if !vp.overlaps(a, b) || op.row >= rows {
                continue;
            }
            let x0 = (scene.left + vp.to_px(a)).max(scene.left - 4.0);
            let x1 = (scene.left + vp.to_px(b)).min(scene.left + vp.width_px + 4.0);
            let what = op.request.describe();
            let result = match &op.outcome {
                Some(ClientOutcome::Ok { value: Some(v) }) => format!(" → {v}"),
                Some(ClientOutcome::Ok { value: None }) => " → ok".to_string(),
                Some(ClientOutcome::Failed { attempts }) => format!(" → failed after {attempts}"),
                Some(ClientOutcome::Rejected { reason }) => format!(" → refused ({reason})"),
                Some(ClientOutcome::Versions { values, .. }) => {
                    format!(" → {}", ClientOutcome::versions_text(values))
                }
                None => " …".to_string(),
            };
            let is_stale = stale.contains(&op.op);
            let class = if is_stale {
                "op-stale"
            } else if matches!(
                op.outcome,
                Some(ClientOutcome::Failed { .. } | ClientOutcome::Rejected { .. })
            ) {
                "op-failed"
            } else if op.outcome.is_none() {
                "op-pending"
            } else {
                "op-ok"
            };
            let node = op.node.map(|n| format!(" at {n}")).unwrap_or_default();
            let flag = if is_stale { "STALE READ: " } else { "" };
            let label = format!("{flag}{what}{result}{node}");
            let label_w = 8.0 * label.chars().count() as f64;
            let inside = x1 - x0 >= label_w;
            let label_x = if inside { x0 } else { x1 + 4.0 };
            let fits = inside || label_x + label_w + 4.0 <= next_start[k];
            let text = ((fits && label_x > text_end[op.row] + 6.0) || is_stale).then(|| {
                text_end[op.row] = text_end[op.row].max(label_x + label_w).max(x1);
                label
            });
            if text.is_none() {
                text_end[op.row] = text_end[op.row].max(x1);
            }
            scene.bands.push(Band {
                x: x0,
                y: top + op.row as f64 * ROW,
                w: (x1 - x0).max(3.0),
                h: ROW - 6.0,
                class: class.into(),
                title: format!("{flag}{} {what}{node}{result}", op.op),
                seek: Some(op.ret.unwrap_or(op.invoke)),
                text,
            });
        }
        scene.height = top + rows as f64 * ROW + 8.0;
    }
}
