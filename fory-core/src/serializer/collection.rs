//! Lists and sets: `Vec<T>` (non-primitive elements), `[T; N]`,
//! `VecDeque<T>`, `HashSet<T>`, `BTreeSet<T>`.
//!
//! Layout: `varuint32 len`, then (when `len > 0`) a header byte of
//! [`coll_flag`]s and, when all elements share a type, its type info once;
//! then each element, with a ref/null flag only when the header says so.

use std::collections::{BTreeSet, BinaryHeap, HashSet, LinkedList, VecDeque};
use std::hash::{BuildHasher, Hash};

use super::envelope::{read_flagged, read_typed, write_flag};
use super::{unexpected_type_id, Deserialize, ForyType, RefValueKey, Serialize};
use crate::context::{Nest, ReadContext, WriteContext, FREE_BYTES_PER_INPUT_BYTE};
use crate::error::{Error, Result};
use crate::io::{FixedWriter, PlainWriter};
use crate::object::{Children, TypeNode};
use crate::types::{coll_flag, ref_flag, type_id};

/// Preallocate at most this many bytes from a length read off the wire;
/// past it the collection grows as elements actually arrive.
const PREALLOC_BYTES: usize = 256 * 1024;

#[inline]
pub(crate) fn prealloc<T>(len: usize) -> usize {
    len.min(PREALLOC_BYTES / std::mem::size_of::<T>().max(1))
}

/// The capacity a `Vec` read element by element starts with: the whole
/// length when that takes less than [`SMALL_REQUEST`] bytes, or for up to
/// [`VEC_START`] elements; else [`VEC_START`], and the `Vec` doubles as
/// elements arrive (as `collect` does).
///
/// Reserving the whole length up front measured slower with glibc's
/// malloc on the usual loop of reading a batch and dropping the last one:
/// a request of 1 KiB or more while the last batch's small blocks (its
/// strings) sit freed makes malloc first merge all of them, and each
/// element's own allocation after that takes malloc's slow path. A `Vec`
/// that grows from a few elements stays at the top of the heap and is
/// extended in place. Best of 9 runs: 1,000 small structs 50.0 -> 37.3 us,
/// 1,000 strings 36.4 -> 19.3 us; MediaContent's two-element lists are
/// unchanged. Maps and sets keep [`prealloc`]: rehashing as they grow cost
/// more than the merge (the map read 74 -> 134 us when it grew instead).
///
/// Below 1 KiB the whole length is reserved: such a request is not one
/// that merges, and growing cost two `realloc`s and their copies. A struct
/// holding ten 40-byte structs (each with a string) reads 5,697 -> 3,857
/// instructions, wall -45% (docs/benchmarks.md, sixteenth session).
/// Starting the long lists at 1 KiB's worth instead of four elements made
/// them slower (1,000 small structs +47% instructions), so they keep four.
#[inline]
fn vec_start<T>(len: usize) -> usize {
    let len = prealloc::<T>(len);
    if len.saturating_mul(std::mem::size_of::<T>()) < SMALL_REQUEST {
        len
    } else {
        len.min(VEC_START)
    }
}

/// See [`vec_start`].
const VEC_START: usize = 4;

/// glibc's first "large" request size (its large bins start here on 64-bit
/// targets): a first reservation below it never makes malloc merge freed
/// blocks.
const SMALL_REQUEST: usize = 1024;

#[cold]
fn invalid_header(flags: u8, at: usize) -> Error {
    Error::invalid(format!(
        "invalid collection header {flags:#04x} at byte {at}"
    ))
}

/// Writes a collection's length (a varuint32), or fails past 2^32 - 1.
#[inline]
pub(crate) fn write_len(ctx: &mut WriteContext<'_, '_>, len: usize, what: &str) -> Result<()> {
    match u32::try_from(len) {
        Ok(n) => {
            ctx.writer().write_varuint32(n);
            Ok(())
        }
        Err(_) => Err(too_many_elements(len, what)),
    }
}

#[cold]
fn too_many_elements(len: usize, what: &str) -> Error {
    Error::unsupported(format!(
        "a {what} of {len} elements is over the format's 2^32 - 1"
    ))
}

