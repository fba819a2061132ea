//! The one place the app names its protocol. Everything else reads node state through [`NodeInfo`] and
//! messages through [`MsgClass`], so switching the protocol (ping while Raft was being written, Raft now)
//! touches only this file.

use splitbrain_sim::ping::{Ping, PingMsg, PingNote, PingTimer};
use splitbrain_sim::{Label, NodeId, NoChecker, Protocol, Timeline};

/// The protocol the lab runs.
pub type Proto = Ping;
/// The invariant checker that watches the run.
pub type Check = NoChecker;
/// The simulation with its trace and snapshots, as the whole app shares it.
pub type RaftTimeline = Timeline<Proto, Check>;
pub type Msg = <Proto as Protocol>::Msg;
pub type Timer = <Proto as Protocol>::Timer;
pub type Note = <Proto as Protocol>::Note;

/// The `cluster.protocol` name of scenarios this app runs.
pub const PROTOCOL: &str = <Proto as Protocol>::NAME;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Follower,
    Candidate,
    Leader,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        }
    }

    /// One letter for the node badge (the colour is never the only cue).
    pub fn letter(self) -> &'static str {
        match self {
            Role::Follower => "F",
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
    pub log: Vec<LogRow>,
    /// (peer, nextIndex, matchIndex), only on a leader.
    pub replication: Vec<(NodeId, u64, u64)>,
    pub kv: Vec<(String, String)>,
}

pub fn node_info(p: &Proto) -> NodeInfo {
    NodeInfo {
        role: Role::Follower,
        term: 0,
        voted_for: None,
        leader: None,
        commit_index: p.pongs,
        last_applied: p.acks,
        log: Vec::new(),
        replication: Vec::new(),
        kv: Vec::new(),
    }
}

/// Message families, each with its own colour and short tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MsgClass {
    Vote,
    VoteReply,
    Append,
    AppendReply,
    Other,
}

impl MsgClass {
    pub fn css(self) -> &'static str {
        match self {
            MsgClass::Vote => "m-vote",
            MsgClass::VoteReply => "m-vote-reply",
            MsgClass::Append => "m-append",
            MsgClass::AppendReply => "m-append-reply",
            MsgClass::Other => "m-other",
        }
    }
}

pub fn msg_class(m: &Msg) -> MsgClass {
    match m {
        PingMsg::Ping { .. } => MsgClass::Vote,
        PingMsg::Pong { .. } => MsgClass::VoteReply,
        PingMsg::Probe => MsgClass::Append,
        PingMsg::ProbeAck => MsgClass::AppendReply,
    }
}

/// A two- or three-letter tag drawn on the message dot.
pub fn msg_tag(m: &Msg) -> &'static str {
    match m {
        PingMsg::Ping { .. } => "P",
        PingMsg::Pong { .. } => "Po",
        PingMsg::Probe => "Pr",
        PingMsg::ProbeAck => "PA",
    }
}

/// The full message label with its key fields, for lists and tooltips.
pub fn msg_text(m: &Msg) -> String {
    m.label()
}

/// Whether this timer is the one the timer ring shows (Raft: the election timeout).
pub fn is_ring_timer(_t: &Timer) -> bool {
    matches!(_t, PingTimer::Heartbeat)
}

/// A protocol note in plain language: "n3 became candidate for term 4".
pub fn note_text(node: NodeId, note: &Note) -> String {
    let PingNote { pongs } = note;
    format!("{node} has seen {pongs} pongs")
}

/// Note labels that deserve emphasis in the narration strip.
pub fn note_is_major(_note: &Note) -> bool {
    false
}

/// Protocol options the run panel edits, as the JSON the scenario stores.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionsForm {
    pub election_min_ms: u64,
    pub election_max_ms: u64,
    pub heartbeat_ms: u64,
    pub pre_vote: bool,
    pub check_quorum: bool,
    pub read_mode: String,
    pub mutant: String,
}

impl Default for OptionsForm {
    fn default() -> Self {
        OptionsForm {
            election_min_ms: 150,
            election_max_ms: 300,
            heartbeat_ms: 50,
            pre_vote: false,
            check_quorum: false,
            read_mode: String::new(),
            mutant: String::new(),
        }
    }
}

/// Read modes and mutants offered in the run panel: (value, label).
pub const READ_MODES: &[(&str, &str)] = &[];
pub const MUTANTS: &[(&str, &str)] = &[("", "none (correct protocol)")];

impl OptionsForm {
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "heartbeat_us": self.heartbeat_ms.clamp(1, 10_000) * 1000 })
    }

    pub fn from_json(v: &serde_json::Value) -> Self {
        let mut f = OptionsForm::default();
        if let Some(h) = v.get("heartbeat_us").and_then(|h| h.as_u64()) {
            f.heartbeat_ms = h / 1000;
        }
        f
    }
}
