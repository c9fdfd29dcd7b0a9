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
use crate::io::{PlainWriter, Writer};
use crate::types::type_id;

const LATIN1: u64 = 0;
const UTF16: u64 = 1;
const UTF8: u64 = 2;

/// Writes a string: a header and the bytes as they are in native mode and
/// for ASCII in xlang mode (the common cases, inlined at every field);
/// the xlang re-encodings out of line.
#[inline(always)]
pub(crate) fn write_str(s: &str, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
    write_str_plain(s, &mut ctx.plain());
    Ok(())
}

/// [`write_str`] on an output cursor (a struct's run of plain fields): the
/// same bytes.
#[inline(always)]
fn write_str_plain(s: &str, w: &mut PlainWriter<'_>) {
    // one copy for both modes: native writes UTF-8 as it is; xlang writes
    // Latin-1 when the copy found only ASCII, and takes it back otherwise
    let xlang = w.is_xlang();
    let encoding = if xlang { LATIN1 } else { UTF8 };
    let (ascii, start) =
        w.write_header_and_checked(((s.len() as u64) << 2) | encoding, s.as_bytes());
    if xlang && !ascii {
        w.rewind(start);
        w.with_writer(|w| write_str_xlang_wide(s, w));
    }
}

/// Whether every byte is below 0x80. Strings on the wire are mostly short
/// (names, labels, URIs); for those, two to eight 8-byte loads OR-ed
/// together (overlapping, no loop) cost a third of `<[u8]>::is_ascii`,
/// whose head and tail handling dominates at these lengths. Longer
/// strings take the standard library's scan, which stops at the first
/// high byte. A call: on the read path the inlined checks made the
/// callers' code worse than the call costs (callgrind); writes check on
/// the copy's own loads instead (`PlainWriter::write_header_and_checked`).
#[inline(never)]
fn is_ascii(b: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let n = b.len();
    if n > 64 {
        return b.is_ascii();
    }
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or([0; 8]));
    if n >= 8 {
        // the first and last 8, 16, 32 bytes: together they cover all n
        let mut acc = word(0) | word(n - 8);
        if n > 16 {
            acc |= word(8) | word(n - 16);
            if n > 32 {
                acc |= word(16) | word(24) | word(n - 32) | word(n - 24);
            }
        }
        acc & HIGH == 0
    } else if n >= 4 {
        let half = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap_or([0; 4]));
        (half(0) | half(n - 4)) & 0x8080_8080 == 0
    } else {
        b.iter().fold(0u8, |acc, &x| acc | x) < 0x80
    }
}

/// A non-ASCII string in xlang mode: Latin-1 when every char is below
/// U+0100, UTF-16 when every char is in the BMP, UTF-8 otherwise.
#[inline(never)]
fn write_str_xlang_wide(s: &str, w: &mut Writer) {
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
        w.write_header_and_bytes(((s.len() as u64) << 2) | UTF8, s.as_bytes());
    }
}

/// Reads a string. The common case (a Latin-1 or UTF-8 header, the bytes
/// all ASCII, within the input and the size limit) is this small
/// function, in line at each caller: one varint, one compare, one word
/// check, one copy. Every other case, errors included, is
/// [`read_string_general`], out of line, so this one needs no registers
/// saved for them.
#[inline]
pub(crate) fn read_string(ctx: &mut ReadContext<'_, '_>) -> Result<String> {
    read_string_in_line(ctx)
}

/// [`read_string`], in line wherever it is called (a list's loop).
#[inline(always)]
fn read_string_in_line(ctx: &mut ReadContext<'_, '_>) -> Result<String> {
    let max = ctx.config().max_binary_size();
    let r = ctx.reader();
    let at = r.position();
    let header = r.read_varuint64_short()?;
    let len = header >> 2;
    let rest = r.rest();
    // Latin-1 (0) and UTF-8 (2) have bit 0 clear; ASCII is both
    if header & 1 == 0 && len <= max.min(rest.len()) as u64 {
        let bytes = &rest[..len as usize];
        if let Some(s) = ascii_string(bytes) {
            r.consume(bytes.len());
            return Ok(s);
        }
    }
    read_string_general(ctx, at, header)
}

/// A string [`read_string`] did not finish: non-ASCII, UTF-16, too long
/// for the input or the limit, or with an unknown encoding. The header
/// is read; the bytes are not.
#[cold]
#[inline(never)]
fn read_string_general(ctx: &mut ReadContext<'_, '_>, at: usize, header: u64) -> Result<String> {
    let len = header >> 2;
    if len > ctx.reader().remaining() as u64 {
        return Err(Error::invalid(format!(
            "string length {len} at byte {at} is larger than the {} bytes left in the input",
            ctx.reader().remaining()
        )));
    }
    ctx.check_binary_size(len as usize, "a string")?;
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
        UTF8 => match ascii_string(bytes) {
            Some(s) => Ok(s),
            None => std::str::from_utf8(bytes).map(str::to_owned),
        }
        .map_err(|e| Error::invalid(format!("invalid UTF-8 in string at byte {at}: {e}"))),
        _ => Err(Error::invalid(format!(
            "unknown string encoding 3 at byte {at}"
        ))),
    }
}