/// Writes elements of one static type (`Vec<T>`, sets, deques).
pub(crate) fn write_same_type<'a, T, I>(
    items: I,
    len: usize,
    ctx: &mut WriteContext<'a, '_>,
) -> Result<()>
where
    T: Serialize + 'a,
    I: Iterator<Item = &'a T> + Clone,
{
    write_len(ctx, len, "list")?;
    if len == 0 {
        return Ok(());
    }
    if T::FORY_TYPE_ID == type_id::UNKNOWN {
        // dynamically typed elements: each carries its own type info
        ctx.take_declared();
        let has_null = items.clone().any(|v| v.fory_is_none());
        if has_null && items.clone().all(|v| v.fory_is_none()) {
            // nulls only: one type, NONE, each element its null flag, as
            // pyfory writes `[None, None]` (with ref tracking too: NONE
            // takes no ref ids)
            ctx.enter("a list")?;
            let w = ctx.writer();
            w.write_u8(coll_flag::SAME_TYPE | coll_flag::HAS_NULL);
            w.write_u8(type_id::NONE);
            for _ in 0..len {
                w.write_i8(ref_flag::NULL);
            }
            ctx.leave();
            return Ok(());
        }
        if let Some(first) = same_dyn_type(items.clone()) {
            // all of one type (nulls aside): the type info once, as
            // pyfory writes such a list, and the header and flags of the
            // typed list of that type (ref flags only for a type that
            // takes them, HAS_NULL as the typed write sets it)
            ctx.enter("a list")?;
            let tracking = first.fory_dyn_tracks_ref(ctx);
            let has_null = has_null
                || (tracking
                    && ctx.is_xlang()
                    && first
                        .fory_dyn_type_key()
                        .is_some_and(crate::types::xlang_value_id));
            let mut flags = coll_flag::SAME_TYPE;
            if tracking {
                flags |= coll_flag::TRACKING_REF;
            }
            if has_null {
                flags |= coll_flag::HAS_NULL;
            }
            ctx.writer().write_u8(flags);
            first.fory_write_dyn_type_info(ctx)?;
            for v in items {
                if (tracking || has_null) && !write_flag(v, ctx, tracking)? {
                    continue;
                }
                v.fory_write_data(ctx)?;
            }
            ctx.leave();
            return Ok(());
        }
        ctx.enter("a list")?;
        // flagged as a tuple's elements are: in native mode only when one
        // of them takes ref ids
        let tracking = ctx.xlang_refs()
            || (ctx.ref_tracking() && items.clone().any(|v| v.fory_dyn_native_tracks_ref()));
        let w = MixedListWriter::header(ctx, has_null, tracking)?;
        for v in items {
            w.element(v, ctx)?;
        }
        ctx.leave();
        return Ok(());
    }
    // a struct element brings its type info (pyfory writes it for a list
    // of dataclasses in both layouts); in xlang mode so does a record
    // batch, dynamic for pyfory (a 1-D n-d array is declared there as its
    // dense array, as pyfory declares `List[pyfory.Float64Array]`)
    let declared = ctx.take_declared()
        && !crate::object::is_struct_id(T::FORY_TYPE_ID)
        && !(crate::object::xlang_dynamic::<T>() && ctx.is_xlang());
    ctx.enter("a list")?;
    let tracking = super::tracks_ref::<T>(ctx);
    let mut has_null = T::FORY_NULLABLE && items.clone().any(|v| v.fory_is_none());
    if tracking && ctx.is_xlang() && crate::types::xlang_value_id(T::FORY_TYPE_ID) {
        // pyfory 1.7.7 reads a list of one bool, number or string type
        // whose header has SAME_TYPE without HAS_NULL through a fast path
        // that takes no element flags, even when TRACKING_REF says they
        // are there (it never tracks such values itself). With HAS_NULL
        // set too it reads each element's ref flag, and keeps the sharing.
        has_null = true;
    }
    let mut flags = coll_flag::SAME_TYPE;
    if declared {
        flags |= coll_flag::DECL_ELEMENT_TYPE;
    }
    if tracking {
        flags |= coll_flag::TRACKING_REF;
    }
    if has_null {
        flags |= coll_flag::HAS_NULL;
    }
    ctx.writer().write_u8(flags);
    if !declared {
        T::fory_write_type_info(ctx)?;
    }
    // elements of a declared collection are declared too; only element
    // types that read the mark get it (the mark is clear between writes)
    let marks = declared && T::FORY_READS_DECLARED;
    if T::FORY_PLAIN && !tracking && !has_null {
        // data alone, no flags (strings, numbers): every element on one
        // output cursor. (Room made once per kibibyte of elements of
        // bounded width, as a struct's leading fields have, measured
        // slower on a list of eleven instants: the loop's bookkeeping
        // cost more than the capacity checks it saved, a compare and a
        // branch each.)
        let mut run = ctx.plain();
        for v in items {
            v.fory_write_plain(&mut run);
        }
        drop(run);
        ctx.leave();
        return Ok(());
    }
    if T::FORY_PLAIN_SOME && !tracking && !marks {
        // `Option`s of plain data: each element's flag (when the list has
        // nulls) and data on one output cursor
        let mut run = ctx.plain();
        if has_null {
            for v in items {
                v.fory_write_plain_element(&mut run, true);
            }
        } else {
            for v in items {
                v.fory_write_plain_element(&mut run, false);
            }
        }
        drop(run);
        ctx.leave();
        return Ok(());
    }
    if !tracking && !has_null && !marks {
        // data alone, one element after another (structs: their setup
        // once for the run)
        T::fory_write_data_each(items, ctx)?;
        ctx.leave();
        return Ok(());
    }
    if tracking && !has_null && !marks && super::ids_numbered_at_once::<T>() {
        // structs that take ids, none of them can be referenced again
        // (no ref key), and their fields give out none: the ids numbered
        // at once, each element its `REF_VALUE` flag and data, one run
        ctx.refs().skip_n(len);
        T::fory_write_entries(items.map(|v| (RefValueKey, v)), ctx)?;
        ctx.leave();
        return Ok(());
    }
    if !tracking && !marks {
        // nulls among the elements: each one's flag, and the data of
        // those not null (`Option`s of structs: those as one run)
        T::fory_write_flagged_each(items, ctx)?;
        ctx.leave();
        return Ok(());
    }
    for v in items {
        if (tracking || has_null) && !write_flag(v, ctx, tracking)? {
            continue;
        }
        if marks {
            ctx.set_declared(true);
        }
        v.fory_write_data(ctx)?;
        if marks {
            ctx.set_declared(false);
        }
    }
    ctx.leave();
    Ok(())
}

/// Whether a collection of `T` is, as a struct field, a run of plain data
/// after a fixed header ([`ForyType::FORY_FIELD_PLAIN`]): `T` is plain
/// ([`ForyType::FORY_PLAIN`]) and never carries a null or ref flag, so
/// [`write_same_type`] writes the length, `SAME_TYPE | DECL_ELEMENT_TYPE`
/// and then each element's data on one cursor.
pub(crate) const fn plain_elements<T: ForyType>() -> bool {
    T::FORY_PLAIN && !T::FORY_NULLABLE && !T::FORY_TRACKS_REF && T::FORY_TYPE_ID != type_id::UNKNOWN
}

