//! The one place the app names its protocol. Everything else reads node state through [`NodeInfo`] and
//! messages through [`MsgClass`], so the views stay small and a protocol change touches only this file.

use splitbrain_raft::{
    Message, Mutant, Note as RaftNote, Raft, RaftOptions, ReadMode, Role as RaftRole,
    Timer as RaftTimer,
};
use splitbrain_sim::{NodeId, Protocol};

/// The protocol the lab runs.
pub type Proto = Raft;
/// The invariant checker that watches the run.
pub type Check = splitbrain_raft::RaftChecker;
/// The simulation with its trace and snapshots, as the whole app shares it.
pub type RaftTimeline = splitbrain_raft::RaftTimeline;
pub type Msg = <Proto as Protocol>::Msg;
pub type Timer = <Proto as Protocol>::Timer;
pub type Note = <Proto as Protocol>::Note;

/// The `cluster.protocol` name of scenarios this app runs.
pub const PROTOCOL: &str = <Proto as Protocol>::NAME;
/// Largest cluster the lab shows.
pub const MAX_NODES: u32 = splitbrain_raft::options::MAX_NODES;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Follower,
    PreCandidate,
    Candidate,
    Leader,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::PreCandidate => "pre-candidate",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        }
    }

    /// One letter for the node badge (the colour is never the only cue).
    pub fn letter(self) -> &'static str {
        match self {
            Role::Follower => "F",
            Role::PreCandidate => "P",
            Role::Candidate => "C",
            Role::Leader => "L",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LogRow {
    pub index: u64,
    pub term: u64,
    pub text: String,
}

/// What the inspector and the cluster view show about one running node.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeInfo {
    pub role: Role,
    pub term: u64,
    pub voted_for: Option<NodeId>,
    pub leader: Option<NodeId>,
    pub commit_index: u64,
    pub last_applied: u64,
    pub log_len: u64,
    /// (peer, nextIndex, matchIndex), only on a leader.
    pub replication: Vec<(NodeId, u64, u64)>,
}

pub fn node_info(p: &Proto) -> NodeInfo {
    let replication = match (p.next_index(), p.match_index()) {
        (Some(next), Some(matched)) => next
            .iter()
            .map(|(peer, n)| (*peer, *n, matched.get(peer).copied().unwrap_or(0)))
            .collect(),
        _ => Vec::new(),
    };
    NodeInfo {
        role: match p.role() {
            RaftRole::Follower => Role::Follower,
            RaftRole::PreCandidate => Role::PreCandidate,
            RaftRole::Candidate => Role::Candidate,
            RaftRole::Leader => Role::Leader,
        },
        term: p.current_term(),
        voted_for: p.voted_for(),
        leader: p.leader_id(),
        commit_index: p.commit_index(),
        last_applied: p.last_applied(),
        log_len: p.log().len() as u64,
        replication,
    }
}

/// The log (1-based indices, as in the paper), at most the last `limit` entries.
pub fn log_rows(p: &Proto, limit: usize) -> Vec<LogRow> {
    let log = p.log();
    let skip = log.len().saturating_sub(limit);
    log.iter()
        .enumerate()
        .skip(skip)
        .map(|(i, e)| LogRow {
            index: i as u64 + 1,
            term: e.term,
            text: e.command.to_string(),
        })
        .collect()
}

pub fn kv_rows(p: &Proto) -> Vec<(String, String)> {
    p.kv().iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// Message families, each with its own colour and short tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MsgClass {
    Vote,
    VoteReply,
    Append,
    AppendReply,
}

impl MsgClass {
    pub fn css(self) -> &'static str {
        match self {
            MsgClass::Vote => "m-vote",
            MsgClass::VoteReply => "m-vote-reply",
            MsgClass::Append => "m-append",
            MsgClass::AppendReply => "m-append-reply",
        }
    }
}

pub fn msg_class(m: &Msg) -> MsgClass {
    match m {
        Message::RequestVote { .. } | Message::PreVote { .. } => MsgClass::Vote,
        Message::RequestVoteResponse { .. } | Message::PreVoteResponse { .. } => {
            MsgClass::VoteReply
        }
        Message::AppendEntries { .. } => MsgClass::Append,
        Message::AppendEntriesResponse { .. } => MsgClass::AppendReply,
    }
}

/// A two- or three-letter tag drawn on the message dot.
pub fn msg_tag(m: &Msg) -> &'static str {
    match m {
        Message::RequestVote { .. } => "RV",
        Message::RequestVoteResponse {
            vote_granted: true, ..
        } => "✓",
        Message::RequestVoteResponse { .. } => "✗",
        Message::PreVote { .. } => "PV",
        Message::PreVoteResponse {
            vote_granted: true, ..
        } => "✓",
        Message::PreVoteResponse { .. } => "✗",
        Message::AppendEntries { entries, .. } if entries.is_empty() => "HB",
        Message::AppendEntries { .. } => "AE",
        Message::AppendEntriesResponse { success: true, .. } => "ok",
        Message::AppendEntriesResponse { .. } => "no",
    }
}

