//! Compare-and-set histories: what a successful, a rejected and an unknown cas each allow.

mod common;

use common::{return_of, Trace};
use splitbrain_check::linearizability::{check, check_keys};
use splitbrain_check::{check_all, check_all_with_budget, KeyOutcome, DEFAULT_BUDGET};

#[test]
fn sequential_cas_chain_is_linearizable() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .cas(1, "x", ("1", "2"), 2, 3)
        .cas(2, "x", ("2", "3"), 4, 5)
        .get(3, "x", Some("3"), 6, 7)
        .build();
    assert!(check(&events).is_empty());
}

#[test]
fn concurrent_cas_from_the_same_value_one_wins_the_other_is_rejected() {
    for (winner_end, loser_end) in [(10, 9), (9, 10)] {
        let events = Trace::new()
            .put(0, "x", "1", 0, 1)
            .cas(1, "x", ("1", "2"), 2, winner_end)
            .rejected_cas(2, "x", ("1", "3"), 3, loser_end)
            .get(3, "x", Some("2"), 11, 12)
            .build();
        assert!(check(&events).is_empty(), "{winner_end} {loser_end}");
    }
}

#[test]
fn two_successful_cas_from_the_same_value_are_a_violation() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .cas(1, "x", ("1", "2"), 2, 10)
        .cas(2, "x", ("1", "3"), 3, 11)
        .build();
    let v = check(&events);
    assert_eq!(v.len(), 1);
    // Until the second one returned, it might still have been going to fail.
    assert_eq!(v[0].event, return_of(&events, 2));
    assert_eq!(
        v[0].message,
        "cas x 1→3 succeeded, but so did op1's cas x 1→2, and only op0 ever wrote \"1\", so whichever went \
         second cannot have found it"
    );
}

#[test]
fn two_successful_cas_from_the_same_value_are_fine_if_it_was_written_twice() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .cas(1, "x", ("1", "2"), 2, 10)
        .put(2, "x", "1", 2, 10)
        .cas(3, "x", ("1", "3"), 3, 11)
        .build();
    assert!(check(&events).is_empty());
}

#[test]
fn cas_expecting_a_value_never_written_is_a_violation() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .cas(1, "x", ("9", "2"), 2, 3)
        .build();
    let v = check(&events);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].event, return_of(&events, 1));
    assert_eq!(
        v[0].message,
        "cas x 9→2 succeeded, but no other put or cas ever wrote \"9\" to x"
    );
    // Its own write of the value comes too late to count.
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .cas(1, "x", ("9", "9"), 2, 3)
        .build();
    assert_eq!(
        check(&events)[0].message,
        "cas x 9→9 succeeded, but no other put or cas ever wrote \"9\" to x"
    );
}

#[test]
fn cas_on_a_missing_key_cannot_succeed() {
    let events = Trace::new().cas(0, "x", ("1", "2"), 0, 1).build();
    assert_eq!(check(&events).len(), 1);
    let events = Trace::new().rejected_cas(0, "x", ("1", "2"), 0, 1).build();
    assert!(check(&events).is_empty());
}

#[test]
fn cas_on_an_overwritten_value_is_a_violation() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .put(1, "x", "2", 2, 3)
        .cas(2, "x", ("1", "3"), 4, 5)
        .build();
    let report = check_all(&events);
    assert_eq!(report.violations.len(), 1);
    assert_eq!(report.violations[0].event, return_of(&events, 2));
    assert_eq!(
        report.violations[0].message,
        "cas x 1→3 succeeded but \"2\" was written by op1, which completed before this cas began (and began \
         after op0's write of \"1\" had completed)"
    );
    // Not a get, so not what the timeline calls a stale read.
    assert!(report.stale_reads.is_empty());
}

#[test]
fn cas_writing_back_its_expected_value_does_not_explain_itself() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .put(1, "x", "2", 2, 3)
        .cas(2, "x", ("1", "1"), 4, 5)
        .build();
    let v = check(&events);
    assert_eq!(v.len(), 1);
    assert_eq!(
        v[0].message,
        "cas x 1→1 succeeded but \"2\" was written by op1, which completed before this cas began (and began \
         after op0's write of \"1\" had completed)"
    );
}

#[test]
fn rejected_cas_is_not_a_write() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .rejected_cas(1, "x", ("5", "2"), 2, 3)
        .get(2, "x", Some("2"), 4, 5)
        .build();
    let v = check(&events);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].event, return_of(&events, 2));
    assert_eq!(
        v[0].message,
        "get x returned \"2\", but no put or cas ever wrote \"2\" to x (op1's cas x 5→2 was rejected, so it \
         wrote nothing)"
    );
}

