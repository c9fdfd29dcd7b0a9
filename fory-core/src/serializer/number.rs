//! `bool`, integers and floats, alone and as dense arrays.
//!
//! Alone: `i8`/`i16` fixed width, `i32` VARINT32, `i64` VARINT64 (what
//! pyfory writes for `int`), `u8`/`u16` fixed, `u32` VAR_UINT32, `u64`
//! VAR_UINT64, `f32`/`f64` IEEE little-endian. Reading accepts every
//! integer encoding and checks the value fits.
//!
//! As `Vec<T>` / `[T]`: the dense `*_ARRAY` type (`u8`: BINARY), raw
//! little-endian bytes on the buffer path in native mode (and in xlang mode
//! under [`xlang_array_buffers`](crate::ForyBuilder::xlang_array_buffers)),
//! size-prefixed in-band otherwise.

use fory_buffers::{BufferKind, BufferObject, BufferView, ElemType};

use super::{collection, unexpected_type_id, Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::io::{FixedReader, FixedWriter, PlainWriter};
use crate::types::type_id as t;

/// Reads an integer written under any integer type id.
fn read_integer(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<i128> {
    let r = ctx.reader();
    Ok(match id {
        t::INT8 => r.read_i8()? as i128,
        t::INT16 => r.read_i16()? as i128,
        t::INT32 => r.read_i32()? as i128,
        t::VARINT32 => r.read_varint32()? as i128,
        t::INT64 => r.read_i64()? as i128,
        t::VARINT64 => r.read_varint64()? as i128,
        t::UINT8 => r.read_u8()? as i128,
        t::UINT16 => r.read_u16()? as i128,
        t::UINT32 => r.read_u32()? as i128,
        t::VAR_UINT32 => r.read_varuint32()? as i128,
        t::UINT64 => r.read_u64()? as i128,
        t::VAR_UINT64 => r.read_varuint64()? as i128,
        t::TAGGED_INT64 => r.read_tagged_int64()? as i128,
        t::TAGGED_UINT64 => r.read_tagged_uint64()? as i128,
        other => {
            return Err(Error::unsupported(format!(
                "integer encoding {} is not supported",
                t::name(other)
            )))
        }
    })
}

fn is_integer_id(id: u8) -> bool {
    matches!(
        id,
        t::INT8
            | t::INT16
            | t::INT32
            | t::VARINT32
            | t::INT64
            | t::VARINT64
            | t::UINT8
            | t::UINT16
            | t::UINT32
            | t::VAR_UINT32
            | t::UINT64
            | t::VAR_UINT64
            | t::TAGGED_INT64
            | t::TAGGED_UINT64
    )
}

/// Writes a dense array: buffer path or size-prefixed in-band. Without a
/// callback the buffer path writes the size and the bytes, as in-band
/// does, so only a serialization with a callback builds a buffer object
/// (out of line): an array of a few numbers is a size and a copy.
#[inline]
pub(crate) fn write_array<'a, T: bytemuck::NoUninit>(
    items: &'a [T],
    elem: ElemType,
    ctx: &mut WriteContext<'a, '_>,
) -> Result<()> {
    if ctx.out_of_band() && ctx.config().arrays_take_buffer_path() {
        return offer_array(items, elem, ctx);
    }
    ctx.write_sized_bytes(bytemuck::cast_slice(items))
}

/// [`write_array`] with a callback: the array offered as a buffer.
#[inline(never)]
fn offer_array<'a, T: bytemuck::NoUninit>(
    items: &'a [T],
    elem: ElemType,
    ctx: &mut WriteContext<'a, '_>,
) -> Result<()> {
    ctx.write_buffer(BufferObject::from_slice(
        items,
        BufferKind::PrimitiveArray(elem),
    ))
}

