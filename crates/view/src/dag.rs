//! The happens-before DAG of a trace: per-node program order plus one edge per delivered message.
//!
//! Only node events take part. Cluster-wide events (a partition, a drop recorded "on the wire") have no clock
//! and are neither before nor after anything.

use splitbrain_sim::{Event, EventId, Protocol};

/// Adjacency in both directions, stored compactly (CSR) because a lecture trace has 10 000+ events and the
/// cone is recomputed on every hover.
#[derive(Clone, Debug, Default)]
pub struct HappensBefore {
    /// The node of each event (`u32::MAX` for cluster-wide events).
    node: Vec<u32>,
    succ_start: Vec<u32>,
    succ: Vec<u32>,
    pred_start: Vec<u32>,
    pred: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl HappensBefore {
    pub fn new<P: Protocol>(events: &[Event<P>]) -> Self {
        let n = events.len();
        let mut node = vec![NONE; n];
        let mut edges: Vec<(u32, u32)> = Vec::with_capacity(n * 2);
        let mut last_on_node: Vec<u32> = Vec::new();
        for (i, e) in events.iter().enumerate() {
            let Some(nd) = e.node else { continue };
            let nd = nd.index();
            node[i] = nd as u32;
            if last_on_node.len() <= nd {
                last_on_node.resize(nd + 1, NONE);
            }
            if last_on_node[nd] != NONE {
                edges.push((last_on_node[nd], i as u32));
            }
            last_on_node[nd] = i as u32;
            if let Some(src) = message_source(events, e.parent) {
                if src < i {
                    edges.push((src as u32, i as u32));
                }
            }
        }
        let (succ_start, succ) = csr(n, edges.iter().copied());
        let (pred_start, pred) = csr(n, edges.iter().map(|&(a, b)| (b, a)));
        HappensBefore {
            node,
            succ_start,
            succ,
            pred_start,
            pred,
        }
    }

    pub fn len(&self) -> usize {
        self.node.len()
    }

    pub fn is_empty(&self) -> bool {
        self.node.is_empty()
    }

    /// Whether the event is part of the DAG (it happened on a node).
    pub fn on_node(&self, e: EventId) -> bool {
        self.node.get(e.index()).is_some_and(|&n| n != NONE)
    }

    /// Direct successors: the next event on the same node and the deliveries of a send.
    pub fn successors(&self, e: EventId) -> &[u32] {
        let i = e.index();
        &self.succ[self.succ_start[i] as usize..self.succ_start[i + 1] as usize]
    }

    /// Direct predecessors: the previous event on the same node and, for a delivery, its send.
    pub fn predecessors(&self, e: EventId) -> &[u32] {
        let i = e.index();
        &self.pred[self.pred_start[i] as usize..self.pred_start[i + 1] as usize]
    }

    /// Every event reachable from `e` along `next` (excluding `e`), as a membership vector.
    pub(crate) fn reach(&self, e: EventId, forward: bool) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        if !self.on_node(e) {
            return seen;
        }
        let mut stack = vec![e.index() as u32];
        while let Some(i) = stack.pop() {
            let next = if forward {
                self.successors(EventId(i as u64))
            } else {
                self.predecessors(EventId(i as u64))
            };
            for &j in next {
                if !seen[j as usize] {
                    seen[j as usize] = true;
                    stack.push(j);
                }
            }
        }
        seen
    }
}

/// The node event a `parent` link ultimately points to. Parents normally are sends; a chain through a
/// cluster-wide event (a duplicate) is followed up to the send it copies.
fn message_source<P: Protocol>(events: &[Event<P>], mut parent: Option<EventId>) -> Option<usize> {
    for _ in 0..8 {
        let p = parent?;
        let e = events.get(p.index())?;
        if e.node.is_some() {
            return Some(p.index());
        }
        parent = e.parent;
    }
    None
}

fn csr(n: usize, edges: impl Iterator<Item = (u32, u32)> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n + 1];
    for (a, _) in edges.clone() {
        start[a as usize + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut out = vec![0u32; start[n] as usize];
    for (a, b) in edges {
        out[fill[a as usize] as usize] = b;
        fill[a as usize] += 1;
    }
    (start, out)
}
