//! Raft's face in the lab: roles, message families, plain-language notes, lane signals, inspector sections
//! and option fields. The lab's views read only these (see `splitbrain_sim::describe`).

use crate::message::{Message, Timer};
use crate::note::Note;
use crate::options::{Mutant, ReadMode};
use crate::{Raft, Role};
use splitbrain_sim::{
    Consistency, Describe, Face, Family, FieldKind, LaneSignal, NodeId, NodeSummary, OptionField,
    Protocol, RoleStyle, Section, ShownMsg, ShownNote, ShownTimer, Table,
};

const FOLLOWER: u8 = 0;
const PRE_CANDIDATE: u8 = 1;
const CANDIDATE: u8 = 2;
const LEADER: u8 = 3;

const ROLES: &[RoleStyle] = &[
    RoleStyle {
        name: "follower",
        letter: "F",
        tone: 0,
        exclusive: false,
    },
    RoleStyle {
        name: "pre-candidate",
        letter: "P",
        tone: 3,
        exclusive: false,
    },
    RoleStyle {
        name: "candidate",
        letter: "C",
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

const FAMILIES: &[Family] = &[
    Family {
        key: "vote",
        legend: "RequestVote / PreVote",
    },
    Family {
        key: "vote-reply",
        legend: "vote granted ✓ / refused ✗",
    },
    Family {
        key: "append",
        legend: "AppendEntries (HB = heartbeat)",
    },
    Family {
        key: "append-reply",
        legend: "append ok / refused",
    },
];

fn role_index(role: Role) -> u8 {
    match role {
        Role::Follower => FOLLOWER,
        Role::PreCandidate => PRE_CANDIDATE,
        Role::Candidate => CANDIDATE,
        Role::Leader => LEADER,
    }
}

fn option_fields() -> Vec<OptionField> {
    let read_modes = [
        (ReadMode::Log, "through the log (linearizable)"),
        (ReadMode::ReadIndex, "ReadIndex (heartbeat round)"),
        (ReadMode::Lease, "leader lease (clock-dependent)"),
        (ReadMode::UnsafeLocal, "local read (unsafe)"),
    ];
    let mut mutants = vec![(serde_json::Value::Null, "none (correct Raft)")];
    mutants.extend(Mutant::ALL.iter().map(|m| (json(m), mutant_label(*m))));
    vec![
        OptionField {
            key: "election_timeout_min_us",
            label: "election timeout min",
            help: "Each node draws its election timeout from [min, max] on its own clock.",
            kind: FieldKind::Integer {
                min: 1_000,
                max: 60_000_000,
                unit: "µs",
            },
        },
        OptionField {
            key: "election_timeout_max_us",
            label: "election timeout max",
            help: "A wide range makes split votes rare.",
            kind: FieldKind::Integer {
                min: 1_000,
                max: 60_000_000,
                unit: "µs",
            },
        },
        OptionField {
            key: "heartbeat_us",
            label: "heartbeat",
            help: "How often a leader sends AppendEntries even with nothing new.",
            kind: FieldKind::Integer {
                min: 1_000,
                max: 60_000_000,
                unit: "µs",
            },
        },
        OptionField {
            key: "pre_vote",
            label: "pre-vote",
            help: "Ask whether peers would vote before bumping the term (thesis §9.6).",
            kind: FieldKind::Bool,
        },
        OptionField {
            key: "check_quorum",
            label: "check quorum",
            help: "A leader that hears from no majority for a timeout steps down.",
            kind: FieldKind::Bool,
        },
        OptionField {
            key: "read_mode",
            label: "reads",
            help: "How a leader serves get.",
            kind: FieldKind::Choice(read_modes.iter().map(|(m, l)| (json(m), *l)).collect()),
        },
        OptionField {
            key: "mutant",
            label: "teaching mutant",
            help: "Break one rule of the paper on purpose.",
            kind: FieldKind::Choice(mutants),
        },
    ]
}

fn json(v: &impl serde::Serialize) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// The rule each mutant breaks, as the Run panel lists it.
pub fn mutant_label(m: Mutant) -> &'static str {
    match m {
        Mutant::CommitPreviousTermByCount => "commit old-term entries by count (Figure 8)",
        Mutant::VoteWithoutLogCheck => "vote without the log up-to-date check",
        Mutant::FixedElectionTimeout => "fixed election timeout (split votes)",
        Mutant::UnsafeLocalReads => "leaders read locally",
        Mutant::ForgetVotedForOnRestart => "forget votedFor on restart",
    }
}

impl Describe for Raft {
    const FACE: Face = Face {
        name: <Raft as Protocol>::NAME,
        epoch_word: "term",
        epoch_label: |term| term.to_string(),
        roles: ROLES,
        base_role: FOLLOWER,
        families: FAMILIES,
        commit_word: "committed",
        client_ops: <Raft as Protocol>::CLIENT_OPS,
        consistency: Consistency::Linearizable,
        nodes: (1, crate::options::MAX_NODES),
        option_fields,
    };

    fn summary(&self) -> NodeSummary {
        NodeSummary {
            role: role_index(self.role()),
            epoch: self.current_term(),
            leader: self.leader_id(),
            detail: Some(format!("commit {}", self.commit_index())),
        }
    }

    fn inspector(&self) -> Vec<Section> {
        let none = || "—".to_string();
        let mut sections = vec![Section::rows(
            "state",
            "",
            vec![
                ("term".into(), self.current_term().to_string()),
                (
                    "votedFor".into(),
                    self.voted_for().map_or_else(none, |v| v.to_string()),
                ),
                (
                    "leader".into(),
                    self.leader_id()
                        .map_or_else(|| "unknown".into(), |v| v.to_string()),
                ),
                ("commitIndex".into(), self.commit_index().to_string()),
                ("lastApplied".into(), self.last_applied().to_string()),
                ("log length".into(), self.log().len().to_string()),
            ],
        )];
        // The last 40 entries, 1-based as in the paper.
        let log = self.log();
        let skip = log.len().saturating_sub(40);
        let rows: Vec<Vec<String>> = log
            .iter()
            .enumerate()
            .skip(skip)
            .map(|(i, e)| {
                vec![
                    (i + 1).to_string(),
                    e.term.to_string(),
                    e.command.to_string(),
                ]
            })
            .collect();
        let mut table = Table::new(&["#", "term", "command"], rows, "empty");
        table.marked = (skip..log.len())
            .filter(|i| (*i as u64) < self.commit_index())
            .map(|i| i - skip)
            .collect();
        table.marked_means = "committed".into();
        sections.push(Section::table("log", "Log", table));
        if let (Some(next), Some(matched)) = (self.next_index(), self.match_index()) {
            let rows = next
                .iter()
                .map(|(peer, n)| {
                    let m = matched.get(peer).copied().unwrap_or(0);
                    vec![peer.to_string(), n.to_string(), m.to_string()]
                })
                .collect();
            let table = Table::new(&["peer", "nextIndex", "matchIndex"], rows, "no peers");
            sections.push(Section::table("repl", "Replication (leader)", table));
        }
        let kv = self
            .kv()
            .iter()
            .map(|(k, v)| vec![k.clone(), v.clone()])
            .collect();
        let table = Table::new(&["key", "value"], kv, "nothing applied yet");
        sections.push(Section::table("kv", "Key-value state (applied)", table));
        sections
    }

    fn show_msg(m: &Message) -> ShownMsg {
        let (family, tag, heartbeat) = match m {
            Message::RequestVote { .. } => (0, "RV", false),
            Message::PreVote { .. } => (0, "PV", false),
            Message::RequestVoteResponse {
                vote_granted: true, ..
            }
            | Message::PreVoteResponse {
                vote_granted: true, ..
            } => (1, "✓", false),
            Message::RequestVoteResponse { .. } | Message::PreVoteResponse { .. } => {
                (1, "✗", false)
            }
            Message::AppendEntries { entries, .. } if entries.is_empty() => (2, "HB", true),
            Message::AppendEntries { .. } => (2, "AE", false),
            Message::AppendEntriesResponse { success: true, .. } => (3, "ok", false),
            Message::AppendEntriesResponse { .. } => (3, "no", false),
        };
        ShownMsg {
            label: splitbrain_sim::Label::label(m),
            family,
            tag: tag.into(),
            text: msg_text(m),
            heartbeat,
        }
    }

    fn show_timer(t: &Timer) -> ShownTimer {
        ShownTimer {
            label: splitbrain_sim::Label::label(t),
            ring: matches!(t, Timer::Election),
        }
    }

    fn show_note(node: NodeId, note: &Note) -> ShownNote {
        ShownNote {
            label: splitbrain_sim::Label::label(note),
            text: note_text(node, note),
            major: matches!(
                note,
                Note::BecameCandidate { .. } | Note::BecameLeader { .. } | Note::LostQuorum { .. }
            ),
            signals: signals(note),
        }
    }
}

fn signals(note: &Note) -> Vec<LaneSignal> {
    let role = |role, term| LaneSignal::Role {
        role,
        epoch: Some(term),
    };
    match *note {
        Note::Restored {
            term,
            last_log_index,
            ..
        } => {
            vec![
                role(FOLLOWER, term),
                LaneSignal::Log {
                    len: last_log_index,
                },
            ]
        }
        Note::BecameFollower { term } => vec![role(FOLLOWER, term)],
        // A pre-candidate campaigns for term+1 without adopting it.
        Note::BecamePreCandidate { .. } => vec![LaneSignal::Role {
            role: PRE_CANDIDATE,
            epoch: None,
        }],
        Note::BecameCandidate { term } => vec![role(CANDIDATE, term)],
        Note::BecameLeader { term } => vec![role(LEADER, term)],
        Note::TermChanged { term } => vec![LaneSignal::Epoch { epoch: term }],
        Note::Appended { index, .. } => vec![LaneSignal::Log { len: index }],
        Note::Truncated { from_index } => vec![LaneSignal::Log {
            len: from_index.saturating_sub(1),
        }],
        Note::CommitAdvanced { commit_index } => vec![LaneSignal::Commit { upto: commit_index }],
        _ => Vec::new(),
    }
}

fn msg_text(m: &Message) -> String {
    let verdict = |granted: bool| if granted { "granted" } else { "refused" };
    match m {
        Message::RequestVote { term, .. } => format!("RequestVote (term {term})"),
        Message::RequestVoteResponse { term, vote_granted } => {
            format!("Vote {} (term {term})", verdict(*vote_granted))
        }
        Message::PreVote { term, .. } => format!("PreVote (term {term})"),
        Message::PreVoteResponse { term, vote_granted } => {
            format!("PreVote {} (term {term})", verdict(*vote_granted))
        }
        Message::AppendEntries {
            term,
            entries,
            leader_commit,
            ..
        } if entries.is_empty() => {
            format!("Heartbeat (term {term}, commit {leader_commit})")
        }
        Message::AppendEntries {
            term,
            entries,
            prev_log_index,
            ..
        } => {
            format!(
                "AppendEntries ×{} after #{prev_log_index} (term {term})",
                entries.len()
            )
        }
        Message::AppendEntriesResponse {
            term,
            success: true,
            match_index,
            ..
        } => {
            format!("Append ok, match #{match_index} (term {term})")
        }
        Message::AppendEntriesResponse { term, .. } => format!("Append refused (term {term})"),
    }
}

/// A note in plain language ("n3 became candidate for term 4"), or `None` for bookkeeping notes too small
/// for the narration strip.
fn note_text(node: NodeId, note: &Note) -> Option<String> {
    Some(match note {
        Note::Restored {
            term,
            voted_for,
            last_log_index,
        } => format!(
            "{node} restarted remembering term {term}, vote {}, {last_log_index} log entries",
            voted_for.map_or_else(|| "none".into(), |v| v.to_string())
        ),
        Note::BecameFollower { term } => format!("{node} became follower in term {term}"),
        Note::BecamePreCandidate { term } => {
            format!("{node} timed out and asks for pre-votes for term {term}")
        }
        Note::BecameCandidate { term } => {
            format!("{node} timed out and became candidate for term {term}")
        }
        Note::BecameLeader { term } => format!("{node} won the election: leader for term {term}"),
        Note::Voted { term, r#for } if *r#for == node => {
            format!("{node} voted for itself in term {term}")
        }
        Note::Voted { term, r#for } => format!("{node} voted for {} in term {term}", r#for),
        Note::LostQuorum { term } => {
            format!("{node} lost touch with a majority and stepped down (term {term})")
        }
        Note::Truncated { from_index } => {
            format!("{node} deleted conflicting log entries from #{from_index}")
        }
        Note::CommitAdvanced { commit_index } => format!("{node} committed up to #{commit_index}"),
        Note::ReadServed { key, value, mode } => format!(
            "{node} answered get {key} = {} ({})",
            value.as_deref().unwrap_or("∅"),
            mode.as_str()
        ),
        Note::TermChanged { .. }
        | Note::VoteReceived { .. }
        | Note::LeaderKnown { .. }
        | Note::Appended { .. }
        | Note::Applied { .. } => return None,
    })
}
