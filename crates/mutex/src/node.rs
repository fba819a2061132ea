//! One node: its state, the engine's entry points, the client queue (a put is served by entering the
//! critical section, writing, and leaving; the client is answered after the release) and the FIFO channels
//! Lamport and Ricart–Agrawala assume. The rules of each algorithm are in `lamport`, `ricart` and `lock`.

use crate::message::{Message, Timer};
use crate::note::Note;
use crate::options::{Algorithm, MutexOptions};
use crate::persist::Persistent;
use splitbrain_sim::{
    ClientOp, ClientResponse, ClusterInfo, LocalTime, NodeId, OpId, Out, Protocol, SimDuration,
};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// The node that runs the lock server and holds its storage.
pub const SERVER: NodeId = NodeId(0);

/// A client's put, served through the critical section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    pub op: OpId,
    pub key: String,
    pub value: String,
}

#[derive(Clone, Debug)]
pub struct DistMutex {
    pub(crate) id: NodeId,
    pub(crate) nodes: u32,
    pub(crate) opts: MutexOptions,
    /// The replicated register (Lamport, Ricart–Agrawala) or the lock server's storage (n1).
    pub(crate) store: BTreeMap<String, String>,
    pub(crate) jobs: VecDeque<Job>,
    pub(crate) current: Option<Job>,
    pub(crate) in_cs: bool,
    pub(crate) entered: u64,
    // Lamport and Ricart–Agrawala.
    pub(crate) clock: u64,
    pub(crate) my_ts: Option<u64>,
    pub(crate) queue: BTreeSet<(u64, NodeId)>,
    pub(crate) latest: BTreeMap<NodeId, u64>,
    pub(crate) replies: BTreeSet<NodeId>,
    pub(crate) deferred: BTreeSet<NodeId>,
    sent_seq: BTreeMap<NodeId, u64>,
    next_seq: BTreeMap<NodeId, u64>,
    held_back: BTreeMap<(NodeId, u64), Message>,
    // Lock server, the asking side.
    pub(crate) req: u64,
    pub(crate) token: Option<u64>,
    pub(crate) writing: bool,
    // Lock server, the server side (n1 only).
    pub(crate) holder: Option<(NodeId, u64, u64)>,
    pub(crate) waiting: VecDeque<(NodeId, u64)>,
    pub(crate) next_token: u64,
    pub(crate) newest: u64,
    pub(crate) written: BTreeMap<NodeId, u64>,
    pub(crate) recovering: bool,
}

impl DistMutex {
    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn options(&self) -> &MutexOptions {
        &self.opts
    }
    pub fn store(&self) -> &BTreeMap<String, String> {
        &self.store
    }
    pub fn in_critical_section(&self) -> bool {
        self.in_cs
    }
    /// Waiting for the critical section (a request out, not yet entered).
    pub fn is_waiting(&self) -> bool {
        self.current.is_some() && !self.in_cs
    }
    pub fn entered(&self) -> u64 {
        self.entered
    }
    pub fn clock(&self) -> u64 {
        self.clock
    }
    pub fn request_ts(&self) -> Option<u64> {
        self.my_ts
    }
    pub fn queue(&self) -> &BTreeSet<(u64, NodeId)> {
        &self.queue
    }
    pub fn deferred(&self) -> &BTreeSet<NodeId> {
        &self.deferred
    }
    pub fn replies(&self) -> &BTreeSet<NodeId> {
        &self.replies
    }
    pub fn token(&self) -> Option<u64> {
        self.token
    }
    pub fn holder(&self) -> Option<(NodeId, u64)> {
        self.holder.map(|(n, _, t)| (n, t))
    }
    pub fn newest_token(&self) -> u64 {
        self.newest
    }
    pub fn jobs_waiting(&self) -> usize {
        self.jobs.len() + usize::from(self.current.is_some())
    }
    pub fn is_server(&self) -> bool {
        self.opts.algorithm == Algorithm::LockServer && self.id == SERVER
    }

    pub(crate) fn peers(&self) -> Vec<NodeId> {
        (0..self.nodes)
            .map(NodeId)
            .filter(|n| *n != self.id)
            .collect()
    }

    pub(crate) fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    /// The next FIFO sequence number on the link to `to`.
    pub(crate) fn seq(&mut self, to: NodeId) -> u64 {
        let s = self.sent_seq.entry(to).or_insert(0);
        *s += 1;
        *s
    }

    pub(crate) fn persist(&self, out: &mut Out<Self>) {
        out.persist(Persistent {
            next_token: self.next_token,
            newest: self.newest,
            store: self.store.clone(),
            written: self.written.clone(),
        });
    }

    /// Starts the next queued put, if none is being served.
    pub(crate) fn start_next(&mut self, out: &mut Out<Self>) {
        if self.current.is_some() {
            return;
        }
        let Some(job) = self.jobs.pop_front() else {
            return;
        };
        self.current = Some(job);
        match self.opts.algorithm {
            Algorithm::Lamport => self.lamport_request(out),
            Algorithm::RicartAgrawala => self.ra_request(out),
            Algorithm::LockServer => self.lock_request(out),
        }
    }

    /// Leaves the critical section: the job is done, its client answered, the next one started.
    pub(crate) fn finish(&mut self, response: ClientResponse, out: &mut Out<Self>) {
        if let Some(job) = self.current.take() {
            out.reply(job.op, response);
        }
        self.start_next(out);
    }

