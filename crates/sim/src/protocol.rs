//! The sans-IO contract between the engine and a protocol.

use crate::ids::{NodeId, OpId};
use crate::rng::SimRng;
use crate::time::{LocalTime, SimDuration};
use crate::trace::{Event, Violation};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Debug;

/// A short human label: the message type (`RequestVote`), the timer (`Election`), the note (`leader`).
pub trait Label {
    fn label(&self) -> String;
}

/// What a node knows about the cluster when it (re)starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterInfo {
    pub id: NodeId,
    pub nodes: u32,
}

impl ClusterInfo {
    pub fn peers(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes).map(NodeId).filter(move |n| *n != self.id)
    }

    pub fn majority(&self) -> usize {
        self.nodes as usize / 2 + 1
    }
}

/// A key-value operation a client asks the cluster to perform. Each protocol declares which kinds it accepts
/// ([`Protocol::CLIENT_OPS`]); scenarios and live actions with any other kind are refused before they run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientOp {
    /// Write `value` to `key`. `context` is what an earlier read of the key returned with its versions
    /// (Dynamo's `put(key, context, object)`): the write supersedes exactly the versions that read saw and
    /// merges siblings. A client session fills it in from its last read of the key when it is left out.
    Put {
        key: String,
        value: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        context: Option<String>,
    },
    Get {
        key: String,
    },
    /// Compare-and-set, as Maelstrom's lin-kv workload defines it: if `key` holds `expected`, it becomes
    /// `new`; a missing key or another value fails the operation, which then has definitely not taken effect.
    Cas {
        key: String,
        expected: String,
        new: String,
    },
    /// A transaction: write every key of `writes` and read every key of `reads`, all or nothing (atomic
    /// commitment). A key is either written or read, not both. Its `Ok` answer carries the reads as
    /// [`ClientOp::reads_text`] prints them.
    Txn {
        #[serde(default)]
        writes: BTreeMap<String, String>,
        #[serde(default)]
        reads: Vec<String>,
    },
    /// An application message the user sends from the node the request goes to: to node `to`, or to every
    /// node when `to` is `None` (a broadcast). Protocols that order delivery (FIFO, causal, total order)
    /// serve it; the answer comes when the message has left.
    Send {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<NodeId>,
        text: String,
    },
    /// Add `by` to the counter `key` (a CRDT counter: G-counter or PN-counter).
    Increment {
        key: String,
        #[serde(default = "one")]
        by: u64,
    },
    /// Subtract `by` from the counter `key` (a PN-counter; a grow-only counter refuses it).
    Decrement {
        key: String,
        #[serde(default = "one")]
        by: u64,
    },
    /// Put `element` into the set `key` (an OR-set).
    Add {
        key: String,
        element: String,
    },
    /// Take `element` out of the set `key`: only the additions this replica has seen are removed.
    Remove {
        key: String,
        element: String,
    },
}

fn one() -> u64 {
    1
}

/// The largest amount one increment or decrement may carry: far beyond any lecture, far below overflow.
pub const MAX_COUNTER_STEP: u64 = 1_000_000_000;

/// The kinds of client operation, for protocols to declare what they accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    Put,
    Get,
    Cas,
    Txn,
    Send,
    Increment,
    Decrement,
    Add,
    Remove,
}

impl OpKind {
    pub const ALL: [OpKind; 9] = [
        OpKind::Put,
        OpKind::Get,
        OpKind::Cas,
        OpKind::Txn,
        OpKind::Send,
        OpKind::Increment,
        OpKind::Decrement,
        OpKind::Add,
        OpKind::Remove,
    ];

    pub fn name(self) -> &'static str {
        match self {
            OpKind::Put => "put",
            OpKind::Get => "get",
            OpKind::Cas => "cas",
            OpKind::Txn => "txn",
            OpKind::Send => "send",
            OpKind::Increment => "increment",
            OpKind::Decrement => "decrement",
            OpKind::Add => "add",
            OpKind::Remove => "remove",
        }
    }
}

impl ClientOp {
    pub fn kind(&self) -> OpKind {
        match self {
            ClientOp::Put { .. } => OpKind::Put,
            ClientOp::Get { .. } => OpKind::Get,
            ClientOp::Cas { .. } => OpKind::Cas,
            ClientOp::Txn { .. } => OpKind::Txn,
            ClientOp::Send { .. } => OpKind::Send,
            ClientOp::Increment { .. } => OpKind::Increment,
            ClientOp::Decrement { .. } => OpKind::Decrement,
            ClientOp::Add { .. } => OpKind::Add,
            ClientOp::Remove { .. } => OpKind::Remove,
        }
    }

