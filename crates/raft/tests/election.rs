//! §5.2 Leader election: randomized timeouts, one vote per term, the up-to-date check of §5.4.1, stepping
//! down on a higher term.

mod common;

use common::*;
use splitbrain_raft::{Message, Note, PersistentState, RaftOptions, Role, Timer};
use splitbrain_sim::{Effect, NodeId, Protocol, SimDuration};

#[test]
fn a_five_node_cluster_elects_exactly_one_leader() {
    for seed in 0..20 {
        let run = Run::new(&scenario(5, seed, RaftOptions::default())).until_ms(3_000);
        run.assert_safe();
        let leader = run.leader();
        let term = run.node(leader.0).current_term();
        for i in 0..5 {
            assert_eq!(run.node(i).current_term(), term, "seed {seed}");
            assert_eq!(run.node(i).leader_id(), Some(leader), "seed {seed}");
        }
    }
}

#[test]
fn one_node_elects_itself_and_twenty_five_nodes_elect_one() {
    let run = Run::new(&scenario(1, 1, RaftOptions::default())).until_ms(1_000);
    assert_eq!(run.node(0).role(), Role::Leader);
    assert_eq!(
        run.node(0).commit_index(),
        1,
        "a lone leader commits its no-op at once"
    );
    let run = Run::new(&scenario(25, 1, RaftOptions::default())).until_ms(4_000);
    run.assert_safe();
    run.leader();
}

#[test]
fn election_timer_is_randomized_by_the_engine() {
    let options = RaftOptions::default();
    let mut raft = node(0, 3, &options, None);
    let mut o = out();
    raft.on_start(T0, &mut o);
    let timer = o.effects().iter().find_map(|e| match e {
        Effect::SetTimer { timer, min, max } => Some((*timer, *min, *max)),
        _ => None,
    });
    assert_eq!(
        timer,
        Some((Timer::Election, SimDuration(300_000), SimDuration(600_000)))
    );
}

#[test]
fn a_candidate_votes_for_itself_and_asks_everyone() {
    let mut raft = node(0, 5, &RaftOptions::default(), None);
    let mut o = out();
    raft.on_timer(T0, Timer::Election, &mut o);
    assert_eq!(raft.role(), Role::Candidate);
    assert_eq!(raft.current_term(), 1);
    assert_eq!(raft.voted_for(), Some(NodeId(0)));
    assert!(
        persisted(&o).is_some_and(|p| p.current_term() == 1 && p.voted_for() == Some(NodeId(0)))
    );
    let requests = sent(&o);
    assert_eq!(requests.len(), 4);
    assert!(requests
        .iter()
        .all(|(_, m)| matches!(m, Message::RequestVote { term: 1, .. })));
    assert!(notes_of(&o).contains(&Note::BecameCandidate { term: 1 }));
}

fn request_vote(term: u64, candidate: u32, last_log_index: u64, last_log_term: u64) -> Message {
    Message::RequestVote {
        term,
        candidate_id: NodeId(candidate),
        last_log_index,
        last_log_term,
    }
}

fn granted(o: &splitbrain_sim::Out<splitbrain_raft::Raft>) -> bool {
    sent(o).iter().any(|(_, m)| {
        matches!(
            m,
            Message::RequestVoteResponse {
                vote_granted: true,
                ..
            }
        )
    })
}

#[test]
fn at_most_one_vote_per_term() {
    let mut raft = node(0, 5, &RaftOptions::default(), None);
    let mut o = out();
    raft.on_message(T0, NodeId(1), request_vote(1, 1, 0, 0), &mut o);
    assert!(granted(&o));
    assert_eq!(raft.voted_for(), Some(NodeId(1)));
    let mut o = out();
    raft.on_message(T0, NodeId(2), request_vote(1, 2, 0, 0), &mut o);
    assert!(!granted(&o), "second candidate in the same term");
    let mut o = out();
    raft.on_message(T0, NodeId(1), request_vote(1, 1, 0, 0), &mut o);
    assert!(
        granted(&o),
        "a repeated request from the same candidate is granted again"
    );
}

