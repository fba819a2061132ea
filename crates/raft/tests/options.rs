//! The options: validation, serde shape, pre-vote, check-quorum, and the four read modes.

mod common;

use common::*;
use splitbrain_raft::{Message, Mutant, Note, Raft, RaftOptions, ReadMode, Role};
use splitbrain_sim::{Action, ClientOutcome, NodeClock, NodeId, Protocol, Scenario};

fn invalid(options: RaftOptions, nodes: u32) -> String {
    Raft::validate_options(&options, nodes).unwrap_err().0
}

#[test]
fn validation_names_the_offending_field() {
    let d = RaftOptions::default();
    assert!(Raft::validate_options(&d, 5).is_ok());
    assert!(Raft::validate_options(&d, 1).is_ok());
    assert!(Raft::validate_options(&d, 25).is_ok());
    assert_eq!(invalid(d.clone(), 26), "nodes");
    assert_eq!(invalid(d.clone(), 0), "nodes");
    let bad = RaftOptions {
        election_timeout_min_us: 700_000,
        ..d.clone()
    };
    assert_eq!(invalid(bad, 5), "election_timeout_min_us");
    let bad = RaftOptions {
        heartbeat_us: 300_000,
        ..d.clone()
    };
    assert_eq!(invalid(bad, 5), "heartbeat_us");
    let bad = RaftOptions {
        election_timeout_max_us: 120_000_000,
        ..d.clone()
    };
    assert_eq!(invalid(bad, 5), "election_timeout_max_us");
    let bad = RaftOptions {
        heartbeat_us: 10,
        ..d.clone()
    };
    assert_eq!(invalid(bad, 5), "heartbeat_us");
    let bad = RaftOptions {
        max_entries_per_append: 0,
        ..d
    };
    assert_eq!(invalid(bad, 5), "max_entries_per_append");
}

