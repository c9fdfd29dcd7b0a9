//! Serialization state threaded through every `Serialize`/`Deserialize`
//! call: the byte writer or reader, the reference tables, the out-of-band
//! buffers and the nesting depth.

mod depth;
mod read;
mod refs;
pub(crate) mod type_map;
mod write;

pub use depth::Nest;
pub use read::ReadContext;
pub(crate) use read::ReadTables;
pub(crate) use read::{LabelKey, RemoteLayout, StreamNo};
pub use refs::RefKey;
pub(crate) use refs::Slot;
#[doc(hidden)]
pub use type_map::TypeSlot;
pub use write::WriteContext;
pub(crate) use write::{DynCallback, WriteState};
