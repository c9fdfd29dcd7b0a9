//! Schema evolution never reinterprets bytes: a writer's `A { v: X }` read
//! as `B { v: Y }` (same registration, same field name, another type) gives
//! the converted value, the field's zero value (the field was skipped), or
//! an `Err` — never the writer's bytes read as another type.
//!
//! The rule (docs/derive.md, "Schema evolution"): in compatible mode a
//! same-named field whose type the reader cannot read losslessly is a
//! different field: it is skipped and the local field is filled as a
//! missing one (zero value, `#[fory(default)]`, or an error for a type with
//! no zero value). Integers of any width and signedness convert when the
//! value fits and are an error when it does not; `f32` widens to `f64`.
//! Element, key, value and `Option` inner types must match exactly (a
//! list of numbers reads into a dense array of the same element encoding:
//! `VecDeque<i64>` or pyfory's `List[int]` into `Vec<i64>`, and a dense
//! array into a set, a `VecDeque` or a `Vec` of `Option`s of its element). In
//! `compatible(false)` the schema hash rejects every such change.

use std::collections::{BTreeMap, HashMap};

use fory_core::{Deserialize, ErrorKind, Fory, ForyObject, ForyType, Serialize};

#[derive(ForyObject, Debug, PartialEq)]
struct A<X> {
    v: X,
    tail: String,
}

#[derive(ForyObject, Debug, PartialEq)]
struct B<Y> {
    v: Y,
    tail: String,
}

