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

/// Bytes a [`PlainWriter`] keeps free past its cursor before each write:
/// the widest store it makes (8 bytes, then the ninth byte of a long
/// varuint64) fits without a further check.
pub(crate) const HEADROOM: usize = 16;

/// A cursor over a [`Writer`]'s buffer for a run of fixed-encoding writes
/// (a struct's leading number and `bool` fields; see [`Writer::plain`]).
///
/// Its pointer, length and capacity limit are locals, so the compiler
/// keeps them in registers for the whole run: a write is one compare with
/// the limit, one store and one add, where `Vec::push` and
/// `extend_from_slice` reload the vector's fields after every store (a
/// byte store might alias them). The length goes back to the vector when
/// the cursor is dropped. The bytes are exactly those of the [`Writer`]
/// methods of the same names.
pub struct PlainWriter<'w> {
    home: &'w mut Vec<u8>,
    ptr: *mut u8,
    len: usize,
    /// The buffer's capacity less [`HEADROOM`] (0 when it is smaller): a
    /// write needing `extra` bytes besides the headroom fits without a
    /// grow when `len + extra < limit`, one compare where `cap - len <
    /// extra + HEADROOM` took a subtraction and an add more.
    limit: usize,
    /// Whether strings take pyfory's encodings, the one write whose bytes
    /// depend on the stream's mode (see [`is_xlang`](Self::is_xlang)).
    xlang: bool,
}

impl std::fmt::Debug for PlainWriter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlainWriter")
            .field("len", &self.len)
            .field("limit", &self.limit)
            .finish()
    }
}

/// The cursor's `limit` for a buffer of `cap` bytes.
#[inline(always)]
fn limit_of(cap: usize) -> usize {
    cap.saturating_sub(HEADROOM)
}

/// Makes `extra` + [`HEADROOM`] bytes of room past `len` in `v`, out of
/// line so the cursor's fields never leave registers on the hot path;
/// returns the new buffer pointer and limit ([`limit_of`]).
#[cold]
#[inline(never)]
#[allow(unsafe_code)]
fn grow_plain(v: &mut Vec<u8>, len: usize, extra: usize) -> (*mut u8, usize) {
    debug_assert!(len <= v.capacity());
    // SAFETY: `len` is the cursor's length: the vector's length when the
    // cursor was made plus the bytes the cursor stored since, all within
    // capacity (each store first checks HEADROOM bytes of room), so the
    // first `len` bytes are initialized.
    unsafe { v.set_len(len) };
    v.reserve(extra.saturating_add(HEADROOM));
    (v.as_mut_ptr(), limit_of(v.capacity()))
}

/// [`PlainWriter::with_writer`] out of line, on the cursor's fields passed
/// by value (as [`grow_plain`]), so the cursor stays in registers; returns
/// the new buffer pointer, length and limit ([`limit_of`]).
#[cold]
#[inline(never)]
#[allow(unsafe_code)]
fn with_writer_at(
    v: &mut Vec<u8>,
    len: usize,
    f: impl FnOnce(&mut Writer),
) -> (*mut u8, usize, usize) {
    debug_assert!(len <= v.capacity());
    // SAFETY: as in `grow_plain`: the first `len` bytes are the vector's
    // bytes before the cursor and those it stored since, all within
    // capacity.
    unsafe { v.set_len(len) };
    let mut w = Writer::appending(std::mem::take(v));
    f(&mut w);
    *v = w.into_inner();
    (v.as_mut_ptr(), v.len(), limit_of(v.capacity()))
}

#[allow(unsafe_code)]
impl<'w> PlainWriter<'w> {
    /// Whether strings take the encodings pyfory picks (made by
    /// [`Writer::plain_for`]): an xlang stream's cursor, unless
    /// [`xlang_utf8_strings`](crate::ForyBuilder::xlang_utf8_strings) is
    /// on. [`Writer::plain`] makes a native-mode one, which writes UTF-8.
    #[inline(always)]
    pub fn is_xlang(&self) -> bool {
        self.xlang
    }

