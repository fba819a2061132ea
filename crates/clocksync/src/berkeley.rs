//! The Berkeley algorithm (Gusella & Zatti 1989, §2; Tanenbaum & van Steen, *Distributed Systems*, §6.1):
//! the coordinator (n1) polls every node, estimates each clock's difference from its own as Cristian
//! would (reading + RTT/2), averages the differences within `outlier_ms` of its own clock (its own, 0,
//! always counts), and sends each node the correction that brings it to the average, correcting itself
//! too. The paper's fault-tolerant average picks the largest group of mutually agreeing clocks; measuring
//! outliers against the coordinator's clock is this lab's simplification, said in the docs.
//!
//! Berkeley promises agreement, not truth: nobody's clock is the reference after the first round. The
//! bound each node claims is therefore honest accounting: the coordinator's own bound (±0 at boot, grown
//! by drift), plus |average| (it moved its own clock that far), plus the node's reading uncertainty,
//! plus drift until the correction arrived.

use crate::message::{Message, Timer};
use crate::node::{drift_over, ClockSync, Reading};
use crate::note::Note;
use splitbrain_sim::{NodeId, Out, SimDuration};

impl ClockSync {
    /// The coordinator's round: poll everyone.
    pub(crate) fn poll(&mut self, now: i64, out: &mut Out<Self>) {
        self.round += 1;
        self.poll_sent = now;
        self.readings.clear();
        self.collecting = true;
        for n in (1..self.nodes).map(NodeId) {
            out.send(n, Message::Poll { round: self.round });
        }
        // Wait for readings at most half a round (and never more than 0.2 s).
        let wait = (self.options.interval_ms * 500).min(200_000);
        out.set_timer(
            Timer::Collect { round: self.round },
            SimDuration(wait),
            SimDuration(wait),
        );
        let d = SimDuration(self.options.interval_ms * 1_000);
        out.set_timer(Timer::Round, d, d);
    }

    pub(crate) fn on_poll(&mut self, now: i64, round: u64, out: &mut Out<Self>) {
        self.answered = Some((round, now));
        out.send(
            crate::node::REFERENCE,
            Message::Reading {
                round,
                clock_us: now,
            },
        );
    }

    pub(crate) fn on_reading(&mut self, now: i64, from: NodeId, round: u64, clock_us: i64) {
        if !self.collecting || round != self.round {
            return;
        }
        let rtt = (now - self.poll_sent).max(0);
        // The node read its clock somewhere in the round trip; its clock drifted meanwhile (×3: both
        // clocks' drift over the RTT, with margin for the rate the RTT was measured at).
        let reading = Reading {
            diff_us: clock_us + rtt / 2 - now,
            uncertainty_us: (rtt as u64).div_ceil(2) + drift_over(rtt, 3 * self.drift()) + 2,
        };
        self.readings.insert(from, reading);
    }

    pub(crate) fn collect(&mut self, now: i64, round: u64, out: &mut Out<Self>) {
        if !self.collecting || round != self.round {
            return;
        }
        self.collecting = false;
        let own = self.bound_at(now).unwrap_or(0);
        let limit = (self.options.outlier_ms * 1_000) as i64;
        let mut accepted = vec![self.id];
        let mut excluded = Vec::new();
        let mut sum: i64 = 0;
        self.table.clear();
        for (n, r) in &self.readings {
            let ok = r.diff_us.abs() <= limit;
            if ok {
                accepted.push(*n);
                sum += r.diff_us;
            } else {
                excluded.push(*n);
            }
            self.table.push((*n, *r, ok));
        }
        let average = sum / accepted.len() as i64;
        for (n, r) in &self.readings {
            out.send(
                *n,
                Message::Adjust {
                    round,
                    delta_us: average - r.diff_us,
                    bound_us: own + average.unsigned_abs() + r.uncertainty_us + 1,
                },
            );
        }
        self.step(average, out);
        let claim = self.make_claim(now + average, own + average.unsigned_abs() + 1);
        out.persist(crate::node::Persistent {
            slew_ppm: 0,
            coordinator_bound: Some((claim.bound_us, now + average)),
        });
        out.note(Note::Averaged {
            round,
            average_us: average,
            accepted,
            excluded,
            claim,
        });
    }

    pub(crate) fn on_adjust(
        &mut self,
        now: i64,
        round: u64,
        delta_us: i64,
        bound_us: u64,
        out: &mut Out<Self>,
    ) {
        let Some((r, sent)) = self.answered else {
            return;
        };
        if r != round {
            return; // not the round this node answered, or a duplicate of one already applied
        }
        self.answered = None;
        self.round = round;
        self.step(delta_us, out);
        let bound = bound_us + drift_over(now - sent, self.drift()) + 1;
        let claim = self.make_claim(now + delta_us, bound);
        self.last = vec![
            ("round".into(), round.to_string()),
            ("correction".into(), crate::face::signed_ms(delta_us)),
            (
                "coordinator's bound".into(),
                format!("±{}", crate::face::ms(bound_us as i64)),
            ),
        ];
        out.note(Note::Adjusted {
            round,
            delta_us,
            claim,
        });
    }
}
