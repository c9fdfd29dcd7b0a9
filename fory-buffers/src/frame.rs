//! Framed messages: one in-band stream plus its out-of-band buffers, with a
//! small self-describing header, written to any `io::Write` without
//! copying the buffers and read back as zero-copy `Bytes`. With the `tokio`
//! feature, `write_frame_async` and `Frame::read_from_async` do the same
//! over tokio's `AsyncWrite` / `AsyncRead`, byte for byte.
//!
//! Layout (little-endian; every section starts at a multiple of 64 bytes
//! from the frame's start, so a frame read into aligned memory — or mapped
//! from a file — gives buffers aligned for any primitive type):
//!
//! | bytes | field |
//! |---|---|
//! | 8 | magic `FORYFRM` + version byte `1` |
//! | 4 | flags, 0 (others are rejected) |
//! | 4 | alignment, 64 |
//! | 4 | number of buffers N |
//! | 4 | reserved, 0 |
//! | 8 | stream length |
//! | 8 × N | buffer lengths |
//! | pad | to the alignment |
//! | stream, pad | |
//! | buffer 0, pad, … buffer N−1, pad | |
//!
//! ```
//! use fory_buffers::{frame, BufferKind, BufferObject};
//! let payload = vec![1.5f64; 1000];
//! let objs = [BufferObject::from_slice(&payload, BufferKind::Binary)];
//! let mut wire = Vec::new();
//! frame::write_frame(&mut wire, b"stream", &objs).unwrap();
//! let f = frame::Frame::read_from(&mut &wire[..]).unwrap();
//! assert_eq!(&f.stream()[..], b"stream");
//! assert_eq!(f.buffers()[0].len(), 8000);
//! assert_eq!(f.buffers()[0].as_ptr() as usize % 64, 0); // aligned
//! ```

use std::fmt;
use std::io::{self, IoSlice, Read, Write};
use std::ops::Range;

use bytes::Bytes;

use crate::BufferObject;

const MAGIC: [u8; 8] = *b"FORYFRM\x01";
const ALIGN: usize = 64;
const FIXED: usize = 32;
/// More buffers than this in one frame is rejected as hostile.
pub const MAX_BUFFERS: usize = 1 << 20;
const ZEROS: [u8; ALIGN] = [0; ALIGN];

#[inline]
fn pad(n: u64) -> u64 {
    (ALIGN as u64 - n % ALIGN as u64) % ALIGN as u64
}

/// A corrupt, truncated or oversized frame.
#[derive(Debug)]
pub struct FrameError {
    message: String,
    io: Option<io::Error>,
    eof: bool,
}

impl FrameError {
    #[cold]
    fn invalid(message: impl Into<String>) -> Self {
        FrameError {
            message: message.into(),
            io: None,
            eof: false,
        }
    }

    /// The input ended before the frame did ([`is_eof`](Self::is_eof)).
    #[cold]
    fn cut_short(message: impl Into<String>) -> Self {
        FrameError {
            eof: true,
            ..FrameError::invalid(message)
        }
    }

    /// Whether the input ended before the frame did (or before one began:
    /// a peer that closed the connection between frames), as opposed to
    /// bytes that are not a frame or an I/O error.
    pub fn is_eof(&self) -> bool {
        self.eof
    }

    /// The I/O error the read failed with, if it was one.
    pub fn io_error(&self) -> Option<&io::Error> {
        self.io.as_ref()
    }

    /// The I/O error the read failed with, if it was one, by value (to
    /// wrap it in an error of your own without this one's message).
    ///
    /// ```
    /// use std::io::{self, ErrorKind, Read};
    /// use fory_buffers::frame::Frame;
    /// struct Reset; // a peer that reset the connection
    /// impl Read for Reset {
    ///     fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
    ///         Err(ErrorKind::ConnectionReset.into())
    ///     }
    /// }
    /// let err = Frame::read_from(&mut Reset).unwrap_err();
    /// let io = err.into_io_error().expect("the read's I/O error");
    /// assert_eq!(io.kind(), ErrorKind::ConnectionReset);
    ///
    /// // a truncated frame is not an I/O error
    /// let err = Frame::read_from(&mut &[1u8, 2, 3][..]).unwrap_err();
    /// assert!(err.is_eof() && err.into_io_error().is_none());
    /// ```
    pub fn into_io_error(self) -> Option<io::Error> {
        self.io
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FrameError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.io.as_ref().map(|e| e as _)
    }
}

// As `fory_core::Error` does: the `io::Error` it may hold is neither
// `UnwindSafe` nor `RefUnwindSafe`, which would keep a `FrameError` out of
// `catch_unwind` closures; nothing in it is mutated through `&self`.
impl std::panic::UnwindSafe for FrameError {}
impl std::panic::RefUnwindSafe for FrameError {}

impl From<io::Error> for FrameError {
    #[cold]
    fn from(e: io::Error) -> Self {
        let message = if e.kind() == io::ErrorKind::UnexpectedEof {
            "truncated frame: the input ended early".to_owned()
        } else {
            format!("I/O error reading a frame: {e}")
        };
        FrameError {
            message,
            eof: e.kind() == io::ErrorKind::UnexpectedEof,
            io: Some(e),
        }
    }
}

