//! Standard-library types records carry: time (`Duration` as DURATION,
//! `SystemTime` as TIMESTAMP, wire-exact with pyfory's `timedelta` and
//! `datetime`), `char`, paths and OS strings, network addresses, unsized
//! strings and slices behind `Box`, `Rc`, `Arc` and `Cow`, `LinkedList`,
//! `BinaryHeap`, the `NonZero` integers, `()`, the markers, `Result` and
//! `Ordering`. The table also lists those whose impls live in their own
//! files: ranges and `Bound` (range.rs), atomics (atomic.rs), C strings
//! (c_string.rs), `OnceCell`/`OnceLock` (cell.rs), `BytesMut` (binary.rs),
//! smallvec's `SmallVec` (small_vec.rs) and tuples (tuple.rs).
//!
//! | Rust | wire |
//! |---|---|
//! | `std::time::Duration` | DURATION: zigzag varint64 seconds, then int32 nanoseconds (0 to 999,999,999); a negative duration read is an error |
//! | `std::time::SystemTime` | TIMESTAMP: int64 seconds since the Unix epoch, then uint32 nanoseconds |
//! | `char` | STRING of exactly one character |
//! | `PathBuf`, `Path`, `OsString`, `OsStr`, and `Box`, `Rc`, `Arc` of `Path` and `OsStr` | STRING; a non-UTF-8 one is an error in xlang mode, its OS bytes as they are in native mode (Unix; only these read them back) |
//! | `Ipv4Addr`, `Ipv6Addr`, `IpAddr`, `SocketAddrV4`, `SocketAddrV6`, `SocketAddr` | STRING: the standard text (`Display`, e.g. `192.168.0.1`, `2001:db8::1`, `[::1%3]:8080`), read with `FromStr`; text that does not parse is an error naming the type and (the first 64 bytes of) the text. `SocketAddrV6`'s flow info is not in its text and reads back as 0 |
//! | `Box<str>`, `Rc<str>`, `Arc<str>` | STRING, as `String` |
//! | `Box<[T]>`, `Rc<[T]>`, `Arc<[T]>` | as `Vec<T>` (dense arrays for numbers) |
//! | `Cow<B>`: `Cow<str>`, `Cow<[T]>`, `Cow<Path>`, `Cow<OsStr>`, `Cow<T>` | as its owned form (`String`, `Vec<T>`, `PathBuf`, `OsString`, `T`); read back `Cow::Owned` |
//! | `LinkedList<T>`, `BinaryHeap<T>` | LIST, as `VecDeque<T>` |
//! | `smallvec::SmallVec<[T; N]>` (smallvec 1, `fory_core::smallvec`, no feature) | exactly `Vec<T>`: its type id (LIST, a dense `*_ARRAY` for numbers and `bool`, BINARY for `u8`), bytes, TypeDef entry and schema hash as a field, ref and null flags and out-of-band buffers; each reads the other's bytes (and a set's or a deque's, as `Vec` does). Read through a `Vec<T>`: kept on the heap when longer than `N`, moved inline (one copy of at most `N` elements) when it fits |
//! | tuples `(A,)` to 16 elements | LIST of the elements, each with its type info (a Python tuple or list); a derived enum's case with several fields is written the same way, of any length |
//! | `NonZeroU32` and the others (`NonZeroU128` included) | as the integer; zero on the wire is an error; a `Vec` (boxed slice, array, `SmallVec`) of them is the integer's: its dense array (`Vec<NonZeroU8>` BINARY), its bytes and buffers (the integers' slice, no copy), TypeDef and schema hash; it reads the LIST older versions wrote too |
//! | `Wrapping<T>`, `Saturating<T>`, `Reverse<T>`, `Cell<T>` (`T: Copy`) | as `T`; a `Vec` (boxed slice, array, `SmallVec`) of them is `Vec<T>`: `T`'s dense array when it has one (the same bytes, TypeDef, schema hash and out-of-band buffers: `Wrapping`, `Saturating` and `Reverse` lend their slice as `[T]`, the cells' values are copied into an owned buffer), else a LIST; it reads the LIST older versions wrote too |
//! | `AtomicBool`, `AtomicI8` to `AtomicI64`, `AtomicIsize`, `AtomicU8` to `AtomicU64`, `AtomicUsize` | as `bool` and the integer (`AtomicIsize`/`AtomicUsize` as `isize`/`usize`: VARINT64/VAR_UINT64): the same type id, bytes and TypeDef; loaded with `Ordering::Relaxed`. A `Vec` (boxed slice, array, `SmallVec`) of them is the plain type's: its dense array, bytes, TypeDef and schema hash; offered to the buffer callback as an owned copy of the values' bytes; it reads the LIST older versions wrote too |
//! | `OnceCell<T>`, `OnceLock<T>` | as `Option<T>`: empty is null; `Option<OnceCell<T>>` cannot carry `Some(empty)` (an error on write, as `Some(None)`) |
//! | `PhantomData<T>`, `PhantomPinned` | NONE, no data (as `()`); the derive leaves a field spelled `PhantomData<..>` or `PhantomPinned` off the wire |
//! | `std::cmp::Ordering` | INT8: -1 (Less), 0 (Equal), 1 (Greater); read from any integer encoding, any other value is an error; a `Vec` of them is a `Vec<i8>`'s INT8_ARRAY (each value checked on read; the LIST older versions wrote reads too) |
//! | `bytes::BytesMut` | BINARY, as `Vec<u8>` (the buffer path); read back as a copy, from an out-of-band buffer too |
//! | `CString`, `CStr`, and `Box`, `Rc`, `Arc` of `CStr` | BINARY of the bytes without the trailing nul, as `Vec<u8>` of them (pyfory reads `bytes`); a zero among the bytes read is an error naming the type and its position |
//! | `()` | NONE (36), no data: pyfory reads `None`; a null flag (pyfory's `None`, also in `[None, None]` and `{"k": None}`) reads as `()`. `Option<()>` keeps `Some(())` apart from `None`. A list of units is charged to the read's budget for values that take no input (as lists of field-less structs are) |
//! | `Result<T, E>` | UNION (33), then a derived `enum R<T, E> { Ok(T), Err(E) }`'s data: varuint32 case (Ok 0, Err 1), the case's value as a whole value. A `Result` reads a registered union's bytes (TYPED_UNION / NAMED_UNION: the id or name is read and not checked) and a derived union reads a `Result`'s; as struct fields both write the same bytes. pyfory 1.7.7 cannot read a bare UNION (it has no serializer for it without a registered class) |
//! | `Range<T>`, `RangeInclusive<T>` | as the tuple `(start, end)`: a LIST of two elements with their type info (an exhausted `RangeInclusive` reads back as not exhausted) |
//! | `RangeFrom<T>`, `RangeTo<T>`, `RangeToInclusive<T>` | as the 1-tuple of the end they have, `(start,)` or `(end,)`: a LIST of one element with its type info |
//! | `RangeFull` | NONE, no data, as `()` |
//! | `Bound<T>` | UNION, as `Result`: a derived `enum Bound<T> { Included(T), Excluded(T), Unbounded }`'s data, the varuint32 case (Included 0, Excluded 1, Unbounded 2) and the case's value as a whole value; `Unbounded` is a null flag (a `()` value reads as it too); another case is an error naming the type and the case |
//! | `u128`, `i128` | DECIMAL with scale 0 (pyfory reads an integral `Decimal`); a non-integer or out-of-range decimal is an error |

