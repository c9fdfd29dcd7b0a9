//! Property tests (proptest): random values round-trip in every
//! configuration under random buffer-callback policies, and random
//! corruptions of valid streams and of their out-of-band buffers are an
//! `Err` or a value, never a panic, and leave the `Fory` reading the next
//! valid stream correctly.

use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};

use bytes::Bytes;
use fory_core::value::Value;
use fory_core::{Fory, ForyObject};
use proptest::prelude::*;

#[derive(ForyObject, Debug, Clone, PartialEq)]
struct Inner {
    id: i32,
    label: String,
    weights: Vec<f32>,
}

#[derive(ForyObject, Debug, Clone, PartialEq)]
struct Record {
    a: i64,
    b: Option<String>,
    c: Vec<f64>,
    d: HashMap<String, i32>,
    e: bool,
    f: Bytes,
    g: Vec<Inner>,
    h: BTreeMap<i16, Option<u64>>,
    i: Vec<Option<String>>,
    j: f64,
}

fn inner() -> impl Strategy<Value = Inner> {
    (
        any::<i32>(),
        ".{0,12}",
        prop::collection::vec(any::<f32>().prop_filter("no NaN", |f| !f.is_nan()), 0..40),
    )
        .prop_map(|(id, label, weights)| Inner { id, label, weights })
}

fn record() -> impl Strategy<Value = Record> {
    (
        any::<i64>(),
        prop::option::of(".{0,20}"),
        prop::collection::vec(-1e9f64..1e9, 0..300),
        prop::collection::hash_map("[a-z]{0,6}", any::<i32>(), 0..8),
        any::<bool>(),
        prop::collection::vec(any::<u8>(), 0..600).prop_map(Bytes::from),
        prop::collection::vec(inner(), 0..4),
        prop::collection::btree_map(any::<i16>(), prop::option::of(any::<u64>()), 0..6),
        prop::collection::vec(prop::option::of("[ -~]{0,8}"), 0..6),
        -1e300f64..1e300,
    )
        .prop_map(|(a, b, c, d, e, f, g, h, i, j)| Record {
            a,
            b,
            c,
            d,
            e,
            f,
            g,
            h,
            i,
            j,
        })
}

fn fory(xlang: bool, compatible: bool, ref_tracking: bool) -> Fory {
    let mut f = Fory::builder()
        .xlang(xlang)
        .compatible(compatible)
        .ref_tracking(ref_tracking)
        .build();
    f.register::<Inner>(1).unwrap();
    f.register::<Record>(2).unwrap();
    f
}

/// Serializes with a callback that keeps buffer `k` out-of-band when bit
/// `k % 64` of `policy` is set; returns the stream and the kept buffers.
fn split(fory: &Fory, value: &Record, policy: u64) -> (Vec<u8>, Vec<Bytes>) {
    let mut kept = Vec::new();
    let mut k = 0;
    let data = fory
        .serialize_with_callback(value, |b: fory_core::buffers::BufferObject<'_>| {
            let out = policy >> (k % 64) & 1 == 1;
            k += 1;
            if out {
                kept.push(b.to_buffer());
            }
            !out
        })
        .unwrap();
    (data, kept)
}

/// A corruption of a stream and its buffers.
#[derive(Debug, Clone)]
enum Corrupt {
    Flip { at: usize, bit: u8 },
    Truncate { at: usize },
    Splice { at: usize, bytes: Vec<u8> },
    Set { at: usize, byte: u8 },
    DropBuffer { index: usize },
    DuplicateBuffer { index: usize },
    SwapBuffers { a: usize, b: usize },
    ShortenBuffer { index: usize, by: usize },
}

fn corruption() -> impl Strategy<Value = Corrupt> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Corrupt::Flip { at, bit }),
        any::<usize>().prop_map(|at| Corrupt::Truncate { at }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Corrupt::Splice { at, bytes }),
        (
            any::<usize>(),
            prop_oneof![Just(0u8), Just(0x7f), Just(0x80), Just(0xff)]
        )
            .prop_map(|(at, byte)| Corrupt::Set { at, byte }),
        any::<usize>().prop_map(|index| Corrupt::DropBuffer { index }),
        any::<usize>().prop_map(|index| Corrupt::DuplicateBuffer { index }),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Corrupt::SwapBuffers { a, b }),
        (any::<usize>(), 1usize..9).prop_map(|(index, by)| Corrupt::ShortenBuffer { index, by }),
    ]
}