/// Total size of the frame [`write_frame`] writes, known before writing
/// (to size a file or a shared-memory region).
///
/// ```
/// use fory_buffers::frame::{frame_len, write_frame, Frame};
/// use fory_buffers::{BufferKind, BufferObject};
/// let payload = vec![7u8; 1000];
/// let buffers = [BufferObject::borrowed(&payload, BufferKind::Binary)];
/// let mut out = Vec::new();
/// let n = write_frame(&mut out, b"stream", &buffers)?;
/// assert_eq!(frame_len(6, &buffers), n);
/// assert_eq!(out.len() as u64, n);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn frame_len(stream_len: usize, buffers: &[BufferObject<'_>]) -> u64 {
    let header = (FIXED + 8 * buffers.len()) as u64;
    let mut total = header + pad(header) + stream_len as u64 + pad(stream_len as u64);
    for b in buffers {
        let n = b.total_bytes() as u64;
        total += n + pad(n);
    }
    total
}

/// Writes `stream` and `buffers` as one frame with vectored writes; the
/// buffers' bytes go from their own memory to `out`. Returns the frame's
/// length.
///
/// ```
/// use fory_buffers::frame::{frame_len, write_frame, Frame};
/// use fory_buffers::{BufferKind, BufferObject};
/// let payload = vec![7u8; 1000];
/// let buffers = [BufferObject::borrowed(&payload, BufferKind::Binary)];
/// let mut out = Vec::new();
/// write_frame(&mut out, b"stream", &buffers)?;
/// let frame = Frame::from_bytes(out.into()).expect("a frame");
/// assert_eq!(&frame.stream()[..], b"stream");
/// assert_eq!(frame.buffers()[0], payload);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_frame<W: Write + ?Sized>(
    out: &mut W,
    stream: &[u8],
    buffers: &[BufferObject<'_>],
) -> io::Result<u64> {
    let header = encode_header(stream.len(), buffers)?;
    let mut slices = frame_slices(&header, stream, buffers);
    let mut slices = &mut slices[..];
    while !slices.is_empty() {
        let written = out.write_vectored(slices);
        advance(&mut slices, written)?;
    }
    Ok(frame_len(stream.len(), buffers))
}

/// The async twin of [`write_frame`], for a tokio
/// [`AsyncWrite`](tokio::io::AsyncWrite): the same bytes, written with
/// vectored writes (partial writes resume where they stopped), the buffers
/// going from their own memory to `out`. Returns the frame's length. Like
/// [`write_frame`] it does not flush: flush a buffered writer yourself.
///
/// The future is `Send` when `W` is, so it runs on a multi-threaded
/// runtime.
///
/// ```
/// use fory_buffers::frame::{write_frame, write_frame_async, Frame};
/// use fory_buffers::{BufferKind, BufferObject};
/// let rt = tokio::runtime::Builder::new_current_thread().build()?;
/// let payload = vec![7u8; 1000];
/// let buffers = [BufferObject::borrowed(&payload, BufferKind::Binary)];
/// let mut out = Vec::new(); // a TcpStream, a DuplexStream...
/// let n = rt.block_on(write_frame_async(&mut out, b"stream", &buffers))?;
/// assert_eq!(out.len() as u64, n);
/// // byte for byte what the blocking writer writes
/// let mut sync = Vec::new();
/// write_frame(&mut sync, b"stream", &buffers)?;
/// assert_eq!(out, sync);
/// # Ok::<(), std::io::Error>(())
/// ```
#[cfg(feature = "tokio")]
pub async fn write_frame_async<W: tokio::io::AsyncWrite + Unpin + ?Sized>(
    out: &mut W,
    stream: &[u8],
    buffers: &[BufferObject<'_>],
) -> io::Result<u64> {
    use tokio::io::AsyncWriteExt;
    let header = encode_header(stream.len(), buffers)?;
    let mut slices = frame_slices(&header, stream, buffers);
    let mut slices = &mut slices[..];
    while !slices.is_empty() {
        let written = out.write_vectored(slices).await;
        advance(&mut slices, written)?;
    }
    Ok(frame_len(stream.len(), buffers))
}

/// The frame's header, padded to the alignment.
fn encode_header(stream_len: usize, buffers: &[BufferObject<'_>]) -> io::Result<Vec<u8>> {
    if buffers.len() > MAX_BUFFERS {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} buffers is over the frame limit of {MAX_BUFFERS}",
                buffers.len()
            ),
        ));
    }
    let mut header = Vec::with_capacity(FIXED + 8 * buffers.len() + ALIGN);
    header.extend_from_slice(&MAGIC);
    header.extend_from_slice(&0u32.to_le_bytes());
    header.extend_from_slice(&(ALIGN as u32).to_le_bytes());
    header.extend_from_slice(&(buffers.len() as u32).to_le_bytes());
    header.extend_from_slice(&0u32.to_le_bytes());
    header.extend_from_slice(&(stream_len as u64).to_le_bytes());
    for b in buffers {
        header.extend_from_slice(&(b.total_bytes() as u64).to_le_bytes());
    }
    let p = pad(header.len() as u64) as usize;
    header.extend_from_slice(&ZEROS[..p]);
    Ok(header)
}

