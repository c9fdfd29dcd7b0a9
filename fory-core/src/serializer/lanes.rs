//! Sixteen bytes at a time for the xlang string transcoders
//! (`string.rs`): the passes that size a transcoded string and the block
//! moves between them. SSE2 registers on x86-64, where SSE2 is in the
//! baseline (no `pshufb`, which is SSSE3); plain Rust words elsewhere.
//! Both forms are compiled on x86-64, and the tests hold them to the same
//! answers.
//!
//! Each block move stores all sixteen (or 32) bytes and returns a mask
//! with bit `k` set when input `k` is not ASCII. The caller keeps the
//! bytes before the first set bit and stores over the rest.

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
use sse2::scan;
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
pub(super) use sse2::{copy16, narrow16, utf8_len_of_utf16, widen16};

#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
use portable::scan;
#[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
pub(super) use portable::{copy16, narrow16, utf8_len_of_utf16, widen16};

/// The largest byte of UTF-8 `bytes` and its number of chars (the bytes
/// that are not continuations, `10xxxxxx`: as `i8`, -128..=-65), in one
/// pass.
pub(super) fn scan_utf8(bytes: &[u8]) -> (u8, usize) {
    scan(bytes, -65)
}

/// How many bytes of `bytes` are ASCII.
pub(super) fn count_ascii(bytes: &[u8]) -> usize {
    scan(bytes, -1).1
}

