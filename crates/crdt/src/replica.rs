//! The generic replica: a map key → CRDT state, updated by clients and merged from gossip (SSS 2011 §2.2,
//! the state-based object: "update at the source, then merge of whole states").
//!
//! Every `gossip_ms` (±10 %, so replicas do not move in lockstep) a replica sends every key's state to
//! `fanout` peers drawn by the engine; the receiver joins each key into its own and, if it knew something
//! the gossip lacked, sends its merged state back (push–pull anti-entropy, Demers et al. 1987).
//!
//! What survives a crash ([`Durable`]): every state and the replica's counters. A replica that forgot its
//! own increments would restart at a smaller state than the one its peers hold; merging theirs back gives
//! the old entry, but increments it had not gossiped yet would be lost, and its G-counter reads would go
//! backwards, breaking the monotonicity of spec. 6. So the state is persisted at every change, as a
//! CvRDT's payload must be to survive a crash (§2.1 assumes a replica's state is never lost).

use crate::crdt::{Crdt, Stamp, Tag, Update};
use crate::message::{Message, Timer};
use crate::note::Note;
use crate::options::{validate, CrdtOptions};
use splitbrain_sim::{
    ClientOp, ClientResponse, ClusterInfo, LocalTime, NodeId, OpId, OpKind, Out, Protocol,
    SimDuration,
};
use std::collections::BTreeMap;
use std::marker::PhantomData;

/// What survives a crash.
#[derive(Clone, Debug, PartialEq)]
pub struct Durable<S> {
    pub states: BTreeMap<String, S>,
    /// Updates issued here: an OR-set add's tag is (this node, the count), so tags are never reused.
    pub issued: u64,
    /// The last timestamp this replica gave an assignment: the next is later even if the clock went back
    /// or did not move, so (time, node) stays unique.
    pub last_stamp_us: i64,
}

/// The last merge that changed a key, for the inspector.
#[derive(Clone, Debug, PartialEq)]
pub struct LastMerge<S> {
    pub key: String,
    pub from: NodeId,
    pub before: S,
    pub received: S,
    pub after: S,
}

#[derive(Clone, Debug)]
pub struct Replica<C: Crdt> {
    pub(crate) id: NodeId,
    pub(crate) nodes: u32,
    pub(crate) options: CrdtOptions,
    pub(crate) durable: Durable<C::State>,
    pub(crate) last_merge: Option<LastMerge<C::State>>,
    /// Merges that changed a state since this replica (re)started.
    pub(crate) merges: u64,
    _crdt: PhantomData<C>,
}

impl<C: Crdt> Replica<C> {
    pub fn id(&self) -> NodeId {
        self.id
    }
    pub fn options(&self) -> &CrdtOptions {
        &self.options
    }
    pub fn states(&self) -> &BTreeMap<String, C::State> {
        &self.durable.states
    }
    pub fn state(&self, key: &str) -> Option<&C::State> {
        self.durable.states.get(key)
    }
    /// The value a read of `key` returns here.
    pub fn value(&self, key: &str) -> Option<String> {
        C::value(&self.durable.states.get(key).cloned().unwrap_or_default())
    }
    pub fn last_merge(&self) -> Option<&LastMerge<C::State>> {
        self.last_merge.as_ref()
    }
    pub fn issued(&self) -> u64 {
        self.durable.issued
    }

    fn others(&self) -> Vec<NodeId> {
        (0..self.nodes)
            .map(NodeId)
            .filter(|n| *n != self.id)
            .collect()
    }

    fn arm(&self, out: &mut Out<Self>) {
        let d = self.options.gossip_ms * 1_000;
        out.set_timer(
            Timer::Gossip,
            SimDuration(d * 9 / 10),
            SimDuration(d * 11 / 10),
        );
    }

    fn gossip(&mut self, out: &mut Out<Self>) {
        self.arm(out);
        if self.durable.states.is_empty() {
            return; // nothing to tell yet
        }
        let mut peers = self.others();
        for _ in 0..self.options.fanout {
            let Some(&peer) = out.choose(&peers) else {
                break;
            };
            peers.retain(|p| *p != peer);
            out.send(
                peer,
                Message::Gossip {
                    states: self.durable.states.clone(),
                },
            );
        }
    }

    /// Joins every received key into this replica's; whether this replica knew something the sender did
    /// not (then the pull half answers).
    fn merge_in(
        &mut self,
        now: LocalTime,
        from: NodeId,
        received: &BTreeMap<String, C::State>,
        out: &mut Out<Self>,
    ) -> bool {
        let mutant = self.options.mutant;
        let mut changed = false;
        for (key, theirs) in received {
            let before = self.durable.states.get(key).cloned().unwrap_or_default();
            let after = C::merge(&before, theirs, mutant);
            if after == before {
                continue;
            }
            changed = true;
            self.merges += 1;
            out.note(Note::Merge {
                key: key.clone(),
                from,
                remark: C::remark(&before, theirs, &after, now),
                before: before.clone(),
                received: theirs.clone(),
                after: after.clone(),
            });
            self.last_merge = Some(LastMerge {
                key: key.clone(),
                from,
                before,
                received: theirs.clone(),
                after: after.clone(),
            });
            self.durable.states.insert(key.clone(), after);
        }
        if changed {
            out.persist(self.durable.clone());
        }
        self.durable
            .states
            .iter()
            .any(|(k, mine)| received.get(k) != Some(mine))
    }

