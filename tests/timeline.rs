//! Browser tests of the timelines band: mount `Timelines` over a real Raft run, click events and markers,
//! read the SVG back. Run with
//! `wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver --mode no-install -- --test timeline`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use splitbrain::lab::Lab;
use splitbrain::timeline::Timelines;
use splitbrain_registry as registry;
use splitbrain_sim::{Action, ClientOp, EventId, EventKind, NodeId, Scenario, Scheduled, SimTime};
use splitbrain_view::{Cone, HappensBefore, Role};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn settle() {
    for _ in 0..6 {
        leptos::task::tick().await;
    }
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 30)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

fn mount(
    lab: Lab,
) -> (
    HtmlElement,
    leptos::mount::UnmountHandle<impl leptos::prelude::Mountable>,
) {
    let container: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    container.set_attribute("style", "width:1600px").unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        provide_context(lab);
        view! { <Timelines/> }
    });
    (container, handle)
}

fn all(root: &HtmlElement, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

fn text(root: &HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// A bubbling press, release and click on whatever matches `selector` inside `root`, as a real click
/// sends them (SVG elements have no `.click()`).
fn click(root: &HtmlElement, selector: &str, shift: bool) {
    let el = root
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"));
    for kind in ["mousedown", "mouseup", "click"] {
        let ev = js_sys::eval(&format!(
            "new MouseEvent('{kind}', {{bubbles: true, cancelable: true, button: 0, shiftKey: {shift}}})"
        ))
        .unwrap()
        .dyn_into::<web_sys::Event>()
        .unwrap();
        el.dispatch_event(&ev).unwrap();
    }
}

fn put(at_us: u64, node: u32, value: &str) -> Scheduled {
    Scheduled {
        at_us,
        action: Action::Client {
            session: None,
            node: NodeId(node),
            op: ClientOp::Put {
                context: None,
                key: "x".into(),
                value: value.into(),
            },
        },
    }
}

/// The lecture scenario "partitioned old leader, unsafe local reads" (five nodes): the leader is cut off
/// alone, the majority elects another and takes a write, the old leader answers a read with the old value.
fn stale_read_scenario() -> Scenario {
    let mut sc = registry::find("raft").unwrap().playground(5, 1);
    sc.cluster.options = serde_json::json!({ "read_mode": "unsafe_local" });
    sc.schedule.push(put(800_000, 0, "1"));
    let mut probe = registry::start(&sc).unwrap();
    probe.run_until(SimTime(1_500_000));
    let old = probe
        .trace()
        .iter()
        .rev()
        .find_map(|e| match &e.kind {
            EventKind::Note { note } if note.label == "leader" => e.node,
            _ => None,
        })
        .unwrap()
        .0;
    sc.schedule.push(Scheduled {
        at_us: 1_600_000,
        action: Action::Partition {
            groups: vec![
                vec![NodeId(old)],
                (0..5).filter(|n| *n != old).map(NodeId).collect(),
            ],
        },
    });
    sc.schedule.push(put(3_000_000, (old + 1) % 5, "2"));
    sc.schedule.push(Scheduled {
        at_us: 4_500_000,
        action: Action::Client {
            session: None,
            node: NodeId(old),
            op: ClientOp::Get { key: "x".into() },
        },
    });
    sc.schedule.push(Scheduled {
        at_us: 5_500_000,
        action: Action::Heal,
    });
    sc
}

fn lab_at(us: u64) -> Lab {
    let mut tl = registry::start(&stale_read_scenario()).unwrap();
    tl.run_until(SimTime(us));
    Lab::from_timeline(tl)
}

/// The Raft lab's own lecture scenario, as shipped.
fn lecture_lab() -> Lab {
    let sc = Scenario::from_json(include_str!(
        "../scenarios/raft/raft-partition-stale-read.json"
    ))
    .unwrap();
    let mut tl = registry::start(&sc).unwrap();
    tl.run_until(SimTime(sc.duration_us));
    Lab::from_timeline(tl)
}

#[wasm_bindgen_test]
async fn selecting_an_event_highlights_exactly_its_causal_past_and_future() {
    let lab = lab_at(1_200_000);
    let (root, _handle) = mount(lab);
    settle().await;
    let events = lab.with_untracked(|tl| tl.past().to_vec());
    let hb = HappensBefore::new(&events);
    // A drawn delivery about a third into the run: it has both a past and a future.
    let drawn: Vec<EventId> = all(&root, "[data-testid=event]")
        .iter()
        .map(|d| EventId(d.get_attribute("data-ev").unwrap().parse().unwrap()))
        .filter(|id| matches!(events[id.index()].kind, EventKind::Deliver { .. }))
        .collect();
    let sel = drawn[drawn.len() / 3];
    click(&root, &format!("[data-ev=\"{}\"]", sel.0), false);
    settle().await;
    assert_eq!(lab.selected_events.get_untracked(), vec![sel]);
    let cone = Cone::new(&hb, sel);
    let dots = all(&root, "[data-testid=event]");
    assert!(dots.len() > 50, "{} dots", dots.len());
    let (mut past, mut future, mut conc) = (0, 0, 0);
    for d in &dots {
        let id: u64 = d.get_attribute("data-ev").unwrap().parse().unwrap();
        let class = d.get_attribute("class").unwrap();
        let classes: Vec<&str> = class.split_whitespace().collect();
        let role = cone.role(EventId(id));
        assert!(
            classes.contains(&role.class()),
            "e{id}: expected {:?}, has class `{class}`",
            role
        );
        for other in [Role::Past, Role::Future, Role::Concurrent, Role::Selected] {
            if other != role {
                assert!(
                    !classes.contains(&other.class()),
                    "e{id} is {role:?} but has class `{class}`"
                );
            }
        }
        match role {
            Role::Past => past += 1,
            Role::Future => future += 1,
            Role::Concurrent => conc += 1,
            _ => {}
        }
    }
    assert!(
        past > 5 && future > 5 && conc > 0,
        "past {past} future {future} concurrent {conc}"
    );
    // The panel shows its clocks.
    let clocks = text(&root, "[data-testid=timeline-clocks]");
    assert!(
        clocks.contains("Lamport") && clocks.contains("vector clock ["),
        "{clocks}"
    );

    // Shift-click a second event: the relation is stated with the vector clocks.
    let other = all(&root, "[data-testid=event]")
        .iter()
        .map(|d| EventId(d.get_attribute("data-ev").unwrap().parse().unwrap()))
        .rfind(|id| cone.role(*id) == Role::Future)
        .unwrap();
    click(&root, &format!("[data-ev=\"{}\"]", other.0), true);
    settle().await;
    let rel = text(&root, "[data-testid=timeline-relation]");
    assert!(
        rel.starts_with(&format!("{sel} → {other}: [")) && rel.ends_with("componentwise"),
        "{rel}"
    );
}

#[wasm_bindgen_test]
async fn a_partitioned_old_leader_shows_split_brain_and_a_flagged_stale_read() {
    let lab = lecture_lab();
    let (root, _handle) = mount(lab);
    settle().await;
    assert!(
        !all(&root, "[data-testid=split-brain]").is_empty(),
        "no split-brain band"
    );
    let stale = all(&root, "[data-testid=stale-read]");
    assert_eq!(
        stale.len(),
        1,
        "one flagged stale read in the client history"
    );
    assert!(stale[0]
        .text_content()
        .unwrap_or_default()
        .contains("STALE READ"));
    let summary = text(&root, "[data-testid=timeline-summary]");
    assert!(
        summary.contains("1 split-brain interval") && summary.contains("1 stale read"),
        "{summary}"
    );
    // The stale-read marker seeks playback to the read's return.
    let marker = root
        .query_selector("[data-testid=marker-m-stale]")
        .unwrap()
        .expect("a stale-read marker");
    let target: usize = marker.get_attribute("data-seek").unwrap().parse().unwrap();
    click(&root, "[data-testid=marker-m-stale]", false);
    settle().await;
    let cursor = lab.with_untracked(|tl| tl.cursor());
    assert!(
        cursor > target && cursor <= target + 8,
        "cursor {cursor}, marker at e{target}"
    );
}

#[wasm_bindgen_test]
async fn axis_modes_and_zoom_redraw_the_diagram() {
    let lab = lab_at(2_000_000);
    let (root, _handle) = mount(lab);
    settle().await;
    let before = text(&root, "[data-testid=timeline-svg] .t-small");
    assert_eq!(before, "real time");
    click(&root, "[data-testid=axis-lamport]", false);
    settle().await;
    assert_eq!(
        text(&root, "[data-testid=timeline-svg] .t-small"),
        "Lamport time"
    );
    let dots_whole = all(&root, "[data-testid=event]").len();
    for _ in 0..4 {
        click(&root, "[data-testid=zoom-in]", false);
    }
    settle().await;
    let dots_zoomed = all(&root, "[data-testid=event]").len();
    assert!(dots_zoomed < dots_whole, "{dots_zoomed} vs {dots_whole}");
    // "Export SVG" builds the standalone file and hands it to the browser as a download.
    click(&root, "[data-testid=export-svg]", false);
    settle().await;
    assert_eq!(lab.error.get_untracked(), None);
    let notice = lab.notice.get_untracked().unwrap_or_default();
    assert!(notice.contains("splitbrain-timeline.svg"), "{notice}");
}

/// Scrolled out of view the band keeps its last drawing, however far the run moves on; back in view it
/// catches up at once.
#[wasm_bindgen_test]
async fn an_off_screen_band_is_not_redrawn_until_it_comes_into_view() {
    // The lecture scenario, before its stale read (at 2.5 s).
    let sc = Scenario::from_json(include_str!(
        "../scenarios/raft/raft-partition-stale-read.json"
    ))
    .unwrap();
    let mut tl = registry::start(&sc).unwrap();
    tl.run_until(SimTime(800_000));
    let lab = Lab::from_timeline(tl);
    let spacer: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    spacer.set_attribute("style", "height:20000px").unwrap();
    document().body().unwrap().append_child(&spacer).unwrap();
    let (root, _handle) = mount(lab);
    settle().await;
    let drawn = || {
        root.query_selector("[data-testid=timeline-svg]")
            .unwrap()
            .map(|svg| svg.outer_html())
            .unwrap_or_default()
    };
    let before = drawn();
    assert!(!before.is_empty(), "drawn once, even off screen");
    assert!(all(&root, "[data-testid=stale-read]").is_empty());
    lab.seek_time(SimTime(3_000_000));
    settle().await;
    assert_eq!(drawn(), before, "off screen: not redrawn");
    root.scroll_into_view();
    settle().await;
    settle().await;
    assert_ne!(drawn(), before, "in view: redrawn with the run so far");
    assert_eq!(
        all(&root, "[data-testid=stale-read]").len(),
        1,
        "the later stale read is there now"
    );
    spacer.remove();
}
