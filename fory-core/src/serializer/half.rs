//! half (feature `half`): `f16` as FLOAT16 (its two bytes, little-endian),
//! `Vec<f16>` and `[f16]` as a dense FLOAT16_ARRAY — numpy's `float16`
//! arrays, in-band or out-of-band like the other numeric arrays.
//!
//! ```
//! use fory_core::Fory;
//! use fory_core::half::f16;
//! let fory = Fory::builder().xlang(true).build();
//! let v = vec![f16::from_f32(1.0), f16::from_f32(-2.5)];
//! // what pyfory writes for numpy.array([1.0, -2.5], dtype=numpy.float16)
//! assert_eq!(fory.serialize(&v)?, [0x01, 0xff, 0x35, 0x04, 0x00, 0x3c, 0x00, 0xc1]);
//! assert_eq!(fory.deserialize::<Vec<f16>>(&fory.serialize(&v)?)?, v);
//! # Ok::<(), fory_core::Error>(())
//! ```

use fory_buffers::ElemType;
use half::f16;

use super::number::{read_array_bytes, to_vec, write_array};
use super::{collection, unexpected_type_id, Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::Result;
use crate::types::type_id as t;

impl ForyType for f16 {
    const FORY_TYPE_ID: u8 = t::FLOAT16;
    const FORY_SLICE_TYPE_ID: u8 = t::FLOAT16_ARRAY;
    const FORY_READ_TAKES_INPUT: bool = true;
}

impl Serialize for f16 {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        ctx.writer().write_u16(self.to_bits());
        Ok(())
    }

    fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_array(items, ElemType::F16, ctx)
    }
}

impl Deserialize for f16 {
    fn fory_zero() -> Option<Self> {
        Some(f16::ZERO)
    }

    #[inline]
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _id: u8) -> Result<Self> {
        ctx.reader().read_u16().map(f16::from_bits)
    }

    fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Vec<Self>> {
        match id {
            t::LIST | t::SET => collection::read_vec(ctx),
            t::FLOAT16_ARRAY => Ok(to_vec(&read_array_bytes(ctx, ElemType::F16)?)),
            other => {
                let at = ctx.reader().position();
                Err(unexpected_type_id::<Vec<f16>>(other, at))
            }
        }
    }
}
