//! half (feature `half`): `f16` as FLOAT16 and `bf16` as BFLOAT16 (their
//! two bytes, little-endian); `Vec<f16>` and `[f16]` as a dense
//! FLOAT16_ARRAY — numpy's `float16` arrays — and `Vec<bf16>` / `[bf16]`
//! as a dense BFLOAT16_ARRAY, pyfory's `BFloat16Array` (numpy has no
//! bfloat16), in-band or out-of-band like the other numeric arrays.
//! `SharedArray` of either is a zero-copy array; with the `ndarray`
//! feature too, `ndarray` arrays and `SharedNdArray` of either (see
//! `fory_core::serializer::ndarray`).
//!
//! ```
//! use fory_core::Fory;
//! use fory_core::half::{bf16, f16};
//! let fory = Fory::builder().xlang(true).build();
//! let v = vec![f16::from_f32(1.0), f16::from_f32(-2.5)];
//! // what pyfory writes for numpy.array([1.0, -2.5], dtype=numpy.float16)
//! assert_eq!(fory.serialize(&v)?, [0x01, 0xff, 0x35, 0x04, 0x00, 0x3c, 0x00, 0xc1]);
//! assert_eq!(fory.deserialize::<Vec<f16>>(&fory.serialize(&v)?)?, v);
//! // and for pyfory.BFloat16Array.from_values([1.0, -2.5])
//! let b = vec![bf16::from_f32(1.0), bf16::from_f32(-2.5)];
//! assert_eq!(fory.serialize(&b)?, [0x01, 0xff, 0x36, 0x04, 0x80, 0x3f, 0x20, 0xc0]);
//! assert_eq!(fory.deserialize::<Vec<bf16>>(&fory.serialize(&b)?)?, b);
//! # Ok::<(), fory_core::Error>(())
//! ```

use fory_buffers::{BufferKind, ElemType};
use half::{bf16, f16};

use super::number::{read_float_vec, write_array, write_array_of};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::Result;
use crate::types::type_id as t;

macro_rules! half_float {
    ($($ty:ident: $id:ident, $array:ident, $elem:ident;)*) => {$(
        impl ForyType for $ty {
            const FORY_TYPE_ID: u8 = t::$id;
            const FORY_SLICE_TYPE_ID: u8 = t::$array;
            const FORY_READ_TAKES_INPUT: bool = true;
        }

        impl Serialize for $ty {
            #[inline]
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                ctx.writer().write_u16(self.to_bits());
                Ok(())
            }

            fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                write_array(items, ElemType::$elem, ctx)
            }

            fn fory_write_slice_of<I>(items: I, ctx: &mut WriteContext<'_, '_>) -> Result<()>
            where
                I: ExactSizeIterator<Item = Self>,
            {
                write_array_of(items, BufferKind::PrimitiveArray(ElemType::$elem), ctx)
            }
        }

        impl Deserialize for $ty {
            fn fory_zero() -> Option<Self> {
                Some($ty::ZERO)
            }

            #[inline]
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _id: u8) -> Result<Self> {
                ctx.reader().read_u16().map($ty::from_bits)
            }

            fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Vec<Self>> {
                read_float_vec(ctx, id, t::$array, ElemType::$elem)
            }
        }
    )*};
}

half_float! {
    f16: FLOAT16, FLOAT16_ARRAY, F16;
    bf16: BFLOAT16, BFLOAT16_ARRAY, BF16;
}