/// A collection field of [`plain_elements`] on a struct's output cursor:
/// the bytes [`write_same_type`] writes for it as a declared field, with
/// the same errors (too many elements; the nesting limit, checked only
/// when there are elements).
#[inline(always)]
pub(crate) fn write_plain_list<'a, T, I>(
    items: I,
    len: usize,
    w: &mut PlainWriter<'_>,
    nest: Nest,
) -> Result<()>
where
    T: Serialize + 'a,
    I: Iterator<Item = &'a T>,
{
    debug_assert!(plain_elements::<T>());
    let Ok(n) = u32::try_from(len) else {
        return Err(too_many_elements(len, "list"));
    };
    w.write_varuint32(n);
    if n == 0 {
        return Ok(());
    }
    nest.check("a list")?;
    w.write_u8(coll_flag::SAME_TYPE | coll_flag::DECL_ELEMENT_TYPE);
    for v in items {
        v.fory_write_plain(w);
    }
    Ok(())
}

/// The first non-null element when every non-null element has the same
/// [`Serialize::fory_dyn_type_key`] (and there is one).
fn same_dyn_type<'a, T, I>(mut items: I) -> Option<&'a T>
where
    T: Serialize + 'a,
    I: Iterator<Item = &'a T>,
{
    let first = items.find(|v| !v.fory_is_none())?;
    let key = first.fory_dyn_type_key()?;
    items
        .all(|v| v.fory_is_none() || v.fory_dyn_type_key() == Some(key))
        .then_some(first)
}

/// Writes a list whose elements have different static types (tuples):
/// each element carries its own type info.
#[derive(Debug)]
pub struct MixedListWriter {
    flags: u8,
}

impl MixedListWriter {
    /// Starts a tuple-like list of `len` elements.
    pub fn begin(ctx: &mut WriteContext<'_, '_>, len: usize, has_null: bool) -> Result<Self> {
        let tracking = ctx.ref_tracking();
        Self::begin_tracked(ctx, len, has_null, tracking)
    }

    /// [`begin`](Self::begin) with the elements' ref flags only when
    /// `tracking` (a tuple in native mode whose element types are never
    /// written as back-references passes false).
    pub(crate) fn begin_tracked(
        ctx: &mut WriteContext<'_, '_>,
        len: usize,
        has_null: bool,
        tracking: bool,
    ) -> Result<Self> {
        ctx.take_declared();
        write_len(ctx, len, "tuple")?;
        if len == 0 {
            return Ok(MixedListWriter { flags: 0 });
        }
        Self::header(ctx, has_null, tracking)
    }

    /// Writes the header byte of a non-empty mixed list (its length is
    /// already written).
    pub(crate) fn header(
        ctx: &mut WriteContext<'_, '_>,
        has_null: bool,
        tracking: bool,
    ) -> Result<Self> {
        let mut flags = 0;
        if tracking {
            flags |= coll_flag::TRACKING_REF;
        }
        if has_null {
            flags |= coll_flag::HAS_NULL;
        }
        ctx.writer().write_u8(flags);
        Ok(MixedListWriter { flags })
    }

    /// Writes the next element.
    pub fn element<'a, T: Serialize>(
        &self,
        v: &'a T,
        ctx: &mut WriteContext<'a, '_>,
    ) -> Result<()> {
        let tracking = self.flags & coll_flag::TRACKING_REF != 0;
        let flagged = self.flags & (coll_flag::TRACKING_REF | coll_flag::HAS_NULL) != 0;
        if !flagged || write_flag(v, ctx, tracking && v.fory_dyn_tracks_ref(ctx))? {
            v.fory_write_dyn_type_info(ctx)?;
            v.fory_write_data(ctx)?;
        }
        Ok(())
    }
}

/// Reads the elements of a LIST or SET, whatever header the writer chose.
#[derive(Debug)]
pub struct ListReader {
    /// Number of elements.
    pub len: usize,
    flags: u8,
    elem_type: Option<u8>,
    /// The elements are of different Rust types (a tuple, a union case's
    /// fields): a null element of a type other than the list's one
    /// element type reads as null. Not so for a `Vec`, deque or set of
    /// `T`s, whose elements must all be of `T`'s type.
    mixed: bool,
}

impl ListReader {
    /// Reads the LIST/SET header of a list whose elements are of
    /// different Rust types (a tuple, a union case's fields).
    pub fn begin(ctx: &mut ReadContext<'_, '_>) -> Result<Self> {
        let mut lr = Self::begin_with(ctx, 1)?;
        lr.mixed = true;
        Ok(lr)
    }

    /// Reads the header of a list of `T`s. Elements that may take no bytes
    /// at all (structs without fields: `vec![Marker; 14]` is a few bytes)
    /// are not counted against the bytes left; their number is bounded by
    /// work instead: [`next`](Self::next) charges each element that read no
    /// input to the stream's free-memory budget.
    pub(crate) fn begin_for<T: ForyType>(ctx: &mut ReadContext<'_, '_>) -> Result<Self> {
        let min_item = if may_take_no_bytes(T::FORY_TYPE_ID) {
            0
        } else {
            1
        };
        Self::begin_with(ctx, min_item)
    }

