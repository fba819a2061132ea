//! Options: defaults, serde, and absurd values refused with the offending field named (never a panic).

use splitbrain_mutex::{Algorithm, DistMutex, Mutant, MutexOptions};
use splitbrain_sim::{ClientOp, Protocol, Scenario};

fn field(o: &MutexOptions, nodes: u32) -> String {
    DistMutex::validate_options(o, nodes).unwrap_err().0
}

#[test]
fn defaults_are_valid_and_round_trip() {
    let o = MutexOptions::default();
    assert!(DistMutex::validate_options(&o, 3).is_ok());
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(serde_json::from_value::<MutexOptions>(json).unwrap(), o);
    let o: MutexOptions = serde_json::from_str(r#"{"algorithm":"lock_server"}"#).unwrap();
    assert_eq!(o.algorithm, Algorithm::LockServer);
    assert!(o.fencing);
}

#[test]
fn bad_values_name_their_field() {
    let d = MutexOptions::default();
    assert_eq!(field(&d, 1), "nodes");
    assert_eq!(field(&d, 10), "nodes");
    for (f, o) in [
        (
            "critical_section_us",
            MutexOptions {
                critical_section_us: 0,
                ..d.clone()
            },
        ),
        (
            "lease_us",
            MutexOptions {
                lease_us: u64::MAX,
                ..d.clone()
            },
        ),
        (
            "retry_us",
            MutexOptions {
                retry_us: 10,
                ..d.clone()
            },
        ),
    ] {
        assert_eq!(field(&o, 3), f);
    }
}

#[test]
fn a_mutant_must_match_its_algorithm() {
    let o = MutexOptions {
        mutant: Some(Mutant::ReplyImmediately),
        ..MutexOptions::default()
    };
    assert_eq!(field(&o, 3), "mutant");
    let o = MutexOptions {
        algorithm: Algorithm::LockServer,
        mutant: Some(Mutant::NoWaitForLater),
        ..MutexOptions::default()
    };
    assert_eq!(field(&o, 3), "mutant");
}

#[test]
fn unknown_options_and_operations_are_refused_with_an_error() {
    assert!(serde_json::from_str::<MutexOptions>(r#"{"algo":"lamport"}"#).is_err());
    assert!(serde_json::from_str::<MutexOptions>(r#"{"algorithm":"bakery"}"#).is_err());
    let mut sc = Scenario::new::<DistMutex>(3, 1);
    sc.schedule.push(splitbrain_sim::Scheduled {
        at_us: 1000,
        action: splitbrain_sim::Action::Client {
            session: None,
            node: splitbrain_sim::NodeId(0),
            op: ClientOp::Cas {
                key: "x".into(),
                expected: "1".into(),
                new: "2".into(),
            },
        },
    });
    assert!(sc.validate_for::<DistMutex>().is_err());
}
