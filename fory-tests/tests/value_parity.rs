//! `Value` parity: every type the library writes, in each configuration
//! (native / xlang × compatible false / true, with and without reference
//! tracking, in band and with every buffer kept out of band), is written
//! by its typed serializer, read as a `Value`, and the `Value` written
//! again: the bytes (and out-of-band buffers) are the typed write's, and
//! the typed read of them gives the original. The few differences the
//! `Value` cannot express are the ones the `value` module documents, and
//! are asserted as documented. Truncations and byte flips of some of
//! these streams read as `Value` are errors, never panics.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, HashSet, LinkedList, VecDeque};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::ops::Bound;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use fory_core::buffers::BufferObject;
use fory_core::value::Value;
use fory_core::{Deserialize, ErrorKind, Fory, ForyObject, Serialize};

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Point {
    x: i32,
    y: f64,
    name: String,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Holder {
    points: Vec<Point>,
    tags: HashMap<String, i64>,
    maybe: Option<String>,
    blob: Vec<u8>,
}

#[derive(ForyObject, Debug)]
struct Ring {
    id: u32,
    next: Option<Rc<RefCell<Ring>>>,
}

#[derive(ForyObject, Debug, PartialEq, Clone, Copy)]
enum Color {
    Red,
    Green,
    Blue,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
enum Shape {
    Circle(f64),
    Label(String),
}

/// Every configuration: (xlang, compatible, ref tracking).
fn configs() -> Vec<(bool, bool, bool)> {
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

fn fory(xlang: bool, compatible: bool, refs: bool) -> Fory {
    fory_with(xlang, compatible, refs, false, false)
}

/// [`fory`] with the xlang settings `xlang_array_buffers` (`arrays`) and
/// `xlang_utf8_strings` (`utf8`).
fn fory_with(xlang: bool, compatible: bool, refs: bool, arrays: bool, utf8: bool) -> Fory {
    let mut f = Fory::builder()
        .xlang(xlang)
        .compatible(compatible)
        .ref_tracking(refs)
        .xlang_array_buffers(arrays)
        .xlang_utf8_strings(utf8)
        .build();
    f.register::<Point>(101).unwrap();
    f.register::<Holder>(102).unwrap();
    f.register::<Color>(103).unwrap();
    f.register::<Shape>(104).unwrap();
    f.register::<Ring>(105).unwrap();
    f
}

fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What the `value` module documents for a type in one configuration.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// The `Value`'s bytes and buffers are the typed write's.
    Exact,
    /// The `Value` cannot express the difference (the module docs list
    /// them): its bytes may differ, but the typed read of them gives the
    /// original, and they are a fixed point (read as `Value` and written
    /// again, the same bytes).
    Canonical,
    /// The `Value` holds a struct, enum, union or back-reference: writing
    /// it is an `Unsupported` error.
    NotWritable,
    /// Reading it as a `Value` is an `Unsupported` error (a
    /// schema-consistent struct, a `u128` past `i128::MAX`).
    NotReadable,
}
use Expect::*;

/// One configuration: the three settings, whether every buffer is kept
/// out of band, and in xlang mode `xlang_array_buffers` (`arrays`) and
/// `xlang_utf8_strings` (`utf8`).
#[derive(Clone, Copy, Debug)]
struct Cfg {
    xlang: bool,
    compatible: bool,
    refs: bool,
    oob: bool,
    arrays: bool,
    utf8: bool,
}

/// Writes `v` (typed or `Value`), keeping every buffer when `oob`.
fn write<T: Serialize + ?Sized>(
    f: &Fory,
    v: &T,
    oob: bool,
) -> fory_core::Result<(Vec<u8>, Vec<Bytes>)> {
    if !oob {
        return f.serialize(v).map(|b| (b, Vec::new()));
    }
    let mut objs: Vec<BufferObject<'_>> = Vec::new();
    let stream = f.serialize_with_callback(v, &mut objs)?;
    Ok((stream, objs.iter().map(|o| o.to_buffer()).collect()))
}

fn read<T: Deserialize>(
    f: &Fory,
    (stream, bufs): &(Vec<u8>, Vec<Bytes>),
    oob: bool,
) -> fory_core::Result<T> {
    if oob {
        f.deserialize_with_buffers(stream, bufs.clone())
    } else {
        f.deserialize(stream)
    }
}

/// Checks `v` in one configuration against what is expected of it:
/// `Ok(false)` when the typed write refuses it in this configuration,
/// `Err` says what differs.
fn check_one<T>(c: Cfg, v: &T, eq: &dyn Fn(&T, &T) -> bool, expect: Expect) -> Result<bool, String>
where
    T: Serialize + Deserialize,
{
    let f = fory_with(c.xlang, c.compatible, c.refs, c.arrays, c.utf8);
    let Ok(typed) = write(&f, v, c.oob) else {
        // not writable in this configuration (a 2-D array in xlang mode,
        // a cycle without ref tracking): nothing to compare
        return Ok(false);
    };
    let value: Value = match (read::<Value>(&f, &typed, c.oob), expect) {
        (Err(e), NotReadable) if e.kind() == ErrorKind::Unsupported => return Ok(true),
        (Ok(v), NotReadable) => return Err(format!("read as {v:?}, expected an error")),
        (Err(e), _) => return Err(format!("read as Value: {e}")),
        (Ok(v), _) => v,
    };
    let again = match (write(&f, &value, c.oob), expect) {
        (Err(e), NotWritable) if e.kind() == ErrorKind::Unsupported => return Ok(true),
        (Ok(_), NotWritable) => return Err(format!("{value:?} written, expected an error")),
        (Err(e), _) => return Err(format!("write of {value:?}: {e}")),
        (Ok(b), _) => b,
    };
    if expect == Exact && again != typed {
        return Err(format!(
            "bytes differ\n  typed {} + {} buffers {:?}\n  value {} + {} buffers {:?}\n  ({value:?})",
            hex(&typed.0),
            typed.1.len(),
            typed.1,
            hex(&again.0),
            again.1.len(),
            again.1,
        ));
    }
    if expect == Canonical {
        let reread: Value =
            read(&f, &again, c.oob).map_err(|e| format!("re-read as Value: {e}"))?;
        let third = write(&f, &reread, c.oob).map_err(|e| format!("rewrite: {e}"))?;
        if third != again {
            return Err(format!(
                "not a fixed point: {} then {}",
                hex(&again.0),
                hex(&third.0)
            ));
        }
    }
    match read::<T>(&f, &again, c.oob) {
        Ok(back) if eq(&back, v) => Ok(true),
        Ok(_) => Err(format!(
            "the typed read of {value:?}'s bytes differs from the original"
        )),
        Err(e) => Err(format!("the typed read of {value:?}'s bytes: {e}")),
    }
}

/// Every configuration.
fn cfgs() -> Vec<Cfg> {
    let mut v = Vec::new();
    for (xlang, compatible, refs) in configs() {
        for oob in [false, true] {
            // the xlang settings: Java's array buffers, UTF-8 strings
            let settings: &[(bool, bool)] = if xlang {
                &[(false, false), (true, false), (false, true), (true, true)]
            } else {
                &[(false, false)]
            };
            for &(arrays, utf8) in settings {
                v.push(Cfg {
                    xlang,
                    compatible,
                    refs,
                    oob,
                    arrays,
                    utf8,
                });
            }
        }
    }
    v
}

/// Checks `v` in every configuration, collecting what differs.
fn check_by<T>(
    label: &str,
    v: &T,
    eq: &dyn Fn(&T, &T) -> bool,
    expect: &dyn Fn(Cfg) -> Expect,
    out: &mut Vec<String>,
) where
    T: Serialize + Deserialize,
{
    let mut compared = 0;
    for c in cfgs() {
        let e = expect(c);
        match check_one(c, v, eq, e) {
            Ok(done) => compared += usize::from(done),
            Err(msg) => out.push(format!("{label} [{c:?}, expected {e:?}]: {msg}")),
        }
    }
    if compared == 0 {
        out.push(format!("{label}: no configuration writes it"));
    }
}

fn check<T>(label: &str, v: &T, expect: &dyn Fn(Cfg) -> Expect, out: &mut Vec<String>)
where
    T: Serialize + Deserialize + PartialEq,
{
    check_by(label, v, &|a: &T, b: &T| a == b, expect, out)
}

/// Equal when a native-mode `Fory` writes the same bytes for both (types
/// without `PartialEq`: tuples past 12).
fn same_bytes<T: Serialize>(a: &T, b: &T) -> bool {
    let f = Fory::builder().build();
    f.serialize(a).unwrap() == f.serialize(b).unwrap()
}

fn exact(_: Cfg) -> Expect {
    Exact
}

/// Integers of other encodings than VARINT64 / VAR_UINT64, lists whose
/// header the `Value` does not keep (documented).
fn canonical(_: Cfg) -> Expect {
    Canonical
}

/// A value whose typed write takes a ref id at the root of a native-mode
/// stream with ref tracking that the `Value`'s does not (a `Bytes`, an
/// `Rc` or `Arc`: documented).
fn native_refs_canonical(c: Cfg) -> Expect {
    if !c.xlang && c.refs {
        Canonical
    } else {
        Exact
    }
}

/// Structs: schema-consistent ones are not readable, compatible ones not
/// writable.
fn struct_like(c: Cfg) -> Expect {
    if c.compatible {
        NotWritable
    } else {
        NotReadable
    }
}

fn not_writable(_: Cfg) -> Expect {
    NotWritable
}

macro_rules! each {
    ($out:expr, $expect:expr; $($v:expr),* $(,)?) => {$(
        check(stringify!($v), &$v, &$expect, $out);
    )*};
}

fn std_types(o: &mut Vec<String>) {
    // numbers: i64, u64, floats and i128 (a DECIMAL) are exact; the other
    // widths are rewritten as VARINT64 / VAR_UINT64 (documented)
    each!(o, exact; true, -5_000_000_000i64, u64::MAX, 1.5f32, -2.25f64, i128::MIN, 7u128,
        'é', String::from("hello"), String::from("héllo wörld ☃"), String::new());
    each!(o, canonical; 7i8, -300i16, 70_000i32, 200u8, 60_000u16, 4_000_000_000u32,
        std::cmp::Ordering::Less, Cell::new(3i32), Some(5i32),
        std::num::NonZeroU32::new(9).unwrap(), std::num::Wrapping(4i16));
    check("u128::MAX", &u128::MAX, &|_| NotReadable, o);
    // bytes and sequences
    each!(o, exact; vec![1u8, 2, 3], vec![1i32, -2, 3], vec![1.5f64], vec![true, false],
        vec![1u16, 2], Vec::<i64>::new(), vec![String::from("a"), String::from("b")],
        vec![Some(String::from("x")), None], vec![vec![1i32], vec![]],
        VecDeque::from(vec![1i64, 2]), LinkedList::from([String::from("l")]), [1i32, 2, 3],
        Box::<[i16]>::from([1i16, 2]), vec![vec![String::from("n")]], Some(String::from("s")),
        None::<i32>, Some(vec![1u8]), BinaryHeap::from([3i32]).into_sorted_vec(),
        vec![Some(1i64), None]);
    // a list of only nulls: the Value's has no element type, and writes
    // pyfory's NONE (documented)
    each!(o, canonical; vec![Some(1i32), None], vec![None::<String>, None], vec![None::<i64>, None]);
    each!(o, native_refs_canonical; Bytes::from_static(b"abc"));
    // a uuid is 16 bytes always in band; a Value's binary is offered to the
    // callback, as a Vec<u8>'s is (documented)
    check(
        "Uuid",
        &fory_core::uuid::Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0),
        &|c| if c.oob { Canonical } else { Exact },
        o,
    );
    // sets and maps
    each!(o, exact; HashSet::from([String::from("k")]), BTreeSet::from([1i64, 2]),
        HashMap::from([(String::from("a"), 1.5f64)]),
        BTreeMap::from([(String::from("k"), vec![1i64])]),
        BTreeMap::from([(String::from("k"), Some(String::from("v"))), (String::from("n"), None)]),
        BTreeMap::from([(1i64, vec![String::from("x")])]),
        BTreeMap::from([(None, vec![1i64]), (Some(String::from("k")), vec![2])]),
        BTreeMap::from([(None, String::from("n")), (Some(String::from("k")), String::from("v"))]),
        BTreeMap::from([(Some(String::from("a")), vec![1i64]), (Some(String::from("b")), vec![]), (None, vec![3])]),
        BTreeMap::from([(String::from("a"), None::<String>), (String::from("b"), Some(String::from("v")))]),
        BTreeMap::from([(String::from("a"), Some(vec![1i64])), (String::from("b"), None), (String::from("c"), Some(vec![]))]),
        BTreeMap::from([(None, Some(vec![String::from("x")])), (Some(1i64), None), (Some(2), Some(vec![]))]),
        HashMap::from([(String::from("m"), HashMap::from([(String::from("i"), true)]))]));
    each!(o, canonical; BTreeSet::from([1i32, 2]),
        BTreeMap::from([(1i32, String::from("one")), (2, String::from("two"))]),
        BTreeMap::from([(1i8, Some(2i8)), (3, None)]));
    // tuples: the elements' types; a tuple whose elements share one type
    // comes back with a list's one element type (documented)
    each!(o, exact; (1i64, String::from("a")), (String::from("t"), vec![1u8], 2.5f64));
    each!(o, canonical; (1i32,), (1i64, 2i64), (Some(String::from("o")), None::<i64>), (1u8, 2u16, 3u32, 4u64), 1i32..5, 1i64..=5,
        3u8.., ..7i64, ..=7i16);
    check_by(
        "16-tuple",
        &(
            1i8,
            2i16,
            3i32,
            4i64,
            5u8,
            6u16,
            7u32,
            8u64,
            9.0f32,
            10.0f64,
            true,
            'c',
            String::from("13"),
            vec![14u8],
            Some(15i32),
            (16i32,),
        ),
        &same_bytes,
        &canonical,
        o,
    );
    // unions: a Value holds the case, not the type to write it under
    each!(o, not_writable; Bound::Included(3i32), Bound::<i32>::Unbounded, Ok::<i32, String>(4),
        Err::<i32, String>("e".into()));
    // time, addresses, paths
    each!(o, exact; Duration::new(5, 7), SystemTime::UNIX_EPOCH + Duration::new(1_000, 5),
        IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1)), IpAddr::V6(Ipv6Addr::LOCALHOST),
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 8080), PathBuf::from("/tmp/x"));
    // cells, pointers, atomics
    each!(o, exact; RefCell::new(String::from("r")), Box::new(9i64));
    each!(o, native_refs_canonical; Rc::new(String::from("rc")), Arc::new(vec![1i32]));
    // shared: the second is a back-reference, which a Value cannot write
    check(
        "two Rcs of one string",
        &{
            let same = Rc::new(String::from("same"));
            vec![same.clone(), same]
        },
        &|c| if c.refs { NotWritable } else { Exact },
        o,
    );
    check(
        "(Arc<Bytes>, u8)",
        &(Arc::new(Bytes::from_static(b"ab")), 1u8),
        &canonical,
        o,
    );
    // more of the std types: strings and binaries by other names, unit
    // types, wrappers
    each!(o, exact; Box::<str>::from("b"), std::borrow::Cow::<str>::Borrowed("c"),
        std::ffi::OsString::from("os"), bytes::BytesMut::from(&b"bm"[..]),
        std::ffi::CString::new("cs").unwrap(),
        fory_core::smallvec::SmallVec::<[String; 2]>::from_vec(vec![String::from("s")]),
        fory_core::smallvec::SmallVec::<[f64; 2]>::from_vec(vec![1.0]),
        std::cmp::Reverse(5i64), std::num::NonZeroI128::new(-3).unwrap(),
        std::cell::OnceCell::from(String::from("once")), Some(Some(3i64)),
        vec![Some(Box::new(1.5f64)), None]);
    each!(o, native_refs_canonical; Rc::<str>::from("r"), Arc::<[i64]>::from(vec![1i64, 2]));
    // NONE-typed values are a null (documented)
    each!(o, canonical; (), std::ops::RangeFull, vec![(), ()]);
    let value_of = |a: &AtomicI32| a.load(Ordering::Relaxed);
    check_by(
        "AtomicI32",
        &AtomicI32::new(5),
        &|a, b| value_of(a) == value_of(b),
        &canonical,
        o,
    );
    let flag = |a: &AtomicBool| a.load(Ordering::Relaxed);
    check_by(
        "AtomicBool",
        &AtomicBool::new(true),
        &|a, b| flag(a) == flag(b),
        &exact,
        o,
    );
    let big = |a: &AtomicU64| a.load(Ordering::Relaxed);
    check_by(
        "AtomicU64",
        &AtomicU64::new(5),
        &|a, b| big(a) == big(b),
        &exact,
        o,
    );
    let text = |m: &Mutex<String>| m.lock().unwrap().clone();
    check_by(
        "Mutex",
        &Mutex::new(String::from("m")),
        &|a, b| text(a) == text(b),
        &exact,
        o,
    );
}

