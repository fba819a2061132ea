//! Options: defaults are valid, absurd values name the offending field, a cluster of other than two
//! generals, unknown fields and client operations are refused with a clear error, never a panic.

mod common;

use splitbrain_sim::{Action, ClientOp, NodeId, Protocol, Scenario, Scheduled, Simulation};
use splitbrain_two_generals::{General, GeneralsChecker, TwoGeneralsOptions};

fn field_of(options: TwoGeneralsOptions, nodes: u32) -> String {
    General::validate_options(&options, nodes).unwrap_err().0
}

#[test]
fn the_defaults_are_valid() {
    assert_eq!(
        General::validate_options(&TwoGeneralsOptions::default(), 2),
        Ok(())
    );
}

#[test]
fn absurd_values_name_their_field() {
    let d = TwoGeneralsOptions::default;
    assert_eq!(
        field_of(TwoGeneralsOptions { rounds: 0, ..d() }, 2),
        "rounds"
    );
    assert_eq!(
        field_of(TwoGeneralsOptions { rounds: 21, ..d() }, 2),
        "rounds"
    );
    assert_eq!(
        field_of(
            TwoGeneralsOptions {
                deadline_ms: 0,
                ..d()
            },
            2
        ),
        "deadline_ms"
    );
    assert_eq!(
        field_of(
            TwoGeneralsOptions {
                deadline_ms: u64::MAX,
                ..d()
            },
            2
        ),
        "deadline_ms"
    );
    assert_eq!(
        field_of(
            TwoGeneralsOptions {
                resend_ms: 5_000,
                ..d()
            },
            2
        ),
        "resend_ms"
    );
    assert_eq!(field_of(d(), 3), "nodes");
}

fn refused(sc: &Scenario) -> String {
    Simulation::<General, GeneralsChecker>::new(sc)
        .unwrap_err()
        .to_string()
}

#[test]
fn a_scenario_with_bad_options_is_refused_with_the_field_named() {
    let mut sc = Scenario::new::<General>(2, 1);
    sc.cluster.options = serde_json::json!({ "rounds": 0 });
    assert!(refused(&sc).contains("rounds"));
    sc.cluster.options = serde_json::json!({ "mutant": "always_attack" });
    assert!(refused(&sc).contains("mutant"));
    sc.cluster.options = serde_json::json!({ "no_such_option": 1 });
    assert!(refused(&sc).contains("no_such_option"));
    let sc = Scenario::new::<General>(3, 1);
    assert!(refused(&sc).contains("two generals"));
}

#[test]
fn client_operations_are_refused_before_the_run() {
    let mut sc = Scenario::new::<General>(2, 1);
    sc.schedule.push(Scheduled {
        at_us: 1_000,
        action: Action::Client {
            session: None,
            node: NodeId(0),
            op: ClientOp::Get { key: "x".into() },
        },
    });
    assert!(refused(&sc).contains("get"));
}
