//! Browser tests: mount the whole app and drive it only through its UI (clicks, the scrubber, the file
//! picker), then read the page. Run with
//! `wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver --mode no-install`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;

#[wasm_bindgen_test]
async fn crashing_the_leader_through_the_ui_elects_a_new_one() {
    let (root, _handle) = mount();
    settle().await;
    assert_eq!(
        all(&root, "[data-testid^=node-]")
            .iter()
            .filter(|e| e.tag_name() == "g")
            .count(),
        5
    );

    scrub_to(&root, 3_000).await;
    let before = leaders(&root);
    assert_eq!(
        before.len(),
        1,
        "one leader after 3 s: {before:?}; headline {}",
        text(&root, "[data-testid=headline]")
    );
    let old = before[0].clone();

    // Select the leader in the cluster view, then press Crash in the inspector.
    click(&find(&root, &format!("g[data-testid={old}]")).unwrap());
    settle().await;
    let crash = find(&root, "[data-testid=node-crash]").expect("inspector shows the crash button");
    click(&crash);
    settle().await;
    let old_node = find(&root, &format!("g[data-testid={old}]")).unwrap();
    assert!(
        old_node.get_attribute("class").unwrap().contains("crashed"),
        "{old} is drawn crashed"
    );
    assert!(
        leaders(&root).is_empty(),
        "no live leader right after the crash"
    );
    assert!(text(&root, "[data-testid=event-log]").contains(&format!("n{} crashed", &old[5..])));

    // Enough simulated time for followers to time out and elect.
    scrub_to(&root, 6_000).await;
    let after = leaders(&root);
    assert_eq!(after.len(), 1, "a new leader: {after:?}");
    assert_ne!(after[0], old, "the new leader is another node");
    assert!(text(&root, "[data-testid=headline]").starts_with("leader n"));
}

#[wasm_bindgen_test]
async fn dropping_a_message_through_the_ui_is_recorded_in_the_trace() {
    let (root, _handle) = mount();
    settle().await;
    // Step until something is on the wire.
    let step = find(&root, "[data-testid=step]").unwrap();
    for _ in 0..40 {
        if !all(&root, "[data-testid=msg]").is_empty() {
            break;
        }
        click(&step);
        settle().await;
    }
    let msgs = all(&root, "[data-testid=msg]");
    assert!(!msgs.is_empty(), "messages in flight after a few steps");
    let id = msgs[0].get_attribute("data-msg").unwrap();
    // Default click mode is "drop". Click the circle itself: the click bubbles to the message layer.
    click(&msgs[0].query_selector("circle").unwrap().unwrap());
    settle().await;
    assert!(
        all(&root, "[data-testid=msg]")
            .iter()
            .all(|m| m.get_attribute("data-msg").as_deref() != Some(id.as_str())),
        "message m{id} left the wire"
    );
    let log = text(&root, "[data-testid=event-log]");
    assert!(
        log.contains(&format!("message m{id}")) && log.contains("dropped by you"),
        "log: {log}"
    );
    // The autosaved scenario recorded the action, so a reload replays it.
    let saved = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(splitbrain::storage::KEY)
        .unwrap()
        .unwrap();
    assert!(saved.contains("drop_message"), "autosave records the drop");
}

