//! The list itself.

use crate::{trace, Entry, Lecture};
use splitbrain_broadcast::{Broadcast, BroadcastChecker};
use splitbrain_clocksync::{ClockChecker, ClockSync};
use splitbrain_commit::{CommitChecker, TwoPhaseCommit};
use splitbrain_crdt::{CrdtChecker, GCounter, LwwRegister, OrSet, PnCounter, Replica};
use splitbrain_dynamo::{Dynamo, DynamoChecker};
use splitbrain_election::{Election, ElectionChecker};
use splitbrain_failure_detector::{FailureDetector, FdChecker};
use splitbrain_mutex::{DistMutex, MutexChecker};
use splitbrain_paxos::{MultiPaxos, Paxos, PaxosChecker};
use splitbrain_primary_backup::{PbChecker, PrimaryBackup};
use splitbrain_raft::{Raft, RaftChecker};
#[cfg(not(target_arch = "wasm32"))]
use splitbrain_sim::ping::Ping;
#[cfg(not(target_arch = "wasm32"))]
use splitbrain_sim::NoChecker;
use splitbrain_sim::{Checker, Describe, Run, Scenario, Session};
use splitbrain_snapshot::{Snapshot, SnapshotChecker};
use splitbrain_two_generals::{General, GeneralsChecker};

fn start<P: Describe + 'static, C: Checker<P> + Default + 'static>(
    scenario: &Scenario,
) -> Result<Box<dyn Session>, splitbrain_sim::Error> {
    Ok(Box::new(Run::<P, C>::new(scenario)?))
}

fn validate<P: Describe>(scenario: &Scenario) -> Result<(), splitbrain_sim::Error> {
    scenario.validate_for::<P>()
}

fn blank<P: Describe>(nodes: u32, seed: u64) -> Scenario {
    Scenario::new::<P>(nodes, seed)
}

const RAFT_LECTURES: &[Lecture] = &[
    Lecture {
        id: "raft-leader-crash",
        title: "The leader crashes",
        json: include_str!("../../../scenarios/raft/raft-leader-crash.json"),
    },
    Lecture {
        id: "raft-split-vote",
        title: "Split votes (fixed timeouts)",
        json: include_str!("../../../scenarios/raft/raft-split-vote.json"),
    },
    Lecture {
        id: "raft-partition-stale-read",
        title: "Stale read from an old leader",
        json: include_str!("../../../scenarios/raft/raft-partition-stale-read.json"),
    },
    Lecture {
        id: "raft-lease-clock-skew",
        title: "Leader leases and a fast clock",
        json: include_str!("../../../scenarios/raft/raft-lease-clock-skew.json"),
    },
    Lecture {
        id: "raft-cap-partition",
        title: "CAP, measured: one partition, four systems (Compare)",
        json: include_str!("../../../scenarios/raft/raft-cap-partition.json"),
    },
    Lecture {
        id: "raft-figure7",
        title: "Figure 7: log repair",
        json: include_str!("../../../scenarios/raft/raft-figure7.json"),
    },
    Lecture {
        id: "raft-figure8",
        title: "Figure 8: old-term entries",
        json: include_str!("../../../scenarios/raft/raft-figure8.json"),
    },
];

const PAXOS_LECTURES: &[Lecture] = &[
    Lecture {
        id: "paxos-basic",
        title: "One proposer: the two phases",
        json: include_str!("../../../scenarios/paxos/paxos-basic.json"),
    },
    Lecture {
        id: "paxos-dueling-fixed-backoff",
        title: "Dueling proposers livelock (fixed backoff)",
        json: include_str!("../../../scenarios/paxos/paxos-dueling-fixed-backoff.json"),
    },
    Lecture {
        id: "paxos-dueling-random-backoff",
        title: "Randomised backoff ends the duel",
        json: include_str!("../../../scenarios/paxos/paxos-dueling-random-backoff.json"),
    },
    Lecture {
        id: "paxos-proposer-crash",
        title: "The proposer crashes; the next adopts its value",
        json: include_str!("../../../scenarios/paxos/paxos-proposer-crash.json"),
    },
    Lecture {
        id: "paxos-forgetful-acceptor",
        title: "The acceptor that forgets its promise (two values chosen)",
        json: include_str!("../../../scenarios/paxos/paxos-forgetful-acceptor.json"),
    },
];

