//! Round trips of every built-in type under every configuration: native and
//! xlang mode (xlang also with Java's `xlang_array_buffers`), with and
//! without ref tracking, and with no callback, a callback that keeps every
//! buffer out-of-band, and one that alternates in-band / out-of-band.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::fmt::Debug;
use std::rc::Rc;
use std::sync::Arc;

use bytes::Bytes;
use fory_core::buffers::{BufferObject, BufferView, PickleBuffer, SharedArray};
use fory_core::{Deserialize, Fory, Serialize};

// ---------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------

use fory_tests::configs;

/// One round trip's outcome.
struct Trip<T> {
    /// Configuration and callback, for assertion messages.
    how: String,
    ref_tracking: bool,
    value: T,
    /// Buffers the callback was offered (0 without a callback).
    offered: usize,
    /// Buffers taken out-of-band.
    out_of_band: usize,
}

/// Round-trips `v` under every configuration (6) and every callback style
/// (4) and
/// returns what was read back. Panics (with the configuration) on any
/// error.
fn trips<T>(v: &T) -> Vec<Trip<T>>
where
    T: Serialize + Deserialize,
{
    let mut out = Vec::new();
    for (name, fory) in configs() {
        let ref_tracking = fory.config().ref_tracking();

        // 1. no callback
        let how = format!("{name}, no callback");
        let bytes = fory
            .serialize(v)
            .unwrap_or_else(|e| panic!("{how}: serialize: {e}"));
        assert_eq!(bytes[0] & 2, 0, "{how}: out-of-band header bit set");
        let value = fory
            .deserialize::<T>(&bytes)
            .unwrap_or_else(|e| panic!("{how}: deserialize: {e}"));
        out.push(Trip {
            how,
            ref_tracking,
            value,
            offered: 0,
            out_of_band: 0,
        });

        // 2. everything out-of-band, views handed back with getbuffer()
        let how = format!("{name}, all out-of-band");
        let mut objs: Vec<BufferObject<'_>> = Vec::new();
        let data = fory
            .serialize_with_callback(v, &mut objs)
            .unwrap_or_else(|e| panic!("{how}: serialize: {e}"));
        assert_eq!(data[0] & 2, 2, "{how}: out-of-band header bit clear");
        let views: Vec<BufferView<'_>> = objs.iter().map(|o| o.getbuffer()).collect();
        for (o, b) in objs.iter().zip(&views) {
            assert_eq!(o.total_bytes(), b.len(), "{how}: getbuffer() length");
        }
        let value = fory
            .deserialize_with_buffers::<T, _>(&data, views)
            .unwrap_or_else(|e| panic!("{how}: deserialize: {e}"));
        out.push(Trip {
            how,
            ref_tracking,
            value,
            offered: objs.len(),
            out_of_band: objs.len(),
        });

        // 3. alternating: 1st in-band, 2nd out-of-band, 3rd in-band, ...
        //    buffers handed back as `Bytes`
        let how = format!("{name}, alternating");
        let mut kept: Vec<BufferObject<'_>> = Vec::new();
        let mut offered = 0usize;
        let data = fory
            .serialize_with_callback(v, |b| {
                offered += 1;
                if offered % 2 == 0 {
                    kept.push(b);
                    false
                } else {
                    true
                }
            })
            .unwrap_or_else(|e| panic!("{how}: serialize: {e}"));
        assert_eq!(data[0] & 2, 2, "{how}: out-of-band header bit clear");
        assert_eq!(kept.len(), offered / 2, "{how}");
        let buffers: Vec<Bytes> = kept.iter().map(|o| o.to_buffer()).collect();
        let value = fory
            .deserialize_with_buffers::<T, _>(&data, buffers)
            .unwrap_or_else(|e| panic!("{how}: deserialize: {e}"));
        out.push(Trip {
            how,
            ref_tracking,
            value,
            offered,
            out_of_band: kept.len(),
        });

        // 4. alternating the other way: 1st out-of-band, 2nd in-band, ...
        //    buffers handed back as copies in `Vec<u8>`s
        let how = format!("{name}, alternating from out-of-band");
        let mut kept: Vec<BufferObject<'_>> = Vec::new();
        let mut offered = 0usize;
        let data = fory
            .serialize_with_callback(v, |b| {
                offered += 1;
                if offered % 2 == 1 {
                    kept.push(b);
                    false
                } else {
                    true
                }
            })
            .unwrap_or_else(|e| panic!("{how}: serialize: {e}"));
        assert_eq!(kept.len(), offered.div_ceil(2), "{how}");
        let buffers: Vec<Vec<u8>> = kept.iter().map(|o| o.getbuffer().to_vec()).collect();
        let value = fory
            .deserialize_with_buffers::<T, _>(&data, buffers)
            .unwrap_or_else(|e| panic!("{how}: deserialize: {e}"));
        out.push(Trip {
            how,
            ref_tracking,
            value,
            offered,
            out_of_band: kept.len(),
        });
    }
    out
}

/// Round-trips `v` everywhere and compares with `eq`.
#[track_caller]
fn roundtrip_by<T>(v: &T, eq: impl Fn(&T, &T) -> bool)
where
    T: Serialize + Deserialize + Debug,
{
    let all = trips(v);
    assert_eq!(all.len(), 24);
    for t in all {
        assert!(
            eq(&t.value, v),
            "{}: read back {:?}, wrote {:?}",
            t.how,
            t.value,
            v
        );
    }
}

/// Round-trips `v` everywhere and checks equality.
#[track_caller]
fn roundtrip<T>(v: T)
where
    T: Serialize + Deserialize + PartialEq + Debug,
{
    roundtrip_by(&v, |a, b| a == b);
}

