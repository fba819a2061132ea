//! Options: defaults that validate, absurd values and mutants of another type refused with the
//! offending field named, refused operations answered with a clear error, never a panic.

mod common;

use common::*;
use splitbrain_crdt::{CrdtOptions, GCounter, LwwRegister, Mutant, OrSet, PnCounter, Replica};
use splitbrain_sim::{Protocol, Scenario};

fn field<P: Protocol<Options = CrdtOptions>>(o: CrdtOptions, nodes: u32) -> (String, String) {
    P::validate_options(&o, nodes).unwrap_err()
}

#[test]
fn the_defaults_validate_for_every_type() {
    let d = CrdtOptions::default();
    assert_eq!(Replica::<GCounter>::validate_options(&d, 1), Ok(()));
    assert_eq!(Replica::<PnCounter>::validate_options(&d, 5), Ok(()));
    assert_eq!(Replica::<OrSet>::validate_options(&d, 3), Ok(()));
    assert_eq!(Replica::<LwwRegister>::validate_options(&d, 64), Ok(()));
}

#[test]
fn absurd_values_name_the_offending_field() {
    let d = CrdtOptions::default;
    assert_eq!(
        field::<Replica<GCounter>>(
            CrdtOptions {
                gossip_ms: 0,
                ..d()
            },
            3
        )
        .0,
        "gossip_ms"
    );
    assert_eq!(
        field::<Replica<GCounter>>(
            CrdtOptions {
                gossip_ms: 100_000,
                ..d()
            },
            3
        )
        .0,
        "gossip_ms"
    );
    assert_eq!(
        field::<Replica<GCounter>>(CrdtOptions { fanout: 0, ..d() }, 3).0,
        "fanout"
    );
    let (f, why) = field::<Replica<OrSet>>(CrdtOptions { fanout: 3, ..d() }, 3);
    assert_eq!(f, "fanout");
    assert!(why.contains("(2)"), "{why}");
}

#[test]
fn a_mutant_of_another_type_is_refused_naming_the_ones_that_fit() {
    let m = |mutant| CrdtOptions {
        mutant,
        ..CrdtOptions::default()
    };
    let (f, why) = field::<Replica<PnCounter>>(m(Mutant::GCounterSumMerge), 3);
    assert_eq!(f, "mutant");
    assert!(why.contains("pn_counter_single_vector"), "{why}");
    let (_, why) = field::<Replica<LwwRegister>>(m(Mutant::OrSetRemoveWins), 3);
    assert!(why.contains("no mutant"), "{why}");
    assert_eq!(
        Replica::<OrSet>::validate_options(&m(Mutant::OrSetRemoveWins), 3),
        Ok(())
    );
}

#[test]
fn unknown_option_fields_and_refused_operations_are_clear_errors() {
    let mut sc = scenario::<GCounter>(3, 1, CrdtOptions::default());
    sc.cluster.options = serde_json::json!({ "gossip": 3 });
    let err = sc
        .validate_for::<Replica<GCounter>>()
        .unwrap_err()
        .to_string();
    assert!(err.contains("gossip"), "{err}");
    // A G-counter serves no decrement; an OR-set no put: refused before the run, naming both.
    for (sc, what) in [
        {
            let mut s = scenario::<GCounter>(3, 1, CrdtOptions::default());
            splitbrain_sim::testkit::at(&mut s, 10, client(0, dec("x", 1)));
            (s, "decrement")
        },
        {
            let mut s = scenario::<OrSet>(3, 1, CrdtOptions::default());
            splitbrain_sim::testkit::at(&mut s, 10, client(0, put("x", "1")));
            (s, "put")
        },
    ] {
        let text = sc.to_json_pretty();
        let back = Scenario::from_json(&text).unwrap();
        let err = match back.cluster.protocol.as_str() {
            "g-counter" => back.validate_for::<Replica<GCounter>>(),
            _ => back.validate_for::<Replica<OrSet>>(),
        }
        .unwrap_err()
        .to_string();
        assert!(err.contains(what), "{err}");
    }
}

#[test]
fn an_amount_out_of_range_is_refused_before_the_run() {
    let mut s = scenario::<PnCounter>(2, 1, CrdtOptions::default());
    splitbrain_sim::testkit::at(&mut s, 10, client(0, inc("x", 0)));
    let err = s
        .validate_for::<Replica<PnCounter>>()
        .unwrap_err()
        .to_string();
    assert!(err.contains("amount"), "{err}");
}
