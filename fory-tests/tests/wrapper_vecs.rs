//! Sequences of the types that are a plain number's bytes — the atomics,
//! `std::cmp::Ordering` (an `i8`), `Wrapping`, `Saturating`, `Reverse`,
//! `Cell` and the `NonZero` integers — are the plain type's sequences on
//! the wire: a `Vec`, boxed slice, array or `SmallVec` of them is the
//! plain type's dense array (`Vec<i32>`: INT32_ARRAY, `Vec<u8>`: BINARY,
//! `Vec<bool>`: BOOL_ARRAY) with the same bytes, the same out-of-band
//! buffers, and as a struct field the same TypeDef and schema hash. They
//! still read the LIST their older versions wrote; bad values in a dense
//! array are errors naming the problem.

use std::cell::Cell;
use std::cmp::{Ordering, Reverse};
use std::collections::VecDeque;
use std::fmt::Debug;
use std::num::{
    NonZeroI16, NonZeroI32, NonZeroI64, NonZeroI8, NonZeroIsize, NonZeroU128, NonZeroU16,
    NonZeroU32, NonZeroU64, NonZeroU8, NonZeroUsize, Saturating, Wrapping,
};
use std::rc::Rc;
use std::sync::atomic::{
    AtomicBool, AtomicI16, AtomicI32, AtomicI64, AtomicI8, AtomicIsize, AtomicU16, AtomicU32,
    AtomicU64, AtomicU8, AtomicUsize, Ordering::Relaxed,
};

use bytes::Bytes;
use fory_buffers::BufferKind;
use fory_core::smallvec::SmallVec;
use fory_core::{Deserialize, Fory, Serialize};

/// Every setting: (xlang, xlang array buffers, compatible, ref tracking):
/// native and xlang (with and without array buffers), schema-consistent
/// and compatible, with and without ref tracking.
fn settings() -> Vec<(bool, bool, bool, bool)> {
    let mut out = Vec::new();
    for (xlang, arrays) in [(false, false), (true, false), (true, true)] {
        for compatible in [false, true] {
            for refs in [false, true] {
                out.push((xlang, arrays, compatible, refs));
            }
        }
    }
    out
}

fn build((xlang, arrays, compatible, refs): (bool, bool, bool, bool)) -> Fory {
    Fory::builder()
        .xlang(xlang)
        .xlang_array_buffers(arrays)
        .compatible(compatible)
        .ref_tracking(refs)
        .build()
}

fn describe((xlang, arrays, compatible, refs): (bool, bool, bool, bool)) -> String {
    format!("xlang={xlang} array_buffers={arrays} compatible={compatible} refs={refs}")
}

/// A `Fory` of every setting, described.
fn configs() -> Vec<(String, Fory)> {
    settings()
        .into_iter()
        .map(|s| (describe(s), build(s)))
        .collect()
}

/// What the buffer callback saw: each buffer's kind and bytes.
type Offered = Vec<(BufferKind, Vec<u8>)>;

/// `v` serialized with a callback that keeps every buffer out of band
/// (`out`) or in band.
fn with_callback<T: Serialize>(f: &Fory, v: &T, out: bool) -> (Vec<u8>, Offered) {
    let mut seen = Vec::new();
    let data = f
        .serialize_with_callback(v, |b: fory_buffers::BufferObject<'_>| {
            seen.push((b.kind(), b.getbuffer().to_vec()));
            !out
        })
        .unwrap();
    (data, seen)
}

