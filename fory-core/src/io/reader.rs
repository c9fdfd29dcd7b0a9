//! [`Reader`]: bounds-checked reads over the input bytes.

use crate::error::{Eof, Error, Result};

/// A cursor over input bytes. Every read checks what remains first, so a
/// length read from the input can never make it allocate or index past the
/// end.
#[derive(Debug, Clone)]
pub struct Reader<'d> {
    data: &'d [u8],
    pos: usize,
}

/// The bytes of a struct's leading fields of fixed width (numbers of
/// fixed size and `bool`, neither nullable nor ref-tracked), taken from
/// the input at once ([`Reader::fixed`]). Each field reads its bytes at a
/// constant offset, so a derived struct's read of them has one bounds
/// check in all, where reading them one by one from the [`Reader`] checks
/// and moves the cursor at each.
#[derive(Debug, Clone, Copy)]
pub struct FixedReader<'d> {
    bytes: &'d [u8],
    /// Where `bytes` starts in the input (for error messages).
    start: usize,
}

impl FixedReader<'static> {
    /// No bytes; what a derived struct holds before taking its own.
    pub const EMPTY: FixedReader<'static> = FixedReader {
        bytes: &[],
        start: 0,
    };
}

impl FixedReader<'_> {
    /// The `N` bytes at offset `at`. Derived code asks only for what it
    /// took, at constant offsets, so the check folds away; the error is
    /// for a type whose fixed width disagrees with its read.
    #[inline(always)]
    pub fn array<const N: usize>(&self, at: usize) -> Result<[u8; N]> {
        match self.bytes.get(at..).and_then(|b| b.first_chunk::<N>()) {
            Some(a) => Ok(*a),
            None => Err(self.outside(at, N)),
        }
    }

    #[cold]
    fn outside(&self, at: usize, n: usize) -> Error {
        Error::invalid(format!(
            "a fixed-width read of {n} bytes at byte {} is outside the {} bytes taken at byte {}",
            self.start + at,
            self.bytes.len(),
            self.start
        ))
    }

    /// A `bool` at offset `at`: only 0 and 1 are valid (as
    /// [`Reader::read_bool`], with the same message).
    #[inline(always)]
    pub fn read_bool(&self, at: usize) -> Result<bool> {
        match self.array::<1>(at)? {
            [0] => Ok(false),
            [1] => Ok(true),
            [b] => Err(Error::invalid(format!(
                "invalid bool byte {b:#04x} at byte {}",
                self.start + at
            ))),
        }
    }
}

macro_rules! fixed {
    ($($name:ident: $t:ty),*) => {$(
        #[doc = concat!("Reads a little-endian `", stringify!($t), "`.")]
        #[inline]
        pub fn $name(&mut self) -> Result<$t> {
            const N: usize = std::mem::size_of::<$t>();
            let b = self.read_array::<N>()?;
            Ok(<$t>::from_le_bytes(b))
        }
    )*};
}

impl<'d> Reader<'d> {
    /// A reader at the start of `data`.
    #[inline]
    pub fn new(data: &'d [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    /// Current offset.
    #[inline]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Bytes left.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// The whole input.
    #[inline]
    pub fn data(&self) -> &'d [u8] {
        self.data
    }

    /// The bytes not read yet.
    #[inline]
    pub(crate) fn rest(&self) -> &'d [u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }

    /// The byte `k` places past the cursor, if the input has it (a peek:
    /// the cursor does not move).
    #[inline(always)]
    pub(crate) fn peek_at(&self, k: usize) -> Option<u8> {
        // `pos` is at most the input's length, so the sum cannot overflow
        // for the small `k` the readers peek at
        self.data.get(self.pos + k).copied()
    }

    /// Moves past the first `n` bytes of [`rest`](Self::rest), which the
    /// caller has already taken from it (so `n` is at most what remains).
    #[inline]
    pub(crate) fn consume(&mut self, n: usize) {
        debug_assert!(n <= self.remaining());
        self.pos += n;
    }

    #[cold]
    fn eof(&self, requested: usize) -> Error {
        Eof {
            at: self.pos,
            requested,
            available: self.remaining(),
        }
        .into()
    }

    /// Fails unless at least `n` bytes remain.
    #[inline]
    pub fn ensure(&self, n: usize) -> Result<()> {
        if n > self.remaining() {
            return Err(self.eof(n));
        }
        Ok(())
    }

    #[inline]
    fn read_array<const N: usize>(&mut self) -> Result<[u8; N]> {
        match self.data.get(self.pos..self.pos + N) {
            Some(s) => {
                self.pos += N;
                let mut a = [0u8; N];
                a.copy_from_slice(s);
                Ok(a)
            }
            None => Err(self.eof(N)),
        }
    }

