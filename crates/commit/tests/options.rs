//! Bad input: absurd options and operations the protocol does not accept give a clear error naming the
//! field, never a panic.

mod common;

use common::*;
use splitbrain_commit::{CommitChecker, CommitOptions, TwoPhaseCommit};
use splitbrain_sim::{Action, ClientOp, NodeId, Scenario, Simulation};

fn error_for(options: serde_json::Value, nodes: u32) -> String {
    let mut sc = Scenario::new::<TwoPhaseCommit>(nodes, 1);
    sc.cluster.options = options;
    sc.validate_for::<TwoPhaseCommit>().unwrap_err().to_string()
}

#[test]
fn cluster_sizes_outside_one_coordinator_and_2_to_9_participants_are_refused() {
    for n in [1, 2, 11, 40] {
        assert!(error_for(serde_json::json!({}), n).contains("nodes"), "{n}");
    }
    assert!(CommitOptions::default().validate(3).is_ok());
    assert!(CommitOptions::default().validate(10).is_ok());
}

#[test]
fn absurd_timeouts_name_their_field() {
    for (field, value) in [
        ("vote_timeout_us", serde_json::json!(0)),
        ("decision_timeout_us", serde_json::json!(u64::MAX)),
        ("retry_us", serde_json::json!(999_999_999)),
        ("lock_wait_us", serde_json::json!(61_000_000)),
    ] {
        let e = error_for(serde_json::json!({ field: value }), 3);
        assert!(
            e.contains(&format!("cluster.options.{field}")),
            "{field}: {e}"
        );
    }
    let e = error_for(serde_json::json!({ "vote_timeout_us": -5 }), 3);
    assert!(e.contains("vote_timeout_us"), "{e}");
}

#[test]
fn three_phase_commit_refuses_two_phase_only_options() {
    let e = error_for(
        serde_json::json!({ "variant": "three_phase", "presumed_abort": true }),
        3,
    );
    assert!(e.contains("presumed_abort"), "{e}");
    let e = error_for(
        serde_json::json!({ "variant": "three_phase", "cooperative_termination": true }),
        3,
    );
    assert!(e.contains("cooperative_termination"), "{e}");
}

#[test]
fn an_unknown_mutant_variant_or_option_is_refused() {
    assert!(error_for(serde_json::json!({ "mutant": "forget_everything" }), 3).contains("mutant"));
    assert!(error_for(serde_json::json!({ "variant": "four_phase" }), 3).contains("variant"));
    assert!(error_for(serde_json::json!({ "quorum": 1 }), 3).contains("quorum"));
}

#[test]
fn cas_and_malformed_transactions_are_refused_before_the_run() {
    let mut sc = scenario(3, 1, CommitOptions::default());
    at(
        &mut sc,
        10,
        Action::Client {
            session: None,
            node: NodeId(0),
            op: ClientOp::Cas {
                key: "x".into(),
                expected: "1".into(),
                new: "2".into(),
            },
        },
    );
    let e = Simulation::<TwoPhaseCommit, CommitChecker>::new(&sc)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("`cas`") && e.contains("two-phase-commit"), "{e}");
    let mut sc = scenario(3, 1, CommitOptions::default());
    let op: ClientOp =
        serde_json::from_str(r#"{"type":"txn","writes":{"x":"1"},"reads":["x"]}"#).unwrap();
    at(
        &mut sc,
        10,
        Action::Client {
            session: None,
            node: NodeId(0),
            op,
        },
    );
    assert!(sc
        .validate_for::<TwoPhaseCommit>()
        .unwrap_err()
        .to_string()
        .contains("not both"));
}

#[test]
fn defaults_are_valid_and_round_trip() {
    let o = CommitOptions::default();
    assert!(o.validate(4).is_ok());
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(serde_json::from_value::<CommitOptions>(json).unwrap(), o);
}
