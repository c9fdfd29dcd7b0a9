//! The serialization traits and the built-in impls, one file per family.
//!
//! A value on the wire is `[ref/null flag][type info][data]`. Inside a
//! collection whose elements share a type, the type info is written once
//! and the flags only when the header says so. The traits split along
//! those lines:
//!
//! - [`ForyType`]: what a type is on the wire (its type id, whether it is
//!   nullable or reference-tracked) and how its type info is written.
//! - [`Serialize::fory_write_data`] / [`Deserialize::fory_read_data`]: the
//!   data alone. These are the two methods a hand-written impl provides.
//! - everything else has defaults: the envelope (`fory_write`,
//!   `fory_read`) and hidden hooks that let `Vec<f64>` be a dense array
//!   while `Vec<String>` is a list.

/// The `Deserialize` items of a plain value with no identity (dates,
/// instants, durations) that a ref-tracked stream may still share: pyfory
/// gives its `date`, `datetime` and `timedelta` objects ref ids under ref
/// tracking and writes a repeated one as a back-reference, which a copy of
/// the value answers.
macro_rules! shared_by_copy {
    () => {
        fn fory_to_shared(&self) -> Option<Box<dyn std::any::Any>> {
            Some(Box::new(*self))
        }
        fn fory_from_shared(shared: &dyn std::any::Any) -> Option<Self> {
            shared.downcast_ref::<Self>().copied()
        }
    };
}

/// The `ForyType` items of a type that owns a run of bytes and is written
/// as `Vec<u8>` is (`BytesMut`, the C strings): BINARY, reading a numpy
/// `uint8` array too, tracked as pyfory tracks `bytes` and never a
/// back-reference (it owns its bytes alone).
macro_rules! owned_binary_type {
    () => {
        const FORY_TYPE_ID: u8 = crate::types::type_id::BINARY;
        const FORY_TRACKS_REF: bool = true;
        const FORY_NATIVE_TRACKS_REF: bool = false;
        #[inline]
        fn fory_accepts(id: u8) -> bool {
            id == crate::types::type_id::BINARY || id == crate::types::type_id::UINT8_ARRAY
        }
    };
}

/// The `ForyType` items of a wrapper that is its contents on the wire
/// (`&T`, `Box`, `Rc`, `Arc`, cells, `Weak`).
macro_rules! forward_type {
    () => {
        const FORY_TYPE_ID: u8 = T::FORY_TYPE_ID;
        const FORY_XLANG_TYPE_ID: u8 = T::FORY_XLANG_TYPE_ID;
        const FORY_IS_OPTION: bool = T::FORY_IS_OPTION;
        const FORY_READS_DECLARED: bool = T::FORY_READS_DECLARED;
        fn fory_type_name() -> &'static str {
            T::fory_type_name()
        }
        fn fory_children() -> crate::object::Children {
            T::fory_children()
        }
        fn fory_user_type() -> Option<std::any::TypeId> {
            T::fory_user_type()
        }
        #[inline]
        fn fory_write_type_info(
            ctx: &mut crate::context::WriteContext<'_, '_>,
        ) -> crate::error::Result<()> {
            T::fory_write_type_info(ctx)
        }
        #[inline]
        fn fory_read_type_info(
            ctx: &mut crate::context::ReadContext<'_, '_>,
        ) -> crate::error::Result<u8> {
            T::fory_read_type_info(ctx)
        }
        #[inline]
        fn fory_accepts(id: u8) -> bool {
            T::fory_accepts(id)
        }
    };
}

#[cfg(feature = "arrow")]
pub mod arrow;
#[cfg(feature = "arrow")]
mod arrow_check;
mod atomic;
mod binary;
mod buffers;
mod c_string;
mod cell;
#[cfg(feature = "chrono")]
pub mod chrono;
pub(crate) mod collection;
#[cfg(feature = "rust_decimal")]
pub mod decimal;
pub(crate) mod decimal_wire;
pub(crate) mod envelope;
#[cfg(feature = "half")]
pub mod half;
#[cfg(feature = "hashbrown")]
pub mod hashbrown;
#[cfg(feature = "indexmap")]
pub mod indexmap;
mod lanes;
pub(crate) mod map;
#[cfg(feature = "ndarray")]
pub mod ndarray;
pub(crate) mod ndarray_wire;
pub(crate) mod number;
mod pointer;
mod range;
mod small_vec;
pub(crate) mod std_types;
pub(crate) mod string;
#[cfg(feature = "time")]
pub mod time;
mod tuple;
#[cfg(feature = "uuid")]
pub mod uuid;

use std::any::Any;

pub use envelope::{read_value, write_value};

