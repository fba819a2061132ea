//! The coordinator of a client request (§4.5): any node a client reaches. For a put it makes the new
//! version (§4.4: the context's vector clock with its own counter moved past everything it has issued, or
//! its local timestamp under last-writer-wins), stores it first if it is an owner (its own ack counts),
//! sends it to the other owners and answers after W acknowledgements; for a get it asks the owners,
//! answers after R answers with every version no other supersedes, and repairs the replicas that answered
//! older ones (§4.7). A request timer that fires first fails the operation, unless sloppy quorums (§4.6)
//! find stand-ins: the next nodes of the ring past the N owners, which keep the version with a hint naming
//! the owner. An owner that timed out is skipped for `suspect_ms` (a coordinator's local view of who is
//! up, as §4.6's "first N healthy nodes" needs).

use crate::message::{Message, Timer};
use crate::node::{ms, Dynamo};
use crate::note::{Cause, Note};
use crate::options::Mutant;
use crate::version::{reconcile, Stamp, VClock, Version};
use splitbrain_sim::{ClientOp, ClientResponse, LocalTime, NodeId, OpId, Out, SimDuration};
use std::collections::BTreeMap;

/// A put's version, or a get.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Put { version: Version },
    Get,
}

/// One client request in flight at its coordinator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coordination {
    pub op: OpId,
    pub key: String,
    pub request: Request,
    pub preference: Vec<NodeId>,
    /// Every node asked, with the owner it stands in for (`None`: an owner itself).
    pub asked: BTreeMap<NodeId, Option<NodeId>>,
    /// Put acknowledgements in arrival order (distinct nodes, except under the duplicate-counting mutant).
    pub acks: Vec<NodeId>,
    /// Get answers.
    pub answers: BTreeMap<NodeId, Vec<Version>>,
    pub needed: usize,
    /// The client has its answer; late replies are still read, for repair.
    pub done: bool,
    /// What a get answered the client.
    pub answered: Vec<Version>,
    /// What read repair last sent each answerer.
    pub repaired: BTreeMap<NodeId, Vec<Version>>,
}

impl Coordination {
    pub fn heard(&self) -> usize {
        match self.request {
            Request::Put { .. } => self.acks.len(),
            Request::Get => self.answers.len(),
        }
    }

    fn has_heard(&self, node: NodeId) -> bool {
        self.acks.contains(&node) || self.answers.contains_key(&node)
    }
}

impl Dynamo {
    pub(crate) fn coordinate(
        &mut self,
        now: LocalTime,
        op: OpId,
        request: &ClientOp,
        out: &mut Out<Self>,
    ) {
        let (key, req) = match request {
            ClientOp::Put {
                key,
                value,
                context,
            } => match self.new_version(now, value, context.as_deref()) {
                Ok(version) => {
                    // The counter is durable before the version leaves, so a restart never reissues it.
                    self.persist(out);
                    (key.clone(), Request::Put { version })
                }
                Err(e) => {
                    let reason = e.to_string();
                    out.note(Note::Refused {
                        op,
                        reason: reason.clone(),
                    });
                    out.reply(op, ClientResponse::Fail { reason });
                    return;
                }
            },
            ClientOp::Get { key } => (key.clone(), Request::Get),
            other => {
                // The engine refuses these before they arrive; answer rather than stay silent.
                let reason = format!("dynamo serves put and get, not {}", other.kind().name());
                out.reply(op, ClientResponse::Fail { reason });
                return;
            }
        };
        let preference = self.ring.preference(&key);
        out.note(Note::Coordinate {
            op,
            key: key.clone(),
            preference: preference.clone(),
            version: match &req {
                Request::Put { version } => Some(version.clone()),
                Request::Get => None,
            },
        });
        let needed = match req {
            Request::Put { .. } => self.opts.write_quorum,
            Request::Get => self.opts.read_quorum,
        } as usize;
        self.next_req += 1;
        let id = (self.boots << 32) | self.next_req;
        let mut c = Coordination {
            op,
            key: key.clone(),
            request: req,
            preference: preference.clone(),
            asked: BTreeMap::new(),
            acks: Vec::new(),
            answers: BTreeMap::new(),
            needed,
            done: false,
            answered: Vec::new(),
            repaired: BTreeMap::new(),
        };
        if preference.contains(&self.id) {
            c.asked.insert(self.id, None);
            match &c.request {
                Request::Put { version } => {
                    self.apply(
                        &key,
                        std::slice::from_ref(version),
                        Cause::Write { from: self.id },
                        false,
                        out,
                    );
                    c.acks.push(self.id);
                }
                Request::Get => {
                    c.answers.insert(self.id, self.versions(&key).to_vec());
                }
            }
        }
        let me = self.id;
        for owner in preference.iter().copied().filter(|n| *n != me) {
            // A sloppy quorum goes straight to a stand-in for an owner that timed out recently (and to the
            // owner after all when no stand-in is left).
            let target = if self.opts.sloppy_quorum && self.suspected(owner, now) {
                self.stand_in_for(&c, now).unwrap_or(owner)
            } else {
                owner
            };
            self.ask(id, &mut c, target, owner, out);
        }
        self.coords.insert(id, c);
        self.maybe_finish(id, out);
        let t = self.opts.request_timeout_ms;
        out.set_timer(Timer::Request { req: id }, ms(t), ms(t));
    }