/// The buffers `v` offers to a callback under one configuration.
fn offered<T: Serialize>(fory: &Fory, v: &T) -> usize {
    let mut n = 0;
    fory.serialize_with_callback(v, |_b: BufferObject<'_>| {
        n += 1;
        true
    })
    .unwrap();
    n
}

fn native() -> Fory {
    Fory::builder().xlang(false).build()
}

fn xlang() -> Fory {
    Fory::builder().xlang(true).build()
}

// ---------------------------------------------------------------------------
// scalars
// ---------------------------------------------------------------------------

#[test]
fn bool_and_signed_integers() {
    roundtrip(true);
    roundtrip(false);
    for v in [i8::MIN, -1, 0, 1, i8::MAX] {
        roundtrip(v);
    }
    for v in [i16::MIN, -129, -1, 0, 255, i16::MAX] {
        roundtrip(v);
    }
    for v in [i32::MIN, -65_536, -64, -1, 0, 63, 64, 1 << 20, i32::MAX] {
        roundtrip(v);
    }
    for v in [
        i64::MIN,
        i64::MIN + 1,
        -(1 << 40),
        -1,
        0,
        1,
        300,
        2_147_483_648,
        i64::MAX - 1,
        i64::MAX,
    ] {
        roundtrip(v);
    }
    for v in [isize::MIN, -1, 0, 1, isize::MAX] {
        roundtrip(v);
    }
}

#[test]
fn unsigned_integers() {
    for v in [0u8, 1, 127, 128, u8::MAX] {
        roundtrip(v);
    }
    for v in [0u16, 255, 256, u16::MAX] {
        roundtrip(v);
    }
    for v in [0u32, 127, 128, 16_383, 16_384, u32::MAX - 1, u32::MAX] {
        roundtrip(v);
    }
    for v in [
        0u64,
        127,
        128,
        u32::MAX as u64 + 1,
        1 << 55,
        (1 << 56) - 1,
        1 << 56,
        1 << 63,
        u64::MAX - 1,
        u64::MAX,
    ] {
        roundtrip(v);
    }
    for v in [0usize, 1, usize::MAX] {
        roundtrip(v);
    }
}

#[test]
fn floats_keep_their_bits() {
    fn same32(a: &f32, b: &f32) -> bool {
        a.to_bits() == b.to_bits()
    }
    fn same64(a: &f64, b: &f64) -> bool {
        a.to_bits() == b.to_bits()
    }
    for v in [
        0.0f32,
        -0.0,
        1.5,
        f32::MIN,
        f32::MAX,
        f32::MIN_POSITIVE,
        f32::EPSILON,
        1e-45, // subnormal
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NAN,
        -f32::NAN,
        f32::from_bits(0x7fc0_1234), // NaN with a payload
    ] {
        roundtrip_by(&v, same32);
    }
    for v in [
        0.0f64,
        -0.0,
        1.5,
        std::f64::consts::PI,
        f64::MIN,
        f64::MAX,
        f64::MIN_POSITIVE,
        5e-324,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::from_bits(0xfff8_0000_dead_beef),
    ] {
        roundtrip_by(&v, same64);
    }
    // arrays of floats, NaN included, compared bit by bit
    let v32: Vec<f32> = vec![f32::NAN, -0.0, 1.0, f32::INFINITY, f32::from_bits(1)];
    roundtrip_by(&v32, |a, b| {
        a.iter()
            .map(|x| x.to_bits())
            .eq(b.iter().map(|x| x.to_bits()))
    });
    let v64: Vec<f64> = vec![f64::NAN, -0.0, 1.0, f64::NEG_INFINITY, f64::from_bits(1)];
    roundtrip_by(&v64, |a, b| {
        a.iter()
            .map(|x| x.to_bits())
            .eq(b.iter().map(|x| x.to_bits()))
    });
    // and as list elements (VecDeque is always a LIST)
    let d: VecDeque<f64> = v64.iter().copied().collect();
    roundtrip_by(&d, |a, b| {
        a.iter()
            .map(|x| x.to_bits())
            .eq(b.iter().map(|x| x.to_bits()))
    });
}

// ---------------------------------------------------------------------------
// strings
// ---------------------------------------------------------------------------

#[test]
fn strings_in_every_encoding() {
    let long_ascii = "abcdefghij".repeat(1000);
    let long_latin1 = "café ÿ ".repeat(500);
    let long_cjk = "中文字符".repeat(700);
    let long_emoji = "😀a".repeat(600);
    for s in [
        "",
        "a",
        "hello, world",
        "with\0nul",
        "\u{7f}",
        "\u{80}",
        "café",
        "ÿ\u{a0}¡",
        "中文",
        "é中",
        "\u{ffff}",
        "😀",
        "a中😀é",
        "\u{10ffff}",
        "\u{100}",
        &long_ascii,
        &long_latin1,
        &long_cjk,
        &long_emoji,
    ] {
        roundtrip(s.to_string());
    }
    // every Latin-1 char
    roundtrip((0u8..=255).map(char::from).collect::<String>());
    // lengths around the varint boundaries of the string header
    for n in (0..70).chain([4095, 4096, 4097, 8191, 8192, 8193]) {
        roundtrip("x".repeat(n));
        roundtrip("é".repeat(n));
        roundtrip("中".repeat(n));
        roundtrip("😀".repeat(n / 2));
    }
}