/// [`write_array`] of the values `items` yields rather than of a slice of
/// them (a `Vec` of cells, atomics or orderings, which lend no `[T]`):
/// the same bytes, each value's little-endian bytes written straight to
/// the output after the size. Offered to the callback (where `Vec<T>`
/// takes the buffer path: BINARY always, the other arrays as
/// [`arrays_take_buffer_path`](crate::Config::arrays_take_buffer_path)
/// says), they are gathered into one owned buffer of `kind` first, marked
/// a copy.
#[inline]
pub(crate) fn write_array_of<T, I>(
    items: I,
    kind: BufferKind,
    ctx: &mut WriteContext<'_, '_>,
) -> Result<()>
where
    T: bytemuck::NoUninit,
    I: ExactSizeIterator<Item = T>,
{
    let Some(len) = items.len().checked_mul(std::mem::size_of::<T>()) else {
        return Err(Error::unsupported(format!(
            "an array of {} elements is over the address space in bytes",
            items.len()
        )));
    };
    if ctx.out_of_band() && (kind == BufferKind::Binary || ctx.config().arrays_take_buffer_path()) {
        return offer_array_of(items, len, kind, ctx);
    }
    ctx.write_sized_by(len, |w| {
        for v in items {
            w.write_bytes(bytemuck::bytes_of(&v));
        }
    })
}

/// [`write_array_of`] with a callback: the values' bytes gathered into an
/// owned buffer, offered.
#[inline(never)]
fn offer_array_of<T: bytemuck::NoUninit>(
    items: impl Iterator<Item = T>,
    len: usize,
    kind: BufferKind,
    ctx: &mut WriteContext<'_, '_>,
) -> Result<()> {
    let mut bytes = Vec::with_capacity(len);
    for v in items {
        bytes.extend_from_slice(bytemuck::bytes_of(&v));
    }
    ctx.write_buffer(BufferObject::shared(bytes::Bytes::from(bytes), kind).marked_copy())
}

/// `[u8]`'s write with a callback: the bytes offered as a buffer.
#[inline(never)]
fn offer_bytes<'a>(items: &'a [u8], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
    ctx.write_buffer(BufferObject::borrowed(items, BufferKind::Binary))
}

/// Reads the bytes of a dense array written by [`write_array`].
pub(crate) fn read_array_bytes<'d>(
    ctx: &mut ReadContext<'d, '_>,
    elem: ElemType,
) -> Result<BufferView<'d>> {
    let view = if ctx.config().arrays_take_buffer_path() {
        ctx.read_buffer(elem.size(), elem.name())?
    } else {
        ctx.read_sized_bytes(elem.size(), elem.name())
            .map(BufferView::Borrowed)?
    };
    ctx.check_array_len(view.len() / elem.size(), elem.name())?;
    Ok(view)
}

/// Whether a dense array of elements whose own array type is `slice_id`
/// reads data written as `id`: that type, and for `u8` (BINARY) also
/// UINT8_ARRAY, which pyfory writes for numpy's `uint8` arrays.
pub(crate) fn dense_accepts(slice_id: u8, id: u8) -> bool {
    id == slice_id || (slice_id == t::BINARY && id == t::UINT8_ARRAY)
}

/// The element type id a dense array of `array_id` (`Vec<i64>`:
/// INT64_ARRAY) reads a LIST's declared elements as: its element type's
/// own (`i64`: VARINT64). `None` for other ids.
pub(crate) fn dense_element_id(array_id: u8) -> Option<u8> {
    Some(match array_id {
        t::BOOL_ARRAY => bool::FORY_TYPE_ID,
        t::INT8_ARRAY => i8::FORY_TYPE_ID,
        t::INT16_ARRAY => i16::FORY_TYPE_ID,
        t::INT32_ARRAY => i32::FORY_TYPE_ID,
        t::INT64_ARRAY => i64::FORY_TYPE_ID,
        t::BINARY => u8::FORY_TYPE_ID,
        t::UINT16_ARRAY => u16::FORY_TYPE_ID,
        t::UINT32_ARRAY => u32::FORY_TYPE_ID,
        t::UINT64_ARRAY => u64::FORY_TYPE_ID,
        t::FLOAT32_ARRAY => f32::FORY_TYPE_ID,
        t::FLOAT64_ARRAY => f64::FORY_TYPE_ID,
        _ => return None,
    })
}

/// A `Vec` of floats (`f32`, `f64`, `f16`, `bf16`) from a LIST or SET, or
/// from their dense array `array` of `elem`s; any other id is an error.
pub(crate) fn read_float_vec<T>(
    ctx: &mut ReadContext<'_, '_>,
    id: u8,
    array: u8,
    elem: ElemType,
) -> Result<Vec<T>>
where
    T: Deserialize + bytemuck::Pod,
{
    match id {
        t::LIST | t::SET => collection::read_vec(ctx),
        _ if id == array => Ok(to_vec(&read_array_bytes(ctx, elem)?)),
        other => {
            let at = ctx.reader().position();
            Err(unexpected_type_id::<Vec<T>>(other, at))
        }
    }
}