/// `ours` (a sequence of wrappers) writes exactly what `theirs` (the
/// plain sequence) writes in every configuration, in band and with every
/// buffer offered out of band, and each reads back from the other's bytes
/// (`plain` turns ours into theirs to compare).
fn mirrors<W, P>(what: &str, ours: &W, theirs: &P, plain: impl Fn(&W) -> P)
where
    W: Serialize + Deserialize,
    P: Serialize + Deserialize + PartialEq + Debug,
{
    assert_eq!(plain(ours), *theirs, "{what}: the test's values");
    for (how, f) in configs() {
        let a = f.serialize(ours).unwrap();
        let b = f.serialize(theirs).unwrap();
        assert_eq!(
            fory_tests::to_hex(&a),
            fory_tests::to_hex(&b),
            "{what}, {how}: {theirs:?}"
        );
        assert_eq!(
            plain(&f.deserialize::<W>(&b).unwrap()),
            *theirs,
            "{what}, {how}"
        );
        assert_eq!(f.deserialize::<P>(&a).unwrap(), *theirs, "{what}, {how}");
        for out in [false, true] {
            let (da, oa) = with_callback(&f, ours, out);
            let (db, ob) = with_callback(&f, theirs, out);
            assert_eq!(da, db, "{what}, {how}, out of band {out}");
            assert_eq!(
                oa, ob,
                "{what}, {how}, out of band {out}: the buffers offered"
            );
            let given = |o: &Offered| -> Vec<Bytes> {
                if out {
                    o.iter().map(|(_, b)| Bytes::from(b.clone())).collect()
                } else {
                    Vec::new()
                }
            };
            let back: W = f.deserialize_with_buffers(&db, given(&ob)).unwrap();
            assert_eq!(plain(&back), *theirs, "{what}, {how}, out of band {out}");
        }
    }
}

/// The LIST a sequence of wrappers used to write (what a `VecDeque` of
/// the plain type writes, the same element type info and data) reads into
/// each sequence of wrappers.
fn reads_the_list<W, P>(what: &str, theirs: &[P], plain: impl Fn(&W) -> P)
where
    W: Deserialize,
    P: Serialize + Deserialize + PartialEq + Debug + Clone,
{
    for (how, f) in configs() {
        let list = f
            .serialize(&theirs.iter().cloned().collect::<VecDeque<P>>())
            .unwrap();
        let v: Vec<W> = f.deserialize(&list).unwrap();
        assert_eq!(
            v.iter().map(&plain).collect::<Vec<_>>(),
            theirs,
            "{what}, {how}"
        );
        let b: Box<[W]> = f.deserialize(&list).unwrap();
        assert_eq!(
            b.iter().map(&plain).collect::<Vec<_>>(),
            theirs,
            "{what}, {how}"
        );
        let s: SmallVec<[W; 2]> = f.deserialize(&list).unwrap();
        assert_eq!(
            s.iter().map(&plain).collect::<Vec<_>>(),
            theirs,
            "{what}, {how}"
        );
    }
}

/// For a wrapper `$w` of the plain `$p`: a `Vec`, an empty `Vec`, a boxed
/// slice, an `Rc<[..]>`, an array and a `SmallVec` (spilled and inline)
/// of wrappers are those of the plain values; a `VecDeque` (a LIST for
/// both) too; and the old LIST reads.
macro_rules! check_mirror {
    ($($w:ty => $p:ty, $wrap:expr, $peel:expr, [$($v:expr),+ $(,)?];)*) => {$({
        let what = concat!(stringify!($w), " as ", stringify!($p));
        let wrap: fn($p) -> $w = $wrap;
        let peel: fn(&$w) -> $p = $peel;
        let plain: Vec<$p> = vec![$($v),+];
        let ours: Vec<$w> = plain.iter().copied().map(wrap).collect();
        mirrors(what, &ours, &plain, |w| w.iter().map(peel).collect());
        mirrors(what, &Vec::<$w>::new(), &Vec::<$p>::new(), |w| w.iter().map(peel).collect());
        let boxed: Box<[$w]> = plain.iter().copied().map(wrap).collect();
        mirrors(what, &boxed, &plain.clone().into_boxed_slice(), |w| {
            w.iter().map(peel).collect()
        });
        let shared: Rc<[$w]> = plain.iter().copied().map(wrap).collect();
        mirrors(what, &shared, &Rc::<[$p]>::from(plain.clone()), |w| {
            w.iter().map(peel).collect()
        });
        let array: [$w; 3] = std::array::from_fn(|i| wrap(plain[i]));
        let plain_array: [$p; 3] = std::array::from_fn(|i| plain[i]);
        mirrors(what, &array, &plain_array, |w| std::array::from_fn(|i| peel(&w[i])));
        let spilled: SmallVec<[$w; 2]> = plain.iter().copied().map(wrap).collect();
        let plain_spilled: SmallVec<[$p; 2]> = plain.iter().copied().collect();
        mirrors(what, &spilled, &plain_spilled, |w| w.iter().map(peel).collect());
        let inline: SmallVec<[$w; 8]> = plain.iter().copied().map(wrap).collect();
        let plain_inline: SmallVec<[$p; 8]> = plain.iter().copied().collect();
        mirrors(what, &inline, &plain_inline, |w| w.iter().map(peel).collect());
        let deque: VecDeque<$w> = plain.iter().copied().map(wrap).collect();
        let plain_deque: VecDeque<$p> = plain.iter().copied().collect();
        mirrors(what, &deque, &plain_deque, |w| w.iter().map(peel).collect());
        reads_the_list::<$w, $p>(what, &plain, peel);
    })*};
}