const MULTI_PAXOS_LECTURES: &[Lecture] = &[Lecture {
    id: "multi-paxos-leader-change",
    title: "Leader change: re-proposal and a no-op gap",
    json: include_str!("../../../scenarios/paxos/multi-paxos-leader-change.json"),
}];

const COMMIT_LECTURES: &[Lecture] = &[
    Lecture {
        id: "commit-basic",
        title: "A commit across two participants",
        json: include_str!("../../../scenarios/commit/commit-basic.json"),
    },
    Lecture {
        id: "commit-no-vote",
        title: "One no vote aborts everywhere",
        json: include_str!("../../../scenarios/commit/commit-no-vote.json"),
    },
    Lecture {
        id: "commit-coordinator-crash-blocks",
        title: "The coordinator crashes: participants block, locks held",
        json: include_str!("../../../scenarios/commit/commit-coordinator-crash-blocks.json"),
    },
    Lecture {
        id: "commit-cooperative-resolves",
        title: "Cooperative termination: a peer knows the decision",
        json: include_str!("../../../scenarios/commit/commit-cooperative-resolves.json"),
    },
    Lecture {
        id: "commit-cooperative-fails",
        title: "Cooperative termination fails: nobody saw the decision",
        json: include_str!("../../../scenarios/commit/commit-cooperative-fails.json"),
    },
    Lecture {
        id: "commit-3pc-coordinator-crash",
        title: "Three-phase commit survives the coordinator crash",
        json: include_str!("../../../scenarios/commit/commit-3pc-coordinator-crash.json"),
    },
    Lecture {
        id: "commit-3pc-partition-split",
        title: "Three-phase commit splits its decision under a partition",
        json: include_str!("../../../scenarios/commit/commit-3pc-partition-split.json"),
    },
    Lecture {
        id: "commit-mutant-log-after-send",
        title: "Mutant: Commit sent before it is logged",
        json: include_str!("../../../scenarios/commit/commit-mutant-log-after-send.json"),
    },
];

const PRIMARY_BACKUP_LECTURES: &[Lecture] = &[
    Lecture {
        id: "pb-sync-backup-down",
        title: "Synchronous replication: a backup down blocks writes",
        json: include_str!("../../../scenarios/primary_backup/pb-sync-backup-down.json"),
    },
    Lecture {
        id: "pb-async-failover-lost-writes",
        title: "Asynchronous failover loses acknowledged writes (GitHub, 2012)",
        json: include_str!("../../../scenarios/primary_backup/pb-async-failover-lost-writes.json"),
    },
    Lecture {
        id: "pb-naive-split-brain",
        title: "Naive failover: split brain and divergent writes",
        json: include_str!("../../../scenarios/primary_backup/pb-naive-split-brain.json"),
    },
    Lecture {
        id: "pb-fencing-old-primary-refused",
        title: "Epochs and fencing: the old primary's writes refused",
        json: include_str!("../../../scenarios/primary_backup/pb-fencing-old-primary-refused.json"),
    },
    Lecture {
        id: "pb-majority-failover",
        title: "Majority failover: no minority, no stale log",
        json: include_str!("../../../scenarios/primary_backup/pb-majority-failover.json"),
    },
];

const ELECTION_LECTURES: &[Lecture] = &[
    Lecture {
        id: "election-bully-leader-crash",
        title: "Bully: the leader crashes",
        json: include_str!("../../../scenarios/election/election-bully-leader-crash.json"),
    },
    Lecture {
        id: "election-bully-highest-returns",
        title: "Bully: the highest id returns and bullies its way back",
        json: include_str!("../../../scenarios/election/election-bully-highest-returns.json"),
    },
    Lecture {
        id: "election-ring",
        title: "Ring: an election round the ring, skipping a crashed node",
        json: include_str!("../../../scenarios/election/election-ring.json"),
    },
    Lecture {
        id: "election-partition",
        title: "A partition gives each side its own leader",
        json: include_str!("../../../scenarios/election/election-partition.json"),
    },
];

