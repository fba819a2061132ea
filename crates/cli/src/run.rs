//! The three commands, generic over the protocol named in the file.

use crate::error::CliError;
use crate::report;
use splitbrain_raft::{Raft, RaftChecker};
use splitbrain_sim::ping::Ping;
use splitbrain_sim::{Checker, NoChecker, Protocol, Scenario, SimTime, Simulation, TraceFile};
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

fn load_scenario(path: &str) -> Result<Scenario, CliError> {
    let text = read(path, splitbrain_sim::MAX_SCENARIO_BYTES)?;
    Scenario::from_json(&text).map_err(input(path))
}

pub fn run_scenario(opts: &crate::args::RunOptions) -> Result<bool, CliError> {
    let mut scenario = load_scenario(&opts.scenario)?;
    if let Some(seed) = opts.seed {
        scenario.seed = seed;
    }
    let until = opts
        .until_ms
        .map(SimTime::from_millis)
        .unwrap_or(SimTime(scenario.duration_us));
    let path = opts.scenario.as_str();
    let out = opts.trace.as_deref();
    match scenario.cluster.protocol.as_str() {
        "raft" => simulate::<Raft, RaftChecker>(path, &scenario, until, out),
        "ping" => simulate::<Ping, NoChecker>(path, &scenario, until, out),
        other => Err(unknown(path, other)),
    }
}

fn unknown(path: &str, protocol: &str) -> CliError {
    CliError::UnknownProtocol {
        path: path.to_string(),
        protocol: protocol.to_string(),
    }
}

fn simulate<P: Protocol, C: Checker<P> + Default>(
    path: &str,
    scenario: &Scenario,
    until: SimTime,
    trace_out: Option<&str>,
) -> Result<bool, CliError> {
    let mut sim: Simulation<P, C> = Simulation::new(scenario).map_err(input(path))?;
    let (mut events, mut violations) = (Vec::new(), Vec::new());
    let started = Instant::now();
    sim.run_until(until, &mut events, &mut violations);
    let wall = started.elapsed();
    let history = splitbrain_check::check_all(&events);
    violations.extend(history.violations.iter().cloned());
    violations.sort_by_key(|v| v.event);
    let file = TraceFile::from_run(&sim, &events, &violations);
    report::print(&file, &history, wall);
    // The fingerprint lets two runs (another machine, the browser's export) be compared at a glance.
    let json = file.to_json();
    println!(
        "trace:       {} bytes, fingerprint {:016x}",
        json.len(),
        splitbrain_sim::fingerprint(json.as_bytes())
    );
    if let Some(out) = trace_out {
        std::fs::write(out, &json).map_err(|source| CliError::Io {
            path: out.to_string(),
            source,
        })?;
        println!("trace written to {out}");
    }
    Ok(file.violations.is_empty() && file.checkpoints.iter().all(|c| c.passed))
}

pub fn check_trace(path: &str) -> Result<bool, CliError> {
    let text = read(path, splitbrain_sim::MAX_TRACE_BYTES)?;
    // The protocol decides the event types, so peek at it before the full parse.
    let protocol = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("protocol").and_then(|p| p.as_str()).map(String::from))
        .unwrap_or_default();
    match protocol.as_str() {
        "ping" => reproduce::<Ping, NoChecker>(path, &text),
        // Anything else (including garbage) goes through the Raft parser, whose error names the problem.
        _ => reproduce::<Raft, RaftChecker>(path, &text),
    }
}

fn reproduce<P: Protocol, C: Checker<P> + Default>(
    path: &str,
    text: &str,
) -> Result<bool, CliError> {
    let file = TraceFile::<P>::from_json(text).map_err(input(path))?;
    let mut sim: Simulation<P, C> = Simulation::new(&file.scenario).map_err(input(path))?;
    let (mut events, mut violations) = (Vec::new(), Vec::new());
    sim.run_until(file.end_time, &mut events, &mut violations);
    let theirs = file
        .events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap_or_default());
    let ours = events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap_or_default());
    if let Some(at) = theirs.zip(ours).position(|(a, b)| a != b) {
        return Err(CliError::NotReproducible {
            path: path.to_string(),
            at,
        });
    }
    if events.len() != file.events.len() {
        let at = events.len().min(file.events.len());
        return Err(CliError::NotReproducible {
            path: path.to_string(),
            at,
        });
    }
    let history = splitbrain_check::check_all(&file.events);
    report::print(&file, &history, std::time::Duration::ZERO);
    println!(
        "reproduced: re-simulating the scenario gives the same {} events",
        events.len()
    );
    Ok(file.violations.is_empty() && history.violations.is_empty())
}

pub fn validate(path: &str) -> Result<bool, CliError> {
    let scenario = load_scenario(path)?;
    match scenario.cluster.protocol.as_str() {
        "raft" => scenario.validate_for::<Raft>(),
        "ping" => scenario.validate_for::<Ping>(),
        other => return Err(unknown(path, other)),
    }
    .map_err(input(path))?;
    println!(
        "{path}: ok ({} nodes of {}, {} scheduled actions, {} narration steps)",
        scenario.cluster.nodes,
        scenario.cluster.protocol,
        scenario.schedule.len(),
        scenario.narration.len()
    );
    Ok(true)
}