#[test]
fn sequences_of_atomics_are_the_plain_types_sequences() {
    check_mirror! {
        AtomicBool => bool, AtomicBool::new, |a| a.load(Relaxed), [true, false, true, true];
        AtomicI8 => i8, AtomicI8::new, |a| a.load(Relaxed), [i8::MIN, -1, 0, i8::MAX];
        AtomicI16 => i16, AtomicI16::new, |a| a.load(Relaxed), [i16::MIN, 300, 0];
        AtomicI32 => i32, AtomicI32::new, |a| a.load(Relaxed), [i32::MIN, -5, 1 << 20, i32::MAX];
        AtomicI64 => i64, AtomicI64::new, |a| a.load(Relaxed), [i64::MIN, -(1 << 40), 0, i64::MAX];
        AtomicIsize => isize, AtomicIsize::new, |a| a.load(Relaxed), [isize::MIN, -7, isize::MAX];
        AtomicU8 => u8, AtomicU8::new, |a| a.load(Relaxed), [0, 7, 255];
        AtomicU16 => u16, AtomicU16::new, |a| a.load(Relaxed), [0, 1, u16::MAX];
        AtomicU32 => u32, AtomicU32::new, |a| a.load(Relaxed), [0, 1 << 31, u32::MAX];
        AtomicU64 => u64, AtomicU64::new, |a| a.load(Relaxed), [0, 1 << 63, u64::MAX, 5];
        AtomicUsize => usize, AtomicUsize::new, |a| a.load(Relaxed), [0, 12_345, usize::MAX];
    }
}

#[test]
fn sequences_of_orderings_are_i8_sequences() {
    use Ordering::{Equal, Greater, Less};
    fn of(v: i8) -> Ordering {
        v.cmp(&0)
    }
    check_mirror! {
        Ordering => i8, of, |o| *o as i8, [-1, 0, 1, 1, -1];
    }
    assert_eq!([of(-1), of(0), of(1)], [Less, Equal, Greater]);
}