/// What a pair must give.
#[derive(Debug)]
enum Expect<Y> {
    /// This value: the writer's, converted (or a default spelled out).
    Is(Y),
    /// The field was skipped: `Y`'s zero value.
    Skipped,
    /// An error whose message contains this.
    Err(&'static str),
}

fn pair<X, Y>(xlang: bool, compatible: bool, x: X) -> fory_core::Result<Y>
where
    X: Serialize + ForyType + 'static,
    Y: Deserialize + ForyType + 'static,
{
    let mut w = Fory::builder().xlang(xlang).compatible(compatible).build();
    w.register::<A<X>>(300).unwrap();
    w.register::<Inner1>(301).unwrap();
    let mut r = Fory::builder().xlang(xlang).compatible(compatible).build();
    r.register::<B<Y>>(300).unwrap();
    r.register::<Inner2>(301).unwrap();
    let bytes = w.serialize(&A {
        v: x,
        tail: "end".to_string(),
    })?;
    let b: B<Y> = r.deserialize(&bytes)?;
    // the field after the changed one is still read from the right bytes
    assert_eq!(b.tail, "end");
    Ok(b.v)
}

fn check<X, Y>(what: &str, x: impl Fn() -> X, expect: Expect<Y>)
where
    X: Serialize + ForyType + 'static,
    Y: Deserialize + ForyType + PartialEq + std::fmt::Debug + 'static,
{
    for xlang in [false, true] {
        let got = pair::<X, Y>(xlang, true, x());
        let case = format!("{what} (xlang {xlang}, compatible)");
        match (&expect, got) {
            (Expect::Is(want), Ok(v)) => assert_eq!(&v, want, "{case}"),
            (Expect::Skipped, Ok(v)) => {
                assert_eq!(Some(v), Y::fory_zero(), "{case}: expected the zero value")
            }
            (Expect::Err(msg), Err(e)) => {
                assert!(e.to_string().contains(msg), "{case}: {e}")
            }
            (want, got) => panic!("{case}: expected {want:?}, got {got:?}"),
        }
        // schema-consistent: the hash tells the types apart
        let err = pair::<X, Y>(xlang, false, x()).expect_err(&format!(
            "{what} (xlang {xlang}, compatible(false)) must be rejected"
        ));
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{what}: {err}");
        assert!(err.to_string().contains("schema hash"), "{what}: {err}");
    }
}

macro_rules! matrix {
    ($($x:ty = $val:expr => $y:ty : $expect:expr;)*) => {$(
        check::<$x, $y>(
            concat!(stringify!($x), " = ", stringify!($val), " read as ", stringify!($y)),
            || -> $x { $val },
            $expect,
        );
    )*};
}

use Expect::{Err as Fails, Is, Skipped};

#[test]
fn integers_convert_when_the_value_fits_and_fail_when_it_does_not() {
    matrix! {
        i8 = -5 => i16: Is(-5);
        i8 = -5 => i32: Is(-5);
        i8 = -5 => i64: Is(-5);
        i16 = -300 => i32: Is(-300);
        i32 = -70000 => i64: Is(-70000);
        i32 = 1 => i64: Is(1);
        u8 = 200 => u16: Is(200);
        u16 = 65535 => u32: Is(65535);
        u32 = 4_000_000_000 => u64: Is(4_000_000_000);
        u16 = 65535 => i32: Is(65535);
        u32 = 7 => i64: Is(7);
        // narrowing: the value is checked, never truncated or re-signed
        i64 = 1 => i32: Is(1);
        i64 = 8_589_934_593 => i32: Fails("does not fit in i32");
        i32 = 300 => i8: Fails("does not fit in i8");
        i32 = -1 => u32: Fails("does not fit in u32");
        u16 = 65535 => i16: Fails("does not fit in i16");
        u16 = 7 => i16: Is(7);
        u64 = u64::MAX => i64: Fails("does not fit in i64");
        i64 = -1 => u64: Fails("does not fit in u64");
        u8 = 255 => i8: Fails("does not fit in i8");
        i8 = -1 => u8: Fails("does not fit in u8");
        i64 = 5 => usize: Is(5);
        u64 = 5 => isize: Is(5);
        i64 = -5 => usize: Fails("does not fit in usize");
    }
}

#[test]
fn floats_widen_and_other_number_changes_are_skipped() {
    matrix! {
        f32 = 1.5 => f64: Is(1.5);
        f64 = 1.5 => f32: Skipped;
        i32 = 3 => f64: Skipped;
        f64 = 3.0 => i64: Skipped;
        bool = true => i32: Skipped;
        i32 = 1 => bool: Skipped;
        i32 = 7 => String: Skipped;
        String = "7".to_string() => i32: Skipped;
        String = "x".to_string() => Vec<String>: Skipped;
    }
}

#[test]
fn dense_arrays_with_another_element_type_are_skipped() {
    matrix! {
        Vec<i32> = vec![1, 2] => Vec<i64>: Skipped;
        Vec<i64> = vec![1, 2] => Vec<i32>: Skipped;
        Vec<u16> = vec![65535] => Vec<i16>: Skipped;
        Vec<i16> = vec![-1] => Vec<u16>: Skipped;
        Vec<f32> = vec![1.5, 2.5] => Vec<f64>: Skipped;
        Vec<f64> = vec![1.5, 2.5] => Vec<f32>: Skipped;
        Vec<u32> = vec![1] => Vec<i32>: Skipped;
        Vec<u64> = vec![1] => Vec<i64>: Skipped;
        Vec<i8> = vec![-1, 2] => Vec<u8>: Skipped;
        Vec<u8> = vec![255, 2] => Vec<i8>: Skipped;
        Vec<bool> = vec![true] => Vec<u8>: Skipped;
        Vec<i32> = vec![1, 2] => [i64; 1]: Skipped;
        Vec<i32> = vec![1, 2] => Vec<String>: Skipped;
        Vec<String> = vec!["a".into()] => Vec<i32>: Skipped;
        Vec<String> = vec!["a".into()] => Vec<i64>: Skipped;
        Vec<i64> = vec![1] => Vec<String>: Skipped;
        Vec<i32> = vec![1] => i32: Skipped;
        i32 = 1 => Vec<i32>: Skipped;
        // a list (pyfory's `List[int]`, a `VecDeque`) reads into a dense
        // array whose element type has the list's element encoding
        std::collections::VecDeque<i64> = [1, -2].into() => Vec<i64>: Is(vec![1, -2]);
        std::collections::VecDeque<f64> = [1.5].into() => Vec<f64>: Is(vec![1.5]);
        std::collections::VecDeque<bool> = [true].into() => Vec<bool>: Is(vec![true]);
        std::collections::VecDeque<i32> = [1].into() => Vec<i64>: Skipped;
        std::collections::VecDeque<f32> = [1.5].into() => Vec<f64>: Skipped;
        std::collections::VecDeque<Vec<i32>> = [vec![1]].into() => Vec<i32>: Skipped;
        // a set too (pyfory's `Set[int]`): its body is a list's
        std::collections::HashSet<i64> = [7].into() => Vec<i64>: Is(vec![7]);
        std::collections::BTreeSet<i64> = [1, 9].into() => Vec<i64>: Is(vec![1, 9]);
        std::collections::BTreeSet<bool> = [true].into() => Vec<bool>: Is(vec![true]);
        std::collections::BTreeSet<u64> = [].into() => Vec<u64>: Is(vec![]);
        std::collections::BTreeSet<i32> = [1].into() => Vec<i64>: Skipped;
    }
}

/// A set's body is a list's: a set reads into a `Vec`, a `VecDeque` or
/// an array as a field (compatible) and as a whole value; a list reads
/// into a set.
#[test]
fn sets_read_into_lists_and_lists_into_sets() {
    use std::collections::{BTreeSet, HashSet, VecDeque};
    matrix! {
        BTreeSet<String> = ["a".into(), "b".into()].into() => Vec<String>: Is(vec!["a".into(), "b".into()]);
        BTreeSet<i32> = [3, 4].into() => VecDeque<i32>: Is([3, 4].into());
        HashSet<u8> = [5].into() => [u8; 1]: Is([5]);
        Vec<String> = vec!["x".into()] => BTreeSet<String>: Is(["x".into()].into());
        // a dense array (a `Vec` of numbers) is a list of its elements too
        Vec<i32> = vec![1, 2, 2] => HashSet<i32>: Is([1, 2].into());
        Vec<i32> = vec![1, 2] => BTreeSet<i32>: Is([1, 2].into());
        Vec<i32> = vec![1, 2] => VecDeque<i32>: Is([1, 2].into());
        Vec<i32> = vec![1, 2] => Vec<Option<i32>>: Is(vec![Some(1), Some(2)]);
        Vec<f64> = vec![0.5] => Option<Vec<Option<f64>>>: Is(Some(vec![Some(0.5)]));
        Vec<u8> = vec![7, 8] => BTreeSet<u8>: Is([7, 8].into());
        Vec<bool> = vec![true] => Vec<Option<bool>>: Is(vec![Some(true)]);
        // ... of its own element type only
        Vec<i32> = vec![1] => HashSet<i64>: Skipped;
        Vec<i32> = vec![1] => Vec<Option<i64>>: Skipped;
    }
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).build();
        let set: BTreeSet<i64> = [1, 2, 3].into();
        let bytes = f.serialize(&set).unwrap();
        assert_eq!(f.deserialize::<Vec<i64>>(&bytes).unwrap(), vec![1, 2, 3]);
        assert_eq!(f.deserialize::<VecDeque<i64>>(&bytes).unwrap(), [1, 2, 3]);
        let words: HashSet<String> = ["w".into()].into();
        let bytes = f.serialize(&words).unwrap();
        assert_eq!(f.deserialize::<Vec<String>>(&bytes).unwrap(), ["w"]);
        let dense = f.serialize(&vec![5i32, 6]).unwrap();
        assert_eq!(
            f.deserialize::<HashSet<i32>>(&dense).unwrap(),
            [5, 6].into()
        );
        assert_eq!(
            f.deserialize::<Vec<Option<i32>>>(&dense).unwrap(),
            [Some(5), Some(6)]
        );
        assert!(f.deserialize::<HashSet<i64>>(&dense).is_err());
    }
}

