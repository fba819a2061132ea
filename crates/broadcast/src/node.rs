//! A node's state and the engine's entry points: sending (with the clock rules), the link layer, delivery
//! and the automatic answers. The delivery rules of each order live in `rules`.
//!
//! Lamport 1978, §2: IR1, every event ticks the clock (here: every send and every receipt); IR2, a receipt
//! sets the clock past the message's timestamp. Vector clocks (Fidge 1988, Mattern 1989): entry k counts
//! node k's messages in the causal past; a node raises its own entry when it sends and merges a message's
//! clock into its own when it delivers it.
//!
//! Every message, even one meant for a single node, is carried to every node: the sequence numbers and
//! vector clocks stay dense (Birman, Schiper & Stephenson's causal broadcast assumes it; point-to-point
//! causal order would need matrix clocks, left out), and the others pass it by without showing it to their
//! application.

use crate::message::{AppMsg, Message, MsgRef, Timer};
use crate::note::{Anomaly, Note, Wait};
use crate::options::{validate, BroadcastOptions, Order};
use splitbrain_sim::{
    ClientOp, ClientResponse, ClusterInfo, LocalTime, NodeId, OpId, OpKind, Out, Protocol,
    SimDuration,
};
use std::collections::{BTreeMap, VecDeque};

pub use crate::persist::{Persistent, Seen};

/// A message waiting in the hold-back queue.
#[derive(Clone, Debug)]
pub struct Held {
    pub msg: AppMsg,
    pub since: LocalTime,
    /// Why it was first held, for the delivery note.
    pub first_wait: Option<Wait>,
}

#[derive(Clone, Debug)]
pub struct Broadcast {
    pub(crate) id: NodeId,
    pub(crate) nodes: u32,
    pub(crate) options: BroadcastOptions,
    pub(crate) d: Persistent,
    pub(crate) held: BTreeMap<MsgRef, Held>,
    /// Lamport: the latest timestamp heard from each node (FIFO links make it a promise).
    pub(crate) heard: Vec<u64>,
    /// Link layer: messages that overtook an earlier one on their link, by (from, link number).
    pub(crate) early: BTreeMap<(NodeId, u64), Message>,
    /// Sequencer order: numbers known and not yet delivered.
    pub(crate) numbers: BTreeMap<u64, MsgRef>,
    /// Questions waiting for their think time to pass, with the answer's text.
    pub(crate) answers: BTreeMap<MsgRef, String>,
    /// The last few deliveries, for the inspector.
    pub(crate) recent: VecDeque<(u64, AppMsg)>,
    pub(crate) restarted: bool,
}

/// The node that numbers messages in sequencer order.
pub const SEQUENCER: NodeId = NodeId(0);
const RECENT: usize = 8;

impl Broadcast {
    pub fn order(&self) -> Order {
        self.options.order
    }
    pub fn lamport(&self) -> u64 {
        self.d.lamport
    }
    pub fn vclock(&self) -> &[u64] {
        &self.d.vclock
    }
    pub fn held_back(&self) -> impl Iterator<Item = &Held> {
        self.held.values()
    }
    pub fn deliveries(&self) -> u64 {
        self.d.deliveries
    }

    pub(crate) fn me(&self) -> usize {
        self.id.index()
    }

    fn others(&self) -> Vec<NodeId> {
        (0..self.nodes)
            .map(NodeId)
            .filter(|n| *n != self.id)
            .collect()
    }

    /// Sends `msg` to every other node, numbering it on each link when links must be FIFO.
    pub(crate) fn multicast(&mut self, msg: impl Fn(u64) -> Message, out: &mut Out<Self>) {
        for n in self.others() {
            let link = if self.options.order == Order::TotalLamport {
                self.d.link_out[n.index()] += 1;
                self.d.link_out[n.index()]
            } else {
                0
            };
            out.send(n, msg(link));
        }
    }

    /// IR1 and a new application message: stamped, sent to all, then delivered or queued here.
    pub(crate) fn send_app(
        &mut self,
        now: LocalTime,
        to: Option<NodeId>,
        text: String,
        out: &mut Out<Self>,
    ) {
        self.d.lamport += 1;
        self.d.sent += 1;
        let me = self.me();
        self.d.vclock[me] = self.d.sent;
        let msg = AppMsg {
            id: MsgRef {
                sender: self.id,
                seq: self.d.sent,
            },
            to,
            lamport: self.d.lamport,
            vclock: self.d.vclock.clone(),
            text,
        };
        out.note(Note::Sent {
            id: msg.id,
            to,
            lamport: msg.lamport,
            vclock: msg.vclock.clone(),
            text: msg.text.clone(),
        });
        let copy = msg.clone();
        self.multicast(
            |link| Message::Msg {
                msg: copy.clone(),
                link,
            },
            out,
        );
        if self.options.order.promises_total() {
            // One's own message takes its place in the total order like anyone's.
            self.hold(now, msg, out);
        } else {
            self.deliver(now, msg, None, 0, out);
        }
        out.persist(self.d.clone());
    }

