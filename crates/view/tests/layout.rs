//! Lanes, arrow endpoints, windowing, axis modes and heartbeat collapsing on real ping traces.

mod common;

use splitbrain_sim::ping::{Ping, PingMsg};
use splitbrain_sim::{Action, Event, EventKind, NodeId, Scenario, Scheduled};
use splitbrain_view::*;

struct Prepared {
    events: Vec<Event<Ping>>,
    nodes: usize,
    clocks: LaneClocks,
    messages: Messages,
    lanes: LaneStates,
    heartbeat: Vec<bool>,
}

fn prepare(sc: &Scenario, until: u64) -> Prepared {
    let events = common::run(sc, until);
    let nodes = sc.cluster.nodes as usize;
    let messages = Messages::new(&events);
    Prepared {
        clocks: LaneClocks::new(nodes, &events),
        lanes: LaneStates::new(nodes, &events),
        heartbeat: heartbeat_messages(&events, &messages, |m| matches!(m, PingMsg::Ping { .. })),
        messages,
        nodes,
        events,
    }
}

fn scene(
    p: &Prepared,
    mode: AxisMode,
    vp: Option<Viewport>,
    opts: &LayoutOptions,
) -> (Scene, Positions, Viewport) {
    let pos = Positions::new(mode, &p.events, &p.clocks);
    let vp = vp.unwrap_or_else(|| Viewport::fit(pos.lo, pos.hi, 1200.0));
    let input = LayoutInput {
        events: &p.events,
        nodes: p.nodes,
        positions: &pos,
        clocks: &p.clocks,
        messages: &p.messages,
        lanes: &p.lanes,
        heartbeat: &p.heartbeat,
        now: p.events.last().unwrap().time,
        marks: &[],
    };
    (layout(&input, &vp, opts), pos, vp)
}

fn no_collapse() -> LayoutOptions {
    LayoutOptions {
        collapse_px: 0.0,
        merge_px: 0.0,
        ..LayoutOptions::default()
    }
}

#[test]
fn one_lane_per_node_and_dots_sit_on_their_node_lane() {
    let sc = Scenario::new::<Ping>(4, 1);
    let p = prepare(&sc, 200_000);
    let opts = no_collapse();
    let (s, _, _) = scene(&p, AxisMode::Real, None, &opts);
    assert_eq!(s.lanes.len(), 4);
    let ys: Vec<f64> = s.lanes.iter().map(|l| l.y).collect();
    assert!(ys
        .windows(2)
        .all(|w| (w[1] - w[0] - opts.lane_height).abs() < 1e-9));
    assert_eq!(s.lanes[2].label, "n3");
    for d in &s.dots {
        let e = &p.events[d.id.index()];
        let node = e.node.unwrap();
        assert_eq!(d.y, s.lanes[node.index()].y, "{}", d.id);
    }
    // Every node event is drawn when nothing collapses or merges.
    assert_eq!(
        s.dots.len(),
        p.events.iter().filter(|e| e.node.is_some()).count()
    );
}

#[test]
fn arrows_go_from_the_send_dot_to_the_delivery_dot_or_the_drop_cross() {
    let mut sc = Scenario::new::<Ping>(3, 5);
    sc.network.loss = 0.2;
    sc.schedule.push(Scheduled {
        at_us: 50_000,
        action: Action::Crash { node: NodeId(2) },
    });
    let p = prepare(&sc, 300_000);
    let (s, _, _) = scene(&p, AxisMode::Real, None, &no_collapse());
    let dot = |id: splitbrain_sim::EventId| s.dots.iter().find(|d| d.id == id).map(|d| (d.x, d.y));
    let (mut delivered, mut dropped) = (0, 0);
    for a in &s.arrows {
        assert_eq!(dot(a.send), Some((a.x1, a.y1)));
        if let Some(end) = a.end {
            assert_eq!(dot(end), Some((a.x2, a.y2)), "arrow {} → {end}", a.send);
            match &p.events[end.index()].kind {
                EventKind::Deliver { .. } => delivered += 1,
                EventKind::Drop { .. } => {
                    dropped += 1;
                    assert_eq!(a.class, "a-drop");
                    assert!(
                        a.label.contains("lost") || a.label.contains("receiver crashed"),
                        "{}",
                        a.label
                    );
                }
                k => panic!("arrow ends at {}", k.name()),
            }
        }
    }
    assert!(delivered > 3 && dropped > 0, "{delivered} {dropped}");
    // The crash shows as a segment on n3's lane.
    assert!(
        s.segments
            .iter()
            .any(|g| g.class == "seg-crashed" && (g.y + 9.0 - s.lanes[2].y).abs() < 1e-9),
        "{:?} {:?}",
        s.segments,
        p.lanes.segments
    );
}