#[wasm_bindgen_test]
async fn a_malformed_import_shows_the_problem_and_keeps_the_run() {
    let (root, _handle) = mount();
    settle().await;
    scrub_to(&root, 1_500).await;
    let time_before = text(&root, "[data-testid=sim-time]");
    let nodes_before = all(&root, "g.node").len();

    let bad = r#"{"name": "broken", "cluster": {"protocol": "raft", "nodes": "five"}}"#;
    import_file(&root, "broken.json", bad);
    let mut error = String::new();
    for _ in 0..50 {
        settle().await;
        error = text(&root, "[data-testid=error-text]");
        if !error.is_empty() {
            break;
        }
    }
    assert!(error.contains("broken.json"), "names the file: {error}");
    assert!(error.contains("cluster.nodes"), "names the field: {error}");
    assert!(error.contains("line 1"), "names the position: {error}");
    assert!(error.contains("unchanged"), "says the run is kept: {error}");
    assert_eq!(
        text(&root, "[data-testid=sim-time]"),
        time_before,
        "the run is kept"
    );
    assert_eq!(all(&root, "g.node").len(), nodes_before);

    // A trace of a protocol this build does not know is refused with the reason, too (direct call, same
    // code path).
    let other = r#"{"schema": "splitbrain-trace", "version": 2, "protocol": "zab", "scenario": {}, "end_time": 0, "events": []}"#;
    let err = splitbrain::run::parse_import(other).err().unwrap();
    assert!(err.contains("zab") && err.contains("raft"), "{err}");
}

#[wasm_bindgen_test]
async fn a_corrupt_autosave_does_not_break_the_page() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage
        .set_item(splitbrain::storage::KEY, "{not json")
        .unwrap();
    let container: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let _handle = leptos::mount::mount_to(container.clone(), splitbrain::App);
    settle().await;
    assert_eq!(
        all(&container, "g.node").len(),
        5,
        "the default cluster is shown"
    );
    assert!(text(&container, "[data-testid=error-text]").contains("autosaved run"));
}

#[wasm_bindgen_test]
async fn every_bundled_lecture_scenario_loads_from_the_picker() {
    let (root, _handle) = mount();
    settle().await;
    let ids: Vec<String> = splitbrain::scenarios::catalogue()
        .into_iter()
        .flat_map(|g| g.entries.into_iter().map(|(id, _)| id))
        .filter(|id| !id.contains("/playground-"))
        .collect();
    assert!(ids.len() >= 6, "{ids:?}");
    for id in &ids {
        choose(&root, "[data-testid=scenario-picker]", id).await;
        assert!(
            text(&root, "[data-testid=error-text]").is_empty(),
            "{id}: {}",
            text(&root, "[data-testid=error-text]")
        );
        assert!(!all(&root, "g.node").is_empty(), "{id} draws its cluster");
        scrub_to(&root, 2_000).await;
        assert!(
            text(&root, "[data-testid=error-text]").is_empty(),
            "{id} plays"
        );
    }
}

