//! The checkers on hand-made traces: what they flag, and what voids a claim.

use splitbrain_clocksync::check::{ERROR_BOUND, EXTERNAL_CONSISTENCY};
use splitbrain_clocksync::{Claim, ClockChecker, ClockSync, Note};
use splitbrain_sim::{
    Checker, ClientOp, ClientResponse, ClockConfig, Event, EventId, EventKind, LocalTime, NodeId,
    OpId, SimTime, Violation,
};

struct Trace {
    checker: ClockChecker,
    violations: Vec<Violation>,
    next: u64,
}

impl Trace {
    fn new() -> Self {
        Trace {
            checker: ClockChecker::default(),
            violations: Vec::new(),
            next: 0,
        }
    }
    /// An event at real time `real` on `node`, whose clock reads `local`.
    fn at(&mut self, real: u64, node: u32, local: i64, kind: EventKind<ClockSync>) {
        let e = Event {
            id: EventId(self.next),
            time: SimTime(real),
            node: Some(NodeId(node)),
            local_time: Some(LocalTime(local)),
            lamport: 0,
            vclock: Default::default(),
            parent: None,
            kind,
        };
        self.next += 1;
        self.checker.observe(&e, &mut self.violations);
    }
    fn claim(&mut self, real: u64, node: u32, local: i64, bound_us: u64, drift_ppm: u32) {
        let claim = Claim {
            bound_us,
            drift_ppm,
        };
        self.at(
            real,
            node,
            local,
            EventKind::Note {
                note: Note::SlewDone { claim },
            },
        );
    }
    fn invariants(&self) -> Vec<&str> {
        self.violations
            .iter()
            .map(|v| v.invariant.as_str())
            .collect()
    }
}

#[test]
fn a_clock_outside_its_claimed_bound_breaks_the_error_bound() {
    let mut t = Trace::new();
    t.claim(1_000_000, 1, 1_005_000, 10_000, 0);
    t.at(1_500_000, 1, 1_509_000, EventKind::Start);
    assert!(t.violations.is_empty(), "9 ms off within ±10 ms");
    t.at(1_600_000, 1, 1_611_000, EventKind::Start);
    assert_eq!(t.invariants(), vec![ERROR_BOUND]);
}

#[test]
fn the_bound_grows_by_the_drift_it_assumes() {
    let mut t = Trace::new();
    // ±1 ms, growing by 10 000 ppm: after 1 s real, ±11 ms.
    t.claim(0, 1, 0, 1_000, 10_000);
    t.at(1_000_000, 1, 1_011_000, EventKind::Start);
    assert!(t.violations.is_empty());
    t.at(1_000_000, 1, 1_011_001, EventKind::Start);
    assert_eq!(t.invariants(), vec![ERROR_BOUND]);
}

#[test]
fn a_clock_fault_voids_the_claim() {
    let mut t = Trace::new();
    t.claim(0, 1, 0, 1_000, 0);
    let clock = ClockConfig {
        offset_us: 500_000,
        drift_ppm: 0,
    };
    t.at(
        10,
        1,
        500_010,
        EventKind::ClockSet {
            clock,
            adjusted: None,
        },
    );
    t.at(20, 1, 500_020, EventKind::Start);
    assert!(t.violations.is_empty());
}

fn committed(t: &mut Trace, real: u64, node: u32, op: u64, ts: i64) {
    let op = OpId(op);
    let put = ClientOp::Put {
        context: None,
        key: "x".into(),
        value: "1".into(),
    };
    t.at(
        real,
        node,
        real as i64,
        EventKind::ClientInvoke {
            session: None,
            op,
            request: put,
        },
    );
    t.at(
        real,
        node,
        real as i64,
        EventKind::ClientRequest { op, attempt: 1 },
    );
    let note = Note::Committed {
        op,
        ts_us: ts,
        waited_us: 0,
    };
    t.at(real, node, real as i64, EventKind::Note { note });
    let response = ClientResponse::Ok { value: None };
    t.at(
        real,
        node,
        real as i64,
        EventKind::ClientReply { op, response },
    );
}

#[test]
fn a_later_transaction_with_an_earlier_timestamp_breaks_external_consistency() {
    let mut t = Trace::new();
    t.claim(0, 1, 0, 50_000, 0);
    t.claim(0, 2, 0, 50_000, 0);
    committed(&mut t, 1_000_000, 1, 1, 1_040_000);
    committed(&mut t, 1_010_000, 2, 2, 1_050_000);
    assert!(t.violations.is_empty(), "a later timestamp");
    committed(&mut t, 1_020_000, 2, 3, 1_030_000);
    assert_eq!(t.invariants(), vec![EXTERNAL_CONSISTENCY]);
}

#[test]
fn concurrent_transactions_may_be_stamped_in_either_order() {
    let mut t = Trace::new();
    t.claim(0, 1, 0, 50_000, 0);
    // B is invoked at the same instant A is answered: not after it.
    committed(&mut t, 1_000_000, 1, 1, 1_040_000);
    committed(&mut t, 1_000_000, 1, 2, 1_030_000);
    assert!(t.violations.is_empty());
}
