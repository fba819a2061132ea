//! The commands, for whatever protocol the file names (through the registry).

use crate::error::CliError;
use crate::report;
use splitbrain_registry as registry;
use splitbrain_sim::{Scenario, SimTime};
use std::time::Instant;

/// Reads a file, refusing anything larger than `limit` before loading it into memory.
fn read(path: &str, limit: usize) -> Result<String, CliError> {
    let io = |source| CliError::Io {
        path: path.to_string(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len() as usize;
    if size > limit {
        return Err(CliError::Input {
            path: path.to_string(),
            source: splitbrain_sim::Error::TooLarge { size, limit },
        });
    }
    std::fs::read_to_string(path).map_err(io)
}

fn input(path: &str) -> impl FnOnce(splitbrain_sim::Error) -> CliError + '_ {
    move |source| CliError::Input {
        path: path.to_string(),
        source,
    }
}

fn refused(path: &str) -> impl FnOnce(registry::Error) -> CliError + '_ {
    move |source| match source {
        registry::Error::Input(source) => CliError::Input {
            path: path.to_string(),
            source,
        },
        source => CliError::Registry {
            path: path.to_string(),
            source,
        },
    }
}

fn load_scenario(path: &str) -> Result<Scenario, CliError> {
    let text = read(path, splitbrain_sim::MAX_SCENARIO_BYTES)?;
    Scenario::from_json(&text).map_err(input(path))
}

/// `splitbrain vary`: the scenario file loaded here, the grid in `crate::vary`.
pub fn vary(opts: &crate::vary::VaryOptions) -> Result<bool, CliError> {
    let scenario = load_scenario(&opts.scenario)?;
    crate::vary::vary(opts, &scenario)
}

pub fn run_scenario(opts: &crate::args::RunOptions) -> Result<bool, CliError> {
    let path = opts.scenario.as_str();
    let mut scenario = load_scenario(path)?;
    if let Some(seed) = opts.seed {
        scenario.seed = seed;
    }
    let until = opts
        .until_ms
        .map(SimTime::from_millis)
        .unwrap_or(SimTime(scenario.duration_us));
    let mut session = registry::start(&scenario).map_err(refused(path))?;
    let started = Instant::now();
    session.run_until(until);
    let wall = started.elapsed();
    let clean = report::print(session.as_ref(), wall);
    // The trace is exactly what the browser exports and the golden files pin: the client-history verdict
    // is printed above, never written into it, so the fingerprint is the same everywhere.
    let json = session.to_trace_json();
    println!(
        "trace:       {} bytes, fingerprint {:016x}",
        json.len(),
        splitbrain_sim::fingerprint(json.as_bytes())
    );
    if let Some(out) = opts.trace.as_deref() {
        std::fs::write(out, &json).map_err(|source| CliError::Io {
            path: out.to_string(),
            source,
        })?;
        println!("trace written to {out}");
    }
    Ok(clean)
}

pub fn check_trace(path: &str) -> Result<bool, CliError> {
    let text = read(path, splitbrain_sim::MAX_TRACE_BYTES)?;
    let reproduced = registry::reproduce(&text).map_err(refused(path))?;
    let clean = report::print(reproduced.session.as_ref(), std::time::Duration::ZERO);
    println!(
        "reproduced: re-simulating the scenario gives the same {} events",
        reproduced.events
    );
    Ok(clean)
}

pub fn validate(path: &str) -> Result<bool, CliError> {
    let scenario = load_scenario(path)?;
    registry::validate(&scenario).map_err(refused(path))?;
    println!(
        "{path}: ok ({} nodes of {}, {} scheduled actions, {} narration steps)",
        scenario.cluster.nodes,
        scenario.cluster.protocol,
        scenario.schedule.len(),
        scenario.narration.len()
    );
    Ok(true)
}

pub fn list_protocols() {
    // Columns as wide as the longest name, so every title and lecture lines up.
    let name_width = registry::protocols()
        .iter()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(0);
    let lecture_width = registry::protocols()
        .iter()
        .flat_map(|e| e.lectures.iter().map(|l| l.id.len()))
        .max()
        .unwrap_or(0);
    for entry in registry::protocols() {
        let hidden = if entry.listed {
            ""
        } else {
            " (not in the lab's picker)"
        };
        println!(
            "{:<name_width$} {} — {}{hidden}",
            entry.name, entry.title, entry.summary
        );
        for lecture in entry.lectures {
            println!("  {:<lecture_width$} {}", lecture.id, lecture.title);
        }
    }
}

/// `compare`: every system of every file, run to its end, one summary row each (exit 1 if a protocol
/// invariant broke in any of them).
pub fn compare(paths: &[String], csv: Option<&str>) -> Result<bool, CliError> {
    let scenarios = paths
        .iter()
        .map(|p| load_scenario(p))
        .collect::<Result<Vec<_>, _>>()?;
    for (path, sc) in paths.iter().zip(&scenarios) {
        registry::validate(sc).map_err(refused(path))?;
    }
    let started = Instant::now();
    let measured = splitbrain_compare::run_all(&scenarios)?;
    print!("{}", splitbrain_compare::table(&measured));
    println!(
        "({} systems, same seed and faults, in {:.2} s)",
        measured.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(out) = csv {
        std::fs::write(out, splitbrain_compare::csv(&measured)).map_err(|source| CliError::Io {
            path: out.to_string(),
            source,
        })?;
        println!("metrics written to {out}");
    }
    Ok(measured.iter().all(|m| m.summary.invariant_violations == 0))
}
