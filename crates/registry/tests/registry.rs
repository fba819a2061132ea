//! The registry: every entry starts, every lecture belongs to its protocol, traces of any protocol import.

use splitbrain_registry as registry;
use splitbrain_sim::{Action, NodeId, Scenario, SimTime};

#[test]
fn every_lecture_parses_validates_and_names_its_protocol() {
    for entry in registry::protocols() {
        assert_eq!(entry.face.name, entry.name);
        for lecture in entry.lectures {
            let s =
                Scenario::from_json(lecture.json).unwrap_or_else(|e| panic!("{}: {e}", lecture.id));
            assert_eq!(s.cluster.protocol, entry.name, "{}", lecture.id);
            entry
                .validate(&s)
                .unwrap_or_else(|e| panic!("{}: {e}", lecture.id));
            let (found, _) = registry::lecture(lecture.id).expect("found by id");
            assert_eq!(found.name, entry.name);
        }
    }
}

#[test]
fn every_protocol_starts_a_playground_that_runs() {
    for entry in registry::protocols() {
        let scenario = entry.playground(entry.default_nodes, 3);
        let mut session = entry.start(&scenario).unwrap();
        session.run_until(SimTime(500_000));
        assert!(session.cursor() > 0, "{}", entry.name);
        assert_eq!(session.face().name, entry.name);
        assert_eq!(session.node_count(), entry.default_nodes as usize);
        assert!(session.summary(NodeId(0)).is_some());
        assert!(!session.inspector(NodeId(0)).is_empty(), "{}", entry.name);
    }
}

#[test]
fn an_unknown_protocol_is_refused_with_the_known_names() {
    let mut s = registry::protocols()[0].playground(3, 1);
    s.cluster.protocol = "zab".into();
    let err = registry::start(&s).err().unwrap().to_string();
    assert!(err.contains("`zab`") && err.contains("raft"), "{err}");
}

#[test]
fn a_trace_of_any_protocol_imports_and_reproduces() {
    for entry in registry::protocols() {
        let mut session = entry.start(&entry.playground(3, 9)).unwrap();
        session.run_until(SimTime(300_000));
        session.act(Action::Crash { node: NodeId(1) }).unwrap();
        session.run_until(SimTime(900_000));
        let json = session.to_trace_json();
        let imported = registry::import(&json).unwrap();
        assert_eq!(imported.session.to_trace_json(), json, "{}", entry.name);
        assert_eq!(registry::reproduce(&json).unwrap().events, imported.events);
        // The scenario crashes n2 (node 1); a file that says n1 does not reproduce its own events (n1, not
        // n3: a two-node protocol has no n3).
        let tampered = json.replacen(
            r#""type":"crash","node":1"#,
            r#""type":"crash","node":0"#,
            1,
        );
        assert_ne!(tampered, json);
        assert!(
            matches!(
                registry::reproduce(&tampered),
                Err(registry::Error::NotReproducible { .. })
            ),
            "{}",
            entry.name
        );
    }
}

#[test]
fn a_session_forked_in_the_past_shows_the_new_future() {
    let entry = registry::find("raft").unwrap();
    let mut session = entry.start(&entry.playground(5, 2)).unwrap();
    session.run_until(SimTime(2_000_000));
    let long = session.trace().len();
    session.seek(long / 2);
    session.act(Action::Crash { node: NodeId(0) }).unwrap();
    assert_eq!(
        session.trace().len(),
        session.cursor(),
        "the old future is gone"
    );
    session.run_until(SimTime(2_500_000));
    // The shown events are the translation of exactly this run: re-simulating gives the same JSON.
    let json = session.to_trace_json();
    let again = registry::import(&json).unwrap();
    let a: Vec<String> = session
        .past()
        .iter()
        .map(|e| format!("{:?}", e.kind))
        .collect();
    let b: Vec<String> = again
        .session
        .past()
        .iter()
        .map(|e| format!("{:?}", e.kind))
        .collect();
    assert_eq!(a, b);
}

#[test]
fn every_protocol_belongs_to_a_chapter_of_the_course() {
    for e in registry::protocols() {
        assert!(
            registry::CHAPTERS.contains(&e.chapter),
            "{} is in chapter {:?}, which is not in CHAPTERS",
            e.name,
            e.chapter
        );
    }
}
