//! The read path of a coordinator (§4.5, §4.7): a get's answers are reconciled into every version no
//! other supersedes (siblings under vector clocks), the client is answered after R of them, and read repair
//! sends the reconciled versions to every owner that answered with older ones, late answers included.

use crate::coordinator::Coordination;
use crate::message::Message;
use crate::node::Dynamo;
use crate::note::{Cause, Note};
use crate::options::Mutant;
use crate::version::{context_of, covered, reconcile, Version};
use splitbrain_sim::{ClientResponse, LocalTime, NodeId, Out};

impl Dynamo {
    pub(crate) fn on_get_reply(
        &mut self,
        _now: LocalTime,
        from: NodeId,
        req: u64,
        versions: Vec<Version>,
        out: &mut Out<Self>,
    ) {
        let Some(c) = self.coords.get_mut(&req) else {
            return;
        };
        if !c.asked.contains_key(&from) || c.answers.contains_key(&from) {
            return;
        }
        c.answers.insert(from, versions.clone());
        if !c.done {
            self.maybe_finish(req, out);
            return;
        }
        // A late answer: the client was told `answered` already; repair whoever is now known to be behind.
        let (op, key, answered) = (c.op, c.key.clone(), c.answered.clone());
        if versions.iter().any(|v| !covered(&answered, v)) {
            out.note(Note::LateNewer {
                op,
                key,
                from,
                versions: versions.clone(),
            });
        }
        if self.opts.read_repair {
            let merged = self.merge_answers(req);
            self.read_repair(req, &merged, out);
        }
    }

    /// Every version of the answers so far that no other supersedes (§4.4's syntactic reconciliation).
    fn merge_answers(&self, req: u64) -> Vec<Version> {
        let ordered = self.opts.is(Mutant::ConcurrentAsOrdered);
        self.coords.get(&req).map_or(Vec::new(), |c| {
            c.answers
                .values()
                .fold(Vec::new(), |acc, v| reconcile(&acc, v, ordered))
        })
    }

    pub(crate) fn finish_read(&mut self, req: u64, c: &Coordination, out: &mut Out<Self>) {
        let merged = self.merge_answers(req);
        if let Some(cc) = self.coords.get_mut(&req) {
            cc.answered = merged.clone();
        }
        out.note(Note::Read {
            op: c.op,
            key: c.key.clone(),
            versions: merged.clone(),
            from: c.answers.keys().copied().collect(),
        });
        let response = if self.opts.vector_clocks() {
            ClientResponse::Versions {
                values: merged.iter().map(|v| v.value.clone()).collect(),
                context: context_of(&merged).to_string(),
            }
        } else {
            ClientResponse::Ok {
                value: merged.last().map(|v| v.value.clone()),
            }
        };
        out.reply(c.op, response);
        if self.opts.read_repair {
            self.read_repair(req, &merged, out);
        }
    }

    /// §4.7 read repair: every answerer whose versions differ from the reconciled ones is sent them, once
    /// per new reconciled set (late answers can change it). The mutant writes back the oldest non-empty
    /// answer instead, to everyone, and replicas take it as is.
    fn read_repair(&mut self, req: u64, merged: &[Version], out: &mut Out<Self>) {
        let Some(c) = self.coords.get(&req).cloned() else {
            return;
        };
        let mut repair = merged.to_vec();
        let keeps_older = self.opts.is(Mutant::ReadRepairKeepsOlder);
        if keeps_older {
            match c
                .answers
                .values()
                .find(|v| !v.is_empty() && v.as_slice() != merged)
            {
                Some(older) => repair = older.clone(),
                None => return,
            }
        }
        // Only owners are repaired: a stand-in keeps hints, not the key (§4.6).
        let stale: Vec<NodeId> = c
            .answers
            .iter()
            .filter(|(n, v)| {
                c.asked.get(n) == Some(&None)
                    && v.as_slice() != repair.as_slice()
                    && c.repaired.get(n) != Some(&repair)
            })
            .map(|(n, _)| *n)
            .collect();
        if stale.is_empty() {
            return;
        }
        if let Some(cc) = self.coords.get_mut(&req) {
            for n in &stale {
                cc.repaired.insert(*n, repair.clone());
            }
        }
        out.note(Note::RepairSent {
            key: c.key.clone(),
            to: stale.clone(),
        });
        for n in stale {
            if n == self.id {
                self.apply(
                    &c.key,
                    &repair,
                    Cause::ReadRepair { by: self.id },
                    keeps_older,
                    out,
                );
            } else {
                out.send(
                    n,
                    Message::Repair {
                        key: c.key.clone(),
                        versions: repair.clone(),
                    },
                );
            }
        }
    }
}
