//! Heartbeats collapse when zoomed out. A Raft leader sends an empty AppendEntries to every follower every
//! 50 ms and each answers: at lecture zoom that is a solid smear of arrows that hides the interesting ones
//! and costs thousands of SVG elements. Runs of them fold into one summarized glyph per lane.

use crate::axis::Positions;
use crate::messages::{ArrowEnd, Messages};
use crate::viewport::Viewport;
use splitbrain_sim::{Event, EventId, EventKind, Protocol};

/// Which messages are heartbeats: those the protocol calls one (`is_heartbeat`), and the replies to them,
/// recognised structurally: a send answering the delivery that immediately precedes it on the same node.
pub fn heartbeat_messages<P: Protocol>(
    events: &[Event<P>],
    messages: &Messages,
    is_heartbeat: impl Fn(&P::Msg) -> bool,
) -> Vec<bool> {
    let mut hb = vec![false; messages.all.len()];
    let mut last_on_node: Vec<Option<EventId>> = Vec::new();
    for e in events {
        let Some(n) = e.node else { continue };
        if last_on_node.len() <= n.index() {
            last_on_node.resize(n.index() + 1, None);
        }
        if let EventKind::Send { message, to, .. } = &e.kind {
            if let Some(k) = messages.index_of_event(e.id) {
                let replies_to_heartbeat = last_on_node[n.index()]
                    .and_then(|prev| {
                        let kind = &events.get(prev.index())?.kind;
                        let from = match kind {
                            EventKind::Deliver { from, .. } => *from,
                            _ => return None,
                        };
                        let j = messages.index_of_event(prev)?;
                        Some(from == *to && hb[j] && !is_heartbeat(message))
                    })
                    .unwrap_or(false);
                hb[k] = is_heartbeat(message) || replies_to_heartbeat;
                // A duplicate shares its original's nature; copies are recorded right after it.
                for (j, m) in messages.all.iter().enumerate().skip(k + 1) {
                    if m.send != e.id {
                        break;
                    }
                    hb[j] = hb[k];
                }
            }
        }
        last_on_node[n.index()] = Some(e.id);
    }
    hb
}

/// Consecutive heartbeat events on one lane, drawn as one glyph.
#[derive(Clone, Debug, PartialEq)]
pub struct HeartbeatRun {
    pub lane: u32,
    pub first: EventId,
    pub last: EventId,
    /// Heartbeat events (sends and deliveries) folded into the glyph.
    pub count: usize,
    /// Axis extent.
    pub x0: f64,
    pub x1: f64,
}

/// Runs worth collapsing in the visible window: at least `min_count` heartbeat events in a row on a lane,
/// closer together on average than `min_spacing_px`. Also returns which events are hidden by a run.
///
/// With `all_messages` (a window so dense that even real traffic is a smear), every message event counts,
/// not only heartbeats: what stays visible is then notes, timers, client operations and faults.
pub fn heartbeat_runs<P: Protocol>(
    events: &[Event<P>],
    pos: &Positions,
    messages: &Messages,
    heartbeat: &[bool],
    vp: &Viewport,
    min_spacing_px: f64,
    all_messages: bool,
) -> (Vec<HeartbeatRun>, Vec<bool>) {
    const MIN_COUNT: usize = 4;
    let lanes = pos
        .lane
        .iter()
        .flatten()
        .max()
        .map_or(0, |m| *m as usize + 1);
    // Per lane: the run being built, as (event, counts as a heartbeat).
    let mut open: Vec<Vec<(usize, bool)>> = vec![Vec::new(); lanes];
    let mut runs = Vec::new();
    let mut hidden = vec![false; events.len()];
    let close =
        |run: &mut Vec<(usize, bool)>, runs: &mut Vec<HeartbeatRun>, hidden: &mut Vec<bool>| {
            // A run ends at its last heartbeat: trailing neutral events stay visible.
            while run.last().is_some_and(|(_, hb)| !hb) {
                run.pop();
            }
            let count = run.iter().filter(|(_, hb)| *hb).count();
            if count >= MIN_COUNT {
                let (a, b) = (run[0].0, run[run.len() - 1].0);
                let (x0, x1) = (pos.x[a].min(pos.x[b]), pos.x[a].max(pos.x[b]));
                let spacing = (x1 - x0) * vp.scale() / (count - 1) as f64;
                if spacing < min_spacing_px && vp.overlaps(x0, x1) {
                    for &(i, _) in run.iter() {
                        hidden[i] = true;
                    }
                    runs.push(HeartbeatRun {
                        lane: pos.lane[a].unwrap_or(0),
                        first: EventId(a as u64),
                        last: EventId(b as u64),
                        count,
                        x0,
                        x1,
                    });
                }
            }
            run.clear();
        };
    for (i, e) in events.iter().enumerate() {
        let Some(lane) = pos.lane[i] else { continue };
        let lane = lane as usize;
        let is_hb = messages.index_of_event(e.id).is_some_and(|k| {
            all_messages && !matches!(e.kind, EventKind::Drop { .. }) || heartbeat[k]
        });
        // Timer firings that only re-arm the heartbeat do not break a run; anything else does.
        let neutral = matches!(e.kind, EventKind::TimerFired { .. });
        if is_hb {
            open[lane].push((i, true));
        } else if neutral {
            if !open[lane].is_empty() {
                open[lane].push((i, false));
            }
        } else {
            let mut run = std::mem::take(&mut open[lane]);
            close(&mut run, &mut runs, &mut hidden);
        }
    }
    for mut run in open {
        close(&mut run, &mut runs, &mut hidden);
    }
    (runs, hidden)
}

/// Whether an arrow disappears into a collapsed run (either end hidden).
pub(crate) fn arrow_hidden(hidden: &[bool], send: EventId, end: ArrowEnd) -> bool {
    let end_hidden = match end {
        ArrowEnd::Delivered(e) | ArrowEnd::Dropped(e, _) => {
            hidden.get(e.index()).copied().unwrap_or(false)
        }
        ArrowEnd::InFlight(_) => false,
    };
    end_hidden || hidden.get(send.index()).copied().unwrap_or(false)
}
