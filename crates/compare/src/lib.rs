//! Compare: the same seed, fault schedule and client workload against several systems (protocol +
//! options), each run to the scenario's end and measured the same way. The page's Compare view and
//! `splitbrain compare` both go through [`run_all`], so their tables are the same numbers.

mod presets;

pub use presets::{fault_presets, system_presets, FaultPreset};

use splitbrain_metrics::{Input, Metrics, Summary, Verdict};
use splitbrain_sim::{Comparison, Scenario, SimTime, System};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Registry(#[from] splitbrain_registry::Error),
    #[error("{0}")]
    Scenario(#[from] splitbrain_sim::Error),
    #[error("system `{label}`: {source}")]
    System {
        label: String,
        source: splitbrain_registry::Error,
    },
    #[error("nothing to compare: give at least one scenario")]
    Empty,
    #[error("{found} systems: a comparison shows at most {max}")]
    TooMany { found: usize, max: usize },
}

/// One compared system, run and measured.
#[derive(Debug)]
pub struct Measured {
    pub label: String,
    pub scenario: Scenario,
    pub metrics: Metrics,
    pub summary: Summary,
}

/// The scenario each system runs: the base with its cluster swapped for the system's protocol and options,
/// and the comparison itself removed (the workload stays: each run expands the same one).
pub fn system_scenario(base: &Scenario, system: &System) -> Scenario {
    let mut sc = base.clone();
    sc.cluster.protocol = system.protocol.clone();
    sc.cluster.options = system.options.clone();
    sc.name = format!("{} — {}", base.name, system.label.trim());
    sc.compare = None;
    sc
}

/// The systems a scenario file stands for: its comparison's, or just itself (labelled by its name, else its
/// protocol).
pub fn systems(base: &Scenario) -> Vec<(String, Scenario)> {
    match &base.compare {
        Some(Comparison { systems }) => systems
            .iter()
            .map(|s| (s.label.trim().to_string(), system_scenario(base, s)))
            .collect(),
        None => {
            let label = if base.name.trim().is_empty() {
                base.cluster.protocol.clone()
            } else {
                base.name.trim().to_string()
            };
            vec![(label, base.clone())]
        }
    }
}

/// Runs one system to its scenario's end and measures it.
pub fn run(label: &str, scenario: &Scenario) -> Result<Measured, Error> {
    let fail = |source| Error::System {
        label: label.to_string(),
        source,
    };
    let entry = splitbrain_registry::find(&scenario.cluster.protocol).map_err(fail)?;
    let mut session = entry.start(scenario).map_err(fail)?;
    session.run_until(SimTime(scenario.duration_us));
    let metrics = Metrics::measure(Input::of(&*session));
    let verdict = Verdict::judge(session.face(), session.past());
    let summary = metrics.summary(label, verdict, session.violations().len());
    Ok(Measured {
        label: label.to_string(),
        scenario: scenario.clone(),
        metrics,
        summary,
    })
}

/// Every system of every scenario, in order: what the Compare view charts and the CLI prints.
pub fn run_all(scenarios: &[Scenario]) -> Result<Vec<Measured>, Error> {
    if scenarios.is_empty() {
        return Err(Error::Empty);
    }
    let mut all: Vec<(String, Scenario)> = scenarios.iter().flat_map(systems).collect();
    // Rows must be told apart: the same file twice becomes "name" and "name #2".
    for i in 1..all.len() {
        let base = all[i].0.clone();
        let mut n = 1;
        while all[..i].iter().any(|(l, _)| *l == all[i].0) {
            n += 1;
            all[i].0 = format!("{base} #{n}");
        }
    }
    if all.len() > splitbrain_sim::compare::MAX_SYSTEMS {
        return Err(Error::TooMany {
            found: all.len(),
            max: splitbrain_sim::compare::MAX_SYSTEMS,
        });
    }
    for s in scenarios {
        splitbrain_registry::validate(s)?;
    }
    all.iter().map(|(label, sc)| run(label, sc)).collect()
}

/// The summary table as plain text.
pub fn table(measured: &[Measured]) -> String {
    let rows: Vec<Summary> = measured.iter().map(|m| m.summary.clone()).collect();
    Summary::table(&rows)
}

/// The metrics of every system as one CSV.
pub fn csv(measured: &[Measured]) -> String {
    let runs: Vec<(&str, &Metrics)> = measured
        .iter()
        .map(|m| (m.label.as_str(), &m.metrics))
        .collect();
    splitbrain_metrics::to_csv(&runs)
}
