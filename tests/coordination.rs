//! Browser tests of the coordination protocols, run through the lab's own controls: leader election (bully,
//! ring) and mutual exclusion (the lock server's paused holder, with and without fencing tokens).
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

#[wasm_bindgen_test]
async fn a_partition_gives_each_side_a_leader_and_the_heal_leaves_one() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "election-partition").await;
    scrub_to(&root, 800).await;
    assert_eq!(
        leaders(&root),
        vec!["node-5".to_string()],
        "n5, the highest id, leads"
    );
    // Split {n1 n2} | {n3 n4 n5}: the minority elects its own highest id.
    scrub_to(&root, 2_200).await;
    let mut split = leaders(&root);
    split.sort();
    assert_eq!(split, vec!["node-2".to_string(), "node-5".to_string()]);
    scrub_to(&root, 3_200).await;
    assert_eq!(leaders(&root), vec!["node-5".to_string()]);
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.is_empty(), "{violated}");
    // Election takes no client operations: the Client tab says so rather than offer a form.
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    assert!(find(&root, "[data-testid=client-none]").is_some());
    let facts = text(&root, "[data-testid=run-facts]");
    assert!(
        facts.contains("leader now") && facts.contains("n5"),
        "{facts}"
    );
}

#[wasm_bindgen_test]
async fn a_paused_lock_holder_corrupts_without_fencing_and_is_refused_with_it() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "mutex-paused-holder-no-fencing").await;
    scrub_to(&root, 3_000).await;
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.contains("Mutual Exclusion"), "{violated}");

    open_lecture(&root, "mutex-paused-holder-fenced").await;
    scrub_to(&root, 3_000).await;
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.is_empty(), "{violated}");
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    let ops = text(&root, "[data-testid=client-ops]");
    assert!(
        ops.contains("refused"),
        "the paused holder's write is refused: {ops}"
    );
    let facts = text(&root, "[data-testid=run-facts]");
    assert!(facts.contains("stale writes refused"), "{facts}");
}
