//! `deserialize` of the built-in types, in every configuration.
#![no_main]

use std::collections::{BTreeMap, HashMap, HashSet};

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&config, rest)) = data.split_first() else {
        return;
    };
    let fory = common::fory(config);
    let _ = fory.deserialize::<i64>(rest);
    let _ = fory.deserialize::<f64>(rest);
    let _ = fory.deserialize::<String>(rest);
    let _ = fory.deserialize::<Option<String>>(rest);
    let _ = fory.deserialize::<Vec<u8>>(rest);
    let _ = fory.deserialize::<bytes::Bytes>(rest);
    let _ = fory.deserialize::<Vec<i32>>(rest);
    let _ = fory.deserialize::<Vec<f64>>(rest);
    let _ = fory.deserialize::<Vec<String>>(rest);
    let _ = fory.deserialize::<Vec<Option<i64>>>(rest);
    let _ = fory.deserialize::<HashMap<String, i64>>(rest);
    let _ = fory.deserialize::<BTreeMap<i32, Vec<String>>>(rest);
    let _ = fory.deserialize::<HashSet<i16>>(rest);
    let _ = fory.deserialize::<(i32, String, Vec<bool>)>(rest);
    let _ = fory.deserialize::<Vec<Vec<Vec<u16>>>>(rest);
    let _ = fory.deserialize::<(u128, i128, char)>(rest);
    let _ = fory.deserialize::<(std::time::Duration, std::time::SystemTime)>(rest);
    let _ = fory.deserialize::<Vec<std::path::PathBuf>>(rest);
    let _ = fory.deserialize::<(std::rc::Rc<str>, std::sync::Arc<[i32]>, Box<str>)>(rest);
    let _ = fory.deserialize::<Vec<std::num::NonZeroU32>>(rest);
    let _ = fory.deserialize::<std::collections::BinaryHeap<i64>>(rest);
});
