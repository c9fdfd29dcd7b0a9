//! [`NdArray`]: native mode's n-d array as a dynamic value, and its read
//! and write.

use bytes::Bytes;
use fory_buffers::{BufferKind, BufferObject, ElemType};

use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::serializer::ndarray_wire::{
    read_nd_header, write_nd_header, C_ORDER, F_ORDER, MAX_NDIM,
};
use crate::types::type_id as t;

/// A native-mode n-dimensional array (type `NDARRAY`): what `ndarray`'s
/// `Array`, `ArrayView`, `ArcArray` and `SharedNdArray` write in native
/// mode (fory-core feature `ndarray`), read without knowing the
/// element type: its element type, shape, memory order and the elements'
/// bytes in memory order (little-endian, as the stream holds them).
///
/// Read from an out-of-band `Bytes` buffer, [`data`](NdArray::data) is
/// that buffer (no copy), as a `SharedNdArray` read is; read from the
/// stream itself it is a copy, as an `ndarray::Array` read is. Written, it
/// is the bytes the typed array of its element type writes, its data
/// offered to the buffer callback as one buffer. In xlang mode a 1-D array
/// is a dense `*_ARRAY` ([`Value::Array`](super::Value::Array)); writing
/// an `NdArray` there is an error.
///
/// ```
/// use fory_core::buffers::ElemType;
/// use fory_core::bytes::Bytes;
/// use fory_core::value::{NdArray, Value};
/// let data = Bytes::from((0..6u16).flat_map(u16::to_le_bytes).collect::<Vec<u8>>());
/// let a = NdArray::new(ElemType::U16, vec![2, 3], false, data)?;
/// let fory = fory_core::Fory::builder().build();
/// let back: Value = fory.deserialize(&fory.serialize(&Value::NdArray(a.clone()))?)?;
/// assert_eq!(back, Value::NdArray(a));
/// assert_eq!(back.to_string(), "ndarray<u16>[2×3]");
/// # Ok::<(), fory_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct NdArray {
    elem: ElemType,
    shape: Vec<usize>,
    fortran: bool,
    data: Bytes,
}

impl NdArray {
    /// An array of `elem`s of `shape` over `data`, the elements' bytes in
    /// memory order: C (row-major) order, or Fortran (column-major) order
    /// when `fortran`.
    ///
    /// # Errors
    /// More than 32 dimensions (`MAX_NDIM`), a shape whose element count
    /// overflows or is not the data's (its length over the element size),
    /// one whose non-zero dimensions multiply past `isize::MAX` (which the
    /// reader and `ndarray` refuse, a zero dimension elsewhere or not), or
    /// for `bool` a byte other than 0 or 1.
    pub fn new(elem: ElemType, shape: Vec<usize>, fortran: bool, data: Bytes) -> Result<Self> {
        if shape.len() > MAX_NDIM {
            return Err(Error::invalid(format!(
                "an n-d array of {} dimensions (at most {MAX_NDIM})",
                shape.len()
            )));
        }
        let count = shape
            .iter()
            .try_fold(1usize, |a, &d| a.checked_mul(d))
            .filter(|&n| n <= isize::MAX as usize);
        let size = elem.size();
        if count.and_then(|n| n.checked_mul(size)) != Some(data.len()) {
            return Err(Error::invalid(format!(
                "shape {shape:?} does not hold the {} bytes of {} elements given",
                data.len(),
                elem.name()
            )));
        }
        // as the reader (and `ndarray`) checks a shape: the non-zero
        // dimensions multiply within isize::MAX, even when another is 0
        let nonzero = shape
            .iter()
            .filter(|&&d| d != 0)
            .try_fold(1usize, |a, &d| a.checked_mul(d));
        if !nonzero.is_some_and(|p| p <= isize::MAX as usize) {
            return Err(Error::invalid(format!(
                "shape {shape:?} is too large: its non-zero dimensions multiply past isize::MAX"
            )));
        }
        check_bools(elem, &data, "an n-d array")?;
        Ok(NdArray {
            elem,
            shape,
            fortran,
            data,
        })
    }