    /// In line: out of line, MediaContent's two lists paid 47 instructions
    /// each for a length and a flags byte (in line, deserialize -1.5%, wall
    /// -5%).
    #[inline]
    pub(crate) fn begin_with(ctx: &mut ReadContext<'_, '_>, min_item: usize) -> Result<Self> {
        let len = ctx.read_len(min_item, "list")?;
        let mut flags = 0;
        if len > 0 {
            flags = ctx.reader().read_u8()?;
            if flags & 0xf0 != 0 {
                return Err(invalid_header(flags, ctx.reader().position() - 1));
            }
        }
        Ok(ListReader {
            len,
            flags,
            elem_type: None,
            mixed: false,
        })
    }

    /// For a list whose elements are all of one type with no per-element
    /// flag (neither references nor nulls): the elements' type id, read
    /// now (or declared), so every element is [`Deserialize::fory_read_data`]
    /// with it. `None` for other lists: read them with [`next`](Self::next).
    #[inline]
    pub(crate) fn plain_elements<T: Deserialize>(
        &mut self,
        ctx: &mut ReadContext<'_, '_>,
    ) -> Result<Option<u8>> {
        self.settle_elem_type_if::<T>(ctx, true, 0)
    }

    /// For a ref-tracked list of structs all of one type with no null
    /// among them: the elements' type id, so that each element is its ref
    /// flag and then its data ([`Deserialize::fory_read_data_each`],
    /// flagged; a derived struct's run). `None` for other lists, which
    /// [`next`](Self::next) reads: for them the run is the same per-value
    /// loop (for a list of `Arc`s, with the value's read out of line: +5
    /// instructions an element).
    #[inline]
    pub(crate) fn tracked_elements<T: Deserialize>(
        &mut self,
        ctx: &mut ReadContext<'_, '_>,
    ) -> Result<Option<u8>> {
        self.settle_elem_type_if::<T>(ctx, T::FORY_READS_RUNS, coll_flag::TRACKING_REF)
    }

    /// [`settle_elem_type`](Self::settle_elem_type) when `enabled` (a
    /// constant of `T`), the list's elements are all of one type, and of
    /// its ref and null bits exactly `bits` are set; `None`, reading
    /// nothing, otherwise (or when the type is settled already).
    #[inline]
    fn settle_elem_type_if<T: Deserialize>(
        &mut self,
        ctx: &mut ReadContext<'_, '_>,
        enabled: bool,
        bits: u8,
    ) -> Result<Option<u8>> {
        let wanted = enabled
            && self.flags & (coll_flag::TRACKING_REF | coll_flag::HAS_NULL) == bits
            && self.flags & coll_flag::SAME_TYPE != 0;
        if !wanted || self.elem_type.is_some() {
            return Ok(None);
        }
        self.settle_elem_type::<T>(ctx)
    }

    /// The elements' type id, declared or read where `next` would read
    /// it (before the first element), kept for the rest of the list;
    /// `None` when [`read_elem_type`](Self::read_elem_type) found a list
    /// of nulls.
    #[inline]
    fn settle_elem_type<T: Deserialize>(
        &mut self,
        ctx: &mut ReadContext<'_, '_>,
    ) -> Result<Option<u8>> {
        let id = if self.flags & coll_flag::DECL_ELEMENT_TYPE != 0 {
            Some(T::FORY_TYPE_ID)
        } else {
            self.read_elem_type::<T>(ctx)?
        };
        self.elem_type = id;
        Ok(id)
    }

    /// [`next`](Self::next)'s flagged element of a type over
    /// [`BIG_ELEMENT`] bytes: charged ([`charge_if_big`]). Out of line, so
    /// that the usual elements' read is what it always was.
    #[inline(never)]
    fn next_flagged_big<T: Deserialize>(
        ctx: &mut ReadContext<'_, '_>,
        known: Option<u8>,
    ) -> Result<T> {
        let before = ctx.reader().position();
        let flag = ctx.reader().read_i8()?;
        let v = read_flagged(ctx, flag, known)?;
        charge_if_big::<T>(ctx, before)?;
        Ok(v)
    }

    /// True when a list's shared type info is next and is a bare built-in
    /// type id (no name or TypeDef after it) that `T` does not read, and
    /// the element after it is null: a tuple's null first element whose
    /// other elements share that type.
    fn null_of_other_type<T: Deserialize>(ctx: &mut ReadContext<'_, '_>) -> bool {
        let r = ctx.reader();
        match (r.peek_at(0), r.peek_at(1)) {
            (Some(id), Some(flag)) => {
                let bare = (type_id::BOOL..=type_id::MAP).contains(&id)
                    || (type_id::DURATION..=type_id::FLOAT64_ARRAY).contains(&id);
                bare && !T::fory_accepts(id) && flag == ref_flag::NULL as u8
            }
            _ => false,
        }
    }

    /// The shared element type info of a list of `T`s: `T`'s. Or, for a
    /// nullable `T`, NONE, which pyfory gives a list of nothing but `None`
    /// (`[None, None]`, each element a null flag): the list is then read
    /// as one whose elements carry their own type info (none does: each
    /// is null; one that is not must bring its type), and this gives
    /// `None`. (Unless NONE is `T`'s own type: `Option<()>`.)
    #[inline]
    fn read_elem_type<T: Deserialize>(
        &mut self,
        ctx: &mut ReadContext<'_, '_>,
    ) -> Result<Option<u8>> {
        if T::FORY_NULLABLE
            && T::FORY_TYPE_ID != type_id::NONE
            && ctx.reader().peek_at(0) == Some(type_id::NONE)
        {
            ctx.reader().consume(1);
            self.flags &= !coll_flag::SAME_TYPE;
            return Ok(None);
        }
        T::fory_read_type_info(ctx).map(Some)
    }