#[test]
fn options_json_is_snake_case_defaulted_and_strict() {
    let o: RaftOptions = serde_json::from_str(
        r#"{"read_mode": "read_index", "mutant": "commit_previous_term_by_count"}"#,
    )
    .unwrap();
    assert_eq!(o.read_mode, ReadMode::ReadIndex);
    assert_eq!(o.mutant, Some(Mutant::CommitPreviousTermByCount));
    assert_eq!(o.election_timeout_min_us, 300_000);
    assert!(serde_json::from_str::<RaftOptions>(r#"{"pre_vote": true, "prevote": true}"#).is_err());
    let mut sc = Scenario::new::<Raft>(3, 0);
    sc.cluster.options = serde_json::json!({"heartbeat_us": 500000});
    let err = sc.validate_for::<Raft>().unwrap_err().to_string();
    assert!(err.contains("cluster.options.heartbeat_us"), "{err}");
    for m in Mutant::ALL {
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Mutant>(&json).unwrap(), m);
    }
    // Notes use the paper's field names, `for` included.
    let note = serde_json::to_value(Note::Voted {
        term: 2,
        r#for: NodeId(1),
    })
    .unwrap();
    assert_eq!(
        note,
        serde_json::json!({"type": "voted", "term": 2, "for": 1})
    );
}

/// n1 leads, then is cut off alone for `isolated_ms`, then the network heals.
fn isolate_a_follower(options: RaftOptions) -> Run {
    let mut sc = scenario(5, 21, options);
    at(&mut sc, 10, Action::Timeout { node: NodeId(0) });
    at(
        &mut sc,
        500,
        Action::Partition {
            groups: vec![vec![NodeId(4)], (0..4).map(NodeId).collect()],
        },
    );
    at(&mut sc, 4_000, Action::Heal);
    Run::new(&sc).until_ms(6_000)
}

#[test]
fn without_pre_vote_a_returning_node_disrupts_the_leader() {
    let run = isolate_a_follower(RaftOptions::default());
    run.assert_safe();
    assert!(
        run.node(4).current_term() > 2,
        "the isolated node kept bumping its term"
    );
    let elections = run
        .notes()
        .filter(|(_, n)| matches!(n, Note::BecameLeader { .. }))
        .count();
    assert!(elections >= 2, "its return forced a new election");
}

#[test]
fn with_pre_vote_a_returning_node_does_not() {
    let run = isolate_a_follower(RaftOptions {
        pre_vote: true,
        ..RaftOptions::default()
    });
    run.assert_safe();
    assert_eq!(
        run.node(4).current_term(),
        1,
        "pre-votes failed, so the term never moved"
    );
    assert!(run
        .notes()
        .any(|(_, n)| matches!(n, Note::BecamePreCandidate { .. })));
    let elections = run
        .notes()
        .filter(|(_, n)| matches!(n, Note::BecameLeader { .. }))
        .count();
    assert_eq!(elections, 1);
    assert_eq!(run.leader(), NodeId(0));
}

#[test]
fn check_quorum_makes_a_cut_off_leader_step_down() {
    let mut sc = scenario(
        5,
        22,
        RaftOptions {
            check_quorum: true,
            ..RaftOptions::default()
        },
    );
    at(&mut sc, 10, Action::Timeout { node: NodeId(0) });
    at(
        &mut sc,
        500,
        Action::Partition {
            groups: vec![
                vec![NodeId(0), NodeId(1)],
                vec![NodeId(2), NodeId(3), NodeId(4)],
            ],
        },
    );
    let run = Run::new(&sc).until_ms(2_000);
    run.assert_safe();
    // It gave up leadership (and, cut off, now times out and campaigns in vain).
    assert_ne!(run.node(0).role(), Role::Leader);
    assert!(run
        .notes()
        .any(|(e, n)| e.node == Some(NodeId(0)) && matches!(n, Note::LostQuorum { term: 1 })));
    // Without it the old leader would still believe it leads.
    let mut sc = scenario(5, 22, RaftOptions::default());
    at(&mut sc, 10, Action::Timeout { node: NodeId(0) });
    at(
        &mut sc,
        500,
        Action::Partition {
            groups: vec![
                vec![NodeId(0), NodeId(1)],
                vec![NodeId(2), NodeId(3), NodeId(4)],
            ],
        },
    );
    let run = Run::new(&sc).until_ms(2_000);
    assert_eq!(run.node(0).role(), Role::Leader);
}

/// A put then a get at the leader (n1) under `mode`; returns the run.
fn read_after_write(mode: ReadMode) -> Run {
    let mut sc = scenario(
        3,
        23,
        RaftOptions {
            read_mode: mode,
            ..RaftOptions::default()
        },
    );
    // Under leases a node refuses votes for one minimum election timeout after booting (it cannot know
    // whether some leader's lease is running), so the forced election waits until 350 ms.
    at(&mut sc, 350, Action::Timeout { node: NodeId(0) });
    at(&mut sc, 800, put(0, "x", "1"));
    at(&mut sc, 1_300, get(0, "x"));
    Run::new(&sc).until_ms(2_500)
}

fn served(run: &Run) -> Vec<(ReadMode, Option<String>)> {
    run.notes()
        .filter_map(|(_, n)| match n {
            Note::ReadServed { value, mode, .. } => Some((*mode, value.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn each_read_mode_serves_the_written_value_its_own_way() {
    for mode in [
        ReadMode::Log,
        ReadMode::ReadIndex,
        ReadMode::Lease,
        ReadMode::UnsafeLocal,
    ] {
        let run = read_after_write(mode);
        run.assert_safe();
        assert_eq!(
            served(&run),
            vec![(mode, Some("1".to_string()))],
            "{mode:?}"
        );
        let results = run.client_results();
        assert_eq!(
            results[1].1,
            ClientOutcome::Ok {
                value: Some("1".into())
            },
            "{mode:?}"
        );
        // Only the log mode puts the read in the log.
        let entries = run.node(0).log().len();
        assert_eq!(
            entries,
            if mode == ReadMode::Log { 3 } else { 2 },
            "{mode:?}"
        );
    }
}

#[test]
fn read_index_waits_for_a_heartbeat_round_lease_does_not() {
    let reply_delay = |mode| {
        let run = read_after_write(mode);
        let invoke = run.events.iter().find(|e| matches!(&e.kind, splitbrain_sim::EventKind::ClientInvoke { op, .. } if op.0 == 1)).unwrap().time;
        let ret = run.events.iter().find(|e| matches!(&e.kind, splitbrain_sim::EventKind::ClientReturn { op, .. } if op.0 == 1)).unwrap().time;
        ret.0 - invoke.0
    };
    assert!(
        reply_delay(ReadMode::ReadIndex) >= 20_000,
        "one round trip at least"
    );
    assert_eq!(
        reply_delay(ReadMode::Lease),
        0,
        "served locally within the lease"
    );
    assert_eq!(reply_delay(ReadMode::UnsafeLocal), 0);
}

#[test]
fn the_lease_is_measured_on_the_leaders_own_clock() {
    let mut raft = node(
        0,
        3,
        &RaftOptions {
            read_mode: ReadMode::Lease,
            ..RaftOptions::default()
        },
        None,
    );
    let _ = make_leader(&mut raft);
    assert_eq!(raft.lease_expires(), None, "no round confirmed yet");
    let mut o = out();
    let term = raft.current_term();
    raft.on_message(
        T0,
        NodeId(1),
        Message::AppendEntriesResponse {
            term,
            success: true,
            match_index: 1,
            conflict_index: 0,
            conflict_term: None,
            seq: 1,
        },
        &mut o,
    );
    // Round 1 started at local time 0; the lease runs one minimum election timeout from then.
    assert_eq!(
        raft.lease_expires(),
        Some(splitbrain_sim::LocalTime(300_000))
    );
}

#[test]
fn a_fast_clock_breaks_nothing_in_the_log_even_with_leases() {
    let mut sc = scenario(
        3,
        24,
        RaftOptions {
            read_mode: ReadMode::Lease,
            ..RaftOptions::default()
        },
    );
    sc.clocks.push(NodeClock {
        node: NodeId(1),
        offset_us: 0,
        drift_ppm: 300_000,
    });
    at(&mut sc, 10, Action::Timeout { node: NodeId(0) });
    at(&mut sc, 500, put(0, "x", "1"));
    let run = Run::new(&sc).until_ms(3_000);
    run.assert_safe();
}
