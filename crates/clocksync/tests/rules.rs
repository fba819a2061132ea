//! One node driven by hand, a rule per test, named after the paper's rule.

mod common;

use common::{node, notes, out, sent, t};
use splitbrain_clocksync::{Algorithm, ClockSyncOptions, Discipline, Message, Mutant, Note, Timer};
use splitbrain_sim::{ClientOp, ClientResponse, ClockAdjust, Effect, NodeId, OpId, Protocol};

fn opts(algorithm: Algorithm) -> ClockSyncOptions {
    ClockSyncOptions {
        algorithm,
        max_drift_ppm: 0,
        ..ClockSyncOptions::default()
    }
}

fn adjustments(o: &splitbrain_sim::Out<splitbrain_clocksync::ClockSync>) -> Vec<ClockAdjust> {
    o.effects()
        .iter()
        .filter_map(|e| match e {
            Effect::AdjustClock { adjust } => Some(*adjust),
            _ => None,
        })
        .collect()
}

/// A client that sent TimeRequest round 1 at local time `sent_at`.
fn asked(options: &ClockSyncOptions, sent_at: i64) -> splitbrain_clocksync::ClockSync {
    let mut n = node(1, 3, options);
    n.on_start(t(0), &mut out());
    let mut o = out();
    n.on_timer(t(sent_at), Timer::Round, &mut o);
    let request = match options.algorithm {
        Algorithm::Ntp => Message::NtpRequest {
            round: 1,
            t1: sent_at,
        },
        _ => Message::TimeRequest { round: 1 },
    };
    assert_eq!(sent(&o), vec![(NodeId(0), request)]);
    n
}

#[test]
fn cristian_3_sets_the_clock_to_server_time_plus_half_the_round_trip() {
    let mut n = asked(&opts(Algorithm::Cristian), 1_000_000);
    let mut o = out();
    // RTT 40 ms on the client's clock; the server said 2.0 s.
    let reply = Message::TimeReply {
        round: 1,
        server_us: 2_000_000,
    };
    n.on_message(t(1_040_000), NodeId(0), reply, &mut o);
    // New clock: 2.0 s + 20 ms = 2.02 s; the clock read 1.04 s: step +0.98 s.
    assert_eq!(
        adjustments(&o),
        vec![ClockAdjust::Step { delta_us: 980_000 }]
    );
    match &notes(&o)[..] {
        [Note::Synced {
            claim,
            correction_us: 980_000,
            ..
        }] => assert_eq!(claim.bound_us, 20_002),
        other => panic!("{other:?}"),
    }
}

#[test]
fn cristian_ignores_a_reply_to_an_older_round() {
    let mut n = asked(&opts(Algorithm::Cristian), 1_000_000);
    let mut o = out();
    n.on_message(
        t(1_040_000),
        NodeId(0),
        Message::TimeReply {
            round: 7,
            server_us: 0,
        },
        &mut o,
    );
    assert!(o.effects().is_empty());
}

#[test]
fn the_no_rtt_correction_mutant_forgets_the_half_round_trip() {
    let options = ClockSyncOptions {
        mutant: Mutant::NoRttCorrection,
        ..opts(Algorithm::Cristian)
    };
    let mut n = asked(&options, 1_000_000);
    let mut o = out();
    n.on_message(
        t(1_040_000),
        NodeId(0),
        Message::TimeReply {
            round: 1,
            server_us: 2_000_000,
        },
        &mut o,
    );
    assert_eq!(
        adjustments(&o),
        vec![ClockAdjust::Step { delta_us: 960_000 }]
    );
}

#[test]
fn ntp_offset_and_delay_from_four_timestamps() {
    // RFC 5905 §8: T1 = 1.000, T2 = T3 = 1.100 (server), T4 = 1.040: θ = +80 ms, δ = 40 ms.
    let options = ClockSyncOptions {
        discipline: Discipline::Step,
        ..opts(Algorithm::Ntp)
    };
    let mut n = asked(&options, 1_000_000);
    let mut o = out();
    let reply = Message::NtpReply {
        round: 1,
        t1: 1_000_000,
        t2: 1_100_000,
        t3: 1_100_000,
    };
    n.on_message(t(1_040_000), NodeId(0), reply, &mut o);
    assert_eq!(
        adjustments(&o),
        vec![ClockAdjust::Step { delta_us: 80_000 }]
    );
    match &notes(&o)[..] {
        [Note::Synced {
            delay_us: 40_000,
            claim,
            ..
        }] => assert_eq!(claim.bound_us, 20_002),
        other => panic!("{other:?}"),
    }
}

