//! The CLI end to end: real scenario files in, summaries, trace files and exit codes out.

use std::process::{Command, Output};

fn splitbrain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_splitbrain"))
        .args(args)
        .output()
        .expect("runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn data(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("splitbrain-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn run_prints_a_summary_and_writes_a_reproducible_trace() {
    let trace = scratch("ping-trace.json");
    let o = splitbrain(&[
        "run",
        &data("ping.json"),
        "--trace",
        trace.to_str().unwrap(),
    ]);
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    assert!(out.contains("messages:"), "{out}");
    assert!(out.contains("checkpoints: 1/1 passed"), "{out}");
    assert!(out.contains("invariants:  no violations"), "{out}");
    assert!(out.contains("clients:     1 operations: 1 ok"), "{out}");
    let o = splitbrain(&["check", trace.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("reproduced"), "{}", text(&o));
}

#[test]
fn the_same_seed_writes_the_same_bytes() {
    let (a, b) = (scratch("a.json"), scratch("b.json"));
    for p in [&a, &b] {
        assert!(splitbrain(&[
            "run",
            &data("ping.json"),
            "--seed",
            "9",
            "--trace",
            p.to_str().unwrap()
        ])
        .status
        .success());
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn bad_input_exits_2_with_the_place_it_is_wrong() {
    let good = std::fs::read_to_string(data("ping.json")).unwrap();
    let cases = [
        ("truncated.json", good[..good.len() / 2].to_string(), "line"),
        (
            "loss.json",
            good.replace(r#""loss": 0.05"#, r#""loss": 5"#),
            "network.loss",
        ),
        (
            "node.json",
            good.replace(r#""node": 0"#, r#""node": 42"#),
            "schedule[0].action.node",
        ),
        (
            "proto.json",
            good.replace(r#""ping""#, r#""zab""#),
            "unknown protocol `zab` (this build knows: raft",
        ),
        ("empty.json", String::new(), "EOF"),
    ];
    for (name, body, expect) in cases {
        let path = scratch(name);
        std::fs::write(&path, body).unwrap();
        let o = splitbrain(&["run", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", text(&o));
        assert!(text(&o).contains(expect), "{name}: {}", text(&o));
        assert!(!text(&o).contains("panicked"), "{name}: {}", text(&o));
    }
    let o = splitbrain(&["run", "/no/such/file.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("/no/such/file.json"));
    let o = splitbrain(&["bogus"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("usage"));
}

#[test]
fn a_tampered_trace_is_reported_as_not_reproducible() {
    let trace = scratch("tampered.json");
    assert!(splitbrain(&[
        "run",
        &data("ping.json"),
        "--trace",
        trace.to_str().unwrap()
    ])
    .status
    .success());
    let json = std::fs::read_to_string(&trace).unwrap();
    let tampered = json.replacen(r#""seed":5"#, r#""seed":6"#, 1);
    assert_ne!(json, tampered);
    std::fs::write(&trace, tampered).unwrap();
    let o = splitbrain(&["check", trace.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("does not reproduce"), "{}", text(&o));
}

#[test]
fn every_bundled_scenario_validates() {
    let dir = format!("{}/../../scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut entries = Vec::new();
    for protocol in std::fs::read_dir(&dir).expect("scenarios/ exists") {
        for file in std::fs::read_dir(protocol.unwrap().path()).expect("scenarios/<protocol>/") {
            entries.push(file.unwrap().path());
        }
    }
    assert!(entries.len() >= 3, "the lecture scenarios are bundled");
    for path in entries {
        let p = path.to_str().unwrap();
        let o = splitbrain(&["validate", p]);
        assert!(o.status.success(), "{p}: {}", text(&o));
    }
}

#[test]
fn protocols_lists_the_registry() {
    let o = splitbrain(&["protocols"]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains("raft") && out.contains("raft-leader-crash"),
        "{out}"
    );
    assert!(
        out.contains("ping") && out.contains("not in the lab's picker"),
        "{out}"
    );
    let o = splitbrain(&["protocols", "x.json"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Every bundled scenario of every protocol: `splitbrain run` prints the fingerprint its protocol's golden
/// file pins (the same file the browser test checks under wasm), so the three agree.
#[test]
fn run_prints_the_golden_fingerprint_of_every_bundled_scenario() {
    let root = format!("{}/../..", env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for protocol in std::fs::read_dir(format!("{root}/scenarios")).unwrap() {
        let protocol = protocol.unwrap().file_name().into_string().unwrap();
        let golden =
            std::fs::read_to_string(format!("{root}/crates/{protocol}/tests/golden/traces.txt"))
                .unwrap_or_else(|_| {
                    panic!("crates/{protocol}/tests/golden/traces.txt pins {protocol}'s scenarios")
                });
        for file in std::fs::read_dir(format!("{root}/scenarios/{protocol}")).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_stem().unwrap().to_str().unwrap().to_string();
            let line = golden
                .lines()
                .find(|l| l.split_whitespace().next() == Some(name.as_str()))
                .unwrap_or_else(|| panic!("{name} is pinned"));
            let pinned = line.split_whitespace().last().unwrap();
            let o = splitbrain(&["run", path.to_str().unwrap()]);
            let out = text(&o);
            let printed = out
                .lines()
                .find_map(|l| l.split("fingerprint ").nth(1))
                .unwrap_or_else(|| panic!("{name}: no fingerprint in {out}"));
            assert_eq!(
                printed.trim(),
                pinned,
                "{name}: CLI and golden file disagree"
            );
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked} scenarios checked");
}

#[test]
fn compare_prints_the_same_table_as_the_compare_view() {
    let lecture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/raft/raft-cap-partition.json"
    );
    let csv = scratch("compare.csv");
    let o = splitbrain(&["compare", lecture, "--csv", csv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let golden = include_str!("../../compare/tests/golden/raft-cap-partition.txt");
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        out.starts_with(golden),
        "the CLI's table is the pinned one:\n{out}"
    );
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(written.starts_with("system,t_ms,"));
    assert!(written.lines().any(|l| l.starts_with("Multi-Paxos,")));
    // Two plain scenarios compare as one system each, labelled by name.
    let a = data("ping.json");
    let o = splitbrain(&["compare", &a, &a]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let rows: Vec<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert!(
        rows[2].contains(" #2 "),
        "the second copy is told apart: {rows:?}"
    );
}

#[test]
fn compare_refuses_bad_input_with_exit_2() {
    let o = splitbrain(&["compare", "/nonexistent.json"]);
    assert_eq!(o.status.code(), Some(2));
    let lecture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/raft/raft-cap-partition.json"
    );
    let o = splitbrain(&["compare", lecture, lecture]);
    assert_eq!(o.status.code(), Some(2), "8 systems is too many");
    assert!(text(&o).contains("at most 4"), "{}", text(&o));
}

#[test]
fn vary_prints_a_grid_and_writes_its_csv_and_chart() {
    let (svg, csv) = (scratch("vary.svg"), scratch("vary.csv"));
    let o = splitbrain(&[
        "vary",
        &data("ping.json"),
        "--option",
        "heartbeat_us=50000,100000",
        "--loss",
        "0,0.5",
        "--seeds",
        "3",
        "--svg",
        svg.to_str().unwrap(),
        "--csv",
        csv.to_str().unwrap(),
    ]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("12 runs"), "{out}");
    assert!(out.contains("heartbeat_us"), "{out}");
    let csv = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(csv.lines().count(), 5, "{csv}");
    assert!(
        csv.starts_with("\"heartbeat_us\",loss,runs,violating,percent"),
        "{csv}"
    );
    assert!(csv.contains("\"50000\",0.5,3,"), "{csv}");
    let svg = std::fs::read_to_string(&svg).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("loss 50 %"),
        "the chart has a line per loss rate"
    );
}

#[test]
fn vary_refuses_bad_input_with_exit_2() {
    let ping = data("ping.json");
    let cases: &[(&[&str], &str)] = &[
        (&["--option", "heartbeat_us=1", "--seeds", "0"], "--seeds"),
        (&["--option", "heartbeat_us=1", "--loss", "1.5"], "1.5"),
        (
            &["--option", "heartbeat_us=1", "--loss", "x"],
            "probability",
        ),
        (&["--option", "heartbeat_us=-4"], "heartbeat_us"),
        (&["--option", "no_such_option=1"], "no_such_option"),
        (&["--option", "heartbeat_us"], "NAME=V1"),
        (&["--loss", "0"], "--option"),
        (
            &[
                "--option",
                "heartbeat_us=1,2",
                "--loss",
                "0,0.1",
                "--seeds",
                "30000",
            ],
            "at most 100000",
        ),
    ];
    for (args, says) in cases {
        let mut all = vec!["vary", ping.as_str()];
        all.extend_from_slice(args);
        let o = splitbrain(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(
            text(&o).contains(says),
            "{args:?} should mention {says}: {}",
            text(&o)
        );
    }
}
