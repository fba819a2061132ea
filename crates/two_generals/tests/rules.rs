//! The protocol's rules, one test each (Akkoyunlu et al. 1975, §3; Gray 1978, §5.8.3.3), on one general
//! driven by hand and on small runs.

mod common;

use common::*;
use splitbrain_sim::testkit::at;
use splitbrain_sim::{Action, NodeId, Out, Protocol};
use splitbrain_two_generals::{
    check, General, Message, Mutant, Note, Plan, Timer, TwoGeneralsOptions,
};

fn messenger(round: u64) -> Message {
    Message::Messenger {
        round,
        plan: Plan::AttackAtDawn,
    }
}

#[test]
fn n1_proposes_the_plan_with_the_round_1_messenger() {
    let (_, out) = started(0, &options(3));
    assert_eq!(sent(&out), vec![(NodeId(1), messenger(1))]);
    assert_eq!(notes(&out), vec![Note::Proposed { rounds: 3 }]);
    let (_, out) = started(1, &options(3));
    assert!(sent(&out).is_empty(), "n2 waits for the plan");
}

#[test]
fn each_messenger_but_the_last_is_acknowledged_by_the_next_round() {
    let (mut n2, _) = started(1, &options(3));
    let mut out = Out::new();
    n2.on_message(NOW, NodeId(0), messenger(1), &mut out);
    assert_eq!(sent(&out), vec![(NodeId(0), messenger(2))]);
    let (mut n1, _) = started(0, &options(2));
    let mut out = Out::new();
    n1.on_message(NOW, NodeId(1), messenger(2), &mut out);
    assert!(sent(&out).is_empty(), "round 2 of 2 is the last: no reply");
    assert_eq!(notes(&out), vec![Note::Received { round: 2 }]);
}

#[test]
fn a_repeated_messenger_is_news_only_once() {
    let (mut n2, _) = started(1, &options(3));
    n2.on_message(NOW, NodeId(0), messenger(1), &mut Out::new());
    let mut out = Out::new();
    n2.on_message(NOW, NodeId(0), messenger(1), &mut out);
    assert!(sent(&out).is_empty() && notes(&out).is_empty());
}

#[test]
fn at_dawn_a_general_attacks_iff_the_last_round_addressed_to_it_arrived() {
    for rounds in 1..=6u64 {
        let (n1, _) = started(0, &options(rounds));
        let (n2, _) = started(1, &options(rounds));
        let last_for_n1 = if rounds % 2 == 0 { rounds } else { rounds - 1 };
        let last_for_n2 = if rounds % 2 == 1 { rounds } else { rounds - 1 };
        assert_eq!(n1.needed(), last_for_n1, "rounds {rounds}");
        assert_eq!(n2.needed(), last_for_n2, "rounds {rounds}");
    }
    let (mut n2, _) = started(1, &options(3));
    n2.on_message(NOW, NodeId(0), messenger(1), &mut Out::new());
    let mut out = Out::new();
    n2.on_timer(NOW, Timer::Deadline, &mut out);
    assert_eq!(
        notes(&out),
        vec![Note::Decided {
            attack: false,
            received: 1,
            needed: 3
        }]
    );
    assert_eq!(n2.decision(), Some(false));
}

#[test]
fn with_one_round_n1_attacks_without_any_acknowledgement() {
    let (mut n1, _) = started(0, &options(1));
    let mut out = Out::new();
    n1.on_timer(NOW, Timer::Deadline, &mut out);
    assert_eq!(n1.decision(), Some(true));
}

#[test]
fn a_decided_general_ignores_later_messengers() {
    let (mut n2, _) = started(1, &options(1));
    n2.on_timer(NOW, Timer::Deadline, &mut Out::new());
    let mut out = Out::new();
    n2.on_message(NOW, NodeId(0), messenger(1), &mut out);
    assert!(notes(&out).is_empty());
    assert_eq!(n2.decision(), Some(false));
}

