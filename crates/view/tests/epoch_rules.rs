//! The generic lane rules with a protocol of the tests' own: a primary-backup face whose only exclusive role
//! is "primary", whose epochs read "3.1", whose commit word is "applied". Nothing here is Raft: the rules
//! come from the face alone.

use splitbrain_sim::{
    ClientOp, ClientOutcome, Consistency, Event, EventId, EventKind, Face, LaneSignal, NodeId,
    OpId, RoleStyle, Shown, ShownNote, SimTime, VectorClock, Violation,
};
use splitbrain_view::epochs::{signals, split_brain, Change, EpochLanes, Signal};
use splitbrain_view::{svg, AxisMode, LabModel, LayoutOptions, Viewport};

const BACKUP: u8 = 0;
const RECOVERING: u8 = 1;
const PRIMARY: u8 = 2;

const ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "backup",
        letter: "B",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "recovering",
        letter: "R",
        tone: 3,
        exclusive: false,
    },
    RoleStyle {
        name: "primary",
        letter: "P",
        tone: 2,
        exclusive: true,
    },
];

/// Epoch 31 reads "3.1" (view 3, primary n1), to show that labels come from the face.
static PB: Face = Face {
    name: "primary-backup-test",
    epoch_word: "epoch",
    epoch_label: |e| format!("{}.{}", e / 10, e % 10),
    roles: ROLES,
    base_role: BACKUP,
    families: &[],
    commit_word: "applied",
    client_ops: &[],
    consistency: Consistency::Linearizable,
    nodes: (1, 9),
    option_fields: Vec::new,
};

/// The same protocol judged as an eventually consistent store.
static PB_EVENTUAL: Face = Face {
    consistency: Consistency::Eventual,
    ..PB
};

fn sig(event: u64, ms: u64, node: u32, change: Change) -> Signal {
    Signal {
        event: EventId(event),
        time: SimTime::from_millis(ms),
        node: NodeId(node),
        change,
    }
}

fn role(role: u8, epoch: u64) -> Change {
    Change::Role {
        role,
        epoch: Some(epoch),
    }
}

fn role_here(role: u8) -> Change {
    Change::Role { role, epoch: None }
}

#[test]
fn a_second_primary_opens_split_brain_and_an_epoch_change_demotes_the_first() {
    let s = vec![
        sig(1, 10, 0, role(PRIMARY, 10)),
        sig(2, 10, 1, role(BACKUP, 10)),
        sig(3, 10, 2, role(RECOVERING, 10)),
        // n2 takes over in epoch 2.0 while n1 still acts as primary of 1.0.
        sig(5, 200, 1, role(PRIMARY, 20)),
        // n1 hears of epoch 2.0: with no role note, it is a backup now; n3 keeps recovering, in 2.0.
        sig(8, 300, 0, Change::Epoch(20)),
        sig(9, 310, 2, Change::Epoch(20)),
    ];
    let sb = split_brain(&PB, &s, &[]);
    assert_eq!(sb.len(), 1, "{sb:?}");
    assert_eq!(sb[0].start_event, EventId(5));
    assert_eq!(sb[0].end_event, Some(EventId(8)));
    assert_eq!(sb[0].interval.end, Some(SimTime::from_millis(300)));
    assert!(!sb[0].same_epoch);
    assert_eq!(
        sb[0].describe(&PB),
        "Two primaries, different epochs: n1 (epoch 1.0), n2 (epoch 2.0) — the old one is stale"
    );

    let l = EpochLanes::new(&PB, 3, &s);
    let roles = |k: usize| -> Vec<(u8, u64)> {
        l.nodes[k].roles.iter().map(|r| (r.role, r.epoch)).collect()
    };
    assert_eq!(roles(0), vec![(PRIMARY, 10), (BACKUP, 20)]);
    assert_eq!(roles(2), vec![(RECOVERING, 10), (RECOVERING, 20)]);
    assert_eq!(
        l.nodes[0].roles[0].interval.end,
        Some(SimTime::from_millis(300))
    );
    let epochs: Vec<u64> = l.nodes[0].epochs.iter().map(|e| e.epoch).collect();
    assert_eq!(epochs, vec![10, 20]);
}

