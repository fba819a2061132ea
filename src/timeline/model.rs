//! The timeline model, cached: rebuilt only when the trace up to the cursor changes, not on every playback
//! frame (the version signal ticks 60 times a second while playing, the trace much less often).

use crate::lab::Lab;
use leptos::prelude::*;
use splitbrain_view::epochs::LabModel;
use std::rc::Rc;

/// What identifies a trace prefix: a replay of the same scenario to the same cursor is the same trace
/// (the simulator is deterministic), and a fork changes the length of the whole trace or its last event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceKey {
    pub cursor: usize,
    pub total: usize,
    pub last_time: u64,
    pub seed: u64,
    pub nodes: usize,
    pub schedule: usize,
    pub violations: usize,
}

#[derive(Clone)]
pub struct Cached {
    pub key: TraceKey,
    pub model: Rc<LabModel>,
    /// `performance.now()` when it was built.
    pub built_ms: f64,
}

/// While playing, the model is rebuilt at most this often: a timeline redrawn a few times a second reads as
/// live, and rebuilding it on every animation frame would starve the cluster view.
pub const PLAYING_REFRESH_MS: f64 = 400.0;

pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Returns the model for the lab's current trace (reactive: tracks the lab's version).
pub fn current(lab: Lab, cache: StoredValue<Option<Cached>, LocalStorage>) -> Cached {
    // Tracked so that pausing brings the view up to date at once.
    let playing = lab.playing.get();
    lab.with(|tl| {
        let past = tl.past();
        let key = TraceKey {
            cursor: past.len(),
            total: tl.trace().len(),
            last_time: past.last().map_or(0, |e| e.time.0),
            seed: tl.scenario().seed,
            nodes: tl.node_count(),
            schedule: tl.scenario().schedule.len(),
            violations: tl.violations().len(),
        };
        let t = now_ms();
        if let Some(c) = cache.with_value(|c| c.clone()).filter(|c| {
            c.key == key
                || (playing
                    && c.key.nodes == key.nodes
                    && c.key.seed == key.seed
                    && t - c.built_ms < PLAYING_REFRESH_MS)
        }) {
            return c;
        }
        let violations: Vec<_> = tl
            .violations()
            .iter()
            .filter(|v| v.event.index() < past.len())
            .cloned()
            .collect();
        let model = Rc::new(LabModel::new(tl.face(), key.nodes, past, &violations));
        let c = Cached {
            key,
            model,
            built_ms: t,
        };
        cache.set_value(Some(c.clone()));
        c
    })
}