    /// IR1 and IR2: a receipt is an event, and the clock moves past the timestamp received.
    fn receive_clock(&mut self, ts: u64) {
        self.d.lamport = self.d.lamport.max(ts) + 1;
    }

    /// The link layer: Lamport's algorithm assumes FIFO channels, so a message that overtook an earlier one
    /// on its link waits for it; a duplicate is dropped.
    fn on_link(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        let f = from.index();
        let link = msg.link();
        if link <= self.d.link_in[f] {
            return;
        }
        if link > self.d.link_in[f] + 1 {
            self.early.insert((from, link), msg);
            return;
        }
        self.d.link_in[f] = link;
        self.process(now, from, msg, out);
        while let Some(next) = self.early.remove(&(from, self.d.link_in[f] + 1)) {
            self.d.link_in[f] += 1;
            self.process(now, from, next, out);
        }
    }

    fn process(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        self.receive_clock(msg.lamport());
        match msg {
            Message::Msg { msg, .. } => {
                let id = msg.id;
                if self.d.delivered[id.sender.index()].contains(id.seq)
                    || self.held.contains_key(&id)
                {
                    return; // a duplicate
                }
                if self.options.order == Order::TotalLamport {
                    let f = from.index();
                    self.heard[f] = self.heard[f].max(msg.lamport);
                    // Lamport §3: the receiver acknowledges to every other node, timestamped.
                    self.d.lamport += 1;
                    let ts = self.d.lamport;
                    self.multicast(|link| Message::Ack { lamport: ts, link }, out);
                }
                self.hold(now, msg, out);
            }
            Message::Ack { lamport, .. } => {
                let f = from.index();
                self.heard[f] = self.heard[f].max(lamport);
                self.try_deliver(now, out);
            }
            Message::Order { id, global, .. } => {
                if global > self.d.next_global {
                    self.numbers.insert(global, id);
                    self.try_deliver(now, out);
                }
            }
        }
    }

    /// Puts `msg` in the hold-back queue, delivers whatever can go, and says why `msg` waits if it must.
    pub(crate) fn hold(&mut self, now: LocalTime, msg: AppMsg, out: &mut Out<Self>) {
        let id = msg.id;
        let mine = msg.addressed_to(self.id);
        self.held.insert(
            id,
            Held {
                msg,
                since: now,
                first_wait: None,
            },
        );
        if self.id == SEQUENCER && self.options.order == Order::TotalSequencer {
            self.number_ready(id, out);
        }
        self.try_deliver(now, out);
        if let Some(h) = self.held.get(&id) {
            let wait = self.wait_of(&h.msg);
            if let Some(h) = self.held.get_mut(&id) {
                h.first_wait = Some(wait.clone());
            }
            if mine {
                out.note(Note::HeldBack { id, wait });
            }
        }
    }

    /// Delivers held messages while the order's rule lets one go.
    pub(crate) fn try_deliver(&mut self, now: LocalTime, out: &mut Out<Self>) {
        while let Some(id) = self.deliverable() {
            let h = self
                .held
                .remove(&id)
                .expect("a deliverable message is held");
            let held = now.since(h.since).as_micros();
            self.deliver(now, h.msg, h.first_wait, held, out);
        }
    }

    /// Hands `msg` to the application (if it is for this node) and merges its vector clock.
    pub(crate) fn deliver(
        &mut self,
        _now: LocalTime,
        msg: AppMsg,
        waited: Option<Wait>,
        held_us: u64,
        out: &mut Out<Self>,
    ) {
        let id = msg.id;
        let mine = msg.addressed_to(self.id);
        let anomaly = self.anomaly(&msg);
        self.d.delivered[id.sender.index()].insert(id.seq);
        for (mine, theirs) in self.d.vclock.iter_mut().zip(&msg.vclock) {
            *mine = (*mine).max(*theirs);
        }
        if self.options.order == Order::TotalSequencer {
            self.d.next_global += 1;
        }
        if !mine {
            return;
        }
        self.d.deliveries += 1;
        out.note(Note::Delivered {
            id,
            text: msg.text.clone(),
            nth: self.d.deliveries,
            held_us,
            waited,
        });
        if let Some((missing, anomaly)) = anomaly {
            out.note(Note::OutOfOrder {
                id,
                missing,
                anomaly,
            });
        }
        if self.options.auto_reply && id.sender != self.id && msg.text.ends_with('?') {
            let answer = format!("re: {}", msg.text.trim_end_matches('?'));
            self.answers.insert(id, answer);
            let d = SimDuration(self.options.reply_delay_us);
            out.set_timer(Timer::Reply { id }, d, d);
        }
        if self.recent.len() == RECENT {
            self.recent.pop_front();
        }
        self.recent.push_back((self.d.deliveries, msg));
    }

