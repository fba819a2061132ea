//! A node's state, Cristian's round trip and the engine's entry points; NTP's exchange lives in `ntp`,
//! the Berkeley algorithm in `berkeley`, TrueTime's commits in `truetime`.
//!
//! Every correction claims a bound ([`Claim`]): the error the algorithm promises right after it, which
//! then grows by `max_drift_ppm` per second. The arithmetic is in integer microseconds and rounds every
//! bound up, so the promise is exact, never approximate.

use crate::message::{Message, Timer};
use crate::note::{Claim, Note};
use crate::options::{validate, Algorithm, ClockSyncOptions, Mutant};
use serde::{Deserialize, Serialize};
use splitbrain_sim::{
    ClientOp, ClientResponse, ClockAdjust, ClusterInfo, LocalTime, NodeId, OpId, OpKind, Out,
    Protocol, SimDuration,
};
use std::collections::BTreeMap;

/// The node every algorithm takes as its server, coordinator or reference.
pub const REFERENCE: NodeId = NodeId(0);

/// What survives a crash, as on a real machine where the clock's rate correction lives in the kernel
/// (NTP's drift file): the slew this node applied to its clock, so a restarted node can undo it; and the
/// Berkeley coordinator's own bound (it corrects its own clock, so it cannot claim ±0 again after a
/// restart). Everything else (rounds, readings, commits in wait) is lost.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Persistent {
    pub slew_ppm: i32,
    /// (bound, local time it was claimed at).
    pub coordinator_bound: Option<(u64, i64)>,
}

/// A Berkeley reading as the coordinator estimated it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// How far the node's clock is ahead of the coordinator's (negative: behind).
    pub diff_us: i64,
    /// The estimate's uncertainty: half the round trip plus drift during it.
    pub uncertainty_us: u64,
}

#[derive(Clone, Debug)]
pub struct ClockSync {
    pub(crate) id: NodeId,
    pub(crate) nodes: u32,
    pub(crate) options: ClockSyncOptions,
    pub(crate) round: u64,
    /// The request of the current round not yet answered, and the local time it left.
    pub(crate) pending: Option<(u64, i64)>,
    /// The bound this node last claimed, with the local time it claimed it at.
    pub(crate) claim: Option<(Claim, i64)>,
    /// NTP: the rate change currently applied to the clock.
    pub(crate) slew: i32,
    /// NTP: the current slew: (e0 at the exchange, |θ|, local time it started, intended local length).
    pub(crate) slew_end: Option<(u64, u64, i64, u64)>,
    /// The last exchange's figures, for the inspector (T1..T4 for NTP, RTT for Cristian).
    pub(crate) last: Vec<(String, String)>,
    /// Berkeley coordinator: readings of the current round, and the local time the polls left.
    pub(crate) readings: BTreeMap<NodeId, Reading>,
    pub(crate) poll_sent: i64,
    pub(crate) collecting: bool,
    /// Berkeley coordinator: the last round's table (node, estimate, uncertainty, accepted).
    pub(crate) table: Vec<(NodeId, Reading, bool)>,
    /// Berkeley member: the round it answered and the local time its Reading left.
    pub(crate) answered: Option<(u64, i64)>,
    /// TrueTime: commits waiting out their uncertainty: op → (timestamp, local time it arrived).
    pub(crate) waiting: BTreeMap<OpId, (i64, i64)>,
    /// TrueTime: the last commits (op, timestamp, waited).
    pub(crate) commits: Vec<(OpId, i64, u64)>,
}

/// `a · ppm / (1e6 − ppm)`, rounded up: how much a clock drifting by up to `ppm` can be off after `a`
/// microseconds of its own local time (real time is at most `a · 1e6 / (1e6 − ppm)`).
pub(crate) fn drift_over(a: i64, ppm: u64) -> u64 {
    let a = a.max(0) as u128;
    let ppm = ppm.min(999_999) as u128;
    (a * ppm).div_ceil(1_000_000 - ppm) as u64
}

/// `a · ppm / (1e6 − slow)`, rounded up: `ppm` of the real time `a` local microseconds can take on a clock
/// running up to `slow` ppm slow.
pub(crate) fn over(a: i64, ppm: u64, slow: u64) -> u64 {
    let a = a.max(0) as u128;
    (a * ppm as u128).div_ceil(1_000_000 - slow.min(999_999) as u128) as u64
}

