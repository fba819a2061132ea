//! Hand-built client histories: describe each operation as an interval, get a trace of `Event<Ping>`.
#![allow(dead_code)] // each test file uses a different part of the builder

use splitbrain_sim::ping::Ping;
use splitbrain_sim::{
    ClientOp, ClientOutcome, Event, EventId, EventKind, NodeId, OpId, SimTime, VectorClock,
};

/// Collects client events at chosen times; `build` sorts them by time (stable, so at equal times the order of
/// the calls wins) and numbers them as the engine would.
#[derive(Default)]
pub struct Trace {
    pending: Vec<(u64, EventKind<Ping>)>,
}

impl Trace {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn invoke(&mut self, op: u64, at: u64, request: ClientOp) -> &mut Self {
        self.invoke_as(None, op, at, request)
    }

    /// An invoke on behalf of client session `session`.
    pub fn invoke_as(
        &mut self,
        session: Option<u32>,
        op: u64,
        at: u64,
        request: ClientOp,
    ) -> &mut Self {
        let kind = EventKind::ClientInvoke {
            op: OpId(op),
            request,
            session,
        };
        self.pending.push((at, kind));
        self
    }

    /// Session `s` writes `key=value` over `[start, end]`.
    pub fn s_put(&mut self, s: u32, op: u64, kv: (&str, &str), start: u64, end: u64) -> &mut Self {
        self.invoke_as(Some(s), op, start, put(kv.0, kv.1)).ret(
            op,
            end,
            ClientOutcome::Ok { value: None },
        )
    }

    /// Session `s` reads `key` over `[start, end]` and gets `values` (siblings when more than one).
    pub fn s_get(
        &mut self,
        s: u32,
        op: u64,
        key: &str,
        values: &[&str],
        start: u64,
        end: u64,
    ) -> &mut Self {
        let outcome = ClientOutcome::Versions {
            values: values.iter().map(|v| v.to_string()).collect(),
            context: String::new(),
        };
        self.invoke_as(Some(s), op, start, get(key))
            .ret(op, end, outcome)
    }

    pub fn ret(&mut self, op: u64, at: u64, outcome: ClientOutcome) -> &mut Self {
        let kind = EventKind::ClientReturn {
            op: OpId(op),
            outcome,
        };
        self.pending.push((at, kind));
        self
    }

    /// A put acknowledged at `end`.
    pub fn put(&mut self, op: u64, key: &str, value: &str, start: u64, end: u64) -> &mut Self {
        self.invoke(op, start, put(key, value))
            .ret(op, end, ClientOutcome::Ok { value: None })
    }

    /// A get that returned `read` at `end`.
    pub fn get(
        &mut self,
        op: u64,
        key: &str,
        read: Option<&str>,
        start: u64,
        end: u64,
    ) -> &mut Self {
        let outcome = ClientOutcome::Ok {
            value: read.map(str::to_string),
        };
        self.invoke(op, start, get(key)).ret(op, end, outcome)
    }

    /// A put the client gave up on at `end`.
    pub fn failed_put(
        &mut self,
        op: u64,
        key: &str,
        value: &str,
        start: u64,
        end: u64,
    ) -> &mut Self {
        self.invoke(op, start, put(key, value))
            .ret(op, end, ClientOutcome::Failed { attempts: 3 })
    }

    pub fn failed_get(&mut self, op: u64, key: &str, start: u64, end: u64) -> &mut Self {
        self.invoke(op, start, get(key))
            .ret(op, end, ClientOutcome::Failed { attempts: 3 })
    }

    /// A cas acknowledged at `end`: it found `expected` and wrote `new`.
    pub fn cas(
        &mut self,
        op: u64,
        key: &str,
        (expected, new): (&str, &str),
        start: u64,
        end: u64,
    ) -> &mut Self {
        self.invoke(op, start, cas(key, expected, new)).ret(
            op,
            end,
            ClientOutcome::Ok { value: None },
        )
    }

    /// A cas refused at `end`: it did not find `expected`, and wrote nothing.
    pub fn rejected_cas(
        &mut self,
        op: u64,
        key: &str,
        (expected, new): (&str, &str),
        start: u64,
        end: u64,
    ) -> &mut Self {
        self.invoke(op, start, cas(key, expected, new))
            .ret(op, end, rejected())
    }

    /// A cas the client gave up on at `end`: it may take effect at any later time, or never.
    pub fn failed_cas(
        &mut self,
        op: u64,
        key: &str,
        (expected, new): (&str, &str),
        start: u64,
        end: u64,
    ) -> &mut Self {
        self.invoke(op, start, cas(key, expected, new)).ret(
            op,
            end,
            ClientOutcome::Failed { attempts: 3 },
        )
    }

    /// Something that is not a client event, to show the checkers skip it.
    pub fn noise(&mut self, at: u64) -> &mut Self {
        self.pending.push((at, EventKind::Start));
        self
    }

    pub fn build(&self) -> Vec<Event<Ping>> {
        let mut sorted: Vec<&(u64, EventKind<Ping>)> = self.pending.iter().collect();
        sorted.sort_by_key(|(at, _)| *at);
        sorted
            .into_iter()
            .enumerate()
            .map(|(i, (at, kind))| Event {
                id: EventId(i as u64),
                time: SimTime(*at),
                node: Some(NodeId(0)),
                local_time: None,
                lamport: 0,
                vclock: VectorClock::default(),
                parent: None,
                kind: kind.clone(),
            })
            .collect()
    }
}

pub fn put(key: &str, value: &str) -> ClientOp {
    ClientOp::Put {
        context: None,
        key: key.into(),
        value: value.into(),
    }
}

pub fn cas(key: &str, expected: &str, new: &str) -> ClientOp {
    ClientOp::Cas {
        key: key.into(),
        expected: expected.into(),
        new: new.into(),
    }
}

pub fn rejected() -> ClientOutcome {
    ClientOutcome::Rejected {
        reason: "precondition failed".into(),
    }
}

pub fn get(key: &str) -> ClientOp {
    ClientOp::Get { key: key.into() }
}

/// The id of the `ClientReturn` event of `op`.
pub fn return_of(events: &[Event<Ping>], op: u64) -> EventId {
    events
        .iter()
        .find(|e| matches!(&e.kind, EventKind::ClientReturn { op: o, .. } if *o == OpId(op)))
        .map(|e| e.id)
        .expect("op has a return")
}

pub fn invoke_of(events: &[Event<Ping>], op: u64) -> EventId {
    events
        .iter()
        .find(|e| matches!(&e.kind, EventKind::ClientInvoke { op: o, .. } if *o == OpId(op)))
        .map(|e| e.id)
        .expect("op has an invoke")
}