    pub(crate) fn enter(&mut self, token: u64, out: &mut Out<Self>) {
        self.in_cs = true;
        self.entered += 1;
        out.note(Note::Entered {
            ts: self.my_ts.unwrap_or(0),
            token,
        });
        let cs = self.opts.critical_section_us;
        out.set_timer(Timer::Work, SimDuration(cs), SimDuration(cs));
    }

    /// FIFO delivery: a message out of order waits for the ones before it; a duplicate is dropped.
    fn deliver_in_order(
        &mut self,
        now: LocalTime,
        from: NodeId,
        msg: Message,
        out: &mut Out<Self>,
    ) {
        let Some(seq) = msg.seq() else {
            return self.handle(now, from, msg, out);
        };
        let expected = *self.next_seq.get(&from).unwrap_or(&1);
        if seq < expected {
            return;
        }
        if seq > expected {
            self.held_back.insert((from, seq), msg);
            return;
        }
        let mut next = Some(msg);
        let mut want = expected;
        while let Some(m) = next {
            want += 1;
            self.next_seq.insert(from, want);
            self.clock = self.clock.max(m.ts()) + 1;
            let l = self.latest.entry(from).or_insert(0);
            *l = (*l).max(m.ts());
            self.handle(now, from, m, out);
            next = self.held_back.remove(&(from, want));
        }
    }

    fn handle(&mut self, _now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        match msg {
            Message::Request { ts, .. } => match self.opts.algorithm {
                Algorithm::Lamport => self.lamport_on_request(from, ts, out),
                _ => self.ra_on_request(from, ts, out),
            },
            Message::Ack { .. } => self.lamport_try_enter(out),
            Message::Release { key, value, .. } => self.lamport_on_release(from, key, value, out),
            Message::Reply { .. } => self.ra_on_reply(from, out),
            Message::Update { key, value, .. } => {
                self.store.insert(key, value);
            }
            Message::Acquire { req } => self.server_on_acquire(from, req, out),
            Message::Grant { req, token, .. } => self.lock_on_grant(req, token, out),
            Message::Unlock { token } => self.server_on_unlock(from, token, out),
            Message::Write { token, key, value } => {
                self.server_on_write(from, token, key, value, out)
            }
            Message::Written { token } => self.lock_on_answer(token, true, out),
            Message::Rejected { token, .. } => self.lock_on_answer(token, false, out),
        }
    }
}

impl Protocol for DistMutex {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = MutexOptions;

    const NAME: &'static str = "mutex";

    fn validate_options(options: &MutexOptions, nodes: u32) -> Result<(), (String, String)> {
        options.validate(nodes)
    }

    fn new(cluster: &ClusterInfo, options: &MutexOptions, persisted: Option<&Persistent>) -> Self {
        let stable = persisted.cloned().unwrap_or(Persistent {
            next_token: 1,
            newest: 0,
            store: BTreeMap::new(),
            written: BTreeMap::new(),
        });
        DistMutex {
            id: cluster.id,
            nodes: cluster.nodes,
            opts: options.clone(),
            store: stable.store,
            jobs: VecDeque::new(),
            current: None,
            in_cs: false,
            entered: 0,
            clock: 0,
            my_ts: None,
            queue: BTreeSet::new(),
            latest: BTreeMap::new(),
            replies: BTreeSet::new(),
            deferred: BTreeSet::new(),
            sent_seq: BTreeMap::new(),
            next_seq: BTreeMap::new(),
            held_back: BTreeMap::new(),
            req: 0,
            token: None,
            writing: false,
            holder: None,
            waiting: VecDeque::new(),
            next_token: stable.next_token,
            newest: stable.newest,
            written: stable.written,
            recovering: persisted.is_some(),
        }
    }

    fn on_start(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        if self.is_server() && self.recovering {
            out.note(Note::Restored {
                next_token: self.next_token,
            });
            let lease = self.opts.lease_us;
            out.set_timer(Timer::Recovery, SimDuration(lease), SimDuration(lease));
        }
        self.recovering = self.is_server() && self.recovering;
    }

    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        self.deliver_in_order(now, from, msg, out);
    }

    fn on_timer(&mut self, _now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        match timer {
            Timer::Work => match self.opts.algorithm {
                Algorithm::Lamport => self.lamport_exit(out),
                Algorithm::RicartAgrawala => self.ra_exit(out),
                Algorithm::LockServer => self.lock_write(out),
            },
            Timer::Retry => self.lock_retry(out),
            Timer::LeaseExpiry { token } => self.server_on_expiry(token, out),
            Timer::Recovery => {
                self.recovering = false;
                self.server_try_grant(out);
            }
        }
    }

    fn on_client_request(
        &mut self,
        _now: LocalTime,
        op_id: OpId,
        op: &ClientOp,
        out: &mut Out<Self>,
    ) {
        match op {
            ClientOp::Put { key, value, .. } => {
                self.jobs.push_back(Job {
                    op: op_id,
                    key: key.clone(),
                    value: value.clone(),
                });
                self.start_next(out);
            }
            ClientOp::Get { key } => {
                let response = if self.opts.algorithm == Algorithm::LockServer && !self.is_server()
                {
                    ClientResponse::Redirect {
                        leader: Some(SERVER),
                    }
                } else {
                    ClientResponse::Ok {
                        value: self.store.get(key).cloned(),
                    }
                };
                out.reply(op_id, response);
            }
            other => out.reply(
                op_id,
                ClientResponse::Fail {
                    reason: format!("mutex serves put and get, not {}", other.kind().name()),
                },
            ),
        }
    }
}
