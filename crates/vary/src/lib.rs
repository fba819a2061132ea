//! Vary: one scenario run over a grid — each value of one protocol option (set in `cluster.options`) ×
//! each network loss rate × seeds 1..=N — counting the runs in which some checker reported a violation,
//! per checker. For a protocol whose violations are the lesson (agreement over a lossy link), this
//! *measures* how often the lesson happens; for one that must never break, it is a targeted sweep.
//! `splitbrain vary` prints the [`Outcome`] as a table and writes its CSV and SVG chart.
//!
//! Nothing here names a protocol: the scenario names it, and the registry runs it.

mod grid;

pub use grid::{parse_losses, parse_values, Spec};

use serde_json::Value;
use splitbrain_registry as registry;
use splitbrain_sim::{Scenario, SimTime};
use std::collections::{BTreeMap, BTreeSet};

/// The most runs one call makes (values × loss rates × seeds).
pub const MAX_RUNS: u64 = 100_000;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("--seeds must be at least 1")]
    NoSeeds,
    #[error("--option needs a name and at least one value (NAME=V1,V2,…), got `{0}`")]
    BadOption(String),
    #[error("--loss needs at least one loss rate")]
    NoLoss,
    #[error("loss `{0}` is not a probability: give a number between 0 and 1")]
    Loss(String),
    #[error(
        "{runs} runs ({values} values × {losses} loss rates × {seeds} seeds): at most {max} in all"
    )]
    TooMany {
        runs: u64,
        values: usize,
        losses: usize,
        seeds: u64,
        max: u64,
    },
    #[error("the scenario's cluster.options must be an object to set `{0}` in it")]
    NotAnObject(String),
    #[error("{option}={value}: {source}")]
    Refused {
        option: String,
        value: String,
        source: registry::Error,
    },
}

/// One cell of the grid: an option value and a loss rate, over every seed.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub value: Value,
    pub loss: f64,
    pub runs: u64,
    /// Runs with at least one violation of any checker.
    pub violating: u64,
    /// Runs with at least one violation, per checker name.
    pub by_invariant: BTreeMap<String, u64>,
}

impl Cell {
    pub fn percent(&self) -> f64 {
        100.0 * self.violating as f64 / self.runs.max(1) as f64
    }
}

/// The whole grid, cells in value-major order.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub scenario: String,
    pub option: String,
    pub seeds: u64,
    pub cells: Vec<Cell>,
}

/// `3`, `true`, `"fast"` as a user types it: JSON text without quotes around plain words.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The scenario with `option` set to `value`, the network's loss set, and the seed.
pub fn variant(
    base: &Scenario,
    option: &str,
    value: &Value,
    loss: f64,
    seed: u64,
) -> Result<Scenario, Error> {
    let mut sc = base.clone();
    if sc.cluster.options.is_null() {
        sc.cluster.options = Value::Object(Default::default());
    }
    let Value::Object(map) = &mut sc.cluster.options else {
        return Err(Error::NotAnObject(option.to_string()));
    };
    map.insert(option.to_string(), value.clone());
    sc.network.loss = loss;
    sc.seed = seed;
    Ok(sc)
}

/// Checks the grid before running it: seeds, the run count, and every option value against the protocol.
pub fn check(base: &Scenario, spec: &Spec) -> Result<(), Error> {
    if spec.seeds == 0 {
        return Err(Error::NoSeeds);
    }
    let runs = (spec.values.len() as u64)
        .saturating_mul(spec.losses.len() as u64)
        .saturating_mul(spec.seeds);
    if runs > MAX_RUNS {
        return Err(Error::TooMany {
            runs,
            values: spec.values.len(),
            losses: spec.losses.len(),
            seeds: spec.seeds,
            max: MAX_RUNS,
        });
    }
    for value in &spec.values {
        for &loss in &spec.losses {
            let sc = variant(base, &spec.option, value, loss, 1)?;
            registry::validate(&sc).map_err(|source| Error::Refused {
                option: spec.option.clone(),
                value: value_text(value),
                source,
            })?;
        }
    }
    Ok(())
}

/// The invariants one run of `sc` violated (each named once).
fn violated(sc: &Scenario) -> Result<BTreeSet<String>, registry::Error> {
    let mut session = registry::start(sc)?;
    session.run_until(SimTime(sc.duration_us));
    Ok(session
        .violations()
        .iter()
        .map(|v| v.invariant.clone())
        .collect())
}

fn run_cell(base: &Scenario, spec: &Spec, value: &Value, loss: f64) -> Result<Cell, Error> {
    let mut cell = Cell {
        value: value.clone(),
        loss,
        runs: 0,
        violating: 0,
        by_invariant: BTreeMap::new(),
    };
    for seed in 1..=spec.seeds {
        let sc = variant(base, &spec.option, value, loss, seed)?;
        let names = violated(&sc).map_err(|source| Error::Refused {
            option: spec.option.clone(),
            value: value_text(value),
            source,
        })?;
        cell.runs += 1;
        if !names.is_empty() {
            cell.violating += 1;
        }
        for n in names {
            *cell.by_invariant.entry(n).or_default() += 1;
        }
    }
    Ok(cell)
}