    /// Runs `f` on the underlying [`Writer`], for a write the cursor has no
    /// method for (a non-ASCII xlang string); the cursor then continues
    /// after what `f` wrote.
    #[inline(always)]
    pub(crate) fn with_writer(&mut self, f: impl FnOnce(&mut Writer)) {
        (self.ptr, self.len, self.limit) = with_writer_at(self.home, self.len, f);
    }

    /// Stores the low `n` bytes of `packed` (little-endian) at the cursor
    /// with one 8-byte store.
    #[inline(always)]
    fn put(&mut self, packed: u64, n: usize) {
        self.room(0);
        self.put_in_room(packed, n);
    }

    /// Makes sure `extra` + HEADROOM bytes are free past the cursor.
    #[inline(always)]
    fn room(&mut self, extra: usize) {
        // `len + extra < limit` means `cap - len > extra + HEADROOM` (and
        // `limit` is 0, so this grows, when `cap < HEADROOM`). Neither sum
        // overflows: `len` and `extra` (a slice length) are at most
        // `isize::MAX`. Equality grows too, which costs a needless
        // `reserve` at that one length and keeps the compare strict.
        if self.len + extra >= self.limit {
            (self.ptr, self.limit) = grow_plain(self.home, self.len, extra);
        }
    }

    /// [`put`](Self::put) when [`room`](Self::room) was made for it: at
    /// least 8 bytes are free past the cursor.
    #[inline(always)]
    fn put_in_room(&mut self, packed: u64, n: usize) {
        debug_assert!(n <= 8 && self.home.capacity() - self.len >= 8);
        // SAFETY: `ptr` is the buffer of `home`, whose capacity is `limit`
        // + HEADROOM or more (`limit` is refreshed by every grow). Every
        // caller made room for this store first: `put` and
        // `write_varuint64` HEADROOM (16) bytes, `write_header_and_bytes`
        // 16 bytes past the header's start plus the bytes, a
        // `FixedWriter` HEADROOM bytes past the cursor at every store (its
        // invariant); the stores of one varint end at most 16 bytes past
        // its start (8 + 8 for a 9-byte one), so the 8-byte store is in
        // bounds. Nothing else reaches the vector while the cursor borrows
        // it.
        unsafe {
            self.ptr
                .add(self.len)
                .cast::<u64>()
                .write_unaligned(packed.to_le());
        }
        self.len += n;
    }

    /// A varuint64 `header` and then `bytes` (strings and binaries), with
    /// one capacity check.
    #[inline(always)]
    pub fn write_header_and_bytes(&mut self, header: u64, bytes: &[u8]) {
        self.write_header_and_copy::<false>(header, bytes);
    }

    /// [`write_header_and_bytes`](Self::write_header_and_bytes), telling
    /// whether every byte is ASCII (checked on the copy's own loads; past
    /// 64 bytes only in xlang mode, the only one that asks: native mode
    /// gets `true`, and its 620-byte paragraph of the `prose` shape no
    /// longer pays a second pass: 1,184 -> 1,002 instructions).
    /// Returns the cursor's position before the header too, for a caller
    /// that takes the write back ([`rewind`](Self::rewind)).
    #[inline(always)]
    pub(crate) fn write_header_and_checked(&mut self, header: u64, bytes: &[u8]) -> (bool, usize) {
        self.write_header_and_copy::<true>(header, bytes)
    }

    /// The write of both: with `CHECK`, whether every byte is ASCII
    /// ([`copy_short_checking`]); the position before the header.
    #[inline(always)]
    fn write_header_and_copy<const CHECK: bool>(
        &mut self,
        header: u64,
        bytes: &[u8],
    ) -> (bool, usize) {
        self.room(bytes.len());
        let start = self.len;
        // the header takes at most 9 of the HEADROOM bytes made room for
        self.put_varuint64_in_room(header);
        // SAFETY: `room` left `bytes.len()` + 16 bytes free past the
        // header's start and the header took at most 9, so `bytes.len()`
        // bytes are free past the cursor in the buffer `ptr` points to;
        // `bytes` is a shared borrow, so it cannot overlap the buffer the
        // cursor borrows exclusively.
        let ascii = unsafe {
            copy_short_checking::<CHECK>(
                bytes.as_ptr(),
                self.ptr.add(self.len),
                bytes.len(),
                if self.xlang {
                    LongCheck::AfterCopy
                } else {
                    LongCheck::Skip
                },
            )
        };
        self.len += bytes.len();
        (ascii, start)
    }

