//! Golden traces: each protocol pins its lecture scenarios in a `traces.txt` of lines
//! `name events bytes fingerprint` (the trace's event count, its JSON's length and FNV-1a fingerprint). The
//! native tests, the CLI test and the browser test all compare against the same lines.

use crate::fingerprint;

/// The line a run is pinned by.
pub fn line(name: &str, events: usize, trace_json: &str) -> String {
    format!(
        "{name} {events} {} {:016x}",
        trace_json.len(),
        fingerprint(trace_json.as_bytes())
    )
}

/// The pinned line for `name` in a golden file.
pub fn pinned<'a>(golden: &'a str, name: &str) -> Option<&'a str> {
    golden
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name))
}

/// Asserts that every line is pinned in the file at `path`; with `UPDATE_GOLDEN` set, rewrites the file
/// first (after an intended change: say in the commit why the traces changed).
pub fn assert_pinned(path: &str, lines: &[String]) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, lines.join("\n") + "\n").expect("the golden file is writable");
    }
    let golden = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("{path} exists (UPDATE_GOLDEN=1 writes it)"));
    for line in lines {
        let name = line.split_whitespace().next().unwrap_or_default();
        assert_eq!(
            pinned(&golden, name),
            Some(line.as_str()),
            "{name}: the trace differs from {path}; if intended, regenerate with UPDATE_GOLDEN=1"
        );
    }
}

/// The scenario files of a folder, by name without `.json`, sorted.
pub fn scenario_names(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".json").map(str::to_string))
        .collect();
    names.sort();
    names
}

/// Everything a protocol's golden test checks, for the lecture scenarios of `scenarios/<folder>/` pinned in
/// `<manifest_dir>/tests/golden/traces.txt`: each run reproduces its pinned line, every scenario file is
/// pinned, and the same scenario gives the same trace twice.
pub fn check_lectures(
    manifest_dir: &str,
    folder: &str,
    scenarios: &[(&str, &str)],
    describe: fn(&str, &str) -> String,
) {
    let lines: Vec<String> = scenarios
        .iter()
        .map(|(name, json)| describe(name, json))
        .collect();
    assert_pinned(&format!("{manifest_dir}/tests/golden/traces.txt"), &lines);
    let listed: Vec<String> = scenarios.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(
        scenario_names(&format!("{manifest_dir}/../../scenarios/{folder}")),
        listed,
        "add new scenarios to tests/golden/list.rs"
    );
    for ((name, json), line) in scenarios.iter().zip(&lines) {
        assert_eq!(
            &describe(name, json),
            line,
            "{name} differs on a second run"
        );
    }
}
