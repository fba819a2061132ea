//! The grid on real protocols, found through the registry (no protocol is named here): a bundled lecture
//! that breaks an invariant is counted as violating, one that does not is not, and values a protocol
//! refuses are errors before anything runs.

use serde_json::Value;
use splitbrain_registry as registry;
use splitbrain_sim::{Scenario, SimTime};
use splitbrain_vary::{run, variant, Error, Spec};

/// Every bundled lecture with options, loss-free, with whether its run at seed 1 violates an invariant.
fn lectures() -> Vec<(Scenario, bool)> {
    let mut out = Vec::new();
    for entry in registry::protocols() {
        for lecture in entry.lectures {
            let sc = Scenario::from_json(lecture.json).unwrap();
            let Some((key, value)) = sc.cluster.options.as_object().and_then(|o| o.iter().next())
            else {
                continue;
            };
            if sc.network.loss != 0.0 {
                continue;
            }
            let probe = variant(&sc, key, value, 0.0, 1).unwrap();
            let mut session = registry::start(&probe).unwrap();
            session.run_until(SimTime(probe.duration_us));
            out.push((sc, !session.violations().is_empty()));
        }
    }
    out
}

fn own_option(sc: &Scenario) -> (String, Value) {
    let (k, v) = sc
        .cluster
        .options
        .as_object()
        .unwrap()
        .iter()
        .next()
        .unwrap();
    (k.clone(), v.clone())
}

#[test]
fn a_violating_run_is_counted_and_a_clean_one_is_not() {
    let all = lectures();
    let bad = all
        .iter()
        .find(|(_, v)| *v)
        .expect("some lecture breaks an invariant");
    let good = all
        .iter()
        .find(|(_, v)| !*v)
        .expect("some lecture breaks none");
    for (sc, violates) in [bad, good] {
        let (option, value) = own_option(sc);
        let spec = Spec {
            option,
            values: vec![value],
            losses: vec![0.0],
            seeds: 1,
        };
        let outcome = run(sc, &spec, 1).unwrap();
        assert_eq!(outcome.cells.len(), 1);
        assert_eq!(
            outcome.cells[0].violating,
            u64::from(*violates),
            "{}",
            sc.name
        );
        assert_eq!(outcome.invariants().is_empty(), !*violates);
        assert_eq!(outcome.csv().lines().count(), 2);
    }
}

#[test]
fn bad_grids_are_refused_before_running() {
    let (sc, _) = lectures().into_iter().next().unwrap();
    let (option, value) = own_option(&sc);
    let spec = |values: Vec<Value>, seeds: u64| Spec {
        option: option.clone(),
        values,
        losses: vec![0.0, 0.5],
        seeds,
    };
    assert!(matches!(
        run(&sc, &spec(vec![value.clone()], 0), 1),
        Err(Error::NoSeeds)
    ));
    assert!(matches!(
        run(&sc, &spec(vec![value.clone()], 60_000), 1),
        Err(Error::TooMany { runs: 120_000, .. })
    ));
    let refused = Spec {
        option: "no_such_option_anywhere".into(),
        ..spec(vec![Value::from(1)], 1)
    };
    let err = run(&sc, &refused, 1).unwrap_err().to_string();
    assert!(err.contains("no_such_option_anywhere=1"), "{err}");
}
