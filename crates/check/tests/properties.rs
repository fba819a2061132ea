//! Seeded random histories: ones a real register produced must pass, corrupted ones must fail, and on tiny
//! histories the WGL search must agree with trying every order.

mod common;

use common::{cas, get, put, Trace};
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
    Rejected,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Put(String),
    Get,
    Cas(String, String),
}

/// One generated operation, in doubled time units so a linearization point can sit strictly inside.
#[derive(Clone, Debug)]
struct GenOp {
    key: &'static str,
    kind: Kind,
    /// For a get: what it returned.
    read: Option<String>,
    start: u64,
    end: u64,
    outcome: End,
}

fn to_trace(ops: &[GenOp]) -> Vec<Event<Ping>> {
    let mut t = Trace::new();
    for (i, op) in ops.iter().enumerate() {
        let id = i as u64;
        let request = match &op.kind {
            Kind::Put(v) => put(op.key, v),
            Kind::Get => get(op.key),
            Kind::Cas(e, n) => cas(op.key, e, n),
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
            End::Rejected => t.ret(id, op.end, common::rejected()),
            End::Pending => &mut t,
        };
    }
    t.build()
}

const VALUES: [&str; 3] = ["a", "b", "c"];

fn value(rng: &mut StdRng, of: usize) -> String {
    VALUES[rng.random_range(0..of)].to_string()
}

