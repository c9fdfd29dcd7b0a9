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

/// Per-type state of one stream: a handful of struct types in the common
/// case, so the first entries live inline and are found by a linear scan
/// (no allocation, no hashing); past [`INLINE_TYPES`] a hashed index takes
/// over so wide schemas stay O(1).
#[derive(Debug)]
pub(crate) struct TypeTable<V> {
    inline: smallvec::SmallVec<[(TypeId, V); INLINE_TYPES]>,
    spill: TypeMap<V>,
}

/// Types kept inline by a [`TypeTable`].
pub(crate) const INLINE_TYPES: usize = 8;

impl<V> Default for TypeTable<V> {
    fn default() -> Self {
        TypeTable {
            inline: smallvec::SmallVec::new(),
            spill: TypeMap::default(),
        }
    }
}

impl<V> TypeTable<V> {
    /// The entry of `t`, made by `make` on first use.
    #[inline]
    pub(crate) fn get_or_try_insert<E>(
        &mut self,
        t: TypeId,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<&mut V, E> {
        if let Some(i) = self.inline.iter().position(|(k, _)| *k == t) {
            return Ok(&mut self.inline[i].1);
        }
        self.insert_slow(t, make)
    }

    /// Calls `f` on every entry.
    pub(crate) fn for_each_mut(&mut self, mut f: impl FnMut(&mut V)) {
        self.inline.iter_mut().for_each(|(_, v)| f(v));
        self.spill.values_mut().for_each(f);
    }

    #[cold]
    #[inline(never)]
    fn insert_slow<E>(
        &mut self,
        t: TypeId,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<&mut V, E> {
        use std::collections::hash_map::Entry;
        if self.inline.len() < INLINE_TYPES {
            self.inline.push((t, make()?));
            let last = self.inline.len() - 1;
            return Ok(&mut self.inline[last].1);
        }
        match self.spill.entry(t) {
            Entry::Occupied(e) => Ok(e.into_mut()),
            Entry::Vacant(e) => Ok(e.insert(make()?)),
        }
    }
}

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
    fn tables_find_inline_and_spilled_types() {
        fn ids() -> Vec<TypeId> {
            macro_rules! ids { ($($t:ty),*) => { vec![$(TypeId::of::<$t>()),*] } }
            ids!(
                u8,
                u16,
                u32,
                u64,
                i8,
                i16,
                i32,
                i64,
                f32,
                f64,
                bool,
                char,
                String,
                ()
            )
        }
        let mut table: TypeTable<usize> = TypeTable::default();
        for (i, t) in ids().into_iter().enumerate() {
            let v = table.get_or_try_insert::<()>(t, || Ok(i)).unwrap();
            assert_eq!(*v, i);
        }
        for (i, t) in ids().into_iter().enumerate() {
            let v = table.get_or_try_insert::<()>(t, || Err(())).unwrap();
            assert_eq!(*v, i, "found again without making it");
            *v += 100;
        }
        for (i, t) in ids().into_iter().enumerate() {
            assert_eq!(
                *table.get_or_try_insert::<()>(t, || Err(())).unwrap(),
                i + 100
            );
        }
        // a failing `make` inserts nothing
        let mut table: TypeTable<usize> = TypeTable::default();
        assert!(table
            .get_or_try_insert(TypeId::of::<u8>(), || Err("no"))
            .is_err());
        assert_eq!(
            *table
                .get_or_try_insert::<()>(TypeId::of::<u8>(), || Ok(7))
                .unwrap(),
            7
        );
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