    /// Takes back everything written since position `to` (at most the
    /// cursor's position; a later one is ignored).
    #[inline(always)]
    pub(crate) fn rewind(&mut self, to: usize) {
        self.len = self.len.min(to);
    }

    /// Writes one byte.
    #[inline(always)]
    pub fn write_u8(&mut self, v: u8) {
        self.put(v as u64, 1);
    }

    /// Writes one signed byte.
    #[inline(always)]
    pub fn write_i8(&mut self, v: i8) {
        self.put(v as u8 as u64, 1);
    }

    /// Writes a bool as one byte, 0 or 1.
    #[inline(always)]
    pub fn write_bool(&mut self, v: bool) {
        self.put(v as u64, 1);
    }

    /// Writes a little-endian `u16`.
    #[inline(always)]
    pub fn write_u16(&mut self, v: u16) {
        self.put(v as u64, 2);
    }

    /// Writes a little-endian `i16`.
    #[inline(always)]
    pub fn write_i16(&mut self, v: i16) {
        self.put(v as u16 as u64, 2);
    }

    /// Writes a little-endian `i32` (fixed width: a schema hash).
    #[inline(always)]
    pub fn write_i32(&mut self, v: i32) {
        self.put(v as u32 as u64, 4);
    }

    /// Writes a little-endian `i64` (fixed width: a timestamp's seconds).
    #[inline(always)]
    pub fn write_i64(&mut self, v: i64) {
        self.put(v as u64, 8);
    }

    /// Writes a little-endian `f32`.
    #[inline(always)]
    pub fn write_f32(&mut self, v: f32) {
        self.put(v.to_bits() as u64, 4);
    }

    /// Writes a little-endian `f64`.
    #[inline(always)]
    pub fn write_f64(&mut self, v: f64) {
        self.put(v.to_bits(), 8);
    }

    /// [`Writer::write_varuint32`].
    #[inline(always)]
    pub fn write_varuint32(&mut self, v: u32) {
        let (packed, n) = pack_varuint32(v);
        self.put(packed, n);
    }

    /// [`Writer::write_varint32`].
    #[inline(always)]
    pub fn write_varint32(&mut self, v: i32) {
        self.write_varuint32(((v << 1) ^ (v >> 31)) as u32);
    }

    /// [`Writer::write_varuint64`].
    #[inline(always)]
    pub fn write_varuint64(&mut self, v: u64) {
        self.room(0);
        self.put_varuint64_in_room(v);
    }

    /// A varuint64 (at most 9 bytes) where [`room`](Self::room) was made:
    /// the two stores of a 9-byte one stay within HEADROOM.
    #[inline(always)]
    fn put_varuint64_in_room(&mut self, v: u64) {
        if v < 0x80 {
            self.put_in_room(v, 1);
        } else if v < 1 << 14 {
            self.put_in_room((v & 0x7f) | 0x80 | (v >> 7) << 8, 2);
        } else if v < 1 << 28 {
            // up to four bytes LEB128 and Fory's varuint64 agree
            let (packed, n) = pack_varuint32(v as u32);
            self.put_in_room(packed, n);
        } else {
            // in line: wide values are common in i64 fields (ids, hashes,
            // timestamps), and out of line the call cost 1,000 small
            // structs with one such field 9% of their serialize
            let (low, ninth, n) = pack_varuint64_long(v);
            if n == 9 {
                self.put_in_room(low, 8);
                // the ninth byte: its 8-byte store ends 16 bytes past the
                // varint's start, within the room made (one byte is kept)
                self.put_in_room(ninth as u64, 1);
            } else {
                self.put_in_room(low, n);
            }
        }
    }

    /// [`Writer::write_varint64`].
    #[inline(always)]
    pub fn write_varint64(&mut self, v: i64) {
        self.write_varuint64(((v << 1) ^ (v >> 63)) as u64);
    }

