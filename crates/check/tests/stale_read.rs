mod common;

use common::{invoke_of, return_of, Trace};
use splitbrain_check::{check_all, stale_reads, StaleRead};
use splitbrain_sim::OpId;

#[test]
fn flags_exactly_the_stale_get() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .get(1, "x", Some("1"), 2, 3) // fresh
        .put(2, "x", "2", 4, 5)
        .get(3, "x", Some("1"), 6, 7) // stale: 2 finished before it began
        .get(4, "x", Some("2"), 8, 9) // fresh
        .put(5, "x", "3", 10, 20)
        .get(6, "x", Some("2"), 11, 12) // concurrent with the put of 3: fine
        .build();
    let found = stale_reads(&events);
    assert_eq!(
        found,
        vec![StaleRead {
            get_op: OpId(3),
            invoke_event: invoke_of(&events, 3),
            return_event: return_of(&events, 3),
            key: "x".into(),
            returned: Some("1".into()),
            expected: "2".into(),
            overwritten_by: OpId(2),
        }]
    );
    // The same get is the linearizability violation.
    let report = check_all(&events);
    assert_eq!(report.stale_reads, found);
    assert_eq!(report.violations.len(), 1);
    assert_eq!(report.violations[0].event, return_of(&events, 3));
}

#[test]
fn missing_key_after_a_completed_put_is_stale() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .put(1, "x", "2", 0, 2)
        .get(2, "x", None, 3, 4)
        .build();
    let found = stale_reads(&events);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].returned, None);
    // The latest write to complete is the one shown.
    assert_eq!(found[0].overwritten_by, OpId(1));
    assert_eq!(found[0].expected, "2");
}

#[test]
fn value_from_a_put_concurrent_with_the_latest_is_not_stale() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 10)
        .put(1, "x", "2", 5, 20)
        .get(2, "x", Some("1"), 30, 31)
        .build();
    assert!(stale_reads(&events).is_empty());
    assert!(check_all(&events).violations.is_empty());
}

#[test]
fn overwrite_through_a_chain_of_writes_is_found() {
    // 1 and 2 overlap, but 3 began after 1 finished and finished before the get: 1 is certainly gone.
    let events = Trace::new()
        .put(0, "x", "1", 0, 10)
        .put(1, "x", "2", 5, 20)
        .put(2, "x", "3", 12, 15)
        .get(3, "x", Some("1"), 30, 31)
        .build();
    let found = stale_reads(&events);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].overwritten_by, OpId(2));
    assert_eq!(found[0].expected, "3");
}

#[test]
fn failed_put_of_the_value_read_explains_it() {
    let events = Trace::new()
        .failed_put(0, "x", "1", 0, 1)
        .put(1, "x", "2", 2, 3)
        .get(2, "x", Some("1"), 4, 5)
        .build();
    assert!(stale_reads(&events).is_empty());
    assert!(check_all(&events).violations.is_empty());
}

#[test]
fn failed_put_already_seen_cannot_explain_a_later_read() {
    // The failed put of 1 was only written once, and op1 saw it land; after the put of 2 it is gone for good.
    let events = Trace::new()
        .failed_put(0, "x", "1", 0, 1)
        .get(1, "x", Some("1"), 2, 3)
        .put(2, "x", "2", 4, 5)
        .get(3, "x", Some("1"), 6, 7)
        .build();
    let found = stale_reads(&events);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].get_op, OpId(3));
    assert_eq!(found[0].overwritten_by, OpId(2));
    assert_eq!(
        check_all(&events).violations[0].message,
        "get x returned \"1\" but \"2\" was written by op2, which completed before this get began (and began \
         after op0's write of \"1\" had already been read)"
    );
}

#[test]
fn failed_put_of_the_new_value_does_not_make_a_read_stale() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .failed_put(1, "x", "2", 2, 3)
        .get(2, "x", Some("1"), 4, 5)
        .build();
    assert!(stale_reads(&events).is_empty());
}

#[test]
fn reads_of_values_nobody_wrote_are_not_stale_reads() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .get(1, "x", Some("7"), 2, 3)
        .build();
    assert!(stale_reads(&events).is_empty());
    assert_eq!(check_all(&events).violations.len(), 1);
}

#[test]
fn other_keys_do_not_overwrite() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .put(1, "y", "2", 2, 3)
        .get(2, "x", Some("1"), 4, 5)
        .build();
    assert!(stale_reads(&events).is_empty());
}

#[test]
fn successful_cas_is_a_write_that_can_make_a_read_stale() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .cas(1, "x", ("1", "2"), 2, 3)
        .get(2, "x", Some("1"), 4, 5)
        .build();
    let found = stale_reads(&events);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].overwritten_by, OpId(1));
    assert_eq!(found[0].expected, "2");
    // And its new value is a value a get may read.
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .cas(1, "x", ("1", "2"), 2, 3)
        .get(2, "x", Some("2"), 4, 5)
        .build();
    assert!(stale_reads(&events).is_empty());
    assert!(check_all(&events).violations.is_empty());
}

#[test]
fn value_written_by_cas_and_then_overwritten_is_stale() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .cas(1, "x", ("1", "2"), 2, 3)
        .put(2, "x", "3", 4, 5)
        .get(3, "x", Some("2"), 6, 7)
        .build();
    let found = stale_reads(&events);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].get_op, OpId(3));
    assert_eq!(found[0].overwritten_by, OpId(2));
}

#[test]
fn rejected_cas_neither_reads_nor_overwrites() {
    let events = Trace::new()
        .put(0, "x", "1", 0, 1)
        .rejected_cas(1, "x", ("5", "2"), 2, 3)
        .get(2, "x", Some("1"), 4, 5)
        .build();
    assert!(stale_reads(&events).is_empty());
    assert!(check_all(&events).violations.is_empty());
}

#[test]
fn timed_out_cas_of_the_value_read_explains_it() {
    // For all the stale-read test knows, the timed-out cas may have landed after the put of 3, and its 1 is
    // then what the get saw: not flagged.
    let events = Trace::new()
        .put(0, "x", "2", 0, 1)
        .failed_cas(1, "x", ("2", "1"), 2, 3)
        .put(2, "x", "3", 4, 5)
        .get(3, "x", Some("1"), 6, 7)
        .build();
    assert!(stale_reads(&events).is_empty());
    // But the cas needed 2, which the put of 3 replaced for good: the history is still not linearizable.
    assert_eq!(check_all(&events).violations.len(), 1);
}

#[test]
fn failed_put_already_found_by_a_cas_cannot_explain_a_later_read() {
    // The only put of 1 had landed by the time the cas from 1 succeeded; the put of 2 then replaced it.
    let events = Trace::new()
        .failed_put(0, "x", "1", 0, 1)
        .cas(1, "x", ("1", "3"), 2, 3)
        .put(2, "x", "2", 4, 5)
        .get(3, "x", Some("1"), 6, 7)
        .build();
    let found = stale_reads(&events);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].overwritten_by, OpId(2));
}