#[test]
fn windowing_keeps_only_visible_events_and_arrows_crossing_the_window() {
    let sc = Scenario::new::<Ping>(3, 2);
    let p = prepare(&sc, 1_000_000);
    let opts = no_collapse();
    let vp = Viewport::new(400_000.0, 420_000.0, 1000.0);
    let (s, pos, vp) = scene(&p, AxisMode::Real, Some(vp), &opts);
    for d in &s.dots {
        assert!(vp.contains(pos.x[d.id.index()]));
    }
    let visible = (0..p.events.len())
        .filter(|&i| pos.lane[i].is_some() && vp.contains(pos.x[i]))
        .count();
    assert_eq!(s.dots.len(), visible);
    // Arrows: exactly the messages whose extent overlaps the window, including ones with both ends outside.
    let expected = p
        .messages
        .all
        .iter()
        .filter(|m| match m.end {
            ArrowEnd::Delivered(e) | ArrowEnd::Dropped(e, _) => {
                vp.overlaps(pos.x[m.send.index()], pos.x[e.index()])
            }
            ArrowEnd::InFlight(t) => vp.overlaps(pos.x[m.send.index()], t.0 as f64),
        })
        .count();
    assert_eq!(s.arrows.len(), expected);
    assert!(s.dots.len() < p.events.len() / 10);
}

#[test]
fn axis_modes_place_events_by_real_local_and_lamport_time() {
    let mut sc = Scenario::new::<Ping>(3, 4);
    // n2's clock runs 40 ms ahead: in local time its events appear much later than they happened.
    sc.clocks.push(splitbrain_sim::NodeClock {
        node: NodeId(1),
        offset_us: 40_000,
        drift_ppm: 0,
    });
    let p = prepare(&sc, 200_000);
    let real = Positions::new(AxisMode::Real, &p.events, &p.clocks);
    let local = Positions::new(AxisMode::Local, &p.events, &p.clocks);
    let lamport = Positions::new(AxisMode::Lamport, &p.events, &p.clocks);
    let mut skew_misorders = 0;
    for e in p.events.iter().filter(|e| e.node.is_some()) {
        let i = e.id.index();
        assert_eq!(real.x[i], e.time.0 as f64);
        assert_eq!(local.x[i], e.local_time.unwrap().0 as f64);
        assert_eq!(lamport.x[i], e.lamport as f64);
        // Every message goes forward in Lamport time, not necessarily in local time.
        if let (EventKind::Deliver { .. }, Some(s)) = (&e.kind, e.parent) {
            assert!(lamport.x[s.index()] < lamport.x[i]);
            assert!(real.x[s.index()] < real.x[i]);
            if local.x[s.index()] > local.x[i] {
                skew_misorders += 1;
            }
        }
    }
    assert!(
        skew_misorders > 0,
        "a 40 ms skew must make some message arrive before it was sent, locally"
    );
}

#[test]
fn heartbeats_collapse_when_zoomed_out_and_expand_when_zoomed_in() {
    let sc = Scenario::new::<Ping>(3, 9);
    let p = prepare(&sc, 5_000_000);
    let opts = LayoutOptions::default();
    let (wide, _, vp) = scene(&p, AxisMode::Real, None, &opts);
    assert!(
        !wide.summaries.is_empty(),
        "a 5 s ping run seen whole must collapse"
    );
    let folded: usize = wide.summaries.iter().map(|s| s.count).sum();
    assert!(
        folded > p.events.len() / 2,
        "{folded} of {}",
        p.events.len()
    );
    assert!(wide.element_count() < 3_000, "{}", wide.element_count());
    // Zoomed in on 30 ms, every event is itself again.
    let narrow = Viewport::new(vp.x0 + 1_000_000.0, vp.x0 + 1_030_000.0, 1200.0);
    let (zoomed, _, _) = scene(&p, AxisMode::Real, Some(narrow), &opts);
    assert!(zoomed.summaries.is_empty());
    assert!(!zoomed.dots.is_empty());
}

