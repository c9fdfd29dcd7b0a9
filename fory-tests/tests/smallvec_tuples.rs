//! `smallvec::SmallVec<[T; N]>` (through fory-core's re-export) is a
//! `Vec<T>` on the wire in every respect: the same bytes top-level and as
//! a struct field (the same TypeDef and schema hash), read from each
//! other's bytes, the same out-of-band buffers, inline when it fits and
//! spilled when it does not; hostile lengths and cut input are errors.
//! Tuples of 13 to 16 elements (and data enum variants as wide) are
//! LISTs of their elements, as the shorter ones are.

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::fmt::Debug;

use bytes::Bytes;
use fory_core::buffers::BufferObject;
use fory_core::smallvec::{smallvec, SmallVec};
use fory_core::value::Value;
use fory_core::{Deserialize, Fory, ForyObject, Serialize};
use fory_tests::to_hex;

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Item {
    id: u32,
    name: String,
}

fn item(id: u32) -> Item {
    Item {
        id,
        name: format!("item {id}"),
    }
}

/// Every configuration of `fory_tests::configs()`, `Item` registered.
fn configs() -> Vec<(String, Fory)> {
    fory_tests::configs()
        .into_iter()
        .map(|(name, mut f)| {
            f.register::<Item>(91).unwrap();
            (name, f)
        })
        .collect()
}

/// A `SmallVec<[T; N]>` of `items` writes the bytes of the `Vec<T>` of
/// them; each reads back from its own and the other's bytes, the
/// `SmallVec` inline exactly when the elements fit.
fn same_as_vec<T, const N: usize>(how: &str, f: &Fory, items: &[T])
where
    T: Serialize + Deserialize + Clone + PartialEq + Debug,
{
    let v: Vec<T> = items.to_vec();
    let s: SmallVec<[T; N]> = items.iter().cloned().collect();
    assert_eq!(s.spilled(), items.len() > N);
    let sb = f.serialize(&s).unwrap();
    let vb = f.serialize(&v).unwrap();
    assert_eq!(to_hex(&sb), to_hex(&vb), "{how}: {items:?}");
    for bytes in [&sb, &vb] {
        let back: SmallVec<[T; N]> = f.deserialize(bytes).unwrap();
        assert_eq!(back.as_slice(), items, "{how}");
        assert_eq!(back.spilled(), items.len() > N, "{how}: {items:?}");
        assert_eq!(f.deserialize::<Vec<T>>(bytes).unwrap(), v, "{how}");
    }
    // `Option`s: a null flag for `None`, the same bytes for `Some`
    let some = f.serialize(&Some(s.clone())).unwrap();
    assert_eq!(some, f.serialize(&Some(v.clone())).unwrap(), "{how}");
    let none = f.serialize(&None::<SmallVec<[T; N]>>).unwrap();
    assert_eq!(none, f.serialize(&None::<Vec<T>>).unwrap(), "{how}");
    assert_eq!(
        f.deserialize::<Option<SmallVec<[T; N]>>>(&some).unwrap(),
        Some(s),
        "{how}"
    );
    assert_eq!(
        f.deserialize::<Option<SmallVec<[T; N]>>>(&none).unwrap(),
        None,
        "{how}"
    );
}

