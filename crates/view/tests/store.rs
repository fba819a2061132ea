//! The store views, from hand-built runs: version lanes and agreement, the replica table, the ring.

use splitbrain_sim::{
    Event, EventId, EventKind, LaneSignal, NodeId, Ring, RingKey, Shown, ShownNote, SimTime,
    Stored, StoredVersion, VectorClock,
};
use splitbrain_view::store::{
    hints_for, replica_table, Cell, Convergence, RingPicture, VersionLanes,
};

fn ev(id: u64, ms: u64, node: u32, kind: EventKind<Shown>) -> Event<Shown> {
    Event {
        id: EventId(id),
        time: SimTime::from_millis(ms),
        node: Some(NodeId(node)),
        local_time: None,
        lamport: id + 1,
        vclock: VectorClock::new(3),
        parent: None,
        kind,
    }
}

fn stored(key: &str, versions: &[(&str, &str)], hint_for: Option<u32>) -> EventKind<Shown> {
    EventKind::Note {
        note: ShownNote {
            label: "Stored".into(),
            text: None,
            major: false,
            signals: vec![LaneSignal::Versions {
                key: key.into(),
                versions: versions
                    .iter()
                    .map(|(v, c)| (v.to_string(), c.to_string()))
                    .collect(),
                hint_for: hint_for.map(NodeId),
            }],
        },
    }
}

#[test]
fn replicas_converge_when_every_replica_up_holds_the_same_versions() {
    let events = vec![
        ev(0, 10, 0, stored("x", &[("1", "[n1:1]")], None)),
        ev(1, 20, 1, stored("x", &[("1", "[n1:1]")], None)),
        ev(
            2,
            30,
            1,
            stored("x", &[("1", "[n1:1]"), ("2", "[n2:1]")], None),
        ),
        ev(
            3,
            50,
            0,
            stored("x", &[("1", "[n1:1]"), ("2", "[n2:1]")], None),
        ),
    ];
    let lanes = VersionLanes::new(3, &events);
    let x = &lanes.keys[0];
    assert_eq!(x.key, "x");
    assert_eq!(x.replicas(), vec![NodeId(0), NodeId(1)]);
    assert_eq!(x.most_siblings(), 2);
    // One copy, then agreement, then n2 ahead with siblings, then agreement again.
    let states: Vec<(bool, Vec<NodeId>)> = x
        .agreement
        .iter()
        .map(|a| (a.converged, a.differing.clone()))
        .collect();
    assert_eq!(
        states,
        vec![
            (false, vec![]),
            (true, vec![]),
            (false, vec![NodeId(1)]),
            (true, vec![])
        ]
    );
    assert_eq!(x.agreement[3].interval.start, SimTime::from_millis(50));
    // Equal sets share a colour, different sets do not.
    assert_eq!(x.rows[0][0].tone, x.rows[1][0].tone);
    assert_ne!(x.rows[1][0].tone, x.rows[1][1].tone);
    assert_eq!(x.rows[0][1].tone, x.rows[1][1].tone);
    assert_eq!(x.rows[1][0].interval.end, Some(SimTime::from_millis(30)));
}

#[test]
fn a_crash_ends_a_replicas_span_and_a_restart_resumes_its_durable_set() {
    let events = vec![
        ev(0, 10, 0, stored("x", &[("1", "[n1:1]")], None)),
        ev(1, 10, 1, stored("x", &[("1", "[n1:1]")], None)),
        ev(2, 40, 1, EventKind::Crash),
        ev(3, 60, 0, stored("x", &[("2", "[n1:2]")], None)),
        ev(4, 90, 1, EventKind::Restart),
    ];
    let lanes = VersionLanes::new(2, &events);
    let x = &lanes.keys[0];
    assert_eq!(x.rows[1].len(), 2);
    assert_eq!(x.rows[1][0].interval.end, Some(SimTime::from_millis(40)));
    assert_eq!(x.rows[1][1].interval.start, SimTime::from_millis(90));
    assert_eq!(x.rows[1][1].versions[0].0, "1");
    // While n2 is down, n1 alone is up: one copy, not converged; after the restart they differ.
    let last = x.agreement.last().unwrap();
    assert!(!last.converged);
    assert_eq!(last.differing, vec![NodeId(1)]);
}

#[test]
fn a_hinted_copy_is_drawn_apart_from_the_owners_lane_and_does_not_count_for_agreement() {
    let events = vec![
        ev(0, 10, 0, stored("x", &[("1", "[n1:1]")], None)),
        ev(1, 10, 1, stored("x", &[("1", "[n1:1]")], None)),
        ev(2, 10, 2, stored("x", &[("1", "[n1:1]")], Some(1))),
        ev(3, 80, 2, stored("x", &[], Some(1))),
    ];
    let lanes = VersionLanes::new(3, &events);
    let x = &lanes.keys[0];
    assert!(x.rows[2].is_empty());
    assert_eq!(x.hints[2].len(), 1);
    assert_eq!(x.hints[2][0].1, NodeId(1));
    assert_eq!(x.hints[2][0].0.interval.end, Some(SimTime::from_millis(80)));
    assert!(x.agreement.last().unwrap().converged);
}

