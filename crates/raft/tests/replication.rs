//! §5.3 Log replication: the AppendEntries consistency check, deleting a conflicting suffix, back-off with the
//! conflict-term hint, redirects, and convergence under loss, duplication and reordering.

mod common;

use common::*;
use splitbrain_raft::{Entry, Message, Note, PersistentState, RaftOptions, Role};
use splitbrain_sim::{Action, ClientResponse, Effect, NetworkConfig, NodeId, OpId, Protocol};

fn append(
    term: u64,
    prev_log_index: u64,
    prev_log_term: u64,
    entries: Vec<Entry>,
    leader_commit: u64,
) -> Message {
    Message::AppendEntries {
        term,
        leader_id: NodeId(1),
        prev_log_index,
        prev_log_term,
        entries,
        leader_commit,
        seq: 1,
    }
}

fn response(o: &splitbrain_sim::Out<splitbrain_raft::Raft>) -> Message {
    sent(o).pop().map(|(_, m)| m).expect("a response")
}

#[test]
fn consistency_check_rejects_a_missing_or_mismatched_prev_entry() {
    let p = PersistentState::new(3, None, vec![entry(1), entry(1), entry(2), entry(2)]);
    let mut raft = node(0, 3, &RaftOptions::default(), Some(&p));
    let mut o = out();
    raft.on_message(T0, NodeId(1), append(3, 6, 3, vec![], 0), &mut o);
    assert!(matches!(
        response(&o),
        Message::AppendEntriesResponse {
            success: false,
            conflict_index: 5,
            conflict_term: None,
            ..
        }
    ));
    let mut o = out();
    raft.on_message(T0, NodeId(1), append(3, 4, 3, vec![], 0), &mut o);
    // The follower has term 2 at index 4; term 2 starts at index 3: the leader can skip the whole term.
    assert!(matches!(
        response(&o),
        Message::AppendEntriesResponse {
            success: false,
            conflict_index: 3,
            conflict_term: Some(2),
            ..
        }
    ));
    assert_eq!(raft.log().len(), 4, "a rejected request changes nothing");
}

#[test]
fn a_conflicting_suffix_is_deleted_and_replaced() {
    let p = PersistentState::new(2, None, vec![entry(1), entry(2), entry(2)]);
    let mut raft = node(0, 3, &RaftOptions::default(), Some(&p));
    let mut o = out();
    raft.on_message(T0, NodeId(1), append(3, 1, 1, vec![entry(3)], 2), &mut o);
    let terms: Vec<u64> = raft.log().iter().map(|e| e.term).collect();
    assert_eq!(terms, vec![1, 3]);
    assert!(notes_of(&o).contains(&Note::Truncated { from_index: 2 }));
    assert_eq!(raft.commit_index(), 2);
    assert!(matches!(
        response(&o),
        Message::AppendEntriesResponse {
            success: true,
            match_index: 2,
            ..
        }
    ));
    assert_eq!(persisted(&o).unwrap().log().len(), 2);
}

#[test]
fn a_stale_duplicate_never_truncates_newer_entries() {
    let mut raft = node(0, 3, &RaftOptions::default(), None);
    let mut o = out();
    raft.on_message(
        T0,
        NodeId(1),
        append(1, 0, 0, vec![entry(1), entry(1), entry(1)], 0),
        &mut o,
    );
    // An older, shorter copy of the same request arrives late.
    raft.on_message(T0, NodeId(1), append(1, 0, 0, vec![entry(1)], 0), &mut o);
    assert_eq!(raft.log().len(), 3);
    // Commit is capped at the last entry this request vouched for.
    raft.on_message(T0, NodeId(1), append(1, 0, 0, vec![entry(1)], 3), &mut o);
    assert_eq!(raft.commit_index(), 1);
}

#[test]
fn a_leader_backs_off_next_index_and_repairs_a_follower() {
    let p = PersistentState::new(3, None, vec![entry(1), entry(1), entry(2), entry(3)]);
    let mut raft = node(0, 3, &RaftOptions::default(), Some(&p));
    let _ = make_leader(&mut raft);
    assert_eq!(
        raft.next_index().unwrap()[&NodeId(1)],
        6,
        "optimistic: past the no-op just sent"
    );
    let mut o = out();
    raft.on_message(
        T0,
        NodeId(1),
        Message::AppendEntriesResponse {
            term: raft.current_term(),
            success: false,
            match_index: 0,
            conflict_index: 2,
            conflict_term: Some(1),
            seq: 1,
        },
        &mut o,
    );
    // The leader's last term-1 entry is index 2, so it retries right after it.
    let (to, msg) = sent(&o).pop().unwrap();
    assert_eq!(to, NodeId(1));
    assert!(
        matches!(
            msg,
            Message::AppendEntries {
                prev_log_index: 2,
                prev_log_term: 1,
                ..
            }
        ),
        "{msg:?}"
    );
}