use std::any::Any;
use std::borrow::Cow;
use std::cell::Cell;
use std::cmp::Reverse;
use std::ffi::{OsStr, OsString};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::num::{
    NonZeroI128, NonZeroI16, NonZeroI32, NonZeroI64, NonZeroI8, NonZeroIsize, NonZeroU128,
    NonZeroU16, NonZeroU32, NonZeroU64, NonZeroU8, NonZeroUsize, Saturating, Wrapping,
};
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::string::{read_string, write_str, write_str_plain};
use super::{Deserialize, ForyType, Serialize};
use crate::context::{ReadContext, WriteContext};
use crate::error::{Error, Result};
use crate::object::Children;
use crate::types::type_id;

const NANOS_PER_SEC: u32 = 1_000_000_000;

// ----- the TIMESTAMP and DURATION wire forms, shared with chrono and Value -----

/// Reads TIMESTAMP data: (seconds since the epoch, nanoseconds), the
/// nanoseconds checked; `what` (the type read) names it in errors.
pub(crate) fn read_timestamp_parts(
    ctx: &mut ReadContext<'_, '_>,
    what: &str,
) -> Result<(i64, u32)> {
    let at = ctx.reader().position();
    let secs = ctx.reader().read_i64()?;
    let nanos = ctx.reader().read_u32()?;
    check_nanos(nanos as i64, what, "timestamp", at)?;
    Ok((secs, nanos))
}

/// Writes TIMESTAMP data.
pub(crate) fn write_timestamp_parts(ctx: &mut WriteContext<'_, '_>, secs: i64, nanos: u32) {
    let w = ctx.writer();
    w.write_i64(secs);
    w.write_u32(nanos);
}

/// Reads DURATION data: (seconds, rounded down; nanoseconds), the
/// nanoseconds checked; `what` (the type read) names it in errors.
pub(crate) fn read_duration_parts(ctx: &mut ReadContext<'_, '_>, what: &str) -> Result<(i64, u32)> {
    let at = ctx.reader().position();
    let secs = ctx.reader().read_varint64()?;
    let nanos = ctx.reader().read_i32()?;
    check_nanos(nanos as i64, what, "duration", at)?;
    Ok((secs, nanos as u32))
}

/// Writes DURATION data (`nanos` below one second).
pub(crate) fn write_duration_parts(ctx: &mut WriteContext<'_, '_>, secs: i64, nanos: u32) {
    let w = ctx.writer();
    w.write_varint64(secs);
    w.write_i32(nanos as i32);
}

/// `Ok` for 0 to 999,999,999 nanoseconds.
pub(crate) fn check_nanos(nanos: i64, what: &str, wire: &str, at: usize) -> Result<()> {
    if (0..NANOS_PER_SEC as i64).contains(&nanos) {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "{what}: the {wire} at byte {at} has {nanos} nanoseconds (0 to 999,999,999)"
    )))
}

// ----- Duration -----

impl ForyType for Duration {
    const FORY_TYPE_ID: u8 = type_id::DURATION;
}

impl Serialize for Duration {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        let secs = i64::try_from(self.as_secs()).map_err(|_| {
            Error::unsupported(format!(
                "a Duration of {} seconds is over the format's i64 seconds",
                self.as_secs()
            ))
        })?;
        write_duration_parts(ctx, secs, self.subsec_nanos());
        Ok(())
    }
}

impl Deserialize for Duration {
    shared_by_copy!();
    fn fory_zero() -> Option<Self> {
        Some(Duration::ZERO)
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        let (secs, nanos) = read_duration_parts(ctx, "std::time::Duration")?;
        if secs < 0 {
            return Err(Error::type_mismatch(
                "std::time::Duration",
                format_args!(
                    "a negative duration ({secs} s + {nanos} ns) at byte {at}; read it as chrono::TimeDelta or an i64 pair"
                ),
            ));
        }
        Ok(Duration::new(secs as u64, nanos))
    }
}

// ----- SystemTime -----

impl ForyType for SystemTime {
    const FORY_TYPE_ID: u8 = type_id::TIMESTAMP;
}

