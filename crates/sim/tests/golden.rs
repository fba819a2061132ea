//! Golden trace: a fixed scenario must produce exactly the checked-in trace. The browser test
//! `tests/determinism.rs` checks the same file under wasm, so native and wasm runs are byte-identical.
//! After an intended change to the engine, regenerate with `UPDATE_GOLDEN=1 cargo test -p splitbrain-sim
//! --test golden` and review the diff.

use splitbrain_sim::ping::Ping;
use splitbrain_sim::*;

const SCENARIO: &str = include_str!("golden/ping-ring.scenario.json");
const GOLDEN: &str = "tests/golden/ping-ring.trace.json";

#[test]
fn ping_ring_matches_the_golden_trace() {
    let scenario = Scenario::from_json(SCENARIO).unwrap();
    let mut t: Timeline<Ping, NoChecker> = Timeline::new(&scenario).unwrap();
    t.run_until(SimTime(scenario.duration_us));
    let json = t.to_trace_file().to_json() + "\n";
    let path = format!("{}/{GOLDEN}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &json).unwrap();
    }
    let golden =
        std::fs::read_to_string(&path).expect("golden trace exists (UPDATE_GOLDEN=1 writes it)");
    assert!(
        json == golden,
        "trace differs from {GOLDEN}; if intended, regenerate with UPDATE_GOLDEN=1"
    );
}
