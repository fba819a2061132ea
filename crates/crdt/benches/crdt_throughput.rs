//! Throughput of the CRDT replicas in the simulator: 5 replicas gossiping every 300 ms while clients send
//! an update every 20 ms of simulated time (600 s; the OR-set 60 s, see `main`) (to the next replica round the cluster, over 4 keys), with the
//! checker watching every event, for each data type. Reports simulated events per second of native
//! wall-clock time.
//!
//! `cargo bench -p splitbrain-crdt --bench crdt_throughput`

use splitbrain_crdt::{Crdt, CrdtChecker, GCounter, LwwRegister, OrSet, PnCounter, Replica};
use splitbrain_sim::bench::throughput;
use splitbrain_sim::{Action, ClientOp, NodeId, Scenario, Scheduled};

const NODES: u32 = 5;

fn op<C: Crdt>(i: u64) -> ClientOp {
    let key = format!("k{}", i % 4);
    match C::NAME {
        "g-counter" => ClientOp::Increment { key, by: 1 },
        "pn-counter" if i.is_multiple_of(3) => ClientOp::Decrement { key, by: 1 },
        "pn-counter" => ClientOp::Increment { key, by: 2 },
        "or-set" if i.is_multiple_of(3) => ClientOp::Remove {
            key,
            element: format!("e{}", i % 7),
        },
        "or-set" => ClientOp::Add {
            key,
            element: format!("e{}", i % 7),
        },
        _ => ClientOp::Put {
            key,
            value: i.to_string(),
            context: None,
        },
    }
}

fn bench<C: Crdt>(sim_seconds: u64) {
    let mut sc = Scenario::new::<Replica<C>>(NODES, 42);
    sc.duration_us = sim_seconds * 1_000_000;
    let mut i = 0;
    let mut t = 100_000;
    while t < sc.duration_us {
        sc.schedule.push(Scheduled {
            at_us: t,
            action: Action::Client {
                node: NodeId((i % NODES as u64) as u32),
                op: op::<C>(i),
                session: None,
            },
        });
        i += 1;
        t += 20_000;
    }
    let (events, best) = throughput::<Replica<C>, CrdtChecker<C>>(&sc, 3);
    println!(
        "crdt_throughput: {:.0} events/s ({events} events in {best:.3} s; {}, {NODES} replicas, an update every 20 ms over 4 keys for {sim_seconds} s simulated, checker on)",
        events as f64 / best,
        C::TITLE
    );
}

fn main() {
    bench::<GCounter>(600);
    bench::<PnCounter>(600);
    // Tombstones are never collected, so an OR-set's state (and every gossip and note) grows with its
    // history: a shorter run, or the figure measures the history's length.
    bench::<OrSet>(60);
    bench::<LwwRegister>(600);
}