/// The message with its key fields, for lists and tooltips.
pub fn msg_text(m: &Msg) -> String {
    match m {
        Message::RequestVote { term, .. } => format!("RequestVote (term {term})"),
        Message::RequestVoteResponse { term, vote_granted } => {
            format!(
                "Vote {} (term {term})",
                if *vote_granted { "granted" } else { "refused" }
            )
        }
        Message::PreVote { term, .. } => format!("PreVote (term {term})"),
        Message::PreVoteResponse { term, vote_granted } => {
            format!(
                "PreVote {} (term {term})",
                if *vote_granted { "granted" } else { "refused" }
            )
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
            success,
            match_index,
            ..
        } => {
            if *success {
                format!("Append ok, match #{match_index} (term {term})")
            } else {
                format!("Append refused (term {term})")
            }
        }
    }
}

/// Whether this timer is the one the timer ring shows: the election timeout.
pub fn is_ring_timer(t: &Timer) -> bool {
    matches!(t, RaftTimer::Election)
}

/// A protocol note in plain language ("n3 became candidate for term 4"), or `None` for bookkeeping notes
/// too small for the narration strip.
pub fn note_text(node: NodeId, note: &Note) -> Option<String> {
    Some(match note {
        RaftNote::Restored {
            term,
            voted_for,
            last_log_index,
        } => format!(
            "{node} restarted remembering term {term}, vote {}, {last_log_index} log entries",
            voted_for
                .map(|v| v.to_string())
                .unwrap_or_else(|| "none".into())
        ),
        RaftNote::BecameFollower { term } => format!("{node} became follower in term {term}"),
        RaftNote::BecamePreCandidate { term } => {
            format!("{node} timed out and asks for pre-votes for term {term}")
        }
        RaftNote::BecameCandidate { term } => {
            format!("{node} timed out and became candidate for term {term}")
        }
        RaftNote::BecameLeader { term } => {
            format!("{node} won the election: leader for term {term}")
        }
        RaftNote::Voted { term, r#for } if *r#for == node => {
            format!("{node} voted for itself in term {term}")
        }
        RaftNote::Voted { term, r#for } => format!("{node} voted for {} in term {term}", r#for),
        RaftNote::LostQuorum { term } => {
            format!("{node} lost touch with a majority and stepped down (term {term})")
        }
        RaftNote::Truncated { from_index } => {
            format!("{node} deleted conflicting log entries from #{from_index}")
        }
        RaftNote::CommitAdvanced { commit_index } => {
            format!("{node} committed up to #{commit_index}")
        }
        RaftNote::ReadServed { key, value, mode } => format!(
            "{node} answered get {key} = {} ({})",
            value.as_deref().unwrap_or("∅"),
            mode.as_str()
        ),
        RaftNote::TermChanged { .. }
        | RaftNote::VoteReceived { .. }
        | RaftNote::LeaderKnown { .. }
        | RaftNote::Appended { .. }
        | RaftNote::Applied { .. } => return None,
    })
}

/// Notes that deserve emphasis in the narration strip.
pub fn note_is_major(note: &Note) -> bool {
    matches!(
        note,
        RaftNote::BecameCandidate { .. }
            | RaftNote::BecameLeader { .. }
            | RaftNote::LostQuorum { .. }
    )
}

/// Protocol options the run panel edits.
pub type Options = RaftOptions;

/// Read modes offered in the run panel: (value, label).
pub const READ_MODES: &[(ReadMode, &str)] = &[
    (ReadMode::Log, "through the log (linearizable)"),
    (ReadMode::ReadIndex, "ReadIndex (heartbeat round)"),
    (ReadMode::Lease, "leader lease (clock-dependent)"),
    (ReadMode::UnsafeLocal, "local read (unsafe)"),
];

pub fn mutant_label(m: Mutant) -> &'static str {
    match m {
        Mutant::CommitPreviousTermByCount => "commit old-term entries by count (Figure 8)",
        Mutant::VoteWithoutLogCheck => "vote without the log up-to-date check",
        Mutant::FixedElectionTimeout => "fixed election timeout (split votes)",
        Mutant::UnsafeLocalReads => "leaders read locally",
        Mutant::ForgetVotedForOnRestart => "forget votedFor on restart",
    }
}

pub fn mutant_key(m: Mutant) -> String {
    serde_json::to_value(m)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn mutants() -> &'static [Mutant] {
    &Mutant::ALL
}

pub fn options_from_json(v: &serde_json::Value) -> Options {
    if v.is_null() {
        return Options::default();
    }
    serde_json::from_value(v.clone()).unwrap_or_default()
}

pub fn options_to_json(o: &Options) -> serde_json::Value {
    serde_json::to_value(o).unwrap_or(serde_json::Value::Null)
}
