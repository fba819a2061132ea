//! Single-decree Paxos (*Paxos Made Simple* §2): the cluster chooses one value, ever. Here that value is the
//! first client `put` to be chosen, so the store is a write-once register: `put k=v` answers `Ok` if `k=v` was
//! chosen and fails with "another value was chosen: …" otherwise; `get k` answers the chosen value if it was
//! written to `k`, and nothing otherwise.
//!
//! A node that receives a put becomes a proposer for that value (§2.2). Refused rounds are retried with a
//! higher ballot after a backoff drawn by the engine (§2.4 on progress: two proposers can keep preempting each
//! other; randomness or a leader breaks the tie).
//!
//! A `get` at a node that has not learned the value runs phase 1 itself: if a majority promises and none
//! reports an accepted value, nothing was chosen before the round began (any chosen value was accepted by a
//! member of every majority), so the get is answered "none"; if one reports a value, the proposer completes
//! phase 2 with it (P2c) and answers once it is learned. Either way the answer is linearizable.

use crate::agent::Agent;
use crate::message::{AcceptedEntry, Message, Timer};
use crate::note::Note;
use crate::options::{Mutant, PaxosOptions};
use crate::persist::Persistent;
use crate::proposer::{Phase, Proposer};
use crate::value::Value;
use splitbrain_sim::{
    ClientOp, ClientResponse, ClusterInfo, LocalTime, NodeId, OpId, OpKind, Out, Protocol,
    SimDuration,
};

/// The only slot of single-decree Paxos.
pub const SLOT: u64 = 0;

#[derive(Clone, Debug)]
struct Waiting {
    op: OpId,
    request: ClientOp,
    /// It arrived before the current round's Prepare went out, so that round's promises can answer a get.
    covered: bool,
}

/// One node of single-decree Paxos: acceptor, learner, and proposer when a client asks it to be.
#[derive(Clone, Debug)]
pub struct Paxos {
    pub(crate) agent: Agent,
    pub(crate) proposer: Proposer,
    /// The value this node proposes when P2c leaves it free to: the first put it received.
    own: Option<Value>,
    waiting: Vec<Waiting>,
    /// A refused round is waiting out its backoff.
    backing_off: bool,
}

impl Paxos {
    pub fn id(&self) -> NodeId {
        self.agent.id
    }

    pub fn proposer(&self) -> &Proposer {
        &self.proposer
    }

    pub fn agent(&self) -> &Agent {
        &self.agent
    }

    /// The value this node learned was chosen, if any.
    pub fn chosen(&self) -> Option<&Value> {
        self.agent.learner.chosen().get(&SLOT)
    }

    /// The value this node proposes if it is free to.
    pub fn own_value(&self) -> Option<&Value> {
        self.own.as_ref()
    }

    /// Client operations waiting for the decision.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
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
                // Its own acceptor just promised a higher ballot: as good as a Nack (§2.2: abandon a proposal
                // once some proposer has begun trying to issue a higher-numbered one).
                if let Some(promised) = self.agent.acceptor.promised() {
                    if let Some(mine) = self.proposer.ballot.filter(|b| *b < promised) {
                        self.refused(mine, promised, out);
                    }
                }
            }
            Message::Accept {
                ballot,
                slot,
                value,
            } => self.agent.on_accept(from, ballot, slot, value, out),
            Message::Promise { ballot, accepted } => {
                let quorum = self.agent.quorum();
                if let Some(highest) = self.proposer.on_promise(from, ballot, accepted, quorum) {
                    self.phase2(highest.get(&SLOT).cloned(), out);
                }
            }
            Message::Accepted {
                ballot,
                slot,
                value,
            } => {
                if let Some(v) = self.agent.on_accepted(from, ballot, slot, &value, out) {
                    self.decided(&v, out);
                }
            }
            Message::Nack { ballot, promised } => self.refused(ballot, promised, out),
            // Multi-Paxos traffic: nothing in single-decree Paxos answers it.
            Message::Heartbeat { .. } | Message::CatchUp { .. } | Message::Decision { .. } => {}
        }
    }

    /// `ballot` was refused because `promised` exists: abandon it and retry after the backoff.
    fn refused(&mut self, ballot: crate::Ballot, promised: crate::Ballot, out: &mut Out<Self>) {
        self.agent.seen(promised);
        if self.proposer.on_nack(ballot, promised, out) {
            self.backing_off = true;
            let o = &self.agent.options;
            let (min, max) = (o.backoff_min_us, o.backoff_max_us);
            out.set_timer(Timer::Backoff, SimDuration(min), SimDuration(max));
        }
    }

    /// Phase 1(a), answering every client that is waiting now.
    fn start_round(&mut self, out: &mut Out<Self>) {
        for w in &mut self.waiting {
            w.covered = true;
        }
        self.backing_off = false;
        self.proposer.start(&mut self.agent, SLOT, out);
        let t = SimDuration(self.agent.options.round_timeout_us);
        out.set_timer(Timer::Backoff, t, t);
    }

    /// Phase 2(a), with the value P2c dictates: the reported value with the highest ballot, else our own.
    fn phase2(&mut self, reported: Option<AcceptedEntry>, out: &mut Out<Self>) {
        let Some(ballot) = self.proposer.ballot else {
            return;
        };
        let reported = reported.filter(|_| !self.agent.options.is(Mutant::IgnoreAcceptedValues));
        let value = match (&reported, &self.own) {
            (Some(e), _) => {
                out.note(Note::Adopted {
                    slot: SLOT,
                    ballot,
                    from: e.ballot,
                    value: e.value.clone(),
                });
                e.value.clone()
            }
            (None, Some(own)) => own.clone(),
            (None, None) => return self.nothing_chosen(ballot, out),
        };
        out.note(Note::Proposed {
            slot: SLOT,
            ballot,
            value: value.clone(),
        });
        self.agent.broadcast(
            Message::Accept {
                ballot,
                slot: SLOT,
                value,
            },
            out,
        );
    }

    /// A read round found no accepted value: nothing was chosen when its Prepare went out.
    fn nothing_chosen(&mut self, ballot: crate::Ballot, out: &mut Out<Self>) {
        out.note(Note::NothingChosen { ballot });
        self.proposer.phase = Phase::Idle;
        out.cancel_timer(Timer::Backoff);
        let (answered, rest): (Vec<Waiting>, Vec<Waiting>) = std::mem::take(&mut self.waiting)
            .into_iter()
            .partition(|w| w.covered && matches!(w.request, ClientOp::Get { .. }));
        self.waiting = rest;
        for w in answered {
            out.reply(w.op, ClientResponse::Ok { value: None });
        }
        if !self.waiting.is_empty() {
            self.start_round(out);
        }
    }

    /// The learner learned the decision: every waiting client gets its answer.
    fn decided(&mut self, chosen: &Value, out: &mut Out<Self>) {
        self.proposer.phase = Phase::Idle;
        self.backing_off = false;
        out.cancel_timer(Timer::Backoff);
        for w in std::mem::take(&mut self.waiting) {
            out.reply(w.op, answer(&w.request, chosen));
        }
    }
}