    /// Makes room for `bytes` bytes of bounded-width writes at once (a
    /// struct's leading number and `bool` fields): the returned
    /// [`FixedWriter`] writes them with no capacity check each, as long
    /// as the widths it is charged stay within `bytes` (at most 1,024;
    /// writes past the room are checked).
    #[inline(always)]
    pub fn fixed(&mut self, bytes: usize) -> FixedWriter<'_, 'w> {
        // bounded, so that `room`'s sum cannot overflow and a large figure
        // cannot make a large allocation
        let bytes = bytes.min(MAX_FIXED_ROOM);
        self.room(bytes);
        FixedWriter {
            run: self,
            left: bytes,
        }
    }
}

/// The most room [`PlainWriter::fixed`] makes: a derived struct's leading
/// bounded fields need at most 24 x 10 bytes and its schema hash.
pub(crate) const MAX_FIXED_ROOM: usize = 1024;

/// A [`PlainWriter`] with room made once ([`PlainWriter::fixed`]) for a
/// run of writes of bounded width: each write is charged its widest
/// encoding (9 bytes for a varint64, 5 for a varint32) against the room
/// and then stores with no capacity check. A write the room does not
/// cover (a reservation too small) takes the checked path of
/// [`PlainWriter`] instead, so the bytes never depend on the reservation.
///
/// In derived code the reservation and every charge are constants, so
/// after inlining the compiler folds the charges away: a field's write is
/// its store and the cursor's add. Checked, each write compares the
/// cursor with the buffer's limit, a value the compiler spills to the
/// stack in a long run, and that load waits on the stores before it
/// whenever the stack's slot and the output collide modulo 4 KiB (one
/// process in four, by where the stack lands): MediaContent's serialize
/// was slow in 16 of 40 processes with the checks, 5 of 40 without.
pub struct FixedWriter<'c, 'w> {
    run: &'c mut PlainWriter<'w>,
    /// Bytes known free past the cursor besides [`HEADROOM`]: when it is
    /// not 0, the buffer's capacity less the cursor's length is at least
    /// `left` + HEADROOM. (0 knows nothing: after a write on the plain
    /// cursor fewer than HEADROOM bytes may be free, since the plain
    /// cursor checks before each write, not after.)
    left: usize,
}

impl std::fmt::Debug for FixedWriter<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixedWriter")
            .field("run", &self.run)
            .field("left", &self.left)
            .finish()
    }
}