#[test]
fn the_busiest_key_comes_first() {
    let events = vec![
        ev(0, 10, 0, stored("a", &[("1", "")], None)),
        ev(1, 20, 0, stored("b", &[("1", "")], None)),
        ev(2, 30, 0, stored("b", &[("2", "")], None)),
    ];
    let lanes = VersionLanes::new(1, &events);
    let order: Vec<&str> = lanes.keys.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(order, vec!["b", "a"]);
}

fn sv(value: &str, clock: &str) -> StoredVersion {
    StoredVersion {
        value: value.into(),
        clock: clock.into(),
    }
}

fn store(key: &str, versions: Vec<StoredVersion>, hint_for: Option<u32>) -> Stored {
    Stored {
        key: key.into(),
        versions,
        hint_for: hint_for.map(NodeId),
    }
}

fn ring() -> Ring {
    Ring {
        tokens: vec![
            (100, NodeId(0)),
            (1 << 30, NodeId(1)),
            (1 << 31, NodeId(2)),
            (3 << 30, NodeId(3)),
        ],
        keys: vec![RingKey {
            key: "x".into(),
            position: 50,
            preference: vec![NodeId(0), NodeId(1), NodeId(2)],
        }],
    }
}

#[test]
fn the_replica_table_names_the_replica_that_differs_and_the_stand_in() {
    let stores = vec![
        Some(vec![store("x", vec![sv("2", "[n1:2]")], None)]),
        Some(vec![store("x", vec![sv("2", "[n1:2]")], None)]),
        Some(vec![store("x", vec![sv("1", "[n1:1]")], None)]),
        Some(vec![store("x", vec![sv("2", "[n1:2]")], Some(2))]),
    ];
    let table = replica_table(&stores, Some(&ring()));
    assert_eq!(table.len(), 1);
    let x = &table[0];
    assert_eq!(
        x.convergence,
        Convergence::Diverged {
            differing: vec![NodeId(2)]
        }
    );
    assert_eq!(x.convergence_text(), "diverged: n3 differ");
    assert!(matches!(&x.cells[2], Cell::Holds { differs: true, values, .. } if values == "1"));
    assert!(matches!(&x.cells[0], Cell::Holds { differs: false, .. }));
    assert!(matches!(&x.cells[3], Cell::Hint { owner, .. } if *owner == NodeId(2)));
    assert_eq!(hints_for(&stores, "x"), vec![(NodeId(3), NodeId(2))]);
}

#[test]
fn a_down_replica_is_not_read_and_a_missing_one_keeps_the_key_diverged() {
    let stores = vec![
        Some(vec![store(
            "x",
            vec![sv("a", "[n1:1]"), sv("b", "[n2:1]")],
            None,
        )]),
        None,
        Some(vec![]),
        Some(vec![]),
    ];
    let x = &replica_table(&stores, Some(&ring()))[0];
    assert_eq!(x.cells[1], Cell::Down);
    assert_eq!(x.cells[2], Cell::Missing);
    assert_eq!(x.cells[3], Cell::NotReplica);
    assert!(matches!(&x.cells[0], Cell::Holds { siblings: 2, values, .. } if values == "a | b"));
    assert!(matches!(x.convergence, Convergence::Diverged { .. }));
    // Without a ring every node is a replica.
    let all = vec![
        Some(vec![store("k", vec![sv("3", "")], None)]),
        Some(vec![store("k", vec![sv("3", "")], None)]),
    ];
    assert_eq!(
        replica_table(&all, None)[0].convergence,
        Convergence::Converged
    );
}

#[test]
fn the_ring_numbers_the_preference_list_clockwise_from_the_key() {
    let pic = RingPicture::new(&ring(), Some("x"), &[(NodeId(3), NodeId(2))], 400.0);
    let ranks: Vec<(NodeId, usize)> = pic.tokens.iter().map(|t| (t.node, t.rank)).collect();
    assert_eq!(
        ranks,
        vec![
            (NodeId(0), 1),
            (NodeId(1), 2),
            (NodeId(2), 3),
            (NodeId(3), 0)
        ]
    );
    // Position 2^30 is a quarter turn: right of the centre, level with it.
    let t1 = &pic.tokens[1];
    assert!((t1.x - (200.0 + pic.r)).abs() < 0.01 && (t1.y - 200.0).abs() < 0.01);
    // The walk runs from the key half-way round (to n3 at 2^31): not the large arc.
    let walk = pic.walk.as_deref().unwrap();
    assert!(walk.contains(" 0 0 1 "), "{walk}");
    assert!(pic.keys[0].chosen);
    assert_eq!(pic.stand_ins, vec![(NodeId(3), NodeId(2))]);
    // No key chosen: no walk, no ranks.
    let plain = RingPicture::new(&ring(), None, &[], 400.0);
    assert!(plain.walk.is_none() && plain.tokens.iter().all(|t| t.rank == 0));
}

#[test]
fn crowded_token_labels_give_way_to_the_owners() {
    let mut r = ring();
    // A token of n4 right beside n1's: its label would sit on n1's.
    r.tokens.insert(1, (1 << 20, NodeId(3)));
    let pic = RingPicture::new(&r, Some("x"), &[], 400.0);
    let (n1, crowded) = (&pic.tokens[0], &pic.tokens[1]);
    assert_eq!(crowded.node, NodeId(3));
    assert!(n1.labelled && n1.rank == 1);
    assert!(!crowded.labelled);
}
