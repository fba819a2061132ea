//! Options: defaults that validate, absurd values refused with the offending field named, unknown fields
//! and client operations Dynamo does not serve refused with an error, a bad put context refused at run
//! time with a reason: never a panic.

mod common;

use common::*;
use splitbrain_dynamo::{Dynamo, DynamoOptions, Mutant, Resolution};
use splitbrain_sim::testkit::replies;
use splitbrain_sim::{Action, ClientOp, ClientResponse, NodeId, OpId, Protocol, Scheduled};

fn field(o: DynamoOptions, nodes: u32) -> (String, String) {
    Dynamo::validate_options(&o, nodes).unwrap_err()
}

#[test]
fn the_defaults_and_every_mutant_validate() {
    assert_eq!(
        Dynamo::validate_options(&DynamoOptions::default(), 5),
        Ok(())
    );
    for m in Mutant::ALL {
        let o = DynamoOptions {
            mutant: Some(m),
            resolution: Resolution::LastWriterWins,
            ..DynamoOptions::default()
        };
        assert_eq!(Dynamo::validate_options(&o, 3), Ok(()));
    }
}

#[test]
fn quorums_outside_one_to_n_name_their_field() {
    let d = DynamoOptions::default;
    let (f, why) = field(
        DynamoOptions {
            write_quorum: 0,
            ..d()
        },
        5,
    );
    assert_eq!(f, "write_quorum");
    assert!(why.contains("between 1 and replicas (3)"), "{why}");
    assert_eq!(
        field(
            DynamoOptions {
                read_quorum: 4,
                ..d()
            },
            5
        )
        .0,
        "read_quorum"
    );
    assert_eq!(field(DynamoOptions { replicas: 6, ..d() }, 5).0, "replicas");
    assert_eq!(field(DynamoOptions { replicas: 0, ..d() }, 5).0, "replicas");
}

#[test]
fn absurd_ring_and_timer_values_name_their_field() {
    let d = DynamoOptions::default;
    assert_eq!(field(d(), 2).0, "nodes");
    assert_eq!(field(d(), 10).0, "nodes");
    assert_eq!(field(DynamoOptions { vnodes: 0, ..d() }, 5).0, "vnodes");
    assert_eq!(field(DynamoOptions { vnodes: 17, ..d() }, 5).0, "vnodes");
    assert_eq!(
        field(
            DynamoOptions {
                anti_entropy_ms: 5,
                ..d()
            },
            5
        )
        .0,
        "anti_entropy_ms"
    );
    assert_eq!(
        Dynamo::validate_options(
            &DynamoOptions {
                anti_entropy_ms: 0,
                ..d()
            },
            5
        ),
        Ok(())
    );
    assert_eq!(
        field(
            DynamoOptions {
                request_timeout_ms: 0,
                ..d()
            },
            5
        )
        .0,
        "request_timeout_ms"
    );
    assert_eq!(
        field(
            DynamoOptions {
                handoff_ms: 1_000_000,
                ..d()
            },
            5
        )
        .0,
        "handoff_ms"
    );
    assert_eq!(
        field(
            DynamoOptions {
                suspect_ms: 1,
                ..d()
            },
            5
        )
        .0,
        "suspect_ms"
    );
}

#[test]
fn a_scenario_with_bad_options_is_refused_with_the_field_path() {
    let mut sc = scenario(5, 1, DynamoOptions::default());
    sc.cluster.options = serde_json::json!({ "write_quorum": 4 });
    let err = sc.validate_for::<Dynamo>().unwrap_err().to_string();
    assert!(err.contains("write_quorum"), "{err}");
    sc.cluster.options = serde_json::json!({ "resolution": "newest" });
    assert!(sc.validate_for::<Dynamo>().is_err());
    sc.cluster.options = serde_json::json!({ "quorum": 2 });
    let err = sc.validate_for::<Dynamo>().unwrap_err().to_string();
    assert!(err.contains("quorum"), "{err}");
    sc.cluster.options = serde_json::json!({ "mutant": "forgets_everything" });
    assert!(sc.validate_for::<Dynamo>().is_err());
}

#[test]
fn operations_dynamo_does_not_serve_are_refused_before_the_run() {
    let mut sc = scenario(3, 1, DynamoOptions::default());
    sc.schedule.push(Scheduled {
        at_us: 1_000,
        action: Action::Client {
            session: None,
            node: NodeId(0),
            op: ClientOp::Increment {
                key: "x".into(),
                by: 1,
            },
        },
    });
    let err = sc.validate_for::<Dynamo>().unwrap_err().to_string();
    assert!(err.contains("increment"), "{err}");
}

#[test]
fn a_put_whose_context_is_not_a_vector_clock_is_refused_with_the_reason() {
    let mut n = node(0, 3, &DynamoOptions::default());
    for (context, why) in [
        ("n1:2", "brackets"),
        ("[n7:1]", "not a node"),
        ("[n1:x]", "not a counter"),
    ] {
        let mut o = out();
        let put = ClientOp::Put {
            key: "x".into(),
            value: "1".into(),
            context: Some(context.into()),
        };
        n.on_client_request(at_ms(1), OpId(1), &put, &mut o);
        match replies(&o).as_slice() {
            [(OpId(1), ClientResponse::Fail { reason })] => {
                assert!(reason.contains(why), "{reason}")
            }
            other => panic!("{context}: {other:?}"),
        }
        assert!(
            sent(&o).is_empty(),
            "a refused put is not sent to any replica"
        );
    }
}

#[test]
fn a_context_at_the_counters_limit_is_refused_not_overflowed() {
    let mut n = node(0, 3, &DynamoOptions::default());
    let mut o = out();
    let put = ClientOp::Put {
        key: "x".into(),
        value: "1".into(),
        context: Some(format!("[n1:{}]", u64::MAX)),
    };
    n.on_client_request(at_ms(1), OpId(1), &put, &mut o);
    assert!(
        matches!(replies(&o).as_slice(), [(OpId(1), ClientResponse::Fail { reason })] if reason.contains("cannot go higher"))
    );
}
