//! Browser tests of the CRDT lectures, run through the lab's own controls: pick a lecture, scrub to the
//! moment of the story, select a replica and read its state and last join in the inspector, and see the
//! checker's verdict on the cluster.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;

async fn open_lecture(root: &web_sys::HtmlElement, id: &str) {
    choose(root, "[data-testid=scenario-picker]", id).await;
    let error = text(root, "[data-testid=error-text]");
    assert!(error.is_empty(), "{id}: {error}");
}

/// Selects node `n` (one-based, as the badges count) and returns the inspector's text.
async fn inspect(root: &web_sys::HtmlElement, n: u32) -> String {
    click(&find(root, &format!("g[data-testid=node-{n}]")).unwrap());
    settle().await;
    text(root, "[data-testid=inspector]")
}

#[wasm_bindgen_test]
async fn a_counter_split_by_a_partition_shows_each_sides_vectors_then_their_join() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "crdt-pn-counter-partition").await;
    scrub_to(&root, 2_700).await;
    // Under the partition n1 holds only its own side's increments.
    let left = inspect(&root, 1).await;
    assert!(left.contains("P[n1:3 n2:2] N[]"), "{left}");
    // After the heal every replica holds the join of both sides, and the inspector shows the merge.
    scrub_to(&root, 5_600).await;
    let after = inspect(&root, 3).await;
    assert!(after.contains("P[n1:3 n2:2 n3:4] N[n4:1]"), "{after}");
    assert!(after.contains("merged"), "{after}");
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.is_empty(), "{violated}");
}

#[wasm_bindgen_test]
async fn the_or_set_keeps_the_concurrent_add_with_its_fresh_tag() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "crdt-or-set-add-wins").await;
    scrub_to(&root, 5_600).await;
    let n2 = inspect(&root, 2).await;
    assert!(n2.contains("milk(†n1.1 n1.2)"), "{n2}");
    assert!(n2.contains("{eggs, milk}"), "{n2}");
}

#[wasm_bindgen_test]
async fn the_sum_merge_mutant_is_flagged_on_the_cluster() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "crdt-g-counter-sum-merge").await;
    scrub_to(&root, 2_000).await;
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.contains("Merge is a join"), "{violated}");
}