#[test]
fn smallvecs_are_their_vecs_top_level() {
    for (how, f) in configs() {
        let f = &f;
        // empty, inline (len <= N) and spilled (len > N)
        same_as_vec::<u8, 8>(&how, f, b"");
        same_as_vec::<u8, 8>(&how, f, b"abc");
        same_as_vec::<u8, 8>(&how, f, b"12345678");
        same_as_vec::<u8, 8>(&how, f, &[0xfe; 300]);
        same_as_vec::<i32, 4>(&how, f, &[i32::MIN, -1, 0, i32::MAX]);
        same_as_vec::<i32, 4>(
            &how,
            f,
            &(0..1000).map(|i| i * 7 - 3000).collect::<Vec<_>>(),
        );
        same_as_vec::<f64, 2>(&how, f, &[1.5]);
        same_as_vec::<f64, 2>(&how, f, &[0.0, -0.5, f64::MAX, 1e-300, 3.25]);
        same_as_vec::<String, 2>(&how, f, &["a".into(), "ünï".into()]);
        same_as_vec::<String, 2>(&how, f, &["x".into(), String::new(), "long".repeat(50)]);
        same_as_vec::<Item, 2>(&how, f, &[item(1)]);
        same_as_vec::<Item, 2>(&how, f, &(0..9).map(item).collect::<Vec<_>>());
        same_as_vec::<Option<i64>, 3>(&how, f, &[Some(1), None, Some(-3), None]);
        same_as_vec::<bool, 16>(&how, f, &[true, false, true]);
        same_as_vec::<Vec<u16>, 1>(&how, f, &[vec![1, 2], vec![], vec![3]]);
        // a SmallVec inside a SmallVec
        let nested: SmallVec<[SmallVec<[i64; 2]>; 2]> =
            smallvec![smallvec![1, 2, 3], smallvec![], smallvec![-4]];
        let as_vecs: Vec<Vec<i64>> = vec![vec![1, 2, 3], vec![], vec![-4]];
        let bytes = f.serialize(&nested).unwrap();
        assert_eq!(bytes, f.serialize(&as_vecs).unwrap(), "{how}");
        assert_eq!(
            f.deserialize::<SmallVec<[SmallVec<[i64; 2]>; 2]>>(&bytes)
                .unwrap(),
            nested,
            "{how}"
        );
    }
}

#[test]
fn a_spilled_read_keeps_the_vecs_allocation_and_a_fitting_one_is_inline() {
    let f = Fory::builder().xlang(false).build();
    // the elements' capacity was over N: still inline after the read
    let mut v: Vec<i64> = Vec::with_capacity(64);
    v.extend([1, 2, 3]);
    let back: SmallVec<[String; 4]> = f
        .deserialize(&f.serialize(&vec!["a", "b", "c"]).unwrap())
        .unwrap();
    assert!(!back.spilled());
    let back: SmallVec<[i64; 4]> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
    assert!(!back.spilled());
    assert_eq!(back.as_slice(), [1, 2, 3]);
    // five 300-byte elements: the `Vec` they are read into grows past
    // six (four, then eight), and they are still moved inline
    let big = vec![[7u8; 300]; 5];
    let back: SmallVec<[[u8; 300]; 6]> = f.deserialize(&f.serialize(&big).unwrap()).unwrap();
    assert!(!back.spilled());
    assert_eq!(back.as_slice(), big.as_slice());
    let long: Vec<i64> = (0..100).collect();
    let back: SmallVec<[i64; 4]> = f.deserialize(&f.serialize(&long).unwrap()).unwrap();
    assert!(back.spilled());
    assert_eq!(back.capacity(), 100);
    assert_eq!(back.into_vec(), long);
}

#[test]
fn smallvecs_read_what_a_vec_reads() {
    for (how, f) in configs() {
        // a set's body is a list's
        let set = BTreeSet::from([3i32, -1, 7]);
        let back: SmallVec<[i32; 4]> = f.deserialize(&f.serialize(&set).unwrap()).unwrap();
        assert_eq!(back.as_slice(), [-1, 3, 7], "{how}");
        let set = HashSet::from(["only".to_string()]);
        let back: SmallVec<[String; 1]> = f.deserialize(&f.serialize(&set).unwrap()).unwrap();
        assert_eq!(back.as_slice(), ["only"], "{how}");
        // a LIST of numbers (a `VecDeque` is one) into a dense type's
        let deque = VecDeque::from([1i64, -2, 1 << 40]);
        let back: SmallVec<[i64; 2]> = f.deserialize(&f.serialize(&deque).unwrap()).unwrap();
        assert_eq!(back.as_slice(), [1, -2, 1 << 40], "{how}");
        // and a SmallVec's bytes into a deque and a set
        let s: SmallVec<[i32; 2]> = smallvec![5, 6, 5];
        let bytes = f.serialize(&s).unwrap();
        let deque: VecDeque<i32> = f.deserialize(&bytes).unwrap();
        assert_eq!(deque, [5, 6, 5], "{how}");
        let set: BTreeSet<i32> = f.deserialize(&bytes).unwrap();
        assert_eq!(set, BTreeSet::from([5, 6]), "{how}");
        // a wrong type is an error naming what was found
        let err = f
            .deserialize::<SmallVec<[i32; 2]>>(&f.serialize(&"text").unwrap())
            .unwrap_err();
        assert!(err.to_string().contains("STRING"), "{how}: {err}");
    }
}

