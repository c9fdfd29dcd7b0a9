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
use std::sync::atomic::{AtomicU32, Ordering};

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
///
/// A type with a [`TypeSlot`] (every non-generic derived type) skips the
/// scan: its entry sits at the slot's index in a vector.
#[derive(Debug)]
pub(crate) struct TypeTable<V> {
    slots: Vec<Option<V>>,
    /// The indices of `slots` that hold an entry, so that a visit of every
    /// entry does not walk the empty ones (slot numbers are process-wide).
    filled: Vec<u32>,
    inline: smallvec::SmallVec<[(TypeId, V); INLINE_TYPES]>,
    spill: TypeMap<V>,
}

/// A type's index among the types that have met a per-type table in this
/// process: a `static` of each non-generic derived type, numbered on first
/// use. Tables keep such a type's entry at that index (up to 4,096 types;
/// past that, and for types without a slot, they scan and hash by
/// `TypeId`). Generated code refers to it; not a public API.
#[derive(Debug)]
pub struct TypeSlot(AtomicU32);

/// Slot indices a [`TypeTable`] indexes directly.
const MAX_SLOTS: usize = 1 << 12;

/// No index yet.
const UNNUMBERED: u32 = u32::MAX;

impl TypeSlot {
    /// A slot without an index yet (for a `static`).
    #[allow(clippy::new_without_default)]
    pub const fn new() -> Self {
        TypeSlot(AtomicU32::new(UNNUMBERED))
    }

    /// The index, numbered on first use.
    #[inline]
    fn index(&self) -> usize {
        match self.0.load(Ordering::Relaxed) {
            UNNUMBERED => self.number(),
            i => i as usize,
        }
    }

    #[cold]
    fn number(&self) -> usize {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        // at most MAX_SLOTS numbers are handed out; later types go by TypeId
        let new = NEXT.fetch_add(1, Ordering::Relaxed).min(MAX_SLOTS as u32);
        match self
            .0
            .compare_exchange(UNNUMBERED, new, Ordering::Relaxed, Ordering::Relaxed)
        {
            Ok(_) => new as usize,
            Err(won) => won as usize,
        }
    }
}

/// Types kept inline by a [`TypeTable`].
pub(crate) const INLINE_TYPES: usize = 8;

impl<V> Default for TypeTable<V> {
    fn default() -> Self {
        TypeTable {
            slots: Vec::new(),
            filled: Vec::new(),
            inline: smallvec::SmallVec::new(),
            spill: TypeMap::default(),
        }
    }
}

impl<V> TypeTable<V> {
    /// The entry at `slot` when this table already holds one: the hot
    /// path alone (a load, a bounds check, a fill check), with no `Result`
    /// to merge with a first use's, so callers can keep the two apart.
    #[inline]
    pub(crate) fn slotted(&mut self, slot: Option<&'static TypeSlot>) -> Option<&mut V> {
        // (an unnumbered slot reads u32::MAX: past any length)
        let i = slot?.0.load(Ordering::Relaxed) as usize;
        self.slots.get_mut(i)?.as_mut()
    }

    /// The entry of type `t` (whose slot is `slot`, if it has one), made
    /// by `make` on first use.
    #[inline]
    pub(crate) fn get_or_try_insert<E>(
        &mut self,
        t: TypeId,
        slot: Option<&'static TypeSlot>,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<&mut V, E> {
        if let Some(slot) = slot {
            // (an unnumbered slot reads u32::MAX: past any length)
            let i = slot.0.load(Ordering::Relaxed) as usize;
            if i < self.slots.len() {
                let entry = &mut self.slots[i];
                return match entry {
                    Some(v) => Ok(v),
                    None => fill(entry, &mut self.filled, i, make),
                };
            }
            if slot.index() < MAX_SLOTS {
                return self.first_slot_use(slot, make);
            }
        }
        if let Some(i) = self.inline.iter().position(|(k, _)| *k == t) {
            return Ok(&mut self.inline[i].1);
        }
        self.insert_slow(t, make)
    }

    /// Calls `f` on every entry.
    pub(crate) fn for_each_mut(&mut self, mut f: impl FnMut(&mut V)) {
        if self.filled.len() == self.slots.len() {
            // every slot holds an entry (this table met the first types
            // the process numbered)
            self.slots.iter_mut().flatten().for_each(&mut f);
        } else {
            for &i in &self.filled {
                if let Some(Some(v)) = self.slots.get_mut(i as usize) {
                    f(v);
                }
            }
        }
        self.inline.iter_mut().for_each(|(_, v)| f(v));
        if !self.spill.is_empty() {
            self.spill.values_mut().for_each(f);
        }
    }

