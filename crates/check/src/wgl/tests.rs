//! The search on hand-built register histories.

use super::*;

fn w(call: u32, ret: u32, v: Value) -> RegOp<u32> {
    RegOp {
        call,
        ret: Some(ret),
        kind: RegKind::Write(v),
    }
}

fn r(call: u32, ret: u32, v: Value) -> RegOp<u32> {
    RegOp {
        call,
        ret: Some(ret),
        kind: RegKind::Read(v),
    }
}

#[test]
fn empty_history_is_linearizable() {
    assert_eq!(search::<u32>(&[], 10), Search::Linearizable);
}

#[test]
fn concurrent_write_may_be_seen_or_not() {
    assert_eq!(
        search(&[w(0, 10, 1), r(1, 2, 1)], 100),
        Search::Linearizable
    );
    assert_eq!(
        search(&[w(0, 10, 1), r(1, 2, MISSING)], 100),
        Search::Linearizable
    );
    assert_eq!(
        search(&[w(0, 10, 1), r(11, 12, MISSING)], 100),
        Search::NotLinearizable
    );
}

#[test]
fn never_returning_write_can_land_late() {
    let late = RegOp {
        call: 0,
        ret: None,
        kind: RegKind::Write(2),
    };
    assert_eq!(
        search(&[late, w(1, 2, 1), r(5, 6, 1), r(7, 8, 2)], 100),
        Search::Linearizable
    );
    assert_eq!(
        search(&[late, w(1, 2, 1), r(5, 6, 2), r(7, 8, 1)], 100),
        Search::NotLinearizable
    );
}

#[test]
fn budget_exhaustion_is_reported() {
    assert_eq!(search(&[w(0, 10, 1), r(1, 2, 1)], 1), Search::Exhausted);
}

fn cas(call: u32, ret: Option<u32>, expected: Value, new: Value) -> RegOp<u32> {
    RegOp {
        call,
        ret,
        kind: RegKind::Cas { expected, new },
    }
}

fn not(call: u32, ret: u32, v: Value) -> RegOp<u32> {
    RegOp {
        call,
        ret: Some(ret),
        kind: RegKind::ReadNot(v),
    }
}

#[test]
fn cas_needs_its_expected_value() {
    assert_eq!(
        search(&[w(0, 1, 1), cas(2, Some(3), 1, 2), r(4, 5, 2)], 100),
        Search::Linearizable
    );
    // Only one of two cas from 1 can find it.
    assert_eq!(
        search(
            &[w(0, 1, 1), cas(2, Some(5), 1, 2), cas(2, Some(5), 1, 3)],
            100
        ),
        Search::NotLinearizable
    );
    // Unless something writes 1 again in between.
    assert_eq!(
        search(
            &[
                w(0, 1, 1),
                cas(2, Some(5), 1, 2),
                cas(2, Some(5), 1, 3),
                w(2, 5, 1)
            ],
            100
        ),
        Search::Linearizable
    );
}

#[test]
fn cas_of_a_value_written_only_by_itself_is_refuted_at_once() {
    // A cas 1→1 writes the value it expects, but that write cannot explain its own read; a budget of no steps
    // at all shows no search ran.
    assert_eq!(search(&[cas(0, Some(1), 1, 1)], 0), Search::NotLinearizable);
}

#[test]
fn unknown_cas_may_take_effect_or_not() {
    let seen = [w(0, 1, 1), cas(2, None, 1, 2), r(5, 6, 2)];
    assert_eq!(search(&seen, 100), Search::Linearizable);
    // Never taking effect is fine too, even where taking effect last would be illegal (the register holds 3).
    let unseen = [w(0, 1, 1), cas(2, None, 1, 2), w(3, 4, 3), r(5, 6, 3)];
    assert_eq!(search(&unseen, 100), Search::Linearizable);
    // One that can never take effect simply does not, even when the search cannot drop it up front (the
    // refused cas of 1 might have been explained by its 2).
    let never = [w(0, 1, 3), cas(2, None, 1, 2), not(5, 6, 1)];
    assert_eq!(search(&never, 100), Search::Linearizable);
    // But if it takes effect it needs its expected value.
    let impossible = [w(0, 1, 3), cas(2, None, 1, 2), r(5, 6, 2)];
    assert_eq!(search(&impossible, 100), Search::NotLinearizable);
}

#[test]
fn read_not_needs_some_other_value() {
    assert_eq!(
        search(&[w(0, 1, 1), not(2, 3, 1)], 100),
        Search::NotLinearizable
    );
    assert_eq!(
        search(&[w(0, 4, 1), not(2, 3, 1)], 100),
        Search::Linearizable
    );
    assert_eq!(search(&[not(0, 1, 1)], 100), Search::Linearizable);
}

#[test]
fn uncertain_write_explaining_a_read_not_is_kept() {
    // The failed put of 2 is what makes the register differ from 1 when the cas is refused; dropping it
    // because nobody read 2 would wrongly reject the history.
    let late = RegOp {
        call: 2,
        ret: None,
        kind: RegKind::Write(2),
    };
    assert_eq!(
        search(&[w(0, 1, 1), late, not(4, 5, 1)], 100),
        Search::Linearizable
    );
    // And so is an unknown cas.
    assert_eq!(
        search(&[w(0, 1, 1), cas(2, None, 1, 2), not(4, 5, 1)], 100),
        Search::Linearizable
    );
}

#[test]
fn sole_uncertain_cas_gets_the_deadline_of_its_first_reader() {
    // The only write of 2 must precede the read of 2, so it is due then: and then the put of 1 it expects must
    // already have landed, which it cannot have, as that put began later.
    let ops = [cas(0, None, 1, 2), r(1, 3, 2), w(4, 5, 1)];
    assert_eq!(search(&ops, 100), Search::NotLinearizable);
    let (bounded, required) = bound_uncertain_writes(&ops, ops.len());
    assert_eq!(bounded[0].ret, Some(3));
    assert_eq!(required, 3);
    // Only required readers set deadlines: with the read optional, the cas stays unbounded.
    let (bounded, required) = bound_uncertain_writes(&ops, 1);
    assert_eq!(bounded[0].ret, None);
    assert_eq!(required, 1);
}

#[test]
fn optional_operations_may_help_but_need_not_be_explained() {
    // A read of 1 is explained by a write invoked after it began, optional or not.
    let ops = [r(0, 10, 1), w(5, 6, 1)];
    assert_eq!(search_partial(&ops, 1, 100).0, Search::Linearizable);
    // A garbage read past the required ones is no failure of the prefix.
    let ops = [w(0, 1, 1), r(2, 3, 1), r(4, 5, 7)];
    assert_eq!(search_partial(&ops, 2, 100).0, Search::Linearizable);
    assert_eq!(search_partial(&ops, 3, 100).0, Search::NotLinearizable);
    // A stale read past the required ones likewise.
    let ops = [w(0, 1, 1), w(2, 3, 2), r(4, 5, 1)];
    assert_eq!(search_partial(&ops, 2, 100).0, Search::Linearizable);
    assert_eq!(search_partial(&ops, 3, 100).0, Search::NotLinearizable);
}