#[test]
fn lists_sets_and_maps_with_other_element_key_or_value_types_are_skipped() {
    matrix! {
        Vec<Option<i32>> = vec![Some(1), None] => Vec<Option<i64>>: Skipped;
        Vec<Option<i64>> = vec![Some(1)] => Vec<Option<i32>>: Skipped;
        Vec<Option<u16>> = vec![Some(65535)] => Vec<Option<i16>>: Skipped;
        Vec<String> = vec!["a".into()] => Vec<Option<i32>>: Skipped;
        Vec<Vec<i32>> = vec![vec![1, 2]] => Vec<Vec<i64>>: Skipped;
        Vec<Vec<String>> = vec![vec!["a".into()]] => Vec<Vec<i32>>: Skipped;
        std::collections::HashSet<i32> = [1, 2].into() => std::collections::HashSet<i64>: Skipped;
        std::collections::BTreeSet<String> = ["a".to_string()].into() => std::collections::BTreeSet<i32>: Skipped;
        HashMap<String, i32> = HashMap::from([("a".into(), 1)]) => HashMap<String, i64>: Skipped;
        HashMap<String, i64> = HashMap::from([("a".into(), 1)]) => HashMap<String, i32>: Skipped;
        HashMap<i32, String> = HashMap::from([(1, "a".into())]) => HashMap<i64, String>: Skipped;
        HashMap<i32, String> = HashMap::from([(1, "a".into())]) => HashMap<String, String>: Skipped;
        BTreeMap<String, Vec<i32>> = BTreeMap::from([("a".into(), vec![1, 2])]) => BTreeMap<String, Vec<i64>>: Skipped;
        BTreeMap<String, Vec<u16>> = BTreeMap::from([("a".into(), vec![65535])]) => BTreeMap<String, Vec<i16>>: Skipped;
        BTreeMap<String, Option<u16>> = BTreeMap::from([("a".into(), Some(65535))]) => BTreeMap<String, Option<i16>>: Skipped;
        HashMap<String, Vec<String>> = HashMap::from([("a".into(), vec!["b".into()])]) => HashMap<String, Vec<i32>>: Skipped;
        HashMap<String, HashMap<String, i32>> = HashMap::from([("a".into(), HashMap::from([("b".into(), 1)]))]) => HashMap<String, HashMap<String, i64>>: Skipped;
        Vec<HashMap<String, i32>> = vec![HashMap::from([("b".into(), 1)])] => Vec<HashMap<String, String>>: Skipped;
        HashMap<String, i32> = HashMap::from([("a".into(), 1)]) => Vec<String>: Skipped;
    }
}

