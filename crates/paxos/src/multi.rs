//! Multi-Paxos (*Paxos Made Simple* §3): a sequence of Paxos instances, one per log slot, feeding a replicated
//! key-value store. A distinguished proposer (the leader) runs phase 1 once for every slot it does not know
//! chosen, then only phase 2 per slot; the store applies chosen values in slot order.
//!
//! With `leader_election` on, the leader heartbeats and a node that hears nothing for an election timeout
//! runs phase 1 with a higher ballot (§3: "a new leader … is selected"; the paper leaves how to the reader).
//! Clients of other nodes are redirected to the leader. With it off, every node that receives a client request
//! runs phase 1 itself, and proposers may duel (§2.4).
//!
//! Gets go through the log as a slot, like writes, so every answer reflects every value chosen before it was
//! asked. The leader's own logic is in `multi/leader.rs`.

mod leader;

use crate::agent::Agent;
use crate::kv::Kv;
use crate::message::{Message, Timer};
use crate::note::Note;
use crate::options::PaxosOptions;
use crate::persist::Persistent;
use crate::proposer::{Phase, Proposer};
use crate::Ballot;
use splitbrain_sim::{
    ClientOp, ClusterInfo, LocalTime, NodeId, OpId, OpKind, Out, Protocol, SimDuration,
};
use std::collections::BTreeMap;

/// At most this many chosen values per catch-up answer.
const CATCH_UP_BATCH: u64 = 32;

/// One node of Multi-Paxos.
#[derive(Clone, Debug)]
pub struct MultiPaxos {
    pub(crate) agent: Agent,
    pub(crate) proposer: Proposer,
    /// The leader this node believes in, and its ballot.
    pub(crate) leader: Option<(NodeId, Ballot)>,
    /// Leaders only: the next free slot.
    pub(crate) next_slot: u64,
    /// Leaders only: values proposed in this ballot and not yet known chosen, re-sent by the heartbeat once
    /// they have been open for a whole heartbeat (the flag says "proposed since the last heartbeat").
    pub(crate) proposals: BTreeMap<u64, (crate::Value, bool)>,
    /// Client requests to propose once this node leads.
    pub(crate) waiting: Vec<(OpId, ClientOp)>,
    /// Client requests proposed by this node and not yet applied.
    pub(crate) serving: BTreeMap<OpId, ClientOp>,
    pub(crate) kv: Kv,
    /// Slots 0..applied have been applied to `kv`.
    pub(crate) applied: u64,
    pub(crate) backing_off: bool,
}

impl MultiPaxos {
    pub fn id(&self) -> NodeId {
        self.agent.id
    }

    pub fn agent(&self) -> &Agent {
        &self.agent
    }

    pub fn proposer(&self) -> &Proposer {
        &self.proposer
    }

    /// Phase 1 done and not preempted since: the distinguished proposer of its ballot.
    pub fn is_leader(&self) -> bool {
        self.proposer.phase == Phase::Accepting
    }

    pub fn leader(&self) -> Option<NodeId> {
        self.leader.map(|(n, _)| n)
    }

    pub fn kv(&self) -> &BTreeMap<String, String> {
        self.kv.data()
    }

    pub fn applied(&self) -> u64 {
        self.applied
    }

    /// The values this node learned, by slot.
    pub fn chosen(&self) -> &BTreeMap<u64, crate::Value> {
        self.agent.learner.chosen()
    }

    /// Leaders: proposals not yet known chosen.
    pub fn open_proposals(&self) -> impl Iterator<Item = (u64, &crate::Value)> {
        self.proposals.iter().map(|(s, (v, _))| (*s, v))
    }

    pub fn next_slot(&self) -> u64 {
        self.next_slot
    }

    fn drain(&mut self, now: LocalTime, out: &mut Out<Self>) {
        while let Some(msg) = self.agent.next_local() {
            let me = self.agent.id;
            self.handle(now, me, msg, out);
        }
    }

    fn handle(&mut self, _now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        match msg {
            Message::Prepare { ballot, from_slot } => {
                self.agent.on_prepare(from, ballot, from_slot, out);
                self.yield_to_higher(out);
            }
            Message::Accept {
                ballot,
                slot,
                value,
            } => {
                self.agent.on_accept(from, ballot, slot, value, out);
                self.yield_to_higher(out);
            }
            Message::Promise { ballot, accepted } => {
                let quorum = self.agent.quorum();
                if let Some(highest) = self.proposer.on_promise(from, ballot, accepted, quorum) {
                    self.become_leader(highest, out);
                }
            }
            Message::Accepted {
                ballot,
                slot,
                value,
            } => {
                if self
                    .agent
                    .on_accepted(from, ballot, slot, &value, out)
                    .is_some()
                {
                    self.proposals.remove(&slot);
                    self.apply_chosen(out);
                }
            }
            Message::Nack { ballot, promised } => {
                self.agent.seen(promised);
                if self.proposer.on_nack(ballot, promised, out) {
                    self.stepped_down(ballot, promised, out);
                }
            }
            Message::Heartbeat { ballot, chosen } => self.on_heartbeat(from, ballot, chosen, out),
            Message::CatchUp { from_slot } => {
                if self.is_leader() {
                    let chosen = self.agent.learner.chosen();
                    let batch: Vec<(u64, crate::Value)> = chosen
                        .range(from_slot..from_slot + CATCH_UP_BATCH)
                        .map(|(s, v)| (*s, v.clone()))
                        .collect();
                    for (slot, value) in batch {
                        self.agent
                            .send(from, Message::Decision { slot, value }, out);
                    }
                }
            }
            Message::Decision { slot, value } => {
                if self.agent.learn(slot, value, out) {
                    self.proposals.remove(&slot);
                    self.apply_chosen(out);
                }
            }
        }
    }

