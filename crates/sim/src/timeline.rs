//! Time travel: the full trace of a run plus snapshots of the simulation, so the playback cursor can jump to
//! any event by restoring the nearest earlier snapshot and replaying deterministically from there.

use crate::engine::Simulation;
use crate::error::Error;
use crate::protocol::{Checker, Protocol};
use crate::scenario::{Action, Scenario};
use crate::time::SimTime;
use crate::trace::{Event, TraceFile, Violation};

/// How many events apart snapshots are taken. Seeking costs at most this many replayed events.
const SNAPSHOT_EVERY: u64 = 512;

#[derive(Clone, Debug)]
pub struct Timeline<P: Protocol, C: Checker<P>> {
    /// The simulation as of the cursor.
    sim: Simulation<P, C>,
    /// Every event generated so far; may run ahead of the cursor after a rewind.
    trace: Vec<Event<P>>,
    violations: Vec<Violation>,
    /// `snapshots[k]` is the simulation after some step, taken when it had emitted about `k × SNAPSHOT_EVERY`
    /// events; ascending by events emitted.
    snapshots: Vec<Simulation<P, C>>,
    /// Scratch space for events re-generated while replaying toward the cursor (they are already in `trace`).
    scratch_events: Vec<Event<P>>,
    scratch_violations: Vec<Violation>,
}

impl<P: Protocol, C: Checker<P> + Default> Timeline<P, C> {
    pub fn new(scenario: &Scenario) -> Result<Self, Error> {
        Ok(Self::from_simulation(Simulation::new(scenario)?))
    }
}

impl<P: Protocol, C: Checker<P>> Timeline<P, C> {
    pub fn from_simulation(sim: Simulation<P, C>) -> Self {
        Timeline {
            snapshots: vec![sim.clone()],
            sim,
            trace: Vec::new(),
            violations: Vec::new(),
            scratch_events: Vec::new(),
            scratch_violations: Vec::new(),
        }
    }

    /// The simulation as of the cursor.
    pub fn sim(&self) -> &Simulation<P, C> {
        &self.sim
    }

    /// All events generated so far (including any beyond the cursor).
    pub fn trace(&self) -> &[Event<P>] {
        &self.trace
    }

    /// The events up to the cursor.
    pub fn past(&self) -> &[Event<P>] {
        &self.trace[..self.cursor()]
    }

    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Number of events at or before the cursor.
    pub fn cursor(&self) -> usize {
        self.sim.events_emitted() as usize
    }

    pub fn at_end(&self) -> bool {
        self.cursor() == self.trace.len()
    }

    pub fn now(&self) -> SimTime {
        self.sim.now()
    }

    /// One step forward: re-plays a known step if the cursor is in the past, otherwise generates a new one.
    pub fn step(&mut self) -> bool {
        let progressed = if self.at_end() {
            self.sim.step(&mut self.trace, &mut self.violations)
        } else {
            self.scratch_events.clear();
            self.scratch_violations.clear();
            self.sim
                .step(&mut self.scratch_events, &mut self.scratch_violations)
        };
        self.maybe_snapshot();
        progressed
    }

    /// Advances to simulated time `t` (generating new events as needed).
    pub fn run_until(&mut self, t: SimTime) {
        while self.sim.next_time().is_some_and(|next| next <= t) {
            self.step();
        }
        if self.at_end() {
            self.sim.run_until(t, &mut self.trace, &mut self.violations);
        } else {
            // In the past the clock may only move up to the next known event, or the replay would diverge.
            let next_known = self.trace.get(self.cursor()).map(|e| e.time).unwrap_or(t);
            let target = t.min(next_known);
            self.sim.run_until(
                target,
                &mut self.scratch_events,
                &mut self.scratch_violations,
            );
        }
    }

    /// Moves the cursor so that the first `events` events have happened (or up to the end of the step that
    /// emitted the last of them: one step can emit several events). Backward jumps restore a snapshot.
    pub fn seek(&mut self, events: usize) {
        let events = events.min(self.trace.len());
        // snapshots[0] is the initial state, so there is always one at or before the target.
        let k = self
            .snapshots
            .partition_point(|s| s.events_emitted() as usize <= events)
            .saturating_sub(1);
        let snapshot_ahead = self.snapshots[k].events_emitted() as usize > self.cursor();
        if events < self.cursor() || snapshot_ahead {
            self.sim = self.snapshots[k].clone();
        }
        while self.cursor() < events && self.step() {}
    }

    /// Moves the cursor to simulated time `t`: rewinds if `t` is in the past, otherwise plays forward.
    pub fn seek_time(&mut self, t: SimTime) {
        if t < self.sim.now() {
            let n = self.trace.partition_point(|e| e.time <= t);
            self.seek(n);
        }
        self.run_until(t);
    }

    /// Performs a user action at the cursor. In the past, this forks the run: the future is discarded.
    pub fn act(&mut self, action: Action) -> Result<(), Error> {
        self.truncate_future();
        self.sim
            .act(action, &mut self.trace, &mut self.violations)?;
        self.maybe_snapshot();
        Ok(())
    }

    /// Discards everything after the cursor.
    pub fn truncate_future(&mut self) {
        let cursor = self.cursor();
        if cursor < self.trace.len() {
            self.trace.truncate(cursor);
            self.violations.retain(|v| v.event.index() < cursor);
            self.snapshots
                .retain(|s| s.events_emitted() as usize <= cursor);
        }
    }

    fn maybe_snapshot(&mut self) {
        let emitted = self.sim.events_emitted();
        let last = self.snapshots.last().map_or(0, |s| s.events_emitted());
        // Snapshots stay sorted: a new one is always past the last (a replay behind it does not qualify).
        if emitted >= last + SNAPSHOT_EVERY {
            self.snapshots.push(self.sim.clone());
        }
    }

    /// The run so far (up to the cursor) as an exportable trace file.
    pub fn to_trace_file(&self) -> TraceFile<P> {
        let cursor = self.cursor();
        let violations: Vec<Violation> = self
            .violations
            .iter()
            .filter(|v| v.event.index() < cursor)
            .cloned()
            .collect();
        TraceFile::from_run(&self.sim, &self.trace[..cursor], &violations)
    }
}
