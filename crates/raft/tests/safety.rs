//! §5.4 Safety: the checker's five properties, each fed a hand-made trace that breaks it, plus correct runs
//! that break none.

mod common;

use common::*;
use splitbrain_raft::check::INVARIANTS;
use splitbrain_raft::{Command, Note, Raft, RaftChecker, RaftOptions};
use splitbrain_sim::{Checker, Event, EventId, EventKind, NodeId, SimTime, Violation};

/// Feeds notes (node, note) to a fresh checker, one event each, and returns what it reported.
fn check(notes: Vec<(u32, Note)>) -> Vec<Violation> {
    let mut checker = RaftChecker::default();
    let mut violations = Vec::new();
    for (i, (node, note)) in notes.into_iter().enumerate() {
        let event: Event<Raft> = Event {
            id: EventId(i as u64),
            time: SimTime(i as u64),
            node: Some(NodeId(node)),
            local_time: None,
            lamport: 0,
            vclock: Default::default(),
            parent: None,
            kind: EventKind::Note { note },
        };
        checker.observe(&event, &mut violations);
    }
    violations
}

fn put(v: &str) -> Command {
    Command::Put {
        key: "x".into(),
        value: v.into(),
        op: splitbrain_sim::OpId(0),
    }
}

fn app(index: u64, term: u64, command: Command) -> Note {
    Note::Appended {
        index,
        term,
        command,
    }
}

#[test]
fn election_safety_two_leaders_in_one_term() {
    let v = check(vec![
        (1, Note::BecameLeader { term: 5 }),
        (3, Note::BecameLeader { term: 5 }),
    ]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].invariant, "Election Safety");
    assert_eq!(v[0].event, EventId(1));
    assert_eq!(v[0].message, "n2 and n4 are both leader of term 5");
}

#[test]
fn leader_append_only_a_leader_deletes_an_entry() {
    let v = check(vec![
        (0, Note::BecameLeader { term: 1 }),
        (0, app(1, 1, Command::Noop)),
        (0, app(2, 1, put("1"))),
        (0, Note::Truncated { from_index: 2 }),
    ]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].invariant, "Leader Append-Only");
    assert_eq!(v[0].event, EventId(3));
}

#[test]
fn log_matching_same_index_and_term_different_prefix() {
    let v = check(vec![
        (0, app(1, 1, put("a"))),
        (0, app(2, 2, put("b"))),
        (1, app(1, 1, put("other"))),
        (1, app(2, 2, put("b"))),
    ]);
    // Both (1, term 1) and (2, term 2) now name different logs: each pair is reported once.
    assert_eq!(v.len(), 2, "{v:#?}");
    assert!(v.iter().all(|v| v.invariant == "Log Matching"));
    assert_eq!(v[0].event, EventId(2));
    assert_eq!(v[1].event, EventId(3));
}

#[test]
fn leader_completeness_a_new_leader_lacks_a_committed_entry() {
    let v = check(vec![
        (0, Note::TermChanged { term: 1 }),
        (0, app(1, 1, put("a"))),
        (0, Note::CommitAdvanced { commit_index: 1 }),
        (1, Note::BecameLeader { term: 2 }),
    ]);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].invariant, "Leader Completeness");
    assert!(
        v[0].message
            .starts_with("n2 became leader of term 2 without entry 1"),
        "{}",
        v[0].message
    );
}

#[test]
fn state_machine_safety_two_entries_applied_at_one_index() {
    let v = check(vec![
        (0, app(1, 1, put("a"))),
        (0, Note::CommitAdvanced { commit_index: 1 }),
        (1, app(1, 2, put("b"))),
        (1, Note::CommitAdvanced { commit_index: 1 }),
    ]);
    assert!(
        v.iter()
            .any(|v| v.invariant == "State Machine Safety" && v.event == EventId(3)),
        "{v:#?}"
    );
}

#[test]
fn the_checker_names_exactly_the_five_properties() {
    assert_eq!(
        INVARIANTS,
        [
            "Election Safety",
            "Leader Append-Only",
            "Log Matching",
            "Leader Completeness",
            "State Machine Safety"
        ]
    );
}

#[test]
fn the_checker_rebuilds_each_log_from_notes_alone() {
    let mut sc = scenario(3, 9, RaftOptions::default());
    at(&mut sc, 1_000, put_action());
    let run = Run::new(&sc).until_ms(3_000);
    for i in 0..3 {
        let terms: Vec<u64> = run.node(i).log().iter().map(|e| e.term).collect();
        assert_eq!(run.sim.checker().rebuilt_log(NodeId(i)), terms);
    }
    assert_eq!(run.sim.checker().committed_len(), 2);
}

fn put_action() -> splitbrain_sim::Action {
    common::put(0, "x", "1")
}

#[test]
fn correct_runs_with_crashes_break_nothing() {
    for seed in 0..10 {
        let mut sc = scenario(5, seed, RaftOptions::default());
        for i in 0..10u64 {
            at(
                &mut sc,
                400 + i * 300,
                splitbrain_sim::Action::Crash {
                    node: NodeId((i % 5) as u32),
                },
            );
            at(
                &mut sc,
                550 + i * 300,
                splitbrain_sim::Action::Restart {
                    node: NodeId((i % 5) as u32),
                },
            );
            at(
                &mut sc,
                500 + i * 300,
                common::put((i as u32 + 1) % 5, "x", &format!("{i}")),
            );
        }
        Run::new(&sc).until_ms(6_000).assert_safe();
    }
}
