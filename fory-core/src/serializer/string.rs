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

/// A non-ASCII string in xlang mode: Latin-1 when every char is below
/// U+0100, UTF-16 when every char is in the BMP, UTF-8 otherwise.
///
/// The widest char follows from the largest byte, with no decoding: 0xC2
/// and 0xC3 lead U+0080..U+00FF, and only bytes of 0xF0 or more lead
/// chars past the BMP; the number of chars is std's count. Then one pass
/// encodes into the output at its final length. (Char by char with a
/// capacity check each and three passes of decoding, this write
/// was 12x the official crate's whole write of a struct of accented and
/// CJK strings.)
#[inline(never)]
fn write_str_xlang_wide(s: &str, w: &mut Writer) {
    let bytes = s.as_bytes();
    let top = largest_byte(bytes);
    if top >= 0xf0 {
        w.write_header_and_bytes(((s.len() as u64) << 2) | UTF8, bytes);
        return;
    }
    let chars = s.chars().count();
    if top <= 0xc3 {
        w.write_varuint64(((chars as u64) << 2) | LATIN1);
        latin1_from_utf8(bytes, w.extend_zeroed(chars));
    } else {
        w.write_varuint64(((chars as u64 * 2) << 2) | UTF16);
        utf16_from_bmp_utf8(bytes, w.extend_zeroed(chars * 2));
    }
}

/// The largest byte of `bytes`, 16 lanes at a time.
fn largest_byte(bytes: &[u8]) -> u8 {
    let mut lanes = [0u8; 16];
    let mut chunks = bytes.chunks_exact(16);
    for c in chunks.by_ref() {
        for (m, &b) in lanes.iter_mut().zip(c) {
            *m = (*m).max(b);
        }
    }
    let rest = chunks.remainder().iter().copied().max().unwrap_or(0);
    lanes.iter().copied().max().unwrap_or(0).max(rest)
}

/// The eight bytes of `bytes` from `i` as a little-endian word, when
/// there are eight and all are ASCII.
#[inline(always)]
fn ascii_word_at(bytes: &[u8], i: usize) -> Option<u64> {
    let word = u64::from_le_bytes(bytes.get(i..i + 8)?.try_into().ok()?);
    (word & 0x8080_8080_8080_8080 == 0).then_some(word)
}

/// `utf8` (valid, every char below U+0100) as Latin-1 into `out`, one
/// byte per char. The output goes in blocks of eight: where the next
/// eight bytes of input are ASCII, they are the block; otherwise the
/// block's chars are re-encoded one by one. (English text with an accent
/// here and there is mostly the first kind: the `prose` shape's notes.
/// Blocks of 16 took that shape's write 6% longer, and the `text`
/// shape's mixed accents as much.)
fn latin1_from_utf8(utf8: &[u8], out: &mut [u8]) {
    let mut i = 0;
    let mut blocks = out.chunks_exact_mut(8);
    for block in blocks.by_ref() {
        match ascii_word_at(utf8, i) {
            Some(word) => {
                block.copy_from_slice(&word.to_le_bytes());
                i += 8;
            }
            None => i = latin1_chars(utf8, i, block),
        }
    }
    latin1_chars(utf8, i, blocks.into_remainder());
}

/// [`latin1_from_utf8`] char by char, for the chars of `out` from byte
/// `i` of `utf8`; returns where they end.
#[inline(always)]
fn latin1_chars(utf8: &[u8], mut i: usize, out: &mut [u8]) -> usize {
    for o in out.iter_mut() {
        let b = utf8[i];
        if b < 0x80 {
            *o = b;
            i += 1;
        } else {
            // 0xC2 or 0xC3 and its continuation: 110000xx 10yyyyyy
            *o = (b << 6) | (utf8[i + 1] & 0x3f);
            i += 2;
        }
    }
    i
}

