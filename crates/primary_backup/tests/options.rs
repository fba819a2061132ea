//! Bad input: absurd options and operations the protocol does not accept give a clear error naming the
//! field, never a panic.

mod common;

use common::*;
use splitbrain_primary_backup::{PbChecker, PbOptions, PrimaryBackup};
use splitbrain_sim::{Action, ClientOp, NodeId, Scenario, Simulation};

fn error_for(options: serde_json::Value, nodes: u32) -> String {
    let mut sc = Scenario::new::<PrimaryBackup>(nodes, 1);
    sc.cluster.options = options;
    sc.validate_for::<PrimaryBackup>().unwrap_err().to_string()
}

#[test]
fn one_primary_and_one_to_eight_backups() {
    for n in [0, 1, 10, 40] {
        let (field, message) = PbOptions::default().validate(n).unwrap_err();
        assert_eq!(field, "nodes");
        assert!(message.contains("2 to 9"), "{message}");
    }
    assert!(PbOptions::default().validate(2).is_ok());
    assert!(PbOptions::default().validate(9).is_ok());
    assert!(error_for(serde_json::json!({}), 12).contains("nodes"));
}

#[test]
fn absurd_timeouts_name_their_field() {
    for (field, value) in [
        ("heartbeat_us", serde_json::json!(0)),
        ("failure_timeout_min_us", serde_json::json!(u64::MAX)),
        ("failure_timeout_max_us", serde_json::json!(999_999_999)),
    ] {
        let e = error_for(serde_json::json!({ field: value }), 3);
        assert!(
            e.contains(&format!("cluster.options.{field}")),
            "{field}: {e}"
        );
    }
    let e = error_for(serde_json::json!({ "heartbeat_us": -5 }), 3);
    assert!(e.contains("heartbeat_us"), "{e}");
    let e = error_for(
        serde_json::json!({ "failure_timeout_min_us": 500000, "failure_timeout_max_us": 400000 }),
        3,
    );
    assert!(
        e.contains("failure_timeout_min_us") && e.contains("above the maximum"),
        "{e}"
    );
    let e = error_for(serde_json::json!({ "heartbeat_us": 400000 }), 3);
    assert!(e.contains("heartbeat_us") && e.contains("not below"), "{e}");
}

#[test]
fn unknown_modes_mutants_and_options_are_refused() {
    for (field, value) in [
        ("replication", "eventually"),
        ("failover", "coin_toss"),
        ("reads", "anywhere"),
        ("mutant", "forget_everything"),
    ] {
        let e = error_for(serde_json::json!({ field: value }), 3);
        assert!(e.contains(field), "{field}: {e}");
    }
    let e = error_for(serde_json::json!({ "quorum": 1 }), 3);
    assert!(e.contains("quorum"), "{e}");
}

#[test]
fn cas_and_transactions_are_refused_before_the_run() {
    let mut sc = scenario(3, 1, PbOptions::default());
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
    let e = Simulation::<PrimaryBackup, PbChecker>::new(&sc)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("`cas`") && e.contains("`primary-backup`"), "{e}");
}

#[test]
fn defaults_are_the_safe_configuration_and_round_trip() {
    let o = PbOptions::default();
    assert!(o.validate(3).is_ok());
    assert_eq!(o.replication, splitbrain_primary_backup::Replication::Sync);
    assert_eq!(o.failover, splitbrain_primary_backup::Failover::Majority);
    assert_eq!(o.reads, splitbrain_primary_backup::Reads::Primary);
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(serde_json::from_value::<PbOptions>(json).unwrap(), o);
}
