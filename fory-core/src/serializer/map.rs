//! Maps: `HashMap<K, V>`, `BTreeMap<K, V>` as MAP, in the chunked layout.
//!
//! `varuint32 size`, then chunks. A chunk is a header byte of
//! [`map_flag`]s, a count (1–255), the key and value type info (unless
//! declared), then that many key/value pairs. An entry with a null key or
//! value is a chunk of its own: just the header byte (with `KEY_HAS_NULL`
//! or `VALUE_HAS_NULL`) and the non-null side written as a whole value.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hash};

use super::collection::write_len;
use super::envelope::{read_flagged, read_typed, write_flag, write_value_dynamic};
use super::{Deserialize, ForyType, PlainKey, RefValueKey, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::types::{map_flag as f, type_id};

pub(crate) fn write_map<'a, K, V, I>(
    entries: I,
    len: usize,
    ctx: &mut WriteContext<'a, '_>,
) -> Result<()>
where
    K: Serialize + 'a,
    V: Serialize + 'a,
    I: Iterator<Item = (&'a K, &'a V)>,
{
    let declared = ctx.take_declared();
    write_len(ctx, len, "map")?;
    if len == 0 {
        return Ok(());
    }
    ctx.enter("a map")?;
    let (xlang, compatible) = (ctx.is_xlang(), ctx.config().compatible());
    let key_decl = declared && declares::<K>(xlang, compatible);
    let value_decl = declared && declares::<V>(xlang, compatible);
    // only key and value types that read the declared mark get it (the
    // mark is clear between writes)
    let key_marks = key_decl && K::FORY_READS_DECLARED;
    let value_marks = value_decl && V::FORY_READS_DECLARED;
    let track_key = super::tracks_ref::<K>(ctx);
    let track_value = super::tracks_ref::<V>(ctx);
    let mut chunk_header = 0u8;
    if key_decl {
        chunk_header |= f::KEY_DECL_TYPE;
    }
    if value_decl {
        chunk_header |= f::VALUE_DECL_TYPE;
    }
    if track_key {
        chunk_header |= f::TRACKING_KEY_REF;
    }
    if track_value {
        chunk_header |= f::TRACKING_VALUE_REF;
    }
    // Dynamically typed keys or values: a chunk holds consecutive entries
    // whose key and value types are the same (as pyfory chunks them), with
    // the types of its first entry; an entry of a type without a plain key
    // is a chunk of its own.
    let dynamic = K::FORY_TYPE_ID == type_id::UNKNOWN || V::FORY_TYPE_ID == type_id::UNKNOWN;
    let types_of = |k: &K, v: &V| -> Option<(u8, u8)> {
        let kt = if K::FORY_TYPE_ID == type_id::UNKNOWN {
            k.fory_dyn_type_key()?
        } else {
            K::FORY_TYPE_ID
        };
        let vt = if V::FORY_TYPE_ID == type_id::UNKNOWN {
            v.fory_dyn_type_key()?
        } else {
            V::FORY_TYPE_ID
        };
        Some((kt, vt))
    };
    let max_chunk = f::MAX_CHUNK_SIZE;
    if K::FORY_PLAIN
        && V::FORY_PLAIN
        && !K::FORY_NULLABLE
        && !V::FORY_NULLABLE
        && !track_key
        && !track_value
    {
        // keys and values that are their data alone (strings, numbers):
        // full chunks, each chunk's entries on one output cursor
        let mut entries = entries.peekable();
        while let Some(&(k, v)) = entries.peek() {
            let at = open_chunk(ctx, chunk_header, (k, key_decl), (v, value_decl))?;
            let mut n = 0u8;
            let mut run = ctx.plain();
            for (k, v) in entries.by_ref().take(max_chunk) {
                k.fory_write_plain(&mut run);
                v.fory_write_plain(&mut run);
                n += 1;
            }
            drop(run);
            ctx.writer().put_u8(at, n);
        }
        ctx.leave();
        return Ok(());
    }
    let struct_values_under_plain_keys = K::FORY_PLAIN
        && !K::FORY_NULLABLE
        && !track_key
        && !key_marks
        && crate::object::is_struct_id(V::FORY_TYPE_ID)
        && !V::FORY_NULLABLE;
    if struct_values_under_plain_keys && !track_value {
        // struct values under plain keys (`HashMap<i64, Record>`): full
        // chunks, each chunk's entries one run of the struct's writes
        // (its per-value setup made once, as for a list), each key
        // written before its value
        let decls = (chunk_header, key_decl, value_decl);
        write_struct_chunks(entries, decls, PlainKey, ctx)?;
        ctx.leave();
        return Ok(());
    }
    if struct_values_under_plain_keys && track_value && super::ids_numbered_at_once::<V>() {
        // the same under xlang ref tracking, for struct values that can
        // never be referenced again and whose fields give out no ref id:
        // the values' ids numbered at once (keys take none), each value
        // after its key and its `REF_VALUE` flag
        ctx.refs().skip_n(len);
        let decls = (chunk_header, key_decl, value_decl);
        write_struct_chunks(entries, decls, |k| (PlainKey(k), RefValueKey), ctx)?;
        ctx.leave();
        return Ok(());
    }
    // Position of the open chunk's count byte, and its count.
    let mut open: Option<(usize, u8)> = None;
    // the key and value types of the open chunk (dynamic maps)
    let mut open_types: Option<(u8, u8)> = None;
    // whether the open chunk's keys and values take ref flags: the map's
    // types', or per chunk for dynamic keys or values (`Value`s), as the
    // typed map of the chunk's types flags them (the chunk's entries are
    // of one type)
    let (mut track_key, mut track_value) = (track_key, track_value);
    for (k, v) in entries {
        let (key_null, value_null) = (k.fory_is_none(), v.fory_is_none());
        if dynamic && open.is_some() {
            let types = types_of(k, v);
            if types.is_none() || types != open_types {
                close_chunk(ctx, &mut open);
            }
        }
        if key_null || value_null {
            close_chunk(ctx, &mut open);
            match (key_null, value_null) {
                (true, true) => ctx.writer().write_u8(f::KEY_HAS_NULL | f::VALUE_HAS_NULL),
                (true, false) => write_null_entry_side(
                    v,
                    ctx,
                    f::KEY_HAS_NULL,
                    (value_decl, track_value),
                    (f::VALUE_DECL_TYPE, f::TRACKING_VALUE_REF),
                )?,
                _ => write_null_entry_side(
                    k,
                    ctx,
                    f::VALUE_HAS_NULL,
                    (key_decl, track_key),
                    (f::KEY_DECL_TYPE, f::TRACKING_KEY_REF),
                )?,
            }
            continue;
        }
        if open.is_none() {
            let mut chunk_header = chunk_header;
            if K::FORY_TYPE_ID == type_id::UNKNOWN {
                track_key = k.fory_dyn_tracks_ref(ctx);
                chunk_header &= !f::TRACKING_KEY_REF;
                if track_key {
                    chunk_header |= f::TRACKING_KEY_REF;
                }
            }
            if V::FORY_TYPE_ID == type_id::UNKNOWN {
                track_value = v.fory_dyn_tracks_ref(ctx);
                chunk_header &= !f::TRACKING_VALUE_REF;
                if track_value {
                    chunk_header |= f::TRACKING_VALUE_REF;
                }
            }
            let at = open_chunk(ctx, chunk_header, (k, key_decl), (v, value_decl))?;
            open = Some((at, 0));
            open_types = types_of(k, v);
        }
        if !track_key || write_flag(k, ctx, true)? {
            if key_marks {
                ctx.set_declared(true);
            }
            k.fory_write_data(ctx)?;
            if key_marks {
                ctx.set_declared(false);
            }
        }
        if !track_value || write_flag(v, ctx, true)? {
            if value_marks {
                ctx.set_declared(true);
            }
            v.fory_write_data(ctx)?;
            if value_marks {
                ctx.set_declared(false);
            }
        }
        if let Some((_, n)) = open.as_mut() {
            *n += 1;
            if *n as usize == max_chunk || (dynamic && open_types.is_none()) {
                close_chunk(ctx, &mut open);
            }
        }
    }
    close_chunk(ctx, &mut open);
    ctx.leave();
    Ok(())
}

