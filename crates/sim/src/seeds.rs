//! Running a sweep's seeds, written once for every protocol's sweep test: all seeds in parallel on the
//! machine's cores with the failures collected and reported with a replay command, or seeds in order until
//! a teaching mutant is caught. Wall-clock time is measured only to report it (never on a simulated path).
//! Native tests only: the browser build compiles it (`wasm-pack test` builds every test target) but has no
//! threads to run it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What one seed's run found.
#[derive(Clone, Debug, Default)]
pub struct SeedRun {
    /// The first thing that went wrong ("Agreement at event 41: …"), if anything did.
    pub failure: Option<String>,
    /// Events simulated, for the report.
    pub events: u64,
    /// The sweep's own worst-case measure (the slowest convergence after the heal, in ms, say).
    pub worst: u64,
    /// Something the sweep adds up over its seeds (false suspicions, seeds judged for liveness, say).
    pub count: u64,
    /// Something found that is not a failure but is measured (a disagreement the lesson expects, say).
    pub note: Option<String>,
}

/// What a whole sweep found.
#[derive(Clone, Debug)]
pub struct Swept {
    pub seeds: u64,
    /// (seed, what went wrong), in seed order.
    pub failures: Vec<(u64, String)>,
    pub events: u64,
    pub worst: u64,
    /// The sum of every seed's `count`.
    pub count: u64,
    /// (seed, its `note`), in seed order.
    pub notes: Vec<(u64, String)>,
    pub elapsed: Duration,
}