    /// The key the operation reads or writes (a transaction's first key, writes before reads).
    pub fn key(&self) -> &str {
        match self {
            ClientOp::Put { key, .. }
            | ClientOp::Get { key }
            | ClientOp::Cas { key, .. }
            | ClientOp::Increment { key, .. }
            | ClientOp::Decrement { key, .. }
            | ClientOp::Add { key, .. }
            | ClientOp::Remove { key, .. } => key,
            ClientOp::Txn { writes, reads } => writes
                .keys()
                .next()
                .or(reads.first())
                .map_or("", String::as_str),
            ClientOp::Send { .. } => "",
        }
    }

    /// Every key the operation touches, in order: a transaction's written keys, then its read keys.
    pub fn keys(&self) -> Vec<&str> {
        match self {
            ClientOp::Txn { writes, reads } => writes
                .keys()
                .chain(reads.iter())
                .map(String::as_str)
                .collect(),
            ClientOp::Send { .. } => Vec::new(),
            _ => vec![self.key()],
        }
    }

    /// What is wrong with the operation itself, whatever the protocol: an empty transaction, or one that
    /// both reads and writes a key.
    pub fn problem(&self) -> Option<String> {
        if self.key().is_empty() && !matches!(self, ClientOp::Send { .. } | ClientOp::Txn { .. }) {
            return Some(format!("{} needs a key", self.kind().name()));
        }
        match self {
            ClientOp::Send { text, .. } => {
                return text
                    .trim()
                    .is_empty()
                    .then(|| "a message needs some text".to_string());
            }
            ClientOp::Increment { by, .. } | ClientOp::Decrement { by, .. } => {
                return (*by == 0 || *by > MAX_COUNTER_STEP).then(|| {
                    format!("the amount must be between 1 and {MAX_COUNTER_STEP}, not {by}")
                });
            }
            ClientOp::Add { element, .. } | ClientOp::Remove { element, .. } => {
                return element
                    .trim()
                    .is_empty()
                    .then(|| "a set operation needs an element".to_string());
            }
            _ => {}
        }
        let ClientOp::Txn { writes, reads } = self else {
            return None;
        };
        if writes.is_empty() && reads.is_empty() {
            return Some("a transaction needs at least one write or read".into());
        }
        if let Some(k) = reads.iter().find(|k| writes.contains_key(*k)) {
            return Some(format!("a transaction may write or read {k:?}, not both"));
        }
        let mut seen = std::collections::BTreeSet::new();
        if let Some(k) = reads.iter().find(|k| !seen.insert(k.as_str())) {
            return Some(format!("a transaction reads {k:?} twice"));
        }
        None
    }

    /// A transaction as the client panel takes it: `x=1 y=2 z` writes x and y and reads z (a bare key is a
    /// read; spaces or commas separate them).
    pub fn parse_txn(text: &str) -> Result<ClientOp, String> {
        let mut writes = BTreeMap::new();
        let mut reads = Vec::new();
        for token in text.split([' ', ',']).filter(|t| !t.is_empty()) {
            match token.split_once('=') {
                Some(("", _)) => return Err(format!("{token:?} has no key before '='")),
                Some((key, value)) => {
                    if writes.insert(key.to_string(), value.to_string()).is_some() {
                        return Err(format!("the transaction writes {key:?} twice"));
                    }
                }
                None => reads.push(token.to_string()),
            }
        }
        let op = ClientOp::Txn { writes, reads };
        match op.problem() {
            Some(problem) => Err(problem),
            None => Ok(op),
        }
    }

    /// A transaction's reads as its answer carries them: `x=1 y=∅` (∅: no value), in the order asked.
    pub fn reads_text(reads: &[(String, Option<String>)]) -> String {
        reads
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_deref().unwrap_or("∅")))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// "put x=1", "get x", "cas x 1→2": the operation as the event log and the client panel print it.
    pub fn describe(&self) -> String {
        match self {
            ClientOp::Put {
                key,
                value,
                context: None,
            } => format!("put {key}={value}"),
            ClientOp::Put {
                key,
                value,
                context: Some(c),
            } => format!("put {key}={value} after {c}"),
            ClientOp::Get { key } => format!("get {key}"),
            ClientOp::Cas { key, expected, new } => format!("cas {key} {expected}→{new}"),
            ClientOp::Txn { writes, reads } => {
                let mut parts: Vec<String> =
                    writes.iter().map(|(k, v)| format!("{k}={v}")).collect();
                parts.extend(reads.iter().map(|k| format!("read {k}")));
                format!("txn {}", parts.join(" "))
            }
            ClientOp::Send { to: Some(to), text } => format!("send {text:?} to {to}"),
            ClientOp::Send { to: None, text } => format!("send {text:?} to all"),
            ClientOp::Increment { key, by: 1 } => format!("increment {key}"),
            ClientOp::Increment { key, by } => format!("increment {key} by {by}"),
            ClientOp::Decrement { key, by: 1 } => format!("decrement {key}"),
            ClientOp::Decrement { key, by } => format!("decrement {key} by {by}"),
            ClientOp::Add { key, element } => format!("add {element} to {key}"),
            ClientOp::Remove { key, element } => format!("remove {element} from {key}"),
        }
    }
}

