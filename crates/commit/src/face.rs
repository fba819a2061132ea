//! How commit looks in the lab. Roles are the state of a node's most pressing transaction, so a lane shows
//! when a participant is waiting for locks, and, loudly, when it is in doubt holding locks; the
//! coordinator has its own role. None is exclusive (commit has no leader election: n1 always coordinates).
//! The epoch lane counts transactions ("T4"), and a participant's commit point is how many transactions
//! committed there. The summaries and inspector are in `face/inspect.rs`, the run's facts in
//! `face/facts.rs`.

mod facts;
mod inspect;

use crate::message::{txn_label, Message, Outcome, Status, Timer};
use crate::note::{NoReason, Note, Pressing};
use crate::options::{Mutant, MAX_TIMEOUT_US, MIN_TIMEOUT_US};
use crate::participant::status_word as termination_word;
use splitbrain_sim::{
    Family, FieldKind, LaneSignal, NodeId, OptionField, RoleStyle, ShownMsg, ShownNote, ShownTimer,
};

pub(crate) const IDLE: u8 = 0;
pub(crate) const WORKING: u8 = 1;
pub(crate) const COORDINATING: u8 = 2;
pub(crate) const IN_DOUBT: u8 = 3;
pub(crate) const PRE_COMMITTED: u8 = 4;

pub(crate) const ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "idle",
        letter: "I",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "working",
        letter: "W",
        tone: 1,
        exclusive: false,
    },
    RoleStyle {
        name: "coordinator",
        letter: "C",
        tone: 2,
        exclusive: false,
    },
    RoleStyle {
        name: "in doubt",
        letter: "D",
        tone: 3,
        exclusive: false,
    },
    RoleStyle {
        name: "pre-committed",
        letter: "P",
        tone: 1,
        exclusive: false,
    },
];

pub(crate) const FAMILIES: &[Family] = &[
    Family {
        key: "vote",
        legend: "Phase 1: VoteRequest, and each participant's Vote (yes: locked and prepared; no)",
    },
    Family {
        key: "decision",
        legend: "Phase 2: the decision (GlobalCommit, GlobalAbort) and its Ack",
    },
    Family {
        key: "precommit",
        legend: "Three-phase commit: PreCommit and its acknowledgement",
    },
    Family {
        key: "termination",
        legend: "Asking for a decision: DecisionRequest and DecisionReply (recovery, termination)",
    },
];

pub(crate) fn role_of(p: Pressing) -> u8 {
    match p {
        Pressing::Idle => IDLE,
        Pressing::Working => WORKING,
        Pressing::InDoubt => IN_DOUBT,
        Pressing::PreCommitted => PRE_COMMITTED,
    }
}

fn keys(keys: &[String]) -> String {
    if keys.is_empty() {
        "no keys".into()
    } else {
        keys.join(",")
    }
}

pub(crate) fn show_msg(msg: &Message) -> ShownMsg {
    let t = txn_label(msg.txn());
    let (family, tag, text) = match msg {
        Message::VoteRequest { writes, reads, .. } => {
            let mut items: Vec<String> = writes.iter().map(|(k, v)| format!("{k}={v}")).collect();
            items.extend(reads.iter().map(|k| format!("read {k}")));
            (0, "VR", format!("VoteRequest {t}: {}", items.join(" ")))
        }
        Message::Vote { yes: true, .. } => (0, "✓", format!("Vote yes on {t}")),
        Message::Vote { yes: false, .. } => (0, "✗", format!("Vote no on {t}")),
        Message::GlobalCommit { .. } => (1, "C", format!("GlobalCommit {t}")),
        Message::GlobalAbort { .. } => (1, "A", format!("GlobalAbort {t}")),
        Message::Ack { .. } => (1, "ack", format!("Ack {t}")),
        Message::PreCommit { .. } => (2, "PC", format!("PreCommit {t}")),
        Message::PreCommitAck { .. } => (2, "pa", format!("PreCommitAck {t}")),
        Message::DecisionRequest { .. } => (3, "?", format!("DecisionRequest {t}")),
        Message::DecisionReply { status, .. } => (
            3,
            match status {
                Status::Decided(Outcome::Commit) => "C!",
                Status::Decided(Outcome::Abort) => "A!",
                _ => "…",
            },
            format!("DecisionReply {t}: {}", termination_word(*status)),
        ),
    };
    ShownMsg {
        label: splitbrain_sim::Label::label(msg),
        family,
        tag: tag.to_string(),
        text,
        heartbeat: false,
    }
}

pub(crate) fn show_timer(timer: &Timer) -> ShownTimer {
    ShownTimer {
        label: splitbrain_sim::Label::label(timer),
        ring: matches!(timer, Timer::DecisionTimeout | Timer::VoteTimeout { .. }),
    }
}

fn role(p: Pressing, txn: u64) -> LaneSignal {
    LaneSignal::Role {
        role: role_of(p),
        epoch: Some(txn),
    }
}

