//! A replica's side: it stores what coordinators send (§4.5), keeps versions for an absent owner with a
//! hint and hands them back until the owner acknowledges them (§4.6, hinted handoff), takes read repairs,
//! and runs anti-entropy (§4.7): every `anti_entropy_ms` it sends a random peer it shares key ranges with
//! a digest (one hash per shared range of its (key, versions)); for the ranges whose digests differ the
//! two exchange their versions and both merge. (Dynamo keeps a Merkle tree per range so that a mismatch
//! is narrowed to the differing keys; with a lecture's handful of keys one hash per range is the same
//! idea, one level deep.)

use crate::message::Message;
use crate::node::Dynamo;
use crate::note::{Cause, Note};
use crate::options::Mutant;
use crate::ring::{hash, HashRing};
use crate::version::{covered, reconcile, Stamp, Version};
use splitbrain_sim::{NodeId, Out};

impl Dynamo {
    pub(crate) fn on_replica_message(&mut self, from: NodeId, msg: Message, out: &mut Out<Self>) {
        match msg {
            Message::Put {
                req,
                key,
                version,
                hint_for: None,
            } => {
                self.apply(&key, &[version], Cause::Write { from }, false, out);
                out.send(from, Message::PutAck { req, key });
            }
            Message::Put {
                req,
                key,
                version,
                hint_for: Some(owner),
            } => {
                let held = self
                    .hints
                    .get(&(key.clone(), owner))
                    .cloned()
                    .unwrap_or_default();
                let merged =
                    reconcile(&held, &[version], self.opts.is(Mutant::ConcurrentAsOrdered));
                self.set_hint(&key, owner, merged, Cause::Write { from }, out);
                self.arm_handoff(out);
                out.send(from, Message::PutAck { req, key });
            }
            Message::Get { req, key } => {
                let versions = self.answer(&key);
                out.send(from, Message::GetReply { req, key, versions });
            }
            Message::Repair { key, versions } => {
                let replace = self.opts.is(Mutant::ReadRepairKeepsOlder);
                self.apply(
                    &key,
                    &versions,
                    Cause::ReadRepair { by: from },
                    replace,
                    out,
                );
            }
            Message::Handoff { key, versions } => {
                self.apply(&key, &versions, Cause::Handoff { from }, false, out);
                out.send(from, Message::HandoffAck { key, versions });
            }
            Message::HandoffAck { key, versions } => {
                let slot = (key.clone(), from);
                if let Some(held) = self.hints.get(&slot) {
                    // Keep only what arrived after the versions handed back.
                    let rest: Vec<Version> = held
                        .iter()
                        .filter(|v| !covered(&versions, v))
                        .cloned()
                        .collect();
                    self.set_hint(&key, from, rest, Cause::HintDropped, out);
                }
            }
            Message::Digest { ranges } => {
                let differ: Vec<u32> = ranges
                    .iter()
                    .filter(|(r, h)| self.digest(*r as usize) != *h)
                    .map(|(r, _)| *r)
                    .collect();
                if !differ.is_empty() {
                    out.note(Note::Mismatch {
                        peer: from,
                        ranges: differ.len() as u32,
                    });
                    let entries = self.entries(&differ);
                    out.send(
                        from,
                        Message::Sync {
                            ranges: differ,
                            entries,
                            reply: true,
                        },
                    );
                }
            }
            Message::Sync {
                ranges,
                entries,
                reply,
            } => {
                for (key, versions) in &entries {
                    self.apply(key, versions, Cause::AntiEntropy { with: from }, false, out);
                }
                if reply {
                    let entries = self.entries(&ranges);
                    out.send(
                        from,
                        Message::Sync {
                            ranges,
                            entries,
                            reply: false,
                        },
                    );
                }
            }
            Message::PutAck { .. } | Message::GetReply { .. } => {}
        }
    }

    /// What a replica answers a get with: its own versions and any it holds for an owner.
    pub(crate) fn answer(&self, key: &str) -> Vec<Version> {
        let concurrent = self.opts.is(Mutant::ConcurrentAsOrdered);
        self.hints
            .iter()
            .filter(|((k, _), _)| k == key)
            .fold(self.versions(key).to_vec(), |acc, (_, v)| {
                reconcile(&acc, v, concurrent)
            })
    }

    pub(crate) fn on_handoff_timer(&mut self, out: &mut Out<Self>) {
        for ((key, owner), versions) in &self.hints {
            out.send(
                *owner,
                Message::Handoff {
                    key: key.clone(),
                    versions: versions.clone(),
                },
            );
        }
        self.arm_handoff(out);
    }

    pub(crate) fn on_anti_entropy_timer(&mut self, out: &mut Out<Self>) {
        self.arm_anti_entropy(out);
        let peers = self.ring.range_peers(self.id);
        let Some(peer) = out.choose(&peers).copied() else {
            return;
        };
        out.send(peer, self.digest_for(peer));
    }

    /// The anti-entropy Digest this node sends `peer`: one hash per key range both replicate (§4.7).
    pub fn digest_for(&self, peer: NodeId) -> Message {
        let ranges = self
            .ring
            .shared_ranges(self.id, peer)
            .into_iter()
            .map(|r| (r as u32, self.digest(r)))
            .collect();
        Message::Digest { ranges }
    }

    fn in_range(&self, key: &str, range: usize) -> bool {
        self.ring.range_of(HashRing::position(key)) == range
    }

    /// The hash of this node's (key, versions) in `range`: FNV-1a over the keys, values and stamps,
    /// streamed (no text is built: a digest is computed for every shared range every round).
    pub(crate) fn digest(&self, range: usize) -> u32 {
        let mut h = Fnv(0x811c_9dc5);
        for (k, vs) in self.store.iter().filter(|(k, _)| self.in_range(k, range)) {
            h.bytes(k.as_bytes());
            for v in vs {
                h.bytes(v.value.as_bytes());
                match &v.stamp {
                    Stamp::Clock { clock } => {
                        for (n, c) in &clock.0 {
                            h.u64(u64::from(n.0));
                            h.u64(*c);
                        }
                    }
                    Stamp::Time { at_us, node } => {
                        h.u64(*at_us as u64);
                        h.u64(u64::from(node.0));
                    }
                }
                h.u64(u64::MAX);
            }
            h.u64(u64::MAX - 1);
        }
        hash(&h.0.to_le_bytes())
    }

    fn entries(&self, ranges: &[u32]) -> Vec<(String, Vec<Version>)> {
        self.store
            .iter()
            .filter(|(k, _)| ranges.iter().any(|r| self.in_range(k, *r as usize)))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

/// FNV-1a, 32-bit, fed piecewise.
struct Fnv(u32);

impl Fnv {
    fn bytes(&mut self, b: &[u8]) {
        for x in b {
            self.0 ^= u32::from(*x);
            self.0 = self.0.wrapping_mul(0x0100_0193);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0100_0193);
    }

    fn u64(&mut self, x: u64) {
        self.bytes(&x.to_le_bytes());
    }
}
