//! From metrics to the lines a chart draws: plain data, so what each chart shows is tested without pixels.

use crate::style;
use crate::{ChartKind, Series};
use plotters::style::RGBColor;
use splitbrain_metrics::{Bucket, ClockSeries, Metrics};
use splitbrain_sim::SimTime;

/// One line of a chart: gaps (no data in a bucket) split it into segments.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub label: String,
    pub colour: RGBColor,
    /// Dash patterns double the colour distinction (p99 against p50, odd families).
    pub dashed: bool,
    /// (seconds, value) points, segment by segment.
    pub segments: Vec<Vec<(f64, f64)>>,
    /// Listed in the legend (a clock's error bound is explained by the caption instead).
    pub in_legend: bool,
}

/// How a marker is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Cross,
    Dot,
}

/// Markers drawn on top of the lines: lost writes at their acknowledgement, synchronisation rounds on a
/// clock's line, detections of a crash at their delay, false suspicions.
#[derive(Clone, Debug, PartialEq)]
pub struct Marker {
    pub colour: RGBColor,
    pub at_s: f64,
    /// The value it marks; `None`: along the bottom of the plot.
    pub y: Option<f64>,
    pub shape: Shape,
    /// The legend entry of its kind ("✕ lost write"); empty when the caption explains it.
    pub legend: &'static str,
}

fn mid_s(b: &Bucket) -> f64 {
    (b.start.0 as f64 + b.covered_us as f64 / 2.0) / 1e6
}

