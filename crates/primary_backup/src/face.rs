//! How primary-backup looks in the lab: three roles (the primary is exclusive, so two at once in one epoch
//! draw as split brain on the lanes), message families, a plain sentence for every note, and the option
//! form. The `Describe` impl (summary, inspector, facts) is in `face/inspect.rs`.

mod inspect;

use crate::message::{Entry, Message, Timer};
use crate::note::Note;
use crate::options::{MAX_TIMEOUT_US, MIN_TIMEOUT_US};
use splitbrain_sim::{
    Family, FieldKind, Label, LaneSignal, NodeId, OptionField, RoleStyle, ShownMsg, ShownNote,
    ShownTimer,
};

pub(crate) const BACKUP: u8 = 0;
pub(crate) const CANDIDATE: u8 = 1;
pub(crate) const PRIMARY: u8 = 2;

pub(crate) const ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "backup",
        letter: "B",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "candidate",
        letter: "C",
        tone: 1,
        exclusive: false,
    },
    RoleStyle {
        name: "primary",
        letter: "P",
        tone: 2,
        exclusive: true,
    },
];

pub(crate) const FAMILIES: &[Family] = &[
    Family {
        key: "replicate",
        legend: "Writes shipped by the primary, and each backup's acknowledgement",
    },
    Family {
        key: "heartbeat",
        legend: "Primary heartbeats (an empty shipment: \"I am alive\")",
    },
    Family {
        key: "failover",
        legend: "Failover: a backup asks to be promoted, the others answer",
    },
    Family {
        key: "fencing",
        legend: "Fencing: \"your epoch is over\", the answer to an old primary",
    },
];

pub(crate) fn show_msg(msg: &Message) -> ShownMsg {
    let (family, tag, text) = match msg {
        Message::Replicate {
            epoch,
            entries,
            prev_index,
            commit,
            ..
        } if entries.is_empty() => (
            1,
            "♥",
            format!("Heartbeat epoch {epoch}, after #{prev_index}, acknowledged up to #{commit}"),
        ),
        Message::Replicate {
            epoch,
            entries,
            prev_index,
            ..
        } => (
            0,
            "W",
            match entries.as_slice() {
                [one] => format!("Replicate epoch {epoch}: #{} {one}", prev_index + 1),
                many => format!(
                    "Replicate epoch {epoch}: #{} to #{} ({} entries)",
                    prev_index + 1,
                    prev_index + many.len() as u64,
                    many.len()
                ),
            },
        ),
        Message::Ack {
            epoch, ok, matched, ..
        } => (
            0,
            if *ok { "✓" } else { "?" },
            if *ok {
                format!("Ack epoch {epoch}: stored up to #{matched}")
            } else {
                format!(
                    "Ack epoch {epoch}: my log differs, send from #{}",
                    matched + 1
                )
            },
        ),
        Message::Refused { epoch } => (3, "✗", format!("Refused: I am in epoch {epoch}")),
        Message::VoteRequest {
            epoch, last_index, ..
        } => (
            2,
            "V?",
            format!("VoteRequest epoch {epoch}, my log ends at #{last_index}"),
        ),
        Message::Vote { epoch, granted } => (
            2,
            if *granted { "V" } else { "V✗" },
            format!(
                "Vote epoch {epoch}: {}",
                if *granted { "yes" } else { "no" }
            ),
        ),
    };
    ShownMsg {
        label: msg.label(),
        family,
        tag: tag.to_string(),
        text,
        heartbeat: family == 1,
    }
}

pub(crate) fn show_timer(timer: &Timer) -> ShownTimer {
    ShownTimer {
        label: timer.label(),
        ring: matches!(timer, Timer::FailureDetector | Timer::Election),
    }
}

fn writes_text(entries: &[Entry]) -> String {
    let writes: Vec<String> = entries
        .iter()
        .filter_map(|e| e.write.as_ref().map(|w| w.to_string()))
        .collect();
    match writes.len() {
        0 => "no client write".to_string(),
        _ => writes.join(", "),
    }
}

fn role(role: u8, epoch: Option<u64>) -> LaneSignal {
    LaneSignal::Role { role, epoch }
}

