//! The NTP-style exchange (Mills 1991, §3; RFC 5905 §8): four timestamps give the offset θ and the
//! delay δ; the clock is slewed (its rate changed by `slew_ppm` until θ is worked off) or stepped.

use crate::message::Timer;
use crate::node::{drift_over, over, ClockSync};
use crate::note::{Claim, Note};
use crate::options::Discipline;
use splitbrain_sim::{ClockAdjust, Out, SimDuration};

impl ClockSync {
    /// RFC 5905 §8: offset θ = ((T2−T1)+(T3−T4))/2, delay δ = (T4−T1)−(T3−T2). The true offset lies
    /// within θ ± δ/2 however the delay splits between the two directions: an asymmetric link biases θ
    /// by half the asymmetry, and that bias is inside the bound.
    pub(crate) fn on_ntp_reply(
        &mut self,
        now: i64,
        reply: (u64, i64, i64, i64),
        out: &mut Out<Self>,
    ) {
        let (round, t1, t2, t3) = reply;
        if self.pending != Some((round, t1)) {
            return;
        }
        self.pending = None;
        let t4 = now;
        let theta = ((t2 - t1) + (t3 - t4)) / 2;
        let delta = ((t4 - t1) - (t3 - t2)).max(0);
        // While a slew runs the clock's rate is off by it as well as by drift.
        let rate = self.drift() + self.slew.unsigned_abs() as u64;
        let e0 = (delta as u64).div_ceil(2) + drift_over(t4 - t1, rate) + 2;
        self.last = vec![
            ("T1 request left".into(), crate::face::time_text(t1)),
            ("T2 server received".into(), crate::face::time_text(t2)),
            ("T3 server replied".into(), crate::face::time_text(t3)),
            ("T4 reply arrived".into(), crate::face::time_text(t4)),
            ("offset θ".into(), crate::face::signed_ms(theta)),
            ("delay δ".into(), crate::face::ms(delta)),
        ];
        if self.slew != 0 {
            out.adjust_clock(ClockAdjust::Slew { ppm: -self.slew });
            self.slew = 0;
            self.slew_end = None;
            out.cancel_timer(Timer::SlewDone);
        }
        let p = self.options.slew_ppm as i64;
        let slewing = self.options.discipline == Discipline::Slew && theta != 0;
        let claim = if slewing {
            // Slew at s = ±p until |θ| is worked off: the clock runs at 1 + s, so L local µs take
            // L/(1 + s) real ones and move the offset by p·L/(1e6 + s) = |θ|.
            let ppm = if theta > 0 { p } else { -p };
            let local = (theta.unsigned_abs() as u128 * (1_000_000 + ppm) as u128)
                .div_ceil(p as u128) as u64;
            out.adjust_clock(ClockAdjust::Slew { ppm: ppm as i32 });
            self.slew = ppm as i32;
            out.set_timer(Timer::SlewDone, SimDuration(local), SimDuration(local));
            self.slew_end = Some((e0, theta.unsigned_abs(), now, local));
            // Until it ends the clock moves from θ off toward the true time, never beyond |θ| + e0,
            // growing by drift and, if the end comes late (a pause), by the slew rate too.
            let claim = Claim {
                bound_us: theta.unsigned_abs() + e0,
                drift_ppm: self.options.max_drift_ppm + self.options.slew_ppm,
            };
            self.claim = Some((claim, now));
            claim
        } else {
            self.step(theta, out);
            self.make_claim(now + theta, e0)
        };
        self.persist(out);
        out.note(Note::Synced {
            round,
            correction_us: theta,
            delay_us: delta as u64,
            slewing,
            claim,
        });
    }

    pub(crate) fn on_slew_done(&mut self, now: i64, out: &mut Out<Self>) {
        if self.slew == 0 {
            return;
        }
        out.adjust_clock(ClockAdjust::Slew { ppm: -self.slew });
        self.slew = 0;
        self.persist(out);
        if let Some((e0, theta, started, planned)) = self.slew_end.take() {
            // e0, plus drift over the slew's real duration, plus the slew's own error (the clock's drift
            // changed how much real time the planned length took: |θ|·drift/(1e6 − drift − p)), plus the
            // overshoot if the timer fired late (a pause): p over the extra time.
            let m = self.drift();
            let p = self.options.slew_ppm as u64;
            let ran = (now - started).max(0);
            let late = (ran - planned as i64).max(0);
            let end =
                e0 + over(ran, m, m + p) + over(theta as i64, m, m + p) + over(late, p, m + p) + 2;
            let claim = self.make_claim(now, end);
            out.note(Note::SlewDone { claim });
        }
    }
}
