//! A value built from the input serializes and reads back equal, in the
//! configuration the input picks, with buffers in-band and out-of-band.
#![no_main]

use std::collections::HashMap;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

#[derive(Arbitrary, Debug)]
struct Input {
    config: u8,
    leaves: Vec<(i32, String, Vec<f64>, Option<bool>, Vec<String>)>,
    index: HashMap<String, i64>,
    blob: Vec<u8>,
    tags: Vec<Option<String>>,
    nested: bool,
    out_of_band: u64,
}

fuzz_target!(|input: Input| {
    // every configuration bit but ref tracking
    let fory = common::fory(input.config & 0b1011);
    let leaves: Vec<common::Leaf> = input
        .leaves
        .into_iter()
        .map(|(id, name, weights, flag, labels)| common::Leaf {
            id,
            name,
            // NaN != NaN: keep the equality meaningful
            weights: weights.into_iter().filter(|w| !w.is_nan()).collect(),
            flag,
            labels,
        })
        .collect();
    let mut tree = common::Tree {
        leaves,
        index: input.index,
        blob: bytes::Bytes::from(input.blob),
        child: None,
        tags: input.tags,
    };
    if input.nested {
        tree.child = Some(Box::new(tree.clone()));
    }
    let bytes = fory.serialize(&tree).expect("serialize");
    let back: common::Tree = fory.deserialize(&bytes).expect("deserialize");
    assert_eq!(back, tree);
    let mut k = 0;
    let mut kept = Vec::new();
    let data = fory
        .serialize_with_callback(&tree, |b: fory_core::buffers::BufferObject<'_>| {
            let out = input.out_of_band >> (k % 64) & 1 == 1;
            k += 1;
            if out {
                kept.push(b.to_buffer());
            }
            !out
        })
        .expect("serialize_with_callback");
    let back: common::Tree = fory
        .deserialize_with_buffers(&data, kept)
        .expect("deserialize_with_buffers");
    assert_eq!(back, tree);
});
