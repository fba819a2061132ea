//! A short, stable fingerprint of a trace's bytes, so two runs can be compared at a glance (the CLI prints
//! it) and golden files can pin many long traces without checking megabytes of JSON in.

/// FNV-1a, 64 bit: the same value on every platform and in wasm. Not cryptographic; it only has to make an
/// accidental difference between two traces visible.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u64::from(*b)).wrapping_mul(PRIME))
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn matches_the_published_fnv1a_vectors() {
        assert_eq!(fingerprint(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fingerprint(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