use crate::context::{ReadContext, RefKey, WriteContext};
use crate::error::{Error, Result};
use crate::types::type_id;

/// What a type is on the wire.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a Fory type",
    label = "`{Self}` does not implement `ForyType`",
    note = "for your own type: derive it with `#[derive(ForyObject)]`; for another crate's type: `#[fory(with = module)]` on the field, or a newtype that derives or implements the Fory traits",
    note = "an ndarray, arrow, chrono, time, rust_decimal, half, uuid, indexmap, hashbrown, smallvec or bytes type is supported only in the version fory_core was built with (ndarray 0.17, arrow 60, chrono 0.4, time 0.3, rust_decimal 1, half 2, uuid 1, indexmap 2, hashbrown 0.17, smallvec 1, bytes 1): use the re-exports (`fory_core::ndarray`, `fory_core::arrow_array`, `fory_core::chrono`, `fory_core::smallvec`, ...) and enable the feature if it has one"
)]
pub trait ForyType {
    /// The type id written before the value's data.
    const FORY_TYPE_ID: u8;

    /// The type id a struct field (and a list element or map key or value
    /// it declares) of this type is declared with in xlang mode: in its
    /// TypeDef and in the schema hash. The same as
    /// [`FORY_TYPE_ID`](Self::FORY_TYPE_ID) but for types whose xlang
    /// form is another type: a 1-D n-d array is the dense `*_ARRAY` there
    /// (feature `ndarray`); a record batch, an extension type for pyfory,
    /// is UNKNOWN (feature `arrow`): such a field carries its type info in
    /// xlang mode. A type with another form reads data declared under
    /// `FORY_TYPE_ID` in an xlang stream as that form (no xlang stream
    /// holds its native id).
    #[doc(hidden)]
    const FORY_XLANG_TYPE_ID: u8 = Self::FORY_TYPE_ID;

    /// Under `ref_tracking(true)` the value takes a ref id (flag
    /// `REF_VALUE`) rather than `NOT_NULL`. Mirrors pyfory: true for
    /// binary, collections, maps, structs, unions and shared pointers;
    /// false for numbers, strings, enums and decimals.
    const FORY_TRACKS_REF: bool = false;

    /// [`FORY_TRACKS_REF`](Self::FORY_TRACKS_REF) in native mode: false
    /// for types whose values can never be written as a back-reference
    /// (their [`Serialize::fory_ref_key`] is always `None`: derived
    /// structs, collections, maps, tuples). Under ref tracking, native
    /// mode gives their values no ref flag or id, as the official Rust
    /// crate does, so a `Vec` of structs takes the untracked runs; xlang
    /// mode tracks them as pyfory does. Readers follow the flags and
    /// headers either way. The default keeps `FORY_TRACKS_REF`.
    #[doc(hidden)]
    const FORY_NATIVE_TRACKS_REF: bool = Self::FORY_TRACKS_REF;

    /// True when reading a value always consumes input (numbers, strings):
    /// such elements skip the zero-byte check of the read budget.
    #[doc(hidden)]
    const FORY_READ_TAKES_INPUT: bool = false;

    /// True for `Option<T>`: the value may be null.
    const FORY_NULLABLE: bool = false;

    /// True when the data depends on the value and the stream's mode alone
    /// (numbers, `bool`, `String`), never fails, and needs no context
    /// state: [`Serialize::fory_write_plain`] writes it with an output
    /// cursor only, so a struct writes a run of such fields on one
    /// [`PlainWriter`](crate::io::PlainWriter).
    #[doc(hidden)]
    const FORY_PLAIN: bool = false;

    /// True when the data as a non-ref-tracked struct field needs only an
    /// output cursor: [`FORY_PLAIN`](Self::FORY_PLAIN) types, lists, sets
    /// and deques of plain elements that are never null or ref-tracked (as
    /// a field their header is fixed: the element type is declared),
    /// derived unit enums (a field's data is the discriminant alone, a
    /// varuint32: the derive refuses one that does not fit), and
    /// `Option`s of those.
    /// [`Serialize::fory_write_field_fixed`] writes it, after the field's
    /// null flag when the field is nullable, so a struct's run of such
    /// fields shares one [`PlainWriter`](crate::io::PlainWriter).
    #[doc(hidden)]
    const FORY_FIELD_PLAIN: bool = Self::FORY_PLAIN;

