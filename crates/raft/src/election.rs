//! Leader election (§5.2): randomized timeouts, RequestVote with the log up-to-date check (§5.4.1), stepping
//! down on a higher term, and the thesis extensions pre-vote and check-quorum.

use crate::leader::LeaderState;
use crate::log::{Command, Entry};
use crate::message::{Message, Timer};
use crate::note::Note;
use crate::options::Mutant;
use crate::{Raft, Role};
use splitbrain_sim::{LocalTime, NodeId, Out, SimDuration};

impl Raft {
    /// Arms the election timer. The engine draws the duration, so the protocol itself stays deterministic.
    pub(crate) fn reset_election_timer(&self, out: &mut Out<Self>) {
        let min = SimDuration(self.options.election_timeout_min_us);
        let max = if self.options.is(Mutant::FixedElectionTimeout) {
            min // the mutant: every node waits exactly as long, so simultaneous candidates stay in lockstep
        } else {
            SimDuration(self.options.election_timeout_max_us)
        };
        out.set_timer(Timer::Election, min, max);
    }

    /// Figure 2, all servers: "If RPC request or response contains term T > currentTerm: set currentTerm =
    /// T, convert to follower". The role change is left to the caller, which may know the new leader.
    pub(crate) fn adopt_term(&mut self, term: u64, out: &mut Out<Self>) {
        debug_assert!(term > self.current_term);
        self.current_term = term;
        self.voted_for = None;
        self.leader_id = None;
        out.note(Note::TermChanged { term });
        self.persist(out);
    }

    /// Becomes a follower in the current term. A leader answers its waiting clients with a redirect: it can
    /// no longer promise their entries will commit.
    pub(crate) fn become_follower(&mut self, out: &mut Out<Self>) {
        if self.role == Role::Follower {
            return;
        }
        let was_leader = self.role == Role::Leader;
        self.role = Role::Follower;
        self.votes_received.clear();
        out.note(Note::BecameFollower {
            term: self.current_term,
        });
        if was_leader {
            self.fail_pending_requests(out);
            self.leader = None;
            if self.leader_id == Some(self.id) {
                self.leader_id = None;
            }
            out.cancel_timer(Timer::Heartbeat);
            out.cancel_timer(Timer::CheckQuorum);
        }
        self.reset_election_timer(out);
    }

    /// Adopts a higher term seen in any message and becomes a follower.
    fn step_down_to(&mut self, term: u64, out: &mut Out<Self>) {
        self.adopt_term(term, out);
        self.become_follower(out);
    }

    /// Whether this node should refuse to help a challenger because a leader is (as far as it knows)
    /// alive: it leads itself, or it heard from a leader less than a minimum election timeout ago.
    pub(crate) fn leader_recently_heard(&self, now: LocalTime) -> bool {
        let min = SimDuration(self.options.election_timeout_min_us);
        self.role == Role::Leader || self.last_leader_contact.is_some_and(|t| now.since(t) < min)
    }

    pub(crate) fn on_election_timeout(&mut self, now: LocalTime, out: &mut Out<Self>) {
        match self.role {
            Role::Leader => {} // a stale timer: leaders do not time out
            _ if self.options.pre_vote => self.start_pre_vote(now, out),
            _ => self.start_election(now, out),
        }
    }

    /// Pre-vote: ask whether a majority would vote for us in the next term, without changing any state.
    fn start_pre_vote(&mut self, now: LocalTime, out: &mut Out<Self>) {
        self.role = Role::PreCandidate;
        self.leader_id = None;
        self.votes_received.clear();
        self.votes_received.insert(self.id);
        out.note(Note::BecamePreCandidate {
            term: self.current_term,
        });
        self.reset_election_timer(out);
        if self.votes_received.len() >= self.majority() {
            return self.start_election(now, out);
        }
        let msg = Message::PreVote {
            term: self.current_term + 1,
            candidate_id: self.id,
            last_log_index: self.log.last_index(),
            last_log_term: self.log.last_term(),
        };
        for peer in self.peers() {
            out.send(peer, msg.clone());
        }
    }

    /// Figure 2, candidates: increment current_term, vote for self, reset the election timer, send
    /// RequestVote to all other servers.
    pub(crate) fn start_election(&mut self, now: LocalTime, out: &mut Out<Self>) {
        if self.role == Role::Leader {
            self.become_follower(out);
        }
        self.role = Role::Candidate;
        self.current_term += 1;
        self.voted_for = Some(self.id);
        self.leader_id = None;
        self.votes_received.clear();
        self.votes_received.insert(self.id);
        out.note(Note::TermChanged {
            term: self.current_term,
        });
        out.note(Note::BecameCandidate {
            term: self.current_term,
        });
        out.note(Note::Voted {
            term: self.current_term,
            r#for: self.id,
        });
        self.persist(out);
        self.reset_election_timer(out);
        if self.votes_received.len() >= self.majority() {
            return self.become_leader(now, out);
        }
        let msg = Message::RequestVote {
            term: self.current_term,
            candidate_id: self.id,
            last_log_index: self.log.last_index(),
            last_log_term: self.log.last_term(),
        };
        for peer in self.peers() {
            out.send(peer, msg.clone());
        }
    }

