//! Options: defaults are valid, absurd values name the offending field, unknown fields and operations are
//! refused with a clear error, never a panic.

mod common;

use common::scenario;
use splitbrain_election::{Election, ElectionOptions};
use splitbrain_sim::{Action, ClientOp, NodeId, Protocol, Scenario, Scheduled, Simulation};

fn field_of(options: ElectionOptions) -> String {
    Election::validate_options(&options, 5).unwrap_err().0
}

#[test]
fn the_defaults_are_valid() {
    assert_eq!(
        Election::validate_options(&ElectionOptions::default(), 5),
        Ok(())
    );
}

#[test]
fn absurd_timeouts_name_their_field() {
    let d = ElectionOptions::default;
    assert_eq!(
        field_of(ElectionOptions {
            heartbeat_us: 0,
            ..d()
        }),
        "heartbeat_us"
    );
    assert_eq!(
        field_of(ElectionOptions {
            leader_timeout_min_us: 0,
            ..d()
        }),
        "leader_timeout_min_us"
    );
    assert_eq!(
        field_of(ElectionOptions {
            leader_timeout_max_us: 100_000,
            ..d()
        }),
        "leader_timeout_max_us"
    );
    assert_eq!(
        field_of(ElectionOptions {
            heartbeat_us: 250_000,
            ..d()
        }),
        "leader_timeout_min_us"
    );
    assert_eq!(
        field_of(ElectionOptions {
            answer_timeout_us: 0,
            ..d()
        }),
        "answer_timeout_us"
    );
    assert_eq!(
        field_of(ElectionOptions {
            hop_timeout_us: u64::MAX,
            ..d()
        }),
        "hop_timeout_us"
    );
}

#[test]
fn a_scenario_with_bad_options_is_refused_with_the_field_named() {
    let mut sc = Scenario::new::<Election>(3, 1);
    sc.cluster.options = serde_json::json!({ "heartbeat_us": 0 });
    let err = Simulation::<Election, splitbrain_election::ElectionChecker>::new(&sc).unwrap_err();
    assert!(err.to_string().contains("heartbeat_us"), "{err}");
    sc.cluster.options = serde_json::json!({ "algorithm": "tree" });
    assert!(Simulation::<Election, splitbrain_election::ElectionChecker>::new(&sc).is_err());
    sc.cluster.options = serde_json::json!({ "no_such_option": 1 });
    assert!(Simulation::<Election, splitbrain_election::ElectionChecker>::new(&sc).is_err());
}

#[test]
fn client_operations_are_refused_before_the_run() {
    let mut sc = scenario(3, 1, ElectionOptions::default());
    sc.schedule.push(Scheduled {
        at_us: 1_000,
        action: Action::Client {
            session: None,
            node: NodeId(0),
            op: ClientOp::Get { key: "x".into() },
        },
    });
    let err = Simulation::<Election, splitbrain_election::ElectionChecker>::new(&sc).unwrap_err();
    assert!(err.to_string().contains("get"), "{err}");
}