pub(crate) fn to_vec<T: bytemuck::Pod>(bytes: &[u8]) -> Vec<T> {
    // The length is that of real bytes (input or a given buffer), never a
    // bare number from the wire.
    let mut v = vec![T::zeroed(); bytes.len() / std::mem::size_of::<T>()];
    bytemuck::cast_slice_mut::<T, u8>(&mut v).copy_from_slice(bytes);
    v
}

macro_rules! integer {
    ($($ty:ty: $id:ident, $array:ident, $elem:ident, $write:ident, $read:ident, $width:expr, $fixed:expr;)*) => {$(
        impl ForyType for $ty {
            const FORY_TYPE_ID: u8 = t::$id;
            const FORY_SLICE_TYPE_ID: u8 = t::$array;
            const FORY_READ_TAKES_INPUT: bool = true;
            const FORY_PLAIN: bool = true;
            const FORY_FIELD_WIDTH: usize = $width;
            const FORY_FIXED_WIDTH: usize = $fixed;
            #[inline]
            fn fory_accepts(id: u8) -> bool {
                is_integer_id(id)
            }
        }

        impl Serialize for $ty {
            #[inline]
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                ctx.writer().$write(*self as _);
                Ok(())
            }

            #[inline(always)]
            fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
                w.$write(*self as _);
            }

            #[inline(always)]
            fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
                w.$write(*self as _);
            }

            fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                write_array(items, ElemType::$elem, ctx)
            }

            fn fory_write_slice_of<I>(items: I, ctx: &mut WriteContext<'_, '_>) -> Result<()>
            where
                I: ExactSizeIterator<Item = Self>,
            {
                write_array_of(items, BufferKind::PrimitiveArray(ElemType::$elem), ctx)
            }
        }

        impl Deserialize for $ty {
            fn fory_zero() -> Option<Self> {
                Some(0 as $ty)
            }

            #[inline]
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
                if id == t::$id {
                    return Ok(ctx.reader().$read()? as $ty);
                }
                let v = read_integer(ctx, id)?;
                <$ty>::try_from(v).map_err(|_| {
                    Error::invalid(format!(
                        "integer {v} does not fit in {}",
                        stringify!($ty)
                    ))
                })
            }

            #[inline(always)]
            fn fory_read_fixed(r: &FixedReader<'_>, at: usize) -> Result<Self> {
                const N: usize = std::mem::size_of::<$ty>();
                // varints have no fixed width: the default's error
                if $fixed != N {
                    return Err(Error::invalid(concat!(stringify!($ty), " has no fixed-width read")));
                }
                r.array::<N>(at).map(<$ty>::from_le_bytes)
            }

            fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Vec<Self>> {
                if id == t::LIST || id == t::SET {
                    return collection::read_vec(ctx);
                }
                let bytes = read_array_bytes(ctx, ElemType::$elem)?;
                Ok(to_vec(&bytes))
            }
        }
    )*};
}

integer! {
    i8: INT8, INT8_ARRAY, I8, write_i8, read_i8, 1, 1;
    i16: INT16, INT16_ARRAY, I16, write_i16, read_i16, 2, 2;
    i32: VARINT32, INT32_ARRAY, I32, write_varint32, read_varint32, 5, 0;
    i64: VARINT64, INT64_ARRAY, I64, write_varint64, read_varint64, 9, 0;
    u16: UINT16, UINT16_ARRAY, U16, write_u16, read_u16, 2, 2;
    u32: VAR_UINT32, UINT32_ARRAY, U32, write_varuint32, read_varuint32, 5, 0;
    u64: VAR_UINT64, UINT64_ARRAY, U64, write_varuint64, read_varuint64, 9, 0;
}

