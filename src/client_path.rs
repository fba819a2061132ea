//! The path each client operation took, read from the trace: which node each attempt reached and what
//! happened there (redirected to the leader, answered, or silence until the client's timeout). The client
//! panel shows it so a student sees a redirect or a retry, not just the final answer.

use splitbrain_sim::{
    ClientOp, ClientOutcome, ClientResponse, Event, EventKind, NodeId, OpId, Session, Shown,
};
use std::collections::BTreeMap;

/// What one attempt of an operation met.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hop {
    /// The node answered.
    Answered(NodeId),
    /// The node is not the leader; it named one (or knew none).
    Redirected { by: NodeId, to: Option<NodeId> },
    /// The request reached the node but no answer came before the client gave up on it.
    Silent(NodeId),
    /// The request never reached a live node (it was crashed), so the client timed out.
    Lost,
    /// Still waiting for this attempt.
    Waiting(NodeId),
}

impl Hop {
    fn text(&self) -> String {
        match self {
            Hop::Answered(n) => format!("{n} ✓"),
            Hop::Redirected { by, to: Some(l) } => format!("{by} ↪ leader is {l}"),
            Hop::Redirected { by, to: None } => format!("{by} ↪ no leader known"),
            Hop::Silent(n) => format!("{n} ⏱ timeout"),
            Hop::Lost => "⏱ timeout (node down)".to_string(),
            Hop::Waiting(n) => format!("{n} …"),
        }
    }
}

/// One operation's attempts: attempt number → (the node it reached, what that node said).
type Attempts = BTreeMap<u32, (Option<NodeId>, Option<Hop>)>;

/// Every operation's attempts, in order, as far as `events` go. A silent last attempt of an operation that
/// has not returned yet is still waiting; once it has returned (failed), it timed out.
pub fn client_paths(events: &[Event<Shown>]) -> BTreeMap<OpId, Vec<Hop>> {
    let mut attempts: BTreeMap<OpId, Attempts> = BTreeMap::new();
    let mut last_attempt: BTreeMap<OpId, u32> = BTreeMap::new();
    let mut returned: BTreeMap<OpId, bool> = BTreeMap::new();
    for e in events {
        match &e.kind {
            EventKind::ClientInvoke { op, .. } => {
                attempts.entry(*op).or_default();
            }
            EventKind::ClientRequest { op, attempt } => {
                let slot = attempts
                    .entry(*op)
                    .or_default()
                    .entry(*attempt)
                    .or_default();
                slot.0 = e.node;
                last_attempt.insert(*op, *attempt);
            }
            EventKind::ClientReply { op, response } => {
                let (Some(node), Some(&attempt)) = (e.node, last_attempt.get(op)) else {
                    continue;
                };
                let hop = match response {
                    ClientResponse::Ok { .. }
                    | ClientResponse::Versions { .. }
                    | ClientResponse::Fail { .. } => Hop::Answered(node),
                    ClientResponse::Redirect { leader } => Hop::Redirected {
                        by: node,
                        to: *leader,
                    },
                };
                // A late reply from an earlier attempt's node belongs to that attempt.
                let map = attempts.entry(*op).or_default();
                let at = map
                    .iter()
                    .rev()
                    .find(|(_, (n, r))| *n == Some(node) && r.is_none())
                    .map(|(a, _)| *a)
                    .unwrap_or(attempt);
                map.entry(at).or_default().1.get_or_insert(hop);
            }
            EventKind::ClientReturn { op, .. } => {
                returned.insert(*op, true);
            }
            _ => {}
        }
    }
    attempts
        .into_iter()
        .map(|(op, by_attempt)| {
            let done = returned.get(&op).copied().unwrap_or(false);
            let last = by_attempt.keys().next_back().copied().unwrap_or(0);
            let mut hops = Vec::new();
            let mut expected = 1;
            for (a, (node, reply)) in by_attempt {
                // Attempts that left no trace went to a crashed node.
                while expected < a {
                    hops.push(Hop::Lost);
                    expected += 1;
                }
                expected = a + 1;
                hops.push(match (reply, node) {
                    (Some(h), _) => h,
                    (None, Some(n)) if a == last && !done => Hop::Waiting(n),
                    (None, Some(n)) => Hop::Silent(n),
                    (None, None) => Hop::Lost,
                });
            }
            (op, hops)
        })
        .collect()
}

/// The path as one line for the panel, e.g. `n2 ↪ leader is n1 → n1 ✓`.
pub fn path_text(hops: &[Hop]) -> String {
    hops.iter().map(Hop::text).collect::<Vec<_>>().join(" → ")
}

/// A client operation as the cluster view shows it: a tag tied by a line to the node it is talking to.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientBubble {
    pub op: OpId,
    pub text: String,
    /// `pending`, `ok` or `failed` (the CSS class).
    pub status: &'static str,
    /// The node the current (or last) attempt went to.
    pub node: NodeId,
}

/// At most this many operations are drawn at once: the newest.
pub const MAX_BUBBLES: usize = 5;