#[test]
fn replies_to_heartbeats_are_heartbeats_too() {
    let sc = Scenario::new::<Ping>(3, 9);
    let p = prepare(&sc, 300_000);
    // Only pings are declared heartbeats; the pong answering each is recognised structurally.
    for (k, m) in p.messages.all.iter().enumerate() {
        if m.label == "Pong" {
            assert!(
                p.heartbeat[k],
                "pong {} not recognised as a heartbeat reply",
                m.msg
            );
        }
    }
    // And nothing else is: a ping answering a pong does not count as a "reply" of the pong.
    let none = heartbeat_messages(&p.events, &p.messages, |_| false);
    assert!(none.iter().all(|h| !h));
}

#[test]
fn partitions_shade_each_side_of_the_split() {
    let mut sc = Scenario::new::<Ping>(3, 1);
    sc.schedule.push(Scheduled {
        at_us: 100_000,
        action: Action::Partition {
            groups: vec![vec![NodeId(0)], vec![NodeId(1), NodeId(2)]],
        },
    });
    sc.schedule.push(Scheduled {
        at_us: 200_000,
        action: Action::Heal,
    });
    let p = prepare(&sc, 300_000);
    assert_eq!(p.lanes.bands.len(), 1);
    let b = &p.lanes.bands[0];
    assert_eq!(b.interval.start.0, 100_000);
    assert_eq!(b.interval.end.unwrap().0, 200_000);
    assert_eq!(b.side, vec![Some(0), Some(1), Some(1)]);
    assert_eq!(b.label, "partition {n1} | {n2 n3}");
    let (s, _, _) = scene(&p, AxisMode::Real, None, &no_collapse());
    let classes: Vec<&str> = s.bands.iter().map(|b| &*b.class).collect();
    assert_eq!(classes, vec!["net-a", "net-b", "net-b"]);
    // Messages across the split are dropped for that reason.
    assert!(p.messages.all.iter().any(|m| matches!(
        m.end,
        ArrowEnd::Dropped(_, splitbrain_sim::DropReason::Partition)
    )));
}

#[test]
fn svg_export_is_one_well_formed_document() {
    let mut sc = common::random_scenario(11);
    sc.network.loss = 0.1;
    let p = prepare(&sc, 400_000);
    let (s, _, _) = scene(&p, AxisMode::Lamport, None, &LayoutOptions::default());
    let hb = HappensBefore::new(&p.events);
    let sel = p.events.iter().find(|e| e.node.is_some()).unwrap().id;
    let cone = Cone::new(&hb, sel);
    let out = svg::render(
        &s,
        &svg::Highlight {
            cone: Some(&cone),
            second: None,
        },
        "test <run> & co",
        true,
    );
    assert!(out.starts_with("<?xml"));
    assert!(out.contains("test &lt;run&gt; &amp; co"));
    assert_eq!(out.matches("<svg").count(), 1);
    assert!(out.ends_with("</svg>"));
    // Tags balance (a cheap well-formedness check without an XML parser).
    for tag in ["g", "title", "circle", "rect", "path", "line", "text"] {
        let open =
            out.matches(&format!("<{tag} ")).count() + out.matches(&format!("<{tag}>")).count();
        let self_closed = count_self_closed(&out, tag);
        let close = out.matches(&format!("</{tag}>")).count();
        assert_eq!(open, close + self_closed, "<{tag}>");
    }
    assert!(out.contains(r#"class="ev k-"#));
    assert!(out.contains(" sel\""), "the selected event is marked");
}

fn count_self_closed(s: &str, tag: &str) -> usize {
    let mut n = 0;
    let pat = format!("<{tag} ");
    let mut rest = s;
    while let Some(i) = rest.find(&pat) {
        let after = &rest[i..];
        let end = after.find('>').unwrap();
        if after[..end].ends_with('/') {
            n += 1;
        }
        rest = &after[end..];
    }
    n
}