/// A node's answer to a client request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientResponse {
    /// Done; `value` is the value read (for a get) or `None` for a put or a missing key.
    Ok { value: Option<String> },
    /// "I am not the leader; try this one" (`None` if the node knows no leader).
    Redirect { leader: Option<NodeId> },
    /// Refused: the operation has definitely not taken effect (a compare-and-set whose expected value did not
    /// match, a key that does not exist). Unlike a timeout, the client knows the outcome.
    Fail { reason: String },
    /// Done, and these are the key's versions that no other version supersedes: one value, several
    /// concurrent ones (siblings), or none (the key is missing). `context` summarises them (a vector clock):
    /// a write that carries it supersedes them all. A put may answer this way too, with its new version.
    Versions {
        values: Vec<String>,
        context: String,
    },
}

/// A protocol as a pure state machine. The engine calls it; it answers only through `Out`.
///
/// It never reads a clock (it is handed `now`, the node's local time), never draws randomness (timer ranges
/// are drawn by the engine) and never performs IO.
pub trait Protocol: Clone + Debug + Sized {
    type Msg: Clone + Debug + Serialize + DeserializeOwned + Label;
    /// Timers are keyed by value: setting a timer that is already set re-arms it.
    type Timer: Clone + Debug + Ord + Serialize + DeserializeOwned + Label;
    /// What survives a crash.
    type Persistent: Clone + Debug;
    /// A state change worth drawing on a timeline (role, term, commit index…).
    type Note: Clone + Debug + Serialize + DeserializeOwned + Label;
    type Options: Clone + Debug + Default + Serialize + DeserializeOwned;

    /// The name scenarios use in `cluster.protocol`.
    const NAME: &'static str;

    /// The client operations this protocol serves; any other is refused with an error naming both.
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Put, OpKind::Get];

    /// Checks options for absurd values; the error names the offending field.
    fn validate_options(options: &Self::Options, nodes: u32) -> Result<(), (String, String)> {
        let _ = (options, nodes);
        Ok(())
    }

    /// Builds a node: fresh on first boot, from its persisted state after a crash.
    fn new(
        cluster: &ClusterInfo,
        options: &Self::Options,
        persisted: Option<&Self::Persistent>,
    ) -> Self;

    fn on_start(&mut self, now: LocalTime, out: &mut Out<Self>);
    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Self::Msg, out: &mut Out<Self>);
    fn on_timer(&mut self, now: LocalTime, timer: Self::Timer, out: &mut Out<Self>);
    fn on_client_request(
        &mut self,
        now: LocalTime,
        op_id: OpId,
        op: &ClientOp,
        out: &mut Out<Self>,
    );

    /// The user pressed "time out now" on this node. Protocols without timeouts ignore it.
    fn on_force_timeout(&mut self, now: LocalTime, out: &mut Out<Self>) {
        let _ = (now, out);
    }
}

/// One thing a handler asks the engine to do.
#[derive(Clone, Debug)]
pub enum Effect<P: Protocol> {
    Send {
        to: NodeId,
        msg: P::Msg,
    },
    /// Fire `timer` after a local duration drawn uniformly from `[min, max]` by the engine's RNG.
    SetTimer {
        timer: P::Timer,
        min: SimDuration,
        max: SimDuration,
    },
    CancelTimer {
        timer: P::Timer,
    },
    Persist {
        state: P::Persistent,
    },
    Reply {
        op: OpId,
        response: ClientResponse,
    },
    Note {
        note: P::Note,
    },
    /// Change the node's own clock (clock synchronisation): the engine applies it in integer microseconds and
    /// records it as a `ClockSet` event carrying the adjustment (a user's clock fault carries none).
    AdjustClock {
        adjust: ClockAdjust,
    },
}

/// How a node corrects its own physical clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClockAdjust {
    /// Jump the local clock by `delta_us` (negative: back in time, as Cristian's algorithm may).
    Step { delta_us: i64 },
    /// Change the clock's rate by `ppm` from now on without a jump (NTP's slewing): the local time stays
    /// continuous and catches up or falls back gradually.
    Slew { ppm: i32 },
}

