//! [`BufferObject`]: one large buffer offered to the buffer callback.

use std::fmt;
use std::io::{self, IoSlice, Write};

use bytes::Bytes;

use crate::{BufferKind, BufferView, LayoutError, Strided};

/// The largest slice handed to one `write` call. Some platforms fail single
/// writes above 2 GiB; `write_to` splits larger buffers below that.
const MAX_WRITE: usize = 1 << 30;

/// One large buffer met during serialization, offered to the buffer
/// callback.
///
/// It may borrow from the value being serialized (`'a`, zero-copy and
/// checked by the borrow checker) or hold a shared owner ([`Bytes`]).
/// Cloning it is cheap: a pointer copy or a reference-count increment. It
/// tells a policy what it is: [`total_bytes`](Self::total_bytes),
/// [`is_contiguous`](Self::is_contiguous) and [`kind`](Self::kind).
///
/// ```
/// use fory_buffers::{BufferKind, BufferObject, ElemType};
/// let samples = vec![1.0f64, 2.0, 3.0];
/// let obj = BufferObject::from_slice(&samples, BufferKind::PrimitiveArray(ElemType::F64));
/// assert_eq!(obj.total_bytes(), 24);
/// let mut file_like = Vec::new();
/// obj.write_to(&mut file_like).unwrap();
/// assert_eq!(file_like.len(), 24);
/// ```
#[derive(Clone)]
pub struct BufferObject<'a> {
    data: Data<'a>,
    kind: BufferKind,
    copied: bool,
}

