//! Scenario and trace JSON: round trips, and bad input that names where it is wrong instead of panicking.

mod common;

use common::*;
use splitbrain_sim::ping::Ping;
use splitbrain_sim::*;

const GOOD: &str = r#"{
  "name": "two nodes",
  "cluster": { "protocol": "ping", "nodes": 2 },
  "seed": 3,
  "network": { "latency_min_us": 1000, "latency_max_us": 5000, "loss": 0.1 },
  "schedule": [
    { "at_us": 100000, "action": { "type": "crash", "node": 1 } },
    { "at_us": 200000, "action": { "type": "client", "node": 0, "op": { "type": "put", "key": "x", "value": "1" } } }
  ],
  "narration": [
    { "at_us": 150000, "text": "pongs flow", "expect": { "note": "pong" } },
    { "at_us": 160000, "text": "ping has no leaders", "expect": { "note": "leader" } }
  ]
}"#;

fn error_of(text: &str) -> String {
    match Scenario::from_json(text).and_then(|s| s.validate_for::<Ping>().map(|_| s)) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn scenario_round_trips() {
    let sc = Scenario::from_json(GOOD).unwrap();
    sc.validate_for::<Ping>().unwrap();
    let again = Scenario::from_json(&sc.to_json_pretty()).unwrap();
    assert_eq!(sc, again);
}

#[test]
fn random_scenarios_round_trip() {
    for seed in 0..100 {
        let sc = random_scenario(seed);
        assert_eq!(Scenario::from_json(&sc.to_json_pretty()).unwrap(), sc);
    }
}

#[test]
fn trace_round_trips_byte_for_byte() {
    let sc = random_scenario(5);
    let json = trace_json(&sc, 800_000);
    let file = TraceFile::<Ping>::from_json(&json).unwrap();
    assert_eq!(file.to_json(), json);
}

#[test]
fn importing_a_trace_reproduces_the_run() {
    let sc = Scenario::from_json(GOOD).unwrap();
    let json = trace_json(&sc, 1_000_000);
    let file = TraceFile::<Ping>::from_json(&json).unwrap();
    let mut again: Timeline<Ping, NoChecker> = Timeline::new(&file.scenario).unwrap();
    again.run_until(file.end_time);
    assert_eq!(again.to_trace_file().to_json(), json);
    assert_eq!(file.checkpoints.len(), 2);
    assert!(file.checkpoints[0].passed);
    assert!(!file.checkpoints[1].passed, "a checkpoint can fail");
    assert_eq!(file.checkpoints[1].text, "ping has no leaders");
}

#[test]
fn truncated_json_names_line_and_column() {
    let cut = &GOOD[..GOOD.len() / 2];
    let err = error_of(cut);
    assert!(err.contains("line"), "{err}");
    assert!(err.contains("EOF"), "{err}");
}

#[test]
fn wrong_types_and_unknown_fields_name_the_field_path() {
    let err = error_of(&GOOD.replace(r#""loss": 0.1"#, r#""loss": "lots""#));
    assert!(err.starts_with("network.loss"), "{err}");
    let err = error_of(&GOOD.replace(r#""seed": 3"#, r#""sede": 3"#));
    assert!(err.contains("sede"), "{err}");
    let err = error_of(&GOOD.replace(r#""type": "crash""#, r#""type": "explode""#));
    assert!(err.starts_with("schedule[0].action"), "{err}");
}

#[test]
fn absurd_values_name_the_field_path() {
    let cases = [
        (r#""nodes": 2"#, r#""nodes": 0"#, "cluster.nodes"),
        (r#""nodes": 2"#, r#""nodes": 100000"#, "cluster.nodes"),
        (r#""loss": 0.1"#, r#""loss": 7"#, "network.loss"),
        (
            r#""latency_max_us": 5000"#,
            r#""latency_max_us": 500"#,
            "network.latency_min_us",
        ),
        (
            r#""latency_max_us": 5000"#,
            r#""latency_max_us": 99999999999"#,
            "network.latency_max_us",
        ),
        (
            r#""type": "crash", "node": 1"#,
            r#""type": "crash", "node": 9"#,
            "schedule[0].action.node",
        ),
        (
            r#""protocol": "ping""#,
            r#""protocol": "paxos""#,
            "protocol",
        ),
    ];
    for (from, to, path) in cases {
        let text = GOOD.replace(from, to);
        assert_ne!(text, GOOD, "{from}");
        let err = error_of(&text);
        assert!(err.contains(path), "{to}: {err}");
    }
    let err = error_of(&GOOD.replace(r#""seed": 3"#, r#""seed": 3, "duration_us": 0"#));
    assert!(err.contains("duration_us"), "{err}");
    let err = error_of(&GOOD.replace(
        r#""cluster": { "protocol": "ping", "nodes": 2 }"#,
        r#""cluster": { "protocol": "ping", "nodes": 2, "options": { "heartbeat_us": "x" } }"#,
    ));
    assert!(err.contains("cluster.options.heartbeat_us"), "{err}");
}

#[test]
fn bad_traces_are_rejected_with_a_reason() {
    let sc = random_scenario(2);
    let json = trace_json(&sc, 300_000);
    let version_one = json.replacen(r#""version":2"#, r#""version":1"#, 1);
    assert!(
        TraceFile::<Ping>::from_json(&version_one).is_ok(),
        "a version-1 trace still imports: version 2 only added to the format"
    );
    let wrong_version = json.replacen(r#""version":2"#, r#""version":99"#, 1);
    let err = TraceFile::<Ping>::from_json(&wrong_version)
        .unwrap_err()
        .to_string();
    assert!(err.contains("version 99"), "{err}");
    let not_a_trace = r#"{"hello": "world"}"#;
    let err = TraceFile::<Ping>::from_json(not_a_trace)
        .unwrap_err()
        .to_string();
    assert!(err.contains("not supported"), "{err}");
    let truncated = &json[..json.len() - 10];
    let err = TraceFile::<Ping>::from_json(truncated)
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 1"), "{err}");
    let renumbered = json.replacen(r#""id":3,"#, r#""id":33,"#, 1);
    let err = TraceFile::<Ping>::from_json(&renumbered)
        .unwrap_err()
        .to_string();
    assert!(err.contains("events[3].id"), "{err}");
    assert!(TraceFile::<Ping>::from_json("").is_err());
    assert!(TraceFile::<Ping>::from_json("[]").is_err());
}

#[test]
fn live_actions_are_validated() {
    let sc = Scenario::new::<Ping>(3, 1);
    let mut t: Timeline<Ping, NoChecker> = Timeline::new(&sc).unwrap();
    let err = t.act(Action::Crash { node: n(7) }).unwrap_err().to_string();
    assert!(err.contains("node 7 does not exist"), "{err}");
    let err = t
        .act(Action::SetClock {
            node: n(0),
            offset_us: 0,
            drift_ppm: 9_000_000,
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("drift_ppm"), "{err}");
    assert!(t.trace().is_empty(), "nothing happened");
}

#[test]
fn an_absent_checkpoint_passes_only_if_no_node_recorded_the_note() {
    let mut sc = Scenario::from_json(include_str!("golden/ping-ring.scenario.json")).unwrap();
    let absent = |note: &str| splitbrain_sim::Narration {
        at_us: 200_000,
        text: format!("no {note}"),
        expect: Some(
            serde_json::from_value(serde_json::json!({ "note": note, "absent": true })).unwrap(),
        ),
    };
    sc.narration = vec![absent("pong"), absent("leader")];
    let mut t: Timeline<Ping, NoChecker> = Timeline::new(&sc).unwrap();
    t.run_until(SimTime(sc.duration_us));
    let file = TraceFile::<Ping>::from_json(&t.to_trace_file().to_json()).unwrap();
    let passed: Vec<bool> = file.checkpoints.iter().map(|c| c.passed).collect();
    assert_eq!(
        passed,
        vec![false, true],
        "pongs were counted; ping has no leader"
    );
    // The flag round-trips, and an ordinary checkpoint's JSON does not mention it.
    let json = sc.to_json_pretty();
    assert!(json.contains("\"absent\": true"));
    assert_eq!(Scenario::from_json(&json).unwrap(), sc);
}
