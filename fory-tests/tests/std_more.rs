//! More std and ecosystem types, each the bytes of the plain type it
//! mirrors: atomics (their value), `OnceCell`/`OnceLock` (an `Option`),
//! `Bound` (a union, as `Result`), the half-open ranges (a 1-tuple) and
//! `RangeFull` (`()`), `BytesMut` and C strings (BINARY, as `Vec<u8>`),
//! `std::cmp::Ordering` (INT8). Alone and as struct fields, in both modes
//! and both struct layouts; bad input is an error that names the problem.
//! (`PhantomPinned` fields: tests/derive_phantom.rs.)

use std::cell::OnceCell;
use std::cmp::Ordering;
use std::ffi::{CStr, CString};
use std::fmt::Debug;
use std::ops::{Bound, RangeFrom, RangeFull, RangeTo, RangeToInclusive};
use std::rc::Rc;
use std::sync::atomic::{
    AtomicBool, AtomicI16, AtomicI32, AtomicI64, AtomicI8, AtomicIsize, AtomicU16, AtomicU32,
    AtomicU64, AtomicU8, AtomicUsize, Ordering::Relaxed,
};
use std::sync::{Arc, OnceLock};

use bytes::{Bytes, BytesMut};
use fory_core::{Deserialize, ErrorKind, Fory, ForyObject, Serialize};

fn round_trip<T: Serialize + Deserialize>(fory: &Fory, v: &T) -> T {
    fory.deserialize(&fory.serialize(v).unwrap()).unwrap()
}

/// `ours` writes exactly what `theirs` does in every configuration, and
/// each reads back as itself and from the other's bytes.
fn same_bytes_as<A, B>(ours: &A, theirs: &B)
where
    A: Serialize + Deserialize + PartialEq + Debug,
    B: Serialize + Deserialize + PartialEq + Debug,
{
    for (name, f) in fory_tests::configs() {
        let a = f.serialize(ours).unwrap();
        let b = f.serialize(theirs).unwrap();
        assert_eq!(
            fory_tests::to_hex(&a),
            fory_tests::to_hex(&b),
            "{name}: {ours:?} against {theirs:?}"
        );
        assert_eq!(f.deserialize::<A>(&b).unwrap(), *ours, "{name}");
        assert_eq!(f.deserialize::<B>(&a).unwrap(), *theirs, "{name}");
    }
}

/// Every prefix of `ours`' bytes is an error as an `A` (never a panic).
fn truncations_are_errors<A: Serialize + Deserialize + Debug>(ours: &A) {
    for (name, f) in fory_tests::configs() {
        let bytes = f.serialize(ours).unwrap();
        for cut in 0..bytes.len() {
            assert!(
                f.deserialize::<A>(&bytes[..cut]).is_err(),
                "{name}: {ours:?} cut at {cut} of {}",
                bytes.len()
            );
        }
    }
}

// ----- atomics -----

/// Each atomic writes its plain value's bytes, reads them back, and a
/// cut is an error.
macro_rules! atomic_as_plain {
    ($($atomic:ident: $($v:expr),+;)*) => {$(
        for v in [$($v),+] {
            for (name, f) in fory_tests::configs() {
                let bytes = f.serialize(&$atomic::new(v)).unwrap();
                assert_eq!(bytes, f.serialize(&v).unwrap(), "{name}: {}", stringify!($atomic));
                assert_eq!(f.deserialize::<$atomic>(&bytes).unwrap().into_inner(), v, "{name}");
                for cut in 0..bytes.len() {
                    assert!(f.deserialize::<$atomic>(&bytes[..cut]).is_err(), "{name}: cut at {cut}");
                }
            }
        }
    )*};
}

#[test]
fn atomics_are_the_bytes_of_their_values() {
    atomic_as_plain! {
        AtomicBool: false, true;
        AtomicI8: i8::MIN, -1, 0, i8::MAX;
        AtomicI16: i16::MIN, 300, i16::MAX;
        AtomicI32: i32::MIN, -5, 0, 1 << 20, i32::MAX;
        AtomicI64: i64::MIN, -(1 << 40), 0, i64::MAX;
        AtomicIsize: isize::MIN, -7, isize::MAX;
        AtomicU8: 0, 255;
        AtomicU16: 0, u16::MAX;
        AtomicU32: 0, 1 << 31, u32::MAX;
        AtomicU64: 0, 1 << 63, u64::MAX;
        AtomicUsize: 0, 12_345, usize::MAX;
    }
    for (name, f) in fory_tests::configs() {
        // a peer's wider integer reads in when it fits, and is an error
        // naming the type when it does not
        let back: AtomicI32 = f.deserialize(&f.serialize(&-9i64).unwrap()).unwrap();
        assert_eq!(back.into_inner(), -9, "{name}");
        let err = f
            .deserialize::<AtomicU8>(&f.serialize(&256i32).unwrap())
            .unwrap_err();
        assert!(err.to_string().contains("u8"), "{name}: {err}");
        // in a list: the plain type's dense array (INT64_ARRAY)
        let list = vec![AtomicI64::new(1), AtomicI64::new(-2)];
        let back: Vec<AtomicI64> = round_trip(&f, &list);
        assert_eq!(
            back.iter().map(|a| a.load(Relaxed)).collect::<Vec<_>>(),
            [1, -2],
            "{name}"
        );
        let back: Option<AtomicBool> = round_trip(&f, &Some(AtomicBool::new(true)));
        assert!(back.unwrap().into_inner(), "{name}");
    }
}

