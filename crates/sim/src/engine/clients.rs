//! Simulated clients: each operation is sent to a node, follows redirects, times out and retries elsewhere,
//! and ends with a result or a failure. Its invoke and return times are what linearizability is judged on.

use super::{Simulation, Sink};
use crate::engine::queue::Item;
use crate::ids::{NodeId, OpId};
use crate::protocol::{Checker, ClientOp, ClientResponse, Protocol};
use crate::time::{SimDuration, SimTime};
use crate::trace::{ClientOutcome, EventKind};

#[derive(Clone, Debug)]
pub(crate) struct OpState {
    pub request: ClientOp,
    pub session: Option<u32>,
    pub invoked_at: SimTime,
    /// The node the current attempt goes (or went) to.
    pub target: NodeId,
    pub attempt: u32,
    /// Between a redirect or timeout and the next attempt: late answers to the old attempt are ignored.
    pub retrying: bool,
    pub outcome: Option<ClientOutcome>,
    pub returned_at: Option<SimTime>,
}

/// A client operation as the UI lists it, borrowed from the simulation (views read it every frame).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OpView<'a> {
    pub id: OpId,
    pub request: &'a ClientOp,
    pub session: Option<u32>,
    pub invoked_at: SimTime,
    pub target: NodeId,
    pub attempts: u32,
    pub outcome: Option<&'a ClientOutcome>,
    pub returned_at: Option<SimTime>,
}

