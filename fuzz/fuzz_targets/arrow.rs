//! The Arrow readers (`RecordBatch`, `ArrowArray`) in native and xlang
//! mode, with fuzzed out-of-band buffers; what reads is written back in
//! the same mode and must read back equal (the windowing writers).
//!
//! Input: a configuration byte (`common::fory`: bit 0 xlang), then pieces,
//! each a `u32` little-endian length and that many bytes (the last one cut
//! at the end of the input): the stream, then the out-of-band buffers.
//! `fory-tests/tests/fuzz_seeds.rs` writes valid seeds in this framing.
#![no_main]

use arrow_array::{Array, RecordBatch};
use bytes::Bytes;
use fory_core::serializer::arrow::ArrowArray;
use fory_core::Fory;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

/// At most this many out-of-band buffers.
const MAX_BUFFERS: usize = 256;

fn pieces(mut data: &[u8]) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while !data.is_empty() && out.len() <= MAX_BUFFERS {
        let (len, rest) = match data {
            [a, b, c, d, rest @ ..] => (u32::from_le_bytes([*a, *b, *c, *d]) as usize, rest),
            _ => (data.len(), &[][..]),
        };
        let len = len.min(rest.len());
        out.push(&rest[..len]);
        data = &rest[len..];
    }
    out
}

/// Writes `value` in band and out of band with `fory` and reads it back.
fn round_trip<T>(fory: &Fory, value: &T) -> Vec<T>
where
    T: fory_core::Serialize + fory_core::Deserialize,
{
    let mut back = Vec::new();
    if let Ok(stream) = fory.serialize(value) {
        back.push(fory.deserialize::<T>(&stream).expect("an in-band re-read"));
    }
    let mut objs = Vec::new();
    if let Ok(stream) = fory.serialize_with_callback(value, &mut objs) {
        let given: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
        back.push(
            fory.deserialize_with_buffers::<T, _>(&stream, given)
                .expect("an out-of-band re-read"),
        );
    }
    back
}

fuzz_target!(|data: &[u8]| {
    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let fory = common::fory(config);
    let parts = pieces(rest);
    let Some((stream, buffers)) = parts.split_first() else {
        return;
    };
    let buffers: Vec<Bytes> = buffers.iter().map(|b| Bytes::copy_from_slice(b)).collect();
    let batch = fory.deserialize_with_buffers::<RecordBatch, _>(stream, buffers.clone());
    if let Ok(batch) = batch {
        for c in batch.columns() {
            c.to_data()
                .validate_full()
                .expect("a read column validates");
        }
        for back in round_trip(&fory, &batch) {
            assert_eq!(back, batch);
        }
    }
    let _ = fory.deserialize::<RecordBatch>(stream);
    if let Ok(array) = fory.deserialize_with_buffers::<ArrowArray, _>(stream, buffers) {
        array
            .0
            .to_data()
            .validate_full()
            .expect("a read array validates");
        let _ = array.0.null_count();
        if config & 1 == 0 {
            for back in round_trip(&fory, &array) {
                assert_eq!(back, array);
            }
        }
    }
});
