//! The lab's view: every message, timer and note has a plain sentence, suspicions carry their lane
//! signal, the inspector shows φ and SWIM's member table, and the facts measure the run.

mod common;

use common::*;
use splitbrain_failure_detector::{
    Algorithm, Cause, FailureDetector, FdOptions, Message, Note, Status, Update,
};
use splitbrain_sim::{Describe, LaneSignal, NodeId, SimTime};

#[test]
fn a_suspicion_and_a_trust_carry_the_suspect_signal() {
    let s = FailureDetector::show_note(
        NodeId(0),
        &Note::Suspect {
            member: NodeId(2),
            incarnation: 0,
            cause: Cause::Silence { silent_ms: 600 },
        },
    );
    assert_eq!(
        s.text.as_deref(),
        Some("n1 suspects n3: no heartbeat for 600 ms")
    );
    assert_eq!(
        s.signals,
        vec![LaneSignal::Suspect {
            node: NodeId(2),
            suspected: true
        }]
    );
    let t = FailureDetector::show_note(
        NodeId(0),
        &Note::Trust {
            member: NodeId(2),
            incarnation: 0,
            silent_ms: 900,
        },
    );
    assert_eq!(
        t.signals,
        vec![LaneSignal::Suspect {
            node: NodeId(2),
            suspected: false
        }]
    );
    assert!(t.text.unwrap().contains("after 900 ms"));
}

#[test]
fn every_message_is_shown_with_its_family_and_news() {
    let u = Update {
        member: NodeId(2),
        status: Status::Suspect,
        incarnation: 1,
    };
    let ping = FailureDetector::show_msg(&Message::Ping {
        seq: 3,
        updates: vec![u],
    });
    assert_eq!(ping.family, 1);
    assert_eq!(ping.text, "Ping 3 + n3 suspect@1");
    let req = FailureDetector::show_msg(&Message::PingReq {
        seq: 3,
        target: NodeId(2),
        updates: vec![],
    });
    assert_eq!(req.family, 2);
    assert!(FailureDetector::show_msg(&Message::Heartbeat { seq: 1 }).heartbeat);
    assert_eq!(FailureDetector::FACE.families.len(), 3);
}

#[test]
fn the_inspector_shows_phi_and_the_swim_member_table() {
    let phi = FdOptions {
        algorithm: Algorithm::PhiAccrual,
        ..FdOptions::default()
    };
    let n = splitbrain_sim::testkit::started::<FailureDetector>(0, 3, &phi);
    let sections = n.inspector();
    let table = sections[1].table.as_ref().unwrap();
    assert_eq!(table.columns[1], "φ");
    assert_eq!(table.rows.len(), 2);
    let swim = FdOptions {
        algorithm: Algorithm::Swim,
        ..FdOptions::default()
    };
    let n = splitbrain_sim::testkit::started::<FailureDetector>(0, 3, &swim);
    let table = n.inspector()[1].table.clone().unwrap();
    assert_eq!(table.rows[0], vec!["n2", "alive", "0"]);
    assert_eq!(n.summary().detail, None);
}

#[test]
fn the_facts_report_detection_false_suspicions_and_messages() {
    let run = Run::new(&load("failure-detector-heartbeat-crash-and-pause.json")).run_to_end();
    let facts = FailureDetector::facts(&run.events, SimTime(4_200_000));
    let get = |k: &str| {
        facts
            .iter()
            .find(|(f, _)| f == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    assert!(get("detection time").starts_with("n4 crash at 1.00 s: suspected by 3 of 3 live nodes"));
    assert!(
        get("false suspicions").contains("n2 by"),
        "{}",
        get("false suspicions")
    );
    assert!(get("message rate").ends_with("per second"));
}
