//! The frame readers: `Frame::from_bytes`, `Frame::read_from`, and a
//! message read through them.
#![no_main]

use fory_core::buffers::frame::Frame;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let _ = Frame::from_bytes(bytes::Bytes::copy_from_slice(data));
    let _ = Frame::read_from(&mut &data[..]);
    let fory = common::fory(0);
    let _ = fory.deserialize_message::<common::Tree>(bytes::Bytes::copy_from_slice(data));
    let _ = fory.read_message::<Vec<f64>, _>(&mut &data[..]);
});
