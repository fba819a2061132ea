//! Lecture scenarios bundled with the site, plus the generated playgrounds.

use crate::run::default_scenario;
use splitbrain_sim::Scenario;

/// (id, title, JSON text) of each bundled lecture scenario.
pub const BUNDLED: &[(&str, &str, &str)] = &[
    (
        "raft-leader-crash",
        "Lecture 1: the leader crashes",
        include_str!("../scenarios/raft/raft-leader-crash.json"),
    ),
    (
        "raft-split-vote",
        "Lecture 2: split votes (fixed timeouts)",
        include_str!("../scenarios/raft/raft-split-vote.json"),
    ),
    (
        "raft-partition-stale-read",
        "Lecture 3: stale read from an old leader",
        include_str!("../scenarios/raft/raft-partition-stale-read.json"),
    ),
    (
        "raft-figure7",
        "Lecture 4: Figure 7, log repair",
        include_str!("../scenarios/raft/raft-figure7.json"),
    ),
    (
        "raft-figure8",
        "Lecture 5: Figure 8, old-term entries",
        include_str!("../scenarios/raft/raft-figure8.json"),
    ),
];

/// Every entry of the scenario picker: (id, title).
pub fn catalogue() -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = vec![
        ("playground-5".into(), "Playground — 5 nodes".into()),
        ("playground-3".into(), "Playground — 3 nodes".into()),
        ("playground-9".into(), "Playground — 9 nodes".into()),
        ("playground-25".into(), "Big cluster — 25 nodes".into()),
    ];
    for (id, title, _) in BUNDLED {
        v.push((id.to_string(), title.to_string()));
    }
    v
}

/// The scenario for a picker id. Bundled files are parsed here; a broken one gives an error, not a panic.
pub fn load(id: &str) -> Result<Scenario, String> {
    if let Some(n) = id
        .strip_prefix("playground-")
        .and_then(|n| n.parse::<u32>().ok())
    {
        let mut s = default_scenario(n, 1);
        if n != 5 {
            s.name = format!("Playground ({n} nodes)");
        }
        return Ok(s);
    }
    let (_, _, text) = BUNDLED
        .iter()
        .find(|(i, _, _)| *i == id)
        .ok_or_else(|| format!("unknown scenario `{id}`"))?;
    Scenario::from_json(text).map_err(|e| format!("bundled scenario {id}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_entry_loads_and_validates() {
        for (id, _) in catalogue() {
            let s = load(&id).unwrap_or_else(|e| panic!("{e}"));
            s.validate_for::<crate::proto::Proto>()
                .unwrap_or_else(|e| panic!("{id}: {e}"));
        }
    }
}
