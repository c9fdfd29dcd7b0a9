//! [`PickleBuffer`] (BINARY, always on the buffer path) and
//! [`SharedArray<T>`] (the element type's dense array type).

use std::any::Any;

use fory_buffers::{BufferKind, BufferObject, BufferView, Element, PickleBuffer, SharedArray};

use super::binary::bytes_key;
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, RefKey, WriteContext};
use crate::error::Result;
use crate::types::type_id;

impl ForyType for PickleBuffer {
    const FORY_TYPE_ID: u8 = type_id::BINARY;
    const FORY_TRACKS_REF: bool = true;
    /// BINARY, and UINT8_ARRAY (numpy's `uint8` arrays in pyfory).
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        super::number::dense_accepts(type_id::BINARY, id)
    }
}

impl Serialize for PickleBuffer {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        ctx.write_buffer(BufferObject::shared(
            self.as_bytes().clone(),
            BufferKind::PickleBuffer,
        ))
    }

    #[inline]
    fn fory_ref_key(&self) -> Option<RefKey> {
        Some(bytes_key(self.as_bytes(), 2))
    }
}

impl Deserialize for PickleBuffer {
    #[inline]
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        // (UINT8_ARRAY is a dense array: not BINARY's path)
        let bytes = if ctx.config().dense_takes_buffer_path(id) {
            ctx.read_buffer(1, "PickleBuffer")?.to_bytes()
        } else {
            bytes::Bytes::copy_from_slice(ctx.read_sized_bytes(1, "PickleBuffer")?)
        };
        Ok(PickleBuffer::new(bytes))
    }

    fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
        Some(Box::new(self.clone()))
    }

    fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
        shared.downcast_ref::<PickleBuffer>().cloned()
    }
}

impl<T: Element + ForyType> ForyType for SharedArray<T> {
    const FORY_TYPE_ID: u8 = T::FORY_SLICE_TYPE_ID;
    const FORY_TRACKS_REF: bool = true;
    /// Its own dense array type, or BINARY: the little-endian bytes of the
    /// elements, which is how pyfory sends an array out-of-band in xlang
    /// mode (`arr.tobytes()`; its arrays never take the buffer path). A
    /// `SharedArray<u8>` also reads UINT8_ARRAY (numpy's `uint8` arrays).
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        id == type_id::BINARY || super::number::dense_accepts(T::FORY_SLICE_TYPE_ID, id)
    }
}

impl<T: Element + ForyType> Serialize for SharedArray<T> {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        let object =
            BufferObject::shared(self.as_bytes().clone(), BufferKind::SharedArray(T::ELEM));
        if ctx.config().dense_takes_buffer_path(T::FORY_SLICE_TYPE_ID) {
            ctx.write_buffer(object)
        } else {
            ctx.write_sized_bytes(self.as_bytes())
        }
    }

    #[inline]
    fn fory_ref_key(&self) -> Option<RefKey> {
        Some(bytes_key(self.as_bytes(), 16 + T::ELEM as u32))
    }
}

impl<T: Element + ForyType> Deserialize for SharedArray<T> {
    /// Empty: what a compatible reader gives a field the writer lacks.
    fn fory_zero() -> Option<Self> {
        Some(SharedArray::default())
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        let size = std::mem::size_of::<T>();
        // (UINT8_ARRAY, for `u8`, is a dense array: not BINARY's path)
        let view = if ctx.config().dense_takes_buffer_path(id) {
            ctx.read_buffer(size, T::ELEM.name())?
        } else {
            BufferView::Borrowed(ctx.read_sized_bytes(size, T::ELEM.name())?)
        };
        if id != type_id::BINARY {
            ctx.check_array_len(view.len() / size, T::ELEM.name())?;
        }
        Ok(match view {
            // a shared buffer is shared when aligned (copied once otherwise)
            BufferView::Shared(bytes) => SharedArray::from_bytes(bytes)?,
            // bytes borrowed from the input: one copy, into aligned memory
            BufferView::Borrowed(s) => SharedArray::from_vec(super::number::to_vec(s)),
        })
    }

    fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
        Some(Box::new(self.clone()))
    }

    fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
        shared.downcast_ref::<SharedArray<T>>().cloned()
    }
}