    /// The most bytes [`Serialize::fory_write_field_fixed`] writes for a
    /// value when that is bounded (numbers and `bool`: a varint64 9, an
    /// `i32` 5, an `f64` 8; an `Option` of one the same, its flag being the
    /// field's), 0 when it is not (strings, lists). A derived struct makes
    /// room once for its leading fields of bounded width
    /// ([`PlainWriter::fixed`](crate::io::PlainWriter::fixed)). A wrong
    /// figure costs speed only: each write is charged its own width, and
    /// one past the room is checked.
    #[doc(hidden)]
    const FORY_FIELD_WIDTH: usize = 0;

    /// The bytes every value's data takes when that never varies (a
    /// fixed-size number or `bool`: an `f64` 8, an `i16` 2, a `bool` 1),
    /// else 0 (varints, strings, `Option`s). A derived struct takes its
    /// leading such fields' bytes from the input with one bounds check
    /// ([`Reader::fixed`](crate::io::Reader::fixed)) and reads each with
    /// [`Deserialize::fory_read_fixed`], so a nonzero figure must be
    /// exactly what [`Serialize::fory_write_fixed`] writes.
    #[doc(hidden)]
    const FORY_FIXED_WIDTH: usize = 0;

    /// False when writing a value's data never gives out a ref id: a
    /// derived struct whose fields are all written on an output cursor
    /// ([`FORY_FIELD_PLAIN`](Self::FORY_FIELD_PLAIN), not ref-tracked),
    /// which holds no context to number anything with. A ref-tracked list
    /// of such structs (xlang) numbers its elements in one step and
    /// writes them as one run, each after its `REF_VALUE` flag.
    #[doc(hidden)]
    const FORY_DATA_TAKES_REF_IDS: bool = true;

    /// True for shared pointers (`Rc`, `Arc`, `Weak`, and `Option`s or
    /// boxes of them): as struct fields they carry ref flags by default,
    /// so that sharing and cycles survive.
    #[doc(hidden)]
    const FORY_SHARED: bool = false;

    /// True for `Weak` pointers (and `Option`s or boxes of them): a live
    /// one written without a ref flag would read back pointing at nothing,
    /// so a field of one may not opt out of ref flags.
    #[doc(hidden)]
    const FORY_WEAK: bool = false;

    /// True for `Option<T>` (and pointers to one): an `Option` of it could
    /// hold `Some(None)`, which one null flag cannot carry.
    #[doc(hidden)]
    const FORY_IS_OPTION: bool = false;

    /// True when the data written depends on the declared mark
    /// ([`WriteContext::set_declared`]): collections and maps, whose
    /// header says whether their element types were declared. A tuple
    /// (a `LIST` on the wire) clears the mark and writes its elements'
    /// types in any case. Lists, maps and struct fields set the mark only
    /// for types that read it, so a list of tuples writes them as one run.
    #[doc(hidden)]
    const FORY_READS_DECLARED: bool = crate::object::reads_declared_mark(Self::FORY_TYPE_ID);

    /// True for `Option<T>` of a [`FORY_PLAIN`](Self::FORY_PLAIN) `T`
    /// (`Option<i64>`, `Option<String>`): a list of them writes each
    /// element's null flag and data on one output cursor
    /// ([`Serialize::fory_write_plain_element`]).
    #[doc(hidden)]
    const FORY_PLAIN_SOME: bool = false;

    /// Type id of `Vec<Self>` and `[Self]`: `LIST` unless the element type
    /// has a dense array form (`f64` -> `FLOAT64_ARRAY`, `u8` -> `BINARY`).
    #[doc(hidden)]
    const FORY_SLICE_TYPE_ID: u8 = type_id::LIST;

    /// The element, key and value types of collections and maps, for
    /// schema fingerprints and TypeDefs.
    #[doc(hidden)]
    #[inline]
    fn fory_children() -> crate::object::Children {
        crate::object::Children::None
    }

    /// A name for error messages.
    fn fory_type_name() -> &'static str {
        std::any::type_name::<Self>()
    }

    /// The Rust type of a registered user type (derived types), seen
    /// through wrappers such as `Option` and `Box`: TypeDefs record a field
    /// of a struct type registered by name as NAMED_COMPATIBLE_STRUCT.
    #[doc(hidden)]
    #[inline]
    fn fory_user_type() -> Option<std::any::TypeId> {
        None
    }

    /// Writes the type info: the type id, plus the user type's id or name
    /// for registered types.
    #[inline]
    fn fory_write_type_info(ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        ctx.writer().write_u8(Self::FORY_TYPE_ID);
        Ok(())
    }

    /// Reads the type info and checks that it can be read as `Self`;
    /// returns the type id found.
    #[inline]
    fn fory_read_type_info(ctx: &mut ReadContext<'_, '_>) -> Result<u8> {
        let at = ctx.reader().position();
        let id = ctx.reader().read_u8()?;
        if Self::fory_accepts(id) {
            Ok(id)
        } else {
            Err(unexpected_type_id::<Self>(id, at))
        }
    }

    /// True when data written under type id `id` can be read as `Self`
    /// (e.g. any integer kind for `i64`).
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        id == Self::FORY_TYPE_ID
    }

    /// True when data written under type id `id` can be read as a sequence
    /// of `Self` (a `Vec`, a set, ...; [`Deserialize::fory_read_vec`]): a
    /// LIST or SET, or `Self`'s dense array (numbers); an `Option`'s are
    /// its value's, so a `Vec<Option<i32>>` reads an INT32_ARRAY.
    #[doc(hidden)]
    #[inline]
    fn fory_vec_accepts(id: u8) -> bool {
        matches!(id, type_id::LIST | type_id::SET)
            || number::dense_accepts(Self::FORY_SLICE_TYPE_ID, id)
    }
}

