//! `Bytes` and `BytesMut` as BINARY on the buffer path. (`Vec<u8>` and
//! `&[u8]` are BINARY through the element hook in number.rs.)
//!
//! A `Bytes` is offered as a shared buffer (no borrow, no copy); read back
//! from a `Bytes` out-of-band buffer it points into it. Under ref tracking
//! two handles on the same bytes are written once.
//!
//! A `BytesMut` is written as a `Vec<u8>` is (its bytes offered borrowed);
//! being unique and writable, it is read back as a copy, from the input or
//! from an out-of-band buffer alike (read a `Bytes` to share the buffer).

use std::any::Any;

use bytes::{Bytes, BytesMut};
use fory_buffers::{BufferKind, BufferObject};

use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, RefKey, WriteContext};
use crate::error::Result;
use crate::types::type_id;

pub(crate) fn bytes_key(b: &Bytes, kind: u32) -> RefKey {
    RefKey {
        addr: b.as_ptr() as usize,
        extra: b.len(),
        kind,
    }
}

impl ForyType for Bytes {
    const FORY_TYPE_ID: u8 = type_id::BINARY;
    const FORY_TRACKS_REF: bool = true;
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        id == type_id::BINARY || id == type_id::UINT8_ARRAY
    }
}

impl Serialize for Bytes {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        ctx.write_buffer(BufferObject::shared(self.clone(), BufferKind::Binary))
    }

    #[inline]
    fn fory_ref_key(&self) -> Option<RefKey> {
        Some(bytes_key(self, 1))
    }
}

impl Deserialize for Bytes {
    fn fory_zero() -> Option<Self> {
        Some(Bytes::new())
    }

    #[inline]
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        if id == type_id::UINT8_ARRAY {
            let view = super::number::read_array_bytes(ctx, fory_buffers::ElemType::U8)?;
            return Ok(view.to_bytes());
        }
        Ok(ctx.read_buffer(1, "binary")?.to_bytes())
    }

    fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
        Some(Box::new(self.clone()))
    }

    fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
        shared.downcast_ref::<Bytes>().cloned()
    }
}

impl ForyType for BytesMut {
    owned_binary_type!();
}

impl Serialize for BytesMut {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        u8::fory_write_slice(self, ctx)
    }
}

impl Deserialize for BytesMut {
    fn fory_zero() -> Option<Self> {
        Some(BytesMut::new())
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        // one copy out of the input or the buffer
        let view = if id == type_id::UINT8_ARRAY {
            super::number::read_array_bytes(ctx, fory_buffers::ElemType::U8)?
        } else {
            ctx.read_buffer(1, "binary")?
        };
        Ok(BytesMut::from(&view[..]))
    }
}