#[test]
fn options_convert_or_skip_like_their_inner_types() {
    matrix! {
        Option<i32> = Some(1) => Option<i64>: Is(Some(1));
        Option<u16> = Some(65535) => Option<i16>: Fails("does not fit in i16");
        Option<i64> = Some(8_589_934_593) => Option<i32>: Fails("does not fit in i32");
        Option<f32> = Some(1.5) => Option<f64>: Is(Some(1.5));
        Option<f64> = Some(1.5) => Option<f32>: Skipped;
        Option<Vec<i32>> = Some(vec![1, 2]) => Option<Vec<i64>>: Skipped;
        Option<Vec<i64>> = Some(vec![1, 2]) => Option<Vec<i32>>: Skipped;
        Option<Vec<u16>> = Some(vec![65535]) => Option<Vec<i16>>: Skipped;
        Option<Vec<String>> = Some(vec!["a".into()]) => Option<Vec<i32>>: Skipped;
        Option<HashMap<String, i32>> = Some(HashMap::from([("a".into(), 1)])) => Option<HashMap<String, i64>>: Skipped;
        Option<String> = Some("x".into()) => Option<i32>: Skipped;
        Vec<i32> = vec![1, 2] => Option<Vec<i64>>: Skipped;
        Option<Vec<i32>> = Some(vec![1, 2]) => Vec<i64>: Skipped;
        // the same type behind an Option on one side only is read
        i32 = 5 => Option<i64>: Is(Some(5));
        Option<i32> = Some(5) => i64: Is(5);
        Option<i32> = None => i64: Fails("is not optional");
        Option<String> = None => String: Fails("is not optional");
    }
}