/// Operations still in progress, and those that returned less than `linger_us` ago (so a student sees the
/// answer arrive), newest first.
pub fn client_bubbles(tl: &dyn Session, linger_us: u64) -> Vec<ClientBubble> {
    let now = tl.now();
    let short = |s: &str| -> String {
        if s.chars().count() > 8 {
            s.chars().take(7).chain(['…']).collect()
        } else {
            s.to_string()
        }
    };
    tl.ops()
        .into_iter()
        .rev()
        .filter(|o| {
            o.returned_at
                .is_none_or(|t| t.0.saturating_add(linger_us) >= now.0)
        })
        .take(MAX_BUBBLES)
        .map(|o| {
            let what = match o.request {
                ClientOp::Put { key, value, .. } => format!("put {}={}", short(key), short(value)),
                ClientOp::Get { key } => format!("get {}", short(key)),
                ClientOp::Cas { key, expected, new } => {
                    format!("cas {} {}→{}", short(key), short(expected), short(new))
                }
                op @ (ClientOp::Txn { .. }
                | ClientOp::Send { .. }
                | ClientOp::Increment { .. }
                | ClientOp::Decrement { .. }
                | ClientOp::Add { .. }
                | ClientOp::Remove { .. }) => short(&op.describe()),
            };
            let (status, result) = match &o.outcome {
                None if o.attempts > 1 => ("pending", format!(" … try {}", o.attempts)),
                None => ("pending", " …".to_string()),
                Some(ClientOutcome::Ok { value: Some(v) }) => ("ok", format!(" → {} ✓", short(v))),
                Some(ClientOutcome::Ok { value: None }) => ("ok", " ✓".to_string()),
                Some(ClientOutcome::Versions { values, .. }) => (
                    "ok",
                    format!(" → {} ✓", short(&ClientOutcome::versions_text(values))),
                ),
                Some(ClientOutcome::Failed { .. }) => ("failed", " ✗ failed".to_string()),
                Some(ClientOutcome::Rejected { .. }) => ("refused", " ✗ refused".to_string()),
            };
            ClientBubble {
                op: o.id,
                text: format!("{} {what}{result}", o.id),
                status,
                node: o.target,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run::{build, default_scenario};

    fn registry_raft() -> &'static splitbrain_registry::Entry {
        splitbrain_registry::find("raft").unwrap()
    }
    use splitbrain_sim::{Action, ClientOp, SimTime};

    /// The node that leads after the first election (the default scenario elects one within a second).
    fn leader(tl: &dyn Session) -> NodeId {
        (0..tl.node_count() as u32)
            .map(NodeId)
            .find(|n| {
                tl.summary(*n)
                    .is_some_and(|s| tl.face().role(s.role).exclusive)
            })
            .expect("a leader after one second")
    }

    fn put(node: u32) -> Action {
        Action::Client {
            session: None,
            node: NodeId(node),
            op: ClientOp::Put {
                context: None,
                key: "x".into(),
                value: node.to_string(),
            },
        }
    }

    #[test]
    fn a_put_to_a_follower_is_redirected_to_the_leader() {
        let mut tl = build(&default_scenario(registry_raft(), 5, 3), SimTime(1_000_000)).unwrap();
        let leader = leader(tl.as_ref());
        let follower = (leader.0 + 1) % 5;
        tl.act(put(follower)).unwrap();
        tl.run_until(SimTime(2_000_000));
        let paths = client_paths(tl.past());
        let hops = &paths[&OpId(0)];
        assert_eq!(
            hops,
            &vec![
                Hop::Redirected {
                    by: NodeId(follower),
                    to: Some(leader)
                },
                Hop::Answered(leader)
            ]
        );
        assert_eq!(
            path_text(hops),
            format!("{} ↪ leader is {leader} → {leader} ✓", NodeId(follower))
        );
    }

    #[test]
    fn a_put_to_a_crashed_node_times_out_and_retries_elsewhere() {
        let mut tl = build(&default_scenario(registry_raft(), 5, 3), SimTime(1_000_000)).unwrap();
        let leader = leader(tl.as_ref());
        let victim = NodeId((leader.0 + 2) % 5);
        tl.act(Action::Crash { node: victim }).unwrap();
        tl.act(put(victim.0)).unwrap();
        tl.run_until(SimTime(4_000_000));
        let hops = &client_paths(tl.past())[&OpId(0)];
        assert_eq!(hops[0], Hop::Lost, "{hops:?}");
        assert!(
            matches!(hops.last(), Some(Hop::Answered(_))),
            "it ends answered: {hops:?}"
        );
    }

    #[test]
    fn bubbles_show_pending_and_just_answered_operations() {
        let mut tl = build(&default_scenario(registry_raft(), 5, 3), SimTime(1_000_000)).unwrap();
        let leader = leader(tl.as_ref());
        tl.act(put(leader.0)).unwrap();
        tl.run_until(tl.now() + splitbrain_sim::SimDuration(2));
        let b = client_bubbles(tl.as_ref(), 500_000);
        assert_eq!(b.len(), 1);
        assert_eq!((b[0].status, b[0].node), ("pending", leader));
        assert!(
            b[0].text.starts_with(&format!("op0 put x={}", leader.0)),
            "{}",
            b[0].text
        );
        tl.run_until(SimTime(1_300_000));
        let b = client_bubbles(tl.as_ref(), 500_000);
        assert_eq!(b[0].status, "ok", "{b:?}");
        assert!(b[0].text.ends_with('✓'), "{}", b[0].text);
        // Long after the answer it is gone.
        tl.run_until(SimTime(3_000_000));
        assert!(client_bubbles(tl.as_ref(), 500_000).is_empty());
    }

    #[test]
    fn a_pending_operation_is_waiting_at_its_node() {
        let mut tl = build(&default_scenario(registry_raft(), 5, 3), SimTime(1_000_000)).unwrap();
        let leader = leader(tl.as_ref());
        tl.act(put(leader.0)).unwrap();
        // The request has reached the leader but cannot have been committed yet.
        tl.run_until(tl.now() + splitbrain_sim::SimDuration(2));
        let hops = &client_paths(tl.past())[&OpId(0)];
        assert_eq!(hops, &vec![Hop::Waiting(leader)]);
    }
}
