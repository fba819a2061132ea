//! The bully algorithm: Garcia-Molina, *Elections in a Distributed Computing System*, IEEE Trans.
//! Computers C-31(1), 1982, §4. A node that suspects the coordinator sends Election to every higher id; any
//! live higher id Answers and takes the election over; a node that hears no Answer within the timeout
//! proclaims itself with Coordinator to all. The highest live id therefore always wins.

use crate::message::{Message, Timer};
use crate::node::{Election, Role};
use crate::note::Note;
use splitbrain_sim::{NodeId, Out, SimDuration};

impl Election {
    pub(crate) fn bully_call(&mut self, election: u64, out: &mut Out<Self>) {
        self.answered = false;
        self.asked = election;
        let higher: Vec<NodeId> = self.others().filter(|n| *n > self.id).collect();
        if higher.is_empty() {
            self.become_leader(election, out);
            self.send_coordinator(out);
            return;
        }
        for n in higher {
            out.send(n, Message::Election { election });
        }
        let d = SimDuration(self.options.answer_timeout_us);
        out.set_timer(Timer::AnswerTimeout, d, d);
    }

    pub(crate) fn send_coordinator(&self, out: &mut Out<Self>) {
        let all: Vec<NodeId> = self.others().collect();
        for n in all {
            out.send(
                n,
                Message::Coordinator {
                    election: self.election,
                },
            );
        }
    }

    /// A lower id calls an election: answer it (it must not proclaim itself) and hold one's own, unless
    /// already holding one or leading, in which case the Coordinator it gets settles it.
    pub(crate) fn bully_on_election(&mut self, from: NodeId, election: u64, out: &mut Out<Self>) {
        if from > self.id {
            return;
        }
        out.send(from, Message::Answer { election });
        match self.role {
            Role::Leader => out.send(
                from,
                Message::Coordinator {
                    election: self.election,
                },
            ),
            Role::Electing => {}
            Role::Member => {
                self.adopt(election, out);
                out.note(Note::Joined { election });
                self.role = Role::Electing;
                self.leader = None;
                self.arm_leader_timeout(out);
                let e = self.election;
                self.bully_call(e, out);
            }
        }
    }

    pub(crate) fn bully_on_answer(&mut self, election: u64, out: &mut Out<Self>) {
        if self.role == Role::Electing && election == self.election {
            self.answered = true;
            out.cancel_timer(Timer::AnswerTimeout);
            // The leader timeout now waits for the higher id's Coordinator; if it never comes, call again.
            self.arm_leader_timeout(out);
        }
    }

    pub(crate) fn bully_on_answer_timeout(&mut self, out: &mut Out<Self>) {
        if self.role == Role::Electing && !self.answered {
            let e = self.election;
            if self.asked == e {
                self.become_leader(e, out);
                self.send_coordinator(out);
            } else {
                // The election number moved on while waiting: the higher ids were asked about an older
                // one, so ask again before proclaiming.
                self.bully_call(e, out);
            }
        }
    }

    /// A Coordinator from a higher id is obeyed; one from a lower id is bullied: this node outranks it and
    /// holds an election it will win.
    pub(crate) fn bully_on_coordinator(
        &mut self,
        from: NodeId,
        election: u64,
        out: &mut Out<Self>,
    ) {
        if from > self.id {
            self.follow(from, election, out);
        } else {
            self.adopt(election, out);
            if self.role != Role::Electing {
                self.call_election(out);
            }
        }
    }
}