    /// [`plain_elements`](Self::plain_elements) for a list of `Option`s of
    /// plain data ([`FORY_PLAIN_SOME`](ForyType::FORY_PLAIN_SOME)) with
    /// nulls: all of one type, each element a null flag and, when not
    /// null, its data; no references. `None` for other lists.
    #[inline]
    pub(crate) fn flagged_plain_elements<T: Deserialize>(
        &mut self,
        ctx: &mut ReadContext<'_, '_>,
    ) -> Result<Option<u8>> {
        self.settle_elem_type_if::<T>(ctx, T::FORY_PLAIN_SOME, coll_flag::HAS_NULL)
    }

    /// Reads the next element as `T`.
    pub fn next<T: Deserialize>(&mut self, ctx: &mut ReadContext<'_, '_>) -> Result<T> {
        let flagged = self.flags & (coll_flag::TRACKING_REF | coll_flag::HAS_NULL) != 0;
        // a null of another type than the list's: a tuple's only
        let other_nulls = flagged && self.mixed;
        let known = if self.flags & coll_flag::SAME_TYPE != 0 {
            match self.elem_type {
                Some(id) => {
                    if !T::fory_accepts(id) {
                        // a null element of a tuple whose other elements
                        // share a type (pyfory's `("a", None)`): its flag
                        // alone, whatever the list's type
                        if other_nulls && ctx.reader().peek_at(0) == Some(ref_flag::NULL as u8) {
                            let flag = ctx.reader().read_i8()?;
                            return read_flagged(ctx, flag, None);
                        }
                        let at = ctx.reader().position();
                        return Err(unexpected_type_id::<T>(id, at));
                    }
                    Some(id)
                }
                None if other_nulls
                    && self.flags & coll_flag::DECL_ELEMENT_TYPE == 0
                    && Self::null_of_other_type::<T>(ctx) =>
                {
                    // the same, the tuple's first element: the list's
                    // type info is a bare type id, kept for the others
                    let id = ctx.reader().read_u8()?;
                    self.elem_type = Some(id);
                    let flag = ctx.reader().read_i8()?;
                    return read_flagged(ctx, flag, None);
                }
                None => {
                    let id = if self.flags & coll_flag::DECL_ELEMENT_TYPE != 0 {
                        Some(T::FORY_TYPE_ID)
                    } else {
                        self.read_elem_type::<T>(ctx)?
                    };
                    self.elem_type = id;
                    id
                }
            }
        } else {
            None
        };
        if flagged {
            if std::mem::size_of::<T>() > BIG_ELEMENT {
                return Self::next_flagged_big(ctx, known);
            }
            // the flag byte is the element's input
            let flag = ctx.reader().read_i8()?;
            read_flagged(ctx, flag, known)
        } else {
            let before = ctx.reader().position();
            let v = read_typed(ctx, known)?;
            charge_element::<T>(ctx, before)?;
            Ok(v)
        }
    }
}

/// [`Deserialize::fory_read_data_each`] one value at a time: `len` values
/// of type id `id`, each its data alone (after its ref flag when
/// `flagged`), onto `out`.
#[inline]
pub fn read_each_value<T: Deserialize>(
    ctx: &mut ReadContext<'_, '_>,
    id: u8,
    len: usize,
    out: &mut Vec<T>,
    flagged: bool,
) -> Result<()> {
    if flagged {
        for _ in 0..len {
            let before = ctx.reader().position();
            let flag = ctx.reader().read_i8()?;
            push_element(out, read_flagged(ctx, flag, Some(id))?);
            charge_if_big::<T>(ctx, before)?;
        }
        return Ok(());
    }
    for _ in 0..len {
        let before = ctx.reader().position();
        push_element(out, T::fory_read_element_data(ctx, id)?);
        charge_element::<T>(ctx, before)?;
    }
    Ok(())
}

/// The ref flag before an element of a ref-tracked run of a derived
/// struct `T`: true when the element's data follows (`REF_VALUE`, which
/// takes the next ref id, or `NOT_NULL`); false when the element was read
/// whole onto `out` (any other flag, which for a struct is an error:
/// a null, or a back-reference to a value it cannot share). The ref id
/// is given out as a slot no reference may use, in one push: a struct's
/// read keeps no copy to share ([`Deserialize::fory_to_shared`] is
/// `None`), where the generic path reserves the slot and fills it after.
#[inline(always)]
pub fn read_run_flag<T: Deserialize>(
    ctx: &mut ReadContext<'_, '_>,
    id: u8,
    out: &mut Vec<T>,
) -> Result<bool> {
    let flag = ctx.reader().read_i8()?;
    if flag == ref_flag::REF_VALUE {
        ctx.push_unshareable_ref(T::fory_type_name());
        Ok(true)
    } else if flag == ref_flag::NOT_NULL {
        Ok(true)
    } else {
        push_element(out, read_flagged(ctx, flag, Some(id))?);
        Ok(false)
    }
}

/// `out.push(value)` with the growth out of line, for the loops that read
/// a list's elements. With the check that there is room made here, where
/// the compiler sees it, the push in the likely branch has no growth call
/// for the value to live across, so a value read into registers is
/// stored straight into the vector. `Vec::push` alone built each element
/// on the stack and copied it over with wider loads than the stores that
/// had just made it, which stalled (store forwarding fails).
#[inline(always)]
pub fn push_element<T>(out: &mut Vec<T>, value: T) {
    if out.len() < out.capacity() {
        out.push(value);
    } else {
        push_growing(out, value);
    }
}