/// Whether a map field declares its key or value type `T` (the chunks
/// write no type info for it), as pyfory 1.7.7 declares a `Dict[K, V]`
/// field's: not a dynamic value (`Value`, UNKNOWN); a struct only in
/// xlang schema-consistent mode (pyfory declares a dataclass registered
/// by id or by name there, and in compatible mode writes its type info,
/// which brings its TypeDef; native mode writes it in both); in xlang
/// mode not a record batch, dynamic for pyfory
/// ([`ForyType::FORY_XLANG_TYPE_ID`]; a 1-D n-d array is declared there
/// as its dense array, as pyfory declares `Dict[str, pyfory.Float64Array]`).
#[inline(always)]
fn declares<T: ForyType>(xlang: bool, compatible: bool) -> bool {
    if T::FORY_TYPE_ID == type_id::UNKNOWN {
        return false;
    }
    if crate::object::xlang_dynamic::<T>() && xlang {
        return false;
    }
    if crate::object::is_struct_id(T::FORY_TYPE_ID) {
        return xlang && !compatible;
    }
    true
}

/// Full chunks of struct values, each chunk's entries one run of the
/// struct's writes ([`Serialize::fory_write_entries`]), with `key`'s
/// [`EntryKey`](super::EntryKey) before each value.
#[inline]
fn write_struct_chunks<'a, K, V, I, Q, F>(
    entries: I,
    (header, key_decl, value_decl): (u8, bool, bool),
    key: F,
    ctx: &mut WriteContext<'a, '_>,
) -> Result<()>
where
    K: Serialize + 'a,
    V: Serialize + 'a,
    I: Iterator<Item = (&'a K, &'a V)>,
    Q: super::EntryKey<'a>,
    F: Fn(&'a K) -> Q + Copy,
{
    let mut entries = entries.peekable();
    while let Some(&(k, v)) = entries.peek() {
        let at = open_chunk(ctx, header, (k, key_decl), (v, value_decl))?;
        let mut n = 0u8;
        let chunk = entries.by_ref().take(f::MAX_CHUNK_SIZE).map(|(k, v)| {
            n += 1;
            (key(k), v)
        });
        V::fory_write_entries(chunk, ctx)?;
        ctx.writer().put_u8(at, n);
    }
    Ok(())
}

/// Starts a chunk: its header, a count byte to fill in when the chunk is
/// closed, and the key's and value's type info unless declared. Returns
/// the count byte's position.
#[inline]
fn open_chunk<K: Serialize, V: Serialize>(
    ctx: &mut WriteContext<'_, '_>,
    header: u8,
    (k, key_decl): (&K, bool),
    (v, value_decl): (&V, bool),
) -> Result<usize> {
    ctx.writer().write_u8(header);
    let at = ctx.writer().len();
    ctx.writer().write_u8(0);
    if !key_decl {
        k.fory_write_dyn_type_info(ctx)?;
    }
    if !value_decl {
        v.fory_write_dyn_type_info(ctx)?;
    }
    Ok(at)
}

/// The non-null side of a one-entry chunk whose other side is null.
/// `(declared, tracking)` and their header bits `(decl_flag, track_flag)`.
fn write_null_entry_side<'a, T: Serialize>(
    v: &'a T,
    ctx: &mut WriteContext<'a, '_>,
    null_flag: u8,
    (declared, tracking): (bool, bool),
    (decl_flag, track_flag): (u8, u8),
) -> Result<()> {
    if !declared {
        // undeclared: the value is written whole, with its own ref flag
        ctx.writer().write_u8(null_flag | track_flag);
        return write_value_dynamic(v, ctx);
    }
    if tracking {
        ctx.writer().write_u8(null_flag | decl_flag | track_flag);
        if !write_flag(v, ctx, true)? {
            return Ok(());
        }
    } else {
        ctx.writer().write_u8(null_flag | decl_flag);
    }
    // only a type that reads the mark gets it (a struct declared here in
    // xlang mode is its data alone, as in a chunk: no type info before
    // the hash, as pyfory writes it)
    if !T::FORY_READS_DECLARED {
        return v.fory_write_data(ctx);
    }
    ctx.set_declared(true);
    let r = v.fory_write_data(ctx);
    ctx.set_declared(false);
    r
}