    /// §4.4: the put's version. Its clock is the context's with this node's counter moved past the
    /// context's and past every counter this node has issued (kept durably), so no two versions share one.
    fn new_version(
        &mut self,
        now: LocalTime,
        value: &str,
        context: Option<&str>,
    ) -> Result<Version, crate::DynamoError> {
        if !self.opts.vector_clocks() {
            // The local clock, but never the same timestamp twice from one coordinator (two puts in one
            // instant would otherwise tie, and replicas could keep different ones).
            let at_us = match self.last_stamp_us {
                Some(last) => now.as_micros().max(last.saturating_add(1)),
                None => now.as_micros(),
            };
            self.last_stamp_us = Some(at_us);
            return Ok(Version {
                value: value.to_string(),
                stamp: Stamp::Time {
                    at_us,
                    node: self.id,
                },
            });
        }
        let mut clock = match context {
            Some(text) => VClock::parse(text, self.nodes)?,
            None => VClock::default(),
        };
        let next = self
            .counter
            .max(clock.get(self.id))
            .checked_add(1)
            .ok_or_else(|| crate::DynamoError::Context {
                text: clock.to_string(),
                why: format!("{}'s counter cannot go higher", self.id),
            })?;
        self.counter = next;
        clock.0.insert(self.id, next);
        Ok(Version {
            value: value.to_string(),
            stamp: Stamp::Clock { clock },
        })
    }

    /// The next node past the owners that is not asked yet and not suspected (§4.6).
    fn stand_in_for(&self, c: &Coordination, now: LocalTime) -> Option<NodeId> {
        self.ring
            .stand_ins(&c.key)
            .into_iter()
            .find(|n| !c.asked.contains_key(n) && !self.suspected(*n, now))
    }

    fn ask(
        &mut self,
        id: u64,
        c: &mut Coordination,
        target: NodeId,
        owner: NodeId,
        out: &mut Out<Self>,
    ) {
        let hint_for = (target != owner).then_some(owner);
        if let Some(o) = hint_for {
            out.note(Note::StandIn {
                op: c.op,
                key: c.key.clone(),
                owner: o,
                stand_in: target,
            });
        }
        c.asked.insert(target, hint_for);
        if target == self.id {
            // The coordinator is its own stand-in (a sloppy quorum walked round to it): it keeps the hint
            // or answers from what it holds, as any stand-in would.
            match &c.request {
                Request::Put { version } => {
                    if let Some(o) = hint_for {
                        let held = self
                            .hints
                            .get(&(c.key.clone(), o))
                            .cloned()
                            .unwrap_or_default();
                        let merged = reconcile(
                            &held,
                            std::slice::from_ref(version),
                            self.opts.is(Mutant::ConcurrentAsOrdered),
                        );
                        self.set_hint(&c.key, o, merged, Cause::Write { from: self.id }, out);
                        self.arm_handoff(out);
                    }
                    c.acks.push(self.id);
                }
                Request::Get => {
                    c.answers.insert(self.id, self.answer(&c.key));
                }
            }
            return;
        }
        let msg = match &c.request {
            Request::Put { version } => Message::Put {
                req: id,
                key: c.key.clone(),
                version: version.clone(),
                hint_for,
            },
            Request::Get => Message::Get {
                req: id,
                key: c.key.clone(),
            },
        };
        out.send(target, msg);
    }

