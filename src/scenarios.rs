//! The scenario picker's catalogue: for each protocol of the registry, its playgrounds and its bundled
//! lecture scenarios, grouped by protocol.

use crate::run::default_scenario;
use splitbrain_registry as registry;
use splitbrain_sim::Scenario;

/// One protocol's entries in the picker: (id, title).
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub protocol: &'static str,
    /// "Time and coordination: Leader election": the chapter, then the protocol.
    pub title: String,
    pub entries: Vec<(String, String)>,
}

const PLAYGROUNDS: [(u32, &str); 4] = [
    (5, "Playground — 5 nodes"),
    (3, "Playground — 3 nodes"),
    (9, "Playground — 9 nodes"),
    (25, "Big cluster — 25 nodes"),
];

/// Every entry of the scenario picker, grouped by protocol, chapter by chapter. Ids:
/// `<protocol>/playground-<n>` or a lecture's file name.
pub fn catalogue() -> Vec<Group> {
    let mut listed: Vec<&registry::Entry> =
        registry::protocols().iter().filter(|e| e.listed).collect();
    // Stable: within a chapter, the registry's order.
    listed.sort_by_key(|e| {
        registry::CHAPTERS
            .iter()
            .position(|c| *c == e.chapter)
            .unwrap_or(usize::MAX)
    });
    listed
        .into_iter()
        .map(|e| {
            let mut entries: Vec<(String, String)> = PLAYGROUNDS
                .iter()
                .filter(|(n, _)| (e.face.nodes.0..=e.face.nodes.1).contains(n))
                .map(|(n, t)| (format!("{}/playground-{n}", e.name), t.to_string()))
                .collect();
            entries.extend(
                e.lectures
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (l.id.to_string(), format!("Lecture {}: {}", i + 1, l.title))),
            );
            Group {
                protocol: e.name,
                title: format!("{}: {}", e.chapter, e.title),
                entries,
            }
        })
        .collect()
}

/// The scenario for a picker id. Bundled files are parsed here; a broken one gives an error, not a panic.
pub fn load(id: &str) -> Result<Scenario, String> {
    if let Some((protocol, n)) = id
        .split_once("/playground-")
        .and_then(|(p, n)| Some((p, n.parse::<u32>().ok()?)))
    {
        let entry = registry::find(protocol).map_err(|e| e.to_string())?;
        let mut s = default_scenario(entry, n, 1);
        if n != 5 {
            s.name = format!("Playground ({n} nodes)");
        }
        return Ok(s);
    }
    let (_, lecture) = registry::lecture(id).ok_or_else(|| format!("unknown scenario `{id}`"))?;
    Scenario::from_json(lecture.json).map_err(|e| format!("bundled scenario {id}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_entry_loads_and_validates() {
        let groups = catalogue();
        assert!(!groups.is_empty());
        for group in groups {
            for (id, _) in &group.entries {
                let s = load(id).unwrap_or_else(|e| panic!("{e}"));
                assert_eq!(s.cluster.protocol, group.protocol, "{id}");
                registry::validate(&s).unwrap_or_else(|e| panic!("{id}: {e}"));
            }
        }
    }

    #[test]
    fn every_bundled_scenario_file_is_offered() {
        let offered: Vec<String> = catalogue()
            .into_iter()
            .flat_map(|g| g.entries.into_iter().map(|(id, _)| id))
            .collect();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
        for protocol in std::fs::read_dir(dir).unwrap() {
            for file in std::fs::read_dir(protocol.unwrap().path()).unwrap() {
                let path = file.unwrap().path();
                let id = path.file_stem().unwrap().to_str().unwrap().to_string();
                assert!(
                    offered.contains(&id),
                    "{id} is bundled but not in the picker"
                );
            }
        }
    }

    #[test]
    fn unknown_ids_are_errors() {
        assert!(load("nope").is_err());
        assert!(load("zab/playground-5").unwrap_err().contains("zab"));
    }
}
