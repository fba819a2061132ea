//! The protocol-neutral timeline on real Raft runs (a `Session`'s `Shown` events and Raft's `Face`): a
//! partitioned old leader shows as a two-leader interval and its unsafe local read is flagged.

#[path = "common/raft.rs"]
mod raft_common;

use raft_common::face;
use splitbrain_sim::{Consistency, Face, Session, SimTime};
use splitbrain_view::{svg, AxisMode, LabModel, LayoutOptions, Viewport};

/// Raft's face, but judged as an eventually consistent store.
static EVENTUAL_RAFT: Face = Face {
    consistency: Consistency::Eventual,
    ..<splitbrain_raft::Raft as splitbrain_sim::Describe>::FACE
};

#[test]
fn partitioned_old_leader_shows_split_brain_and_a_flagged_stale_read() {
    let sc = raft_common::partitioned_stale_read(1);
    let (events, violations) = raft_common::run(&sc, sc.duration_us);
    let m = LabModel::new(face(), 5, &events, &violations);
    assert!(!m.split.is_empty(), "no two-leader interval");
    let sb = &m.split[0];
    assert!(
        !sb.same_epoch,
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
    // Worded from Raft's face: the stale split's caption and tooltip, the term bands, the leader bars.
    let split = scene
        .bands
        .iter()
        .find(|b| b.class == "split-stale")
        .expect("a stale split band");
    assert!(
        split
            .text
            .as_deref()
            .is_some_and(|t| t.starts_with("two leaders: n") && t.ends_with("— old one is stale")),
        "{:?}",
        split.text
    );
    assert!(
        split.title.starts_with("Two leaders, different terms: n"),
        "{}",
        split.title
    );
    assert!(scene
        .bands
        .iter()
        .any(|b| b.class.starts_with("epoch-") && b.text.as_deref() == Some("t1")));
    assert!(scene
        .bands
        .iter()
        .any(|b| b.class == "role-tone-2 role-leader"
            && b.h == 16.0
            && b.title.contains("leader in term")));
    assert!(scene.texts.iter().any(|t| t.class == "t-heading"
        && t.text == "Term, role (leader bold), log length and what is committed"));
    assert!(scene
        .bands
        .iter()
        .any(|b| b.class == "commit-tick" && b.title.contains("committed")));
    assert!(out.contains(r#"class="role-tone-2 role-leader""#));
}

/// The same run judged as an eventually consistent store: the old value is still marked (seeing it is the
/// lecture's point) but the text says the model allows it, while the lanes and the split are the same.
#[test]
fn an_eventually_consistent_face_marks_its_stale_read_as_allowed() {
    let sc = raft_common::partitioned_stale_read(1);
    let (events, violations) = raft_common::run(&sc, sc.duration_us);
    let linearizable = LabModel::new(face(), 5, &events, &violations);
    let eventual = LabModel::new(&EVENTUAL_RAFT, 5, &events, &violations);
    assert_eq!(linearizable.stale.len(), 1);
    assert_eq!(eventual.stale.len(), 1, "{:?}", eventual.stale);
    assert!(eventual.stale[0]
        .text
        .ends_with("(eventual consistency allows it)"));
    assert!(!linearizable.stale[0].text.contains("allows it"));
    assert_eq!(eventual.split, linearizable.split);
    assert_eq!(eventual.lanes, linearizable.lanes);
    let pos = eventual.base.positions(AxisMode::Real);
    let vp = Viewport::fit(pos.lo, pos.hi, 1600.0);
    let now = SimTime(sc.duration_us);
    let scene = eventual.scene(&events, AxisMode::Real, vp, now, &LayoutOptions::default());
    let out = svg::render(&scene, &svg::Highlight::default(), "eventual", true);
    assert!(out.contains(r#"data-testid="stale-read""#));
    assert!(out.contains(r#"data-testid="split-brain""#));
}

#[test]
fn raft_lanes_follow_the_run() {
    let sc = raft_common::partitioned_stale_read(1);
    let (events, violations) = raft_common::run(&sc, sc.duration_us);
    let m = LabModel::new(face(), 5, &events, &violations);
    // Everyone ends in the same term after healing, and entries were committed cluster-wide.
    let last_terms: Vec<u64> = m
        .lanes
        .nodes
        .iter()
        .map(|n| n.epochs.last().unwrap().epoch)
        .collect();
    assert!(
        last_terms.windows(2).all(|w| w[0] == w[1]),
        "{last_terms:?}"
    );
    assert!(m.lanes.commits.len() >= 2);
    assert!(m
        .lanes
        .nodes
        .iter()
        .any(|n| n.roles.iter().any(|r| face().role(r.role).name == "leader")));
}

#[test]
fn the_lecture_scenario_shows_a_stale_split_and_one_stale_read() {
    let text = include_str!("../../../scenarios/raft/raft-partition-stale-read.json");
    let sc = splitbrain_sim::Scenario::from_json(text).unwrap();
    // Through the `Session` interface, as the app holds a run.
    let mut run = splitbrain_raft::RaftRun::new(&sc).unwrap();
    run.run_until(SimTime(sc.duration_us));
    let (events, violations) = (run.past(), run.violations());
    let m = LabModel::new(run.face(), run.node_count(), events, violations);
    assert_eq!(m.split.len(), 1, "{:?}", m.split);
    assert!(!m.split[0].same_epoch);
    assert_eq!(m.split[0].holders.len(), 2);
    assert_eq!(m.split[0].most_at_once, 2);
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
    let m = LabModel::new(face(), 5, &events, &violations);
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
    let m = LabModel::new(face(), 5, &events, &violations);
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
    let m = LabModel::new(face(), 3, &events, &violations);
    let unsafe_split: Vec<_> = m.split.iter().filter(|s| s.same_epoch).collect();
    assert_eq!(unsafe_split.len(), 1, "{:?} {:?}", m.split, violations);
    let v = unsafe_split[0]
        .violation
        .as_ref()
        .expect("linked to the violation");
    assert!(violations
        .iter()
        .any(|x| x == v && x.invariant == "Election Safety"));
    let text = unsafe_split[0].describe(face());
    assert!(text.starts_with("SPLIT BRAIN, same term: n"), "{text}");
    assert!(text.ends_with(" — Election Safety violated"), "{text}");
    // The band is the unsafe kind, seeks to the violation and carries a marker named after it.
    let now = events.last().unwrap().time;
    let pos = m.base.positions(AxisMode::Real);
    let vp = Viewport::fit(pos.lo, pos.hi, 1600.0);
    let scene = m.scene(&events, AxisMode::Real, vp, now, &LayoutOptions::default());
    let band = scene
        .bands
        .iter()
        .find(|b| b.class == "split-unsafe")
        .expect("an unsafe split band");
    assert_eq!(band.seek, Some(v.event));
    assert!(
        band.text
            .as_deref()
            .is_some_and(|t| t.starts_with("SPLIT BRAIN, same term: n")),
        "{:?}",
        band.text
    );
    assert!(scene
        .markers
        .iter()
        .any(|mk| mk.label == "Election Safety" && mk.seek == v.event));
}
