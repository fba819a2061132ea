//! One test per rule of DeCandia et al., *Dynamo* (SOSP 2007), named after its section, driving nodes by
//! hand. Key `x` on five nodes with N = 3 lives on n2, n3, n5 (its preference list); n4 and n1 follow on
//! the ring (the stand-ins of a sloppy quorum).

mod common;

use common::*;
use splitbrain_dynamo::{
    Cause, Dynamo, DynamoOptions, HashRing, Message, Note, Resolution, Stamp, Timer, Version,
};
use splitbrain_sim::testkit::{persisted, replies, T0};
use splitbrain_sim::{ClientOp, ClientResponse, NodeId, OpId, Out, Protocol};

const N2: NodeId = NodeId(1);
const N3: NodeId = NodeId(2);
const N4: NodeId = NodeId(3);
const N5: NodeId = NodeId(4);

fn put(key: &str, value: &str, context: Option<&str>) -> ClientOp {
    ClientOp::Put {
        key: key.into(),
        value: value.into(),
        context: context.map(str::to_string),
    }
}

fn get(key: &str) -> ClientOp {
    ClientOp::Get { key: key.into() }
}

/// The request id and version of the Puts a coordinator sent, by target.
fn puts(o: &Out<Dynamo>) -> Vec<(NodeId, u64, Version, Option<NodeId>)> {
    sent(o)
        .into_iter()
        .filter_map(|(to, m)| match m {
            Message::Put {
                req,
                version,
                hint_for,
                ..
            } => Some((to, req, version, hint_for)),
            _ => None,
        })
        .collect()
}

fn get_req(o: &Out<Dynamo>) -> u64 {
    sent(o)
        .into_iter()
        .find_map(|(_, m)| match m {
            Message::Get { req, .. } => Some(req),
            _ => None,
        })
        .expect("a Get was sent")
}

fn deliver(n: &mut Dynamo, from: NodeId, msg: Message) -> Out<Dynamo> {
    let mut o = out();
    n.on_message(at_ms(10), from, msg, &mut o);
    o
}

#[test]
fn s4_3_a_key_is_replicated_at_the_first_n_distinct_nodes_clockwise() {
    let ring = HashRing::new(5, 3, 3);
    assert_eq!(ring.preference("x"), vec![N2, N3, N5]);
    assert_eq!(ring.stand_ins("x"), vec![N4, NodeId(0)]);
    let mut n = node(1, 5, &DynamoOptions::default());
    let mut o = out();
    n.on_client_request(at_ms(1), OpId(0), &put("x", "1", None), &mut o);
    let targets: Vec<NodeId> = puts(&o).iter().map(|p| p.0).collect();
    assert_eq!(
        targets,
        vec![N3, N5],
        "the coordinator stores its own copy and sends the other two"
    );
    assert_eq!(n.versions("x").len(), 1);
}

