//! Client sessions: a session's write carries the context of its last read of the key (as Dynamo's client
//! library does), and sticky sessions pin a session to the node its first operation went to.

use serde::{Deserialize, Serialize};
use splitbrain_sim::*;

/// A one-node-per-answer store: a get answers `Versions` with the answering node's name as the value and a
/// context naming the op; a put answers with the context it was handed, so the trace shows what arrived.
#[derive(Clone, Debug)]
struct Contexts {
    id: NodeId,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct NoOptions {}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Nothing;
impl Label for Nothing {
    fn label(&self) -> String {
        "nothing".into()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct NoTimer;
impl Label for NoTimer {
    fn label(&self) -> String {
        "none".into()
    }
}

impl Protocol for Contexts {
    type Msg = Nothing;
    type Timer = NoTimer;
    type Persistent = ();
    type Note = Nothing;
    type Options = NoOptions;
    const NAME: &'static str = "contexts";

    fn new(info: &ClusterInfo, _: &NoOptions, _: Option<&()>) -> Self {
        Contexts { id: info.id }
    }
    fn on_start(&mut self, _: LocalTime, _: &mut Out<Self>) {}
    fn on_message(&mut self, _: LocalTime, _: NodeId, _: Nothing, _: &mut Out<Self>) {}
    fn on_timer(&mut self, _: LocalTime, _: NoTimer, _: &mut Out<Self>) {}
    fn on_client_request(&mut self, _: LocalTime, op: OpId, req: &ClientOp, out: &mut Out<Self>) {
        let response = match req {
            ClientOp::Get { .. } => ClientResponse::Versions {
                values: vec![self.id.to_string()],
                context: format!("ctx-{op}"),
            },
            ClientOp::Put { context, .. } => ClientResponse::Ok {
                value: context.clone(),
            },
            _ => ClientResponse::Fail {
                reason: "not served".into(),
            },
        };
        out.reply(op, response);
    }
}

fn client(at_us: u64, node: u32, op: ClientOp, session: Option<u32>) -> Scheduled {
    Scheduled {
        at_us,
        action: Action::Client {
            node: NodeId(node),
            op,
            session,
        },
    }
}

fn put(key: &str) -> ClientOp {
    ClientOp::Put {
        key: key.into(),
        value: "v".into(),
        context: None,
    }
}

fn get(key: &str) -> ClientOp {
    ClientOp::Get { key: key.into() }
}

/// Runs the schedule; returns each op's (node it went to, request as invoked, outcome).
fn run(schedule: Vec<Scheduled>, sticky: bool) -> Vec<(NodeId, ClientOp, Option<ClientOutcome>)> {
    let mut sc = Scenario::new::<Contexts>(3, 1);
    sc.client.sticky_sessions = sticky;
    sc.schedule = schedule;
    sc.duration_us = 1_000_000;
    let mut tl: Timeline<Contexts, NoChecker> = Timeline::new(&sc).unwrap();
    tl.run_until(SimTime(1_000_000));
    tl.sim()
        .ops()
        .map(|o| (o.target, o.request.clone(), o.outcome.cloned()))
        .collect()
}

#[test]
fn a_sessions_put_carries_the_context_of_its_last_read_of_that_key() {
    let ops = run(
        vec![
            client(1_000, 0, get("x"), Some(1)),
            client(50_000, 1, put("x"), Some(1)),
            client(60_000, 1, put("y"), Some(1)),
            client(70_000, 1, put("x"), Some(2)),
            client(80_000, 1, put("x"), None),
        ],
        false,
    );
    let contexts: Vec<Option<String>> = ops
        .iter()
        .map(|(_, req, _)| match req {
            ClientOp::Put { context, .. } => context.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(
        contexts,
        vec![None, Some("ctx-op0".into()), None, None, None],
        "only session 1's next put of x carries the context of its read of x"
    );
    assert_eq!(
        ops[1].2,
        Some(ClientOutcome::Ok {
            value: Some("ctx-op0".into())
        }),
        "the node received it"
    );
    assert_eq!(
        ops[0].2,
        Some(ClientOutcome::Versions {
            values: vec!["n1".into()],
            context: "ctx-op0".into()
        })
    );
}

#[test]
fn an_explicit_context_is_kept() {
    let mut explicit = put("x");
    if let ClientOp::Put { context, .. } = &mut explicit {
        *context = Some("mine".into());
    }
    let ops = run(
        vec![
            client(1_000, 0, get("x"), Some(1)),
            client(50_000, 0, explicit, Some(1)),
        ],
        false,
    );
    assert!(matches!(&ops[1].1, ClientOp::Put { context: Some(c), .. } if c == "mine"));
}

#[test]
fn sticky_sessions_go_to_the_node_of_their_first_operation() {
    let schedule = || {
        vec![
            client(1_000, 2, get("x"), Some(1)),
            client(50_000, 0, get("x"), Some(1)),
            client(60_000, 1, get("x"), Some(2)),
            client(70_000, 0, get("x"), Some(2)),
            client(80_000, 0, get("x"), None),
        ]
    };
    let nodes = |ops: Vec<(NodeId, ClientOp, Option<ClientOutcome>)>| -> Vec<u32> {
        ops.iter().map(|(n, _, _)| n.0).collect()
    };
    assert_eq!(nodes(run(schedule(), false)), vec![2, 0, 1, 0, 0]);
    assert_eq!(nodes(run(schedule(), true)), vec![2, 2, 1, 1, 0]);
}

#[test]
fn a_session_number_out_of_range_is_refused_with_its_path() {
    let mut sc = Scenario::new::<Contexts>(3, 1);
    sc.schedule = vec![client(1_000, 0, get("x"), Some(5_000))];
    let err = Timeline::<Contexts, NoChecker>::new(&sc)
        .unwrap_err()
        .to_string();
    assert!(err.contains("schedule[0].action.session"), "{err}");
    assert!(err.contains("0 to 999"), "{err}");
}

#[test]
fn absurd_counter_and_set_operations_are_refused() {
    for (op, says) in [
        (
            ClientOp::Increment {
                key: "c".into(),
                by: 0,
            },
            "between 1 and",
        ),
        (
            ClientOp::Decrement {
                key: "c".into(),
                by: MAX_COUNTER_STEP + 1,
            },
            "between 1 and",
        ),
        (
            ClientOp::Add {
                key: "s".into(),
                element: " ".into(),
            },
            "needs an element",
        ),
        (ClientOp::Get { key: String::new() }, "needs a key"),
    ] {
        assert!(op.problem().is_some_and(|p| p.contains(says)), "{op:?}");
    }
    let op: ClientOp = serde_json::from_str(r#"{"type":"increment","key":"likes"}"#).unwrap();
    assert_eq!(op.describe(), "increment likes");
    assert!(op.problem().is_none());
}
