//! A node's state and the engine's entry points: the bank's application (transfers on a timer), the
//! initiation of snapshots, and what survives a crash.

use crate::message::{Message, Timer};
use crate::note::Note;
use crate::options::{validate, SnapshotOptions, MAX_NODES};
use splitbrain_sim::{
    ClientOp, ClientResponse, ClusterInfo, LocalTime, NodeId, OpId, OpKind, Out, Protocol,
    SimDuration,
};
use std::collections::{BTreeMap, BTreeSet};

/// The sending end of one channel: the next sequence number and what the receiver has not acknowledged.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outgoing {
    pub next_seq: u64,
    pub unacked: BTreeMap<u64, Message>,
}

/// The receiving end of one channel: every sequence number up to `taken` has been taken in order; `early`
/// holds those taken ahead of a gap (only when the channels are not FIFO).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Incoming {
    pub taken: u64,
    pub early: BTreeSet<u64>,
}

/// This node's part of one snapshot (Chandy & Lamport §3): its recorded balance, the channels it is still
/// recording (no marker yet), and the amounts recorded on each incoming channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recording {
    pub initiator: NodeId,
    pub balance: u64,
    pub open: BTreeSet<NodeId>,
    pub channels: BTreeMap<NodeId, Vec<u64>>,
    pub complete: bool,
    /// At the initiator: every node's report (recorded balance, money in flight per incoming channel).
    pub reports: BTreeMap<NodeId, (u64, Vec<(NodeId, u64)>)>,
    pub assembled: bool,
}

/// The bank's disk: everything but the reorder buffer survives a crash. The balance and both ends of every
/// channel must, or a crash would create or destroy money (a transfer debited but forgotten by its
/// channel, or credited twice); the recorded snapshot parts must too, because a snapshot is a checkpoint
/// written to stable storage — so a crash delays a snapshot, it does not lose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bank {
    pub balance: u64,
    pub outgoing: BTreeMap<NodeId, Outgoing>,
    pub incoming: BTreeMap<NodeId, Incoming>,
    /// Snapshots this node has started (its next id is derived from this).
    pub started: u64,
    /// When this node first booted, by its own clock: the scheduled snapshots are timed from it.
    pub booted: LocalTime,
    pub snapshots: BTreeMap<u64, Recording>,
}

pub type Persistent = Bank;

#[derive(Clone, Debug)]
pub struct Snapshot {
    pub(crate) id: NodeId,
    pub(crate) nodes: u32,
    pub(crate) options: SnapshotOptions,
    pub(crate) bank: Bank,
    /// The reorder buffer: messages that arrived ahead of a gap, per sender. Lost on a crash (they were
    /// not acknowledged, so their senders send them again).
    pub(crate) held: BTreeMap<NodeId, BTreeMap<u64, Message>>,
    /// Whether the retransmission timer is running (timers are lost on a crash, and so is this).
    pub(crate) retransmit_armed: bool,
}

impl Snapshot {
    pub fn balance(&self) -> u64 {
        self.bank.balance
    }
    pub fn bank(&self) -> &Bank {
        &self.bank
    }
    pub fn recording(&self, snapshot: u64) -> Option<&Recording> {
        self.bank.snapshots.get(&snapshot)
    }

    pub(crate) fn peers(&self) -> Vec<NodeId> {
        (0..self.nodes)
            .map(NodeId)
            .filter(|n| *n != self.id)
            .collect()
    }

    /// Snapshot ids are unique without coordination: node i's k-th snapshot is k·nodes + i + 1, so the
    /// initiator is the id's residue.
    pub fn initiator_of(snapshot: u64, nodes: u32) -> NodeId {
        NodeId(((snapshot.saturating_sub(1)) % nodes.max(1) as u64) as u32)
    }

    fn arm_transfer(&self, out: &mut Out<Self>) {
        let every = self.options.transfer_every_ms * 1_000;
        out.set_timer(
            Timer::Transfer,
            SimDuration(every / 2),
            SimDuration(every + every / 2),
        );
    }

