//! Atomic commitment for Splitbrain: two-phase commit as in Jim Gray's *Notes on Data Base Operating
//! Systems* (1978, §5.8.3) and Gray & Lamport's *Consensus on Transaction Commit* (2006, §3), with presumed
//! abort (Mohan, Lindsay & Obermarck, *Transaction Management in the R\* Distributed Database Management
//! System*, 1986), cooperative termination (Bernstein, Hadzilacos & Goodman, *Concurrency Control and
//! Recovery in Database Systems*, 1987, ch. 7) and Skeen's three-phase commit (*Nonblocking Commit
//! Protocols*, 1981), written as a sans-IO state machine for the Splitbrain simulator (`"two-phase-commit"`).
//!
//! n1 is the coordinator; every other node is a participant owning a shard of the keys ([`shard`]). Clients
//! submit transactions (writes and reads, possibly spanning participants); a put or get is a one-key
//! transaction. Participants lock with strict two-phase locking ([`locks`]).
//!
//! Layout: [`message`] (messages, timers), [`note`] (what the trace records), [`options`] (variants,
//! timeouts, mutants), [`persist`] (each node's log), [`coordinator`], [`participant`], `face` (the lab's
//! view, and the run's facts), [`check`] (Atomicity, Commit Validity, Durability, Isolation, from the trace).

pub mod check;
pub mod coordinator;
mod face;
pub mod locks;
pub mod message;
pub mod note;
pub mod options;
pub mod participant;
pub mod persist;
pub mod shard;

pub use check::CommitChecker;
pub use coordinator::Coordinator;
pub use message::{Message, Outcome, Status, Timer, TxnId};
pub use note::{Note, Pressing};
pub use options::{CommitOptions, Mutant, Variant};
pub use participant::{Participant, TxnState};
pub use persist::Persistent;

use splitbrain_sim::{
    ClientOp, ClientResponse, ClusterInfo, LocalTime, NodeId, OpId, OpKind, Out, Protocol, Run,
    Simulation, Timeline,
};

/// One node: the coordinator (n1) or a participant.
#[derive(Clone, Debug)]
pub enum TwoPhaseCommit {
    Coordinator(Coordinator),
    Participant(Participant),
}

impl TwoPhaseCommit {
    pub fn coordinator(&self) -> Option<&Coordinator> {
        match self {
            TwoPhaseCommit::Coordinator(c) => Some(c),
            TwoPhaseCommit::Participant(_) => None,
        }
    }

    pub fn participant(&self) -> Option<&Participant> {
        match self {
            TwoPhaseCommit::Participant(p) => Some(p),
            TwoPhaseCommit::Coordinator(_) => None,
        }
    }
}

impl Protocol for TwoPhaseCommit {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = CommitOptions;
    const NAME: &'static str = "two-phase-commit";
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Txn, OpKind::Put, OpKind::Get];

    fn validate_options(options: &CommitOptions, nodes: u32) -> Result<(), (String, String)> {
        options.validate(nodes)
    }

    fn new(cluster: &ClusterInfo, options: &CommitOptions, persisted: Option<&Persistent>) -> Self {
        if cluster.id == shard::COORDINATOR {
            TwoPhaseCommit::Coordinator(Coordinator::new(cluster.nodes, options, persisted))
        } else {
            TwoPhaseCommit::Participant(Participant::new(
                cluster.id,
                cluster.nodes,
                options,
                persisted,
            ))
        }
    }

    fn on_start(&mut self, now: LocalTime, out: &mut Out<Self>) {
        match self {
            TwoPhaseCommit::Coordinator(c) => {
                let restarted = !c.journal.is_empty();
                c.on_start(restarted, out)
            }
            TwoPhaseCommit::Participant(p) => p.on_start(now, out),
        }
    }

    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        match self {
            TwoPhaseCommit::Coordinator(c) => {
                if from != shard::COORDINATOR && from.0 < c.nodes {
                    c.on_message(from, msg, out)
                }
            }
            TwoPhaseCommit::Participant(p) => {
                if from != p.id && from.0 < p.nodes {
                    p.on_message(now, from, msg, out)
                }
            }
        }
    }

    fn on_timer(&mut self, now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        match self {
            TwoPhaseCommit::Coordinator(c) => c.on_timer(timer, out),
            TwoPhaseCommit::Participant(p) => p.on_timer(now, timer, out),
        }
    }

    /// Transactions go to the coordinator; a participant redirects the client there.
    fn on_client_request(
        &mut self,
        now: LocalTime,
        op: OpId,
        request: &ClientOp,
        out: &mut Out<Self>,
    ) {
        match self {
            TwoPhaseCommit::Coordinator(c) => c.on_client(now, op, request, out),
            TwoPhaseCommit::Participant(_) => out.reply(
                op,
                ClientResponse::Redirect {
                    leader: Some(shard::COORDINATOR),
                },
            ),
        }
    }
}

/// A run, as the lab holds it.
pub type CommitRun = Run<TwoPhaseCommit, CommitChecker>;
pub type CommitSim = Simulation<TwoPhaseCommit, CommitChecker>;
pub type CommitTimeline = Timeline<TwoPhaseCommit, CommitChecker>;