mod atoms {
    use super::*;

    /// Every atomic, as fields.
    #[derive(ForyObject, Debug, Default)]
    pub struct Counters {
        pub on: AtomicBool,
        pub small: AtomicI8,
        pub short: AtomicI16,
        pub hits: AtomicI32,
        pub total: AtomicI64,
        pub offset: AtomicIsize,
        pub byte: AtomicU8,
        pub port: AtomicU16,
        pub count: AtomicU32,
        pub big: AtomicU64,
        pub len: AtomicUsize,
        pub maybe: Option<AtomicI32>,
        pub tail: String,
    }

    /// [`Counters`] with the plain types.
    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Plain {
        pub on: bool,
        pub small: i8,
        pub short: i16,
        pub hits: i32,
        pub total: i64,
        pub offset: isize,
        pub byte: u8,
        pub port: u16,
        pub count: u32,
        pub big: u64,
        pub len: usize,
        pub maybe: Option<i32>,
        pub tail: String,
    }

    impl Counters {
        pub fn of(p: &Plain) -> Counters {
            Counters {
                on: p.on.into(),
                small: p.small.into(),
                short: p.short.into(),
                hits: p.hits.into(),
                total: p.total.into(),
                offset: p.offset.into(),
                byte: p.byte.into(),
                port: p.port.into(),
                count: p.count.into(),
                big: p.big.into(),
                len: p.len.into(),
                maybe: p.maybe.map(AtomicI32::new),
                tail: p.tail.clone(),
            }
        }

        pub fn plain(self) -> Plain {
            Plain {
                on: self.on.into_inner(),
                small: self.small.into_inner(),
                short: self.short.into_inner(),
                hits: self.hits.into_inner(),
                total: self.total.into_inner(),
                offset: self.offset.into_inner(),
                byte: self.byte.into_inner(),
                port: self.port.into_inner(),
                count: self.count.into_inner(),
                big: self.big.into_inner(),
                len: self.len.into_inner(),
                maybe: self.maybe.map(AtomicI32::into_inner),
                tail: self.tail,
            }
        }
    }
}

/// Two `Fory`s of one configuration, `A` registered in one and `B` in
/// the other under the same id.
fn pair<A: fory_core::UserType, B: fory_core::UserType>(
    xlang: bool,
    compatible: bool,
    refs: bool,
) -> (Fory, Fory) {
    let build = || {
        Fory::builder()
            .xlang(xlang)
            .compatible(compatible)
            .ref_tracking(refs)
            .build()
    };
    let (mut f, mut g) = (build(), build());
    f.register::<A>(90).unwrap();
    g.register::<B>(90).unwrap();
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
fn atomic_fields_are_the_plain_fields_typedef_and_bytes() {
    let values = [
        atoms::Plain {
            on: true,
            small: -3,
            short: 1000,
            hits: -70_000,
            total: 1 << 40,
            offset: -1,
            byte: 200,
            port: 8080,
            count: u32::MAX,
            big: u64::MAX,
            len: 99,
            maybe: Some(4),
            tail: "end".into(),
        },
        atoms::Plain {
            on: false,
            small: 0,
            short: 0,
            hits: 0,
            total: 0,
            offset: 0,
            byte: 0,
            port: 0,
            count: 0,
            big: 0,
            len: 0,
            maybe: None,
            tail: String::new(),
        },
    ];
    for (xlang, compatible, refs) in layouts() {
        let how = format!("xlang {xlang} compatible {compatible} refs {refs}");
        let (f, g) = pair::<atoms::Counters, atoms::Plain>(xlang, compatible, refs);
        for p in &values {
            let ours = f.serialize(&atoms::Counters::of(p)).unwrap();
            let theirs = g.serialize(p).unwrap();
            // the same TypeDef (compatible) or schema hash, and data
            assert_eq!(ours, theirs, "{how}");
            let back: atoms::Counters = f.deserialize(&theirs).unwrap();
            assert_eq!(back.plain(), *p, "{how}");
            assert_eq!(g.deserialize::<atoms::Plain>(&ours).unwrap(), *p, "{how}");
        }
    }
    use fory_core::UserType;
    assert_eq!(<atoms::Counters as UserType>::fory_fields().len(), 13);
}

/// A `Vec` of atomics reads the dense array a `Vec` of the plain type
/// writes (`Vec<i32>`: INT32_ARRAY), top-level and as a compatible-mode
/// field changed from `Vec<i32>` to `Vec<AtomicI32>` (it was skipped,
/// read as empty).
#[test]
fn vecs_of_atomics_read_the_plain_types_dense_arrays() {
    mod plain {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug, Default)]
        pub struct Counts {
            pub hits: Vec<i32>,
            pub flags: Vec<bool>,
            pub bytes: Option<Vec<u8>>,
            pub totals: Vec<u64>,
        }
    }
    mod atoms {
        use fory_core::ForyObject;
        use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, AtomicU8};
        #[derive(ForyObject, Debug, Default)]
        pub struct Counts {
            pub hits: Vec<AtomicI32>,
            pub flags: Vec<AtomicBool>,
            pub bytes: Option<Vec<AtomicU8>>,
            pub totals: Vec<AtomicU64>,
        }
    }
    let loads = |v: &[AtomicI32]| v.iter().map(|a| a.load(Relaxed)).collect::<Vec<_>>();
    for xlang in [false, true] {
        for refs in [false, true] {
            let how = format!("xlang {xlang} refs {refs}");
            let (f, g) = pair::<plain::Counts, atoms::Counts>(xlang, true, refs);
            let theirs = plain::Counts {
                hits: vec![1, -2, 3],
                flags: vec![true, false],
                bytes: Some(vec![7, 0, 255]),
                totals: vec![u64::MAX],
            };
            let back: atoms::Counts = g.deserialize(&f.serialize(&theirs).unwrap()).unwrap();
            assert_eq!(loads(&back.hits), theirs.hits, "{how}");
            let flags: Vec<bool> = back.flags.iter().map(|a| a.load(Relaxed)).collect();
            assert_eq!(flags, theirs.flags, "{how}");
            let bytes: Option<Vec<u8>> = back
                .bytes
                .as_ref()
                .map(|v| v.iter().map(|a| a.load(Relaxed)).collect());
            assert_eq!(bytes, theirs.bytes, "{how}");
            let totals: Vec<u64> = back.totals.iter().map(|a| a.load(Relaxed)).collect();
            assert_eq!(totals, theirs.totals, "{how}");
            let top: Vec<AtomicI32> = f.deserialize(&f.serialize(&vec![4, 5]).unwrap()).unwrap();
            assert_eq!(loads(&top), [4, 5], "{how}");
        }
    }
}