/// `utf8` (valid, no char past the BMP) as UTF-16LE into `out`, two
/// bytes per char, in blocks of eight chars as [`latin1_from_utf8`]
/// goes: eight ASCII bytes widened at once, or the block's chars one by
/// one. (English text with a curly quote or a dash is UTF-16 on the
/// wire.)
fn utf16_from_bmp_utf8(utf8: &[u8], out: &mut [u8]) {
    let mut i = 0;
    let mut blocks = out.chunks_exact_mut(16);
    for block in blocks.by_ref() {
        match ascii_word_at(utf8, i) {
            Some(word) => {
                let (lo, hi) = block.split_at_mut(8);
                lo.copy_from_slice(&widen(word).to_le_bytes());
                hi.copy_from_slice(&widen(word >> 32).to_le_bytes());
                i += 8;
            }
            None => i = utf16_chars(utf8, i, block),
        }
    }
    utf16_chars(utf8, i, blocks.into_remainder());
}

/// The low four bytes of `x` as four 16-bit lanes, high bytes clear (the
/// UTF-16 units of four ASCII bytes).
#[inline(always)]
fn widen(x: u64) -> u64 {
    let x = x & 0xffff_ffff;
    let x = (x | x << 16) & 0x0000_ffff_0000_ffff;
    (x | x << 8) & 0x00ff_00ff_00ff_00ff
}

/// [`utf16_from_bmp_utf8`] char by char, for the units of `out` from
/// byte `i` of `utf8`; returns where they end.
#[inline(always)]
fn utf16_chars(utf8: &[u8], mut i: usize, out: &mut [u8]) -> usize {
    for o in out.chunks_exact_mut(2) {
        let b = utf8[i] as u16;
        let unit = if b < 0x80 {
            i += 1;
            b
        } else if b < 0xe0 {
            i += 2;
            (b & 0x1f) << 6 | (utf8[i - 1] as u16 & 0x3f)
        } else {
            i += 3;
            (b & 0x0f) << 12 | (utf8[i - 2] as u16 & 0x3f) << 6 | (utf8[i - 1] as u16 & 0x3f)
        };
        o.copy_from_slice(&unit.to_le_bytes());
    }
    i
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
            Err(copy) => decode_copied(copy, header, at),
        };
    }
    read_string_general(ctx, at, header)
}

/// The non-ASCII bytes of a Latin-1 or UTF-8 string (`header`'s encoding),
/// already copied out of the input: UTF-8 is validated where it lies,
/// Latin-1 re-encoded.
#[cold]
#[inline(never)]
fn decode_copied(copy: Vec<u8>, header: u64, at: usize) -> Result<String> {
    if header & 3 == UTF8 {
        return String::from_utf8(copy).map_err(|e| {
            Error::invalid(format!(
                "invalid UTF-8 in string at byte {at}: {}",
                e.utf8_error()
            ))
        });
    }
    Ok(latin1_wide(copy))
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
            utf16_to_string(bytes, at)
        }
        // the copy the ASCII check made is the string's buffer either way
        UTF8 => copy_if_ascii(bytes).or_else(|copy| {
            String::from_utf8(copy).map_err(|e| {
                Error::invalid(format!(
                    "invalid UTF-8 in string at byte {at}: {}",
                    e.utf8_error()
                ))
            })
        }),
        _ => Err(Error::invalid(format!(
            "unknown string encoding 3 at byte {at}"
        ))),
    }
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
/// Text that is nearly all ASCII (English with a curly quote or a dash
/// is UTF-16 on the wire, and ASCII but for those chars) goes in blocks
/// of eight units, eight ASCII units narrowed at once (blocks of four
/// read the `prose` shape 6.6% slower). Other text goes unit by unit: on
/// mixed or CJK text the blocks cost 12% of the read in wall time, for
/// the branch that leaves each block.
fn utf16_to_string(bytes: &[u8], at: usize) -> Result<String> {
    let utf8_len: usize = bytes
        .chunks_exact(2)
        .map(|c| match u16::from_le_bytes([c[0], c[1]]) {
            0..=0x7f => 1,
            0x80..=0x7ff | 0xd800..=0xdfff => 2,
            _ => 3,
        })
        .sum();
    // each char's bytes stored at their place in a buffer of the final
    // length (pushed one by one, each paid a capacity check and a length
    // update)
    let mut out = vec![0u8; utf8_len];
    let mut j = 0;
    // the bytes past one per unit: at least one per non-ASCII unit
    let n_units = bytes.len() / 2;
    if (utf8_len - n_units) * 16 > n_units {
        // (this form of the iterator measured 5% faster here than the
        // pairs' on mixed text)
        let mut units = bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]));
        while let Some(u) = units.next() {
            put_utf8_of_unit!(u, units.next(), out, j, at);
        }
    } else {
        // pairs of bytes: the length is even, and `[u8; 2]` has alignment 1
        let mut units = bytemuck::cast_slice::<u8, [u8; 2]>(bytes).iter();
        loop {
            if let Some(block) = units.as_slice().first_chunk::<8>() {
                let (lo, hi) = block.as_flattened().split_at(8);
                let lo = u64::from_le_bytes(lo.try_into().expect("8 bytes"));
                let hi = u64::from_le_bytes(hi.try_into().expect("8 bytes"));
                if (lo | hi) & 0xff80_ff80_ff80_ff80 == 0 {
                    // eight ASCII units make eight bytes, within the count
                    let dst = &mut out[j..j + 8];
                    dst[..4].copy_from_slice(&narrow(lo).to_le_bytes());
                    dst[4..].copy_from_slice(&narrow(hi).to_le_bytes());
                    units = units.as_slice()[8..].iter();
                    j += 8;
                    continue;
                }
            }
            if units.len() == 0 {
                break;
            }
            // the block's units one by one (a pair may end past it)
            let end = units.len().saturating_sub(8);
            while units.len() > end {
                let Some(&unit) = units.next() else { break };
                let u = u16::from_le_bytes(unit);
                put_utf8_of_unit!(u, units.next().map(|&l| u16::from_le_bytes(l)), out, j, at);
            }
        }
    }
    debug_assert_eq!(j, out.len());
    // SAFETY: every byte of `out` was stored (the first pass counted
    // exactly the bytes `put_utf8_of_unit!` and the ASCII blocks store: 1
    // to 3 per unit, 2 per surrogate, a pair's 4 in one store), each as
    // part of the UTF-8 encoding of a scalar value (see the macro; an
    // ASCII unit in a block as its byte); a lone surrogate returned an
    // error instead.
    // (Validating it again was a quarter of this read.)
    #[allow(unsafe_code)]
    Ok(unsafe { String::from_utf8_unchecked(out) })
}

