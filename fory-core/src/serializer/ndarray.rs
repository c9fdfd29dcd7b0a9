//! n-dimensional arrays (feature `ndarray`): `ndarray::ArrayBase` (`Array`,
//! `ArrayView`, `ArcArray`, any dimension) of primitive numbers, of
//! `half::f16` and `half::bf16` (with the `half` feature too) and of
//! `bool` (numpy's bool masks; a byte other than 0 or 1 is an error on
//! read), and the zero-copy [`SharedNdArray`] of each of them.
//!
//! Native mode, type [`NDARRAY`]: the element's dense-array type id (u8),
//! the memory order (0 C, 1 Fortran), `varuint32` ndim, `varuint64` per
//! dimension, then the elements on the buffer path as one buffer. A
//! C-contiguous array is offered as its own memory; a Fortran-contiguous
//! one too, with order 1 (no transposing copy); any other layout (a sliced
//! or permuted view) is packed into C order once, and the buffer says so
//! ([`BufferObject::is_copy`](fory_buffers::BufferObject::is_copy)).
//!
//! xlang mode: a 1-D array is the dense `*_ARRAY` pyfory reads as a numpy
//! array (for `u8` elements UINT8_ARRAY, numpy's `uint8` array, where a
//! `Vec<u8>` is BINARY, Python's `bytes`; both read into either); pyfory
//! 1.7.7 has no n-d arrays in xlang, so higher dimensions are an error
//! there. A struct field of a 1-D array type (`Array1<f64>`,
//! `ArrayD`, [`SharedNdArray`]) is declared as that dense array in xlang
//! TypeDefs and schema hashes, as pyfory declares a `pyfory.Float64Array`
//! field; in native mode as [`NDARRAY`].

use fory_buffers::{BufferKind, BufferObject, BufferView, Element, SharedArray};
use ndarray::{ArrayBase, ArrayD, ArrayViewD, Data, Dimension, IxDyn, ShapeBuilder};

use super::{unexpected_type_id, Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};

/// Type id of a native-mode n-d array (outside the xlang id range).
pub const NDARRAY: u8 = crate::types::type_id::NDARRAY;
pub use super::ndarray_wire::MAX_NDIM;
use super::ndarray_wire::{read_nd_header, write_nd_header as write_header, C_ORDER, F_ORDER};

/// An element type of `ndarray` arrays Fory reads and writes: the numbers
/// (`i8`..`u64`, `f32`, `f64`, and with the `half` feature `half::f16`
/// and `half::bf16`) and `bool` (numpy's bool dtype, masks).
pub trait NdElement: ForyType + Copy + Send + Sync + PartialEq + std::fmt::Debug + 'static {
    /// The element's tag in buffer objects.
    const ND_ELEM: fory_buffers::ElemType;
    /// What errors call an array of it: `an n-d array of f64`.
    const ND_WHAT: &'static str;
    /// The elements as bytes, without copying.
    fn nd_bytes(items: &[Self]) -> &[u8];
    /// Elements from bytes (a whole number of elements): one copy, and a
    /// check where not every byte pattern is a value (`bool`: 0 or 1).
    fn nd_from_bytes(bytes: &[u8]) -> Result<Vec<Self>>;
}

macro_rules! nd_numbers {
    ($($t:ty),*) => {$(
        impl NdElement for $t {
            const ND_ELEM: fory_buffers::ElemType = <$t as Element>::ELEM;
            const ND_WHAT: &'static str = concat!("an n-d array of ", stringify!($t));
            #[inline]
            fn nd_bytes(items: &[Self]) -> &[u8] {
                bytemuck::cast_slice(items)
            }
            fn nd_from_bytes(bytes: &[u8]) -> Result<Vec<Self>> {
                Ok(super::number::to_vec(bytes))
            }
        }
    )*};
}
nd_numbers!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);
#[cfg(feature = "half")]
use half::{bf16, f16};
#[cfg(feature = "half")]
nd_numbers!(f16, bf16);

impl NdElement for bool {
    const ND_ELEM: fory_buffers::ElemType = fory_buffers::ElemType::Bool;
    const ND_WHAT: &'static str = "an n-d array of bool";
    #[inline]
    fn nd_bytes(items: &[Self]) -> &[u8] {
        // bool is one byte, 0 or 1 (bytemuck: NoUninit)
        bytemuck::cast_slice(items)
    }
    fn nd_from_bytes(bytes: &[u8]) -> Result<Vec<Self>> {
        super::number::bools_from_bytes(bytes)
    }
}