#[test]
fn votes_only_for_an_up_to_date_log() {
    // Our log: terms [1, 1, 2]. Last term 2, last index 3.
    let p = PersistentState::new(2, None, vec![entry(1), entry(1), entry(2)]);
    for (lli, llt, expect) in [
        (3, 2, true),
        (5, 2, true),
        (1, 3, true),
        (2, 2, false),
        (9, 1, false),
    ] {
        let mut raft = node(0, 3, &RaftOptions::default(), Some(&p));
        let mut o = out();
        raft.on_message(T0, NodeId(1), request_vote(3, 1, lli, llt), &mut o);
        assert_eq!(granted(&o), expect, "candidate log ({lli}, term {llt})");
        assert_eq!(
            raft.current_term(),
            3,
            "the higher term is adopted even when the vote is refused"
        );
    }
}

#[test]
fn stale_terms_are_refused_and_higher_terms_depose() {
    let mut raft = node(0, 3, &RaftOptions::default(), None);
    let _ = make_leader(&mut raft);
    assert_eq!(raft.current_term(), 1);
    let mut o = out();
    raft.on_message(T0, NodeId(1), request_vote(0, 1, 0, 0), &mut o);
    assert!(!granted(&o));
    assert_eq!(raft.role(), Role::Leader);
    let mut o = out();
    raft.on_message(
        T0,
        NodeId(2),
        Message::AppendEntriesResponse {
            term: 7,
            success: false,
            match_index: 0,
            conflict_index: 0,
            conflict_term: None,
            seq: 0,
        },
        &mut o,
    );
    assert_eq!(raft.role(), Role::Follower);
    assert_eq!(raft.current_term(), 7);
    assert_eq!(raft.voted_for(), None);
    assert!(notes_of(&o).contains(&Note::BecameFollower { term: 7 }));
}

#[test]
fn a_candidate_wins_with_a_majority_and_asserts_leadership() {
    let mut raft = node(0, 5, &RaftOptions::default(), None);
    let o = make_leader(&mut raft);
    assert_eq!(raft.votes_received().len(), 0, "cleared once leader");
    let notes = notes_of(&o);
    assert!(notes.contains(&Note::BecameLeader { term: 1 }));
    assert!(
        notes.iter().any(|n| matches!(
            n,
            Note::Appended {
                index: 1,
                term: 1,
                ..
            }
        )),
        "the no-op"
    );
    let heartbeats = sent(&o)
        .into_iter()
        .filter(|(_, m)| matches!(m, Message::AppendEntries { .. }))
        .count();
    assert_eq!(heartbeats, 4);
    assert_eq!(raft.next_index().unwrap().len(), 4);
    assert_eq!(raft.leader_id(), Some(NodeId(0)));
}

#[test]
fn force_timeout_starts_an_election_now() {
    let mut sc = scenario(5, 3, RaftOptions::default());
    at(
        &mut sc,
        50,
        splitbrain_sim::Action::Timeout { node: NodeId(3) },
    );
    let run = Run::new(&sc).until_ms(250);
    assert_eq!(run.leader(), NodeId(3));
}

#[test]
fn a_deposed_leader_redirects_its_waiting_clients() {
    let mut raft = node(0, 3, &RaftOptions::default(), None);
    let _ = make_leader(&mut raft);
    let mut o = out();
    let put = splitbrain_sim::ClientOp::Put {
        context: None,
        key: "x".into(),
        value: "1".into(),
    };
    raft.on_client_request(T0, splitbrain_sim::OpId(4), &put, &mut o);
    assert_eq!(raft.pending_requests(), 1);
    let mut o = out();
    raft.on_message(
        T0,
        NodeId(2),
        Message::AppendEntries {
            term: 2,
            leader_id: NodeId(2),
            prev_log_index: 0,
            prev_log_term: 0,
            entries: vec![],
            leader_commit: 0,
            seq: 1,
        },
        &mut o,
    );
    assert_eq!(raft.role(), Role::Follower);
    let replies: Vec<_> = o
        .effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Reply { op, response } => Some((*op, response.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        replies,
        vec![(
            splitbrain_sim::OpId(4),
            splitbrain_sim::ClientResponse::Redirect {
                leader: Some(NodeId(2))
            }
        )]
    );
}