#[test]
fn str_and_slices_serialize_and_read_back_as_owned() {
    for (name, fory) in configs() {
        for s in ["", "abc", "café", "中文", "😀"] {
            let bytes = fory.serialize(s).unwrap();
            assert_eq!(
                bytes,
                fory.serialize(&s.to_string()).unwrap(),
                "{name}: str vs String"
            );
            assert_eq!(fory.deserialize::<String>(&bytes).unwrap(), s, "{name}");
            // a `&str` too
            let bytes = fory.serialize(&s).unwrap();
            assert_eq!(fory.deserialize::<String>(&bytes).unwrap(), s, "{name}");
        }
        let strs: Vec<&str> = vec!["a", "", "中文"];
        let bytes = fory.serialize(&strs).unwrap();
        assert_eq!(
            fory.deserialize::<Vec<String>>(&bytes).unwrap(),
            strs,
            "{name}"
        );
        let ints: &[i32] = &[1, -2, 3];
        let bytes = fory.serialize(ints).unwrap();
        assert_eq!(
            fory.deserialize::<Vec<i32>>(&bytes).unwrap(),
            ints,
            "{name}"
        );
        let raw: &[u8] = b"raw bytes";
        let bytes = fory.serialize(raw).unwrap();
        assert_eq!(fory.deserialize::<Vec<u8>>(&bytes).unwrap(), raw, "{name}");
    }
}

// ---------------------------------------------------------------------------
// Option, Box, Rc, Arc
// ---------------------------------------------------------------------------

#[test]
fn options() {
    roundtrip(Some(5i32));
    roundtrip(None::<i32>);
    roundtrip(Some(String::from("café")));
    roundtrip(None::<String>);
    roundtrip(Some(vec![1u8, 2, 3]));
    roundtrip(None::<Vec<u8>>);
    roundtrip(Some(vec![1.5f64; 10]));
    roundtrip(Some(Bytes::from_static(b"some bytes")));
    roundtrip(None::<Bytes>);
    roundtrip(Some(vec![Some(1i64), None, Some(-1)]));
    roundtrip(Some(Box::new(7u16)));
    roundtrip(None::<Box<u16>>);
    roundtrip(Some(Rc::new(String::from("rc"))));
    roundtrip(None::<Arc<Vec<f32>>>);
}

#[test]
fn boxes_rcs_and_arcs() {
    roundtrip(Box::new(42i32));
    roundtrip(Box::new(String::from("boxed 中文")));
    roundtrip(Box::new(vec![1.0f64, 2.0]));
    roundtrip(Box::new(Box::new(vec![1u8; 100])));
    roundtrip(Box::new(Some(3i8)));
    roundtrip(Box::new(None::<i8>));
    roundtrip(Rc::new(-5i64));
    roundtrip(Rc::new(String::from("rc 😀")));
    roundtrip(Rc::new(vec![1u8, 2, 3]));
    roundtrip(Rc::new(vec![String::from("a"), String::new()]));
    roundtrip(Arc::new(u64::MAX));
    roundtrip(Arc::new(vec![0.5f32; 33]));
    roundtrip(Arc::new(Bytes::from(vec![9u8; 64])));
    roundtrip(Rc::new(Rc::new(String::from("nested"))));
    roundtrip(Arc::new(Box::new(HashMap::from([(1i32, 2i32)]))));
    roundtrip(vec![Box::new(1i32), Box::new(2)]);
    roundtrip(vec![Arc::new(vec![1u8]), Arc::new(vec![])]);
}

#[test]
fn rc_and_arc_of_none() {
    roundtrip(Rc::new(None::<String>));
    roundtrip(Arc::new(None::<i32>));
    roundtrip(vec![Rc::new(Some(1i32)), Rc::new(None)]);
}

#[test]
fn rc_and_arc_of_some() {
    roundtrip(Rc::new(Some(String::from("x"))));
    roundtrip(Arc::new(Some(5i32)));
}

// ---------------------------------------------------------------------------
// Vec, arrays, VecDeque
// ---------------------------------------------------------------------------

#[test]
fn dense_arrays_of_every_primitive() {
    roundtrip(Vec::<bool>::new());
    roundtrip(vec![true, false, true, true]);
    roundtrip(vec![false; 1000]);
    roundtrip(Vec::<i8>::new());
    roundtrip(vec![i8::MIN, -1, 0, 1, i8::MAX]);
    roundtrip(vec![i16::MIN, -1, 0, 1, i16::MAX]);
    roundtrip(vec![i32::MIN, -1, 0, 1, i32::MAX]);
    roundtrip(vec![i64::MIN, -1, 0, 1, i64::MAX]);
    roundtrip(vec![isize::MIN, -1, 0, 1, isize::MAX]);
    roundtrip(Vec::<u8>::new());
    roundtrip(vec![0u8, 1, 128, u8::MAX]);
    roundtrip(vec![0u16, 1, u16::MAX]);
    roundtrip(vec![0u32, 1, u32::MAX]);
    roundtrip(vec![0u64, 1, u64::MAX]);
    roundtrip(vec![0usize, 1, usize::MAX]);
    roundtrip(vec![f32::MIN, 0.0, f32::MAX]);
    roundtrip(vec![f64::MIN, 0.0, f64::MAX]);
    roundtrip(Vec::<f64>::new());
    roundtrip(Vec::<u64>::new());
    roundtrip((0..1000).map(|i| i * 7919).collect::<Vec<i32>>());
    roundtrip((0..1000u16).collect::<Vec<u16>>());
}