impl ClockSync {
    pub fn round(&self) -> u64 {
        self.round
    }
    pub fn claim(&self) -> Option<Claim> {
        self.claim.map(|(c, _)| c)
    }
    pub fn is_reference(&self) -> bool {
        self.id == REFERENCE
    }
    pub(crate) fn drift(&self) -> u64 {
        self.options.max_drift_ppm as u64
    }

    /// The claimed bound grown to local time `now` (only valid while the clock is not slewing).
    pub(crate) fn bound_at(&self, now: i64) -> Option<u64> {
        let (c, at) = self.claim?;
        Some(c.bound_us + drift_over(now - at, c.drift_ppm as u64) + 1)
    }

    /// Claims `bound_us` from now on: the note carries the claim to the lab and the checker.
    pub(crate) fn make_claim(&mut self, now: i64, bound_us: u64) -> Claim {
        let claim = Claim {
            bound_us,
            drift_ppm: self.options.max_drift_ppm,
        };
        self.claim = Some((claim, now));
        claim
    }

    pub(crate) fn step(&self, delta_us: i64, out: &mut Out<Self>) {
        if delta_us != 0 {
            out.adjust_clock(ClockAdjust::Step { delta_us });
        }
    }

    pub(crate) fn persist(&self, out: &mut Out<Self>) {
        let coordinator_bound = (self.is_reference()
            && self.options.algorithm == Algorithm::Berkeley)
            .then(|| self.claim.map(|(c, at)| (c.bound_us, at)))
            .flatten();
        out.persist(Persistent {
            slew_ppm: self.slew,
            coordinator_bound,
        });
    }

    fn arm_round(&self, out: &mut Out<Self>) {
        let d = SimDuration(self.options.interval_ms * 1_000);
        out.set_timer(Timer::Round, d, d);
    }

    /// A client's round: ask n1 (Cristian's request, or NTP's carrying T1).
    fn start_round(&mut self, now: i64, out: &mut Out<Self>) {
        self.round += 1;
        self.pending = Some((self.round, now));
        let msg = match self.options.algorithm {
            Algorithm::Ntp => Message::NtpRequest {
                round: self.round,
                t1: now,
            },
            _ => Message::TimeRequest { round: self.round },
        };
        out.send(REFERENCE, msg);
        self.arm_round(out);
    }

    /// Cristian 1989, §3: the server's time `server_us` arrived `rtt` after the request left; set the
    /// clock to server + RTT/2. The true time lies within ±RTT/2 of that (plus the drift of this clock over
    /// the round trip, which skews the RTT it measured).
    fn on_time_reply(&mut self, now: i64, round: u64, server_us: i64, out: &mut Out<Self>) {
        let Some((r, sent)) = self.pending else {
            return;
        };
        if r != round {
            return; // the answer to an older round: its RTT is unknown now
        }
        self.pending = None;
        let rtt = (now - sent).max(0);
        let estimate = if self.options.mutant == Mutant::NoRttCorrection {
            server_us
        } else {
            server_us + rtt / 2
        };
        let correction = estimate - now;
        let bound = (rtt as u64).div_ceil(2) + drift_over(rtt, self.drift()) + 2;
        self.step(correction, out);
        let claim = self.make_claim(now + correction, bound);
        self.last = vec![
            ("request left".into(), crate::face::time_text(sent)),
            ("server's time".into(), crate::face::time_text(server_us)),
            ("reply arrived".into(), crate::face::time_text(now)),
            ("RTT".into(), crate::face::ms(rtt)),
            ("correction".into(), crate::face::signed_ms(correction)),
        ];
        out.note(Note::Synced {
            round,
            correction_us: correction,
            delay_us: rtt as u64,
            slewing: false,
            claim,
        });
    }
}