impl<P: Protocol, C: Checker<P>> Simulation<P, C> {
    /// Every client operation so far, in invocation order (`.rev()` for the newest first).
    pub fn ops(&self) -> impl DoubleEndedIterator<Item = OpView<'_>> + ExactSizeIterator {
        self.ops.iter().map(|(id, s)| OpView {
            id: *id,
            request: &s.request,
            session: s.session,
            invoked_at: s.invoked_at,
            target: s.target,
            attempts: s.attempt,
            outcome: s.outcome.as_ref(),
            returned_at: s.returned_at,
        })
    }

    pub(crate) fn client_invoke(
        &mut self,
        node: NodeId,
        mut request: ClientOp,
        session: Option<u32>,
        sink: &mut Sink<P>,
    ) {
        let op = OpId(self.next_op);
        self.next_op += 1;
        let mut node = node;
        if let Some(s) = session {
            // A session's client library hands back the context of its last read of the key, as Dynamo's
            // clients do, so its write supersedes what it saw.
            if let ClientOp::Put {
                key,
                context: context @ None,
                ..
            } = &mut request
            {
                *context = self.sessions.context(s, key);
            }
            if self.scenario.client.sticky_sessions {
                node = self.sessions.home(s, node);
            }
        }
        let state = OpState {
            request: request.clone(),
            session,
            invoked_at: self.now,
            target: node,
            attempt: 0,
            retrying: false,
            outcome: None,
            returned_at: None,
        };
        self.ops.insert(op, state);
        self.emit(
            Some(node),
            None,
            EventKind::ClientInvoke {
                op,
                request,
                session,
            },
            sink,
        );
        self.client_attempt(op);
    }

    /// Starts the next attempt of `op`: the request leaves for the current target and a timeout is armed.
    pub(crate) fn client_attempt(&mut self, op: OpId) {
        let Some(state) = self.ops.get_mut(&op) else {
            return;
        };
        if state.outcome.is_some() {
            return;
        }
        state.attempt += 1;
        state.retrying = false;
        let (attempt, node) = (state.attempt, state.target);
        let timeout = SimDuration(self.scenario.client.timeout_us);
        self.queue
            .push(self.now, Item::ClientRequest { op, attempt, node });
        self.queue
            .push(self.now + timeout, Item::ClientTimeout { op, attempt });
    }

    /// A request reaches `node` (possibly late, after a pause, when the client has moved on: the node still
    /// executes it, as a real server would).
    pub(crate) fn client_request(
        &mut self,
        op: OpId,
        attempt: u32,
        node: NodeId,
        sink: &mut Sink<P>,
    ) {
        if self.nodes[node.index()].state.is_none() {
            return; // nobody answers at a crashed node; the client's timeout moves on
        }
        let Some(request) = self.ops.get(&op).map(|s| s.request.clone()) else {
            return;
        };
        self.emit(
            Some(node),
            None,
            EventKind::ClientRequest { op, attempt },
            sink,
        );
        self.call(node, sink, move |p, now, out| {
            p.on_client_request(now, op, &request, out)
        });
    }

    pub(crate) fn client_timeout(&mut self, op: OpId, attempt: u32, sink: &mut Sink<P>) {
        let n = self.nodes.len() as u32;
        let Some(state) = self.ops.get_mut(&op) else {
            return;
        };
        if state.outcome.is_some() || state.retrying || state.attempt != attempt {
            return;
        }
        // Silence from this node: try the next one round the ring.
        state.target = NodeId((state.target.0 + 1) % n);
        self.retry(op, sink);
    }

    pub(crate) fn client_reply(
        &mut self,
        node: NodeId,
        op: OpId,
        response: ClientResponse,
        sink: &mut Sink<P>,
    ) {
        let kind = EventKind::ClientReply {
            op,
            response: response.clone(),
        };
        self.emit(Some(node), None, kind, sink);
        let n = self.nodes.len() as u32;
        let Some(state) = self.ops.get_mut(&op) else {
            return;
        };
        if state.outcome.is_some() {
            return;
        }
        match response {
            // Any answer counts, even to an earlier attempt: a success took effect, a refusal did not.
            ClientResponse::Ok { value } => {
                let outcome = ClientOutcome::Ok { value };
                self.finish(op, node, outcome, sink);
            }
            ClientResponse::Versions { values, context } => {
                if let Some(s) = state.session {
                    let key = state.request.key().to_string();
                    self.sessions.remember(s, key, context.clone());
                }
                let outcome = ClientOutcome::Versions { values, context };
                self.finish(op, node, outcome, sink);
            }
            ClientResponse::Fail { reason } => {
                let outcome = ClientOutcome::Rejected { reason };
                self.finish(op, node, outcome, sink);
            }
            // Advice from a node the client already left, or while it is about to retry, is stale.
            ClientResponse::Redirect { .. } if state.target != node || state.retrying => {}
            ClientResponse::Redirect { leader } => {
                state.target = match leader {
                    Some(l) if l.0 < n && l != node => l,
                    _ => NodeId((node.0 + 1) % n),
                };
                self.retry(op, sink);
            }
        }
    }

    /// The operation is over: `node` answered it definitively.
    fn finish(&mut self, op: OpId, node: NodeId, outcome: ClientOutcome, sink: &mut Sink<P>) {
        if let Some(state) = self.ops.get_mut(&op) {
            state.outcome = Some(outcome.clone());
            state.returned_at = Some(self.now);
        }
        self.emit(
            Some(node),
            None,
            EventKind::ClientReturn { op, outcome },
            sink,
        );
    }

    /// Schedules another attempt after the retry delay, or gives up after the last one.
    fn retry(&mut self, op: OpId, sink: &mut Sink<P>) {
        let max = self.scenario.client.max_attempts;
        let state = self.ops.get_mut(&op).expect("caller checked");
        if state.attempt >= max {
            let outcome = ClientOutcome::Failed {
                attempts: state.attempt,
            };
            state.outcome = Some(outcome.clone());
            state.returned_at = Some(self.now);
            self.emit(None, None, EventKind::ClientReturn { op, outcome }, sink);
            return;
        }
        state.retrying = true;
        let delay = SimDuration(self.scenario.client.retry_delay_us);
        self.queue
            .push(self.now + delay, Item::ClientAttempt { op });
    }
}
