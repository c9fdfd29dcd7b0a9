//! Strings: STRING, header `varuint64(byte_len << 2 | encoding)` then the
//! bytes. Encodings: 0 Latin-1, 1 UTF-16LE, 2 UTF-8.
//!
//! In xlang mode writing picks what pyfory picks, so the bytes match:
//! Latin-1 when every char is below U+0100, UTF-16 when every char is in
//! the BMP, UTF-8 otherwise. Native mode writes Rust's UTF-8 as it is, with
//! no scan, and so does xlang mode with
//! [`xlang_utf8_strings`](crate::ForyBuilder::xlang_utf8_strings). Reading
//! accepts all three in both modes.

use super::{lanes, Deserialize, ForyType, Serialize};
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
pub(crate) fn write_str_plain(s: &str, w: &mut PlainWriter<'_>) {
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

/// A non-ASCII string in xlang mode: Latin-1 when every char is below
/// U+0100, UTF-16 when every char is in the BMP, UTF-8 otherwise.
///
/// The widest char follows from the largest byte, with no decoding: 0xC2
/// and 0xC3 lead U+0080..U+00FF, and only bytes of 0xF0 or more lead
/// chars past the BMP. One pass finds it and counts the chars, sixteen
/// bytes at a time ([`lanes::scan_utf8`]); a second encodes into the
/// output at its final length. (Char by char with a capacity check each
/// and three passes of decoding, this write was 12x the official crate's
/// whole write of a struct of accented and CJK strings.)
#[inline(never)]
fn write_str_xlang_wide(s: &str, w: &mut Writer) {
    let bytes = s.as_bytes();
    let (top, chars) = lanes::scan_utf8(bytes);
    if top >= 0xf0 {
        w.write_header_and_bytes(((s.len() as u64) << 2) | UTF8, bytes);
    } else if top <= 0xc3 {
        w.write_varuint64(((chars as u64) << 2) | LATIN1);
        latin1_from_utf8(bytes, w.extend_zeroed(chars));
    } else {
        w.write_varuint64(((chars as u64 * 2) << 2) | UTF16);
        utf16_from_bmp_utf8(bytes, w.extend_zeroed(chars * 2));
    }
}

/// The block moves' way through text that is mostly ASCII (`$input`
/// from byte 0, `$out` from byte 0, `$per_char` output bytes per ASCII
/// byte): while sixteen bytes of input and a block of output are left,
/// move the next sixteen input bytes as if all were ASCII (`$move`), keep
/// the output of those before the first that is not, and hand the run of
/// non-ASCII input that starts there to `$run`, which returns where the
/// run ends in input and output. The output past the kept bytes is
/// stored over, in order, as the input goes on. Then the rest, fewer
/// than sixteen chars: the output's last block when the input ends in
/// sixteen ASCII bytes, else `$tail`, char by char. (With blocks of
/// eight kept only when all eight were ASCII, and char by char
/// otherwise, the `prose` shape's write took 8,558 instructions.)
macro_rules! ascii_blocks {
    ($input:expr, $out:expr, $per_char:literal, $move:path, $run:expr, $tail:expr) => {{
        let (input, out): (&[u8], &mut [u8]) = ($input, $out);
        let (mut i, mut j) = (0usize, 0usize);
        loop {
            // (two tests, each leaving the loop: as one test of both, its
            // four compares were a chain of `setae` and `and`)
            let Some(src) = input.get(i..).and_then(<[u8]>::first_chunk::<16>) else {
                break;
            };
            let Some(dst) = out
                .get_mut(j..)
                .and_then(<[u8]>::first_chunk_mut::<{ 16 * $per_char }>)
            else {
                break;
            };
            let high = $move(src, dst);
            if high == 0 {
                i += 16;
                j += 16 * $per_char;
                continue;
            }
            let ascii = high.trailing_zeros() as usize;
            (i, j) = $run(input, &mut *out, i + ascii, j + ascii * $per_char);
        }
        // the last chars: the last sixteen, when they are ASCII (and then
        // they are the input's last sixteen bytes), or one by one. (Input
        // ending in sixteen ASCII bytes has room for them in the output,
        // so the loop left fewer than sixteen, all among them.)
        let mut last = [0u8; 16 * $per_char];
        let last_ascii = j < out.len()
            && input
                .last_chunk::<16>()
                .is_some_and(|src| $move(src, &mut last) == 0);
        match out.last_chunk_mut::<{ 16 * $per_char }>() {
            Some(dst) if last_ascii => *dst = last,
            _ => $tail(input, i, &mut out[j..]),
        }
    }};
}

/// `utf8` (valid, every char below U+0100) as Latin-1 into `out`, one
/// byte per char: ASCII in blocks of sixteen ([`ascii_blocks!`]), a
/// two-byte char as its code point.
fn latin1_from_utf8(utf8: &[u8], out: &mut [u8]) {
    ascii_blocks!(utf8, out, 1, lanes::copy16, latin1_run, latin1_chars);
}

/// The run of two-byte chars at byte `i` of `utf8` as Latin-1 at `out[j..]`;
/// returns where it ends in each.
#[inline(always)]
fn latin1_run(utf8: &[u8], out: &mut [u8], mut i: usize, mut j: usize) -> (usize, usize) {
    while let Some(&b) = utf8.get(i).filter(|&&b| b >= 0x80) {
        out[j] = latin1_of_two_bytes(b, utf8[i + 1]);
        i += 2;
        j += 1;
    }
    (i, j)
}

/// [`latin1_from_utf8`] char by char, for the chars of `out` from byte
/// `i` of `utf8`.
#[inline(always)]
fn latin1_chars(utf8: &[u8], mut i: usize, out: &mut [u8]) {
    for o in out.iter_mut() {
        let b = utf8[i];
        if b < 0x80 {
            *o = b;
            i += 1;
        } else {
            *o = latin1_of_two_bytes(b, utf8[i + 1]);
            i += 2;
        }
    }
}

/// The Latin-1 byte of a char below U+0100 written as two UTF-8 bytes
/// (`lead` is 0xC2 or 0xC3: 110000xx 10yyyyyy).
#[inline(always)]
fn latin1_of_two_bytes(lead: u8, continuation: u8) -> u8 {
    (lead << 6) | (continuation & 0x3f)
}

/// The two UTF-8 bytes of a Latin-1 byte of 0x80 or more (the inverse of
/// [`latin1_of_two_bytes`]).
#[inline(always)]
fn utf8_of_high_latin1(b: u8) -> [u8; 2] {
    [0xc0 | b >> 6, 0x80 | (b & 0x3f)]
}

/// `utf8` (valid, no char past the BMP) as UTF-16LE into `out`, two
/// bytes per char: ASCII widened in blocks of sixteen
/// ([`ascii_blocks!`]), other chars one by one. (English text with a
/// curly quote or a dash is UTF-16 on the wire.)
fn utf16_from_bmp_utf8(utf8: &[u8], out: &mut [u8]) {
    ascii_blocks!(utf8, out, 2, lanes::widen16, utf16_run, utf16_chars);
}

/// The run of non-ASCII chars at byte `i` of `utf8` as UTF-16LE at
/// `out[j..]`; returns where it ends in each.
#[inline(always)]
fn utf16_run(utf8: &[u8], out: &mut [u8], mut i: usize, mut j: usize) -> (usize, usize) {
    while let Some(&b) = utf8.get(i).filter(|&&b| b >= 0x80) {
        let (unit, len) = bmp_unit(utf8, i, b);
        out[j..j + 2].copy_from_slice(&unit.to_le_bytes());
        i += len;
        j += 2;
    }
    (i, j)
}

/// The UTF-16 unit of the char of two or three bytes that starts with
/// `b` at byte `i` of `utf8` (valid), and its length.
#[inline(always)]
fn bmp_unit(utf8: &[u8], i: usize, b: u8) -> (u16, usize) {
    let b = b as u16;
    if b < 0xe0 {
        ((b & 0x1f) << 6 | (utf8[i + 1] as u16 & 0x3f), 2)
    } else {
        let unit =
            (b & 0x0f) << 12 | (utf8[i + 1] as u16 & 0x3f) << 6 | (utf8[i + 2] as u16 & 0x3f);
        (unit, 3)
    }
}

/// [`utf16_from_bmp_utf8`] char by char, for the units of `out` from
/// byte `i` of `utf8`.
#[inline(always)]
fn utf16_chars(utf8: &[u8], mut i: usize, out: &mut [u8]) {
    for o in out.chunks_exact_mut(2) {
        let b = utf8[i];
        let unit = if b < 0x80 {
            i += 1;
            b as u16
        } else {
            let (unit, len) = bmp_unit(utf8, i, b);
            i += len;
            unit
        };
        o.copy_from_slice(&unit.to_le_bytes());
    }
}

/// Reads a string. The common case (a Latin-1 or UTF-8 header, the bytes
/// within the input and the size limit) is this small function, in line
/// at each caller: one varint, one compare, one copy that checks for
/// ASCII on its own loads. Non-ASCII bytes are decoded from that copy
/// ([`decode_copied`]); every other case, errors included, is
/// [`read_string_general`]; both out of line, so this one needs no
/// registers saved for them.
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
        r.consume(bytes.len());
        return match copy_if_ascii(bytes) {
            Ok(s) => Ok(s),
            Err(copy) => decode_copied(copy, bytes, header, at),
        };
    }
    read_string_general(ctx, at, header)
}