fn close_chunk(ctx: &mut WriteContext<'_, '_>, open: &mut Option<(usize, u8)>) {
    if let Some((at, n)) = open.take() {
        ctx.writer().put_u8(at, n);
    }
}

/// Reads a MAP: `reserve` gets its entry count (bounded by the input
/// left, and by [`prealloc`](super::collection::prealloc) for memory), then
/// `insert` each entry.
pub(crate) fn read_map<K, V, M>(
    ctx: &mut ReadContext<'_, '_>,
    map: &mut M,
    reserve: impl FnOnce(&mut M, usize),
    mut insert: impl FnMut(&mut M, K, V),
) -> Result<usize>
where
    K: Deserialize,
    V: Deserialize,
{
    let mut size = ctx.read_len(1, "map")?;
    let total = size;
    if size == 0 {
        return Ok(0);
    }
    reserve(map, super::collection::prealloc::<(K, V)>(size));
    ctx.enter("a map")?;
    while size > 0 {
        let at = ctx.reader().position();
        let header = ctx.reader().read_u8()?;
        if header & 0xc0 != 0 {
            return Err(Error::invalid(format!(
                "invalid map chunk header {header:#04x} at byte {at}"
            )));
        }
        let key_null = header & f::KEY_HAS_NULL != 0;
        let value_null = header & f::VALUE_HAS_NULL != 0;
        if key_null || value_null {
            let key = if key_null {
                null_of::<K>("map key")?
            } else {
                read_side(ctx, header, f::KEY_DECL_TYPE, f::TRACKING_KEY_REF)?
            };
            let value = if value_null {
                null_of::<V>("map value")?
            } else {
                read_side(ctx, header, f::VALUE_DECL_TYPE, f::TRACKING_VALUE_REF)?
            };
            insert(map, key, value);
            // an entry of a null and a large type is a few bytes
            super::collection::charge_if_big::<(K, V)>(ctx, at)?;
            size -= 1;
            continue;
        }
        let count_at = ctx.reader().position();
        let count = ctx.reader().read_u8()? as usize;
        if count == 0 || count > size {
            return Err(Error::invalid(format!(
                "invalid map chunk size {count} at byte {count_at} ({size} entries left)"
            )));
        }
        let key_type = if header & f::KEY_DECL_TYPE != 0 {
            K::FORY_TYPE_ID
        } else {
            K::fory_read_type_info(ctx)?
        };
        let value_type = if header & f::VALUE_DECL_TYPE != 0 {
            V::FORY_TYPE_ID
        } else {
            V::fory_read_type_info(ctx)?
        };
        for _ in 0..count {
            let before = ctx.reader().position();
            let key = if header & f::TRACKING_KEY_REF != 0 {
                let flag = ctx.reader().read_i8()?;
                read_flagged(ctx, flag, Some(key_type))?
            } else {
                read_typed(ctx, Some(key_type))?
            };
            let value = if header & f::TRACKING_VALUE_REF != 0 {
                let flag = ctx.reader().read_i8()?;
                read_flagged(ctx, flag, Some(value_type))?
            } else {
                read_typed(ctx, Some(value_type))?
            };
            if !(K::FORY_READ_TAKES_INPUT || V::FORY_READ_TAKES_INPUT)
                && std::mem::size_of::<(K, V)>() != 0
                && ctx.reader().position() == before
            {
                ctx.charge_free(std::mem::size_of::<(K, V)>(), "map entries")?;
            }
            insert(map, key, value);
            super::collection::charge_if_big::<(K, V)>(ctx, before)?;
        }
        size -= count;
    }
    ctx.leave();
    Ok(total)
}

