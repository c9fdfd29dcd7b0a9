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
        let mut objs: Vec<BufferObject<'_>> = Vec::new();
        let stream = self
            .serialize_with_callback(value, SizeThreshold::new(MESSAGE_OOB_THRESHOLD, &mut objs))?;
        Ok(frame::write_frame(out, &stream, &objs)?)
    }

    /// Reads one frame from `input` (into one aligned allocation) and
    /// deserializes it; `Bytes`-backed values share that allocation.
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

    /// Deserializes a frame held in `Bytes` (e.g. from
    /// [`frame::map_file`]) without copying it.
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

    /// Deserializes a parsed frame.
    ///
    /// ```
    /// use fory_core::Fory;
    /// use fory_core::buffers::frame::Frame;
    /// use fory_core::bytes::Bytes;
    /// let fory = Fory::builder().build();
    /// let mut wire = Vec::new();
    /// fory.write_message(&vec![3i32; 50_000], &mut wire)?;
    /// let frame = Frame::from_bytes(Bytes::from(wire)).expect("a frame");
    /// assert_eq!(frame.buffers().len(), 1); // the array went out-of-band
    /// let back: Vec<i32> = fory.deserialize_frame(&frame)?;
    /// assert_eq!(back.len(), 50_000);
    /// # Ok::<(), fory_core::Error>(())
    /// ```
    pub fn deserialize_frame<T: Deserialize>(&self, frame: &Frame) -> Result<T> {
        let stream = frame.stream();
        self.deserialize_with_buffers(&stream, frame.buffers())
    }
}
