//! Browser tests of the replicated-store views: open a Dynamo lecture through the scenario picker, scrub to
//! the moment of the story, and check the Data tab (ring, preference list, hints, replica table, convergence)
//! and the version lanes under the timelines.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;

async fn open_lecture(root: &web_sys::HtmlElement, id: &str) {
    choose(root, "[data-testid=scenario-picker]", id).await;
    let error = text(root, "[data-testid=error-text]");
    assert!(error.is_empty(), "{id}: {error}");
}

fn data_tab_shown(root: &web_sys::HtmlElement) -> bool {
    find(root, "[data-testid=tab-data]")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|e| !e.hidden())
}

async fn open_data_tab(root: &web_sys::HtmlElement) {
    assert!(data_tab_shown(root), "a store protocol shows the Data tab");
    click(&find(root, "[data-testid=tab-data]").unwrap());
    settle().await;
}

#[wasm_bindgen_test]
async fn a_sloppy_quorum_shows_its_stand_ins_on_the_ring_and_the_hints_handed_back() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "dynamo-sloppy-quorum-handoff").await;
    scrub_to(&root, 2_000).await;
    assert!(
        find(&root, "[data-testid=data-panel]").is_some(),
        "opening a store's lecture from the empty inspector shows its data"
    );
    open_data_tab(&root).await;

    // During the partition: the ring numbers x's owners, and the stand-ins keep hints for the cut-off ones.
    assert!(find(&root, "[data-testid=ring]").is_some());
    assert_eq!(all(&root, "[data-testid^=ring-owner-]").len(), 3);
    let caption = text(&root, "[data-testid=ring-caption]");
    assert!(
        caption.contains("preference list") && caption.contains("holds a hint for"),
        "{caption}"
    );
    let row = text(&root, "[data-testid=replica-row-x]");
    assert!(
        row.contains("(for n"),
        "a stand-in's cell names the owner: {row}"
    );
    assert!(
        text(&root, "[data-testid=convergence-x]").starts_with("diverged"),
        "the cut-off owners do not hold x yet"
    );
    let svg = text(&root, "[data-testid=timeline-svg]");
    let lanes = find(&root, "[data-testid=timeline-svg]")
        .unwrap()
        .inner_html();
    assert!(
        lanes.contains("ver-hint"),
        "hint strips in the version lanes ({svg})"
    );

    // After the heal and the handoff, all three owners hold x = 1 and the hints are gone.
    scrub_to(&root, 4_800).await;
    assert_eq!(text(&root, "[data-testid=convergence-x]"), "converged");
    let row = text(&root, "[data-testid=replica-row-x]");
    assert!(!row.contains("(for n"), "the hints were dropped: {row}");
    let lanes = find(&root, "[data-testid=timeline-svg]")
        .unwrap()
        .inner_html();
    assert!(lanes.contains("ver-converged"));
}

#[wasm_bindgen_test]
async fn concurrent_writes_show_as_siblings_until_the_client_merges_them() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "dynamo-vector-clock-siblings").await;
    scrub_to(&root, 1_900).await;
    open_data_tab(&root).await;
    let row = text(&root, "[data-testid=replica-row-cart]");
    assert!(
        row.contains("2 siblings") && row.contains("milk") && row.contains("eggs"),
        "{row}"
    );
    let lanes = find(&root, "[data-testid=timeline-svg]")
        .unwrap()
        .inner_html();
    assert!(lanes.contains("ver-siblings"));

    scrub_to(&root, 3_300).await;
    let row = text(&root, "[data-testid=replica-row-cart]");
    assert!(
        row.contains("milk+eggs") && !row.contains("siblings"),
        "{row}"
    );
    assert_eq!(text(&root, "[data-testid=convergence-cart]"), "converged");
}

#[wasm_bindgen_test]
async fn a_protocol_that_is_no_store_has_no_data_tab() {
    let (root, _handle) = mount();
    settle().await;
    // The default protocol (Raft) reports no store of versions.
    assert!(!data_tab_shown(&root));
}
