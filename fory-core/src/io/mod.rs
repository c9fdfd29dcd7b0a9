//! The byte level: a growable little-endian [`Writer`] and a bounds-checked
//! [`Reader`], with Fory's variable-length integer encodings.
//!
//! | encoding | bytes | used for |
//! |---|---|---|
//! | varuint32 | 1–5, LEB128 | lengths, counts, ids |
//! | varint32 | 1–5, zigzag + LEB128 | `i32` |
//! | varuint64 | 1–9: eight 7-bit groups, then one full 8-bit byte | `u64`, string headers |
//! | varint64 | 1–9, zigzag + varuint64 | `i64` |

mod reader;
mod writer;

pub use reader::{FixedReader, Reader};
pub(crate) use writer::HEADROOM;
pub(crate) use writer::{copy_short_checking, pack_varuint32, LongCheck};
pub use writer::{FixedWriter, PlainWriter, Writer};

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip_u64(v: u64) -> Vec<u8> {
        let mut w = Writer::new();
        w.write_varuint64(v);
        let bytes = w.into_inner();
        let mut r = Reader::new(&bytes);
        assert_eq!(r.read_varuint64().unwrap(), v);
        assert_eq!(r.remaining(), 0);
        bytes
    }

    #[test]
    fn varuint64_matches_pyfory() {
        assert_eq!(roundtrip_u64(0), vec![0]);
        assert_eq!(roundtrip_u64(127), vec![0x7f]);
        assert_eq!(roundtrip_u64(128), vec![0x80, 0x01]);
        assert_eq!(roundtrip_u64(u64::MAX), vec![0xff; 9]);
        assert_eq!(roundtrip_u64((1 << 56) - 1).len(), 8);
        assert_eq!(roundtrip_u64(1 << 56).len(), 9);
        for shift in 0..64 {
            roundtrip_u64(1u64 << shift);
            roundtrip_u64((1u64 << shift) - 1);
        }
    }

    /// LEB128 one group at a time: the plain definition the packed writer
    /// must agree with.
    fn leb128(mut v: u64, max_groups: usize) -> Vec<u8> {
        let mut out = Vec::new();
        while v >= 0x80 && out.len() < max_groups {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
        out
    }

    #[test]
    fn packed_varints_match_the_definition() {
        let mut values: Vec<u64> = vec![0, 1, 0x7f, 0x80, 0x3fff, 0x4000, u64::MAX];
        for shift in 0..64 {
            values.extend([(1u64 << shift) - 1, 1u64 << shift, (1u64 << shift) + 1]);
        }
        for v in values {
            let mut w = Writer::new();
            w.write_varuint64(v);
            assert_eq!(w.as_slice(), leb128(v, 8), "varuint64 {v:#x}");
            if let Ok(v32) = u32::try_from(v) {
                let mut w = Writer::new();
                w.write_u8(0xaa); // not at the start of the buffer
                w.write_varuint32(v32);
                assert_eq!(&w.as_slice()[1..], leb128(v, 8), "varuint32 {v32:#x}");
                let mut r = Reader::new(&w.as_slice()[1..]);
                assert_eq!(r.read_varuint32().unwrap(), v32);
                assert_eq!(r.remaining(), 0);
            }
        }
    }

    /// Mid-stream (bytes follow the varint) the readers decode from a
    /// fixed window; at the end of the input, byte by byte. Both agree.
    #[test]
    fn varints_read_alike_mid_stream_and_at_the_end() {
        let mut values: Vec<u64> = vec![0, 0x7f, 0x80, 0x3fff, 0x4000, u64::MAX];
        for shift in 0..64 {
            values.extend([(1u64 << shift) - 1, 1u64 << shift, (1u64 << shift) + 1]);
        }
        for v in values {
            for tail in [0usize, 1, 3, 8] {
                let mut w = Writer::new();
                w.write_varuint64(v);
                let n = w.len();
                w.write_bytes(&vec![0xaa; tail]);
                let mut r = Reader::new(w.as_slice());
                assert_eq!(
                    r.read_varuint64().unwrap(),
                    v,
                    "varuint64 {v:#x} tail {tail}"
                );
                assert_eq!(r.position(), n);
                if let Ok(v32) = u32::try_from(v) {
                    let mut w = Writer::new();
                    w.write_varuint32(v32);
                    let n = w.len();
                    w.write_bytes(&vec![0x55; tail]);
                    let mut r = Reader::new(w.as_slice());
                    assert_eq!(
                        r.read_varuint32().unwrap(),
                        v32,
                        "varuint32 {v32:#x} tail {tail}"
                    );
                    assert_eq!(r.position(), n);
                }
            }
        }
        // a fifth varuint32 byte above 0x0f overflows, with or without
        // bytes after it; a truncated varint is an end-of-input error
        for tail in [&[][..], &[0u8; 8][..]] {
            let mut bad = vec![0x80, 0x80, 0x80, 0x80, 0x10];
            bad.extend_from_slice(tail);
            let e = Reader::new(&bad).read_varuint32().unwrap_err();
            assert!(e.to_string().contains("overflows 32 bits"), "{e}");
        }
        assert!(Reader::new(&[0x80, 0x80]).read_varuint32().is_err());
        assert!(Reader::new(&[0xff, 0xff, 0xff]).read_varuint64().is_err());
    }

    #[test]
    fn varint_zigzag_matches_pyfory() {
        let mut w = Writer::new();
        w.write_varint64(-1);
        w.write_varint64(300);
        w.write_varint64(i64::MIN);
        w.write_varint64(i64::MAX);
        w.write_varint32(i32::MIN);
        let b = w.into_inner();
        let mut r = Reader::new(&b);
        assert_eq!(r.read_varint64().unwrap(), -1);
        assert_eq!(r.read_varint64().unwrap(), 300);
        assert_eq!(r.read_varint64().unwrap(), i64::MIN);
        assert_eq!(r.read_varint64().unwrap(), i64::MAX);
        assert_eq!(r.read_varint32().unwrap(), i32::MIN);
        assert_eq!(&b[..4], &[0x01, 0xd8, 0x04, 0xff]); // pyfory: -1 -> 01, 300 -> d8 04
    }

    #[test]
    fn varuint32_rejects_overlong_and_truncated() {
        let mut r = Reader::new(&[0x80, 0x80, 0x80, 0x80, 0x10]);
        assert!(r.read_varuint32().is_err());
        let mut r = Reader::new(&[0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(r.read_varuint32().unwrap(), u32::MAX);
        let mut r = Reader::new(&[0x80, 0x80]);
        assert!(r.read_varuint32().is_err());
        let mut r = Reader::new(&[0x80; 8]);
        assert!(r.read_varuint64().is_err());
    }
}
