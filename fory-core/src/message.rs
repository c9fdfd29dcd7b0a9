//! Whole messages: a value's in-band stream and its out-of-band buffers as
//! one frame ([`fory_buffers::frame`]), over any `io::Write` / `io::Read`, or
//! read in place from `Bytes` (a received message, a mapped file).
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
use crate::Fory;

/// Buffers smaller than this stay in the stream: a frame pads every buffer
/// to 64 bytes, so out-of-band only pays for larger ones.
pub const MESSAGE_OOB_THRESHOLD: usize = 1024;

impl From<frame::FrameError> for Error {
    #[cold]
    fn from(e: frame::FrameError) -> Self {
        Error::new(ErrorKind::InvalidData, e.to_string())
    }
}

impl Fory {
    /// Serializes `value` and writes it as one frame: buffers of at least
    /// [`MESSAGE_OOB_THRESHOLD`] bytes go out-of-band and are written from
    /// their own memory with vectored writes. Returns the frame's length.
    pub fn write_message<T, W>(&self, value: &T, out: &mut W) -> Result<u64>
    where
        T: Serialize + ?Sized,
        W: Write + ?Sized,
    {
        let mut objs: Vec<BufferObject<'_>> = Vec::new();
        let stream = self
            .serialize_with_callback(value, SizeThreshold::new(MESSAGE_OOB_THRESHOLD, &mut objs))?;
        Ok(frame::write_frame(out, &stream, &objs)?)
    }

    /// Reads one frame from `input` (into one aligned allocation) and
    /// deserializes it; `Bytes`-backed values share that allocation.
    pub fn read_message<T, R>(&self, input: &mut R) -> Result<T>
    where
        T: Deserialize,
        R: Read + ?Sized,
    {
        self.deserialize_frame(&Frame::read_from(input)?)
    }

    /// Deserializes a frame held in `Bytes` (e.g. from
    /// [`frame::map_file`]) without copying it.
    pub fn deserialize_message<T: Deserialize>(&self, data: Bytes) -> Result<T> {
        self.deserialize_frame(&Frame::from_bytes(data)?)
    }

    /// Deserializes a parsed frame.
    pub fn deserialize_frame<T: Deserialize>(&self, frame: &Frame) -> Result<T> {
        let stream = frame.stream();
        self.deserialize_with_buffers(&stream, frame.buffers())
    }
}