#[derive(Clone)]
enum Data<'a> {
    Borrowed(&'a [u8]),
    Shared(Bytes),
    Strided(BufferView<'a>, Strided),
}

impl<'a> BufferObject<'a> {
    /// A buffer borrowing `bytes` from the value being serialized.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType};
    /// let data = vec![1u8, 2, 3];
    /// let obj = BufferObject::borrowed(&data, BufferKind::Binary);
    /// assert_eq!(obj.getbuffer().as_ptr(), data.as_ptr()); // no copy
    /// assert!(!obj.is_shared() && !obj.is_copy());
    /// ```
    #[inline]
    pub fn borrowed(bytes: &'a [u8], kind: BufferKind) -> Self {
        BufferObject {
            data: Data::Borrowed(bytes),
            kind,
            copied: false,
        }
    }

    /// A buffer borrowing a slice of plain-old-data elements as bytes
    /// (little-endian, which is the only byte order this crate builds for).
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType};
    /// let samples = [1.0f64, 2.0];
    /// let obj = BufferObject::from_slice(&samples, BufferKind::NdArray(ElemType::F64));
    /// assert_eq!(obj.total_bytes(), 16);
    /// assert_eq!(obj.kind(), BufferKind::NdArray(ElemType::F64));
    /// ```
    #[inline]
    pub fn from_slice<T: bytemuck::NoUninit>(elems: &'a [T], kind: BufferKind) -> Self {
        Self::borrowed(bytemuck::cast_slice(elems), kind)
    }

    /// A buffer held by a shared owner; `'a` is free.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType};
    /// let owner = bytes::Bytes::from(vec![5u8; 64]);
    /// let obj = BufferObject::shared(owner.clone(), BufferKind::Binary);
    /// assert!(obj.is_shared());
    /// assert_eq!(obj.to_buffer().as_ptr(), owner.as_ptr()); // a reference count, no copy
    /// ```
    #[inline]
    pub fn shared(bytes: Bytes, kind: BufferKind) -> Self {
        BufferObject {
            data: Data::Shared(bytes),
            kind,
            copied: false,
        }
    }

    /// A non-contiguous buffer: the elements of `layout` inside `base`.
    /// [`getbuffer`](Self::getbuffer) packs them with one copy.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType, Strided};
    /// let base = [0u8, 1, 2, 3, 4, 5]; // 3x2 matrix; view its transpose
    /// let layout = Strided::new(base.len(), 0, 1, &[2, 3], &[1, 2]).unwrap();
    /// let obj = BufferObject::strided(&base[..], layout, BufferKind::NdArray(ElemType::U8)).unwrap();
    /// assert!(!obj.is_contiguous());
    /// assert_eq!(&obj.getbuffer()[..], &[0, 2, 4, 1, 3, 5]);
    /// ```
    pub fn strided(
        base: impl Into<BufferView<'a>>,
        layout: Strided,
        kind: BufferKind,
    ) -> Result<Self, LayoutError> {
        let base = base.into();
        // Re-validate against the real base length.
        let layout = Strided::new(
            base.len(),
            layout.offset(),
            layout.elem_size(),
            layout.shape(),
            layout.strides(),
        )?;
        if layout.is_c_contiguous() {
            let range = layout.offset()..layout.offset() + layout.total_bytes();
            let data = match base {
                BufferView::Borrowed(s) => Data::Borrowed(&s[range]),
                BufferView::Shared(b) => Data::Shared(b.slice(range)),
            };
            return Ok(BufferObject {
                data,
                kind,
                copied: false,
            });
        }
        Ok(BufferObject {
            data: Data::Strided(base, layout),
            kind,
            copied: false,
        })
    }

    /// Which kind of value produced this buffer.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType};
    /// let ids = [1i32, 2, 3];
    /// let obj = BufferObject::from_slice(&ids, BufferKind::PrimitiveArray(ElemType::I32));
    /// assert_eq!(obj.kind(), BufferKind::PrimitiveArray(ElemType::I32));
    /// assert_eq!(obj.kind().elem_type(), Some(ElemType::I32));
    /// ```
    #[inline]
    pub fn kind(&self) -> BufferKind {
        self.kind
    }

    /// Marks the buffer as a packed copy the serializer had to make (the
    /// value was not contiguous), so callers can tell.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType};
    /// let packed = bytes::Bytes::from(vec![1u8, 2]);
    /// let obj = BufferObject::shared(packed, BufferKind::Binary).marked_copy();
    /// assert!(obj.is_copy());
    /// ```
    #[must_use]
    pub fn marked_copy(mut self) -> Self {
        self.copied = true;
        self
    }

    /// True when the serializer packed a non-contiguous value into this
    /// buffer (one copy was made); false when the buffer is the value's own
    /// memory.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject};
    /// let data = [1u8, 2, 3];
    /// let obj = BufferObject::borrowed(&data, BufferKind::Binary);
    /// assert!(!obj.is_copy()); // the value's own memory
    /// assert!(obj.marked_copy().is_copy()); // what a serializer does after packing
    /// ```
    #[inline]
    pub fn is_copy(&self) -> bool {
        self.copied
    }

    /// Size in bytes once written: known before anything is written, so a
    /// caller can size one allocation for all buffers.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType, Strided};
    /// let obj = BufferObject::from_slice(&[0u16; 10], BufferKind::PrimitiveArray(ElemType::U16));
    /// assert_eq!(obj.total_bytes(), 20);
    /// // a strided buffer counts its packed elements, not its base
    /// let base = [0u8; 12];
    /// let every_other = Strided::new(base.len(), 0, 1, &[6], &[2]).unwrap();
    /// let obj = BufferObject::strided(&base[..], every_other, BufferKind::NdArray(ElemType::U8)).unwrap();
    /// assert_eq!(obj.total_bytes(), 6);
    /// ```
    #[inline]
    pub fn total_bytes(&self) -> usize {
        match &self.data {
            Data::Borrowed(s) => s.len(),
            Data::Shared(b) => b.len(),
            Data::Strided(_, l) => l.total_bytes(),
        }
    }

    /// True when the bytes are one contiguous run, so
    /// [`getbuffer`](Self::getbuffer) does not copy.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType, Strided};
    /// let base = [0u8, 1, 2, 3, 4, 5];
    /// assert!(BufferObject::borrowed(&base, BufferKind::Binary).is_contiguous());
    /// let every_other = Strided::new(base.len(), 0, 1, &[3], &[2]).unwrap();
    /// let obj = BufferObject::strided(&base[..], every_other, BufferKind::NdArray(ElemType::U8)).unwrap();
    /// assert!(!obj.is_contiguous());
    /// assert_eq!(obj.as_contiguous(), None);
    /// ```
    #[inline]
    pub fn is_contiguous(&self) -> bool {
        !matches!(self.data, Data::Strided(..))
    }

    /// True when the buffer holds a shared owner rather than a borrow.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject};
    /// let data = vec![1u8, 2, 3];
    /// assert!(!BufferObject::borrowed(&data, BufferKind::Binary).is_shared());
    /// let owner = bytes::Bytes::from(data.clone());
    /// assert!(BufferObject::shared(owner, BufferKind::Binary).is_shared());
    /// // into_owned copies a borrow into a shared owner
    /// assert!(BufferObject::borrowed(&data, BufferKind::Binary).into_owned().is_shared());
    /// ```
    #[inline]
    pub fn is_shared(&self) -> bool {
        match &self.data {
            Data::Shared(_) => true,
            Data::Strided(base, _) => base.is_shared(),
            Data::Borrowed(_) => false,
        }
    }

    /// The bytes as one slice when contiguous, without copying.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType};
    /// let data = [1u8, 2, 3];
    /// let obj = BufferObject::borrowed(&data, BufferKind::Binary);
    /// assert_eq!(obj.as_contiguous(), Some(&data[..]));
    /// ```
    #[inline]
    pub fn as_contiguous(&self) -> Option<&[u8]> {
        match &self.data {
            Data::Borrowed(s) => Some(s),
            Data::Shared(b) => Some(b),
            Data::Strided(..) => None,
        }
    }

    /// The bytes as one contiguous view: zero-copy for contiguous data (the
    /// view points at the value's own memory), one packing copy otherwise.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType, Strided};
    /// let base = [0u8, 1, 2, 3, 4, 5];
    /// let view = BufferObject::borrowed(&base, BufferKind::Binary).getbuffer();
    /// assert_eq!(view.as_ptr(), base.as_ptr()); // contiguous: no copy
    /// let every_other = Strided::new(base.len(), 0, 1, &[3], &[2]).unwrap();
    /// let obj = BufferObject::strided(&base[..], every_other, BufferKind::NdArray(ElemType::U8)).unwrap();
    /// assert_eq!(&obj.getbuffer()[..], &[0, 2, 4]); // packed with one copy
    /// ```
    #[inline]
    pub fn getbuffer(&self) -> BufferView<'a> {
        match &self.data {
            Data::Borrowed(s) => BufferView::Borrowed(s),
            Data::Shared(b) => BufferView::Shared(b.clone()),
            Data::Strided(base, layout) => BufferView::Shared(Bytes::from(layout.gather(base))),
        }
    }

    /// An owned, shared handle on the bytes: no copy when the buffer already
    /// holds a `Bytes`; one copy when it borrows or is non-contiguous.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject};
    /// let owner = bytes::Bytes::from(vec![4u8; 16]);
    /// let shared = BufferObject::shared(owner.clone(), BufferKind::Binary);
    /// assert_eq!(shared.to_buffer().as_ptr(), owner.as_ptr()); // a reference count
    /// let data = vec![4u8; 16];
    /// let copied = BufferObject::borrowed(&data, BufferKind::Binary).to_buffer();
    /// assert_eq!(copied, data);
    /// assert_ne!(copied.as_ptr(), data.as_ptr()); // one copy, free of `data`
    /// ```
    pub fn to_buffer(&self) -> Bytes {
        match &self.data {
            Data::Borrowed(s) => Bytes::copy_from_slice(s),
            Data::Shared(b) => b.clone(),
            Data::Strided(base, layout) => Bytes::from(layout.gather(base)),
        }
    }

    /// Detaches from the value's lifetime by copying borrowed bytes (shared
    /// ones are kept as they are).
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType};
    /// let owned = {
    ///     let short_lived = vec![7u8; 8];
    ///     BufferObject::borrowed(&short_lived, BufferKind::Binary).into_owned()
    /// };
    /// assert_eq!(&owned.getbuffer()[..], &[7; 8]);
    /// ```
    pub fn into_owned(self) -> BufferObject<'static> {
        let data = match self.data {
            Data::Borrowed(s) => Data::Shared(Bytes::copy_from_slice(s)),
            Data::Shared(b) => Data::Shared(b),
            Data::Strided(base, l) => Data::Strided(base.into_static(), l),
        };
        BufferObject {
            data,
            kind: self.kind,
            copied: self.copied,
        }
    }

    /// Writes the bytes, packed, to any [`Write`]: a `Vec<u8>`, a `File`, a
    /// `TcpStream`, or a preallocated `&mut [u8]` (which fails with
    /// `WriteZero` when too short). Non-contiguous data is written run by
    /// run, without an intermediate copy; writes above 1 GiB are split.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType};
    /// let data = [1u8, 2, 3];
    /// let mut out = Vec::new();
    /// BufferObject::borrowed(&data, BufferKind::Binary).write_to(&mut out)?;
    /// assert_eq!(out, data);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn write_to<W: Write + ?Sized>(&self, out: &mut W) -> io::Result<()> {
        let mut result = Ok(());
        self.for_each_run(|run| {
            if result.is_ok() {
                result = write_split(out, run);
            }
        });
        result
    }

    /// Copies the packed bytes into the front of `dst` and returns how many
    /// were written.
    ///
    /// # Errors
    /// When `dst` is shorter than [`total_bytes`](Self::total_bytes).
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType};
    /// let obj = BufferObject::borrowed(&[1u8, 2, 3], BufferKind::Binary);
    /// let mut dst = [0u8; 8];
    /// assert_eq!(obj.copy_to_slice(&mut dst).unwrap(), 3);
    /// assert!(obj.copy_to_slice(&mut [0u8; 2]).is_err());
    /// ```
    pub fn copy_to_slice(&self, dst: &mut [u8]) -> Result<usize, LayoutError> {
        let n = self.total_bytes();
        if dst.len() < n {
            return Err(LayoutError::new(format!(
                "destination holds {} bytes, the buffer needs {n}",
                dst.len()
            )));
        }
        let mut at = 0;
        self.for_each_run(|run| {
            dst[at..at + run.len()].copy_from_slice(run);
            at += run.len();
        });
        Ok(n)
    }

    /// The buffer's contiguous runs of bytes, in order: one for contiguous
    /// data.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType};
    /// let obj = BufferObject::borrowed(&[1u8, 2, 3], BufferKind::Binary);
    /// assert_eq!(obj.runs(), [&[1u8, 2, 3][..]]);
    /// ```
    pub fn runs(&self) -> Vec<&[u8]> {
        let mut v = Vec::new();
        self.for_each_run(|run| v.push(run));
        v
    }

    /// The buffer as [`IoSlice`]s for `write_vectored` / `sendmsg`: one for
    /// contiguous data, one per contiguous run otherwise (split below
    /// 1 GiB each).
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, ElemType};
    /// use std::io::Write;
    /// let obj = BufferObject::borrowed(&[1u8, 2, 3], BufferKind::Binary);
    /// let mut out = Vec::new();
    /// out.write_vectored(&obj.io_slices())?;
    /// assert_eq!(out, [1, 2, 3]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn io_slices(&self) -> Vec<IoSlice<'_>> {
        let mut v = Vec::new();
        self.for_each_run(|run| {
            for chunk in run.chunks(MAX_WRITE) {
                v.push(IoSlice::new(chunk));
            }
        });
        v
    }

    fn for_each_run<'s>(&'s self, mut f: impl FnMut(&'s [u8])) {
        match &self.data {
            Data::Borrowed(s) => f(s),
            Data::Shared(b) => f(b),
            Data::Strided(base, layout) => layout.for_each_run(base.as_slice(), f),
        }
    }
}