// ----- as struct fields -----

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Small {
    raw: SmallVec<[u8; 8]>,
    ints: SmallVec<[i32; 4]>,
    floats: SmallVec<[f64; 2]>,
    names: SmallVec<[String; 2]>,
    items: SmallVec<[Item; 2]>,
    maybe: Option<SmallVec<[i64; 2]>>,
    tail: String,
}

/// [`Small`] with `Vec`s.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Large {
    raw: Vec<u8>,
    ints: Vec<i32>,
    floats: Vec<f64>,
    names: Vec<String>,
    items: Vec<Item>,
    maybe: Option<Vec<i64>>,
    tail: String,
}

impl Small {
    fn of(l: &Large) -> Small {
        Small {
            raw: SmallVec::from_slice(&l.raw),
            ints: SmallVec::from_slice(&l.ints),
            floats: SmallVec::from_slice(&l.floats),
            names: l.names.iter().cloned().collect(),
            items: l.items.iter().cloned().collect(),
            maybe: l.maybe.as_deref().map(SmallVec::from_slice),
            tail: l.tail.clone(),
        }
    }
}

fn larges() -> Vec<Large> {
    vec![
        // every field inline
        Large {
            raw: b"raw".to_vec(),
            ints: vec![-7, 8],
            floats: vec![2.5],
            names: vec!["n".into()],
            items: vec![item(4)],
            maybe: Some(vec![9]),
            tail: "t".into(),
        },
        // every field spilled
        Large {
            raw: vec![0xab; 1000],
            ints: (0..50).collect(),
            floats: vec![0.0, -1.0, 1e10],
            names: vec!["a".into(), "b".into(), "c".into()],
            items: (0..5).map(item).collect(),
            maybe: Some(vec![1, 2, 3, 4]),
            tail: String::new(),
        },
        // empty
        Large {
            raw: vec![],
            ints: vec![],
            floats: vec![],
            names: vec![],
            items: vec![],
            maybe: None,
            tail: "end".into(),
        },
    ]
}

/// Two `Fory`s of one configuration: `Small` registered in one, `Large`
/// in the other, under the same id.
fn pair(xlang: bool, compatible: bool, refs: bool) -> (Fory, Fory) {
    let build = || {
        let mut f = Fory::builder()
            .xlang(xlang)
            .compatible(compatible)
            .ref_tracking(refs)
            .build();
        f.register::<Item>(91).unwrap();
        f
    };
    let (mut f, mut g) = (build(), build());
    f.register::<Small>(90).unwrap();
    g.register::<Large>(90).unwrap();
    (f, g)
}

fn layouts() -> Vec<(bool, bool, bool)> {
    let mut v = Vec::new();
    for xlang in [false, true] {
        for compatible in [false, true] {
            for refs in [false, true] {
                v.push((xlang, compatible, refs));
            }
        }
    }
    v
}

