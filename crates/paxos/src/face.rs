//! How both protocols look in the lab: roles, message families coloured by phase, a plain sentence for every
//! note, and the option form. The per-protocol `Describe` impls (summaries and inspectors) are in
//! `face/inspect.rs`.

mod inspect;

use crate::ballot::Ballot;
use crate::message::{Message, Timer};
use crate::note::Note;
use crate::options::Mutant;
use splitbrain_sim::{
    Family, FieldKind, LaneSignal, NodeId, OptionField, RoleStyle, ShownMsg, ShownNote, ShownTimer,
};

pub(crate) const ACCEPTOR: u8 = 0;
pub(crate) const PROPOSER: u8 = 1;
/// A single-decree proposer in phase 2, or the Multi-Paxos leader.
pub(crate) const LEADING: u8 = 2;

/// Single-decree: two proposers may both be in phase 2 (in different ballots) without harm — P2c makes the
/// higher one propose the lower one's value if it could have been chosen — so no role is exclusive.
pub(crate) const SINGLE_ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "acceptor",
        letter: "A",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "proposer (phase 1)",
        letter: "P",
        tone: 1,
        exclusive: false,
    },
    RoleStyle {
        name: "proposer (phase 2)",
        letter: "Q",
        tone: 2,
        exclusive: false,
    },
];

/// Multi-Paxos: one distinguished proposer per ballot. Two leaders at once, in different ballots, is the
/// stale-leader situation (the older one's Accepts will be refused), drawn as split brain.
pub(crate) const MULTI_ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "acceptor",
        letter: "A",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "proposer (phase 1)",
        letter: "P",
        tone: 1,
        exclusive: false,
    },
    RoleStyle {
        name: "leader",
        letter: "L",
        tone: 2,
        exclusive: true,
    },
];

pub(crate) const FAMILIES: &[Family] = &[
    Family {
        key: "phase1",
        legend: "Phase 1: Prepare, Promise, and Nack (a refusal naming a higher ballot)",
    },
    Family {
        key: "phase2",
        legend: "Phase 2: Accept, and Accepted (each acceptor tells every learner)",
    },
    Family {
        key: "heartbeat",
        legend: "Leader heartbeats",
    },
    Family {
        key: "learn",
        legend: "Catch-up: a learner asks the leader what was chosen",
    },
];

/// Single-decree Paxos sends only the two phases.
pub(crate) const SINGLE_FAMILIES: &[Family] = &[FAMILIES[0], FAMILIES[1]];

pub(crate) fn show_msg(msg: &Message) -> ShownMsg {
    let (family, tag, text) = match msg {
        Message::Prepare { ballot, from_slot } => (
            0,
            "1a",
            if *from_slot == 0 {
                format!("Prepare {ballot}")
            } else {
                format!("Prepare {ballot} from slot {from_slot}")
            },
        ),
        Message::Promise { ballot, accepted } => (
            0,
            "1b",
            match accepted.iter().max_by_key(|e| e.ballot) {
                None => format!("Promise {ballot}, nothing accepted"),
                Some(e) if accepted.len() == 1 => {
                    format!("Promise {ballot}, accepted '{}' in {}", e.value, e.ballot)
                }
                Some(_) => format!("Promise {ballot}, {} accepted values", accepted.len()),
            },
        ),
        Message::Nack { ballot, promised } => {
            (0, "✗", format!("Nack {ballot}: promised {promised}"))
        }
        Message::Accept {
            ballot,
            slot,
            value,
        } => (1, "2a", format!("Accept {ballot} slot {slot}: '{value}'")),
        Message::Accepted {
            ballot,
            slot,
            value,
        } => (1, "2b", format!("Accepted {ballot} slot {slot}: '{value}'")),
        Message::Heartbeat { ballot, chosen } => {
            (2, "♥", format!("Heartbeat {ballot}, {chosen} chosen"))
        }
        Message::CatchUp { from_slot } => (3, "?", format!("CatchUp from slot {from_slot}")),
        Message::Decision { slot, value } => (3, "D", format!("Decision slot {slot}: '{value}'")),
    };
    ShownMsg {
        label: splitbrain_sim::Label::label(msg),
        family,
        tag: tag.to_string(),
        text,
        heartbeat: matches!(msg, Message::Heartbeat { .. }),
    }
}

