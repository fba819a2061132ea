//! The Raft timeline on real Raft runs: a partitioned old leader shows as a two-leader interval and its
//! unsafe local read is flagged.

#[path = "common/raft.rs"]
mod raft_common;

use splitbrain_sim::SimTime;
use splitbrain_view::raft::RaftModel;
use splitbrain_view::{svg, AxisMode, LayoutOptions, Viewport};

#[test]
fn partitioned_old_leader_shows_split_brain_and_a_flagged_stale_read() {
    let sc = raft_common::partitioned_stale_read(1);
    let (events, violations) = raft_common::run(&sc, sc.duration_us);
    let m = RaftModel::new(5, &events, &violations);
    assert!(!m.split.is_empty(), "no two-leader interval");
    let sb = &m.split[0];
    assert!(
        !sb.same_term,
        "Raft itself never has two leaders in one term: {sb:?}"
    );
    assert!(
        sb.interval.start.0 > 1_600_000 && sb.interval.end.is_some_and(|e| e.0 >= 5_500_000),
        "{sb:?}"
    );
    assert_eq!(m.stale.len(), 1, "{:?}", m.stale);
    assert!(
        m.stale[0].text.contains("get x returned 1"),
        "{}",
        m.stale[0].text
    );

    let pos = m.base.positions(AxisMode::Real);
    let vp = Viewport::fit(pos.lo, pos.hi, 1600.0);
    let scene = m.scene(
        &events,
        AxisMode::Real,
        vp,
        SimTime(sc.duration_us),
        &LayoutOptions::default(),
    );
    let out = svg::render(&scene, &svg::Highlight::default(), "stale read", true);
    assert!(out.contains(r#"data-testid="split-brain""#));
    assert!(out.contains(r#"data-testid="stale-read""#));
    assert!(out.contains(r#"data-testid="marker-m-stale""#));
    assert!(scene.element_count() < 4_000, "{}", scene.element_count());
}

#[test]
fn raft_lanes_follow_the_run() {
    let sc = raft_common::partitioned_stale_read(1);
    let (events, violations) = raft_common::run(&sc, sc.duration_us);
    let m = RaftModel::new(5, &events, &violations);
    // Everyone ends in the same term after healing, and entries were committed cluster-wide.
    let last_terms: Vec<u64> = m
        .lanes
        .nodes
        .iter()
        .map(|n| n.terms.last().unwrap().term)
        .collect();
    assert!(
        last_terms.windows(2).all(|w| w[0] == w[1]),
        "{last_terms:?}"
    );
    assert!(m.lanes.commits.len() >= 2);
    assert!(m.lanes.nodes.iter().any(|n| n
        .roles
        .iter()
        .any(|r| r.role == splitbrain_view::raft::RoleKind::Leader)));
}

#[test]
fn the_lecture_scenario_shows_a_stale_split_and_one_stale_read() {
    let text = include_str!("../../../scenarios/raft/raft-partition-stale-read.json");
    let sc = splitbrain_sim::Scenario::from_json(text).unwrap();
    let (events, violations) = raft_common::run(&sc, sc.duration_us);
    let m = RaftModel::new(5, &events, &violations);
    assert_eq!(m.split.len(), 1, "{:?}", m.split);
    assert!(!m.split[0].same_term);
    assert_eq!(m.split[0].leaders.len(), 2);
    // From the new leader's election to the heal at 3.5 s.
    assert!(m.split[0].interval.start.0 > 600_000);
    assert!(m.split[0].interval.end.is_some_and(|e| e.0 >= 3_500_000));
    assert_eq!(m.stale.len(), 1);
    assert!(
        m.violations.is_empty(),
        "the log is safe: only the read lied"
    );
}

#[test]
fn ten_thousand_events_seen_whole_stay_within_the_element_budget() {
    let sc = raft_common::busy(7, 20);
    let (mut events, violations) = raft_common::run(&sc, sc.duration_us);
    events.truncate(10_000);
    let m = RaftModel::new(5, &events, &violations);
    let now = events.last().unwrap().time;
    for mode in AxisMode::ALL {
        let pos = m.base.positions(mode);
        let vp = Viewport::fit(pos.lo, pos.hi, 1600.0);
        let scene = m.scene(&events, mode, vp, now, &LayoutOptions::default());
        assert!(
            scene.element_count() < 2_500,
            "{mode:?}: {}",
            scene.element_count()
        );
        // Dense traffic folds into summaries; notes, timers and client events stay visible.
        assert!(
            scene.summaries.iter().any(|s| !s.heartbeats_only),
            "{mode:?}"
        );
        assert!(scene.dots.iter().any(|d| d.class == "k-note"));
    }
}

/// In a dense run the client-operation labels written beside short bars never run over the next bar of their
/// row (the SVG writes them at the bar's end when the bar is narrower than 8 px per character).
#[test]
fn client_operation_labels_never_cover_another_bar() {
    let sc = raft_common::busy(7, 20);
    let (mut events, violations) = raft_common::run(&sc, sc.duration_us);
    events.truncate(10_000);
    let m = RaftModel::new(5, &events, &violations);
    let now = events.last().unwrap().time;
    let pos = m.base.positions(AxisMode::Real);
    let vp = Viewport::fit(pos.lo, pos.hi, 1600.0);
    let scene = m.scene(&events, AxisMode::Real, vp, now, &LayoutOptions::default());
    let ops: Vec<_> = scene
        .bands
        .iter()
        .filter(|b| b.class.starts_with("op-") && b.class != "op-stale")
        .collect();
    assert!(ops.len() > 50, "a dense history: {} bars", ops.len());
    let mut labelled = 0;
    for b in &ops {
        let Some(t) = &b.text else { continue };
        labelled += 1;
        let w = 8.0 * t.chars().count() as f64;
        let (x0, x1) = if b.w < w {
            (b.x + b.w + 4.0, b.x + b.w + 4.0 + w)
        } else {
            (b.x, b.x + b.w)
        };
        for other in ops.iter().filter(|o| o.y == b.y && o.x > b.x) {
            assert!(
                other.x >= x1 || other.x + other.w <= x0,
                "label {t:?} ({x0:.0}–{x1:.0}) covers the bar at {:.0}",
                other.x
            );
        }
    }
    assert!(labelled > 0, "some labels still fit");
}

/// A Raft that forgets its vote on restart (a teaching mutant) lets two leaders win the same term: the
/// timeline shows a same-term split brain linked to the checker's Election Safety violation.
#[test]
fn a_same_term_split_brain_links_to_the_election_safety_violation() {
    use splitbrain_sim::{Action, NodeId, Scenario, Scheduled};
    let mut sc = Scenario::new::<splitbrain_raft::Raft>(3, 5);
    sc.cluster.options = serde_json::json!({ "mutant": "forget_voted_for_on_restart" });
    let at = |ms: u64, action| Scheduled {
        at_us: ms * 1_000,
        action,
    };
    sc.schedule = vec![
        at(
            1,
            Action::Cut {
                from: NodeId(0),
                to: NodeId(2),
            },
        ),
        at(
            1,
            Action::Cut {
                from: NodeId(2),
                to: NodeId(0),
            },
        ),
        at(10, Action::Timeout { node: NodeId(0) }),
        // n2 votes for n1 at ~35 ms, then crashes before the leader's first entry reaches it, and comes
        // back having forgotten its vote; the leader's messages to it are cut so its log stays empty.
        at(40, Action::Crash { node: NodeId(1) }),
        at(45, Action::Restart { node: NodeId(1) }),
        at(
            45,
            Action::Cut {
                from: NodeId(0),
                to: NodeId(1),
            },
        ),
        at(50, Action::Timeout { node: NodeId(2) }),
    ];
    let (events, violations) = raft_common::run(&sc, 250_000);
    let m = RaftModel::new(3, &events, &violations);
    let unsafe_split: Vec<_> = m.split.iter().filter(|s| s.same_term).collect();
    assert_eq!(unsafe_split.len(), 1, "{:?} {:?}", m.split, violations);
    let v = unsafe_split[0].violation.expect("linked to the violation");
    assert!(violations
        .iter()
        .any(|x| x.event == v && x.invariant == "Election Safety"));
    assert!(unsafe_split[0]
        .describe()
        .contains("Election Safety violated"));
}