/// A `Vec<i8>` (a dense INT8_ARRAY) reads into a `Vec<Ordering>`, as a
/// value and as a compatible-mode field, each value checked.
#[test]
fn vecs_of_orderings_read_i8_dense_arrays() {
    use std::cmp::Ordering::{Equal, Greater, Less};
    mod plain {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug, Default)]
        pub struct Votes {
            pub cmp: Vec<i8>,
        }
    }
    mod ords {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug, Default)]
        pub struct Votes {
            pub cmp: Vec<std::cmp::Ordering>,
        }
    }
    for xlang in [false, true] {
        for refs in [false, true] {
            let how = format!("xlang {xlang} refs {refs}");
            let (f, g) = pair::<plain::Votes, ords::Votes>(xlang, true, refs);
            let theirs = plain::Votes {
                cmp: vec![-1, 0, 1, 1],
            };
            let back: ords::Votes = g.deserialize(&f.serialize(&theirs).unwrap()).unwrap();
            assert_eq!(back.cmp, [Less, Equal, Greater, Greater], "{how}");
            let top: Vec<std::cmp::Ordering> = f
                .deserialize(&f.serialize(&vec![1i8, -1]).unwrap())
                .unwrap();
            assert_eq!(top, [Greater, Less], "{how}");
            // a value that is no ordering is an error naming it
            let bad = f.serialize(&plain::Votes { cmp: vec![0, 5] }).unwrap();
            let err = g.deserialize::<ords::Votes>(&bad).unwrap_err().to_string();
            assert!(
                err.contains("5") && err.contains("Ordering"),
                "{how}: {err}"
            );
        }
    }
}

