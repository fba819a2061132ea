//! §5.4.2 Committing entries from previous terms: a leader counts replicas only for entries of its own term
//! (Figure 8); earlier entries are committed indirectly, through its no-op.

mod common;

use common::*;
use splitbrain_raft::{Message, Mutant, Note, PersistentState, RaftOptions};
use splitbrain_sim::{NodeId, Protocol};

fn success(term: u64, match_index: u64) -> Message {
    Message::AppendEntriesResponse {
        term,
        success: true,
        match_index,
        conflict_index: 0,
        conflict_term: None,
        seq: 1,
    }
}

/// A 3-node leader of term 3 whose log holds two term-1 entries and its own no-op at index 3.
fn leader_with_old_entries(options: &RaftOptions) -> splitbrain_raft::Raft {
    let p = PersistentState::new(2, None, vec![entry(1), entry(1)]);
    let mut raft = node(0, 3, options, Some(&p));
    let _ = make_leader(&mut raft);
    assert_eq!(raft.current_term(), 3);
    assert_eq!(raft.log().len(), 3);
    raft
}

#[test]
fn an_old_term_entry_on_a_majority_is_not_committed_by_counting() {
    let mut raft = leader_with_old_entries(&RaftOptions::default());
    let mut o = out();
    // Follower 1 now stores entries 1 and 2 (term 1): with the leader, a majority of 3.
    raft.on_message(T0, NodeId(1), success(3, 2), &mut o);
    assert_eq!(
        raft.commit_index(),
        0,
        "Figure 8: index 2 is from term 1, not the leader's term 3"
    );
    assert_eq!(raft.match_index().unwrap()[&NodeId(1)], 2);
    // Once the term-3 no-op reaches the majority, everything up to it commits at once.
    raft.on_message(T0, NodeId(1), success(3, 3), &mut o);
    assert_eq!(raft.commit_index(), 3);
    assert_eq!(raft.last_applied(), 3);
    assert!(notes_of(&o).contains(&Note::CommitAdvanced { commit_index: 3 }));
}

#[test]
fn the_figure8_mutant_commits_by_counting() {
    let options = RaftOptions {
        mutant: Some(Mutant::CommitPreviousTermByCount),
        ..RaftOptions::default()
    };
    let mut raft = leader_with_old_entries(&options);
    let mut o = out();
    raft.on_message(T0, NodeId(1), success(3, 2), &mut o);
    assert_eq!(
        raft.commit_index(),
        2,
        "the mutant breaks exactly this rule"
    );
}

#[test]
fn a_minority_never_commits() {
    let p = PersistentState::new(0, None, vec![]);
    let mut raft = node(0, 5, &RaftOptions::default(), Some(&p));
    let _ = make_leader(&mut raft);
    let mut o = out();
    raft.on_message(T0, NodeId(1), success(1, 1), &mut o);
    assert_eq!(raft.commit_index(), 0, "2 of 5");
    raft.on_message(T0, NodeId(3), success(1, 1), &mut o);
    assert_eq!(raft.commit_index(), 1, "3 of 5");
}

#[test]
fn followers_learn_the_commit_index_from_the_leader() {
    let run = Run::new(&scenario(3, 2, RaftOptions::default())).until_ms(2_000);
    for i in 0..3 {
        assert_eq!(run.node(i).commit_index(), 1);
    }
}