#[test]
fn a_role_without_an_epoch_is_held_in_the_current_one() {
    let s = vec![
        sig(1, 10, 0, role(BACKUP, 31)),
        sig(2, 10, 1, role(BACKUP, 31)),
        sig(3, 50, 0, role_here(PRIMARY)),
        sig(4, 60, 1, role_here(PRIMARY)),
        sig(7, 90, 1, Change::Down),
    ];
    let l = EpochLanes::new(&PB, 2, &s);
    let roles: Vec<(u8, u64)> = l.nodes[0].roles.iter().map(|r| (r.role, r.epoch)).collect();
    assert_eq!(roles, vec![(BACKUP, 31), (PRIMARY, 31)]);
    // No epoch of its own: the band goes on.
    assert_eq!(l.nodes[0].epochs.len(), 1);
    assert_eq!(l.nodes[0].epochs[0].interval.end, None);

    // Both primaries of 3.1 at once: the safety violation.
    let sb = split_brain(&PB, &s, &[]);
    assert_eq!(sb.len(), 1, "{sb:?}");
    assert!(sb[0].same_epoch);
    assert_eq!(sb[0].same_epoch_event, Some(EventId(4)));
    assert_eq!(sb[0].interval.end, Some(SimTime::from_millis(90)));
    assert_eq!(
        sb[0].describe(&PB),
        "SPLIT BRAIN, same epoch: n1 (epoch 3.1), n2 (epoch 3.1) — two primaries of one epoch"
    );
    assert_eq!(
        sb[0].label(&PB),
        "SPLIT BRAIN, same epoch: n1 (epoch 3.1) + n2 (epoch 3.1)"
    );
    // Linked to the checker's report in the interval, named as the checker names it.
    let v = Violation {
        invariant: "One Primary".into(),
        event: EventId(4),
        message: "n1 and n2 are both primary of 3.1".into(),
    };
    let linked = split_brain(&PB, &s, std::slice::from_ref(&v));
    assert_eq!(linked[0].violation.as_ref(), Some(&v));
    assert!(linked[0].describe(&PB).ends_with(" — One Primary violated"));
}

#[test]
fn after_a_crash_a_role_without_an_epoch_falls_back_on_the_last_one() {
    let s = vec![
        sig(1, 10, 0, role(BACKUP, 5)),
        sig(2, 20, 0, Change::Down),
        sig(3, 30, 0, role_here(RECOVERING)),
        sig(4, 40, 0, role(BACKUP, 6)),
    ];
    let l = EpochLanes::new(&PB, 1, &s);
    let roles: Vec<(u8, u64, u64)> = l.nodes[0]
        .roles
        .iter()
        .map(|r| (r.role, r.epoch, r.interval.start.0 / 1000))
        .collect();
    assert_eq!(
        roles,
        vec![(BACKUP, 5, 10), (RECOVERING, 5, 30), (BACKUP, 6, 40)]
    );
    let epochs: Vec<(u64, u64)> = l.nodes[0]
        .epochs
        .iter()
        .map(|e| (e.epoch, e.interval.start.0 / 1000))
        .collect();
    assert_eq!(epochs, vec![(5, 10), (6, 40)]);
}

#[test]
fn non_exclusive_roles_never_make_split_brain() {
    let s = vec![
        sig(1, 10, 0, role(RECOVERING, 1)),
        sig(2, 10, 1, role(RECOVERING, 1)),
        sig(3, 10, 2, role(BACKUP, 1)),
    ];
    assert!(split_brain(&PB, &s, &[]).is_empty());
}

// ---- A whole run, hand-built as the views see one: notes with lane signals, a crash, client operations.

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

fn note(label: &str, signals: Vec<LaneSignal>) -> EventKind<Shown> {
    EventKind::Note {
        note: ShownNote {
            label: label.into(),
            text: None,
            major: false,
            signals,
        },
    }
}

fn primary(epoch: u64) -> Vec<LaneSignal> {
    vec![LaneSignal::Role {
        role: PRIMARY,
        epoch: Some(epoch),
    }]
}

fn invoke(op: u64, request: ClientOp) -> EventKind<Shown> {
    EventKind::ClientInvoke {
        session: None,
        op: OpId(op),
        request,
    }
}

fn ret(op: u64, value: Option<&str>) -> EventKind<Shown> {
    EventKind::ClientReturn {
        op: OpId(op),
        outcome: ClientOutcome::Ok {
            value: value.map(String::from),
        },
    }
}