/// A `Vec` of a wrapper that is its value (`Wrapping`, `Saturating`,
/// `Reverse`, `Cell`, the `NonZero` integers) reads the plain type's dense
/// array (numpy's, or a `Vec<i32>`'s), as a value, in a `SmallVec` and a
/// boxed slice, and as a compatible-mode field; a zero for a `NonZero` is
/// an error naming it.
#[test]
fn vecs_of_value_wrappers_read_the_plain_types_dense_arrays() {
    use std::cell::Cell;
    use std::cmp::Reverse;
    use std::num::{NonZeroI32, NonZeroU32, Saturating, Wrapping};
    mod plain {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug, Default)]
        pub struct Wraps {
            pub w: Vec<i32>,
            pub nz: Vec<u32>,
            pub b: Vec<u8>,
        }
    }
    mod wrapped {
        use fory_core::ForyObject;
        use std::num::{NonZeroU32, NonZeroU8, Wrapping};
        #[derive(ForyObject, Debug)]
        pub struct Wraps {
            pub w: Vec<Wrapping<i32>>,
            pub nz: Vec<NonZeroU32>,
            pub b: Vec<NonZeroU8>,
        }
    }
    for xlang in [false, true] {
        for refs in [false, true] {
            let how = format!("xlang {xlang} refs {refs}");
            let (f, g) = pair::<plain::Wraps, wrapped::Wraps>(xlang, true, refs);
            let ints = f.serialize(&vec![3i32, -4]).unwrap();
            let w: Vec<Wrapping<i32>> = f.deserialize(&ints).unwrap();
            assert_eq!(w, [Wrapping(3), Wrapping(-4)], "{how}");
            let s: Vec<Saturating<i32>> = f.deserialize(&ints).unwrap();
            assert_eq!(s, [Saturating(3), Saturating(-4)], "{how}");
            let r: Vec<Reverse<i32>> = f.deserialize(&ints).unwrap();
            assert_eq!(r, [Reverse(3), Reverse(-4)], "{how}");
            let c: Vec<Cell<i32>> = f.deserialize(&ints).unwrap();
            assert_eq!(c, [Cell::new(3), Cell::new(-4)], "{how}");
            let nz: Vec<NonZeroI32> = f.deserialize(&ints).unwrap();
            assert_eq!(nz.iter().map(|v| v.get()).collect::<Vec<_>>(), [3, -4]);
            let sv: fory_core::smallvec::SmallVec<[Wrapping<i32>; 4]> =
                f.deserialize(&ints).unwrap();
            assert_eq!(sv.as_slice(), [Wrapping(3), Wrapping(-4)], "{how}");
            let boxed: Box<[Reverse<i32>]> = f.deserialize(&ints).unwrap();
            assert_eq!(&*boxed, [Reverse(3), Reverse(-4)], "{how}");
            // a zero is no NonZero, in the array as alone
            let zero = f.serialize(&vec![5u32, 0]).unwrap();
            let err = f
                .deserialize::<Vec<NonZeroU32>>(&zero)
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("zero") && err.contains("NonZeroU32"),
                "{how}: {err}"
            );
            // a field changed from the plain type keeps its values
            let theirs = plain::Wraps {
                w: vec![1, 2],
                nz: vec![7],
                b: vec![9, 255],
            };
            let back: wrapped::Wraps = g.deserialize(&f.serialize(&theirs).unwrap()).unwrap();
            assert_eq!(back.w, [Wrapping(1), Wrapping(2)], "{how}");
            assert_eq!(back.nz, [NonZeroU32::new(7).unwrap()], "{how}");
            assert_eq!(back.b.iter().map(|v| v.get()).collect::<Vec<_>>(), [9, 255]);
        }
    }
}

// ----- OnceCell, OnceLock -----

#[test]
fn once_cells_are_options() {
    for (name, f) in fory_tests::configs() {
        let set = OnceCell::from("v".to_string());
        assert_eq!(
            f.serialize(&set).unwrap(),
            f.serialize(&Some("v".to_string())).unwrap(),
            "{name}"
        );
        assert_eq!(round_trip(&f, &set), set, "{name}");
        let empty = OnceCell::<i32>::new();
        assert_eq!(
            f.serialize(&empty).unwrap(),
            f.serialize(&None::<i32>).unwrap(),
            "{name}"
        );
        assert_eq!(round_trip(&f, &empty).get(), None, "{name}");
        let lock = OnceLock::from(7u16);
        assert_eq!(
            f.serialize(&lock).unwrap(),
            f.serialize(&Some(7u16)).unwrap(),
            "{name}"
        );
        assert_eq!(round_trip(&f, &lock).get(), Some(&7), "{name}");
        // a list with an empty one: the list of Options' bytes
        let cells = vec![OnceLock::from(1i64), OnceLock::new(), OnceLock::from(3)];
        assert_eq!(
            f.serialize(&cells).unwrap(),
            f.serialize(&vec![Some(1i64), None, Some(3)]).unwrap(),
            "{name}"
        );
        assert_eq!(round_trip(&f, &cells), cells, "{name}");
        // an Option of an empty cell cannot be told from None: refused
        let err = f.serialize(&Some(OnceCell::<i32>::new())).unwrap_err();
        assert!(err.to_string().contains("Some(None)"), "{name}: {err}");
        // shared values in a cell stay shared
        let s: Rc<str> = Rc::from("shared");
        let two = vec![OnceCell::from(s.clone()), OnceCell::from(s)];
        let back: Vec<OnceCell<Rc<str>>> = round_trip(&f, &two);
        if name.ends_with("true") {
            assert!(Rc::ptr_eq(back[0].get().unwrap(), back[1].get().unwrap()));
        }
        let cut = f.serialize(&set).unwrap();
        for n in 0..cut.len() {
            assert!(f.deserialize::<OnceCell<String>>(&cut[..n]).is_err());
        }
    }
}

/// A cell of a `Value` reads a back-reference as `Option<Value>` does:
/// the stream's second mention of a shared struct is `Value::Ref`.
#[test]
fn once_cells_of_values_read_back_references() {
    use fory_core::value::Value;
    #[derive(ForyObject, Debug)]
    struct Shared {
        v: i32,
    }
    for xlang in [false, true] {
        let mut f = Fory::builder()
            .xlang(xlang)
            .compatible(true)
            .ref_tracking(true)
            .build();
        f.register::<Shared>(91).unwrap();
        let n = Rc::new(Shared { v: 3 });
        let bytes = f.serialize(&vec![n.clone(), n]).unwrap();
        let options: Vec<Option<Value>> = f.deserialize(&bytes).unwrap();
        assert!(
            matches!(options[1], Some(Value::Ref(_))),
            "xlang {xlang}: {options:?}"
        );
        let cells: Vec<OnceCell<Value>> = f.deserialize(&bytes).unwrap();
        let cells: Vec<_> = cells.into_iter().map(|c| c.into_inner()).collect();
        assert_eq!(cells, options, "xlang {xlang}");
        let locks: Vec<OnceLock<Value>> = f.deserialize(&bytes).unwrap();
        let locks: Vec<_> = locks.into_iter().map(|c| c.into_inner()).collect();
        assert_eq!(locks, options, "xlang {xlang}");
    }
}

