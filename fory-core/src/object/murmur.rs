//! MurmurHash3 x64 128-bit, the hash the Fory spec uses for struct
//! schema fingerprints (seed 47, low 32 bits).

const C1: u64 = 0x87c3_7b91_1142_53d5;
const C2: u64 = 0x4cf5_ad43_2745_937f;

#[inline]
fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[inline]
fn mix_k1(k: u64) -> u64 {
    k.wrapping_mul(C1).rotate_left(31).wrapping_mul(C2)
}

#[inline]
fn mix_k2(k: u64) -> u64 {
    k.wrapping_mul(C2).rotate_left(33).wrapping_mul(C1)
}

/// The two 64-bit halves of the 128-bit hash of `data`.
pub(crate) fn murmur3_x64_128(data: &[u8], seed: u64) -> (u64, u64) {
    let (mut h1, mut h2) = (seed, seed);
    let mut blocks = data.chunks_exact(16);
    for b in &mut blocks {
        let k1 = u64::from_le_bytes(b[..8].try_into().expect("8 bytes"));
        let k2 = u64::from_le_bytes(b[8..].try_into().expect("8 bytes"));
        h1 ^= mix_k1(k1);
        h1 = h1
            .rotate_left(27)
            .wrapping_add(h2)
            .wrapping_mul(5)
            .wrapping_add(0x52dc_e729);
        h2 ^= mix_k2(k2);
        h2 = h2
            .rotate_left(31)
            .wrapping_add(h1)
            .wrapping_mul(5)
            .wrapping_add(0x3849_5ab5);
    }
    let tail = blocks.remainder();
    let (mut k1, mut k2) = (0u64, 0u64);
    for (i, &b) in tail.iter().enumerate() {
        if i < 8 {
            k1 |= (b as u64) << (8 * i);
        } else {
            k2 |= (b as u64) << (8 * (i - 8));
        }
    }
    if tail.len() > 8 {
        h2 ^= mix_k2(k2);
    }
    if !tail.is_empty() {
        h1 ^= mix_k1(k1);
    }
    let len = data.len() as u64;
    h1 ^= len;
    h2 ^= len;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    (h1, h2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprint_hash(s: &str) -> [u8; 4] {
        (murmur3_x64_128(s.as_bytes(), 47).0 as u32).to_le_bytes()
    }

    #[test]
    fn matches_pyfory_struct_hashes() {
        // pyfory 1.7.7: dataclass Point(x: Int32, y: Int32) hashes to 68 60 8b 24
        assert_eq!(
            fingerprint_hash("x,5,0,0;y,5,0,0;"),
            [0x68, 0x60, 0x8b, 0x24]
        );
        assert_eq!(fingerprint_hash("v,5,0,0;"), [0x11, 0xa2, 0x37, 0x5b]);
        // 97 bytes: full blocks plus a tail longer than 8
        assert_eq!(
            fingerprint_hash("blob,41,0,0;inner,0,0,0;items,22,0,0[0,0,0];maybe,0,0,1;n,5,0,1;names,24,0,0[21,0,0|5,0,0];"),
            [0x75, 0x3b, 0xfe, 0x27]
        );
    }
}