/// [`push_element`] when the vector is full.
#[cold]
#[inline(never)]
fn push_growing<T>(out: &mut Vec<T>, value: T) {
    out.push(value);
}

/// Elements of at most this many bytes in memory are charged to the
/// read's budget only when they read no input; larger ones whenever they
/// take more memory than [`FREE_BYTES_PER_INPUT_BYTE`] per byte read plus
/// this many (see [`charge_element`]).
const BIG_ELEMENT: usize = 512;

/// Charges a collection element of type `T`, read since position
/// `before`, to the read's budget of memory made from nothing
/// (`ReadContext::charge_free`):
/// - an element that read no input, its size (a zero-sized one a byte, so
///   the budget bounds the work of a hostile length, not only its
///   memory). Types that always read input
///   ([`ForyType::FORY_READ_TAKES_INPUT`]) skip this check;
/// - an element larger than `BIG_ELEMENT` bytes, what it takes beyond
///   `FREE_BYTES_PER_INPUT_BYTE` per byte it read plus `BIG_ELEMENT`: a
///   null or a unit variant is a byte or two on the wire, and an
///   `Option<[u8; 65536]>` is 64 KiB in a `Vec`, so without this a short
///   stream of nulls could ask for gigabytes.
///
/// Both tests on the size are constants: for the usual elements this is
/// at most the one compare it always was.
#[inline(always)]
pub fn charge_element<T: ForyType>(ctx: &mut ReadContext<'_, '_>, before: usize) -> Result<()> {
    if std::mem::size_of::<T>() > BIG_ELEMENT {
        charge_if_big::<T>(ctx, before)?;
    } else if !T::FORY_READ_TAKES_INPUT && ctx.reader().position() == before {
        charge_empty_element::<T>(ctx)?;
    }
    Ok(())
}

/// The second half of [`charge_element`] alone (a map entry, whose
/// empty-entry check is its own).
#[inline(always)]
pub(crate) fn charge_if_big<T>(ctx: &mut ReadContext<'_, '_>, before: usize) -> Result<()> {
    let size = std::mem::size_of::<T>();
    if size <= BIG_ELEMENT {
        return Ok(());
    }
    let paid = (ctx.reader().position() - before).saturating_mul(FREE_BYTES_PER_INPUT_BYTE);
    if size > paid.saturating_add(BIG_ELEMENT) {
        charge_big_element(ctx, size - paid)?;
    }
    Ok(())
}

/// [`charge_if_big`]'s charge, out of line.
#[inline(never)]
fn charge_big_element(ctx: &mut ReadContext<'_, '_>, bytes: usize) -> Result<()> {
    ctx.charge_free(bytes, "large elements (nulls, unit variants)")
}

/// [`charge_element`]'s charge of an element that read nothing, out of
/// line (elements of no bytes are rare outside hostile input).
#[inline(never)]
fn charge_empty_element<T>(ctx: &mut ReadContext<'_, '_>) -> Result<()> {
    ctx.charge_free(std::mem::size_of::<T>().max(1), "list elements")
}

/// True for element type ids whose values may have no bytes of their own:
/// structs (one without fields writes nothing in compatible mode, nor in
/// native schema-consistent mode after the first value's schema hash) and
/// NONE (`()`, which has no data).
pub(crate) fn may_take_no_bytes(id: u8) -> bool {
    crate::object::is_struct_id(id) || id == type_id::NONE
}

/// Reads a LIST (or SET) into a `Vec`.
pub(crate) fn read_vec<T: Deserialize>(ctx: &mut ReadContext<'_, '_>) -> Result<Vec<T>> {
    let mut lr = ListReader::begin_for::<T>(ctx)?;
    if lr.len == 0 {
        // empty: no nesting, as on the write side
        return Ok(Vec::new());
    }
    ctx.enter("a list")?;
    let mut out = Vec::with_capacity(vec_start::<T>(lr.len));
    if let Some(id) = lr.plain_elements::<T>(ctx)? {
        // one type, no flags: the element type is settled once, and each
        // element is its data alone
        T::fory_read_data_each::<false>(ctx, id, lr.len, &mut out)?;
    } else if let Some(id) = lr.flagged_plain_elements::<T>(ctx)? {
        // `Option`s of plain data with nulls: each element's flag, then
        // `Some`'s data read in line; any other flag as `next` reads it
        for _ in 0..lr.len {
            let flag = ctx.reader().read_i8()?;
            let v = if flag == ref_flag::NOT_NULL {
                T::fory_read_data(ctx, id)?
            } else {
                read_flagged(ctx, flag, Some(id))?
            };
            push_element(&mut out, v);
        }
    } else {
        if lr.flags & coll_flag::TRACKING_REF != 0 {
            // each element may take a ref id. Before the elements' type
            // info, which a compatible stream's first list reads (a
            // TypeDef, a few small blocks): made after them, the table
            // sat where glibc's malloc then merged freed blocks on every
            // later read (+4.7% instructions, 100 small structs)
            ctx.reserve_ref_slots(lr.len);
        }
        if let Some(id) = lr.tracked_elements::<T>(ctx)? {
            // one type, each element after its ref flag
            T::fory_read_data_each::<true>(ctx, id, lr.len, &mut out)?;
        } else {
            for _ in 0..lr.len {
                push_element(&mut out, lr.next(ctx)?);
            }
        }
    }
    ctx.leave();
    Ok(out)
}

// ----- Vec<T>, [T], [T; N] -----

/// The element type of a list-like type written as LIST/SET; none for a
/// dense array.
pub(crate) fn list_children<T: ForyType>(own_id: u8) -> Children {
    if own_id == type_id::LIST || own_id == type_id::SET {
        Children::Element(TypeNode::of::<T>)
    } else {
        Children::None
    }
}