/// The non-ASCII `bytes` of a Latin-1 or UTF-8 string (`header`'s
/// encoding), with their copy when [`copy_if_ascii`] made one: UTF-8 is
/// validated in the copy, Latin-1 re-encoded in it, or, with no copy,
/// from `bytes` into a buffer of its final length.
#[cold]
#[inline(never)]
fn decode_copied(copy: Option<Vec<u8>>, bytes: &[u8], header: u64, at: usize) -> Result<String> {
    if header & 3 == UTF8 {
        let copy = copy.unwrap_or_else(|| bytes.to_vec());
        return String::from_utf8(copy).map_err(|e| {
            Error::invalid(format!(
                "invalid UTF-8 in string at byte {at}: {}",
                e.utf8_error()
            ))
        });
    }
    Ok(match copy {
        Some(copy) => latin1_wide(copy),
        None => latin1_forward(bytes),
    })
}

/// A string [`read_string`] did not finish: non-ASCII, UTF-16, too long
/// for the input or the limit, or with an unknown encoding. The header
/// is read; the bytes are not.
#[cold]
#[inline(never)]
fn read_string_general(ctx: &mut ReadContext<'_, '_>, at: usize, header: u64) -> Result<String> {
    let bytes = string_bytes(ctx, at, header)?;
    match header & 3 {
        // (not reached by a string the input and the limit hold: the
        // in-line read took it; kept so that every encoding decodes here)
        LATIN1 | UTF8 => {
            copy_if_ascii(bytes).or_else(|copy| decode_copied(copy, bytes, header, at))
        }
        UTF16 => {
            if bytes.len() % 2 != 0 {
                return Err(odd_utf16(bytes.len(), at));
            }
            utf16_to_string(bytes, at)
        }
        _ => Err(unknown_encoding(at)),
    }
}