const BROADCAST_LECTURES: &[Lecture] = &[
    Lecture {
        id: "broadcast-answer-before-question",
        title: "FIFO is not enough: the answer before the question",
        json: include_str!("../../../scenarios/broadcast/broadcast-answer-before-question.json"),
    },
    Lecture {
        id: "broadcast-causal-holds-back",
        title: "Causal delivery holds the answer back",
        json: include_str!("../../../scenarios/broadcast/broadcast-causal-holds-back.json"),
    },
    Lecture {
        id: "broadcast-fifo-per-sender",
        title: "FIFO per sender: the overtaking message waits",
        json: include_str!("../../../scenarios/broadcast/broadcast-fifo-per-sender.json"),
    },
    Lecture {
        id: "broadcast-total-lamport",
        title: "Total order by Lamport timestamps and acknowledgements",
        json: include_str!("../../../scenarios/broadcast/broadcast-total-lamport.json"),
    },
    Lecture {
        id: "broadcast-total-sequencer",
        title: "Total order by a sequencer",
        json: include_str!("../../../scenarios/broadcast/broadcast-total-sequencer.json"),
    },
];

const MUTEX_LECTURES: &[Lecture] = &[
    Lecture {
        id: "mutex-lamport-contention",
        title: "Lamport's algorithm: two nodes contend",
        json: include_str!("../../../scenarios/mutex/mutex-lamport-contention.json"),
    },
    Lecture {
        id: "mutex-ricart-agrawala-deferred",
        title: "Ricart–Agrawala: deferred replies",
        json: include_str!("../../../scenarios/mutex/mutex-ricart-agrawala-deferred.json"),
    },
    Lecture {
        id: "mutex-paused-holder-fenced",
        title: "The paused lock holder: fencing refuses the stale write",
        json: include_str!("../../../scenarios/mutex/mutex-paused-holder-fenced.json"),
    },
    Lecture {
        id: "mutex-paused-holder-no-fencing",
        title: "The paused lock holder without fencing: a corrupting write",
        json: include_str!("../../../scenarios/mutex/mutex-paused-holder-no-fencing.json"),
    },
];

const SNAPSHOT_LECTURES: &[Lecture] = &[
    Lecture {
        id: "snapshot-money-in-flight",
        title: "A snapshot catches money in flight",
        json: include_str!("../../../scenarios/snapshot/snapshot-money-in-flight.json"),
    },
    Lecture {
        id: "snapshot-concurrent",
        title: "Two snapshots at once",
        json: include_str!("../../../scenarios/snapshot/snapshot-concurrent.json"),
    },
    Lecture {
        id: "snapshot-partition",
        title: "A snapshot across a partition completes after the heal",
        json: include_str!("../../../scenarios/snapshot/snapshot-partition.json"),
    },
    Lecture {
        id: "snapshot-record-after-marker",
        title: "Mutant: recording the channel after the marker, the total is off",
        json: include_str!("../../../scenarios/snapshot/snapshot-record-after-marker.json"),
    },
    Lecture {
        id: "snapshot-not-fifo",
        title: "Without FIFO channels a transfer overtakes the marker",
        json: include_str!("../../../scenarios/snapshot/snapshot-not-fifo.json"),
    },
];

const TWO_GENERALS_LECTURES: &[Lecture] = &[
    Lecture {
        id: "two-generals-reliable",
        title: "Two generals: one messenger on a reliable link",
        json: include_str!("../../../scenarios/two_generals/two-generals-reliable.json"),
    },
    Lecture {
        id: "two-generals-last-messenger-lost",
        title: "Two generals: the last messenger is lost",
        json: include_str!("../../../scenarios/two_generals/two-generals-last-messenger-lost.json"),
    },
    Lecture {
        id: "two-generals-more-rounds",
        title: "Two generals: more rounds and resending do not help",
        json: include_str!("../../../scenarios/two_generals/two-generals-more-rounds.json"),
    },
];

