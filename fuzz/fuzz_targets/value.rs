//! The dynamic `Value` reader (and its Display, as `inspect` uses it, and
//! its writer on what was read). The build has fory-core's `arrow`
//! feature, so Arrow batches and arrays in the input are read too.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let fory = common::fory(config);
    if let Ok(v) = fory.deserialize::<fory_core::value::Value>(rest) {
        let _ = v.to_string();
        // written back (Arrow batches and arrays through their typed
        // writes): an error at most, never a panic
        let _ = fory.serialize(&v);
    }
});
