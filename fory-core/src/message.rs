//! Whole messages: a value's in-band stream and its out-of-band buffers as
//! one frame ([`fory_buffers::frame`]), over any `io::Write` / `io::Read`, or
//! read in place from `Bytes` (a received message, a mapped file). With the
//! `tokio` feature, `Fory::write_message_async` and
//! `Fory::read_message_async` do the same over tokio's `AsyncWrite` /
//! `AsyncRead`; the frames are the same, so either side may be sync.
//!
//! ```
//! use fory_core::Fory;
//! let fory = Fory::builder().build();
//! let samples: Vec<f64> = (0..100_000).map(f64::from).collect();
//! let mut wire = Vec::new(); // or a File, a TcpStream
//! fory.write_message(&samples, &mut wire)?;
//! let back: Vec<f64> = fory.read_message(&mut &wire[..])?;
//! assert_eq!(back, samples);
//! # Ok::<(), fory_core::Error>(())
//! ```

use std::io::{Read, Write};

use bytes::Bytes;
use fory_buffers::frame::{self, Frame};
use fory_buffers::{BufferObject, SizeThreshold};

use crate::error::{Error, ErrorKind, Result};
use crate::serializer::{Deserialize, Serialize};
use crate::types::header;
use crate::Fory;

/// Buffers smaller than this stay in the stream: a frame pads every buffer
/// to 64 bytes, so out-of-band only pays for larger ones.
pub const MESSAGE_OOB_THRESHOLD: usize = 1024;

/// A frame that ended early is [`ErrorKind::UnexpectedEof`], a failed
/// read [`ErrorKind::Io`] (its `io::Error` kept as the source, see
/// [`Error::io_kind`]), anything else [`ErrorKind::InvalidData`]. The
/// message is the frame error's; the source is the I/O error under it,
/// not the frame error itself (whose text is the message again).
impl From<frame::FrameError> for Error {
    #[cold]
    fn from(e: frame::FrameError) -> Self {
        let kind = if e.is_eof() {
            ErrorKind::UnexpectedEof
        } else if e.io_error().is_some() {
            ErrorKind::Io
        } else {
            ErrorKind::InvalidData
        };
        let message = e.to_string();
        match e.into_io_error() {
            Some(io) => Error::with_source(kind, message, io),
            None => Error::new(kind, message),
        }
    }
}

impl Fory {
    /// Serializes `value` and writes it as one frame: buffers of at least
    /// [`MESSAGE_OOB_THRESHOLD`] bytes go out-of-band and are written from
    /// their own memory with vectored writes. Returns the frame's length.
    ///
    /// ```
    /// use fory_core::Fory;
    /// let fory = Fory::builder().build();
    /// let samples: Vec<f64> = (0..100_000).map(f64::from).collect();
    /// let mut wire = Vec::new(); // a socket, a file, a pipe...
    /// let n = fory.write_message(&samples, &mut wire)?;
    /// assert_eq!(n as usize, wire.len());
    /// let back: Vec<f64> = fory.read_message(&mut &wire[..])?;
    /// assert_eq!(back, samples);
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn write_message<T, W>(&self, value: &T, out: &mut W) -> Result<u64>
    where
        T: Serialize + ?Sized,
        W: Write + ?Sized,
    {
        let (stream, objs) = self.encode_message(value)?;
        Ok(frame::write_frame(out, &stream, &objs)?)
    }

