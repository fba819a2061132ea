//! A general's state and the engine's entry points: the rule, the deadline and retransmission.
//!
//! The rule (Akkoyunlu et al. 1975, §3, as Gray 1978, §5.8.3.3 tells it): n1 sends the odd rounds, n2
//! the even ones; a general that receives round k replies with round k+1 unless k is the last round. At
//! its deadline a general attacks iff it received the last round addressed to it (round R or R−1): n1
//! with one round needs nothing, having proposed the plan itself. Every messenger before the last is
//! acknowledged, so without loss both attack; whichever general sends round R cannot know it arrived.

use crate::message::{Message, Plan, Timer};
use crate::note::Note;
use crate::options::{validate, Mutant, TwoGeneralsOptions};
use splitbrain_sim::{
    ClientOp, ClientResponse, ClusterInfo, LocalTime, NodeId, OpId, OpKind, Out, Protocol,
    SimDuration,
};

/// What survives a crash: when the general started (its deadline is measured from it), the rounds it
/// received and sent, and its decision, which it never goes back on. A general that crashed before its
/// deadline resumes the exchange; one that crashed after deciding stays decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Persistent {
    pub started_at: LocalTime,
    pub received: u64,
    pub sent: u64,
    pub decision: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct General {
    pub(crate) id: NodeId,
    pub(crate) options: TwoGeneralsOptions,
    pub(crate) started_at: Option<LocalTime>,
    /// The highest round received (rounds arrive in order: round k+1 is only sent on receiving round k).
    pub(crate) received: u64,
    /// The highest round sent: the messenger resent until the next round arrives.
    pub(crate) sent: u64,
    pub(crate) decision: Option<bool>,
}

impl General {
    /// n1 (node 0) proposes and sends the odd rounds; n2 the even ones.
    pub fn is_proposer(&self) -> bool {
        self.id == NodeId(0)
    }
    pub fn received(&self) -> u64 {
        self.received
    }
    pub fn sent(&self) -> u64 {
        self.sent
    }
    pub fn decision(&self) -> Option<bool> {
        self.decision
    }

    /// The round this general's rule needs before it attacks: the last round addressed to it.
    pub fn needed(&self) -> u64 {
        let r = self.options.rounds;
        // n1 receives the even rounds, n2 the odd ones.
        let mine = |k: u64| k.is_multiple_of(2) == self.is_proposer();
        let last_mine = if mine(r) { r } else { r - 1 };
        if self.options.mutant == Mutant::InsistOnLastAck && !mine(r) {
            // The sender of round R also waits for an acknowledgement that is never sent.
            return r + 1;
        }
        last_mine
    }

    fn other(&self) -> NodeId {
        NodeId(1 - self.id.0.min(1))
    }

    fn persist(&self, out: &mut Out<Self>) {
        if let Some(started_at) = self.started_at {
            out.persist(Persistent {
                started_at,
                received: self.received,
                sent: self.sent,
                decision: self.decision,
            });
        }
    }

    fn arm_resend(&self, out: &mut Out<Self>) {
        if self.options.resend_ms > 0 {
            let d = SimDuration(self.options.resend_ms * 1_000);
            out.set_timer(Timer::Resend, d, d);
        }
    }

    fn send_round(&mut self, round: u64, out: &mut Out<Self>) {
        self.sent = round;
        out.send(
            self.other(),
            Message::Messenger {
                round,
                plan: Plan::AttackAtDawn,
            },
        );
        self.arm_resend(out);
    }

    /// A messenger of round `round` arrived: news if it is higher than any before; reply with the next
    /// round unless it was the last.
    fn on_messenger(&mut self, round: u64, out: &mut Out<Self>) {
        if self.decision.is_some() || round <= self.received || round > self.options.rounds {
            return;
        }
        self.received = round;
        out.note(Note::Received { round });
        if round < self.options.rounds {
            self.send_round(round + 1, out);
        } else {
            // The last round: nothing to acknowledge it with, and our own last messenger got through.
            out.cancel_timer(Timer::Resend);
        }
        self.persist(out);
    }

    /// Dawn: attack iff the rule's round arrived.
    fn decide(&mut self, out: &mut Out<Self>) {
        if self.decision.is_some() {
            return;
        }
        let needed = self.needed();
        let attack = self.received >= needed;
        self.decision = Some(attack);
        out.cancel_timer(Timer::Resend);
        out.cancel_timer(Timer::Deadline);
        out.note(Note::Decided {
            attack,
            received: self.received,
            needed,
        });
        self.persist(out);
    }
}

impl Protocol for General {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = TwoGeneralsOptions;
    const NAME: &'static str = "two-generals";
    const CLIENT_OPS: &'static [OpKind] = &[];

    fn validate_options(options: &TwoGeneralsOptions, nodes: u32) -> Result<(), (String, String)> {
        validate(options, nodes)
    }

    fn new(
        cluster: &ClusterInfo,
        options: &TwoGeneralsOptions,
        persisted: Option<&Persistent>,
    ) -> Self {
        General {
            id: cluster.id,
            options: options.clone(),
            started_at: persisted.map(|p| p.started_at),
            received: persisted.map_or(0, |p| p.received),
            sent: persisted.map_or(0, |p| p.sent),
            decision: persisted.and_then(|p| p.decision),
        }
    }

    fn on_start(&mut self, now: LocalTime, out: &mut Out<Self>) {
        let deadline_us = self.options.deadline_ms * 1_000;
        let Some(started_at) = self.started_at else {
            // First boot: the deadline runs from now, and n1 sends its plan.
            self.started_at = Some(now);
            out.set_timer(
                Timer::Deadline,
                SimDuration(deadline_us),
                SimDuration(deadline_us),
            );
            if self.is_proposer() {
                out.note(Note::Proposed {
                    rounds: self.options.rounds,
                });
                self.send_round(1, out);
            }
            self.persist(out);
            return;
        };
        if self.decision.is_some() {
            return;
        }
        // Restarted before dawn: the deadline still falls where it did; resend what was unanswered.
        let left = (started_at.0 + deadline_us as i64 - now.0).max(1) as u64;
        out.set_timer(Timer::Deadline, SimDuration(left), SimDuration(left));
        if self.sent > self.received {
            self.arm_resend(out);
        }
    }

    fn on_message(&mut self, _now: LocalTime, _from: NodeId, msg: Message, out: &mut Out<Self>) {
        match msg {
            Message::Messenger { round, .. } => self.on_messenger(round, out),
        }
    }

    fn on_timer(&mut self, _now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        match timer {
            Timer::Deadline => self.decide(out),
            // Resend the latest messenger while it is unanswered (the last round never is).
            Timer::Resend if self.decision.is_none() && self.sent > self.received => {
                let round = self.sent;
                out.note(Note::Resent { round });
                self.send_round(round, out);
            }
            Timer::Resend => {}
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
                reason: "the two generals serve no client operations".into(),
            },
        );
    }

    /// "Time out now": dawn comes early for this general, who decides at once.
    fn on_force_timeout(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        self.decide(out);
    }
}