fn derived(o: &mut Vec<String>) {
    let p = Point {
        x: 1,
        y: 2.5,
        name: "p".into(),
    };
    let holder = Holder {
        points: vec![p.clone()],
        tags: HashMap::from([("t".into(), 1)]),
        maybe: None,
        blob: vec![9, 8],
    };
    each!(o, struct_like; p.clone(), vec![p.clone(), p.clone()], holder, Some(p.clone()));
    each!(o, not_writable; Color::Green, vec![Color::Red, Color::Blue], Shape::Circle(1.0),
        Shape::Label("l".into()));
    // a cycle (written only with ref tracking)
    let a = Rc::new(RefCell::new(Ring { id: 1, next: None }));
    let b = Rc::new(RefCell::new(Ring {
        id: 2,
        next: Some(a.clone()),
    }));
    a.borrow_mut().next = Some(b.clone());
    let ids = |r: &Rc<RefCell<Ring>>| {
        let next = r.borrow().next.clone().map(|n| n.borrow().id);
        (r.borrow().id, next)
    };
    check_by(
        "a ring of two Rcs",
        &a,
        &|x, y| ids(x) == ids(y),
        &struct_like,
        o,
    );
    // break the cycle so the test does not leak it
    a.borrow_mut().next = None;
}

fn features(o: &mut Vec<String>) {
    use fory_core::chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
    use fory_core::half::{bf16, f16};
    use fory_core::ndarray::{arr1, arr2, Array2, ArrayD, IxDyn};
    use fory_core::serializer::ndarray::SharedNdArray;
    let date = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let instant: DateTime<Utc> = DateTime::from_timestamp(1_700_000_000, 123_456_789).unwrap();
    each!(o, exact; date, instant, TimeDelta::milliseconds(-1500),
        NaiveTime::from_hms_opt(1, 2, 3).unwrap(), vec![date], Some(instant));
    let tdate =
        fory_core::time::Date::from_calendar_date(2024, fory_core::time::Month::March, 1).unwrap();
    let fixed = DateTime::parse_from_rfc3339("2024-01-02T03:04:05+02:00").unwrap();
    check_by(
        "DateTime<FixedOffset>",
        &fixed,
        &|a, b| a.timestamp() == b.timestamp(),
        &exact,
        o,
    );
    each!(o, exact; instant.naive_utc());
    let offset = fory_core::time::OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
    each!(o, exact; offset, fory_core::time::Time::from_hms(1, 2, 3).unwrap());
    each!(o, exact; tdate, fory_core::time::UtcDateTime::from_unix_timestamp(1_700_000_000).unwrap(),
        fory_core::time::Duration::seconds(-3));
    each!(o, exact; fory_core::rust_decimal::Decimal::new(-12345, 3),
        vec![fory_core::rust_decimal::Decimal::new(1, 0)]);
    each!(o, exact; f16::from_f32(1.5), bf16::from_f32(-2.0), vec![f16::from_f32(0.5)],
        vec![bf16::from_f32(0.5)]);
    each!(o, exact; fory_core::indexmap::IndexMap::from([(String::from("b"), 2i64), (String::from("a"), 1)]),
        fory_core::indexmap::IndexSet::from([String::from("z"), String::from("y")]));
    each!(o, exact; fory_core::hashbrown::HashMap::<String, f64>::from_iter([(String::from("h"), 0.5)]),
        fory_core::hashbrown::HashSet::<i64>::from_iter([9i64]));
    // n-d arrays, of several element types, orders and shapes
    let grid = Array2::<f32>::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f32);
    each!(o, exact; grid.clone(), grid.clone().reversed_axes(), arr1(&[1i64, 2, 3]),
        arr2(&[[true, false], [false, true]]), arr2(&[[1u8, 2], [3, 4]]),
        ArrayD::<f64>::zeros(IxDyn(&[2, 0, 3])), arr2(&[[f16::from_f32(1.0)]]),
        arr2(&[[bf16::from_f32(1.0)]]), vec![grid.clone(), grid.clone()], Some(arr1(&[1i16])),
        grid.clone().into_shared(), BTreeMap::from([(String::from("g"), grid.clone())]));
    let shared: SharedNdArray<u32> = SharedNdArray::new(
        fory_core::buffers::SharedArray::from_vec(vec![1u32, 2, 3, 4, 5, 6]),
        vec![2, 3],
    )
    .unwrap();
    each!(o, exact; shared.clone(), shared.clone().into_fortran());
    // a SharedArray takes a ref id in native mode, as a Bytes does: the
    // Value of its elements does not (documented)
    each!(o, native_refs_canonical; fory_core::buffers::SharedArray::from_vec(vec![1u32, 2, 3]), fory_core::buffers::SharedArray::from_vec(vec![7u8]), vec![fory_core::buffers::SharedArray::from_vec(vec![1.5f64])]);
    // a sliced view is packed into C order once: the same bytes
    let view = grid.slice(fory_core::ndarray::s![.., 1..3]);
    check_by(
        "a sliced ArrayView",
        &view.to_owned(),
        &|a, b| a == b,
        &exact,
        o,
    );
    // arrow
    use fory_core::arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    let batch = RecordBatch::try_from_iter([
        ("id", Arc::new(Int64Array::from(vec![1, 2, 3])) as ArrayRef),
        (
            "name",
            Arc::new(StringArray::from(vec!["a", "b", "c"])) as ArrayRef,
        ),
    ])
    .unwrap();
    each!(o, exact; batch.clone(), vec![batch.clone(), batch.clone()], Some(batch.clone()),
        BTreeMap::from([(String::from("b"), batch.clone())]));
    let column: ArrayRef = Arc::new(Int64Array::from(vec![4, 5]));
    check(
        "ArrowArray",
        &fory_core::serializer::arrow::ArrowArray(column),
        &exact,
        o,
    );
}