/// A line from a value per bucket; `None` leaves a gap.
fn per_bucket(m: &Metrics, value: impl Fn(&Bucket) -> Option<f64>) -> Vec<Vec<(f64, f64)>> {
    let mut segments: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for b in m.buckets.iter().filter(|b| b.covered_us > 0) {
        match value(b) {
            Some(v) => current.push((mid_s(b), v)),
            None if !current.is_empty() => segments.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        segments.push(current);
    }
    segments
}

fn line(label: String, colour: RGBColor, dashed: bool, segments: Vec<Vec<(f64, f64)>>) -> Line {
    Line {
        label,
        colour,
        dashed,
        segments,
        in_legend: true,
    }
}

/// The label of run `i`'s line: the metric alone for a single run, prefixed by the system when comparing.
fn name(runs: &[Series<'_>], i: usize, what: &str) -> String {
    match (runs.len(), what.is_empty()) {
        (1, _) => what.to_string(),
        (_, true) => runs[i].label.to_string(),
        _ => format!("{} {what}", runs[i].label),
    }
}

pub fn lines(kind: ChartKind, runs: &[Series<'_>]) -> Vec<Line> {
    let single = runs.len() == 1;
    let mut out = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let m = run.metrics;
        let colour = |fallback: RGBColor| if single { fallback } else { style::system(i) };
        match kind {
            ChartKind::Latency => {
                let ms = |v: Option<u64>| v.map(|u| u as f64 / 1000.0);
                // Compared runs: one legend entry per system (solid p50, dashed p99, said in the caption).
                let (p50, p99) = if single {
                    ("p50".to_string(), "p99".to_string())
                } else {
                    (run.label.to_string(), String::new())
                };
                out.push(line(
                    p50,
                    colour(style::BLUE),
                    false,
                    per_bucket(m, |b| ms(b.p50_us)),
                ));
                out.push(line(
                    p99,
                    colour(style::ORANGE),
                    true,
                    per_bucket(m, |b| ms(b.p99_us)),
                ));
            }
            ChartKind::Throughput => {
                out.push(line(
                    name(runs, i, ""),
                    colour(style::BLUE),
                    false,
                    per_bucket(m, |b| Some(b.rolling_throughput)),
                ));
            }
            ChartKind::Availability => {
                out.push(line(
                    name(runs, i, ""),
                    colour(style::GREEN),
                    false,
                    per_bucket(m, |b| b.rolling_availability),
                ));
            }
            ChartKind::Staleness => {
                out.push(line(
                    name(runs, i, if single { "stale reads" } else { "" }),
                    colour(style::ORANGE),
                    false,
                    per_bucket(m, |b| Some(b.stale_reads as f64)),
                ));
            }
            ChartKind::Messages if single => {
                for (f, key) in m.families.iter().enumerate() {
                    let segments = per_bucket(m, |b| Some(b.messages_per_second(f)));
                    out.push(line(
                        key.to_string(),
                        style::family(f),
                        f % 2 == 1,
                        segments,
                    ));
                }
            }
            ChartKind::Messages => {
                out.push(line(
                    name(runs, i, ""),
                    colour(style::BLUE),
                    false,
                    per_bucket(m, |b| Some(b.all_messages_per_second())),
                ));
            }
            ChartKind::Clocks => {
                for (n, c) in m.clocks.iter().enumerate() {
                    let points = c
                        .points
                        .iter()
                        .map(|(t, off)| (t.0 as f64 / 1e6, *off as f64 / 1000.0))
                        .collect();
                    out.push(line(
                        c.node.to_string(),
                        style::system(n),
                        n >= 4,
                        vec![points],
                    ));
                }
                for (n, c) in m.clocks.iter().enumerate() {
                    if let Some(bound) = bound_line(m, c, style::system(n)) {
                        out.push(bound);
                    }
                }
            }
            // Only markers: one dot per detection, one cross per false suspicion.
            ChartKind::Detection => {}
        }
    }
    out
}

/// The ± error bound a node claimed, as a dashed step line above and below zero: each claim holds from
/// when it was made until the next one (or the cursor).
fn bound_line(m: &Metrics, c: &ClockSeries, colour: RGBColor) -> Option<Line> {
    if c.bounds.is_empty() {
        return None;
    }
    let mut segments = Vec::new();
    for (i, (from, bound, ppm)) in c.bounds.iter().enumerate() {
        let to = c.bounds.get(i + 1).map_or(m.now, |(t, ..)| *t);
        let (a, b) = (from.0 as f64 / 1e6, to.0.max(from.0) as f64 / 1e6);
        // The bound widens with the drift the algorithm assumes, until the next round narrows it.
        let start = *bound as f64 / 1000.0;
        let end = start + (b - a) * *ppm as f64 / 1000.0;
        segments.push(vec![(a, start), (b, end)]);
        segments.push(vec![(a, -start), (b, -end)]);
    }
    Some(Line {
        label: format!("{} ±bound", c.node),
        colour,
        dashed: true,
        segments,
        in_legend: false,
    })
}

/// The offset of a node's clock at `t`, from its sampled line (the value just after a change).
fn offset_ms_at(c: &ClockSeries, t: SimTime) -> f64 {
    c.points
        .iter()
        .rev()
        .find(|(at, _)| *at <= t)
        .map_or(0.0, |(_, off)| *off as f64 / 1000.0)
}

/// What each chart marks on top of its lines: lost writes (staleness), synchronisation rounds (clocks),
/// detections and false suspicions (detection).
pub fn markers(kind: ChartKind, runs: &[Series<'_>]) -> Vec<Marker> {
    match kind {
        ChartKind::Staleness => lost_writes(runs),
        ChartKind::Clocks => runs
            .iter()
            .take(1)
            .flat_map(|r| sync_rounds(r.metrics))
            .collect(),
        ChartKind::Detection => runs
            .iter()
            .take(1)
            .flat_map(|r| detections(r.metrics))
            .collect(),
        _ => Vec::new(),
    }
}

fn sync_rounds(m: &Metrics) -> Vec<Marker> {
    let mut out = Vec::new();
    for (n, c) in m.clocks.iter().enumerate() {
        for t in &c.syncs {
            out.push(Marker {
                colour: style::system(n),
                at_s: t.0 as f64 / 1e6,
                y: Some(offset_ms_at(c, *t)),
                shape: Shape::Dot,
                // The caption explains the dots: the per-node legend is long enough.
                legend: "",
            });
        }
    }
    out
}

fn detections(m: &Metrics) -> Vec<Marker> {
    let s = &m.suspicions;
    let found = s.detections.iter().map(|d| Marker {
        colour: style::BLUE,
        at_s: d.at.0 as f64 / 1e6,
        y: Some(d.after_us() as f64 / 1000.0),
        shape: Shape::Dot,
        legend: "a live node suspects a crashed one",
    });
    let wrong = s.false_suspicions.iter().map(|f| Marker {
        colour: style::VERMILLION,
        at_s: f.at.0 as f64 / 1e6,
        y: None,
        shape: Shape::Cross,
        legend: "false suspicion (the node was up)",
    });
    found.chain(wrong).collect()
}

fn lost_writes(runs: &[Series<'_>]) -> Vec<Marker> {
    let mut out = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let colour = if runs.len() == 1 {
            style::VERMILLION
        } else {
            style::system(i)
        };
        for op in run.metrics.ops.iter().filter(|o| o.lost) {
            if let Some(r) = op.returned {
                out.push(Marker {
                    colour,
                    at_s: r.0 as f64 / 1e6,
                    y: None,
                    shape: Shape::Cross,
                    legend: "✕ lost write",
                });
            }
        }
    }
    out
}
