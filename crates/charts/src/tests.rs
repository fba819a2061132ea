//! The charts of a real run, rendered to SVG natively: captions, axis labels, fault bands, lines, cursor.

use crate::lines::lines;
use crate::{kinds_for, readout, svg, ChartKind, Series};
use splitbrain_metrics::{Input, Metrics};
use splitbrain_sim::{Action, ClientOp, NodeId, Scheduled, SimTime};

/// Raft with a steady trickle of writes and reads and a partition of n1 from 1 s to 2 s.
fn partitioned_run() -> Metrics {
    let entry = splitbrain_registry::find("raft").unwrap();
    let mut sc = entry.playground(3, 4);
    sc.duration_us = 3_000_000;
    sc.schedule.push(Scheduled {
        at_us: 1_000_000,
        action: Action::Partition {
            groups: vec![vec![NodeId(0)], vec![NodeId(1), NodeId(2)]],
        },
    });
    sc.schedule.push(Scheduled {
        at_us: 2_000_000,
        action: Action::Heal,
    });
    for i in 0..30u64 {
        let op = if i % 2 == 0 {
            ClientOp::Put {
                context: None,
                key: "x".into(),
                value: i.to_string(),
            }
        } else {
            ClientOp::Get { key: "x".into() }
        };
        sc.schedule.push(Scheduled {
            at_us: 300_000 + i * 90_000,
            action: Action::Client {
                session: None,
                node: NodeId((i % 3) as u32),
                op,
            },
        });
    }
    sc.schedule.sort_by_key(|s| s.at_us);
    let mut run = entry.start(&sc).unwrap();
    run.run_until(SimTime(sc.duration_us));
    Metrics::measure(Input::of(&*run))
}

#[test]
fn every_chart_renders_its_caption_axes_and_bands() {
    let m = partitioned_run();
    let runs = [Series {
        label: "raft",
        metrics: &m,
    }];
    let kinds = kinds_for(&runs);
    assert!(!kinds.contains(&ChartKind::Clocks), "no clock was skewed");
    for kind in kinds {
        let doc = svg(kind, &runs, (640, 260), Some(SimTime(1_500_000))).unwrap();
        assert!(doc.starts_with("<svg"), "{kind:?}");
        assert!(doc.contains(kind.title()), "{kind:?}: caption");
        assert!(doc.contains("simulated time (s)"), "{kind:?}: x axis");
        assert!(doc.contains(kind.unit()), "{kind:?}: y axis");
        assert!(
            doc.contains("\npartition\n"),
            "{kind:?}: the partition band is labelled"
        );
        assert!(
            doc.contains("<polyline") || doc.contains("<path"),
            "{kind:?}: a line is drawn"
        );
    }
}

#[test]
fn the_partition_shows_in_the_lines() {
    let m = partitioned_run();
    let runs = [Series {
        label: "raft",
        metrics: &m,
    }];
    let throughput = &lines(ChartKind::Throughput, &runs)[0];
    let points: Vec<(f64, f64)> = throughput.segments.iter().flatten().copied().collect();
    assert!(
        points.iter().any(|(_, v)| *v > 0.0),
        "answers before the partition"
    );
    let latency = lines(ChartKind::Latency, &runs);
    assert_eq!(latency.len(), 2);
    assert_eq!(
        (latency[0].label.as_str(), latency[1].label.as_str()),
        ("p50", "p99")
    );
    assert!(
        latency[1].dashed && !latency[0].dashed,
        "p99 is told apart by its dashes too"
    );
    let readout = readout(ChartKind::Latency, &runs, SimTime(800_000));
    assert!(readout.starts_with("t = 0.80 s · p50 "), "{readout}");
    assert!(readout.contains(" ms"), "{readout}");
}

#[test]
fn compared_runs_get_one_line_each_labelled_by_system() {
    let m = partitioned_run();
    let runs = [
        Series {
            label: "A",
            metrics: &m,
        },
        Series {
            label: "B",
            metrics: &m,
        },
    ];
    let l = lines(ChartKind::Throughput, &runs);
    assert_eq!(
        l.iter().map(|l| l.label.as_str()).collect::<Vec<_>>(),
        ["A", "B"]
    );
    assert_ne!(l[0].colour, l[1].colour);
    let doc = svg(ChartKind::Availability, &runs, (640, 260), None).unwrap();
    assert!(
        doc.contains("\nA\n") && doc.contains("\nB\n"),
        "legend names both systems"
    );
}