/// A value that can be written.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be serialized by Fory",
    label = "`{Self}` does not implement `Serialize`",
    note = "for your own type: derive it with `#[derive(ForyObject)]`; for another crate's type: `#[fory(with = module)]` on the field, or a newtype",
    note = "an ndarray, arrow, chrono, time, rust_decimal, half, uuid, indexmap, hashbrown, smallvec or bytes type is supported only in the version fory_core was built with (ndarray 0.17, arrow 60, chrono 0.4, time 0.3, rust_decimal 1, half 2, uuid 1, indexmap 2, hashbrown 0.17, smallvec 1, bytes 1): use the re-exports (`fory_core::ndarray`, `fory_core::arrow_array`, `fory_core::chrono`, `fory_core::smallvec`, ...) and enable the feature if it has one"
)]
pub trait Serialize: ForyType {
    /// Writes the data alone (no flag, no type info). `'a` is the borrow of
    /// the value: large buffers may be offered to the callback as borrowed
    /// [`BufferObject`](fory_buffers::BufferObject)s.
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()>;

    /// Writes the data of a [`FORY_PLAIN`](ForyType::FORY_PLAIN) type:
    /// the same bytes as [`fory_write_data`](Self::fory_write_data). Only
    /// called for such types; the default writes nothing.
    #[doc(hidden)]
    #[inline(always)]
    fn fory_write_plain(&self, w: &mut crate::io::PlainWriter<'_>) {
        debug_assert!(!Self::FORY_PLAIN, "a plain type must write itself");
        let _ = w;
    }

    /// A list element of a [`FORY_PLAIN_SOME`](ForyType::FORY_PLAIN_SOME)
    /// type on an output cursor: its null flag when `flagged` (the list
    /// has nulls), then `Some`'s data; the bytes the element-by-element
    /// write makes. Only called for such types; the default writes
    /// nothing.
    #[doc(hidden)]
    #[inline(always)]
    fn fory_write_plain_element(&self, w: &mut crate::io::PlainWriter<'_>, flagged: bool) {
        debug_assert!(!Self::FORY_PLAIN_SOME, "such a type must write itself");
        let _ = (w, flagged);
    }

    /// [`fory_write_plain`](Self::fory_write_plain) on a cursor with room
    /// made for a run of bounded-width writes
    /// ([`FixedWriter`](crate::io::FixedWriter)): numbers and `bool`
    /// write on it with no capacity check. The default writes on the
    /// underlying cursor.
    #[doc(hidden)]
    #[inline(always)]
    fn fory_write_fixed(&self, w: &mut crate::io::FixedWriter<'_, '_>) {
        self.fory_write_plain(w.plain());
    }

    /// Writes the data of a [`FORY_FIELD_PLAIN`](ForyType::FORY_FIELD_PLAIN)
    /// type as a struct field: the bytes `write_field` writes for it
    /// after the null flag, if any (not ref-tracked; `None` has no data and
    /// is an error here), on the cursor of a derived struct's plain fields
    /// ([`FixedWriter`](crate::io::FixedWriter): numbers and `bool` on the
    /// room made for the leading ones of bounded width,
    /// [`FORY_FIELD_WIDTH`](ForyType::FORY_FIELD_WIDTH), anything else on
    /// the underlying cursor). `nest` is the nesting the write may still
    /// enter (a list's one level). Only called for such types; the default
    /// writes the plain data ([`fory_write_fixed`](Self::fory_write_fixed));
    /// lists and `Option` write their own.
    #[doc(hidden)]
    #[inline(always)]
    fn fory_write_field_fixed(
        &self,
        w: &mut crate::io::FixedWriter<'_, '_>,
        nest: crate::context::Nest,
    ) -> Result<()> {
        let _ = nest;
        self.fory_write_fixed(w);
        Ok(())
    }

