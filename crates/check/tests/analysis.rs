//! `analyse`: the verdict, the longest linearizable prefix (invocation order) and the culprits, per key.

mod common;

use common::Trace;
use splitbrain_check::{analyse, History, KeyOutcome};
use splitbrain_sim::OpId;

fn ids(v: &[u64]) -> Vec<OpId> {
    v.iter().map(|&i| OpId(i)).collect()
}

fn run(trace: &mut Trace) -> splitbrain_check::KeyAnalysis {
    let history = History::from_events(&trace.build());
    let mut found = analyse(&history, 100_000);
    assert_eq!(found.len(), 1);
    found.remove(0)
}

#[test]
fn a_linearizable_key_is_one_whole_prefix_with_no_culprit() {
    let a = run(Trace::new()
        .put(0, "x", "1", 0, 1)
        .cas(1, "x", ("1", "2"), 2, 3)
        .rejected_cas(2, "x", ("1", "3"), 4, 5)
        .get(3, "x", Some("2"), 6, 7));
    assert_eq!(a.outcome, KeyOutcome::Linearizable);
    assert_eq!(a.linearizable_prefix, ids(&[0, 1, 2, 3]));
    assert!(a.culprits.is_empty());
    assert!(a.steps > 0);
}

#[test]
fn a_read_may_see_a_write_invoked_after_it() {
    // The read begins first, so it leads the invocation order; the prefix of it alone is still linearizable
    // because the write, begun while the read ran, may be placed before it.
    let a = run(Trace::new()
        .get(0, "x", Some("1"), 0, 10)
        .put(1, "x", "1", 5, 6));
    assert_eq!(a.outcome, KeyOutcome::Linearizable);
    assert_eq!(a.linearizable_prefix, ids(&[0, 1]));
}

#[test]
fn a_cas_on_a_stale_value_ends_the_prefix() {
    let a = run(Trace::new()
        .put(0, "x", "1", 0, 1)
        .put(1, "x", "2", 2, 3)
        .get(2, "x", Some("2"), 4, 5)
        .cas(3, "x", ("1", "3"), 6, 7)
        .get(4, "x", Some("3"), 8, 9));
    assert!(matches!(a.outcome, KeyOutcome::NotLinearizable { .. }));
    assert_eq!(a.linearizable_prefix, ids(&[0, 1, 2]));
    assert_eq!(a.culprits, ids(&[3]));
}

#[test]
fn two_successful_cas_from_one_value_blame_the_later_invoked() {
    let a = run(Trace::new()
        .put(0, "x", "1", 0, 1)
        .cas(1, "x", ("1", "2"), 2, 10)
        .cas(2, "x", ("1", "3"), 3, 11));
    let KeyOutcome::NotLinearizable { violation } = &a.outcome else {
        panic!("{a:?}");
    };
    assert!(
        violation.message.contains("whichever went second"),
        "{violation:?}"
    );
    assert_eq!(a.linearizable_prefix, ids(&[0, 1]));
    assert_eq!(a.culprits, ids(&[2]));
}

#[test]
fn an_indeterminate_write_explains_a_later_read_and_is_never_a_culprit() {
    // op1's put timed out, yet a later read saw its value: it took effect after all.
    let a = run(Trace::new()
        .put(0, "x", "1", 0, 1)
        .failed_put(1, "x", "2", 2, 3)
        .get(2, "x", Some("2"), 10, 11)
        .get(3, "x", Some("2"), 12, 13));
    assert_eq!(a.outcome, KeyOutcome::Linearizable);
    assert_eq!(a.linearizable_prefix, ids(&[0, 1, 2, 3]));
    // The same, but then the register runs backwards: the culprit is the read of the older value, and the
    // indeterminate put stays inside the prefix.
    let a = run(Trace::new()
        .put(0, "x", "1", 0, 1)
        .failed_put(1, "x", "2", 2, 3)
        .get(2, "x", Some("2"), 10, 11)
        .get(3, "x", Some("1"), 12, 13));
    assert!(matches!(a.outcome, KeyOutcome::NotLinearizable { .. }));
    assert_eq!(a.linearizable_prefix, ids(&[0, 1, 2]));
    assert_eq!(a.culprits, ids(&[3]));
}

#[test]
fn a_pending_cas_may_land_late_but_only_once() {
    // A cas the client gave up on takes effect between two reads; a third read cannot see the old value.
    let a = run(Trace::new()
        .put(0, "x", "1", 0, 1)
        .failed_cas(1, "x", ("1", "2"), 2, 3)
        .get(2, "x", Some("1"), 10, 11)
        .get(3, "x", Some("2"), 12, 13)
        .get(4, "x", Some("1"), 14, 15)
        .get(5, "x", Some("2"), 16, 17));
    assert!(matches!(a.outcome, KeyOutcome::NotLinearizable { .. }));
    assert_eq!(a.linearizable_prefix, ids(&[0, 1, 2, 3]));
    assert_eq!(a.culprits, ids(&[4]));
}

#[test]
fn a_read_of_a_rejected_cas_value_is_the_culprit() {
    let a = run(Trace::new()
        .put(0, "x", "1", 0, 1)
        .rejected_cas(1, "x", ("5", "9"), 2, 3)
        .get(2, "x", Some("9"), 4, 5)
        .put(3, "x", "4", 6, 7));
    let KeyOutcome::NotLinearizable { violation } = &a.outcome else {
        panic!("{a:?}");
    };
    assert!(violation.message.contains("rejected"), "{violation:?}");
    assert_eq!(a.linearizable_prefix, ids(&[0, 1]));
    assert_eq!(a.culprits, ids(&[2]));
}

#[test]
fn an_exhausted_budget_is_inconclusive_with_a_proven_prefix_only() {
    let mut t = Trace::new();
    // Eight overlapping writes, then a read that decides which went last: a few hundred steps, not three.
    for i in 0..8u64 {
        t.put(i, "x", &i.to_string(), i, 100 + i);
    }
    t.get(8, "x", Some("3"), 200, 201);
    let history = History::from_events(&t.build());
    let a = analyse(&history, 3).remove(0);
    assert_eq!(a.outcome, KeyOutcome::Inconclusive { budget: 3 });
    assert!(a.culprits.is_empty());
    assert!(a.linearizable_prefix.len() < 9);
    assert_eq!(
        analyse(&history, 100_000)[0].outcome,
        KeyOutcome::Linearizable
    );
}