/// Every type, every configuration: the differences are the documented
/// ones.
#[test]
fn typed_writes_read_as_value_write_back_the_same_bytes() {
    let mut out = Vec::new();
    std_types(&mut out);
    derived(&mut out);
    features(&mut out);
    assert!(
        out.is_empty(),
        "{} differences:\n{}",
        out.len(),
        out.join("\n\n")
    );
}

/// Native n-d arrays read as `Value::NdArray` (they were an error) and
/// write back the typed bytes; read from out-of-band `Bytes` buffers the
/// data is the buffer, as a `SharedNdArray` read's is.
#[test]
fn nd_arrays_read_as_values_zero_copy_and_write_the_typed_bytes() {
    use fory_core::buffers::ElemType;
    use fory_core::ndarray::Array2;
    use fory_core::serializer::ndarray::SharedNdArray;
    use fory_core::value::NdArray;
    let f = Fory::builder().build();
    let grid = Array2::<f32>::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f32);
    let mut objs = Vec::new();
    let stream = f.serialize_with_callback(&grid, &mut objs).unwrap();
    let bufs: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    let v: Value = f.deserialize_with_buffers(&stream, bufs.clone()).unwrap();
    let Value::NdArray(a) = &v else {
        panic!("{v:?}")
    };
    assert_eq!(
        (a.elem(), a.shape(), a.is_fortran()),
        (ElemType::F32, &[3, 4][..], false)
    );
    assert_eq!(a.data().as_ptr(), bufs[0].as_ptr(), "no copy");
    let typed: SharedNdArray<f32> = f.deserialize_with_buffers(&stream, bufs.clone()).unwrap();
    assert_eq!(typed.data().as_bytes().as_ptr(), a.data().as_ptr());
    assert_eq!(a.to_array::<f32>().unwrap(), grid.clone().into_dyn());
    let e = a.to_array::<f64>().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TypeMismatch, "{e}");
    assert_eq!(v.to_string(), "ndarray<f32>[3×4]");
    let mut objs2 = Vec::new();
    assert_eq!(f.serialize_with_callback(&v, &mut objs2).unwrap(), stream);
    assert_eq!(objs2[0].to_buffer(), bufs[0]);
    // in band, Fortran order
    let t = grid.clone().reversed_axes();
    let bytes = f.serialize(&t).unwrap();
    let v: Value = f.deserialize(&bytes).unwrap();
    assert_eq!(v.to_string(), "ndarray<f32>[4×3] (Fortran order)");
    assert_eq!(f.serialize(&v).unwrap(), bytes);
    // made by hand: checked
    let two = Bytes::from_static(&[0, 1, 2]);
    let e = NdArray::new(ElemType::Bool, vec![3], false, two.clone()).unwrap_err();
    assert!(e.to_string().contains("not 0 or 1"), "{e}");
    let e = NdArray::new(ElemType::U16, vec![2], false, two).unwrap_err();
    assert!(e.to_string().contains("does not hold"), "{e}");
    let e = NdArray::new(ElemType::U8, vec![usize::MAX, 2], false, Bytes::new()).unwrap_err();
    assert!(e.to_string().contains("does not hold"), "{e}");
    // a bool array whose byte is not 0 or 1 is an error, as the typed read's
    let mask = fory_core::ndarray::arr1(&[true, false]);
    let mut bytes = f.serialize(&mask).unwrap();
    let last = bytes.len() - 1;
    bytes[last] = 2;
    assert!(f
        .deserialize::<fory_core::ndarray::Array1<bool>>(&bytes)
        .is_err());
    let e = f.deserialize::<Value>(&bytes).unwrap_err();
    assert!(e.to_string().contains("not 0 or 1"), "{e}");
    // xlang mode has no n-d arrays: writing one is an error saying so
    let x = Fory::builder().xlang(true).build();
    let e = x.serialize(&v).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
    assert!(e.to_string().contains("xlang mode"), "{e}");
}