/// n1 is primary of 1.1 and applies a write; n2 becomes primary of 2.2 and takes a second write; n1, never
/// told, still answers a read with the first value; then n1 crashes.
fn run() -> Vec<Event<Shown>> {
    let put = |v: &str| ClientOp::Put {
        context: None,
        key: "x".into(),
        value: v.into(),
    };
    let get = ClientOp::Get { key: "x".into() };
    let kinds = vec![
        (
            0,
            0,
            note(
                "start",
                vec![LaneSignal::Role {
                    role: BACKUP,
                    epoch: Some(11),
                }],
            ),
        ),
        (
            0,
            1,
            note(
                "start",
                vec![LaneSignal::Role {
                    role: BACKUP,
                    epoch: Some(11),
                }],
            ),
        ),
        (
            0,
            2,
            note(
                "start",
                vec![LaneSignal::Role {
                    role: BACKUP,
                    epoch: Some(11),
                }],
            ),
        ),
        (10, 0, note("primary", primary(11))),
        (20, 0, invoke(0, put("1"))),
        (30, 0, note("log", vec![LaneSignal::Log { len: 1 }])),
        (40, 0, note("applied", vec![LaneSignal::Commit { upto: 1 }])),
        (50, 0, ret(0, None)),
        (100, 1, note("primary", primary(22))),
        (110, 1, invoke(1, put("2"))),
        (120, 1, note("log", vec![LaneSignal::Log { len: 2 }])),
        (
            130,
            1,
            note("applied", vec![LaneSignal::Commit { upto: 2 }]),
        ),
        (140, 1, ret(1, None)),
        (200, 0, invoke(2, get)),
        (210, 0, ret(2, Some("1"))),
        (300, 0, EventKind::Crash),
    ];
    kinds
        .into_iter()
        .enumerate()
        .map(|(i, (ms, node, kind))| ev(i as u64, ms, node, kind))
        .collect()
}

#[test]
fn signals_come_from_the_notes_and_crashes() {
    let events = run();
    let s = signals(&events);
    assert_eq!(s.len(), 10, "{s:?}");
    assert_eq!(s[3].change, role(PRIMARY, 11));
    assert_eq!(s[3].event, EventId(3));
    assert_eq!(s[3].node, NodeId(0));
    assert_eq!(s[5].change, Change::Commit(1));
    let last = s.last().unwrap();
    assert_eq!((last.event, last.change), (EventId(15), Change::Down));
}