/// The sentence and lane effects of a note.
pub(crate) fn show_note(node: NodeId, note: &Note) -> ShownNote {
    let (text, major, signals) = match note {
        Note::Restored { epoch, len } => (
            format!("{node} restarted as a backup, remembering epoch {epoch} and its {len} log entries"),
            false,
            vec![role(BACKUP, Some(*epoch)), LaneSignal::Log { len: *len }],
        ),
        Note::Promoted {
            epoch,
            len,
            initial,
        } => (
            if *initial {
                format!("{node} starts as the primary of epoch {epoch}: it orders every write")
            } else {
                format!("{node} is the new primary of epoch {epoch}: it marks the epoch's start in its log and heartbeats")
            },
            true,
            vec![role(PRIMARY, Some(*epoch)), LaneSignal::Log { len: *len }],
        ),
        Note::Candidate { epoch, last_index } => (
            format!("{node} stopped hearing the primary and asks to be promoted in epoch {epoch} (its log ends at #{last_index})"),
            true,
            vec![role(CANDIDATE, Some(*epoch))],
        ),
        Note::GaveUp { epoch, denials } => (
            format!("{node} gives up its bid in epoch {epoch}: {denials} node(s) still hear the primary or are more up to date"),
            false,
            vec![role(BACKUP, Some(*epoch))],
        ),
        Note::SteppedDown { epoch, was, by } => (
            if epoch > was {
                format!("{node} steps down: {by} is in epoch {epoch}, newer than its epoch {was}")
            } else {
                format!("{node} steps down: {by} is primary of the same epoch {epoch} with a longer log")
            },
            true,
            vec![role(BACKUP, Some(*epoch))],
        ),
        Note::NewEpoch { epoch, from } => (
            format!("{node} moves to epoch {epoch} (heard from {from})"),
            false,
            vec![LaneSignal::Epoch { epoch: *epoch }],
        ),
        Note::Voted { epoch, candidate } => (
            format!("{node} votes for {candidate} in epoch {epoch}: its log is at least as up to date"),
            false,
            Vec::new(),
        ),
        Note::Denied {
            epoch,
            candidate,
            stale_log,
        } => (
            if *stale_log {
                format!("{node} will not vote for {candidate} in epoch {epoch}: {candidate}'s log is less up to date than its own")
            } else {
                format!("{node} will not vote for {candidate} in epoch {epoch}: it already voted for another")
            },
            false,
            Vec::new(),
        ),
        Note::Appended { index, entry } => (
            format!("{node} (primary) appends {entry} at #{index}"),
            false,
            vec![LaneSignal::Log { len: *index }],
        ),
        Note::Stored {
            from_index,
            entries,
            len,
            commit,
        } => (
            match entries.len() {
                0 => format!("{node} learns that entries up to #{commit} are acknowledged"),
                1 => format!("{node} stores {} at #{from_index}", entries[0]),
                n => format!("{node} stores {n} entries from #{from_index}: {}", writes_text(entries)),
            },
            false,
            vec![LaneSignal::Log { len: *len }, LaneSignal::Commit { upto: *commit }],
        ),
        Note::Discarded {
            from_index,
            entries,
            by,
        } => (
            format!(
                "{node} discards its entries from #{from_index} on, which {by}, the primary it now follows, does not have: {}",
                writes_text(entries)
            ),
            true,
            vec![LaneSignal::Log {
                len: from_index - 1,
            }],
        ),
        Note::Refused { from, epoch, mine } => (
            format!("{node} refuses {from}'s writes: they carry epoch {epoch}, and {node} is in epoch {mine} (fencing)"),
            true,
            Vec::new(),
        ),
        Note::Acknowledged { upto, writes } => (
            if writes.is_empty() {
                format!("{node} has the acknowledgements it needs for entries up to #{upto}")
            } else {
                let shown: Vec<String> = writes.iter().map(|w| w.to_string()).collect();
                format!("{node} answers ok to {}: stored by the backups its replication mode waits for", shown.join(", "))
            },
            false,
            vec![LaneSignal::Commit { upto: *upto }],
        ),
        Note::AlreadyDone { index, write } => (
            format!("{node} already holds {write} at #{index}, acknowledged: it answers the retry ok"),
            false,
            Vec::new(),
        ),
        Note::Read {
            key,
            value,
            confirmed,
        } => {
            let v = value.as_deref().unwrap_or("nothing");
            (
                if *confirmed {
                    format!("{node} answers get {key} = {v}, after a majority confirmed it is still the primary")
                } else {
                    format!("{node} answers get {key} = {v} from its own copy, without asking anyone")
                },
                false,
                Vec::new(),
            )
        }
    };
    ShownNote {
        label: note.label(),
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
            min: MIN_TIMEOUT_US as i64,
            max: MAX_TIMEOUT_US as i64,
            unit: "µs",
        },
    }
}

fn choice(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    choices: &[(&'static str, &'static str)],
) -> OptionField {
    OptionField {
        key,
        label,
        help,
        kind: FieldKind::Choice(
            choices
                .iter()
                .map(|(v, l)| (serde_json::Value::String(v.to_string()), *l))
                .collect(),
        ),
    }
}

pub(crate) fn option_fields() -> Vec<OptionField> {
    let mut mutants = vec![(serde_json::Value::Null, "none")];
    mutants.push((
        serde_json::Value::String(crate::Mutant::NoFencing.as_str().into()),
        "no fencing: backups store writes of an older epoch",
    ));
    vec![
        choice(
            "replication",
            "Replication",
            "When the primary answers a write: after every backup stored it, after one did, or at once",
            &[
                ("sync", "synchronous (every backup)"),
                ("semi_sync", "semi-synchronous (one backup)"),
                ("async", "asynchronous (at once, shipped later)"),
            ],
        ),
        choice(
            "failover",
            "Failover",
            "How a backup takes over from a silent primary",
            &[
                ("naive", "naive (no epochs)"),
                ("fencing", "epochs with fencing"),
                ("majority", "decided by a majority"),
            ],
        ),
        choice(
            "reads",
            "Reads",
            "Where a get is answered",
            &[
                ("primary", "at the primary, confirmed by a majority"),
                ("primary_local", "at the primary, from its own copy"),
                ("any_node", "at any node, from its own copy (stale reads)"),
            ],
        ),
        micros(
            "heartbeat_us",
            "Heartbeat",
            "How often the primary says it is alive (and ships writes in asynchronous mode)",
        ),
        micros(
            "failure_timeout_min_us",
            "Failure timeout min",
            "A backup that hears no primary for a random time in [min, max] suspects it failed",
        ),
        micros("failure_timeout_max_us", "Failure timeout max", ""),
        OptionField {
            key: "mutant",
            label: "Teaching mutant",
            help: "Break one rule on purpose, and watch the checkers catch it",
            kind: FieldKind::Choice(mutants),
        },
    ]
}
