//! Options: defaults are valid, absurd values name the offending field, unknown fields and operations are
//! refused with a clear error, never a panic.

mod common;

use common::*;
use splitbrain_broadcast::{Broadcast, BroadcastChecker, BroadcastOptions, Mutant, Order};
use splitbrain_sim::{Action, ClientOp, NodeId, Protocol, Scenario, Scheduled, Simulation};

fn field_of(options: BroadcastOptions, nodes: u32) -> String {
    Broadcast::validate_options(&options, nodes).unwrap_err().0
}

#[test]
fn the_defaults_are_valid() {
    assert_eq!(
        Broadcast::validate_options(&BroadcastOptions::default(), 3),
        Ok(())
    );
}

#[test]
fn absurd_values_name_their_field() {
    let d = BroadcastOptions::default;
    assert_eq!(
        field_of(
            BroadcastOptions {
                reply_delay_us: u64::MAX,
                ..d()
            },
            3
        ),
        "reply_delay_us"
    );
    assert_eq!(field_of(d(), 40), "order");
    let misplaced = BroadcastOptions {
        order: Order::Fifo,
        mutant: Mutant::NoAckWait,
        ..d()
    };
    assert_eq!(field_of(misplaced, 3), "mutant");
}

#[test]
fn a_scenario_with_bad_options_is_refused_with_the_field_named() {
    let mut sc = Scenario::new::<Broadcast>(3, 1);
    sc.cluster.options = serde_json::json!({ "order": "alphabetical" });
    let err = Simulation::<Broadcast, BroadcastChecker>::new(&sc).unwrap_err();
    assert!(err.to_string().contains("order"), "{err}");
    sc.cluster.options = serde_json::json!({ "no_such_option": 1 });
    assert!(Simulation::<Broadcast, BroadcastChecker>::new(&sc).is_err());
}

#[test]
fn operations_other_than_send_are_refused_before_the_run() {
    let mut sc = scenario(3, 1, BroadcastOptions::default());
    sc.schedule.push(Scheduled {
        at_us: 1_000,
        action: Action::Client {
            session: None,
            node: NodeId(0),
            op: ClientOp::Put {
                context: None,
                key: "x".into(),
                value: "1".into(),
            },
        },
    });
    let err = Simulation::<Broadcast, BroadcastChecker>::new(&sc).unwrap_err();
    assert!(err.to_string().contains("put"), "{err}");
}

#[test]
fn a_send_to_a_node_that_does_not_exist_is_answered_with_a_refusal() {
    let mut sc = scenario(3, 1, BroadcastOptions::default());
    sc.schedule.push(Scheduled {
        at_us: 1_000,
        action: send(0, Some(0), "me?"),
    });
    let run = Run::new(&sc).until_ms(100);
    assert!(
        matches!(
            run.results()[0].1,
            splitbrain_sim::ClientOutcome::Rejected { .. }
        ),
        "{:?}",
        run.results()
    );
}
