//! The Wing–Gong / Lowe linearizability search for one register, as in Porcupine.
//!
//! The history is a list of call and return entries sorted by time. The search repeatedly picks an operation
//! whose call is still in the list before the first remaining return (a "minimal" operation: nothing still
//! pending had to finish before it started), applies it to the register, and lifts its call and return out of
//! the list. Reaching a return entry means the operation it belongs to should already have been linearized, so
//! the search backtracks. Operations that never return (failed or pending writes) may take effect or not, so
//! the search succeeds as soon as every operation that did return is linearized. Memoising (linearized set,
//! register value) pairs turns the exponential search into something that finishes in milliseconds on
//! realistic histories: two orders that reach the same set with the same register value have the same future.
//!
//! Three refinements keep it fast where plain WGL is not: reads of values nobody could have written fail at
//! once; uncertain writes are dropped or given a deadline when that changes no answer; and the search takes a
//! matching read as soon as it may and tries the other candidates earliest-deadline first (see `frontier`).

mod entries;
mod frontier;
#[cfg(test)]
mod tests;

/// A register value, interned: 0 is "key missing", others index the key's distinct written values.
pub(crate) type Value = u32;
pub(crate) const MISSING: Value = 0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RegKind {
    Write(Value),
    Read(Value),
    /// A read that found anything but this value: what a rejected compare-and-set tells.
    ReadNot(Value),
    /// Compare-and-set: legal only while the register holds `expected`, which it then replaces by `new`.
    Cas {
        expected: Value,
        new: Value,
    },
}

impl RegKind {
    /// The value the operation leaves behind if it takes effect, for those that change the register.
    fn written(self) -> Option<Value> {
        match self {
            RegKind::Write(v) | RegKind::Cas { new: v, .. } => Some(v),
            RegKind::Read(_) | RegKind::ReadNot(_) => None,
        }
    }

    /// Whether placing the operation right after a state holding `v` relies on `v` being there: a read or cas
    /// of `v`, or a read of "not u" for another `u` (which `v` may be what explains).
    fn relies_on(self, v: Value) -> bool {
        match self {
            RegKind::Read(r) | RegKind::Cas { expected: r, .. } => r == v,
            RegKind::ReadNot(u) => u != v,
            RegKind::Write(_) => false,
        }
    }

    /// The value the operation needs the register to hold, for those that need one.
    fn needs(self) -> Option<Value> {
        match self {
            RegKind::Read(v) | RegKind::Cas { expected: v, .. } => Some(v),
            RegKind::Write(_) | RegKind::ReadNot(_) => None,
        }
    }

    fn is_read(self) -> bool {
        matches!(self, RegKind::Read(_) | RegKind::ReadNot(_))
    }
}

/// One operation of a single register. Times are any totally ordered keys; `ret: None` returns never (a failed
/// or pending write, which may take effect arbitrarily late or not at all).
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
        RegKind::ReadNot(v) if v != state => Some(state),
        RegKind::Cas { expected, new } if expected == state => Some(new),
        RegKind::Read(_) | RegKind::ReadNot(_) | RegKind::Cas { .. } => None,
    }
}

/// Searches for a linearization of `ops` (a register starting out missing), taking at most `budget` steps.
pub(crate) fn search<T: Ord + Copy>(ops: &[RegOp<T>], budget: u64) -> Search {
    search_partial(ops, ops.len(), budget).0
}

/// Searches for a partial linearization, in Porcupine's sense, that explains every operation of
/// `ops[..required]`: the others may be linearized too, where that helps (a later write a required read saw),
/// or left out, but real time still binds them. Returns the answer and the search steps taken.
pub(crate) fn search_partial<T: Ord + Copy>(
    ops: &[RegOp<T>],
    required: usize,
    budget: u64,
) -> (Search, u64) {
    if (0..required.min(ops.len())).any(|i| !could_have_been_written(i, ops)) {
        return (Search::NotLinearizable, 0);
    }
    let (ops, required) = bound_uncertain_writes(ops, required);
    frontier::run(&ops, required, budget)
}

/// A completed read (or successful cas) of a value that no other operation had even begun to write by the
/// time it returned can never be explained. Checking it up front turns the commonest garbage reads into an
/// instant answer instead of an exhaustive search. Any write or cas of the value counts, whether or not it
/// could have succeeded: this only has to be necessary, not sufficient.
fn could_have_been_written<T: Ord + Copy>(i: usize, ops: &[RegOp<T>]) -> bool {
    let (Some(v), Some(ret)) = (ops[i].kind.needs(), ops[i].ret) else {
        return true;
    };
    v == MISSING
        || ops
            .iter()
            .enumerate()
            .any(|(j, w)| j != i && w.kind.written() == Some(v) && w.call < ret)
}

/// Tames the writes that never return (failed or pending puts and cas), each of which could otherwise land
/// anywhere after its invocation, or never, and multiply the states the search can reach:
///
/// - if nothing relies on its value (see `RegKind::relies_on`), drop it: removing it from any linearization
///   leaves a valid one, since nothing between it and the next write needed what it wrote, and an operation
///   that never returned may always not have happened;
/// - if it is the only write of its value, it must come before every completed operation that needs that
///   value, so it behaves exactly like a write that returned when the first of those returned (it must be
///   linearized then, as they cannot be without it).
///
/// Only the required operations (`ops[..required]`) set deadlines, since the others need not be explained.
/// Returns the operations kept and how many of them are required (still the first ones).
fn bound_uncertain_writes<T: Ord + Copy>(
    ops: &[RegOp<T>],
    required: usize,
) -> (Vec<RegOp<T>>, usize) {
    let relied_on = |v: Value| ops.iter().any(|r| r.kind.relies_on(v));
    let first_need_return = |v: Value| {
        ops.iter()
            .take(required)
            .filter(|r| r.kind.needs() == Some(v))
            .filter_map(|r| r.ret)
            .min()
    };
    let writers = |v: Value| ops.iter().filter(|w| w.kind.written() == Some(v)).count();
    let bound = |op: &RegOp<T>| match (op.kind.written(), op.ret) {
        (Some(v), None) => {
            if !relied_on(v) {
                return None;
            }
            let ret = if writers(v) == 1 {
                first_need_return(v)
            } else {
                None
            };
            Some(RegOp { ret, ..*op })
        }
        _ => Some(*op),
    };
    let mut kept_required = 0;
    let kept = ops
        .iter()
        .enumerate()
        .filter_map(|(i, op)| {
            let kept = bound(op)?;
            if i < required {
                kept_required += 1;
            }
            Some(kept)
        })
        .collect();
    (kept, kept_required)
}