// ----- Bound -----

/// `Bound` as a derived enum: the bytes a `Bound` writes.
#[derive(ForyObject, Debug, Clone, PartialEq)]
enum B<T> {
    Included(T),
    Excluded(T),
    Unbounded,
}

fn as_b<T: Clone>(b: &Bound<T>) -> B<T> {
    match b {
        Bound::Included(v) => B::Included(v.clone()),
        Bound::Excluded(v) => B::Excluded(v.clone()),
        Bound::Unbounded => B::Unbounded,
    }
}

#[test]
fn bounds_are_the_bytes_of_a_derived_three_case_enum() {
    let values = [
        Bound::Included(-5i32),
        Bound::Excluded(i32::MAX),
        Bound::Unbounded,
    ];
    for (name, _) in fory_tests::configs() {
        let mut f = Fory::builder()
            .xlang(name.starts_with("xlang"))
            .ref_tracking(name.ends_with("true"))
            .build();
        f.register::<B<i32>>(77).unwrap();
        for b in &values {
            let ours = f.serialize(b).unwrap();
            let theirs = f.serialize(&as_b(b)).unwrap();
            // UNION alone against TYPED_UNION and the id, then the same
            assert_eq!(ours[2], 33, "{name}");
            assert_eq!(theirs[2..4], [34, 77], "{name}");
            assert_eq!(ours[3..], theirs[4..], "{name}: {b:?}");
            assert_eq!(f.deserialize::<B<i32>>(&ours).unwrap(), as_b(b), "{name}");
            assert_eq!(f.deserialize::<Bound<i32>>(&theirs).unwrap(), *b, "{name}");
        }
    }
    for (name, f) in fory_tests::configs() {
        for b in [
            Bound::Included("a".to_string()),
            Bound::Excluded(String::new()),
            Bound::Unbounded,
        ] {
            assert_eq!(round_trip(&f, &b), b, "{name}");
            assert_eq!(round_trip(&f, &Some(b.clone())), Some(b), "{name}");
        }
        let list = vec![
            Bound::Included(Some(1u8)),
            Bound::Excluded(None),
            Bound::Unbounded,
        ];
        assert_eq!(round_trip(&f, &list), list, "{name}");
        // a range of bounds, as `RangeBounds` hands them out
        let pair = (Bound::Included(2u64), Bound::<u64>::Unbounded);
        assert_eq!(round_trip(&f, &pair), pair, "{name}");
    }
}

#[test]
fn bounds_refuse_unknown_cases_and_cut_bytes() {
    for (name, f) in fory_tests::configs() {
        let good = f.serialize(&Bound::Excluded(3i32)).unwrap();
        // the case after the type id: 1 (Excluded); 7 is none of them
        assert_eq!(good[3], 1, "{name}");
        let mut bad = good.clone();
        bad[3] = 7;
        let err = f.deserialize::<Bound<i32>>(&bad).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("union case 7") && text.contains("Bound"),
            "{name}: {err}"
        );
        // not a union
        let err = f
            .deserialize::<Bound<i32>>(&f.serialize(&3i32).unwrap())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{name}");
        assert!(err.to_string().contains("Bound"), "{name}: {err}");
        // Unbounded holds no value: one written there is an error
        let mut holds = f.serialize(&Bound::Included(3i32)).unwrap();
        holds[3] = 2;
        assert!(f.deserialize::<Bound<i32>>(&holds).is_err(), "{name}");
    }
    truncations_are_errors(&Bound::Included("text".to_string()));
    truncations_are_errors(&Bound::<i64>::Unbounded);
}

// ----- the other ranges -----

#[test]
fn half_open_ranges_are_the_bytes_of_their_one_tuple() {
    same_bytes_as(&(-3i32..), &(-3i32,));
    same_bytes_as(&(..7u64), &(7u64,));
    same_bytes_as(&(..='z'), &('z',));
    same_bytes_as(&("a".to_string()..), &("a".to_string(),));
    same_bytes_as(&(Some(1i64)..), &(Some(1i64),));
    same_bytes_as(&(..None::<i64>), &(None::<i64>,));
    same_bytes_as(&(..vec![1u8, 2]), &(vec![1u8, 2],));
    same_bytes_as(&RangeFull, &());
    for (name, f) in fory_tests::configs() {
        // a range of two ends is not one of one
        let err = f
            .deserialize::<RangeFrom<i32>>(&f.serialize(&(1i32..4)).unwrap())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{name}");
        assert!(
            err.to_string().contains("2 elements") && err.to_string().contains("RangeFrom"),
            "{name}: {err}"
        );
        // a null reads as RangeFull, as it does as ()
        f.deserialize::<RangeFull>(&f.serialize(&None::<i32>).unwrap())
            .unwrap();
        let list = vec![..1u16, ..2];
        assert_eq!(round_trip(&f, &list), list, "{name}");
    }
    truncations_are_errors(&(5i64..));
    truncations_are_errors(&(..="end".to_string()));
}