#[test]
fn smallvec_fields_are_vec_fields_typedef_hash_and_bytes() {
    for (xlang, compatible, refs) in layouts() {
        let how = format!("xlang {xlang} compatible {compatible} refs {refs}");
        let (f, g) = pair(xlang, compatible, refs);
        for l in larges() {
            let s = Small::of(&l);
            let ours = f.serialize(&s).unwrap();
            let theirs = g.serialize(&l).unwrap();
            // the same TypeDef (compatible) or schema hash, and data
            assert_eq!(to_hex(&ours), to_hex(&theirs), "{how}");
            assert_eq!(f.deserialize::<Small>(&ours).unwrap(), s, "{how}");
            assert_eq!(f.deserialize::<Small>(&theirs).unwrap(), s, "{how}");
            assert_eq!(g.deserialize::<Large>(&ours).unwrap(), l, "{how}");
            // in a list too
            let list = vec![s.clone(), s.clone()];
            let bytes = f.serialize(&list).unwrap();
            assert_eq!(bytes, g.serialize(&vec![l.clone(), l.clone()]).unwrap());
            assert_eq!(f.deserialize::<Vec<Small>>(&bytes).unwrap(), list, "{how}");
        }
    }
    use fory_core::UserType;
    let (s, l) = (Small::fory_fields(), Large::fory_fields());
    assert_eq!(s.len(), 7);
    let key = |f: &fory_core::object::FieldInfo| {
        (
            f.name,
            f.type_id,
            f.nullable,
            f.track_ref,
            f.type_fingerprint.clone(),
        )
    };
    assert_eq!(
        s.iter().map(key).collect::<Vec<_>>(),
        l.iter().map(key).collect::<Vec<_>>()
    );
}

// ----- out-of-band -----

/// `value`'s stream and the buffers offered while writing it, all sent
/// out-of-band.
fn oob<T: Serialize>(f: &Fory, value: &T) -> (Vec<u8>, Vec<Bytes>) {
    let mut objs: Vec<BufferObject> = Vec::new();
    let data = f
        .serialize_with_callback(value, |b| {
            objs.push(b);
            false
        })
        .unwrap();
    (data, objs.iter().map(BufferObject::to_buffer).collect())
}

#[test]
fn smallvecs_offer_their_buffers_as_vecs_do() {
    let floats: Vec<f64> = (0..10_000).map(|i| f64::from(i) * 0.5).collect();
    let small: SmallVec<[f64; 4]> = SmallVec::from_slice(&floats);
    let raw: Vec<u8> = (0..5000).map(|i| i as u8).collect();
    let small_raw: SmallVec<[u8; 16]> = SmallVec::from_slice(&raw);
    let mut offered = 0;
    for (how, f) in configs() {
        let (vd, vb) = oob(&f, &floats);
        let (sd, sb) = oob(&f, &small);
        assert_eq!(sb.len(), vb.len(), "{how}");
        assert_eq!(sd, vd, "{how}");
        assert_eq!(sb, vb, "{how}");
        offered += sb.len();
        // (a stream written with a callback is read with buffers, none
        // when the array stayed in-band)
        let back: SmallVec<[f64; 4]> = f.deserialize_with_buffers(&sd, sb.clone()).unwrap();
        assert_eq!(back, small, "{how}");
        assert!(back.spilled());
        let back: Vec<f64> = f.deserialize_with_buffers(&sd, sb).unwrap();
        assert_eq!(back, floats, "{how}");
        let back: SmallVec<[f64; 4]> = f.deserialize_with_buffers(&vd, vb).unwrap();
        assert_eq!(back, small, "{how}");
        // BINARY takes the buffer path in every mode
        let (vd, vb) = oob(&f, &raw);
        let (sd, sb) = oob(&f, &small_raw);
        assert_eq!(sb.len(), 1, "{how}");
        assert_eq!((sd.clone(), sb.clone()), (vd, vb), "{how}");
        let back: SmallVec<[u8; 16]> = f.deserialize_with_buffers(&sd, sb).unwrap();
        assert_eq!(back, small_raw, "{how}");
        // and as a struct field
        let mut f = f;
        f.register::<Small>(90).unwrap();
        let mut l = larges().swap_remove(1);
        l.floats = floats.clone();
        let s = Small::of(&l);
        let (sd, sb) = oob(&f, &s);
        let mut g = Fory::builder()
            .xlang(f.config().xlang())
            .xlang_array_buffers(f.config().xlang_array_buffers())
            .ref_tracking(f.config().ref_tracking())
            .build();
        g.register::<Item>(91).unwrap();
        g.register::<Large>(90).unwrap();
        let (ld, lb) = oob(&g, &l);
        assert_eq!((&sd, &sb), (&ld, &lb), "{how}");
        let back: Small = f.deserialize_with_buffers(&sd, sb).unwrap();
        assert_eq!(back, s, "{how}");
    }
    // native mode and Java's convention send the array out-of-band
    assert!(offered >= 4, "{offered}");
}