/// Under native-mode ref tracking a record batch at the root takes a ref
/// id (flag `00`), written as a typed batch or as `Value::RecordBatch`
/// (the `Value` wrote `ff`), and so do an Arrow array and an n-d array.
#[test]
fn arrow_and_nd_values_take_the_typed_ref_flag_at_the_root() {
    use fory_core::arrow_array::{ArrayRef, Int64Array, RecordBatch};
    let f = Fory::builder().ref_tracking(true).build();
    let column: ArrayRef = Arc::new(Int64Array::from(vec![1, 2]));
    let batch = RecordBatch::try_from_iter([("id", column.clone())]).unwrap();
    let typed = f.serialize(&batch).unwrap();
    assert_eq!(typed[1], 0x00, "{}", hex(&typed));
    assert_eq!(f.serialize(&Value::RecordBatch(batch)).unwrap(), typed);
    let typed = f
        .serialize(&fory_core::serializer::arrow::ArrowArray(column.clone()))
        .unwrap();
    assert_eq!(f.serialize(&Value::ArrowArray(column)).unwrap(), typed);
    let nd = fory_core::ndarray::arr1(&[1.0f64]);
    let typed = f.serialize(&nd).unwrap();
    let v: Value = f.deserialize(&typed).unwrap();
    assert_eq!(f.serialize(&v).unwrap(), typed);
}

