//! One test per rule of the specifications (Shapiro et al., INRIA RR-7506, 2011; SSS 2011 §2.2) and of the
//! replica around them, driving single replicas by hand.

mod common;

use common::*;
use splitbrain_crdt::{
    Crdt, CrdtOptions, GCounter, LwwRegister, Message, Mutant, Note, OrSet, PnCounter, Replica,
    Timer,
};
use splitbrain_sim::testkit::persisted;
use splitbrain_sim::{ClientResponse, Effect, NodeId, OpId, Protocol};

fn request<C: Crdt>(r: &mut Replica<C>, ms: i64, op: splitbrain_sim::ClientOp) -> ClientResponse {
    let mut o = out::<C>();
    r.on_client_request(at_ms(ms), OpId(ms as u64), &op, &mut o);
    o.effects()
        .iter()
        .find_map(|e| match e {
            Effect::Reply { response, .. } => Some(response.clone()),
            _ => None,
        })
        .expect("a reply")
}

/// Hands `from`'s whole state to `to` as a Gossip message; returns what `to` sent back.
fn gossip<C: Crdt>(from: &Replica<C>, to: &mut Replica<C>) -> Vec<(NodeId, Message<C::State>)> {
    let mut o = out::<C>();
    to.on_message(
        at_ms(1_000),
        from.id(),
        Message::Gossip {
            states: from.states().clone(),
        },
        &mut o,
    );
    sent::<C>(&o)
}

fn opts() -> CrdtOptions {
    CrdtOptions::default()
}

#[test]
fn spec6_an_increment_bumps_only_the_own_entry_and_the_value_is_the_sum() {
    let mut a = replica::<GCounter>(0, 3, &opts());
    let mut b = replica::<GCounter>(1, 3, &opts());
    request(&mut a, 1, inc("x", 2));
    request(&mut b, 1, inc("x", 3));
    assert_eq!(GCounter::show(a.state("x").unwrap()), "[n1:2]");
    gossip(&b, &mut a);
    assert_eq!(GCounter::show(a.state("x").unwrap()), "[n1:2 n2:3]");
    assert_eq!(a.value("x").as_deref(), Some("5"));
}

#[test]
fn spec6_merge_takes_the_maximum_so_repeated_gossip_counts_once() {
    let mut a = replica::<GCounter>(0, 2, &opts());
    let mut b = replica::<GCounter>(1, 2, &opts());
    request(&mut b, 1, inc("x", 4));
    for _ in 0..3 {
        gossip(&b, &mut a);
    }
    assert_eq!(a.value("x").as_deref(), Some("4"));
}

