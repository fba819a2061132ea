//! Client-history checkers for Splitbrain's key-value store.
//!
//! They read only the clients' view of a trace (`ClientInvoke` and `ClientReturn` events), so they judge any
//! protocol the same way, with no knowledge of its messages or state:
//!
//! - [`linearizability`]: is there one order of all operations, consistent with real time, that a single
//!   register per key would produce? (Wing–Gong/Lowe search, per key.)
//! - [`stale_read`]: gets that returned a value already overwritten before they began; the specific,
//!   easy-to-draw failure the UI marks on the client history and the timeline.
//! - [`lost_write`]: acknowledged writes that even the key's final read no longer reflects.
//! - [`session`]: read-your-writes and monotonic reads, per client session.

pub mod analysis;
mod bitset;
mod explain;
pub mod history;
pub mod linearizability;
pub mod lost_write;
pub mod session;
pub mod stale_read;
mod wgl;

pub use analysis::{analyse, KeyAnalysis};
pub use history::{Completion, History, Op, OpKind, Stamp};
pub use linearizability::{KeyOutcome, KeyVerdict, DEFAULT_BUDGET};
pub use lost_write::{lost_writes, lost_writes_in, LostWrite};
pub use session::{session_anomalies, session_anomalies_in, Guarantee, SessionAnomaly};
pub use stale_read::{stale_reads, stale_reads_in, StaleRead};

use serde::{Deserialize, Serialize};
use splitbrain_sim::{Event, Protocol, Violation};

/// Everything the client-history checkers found in one trace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Linearizability violations, at most one per key, ordered by event.
    pub violations: Vec<Violation>,
    /// Stale gets, ordered by their return event.
    pub stale_reads: Vec<StaleRead>,
    /// Keys whose linearizability search ran out of budget: neither proven correct nor proven broken.
    pub inconclusive_keys: Vec<String>,
}

/// Runs every checker with the default search budget.
pub fn check_all<P: Protocol>(events: &[Event<P>]) -> Report {
    check_all_with_budget(events, DEFAULT_BUDGET)
}

/// Runs every checker, allowing `budget` search steps per key.
pub fn check_all_with_budget<P: Protocol>(events: &[Event<P>], budget: u64) -> Report {
    let history = History::from_events(events);
    let verdicts = linearizability::check_history(&history, budget);
    let inconclusive_keys = verdicts
        .iter()
        .filter(|v| matches!(v.outcome, KeyOutcome::Inconclusive { .. }))
        .map(|v| v.key.clone())
        .collect();
    Report {
        violations: linearizability::violations(&verdicts),
        stale_reads: stale_read::stale_reads_in(&history),
        inconclusive_keys,
    }
}
