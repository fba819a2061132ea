//! A node's state and the engine's entry points; the two algorithms live in `bully` and `ring`, the
//! heartbeat failure detector (shared by both) here.

use crate::message::{Message, Timer};
use crate::note::Note;
use crate::options::{validate, Algorithm, ElectionOptions, Mutant};
use splitbrain_sim::{
    ClientOp, ClientResponse, ClusterInfo, LocalTime, NodeId, OpId, OpKind, Out, Protocol,
    SimDuration,
};
use std::collections::BTreeMap;

/// What a node believes about itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Member,
    Electing,
    Leader,
}

/// What survives a crash: the highest election number seen, so a restarted node never calls an election
/// with a number already used. Who leads is forgotten: a restarted node calls an election (Garcia-Molina
/// §4: "when a node recovers, it holds an election").
pub type Persistent = u64;

#[derive(Clone, Debug)]
pub struct Election {
    pub(crate) id: NodeId,
    pub(crate) nodes: u32,
    pub(crate) options: ElectionOptions,
    pub(crate) election: u64,
    pub(crate) role: Role,
    pub(crate) leader: Option<NodeId>,
    /// Bully: a higher id answered this election, so wait for its Coordinator instead of proclaiming.
    pub(crate) answered: bool,
    /// Bully: the election this node last sent Election for; it may proclaim itself only in that one.
    pub(crate) asked: u64,
    /// The election this node last proclaimed itself leader of.
    pub(crate) led: Option<u64>,
    /// Ring: Chang & Roberts' participant flag, as the highest candidate this node has passed on in the
    /// current election: it forwards only higher ones, so a crashed candidate's message is not carried
    /// round for ever.
    pub(crate) best: Option<NodeId>,
    /// Ring: hops sent and not yet acknowledged, with the node each went to.
    pub(crate) hops: BTreeMap<u64, (Message, NodeId)>,
    pub(crate) next_hop: u64,
}

impl Election {
    pub fn role(&self) -> Role {
        self.role
    }
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    pub fn election(&self) -> u64 {
        self.election
    }

    pub(crate) fn others(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes).map(NodeId).filter(move |n| *n != self.id)
    }

    pub(crate) fn adopt(&mut self, election: u64, out: &mut Out<Self>) {
        if election > self.election {
            self.election = election;
            out.persist(election);
        }
    }

    pub(crate) fn arm_leader_timeout(&self, out: &mut Out<Self>) {
        out.set_timer(
            Timer::LeaderTimeout,
            SimDuration(self.options.leader_timeout_min_us),
            SimDuration(self.options.leader_timeout_max_us),
        );
    }

    pub(crate) fn become_leader(&mut self, election: u64, out: &mut Out<Self>) {
        self.adopt(election, out);
        self.role = Role::Leader;
        self.leader = Some(self.id);
        self.led = Some(self.election);
        self.best = None;
        out.cancel_timer(Timer::LeaderTimeout);
        out.cancel_timer(Timer::AnswerTimeout);
        out.note(Note::Elected {
            election: self.election,
        });
        self.send_heartbeats(out);
    }

    pub(crate) fn follow(&mut self, leader: NodeId, election: u64, out: &mut Out<Self>) {
        self.adopt(election, out);
        let changed = self.leader != Some(leader) || self.role != Role::Member;
        self.role = Role::Member;
        self.leader = Some(leader);
        self.best = None;
        out.cancel_timer(Timer::AnswerTimeout);
        out.cancel_timer(Timer::Heartbeat);
        self.arm_leader_timeout(out);
        if changed {
            out.note(Note::Follows {
                leader,
                election: self.election,
            });
        }
    }

    fn send_heartbeats(&self, out: &mut Out<Self>) {
        let all: Vec<NodeId> = self.others().collect();
        for n in all {
            out.send(
                n,
                Message::Heartbeat {
                    election: self.election,
                },
            );
        }
        let d = SimDuration(self.options.heartbeat_us);
        out.set_timer(Timer::Heartbeat, d, d);
    }

    /// The leader is suspected (or outranked): call an election of one's own.
    pub(crate) fn call_election(&mut self, out: &mut Out<Self>) {
        let election = self.election + 1;
        self.adopt(election, out);
        self.role = Role::Electing;
        self.leader = None;
        out.cancel_timer(Timer::Heartbeat);
        out.note(Note::Called { election });
        if self.options.mutant == Mutant::SelfProclaim {
            if self.options.algorithm == Algorithm::Ring {
                let elected = Message::Elected {
                    election,
                    leader: self.id,
                    hop: 0,
                };
                self.send_round(elected, out);
                self.become_leader(election, out);
            } else {
                self.become_leader(election, out);
                self.send_coordinator(out);
            }
            return;
        }
        self.arm_leader_timeout(out);
        match self.options.algorithm {
            Algorithm::Bully => self.bully_call(election, out),
            Algorithm::Ring => self.ring_call(election, out),
        }
    }

    /// A Heartbeat from `from`, who believes it leads election `election`. A node follows the highest
    /// leader it hears of; a node that outranks the leader bullies it (calls an election it will win), and a
    /// leader that hears a higher one steps down, so two leaders meeting at a heal become one.
    fn on_heartbeat(&mut self, from: NodeId, election: u64, out: &mut Out<Self>) {
        if from > self.id {
            match self.leader {
                Some(l) if l > from && self.role == Role::Member => {}
                _ => self.follow(from, election, out),
            }
        } else if self.role == Role::Member && self.leader.is_none_or(|l| l == from || l < self.id)
        {
            // This node outranks the leader it would follow: the highest live id must win. (A node that
            // follows a higher leader ignores a lower one, which steps down when it hears the higher.)
            self.adopt(election, out);
            self.call_election(out);
        }
    }
}

