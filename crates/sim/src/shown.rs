//! [`Shown`]: the vocabulary the views read. A run's events are translated once, as they are produced,
//! from its protocol's messages, timers and notes into [`ShownMsg`], [`ShownTimer`] and [`ShownNote`], so
//! every view, layout and client-history checker works on `Event<Shown>` whatever protocol ran.
//!
//! `Shown` implements [`Protocol`] only so that `Event<Shown>` and the generic code over `Event<P>` apply
//! to it; it is never run (its handlers do nothing).

use crate::describe::{Describe, ShownMsg, ShownNote, ShownTimer};
use crate::ids::{NodeId, OpId};
use crate::protocol::{ClientOp, ClusterInfo, Label, Out, Protocol};
use crate::time::LocalTime;
use crate::trace::{Event, EventKind};

#[derive(Clone, Debug)]
pub struct Shown;

impl Label for ShownMsg {
    fn label(&self) -> String {
        self.label.clone()
    }
}

impl Label for ShownTimer {
    fn label(&self) -> String {
        self.label.clone()
    }
}

impl Label for ShownNote {
    fn label(&self) -> String {
        self.label.clone()
    }
}

impl Protocol for Shown {
    type Msg = ShownMsg;
    type Timer = ShownTimer;
    type Persistent = ();
    type Note = ShownNote;
    type Options = serde_json::Value;
    const NAME: &'static str = "shown";

    fn new(_: &ClusterInfo, _: &serde_json::Value, _: Option<&()>) -> Self {
        Shown
    }
    fn on_start(&mut self, _: LocalTime, _: &mut Out<Self>) {}
    fn on_message(&mut self, _: LocalTime, _: NodeId, _: ShownMsg, _: &mut Out<Self>) {}
    fn on_timer(&mut self, _: LocalTime, _: ShownTimer, _: &mut Out<Self>) {}
    fn on_client_request(&mut self, _: LocalTime, _: OpId, _: &ClientOp, _: &mut Out<Self>) {}
}

/// One event of protocol `P` as the views see it.
pub fn show_event<P: Describe>(e: &Event<P>) -> Event<Shown> {
    Event {
        id: e.id,
        time: e.time,
        node: e.node,
        local_time: e.local_time,
        lamport: e.lamport,
        vclock: e.vclock.clone(),
        parent: e.parent,
        kind: show_kind::<P>(e.node, &e.kind),
    }
}

fn show_kind<P: Describe>(node: Option<NodeId>, kind: &EventKind<P>) -> EventKind<Shown> {
    match kind {
        EventKind::Start => EventKind::Start,
        EventKind::Send {
            msg,
            to,
            deliver_at,
            message,
        } => EventKind::Send {
            msg: *msg,
            to: *to,
            deliver_at: *deliver_at,
            message: P::show_msg(message),
        },
        EventKind::Deliver { msg, from } => EventKind::Deliver {
            msg: *msg,
            from: *from,
        },
        EventKind::Drop {
            msg,
            from,
            to,
            reason,
        } => EventKind::Drop {
            msg: *msg,
            from: *from,
            to: *to,
            reason: *reason,
        },
        EventKind::Duplicate {
            msg,
            copy,
            deliver_at,
        } => EventKind::Duplicate {
            msg: *msg,
            copy: *copy,
            deliver_at: *deliver_at,
        },
        EventKind::Delay { msg, deliver_at } => EventKind::Delay {
            msg: *msg,
            deliver_at: *deliver_at,
        },
        EventKind::TimerFired { timer } => EventKind::TimerFired {
            timer: P::show_timer(timer),
        },
        EventKind::Crash => EventKind::Crash,
        EventKind::Restart => EventKind::Restart,
        EventKind::Pause => EventKind::Pause,
        EventKind::Resume => EventKind::Resume,
        EventKind::Network { change } => EventKind::Network {
            change: change.clone(),
        },
        EventKind::ClockSet { clock, adjusted } => EventKind::ClockSet {
            clock: *clock,
            adjusted: *adjusted,
        },
        EventKind::ClientInvoke {
            op,
            request,
            session,
        } => EventKind::ClientInvoke {
            op: *op,
            request: request.clone(),
            session: *session,
        },
        EventKind::ClientRequest { op, attempt } => EventKind::ClientRequest {
            op: *op,
            attempt: *attempt,
        },
        EventKind::ClientReply { op, response } => EventKind::ClientReply {
            op: *op,
            response: response.clone(),
        },
        EventKind::ClientReturn { op, outcome } => EventKind::ClientReturn {
            op: *op,
            outcome: outcome.clone(),
        },
        EventKind::Note { note } => EventKind::Note {
            // Node notes always have a node; the fallback only keeps a malformed event from panicking.
            note: P::show_note(node.unwrap_or(NodeId(0)), note),
        },
        EventKind::Checkpoint { index, passed } => EventKind::Checkpoint {
            index: *index,
            passed: *passed,
        },
    }
}
