//! Building a run: the playground of a protocol, a session from a scenario, and a run from an imported
//! file — for any protocol, through the registry. Plain Rust with no web dependencies, so it is tested
//! natively (`cargo test`) like the crates.

use splitbrain_registry as registry;
use splitbrain_sim::{Scenario, Session, SimTime};

/// A run of any protocol, as the whole app holds it.
pub type Run = Box<dyn Session>;

/// The largest cluster the lab draws; larger scenarios are refused with a message.
pub const MAX_LAB_NODES: u32 = 25;

/// Runs are never built further than an hour of simulated time in one go, whatever a file asks for.
const MAX_BUILD_TIME: SimTime = SimTime(3_600_000_000);

/// The protocol a fresh visitor starts with: the first listed one.
pub fn default_protocol() -> &'static registry::Entry {
    registry::protocols()
        .iter()
        .find(|e| e.listed)
        .expect("the registry lists a protocol")
}

/// The playground of `protocol` (a fresh visitor, or a corrupt autosave, gets the default one's).
pub fn default_scenario(protocol: &registry::Entry, nodes: u32, seed: u64) -> Scenario {
    let mut s = protocol.playground(nodes.min(MAX_LAB_NODES), seed);
    s.name = "Playground".to_string();
    s.description =
        "A healthy cluster. Break it: crash the leader, partition the network, skew a clock."
            .into();
    s.duration_us = 10_000_000;
    s
}

/// A run of `scenario`, played to `time`.
pub fn build(scenario: &Scenario, time: SimTime) -> Result<Run, String> {
    if scenario.cluster.nodes > MAX_LAB_NODES {
        return Err(format!(
            "cluster.nodes: {} nodes; the lab shows at most {MAX_LAB_NODES}",
            scenario.cluster.nodes
        ));
    }
    let mut run = registry::start(scenario).map_err(|e| e.to_string())?;
    run.run_until(time.min(MAX_BUILD_TIME));
    Ok(run)
}

/// Builds a run from the text of a trace file or a scenario file, with a notice saying what was loaded.
pub fn parse_import(text: &str) -> Result<(Run, String), String> {
    let looks_like_trace = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .is_some_and(|v| v.get("schema").is_some() || v.get("events").is_some());
    if looks_like_trace {
        let imported = registry::import(text).map_err(|e| e.to_string())?;
        if imported.session.node_count() > MAX_LAB_NODES as usize {
            return Err(format!(
                "cluster.nodes: {} nodes; the lab shows at most {MAX_LAB_NODES}",
                imported.session.node_count()
            ));
        }
        let name = match imported.session.scenario().name.as_str() {
            "" => "trace".to_string(),
            n => n.to_string(),
        };
        let title = registry::find(imported.session.face().name).map_or("?", |e| e.title);
        let notice = format!(
            "Imported {title} trace “{name}” ({} events)",
            imported.events
        );
        Ok((imported.session, notice))
    } else {
        let scenario = Scenario::from_json(text).map_err(|e| e.to_string())?;
        registry::validate(&scenario).map_err(|e| e.to_string())?;
        let run = build(&scenario, SimTime::ZERO)?;
        let name = match scenario.name.as_str() {
            "" => "scenario".to_string(),
            n => n.to_string(),
        };
        Ok((run, format!("Loaded scenario “{name}”")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use splitbrain_sim::{Action, NodeId};

    fn raft() -> &'static registry::Entry {
        registry::find("raft").unwrap()
    }

    #[test]
    fn an_exported_trace_imports_to_the_same_run() {
        for entry in registry::protocols() {
            let mut tl = build(&default_scenario(entry, 5, 7), SimTime(800_000)).unwrap();
            tl.act(Action::Crash { node: NodeId(0) }).unwrap();
            tl.run_until(SimTime(2_000_000));
            let json = tl.to_trace_json();
            let (back, notice) = parse_import(&json).unwrap();
            assert!(
                notice.contains("events") && notice.contains(entry.title),
                "{notice}"
            );
            assert_eq!(back.now(), tl.now());
            assert_eq!(back.trace().len(), tl.trace().len());
            assert_eq!(
                back.to_trace_json(),
                json,
                "re-simulation reproduces the trace"
            );
        }
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
        let err = parse_import(r#"{"cluster": {"protocol": "zab", "nodes": 3}}"#).unwrap_err();
        assert!(err.contains("zab") && err.contains("raft"), "{err}");
        let err =
            parse_import(r#"{"schema": "splitbrain-trace", "version": 1, "protocol": "zab"}"#)
                .unwrap_err();
        assert!(err.contains("zab"), "{err}");
        let err =
            parse_import(r#"{"schema": "splitbrain-trace", "version": 9, "protocol": "raft"}"#)
                .unwrap_err();
        assert!(err.contains("version 9"), "{err}");
        let err = parse_import(
            r#"{"cluster": {"protocol": "raft", "nodes": 3}, "workload": {"rate_per_s": 0, "to_us": 1000}}"#,
        )
        .unwrap_err();
        assert!(err.contains("workload.rate_per_s"), "{err}");
        let err = parse_import(
            r#"{"cluster": {"protocol": "raft", "nodes": 3}, "compare": {"systems": []}}"#,
        )
        .unwrap_err();
        assert!(err.contains("compare.systems"), "{err}");
    }

    /// Truncated and corrupted files (every tenth cut, and a few hundred single-byte changes) give an
    /// error or a run, never a panic.
    #[test]
    fn damaged_files_never_panic() {
        let mut tl = build(&default_scenario(raft(), 3, 5), SimTime(300_000)).unwrap();
        tl.act(Action::Crash { node: NodeId(1) }).unwrap();
        tl.run_until(SimTime(400_000));
        let trace = tl.to_trace_json();
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
        assert_eq!(default_scenario(raft(), 0, 1).cluster.nodes, 1);
        assert_eq!(default_scenario(raft(), 99, 1).cluster.nodes, MAX_LAB_NODES);
        assert!(build(&default_scenario(raft(), 5, 1), SimTime(1_000)).is_ok());
        assert_eq!(default_protocol().name, "raft");
    }
}
