//! Seeded random histories: ones a real register produced must pass, corrupted ones must fail, and on tiny
//! histories the WGL search must agree with trying every order.

mod common;

use common::{get, put, Trace};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use splitbrain_check::{check_all, linearizability};
use splitbrain_sim::ping::Ping;
use splitbrain_sim::{ClientOp, ClientOutcome, Event, EventId, EventKind};

#[derive(Clone, Copy, Debug, PartialEq)]
enum End {
    Ok,
    Failed,
    Pending,
}

/// One generated operation, in doubled time units so a linearization point can sit strictly inside.
#[derive(Clone, Debug)]
struct GenOp {
    key: &'static str,
    /// `Some(value)` for a put.
    write: Option<String>,
    /// For a get: what it returned.
    read: Option<String>,
    start: u64,
    end: u64,
    outcome: End,
}

impl GenOp {
    fn is_put(&self) -> bool {
        self.write.is_some()
    }
}

fn to_trace(ops: &[GenOp]) -> Vec<Event<Ping>> {
    let mut t = Trace::new();
    for (i, op) in ops.iter().enumerate() {
        let id = i as u64;
        let request = match &op.write {
            Some(v) => put(op.key, v),
            None => get(op.key),
        };
        t.invoke(id, op.start, request);
        match op.outcome {
            End::Ok => t.ret(
                id,
                op.end,
                ClientOutcome::Ok {
                    value: op.read.clone(),
                },
            ),
            End::Failed => t.ret(id, op.end, ClientOutcome::Failed { attempts: 2 }),
            End::Pending => &mut t,
        };
    }
    t.build()
}

