//! Split-brain detection and epoch lanes from hand-built signal sequences, worded by Raft's face (roles 0
//! follower, 1 pre-candidate, 2 candidate, 3 leader, the only exclusive one).

use splitbrain_raft::Raft;
use splitbrain_sim::{Describe, EventId, Face, NodeId, SimTime, Violation};
use splitbrain_view::epochs::{split_brain, Change, EpochLanes, Holder, Signal};

const RAFT: &Face = &<Raft as Describe>::FACE;
const FOLLOWER: u8 = 0;
const PRE_CANDIDATE: u8 = 1;
const CANDIDATE: u8 = 2;
const LEADER: u8 = 3;

fn sig(event: u64, ms: u64, node: u32, change: Change) -> Signal {
    Signal {
        event: EventId(event),
        time: SimTime::from_millis(ms),
        node: NodeId(node),
        change,
    }
}

fn role(role: u8, term: u64) -> Change {
    Change::Role {
        role,
        epoch: Some(term),
    }
}

fn leader(term: u64) -> Change {
    role(LEADER, term)
}

fn holder(node: u32, term: u64) -> Holder {
    Holder {
        node: NodeId(node),
        role: LEADER,
        epoch: term,
    }
}

use Change::{Commit, Down, Epoch, Log};

#[test]
fn the_faces_roles_are_the_ones_these_tests_name() {
    let names: Vec<&str> = RAFT.roles.iter().map(|r| r.name).collect();
    assert_eq!(names, ["follower", "pre-candidate", "candidate", "leader"]);
    assert_eq!(RAFT.base_role, FOLLOWER);
    assert!(RAFT.role(LEADER).exclusive && !RAFT.role(CANDIDATE).exclusive);
}

#[test]
fn a_partitioned_old_leader_makes_a_stale_two_leader_interval() {
    let s = vec![
        sig(1, 10, 0, leader(1)),
        // n1 is cut off; n2 wins term 2 while n1 still believes it leads term 1.
        sig(5, 300, 1, role(CANDIDATE, 2)),
        sig(8, 320, 1, leader(2)),
        sig(9, 330, 2, role(FOLLOWER, 2)),
        // Healing: n1 hears term 2 and steps down.
        sig(20, 900, 0, Epoch(2)),
        sig(21, 900, 0, role(FOLLOWER, 2)),
    ];
    let sb = split_brain(RAFT, &s, &[]);
    assert_eq!(sb.len(), 1);
    assert_eq!(sb[0].interval.start, SimTime::from_millis(320));
    assert_eq!(sb[0].interval.end, Some(SimTime::from_millis(900)));
    assert_eq!(sb[0].start_event, EventId(8));
    assert_eq!(sb[0].end_event, Some(EventId(20)));
    assert_eq!(sb[0].holders, vec![holder(0, 1), holder(1, 2)]);
    assert!(!sb[0].same_epoch);
    assert!(sb[0].violation.is_none());
    assert_eq!(
        sb[0].describe(RAFT),
        "Two leaders, different terms: n1 (term 1), n2 (term 2) — the old one is stale"
    );
    assert_eq!(
        sb[0].label(RAFT),
        "two leaders: n1 (term 1) + n2 (term 2) — old one is stale"
    );
}

