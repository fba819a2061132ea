//! The checkers on hand-made traces: each invariant fires on the event that breaks it, and not otherwise.

use splitbrain_mutex::check::{MUTUAL_EXCLUSION, TIMESTAMP_ORDER};
use splitbrain_mutex::{DistMutex, MutexChecker, Note};
use splitbrain_sim::{Checker, Event, EventId, EventKind, NodeId, SimTime, VectorClock, Violation};

fn run(notes: &[(u32, Note)]) -> Vec<Violation> {
    let mut c = MutexChecker::default();
    let mut out = Vec::new();
    for (i, (node, note)) in notes.iter().enumerate() {
        let e: Event<DistMutex> = Event {
            id: EventId(i as u64),
            time: SimTime(i as u64 * 1000),
            node: Some(NodeId(*node)),
            local_time: None,
            lamport: 0,
            vclock: VectorClock::default(),
            parent: None,
            kind: EventKind::Note { note: note.clone() },
        };
        Checker::<DistMutex>::observe(&mut c, &e, &mut out);
    }
    out
}

fn entered(ts: u64) -> Note {
    Note::Entered { ts, token: 0 }
}

fn exited(ts: u64) -> Note {
    Note::Exited {
        ts,
        token: 0,
        wrote: true,
    }
}

#[test]
fn mutual_exclusion_two_nodes_inside_at_once() {
    let v = run(&[(0, entered(1)), (1, entered(2))]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].invariant, MUTUAL_EXCLUSION);
    assert_eq!(v[0].event, EventId(1));
    assert!(run(&[(0, entered(1)), (0, exited(1)), (1, entered(2))]).is_empty());
}

#[test]
fn timestamp_order_a_later_request_served_before_a_waiting_earlier_one() {
    let v = run(&[
        (0, Note::Requested { ts: 1 }),
        (1, Note::Requested { ts: 2 }),
        (1, entered(2)),
    ]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].invariant, TIMESTAMP_ORDER);
    let in_order = run(&[
        (0, Note::Requested { ts: 1 }),
        (1, Note::Requested { ts: 2 }),
        (0, entered(1)),
        (0, exited(1)),
        (1, entered(2)),
    ]);
    assert!(in_order.is_empty());
}

fn stored(from: u32, token: u64) -> Note {
    Note::Stored {
        from: NodeId(from),
        token,
        newest: 0,
        key: "x".into(),
        value: "v".into(),
    }
}

#[test]
fn a_stale_token_accepted_by_the_storage_is_two_writers_at_once() {
    let v = run(&[(0, stored(2, 2)), (0, stored(1, 1))]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].invariant, MUTUAL_EXCLUSION);
    // Overlapping holders whose writes land in token order are not flagged; nor is a lock-server entry.
    assert!(run(&[
        (1, Note::Entered { ts: 0, token: 1 }),
        (2, Note::Entered { ts: 0, token: 2 }),
        (0, stored(1, 1)),
        (0, stored(2, 2)),
    ])
    .is_empty());
}