    /// A heartbeat: the sender leads, unless this acceptor promised a higher ballot (then it says so, and a
    /// stale leader steps down).
    fn on_heartbeat(&mut self, from: NodeId, ballot: Ballot, chosen: u64, out: &mut Out<Self>) {
        self.agent.seen(ballot);
        if let Some(promised) = self.agent.acceptor.promised().filter(|p| ballot < *p) {
            self.agent
                .send(from, Message::Nack { ballot, promised }, out);
            return;
        }
        if self.leader != Some((from, ballot)) {
            self.leader = Some((from, ballot));
            out.note(Note::LeaderKnown {
                ballot,
                leader: from,
            });
        }
        if self.proposer.phase == Phase::Idle {
            for (op, _) in std::mem::take(&mut self.waiting) {
                out.reply(
                    op,
                    splitbrain_sim::ClientResponse::Redirect { leader: Some(from) },
                );
            }
        }
        if self.proposer.phase != Phase::Idle && self.proposer.ballot < Some(ballot) {
            let mine = self.proposer.ballot.unwrap_or(Ballot::ZERO);
            self.proposer.phase = Phase::Idle;
            self.stepped_down(mine, ballot, out);
        }
        self.arm_election(out);
        if chosen > self.agent.learner.upto() {
            let from_slot = self.agent.learner.upto();
            self.agent.send(from, Message::CatchUp { from_slot }, out);
        }
    }

    /// Having promised a higher ballot than its own, a leader or candidate gives up (it could never again
    /// get its own acceptor to accept its ballot).
    fn yield_to_higher(&mut self, out: &mut Out<Self>) {
        let promised = self.agent.acceptor.promised();
        if self.proposer.phase != Phase::Idle && promised > self.proposer.ballot {
            let mine = self.proposer.ballot.unwrap_or(Ballot::ZERO);
            self.proposer.phase = Phase::Idle;
            self.stepped_down(mine, promised.unwrap_or(Ballot::ZERO), out);
        }
    }

    pub(crate) fn arm_election(&self, out: &mut Out<Self>) {
        let o = &self.agent.options;
        if o.leader_election {
            let (min, max) = (o.election_timeout_min_us, o.election_timeout_max_us);
            out.set_timer(Timer::Election, SimDuration(min), SimDuration(max));
        }
    }
}

impl Protocol for MultiPaxos {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = PaxosOptions;
    const NAME: &'static str = "multi-paxos";
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Put, OpKind::Get, OpKind::Cas];

    fn validate_options(options: &PaxosOptions, nodes: u32) -> Result<(), (String, String)> {
        options.validate(nodes)
    }

    fn new(cluster: &ClusterInfo, options: &PaxosOptions, persisted: Option<&Persistent>) -> Self {
        let agent = Agent::new(cluster, options, persisted);
        let mut node = MultiPaxos {
            agent,
            proposer: Proposer::default(),
            leader: None,
            next_slot: 0,
            proposals: BTreeMap::new(),
            waiting: Vec::new(),
            serving: BTreeMap::new(),
            kv: Kv::default(),
            applied: 0,
            backing_off: false,
        };
        // The store is rebuilt from the learned values on stable storage.
        while let Some(value) = node.agent.learner.chosen().get(&node.applied) {
            // Its result was given to the client before the crash; replaying only rebuilds the data.
            let _ = node.kv.apply(value);
            node.applied += 1;
        }
        node
    }

    fn on_start(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        self.agent.on_start(out);
        self.arm_election(out);
    }

    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        if from == self.agent.id || from.0 >= self.agent.nodes {
            return; // not from a peer
        }
        self.handle(now, from, msg, out);
        self.drain(now, out);
    }

    fn on_timer(&mut self, now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        match timer {
            Timer::Election => {
                if !self.is_leader() {
                    // No heartbeat for a whole timeout: whoever led is presumed gone.
                    self.leader = None;
                    self.start_round(out);
                }
                self.arm_election(out);
            }
            Timer::Heartbeat => self.on_heartbeat_timer(out),
            Timer::Backoff => {
                self.backing_off = false;
                let work = !self.waiting.is_empty() || !self.serving.is_empty();
                if !self.is_leader() && work && !self.agent.options.leader_election {
                    self.start_round(out);
                }
            }
        }
        self.drain(now, out);
    }

    fn on_client_request(
        &mut self,
        now: LocalTime,
        op: OpId,
        request: &ClientOp,
        out: &mut Out<Self>,
    ) {
        self.client_request(op, request, out);
        self.drain(now, out);
    }

    /// "Time out now": run phase 1 at once, as an election timeout would.
    fn on_force_timeout(&mut self, now: LocalTime, out: &mut Out<Self>) {
        if !self.is_leader() {
            self.start_round(out);
            self.arm_election(out);
            self.drain(now, out);
        }
    }
}