#[test]
fn rejected_cas_while_the_key_held_its_expected_value_is_a_violation() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .rejected_cas(1, "x", ("1", "2"), 2, 3)
        .build();
    let v = check(&events);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].event, return_of(&events, 1));
    assert_eq!(
        v[0].message,
        "cas x 1→2 was rejected (so x did not hold \"1\"), but op0 wrote \"1\", completing before this cas \
         began, and no other write of x could have landed before the cas returned"
    );
}

#[test]
fn rejected_cas_is_explained_by_any_write_that_may_have_landed() {
    // A concurrent put of 3, or a failed one that may land at any time, explains the refusal.
    let concurrent = Trace::new()
        .put(0, "x", "1", 0, 1)
        .put(1, "x", "3", 2, 10)
        .rejected_cas(2, "x", ("1", "2"), 3, 4)
        .build();
    assert!(check(&concurrent).is_empty());
    let failed = Trace::new()
        .put(0, "x", "1", 0, 1)
        .failed_put(1, "x", "3", 2, 3)
        .rejected_cas(2, "x", ("1", "2"), 4, 5)
        .get(3, "x", Some("3"), 6, 7)
        .build();
    assert!(check(&failed).is_empty());
    // But the refusal pins it down: the register cannot then go back to 1.
    let back = Trace::new()
        .put(0, "x", "1", 0, 1)
        .failed_put(1, "x", "3", 2, 3)
        .rejected_cas(2, "x", ("1", "2"), 4, 5)
        .get(3, "x", Some("1"), 6, 7)
        .build();
    let v = check(&back);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].event, return_of(&back, 3));
}

#[test]
fn timed_out_cas_whose_effect_is_seen_is_linearizable() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .failed_cas(1, "x", ("1", "2"), 2, 3)
        .get(2, "x", Some("1"), 4, 5)
        .get(3, "x", Some("2"), 6, 7)
        .build();
    assert!(check(&events).is_empty());
}

#[test]
fn timed_out_cas_whose_effect_is_never_seen_is_linearizable() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .failed_cas(1, "x", ("1", "2"), 2, 3)
        .get(2, "x", Some("1"), 4, 5)
        .put(3, "x", "3", 6, 7)
        .rejected_cas(4, "x", ("1", "4"), 8, 9)
        .get(5, "x", Some("3"), 10, 11)
        .build();
    assert!(check(&events).is_empty());
    let pending = Trace::new()
        .put(0, "x", "1", 0, 1)
        .invoke(1, 2, common::cas("x", "1", "2"))
        .get(2, "x", Some("1"), 4, 5)
        .build();
    assert!(check(&pending).is_empty());
}

#[test]
fn timed_out_cas_takes_effect_only_from_its_expected_value() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .failed_cas(1, "x", ("5", "2"), 2, 3)
        .get(2, "x", Some("2"), 4, 5)
        .build();
    let v = check(&events);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].event, return_of(&events, 2));
}

#[test]
fn timed_out_cas_takes_effect_at_most_once() {
    // Seen, then 1 written again, then 2 seen again: the cas would have to apply twice.
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .failed_cas(1, "x", ("1", "2"), 2, 3)
        .get(2, "x", Some("2"), 4, 5)
        .put(3, "x", "1", 6, 7)
        .get(4, "x", Some("2"), 8, 9)
        .build();
    let v = check(&events);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].event, return_of(&events, 4));
}

/// Six cas 1→2 and six cas 2→1, all concurrent: any alternation explains them, which the search only finds
/// out by exploring the orders of each kind (thousands of states), and the final read of 2 contradicts every
/// order, since an even number of flips leaves 1.
fn flip_flop() -> Vec<splitbrain_sim::Event<splitbrain_sim::ping::Ping>> {
    let mut t = Trace::new();
    t.put(0, "x", "1", 0, 1);
    for i in 0..6 {
        t.cas(1 + i, "x", ("1", "2"), 10 + i, 1000 + i);
        t.cas(100 + i, "x", ("2", "1"), 10 + i, 1000 + i);
        t.rejected_cas(200 + i, "x", ("3", "4"), 20 + i, 990);
    }
    t.get(300, "x", Some("2"), 1100, 1101);
    t.build()
}

#[test]
fn adversarial_cas_history_out_of_budget_is_inconclusive_never_linearizable() {
    let events = flip_flop();
    for budget in [1, 10, 100, 1_000] {
        let verdict = check_keys(&events, budget).remove(0).outcome;
        assert_eq!(
            verdict,
            KeyOutcome::Inconclusive { budget },
            "budget {budget}"
        );
        let report = check_all_with_budget(&events, budget);
        assert!(report.violations.is_empty());
        assert_eq!(report.inconclusive_keys, vec!["x".to_string()]);
    }
    // With enough budget it has a definite verdict, pinned to the read.
    let report = check_all_with_budget(&events, DEFAULT_BUDGET);
    assert!(report.inconclusive_keys.is_empty());
    assert_eq!(report.violations.len(), 1);
    assert_eq!(report.violations[0].event, return_of(&events, 300));
}
