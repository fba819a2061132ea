//! Split-brain detection and Raft lanes from hand-built note sequences.

use splitbrain_sim::{EventId, NodeId, SimTime, Violation};
use splitbrain_view::raft::{split_brain, RaftLanes, RoleKind, RoleSignal, Signal};

fn sig(event: u64, ms: u64, node: u32, signal: RoleSignal) -> Signal {
    Signal {
        event: EventId(event),
        time: SimTime::from_millis(ms),
        node: NodeId(node),
        signal,
    }
}

use RoleSignal::*;

#[test]
fn a_partitioned_old_leader_makes_a_stale_two_leader_interval() {
    let s = vec![
        sig(1, 10, 0, Leader { term: 1 }),
        // n1 is cut off; n2 wins term 2 while n1 still believes it leads term 1.
        sig(5, 300, 1, Candidate { term: 2 }),
        sig(8, 320, 1, Leader { term: 2 }),
        sig(9, 330, 2, Follower { term: 2 }),
        // Healing: n1 hears term 2 and steps down.
        sig(20, 900, 0, Term { term: 2 }),
        sig(21, 900, 0, Follower { term: 2 }),
    ];
    let sb = split_brain(&s, &[]);
    assert_eq!(sb.len(), 1);
    assert_eq!(sb[0].interval.start, SimTime::from_millis(320));
    assert_eq!(sb[0].interval.end, Some(SimTime::from_millis(900)));
    assert_eq!(sb[0].start_event, EventId(8));
    assert_eq!(sb[0].leaders, vec![(NodeId(0), 1), (NodeId(1), 2)]);
    assert!(!sb[0].same_term);
    assert!(sb[0].violation.is_none());
    assert!(sb[0].describe().contains("stale"));
}

#[test]
fn two_leaders_in_one_term_are_linked_to_the_election_safety_violation() {
    let s = vec![
        sig(3, 100, 0, Leader { term: 4 }),
        sig(7, 110, 2, Leader { term: 4 }),
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
    let sb = split_brain(&s, &violations);
    assert_eq!(sb.len(), 1);
    assert!(sb[0].same_term);
    assert_eq!(sb[0].violation, Some(EventId(7)));
    assert_eq!(sb[0].interval.end, Some(SimTime::from_millis(500)));
    // Snake-case names are recognised too; violations outside the interval are not linked.
    let late = vec![Violation {
        invariant: "election_safety".into(),
        event: EventId(31),
        message: String::new(),
    }];
    assert_eq!(split_brain(&s, &late)[0].violation, None);
    let named = vec![Violation {
        invariant: "election_safety".into(),
        event: EventId(9),
        message: String::new(),
    }];
    assert_eq!(split_brain(&s, &named)[0].violation, Some(EventId(9)));
}

#[test]
fn one_leader_at_a_time_is_no_split_brain_and_an_open_interval_stays_open() {
    let s = vec![
        sig(1, 10, 0, Leader { term: 1 }),
        sig(2, 20, 0, Down),
        sig(3, 30, 1, Leader { term: 2 }),
        sig(4, 40, 1, LogLength(3)),
        sig(5, 50, 1, Commit(3)),
    ];
    assert!(split_brain(&s, &[]).is_empty());
    let mut s2 = s.clone();
    s2.push(sig(6, 60, 2, Leader { term: 3 }));
    let sb = split_brain(&s2, &[]);
    assert_eq!(sb.len(), 1);
    assert_eq!(sb[0].interval.end, None);
    // A leader that only learns of a higher term (before its role note) already counts as stepped down.
    let mut s3 = s2.clone();
    s3.push(sig(7, 70, 1, Term { term: 3 }));
    assert_eq!(
        split_brain(&s3, &[])[0].interval.end,
        Some(SimTime::from_millis(70))
    );
}

#[test]
fn raft_lanes_track_terms_roles_logs_and_the_commit_frontier() {
    let s = vec![
        sig(0, 0, 0, Follower { term: 0 }),
        sig(1, 0, 1, Follower { term: 0 }),
        sig(2, 100, 0, Candidate { term: 1 }),
        sig(3, 120, 1, Term { term: 1 }),
        sig(4, 130, 0, Leader { term: 1 }),
        sig(5, 200, 0, LogLength(1)),
        sig(6, 210, 1, LogLength(1)),
        sig(7, 220, 0, Commit(1)),
        sig(8, 230, 1, Commit(1)),
        sig(9, 300, 0, LogLength(3)),
        sig(10, 320, 0, Commit(3)),
        sig(11, 400, 0, Down),
    ];
    let l = RaftLanes::new(2, &s);
    let n1 = &l.nodes[0];
    let terms: Vec<(u64, u64, Option<u64>)> = n1
        .terms
        .iter()
        .map(|t| {
            (
                t.term,
                t.interval.start.0 / 1000,
                t.interval.end.map(|e| e.0 / 1000),
            )
        })
        .collect();
    assert_eq!(terms, vec![(0, 0, Some(100)), (1, 100, Some(400))]);
    let roles: Vec<(RoleKind, u64, u64)> = n1
        .roles
        .iter()
        .map(|r| {
            (
                r.role,
                r.interval.start.0 / 1000,
                r.interval.end.unwrap().0 / 1000,
            )
        })
        .collect();
    assert_eq!(
        roles,
        vec![
            (RoleKind::Follower, 0, 100),
            (RoleKind::Candidate, 100, 130),
            (RoleKind::Leader, 130, 400)
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
    // n2 follows into term 1 without a role note: its term band changes, the follower span continues.
    let n2 = &l.nodes[1];
    assert_eq!(n2.terms.len(), 2);
    assert_eq!(n2.terms[1].interval.end, None);
}