    pub(crate) fn on_put_ack(
        &mut self,
        _now: LocalTime,
        from: NodeId,
        req: u64,
        out: &mut Out<Self>,
    ) {
        let duplicates = self.opts.is(Mutant::QuorumCountsDuplicates);
        let Some(c) = self.coords.get_mut(&req) else {
            return;
        };
        if !c.asked.contains_key(&from) || (c.acks.contains(&from) && !duplicates) {
            return;
        }
        c.acks.push(from);
        self.maybe_finish(req, out);
    }

    pub(crate) fn maybe_finish(&mut self, req: u64, out: &mut Out<Self>) {
        let Some(c) = self.coords.get_mut(&req) else {
            return;
        };
        if c.done || c.heard() < c.needed {
            return;
        }
        c.done = true;
        let c = c.clone();
        match &c.request {
            Request::Put { version } => {
                out.note(Note::Acknowledged {
                    op: c.op,
                    key: c.key.clone(),
                    version: version.clone(),
                    from: c.acks.clone(),
                    quorum: c.needed as u32,
                });
                let response = match &version.stamp {
                    Stamp::Clock { clock } => ClientResponse::Versions {
                        values: vec![version.value.clone()],
                        context: clock.to_string(),
                    },
                    Stamp::Time { .. } => ClientResponse::Ok { value: None },
                };
                out.reply(c.op, response);
            }
            Request::Get => self.finish_read(req, &c, out),
        }
    }

    pub(crate) fn on_request_timeout(&mut self, now: LocalTime, req: u64, out: &mut Out<Self>) {
        let Some(mut c) = self.coords.remove(&req) else {
            return;
        };
        if c.done {
            return;
        }
        let silent: Vec<(NodeId, NodeId)> = c
            .asked
            .iter()
            .filter(|(n, _)| !c.has_heard(**n))
            .map(|(n, owner)| (*n, owner.unwrap_or(*n)))
            .collect();
        if self.opts.sloppy_quorum {
            let until = now.plus(SimDuration::from_millis(self.opts.suspect_ms));
            for (n, _) in &silent {
                self.suspect_until.insert(*n, until);
            }
            let mut asked_more = false;
            for (_, owner) in &silent {
                if let Some(s) = self.stand_in_for(&c, now) {
                    self.ask(req, &mut c, s, *owner, out);
                    asked_more = true;
                }
            }
            if asked_more {
                self.coords.insert(req, c);
                let t = self.opts.request_timeout_ms;
                out.set_timer(Timer::Request { req }, ms(t), ms(t));
                return;
            }
        }
        let (answered, needed) = (c.heard() as u32, c.needed as u32);
        out.note(Note::Failed {
            op: c.op,
            key: c.key.clone(),
            answered,
            needed,
        });
        // A put that missed W may still be stored by the replicas that did answer, so it must not be
        // refused (a refusal tells the client it certainly did not happen): the coordinator stays silent and
        // the client, timing out, retries elsewhere, as a Dynamo client does. A get that missed R read
        // nothing, and can be refused.
        if let Request::Get = c.request {
            out.reply(
                c.op,
                ClientResponse::Fail {
                    reason: format!(
                        "only {answered} of {needed} replicas answered the read in time"
                    ),
                },
            );
        }
    }
}