#[test]
fn sequences_of_value_wrappers_are_the_plain_types_sequences() {
    check_mirror! {
        Wrapping<i32> => i32, Wrapping, |w| w.0, [i32::MIN, -1, 0, 7];
        Wrapping<u8> => u8, Wrapping, |w| w.0, [0, 1, 255];
        Wrapping<u64> => u64, Wrapping, |w| w.0, [u64::MAX, 0, 1 << 40];
        Wrapping<bool> => bool, Wrapping, |w| w.0, [true, false, false];
        Wrapping<usize> => usize, Wrapping, |w| w.0, [usize::MAX, 0, 3];
        Saturating<i16> => i16, Saturating, |w| w.0, [i16::MIN, 0, i16::MAX];
        Saturating<u32> => u32, Saturating, |w| w.0, [u32::MAX, 0, 9];
        Reverse<f64> => f64, Reverse, |w| w.0, [1.5, -0.0, f64::MAX];
        Reverse<f32> => f32, Reverse, |w| w.0, [1.5, f32::MIN, 2.0];
        Reverse<i8> => i8, Reverse, |w| w.0, [-8, 0, 8];
        Cell<i64> => i64, Cell::new, |c| c.get(), [i64::MIN, 0, 1 << 50];
        Cell<u8> => u8, Cell::new, |c| c.get(), [0, 128, 255];
        Cell<bool> => bool, Cell::new, |c| c.get(), [false, true, false];
        Cell<u16> => u16, Cell::new, |c| c.get(), [1, 2, u16::MAX];
        Cell<isize> => isize, Cell::new, |c| c.get(), [isize::MIN, 0, 1];
        Cell<f32> => f32, Cell::new, |c| c.get(), [0.25, -1.0, 3.0];
    }
}

#[test]
fn sequences_of_non_zero_integers_are_the_integers_sequences() {
    fn nz<T: TryFrom<P>, P>(v: P) -> T {
        T::try_from(v).ok().unwrap()
    }
    check_mirror! {
        NonZeroU8 => u8, nz, |v| v.get(), [1, 128, 255];
        NonZeroU16 => u16, nz, |v| v.get(), [1, u16::MAX, 3];
        NonZeroU32 => u32, nz, |v| v.get(), [u32::MAX, 1, 70_000];
        NonZeroU64 => u64, nz, |v| v.get(), [u64::MAX, 1, 1 << 40];
        NonZeroUsize => usize, nz, |v| v.get(), [usize::MAX, 1, 2];
        NonZeroI8 => i8, nz, |v| v.get(), [i8::MIN, -1, i8::MAX];
        NonZeroI16 => i16, nz, |v| v.get(), [i16::MIN, 1, 2];
        NonZeroI32 => i32, nz, |v| v.get(), [i32::MIN, -1, i32::MAX];
        NonZeroI64 => i64, nz, |v| v.get(), [i64::MIN, 5, i64::MAX];
        NonZeroIsize => isize, nz, |v| v.get(), [isize::MIN, -2, isize::MAX];
        // u128 has no dense array: a LIST of decimals for both
        NonZeroU128 => u128, nz, |v| v.get(), [1, u128::MAX, 1 << 100];
    }
}

/// Wrappers of a type with no dense array keep the LIST, as that type's
/// `Vec` does.
#[test]
fn wrappers_of_other_types_stay_lists() {
    let words = vec!["a".to_string(), "ü".to_string(), String::new()];
    let reversed: Vec<Reverse<String>> = words.iter().cloned().map(Reverse).collect();
    mirrors("Reverse<String>", &reversed, &words, |w| {
        w.iter().map(|r| r.0.clone()).collect()
    });
    let chars = vec!['x', 'ß'];
    let cells: Vec<Cell<char>> = chars.iter().copied().map(Cell::new).collect();
    mirrors("Cell<char>", &cells, &chars, |w| {
        w.iter().map(Cell::get).collect()
    });
}

mod plain {
    use fory_core::smallvec::SmallVec;
    use fory_core::ForyObject;

    #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
    pub struct Mirrors {
        pub flags: Vec<bool>,
        pub hits: Vec<i32>,
        pub totals: Vec<u64>,
        pub raw: Vec<u8>,
        pub offsets: Vec<isize>,
        pub votes: Vec<i8>,
        pub wrapped: Vec<i32>,
        pub saturated: Vec<i16>,
        pub reversed: Vec<f64>,
        pub cells: Vec<u8>,
        pub bits: Vec<bool>,
        pub ids: Vec<u32>,
        pub tiny: Vec<u8>,
        pub boxed: Box<[i64]>,
        pub fixed: [u16; 3],
        pub small: SmallVec<[f32; 2]>,
        pub maybe: Option<Vec<i64>>,
        pub words: Vec<String>,
        pub tail: String,
    }

