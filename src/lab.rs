//! The shared state every component reads from context: the simulator (kept out of the reactive graph), a
//! version counter bumped on every change, selection, playback and the last error.
//!
//! Reading goes through [`Lab::with`], which tracks `version`: a view that reads the simulation re-renders
//! when it changes. Writing goes through [`Lab::update`] (or the helpers built on it), which bumps it.

use crate::run::{build, default_protocol, default_scenario, Run};
use crate::storage;
use leptos::prelude::*;
use splitbrain_sim::{Action, EventId, NodeId, Scenario, Session, SimTime};

/// What a click on a message in flight does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MsgMode {
    Drop,
    Delay,
    Duplicate,
}

/// Playback speeds offered, as multiples of real time.
pub const MIN_SPEED: f64 = 0.01;
pub const MAX_SPEED: f64 = 100.0;

#[derive(Clone, Copy)]
pub struct Lab {
    timeline: StoredValue<Run, LocalStorage>,
    /// Bumped on every change to the timeline (new events, seeks, playback time).
    pub version: RwSignal<u64>,
    pub selected_node: RwSignal<Option<NodeId>>,
    pub selected_events: RwSignal<Vec<EventId>>,
    pub playing: RwSignal<bool>,
    /// Simulated time per real time (1.0 = real time).
    pub speed: RwSignal<f64>,
    /// The last problem worth showing (an import that failed, an action the engine refused…).
    pub error: RwSignal<Option<String>>,
    /// A short confirmation ("trace exported", "scenario loaded").
    pub notice: RwSignal<Option<String>>,
    pub msg_mode: RwSignal<MsgMode>,
    /// How long a "delay" click holds a message back, in milliseconds.
    pub delay_ms: RwSignal<u64>,
    pub help_open: RwSignal<bool>,
}

impl Lab {
    /// Builds the lab from the autosaved run if there is a readable one, else from the default scenario.
    /// A corrupt autosave is reported in `error` and ignored.
    pub fn restore_or_default() -> Lab {
        let (timeline, error) = match storage::load() {
            Ok(Some(saved)) => match build(&saved.scenario, SimTime(saved.time_us)) {
                Ok(tl) => (tl, None),
                Err(e) => (
                    Self::fallback(),
                    Some(format!("The autosaved run could not be restored: {e}")),
                ),
            },
            Ok(None) => (Self::fallback(), None),
            Err(e) => (
                Self::fallback(),
                Some(format!("The autosaved run could not be read: {e}")),
            ),
        };
        let lab = Self::from_timeline(timeline);
        lab.error.set(error);
        lab
    }

    pub fn from_timeline(timeline: Run) -> Lab {
        Lab {
            timeline: StoredValue::new_local(timeline),
            version: RwSignal::new(0),
            selected_node: RwSignal::new(None),
            selected_events: RwSignal::new(Vec::new()),
            playing: RwSignal::new(false),
            speed: RwSignal::new(0.05),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            msg_mode: RwSignal::new(MsgMode::Drop),
            delay_ms: RwSignal::new(100),
            help_open: RwSignal::new(false),
        }
    }

    fn fallback() -> Run {
        let protocol = default_protocol();
        build(
            &default_scenario(protocol, protocol.default_nodes, 1),
            SimTime(1_000),
        )
        .expect("the default scenario is valid")
    }

    // ----- reading ----------------------------------------------------------------------------------------

    /// Reads the timeline and subscribes the caller to changes.
    pub fn with<R>(&self, f: impl FnOnce(&dyn Session) -> R) -> R {
        self.version.track();
        self.timeline.with_value(|tl| f(tl.as_ref()))
    }

    /// Reads the timeline without subscribing (event handlers).
    pub fn with_untracked<R>(&self, f: impl FnOnce(&dyn Session) -> R) -> R {
        self.timeline.with_value(|tl| f(tl.as_ref()))
    }

    pub fn selected_events(&self) -> RwSignal<Vec<EventId>> {
        self.selected_events
    }

    pub fn selected_node(&self) -> RwSignal<Option<NodeId>> {
        self.selected_node
    }

