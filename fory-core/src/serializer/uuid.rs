//! uuid (feature `uuid`): `Uuid` as BINARY of its 16 bytes, in RFC 4122
//! (big-endian) order, as [`Uuid::as_bytes`] gives them.
//!
//! pyfory 1.7.7 has no UUID type; BINARY is what a Python peer reads as
//! `bytes`, so it gets a UUID back with `uuid.UUID(bytes=b)` and sends one
//! as `u.bytes`. The data is BINARY's: a varuint32 size (16) and the bytes
//! (varuint64 size in native mode), after the `in_band` bool when the
//! stream has out-of-band buffers. A UUID is never offered to the buffer
//! callback (it is an identifier, not a payload): it is always written
//! in-band, and read from an out-of-band buffer if a peer sent it so.
//!
//! | Rust | wire |
//! |---|---|
//! | `Uuid` | BINARY, 16 bytes; BINARY of any other length is an error naming `uuid::Uuid` and the length |
//! | `Vec<Uuid>`, `HashSet<Uuid>`, ... | LIST / SET of BINARY (Python: a list or set of `bytes`) |
//! | a struct field `Uuid` | a BINARY field (Python: a `bytes` field); a compatible stream that lacks it gives `Uuid::nil()` |
//!
//! Under ref tracking pyfory gives a `bytes` object a ref id and writes
//! it again as a back-reference: such a reference reads as a copy.
//!
//! ```
//! use fory_core::Fory;
//! use fory_core::uuid::Uuid;
//! let fory = Fory::builder().xlang(true).build();
//! let id = Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
//! let bytes = fory.serialize(&id)?;
//! // what pyfory writes for uuid.UUID("67e55044-10b1-426f-9247-bb680e5fe0c8").bytes:
//! // header, NOT_NULL, BINARY (41), size 16, the bytes
//! assert_eq!(bytes[..4], [0x01, 0xff, 41, 16]);
//! assert_eq!(bytes[4..], *id.as_bytes());
//! assert_eq!(fory.deserialize::<Uuid>(&bytes)?, id);
//!
//! // any other length is an error naming the type and the length
//! let err = fory.deserialize::<Uuid>(&fory.serialize(&vec![0u8; 15])?).unwrap_err();
//! assert!(err.to_string().contains("uuid::Uuid") && err.to_string().contains("15"), "{err}");
//! # Ok::<(), fory_core::Error>(())
//! ```

use fory_buffers::ElemType;
use uuid::Uuid;

use super::number::read_array_bytes;
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::types::type_id;

/// The name errors give.
const NAME: &str = "uuid::Uuid";

impl ForyType for Uuid {
    const FORY_TYPE_ID: u8 = type_id::BINARY;
    // pyfory tracks `bytes` under ref tracking (xlang); a UUID is never
    // written as a back-reference (it has no ref key)
    const FORY_TRACKS_REF: bool = true;
    const FORY_NATIVE_TRACKS_REF: bool = false;
    const FORY_READ_TAKES_INPUT: bool = true;

    fn fory_type_name() -> &'static str {
        NAME
    }

    #[inline]
    fn fory_accepts(id: u8) -> bool {
        // as `Bytes` and `Vec<u8>` read: BINARY, or a numpy uint8 array
        id == type_id::BINARY || id == type_id::UINT8_ARRAY
    }
}

impl Serialize for Uuid {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        // BINARY in-band: with a buffer callback, the `in_band` flag first
        if ctx.out_of_band() {
            ctx.writer().write_bool(true);
        }
        ctx.write_sized_bytes(self.as_bytes())
    }
}

impl Deserialize for Uuid {
    shared_by_copy!();

    fn fory_zero() -> Option<Self> {
        Some(Uuid::nil())
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        let view = if id == type_id::UINT8_ARRAY {
            read_array_bytes(ctx, ElemType::U8)?
        } else {
            ctx.read_buffer(1, NAME)?
        };
        let bytes: [u8; 16] = view.as_slice().try_into().map_err(|_| {
            Error::invalid(format!(
                "{NAME} is 16 bytes, but the binary at byte {at} has {}",
                view.len()
            ))
        })?;
        Ok(Uuid::from_bytes(bytes))
    }
}
