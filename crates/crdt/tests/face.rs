//! The lab's view: every note has a plain sentence and a version-lane signal, the inspector shows each
//! key's state in its type's notation and the last join, stored() one version per key, and the face is
//! the same shape for the four types.

mod common;

use common::*;
use splitbrain_crdt::{
    Crdt, CrdtOptions, GCounter, LwwRegister, Message, Note, OrSet, PnCounter, Replica,
};
use splitbrain_sim::{Consistency, Describe, LaneSignal, NodeId, OpId, OpKind, Protocol};

#[test]
fn the_four_faces_share_one_shape_and_differ_in_name_and_operations() {
    let faces = [
        (<Replica<GCounter> as Describe>::FACE, "g-counter"),
        (<Replica<PnCounter> as Describe>::FACE, "pn-counter"),
        (<Replica<OrSet> as Describe>::FACE, "or-set"),
        (<Replica<LwwRegister> as Describe>::FACE, "lww-register"),
    ];
    for (face, name) in faces {
        assert_eq!(face.name, name);
        assert_eq!(face.consistency, Consistency::Eventual);
        assert_eq!(face.family(0).key, "gossip");
        assert!(face.accepts(OpKind::Get));
        let keys: Vec<&str> = (face.option_fields)().iter().map(|f| f.key).collect();
        assert_eq!(keys, vec!["gossip_ms", "fanout", "mutant"]);
    }
    assert!(!<Replica<GCounter> as Describe>::FACE.accepts(OpKind::Decrement));
    assert!(<Replica<PnCounter> as Describe>::FACE.accepts(OpKind::Decrement));
    assert!(<Replica<OrSet> as Describe>::FACE.accepts(OpKind::Remove));
    assert!(<Replica<LwwRegister> as Describe>::FACE.accepts(OpKind::Put));
    assert_eq!(Replica::<GCounter>::NAME, "g-counter");
}

#[test]
fn a_merge_reads_as_the_join_and_signals_the_new_version() {
    let before = [(NodeId(0), 3), (NodeId(1), 1)].into_iter().collect();
    let received = [(NodeId(0), 1), (NodeId(1), 4)].into_iter().collect();
    let after = [(NodeId(0), 3), (NodeId(1), 4)].into_iter().collect();
    let s = Replica::<GCounter>::show_note(
        NodeId(0),
        &Note::Merge {
            key: "x".into(),
            from: NodeId(1),
            before,
            received,
            after,
            remark: None,
        },
    );
    assert_eq!(s.label, "join");
    assert_eq!(
        s.text.as_deref(),
        Some("n1 merged n2's [n1:1 n2:4] into [n1:3 n2:1] → [n1:3 n2:4] for x: the join of two concurrent states (value 7)")
    );
    assert_eq!(
        s.signals,
        vec![LaneSignal::Versions {
            key: "x".into(),
            versions: vec![("7".into(), "[n1:3 n2:4]".into())],
            hint_for: None
        }]
    );
}

#[test]
fn the_inspector_shows_each_key_and_the_last_join() {
    let mut a = replica::<PnCounter>(0, 2, &CrdtOptions::default());
    let mut b = replica::<PnCounter>(1, 2, &CrdtOptions::default());
    let mut o = out::<PnCounter>();
    a.on_client_request(at_ms(1), OpId(1), &inc("x", 2), &mut o);
    b.on_client_request(at_ms(1), OpId(2), &dec("x", 1), &mut o);
    a.on_message(
        at_ms(2),
        NodeId(1),
        Message::Gossip {
            states: b.states().clone(),
        },
        &mut o,
    );
    let sections = a.inspector();
    let keys = sections
        .iter()
        .find(|s| s.key == "keys")
        .unwrap()
        .table
        .clone()
        .unwrap();
    assert_eq!(
        keys.rows,
        vec![vec!["x".to_string(), "1".into(), "P[n1:2] N[n2:1]".into()]]
    );
    let join = sections.iter().find(|s| s.key == "join").unwrap();
    assert_eq!(
        join.rows[0].1,
        "merged n2's P[] N[n2:1] into P[n1:2] N[] → P[n1:2] N[n2:1]"
    );
    let stored = a.stored();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].versions[0].value, "1");
    assert_eq!(stored[0].versions[0].clock, "P[n1:2] N[n2:1]");
    assert_eq!(a.summary().detail.as_deref(), Some("x=1"));
    assert_eq!(a.summary().epoch, 1);
}

#[test]
fn every_note_and_message_has_a_sentence() {
    fn check<C: Crdt>(ops: &[splitbrain_sim::ClientOp]) {
        let mut a = replica::<C>(0, 2, &CrdtOptions::default());
        let mut b = replica::<C>(1, 2, &CrdtOptions::default());
        let mut o = out::<C>();
        for (i, op) in ops.iter().enumerate() {
            let r = if i % 2 == 0 { &mut a } else { &mut b };
            r.on_client_request(at_ms(i as i64 + 1), OpId(i as u64), op, &mut o);
        }
        let msg = Message::Gossip {
            states: b.states().clone(),
        };
        assert!(Replica::<C>::show_msg(&msg).text.starts_with("Gossip "));
        a.on_message(at_ms(10), NodeId(1), msg, &mut o);
        let notes = notes::<C>(&o);
        assert!(notes.len() > ops.len(), "{}: {notes:?}", C::NAME);
        for n in &notes {
            let s = Replica::<C>::show_note(NodeId(0), n);
            let text = s.text.unwrap();
            assert!(text.starts_with("n1 ") && text.len() > 20, "{text}");
        }
    }
    check::<GCounter>(&[inc("x", 1), inc("x", 2)]);
    check::<PnCounter>(&[inc("x", 1), dec("x", 2)]);
    check::<OrSet>(&[add("s", "a"), add("s", "b"), remove("s", "a")]);
    check::<LwwRegister>(&[put("r", "1"), put("r", "2")]);
}

#[test]
fn the_facts_count_merges_and_time_to_converge() {
    let mut sc = scenario::<GCounter>(3, 1, CrdtOptions::default());
    sc.duration_us = 4_000_000;
    splitbrain_sim::testkit::at(&mut sc, 100, client(0, inc("x", 1)));
    splitbrain_sim::testkit::at(&mut sc, 150, client(1, inc("x", 1)));
    let run = Run::<GCounter>::new(&sc).run_to_end();
    let facts = Replica::<GCounter>::facts(&run.events, splitbrain_sim::SimTime(sc.duration_us));
    let get = |k: &str| {
        facts
            .iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert_eq!(get("updates"), "2");
    assert!(
        get("time to converge").starts_with("every live replica agrees since"),
        "{facts:?}"
    );
}