#[test]
fn ntp_slews_instead_of_stepping_and_narrows_the_bound_when_done() {
    let mut n = asked(&opts(Algorithm::Ntp), 1_000_000);
    let mut o = out();
    let reply = Message::NtpReply {
        round: 1,
        t1: 1_000_000,
        t2: 1_100_000,
        t3: 1_100_000,
    };
    n.on_message(t(1_040_000), NodeId(0), reply, &mut o);
    assert_eq!(adjustments(&o), vec![ClockAdjust::Slew { ppm: 20_000 }]);
    // 80 ms at 2 %: about 4 s of local time.
    let slew = o.effects().iter().find_map(|e| match e {
        Effect::SetTimer {
            timer: Timer::SlewDone,
            min,
            ..
        } => Some(min.0),
        _ => None,
    });
    assert_eq!(slew, Some(4_080_000));
    let wide = n.claim().unwrap().bound_us;
    assert_eq!(wide, 80_000 + 20_002);
    let mut o = out();
    n.on_timer(t(5_120_000), Timer::SlewDone, &mut o);
    assert_eq!(adjustments(&o), vec![ClockAdjust::Slew { ppm: -20_000 }]);
    assert!(n.claim().unwrap().bound_us < 21_000);
}

#[test]
fn a_restarted_node_undoes_the_slew_its_crashed_process_left_running() {
    let persisted = splitbrain_clocksync::Persistent {
        slew_ppm: -20_000,
        coordinator_bound: None,
    };
    let mut n: splitbrain_clocksync::ClockSync =
        splitbrain_sim::testkit::node(1, 3, &opts(Algorithm::Ntp), Some(&persisted));
    let mut o = out();
    n.on_start(t(0), &mut o);
    assert_eq!(adjustments(&o), vec![ClockAdjust::Slew { ppm: 20_000 }]);
}