/// An element type of [`SharedNdArray`]: every [`NdElement`]. A number is
/// stored as itself, in a [`SharedArray`] of it; a `bool` as its byte, in
/// a `SharedArray<u8>` whose bytes were checked to be 0 or 1 when the
/// array was made (a `SharedArray<bool>` cannot be: see
/// [`Element`]).
pub trait SharedNdElement: NdElement {
    /// What the shared memory holds: the element itself, or `u8` for
    /// `bool`.
    type Store: Element;
    /// An error when `store` holds a value that is no element (a `bool`
    /// byte other than 0 or 1), for an array `what` calls.
    fn check_store(store: &[Self::Store], what: &str) -> Result<()>;
    /// The elements of storage [`check_store`](Self::check_store)
    /// accepted, without copying.
    fn from_store(store: &[Self::Store]) -> &[Self];
}

macro_rules! shared_nd_numbers {
    ($($t:ty),*) => {$(
        impl SharedNdElement for $t {
            type Store = $t;
            #[inline]
            fn check_store(_: &[$t], _: &str) -> Result<()> {
                Ok(())
            }
            #[inline]
            fn from_store(store: &[$t]) -> &[$t] {
                store
            }
        }
    )*};
}
shared_nd_numbers!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);
#[cfg(feature = "half")]
shared_nd_numbers!(f16, bf16);

impl SharedNdElement for bool {
    type Store = u8;
    fn check_store(store: &[u8], what: &str) -> Result<()> {
        match store.iter().position(|&b| b > 1) {
            None => Ok(()),
            Some(i) => Err(Error::invalid(format!(
                "{what}: element {i} is {:#04x}, not 0 or 1",
                store[i]
            ))),
        }
    }
    /// A checked cast (a pass over the bytes, no copy): the bytes were
    /// checked when the array was made and a `SharedArray` never changes
    /// them, so this does not fail; were the memory under it changed by
    /// someone else (a mapped file rewritten), it panics rather than make
    /// a `bool` of another byte.
    fn from_store(store: &[u8]) -> &[bool] {
        bytemuck::checked::cast_slice(store)
    }
}

/// Header of an n-d array: element type id, order, shape.
fn read_header(
    ctx: &mut ReadContext<'_, '_>,
    elem_id: u8,
    what: &str,
) -> Result<(bool, Vec<usize>, usize)> {
    let mut shape = Vec::new();
    let h = read_nd_header(ctx, Some(elem_id), what, |d| shape.push(d))?;
    Ok((h.fortran, shape, h.count))
}

/// True when `ndarray` accepts `shape`: the product of its non-zero
/// dimensions fits an `isize` (a shape with a zero dimension holds no
/// elements, but ndarray still rejects one whose other axes overflow).
fn shape_fits(shape: &[usize]) -> bool {
    shape
        .iter()
        .filter(|&&d| d != 0)
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .is_some_and(|p| p <= isize::MAX as usize)
}

/// The elements' bytes: checked against the shape before anything is made.
fn read_elements<'d, T: NdElement>(
    ctx: &mut ReadContext<'d, '_>,
    count: usize,
) -> Result<BufferView<'d>> {
    let size = std::mem::size_of::<T>();
    let view = ctx.read_buffer(size, T::ND_ELEM.name())?;
    if view.len() / size != count {
        return Err(Error::invalid(format!(
            "n-d array data has {} elements, its shape has {count}",
            view.len() / size
        )));
    }
    Ok(view)
}

/// The dense array a 1-D array of `T`s is in xlang mode: the element's
/// (`f64`: FLOAT64_ARRAY), but UINT8_ARRAY for `u8`, whose `Vec` is
/// BINARY (Python `bytes`): an array of bytes is pyfory's
/// `pyfory.UInt8Array`, numpy's `uint8` array.
const fn xlang_dense_id<T: ForyType>() -> u8 {
    match T::FORY_SLICE_TYPE_ID {
        crate::types::type_id::BINARY => crate::types::type_id::UINT8_ARRAY,
        id => id,
    }
}

fn ndarray_type_info<T: ForyType>(ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    let id = if ctx.is_xlang() {
        xlang_dense_id::<T>()
    } else {
        NDARRAY
    };
    ctx.writer().write_u8(id);
    Ok(())
}

