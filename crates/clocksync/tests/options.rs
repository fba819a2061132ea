//! Options: defaults are valid, absurd values name the offending field, bad scenarios are refused
//! with a clear error and never a panic.

mod common;

use splitbrain_clocksync::{ClockSync, ClockSyncOptions};
use splitbrain_sim::{Protocol, Scenario};

#[test]
fn defaults_are_valid() {
    assert!(ClockSync::validate_options(&ClockSyncOptions::default(), 3).is_ok());
}

#[test]
fn absurd_options_name_their_field() {
    let cases: Vec<(ClockSyncOptions, &str)> = vec![
        (
            ClockSyncOptions {
                interval_ms: 0,
                ..Default::default()
            },
            "interval_ms",
        ),
        (
            ClockSyncOptions {
                interval_ms: 1_000_000,
                ..Default::default()
            },
            "interval_ms",
        ),
        (
            ClockSyncOptions {
                max_drift_ppm: 900_000,
                ..Default::default()
            },
            "max_drift_ppm",
        ),
        (
            ClockSyncOptions {
                slew_ppm: 0,
                ..Default::default()
            },
            "slew_ppm",
        ),
        (
            ClockSyncOptions {
                outlier_ms: 0,
                ..Default::default()
            },
            "outlier_ms",
        ),
    ];
    for (o, field) in cases {
        let (f, why) = ClockSync::validate_options(&o, 3).unwrap_err();
        assert_eq!(f, field, "{why}");
    }
}

fn scenario_json(options: &str, op: &str) -> String {
    format!(
        r#"{{"cluster":{{"protocol":"clocksync","nodes":3,"options":{options}}},
            "schedule":[{{"at_us":1000,"action":{{"type":"client","node":1,"op":{op}}}}}]}}"#
    )
}

#[test]
fn an_unknown_algorithm_or_option_is_refused() {
    for options in [
        r#"{"algorithm":"sundial"}"#,
        r#"{"interval":5}"#,
        r#"{"slew_ppm":0}"#,
    ] {
        let sc = Scenario::from_json(&scenario_json(
            options,
            r#"{"type":"put","key":"x","value":"1"}"#,
        ))
        .unwrap();
        let err = sc.validate_for::<ClockSync>().unwrap_err().to_string();
        assert!(!err.is_empty());
    }
}

#[test]
fn an_operation_clocksync_does_not_serve_is_refused() {
    let sc = Scenario::from_json(&scenario_json("{}", r#"{"type":"get","key":"x"}"#)).unwrap();
    let err = sc.validate_for::<ClockSync>().unwrap_err().to_string();
    assert!(err.contains("get"), "{err}");
}