/// Runs seeds `0..seeds` on up to four threads.
pub fn run_seeds(seeds: u64, run: impl Fn(u64) -> SeedRun + Sync) -> Swept {
    let start = Instant::now();
    let next = AtomicU64::new(0);
    let events = AtomicU64::new(0);
    let worst = AtomicU64::new(0);
    let count = AtomicU64::new(0);
    let failures = Mutex::new(Vec::new());
    let notes = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(4);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let seed = next.fetch_add(1, Ordering::Relaxed);
                if seed >= seeds {
                    break;
                }
                let found = run(seed);
                events.fetch_add(found.events, Ordering::Relaxed);
                worst.fetch_max(found.worst, Ordering::Relaxed);
                count.fetch_add(found.count, Ordering::Relaxed);
                if let Some(what) = found.failure {
                    failures
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((seed, what));
                }
                if let Some(note) = found.note {
                    notes
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((seed, note));
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort();
    let mut notes = notes.into_inner().unwrap_or_else(|e| e.into_inner());
    notes.sort();
    Swept {
        seeds,
        failures,
        events: events.into_inner(),
        worst: worst.into_inner(),
        count: count.into_inner(),
        notes,
        elapsed: start.elapsed(),
    }
}

impl Swept {
    /// Prints the sweep's line (`name: N seeds, E events, F failing, in S s` and `extra`), and fails with
    /// the first ten failures and how to replay the first: `replay` is the command, given `SEED=n` first.
    pub fn assert_clean(&self, name: &str, extra: &str, replay: &str) {
        println!(
            "{name}: {} seeds, {} events, {} failing, in {:.1} s{}{extra}",
            self.seeds,
            self.events,
            self.failures.len(),
            self.elapsed.as_secs_f64(),
            if extra.is_empty() { "" } else { "; " },
        );
        if let Some((seed, what)) = self.failures.first() {
            for (s, w) in self.failures.iter().take(10) {
                println!("  seed={s}: {w}");
            }
            panic!(
                "{name}: {} of {} seeds failed; first: {what} — replay with SEED={seed} {replay}",
                self.failures.len(),
                self.seeds
            );
        }
    }
}

/// Runs seeds in order until three of them catch the mutant (or `limit` seeds ran), prints how many it
/// took (and how long), and fails if none did. `run` says what a seed caught, if anything.
pub fn assert_caught(name: &str, limit: u64, run: impl Fn(u64) -> Option<String>) -> Vec<u64> {
    assert_caught_n(name, limit, 3, run)
}

/// [`assert_caught`], stopping once `wanted` seeds caught the mutant (1: at the first catch).
pub fn assert_caught_n(
    name: &str,
    limit: u64,
    wanted: usize,
    run: impl Fn(u64) -> Option<String>,
) -> Vec<u64> {
    let start = Instant::now();
    let mut caught = Vec::new();
    for seed in 0..limit {
        if let Some(what) = run(seed) {
            caught.push((seed, what));
            if caught.len() >= wanted {
                break;
            }
        }
    }
    let Some((first, what)) = caught.first() else {
        panic!("mutant {name} not caught in {limit} seeds");
    };
    let seeds: Vec<u64> = caught.iter().map(|(s, _)| *s).collect();
    println!(
        "mutant {name}: caught at seed {first} ({} seeds run), also seeds {seeds:?}, in {:.1} s: {what}",
        first + 1,
        start.elapsed().as_secs_f64()
    );
    seeds
}

/// The seed and configuration a sweep's `replay` test was asked for: `SEED` (default 0) and `CONFIG`
/// (default `default`).
pub fn replay_request(default: &str) -> (u64, String) {
    let seed = std::env::var("SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let config = std::env::var("CONFIG").unwrap_or_else(|_| default.to_string());
    (seed, config)
}

/// Prints a replayed run, one line per event (`id time node kind-as-JSON`): its notes, faults and client
/// events, and its messages too when `MSGS` is set. Timer firings are left out.
pub fn print_events<P: crate::Protocol>(events: &[crate::Event<P>]) {
    let messages = std::env::var("MSGS").is_ok();
    for e in events {
        let show = match &e.kind {
            crate::EventKind::Send { .. } | crate::EventKind::Deliver { .. } => messages,
            crate::EventKind::TimerFired { .. } => false,
            _ => true,
        };
        if show {
            let node = e.node.map(|n| n.to_string()).unwrap_or_default();
            let kind = serde_json::to_string(&e.kind).unwrap_or_else(|e| e.to_string());
            println!("{} {} {node} {kind}", e.id, e.time);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_runs_once_and_failures_come_back_in_seed_order() {
        let swept = run_seeds(100, |seed| SeedRun {
            failure: (seed % 30 == 7).then(|| format!("bad {seed}")),
            events: 2,
            worst: seed,
            count: seed % 2,
            note: (seed % 25 == 3).then(|| format!("note {seed}")),
        });
        assert_eq!(swept.events, 200);
        assert_eq!(swept.worst, 99);
        assert_eq!(swept.count, 50);
        let seeds: Vec<u64> = swept.failures.iter().map(|f| f.0).collect();
        assert_eq!(seeds, vec![7, 37, 67, 97]);
        let noted: Vec<u64> = swept.notes.iter().map(|n| n.0).collect();
        assert_eq!(noted, vec![3, 28, 53, 78]);
    }

    #[test]
    #[should_panic(expected = "replay with SEED=7 cargo test")]
    fn a_failing_sweep_names_the_seed_to_replay() {
        run_seeds(10, |seed| SeedRun {
            failure: (seed == 7).then(|| "bad".into()),
            ..SeedRun::default()
        })
        .assert_clean("demo", "", "cargo test");
    }

    #[test]
    fn a_mutant_is_caught_by_the_first_three_seeds_that_catch_it() {
        let seeds = assert_caught("demo", 100, |seed| (seed % 4 == 1).then(|| "caught".into()));
        assert_eq!(seeds, vec![1, 5, 9]);
    }

    #[test]
    fn a_mutant_can_be_wanted_caught_just_once() {
        let runs = std::cell::Cell::new(0);
        let seeds = assert_caught_n("demo", 100, 1, |seed| {
            runs.set(runs.get() + 1);
            (seed % 4 == 1).then(|| "caught".into())
        });
        assert_eq!(seeds, vec![1]);
        assert_eq!(runs.get(), 2);
    }

    #[test]
    #[should_panic(expected = "not caught in 50 seeds")]
    fn an_uncaught_mutant_fails() {
        assert_caught("demo", 50, |_| None);
    }
}