#[test]
fn spec6_a_g_counter_refuses_a_decrement_with_a_clear_error() {
    let mut a = replica::<GCounter>(0, 2, &opts());
    match request(&mut a, 1, dec("x", 1)) {
        ClientResponse::Fail { reason } => assert!(reason.contains("only grows"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(a.state("x").is_none());
}

#[test]
fn spec7_the_pn_counter_value_is_increments_minus_decrements() {
    let mut a = replica::<PnCounter>(0, 2, &opts());
    let mut b = replica::<PnCounter>(1, 2, &opts());
    request(&mut a, 1, inc("x", 5));
    request(&mut b, 1, dec("x", 2));
    gossip(&b, &mut a);
    assert_eq!(PnCounter::show(a.state("x").unwrap()), "P[n1:5] N[n2:2]");
    assert_eq!(a.value("x").as_deref(), Some("3"));
}

#[test]
fn spec15_a_concurrent_add_wins_over_a_remove() {
    let mut a = replica::<OrSet>(0, 2, &opts());
    let mut b = replica::<OrSet>(1, 2, &opts());
    request(&mut a, 1, add("s", "milk"));
    gossip(&a, &mut b);
    // b removes the milk it saw; a concurrently adds it again with a fresh tag.
    request(&mut b, 2, remove("s", "milk"));
    request(&mut a, 3, add("s", "milk"));
    assert_eq!(b.value("s").as_deref(), Some("{}"));
    let mut o = out::<OrSet>();
    b.on_message(
        at_ms(4),
        NodeId(0),
        Message::Gossip {
            states: a.states().clone(),
        },
        &mut o,
    );
    assert_eq!(b.value("s").as_deref(), Some("{milk}"));
    let labels: Vec<String> = notes::<OrSet>(&o)
        .iter()
        .map(splitbrain_sim::Label::label)
        .collect();
    assert_eq!(labels, vec!["add-wins"]);
    gossip(&b, &mut a);
    assert_eq!(a.value("s").as_deref(), Some("{milk}"));
}

#[test]
fn spec15_a_remove_tombstones_only_the_tags_it_observed() {
    let mut a = replica::<OrSet>(0, 2, &opts());
    request(&mut a, 1, add("s", "tea"));
    request(&mut a, 2, remove("s", "tea"));
    assert_eq!(OrSet::show(a.state("s").unwrap()), "tea(†n1.1)");
    request(&mut a, 3, add("s", "tea"));
    assert_eq!(OrSet::show(a.state("s").unwrap()), "tea(†n1.1 n1.3)");
    assert_eq!(a.value("s").as_deref(), Some("{tea}"));
}

#[test]
fn spec8_the_larger_timestamp_wins_whatever_the_real_order() {
    // n1's clock is ahead: its earlier write carries the larger timestamp.
    let mut a = replica::<LwwRegister>(0, 2, &opts());
    let mut b = replica::<LwwRegister>(1, 2, &opts());
    request(&mut a, 2_000, put("r", "early"));
    request(&mut b, 1_500, put("r", "late"));
    let mut o = out::<LwwRegister>();
    b.on_message(
        at_ms(1_600),
        NodeId(0),
        Message::Gossip {
            states: a.states().clone(),
        },
        &mut o,
    );
    assert_eq!(b.value("r").as_deref(), Some("early"));
    let labels: Vec<String> = notes::<LwwRegister>(&o)
        .iter()
        .map(splitbrain_sim::Label::label)
        .collect();
    assert_eq!(labels, vec!["clock-ahead"]);
}

#[test]
fn spec8_equal_times_are_ordered_by_node_and_one_replica_never_reuses_a_time() {
    let mut a = replica::<LwwRegister>(0, 2, &opts());
    let mut b = replica::<LwwRegister>(1, 2, &opts());
    request(&mut a, 5, put("r", "from-n1"));
    request(&mut b, 5, put("r", "from-n2"));
    gossip(&a, &mut b);
    assert_eq!(
        b.value("r").as_deref(),
        Some("from-n2"),
        "same time: the larger node id wins"
    );
    let mut o = out::<LwwRegister>();
    a.on_client_request(at_ms(5), OpId(9), &put("r", "again"), &mut o);
    assert_eq!(
        a.value("r").as_deref(),
        Some("again"),
        "a second write at the same instant is later"
    );
}

#[test]
fn a_replica_gossips_its_whole_state_to_peers_the_engine_draws() {
    let o2 = CrdtOptions {
        fanout: 2,
        ..opts()
    };
    let mut a = replica::<GCounter>(1, 4, &o2);
    let mut o = out::<GCounter>();
    a.on_timer(at_ms(0), Timer::Gossip, &mut o);
    assert!(sent::<GCounter>(&o).is_empty(), "nothing to tell yet");
    request(&mut a, 1, inc("x", 1));
    let mut o = out::<GCounter>();
    a.on_timer(at_ms(300), Timer::Gossip, &mut o);
    let to: Vec<NodeId> = sent::<GCounter>(&o).iter().map(|(n, _)| *n).collect();
    assert_eq!(to.len(), 2);
    assert!(to[0] != to[1] && !to.contains(&NodeId(1)), "{to:?}");
    assert!(o.effects().iter().any(|e| matches!(
        e,
        Effect::SetTimer {
            timer: Timer::Gossip,
            ..
        }
    )));
}

#[test]
fn push_pull_the_receiver_answers_only_when_it_knew_more_and_an_answer_is_not_answered() {
    let mut a = replica::<GCounter>(0, 2, &opts());
    let mut b = replica::<GCounter>(1, 2, &opts());
    request(&mut a, 1, inc("x", 1));
    assert!(gossip(&a, &mut b).is_empty(), "b knew nothing a lacked");
    request(&mut b, 2, inc("x", 1));
    let back = gossip(&a, &mut b);
    assert!(matches!(
        back.as_slice(),
        [(NodeId(0), Message::GossipBack { .. })]
    ));
    let mut o = out::<GCounter>();
    a.on_message(at_ms(3), NodeId(1), back[0].1.clone(), &mut o);
    assert!(sent::<GCounter>(&o).is_empty());
    assert_eq!(a.value("x").as_deref(), Some("2"));
}

#[test]
fn a_merge_notes_the_states_before_received_and_after() {
    let mut a = replica::<GCounter>(0, 2, &opts());
    let mut b = replica::<GCounter>(1, 2, &opts());
    request(&mut a, 1, inc("x", 3));
    request(&mut b, 1, inc("x", 4));
    let mut o = out::<GCounter>();
    a.on_message(
        at_ms(2),
        NodeId(1),
        Message::Gossip {
            states: b.states().clone(),
        },
        &mut o,
    );
    match notes::<GCounter>(&o).as_slice() {
        [Note::Merge {
            before,
            received,
            after,
            from,
            ..
        }] => {
            assert_eq!(*from, NodeId(1));
            assert_eq!(GCounter::show(before), "[n1:3]");
            assert_eq!(GCounter::show(received), "[n2:4]");
            assert_eq!(GCounter::show(after), "[n1:3 n2:4]");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(a.last_merge().unwrap().key, "x");
}

#[test]
fn state_is_persisted_at_every_change_and_survives_a_crash() {
    let mut a = replica::<OrSet>(0, 2, &opts());
    let mut o = out::<OrSet>();
    a.on_client_request(at_ms(1), OpId(1), &add("s", "milk"), &mut o);
    let durable = persisted(&o).expect("persisted");
    let back = Replica::<OrSet>::new(
        &splitbrain_sim::ClusterInfo {
            id: NodeId(0),
            nodes: 2,
        },
        &opts(),
        Some(&durable),
    );
    assert_eq!(back.value("s").as_deref(), Some("{milk}"));
    assert_eq!(
        back.issued(),
        1,
        "the tag counter survives, so no tag is reused"
    );
}

#[test]
fn mutant_or_set_remove_wins_loses_the_concurrent_add() {
    let m = CrdtOptions {
        mutant: Mutant::OrSetRemoveWins,
        ..opts()
    };
    let mut a = replica::<OrSet>(0, 2, &m);
    let mut b = replica::<OrSet>(1, 2, &m);
    request(&mut a, 1, add("s", "milk"));
    gossip(&a, &mut b);
    request(&mut b, 2, remove("s", "milk"));
    request(&mut a, 3, add("s", "milk"));
    gossip(&b, &mut a);
    assert_eq!(a.value("s").as_deref(), Some("{}"));
}

#[test]
fn mutant_g_counter_sum_merge_over_counts_repeated_gossip() {
    let m = CrdtOptions {
        mutant: Mutant::GCounterSumMerge,
        ..opts()
    };
    let mut a = replica::<GCounter>(0, 2, &m);
    let mut b = replica::<GCounter>(1, 2, &m);
    request(&mut b, 1, inc("x", 1));
    gossip(&b, &mut a);
    gossip(&b, &mut a);
    assert_eq!(
        a.value("x").as_deref(),
        Some("2"),
        "one increment, counted twice"
    );
}

#[test]
fn mutant_pn_counter_single_vector_loses_a_decrement_on_merge() {
    let m = CrdtOptions {
        mutant: Mutant::PnCounterSingleVector,
        ..opts()
    };
    let mut a = replica::<PnCounter>(0, 2, &m);
    let mut b = replica::<PnCounter>(1, 2, &m);
    request(&mut a, 1, inc("x", 3));
    gossip(&a, &mut b);
    request(&mut a, 2, dec("x", 1));
    assert_eq!(a.value("x").as_deref(), Some("2"));
    gossip(&b, &mut a);
    assert_eq!(
        a.value("x").as_deref(),
        Some("3"),
        "the old, larger entry wins the maximum"
    );
}

#[test]
fn the_end_of_run_checkers_fail_when_replicas_never_meet() {
    // A partition that never heals: each side counts its own increments, so neither the final values nor
    // convergence hold; once it heals, both do.
    let mut sc = scenario::<GCounter>(2, 3, opts());
    sc.duration_us = 3_000_000;
    let part = splitbrain_sim::Action::Partition {
        groups: vec![vec![NodeId(0)], vec![NodeId(1)]],
    };
    splitbrain_sim::testkit::at(&mut sc, 0, part);
    splitbrain_sim::testkit::at(&mut sc, 100, client(0, inc("x", 2)));
    splitbrain_sim::testkit::at(&mut sc, 200, client(1, inc("x", 5)));
    let cut = Run::<GCounter>::new(&sc).run_to_end();
    let wrong = splitbrain_crdt::check::final_value::<GCounter>(&cut.events).expect("caught");
    assert!(wrong.contains("imply 7"), "{wrong}");
    assert_eq!(
        splitbrain_crdt::check::converged_at::<GCounter>(&cut.events),
        None
    );
    splitbrain_sim::testkit::at(&mut sc, 1_000, splitbrain_sim::Action::Heal);
    let healed = Run::<GCounter>::new(&sc).run_to_end();
    assert_eq!(
        splitbrain_crdt::check::final_value::<GCounter>(&healed.events),
        None
    );
    let t = splitbrain_crdt::check::converged_at::<GCounter>(&healed.events).expect("converged");
    assert!(t.0 > 1_000_000 && t.0 < 3_000_000, "{t}");
}