    /// Reads `n` bytes without copying.
    #[inline]
    pub fn read_bytes(&mut self, n: usize) -> Result<&'d [u8]> {
        self.ensure(n)?;
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }

    /// Takes the next `n` bytes for a struct's leading fixed-width fields
    /// ([`FixedReader`]): one bounds check for all of them.
    #[inline]
    pub fn fixed(&mut self, n: usize) -> Result<FixedReader<'d>> {
        let start = self.pos;
        // two comparisons (`read_bytes`' check and slice took five)
        match self.data.get(start..).and_then(|rest| rest.get(..n)) {
            Some(bytes) => {
                self.pos = start + n;
                Ok(FixedReader { bytes, start })
            }
            None => Err(self.eof(n)),
        }
    }

    /// Moves back `n` bytes (to re-read something peeked at); `n` is at
    /// most what was read.
    pub(crate) fn rewind(&mut self, n: usize) -> Result<()> {
        self.pos = self
            .pos
            .checked_sub(n)
            .ok_or_else(|| Error::invalid("rewound past the start of the input"))?;
        Ok(())
    }

    /// Skips `n` bytes.
    #[inline]
    pub fn advance(&mut self, n: usize) -> Result<()> {
        self.ensure(n)?;
        self.pos += n;
        Ok(())
    }

    /// Reads one byte.
    #[inline]
    pub fn read_u8(&mut self) -> Result<u8> {
        match self.data.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => Err(self.eof(1)),
        }
    }

    /// Looks at the next byte without consuming it.
    #[inline]
    pub fn peek_u8(&self) -> Result<u8> {
        self.data.get(self.pos).copied().ok_or_else(|| self.eof(1))
    }

    /// Reads one signed byte.
    #[inline]
    pub fn read_i8(&mut self) -> Result<i8> {
        Ok(self.read_u8()? as i8)
    }

    /// Reads a bool; only 0 and 1 are valid.
    #[inline]
    pub fn read_bool(&mut self) -> Result<bool> {
        let at = self.pos;
        match self.read_u8()? {
            0 => Ok(false),
            1 => Ok(true),
            b => Err(Error::invalid(format!(
                "invalid bool byte {b:#04x} at byte {at}"
            ))),
        }
    }

    fixed!(read_u16: u16, read_i16: i16, read_u32: u32, read_i32: i32, read_u64: u64,
        read_i64: i64, read_f32: f32, read_f64: f64);

    /// LEB128 varuint32 (at most 5 bytes, no bits past 32).
    #[inline]
    pub fn read_varuint32(&mut self) -> Result<u32> {
        match self.short_varint() {
            Some((v, n)) => {
                self.pos += n;
                Ok(v)
            }
            None => self.read_varuint32_long(),
        }
    }

    /// A varint of one or two bytes at the cursor (values below 2^14:
    /// lengths, most field numbers), with its length; `None` for a longer
    /// one or the end of the input. Decoded in line by the readers that
    /// meet mostly short values.
    #[inline]
    fn short_varint(&self) -> Option<(u32, usize)> {
        self.short_varint_at(0)
    }

    /// [`short_varint`](Self::short_varint) `k` bytes past the cursor,
    /// which does not move (a struct's id after its type id byte).
    #[inline]
    pub(crate) fn short_varint_at(&self, k: usize) -> Option<(u32, usize)> {
        let b = self.peek_at(k)?;
        if b < 0x80 {
            return Some((b as u32, 1));
        }
        let c = self.peek_at(k + 1)?;
        (c < 0x80).then_some(((b & 0x7f) as u32 | (c as u32) << 7, 2))
    }

    /// A collection length of one or two bytes that passes the checks of
    /// [`read_len`](Self::read_len) (at least `len * min_item` bytes left
    /// after it) and is at most `max`, consumed; `None`, with nothing
    /// consumed, for anything else.
    #[inline]
    pub(crate) fn short_len(&mut self, min_item: usize, max: usize) -> Option<usize> {
        let (v, n) = self.short_varint()?;
        let len = v as usize;
        // `short_varint` found n bytes at pos, so this cannot underflow
        let left = self.data.len() - self.pos - n;
        if len <= max && len.saturating_mul(min_item) <= left {
            self.pos += n;
            Some(len)
        } else {
            None
        }
    }

    /// A varuint32 whose first byte has the continuation bit (or is
    /// missing): with 5 bytes left, decoded with one bounds check and no
    /// loop-carried position; near the end of the input, or malformed,
    /// byte by byte (which also makes the error).
    #[inline(never)]
    fn read_varuint32_long(&mut self) -> Result<u32> {
        if let Some(b) = self.window::<5>() {
            match leading_groups(&b[..4]) {
                Ok((v, n)) => {
                    self.pos += n;
                    return Ok(v as u32);
                }
                // the fifth byte carries the top 4 bits and ends it
                Err(v) if b[4] <= 0x0f => {
                    self.pos += 5;
                    return Ok(v as u32 | (b[4] as u32) << 28);
                }
                Err(_) => {}
            }
        }
        self.read_varuint32_bytewise()
    }

    /// The next `N` bytes, when that many remain.
    #[inline(always)]
    fn window<const N: usize>(&self) -> Option<&'d [u8; N]> {
        let end = self.pos.checked_add(N)?;
        self.data.get(self.pos..end)?.try_into().ok()
    }

    /// [`read_varuint32_long`](Self::read_varuint32_long) near the end of
    /// the input or malformed. Out of line, so that the long read, which
    /// 3- to 5-byte numbers take, needs no stack frame (a struct of ten
    /// numbers 615 -> 590 instructions a read, 1,000 small structs -11 an
    /// element, wall -1% to -3%).
    #[inline(never)]
    fn read_varuint32_bytewise(&mut self) -> Result<u32> {
        let start = self.pos;
        let mut result: u32 = 0;
        for i in 0..5 {
            let b = match self.data.get(self.pos) {
                Some(&b) => b,
                None => {
                    self.pos = start;
                    return Err(self.eof(i + 1));
                }
            };
            if i == 4 && b > 0x0f {
                self.pos = start;
                return Err(Error::invalid(format!(
                    "varuint32 at byte {start} overflows 32 bits"
                )));
            }
            self.pos += 1;
            result |= ((b & 0x7f) as u32) << (7 * i);
            if b < 0x80 {
                return Ok(result);
            }
        }
        unreachable!("the fifth byte always ends the loop")
    }

    /// Zigzag varint32.
    #[inline]
    pub fn read_varint32(&mut self) -> Result<i32> {
        let v = self.read_varuint32()?;
        Ok(((v >> 1) as i32) ^ -((v & 1) as i32))
    }

    /// Fory's varuint64 (see [`crate::io`]).
    #[inline]
    pub fn read_varuint64(&mut self) -> Result<u64> {
        match self.data.get(self.pos) {
            Some(&b) if b < 0x80 => {
                self.pos += 1;
                Ok(b as u64)
            }
            _ => self.read_varuint64_long(),
        }
    }

    /// [`read_varuint64`](Self::read_varuint64) with two bytes decoded in
    /// line too: for headers that are usually one or two bytes (a string's
    /// length and encoding), where a wide number field would only pay for
    /// the extra check.
    #[inline]
    pub(crate) fn read_varuint64_short(&mut self) -> Result<u64> {
        match self.short_varint() {
            Some((v, n)) => {
                self.pos += n;
                Ok(v as u64)
            }
            None => self.read_varuint64_long(),
        }
    }

    /// [`read_varuint32_long`](Self::read_varuint32_long) for Fory's
    /// varuint64 (9 bytes at most, the ninth taken whole). In line, its
    /// byte-by-byte fallback not: i64 fields often hold wide values, and
    /// the call cost more than the decode (1,000 small structs -0.8%,
    /// MediaContent -0.2%). The varuint32 one stays out of line: lengths
    /// and headers read it at many more sites (in line, MediaContent +5%).
    ///
    /// Called only when the first byte continues (or is missing). Two
    /// bytes take one branch; longer numbers decode without a branch per
    /// byte ([`packed_groups`]). A byte loop's branches predict only
    /// while the numbers keep their width: on a map of 1,000 `i64`s of
    /// varied widths the read is 8% faster this way (wall time, fresh
    /// processes against the loop), 1,000 small structs 0.5%-2.6%,
    /// MediaContent unchanged; a list of numbers that are mostly three
    /// bytes pays 4.5% (the `shapes` example's `options`). Without the
    /// two-byte branch the packing cost numbers below 2^14 more than it
    /// saved (that list +8%).
    #[inline]
    fn read_varuint64_long(&mut self) -> Result<u64> {
        if let Some(b) = self.window::<9>() {
            debug_assert!(b[0] >= 0x80, "read_varuint64_long on a one-byte varint");
            if b[1] < 0x80 {
                self.pos += 2;
                return Ok((b[0] & 0x7f) as u64 | (b[1] as u64) << 7);
            }
            let [eight @ .., ninth] = *b;
            return Ok(match packed_groups(u64::from_le_bytes(eight)) {
                Ok((v, n)) => {
                    self.pos += n;
                    v
                }
                // eight groups with the continuation bit: the ninth byte
                // is taken whole
                Err(v) => {
                    self.pos += 9;
                    v | (ninth as u64) << 56
                }
            });
        }
        self.read_varuint64_bytewise()
    }

    /// [`read_varuint64_long`](Self::read_varuint64_long) within 8 bytes
    /// of the end of the input (a message that ends with a number), or
    /// truncated: the bytes left, zero-padded to a word, decode as the
    /// window does, and the number must end within them.
    #[inline(never)]
    fn read_varuint64_bytewise(&mut self) -> Result<u64> {
        let rest = self.data.get(self.pos..).unwrap_or_default();
        debug_assert!(rest.len() < 9, "the 9-byte window read this number");
        let have = rest.len().min(8);
        // the bytes as a little-endian word from two overlapping loads (the
        // overlap ORs equal bytes), or three single bytes below four
        let word = if have >= 4 {
            let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as u64;
            let t = &rest[have - 4..have];
            let hi = u32::from_le_bytes([t[0], t[1], t[2], t[3]]) as u64;
            lo | hi << (8 * (have - 4))
        } else if have > 0 {
            let mid = have / 2;
            rest[0] as u64
                | (rest[mid] as u64) << (8 * mid)
                | (rest[have - 1] as u64) << (8 * (have - 1))
        } else {
            0
        };
        // a zero pad byte ends a number that the input does not
        match packed_groups(word) {
            Ok((v, n)) if n <= have => {
                self.pos += n;
                Ok(v)
            }
            _ => Err(self.eof(have + 1)),
        }
    }

    /// Fory's tagged int64 (TAGGED_INT64, pyfory's `TaggedInt64`): a value
    /// in -2^30..2^30 is four little-endian bytes holding it shifted left
    /// by one (bit 0 clear); any other is the byte 1 and then its eight.
    pub fn read_tagged_int64(&mut self) -> Result<i64> {
        match self.read_tagged()? {
            Ok(small) => Ok((small as i32 >> 1) as i64),
            Err(wide) => Ok(wide as i64),
        }
    }

    /// Fory's tagged uint64 (TAGGED_UINT64): as
    /// [`read_tagged_int64`](Self::read_tagged_int64), the short form
    /// holding values below 2^31.
    pub fn read_tagged_uint64(&mut self) -> Result<u64> {
        match self.read_tagged()? {
            Ok(small) => Ok((small >> 1) as u64),
            Err(wide) => Ok(wide),
        }
    }

    /// The four bytes of a tagged number's short form, or the eight of its
    /// long one (after its tag byte).
    fn read_tagged(&mut self) -> Result<std::result::Result<u32, u64>> {
        let at = self.pos;
        match self.peek_u8()? {
            b if b & 1 == 0 => Ok(Ok(self.read_u32()?)),
            1 => {
                self.pos += 1;
                match self.read_u64() {
                    Ok(v) => Ok(Err(v)),
                    Err(e) => {
                        self.pos = at;
                        Err(e)
                    }
                }
            }
            b => Err(Error::invalid(format!(
                "invalid tagged integer tag {b:#04x} at byte {at}"
            ))),
        }
    }

    /// Zigzag varint64.
    #[inline]
    pub fn read_varint64(&mut self) -> Result<i64> {
        let v = self.read_varuint64()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    /// Reads a varuint32 length and checks that at least `len * min_item`
    /// bytes remain, so a hostile length cannot drive an allocation.
    #[inline]
    pub fn read_len(&mut self, min_item: usize, what: &str) -> Result<usize> {
        let at = self.pos;
        let len = self.read_varuint32()? as usize;
        let need = len.saturating_mul(min_item);
        if need > self.remaining() {
            return Err(Error::invalid(format!(
                "{what} length {len} at byte {at} is larger than the {} bytes left in the input",
                self.remaining()
            )));
        }
        Ok(len)
    }
}

