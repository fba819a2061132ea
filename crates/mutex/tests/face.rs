//! The lab face: roles (the holder exclusive), families, a sentence for every note, option fields that
//! name real options, and the run's facts.

mod common;

use common::*;
use splitbrain_mutex::{DistMutex, MutexOptions, Note};
use splitbrain_sim::{Describe, FieldKind, LaneSignal, NodeId, SimTime};

#[test]
fn the_holder_is_the_one_exclusive_role() {
    let f = <DistMutex as Describe>::FACE;
    let exclusive: Vec<&str> = f
        .roles
        .iter()
        .filter(|r| r.exclusive)
        .map(|r| r.name)
        .collect();
    assert_eq!(exclusive, vec!["holder"]);
    assert_eq!(f.role(f.base_role).name, "idle");
    assert!(f.families.iter().all(|fam| !fam.legend.is_empty()));
}

#[test]
fn every_note_has_a_sentence_and_entering_sets_the_holder_lane() {
    let n = NodeId(1);
    let notes = [
        Note::Requested { ts: 3 },
        Note::Requested { ts: 0 },
        Note::Entered { ts: 3, token: 0 },
        Note::Entered { ts: 0, token: 4 },
        Note::Exited {
            ts: 3,
            token: 0,
            wrote: true,
        },
        Note::Exited {
            ts: 0,
            token: 4,
            wrote: false,
        },
        Note::Deferred {
            to: NodeId(2),
            theirs: 4,
            mine: 3,
        },
        Note::Queued {
            from: NodeId(2),
            ts: 4,
        },
        Note::Granted {
            to: NodeId(2),
            token: 4,
        },
        Note::LeaseExpired {
            holder: NodeId(2),
            token: 4,
        },
        Note::Unlocked {
            holder: NodeId(2),
            token: 4,
        },
        Note::Stored {
            from: NodeId(2),
            token: 1,
            newest: 2,
            key: "x".into(),
            value: "1".into(),
        },
        Note::Fenced {
            from: NodeId(2),
            token: 1,
            newest: 2,
        },
        Note::Restored { next_token: 5 },
    ];
    for note in &notes {
        let shown = DistMutex::show_note(n, note);
        assert!(
            shown.text.as_deref().is_some_and(|t| !t.is_empty()),
            "{note:?}"
        );
    }
    let shown = DistMutex::show_note(n, &Note::Entered { ts: 0, token: 4 });
    assert_eq!(
        shown.signals,
        vec![LaneSignal::Role {
            role: 2,
            epoch: Some(4)
        }]
    );
}

#[test]
fn option_fields_name_real_options() {
    let json = serde_json::to_value(MutexOptions::default()).unwrap();
    for f in (<DistMutex as Describe>::FACE.option_fields)() {
        assert!(json.get(f.key).is_some(), "{}", f.key);
        if let FieldKind::Choice(choices) = &f.kind {
            for (v, _) in choices {
                let mut o = json.clone();
                o[f.key] = v.clone();
                assert!(
                    serde_json::from_value::<MutexOptions>(o).is_ok(),
                    "{} = {v}",
                    f.key
                );
            }
        }
    }
}

#[test]
fn facts_count_entries_waits_and_refused_writes() {
    let run = Run::new(&load("mutex-paused-holder-fenced.json")).run_to_end();
    let facts = DistMutex::facts(&run.events, SimTime(u64::MAX));
    let get = |k: &str| facts.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    assert_eq!(get("critical sections").as_deref(), Some("2 entered"));
    assert_eq!(get("stale writes refused").as_deref(), Some("1"));
    assert!(get("longest wait").is_some());
    let inspector = run.node(0).inspector();
    assert!(inspector.iter().any(|s| s.key == "store"));
    assert_eq!(run.node(0).summary().leader, Some(NodeId(0)));
}
