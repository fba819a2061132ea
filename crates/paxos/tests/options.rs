//! Bad input: absurd options and operations a protocol does not accept give a clear error naming the field.

mod common;

use common::*;
use splitbrain_paxos::{MultiPaxos, Paxos, PaxosOptions};
use splitbrain_sim::{Scenario, Simulation};

fn error_for(options: serde_json::Value, nodes: u32) -> String {
    let mut sc = Scenario::new::<MultiPaxos>(nodes, 1);
    sc.cluster.options = options;
    sc.validate_for::<MultiPaxos>().unwrap_err().to_string()
}

#[test]
fn absurd_cluster_sizes_are_refused() {
    assert!(PaxosOptions::default().validate(0).unwrap_err().0 == "nodes");
    let (field, message) = PaxosOptions::default().validate(40).unwrap_err();
    assert_eq!(field, "nodes");
    assert!(message.contains("1 to 25"), "{message}");
    assert!(PaxosOptions::default().validate(25).is_ok());
    assert!(error_for(serde_json::json!({}), 40).contains("nodes"));
}

#[test]
fn absurd_timeouts_name_their_field() {
    for (field, value) in [
        ("backoff_min_us", serde_json::json!(0)),
        ("round_timeout_us", serde_json::json!(u64::MAX)),
        ("heartbeat_us", serde_json::json!(999_999_999)),
    ] {
        let e = error_for(serde_json::json!({ field: value }), 3);
        assert!(
            e.contains(&format!("cluster.options.{field}")),
            "{field}: {e}"
        );
    }
    let e = error_for(serde_json::json!({ "backoff_min_us": -5 }), 3);
    assert!(e.contains("backoff_min_us"), "{e}");
    let e = error_for(
        serde_json::json!({ "backoff_min_us": 500000, "backoff_max_us": 100000 }),
        3,
    );
    assert!(
        e.contains("backoff_min_us") && e.contains("above the maximum"),
        "{e}"
    );
}

#[test]
fn an_unknown_mutant_or_option_is_refused() {
    let e = error_for(serde_json::json!({ "mutant": "forget_everything" }), 3);
    assert!(e.contains("mutant"), "{e}");
    let e = error_for(serde_json::json!({ "quorum": 1 }), 3);
    assert!(e.contains("quorum"), "{e}");
}

#[test]
fn cas_is_refused_for_single_decree_paxos_and_accepted_by_multi_paxos() {
    let mut sc = scenario::<Paxos>(3, 1, PaxosOptions::default());
    at(&mut sc, 10, cas(0, "x", "1", "2"));
    let e = Simulation::<Paxos, splitbrain_paxos::PaxosChecker>::new(&sc)
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("`cas`") && e.contains("`paxos`"), "{e}");
    let mut sc = scenario::<MultiPaxos>(3, 1, PaxosOptions::default());
    at(&mut sc, 10, cas(0, "x", "1", "2"));
    assert!(sc.validate_for::<MultiPaxos>().is_ok());
}

#[test]
fn defaults_are_valid_and_round_trip() {
    let o = PaxosOptions::default();
    assert!(o.validate(5).is_ok());
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(serde_json::from_value::<PaxosOptions>(json).unwrap(), o);
}