/// Lists and maps of `Value`s under ref tracking have the typed headers:
/// one element type and ref flags only for types that take them (a list
/// of strings was written as a list of mixed types, each element flagged;
/// a map's chunk of list values lacked the value-tracking bit pyfory
/// sets).
#[test]
fn value_lists_and_maps_under_ref_tracking_have_the_typed_headers() {
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).ref_tracking(true).build();
        let strings = vec![String::from("a"), String::from("b")];
        let typed = f.serialize(&strings).unwrap();
        let v: Value = f.deserialize(&typed).unwrap();
        assert_eq!(hex(&f.serialize(&v).unwrap()), hex(&typed), "xlang {xlang}");
        let nested = vec![vec![1i32], vec![]];
        let typed = f.serialize(&nested).unwrap();
        let v: Value = f.deserialize(&typed).unwrap();
        assert_eq!(hex(&f.serialize(&v).unwrap()), hex(&typed), "xlang {xlang}");
        let map = BTreeMap::from([(String::from("k"), vec![1i64]), (String::from("j"), vec![])]);
        let typed = f.serialize(&map).unwrap();
        let v: Value = f.deserialize(&typed).unwrap();
        assert_eq!(hex(&f.serialize(&v).unwrap()), hex(&typed), "xlang {xlang}");
    }
}

