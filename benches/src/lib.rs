//! Benchmarks live in `benches/`; this library holds what several of them
//! share.

use arrow_array::RecordBatch;
use fory_core::arrow_buffer::Buffer;

/// The one record batch of an Arrow IPC stream, read with arrow-ipc's
/// zero-copy `StreamDecoder` over `data` (full validation, its default):
/// the peer the Arrow benchmarks compare with. Panics on a stream that is
/// not exactly one batch.
pub fn ipc_decode(data: &Buffer) -> RecordBatch {
    let mut decoder = arrow_ipc::reader::StreamDecoder::new();
    let mut buf = data.clone();
    let mut batch = None;
    while !buf.is_empty() {
        if let Some(b) = decoder.decode(&mut buf).expect("an IPC stream") {
            batch = Some(b);
        }
    }
    decoder.finish().expect("a whole IPC stream");
    batch.expect("one batch")
}