impl<T: ForyType> ForyType for Vec<T> {
    const FORY_TYPE_ID: u8 = T::FORY_SLICE_TYPE_ID;
    const FORY_TRACKS_REF: bool = true;
    // never a back-reference (no ref key)
    const FORY_NATIVE_TRACKS_REF: bool = false;
    const FORY_FIELD_PLAIN: bool = T::FORY_SLICE_TYPE_ID == type_id::LIST && plain_elements::<T>();
    fn fory_children() -> Children {
        list_children::<T>(Self::FORY_TYPE_ID)
    }
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        // a set's body is a list's: its elements read into a list
        T::fory_vec_accepts(id)
    }
}

impl<T: Serialize> Serialize for Vec<T> {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        T::fory_write_slice(self, ctx)
    }

    #[inline(always)]
    fn fory_write_field_fixed(&self, w: &mut FixedWriter<'_, '_>, nest: Nest) -> Result<()> {
        write_plain_list(self.iter(), self.len(), w.plain(), nest)
    }
}

impl<T: Deserialize> Deserialize for Vec<T> {
    fn fory_zero() -> Option<Self> {
        Some(Vec::new())
    }

    #[inline]
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
        T::fory_read_vec(ctx, type_id)
    }
}

impl<T: ForyType> ForyType for [T] {
    const FORY_TYPE_ID: u8 = T::FORY_SLICE_TYPE_ID;
    const FORY_TRACKS_REF: bool = true;
    // never a back-reference (no ref key)
    const FORY_NATIVE_TRACKS_REF: bool = false;
    fn fory_children() -> Children {
        list_children::<T>(Self::FORY_TYPE_ID)
    }
    /// What a `Vec<T>` reads (`Box<[T]>`, `Rc<[T]>` and `Arc<[T]>` read
    /// through one).
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        <Vec<T> as ForyType>::fory_accepts(id)
    }
}

impl<T: Serialize> Serialize for [T] {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        T::fory_write_slice(self, ctx)
    }
}

impl<T: ForyType, const N: usize> ForyType for [T; N] {
    const FORY_TYPE_ID: u8 = T::FORY_SLICE_TYPE_ID;
    const FORY_TRACKS_REF: bool = true;
    // never a back-reference (no ref key)
    const FORY_NATIVE_TRACKS_REF: bool = false;
    const FORY_FIELD_PLAIN: bool = T::FORY_SLICE_TYPE_ID == type_id::LIST && plain_elements::<T>();
    fn fory_children() -> Children {
        list_children::<T>(Self::FORY_TYPE_ID)
    }
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        // a set's body is a list's: its elements read into a list
        T::fory_vec_accepts(id)
    }
}

impl<T: Serialize, const N: usize> Serialize for [T; N] {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        T::fory_write_slice(self, ctx)
    }

    #[inline(always)]
    fn fory_write_field_fixed(&self, w: &mut FixedWriter<'_, '_>, nest: Nest) -> Result<()> {
        write_plain_list(self.iter(), N, w.plain(), nest)
    }
}

impl<T: Deserialize, const N: usize> Deserialize for [T; N] {
    // `N` zero values, when the element type has one
    fn fory_zero() -> Option<Self> {
        let zeros: Option<Vec<T>> = (0..N).map(|_| T::fory_zero()).collect();
        zeros?.try_into().ok()
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
        let v = T::fory_read_vec(ctx, type_id)?;
        let len = v.len();
        v.try_into().map_err(|_| {
            Error::type_mismatch(
                Self::fory_type_name(),
                format_args!("a list of {len} elements"),
            )
        })
    }
}

// ----- VecDeque, sets -----

/// Sequences other than `Vec`: a LIST of one static element type, read
/// through a `Vec` and converted with `$from`. (A `BinaryHeap` is written
/// in its own unspecified order; the reader rebuilds the heap.)
macro_rules! list_like {
    ($($coll:ident $(: $bound:ident)?, $from:path;)*) => {$(
        impl<T: ForyType $(+ $bound)?> ForyType for $coll<T> {
            const FORY_TYPE_ID: u8 = type_id::LIST;
            const FORY_TRACKS_REF: bool = true;
            // never a back-reference (no ref key)
            const FORY_NATIVE_TRACKS_REF: bool = false;
            const FORY_FIELD_PLAIN: bool = plain_elements::<T>();
            fn fory_children() -> Children {
                list_children::<T>(Self::FORY_TYPE_ID)
            }
            /// What a `Vec<T>` reads: a LIST or SET, and the element's
            /// dense array (pyfory's numpy arrays).
            #[inline]
            fn fory_accepts(id: u8) -> bool {
                <Vec<T> as ForyType>::fory_accepts(id)
            }
        }

        impl<T: Serialize $(+ $bound)?> Serialize for $coll<T> {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                write_same_type(self.iter(), self.len(), ctx)
            }

            #[inline(always)]
            fn fory_write_field_fixed(&self, w: &mut FixedWriter<'_, '_>, nest: Nest) -> Result<()> {
                write_plain_list(self.iter(), self.len(), w.plain(), nest)
            }
        }

        impl<T: Deserialize $(+ $bound)?> Deserialize for $coll<T> {
            fn fory_zero() -> Option<Self> {
                Some($coll::new())
            }

            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
                T::fory_read_vec(ctx, type_id).map($from)
            }
        }
    )*};
}

list_like! {
    VecDeque, VecDeque::from;
    LinkedList, LinkedList::from_iter;
    BinaryHeap: Ord, BinaryHeap::from;
}