impl Protocol for ClockSync {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = ClockSyncOptions;
    const NAME: &'static str = "clocksync";
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Put];

    fn validate_options(options: &ClockSyncOptions, _nodes: u32) -> Result<(), (String, String)> {
        validate(options)
    }

    fn new(
        cluster: &ClusterInfo,
        options: &ClockSyncOptions,
        persisted: Option<&Persistent>,
    ) -> Self {
        let mut node = ClockSync {
            id: cluster.id,
            nodes: cluster.nodes,
            options: options.clone(),
            round: 0,
            pending: None,
            claim: None,
            slew: persisted.map_or(0, |p| p.slew_ppm),
            slew_end: None,
            last: Vec::new(),
            readings: BTreeMap::new(),
            poll_sent: 0,
            collecting: false,
            table: Vec::new(),
            answered: None,
            waiting: BTreeMap::new(),
            commits: Vec::new(),
        };
        if let Some((bound, at)) = persisted.and_then(|p| p.coordinator_bound) {
            let claim = Claim {
                bound_us: bound,
                drift_ppm: options.max_drift_ppm,
            };
            node.claim = Some((claim, at));
        }
        node
    }

    fn on_start(&mut self, now: LocalTime, out: &mut Out<Self>) {
        let now = now.0;
        if self.slew != 0 {
            // A slew left running by the crashed process: undo it before anything else.
            out.adjust_clock(ClockAdjust::Slew { ppm: -self.slew });
            self.slew = 0;
            self.persist(out);
        }
        if self.is_reference() {
            let berkeley = self.options.algorithm == Algorithm::Berkeley;
            let bound = match self.bound_at(now) {
                Some(b) if berkeley => b,
                _ => 0,
            };
            // The reference takes its clock as true; only Berkeley's coordinator, which corrects itself,
            // has to allow for drift from there.
            let claim = Claim {
                bound_us: bound,
                drift_ppm: if berkeley {
                    self.options.max_drift_ppm
                } else {
                    0
                },
            };
            self.claim = Some((claim, now));
            self.persist(out);
            out.note(Note::Reference { claim });
            if berkeley && self.nodes > 1 {
                out.set_timer(Timer::Round, SimDuration(100_000), SimDuration(100_000));
            }
        } else if self.options.algorithm != Algorithm::Berkeley {
            out.set_timer(Timer::Round, SimDuration(20_000), SimDuration(120_000));
        }
    }

    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        let now = now.0;
        match msg {
            Message::TimeRequest { round } if self.is_reference() => out.send(
                from,
                Message::TimeReply {
                    round,
                    server_us: now,
                },
            ),
            Message::NtpRequest { round, t1 } if self.is_reference() => out.send(
                from,
                Message::NtpReply {
                    round,
                    t1,
                    t2: now,
                    t3: now,
                },
            ),
            Message::TimeReply { round, server_us } if from == REFERENCE => {
                self.on_time_reply(now, round, server_us, out)
            }
            Message::NtpReply { round, t1, t2, t3 } if from == REFERENCE => {
                self.on_ntp_reply(now, (round, t1, t2, t3), out)
            }
            Message::Poll { round } if from == REFERENCE => self.on_poll(now, round, out),
            Message::Reading { round, clock_us } if self.is_reference() => {
                self.on_reading(now, from, round, clock_us)
            }
            Message::Adjust {
                round,
                delta_us,
                bound_us,
            } if from == REFERENCE => self.on_adjust(now, round, delta_us, bound_us, out),
            _ => {}
        }
    }

    fn on_timer(&mut self, now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        let now = now.0;
        match timer {
            Timer::Round if self.options.algorithm == Algorithm::Berkeley => self.poll(now, out),
            Timer::Round => self.start_round(now, out),
            Timer::Collect { round } => self.collect(now, round, out),
            Timer::SlewDone => self.on_slew_done(now, out),
            Timer::CommitWait { op } => self.commit_wait(now, op, out),
        }
    }

    fn on_client_request(&mut self, now: LocalTime, op: OpId, req: &ClientOp, out: &mut Out<Self>) {
        if !matches!(req, ClientOp::Put { .. }) {
            let reason = format!(
                "clocksync serves only put (a TrueTime commit), not {}",
                req.kind().name()
            );
            return out.reply(op, ClientResponse::Fail { reason });
        }
        if self.options.algorithm != Algorithm::Truetime {
            let reason = format!(
                "a put is a TrueTime transaction; algorithm {} commits none (choose truetime)",
                self.options.algorithm.name()
            );
            return out.reply(op, ClientResponse::Fail { reason });
        }
        self.commit(now.0, op, out);
    }

    /// "Time out now": start a synchronisation round at once.
    fn on_force_timeout(&mut self, now: LocalTime, out: &mut Out<Self>) {
        match self.options.algorithm {
            Algorithm::Berkeley if self.is_reference() => self.poll(now.0, out),
            Algorithm::Berkeley => {}
            _ if !self.is_reference() => self.start_round(now.0, out),
            _ => {}
        }
    }
}
