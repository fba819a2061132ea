//! A node's state and the engine's entry points; the two heartbeat detectors (fixed timeout, φ accrual)
//! live here, SWIM in `swim`.
//!
//! Heartbeat (Chandra & Toueg 1996, §2 and the ◇P construction of §4): suspect a peer silent for the
//! timeout, trust it again when it is heard. Phi-accrual (Hayashibara et al. 2004, §3): the same
//! heartbeats, judged by φ every quarter interval. Not every gap is learnt: a gap of more than
//! [`OUTAGE_INTERVALS`] heartbeat intervals is an outage, not the network's rhythm (Cassandra ignores gaps
//! above its `max_interval` too), and a duplicated heartbeat or a burst replayed at one instant (after a
//! pause) is not a gap at all.

use crate::message::{Message, Status, Timer};
use crate::note::{Cause, Note};
use crate::options::{validate, Algorithm, FdOptions, Mutant};
use crate::phi::{self, Window};
use splitbrain_sim::{
    ClientOp, ClientResponse, ClusterInfo, LocalTime, NodeId, OpId, OpKind, Out, Protocol,
    SimDuration,
};
use std::collections::BTreeMap;

/// What survives a crash: SWIM's incarnation number, so a restarted node comes back with a higher one than
/// any suspicion of its previous life (§4.2). The heartbeat detectors persist nothing (always 0).
pub type Persistent = u64;

/// Phi: a gap longer than this many heartbeat intervals is an outage and is not learnt.
pub const OUTAGE_INTERVALS: u64 = 5;

/// What a node knows of one peer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Peer {
    /// Whether this node's detector suspects the peer now (SWIM: Suspect or Dead).
    pub suspected: bool,
    /// When it was last heard (heartbeat, phi; phi starts the clock at this node's start).
    pub last_heard: Option<LocalTime>,
    /// Heartbeats received from it since this node started, and the number of the last one.
    pub heartbeats: u64,
    pub last_seq: u64,
    /// Phi: the inter-arrival times learnt, and φ at the last evaluation, in tenths.
    pub window: Window,
    pub phi_tenths: u64,
    /// SWIM: the member's status and incarnation as this node knows them.
    pub status: Option<Status>,
    pub incarnation: u64,
}

/// A probe of SWIM's current protocol period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probe {
    pub seq: u64,
    pub target: NodeId,
    pub acked: bool,
    pub indirect: bool,
}

#[derive(Clone, Debug)]
pub struct FailureDetector {
    pub(crate) id: NodeId,
    pub(crate) nodes: u32,
    pub(crate) options: FdOptions,
    /// Heartbeats sent, or SWIM probe numbers used (own probes and relayed ones share the counter).
    pub(crate) seq: u64,
    /// Indexed by node id; this node's own slot is unused.
    pub(crate) peers: Vec<Peer>,
    /// SWIM: this node's own incarnation.
    pub(crate) incarnation: u64,
    /// SWIM: the shuffled probe order and the position in it.
    pub(crate) order: Vec<NodeId>,
    pub(crate) next: usize,
    pub(crate) probe: Option<Probe>,
    /// SWIM: pings this node sends for others: relay seq → (who asked, their seq, target).
    pub(crate) relays: BTreeMap<u64, (NodeId, u64, NodeId)>,
    /// SWIM: updates still to piggyback, with how many times each was sent.
    pub(crate) gossip: Vec<(crate::message::Update, u32)>,
}

impl FailureDetector {
    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn peer(&self, n: NodeId) -> Option<&Peer> {
        (n != self.id).then(|| self.peers.get(n.index())).flatten()
    }
    /// The peers this node suspects now.
    pub fn suspects(&self) -> Vec<NodeId> {
        self.others()
            .filter(|n| self.peers[n.index()].suspected)
            .collect()
    }
    pub fn incarnation(&self) -> u64 {
        self.incarnation
    }
    pub fn options(&self) -> &FdOptions {
        &self.options
    }