/// The bytes of the string whose `header` (read at byte `at`) was just
/// read, checked against the input left and the size limit.
fn string_bytes<'d>(ctx: &mut ReadContext<'d, '_>, at: usize, header: u64) -> Result<&'d [u8]> {
    let len = header >> 2;
    if len > ctx.reader().remaining() as u64 {
        return Err(Error::invalid(format!(
            "string length {len} at byte {at} is larger than the {} bytes left in the input",
            ctx.reader().remaining()
        )));
    }
    ctx.check_binary_size(len as usize, "a string")?;
    ctx.reader().read_bytes(len as usize)
}

/// Consumes a string as [`read_string`] would read it, with the same
/// checks and errors (length, limit, encoding, UTF-8 or UTF-16 validity),
/// without building it: a field that compatible mode skips. As there, the
/// common case (Latin-1 or ASCII within the input and the limit) is in
/// line, the rest [`skip_string_general`].
#[inline]
pub(crate) fn skip_string(ctx: &mut ReadContext<'_, '_>) -> Result<()> {
    let max = ctx.config().max_binary_size();
    let r = ctx.reader();
    let at = r.position();
    let header = r.read_varuint64_short()?;
    let len = header >> 2;
    let rest = r.rest();
    if header & 1 == 0 && len <= max.min(rest.len()) as u64 {
        let bytes = &rest[..len as usize];
        // Latin-1 has nothing to check; ASCII is valid UTF-8
        if header & 3 == LATIN1 || bytes.is_ascii() {
            r.consume(bytes.len());
            return Ok(());
        }
    }
    skip_string_general(ctx, at, header)
}

/// [`skip_string`] of a string it did not finish: non-ASCII UTF-8,
/// UTF-16, too long for the input or the limit, or of an unknown
/// encoding. The header is read; the bytes are not.
#[cold]
#[inline(never)]
fn skip_string_general(ctx: &mut ReadContext<'_, '_>, at: usize, header: u64) -> Result<()> {
    let bytes = string_bytes(ctx, at, header)?;
    match header & 3 {
        LATIN1 => Ok(()),
        UTF8 => match std::str::from_utf8(bytes) {
            Ok(_) => Ok(()),
            Err(e) => Err(Error::invalid(format!(
                "invalid UTF-8 in string at byte {at}: {e}"
            ))),
        },
        UTF16 => {
            if bytes.len() % 2 != 0 {
                return Err(odd_utf16(bytes.len(), at));
            }
            let units = bytes
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]));
            match char::decode_utf16(units).find_map(|c| c.err()) {
                Some(e) => Err(lone_surrogate(e.unpaired_surrogate(), at)),
                None => Ok(()),
            }
        }
        _ => Err(unknown_encoding(at)),
    }
}

#[cold]
fn odd_utf16(len: usize, at: usize) -> Error {
    Error::invalid(format!(
        "UTF-16 string at byte {at} has an odd length of {len} bytes"
    ))
}

#[cold]
fn unknown_encoding(at: usize) -> Error {
    Error::invalid(format!("unknown string encoding 3 at byte {at}"))
}

