//! Log replication (§5.3) and commitment (§5.4.2): AppendEntries with the consistency check and the
//! conflict-term back-off, the leader's commit rule (only entries of its own term are committed by counting
//! replicas — Figure 8), and applying committed entries to the state machine.

use crate::log::Entry;
use crate::message::{Message, Timer};
use crate::note::Note;
use crate::options::Mutant;
use crate::{Raft, Role};
use splitbrain_sim::{LocalTime, NodeId, Out, SimDuration};

/// The fields of an AppendEntries request, unpacked.
pub(crate) struct AppendRequest {
    pub term: u64,
    pub prev_log_index: u64,
    pub prev_log_term: u64,
    pub entries: Vec<Entry>,
    pub leader_commit: u64,
    pub seq: u64,
}

/// The fields of an AppendEntries response, unpacked.
pub(crate) struct AppendResponse {
    pub term: u64,
    pub success: bool,
    pub match_index: u64,
    pub conflict_index: u64,
    pub conflict_term: Option<u64>,
    pub seq: u64,
}

impl Raft {
    /// Starts a new heartbeat round: AppendEntries to every follower (with whatever entries it still
    /// lacks), and re-arms the heartbeat timer.
    pub(crate) fn broadcast_append_entries(&mut self, now: LocalTime, out: &mut Out<Self>) {
        let Some(leader) = self.leader.as_mut() else {
            return;
        };
        leader.seq += 1;
        leader.round_started.insert(leader.seq, now);
        for peer in self.peers() {
            self.send_append_entries(peer, out);
        }
        let d = SimDuration(self.options.heartbeat_us);
        out.set_timer(Timer::Heartbeat, d, d);
        // A lone leader is its own majority: the round is confirmed as soon as it starts.
        self.on_round_progress(now, out);
    }

    /// Sends `peer` the entries from its next_index on (at most `max_entries_per_append`), and assumes they
    /// will arrive: next_index moves past them so the next send does not repeat them. A lost message shows
    /// up as a rejection of a later one, which moves next_index back.
    pub(crate) fn send_append_entries(&mut self, peer: NodeId, out: &mut Out<Self>) {
        let Some(leader) = self.leader.as_mut() else {
            return;
        };
        let next = leader.next_index[&peer].clamp(1, self.log.last_index() + 1);
        let prev_log_index = next - 1;
        let prev_log_term = self
            .log
            .term_at(prev_log_index)
            .expect("prev_log_index is within the log");
        let last =
            (prev_log_index + self.options.max_entries_per_append).min(self.log.last_index());
        let entries = self.log.slice(next, last).to_vec();
        leader.next_index.insert(peer, last + 1);
        out.send(
            peer,
            Message::AppendEntries {
                term: self.current_term,
                leader_id: self.id,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit: self.commit_index,
                seq: leader.seq,
            },
        );
    }

    /// Figure 2, AppendEntries receiver.
    pub(crate) fn on_append_entries(
        &mut self,
        now: LocalTime,
        from: NodeId,
        req: AppendRequest,
        out: &mut Out<Self>,
    ) {
        let reject =
            |raft: &Raft, conflict_index: u64, conflict_term: Option<u64>, out: &mut Out<Self>| {
                out.send(
                    from,
                    Message::AppendEntriesResponse {
                        term: raft.current_term,
                        success: false,
                        match_index: 0,
                        conflict_index,
                        conflict_term,
                        seq: req.seq,
                    },
                );
            };
        // 1. Reply false if term < currentTerm.
        if req.term < self.current_term {
            return reject(self, 0, None, out);
        }
        let newer = req.term > self.current_term;
        if newer {
            self.adopt_term(req.term, out);
        } else if self.role == Role::Leader {
            // Two leaders in one term: impossible in Raft, possible with a mutant. Keep our own log.
            return;
        }
        // Learn the leader before stepping down, so clients waiting on a deposed leader are sent to it.
        if self.leader_id != Some(from) {
            self.leader_id = Some(from);
            out.note(Note::LeaderKnown {
                term: self.current_term,
                leader: from,
            });
        }
        self.become_follower(out);
        self.last_leader_contact = Some(now);
        self.reset_election_timer(out);

        // 2. Reply false if the log does not contain an entry at prevLogIndex whose term matches prevLogTerm.
        match self.log.term_at(req.prev_log_index) {
            None => return reject(self, self.log.last_index() + 1, None, out),
            Some(t) if t != req.prev_log_term => {
                // Skip back over the whole conflicting term in one round trip (§5.3, end).
                let first = self.log.first_index_of_term_ending_at(req.prev_log_index);
                return reject(self, first, Some(t), out);
            }
            Some(_) => {}
        }

        // 3–4. Delete a conflicting suffix, append what is new. Entries already present with the same term
        // are kept: a delayed or duplicated request must never truncate entries a later one added.
        let mut changed = false;
        let mut index = req.prev_log_index;
        for entry in req.entries.iter() {
            index += 1;
            match self.log.term_at(index) {
                Some(t) if t == entry.term => continue,
                Some(_) => {
                    self.log.truncate_from(index);
                    out.note(Note::Truncated { from_index: index });
                }
                None => {}
            }
            self.log.push(entry.clone());
            out.note(Note::Appended {
                index,
                term: entry.term,
                command: entry.command.clone(),
            });
            changed = true;
        }
        if changed {
            self.persist(out);
        }
        let last_new = req.prev_log_index + req.entries.len() as u64;

        // 5. If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new entry). Only
        // the entries this request proved are the leader's can be committed, not a stale suffix beyond them.
        if req.leader_commit > self.commit_index {
            let new_commit = req.leader_commit.min(last_new);
            if new_commit > self.commit_index {
                self.set_commit_index(now, new_commit, out);
            }
        }
        out.send(
            from,
            Message::AppendEntriesResponse {
                term: self.current_term,
                success: true,
                match_index: last_new,
                conflict_index: 0,
                conflict_term: None,
                seq: req.seq,
            },
        );
    }