/// The n-d form, the element's dense array and, for `u8` elements, both
/// BINARY and UINT8_ARRAY.
fn accepts<T: ForyType>(id: u8) -> bool {
    id == NDARRAY || super::number::dense_accepts(T::FORY_SLICE_TYPE_ID, id)
}

/// The xlang declared type of an array of `ndim` dimensions (`None`: any)
/// of `T`s: the dense array when it can be 1-D, the only shape xlang mode
/// writes; [`NDARRAY`] (never written there) for other fixed dimensions.
const fn xlang_type_id<T: ForyType>(ndim: Option<usize>) -> u8 {
    match ndim {
        Some(n) if n != 1 => NDARRAY,
        _ => xlang_dense_id::<T>(),
    }
}

impl<S, D> ForyType for ArrayBase<S, D>
where
    S: Data,
    S::Elem: NdElement,
    D: Dimension,
{
    const FORY_TYPE_ID: u8 = NDARRAY;
    const FORY_XLANG_TYPE_ID: u8 = xlang_type_id::<S::Elem>(D::NDIM);
    const FORY_TRACKS_REF: bool = true;

    fn fory_type_name() -> &'static str {
        S::Elem::ND_WHAT
    }

    fn fory_write_type_info(ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        ndarray_type_info::<S::Elem>(ctx)
    }

    fn fory_accepts(id: u8) -> bool {
        accepts::<S::Elem>(id)
    }
}

impl<S, D> Serialize for ArrayBase<S, D>
where
    S: Data,
    S::Elem: NdElement,
    D: Dimension,
{
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        let kind = BufferKind::NdArray(<S::Elem as NdElement>::ND_ELEM);
        if ctx.is_xlang() && self.ndim() != 1 {
            return Err(Error::unsupported(format!(
                "a {}-dimensional array cannot be written in xlang mode: pyfory 1.7.7 reads only 1-D arrays there (use native mode, or flatten it)",
                self.ndim()
            )));
        }
        // contiguous in C or Fortran order: offered as the array's memory
        // (an empty array is in C order whatever its strides, and may have
        // no slice: packed, as a view that is neither)
        let c_order = self.is_standard_layout();
        let memory = if c_order || self.t().is_standard_layout() {
            self.as_slice_memory_order()
        } else {
            None
        };
        let (order, object) = match memory {
            Some(data) => (
                if c_order { C_ORDER } else { F_ORDER },
                BufferObject::borrowed(S::Elem::nd_bytes(data), kind),
            ),
            None => {
                // a sliced or permuted view: one packing copy, in C order
                let packed: Vec<S::Elem> = self.iter().copied().collect();
                let bytes = bytes::Bytes::copy_from_slice(S::Elem::nd_bytes(&packed));
                (C_ORDER, BufferObject::shared(bytes, kind).marked_copy())
            }
        };
        if ctx.is_xlang() {
            return if ctx
                .config()
                .dense_takes_buffer_path(xlang_dense_id::<S::Elem>())
            {
                ctx.write_buffer(object)
            } else {
                let bytes = object.getbuffer();
                ctx.write_sized_bytes(&bytes)
            };
        }
        write_header(ctx, S::Elem::FORY_SLICE_TYPE_ID, order, self.shape());
        ctx.write_buffer(object)
    }
}

/// Reads either layout into (Fortran?, shape, element bytes). In xlang
/// mode [`NDARRAY`] is the id a declared position passes (a struct field,
/// a declared list element or map value): no xlang stream writes it, and
/// the data is the dense array's.
fn read_any<'d, T: NdElement>(
    ctx: &mut ReadContext<'d, '_>,
    id: u8,
    what: &str,
) -> Result<(bool, Vec<usize>, BufferView<'d>)> {
    let id = if id == NDARRAY && ctx.is_xlang() {
        xlang_dense_id::<T>()
    } else {
        id
    };
    if id == NDARRAY {
        let (fortran, shape, count) = read_header(ctx, T::FORY_SLICE_TYPE_ID, what)?;
        let view = read_elements::<T>(ctx, count)?;
        return Ok((fortran, shape, view));
    }
    if !accepts::<T>(id) {
        let at = ctx.reader().position();
        return Err(unexpected_type_id::<ndarray::ArrayD<T>>(id, at));
    }
    // a dense 1-D array (xlang)
    let size = std::mem::size_of::<T>();
    let view = if ctx.config().dense_takes_buffer_path(id) {
        ctx.read_buffer(size, what)?
    } else {
        BufferView::Borrowed(ctx.read_sized_bytes(size, what)?)
    };
    let n = view.len() / size;
    ctx.check_array_len(n, what)?;
    Ok((false, vec![n], view))
}