/// The low bytes of four 16-bit lanes whose high bytes are clear, as four
/// bytes (the inverse of [`widen`]).
#[inline(always)]
fn narrow(x: u64) -> u32 {
    let x = (x | x >> 8) & 0x0000_ffff_0000_ffff;
    (x | x >> 16) as u32
}

#[cold]
fn lone_surrogate(unit: u16, at: usize) -> Error {
    Error::invalid(format!(
        "invalid UTF-16 in string at byte {at}: unpaired surrogate {unit:#06x}"
    ))
}

/// `bytes` copied into a new `String` when every byte is ASCII; otherwise
/// the copy, as bytes, for the caller to decode.
///
/// Most strings on the wire are ASCII. `std::str::from_utf8` validates
/// them byte by byte through UTF-8's state machine (~100 instructions for
/// a 20-byte string, 17% of reading a MediaContent record); the copy of
/// up to 64 bytes is a few overlapping word loads and stores in line
/// (`io::copy_short_checking`), and OR-ing the loaded words answers the
/// ASCII question with no second pass over the bytes. Measured with
/// callgrind and wall clock (docs/benchmarks.md) and covered by
/// `scripts/valgrind.sh`.
#[allow(unsafe_code)]
#[inline(always)]
fn copy_if_ascii(bytes: &[u8]) -> std::result::Result<String, Vec<u8>> {
    let n = bytes.len();
    let mut owned = Vec::<u8>::with_capacity(n);
    // SAFETY: `owned` has room for `n` bytes and is a fresh allocation, so
    // it is writable for `n` bytes and cannot overlap `bytes` (readable
    // for `n`); after the copy its first `n` bytes are initialized, so
    // `set_len(n)` exposes only initialized bytes. The copy reports
    // whether every byte it moved is below 0x80, and a sequence of ASCII
    // bytes is valid UTF-8.
    unsafe {
        let ascii =
            crate::io::copy_short_checking::<true>(bytes.as_ptr(), owned.as_mut_ptr(), n, true);
        owned.set_len(n);
        if ascii {
            Ok(String::from_utf8_unchecked(owned))
        } else {
            Err(owned)
        }
    }
}