/// The whole frame as slices of the header, the stream, the buffers' own
/// memory and the static padding: nothing is copied.
fn frame_slices<'s>(
    header: &'s [u8],
    stream: &'s [u8],
    buffers: &'s [BufferObject<'_>],
) -> Vec<IoSlice<'s>> {
    let mut slices: Vec<IoSlice<'s>> = Vec::with_capacity(3 + 2 * buffers.len());
    slices.push(IoSlice::new(header));
    push_padded(&mut slices, std::iter::once(stream), stream.len());
    for b in buffers {
        push_padded(&mut slices, b.runs().into_iter(), b.total_bytes());
    }
    slices
}

fn push_padded<'s>(
    slices: &mut Vec<IoSlice<'s>>,
    runs: impl Iterator<Item = &'s [u8]>,
    len: usize,
) {
    for r in runs {
        if !r.is_empty() {
            slices.push(IoSlice::new(r));
        }
    }
    let p = pad(len as u64) as usize;
    if p > 0 {
        slices.push(IoSlice::new(&ZEROS[..p]));
    }
}

/// Steps past what one vectored write wrote (the sync and async loops
/// share it): a zero-byte write is an error, an interrupted one is retried.
fn advance(slices: &mut &mut [IoSlice<'_>], written: io::Result<usize>) -> io::Result<()> {
    match written {
        Ok(0) => Err(io::ErrorKind::WriteZero.into()),
        Ok(n) => {
            IoSlice::advance_slices(slices, n);
            Ok(())
        }
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(()),
        Err(e) => Err(e),
    }
}

/// A frame read back: the stream and the buffers as zero-copy slices of
/// one shared allocation (or of a mapped file).
#[derive(Clone)]
pub struct Frame {
    data: Bytes,
    stream: Range<usize>,
    buffers: Vec<Range<usize>>,
}

impl fmt::Debug for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Frame")
            .field("len", &self.data.len())
            .field("stream", &self.stream.len())
            .field(
                "buffers",
                &self.buffers.iter().map(|r| r.len()).collect::<Vec<_>>(),
            )
            .finish()
    }
}

struct Header {
    stream: u64,
    lens: Vec<u64>,
    body_start: u64,
    total: u64,
}

fn parse_fixed(fixed: &[u8; FIXED]) -> Result<(usize, u64), FrameError> {
    if fixed[..7] != MAGIC[..7] {
        return Err(FrameError::invalid("not a Fory frame: bad magic"));
    }
    if fixed[7] != MAGIC[7] {
        return Err(FrameError::invalid(format!(
            "unsupported frame version {}",
            fixed[7]
        )));
    }
    let word = |i: usize| u32::from_le_bytes(fixed[i..i + 4].try_into().expect("4 bytes"));
    if word(8) != 0 || word(20) != 0 {
        return Err(FrameError::invalid("frame flags or reserved bits are set"));
    }
    if word(12) as usize != ALIGN {
        return Err(FrameError::invalid(format!(
            "unsupported frame alignment {}",
            word(12)
        )));
    }
    let count = word(16) as usize;
    if count > MAX_BUFFERS {
        return Err(FrameError::invalid(format!(
            "frame claims {count} buffers, over the limit of {MAX_BUFFERS}"
        )));
    }
    let stream = u64::from_le_bytes(fixed[24..32].try_into().expect("8 bytes"));
    Ok((count, stream))
}

fn layout(count: usize, stream: u64, lens_bytes: &[u8]) -> Result<Header, FrameError> {
    let lens: Vec<u64> = lens_bytes
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes")))
        .collect();
    debug_assert_eq!(lens.len(), count);
    let header = (FIXED + 8 * count) as u64;
    let overflow = || FrameError::invalid("frame lengths overflow");
    let body_start = header + pad(header);
    let mut total = body_start
        .checked_add(stream)
        .and_then(|t| t.checked_add(pad(stream)))
        .ok_or_else(overflow)?;
    for &n in &lens {
        total = total
            .checked_add(n)
            .and_then(|t| t.checked_add(pad(n)))
            .ok_or_else(overflow)?;
    }
    Ok(Header {
        stream,
        lens,
        body_start,
        total,
    })
}

impl Frame {
    fn from_layout(data: Bytes, h: &Header) -> Frame {
        let mut at = h.body_start as usize;
        let stream = at..at + h.stream as usize;
        at = stream.end + pad(h.stream) as usize;
        let buffers = h
            .lens
            .iter()
            .map(|&n| {
                let r = at..at + n as usize;
                at = r.end + pad(n) as usize;
                r
            })
            .collect();
        Frame {
            data,
            stream,
            buffers,
        }
    }