// ----- BytesMut -----

#[test]
fn bytes_mut_is_binary_as_vec_and_bytes() {
    let data = vec![0u8, 1, 2, 254, 255];
    same_bytes_as(&BytesMut::from(&data[..]), &data);
    same_bytes_as(&BytesMut::new(), &Vec::<u8>::new());
    for (name, f) in fory_tests::configs() {
        // as `Bytes`, but for the ref id a `Bytes` (which may be shared)
        // takes under ref tracking in native mode
        let ours = f.serialize(&BytesMut::from(&data[..])).unwrap();
        let shared = f.serialize(&Bytes::from(data.clone())).unwrap();
        assert_eq!(ours[2..], shared[2..], "{name}");
        assert_eq!(f.deserialize::<Bytes>(&ours).unwrap(), data, "{name}");
        assert_eq!(f.deserialize::<BytesMut>(&shared).unwrap(), data, "{name}");
        // out of band: the same buffer offered, and read back (a copy)
        let held = BytesMut::from(&data[..]);
        let mut ours = Vec::new();
        let main = f.serialize_with_callback(&held, &mut ours).unwrap();
        let mut theirs = Vec::new();
        let main2 = f.serialize_with_callback(&data, &mut theirs).unwrap();
        assert_eq!(main, main2, "{name}");
        assert_eq!(ours.len(), 1, "{name}");
        assert_eq!(&*ours[0].getbuffer(), &data[..], "{name}");
        let buffers: Vec<Bytes> = ours.iter().map(|b| b.to_buffer()).collect();
        let back: BytesMut = f.deserialize_with_buffers(&main, buffers).unwrap();
        assert_eq!(&back[..], &data[..], "{name}");
    }
    truncations_are_errors(&BytesMut::from(&b"abc"[..]));
}

// ----- C strings -----

#[test]
fn c_strings_are_binary_without_the_nul() {
    let text = CString::new("hello, C").unwrap();
    same_bytes_as(&text, &b"hello, C".to_vec());
    same_bytes_as(&CString::default(), &Vec::<u8>::new());
    let boxed: Box<CStr> = text.clone().into_boxed_c_str();
    same_bytes_as(&boxed, &b"hello, C".to_vec());
    for (name, f) in fory_tests::configs() {
        let bytes = f.serialize(&text).unwrap();
        // a borrowed CStr writes the same
        assert_eq!(f.serialize(text.as_c_str()).unwrap(), bytes, "{name}");
        assert_eq!(f.serialize(&&*text).unwrap(), bytes, "{name}");
        let rc: Rc<CStr> = f.deserialize(&bytes).unwrap();
        assert_eq!(&*rc, text.as_c_str(), "{name}");
        let arc: Arc<CStr> = f.deserialize(&bytes).unwrap();
        assert_eq!(&*arc, text.as_c_str(), "{name}");
        // an Rc writes its contents (with a ref id under ref tracking,
        // as any Rc)
        assert_eq!(f.serialize(&rc).unwrap()[2..], bytes[2..], "{name}");
        // shared ones stay shared under ref tracking
        let two = vec![arc.clone(), arc];
        let back: Vec<Arc<CStr>> = round_trip(&f, &two);
        assert_eq!(&*back[1], text.as_c_str(), "{name}");
        if name.ends_with("true") {
            assert!(Arc::ptr_eq(&back[0], &back[1]), "{name}");
        }
        // out of band, as a Vec<u8>
        let mut objs = Vec::new();
        let main = f.serialize_with_callback(&text, &mut objs).unwrap();
        assert_eq!(&*objs[0].getbuffer(), text.as_bytes(), "{name}");
        let views: Vec<_> = objs.iter().map(|b| b.getbuffer()).collect();
        let back: CString = f.deserialize_with_buffers(&main, views).unwrap();
        assert_eq!(back, text, "{name}");
    }
    truncations_are_errors(&text);
}

#[test]
fn a_zero_inside_is_no_c_string() {
    for (name, f) in fory_tests::configs() {
        let bytes = f.serialize(&b"ab\0cd".to_vec()).unwrap();
        let err = f.deserialize::<CString>(&bytes).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("CString") && text.contains("zero at position 2"),
            "{name}: {err}"
        );
        let err = f.deserialize::<Box<CStr>>(&bytes).unwrap_err();
        assert!(
            err.to_string().contains("Box<std::ffi::CStr>"),
            "{name}: {err}"
        );
        let err = f.deserialize::<Rc<CStr>>(&bytes).unwrap_err();
        assert!(err.to_string().contains("position 2"), "{name}: {err}");
        // a trailing nul is inside the bytes too
        let bytes = f.serialize(&b"end\0".to_vec()).unwrap();
        let err = f.deserialize::<Arc<CStr>>(&bytes).unwrap_err();
        assert!(err.to_string().contains("position 3"), "{name}: {err}");
        // not binary at all
        let err = f
            .deserialize::<CString>(&f.serialize(&"text".to_string()).unwrap())
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{name}");
    }
}

