//! One node of primary-backup replication (Budhiraja, Marzullo, Schneider & Toueg, *The Primary-Backup
//! Approach*, 1993; Alsberg & Day, 1976): its state and the `Protocol` entry points. The primary's side is
//! in `primary`, the backup's in `backup`, failure detection and failover in `failover`.

use crate::log::Log;
use crate::message::{Entry, Message, Timer};
use crate::note::Note;
use crate::options::PbOptions;
use crate::persist::Persistent;
use splitbrain_sim::{
    ClientOp, ClientResponse, ClusterInfo, LocalTime, NodeId, OpId, OpKind, Out, Protocol,
    SimDuration,
};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Backup,
    Candidate,
    Primary,
}

/// What the primary knows of one backup.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Peer {
    /// The backup's log matches the primary's up to here (acknowledged in this epoch).
    pub matched: u64,
    /// The next entry to send it.
    pub next: u64,
    /// The latest heartbeat round it acknowledged.
    pub round: u64,
}

/// A read waiting at the primary until `round` is confirmed and everything up to `need` is acknowledged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingRead {
    pub op: OpId,
    pub key: String,
    pub need: u64,
    pub round: u64,
}

#[derive(Clone, Debug)]
pub struct PrimaryBackup {
    pub(crate) id: NodeId,
    pub(crate) nodes: u32,
    pub(crate) opts: PbOptions,
    // Stable.
    pub(crate) epoch: u64,
    pub(crate) voted_for: Option<NodeId>,
    pub(crate) log: Log,
    // Volatile.
    pub(crate) role: Role,
    pub(crate) primary: Option<NodeId>,
    /// Entries 1..=commit are acknowledged (as far as this node knows).
    pub(crate) commit: u64,
    /// The store: entries 1..=applied of the log applied.
    pub(crate) kv: BTreeMap<String, String>,
    pub(crate) applied: u64,
    pub(crate) last_heard: Option<LocalTime>,
    // Primary only.
    pub(crate) peers: BTreeMap<NodeId, Peer>,
    pub(crate) round: u64,
    /// Client writes waiting for their entry to be acknowledged, by log index.
    pub(crate) waiting: BTreeMap<u64, Vec<OpId>>,
    pub(crate) reads: Vec<PendingRead>,
    /// Where each client write sits in the log (a retried write is not appended twice).
    pub(crate) ops: BTreeMap<OpId, u64>,
    // Candidate only.
    pub(crate) votes: BTreeSet<NodeId>,
    pub(crate) denials: BTreeSet<NodeId>,
    /// The latest entries this node threw away (newest last), for the inspector.
    pub(crate) discarded: Vec<(u64, Entry)>,
    /// Client requests held while this node knows no primary (during a failover), answered once it learns
    /// one: redirecting them to nobody would only burn the client's attempts.
    pub(crate) parked: Vec<(OpId, ClientOp)>,
}

/// Entries kept in `discarded`.
const DISCARDED_SHOWN: usize = 8;

impl PrimaryBackup {
    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn is_primary(&self) -> bool {
        self.role == Role::Primary
    }
    pub fn epoch(&self) -> u64 {
        self.epoch
    }
    pub fn primary(&self) -> Option<NodeId> {
        self.primary
    }
    pub fn log(&self) -> &Log {
        &self.log
    }
    pub fn commit(&self) -> u64 {
        self.commit
    }
    pub fn kv(&self) -> &BTreeMap<String, String> {
        &self.kv
    }
    pub fn peers(&self) -> &BTreeMap<NodeId, Peer> {
        &self.peers
    }
    pub fn discarded(&self) -> &[(u64, Entry)] {
        &self.discarded
    }
    pub fn options(&self) -> &PbOptions {
        &self.opts
    }

    pub(crate) fn majority(&self) -> usize {
        self.nodes as usize / 2 + 1
    }

    pub(crate) fn others(&self) -> Vec<NodeId> {
        (0..self.nodes)
            .map(NodeId)
            .filter(|n| *n != self.id)
            .collect()
    }

    pub(crate) fn persist(&self, out: &mut Out<Self>) {
        out.persist(Persistent {
            epoch: self.epoch,
            voted_for: self.voted_for,
            log: self.log.clone(),
        });
    }

    pub(crate) fn arm_failure_detector(&self, out: &mut Out<Self>) {
        out.set_timer(
            Timer::FailureDetector,
            SimDuration(self.opts.failure_timeout_min_us),
            SimDuration(self.opts.failure_timeout_max_us),
        );
    }

    /// Applies the log up to `commit` to the store; rebuilds it when entries already applied were thrown away.
    pub(crate) fn apply(&mut self) {
        let upto = self.commit.min(self.log.len());
        if upto < self.applied {
            self.kv.clear();
            self.applied = 0;
        }
        while self.applied < upto {
            self.applied += 1;
            if let Some(Entry { write: Some(w), .. }) = self.log.get(self.applied) {
                self.kv.insert(w.key.clone(), w.value.clone());
            }
        }
    }