    /// Parses a frame held in `data` (a mapped file, a received message)
    /// without copying: the stream and buffers are slices of it. Bytes
    /// after the frame are ignored; see [`Frame::len`].
    ///
    /// ```
    /// use fory_buffers::frame::{write_frame, Frame};
    /// use fory_buffers::{BufferKind, BufferObject};
    /// let mut out = Vec::new();
    /// write_frame(&mut out, b"s", &[BufferObject::borrowed(&[1, 2, 3], BufferKind::Binary)])?;
    /// let data = bytes::Bytes::from(out);
    /// let frame = Frame::from_bytes(data.clone()).expect("a frame");
    /// // the buffer is a slice of `data`, not a copy
    /// assert!(data.as_ptr_range().contains(&frame.buffers()[0].as_ptr()));
    /// assert!(Frame::from_bytes(data.slice(..40)).is_err()); // truncated
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn from_bytes(data: Bytes) -> Result<Frame, FrameError> {
        let fixed: &[u8; FIXED] = data
            .get(..FIXED)
            .and_then(|s| s.try_into().ok())
            .ok_or_else(|| {
                FrameError::cut_short(format!(
                    "truncated frame: {} bytes, the header alone is {FIXED}",
                    data.len()
                ))
            })?;
        let (count, stream) = parse_fixed(fixed)?;
        let lens = data.get(FIXED..FIXED + 8 * count).ok_or_else(|| {
            FrameError::cut_short("truncated frame: the buffer lengths are cut off")
        })?;
        let h = layout(count, stream, lens)?;
        if h.total > data.len() as u64 {
            return Err(FrameError::cut_short(format!(
                "truncated frame: it needs {} bytes, {} are there",
                h.total,
                data.len()
            )));
        }
        Ok(Frame::from_layout(data, &h))
    }

    /// Reads one frame from `input` into one 64-byte-aligned allocation.
    /// Nothing is allocated on the header's word alone: the buffer table
    /// and the allocation grow with the bytes that actually arrive
    /// (doubling from 64 KiB), so a hostile length costs at most about
    /// twice what was sent, plus 64 KiB.
    ///
    /// ```
    /// use fory_buffers::frame::{write_frame, Frame};
    /// use fory_buffers::{BufferKind, BufferObject};
    /// let mut wire = Vec::new(); // a socket, a pipe...
    /// write_frame(&mut wire, b"s", &[BufferObject::borrowed(&[9; 100], BufferKind::Binary)])?;
    /// let frame = Frame::read_from(&mut &wire[..]).expect("a frame");
    /// assert_eq!(frame.buffers()[0].len(), 100);
    /// assert_eq!(frame.len(), wire.len());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn read_from<R: Read + ?Sized>(input: &mut R) -> Result<Frame, FrameError> {
        let mut reader = FrameReader::new();
        loop {
            let got = input.read(reader.room());
            if let Some(frame) = reader.arrived(got)? {
                return Ok(frame);
            }
        }
    }

    /// The async twin of [`Frame::read_from`], for a tokio
    /// [`AsyncRead`](tokio::io::AsyncRead): one 64-byte-aligned allocation
    /// that grows with the bytes that arrive, and the same errors for a
    /// corrupt, truncated or hostile frame. Reads exactly one frame; bytes
    /// after it stay in `input`.
    ///
    /// The future is `Send` when `R` is, so it runs on a multi-threaded
    /// runtime.
    ///
    /// ```
    /// use fory_buffers::frame::{write_frame, Frame};
    /// use fory_buffers::{BufferKind, BufferObject};
    /// let rt = tokio::runtime::Builder::new_current_thread().build()?;
    /// let mut wire = Vec::new();
    /// write_frame(&mut wire, b"s", &[BufferObject::borrowed(&[9; 100], BufferKind::Binary)])?;
    /// let mut input = &wire[..]; // a TcpStream, a DuplexStream...
    /// let frame = rt.block_on(Frame::read_from_async(&mut input)).expect("a frame");
    /// assert_eq!(frame.buffers()[0].len(), 100);
    /// assert_eq!(frame.buffers()[0].as_ptr() as usize % 64, 0); // aligned
    /// // a truncated frame is an error, not a hang
    /// let mut cut = &wire[..wire.len() - 1];
    /// assert!(rt.block_on(Frame::read_from_async(&mut cut)).is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    #[cfg(feature = "tokio")]
    pub async fn read_from_async<R: tokio::io::AsyncRead + Unpin + ?Sized>(
        input: &mut R,
    ) -> Result<Frame, FrameError> {
        use tokio::io::AsyncReadExt;
        let mut reader = FrameReader::new();
        loop {
            let got = input.read(reader.room()).await;
            if let Some(frame) = reader.arrived(got)? {
                return Ok(frame);
            }
        }
    }

    /// The in-band stream, a zero-copy slice of the frame.
    ///
    /// ```
    /// use fory_buffers::frame::{write_frame, Frame};
    /// let mut out = Vec::new();
    /// write_frame(&mut out, b"in-band", &[])?;
    /// let data = bytes::Bytes::from(out);
    /// let frame = Frame::from_bytes(data.clone()).expect("a frame");
    /// assert_eq!(&frame.stream()[..], b"in-band");
    /// assert!(data.as_ptr_range().contains(&frame.stream().as_ptr())); // no copy
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn stream(&self) -> Bytes {
        self.data.slice(self.stream.clone())
    }

    /// The out-of-band buffers, in order, sharing the frame's memory.
    ///
    /// ```
    /// use fory_buffers::frame::{write_frame, Frame};
    /// use fory_buffers::{BufferKind, BufferObject};
    /// let (small, large) = (vec![1u8; 10], vec![2u8; 3000]);
    /// let objs = [&small, &large].map(|v| BufferObject::borrowed(v, BufferKind::Binary));
    /// let mut out = Vec::new();
    /// write_frame(&mut out, b"s", &objs)?;
    /// let frame = Frame::from_bytes(out.into()).expect("a frame");
    /// assert_eq!(frame.buffers(), [small, large]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn buffers(&self) -> Vec<Bytes> {
        self.buffers
            .iter()
            .map(|r| self.data.slice(r.clone()))
            .collect()
    }

    /// Number of bytes the frame takes, padding included: where the next
    /// frame starts when several are stored back to back.
    ///
    /// ```
    /// use fory_buffers::frame::{write_frame, Frame};
    /// let mut out = Vec::new();
    /// let first_len = write_frame(&mut out, b"first", &[])?;
    /// write_frame(&mut out, b"second", &[])?;
    /// let data = bytes::Bytes::from(out);
    /// let first = Frame::from_bytes(data.clone()).expect("a frame");
    /// assert_eq!(first.len() as u64, first_len);
    /// let second = Frame::from_bytes(data.slice(first.len()..)).expect("a frame");
    /// assert_eq!(&second.stream()[..], b"second");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.buffers
            .last()
            .map(|r| r.end + pad(r.len() as u64) as usize)
            .unwrap_or(self.stream.end + pad(self.stream.len() as u64) as usize)
    }

    /// True for a frame with an empty stream and no buffers.
    ///
    /// ```
    /// use fory_buffers::frame::{write_frame, Frame};
    /// let mut out = Vec::new();
    /// write_frame(&mut out, b"", &[])?;
    /// assert!(Frame::from_bytes(out.into()).expect("a frame").is_empty());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.stream.is_empty() && self.buffers.is_empty()
    }
}