const FAILURE_DETECTOR_LECTURES: &[Lecture] = &[
    Lecture {
        id: "failure-detector-heartbeat-crash-and-pause",
        title: "Heartbeats: a crash detected, and a paused node wrongly suspected",
        json: include_str!(
            "../../../scenarios/failure_detector/failure-detector-heartbeat-crash-and-pause.json"
        ),
    },
    Lecture {
        id: "failure-detector-jitter-fixed-timeout",
        title: "A fixed timeout on a jittery network: false suspicions",
        json: include_str!(
            "../../../scenarios/failure_detector/failure-detector-jitter-fixed-timeout.json"
        ),
    },
    Lecture {
        id: "failure-detector-jitter-phi-accrual",
        title: "Phi-accrual adapts to the jitter: no false suspicion",
        json: include_str!(
            "../../../scenarios/failure_detector/failure-detector-jitter-phi-accrual.json"
        ),
    },
    Lecture {
        id: "failure-detector-swim-indirect-probe",
        title: "SWIM: an indirect probe saves a node behind a broken link",
        json: include_str!(
            "../../../scenarios/failure_detector/failure-detector-swim-indirect-probe.json"
        ),
    },
    Lecture {
        id: "failure-detector-swim-refute-and-crash",
        title: "SWIM: suspicions refuted with higher incarnations, a real crash declared dead",
        json: include_str!(
            "../../../scenarios/failure_detector/failure-detector-swim-refute-and-crash.json"
        ),
    },
];

const CLOCKSYNC_LECTURES: &[Lecture] = &[
    Lecture {
        id: "clocksync-cristian-drift",
        title: "Cristian: a drifting client pulled back every round",
        json: include_str!("../../../scenarios/clocksync/clocksync-cristian-drift.json"),
    },
    Lecture {
        id: "clocksync-ntp-asymmetric",
        title: "NTP: an asymmetric link biases the offset by half the asymmetry",
        json: include_str!("../../../scenarios/clocksync/clocksync-ntp-asymmetric.json"),
    },
    Lecture {
        id: "clocksync-berkeley-outlier",
        title: "Berkeley: the coordinator averages and leaves out a faulty clock",
        json: include_str!("../../../scenarios/clocksync/clocksync-berkeley-outlier.json"),
    },
    Lecture {
        id: "clocksync-truetime-commit-wait",
        title: "TrueTime: commit-wait keeps external consistency under skew",
        json: include_str!("../../../scenarios/clocksync/clocksync-truetime-commit-wait.json"),
    },
    Lecture {
        id: "clocksync-truetime-no-commit-wait",
        title: "TrueTime without commit-wait: a later transaction gets an earlier timestamp",
        json: include_str!("../../../scenarios/clocksync/clocksync-truetime-no-commit-wait.json"),
    },
];

const G_COUNTER_LECTURES: &[Lecture] = &[Lecture {
    id: "crdt-g-counter-sum-merge",
    title: "Mutant: a merge that adds instead of taking the maximum over-counts",
    json: include_str!("../../../scenarios/crdt/crdt-g-counter-sum-merge.json"),
}];

const PN_COUNTER_LECTURES: &[Lecture] = &[Lecture {
    id: "crdt-pn-counter-partition",
    title: "A counter incremented on both sides of a partition converges to the right total",
    json: include_str!("../../../scenarios/crdt/crdt-pn-counter-partition.json"),
}];

const OR_SET_LECTURES: &[Lecture] = &[Lecture {
    id: "crdt-or-set-add-wins",
    title: "A concurrent add and remove of the same element: the add wins",
    json: include_str!("../../../scenarios/crdt/crdt-or-set-add-wins.json"),
}];

const LWW_REGISTER_LECTURES: &[Lecture] = &[Lecture {
    id: "crdt-lww-skewed-clock",
    title: "A skewed clock: the newer write loses",
    json: include_str!("../../../scenarios/crdt/crdt-lww-skewed-clock.json"),
}];