    /// Won the election: initialize next_index / match_index, append a no-op of the new term (so entries of
    /// earlier terms can be committed through it, §5.4.2), and assert leadership with AppendEntries at once.
    fn become_leader(&mut self, now: LocalTime, out: &mut Out<Self>) {
        self.role = Role::Leader;
        self.leader_id = Some(self.id);
        self.votes_received.clear();
        out.note(Note::BecameLeader {
            term: self.current_term,
        });
        out.cancel_timer(Timer::Election);
        self.leader = Some(LeaderState::new(self.peers(), self.log.last_index() + 1));
        self.append_as_leader(Command::Noop, out);
        if self.options.check_quorum {
            let d = SimDuration(self.options.election_timeout_min_us);
            out.set_timer(Timer::CheckQuorum, d, d);
        }
        self.broadcast_append_entries(now, out);
        self.advance_commit_index(now, out);
    }

    /// Appends a new entry of the current term to the leader's own log; returns its index.
    pub(crate) fn append_as_leader(&mut self, command: Command, out: &mut Out<Self>) -> u64 {
        let entry = Entry {
            term: self.current_term,
            command,
        };
        let index = self.log.push(entry.clone());
        out.note(Note::Appended {
            index,
            term: entry.term,
            command: entry.command,
        });
        self.persist(out);
        index
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn on_request_vote(
        &mut self,
        now: LocalTime,
        from: NodeId,
        term: u64,
        candidate_id: NodeId,
        last_log_index: u64,
        last_log_term: u64,
        out: &mut Out<Self>,
    ) {
        // Thesis §4.2.3: while a leader is known to be alive, a RequestVote is disregarded entirely — not even
        // its term is adopted — so a server that was cut off cannot depose a healthy leader.
        let ignore = self.options.leader_stickiness()
            && term > self.current_term
            && self.leader_recently_heard(now);
        if !ignore && term > self.current_term {
            self.step_down_to(term, out);
        }
        let log_ok = self.options.is(Mutant::VoteWithoutLogCheck)
            || self.log.candidate_up_to_date(last_log_term, last_log_index);
        // A candidate or leader has voted for itself, so the voted_for test also keeps them from voting twice.
        let grant = !ignore
            && term == self.current_term
            && self.voted_for.is_none_or(|v| v == candidate_id)
            && log_ok;
        if grant {
            if self.role == Role::PreCandidate {
                self.become_follower(out);
            }
            self.voted_for = Some(candidate_id);
            out.note(Note::Voted {
                term,
                r#for: candidate_id,
            });
            self.persist(out);
            // Granting a vote resets the timer (Figure 2), giving the candidate time to win.
            self.reset_election_timer(out);
        }
        out.send(
            from,
            Message::RequestVoteResponse {
                term: self.current_term,
                vote_granted: grant,
            },
        );
    }

    pub(crate) fn on_request_vote_response(
        &mut self,
        now: LocalTime,
        from: NodeId,
        term: u64,
        vote_granted: bool,
        out: &mut Out<Self>,
    ) {
        if term > self.current_term {
            return self.step_down_to(term, out);
        }
        if self.role != Role::Candidate || term < self.current_term || !vote_granted {
            return; // stale, or a refusal
        }
        if self.votes_received.insert(from) {
            out.note(Note::VoteReceived {
                term,
                from,
                votes: self.votes_received.len() as u64,
            });
        }
        if self.votes_received.len() >= self.majority() {
            self.become_leader(now, out);
        }
    }

    /// Pre-vote: would we vote for this node in `term`? Nothing changes here, whatever the answer.
    pub(crate) fn on_pre_vote(
        &mut self,
        now: LocalTime,
        from: NodeId,
        term: u64,
        last_log_index: u64,
        last_log_term: u64,
        out: &mut Out<Self>,
    ) {
        let log_ok = self.options.is(Mutant::VoteWithoutLogCheck)
            || self.log.candidate_up_to_date(last_log_term, last_log_index);
        let grant = term > self.current_term && log_ok && !self.leader_recently_heard(now);
        let reply_term = if grant { term } else { self.current_term };
        out.send(
            from,
            Message::PreVoteResponse {
                term: reply_term,
                vote_granted: grant,
            },
        );
    }

    pub(crate) fn on_pre_vote_response(
        &mut self,
        now: LocalTime,
        from: NodeId,
        term: u64,
        vote_granted: bool,
        out: &mut Out<Self>,
    ) {
        if !vote_granted {
            if term > self.current_term {
                self.step_down_to(term, out);
            }
            return;
        }
        if self.role != Role::PreCandidate || term != self.current_term + 1 {
            return; // a grant from an earlier attempt
        }
        if self.votes_received.insert(from) {
            out.note(Note::VoteReceived {
                term,
                from,
                votes: self.votes_received.len() as u64,
            });
        }
        if self.votes_received.len() >= self.majority() {
            self.start_election(now, out);
        }
    }

    /// Check-quorum: a leader that heard from fewer than a majority during the last election timeout steps
    /// down, so a leader cut off in a minority stops accepting requests it could never commit.
    pub(crate) fn on_check_quorum(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        let majority = self.majority();
        let Some(leader) = self.leader.as_mut() else {
            return;
        };
        if leader.recent_active.len() + 1 >= majority {
            leader.recent_active.clear();
            let d = SimDuration(self.options.election_timeout_min_us);
            out.set_timer(Timer::CheckQuorum, d, d);
        } else {
            out.note(Note::LostQuorum {
                term: self.current_term,
            });
            self.become_follower(out);
        }
    }
}
