//! Over seeded random fault schedules of every protocol, the metrics' totals equal what the client panel
//! counts from the session (`Session::ops`), and the per-bucket series add up to the totals.

use splitbrain_metrics::{Input, Metrics, Outcome};
use splitbrain_sim::sweep::{random_schedule, Gen, Plan};
use splitbrain_sim::{Action, ClientOp, ClientOutcome, NodeId, SimTime};

const SEEDS: u64 = 150;

fn plan() -> Plan {
    Plan {
        fault_end_ms: 3_000,
        liveness_ms: 2_000,
        first_ms: (50, 300),
        gap_ms: (30, 250),
        client_slots: 10,
        calm_percent: Some(10),
        drift: true,
        after_heal_ms: (100, 800),
    }
}

#[test]
fn totals_equal_the_client_panels_counts() {
    // Every protocol that serves puts and gets (a protocol without client operations has no totals).
    for entry in splitbrain_registry::protocols().iter().filter(|e| {
        e.face.accepts(splitbrain_sim::OpKind::Put) && e.face.accepts(splitbrain_sim::OpKind::Get)
    }) {
        let nodes = entry
            .default_nodes
            .clamp(entry.face.nodes.0, entry.face.nodes.1);
        for seed in 0..SEEDS {
            let mut g = Gen(seed ^ 0x6d65_7472);
            let mut sc = entry.playground(nodes, seed);
            let mut value = 0u64;
            let cas = entry.face.client_ops.contains(&splitbrain_sim::OpKind::Cas);
            random_schedule(&mut g, &mut sc, &plan(), |g| {
                value += 1;
                let node = NodeId(g.below(nodes as u64) as u32);
                let key = ["x", "y"][g.below(2) as usize].to_string();
                let op = match g.below(if cas { 3 } else { 2 }) {
                    0 => ClientOp::Get { key },
                    1 => ClientOp::Put {
                        context: None,
                        key,
                        value: value.to_string(),
                    },
                    _ => ClientOp::Cas {
                        key,
                        expected: (value - 1).to_string(),
                        new: value.to_string(),
                    },
                };
                Action::Client {
                    session: None,
                    node,
                    op,
                }
            });
            let mut run = entry
                .start(&sc)
                .unwrap_or_else(|e| panic!("{} seed {seed}: {e}", entry.name));
            // Stop part-way for half the seeds: the metrics measure up to the cursor.
            let until = if seed % 2 == 0 {
                sc.duration_us
            } else {
                sc.duration_us / 2
            };
            run.run_until(SimTime(until));
            let m = Metrics::measure(Input::of(&*run));
            let ops = run.ops();
            let panel = |want: fn(Option<&ClientOutcome>) -> bool| {
                ops.iter().filter(|o| want(o.outcome)).count()
            };
            let verdict = splitbrain_metrics::Verdict::judge(run.face(), run.past());
            let s = m.summary(entry.name, verdict, run.violations().len());
            let at = format!("{} seed {seed}", entry.name);
            assert_eq!(s.ops, ops.len(), "{at}: operations");
            assert_eq!(
                s.ok,
                panel(|o| matches!(
                    o,
                    Some(ClientOutcome::Ok { .. } | ClientOutcome::Versions { .. })
                )),
                "{at}: ok"
            );
            assert_eq!(
                s.rejected,
                panel(|o| matches!(o, Some(ClientOutcome::Rejected { .. }))),
                "{at}: rejected"
            );
            assert_eq!(
                s.failed,
                panel(|o| matches!(o, Some(ClientOutcome::Failed { .. }))),
                "{at}: failed"
            );
            assert_eq!(s.pending, panel(|o| o.is_none()), "{at}: pending");
            assert_eq!(
                s.stale_reads,
                splitbrain_check::stale_reads(run.past()).len(),
                "{at}: stale reads"
            );
            // The buckets partition the operations.
            let sum = |f: fn(&splitbrain_metrics::Bucket) -> u32| {
                m.buckets.iter().map(f).sum::<u32>() as usize
            };
            assert_eq!(
                sum(|b| b.answered_of_invoked),
                s.ok + s.rejected,
                "{at}: answered by invocation"
            );
            assert_eq!(
                sum(|b| b.failed_of_invoked),
                s.failed,
                "{at}: failed by invocation"
            );
            assert_eq!(
                sum(|b| b.completed),
                s.ok + s.rejected,
                "{at}: answered by return"
            );
            assert_eq!(
                sum(|b| b.stale_reads),
                s.stale_reads,
                "{at}: stale reads per bucket"
            );
            let sends = run
                .past()
                .iter()
                .filter(|e| e.kind.name() == "send")
                .count();
            assert_eq!(
                m.buckets
                    .iter()
                    .map(|b| b.messages.iter().sum::<u32>() as usize)
                    .sum::<usize>(),
                sends,
                "{at}: sends"
            );
            assert!(m
                .ops
                .iter()
                .all(|o| o.outcome != Outcome::Pending || o.returned.is_none()));
        }
    }
}
