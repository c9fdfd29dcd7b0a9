//! The n-d array (`ndarray`, `SharedNdArray`) and Arrow record batch
//! readers, in-band and with fuzzed out-of-band buffers.
#![no_main]

use arbitrary::Arbitrary;
use fory_core::serializer::ndarray::SharedNdArray;
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
    let s = &input.stream;
    let _ = fory.deserialize::<ndarray::ArrayD<f64>>(s);
    let _ = fory.deserialize::<ndarray::Array2<i32>>(s);
    let _ = fory.deserialize::<ndarray::ArrayD<bool>>(s);
    if let Ok(a) = fory.deserialize::<SharedNdArray<f32>>(s) {
        let _ = a.view().sum();
    }
    let _ = fory.deserialize::<arrow_array::RecordBatch>(s);
    let buffers: Vec<bytes::Bytes> = input.buffers.into_iter().map(bytes::Bytes::from).collect();
    if let Ok(a) = fory.deserialize_with_buffers::<SharedNdArray<f64>, _>(s, buffers.clone()) {
        let _ = a.view().sum();
    }
    let _ = fory.deserialize_with_buffers::<arrow_array::RecordBatch, _>(s, buffers);
});
