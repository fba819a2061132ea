//! Same scenario + seed ⇒ the same bytes in the browser as natively: the wasm build must reproduce the
//! golden trace that `crates/sim/tests/golden.rs` checks on the native build.

use splitbrain_sim::ping::Ping;
use splitbrain_sim::{golden, NoChecker, Scenario, SimTime, Timeline};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::*;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test_configure!(run_in_browser);

const SCENARIO: &str = include_str!("../crates/sim/tests/golden/ping-ring.scenario.json");
const GOLDEN: &str = include_str!("../crates/sim/tests/golden/ping-ring.trace.json");

// Runs natively under `cargo test` and in headless Chrome under `wasm-pack test`.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn wasm_reproduces_the_native_golden_trace_byte_for_byte() {
    let scenario = Scenario::from_json(SCENARIO).unwrap();
    let mut t: Timeline<Ping, NoChecker> = Timeline::new(&scenario).unwrap();
    t.run_until(SimTime(scenario.duration_us));
    let json = t.to_trace_file().to_json() + "\n";
    assert_eq!(json.len(), GOLDEN.len());
    assert!(
        json == GOLDEN,
        "the wasm trace differs from the native golden trace"
    );
}

/// Every protocol's golden file: `name events bytes fingerprint` per bundled lecture scenario.
const GOLDENS: &[&str] = &[
    include_str!("../crates/raft/tests/golden/traces.txt"),
    include_str!("../crates/paxos/tests/golden/traces.txt"),
    include_str!("../crates/primary_backup/tests/golden/traces.txt"),
    include_str!("../crates/election/tests/golden/traces.txt"),
    include_str!("../crates/failure_detector/tests/golden/traces.txt"),
    include_str!("../crates/mutex/tests/golden/traces.txt"),
    include_str!("../crates/broadcast/tests/golden/traces.txt"),
    include_str!("../crates/commit/tests/golden/traces.txt"),
    include_str!("../crates/two_generals/tests/golden/traces.txt"),
    include_str!("../crates/snapshot/tests/golden/traces.txt"),
    include_str!("../crates/clocksync/tests/golden/traces.txt"),
    include_str!("../crates/crdt/tests/golden/traces.txt"),
    include_str!("../crates/dynamo/tests/golden/traces.txt"),
];

// Every bundled lecture scenario of every protocol gives the same trace (events, bytes, fingerprint) in the
// browser as natively, through the same registry and session the app uses.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn wasm_reproduces_every_protocols_golden_traces() {
    let mut checked = 0;
    for entry in splitbrain_registry::protocols() {
        for lecture in entry.lectures {
            let scenario = Scenario::from_json(lecture.json).unwrap();
            let mut run = entry.start(&scenario).unwrap();
            run.run_until(SimTime(scenario.duration_us));
            let json = run.to_trace_json();
            let line = golden::line(lecture.id, run.trace().len(), &json);
            let pinned = GOLDENS.iter().find_map(|g| golden::pinned(g, lecture.id));
            assert_eq!(pinned, Some(line.as_str()), "{}", lecture.id);
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked} lectures checked");
}
