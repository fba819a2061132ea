//! Golden traces of the lecture scenarios: each must reproduce exactly the trace pinned in
//! `golden/traces.txt` (see `splitbrain_sim::golden`). The CLI test and the browser test check the same
//! lines. After an intended change, regenerate with `UPDATE_GOLDEN=1 cargo test -p splitbrain-dynamo
//! --test golden` and say in the commit why the traces changed.

#[path = "golden/list.rs"]
mod list;

#[test]
fn lecture_scenarios_reproduce_their_golden_traces() {
    splitbrain_sim::golden::check_lectures(
        env!("CARGO_MANIFEST_DIR"),
        "dynamo",
        list::SCENARIOS,
        list::describe,
    );
}