const DYNAMO_LECTURES: &[Lecture] = &[
    Lecture {
        id: "dynamo-stale-read-w1-r1",
        title: "W = R = 1: a read returns a stale value",
        json: include_str!("../../../scenarios/dynamo/dynamo-stale-read-w1-r1.json"),
    },
    Lecture {
        id: "dynamo-quorum-read-latest",
        title: "W + R > N: the read quorum meets the write and returns the latest value",
        json: include_str!("../../../scenarios/dynamo/dynamo-quorum-read-latest.json"),
    },
    Lecture {
        id: "dynamo-lww-skewed-clock",
        title: "Last writer wins with a skewed clock: a newer write is lost",
        json: include_str!("../../../scenarios/dynamo/dynamo-lww-skewed-clock.json"),
    },
    Lecture {
        id: "dynamo-vector-clock-siblings",
        title: "Vector clocks: concurrent writes kept as siblings, merged by the client",
        json: include_str!("../../../scenarios/dynamo/dynamo-vector-clock-siblings.json"),
    },
    Lecture {
        id: "dynamo-sloppy-quorum-handoff",
        title: "A partition: sloppy quorums stay available, hinted handoff repairs after the heal",
        json: include_str!("../../../scenarios/dynamo/dynamo-sloppy-quorum-handoff.json"),
    },
    Lecture {
        id: "dynamo-read-your-writes-no-sticky",
        title: "Without sticky sessions a client does not read its own write",
        json: include_str!("../../../scenarios/dynamo/dynamo-read-your-writes-no-sticky.json"),
    },
    Lecture {
        id: "dynamo-read-your-writes-sticky",
        title: "Sticky sessions: the same client reads its own write",
        json: include_str!("../../../scenarios/dynamo/dynamo-read-your-writes-sticky.json"),
    },
];