impl Serialize for SystemTime {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        let too_far =
            || Error::unsupported("a SystemTime more than i64::MAX seconds from the Unix epoch");
        // seconds rounded down, nanoseconds always forward (as pyfory)
        let (secs, nanos) = match self.duration_since(UNIX_EPOCH) {
            Ok(d) => (
                i64::try_from(d.as_secs()).map_err(|_| too_far())?,
                d.subsec_nanos(),
            ),
            Err(e) => {
                let d = e.duration();
                let secs = i64::try_from(d.as_secs()).map_err(|_| too_far())?;
                match d.subsec_nanos() {
                    0 => (-secs, 0),
                    n => (
                        (-secs).checked_sub(1).ok_or_else(too_far)?,
                        NANOS_PER_SEC - n,
                    ),
                }
            }
        };
        write_timestamp_parts(ctx, secs, nanos);
        Ok(())
    }
}

impl Deserialize for SystemTime {
    shared_by_copy!();
    fn fory_zero() -> Option<Self> {
        Some(UNIX_EPOCH)
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        let (secs, nanos) = read_timestamp_parts(ctx, "std::time::SystemTime")?;
        let t = if secs >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(secs as u64, nanos))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(secs.unsigned_abs()))
                .and_then(|t| t.checked_add(Duration::from_nanos(nanos as u64)))
        };
        t.ok_or_else(|| {
            Error::invalid(format!(
                "timestamp {secs} s at byte {at} is out of this platform's SystemTime range"
            ))
        })
    }
}

// ----- char -----

impl ForyType for char {
    const FORY_TYPE_ID: u8 = type_id::STRING;
    const FORY_READ_TAKES_INPUT: bool = true;
    // a one-char string: on a struct's, list's or map's output cursor
    const FORY_PLAIN: bool = true;
}

impl Serialize for char {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_str(self.encode_utf8(&mut [0; 4]), ctx)
    }

    #[inline]
    fn fory_write_plain(&self, w: &mut crate::io::PlainWriter<'_>) {
        write_str_plain(self.encode_utf8(&mut [0; 4]), w);
    }
}

impl Deserialize for char {
    fn fory_zero() -> Option<Self> {
        Some('\0')
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        let s = read_string(ctx).map_err(|e| e.context("char"))?;
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(Error::type_mismatch(
                "char",
                format_args!("a string of {} characters at byte {at}", s.chars().count()),
            )),
        }
    }
}

// ----- OS strings and paths -----
//
// `OsStr` and `Path` (and their owned forms) share one encoding: the
// text when it is UTF-8; otherwise, in native mode on Unix, the OS bytes
// under a UTF-8 string header, which only these readers take back as they
// are; in xlang mode an error (a peer reads a `str`).

/// Writes an OS string as STRING data (see above); `what` and `shown`
/// (its lossy text) name it in the error for one that is not UTF-8.
fn write_os_str(
    s: &OsStr,
    ctx: &mut WriteContext<'_, '_>,
    what: &str,
    shown: impl std::fmt::Display,
) -> Result<()> {
    if let Some(text) = s.to_str() {
        return write_str(text, ctx);
    }
    if !ctx.is_xlang() {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let bytes = s.as_bytes();
            ctx.writer()
                .write_header_and_bytes(((bytes.len() as u64) << 2) | 2, bytes);
            return Ok(());
        }
    }
    Err(Error::unsupported(format!(
        "the {what} {shown} is not UTF-8: an xlang peer reads it as a string (native mode on Unix keeps its bytes)"
    )))
}

/// Reads STRING data as an OS string: in native mode on Unix a UTF-8
/// header's bytes as they are, else a string; `what` names it in errors.
fn read_os_string(ctx: &mut ReadContext<'_, '_>, type_id: u8, what: &str) -> Result<OsString> {
    #[cfg(unix)]
    if !ctx.is_xlang() {
        use std::os::unix::ffi::OsStringExt;
        let start = ctx.reader().position();
        let header = ctx.reader().read_varuint64()?;
        if header & 3 == 2 {
            let len = header >> 2;
            if len > ctx.reader().remaining() as u64 {
                return Err(Error::invalid(format!(
                    "{what} length {len} at byte {start} is larger than the {} bytes left in the input",
                    ctx.reader().remaining()
                )));
            }
            ctx.check_binary_size(len as usize, what)?;
            let bytes = ctx.reader().read_bytes(len as usize)?;
            return Ok(OsString::from_vec(bytes.to_vec()));
        }
        // another encoding: back up and read it as a string
        let back = ctx.reader().position() - start;
        ctx.reader().rewind(back)?;
    }
    String::fory_read_data(ctx, type_id).map(OsString::from)
}

impl ForyType for OsStr {
    const FORY_TYPE_ID: u8 = type_id::STRING;
}

impl Serialize for OsStr {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_os_str(self, ctx, "OS string", format_args!("{self:?}"))
    }
}

impl ForyType for OsString {
    const FORY_TYPE_ID: u8 = type_id::STRING;
    const FORY_READ_TAKES_INPUT: bool = true;
}

impl Serialize for OsString {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        self.as_os_str().fory_write_data(ctx)
    }
}

impl Deserialize for OsString {
    fn fory_zero() -> Option<Self> {
        Some(OsString::new())
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
        read_os_string(ctx, type_id, "an OS string")
    }
}

impl ForyType for Path {
    const FORY_TYPE_ID: u8 = type_id::STRING;
}

impl Serialize for Path {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        write_os_str(self.as_os_str(), ctx, "path", self.display())
    }
}

impl ForyType for PathBuf {
    const FORY_TYPE_ID: u8 = type_id::STRING;
    const FORY_READ_TAKES_INPUT: bool = true;
}

impl Serialize for PathBuf {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        self.as_path().fory_write_data(ctx)
    }
}

impl Deserialize for PathBuf {
    fn fory_zero() -> Option<Self> {
        Some(PathBuf::new())
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
        read_os_string(ctx, type_id, "a path").map(PathBuf::from)
    }
}

// ----- boxed and shared paths and OS strings: as their owned forms -----
//
// (`Box`, `Rc` and `Arc` write what they point to: `Path`'s and `OsStr`'s
// impls above.)