    /// The application: move a random amount (never more than the balance) to a random peer.
    fn transfer(&mut self, out: &mut Out<Self>) {
        let peers = self.peers();
        if self.bank.balance > 0 {
            if let Some(to) = out.choose(&peers).copied() {
                let most = self.bank.balance.min(self.options.max_transfer);
                let amount = 1 + out.random_below(most);
                self.bank.balance -= amount;
                self.send_on(to, |seq| Message::Transfer { seq, amount }, out);
            }
        }
        self.arm_transfer(out);
    }

    /// Start a new snapshot here: the initiator records its state and sends markers (§3).
    pub(crate) fn initiate(&mut self, out: &mut Out<Self>) {
        let snapshot = self.bank.started * self.nodes as u64 + self.id.0 as u64 + 1;
        self.bank.started += 1;
        self.record(snapshot, None, out);
    }
}

impl Protocol for Snapshot {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = SnapshotOptions;
    const NAME: &'static str = "snapshot";
    const CLIENT_OPS: &'static [OpKind] = &[];

    fn validate_options(options: &SnapshotOptions, nodes: u32) -> Result<(), (String, String)> {
        if nodes > MAX_NODES {
            return Err((
                "nodes".into(),
                format!("a snapshot lab runs at most {MAX_NODES} nodes"),
            ));
        }
        validate(options, nodes)
    }

    fn new(cluster: &ClusterInfo, options: &SnapshotOptions, persisted: Option<&Bank>) -> Self {
        let bank = persisted.cloned().unwrap_or_else(|| Bank {
            balance: options.initial_balance,
            outgoing: BTreeMap::new(),
            incoming: BTreeMap::new(),
            started: 0,
            booted: LocalTime(i64::MIN),
            snapshots: BTreeMap::new(),
        });
        Snapshot {
            id: cluster.id,
            nodes: cluster.nodes,
            options: options.clone(),
            bank,
            held: BTreeMap::new(),
            retransmit_armed: false,
        }
    }

    fn on_start(&mut self, now: LocalTime, out: &mut Out<Self>) {
        let first = self.bank.booted == LocalTime(i64::MIN);
        if first {
            self.bank.booted = now;
            out.note(Note::Opened {
                balance: self.bank.balance,
            });
        }
        self.arm_transfer(out);
        if self.id == self.options.initiator {
            // Scheduled snapshots still ahead by this node's clock; one due while it was down is skipped.
            let elapsed = now.0.saturating_sub(self.bank.booted.0);
            for (index, at_ms) in self.options.snapshot_at_ms.iter().enumerate() {
                let at = (*at_ms * 1_000) as i64;
                if at >= elapsed {
                    let d = SimDuration((at - elapsed) as u64);
                    out.set_timer(Timer::Initiate { index }, d, d);
                }
            }
        }
        if !first {
            // Whatever the channels held unacknowledged goes out again at once.
            self.retransmit(out);
        }
        out.persist(self.bank.clone());
    }

    fn on_message(&mut self, _now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        match msg {
            Message::Ack { upto, early } => self.on_ack(from, upto, early),
            m => self.on_channel_message(from, m, out),
        }
        out.persist(self.bank.clone());
    }

    fn on_timer(&mut self, _now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        match timer {
            Timer::Transfer => self.transfer(out),
            Timer::Retransmit => self.retransmit(out),
            Timer::Initiate { .. } => self.initiate(out),
        }
        out.persist(self.bank.clone());
    }

    fn on_client_request(
        &mut self,
        _now: LocalTime,
        op: OpId,
        _req: &ClientOp,
        out: &mut Out<Self>,
    ) {
        out.reply(
            op,
            ClientResponse::Fail {
                reason: "the snapshot bank serves no client operations: use \"time out now\" on a node to start a snapshot there".into(),
            },
        );
    }

    /// "Time out now": this node starts a new snapshot, so a lecturer can take one by clicking.
    fn on_force_timeout(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        self.initiate(out);
        out.persist(self.bank.clone());
    }
}