/// Stores the UTF-8 of the UTF-16 unit `$u` at `$out[$j..]` and moves
/// `$j` past it: an ASCII unit as its byte, another unit below 0xD800 or
/// above 0xDFFF as two or three bytes, a high surrogate and the low one
/// after it (`$next`, which takes it) as the four bytes of the char they
/// make. Returns an error from the enclosing function for a lone
/// surrogate. (A macro: as a function, in line all the same, the unit by
/// unit read of mixed text measured 5% slower.)
macro_rules! put_utf8_of_unit {
    ($u:expr, $next:expr, $out:ident, $j:ident, $at:expr) => {{
        let u: u16 = $u;
        let wide = u as u32;
        match u {
            0..=0x7f => {
                $out[$j] = u as u8;
                $j += 1;
            }
            0x80..=0x7ff => {
                $out[$j..$j + 2]
                    .copy_from_slice(&[0xc0 | (wide >> 6) as u8, 0x80 | (wide & 0x3f) as u8]);
                $j += 2;
            }
            0xd800..=0xdbff => {
                let low: Option<u16> = $next;
                let Some(low) = low.filter(|l| (0xdc00..=0xdfff).contains(l)) else {
                    return Err(lone_surrogate(u, $at));
                };
                let c = 0x10000 + ((wide - 0xd800) << 10 | (low as u32 - 0xdc00));
                $out[$j..$j + 4].copy_from_slice(&[
                    0xf0 | (c >> 18) as u8,
                    0x80 | (c >> 12 & 0x3f) as u8,
                    0x80 | (c >> 6 & 0x3f) as u8,
                    0x80 | (c & 0x3f) as u8,
                ]);
                $j += 4;
            }
            0xdc00..=0xdfff => return Err(lone_surrogate(u, $at)),
            _ => {
                $out[$j..$j + 3].copy_from_slice(&[
                    0xe0 | (wide >> 12) as u8,
                    0x80 | (wide >> 6 & 0x3f) as u8,
                    0x80 | (wide & 0x3f) as u8,
                ]);
                $j += 3;
            }
        }
    }};
}

/// UTF-16LE bytes (an even number) as a `String`: each unit encoded
/// straight into a buffer sized first (1 to 3 bytes per unit, 4 per
/// surrogate pair), with no `char` round trip and no second check of the
/// result; a lone surrogate is an error. (Through `char::decode_utf16`
/// and `String::push`, this read of a struct of CJK and accented strings
/// took 18,354 instructions, 1.7x the official crate's; 16,555 unit by
/// unit.)
///
/// ASCII goes sixteen units at a time: each block narrowed as if all were
/// ASCII, the bytes before its first other unit kept, and the run of
/// other units from there encoded one by one. English with a curly quote
/// or a dash (UTF-16 on the wire, and ASCII but for those chars) is
/// mostly blocks; CJK text is mostly runs. (Blocks of eight ASCII units
/// taken only whole, and for text nearly all ASCII, read the `prose`
/// shape in 15,765 instructions, now 9,373, and mixed text with no
/// blocks at all in 16,424, now 12,931.)
fn utf16_to_string(bytes: &[u8], at: usize) -> Result<String> {
    // pairs of bytes: the length is even, and `[u8; 2]` has alignment 1
    let units = bytemuck::cast_slice::<u8, [u8; 2]>(bytes);
    // each char's bytes stored at their place in a buffer of the final
    // length (pushed one by one, each paid a capacity check and a length
    // update)
    let mut out = zeroed(lanes::utf8_len_of_utf16(units));
    let mut j = 0;
    let mut units = units.iter();
    let unit = |u: &[u8; 2]| u16::from_le_bytes(*u);
    // sixteen units narrowed as if all were ASCII; the bytes of those
    // before the first that is not are kept, the rest stored over (as in
    // `ascii_blocks!`, and as there two tests, each leaving the loop)
    while let Some(src) = units.as_slice().first_chunk::<16>() {
        let Some(dst) = out.get_mut(j..).and_then(<[u8]>::first_chunk_mut::<16>) else {
            break;
        };
        let high = lanes::narrow16(src, dst);
        let ascii = (high.trailing_zeros() as usize).min(16);
        units = units.as_slice()[ascii..].iter();
        j += ascii;
        // then the run of units past ASCII, unit by unit
        while let Some(u) = units.as_slice().first().map(unit).filter(|&u| u >= 0x80) {
            units.next();
            put_utf8_of_unit!(u, units.next().map(unit), out, j, at);
        }
    }
    // the last units, fewer than sixteen (with sixteen left, the output
    // has room for sixteen bytes, each unit making one or more): the
    // output's last sixteen bytes when the input's last sixteen units are
    // ASCII, else one by one
    let mut last = [0u8; 16];
    let last_ascii = units.len() > 0
        && bytes
            .last_chunk::<32>()
            .is_some_and(|src| lanes::narrow16(bytemuck::cast_ref(src), &mut last) == 0);
    match out.last_chunk_mut::<16>() {
        Some(dst) if last_ascii => {
            *dst = last;
            j = out.len();
        }
        _ => {
            while let Some(u) = units.next() {
                put_utf8_of_unit!(unit(u), units.next().map(unit), out, j, at);
            }
        }
    }
    debug_assert_eq!(j, out.len());
    // SAFETY: every byte of `out` was stored, last by the unit that owns
    // it: `j` went from 0 to `out.len()`, each unit's bytes stored at `j`
    // as it passed (the first pass counted exactly those bytes: 1 to 3
    // per unit, 2 per surrogate, a pair's 4 in one store). A block's
    // bytes past its kept ones lie at or past the new `j`, so they are
    // stored over. Each byte is part of the UTF-8 encoding of a scalar
    // value: an ASCII unit as its byte (kept from a block, or the last
    // block's sixteen, all ASCII), the others by the macro; a lone
    // surrogate returned an error instead.
    // (Validating it again was a quarter of this read.)
    #[allow(unsafe_code)]
    Ok(unsafe { String::from_utf8_unchecked(out) })
}

