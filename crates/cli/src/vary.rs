//! `splitbrain vary`: one scenario over a grid of option values × loss rates × seeds, through
//! `splitbrain_vary`. Violations here are measurements, not failures: the exit code is 0 unless the input
//! is bad (2).

use crate::error::CliError;
use splitbrain_sim::Scenario;

#[derive(Debug, PartialEq)]
pub struct VaryOptions {
    pub scenario: String,
    pub option: String,
    pub loss: String,
    pub seeds: u64,
    pub svg: Option<String>,
    pub csv: Option<String>,
}

fn write(path: &str, text: &str) -> Result<(), CliError> {
    std::fs::write(path, text).map_err(|source| CliError::Io {
        path: path.to_string(),
        source,
    })
}

pub fn vary(opts: &VaryOptions, base: &Scenario) -> Result<bool, CliError> {
    let (option, values) = splitbrain_vary::parse_values(&opts.option)?;
    let losses = splitbrain_vary::parse_losses(&opts.loss)?;
    let spec = splitbrain_vary::Spec {
        option,
        values,
        losses,
        seeds: opts.seeds,
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let started = std::time::Instant::now();
    let outcome = splitbrain_vary::run(base, &spec, threads)?;
    let runs: u64 = outcome.cells.iter().map(|c| c.runs).sum();
    println!(
        "vary {} over {} ({runs} runs in {:.1} s): % of runs with at least one invariant violation",
        spec.option,
        opts.scenario,
        started.elapsed().as_secs_f64()
    );
    println!("{}", outcome.table());
    if let Some(path) = opts.csv.as_deref() {
        write(path, &outcome.csv())?;
        println!("csv written to {path}");
    }
    if let Some(path) = opts.svg.as_deref() {
        let svg = outcome.svg((960, 560)).map_err(CliError::Usage)?;
        write(path, &svg)?;
        println!("chart written to {path}");
    }
    Ok(true)
}