#[test]
fn large_vec_of_100_000_f64() {
    let v: Vec<f64> = (0..100_000).map(|i| i as f64 * 0.5 - 7.0).collect();
    let all = trips(&v);
    for t in &all {
        assert_eq!(t.value, v, "{}", t.how);
        // one 800,000-byte buffer on the buffer path (not in plain xlang)
        if t.offered > 0 {
            assert_eq!(t.offered, 1, "{}", t.how);
        }
    }
    // the buffer path was actually exercised out-of-band somewhere
    assert!(all.iter().any(|t| t.out_of_band == 1));
    let mut objs = Vec::new();
    let data = native().serialize_with_callback(&v, &mut objs).unwrap();
    assert_eq!(objs.len(), 1);
    assert_eq!(objs[0].total_bytes(), 800_000);
    assert!(data.len() < 16, "stream of {} bytes", data.len());
}

#[test]
fn nested_and_optional_lists() {
    roundtrip(vec![vec![1.0f64, 2.0], vec![], vec![f64::MAX; 50]]);
    roundtrip(Vec::<Vec<f64>>::new());
    roundtrip(vec![Vec::<f64>::new()]);
    roundtrip(vec![vec![vec![1i32]], vec![vec![], vec![2, 3]]]);
    roundtrip(vec![vec![String::from("a")], vec![]]);
    roundtrip(vec![
        Some(String::from("a")),
        None,
        Some(String::new()),
        None,
    ]);
    roundtrip(vec![None::<String>, None]);
    roundtrip(vec![Some(1u8), None]);
    roundtrip(vec![Some(vec![1u8, 2]), None, Some(vec![])]);
    roundtrip(vec![vec![1u8; 3], vec![], vec![2u8; 300]]);
    roundtrip(vec![Bytes::from_static(b"x"), Bytes::new()]);
    roundtrip(vec![
        String::from("one"),
        String::from("two"),
        String::new(),
    ]);
    roundtrip(vec![vec![Some(vec![0.25f32])], vec![None]]);
    roundtrip(vec![(1i32, String::from("a")), (2, String::from("b"))]);
}

#[test]
fn vec_of_rc_string() {
    let a = Rc::new(String::from("shared"));
    let b = Rc::new(String::from("other 中文"));
    roundtrip(vec![a.clone(), b.clone(), a.clone(), a, b]);
    roundtrip(Vec::<Rc<String>>::new());
    let c = Arc::new(String::from("arc"));
    roundtrip(vec![Some(c.clone()), None, Some(c)]);
}

#[test]
fn lengths_at_varint_boundaries() {
    for n in [127usize, 128, 129, 16_383, 16_384, 16_385] {
        roundtrip(vec![7u8; n]);
        roundtrip(vec![true; n]);
        roundtrip(vec![1.0f32; n]);
        roundtrip((0..n).map(|i| i as i64).collect::<VecDeque<i64>>());
        roundtrip(vec![String::from("s"); n.min(200)]);
    }
}

#[test]
fn many_buffers_keep_their_order() {
    let v: Vec<Vec<u8>> = (0..300).map(|i| vec![i as u8; i % 7]).collect();
    let all = trips(&v);
    for t in &all {
        assert_eq!(t.value, v, "{}", t.how);
    }
    assert!(all.iter().any(|t| t.out_of_band == 300));
    assert!(all.iter().any(|t| t.out_of_band == 150));
    let m: BTreeMap<Vec<u8>, Vec<f64>> = (0..50u8)
        .map(|i| (vec![i; i as usize], vec![f64::from(i); i as usize]))
        .collect();
    roundtrip(m);
    let s: BTreeSet<Vec<u8>> = (0..50u8).map(|i| vec![i; 3]).collect();
    roundtrip(s);
}

#[test]
fn fixed_size_arrays() {
    roundtrip([1i32, 2, 3, 4]);
    roundtrip([0u8; 16]);
    roundtrip([1.5f64; 3]);
    roundtrip([true, false]);
    roundtrip([String::from("a"), String::from("中")]);
    roundtrip([Some(1i64), None]);
    roundtrip([[1u16, 2], [3, 4]]);
    roundtrip([0i32; 0]);
    roundtrip::<[String; 0]>([]);
    roundtrip(vec![[1u8, 2], [3, 4]]);
}

#[test]
fn fixed_size_array_of_the_wrong_length_is_an_error() {
    for (name, fory) in configs() {
        let bytes = fory.serialize(&[1i32, 2, 3]).unwrap();
        let err = fory.deserialize::<[i32; 4]>(&bytes).unwrap_err();
        assert!(err.to_string().contains('3'), "{name}: {err}");
        let bytes = fory.serialize(&vec![String::from("x")]).unwrap();
        assert!(fory.deserialize::<[String; 2]>(&bytes).is_err(), "{name}");
    }
}

#[test]
fn vec_deques() {
    roundtrip(VecDeque::<i32>::new());
    roundtrip(VecDeque::from(vec![1i32, -1, i32::MAX]));
    roundtrip(VecDeque::from(vec![String::from("a"), String::from("é")]));
    roundtrip(VecDeque::from(vec![Some(1u64), None]));
    roundtrip(VecDeque::from(vec![vec![1u8, 2], vec![3]]));
    roundtrip(VecDeque::from(vec![true, false]));
    let mut d: VecDeque<i64> = (0..10).collect();
    d.rotate_left(3); // not contiguous in memory
    roundtrip(d);
}

// ---------------------------------------------------------------------------
// maps and sets
// ---------------------------------------------------------------------------