/// The non-null side of a one-entry null chunk.
fn read_side<T: Deserialize>(
    ctx: &mut ReadContext<'_, '_>,
    header: u8,
    decl: u8,
    tracking: u8,
) -> Result<T> {
    // the header says what precedes the data: a ref flag when the side is
    // tracked (pyfory and this crate always set the bit for an undeclared
    // side; the official Rust crate leaves it clear), type info when the
    // side's type is not declared
    let known = (header & decl != 0).then_some(T::FORY_TYPE_ID);
    if header & tracking != 0 {
        let flag = ctx.reader().read_i8()?;
        read_flagged(ctx, flag, known)
    } else {
        read_typed(ctx, known)
    }
}

fn null_of<T: Deserialize>(what: &str) -> Result<T> {
    T::fory_null().ok_or_else(|| {
        Error::invalid(format!(
            "null {what} where {} is not optional (read it as Option<_>)",
            T::fory_type_name()
        ))
    })
}

/// The impls of a hashed map type `$map<K, V, S>` (`HashMap`, and
/// indexmap's `IndexMap`, which has the same methods): MAP, written from
/// its iteration order, read through [`read_map`] into one made with
/// `S::default()`. (The names it uses are resolved where it is invoked.)
macro_rules! hashed_map {
    ($map:ident) => {
        impl<K: ForyType, V: ForyType, S> ForyType for $map<K, V, S> {
            const FORY_TYPE_ID: u8 = type_id::MAP;
            const FORY_TRACKS_REF: bool = true;
            // never a back-reference (no ref key)
            const FORY_NATIVE_TRACKS_REF: bool = false;
            fn fory_children() -> crate::object::Children {
                crate::object::Children::KeyValue(
                    crate::object::TypeNode::of::<K>,
                    crate::object::TypeNode::of::<V>,
                )
            }
        }

        impl<K: Serialize, V: Serialize, S> Serialize for $map<K, V, S> {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                write_map(self.iter(), self.len(), ctx)
            }
        }

        impl<K, V, S> Deserialize for $map<K, V, S>
        where
            K: Deserialize + Eq + Hash,
            V: Deserialize,
            S: BuildHasher + Default,
        {
            fn fory_zero() -> Option<Self> {
                Some($map::with_hasher(S::default()))
            }

            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _id: u8) -> Result<Self> {
                let mut map = $map::with_hasher(S::default());
                read_map(
                    ctx,
                    &mut map,
                    |m, n| m.reserve(n),
                    |m, k, v| {
                        m.insert(k, v);
                    },
                )?;
                Ok(map)
            }
        }
    };
}
#[cfg(any(feature = "indexmap", feature = "hashbrown"))]
pub(crate) use hashed_map;

hashed_map!(HashMap);

impl<K: ForyType, V: ForyType> ForyType for BTreeMap<K, V> {
    const FORY_TYPE_ID: u8 = type_id::MAP;
    const FORY_TRACKS_REF: bool = true;
    // never a back-reference (no ref key)
    const FORY_NATIVE_TRACKS_REF: bool = false;
    fn fory_children() -> crate::object::Children {
        crate::object::Children::KeyValue(
            crate::object::TypeNode::of::<K>,
            crate::object::TypeNode::of::<V>,
        )
    }
}

impl<K: Serialize, V: Serialize> Serialize for BTreeMap<K, V> {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_map(self.iter(), self.len(), ctx)
    }
}

impl<K: Deserialize + Ord, V: Deserialize> Deserialize for BTreeMap<K, V> {
    fn fory_zero() -> Option<Self> {
        Some(BTreeMap::new())
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _id: u8) -> Result<Self> {
        let mut map = BTreeMap::new();
        read_map(
            ctx,
            &mut map,
            |_, _| {},
            |m, k, v| {
                m.insert(k, v);
            },
        )?;
        Ok(map)
    }
}