/// Every truncation of a few streams read as `Value` is an error, and
/// byte flips are errors or values, never panics: in band and out of band.
#[test]
fn truncated_and_flipped_streams_read_as_value_never_panic() {
    use fory_core::arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    let batch = RecordBatch::try_from_iter([
        ("id", Arc::new(Int64Array::from(vec![1, 2])) as ArrayRef),
        ("s", Arc::new(StringArray::from(vec!["x", "y"])) as ArrayRef),
    ])
    .unwrap();
    let grid = fory_core::ndarray::Array2::<i16>::from_shape_fn((2, 3), |(i, j)| (i + j) as i16);
    let holder = Holder {
        points: vec![Point {
            x: 1,
            y: 2.0,
            name: "p".into(),
        }],
        tags: HashMap::from([("t".into(), 1)]),
        maybe: Some("m".into()),
        blob: vec![1, 2, 3],
    };
    for (xlang, compatible, refs) in configs() {
        let f = fory(xlang, compatible, refs);
        let mut streams: Vec<(Vec<u8>, Vec<Bytes>)> = Vec::new();
        for oob in [false, true] {
            streams.push(write(&f, &holder, oob).unwrap());
            streams.push(write(&f, &batch, oob).unwrap());
            streams.push(
                write(
                    &f,
                    &(vec![Some(1i32), None], String::from("s"), 2.5f64),
                    oob,
                )
                .unwrap(),
            );
            streams
                .push(write(&f, &BTreeMap::from([(1i64, vec![String::from("v")])]), oob).unwrap());
            if !xlang {
                streams.push(write(&f, &grid, oob).unwrap());
                streams.push(write(&f, &vec![grid.clone(), grid.clone()], oob).unwrap());
            }
        }
        for (stream, bufs) in &streams {
            let oob = stream[0] & 2 != 0;
            let read_value = |s: &[u8]| -> fory_core::Result<Value> {
                if oob {
                    f.deserialize_with_buffers(s, bufs.clone())
                } else {
                    f.deserialize(s)
                }
            };
            let whole = read_value(stream);
            for i in 0..stream.len() {
                assert!(
                    read_value(&stream[..i]).is_err(),
                    "prefix {i} of {}",
                    hex(stream)
                );
            }
            for i in 0..stream.len() {
                for x in [0x00u8, 0x01, 0x7f, 0x80, 0xfe, 0xff] {
                    let mut bad = stream.clone();
                    bad[i] ^= x;
                    let _ = read_value(&bad);
                }
            }
            // a buffer cut short: an error for an n-d array (its shape
            // says how long the data is), never a panic
            if let (Ok(v), Some(first)) = (&whole, bufs.first()) {
                if !first.is_empty() {
                    let mut short = bufs.clone();
                    short[0] = first.slice(..first.len() - 1);
                    let r = f.deserialize_with_buffers::<Value, _>(stream, short);
                    if matches!(v, Value::NdArray(_)) {
                        assert!(r.is_err(), "{r:?}");
                    }
                }
            }
        }
    }
}