fn apply(c: &Corrupt, data: &mut Vec<u8>, buffers: &mut Vec<Bytes>) {
    let n = data.len().max(1);
    let nb = buffers.len();
    match c {
        Corrupt::Flip { at, bit } if !data.is_empty() => data[at % n] ^= 1 << bit,
        Corrupt::Truncate { at } => data.truncate(at % n),
        Corrupt::Splice { at, bytes } => {
            let at = at % (data.len() + 1);
            data.splice(at..at, bytes.iter().copied());
        }
        Corrupt::Set { at, byte } if !data.is_empty() => data[at % n] = *byte,
        Corrupt::DropBuffer { index } if nb > 0 => {
            buffers.remove(index % nb);
        }
        Corrupt::DuplicateBuffer { index } if nb > 0 => {
            let b = buffers[index % nb].clone();
            buffers.insert(index % nb, b);
        }
        Corrupt::SwapBuffers { a, b } if nb > 0 => buffers.swap(a % nb, b % nb),
        Corrupt::ShortenBuffer { index, by } if nb > 0 => {
            let b = &mut buffers[index % nb];
            *b = b.slice(..b.len().saturating_sub(*by));
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn records_round_trip_under_any_buffer_policy(
        value in record(),
        policy in any::<u64>(),
        xlang in any::<bool>(),
        compatible in any::<bool>(),
        ref_tracking in any::<bool>(),
    ) {
        let fory = fory(xlang, compatible, ref_tracking);
        let bytes = fory.serialize(&value).unwrap();
        prop_assert_eq!(&fory.deserialize::<Record>(&bytes).unwrap(), &value);
        let (data, kept) = split(&fory, &value, policy);
        let back: Record = fory.deserialize_with_buffers(&data, kept.clone()).unwrap();
        prop_assert_eq!(&back, &value);
        // the dynamic reader takes any xlang compatible stream
        if xlang && compatible {
            let v = fory.deserialize::<Value>(&bytes);
            prop_assert!(v.is_ok(), "{:?}", v.err());
        }
    }

    #[test]
    fn corrupted_streams_and_buffers_fail_cleanly(
        value in record(),
        policy in any::<u64>(),
        xlang in any::<bool>(),
        compatible in any::<bool>(),
        corruptions in prop::collection::vec(corruption(), 1..4),
    ) {
        let fory = fory(xlang, compatible, false);
        let (data, kept) = split(&fory, &value, policy);
        let (mut bad, mut bad_buffers) = (data.clone(), kept.clone());
        for c in &corruptions {
            apply(c, &mut bad, &mut bad_buffers);
        }
        let caller_copy = bad_buffers.clone();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let _ = fory.deserialize_with_buffers::<Record, _>(&bad, bad_buffers.clone());
            let _ = fory.deserialize::<Record>(&bad);
            let _ = fory.deserialize::<Value>(&bad);
        }));
        prop_assert!(outcome.is_ok(), "panicked on {:?}", corruptions);
        // what the caller passed in is unchanged
        prop_assert_eq!(&bad_buffers, &caller_copy);
        // and the same Fory still reads the valid stream
        let back: Record = fory.deserialize_with_buffers(&data, kept).unwrap();
        prop_assert_eq!(&back, &value);
    }

    #[test]
    fn corrupted_dynamic_values_fail_cleanly(
        ints in prop::collection::vec(any::<i64>(), 0..50),
        strings in prop::collection::vec(".{0,10}", 0..20),
        corruptions in prop::collection::vec(corruption(), 1..4),
    ) {
        let fory = Fory::builder().xlang(true).build();
        let bytes = fory.serialize(&(ints.clone(), strings.clone())).unwrap();
        let mut bad = bytes.clone();
        let mut none = Vec::new();
        for c in &corruptions {
            apply(c, &mut bad, &mut none);
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            let _ = fory.deserialize::<Value>(&bad);
            let _ = fory.deserialize::<(Vec<i64>, Vec<String>)>(&bad);
        }));
        prop_assert!(outcome.is_ok(), "panicked on {:?}", corruptions);
        let back: (Vec<i64>, Vec<String>) = fory.deserialize(&bytes).unwrap();
        prop_assert_eq!(back, (ints, strings));
    }
}
