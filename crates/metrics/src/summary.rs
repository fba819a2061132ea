//! One row per run: the numbers the Compare view's table and `splitbrain compare` print, formatted in one
//! place so the page and the CLI cannot disagree.

use crate::ops::Outcome;
use crate::series::percentile;
use crate::Metrics;
use splitbrain_check::{linearizability, History, KeyOutcome, KeyVerdict, DEFAULT_BUDGET};
use splitbrain_sim::{Consistency, Event, Face, Shown};

/// The client-history checker's verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    Linearizable,
    /// The keys with no linearization.
    NotLinearizable(Vec<String>),
    /// No violation found, but the search ran out of budget on these keys.
    Inconclusive(Vec<String>),
    /// The protocol serves no client history worth judging.
    NotJudged,
}

impl Verdict {
    /// Judges the client history of `events`. Kept out of [`Metrics::measure`](crate::Metrics::measure): the
    /// linearizability search is the costly part, and the charts, redrawn while a run plays, never show it.
    pub fn judge(face: &Face, events: &[Event<Shown>]) -> Verdict {
        if face.consistency == Consistency::None {
            return Verdict::NotJudged;
        }
        let history = History::from_events(events);
        Verdict::of(&linearizability::check_history(&history, DEFAULT_BUDGET))
    }

    fn of(verdicts: &[KeyVerdict]) -> Verdict {
        let keys = |want: fn(&KeyOutcome) -> bool| -> Vec<String> {
            verdicts
                .iter()
                .filter(|v| want(&v.outcome))
                .map(|v| v.key.clone())
                .collect()
        };
        let broken = keys(|o| matches!(o, KeyOutcome::NotLinearizable { .. }));
        if !broken.is_empty() {
            return Verdict::NotLinearizable(broken);
        }
        let unsure = keys(|o| matches!(o, KeyOutcome::Inconclusive { .. }));
        if !unsure.is_empty() {
            return Verdict::Inconclusive(unsure);
        }
        Verdict::Linearizable
    }

    pub fn text(&self) -> String {
        match self {
            Verdict::Linearizable => "linearizable".into(),
            Verdict::NotLinearizable(keys) => format!("NOT linearizable ({})", keys.join(", ")),
            Verdict::Inconclusive(keys) => format!("inconclusive ({})", keys.join(", ")),
            Verdict::NotJudged => "not judged".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub label: String,
    pub ops: usize,
    pub ok: usize,
    pub rejected: usize,
    pub failed: usize,
    pub pending: usize,
    /// Answered (ok or refused) over decided operations, 0–100.
    pub availability: Option<f64>,
    pub p50_us: Option<u64>,
    pub p99_us: Option<u64>,
    /// Answers per second over the measured time.
    pub throughput: f64,
    pub stale_reads: usize,
    pub lost_writes: usize,
    pub max_staleness_us: Option<u64>,
    pub verdict: Verdict,
    pub invariant_violations: usize,
}

/// The table's header, in the order of [`Summary::cells`].
pub const SUMMARY_COLUMNS: [&str; 11] = [
    "system",
    "ops",
    "ok",
    "failed",
    "available",
    "p50",
    "p99",
    "throughput",
    "stale reads",
    "lost writes",
    "verdict",
];

pub(crate) fn summarise(
    m: &Metrics,
    label: &str,
    verdict: Verdict,
    invariant_violations: usize,
) -> Summary {
    let count = |o: Outcome| m.ops.iter().filter(|r| r.outcome == o).count();
    let (ok, rejected, failed) = (
        count(Outcome::Ok),
        count(Outcome::Rejected),
        count(Outcome::Failed),
    );
    let mut latencies: Vec<u64> = m.ops.iter().filter_map(|o| o.latency_us()).collect();
    latencies.sort_unstable();
    let decided = ok + rejected + failed;
    Summary {
        label: label.to_string(),
        ops: m.ops.len(),
        ok,
        rejected,
        failed,
        pending: count(Outcome::Pending),
        availability: (decided > 0).then(|| 100.0 * (ok + rejected) as f64 / decided as f64),
        p50_us: percentile(&latencies, 50),
        p99_us: percentile(&latencies, 99),
        throughput: if m.now.0 == 0 {
            0.0
        } else {
            latencies.len() as f64 * 1e6 / m.now.0 as f64
        },
        stale_reads: m.stale_reads(),
        lost_writes: m.lost_writes(),
        max_staleness_us: m.ops.iter().filter_map(|o| o.staleness_us).max(),
        verdict,
        invariant_violations,
    }
}

/// Milliseconds with one decimal: "12.3 ms".
pub fn ms(us: u64) -> String {
    format!("{:.1} ms", us as f64 / 1000.0)
}

impl Summary {
    /// The row as printed, one string per [`SUMMARY_COLUMNS`] entry.
    pub fn cells(&self) -> Vec<String> {
        let dash = || "–".to_string();
        let mut verdict = self.verdict.text();
        if self.invariant_violations > 0 {
            verdict.push_str(&format!(
                "; {} invariant violation(s)",
                self.invariant_violations
            ));
        }
        vec![
            self.label.clone(),
            self.ops.to_string(),
            (self.ok + self.rejected).to_string(),
            self.failed.to_string(),
            self.availability.map_or_else(dash, |a| format!("{a:.1} %")),
            self.p50_us.map_or_else(dash, ms),
            self.p99_us.map_or_else(dash, ms),
            format!("{:.1}/s", self.throughput),
            match self.max_staleness_us {
                Some(s) if self.stale_reads > 0 => format!("{} (max {})", self.stale_reads, ms(s)),
                _ => self.stale_reads.to_string(),
            },
            self.lost_writes.to_string(),
            verdict,
        ]
    }

    /// Rows as a plain-text table with aligned columns, header first.
    pub fn table(rows: &[Summary]) -> String {
        let cells: Vec<Vec<String>> =
            std::iter::once(SUMMARY_COLUMNS.iter().map(|c| c.to_string()).collect())
                .chain(rows.iter().map(Summary::cells))
                .collect();
        let widths: Vec<usize> = (0..SUMMARY_COLUMNS.len())
            .map(|i| {
                cells
                    .iter()
                    .map(|r| r[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &cells {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect();
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        out
    }
}