impl Deserialize for Box<Path> {
    fn fory_zero() -> Option<Self> {
        Some(PathBuf::new().into_boxed_path())
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
        PathBuf::fory_read_data(ctx, type_id).map(PathBuf::into_boxed_path)
    }
}

impl Deserialize for Box<OsStr> {
    fn fory_zero() -> Option<Self> {
        Some(OsString::new().into_boxed_os_str())
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
        OsString::fory_read_data(ctx, type_id).map(OsString::into_boxed_os_str)
    }
}

/// `Rc<$unsized>` / `Arc<$unsized>` read through its owned form `$owned`;
/// shared under ref tracking as `Rc<str>` is.
macro_rules! shared_os {
    ($($ptr:ident<$unsized:ident> from $owned:ident;)*) => {$(
        impl Deserialize for $ptr<$unsized> {
            fn fory_zero() -> Option<Self> {
                Some($ptr::from($owned::new()))
            }
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
                $owned::fory_read_data(ctx, type_id).map($ptr::from)
            }
            fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
                Some(Box::new($ptr::clone(self)))
            }
            fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
                shared.downcast_ref::<$ptr<$unsized>>().cloned()
            }
        }
    )*};
}

shared_os! {
    Rc<Path> from PathBuf;
    Arc<Path> from PathBuf;
    Rc<OsStr> from OsString;
    Arc<OsStr> from OsString;
}

// ----- network addresses -----
//
// Their standard text (`Display`), read back with `FromStr`: what Python's
// `ipaddress.ip_address(s)` (IP addresses) takes, and what people read in
// logs.

/// The most bytes of an address's text that an error message repeats.
const SHOWN_TEXT: usize = 64;

/// A `fmt::Write` onto a fixed array: an address's text without a heap
/// allocation (the longest, a `SocketAddrV6` with a scope id, is 58
/// bytes).
struct TextBuf {
    bytes: [u8; 64],
    len: usize,
}

impl std::fmt::Write for TextBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let room = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        room.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Runs `f` on `v`'s text: formatted on the stack, or into a `String`
/// should it not fit.
#[inline]
fn with_text<R>(v: &impl std::fmt::Display, f: impl FnOnce(&str) -> R) -> R {
    use std::fmt::Write;
    let mut buf = TextBuf {
        bytes: [0; 64],
        len: 0,
    };
    if write!(buf, "{v}").is_ok() {
        // whole `str`s were copied in: the bytes are UTF-8
        if let Ok(s) = std::str::from_utf8(&buf.bytes[..buf.len]) {
            return f(s);
        }
    }
    f(&v.to_string())
}

/// The text read for a `what`, as an error message shows it: quoted, cut
/// at [`SHOWN_TEXT`] bytes (on a char boundary) with the full length.
fn shown_text(s: &str) -> String {
    if s.len() <= SHOWN_TEXT {
        return format!("{s:?}");
    }
    let mut cut = SHOWN_TEXT;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{:?}... ({} bytes)", &s[..cut], s.len())
}

macro_rules! address {
    ($($t:ty => $name:literal, $zero:expr;)*) => {$(
        impl ForyType for $t {
            const FORY_TYPE_ID: u8 = type_id::STRING;
            const FORY_READ_TAKES_INPUT: bool = true;
            // its text, never failing: on a struct's, list's or map's
            // output cursor, as strings
            const FORY_PLAIN: bool = true;
        }

        impl Serialize for $t {
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                with_text(self, |s| write_str(s, ctx))
            }

            #[inline]
            fn fory_write_plain(&self, w: &mut crate::io::PlainWriter<'_>) {
                with_text(self, |s| write_str_plain(s, w));
            }
        }

        impl Deserialize for $t {
            fn fory_zero() -> Option<Self> {
                Some($zero)
            }

            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
                let at = ctx.reader().position();
                let s = read_string(ctx).map_err(|e| e.context($name))?;
                s.parse().map_err(|e| {
                    Error::invalid(format!(
                        "{}: the string {} at byte {at} is not an address ({e})",
                        $name,
                        shown_text(&s)
                    ))
                })
            }
        }
    )*};
}

address! {
    Ipv4Addr => "std::net::Ipv4Addr", Ipv4Addr::UNSPECIFIED;
    Ipv6Addr => "std::net::Ipv6Addr", Ipv6Addr::UNSPECIFIED;
    IpAddr => "std::net::IpAddr", IpAddr::V4(Ipv4Addr::UNSPECIFIED);
    SocketAddrV4 => "std::net::SocketAddrV4", SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0);
    SocketAddrV6 => "std::net::SocketAddrV6", SocketAddrV6::new(Ipv6Addr::UNSPECIFIED, 0, 0, 0);
    SocketAddr => "std::net::SocketAddr", SocketAddr::V4(SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0));
}

// ----- (): NONE -----
//
// The unit type is pyfory's `None` as a value: type id NONE and no data
// (pyfory reads `NOT_NULL`, NONE as `None`). A null flag, which is what
// pyfory writes for `None`, reads as `()` too, so `[None, None]` and
// `{"k": None}` from pyfory read as `Vec<()>` and `HashMap<String, ()>`.
// Being a value rather than a null, `Option<()>` keeps `Some(())` apart
// from `None`.

impl ForyType for () {
    const FORY_TYPE_ID: u8 = type_id::NONE;
}

impl Serialize for () {
    #[inline]
    fn fory_write_data<'a>(&'a self, _ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        Ok(())
    }
}

impl Deserialize for () {
    #[inline]
    fn fory_read_data(_ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        Ok(())
    }
    fn fory_null() -> Option<Self> {
        Some(())
    }
    fn fory_zero() -> Option<Self> {
        Some(())
    }
}

