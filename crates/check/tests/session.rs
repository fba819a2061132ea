//! Session guarantees on hand-built histories: each test is one of the stories the guarantees forbid or allow.

mod common;

use common::Trace;
use splitbrain_check::{session_anomalies, stale_reads, Guarantee};

#[test]
fn read_your_writes_is_broken_by_a_read_that_misses_the_sessions_own_write() {
    let events = Trace::new()
        .s_put(1, 0, ("x", "1"), 0, 10)
        .s_put(1, 1, ("x", "2"), 20, 30)
        .s_get(1, 2, "x", &["1"], 40, 50)
        .build();
    let found = session_anomalies(&events);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].guarantee, Guarantee::ReadYourWrites);
    assert_eq!(found[0].session, 1);
    assert!(
        found[0].message.contains("s1 wrote x=2 (op1)"),
        "{}",
        found[0].message
    );
}

#[test]
fn another_sessions_read_of_the_old_value_breaks_no_session_guarantee() {
    let events = Trace::new()
        .s_put(1, 0, ("x", "1"), 0, 10)
        .s_put(1, 1, ("x", "2"), 20, 30)
        .s_get(2, 2, "x", &["1"], 40, 50)
        .build();
    assert!(session_anomalies(&events).is_empty());
    // It is still a stale read: the store as a whole served an overwritten value.
    assert_eq!(stale_reads(&events).len(), 1);
}

#[test]
fn a_concurrent_write_by_someone_else_may_hide_the_sessions_write() {
    let events = Trace::new()
        .s_put(1, 0, ("x", "1"), 0, 30)
        .s_put(2, 1, ("x", "9"), 10, 20)
        .s_get(1, 2, "x", &["9"], 40, 50)
        .build();
    assert!(session_anomalies(&events).is_empty());
}

#[test]
fn a_missing_key_after_the_session_wrote_it_breaks_read_your_writes() {
    let events = Trace::new()
        .s_put(1, 0, ("x", "1"), 0, 10)
        .s_get(1, 1, "x", &[], 20, 30)
        .build();
    let found = session_anomalies(&events);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.contains("got nothing"),
        "{}",
        found[0].message
    );
}

#[test]
fn monotonic_reads_is_broken_by_going_back_to_an_older_value() {
    let events = Trace::new()
        .s_put(2, 0, ("x", "1"), 0, 10)
        .s_put(2, 1, ("x", "2"), 20, 30)
        .s_get(1, 2, "x", &["2"], 40, 50)
        .s_get(1, 3, "x", &["1"], 60, 70)
        .build();
    let found = session_anomalies(&events);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].guarantee, Guarantee::MonotonicReads);
    assert_eq!(found[0].earlier_op, splitbrain_sim::OpId(2));
}

#[test]
fn siblings_that_include_the_sessions_write_keep_both_guarantees() {
    let events = Trace::new()
        .s_put(1, 0, ("x", "a"), 0, 10)
        .s_put(2, 1, ("x", "b"), 0, 10)
        .s_get(1, 2, "x", &["b", "a"], 20, 30)
        .s_get(1, 3, "x", &["a", "b"], 40, 50)
        .build();
    assert!(session_anomalies(&events).is_empty());
    assert!(stale_reads(&events).is_empty());
}

#[test]
fn a_read_is_stale_only_if_every_sibling_was_overwritten() {
    let fresh = Trace::new()
        .s_put(1, 0, ("x", "a"), 0, 10)
        .s_put(1, 1, ("x", "b"), 20, 30)
        .s_get(2, 2, "x", &["a", "b"], 40, 50)
        .build();
    assert!(stale_reads(&fresh).is_empty());
    let stale = Trace::new()
        .s_put(1, 0, ("x", "a"), 0, 10)
        .s_put(1, 1, ("x", "b"), 20, 30)
        .s_put(1, 2, ("x", "c"), 40, 50)
        .s_get(2, 3, "x", &["a", "b"], 60, 70)
        .build();
    assert_eq!(stale_reads(&stale).len(), 1);
}