// ----- std::cmp::Ordering -----

#[test]
fn orderings_are_int8() {
    for (name, f) in fory_tests::configs() {
        for (o, v) in [
            (Ordering::Less, -1i8),
            (Ordering::Equal, 0),
            (Ordering::Greater, 1),
        ] {
            let bytes = f.serialize(&o).unwrap();
            assert_eq!(bytes, f.serialize(&v).unwrap(), "{name}");
            // INT8 (2), then the byte
            assert_eq!(bytes[bytes.len() - 2..], [2, v as u8], "{name}");
            assert_eq!(f.deserialize::<Ordering>(&bytes).unwrap(), o, "{name}");
            // a peer's int (VARINT64) reads too
            assert_eq!(
                f.deserialize::<Ordering>(&f.serialize(&(v as i64)).unwrap())
                    .unwrap(),
                o,
                "{name}"
            );
        }
        let mut bad = f.serialize(&Ordering::Greater).unwrap();
        *bad.last_mut().unwrap() = 5;
        let err = f.deserialize::<Ordering>(&bad).unwrap_err();
        assert!(
            err.to_string().contains("Ordering") && err.to_string().contains("5 at byte"),
            "{name}: {err}"
        );
        let err = f
            .deserialize::<Ordering>(&f.serialize(&-2i64).unwrap())
            .unwrap_err();
        assert!(err.to_string().contains("-2"), "{name}: {err}");
        let list = vec![Ordering::Less, Ordering::Greater, Ordering::Equal];
        assert_eq!(round_trip(&f, &list), list, "{name}");
    }
    truncations_are_errors(&Ordering::Less);
}

// ----- as struct fields -----

mod rec {
    use super::*;

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct More {
        pub from: RangeFrom<i64>,
        pub to: RangeTo<u16>,
        pub to_incl: RangeToInclusive<char>,
        pub full: RangeFull,
        pub raw: BytesMut,
        pub name: CString,
        pub boxed: Box<CStr>,
        pub rc: Rc<CStr>,
        pub arc: Arc<CStr>,
        pub once: OnceCell<String>,
        pub lock: OnceLock<i32>,
        pub empty: OnceCell<i32>,
        pub ord: Ordering,
        pub ords: Vec<Ordering>,
        pub maybe_ord: Option<Ordering>,
        pub tail: u8,
    }

    /// [`More`] with the types it mirrors.
    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Twin {
        pub from: (i64,),
        pub to: (u16,),
        pub to_incl: (char,),
        pub full: (),
        pub raw: Vec<u8>,
        pub name: Vec<u8>,
        pub boxed: Vec<u8>,
        // shared pointers: ref flags as fields
        pub rc: Rc<[u8]>,
        pub arc: Arc<[u8]>,
        pub once: Option<String>,
        pub lock: Option<i32>,
        pub empty: Option<i32>,
        pub ord: i8,
        // a Vec<i8> is a dense array: the list of orderings is its own
        pub ords: Vec<Ordering>,
        pub maybe_ord: Option<i8>,
        pub tail: u8,
    }

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Bounds {
        pub low: Bound<i32>,
        pub high: Bound<String>,
        pub all: Vec<Bound<u8>>,
        pub maybe: Option<Bound<i64>>,
    }

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct BoundsTwin {
        pub low: B<i32>,
        pub high: B<String>,
        pub all: Vec<B<u8>>,
        pub maybe: Option<B<i64>>,
    }
}

fn more() -> rec::More {
    rec::More {
        from: -4..,
        to: ..9,
        to_incl: ..='q',
        full: ..,
        raw: BytesMut::from(&b"\x00raw\xff"[..]),
        name: CString::new("name").unwrap(),
        boxed: CString::new("boxed").unwrap().into_boxed_c_str(),
        rc: Rc::from(CString::new("rc").unwrap()),
        arc: Arc::from(CString::default()),
        once: OnceCell::from("once".to_string()),
        lock: OnceLock::from(-8),
        empty: OnceCell::new(),
        ord: Ordering::Less,
        ords: vec![Ordering::Greater, Ordering::Equal],
        maybe_ord: Some(Ordering::Greater),
        tail: 9,
    }
}

fn twin() -> rec::Twin {
    rec::Twin {
        from: (-4,),
        to: (9,),
        to_incl: ('q',),
        full: (),
        raw: b"\x00raw\xff".to_vec(),
        name: b"name".to_vec(),
        boxed: b"boxed".to_vec(),
        rc: Rc::from(&b"rc"[..]),
        arc: Arc::from(&b""[..]),
        once: Some("once".into()),
        lock: Some(-8),
        empty: None,
        ord: -1,
        ords: vec![Ordering::Greater, Ordering::Equal],
        maybe_ord: Some(1),
        tail: 9,
    }
}

