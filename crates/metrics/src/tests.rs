//! Hand-computed histories: each test builds a few events and checks the numbers a person would get.

use crate::{FaultKind, Input, Metrics, Outcome, Verdict};
use splitbrain_sim::{
    ClientOp, ClientOutcome, ClockConfig, Event, EventId, EventKind, LaneSignal, NetworkChange,
    NodeId, OpId, Scenario, Shown, ShownMsg, ShownNote, SimTime, VectorClock,
};

/// Builds a trace by hand, in time order.
#[derive(Default)]
struct Trace(Vec<Event<Shown>>);

impl Trace {
    fn push(&mut self, t_ms: u64, node: Option<u32>, kind: EventKind<Shown>) -> &mut Self {
        self.0.push(Event {
            id: EventId(self.0.len() as u64),
            time: SimTime(t_ms * 1000),
            node: node.map(NodeId),
            local_time: None,
            lamport: 0,
            vclock: VectorClock::default(),
            parent: None,
            kind,
        });
        self
    }
    fn invoke(&mut self, t_ms: u64, op: u64, request: ClientOp) -> &mut Self {
        self.push(
            t_ms,
            Some(0),
            EventKind::ClientInvoke {
                session: None,
                op: OpId(op),
                request,
            },
        )
    }
    fn put(&mut self, t_ms: u64, op: u64, value: &str) -> &mut Self {
        let request = ClientOp::Put {
            context: None,
            key: "x".into(),
            value: value.into(),
        };
        self.invoke(t_ms, op, request)
    }
    fn get(&mut self, t_ms: u64, op: u64) -> &mut Self {
        self.invoke(t_ms, op, ClientOp::Get { key: "x".into() })
    }
    fn ret(&mut self, t_ms: u64, op: u64, outcome: ClientOutcome) -> &mut Self {
        self.push(
            t_ms,
            Some(0),
            EventKind::ClientReturn {
                op: OpId(op),
                outcome,
            },
        )
    }
    fn ok(&mut self, t_ms: u64, op: u64, value: Option<&str>) -> &mut Self {
        self.ret(
            t_ms,
            op,
            ClientOutcome::Ok {
                value: value.map(str::to_string),
            },
        )
    }
    fn send(&mut self, t_ms: u64, family: u8) -> &mut Self {
        let message = ShownMsg {
            label: "M".into(),
            family,
            tag: "M".into(),
            text: "M".into(),
            heartbeat: false,
        };
        self.push(
            t_ms,
            Some(0),
            EventKind::Send {
                msg: splitbrain_sim::MsgId(0),
                to: NodeId(1),
                deliver_at: SimTime(0),
                message,
            },
        )
    }
    fn signal(&mut self, t_ms: u64, node: u32, signal: LaneSignal) -> &mut Self {
        let note = ShownNote {
            label: "n".into(),
            text: None,
            major: false,
            signals: vec![signal],
        };
        self.push(t_ms, Some(node), EventKind::Note { note })
    }
    fn suspect(&mut self, t_ms: u64, by: u32, of: u32, suspected: bool) -> &mut Self {
        let node = NodeId(of);
        self.signal(t_ms, by, LaneSignal::Suspect { node, suspected })
    }
    fn measure(&self, now_ms: u64, duration_ms: u64) -> Metrics {
        let entry = splitbrain_registry::find("raft").unwrap();
        let mut scenario: Scenario = entry.playground(3, 1);
        scenario.duration_us = duration_ms * 1000;
        Metrics::measure(Input {
            events: &self.0,
            face: entry.face,
            scenario: &scenario,
            nodes: 3,
            now: SimTime(now_ms * 1000),
        })
    }
}

#[test]
fn buckets_are_round_and_at_most_a_hundred() {
    assert_eq!(crate::bucket_width(SimTime(10_000_000)), 100_000);
    assert_eq!(crate::bucket_width(SimTime(3_000_000)), 50_000);
    assert_eq!(crate::bucket_width(SimTime(1)), 10_000);
    let m = Trace::default().measure(1000, 10_000);
    assert_eq!(m.bucket_us, 100_000);
    assert_eq!(
        m.buckets.len(),
        10,
        "buckets reach the cursor, not the axis end"
    );
}