// ----- nested structs whose fields changed type -----

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Inner1 {
    n: i32,
    xs: Vec<i32>,
    m: HashMap<String, u16>,
    s: String,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Inner2 {
    n: i64,
    xs: Vec<i64>,
    m: HashMap<String, i16>,
    s: i32,
}

fn inner1() -> Inner1 {
    Inner1 {
        n: 7,
        xs: vec![1, 2],
        m: HashMap::from([("a".into(), 65535)]),
        s: "s".into(),
    }
}

fn inner2_from_inner1() -> Inner2 {
    // n widens; the array, the map and the string are skipped
    Inner2 {
        n: 7,
        xs: vec![],
        m: HashMap::new(),
        s: 0,
    }
}

#[test]
fn nested_structs_apply_the_rule_to_their_own_fields() {
    matrix! {
        Inner1 = inner1() => Inner2: Is(inner2_from_inner1());
        Option<Inner1> = Some(inner1()) => Option<Inner2>: Is(Some(inner2_from_inner1()));
        Vec<Inner1> = vec![inner1(), inner1()] => Vec<Inner2>: Is(vec![inner2_from_inner1(), inner2_from_inner1()]);
        HashMap<String, Inner1> = HashMap::from([("k".into(), inner1())]) => HashMap<String, Inner2>: Is(HashMap::from([("k".into(), inner2_from_inner1())]));
        Inner1 = inner1() => i32: Skipped;
        i32 = 1 => Inner2: Skipped;
        Vec<Inner1> = vec![inner1()] => Vec<i32>: Skipped;
    }
}

// ----- a skipped field without a zero value -----

#[derive(ForyObject, Debug, PartialEq)]
enum Shape {
    Circle(f64),
    Square(f64),
}

#[test]
fn a_skipped_field_without_a_zero_value_is_an_error_naming_the_fix() {
    for xlang in [false, true] {
        let err = pair::<Vec<i32>, Shape>(xlang, true, vec![1, 2]).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("no value for field `v`"), "{msg}");
        // the writer had the field, of another type: the message says so
        assert!(
            msg.contains("has it with a type this one cannot read"),
            "{msg}"
        );
        assert!(msg.contains("#[fory(default)]"), "{msg}");
    }
}

#[derive(ForyObject, Debug, PartialEq)]
struct WithDefault {
    #[fory(default)]
    v: Vec<i64>,
    tail: String,
}

impl Default for Shape {
    fn default() -> Self {
        Shape::Square(1.0)
    }
}

#[derive(ForyObject, Debug, PartialEq)]
struct ShapeDefault {
    #[fory(default)]
    v: Shape,
    tail: String,
}

#[test]
fn default_fields_take_default_when_skipped() {
    for xlang in [false, true] {
        let mut w = Fory::builder().xlang(xlang).build();
        w.register::<A<Vec<i32>>>(300).unwrap();
        let bytes = w
            .serialize(&A {
                v: vec![1, 2],
                tail: "end".to_string(),
            })
            .unwrap();
        let mut r = Fory::builder().xlang(xlang).build();
        r.register::<ShapeDefault>(300).unwrap();
        r.register::<Shape>(302).unwrap();
        let back: ShapeDefault = r.deserialize(&bytes).unwrap();
        assert_eq!(back.v, Shape::Square(1.0));
        assert_eq!(back.tail, "end");
        let mut r = Fory::builder().xlang(xlang).build();
        r.register::<WithDefault>(300).unwrap();
        let back: WithDefault = r.deserialize(&bytes).unwrap();
        assert_eq!(back.v, Vec::<i64>::new());
        assert_eq!(back.tail, "end");
    }
}

// ----- outside structs: a value read as another type -----

fn top<X: Serialize, Y: Deserialize + std::fmt::Debug>(xlang: bool, x: X) -> fory_core::Result<Y> {
    let f = Fory::builder().xlang(xlang).build();
    f.deserialize::<Y>(&f.serialize(&x)?)
}

