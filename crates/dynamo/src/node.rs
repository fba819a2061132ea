//! One Dynamo node (DeCandia et al., SOSP 2007, §4): its state and the `Protocol` entry points. Every node
//! is a replica of the ranges it owns (§4.2, §4.3) and coordinates whatever client request reaches it
//! (`coordinator`, §4.5, §4.6); `replica` answers coordinators and keeps replicas in step (§4.6, §4.7).
//! Every change to a node's versions goes through [`Dynamo::apply`] or [`Dynamo::set_hint`], which note
//! the new set and persist the store.

use crate::coordinator::Coordination;
use crate::message::{Message, Timer};
use crate::note::{Cause, Note};
use crate::options::{DynamoOptions, Mutant};
use crate::persist::Persistent;
use crate::ring::HashRing;
use crate::version::{reconcile, Version};
use splitbrain_sim::{ClientOp, ClusterInfo, LocalTime, NodeId, OpId, Out, Protocol, SimDuration};
use std::collections::BTreeMap;

#[derive(Clone, Debug)]
pub struct Dynamo {
    pub(crate) id: NodeId,
    pub(crate) nodes: u32,
    pub(crate) opts: DynamoOptions,
    pub(crate) ring: HashRing,
    // Durable.
    pub(crate) store: BTreeMap<String, Vec<Version>>,
    pub(crate) hints: BTreeMap<(String, NodeId), Vec<Version>>,
    pub(crate) counter: u64,
    /// Last-writer-wins: the last timestamp this node stamped a version with.
    pub(crate) last_stamp_us: Option<i64>,
    pub(crate) boots: u64,
    // Volatile.
    pub(crate) next_req: u64,
    pub(crate) coords: BTreeMap<u64, Coordination>,
    /// Nodes that timed out recently, skipped by sloppy quorums until then (§4.6).
    pub(crate) suspect_until: BTreeMap<NodeId, LocalTime>,
}

pub(crate) fn ms(ms: u64) -> SimDuration {
    SimDuration::from_millis(ms)
}

impl Dynamo {
    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn options(&self) -> &DynamoOptions {
        &self.opts
    }
    pub fn ring_of(&self) -> &HashRing {
        &self.ring
    }
    /// The versions this node keeps as an owner of `key`.
    pub fn versions(&self, key: &str) -> &[Version] {
        self.store.get(key).map_or(&[], Vec::as_slice)
    }
    pub fn store(&self) -> &BTreeMap<String, Vec<Version>> {
        &self.store
    }
    pub fn hints(&self) -> &BTreeMap<(String, NodeId), Vec<Version>> {
        &self.hints
    }
    pub fn coordinations(&self) -> &BTreeMap<u64, Coordination> {
        &self.coords
    }
    /// Requests whose client has not been answered yet.
    pub fn in_flight(&self) -> usize {
        self.coords.values().filter(|c| !c.done).count()
    }

    pub(crate) fn persist(&self, out: &mut Out<Self>) {
        out.persist(Persistent {
            store: self.store.clone(),
            hints: self.hints.clone(),
            counter: self.counter,
            last_stamp_us: self.last_stamp_us,
            boots: self.boots,
        });
    }

    /// Merges `incoming` into this node's versions of `key` (or, `replace`, takes them as they are): notes
    /// and persists the new set if it changed, and notes a write that lost to what the node keeps.
    pub(crate) fn apply(
        &mut self,
        key: &str,
        incoming: &[Version],
        cause: Cause,
        replace: bool,
        out: &mut Out<Self>,
    ) {
        let old = self.store.get(key).cloned().unwrap_or_default();
        let new = if replace {
            incoming.to_vec()
        } else {
            reconcile(&old, incoming, self.opts.is(Mutant::ConcurrentAsOrdered))
        };
        if matches!(cause, Cause::Write { .. }) {
            for v in incoming {
                if !new.contains(v) && !old.contains(v) {
                    out.note(Note::Discarded {
                        key: key.to_string(),
                        version: v.clone(),
                        kept: new.clone(),
                    });
                }
            }
        }
        if new == old {
            return;
        }
        self.store.insert(key.to_string(), new.clone());
        out.note(Note::Stored {
            key: key.to_string(),
            versions: new,
            hint_for: None,
            before: old.len() as u32,
            cause,
        });
        self.persist(out);
    }