fn shape_of(shape: &[usize], fortran: bool) -> ndarray::Shape<IxDyn> {
    IxDyn(shape).set_f(fortran)
}

impl<A, D> Deserialize for ndarray::Array<A, D>
where
    A: NdElement,
    D: Dimension,
{
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        let (fortran, shape, view) = read_any::<A>(ctx, id, A::ND_WHAT)?;
        let data: Vec<A> = A::nd_from_bytes(&view)?;
        let a = ArrayD::from_shape_vec(shape_of(&shape, fortran), data)
            .map_err(|e| Error::invalid(format!("n-d array shape: {e}")))?;
        a.into_dimensionality::<D>().map_err(|_| {
            let expected = match D::NDIM {
                Some(n) => format!("{} of {n} dimensions", A::ND_WHAT),
                None => A::ND_WHAT.to_string(),
            };
            Error::type_mismatch(&expected, format_args!("one of {} dimensions", shape.len()))
        })
    }
}

impl<A, D> Deserialize for ndarray::ArcArray<A, D>
where
    A: NdElement,
    D: Dimension,
{
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        ndarray::Array::<A, D>::fory_read_data(ctx, id).map(ndarray::Array::into_shared)
    }
}

/// An n-dimensional array over a [`SharedArray`]: read from a `Bytes`
/// out-of-band buffer it points into the buffer (when aligned), and
/// [`view`](Self::view) is a zero-copy `ndarray` view of it. Its elements
/// are the [`SharedNdElement`]s: the numbers, `half::f16` / `half::bf16`
/// (feature `half`), and `bool` (numpy's masks: over a `SharedArray<u8>`
/// whose bytes are checked to be 0 or 1 when it is read or made).
///
/// ```
/// # #[cfg(feature = "ndarray")] {
/// use fory_core::Fory;
/// use fory_core::serializer::ndarray::SharedNdArray;
/// let fory = Fory::builder().build();
/// let a = ndarray::Array2::<f32>::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f32);
/// let mut objs = Vec::new();
/// let data = fory.serialize_with_callback(&a, &mut objs)?;
/// let buffers: Vec<bytes::Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
/// let back: SharedNdArray<f32> = fory.deserialize_with_buffers(&data, buffers.clone())?;
/// assert_eq!(back.view(), a.view().into_dyn());
/// assert_eq!(back.data().as_ptr() as *const u8, buffers[0].as_ptr()); // zero-copy
/// # }
/// # Ok::<(), fory_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SharedNdArray<T: SharedNdElement> {
    data: SharedArray<T::Store>,
    shape: Vec<usize>,
    fortran: bool,
}

impl<T: SharedNdElement<Store = T> + Element> SharedNdArray<T> {
    /// An array of `shape` over `data` in C (row-major) order (for `bool`,
    /// [`from_mask_bytes`](SharedNdArray::from_mask_bytes)).
    ///
    /// # Errors
    /// When the shape's element count differs from the data's.
    pub fn new(data: SharedArray<T>, shape: Vec<usize>) -> Result<Self> {
        Self::with_store(data, shape)
    }
}

impl SharedNdArray<bool> {
    /// A bool array of `shape` over bytes that are each 0 or 1 (numpy's
    /// bool layout), in C (row-major) order, without copying them.
    ///
    /// # Errors
    /// When the shape's element count differs from the data's, or a byte
    /// is neither 0 nor 1.
    pub fn from_mask_bytes(data: SharedArray<u8>, shape: Vec<usize>) -> Result<Self> {
        Self::with_store(data, shape)
    }
}

impl<T: SharedNdElement> SharedNdArray<T> {
    fn with_store(data: SharedArray<T::Store>, shape: Vec<usize>) -> Result<Self> {
        let count = shape.iter().try_fold(1usize, |a, &d| a.checked_mul(d));
        if count != Some(data.len()) || !shape_fits(&shape) {
            return Err(Error::invalid(format!(
                "shape {shape:?} does not hold {} elements",
                data.len()
            )));
        }
        T::check_store(&data, shared_what(T::ND_ELEM))?;
        Ok(SharedNdArray {
            data,
            shape,
            fortran: false,
        })
    }

