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
            let header = u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default());
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
                let header = u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default());
                let list = entries.by_header.entry(header).or_default();
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
#[derive(Debug, Default)]
pub(crate) struct RecentTypeDefs {
    entries: Vec<RecentEntry>,
}

#[derive(Debug)]
struct RecentEntry {
    bytes: Box<[u8]>,
    def: Arc<RemoteTypeDef>,
    binding: Option<Binding>,
}

impl RecentTypeDefs {
    /// [`TypeDefCache::read`], looking here first; with the binding made
    /// the last time these bytes were resolved, if any.
    pub(crate) fn read(
        &mut self,
        shared: &TypeDefCache,
        r: &mut Reader<'_>,
    ) -> Result<(Arc<RemoteTypeDef>, Option<Binding>)> {
        if let Some(bytes) = encoded_at(r) {
            if let Some(e) = self.entries.iter().find(|e| *e.bytes == *bytes) {
                let found = (e.def.clone(), e.binding.clone());
                r.advance(bytes.len())?;
                return Ok(found);
            }
        }
        let start = r.position();
        let def = shared.read(r)?;
        let bytes = &r.data()[start..r.position()];
        if bytes.len() <= RECENT_BYTES {
            if self.entries.len() == RECENT {
                self.entries.remove(0);
            }
            self.entries.push(RecentEntry {
                bytes: bytes.into(),
                def: def.clone(),
                binding: None,
            });
        }
        Ok((def, None))
    }

    /// Keeps the binding `def` was just resolved to, for its next message.
    pub(crate) fn remember(&mut self, def: &Arc<RemoteTypeDef>, binding: Binding) {
        if let Some(e) = self.entries.iter_mut().find(|e| Arc::ptr_eq(&e.def, def)) {
            e.binding = Some(binding);
        }
    }
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
        typedef::encode(&TypeKey::Id(id), UserKind::Struct, Some(&schema), &|_| {
            false
        })
    }

    #[test]
    fn the_recent_list_reuses_only_identical_bytes_and_stays_bounded() {
        let shared = TypeDefCache::default();
        let mut recent = RecentTypeDefs::default();
        let bytes = encoded(7);
        let (a, _) = recent.read(&shared, &mut Reader::new(&bytes)).unwrap();
        recent.remember(&a, (TypeId::of::<u8>(), RemoteLayout::Local));
        let mut r = Reader::new(&bytes);
        let (b, binding) = recent.read(&shared, &mut r).unwrap();
        assert!(matches!(binding, Some((t, RemoteLayout::Local)) if t == TypeId::of::<u8>()));
        assert!(Arc::ptr_eq(&a, &b));
        assert_eq!(r.remaining(), 0);
        // same header, other bytes: not the recent entry
        let mut forged = bytes.clone();
        let last = forged.len() - 1;
        forged[last] ^= 1;
        if let Ok((c, binding)) = recent.read(&shared, &mut Reader::new(&forged)) {
            assert!(!Arc::ptr_eq(&a, &c));
            assert!(binding.is_none());
        }
        for id in 0..100 {
            recent
                .read(&shared, &mut Reader::new(&encoded(100 + id)))
                .unwrap();
        }
        assert!(recent.entries.len() <= RECENT);
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