    /// Sets the versions this node holds for `owner` (none: the hint is dropped), noting and persisting it.
    pub(crate) fn set_hint(
        &mut self,
        key: &str,
        owner: NodeId,
        versions: Vec<Version>,
        cause: Cause,
        out: &mut Out<Self>,
    ) {
        let slot = (key.to_string(), owner);
        let old = self.hints.get(&slot).cloned().unwrap_or_default();
        if old == versions {
            return;
        }
        if versions.is_empty() {
            self.hints.remove(&slot);
        } else {
            self.hints.insert(slot, versions.clone());
        }
        out.note(Note::Stored {
            key: key.to_string(),
            versions,
            hint_for: Some(owner),
            before: old.len() as u32,
            cause,
        });
        self.persist(out);
    }

    pub(crate) fn suspected(&self, node: NodeId, now: LocalTime) -> bool {
        self.suspect_until.get(&node).is_some_and(|t| *t > now)
    }

    pub(crate) fn arm_anti_entropy(&self, out: &mut Out<Self>) {
        let every = self.opts.anti_entropy_ms;
        if every > 0 {
            out.set_timer(Timer::AntiEntropy, ms(every * 3 / 4), ms(every * 5 / 4));
        }
    }

    pub(crate) fn arm_handoff(&self, out: &mut Out<Self>) {
        if !self.hints.is_empty() {
            let every = self.opts.handoff_ms;
            out.set_timer(Timer::Handoff, ms(every), ms(every));
        }
    }
}

impl Protocol for Dynamo {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = DynamoOptions;

    const NAME: &'static str = "dynamo";

    fn validate_options(options: &DynamoOptions, nodes: u32) -> Result<(), (String, String)> {
        options.validate(nodes)
    }

    fn new(cluster: &ClusterInfo, options: &DynamoOptions, persisted: Option<&Persistent>) -> Self {
        let p = persisted.cloned().unwrap_or_default();
        Dynamo {
            id: cluster.id,
            nodes: cluster.nodes,
            opts: options.clone(),
            ring: HashRing::new(cluster.nodes, options.vnodes, options.replicas),
            store: p.store,
            hints: p.hints,
            counter: p.counter,
            last_stamp_us: p.last_stamp_us,
            boots: p.boots,
            next_req: 0,
            coords: BTreeMap::new(),
            suspect_until: BTreeMap::new(),
        }
    }

    fn on_start(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        // A new boot number keeps this incarnation's request ids apart from answers to the last one's.
        self.boots += 1;
        out.note(Note::Booted {
            keys: self.store.len() as u64,
            hints: self.hints.len() as u64,
        });
        self.persist(out);
        self.arm_anti_entropy(out);
        self.arm_handoff(out);
    }

    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        // Any word from a node means it is up again.
        self.suspect_until.remove(&from);
        match msg {
            Message::PutAck { req, .. } => self.on_put_ack(now, from, req, out),
            Message::GetReply { req, versions, .. } => {
                self.on_get_reply(now, from, req, versions, out)
            }
            other => self.on_replica_message(from, other, out),
        }
    }

    fn on_timer(&mut self, now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        match timer {
            Timer::Request { req } => self.on_request_timeout(now, req, out),
            Timer::Handoff => self.on_handoff_timer(out),
            Timer::AntiEntropy => self.on_anti_entropy_timer(out),
        }
    }

    fn on_client_request(
        &mut self,
        now: LocalTime,
        op: OpId,
        request: &ClientOp,
        out: &mut Out<Self>,
    ) {
        self.coordinate(now, op, request, out);
    }

    /// "Time out now": run the background tasks at once, an anti-entropy round and a handoff of every
    /// hint (§4.6, §4.7), without waiting for their timers.
    fn on_force_timeout(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        if self.opts.anti_entropy_ms > 0 {
            self.on_anti_entropy_timer(out);
        }
        if !self.hints.is_empty() {
            self.on_handoff_timer(out);
        }
    }
}
