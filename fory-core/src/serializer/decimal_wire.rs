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
    let w = ctx.writer();
    w.write_varint32(scale);
    match i64::try_from(unscaled) {
        // the zigzag of an i64, shifted once, must fit 64 bits
        Ok(v) if ((v << 1) ^ (v >> 63)) as u64 <= i64::MAX as u64 => {
            let zigzag = ((v << 1) ^ (v >> 63)) as u64;
            w.write_varuint64(zigzag << 1);
        }
        _ => {
            let magnitude = unscaled.unsigned_abs().to_le_bytes();
            let len = magnitude.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
            let meta = ((len as u64) << 1) | (unscaled < 0) as u64;
            w.write_varuint64((meta << 1) | 1);
            w.write_bytes(&magnitude[..len]);
        }
    }
}

/// Reads `(unscaled, scale)`; `Ok(None)` for a valid magnitude too large
/// for an `i128`.
pub(crate) fn read_decimal_parts(ctx: &mut ReadContext<'_, '_>) -> Result<Option<(i128, i32)>> {
    let at = ctx.reader().position();
    let scale = ctx.reader().read_varint32()?;
    let header = ctx.reader().read_varuint64()?;
    if header & 1 == 0 {
        let z = header >> 1;
        return Ok(Some((((z >> 1) as i64 ^ -((z & 1) as i64)) as i128, scale)));
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
    let m = u128::from_le_bytes(buf);
    let Ok(m) = i128::try_from(m) else {
        return Ok(None);
    };
    Ok(Some((if negative { -m } else { m }, scale)))
}