pub(crate) fn show_timer(timer: &Timer) -> ShownTimer {
    ShownTimer {
        label: splitbrain_sim::Label::label(timer),
        ring: matches!(timer, Timer::Backoff | Timer::Election),
    }
}

fn role(role: u8, ballot: Option<Ballot>) -> LaneSignal {
    LaneSignal::Role {
        role,
        epoch: ballot.map(Ballot::encode),
    }
}

/// The sentence and lane effects of a note; `multi` picks the Multi-Paxos reading of phase 2.
pub(crate) fn show_note(node: NodeId, note: &Note, multi: bool) -> ShownNote {
    let (text, major, signals) = match note {
        Note::Restored {
            promised,
            accepted,
            chosen,
        } => (
            format!(
                "{node} restarted remembering its promise {}, {accepted} accepted value(s) and {chosen} chosen slot(s)",
                crate::ballot::show(*promised)
            ),
            false,
            promised
                .iter()
                .map(|b| LaneSignal::Epoch { epoch: b.encode() })
                .chain([LaneSignal::Commit { upto: *chosen }])
                .collect(),
        ),
        Note::Proposing { ballot, from_slot } => (
            if multi && *from_slot > 0 {
                format!("{node} starts ballot {ballot} and sends Prepare for every slot from {from_slot}")
            } else {
                format!("{node} starts ballot {ballot} and sends Prepare to every acceptor")
            },
            false,
            vec![role(PROPOSER, Some(*ballot))],
        ),
        Note::Promised {
            ballot,
            reported,
            highest,
        } => (
            match highest {
                None => format!("{node} promised ballot {ballot}; it had accepted nothing"),
                Some(e) if *reported == 1 => format!(
                    "{node} promised ballot {ballot} and reported its accepted value '{}' (ballot {})",
                    e.value, e.ballot
                ),
                Some(_) => format!("{node} promised ballot {ballot} and reported {reported} accepted values"),
            },
            false,
            vec![LaneSignal::Epoch {
                epoch: ballot.encode(),
            }],
        ),
        Note::Nacked { ballot, promised } => (
            format!("{node}'s ballot {ballot} was refused: an acceptor promised {promised}; it gives up this ballot"),
            false,
            vec![role(ACCEPTOR, None)],
        ),
        Note::Adopted {
            slot,
            ballot,
            from,
            value,
        } => (
            format!(
                "{node} must propose '{value}' in slot {slot} under ballot {ballot}: it was accepted in ballot {from}, the highest reported"
            ),
            true,
            Vec::new(),
        ),
        Note::FilledGap { slot, ballot } => (
            format!("{node} found a gap at slot {slot} and proposes a no-op there under ballot {ballot}"),
            true,
            Vec::new(),
        ),
        Note::Proposed {
            slot,
            ballot,
            value,
        } => (
            if multi {
                format!("{node} asks the acceptors to accept '{value}' in slot {slot} (ballot {ballot})")
            } else {
                format!("{node} has a majority of promises and asks the acceptors to accept '{value}' (ballot {ballot})")
            },
            false,
            if multi {
                Vec::new()
            } else {
                vec![role(LEADING, Some(*ballot))]
            },
        ),
        Note::Accepted {
            slot,
            ballot,
            value,
            slots,
        } => (
            format!("{node} accepted '{value}' in slot {slot} (ballot {ballot})"),
            false,
            vec![LaneSignal::Log { len: *slots }],
        ),
        Note::Chosen { slot, value, upto } => (
            if multi {
                format!("{node} learned that '{value}' is chosen in slot {slot}")
            } else {
                format!("{node} learned that '{value}' is chosen")
            },
            true,
            if multi {
                vec![LaneSignal::Commit { upto: *upto }]
            } else {
                vec![LaneSignal::Commit { upto: *upto }, role(ACCEPTOR, None)]
            },
        ),
        Note::NothingChosen { ballot } => (
            format!("A majority promised ballot {ballot} and none had accepted a value: nothing is chosen yet, so {node} answers its reads with none"),
            false,
            vec![role(ACCEPTOR, None)],
        ),
        Note::BecameLeader { ballot } => (
            format!("{node} has a majority of promises for ballot {ballot}: it is the leader and needs only phase 2 from now on"),
            true,
            vec![role(LEADING, Some(*ballot))],
        ),
        Note::SteppedDown { ballot, by } => (
            format!("{node} gives up ballot {ballot}: it saw the higher ballot {by}"),
            false,
            vec![role(ACCEPTOR, Some((*by).max(*ballot)))],
        ),
        Note::LeaderKnown { ballot, leader } => (
            format!("{node} follows leader {leader} (ballot {ballot})"),
            false,
            Vec::new(),
        ),
        Note::Applied {
            slot,
            value,
            result,
        } => (
            match result {
                Ok(Some(v)) => format!("{node} applied slot {slot} ('{value}'): read {v}"),
                Ok(None) => format!("{node} applied slot {slot} ('{value}')"),
                Err(why) => format!("{node} applied slot {slot} ('{value}'): failed, {why}"),
            },
            false,
            Vec::new(),
        ),
    };
    ShownNote {
        label: splitbrain_sim::Label::label(note),
        text: Some(text),
        major,
        signals,
    }
}