/// The output buffer a handler writes its effects into. It also hands out random draws: the engine seeds it
/// from the scenario (a stream of its own, so protocols that never draw leave every other draw unchanged),
/// and a snapshot copies its position, so a protocol's random choices replay exactly.
#[derive(Debug, Clone)]
pub struct Out<P: Protocol> {
    effects: Vec<Effect<P>>,
    rng: Option<SimRng>,
}

impl<P: Protocol> Default for Out<P> {
    fn default() -> Self {
        Out {
            effects: Vec::new(),
            rng: None,
        }
    }
}

impl<P: Protocol> Out<P> {
    pub fn new() -> Self {
        Self::default()
    }

    /// An output buffer whose random draws come from `seed` (the engine uses the scenario's seed).
    pub fn seeded(seed: u64) -> Self {
        Out {
            effects: Vec::new(),
            rng: Some(SimRng::protocol_stream(seed)),
        }
    }

    /// A uniform draw in `[0, n)` (0 when `n` is 0): "pick a gossip peer", "which replica to ask".
    pub fn random_below(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        self.rng
            .get_or_insert_with(|| SimRng::protocol_stream(0))
            .range_inclusive(0, n - 1)
    }

    /// One element of `items`, chosen uniformly, or `None` if it is empty.
    pub fn choose<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            return None;
        }
        let i = self.random_below(items.len() as u64) as usize;
        items.get(i)
    }

    pub fn adjust_clock(&mut self, adjust: ClockAdjust) {
        self.effects.push(Effect::AdjustClock { adjust });
    }

    pub fn send(&mut self, to: NodeId, msg: P::Msg) {
        self.effects.push(Effect::Send { to, msg });
    }

    pub fn set_timer(&mut self, timer: P::Timer, min: SimDuration, max: SimDuration) {
        self.effects.push(Effect::SetTimer { timer, min, max });
    }

    pub fn cancel_timer(&mut self, timer: P::Timer) {
        self.effects.push(Effect::CancelTimer { timer });
    }

    pub fn persist(&mut self, state: P::Persistent) {
        self.effects.push(Effect::Persist { state });
    }

    pub fn reply(&mut self, op: OpId, response: ClientResponse) {
        self.effects.push(Effect::Reply { op, response });
    }

    pub fn note(&mut self, note: P::Note) {
        self.effects.push(Effect::Note { note });
    }

    pub fn effects(&self) -> &[Effect<P>] {
        &self.effects
    }

    pub fn drain(&mut self) -> std::vec::Drain<'_, Effect<P>> {
        self.effects.drain(..)
    }
}

/// An invariant checker: watches the trace as it grows and reports violations. It lives outside the protocol
/// and sees only what the trace records.
pub trait Checker<P: Protocol>: Clone + Debug {
    fn observe(&mut self, event: &Event<P>, violations: &mut Vec<Violation>);
}

/// The checker that checks nothing, for protocols without invariants of their own (ping).
#[derive(Clone, Debug, Default)]
pub struct NoChecker;

impl<P: Protocol> Checker<P> for NoChecker {
    fn observe(&mut self, _event: &Event<P>, _violations: &mut Vec<Violation>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transaction_is_parsed_from_writes_and_bare_read_keys() {
        let op = ClientOp::parse_txn("x=1, y=2 z").unwrap();
        assert_eq!(op.kind(), OpKind::Txn);
        assert_eq!(op.keys(), vec!["x", "y", "z"]);
        assert_eq!(op.describe(), "txn x=1 y=2 read z");
        assert!(ClientOp::parse_txn("  ")
            .unwrap_err()
            .contains("at least one"));
        assert!(ClientOp::parse_txn("x=1 x")
            .unwrap_err()
            .contains("not both"));
        assert!(ClientOp::parse_txn("x=1 x=2")
            .unwrap_err()
            .contains("twice"));
        assert!(ClientOp::parse_txn("=1").unwrap_err().contains("no key"));
        assert!(ClientOp::parse_txn("z z").unwrap_err().contains("twice"));
    }

    #[test]
    fn a_transaction_in_json_names_its_writes_and_reads() {
        let op: ClientOp =
            serde_json::from_str(r#"{"type":"txn","writes":{"x":"1"},"reads":["y"]}"#).unwrap();
        assert_eq!(op.describe(), "txn x=1 read y");
        let text = ClientOp::reads_text(&[("y".into(), None), ("z".into(), Some("3".into()))]);
        assert_eq!(text, "y=∅ z=3");
    }
}
