//! What an imported history's viewer draws: per key, the verdict, the longest linearizable prefix of its
//! operations and the operations at which that prefix cannot be extended.
//!
//! The prefix is taken in invocation order, as Porcupine's visualisation shows partial linearizations: the
//! first `k` operations of the key are linearizable as a prefix when some order of them, consistent with real
//! time and the register, explains every one of them that completed, with the help of any later operation
//! that had begun in time (a read may have seen a write invoked after it, while it was still running). Every
//! set of operations that begins in invocation order is closed under real-time precedence (an operation that
//! finished before another began was also invoked before it), so such an order is exactly one of the partial
//! linearizations a Wing–Gong search explores. Being linearizable as a prefix is therefore monotone in `k`,
//! and a binary search over `k` finds the longest prefix in a logarithmic number of searches.

use crate::explain::explain;
use crate::history::{History, Op};
use crate::linearizability::{check_key, intern, register_op, KeyOutcome, INVARIANT};
use crate::wgl::{search_partial, RegOp, Search};
use splitbrain_sim::{OpId, Violation};

/// The analysis of one key's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyAnalysis {
    pub key: String,
    pub outcome: KeyOutcome,
    /// The longest prefix of the key's operations, in invocation order, shown to be linearizable: the whole
    /// history if it is linearizable; if inconclusive, the longest prefix the budget allowed to prove.
    pub linearizable_prefix: Vec<OpId>,
    /// The operation that cannot be linearized after the prefix: the next operation in invocation order (it
    /// completed, and no order of it and everything before it is legal). Empty if the key is linearizable,
    /// or if the budget ran out before that could be shown.
    pub culprits: Vec<OpId>,
    /// Search steps spent on the key, over every search the analysis ran.
    pub steps: u64,
}

/// Analyses every key of `history` (keys in sorted order), allowing `budget` steps for each search (one for
/// the verdict, then a handful for the prefix of a key that is not linearizable).
pub fn analyse(history: &History, budget: u64) -> Vec<KeyAnalysis> {
    history
        .by_key()
        .into_iter()
        .map(|(key, ops)| analyse_key(key, ops, budget))
        .collect()
}

fn analyse_key(key: &str, mut ops: Vec<&Op>, budget: u64) -> KeyAnalysis {
    ops.sort_by_key(|op| op.invoke);
    let values = intern(&ops);
    // `owner[i]`: the position in `ops` of the i-th register operation. Those ops that constrain nothing (a
    // rejected put) have none, and belong to every prefix that reaches them.
    let (owner, reg): (Vec<usize>, Vec<RegOp<_>>) = ops
        .iter()
        .enumerate()
        .filter_map(|(i, op)| Some((i, register_op(op, &values, None)?)))
        .unzip();
    let mut steps = 0;
    // Whether the first `k` operations are linearizable as a prefix.
    let mut prefix_ok = |k: usize| {
        let required = owner.partition_point(|&i| i < k);
        let (found, used) = search_partial(&reg, required, budget);
        steps += used;
        found
    };
    let all: Vec<OpId> = ops.iter().map(|op| op.id).collect();
    let whole = prefix_ok(ops.len());
    if whole == Search::Linearizable {
        return KeyAnalysis {
            key: key.to_string(),
            outcome: KeyOutcome::Linearizable,
            linearizable_prefix: all,
            culprits: Vec::new(),
            steps,
        };
    }
    // `lo` is proven linearizable (the empty prefix always is); `hi` is not (refuted, or out of budget).
    let (mut lo, mut hi, mut hi_refuted) = (0, ops.len(), whole == Search::NotLinearizable);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        match prefix_ok(mid) {
            Search::Linearizable => lo = mid,
            found => (hi, hi_refuted) = (mid, found == Search::NotLinearizable),
        }
    }
    // Operations that constrain nothing never end a prefix, so the failing operation is the last of `hi`, and
    // it completed (an operation that never returned may always not have happened).
    let culprit = hi_refuted.then(|| ops[hi - 1]);
    let outcome = match culprit.and_then(|c| Some((c, c.return_event()?))) {
        // A refuted prefix refutes the whole history, whatever the budget allowed the whole search.
        Some((culprit, event)) => KeyOutcome::NotLinearizable {
            violation: Violation {
                invariant: INVARIANT.into(),
                event,
                message: explain(culprit, &ops),
            },
        },
        None if whole == Search::Exhausted => KeyOutcome::Inconclusive { budget },
        // Refuted as a whole, but a prefix search ran out of budget: fall back on the verdict's own
        // pinpointing, by return order.
        None => check_key(&ops, budget),
    };
    KeyAnalysis {
        key: key.to_string(),
        outcome,
        linearizable_prefix: all[..lo].to_vec(),
        culprits: culprit.map(|op| op.id).into_iter().collect(),
        steps,
    }
}
