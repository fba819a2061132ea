//! The time-ordered list of call and return entries the search lifts operations out of.

use super::RegOp;

pub(super) const NIL: usize = usize::MAX;

/// The doubly linked list of entries the search lifts operations out of (dancing links: a lifted node keeps
/// its own pointers, so re-inserting in reverse order restores the list exactly).
pub(super) struct Entries {
    pub next: Vec<usize>,
    prev: Vec<usize>,
    /// For a call node, its operation; for a return node, `NIL`.
    pub op: Vec<usize>,
    /// For a call node, its return node.
    pub matching: Vec<usize>,
    pub head: usize,
}

impl Entries {
    pub fn build<T: Ord + Copy>(ops: &[RegOp<T>]) -> Entries {
        // (time, is_return, op): at equal times calls come first, so touching intervals count as concurrent,
        // which only ever makes the checker more permissive, never wrongly strict.
        let mut order: Vec<(Option<T>, bool, usize)> = Vec::with_capacity(ops.len() * 2);
        for (i, op) in ops.iter().enumerate() {
            order.push((Some(op.call), false, i));
            order.push((op.ret, true, i));
        }
        // `None` (never returns) sorts after every real time.
        order.sort_by_key(|&(time, is_return, i)| (time.is_none(), time, is_return, i));
        let n = order.len();
        let head = n;
        let mut next = vec![NIL; n + 1];
        let mut prev = vec![NIL; n + 1];
        let mut op = vec![NIL; n];
        let mut matching = vec![NIL; n];
        let mut return_node = vec![NIL; ops.len()];
        for (node, &(_, is_return, i)) in order.iter().enumerate() {
            if is_return {
                return_node[i] = node;
            }
        }
        let mut last = head;
        for (node, &(_, is_return, i)) in order.iter().enumerate() {
            if !is_return {
                op[node] = i;
                matching[node] = return_node[i];
            }
            next[last] = node;
            prev[node] = last;
            last = node;
        }
        Entries {
            next,
            prev,
            op,
            matching,
            head,
        }
    }

    fn unlink(&mut self, x: usize) {
        let (p, n) = (self.prev[x], self.next[x]);
        self.next[p] = n;
        if n != NIL {
            self.prev[n] = p;
        }
    }

    fn relink(&mut self, x: usize) {
        let (p, n) = (self.prev[x], self.next[x]);
        self.next[p] = x;
        if n != NIL {
            self.prev[n] = x;
        }
    }

    pub fn lift(&mut self, call: usize) {
        self.unlink(call);
        self.unlink(self.matching[call]);
    }

    pub fn unlift(&mut self, call: usize) {
        self.relink(self.matching[call]);
        self.relink(call);
    }
}
