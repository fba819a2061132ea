mod common;

use common::{put, return_of, Trace};
use splitbrain_check::linearizability::{check, check_keys, check_with_budget, INVARIANT};
use splitbrain_check::{check_all_with_budget, KeyOutcome};
use splitbrain_sim::ClientOutcome;

#[test]
fn sequential_history_is_linearizable() {
    let events = Trace::new()
        .get(0, "x", None, 0, 1)
        .put(1, "x", "1", 2, 3)
        .get(2, "x", Some("1"), 4, 5)
        .noise(5)
        .put(3, "x", "2", 6, 7)
        .get(4, "x", Some("2"), 8, 9)
        .build();
    assert!(check(&events).is_empty());
}

#[test]
fn get_concurrent_with_put_may_see_either_value() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .put(1, "x", "2", 10, 20)
        .get(2, "x", Some("1"), 11, 12)
        .get(3, "x", Some("2"), 13, 14)
        .get(4, "x", Some("2"), 15, 25)
        .build();
    assert!(check(&events).is_empty());
}

#[test]
fn concurrent_puts_may_land_in_either_order() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 10)
        .put(1, "x", "2", 1, 11)
        .get(2, "x", Some("1"), 12, 13)
        .get(3, "x", Some("1"), 14, 15)
        .build();
    assert!(check(&events).is_empty());
}

#[test]
fn stale_read_after_completed_write_is_rejected() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .put(7, "x", "2", 2, 3)
        .get(2, "x", Some("1"), 4, 5)
        .build();
    let violations = check(&events);
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].invariant, INVARIANT);
    assert_eq!(violations[0].event, return_of(&events, 2));
    assert_eq!(
        violations[0].message,
        "get x returned \"1\" but \"2\" was written by op7, which completed before this get began \
         (and began after op0's write of \"1\" had completed)"
    );
}

#[test]
fn reading_nothing_after_a_completed_write_is_rejected() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .get(1, "x", None, 2, 3)
        .build();
    let violations = check(&events);
    assert_eq!(violations.len(), 1);
    assert_eq!(
        violations[0].message,
        "get x found no value but \"1\" was written by op0, which completed before this get began"
    );
}

#[test]
fn two_readers_seeing_writes_in_opposite_orders_are_rejected() {
    // Both puts run for the whole history, so each single read is explainable; but reader A sees 1 then 2
    // while reader B sees 2 then 1, and all four reads overlap in a way no single order satisfies.
    let events = Trace::new()
        .put(0, "x", "1", 0, 100)
        .put(1, "x", "2", 0, 100)
        .get(2, "x", Some("1"), 10, 20)
        .get(3, "x", Some("2"), 10, 20)
        .get(4, "x", Some("2"), 30, 40)
        .get(5, "x", Some("1"), 30, 40)
        .build();
    let violations = check(&events);
    assert_eq!(violations.len(), 1);
    // Up to the last read everything is explainable (1, then 2, with both early reads between the puts).
    assert_eq!(violations[0].event, return_of(&events, 5));
    assert_eq!(
        violations[0].message,
        "get x returned \"1\", and no order of the operations on x that respects real time explains this \
         result together with the results returned before it"
    );
}

#[test]
fn register_running_backwards_is_explained() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .put(1, "x", "2", 2, 100)
        .get(2, "x", Some("2"), 3, 4)
        .get(3, "x", Some("1"), 5, 6)
        .build();
    let violations = check(&events);
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].event, return_of(&events, 3));
    assert_eq!(
        violations[0].message,
        "get x returned \"1\", but op2, a get that completed before this one began, had already returned \
         \"2\", which was written after \"1\""
    );
}

#[test]
fn invented_values_are_rejected() {
    let never = Trace::new()
        .put(0, "x", "1", 0, 1)
        .get(1, "x", Some("9"), 2, 3)
        .build();
    let v = check(&never);
    assert_eq!(v.len(), 1);
    assert_eq!(
        v[0].message,
        "get x returned \"9\", but no put ever wrote \"9\" to x"
    );

    let future = Trace::new()
        .get(1, "x", Some("9"), 0, 1)
        .put(0, "x", "9", 2, 3)
        .build();
    let v = check(&future);
    assert_eq!(v.len(), 1);
    assert_eq!(
        v[0].message,
        "get x returned \"9\" before any put of \"9\" had begun (op0 began only later)"
    );
}

#[test]
fn failed_put_may_take_effect_late() {
    // The put of 2 failed before the put of 1 even started, yet a retry stuck in a log can still apply it.
    let events = Trace::new()
        .failed_put(0, "x", "2", 0, 1)
        .put(1, "x", "1", 2, 3)
        .get(2, "x", Some("1"), 4, 5)
        .get(3, "x", Some("2"), 6, 7)
        .build();
    assert!(check(&events).is_empty());
}

