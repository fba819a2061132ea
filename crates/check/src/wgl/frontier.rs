//! The depth-first search itself: extend a partial linearization one operation at a time, backtrack when
//! stuck, and never explore the same (linearized set, register value) twice.

use super::entries::{Entries, NIL};
use super::{step, RegOp, Search, Value, MISSING};
use crate::bitset::Bitset;
use std::collections::HashSet;

/// One operation taken, and what else could have been taken instead at that point.
struct Frame {
    call: usize,
    before: Value,
    /// A forced read has no alternatives worth trying (see `forced_read`).
    forced: bool,
    /// Call entries not yet tried at the state below this frame, the next to try last.
    untried: Vec<usize>,
}

struct OutOfBudget;

/// The search's whole state: the list with the linearized operations lifted out, which ones those are, and the
/// register value they leave behind.
struct Frontier<'a, T> {
    ops: &'a [RegOp<T>],
    list: Entries,
    linearized: Bitset,
    state: Value,
    stack: Vec<Frame>,
    /// Operations that returned, must be explained and are not linearized yet. The others may never take
    /// effect (or, past `required`, need not be explained), so once this is zero the history is explained
    /// whatever they do.
    owed: usize,
    /// `ops[..required]` must be explained; the rest may be linearized if that helps.
    required: usize,
    // Only ever asked "seen before?", never iterated, so its hash order cannot leak into the output.
    seen: HashSet<(Bitset, Value)>,
    steps: u64,
    budget: u64,
}

impl<T: Ord + Copy> Frontier<'_, T> {
    /// Linearizes the operation of call entry `call` next, unless the register refuses it or the resulting
    /// state was explored before. `untried` are the alternatives to come back to.
    fn try_lift(
        &mut self,
        call: usize,
        forced: bool,
        untried: &mut Vec<usize>,
    ) -> Result<bool, OutOfBudget> {
        self.steps += 1;
        if self.steps > self.budget {
            return Err(OutOfBudget);
        }
        let op = self.list.op[call];
        let Some(after) = step(self.state, self.ops[op].kind) else {
            return Ok(false);
        };
        self.linearized.set(op);
        if !self.seen.insert((self.linearized.clone(), after)) {
            self.linearized.clear(op);
            return Ok(false);
        }
        self.stack.push(Frame {
            call,
            before: self.state,
            forced,
            untried: std::mem::take(untried),
        });
        self.state = after;
        if self.owes(op) {
            self.owed -= 1;
        }
        self.list.lift(call);
        Ok(true)
    }

    /// Tries the candidates in order until one lifts.
    fn lift_first(&mut self, untried: &mut Vec<usize>) -> Result<bool, OutOfBudget> {
        while let Some(call) = untried.pop() {
            if self.try_lift(call, false, untried)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The operations that may go next: those whose call comes before the first remaining return, i.e. that
    /// nothing still unlinearized had to finish before. Ordered earliest deadline (return) first, so an
    /// operation that may land late (a failed put or cas) is tried only after those that cannot wait, instead
    /// of being placed early and dragging a doomed branch through the rest of the history. Returned reversed,
    /// for popping.
    fn candidates(&self) -> Vec<usize> {
        let mut found = Vec::new();
        let mut entry = self.list.next[self.list.head];
        while entry != NIL && self.list.op[entry] != NIL {
            found.push(entry);
            entry = self.list.next[entry];
        }
        // Return entries are numbered in time order, so the matching return's number is the deadline.
        found.sort_by_key(|&call| std::cmp::Reverse(self.list.matching[call]));
        found
    }

    /// A read that may go next and the register satisfies (a read of its value, or a rejected cas's "not its
    /// expected value"). Taking it at once is always safe: nothing still unlinearized had to come before it
    /// (it is minimal), reads change nothing, and moving a read earlier to a point with the same value keeps
    /// any linearization valid. So if taking it fails, every alternative fails too, and the search need not
    /// try them: this stops concurrent reads multiplying the states.
    fn forced_read(&self) -> Option<usize> {
        let mut entry = self.list.next[self.list.head];
        while entry != NIL && self.list.op[entry] != NIL {
            let kind = self.ops[self.list.op[entry]].kind;
            if kind.is_read() && step(self.state, kind).is_some() {
                return Some(entry);
            }
            entry = self.list.next[entry];
        }
        None
    }

    /// Whether the search must linearize operation `op` before it may stop.
    fn owes(&self, op: usize) -> bool {
        op < self.required && self.ops[op].ret.is_some()
    }

    /// Undoes the last lift; returns its frame.
    fn undo(&mut self) -> Option<Frame> {
        let frame = self.stack.pop()?;
        self.state = frame.before;
        let op = self.list.op[frame.call];
        if self.owes(op) {
            self.owed += 1;
        }
        self.linearized.clear(op);
        self.list.unlift(frame.call);
        Some(frame)
    }

    fn run(&mut self) -> Result<Search, OutOfBudget> {
        loop {
            if self.owed == 0 {
                return Ok(Search::Linearizable);
            }
            let advanced = match self.forced_read() {
                Some(read) => self.try_lift(read, true, &mut Vec::new())?,
                None => {
                    let mut untried = self.candidates();
                    self.lift_first(&mut untried)?
                }
            };
            if advanced {
                continue;
            }
            // Stuck: go back to the latest choice that still has an alternative which lifts.
            loop {
                let Some(mut frame) = self.undo() else {
                    return Ok(Search::NotLinearizable);
                };
                if !frame.forced && self.lift_first(&mut frame.untried)? {
                    break;
                }
            }
        }
    }
}

/// Searches for a linearization of `ops` (a register starting out missing) that explains at least
/// `ops[..required]`, taking at most `budget` steps. Returns the answer and the steps taken.
pub(super) fn run<T: Ord + Copy>(ops: &[RegOp<T>], required: usize, budget: u64) -> (Search, u64) {
    let mut frontier = Frontier {
        ops,
        list: Entries::build(ops),
        linearized: Bitset::new(ops.len()),
        state: MISSING,
        stack: Vec::new(),
        owed: 0,
        required,
        seen: HashSet::new(),
        steps: 0,
        budget,
    };
    frontier.owed = (0..ops.len()).filter(|&op| frontier.owes(op)).count();
    let search = frontier.run().unwrap_or(Search::Exhausted);
    (search, frontier.steps.min(budget))
}