    /// What the older versions of the wrappers' struct declared: LISTs.
    #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
    pub struct Lists {
        pub hits: std::collections::VecDeque<i32>,
        pub votes: std::collections::VecDeque<i8>,
        pub ids: std::collections::VecDeque<u32>,
        pub raw: std::collections::VecDeque<u8>,
    }
}

mod wrapped {
    use std::cell::Cell;
    use std::cmp::{Ordering, Reverse};
    use std::num::{NonZeroU32, NonZeroU8, Saturating, Wrapping};
    use std::sync::atomic::{AtomicBool, AtomicI32, AtomicIsize, AtomicU64, AtomicU8};

    use fory_core::smallvec::SmallVec;
    use fory_core::ForyObject;

    #[derive(ForyObject, Debug)]
    pub struct Mirrors {
        pub flags: Vec<AtomicBool>,
        pub hits: Vec<AtomicI32>,
        pub totals: Vec<AtomicU64>,
        pub raw: Vec<AtomicU8>,
        pub offsets: Vec<AtomicIsize>,
        pub votes: Vec<Ordering>,
        pub wrapped: Vec<Wrapping<i32>>,
        pub saturated: Vec<Saturating<i16>>,
        pub reversed: Vec<Reverse<f64>>,
        pub cells: Vec<Cell<u8>>,
        pub bits: Vec<Wrapping<bool>>,
        pub ids: Vec<NonZeroU32>,
        pub tiny: Vec<NonZeroU8>,
        pub boxed: Box<[Cell<i64>]>,
        pub fixed: [Wrapping<u16>; 3],
        pub small: SmallVec<[Reverse<f32>; 2]>,
        pub maybe: Option<Vec<Cell<i64>>>,
        pub words: Vec<Reverse<String>>,
        pub tail: String,
    }

    /// The struct the older versions read the wrappers' LISTs into.
    #[derive(ForyObject, Debug)]
    pub struct Lists {
        pub hits: Vec<AtomicI32>,
        pub votes: Vec<Ordering>,
        pub ids: Vec<NonZeroU32>,
        pub raw: Vec<Cell<u8>>,
    }
}

fn loads<A, T>(v: &[A], load: impl Fn(&A) -> T) -> Vec<T> {
    v.iter().map(load).collect()
}

impl wrapped::Mirrors {
    fn of(p: &plain::Mirrors) -> Self {
        let nz32 = |v: &u32| NonZeroU32::new(*v).unwrap();
        let nz8 = |v: &u8| NonZeroU8::new(*v).unwrap();
        wrapped::Mirrors {
            flags: p.flags.iter().map(|v| AtomicBool::new(*v)).collect(),
            hits: p.hits.iter().map(|v| AtomicI32::new(*v)).collect(),
            totals: p.totals.iter().map(|v| AtomicU64::new(*v)).collect(),
            raw: p.raw.iter().map(|v| AtomicU8::new(*v)).collect(),
            offsets: p.offsets.iter().map(|v| AtomicIsize::new(*v)).collect(),
            votes: p.votes.iter().map(|v| v.cmp(&0)).collect(),
            wrapped: p.wrapped.iter().copied().map(Wrapping).collect(),
            saturated: p.saturated.iter().copied().map(Saturating).collect(),
            reversed: p.reversed.iter().copied().map(Reverse).collect(),
            cells: p.cells.iter().copied().map(Cell::new).collect(),
            bits: p.bits.iter().copied().map(Wrapping).collect(),
            ids: p.ids.iter().map(nz32).collect(),
            tiny: p.tiny.iter().map(nz8).collect(),
            boxed: p.boxed.iter().copied().map(Cell::new).collect(),
            fixed: p.fixed.map(Wrapping),
            small: p.small.iter().copied().map(Reverse).collect(),
            maybe: p
                .maybe
                .as_ref()
                .map(|v| v.iter().copied().map(Cell::new).collect()),
            words: p.words.iter().cloned().map(Reverse).collect(),
            tail: p.tail.clone(),
        }
    }

