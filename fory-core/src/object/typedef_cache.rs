//! TypeDefs read from peers, decoded once per `Fory`.
//!
//! A peer writes the same TypeDef bytes for a type in every message, so the
//! reader keys decoded TypeDefs by their 8-byte header (hash and size) and
//! keeps the bytes: a later TypeDef is taken from the cache only when its
//! bytes are identical, so a forged TypeDef that reuses a header cannot
//! stand in for another one. The cache is bounded in entries and bytes;
//! past the bounds TypeDefs are decoded every time, as before.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::typedef::{self, RemoteTypeDef};
use crate::context::type_map::FastBuild;
use crate::context::RemoteLayout;
use crate::error::Result;
use crate::io::Reader;

/// At most this many distinct TypeDefs are kept.
const MAX_ENTRIES: usize = 4096;
/// At most this many TypeDef bytes are kept.
const MAX_BYTES: usize = 4 << 20;

#[derive(Debug, Default)]
pub(crate) struct TypeDefCache {
    inner: RwLock<Entries>,
}

/// A TypeDef's encoded bytes and what they decode to.
type Cached = (Box<[u8]>, Arc<RemoteTypeDef>);

#[derive(Debug, Default)]
struct Entries {
    /// header -> (encoded bytes, decoded); a few per header at most
    by_header: HashMap<u64, Vec<Cached>, FastBuild>,
    count: usize,
    bytes: usize,
}

impl TypeDefCache {
    /// Reads one TypeDef at the reader's position: from the cache when the
    /// same bytes were decoded before, decoded (and kept) otherwise.
    pub(crate) fn read(&self, r: &mut Reader<'_>) -> Result<Arc<RemoteTypeDef>> {
        if let Some(bytes) = encoded_at(r) {
            let header = header_of(bytes);
            if let Ok(entries) = self.inner.read() {
                if let Some(list) = entries.by_header.get(&header) {
                    if let Some((_, def)) = list.iter().find(|(b, _)| **b == *bytes) {
                        let def = def.clone();
                        drop(entries);
                        r.advance(bytes.len())?;
                        return Ok(def);
                    }
                }
            }
        }
        let start = r.position();
        let def = typedef::decode(r)?;
        let bytes = &r.data()[start..r.position()];
        if let Ok(mut entries) = self.inner.write() {
            if entries.count < MAX_ENTRIES && entries.bytes + bytes.len() <= MAX_BYTES {
                let list = entries.by_header.entry(header_of(bytes)).or_default();
                if !list.iter().any(|(b, _)| **b == *bytes) {
                    list.push((bytes.into(), def.clone()));
                    entries.count += 1;
                    entries.bytes += bytes.len();
                }
            }
        }
        Ok(def)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.read().map(|e| e.count).unwrap_or(0)
    }
}

/// At most this many TypeDefs are kept by one [`RecentTypeDefs`].
const RECENT: usize = 16;
/// Only TypeDefs up to this size are kept by [`RecentTypeDefs`].
const RECENT_BYTES: usize = 1024;

/// A local type a TypeDef was resolved to, and the layout that gave.
pub(crate) type Binding = (TypeId, RemoteLayout);

/// The TypeDefs one pooled read state met last, consulted before the
/// shared [`TypeDefCache`]: a peer repeats the same few TypeDefs in every
/// message, and this finds them with a scan and a byte comparison, without
/// the shared cache's lock and hashing, along with the local type each was
/// resolved to last time and the layout that gave (so a repeated TypeDef
/// is neither looked up in the registry nor planned again; the pool is
/// dropped when a type is registered). The same rule holds: a TypeDef is
/// reused only for identical bytes. Bounded in entries and in the size of
/// each.
///
/// A peer that cycles through more TypeDefs than fit would miss on most,
/// and replacing an entry on each miss would copy bytes for nothing. So
/// once the list is full, only every [`THRASH_STRIDE`]th miss replaces an
/// entry (the oldest, in turn): the entries that stay keep being found,
/// and the list still follows a new working set, at a fraction of the
/// copying. The scan compares the 8-byte headers first.
///
/// A TypeDef found here is handed to the stream as an index into the list
/// ([`TypeDefRef::Recent`]), not as a reference count taken and dropped
/// per message; the entry is pinned for the rest of the stream, so no
/// replacement can move another TypeDef under that index.
#[derive(Debug)]
pub(crate) struct RecentTypeDefs {
    entries: Vec<RecentEntry>,
    /// The entry the next replacement overwrites, once the list is full.
    hand: usize,
    /// Misses so far (wrapping).
    misses: u32,
    /// Number of the current stream (from 1), for the pins.
    stream: u32,
    /// The id the next entry made gets (see [`RecentEntry::id`]).
    next_id: u64,
}

