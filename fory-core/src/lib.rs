//! Apache Fory serialization for Rust, with pickle-protocol-5-style
//! out-of-band buffers.
//!
//! ```
//! use fory_core::Fory;
//! use fory_core::buffers::BufferObject;
//!
//! let fory = Fory::builder().xlang(false).ref_tracking(false).build();
//! let samples: Vec<f64> = (0..1000).map(f64::from).collect();
//!
//! // in-band
//! let bytes = fory.serialize(&samples)?;
//! assert_eq!(fory.deserialize::<Vec<f64>>(&bytes)?, samples);
//!
//! // out-of-band: `false` from the callback keeps a buffer out of the stream
//! let mut objs: Vec<BufferObject> = Vec::new();
//! let data = fory.serialize_with_callback(&samples, |b| { objs.push(b); false })?;
//! let buffers: Vec<_> = objs.iter().map(|b| b.getbuffer()).collect();
//! let back: Vec<f64> = fory.deserialize_with_buffers(&data, buffers)?;
//! assert_eq!(back, samples);
//! # Ok::<(), fory_core::Error>(())
//! ```
//!
//! | module | what it holds |
//! |---|---|
//! | [`fory`](crate::Fory) | [`Fory`], the entry point |
//! | [`config`] | [`Config`], [`ForyBuilder`] |
//! | [`error`] | [`Error`], [`ErrorKind`] |
//! | [`io`] | the byte [`Writer`](io::Writer) / [`Reader`](io::Reader), varints |
//! | [`types`] | wire constants: type ids, ref flags, header bits |
//! | [`context`] | [`WriteContext`], [`ReadContext`]: buffers, refs, depth |
//! | [`serializer`] | the [`Serialize`] / [`Deserialize`] traits and built-in impls |
//! | [`message`] | whole messages (stream + buffers) as one frame over `Write`/`Read`/mmap, and (feature `tokio`) `AsyncWrite`/`AsyncRead` |
//! | [`buffers`] | re-export of `fory-buffers`: [`BufferObject`](buffers::BufferObject), policies, [`PickleBuffer`](buffers::PickleBuffer), [`SharedArray`](buffers::SharedArray) |
// `unsafe` is allowed only where it is: the ASCII string read
// (serializer/string.rs), Arrow arrays validated after they are built
// (serializer/arrow_check.rs), the output cursor and its short copy
// (io/writer.rs), and the SSE2 lanes of the string transcoders
// (serializer/lanes.rs)
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod config;
pub mod context;
pub mod error;
mod fory;
pub mod io;
pub mod message;
pub mod object;
mod pool;
pub mod serializer;
pub mod types;
pub mod value;

pub use config::{Config, ForyBuilder};
pub use context::{ReadContext, WriteContext};
pub use error::{Error, ErrorKind, Result};
pub use fory::Fory;
pub use object::UserType;
pub use serializer::{Deserialize, ForyType, Serialize};

/// Out-of-band buffer types and policies (the `fory-buffers` crate).
pub use fory_buffers as buffers;

/// The `bytes` crate this one is built with: use it (`fory_core::bytes::Bytes`)
/// rather than declaring your own dependency, so the versions always match.
pub use bytes;

/// The `smallvec` crate (1) whose `SmallVec<[T; N]>` this one implements
/// (always, no feature: a `Vec<T>` on the wire). Use
/// `fory_core::smallvec::SmallVec` so the versions always match.
pub use smallvec;

/// The `ndarray` crate (0.17) the `ndarray` feature is built with: use
/// `fory_core::ndarray::Array2` and friends so the versions always match
/// (an `ndarray` of another version in your manifest is a different type).
#[cfg(feature = "ndarray")]
pub use ndarray;

/// The `chrono` crate (0.4) the `chrono` feature is built with.
#[cfg(feature = "chrono")]
pub use chrono;

/// The `time` crate (0.3) the `time` feature is built with.
#[cfg(feature = "time")]
pub use time;

/// The `rust_decimal` crate (1) the `rust_decimal` feature is built with.
#[cfg(feature = "rust_decimal")]
pub use rust_decimal;

/// The `half` crate (2) the `half` feature is built with.
#[cfg(feature = "half")]
pub use half;

/// The `uuid` crate (1) the `uuid` feature is built with.
#[cfg(feature = "uuid")]
pub use uuid;

/// The `indexmap` crate (2) the `indexmap` feature is built with.
#[cfg(feature = "indexmap")]
pub use indexmap;

/// The `hashbrown` crate (0.17) the `hashbrown` feature is built with.
#[cfg(feature = "hashbrown")]
pub use hashbrown;

/// The `arrow-array` crate (60) the `arrow` feature is built with.
#[cfg(feature = "arrow")]
pub use arrow_array;

/// The `arrow-buffer` crate (60) the `arrow` feature is built with.
#[cfg(feature = "arrow")]
pub use arrow_buffer;

/// The `arrow-schema` crate (60) the `arrow` feature is built with.
#[cfg(feature = "arrow")]
pub use arrow_schema;

/// `#[derive(ForyObject)]`: structs, unit enums and data enums (unions).
/// See `docs/derive.md` and the [`object`] module.
#[cfg(feature = "derive")]
pub use fory_derive::ForyObject;

/// What generated code refers to. Not a public API: it may change in any
/// release.
#[doc(hidden)]
pub mod __private {
    pub use crate::context::{Nest, ReadContext, TypeSlot, WriteContext};
    pub use crate::error::{Error, ErrorKind, Result};
    pub use crate::io::{FixedReader, FixedWriter};
    pub use crate::object::{
        aligned_step, begin_read_run, begin_read_struct, begin_write_run, begin_write_struct,
        default_type_name, field_error, field_order, fixed_bytes, fixed_offsets, is_enum_id,
        is_order, is_struct_id, is_union_id, plain_prefix, read_enum, read_planned, read_run_hash,
        read_type_info, read_union_case, read_union_tuple, read_union_unit, reads_in_line,
        skip_union_value, unknown_variant, variant_error, write_enum, write_type_info,
        write_union_case, write_union_tuple, write_union_unit, DefaultField, FieldAt, FieldInfo,
        FieldKey, FieldOps, FieldReadAt, FieldTypeOps, FieldWriteOps, Gap, PeerLayout,
        PhantomField, ReadAligned, SkippedField, StructRead, UserKind, UserType, WireValue,
    };
    pub use crate::serializer::collection::{
        charge_element, push_element, read_each_value, read_run_flag,
    };
    pub use crate::serializer::{Deserialize, EntryKey, ForyType, NoKey, Serialize};
    pub use crate::types::type_id;
    pub use std::default::Default;
    pub use std::iter::Iterator;
    pub use std::option::Option;
    pub use std::result::Result as StdResult;
    pub use std::string::String;
    pub use std::vec::Vec;
}