// ----- PhantomData<T>: as () -----
//
// A struct or variant field spelled `PhantomData<..>` is skipped by the
// derive and never reaches these impls. They serve the spellings it
// cannot recognise (a type alias, `Vec<PhantomData<T>>`, a tuple element,
// a field marked `#[fory(skip = false)]`): the marker carries no data, so
// it is written as the unit type is, type id NONE and no data, whatever
// `T` is (no bound on it: `T` is never written).

impl<T: ?Sized> ForyType for std::marker::PhantomData<T> {
    const FORY_TYPE_ID: u8 = type_id::NONE;
}

impl<T: ?Sized> Serialize for std::marker::PhantomData<T> {
    #[inline]
    fn fory_write_data<'a>(&'a self, _ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        Ok(())
    }
}

impl<T: ?Sized> Deserialize for std::marker::PhantomData<T> {
    #[inline]
    fn fory_read_data(_ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        Ok(std::marker::PhantomData)
    }
    fn fory_null() -> Option<Self> {
        Some(std::marker::PhantomData)
    }
    fn fory_zero() -> Option<Self> {
        Some(std::marker::PhantomData)
    }
}

// ----- PhantomPinned: as () -----
//
// As `PhantomData`: a struct or variant field spelled `PhantomPinned` is
// skipped by the derive; these impls serve the other spellings (an alias,
// an element of a tuple or a list, `#[fory(skip = false)]`), type id
// NONE and no data.

impl ForyType for std::marker::PhantomPinned {
    const FORY_TYPE_ID: u8 = type_id::NONE;
}

impl Serialize for std::marker::PhantomPinned {
    #[inline]
    fn fory_write_data<'a>(&'a self, _ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        Ok(())
    }
}

impl Deserialize for std::marker::PhantomPinned {
    #[inline]
    fn fory_read_data(_ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        Ok(std::marker::PhantomPinned)
    }
    fn fory_null() -> Option<Self> {
        Some(std::marker::PhantomPinned)
    }
    fn fory_zero() -> Option<Self> {
        Some(std::marker::PhantomPinned)
    }
}

// ----- std::cmp::Ordering: INT8 -1, 0, 1 -----
//
// What `Ordering as i8` is (and C's `cmp` convention): INT8, one byte.
// Read from any integer encoding (a peer's `int`), as `i8` is; a value
// other than -1, 0 or 1 is an error naming it.

impl ForyType for std::cmp::Ordering {
    const FORY_TYPE_ID: u8 = type_id::INT8;
    const FORY_READ_TAKES_INPUT: bool = true;
    // a `Vec<i8>`'s INT8_ARRAY
    const FORY_SLICE_TYPE_ID: u8 = <i8 as ForyType>::FORY_SLICE_TYPE_ID;
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        <i8 as ForyType>::fory_accepts(id)
    }
    /// A sequence of `i8`s reads into a `Vec` of orderings, its dense
    /// array too (what a `Vec<i8>` writes).
    #[inline]
    fn fory_vec_accepts(id: u8) -> bool {
        <i8 as ForyType>::fory_vec_accepts(id)
    }
}

/// The ordering `v` stands for, or an error naming it.
fn ordering_of(v: i64, at: usize) -> Result<std::cmp::Ordering> {
    match v {
        -1 => Ok(std::cmp::Ordering::Less),
        0 => Ok(std::cmp::Ordering::Equal),
        1 => Ok(std::cmp::Ordering::Greater),
        _ => Err(Error::invalid(format!(
            "std::cmp::Ordering: {v} at byte {at} is not -1 (Less), 0 (Equal) or 1 (Greater)"
        ))),
    }
}

impl Serialize for std::cmp::Ordering {
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        ctx.writer().write_i8(*self as i8);
        Ok(())
    }

    fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        // a `Vec<i8>`'s array of -1, 0 and 1
        i8::fory_write_slice_of(items.iter().map(|o| *o as i8), ctx)
    }
}

impl Deserialize for std::cmp::Ordering {
    fn fory_zero() -> Option<Self> {
        Some(std::cmp::Ordering::Equal)
    }

    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
        let at = ctx.reader().position();
        ordering_of(i64::fory_read_data(ctx, type_id)?, at)
    }

    fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Vec<Self>> {
        if super::collection::dense_id(type_id) {
            // a `Vec<i8>`'s dense array, each value checked
            let at = ctx.reader().position();
            let values = i8::fory_read_vec(ctx, type_id)?;
            return values
                .into_iter()
                .map(|v| ordering_of(v.into(), at))
                .collect();
        }
        super::collection::read_vec(ctx)
    }
}

// ----- Result<T, E>: a union of Ok (case 0) and Err (case 1) -----
//
// The data is a derived `enum R<T, E> { Ok(T), Err(E) }`'s: the case as
// varuint32, then the case's value as a whole value (flag, type info,
// data). Unregistered, the type info is UNION alone (the format's union
// "whose schema identity is not embedded"), where the derived enum writes
// TYPED_UNION and its id or NAMED_UNION and its name. A `Result` reads
// those too, skipping the name (it reads any union whose case is 0 or 1),
// and a derived enum reads UNION as itself; as struct fields (which write
// no type info for unions) the two write the same bytes.

impl<T: ForyType, E: ForyType> ForyType for std::result::Result<T, E> {
    const FORY_TYPE_ID: u8 = type_id::UNION;
    // as a derived union: pyfory tracks unions; never a back-reference
    const FORY_TRACKS_REF: bool = true;
    const FORY_NATIVE_TRACKS_REF: bool = false;

    fn fory_read_type_info(ctx: &mut ReadContext<'_, '_>) -> Result<u8> {
        read_union_type_info::<Self>(ctx)
    }

    fn fory_accepts(id: u8) -> bool {
        crate::object::is_union_id(id)
    }
}

