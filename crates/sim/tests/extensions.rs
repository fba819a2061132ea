//! What the engine offers protocols beyond messages and timers: random draws handed out through `Out`, a
//! node adjusting its own clock, and the client operations a protocol declares it accepts.

use serde::{Deserialize, Serialize};
use splitbrain_sim::ping::Ping;
use splitbrain_sim::*;

/// Gossips to a random peer on every round and corrects its clock by a scripted step or slew.
#[derive(Clone, Debug)]
struct Gossip {
    info: ClusterInfo,
    /// Peers picked so far, in order: what the tests compare.
    picks: Vec<NodeId>,
    options: GossipOptions,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct GossipOptions {
    #[serde(default)]
    step_us: i64,
    #[serde(default)]
    slew_ppm: i32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Rumour;
impl Label for Rumour {
    fn label(&self) -> String {
        "Rumour".into()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
enum Round {
    Gossip,
}
impl Label for Round {
    fn label(&self) -> String {
        "Gossip".into()
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Picked(NodeId);
impl Label for Picked {
    fn label(&self) -> String {
        "picked".into()
    }
}

impl Protocol for Gossip {
    type Msg = Rumour;
    type Timer = Round;
    type Persistent = ();
    type Note = Picked;
    type Options = GossipOptions;
    const NAME: &'static str = "gossip";
    const CLIENT_OPS: &'static [OpKind] = &[OpKind::Get, OpKind::Cas];

    fn new(info: &ClusterInfo, options: &GossipOptions, _: Option<&()>) -> Self {
        Gossip {
            info: info.clone(),
            picks: Vec::new(),
            options: options.clone(),
        }
    }
    fn on_start(&mut self, _: LocalTime, out: &mut Out<Self>) {
        out.set_timer(Round::Gossip, SimDuration(10_000), SimDuration(10_000));
    }
    fn on_message(&mut self, _: LocalTime, _: NodeId, _: Rumour, _: &mut Out<Self>) {}
    fn on_timer(&mut self, _: LocalTime, _: Round, out: &mut Out<Self>) {
        let peers: Vec<NodeId> = self.info.peers().collect();
        let peer = *out.choose(&peers).expect("a peer");
        self.picks.push(peer);
        out.note(Picked(peer));
        out.send(peer, Rumour);
        if self.options.step_us != 0 {
            out.adjust_clock(ClockAdjust::Step {
                delta_us: self.options.step_us,
            });
        }
        if self.options.slew_ppm != 0 {
            out.adjust_clock(ClockAdjust::Slew {
                ppm: self.options.slew_ppm,
            });
        }
        out.set_timer(Round::Gossip, SimDuration(10_000), SimDuration(10_000));
    }
    fn on_client_request(&mut self, _: LocalTime, op: OpId, _: &ClientOp, out: &mut Out<Self>) {
        out.reply(
            op,
            ClientResponse::Fail {
                reason: "precondition failed".into(),
            },
        );
    }
}

fn picks(seed: u64, until_us: u64) -> Vec<NodeId> {
    let mut tl: Timeline<Gossip, NoChecker> =
        Timeline::new(&Scenario::new::<Gossip>(5, seed)).unwrap();
    tl.run_until(SimTime(until_us));
    tl.sim().node(NodeId(0)).unwrap().picks.clone()
}

#[test]
fn random_draws_come_from_the_seed() {
    assert_eq!(
        picks(7, 500_000),
        picks(7, 500_000),
        "same seed, same choices"
    );
    let a = picks(7, 500_000);
    assert!(a.len() >= 40, "{}", a.len());
    assert!(
        (1..5).all(|p| a.contains(&NodeId(p))),
        "every peer gets picked: {a:?}"
    );
    assert_ne!(a, picks(8, 500_000), "another seed, other choices");
}

#[test]
fn random_draws_replay_after_time_travel() {
    let sc = Scenario::new::<Gossip>(4, 3);
    let mut tl: Timeline<Gossip, NoChecker> = Timeline::new(&sc).unwrap();
    tl.run_until(SimTime(2_000_000));
    let all: Vec<String> = tl.trace().iter().map(|e| format!("{:?}", e.kind)).collect();
    tl.seek(all.len() / 3);
    tl.run_until(SimTime(2_000_000));
    let again: Vec<String> = tl.trace().iter().map(|e| format!("{:?}", e.kind)).collect();
    assert_eq!(all, again);
    let mut fresh: Timeline<Gossip, NoChecker> = Timeline::new(&sc).unwrap();
    fresh.run_until(SimTime(2_000_000));
    assert_eq!(
        fresh.to_trace_file().to_json(),
        tl.to_trace_file().to_json()
    );
}

#[test]
fn a_step_adjustment_jumps_the_local_clock() {
    let mut sc = Scenario::new::<Gossip>(2, 1);
    sc.cluster.options = serde_json::json!({ "step_us": 5000 });
    let mut tl: Timeline<Gossip, NoChecker> = Timeline::new(&sc).unwrap();
    tl.run_until(SimTime(10_000));
    // The first round fired at 10 ms and stepped the clock forward by 5 ms.
    assert_eq!(tl.sim().clock(NodeId(0)).offset_us, 5_000);
    assert_eq!(tl.sim().local_time(NodeId(0)), LocalTime(15_000));
    let set = tl
        .past()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ClockSet { .. }) && e.node == Some(NodeId(0)))
        .count();
    assert_eq!(set, 1, "the adjustment is in the trace");
    // The next round is 10 ms of *local* time later: 5 ms of real time were skipped by the jump.
    tl.run_until(SimTime(20_000));
    assert_eq!(tl.sim().clock(NodeId(0)).offset_us, 10_000);
}

#[test]
fn a_slew_changes_the_rate_without_a_jump() {
    let c = ClockConfig {
        offset_us: 1_234,
        drift_ppm: 50,
    };
    for now in [0u64, 1, 999_999, 7_777_777_777] {
        let t = SimTime(now);
        let slewed = c.adjusted(ClockAdjust::Slew { ppm: -500 }, t);
        assert_eq!(slewed.drift_ppm, -450);
        assert_eq!(slewed.local_at(t), c.local_at(t), "continuous at {now}");
        let later = SimTime(now + 1_000_000);
        assert_eq!(
            slewed.local_at(later).0 - slewed.local_at(t).0,
            1_000_000 - 450,
            "runs 450 ppm slow from then on"
        );
    }
    let extreme = c.adjusted(ClockAdjust::Slew { ppm: i32::MAX }, SimTime(5));
    assert_eq!(extreme.drift_ppm, ClockConfig::MAX_DRIFT_PPM, "bounded");
    let far = c.adjusted(ClockAdjust::Step { delta_us: i64::MAX }, SimTime(5));
    assert_eq!(far.offset_us, ClockConfig::MAX_OFFSET_US, "bounded");
}

#[test]
fn operations_a_protocol_does_not_accept_are_refused_by_name() {
    let mut sc = Scenario::new::<Ping>(3, 1);
    sc.schedule.push(Scheduled {
        at_us: 10,
        action: Action::Client {
            session: None,
            node: NodeId(0),
            op: ClientOp::Cas {
                key: "x".into(),
                expected: "1".into(),
                new: "2".into(),
            },
        },
    });
    let err = sc.validate_for::<Ping>().unwrap_err().to_string();
    assert!(
        err.contains("schedule[0].action.op") && err.contains("`cas`") && err.contains("`ping`"),
        "{err}"
    );
    let mut tl: Timeline<Ping, NoChecker> = Timeline::new(&Scenario::new::<Ping>(3, 1)).unwrap();
    let live = tl.act(Action::Client {
        session: None,
        node: NodeId(1),
        op: ClientOp::Cas {
            key: "x".into(),
            expected: "1".into(),
            new: "2".into(),
        },
    });
    assert!(live.unwrap_err().to_string().contains("put, get"));
}

#[test]
fn a_refusal_is_a_definite_outcome() {
    let mut tl: Timeline<Gossip, NoChecker> =
        Timeline::new(&Scenario::new::<Gossip>(3, 1)).unwrap();
    tl.act(Action::Client {
        session: None,
        node: NodeId(1),
        op: ClientOp::Cas {
            key: "x".into(),
            expected: "1".into(),
            new: "2".into(),
        },
    })
    .unwrap();
    tl.run_until(SimTime(100_000));
    let outcome = tl.past().iter().find_map(|e| match &e.kind {
        EventKind::ClientReturn { outcome, .. } => Some(outcome.clone()),
        _ => None,
    });
    assert_eq!(
        outcome,
        Some(ClientOutcome::Rejected {
            reason: "precondition failed".into()
        })
    );
}