impl Protocol for Election {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = ElectionOptions;
    const NAME: &'static str = "election";
    const CLIENT_OPS: &'static [OpKind] = &[];

    fn validate_options(options: &ElectionOptions, _nodes: u32) -> Result<(), (String, String)> {
        validate(options)
    }

    fn new(cluster: &ClusterInfo, options: &ElectionOptions, persisted: Option<&u64>) -> Self {
        Election {
            id: cluster.id,
            nodes: cluster.nodes,
            options: options.clone(),
            election: persisted.copied().unwrap_or(0),
            role: Role::Member,
            leader: None,
            answered: false,
            asked: 0,
            led: None,
            best: None,
            hops: BTreeMap::new(),
            next_hop: 0,
        }
    }

    fn on_start(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        // Nobody is known to lead yet: the leader timeout doubles as "wait to hear of one, then call".
        self.arm_leader_timeout(out);
    }

    fn on_message(&mut self, _now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        match msg {
            Message::Heartbeat { election } => self.on_heartbeat(from, election, out),
            Message::Election { election } => self.bully_on_election(from, election, out),
            Message::Answer { election } => self.bully_on_answer(election, out),
            Message::Coordinator { election } => self.bully_on_coordinator(from, election, out),
            Message::RingElection {
                election,
                candidate,
                hop,
            } => {
                out.send(from, Message::RingAck { hop });
                self.ring_on_election(election, candidate, out);
            }
            Message::Elected {
                election,
                leader,
                hop,
            } => {
                out.send(from, Message::RingAck { hop });
                self.ring_on_elected(election, leader, out);
            }
            Message::RingAck { hop } => {
                if self.hops.remove(&hop).is_some() {
                    out.cancel_timer(Timer::HopTimeout { hop });
                }
            }
        }
    }

    fn on_timer(&mut self, _now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        match timer {
            Timer::Heartbeat if self.role == Role::Leader => self.send_heartbeats(out),
            Timer::Heartbeat => {}
            Timer::LeaderTimeout if self.role != Role::Leader => self.call_election(out),
            Timer::LeaderTimeout => {}
            Timer::AnswerTimeout => self.bully_on_answer_timeout(out),
            Timer::HopTimeout { hop } => self.ring_on_hop_timeout(hop, out),
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
                reason: "leader election serves no client operations".into(),
            },
        );
    }

    /// "Time out now": the node suspects its leader at once.
    fn on_force_timeout(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        if self.role != Role::Leader {
            self.call_election(out);
        }
    }
}