    fn plain(&self) -> plain::Mirrors {
        plain::Mirrors {
            flags: loads(&self.flags, |a| a.load(Relaxed)),
            hits: loads(&self.hits, |a| a.load(Relaxed)),
            totals: loads(&self.totals, |a| a.load(Relaxed)),
            raw: loads(&self.raw, |a| a.load(Relaxed)),
            offsets: loads(&self.offsets, |a| a.load(Relaxed)),
            votes: loads(&self.votes, |o| *o as i8),
            wrapped: loads(&self.wrapped, |w| w.0),
            saturated: loads(&self.saturated, |w| w.0),
            reversed: loads(&self.reversed, |w| w.0),
            cells: loads(&self.cells, Cell::get),
            bits: loads(&self.bits, |w| w.0),
            ids: loads(&self.ids, |v| v.get()),
            tiny: loads(&self.tiny, |v| v.get()),
            boxed: loads(&self.boxed, Cell::get).into_boxed_slice(),
            fixed: self.fixed.map(|w| w.0),
            small: self.small.iter().map(|w| w.0).collect(),
            maybe: self.maybe.as_ref().map(|v| loads(v, Cell::get)),
            words: loads(&self.words, |w| w.0.clone()),
            tail: self.tail.clone(),
        }
    }
}

/// `A` and `B` registered in twin `Fory`s of each setting, under one id
/// or under one name; the setting's compatible flag with each.
fn pairs<A: fory_core::UserType, B: fory_core::UserType>() -> Vec<(String, bool, Fory, Fory)> {
    let mut out = Vec::new();
    for s in settings() {
        for by_name in [false, true] {
            let (mut f, mut g) = (build(s), build(s));
            if by_name {
                f.register_by_name::<A>("test", "Mirrors").unwrap();
                g.register_by_name::<B>("test", "Mirrors").unwrap();
            } else {
                f.register::<A>(91).unwrap();
                g.register::<B>(91).unwrap();
            }
            out.push((format!("{} by_name={by_name}", describe(s)), s.2, f, g));
        }
    }
    out
}

fn sample() -> plain::Mirrors {
    plain::Mirrors {
        flags: vec![true, false, true],
        hits: vec![1, -2, i32::MAX],
        totals: vec![u64::MAX, 0],
        raw: vec![0, 7, 255],
        offsets: vec![isize::MIN, 3],
        votes: vec![-1, 0, 1],
        wrapped: vec![i32::MIN, 5],
        saturated: vec![i16::MAX],
        reversed: vec![0.5, -2.0],
        cells: vec![9, 8, 7, 6],
        bits: vec![false],
        ids: vec![1, u32::MAX],
        tiny: vec![255, 1],
        boxed: vec![i64::MIN, 1].into_boxed_slice(),
        fixed: [1, 2, u16::MAX],
        small: [1.0f32, 2.0, 3.0].into_iter().collect(),
        maybe: Some(vec![4, 5]),
        words: vec!["w".into()],
        tail: "end".into(),
    }
}