/// Reads a SET (or LIST) into `set`: `reserve` gets its element count
/// (bounded by the input left, and by [`prealloc`] for memory), then
/// `insert` each element (a duplicate is the set's to resolve).
pub(crate) fn read_set<T: Deserialize, C>(
    ctx: &mut ReadContext<'_, '_>,
    set: &mut C,
    reserve: impl FnOnce(&mut C, usize),
    mut insert: impl FnMut(&mut C, T),
) -> Result<()> {
    let mut lr = ListReader::begin_for::<T>(ctx)?;
    if lr.len == 0 {
        return Ok(());
    }
    reserve(set, prealloc::<T>(lr.len));
    ctx.enter("a set")?;
    for _ in 0..lr.len {
        let v = lr.next(ctx)?;
        insert(set, v);
    }
    ctx.leave();
    Ok(())
}

/// A dense array's type id (BINARY or a `*_ARRAY`), which a sequence of
/// numbers other than a `Vec` of them reads through one
/// ([`ForyType::fory_vec_accepts`]).
#[inline]
pub(crate) const fn dense_id(id: u8) -> bool {
    id == type_id::BINARY || (id >= type_id::BOOL_ARRAY && id <= type_id::FLOAT64_ARRAY)
}

/// The `FORY_SLICE_TYPE_ID` of a type whose values are those of a plain
/// type whose own is `plain` (an atomic, `Wrapping`, `Cell`, a `NonZero`
/// integer): the plain type's dense array when it has one, so a `Vec` of
/// them is the plain `Vec`'s bytes, TypeDef and schema hash; else LIST.
#[inline]
pub(crate) const fn mirrored_slice_id(plain: u8) -> u8 {
    if dense_id(plain) {
        plain
    } else {
        type_id::LIST
    }
}

/// Room for `n` more elements where the set type has such a thing.
pub(crate) trait ReserveFor {
    fn reserve_for(&mut self, n: usize);
}

impl<T> ReserveFor for BTreeSet<T> {
    #[inline]
    fn reserve_for(&mut self, _n: usize) {}
}

macro_rules! set_impl {
    ($set:ident < T $(, $s:ident)? >, $($bound:path),*) => {
        impl<T: ForyType $(, $s)?> ForyType for $set<T $(, $s)?> {
            const FORY_TYPE_ID: u8 = type_id::SET;
            const FORY_TRACKS_REF: bool = true;
            // never a back-reference (no ref key)
            const FORY_NATIVE_TRACKS_REF: bool = false;
            const FORY_FIELD_PLAIN: bool = plain_elements::<T>();
            fn fory_children() -> Children {
                list_children::<T>(Self::FORY_TYPE_ID)
            }
            /// A SET or LIST, or the element's dense array (numbers).
            #[inline]
            fn fory_accepts(id: u8) -> bool {
                T::fory_vec_accepts(id)
            }
        }

        impl<T: Serialize $(, $s)?> Serialize for $set<T $(, $s)?> {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                write_same_type(self.iter(), self.len(), ctx)
            }

            #[inline(always)]
            fn fory_write_field_fixed(&self, w: &mut FixedWriter<'_, '_>, nest: Nest) -> Result<()> {
                write_plain_list(self.iter(), self.len(), w.plain(), nest)
            }
        }

        impl<T: Deserialize $(+ $bound)* $(, $s: BuildHasher + Default)?> Deserialize for $set<T $(, $s)?> {
            fn fory_zero() -> Option<Self> {
                Some(Self::default())
            }

            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
                if dense_id(type_id) {
                    return Ok(T::fory_read_vec(ctx, type_id)?.into_iter().collect());
                }
                let mut out = Self::default();
                read_set(ctx, &mut out, Self::reserve_for, |s, v| {
                    s.insert(v);
                })?;
                Ok(out)
            }
        }
    };
}

/// A set keyed by hash with a hasher `S` (std's `HashSet`, hashbrown's,
/// `IndexSet`): `set_impl!`'s impls, and a read that reserves room for
/// the length it is given.
macro_rules! hashed_set {
    ($set:ident) => {
        set_impl!($set<T, S>, Eq, Hash);

        impl<T: Eq + Hash, S: BuildHasher> ReserveFor for $set<T, S> {
            #[inline]
            fn reserve_for(&mut self, n: usize) {
                self.reserve(n);
            }
        }
    };
}

#[cfg(any(feature = "indexmap", feature = "hashbrown"))]
pub(crate) use {hashed_set, set_impl};

hashed_set!(HashSet);
set_impl!(BTreeSet<T>, Ord);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vec_starts_whole_below_one_kib_and_small_past_it() {
        // 40-byte elements: 25 take 1,000 bytes, 26 take 1,040
        assert_eq!(vec_start::<[u8; 40]>(10), 10);
        assert_eq!(vec_start::<[u8; 40]>(25), 25);
        assert_eq!(vec_start::<[u8; 40]>(26), VEC_START);
        assert_eq!(vec_start::<u64>(127), 127);
        assert_eq!(vec_start::<u64>(128), VEC_START);
        // a few elements whatever their size; a hostile length stays small
        assert_eq!(vec_start::<[u8; 4096]>(3), 3);
        assert_eq!(vec_start::<[u8; 4096]>(5), VEC_START);
        assert_eq!(vec_start::<u8>(usize::MAX), VEC_START);
        // zero-sized elements allocate nothing at any capacity
        assert_eq!(
            Vec::<()>::with_capacity(vec_start::<()>(usize::MAX)).capacity(),
            usize::MAX
        );
    }
}
