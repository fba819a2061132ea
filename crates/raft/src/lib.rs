//! Raft, as in "In Search of an Understandable Consensus Algorithm" (Ongaro & Ousterhout, 2014), written as a
//! sans-IO state machine for the Splitbrain simulator.
//!
//! Every handler is handed the node's local time and pushes its effects (messages, timers, persistence,
//! client replies, notes) into an [`Out`] buffer; the engine owns the clock and the randomness, so a run is
//! reproducible from its seed. Names follow Figure 2 of the paper: `current_term`, `voted_for`, `log`,
//! `commit_index`, `last_applied`, `next_index`, `match_index`.
//!
//! Layout: [`options`] (knobs and mutants), [`message`] (RPCs and timers), [`log`] (entries, 1-based),
//! `election` (§5.2), `replication` (§5.3–5.4), `client` (client requests and reads), [`kv`] (the state
//! machine), [`note`] (what the trace records), [`check`] (the paper's five safety properties, checked
//! from the trace alone).

pub mod check;
mod client;
mod election;
pub mod face;
pub mod kv;
mod leader;
pub mod log;
pub mod message;
pub mod note;
pub mod options;
mod persist;
mod replication;

pub use check::RaftChecker;
pub use kv::Kv;
pub use log::{Command, Entry};
pub use message::{Message, Timer};
pub use note::Note;
pub use options::{Mutant, RaftOptions, ReadMode};
pub use persist::PersistentState;

use leader::LeaderState;
use serde::{Deserialize, Serialize};
use splitbrain_sim::{
    ClientOp, ClusterInfo, LocalTime, NodeId, OpId, Out, Protocol, Simulation, Timeline,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A Raft cluster in the simulator, with the Raft checker watching.
pub type RaftSim = Simulation<Raft, RaftChecker>;
/// A Raft run with time travel, with the Raft checker watching.
pub type RaftTimeline = Timeline<Raft, RaftChecker>;
/// A Raft run as the lab holds it (`Box<dyn Session>`).
pub type RaftRun = splitbrain_sim::Run<Raft, RaftChecker>;

/// What a server currently is (Figure 4 of the paper, plus the pre-vote stage of the thesis).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Follower,
    /// Only with `pre_vote`: polling peers before starting a real election.
    PreCandidate,
    Candidate,
    Leader,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Follower => "follower",
            Role::PreCandidate => "pre-candidate",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        })
    }
}

/// One Raft server.
#[derive(Clone, Debug)]
pub struct Raft {
    id: NodeId,
    nodes: u32,
    options: RaftOptions,

    // Persistent state on all servers (Figure 2): saved with `out.persist` before any reply depends on it.
    current_term: u64,
    voted_for: Option<NodeId>,
    log: log::Log,

    // Volatile state on all servers.
    role: Role,
    commit_index: u64,
    last_applied: u64,
    leader_id: Option<NodeId>,
    kv: Kv,
    /// Votes (or pre-votes, while a pre-candidate) granted to this node in the current attempt.
    votes_received: BTreeSet<NodeId>,
    /// When this node last heard from a leader of its current term, on its local clock. Pre-vote and
    /// check-quorum refuse to help a challenger while this is recent.
    last_leader_contact: Option<LocalTime>,

    /// Volatile state on leaders, reinitialized after each election.
    leader: Option<LeaderState>,

    /// The shared chunks of the last persisted log, reused by the next persist (see `persist.rs`).
    persisted_chunks: Vec<std::sync::Arc<[Entry]>>,
}

impl Raft {
    pub fn id(&self) -> NodeId {
        self.id
    }

    pub fn options(&self) -> &RaftOptions {
        &self.options
    }

    pub fn role(&self) -> Role {
        self.role
    }

    pub fn current_term(&self) -> u64 {
        self.current_term
    }

    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }

    /// The log, 0-based: the paper's entry `i` (1-based) is `log()[i - 1]`.
    pub fn log(&self) -> &[Entry] {
        self.log.entries()
    }

    /// Index of the last log entry (0 when the log is empty), 1-based as in the paper.
    pub fn last_log_index(&self) -> u64 {
        self.log.last_index()
    }

    pub fn last_log_term(&self) -> u64 {
        self.log.last_term()
    }

    pub fn commit_index(&self) -> u64 {
        self.commit_index
    }

    pub fn last_applied(&self) -> u64 {
        self.last_applied
    }

    /// The leader this node believes in for its current term (itself, if it leads).
    pub fn leader_id(&self) -> Option<NodeId> {
        self.leader_id
    }

    /// Leaders only: for each follower, the index of the next entry to send it.
    pub fn next_index(&self) -> Option<&BTreeMap<NodeId, u64>> {
        self.leader.as_ref().map(|l| &l.next_index)
    }

    /// Leaders only: for each follower, the highest entry known to be replicated on it.
    pub fn match_index(&self) -> Option<&BTreeMap<NodeId, u64>> {
        self.leader.as_ref().map(|l| &l.match_index)
    }

    /// The key-value state machine's contents (entries up to `last_applied`).
    pub fn kv(&self) -> &BTreeMap<String, String> {
        self.kv.data()
    }

    /// Candidates (and pre-candidates): who has granted a vote in the current attempt, self included.
    pub fn votes_received(&self) -> &BTreeSet<NodeId> {
        &self.votes_received
    }

    /// Leaders with `read_mode: "lease"`: until when (on this node's local clock) reads may be served
    /// locally.
    pub fn lease_expires(&self) -> Option<LocalTime> {
        self.leader.as_ref().and_then(|l| l.lease_expires)
    }

    /// Client operations a leader is still working on (awaiting commit, or a read awaiting confirmation).
    pub fn pending_requests(&self) -> usize {
        self.leader
            .as_ref()
            .map_or(0, |l| l.pending.len() + l.reads.len())
    }

    fn majority(&self) -> usize {
        self.nodes as usize / 2 + 1
    }

    fn peers(&self) -> impl Iterator<Item = NodeId> + 'static {
        let (me, n) = (self.id, self.nodes);
        (0..n).map(NodeId).filter(move |p| *p != me)
    }
}