    /// The element type.
    pub fn elem(&self) -> ElemType {
        self.elem
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// True when the data is in Fortran (column-major) order.
    pub fn is_fortran(&self) -> bool {
        self.fortran
    }

    /// The elements' bytes, in memory order.
    pub fn data(&self) -> &Bytes {
        &self.data
    }

    /// The array as an `ndarray` array of `T`s (a copy of the data).
    ///
    /// # Errors
    /// When `T` is not the element type.
    #[cfg(feature = "ndarray")]
    pub fn to_array<T: crate::serializer::ndarray::NdElement>(&self) -> Result<ndarray::ArrayD<T>> {
        use ndarray::ShapeBuilder;
        if T::ND_ELEM != self.elem {
            return Err(Error::type_mismatch(
                T::ND_WHAT,
                format_args!("an n-d array of {}", self.elem.name()),
            ));
        }
        let items = T::nd_from_bytes(&self.data)?;
        let shape = ndarray::IxDyn(&self.shape).set_f(self.fortran);
        ndarray::ArrayD::from_shape_vec(shape, items)
            .map_err(|e| Error::invalid(format!("n-d array shape: {e}")))
    }
}

/// For `bool` elements, an error naming the first byte that is not 0 or 1.
fn check_bools(elem: ElemType, data: &[u8], what: &str) -> Result<()> {
    if elem != ElemType::Bool {
        return Ok(());
    }
    match data.iter().position(|&b| b > 1) {
        None => Ok(()),
        Some(i) => Err(Error::invalid(format!(
            "{what} of bool: element {i} is {:#04x}, not 0 or 1",
            data[i]
        ))),
    }
}

/// The element type an n-d array header's element id names (its dense
/// array's type id; `u8` is BINARY, what the typed arrays write, or
/// UINT8_ARRAY).
pub(super) fn elem_of(id: u8) -> Option<ElemType> {
    Some(match id {
        t::BOOL_ARRAY => ElemType::Bool,
        t::INT8_ARRAY => ElemType::I8,
        t::INT16_ARRAY => ElemType::I16,
        t::INT32_ARRAY => ElemType::I32,
        t::INT64_ARRAY => ElemType::I64,
        t::BINARY | t::UINT8_ARRAY => ElemType::U8,
        t::UINT16_ARRAY => ElemType::U16,
        t::UINT32_ARRAY => ElemType::U32,
        t::UINT64_ARRAY => ElemType::U64,
        t::FLOAT16_ARRAY => ElemType::F16,
        t::BFLOAT16_ARRAY => ElemType::BF16,
        t::FLOAT32_ARRAY => ElemType::F32,
        t::FLOAT64_ARRAY => ElemType::F64,
        _ => return None,
    })
}

/// The element id the typed arrays write for `elem`; `None` for an
/// element type this version does not know (`ElemType` may grow).
fn elem_id(elem: ElemType) -> Option<u8> {
    Some(match elem {
        ElemType::Bool => t::BOOL_ARRAY,
        ElemType::I8 => t::INT8_ARRAY,
        ElemType::I16 => t::INT16_ARRAY,
        ElemType::I32 => t::INT32_ARRAY,
        ElemType::I64 => t::INT64_ARRAY,
        ElemType::U8 => t::BINARY,
        ElemType::U16 => t::UINT16_ARRAY,
        ElemType::U32 => t::UINT32_ARRAY,
        ElemType::U64 => t::UINT64_ARRAY,
        ElemType::F16 => t::FLOAT16_ARRAY,
        ElemType::BF16 => t::BFLOAT16_ARRAY,
        ElemType::F32 => t::FLOAT32_ARRAY,
        ElemType::F64 => t::FLOAT64_ARRAY,
        _ => return None,
    })
}

/// Reads a native n-d array's data (after its type info), as the typed
/// readers check it: header, shape, the elements' buffer (the next
/// out-of-band buffer when sent out of band, shared, not copied), its
/// size against the shape, and `bool` bytes.
pub(crate) fn read_nd(ctx: &mut ReadContext<'_, '_>) -> Result<NdArray> {
    let at = ctx.reader().position();
    let what = "an n-d array";
    let mut shape = Vec::new();
    let h = read_nd_header(ctx, None, what, |d| shape.push(d))?;
    let elem = elem_of(h.elem_id).ok_or_else(|| {
        Error::invalid(format!(
            "n-d array at byte {at} has elements of type {} ({}), which no n-d array holds",
            h.elem_id,
            t::name(h.elem_id)
        ))
    })?;
    let size = elem.size();
    let data = ctx.read_buffer(size, elem.name())?;
    if data.len() / size != h.count || data.len() % size != 0 {
        return Err(Error::invalid(format!(
            "n-d array data at byte {at} has {} bytes, its shape has {} elements of {size}",
            data.len(),
            h.count
        )));
    }
    check_bools(elem, &data, "an n-d array")?;
    Ok(NdArray {
        elem,
        shape,
        fortran: h.fortran,
        data: data.to_bytes(),
    })
}

/// Writes an n-d array's data as the typed arrays do in native mode.
pub(crate) fn write_nd(a: &NdArray, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    if ctx.is_xlang() {
        return Err(Error::unsupported(format!(
            "a {}-dimensional NdArray cannot be written in xlang mode: it is native mode's n-d array (a 1-D array is a Value::Array there)",
            a.shape.len()
        )));
    }
    let order = if a.fortran { F_ORDER } else { C_ORDER };
    let id = elem_id(a.elem).ok_or_else(|| {
        Error::unsupported(format!(
            "an n-d array of {} elements has no type id to be written with",
            a.elem.name()
        ))
    })?;
    write_nd_header(ctx, id, order, &a.shape);
    ctx.write_buffer(BufferObject::shared(
        a.data.clone(),
        BufferKind::NdArray(a.elem),
    ))
}