/// Reads are sized from here and double with what arrived.
const GROW_FROM: usize = 64 << 10;

/// How far [`FrameReader`] has got.
enum Stage {
    /// The fixed part of the header: 32 bytes.
    Fixed,
    /// The buffer table: `8 × count` bytes after the fixed part.
    Table { count: usize, stream: u64 },
    /// The rest of the frame: `total` bytes in all.
    Body { header: Header, total: usize },
}

/// Reading one frame, apart from the I/O: the sync and async readers loop
/// on [`room`](Self::room) (where the next read goes) and
/// [`arrived`](Self::arrived) (what it returned, and the frame once it is
/// complete). Everything is read into one [`AlignedBuf`] that grows with
/// the bytes that arrived, never with what the header claims.
struct FrameReader {
    buf: AlignedBuf,
    stage: Stage,
    /// `buf.len` the current stage reads up to; always above `buf.len`
    /// between reads.
    need: usize,
    /// The size of the last [`room`](Self::room).
    asked: usize,
}

impl FrameReader {
    fn new() -> Self {
        FrameReader {
            buf: AlignedBuf::with_capacity(ALIGN),
            stage: Stage::Fixed,
            need: FIXED,
            asked: 0,
        }
    }

    /// Room for the next read: never empty, never past the current stage,
    /// sized from 64 KiB and doubling with what arrived.
    fn room(&mut self) -> &mut [u8] {
        self.asked = (self.need - self.buf.len).min(self.buf.len.max(GROW_FROM));
        self.buf.spare(self.asked)
    }

