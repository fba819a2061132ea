//! The causal cone equals the transitive closure of happens-before, and agrees with vector clocks, on real
//! traces of random runs.

mod common;

use splitbrain_sim::{Event, EventId, EventKind};
use splitbrain_view::{relation, Cone, HappensBefore, RelationKind, Role};
use std::cmp::Ordering;

/// Happens-before straight from the definition: reflexive-transitive closure of program order and
/// send→deliver, by a fixpoint over boolean matrix rows (slow, obviously right).
fn closure<P: splitbrain_sim::Protocol>(events: &[Event<P>]) -> Vec<Vec<bool>> {
    let n = events.len();
    let mut direct = vec![Vec::new(); n];
    let mut last = std::collections::HashMap::new();
    let mut send_of = std::collections::HashMap::new();
    for e in events {
        if let EventKind::Send { msg, .. } = e.kind {
            send_of.insert(msg, e.id.index());
        }
        if let EventKind::Duplicate { msg, copy, .. } = e.kind {
            if let Some(&s) = send_of.get(&msg) {
                send_of.insert(copy, s);
            }
        }
        let Some(node) = e.node else { continue };
        if let Some(p) = last.insert(node, e.id.index()) {
            direct[e.id.index()].push(p);
        }
        if let EventKind::Deliver { msg, .. } = e.kind {
            direct[e.id.index()].push(send_of[&msg]);
        }
    }
    // before[i][j]: j happened before i. Events arrive in causal order, so one pass in trace order suffices.
    let mut before = vec![vec![false; n]; n];
    for i in 0..n {
        for &p in &direct[i].clone() {
            before[i][p] = true;
            let row = before[p].clone();
            for (j, b) in row.into_iter().enumerate() {
                if b {
                    before[i][j] = true;
                }
            }
        }
    }
    before
}

#[test]
fn cone_is_the_transitive_closure_and_agrees_with_vector_clocks() {
    let mut checked = 0;
    for seed in 0..40u64 {
        let sc = common::random_scenario(seed);
        let events = common::run(&sc, 300_000);
        let events = &events[..events.len().min(700)];
        let hb = HappensBefore::new(events);
        let before = closure(events);
        // A spread of selected events per trace, not all (the matrix is already quadratic).
        for sel in (0..events.len()).step_by(events.len() / 15 + 1) {
            let s = EventId(sel as u64);
            let cone = Cone::new(&hb, s);
            for (j, f) in events.iter().enumerate() {
                let role = cone.role(f.id);
                if j == sel {
                    assert_eq!(role, Role::Selected);
                    continue;
                }
                let expected = if events[sel].node.is_none() {
                    if f.node.is_none() {
                        Role::Outside
                    } else {
                        Role::Concurrent
                    }
                } else if f.node.is_none() {
                    Role::Outside
                } else if before[sel][j] {
                    Role::Past
                } else if before[j][sel] {
                    Role::Future
                } else {
                    Role::Concurrent
                };
                assert_eq!(role, expected, "seed {seed}: e{sel} vs e{j}");
                if events[sel].node.is_some() && f.node.is_some() {
                    let by_vc = match f.vclock.compare(&events[sel].vclock) {
                        Some(Ordering::Less) => Role::Past,
                        Some(Ordering::Greater) => Role::Future,
                        None => Role::Concurrent,
                        Some(Ordering::Equal) => {
                            panic!("seed {seed}: two events with one vector clock")
                        }
                    };
                    assert_eq!(
                        role, by_vc,
                        "seed {seed}: e{sel} vs e{j}: vector clocks disagree"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 10_000, "only {checked} pairs checked");
}

#[test]
fn relation_explains_with_vector_clocks() {
    let sc = splitbrain_sim::Scenario::new::<splitbrain_sim::ping::Ping>(3, 7);
    let events = common::run(&sc, 200_000);
    let send = events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Send { .. }))
        .unwrap();
    let deliver = events
        .iter()
        .find(|e| e.parent == Some(send.id) && e.node.is_some())
        .unwrap();
    let r = relation(send, deliver);
    assert_eq!(r.kind, RelationKind::Before);
    assert!(
        r.explanation
            .starts_with(&format!("{} → {}: [", send.id, deliver.id)),
        "{}",
        r.explanation
    );
    assert!(
        r.explanation.ends_with("componentwise"),
        "{}",
        r.explanation
    );
    assert_eq!(relation(deliver, send).kind, RelationKind::After);
    // The two nodes' first events are concurrent; the explanation names a component each is ahead in.
    let a = events
        .iter()
        .find(|e| e.node.map(|n| n.0) == Some(0))
        .unwrap();
    let b = events
        .iter()
        .find(|e| e.node.map(|n| n.0) == Some(1))
        .unwrap();
    let r = relation(a, b);
    assert_eq!(r.kind, RelationKind::Concurrent);
    assert!(
        r.explanation.contains("∥") && r.explanation.contains("n1 is ahead"),
        "{}",
        r.explanation
    );
}

#[test]
fn a_delivery_has_its_send_as_a_direct_predecessor() {
    let sc = common::random_scenario(3);
    let events = common::run(&sc, 300_000);
    let hb = HappensBefore::new(&events);
    for e in &events {
        if let (EventKind::Deliver { .. }, Some(p)) = (&e.kind, e.parent) {
            assert!(hb.predecessors(e.id).contains(&(p.0 as u32)));
            assert!(hb.successors(p).contains(&(e.id.0 as u32)));
        }
    }
}