#[test]
fn berkeley_averages_without_the_outlier_and_corrects_everyone() {
    let options = ClockSyncOptions {
        outlier_ms: 100,
        ..opts(Algorithm::Berkeley)
    };
    let mut c = node(0, 4, &options);
    c.on_start(t(0), &mut out());
    let mut o = out();
    c.on_timer(t(1_000_000), Timer::Round, &mut o);
    assert_eq!(sent(&o).len(), 3);
    // Round trip 20 ms each: n2 30 ms ahead, n3 10 ms behind, n4 500 ms ahead (outlier).
    for (n, diff) in [(1, 30_000), (2, -10_000), (3, 500_000)] {
        let reading = Message::Reading {
            round: 1,
            clock_us: 1_010_000 + diff,
        };
        c.on_message(t(1_020_000), NodeId(n), reading, &mut out());
    }
    let mut o = out();
    c.on_timer(t(1_200_000), Timer::Collect { round: 1 }, &mut o);
    // Average of n1 (0), n2 (+30), n3 (−10) = +6.666 ms; n4 left out.
    let adjusts: Vec<(NodeId, i64)> = sent(&o)
        .into_iter()
        .map(|(to, m)| match m {
            Message::Adjust { delta_us, .. } => (to, delta_us),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        adjusts,
        vec![
            (NodeId(1), -23_334),
            (NodeId(2), 16_666),
            (NodeId(3), -493_334)
        ]
    );
    assert_eq!(adjustments(&o), vec![ClockAdjust::Step { delta_us: 6_666 }]);
    match &notes(&o)[..] {
        [Note::Averaged { excluded, .. }] => assert_eq!(excluded, &vec![NodeId(3)]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn berkeley_applies_a_correction_once() {
    let mut n = node(1, 3, &opts(Algorithm::Berkeley));
    n.on_start(t(0), &mut out());
    n.on_message(t(100), NodeId(0), Message::Poll { round: 1 }, &mut out());
    let adjust = Message::Adjust {
        round: 1,
        delta_us: -5_000,
        bound_us: 1_000,
    };
    let mut o = out();
    n.on_message(t(200), NodeId(0), adjust.clone(), &mut o);
    assert_eq!(
        adjustments(&o),
        vec![ClockAdjust::Step { delta_us: -5_000 }]
    );
    let mut o = out();
    n.on_message(t(300), NodeId(0), adjust, &mut o);
    assert!(
        o.effects().is_empty(),
        "a duplicate Adjust is not applied twice"
    );
}

fn put() -> ClientOp {
    ClientOp::Put {
        context: None,
        key: "x".into(),
        value: "1".into(),
    }
}

fn synced_truetime(commit_wait: bool) -> splitbrain_clocksync::ClockSync {
    let options = ClockSyncOptions {
        commit_wait,
        ..opts(Algorithm::Truetime)
    };
    let mut n = asked(&options, 1_000_000);
    // RTT 40 ms: ε = 20 ms (+ rounding).
    n.on_message(
        t(1_040_000),
        NodeId(0),
        Message::TimeReply {
            round: 1,
            server_us: 1_020_000,
        },
        &mut out(),
    );
    n
}

#[test]
fn spanner_4_1_2_commit_wait_answers_only_when_earliest_passes_the_timestamp() {
    let mut n = synced_truetime(true);
    let mut o = out();
    n.on_client_request(t(1_100_000), OpId(1), &put(), &mut o);
    assert!(
        splitbrain_sim::testkit::replies(&o).is_empty(),
        "waits before answering"
    );
    let wait = o.effects().iter().find_map(|e| match e {
        Effect::SetTimer {
            timer: Timer::CommitWait { .. },
            min,
            ..
        } => Some(min.0),
        _ => None,
    });
    assert!(wait.is_some_and(|w| w > 40_000), "about 2ε: {wait:?}");
    let mut o = out();
    n.on_timer(
        t(1_100_000 + wait.unwrap() as i64),
        Timer::CommitWait { op: OpId(1) },
        &mut o,
    );
    assert_eq!(
        splitbrain_sim::testkit::replies(&o),
        vec![(OpId(1), ClientResponse::Ok { value: None })]
    );
    match &notes(&o)[..] {
        [Note::Committed { ts_us, .. }] => assert!(*ts_us > 1_100_000 + 20_000),
        other => panic!("{other:?}"),
    }
}

#[test]
fn without_commit_wait_a_transaction_is_answered_at_once() {
    let mut n = synced_truetime(false);
    let mut o = out();
    n.on_client_request(t(1_100_000), OpId(1), &put(), &mut o);
    assert_eq!(splitbrain_sim::testkit::replies(&o).len(), 1);
}

#[test]
fn a_transaction_before_the_first_round_is_refused() {
    let mut n = node(1, 3, &opts(Algorithm::Truetime));
    let mut o = out();
    n.on_client_request(t(0), OpId(1), &put(), &mut o);
    assert!(
        matches!(&splitbrain_sim::testkit::replies(&o)[..], [(_, ClientResponse::Fail { reason })] if reason.contains("not synchronised"))
    );
}

#[test]
fn other_algorithms_refuse_transactions_with_a_reason() {
    let mut n = node(1, 3, &opts(Algorithm::Cristian));
    let mut o = out();
    n.on_client_request(t(0), OpId(1), &put(), &mut o);
    assert!(
        matches!(&splitbrain_sim::testkit::replies(&o)[..], [(_, ClientResponse::Fail { reason })] if reason.contains("truetime"))
    );
    let mut o = out();
    n.on_client_request(t(0), OpId(2), &ClientOp::Get { key: "x".into() }, &mut o);
    assert!(
        matches!(&splitbrain_sim::testkit::replies(&o)[..], [(_, ClientResponse::Fail { reason })] if reason.contains("only put"))
    );
}

#[test]
fn a_restarted_berkeley_coordinator_reclaims_its_bound_grown_by_drift_not_zero() {
    let options = ClockSyncOptions {
        max_drift_ppm: 10_000,
        ..opts(Algorithm::Berkeley)
    };
    let persisted = splitbrain_clocksync::Persistent {
        slew_ppm: 0,
        coordinator_bound: Some((5_000, 1_000_000)),
    };
    let mut n: splitbrain_clocksync::ClockSync =
        splitbrain_sim::testkit::node(0, 3, &options, Some(&persisted));
    let mut o = out();
    n.on_start(t(2_000_000), &mut o);
    // 1 s later at 1 %: 5 ms + 10.1 ms (+ rounding).
    match &notes(&o)[..] {
        [Note::Reference { claim }] => assert_eq!(claim.bound_us, 5_000 + 10_102 + 1),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_cristian_server_claims_its_clock_true_and_answers_with_it() {
    let mut n = node(0, 3, &opts(Algorithm::Cristian));
    let mut o = out();
    n.on_start(t(0), &mut o);
    assert!(
        matches!(&notes(&o)[..], [Note::Reference { claim }] if claim.bound_us == 0 && claim.drift_ppm == 0)
    );
    let mut o = out();
    n.on_message(
        t(1_234),
        NodeId(2),
        Message::TimeRequest { round: 3 },
        &mut o,
    );
    assert_eq!(
        sent(&o),
        vec![(
            NodeId(2),
            Message::TimeReply {
                round: 3,
                server_us: 1_234
            }
        )]
    );
}
