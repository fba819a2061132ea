//! The run's charts, drawn with plotters on any backend: the page hands in its canvas, the export hands in
//! an SVG string, and both get the same picture. Each chart overlays one or more runs on one time axis
//! (one run in the Charts band, two to four in Compare), shades the fault intervals and marks the cursor.

mod bands;
mod draw;
pub mod lines;
mod readout;
mod style;
pub mod vary;

pub use draw::{draw, Frame};
pub use readout::readout;

use splitbrain_metrics::Metrics;

/// One run on a chart, with the name its lines are labelled by.
#[derive(Clone, Copy, Debug)]
pub struct Series<'a> {
    pub label: &'a str,
    pub metrics: &'a Metrics,
}

/// The charts there are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChartKind {
    Latency,
    Throughput,
    Availability,
    Staleness,
    Messages,
    Clocks,
    Detection,
}

impl ChartKind {
    pub const ALL: [ChartKind; 7] = [
        ChartKind::Latency,
        ChartKind::Throughput,
        ChartKind::Availability,
        ChartKind::Staleness,
        ChartKind::Messages,
        ChartKind::Clocks,
        ChartKind::Detection,
    ];

    /// The chart's caption.
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::Latency => "Latency (rolling p50 / p99)",
            ChartKind::Throughput => "Throughput (rolling 1 s)",
            ChartKind::Availability => "Availability (rolling 1 s, by start time)",
            ChartKind::Staleness => "Stale reads and lost writes",
            ChartKind::Messages => "Messages per second",
            ChartKind::Clocks => "Clock offset",
            ChartKind::Detection => "Failure detection: time to suspect a crash",
        }
    }

    /// The y axis's unit.
    pub fn unit(self) -> &'static str {
        match self {
            ChartKind::Latency => "ms",
            ChartKind::Throughput => "answers/s",
            ChartKind::Availability => "% answered",
            ChartKind::Staleness => "stale reads",
            ChartKind::Messages => "msgs/s",
            ChartKind::Clocks => "ms (local − real)",
            ChartKind::Detection => "ms after the crash",
        }
    }

    /// Stable name for test ids and file names.
    pub fn key(self) -> &'static str {
        match self {
            ChartKind::Latency => "latency",
            ChartKind::Throughput => "throughput",
            ChartKind::Availability => "availability",
            ChartKind::Staleness => "staleness",
            ChartKind::Messages => "messages",
            ChartKind::Clocks => "clocks",
            ChartKind::Detection => "detection",
        }
    }

    /// Charts of client operations, pointless for a protocol that serves none.
    fn of_clients(self) -> bool {
        matches!(
            self,
            ChartKind::Latency
                | ChartKind::Throughput
                | ChartKind::Availability
                | ChartKind::Staleness
        )
    }
}

/// The charts worth drawing for these runs: the client charts only when the protocol serves clients; the
/// clock chart only when a clock was ever off or claimed a bound, and the detection chart only when a
/// failure detector reported suspicions, both only for a single run (per-node lines of several systems
/// would be unreadable).
pub fn kinds_for(runs: &[Series<'_>]) -> Vec<ChartKind> {
    let single = runs.len() == 1;
    let clients = runs.iter().any(|r| r.metrics.serves_clients);
    ChartKind::ALL
        .into_iter()
        .filter(|k| clients || !k.of_clients())
        .filter(|k| match k {
            ChartKind::Clocks => single && runs[0].metrics.clocks_vary(),
            ChartKind::Detection => single && runs[0].metrics.suspicions.reported,
            _ => true,
        })
        .collect()
}

/// The chart as a standalone SVG document.
pub fn svg(
    kind: ChartKind,
    runs: &[Series<'_>],
    size: (u32, u32),
    cursor: Option<splitbrain_sim::SimTime>,
) -> Result<String, String> {
    use plotters::prelude::*;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        draw(&root, kind, runs, cursor)?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
