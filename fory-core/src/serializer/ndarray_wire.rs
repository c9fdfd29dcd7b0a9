//! The native n-d array form ([`NDARRAY`]), shared by the `ndarray`
//! serializers (feature `ndarray`) and the skip of a field a reader lacks
//! (any build): the element's dense-array type id (u8), the memory order
//! (0 C, 1 Fortran), `varuint32` ndim, `varuint64` per dimension, then the
//! elements as one buffer-path value.
//!
//! [`NDARRAY`]: crate::types::type_id::NDARRAY

use crate::context::ReadContext;
use crate::error::{Error, Result};
use crate::types::type_id as t;

/// More dimensions than this is rejected as hostile.
pub const MAX_NDIM: usize = 32;

pub(crate) const C_ORDER: u8 = 0;
pub(crate) const F_ORDER: u8 = 1;

/// An n-d array header as read: the elements' dense-array type id,
/// whether the data is in Fortran order, and the element count (the
/// product of the dimensions, checked).
pub(crate) struct NdHeader {
    pub(crate) elem_id: u8,
    pub(crate) fortran: bool,
    pub(crate) count: usize,
}

/// Writes an n-d array header: the elements' dense-array type id, the
/// order ([`C_ORDER`] or [`F_ORDER`]), the number of dimensions and each.
pub(crate) fn write_nd_header(
    ctx: &mut crate::context::WriteContext<'_, '_>,
    elem_id: u8,
    order: u8,
    shape: &[usize],
) {
    let w = ctx.writer();
    w.write_u8(elem_id);
    w.write_u8(order);
    w.write_varuint32(shape.len() as u32);
    for &d in shape {
        w.write_varuint64(d as u64);
    }
}

/// Reads an n-d array header; each dimension goes to `dim` as it is read
/// (nothing is allocated here). With `expect`, an element type other than
/// it is a type mismatch for `what`, found before anything else is read.
/// The dimensions are checked as `ndarray` needs them: their product fits
/// a `usize`, that of the non-zero ones an `isize`, and the count is
/// within [`max_collection_len`](crate::ForyBuilder::max_collection_len).
pub(crate) fn read_nd_header(
    ctx: &mut ReadContext<'_, '_>,
    expect: Option<u8>,
    what: &str,
    mut dim: impl FnMut(usize),
) -> Result<NdHeader> {
    let at = ctx.reader().position();
    let elem_id = ctx.reader().read_u8()?;
    if expect.is_some_and(|e| e != elem_id) {
        return Err(Error::type_mismatch(
            what,
            format_args!(
                "an n-d array of {} at byte {at}",
                elem_name(elem_id).unwrap_or(t::name(elem_id))
            ),
        ));
    }
    let fortran = match ctx.reader().read_u8()? {
        C_ORDER => false,
        F_ORDER => true,
        o => {
            return Err(Error::invalid(format!(
                "invalid n-d array order {o} at byte {at}"
            )))
        }
    };
    let ndim = ctx.reader().read_varuint32()? as usize;
    if ndim > MAX_NDIM {
        return Err(Error::invalid(format!(
            "n-d array at byte {at} claims {ndim} dimensions (at most {MAX_NDIM})"
        )));
    }
    let mut count: usize = 1;
    // the product of the non-zero dimensions, which ndarray bounds by
    // isize::MAX even when another dimension is zero
    let mut nonzero: Option<usize> = Some(1);
    for _ in 0..ndim {
        let d = usize::try_from(ctx.reader().read_varuint64()?)
            .map_err(|_| Error::invalid(format!("n-d array dimension at byte {at} overflows")))?;
        count = count
            .checked_mul(d)
            .ok_or_else(|| Error::invalid(format!("n-d array shape at byte {at} overflows")))?;
        if d != 0 {
            nonzero = nonzero.and_then(|p| p.checked_mul(d));
        }
        dim(d);
    }
    if !nonzero.is_some_and(|p| p <= isize::MAX as usize) {
        return Err(Error::invalid(format!(
            "n-d array shape at byte {at} is too large: its non-zero dimensions multiply past isize::MAX"
        )));
    }
    ctx.check_array_len(count, elem_name(elem_id).unwrap_or("n-d array"))?;
    Ok(NdHeader {
        elem_id,
        fortran,
        count,
    })
}

/// The Rust name of an n-d array's element type `elem_id` (its dense
/// array type id: `u8` is BINARY), or `None` for an id that is no such
/// element type.
fn elem_name(elem_id: u8) -> Option<&'static str> {
    Some(match elem_id {
        t::BOOL_ARRAY => "bool",
        t::INT8_ARRAY => "i8",
        t::INT16_ARRAY => "i16",
        t::INT32_ARRAY => "i32",
        t::INT64_ARRAY => "i64",
        t::UINT8_ARRAY | t::BINARY => "u8",
        t::UINT16_ARRAY => "u16",
        t::UINT32_ARRAY => "u32",
        t::UINT64_ARRAY => "u64",
        t::FLOAT16_ARRAY => "f16",
        t::BFLOAT16_ARRAY => "bf16",
        t::FLOAT32_ARRAY => "f32",
        t::FLOAT64_ARRAY => "f64",
        _ => return None,
    })
}

/// The size of one element of an n-d array whose element type is
/// `elem_id` (its dense-array type id: `u8` is BINARY), or `None` for an
/// id that is no such element type.
fn elem_size(elem_id: u8) -> Option<usize> {
    Some(match elem_id {
        t::BOOL_ARRAY | t::INT8_ARRAY | t::UINT8_ARRAY | t::BINARY => 1,
        t::INT16_ARRAY | t::UINT16_ARRAY | t::FLOAT16_ARRAY | t::BFLOAT16_ARRAY => 2,
        t::INT32_ARRAY | t::UINT32_ARRAY | t::FLOAT32_ARRAY => 4,
        t::INT64_ARRAY | t::UINT64_ARRAY | t::FLOAT64_ARRAY => 8,
        _ => return None,
    })
}

/// Consumes a native n-d array's data (after its type info), a field the
/// reader lacks: the header is checked as a read checks it, the elements'
/// buffer is consumed (the next out-of-band buffer when it was sent out
/// of band) and its size checked against the shape; nothing is
/// allocated, and no element is looked at.
pub(crate) fn skip_nd_array(ctx: &mut ReadContext<'_, '_>) -> Result<()> {
    let at = ctx.reader().position();
    let what = "a skipped n-d array";
    let h = read_nd_header(ctx, None, what, |_| {})?;
    let size = elem_size(h.elem_id).ok_or_else(|| {
        Error::invalid(format!(
            "n-d array at byte {at} has elements of type {} ({}), which no n-d array holds",
            h.elem_id,
            t::name(h.elem_id)
        ))
    })?;
    let view = ctx.read_buffer(size, what)?;
    if view.len() / size != h.count {
        return Err(Error::invalid(format!(
            "n-d array data at byte {at} has {} elements, its shape has {}",
            view.len() / size,
            h.count
        )));
    }
    Ok(())
}