// ----- hostile and cut input -----

/// `empty`'s bytes (ending in its length, 0) with the length made 2^31
/// and a few bytes after it.
fn claim_2_31(empty: Vec<u8>) -> Vec<u8> {
    let mut bytes = empty;
    assert_eq!(bytes.pop(), Some(0));
    bytes.extend_from_slice(&[0x80, 0x80, 0x80, 0x80, 0x08]);
    bytes.extend_from_slice(&[0x0c, 0x01, 0x02, 0x03]);
    bytes
}

/// The error names the claimed length and what the input had left.
fn says_too_long(how: &str, err: &fory_core::Error) {
    let text = err.to_string();
    assert!(
        text.contains("2147483648") && text.contains("left in the input"),
        "{how}: {text}"
    );
}

#[test]
fn a_claimed_length_of_2_31_is_an_error_not_an_allocation() {
    for (how, f) in configs() {
        // a LIST of 1 KiB elements: preallocating the claim would ask
        // for 2 TiB and abort the test
        let bytes = claim_2_31(f.serialize(&SmallVec::<[[u8; 1024]; 2]>::new()).unwrap());
        let err = f
            .deserialize::<SmallVec<[[u8; 1024]; 2]>>(&bytes)
            .unwrap_err();
        says_too_long(&how, &err);
        let bytes = claim_2_31(f.serialize(&SmallVec::<[String; 2]>::new()).unwrap());
        let err = f.deserialize::<SmallVec<[String; 2]>>(&bytes).unwrap_err();
        says_too_long(&how, &err);
        // a dense array's size in bytes
        let bytes = claim_2_31(f.serialize(&SmallVec::<[i32; 4]>::new()).unwrap());
        let err = f.deserialize::<SmallVec<[i32; 4]>>(&bytes).unwrap_err();
        says_too_long(&how, &err);
        let bytes = claim_2_31(f.serialize(&SmallVec::<[u8; 4]>::new()).unwrap());
        let err = f.deserialize::<SmallVec<[u8; 4]>>(&bytes).unwrap_err();
        says_too_long(&how, &err);
    }
}

/// Every prefix of `value`'s bytes is an error as a `T`.
fn cuts_are_errors<T: Serialize + Deserialize>(how: &str, f: &Fory, value: &T) {
    let bytes = f.serialize(value).unwrap();
    for cut in 0..bytes.len() {
        assert!(
            f.deserialize::<T>(&bytes[..cut]).is_err(),
            "{how}: {} cut at {cut} of {}",
            std::any::type_name::<T>(),
            bytes.len()
        );
    }
}

#[test]
fn cut_smallvecs_are_errors() {
    for (how, f) in configs() {
        let f = &f;
        cuts_are_errors(&how, f, &SmallVec::<[u8; 2]>::from_slice(b"bytes"));
        cuts_are_errors(&how, f, &SmallVec::<[i32; 2]>::from_slice(&[1, -2, 3]));
        cuts_are_errors(&how, f, &SmallVec::<[f64; 8]>::from_slice(&[1.0, 2.0]));
        let names: SmallVec<[String; 2]> =
            ["a", "bc", "déf"].map(String::from).into_iter().collect();
        cuts_are_errors(&how, f, &names);
        cuts_are_errors(&how, f, &(0..3).map(item).collect::<SmallVec<[Item; 2]>>());
        let mut f = f.clone();
        f.register::<Small>(90).unwrap();
        for l in larges() {
            cuts_are_errors(&how, &f, &Small::of(&l));
        }
    }
}