#[test]
fn two_leaders_in_one_term_are_linked_to_the_election_safety_violation() {
    let s = vec![
        sig(3, 100, 0, leader(4)),
        sig(7, 110, 2, leader(4)),
        sig(30, 500, 2, Down),
    ];
    let violations = vec![
        Violation {
            invariant: "LogMatching".into(),
            event: EventId(7),
            message: String::new(),
        },
        Violation {
            invariant: "ElectionSafety".into(),
            event: EventId(7),
            message: "two leaders".into(),
        },
    ];
    let sb = split_brain(RAFT, &s, &violations);
    assert_eq!(sb.len(), 1);
    assert!(sb[0].same_epoch);
    assert_eq!(sb[0].same_epoch_event, Some(EventId(7)));
    // Of two violations at the same event, the one that speaks of leaders is linked.
    assert_eq!(sb[0].violation.as_ref(), Some(&violations[1]));
    assert_eq!(sb[0].interval.end, Some(SimTime::from_millis(500)));
    assert_eq!(
        sb[0].describe(RAFT),
        "SPLIT BRAIN, same term: n1 (term 4), n3 (term 4) — ElectionSafety violated"
    );
    assert_eq!(
        sb[0].label(RAFT),
        "SPLIT BRAIN, same term: n1 (term 4) + n3 (term 4)"
    );
    // Whatever the invariant is called; violations outside the interval are not linked.
    let late = vec![Violation {
        invariant: "election_safety".into(),
        event: EventId(31),
        message: String::new(),
    }];
    assert_eq!(split_brain(RAFT, &s, &late)[0].violation, None);
    let early = vec![Violation {
        invariant: "election_safety".into(),
        event: EventId(2),
        message: String::new(),
    }];
    assert_eq!(split_brain(RAFT, &s, &early)[0].violation, None);
    let named = vec![Violation {
        invariant: "election_safety".into(),
        event: EventId(9),
        message: String::new(),
    }];
    assert_eq!(
        split_brain(RAFT, &s, &named)[0]
            .violation
            .as_ref()
            .map(|v| v.event),
        Some(EventId(9))
    );
    // Unlinked, the sentence says what went wrong in the face's words.
    assert_eq!(
        split_brain(RAFT, &s, &[])[0].describe(RAFT),
        "SPLIT BRAIN, same term: n1 (term 4), n3 (term 4) — two leaders of one term"
    );
}

/// A stale split that later becomes a same-term one links only violations from that moment on.
#[test]
fn a_split_turning_unsafe_links_from_the_moment_it_did() {
    let s = vec![
        sig(1, 10, 0, leader(1)),
        sig(4, 40, 1, leader(2)),
        sig(9, 90, 2, leader(2)),
        sig(12, 120, 2, Down),
        sig(13, 130, 1, Down),
    ];
    let violations = vec![
        Violation {
            invariant: "Something Else".into(),
            event: EventId(5),
            message: String::new(),
        },
        Violation {
            invariant: "One Holder Per Epoch".into(),
            event: EventId(9),
            message: "n2 and n3 both hold term 2".into(),
        },
    ];
    let sb = split_brain(RAFT, &s, &violations);
    assert_eq!(sb.len(), 1, "{sb:?}");
    assert_eq!(sb[0].start_event, EventId(4));
    assert_eq!(sb[0].same_epoch_event, Some(EventId(9)));
    assert_eq!(sb[0].most_at_once, 3);
    assert_eq!(sb[0].violation.as_ref().map(|v| v.event), Some(EventId(9)));
    assert_eq!(sb[0].interval.end, Some(SimTime::from_millis(130)));
}

#[test]
fn one_leader_at_a_time_is_no_split_brain_and_an_open_interval_stays_open() {
    let s = vec![
        sig(1, 10, 0, leader(1)),
        sig(2, 20, 0, Down),
        sig(3, 30, 1, leader(2)),
        sig(4, 40, 1, Log(3)),
        sig(5, 50, 1, Commit(3)),
    ];
    assert!(split_brain(RAFT, &s, &[]).is_empty());
    let mut s2 = s.clone();
    s2.push(sig(6, 60, 2, leader(3)));
    let sb = split_brain(RAFT, &s2, &[]);
    assert_eq!(sb.len(), 1);
    assert_eq!(sb[0].interval.end, None);
    // A leader that only learns of a higher term (before its role note) already counts as stepped down.
    let mut s3 = s2.clone();
    s3.push(sig(7, 70, 1, Epoch(3)));
    assert_eq!(
        split_brain(RAFT, &s3, &[])[0].interval.end,
        Some(SimTime::from_millis(70))
    );
}