#[test]
fn latency_and_throughput_count_answers_by_return_time() {
    let mut t = Trace::default();
    t.put(0, 1, "a").ok(10, 1, None); // 10 ms
    t.put(20, 2, "b").ok(50, 2, None); // 30 ms
    t.get(60, 3).ok(80, 3, Some("b")); // 20 ms
    let m = t.measure(100, 1000);
    assert_eq!(m.bucket_us, 10_000);
    let latencies: Vec<_> = m.ops.iter().map(|o| o.latency_us()).collect();
    assert_eq!(latencies, vec![Some(10_000), Some(30_000), Some(20_000)]);
    // One answer in the 10–20 ms bucket: 1 per 10 ms is 100/s.
    assert_eq!(m.buckets[1].completed, 1);
    assert!((m.buckets[1].throughput() - 100.0).abs() < 1e-9);
    // The rolling window ending at 90 ms holds all three answers: p50 20 ms, p99 30 ms.
    assert_eq!(m.buckets[8].p50_us, Some(20_000));
    assert_eq!(m.buckets[8].p99_us, Some(30_000));
    // Three answers in the 90 ms the window covers so far.
    assert!((m.buckets[8].rolling_throughput - 3e6 / 90_000.0).abs() < 1e-9);
    let s = m.summary("raft", Verdict::Linearizable, 0);
    assert_eq!((s.ops, s.ok, s.failed), (3, 3, 0));
    assert_eq!(s.p50_us, Some(20_000));
    // Three answers over 100 ms.
    assert!((s.throughput - 30.0).abs() < 1e-9);
}

#[test]
fn availability_buckets_by_invocation_and_counts_refusals_as_answers() {
    let mut t = Trace::default();
    t.put(0, 1, "a").ok(5, 1, None);
    t.invoke(
        1,
        2,
        ClientOp::Cas {
            key: "x".into(),
            expected: "z".into(),
            new: "b".into(),
        },
    )
    .ret(
        6,
        2,
        ClientOutcome::Rejected {
            reason: "x is a".into(),
        },
    );
    t.put(2, 3, "c")
        .ret(30, 3, ClientOutcome::Failed { attempts: 2 });
    t.put(3, 4, "d"); // pending at the cursor: not decided
    let m = t.measure(40, 400);
    // Invoked in the first bucket: two answered, one failed, one pending.
    assert_eq!(m.buckets[0].answered_of_invoked, 2);
    assert_eq!(m.buckets[0].failed_of_invoked, 1);
    let a = m.buckets[0].availability().unwrap();
    assert!((a - 200.0 / 3.0).abs() < 1e-9);
    assert_eq!(m.buckets[1].availability(), None);
    // The rolling line still covers the second bucket: its window holds the first bucket's operations.
    assert!((m.buckets[1].rolling_availability.unwrap() - 200.0 / 3.0).abs() < 1e-9);
    let outcomes: Vec<_> = m.ops.iter().map(|o| o.outcome).collect();
    assert_eq!(
        outcomes,
        vec![
            Outcome::Ok,
            Outcome::Rejected,
            Outcome::Failed,
            Outcome::Pending
        ]
    );
    let s = m.summary("x", Verdict::Linearizable, 0);
    assert_eq!((s.ok, s.rejected, s.failed, s.pending), (1, 1, 1, 1));
    assert_eq!(s.cells()[2], "2", "refusals count as answered");
    assert_eq!(s.cells()[4], "66.7 %");
}

#[test]
fn a_stale_read_is_measured_from_the_overwrite_and_a_final_stale_read_loses_the_write() {
    let mut t = Trace::default();
    t.put(0, 1, "a").ok(10, 1, None);
    t.put(20, 2, "b").ok(30, 2, None);
    t.get(50, 3).ok(60, 3, Some("a")); // b returned at 30, this read began at 50: 20 ms stale
    let m = t.measure(100, 1000);
    assert_eq!(m.ops[2].staleness_us, Some(20_000));
    assert_eq!(m.stale_reads(), 1);
    assert_eq!(m.buckets[6].stale_reads, 1);
    assert_eq!(m.buckets[6].max_staleness_us, 20_000);
    assert!(m.ops[1].lost, "the final read never saw b");
    assert_eq!(m.lost_writes(), 1);
    let face = splitbrain_registry::find("raft").unwrap().face;
    let verdict = Verdict::judge(face, &t.0);
    assert!(matches!(verdict, Verdict::NotLinearizable(ref k) if k == &["x".to_string()]));
    // A later read that sees b repairs it: still one stale read, no lost write.
    t.get(70, 4).ok(80, 4, Some("b"));
    let m = t.measure(100, 1000);
    assert_eq!((m.stale_reads(), m.lost_writes()), (1, 0));
}

#[test]
fn messages_are_counted_per_family_per_second() {
    let mut t = Trace::default();
    t.send(1, 0).send(2, 0).send(3, 1).send(15, 1);
    let m = t.measure(20, 1000);
    assert_eq!(m.buckets[0].messages[..2], [2, 1]);
    assert!((m.buckets[0].messages_per_second(0) - 200.0).abs() < 1e-9);
    assert!((m.buckets[1].all_messages_per_second() - 100.0).abs() < 1e-9);
}

