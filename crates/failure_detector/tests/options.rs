//! Options: defaults that validate, absurd values refused with the offending field named, unknown fields
//! and client operations refused with an error, never a panic.

mod common;

use common::scenario;
use splitbrain_failure_detector::{Algorithm, FailureDetector, FdOptions, Mutant};
use splitbrain_sim::{Action, ClientOp, NodeId, Protocol, Scenario};

fn field(o: FdOptions) -> String {
    FailureDetector::validate_options(&o, 3).unwrap_err().0
}

#[test]
fn the_defaults_validate_for_every_algorithm() {
    for algorithm in [Algorithm::Heartbeat, Algorithm::PhiAccrual, Algorithm::Swim] {
        let o = FdOptions {
            algorithm,
            ..FdOptions::default()
        };
        assert_eq!(FailureDetector::validate_options(&o, 5), Ok(()));
    }
}

#[test]
fn absurd_values_name_the_offending_field() {
    let d = FdOptions::default;
    assert_eq!(
        field(FdOptions {
            interval_ms: 0,
            ..d()
        }),
        "interval_ms"
    );
    assert_eq!(
        field(FdOptions {
            timeout_ms: 100,
            ..d()
        }),
        "timeout_ms"
    );
    assert_eq!(
        field(FdOptions {
            timeout_ms: 10_000_000,
            ..d()
        }),
        "timeout_ms"
    );
    assert_eq!(
        field(FdOptions {
            phi_threshold: 0,
            ..d()
        }),
        "phi_threshold"
    );
    assert_eq!(field(FdOptions { window: 0, ..d() }), "window");
    assert_eq!(
        field(FdOptions {
            min_std_ms: 0,
            ..d()
        }),
        "min_std_ms"
    );
    assert_eq!(
        field(FdOptions {
            period_ms: 0,
            ..d()
        }),
        "period_ms"
    );
    assert_eq!(
        field(FdOptions {
            ping_timeout_ms: 400,
            ..d()
        }),
        "ping_timeout_ms"
    );
    assert_eq!(
        field(FdOptions {
            indirect_probes: 99,
            ..d()
        }),
        "indirect_probes"
    );
    assert_eq!(
        field(FdOptions {
            suspicion_timeout_ms: 0,
            ..d()
        }),
        "suspicion_timeout_ms"
    );
    assert_eq!(
        field(FdOptions {
            retransmit_mult: 0,
            ..d()
        }),
        "retransmit_mult"
    );
}

#[test]
fn a_mutant_must_match_its_algorithm() {
    let o = FdOptions {
        mutant: Mutant::NoIncarnation,
        ..FdOptions::default()
    };
    let (f, why) = FailureDetector::validate_options(&o, 3).unwrap_err();
    assert_eq!(f, "mutant");
    assert!(why.contains("swim"), "{why}");
    let o = FdOptions {
        algorithm: Algorithm::Swim,
        mutant: Mutant::TimeoutBelowInterval,
        ..FdOptions::default()
    };
    assert_eq!(field(o), "mutant");
}

#[test]
fn a_scenario_with_bad_options_is_refused_with_the_field_path() {
    let mut sc = scenario(3, 1, FdOptions::default());
    sc.cluster.options = serde_json::json!({ "algorithm": "swim", "period_ms": 0 });
    let err = sc
        .validate_for::<FailureDetector>()
        .unwrap_err()
        .to_string();
    assert!(err.contains("period_ms"), "{err}");
    sc.cluster.options = serde_json::json!({ "algorithm": "gossip" });
    assert!(sc.validate_for::<FailureDetector>().is_err());
    sc.cluster.options = serde_json::json!({ "timeout": 3 });
    assert!(sc.validate_for::<FailureDetector>().is_err());
}

#[test]
fn client_operations_are_refused_before_the_run() {
    let mut sc: Scenario = scenario(3, 1, FdOptions::default());
    sc.schedule.push(splitbrain_sim::Scheduled {
        at_us: 1_000,
        action: Action::Client {
            session: None,
            node: NodeId(0),
            op: ClientOp::Send {
                to: None,
                text: "hi".into(),
            },
        },
    });
    let err = sc
        .validate_for::<FailureDetector>()
        .unwrap_err()
        .to_string();
    assert!(err.contains("send"), "{err}");
}