/// Clients run operations against one real register per key, each taking effect at a random instant inside
/// its interval; uncertain puts and cas take effect at some instant after their invocation, or never. A cas
/// that finds another value is refused (and its client told so, unless it had already given up); a few puts
/// and gets are refused outright and do nothing.
fn simulated(rng: &mut StdRng, n: usize, keys: &[&'static str]) -> Vec<GenOp> {
    let mut ops = Vec::new();
    let mut effects: Vec<(u64, usize)> = Vec::new();
    for i in 0..n {
        let start = rng.random_range(0..40u64) * 2;
        let end = start + rng.random_range(1..12u64) * 2;
        let key = keys[rng.random_range(0..keys.len())];
        let kind = match rng.random_range(0..8) {
            0..=2 => Kind::Put(value(rng, 3)),
            3..=5 => Kind::Get,
            _ => Kind::Cas(value(rng, 3), value(rng, 3)),
        };
        let outcome = match rng.random_range(0..20) {
            0..=3 => End::Failed,
            4 | 5 => End::Pending,
            // Refusing a cas is for the register to decide, below.
            6 if !matches!(kind, Kind::Cas(..)) => End::Rejected,
            _ => End::Ok,
        };
        let at = match outcome {
            End::Ok => Some(rng.random_range(start + 1..end)),
            End::Rejected => None,
            // An unfinished write may still land, even long after the client gave up; an unfinished get is
            // irrelevant, so let it read at any instant too (its result is never shown).
            End::Failed | End::Pending if rng.random_bool(0.5) || kind == Kind::Get => {
                Some(rng.random_range(start + 1..start + 60))
            }
            _ => None,
        };
        if let Some(at) = at {
            effects.push((at, i));
        }
        ops.push(GenOp {
            key,
            kind,
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
        match &op.kind {
            Kind::Put(v) => {
                register.insert(op.key, v.clone());
            }
            Kind::Get => op.read = register.get(op.key).cloned(),
            Kind::Cas(e, n) if register.get(op.key) == Some(e) => {
                register.insert(op.key, n.clone());
            }
            Kind::Cas(..) if op.outcome == End::Ok => op.outcome = End::Rejected,
            Kind::Cas(..) => {}
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
            let (kind, read) = match rng.random_range(0..3) {
                0 => (Kind::Put(value(rng, 2)), None),
                1 => (Kind::Get, rng.random_bool(0.8).then(|| value(rng, 2))),
                _ => (Kind::Cas(value(rng, 2), value(rng, 2)), None),
            };
            let outcome = match rng.random_range(0..10) {
                0 => End::Failed,
                1 => End::Pending,
                2 | 3 => End::Rejected,
                _ => End::Ok,
            };
            GenOp {
                key: "x",
                kind,
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
    let mut cas_seen = [0; 3]; // succeeded, refused, unknown
    for seed in 0..1_000 {
        let mut rng = StdRng::seed_from_u64(seed);
        let n = rng.random_range(1..40);
        let ops = simulated(&mut rng, n, &["x", "y"]);
        for op in ops.iter().filter(|o| matches!(o.kind, Kind::Cas(..))) {
            cas_seen[match op.outcome {
                End::Ok => 0,
                End::Rejected => 1,
                End::Failed | End::Pending => 2,
            }] += 1;
        }
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
    assert!(cas_seen.iter().all(|&c| c > 500), "{cas_seen:?}");
}

#[test]
fn reading_a_never_written_value_is_always_caught_at_that_read() {
    let mut mutated = 0;
    for seed in 0..1_000 {
        let mut rng = StdRng::seed_from_u64(seed);
        let n = rng.random_range(1..40);
        let mut ops = simulated(&mut rng, n, &["x", "y"]);
        let gets: Vec<usize> = (0..ops.len())
            .filter(|&i| ops[i].kind == Kind::Get && ops[i].outcome == End::Ok)
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

/// What an operation does to the register, as the brute-force checker sees it.
#[derive(Clone, Debug)]
enum Effect {
    Write(String),
    Read(Option<String>),
    Cas(String, String),
    /// A refused cas: the register held anything but this.
    Not(String),
}

/// A client operation as the brute-force checker sees it: positions in the trace, `None` for never returned.
#[derive(Clone, Debug)]
struct Plain {
    call: EventId,
    ret: Option<EventId>,
    effect: Effect,
}

/// Reads the history straight off the trace, independently of the crate's own extraction. Gets without a
/// successful return constrain nothing and are dropped; so are refused puts and gets, which did nothing.
fn plain_ops(events: &[Event<Ping>]) -> Vec<Plain> {
    let mut ops: std::collections::BTreeMap<
        u64,
        (EventId, &ClientOp, Option<&ClientOutcome>, EventId),
    > = Default::default();
    for e in events {
        match &e.kind {
            EventKind::ClientInvoke { op, request, .. } => {
                ops.insert(op.0, (e.id, request, None, e.id));
            }
            EventKind::ClientReturn { op, outcome } => {
                let entry = ops.get_mut(&op.0).unwrap();
                entry.2 = Some(outcome);
                entry.3 = e.id;
            }
            _ => {}
        }
    }
    ops.into_values()
        .filter_map(|(call, request, outcome, at)| {
            let (effect, ret) = match (request, outcome) {
                (ClientOp::Get { .. }, Some(ClientOutcome::Ok { value })) => {
                    (Effect::Read(value.clone()), Some(at))
                }
                // Transactions and messages are no register operations: the history leaves them out too.
                (
                    ClientOp::Get { .. }
                    | ClientOp::Txn { .. }
                    | ClientOp::Send { .. }
                    | ClientOp::Increment { .. }
                    | ClientOp::Decrement { .. }
                    | ClientOp::Add { .. }
                    | ClientOp::Remove { .. },
                    _,
                )
                | (ClientOp::Put { .. }, Some(ClientOutcome::Rejected { .. })) => return None,
                (ClientOp::Cas { expected, .. }, Some(ClientOutcome::Rejected { .. })) => {
                    (Effect::Not(expected.clone()), Some(at))
                }
                (ClientOp::Put { value, .. }, o) => (Effect::Write(value.clone()), ok_at(o, at)),
                (ClientOp::Cas { expected, new, .. }, o) => {
                    (Effect::Cas(expected.clone(), new.clone()), ok_at(o, at))
                }
            };
            Some(Plain { call, ret, effect })
        })
        .collect()
}

fn ok_at(outcome: Option<&ClientOutcome>, at: EventId) -> Option<EventId> {
    matches!(outcome, Some(ClientOutcome::Ok { .. })).then_some(at)
}

/// Tries every order. An operation may go next only if nothing left had returned before it was invoked;
/// operations that never returned may also simply not happen, so the search succeeds once only they remain.
fn brute_force(ops: &[Plain]) -> bool {
    fn go(ops: &[Plain], done: &mut Vec<bool>, value: Option<String>) -> bool {
        let left: Vec<usize> = (0..ops.len()).filter(|&i| !done[i]).collect();
        if left.iter().all(|&i| ops[i].ret.is_none()) {
            return true;
        }
        for &i in &left {
            let blocked = left
                .iter()
                .any(|&j| ops[j].ret.is_some_and(|r| r < ops[i].call));
            if blocked {
                continue;
            }
            let next = match &ops[i].effect {
                Effect::Write(w) => Some(w.clone()),
                Effect::Read(r) if *r == value => value.clone(),
                Effect::Cas(e, n) if value.as_ref() == Some(e) => Some(n.clone()),
                Effect::Not(e) if value.as_ref() != Some(e) => value.clone(),
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
                // Not returned yet: a write or cas may still land any time, or never; a read showed nothing.
                if matches!(p.effect, Effect::Read(_) | Effect::Not(_)) {
                    return None;
                }
                p.ret = None;
            }
            Some(p)
        })
        .collect()
}

#[test]
fn wgl_agrees_with_brute_force_on_tiny_histories() {
    let (mut good, mut bad) = (0, 0);
    // Histories with a successful, a refused and an unknown cas, and ones whose first failure is at a cas.
    let mut with_cas = [0; 4];
    for seed in 0..4_000 {
        let mut rng = StdRng::seed_from_u64(seed);
        let n = rng.random_range(1..=7);
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
        let has = |f: &dyn Fn(&Plain) -> bool| plain.iter().any(f);
        let counts = [
            has(&|p| matches!(p.effect, Effect::Cas(..)) && p.ret.is_some()),
            has(&|p| matches!(p.effect, Effect::Not(_))),
            has(&|p| matches!(p.effect, Effect::Cas(..)) && p.ret.is_none()),
            plain.iter().any(|p| {
                matches!(p.effect, Effect::Cas(..) | Effect::Not(_))
                    && p.ret.is_some()
                    && p.ret == expected
            }),
        ];
        for (n, c) in with_cas.iter_mut().zip(counts) {
            *n += c as u32;
        }
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
    eprintln!("good {good}, bad {bad}, cas {with_cas:?}");
    assert!(good > 1_300 && bad > 700, "good {good}, bad {bad}");
    assert!(with_cas.iter().all(|&n| n > 300), "{with_cas:?}");
}