impl<'w> FixedWriter<'_, 'w> {
    /// The underlying cursor, for a write of unbounded width (a string):
    /// the room left is given up, since the cursor's writes do not charge
    /// it.
    #[inline(always)]
    pub fn plain(&mut self) -> &mut PlainWriter<'w> {
        self.left = 0;
        self.run
    }

    /// Whether the invariant holds (for debug assertions).
    fn room_is_known(&self) -> bool {
        self.left == 0 || self.run.home.capacity() - self.run.len >= self.left + HEADROOM
    }

    /// Stores the low `n` bytes of `packed`, charging `max` (the write's
    /// widest encoding, at least `n`).
    #[inline(always)]
    fn put(&mut self, packed: u64, n: usize, max: usize) {
        debug_assert!(n <= max && self.room_is_known());
        if self.left >= max {
            // the invariant leaves `left` + 16 bytes free, so the 8-byte
            // store fits (put_in_room), and after it advances `n` <= `max`
            // bytes, `left - max` + 16 still are
            self.left -= max;
            self.run.put_in_room(packed, n);
        } else {
            // past the reservation: a checked store, after which nothing
            // is known free
            self.left = 0;
            self.run.put(packed, n);
        }
    }

    /// Writes one byte.
    #[inline(always)]
    pub fn write_u8(&mut self, v: u8) {
        self.put(v as u64, 1, 1);
    }

    /// Writes one signed byte.
    #[inline(always)]
    pub fn write_i8(&mut self, v: i8) {
        self.put(v as u8 as u64, 1, 1);
    }

    /// Writes a bool as one byte, 0 or 1.
    #[inline(always)]
    pub fn write_bool(&mut self, v: bool) {
        self.put(v as u64, 1, 1);
    }

    /// Writes a little-endian `u16`.
    #[inline(always)]
    pub fn write_u16(&mut self, v: u16) {
        self.put(v as u64, 2, 2);
    }

    /// Writes a little-endian `i16`.
    #[inline(always)]
    pub fn write_i16(&mut self, v: i16) {
        self.put(v as u16 as u64, 2, 2);
    }

    /// Writes a little-endian `i32` (fixed width: a schema hash).
    #[inline(always)]
    pub fn write_i32(&mut self, v: i32) {
        self.put(v as u32 as u64, 4, 4);
    }

    /// Writes a little-endian `i64` (fixed width: a timestamp's seconds).
    #[inline(always)]
    pub fn write_i64(&mut self, v: i64) {
        self.put(v as u64, 8, 8);
    }

    /// Writes a little-endian `f32`.
    #[inline(always)]
    pub fn write_f32(&mut self, v: f32) {
        self.put(v.to_bits() as u64, 4, 4);
    }

    /// Writes a little-endian `f64`.
    #[inline(always)]
    pub fn write_f64(&mut self, v: f64) {
        self.put(v.to_bits(), 8, 8);
    }

    /// [`Writer::write_varuint32`]: charged 5 bytes.
    #[inline(always)]
    pub fn write_varuint32(&mut self, v: u32) {
        let (packed, n) = pack_varuint32(v);
        self.put(packed, n, 5);
    }

    /// [`Writer::write_varint32`]: charged 5 bytes.
    #[inline(always)]
    pub fn write_varint32(&mut self, v: i32) {
        self.write_varuint32(((v << 1) ^ (v >> 31)) as u32);
    }

    /// [`Writer::write_varuint64`]: charged 9 bytes.
    #[inline(always)]
    pub fn write_varuint64(&mut self, v: u64) {
        debug_assert!(self.room_is_known());
        if self.left >= 9 {
            // as in `put`: `left` + 16 bytes free, and the varint's stores
            // end at most 16 bytes past its start (put_varuint64_in_room)
            // while it advances at most 9
            self.left -= 9;
            self.run.put_varuint64_in_room(v);
        } else {
            self.left = 0;
            self.run.write_varuint64(v);
        }
    }

    /// [`Writer::write_varint64`]: charged 9 bytes.
    #[inline(always)]
    pub fn write_varint64(&mut self, v: i64) {
        self.write_varuint64(((v << 1) ^ (v >> 63)) as u64);
    }
}

/// Copies `n` bytes from `src` to `dst`. Up to 64 bytes (most strings on
/// the wire) are two overlapping loads and stores in line, instead of a
/// call into `memcpy` and its size dispatch. With `CHECK`, returns
/// whether every byte is ASCII, from the loads the copy makes anyway
/// (without, the OR of the loaded words is unused and compiled away, and
/// the result is `true`). Past 64 bytes the check is a pass of its own,
/// made as `long` says ([`LongCheck`]).
///
/// # Safety
///
/// `src` is readable and `dst` writable for `n` bytes, and the two ranges
/// do not overlap (as for [`std::ptr::copy_nonoverlapping`]).
#[inline(always)]
#[allow(unsafe_code)]
pub(crate) unsafe fn copy_short_checking<const CHECK: bool>(
    src: *const u8,
    dst: *mut u8,
    n: usize,
    long: LongCheck,
) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // SAFETY: in every arm each load starts at `src + k` and each store at
    // `dst + k` with `k + width <= n`, so all stay within the `n` bytes
    // the caller vouches for; unaligned accesses are used throughout.
    unsafe {
        if n >= 8 {
            if n <= 16 {
                let a = src.cast::<u64>().read_unaligned();
                let b = src.add(n - 8).cast::<u64>().read_unaligned();
                dst.cast::<u64>().write_unaligned(a);
                dst.add(n - 8).cast::<u64>().write_unaligned(b);
                (a | b) & HIGH == 0
            } else if n <= 32 {
                let a = chunk::load(src);
                let b = chunk::load(src.add(n - 16));
                chunk::store(dst, a);
                chunk::store(dst.add(n - 16), b);
                chunk::ascii(chunk::or(a, b))
            } else if n <= 64 {
                let a = chunk::load(src);
                let a2 = chunk::load(src.add(16));
                let b = chunk::load(src.add(n - 32));
                let b2 = chunk::load(src.add(n - 16));
                chunk::store(dst, a);
                chunk::store(dst.add(16), a2);
                chunk::store(dst.add(n - 32), b);
                chunk::store(dst.add(n - 16), b2);
                chunk::ascii(chunk::or(chunk::or(a, a2), chunk::or(b, b2)))
            } else if CHECK && long == LongCheck::AfterCopy {
                copy_long_ascii(src, dst, n)
            } else {
                std::ptr::copy_nonoverlapping(src, dst, n);
                true
            }
        } else if n >= 4 {
            let a = src.cast::<u32>().read_unaligned();
            let b = src.add(n - 4).cast::<u32>().read_unaligned();
            dst.cast::<u32>().write_unaligned(a);
            dst.add(n - 4).cast::<u32>().write_unaligned(b);
            (a | b) & HIGH as u32 == 0
        } else if n > 0 {
            // 1 to 3 bytes: first, middle and last cover them
            let (a, m, z) = (*src, *src.add(n / 2), *src.add(n - 1));
            *dst = a;
            *dst.add(n / 2) = m;
            *dst.add(n - 1) = z;
            (a | m | z) < 0x80
        } else {
            true
        }
    }
}

