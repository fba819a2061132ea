//! How mutual exclusion looks in the lab: three roles (the holder is exclusive, so two holders at once in
//! one epoch draw as split brain on the lanes), message families, a plain sentence for every note, and the
//! option form. The epoch is the lock server's fencing token; Lamport and Ricart–Agrawala have no tokens,
//! so every node stays in epoch 0 and any two holders at once are drawn as the violation they are. The
//! `Describe` impl (summary, inspector, facts) is in `face/inspect.rs`.

mod inspect;

use crate::message::{Message, Timer};
use crate::note::Note;
use crate::options::{Mutant, MAX_US, MIN_US};
use splitbrain_sim::{
    Family, FieldKind, Label, LaneSignal, NodeId, OptionField, RoleStyle, ShownMsg, ShownNote,
    ShownTimer,
};

pub(crate) const IDLE: u8 = 0;
pub(crate) const WAITING: u8 = 1;
pub(crate) const HOLDER: u8 = 2;

pub(crate) const ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "idle",
        letter: "I",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "waiting",
        letter: "W",
        tone: 1,
        exclusive: false,
    },
    RoleStyle {
        name: "holder",
        letter: "H",
        tone: 2,
        exclusive: true,
    },
];

pub(crate) const FAMILIES: &[Family] = &[
    Family {
        key: "request",
        legend:
            "Requests for the critical section (Lamport, Ricart–Agrawala, or to the lock server)",
    },
    Family {
        key: "permission",
        legend: "Answers: Lamport's acks, Ricart–Agrawala's replies, the lock server's grants",
    },
    Family {
        key: "release",
        legend: "Leaving: Lamport's release, the unlock, and the write every node applies",
    },
    Family {
        key: "storage",
        legend:
            "Writes to the lock server's storage, and its answer (fencing refuses a stale token)",
    },
];

pub(crate) fn show_msg(msg: &Message) -> ShownMsg {
    let (family, tag, text) = match msg {
        Message::Request { ts, .. } => (0, "Rq", format!("Request at timestamp {ts}")),
        Message::Ack { ts, .. } => (1, "A", format!("Ack, timestamped {ts}")),
        Message::Reply { ts, .. } => (1, "OK", format!("Reply (permission), timestamped {ts}")),
        Message::Release { ts, key, value, .. } => (
            2,
            "Rl",
            format!("Release at timestamp {ts}, with the write {key}={value}"),
        ),
        Message::Update { key, value, .. } => {
            (2, "U", format!("Update: apply the write {key}={value}"))
        }
        Message::Acquire { req } => (0, "Aq", format!("Acquire (request {req})")),
        Message::Grant {
            token, lease_us, ..
        } => (
            1,
            "G",
            format!("Grant: token {token}, lease {} ms", lease_us / 1000),
        ),
        Message::Unlock { token } => (2, "Un", format!("Unlock token {token}")),
        Message::Write { token, key, value } => {
            (3, "Wr", format!("Write {key}={value} under token {token}"))
        }
        Message::Written { token } => (3, "✓", format!("Written: token {token} accepted")),
        Message::Rejected { token, newest } => (
            3,
            "✗",
            format!("Rejected: token {token} is older than {newest}"),
        ),
    };
    ShownMsg {
        label: msg.label(),
        family,
        tag: tag.to_string(),
        text,
        heartbeat: false,
    }
}

pub(crate) fn show_timer(timer: &Timer) -> ShownTimer {
    ShownTimer {
        label: timer.label(),
        ring: matches!(timer, Timer::Work | Timer::LeaseExpiry { .. }),
    }
}

fn role(role: u8, epoch: Option<u64>) -> LaneSignal {
    LaneSignal::Role { role, epoch }
}