    /// What this node's own stamps say comes before `msg` and is not delivered here yet.
    fn anomaly(&self, msg: &AppMsg) -> Option<(MsgRef, Anomaly)> {
        let s = msg.id.sender;
        let seen = &self.d.delivered[s.index()];
        if seen.prefix + 1 < msg.id.seq {
            let missing = MsgRef {
                sender: s,
                seq: seen.prefix + 1,
            };
            return Some((missing, Anomaly::Fifo));
        }
        (0..self.nodes).map(NodeId).find_map(|k| {
            let prefix = self.d.delivered[k.index()].prefix;
            let wanted = msg.vclock.get(k.index()).copied().unwrap_or(0);
            (k != s && wanted > prefix).then_some((
                MsgRef {
                    sender: k,
                    seq: prefix + 1,
                },
                Anomaly::Causal,
            ))
        })
    }
}

impl Protocol for Broadcast {
    type Msg = Message;
    type Timer = Timer;
    type Persistent = Persistent;
    type Note = Note;
    type Options = BroadcastOptions;
    const NAME: &'static str = "broadcast";
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Send];

    fn validate_options(options: &BroadcastOptions, nodes: u32) -> Result<(), (String, String)> {
        validate(options, nodes)
    }

    fn new(
        cluster: &ClusterInfo,
        options: &BroadcastOptions,
        persisted: Option<&Persistent>,
    ) -> Self {
        let n = cluster.nodes as usize;
        let d = persisted.cloned().unwrap_or_else(|| Persistent {
            vclock: vec![0; n],
            delivered: vec![Seen::default(); n],
            link_out: vec![0; n],
            link_in: vec![0; n],
            numbered_from: vec![0; n],
            ..Persistent::default()
        });
        Broadcast {
            id: cluster.id,
            nodes: cluster.nodes,
            options: options.clone(),
            d,
            held: BTreeMap::new(),
            heard: vec![0; n],
            early: BTreeMap::new(),
            numbers: BTreeMap::new(),
            answers: BTreeMap::new(),
            recent: VecDeque::new(),
            restarted: persisted.is_some(),
        }
    }

    fn on_start(&mut self, _now: LocalTime, out: &mut Out<Self>) {
        out.note(Note::Up {
            order: self.options.order,
            restarted: self.restarted,
        });
    }

    fn on_message(&mut self, now: LocalTime, from: NodeId, msg: Message, out: &mut Out<Self>) {
        if from.0 >= self.nodes {
            return;
        }
        if self.options.order == Order::TotalLamport {
            self.on_link(now, from, msg, out);
        } else {
            self.process(now, from, msg, out);
        }
        out.persist(self.d.clone());
    }

    fn on_timer(&mut self, now: LocalTime, timer: Timer, out: &mut Out<Self>) {
        let Timer::Reply { id } = timer;
        if let Some(text) = self.answers.remove(&id) {
            self.send_app(now, None, text, out);
        }
    }

    fn on_client_request(&mut self, now: LocalTime, op: OpId, req: &ClientOp, out: &mut Out<Self>) {
        let refuse = |reason: String, out: &mut Out<Self>| {
            out.reply(op, ClientResponse::Fail { reason });
        };
        let ClientOp::Send { to, text } = req else {
            return refuse(
                format!("broadcast serves only send, not {}", req.kind().name()),
                out,
            );
        };
        match to {
            Some(t) if t.0 >= self.nodes => {
                return refuse(
                    format!("{t} does not exist: the cluster has {} nodes", self.nodes),
                    out,
                )
            }
            Some(t) if *t == self.id => {
                return refuse(
                    format!("{t} would send to itself: pick another node, or all"),
                    out,
                )
            }
            _ => {}
        }
        if text.trim().is_empty() {
            return refuse("a message needs some text".into(), out);
        }
        self.send_app(now, *to, text.clone(), out);
        out.reply(op, ClientResponse::Ok { value: None });
    }
}