/// 16-byte chunks for [`copy_short_checking`]: SSE2 registers on x86-64
/// (SSE2 is in its baseline), where the ASCII check is one
/// `pmovmskb`; a `u128` elsewhere. With `u128` on x86-64 the compiler
/// moved a checked chunk through two general registers (two loads, two
/// stores and the ORs in pairs). This way MediaContent's xlang
/// serialize takes 1,269 -> 1,226 instructions (wall -3.9%) and its read,
/// whose string copies check too, 3,629 -> 3,587 (-1.4%); 1,000 strings
/// read 1.8% faster. Native serialize does not check and is unchanged.
mod chunk {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    mod sse2 {
        use std::arch::x86_64::{
            __m128i, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_storeu_si128,
        };

        pub(super) type Chunk = __m128i;

        /// # Safety
        ///
        /// `p` is readable for 16 bytes (any alignment).
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(in crate::io) unsafe fn load(p: *const u8) -> Chunk {
            // SAFETY: the caller's; `loadu` takes any alignment.
            unsafe { _mm_loadu_si128(p.cast()) }
        }

        /// # Safety
        ///
        /// `p` is writable for 16 bytes (any alignment).
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(in crate::io) unsafe fn store(p: *mut u8, c: Chunk) {
            // SAFETY: the caller's; `storeu` takes any alignment.
            unsafe { _mm_storeu_si128(p.cast(), c) }
        }

        #[inline(always)]
        #[allow(unsafe_code)]
        pub(in crate::io) fn or(a: Chunk, b: Chunk) -> Chunk {
            // SAFETY: SSE2 is enabled for this build (the module's cfg);
            // the instruction touches registers only.
            unsafe { _mm_or_si128(a, b) }
        }

        /// Whether no byte has its high bit set.
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(in crate::io) fn ascii(c: Chunk) -> bool {
            // SAFETY: as for `or`.
            unsafe { _mm_movemask_epi8(c) == 0 }
        }
    }

    // compiled everywhere, so that its test runs on x86-64 too
    #[cfg_attr(all(target_arch = "x86_64", target_feature = "sse2"), allow(dead_code))]
    mod portable {
        pub(super) type Chunk = u128;

        /// # Safety
        ///
        /// `p` is readable for 16 bytes (any alignment).
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(in crate::io) unsafe fn load(p: *const u8) -> Chunk {
            // SAFETY: the caller's; an unaligned read.
            unsafe { p.cast::<u128>().read_unaligned() }
        }

        /// # Safety
        ///
        /// `p` is writable for 16 bytes (any alignment).
        #[inline(always)]
        #[allow(unsafe_code)]
        pub(in crate::io) unsafe fn store(p: *mut u8, c: Chunk) {
            // SAFETY: the caller's; an unaligned write.
            unsafe { p.cast::<u128>().write_unaligned(c) }
        }