/// The engine's test protocol is listed natively (the CLI, the tests) but not in the browser, where it is not
/// offered and would cost the site a monomorphised engine of its own.
pub static PROTOCOLS: &[Entry] = &[
    Entry {
        name: "raft",
        title: "Raft",
        chapter: "Consensus",
        summary: "Leader-based consensus with terms and a replicated log (Ongaro & Ousterhout, 2014)",
        listed: true,
        face: &<Raft as Describe>::FACE,
        lectures: RAFT_LECTURES,
        default_nodes: 5,
        start: start::<Raft, RaftChecker>,
        validate: validate::<Raft>,
        blank: blank::<Raft>,
        read_trace: trace::header::<Raft>,
    },
    Entry {
        name: "paxos",
        title: "Paxos",
        chapter: "Consensus",
        summary: "Single-decree Paxos: proposers, acceptors and learners agree on one value (Lamport, Paxos Made Simple)",
        listed: true,
        face: &<Paxos as Describe>::FACE,
        lectures: PAXOS_LECTURES,
        default_nodes: 5,
        start: start::<Paxos, PaxosChecker>,
        validate: validate::<Paxos>,
        blank: blank::<Paxos>,
        read_trace: trace::header::<Paxos>,
    },
    Entry {
        name: "multi-paxos",
        title: "Multi-Paxos",
        chapter: "Consensus",
        summary: "A distinguished proposer runs phase 1 once, then one phase 2 per slot: a replicated key-value log",
        listed: true,
        face: &<MultiPaxos as Describe>::FACE,
        lectures: MULTI_PAXOS_LECTURES,
        default_nodes: 5,
        start: start::<MultiPaxos, PaxosChecker>,
        validate: validate::<MultiPaxos>,
        blank: blank::<MultiPaxos>,
        read_trace: trace::header::<MultiPaxos>,
    },
    Entry {
        name: "two-phase-commit",
        title: "Two-phase commit",
        chapter: "Transactions",
        summary: "Atomic commitment across shards: prepare, vote, decide; presumed abort, cooperative termination and three-phase commit as options (Gray 1978; Skeen 1981)",
        listed: true,
        face: &<TwoPhaseCommit as Describe>::FACE,
        lectures: COMMIT_LECTURES,
        default_nodes: 4,
        start: start::<TwoPhaseCommit, CommitChecker>,
        validate: validate::<TwoPhaseCommit>,
        blank: blank::<TwoPhaseCommit>,
        read_trace: trace::header::<TwoPhaseCommit>,
    },
    Entry {
        name: "primary-backup",
        title: "Primary-backup",
        chapter: "Replication",
        summary: "One primary orders and replicates writes to backups; failover by heartbeats, with or without epochs and a majority (Budhiraja et al., 1993)",
        listed: true,
        face: &<PrimaryBackup as Describe>::FACE,
        lectures: PRIMARY_BACKUP_LECTURES,
        default_nodes: 3,
        start: start::<PrimaryBackup, PbChecker>,
        validate: validate::<PrimaryBackup>,
        blank: blank::<PrimaryBackup>,
        read_trace: trace::header::<PrimaryBackup>,
    },
    Entry {
        name: "election",
        title: "Leader election",
        chapter: "Time and coordination",
        summary: "The bully algorithm (Garcia-Molina, 1982) and the ring algorithm (Chang & Roberts, 1979): the highest live id becomes leader",
        listed: true,
        face: &<Election as Describe>::FACE,
        lectures: ELECTION_LECTURES,
        default_nodes: 5,
        start: start::<Election, ElectionChecker>,
        validate: validate::<Election>,
        blank: blank::<Election>,
        read_trace: trace::header::<Election>,
    },
    Entry {
        name: "mutex",
        title: "Mutual exclusion",
        chapter: "Time and coordination",
        summary: "Distributed mutual exclusion: Lamport's request queue (1978), Ricart–Agrawala's deferred replies (1981), and a lock server with leases and fencing tokens (DDIA ch. 8)",
        listed: true,
        face: &<DistMutex as Describe>::FACE,
        lectures: MUTEX_LECTURES,
        default_nodes: 3,
        start: start::<DistMutex, MutexChecker>,
        validate: validate::<DistMutex>,
        blank: blank::<DistMutex>,
        read_trace: trace::header::<DistMutex>,
    },
    Entry {
        name: "broadcast",
        title: "Logical clocks and ordered broadcast",
        chapter: "Time and coordination",
        summary: "Lamport and vector clocks on every message; delivery in no order, FIFO per sender, causal order (Birman, Schiper & Stephenson, 1991), or total order by Lamport timestamps with acknowledgements (Lamport, 1978) or by a sequencer",
        listed: true,
        face: &<Broadcast as Describe>::FACE,
        lectures: BROADCAST_LECTURES,
        default_nodes: 3,
        start: start::<Broadcast, BroadcastChecker>,
        validate: validate::<Broadcast>,
        blank: blank::<Broadcast>,
        read_trace: trace::header::<Broadcast>,
    },
    Entry {
        name: "failure-detector",
        title: "Failure detection",
        chapter: "Time and coordination",
        summary: "Who is down? Heartbeats with a fixed timeout (Chandra & Toueg, 1996), phi-accrual (Hayashibara et al., 2004) and SWIM's indirect probes, suspicion and incarnations (Das, Gupta & Motivala, 2002)",
        listed: true,
        face: &<FailureDetector as Describe>::FACE,
        lectures: FAILURE_DETECTOR_LECTURES,
        default_nodes: 5,
        start: start::<FailureDetector, FdChecker>,
        validate: validate::<FailureDetector>,
        blank: blank::<FailureDetector>,
        read_trace: trace::header::<FailureDetector>,
    },
    Entry {
        name: "snapshot",
        title: "Distributed snapshots",
        chapter: "Time and coordination",
        summary: "Chandy–Lamport snapshots (1985) of a bank whose money is always moving: markers, recorded balances and channel states, a consistent cut whose total adds up",
        listed: true,
        face: &<Snapshot as Describe>::FACE,
        lectures: SNAPSHOT_LECTURES,
        default_nodes: 3,
        start: start::<Snapshot, SnapshotChecker>,
        validate: validate::<Snapshot>,
        blank: blank::<Snapshot>,
        read_trace: trace::header::<Snapshot>,
    },
    Entry {
        name: "two-generals",
        title: "Two generals",
        chapter: "Time and coordination",
        summary: "Two generals, a lossy link, messengers and acknowledgements: for any number of rounds, losing the last messenger splits them (Akkoyunlu, Ekanadham & Huber, 1975; Gray, 1978)",
        listed: true,
        face: &<General as Describe>::FACE,
        lectures: TWO_GENERALS_LECTURES,
        default_nodes: 2,
        start: start::<General, GeneralsChecker>,
        validate: validate::<General>,
        blank: blank::<General>,
        read_trace: trace::header::<General>,
    },
    Entry {
        name: "clocksync",
        title: "Clock synchronisation",
        chapter: "Time and coordination",
        summary: "Physical clocks kept honest: Cristian's algorithm (1989), the Berkeley algorithm (Gusella & Zatti, 1989), an NTP-style four-timestamp exchange with slewing (Mills, 1991), and TrueTime intervals with commit-wait (Spanner, 2012)",
        listed: true,
        face: &<ClockSync as Describe>::FACE,
        lectures: CLOCKSYNC_LECTURES,
        default_nodes: 3,
        start: start::<ClockSync, ClockChecker>,
        validate: validate::<ClockSync>,
        blank: blank::<ClockSync>,
        read_trace: trace::header::<ClockSync>,
    },
    Entry {
        name: "g-counter",
        title: "G-counter (CRDT)",
        chapter: "Replication",
        summary: "A grow-only counter, one entry per replica, merged by entry-wise maximum and replicated by gossip: a state-based CRDT (Shapiro et al., 2011, specification 6)",
        listed: true,
        face: &<Replica<GCounter> as Describe>::FACE,
        lectures: G_COUNTER_LECTURES,
        default_nodes: 3,
        start: start::<Replica<GCounter>, CrdtChecker<GCounter>>,
        validate: validate::<Replica<GCounter>>,
        blank: blank::<Replica<GCounter>>,
        read_trace: trace::header::<Replica<GCounter>>,
    },
    Entry {
        name: "pn-counter",
        title: "PN-counter (CRDT)",
        chapter: "Replication",
        summary: "Increments and decrements as two grow-only vectors, merged by maximum: available on both sides of a partition, converging after it (Shapiro et al., 2011, specification 7)",
        listed: true,
        face: &<Replica<PnCounter> as Describe>::FACE,
        lectures: PN_COUNTER_LECTURES,
        default_nodes: 4,
        start: start::<Replica<PnCounter>, CrdtChecker<PnCounter>>,
        validate: validate::<Replica<PnCounter>>,
        blank: blank::<Replica<PnCounter>>,
        read_trace: trace::header::<Replica<PnCounter>>,
    },
    Entry {
        name: "or-set",
        title: "OR-set (CRDT)",
        chapter: "Replication",
        summary: "The observed-remove set: unique tags per add, tombstones per remove, union as merge; a concurrent add wins over a remove (Shapiro et al., 2011, specification 15)",
        listed: true,
        face: &<Replica<OrSet> as Describe>::FACE,
        lectures: OR_SET_LECTURES,
        default_nodes: 3,
        start: start::<Replica<OrSet>, CrdtChecker<OrSet>>,
        validate: validate::<Replica<OrSet>>,
        blank: blank::<Replica<OrSet>>,
        read_trace: trace::header::<Replica<OrSet>>,
    },
    Entry {
        name: "lww-register",
        title: "LWW-register (CRDT)",
        chapter: "Replication",
        summary: "A last-writer-wins register stamped by each node's own clock: the larger timestamp wins the merge, so a fast clock beats a later write (Shapiro et al., 2011, specification 8)",
        listed: true,
        face: &<Replica<LwwRegister> as Describe>::FACE,
        lectures: LWW_REGISTER_LECTURES,
        default_nodes: 3,
        start: start::<Replica<LwwRegister>, CrdtChecker<LwwRegister>>,
        validate: validate::<Replica<LwwRegister>>,
        blank: blank::<Replica<LwwRegister>>,
        read_trace: trace::header::<Replica<LwwRegister>>,
    },
    Entry {
        name: "dynamo",
        title: "Dynamo",
        chapter: "Replication",
        summary: "Amazon's Dynamo (DeCandia et al., 2007): a consistent-hashing ring with virtual nodes, N/R/W quorums, vector clocks with siblings or last-writer-wins, sloppy quorums with hinted handoff, read repair and anti-entropy",
        listed: true,
        face: &<Dynamo as Describe>::FACE,
        lectures: DYNAMO_LECTURES,
        default_nodes: 5,
        start: start::<Dynamo, DynamoChecker>,
        validate: validate::<Dynamo>,
        blank: blank::<Dynamo>,
        read_trace: trace::header::<Dynamo>,
    },
    #[cfg(not(target_arch = "wasm32"))]
    Entry {
        name: "ping",
        title: "Ping",
        chapter: "Testing the simulator",
        summary: "The engine's smallest protocol: a ping going round the ring (for testing the simulator)",
        listed: false,
        face: &<Ping as Describe>::FACE,
        lectures: &[],
        default_nodes: 3,
        start: start::<Ping, NoChecker>,
        validate: validate::<Ping>,
        blank: blank::<Ping>,
        read_trace: trace::header::<Ping>,
    },
];