/// [`copy_if_ascii`] when only an ASCII string is wanted.
#[cfg(test)]
fn ascii_string(bytes: &[u8]) -> Option<String> {
    copy_if_ascii(bytes).ok()
}

/// Latin-1 bytes as a `String`: ASCII (the common case) is copied whole;
/// the rest becomes two-byte UTF-8 sequences.
fn latin1(bytes: &[u8]) -> String {
    copy_if_ascii(bytes).unwrap_or_else(latin1_wide)
}

/// [`latin1`] for a copy of bytes known not to be all ASCII: each high
/// byte becomes a two-byte UTF-8 sequence. Re-encoded in place, from the
/// back, in the copy grown by exactly one byte per high byte: one
/// reallocation (often in place), where a second string and a free of the
/// copy cost two allocator calls more. From the back eight bytes at a
/// time where they are ASCII (English text with an accent here and
/// there), byte by byte through eight that are not.
fn latin1_wide(mut v: Vec<u8>) -> String {
    let old = v.len();
    let high: usize = v.iter().map(|&b| usize::from(b >> 7)).sum();
    v.reserve_exact(high);
    v.resize(old + high, 0);
    // `w` stays at or above `r`: each byte read below `r` is written at
    // or above it (eight ASCII bytes are read whole before they are
    // written), and `w - r` is the high bytes left
    let (mut r, mut w) = (old, v.len());
    while r > 0 {
        if let Some(word) = r.checked_sub(8).and_then(|start| ascii_word_at(&v, start)) {
            v[w - 8..w].copy_from_slice(&word.to_le_bytes());
            r -= 8;
            w -= 8;
            continue;
        }
        for _ in 0..8.min(r) {
            r -= 1;
            let b = v[r];
            if b < 0x80 {
                w -= 1;
                v[w] = b;
            } else {
                w -= 2;
                v[w] = 0xc0 | b >> 6;
                v[w + 1] = 0x80 | (b & 0x3f);
            }
        }
    }
    debug_assert_eq!(w, 0);
    // SAFETY: every byte of `v` was stored above (`w` came down to 0 from
    // the grown length, one byte per ASCII byte read and two per high
    // byte, the count the growth was sized by), and each store wrote the
    // UTF-8 of one Latin-1 char: an ASCII byte as itself, a byte of 0x80
    // or more as the two-byte sequence of the code point equal to it.
    // (Validating it again was 7% of reading the `prose` shape.)
    #[allow(unsafe_code)]
    unsafe {
        String::from_utf8_unchecked(v)
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

    /// ASCII runs around the transcoders' blocks (eight bytes, eight
    /// UTF-16 units): a wide char after every prefix up to 48 bytes, with
    /// tails of several lengths; two wide chars at every gap; one in a
    /// long run. Most are nearly all ASCII, so the UTF-16 read takes its
    /// blocks, and the writes find ASCII blocks on both sides of the char;
    /// the shortest take the char-by-char loops.
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
                    // not ASCII: the copy comes back whole
                    assert_eq!(copy_if_ascii(&b), Err(b.clone()), "len {n}, high at {at}");
                }
            }
        }
    }

    #[test]
    fn non_ascii_bytes_decode_from_the_copy() {
        let utf8 = "Zoë 中文 🦀".as_bytes().to_vec();
        assert_eq!(decode_copied(utf8, UTF8, 0).unwrap(), "Zoë 中文 🦀");
        assert_eq!(decode_copied(vec![0x63, 0xe9], LATIN1, 0).unwrap(), "cé");
        let e = decode_copied(vec![b'a', 0xff, b'b'], UTF8 | 12 << 2, 7).unwrap_err();
        assert!(
            e.to_string().contains("invalid UTF-8 in string at byte 7"),
            "{e}"
        );
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
        // ASCII runs around the read's blocks of 16 from the back: one or
        // two high bytes at every place in 48 bytes
        for first in 0..48 {
            for second in [
                None,
                Some(0),
                Some(first),
                Some(47),
                Some((first + 16) % 48),
            ] {
                let mut bytes: Vec<u8> = (0..48).map(|i| b'a' + (i % 26) as u8).collect();
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