    /// Takes the outcome of one read into [`room`](Self::room); returns the
    /// frame once it is complete. An end of input before that is an error,
    /// an interrupted read is retried.
    fn arrived(&mut self, got: io::Result<usize>) -> Result<Option<Frame>, FrameError> {
        let n = match got {
            Ok(0) => return Err(self.truncated()),
            Ok(n) if n > self.asked => {
                return Err(FrameError::invalid(format!(
                    "the reader claims {n} bytes read into room for {}",
                    self.asked
                )))
            }
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        self.buf.commit(n);
        while self.buf.len == self.need {
            let bytes = &self.buf.as_ref()[..self.buf.len];
            match &self.stage {
                Stage::Fixed => {
                    let fixed: &[u8; FIXED] = bytes.try_into().expect("the fixed header");
                    let (count, stream) = parse_fixed(fixed)?;
                    self.stage = Stage::Table { count, stream };
                    self.need = FIXED + 8 * count;
                }
                &Stage::Table { count, stream } => {
                    let header = layout(count, stream, &bytes[FIXED..])?;
                    let total = usize::try_from(header.total).map_err(|_| {
                        FrameError::invalid("frame larger than this machine's address space")
                    })?;
                    self.stage = Stage::Body { header, total };
                    self.need = total;
                }
                Stage::Body { header, .. } => {
                    let buf = std::mem::replace(&mut self.buf, AlignedBuf::with_capacity(0));
                    return Ok(Some(Frame::from_layout(buf.into_bytes(), header)));
                }
            }
        }
        Ok(None)
    }

    #[cold]
    fn truncated(&self) -> FrameError {
        let at = self.buf.len;
        FrameError::cut_short(match &self.stage {
            Stage::Fixed if at == 0 => "no frame: the input ended before a frame began".to_owned(),
            Stage::Fixed => format!(
                "truncated frame: the input ended after {at} bytes, the header alone is {FIXED}"
            ),
            Stage::Table { count, .. } => format!(
                "truncated frame: its buffer table needs {} bytes, the input ended after {}",
                8 * count,
                at - FIXED
            ),
            Stage::Body { total, .. } => {
                format!("truncated frame: it needs {total} bytes, the input ended after {at}")
            }
        })
    }
}

/// A growable byte buffer whose start is 64-byte aligned.
struct AlignedBuf {
    blocks: Vec<Block>,
    len: usize,
}

#[derive(Clone, Copy)]
#[repr(C, align(64))]
struct Block([u8; ALIGN]);

// Written by hand rather than derived, so that a default-features = false
// build needs no proc-macro crate (bytemuck's `derive` feature).
// SAFETY: `Block` is `repr(C)` around a `[u8; 64]` with alignment 64: its
// size is 64 (a multiple of the alignment), so it has no padding; every bit
// pattern is a valid `[u8; 64]`, the all-zero one included; and it holds no
// pointers or interior mutability. Those are `Zeroable` and `Pod`'s
// requirements.
#[allow(unsafe_code)]
unsafe impl bytemuck::Zeroable for Block {}
// SAFETY: as above.
#[allow(unsafe_code)]
unsafe impl bytemuck::Pod for Block {}

const _: () = assert!(std::mem::size_of::<Block>() == ALIGN);

impl AlignedBuf {
    fn with_capacity(bytes: usize) -> Self {
        AlignedBuf {
            blocks: Vec::with_capacity(bytes.div_ceil(ALIGN)),
            len: 0,
        }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        bytemuck::cast_slice_mut(&mut self.blocks)
    }

    /// Zeroed room for up to `want` more bytes after `len`.
    fn spare(&mut self, want: usize) -> &mut [u8] {
        let need = (self.len + want).div_ceil(ALIGN);
        if self.blocks.len() < need {
            // exact: the caller doubles its requests, so Vec's own doubling
            // on top would overshoot what arrived
            self.blocks.reserve_exact(need - self.blocks.len());
            self.blocks.resize(need, Block([0; ALIGN]));
        }
        let len = self.len;
        &mut self.bytes_mut()[len..len + want]
    }

    fn commit(&mut self, n: usize) {
        self.len += n;
    }

    fn into_bytes(self) -> Bytes {
        let len = self.len;
        Bytes::from_owner(self).slice(..len)
    }
}

impl AsRef<[u8]> for AlignedBuf {
    fn as_ref(&self) -> &[u8] {
        bytemuck::cast_slice(&self.blocks)
    }
}

/// Maps a file into memory as `Bytes`, for [`Frame::from_bytes`] with no
/// copy at all.
///
/// The mapping shares the file's pages: if another process changes or
/// truncates the file while it is mapped, the bytes seen change too (and
/// reading a truncated part raises SIGBUS). Map only files nobody is
/// writing.
///
/// ```
/// use fory_buffers::frame::{map_file, write_frame, Frame};
/// use fory_buffers::{BufferKind, BufferObject};
/// let path = std::env::temp_dir().join(format!("fory-doc-{}.frame", std::process::id()));
/// let mut file = std::fs::File::create(&path)?;
/// write_frame(&mut file, b"s", &[BufferObject::borrowed(&[4; 256], BufferKind::Binary)])?;
/// drop(file);
/// let mapped = map_file(&path)?;
/// let frame = Frame::from_bytes(mapped).expect("a frame");
/// assert_eq!(&frame.buffers()[0][..], &[4; 256][..]); // the file's pages
/// drop(frame);
/// std::fs::remove_file(&path)?;
/// # Ok::<(), std::io::Error>(())
/// ```
#[cfg(feature = "mmap")]
pub fn map_file(path: impl AsRef<std::path::Path>) -> io::Result<Bytes> {
    let file = std::fs::File::open(path)?;
    // SAFETY: memmap2 requires that the file not be modified while mapped;
    // that is a documented precondition of this function (above). The
    // mapping is read-only and owned by the returned Bytes, which keeps it
    // alive as long as any slice of it exists.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::Mmap::map(&file)? };
    Ok(Bytes::from_owner(map))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BufferKind, ElemType, Strided};

    fn objs<'a>(a: &'a [f64], b: &'a [u8]) -> Vec<BufferObject<'a>> {
        vec![
            BufferObject::from_slice(a, BufferKind::PrimitiveArray(ElemType::F64)),
            BufferObject::borrowed(b, BufferKind::Binary),
        ]
    }

