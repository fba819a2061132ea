//! Browser tests of the "Time and coordination" protocols, one lecture of each run through the lab's own
//! controls: what a student should see at the moment the lecture is about.
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

/// The lecture's options appear in the picker under the course's chapter.
#[wasm_bindgen_test]
async fn the_picker_groups_the_lectures_under_time_and_coordination() {
    let (root, _handle) = mount();
    settle().await;
    let groups: Vec<String> = all(&root, "[data-testid=scenario-picker] optgroup")
        .iter()
        .filter_map(|g| g.get_attribute("label"))
        .collect();
    for protocol in ["Failure detection", "Leader election"] {
        assert!(
            groups
                .iter()
                .any(|g| g.starts_with("Time and coordination") && g.contains(protocol)),
            "{protocol}: {groups:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_crash_is_detected_and_a_paused_node_falsely_suspected_on_the_detection_chart() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "failure-detector-heartbeat-crash-and-pause").await;
    click(&find(&root, "[data-testid=toggle-charts]").unwrap());
    settle().await;
    scrub_to(&root, 3_300).await;
    sleep(400).await;
    settle().await;
    assert!(find(&root, "[data-testid=chart-detection]").is_some());
    assert!(
        find(&root, "[data-testid=chart-latency]").is_none(),
        "a failure detector serves no clients: no latency chart"
    );
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    let facts = text(&root, "[data-testid=run-facts]");
    assert!(
        facts.contains("detection time") && facts.contains("n4"),
        "{facts}"
    );
    assert!(facts.contains("false suspicions"), "{facts}");
}

#[wasm_bindgen_test]
async fn a_snapshot_draws_its_cut_and_its_recorded_total_adds_up() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "snapshot-money-in-flight").await;
    // The diagram redraws only while on screen.
    find(&root, "[data-testid=timelines]")
        .unwrap()
        .scroll_into_view();
    sleep(300).await;
    scrub_to(&root, 1_200).await;
    assert!(
        find(&root, "[data-testid=timeline-svg] .snapshot-cut").is_none(),
        "no snapshot before 1.5 s"
    );
    scrub_to(&root, 2_000).await;
    sleep(300).await;
    settle().await;
    let svg = text(&root, "[data-testid=timeline-svg]");
    assert!(
        svg.contains("snapshot #"),
        "the cut is labelled: {svg:.200}"
    );
    assert!(find(&root, "[data-testid=timeline-svg] .snapshot-cut").is_some());
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.is_empty(), "{violated}");
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    let facts = text(&root, "[data-testid=run-facts]");
    assert!(
        facts.contains("300"),
        "the recorded total is the bank's 300: {facts}"
    );
}

#[wasm_bindgen_test]
async fn the_last_messenger_lost_leaves_the_two_generals_disagreeing() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "two-generals-last-messenger-lost").await;
    scrub_to(&root, 800).await;
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.is_empty(), "nobody has decided yet: {violated}");
    scrub_to(&root, 1_100).await;
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.contains("Agreement"), "{violated}");
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    let facts = text(&root, "[data-testid=run-facts]");
    assert!(facts.contains("DISAGREE"), "{facts}");
}

#[wasm_bindgen_test]
async fn causal_delivery_holds_the_answer_back_and_the_client_panel_sends_messages() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "broadcast-causal-holds-back").await;
    // 250 ms: n2's answer reached n3 before n1's question, which is still on its slow link.
    scrub_to(&root, 250).await;
    click(&find(&root, "[data-testid=tab-node]").unwrap());
    click(&find(&root, "[data-testid=node-3]").unwrap());
    settle().await;
    let held = text(&root, "[data-testid=held-table]");
    assert!(held.contains("m2.1") && held.contains("m1.1"), "{held}");
    scrub_to(&root, 400).await;
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.is_empty(), "{violated}");

    // The user's own message: from n2 to every node, through the Client panel's send form.
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    choose(&root, "[data-testid=client-op]", "send").await;
    choose(&root, "[data-testid=client-node]", "1").await;
    choose(&root, "[data-testid=client-send-to]", "all").await;
    let input: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::dyn_into(find(&root, "[data-testid=client-text]").unwrap()).unwrap();
    input.set_value("hello hall");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    settle().await;
    send_client_request(&root).await;
    scrub_to(&root, 1_500).await;
    let ops = text(&root, "[data-testid=client-ops]");
    assert!(ops.contains("send \"hello hall\" to all"), "{ops}");
    assert!(ops.contains("ok"), "{ops}");
    let error = text(&root, "[data-testid=error-text]");
    assert!(error.is_empty(), "{error}");
}

#[wasm_bindgen_test]
async fn truetime_without_commit_wait_gives_a_later_transaction_an_earlier_timestamp() {
    let (root, _handle) = mount();
    settle().await;
    open_lecture(&root, "clocksync-truetime-commit-wait").await;
    click(&find(&root, "[data-testid=toggle-charts]").unwrap());
    settle().await;
    scrub_to(&root, 2_500).await;
    sleep(400).await;
    settle().await;
    assert!(
        find(&root, "[data-testid=chart-clocks]").is_some(),
        "the offsets and their claimed bounds are charted"
    );
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.is_empty(), "commit-wait keeps order: {violated}");
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    let facts = text(&root, "[data-testid=run-facts]");
    assert!(facts.contains("commit waits"), "{facts}");

    open_lecture(&root, "clocksync-truetime-no-commit-wait").await;
    scrub_to(&root, 2_500).await;
    let violated = text(&root, "[data-testid=violated]");
    assert!(violated.contains("External Consistency"), "{violated}");
}