    pub(crate) fn others(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes).map(NodeId).filter(move |n| *n != self.id)
    }

    fn send_heartbeats(&mut self, out: &mut Out<Self>) {
        self.seq += 1;
        let peers: Vec<NodeId> = self.others().collect();
        for n in peers {
            out.send(n, Message::Heartbeat { seq: self.seq });
        }
        let d = SimDuration::from_millis(self.options.interval_ms);
        out.set_timer(Timer::Heartbeat, d, d);
    }

    fn arm_silence(&self, peer: NodeId, out: &mut Out<Self>) {
        let d = SimDuration::from_millis(self.options.effective_timeout_ms());
        out.set_timer(Timer::Silence { peer }, d, d);
    }

    fn evaluate_every(&self) -> SimDuration {
        SimDuration((self.options.interval_ms * 1_000 / 4).max(1))
    }

    /// φ of `peer` after `silent` of silence, under its learnt window.
    pub fn phi_of(&self, peer: &Peer, silent: SimDuration) -> f64 {
        let (mean, std) = peer
            .window
            .estimate(self.options.interval_ms, self.options.min_std_ms);
        phi::phi(silent.0 as f64 / 1e3, mean, std)
    }

    fn on_heartbeat(&mut self, now: LocalTime, from: NodeId, seq: u64, out: &mut Out<Self>) {
        let Some(peer) = self.peers.get(from.index()) else {
            return;
        };
        if peer.heartbeats > 0 && peer.last_seq == seq {
            return; // the network's second copy: no news
        }
        let silent = peer.last_heard.map_or(SimDuration::ZERO, |l| now.since(l));
        let phi = self.options.algorithm == Algorithm::PhiAccrual;
        let capacity = self.options.window;
        let outage = OUTAGE_INTERVALS * self.options.interval_ms * 1_000;
        let peer = &mut self.peers[from.index()];
        // Only a gap between two heartbeats is an inter-arrival time (not the wait since this node started).
        if phi && peer.heartbeats > 0 && silent.0 > 0 && silent.0 <= outage {
            peer.window.record(silent.0, capacity);
        }
        peer.heartbeats += 1;
        peer.last_seq = seq;
        peer.last_heard = Some(now);
        peer.phi_tenths = 0;
        if peer.suspected {
            peer.suspected = false;
            out.note(Note::Trust {
                member: from,
                incarnation: 0,
                silent_ms: silent.0 / 1_000,
            });
        }
        if !phi {
            self.arm_silence(from, out);
        }
    }

    fn on_evaluate(&mut self, now: LocalTime, out: &mut Out<Self>) {
        let threshold = self.options.phi_threshold as f64;
        for n in 0..self.nodes {
            if n == self.id.0 {
                continue;
            }
            let peer = &self.peers[n as usize];
            let silent = peer.last_heard.map_or(SimDuration::ZERO, |l| now.since(l));
            let phi = self.phi_of(peer, silent);
            let tenths = (phi * 10.0).min(1e6) as u64;
            let peer = &mut self.peers[n as usize];
            peer.phi_tenths = tenths;
            if !peer.suspected && phi >= threshold {
                peer.suspected = true;
                out.note(Note::Suspect {
                    member: NodeId(n),
                    incarnation: 0,
                    cause: Cause::Phi {
                        phi_tenths: tenths,
                        silent_ms: silent.0 / 1_000,
                    },
                });
            }
        }
        let d = self.evaluate_every();
        out.set_timer(Timer::Evaluate, d, d);
    }
}

impl Protocol for FailureDetector {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = FdOptions;
    const NAME: &'static str = "failure-detector";
    const CLIENT_OPS: &'static [OpKind] = &[];

    fn validate_options(options: &FdOptions, _nodes: u32) -> Result<(), (String, String)> {
        validate(options)
    }

    fn new(cluster: &ClusterInfo, options: &FdOptions, persisted: Option<&u64>) -> Self {
        FailureDetector {
            id: cluster.id,
            nodes: cluster.nodes,
            options: options.clone(),
            seq: 0,
            peers: vec![Peer::default(); cluster.nodes as usize],
            incarnation: match (persisted, options.mutant) {
                (Some(p), Mutant::NoIncarnation) => *p,
                (Some(p), _) => p + 1,
                (None, _) => 0,
            },
            order: Vec::new(),
            next: 0,
            probe: None,
            relays: BTreeMap::new(),
            gossip: Vec::new(),
        }
    }

    fn on_start(&mut self, now: LocalTime, out: &mut Out<Self>) {
        match self.options.algorithm {
            Algorithm::Heartbeat => {
                self.send_heartbeats(out);
                let peers: Vec<NodeId> = self.others().collect();
                for p in peers {
                    self.arm_silence(p, out);
                }
            }
            Algorithm::PhiAccrual => {
                // A peer never heard from is judged from the moment this node started.
                for p in self.peers.iter_mut() {
                    p.last_heard = Some(now);
                }
                self.send_heartbeats(out);
                let d = self.evaluate_every();
                out.set_timer(Timer::Evaluate, d, d);
            }
            Algorithm::Swim => self.swim_start(out),
        }
    }

    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        match msg {
            Message::Heartbeat { seq } if self.options.algorithm != Algorithm::Swim => {
                self.on_heartbeat(now, from, seq, out)
            }
            Message::Heartbeat { .. } => {}
            Message::Ping { seq, updates } => self.on_ping(from, seq, &updates, out),
            Message::Ack {
                seq,
                member,
                updates,
            } => self.on_ack(from, seq, member, &updates, out),
            Message::PingReq {
                seq,
                target,
                updates,
            } => self.on_ping_req(from, seq, target, &updates, out),
        }
    }

    fn on_timer(&mut self, now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        match timer {
            Timer::Heartbeat => self.send_heartbeats(out),
            Timer::Silence { peer } => {
                let Some(p) = self.peers.get_mut(peer.index()) else {
                    return;
                };
                if !p.suspected {
                    p.suspected = true;
                    out.note(Note::Suspect {
                        member: peer,
                        incarnation: 0,
                        cause: Cause::Silence {
                            silent_ms: self.options.effective_timeout_ms(),
                        },
                    });
                }
            }
            Timer::Evaluate => self.on_evaluate(now, out),
            Timer::Period => self.on_period(out),
            Timer::AckTimeout => self.on_ack_timeout(out),
            Timer::Suspicion { member } => self.on_suspicion_timeout(member, out),
        }
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
                reason: "a failure detector serves no client operations".into(),
            },
        );
    }

    /// "Time out now": SWIM starts its next protocol period at once; the heartbeat detectors send a round
    /// of heartbeats early.
    fn on_force_timeout(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        match self.options.algorithm {
            Algorithm::Swim => self.on_period(out),
            _ => self.send_heartbeats(out),
        }
    }
}