/// The type info of a union read as a std type (`Result`, `Bound`):
/// UNION alone, or a registered union's TYPED_UNION and id or
/// NAMED_UNION and name (or TypeDef), read and left unchecked; anything
/// else is an error naming `U`.
pub(super) fn read_union_type_info<U: ForyType>(ctx: &mut ReadContext<'_, '_>) -> Result<u8> {
    match ctx.reader().peek_at(0) {
        Some(type_id::UNION) => {
            ctx.reader().consume(1);
            Ok(type_id::UNION)
        }
        Some(type_id::TYPED_UNION | type_id::NAMED_UNION) => {
            crate::value::read::read_any_type_info(ctx).map(|t| t.id)
        }
        _ => {
            let at = ctx.reader().position();
            let id = ctx.reader().read_u8()?;
            Err(super::unexpected_type_id::<U>(id, at))
        }
    }
}

impl<T: Serialize, E: Serialize> Serialize for std::result::Result<T, E> {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        ctx.enter("a Result")?;
        let r = match self {
            Ok(v) => {
                crate::object::write_union_case(ctx, 0);
                super::write_value(v, ctx)
            }
            Err(e) => {
                crate::object::write_union_case(ctx, 1);
                super::write_value(e, ctx)
            }
        };
        ctx.leave();
        r
    }
}

impl<T: Deserialize, E: Deserialize> Deserialize for std::result::Result<T, E> {
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        ctx.enter("a Result")?;
        let at = ctx.reader().position();
        let v = match crate::object::read_union_case(ctx)? {
            0 => Ok(super::read_value::<T>(ctx)?),
            1 => Err(super::read_value::<E>(ctx)?),
            case => {
                return Err(Error::invalid(format!(
                    "{}: union case {case} at byte {at} is neither Ok (0) nor Err (1)",
                    std::any::type_name::<Self>()
                )))
            }
        };
        ctx.leave();
        Ok(v)
    }
}

// ----- unsized strings -----

impl Deserialize for Box<str> {
    fn fory_zero() -> Option<Self> {
        Some(Box::from(""))
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        read_string(ctx).map(String::into_boxed_str)
    }
}

macro_rules! shared_str {
    ($ptr:ident) => {
        impl Deserialize for $ptr<str> {
            fn fory_zero() -> Option<Self> {
                Some($ptr::from(""))
            }
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
                read_string(ctx).map($ptr::from)
            }
            fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
                Some(Box::new($ptr::clone(self)))
            }
            fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
                shared.downcast_ref::<$ptr<str>>().cloned()
            }
        }
    };
}

shared_str!(Rc);
shared_str!(Arc);

// ----- unsized slices -----

impl<T: Deserialize> Deserialize for Box<[T]> {
    fn fory_zero() -> Option<Self> {
        Some(Vec::new().into_boxed_slice())
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
        T::fory_read_vec(ctx, type_id).map(Vec::into_boxed_slice)
    }
}

macro_rules! shared_slice {
    ($ptr:ident) => {
        impl<T: Deserialize + 'static> Deserialize for $ptr<[T]> {
            fn fory_zero() -> Option<Self> {
                Some($ptr::from(Vec::new()))
            }
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
                T::fory_read_vec(ctx, type_id).map($ptr::from)
            }
            fn fory_to_shared(&self) -> Option<Box<dyn Any>> {
                Some(Box::new($ptr::clone(self)))
            }
            fn fory_from_shared(shared: &dyn Any) -> Option<Self> {
                shared.downcast_ref::<$ptr<[T]>>().cloned()
            }
        }
    };
}

shared_slice!(Rc);
shared_slice!(Arc);

// ----- Cow -----

// `Cow<B>` is its owned form on the wire (`Cow<str>` a `String`,
// `Cow<[T]>` a `Vec<T>`, `Cow<Path>` a `PathBuf`, `Cow<T>` of a `Clone`
// type `T`), written from what it borrows or owns and read back owned.
impl<B> ForyType for Cow<'_, B>
where
    B: ToOwned + ?Sized,
    B::Owned: ForyType,
{
    const FORY_TYPE_ID: u8 = <B::Owned as ForyType>::FORY_TYPE_ID;
    const FORY_XLANG_TYPE_ID: u8 = <B::Owned as ForyType>::FORY_XLANG_TYPE_ID;
    const FORY_IS_OPTION: bool = <B::Owned as ForyType>::FORY_IS_OPTION;
    const FORY_READS_DECLARED: bool = <B::Owned as ForyType>::FORY_READS_DECLARED;
    const FORY_TRACKS_REF: bool = <B::Owned as ForyType>::FORY_TRACKS_REF;
    // a borrowed value has no pointer to share
    const FORY_NATIVE_TRACKS_REF: bool = false;
    const FORY_READ_TAKES_INPUT: bool = <B::Owned as ForyType>::FORY_READ_TAKES_INPUT;
    const FORY_NULLABLE: bool = <B::Owned as ForyType>::FORY_NULLABLE;
    fn fory_type_name() -> &'static str {
        <B::Owned as ForyType>::fory_type_name()
    }
    fn fory_children() -> Children {
        <B::Owned as ForyType>::fory_children()
    }
    fn fory_user_type() -> Option<std::any::TypeId> {
        <B::Owned as ForyType>::fory_user_type()
    }
    #[inline]
    fn fory_write_type_info(ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        <B::Owned as ForyType>::fory_write_type_info(ctx)
    }
    #[inline]
    fn fory_read_type_info(ctx: &mut ReadContext<'_, '_>) -> Result<u8> {
        <B::Owned as ForyType>::fory_read_type_info(ctx)
    }
    #[inline]
    fn fory_accepts(id: u8) -> bool {
        <B::Owned as ForyType>::fory_accepts(id)
    }
}

impl<B> Serialize for Cow<'_, B>
where
    B: Serialize + ToOwned + ?Sized,
    B::Owned: ForyType,
{
    #[inline]
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        B::fory_write_data(self, ctx)
    }
    #[inline]
    fn fory_write_dyn_type_info(&self, ctx: &mut WriteContext<'_, '_>) -> Result<()> {
        B::fory_write_dyn_type_info(self, ctx)
    }
    #[inline]
    fn fory_is_none(&self) -> bool {
        B::fory_is_none(self)
    }
}

