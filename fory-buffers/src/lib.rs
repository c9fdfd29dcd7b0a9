//! Out-of-band buffers for Fory for Rust.
//!
//! While a value is serialized, every large contiguous buffer it holds (a
//! byte string, a numeric array, a column) is offered to a *buffer callback*
//! as a [`BufferObject`]. The callback answers `true` to have the bytes
//! written in-band, or `false` to keep them out of the stream: the caller
//! then ships them separately — a socket, a file, shared memory — and hands
//! them back at deserialization as [`BufferView`]s, `Bytes` or `Vec<u8>`.
//!
//! This crate knows nothing of the Fory wire format; `fory-core` re-exports
//! it as `fory_core::buffers`.
//!
//! | module | what it holds |
//! |---|---|
//! | [`object`] | [`BufferObject`], the thing a callback is offered |
//! | [`view`] | [`BufferView`], a zero-copy `&[u8]` or shared `Bytes` |
//! | [`kind`] | [`BufferKind`] and [`ElemType`]: which value made a buffer |
//! | [`layout`] | [`Strided`], non-contiguous (n-d, strided) buffer layouts |
//! | [`callback`] | the [`BufferCallback`] trait, sinks and ready policies |
//! | [`pickle`] | [`PickleBuffer`], a value that always takes the buffer path |
//! | [`shared_array`] | [`SharedArray`], a zero-copy typed array over `Bytes` |
//! | [`frame`] | framed messages (stream + buffers) over `io::Write`/`io::Read`, `Bytes` and mapped files, and (feature `tokio`) tokio's `AsyncWrite`/`AsyncRead` |
//!
//! `unsafe` appears once, in `frame::map_file` (mapping a file, feature
//! `mmap`); everything else is safe code.
//!
//! ```
//! use fory_buffers::{BufferKind, BufferObject};
//! let data = vec![1u8, 2, 3];
//! let obj = BufferObject::borrowed(&data, BufferKind::Binary);
//! assert_eq!(obj.total_bytes(), 3);
//! assert_eq!(obj.getbuffer().as_ptr(), data.as_ptr()); // zero-copy
//! ```
#![deny(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]
#![warn(missing_docs)]

#[cfg(target_endian = "big")]
compile_error!("fory-buffers supports little-endian targets only: the Fory format is little-endian and arrays are shared without byte swapping");

pub mod callback;
pub mod frame;
pub mod kind;
pub mod layout;
pub mod object;
pub mod pickle;
pub mod shared_array;
pub mod view;

pub use callback::{
    marker, AllInBand, AllOutOfBand, BufferCallback, BufferSink, Predicate, SizeThreshold,
};
pub use kind::{BufferKind, ElemType};
pub use layout::{LayoutError, Strided};
pub use object::BufferObject;
pub use pickle::PickleBuffer;
pub use shared_array::{Element, SharedArray};
pub use view::BufferView;

/// Re-export of the `bytes` crate, whose [`Bytes`](bytes::Bytes) is the
/// shared owner type used throughout.
pub use bytes;