    /// True for a null value (`None`).
    #[inline]
    fn fory_is_none(&self) -> bool {
        false
    }

    /// Identity of a shareable value (`Rc`, `Arc`, `Bytes`): under ref
    /// tracking the same key is written once.
    #[doc(hidden)]
    #[inline]
    fn fory_ref_key(&self) -> Option<RefKey> {
        None
    }

    /// Writes this value's type info: the static
    /// [`ForyType::fory_write_type_info`] except for dynamically typed
    /// values ([`Value`](crate::value::Value)), whose type is per value.
    #[doc(hidden)]
    #[inline]
    fn fory_write_dyn_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        Self::fory_write_type_info(ctx)
    }

    /// For a dynamically typed value (`Value`): the type id its type info
    /// names, when that alone identifies the type (not for user types), so
    /// lists and maps of such values group elements of one type as pyfory
    /// does. `None` for everything else.
    #[doc(hidden)]
    #[inline]
    fn fory_dyn_type_key(&self) -> Option<u8> {
        None
    }

    /// Whether this value takes a ref flag and id in this stream (under
    /// ref tracking): [`tracks_ref`] of its type, except for dynamically
    /// typed values ([`Value`](crate::value::Value)), which answer as the
    /// type of their variant does.
    #[doc(hidden)]
    #[inline(always)]
    fn fory_dyn_tracks_ref(&self, ctx: &WriteContext<'_, '_>) -> bool {
        tracks_ref::<Self>(ctx)
    }

    /// [`ForyType::FORY_NATIVE_TRACKS_REF`] of this value's type: per
    /// value for dynamically typed values, as
    /// [`fory_dyn_tracks_ref`](Self::fory_dyn_tracks_ref).
    #[doc(hidden)]
    #[inline(always)]
    fn fory_dyn_native_tracks_ref(&self) -> bool {
        Self::FORY_NATIVE_TRACKS_REF
    }

    /// Writes flag, type info and data.
    #[inline]
    fn fory_write<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_value(self, ctx)
    }

    /// Writes the data of each item in turn with nothing between them (a
    /// list's elements when none is null or ref-tracked): the same bytes
    /// as [`fory_write_data`](Self::fory_write_data) on each. Derived
    /// structs do their per-value setup (nesting depth, the stream's
    /// mode, the schema hash's state) once for the run.
    #[doc(hidden)]
    #[inline]
    fn fory_write_data_each<'a, I>(items: I, ctx: &mut WriteContext<'a, '_>) -> Result<()>
    where
        Self: Sized + 'a,
        I: Iterator<Item = &'a Self>,
    {
        write_each(items, ctx)
    }

    /// [`fory_write_data_each`](Self::fory_write_data_each) with a key
    /// before each value (a map chunk's entries: [`PlainKey`]; a list's
    /// elements: [`NoKey`]). Derived structs do their per-value setup once
    /// for the run, as for a list.
    #[doc(hidden)]
    #[inline]
    fn fory_write_entries<'a, Q, I>(items: I, ctx: &mut WriteContext<'a, '_>) -> Result<()>
    where
        Self: Sized + 'a,
        Q: EntryKey<'a>,
        I: Iterator<Item = (Q, &'a Self)>,
    {
        for (k, v) in items {
            k.write(ctx)?;
            v.fory_write_data(ctx)?;
        }
        Ok(())
    }

    /// The elements of a list that has nulls and no ref tracking: each
    /// element's flag, `NULL` alone or `NOT_NULL` and its data, as
    /// `write_flag` and [`fory_write_data`](Self::fory_write_data) on
    /// each. `Option`s of derived structs write the values between the
    /// nulls as one run ([`fory_write_entries`](Self::fory_write_entries)
    /// with [`FlaggedKey`]s).
    #[doc(hidden)]
    #[inline]
    fn fory_write_flagged_each<'a, I>(items: I, ctx: &mut WriteContext<'a, '_>) -> Result<()>
    where
        Self: Sized + 'a,
        I: Iterator<Item = &'a Self>,
    {
        write_each_flagged(items, ctx)
    }

    /// Writes `Vec<Self>` / `[Self]` data: a list by default, a dense array
    /// for primitives.
    #[doc(hidden)]
    fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()>
    where
        Self: Sized,
    {
        collection::write_same_type(items.iter(), items.len(), ctx)
    }

    /// Writes the data of a `Vec<Self>` holding the values `items` yields:
    /// the bytes [`fory_write_slice`](Self::fory_write_slice) writes for a
    /// slice of them, for a type that lends copies of its values but no
    /// `[Self]` (a `Vec` of cells or atomics, which is `Vec<Self>`'s dense
    /// array). The numbers write each value's little-endian bytes straight
    /// to the output, or, offered to the buffer callback, gathered into
    /// one owned buffer (marked a copy); the default collects the values
    /// and writes them as a slice.
    #[doc(hidden)]
    fn fory_write_slice_of<I>(items: I, ctx: &mut WriteContext<'_, '_>) -> Result<()>
    where
        Self: Sized,
        I: ExactSizeIterator<Item = Self>,
    {
        let values: Vec<Self> = items.collect();
        ctx.detached(|sub| Self::fory_write_slice(&values, sub))
    }
}

