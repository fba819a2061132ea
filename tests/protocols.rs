//! Browser tests of the protocol-neutral lab: the same views run Paxos and Multi-Paxos, chosen in the
//! protocol picker, and give Raft back when it is chosen again.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::*;

fn node_epochs(root: &web_sys::HtmlElement) -> String {
    all(root, "g.node text.term")
        .iter()
        .filter_map(|t| t.text_content())
        .collect::<Vec<_>>()
        .join(" | ")
}

#[wasm_bindgen_test]
async fn multi_paxos_elects_a_leader_fails_over_and_serves_a_put() {
    let (root, _handle) = mount();
    settle().await;
    choose(&root, "[data-testid=protocol-picker]", "multi-paxos").await;
    assert!(
        text(&root, "[data-testid=error-text]").is_empty(),
        "{}",
        text(&root, "[data-testid=error-text]")
    );
    assert!(
        text(&root, ".brand").contains("Multi-Paxos"),
        "{}",
        text(&root, ".brand")
    );
    assert!(
        text(&root, "[data-testid=legend]").contains("acceptor"),
        "the legend is the protocol's"
    );
    scrub_to(&root, 3_000).await;
    let before = leaders(&root);
    assert_eq!(
        before.len(),
        1,
        "one leader: {before:?}; nodes {}",
        node_epochs(&root)
    );
    assert!(
        node_epochs(&root).contains("ballot"),
        "ballots, not terms: {}",
        node_epochs(&root)
    );
    let old = before[0].clone();

    // Crash it through the inspector, as a lecturer would.
    click(&find(&root, &format!("g[data-testid={old}]")).unwrap());
    settle().await;
    click(&find(&root, "[data-testid=node-crash]").unwrap());
    settle().await;
    assert!(
        leaders(&root).is_empty(),
        "no live leader right after the crash"
    );
    scrub_to(&root, 7_000).await;
    let after = leaders(&root);
    assert_eq!(
        after.len(),
        1,
        "a new leader: {after:?}; nodes {}",
        node_epochs(&root)
    );
    assert_ne!(after[0], old);
    let headline = text(&root, "[data-testid=headline]");
    assert!(
        headline.starts_with("leader n") && headline.contains("ballot"),
        "{headline}"
    );

    // A put sent to the new leader through the client form is answered.
    let leader_index: u32 = after[0].trim_start_matches("node-").parse::<u32>().unwrap() - 1;
    click(&find(&root, "[data-testid=tab-client]").unwrap());
    settle().await;
    choose(
        &root,
        "[data-testid=client-node]",
        &leader_index.to_string(),
    )
    .await;
    send_client_request(&root).await;
    scrub_to(&root, 9_000).await;
    let ops = text(&root, "[data-testid=client-ops]");
    assert_eq!(
        all(&root, "[data-testid=client-ops] li.ok").len(),
        1,
        "{ops}"
    );

    // The inspector shows the acceptor's table.
    click(&find(&root, &format!("g[data-testid={}]", after[0])).unwrap());
    settle().await;
    let detail = text(&root, "[data-testid=node-detail]");
    assert!(detail.contains("chosen"), "the summary's detail: {detail}");
    let tables = all(&root, ".inspect-body table");
    assert!(
        !tables.is_empty(),
        "the inspector shows the protocol's tables"
    );
    assert!(
        text(&root, ".inspect-body").contains("promised"),
        "{}",
        text(&root, ".inspect-body")
    );
}

