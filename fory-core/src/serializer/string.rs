//! Strings: STRING, header `varuint64(byte_len << 2 | encoding)` then the
//! bytes. Encodings: 0 Latin-1, 1 UTF-16LE, 2 UTF-8.
//!
//! In xlang mode writing picks what pyfory picks, so the bytes match:
//! Latin-1 when every char is below U+0100, UTF-16 when every char is in
//! the BMP, UTF-8 otherwise. Native mode writes Rust's UTF-8 as it is, with
//! no scan. Reading accepts all three in both modes.

use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::types::type_id;

const LATIN1: u64 = 0;
const UTF16: u64 = 1;
const UTF8: u64 = 2;

pub(crate) fn write_str(s: &str, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    let xlang = ctx.is_xlang();
    let w = ctx.writer();
    if !xlang {
        w.write_varuint64(((s.len() as u64) << 2) | UTF8);
        w.write_bytes(s.as_bytes());
        return Ok(());
    }
    if s.is_ascii() {
        w.write_varuint64(((s.len() as u64) << 2) | LATIN1);
        w.write_bytes(s.as_bytes());
        return Ok(());
    }
    let mut max = 0u32;
    for c in s.chars() {
        max = max.max(c as u32);
    }
    if max < 0x100 {
        let n = s.chars().count();
        w.write_varuint64(((n as u64) << 2) | LATIN1);
        w.reserve(n);
        for c in s.chars() {
            w.write_u8(c as u8);
        }
    } else if max < 0x10000 {
        let n = s.chars().count() * 2;
        w.write_varuint64(((n as u64) << 2) | UTF16);
        w.reserve(n);
        for unit in s.encode_utf16() {
            w.write_u16(unit);
        }
    } else {
        w.write_varuint64(((s.len() as u64) << 2) | UTF8);
        w.write_bytes(s.as_bytes());
    }
    Ok(())
}

pub(crate) fn read_string(ctx: &mut ReadContext<'_, '_>) -> Result<String> {
    let at = ctx.reader().position();
    let header = ctx.reader().read_varuint64()?;
    let len = header >> 2;
    if len > ctx.reader().remaining() as u64 {
        return Err(Error::invalid(format!(
            "string length {len} at byte {at} is larger than the {} bytes left in the input",
            ctx.reader().remaining()
        )));
    }
    let bytes = ctx.reader().read_bytes(len as usize)?;
    match header & 3 {
        LATIN1 => Ok(latin1(bytes)),
        UTF16 => {
            if bytes.len() % 2 != 0 {
                return Err(Error::invalid(format!(
                    "UTF-16 string at byte {at} has an odd length of {} bytes",
                    bytes.len()
                )));
            }
            let units = bytes
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]));
            char::decode_utf16(units)
                .collect::<std::result::Result<String, _>>()
                .map_err(|e| Error::invalid(format!("invalid UTF-16 in string at byte {at}: {e}")))
        }
        UTF8 => std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|e| Error::invalid(format!("invalid UTF-8 in string at byte {at}: {e}"))),
        _ => Err(Error::invalid(format!(
            "unknown string encoding 3 at byte {at}"
        ))),
    }
}

/// Latin-1 bytes as a `String`: ASCII (the common case) is copied whole;
/// the rest becomes two-byte UTF-8 sequences.
fn latin1(bytes: &[u8]) -> String {
    if bytes.is_ascii() {
        // every ASCII byte sequence is UTF-8
        if let Ok(s) = std::str::from_utf8(bytes) {
            return s.to_owned();
        }
    }
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 2);
    out.extend(bytes.iter().map(|&b| b as char));
    out
}

impl ForyType for str {
    const FORY_TYPE_ID: u8 = type_id::STRING;
}

impl Serialize for str {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_str(self, ctx)
    }
}

impl ForyType for String {
    const FORY_TYPE_ID: u8 = type_id::STRING;
}

impl Serialize for String {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_str(self, ctx)
    }
}

impl Deserialize for String {
    fn fory_zero() -> Option<Self> {
        Some(String::new())
    }

    #[inline]
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        read_string(ctx)
    }
}