    #[test]
    fn round_trip_through_read_and_bytes_with_alignment() {
        let a: Vec<f64> = (0..100).map(f64::from).collect();
        let b = vec![7u8; 13];
        let mut wire = Vec::new();
        let n = write_frame(&mut wire, b"abc", &objs(&a, &b)).unwrap();
        assert_eq!(n as usize, wire.len());
        assert_eq!(wire.len() as u64, frame_len(3, &objs(&a, &b)));
        for f in [
            Frame::read_from(&mut &wire[..]).unwrap(),
            Frame::from_bytes(Bytes::from(wire.clone())).unwrap(),
        ] {
            assert_eq!(&f.stream()[..], b"abc");
            let bufs = f.buffers();
            assert_eq!(bytemuck::cast_slice::<u8, f64>(&bufs[0][..]), &a[..]);
            assert_eq!(&bufs[1][..], &b[..]);
            assert_eq!(f.len(), wire.len());
        }
        let f = Frame::read_from(&mut &wire[..]).unwrap();
        for buf in f.buffers() {
            assert_eq!(buf.as_ptr() as usize % ALIGN, 0);
        }
    }

    #[test]
    fn strided_buffers_are_written_run_by_run() {
        let base: Vec<u8> = (0..12).collect();
        let l = Strided::new(12, 1, 1, &[3, 2], &[4, 1]).unwrap();
        let o = BufferObject::strided(&base[..], l, BufferKind::NdArray(ElemType::U8)).unwrap();
        let mut wire = Vec::new();
        write_frame(&mut wire, b"", &[o]).unwrap();
        let f = Frame::read_from(&mut &wire[..]).unwrap();
        assert_eq!(&f.buffers()[0][..], &[1, 2, 5, 6, 9, 10]);
    }

    #[test]
    fn every_truncation_and_bad_header_is_an_error() {
        let a = vec![1.0f64; 10];
        let b = vec![1u8; 100];
        let mut wire = Vec::new();
        write_frame(&mut wire, b"stream", &objs(&a, &b)).unwrap();
        for i in 0..wire.len() {
            assert!(
                Frame::read_from(&mut &wire[..i]).is_err(),
                "read_from prefix {i}"
            );
            assert!(
                Frame::from_bytes(Bytes::copy_from_slice(&wire[..i])).is_err(),
                "from_bytes prefix {i}"
            );
        }
        for (at, v) in [(0, b'X'), (7, 9), (8, 1), (12, 32), (20, 1)] {
            let mut bad = wire.clone();
            bad[at] = v;
            assert!(Frame::read_from(&mut &bad[..]).is_err(), "byte {at}");
        }
    }

    #[test]
    fn hostile_lengths_do_not_allocate_what_they_claim() {
        // a header claiming an exabyte buffer, followed by 10 bytes
        let mut wire = Vec::new();
        wire.extend_from_slice(&MAGIC);
        wire.extend_from_slice(&0u32.to_le_bytes());
        wire.extend_from_slice(&(ALIGN as u32).to_le_bytes());
        wire.extend_from_slice(&1u32.to_le_bytes());
        wire.extend_from_slice(&0u32.to_le_bytes());
        wire.extend_from_slice(&0u64.to_le_bytes());
        wire.extend_from_slice(&(1u64 << 60).to_le_bytes());
        wire.extend_from_slice(&[0u8; 10]);
        let e = Frame::from_bytes(Bytes::from(wire.clone())).unwrap_err();
        assert!(e.to_string().contains("truncated"), "{e}");
        let e = Frame::read_from(&mut &wire[..]).unwrap_err();
        assert!(e.to_string().contains("truncated"), "{e}");
        // u64::MAX lengths overflow instead of wrapping
        let mut over = wire[..40].to_vec();
        over[32..40].copy_from_slice(&u64::MAX.to_le_bytes());
        let e = Frame::from_bytes(Bytes::from(over)).unwrap_err();
        assert!(e.to_string().contains("overflow"), "{e}");
        // too many buffers
        let mut many = wire[..32].to_vec();
        many[16..20].copy_from_slice(&u32::MAX.to_le_bytes());
        let e = Frame::read_from(&mut &many[..]).unwrap_err();
        assert!(e.to_string().contains("limit"), "{e}");
    }