impl Protocol for Raft {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = PersistentState;
    type Note = Note;
    type Options = RaftOptions;
    const NAME: &'static str = "raft";

    fn validate_options(options: &RaftOptions, nodes: u32) -> Result<(), (String, String)> {
        options.validate(nodes)
    }

    fn new(
        cluster: &ClusterInfo,
        options: &RaftOptions,
        persisted: Option<&PersistentState>,
    ) -> Self {
        let mut raft = Raft {
            id: cluster.id,
            nodes: cluster.nodes,
            options: options.clone(),
            current_term: 0,
            voted_for: None,
            log: log::Log::default(),
            role: Role::Follower,
            commit_index: 0,
            last_applied: 0,
            leader_id: None,
            kv: Kv::default(),
            votes_received: BTreeSet::new(),
            last_leader_contact: None,
            leader: None,
            persisted_chunks: Vec::new(),
        };
        if let Some(p) = persisted {
            raft.current_term = p.current_term();
            // The mutant "forgets" its vote: exactly what a server that did not fsync voted_for would do.
            raft.voted_for = if options.is(Mutant::ForgetVotedForOnRestart) {
                None
            } else {
                p.voted_for()
            };
            raft.log = log::Log::from_entries(p.log());
        }
        raft
    }

    fn on_start(&mut self, now: LocalTime, out: &mut Out<Self>) {
        if self.current_term > 0 || self.log.last_index() > 0 {
            out.note(Note::Restored {
                term: self.current_term,
                voted_for: self.voted_for,
                last_log_index: self.log.last_index(),
            });
        }
        out.note(Note::BecameFollower {
            term: self.current_term,
        });
        if self.options.effective_read_mode() == ReadMode::Lease {
            // A node that just booted cannot know whether a leader's lease is running; it behaves as if it had
            // just heard from one, so it cannot help unseat a leader before an election timeout has passed.
            // (Check-quorum alone does not need this: its stickiness only guards against disruption.)
            self.last_leader_contact = Some(now);
        }
        self.reset_election_timer(out);
    }

    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        if from == self.id || from.0 >= self.nodes {
            return; // not from a peer: nothing in Raft answers it
        }
        match msg {
            Message::RequestVote {
                term,
                candidate_id,
                last_log_index,
                last_log_term,
            } => self.on_request_vote(
                now,
                from,
                term,
                candidate_id,
                last_log_index,
                last_log_term,
                out,
            ),
            Message::RequestVoteResponse { term, vote_granted } => {
                self.on_request_vote_response(now, from, term, vote_granted, out)
            }
            Message::PreVote {
                term,
                candidate_id: _,
                last_log_index,
                last_log_term,
            } => self.on_pre_vote(now, from, term, last_log_index, last_log_term, out),
            Message::PreVoteResponse { term, vote_granted } => {
                self.on_pre_vote_response(now, from, term, vote_granted, out)
            }
            Message::AppendEntries {
                term,
                leader_id: _,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
                seq,
            } => {
                let request = replication::AppendRequest {
                    term,
                    prev_log_index,
                    prev_log_term,
                    entries,
                    leader_commit,
                    seq,
                };
                self.on_append_entries(now, from, request, out)
            }
            Message::AppendEntriesResponse {
                term,
                success,
                match_index,
                conflict_index,
                conflict_term,
                seq,
            } => {
                let response = replication::AppendResponse {
                    term,
                    success,
                    match_index,
                    conflict_index,
                    conflict_term,
                    seq,
                };
                self.on_append_entries_response(now, from, response, out)
            }
        }
    }

    fn on_timer(&mut self, now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        match timer {
            Timer::Election => self.on_election_timeout(now, out),
            Timer::Heartbeat => {
                if self.role == Role::Leader {
                    self.broadcast_append_entries(now, out);
                }
            }
            Timer::CheckQuorum => self.on_check_quorum(now, out),
        }
    }

    fn on_client_request(
        &mut self,
        now: LocalTime,
        op_id: OpId,
        op: &ClientOp,
        out: &mut Out<Self>,
    ) {
        self.client_request(now, op_id, op, out);
    }

    /// "Time out now": a follower or candidate starts a real election at once (skipping pre-vote, as a
    /// leadership transfer does). A leader has no election timeout, so it ignores the button.
    fn on_force_timeout(&mut self, now: LocalTime, out: &mut Out<Self>) {
        if self.role != Role::Leader {
            self.start_election(now, out);
        }
    }
}