    /// The stream and out-of-band buffers of one message (shared by the
    /// sync and async writers).
    fn encode_message<'v, T>(&self, value: &'v T) -> Result<(Vec<u8>, Vec<BufferObject<'v>>)>
    where
        T: Serialize + ?Sized,
    {
        let mut objs: Vec<BufferObject<'v>> = Vec::new();
        let stream = self
            .serialize_with_callback(value, SizeThreshold::new(MESSAGE_OOB_THRESHOLD, &mut objs))?;
        Ok((stream, objs))
    }

    /// The async twin of [`write_message`](Self::write_message), for a
    /// tokio [`AsyncWrite`](tokio::io::AsyncWrite) (feature `tokio`): the
    /// same frame, byte for byte, so either side may be sync. The value is
    /// serialized before the first write; the buffers then go from the
    /// value's memory to `out` with vectored writes. Returns the frame's
    /// length. It does not flush: flush a buffered writer yourself.
    ///
    /// The future is `Send` when `T` is `Sync` and `W` is `Send`, so it
    /// runs on a multi-threaded runtime.
    ///
    /// ```
    /// use fory_core::Fory;
    /// let fory = Fory::builder().build();
    /// let samples: Vec<f64> = (0..100_000).map(f64::from).collect();
    /// let rt = tokio::runtime::Builder::new_current_thread().build()?;
    /// let mut wire = Vec::new(); // a TcpStream, a DuplexStream...
    /// let n = rt.block_on(fory.write_message_async(&samples, &mut wire))?;
    /// assert_eq!(n as usize, wire.len());
    /// // the frame the blocking writer writes
    /// let mut sync = Vec::new();
    /// fory.write_message(&samples, &mut sync)?;
    /// assert_eq!(wire, sync);
    /// let back: Vec<f64> = fory.read_message(&mut &wire[..])?;
    /// assert_eq!(back, samples);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "tokio")]
    pub async fn write_message_async<T, W>(&self, value: &T, out: &mut W) -> Result<u64>
    where
        T: Serialize + ?Sized,
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        let (stream, objs) = self.encode_message(value)?;
        Ok(frame::write_frame_async(out, &stream, &objs).await?)
    }

    /// The async twin of [`read_message`](Self::read_message), for a tokio
    /// [`AsyncRead`](tokio::io::AsyncRead) (feature `tokio`): reads exactly
    /// one frame into one 64-byte-aligned allocation that grows with the
    /// bytes that arrive, then deserializes it as
    /// [`deserialize_frame`](Self::deserialize_frame) does; `Bytes`-backed
    /// values share that allocation. A truncated, corrupt or hostile frame
    /// is an error.
    ///
    /// The future is `Send` when `R` is, so it runs on a multi-threaded
    /// runtime.
    ///
    /// ```
    /// use fory_core::Fory;
    /// use fory_core::bytes::Bytes;
    /// let fory = Fory::builder().build();
    /// let mut wire = Vec::new();
    /// fory.write_message(&Bytes::from(vec![1u8; 1 << 20]), &mut wire)?;
    /// let rt = tokio::runtime::Builder::new_current_thread().build()?;
    /// let mut input = &wire[..]; // a TcpStream, a DuplexStream...
    /// let back: Bytes = rt.block_on(fory.read_message_async(&mut input))?;
    /// assert_eq!(back.len(), 1 << 20);
    /// assert_eq!(back.as_ptr() as usize % 64, 0); // in the aligned frame
    /// // a truncated frame is an error
    /// let mut cut = &wire[..wire.len() / 2];
    /// assert!(rt.block_on(fory.read_message_async::<Bytes, _>(&mut cut)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "tokio")]
    pub async fn read_message_async<T, R>(&self, input: &mut R) -> Result<T>
    where
        T: Deserialize,
        R: tokio::io::AsyncRead + Unpin + ?Sized,
    {
        let frame = Frame::read_from_async(input).await?;
        self.deserialize_frame(&frame)
    }

    /// Reads one frame from `input` (into one aligned allocation) and
    /// deserializes it; `Bytes`-backed values share that allocation. Any
    /// frame of a stream and its buffers reads, as
    /// [`deserialize_frame`](Self::deserialize_frame) says. The frame is
    /// read whole before its value is: when the value is the error,
    /// `input` is at the next frame, so a stream of messages goes on; a
    /// truncated or corrupt frame leaves `input` somewhere inside it.
    ///
    /// ```
    /// use fory_core::Fory;
    /// use fory_core::bytes::Bytes;
    /// let fory = Fory::builder().build();
    /// let mut wire = Vec::new();
    /// fory.write_message(&Bytes::from(vec![1u8; 1 << 20]), &mut wire)?;
    /// let back: Bytes = fory.read_message(&mut &wire[..])?;
    /// assert_eq!(back.len(), 1 << 20);
    /// // a truncated frame is an error
    /// assert!(fory.read_message::<Bytes, _>(&mut &wire[..wire.len() / 2]).is_err());
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn read_message<T, R>(&self, input: &mut R) -> Result<T>
    where
        T: Deserialize,
        R: Read + ?Sized,
    {
        self.deserialize_frame(&Frame::read_from(input)?)
    }

    /// Deserializes a frame held in `Bytes` (e.g. from `frame::map_file`,
    /// feature `mmap`) without copying it. Any frame of a stream and
    /// its buffers reads, as [`deserialize_frame`](Self::deserialize_frame)
    /// says.
    ///
    /// ```
    /// use fory_core::Fory;
    /// use fory_core::bytes::Bytes;
    /// let fory = Fory::builder().build();
    /// let mut wire = Vec::new();
    /// fory.write_message(&Bytes::from(vec![5u8; 4096]), &mut wire)?;
    /// let received = Bytes::from(wire);
    /// let back: Bytes = fory.deserialize_message(received.clone())?;
    /// // the value points into the received message
    /// assert!(received.as_ptr_range().contains(&back.as_ptr()));
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn deserialize_message<T: Deserialize>(&self, data: Bytes) -> Result<T> {
        self.deserialize_frame(&Frame::from_bytes(data)?)
    }

    /// Deserializes a parsed frame. A frame of any stream and buffer list
    /// ([`frame::write_frame`]) reads: a stream written with a buffer
    /// callback takes the frame's buffers, one written without a callback
    /// reads as it is when the frame has no buffers (buffers in such a
    /// frame are surplus, an error).
    ///
    /// ```
    /// use fory_core::Fory;
    /// use fory_core::buffers::frame::{self, Frame};
    /// use fory_core::bytes::Bytes;
    /// let fory = Fory::builder().build();
    /// let mut wire = Vec::new();
    /// fory.write_message(&vec![3i32; 50_000], &mut wire)?;
    /// let frame = Frame::from_bytes(Bytes::from(wire)).expect("a frame");
    /// assert_eq!(frame.buffers().len(), 1); // the array went out-of-band
    /// let back: Vec<i32> = fory.deserialize_frame(&frame)?;
    /// assert_eq!(back.len(), 50_000);
    ///
    /// // a stream of `serialize` (no callback) in a frame of no buffers
    /// let mut wire = Vec::new();
    /// frame::write_frame(&mut wire, &fory.serialize(&"hello".to_string())?, &[])?;
    /// let frame = Frame::from_bytes(Bytes::from(wire)).expect("a frame");
    /// assert_eq!(fory.deserialize_frame::<String>(&frame)?, "hello");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deserialize_frame<T: Deserialize>(&self, frame: &Frame) -> Result<T> {
        let stream = frame.stream();
        let buffers = frame.buffers();
        // an in-band stream with nothing to hand it reads as it is;
        // anything else (buffers for an in-band stream included) is the
        // out-of-band reader's to accept or refuse
        if buffers.is_empty()
            && !stream
                .first()
                .is_some_and(|&h| h & header::OUT_OF_BAND != 0)
        {
            return self.deserialize(&stream);
        }
        self.deserialize_with_buffers(&stream, buffers)
    }
}
