//! rust_decimal (feature `rust_decimal`): `Decimal` as DECIMAL, byte for
//! byte as pyfory 1.7.7 writes `decimal.Decimal`.
//!
//! The wire: the scale as a zigzag varint32 (the value is `unscaled ×
//! 10^-scale`), then a varuint64 header. A header with its low bit clear
//! holds the unscaled value itself, zigzag-encoded, shifted left once;
//! with it set, `(byte_len << 1 | negative) << 1 | 1`, followed by the
//! magnitude's bytes, little-endian, with no trailing zero byte.
//!
//! `Decimal` holds a 96-bit mantissa and a scale of 0 to 28: a value
//! outside that (more digits, a negative or larger scale that cannot be
//! rescaled exactly) is an error naming it, never a rounded number.
//!
//! ```
//! use fory_core::Fory;
//! use fory_core::rust_decimal::Decimal;
//! let fory = Fory::builder().xlang(true).build();
//! let d: Decimal = "1.25".parse().unwrap();
//! // what pyfory writes for decimal.Decimal("1.25")
//! assert_eq!(fory.serialize(&d)?, [0x01, 0xff, 0x28, 0x04, 0xf4, 0x03]);
//! assert_eq!(fory.deserialize::<Decimal>(&fory.serialize(&d)?)?, d);
//! # Ok::<(), fory_core::Error>(())
//! ```

use rust_decimal::Decimal;

use super::decimal_wire::{read_decimal_parts, write_decimal_parts};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::types::type_id;

impl ForyType for Decimal {
    const FORY_TYPE_ID: u8 = type_id::DECIMAL;
    const FORY_READ_TAKES_INPUT: bool = true;
}

impl Serialize for Decimal {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_decimal_parts(ctx, self.mantissa(), self.scale() as i32);
        Ok(())
    }
}

impl Deserialize for Decimal {
    fn fory_zero() -> Option<Self> {
        Some(Decimal::ZERO)
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        let (unscaled, scale) =
            read_decimal_parts(ctx)?.ok_or_else(|| out_of_range(at, "digits outside an i128"))?;
        from_parts(unscaled, scale)
            .ok_or_else(|| out_of_range(at, &format!("{unscaled} × 10^{}", -(scale as i64))))
    }
}

/// `unscaled × 10^-scale` as a `Decimal`, exactly, or `None`.
fn from_parts(mut unscaled: i128, mut scale: i32) -> Option<Decimal> {
    if unscaled == 0 {
        // zero at any scale (the loops below would run once per unit of a
        // hostile scale)
        return Some(Decimal::new(
            0,
            scale.clamp(0, Decimal::MAX_SCALE as i32) as u32,
        ));
    }
    // a negative scale multiplies the unscaled value up (at most ~39 times
    // before an i128 overflows)
    while scale < 0 {
        unscaled = unscaled.checked_mul(10)?;
        scale += 1;
    }
    // trailing zeros may bring a large scale into range (at most ~39)
    while scale > Decimal::MAX_SCALE as i32 && unscaled % 10 == 0 {
        unscaled /= 10;
        scale -= 1;
    }
    if scale > Decimal::MAX_SCALE as i32 || unscaled.unsigned_abs() >> 96 != 0 {
        return None;
    }
    Decimal::try_from_i128_with_scale(unscaled, scale as u32).ok()
}

#[cold]
fn out_of_range(at: usize, what: &str) -> Error {
    Error::invalid(format!(
        "decimal at byte {at} ({what}) is out of rust_decimal::Decimal's range (96-bit mantissa, scale 0 to 28)"
    ))
}