impl<B> Deserialize for Cow<'static, B>
where
    B: Serialize + ToOwned + ?Sized + 'static,
    B::Owned: Deserialize,
{
    #[inline]
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
        <B::Owned as Deserialize>::fory_read_data(ctx, type_id).map(Cow::Owned)
    }
    fn fory_null() -> Option<Self> {
        <B::Owned as Deserialize>::fory_null().map(Cow::Owned)
    }
    fn fory_zero() -> Option<Self> {
        <B::Owned as Deserialize>::fory_zero().map(Cow::Owned)
    }
    fn fory_read_registered(
        ctx: &mut ReadContext<'_, '_>,
        slot: usize,
        known_type: Option<u8>,
    ) -> Result<Option<Self>> {
        Ok(<B::Owned as Deserialize>::fory_read_registered(ctx, slot, known_type)?.map(Cow::Owned))
    }
}

// ----- NonZero integers -----

macro_rules! non_zero {
    ($($nz:ty => $int:ty;)*) => {$(
        impl ForyType for $nz {
            const FORY_TYPE_ID: u8 = <$int as ForyType>::FORY_TYPE_ID;
            const FORY_READ_TAKES_INPUT: bool = true;
            #[inline]
            fn fory_accepts(id: u8) -> bool {
                <$int as ForyType>::fory_accepts(id)
            }
            // the integer's dense array (BINARY for `NonZeroU8`)
            const FORY_SLICE_TYPE_ID: u8 =
                super::collection::mirrored_slice_id(<$int as ForyType>::FORY_SLICE_TYPE_ID);
            /// A `Vec` of the integer's bytes, its dense array too.
            #[inline]
            fn fory_vec_accepts(id: u8) -> bool {
                <$int as ForyType>::fory_vec_accepts(id)
            }
        }

        impl Serialize for $nz {
            #[inline]
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                // a temporary: the integer's writer takes a borrow for 'a
                // only to offer buffers, which an integer never does
                let v: $int = self.get();
                ctx.detached(|sub| v.fory_write_data(sub))
            }

            /// The integers' `Vec`: the slice is theirs (same layout, no
            /// copy), so are the bytes and any buffer offered.
            fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                <$int>::fory_write_slice(bytemuck::cast_slice(items), ctx)
            }
        }

        impl Deserialize for $nz {
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Self> {
                let at = ctx.reader().position();
                let v = <$int>::fory_read_data(ctx, type_id)?;
                <$nz>::new(v).ok_or_else(|| {
                    Error::invalid(format!(
                        "zero at byte {at} cannot be a {}",
                        stringify!($nz)
                    ))
                })
            }

            fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Vec<Self>> {
                if super::collection::dense_id(type_id) {
                    // the integer's dense array, each value checked
                    let at = ctx.reader().position();
                    let values = <$int>::fory_read_vec(ctx, type_id)?;
                    return values
                        .into_iter()
                        .map(|v| {
                            <$nz>::new(v).ok_or_else(|| {
                                Error::invalid(format!(
                                    "a zero in the array at byte {at} cannot be a {}",
                                    stringify!($nz)
                                ))
                            })
                        })
                        .collect();
                }
                super::collection::read_vec(ctx)
            }
        }
    )*};
}

non_zero! {
    NonZeroU8 => u8;
    NonZeroU16 => u16;
    NonZeroU32 => u32;
    NonZeroU64 => u64;
    NonZeroUsize => usize;
    NonZeroI8 => i8;
    NonZeroI16 => i16;
    NonZeroI32 => i32;
    NonZeroI64 => i64;
    NonZeroIsize => isize;
    NonZeroU128 => u128;
    NonZeroI128 => i128;
}

// ----- wrappers that are their value: Wrapping, Saturating, Reverse, Cell -----

/// A newtype `$w<T>(T)` whose wire form is `T`'s.
macro_rules! wrapper {
    ($($w:ident),*) => {$(
        impl<T: ForyType> ForyType for $w<T> {
            forward_type!();
            const FORY_TRACKS_REF: bool = T::FORY_TRACKS_REF;
            const FORY_NATIVE_TRACKS_REF: bool = T::FORY_NATIVE_TRACKS_REF;
            const FORY_NULLABLE: bool = T::FORY_NULLABLE;
            const FORY_READ_TAKES_INPUT: bool = T::FORY_READ_TAKES_INPUT;
            // `T`'s dense array when it has one, else LIST
            const FORY_SLICE_TYPE_ID: u8 =
                super::collection::mirrored_slice_id(T::FORY_SLICE_TYPE_ID);
            /// What a `Vec<T>` reads: `T`'s dense array too.
            #[inline]
            fn fory_vec_accepts(id: u8) -> bool {
                T::fory_vec_accepts(id)
            }
        }

        impl<T: Serialize> Serialize for $w<T> {
            #[inline]
            fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                self.0.fory_write_data(ctx)
            }
            #[inline]
            fn fory_is_none(&self) -> bool {
                self.0.fory_is_none()
            }
            fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
                if super::collection::dense_id(Self::FORY_SLICE_TYPE_ID) {
                    // `Vec<T>`'s array: the slice lent as `[T]` (the
                    // wrapper is `repr(transparent)`), no copy
                    let plain = <$w<T> as bytemuck::TransparentWrapper<T>>::peel_slice(items);
                    return T::fory_write_slice(plain, ctx);
                }
                super::collection::write_same_type(items.iter(), items.len(), ctx)
            }
        }

        impl<T: Deserialize> Deserialize for $w<T> {
            #[inline]
            fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
                T::fory_read_data(ctx, id).map($w)
            }
            fn fory_null() -> Option<Self> {
                T::fory_null().map($w)
            }
            fn fory_zero() -> Option<Self> {
                T::fory_zero().map($w)
            }
            fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Vec<Self>> {
                dense_or_list(ctx, type_id, $w)
            }
        }
    )*};
}