#[test]
fn maps() {
    roundtrip(HashMap::<String, i32>::new());
    roundtrip(BTreeMap::<i64, String>::new());
    roundtrip(HashMap::from([
        (String::from("a"), 1i32),
        (String::from("中文"), -1),
        (String::new(), i32::MIN),
    ]));
    roundtrip(HashMap::from([
        (String::from("some"), Some(1i32)),
        (String::from("none"), None),
        (String::from("also none"), None),
        (String::from("max"), Some(i32::MAX)),
    ]));
    roundtrip(HashMap::from([(String::from("only"), None::<i32>)]));
    roundtrip(BTreeMap::from([
        (Some(String::from("a")), 1i32),
        (None, 2),
        (Some(String::new()), 3),
    ]));
    roundtrip(BTreeMap::from([(None::<String>, None::<String>)]));
    roundtrip(BTreeMap::from([
        (None::<i32>, Some(1.5f64)),
        (Some(1), None),
    ]));
    roundtrip(BTreeMap::from([
        (1u8, vec![1.0f64, 2.0]),
        (2, vec![]),
        (3, vec![f64::MIN; 40]),
    ]));
    roundtrip(HashMap::from([
        (String::from("k"), vec![1u8; 10]),
        (String::from("l"), vec![]),
    ]));
    roundtrip(BTreeMap::from([(
        1i32,
        HashMap::from([(2i32, vec![3i32])]),
    )]));
    roundtrip(HashMap::from([(vec![1u8, 2], Bytes::from_static(b"v"))]));
    roundtrip(BTreeMap::from([((1i32, String::from("t")), (true,))]));
}

#[test]
fn maps_with_more_entries_than_one_chunk() {
    // 255 entries a chunk; nulls split chunks
    let big: HashMap<i32, String> = (0..1000).map(|i| (i, i.to_string())).collect();
    roundtrip(big);
    let exact: BTreeMap<u16, u16> = (0..255).map(|i| (i, i)).collect();
    roundtrip(exact);
    let over: BTreeMap<u16, u16> = (0..256).map(|i| (i, i)).collect();
    roundtrip(over);
    let sparse: BTreeMap<i32, Option<String>> = (0..700)
        .map(|i| (i, (i % 3 != 0).then(|| format!("v{i}"))))
        .collect();
    roundtrip(sparse);
}

#[test]
fn sets() {
    roundtrip(HashSet::<i32>::new());
    roundtrip(BTreeSet::<String>::new());
    roundtrip(HashSet::from([1i32, -5, i32::MAX]));
    roundtrip(BTreeSet::from([
        String::from("b"),
        String::from("a"),
        String::from("中"),
    ]));
    roundtrip(BTreeSet::from([None, Some(1i64), Some(-1)]));
    roundtrip(HashSet::from([vec![1u8], vec![], vec![2u8, 3]]));
    roundtrip((0..500u64).collect::<BTreeSet<u64>>());
    roundtrip(HashSet::from([(1i32, 2i32), (3, 4)]));
}

// ---------------------------------------------------------------------------
// tuples
// ---------------------------------------------------------------------------

#[test]
fn tuples_of_1_to_12() {
    roundtrip((1i32,));
    roundtrip((String::from("a"), -1i64));
    roundtrip((true, 2u8, 3.5f64));
    roundtrip((Some(1i32), None::<String>, vec![1u8, 2], Vec::<u8>::new()));
    roundtrip((1i8, 2i16, 3i32, 4i64, 5u8));
    roundtrip((1u16, 2u32, 3u64, 4.0f32, 5.0f64, String::from("six")));
    roundtrip((
        None::<i32>,
        None::<String>,
        None::<Vec<u8>>,
        None::<f64>,
        None::<bool>,
        None::<u64>,
        None::<Bytes>,
    ));
    roundtrip((
        vec![1u8],
        vec![2.0f64],
        vec![String::from("3")],
        Some(4i32),
        HashMap::from([(5i32, 5i32)]),
        BTreeSet::from([6u8]),
        (7i32, 8i32),
        [9i32; 2],
    ));
    roundtrip((1i32, 2i32, 3i32, 4i32, 5i32, 6i32, 7i32, 8i32, 9i32));
    roundtrip((
        1u8,
        Some(2u16),
        None::<u32>,
        4u64,
        vec![5i8],
        String::from("6"),
        Bytes::from_static(b"7"),
        [8u8; 8],
        9.0f32,
        true,
    ));
    roundtrip((
        String::from("é"),
        String::from("中"),
        String::from("😀"),
        String::new(),
        vec![Some(1i32), None],
        vec![vec![1.0f64]],
        i64::MIN,
        u64::MAX,
        isize::MIN,
        usize::MAX,
        Some(vec![1u8; 20]),
    ));
    roundtrip((
        1i32,
        Some(String::from("two")),
        vec![3u8, 3, 3],
        None::<Vec<u8>>,
        5.0f64,
        vec![6.0f64; 6],
        Rc::new(String::from("seven")),
        Arc::new(vec![8u8; 8]),
        Box::new(9i16),
        PickleBuffer::new(vec![10u8; 10]),
        SharedArray::from_vec(vec![11.0f32; 11]),
        HashMap::from([(String::from("twelve"), Some(12i32))]),
    ));
}

// ---------------------------------------------------------------------------
// binary, PickleBuffer, SharedArray
// ---------------------------------------------------------------------------

#[test]
fn binary_vec_u8_and_bytes() {
    roundtrip(Vec::<u8>::new());
    roundtrip(vec![0u8; 1]);
    roundtrip((0..=255u8).collect::<Vec<u8>>());
    roundtrip(vec![0xabu8; 100_000]);
    roundtrip(Bytes::new());
    roundtrip(Bytes::from_static(b"hello"));
    roundtrip(Bytes::from(vec![7u8; 4096]));
    let parent = Bytes::from((0..100u8).collect::<Vec<u8>>());
    roundtrip(parent.slice(10..20));
    roundtrip(vec![
        parent.slice(0..10),
        parent.slice(10..20),
        parent.slice(0..10),
    ]);
}