impl Default for RecentTypeDefs {
    fn default() -> Self {
        RecentTypeDefs {
            entries: Vec::new(),
            hand: 0,
            misses: 0,
            stream: 1,
            next_id: 1,
        }
    }
}

/// A TypeDef of a stream: an entry of the read state's [`RecentTypeDefs`]
/// (pinned until the stream ends), or one of its own.
#[derive(Debug)]
pub(crate) enum TypeDefRef {
    Recent(usize),
    Owned(Arc<RemoteTypeDef>),
}

/// Once the list is full, one miss in this many replaces an entry.
const THRASH_STRIDE: u32 = 8;

#[derive(Debug)]
struct RecentEntry {
    header: u64,
    bytes: Box<[u8]>,
    def: Arc<RemoteTypeDef>,
    binding: Option<Binding>,
    /// The stream that last used this entry: not replaced during it.
    pinned: u32,
    /// Unique to this entry among all the list ever held (from 1), so a
    /// reference to entry `i` made in an earlier stream can tell whether
    /// `i` still holds that entry.
    id: u64,
}

impl RecentTypeDefs {
    /// [`TypeDefCache::read`], looking here first; with the binding made
    /// the last time these bytes were resolved, if any.
    pub(crate) fn read(
        &mut self,
        shared: &TypeDefCache,
        r: &mut Reader<'_>,
    ) -> Result<(TypeDefRef, Option<Binding>)> {
        // An entry's bytes are a whole TypeDef, its size within them, so
        // input that starts with them holds that TypeDef: no need to work
        // out the extent of the one at the cursor first.
        let rest = r.data().get(r.position()..).unwrap_or_default();
        if let Some(header) = rest.get(..8).and_then(|h| h.try_into().ok()) {
            let header = u64::from_le_bytes(header);
            if let Some(i) = self
                .entries
                .iter()
                .position(|e| e.header == header && rest.starts_with(&e.bytes))
            {
                let e = &mut self.entries[i];
                r.advance(e.bytes.len())?;
                e.pinned = self.stream;
                return Ok((TypeDefRef::Recent(i), e.binding.clone()));
            }
        }
        let start = r.position();
        let def = shared.read(r)?;
        let bytes = &r.data()[start..r.position()];
        self.misses = self.misses.wrapping_add(1);
        if bytes.len() <= RECENT_BYTES && self.takes_new_entry() {
            let entry = RecentEntry {
                header: header_of(bytes),
                bytes: bytes.into(),
                def: def.clone(),
                binding: None,
                pinned: self.stream,
                id: self.next_id,
            };
            self.next_id += 1;
            if self.entries.len() < RECENT {
                self.entries.push(entry);
                return Ok((TypeDefRef::Recent(self.entries.len() - 1), None));
            }
            // the next entry in turn that this stream does not hold
            for _ in 0..RECENT {
                let at = self.hand;
                self.hand = (self.hand + 1) % RECENT;
                if self.entries[at].pinned != self.stream {
                    self.entries[at] = entry;
                    return Ok((TypeDefRef::Recent(at), None));
                }
            }
        }
        Ok((TypeDefRef::Owned(def), None))
    }

