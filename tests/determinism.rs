//! Same scenario + seed ⇒ the same bytes in the browser as natively: the wasm build must reproduce the
//! golden trace that `crates/sim/tests/golden.rs` checks on the native build.

use splitbrain_sim::ping::Ping;
use splitbrain_sim::{NoChecker, Scenario, SimTime, Timeline};
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

#[path = "../crates/raft/tests/golden/list.rs"]
mod raft_golden;

const RAFT_GOLDEN: &str = include_str!("../crates/raft/tests/golden/traces.txt");

// Every lecture scenario gives the same Raft trace (events, bytes, fingerprint) in the browser as natively.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn wasm_reproduces_the_native_raft_traces() {
    for (name, json) in raft_golden::SCENARIOS {
        assert_eq!(
            raft_golden::pinned(RAFT_GOLDEN, name),
            Some(raft_golden::describe(name, json).as_str()),
            "{name}"
        );
    }
}
