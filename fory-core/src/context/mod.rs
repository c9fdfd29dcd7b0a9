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
pub(crate) use read::{Buffers, ReadTables};
pub(crate) use read::{LabelKey, RemoteLayout, FREE_BYTES_PER_INPUT_BYTE, SKIPPED_VALUE};
pub use refs::RefKey;
pub(crate) use refs::Slot;
#[doc(hidden)]
pub use type_map::TypeSlot;
pub use write::WriteContext;
pub(crate) use write::{DynCallback, WriteState};

/// A stream's number in a pooled read or write state: 1 for the first, so
/// that 0 marks nothing. Per-type marks hold the number of the stream
/// they were set in, so that ending a stream need not visit every type
/// the state has met.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StreamNo(u32);

impl Default for StreamNo {
    fn default() -> Self {
        StreamNo(1)
    }
}

impl StreamNo {
    /// Moves to the next stream's number. True when the numbers came round
    /// (after 2^32 streams): the number is 1 again, and the caller must
    /// clear its per-type marks, or marks from 2^32 streams ago would hold.
    #[inline]
    fn advance(&mut self) -> bool {
        self.0 = self.0.wrapping_add(1);
        if self.0 == 0 {
            *self = StreamNo::default();
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::StreamNo;

    #[test]
    fn stream_numbers_come_round_to_one_and_say_so() {
        let mut n = StreamNo::default();
        assert_eq!(n, StreamNo(1));
        assert!(!n.advance());
        assert_eq!(n, StreamNo(2));
        let mut last = StreamNo(u32::MAX);
        assert!(last.advance(), "the wrap asks for the marks to be cleared");
        assert_eq!(last, StreamNo(1), "0 is never a stream's number");
    }
}