    /// Takes the TypeDef `skip` bytes past the reader's position from
    /// entry `i` when the entry is still the one with `id` (see
    /// [`RecentEntry::id`]) and the input holds its bytes there: consumes
    /// the `skip` bytes and the TypeDef's, pins the entry for this stream
    /// and returns true. Returns false, consuming nothing, otherwise.
    #[inline]
    pub(crate) fn reuse(&mut self, i: usize, id: u64, r: &mut Reader<'_>, skip: usize) -> bool {
        let Some(e) = self.entries.get_mut(i) else {
            return false;
        };
        let rest = r.data().get(r.position() + skip..).unwrap_or_default();
        if e.id != id || !rest.starts_with(&e.bytes) || r.advance(skip + e.bytes.len()).is_err() {
            return false;
        }
        e.pinned = self.stream;
        true
    }

    /// Pins entry `i` for this stream when it is still the one with `id`
    /// (see [`RecentEntry::id`]); returns whether it is.
    #[inline]
    pub(crate) fn pin(&mut self, i: usize, id: u64) -> bool {
        match self.entries.get_mut(i) {
            Some(e) if e.id == id => {
                e.pinned = self.stream;
                true
            }
            _ => false,
        }
    }

    /// The [`RecentEntry::id`] of entry `i` (0 when there is none).
    pub(crate) fn id_of(&self, i: usize) -> u64 {
        self.entries.get(i).map_or(0, |e| e.id)
    }

    /// Whether the TypeDef just missed is kept: always while there is
    /// room, one miss in [`THRASH_STRIDE`] once the list is full.
    fn takes_new_entry(&self) -> bool {
        self.entries.len() < RECENT || self.misses % THRASH_STRIDE == 0
    }

    /// The TypeDef of entry `i` (handed out by [`read`](Self::read) in this
    /// stream).
    pub(crate) fn def(&self, i: usize) -> Option<&Arc<RemoteTypeDef>> {
        self.entries.get(i).map(|e| &e.def)
    }

    /// Keeps the binding `def` was just resolved to, for its next message.
    /// Only entries have bindings to keep: an owned TypeDef is one the list
    /// did not take (identical bytes in the list would have been found).
    pub(crate) fn remember(&mut self, def: &TypeDefRef, binding: Binding) {
        if let TypeDefRef::Recent(i) = def {
            if let Some(e) = self.entries.get_mut(*i) {
                e.binding = Some(binding);
            }
        }
    }

    /// Ends a stream: its pins no longer hold.
    pub(crate) fn end_stream(&mut self) {
        self.stream = self.stream.wrapping_add(1);
        if self.stream == 0 {
            self.stream = 1;
            self.entries.iter_mut().for_each(|e| e.pinned = 0);
        }
    }

    #[cfg(test)]
    fn holds(&self, def: &Arc<RemoteTypeDef>) -> bool {
        self.entries.iter().any(|e| Arc::ptr_eq(&e.def, def))
    }
}

/// Whether `rest` starts with `bytes`: up to 64 bytes (the type info of a
/// struct of a few fields) compared in line, as two overlapping
/// fixed-size chunks, longer ones through `memcmp`.
#[inline]
pub(crate) fn starts_with(rest: &[u8], bytes: &[u8]) -> bool {
    /// The first `N` bytes of `a` and `b` agree, and so do the last `N`.
    #[inline]
    fn ends_agree<const N: usize>(a: &[u8], b: &[u8]) -> bool {
        a.first_chunk::<N>() == b.first_chunk::<N>() && a.last_chunk::<N>() == b.last_chunk::<N>()
    }
    let n = bytes.len();
    let Some(head) = rest.get(..n) else {
        return false;
    };
    match n {
        8..=16 => ends_agree::<8>(head, bytes),
        17..=32 => ends_agree::<16>(head, bytes),
        33..=64 => ends_agree::<32>(head, bytes),
        _ => head == bytes,
    }
}

