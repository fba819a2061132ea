//! Options: defaults are valid, absurd values name the offending field, unknown fields and operations are
//! refused with a clear error, never a panic.

mod common;

use common::scenario;
use splitbrain_sim::{Action, ClientOp, NodeId, Protocol, Scenario, Scheduled, Simulation};
use splitbrain_snapshot::{Snapshot, SnapshotChecker, SnapshotOptions};

fn field_of(options: SnapshotOptions) -> String {
    Snapshot::validate_options(&options, 3).unwrap_err().0
}

#[test]
fn the_defaults_are_valid() {
    assert_eq!(
        Snapshot::validate_options(&SnapshotOptions::default(), 3),
        Ok(())
    );
}

#[test]
fn absurd_values_name_their_field() {
    let d = SnapshotOptions::default;
    assert_eq!(
        field_of(SnapshotOptions {
            initial_balance: 0,
            ..d()
        }),
        "initial_balance"
    );
    assert_eq!(
        field_of(SnapshotOptions {
            transfer_every_ms: 0,
            ..d()
        }),
        "transfer_every_ms"
    );
    assert_eq!(
        field_of(SnapshotOptions {
            max_transfer: 101,
            ..d()
        }),
        "max_transfer"
    );
    assert_eq!(
        field_of(SnapshotOptions {
            snapshot_at_ms: vec![u64::MAX],
            ..d()
        }),
        "snapshot_at_ms"
    );
    assert_eq!(
        field_of(SnapshotOptions {
            initiator: NodeId(3),
            ..d()
        }),
        "initiator"
    );
    assert_eq!(
        field_of(SnapshotOptions {
            retransmit_ms: 0,
            ..d()
        }),
        "retransmit_ms"
    );
    assert_eq!(Snapshot::validate_options(&d(), 40).unwrap_err().0, "nodes");
}

#[test]
fn a_scenario_with_bad_options_is_refused_with_the_field_named() {
    let mut sc = Scenario::new::<Snapshot>(3, 1);
    sc.cluster.options = serde_json::json!({ "initiator": 7 });
    let err = Simulation::<Snapshot, SnapshotChecker>::new(&sc).unwrap_err();
    assert!(err.to_string().contains("initiator"), "{err}");
    sc.cluster.options = serde_json::json!({ "mutant": "forget_markers" });
    assert!(Simulation::<Snapshot, SnapshotChecker>::new(&sc).is_err());
    sc.cluster.options = serde_json::json!({ "no_such_option": 1 });
    assert!(Simulation::<Snapshot, SnapshotChecker>::new(&sc).is_err());
}

#[test]
fn client_operations_are_refused_before_the_run() {
    let mut sc = scenario(3, 1, SnapshotOptions::default());
    sc.schedule.push(Scheduled {
        at_us: 1_000,
        action: Action::Client {
            session: None,
            node: NodeId(0),
            op: ClientOp::Send {
                to: None,
                text: "hello".into(),
            },
        },
    });
    let err = Simulation::<Snapshot, SnapshotChecker>::new(&sc).unwrap_err();
    assert!(err.to_string().contains("send"), "{err}");
}

#[test]
fn a_single_node_snapshot_is_assembled_at_once() {
    let sc = scenario(1, 1, SnapshotOptions::default());
    let mut sim = Simulation::<Snapshot, SnapshotChecker>::new(&sc).unwrap();
    let (mut events, mut violations) = (Vec::new(), Vec::new());
    sim.run_until(
        splitbrain_sim::SimTime(2_000_000),
        &mut events,
        &mut violations,
    );
    assert!(violations.is_empty());
    assert_eq!(
        splitbrain_snapshot::check::snapshots(&events)
            .get(&1)
            .map(|a| a.is_some()),
        Some(true)
    );
}
