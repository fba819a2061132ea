//! Frame time of the timelines for a 10 000-event Raft run, as the views see it (`Shown` events and Raft's
//! face): building the model (once per trace change) and one frame (layout of the visible window + SVG
//! string), whole run and zoomed in.
//!
//! cargo bench -p splitbrain-view --bench layout

#[path = "../tests/common/raft.rs"]
mod raft_common;

use splitbrain_sim::{EventId, SimTime};
use splitbrain_view::{svg, AxisMode, Cone, LabModel, LayoutOptions, Viewport};
use std::time::Instant;

fn median_ms(mut f: impl FnMut(), reps: usize) -> f64 {
    let mut t: Vec<f64> = (0..reps)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    t.sort_by(|a, b| a.partial_cmp(b).unwrap());
    t[t.len() / 2]
}

fn main() {
    let mut seconds = 20;
    let (events, violations) = loop {
        let sc = raft_common::busy(7, seconds);
        let (mut ev, v) = raft_common::run(&sc, sc.duration_us);
        if ev.len() >= 10_000 {
            ev.truncate(10_000);
            break (ev, v);
        }
        seconds += 10;
    };
    let now = events.last().unwrap().time;
    println!(
        "trace: {} events, {:.1} s simulated",
        events.len(),
        now.0 as f64 / 1e6
    );
    let opts = LayoutOptions::default();
    let model_ms = median_ms(
        || drop(LabModel::new(raft_common::face(), 5, &events, &violations)),
        11,
    );
    println!("model (once per trace change):        {model_ms:7.2} ms");
    let m = LabModel::new(raft_common::face(), 5, &events, &violations);
    for mode in AxisMode::ALL {
        let pos = m.base.positions(mode);
        let whole = Viewport::fit(pos.lo, pos.hi, 1600.0);
        let zoomed = Viewport::new(
            pos.lo + (pos.hi - pos.lo) * 0.5,
            pos.lo + (pos.hi - pos.lo) * 0.55,
            1600.0,
        );
        for (name, vp) in [("whole run", whole), ("5 % window", zoomed)] {
            let mut elements = 0;
            let mut bytes = 0;
            let frame = median_ms(
                || {
                    let scene = m.scene(&events, mode, vp, SimTime(now.0), &opts);
                    let s = svg::render(&scene, &svg::Highlight::default(), "bench", false);
                    elements = scene.element_count();
                    bytes = s.len();
                },
                21,
            );
            println!(
                "frame {:>12} {:>10}: {frame:7.2} ms  ({elements} elements, {} KB SVG)",
                mode.name(),
                name,
                bytes / 1024
            );
        }
    }
    let sel = EventId(5_000);
    let cone_ms = median_ms(|| drop(Cone::new(&m.base.hb, sel)), 51);
    println!("causal cone of one event:              {cone_ms:7.3} ms");
}