/// The first 8 bytes (hash and size) of an encoded TypeDef, which is
/// longer than that.
fn header_of(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(
        bytes
            .get(..8)
            .and_then(|b| b.try_into().ok())
            .unwrap_or_default(),
    )
}

/// The bytes of the encoded TypeDef at the reader's position (header, size
/// extension, body), when the input holds that much; nothing is consumed.
fn encoded_at<'d>(r: &Reader<'d>) -> Option<&'d [u8]> {
    let rest = r.data().get(r.position()..)?;
    let header = u64::from_le_bytes(rest.get(..8)?.try_into().ok()?);
    let mut size = (header & 0xff) as usize;
    let mut len = 8;
    if size == 0xff {
        let mut ext = Reader::new(&rest[8..]);
        size += ext.read_varuint32().ok()? as usize;
        len += ext.position();
    }
    rest.get(..len.checked_add(size)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::object::{StructSchema, TypeKey, UserKind};

    fn encoded(id: u32) -> Vec<u8> {
        let schema = StructSchema::new(Vec::new());
        let rec = typedef::Recording {
            named: &|_| false,
            xlang: false,
        };
        typedef::encode(&TypeKey::Id(id), UserKind::Struct, Some(&schema), rec)
    }

    /// The TypeDef a stream would use for `r`.
    fn resolve(recent: &RecentTypeDefs, r: &TypeDefRef) -> Arc<RemoteTypeDef> {
        match r {
            TypeDefRef::Recent(i) => recent.def(*i).cloned().unwrap(),
            TypeDefRef::Owned(def) => def.clone(),
        }
    }

    #[test]
    fn starts_with_compares_every_byte_at_every_length() {
        let data: Vec<u8> = (0..100u8).map(|b| b.wrapping_mul(37)).collect();
        for n in 0..=data.len() {
            let prefix = &data[..n];
            assert!(starts_with(&data, prefix), "{n}");
            assert!(starts_with(prefix, prefix), "{n}");
            // input shorter than the bytes
            if n > 0 {
                assert!(!starts_with(&data[..n - 1], prefix), "{n}");
            }
            // any one byte different
            for at in 0..n {
                let mut other = data.clone();
                other[at] ^= 0x40;
                assert!(!starts_with(&other, prefix), "{n}, byte {at}");
            }
        }
    }

    #[test]
    fn the_recent_list_reuses_only_identical_bytes_and_stays_bounded() {
        let shared = TypeDefCache::default();
        let mut recent = RecentTypeDefs::default();
        let bytes = encoded(7);
        let (a_ref, _) = recent.read(&shared, &mut Reader::new(&bytes)).unwrap();
        let a = resolve(&recent, &a_ref);
        recent.remember(&a_ref, (TypeId::of::<u8>(), RemoteLayout::Local));
        recent.end_stream();
        let mut r = Reader::new(&bytes);
        let (b, binding) = recent.read(&shared, &mut r).unwrap();
        assert!(matches!(binding, Some((t, RemoteLayout::Local)) if t == TypeId::of::<u8>()));
        assert!(Arc::ptr_eq(&a, &resolve(&recent, &b)));
        assert_eq!(r.remaining(), 0);
        // same header, other bytes: not the recent entry
        let mut forged = bytes.clone();
        let last = forged.len() - 1;
        forged[last] ^= 1;
        if let Ok((c, binding)) = recent.read(&shared, &mut Reader::new(&forged)) {
            assert!(!Arc::ptr_eq(&a, &resolve(&recent, &c)));
            assert!(binding.is_none());
        }
        for id in 0..100 {
            recent
                .read(&shared, &mut Reader::new(&encoded(100 + id)))
                .unwrap();
            recent.end_stream();
        }
        assert!(recent.entries.len() <= RECENT);
    }

    #[test]
    fn a_recent_entry_is_found_only_when_the_input_holds_all_its_bytes() {
        let shared = TypeDefCache::default();
        let mut recent = RecentTypeDefs::default();
        let bytes = encoded(9);
        let (first, _) = recent.read(&shared, &mut Reader::new(&bytes)).unwrap();
        let kept = resolve(&recent, &first);
        recent.end_stream();
        // followed by more input: found, and only its own bytes consumed
        let mut longer = bytes.clone();
        longer.extend_from_slice(&[0xab; 5]);
        let mut r = Reader::new(&longer);
        let (again, _) = recent.read(&shared, &mut r).unwrap();
        assert!(Arc::ptr_eq(&kept, &resolve(&recent, &again)));
        assert_eq!(r.remaining(), 5);
        // cut short anywhere past the header: an error, not the entry
        for cut in 8..bytes.len() {
            assert!(
                recent
                    .read(&shared, &mut Reader::new(&bytes[..cut]))
                    .is_err(),
                "cut at {cut} of {}",
                bytes.len()
            );
        }
    }

    #[test]
    fn reuse_takes_an_entry_only_by_its_id_and_its_bytes() {
        let shared = TypeDefCache::default();
        let mut recent = RecentTypeDefs::default();
        let a = encoded(21);
        let b = encoded(22);
        let (a_ref, _) = recent.read(&shared, &mut Reader::new(&a)).unwrap();
        let TypeDefRef::Recent(i) = a_ref else {
            panic!("kept")
        };
        let id = recent.id_of(i);
        assert_ne!(id, 0);
        recent.end_stream();
        // the entry's own bytes, with more input after them
        let mut input = a.clone();
        input.push(7);
        let mut r = Reader::new(&input);
        assert!(recent.reuse(i, id, &mut r, 0));
        assert_eq!(r.remaining(), 1);
        // other bytes, a cut-short input, a stale id, a missing entry:
        // nothing taken, nothing consumed
        for (bytes, id, i) in [
            (&b[..], id, i),
            (&a[..a.len() - 1], id, i),
            (&a[..], id + 1, i),
            (&a[..], id, i + 1),
        ] {
            let mut r = Reader::new(bytes);
            assert!(!recent.reuse(i, id, &mut r, 0));
            assert_eq!(r.position(), 0);
        }
        // an entry made later for the same index has another id
        let (b_ref, _) = recent.read(&shared, &mut Reader::new(&b)).unwrap();
        if let TypeDefRef::Recent(j) = b_ref {
            assert_ne!(recent.id_of(j), id);
        }
    }

    #[test]
    fn an_entry_a_stream_holds_is_not_replaced_during_it() {
        let shared = TypeDefCache::default();
        let mut recent = RecentTypeDefs::default();
        // one stream with 40 TypeDefs: each index handed out keeps naming
        // its TypeDef until the stream ends, however many follow
        let defs: Vec<Vec<u8>> = (0..40).map(|id| encoded(2000 + id)).collect();
        let mut held = Vec::new();
        for b in &defs {
            let (r, _) = recent.read(&shared, &mut Reader::new(b)).unwrap();
            let def = resolve(&recent, &r);
            held.push((r, def));
        }
        for (r, def) in &held {
            assert!(Arc::ptr_eq(&resolve(&recent, r), def));
        }
        assert!(recent.entries.len() <= RECENT);
        // the next stream may replace them again
        recent.end_stream();
        let misses_before = recent.misses;
        for b in &defs[16..] {
            recent.read(&shared, &mut Reader::new(b)).unwrap();
            recent.end_stream();
        }
        assert!(recent.misses > misses_before);
        assert!(defs[16..]
            .iter()
            .any(|b| recent.entries.iter().any(|e| *e.bytes == **b)));
    }

    #[test]
    fn a_peer_cycling_through_many_typedefs_reads_right_and_stops_churning() {
        let shared = TypeDefCache::default();
        let mut recent = RecentTypeDefs::default();
        let defs: Vec<Vec<u8>> = (0..40).map(|id| encoded(1000 + id)).collect();
        // one TypeDef per stream, as a peer sending one record per message
        let read = |recent: &mut RecentTypeDefs, bytes: &[u8]| {
            let mut r = Reader::new(bytes);
            let (def, _) = recent.read(&shared, &mut r).unwrap();
            assert_eq!(r.remaining(), 0);
            let def = resolve(recent, &def);
            recent.end_stream();
            def
        };
        // every TypeDef decodes to the same shared value each round, while
        // 40 of them cycle through 16 places
        let first: Vec<_> = defs.iter().map(|b| read(&mut recent, b)).collect();
        let mut replaced = 0;
        for _ in 0..5 {
            for (b, expected) in defs.iter().zip(&first) {
                let held = recent.holds(expected);
                let before: Vec<_> = recent.entries.iter().map(|e| e.def.clone()).collect();
                assert!(Arc::ptr_eq(&read(&mut recent, b), expected));
                let after: Vec<_> = recent.entries.iter().map(|e| e.def.clone()).collect();
                if !held && before.iter().zip(&after).any(|(x, y)| !Arc::ptr_eq(x, y)) {
                    replaced += 1;
                }
            }
        }
        assert_eq!(recent.entries.len(), RECENT);
        // a full list replaces one entry in THRASH_STRIDE misses, not one
        // per miss; the entries that stay are found
        let misses = recent.misses as usize - 40;
        assert!(
            replaced <= misses / THRASH_STRIDE as usize + 1,
            "{replaced} of {misses}"
        );
        assert!(
            misses < 5 * 40,
            "{misses} misses: the entries kept are never found"
        );
        // and it follows a new working set: a few TypeDefs read again and
        // again are found in the list soon
        for _ in 0..(THRASH_STRIDE as usize * 3) {
            for (b, expected) in defs[..3].iter().zip(&first) {
                assert!(Arc::ptr_eq(&read(&mut recent, b), expected));
            }
        }
        assert!(first[..3].iter().all(|d| recent.holds(d)));
    }

    #[test]
    fn identical_bytes_decode_once() {
        let cache = TypeDefCache::default();
        let bytes = encoded(7);
        let a = cache.read(&mut Reader::new(&bytes)).unwrap();
        let mut r = Reader::new(&bytes);
        let b = cache.read(&mut r).unwrap();
        assert!(Arc::ptr_eq(&a, &b), "the second read is the cached TypeDef");
        assert_eq!(r.remaining(), 0, "and consumes the same bytes");
        assert_eq!(cache.len(), 1);
        let other = encoded(8);
        let c = cache.read(&mut Reader::new(&other)).unwrap();
        assert!(!Arc::ptr_eq(&a, &c));
        assert_eq!(cache.len(), 2);
    }

    #[test]
    fn a_forged_typedef_with_a_known_header_is_not_taken_from_the_cache() {
        let cache = TypeDefCache::default();
        let good = encoded(7);
        cache.read(&mut Reader::new(&good)).unwrap();
        // same header, another body: the hash check rejects it, and the
        // cached TypeDef is neither returned nor replaced
        let mut forged = good.clone();
        let last = forged.len() - 1;
        forged[last] ^= 1;
        assert!(cache.read(&mut Reader::new(&forged)).is_err());
        let again = cache.read(&mut Reader::new(&good)).unwrap();
        assert_eq!(again.key, TypeKey::Id(7));
        assert_eq!(cache.len(), 1);
        // truncated input: an error, not a cache hit
        assert!(cache
            .read(&mut Reader::new(&good[..good.len() - 1]))
            .is_err());
    }

    #[test]
    fn the_cache_is_bounded() {
        let cache = TypeDefCache::default();
        for id in 0..(MAX_ENTRIES as u32 + 10) {
            cache.read(&mut Reader::new(&encoded(id))).unwrap();
        }
        assert_eq!(cache.len(), MAX_ENTRIES);
        // past the bound it still reads correctly
        let def = cache
            .read(&mut Reader::new(&encoded(MAX_ENTRIES as u32 + 5)))
            .unwrap();
        assert_eq!(def.key, TypeKey::Id(MAX_ENTRIES as u32 + 5));
    }
}