#[wasm_bindgen_test]
async fn a_paxos_trace_imports_and_raft_comes_back() {
    let (root, _handle) = mount();
    settle().await;
    // Export a Paxos run (through the registry, as the export button does) and import it through the file
    // picker.
    let entry = splitbrain_registry::find("paxos").unwrap();
    let lecture = entry.lectures[0];
    let scenario = splitbrain_sim::Scenario::from_json(lecture.json).unwrap();
    let mut run = entry.start(&scenario).unwrap();
    run.run_until(splitbrain_sim::SimTime(2_000_000));
    let json = run.to_trace_json();
    import_file(&root, "paxos.json", &json);
    let mut notice = String::new();
    for _ in 0..50 {
        settle().await;
        notice = text(&root, "[data-testid=notice]");
        if !notice.is_empty() {
            break;
        }
    }
    assert!(
        notice.contains("Paxos") && notice.contains("events"),
        "notice: {notice}"
    );
    assert!(text(&root, "[data-testid=error-text]").is_empty());
    assert!(text(&root, ".brand").contains("Paxos"));
    assert!(
        text(&root, "[data-testid=sim-time]").contains("2.000 s"),
        "the run is at the trace's end"
    );
    assert!(
        node_epochs(&root).contains("ballot"),
        "{}",
        node_epochs(&root)
    );
    // The timelines draw ballot lanes (the band redraws once it is in view).
    find(&root, "[data-testid=timelines]")
        .unwrap()
        .scroll_into_view();
    settle().await;
    settle().await;
    let band = text(&root, "[data-testid=timelines]").to_lowercase();
    assert!(band.contains("ballot"), "{band}");

    // Back to Raft: its views return.
    choose(&root, "[data-testid=protocol-picker]", "raft").await;
    scrub_to(&root, 3_000).await;
    assert!(text(&root, ".brand").contains("Raft"));
    assert_eq!(leaders(&root).len(), 1);
    assert!(
        node_epochs(&root).contains("term"),
        "{}",
        node_epochs(&root)
    );
    assert!(text(&root, "[data-testid=legend]").contains("RequestVote"));
    assert!(text(&root, "[data-testid=headline]").starts_with("leader n"));
}

#[wasm_bindgen_test]
async fn every_paxos_lecture_plays_with_its_checkpoints() {
    let (root, _handle) = mount();
    settle().await;
    for entry in splitbrain_registry::protocols()
        .iter()
        .filter(|e| e.name.contains("paxos"))
    {
        for lecture in entry.lectures {
            choose(&root, "[data-testid=scenario-picker]", lecture.id).await;
            assert!(
                text(&root, "[data-testid=error-text]").is_empty(),
                "{}",
                lecture.id
            );
            scrub_to(&root, 8_000).await;
            // The mutant's broken invariants are named on the cluster itself; correct runs show none.
            let violated = text(&root, "[data-testid=violated]");
            if lecture.id.contains("forgetful") {
                assert!(violated.contains("Agreement"), "{}: {violated}", lecture.id);
            } else {
                assert!(violated.is_empty(), "{}: {violated}", lecture.id);
            }
            let log = text(&root, "[data-testid=event-log]");
            assert!(!log.is_empty(), "{}: the event log narrates", lecture.id);
        }
    }
}

#[wasm_bindgen_test]
async fn the_run_panel_offers_the_protocols_own_options() {
    let (root, _handle) = mount();
    settle().await;
    choose(&root, "[data-testid=protocol-picker]", "paxos").await;
    click(&find(&root, "[data-testid=tab-run]").unwrap());
    settle().await;
    // Paxos's fields, not Raft's: the mutant list names Paxos's mutants.
    let mutants = text(&root, "[data-testid=run-mutant]");
    assert!(mutants.contains("forget"), "{mutants}");
    assert!(
        find(&root, "[data-testid=run-pre-vote]").is_none(),
        "no Raft option"
    );
    choose(
        &root,
        "[data-testid=run-mutant]",
        "\"forget_promise_on_restart\"",
    )
    .await;
    click(&find(&root, "[data-testid=restart-run]").unwrap());
    settle().await;
    assert!(
        text(&root, "[data-testid=error-text]").is_empty(),
        "{}",
        text(&root, "[data-testid=error-text]")
    );
    let saved = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(splitbrain::storage::KEY)
        .unwrap()
        .unwrap();
    assert!(
        saved.contains("\"mutant\":\"forget_promise_on_restart\"") && saved.contains("\"paxos\""),
        "{saved}"
    );
    // An absurd cluster size is refused with the reason, and the run is kept.
    click(&find(&root, "[data-testid=tab-run]").unwrap());
    settle().await;
    let nodes: web_sys::HtmlInputElement =
        wasm_bindgen::JsCast::dyn_into(find(&root, "[data-testid=run-nodes]").unwrap()).unwrap();
    assert_eq!(nodes.max(), "25");
}