/// How many bytes of UTF-8 a UTF-16 unit makes: a surrogate counts 2, so
/// a pair counts the 4 of its char.
#[inline(always)]
fn unit_utf8_len(unit: u16) -> usize {
    match unit {
        0..=0x7f => 1,
        0x80..=0x7ff | 0xd800..=0xdfff => 2,
        _ => 3,
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
#[allow(unsafe_code)]
mod sse2 {
    // Every intrinsic below needs SSE2, which this module's cfg enables;
    // those that touch memory are the unaligned loads and stores, each
    // given a pointer to an array of at least 16 bytes, borrowed for the
    // call. Each `unsafe` block says which it is.
    use std::arch::x86_64::{
        __m128i, _mm_add_epi16, _mm_add_epi64, _mm_and_si128, _mm_cmpeq_epi16, _mm_cmpgt_epi8,
        _mm_cvtsi128_si32, _mm_cvtsi128_si64, _mm_loadu_si128, _mm_madd_epi16, _mm_max_epu8,
        _mm_movemask_epi8, _mm_packs_epi16, _mm_packus_epi16, _mm_sad_epu8, _mm_set1_epi16,
        _mm_set1_epi8, _mm_setzero_si128, _mm_srli_si128, _mm_storeu_si128, _mm_sub_epi8,
        _mm_unpackhi_epi8, _mm_unpacklo_epi8,
    };

    #[inline(always)]
    fn load(src: &[u8; 16]) -> __m128i {
        // SAFETY: `src` is 16 readable bytes; `loadu` takes any alignment.
        unsafe { _mm_loadu_si128(src.as_ptr().cast()) }
    }

    #[inline(always)]
    fn store(dst: &mut [u8; 16], v: __m128i) {
        // SAFETY: `dst` is 16 writable bytes; `storeu` takes any alignment.
        unsafe { _mm_storeu_si128(dst.as_mut_ptr().cast(), v) }
    }

    /// The sum of the four `i32` lanes of `v`.
    #[inline(always)]
    fn sum_i32(v: __m128i) -> i64 {
        let mut lanes = [0u8; 16];
        store(&mut lanes, v);
        lanes
            .chunks_exact(4)
            .map(|c| i64::from(i32::from_le_bytes([c[0], c[1], c[2], c[3]])))
            .sum()
    }

    /// The largest byte of `bytes` and how many of its bytes, as `i8`,
    /// are greater than `above`, in one pass.
    #[inline]
    pub(super) fn scan(bytes: &[u8], above: i8) -> (u8, usize) {
        let mut chunks = bytes.chunks_exact(16);
        let mut count = 0usize;
        // SAFETY: registers only (SSE2, enabled by the module's cfg).
        let (mut top, threshold) = unsafe { (_mm_setzero_si128(), _mm_set1_epi8(above)) };
        // a lane counts up to 255 blocks before it is added up
        while chunks.len() > 0 {
            // SAFETY: registers only (SSE2, enabled by the module's cfg).
            let mut counts = unsafe { _mm_setzero_si128() };
            for c in chunks.by_ref().take(255) {
                let v = load(c.try_into().expect("16 bytes"));
                // SAFETY: registers only (SSE2, enabled by the module's cfg).
                unsafe {
                    top = _mm_max_epu8(top, v);
                    // a lane of all ones is -1: subtracting it counts one
                    counts = _mm_sub_epi8(counts, _mm_cmpgt_epi8(v, threshold));
                }
            }
            // SAFETY: registers only (SSE2, enabled by the module's cfg).
            let sums = unsafe {
                let s = _mm_sad_epu8(counts, _mm_setzero_si128());
                _mm_cvtsi128_si64(_mm_add_epi64(s, _mm_srli_si128::<8>(s)))
            };
            count += sums as usize;
        }
        // the last bytes: the input's last sixteen (which overlap bytes
        // counted already), or a block padded with zeros (each of which
        // is counted, and taken off)
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let (block, skip) = match bytes.last_chunk::<16>() {
                Some(last) => (*last, 16 - rest.len()),
                None => {
                    let mut padded = [0u8; 16];
                    padded[..rest.len()].copy_from_slice(rest);
                    (padded, 0)
                }
            };
            let v = load(&block);
            // SAFETY: registers only (SSE2, enabled by the module's cfg).
            let over = unsafe {
                top = _mm_max_epu8(top, v);
                _mm_movemask_epi8(_mm_cmpgt_epi8(v, threshold)) as u32
            };
            count += (over >> skip).count_ones() as usize - (16 - rest.len() - skip);
        }
        // the largest of the sixteen lanes: halves folded onto halves
        // SAFETY: registers only (SSE2, enabled by the module's cfg).
        let top = unsafe {
            let t = _mm_max_epu8(top, _mm_srli_si128::<8>(top));
            let t = _mm_max_epu8(t, _mm_srli_si128::<4>(t));
            let t = _mm_max_epu8(t, _mm_srli_si128::<2>(t));
            let t = _mm_max_epu8(t, _mm_srli_si128::<1>(t));
            _mm_cvtsi128_si32(t) as u8
        };
        (top, count)
    }

    /// How many bytes of UTF-8 the UTF-16 `units` make: 1 for a unit
    /// below 0x80, 2 below 0x800 and for each surrogate (a pair makes 4),
    /// 3 for the rest. A unit's count is 3 less one for each of: below
    /// 0x80, below 0x800, a surrogate; the three tests leave -1 in a lane.
    pub(in crate::serializer) fn utf8_len_of_utf16(units: &[[u8; 2]]) -> usize {
        let mut blocks = units.chunks_exact(8);
        let mut total = 3 * units.len() as i64;
        // SAFETY: registers only (SSE2, enabled by the module's cfg).
        let (zero, ones, ascii_bits, two_bits, surrogates) = unsafe {
            (
                _mm_setzero_si128(),
                _mm_set1_epi16(1),
                _mm_set1_epi16(0xff80u16 as i16),
                _mm_set1_epi16(0xf800u16 as i16),
                _mm_set1_epi16(0xd800u16 as i16),
            )
        };
        // a lane falls by at most 3 a block: 8,192 blocks stay in an i16
        while blocks.len() > 0 {
            let mut acc = zero;
            for b in blocks.by_ref().take(8192) {
                let b: &[[u8; 2]; 8] = b.try_into().expect("8 units");
                let v = load(b.as_flattened().try_into().expect("16 bytes"));
                // SAFETY: registers only (SSE2, enabled by the module's cfg).
                unsafe {
                    let below_80 = _mm_cmpeq_epi16(_mm_and_si128(v, ascii_bits), zero);
                    let top5 = _mm_and_si128(v, two_bits);
                    let below_800 = _mm_cmpeq_epi16(top5, zero);
                    let surrogate = _mm_cmpeq_epi16(top5, surrogates);
                    acc = _mm_add_epi16(acc, _mm_add_epi16(below_80, below_800));
                    acc = _mm_add_epi16(acc, surrogate);
                }
            }
            // SAFETY: registers only (SSE2, enabled by the module's cfg).
            total += sum_i32(unsafe { _mm_madd_epi16(acc, ones) });
        }
        let rest: i64 = blocks
            .remainder()
            .iter()
            .map(|&u| super::unit_utf8_len(u16::from_le_bytes(u)) as i64 - 3)
            .sum();
        (total + rest) as usize
    }

    /// Copies `src` to `dst`; the mask of its bytes of 0x80 or more.
    #[inline(always)]
    pub(in crate::serializer) fn copy16(src: &[u8; 16], dst: &mut [u8; 16]) -> u32 {
        let v = load(src);
        store(dst, v);
        // SAFETY: registers only (SSE2, enabled by the module's cfg).
        unsafe { _mm_movemask_epi8(v) as u32 }
    }

    /// Stores each byte of `src` as a little-endian `u16` in `dst` (ASCII
    /// as UTF-16); the mask of its bytes of 0x80 or more.
    #[inline(always)]
    pub(in crate::serializer) fn widen16(src: &[u8; 16], dst: &mut [u8; 32]) -> u32 {
        let v = load(src);
        let (lo, hi) = dst.split_at_mut(16);
        // SAFETY: registers only (SSE2, enabled by the module's cfg).
        let (l, h, mask) = unsafe {
            let zero = _mm_setzero_si128();
            (
                _mm_unpacklo_epi8(v, zero),
                _mm_unpackhi_epi8(v, zero),
                _mm_movemask_epi8(v) as u32,
            )
        };
        store(lo.try_into().expect("16 bytes"), l);
        store(hi.try_into().expect("16 bytes"), h);
        mask
    }

    /// Stores the low byte of each of the sixteen little-endian units of
    /// `src` in `dst` (ASCII units as UTF-8); the mask of its units of
    /// 0x80 or more.
    #[inline(always)]
    pub(in crate::serializer) fn narrow16(src: &[[u8; 2]; 16], dst: &mut [u8; 16]) -> u32 {
        let (a, b) = src.as_flattened().split_at(16);
        let a = load(a.try_into().expect("16 bytes"));
        let b = load(b.try_into().expect("16 bytes"));
        // SAFETY: registers only (SSE2, enabled by the module's cfg).
        let (low, ascii) = unsafe {
            let zero = _mm_setzero_si128();
            let high_bits = _mm_set1_epi16(0xff80u16 as i16);
            // all ones in the lanes below 0x80; narrowed with sign
            // saturation they stay all ones (one bit per unit)
            let ascii_a = _mm_cmpeq_epi16(_mm_and_si128(a, high_bits), zero);
            let ascii_b = _mm_cmpeq_epi16(_mm_and_si128(b, high_bits), zero);
            (
                // unsigned saturation keeps a unit below 0x80 as it is
                _mm_packus_epi16(a, b),
                _mm_movemask_epi8(_mm_packs_epi16(ascii_a, ascii_b)) as u32,
            )
        };
        store(dst, low);
        !ascii & 0xffff
    }
}

// compiled everywhere, so that its tests run on x86-64 too
#[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
mod portable {
    const HIGH: u64 = 0x8080_8080_8080_8080;

    /// Bit `k` set when byte `k` of the little-endian `w` is 0x80 or more:
    /// the high bits shifted to the bottom of each byte, then gathered
    /// into the top byte by one multiply (no two partial products meet).
    #[inline(always)]
    fn mask8(w: u64) -> u32 {
        (((w & HIGH) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
    }

    #[inline(always)]
    fn words(src: &[u8; 16]) -> (u64, u64) {
        let (a, b) = src.split_at(8);
        (
            u64::from_le_bytes(a.try_into().expect("8 bytes")),
            u64::from_le_bytes(b.try_into().expect("8 bytes")),
        )
    }

    /// See the SSE2 form.
    pub(super) fn scan(bytes: &[u8], above: i8) -> (u8, usize) {
        let top = bytes.iter().copied().max().unwrap_or(0);
        let count = bytes.iter().filter(|&&b| b as i8 > above).count();
        (top, count)
    }

    /// See the SSE2 form.
    pub(in crate::serializer) fn utf8_len_of_utf16(units: &[[u8; 2]]) -> usize {
        units
            .iter()
            .map(|&u| super::unit_utf8_len(u16::from_le_bytes(u)))
            .sum()
    }

    /// See the SSE2 form.
    #[inline(always)]
    pub(in crate::serializer) fn copy16(src: &[u8; 16], dst: &mut [u8; 16]) -> u32 {
        *dst = *src;
        let (a, b) = words(src);
        mask8(a) | mask8(b) << 8
    }

    /// The low four bytes of `x` as four 16-bit lanes.
    #[inline(always)]
    fn widen4(x: u64) -> u64 {
        let x = x & 0xffff_ffff;
        let x = (x | x << 16) & 0x0000_ffff_0000_ffff;
        (x | x << 8) & 0x00ff_00ff_00ff_00ff
    }

    /// See the SSE2 form.
    #[inline(always)]
    pub(in crate::serializer) fn widen16(src: &[u8; 16], dst: &mut [u8; 32]) -> u32 {
        let (a, b) = words(src);
        for (out, w) in dst.chunks_exact_mut(8).zip([a, a >> 32, b, b >> 32]) {
            out.copy_from_slice(&widen4(w).to_le_bytes());
        }
        mask8(a) | mask8(b) << 8
    }

    /// See the SSE2 form.
    #[inline(always)]
    pub(in crate::serializer) fn narrow16(src: &[[u8; 2]; 16], dst: &mut [u8; 16]) -> u32 {
        let mut mask = 0;
        for (k, (out, unit)) in dst.iter_mut().zip(src).enumerate() {
            *out = unit[0];
            mask |= u32::from(unit[0] >= 0x80 || unit[1] != 0) << k;
        }
        mask
    }
}

#[cfg(test)]
mod tests {
    use super::portable as p;

    /// Bytes that make every case: ASCII, continuations, each lead, the
    /// extremes.
    fn bytes(seed: u32, n: usize) -> Vec<u8> {
        const PICKS: [u8; 12] = [
            0, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xdf, 0xe0, 0xef, 0xf0, 0xff,
        ];
        let mut x = seed.wrapping_mul(2_654_435_761).max(1);
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                if x % 3 == 0 {
                    PICKS[(x >> 8) as usize % PICKS.len()]
                } else {
                    (x >> 16) as u8
                }
            })
            .collect()
    }

    #[test]
    fn scans_agree_with_plain_counts() {
        for n in (0..70).chain([255 * 16, 255 * 16 + 1, 256 * 16 + 5, 9000]) {
            for seed in 0..6 {
                let b = bytes(seed * 1000 + n as u32, n);
                let want = (
                    b.iter().copied().max().unwrap_or(0),
                    b.iter().filter(|&&x| !(0x80..0xc0).contains(&x)).count(),
                );
                assert_eq!(super::scan_utf8(&b), want, "n {n} seed {seed}");
                assert_eq!(p::scan(&b, -65), want, "n {n} seed {seed}");
                let ascii = b.iter().filter(|x| x.is_ascii()).count();
                assert_eq!(super::count_ascii(&b), ascii, "n {n} seed {seed}");
                assert_eq!(p::scan(&b, -1).1, ascii, "n {n} seed {seed}");
                let units: Vec<[u8; 2]> = b.chunks_exact(2).map(|c| [c[0], c[1]]).collect();
                let want: usize = units
                    .iter()
                    .map(|&u| match u16::from_le_bytes(u) {
                        0..=0x7f => 1,
                        0x80..=0x7ff | 0xd800..=0xdfff => 2,
                        _ => 3,
                    })
                    .sum();
                assert_eq!(super::utf8_len_of_utf16(&units), want, "n {n}");
                assert_eq!(p::utf8_len_of_utf16(&units), want, "n {n}");
            }
        }
        // long enough that the 16-bit lanes are added up more than once,
        // every unit of the widest count
        let units = vec![0xffffu16.to_le_bytes(); 8 * 8192 * 2 + 3];
        assert_eq!(super::utf8_len_of_utf16(&units), 3 * units.len());
        let units = vec![0xd800u16.to_le_bytes(); 8 * 8192 + 9];
        assert_eq!(super::utf8_len_of_utf16(&units), 2 * units.len());
    }

    #[test]
    fn block_moves_agree_with_plain_loops() {
        for seed in 0..400 {
            let b = bytes(seed, 32);
            // an ASCII block with a high byte at one place, or none
            let mut src: [u8; 16] = std::array::from_fn(|k| b[k] & 0x7f);
            if seed % 17 != 0 {
                src[seed as usize % 16] |= 0x80;
            }
            let src = if seed % 3 == 0 {
                b[..16].try_into().unwrap()
            } else {
                src
            };
            let mask: u32 = (0..16).map(|k| u32::from(src[k] >= 0x80) << k).sum();

            let (mut d1, mut d2) = ([0u8; 16], [0u8; 16]);
            assert_eq!(super::copy16(&src, &mut d1), mask);
            assert_eq!(p::copy16(&src, &mut d2), mask);
            assert_eq!((d1, d2), (src, src));

            let wide: [u8; 32] = std::array::from_fn(|k| if k % 2 == 0 { src[k / 2] } else { 0 });
            let (mut w1, mut w2) = ([0xaau8; 32], [0xaau8; 32]);
            assert_eq!(super::widen16(&src, &mut w1), mask);
            assert_eq!(p::widen16(&src, &mut w2), mask);
            assert_eq!((w1, w2), (wide, wide));

            // units: ASCII, or past it in the low byte, the high byte or both
            let units: [[u8; 2]; 16] = std::array::from_fn(|k| match (seed as usize + k) % 5 {
                0 | 1 => [b[k] & 0x7f, 0],
                2 => [b[k], 0],
                3 => [b[k] & 0x7f, b[k + 16] | 1],
                _ => [b[k], b[k + 16]],
            });
            let mask: u32 = (0..16)
                .map(|k| u32::from(u16::from_le_bytes(units[k]) >= 0x80) << k)
                .sum();
            let (mut n1, mut n2) = ([0u8; 16], [0u8; 16]);
            assert_eq!(super::narrow16(&units, &mut n1), mask, "seed {seed}");
            assert_eq!(p::narrow16(&units, &mut n2), mask, "seed {seed}");
            for k in (0..16).filter(|&k| mask >> k & 1 == 0) {
                assert_eq!((n1[k], n2[k]), (units[k][0], units[k][0]));
            }
        }
    }
}
