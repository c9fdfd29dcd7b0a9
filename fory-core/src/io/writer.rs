//! [`Writer`]: the output byte buffer.

/// A growable little-endian output buffer.
#[derive(Debug, Default, Clone)]
pub struct Writer {
    buf: Vec<u8>,
}

macro_rules! fixed {
    ($($name:ident: $t:ty),*) => {$(
        #[doc = concat!("Writes a little-endian `", stringify!($t), "`.")]
        #[inline]
        pub fn $name(&mut self, v: $t) {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
    )*};
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Writer { buf: Vec::new() }
    }

    /// Appends to `buf`, keeping what it holds.
    pub fn appending(buf: Vec<u8>) -> Self {
        Writer { buf }
    }

    /// Reuses `buf`'s allocation (cleared first).
    pub fn from_vec(mut buf: Vec<u8>) -> Self {
        buf.clear();
        Writer { buf }
    }

    /// The bytes written.
    #[inline]
    pub fn into_inner(self) -> Vec<u8> {
        self.buf
    }

    /// The bytes written so far.
    #[inline]
    pub fn as_slice(&self) -> &[u8] {
        &self.buf
    }

    /// Number of bytes written.
    #[inline]
    pub fn len(&self) -> usize {
        self.buf.len()
    }

    /// True when nothing was written.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// Reserves room for `n` more bytes.
    #[inline]
    pub fn reserve(&mut self, n: usize) {
        self.buf.reserve(n);
    }

    /// Overwrites one byte already written (for back-patched headers).
    #[inline]
    pub fn put_u8(&mut self, at: usize, v: u8) {
        self.buf[at] = v;
    }

    /// Writes one byte.
    #[inline]
    pub fn write_u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    /// Writes one signed byte.
    #[inline]
    pub fn write_i8(&mut self, v: i8) {
        self.buf.push(v as u8);
    }

    /// Writes a bool as one byte, 0 or 1.
    #[inline]
    pub fn write_bool(&mut self, v: bool) {
        self.buf.push(v as u8);
    }

    fixed!(write_u16: u16, write_i16: i16, write_u32: u32, write_i32: i32, write_u64: u64,
        write_i64: i64, write_f32: f32, write_f64: f64);

    /// Appends raw bytes.
    #[inline]
    pub fn write_bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    /// LEB128, 1 to 5 bytes.
    ///
    /// The groups are packed into one `u64` and stored with a fixed 8-byte
    /// write, then the length is cut back to the encoded size: no loop of
    /// single-byte pushes and no variable-length copy.
    #[inline]
    pub fn write_varuint32(&mut self, v: u32) {
        if v < 0x80 {
            self.buf.push(v as u8);
            return;
        }
        let v = v as u64;
        let mut packed = (v & 0x7f) | 0x80 | ((v >> 7 & 0x7f) << 8);
        let mut n = 2;
        if v >= 1 << 14 {
            packed |= 0x80 << 8 | (v >> 14 & 0x7f) << 16;
            n = 3;
            if v >= 1 << 21 {
                packed |= 0x80 << 16 | (v >> 21 & 0x7f) << 24;
                n = 4;
                if v >= 1 << 28 {
                    packed |= 0x80 << 24 | (v >> 28) << 32;
                    n = 5;
                }
            }
        }
        self.put_packed(packed, n);
    }

    /// Appends the low `n` bytes of `packed` (little-endian) with one
    /// fixed-size store.
    #[inline]
    fn put_packed(&mut self, packed: u64, n: usize) {
        let len = self.buf.len();
        self.buf.extend_from_slice(&packed.to_le_bytes());
        self.buf.truncate(len + n);
    }

    /// Zigzag, then LEB128.
    #[inline]
    pub fn write_varint32(&mut self, v: i32) {
        self.write_varuint32(((v << 1) ^ (v >> 31)) as u32);
    }

    /// Fory's varuint64: up to eight 7-bit groups with a continuation bit,
    /// then a ninth byte carrying the last 8 bits whole.
    #[inline]
    pub fn write_varuint64(&mut self, v: u64) {
        if v < 0x80 {
            self.buf.push(v as u8);
        } else if v < 1 << 14 {
            self.put_packed((v & 0x7f) | 0x80 | (v >> 7) << 8, 2);
        } else {
            self.write_varuint64_long(v);
        }
    }

    /// [`write_varuint64`](Self::write_varuint64) from three bytes up, out
    /// of line so the short cases inline at every call site.
    #[inline(never)]
    fn write_varuint64_long(&mut self, v: u64) {
        debug_assert!(v >= 0x80);
        if v < 1 << 28 {
            // up to four bytes: LEB128 and Fory's varuint64 agree there,
            // and the 32-bit packing costs half the spread below
            self.write_varuint32(v as u32);
            return;
        }
        // the low eight 7-bit groups, one per byte, with no loop
        let spread = (v & 0x7f)
            | (v << 1 & 0x7f00)
            | (v << 2 & 0x7f_0000)
            | (v << 3 & 0x7f00_0000)
            | (v << 4 & 0x7f_0000_0000)
            | (v << 5 & 0x7f00_0000_0000)
            | (v << 6 & 0x7f_0000_0000_0000)
            | (v << 7 & 0x7f00_0000_0000_0000);
        if v < 1 << 56 {
            // n bytes: the continuation bit on all but the last
            let n = (70 - v.leading_zeros() as usize) / 7;
            let cont = 0x8080_8080_8080_8080u64 & ((1u64 << (8 * (n - 1))) - 1);
            self.put_packed(spread | cont, n);
        } else {
            // eight groups with continuation bits, then the top eight bits
            // whole (Fory's varuint64 stops at nine bytes)
            self.buf.reserve(9);
            self.buf
                .extend_from_slice(&(spread | 0x8080_8080_8080_8080).to_le_bytes());
            self.buf.push((v >> 56) as u8);
        }
    }

    /// A varuint64 `header` followed by `bytes`, with one capacity check
    /// (strings and binaries).
    #[inline]
    pub fn write_header_and_bytes(&mut self, header: u64, bytes: &[u8]) {
        self.buf.reserve(bytes.len() + 9);
        self.write_varuint64(header);
        self.buf.extend_from_slice(bytes);
    }

    /// Zigzag, then Fory's varuint64.
    #[inline]
    pub fn write_varint64(&mut self, v: i64) {
        self.write_varuint64(((v << 1) ^ (v >> 63)) as u64);
    }
}
