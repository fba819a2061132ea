//! A fixed-size set of operation indices: which operations a partial linearization already contains.

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Bitset(Box<[u64]>);

impl Bitset {
    pub fn new(bits: usize) -> Self {
        Bitset(vec![0; bits.div_ceil(64)].into_boxed_slice())
    }

    pub fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    pub fn clear(&mut self, i: usize) {
        self.0[i / 64] &= !(1 << (i % 64));
    }
}

#[cfg(test)]
mod tests {
    use super::Bitset;

    #[test]
    fn set_and_clear_round_trip() {
        let mut b = Bitset::new(130);
        b.set(0);
        b.set(129);
        let mut c = Bitset::new(130);
        c.set(129);
        c.set(0);
        assert_eq!(b, c);
        b.clear(129);
        c.clear(129);
        assert_eq!(b, c);
        assert_ne!(b, Bitset::new(130));
    }
}