#[test]
fn the_frame_maps_pixels_back_to_time() {
    let m = partitioned_run();
    let runs = [Series {
        label: "raft",
        metrics: &m,
    }];
    let mut out = String::new();
    let frame = {
        use plotters::prelude::*;
        let root = SVGBackend::with_string(&mut out, (640, 260)).into_drawing_area();
        crate::draw(&root, ChartKind::Throughput, &runs, None).unwrap()
    };
    assert!(frame.left > 0 && frame.right < 640 && frame.left < frame.right);
    assert_eq!(frame.time_at(frame.left), Some(SimTime(0)));
    assert_eq!(frame.time_at(frame.right), Some(m.span));
    assert_eq!(frame.time_at(frame.left - 1), None);
}

/// `cargo test -p splitbrain-charts dump -- --ignored`: writes every chart to /tmp/charts.html to look at.
#[test]
#[ignore]
fn dump() {
    let m = partitioned_run();
    let runs = [Series {
        label: "raft",
        metrics: &m,
    }];
    let mut html = String::from("<html><body style='margin:0'>");
    for kind in kinds_for(&runs) {
        html.push_str(&svg(kind, &runs, (640, 260), Some(SimTime(1_500_000))).unwrap());
    }
    std::fs::write("/tmp/charts.html", html).unwrap();
}

/// The lease lecture (a clock set fast, then drifting) played to its end.
fn lease_lecture() -> Metrics {
    let (entry, lecture) = splitbrain_registry::lecture("raft-lease-clock-skew").unwrap();
    let sc = splitbrain_sim::Scenario::from_json(lecture.json).unwrap();
    let mut run = entry.start(&sc).unwrap();
    run.run_until(SimTime(sc.duration_us));
    Metrics::measure(Input::of(&*run))
}

#[test]
fn a_skewed_clock_brings_the_clock_chart_with_one_line_per_node() {
    let m = lease_lecture();
    assert!(m.clocks_vary());
    let runs = [Series {
        label: "raft",
        metrics: &m,
    }];
    assert!(kinds_for(&runs).contains(&ChartKind::Clocks));
    let clock_lines = lines(ChartKind::Clocks, &runs);
    assert_eq!(clock_lines.len(), m.clocks.len());
    assert_eq!(m.clocks.len(), 5, "one line per node of the five");
    assert!(
        clock_lines
            .iter()
            .any(|l| l.segments.iter().flatten().any(|(_, off)| *off != 0.0)),
        "some node's offset moves"
    );
    let doc = svg(ChartKind::Clocks, &runs, (640, 260), None).unwrap();
    assert!(
        doc.contains("Clock offset") && doc.contains("\nclock\n"),
        "caption and the skew's band"
    );
    // Two systems never get a clock chart: per-node lines of both would be unreadable.
    let two = [
        runs[0],
        Series {
            label: "b",
            metrics: &m,
        },
    ];
    assert!(!kinds_for(&two).contains(&ChartKind::Clocks));
}

/// `cargo test -p splitbrain-charts dump_clocks -- --ignored`: the lease lecture's clock chart, to look at.
#[test]
#[ignore]
fn dump_clocks() {
    let m = lease_lecture();
    let runs = [Series {
        label: "raft",
        metrics: &m,
    }];
    std::fs::write(
        "/tmp/clocks.svg",
        svg(ChartKind::Clocks, &runs, (640, 260), None).unwrap(),
    )
    .unwrap();
}

#[test]
fn a_protocol_without_clients_gets_no_client_charts() {
    let (entry, lecture) = splitbrain_registry::lecture("election-bully-leader-crash").unwrap();
    let sc = splitbrain_sim::Scenario::from_json(lecture.json).unwrap();
    let mut run = entry.start(&sc).unwrap();
    run.run_until(SimTime(sc.duration_us));
    let m = Metrics::measure(Input::of(&*run));
    assert!(!m.serves_clients);
    let runs = [Series {
        label: "election",
        metrics: &m,
    }];
    assert_eq!(kinds_for(&runs), vec![ChartKind::Messages]);
}

