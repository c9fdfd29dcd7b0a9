//! [`SharedArray`]: a zero-copy, reference-counted typed array over `Bytes`.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use bytes::Bytes;

use crate::{ElemType, LayoutError};

mod sealed {
    pub trait Sealed {}
}

/// A primitive number type a [`SharedArray`] can hold.
///
/// Sealed: implemented for `i8`..`i64`, `u8`..`u64`, `f32` and `f64`, and
/// with the `half` feature for `half::f16` and `half::bf16`. Every element
/// is [`Pod`](bytemuck::Pod): any bytes are valid elements, so an array
/// over bytes someone else hands in needs no check. That is why `bool`
/// is not one: a byte other than 0 or 1 is no `bool`, so sharing bytes
/// as `&[bool]` would take a check of every byte and an `unsafe` cast that
/// is only sound while nobody changes those bytes, which a mapped file or
/// shared memory does not promise. Read numpy bool masks into
/// `Vec<bool>` or an `ndarray` array (one checked copy), or fory-core's
/// `SharedNdArray<bool>` (feature `ndarray`), which shares them as a
/// `SharedArray<u8>` checked when read and gives `bool` views.
pub trait Element:
    bytemuck::Pod + Send + Sync + PartialEq + fmt::Debug + sealed::Sealed + 'static
{
    /// The element's tag.
    const ELEM: ElemType;
}

macro_rules! elements {
    ($($t:ty => $e:ident),*) => {$(
        impl sealed::Sealed for $t {}
        impl Element for $t { const ELEM: ElemType = ElemType::$e; }
    )*};
}
elements!(i8 => I8, i16 => I16, i32 => I32, i64 => I64, u8 => U8, u16 => U16, u32 => U32,
    u64 => U64, f32 => F32, f64 => F64);
#[cfg(feature = "half")]
elements!(half::f16 => F16, half::bf16 => BF16);

/// A 1-D array of `T` backed by [`Bytes`]: cloning shares the memory, and
/// it dereferences to `&[T]`.
///
/// Built from `Bytes` (an out-of-band buffer, a mapped file, a network
/// read) it points into those bytes when they are aligned for `T`, and
/// copies them into an aligned allocation otherwise — caller-supplied bytes
/// are never assumed aligned. [`shares_memory_with`](Self::shares_memory_with)
/// tells which happened. Like every view of an out-of-band buffer it is
/// read-only; [`to_vec`](slice::to_vec) gives an owned, mutable copy.
///
/// ```
/// use bytes::Bytes;
/// use fory_buffers::SharedArray;
/// let a = SharedArray::from_vec(vec![1.5f64, 2.5]);
/// let bytes: Bytes = a.as_bytes().clone();
/// let b = SharedArray::<f64>::from_bytes(bytes).unwrap();
/// assert_eq!(&b[..], &[1.5, 2.5]);
/// assert_eq!(b.as_ptr(), a.as_ptr()); // zero-copy
/// ```
#[derive(Clone)]
pub struct SharedArray<T: Element> {
    bytes: Bytes,
    _elem: PhantomData<T>,
}

/// Owner that keeps a `Vec<T>` alive behind a `Bytes` handle, so the bytes
/// are aligned for `T`.
struct AlignedVec<T: Element>(Vec<T>);

impl<T: Element> AsRef<[u8]> for AlignedVec<T> {
    fn as_ref(&self) -> &[u8] {
        bytemuck::cast_slice(&self.0)
    }
}

impl<T: Element> SharedArray<T> {
    /// Takes ownership of a vector without copying.
    pub fn from_vec(v: Vec<T>) -> Self {
        SharedArray {
            bytes: Bytes::from_owner(AlignedVec(v)),
            _elem: PhantomData,
        }
    }

    /// Copies a slice into a new shared array.
    pub fn from_slice(s: &[T]) -> Self {
        Self::from_vec(s.to_vec())
    }

    /// Shares `bytes` as an array of `T`: zero-copy when aligned, one copy
    /// into aligned memory otherwise.
    ///
    /// # Errors
    /// When the length is not a multiple of `size_of::<T>()`.
    pub fn from_bytes(bytes: Bytes) -> Result<Self, LayoutError> {
        let size = std::mem::size_of::<T>();
        if bytes.len() % size != 0 {
            return Err(LayoutError::new(format!(
                "{} bytes is not a whole number of {} elements ({size} bytes each)",
                bytes.len(),
                T::ELEM.name()
            )));
        }
        if Self::is_aligned(&bytes) {
            return Ok(SharedArray {
                bytes,
                _elem: PhantomData,
            });
        }
        let mut v = vec![T::zeroed(); bytes.len() / size];
        bytemuck::cast_slice_mut::<T, u8>(&mut v).copy_from_slice(&bytes);
        Ok(Self::from_vec(v))
    }