    /// Figure 2, leaders: on success update match_index / next_index; on failure move next_index back and
    /// retry.
    pub(crate) fn on_append_entries_response(
        &mut self,
        now: LocalTime,
        from: NodeId,
        resp: AppendResponse,
        out: &mut Out<Self>,
    ) {
        if resp.term > self.current_term {
            self.adopt_term(resp.term, out);
            return self.become_follower(out);
        }
        if resp.term < self.current_term || self.role != Role::Leader {
            return; // an answer to an earlier term
        }
        let last_index = self.log.last_index();
        let leader = self.leader.as_mut().expect("leaders have leader state");
        leader.recent_active.insert(from);
        let acked = leader.acked_seq.entry(from).or_insert(0);
        *acked = (*acked).max(resp.seq);
        let mut send_more = false;
        if resp.success {
            let m = leader
                .match_index
                .get_mut(&from)
                .expect("every peer has a match_index");
            *m = (*m).max(resp.match_index.min(last_index));
            let matched = *m;
            let next = leader
                .next_index
                .get_mut(&from)
                .expect("every peer has a next_index");
            *next = (*next).max(matched + 1);
            send_more = matched < last_index && *next <= last_index;
        } else {
            // Where to retry: after the leader's last entry of the follower's conflicting term if it has one,
            // otherwise at the start of that term in the follower's log (or its log's end).
            let hint = match resp.conflict_term {
                Some(t) => self
                    .log
                    .last_index_of_term(t)
                    .map_or(resp.conflict_index, |i| i + 1),
                None => resp.conflict_index,
            };
            let matched = leader.match_index[&from];
            let next = leader
                .next_index
                .get_mut(&from)
                .expect("every peer has a next_index");
            let retry = hint.clamp(matched + 1, last_index + 1);
            if retry < *next {
                *next = retry;
                send_more = true;
            }
        }
        if send_more {
            self.send_append_entries(from, out);
        }
        if resp.success {
            self.advance_commit_index(now, out);
        }
        self.on_round_progress(now, out);
    }

    /// Figure 2, leaders: "If there exists an N such that N > commitIndex, a majority of matchIndex[i] ≥ N,
    /// and log[N].term == currentTerm: set commitIndex = N". The term test is the Figure 8 rule: an entry of
    /// an earlier term stored on a majority can still be overwritten, so it is only committed indirectly.
    pub(crate) fn advance_commit_index(&mut self, now: LocalTime, out: &mut Out<Self>) {
        let Some(leader) = self.leader.as_ref() else {
            return;
        };
        let n = leader.quorum_match(self.log.last_index(), self.majority());
        if n <= self.commit_index {
            return;
        }
        let term_ok = self.log.term_at(n) == Some(self.current_term);
        if term_ok || self.options.is(Mutant::CommitPreviousTermByCount) {
            self.set_commit_index(now, n, out);
        }
    }

    /// Records a higher commit index and applies everything up to it.
    pub(crate) fn set_commit_index(&mut self, now: LocalTime, index: u64, out: &mut Out<Self>) {
        assert!(
            index <= self.log.last_index(),
            "commit index beyond the log"
        );
        if index <= self.commit_index {
            return;
        }
        self.commit_index = index;
        out.note(Note::CommitAdvanced {
            commit_index: index,
        });
        self.apply_committed(now, out);
    }

    /// Figure 2, all servers: "If commitIndex > lastApplied: increment lastApplied, apply log[lastApplied] to
    /// the state machine". A leader answers the client waiting on each applied entry.
    fn apply_committed(&mut self, now: LocalTime, out: &mut Out<Self>) {
        while self.last_applied < self.commit_index {
            self.last_applied += 1;
            let index = self.last_applied;
            let entry = self
                .log
                .get(index)
                .expect("committed entries exist")
                .clone();
            let result = self.kv.apply(&entry.command);
            out.note(Note::Applied {
                index,
                term: entry.term,
                command: entry.command.clone(),
                result: result.clone(),
            });
            self.answer_applied(index, &entry, result, out);
        }
        self.on_round_progress(now, out);
    }
}