#[test]
fn binary_is_offered_as_one_buffer_in_both_modes() {
    let v = vec![1u8; 1000];
    assert_eq!(offered(&native(), &v), 1);
    assert_eq!(offered(&xlang(), &v), 1);
    let b = Bytes::from(v);
    assert_eq!(offered(&native(), &b), 1);
    assert_eq!(offered(&xlang(), &b), 1);
}

#[test]
fn pickle_buffers() {
    roundtrip(PickleBuffer::default());
    roundtrip(PickleBuffer::new(&b"Large binary data"[..]));
    roundtrip(PickleBuffer::new(vec![0xffu8; 70_000]));
    roundtrip(vec![
        PickleBuffer::new(vec![1u8]),
        PickleBuffer::new(vec![2u8; 2]),
        PickleBuffer::new(vec![3u8; 3]),
    ]);
    roundtrip(Some(PickleBuffer::new(vec![1u8])));
    let v = PickleBuffer::new(vec![5u8; 50]);
    assert_eq!(offered(&native(), &v), 1);
    assert_eq!(offered(&xlang(), &v), 1);
}

#[test]
fn shared_arrays_of_every_element_type() {
    roundtrip(SharedArray::<u8>::default());
    roundtrip(SharedArray::<f64>::default());
    roundtrip(SharedArray::from_vec(vec![i8::MIN, 0, i8::MAX]));
    roundtrip(SharedArray::from_vec(vec![i16::MIN, 0, i16::MAX]));
    roundtrip(SharedArray::from_vec(vec![i32::MIN, 0, i32::MAX]));
    roundtrip(SharedArray::from_vec(vec![i64::MIN, 0, i64::MAX]));
    roundtrip(SharedArray::from_vec(vec![0u8, 1, u8::MAX]));
    roundtrip(SharedArray::from_vec(vec![0u16, 1, u16::MAX]));
    roundtrip(SharedArray::from_vec(vec![0u32, 1, u32::MAX]));
    roundtrip(SharedArray::from_vec(vec![0u64, 1, u64::MAX]));
    roundtrip(SharedArray::from_vec(vec![f32::MIN, 0.0, f32::MAX]));
    roundtrip(SharedArray::from_vec((0..10_000).map(f64::from).collect()));
    roundtrip(vec![
        SharedArray::from_vec(vec![1.0f64]),
        SharedArray::from_vec(vec![2.0, 3.0]),
    ]);
}

#[test]
fn shared_array_reads_as_vec_and_back() {
    for (name, fory) in configs() {
        let v: Vec<f64> = (0..100).map(f64::from).collect();
        let bytes = fory.serialize(&SharedArray::from_vec(v.clone())).unwrap();
        assert_eq!(fory.deserialize::<Vec<f64>>(&bytes).unwrap(), v, "{name}");
        let bytes = fory.serialize(&v).unwrap();
        let back: SharedArray<f64> = fory.deserialize(&bytes).unwrap();
        assert_eq!(&back[..], &v[..], "{name}");
        let bytes = fory.serialize(&vec![1u8, 2]).unwrap();
        assert_eq!(
            fory.deserialize::<Bytes>(&bytes).unwrap(),
            Bytes::from_static(&[1, 2]),
            "{name}"
        );
        let back: PickleBuffer = fory.deserialize(&bytes).unwrap();
        assert_eq!(back.raw(), &[1, 2], "{name}");
    }
}

// ---------------------------------------------------------------------------
// shared references
// ---------------------------------------------------------------------------

/// `[a, a]` of one shared pointer: ref tracking reads back one pointer and
/// offers its buffer once; without it both copies are written.
#[test]
fn rc_and_arc_shared_twice() {
    let a = Rc::new(vec![1u8, 2, 3, 4, 5]);
    let rcs = vec![a.clone(), a.clone()];
    for t in trips(&rcs) {
        assert_eq!(t.value, rcs, "{}", t.how);
        if t.ref_tracking {
            assert!(Rc::ptr_eq(&t.value[0], &t.value[1]), "{}", t.how);
        } else {
            assert!(!Rc::ptr_eq(&t.value[0], &t.value[1]), "{}", t.how);
        }
        if t.offered > 0 {
            let want = if t.ref_tracking { 1 } else { 2 };
            assert_eq!(t.offered, want, "{}", t.how);
        }
    }

    let b = Arc::new((0..64).map(f64::from).collect::<Vec<f64>>());
    let arcs = vec![b.clone(), b.clone(), Arc::new(vec![])];
    for t in trips(&arcs) {
        assert_eq!(t.value, arcs, "{}", t.how);
        assert_eq!(
            Arc::ptr_eq(&t.value[0], &t.value[1]),
            t.ref_tracking,
            "{}",
            t.how
        );
        assert!(!Arc::ptr_eq(&t.value[1], &t.value[2]), "{}", t.how);
    }

    let s = Arc::new(String::from("shared string"));
    let strings = (s.clone(), s.clone(), Some(s));
    for t in trips(&strings) {
        assert_eq!(t.value, strings, "{}", t.how);
        assert_eq!(
            Arc::ptr_eq(&t.value.0, &t.value.1),
            t.ref_tracking,
            "{}",
            t.how
        );
        let third = t.value.2.as_ref().unwrap();
        assert_eq!(Arc::ptr_eq(&t.value.0, third), t.ref_tracking, "{}", t.how);
    }
}