    /// Cuts the log to `len` entries, noting what was thrown away and why.
    pub(crate) fn discard_from(&mut self, len: u64, by: NodeId, out: &mut Out<Self>) {
        let entries = self.log.truncate(len);
        if entries.is_empty() {
            return;
        }
        for (i, e) in entries.iter().enumerate() {
            self.discarded.push((len + 1 + i as u64, e.clone()));
        }
        let excess = self.discarded.len().saturating_sub(DISCARDED_SHOWN);
        self.discarded.drain(..excess);
        self.commit = self.commit.min(len);
        self.apply();
        out.note(Note::Discarded {
            from_index: len + 1,
            entries,
            by,
        });
    }

    pub(crate) fn rebuild_ops(&mut self) {
        self.ops = self
            .log
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.op().map(|op| (op, i as u64 + 1)))
            .collect();
    }

    pub(crate) fn dispatch(
        &mut self,
        now: LocalTime,
        from: NodeId,
        msg: Message,
        out: &mut Out<Self>,
    ) {
        match msg {
            Message::Replicate {
                epoch,
                prev_index,
                prev_epoch,
                entries,
                commit,
                round,
                last_index,
            } => self.on_replicate(
                now,
                from,
                crate::backup::Shipment {
                    epoch,
                    prev_index,
                    prev_epoch,
                    entries,
                    commit,
                    round,
                    last_index,
                },
                out,
            ),
            Message::Ack {
                epoch,
                ok,
                matched,
                round,
            } => self.on_ack(from, epoch, ok, matched, round, out),
            Message::Refused { epoch } => {
                if self.opts.epochs() && epoch > self.epoch {
                    self.adopt_epoch(epoch, from, out);
                }
            }
            Message::VoteRequest {
                epoch,
                last_index,
                last_epoch,
            } => self.on_vote_request(now, from, epoch, last_index, last_epoch, out),
            Message::Vote { epoch, granted } => self.on_vote(now, from, epoch, granted, out),
        }
    }
}

impl Protocol for PrimaryBackup {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = PbOptions;

    const NAME: &'static str = "primary-backup";
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Put, OpKind::Get];

    fn validate_options(options: &PbOptions, nodes: u32) -> Result<(), (String, String)> {
        options.validate(nodes)
    }

    fn new(cluster: &ClusterInfo, options: &PbOptions, persisted: Option<&Persistent>) -> Self {
        let first_boot = persisted.is_none();
        let stable = persisted.cloned().unwrap_or(Persistent {
            epoch: 1,
            voted_for: None,
            log: Log::default(),
        });
        let mut node = PrimaryBackup {
            id: cluster.id,
            nodes: cluster.nodes,
            opts: options.clone(),
            epoch: stable.epoch,
            voted_for: stable.voted_for,
            log: stable.log,
            role: Role::Backup,
            primary: None,
            commit: 0,
            kv: BTreeMap::new(),
            applied: 0,
            last_heard: None,
            peers: BTreeMap::new(),
            round: 0,
            waiting: BTreeMap::new(),
            reads: Vec::new(),
            ops: BTreeMap::new(),
            votes: BTreeSet::new(),
            denials: BTreeSet::new(),
            discarded: Vec::new(),
            parked: Vec::new(),
        };
        if first_boot {
            // n1 starts as the primary of epoch 1, and everybody knows it.
            node.primary = Some(NodeId(0));
        }
        node
    }

    fn on_start(&mut self, now: LocalTime, out: &mut Out<Self>) {
        if self.primary == Some(self.id) {
            self.become_primary(now, true, out);
            return;
        }
        if self.primary.is_none() {
            out.note(Note::Restored {
                epoch: self.epoch,
                len: self.log.len(),
            });
        } else {
            self.last_heard = Some(now);
        }
        self.arm_failure_detector(out);
    }

    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        self.dispatch(now, from, msg, out);
    }

    fn on_timer(&mut self, now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        match timer {
            Timer::Heartbeat => self.on_heartbeat_timer(out),
            Timer::FailureDetector => self.on_failure_suspected(now, out),
            Timer::Election => self.on_election_timer(now, out),
        }
    }

    fn on_client_request(
        &mut self,
        _now: LocalTime,
        op: OpId,
        request: &ClientOp,
        out: &mut Out<Self>,
    ) {
        match request {
            ClientOp::Put { key, value, .. } => self.on_put(op, key, value, out),
            ClientOp::Get { key } => self.on_get(op, key, out),
            other => out.reply(
                op,
                ClientResponse::Fail {
                    reason: format!(
                        "primary-backup serves put and get, not {}",
                        other.kind().name()
                    ),
                },
            ),
        }
    }

    fn on_force_timeout(&mut self, now: LocalTime, out: &mut Out<Self>) {
        if self.role != Role::Primary {
            self.on_failure_suspected(now, out);
        }
    }
}