#[test]
fn struct_fields_of_wrapper_vecs_are_the_plain_fields() {
    let values = [sample(), plain::Mirrors::default()];
    for (how, _, f, g) in pairs::<wrapped::Mirrors, plain::Mirrors>() {
        for p in &values {
            let ours = f.serialize(&wrapped::Mirrors::of(p)).unwrap();
            let theirs = g.serialize(p).unwrap();
            // the same TypeDef (compatible) or schema hash, and data
            assert_eq!(
                fory_tests::to_hex(&ours),
                fory_tests::to_hex(&theirs),
                "{how}"
            );
            let back: wrapped::Mirrors = f.deserialize(&theirs).unwrap();
            assert_eq!(back.plain(), *p, "{how}");
            assert_eq!(g.deserialize::<plain::Mirrors>(&ours).unwrap(), *p, "{how}");
            for out in [false, true] {
                let (da, oa) = with_callback(&f, &wrapped::Mirrors::of(p), out);
                let (db, ob) = with_callback(&g, p, out);
                assert_eq!(da, db, "{how}, out of band {out}");
                assert_eq!(oa, ob, "{how}, out of band {out}: the buffers offered");
                if how.starts_with("xlang=false") && !p.hits.is_empty() {
                    // native mode offers each of the 17 dense arrays
                    // (BINARY included)
                    assert_eq!(oa.len(), 17, "{how}, out of band {out}");
                }
                let given: Vec<Bytes> = if out {
                    ob.iter().map(|(_, b)| Bytes::from(b.clone())).collect()
                } else {
                    Vec::new()
                };
                let back: wrapped::Mirrors = f.deserialize_with_buffers(&db, given).unwrap();
                assert_eq!(back.plain(), *p, "{how}, out of band {out}");
            }
        }
    }
}

/// A compatible-mode stream whose fields are LISTs (what the wrappers'
/// `Vec`s declared before they were dense arrays) still reads.
#[test]
fn older_list_fields_still_read() {
    let theirs = plain::Lists {
        hits: [1, -2, 3].into(),
        votes: [-1, 1].into(),
        ids: [7, u32::MAX].into(),
        raw: [0, 255].into(),
    };
    for (how, compatible, f, g) in pairs::<plain::Lists, wrapped::Lists>() {
        if !compatible {
            continue;
        }
        let back: wrapped::Lists = g.deserialize(&f.serialize(&theirs).unwrap()).unwrap();
        assert_eq!(loads(&back.hits, |a| a.load(Relaxed)), [1, -2, 3], "{how}");
        assert_eq!(back.votes, [Ordering::Less, Ordering::Greater], "{how}");
        assert_eq!(loads(&back.ids, |v| v.get()), [7, u32::MAX], "{how}");
        assert_eq!(loads(&back.raw, Cell::get), [0, 255], "{how}");
    }
}

/// The LIST bytes an older `Vec<AtomicI32>` and `Vec<Wrapping<u8>>`
/// wrote (xlang, no ref tracking), kept by hand: they still read.
#[test]
fn older_list_bytes_still_read() {
    let f = Fory::builder().xlang(true).build();
    // the stream's header (xlang), LIST, 3 elements, SAME_TYPE, VARINT32,
    // then 1, -2, 3 as zigzag varints
    let atomics = fory_tests::hex(OLD_ATOMIC_I32_LIST);
    let back: Vec<AtomicI32> = f.deserialize(&atomics).unwrap();
    assert_eq!(loads(&back, |a| a.load(Relaxed)), [1, -2, 3]);
    // LIST, 2 elements, SAME_TYPE, UINT8, 0, 255
    let bytes = fory_tests::hex(OLD_WRAPPING_U8_LIST);
    let back: Vec<Wrapping<u8>> = f.deserialize(&bytes).unwrap();
    assert_eq!(back, [Wrapping(0), Wrapping(255)]);
}

const OLD_ATOMIC_I32_LIST: &str = "01 ff 16 03 08 05 02 03 06";
const OLD_WRAPPING_U8_LIST: &str = "01 ff 16 02 08 09 00 ff";

/// A dense array of the plain type holding a value the wrapper cannot
/// hold is an error naming the problem, never a panic.
#[test]
fn bad_values_in_dense_arrays_are_errors() {
    for (how, f) in configs() {
        let zero = f.serialize(&vec![5u32, 0]).unwrap();
        let err = f
            .deserialize::<Vec<NonZeroU32>>(&zero)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("zero") && err.contains("NonZeroU32"),
            "{how}: {err}"
        );
        let err = f
            .deserialize::<SmallVec<[NonZeroU8; 4]>>(&f.serialize(&vec![0u8]).unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("zero") && err.contains("NonZeroU8"),
            "{how}: {err}"
        );
        let five = f.serialize(&vec![1i8, 5]).unwrap();
        let err = f
            .deserialize::<Vec<Ordering>>(&five)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains('5') && err.contains("Ordering"),
            "{how}: {err}"
        );
        let two = f.serialize(&vec![2u8]).unwrap();
        // a BINARY is no bool array
        assert!(f.deserialize::<Vec<AtomicBool>>(&two).is_err(), "{how}");
    }
}

