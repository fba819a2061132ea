//! Realistic long histories must be decided with little search. Budgets, not wall-clock times, are asserted
//! so the tests are deterministic on a busy machine; the times are printed for information.

mod common;

use common::Trace;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use splitbrain_check::linearizability::check_keys;
use splitbrain_check::KeyOutcome;
use splitbrain_sim::ping::Ping;
use splitbrain_sim::Event;

#[derive(Clone, Copy, Debug)]
enum Corruption {
    None,
    /// The last get returns a value nobody wrote.
    Invented,
    /// The last get returns the first value whose put completed, long overwritten: the typical protocol bug.
    Stale,
}

/// About 400 operations on one key from `clients` clients issuing back-to-back operations against a real
/// register (each op takes effect mid-interval); `failed_pct` of the puts fail (and take effect anyway).
fn history(clients: u64, failed_pct: u64, corruption: Corruption) -> Vec<Event<Ping>> {
    let mut rng = StdRng::seed_from_u64(clients * 100 + failed_pct);
    let mut log = Vec::new(); // (effect, op, is_put, start, end, failed)
    for client in 0..clients {
        let mut now = client * 3;
        for k in 0..400 / clients {
            let len = rng.random_range(2..30u64);
            let failed = rng.random_range(0..100) < failed_pct;
            log.push((
                now * 2 + len,
                client * 1000 + k,
                rng.random_bool(0.4),
                now,
                now + len,
                failed,
            ));
            now += len + rng.random_range(1..5u64);
        }
    }
    log.sort();
    let last_get = log.iter().rev().find(|l| !l.2).map(|l| l.1);
    let first_value = log
        .iter()
        .find(|l| l.2 && !l.5)
        .map(|l| format!("v{}", l.1));
    let mut t = Trace::new();
    let mut value: Option<String> = None;
    for (_, op, is_put, start, end, failed) in log {
        let (start, end) = (start * 2, end * 2);
        if is_put {
            let v = format!("v{op}");
            if failed {
                t.failed_put(op, "x", &v, start, end);
            } else {
                t.put(op, "x", &v, start, end);
            }
            value = Some(v);
        } else {
            let read = match corruption {
                Corruption::Invented if Some(op) == last_get => Some("bogus".to_string()),
                Corruption::Stale if Some(op) == last_get => first_value.clone(),
                _ => value.clone(),
            };
            t.get(op, "x", read.as_deref(), start, end);
        }
    }
    t.build()
}

fn verdict(clients: u64, failed_pct: u64, corruption: Corruption, budget: u64) -> KeyOutcome {
    let events = history(clients, failed_pct, corruption);
    let start = std::time::Instant::now();
    let outcome = check_keys(&events, budget).remove(0).outcome;
    eprintln!(
        "{clients} clients, {failed_pct}% failed, {corruption:?}: {:?}",
        start.elapsed()
    );
    outcome
}

const BUDGET: u64 = 50_000;

#[test]
fn correct_histories_pass_within_a_small_budget() {
    for (clients, failed) in [(4, 0), (8, 0), (8, 10), (16, 5)] {
        assert_eq!(
            verdict(clients, failed, Corruption::None, BUDGET),
            KeyOutcome::Linearizable
        );
    }
}

#[test]
fn corrupted_histories_fail_within_a_small_budget() {
    for (clients, failed) in [(4, 0), (8, 0), (8, 10), (16, 5)] {
        for corruption in [Corruption::Invented, Corruption::Stale] {
            let outcome = verdict(clients, failed, corruption, BUDGET);
            assert!(
                matches!(outcome, KeyOutcome::NotLinearizable { .. }),
                "{clients} {failed} {corruption:?}: {outcome:?}"
            );
        }
    }
}