#[test]
fn the_lab_model_words_everything_from_the_face() {
    let events = run();
    let m = LabModel::new(&PB, 3, &events, &[]);
    assert_eq!(m.split.len(), 1, "{:?}", m.split);
    let sb = &m.split[0];
    assert!(!sb.same_epoch);
    assert_eq!(sb.start_event, EventId(8));
    assert_eq!(sb.end_event, Some(EventId(15)), "the crash ends it");
    let commits: Vec<u64> = m.lanes.commits.iter().map(|c| c.index).collect();
    assert_eq!(commits, vec![1, 2]);
    // Linearizable: the read of an overwritten value is flagged.
    assert_eq!(m.stale.len(), 1, "{:?}", m.stale);
    assert_eq!(m.stale[0].op, OpId(2));

    let pos = m.base.positions(AxisMode::Real);
    let vp = Viewport::fit(pos.lo, pos.hi, 1200.0);
    let now = SimTime::from_millis(400);
    let scene = m.scene(&events, AxisMode::Real, vp, now, &LayoutOptions::default());
    assert!(scene.texts.iter().any(|t| t.class == "t-heading"
        && t.text == "Epoch, role (primary bold), log length and what is applied"));
    let split = scene
        .bands
        .iter()
        .find(|b| b.class == "split-stale")
        .unwrap();
    assert_eq!(
        split.text.as_deref(),
        Some("two primaries: n1 (epoch 1.1) + n2 (epoch 2.2) — old one is stale")
    );
    assert_eq!(split.seek, Some(EventId(8)));
    let primaries: Vec<_> = scene
        .bands
        .iter()
        .filter(|b| b.class == "role-tone-2 role-primary")
        .collect();
    assert_eq!(primaries.len(), 2);
    assert!(primaries.iter().all(|b| b.h == 16.0));
    assert!(primaries
        .iter()
        .any(|b| b.title == "n2 primary in epoch 2.2"));
    // The base role is not drawn.
    assert!(!scene.bands.iter().any(|b| b.class.contains("role-backup")));
    assert!(scene.bands.iter().any(|b| b.class == "epoch-odd"
        && b.text.as_deref() == Some("e1.1")
        && b.title == "n1 in epoch 1.1"));
    assert!(scene
        .bands
        .iter()
        .any(|b| b.class == "epoch-even" && b.text.as_deref() == Some("e2.2")));
    assert!(scene
        .bands
        .iter()
        .any(|b| b.class == "commit-tick"
            && b.title == "entry 2 applied (n2 advanced its commit point)"));
    let out = svg::render(&scene, &svg::Highlight::default(), "pb", true);
    assert!(out.contains(r#"data-testid="stale-read""#));
    assert!(out.contains(r#"data-testid="marker-m-stale""#));
    assert!(out.contains(r#"class="role-tone-2 role-primary""#));
    assert!(!out.to_lowercase().contains("raft"));
    assert!(!out.contains("term"), "no other protocol's words");
}

#[test]
fn an_eventually_consistent_face_marks_stale_reads_as_allowed() {
    let events = run();
    let m = LabModel::new(&PB_EVENTUAL, 3, &events, &[]);
    let lin = LabModel::new(&PB, 3, &events, &[]);
    assert_eq!(m.stale.len(), lin.stale.len());
    assert!(!m.stale.is_empty());
    assert!(
        m.stale
            .iter()
            .all(|s| s.text.ends_with("(eventual consistency allows it)")),
        "{:?}",
        m.stale
    );
    assert!(lin.stale.iter().all(|s| !s.text.contains("allows")));
    // The lanes and the split do not depend on the consistency model.
    assert_eq!(m.split, lin.split);
    assert_eq!(m.lanes, lin.lanes);
    let pos = m.base.positions(AxisMode::Real);
    let vp = Viewport::fit(pos.lo, pos.hi, 1200.0);
    let scene = m.scene(
        &events,
        AxisMode::Real,
        vp,
        SimTime::from_millis(400),
        &LayoutOptions::default(),
    );
    let out = svg::render(&scene, &svg::Highlight::default(), "pb", true);
    assert!(out.contains(r#"data-testid="stale-read""#));
    assert!(out.contains(r#"data-testid="split-brain""#));
}

#[test]
fn violations_are_marked_and_the_same_epoch_one_is_linked() {
    // Two primaries of one epoch, and the checker saying so.
    let mut events = run();
    events[8].kind = note("primary", primary(11));
    let v = Violation {
        invariant: "One Primary".into(),
        event: EventId(8),
        message: "n1 and n2 are both primary of 1.1".into(),
    };
    let beyond = Violation {
        invariant: "Later".into(),
        event: EventId(99),
        message: String::new(),
    };
    let m = LabModel::new(&PB, 3, &events, &[v.clone(), beyond]);
    assert_eq!(
        m.violations,
        vec![v.clone()],
        "a violation past the events is left out"
    );
    assert!(m.split[0].same_epoch);
    assert_eq!(m.split[0].violation.as_ref(), Some(&v));
    let pos = m.base.positions(AxisMode::Real);
    let vp = Viewport::fit(pos.lo, pos.hi, 1200.0);
    let scene = m.scene(
        &events,
        AxisMode::Real,
        vp,
        SimTime::from_millis(400),
        &LayoutOptions::default(),
    );
    let band = scene
        .bands
        .iter()
        .find(|b| b.class == "split-unsafe")
        .unwrap();
    assert_eq!(band.seek, Some(EventId(8)));
    assert!(
        band.title.ends_with("— One Primary violated"),
        "{}",
        band.title
    );
    assert!(scene
        .markers
        .iter()
        .any(|mk| mk.label == "One Primary" && mk.seek == EventId(8)));
}

#[test]
fn an_epoch_label_that_names_itself_gets_no_initial() {
    // Transactions read "T11", not "eT11": the epoch word's initial only prefixes bare numbers.
    static NAMED: Face = Face {
        epoch_label: |e| format!("T{e}"),
        ..PB
    };
    let events = run();
    let m = LabModel::new(&NAMED, 3, &events, &[]);
    let pos = m.base.positions(AxisMode::Real);
    let vp = Viewport::fit(pos.lo, pos.hi, 1200.0);
    let scene = m.scene(
        &events,
        AxisMode::Real,
        vp,
        SimTime::from_millis(400),
        &LayoutOptions::default(),
    );
    let labels: Vec<_> = scene
        .bands
        .iter()
        .filter(|b| b.class.starts_with("epoch-"))
        .filter_map(|b| b.text.clone())
        .collect();
    assert!(labels.contains(&"T11".to_string()), "{labels:?}");
    assert!(!labels.iter().any(|l| l.starts_with("eT")), "{labels:?}");
}