/// The default [`Serialize::fory_write_data_each`]: each item's data in
/// turn.
#[inline]
pub(crate) fn write_each<'a, T, I>(items: I, ctx: &mut WriteContext<'a, '_>) -> Result<()>
where
    T: Serialize + 'a,
    I: Iterator<Item = &'a T>,
{
    for v in items {
        v.fory_write_data(ctx)?;
    }
    Ok(())
}

/// The default [`Serialize::fory_write_flagged_each`]: each item's flag,
/// and the data of those not null.
#[inline]
pub(crate) fn write_each_flagged<'a, T, I>(items: I, ctx: &mut WriteContext<'a, '_>) -> Result<()>
where
    T: Serialize + 'a,
    I: Iterator<Item = &'a T>,
{
    for v in items {
        if envelope::write_flag(v, ctx, false)? {
            v.fory_write_data(ctx)?;
        }
    }
    Ok(())
}

/// Whether values of `T` take ref flags and ids in this stream: under
/// ref tracking, the types pyfory tracks in xlang mode
/// ([`ForyType::FORY_TRACKS_REF`]); in native mode those whose values may
/// be written as back-references
/// ([`ForyType::FORY_NATIVE_TRACKS_REF`]).
#[inline(always)]
pub(crate) fn tracks_ref<T: ForyType + ?Sized>(ctx: &WriteContext<'_, '_>) -> bool {
    tracks_ref_by(T::FORY_TRACKS_REF, T::FORY_NATIVE_TRACKS_REF, ctx)
}

/// [`tracks_ref`] of a type's two flags, `xlang` (`FORY_TRACKS_REF`) and
/// `native` (`FORY_NATIVE_TRACKS_REF`): constants from `tracks_ref`, so
/// the branches fold and one load of a setting remains; a `Value`'s
/// variant's, known when it is written.
#[inline(always)]
pub(crate) fn tracks_ref_by(xlang: bool, native: bool, ctx: &WriteContext<'_, '_>) -> bool {
    if xlang == native {
        xlang && ctx.ref_tracking()
    } else if xlang {
        ctx.xlang_refs()
    } else {
        ctx.ref_tracking() && !ctx.is_xlang()
    }
}

/// What [`Serialize::fory_write_entries`] writes before each value: a map
/// entry's key ([`PlainKey`]) or nothing ([`NoKey`]).
#[doc(hidden)]
pub trait EntryKey<'a>: Copy {
    /// The key on an output cursor (a derived struct's run of plain
    /// fields).
    fn write_plain(self, w: &mut crate::io::PlainWriter<'_>);
    /// The key through the context.
    fn write(self, ctx: &mut WriteContext<'a, '_>) -> Result<()>;
}

/// No key: a list's elements.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct NoKey;

impl<'a> EntryKey<'a> for NoKey {
    #[inline(always)]
    fn write_plain(self, _w: &mut crate::io::PlainWriter<'_>) {}
    #[inline(always)]
    fn write(self, _ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        Ok(())
    }
}

/// The flag before an element of a ref-tracked list whose values take
/// ids but can never be referenced again: `REF_VALUE`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct RefValueKey;

impl<'a> EntryKey<'a> for RefValueKey {
    #[inline(always)]
    fn write_plain(self, w: &mut crate::io::PlainWriter<'_>) {
        w.write_i8(crate::types::ref_flag::REF_VALUE);
    }
    #[inline(always)]
    fn write(self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        ctx.writer().write_i8(crate::types::ref_flag::REF_VALUE);
        Ok(())
    }
}

/// Two keys, one after the other (a map entry's [`PlainKey`] and then its
/// value's [`RefValueKey`]).
impl<'a, A: EntryKey<'a>, B: EntryKey<'a>> EntryKey<'a> for (A, B) {
    #[inline(always)]
    fn write_plain(self, w: &mut crate::io::PlainWriter<'_>) {
        self.0.write_plain(w);
        self.1.write_plain(w);
    }
    #[inline(always)]
    fn write(self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        self.0.write(ctx)?;
        self.1.write(ctx)
    }
}

/// Whether a ref-tracked run of `T` (a list's elements, a map's values)
/// may number its values' ref ids at once and write each after a
/// `REF_VALUE` flag: no value has a ref key (none can be written as a
/// back-reference) and none gives out ids of its own while written.
#[inline(always)]
pub(crate) const fn ids_numbered_at_once<T: ForyType>() -> bool {
    !T::FORY_NATIVE_TRACKS_REF && !T::FORY_DATA_TAKES_REF_IDS
}

/// The flags before a non-null element of a list with nulls: a `NULL`
/// flag for each null element since the last non-null one, then
/// `NOT_NULL`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct FlaggedKey {
    /// The null elements before this one.
    pub nulls_before: usize,
}