fn micros(key: &'static str, label: &'static str, help: &'static str) -> OptionField {
    OptionField {
        key,
        label,
        help,
        kind: FieldKind::Integer {
            min: crate::options::MIN_TIMEOUT_US as i64,
            max: crate::options::MAX_TIMEOUT_US as i64,
            unit: "µs",
        },
    }
}

fn mutant_field() -> OptionField {
    let mut choices = vec![(serde_json::Value::Null, "none (correct Paxos)")];
    for m in Mutant::ALL {
        let label = match m {
            Mutant::ForgetPromiseOnRestart => "acceptor forgets its promise on restart",
            Mutant::IgnoreAcceptedValues => "proposer ignores accepted values in promises",
            Mutant::MinorityQuorum => "quorum of ⌊n/2⌋ (quorums need not intersect)",
            Mutant::MixBallots => "learner counts Accepted of different ballots together",
        };
        choices.push((serde_json::Value::String(m.as_str().to_string()), label));
    }
    OptionField {
        key: "mutant",
        label: "Teaching mutant",
        help: "Break one rule of the paper on purpose, and watch the checkers catch it",
        kind: FieldKind::Choice(choices),
    }
}

fn common_fields() -> Vec<OptionField> {
    vec![
        micros(
            "backoff_min_us",
            "Backoff min",
            "After a Nack, a proposer waits a random time in [min, max] before a higher ballot",
        ),
        micros(
            "backoff_max_us",
            "Backoff max",
            "Equal to the minimum: a fixed backoff, and dueling proposers can livelock",
        ),
        micros(
            "round_timeout_us",
            "Round timeout",
            "A round with no answer for this long is retried with a higher ballot",
        ),
    ]
}

pub(crate) fn single_fields() -> Vec<OptionField> {
    let mut f = common_fields();
    f.push(mutant_field());
    f
}

pub(crate) fn multi_fields() -> Vec<OptionField> {
    let mut f = common_fields();
    f.push(OptionField {
        key: "leader_election",
        label: "Leader election",
        help: "On: the leader heartbeats and a silent leader is replaced. Off: every node receiving a request runs phase 1 (dueling)",
        kind: FieldKind::Bool,
    });
    f.push(micros(
        "election_timeout_min_us",
        "Election timeout min",
        "A node that hears no leader for a random time in [min, max] runs phase 1",
    ));
    f.push(micros(
        "election_timeout_max_us",
        "Election timeout max",
        "",
    ));
    f.push(micros(
        "heartbeat_us",
        "Heartbeat",
        "How often the leader heartbeats and re-sends Accepts not yet chosen",
    ));
    f.push(mutant_field());
    f
}
