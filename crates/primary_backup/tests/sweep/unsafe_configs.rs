//! Each unsafe configuration, and the teaching mutant, must be caught by the random-fault sweep: a safety
//! violation (Lost Acknowledged Write, Split Brain), a linearizability violation, or a stale read. The
//! number of seeds it took is printed, and bounded.

use super::*;
use splitbrain_sim::seeds::assert_caught_n;

pub const UNSAFE: [Config; 7] = [
    Config {
        name: "async-majority",
        replication: Replication::Async,
        failover: Failover::Majority,
        reads: Reads::Primary,
        mutant: None,
        sizes: &[3, 5],
    },
    Config {
        name: "semi-sync-majority-5",
        replication: Replication::SemiSync,
        failover: Failover::Majority,
        reads: Reads::Primary,
        mutant: None,
        sizes: &[4, 5],
    },
    Config {
        name: "sync-naive",
        replication: Replication::Sync,
        failover: Failover::Naive,
        reads: Reads::Primary,
        mutant: None,
        sizes: &[3, 5],
    },
    Config {
        name: "semi-sync-fencing",
        replication: Replication::SemiSync,
        failover: Failover::Fencing,
        reads: Reads::Primary,
        mutant: None,
        sizes: &[3, 5],
    },
    Config {
        name: "reads-any-node",
        replication: Replication::Sync,
        failover: Failover::Majority,
        reads: Reads::AnyNode,
        mutant: None,
        sizes: &[3, 5],
    },
    Config {
        name: "reads-primary-local",
        replication: Replication::Sync,
        failover: Failover::Majority,
        reads: Reads::PrimaryLocal,
        mutant: None,
        sizes: &[3, 5],
    },
    Config {
        name: "mutant-no-fencing",
        replication: Replication::SemiSync,
        failover: Failover::Majority,
        reads: Reads::Primary,
        mutant: Some(Mutant::NoFencing),
        sizes: &[3],
    },
];

/// Searches seeds in order, at most `limit`, until one catches the configuration.
fn hunt_and_report(name: &str, limit: u64) {
    let config = UNSAFE.iter().find(|c| c.name == name).expect("a config");
    assert_caught_n(name, limit, 1, |seed| {
        let outcome = run_scenario(&generate(seed, config), false);
        outcome.caught().then(|| outcome.describe())
    });
}

#[test]
fn asynchronous_replication_is_caught() {
    hunt_and_report("async-majority", 500);
}

#[test]
fn semi_synchronous_replication_on_five_nodes_is_caught() {
    hunt_and_report("semi-sync-majority-5", 2_000);
}

#[test]
fn naive_failover_is_caught() {
    hunt_and_report("sync-naive", 2_000);
}

#[test]
fn fencing_without_a_majority_is_caught() {
    hunt_and_report("semi-sync-fencing", 2_000);
}

#[test]
fn reads_at_any_node_are_caught() {
    hunt_and_report("reads-any-node", 500);
}

#[test]
fn unconfirmed_reads_at_the_primary_are_caught() {
    hunt_and_report("reads-primary-local", 2_000);
}

#[test]
fn mutant_no_fencing_is_caught() {
    hunt_and_report("mutant-no-fencing", 2_000);
}
