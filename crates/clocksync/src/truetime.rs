//! TrueTime and commit-wait (Corbett et al., *Spanner*, OSDI 2012, §3 and §4.1.2). Each node's
//! TT.now() is [local − ε, local + ε], where ε is the bound its last Cristian round to n1 claimed, grown by
//! `max_drift_ppm` since (Spanner's ε likewise saw-tooths between synchronisations). A `put` is a
//! transaction: it is stamped s = TT.now().latest and, with `commit_wait`, answered only once
//! TT.now().earliest > s, so s is in the past everywhere before anyone learns of the commit (§4.1.2,
//! "Commit Wait"). Without commit-wait the answer is immediate and a later transaction on a slower
//! clock can receive an earlier timestamp.

use crate::message::Timer;
use crate::node::{drift_over, ClockSync};
use crate::note::Note;
use splitbrain_sim::{ClientResponse, OpId, Out, SimDuration};

/// How many recent commits the inspector lists.
const SHOWN_COMMITS: usize = 8;

impl ClockSync {
    pub(crate) fn commit(&mut self, now: i64, op: OpId, out: &mut Out<Self>) {
        let Some(epsilon) = self.bound_at(now) else {
            let reason = format!(
                "{} has not synchronised its clock yet: TT.now() has no bound",
                self.id
            );
            return out.reply(op, ClientResponse::Fail { reason });
        };
        let ts = now + epsilon as i64;
        if !self.options.commit_wait {
            return self.finish(op, ts, 0, out);
        }
        self.waiting.insert(op, (ts, now));
        self.arm_wait(now, op, ts, out);
    }

    /// Sleeps until TT.now().earliest should have passed `ts` (2ε, widened for ε's own growth); the
    /// timer re-checks and sleeps again if it has not.
    fn arm_wait(&self, now: i64, op: OpId, ts: i64, out: &mut Out<Self>) {
        let epsilon = self.bound_at(now).unwrap_or(0) as i64;
        let gap = (ts - (now - epsilon)).max(0);
        let wait = gap as u64 + drift_over(gap, 2 * self.drift()) + 1;
        out.set_timer(
            Timer::CommitWait { op },
            SimDuration(wait),
            SimDuration(wait),
        );
    }

    pub(crate) fn commit_wait(&mut self, now: i64, op: OpId, out: &mut Out<Self>) {
        let Some(&(ts, arrived)) = self.waiting.get(&op) else {
            return;
        };
        let epsilon = self.bound_at(now).unwrap_or(u64::MAX / 4) as i64;
        if now - epsilon > ts {
            self.waiting.remove(&op);
            self.finish(op, ts, (now - arrived).max(0) as u64, out);
        } else {
            self.arm_wait(now, op, ts, out);
        }
    }

    fn finish(&mut self, op: OpId, ts: i64, waited_us: u64, out: &mut Out<Self>) {
        self.commits.push((op, ts, waited_us));
        if self.commits.len() > SHOWN_COMMITS {
            self.commits.remove(0);
        }
        out.note(Note::Committed {
            op,
            ts_us: ts,
            waited_us,
        });
        out.reply(op, ClientResponse::Ok { value: None });
    }
}