/// A tuple whose non-null elements share a type is written by a `Value`
/// (and by pyfory, for `("o", None)`) as a list of that one type with
/// null flags: a typed tuple reads its null elements of other types (it
/// was a type mismatch at the null element).
#[test]
fn a_tuple_reads_nulls_of_other_types_from_a_list_of_one_type() {
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).build();
        for v in [
            Value::List(vec![Value::String("o".into()), Value::Null]),
            Value::List(vec![Value::Null, Value::String("o".into())]),
        ] {
            let bytes = f.serialize(&v).unwrap();
            // SAME_TYPE | HAS_NULL, STRING once
            assert_eq!(&bytes[2..6], &[0x16, 0x02, 0x0a, 0x15], "{}", hex(&bytes));
            if v.as_list().unwrap()[0] == Value::Null {
                let t: (Option<i64>, Option<String>) = f.deserialize(&bytes).unwrap();
                assert_eq!(t, (None, Some("o".into())));
                // a null where the type is not optional is still an error
                assert!(f.deserialize::<(i64, Option<String>)>(&bytes).is_err());
            } else {
                let t: (Option<String>, Option<i64>) = f.deserialize(&bytes).unwrap();
                assert_eq!(t, (Some("o".into()), None));
                assert!(f.deserialize::<(Option<String>, i64)>(&bytes).is_err());
            }
        }
    }
}

/// Only a tuple reads a null element of a type other than the list's:
/// a `Vec`, deque or set of `Option<T>` given a list of another type's
/// nulls (`vec![None::<i64>, None]`) is a type mismatch, as it is when
/// the list holds a value (a `BTreeSet<Option<String>>` read it as
/// `{None}`, a `Vec<Option<Vec<i32>>>` as `[None, None]`).
#[test]
fn collections_of_options_do_not_read_nulls_of_other_types() {
    use std::collections::{BTreeSet, HashSet, VecDeque};
    for (xlang, compatible, refs) in configs() {
        let f = fory(xlang, compatible, refs);
        for bytes in [
            f.serialize(&vec![None::<i64>, None]).unwrap(),
            f.serialize(&vec![None::<i64>, Some(1)]).unwrap(),
        ] {
            let cfg = format!("xlang {xlang} refs {refs}: {}", hex(&bytes));
            let e = f.deserialize::<BTreeSet<Option<String>>>(&bytes);
            assert!(e.is_err(), "{cfg}: {e:?}");
            let e = f.deserialize::<HashSet<Option<String>>>(&bytes);
            assert!(e.is_err(), "{cfg}: {e:?}");
            let e = f.deserialize::<Vec<Option<Vec<i32>>>>(&bytes);
            assert!(e.is_err(), "{cfg}: {e:?}");
            let e = f.deserialize::<VecDeque<Option<Vec<String>>>>(&bytes);
            assert!(e.is_err(), "{cfg}: {e:?}");
            let e = f.deserialize::<Vec<Option<String>>>(&bytes);
            assert!(e.is_err(), "{cfg}: {e:?}");
            // the list's own type reads
            let back: Vec<Option<i64>> = f.deserialize(&bytes).unwrap();
            assert_eq!(back.len(), 2);
            // a tuple reads the nulls, whatever their type
            let t: (Option<String>, Option<i64>) = f.deserialize(&bytes).unwrap();
            assert_eq!(t.0, None);
        }
    }
}