fn votes_text(votes: &[(NodeId, Option<bool>)]) -> String {
    votes
        .iter()
        .map(|(n, v)| {
            let v = match v {
                Some(true) => "yes",
                Some(false) => "no",
                None => "missing",
            };
            format!("{n} {v}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn reason_text(r: &NoReason) -> String {
    match r {
        NoReason::Refused { key } => format!("it refuses the write of '!' to {key}"),
        NoReason::Conflict { key, holder } => {
            format!(
                "{key} is locked by {} (no-wait locking)",
                txn_label(*holder)
            )
        }
        NoReason::WaitTimeout { key, holder } => format!(
            "it waited too long behind {}'s lock on {key}",
            txn_label(*holder)
        ),
        NoReason::AlreadyAborted => "it had already aborted it".into(),
    }
}

/// The sentence and lane effects of a note.
pub(crate) fn show_note(node: NodeId, note: &Note) -> ShownNote {
    let (text, major, signals): (String, bool, Vec<LaneSignal>) = match note {
        Note::Began {
            txn, participants, ..
        } => {
            let names: Vec<String> = participants.iter().map(|p| p.to_string()).collect();
            (
                format!("{node} begins {} and asks {} to prepare", txn_label(*txn), names.join(", ")),
                false,
                vec![LaneSignal::Role { role: COORDINATING, epoch: Some(*txn) }],
            )
        }
        Note::PreCommitting { txn } => (
            format!("Every participant voted yes on {}: {node} sends PreCommit before committing", txn_label(*txn)),
            false,
            Vec::new(),
        ),
        Note::Decided { txn, outcome, votes, logged, by } => (
            match (by, logged) {
                (Some(b), _) => format!("{node} records the decision {b} reached without it: {} {}", outcome.word(), txn_label(*txn)),
                (None, true) => format!("{node} logs its decision to {} {} ({}) and only then sends it", outcome.word(), txn_label(*txn), votes_text(votes)),
                (None, false) => format!("{node} sends its decision to {} {} ({}) without logging it first", outcome.word(), txn_label(*txn), votes_text(votes)),
            },
            true,
            Vec::new(),
        ),
        Note::LoggedLate { txn, outcome } => (
            format!("{node} writes its decision to {} {} to its log only now, after every acknowledgement", outcome.word(), txn_label(*txn)),
            false,
            Vec::new(),
        ),
        Note::Ended { txn, outcome } => (
            format!("{} is over: {node} answers the client ({})", txn_label(*txn), match outcome { Outcome::Commit => "committed", Outcome::Abort => "aborted" }),
            false,
            Vec::new(),
        ),
        Note::Recovered { resent, aborted, presumed, asking } => {
            let list = |v: &[u64]| v.iter().map(|t| txn_label(*t)).collect::<Vec<_>>().join(", ");
            let mut parts = vec![format!("{node} restarted and read its log")];
            if !resent.is_empty() { parts.push(format!("re-sends its decision on {}", list(resent))); }
            if !aborted.is_empty() { parts.push(format!("aborts {}, begun and never decided", list(aborted))); }
            if !presumed.is_empty() { parts.push(format!("forgets {} (presumed abort)", list(presumed))); }
            if !asking.is_empty() { parts.push(format!("asks the participants about {}", list(asking))); }
            (parts.join("; "), true, Vec::new())
        }
        Note::Waiting { txn, behind, pressing } => {
            let b: Vec<String> = behind.iter().map(|(k, h)| format!("{}'s lock on {k}", txn_label(*h))).collect();
            (
                format!("{} waits behind {} at {node}", txn_label(*txn), b.join(" and ")),
                true,
                vec![role(*pressing, *txn)],
            )
        }
        Note::Prepared { txn, locks, pressing, .. } => (
            format!(
                "{node} voted yes on {} and now holds {} locked: it may not abort on its own",
                txn_label(*txn),
                keys(locks)
            ),
            false,
            vec![role(*pressing, *txn)],
        ),
        Note::VotedNo { txn, reason, pressing } => (
            format!("{node} votes no on {}: {}", txn_label(*txn), reason_text(reason)),
            true,
            vec![role(*pressing, *txn)],
        ),
        Note::PreCommitted { txn, pressing } => (
            format!("{node} is pre-committed on {}: everyone voted yes", txn_label(*txn)),
            false,
            vec![role(*pressing, *txn)],
        ),
        Note::Committed { txn, writes, committed, pressing } => {
            let w: Vec<String> = writes.iter().map(|(k, v)| format!("{k}={v}")).collect();
            (
                if w.is_empty() {
                    format!("{node} committed {} and released its locks", txn_label(*txn))
                } else {
                    format!("{node} committed {} ({}) and released its locks", txn_label(*txn), w.join(" "))
                },
                false,
                vec![LaneSignal::Commit { upto: *committed }, role(*pressing, *txn)],
            )
        }
        Note::Aborted { txn, released, unilateral, pressing } => (
            match (unilateral, released.is_empty()) {
                (true, false) => format!("{node} aborts {} on its own and releases {}", txn_label(*txn), keys(released)),
                (true, true) => format!("{node} had not voted on {}, so it aborts it", txn_label(*txn)),
                (false, false) => format!("{node} aborted {} and released {}", txn_label(*txn), keys(released)),
                (false, true) => format!("{node} aborted {}", txn_label(*txn)),
            },
            *unilateral && !released.is_empty(),
            vec![role(*pressing, *txn)],
        ),
        Note::InDoubt { txn, for_us, locks, asked } => {
            let who: Vec<String> = asked.iter().map(|a| a.to_string()).collect();
            (
                format!(
                    "{node} has been in doubt on {} for {:.2} s, holding {} locked; it asks {}",
                    txn_label(*txn),
                    *for_us as f64 / 1e6,
                    keys(locks),
                    who.join(", ")
                ),
                true,
                Vec::new(),
            )
        }
        Note::Learned { txn, outcome, from } => (
            format!("{node} learns from {from} that {} was decided: {}", txn_label(*txn), outcome.word()),
            true,
            Vec::new(),
        ),
        Note::NobodyKnows { txn, asked } => {
            let who: Vec<String> = asked.iter().map(|a| a.to_string()).collect();
            (
                format!("Cooperative termination fails for {}: {} are in doubt too, so {node} stays blocked", txn_label(*txn), who.join(", ")),
                true,
                Vec::new(),
            )
        }
        Note::Terminated { txn, outcome, states } => {
            let s: Vec<String> = states.iter().map(|(n, w)| format!("{n} {w}")).collect();
            (
                format!(
                    "Without the coordinator, {node} decides {} {} from the states it collected ({})",
                    outcome.word(),
                    txn_label(*txn),
                    if s.is_empty() { "no answers".into() } else { s.join(", ") }
                ),
                true,
                Vec::new(),
            )
        }
        Note::Restored { in_doubt, committed, pressing, .. } => (
            if in_doubt.is_empty() {
                format!("{node} restarted with {committed} committed transaction(s) in its log")
            } else {
                let t: Vec<String> = in_doubt.iter().map(|t| txn_label(*t)).collect();
                format!("{node} restarted in doubt on {}: its log says prepared, so it re-takes the locks and asks", t.join(", "))
            },
            true,
            vec![
                LaneSignal::Commit { upto: *committed },
                LaneSignal::Role { role: role_of(*pressing), epoch: None },
            ],
        ),
    };
    ShownNote {
        label: splitbrain_sim::Label::label(note),
        text: Some(text),
        major,
        signals,
    }
}

fn micros(key: &'static str, label: &'static str, help: &'static str, min: u64) -> OptionField {
    OptionField {
        key,
        label,
        help,
        kind: FieldKind::Integer {
            min: min as i64,
            max: MAX_TIMEOUT_US as i64,
            unit: "µs",
        },
    }
}

pub(crate) fn option_fields() -> Vec<OptionField> {
    let mut mutants = vec![(serde_json::Value::Null, "none (correct protocol)")];
    for m in Mutant::ALL {
        let label = match m {
            Mutant::LogAfterSend => "coordinator sends Commit before logging it",
            Mutant::UnilateralAbort => "participant aborts on a timeout after voting yes",
            Mutant::CommitMissingVote => "coordinator commits with one vote missing",
        };
        mutants.push((serde_json::Value::String(m.as_str().into()), label));
    }
    vec![
        OptionField {
            key: "variant",
            label: "Protocol",
            help: "Two-phase commit blocks when the coordinator fails; three-phase commit adds PreCommit and a termination protocol",
            kind: FieldKind::Choice(vec![
                (serde_json::json!("two_phase"), "two-phase commit"),
                (serde_json::json!("three_phase"), "three-phase commit"),
            ]),
        },
        OptionField {
            key: "presumed_abort",
            label: "Presumed abort",
            help: "Aborts are not logged or acknowledged; no record means abort",
            kind: FieldKind::Bool,
        },
        OptionField {
            key: "cooperative_termination",
            label: "Cooperative termination",
            help: "An in-doubt participant asks the other participants as well as the coordinator",
            kind: FieldKind::Bool,
        },
        micros("vote_timeout_us", "Vote timeout", "The coordinator aborts if the votes are not in by then", MIN_TIMEOUT_US),
        micros("decision_timeout_us", "Decision timeout", "An in-doubt participant asks for the decision this often", MIN_TIMEOUT_US),
        micros("lock_wait_us", "Lock wait", "How long a transaction waits for a lock before voting no (0: no-wait)", 0),
        micros("retry_us", "Retry", "Decisions are re-sent this often; three-phase rounds last this long", MIN_TIMEOUT_US),
        OptionField {
            key: "mutant",
            label: "Teaching mutant",
            help: "Break one rule on purpose, and watch the checkers catch it",
            kind: FieldKind::Choice(mutants),
        },
    ]
}
