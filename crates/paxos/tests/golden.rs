//! Golden traces of the lecture scenarios: each must reproduce exactly the trace pinned in
//! `golden/traces.txt` (event count, byte length and fingerprint of the trace JSON). The app's
//! browser test checks the same lines under wasm (via `golden/list.rs`), so native and browser runs are byte-identical.
//! After an intended change, regenerate with `UPDATE_GOLDEN=1 cargo test -p splitbrain-paxos --test golden`
//! and say in the commit why the traces changed.

#[path = "golden/list.rs"]
mod list;

const GOLDEN: &str = "tests/golden/traces.txt";

#[test]
fn lecture_scenarios_reproduce_their_golden_traces() {
    let path = format!("{}/{GOLDEN}", env!("CARGO_MANIFEST_DIR"));
    let lines: Vec<String> = list::SCENARIOS
        .iter()
        .map(|(name, json)| list::describe(name, json))
        .collect();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }
    let golden =
        std::fs::read_to_string(&path).expect("golden file exists (UPDATE_GOLDEN=1 writes it)");
    for line in &lines {
        let name = line.split_whitespace().next().unwrap();
        assert_eq!(
            list::pinned(&golden, name),
            Some(line.as_str()),
            "{name}: the trace differs from {GOLDEN}; if intended, regenerate with UPDATE_GOLDEN=1"
        );
    }
}

#[test]
fn every_scenario_file_is_pinned() {
    let dir = format!("{}/../../scenarios/paxos", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".json").map(str::to_string))
        .collect();
    files.sort();
    let listed: Vec<String> = list::SCENARIOS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(files, listed, "add new scenarios to tests/golden/list.rs");
}

#[test]
fn the_same_scenario_gives_the_same_trace_twice() {
    for (name, json) in list::SCENARIOS {
        assert_eq!(
            list::describe(name, json),
            list::describe(name, json),
            "{name}"
        );
    }
}