#[test]
fn epoch_lanes_track_terms_roles_logs_and_the_commit_frontier() {
    let s = vec![
        sig(0, 0, 0, role(FOLLOWER, 0)),
        sig(1, 0, 1, role(FOLLOWER, 0)),
        sig(2, 100, 0, role(CANDIDATE, 1)),
        sig(3, 120, 1, Epoch(1)),
        sig(4, 130, 0, leader(1)),
        sig(5, 200, 0, Log(1)),
        sig(6, 210, 1, Log(1)),
        sig(7, 220, 0, Commit(1)),
        sig(8, 230, 1, Commit(1)),
        sig(9, 300, 0, Log(3)),
        sig(10, 320, 0, Commit(3)),
        sig(11, 400, 0, Down),
    ];
    let l = EpochLanes::new(RAFT, 2, &s);
    let n1 = &l.nodes[0];
    let terms: Vec<(u64, u64, Option<u64>)> = n1
        .epochs
        .iter()
        .map(|t| {
            (
                t.epoch,
                t.interval.start.0 / 1000,
                t.interval.end.map(|e| e.0 / 1000),
            )
        })
        .collect();
    assert_eq!(terms, vec![(0, 0, Some(100)), (1, 100, Some(400))]);
    let roles: Vec<(&str, u64, u64)> = n1
        .roles
        .iter()
        .map(|r| {
            (
                RAFT.role(r.role).name,
                r.interval.start.0 / 1000,
                r.interval.end.unwrap().0 / 1000,
            )
        })
        .collect();
    assert_eq!(
        roles,
        vec![
            ("follower", 0, 100),
            ("candidate", 100, 130),
            ("leader", 130, 400)
        ]
    );
    assert_eq!(n1.log, vec![(SimTime(200_000), 1), (SimTime(300_000), 3)]);
    // Entry 1 is committed once (at n1's advance, not again at n2's); 2 and 3 together.
    let commits: Vec<(u64, u64)> = l
        .commits
        .iter()
        .map(|c| (c.index, c.time.0 / 1000))
        .collect();
    assert_eq!(commits, vec![(1, 220), (2, 320), (3, 320)]);
    // n2 follows into term 1 without a role note: its term band changes, it stays a follower (now of
    // term 1).
    let n2 = &l.nodes[1];
    assert_eq!(n2.epochs.len(), 2);
    assert_eq!(n2.epochs[1].interval.end, None);
    let n2_roles: Vec<(u8, u64, Option<u64>)> = n2
        .roles
        .iter()
        .map(|r| (r.role, r.epoch, r.interval.end.map(|e| e.0 / 1000)))
        .collect();
    assert_eq!(
        n2_roles,
        vec![(FOLLOWER, 0, Some(120)), (FOLLOWER, 1, None)]
    );
}

/// A pre-candidate campaigns without adopting the term it asks for: its role bar stays in its current term.
#[test]
fn a_pre_candidate_stays_in_its_term() {
    let s = vec![
        sig(0, 0, 0, role(FOLLOWER, 3)),
        sig(
            1,
            50,
            0,
            Change::Role {
                role: PRE_CANDIDATE,
                epoch: None,
            },
        ),
        sig(2, 80, 0, role(CANDIDATE, 4)),
    ];
    let l = EpochLanes::new(RAFT, 1, &s);
    let roles: Vec<(u8, u64)> = l.nodes[0].roles.iter().map(|r| (r.role, r.epoch)).collect();
    assert_eq!(
        roles,
        vec![(FOLLOWER, 3), (PRE_CANDIDATE, 3), (CANDIDATE, 4)]
    );
    let epochs: Vec<u64> = l.nodes[0].epochs.iter().map(|e| e.epoch).collect();
    assert_eq!(epochs, vec![3, 4]);
}
