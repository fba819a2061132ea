//! From Raft's notes (and the engine's crash events) to [`RoleSignal`]s; which Raft messages are heartbeats.

use super::{RoleSignal, Signal};
use splitbrain_raft::{Message, Note, Raft};
use splitbrain_sim::{Event, EventKind};

pub fn signals(events: &[Event<Raft>]) -> Vec<Signal> {
    let mut out = Vec::new();
    for e in events {
        let Some(node) = e.node else { continue };
        let mut push = |signal| {
            out.push(Signal {
                event: e.id,
                time: e.time,
                node,
                signal,
            })
        };
        match &e.kind {
            EventKind::Crash => push(RoleSignal::Down),
            EventKind::Note { note } => match note {
                Note::Restored {
                    term,
                    last_log_index,
                    ..
                } => {
                    push(RoleSignal::Follower { term: *term });
                    push(RoleSignal::LogLength(*last_log_index));
                }
                Note::BecameFollower { term } => push(RoleSignal::Follower { term: *term }),
                Note::BecamePreCandidate { term } => push(RoleSignal::PreCandidate { term: *term }),
                Note::BecameCandidate { term } => push(RoleSignal::Candidate { term: *term }),
                Note::BecameLeader { term } => push(RoleSignal::Leader { term: *term }),
                Note::TermChanged { term } => push(RoleSignal::Term { term: *term }),
                Note::Appended { index, .. } => push(RoleSignal::LogLength(*index)),
                Note::Truncated { from_index } => {
                    push(RoleSignal::LogLength(from_index.saturating_sub(1)))
                }
                Note::CommitAdvanced { commit_index } => push(RoleSignal::Commit(*commit_index)),
                _ => {}
            },
            _ => {}
        }
    }
    out
}

/// An AppendEntries with nothing to append is a heartbeat (its responses are recognised structurally).
pub fn is_heartbeat(msg: &Message) -> bool {
    matches!(msg, Message::AppendEntries { entries, .. } if entries.is_empty())
}