/// `n` zero bytes in a buffer of exactly that capacity: `malloc` and a
/// fill. (`vec![0; n]` asks `calloc`, which took about 70 instructions
/// more for each of the `prose` shape's strings.)
#[allow(clippy::slow_vector_initialization)] // `vec![0; n]` is the `calloc`
fn zeroed(n: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(n);
    v.resize(n, 0);
    v
}

#[cold]
fn lone_surrogate(unit: u16, at: usize) -> Error {
    Error::invalid(format!(
        "invalid UTF-16 in string at byte {at}: unpaired surrogate {unit:#06x}"
    ))
}

/// `bytes` copied into a new `String` when every byte is ASCII; otherwise
/// the copy, as bytes, for the caller to decode, or `None` for a string
/// of more than 64 bytes, which is not copied (the caller decodes it from
/// `bytes`).
///
/// Most strings on the wire are ASCII. `std::str::from_utf8` validates
/// them byte by byte through UTF-8's state machine (~100 instructions for
/// a 20-byte string, 17% of reading a MediaContent record); the copy of
/// up to 64 bytes is a few overlapping word loads and stores in line
/// (`io::copy_short_checking`), and OR-ing the loaded words answers the
/// ASCII question with no second pass over the bytes. Measured with
/// callgrind and wall clock (docs/benchmarks.md) and covered by
/// `scripts/valgrind.sh`. Past 64 bytes the check is a pass of its own
/// ([`long_ascii`]).
#[allow(unsafe_code)]
#[inline(always)]
fn copy_if_ascii(bytes: &[u8]) -> std::result::Result<String, Option<Vec<u8>>> {
    let n = bytes.len();
    if n > 64 {
        return long_ascii(bytes).ok_or(None);
    }
    let mut owned = Vec::<u8>::with_capacity(n);
    // SAFETY: `owned` has room for `n` bytes and is a fresh allocation, so
    // it is writable for `n` bytes and cannot overlap `bytes` (readable
    // for `n`); after the copy its first `n` bytes are initialized, so
    // `set_len(n)` exposes only initialized bytes. The copy reports
    // whether every byte it moved is below 0x80, and a sequence of ASCII
    // bytes is valid UTF-8.
    unsafe {
        let ascii = crate::io::copy_short_checking::<true>(
            bytes.as_ptr(),
            owned.as_mut_ptr(),
            n,
            // `n` is at most 64: the long arm is not taken
            crate::io::LongCheck::Skip,
        );
        owned.set_len(n);
        if ascii {
            Ok(String::from_utf8_unchecked(owned))
        } else {
            Err(Some(owned))
        }
    }
}

/// [`copy_if_ascii`] past 64 bytes: checked first (std's word-at-a-time
/// check, which stops at the first high byte), copied only when ASCII.
/// A Latin-1 string that is not is then re-encoded from the input into a
/// buffer of its final length ([`latin1_forward`]): a copy made first
/// would be grown by a `realloc` and re-encoded in place.
#[allow(unsafe_code)]
#[inline(never)]
fn long_ascii(bytes: &[u8]) -> Option<String> {
    // SAFETY: the bytes are ASCII (checked just before), which is UTF-8.
    bytes
        .is_ascii()
        .then(|| unsafe { String::from_utf8_unchecked(bytes.to_vec()) })
}

/// [`copy_if_ascii`] when only an ASCII string is wanted.
#[cfg(test)]
fn ascii_string(bytes: &[u8]) -> Option<String> {
    copy_if_ascii(bytes).ok()
}

/// Latin-1 bytes as a `String`, as a read decodes them: ASCII (the common
/// case) is copied whole; the rest becomes two-byte UTF-8 sequences.
#[cfg(test)]
fn latin1(bytes: &[u8]) -> String {
    copy_if_ascii(bytes)
        .or_else(|copy| decode_copied(copy, bytes, LATIN1, 0))
        .expect("Latin-1 always decodes")
}

