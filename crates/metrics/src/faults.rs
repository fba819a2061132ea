//! What was done to the cluster, as intervals the charts shade, and each node's clock offset over time.

use crate::Input;
use splitbrain_sim::{
    ClockConfig, Event, EventKind, LaneSignal, NetworkChange, NodeId, Shown, SimTime,
};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FaultKind {
    Crash,
    Pause,
    Partition,
    Cut,
    /// A node's clock set off real time (offset or drift).
    Clock,
}

impl FaultKind {
    pub fn word(self) -> &'static str {
        match self {
            FaultKind::Crash => "crash",
            FaultKind::Pause => "pause",
            FaultKind::Partition => "partition",
            FaultKind::Cut => "cut",
            FaultKind::Clock => "clock",
        }
    }
}

/// One fault from when it began to when it was undone (`None`: still in force at the cursor).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultBand {
    pub kind: FaultKind,
    pub from: SimTime,
    pub to: Option<SimTime>,
    /// "crash n1", "partition n1 n2 | n3 n4 n5", "n3 clock +50 ms".
    pub label: String,
}

/// A node's clock offset (local − real, in µs) sampled at each bucket edge and at every change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockSeries {
    pub node: NodeId,
    pub points: Vec<(SimTime, i64)>,
    /// The error bounds the node claimed: (when, bound in µs, growth in ppm), each holding until the next
    /// claim ([`LaneSignal::ClockBound`]).
    pub bounds: Vec<(SimTime, u64, u32)>,
    /// When the node corrected its own clock (a synchronisation round).
    pub syncs: Vec<SimTime>,
}

pub(crate) fn bands(events: &[Event<Shown>]) -> Vec<FaultBand> {
    let mut done = Vec::new();
    // Open faults, keyed so the event that undoes one finds it.
    let mut open: BTreeMap<(FaultKind, u32, u32), FaultBand> = BTreeMap::new();
    let close = |open: &mut BTreeMap<_, FaultBand>, key, at: SimTime, done: &mut Vec<FaultBand>| {
        if let Some(mut band) = open.remove(&key) {
            band.to = Some(at);
            done.push(band);
        }
    };
    for e in events {
        let node = e.node.map_or(u32::MAX, |n| n.0);
        let start = |open: &mut BTreeMap<_, _>, key, kind, label: String| {
            open.insert(
                key,
                FaultBand {
                    kind,
                    from: e.time,
                    to: None,
                    label,
                },
            );
        };
        let name = e.node.map(|n| n.to_string()).unwrap_or_default();
        match &e.kind {
            EventKind::Crash => start(
                &mut open,
                (FaultKind::Crash, node, 0),
                FaultKind::Crash,
                format!("crash {name}"),
            ),
            EventKind::Restart => close(&mut open, (FaultKind::Crash, node, 0), e.time, &mut done),
            EventKind::Pause => start(
                &mut open,
                (FaultKind::Pause, node, 0),
                FaultKind::Pause,
                format!("pause {name}"),
            ),
            EventKind::Resume => close(&mut open, (FaultKind::Pause, node, 0), e.time, &mut done),
            EventKind::Network { change } => match change {
                NetworkChange::Partition { groups } => {
                    close(&mut open, (FaultKind::Partition, 0, 0), e.time, &mut done);
                    start(
                        &mut open,
                        (FaultKind::Partition, 0, 0),
                        FaultKind::Partition,
                        format!("partition {}", splitbrain_sim::groups_text(groups)),
                    );
                }
                NetworkChange::Cut { from, to } => {
                    let key = (FaultKind::Cut, from.0, to.0);
                    if !open.contains_key(&key) {
                        start(&mut open, key, FaultKind::Cut, format!("cut {from}→{to}"));
                    }
                }
                NetworkChange::Uncut { from, to } => {
                    close(&mut open, (FaultKind::Cut, from.0, to.0), e.time, &mut done)
                }
                NetworkChange::Heal => {
                    let network: Vec<_> = open
                        .keys()
                        .filter(|k| matches!(k.0, FaultKind::Partition | FaultKind::Cut))
                        .copied()
                        .collect();
                    for key in network {
                        close(&mut open, key, e.time, &mut done);
                    }
                }
                NetworkChange::Config { .. } => {}
            },
            // A node's own correction (clock synchronisation) is the protocol at work, not a fault.
            EventKind::ClockSet {
                adjusted: Some(_), ..
            } => {}
            EventKind::ClockSet { clock, .. } => {
                close(&mut open, (FaultKind::Clock, node, 0), e.time, &mut done);
                if *clock != ClockConfig::default() {
                    start(
                        &mut open,
                        (FaultKind::Clock, node, 0),
                        FaultKind::Clock,
                        clock_label(&name, clock),
                    );
                }
            }
            _ => {}
        }
    }
    done.extend(open.into_values());
    done.sort_by(|a, b| (a.from, a.kind, &a.label).cmp(&(b.from, b.kind, &b.label)));
    done
}

fn clock_label(node: &str, clock: &ClockConfig) -> String {
    let mut parts = vec![format!("{node} clock")];
    if clock.offset_us != 0 {
        parts.push(format!("{:+} ms", clock.offset_us / 1000));
    }
    if clock.drift_ppm != 0 {
        parts.push(format!("{:+} ppm", clock.drift_ppm));
    }
    parts.join(" ")
}

pub(crate) fn clocks(input: Input<'_>, width: u64) -> Vec<ClockSeries> {
    let mut config: Vec<ClockConfig> = vec![ClockConfig::default(); input.nodes];
    for c in &input.scenario.clocks {
        if let Some(slot) = config.get_mut(c.node.0 as usize) {
            *slot = c.clock();
        }
    }
    let mut series: Vec<ClockSeries> = (0..input.nodes)
        .map(|i| ClockSeries {
            node: NodeId(i as u32),
            points: Vec::new(),
            bounds: Vec::new(),
            syncs: Vec::new(),
        })
        .collect();
    let sample = |series: &mut [ClockSeries], config: &[ClockConfig], t: SimTime| {
        for (s, c) in series.iter_mut().zip(config) {
            s.points
                .push((t, c.local_at(t).0.saturating_sub(t.0 as i64)));
        }
    };
    let mut next_edge = 0u64;
    for e in input.events {
        while next_edge <= e.time.0 {
            sample(&mut series, &config, SimTime(next_edge));
            next_edge += width;
        }
        if let (EventKind::Note { note }, Some(n)) = (&e.kind, e.node) {
            for s in &note.signals {
                if let (
                    LaneSignal::ClockBound {
                        bound_us,
                        drift_ppm,
                    },
                    Some(series),
                ) = (s, series.get_mut(n.index()))
                {
                    series.bounds.push((e.time, *bound_us, *drift_ppm));
                }
            }
        }
        if let (EventKind::ClockSet { clock, adjusted }, Some(n)) = (&e.kind, e.node) {
            if let Some(slot) = config.get_mut(n.0 as usize) {
                if adjusted.is_some() {
                    series[n.index()].syncs.push(e.time);
                }
                // Just before and just after the change, so a step draws as a step.
                let s = &mut series[n.0 as usize];
                s.points.push((
                    e.time,
                    slot.local_at(e.time).0.saturating_sub(e.time.0 as i64),
                ));
                *slot = *clock;
                s.points.push((
                    e.time,
                    slot.local_at(e.time).0.saturating_sub(e.time.0 as i64),
                ));
            }
        }
    }
    while next_edge <= input.now.0 {
        sample(&mut series, &config, SimTime(next_edge));
        next_edge += width;
    }
    sample(&mut series, &config, input.now);
    series
}
