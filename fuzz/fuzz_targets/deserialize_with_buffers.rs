//! `deserialize_with_buffers`: the stream and the out-of-band buffers
//! (their number and sizes) all come from the input.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

#[derive(Arbitrary, Debug)]
struct Input {
    config: u8,
    stream: Vec<u8>,
    buffers: Vec<Vec<u8>>,
}

fuzz_target!(|input: Input| {
    let fory = common::fory(input.config);
    let buffers: Vec<bytes::Bytes> = input.buffers.into_iter().map(bytes::Bytes::from).collect();
    let _ = fory.deserialize_with_buffers::<common::Tree, _>(&input.stream, buffers.clone());
    let _ = fory.deserialize_with_buffers::<Vec<f64>, _>(&input.stream, buffers.clone());
    let _ = fory.deserialize_with_buffers::<bytes::Bytes, _>(&input.stream, buffers.clone());
    let _ = fory.deserialize_with_buffers::<fory_core::buffers::SharedArray<f32>, _>(
        &input.stream,
        buffers.clone(),
    );
    let _ = fory.deserialize_with_buffers::<Vec<Vec<u8>>, _>(&input.stream, buffers);
});