/// [`decode_copied`]'s Latin-1 for a copy of bytes known not to be all
/// ASCII (up to 64 bytes: [`copy_if_ascii`] copies those in line; longer
/// strings go to [`latin1_forward`]): each high byte becomes a two-byte
/// UTF-8 sequence.
/// Re-encoded in place, from the back, in the copy grown by exactly one
/// byte per high byte: one reallocation (often in place), where a second
/// string and a free of the copy cost two allocator calls more. From the
/// back sixteen bytes at a time where they are ASCII, byte by byte down
/// to the lowest high byte of sixteen that are not; and once the last
/// high byte is re-encoded, the ASCII before it is where it was. (Eight
/// bytes at a time, down to the string's first byte, this took 1,000
/// instructions for one of the `prose` shape's 85-byte notes; 640 this
/// way, 120 of them the `realloc`.)
fn latin1_wide(mut v: Vec<u8>) -> String {
    let old = v.len();
    let high = old - lanes::count_ascii(&v);
    v.reserve_exact(high);
    v.resize(old + high, 0);
    // `w` stays at or above `r`: each byte read below `r` is written at
    // or above it (sixteen ASCII bytes are read whole before they are
    // written), and `w - r` is the high bytes left below `r`
    let (mut r, mut w) = (old, v.len());
    // (`w > r` implies `r > 0`, there being `w - r` high bytes below
    // `r`; testing both ends the loop whatever the bytes)
    while w > r && r > 0 {
        let lowest = match r.checked_sub(16) {
            Some(start) => {
                let block: [u8; 16] = v[start..r].try_into().expect("16 bytes");
                let mask = lanes::copy16(&block, &mut [0; 16]);
                if mask == 0 {
                    v[w - 16..w].copy_from_slice(&block);
                    r -= 16;
                    w -= 16;
                    continue;
                }
                start + mask.trailing_zeros() as usize
            }
            None => 0,
        };
        while r > lowest {
            r -= 1;
            let b = v[r];
            if b < 0x80 {
                w -= 1;
                v[w] = b;
            } else {
                w -= 2;
                v[w..w + 2].copy_from_slice(&utf8_of_high_latin1(b));
            }
        }
    }
    debug_assert_eq!(w, r);
    // SAFETY: the bytes below `w` are the input's first `w` bytes, ASCII
    // (once `w` came down to `r`, no high byte was left below it); every
    // byte from `w` up was stored above (one byte per ASCII byte read and
    // two per high byte, the count the growth was sized by), each as the
    // UTF-8 of one Latin-1 char: an ASCII byte as itself, a byte of 0x80
    // or more as the two-byte sequence of the code point equal to it.
    // (Validating it again was 7% of reading the `prose` shape.)
    #[allow(unsafe_code)]
    unsafe {
        String::from_utf8_unchecked(v)
    }
}

/// Latin-1 `bytes` (not all ASCII) as a `String`, re-encoded forward
/// into a buffer of its final length: ASCII in blocks of sixteen
/// ([`ascii_blocks!`]), each high byte as its two-byte UTF-8 sequence.
/// (For strings past 64 bytes, which [`copy_if_ascii`] does not copy.
/// Copied first, then grown and re-encoded in place, the `prose` shape's
/// five 85-byte notes made its read 9,393 instructions; this way 8,230.)
fn latin1_forward(bytes: &[u8]) -> String {
    let high = bytes.len() - lanes::count_ascii(bytes);
    let mut out = zeroed(bytes.len() + high);
    ascii_blocks!(
        bytes,
        &mut out,
        1,
        lanes::copy16,
        utf8_of_latin1_run,
        utf8_of_latin1
    );
    // SAFETY: every byte of `out` was stored, last by the byte of `bytes`
    // that owns it: `j` went from 0 to `out.len()` (one byte per ASCII
    // byte, two per high byte, the count the buffer was sized by), a
    // block's bytes past its kept ones lying at or past the new `j`. Each
    // is part of the UTF-8 of one Latin-1 char: an ASCII byte as itself,
    // a byte of 0x80 or more as the two-byte sequence of the code point
    // equal to it.
    #[allow(unsafe_code)]
    unsafe {
        String::from_utf8_unchecked(out)
    }
}

/// The run of high Latin-1 bytes at `latin1[i..]` as UTF-8 at `out[j..]`;
/// returns where it ends in each.
#[inline(always)]
fn utf8_of_latin1_run(latin1: &[u8], out: &mut [u8], mut i: usize, mut j: usize) -> (usize, usize) {
    while let Some(&b) = latin1.get(i).filter(|&&b| b >= 0x80) {
        out[j..j + 2].copy_from_slice(&utf8_of_high_latin1(b));
        i += 1;
        j += 2;
    }
    (i, j)
}

