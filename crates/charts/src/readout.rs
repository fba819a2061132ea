//! The hover readout: the value of each line at one time, in words.

use crate::lines::lines;
use crate::{ChartKind, Series};
use splitbrain_sim::SimTime;

/// "t = 2.30 s · p50 12.0 ms · p99 40.1 ms": each line's value in the bucket holding `t`.
pub fn readout(kind: ChartKind, runs: &[Series<'_>], t: SimTime) -> String {
    let t_s = t.0 as f64 / 1e6;
    let mut parts = vec![format!("t = {t_s:.2} s")];
    let width_s = runs
        .first()
        .map_or(0.0, |r| r.metrics.bucket_us as f64 / 1e6);
    for l in lines(kind, runs) {
        let nearest = l
            .segments
            .iter()
            .flatten()
            .filter(|(x, _)| (x - t_s).abs() <= width_s.max(1e-9))
            .min_by(|a, b| (a.0 - t_s).abs().total_cmp(&(b.0 - t_s).abs()));
        let value = match nearest {
            // A claimed bound is drawn above and below zero: say it once, as ±.
            Some((_, v)) if !l.in_legend => format!("{:.1}", v.abs()),
            Some((_, v)) => format!("{v:.1}"),
            None => "–".into(),
        };
        parts.push(match l.label.as_str() {
            "" => format!("{value} {}", kind.unit()),
            label => format!("{label} {value} {}", kind.unit()),
        });
    }
    parts.join(" · ")
}
