//! §5.1 / Figure 2 persistence and §5.6 timing: current_term, voted_for and the log survive a crash, nothing
//! else does; a restarted node catches up; the forget-voted-for mutant votes twice.

mod common;

use common::*;
use splitbrain_raft::{Message, Mutant, Note, RaftOptions, Role};
use splitbrain_sim::{Action, Effect, NodeId, Protocol};

#[test]
fn a_vote_is_persisted_before_it_is_sent() {
    let mut raft = node(0, 3, &RaftOptions::default(), None);
    let mut o = out();
    let rv = Message::RequestVote {
        term: 4,
        candidate_id: NodeId(2),
        last_log_index: 0,
        last_log_term: 0,
    };
    raft.on_message(T0, NodeId(2), rv, &mut o);
    let persist_at = o
        .effects()
        .iter()
        .rposition(|e| matches!(e, Effect::Persist { .. }))
        .unwrap();
    let send_at = o
        .effects()
        .iter()
        .position(|e| matches!(e, Effect::Send { .. }))
        .unwrap();
    assert!(persist_at < send_at, "persist must precede the reply");
    let p = persisted(&o).unwrap();
    assert_eq!((p.current_term(), p.voted_for()), (4, Some(NodeId(2))));
}

#[test]
fn restart_restores_term_vote_and_log_but_not_volatile_state() {
    let mut sc = scenario(3, 5, RaftOptions::default());
    at(&mut sc, 10, Action::Timeout { node: NodeId(0) });
    at(&mut sc, 500, put(0, "x", "1"));
    at(&mut sc, 1_000, Action::Crash { node: NodeId(1) });
    at(&mut sc, 1_100, Action::Restart { node: NodeId(1) });
    let mut run = Run::new(&sc).until_ms(1_100);
    let r = run.node(1);
    assert_eq!(r.current_term(), 1);
    assert_eq!(r.voted_for(), Some(NodeId(0)));
    assert_eq!(r.log().len(), 2);
    assert_eq!(r.commit_index(), 0, "volatile");
    assert!(
        r.kv().is_empty(),
        "rebuilt by re-applying committed entries"
    );
    assert!(run.notes().any(|(e, n)| e.node == Some(NodeId(1))
        && *n
            == Note::Restored {
                term: 1,
                voted_for: Some(NodeId(0)),
                last_log_index: 2
            }));
    run.run_to_ms(2_000);
    assert_eq!(run.node(1).commit_index(), 2);
    assert_eq!(run.node(1).kv()["x"], "1");
    run.assert_safe();
}

#[test]
fn the_whole_cluster_crashes_and_committed_data_survives() {
    let mut sc = scenario(5, 6, RaftOptions::default());
    at(&mut sc, 1_000, put(0, "x", "1"));
    at(&mut sc, 1_100, put(1, "y", "2"));
    for n in 0..5 {
        at(&mut sc, 3_000, Action::Crash { node: NodeId(n) });
        at(
            &mut sc,
            3_500 + n as u64 * 37,
            Action::Restart { node: NodeId(n) },
        );
    }
    at(&mut sc, 6_000, get(2, "y"));
    let run = Run::new(&sc).until_ms(8_000);
    run.assert_safe();
    let leader = run.leader();
    assert_eq!(run.node(leader.0).kv()["x"], "1");
    assert_eq!(run.node(leader.0).kv()["y"], "2");
    assert!(run.node(leader.0).current_term() >= 2);
}

#[test]
fn forget_voted_for_mutant_drops_the_vote_on_restart() {
    let options = RaftOptions {
        mutant: Some(Mutant::ForgetVotedForOnRestart),
        ..RaftOptions::default()
    };
    let mut raft = node(0, 3, &RaftOptions::default(), None);
    let mut o = out();
    raft.on_message(
        T0,
        NodeId(1),
        Message::RequestVote {
            term: 1,
            candidate_id: NodeId(1),
            last_log_index: 0,
            last_log_term: 0,
        },
        &mut o,
    );
    let p = persisted(&o).unwrap();
    let restarted = node(0, 3, &options, Some(&p));
    assert_eq!(restarted.current_term(), 1);
    assert_eq!(restarted.voted_for(), None, "the mutant forgets");
    let correct = node(0, 3, &RaftOptions::default(), Some(&p));
    assert_eq!(correct.voted_for(), Some(NodeId(1)));
    assert_eq!(correct.role(), Role::Follower);
}

#[test]
fn timing_broadcast_time_much_less_than_election_timeout_gives_a_stable_leader() {
    // §5.6: broadcastTime ≪ electionTimeout ≪ MTBF. With 10–30 ms latency and 300–600 ms timeouts the first
    // leader keeps its job for a long fault-free run.
    let run = Run::new(&scenario(5, 8, RaftOptions::default())).until_ms(30_000);
    let elections = run
        .notes()
        .filter(|(_, n)| matches!(n, Note::BecameLeader { .. }))
        .count();
    assert_eq!(elections, 1);
}
