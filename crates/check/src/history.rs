//! The client history: what each client asked for, when, and what it was told, extracted from a trace.
//!
//! Linearizability is judged only on this history (invocations and returns as the clients saw them), never on
//! what the nodes did inside, so every checker in this crate works on any protocol's trace.

use serde::{Deserialize, Serialize};
use splitbrain_sim::{ClientOp, ClientOutcome, Event, EventId, EventKind, OpId, Protocol, SimTime};
use std::collections::BTreeMap;

/// A point in the history. Two events can share a simulated time, so the event id (the trace's own total
/// order) breaks ties: "A returned before B was invoked" means A's stamp is smaller than B's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Stamp {
    pub time: SimTime,
    pub event: EventId,
}

/// What an operation did to its key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OpKind {
    Put {
        value: String,
    },
    /// `read` is the value returned; `None` means the key was missing. `siblings` are the other values
    /// returned with it, when the store kept concurrent versions (Dynamo with vector clocks).
    Get {
        read: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        siblings: Vec<String>,
    },
    /// Compare-and-set: if the key held `expected`, it became `new`. Whether it did is the completion's say:
    /// `Ok` it did, `Rejected` it did not (and the key did not hold `expected`), otherwise unknown.
    Cas {
        expected: String,
        new: String,
    },
}

/// How an operation ended, as far as the client knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Completion {
    /// Acknowledged at this point: it took effect somewhere between invoke and here.
    Ok(Stamp),
    /// Refused at this point: it certainly never took effect. For a cas this is also an observation: the key
    /// did not hold the expected value at some instant between invoke and here.
    Rejected(Stamp),
    /// The client gave up here. The operation may still take effect at any later time (a retry may sit in a
    /// leader's log), so for ordering purposes it never returns.
    Failed(Stamp),
    /// No return in the trace yet: just as uncertain as a failure.
    Pending,
}

/// One client operation on one key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub id: OpId,
    pub key: String,
    /// The client session that issued it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<u32>,
    pub kind: OpKind,
    pub invoke: Stamp,
    pub completion: Completion,
}

impl Op {
    /// When the client learnt the outcome for certain: by then an acknowledged operation had taken effect and
    /// a rejected one had been refused. `None` for failed and pending operations, which are unbounded.
    pub fn returned(&self) -> Option<Stamp> {
        match self.completion {
            Completion::Ok(s) | Completion::Rejected(s) => Some(s),
            Completion::Failed(_) | Completion::Pending => None,
        }
    }

    /// The `ClientReturn` event, for a completed, rejected or failed operation.
    pub fn return_event(&self) -> Option<EventId> {
        match self.completion {
            Completion::Ok(s) | Completion::Rejected(s) | Completion::Failed(s) => Some(s.event),
            Completion::Pending => None,
        }
    }

    pub fn is_rejected(&self) -> bool {
        matches!(self.completion, Completion::Rejected(_))
    }

    /// True if this operation certainly finished before `other` began (real-time precedence).
    pub fn precedes(&self, other: &Op) -> bool {
        self.returned().is_some_and(|r| r < other.invoke)
    }

    pub fn is_put(&self) -> bool {
        matches!(self.kind, OpKind::Put { .. })
    }

    /// The value the operation writes if it takes effect: a put's value or a cas's new one. `None` for gets
    /// and for rejected operations, which certainly wrote nothing.
    pub fn written(&self) -> Option<&str> {
        if self.is_rejected() {
            return None;
        }
        match &self.kind {
            OpKind::Put { value } => Some(value),
            OpKind::Cas { new, .. } => Some(new),
            OpKind::Get { .. } => None,
        }
    }

    /// The value the operation certainly found in the register, if it reports one: a completed get's result
    /// (`Some(None)`: the key was missing) or a successful cas's expected value.
    pub fn observed(&self) -> Option<Option<&str>> {
        match (&self.kind, self.completion) {
            (OpKind::Get { read, .. }, Completion::Ok(_)) => Some(read.as_deref()),
            (OpKind::Cas { expected, .. }, Completion::Ok(_)) => Some(Some(expected)),
            _ => None,
        }
    }

    /// "get x", "put x=1", "cas x 1→2": the request as the client panel prints it.
    pub fn describe(&self) -> String {
        let key = &self.key;
        match &self.kind {
            OpKind::Put { value } => format!("put {key}={value}"),
            OpKind::Get { .. } => format!("get {key}"),
            OpKind::Cas { expected, new } => format!("cas {key} {expected}→{new}"),
        }
    }

