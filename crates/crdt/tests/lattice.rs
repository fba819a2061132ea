//! The lattice laws of every data type (SSS 2011 §2.2, Definition 2.3 and Proposition 2.1): over random
//! states reached by random updates at three replicas and random merges between them, merge is
//! commutative, associative and idempotent, it is an upper bound of both states (so ≤ agrees with it),
//! and every update is an inflation. The mutants' broken merges fail the law they break.

use splitbrain_crdt::{Crdt, GCounter, LwwRegister, Mutant, OrSet, PnCounter, Stamp, Tag, Update};
use splitbrain_sim::sweep::Gen;
use splitbrain_sim::NodeId;

fn random_update<C: Crdt>(g: &mut Gen, node: NodeId, seq: u64) -> Update {
    let element = ["milk", "eggs", "tea"][g.below(3) as usize].to_string();
    match (C::NAME, g.below(2)) {
        ("g-counter", _) => Update::Increment { by: g.range(1, 5) },
        ("pn-counter", 0) => Update::Decrement { by: g.range(1, 5) },
        ("pn-counter", _) => Update::Increment { by: g.range(1, 5) },
        ("or-set", 0) => Update::Remove { element },
        ("or-set", _) => Update::Add {
            element,
            tag: Tag { node, seq },
        },
        _ => Update::Assign {
            value: format!("v{seq}"),
            // Unique per (time, node): the replica's seq makes them so here, as its clock floor does in a run.
            stamp: Stamp {
                time_us: g.range(0, 50) as i64 * 1_000 + seq as i64,
                node,
            },
        },
    }
}

/// States reached by three replicas under random updates and merges, all of them collected.
fn reachable<C: Crdt>(seed: u64, mutant: Mutant) -> Vec<C::State> {
    let mut g = Gen(seed);
    let mut replicas = vec![C::State::default(); 3];
    let mut seen = Vec::new();
    for step in 0..30u64 {
        let i = g.below(3) as usize;
        if g.chance(60) {
            let u = random_update::<C>(&mut g, NodeId(i as u32), step + 1);
            let next = C::apply(&replicas[i], &u, NodeId(i as u32), mutant).expect("served");
            assert!(
                C::leq(&replicas[i], &next) || mutant != Mutant::None,
                "{} {} is not an inflation",
                C::NAME,
                u.describe()
            );
            replicas[i] = next;
        } else {
            let j = g.below(3) as usize;
            replicas[i] = C::merge(&replicas[i], &replicas[j], mutant);
        }
        seen.push(replicas[i].clone());
    }
    seen
}

fn laws_hold<C: Crdt>() {
    for seed in 0..200 {
        let states = reachable::<C>(seed, Mutant::None);
        let mut g = Gen(seed ^ 0xABCD);
        for _ in 0..20 {
            let a = &states[g.below(states.len() as u64) as usize];
            let b = &states[g.below(states.len() as u64) as usize];
            let c = &states[g.below(states.len() as u64) as usize];
            let m = |x: &C::State, y: &C::State| C::merge(x, y, Mutant::None);
            assert_eq!(
                m(a, b),
                m(b, a),
                "{}: merge not commutative (seed {seed})",
                C::NAME
            );
            assert_eq!(
                m(&m(a, b), c),
                m(a, &m(b, c)),
                "{}: merge not associative (seed {seed})",
                C::NAME
            );
            assert_eq!(
                m(a, a),
                *a,
                "{}: merge not idempotent (seed {seed})",
                C::NAME
            );
            let j = m(a, b);
            assert!(
                C::leq(a, &j) && C::leq(b, &j),
                "{}: the join is not an upper bound (seed {seed})",
                C::NAME
            );
            if C::leq(a, b) {
                assert_eq!(
                    m(a, b),
                    *b,
                    "{}: a ≤ b but a ⊔ b ≠ b (seed {seed})",
                    C::NAME
                );
            }
        }
    }
}

#[test]
fn g_counter_merge_is_a_join() {
    laws_hold::<GCounter>();
}

#[test]
fn pn_counter_merge_is_a_join() {
    laws_hold::<PnCounter>();
}

#[test]
fn or_set_merge_is_a_join() {
    laws_hold::<OrSet>();
}

#[test]
fn lww_register_merge_is_a_join() {
    laws_hold::<LwwRegister>();
}

#[test]
fn the_sum_merge_is_not_idempotent() {
    let s = reachable::<GCounter>(1, Mutant::GCounterSumMerge)
        .into_iter()
        .find(|s| !s.is_empty())
        .expect("some increment");
    assert_ne!(C::merge(&s, &s, Mutant::GCounterSumMerge), s);
    type C = GCounter;
}

#[test]
fn a_single_vector_decrement_is_not_an_inflation() {
    let one = NodeId(0);
    let s = PnCounter::apply(
        &Default::default(),
        &Update::Increment { by: 3 },
        one,
        Mutant::PnCounterSingleVector,
    )
    .unwrap();
    let t = PnCounter::apply(
        &s,
        &Update::Decrement { by: 1 },
        one,
        Mutant::PnCounterSingleVector,
    )
    .unwrap();
    assert!(!PnCounter::leq(&s, &t));
    // And merge, taking the maximum, brings the old entry back: the decrement is lost.
    assert_eq!(
        PnCounter::value(&PnCounter::merge(&t, &s, Mutant::PnCounterSingleVector)).unwrap(),
        "3"
    );
}
