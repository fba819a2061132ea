//! Snapshot cuts on a real Chandy–Lamport run: two concurrent snapshots give two cuts, each through the
//! recording event of every node, drawn as one line across the lanes with its number.

use splitbrain_sim::{Describe, Run, Scenario, Session, SimTime};
use splitbrain_snapshot::{Snapshot, SnapshotChecker};
use splitbrain_view::{cuts, svg, AxisMode, LabModel, LayoutOptions, Viewport};

const CONCURRENT: &str = include_str!("../../../scenarios/snapshot/snapshot-concurrent.json");

#[test]
fn two_concurrent_snapshots_draw_two_cuts_through_every_node() {
    let sc = Scenario::from_json(CONCURRENT).unwrap();
    let mut run = Run::<Snapshot, SnapshotChecker>::new(&sc).unwrap();
    run.run_until(SimTime(sc.duration_us));
    let events = run.past().to_vec();
    let nodes = sc.cluster.nodes as usize;
    let found = cuts(&events);
    assert_eq!(found.len(), 2, "{found:?}");
    for cut in &found {
        assert_eq!(cut.points.len(), nodes, "every node recorded {cut:?}");
    }

    let m = LabModel::new(&<Snapshot as Describe>::FACE, nodes, &events, &[]);
    let pos = m.base.positions(AxisMode::Real);
    let vp = Viewport::fit(pos.lo, pos.hi, 1600.0);
    let opts = LayoutOptions::default();
    let scene = m.scene(&events, AxisMode::Real, vp, SimTime(sc.duration_us), &opts);
    let lines: Vec<_> = scene
        .polylines
        .iter()
        .filter(|p| p.class == "snapshot-cut")
        .collect();
    assert_eq!(lines.len(), 2);
    for line in lines {
        // One point per lane plus the two ends above the first and below the last lane.
        assert_eq!(line.points.len(), nodes + 2);
        assert!(
            line.points.windows(2).all(|w| w[0].1 <= w[1].1),
            "top to bottom: {:?}",
            line.points
        );
    }
    let out = svg::render(&scene, &svg::Highlight::default(), "snapshots", true);
    let numbers: Vec<String> = found
        .iter()
        .map(|c| format!("snapshot #{}", c.snapshot))
        .collect();
    for n in &numbers {
        assert!(out.contains(n.as_str()), "{n}");
    }
    assert!(out.contains("snapshot-cut"));
}

#[test]
fn a_cut_outside_the_window_is_not_drawn() {
    let sc = Scenario::from_json(CONCURRENT).unwrap();
    let mut run = Run::<Snapshot, SnapshotChecker>::new(&sc).unwrap();
    run.run_until(SimTime(sc.duration_us));
    let events = run.past().to_vec();
    let m = LabModel::new(
        &<Snapshot as Describe>::FACE,
        sc.cluster.nodes as usize,
        &events,
        &[],
    );
    // The first second: before either snapshot starts (both begin at 1.5 s).
    let vp = Viewport::fit(0.0, 1_000_000.0, 1600.0);
    let scene = m.scene(
        &events,
        AxisMode::Real,
        vp,
        SimTime(sc.duration_us),
        &LayoutOptions::default(),
    );
    assert!(scene.polylines.iter().all(|p| p.class != "snapshot-cut"));
}

#[test]
fn the_money_in_flight_cut_shows_half_a_second_after_the_snapshot_starts() {
    let sc = Scenario::from_json(include_str!(
        "../../../scenarios/snapshot/snapshot-money-in-flight.json"
    ))
    .unwrap();
    let mut run = Run::<Snapshot, SnapshotChecker>::new(&sc).unwrap();
    run.run_until(SimTime(2_000_000));
    let events = run.past().to_vec();
    let nodes = sc.cluster.nodes as usize;
    let m = LabModel::new(&<Snapshot as Describe>::FACE, nodes, &events, &[]);
    assert_eq!(m.cuts.len(), 1, "{:?}", m.cuts);
    let pos = m.base.positions(AxisMode::Real);
    let vp = Viewport::fit(pos.lo, pos.hi, 1200.0);
    let scene = m.scene(
        &events,
        AxisMode::Real,
        vp,
        SimTime(2_000_000),
        &LayoutOptions::default(),
    );
    assert!(scene.polylines.iter().any(|p| p.class == "snapshot-cut"));
}
