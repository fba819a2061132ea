//! The lab's view: every message has a family (client path or repair), every note a sentence, every
//! change of a node's versions a `Versions` lane signal; the inspector, ring and stored keys show the
//! node's store and hints; the facts measure the run.

mod common;

use common::*;
use splitbrain_dynamo::{
    Cause, Dynamo, DynamoOptions, Message, Note, Stamp, Timer, VClock, Version,
};
use splitbrain_sim::{
    ClientOp, Consistency, Describe, LaneSignal, NodeId, OpId, Protocol, SimTime,
};

fn v(value: &str, clock: &str) -> Version {
    Version {
        value: value.into(),
        stamp: Stamp::Clock {
            clock: VClock::parse(clock, 5).unwrap(),
        },
    }
}

#[test]
fn the_face_is_an_eventually_consistent_store_serving_put_and_get() {
    let f = Dynamo::FACE;
    assert_eq!(f.name, "dynamo");
    assert_eq!(f.consistency, Consistency::Eventual);
    assert_eq!(f.nodes, (3, 9));
    let keys: Vec<&str> = (f.option_fields)().iter().map(|o| o.key).collect();
    for k in [
        "replicas",
        "write_quorum",
        "read_quorum",
        "resolution",
        "sloppy_quorum",
        "read_repair",
        "mutant",
    ] {
        assert!(keys.contains(&k), "{k}");
    }
    // Every option field is a real option: the defaults serialise with each of them.
    let defaults = serde_json::to_value(DynamoOptions::default()).unwrap();
    for k in keys {
        assert!(defaults.get(k).is_some(), "{k}");
    }
}

#[test]
fn client_messages_and_repair_traffic_are_separate_families() {
    let x = || "x".to_string();
    let client = [
        Message::Put {
            req: 1,
            key: x(),
            version: v("1", "[n1:1]"),
            hint_for: Some(NodeId(1)),
        },
        Message::PutAck { req: 1, key: x() },
        Message::Get { req: 2, key: x() },
        Message::GetReply {
            req: 2,
            key: x(),
            versions: vec![],
        },
    ];
    let repair = [
        Message::Repair {
            key: x(),
            versions: vec![v("1", "[n1:1]")],
        },
        Message::Handoff {
            key: x(),
            versions: vec![],
        },
        Message::HandoffAck {
            key: x(),
            versions: vec![],
        },
        Message::Digest {
            ranges: vec![(0, 1)],
        },
        Message::Sync {
            ranges: vec![0],
            entries: vec![],
            reply: true,
        },
    ];
    for m in &client {
        assert_eq!(Dynamo::show_msg(m).family, 0, "{m:?}");
    }
    for m in &repair {
        assert_eq!(Dynamo::face_family(m), "repair", "{m:?}");
    }
    let put = Dynamo::show_msg(&client[0]);
    assert_eq!(put.text, "Put x=1 [n1:1], hinted for n2");
    assert!(Dynamo::show_timer(&Timer::AntiEntropy).ring);
}

trait FamilyKey {
    fn face_family(m: &Message) -> &'static str;
}
impl FamilyKey for Dynamo {
    fn face_family(m: &Message) -> &'static str {
        Dynamo::FACE.family(Dynamo::show_msg(m).family).key
    }
}

#[test]
fn every_stored_note_carries_the_versions_lane_signal_and_siblings_are_major() {
    let s = Dynamo::show_note(
        NodeId(2),
        &Note::Stored {
            key: "cart".into(),
            versions: vec![v("milk", "[n1:1]"), v("eggs", "[n4:1]")],
            hint_for: None,
            before: 1,
            cause: Cause::Write { from: NodeId(3) },
        },
    );
    assert_eq!(s.label, "siblings");
    assert!(s.major);
    assert_eq!(
        s.signals,
        vec![LaneSignal::Versions {
            key: "cart".into(),
            versions: vec![
                ("milk".into(), "[n1:1]".into()),
                ("eggs".into(), "[n4:1]".into())
            ],
            hint_for: None,
        }]
    );
    assert!(s.text.unwrap().contains("n3 now keeps 2 siblings of cart"));
    let hinted = Dynamo::show_note(
        NodeId(3),
        &Note::Stored {
            key: "x".into(),
            versions: vec![v("1", "[n5:1]")],
            hint_for: Some(NodeId(1)),
            before: 0,
            cause: Cause::Write { from: NodeId(4) },
        },
    );
    assert_eq!(hinted.label, "hinted");
    assert!(matches!(
        &hinted.signals[..],
        [LaneSignal::Versions {
            hint_for: Some(NodeId(1)),
            ..
        }]
    ));
}

