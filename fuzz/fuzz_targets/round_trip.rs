//! A value built from the input serializes and reads back equal, in the
//! configuration the input picks, with buffers in-band and out-of-band.
#![no_main]

use std::collections::HashMap;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

/// A `common::Numbers`' fields.
type NumberFields = (u8, i8, u16, i16, f32, f64, bool, u32, i64, u8);

#[derive(Arbitrary, Debug)]
struct Input {
    config: u8,
    leaves: Vec<(i32, String, Vec<f64>, Option<bool>, Vec<String>)>,
    index: HashMap<String, i64>,
    blob: Vec<u8>,
    tags: Vec<Option<String>>,
    nested: bool,
    out_of_band: u64,
    numbers: Vec<NumberFields>,
    by_id: Vec<(i32, i32, String)>,
    pairs: Vec<(i32, String)>,
    pair: (f64, bool, char),
    when: Vec<(i64, u32)>,
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
    // no NaN: `==` must mean something
    let finite32 = |x: f32| if x.is_nan() { 0.0 } else { x };
    let finite64 = |x: f64| if x.is_nan() { 0.0 } else { x };
    let numbers: Vec<common::Numbers> = input
        .numbers
        .iter()
        .map(|&(a, b, c, d, e, f, g, h, i, k)| common::Numbers {
            a,
            b,
            c,
            d,
            e: finite32(e),
            f: finite64(f),
            g,
            h,
            i,
            kind: [common::Kind::A, common::Kind::B, common::Kind::C][k as usize % 3],
        })
        .collect();
    let leaf_of = |id: i32, name: &String| common::Leaf {
        id,
        name: name.clone(),
        ..Default::default()
    };
    let mix = common::Mix {
        one: numbers.first().cloned().unwrap_or_default(),
        numbers,
        by_id: input
            .by_id
            .iter()
            .map(|(k, id, name)| (*k, leaf_of(*id, name)))
            .collect(),
        // a null wherever the key is odd
        maybe: input
            .by_id
            .iter()
            .map(|(k, id, name)| (k % 2 == 0).then(|| leaf_of(*id, name)))
            .collect(),
        pairs: input.pairs.clone(),
        pair: (finite64(input.pair.0), input.pair.1, input.pair.2),
        // whole seconds and nanoseconds below one second: no leap second,
        // which reads back as the next second
        when: input
            .when
            .iter()
            .filter_map(|&(s, n)| {
                fory_core::chrono::DateTime::from_timestamp(s, n % 1_000_000_000)
                    .map(|t| t.naive_utc())
            })
            .collect(),
        day: Default::default(),
    };
    let bytes = fory.serialize(&mix).expect("serialize");
    let back: common::Mix = fory.deserialize(&bytes).expect("deserialize");
    assert_eq!(back, mix);
    // and under ref tracking (in native mode the structs, lists, maps and
    // tuples then take no ref flags)
    let tracked = common::fory(input.config | 0b100);
    let bytes = tracked.serialize(&mix).expect("serialize");
    let back: common::Mix = tracked.deserialize(&bytes).expect("deserialize");
    assert_eq!(back, mix);
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