    /// The update a client operation asks for, with its fresh tag or timestamp.
    fn prepare(&self, now: LocalTime, op: &ClientOp) -> Result<Update, String> {
        let next = self.durable.issued + 1;
        match op {
            ClientOp::Increment { by, .. } => Ok(Update::Increment { by: *by }),
            ClientOp::Decrement { by, .. } => Ok(Update::Decrement { by: *by }),
            ClientOp::Add { element, .. } => Ok(Update::Add {
                element: element.clone(),
                tag: Tag {
                    node: self.id,
                    seq: next,
                },
            }),
            ClientOp::Remove { element, .. } => Ok(Update::Remove {
                element: element.clone(),
            }),
            ClientOp::Put { value, .. } => Ok(Update::Assign {
                value: value.clone(),
                stamp: Stamp {
                    time_us: now.0.max(self.durable.last_stamp_us + 1),
                    node: self.id,
                },
            }),
            other => Err(format!(
                "a {} serves {}, not {}",
                C::TITLE,
                ops_text(C::CLIENT_OPS),
                other.kind().name()
            )),
        }
    }
}

fn ops_text(ops: &[OpKind]) -> String {
    ops.iter().map(|o| o.name()).collect::<Vec<_>>().join(", ")
}

impl<C: Crdt> Protocol for Replica<C> {
    type Msg = Message<C::State>;
    type Timer = Timer;
    type Persistent = Durable<C::State>;
    type Note = Note<C>;
    type Options = CrdtOptions;
    const NAME: &'static str = C::NAME;
    const CLIENT_OPS: &'static [OpKind] = C::CLIENT_OPS;

    fn validate_options(options: &CrdtOptions, nodes: u32) -> Result<(), (String, String)> {
        validate(options, nodes, C::TITLE, C::MUTANTS)
    }

    fn new(
        cluster: &ClusterInfo,
        options: &CrdtOptions,
        persisted: Option<&Durable<C::State>>,
    ) -> Self {
        Replica {
            id: cluster.id,
            nodes: cluster.nodes,
            options: options.clone(),
            durable: persisted.cloned().unwrap_or(Durable {
                states: BTreeMap::new(),
                issued: 0,
                last_stamp_us: i64::MIN / 2,
            }),
            last_merge: None,
            merges: 0,
            _crdt: PhantomData,
        }
    }

    fn on_start(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        self.arm(out);
    }

    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Self::Msg, out: &mut Out<Self>) {
        match msg {
            Message::Gossip { states } => {
                if self.merge_in(now, from, &states, out) {
                    out.send(
                        from,
                        Message::GossipBack {
                            states: self.durable.states.clone(),
                        },
                    );
                }
            }
            Message::GossipBack { states } => {
                self.merge_in(now, from, &states, out);
            }
        }
    }

    fn on_timer(&mut self, _now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        match timer {
            Timer::Gossip => self.gossip(out),
        }
    }

    fn on_client_request(
        &mut self,
        now: LocalTime,
        op_id: OpId,
        op: &ClientOp,
        out: &mut Out<Self>,
    ) {
        if let ClientOp::Get { key } = op {
            let value = self.value(key);
            out.reply(op_id, ClientResponse::Ok { value });
            return;
        }
        let key = op.key().to_string();
        let refused = |out: &mut Out<Self>, reason: String| {
            out.reply(op_id, ClientResponse::Fail { reason });
        };
        if !C::CLIENT_OPS.contains(&op.kind()) {
            let reason = match op.kind() {
                OpKind::Decrement => {
                    format!(
                        "a {} only grows: it cannot be decremented (a PN-counter can)",
                        C::TITLE
                    )
                }
                kind => format!(
                    "a {} serves {}, not {}",
                    C::TITLE,
                    ops_text(C::CLIENT_OPS),
                    kind.name()
                ),
            };
            return refused(out, reason);
        }
        let update = match self.prepare(now, op) {
            Ok(u) => u,
            Err(reason) => return refused(out, reason),
        };
        let before = self.durable.states.get(&key).cloned().unwrap_or_default();
        let after = match C::apply(&before, &update, self.id, self.options.mutant) {
            Ok(s) => s,
            Err(reason) => return refused(out, reason),
        };
        self.durable.issued += 1;
        if let Update::Assign { stamp, .. } = &update {
            self.durable.last_stamp_us = stamp.time_us;
        }
        self.durable.states.insert(key.clone(), after.clone());
        out.note(Note::Update {
            key,
            op: op_id,
            update,
            before,
            after,
        });
        out.persist(self.durable.clone());
        out.reply(op_id, ClientResponse::Ok { value: None });
    }

    /// "Time out now": gossip at once.
    fn on_force_timeout(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        self.gossip(out);
    }
}