#[test]
fn failed_put_may_never_take_effect() {
    let events = Trace::new()
        .failed_put(0, "x", "1", 0, 1)
        .get(1, "x", None, 2, 3)
        .build();
    assert!(check(&events).is_empty());
}

#[test]
fn failed_put_cannot_take_effect_before_it_was_invoked() {
    let events = Trace::new()
        .get(1, "x", Some("1"), 0, 1)
        .failed_put(0, "x", "1", 2, 3)
        .build();
    assert_eq!(check(&events).len(), 1);
}

#[test]
fn failed_put_takes_effect_at_most_once() {
    // Seen, then overwritten, then seen again: one application cannot do that.
    let events = Trace::new()
        .failed_put(0, "x", "1", 0, 1)
        .get(1, "x", Some("1"), 2, 3)
        .put(2, "x", "2", 4, 5)
        .get(3, "x", Some("1"), 6, 7)
        .build();
    let v = check(&events);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].event, return_of(&events, 3));
}

#[test]
fn pending_put_behaves_like_a_failed_one() {
    let events = Trace::new()
        .invoke(0, 0, put("x", "1"))
        .get(1, "x", None, 1, 2)
        .get(2, "x", Some("1"), 3, 4)
        .build();
    assert!(check(&events).is_empty());
}

#[test]
fn failed_and_pending_gets_are_ignored() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .failed_get(1, "x", 2, 3)
        .invoke(2, 4, common::get("x"))
        .build();
    assert!(check(&events).is_empty());
    // A get that "failed" but carried a value is still ignored: the client never saw it.
    let mut t = Trace::new();
    t.put(0, "x", "1", 0, 1).invoke(1, 2, common::get("x")).ret(
        1,
        3,
        ClientOutcome::Failed { attempts: 1 },
    );
    assert!(check(&t.build()).is_empty());
}

#[test]
fn keys_are_checked_independently() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .put(1, "y", "1", 0, 1)
        .put(2, "y", "2", 2, 3)
        .get(3, "x", Some("1"), 4, 5)
        .get(4, "y", Some("1"), 4, 5)
        .build();
    let verdicts = check_keys(&events, 1000);
    assert_eq!(verdicts.len(), 2);
    assert_eq!(verdicts[0].key, "x");
    assert_eq!(verdicts[0].outcome, KeyOutcome::Linearizable);
    assert_eq!(verdicts[1].key, "y");
    let KeyOutcome::NotLinearizable { violation } = &verdicts[1].outcome else {
        panic!("y must fail: {:?}", verdicts[1]);
    };
    assert_eq!(violation.event, return_of(&events, 4));
}

#[test]
fn violation_is_pinned_to_the_first_return_that_breaks_the_history() {
    // op3 is the first bad read by return time even though op2, invoked earlier, is bad too and returns later.
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .put(1, "x", "2", 2, 3)
        .get(2, "x", Some("1"), 4, 30)
        .get(3, "x", Some("1"), 5, 6)
        .get(4, "x", Some("2"), 7, 8)
        .build();
    let v = check(&events);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].event, return_of(&events, 3));
}

/// Overlapping puts of distinct values, then two reads after all of them that disagree about which landed
/// last: the search must try the orders of the puts before it can say no.
fn hard_history() -> Vec<splitbrain_sim::Event<splitbrain_sim::ping::Ping>> {
    let mut t = Trace::new();
    for i in 0..6 {
        t.put(i, "x", &i.to_string(), i, 1000 + i);
        t.get(100 + i, "x", Some(&i.to_string()), 10 + i, 900);
    }
    t.get(200, "x", Some("0"), 1100, 1101);
    t.get(201, "x", Some("1"), 1102, 1103);
    t.build()
}

#[test]
fn budget_exhaustion_is_inconclusive_not_a_violation() {
    let events = hard_history();
    assert!(check_with_budget(&events, 10).is_empty());
    let verdicts = check_keys(&events, 10);
    assert_eq!(verdicts[0].outcome, KeyOutcome::Inconclusive { budget: 10 });
    let report = check_all_with_budget(&events, 10);
    assert!(report.violations.is_empty());
    assert_eq!(report.inconclusive_keys, vec!["x".to_string()]);
    // With enough budget the same history has a definite verdict.
    let report = check_all_with_budget(&events, splitbrain_check::DEFAULT_BUDGET);
    assert!(report.inconclusive_keys.is_empty());
    assert_eq!(report.violations.len(), 1);
}