#[test]
fn values_outside_structs_are_converted_or_refused_never_reinterpreted() {
    for xlang in [false, true] {
        assert!(top::<_, Vec<i64>>(xlang, vec![1i32, 2]).is_err());
        assert!(top::<_, Vec<i32>>(xlang, vec![1i64, 2]).is_err());
        assert!(top::<_, Vec<i16>>(xlang, vec![65535u16]).is_err());
        assert!(top::<_, Vec<f64>>(xlang, vec![1.5f32]).is_err());
        assert!(top::<_, Vec<Vec<i64>>>(xlang, vec![vec![1i32, 2]]).is_err());
        assert!(top::<_, Option<Vec<i64>>>(xlang, Some(vec![1i32, 2])).is_err());
        let m = HashMap::from([("a".to_string(), vec![1i32, 2])]);
        assert!(top::<_, HashMap<String, Vec<i64>>>(xlang, m).is_err());
        let m = HashMap::from([("a".to_string(), vec![65535u16])]);
        assert!(top::<_, HashMap<String, Vec<i16>>>(xlang, m).is_err());
        // integers carry their type id: converted when they fit
        assert_eq!(top::<_, i64>(xlang, 1i32).unwrap(), 1);
        assert!(top::<_, i16>(xlang, 65535u16).is_err());
        if let Ok(v) = top::<_, Vec<i64>>(xlang, vec![Some(1i32), None]) {
            panic!("a list of nullable i32 read as {v:?}");
        }
    }
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Many {
    n: i64,
    text: String,
    words: Vec<String>,
    counts: HashMap<String, i64>,
    inner: Inner1,
    maybe: Option<String>,
    blob: bytes::Bytes,
    floats: Vec<f64>,
    tail: String,
}

#[derive(ForyObject, Debug, PartialEq)]
struct Few {
    n: i64,
    tail: String,
}

fn many(text: &str) -> Many {
    Many {
        n: -7,
        text: text.into(),
        words: vec!["a".into(), "中文".into()],
        counts: HashMap::from([("k".into(), 1)]),
        inner: inner1(),
        maybe: Some("m".into()),
        blob: bytes::Bytes::from(vec![9u8; 300]),
        floats: vec![0.5; 40],
        tail: "end".into(),
    }
}

fn many_few(xlang: bool) -> (Fory, Fory) {
    let mut w = Fory::builder().xlang(xlang).compatible(true).build();
    w.register::<Many>(310).unwrap();
    w.register::<Inner1>(301).unwrap();
    let mut r = Fory::builder().xlang(xlang).compatible(true).build();
    r.register::<Few>(310).unwrap();
    r.register::<Inner2>(301).unwrap();
    (w, r)
}

/// The fields a reader lacks are skipped: every byte and out-of-band
/// buffer of theirs consumed, with the checks a read makes (a string's
/// UTF-8 or UTF-16), but nothing built.
#[test]
fn skipped_fields_are_consumed_and_checked() {
    for xlang in [false, true] {
        let (w, r) = many_few(xlang);
        let bytes = w.serialize(&many("skipped text")).unwrap();
        let few: Few = r.deserialize(&bytes).unwrap();
        assert_eq!(
            few,
            Few {
                n: -7,
                tail: "end".into()
            },
            "xlang {xlang}"
        );
        // with a callback: the skipped bytes' buffers are used up (a
        // surplus buffer is an error), so the read succeeds with them all
        let value = many("oob");
        let mut objs = Vec::new();
        let data = w.serialize_with_callback(&value, &mut objs).unwrap();
        assert!(!objs.is_empty(), "xlang {xlang}: something was offered");
        let buffers: Vec<bytes::Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
        let few: Few = r.deserialize_with_buffers(&data, buffers.clone()).unwrap();
        assert_eq!(few.tail, "end");
        // one buffer short: the skipped field still needs it
        let short = &buffers[..buffers.len() - 1];
        assert!(r
            .deserialize_with_buffers::<Few, _>(&data, short.to_vec())
            .is_err());
    }
}

/// Corrupt text in a skipped string is the error it is when read.
#[test]
fn a_skipped_string_with_invalid_text_is_an_error() {
    // native strings are UTF-8: break the 'é' of the skipped text
    let (w, r) = many_few(false);
    let mut bytes = w.serialize(&many("Zoé marker")).unwrap();
    let e_acute = "é".as_bytes().to_vec();
    let at = bytes.windows(2).position(|p| p == e_acute).unwrap();
    bytes[at + 1] = b'!';
    let err = r.deserialize::<Few>(&bytes).unwrap_err();
    assert!(err.to_string().contains("invalid UTF-8"), "{err}");
    // xlang writes CJK text as UTF-16: a lone surrogate
    let (w, r) = many_few(true);
    let mut bytes = w.serialize(&many("中文文")).unwrap();
    let unit = |c: char| (c as u16).to_le_bytes();
    let [a, b] = unit('文');
    let at = bytes.windows(4).position(|p| p == [a, b, a, b]).unwrap();
    bytes[at..at + 2].copy_from_slice(&0xd800u16.to_le_bytes());
    let err = r.deserialize::<Few>(&bytes).unwrap_err();
    assert!(err.to_string().contains("unpaired surrogate"), "{err}");
    // and cut short inside a skipped field
    let good = w.serialize(&many("x")).unwrap();
    for cut in [good.len() / 2, good.len() - 5] {
        assert!(r.deserialize::<Few>(&good[..cut]).is_err(), "cut at {cut}");
    }
}

/// Fields the stream lacks take their zero value: arrays, tuples and
/// ranges of types that have one, and `char` ('\0'), as numbers do.
#[test]
fn arrays_tuples_ranges_and_chars_have_zero_values() {
    #[derive(ForyObject, Debug, PartialEq)]
    struct Old {
        id: i32,
    }
    #[derive(ForyObject, Debug, PartialEq)]
    struct New {
        id: i32,
        key: [u8; 4],
        pair: (i32, String),
        span: std::ops::Range<i64>,
        closed: std::ops::RangeInclusive<u16>,
        initial: char,
    }
    for xlang in [false, true] {
        let mut w = Fory::builder().xlang(xlang).build();
        w.register::<Old>(330).unwrap();
        let mut r = Fory::builder().xlang(xlang).build();
        r.register::<New>(330).unwrap();
        let bytes = w.serialize(&Old { id: 7 }).unwrap();
        assert_eq!(
            r.deserialize::<New>(&bytes).unwrap(),
            New {
                id: 7,
                key: [0; 4],
                pair: (0, String::new()),
                span: 0..0,
                closed: 0..=0,
                initial: '\0',
            },
            "xlang {xlang}"
        );
    }
}

/// With reference tracking, a field the reader lacks may hold a value
/// that a later field shares: the skip keeps nothing to share, so the
/// read is an error that says so (and names the fix). A skipped field
/// that refers back to a value the reader kept is fine.
#[test]
fn a_shared_value_in_a_skipped_field_is_a_clear_error() {
    use std::rc::Rc;
    #[derive(ForyObject, Debug, PartialEq)]
    struct Both {
        a: Rc<String>,
        b: Rc<String>,
    }
    #[derive(ForyObject, Debug, PartialEq)]
    struct OnlyB {
        b: Rc<String>,
    }
    #[derive(ForyObject, Debug, PartialEq)]
    struct OnlyA {
        a: Rc<String>,
    }
    for xlang in [false, true] {
        let mut w = Fory::builder().xlang(xlang).ref_tracking(true).build();
        w.register::<Both>(340).unwrap();
        let s = Rc::new("shared".to_string());
        let bytes = w.serialize(&Both { a: s.clone(), b: s }).unwrap();
        let mut r = Fory::builder().xlang(xlang).ref_tracking(true).build();
        r.register::<OnlyB>(340).unwrap();
        let err = r.deserialize::<OnlyB>(&bytes).unwrap_err();
        assert!(
            err.to_string().contains("a field this reader skipped")
                && err.to_string().contains("add the field"),
            "xlang {xlang}: {err}"
        );
        let mut r = Fory::builder().xlang(xlang).ref_tracking(true).build();
        r.register::<OnlyA>(340).unwrap();
        let got = r.deserialize::<OnlyA>(&bytes).unwrap();
        assert_eq!(*got.a, "shared", "xlang {xlang}");
    }
}

/// An n-d array field changed to a `Vec` of its elements (or back): in
/// native mode an n-d array (NDARRAY) is another type than a dense array,
/// so the field is skipped as the table says (it could not be: the skip
/// failed, "cannot be read as a dynamic Value"); in xlang mode a 1-D
/// array is declared as the dense array, the same type on the wire, so
/// the value is read.
#[test]
fn nd_array_fields_changed_to_vecs_are_skipped_or_read() {
    use fory_core::buffers::SharedArray;
    use fory_core::ndarray::{Array1, Array2};
    use fory_core::serializer::ndarray::SharedNdArray;
    let a1 = || Array1::from(vec![1.5, -2.0]);
    let shared = || SharedNdArray::new(SharedArray::from_vec(vec![1.5, -2.0]), vec![2]).unwrap();
    let none = Vec::<f64>::new();
    let want = vec![1.5, -2.0];
    // native: skipped
    assert_eq!(
        pair::<Array1<f64>, Vec<f64>>(false, true, a1()).unwrap(),
        none
    );
    assert_eq!(
        pair::<SharedNdArray<f64>, Vec<f64>>(false, true, shared()).unwrap(),
        none
    );
    let a2 = Array2::from_shape_vec((1, 2), want.clone()).unwrap();
    assert_eq!(
        pair::<Array2<f64>, Vec<f64>>(false, true, a2).unwrap(),
        none
    );
    assert_eq!(
        pair::<Array1<f64>, Vec<f32>>(false, true, a1()).unwrap(),
        Vec::<f32>::new()
    );
    // a dense array reads into an n-d array field (its 1-D form)
    assert_eq!(
        pair::<Vec<f64>, Array1<f64>>(false, true, want.clone()).unwrap(),
        a1()
    );
    // xlang: the same dense array
    assert_eq!(
        pair::<Array1<f64>, Vec<f64>>(true, true, a1()).unwrap(),
        want
    );
    assert_eq!(
        pair::<SharedNdArray<f64>, Vec<f64>>(true, true, shared()).unwrap(),
        want
    );
    assert_eq!(
        pair::<Vec<f64>, SharedNdArray<f64>>(true, true, want.clone()).unwrap(),
        shared()
    );
    assert_eq!(
        pair::<Array1<f64>, Vec<f64>>(true, false, a1()).unwrap(),
        want
    );
}

/// A value of a hand-written type with a type id this library does not
/// know (120).
#[derive(Debug, PartialEq, Default)]
struct Opaque(u32);

impl ForyType for Opaque {
    const FORY_TYPE_ID: u8 = 120;
}

impl Serialize for Opaque {
    fn fory_write_data<'a>(
        &'a self,
        ctx: &mut fory_core::WriteContext<'a, '_>,
    ) -> fory_core::Result<()> {
        ctx.writer().write_u32(self.0);
        Ok(())
    }
}

