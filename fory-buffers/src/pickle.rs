//! [`PickleBuffer`]: the Rust twin of Python's `pickle.PickleBuffer`.

use std::fmt;

use bytes::Bytes;

/// A byte buffer that always takes the buffer path: with a buffer callback
/// set it is offered as one [`BufferObject`](crate::BufferObject) of kind
/// [`BufferKind::PickleBuffer`](crate::BufferKind::PickleBuffer); read back
/// from a `Bytes` out-of-band buffer it points into that buffer.
///
/// ```
/// use fory_buffers::PickleBuffer;
/// let pb = PickleBuffer::new(&b"Large binary data"[..]);
/// assert_eq!(pb.raw(), b"Large binary data");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct PickleBuffer {
    data: Bytes,
}

impl PickleBuffer {
    /// Wraps anything convertible into [`Bytes`] (`Vec<u8>`, `&'static
    /// [u8]`, `String`, `Bytes`) without copying.
    pub fn new(data: impl Into<Bytes>) -> Self {
        PickleBuffer { data: data.into() }
    }

    /// The raw bytes, like Python's `PickleBuffer.raw()`.
    #[inline]
    pub fn raw(&self) -> &[u8] {
        &self.data
    }

    /// The shared handle on the bytes.
    #[inline]
    pub fn as_bytes(&self) -> &Bytes {
        &self.data
    }

    /// Unwraps into the shared handle.
    #[inline]
    pub fn into_bytes(self) -> Bytes {
        self.data
    }

    /// Copies the bytes out, detaching from any out-of-band buffer it pins
    /// (a zero-copy slice keeps its whole parent buffer alive).
    #[must_use = "detach returns a copy and leaves this buffer as it was"]
    pub fn detach(&self) -> PickleBuffer {
        PickleBuffer {
            data: Bytes::copy_from_slice(&self.data),
        }
    }

    /// Number of bytes.
    #[inline]
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// True when empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

impl From<Bytes> for PickleBuffer {
    fn from(data: Bytes) -> Self {
        PickleBuffer { data }
    }
}

impl From<Vec<u8>> for PickleBuffer {
    fn from(data: Vec<u8>) -> Self {
        PickleBuffer { data: data.into() }
    }
}

impl AsRef<[u8]> for PickleBuffer {
    fn as_ref(&self) -> &[u8] {
        &self.data
    }
}

impl fmt::Debug for PickleBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PickleBuffer({} bytes)", self.data.len())
    }
}