// isize/usize travel as i64/u64, arrays included.
macro_rules! pointer_sized {
    ($($ty:ty => $as:ty, $elem:ident, $write:ident;)*) => {$(
        impl ForyType for $ty {
            const FORY_TYPE_ID: u8 = <$as as ForyType>::FORY_TYPE_ID;
            const FORY_SLICE_TYPE_ID: u8 = <$as as ForyType>::FORY_SLICE_TYPE_ID;
            const FORY_READ_TAKES_INPUT: bool = true;
            const FORY_PLAIN: bool = true;
            const FORY_FIELD_WIDTH: usize = 9;
            #[inline]
            fn fory_accepts(id: u8) -> bool {
                is_integer_id(id)
            }
        }

        impl Serialize for $ty {
            #[inline]
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                ctx.writer().$write(*self as $as);
                Ok(())
            }

            #[inline(always)]
            fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
                w.$write(*self as $as);
            }

            #[inline(always)]
            fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
                w.$write(*self as $as);
            }

            fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                #[cfg(target_pointer_width = "64")]
                { write_array(items, ElemType::$elem, ctx) }
                #[cfg(not(target_pointer_width = "64"))]
                { collection::write_same_type(items.iter(), items.len(), ctx) }
            }

            // (a LIST elsewhere: the default, never reached from a
            // wrapper, whose `Vec` is a LIST there too)
            #[cfg(target_pointer_width = "64")]
            fn fory_write_slice_of<I>(items: I, ctx: &mut WriteContext<'_, '_>) -> Result<()>
            where
                I: ExactSizeIterator<Item = Self>,
            {
                write_array_of(
                    items.map(|v| v as $as),
                    BufferKind::PrimitiveArray(ElemType::$elem),
                    ctx,
                )
            }
        }

        impl Deserialize for $ty {
            fn fory_zero() -> Option<Self> {
                Some(0)
            }

            #[inline]
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
                // any integer encoding, checked against this type's range
                // (an error names `usize`, not the u64 it travels as)
                let v = read_integer(ctx, id)?;
                <$ty>::try_from(v).map_err(|_| {
                    Error::invalid(format!("integer {v} does not fit in {}", stringify!($ty)))
                })
            }

            fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Vec<Self>> {
                let v = <$as>::fory_read_vec(ctx, id)?;
                v.into_iter()
                    .map(|x| <$ty>::try_from(x).map_err(|_| {
                        Error::invalid(format!("integer {x} does not fit in {}", stringify!($ty)))
                    }))
                    .collect()
            }
        }
    )*};
}

pointer_sized! {
    isize => i64, I64, write_varint64;
    usize => u64, U64, write_varuint64;
}

// u8 alone is UINT8; a `Vec<u8>` is BINARY, which takes the buffer path in
// both modes (see binary.rs for `Bytes`).
impl ForyType for u8 {
    const FORY_TYPE_ID: u8 = t::UINT8;
    const FORY_SLICE_TYPE_ID: u8 = t::BINARY;
    const FORY_READ_TAKES_INPUT: bool = true;
    const FORY_PLAIN: bool = true;
    const FORY_FIELD_WIDTH: usize = 1;
    const FORY_FIXED_WIDTH: usize = 1;
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        is_integer_id(id)
    }
}

impl Serialize for u8 {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        ctx.writer().write_u8(*self);
        Ok(())
    }

    #[inline(always)]
    fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
        w.write_u8(*self);
    }

    #[inline(always)]
    fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
        w.write_u8(*self);
    }

    #[inline]
    fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        if ctx.out_of_band() {
            return offer_bytes(items, ctx);
        }
        // the buffer path's bytes without a callback (as `write_array`)
        ctx.write_sized_bytes(items)
    }

    fn fory_write_slice_of<I>(items: I, ctx: &mut WriteContext<'_, '_>) -> Result<()>
    where
        I: ExactSizeIterator<Item = Self>,
    {
        write_array_of(items, BufferKind::Binary, ctx)
    }
}

impl Deserialize for u8 {
    fn fory_zero() -> Option<Self> {
        Some(0)
    }

    #[inline]
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        if id == t::UINT8 {
            return ctx.reader().read_u8();
        }
        let v = read_integer(ctx, id)?;
        u8::try_from(v).map_err(|_| Error::invalid(format!("integer {v} does not fit in u8")))
    }

    #[inline(always)]
    fn fory_read_fixed(r: &FixedReader<'_>, at: usize) -> Result<Self> {
        r.array::<1>(at).map(|[b]| b)
    }

    fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Vec<Self>> {
        match id {
            t::BINARY => Ok(ctx.read_buffer(1, "binary")?.to_vec()),
            t::UINT8_ARRAY => Ok(read_array_bytes(ctx, ElemType::U8)?.to_vec()),
            _ => collection::read_vec(ctx),
        }
    }
}