/// Clients run operations against one real register per key, each taking effect at a random instant inside
/// its interval; uncertain puts take effect at some instant after their invocation, or never.
fn simulated(rng: &mut StdRng, n: usize, keys: &[&'static str]) -> Vec<GenOp> {
    let mut ops = Vec::new();
    let mut effects: Vec<(u64, usize)> = Vec::new();
    for i in 0..n {
        let start = rng.random_range(0..40u64) * 2;
        let end = start + rng.random_range(1..12u64) * 2;
        let key = keys[rng.random_range(0..keys.len())];
        let is_put = rng.random_bool(0.5);
        let outcome = match rng.random_range(0..10) {
            0 | 1 => End::Failed,
            2 => End::Pending,
            _ => End::Ok,
        };
        let at = match outcome {
            End::Ok => Some(rng.random_range(start + 1..end)),
            // An unfinished put may still land, even long after the client gave up; an unfinished get is
            // irrelevant, so let it read at any instant too (its result is never shown).
            End::Failed | End::Pending if rng.random_bool(0.5) || !is_put => {
                Some(rng.random_range(start + 1..start + 60))
            }
            _ => None,
        };
        if let Some(at) = at {
            effects.push((at, i));
        }
        ops.push(GenOp {
            key,
            write: is_put.then(|| ["a", "b", "c"][rng.random_range(0..3)].to_string()),
            read: None,
            start,
            end,
            outcome,
        });
    }
    effects.sort();
    let mut register: std::collections::BTreeMap<&str, String> = Default::default();
    for (_, i) in effects {
        let op = &mut ops[i];
        match &op.write {
            Some(v) => {
                register.insert(op.key, v.clone());
            }
            None => op.read = register.get(op.key).cloned(),
        }
    }
    ops
}

/// Anything at all: random intervals, random reads, random outcomes. Mostly not linearizable.
fn arbitrary(rng: &mut StdRng, n: usize) -> Vec<GenOp> {
    (0..n)
        .map(|_| {
            let start = rng.random_range(0..20u64);
            let end = start + rng.random_range(1..8u64);
            let is_put = rng.random_bool(0.5);
            let value = ["a", "b"][rng.random_range(0..2)].to_string();
            let (write, read) = if is_put {
                (Some(value), None)
            } else {
                (None, rng.random_bool(0.8).then_some(value))
            };
            let outcome = match rng.random_range(0..8) {
                0 => End::Failed,
                1 => End::Pending,
                _ => End::Ok,
            };
            GenOp {
                key: "x",
                write,
                read,
                start,
                end,
                outcome,
            }
        })
        .collect()
}

#[test]
fn histories_of_a_real_register_are_always_linearizable() {
    for seed in 0..1_000 {
        let mut rng = StdRng::seed_from_u64(seed);
        let n = rng.random_range(1..40);
        let ops = simulated(&mut rng, n, &["x", "y"]);
        let events = to_trace(&ops);
        let report = check_all(&events);
        assert!(
            report.violations.is_empty(),
            "seed {seed}: {:?}\n{ops:#?}",
            report.violations
        );
        assert!(
            report.stale_reads.is_empty(),
            "seed {seed}: {:?}",
            report.stale_reads
        );
        assert!(report.inconclusive_keys.is_empty(), "seed {seed}");
    }
}

#[test]
fn reading_a_never_written_value_is_always_caught_at_that_read() {
    let mut mutated = 0;
    for seed in 0..1_000 {
        let mut rng = StdRng::seed_from_u64(seed);
        let n = rng.random_range(1..40);
        let mut ops = simulated(&mut rng, n, &["x", "y"]);
        let gets: Vec<usize> = (0..ops.len())
            .filter(|&i| !ops[i].is_put() && ops[i].outcome == End::Ok)
            .collect();
        if gets.is_empty() {
            continue;
        }
        let victim = gets[rng.random_range(0..gets.len())];
        ops[victim].read = Some("never-written".into());
        mutated += 1;
        let events = to_trace(&ops);
        let violations = linearizability::check(&events);
        assert_eq!(violations.len(), 1, "seed {seed}: {violations:?}");
        // The history was fine up to this read, so it is exactly the read that gets the blame.
        assert_eq!(
            violations[0].event,
            common::return_of(&events, victim as u64),
            "seed {seed}"
        );
    }
    assert!(mutated > 900);
}

/// A client operation as the brute-force checker sees it: positions in the trace, `None` for never returned.
#[derive(Clone, Debug)]
struct Plain {
    call: EventId,
    ret: Option<EventId>,
    write: Option<String>,
    read: Option<Option<String>>,
}

/// Reads the history straight off the trace, independently of the crate's own extraction. Gets without a
/// successful return constrain nothing and are dropped.
fn plain_ops(events: &[Event<Ping>]) -> Vec<Plain> {
    let mut ops: std::collections::BTreeMap<u64, Plain> = Default::default();
    for e in events {
        match &e.kind {
            EventKind::ClientInvoke { op, request } => {
                let write = match request {
                    ClientOp::Put { value, .. } => Some(value.clone()),
                    ClientOp::Get { .. } => None,
                };
                ops.insert(
                    op.0,
                    Plain {
                        call: e.id,
                        ret: None,
                        write,
                        read: None,
                    },
                );
            }
            EventKind::ClientReturn {
                op,
                outcome: ClientOutcome::Ok { value },
            } => {
                let p = ops.get_mut(&op.0).unwrap();
                p.ret = Some(e.id);
                if p.write.is_none() {
                    p.read = Some(value.clone());
                }
            }
            _ => {}
        }
    }
    ops.into_values()
        .filter(|p| p.write.is_some() || p.read.is_some())
        .collect()
}

/// Tries every order. An operation may go next only if nothing left had returned before it was invoked;
/// puts that never returned may also simply not happen, so the search succeeds once only they remain.
fn brute_force(ops: &[Plain]) -> bool {
    fn go(ops: &[Plain], done: &mut Vec<bool>, value: Option<String>) -> bool {
        let left: Vec<usize> = (0..ops.len()).filter(|&i| !done[i]).collect();
        if left
            .iter()
            .all(|&i| ops[i].ret.is_none() && ops[i].write.is_some())
        {
            return true;
        }
        for &i in &left {
            let blocked = left
                .iter()
                .any(|&j| ops[j].ret.is_some_and(|r| r < ops[i].call));
            if blocked {
                continue;
            }
            let next = match (&ops[i].write, &ops[i].read) {
                (Some(w), _) => Some(w.clone()),
                (None, Some(r)) if *r == value => value.clone(),
                _ => continue,
            };
            done[i] = true;
            let ok = go(ops, done, next);
            done[i] = false;
            if ok {
                return true;
            }
        }
        false
    }
    go(ops, &mut vec![false; ops.len()], None)
}

/// The history as it stood just after event `cut`: later invocations absent, later returns not yet seen.
fn prefix(ops: &[Plain], cut: EventId) -> Vec<Plain> {
    ops.iter()
        .filter(|p| p.call < cut)
        .filter_map(|p| {
            let mut p = p.clone();
            if p.ret.is_some_and(|r| r > cut) {
                // Not returned yet: a put still may land any time; a get has shown nothing.
                p.write.as_ref()?;
                p.ret = None;
            }
            Some(p)
        })
        .collect()
}

#[test]
fn wgl_agrees_with_brute_force_on_tiny_histories() {
    let (mut good, mut bad) = (0, 0);
    for seed in 0..3_000 {
        let mut rng = StdRng::seed_from_u64(seed);
        let n = rng.random_range(1..=6);
        let ops = if seed % 2 == 0 {
            simulated(&mut rng, n, &["x"])
        } else {
            arbitrary(&mut rng, n)
        };
        let events = to_trace(&ops);
        let plain = plain_ops(&events);
        let mut returns: Vec<EventId> = plain.iter().filter_map(|p| p.ret).collect();
        returns.sort();
        let expected = returns
            .into_iter()
            .find(|&cut| !brute_force(&prefix(&plain, cut)));
        assert_eq!(
            expected.is_none(),
            brute_force(&plain),
            "seed {seed}: prefix-closure"
        );
        let report = check_all(&events);
        assert!(report.inconclusive_keys.is_empty());
        let found = report.violations.first().map(|v| v.event);
        assert_eq!(
            found, expected,
            "seed {seed}: {ops:#?}\n{:?}",
            report.violations
        );
        // A stale read is a special case of a violation.
        assert!(
            report.stale_reads.is_empty() || !report.violations.is_empty(),
            "seed {seed}"
        );
        match expected {
            None => good += 1,
            Some(_) => bad += 1,
        }
    }
    // Both verdicts must be well exercised for the agreement to mean anything.
    eprintln!("good {good}, bad {bad}");
    assert!(good > 1_000 && bad > 500, "good {good}, bad {bad}");
}