/// A lecture played to its end, measured.
fn lecture(id: &str) -> Metrics {
    let (entry, lecture) = splitbrain_registry::lecture(id).unwrap();
    let sc = splitbrain_sim::Scenario::from_json(lecture.json).unwrap();
    let mut run = entry.start(&sc).unwrap();
    run.run_until(SimTime(sc.duration_us));
    Metrics::measure(Input::of(&*run))
}

#[test]
fn a_failure_detector_gets_a_detection_chart_with_its_detections_and_false_suspicions() {
    // n4 crashes at 1 s (three live nodes suspect it); n2 is paused from 2.6 s (a false suspicion).
    let m = lecture("failure-detector-heartbeat-crash-and-pause");
    let runs = [Series {
        label: "fd",
        metrics: &m,
    }];
    let kinds = kinds_for(&runs);
    assert!(kinds.contains(&ChartKind::Detection), "{kinds:?}");
    assert!(
        !kinds.contains(&ChartKind::Latency),
        "no clients: {kinds:?}"
    );
    let marks = crate::lines::markers(ChartKind::Detection, &runs);
    let dots = marks.iter().filter(|m| m.y.is_some()).count();
    assert_eq!(dots, m.suspicions.detections.len());
    assert!(dots >= 3, "every live node suspects the crashed n4");
    assert!(
        marks.iter().any(|m| m.y.is_none()),
        "the paused node is falsely suspected"
    );
    for d in &m.suspicions.detections {
        assert!(
            d.after_us() > 0 && d.after_us() < 1_000_000,
            "{d:?}: detected within the timeout and a heartbeat"
        );
    }
    let doc = svg(ChartKind::Detection, &runs, (640, 260), None).unwrap();
    assert!(doc.contains("false suspicion") && doc.contains("suspects a crashed one"));
}

#[test]
fn clock_synchronisation_draws_each_claimed_bound_and_marks_each_round() {
    // Cristian: n2 drifts and is stepped back every round, inside its claimed ± bound.
    let m = lecture("clocksync-cristian-drift");
    let runs = [Series {
        label: "clocksync",
        metrics: &m,
    }];
    assert!(kinds_for(&runs).contains(&ChartKind::Clocks));
    let bounds: Vec<_> = lines(ChartKind::Clocks, &runs)
        .into_iter()
        .filter(|l| !l.in_legend)
        .collect();
    assert!(!bounds.is_empty(), "the clients claim bounds");
    for l in &bounds {
        for seg in &l.segments {
            // Each claim holds from its round to the next, widening with the assumed drift.
            assert!(
                seg[1].0 >= seg[0].0 && seg[1].1.abs() >= seg[0].1.abs(),
                "{seg:?}"
            );
        }
    }
    let rounds = crate::lines::markers(ChartKind::Clocks, &runs);
    assert!(
        rounds.len() >= 4,
        "a sync round each second: {}",
        rounds.len()
    );
    let doc = svg(ChartKind::Clocks, &runs, (640, 260), None).unwrap();
    assert!(doc.contains("± bound, dots: sync"));
}

/// `cargo test -p splitbrain-charts dump_time -- --ignored`: the clock chart of the Cristian lecture and the
/// detection chart of the heartbeat lecture, to look at.
#[test]
#[ignore]
fn dump_time() {
    for (id, kind, file) in [
        (
            "clocksync-cristian-drift",
            ChartKind::Clocks,
            "/tmp/cristian-clocks.svg",
        ),
        (
            "failure-detector-heartbeat-crash-and-pause",
            ChartKind::Detection,
            "/tmp/fd-detection.svg",
        ),
    ] {
        let m = lecture(id);
        let runs = [Series {
            label: id,
            metrics: &m,
        }];
        std::fs::write(file, svg(kind, &runs, (640, 260), None).unwrap()).unwrap();
    }
}