    #[test]
    fn a_reader_claiming_more_than_it_was_given_is_an_error() {
        struct Liar;
        impl Read for Liar {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                Ok(buf.len() + 1)
            }
        }
        let e = Frame::read_from(&mut Liar).unwrap_err();
        assert!(e.to_string().contains("claims"), "{e}");
    }

    #[cfg(feature = "tokio")]
    mod async_frames {
        use super::*;
        use std::pin::Pin;
        use std::task::{Context, Poll};
        use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

        fn block_on<F: std::future::Future>(f: F) -> F::Output {
            tokio::runtime::Builder::new_current_thread()
                .build()
                .unwrap()
                .block_on(f)
        }

        /// Takes at most `max` bytes per write, cycling 1..=max, and
        /// returns `Pending` every other poll.
        struct Trickle {
            out: Vec<u8>,
            max: usize,
            polls: usize,
        }

        impl AsyncWrite for Trickle {
            fn poll_write(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &[u8],
            ) -> Poll<io::Result<usize>> {
                self.poll_write_vectored(cx, &[IoSlice::new(buf)])
            }
            fn poll_write_vectored(
                mut self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                bufs: &[IoSlice<'_>],
            ) -> Poll<io::Result<usize>> {
                self.polls += 1;
                if self.polls % 2 == 0 {
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
                let mut budget = 1 + self.polls / 2 % self.max;
                let mut n = 0;
                for b in bufs {
                    let take = b.len().min(budget);
                    self.out.extend_from_slice(&b[..take]);
                    n += take;
                    budget -= take;
                    if budget == 0 {
                        break;
                    }
                }
                Poll::Ready(Ok(n))
            }
            fn is_write_vectored(&self) -> bool {
                true
            }
            fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
                Poll::Ready(Ok(()))
            }
            fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
                Poll::Ready(Ok(()))
            }
        }

        /// Hands out at most 3 bytes per read.
        struct Dribble<'a>(&'a [u8]);

        impl AsyncRead for Dribble<'_> {
            fn poll_read(
                mut self: Pin<&mut Self>,
                _: &mut Context<'_>,
                buf: &mut ReadBuf<'_>,
            ) -> Poll<io::Result<()>> {
                let n = self.0.len().min(buf.remaining()).min(3);
                buf.put_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Poll::Ready(Ok(()))
            }
        }

        fn assert_send<F: Send>(_: &F) {}

        #[test]
        fn the_futures_are_send() {
            let mut out = Vec::new();
            let a = [1.0f64; 4];
            let bufs = objs(&a, b"x");
            assert_send(&write_frame_async(&mut out, b"s", &bufs));
            let mut input: &[u8] = &[];
            assert_send(&Frame::read_from_async(&mut input));
        }

        #[test]
        fn async_writes_the_sync_bytes_through_partial_writes() {
            let a: Vec<f64> = (0..300).map(f64::from).collect();
            let b = vec![3u8; 77];
            let mut sync = Vec::new();
            write_frame(&mut sync, b"stream!", &objs(&a, &b)).unwrap();
            for max in 1..=7 {
                let mut w = Trickle {
                    out: Vec::new(),
                    max,
                    polls: 0,
                };
                let n = block_on(write_frame_async(&mut w, b"stream!", &objs(&a, &b))).unwrap();
                assert_eq!(n as usize, sync.len());
                assert_eq!(w.out, sync, "max {max}");
            }
            let mut v = Vec::new();
            block_on(write_frame_async(&mut v, b"stream!", &objs(&a, &b))).unwrap();
            assert_eq!(v, sync);
        }

        #[test]
        fn async_reads_what_sync_reads_and_rejects_every_truncation() {
            let a: Vec<f64> = (0..300).map(f64::from).collect();
            let b = vec![3u8; 77];
            let mut wire = Vec::new();
            write_frame(&mut wire, b"stream!", &objs(&a, &b)).unwrap();
            wire.extend_from_slice(b"next");
            let mut input = Dribble(&wire);
            let f = block_on(Frame::read_from_async(&mut input)).unwrap();
            assert_eq!(input.0, b"next", "reads exactly one frame");
            assert_eq!(&f.stream()[..], b"stream!");
            let bufs = f.buffers();
            assert_eq!(bytemuck::cast_slice::<u8, f64>(&bufs[0][..]), &a[..]);
            assert_eq!(&bufs[1][..], &b[..]);
            assert!(bufs.iter().all(|x| x.as_ptr() as usize % ALIGN == 0));
            let wire = &wire[..wire.len() - 4];
            for i in 0..wire.len() {
                let sync = Frame::read_from(&mut &wire[..i]).unwrap_err();
                let async_ = block_on(Frame::read_from_async(&mut Dribble(&wire[..i])));
                assert_eq!(async_.unwrap_err().to_string(), sync.to_string(), "{i}");
            }
        }
    }

    #[cfg(feature = "mmap")]
    #[test]
    fn a_mapped_file_is_read_without_copying() {
        let a: Vec<f64> = (0..1000).map(f64::from).collect();
        let path = std::env::temp_dir().join(format!("fory-frame-{}.bin", std::process::id()));
        let mut file = std::fs::File::create(&path).unwrap();
        write_frame(&mut file, b"s", &objs(&a, b"xyz")).unwrap();
        drop(file);
        let mapped = map_file(&path).unwrap();
        let f = Frame::from_bytes(mapped.clone()).unwrap();
        let bufs = f.buffers();
        let range = mapped.as_ptr_range();
        assert!(range.contains(&bufs[0].as_ptr()), "points into the mapping");
        assert_eq!(bufs[0].as_ptr() as usize % ALIGN, 0);
        assert_eq!(bytemuck::cast_slice::<u8, f64>(&bufs[0][..]), &a[..]);
        drop((f, bufs, mapped));
        std::fs::remove_file(&path).unwrap();
    }
}