        #[inline(always)]
        pub(in crate::io) fn or(a: Chunk, b: Chunk) -> Chunk {
            a | b
        }

        /// Whether no byte has its high bit set.
        #[inline(always)]
        pub(in crate::io) fn ascii(c: Chunk) -> bool {
            c & 0x8080_8080_8080_8080_8080_8080_8080_8080 == 0
        }
    }

    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    pub(super) use sse2::{ascii, load, or, store};

    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    pub(super) use portable::{ascii, load, or, store};

    #[cfg(test)]
    mod tests {
        /// Both forms copy the same bytes and agree on the check, for a
        /// high bit at every position of either chunk, or none.
        #[test]
        #[allow(unsafe_code)]
        fn the_chunk_forms_agree() {
            use super::portable as p;
            use super::{ascii, load, or, store};
            let base: [u8; 32] = std::array::from_fn(|i| (i as u8).wrapping_mul(37) & 0x7f);
            for high in (0..32).map(Some).chain([None]) {
                for bit in [0x80u8, 0xff] {
                    let mut src = base;
                    if let Some(i) = high {
                        src[i] |= bit;
                    }
                    let (mut d1, mut d2) = ([0u8; 32], [0u8; 32]);
                    // SAFETY: every pointer is to 16 bytes within a
                    // 32-byte local array.
                    let (checked, checked_portable) = unsafe {
                        let (a, b) = (load(src.as_ptr()), load(src.as_ptr().add(16)));
                        store(d1.as_mut_ptr(), a);
                        store(d1.as_mut_ptr().add(16), b);
                        let (pa, pb) = (p::load(src.as_ptr()), p::load(src.as_ptr().add(16)));
                        p::store(d2.as_mut_ptr(), pa);
                        p::store(d2.as_mut_ptr().add(16), pb);
                        (ascii(or(a, b)), p::ascii(p::or(pa, pb)))
                    };
                    assert_eq!(d1, src);
                    assert_eq!(d2, src);
                    assert_eq!(checked, high.is_none(), "{high:?}");
                    assert_eq!(checked_portable, high.is_none(), "{high:?}");
                }
            }
        }
    }
}

/// What [`copy_short_checking`] does past 64 bytes, where its check is a
/// pass of its own.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum LongCheck {
    /// Copy and report ASCII unchecked (a native-mode string write, and
    /// the string read, which checks long strings itself).
    Skip,
    /// Copy, then check (an xlang string write, which takes back a string
    /// that is not ASCII and transcodes it). The copy comes first even
    /// then: the cursor counts the bytes as written until the caller
    /// takes them back, and every byte it counts must be initialized.
    /// (Checked first and copied only when ASCII, the `prose` shape's
    /// write took 190 instructions fewer, for that gap in the cursor's
    /// invariant.)
    AfterCopy,
}

/// [`copy_short_checking`] past 64 bytes, out of line (it is in line at
/// every string write).
///
/// # Safety
///
/// As for [`copy_short_checking`].
#[inline(never)]
#[allow(unsafe_code)]
unsafe fn copy_long_ascii(src: *const u8, dst: *mut u8, n: usize) -> bool {
    // SAFETY: the caller's: `src` readable and `dst` writable for `n`
    // bytes, not overlapping.
    unsafe {
        std::ptr::copy_nonoverlapping(src, dst, n);
        std::slice::from_raw_parts(src, n).is_ascii()
    }
}

#[allow(unsafe_code)]
impl Drop for PlainWriter<'_> {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: as in `grow_plain`: every byte below `len` was there
        // before the cursor or was stored by it, and `len <= cap`.
        unsafe { self.home.set_len(self.len) };
    }
}