    /// The entry of a numbered slot this table has no entry at yet.
    #[cold]
    #[inline(never)]
    fn first_slot_use<E>(
        &mut self,
        slot: &TypeSlot,
        make: impl FnOnce() -> Result<V, E>,
    ) -> Result<&mut V, E> {
        let i = slot.index();
        if self.slots.len() <= i {
            self.slots.resize_with(i + 1, || None);
        }
        fill(&mut self.slots[i], &mut self.filled, i, make)
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

/// The first entry of slot `i`, made by `make`, noted in `filled`.
#[cold]
#[inline(never)]
fn fill<'t, V, E>(
    entry: &'t mut Option<V>,
    filled: &mut Vec<u32>,
    i: usize,
    make: impl FnOnce() -> Result<V, E>,
) -> Result<&'t mut V, E> {
    let v = make()?;
    filled.push(i as u32);
    Ok(entry.insert(v))
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
            let v = table.get_or_try_insert::<()>(t, None, || Ok(i)).unwrap();
            assert_eq!(*v, i);
        }
        for (i, t) in ids().into_iter().enumerate() {
            let v = table.get_or_try_insert::<()>(t, None, || Err(())).unwrap();
            assert_eq!(*v, i, "found again without making it");
            *v += 100;
        }
        for (i, t) in ids().into_iter().enumerate() {
            assert_eq!(
                *table.get_or_try_insert::<()>(t, None, || Err(())).unwrap(),
                i + 100
            );
        }
        // a failing `make` inserts nothing
        let mut table: TypeTable<usize> = TypeTable::default();
        assert!(table
            .get_or_try_insert(TypeId::of::<u8>(), None, || Err("no"))
            .is_err());
        assert_eq!(
            *table
                .get_or_try_insert::<()>(TypeId::of::<u8>(), None, || Ok(7))
                .unwrap(),
            7
        );
    }

    #[test]
    fn slotted_types_are_found_by_index_beside_the_scanned_ones() {
        static A: TypeSlot = TypeSlot::new();
        static B: TypeSlot = TypeSlot::new();
        // a slot numbered past the table's limit goes by TypeId
        static FULL: TypeSlot = TypeSlot(AtomicU32::new(MAX_SLOTS as u32));
        let keys = [
            (TypeId::of::<u8>(), Some(&A)),
            (TypeId::of::<u16>(), None),
            (TypeId::of::<u32>(), Some(&B)),
            (TypeId::of::<u64>(), Some(&FULL)),
        ];
        for round in 0..2 {
            let mut table: TypeTable<usize> = TypeTable::default();
            // a failing `make` leaves nothing behind, slotted or not
            for &(t, slot) in &keys {
                assert!(table.get_or_try_insert(t, slot, || Err(())).is_err());
                assert!(table.slotted(slot).is_none(), "nothing made yet");
            }
            for (i, &(t, slot)) in keys.iter().enumerate() {
                let v = table.get_or_try_insert::<()>(t, slot, || Ok(i)).unwrap();
                assert_eq!(*v, i, "round {round}");
                *v += 10;
            }
            // the hot-path probe finds what a slot indexes, and nothing
            // for types without one or past the limit
            assert_eq!(table.slotted(Some(&A)).copied(), Some(10));
            assert_eq!(table.slotted(Some(&B)).copied(), Some(12));
            assert_eq!(table.slotted(Some(&FULL)), None);
            assert_eq!(table.slotted(None), None);
            for (i, &(t, slot)) in keys.iter().enumerate() {
                let v = table.get_or_try_insert::<()>(t, slot, || Err(())).unwrap();
                assert_eq!(*v, i + 10, "found again without making it");
            }
            let mut all = Vec::new();
            table.for_each_mut(|v| all.push(*v));
            all.sort();
            assert_eq!(all, [10, 11, 12, 13]);
        }
        assert_ne!(A.index(), B.index());
        assert_eq!(FULL.index(), MAX_SLOTS);
    }

    #[test]
    fn a_slot_gets_one_index_when_threads_race_for_it() {
        static RACED: TypeSlot = TypeSlot::new();
        let seen: Vec<usize> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8).map(|_| s.spawn(|| RACED.index())).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or(usize::MAX))
                .collect()
        });
        assert!(
            seen.iter().all(|&i| i == seen[0] && i < MAX_SLOTS),
            "{seen:?}"
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
