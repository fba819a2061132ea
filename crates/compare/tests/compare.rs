//! The comparison lecture's summary table is pinned: the CLI test and the browser test check the same
//! golden text, so the page and `splitbrain compare` show the same numbers.

use splitbrain_compare::{fault_presets, run_all, system_presets, systems, table};
use splitbrain_sim::Scenario;

const LECTURE: &str = include_str!("../../../scenarios/raft/raft-cap-partition.json");
const GOLDEN: &str = include_str!("golden/raft-cap-partition.txt");

#[test]
fn presets_cover_every_listed_protocol_that_serves_the_workload_and_their_options() {
    use splitbrain_sim::OpKind;
    let presets = system_presets();
    for entry in splitbrain_registry::protocols().iter().filter(|e| e.listed) {
        let serves = entry.face.accepts(OpKind::Put) && entry.face.accepts(OpKind::Get);
        assert_eq!(
            presets
                .iter()
                .any(|p| p.protocol == entry.name && p.options.is_null()),
            serves,
            "{}: offered exactly when it serves puts and gets",
            entry.name
        );
    }
    for p in &presets {
        println!("{} | {} | {}", p.label, p.protocol, p.options);
    }
    assert!(
        presets.len() > splitbrain_registry::protocols().len(),
        "option variants too"
    );
    assert_eq!(fault_presets().len(), 3);
}

#[test]
fn the_lecture_comparison_reproduces_its_pinned_table() {
    let sc = Scenario::from_json(LECTURE).unwrap();
    assert!(systems(&sc).len() >= 2);
    let measured = run_all(&[sc]).unwrap();
    let got = table(&measured);
    if std::env::var("BLESS").is_ok() {
        std::fs::write(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/golden/raft-cap-partition.txt"
            ),
            &got,
        )
        .unwrap();
    }
    assert_eq!(got, GOLDEN, "rerun with BLESS=1 if the change is intended");
}

#[test]
fn every_preset_system_runs_under_every_fault_preset() {
    for faults in fault_presets() {
        let entry = splitbrain_registry::find("raft").unwrap();
        let mut base = entry.playground(5, 3);
        base.duration_us = 6_000_000;
        base.schedule = (faults.schedule)(5);
        base.workload = Some(splitbrain_sim::Workload {
            rate_per_s: 20,
            read_percent: 50,
            keys: 1,
            from_us: 500_000,
            to_us: 5_500_000,
        });
        base.compare = Some(splitbrain_sim::Comparison {
            systems: system_presets().into_iter().take(4).collect(),
        });
        let measured = run_all(&[base]).unwrap_or_else(|e| panic!("{}: {e}", faults.id));
        assert!(measured.iter().all(|m| m.summary.ops > 0), "{}", faults.id);
    }
}

#[test]
fn bad_comparisons_are_refused_with_the_field() {
    let mut sc = Scenario::from_json(LECTURE).unwrap();
    if let Some(c) = sc.compare.as_mut() {
        c.systems[0].protocol = "nope".into();
    }
    let e = run_all(&[sc]).unwrap_err().to_string();
    assert!(e.contains("nope"), "{e}");
    let five: Vec<Scenario> = (0..5)
        .map(|_| Scenario::from_json(LECTURE).unwrap())
        .collect();
    assert!(run_all(&five)
        .unwrap_err()
        .to_string()
        .contains("at most 4"));
    assert!(run_all(&[]).is_err());
}