/// LEB128 of `v` packed little-endian into a `u64`, with its length (1 to
/// 5 bytes).
#[inline(always)]
pub(crate) fn pack_varuint32(v: u32) -> (u64, usize) {
    if v < 0x80 {
        return (v as u64, 1);
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
    (packed, n)
}

/// Fory's varuint64 of `v >= 2^14`: its first (up to) eight bytes packed
/// little-endian, its ninth byte, and its length (3 to 9).
#[inline]
fn pack_varuint64_long(v: u64) -> (u64, u8, usize) {
    if v < 1 << 28 {
        // up to four bytes LEB128 and Fory's varuint64 agree
        let (packed, n) = pack_varuint32(v as u32);
        return (packed, 0, n);
    }
    // the low eight 7-bit groups, one per byte, with no loop
    let spread = spread_groups(v);
    if v < 1 << 56 {
        // n bytes: the continuation bit on all but the last. `spread` has
        // 8 - n zero bytes on top (v >= 2^28, so it is not zero).
        let zero_bits = spread.leading_zeros() & !7;
        let n = 8 - (zero_bits / 8) as usize;
        let cont = 0x0080_8080_8080_8080u64 >> zero_bits;
        (spread | cont, 0, n)
    } else {
        // eight groups with continuation bits, then the top eight bits
        // whole (Fory's varuint64 stops at nine bytes)
        (spread | 0x8080_8080_8080_8080, (v >> 56) as u8, 9)
    }
}

/// The low 56 bits of `v` as eight 7-bit groups, one in each byte (low
/// group first), high bits clear: halves into 32-bit lanes, quarters into
/// 16-bit lanes, eighths into bytes; three steps instead of eight shifts.
#[inline(always)]
fn spread_groups(v: u64) -> u64 {
    let x = v & 0x00FF_FFFF_FFFF_FFFF;
    let x = (x & 0x0FFF_FFFF) | (x & 0x00FF_FFFF_F000_0000) << 4;
    let x = (x & 0x0000_3FFF_0000_3FFF) | (x & 0x0FFF_C000_0FFF_C000) << 2;
    (x & 0x007F_007F_007F_007F) | (x & 0x3F80_3F80_3F80_3F80) << 1
}

impl Writer {
    /// A [`PlainWriter`] cursor at the end of this writer, for a run of
    /// fixed-encoding writes with no per-write bookkeeping.
    #[inline(always)]
    pub fn plain(&mut self) -> PlainWriter<'_> {
        self.plain_for(false)
    }

    /// [`plain`](Self::plain), or with `xlang` true a cursor whose strings
    /// are written as pyfory writes them (an xlang stream's, see
    /// [`PlainWriter::is_xlang`]).
    #[inline(always)]
    pub fn plain_for(&mut self, xlang: bool) -> PlainWriter<'_> {
        let len = self.buf.len();
        let limit = limit_of(self.buf.capacity());
        let ptr = self.buf.as_mut_ptr();
        PlainWriter {
            home: &mut self.buf,
            ptr,
            len,
            limit,
            xlang,
        }
    }

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

    /// `n` more bytes at the end, zeroed, for the caller to fill (an
    /// encoding whose length is known before its bytes).
    #[inline]
    pub(crate) fn extend_zeroed(&mut self, n: usize) -> &mut [u8] {
        let len = self.buf.len();
        self.buf.resize(len + n, 0);
        &mut self.buf[len..]
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
        let (packed, n) = pack_varuint32(v);
        self.put_packed(packed, n);
    }

    /// Appends the low `n` bytes of `packed` (little-endian) with one
    /// fixed-size store.
    #[inline]
    pub(crate) fn put_packed(&mut self, packed: u64, n: usize) {
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
        debug_assert!(v >= 1 << 14);
        let (low, ninth, n) = pack_varuint64_long(v);
        if n == 9 {
            self.buf.reserve(9);
            self.buf.extend_from_slice(&low.to_le_bytes());
            self.buf.push(ninth);
        } else {
            self.put_packed(low, n);
        }
    }

    /// A varuint64 `header` followed by `bytes`, with one capacity check
    /// (strings and binaries).
    #[inline(always)]
    pub fn write_header_and_bytes(&mut self, header: u64, bytes: &[u8]) {
        self.plain().write_header_and_bytes(header, bytes);
    }

    /// Zigzag, then Fory's varuint64.
    #[inline]
    pub fn write_varint64(&mut self, v: i64) {
        self.write_varuint64(((v << 1) ^ (v >> 63)) as u64);
    }
}