impl Deserialize for Opaque {
    fn fory_read_data(
        ctx: &mut fory_core::ReadContext<'_, '_>,
        _id: u8,
    ) -> fory_core::Result<Self> {
        ctx.reader().read_u32().map(Opaque)
    }
}

/// A field the reader lacks whose layout it cannot know is an error that
/// says the field cannot be skipped and names it and its type id; an
/// error met while skipping one names the field too. (The first said
/// only that the type "cannot be read as a dynamic Value".)
#[test]
fn a_field_that_cannot_be_skipped_is_an_error_naming_it() {
    #[derive(ForyObject, Debug, PartialEq)]
    struct W {
        a: String,
        odd: Opaque,
    }
    #[derive(ForyObject, Debug, PartialEq)]
    struct R {
        a: String,
    }
    for xlang in [false, true] {
        let mut w = Fory::builder().xlang(xlang).build();
        w.register::<W>(1).unwrap();
        let mut r = Fory::builder().xlang(xlang).build();
        r.register::<R>(1).unwrap();
        let bytes = w
            .serialize(&W {
                a: "a".into(),
                odd: Opaque(7),
            })
            .unwrap();
        let err = r.deserialize::<R>(&bytes).unwrap_err();
        let text = err.to_string();
        assert_eq!(err.kind(), ErrorKind::Unsupported, "{text}");
        assert!(
            text.starts_with("the writer's field `odd` (type id 120, an unknown type id), which the reader's struct lacks, cannot be skipped: "),
            "{text}"
        );
        assert!(
            text.contains("a layout this library does not know"),
            "{text}"
        );
        assert!(!text.contains("dynamic Value"), "{text}");
        // truncated inside a skipped string: the skip and the field named
        let mut w = Fory::builder().xlang(xlang).build();
        w.register::<A<Vec<String>>>(1).unwrap();
        let mut r = Fory::builder().xlang(xlang).build();
        r.register::<B<()>>(1).unwrap();
        let bytes = w
            .serialize(&A {
                v: vec!["long enough".to_string()],
                tail: "t".into(),
            })
            .unwrap();
        let err = r
            .deserialize::<B<()>>(&bytes[..bytes.len() - 6])
            .unwrap_err();
        assert!(err.to_string().contains("bytes left in the input"), "{err}");
        assert!(
            err.to_string()
                .starts_with("skipping the writer's field `v` (type id 22, LIST)"),
            "{err}"
        );
    }
}