// ----- tuples of 13 to 16 -----

type T13 = (
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    bool,
    String,
    Option<i64>,
);

type T16 = (
    i32,
    String,
    f64,
    bool,
    Vec<u8>,
    Option<String>,
    i64,
    u16,
    Vec<String>,
    (i32, String),
    char,
    u64,
    f32,
    Item,
    BTreeMap<String, i32>,
    SmallVec<[i32; 2]>,
);

/// Fourteen bytes and a string: plain elements, written on one cursor.
type P15 = (
    u8,
    u8,
    u8,
    u8,
    u8,
    u8,
    u8,
    u8,
    u8,
    u8,
    u8,
    u8,
    u8,
    u8,
    String,
);

fn t13(k: i64) -> T13 {
    (
        -1,
        300,
        -70_000,
        k,
        200,
        60_000,
        u32::MAX,
        u64::MAX,
        1.5,
        -2.25,
        true,
        format!("s{k}"),
        if k % 2 == 0 { Some(k) } else { None },
    )
}

fn t16() -> T16 {
    (
        7,
        "seven".into(),
        0.125,
        false,
        b"\x00raw".to_vec(),
        None,
        i64::MIN,
        65_535,
        vec!["x".into(), "y".into()],
        (3, "three".into()),
        'é',
        1 << 40,
        -0.5,
        item(12),
        BTreeMap::from([("k".to_string(), 1)]),
        smallvec![1, 2, 3],
    )
}

/// A 13-tuple as a 7- and a 6-tuple (std's `PartialEq` and `Debug` stop
/// at 12).
#[allow(clippy::type_complexity)]
fn split13(
    t: T13,
) -> (
    (i8, i16, i32, i64, u8, u16, u32),
    (u64, f32, f64, bool, String, Option<i64>),
) {
    let (a, b, c, d, e, f, g, h, i, j, k, l, m) = t;
    ((a, b, c, d, e, f, g), (h, i, j, k, l, m))
}

/// A 16-tuple as two 8-tuples.
#[allow(clippy::type_complexity)]
fn split16(
    t: T16,
) -> (
    (i32, String, f64, bool, Vec<u8>, Option<String>, i64, u16),
    (
        Vec<String>,
        (i32, String),
        char,
        u64,
        f32,
        Item,
        BTreeMap<String, i32>,
        SmallVec<[i32; 2]>,
    ),
) {
    let (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) = t;
    ((a, b, c, d, e, f, g, h), (i, j, k, l, m, n, o, p))
}

#[test]
fn tuples_of_13_and_16_round_trip() {
    for (how, f) in configs() {
        for k in [0, 1, -(1 << 40)] {
            let t = t13(k);
            let bytes = f.serialize(&t).unwrap();
            let back: T13 = f.deserialize(&bytes).unwrap();
            assert_eq!(split13(back), split13(t.clone()), "{how}");
            // a LIST of 13 elements with their type info, which `Value` reads
            match f.deserialize::<Value>(&bytes).unwrap() {
                Value::List(v) => assert_eq!(v.len(), 13, "{how}"),
                other => panic!("{how}: {other:?}"),
            }
        }
        // a list of them (the plain elements' one-cursor path and the
        // per-element one)
        let list: Vec<T13> = (0..5).map(t13).collect();
        let back: Vec<T13> = f.deserialize(&f.serialize(&list).unwrap()).unwrap();
        assert_eq!(back.len(), 5);
        for (b, t) in back.into_iter().zip(list) {
            assert_eq!(split13(b), split13(t), "{how}");
        }
        let plain: Vec<P15> = (0..3)
            .map(|i| (i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, format!("{i}")))
            .collect();
        let back: Vec<P15> = f.deserialize(&f.serialize(&plain).unwrap()).unwrap();
        for (b, t) in back.iter().zip(&plain) {
            assert_eq!((b.0, b.13, &b.14), (t.0, t.13, &t.14), "{how}");
        }
        let t = t16();
        let bytes = f.serialize(&t).unwrap();
        let back: T16 = f.deserialize(&bytes).unwrap();
        assert_eq!(split16(back), split16(t.clone()), "{how}");
        // another arity is an error naming the length found
        let err = f
            .deserialize::<(
                i32,
                String,
                f64,
                bool,
                Vec<u8>,
                Option<String>,
                i64,
                u16,
                Vec<String>,
                (i32, String),
                char,
                u64,
            )>(&bytes)
            .unwrap_err();
        assert!(err.to_string().contains("16 elements"), "{how}: {err}");
        let Err(err) = f.deserialize::<T13>(&f.serialize(&split16(t.clone())).unwrap()) else {
            panic!("{how}: a pair read as a 13-tuple");
        };
        assert!(err.to_string().contains("2 elements"), "{how}: {err}");
    }
}