#[test]
fn s4_5_a_put_is_acknowledged_after_w_distinct_replicas_and_a_duplicate_ack_is_one_replica() {
    let opts = DynamoOptions {
        write_quorum: 3,
        ..DynamoOptions::default()
    };
    let mut n = node(1, 5, &opts);
    let mut o = out();
    n.on_client_request(at_ms(1), OpId(0), &put("x", "1", None), &mut o);
    assert!(replies(&o).is_empty());
    let req = puts(&o)[0].1;
    let ack = || Message::PutAck {
        req,
        key: "x".into(),
    };
    assert!(replies(&deliver(&mut n, N3, ack())).is_empty());
    assert!(
        replies(&deliver(&mut n, N3, ack())).is_empty(),
        "n3's duplicated ack counts once"
    );
    let o = deliver(&mut n, N5, ack());
    match replies(&o).as_slice() {
        [(OpId(0), ClientResponse::Versions { values, context })] => {
            assert_eq!(values, &["1".to_string()]);
            assert_eq!(context, "[n2:1]");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn s4_5_a_get_waits_for_r_answers_and_returns_every_concurrent_version_with_one_context() {
    let mut n = node(1, 5, &DynamoOptions::default());
    let mut o = out();
    n.on_client_request(at_ms(1), OpId(0), &put("x", "a", None), &mut o);
    let mut o = out();
    n.on_client_request(at_ms(2), OpId(1), &get("x"), &mut o);
    let req = get_req(&o);
    let b = Version {
        value: "b".into(),
        stamp: Stamp::Clock {
            clock: splitbrain_dynamo::VClock::parse("[n4:1]", 5).unwrap(),
        },
    };
    let o = deliver(
        &mut n,
        N3,
        Message::GetReply {
            req,
            key: "x".into(),
            versions: vec![b],
        },
    );
    match replies(&o).as_slice() {
        [(OpId(1), ClientResponse::Versions { values, context })] => {
            assert_eq!(values, &["a".to_string(), "b".to_string()]);
            assert_eq!(context, "[n2:1 n4:1]");
        }
        other => panic!("{other:?}"),
    }
    // §4.7: the coordinator repairs both answerers, itself included, with the two siblings.
    assert!(sent(&o)
        .iter()
        .any(|(to, m)| *to == N3
            && matches!(m, Message::Repair { versions, .. } if versions.len() == 2)));
    assert_eq!(n.versions("x").len(), 2);
}

#[test]
fn s4_4_a_put_with_the_reads_context_supersedes_the_siblings_it_saw() {
    let mut n = node(1, 5, &DynamoOptions::default());
    for (i, (value, clock)) in [("a", "[n1:1]"), ("b", "[n4:1]")].into_iter().enumerate() {
        let v = Version {
            value: value.into(),
            stamp: Stamp::Clock {
                clock: splitbrain_dynamo::VClock::parse(clock, 5).unwrap(),
            },
        };
        deliver(
            &mut n,
            NodeId(0),
            Message::Put {
                req: i as u64,
                key: "x".into(),
                version: v,
                hint_for: None,
            },
        );
    }
    assert_eq!(
        n.versions("x").len(),
        2,
        "concurrent versions are kept as siblings"
    );
    let mut o = out();
    n.on_client_request(
        at_ms(5),
        OpId(0),
        &put("x", "ab", Some("[n1:1 n4:1]")),
        &mut o,
    );
    let vs = n.versions("x");
    assert_eq!(vs.len(), 1);
    assert_eq!(vs[0].value, "ab");
    assert_eq!(vs[0].stamp.to_string(), "[n1:1 n2:1 n4:1]");
    assert!(notes(&o)
        .iter()
        .any(|n| matches!(n, Note::Stored { before: 2, versions, .. } if versions.len() == 1)));
}

#[test]
fn s4_4_last_writer_wins_keeps_the_highest_timestamp_and_discards_a_skewed_newer_write() {
    let opts = DynamoOptions {
        resolution: Resolution::LastWriterWins,
        ..DynamoOptions::default()
    };
    let mut n = node(2, 5, &opts);
    let stamped = |value: &str, at_us: i64, node: NodeId| Version {
        value: value.into(),
        stamp: Stamp::Time { at_us, node },
    };
    let msg = |req, version| Message::Put {
        req,
        key: "x".into(),
        version,
        hint_for: None,
    };
    deliver(&mut n, N4, msg(1, stamped("old", 1_000_000, N4)));
    // Written later in real time, by a coordinator whose clock is 0.5 s behind.
    let o = deliver(
        &mut n,
        NodeId(0),
        msg(2, stamped("new", 800_000, NodeId(0))),
    );
    assert_eq!(n.versions("x")[0].value, "old");
    assert!(notes(&o)
        .iter()
        .any(|n| matches!(n, Note::Discarded { version, .. } if version.value == "new")));
    assert!(
        sent(&o)
            .iter()
            .any(|(_, m)| matches!(m, Message::PutAck { .. })),
        "a discarded write is still acknowledged"
    );
}

#[test]
fn s4_6_a_sloppy_quorum_asks_the_next_node_with_a_hint_which_hands_it_back() {
    let opts = DynamoOptions {
        sloppy_quorum: true,
        ..DynamoOptions::default()
    };
    let mut n5 = node(4, 5, &opts);
    let mut o = out();
    n5.on_client_request(at_ms(1), OpId(0), &put("x", "1", None), &mut o);
    let req = puts(&o)[0].1;
    let mut o = out();
    n5.on_timer(at_ms(201), Timer::Request { req }, &mut o);
    let hinted = puts(&o);
    assert_eq!(
        hinted.iter().map(|p| (p.0, p.3)).collect::<Vec<_>>(),
        vec![(N4, Some(N2)), (NodeId(0), Some(N3))]
    );
    // n4 keeps it apart from its own keys, acknowledges, and hands it back to n2 on its timer.
    let mut n4 = node(3, 5, &opts);
    let o = deliver(
        &mut n4,
        N5,
        Message::Put {
            req,
            key: "x".into(),
            version: hinted[0].2.clone(),
            hint_for: Some(N2),
        },
    );
    assert!(n4.versions("x").is_empty());
    assert_eq!(n4.hints().len(), 1);
    assert!(sent(&o)
        .iter()
        .any(|(to, m)| *to == N5 && matches!(m, Message::PutAck { .. })));
    let mut o = out();
    n4.on_timer(at_ms(700), Timer::Handoff, &mut o);
    let handoff = sent(&o)
        .into_iter()
        .find(|(to, _)| *to == N2)
        .expect("handoff to n2")
        .1;
    let mut n2 = node(1, 5, &opts);
    let o = deliver(&mut n2, N4, handoff);
    assert_eq!(n2.versions("x").len(), 1);
    assert!(notes(&o).iter().any(|n| matches!(
        n,
        Note::Stored {
            cause: Cause::Handoff { .. },
            ..
        }
    )));
    let ack = sent(&o).into_iter().find(|(to, _)| *to == N4).unwrap().1;
    deliver(&mut n4, N2, ack);
    assert!(
        n4.hints().is_empty(),
        "the hint is dropped once the owner has it"
    );
}

#[test]
fn s4_6_strict_quorums_fail_a_get_that_misses_r_and_stay_silent_on_a_put_that_may_have_landed() {
    let mut n = node(1, 5, &DynamoOptions::default());
    let mut o = out();
    n.on_client_request(at_ms(1), OpId(0), &put("x", "1", None), &mut o);
    let put_req = puts(&o)[0].1;
    let mut o = out();
    n.on_client_request(at_ms(2), OpId(1), &get("x"), &mut o);
    let get_req = get_req(&o);
    let mut o = out();
    n.on_timer(at_ms(300), Timer::Request { req: put_req }, &mut o);
    assert!(
        replies(&o).is_empty(),
        "the put is stored at n2: it must not be refused"
    );
    assert!(puts(&o).is_empty(), "strict quorums ask no stand-in");
    let mut o = out();
    n.on_timer(at_ms(300), Timer::Request { req: get_req }, &mut o);
    assert!(
        matches!(replies(&o).as_slice(), [(OpId(1), ClientResponse::Fail { reason })] if reason.contains("1 of 2"))
    );
}

#[test]
fn s4_7_anti_entropy_compares_range_digests_and_exchanges_the_differing_keys() {
    let opts = DynamoOptions::default();
    let mut n2 = node(1, 5, &opts);
    let mut n3 = node(2, 5, &opts);
    let mut o = out();
    n2.on_client_request(at_ms(1), OpId(0), &put("x", "1", None), &mut o);
    // n3 never got the Put (a lost message); anti-entropy between them finds x's range differing.
    assert!(!n2.ring_of().shared_ranges(N2, N3).is_empty());
    let mut o = out();
    n2.on_timer(at_ms(1_000), Timer::AntiEntropy, &mut o);
    assert!(
        sent(&o)
            .iter()
            .any(|(_, m)| matches!(m, Message::Digest { .. })),
        "each round sends a digest"
    );
    let o = deliver(&mut n3, N2, n2.digest_for(N3));
    assert!(notes(&o)
        .iter()
        .any(|n| matches!(n, Note::Mismatch { peer, .. } if *peer == N2)));
    let (_, sync) = sent(&o).pop().expect("a Sync back: the digests differ");
    let o = deliver(&mut n2, N3, sync);
    let (_, reply) = sent(&o).pop().expect("n2 answers with its keys");
    let o = deliver(&mut n3, N2, reply);
    assert!(notes(&o).iter().any(|n| matches!(
        n,
        Note::Stored {
            cause: Cause::AntiEntropy { .. },
            ..
        }
    )));
    assert_eq!(n3.versions("x"), n2.versions("x"));
    let o = deliver(&mut n3, N2, n2.digest_for(N3));
    assert!(
        sent(&o).is_empty(),
        "equal digests: nothing more to exchange"
    );
}

#[test]
fn s4_1_the_store_hints_and_clock_counter_survive_a_crash() {
    let mut n = node(1, 5, &DynamoOptions::default());
    let mut o = out();
    n.on_client_request(at_ms(1), OpId(0), &put("x", "1", None), &mut o);
    let p = persisted(&o).expect("persisted");
    let mut back = testkit_node(1, &p);
    back.on_start(T0, &mut out());
    assert_eq!(back.versions("x"), n.versions("x"));
    let mut o = out();
    back.on_client_request(at_ms(2), OpId(1), &put("y", "2", None), &mut o);
    assert_eq!(
        puts(&o)[0].2.stamp.to_string(),
        "[n2:2]",
        "a restarted coordinator never reuses a counter"
    );
}

fn testkit_node(id: u32, p: &splitbrain_dynamo::Persistent) -> Dynamo {
    splitbrain_sim::testkit::node(id, 5, &DynamoOptions::default(), Some(p))
}

#[test]
fn s4_7_time_out_now_runs_anti_entropy_and_hands_off_hints_at_once() {
    let opts = DynamoOptions::default();
    let mut n4 = node(3, 5, &opts);
    let v = Version {
        value: "1".into(),
        stamp: Stamp::Clock {
            clock: splitbrain_dynamo::VClock::parse("[n5:1]", 5).unwrap(),
        },
    };
    deliver(
        &mut n4,
        N5,
        Message::Put {
            req: 1,
            key: "x".into(),
            version: v,
            hint_for: Some(N2),
        },
    );
    let mut o = out();
    n4.on_force_timeout(at_ms(20), &mut o);
    let msgs = sent(&o);
    assert!(msgs
        .iter()
        .any(|(_, m)| matches!(m, Message::Digest { .. })));
    assert!(msgs
        .iter()
        .any(|(to, m)| *to == N2 && matches!(m, Message::Handoff { .. })));
    let mut quiet = node(
        3,
        5,
        &DynamoOptions {
            anti_entropy_ms: 0,
            ..opts
        },
    );
    let mut o = out();
    quiet.on_force_timeout(at_ms(20), &mut o);
    assert!(
        sent(&o).is_empty(),
        "anti-entropy off, no hints: nothing to do"
    );
}
