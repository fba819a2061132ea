mod common;

use common::{get, invoke_of, return_of, Trace};
use splitbrain_check::{Completion, History, OpKind, Stamp};
use splitbrain_sim::{ClientOutcome, OpId, SimTime};

#[test]
fn extracts_client_operations_with_their_events() {
    let events = Trace::new()
        .noise(0)
        .put(0, "x", "1", 1, 4)
        .get(1, "x", Some("1"), 5, 6)
        .failed_put(2, "y", "2", 7, 8)
        .failed_get(3, "x", 9, 10)
        .invoke(4, 11, common::put("x", "3"))
        .invoke(5, 12, get("y"))
        .get(6, "y", None, 13, 14)
        .build();
    let h = History::from_events(&events);
    let ids: Vec<OpId> = h.ops.iter().map(|o| o.id).collect();
    // Failed and pending gets observed nothing and are dropped; uncertain puts stay.
    assert_eq!(ids, vec![OpId(0), OpId(1), OpId(2), OpId(4), OpId(6)]);

    let put = &h.ops[0];
    assert_eq!(put.key, "x");
    assert_eq!(put.kind, OpKind::Put { value: "1".into() });
    assert_eq!(
        put.invoke,
        Stamp {
            time: SimTime(1),
            event: invoke_of(&events, 0)
        }
    );
    assert_eq!(
        put.completion,
        Completion::Ok(Stamp {
            time: SimTime(4),
            event: return_of(&events, 0)
        })
    );

    assert_eq!(
        h.ops[1].kind,
        OpKind::Get {
            siblings: Vec::new(),
            read: Some("1".into())
        }
    );
    assert_eq!(
        h.ops[2].completion,
        Completion::Failed(Stamp {
            time: SimTime(8),
            event: return_of(&events, 2)
        })
    );
    assert_eq!(h.ops[2].returned(), None);
    assert_eq!(h.ops[2].return_event(), Some(return_of(&events, 2)));
    assert_eq!(h.ops[3].completion, Completion::Pending);
    assert_eq!(
        h.ops[4].kind,
        OpKind::Get {
            siblings: Vec::new(),
            read: None
        }
    );

    let keys: Vec<&str> = h.by_key().keys().copied().collect();
    assert_eq!(keys, vec!["x", "y"]);
}

#[test]
fn first_return_wins_and_orphans_are_skipped() {
    let events = Trace::new()
        .ret(9, 0, ClientOutcome::Ok { value: None }) // no invoke: a truncated trace
        .put(0, "x", "1", 1, 2)
        .ret(0, 3, ClientOutcome::Failed { attempts: 1 })
        .build();
    let h = History::from_events(&events);
    assert_eq!(h.ops.len(), 1);
    assert_eq!(
        h.ops[0].completion,
        Completion::Ok(Stamp {
            time: SimTime(2),
            event: return_of(&events, 0)
        })
    );
}

#[test]
fn cas_and_rejections_are_extracted() {
    let events = Trace::new()
        .cas(0, "x", ("1", "2"), 0, 1)
        .rejected_cas(1, "x", ("3", "4"), 2, 3)
        .failed_cas(2, "x", ("5", "6"), 4, 5)
        .invoke(3, 6, common::cas("x", "7", "8"))
        .invoke(4, 7, common::put("x", "9"))
        .ret(4, 8, common::rejected())
        .invoke(5, 9, get("x"))
        .ret(5, 10, common::rejected())
        .build();
    let h = History::from_events(&events);
    let ids: Vec<OpId> = h.ops.iter().map(|o| o.id).collect();
    // Every cas stays (a rejected one saw something); a rejected put or get did nothing and is dropped.
    assert_eq!(ids, vec![OpId(0), OpId(1), OpId(2), OpId(3)]);
    assert_eq!(
        h.ops[0].kind,
        OpKind::Cas {
            expected: "1".into(),
            new: "2".into()
        }
    );
    assert_eq!(h.ops[0].describe(), "cas x 1→2");
    assert_eq!(h.ops[0].written(), Some("2"));
    assert_eq!(h.ops[0].observed(), Some(Some("1")));
    let rejected_at = Stamp {
        time: SimTime(3),
        event: return_of(&events, 1),
    };
    assert_eq!(h.ops[1].completion, Completion::Rejected(rejected_at));
    assert_eq!(h.ops[1].returned(), Some(rejected_at));
    assert_eq!(h.ops[1].return_event(), Some(rejected_at.event));
    // Refused: it wrote nothing and found nothing in particular.
    assert_eq!(h.ops[1].written(), None);
    assert_eq!(h.ops[1].observed(), None);
    // Unknown: it may write, but nobody knows what it found.
    assert_eq!(h.ops[2].written(), Some("6"));
    assert_eq!(h.ops[2].observed(), None);
    assert_eq!(h.ops[2].returned(), None);
    assert_eq!(h.ops[3].completion, Completion::Pending);
}