/// A 16-tuple is the 12-tuple's bytes with the length 16 and four more
/// elements, each as the 12-tuple's are (its type id, then its data).
#[test]
fn a_16_tuple_is_the_12_tuples_list_grown_by_four() {
    for (how, f) in configs() {
        let t1 = f.serialize(&(1u8,)).unwrap();
        let t12 = f
            .serialize(&(
                1u8, 2u8, 3u8, 4u8, 5u8, 6u8, 7u8, 8u8, 9u8, 10u8, 11u8, 12u8,
            ))
            .unwrap();
        let t16 = f
            .serialize(&(
                1u8, 2u8, 3u8, 4u8, 5u8, 6u8, 7u8, 8u8, 9u8, 10u8, 11u8, 12u8, 13u8, 14u8, 15u8,
                16u8,
            ))
            .unwrap();
        // each element's bytes: [flag,] type id, value
        let k = (t12.len() - t1.len()) / 11;
        let len_at = t1.len() - k - 2;
        assert_eq!(t12[len_at], 12, "{how}");
        let mut expected = t12.clone();
        expected[len_at] = 16;
        for v in 13..=16u8 {
            let mut e = t1[t1.len() - k..].to_vec();
            *e.last_mut().unwrap() = v;
            expected.extend_from_slice(&e);
        }
        assert_eq!(to_hex(&t16), to_hex(&expected), "{how}");
    }
}

#[test]
fn cut_wide_tuples_are_errors() {
    for (how, f) in configs() {
        cuts_are_errors(&how, &f, &t13(5));
        cuts_are_errors(&how, &f, &t16());
    }
}

// ----- wide tuples as fields, wide data enum variants -----

#[derive(ForyObject, Clone)]
struct Wide {
    id: u32,
    t: T13,
    u: Option<T16>,
}

/// A union whose cases are as wide as the widest tuples, and wider (a
/// case's fields are a LIST of their own, not a Rust tuple).
#[derive(ForyObject, Debug, PartialEq, Clone)]
enum Many {
    Unit,
    Thirteen(u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, u8, String),
    Sixteen {
        a: i32,
        b: String,
        c: f64,
        d: bool,
        e: Vec<u8>,
        f: Option<String>,
        g: i64,
        h: u16,
        i: Vec<String>,
        j: (i32, String),
        k: char,
        l: u64,
        m: f32,
        n: Item,
        o: SmallVec<[i32; 2]>,
        p: Option<i32>,
    },
    Seventeen(
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
        u8,
    ),
}

fn manies() -> Vec<Many> {
    vec![
        Many::Unit,
        Many::Thirteen(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, "13".into()),
        Many::Sixteen {
            a: -1,
            b: "b".into(),
            c: 2.5,
            d: true,
            e: vec![0, 1],
            f: Some("f".into()),
            g: 1 << 50,
            h: 8,
            i: vec!["i".into()],
            j: (10, "j".into()),
            k: 'k',
            l: 12,
            m: 13.5,
            n: item(14),
            o: smallvec![15, 15, 15],
            p: None,
        },
        Many::Seventeen(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17),
    ]
}

