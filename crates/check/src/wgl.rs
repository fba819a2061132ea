//! The Wing–Gong / Lowe linearizability search for one register, as in Porcupine.
//!
//! The history is a list of call and return entries sorted by time. The search repeatedly picks an operation
//! whose call is still in the list before the first remaining return (a "minimal" operation: nothing still
//! pending had to finish before it started), applies it to the register, and lifts its call and return out of
//! the list. Reaching a return entry means the operation it belongs to should already have been linearized, so
//! the search backtracks. Memoising (linearized set, register value) pairs turns the exponential search into
//! something that finishes in milliseconds on realistic histories: two orders that reach the same set with the
//! same register value have the same future.
//!
//! Three refinements keep it fast where plain WGL is not: reads of values nobody could have written fail at
//! once; failed and pending puts are dropped or given a deadline when that changes no answer; and the search
//! takes a matching read as soon as it may and tries the other candidates earliest-deadline first (see
//! `frontier`).

mod entries;
mod frontier;

/// A register value, interned: 0 is "key missing", others index the key's distinct written values.
pub(crate) type Value = u32;
pub(crate) const MISSING: Value = 0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RegKind {
    Write(Value),
    Read(Value),
}

/// One operation of a single register. Times are any totally ordered keys; `ret: None` returns never (a failed
/// or pending write, which may take effect arbitrarily late).
#[derive(Clone, Copy, Debug)]
pub(crate) struct RegOp<T> {
    pub call: T,
    pub ret: Option<T>,
    pub kind: RegKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Search {
    Linearizable,
    NotLinearizable,
    /// Gave up after `budget` steps without an answer either way.
    Exhausted,
}

fn step(state: Value, kind: RegKind) -> Option<Value> {
    match kind {
        RegKind::Write(v) => Some(v),
        RegKind::Read(v) if v == state => Some(state),
        RegKind::Read(_) => None,
    }
}

/// Searches for a linearization of `ops` (a register starting out missing), taking at most `budget` steps.
pub(crate) fn search<T: Ord + Copy>(ops: &[RegOp<T>], budget: u64) -> Search {
    if ops.iter().any(|op| !could_have_been_written(op, ops)) {
        return Search::NotLinearizable;
    }
    let ops = bound_uncertain_writes(ops);
    frontier::run(&ops, budget)
}

/// A read of a value that no write had even begun to write by the time the read returned can never be
/// explained. Checking it up front turns the commonest garbage reads into an instant answer instead of an
/// exhaustive search.
fn could_have_been_written<T: Ord + Copy>(op: &RegOp<T>, ops: &[RegOp<T>]) -> bool {
    let (RegKind::Read(v), Some(ret)) = (op.kind, op.ret) else {
        return true;
    };
    v == MISSING
        || ops
            .iter()
            .any(|w| w.kind == RegKind::Write(v) && w.call < ret)
}

/// Tames the writes that never return (failed or pending puts), each of which could otherwise land anywhere
/// after its invocation and multiply the states the search can reach:
///
/// - if nobody read its value, drop it: it can always be linearized last, where it changes nothing, and
///   removing it from any linearization leaves a valid one (no read sat between it and the next write);
/// - if it is the only write of its value, it must come before every read of that value, so it behaves
///   exactly like a write that returned when the first of those reads returned.
fn bound_uncertain_writes<T: Ord + Copy>(ops: &[RegOp<T>]) -> Vec<RegOp<T>> {
    let first_read_return = |v: Value| {
        ops.iter()
            .filter(|r| r.kind == RegKind::Read(v))
            .filter_map(|r| r.ret)
            .min()
    };
    let writers = |v: Value| ops.iter().filter(|w| w.kind == RegKind::Write(v)).count();
    ops.iter()
        .filter_map(|op| match (op.kind, op.ret) {
            (RegKind::Write(v), None) => {
                let seen_by = first_read_return(v)?;
                let ret = if writers(v) == 1 { Some(seen_by) } else { None };
                Some(RegOp { ret, ..*op })
            }
            _ => Some(*op),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(call: u32, ret: u32, v: Value) -> RegOp<u32> {
        RegOp {
            call,
            ret: Some(ret),
            kind: RegKind::Write(v),
        }
    }

    fn r(call: u32, ret: u32, v: Value) -> RegOp<u32> {
        RegOp {
            call,
            ret: Some(ret),
            kind: RegKind::Read(v),
        }
    }

    #[test]
    fn empty_history_is_linearizable() {
        assert_eq!(search::<u32>(&[], 10), Search::Linearizable);
    }

    #[test]
    fn concurrent_write_may_be_seen_or_not() {
        assert_eq!(
            search(&[w(0, 10, 1), r(1, 2, 1)], 100),
            Search::Linearizable
        );
        assert_eq!(
            search(&[w(0, 10, 1), r(1, 2, MISSING)], 100),
            Search::Linearizable
        );
        assert_eq!(
            search(&[w(0, 10, 1), r(11, 12, MISSING)], 100),
            Search::NotLinearizable
        );
    }

    #[test]
    fn never_returning_write_can_land_late() {
        let late = RegOp {
            call: 0,
            ret: None,
            kind: RegKind::Write(2),
        };
        assert_eq!(
            search(&[late, w(1, 2, 1), r(5, 6, 1), r(7, 8, 2)], 100),
            Search::Linearizable
        );
        assert_eq!(
            search(&[late, w(1, 2, 1), r(5, 6, 2), r(7, 8, 1)], 100),
            Search::NotLinearizable
        );
    }

    #[test]
    fn budget_exhaustion_is_reported() {
        assert_eq!(search(&[w(0, 10, 1), r(1, 2, 1)], 1), Search::Exhausted);
    }
}