/// The Latin-1 bytes from `latin1[i..]` as UTF-8 into `out`, which they
/// fill.
#[inline(always)]
fn utf8_of_latin1(latin1: &[u8], i: usize, out: &mut [u8]) {
    let mut j = 0;
    for &b in &latin1[i..] {
        if b < 0x80 {
            out[j] = b;
            j += 1;
        } else {
            out[j..j + 2].copy_from_slice(&utf8_of_high_latin1(b));
            j += 2;
        }
    }
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

    #[inline(always)]
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

    /// Strings over every encoding's edges: ASCII, U+0080..U+00FF, the
    /// BMP (two- and three-byte UTF-8, U+FFFF), past it, mixed, empty.
    fn texts() -> Vec<String> {
        let mut v: Vec<String> = [
            "",
            "a",
            "é",
            "ÿ",
            "\u{80}",
            "\u{100}",
            "\u{7ff}",
            "\u{800}",
            "\u{ffff}",
            "\u{10000}",
            "\u{10ffff}",
            "Zoë Saldaña, café crème",
            "日本語のテキスト",
            "naïve — résumé",
            "crab 🦀 ok",
            "\u{d7ff}\u{e000}",
            "aé中🦀",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // every char of a spread of code points, alone and in a run
        let spread: String = (0..0x11_0000u32)
            .step_by(97)
            .filter_map(char::from_u32)
            .collect();
        v.extend(spread.chars().map(String::from));
        v.push(spread);
        v.extend(prose_like());
        v
    }

    /// ASCII runs around the transcoders' blocks (sixteen bytes, sixteen
    /// UTF-16 units): a wide char after every prefix up to 48 bytes, with
    /// tails of several lengths (fewer, as many and more than sixteen:
    /// the last block is taken whole only when it is ASCII); two wide
    /// chars at every gap; runs of wide chars, shorter and longer than a
    /// block, after every prefix up to 17; one in a long run. Shorter
    /// than a block, text takes the char-by-char loops only.
    fn prose_like() -> Vec<String> {
        let wide = [
            "é", "ÿ", "\u{80}", "\u{2019}", "\u{2014}", "中", "\u{ffff}", "🦀",
        ];
        let mut v = Vec::new();
        for c in wide {
            for before in 0..=48 {
                for after in [0, 1, 7, 15, 16, 17, 40] {
                    v.push(format!("{}{c}{}", "a".repeat(before), "z".repeat(after)));
                }
            }
            for gap in 0..=40 {
                v.push(format!(
                    "{}{c}{}{c}{}",
                    "b".repeat(20),
                    "y".repeat(gap),
                    "x".repeat(30)
                ));
            }
            for run in [2, 3, 9, 17, 33] {
                for before in 0..=17 {
                    for after in [5, 20] {
                        v.push(format!(
                            "{}{}{}{c}",
                            "c".repeat(before),
                            c.repeat(run),
                            "w".repeat(after)
                        ));
                    }
                }
            }
            v.push(format!(
                "{}{c}{}",
                "The quick brown fox ".repeat(20),
                "jumps".repeat(30)
            ));
        }
        v
    }

    /// What pyfory writes for `s` in xlang mode, from std's char
    /// iterators: the header and the bytes.
    fn reference_xlang(s: &str) -> Vec<u8> {
        let mut w = Writer::new();
        let max = s.chars().map(u32::from).max().unwrap_or(0);
        if !(0x80..0x1_0000).contains(&max) {
            let enc = if max < 0x80 { LATIN1 } else { UTF8 };
            w.write_varuint64(((s.len() as u64) << 2) | enc);
            w.write_bytes(s.as_bytes());
        } else if max < 0x100 {
            let latin1: Vec<u8> = s.chars().map(|c| c as u8).collect();
            w.write_varuint64(((latin1.len() as u64) << 2) | LATIN1);
            w.write_bytes(&latin1);
        } else {
            let utf16: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
            w.write_varuint64(((utf16.len() as u64) << 2) | UTF16);
            w.write_bytes(&utf16);
        }
        w.into_inner()
    }

    #[test]
    fn xlang_wide_strings_encode_as_std_would() {
        for s in texts() {
            if s.is_ascii() {
                continue;
            }
            let mut w = Writer::new();
            write_str_xlang_wide(&s, &mut w);
            assert_eq!(w.into_inner(), reference_xlang(&s), "{s:?}");
        }
    }

    #[test]
    fn utf16_reads_as_std_decodes() {
        for s in texts() {
            let bytes: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let back = utf16_to_string(&bytes, 0).unwrap();
            assert_eq!(back, s);
            assert_eq!(back.len(), back.capacity(), "{s:?}: sized exactly");
        }
        // lone surrogates: a high one last, before a non-low unit, before
        // another high one; a low one alone
        for units in [
            &[0xd800u16][..],
            &[0x61, 0xdbff],
            &[0xd800, 0x61],
            &[0xd800, 0xd800, 0xdc00],
            &[0xdc00],
            &[0x61, 0xdfff, 0x62],
        ] {
            let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
            let e = utf16_to_string(&bytes, 7).unwrap_err().to_string();
            assert!(e.contains("invalid UTF-16") && e.contains("byte 7"), "{e}");
            assert!(String::from_utf16(units).is_err(), "std agrees: {units:x?}");
        }
        // the same in ASCII text long enough for the read's blocks: a lone
        // surrogate at every place around them, or a high one at the end
        for bad in [0xd800u16, 0xdbff, 0xdc00, 0xdfff] {
            for before in 0..=40 {
                for after in [0usize, 1, 9, 30] {
                    let mut units = vec![0x61u16; before];
                    units.push(bad);
                    units.extend(std::iter::repeat_n(0x7a, after));
                    let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
                    let e = utf16_to_string(&bytes, 3).unwrap_err().to_string();
                    assert!(
                        e.contains("unpaired surrogate") && e.contains("byte 3"),
                        "{e}"
                    );
                }
            }
        }
    }

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
    fn the_checking_copy_agrees_with_std_at_every_length_and_position() {
        for n in 0..140 {
            let plain: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            assert_eq!(copy_if_ascii(&plain).unwrap().as_bytes(), &plain[..], "{n}");
            for at in 0..n {
                for high in [0x80u8, 0xc3, 0xff] {
                    let mut b = plain.clone();
                    b[at] = high;
                    // not ASCII: the copy comes back whole, or past 64
                    // bytes, no copy (the caller decodes from the input)
                    let copy = (n <= 64).then(|| b.clone());
                    assert_eq!(copy_if_ascii(&b), Err(copy), "len {n}, high at {at}");
                }
            }
        }
    }

    #[test]
    fn non_ascii_bytes_decode_from_the_copy() {
        // from the copy, or (a long string, not copied) from the input
        let utf8 = "Zoë 中文 🦀".as_bytes().to_vec();
        for copy in [Some(utf8.clone()), None] {
            assert_eq!(decode_copied(copy, &utf8, UTF8, 0).unwrap(), "Zoë 中文 🦀");
        }
        for copy in [Some(vec![0x63, 0xe9]), None] {
            assert_eq!(decode_copied(copy, &[0x63, 0xe9], LATIN1, 0).unwrap(), "cé");
        }
        let bad = [b'a', 0xff, b'b'];
        for copy in [Some(bad.to_vec()), None] {
            let e = decode_copied(copy, &bad, UTF8 | 12 << 2, 7).unwrap_err();
            assert!(
                e.to_string().contains("invalid UTF-8 in string at byte 7"),
                "{e}"
            );
        }
    }

    #[test]
    fn latin1_re_encodes_in_place_exactly() {
        // every mix of ASCII and high bytes up to 12 long (bit i of `mask`
        // marks byte i high), and longer runs: the result matches the
        // byte-as-code-point map, and the buffer holds exactly the UTF-8
        for len in 0..=12usize {
            for mask in 0..1u32 << len {
                let bytes: Vec<u8> = (0..len)
                    .map(|i| {
                        if mask >> i & 1 == 1 {
                            0x80 + (i as u8 * 9)
                        } else {
                            b'a' + i as u8
                        }
                    })
                    .collect();
                let expected: String = bytes.iter().map(|&b| b as char).collect();
                let s = latin1(&bytes);
                assert_eq!(s, expected, "{bytes:?}");
                if mask != 0 {
                    assert_eq!(s.capacity(), s.len(), "{bytes:?}");
                }
            }
        }
        for n in [100, 1000] {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 7 % 256) as u8).collect();
            let expected: String = bytes.iter().map(|&b| b as char).collect();
            assert_eq!(latin1(&bytes), expected);
        }
        // ASCII runs around the reads' blocks of 16 (in place from the
        // back up to 64 bytes, forward past that): one or two high bytes at
        // every place in 48 and in 80 bytes
        for (len, first) in (0..48).map(|f| (48, f)).chain((0..80).map(|f| (80, f))) {
            for second in [
                None,
                Some(0),
                Some(first),
                Some(len - 1),
                Some((first + 16) % len),
            ] {
                let mut bytes: Vec<u8> = (0..len).map(|i| b'a' + (i % 26) as u8).collect();
                bytes[first] = 0xe9;
                if let Some(i) = second {
                    bytes[i] = 0xa0;
                }
                let expected: String = bytes.iter().map(|&b| b as char).collect();
                let s = latin1(&bytes);
                assert_eq!(s, expected, "{bytes:?}");
                assert_eq!(s.capacity(), s.len(), "{bytes:?}");
            }
        }
        // runs of high bytes, shorter and longer than a block, at every
        // place in 64 and in 100 bytes
        for (len, run) in [64, 100]
            .into_iter()
            .flat_map(|l| [2, 3, 9, 17, 33].map(|r| (l, r)))
        {
            for start in 0..=len - run {
                let mut bytes: Vec<u8> = (0..len).map(|i| b'A' + (i % 26) as u8).collect();
                for (k, b) in bytes[start..start + run].iter_mut().enumerate() {
                    *b = 0x80 + (k as u8 * 3);
                }
                let expected: String = bytes.iter().map(|&b| b as char).collect();
                let s = latin1(&bytes);
                assert_eq!(s, expected, "{bytes:?}");
                assert_eq!(s.capacity(), s.len(), "{bytes:?}");
            }
        }
        assert_eq!(latin1(&[0xff; 64][..]), "\u{ff}".repeat(64));
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