/// The sentence and lane effects of a note.
pub(crate) fn show_note(node: NodeId, note: &Note) -> ShownNote {
    let (text, major, signals) = match note {
        Note::Requested { ts: 0 } => (
            format!("{node} asks the lock server for the lock"),
            false,
            vec![role(WAITING, None)],
        ),
        Note::Requested { ts } => (
            format!("{node} requests the critical section at Lamport timestamp {ts}"),
            false,
            vec![role(WAITING, Some(0))],
        ),
        Note::Entered { ts, token: 0 } => (
            format!("{node} enters the critical section (its request {ts} comes first)"),
            true,
            vec![role(HOLDER, Some(0))],
        ),
        Note::Entered { token, .. } => (
            format!("{node} holds the lock with fencing token {token} and enters the critical section"),
            true,
            vec![role(HOLDER, Some(*token))],
        ),
        Note::Exited { ts, token: 0, .. } => (
            format!("{node} leaves the critical section (request {ts}) and lets the others know"),
            false,
            vec![role(IDLE, Some(0))],
        ),
        Note::Exited {
            token, wrote: true, ..
        } => (
            format!("{node}'s write under token {token} is stored; it unlocks"),
            false,
            vec![role(IDLE, None)],
        ),
        Note::Exited { token, .. } => (
            format!("{node}'s write under token {token} was refused; it gives the lock back"),
            true,
            vec![role(IDLE, None)],
        ),
        Note::Deferred { to, theirs, mine } => (
            format!("{node} defers its reply to {to}: its own request {mine} is earlier than {to}'s {theirs} (or it is inside)"),
            true,
            Vec::new(),
        ),
        Note::Queued { from, ts } => (
            format!("{node} queues {from}'s request {ts} and acknowledges it"),
            false,
            Vec::new(),
        ),
        Note::Granted { to, token } => (
            format!("the lock server grants {to} the lock with fencing token {token}"),
            true,
            Vec::new(),
        ),
        Note::LeaseExpired { holder, token } => (
            format!("the lease of token {token} ran out: the server now considers {holder}'s lock gone, whether or not {holder} knows"),
            true,
            Vec::new(),
        ),
        Note::Unlocked { holder, token } => (
            format!("{holder} gave token {token} back to the lock server"),
            false,
            Vec::new(),
        ),
        Note::Stored {
            from,
            token,
            newest,
            key,
            value,
        } => (
            if token < newest {
                format!("the storage accepts {from}'s {key}={value} under token {token}, older than {newest}: without fencing, a stale holder's write lands")
            } else {
                format!("the storage accepts {from}'s {key}={value} under token {token}")
            },
            token < newest,
            Vec::new(),
        ),
        Note::Fenced {
            from,
            token,
            newest,
        } => (
            format!("the storage refuses {from}'s write: token {token} is older than token {newest}, which it already accepted (fencing)"),
            true,
            Vec::new(),
        ),
        Note::Restored { next_token } => (
            format!("{node} restarted: it remembers that the next token is {next_token}, forgot who holds the lock, and waits out a lease"),
            false,
            Vec::new(),
        ),
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
            min: MIN_US as i64,
            max: MAX_US as i64,
            unit: "µs",
        },
    }
}

fn string(v: &str) -> serde_json::Value {
    serde_json::Value::String(v.to_string())
}

pub(crate) fn option_fields() -> Vec<OptionField> {
    vec![
        OptionField {
            key: "algorithm",
            label: "Algorithm",
            help: "How the nodes agree who may enter the critical section",
            kind: FieldKind::Choice(vec![
                (string("lamport"), "Lamport (request queue, acks, release)"),
                (
                    string("ricart_agrawala"),
                    "Ricart–Agrawala (deferred replies)",
                ),
                (string("lock_server"), "lock server with leases (n1)"),
            ]),
        },
        micros(
            "critical_section_us",
            "Critical section",
            "How long a holder works inside before it writes and leaves",
        ),
        micros(
            "lease_us",
            "Lease",
            "Lock server: how long a grant is valid before the server gives the lock to the next",
        ),
        micros(
            "retry_us",
            "Retry",
            "Lock server: how often a waiting node asks again, and a holder re-sends its write",
        ),
        OptionField {
            key: "fencing",
            label: "Fencing tokens",
            help:
                "Lock server: the storage refuses a write whose token is older than one it accepted",
            kind: FieldKind::Bool,
        },
        OptionField {
            key: "mutant",
            label: "Teaching mutant",
            help: "Break one rule on purpose, and watch the checkers catch it",
            kind: FieldKind::Choice(vec![
                (serde_json::Value::Null, "none"),
                (
                    string(Mutant::ReplyImmediately.as_str()),
                    "Ricart–Agrawala replies at once, even with its own earlier request pending",
                ),
                (
                    string(Mutant::NoWaitForLater.as_str()),
                    "Lamport enters without a later message from every peer",
                ),
            ]),
        },
    ]
}