    /// Whether the history keeps it: an operation that may have written constrains every order, and so does a
    /// rejected cas (it saw something other than its expected value). The rest constrain nothing unless they
    /// completed: a failed or pending get observed nothing, and a rejected put or get did nothing at all.
    fn is_relevant(&self) -> bool {
        match (&self.kind, self.completion) {
            (_, Completion::Ok(_)) => true,
            (OpKind::Cas { .. }, _) => true,
            (OpKind::Put { .. }, c) => !matches!(c, Completion::Rejected(_)),
            (OpKind::Get { .. }, _) => false,
        }
    }
}

/// Every relevant operation of a trace, in invocation order.
///
/// Gets that failed or are still pending are left out (a read that returned nothing constrains nothing), and
/// so are rejected puts and gets (they did nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct History {
    pub ops: Vec<Op>,
}

impl History {
    pub fn from_events<P: Protocol>(events: &[Event<P>]) -> History {
        let mut invoked: BTreeMap<OpId, Op> = BTreeMap::new();
        let mut order: Vec<OpId> = Vec::new();
        for event in events {
            let stamp = Stamp {
                time: event.time,
                event: event.id,
            };
            match &event.kind {
                EventKind::ClientInvoke {
                    op,
                    request,
                    session,
                } => {
                    // A repeated invoke of the same op id would be an engine bug; keep the first.
                    if invoked.contains_key(op) {
                        continue;
                    }
                    let (key, kind) = match request {
                        ClientOp::Put { key, value, .. } => (
                            key.clone(),
                            OpKind::Put {
                                value: value.clone(),
                            },
                        ),
                        ClientOp::Get { key } => (
                            key.clone(),
                            OpKind::Get {
                                read: None,
                                siblings: Vec::new(),
                            },
                        ),
                        ClientOp::Cas { key, expected, new } => (
                            key.clone(),
                            OpKind::Cas {
                                expected: expected.clone(),
                                new: new.clone(),
                            },
                        ),
                        // A transaction spans keys: it is no register operation. Its isolation is the
                        // business of the protocol's own checkers (commit order, reads of committed writes).
                        // Counter and set updates are no register writes either: the CRDT checkers judge
                        // them by the value the operations imply.
                        ClientOp::Txn { .. }
                        | ClientOp::Send { .. }
                        | ClientOp::Increment { .. }
                        | ClientOp::Decrement { .. }
                        | ClientOp::Add { .. }
                        | ClientOp::Remove { .. } => continue,
                    };
                    order.push(*op);
                    invoked.insert(
                        *op,
                        Op {
                            id: *op,
                            key,
                            session: *session,
                            kind,
                            invoke: stamp,
                            completion: Completion::Pending,
                        },
                    );
                }
                EventKind::ClientReturn { op, outcome } => {
                    // A return without an invoke (a truncated trace) has no interval to judge: skip it.
                    let Some(entry) = invoked.get_mut(op) else {
                        continue;
                    };
                    if entry.completion != Completion::Pending {
                        continue;
                    }
                    match outcome {
                        ClientOutcome::Ok { value } => {
                            entry.completion = Completion::Ok(stamp);
                            if let OpKind::Get { read, .. } = &mut entry.kind {
                                *read = value.clone();
                            }
                        }
                        ClientOutcome::Versions { values, .. } => {
                            entry.completion = Completion::Ok(stamp);
                            if let OpKind::Get { read, siblings } = &mut entry.kind {
                                *read = values.first().cloned();
                                *siblings = values.iter().skip(1).cloned().collect();
                            }
                        }
                        ClientOutcome::Failed { .. } => {
                            entry.completion = Completion::Failed(stamp)
                        }
                        ClientOutcome::Rejected { .. } => {
                            entry.completion = Completion::Rejected(stamp)
                        }
                    }
                }
                _ => {}
            }
        }
        let ops = order
            .into_iter()
            .filter_map(|id| invoked.remove(&id))
            .filter(Op::is_relevant)
            .collect();
        History { ops }
    }

    /// The operations of each key, keys in sorted order. Keys are independent registers, so linearizability
    /// of the whole store is linearizability of each key (P-compositionality).
    pub fn by_key(&self) -> BTreeMap<&str, Vec<&Op>> {
        let mut keys: BTreeMap<&str, Vec<&Op>> = BTreeMap::new();
        for op in &self.ops {
            keys.entry(op.key.as_str()).or_default().push(op);
        }
        keys
    }
}