/// A range's ends are of one type: a list of another type's nulls is not
/// a range of `Option`s.
#[test]
fn ranges_of_options_do_not_read_nulls_of_other_types() {
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).build();
        let bytes = f.serialize(&vec![None::<i64>, None]).unwrap();
        let r = f.deserialize::<std::ops::Range<Option<String>>>(&bytes);
        assert!(r.is_err(), "{r:?}");
        let r: std::ops::Range<Option<i64>> = f.deserialize(&bytes).unwrap();
        assert_eq!(r, None..None);
    }
}

/// `NdArray::new` refuses a shape the n-d array reader refuses: with a
/// zero dimension the element count is 0, but the other dimensions
/// multiplying past `isize::MAX` are no `ndarray` shape (it made an array
/// whose stream could not be read back, nor `to_array`ed).
#[test]
fn nd_array_new_refuses_shapes_the_reader_refuses() {
    use fory_core::buffers::ElemType;
    use fory_core::value::NdArray;
    for shape in [
        vec![0, usize::MAX],
        vec![usize::MAX, 0],
        vec![0, isize::MAX as usize + 1],
        vec![0, 1 << 32, 1 << 32],
    ] {
        let r = NdArray::new(ElemType::U8, shape.clone(), false, Bytes::new());
        assert!(r.is_err(), "{shape:?}: {r:?}");
    }
    // an empty array with a large dimension the reader takes is fine
    let f = Fory::builder().build();
    let a = NdArray::new(ElemType::F64, vec![0, 1 << 40], true, Bytes::new()).unwrap();
    let bytes = f.serialize(&Value::NdArray(a.clone())).unwrap();
    assert_eq!(f.deserialize::<Value>(&bytes).unwrap(), Value::NdArray(a));
}

/// xorshift64
fn rng(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

/// Seeded random byte changes (one to three bytes) of streams that take
/// the new read paths (a tuple's nulls of another type, wrapper and
/// atomic sequences, n-d arrays in band and out of band) read as `Value`
/// and as the typed values: errors or values, never panics.
#[test]
fn seeded_mutations_of_new_paths_never_panic() {
    use std::num::{NonZeroU32, Wrapping};
    let grid = fory_core::ndarray::Array2::<i16>::from_shape_fn((2, 3), |(i, j)| (i + j) as i16);
    let mut seed = 0x9e3779b97f4a7c15u64;
    for xlang in [false, true] {
        for refs in [false, true] {
            for compatible in [false, true] {
                let f = Fory::builder()
                    .xlang(xlang)
                    .ref_tracking(refs)
                    .compatible(compatible)
                    .build();
                let mut streams: Vec<(Vec<u8>, Vec<Bytes>)> = Vec::new();
                let mut add = |b: Vec<u8>| streams.push((b, vec![]));
                add(f
                    .serialize(&Value::List(vec![
                        Value::Null,
                        Value::String("o".into()),
                        Value::Null,
                    ]))
                    .unwrap());
                add(f
                    .serialize(&(Some(1i64), None::<String>, vec![Some(2i32), None]))
                    .unwrap());
                add(f.serialize(&vec![Wrapping(5u32), Wrapping(7)]).unwrap());
                add(f.serialize(&vec![NonZeroU32::new(5).unwrap()]).unwrap());
                add(f.serialize(&vec![Cell::new(1.5f64)]).unwrap());
                add(f.serialize(&vec![AtomicU64::new(3)]).unwrap());
                add(f.serialize(&vec![std::cmp::Ordering::Less]).unwrap());
                if !xlang {
                    add(f.serialize(&grid).unwrap());
                    let two = vec![grid.clone(), grid.clone()];
                    let mut objs = Vec::new();
                    let s = f.serialize_with_callback(&two, &mut objs).unwrap();
                    streams.push((s, objs.iter().map(|o| o.to_buffer()).collect()));
                }
                for (s, bufs) in &streams {
                    for _ in 0..1500 {
                        let mut b = s.clone();
                        let n = 1 + rng(&mut seed) % 3;
                        for _ in 0..n {
                            let i = (rng(&mut seed) as usize) % b.len();
                            b[i] = rng(&mut seed) as u8;
                        }
                        let read = |b: &[u8]| {
                            if bufs.is_empty() {
                                f.deserialize::<Value>(b).map(|_| ())
                            } else {
                                f.deserialize_with_buffers::<Value, _>(b, bufs.clone())
                                    .map(|_| ())
                            }
                        };
                        let _ = read(&b);
                        if bufs.is_empty() {
                            let _ = f
                                .deserialize::<(Option<i64>, Option<String>, Vec<Option<i32>>)>(&b);
                            let _ = f
                                .deserialize::<(Option<String>, Option<String>, Option<String>)>(
                                    &b,
                                );
                            let _ = f.deserialize::<Vec<Wrapping<u32>>>(&b);
                            let _ = f.deserialize::<Vec<NonZeroU32>>(&b);
                            let _ = f.deserialize::<Vec<AtomicU64>>(&b);
                            let _ = f.deserialize::<Vec<std::cmp::Ordering>>(&b);
                            let _ = f.deserialize::<[Cell<f64>; 1]>(&b);
                        }
                    }
                }
            }
        }
    }
}