    /// True when `bytes` starts at an address aligned for `T`, so
    /// [`from_bytes`](Self::from_bytes) will not copy.
    #[inline]
    pub fn is_aligned(bytes: &[u8]) -> bool {
        (bytes.as_ptr() as usize) % std::mem::align_of::<T>() == 0
    }

    /// The underlying bytes (little-endian elements).
    #[inline]
    pub fn as_bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// Unwraps into the underlying bytes.
    #[inline]
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    /// The elements.
    #[inline]
    pub fn as_slice(&self) -> &[T] {
        // Alignment and length were established at construction; this
        // checked cast cannot fail.
        bytemuck::cast_slice(&self.bytes)
    }

    /// True when this array points into `bytes`' memory (no copy was made).
    pub fn shares_memory_with(&self, bytes: &[u8]) -> bool {
        let range = bytes.as_ptr_range();
        let me = self.bytes.as_ptr_range();
        self.bytes.is_empty() || (me.start >= range.start && me.end <= range.end)
    }
}

impl<T: Element> Deref for SharedArray<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Element> AsRef<[T]> for SharedArray<T> {
    fn as_ref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Element> Default for SharedArray<T> {
    fn default() -> Self {
        Self::from_vec(Vec::new())
    }
}

impl<T: Element> PartialEq for SharedArray<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Element> From<Vec<T>> for SharedArray<T> {
    fn from(v: Vec<T>) -> Self {
        Self::from_vec(v)
    }
}

impl<T: Element> fmt::Debug for SharedArray<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedArray")
            .field(&self.as_slice())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misaligned_bytes_are_copied_and_still_read_right() {
        let src = SharedArray::from_vec(vec![1u32, 2, 3, 4]);
        let all = src.as_bytes().clone();
        // drop one leading byte of a bigger buffer to force misalignment
        let mut raw = vec![0u8];
        raw.extend_from_slice(&all);
        let raw = Bytes::from(raw);
        let window = raw.slice(1..);
        assert!(!SharedArray::<u32>::is_aligned(&window));
        let a = SharedArray::<u32>::from_bytes(window.clone()).unwrap();
        assert_eq!(&a[..], &[1, 2, 3, 4]);
        assert!(!a.shares_memory_with(&window));
        let b = SharedArray::<u32>::from_bytes(all.clone()).unwrap();
        assert!(b.shares_memory_with(&all));
    }

    #[cfg(feature = "half")]
    #[test]
    fn half_floats_share_aligned_bytes_and_copy_misaligned_ones() {
        use half::{bf16, f16};
        let h = SharedArray::from_vec(vec![f16::from_f32(1.0), f16::from_f32(-2.5)]);
        // numpy.array([1.0, -2.5], dtype=numpy.float16).tobytes()
        assert_eq!(&h.as_bytes()[..], &[0x00, 0x3c, 0x00, 0xc1]);
        let all = h.as_bytes().clone();
        let back = SharedArray::<f16>::from_bytes(all.clone()).unwrap();
        assert_eq!(back, h);
        assert!(back.shares_memory_with(&all));
        let raw = Bytes::from([&[0u8][..], &all[..]].concat());
        let odd = raw.slice(1..);
        assert!(!SharedArray::<f16>::is_aligned(&odd));
        let copied = SharedArray::<f16>::from_bytes(odd.clone()).unwrap();
        assert_eq!(copied, h);
        assert!(!copied.shares_memory_with(&odd));
        let b = SharedArray::<bf16>::from_bytes(Bytes::from_static(&[0x80, 0x3f])).unwrap();
        assert_eq!(&b[..], &[bf16::ONE]);
        for len in [1, 3] {
            let e = SharedArray::<bf16>::from_bytes(Bytes::from(vec![0u8; len])).unwrap_err();
            assert!(e.to_string().contains("not a whole number of bf16"), "{e}");
            let e = SharedArray::<f16>::from_bytes(Bytes::from(vec![0u8; len])).unwrap_err();
            assert!(e.to_string().contains("not a whole number of f16"), "{e}");
        }
    }

    #[test]
    fn ragged_length_is_an_error() {
        let e = SharedArray::<f64>::from_bytes(Bytes::from(vec![0u8; 9])).unwrap_err();
        assert!(e.to_string().contains("not a whole number of f64"));
    }
}