#[wasm_bindgen_test]
async fn rewinding_then_acting_forks_the_run() {
    let (root, _handle) = mount();
    settle().await;
    scrub_to(&root, 3_000).await;
    let at_end = text(&root, "[data-testid=time-readout]");
    assert!(!at_end.contains("rewound"), "{at_end}");
    // Back in time: the future is kept (the readout says so) until we act.
    scrub_to(&root, 1_000).await;
    let past = text(&root, "[data-testid=time-readout]");
    assert!(past.contains("rewound"), "{past}");
    click(&find(&root, "g[data-testid=node-2]").unwrap());
    settle().await;
    click(&find(&root, "[data-testid=node-crash]").unwrap());
    settle().await;
    let forked = text(&root, "[data-testid=time-readout]");
    assert!(
        !forked.contains("rewound"),
        "acting in the past discards the future: {forked}"
    );
    assert!(
        forked.starts_with("1.000 s"),
        "the cursor stays where we acted: {forked}"
    );
    let events = |s: &str| -> usize {
        s.split(" · ")
            .nth(1)
            .and_then(|p| p.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    assert!(events(&forked) < events(&at_end), "{forked} vs {at_end}");
    assert!(find(&root, "g[data-testid=node-2]")
        .unwrap()
        .get_attribute("class")
        .unwrap()
        .contains("crashed"));
}

#[wasm_bindgen_test]
async fn the_run_survives_a_reload() {
    let (root, handle) = mount();
    settle().await;
    scrub_to(&root, 1_200).await;
    click(&find(&root, "g[data-testid=node-3]").unwrap());
    settle().await;
    click(&find(&root, "[data-testid=node-crash]").unwrap());
    settle().await;
    let time = text(&root, "[data-testid=sim-time]");
    drop(handle);
    root.remove();
    // A new page load: the app restores the scenario (with the live crash) from localStorage.
    let container: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let _handle = leptos::mount::mount_to(container.clone(), splitbrain::App);
    settle().await;
    assert!(text(&container, "[data-testid=error-text]").is_empty());
    let n3 = find(&container, "g[data-testid=node-3]").unwrap();
    assert!(
        n3.get_attribute("class").unwrap().contains("crashed"),
        "the crash was replayed"
    );
    assert_eq!(
        text(&container, "[data-testid=sim-time]"),
        time,
        "and the time restored"
    );
}

#[wasm_bindgen_test]
async fn the_client_history_flags_a_stale_read() {
    let (root, _handle) = mount();
    settle().await;
    choose(
        &root,
        "[data-testid=scenario-picker]",
        "raft-partition-stale-read",
    )
    .await;
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    // Before the old leader answers the read, nothing is flagged.
    scrub_to(&root, 2_000).await;
    assert!(all(&root, "[data-testid=client-ops] li.stale").is_empty());
    scrub_to(&root, 3_000).await;
    let flagged = all(&root, "[data-testid=client-ops] li.stale");
    assert_eq!(
        flagged.len(),
        1,
        "exactly the read served by n1 is stale: {}",
        text(&root, "[data-testid=client-ops]")
    );
    let row = flagged[0].text_content().unwrap_or_default();
    assert!(
        row.contains("get x") && row.contains("STALE READ") && row.contains("x was already 2"),
        "{row}"
    );
    // The reads and writes that were fine are not flagged.
    assert!(all(&root, "[data-testid=client-ops] li.ok").len() >= 2);
}

#[wasm_bindgen_test]
async fn the_client_panel_shows_a_redirect_to_the_leader() {
    let (root, _handle) = mount();
    settle().await;
    scrub_to(&root, 1_500).await;
    let leader = leaders(&root);
    assert_eq!(leader.len(), 1, "one leader: {leader:?}");
    // Send a put to a node that is not the leader, through the client form.
    // Test ids and names are 1-based (node-3 is n3); the form's select holds 0-based indices.
    let leader_n: u32 = leader[0]
        .trim_start_matches("node-")
        .parse()
        .expect("node-N");
    let follower = leader_n % 5;
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    choose(&root, "[data-testid=client-node]", &follower.to_string()).await;
    send_client_request(&root).await;
    scrub_to(&root, 2_500).await;
    let path = text(&root, "[data-testid=op-path]");
    assert!(
        path.contains(&format!("n{} ↪ leader is n{leader_n}", follower + 1))
            && path.ends_with(&format!("n{leader_n} ✓")),
        "{path}"
    );
}

#[wasm_bindgen_test]
async fn the_cluster_view_shows_a_client_operation_until_it_is_answered() {
    let (root, _handle) = mount();
    settle().await;
    scrub_to(&root, 1_500).await;
    assert!(all(&root, "[data-testid=client-bubble]").is_empty());
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    send_client_request(&root).await;
    let bubbles = all(&root, "[data-testid=client-bubble]");
    assert_eq!(bubbles.len(), 1, "the new operation is drawn");
    assert!(bubbles[0]
        .get_attribute("class")
        .unwrap()
        .contains("pending"));
    scrub_to(&root, 1_800).await;
    let bubbles = all(&root, "[data-testid=client-bubble]");
    assert!(
        bubbles.len() == 1 && bubbles[0].get_attribute("class").unwrap().contains("ok"),
        "answered: {:?}",
        bubbles.iter().map(|b| b.text_content()).collect::<Vec<_>>()
    );
    // Long after the answer, it is gone from the cluster (it stays in the Client panel).
    scrub_to(&root, 6_000).await;
    assert!(all(&root, "[data-testid=client-bubble]").is_empty());
    assert_eq!(all(&root, "[data-testid=client-ops] li.ok").len(), 1);
}