/// ASCII bytes as a `String` with one scan and one copy; `None` when a
/// byte is not ASCII.
///
/// Most strings on the wire are ASCII. `std::str::from_utf8` validates
/// them byte by byte through UTF-8's state machine (~100 instructions for
/// a 20-byte string, 17% of reading a MediaContent record); `is_ascii`
/// checks a word at a time, and the copy of up to 64 bytes is in line
/// (`io::copy_short`) rather than a `memcpy` call. Measured with
/// callgrind and wall clock (docs/benchmarks.md) and covered by
/// `scripts/valgrind.sh`.
#[allow(unsafe_code)]
#[inline]
fn ascii_string(bytes: &[u8]) -> Option<String> {
    if !is_ascii(bytes) {
        return None;
    }
    let n = bytes.len();
    let mut owned = Vec::<u8>::with_capacity(n);
    // SAFETY: `owned` has room for `n` bytes and is a fresh allocation, so
    // it is writable for `n` bytes and cannot overlap `bytes` (readable
    // for `n`); after the copy its first `n` bytes are initialized, so
    // `set_len(n)` exposes only initialized bytes. Every byte is below
    // 0x80 (checked just above on the same bytes), and a sequence of ASCII
    // bytes is valid UTF-8.
    unsafe {
        crate::io::copy_short(bytes.as_ptr(), owned.as_mut_ptr(), n);
        owned.set_len(n);
        Some(String::from_utf8_unchecked(owned))
    }
}

/// Latin-1 bytes as a `String`: ASCII (the common case) is copied whole;
/// the rest becomes two-byte UTF-8 sequences.
fn latin1(bytes: &[u8]) -> String {
    if let Some(s) = ascii_string(bytes) {
        return s;
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
    const FORY_READ_TAKES_INPUT: bool = true;
    const FORY_PLAIN: bool = true;
}

impl Serialize for String {
    #[inline(always)]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_str(self, ctx)
    }

    #[inline(always)]
    fn fory_write_plain(&self, w: &mut PlainWriter<'_>) {
        write_str_plain(self, w)
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

    #[inline(always)]
    fn fory_read_element_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        read_string_in_line(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_fast_path_takes_only_ascii() {
        assert_eq!(ascii_string(b"").as_deref(), Some(""));
        assert_eq!(
            ascii_string(b"plain ascii \x00\x7f").as_deref(),
            Some("plain ascii \0\x7f")
        );
        let long: Vec<u8> = (0..1000).map(|i| b'a' + (i % 26) as u8).collect();
        assert_eq!(ascii_string(&long).unwrap().as_bytes(), &long[..]);
        // every short length (the in-line copies) and a few long ones
        for n in (0..=80).chain([127, 128, 129, 999]) {
            let s = ascii_string(&long[1..1 + n]).unwrap();
            assert_eq!(s.as_bytes(), &long[1..1 + n], "n {n}");
            assert_eq!(s.len(), n);
        }
        // one high byte anywhere rules it out
        for at in [0, 7, 8, 999] {
            let mut bytes = long.clone();
            bytes[at] = 0x80;
            assert!(ascii_string(&bytes).is_none(), "high byte at {at}");
        }
        assert!(ascii_string("café".as_bytes()).is_none());
    }

    #[test]
    fn the_short_ascii_check_agrees_with_std_at_every_length_and_position() {
        for n in 0..80 {
            let plain: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert!(is_ascii(&plain), "{n}");
            for at in 0..n {
                for high in [0x80u8, 0xc3, 0xff] {
                    let mut b = plain.clone();
                    b[at] = high;
                    assert_eq!(is_ascii(&b), b.is_ascii(), "len {n}, high byte at {at}");
                    assert!(!is_ascii(&b));
                }
            }
        }
    }

    #[test]
    fn latin1_maps_high_bytes_to_their_code_points() {
        assert_eq!(latin1(b"abc"), "abc");
        assert_eq!(latin1(&[0x63, 0x61, 0x66, 0xe9]), "café");
        let all: Vec<u8> = (0..=255).collect();
        let s = latin1(&all);
        assert_eq!(s.chars().count(), 256);
        assert!(s.chars().enumerate().all(|(i, c)| c as u32 == i as u32));
    }
}