fn write_split<W: Write + ?Sized>(out: &mut W, bytes: &[u8]) -> io::Result<()> {
    if bytes.is_empty() {
        return Ok(());
    }
    for chunk in bytes.chunks(MAX_WRITE) {
        out.write_all(chunk)?;
    }
    Ok(())
}

impl fmt::Debug for BufferObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BufferObject")
            .field("kind", &self.kind)
            .field("total_bytes", &self.total_bytes())
            .field("contiguous", &self.is_contiguous())
            .field("shared", &self.is_shared())
            .finish()
    }
}

impl<'a> From<&BufferObject<'a>> for BufferView<'a> {
    /// [`BufferObject::getbuffer`]: so `&objs` can be handed back to
    /// `deserialize_with_buffers` as it is.
    ///
    /// ```
    /// use fory_buffers::{BufferKind, BufferObject, BufferView};
    /// let data = vec![1u8, 2, 3];
    /// let objs = vec![BufferObject::borrowed(&data, BufferKind::Binary)];
    /// let views: Vec<BufferView<'_>> = objs.iter().map(BufferView::from).collect();
    /// assert_eq!(views[0].as_ptr(), data.as_ptr()); // the value's own memory
    /// ```
    fn from(b: &BufferObject<'a>) -> Self {
        b.getbuffer()
    }
}

