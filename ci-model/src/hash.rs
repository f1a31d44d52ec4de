//! A fast hash for the crate's own maps keyed by short strings from a model
//! (expression texts, job ids, rule patterns). The standard library's SipHash
//! resists collision attacks on keys an attacker chooses; hashing these keys
//! with it was a tenth of validation. A file crafted to collide (`ci-gen fmt`
//! on someone else's workflow) can at worst make one of these maps slow in
//! proportion to its size: the maps are per document, or bounded (the
//! expression-analysis cache keeps at most 4,096 texts).

use std::hash::{BuildHasherDefault, Hasher};

/// The hasher: rustc's "Fx" multiply-rotate step over 8 bytes at a time.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Fx(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` hasher choice: `HashMap<K, V, FastHash>`.
pub(crate) type FastHash = BuildHasherDefault<Fx>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    #[test]
    fn equal_strings_hash_equal_and_near_strings_apart() {
        let h = FastHash::default();
        assert_eq!(h.hash_one("needs.build.outputs.digest"), h.hash_one(String::from("needs.build.outputs.digest")));
        let near = ["matrix.os", "matrix.oS", "matrix.o", "matrix.os ", "xmatrix.os", "github.sha", "github.shb"];
        let hashes: std::collections::HashSet<u64> = near.iter().map(|s| h.hash_one(s)).collect();
        assert_eq!(hashes.len(), near.len());
    }
}