#[test]
fn the_latest_messenger_is_resent_until_the_next_round_arrives() {
    let o = TwoGeneralsOptions {
        resend_ms: 100,
        ..options(3)
    };
    let (mut n1, _) = started(0, &o);
    let mut out = Out::new();
    n1.on_timer(NOW, Timer::Resend, &mut out);
    assert_eq!(sent(&out), vec![(NodeId(1), messenger(1))]);
    n1.on_message(NOW, NodeId(1), messenger(2), &mut Out::new());
    // Round 3 is the last: it is never acknowledged, so n1 resends it until dawn.
    let mut out = Out::new();
    n1.on_timer(NOW, Timer::Resend, &mut out);
    assert_eq!(sent(&out), vec![(NodeId(1), messenger(3))]);
    n1.on_timer(NOW, Timer::Deadline, &mut Out::new());
    let mut out = Out::new();
    n1.on_timer(NOW, Timer::Resend, &mut out);
    assert!(sent(&out).is_empty(), "no resending after dawn");
}

#[test]
fn without_loss_both_generals_attack_for_every_number_of_rounds() {
    for rounds in 1..=20 {
        let run = Run::new(&scenario(1, options(rounds))).run_to_end();
        assert!(
            run.violations.is_empty(),
            "rounds {rounds}: {:?}",
            run.violations
        );
        assert_eq!(run.count("attack"), 2, "rounds {rounds}");
    }
}

#[test]
fn losing_the_last_messenger_makes_them_disagree_for_every_number_of_rounds() {
    for rounds in 1..=8u64 {
        let mut sc = scenario(1, options(rounds));
        sc.network.latency_min_us = 50_000;
        sc.network.latency_max_us = 50_000;
        // Round k is sent at (k−1)·50 ms; cut its direction just after it leaves.
        let from = if rounds % 2 == 1 { 0 } else { 1 };
        at(
            &mut sc,
            (rounds - 1) * 50 + 25,
            Action::Cut {
                from: NodeId(from),
                to: NodeId(1 - from),
            },
        );
        let run = Run::new(&sc).run_to_end();
        assert_eq!(run.invariants(), vec!["Agreement"], "rounds {rounds}");
        let msg = &run.violations[0].message;
        assert!(msg.contains(&format!("round-{rounds} messenger")), "{msg}");
        assert!(msg.contains("cut off"), "{msg}");
    }
}

#[test]
fn a_general_restarted_before_dawn_still_decides_at_its_deadline() {
    let mut sc = scenario(1, options(2));
    at(&mut sc, 5, Action::Crash { node: NodeId(1) });
    at(&mut sc, 300, Action::Restart { node: NodeId(1) });
    let run = Run::new(&sc).run_to_end();
    // n2 was down when the plan arrived and n1 never resends: n2 retreats, n1 (no acknowledgement) too.
    let d = check::decisions(&run.events);
    assert_eq!(d[&NodeId(0)], Some(false));
    assert_eq!(d[&NodeId(1)], Some(false));
    assert_eq!(check::undecided(&run.events), None);
    let dawn = run
        .notes()
        .filter(|(_, n)| matches!(n, Note::Decided { .. }))
        .map(|(e, _)| e.time.0)
        .collect::<Vec<_>>();
    assert_eq!(dawn, vec![1_000_000, 1_000_000]);
}

#[test]
fn a_general_crashed_after_dawn_stays_decided() {
    let mut sc = scenario(1, options(2));
    at(&mut sc, 1_100, Action::Crash { node: NodeId(1) });
    at(&mut sc, 1_200, Action::Restart { node: NodeId(1) });
    sc.duration_us = 2_000_000;
    let run = Run::new(&sc).run_to_end();
    assert_eq!(run.count("attack"), 2);
    assert_eq!(check::decisions(&run.events)[&NodeId(1)], Some(true));
}

#[test]
fn the_insist_on_last_ack_mutant_disagrees_without_any_loss() {
    for rounds in 1..=4 {
        let o = TwoGeneralsOptions {
            mutant: Mutant::InsistOnLastAck,
            ..options(rounds)
        };
        let run = Run::new(&scenario(1, o)).run_to_end();
        assert_eq!(run.invariants(), vec!["Agreement"], "rounds {rounds}");
        assert!(
            run.violations[0].message.contains("was ever sent"),
            "{}",
            run.violations[0].message
        );
    }
}

#[test]
fn client_operations_are_answered_with_a_refusal() {
    let (mut n1, _) = started(0, &options(1));
    let mut out: Out<General> = Out::new();
    let op = splitbrain_sim::ClientOp::Get { key: "x".into() };
    n1.on_client_request(NOW, splitbrain_sim::OpId(0), &op, &mut out);
    assert_eq!(splitbrain_sim::testkit::replies(&out).len(), 1);
}