/// Runs the grid (cells in parallel, up to `threads` at once). Checks it first.
pub fn run(base: &Scenario, spec: &Spec, threads: usize) -> Result<Outcome, Error> {
    check(base, spec)?;
    let jobs: Vec<(Value, f64)> = spec
        .values
        .iter()
        .flat_map(|v| spec.losses.iter().map(move |l| (v.clone(), *l)))
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(
        (0..jobs.len())
            .map(|_| None)
            .collect::<Vec<Option<Result<Cell, Error>>>>(),
    );
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, 8) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((value, loss)) = jobs.get(i) else {
                    break;
                };
                let cell = run_cell(base, spec, value, *loss);
                results.lock().expect("no worker panics")[i] = Some(cell);
            });
        }
    });
    let cells = results
        .into_inner()
        .expect("no worker panics")
        .into_iter()
        .map(|c| c.expect("every job ran"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Outcome {
        scenario: base.name.clone(),
        option: spec.option.clone(),
        seeds: spec.seeds,
        cells,
    })
}

impl Outcome {
    /// Every checker name that fired anywhere in the grid, sorted.
    pub fn invariants(&self) -> Vec<String> {
        let all: BTreeSet<&String> = self
            .cells
            .iter()
            .flat_map(|c| c.by_invariant.keys())
            .collect();
        all.into_iter().cloned().collect()
    }

    /// The grid as a plain-text table: one row per option value and loss rate.
    pub fn table(&self) -> String {
        let names = self.invariants();
        // The first column is as wide as the option's name or its longest value.
        let w = self
            .cells
            .iter()
            .map(|c| value_text(&c.value).chars().count())
            .chain([self.option.chars().count(), 8])
            .max()
            .unwrap_or(8);
        let mut head = format!(
            "{:>w$} {:>6} {:>6} {:>10}",
            self.option, "loss", "runs", "violating"
        );
        for n in &names {
            head.push_str(&format!(" {:>14}", n));
        }
        let mut out = vec![head];
        for c in &self.cells {
            let mut row = format!(
                "{:>w$} {:>6} {:>6} {:>9.1}%",
                value_text(&c.value),
                c.loss,
                c.runs,
                c.percent()
            );
            for n in &names {
                let k = c.by_invariant.get(n).copied().unwrap_or(0);
                row.push_str(&format!(
                    " {:>13.1}%",
                    100.0 * k as f64 / c.runs.max(1) as f64
                ));
            }
            out.push(row);
        }
        out.join("\n")
    }

    /// The grid as CSV: the option's value, the loss rate, runs, violating runs and their percentage, then
    /// the violating runs per checker.
    pub fn csv(&self) -> String {
        let names = self.invariants();
        let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
        let mut head = vec![
            quote(&self.option),
            "loss".into(),
            "runs".into(),
            "violating".into(),
            "percent".into(),
        ];
        head.extend(names.iter().map(|n| quote(n)));
        let mut lines = vec![head.join(",")];
        for c in &self.cells {
            let mut row = vec![
                quote(&value_text(&c.value)),
                c.loss.to_string(),
                c.runs.to_string(),
                c.violating.to_string(),
                format!("{:.2}", c.percent()),
            ];
            row.extend(
                names
                    .iter()
                    .map(|n| c.by_invariant.get(n).copied().unwrap_or(0).to_string()),
            );
            lines.push(row.join(","));
        }
        lines.join("\n") + "\n"
    }

    /// The chart: one line per loss rate, x the option's value, y the percentage of runs violating.
    pub fn chart(&self) -> splitbrain_charts::vary::VaryChart {
        use splitbrain_charts::vary::{VaryChart, VaryLine};
        let mut values: Vec<&Value> = Vec::new();
        let mut losses: Vec<f64> = Vec::new();
        for c in &self.cells {
            if !values.contains(&&c.value) {
                values.push(&c.value);
            }
            if !losses.contains(&c.loss) {
                losses.push(c.loss);
            }
        }
        let numeric = values.iter().all(|v| v.as_f64().is_some());
        let x = |v: &Value| {
            if numeric {
                v.as_f64().unwrap_or(0.0)
            } else {
                values.iter().position(|w| *w == v).unwrap_or(0) as f64
            }
        };
        let lines = losses
            .iter()
            .map(|&loss| VaryLine {
                label: format!("loss {:.0} %", loss * 100.0),
                points: self
                    .cells
                    .iter()
                    .filter(|c| c.loss == loss)
                    .map(|c| (x(&c.value), c.percent()))
                    .collect(),
            })
            .collect();
        VaryChart {
            title: format!("Runs breaking an invariant ({} seeds each)", self.seeds),
            x_desc: self.option.clone(),
            y_desc: "% of runs violating".into(),
            categories: (!numeric).then(|| values.iter().map(|v| value_text(v)).collect()),
            lines,
        }
    }

    pub fn svg(&self, size: (u32, u32)) -> Result<String, String> {
        splitbrain_charts::vary::svg(&self.chart(), size)
    }
}