impl FlaggedKey {
    /// `n` null flags through the context (the nulls after a list's last
    /// non-null element).
    #[inline]
    pub fn write_nulls(n: usize, ctx: &mut WriteContext<'_, '_>) {
        for _ in 0..n {
            ctx.writer().write_i8(crate::types::ref_flag::NULL);
        }
    }
}

impl<'a> EntryKey<'a> for FlaggedKey {
    #[inline(always)]
    fn write_plain(self, w: &mut crate::io::PlainWriter<'_>) {
        for _ in 0..self.nulls_before {
            w.write_i8(crate::types::ref_flag::NULL);
        }
        w.write_i8(crate::types::ref_flag::NOT_NULL);
    }
    #[inline(always)]
    fn write(self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        Self::write_nulls(self.nulls_before, ctx);
        ctx.writer().write_i8(crate::types::ref_flag::NOT_NULL);
        Ok(())
    }
}

/// A map entry's key of a [`FORY_PLAIN`](ForyType::FORY_PLAIN) type
/// (a number or string: its data alone, never null).
#[doc(hidden)]
#[derive(Debug)]
pub struct PlainKey<'a, K>(pub &'a K);

impl<K> Clone for PlainKey<'_, K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for PlainKey<'_, K> {}

impl<'a, K: Serialize> EntryKey<'a> for PlainKey<'a, K> {
    #[inline(always)]
    fn write_plain(self, w: &mut crate::io::PlainWriter<'_>) {
        self.0.fory_write_plain(w);
    }
    #[inline(always)]
    fn write(self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        self.0.fory_write_data(ctx)
    }
}

/// A value that can be read.
///
/// Every readable type is also writable (`Serialize` is a supertrait), so
/// one bound, `T: Deserialize`, says "T goes both ways": a derived field
/// whose type lacks the traits is then one compile error at the field.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be deserialized by Fory",
    label = "`{Self}` does not implement `Deserialize`",
    note = "for your own type: derive it with `#[derive(ForyObject)]`; for another crate's type: `#[fory(with = module)]` on the field, or a newtype",
    note = "an ndarray, arrow, chrono, time, rust_decimal, half, uuid, indexmap, hashbrown, smallvec or bytes type is supported only in the version fory_core was built with (ndarray 0.17, arrow 60, chrono 0.4, time 0.3, rust_decimal 1, half 2, uuid 1, indexmap 2, hashbrown 0.17, smallvec 1, bytes 1): use the re-exports (`fory_core::ndarray`, `fory_core::arrow_array`, `fory_core::chrono`, `fory_core::smallvec`, ...) and enable the feature if it has one"
)]
pub trait Deserialize: Serialize + Sized {
    /// Reads the data alone; `type_id` is the id the stream gave it (one
    /// [`ForyType::fory_accepts`] allowed).
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self>;

    /// The value from its [`FORY_FIXED_WIDTH`](ForyType::FORY_FIXED_WIDTH)
    /// bytes at offset `at` of a struct's fixed-width fields, as
    /// [`fory_read_data`](Self::fory_read_data) would read them under the
    /// type's own id. Called only for types of nonzero fixed width.
    #[doc(hidden)]
    #[inline(always)]
    fn fory_read_fixed(r: &crate::io::FixedReader<'_>, at: usize) -> Result<Self> {
        let _ = (r, at);
        Err(Error::invalid(format!(
            "{} has no fixed-width read",
            std::any::type_name::<Self>()
        )))
    }