#[test]
fn rc_shared_across_map_values_and_options() {
    let a = Rc::new(String::from("value"));
    let map = BTreeMap::from([
        (1i32, a.clone()),
        (2, a.clone()),
        (3, Rc::new(String::new())),
    ]);
    for t in trips(&map) {
        assert_eq!(t.value, map, "{}", t.how);
        assert_eq!(
            Rc::ptr_eq(&t.value[&1], &t.value[&2]),
            t.ref_tracking,
            "{}",
            t.how
        );
    }
    let opts = vec![Some(a.clone()), None, Some(a)];
    for t in trips(&opts) {
        assert_eq!(t.value, opts, "{}", t.how);
        let (x, y) = (t.value[0].as_ref().unwrap(), t.value[2].as_ref().unwrap());
        assert_eq!(Rc::ptr_eq(x, y), t.ref_tracking, "{}", t.how);
    }
}

#[test]
fn rc_shared_between_a_map_key_and_its_value() {
    let k = Rc::new(String::from("both"));
    let other = Rc::new(String::from("other"));
    let map = BTreeMap::from([(k.clone(), k.clone()), (other.clone(), k)]);
    for t in trips(&map) {
        assert_eq!(t.value, map, "{}", t.how);
        let (key, value) = t.value.iter().find(|(k, _)| k.as_str() == "both").unwrap();
        assert_eq!(Rc::ptr_eq(key, value), t.ref_tracking, "{}", t.how);
        assert_eq!(
            Rc::ptr_eq(key, &t.value[&other]),
            t.ref_tracking,
            "{}",
            t.how
        );
    }
    let shared = Rc::new(vec![1u8; 100]);
    let opts = HashMap::from([
        (String::from("a"), Some(shared.clone())),
        (String::from("b"), None),
        (String::from("c"), Some(shared)),
    ]);
    for t in trips(&opts) {
        assert_eq!(t.value, opts, "{}", t.how);
        let (a, c) = (
            t.value["a"].as_ref().unwrap(),
            t.value["c"].as_ref().unwrap(),
        );
        assert_eq!(Rc::ptr_eq(a, c), t.ref_tracking, "{}", t.how);
    }
}

#[test]
fn the_same_bytes_twice_are_one_buffer_under_ref_tracking() {
    let b = Bytes::from(vec![3u8; 1000]);
    let v = vec![b.clone(), b.clone(), b.slice(0..10)];
    for t in trips(&v) {
        assert_eq!(t.value, v, "{}", t.how);
        if t.offered > 0 {
            let want = if t.ref_tracking { 2 } else { 3 };
            assert_eq!(t.offered, want, "{}", t.how);
        }
    }
}

#[test]
fn sharing_survives_a_box() {
    let a = Rc::new(String::from("boxed"));
    let v = vec![Box::new(a.clone()), Box::new(a)];
    for t in trips(&v) {
        assert_eq!(t.value, v, "{}", t.how);
        if t.ref_tracking {
            assert!(Rc::ptr_eq(&t.value[0], &t.value[1]), "{}", t.how);
        }
    }
}

#[test]
fn empty_shared_arrays_of_different_element_types() {
    roundtrip((SharedArray::<u32>::default(), SharedArray::<i32>::default()));
    roundtrip((SharedArray::<f64>::default(), SharedArray::<u64>::default()));
    roundtrip((
        SharedArray::<u32>::default(),
        SharedArray::<u32>::default(),
        Bytes::new(),
        PickleBuffer::default(),
    ));
}

#[test]
fn different_buffer_types_over_the_same_memory() {
    // two empty buffers (Bytes::new() is one static address)
    roundtrip((Bytes::new(), PickleBuffer::default()));
    // a PickleBuffer and a Bytes handle on the same bytes
    let b = Bytes::from(vec![1u8, 2, 3, 4]);
    roundtrip((b.clone(), PickleBuffer::new(b.clone())));
    // a u8 shared array over the same bytes
    let sa = SharedArray::<u8>::from_bytes(b.clone()).unwrap();
    roundtrip((sa, b));
}

// ---------------------------------------------------------------------------
// reading as another type
// ---------------------------------------------------------------------------

#[test]
fn integers_widen_on_read() {
    for (name, fory) in configs() {
        let bytes = fory.serialize(&-123_456i32).unwrap();
        assert_eq!(fory.deserialize::<i64>(&bytes).unwrap(), -123_456, "{name}");
        let bytes = fory.serialize(&i32::MIN).unwrap();
        assert_eq!(
            fory.deserialize::<i64>(&bytes).unwrap(),
            i32::MIN as i64,
            "{name}"
        );
        let bytes = fory.serialize(&200u8).unwrap();
        assert_eq!(fory.deserialize::<u16>(&bytes).unwrap(), 200, "{name}");
        assert_eq!(fory.deserialize::<i16>(&bytes).unwrap(), 200, "{name}");
        assert_eq!(fory.deserialize::<u64>(&bytes).unwrap(), 200, "{name}");
        let bytes = fory.serialize(&-7i8).unwrap();
        assert_eq!(fory.deserialize::<i32>(&bytes).unwrap(), -7, "{name}");
        assert_eq!(fory.deserialize::<isize>(&bytes).unwrap(), -7, "{name}");
        let bytes = fory.serialize(&u32::MAX).unwrap();
        assert_eq!(
            fory.deserialize::<u64>(&bytes).unwrap(),
            u32::MAX as u64,
            "{name}"
        );
        assert_eq!(
            fory.deserialize::<i64>(&bytes).unwrap(),
            u32::MAX as i64,
            "{name}"
        );
        let bytes = fory.serialize(&u16::MAX).unwrap();
        assert_eq!(fory.deserialize::<u32>(&bytes).unwrap(), 65_535, "{name}");
        assert_eq!(fory.deserialize::<usize>(&bytes).unwrap(), 65_535, "{name}");
        // in range narrowing is fine
        let bytes = fory.serialize(&100i64).unwrap();
        assert_eq!(fory.deserialize::<i8>(&bytes).unwrap(), 100, "{name}");
        assert_eq!(fory.deserialize::<u8>(&bytes).unwrap(), 100, "{name}");
        // f32 widens to f64
        let bytes = fory.serialize(&1.5f32).unwrap();
        assert_eq!(fory.deserialize::<f64>(&bytes).unwrap(), 1.5, "{name}");
        // elements of a LIST widen too
        let bytes = fory.serialize(&VecDeque::from(vec![1i32, -2])).unwrap();
        assert_eq!(
            fory.deserialize::<Vec<i64>>(&bytes).unwrap(),
            [1, -2],
            "{name}"
        );
        // inside an Option
        let bytes = fory.serialize(&Some(5u8)).unwrap();
        assert_eq!(
            fory.deserialize::<Option<u32>>(&bytes).unwrap(),
            Some(5),
            "{name}"
        );
    }
}

