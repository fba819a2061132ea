//! §4.2 Partitioning: consistent hashing on a ring of 2^32 points. Every node owns `vnodes` tokens (virtual
//! nodes) at the hash of `"n1#0"`, `"n1#1"`, …; a key sits at the hash of its name and belongs to the
//! range ending at the first token clockwise from it. Its preference list (§4.3) is the first N *distinct*
//! nodes met walking clockwise from there; the nodes after them are the stand-ins of a sloppy quorum
//! (§4.6).
//!
//! The hash is FNV-1a (32-bit) followed by MurmurHash3's finaliser: FNV alone leaves names that differ
//! only in their last character ("x", "y"; "n1#0", "n1#1") within 1/256 of the ring of each other, which
//! would put every lecture key in one range and every token of a node side by side.

use splitbrain_sim::NodeId;

/// FNV-1a 32-bit, then MurmurHash3's `fmix32` so that near names land far apart.
pub fn hash(bytes: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in bytes {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^ (h >> 16)
}

/// The ring every node computes identically from the cluster size and `vnodes`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashRing {
    /// (position, node), sorted by position (then node, should two tokens collide).
    pub tokens: Vec<(u32, NodeId)>,
    pub nodes: u32,
    pub replicas: usize,
    /// Each range's walk (every node once, clockwise), computed once: its first N are the preference
    /// list, the rest the stand-ins.
    walks: Vec<Vec<NodeId>>,
}

impl HashRing {
    pub fn new(nodes: u32, vnodes: u32, replicas: u32) -> HashRing {
        let mut tokens: Vec<(u32, NodeId)> = (0..nodes)
            .flat_map(|n| {
                (0..vnodes).map(move |v| (hash(format!("n{}#{v}", n + 1).as_bytes()), NodeId(n)))
            })
            .collect();
        tokens.sort();
        let mut ring = HashRing {
            tokens,
            nodes,
            replicas: replicas as usize,
            walks: Vec::new(),
        };
        ring.walks = (0..ring.tokens.len()).map(|r| ring.walk(r)).collect();
        ring
    }

    pub fn position(key: &str) -> u32 {
        hash(key.as_bytes())
    }

    /// The range (index of the token that ends it) a position falls in: the first token at or after it,
    /// wrapping past the top of the ring.
    pub fn range_of(&self, position: u32) -> usize {
        let i = self.tokens.partition_point(|(p, _)| *p < position);
        if i == self.tokens.len() {
            0
        } else {
            i
        }
    }

    /// Every node once, in the order met walking clockwise from the start of range `range`.
    pub fn walk(&self, range: usize) -> Vec<NodeId> {
        let mut seen = Vec::new();
        let len = self.tokens.len();
        for k in 0..len {
            let node = self.tokens[(range + k) % len].1;
            if !seen.contains(&node) {
                seen.push(node);
                if seen.len() == self.nodes as usize {
                    break;
                }
            }
        }
        seen
    }

    /// The first N distinct nodes of range `range` (§4.3).
    pub fn preference_of_range(&self, range: usize) -> Vec<NodeId> {
        self.owners(range).to_vec()
    }

    /// The preference list of range `range`, borrowed.
    pub fn owners(&self, range: usize) -> &[NodeId] {
        self.walks
            .get(range)
            .map_or(&[][..], |w| &w[..self.replicas.min(w.len())])
    }

    pub fn preference(&self, key: &str) -> Vec<NodeId> {
        self.preference_of_range(self.range_of(Self::position(key)))
    }

    /// The nodes after the preference list, in ring order: a sloppy quorum's stand-ins (§4.6).
    pub fn stand_ins(&self, key: &str) -> Vec<NodeId> {
        let w = &self.walks[self.range_of(Self::position(key))];
        w[self.replicas.min(w.len())..].to_vec()
    }

    /// The ranges `node` replicates.
    pub fn ranges_of(&self, node: NodeId) -> Vec<usize> {
        (0..self.tokens.len())
            .filter(|r| self.owners(*r).contains(&node))
            .collect()
    }

    /// The ranges both nodes replicate: what anti-entropy between them compares (§4.7).
    pub fn shared_ranges(&self, a: NodeId, b: NodeId) -> Vec<usize> {
        (0..self.tokens.len())
            .filter(|r| {
                let p = self.owners(*r);
                p.contains(&a) && p.contains(&b)
            })
            .collect()
    }

    /// The nodes `node` shares at least one range with.
    pub fn range_peers(&self, node: NodeId) -> Vec<NodeId> {
        let mut peers: Vec<NodeId> = self
            .ranges_of(node)
            .into_iter()
            .flat_map(|r| self.owners(r).to_vec())
            .filter(|n| *n != node)
            .collect();
        peers.sort();
        peers.dedup();
        peers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s4_2_a_preference_list_holds_n_distinct_nodes_clockwise() {
        let ring = HashRing::new(5, 3, 3);
        assert_eq!(ring.tokens.len(), 15);
        for key in ["x", "y", "z", "cart", "k7"] {
            let p = ring.preference(key);
            assert_eq!(p.len(), 3);
            let mut d = p.clone();
            d.sort();
            d.dedup();
            assert_eq!(d.len(), 3, "{key}: {p:?}");
            let rest = ring.stand_ins(key);
            assert_eq!(rest.len(), 2);
            assert!(rest.iter().all(|n| !p.contains(n)));
        }
    }

    #[test]
    fn s4_2_near_names_spread_over_the_ring() {
        // FNV alone would put "k0".."k99" (and "n1#0".."n1#2") side by side in one range.
        let ring = HashRing::new(5, 3, 3);
        let mut ranges: Vec<usize> = (0..100)
            .map(|i| ring.range_of(HashRing::position(&format!("k{i}"))))
            .collect();
        ranges.sort();
        ranges.dedup();
        assert!(ranges.len() >= 12, "{ranges:?}");
        for n in 0..5 {
            let mine: Vec<u32> = ring
                .tokens
                .iter()
                .filter(|(_, t)| t.0 == n)
                .map(|(p, _)| *p)
                .collect();
            assert!(
                mine.windows(2).all(|w| w[1] - w[0] > 1 << 24),
                "n{}: {mine:?}",
                n + 1
            );
        }
    }
}
