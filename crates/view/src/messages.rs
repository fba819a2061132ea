//! Every message of a trace as one arrow: from its send to its delivery, its drop (with the reason), or, if
//! it is still on the wire at the cursor, to where it is headed.

use splitbrain_sim::{DropReason, EventId, EventKind, Label, MsgId, NodeId, Protocol, SimTime};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrowEnd {
    Delivered(EventId),
    /// Ends in a cross on the receiver's lane at the drop event.
    Dropped(EventId, DropReason),
    /// Not arrived yet: headed for the receiver at this time.
    InFlight(SimTime),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub msg: MsgId,
    pub send: EventId,
    pub from: NodeId,
    pub to: NodeId,
    pub end: ArrowEnd,
    /// A second copy made by the network.
    pub duplicate: bool,
    /// The message type (`AppendEntries`).
    pub label: String,
}

#[derive(Clone, Debug, Default)]
pub struct Messages {
    pub all: Vec<Message>,
    /// For each event, the message it sends or ends (index into `all`).
    by_event: HashMap<EventId, usize>,
}

impl Messages {
    pub fn new<P: Protocol>(events: &[splitbrain_sim::Event<P>]) -> Self {
        let mut all: Vec<Message> = Vec::new();
        let mut by_msg: HashMap<MsgId, usize> = HashMap::new();
        let mut by_event = HashMap::new();
        for e in events {
            match &e.kind {
                EventKind::Send {
                    msg,
                    to,
                    deliver_at,
                    message,
                } => {
                    let Some(from) = e.node else { continue };
                    by_msg.insert(*msg, all.len());
                    by_event.insert(e.id, all.len());
                    all.push(Message {
                        msg: *msg,
                        send: e.id,
                        from,
                        to: *to,
                        end: ArrowEnd::InFlight(*deliver_at),
                        duplicate: false,
                        label: message.label(),
                    });
                }
                EventKind::Duplicate {
                    msg,
                    copy,
                    deliver_at,
                } => {
                    if let Some(&k) = by_msg.get(msg) {
                        let mut m = all[k].clone();
                        m.msg = *copy;
                        m.duplicate = true;
                        m.end = ArrowEnd::InFlight(*deliver_at);
                        by_msg.insert(*copy, all.len());
                        all.push(m);
                    }
                }
                EventKind::Delay { msg, deliver_at } => {
                    if let Some(&k) = by_msg.get(msg) {
                        all[k].end = ArrowEnd::InFlight(*deliver_at);
                    }
                }
                EventKind::Deliver { msg, .. } => {
                    if let Some(&k) = by_msg.get(msg) {
                        all[k].end = ArrowEnd::Delivered(e.id);
                        by_event.insert(e.id, k);
                    }
                }
                EventKind::Drop { msg, reason, .. } => {
                    if let Some(&k) = by_msg.get(msg) {
                        all[k].end = ArrowEnd::Dropped(e.id, *reason);
                        by_event.insert(e.id, k);
                    }
                }
                _ => {}
            }
        }
        Messages { all, by_event }
    }

    /// The message an event sends, delivers or drops.
    pub fn of_event(&self, e: EventId) -> Option<&Message> {
        self.by_event.get(&e).map(|&k| &self.all[k])
    }

    pub fn index_of_event(&self, e: EventId) -> Option<usize> {
        self.by_event.get(&e).copied()
    }
}

pub fn drop_reason_text(r: DropReason) -> &'static str {
    match r {
        DropReason::Loss => "lost",
        DropReason::Partition => "partition",
        DropReason::Clicked => "dropped by hand",
        DropReason::ReceiverCrashed => "receiver crashed",
    }
}