/// What a client operation returns once `chosen` is the register's value.
fn answer(request: &ClientOp, chosen: &Value) -> ClientResponse {
    let (ck, cv) = match chosen {
        Value::Put { key, value, .. } => (key.as_str(), value.as_str()),
        _ => ("", ""),
    };
    match request {
        ClientOp::Put { key, value, .. } if key == ck && value == cv => {
            ClientResponse::Ok { value: None }
        }
        ClientOp::Put { key, .. } => ClientResponse::Fail {
            reason: if key == ck {
                format!("another value was chosen: {cv}")
            } else {
                format!("another value was chosen: {chosen}")
            },
        },
        ClientOp::Get { key } => ClientResponse::Ok {
            value: (key == ck).then(|| cv.to_string()),
        },
        ClientOp::Cas { .. }
        | ClientOp::Txn { .. }
        | ClientOp::Send { .. }
        | ClientOp::Increment { .. }
        | ClientOp::Decrement { .. }
        | ClientOp::Add { .. }
        | ClientOp::Remove { .. } => ClientResponse::Fail {
            reason: "single-decree Paxos serves put and get only".into(),
        },
    }
}

impl Protocol for Paxos {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = PaxosOptions;
    const NAME: &'static str = "paxos";
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Put, OpKind::Get];

    fn validate_options(options: &PaxosOptions, nodes: u32) -> Result<(), (String, String)> {
        options.validate(nodes)
    }

    fn new(cluster: &ClusterInfo, options: &PaxosOptions, persisted: Option<&Persistent>) -> Self {
        Paxos {
            agent: Agent::new(cluster, options, persisted),
            proposer: Proposer::default(),
            own: None,
            waiting: Vec::new(),
            backing_off: false,
        }
    }

    fn on_start(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        self.agent.on_start(out);
    }

    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        if from == self.agent.id || from.0 >= self.agent.nodes {
            return; // not from a peer
        }
        self.handle(now, from, msg, out);
        self.drain(now, out);
    }

    fn on_timer(&mut self, now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        if timer == Timer::Backoff && self.chosen().is_none() && !self.waiting.is_empty() {
            self.start_round(out);
            self.drain(now, out);
        }
    }

    fn on_client_request(
        &mut self,
        now: LocalTime,
        op: OpId,
        request: &ClientOp,
        out: &mut Out<Self>,
    ) {
        if let Some(chosen) = self.chosen().cloned() {
            out.reply(op, answer(request, &chosen));
            return;
        }
        if let ClientOp::Cas { .. } = request {
            out.reply(op, answer(request, &Value::Noop));
            return;
        }
        if matches!(request, ClientOp::Put { .. }) && self.own.is_none() {
            self.own = Some(Value::from_op(op, request));
        }
        self.waiting.push(Waiting {
            op,
            request: request.clone(),
            covered: false,
        });
        if self.proposer.phase == Phase::Idle && !self.backing_off {
            self.start_round(out);
            self.drain(now, out);
        }
    }

    /// "Time out now": start a round at once (a read round if no client asked for anything).
    fn on_force_timeout(&mut self, now: LocalTime, out: &mut Out<Self>) {
        if self.chosen().is_none() {
            self.start_round(out);
            self.drain(now, out);
        }
    }
}