#[test]
fn every_note_has_a_plain_sentence() {
    let x = || "x".to_string();
    let notes = [
        Note::Booted { keys: 1, hints: 0 },
        Note::Coordinate {
            op: OpId(1),
            key: x(),
            preference: vec![NodeId(1)],
            version: None,
        },
        Note::Discarded {
            key: x(),
            version: v("a", "[n1:1]"),
            kept: vec![v("b", "[n1:2]")],
        },
        Note::Acknowledged {
            op: OpId(1),
            key: x(),
            version: v("a", "[n1:1]"),
            from: vec![NodeId(0)],
            quorum: 1,
        },
        Note::Read {
            op: OpId(2),
            key: x(),
            versions: vec![],
            from: vec![NodeId(0)],
        },
        Note::LateNewer {
            op: OpId(2),
            key: x(),
            from: NodeId(1),
            versions: vec![v("a", "[n1:1]")],
        },
        Note::RepairSent {
            key: x(),
            to: vec![NodeId(1)],
        },
        Note::StandIn {
            op: OpId(1),
            key: x(),
            owner: NodeId(1),
            stand_in: NodeId(3),
        },
        Note::Failed {
            op: OpId(1),
            key: x(),
            answered: 1,
            needed: 2,
        },
        Note::Refused {
            op: OpId(1),
            reason: "bad".into(),
        },
        Note::Mismatch {
            peer: NodeId(1),
            ranges: 2,
        },
    ];
    for n in &notes {
        let text = Dynamo::show_note(NodeId(0), n).text.unwrap();
        assert!(text.len() > 15, "{n:?}: {text}");
        assert!(!text.contains("NodeId") && !text.contains("OpId"), "{text}");
    }
    let ack = Dynamo::show_note(NodeId(1), &notes[3]).text.unwrap();
    assert_eq!(
        ack,
        "n2 acknowledges op1 (put x = a): 1 of W = 1 replicas stored it (n1)"
    );
}

#[test]
fn the_inspector_ring_and_stored_keys_show_store_hints_and_coordinations() {
    let mut n = node(1, 5, &DynamoOptions::default());
    let mut o = out();
    let put = ClientOp::Put {
        key: "x".into(),
        value: "1".into(),
        context: None,
    };
    n.on_client_request(at_ms(1), OpId(0), &put, &mut o);
    n.on_message(
        at_ms(2),
        NodeId(4),
        Message::Put {
            req: 9,
            key: "z".into(),
            version: v("9", "[n5:1]"),
            hint_for: Some(NodeId(3)),
        },
        &mut out(),
    );
    let sections = n.inspector();
    let keys: Vec<&str> = sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys, vec!["state", "store", "hints", "coordinations"]);
    let store = sections[1].table.as_ref().unwrap();
    assert_eq!(
        store.rows[0],
        vec!["x".to_string(), "1 [n2:1]".into(), "n2, n3, n5".into()]
    );
    assert_eq!(sections[2].table.as_ref().unwrap().rows[0][1], "n4");
    assert_eq!(
        sections[3].table.as_ref().unwrap().rows.len(),
        1,
        "the put waits for a second ack"
    );
    let ring = n.ring().unwrap();
    assert_eq!(ring.tokens.len(), 15);
    let x = ring.keys.iter().find(|k| k.key == "x").unwrap();
    assert_eq!(x.preference, vec![NodeId(1), NodeId(2), NodeId(4)]);
    let stored = n.stored();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].versions[0].clock, "[n2:1]");
    assert_eq!(stored[1].hint_for, Some(NodeId(3)));
    assert_eq!(n.summary().detail.as_deref(), Some("x=1, 1 hint"));
}

#[test]
fn the_facts_count_stale_reads_lost_writes_siblings_and_convergence() {
    let r = Run::new(&load("dynamo-vector-clock-siblings.json")).run_to_end();
    let facts = Dynamo::facts(&r.events, SimTime(3_400_000));
    let get = |k: &str| {
        facts
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(get("stale reads"), "0");
    assert_eq!(get("lost writes"), "0");
    assert_eq!(get("reads with siblings"), "1 (up to 2 versions at once)");
    assert!(
        get("replicas converged").contains("last write"),
        "{facts:?}"
    );
    let lww = Run::new(&load("dynamo-lww-skewed-clock.json")).run_to_end();
    let facts = Dynamo::facts(&lww.events, SimTime(2_300_000));
    assert!(
        facts.contains(&("lost writes".to_string(), "1".to_string())),
        "{facts:?}"
    );
}

#[test]
fn the_sessions_ring_lists_every_key_some_running_node_knows_with_its_owners() {
    use splitbrain_sim::Session;
    // n1, the first node, never stores x: its ring alone would not list it.
    let mut run = splitbrain_dynamo::DynamoRun::new(&load("dynamo-stale-read-w1-r1.json")).unwrap();
    run.run_until(SimTime(3_200_000));
    let ring = run.ring().unwrap();
    let x = ring
        .keys
        .iter()
        .find(|k| k.key == "x")
        .expect("x is listed");
    assert_eq!(x.preference, vec![NodeId(1), NodeId(2), NodeId(4)]);
    assert!(run.stored(NodeId(0)).is_empty());
}