/// A `Vec<AtomicU64>` written while another thread stores to its
/// elements: each element is one of the values stored (each loaded once,
/// `Relaxed`), the array has its length, in band and offered to the
/// buffer callback, in both modes. (No `unsafe` is on this path.)
#[test]
fn atomics_written_while_another_thread_stores() {
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;
    const N: usize = 1000;
    let v: Arc<Vec<AtomicU64>> = Arc::new((0..N).map(|_| AtomicU64::new(1)).collect());
    let stop = Arc::new(AtomicBool::new(false));
    let storer = {
        let (v, stop) = (v.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut odd = false;
            while !stop.load(Relaxed) {
                odd = !odd;
                for a in v.iter() {
                    a.store(if odd { u64::MAX } else { 1 }, Relaxed);
                }
            }
        })
    };
    let ok = |back: &[u64]| back.len() == N && back.iter().all(|&x| x == 1 || x == u64::MAX);
    for (xlang, arrays) in [(false, false), (true, false), (true, true)] {
        let f = Fory::builder()
            .xlang(xlang)
            .xlang_array_buffers(arrays)
            .build();
        for _ in 0..100 {
            let back: Vec<u64> = f.deserialize(&f.serialize(&*v).unwrap()).unwrap();
            assert!(ok(&back));
            let mut objs = Vec::new();
            let stream = f.serialize_with_callback(&*v, &mut objs).unwrap();
            let bufs: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
            let back: Vec<u64> = f.deserialize_with_buffers(&stream, bufs).unwrap();
            assert!(ok(&back));
        }
    }
    stop.store(true, Relaxed);
    storer.join().unwrap();
}

/// Wrappers of wrappers, of `Ordering` and `NonZero`, of half floats and
/// of `Option`s: the innermost plain type's sequences (a LIST for
/// `Option`s, as `Vec<Option<i32>>`).
#[test]
fn nested_wrappers_are_the_innermost_types_sequences() {
    use fory_core::half::{bf16, f16};
    fn nz(v: u32) -> NonZeroU32 {
        NonZeroU32::new(v).unwrap()
    }
    check_mirror! {
        Cell<Wrapping<i32>> => i32, |v| Cell::new(Wrapping(v)), |c| c.get().0, [i32::MIN, -1, 7];
        Reverse<Wrapping<u8>> => u8, |v| Reverse(Wrapping(v)), |r| r.0 .0, [0, 9, 255];
        Wrapping<Saturating<u64>> => u64, |v| Wrapping(Saturating(v)), |w| w.0 .0, [u64::MAX, 0, 3];
        Cell<NonZeroU32> => u32, |v| Cell::new(nz(v)), |c| c.get().get(), [1, u32::MAX, 5];
        Reverse<NonZeroU32> => u32, |v| Reverse(nz(v)), |r| r.0.get(), [1, 2, 3];
        Cell<Ordering> => i8, |v| Cell::new(v.cmp(&0)), |c| c.get() as i8, [-1, 0, 1];
        Reverse<f16> => f16, Reverse, |r| r.0, [f16::ONE, f16::NEG_ONE, f16::MAX];
        Cell<bf16> => bf16, Cell::new, |c| c.get(), [bf16::ONE, bf16::ZERO, bf16::MIN];
        Cell<Option<i32>> => Option<i32>, Cell::new, |c| c.get(), [Some(1), None, Some(-3)];
        Wrapping<Option<u8>> => Option<u8>, Wrapping, |w| w.0, [None, Some(255), None];
    }
}