    pub fn version(&self) -> RwSignal<u64> {
        self.version
    }

    pub fn now(&self) -> SimTime {
        self.with(|tl| tl.now())
    }

    // ----- writing ----------------------------------------------------------------------------------------

    /// Changes the timeline and tells every reader.
    pub fn update<R>(&self, f: impl FnOnce(&mut dyn Session) -> R) -> R {
        let mut out = None;
        self.timeline.update_value(|tl| out = Some(f(tl.as_mut())));
        self.version.update(|v| *v = v.wrapping_add(1));
        out.expect("update_value ran the closure")
    }

    /// Moves the cursor so that the first `events` events have happened.
    pub fn seek(&self, events: usize) {
        self.update(|tl| tl.seek(events));
    }

    /// Moves to simulated time `t` (rewinding or playing forward).
    pub fn seek_time(&self, t: SimTime) {
        self.update(|tl| tl.seek_time(t));
    }

    /// One event forward.
    pub fn step(&self) {
        self.update(|tl| {
            tl.step();
        });
    }

    /// One event back (a step can emit several events: go back to before the step that emitted the last).
    pub fn step_back(&self) {
        self.update(|tl| {
            let cursor = tl.cursor();
            let mut target = cursor.saturating_sub(1);
            loop {
                tl.seek(target);
                if tl.cursor() < cursor || target == 0 {
                    break;
                }
                target -= 1;
            }
        });
    }

    /// Performs a user action at the cursor (forking the run if the cursor is in the past). Refusals are
    /// shown in the page, never panics.
    pub fn act(&self, action: Action) -> bool {
        let result = self.update(|tl| tl.act(action));
        match result {
            Ok(()) => {
                self.save();
                true
            }
            Err(e) => {
                self.error
                    .set(Some(format!("That action was refused: {e}")));
                false
            }
        }
    }

    /// Replaces the whole run (restart, scenario picker, import).
    pub fn replace(&self, timeline: Run) {
        self.timeline.set_value(timeline);
        self.version.update(|v| *v = v.wrapping_add(1));
        self.selected_events.set(Vec::new());
        if let Some(n) = self.selected_node.get_untracked() {
            let count = self.with_untracked(|tl| tl.node_count());
            if n.index() >= count {
                self.selected_node.set(None);
            }
        }
        self.save();
    }

    /// Starts `scenario` from time zero. Returns false (and shows why) if it is invalid.
    pub fn load_scenario(&self, scenario: &Scenario) -> bool {
        match build(scenario, SimTime::ZERO) {
            Ok(tl) => {
                self.playing.set(false);
                self.replace(tl);
                self.error.set(None);
                true
            }
            Err(e) => {
                self.error.set(Some(e));
                false
            }
        }
    }

    /// Advances playback by `real_ms` of wall-clock time at the current speed.
    pub fn advance(&self, real_ms: f64) {
        let speed = self.speed.get_untracked().clamp(MIN_SPEED, MAX_SPEED);
        // Cap one frame's work: after a long stall (a background tab) do not try to catch up at once.
        let dt_us = (real_ms.clamp(0.0, 100.0) * 1000.0 * speed).round() as u64;
        if dt_us == 0 {
            return;
        }
        self.update(|tl| {
            let t = SimTime(tl.now().0.saturating_add(dt_us).min(3_600_000_000));
            tl.seek_time(t);
        });
    }

    /// Autosaves the scenario as run so far (including live actions) and the current time.
    pub fn save(&self) {
        let (scenario, time) = self.with_untracked(|tl| (tl.scenario().clone(), tl.now()));
        storage::save(&scenario, time.0);
    }

    pub fn show_error(&self, message: impl Into<String>) {
        self.error.set(Some(message.into()));
    }

    pub fn show_notice(&self, message: impl Into<String>) {
        self.notice.set(Some(message.into()));
    }
}

/// The lab from context. Panics only if a component is mounted outside `App` (a programming error).
pub fn use_lab() -> Lab {
    use_context::<Lab>().expect("Lab is provided by App")
}