    /// A zero-copy view. (For `bool`, making it checks the bytes once
    /// more: a pass over them, no copy.)
    ///
    /// # Panics
    ///
    /// Only if the memory under the array changed after it was checked:
    /// for `bool`, a byte other than 0 or 1 (a mapped file rewritten by
    /// another process). The shape always fits the data.
    pub fn view(&self) -> ArrayViewD<'_, T> {
        ArrayViewD::from_shape(
            shape_of(&self.shape, self.fortran),
            T::from_store(&self.data[..]),
        )
        .expect("the shape was checked against the data")
    }

    /// The elements, in memory order (for `bool`, their bytes).
    pub fn data(&self) -> &SharedArray<T::Store> {
        &self.data
    }

    /// The shape.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    /// True when the data is in Fortran (column-major) order.
    pub fn is_fortran(&self) -> bool {
        self.fortran
    }

    /// The same data and shape read in Fortran (column-major) order, as
    /// numpy's `order="F"` arrays are (the data is not moved).
    pub fn into_fortran(mut self) -> Self {
        self.fortran = true;
        self
    }
}

/// What errors call a [`SharedNdArray`] of `elem`s.
fn shared_what(elem: fory_buffers::ElemType) -> &'static str {
    use fory_buffers::ElemType as E;
    match elem {
        E::Bool => "a SharedNdArray of bool",
        E::I8 => "a SharedNdArray of i8",
        E::I16 => "a SharedNdArray of i16",
        E::I32 => "a SharedNdArray of i32",
        E::I64 => "a SharedNdArray of i64",
        E::U8 => "a SharedNdArray of u8",
        E::U16 => "a SharedNdArray of u16",
        E::U32 => "a SharedNdArray of u32",
        E::U64 => "a SharedNdArray of u64",
        E::F32 => "a SharedNdArray of f32",
        E::F64 => "a SharedNdArray of f64",
        E::F16 => "a SharedNdArray of f16",
        E::BF16 => "a SharedNdArray of bf16",
        _ => "a SharedNdArray",
    }
}

impl<T: SharedNdElement> ForyType for SharedNdArray<T> {
    const FORY_TYPE_ID: u8 = NDARRAY;
    const FORY_XLANG_TYPE_ID: u8 = xlang_type_id::<T>(None);
    const FORY_TRACKS_REF: bool = true;

    fn fory_type_name() -> &'static str {
        shared_what(T::ND_ELEM)
    }

    fn fory_write_type_info(ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        ndarray_type_info::<T>(ctx)
    }

    fn fory_accepts(id: u8) -> bool {
        accepts::<T>(id)
    }
}

impl<T: SharedNdElement> Serialize for SharedNdArray<T> {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        let object = BufferObject::shared(
            self.data.as_bytes().clone(),
            BufferKind::NdArray(T::ND_ELEM),
        );
        if ctx.is_xlang() {
            if self.shape.len() != 1 {
                return Err(Error::unsupported(
                    "an n-dimensional array cannot be written in xlang mode: pyfory 1.7.7 reads only 1-D arrays there",
                ));
            }
            return if ctx.config().dense_takes_buffer_path(xlang_dense_id::<T>()) {
                ctx.write_buffer(object)
            } else {
                ctx.write_sized_bytes(self.data.as_bytes())
            };
        }
        let order = if self.fortran { F_ORDER } else { C_ORDER };
        write_header(ctx, T::FORY_SLICE_TYPE_ID, order, &self.shape);
        ctx.write_buffer(object)
    }
}

impl<T: SharedNdElement> Default for SharedNdArray<T> {
    /// An empty 1-D array.
    fn default() -> Self {
        SharedNdArray {
            data: SharedArray::default(),
            shape: vec![0],
            fortran: false,
        }
    }
}

impl<T: SharedNdElement> Deserialize for SharedNdArray<T> {
    /// Empty ([`Default`]): what a compatible reader gives a field the
    /// writer lacks.
    fn fory_zero() -> Option<Self> {
        Some(SharedNdArray::default())
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        let what = shared_what(T::ND_ELEM);
        let (fortran, shape, view) = read_any::<T>(ctx, id, what)?;
        let data = match view {
            BufferView::Shared(bytes) => SharedArray::<T::Store>::from_bytes(bytes)?,
            BufferView::Borrowed(s) => SharedArray::from_vec(super::number::to_vec(s)),
        };
        T::check_store(&data, what)?;
        Ok(SharedNdArray {
            data,
            shape,
            fortran,
        })
    }
}
