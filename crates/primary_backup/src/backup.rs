//! The backup's side (Budhiraja et al. §3): store what the primary ships, in its order, and acknowledge it.
//! A shipment from an older epoch is refused (fencing: DDIA ch. 8, the storage checks the token); one from
//! a newer epoch makes this node follow its sender. Entries that differ from the primary's are thrown away
//! and replaced (Raft §5.3's consistency check on the previous entry).

use crate::message::{Entry, Message};
use crate::node::{PrimaryBackup, Role};
use crate::note::Note;
use crate::options::Mutant;
use splitbrain_sim::{LocalTime, NodeId, Out};

/// The fields of a Replicate message.
#[derive(Clone, Debug)]
pub(crate) struct Shipment {
    pub epoch: u64,
    pub prev_index: u64,
    pub prev_epoch: u64,
    pub entries: Vec<Entry>,
    pub commit: u64,
    pub round: u64,
    pub last_index: u64,
}

impl PrimaryBackup {
    pub(crate) fn on_replicate(
        &mut self,
        now: LocalTime,
        from: NodeId,
        s: Shipment,
        out: &mut Out<Self>,
    ) {
        let fenced = self.opts.epochs() && !self.opts.is(Mutant::NoFencing);
        if fenced && s.epoch < self.epoch {
            out.note(Note::Refused {
                from,
                epoch: s.epoch,
                mine: self.epoch,
            });
            out.send(from, Message::Refused { epoch: self.epoch });
            return;
        }
        if self.opts.epochs() && s.epoch > self.epoch {
            self.adopt_epoch(s.epoch, from, out);
        }
        if s.epoch < self.epoch && self.role != Role::Backup {
            return; // the unfenced mutant: a primary or candidate still ignores an older primary
        }
        match self.role {
            Role::Primary => {
                // Another primary in this very epoch (no epochs, or two promotions to the same one): the
                // one with the longer log, then the lower id, stays.
                let theirs = (s.last_index, std::cmp::Reverse(from));
                let mine = (self.log.len(), std::cmp::Reverse(self.id));
                if theirs <= mine {
                    return;
                }
                self.step_down(from, self.epoch, Some(from), out);
            }
            Role::Candidate => self.step_down(from, self.epoch, Some(from), out),
            Role::Backup => {}
        }
        if self.primary != Some(from) && s.epoch == self.epoch {
            self.primary = Some(from);
        }
        self.last_heard = Some(now);
        self.arm_failure_detector(out);
        self.release_parked(now, out);
        let epoch = s.epoch.min(self.epoch);
        let ack = |ok, matched| Message::Ack {
            epoch,
            ok,
            matched,
            round: s.round,
        };
        if s.prev_index > self.log.len() {
            out.send(from, ack(false, self.log.len()));
            return;
        }
        let here = self.log.epoch_at(s.prev_index);
        if here != s.prev_epoch {
            // Skip back over the whole run of the conflicting epoch at once.
            let mut hint = s.prev_index - 1;
            while hint > 0 && self.log.epoch_at(hint) == here {
                hint -= 1;
            }
            out.send(from, ack(false, hint));
            return;
        }
        let matched = s.prev_index + s.entries.len() as u64;
        let mut stored = Vec::new();
        let mut first_new = None;
        for (i, entry) in s.entries.into_iter().enumerate() {
            let index = s.prev_index + 1 + i as u64;
            if first_new.is_none() {
                if self.log.get(index) == Some(&entry) {
                    continue;
                }
                if index <= self.log.len() {
                    self.discard_from(index - 1, from, out);
                }
                first_new = Some(index);
            }
            stored.push(entry.clone());
            self.log.push(entry);
        }
        let commit = s.commit.min(matched);
        let moved = commit > self.commit;
        if moved {
            self.commit = commit;
            self.apply();
        }
        if !stored.is_empty() {
            self.persist(out);
        }
        if !stored.is_empty() || moved {
            out.note(Note::Stored {
                from_index: first_new.unwrap_or(self.log.len() + 1),
                entries: stored,
                len: self.log.len(),
                commit: self.commit,
            });
        }
        out.send(from, ack(true, matched));
    }
}