#[test]
fn faults_become_bands_until_undone() {
    let mut t = Trace::default();
    t.push(100, Some(0), EventKind::Crash)
        .push(
            200,
            None,
            EventKind::Network {
                change: NetworkChange::Partition {
                    groups: vec![vec![NodeId(0)], vec![NodeId(1), NodeId(2)]],
                },
            },
        )
        .push(300, Some(0), EventKind::Restart)
        .push(
            400,
            None,
            EventKind::Network {
                change: NetworkChange::Heal,
            },
        )
        .push(
            500,
            Some(2),
            EventKind::ClockSet {
                clock: ClockConfig {
                    offset_us: 50_000,
                    drift_ppm: 0,
                },
                adjusted: None,
            },
        )
        .push(600, Some(1), EventKind::Pause);
    let m = t.measure(700, 1000);
    let bands: Vec<_> = m
        .faults
        .iter()
        .map(|b| {
            (
                b.kind,
                b.from.0 / 1000,
                b.to.map(|t| t.0 / 1000),
                b.label.as_str(),
            )
        })
        .collect();
    assert_eq!(
        bands,
        vec![
            (FaultKind::Crash, 100, Some(300), "crash n1"),
            (
                FaultKind::Partition,
                200,
                Some(400),
                "partition {n1} | {n2 n3}"
            ),
            (FaultKind::Clock, 500, None, "n3 clock +50 ms"),
            (FaultKind::Pause, 600, None, "pause n2"),
        ]
    );
    assert!(m.clocks_vary());
    let n3 = &m.clocks[2].points;
    assert_eq!(n3.first(), Some(&(SimTime(0), 0)));
    assert_eq!(n3.last(), Some(&(SimTime(700_000), 50_000)));
}

#[test]
fn the_csv_has_a_row_per_bucket_and_a_column_per_family() {
    let mut t = Trace::default();
    t.put(0, 1, "a").ok(10, 1, None).send(1, 0);
    let m = t.measure(20, 1000);
    let csv = crate::to_csv(&[("raft, default", &m)]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + m.buckets.len());
    assert!(lines[0].starts_with("system,t_ms,throughput_per_s"));
    assert_eq!(lines[0].split(',').count(), 10 + m.families.len());
    assert!(lines[1].starts_with("\"raft, default\",0,0.000,100.000"));
    assert!(lines[2].starts_with("\"raft, default\",10,100.000,"));
}

#[test]
fn a_suspicion_of_a_crashed_node_is_a_detection_timed_from_the_crash_and_of_a_live_one_a_false_one()
{
    let mut t = Trace::default();
    t.suspect(100, 0, 1, true) // n2 is up: false
        .suspect(150, 0, 1, false)
        .push(200, Some(2), EventKind::Crash)
        .suspect(450, 0, 2, true) // detected after 250 ms
        .suspect(500, 0, 2, true) // the same crash again: not counted twice
        .suspect(700, 1, 2, true) // by n2 after 500 ms
        .push(800, Some(2), EventKind::Restart)
        .suspect(900, 1, 2, true); // n3 is back: false
    let s = t.measure(1000, 1000).suspicions;
    assert!(s.reported);
    let found: Vec<(u32, u32, u64)> = s
        .detections
        .iter()
        .map(|d| (d.by.0, d.crashed.0, d.after_us() / 1000))
        .collect();
    assert_eq!(found, vec![(0, 2, 250), (1, 2, 500)]);
    let wrong: Vec<(u64, u32, u32)> = s
        .false_suspicions
        .iter()
        .map(|f| (f.at.0 / 1000, f.by.0, f.of.0))
        .collect();
    assert_eq!(wrong, vec![(100, 0, 1), (900, 1, 2)]);
}

#[test]
fn a_run_without_suspicions_reports_none() {
    let mut t = Trace::default();
    t.push(200, Some(2), EventKind::Crash);
    let s = t.measure(1000, 1000).suspicions;
    assert!(!s.reported && s.detections.is_empty());
}

#[test]
fn claimed_clock_bounds_and_corrections_are_kept_per_node_and_corrections_are_no_fault() {
    let mut t = Trace::default();
    let bound = |bound_us| LaneSignal::ClockBound {
        bound_us,
        drift_ppm: 100,
    };
    t.signal(100, 1, bound(3_000))
        .push(
            100,
            Some(1),
            EventKind::ClockSet {
                clock: ClockConfig {
                    offset_us: -2_000,
                    drift_ppm: 0,
                },
                adjusted: Some(splitbrain_sim::ClockAdjust::Step { delta_us: -2_000 }),
            },
        )
        .signal(600, 1, bound(1_000));
    let m = t.measure(1000, 1000);
    let n2 = &m.clocks[1];
    assert_eq!(
        n2.bounds,
        vec![
            (SimTime(100_000), 3_000, 100),
            (SimTime(600_000), 1_000, 100)
        ]
    );
    assert_eq!(n2.syncs, vec![SimTime(100_000)]);
    assert!(m.clocks[0].bounds.is_empty());
    assert!(m.clocks_vary());
    assert!(
        m.faults.iter().all(|f| f.kind != FaultKind::Clock),
        "a node's own correction is not a clock fault: {:?}",
        m.faults
    );
}
