//! Maps keyed by `TypeId` (or small integer ids) on the hot path, with a
//! hasher that does not rehash what is already a hash.
//!
//! A `TypeId` is itself a hash of the type, so SipHash over it (std's
//! default) only burns cycles; user ids are small integers that need one
//! multiply to spread. Neither key comes from the input: `TypeId`s are the
//! program's own types and the id maps are filled by `register` calls, so
//! hash flooding is not a concern here.

use std::any::TypeId;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A multiplicative hasher for keys that are already well spread
/// (`TypeId`) or small integers (user ids).
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl Hasher for FastHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }

    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(26) ^ v).wrapping_mul(K);
    }

    #[inline]
    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64);
    }

    #[inline]
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
}

/// `BuildHasher` of [`FastHasher`].
pub type FastBuild = BuildHasherDefault<FastHasher>;

/// A map from Rust types to per-type state.
pub type TypeMap<V> = HashMap<TypeId, V, FastBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash_of<T: Hash>(v: &T) -> u64 {
        FastBuild::default().hash_one(v)
    }

    #[test]
    fn distinct_types_and_ids_hash_apart() {
        let ids = [
            TypeId::of::<u8>(),
            TypeId::of::<String>(),
            TypeId::of::<Vec<String>>(),
            TypeId::of::<Option<i64>>(),
        ];
        let hashes: std::collections::HashSet<u64> = ids.iter().map(hash_of).collect();
        assert_eq!(hashes.len(), ids.len());
        let small: std::collections::HashSet<u64> = (0u32..1000).map(|i| hash_of(&i)).collect();
        assert_eq!(small.len(), 1000);
        // the top 7 bits (hashbrown's control byte) vary across small ids
        let tops: std::collections::HashSet<u64> = (0u32..64).map(|i| hash_of(&i) >> 57).collect();
        assert!(tops.len() > 32, "{}", tops.len());
    }

    #[test]
    fn maps_work_with_many_types() {
        let mut m: TypeMap<u32> = TypeMap::default();
        m.insert(TypeId::of::<u8>(), 1);
        m.insert(TypeId::of::<u16>(), 2);
        assert_eq!(m.get(&TypeId::of::<u8>()), Some(&1));
        assert_eq!(m.get(&TypeId::of::<u16>()), Some(&2));
        assert_eq!(m.get(&TypeId::of::<u32>()), None);
    }
}
