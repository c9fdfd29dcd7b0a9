//! [`BufferView`]: contiguous bytes, borrowed or shared, never copied.

use std::fmt;
use std::ops::Deref;

use bytes::Bytes;

/// Contiguous bytes that are either borrowed (`&'a [u8]`) or held through a
/// shared, reference-counted owner ([`Bytes`]).
///
/// It is what [`BufferObject::getbuffer`](crate::BufferObject::getbuffer)
/// returns, and what deserialization takes out-of-band buffers as: anything
/// that converts into it — `Bytes`, `Vec<u8>`, `&[u8]`, `&Vec<u8>`,
/// `&Bytes` — can be handed back. A `Shared` view lets the reader give out
/// zero-copy slices that outlive the call; a `Borrowed` one cannot, so
/// owned outputs (`Bytes`, [`SharedArray`](crate::SharedArray)) copy from it.
///
/// Views are read-only. To mutate, copy out with [`to_vec`](slice::to_vec).
///
/// ```
/// use bytes::Bytes;
/// use fory_buffers::BufferView;
/// let shared = Bytes::from(vec![1u8, 2, 3]);
/// let view = BufferView::from(shared.clone());
/// assert_eq!(&view[..], &[1, 2, 3]);
/// assert_eq!(view.as_ptr(), shared.as_ptr()); // same memory
/// ```
#[derive(Clone)]
pub enum BufferView<'a> {
    /// Bytes borrowed for `'a`.
    Borrowed(&'a [u8]),
    /// Bytes kept alive by a shared owner.
    Shared(Bytes),
}

impl BufferView<'_> {
    /// The bytes as a slice.
    ///
    /// ```
    /// use fory_buffers::BufferView;
    /// let v = BufferView::from(&[1u8, 2][..]);
    /// assert_eq!(v.as_slice(), &[1, 2]);
    /// ```
    #[inline]
    pub fn as_slice(&self) -> &[u8] {
        match self {
            BufferView::Borrowed(s) => s,
            BufferView::Shared(b) => b,
        }
    }

    /// A shared handle on the bytes: free for a `Shared` view, one copy for
    /// a `Borrowed` one.
    ///
    /// ```
    /// use fory_buffers::BufferView;
    /// let shared = bytes::Bytes::from(vec![3u8; 4]);
    /// assert_eq!(BufferView::from(shared.clone()).to_bytes().as_ptr(), shared.as_ptr());
    /// ```
    pub fn to_bytes(&self) -> Bytes {
        match self {
            BufferView::Borrowed(s) => Bytes::copy_from_slice(s),
            BufferView::Shared(b) => b.clone(),
        }
    }

    /// A shared handle on `range` of the bytes, zero-copy for a `Shared`
    /// view.
    ///
    /// # Panics
    ///
    /// Like slicing, when `range` is out of bounds or decreasing.
    ///
    /// ```
    /// use fory_buffers::BufferView;
    /// let shared = bytes::Bytes::from(vec![0u8, 1, 2, 3]);
    /// let part = BufferView::from(shared.clone()).slice_to_bytes(1..3);
    /// assert_eq!(&part[..], &[1, 2]);
    /// assert_eq!(part.as_ptr(), shared[1..].as_ptr()); // zero-copy
    /// ```
    pub fn slice_to_bytes(&self, range: std::ops::Range<usize>) -> Bytes {
        match self {
            BufferView::Borrowed(s) => Bytes::copy_from_slice(&s[range]),
            BufferView::Shared(b) => b.slice(range),
        }
    }

    /// True when the view holds a shared owner, so slices of it can be
    /// handed out without copying.
    ///
    /// ```
    /// use fory_buffers::BufferView;
    /// assert!(BufferView::from(bytes::Bytes::from(vec![1u8])).is_shared());
    /// assert!(!BufferView::from(&[1u8][..]).is_shared());
    /// ```
    #[inline]
    pub fn is_shared(&self) -> bool {
        matches!(self, BufferView::Shared(_))
    }

    /// Detaches the view from what it borrows, copying only when borrowed.
    ///
    /// ```
    /// use fory_buffers::BufferView;
    /// let kept: BufferView<'static> = {
    ///     let short_lived = vec![9u8; 3];
    ///     BufferView::from(&short_lived[..]).into_static()
    /// };
    /// assert_eq!(&kept[..], &[9, 9, 9]);
    /// ```
    pub fn into_static(self) -> BufferView<'static> {
        match self {
            BufferView::Borrowed(s) => BufferView::Shared(Bytes::copy_from_slice(s)),
            BufferView::Shared(b) => BufferView::Shared(b),
        }
    }
}

impl Deref for BufferView<'_> {
    type Target = [u8];
    #[inline]
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl AsRef<[u8]> for BufferView<'_> {
    #[inline]
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl fmt::Debug for BufferView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = if self.is_shared() {
            "Shared"
        } else {
            "Borrowed"
        };
        write!(f, "BufferView::{how}({} bytes)", self.len())
    }
}

impl PartialEq for BufferView<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for BufferView<'_> {}

impl From<Bytes> for BufferView<'_> {
    fn from(b: Bytes) -> Self {
        BufferView::Shared(b)
    }
}

impl From<Vec<u8>> for BufferView<'_> {
    /// Takes ownership without copying.
    fn from(v: Vec<u8>) -> Self {
        BufferView::Shared(Bytes::from(v))
    }
}

impl<'a> From<&'a [u8]> for BufferView<'a> {
    fn from(s: &'a [u8]) -> Self {
        BufferView::Borrowed(s)
    }
}

impl<'a, const N: usize> From<&'a [u8; N]> for BufferView<'a> {
    fn from(s: &'a [u8; N]) -> Self {
        BufferView::Borrowed(s)
    }
}

impl<'a> From<&'a Vec<u8>> for BufferView<'a> {
    fn from(v: &'a Vec<u8>) -> Self {
        BufferView::Borrowed(v)
    }
}

impl From<&Bytes> for BufferView<'_> {
    /// Clones the handle (a reference count), not the bytes.
    fn from(b: &Bytes) -> Self {
        BufferView::Shared(b.clone())
    }
}

impl<'a> From<&BufferView<'a>> for BufferView<'a> {
    fn from(v: &BufferView<'a>) -> Self {
        v.clone()
    }
}