#[test]
fn the_new_types_are_struct_fields_with_the_bytes_of_their_twins() {
    let (v, t) = (more(), twin());
    for (xlang, compatible, refs) in layouts() {
        let how = format!("xlang {xlang} compatible {compatible} refs {refs}");
        let (f, g) = pair::<rec::More, rec::Twin>(xlang, compatible, refs);
        assert_eq!(round_trip(&f, &v), v, "{how}");
        let list = vec![v.clone(), v.clone()];
        assert_eq!(round_trip(&f, &list), list, "{how}");
        let (ours, theirs) = (f.serialize(&v).unwrap(), g.serialize(&t).unwrap());
        assert_eq!(
            fory_tests::to_hex(&ours),
            fory_tests::to_hex(&theirs),
            "{how}"
        );
        assert_eq!(f.deserialize::<rec::More>(&theirs).unwrap(), v, "{how}");
        assert_eq!(g.deserialize::<rec::Twin>(&ours).unwrap(), t, "{how}");
        for cut in 0..ours.len() {
            assert!(f.deserialize::<rec::More>(&ours[..cut]).is_err(), "{how}");
        }
    }
}

#[test]
fn missing_fields_take_the_zero_values() {
    // a compatible stream of a struct with none of More's fields but the
    // tail: each takes its zero value (the half-open ranges from the
    // zero, empty bytes and strings and cells, Equal)
    #[derive(ForyObject, Debug)]
    struct Tail {
        tail: u8,
    }
    for xlang in [false, true] {
        let (f, g) = pair::<rec::More, Tail>(xlang, true, false);
        let back: rec::More = f
            .deserialize(&g.serialize(&Tail { tail: 3 }).unwrap())
            .unwrap();
        assert_eq!(back.from, 0..);
        assert_eq!(back.to_incl, ..='\0');
        assert!(back.raw.is_empty() && back.name.is_empty() && back.rc.is_empty());
        assert_eq!(back.once.get(), None);
        assert_eq!(back.ord, Ordering::Equal);
        assert_eq!(back.tail, 3);
    }
}

#[test]
fn missing_bound_fields_read_as_unbounded() {
    // `Unbounded` is a Bound's null case: a compatible stream lacking a
    // Bound field fills it with no bound, as `None` fills an `Option`
    #[derive(ForyObject, Debug, PartialEq)]
    struct Old {
        id: u32,
    }
    #[derive(ForyObject, Debug, PartialEq)]
    struct New {
        id: u32,
        low: Bound<i32>,
        high: Bound<String>,
        all: Vec<Bound<u8>>,
    }
    for xlang in [false, true] {
        let (f, g) = pair::<New, Old>(xlang, true, false);
        let back: New = f
            .deserialize(&g.serialize(&Old { id: 7 }).unwrap())
            .unwrap();
        let want = New {
            id: 7,
            low: Bound::Unbounded,
            high: Bound::Unbounded,
            all: Vec::new(),
        };
        assert_eq!(back, want, "xlang {xlang}");
        // and the other way: the older reader skips the bounds
        let full = New {
            id: 9,
            low: Bound::Included(-3),
            high: Bound::Excluded("z".into()),
            all: vec![Bound::Unbounded, Bound::Included(1)],
        };
        let old: Old = g.deserialize(&f.serialize(&full).unwrap()).unwrap();
        assert_eq!(old, Old { id: 9 }, "xlang {xlang}");
    }
}

#[test]
fn bounds_are_struct_fields_with_the_bytes_of_derived_enums() {
    let v = rec::Bounds {
        low: Bound::Included(-1),
        high: Bound::Unbounded,
        all: vec![Bound::Excluded(2), Bound::Unbounded, Bound::Included(0)],
        maybe: Some(Bound::Excluded(1 << 40)),
    };
    let t = rec::BoundsTwin {
        low: B::Included(-1),
        high: B::Unbounded,
        all: vec![B::Excluded(2), B::Unbounded, B::Included(0)],
        maybe: Some(B::Excluded(1 << 40)),
    };
    for (xlang, compatible, refs) in layouts() {
        let how = format!("xlang {xlang} compatible {compatible} refs {refs}");
        let build = |twin: bool| {
            let mut f = Fory::builder()
                .xlang(xlang)
                .compatible(compatible)
                .ref_tracking(refs)
                .build();
            f.register::<B<i32>>(91).unwrap();
            f.register::<B<String>>(92).unwrap();
            f.register::<B<u8>>(93).unwrap();
            f.register::<B<i64>>(94).unwrap();
            if twin {
                f.register::<rec::BoundsTwin>(95).unwrap();
            } else {
                f.register::<rec::Bounds>(95).unwrap();
            }
            f
        };
        let (f, g) = (build(false), build(true));
        assert_eq!(round_trip(&f, &v), v, "{how}");
        let (ours, theirs) = (f.serialize(&v).unwrap(), g.serialize(&t).unwrap());
        // schema-consistent: the same bytes (compatible TypeDefs name the
        // field types: UNION against TYPED_UNION)
        if !compatible {
            assert_eq!(ours, theirs, "{how}");
        }
        assert_eq!(f.deserialize::<rec::Bounds>(&theirs).unwrap(), v, "{how}");
        assert_eq!(g.deserialize::<rec::BoundsTwin>(&ours).unwrap(), t, "{how}");
    }
}