#[test]
fn followers_redirect_clients_to_the_leader() {
    let mut raft = node(0, 3, &RaftOptions::default(), None);
    let mut o = out();
    raft.on_message(T0, NodeId(1), append(1, 0, 0, vec![], 0), &mut o);
    let mut o = out();
    raft.on_client_request(
        T0,
        OpId(9),
        &splitbrain_sim::ClientOp::Get { key: "x".into() },
        &mut o,
    );
    let reply = o.effects().iter().find_map(|e| match e {
        Effect::Reply { op, response } => Some((*op, response.clone())),
        _ => None,
    });
    assert_eq!(
        reply,
        Some((
            OpId(9),
            ClientResponse::Redirect {
                leader: Some(NodeId(1))
            }
        ))
    );
}

#[test]
fn writes_are_replicated_committed_and_applied_everywhere() {
    let mut sc = scenario(5, 11, RaftOptions::default());
    for i in 0..20 {
        at(
            &mut sc,
            1_000 + i * 50,
            put(i as u32 % 5, &format!("k{}", i % 4), &format!("v{i}")),
        );
    }
    at(&mut sc, 3_000, get(2, "k3"));
    let run = Run::new(&sc).until_ms(6_000);
    run.assert_safe();
    let leader = run.node(run.leader().0);
    assert_eq!(leader.log().len(), 1 + 20 + 1, "no-op, 20 puts, 1 read");
    for i in 0..5 {
        let r = run.node(i);
        assert_eq!(r.commit_index(), 22);
        assert_eq!(r.last_applied(), 22);
        assert_eq!(r.kv(), leader.kv());
    }
    assert_eq!(leader.kv()["k3"], "v19");
    assert!(run
        .client_results()
        .iter()
        .all(|(_, o)| matches!(o, splitbrain_sim::ClientOutcome::Ok { .. })));
    assert!(splitbrain_check::linearizability::check(&run.events).is_empty());
}

#[test]
fn a_lagging_follower_catches_up_one_entry_at_a_time() {
    let options = RaftOptions {
        max_entries_per_append: 1,
        ..RaftOptions::default()
    };
    let mut sc = scenario(3, 4, options);
    at(&mut sc, 10, Action::Timeout { node: NodeId(0) });
    at(
        &mut sc,
        500,
        Action::Partition {
            groups: vec![vec![NodeId(0), NodeId(1)], vec![NodeId(2)]],
        },
    );
    for i in 0..15 {
        at(&mut sc, 600 + i * 20, put(0, "x", &format!("{i}")));
    }
    at(&mut sc, 2_000, Action::Heal);
    let run = Run::new(&sc).until_ms(5_000);
    run.assert_safe();
    assert_eq!(run.node(2).log(), run.node(0).log());
    // The isolated node timed out and bumped its term, so a new election (and no-op) may follow the heal.
    assert!(run.node(2).commit_index() >= 16);
    assert_eq!(run.node(2).commit_index(), run.node(0).commit_index());
    assert_eq!(run.leaders().len(), 1);
    assert!(
        (0..3)
            .filter(|i| run.node(*i).role() == Role::Follower)
            .count()
            == 2
    );
}

#[test]
fn lossy_duplicating_reordering_network_still_converges() {
    for seed in 0..10 {
        let mut sc = scenario(5, seed, RaftOptions::default());
        sc.network = NetworkConfig {
            loss: 0.1,
            duplicate: 0.1,
            latency_min_us: 1_000,
            latency_max_us: 60_000,
            ..NetworkConfig::default()
        };
        for i in 0..10 {
            at(
                &mut sc,
                1_500 + i * 100,
                put(i as u32 % 5, "x", &format!("{i}")),
            );
        }
        let reliable = NetworkConfig {
            loss: 0.0,
            duplicate: 0.0,
            ..sc.network.clone()
        };
        at(&mut sc, 5_000, Action::SetNetwork { network: reliable });
        let run = Run::new(&sc).until_ms(12_000);
        run.assert_safe();
        let leader = run.node(run.leader().0);
        for i in 0..5 {
            assert_eq!(run.node(i).kv(), leader.kv(), "seed {seed}");
            assert_eq!(
                run.node(i).commit_index(),
                leader.commit_index(),
                "seed {seed}"
            );
        }
    }
}