    /// [`fory_read_data`](Self::fory_read_data) for the elements of a list
    /// read in a loop; a type may inline its read there (strings: the loop
    /// has registers to spare that a struct's field reads do not).
    #[doc(hidden)]
    #[inline(always)]
    fn fory_read_element_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
        Self::fory_read_data(ctx, type_id)
    }

    /// True when [`fory_read_data_each`](Self::fory_read_data_each) is a
    /// run of its own (derived structs), not the per-value loop: a
    /// ref-tracked list then reads its elements through it.
    #[doc(hidden)]
    const FORY_READS_RUNS: bool = false;

    /// Reads `len` values written one after another under type id
    /// `type_id` (a list's elements of one type) onto `out`; each is what
    /// [`fory_read_data`](Self::fory_read_data) would read, after a ref
    /// flag when `FLAGGED` (a ref-tracked list: see
    /// [`read_run_flag`](collection::read_run_flag)). Derived structs do
    /// their per-value setup once for the run. (A constant, not an
    /// argument: as an argument the untracked runs paid for the test, +2
    /// instructions an element.)
    #[doc(hidden)]
    #[inline]
    fn fory_read_data_each<const FLAGGED: bool>(
        ctx: &mut ReadContext<'_, '_>,
        type_id: u8,
        len: usize,
        out: &mut Vec<Self>,
    ) -> Result<()> {
        collection::read_each_value(ctx, type_id, len, out, FLAGGED)
    }

    /// The value a null flag stands for: `Some(None)` for `Option<T>`,
    /// `None` (an error) for everything else.
    #[doc(hidden)]
    #[inline]
    fn fory_null() -> Option<Self> {
        None
    }

    /// The value a struct field takes when a compatible-mode stream lacks
    /// it: `None`, zero, empty. `None` here (user types) makes the missing
    /// field an error unless it is marked `#[fory(default)]`.
    #[doc(hidden)]
    #[inline]
    fn fory_zero() -> Option<Self> {
        Self::fory_null()
    }

    /// A clone kept in the reference table so later references to this
    /// value can share it (`Rc`, `Arc`, `Bytes`, ...).
    #[doc(hidden)]
    #[inline]
    fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
        None
    }

    /// The value a back-reference to ref id `id` stands for, when the type
    /// represents references itself ([`Value::Ref`](crate::value::Value)).
    #[doc(hidden)]
    #[inline]
    fn fory_ref(id: u32) -> Option<Self> {
        let _ = id;
        None
    }

    /// Rebuilds a value from what [`Self::fory_to_shared`] kept.
    #[doc(hidden)]
    #[inline]
    fn fory_from_shared(_shared: &dyn Any) -> Option<Self> {
        None
    }

    /// True for interior-mutable wrappers (`RefCell`, `Mutex`, `RwLock`)
    /// whose contents [`Self::fory_fill`] can replace in place.
    #[doc(hidden)]
    const FORY_FILL_IN_PLACE: bool = false;

    /// Reads data into an existing value: a shared pointer's placeholder,
    /// registered before its contents are read so that back-references
    /// (cycles through `Rc<RefCell<_>>`, `Weak` pointers) can reach it.
    #[doc(hidden)]
    fn fory_fill(&self, ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<()> {
        let _ = (ctx, type_id);
        Err(Error::unsupported(format!(
            "{} cannot be filled in place",
            Self::fory_type_name()
        )))
    }

    /// Replaces the contents of an interior-mutable wrapper with the zero
    /// value, dropping what it held: run on the placeholders of a read that
    /// failed, so reference cycles built before the failure do not leak.
    #[doc(hidden)]
    fn fory_clear(&self) {}

    /// For shared pointers: reads a value that takes ref id `slot`,
    /// registering it before its contents; `Ok(None)` when the type cannot
    /// (then it is read and registered afterwards).
    #[doc(hidden)]
    fn fory_read_registered(
        ctx: &mut ReadContext<'_, '_>,
        slot: usize,
        known_type: Option<u8>,
    ) -> Result<Option<Self>> {
        let _ = (ctx, slot, known_type);
        Ok(None)
    }

    /// Reads flag, type info and data.
    #[inline]
    fn fory_read(ctx: &mut ReadContext<'_, '_>) -> Result<Self> {
        read_value(ctx)
    }

    /// Reads `Vec<Self>` data written under `type_id`.
    #[doc(hidden)]
    fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Vec<Self>> {
        let _ = type_id;
        collection::read_vec(ctx)
    }
}

#[cold]
pub(crate) fn unexpected_type_id<T: ForyType + ?Sized>(id: u8, at: usize) -> Error {
    if id > type_id::FLOAT64_ARRAY && id != type_id::NDARRAY {
        return Error::new(
            crate::ErrorKind::UnknownType,
            format!(
                "unknown type id {id} at byte {at} (expected {})",
                crate::error::short_type_name(T::fory_type_name())
            ),
        );
    }
    Error::type_mismatch(
        T::fory_type_name(),
        format_args!("type id {id} ({}) at byte {at}", type_id::name(id)),
    )
}