#[test]
fn out_of_range_narrowing_is_an_error() {
    for (name, fory) in configs() {
        let bytes = fory.serialize(&300i64).unwrap();
        let err = fory.deserialize::<i8>(&bytes).unwrap_err();
        assert!(err.to_string().contains("300"), "{name}: {err}");
        assert!(fory.deserialize::<u8>(&bytes).is_err(), "{name}");
        let bytes = fory.serialize(&-1i32).unwrap();
        assert!(fory.deserialize::<u32>(&bytes).is_err(), "{name}");
        assert!(fory.deserialize::<u64>(&bytes).is_err(), "{name}");
        assert!(fory.deserialize::<usize>(&bytes).is_err(), "{name}");
        let bytes = fory.serialize(&u64::MAX).unwrap();
        assert!(fory.deserialize::<i64>(&bytes).is_err(), "{name}");
        assert!(fory.deserialize::<u32>(&bytes).is_err(), "{name}");
        assert!(fory.deserialize::<isize>(&bytes).is_err(), "{name}");
        let bytes = fory.serialize(&i64::MIN).unwrap();
        assert!(fory.deserialize::<i32>(&bytes).is_err(), "{name}");
        let bytes = fory.serialize(&70_000u32).unwrap();
        assert!(fory.deserialize::<u16>(&bytes).is_err(), "{name}");
        assert!(fory.deserialize::<i16>(&bytes).is_err(), "{name}");
        let bytes = fory
            .serialize(&VecDeque::from(vec![1i64, 1 << 40]))
            .unwrap();
        assert!(fory.deserialize::<Vec<i32>>(&bytes).is_err(), "{name}");
        // f64 does not narrow to f32
        let bytes = fory.serialize(&1.5f64).unwrap();
        assert!(fory.deserialize::<f32>(&bytes).is_err(), "{name}");
        // neither does a string become a number
        let bytes = fory.serialize(&String::from("1")).unwrap();
        assert!(fory.deserialize::<i32>(&bytes).is_err(), "{name}");
    }
}

#[test]
fn lists_and_sets_read_as_each_other() {
    for (name, fory) in configs() {
        let v = vec![String::from("b"), String::from("a"), String::from("b")];
        let bytes = fory.serialize(&v).unwrap();
        let set: BTreeSet<String> = fory.deserialize(&bytes).unwrap();
        assert_eq!(set.len(), 2, "{name}");
        let deque: VecDeque<String> = fory.deserialize(&bytes).unwrap();
        assert_eq!(deque, v, "{name}");
        let bytes = fory.serialize(&VecDeque::from(v.clone())).unwrap();
        assert_eq!(
            fory.deserialize::<Vec<String>>(&bytes).unwrap(),
            v,
            "{name}"
        );
        // a tuple is a LIST too
        let bytes = fory
            .serialize(&(String::from("x"), String::from("y")))
            .unwrap();
        assert_eq!(
            fory.deserialize::<Vec<String>>(&bytes).unwrap(),
            ["x", "y"],
            "{name}"
        );
        let bytes = fory.serialize(&v[..2]).unwrap();
        assert_eq!(
            fory.deserialize::<(String, String)>(&bytes).unwrap(),
            (v[0].clone(), v[1].clone()),
            "{name}"
        );
        // dense arrays read from a LIST of numbers
        let bytes = fory.serialize(&VecDeque::from(vec![1u8, 255])).unwrap();
        assert_eq!(
            fory.deserialize::<Vec<u8>>(&bytes).unwrap(),
            [1, 255],
            "{name}"
        );
        let bytes = fory.serialize(&VecDeque::from(vec![true, false])).unwrap();
        assert_eq!(
            fory.deserialize::<Vec<bool>>(&bytes).unwrap(),
            [true, false],
            "{name}"
        );
        let bytes = fory.serialize(&VecDeque::from(vec![0.5f64, 2.0])).unwrap();
        assert_eq!(
            fory.deserialize::<Vec<f64>>(&bytes).unwrap(),
            [0.5, 2.0],
            "{name}"
        );
        assert_eq!(
            fory.deserialize::<[f64; 2]>(&bytes).unwrap(),
            [0.5, 2.0],
            "{name}"
        );
        // a null where the type is not optional is an error, not a default
        let bytes = fory.serialize(&None::<String>).unwrap();
        assert!(fory.deserialize::<String>(&bytes).is_err(), "{name}");
        let bytes = fory.serialize(&vec![Some(1i32), None]).unwrap();
        assert!(fory.deserialize::<Vec<i32>>(&bytes).is_err(), "{name}");
    }
}