/// A `Vec` of a wrapper of `T` (`Wrapping`, `Cell`, an atomic, a
/// `OnceCell`...): `T`'s dense array wrapped element by element, or a list
/// of wrapped values.
pub(crate) fn dense_or_list<T: Deserialize, W: Deserialize>(
    ctx: &mut ReadContext<'_, '_>,
    type_id: u8,
    wrap: impl FnMut(T) -> W,
) -> Result<Vec<W>> {
    if super::collection::dense_id(type_id) {
        return Ok(T::fory_read_vec(ctx, type_id)?
            .into_iter()
            .map(wrap)
            .collect());
    }
    super::collection::read_vec(ctx)
}

wrapper!(Wrapping, Saturating, Reverse);

// `Cell<T>` hands out copies only: written from one, detached (the
// borrow it lends lives only for the write)
impl<T: ForyType + Copy> ForyType for Cell<T> {
    forward_type!();
    const FORY_NULLABLE: bool = T::FORY_NULLABLE;
    const FORY_READ_TAKES_INPUT: bool = T::FORY_READ_TAKES_INPUT;
    // `T`'s dense array when it has one, else LIST
    const FORY_SLICE_TYPE_ID: u8 = super::collection::mirrored_slice_id(T::FORY_SLICE_TYPE_ID);
    /// What a `Vec<T>` reads: `T`'s dense array too.
    #[inline]
    fn fory_vec_accepts(id: u8) -> bool {
        T::fory_vec_accepts(id)
    }
}

impl<T: Serialize + Copy> Serialize for Cell<T> {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        let v = self.get();
        ctx.detached(|sub| v.fory_write_data(sub))
    }
    fn fory_is_none(&self) -> bool {
        self.get().fory_is_none()
    }
    fn fory_write_slice<'a>(items: &'a [Self], ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        if super::collection::dense_id(Self::FORY_SLICE_TYPE_ID) {
            // `Vec<T>`'s array of the values the cells hold (a cell lends
            // copies only)
            return T::fory_write_slice_of(items.iter().map(Cell::get), ctx);
        }
        super::collection::write_same_type(items.iter(), items.len(), ctx)
    }
}

impl<T: Deserialize + Copy> Deserialize for Cell<T> {
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, id: u8) -> Result<Self> {
        T::fory_read_data(ctx, id).map(Cell::new)
    }
    fn fory_null() -> Option<Self> {
        T::fory_null().map(Cell::new)
    }
    fn fory_zero() -> Option<Self> {
        T::fory_zero().map(Cell::new)
    }
    fn fory_read_vec(ctx: &mut ReadContext<'_, '_>, type_id: u8) -> Result<Vec<Self>> {
        dense_or_list(ctx, type_id, Cell::new)
    }
}

// ----- u128, i128 -----
//
// As DECIMAL with scale 0: a standard xlang type, so pyfory reads the value
// exactly (as an integral `decimal.Decimal`) and writes it back the same.

/// The integer `±magnitude × 10^-scale`, exactly, as (negative, magnitude);
/// `None` when it is not an integer or needs more than 128 bits.
fn integral(negative: bool, mut magnitude: u128, mut scale: i32) -> Option<(bool, u128)> {
    if magnitude == 0 {
        return Some((false, 0));
    }
    // each step multiplies or divides by 10: an overflow or a remainder
    // ends it within 39 steps, whatever the scale
    while scale < 0 {
        magnitude = magnitude.checked_mul(10)?;
        scale += 1;
    }
    while scale > 0 {
        if magnitude % 10 != 0 {
            return None;
        }
        magnitude /= 10;
        scale -= 1;
    }
    Some((negative, magnitude))
}

fn read_integral(ctx: &mut ReadContext<'_, '_>, what: &str) -> Result<(bool, u128)> {
    let at = ctx.reader().position();
    super::decimal_wire::read_decimal_magnitude(ctx)?
        .and_then(|(negative, m, scale)| integral(negative, m, scale))
        .ok_or_else(|| {
            Error::invalid(format!(
                "the decimal at byte {at} is not an integer that fits {what}"
            ))
        })
}

impl ForyType for u128 {
    const FORY_TYPE_ID: u8 = type_id::DECIMAL;
    const FORY_READ_TAKES_INPUT: bool = true;
}

impl Serialize for u128 {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        super::decimal_wire::write_decimal_magnitude(ctx, false, *self, 0);
        Ok(())
    }
}

impl Deserialize for u128 {
    fn fory_zero() -> Option<Self> {
        Some(0)
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        match read_integral(ctx, "u128")? {
            (true, m) if m != 0 => Err(Error::invalid(format!("-{m} does not fit a u128"))),
            (_, m) => Ok(m),
        }
    }
}

impl ForyType for i128 {
    const FORY_TYPE_ID: u8 = type_id::DECIMAL;
    const FORY_READ_TAKES_INPUT: bool = true;
}

impl Serialize for i128 {
    fn fory_write_data<'a>(&'a self, ctx: &mut WriteContext<'a, '_>) -> Result<()> {
        super::decimal_wire::write_decimal_magnitude(ctx, *self < 0, self.unsigned_abs(), 0);
        Ok(())
    }
}

impl Deserialize for i128 {
    fn fory_zero() -> Option<Self> {
        Some(0)
    }
    fn fory_read_data(ctx: &mut ReadContext<'_, '_>, _type_id: u8) -> Result<Self> {
        let (negative, m) = read_integral(ctx, "i128")?;
        let v = if negative {
            0i128.checked_sub_unsigned(m)
        } else {
            i128::try_from(m).ok()
        };
        v.ok_or_else(|| {
            Error::invalid(format!(
                "{}{m} does not fit an i128",
                if negative { "-" } else { "" }
            ))
        })
    }
}
