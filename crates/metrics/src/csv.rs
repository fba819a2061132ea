//! The metrics as CSV: one row per bucket per run, for a spreadsheet or a paper's figure.

use crate::Metrics;

/// Every run's buckets, one row each. Message families are the union over the runs (empty where a run's
/// protocol has no such family); times are the bucket's start in milliseconds.
pub fn to_csv(runs: &[(&str, &Metrics)]) -> String {
    let mut families: Vec<&str> = Vec::new();
    for (_, m) in runs {
        for f in &m.families {
            if !families.contains(f) {
                families.push(f);
            }
        }
    }
    let mut out = String::from(
        "system,t_ms,throughput_per_s,availability_pct,p50_ms,p99_ms,stale_reads,max_staleness_ms,lost_writes,messages_per_s",
    );
    for f in &families {
        out.push_str(&format!(",{f}_per_s"));
    }
    out.push('\n');
    let opt = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v:.3}"));
    for (label, m) in runs {
        for b in &m.buckets {
            out.push_str(&format!(
                "{},{},{:.3},{},{},{},{},{:.3},{},{:.3}",
                quote(label),
                b.start.0 / 1000,
                b.throughput(),
                opt(b.availability()),
                opt(b.p50_us.map(|u| u as f64 / 1000.0)),
                opt(b.p99_us.map(|u| u as f64 / 1000.0)),
                b.stale_reads,
                b.max_staleness_us as f64 / 1000.0,
                b.lost_writes,
                b.all_messages_per_second(),
            ));
            for f in &families {
                match m.families.iter().position(|g| g == f) {
                    Some(i) => out.push_str(&format!(",{:.3}", b.messages_per_second(i))),
                    None => out.push(','),
                }
            }
            out.push('\n');
        }
    }
    out
}

/// A label with a comma or quote in it is quoted, as RFC 4180 says.
fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}