/// The 7-bit groups of `bytes` up to and including the first byte without
/// the continuation bit: the value and the bytes it took, or `Err` with
/// the value of all of them when every byte continues. (With a constant
/// length the loop unrolls.)
#[inline(always)]
fn leading_groups(bytes: &[u8]) -> std::result::Result<(u64, usize), u64> {
    let mut v = 0u64;
    for (i, &byte) in bytes.iter().enumerate() {
        v |= ((byte & 0x7f) as u64) << (7 * i);
        if byte < 0x80 {
            return Ok((v, i + 1));
        }
    }
    Err(v)
}

/// [`leading_groups`] of eight bytes read as one little-endian word,
/// without a branch per byte: the first byte without the continuation bit
/// is found by its bit, the bytes after it are masked off, and the 7-bit
/// groups are packed in three steps of shifts (pairs, quads, the two
/// halves). A varint's length varies from one number to the next in real
/// data, and a branch per byte mispredicts on most of them.
#[inline(always)]
fn packed_groups(word: u64) -> std::result::Result<(u64, usize), u64> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ends = !word & HIGH;
    // the bits up to and including the first end bit; every bit when no
    // byte ends the number
    let upto = ends ^ ends.wrapping_sub(1);
    let x = word & upto & !HIGH;
    let x = (x & 0x007f_007f_007f_007f) | (x & 0x7f00_7f00_7f00_7f00) >> 1;
    let x = (x & 0x0000_3fff_0000_3fff) | (x & 0x3fff_0000_3fff_0000) >> 2;
    let x = (x & 0x0000_0000_0fff_ffff) | (x & 0x0fff_ffff_0000_0000) >> 4;
    if ends == 0 {
        Err(x)
    } else {
        // the end bit is bit 7 of the last byte
        Ok((x, (ends.trailing_zeros() as usize + 1) / 8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::Writer;

    /// Values around every group boundary, and a spread in between.
    fn samples() -> Vec<u64> {
        let mut v = vec![0, 1, u64::MAX, u64::MAX - 1];
        for bits in 1..64 {
            let b = 1u64 << bits;
            v.extend([b - 1, b, b + 1]);
        }
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v.push(x >> (x % 64));
        }
        v
    }

    #[test]
    fn packed_groups_agrees_with_the_byte_loop_on_any_word() {
        // every position of the first end byte (and none), under payloads
        // of all ones, all zeros and noise, with junk after the end
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for round in 0..4000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let payload = match round % 3 {
                0 => u64::MAX,
                1 => 0,
                _ => x,
            };
            for end in 0..=8 {
                // continuation bits on every byte before `end`, off at `end`
                let mut bytes = payload.to_le_bytes();
                for (i, b) in bytes.iter_mut().enumerate() {
                    if i < end {
                        *b |= 0x80;
                    } else if i == end {
                        *b &= 0x7f;
                    }
                }
                let word = u64::from_le_bytes(bytes);
                assert_eq!(packed_groups(word), leading_groups(&bytes), "{word:#018x}");
            }
        }
    }

    #[test]
    fn short_len_takes_what_read_len_takes_and_nothing_else() {
        for len in [0u32, 1, 5, 127, 128, 300, (1 << 14) - 1, 1 << 14, 1 << 20] {
            let mut w = Writer::new();
            w.write_varuint32(len);
            let header = w.len();
            for min_item in [0usize, 1, 4] {
                for tail in [
                    0usize,
                    1,
                    len as usize * min_item,
                    len as usize * min_item + 3,
                ] {
                    for max in [len as usize, (len as usize).saturating_sub(1), usize::MAX] {
                        let mut data = w.clone().into_inner();
                        data.resize(header + tail, 0);
                        let mut short = Reader::new(&data);
                        let got = short.short_len(min_item, max);
                        let mut full = Reader::new(&data);
                        let want = full
                            .read_len(min_item, "list")
                            .ok()
                            .filter(|&n| n <= max && header <= 2);
                        assert_eq!(
                            got, want,
                            "len {len}, min {min_item}, tail {tail}, max {max}"
                        );
                        // consumed the header when it took the length, else nothing
                        let expect_pos = if got.is_some() { header } else { 0 };
                        assert_eq!(short.position(), expect_pos);
                    }
                }
            }
        }
        // a cut-short header: nothing taken
        assert_eq!(Reader::new(&[0x80]).short_len(1, usize::MAX), None);
        assert_eq!(Reader::new(&[]).short_len(1, usize::MAX), None);
    }

    #[test]
    fn varints_decode_at_every_length_with_and_without_a_tail() {
        for v in samples() {
            let mut w = Writer::new();
            w.write_varuint64(v);
            let enc = w.into_inner();
            // with trailing bytes (the window path) and without
            // (bytewise), at every length of tail
            for pad in (0usize..=10).chain([16]) {
                let mut data = enc.clone();
                data.extend(std::iter::repeat_n(0xffu8, pad));
                let mut r = Reader::new(&data);
                assert_eq!(r.read_varuint64().unwrap(), v, "{v} pad {pad}");
                assert_eq!(r.position(), enc.len());
                // the header read (two bytes in line) agrees at every length
                let mut r = Reader::new(&data);
                assert_eq!(r.read_varuint64_short().unwrap(), v, "{v} pad {pad}");
                assert_eq!(r.position(), enc.len());
            }
            if let Ok(v32) = u32::try_from(v) {
                let mut w = Writer::new();
                w.write_varuint32(v32);
                let enc = w.into_inner();
                for pad in 0usize..=8 {
                    let mut data = enc.clone();
                    data.extend(std::iter::repeat_n(0x80u8, pad));
                    let mut r = Reader::new(&data);
                    assert_eq!(r.read_varuint32().unwrap(), v32, "{v32} pad {pad}");
                    assert_eq!(r.position(), enc.len());
                }
            }
        }
    }

    /// Every value through each method of both writers, in one long run
    /// on one cursor (so it grows from an empty vector many times) after a
    /// prefix that must stay: the bytes are identical.
    #[test]
    fn the_plain_cursor_writes_what_the_writer_writes() {
        let long: Vec<u8> = (0..100_000u32).map(|i| (i * 7) as u8).collect();
        let mut plain = Writer::appending(b"head".to_vec());
        let mut reference = Writer::appending(b"head".to_vec());
        {
            let mut c = plain.plain();
            for v in samples() {
                c.write_varuint64(v);
                reference.write_varuint64(v);
                c.write_varint64(v as i64);
                reference.write_varint64(v as i64);
                c.write_varuint32(v as u32);
                reference.write_varuint32(v as u32);
                c.write_varint32(v as i32);
                reference.write_varint32(v as i32);
                c.write_u8(v as u8);
                reference.write_u8(v as u8);
                c.write_i8(v as i8);
                reference.write_i8(v as i8);
                c.write_bool(v & 1 == 1);
                reference.write_bool(v & 1 == 1);
                c.write_u16(v as u16);
                reference.write_u16(v as u16);
                c.write_i16(v as i16);
                reference.write_i16(v as i16);
                c.write_f32(f32::from_bits(v as u32));
                reference.write_f32(f32::from_bits(v as u32));
                c.write_f64(f64::from_bits(v));
                reference.write_f64(f64::from_bits(v));
                // a header of every length and up to 40 bytes after it
                let bytes = &long[..(v % 41) as usize];
                c.write_header_and_bytes(v, bytes);
                reference.write_varuint64(v);
                reference.write_bytes(bytes);
            }
            // a copy far larger than the capacity at hand
            c.write_header_and_bytes(u64::MAX, &long);
            reference.write_varuint64(u64::MAX);
            reference.write_bytes(&long);
        }
        assert_eq!(plain.as_slice(), reference.as_slice());
        // a cursor made and dropped without writing changes nothing, and
        // the writer goes on after a cursor
        let before = plain.len();
        drop(plain.plain());
        assert_eq!(plain.len(), before);
        plain.write_u8(7);
        assert_eq!(plain.as_slice().last(), Some(&7));
        // from an empty, unallocated writer: one byte, then the nine-byte
        // varuint64
        let mut w = Writer::new();
        {
            let mut c = w.plain();
            c.write_u8(1);
            c.write_varuint64(u64::MAX);
        }
        let mut r = Reader::new(w.as_slice());
        assert_eq!(r.read_u8().unwrap(), 1);
        assert_eq!(r.read_varuint64().unwrap(), u64::MAX);
        assert_eq!(r.remaining(), 0);
    }

    /// The in-line short copy writes exactly the `n` bytes asked for, at
    /// every length and source alignment, and nothing past them.
    #[test]
    #[allow(unsafe_code)]
    fn short_copies_are_exact_at_every_length() {
        let pool: Vec<u8> = (0..200u32).map(|i| (i * 7 + 1) as u8).collect();
        for n in 0..=130 {
            for offset in 0..4 {
                let src = &pool[offset..offset + n];
                let mut dst = vec![0xAAu8; n + 40];
                // SAFETY: `src` has `n` readable bytes; `dst` (a separate
                // vector) has `n + 40` writable ones.
                unsafe {
                    crate::io::copy_short_checking::<false>(
                        src.as_ptr(),
                        dst.as_mut_ptr(),
                        n,
                        crate::io::LongCheck::Skip,
                    )
                };
                assert_eq!(&dst[..n], src, "n {n} offset {offset}");
                assert!(
                    dst[n..].iter().all(|&b| b == 0xAA),
                    "n {n}: wrote past the end"
                );
            }
            // through the cursor: header then bytes, after a prefix
            let src = &pool[1..1 + n];
            let mut w = Writer::new();
            w.write_u8(9);
            w.write_header_and_bytes((n as u64) << 2, src);
            let mut expect = Writer::new();
            expect.write_u8(9);
            expect.write_varuint64((n as u64) << 2);
            expect.write_bytes(src);
            assert_eq!(w.into_inner(), expect.into_inner(), "n {n}");
        }
    }

    /// The checking copy copies as the unchecked one does and tells ASCII
    /// from non-ASCII exactly, wherever the one high byte is; the cursor's
    /// checked write and its rewind leave the output as it was.
    #[test]
    #[allow(unsafe_code)]
    fn checked_copies_are_exact_and_find_every_high_byte() {
        let pool: Vec<u8> = (0..200u32).map(|i| (i * 7 + 1) as u8 & 0x7f).collect();
        for n in 0..=130 {
            for offset in 0..4 {
                let clean = pool[offset..offset + n].to_vec();
                // none, then a high byte at every position
                for high in std::iter::once(None).chain((0..n).map(Some)) {
                    let mut src = clean.clone();
                    if let Some(at) = high {
                        src[at] |= 0x80;
                    }
                    let mut dst = vec![0xAAu8; n + 40];
                    // SAFETY: `src` has `n` readable bytes; `dst` (a
                    // separate vector) has `n + 40` writable ones.
                    let ascii = unsafe {
                        crate::io::writer::copy_short_checking::<true>(
                            src.as_ptr(),
                            dst.as_mut_ptr(),
                            n,
                            crate::io::LongCheck::AfterCopy,
                        )
                    };
                    assert_eq!(ascii, high.is_none(), "n {n} offset {offset} high {high:?}");
                    assert_eq!(&dst[..n], &src[..], "n {n} offset {offset}");
                    assert!(
                        dst[n..].iter().all(|&b| b == 0xAA),
                        "n {n}: wrote past the end"
                    );
                }
            }
            // through an xlang cursor: ASCII kept, non-ASCII taken back
            let mut w = Writer::new();
            w.write_u8(9);
            let mut c = w.plain_for(true);
            let (ascii, start) = c.write_header_and_checked((n as u64) << 2, &pool[..n]);
            assert!(ascii);
            assert_eq!(start, 1);
            let mut high = pool[..n].to_vec();
            if n > 0 {
                high[n / 2] = 0xc3;
                let (ascii, start) = c.write_header_and_checked(1, &high);
                assert!(!ascii);
                c.rewind(start);
            }
            drop(c);
            // a native cursor checks only what the copy's loads see (up to
            // 64 bytes); past that it reports ASCII unchecked, and copies
            // exactly all the same
            if n > 0 {
                let mut native = Writer::new();
                let (ascii, _) = native.plain().write_header_and_checked(1, &high);
                assert_eq!(ascii, n > 64, "n {n}");
                assert_eq!(&native.as_slice()[native.len() - n..], &high[..], "n {n}");
            }
            let mut expect = Writer::new();
            expect.write_u8(9);
            expect.write_varuint64((n as u64) << 2);
            expect.write_bytes(&pool[..n]);
            assert_eq!(w.into_inner(), expect.into_inner(), "n {n}");
        }
    }

    #[test]
    fn the_plain_cursor_grows_at_every_capacity_boundary() {
        // every starting capacity around HEADROOM and every fill level of
        // it: the widest writes (a nine-byte varuint64, an f64, a header
        // with bytes) land exactly where the Writer puts them, whether the
        // room check grows the buffer or not (memcheck sees any store past
        // the capacity)
        let bytes: Vec<u8> = (0..40u8).collect();
        for cap in 0..48usize {
            for len in 0..=cap {
                for n in [0usize, 1, 7, 8, 9, 15, 16, 17, 24, 40] {
                    let mut start = Vec::with_capacity(cap);
                    start.resize(len, 0xAB);
                    let mut plain = Writer::appending(start.clone());
                    let mut reference = Writer::appending(start);
                    {
                        let mut c = plain.plain();
                        c.write_varuint64(u64::MAX);
                        c.write_header_and_bytes(n as u64, &bytes[..n]);
                        c.write_f64(1.5);
                        c.write_header_and_bytes(u64::MAX, &bytes[..n]);
                    }
                    reference.write_varuint64(u64::MAX);
                    reference.write_varuint64(n as u64);
                    reference.write_bytes(&bytes[..n]);
                    reference.write_f64(1.5);
                    reference.write_varuint64(u64::MAX);
                    reference.write_bytes(&bytes[..n]);
                    assert_eq!(
                        plain.as_slice(),
                        reference.as_slice(),
                        "cap {cap} len {len} n {n}"
                    );
                }
            }
        }
    }

    /// Every bounded write of the fixed cursor, of `v`, each made on the
    /// reference writer `w` too.
    fn fixed_writes(c: &mut crate::io::FixedWriter<'_, '_>, w: &mut Writer, v: u64) {
        c.write_varuint64(v);
        w.write_varuint64(v);
        c.write_varint32(v as i32);
        w.write_varint32(v as i32);
        c.write_f64(f64::from_bits(v));
        w.write_f64(f64::from_bits(v));
        c.write_bool(v & 1 == 1);
        w.write_bool(v & 1 == 1);
        c.write_i16(v as i16);
        w.write_i16(v as i16);
        c.write_u8(v as u8);
        w.write_u8(v as u8);
        c.write_i8(v as i8);
        w.write_i8(v as i8);
        c.write_u16(v as u16);
        w.write_u16(v as u16);
        c.write_i32(v as i32);
        w.write_i32(v as i32);
        c.write_f32(f32::from_bits(v as u32));
        w.write_f32(f32::from_bits(v as u32));
        c.write_varint64(v as i64);
        w.write_varint64(v as i64);
        c.write_varuint32(v as u32);
        w.write_varuint32(v as u32);
    }

    /// The most bytes one [`fixed_writes`] takes.
    const FIXED_WRITES_MAX: usize = 9 + 5 + 8 + 1 + 2 + 1 + 1 + 2 + 4 + 4 + 9 + 5;

    /// The fixed cursor writes the bytes the writer writes with any
    /// reservation (none, too small, exact, larger), at every starting
    /// capacity and fill around HEADROOM, and the plain cursor goes on
    /// after it; a string written through it in the middle gives up the
    /// room (the writes after it stay in bounds: memcheck runs this).
    #[test]
    fn the_fixed_cursor_writes_what_the_writer_writes_at_any_reservation() {
        let bytes: Vec<u8> = (0..40u8).collect();
        for cap in 0..40usize {
            for len in (0..=cap).step_by(3) {
                for reserve in [0usize, 1, 8, 9, 30, FIXED_WRITES_MAX, FIXED_WRITES_MAX + 7] {
                    for v in [0u64, 127, 300, u64::MAX, 1 << 40] {
                        let mut start = Vec::with_capacity(cap);
                        start.resize(len, 0xAB);
                        let mut fixed = Writer::appending(start.clone());
                        let mut reference = Writer::appending(start);
                        {
                            let mut run = fixed.plain();
                            {
                                let mut c = run.fixed(reserve);
                                fixed_writes(&mut c, &mut reference, v);
                                // a string through the cursor mid-run,
                                // then more bounded writes
                                c.plain()
                                    .write_header_and_bytes(v, &bytes[..(v % 41) as usize]);
                                reference.write_varuint64(v);
                                reference.write_bytes(&bytes[..(v % 41) as usize]);
                                fixed_writes(&mut c, &mut reference, !v);
                            }
                            run.write_varuint64(v);
                            reference.write_varuint64(v);
                        }
                        assert_eq!(
                            fixed.as_slice(),
                            reference.as_slice(),
                            "cap {cap} len {len} reserve {reserve} v {v}"
                        );
                    }
                }
            }
        }
        // a reservation far past any write made: nothing is written for it
        let mut w = Writer::new();
        {
            let mut run = w.plain();
            let mut c = run.fixed(1 << 16);
            c.write_u8(5);
        }
        assert_eq!(w.as_slice(), &[5]);
        // the room is bounded: a figure near usize::MAX neither overflows
        // nor allocates by it, and the writes past the bound are checked
        let cap = w.into_inner().capacity();
        assert!(
            cap > crate::io::writer::MAX_FIXED_ROOM && cap < 4096,
            "{cap}"
        );
        for huge in [usize::MAX, usize::MAX - 8, isize::MAX as usize] {
            let mut w = Writer::new();
            let mut reference = Writer::new();
            {
                let mut run = w.plain();
                let mut c = run.fixed(huge);
                for v in 0..300u64 {
                    fixed_writes(&mut c, &mut reference, v << 50);
                }
            }
            assert_eq!(w.as_slice(), reference.as_slice());
        }
    }

    /// Both varint readers against a plain byte loop, on random bytes
    /// where most bytes continue, at every offset of short inputs (so
    /// varints end in the window, near the end, past it, or overflow):
    /// same value and length, or an error that leaves the cursor.
    #[test]
    fn varint_readers_agree_with_a_byte_loop_on_any_bytes() {
        fn by_bytes(data: &[u8], wide: bool) -> Option<(u64, usize)> {
            let mut v = 0u64;
            for i in 0..if wide { 9 } else { 5 } {
                let b = *data.get(i)?;
                if wide && i == 8 {
                    return Some((v | (b as u64) << 56, 9));
                }
                v |= ((b & 0x7f) as u64) << (7 * i);
                if b < 0x80 {
                    return (wide || v <= u32::MAX as u64).then_some((v, i + 1));
                }
            }
            None
        }
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 13) as usize;
            let data: Vec<u8> = (0..len)
                .map(|i| {
                    let r = (x >> (i * 5 % 60)) as u8;
                    // mostly continuation bytes, so long varints are common
                    if r % 4 == 0 {
                        r & 0x7f
                    } else {
                        r | 0x80
                    }
                })
                .collect();
            for start in 0..=len {
                let rest = &data[start..];
                // the field read and the header read (two bytes in line)
                for short in [false, true] {
                    let mut r = Reader::new(&data);
                    r.pos = start;
                    let got = if short {
                        r.read_varuint64_short()
                    } else {
                        r.read_varuint64()
                    };
                    match (got, by_bytes(rest, true)) {
                        (Ok(v), Some((want, n))) => {
                            assert_eq!((v, r.position()), (want, start + n), "{rest:x?}")
                        }
                        (Err(_), None) => assert_eq!(r.position(), start),
                        (got, want) => panic!("{rest:x?}: {got:?} against {want:?}"),
                    }
                }
                let mut r = Reader::new(&data);
                r.pos = start;
                match (r.read_varuint32(), by_bytes(rest, false)) {
                    (Ok(v), Some((want, n))) => {
                        assert_eq!((v as u64, r.position()), (want, start + n), "{rest:x?}")
                    }
                    (Err(_), None) => assert_eq!(r.position(), start),
                    (got, want) => panic!("{rest:x?}: {got:?} against {want:?}"),
                }
            }
        }
    }

    #[test]
    fn overlong_and_truncated_varints_are_errors_and_do_not_move() {
        // a varuint32 whose fifth byte has more than 4 bits, or continues
        for bad in [
            vec![0xff, 0xff, 0xff, 0xff, 0x10, 0, 0, 0, 0],
            vec![0xff, 0xff, 0xff, 0xff, 0x8f, 0x01, 0, 0, 0],
            vec![0xff, 0xff, 0xff, 0xff, 0x10],
            vec![0xff; 9],
            vec![0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
        ] {
            let mut r = Reader::new(&bad);
            assert!(r.read_varuint32().is_err(), "{bad:x?}");
        }
        // cut short: an error, at any length, in both widths
        let mut w = Writer::new();
        w.write_varuint64(u64::MAX);
        let enc = w.into_inner();
        for cut in 0..enc.len() {
            let mut r = Reader::new(&enc[..cut]);
            assert!(r.read_varuint64().is_err());
            assert_eq!(r.position(), 0);
            let mut r = Reader::new(&enc[..cut]);
            assert!(r.read_varuint64_short().is_err());
            assert_eq!(r.position(), 0);
        }
        let mut w = Writer::new();
        w.write_varuint32(u32::MAX);
        let enc = w.into_inner();
        for cut in 0..enc.len() {
            let mut r = Reader::new(&enc[..cut]);
            assert!(r.read_varuint32().is_err());
            assert_eq!(r.position(), 0);
        }
        // a two-byte value cut after its first byte (the in-line path's
        // second look falls off the end)
        for bytes in [&[0x80u8][..], &[0xff][..]] {
            let mut r = Reader::new(bytes);
            assert!(r.read_varuint32().is_err());
            assert_eq!(r.position(), 0);
            let mut r = Reader::new(bytes);
            assert!(r.read_varuint64_short().is_err());
            assert_eq!(r.position(), 0);
        }
    }
}
