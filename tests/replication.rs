//! Browser tests of atomic commitment and primary-backup replication, run through the lab's own controls:
//! pick a lecture scenario, scrub to the moment of the story, and check what a student sees on the cluster,
//! in the inspector, the client panel and the cluster's headline.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;

/// The `data-testid`s of the nodes whose badge shows `role`.
fn nodes_in(root: &web_sys::HtmlElement, role: &str) -> Vec<String> {
    all(root, &format!("g[data-role=\"{role}\"]"))
        .into_iter()
        .filter_map(|e| e.get_attribute("data-testid"))
        .collect()
}

async fn open_lecture(root: &web_sys::HtmlElement, id: &str) {
    choose(root, "[data-testid=scenario-picker]", id).await;
    let error = text(root, "[data-testid=error-text]");
    assert!(error.is_empty(), "{id}: {error}");
}

#[wasm_bindgen_test]
async fn a_crashed_coordinator_leaves_participants_in_doubt_with_their_locks() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "commit-coordinator-crash-blocks").await;
    scrub_to(&root, 1_500).await;

    // The coordinator is down; a participant that voted yes waits, in doubt, holding its locks.
    let in_doubt = nodes_in(&root, "in doubt");
    assert!(
        !in_doubt.is_empty(),
        "a participant is in doubt: {:?}",
        all(&root, "g[data-role]")
            .iter()
            .filter_map(|e| e.get_attribute("data-role"))
            .collect::<Vec<_>>()
    );
    click(&find(&root, &format!("g[data-testid={}]", in_doubt[0])).unwrap());
    settle().await;
    let inspector = text(&root, "[data-testid=inspector]");
    assert!(inspector.contains("in doubt"), "{inspector}");
    assert!(
        inspector.contains('x') || inspector.contains('y'),
        "the inspector names the locked keys: {inspector}"
    );
    // The client panel tells how long the blocking has lasted, and the put behind the lock still waits.
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    let facts = text(&root, "[data-testid=run-facts]");
    assert!(
        facts.contains("1 blocked")
            && facts.contains("in doubt now")
            && facts.contains("holding x"),
        "{facts}"
    );
    let ops = text(&root, "[data-testid=client-ops]");
    assert!(ops.contains("waiting") || ops.contains("retrying"), "{ops}");

    // The coordinator returns and finishes what it started: nobody is in doubt any more, nothing broke.
    scrub_to(&root, 4_000).await;
    assert!(nodes_in(&root, "in doubt").is_empty());
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.is_empty(), "{violated}");
}

#[wasm_bindgen_test]
async fn the_log_after_send_mutant_breaks_atomicity_in_the_page() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "commit-mutant-log-after-send").await;
    scrub_to(&root, 3_000).await;
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.contains("Atomicity"), "{violated}");
}

#[wasm_bindgen_test]
async fn asynchronous_failover_flags_the_acknowledged_write_it_lost() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "pb-async-failover-lost-writes").await;
    scrub_to(&root, 3_000).await;
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    // The checker names the broken invariant on the cluster; the client panel lists the writes lost at the
    // failover and flags the read at the new primary that no longer sees x=3.
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.contains("Lost Acknowledged Write"), "{violated}");
    let stale = text(&root, "[data-testid=client-ops] li.stale");
    assert!(
        stale.contains("get x") && stale.contains("x was already 3"),
        "{stale}"
    );
    let facts = text(&root, "[data-testid=run-facts]");
    assert!(
        facts.contains("writes lost at failover") && facts.contains("x=3"),
        "{facts}"
    );
}

#[wasm_bindgen_test]
async fn naive_failover_shows_two_primaries_and_split_brain() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "pb-naive-split-brain").await;
    scrub_to(&root, 1_800).await;
    let primaries = nodes_in(&root, "primary");
    assert_eq!(primaries.len(), 2, "two primaries at once: {primaries:?}");
    let headline = text(&root, "[data-testid=headline]");
    assert!(headline.starts_with("split brain"), "{headline}");
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.contains("Split Brain"), "{violated}");

    // After the heal the old primary learns of the new one and steps down.
    scrub_to(&root, 3_500).await;
    assert_eq!(nodes_in(&root, "primary").len(), 1);
    assert!(!text(&root, "[data-testid=headline]").starts_with("split brain"));
}

#[wasm_bindgen_test]
async fn a_transaction_is_sent_from_the_client_panel() {
    let (root, _handle) = mount();
    settle().await;
    choose(&root, "[data-testid=protocol-picker]", "two-phase-commit").await;
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    choose(&root, "[data-testid=client-op]", "txn").await;
    let input: web_sys::HtmlInputElement = find(&root, "[data-testid=client-txn]")
        .unwrap()
        .dyn_into()
        .unwrap();
    // A key both written and read is refused in the page, naming the key; nothing is sent.
    input.set_value("x=1 x");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    send_client_request(&root).await;
    let error = text(&root, "[data-testid=error-text]");
    assert!(error.contains("not both"), "{error}");
    assert!(text(&root, "[data-testid=client-ops]").is_empty());

    input.set_value("x=1 y=2");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    send_client_request(&root).await;
    scrub_to(&root, 1_000).await;
    let ops = text(&root, "[data-testid=client-ops]");
    assert!(ops.contains("txn x=1 y=2") && ops.contains("ok"), "{ops}");
}
