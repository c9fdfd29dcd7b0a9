//! The DECIMAL wire form, shared by `rust_decimal::Decimal` and the
//! dynamic `Value`: the scale as a zigzag varint32 (the value is
//! `unscaled × 10^-scale`), then a varuint64 header. A header with its low
//! bit clear holds the unscaled value, zigzag-encoded, shifted left once;
//! with it set, `(byte_len << 1 | negative) << 1 | 1` and the magnitude's
//! bytes, little-endian, with no trailing zero byte (pyfory 1.7.7).

use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};

/// Largest magnitude, in bytes, a reader accepts (pyfory's limit).
const MAX_MAGNITUDE_BYTES: u64 = 10_000;

/// Writes `unscaled × 10^-scale`.
pub(crate) fn write_decimal_parts(ctx: &mut WriteContext<'_, '_>, unscaled: i128, scale: i32) {
    write_decimal_magnitude(ctx, unscaled < 0, unscaled.unsigned_abs(), scale);
}

/// Writes `±magnitude × 10^-scale` (`negative` is ignored for zero).
pub(crate) fn write_decimal_magnitude(
    ctx: &mut WriteContext<'_, '_>,
    negative: bool,
    magnitude: u128,
    scale: i32,
) {
    let w = ctx.writer();
    w.write_varint32(scale);
    // small form: the value is an i64 whose zigzag, shifted once, fits 64
    // bits, i.e. |value| < 2^62 (and -2^62 itself)
    let small = if negative {
        magnitude <= 1 << 62
    } else {
        magnitude < 1 << 62
    };
    if small {
        let v = if negative {
            -(magnitude as i64)
        } else {
            magnitude as i64
        };
        let zigzag = ((v << 1) ^ (v >> 63)) as u64;
        w.write_varuint64(zigzag << 1);
        return;
    }
    let bytes = magnitude.to_le_bytes();
    let len = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
    let meta = ((len as u64) << 1) | negative as u64;
    w.write_varuint64((meta << 1) | 1);
    w.write_bytes(&bytes[..len]);
}

/// Reads `(unscaled, scale)`; `Ok(None)` for a valid value outside an
/// `i128` (a magnitude over `i128::MAX`, or over 2^127 when negative).
pub(crate) fn read_decimal_parts(ctx: &mut ReadContext<'_, '_>) -> Result<Option<(i128, i32)>> {
    Ok(read_decimal_magnitude(ctx)?
        .and_then(|(negative, m, scale)| Some((signed(negative, m)?, scale))))
}

/// `±magnitude` as an `i128`, when it is one: every `i128` (`i128::MIN`'s
/// magnitude, 2^127, included), and `None` past them.
fn signed(negative: bool, magnitude: u128) -> Option<i128> {
    if negative {
        0i128.checked_sub_unsigned(magnitude)
    } else {
        i128::try_from(magnitude).ok()
    }
}

/// Reads `(negative, magnitude, scale)`; `Ok(None)` for a valid magnitude
/// over 128 bits.
pub(crate) fn read_decimal_magnitude(
    ctx: &mut ReadContext<'_, '_>,
) -> Result<Option<(bool, u128, i32)>> {
    let at = ctx.reader().position();
    let scale = ctx.reader().read_varint32()?;
    let header = ctx.reader().read_varuint64()?;
    if header & 1 == 0 {
        let z = header >> 1;
        let v = (z >> 1) as i64 ^ -((z & 1) as i64);
        return Ok(Some((v < 0, v.unsigned_abs() as u128, scale)));
    }
    let meta = header >> 1;
    let negative = meta & 1 == 1;
    let len = meta >> 1;
    if len == 0 || len > MAX_MAGNITUDE_BYTES {
        return Err(Error::invalid(format!(
            "decimal at byte {at} has a magnitude of {len} bytes"
        )));
    }
    let bytes = ctx.reader().read_bytes(len as usize)?;
    if bytes.last() == Some(&0) {
        return Err(Error::invalid(format!(
            "decimal at byte {at} has a non-canonical magnitude (trailing zero byte)"
        )));
    }
    if bytes.len() > 16 {
        return Ok(None);
    }
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    Ok(Some((negative, u128::from_le_bytes(buf), scale)))
}

#[cfg(test)]
mod tests {
    use super::signed;

    #[test]
    fn every_i128_and_nothing_past_it_is_signed() {
        assert_eq!(signed(true, 1 << 127), Some(i128::MIN));
        assert_eq!(signed(false, i128::MAX as u128), Some(i128::MAX));
        assert_eq!(signed(true, 5), Some(-5));
        assert_eq!(signed(true, 0), Some(0));
        assert_eq!(signed(false, 1 << 127), None);
        assert_eq!(signed(true, (1 << 127) + 1), None);
        assert_eq!(signed(true, u128::MAX), None);
    }
}