#[test]
fn wide_tuple_fields_and_enum_variants_round_trip() {
    for (xlang, compatible, refs) in layouts() {
        let how = format!("xlang {xlang} compatible {compatible} refs {refs}");
        let mut f = Fory::builder()
            .xlang(xlang)
            .compatible(compatible)
            .ref_tracking(refs)
            .build();
        f.register::<Item>(91).unwrap();
        f.register::<Wide>(92).unwrap();
        f.register::<Many>(93).unwrap();
        for u in [None, Some(t16())] {
            let w = Wide {
                id: 9,
                t: t13(-3),
                u: u.clone(),
            };
            let bytes = f.serialize(&w).unwrap();
            let back: Wide = f.deserialize(&bytes).unwrap();
            assert_eq!(back.id, 9, "{how}");
            assert_eq!(split13(back.t), split13(w.t.clone()), "{how}");
            assert_eq!(back.u.map(split16), u.map(split16), "{how}");
            for cut in 0..bytes.len() {
                assert!(
                    f.deserialize::<Wide>(&bytes[..cut]).is_err(),
                    "{how}: {cut}"
                );
            }
        }
        let all = manies();
        for m in &all {
            let bytes = f.serialize(m).unwrap();
            assert_eq!(&f.deserialize::<Many>(&bytes).unwrap(), m, "{how}");
            for cut in 0..bytes.len() {
                assert!(
                    f.deserialize::<Many>(&bytes[..cut]).is_err(),
                    "{how}: {cut}"
                );
            }
        }
        assert_eq!(
            f.deserialize::<Vec<Many>>(&f.serialize(&all).unwrap())
                .unwrap(),
            all
        );
    }
}

// ----- generic structs -----

/// A generic struct whose parameter appears only in a `SmallVec` (the
/// derive reads it in the order it guesses from the fields' syntax).
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Bag<T> {
    label: String,
    items: SmallVec<[T; 3]>,
    count: i32,
}

/// [`Bag`] with a `Vec`.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct VecBag<T> {
    label: String,
    items: Vec<T>,
    count: i32,
}

fn bags_are_vec_bags<T>(items: &[T])
where
    T: Serialize + Deserialize + Clone + PartialEq + Debug + 'static,
{
    for (xlang, compatible, refs) in layouts() {
        let how = format!("xlang {xlang} compatible {compatible} refs {refs}");
        let build = || {
            Fory::builder()
                .xlang(xlang)
                .compatible(compatible)
                .ref_tracking(refs)
                .build()
        };
        let (mut f, mut g) = (build(), build());
        f.register::<Bag<T>>(95).unwrap();
        g.register::<VecBag<T>>(95).unwrap();
        let bag = Bag {
            label: "bag".into(),
            items: items.iter().cloned().collect(),
            count: -4,
        };
        let vec_bag = VecBag {
            label: "bag".into(),
            items: items.to_vec(),
            count: -4,
        };
        let ours = f.serialize(&bag).unwrap();
        assert_eq!(
            to_hex(&ours),
            to_hex(&g.serialize(&vec_bag).unwrap()),
            "{how}"
        );
        assert_eq!(f.deserialize::<Bag<T>>(&ours).unwrap(), bag, "{how}");
        assert_eq!(g.deserialize::<VecBag<T>>(&ours).unwrap(), vec_bag, "{how}");
    }
}

#[test]
fn generic_structs_of_smallvecs_are_their_vec_twins() {
    bags_are_vec_bags::<i32>(&[1, -2]);
    bags_are_vec_bags::<i32>(&[1, -2, 3, 4, 5]);
    bags_are_vec_bags::<u8>(b"bytes");
    bags_are_vec_bags::<String>(&["a".into(), "b".into()]);
    bags_are_vec_bags::<f64>(&[0.5; 7]);
}
