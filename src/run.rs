//! Building a run: the default scenario, a timeline from a scenario, and a run from an imported file.
//! Plain Rust with no web dependencies, so it is tested natively (`cargo test`) like the crates.

use crate::proto::{Proto, RaftTimeline, PROTOCOL};
use splitbrain_sim::{Scenario, SimTime, TraceFile};

/// The largest cluster the lab draws; larger scenarios are refused with a message.
pub const MAX_LAB_NODES: u32 = 25;

/// Runs are never built further than an hour of simulated time in one go, whatever a file asks for.
const MAX_BUILD_TIME: SimTime = SimTime(3_600_000_000);

/// The scenario a fresh visitor (or a corrupt autosave) starts with.
pub fn default_scenario(nodes: u32, seed: u64) -> Scenario {
    let mut s = Scenario::new::<Proto>(nodes.clamp(1, MAX_LAB_NODES), seed);
    s.name = "Playground".to_string();
    s.description =
        "A healthy cluster. Break it: crash the leader, partition the network, skew a clock."
            .into();
    s.duration_us = 10_000_000;
    s
}

/// A timeline for `scenario`, played to `time`.
pub fn build(scenario: &Scenario, time: SimTime) -> Result<RaftTimeline, String> {
    if scenario.cluster.protocol != PROTOCOL {
        return Err(format!(
            "this app runs `{PROTOCOL}` scenarios; the file is for `{}`",
            scenario.cluster.protocol
        ));
    }
    if scenario.cluster.nodes > MAX_LAB_NODES {
        return Err(format!(
            "cluster.nodes: {} nodes; the lab shows at most {MAX_LAB_NODES}",
            scenario.cluster.nodes
        ));
    }
    let mut tl = RaftTimeline::new(scenario).map_err(|e| e.to_string())?;
    tl.run_until(time.min(MAX_BUILD_TIME));
    Ok(tl)
}

/// Builds a run from the text of a trace file or a scenario file, with a notice saying what was loaded.
pub fn parse_import(text: &str) -> Result<(RaftTimeline, String), String> {
    let looks_like_trace = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .is_some_and(|v| v.get("schema").is_some() || v.get("events").is_some());
    if looks_like_trace {
        let file = TraceFile::<Proto>::from_json(text).map_err(|e| e.to_string())?;
        // The trace carries the scenario with every live action: re-simulating it reproduces the run.
        let tl = build(&file.scenario, file.end_time)?;
        let name = if file.scenario.name.is_empty() {
            "trace".to_string()
        } else {
            file.scenario.name.clone()
        };
        Ok((
            tl,
            format!("Imported trace “{name}” ({} events)", file.events.len()),
        ))
    } else {
        let scenario = Scenario::from_json(text).map_err(|e| e.to_string())?;
        scenario
            .validate_for::<Proto>()
            .map_err(|e| e.to_string())?;
        let tl = build(&scenario, SimTime::ZERO)?;
        let name = if scenario.name.is_empty() {
            "scenario".to_string()
        } else {
            scenario.name.clone()
        };
        Ok((tl, format!("Loaded scenario “{name}”")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use splitbrain_sim::{Action, NodeId};

    #[test]
    fn an_exported_trace_imports_to_the_same_run() {
        let mut tl = build(&default_scenario(5, 7), SimTime(800_000)).unwrap();
        tl.act(Action::Crash { node: NodeId(0) }).unwrap();
        tl.run_until(SimTime(2_000_000));
        let json = tl.to_trace_file().to_json();
        let (back, notice) = parse_import(&json).unwrap();
        assert!(notice.contains("events"), "{notice}");
        assert_eq!(back.now(), tl.now());
        assert_eq!(back.trace().len(), tl.trace().len());
        assert_eq!(
            back.to_trace_file().to_json(),
            json,
            "re-simulation reproduces the trace"
        );
    }

    #[test]
    fn malformed_imports_name_the_problem() {
        let err =
            parse_import(r#"{"cluster": {"protocol": "raft", "nodes": "five"}}"#).unwrap_err();
        assert!(
            err.contains("cluster.nodes") && err.contains("line 1"),
            "{err}"
        );
        let err = parse_import("{").unwrap_err();
        assert!(err.contains("line 1"), "{err}");
        let err = parse_import(r#"{"cluster": {"protocol": "raft", "nodes": 40}}"#).unwrap_err();
        assert!(err.contains("nodes"), "{err}");
        let err = parse_import(r#"{"cluster": {"protocol": "paxos", "nodes": 3}}"#).unwrap_err();
        assert!(err.contains("paxos"), "{err}");
    }

    /// Truncated and corrupted files (every tenth cut, and a few hundred single-byte changes) give an
    /// error or a run, never a panic.
    #[test]
    fn damaged_files_never_panic() {
        let mut tl = build(&default_scenario(3, 5), SimTime(300_000)).unwrap();
        tl.act(Action::Crash { node: NodeId(1) }).unwrap();
        tl.run_until(SimTime(400_000));
        let trace = tl.to_trace_file().to_json();
        let scenario = include_str!("../scenarios/raft/raft-leader-crash.json");
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for text in [trace.as_str(), scenario] {
            let bytes = text.as_bytes();
            for cut in (0..bytes.len()).step_by(bytes.len() / 97 + 1) {
                let _ = parse_import(&String::from_utf8_lossy(&bytes[..cut]));
            }
            for _ in 0..300 {
                let mut damaged = bytes.to_vec();
                let at = (next() % damaged.len() as u64) as usize;
                let junk = b"0123456789{}[]\":,-.e9 ";
                damaged[at] = junk[(next() % junk.len() as u64) as usize];
                let _ = parse_import(&String::from_utf8_lossy(&damaged));
            }
        }
    }

    #[test]
    fn the_default_scenario_is_clamped_to_what_the_lab_draws() {
        assert_eq!(default_scenario(0, 1).cluster.nodes, 1);
        assert_eq!(default_scenario(99, 1).cluster.nodes, MAX_LAB_NODES);
        assert!(build(&default_scenario(5, 1), SimTime(1_000)).is_ok());
    }
}
