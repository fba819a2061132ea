//! The x axis. The same run can be drawn against simulated real time, each node's own (skewed) clock, or
//! Lamport time: with skew, local-time order can contradict causality, which vector clocks never do.

use splitbrain_sim::{Event, EventKind, Protocol, SimTime};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum AxisMode {
    /// Simulated real time (µs): the only true global order, which no node can observe.
    #[default]
    Real,
    /// Each node's local clock reading (µs), skew and drift included.
    Local,
    /// Lamport timestamps.
    Lamport,
}

impl AxisMode {
    pub const ALL: [AxisMode; 3] = [AxisMode::Real, AxisMode::Local, AxisMode::Lamport];

    pub fn name(self) -> &'static str {
        match self {
            AxisMode::Real => "real time",
            AxisMode::Local => "local clocks",
            AxisMode::Lamport => "Lamport time",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            AxisMode::Real => "real",
            AxisMode::Local => "local",
            AxisMode::Lamport => "lamport",
        }
    }

    /// Tick label for an axis value.
    pub fn format(self, x: f64) -> String {
        match self {
            AxisMode::Lamport => format!("{}", x.round() as i64),
            _ => {
                // Ticks land on round numbers; snap float noise so zero is never "-0 ms".
                let ms = (x / 1000.0 * 1e6).round() / 1e6 + 0.0;
                if ms.abs() >= 1000.0 {
                    format!("{:.2} s", ms / 1000.0)
                } else {
                    format!("{} ms", (ms * 10.0).round() / 10.0)
                }
            }
        }
    }
}

/// Readings of every node's clocks, to place things that are not node events (a drop, a crash interval, a
/// partition) on a lane in any axis mode.
#[derive(Clone, Debug, Default)]
pub struct LaneClocks {
    /// Per lane: (real µs, local µs, Lamport), in time order.
    samples: Vec<Vec<(u64, i64, u64)>>,
    /// (real µs, highest Lamport so far), for cluster-wide marks in Lamport mode.
    global_lamport: Vec<(u64, u64)>,
}

impl LaneClocks {
    pub fn new<P: Protocol>(nodes: usize, events: &[Event<P>]) -> Self {
        let mut samples = vec![Vec::new(); nodes];
        let mut global_lamport = Vec::new();
        let mut max_l = 0;
        for e in events {
            let (Some(n), Some(local)) = (e.node, e.local_time) else {
                continue;
            };
            if let Some(s) = samples.get_mut(n.index()) {
                s.push((e.time.0, local.0, e.lamport));
            }
            if e.lamport > max_l {
                max_l = e.lamport;
                global_lamport.push((e.time.0, max_l));
            }
        }
        LaneClocks {
            samples,
            global_lamport,
        }
    }

    pub fn lanes(&self) -> usize {
        self.samples.len()
    }

    /// Where real time `t` falls on lane `lane` in `mode`.
    pub fn x_on_lane(&self, mode: AxisMode, lane: usize, t: SimTime) -> f64 {
        let t = t.0;
        match mode {
            AxisMode::Real => t as f64,
            AxisMode::Local => {
                let Some(s) = self.samples.get(lane).filter(|s| !s.is_empty()) else {
                    return t as f64;
                };
                let k = s.partition_point(|p| p.0 <= t);
                // Extrapolate from the nearest reading at the rate of real time: drift between two events is
                // invisible at lane scale, and readings are dense where it matters.
                let (rt, local, _) = if k == 0 { s[0] } else { s[k - 1] };
                local as f64 + (t as f64 - rt as f64)
            }
            AxisMode::Lamport => {
                let Some(s) = self.samples.get(lane) else {
                    return 0.0;
                };
                let k = s.partition_point(|p| p.0 <= t);
                if k == 0 {
                    0.0
                } else {
                    s[k - 1].2 as f64 + 0.5
                }
            }
        }
    }

    /// Where real time `t` falls for a cluster-wide mark (a partition, a violation, the cursor).
    pub fn x_global(&self, mode: AxisMode, t: SimTime) -> f64 {
        match mode {
            AxisMode::Real => t.0 as f64,
            AxisMode::Local => {
                // The mean of the nodes' clocks: a mark no single node would agree with, which is the point.
                let n = self.lanes().max(1);
                (0..self.lanes())
                    .map(|l| self.x_on_lane(mode, l, t))
                    .sum::<f64>()
                    / n as f64
            }
            AxisMode::Lamport => {
                let k = self.global_lamport.partition_point(|p| p.0 <= t.0);
                if k == 0 {
                    0.0
                } else {
                    self.global_lamport[k - 1].1 as f64 + 0.5
                }
            }
        }
    }
}

/// Every event's x (axis units) and lane; `lane: None` for events not drawn on a lane.
#[derive(Clone, Debug, Default)]
pub struct Positions {
    pub mode: AxisMode,
    pub x: Vec<f64>,
    pub lane: Vec<Option<u32>>,
    /// The extent of all placed events.
    pub lo: f64,
    pub hi: f64,
}

impl Positions {
    pub fn new<P: Protocol>(mode: AxisMode, events: &[Event<P>], clocks: &LaneClocks) -> Self {
        let mut x = Vec::with_capacity(events.len());
        let mut lane = Vec::with_capacity(events.len());
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for e in events {
            let (xi, li) = match (e.node, &e.kind) {
                (Some(n), _) => {
                    let xi = match mode {
                        AxisMode::Real => e.time.0 as f64,
                        AxisMode::Local => e.local_time.map_or(e.time.0 as f64, |l| l.0 as f64),
                        AxisMode::Lamport => e.lamport as f64,
                    };
                    (xi, Some(n.0))
                }
                // A drop is drawn as a cross on the receiver's lane where the message would have arrived.
                (None, EventKind::Drop { to, .. }) => {
                    (clocks.x_on_lane(mode, to.index(), e.time), Some(to.0))
                }
                (None, _) => (clocks.x_global(mode, e.time), None),
            };
            if li.is_some() {
                lo = lo.min(xi);
                hi = hi.max(xi);
            }
            x.push(xi);
            lane.push(li);
        }
        if lo > hi {
            (lo, hi) = (0.0, 1.0);
        }
        Positions {
            mode,
            x,
            lane,
            lo,
            hi,
        }
    }
}