impl ForyType for bool {
    const FORY_TYPE_ID: u8 = t::BOOL;
    const FORY_SLICE_TYPE_ID: u8 = t::BOOL_ARRAY;
    const FORY_READ_TAKES_INPUT: bool = true;
    const FORY_PLAIN: bool = true;
    const FORY_FIELD_WIDTH: usize = 1;
    const FORY_FIXED_WIDTH: usize = 1;
}

impl Serialize for bool {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        ctx.writer().write_bool(*self);
        Ok(())
    }

    #[inline(always)]
    fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
        w.write_bool(*self);
    }

    #[inline(always)]
    fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
        w.write_bool(*self);
    }

    fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_array(items, ElemType::Bool, ctx)
    }

    fn fory_write_slice_of<I>(items: I, ctx: &mut WriteContext<'_, '_>) -> Result<()>
    where
        I: ExactSizeIterator<Item = Self>,
    {
        write_array_of(items, BufferKind::PrimitiveArray(ElemType::Bool), ctx)
    }
}

impl Deserialize for bool {
    fn fory_zero() -> Option<Self> {
        Some(false)
    }

    #[inline]
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _id: u8) -> Result<Self> {
        ctx.reader().read_bool()
    }

    #[inline(always)]
    fn fory_read_fixed(r: &FixedReader<'_>, at: usize) -> Result<Self> {
        r.read_bool(at)
    }

    fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Vec<Self>> {
        if id == t::LIST || id == t::SET {
            return collection::read_vec(ctx);
        }
        bools_from_bytes(&read_array_bytes(ctx, ElemType::Bool)?)
    }
}

/// The elements of a bool array: each byte must be 0 or 1.
pub(crate) fn bools_from_bytes(bytes: &[u8]) -> Result<Vec<bool>> {
    bytes
        .iter()
        .enumerate()
        .map(|(i, &b)| match b {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Error::invalid(format!(
                "bool array element {i} is {b:#04x}, not 0 or 1"
            ))),
        })
        .collect()
}

macro_rules! float {
    ($($ty:ty: $id:ident, $array:ident, $elem:ident, $write:ident, $read:ident, $width:expr;)*) => {$(
        impl ForyType for $ty {
            const FORY_TYPE_ID: u8 = t::$id;
            const FORY_SLICE_TYPE_ID: u8 = t::$array;
            const FORY_READ_TAKES_INPUT: bool = true;
            const FORY_PLAIN: bool = true;
            const FORY_FIELD_WIDTH: usize = $width;
            const FORY_FIXED_WIDTH: usize = $width;
            #[inline]
            fn fory_accepts(id: u8) -> bool {
                id == t::$id || id == t::FLOAT32
            }
        }

        impl Serialize for $ty {
            #[inline]
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                ctx.writer().$write(*self);
                Ok(())
            }

            #[inline(always)]
            fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
                w.$write(*self);
            }

            #[inline(always)]
            fn fory_write_fixed(&self, w: &mut FixedWriter<'_, '_>) {
                w.$write(*self);
            }

            fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                write_array(items, ElemType::$elem, ctx)
            }

            fn fory_write_slice_of<I>(items: I, ctx: &mut WriteContext<'_, '_>) -> Result<()>
            where
                I: ExactSizeIterator<Item = Self>,
            {
                write_array_of(items, BufferKind::PrimitiveArray(ElemType::$elem), ctx)
            }
        }

        impl Deserialize for $ty {
            fn fory_zero() -> Option<Self> {
                Some(0.0)
            }

            #[inline]
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
                if id == t::$id {
                    return ctx.reader().$read();
                }
                // FLOAT32 widened (only reachable for f64)
                Ok(ctx.reader().read_f32()? as $ty)
            }

            #[inline(always)]
            fn fory_read_fixed(r: &FixedReader<'_>, at: usize) -> Result<Self> {
                r.array::<$width>(at).map(<$ty>::from_le_bytes)
            }

            fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Vec<Self>> {
                read_float_vec(ctx, id, t::$array, ElemType::$elem)
            }
        }
    )*};
}

float! {
    f32: FLOAT32, FLOAT32_ARRAY, F32, write_f32, read_f32, 4;
    f64: FLOAT64, FLOAT64_ARRAY, F64, write_f64, read_f64, 8;
}