impl<'a> From<BufferObject<'a>> for BufferView<'a> {
    /// [`BufferObject::getbuffer`], consuming the object.
    fn from(b: BufferObject<'a>) -> Self {
        b.getbuffer()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ElemType;

    #[test]
    fn getbuffer_is_zero_copy_for_borrowed_and_shared() {
        let v = vec![7u8; 100];
        let b = BufferObject::borrowed(&v, BufferKind::Binary);
        assert_eq!(b.getbuffer().as_ptr(), v.as_ptr());
        let shared = Bytes::from(vec![1u8; 10]);
        let s = BufferObject::shared(shared.clone(), BufferKind::Binary);
        assert_eq!(s.getbuffer().as_ptr(), shared.as_ptr());
        assert_eq!(s.to_buffer().as_ptr(), shared.as_ptr());
        assert_ne!(b.to_buffer().as_ptr(), v.as_ptr());
    }

    #[test]
    fn write_to_a_short_slice_fails_and_copy_to_slice_checks() {
        let v = [1u8, 2, 3, 4];
        let b = BufferObject::borrowed(&v, BufferKind::Binary);
        let mut dst = [0u8; 3];
        assert!(b.write_to(&mut &mut dst[..]).is_err());
        assert!(b.copy_to_slice(&mut dst).is_err());
        let mut big = [0u8; 6];
        assert_eq!(b.copy_to_slice(&mut big).unwrap(), 4);
        assert_eq!(big, [1, 2, 3, 4, 0, 0]);
    }

    #[test]
    fn strided_writes_runs_and_contiguous_layout_collapses() {
        let base: Vec<u8> = (0..12).collect();
        let l = Strided::new(12, 1, 1, &[3, 2], &[4, 1]).unwrap();
        let o = BufferObject::strided(&base[..], l, BufferKind::NdArray(ElemType::U8)).unwrap();
        let mut out = Vec::new();
        o.write_to(&mut out).unwrap();
        assert_eq!(out, vec![1, 2, 5, 6, 9, 10]);
        assert_eq!(o.io_slices().len(), 3);
        let mut dst = [0u8; 6];
        o.copy_to_slice(&mut dst).unwrap();
        assert_eq!(dst.to_vec(), out);

        let c = Strided::new(12, 4, 1, &[2, 4], &[4, 1]).unwrap();
        let o = BufferObject::strided(&base[..], c, BufferKind::NdArray(ElemType::U8)).unwrap();
        assert!(o.is_contiguous());
        assert_eq!(o.getbuffer().as_ptr(), base[4..].as_ptr());
    }

    #[test]
    fn into_owned_detaches() {
        let o = {
            let v = vec![9u8; 4];
            BufferObject::borrowed(&v, BufferKind::Binary).into_owned()
        };
        assert_eq!(&o.getbuffer()[..], &[9, 9, 9, 9]);
        assert!(o.is_shared());
    }
}
