//! Compatible-mode reads across versions of one struct, every writer
//! version against every reader version. A reader one version ahead or
//! behind the writer mostly meets the fields it shares with it in its own
//! wire order (both sides sort fields alike), with remote fields to skip
//! between them or local fields missing; that read runs the derived
//! direct code with the gaps between fields (an aligned plan), and the
//! rest (a field whose decisions changed, a gap inside the leading run of
//! fixed-width fields) along the general plan. Whichever it takes, the
//! result must be the same: each field the writer had, and the zero value
//! for the others.

use fory_core::{Fory, ForyObject};

#[derive(ForyObject, Debug, PartialEq, Clone, Default)]
struct Inner {
    id: i32,
    label: String,
}

/// The writer's full value: every field any version has.
#[derive(Clone)]
struct Full {
    flag: bool,
    ratio: f64,
    small: i16,
    count: i32,
    total: i64,
    name: String,
    note: Option<String>,
    nums: Vec<i32>,
    inner: Inner,
    maybe: Option<i64>,
    extra_text: String,
    extra_byte: u8,
    extra_list: Vec<String>,
    extra_float: f32,
}

fn full(seed: i64) -> Full {
    Full {
        flag: seed % 2 == 0,
        ratio: seed as f64 * 0.5,
        small: -(seed as i16),
        count: 70_000 + seed as i32,
        total: 1 << (30 + seed),
        name: format!("name {seed}"),
        note: (seed % 3 != 0).then(|| format!("note {seed}")),
        nums: (0..seed as i32 + 2).collect(),
        inner: Inner {
            id: seed as i32 * 11,
            label: "inner".repeat(seed as usize + 1),
        },
        maybe: (seed % 2 == 1).then_some(-seed),
        extra_text: "skipped ".repeat(seed as usize + 1),
        extra_byte: 200,
        extra_list: vec!["x".into(); seed as usize],
        extra_float: 1.25,
    }
}

/// A version of the struct with some of `Full`'s fields, declared in the
/// order given. `from(full, has)` is what a reader of this version makes
/// of a writer whose version has the fields `has` names.
macro_rules! version {
    ($name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        #[derive(ForyObject, Debug, PartialEq, Clone)]
        struct $name {
            $($field: $ty),*
        }

        impl $name {
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];

            #[allow(unused_variables)]
            fn written(full: &Full) -> Self {
                $name { $($field: full.$field.clone()),* }
            }

            #[allow(unused_variables)]
            fn expected(full: &Full, has: &[&str]) -> Self {
                $name {
                    $($field: if has.contains(&stringify!($field)) {
                        full.$field.clone()
                    } else {
                        Default::default()
                    }),*
                }
            }
        }
    };
}

version!(V1 {
    flag: bool, ratio: f64, small: i16, count: i32, total: i64, name: String,
    note: Option<String>, nums: Vec<i32>, inner: Inner, maybe: Option<i64>,
});
// V1 plus fields everywhere in the wire order: a fixed-width number (the
// leading run), a byte, a string and a list between the others
version!(V2 {
    flag: bool, ratio: f64, small: i16, count: i32, total: i64, name: String,
    note: Option<String>, nums: Vec<i32>, inner: Inner, maybe: Option<i64>,
    extra_text: String, extra_byte: u8, extra_list: Vec<String>, extra_float: f32,
});
// V1 without a field inside the leading fixed-width run
version!(NoSmall {
    flag: bool, ratio: f64, count: i32, total: i64, name: String,
    note: Option<String>, nums: Vec<i32>, inner: Inner, maybe: Option<i64>,
});
// V1 without its strings, plus one new string
version!(NoText {
    flag: bool, ratio: f64, small: i16, count: i32, total: i64,
    nums: Vec<i32>, inner: Inner, maybe: Option<i64>, extra_text: String,
});
// V1's fields declared in reverse (the wire order is the same)
version!(Reversed {
    maybe: Option<i64>, inner: Inner, nums: Vec<i32>, note: Option<String>,
    name: String, total: i64, count: i32, small: i16, ratio: f64, flag: bool,
});
// no fixed-width fields at all
version!(Varints { count: i32, total: i64, extra_list: Vec<String> });
version!(OneString { name: String });
version!(Empty {});

const ID: u32 = 400;

fn fory(xlang: bool) -> Fory {
    let mut f = Fory::builder().xlang(xlang).compatible(true).build();
    f.register::<Inner>(401).unwrap();
    f
}

/// Serializes `W::written` (alone and in a list of three) with one Fory
/// and reads each version from it with another.
macro_rules! check_writer {
    ($w:ident; $($r:ident),*) => {{
        for xlang in [false, true] {
            let mut wf = fory(xlang);
            wf.register::<$w>(ID).unwrap();
            let fulls = [full(1), full(2), full(3)];
            let one = wf.serialize(&$w::written(&fulls[0])).unwrap();
            let list: Vec<$w> = fulls.iter().map($w::written).collect();
            let many = wf.serialize(&list).unwrap();
            $(
                let mut rf = fory(xlang);
                rf.register::<$r>(ID).unwrap();
                let what = format!("{} -> {}, xlang {xlang}", stringify!($w), stringify!($r));
                let got: $r = rf.deserialize(&one).expect(&what);
                assert_eq!(got, $r::expected(&fulls[0], $w::FIELDS), "{what}");
                // a second read reuses the plan
                let got: $r = rf.deserialize(&one).expect(&what);
                assert_eq!(got, $r::expected(&fulls[0], $w::FIELDS), "{what}");
                let got: Vec<$r> = rf.deserialize(&many).expect(&what);
                let expected: Vec<$r> =
                    fulls.iter().map(|f| $r::expected(f, $w::FIELDS)).collect();
                assert_eq!(got, expected, "{what}, a list");
            )*
        }
    }};
}

macro_rules! every_pair {
    ($($w:ident),*) => {
        $(check_writer!($w; V1, V2, NoSmall, NoText, Reversed, Varints, OneString, Empty);)*
    };
}

#[test]
fn every_version_reads_every_other_versions_fields() {
    every_pair!(V1, V2, NoSmall, NoText, Reversed, Varints, OneString, Empty);
}

/// A field the reader has but the writer lacks, of a type with no zero
/// value (a union), is the missing-field error in an aligned read too.
#[derive(ForyObject, Debug, PartialEq)]
enum NoZero {
    A(i32),
    B(String),
}

#[derive(ForyObject, Debug, PartialEq)]
struct Holder1 {
    a: i32,
    z: String,
}

#[derive(ForyObject, Debug, PartialEq)]
struct Holder2 {
    a: i32,
    needed: NoZero,
    z: String,
}

#[test]
fn a_missing_field_without_a_zero_value_is_an_error() {
    for xlang in [false, true] {
        let mut w = fory(xlang);
        w.register::<Holder1>(410).unwrap();
        let mut r = fory(xlang);
        r.register::<Holder2>(410).unwrap();
        r.register::<NoZero>(411).unwrap();
        let bytes = w
            .serialize(&Holder1 {
                a: 5,
                z: "z".into(),
            })
            .unwrap();
        let err = r.deserialize::<Holder2>(&bytes).unwrap_err();
        assert!(
            err.to_string().contains("no value for field `needed`"),
            "{err}"
        );
    }
}

/// Every truncation and every single-byte change of a message that a
/// reader reads with skips and missing fields gives an error or a value,
/// never a panic; the whole message still reads afterwards (the plan a
/// bad message made is not kept wrong).
#[test]
fn truncated_and_corrupt_aligned_reads_are_errors() {
    for xlang in [false, true] {
        let mut w = fory(xlang);
        w.register::<V2>(ID).unwrap();
        let mut r = fory(xlang);
        r.register::<NoText>(ID).unwrap();
        let value = V2::written(&full(2));
        let bytes = w.serialize(&vec![value.clone(), value]).unwrap();
        let expected = NoText::expected(&full(2), V2::FIELDS);
        for cut in 0..bytes.len() {
            assert!(
                r.deserialize::<Vec<NoText>>(&bytes[..cut]).is_err(),
                "xlang {xlang}: cut at {cut}"
            );
        }
        for at in 0..bytes.len() {
            for flip in [0x01u8, 0x80, 0xff] {
                let mut bad = bytes.clone();
                bad[at] ^= flip;
                let _ = r.deserialize::<Vec<NoText>>(&bad);
            }
        }
        let got: Vec<NoText> = r.deserialize(&bytes).unwrap();
        assert_eq!(got, vec![expected.clone(), expected], "xlang {xlang}");
    }
}

/// A skipped field between two read ones gives its out-of-band buffers
/// back: they are used up, and one short is an error.
#[derive(ForyObject, Debug, PartialEq)]
struct WithBlob {
    id: i64,
    blob: Vec<u8>,
    tail: String,
}

#[derive(ForyObject, Debug, PartialEq)]
struct WithoutBlob {
    id: i64,
    tail: String,
}

#[test]
fn a_skipped_out_of_band_field_uses_its_buffer() {
    for xlang in [false, true] {
        let mut w = fory(xlang);
        w.register::<WithBlob>(420).unwrap();
        let mut r = fory(xlang);
        r.register::<WithoutBlob>(420).unwrap();
        let value = WithBlob {
            id: 9,
            blob: vec![7; 4096],
            tail: "tail".into(),
        };
        let mut objs = Vec::new();
        let data = w.serialize_with_callback(&value, &mut objs).unwrap();
        assert_eq!(objs.len(), 1, "xlang {xlang}");
        let buffers: Vec<bytes::Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
        let got: WithoutBlob = r.deserialize_with_buffers(&data, buffers).unwrap();
        assert_eq!(
            got,
            WithoutBlob {
                id: 9,
                tail: "tail".into()
            }
        );
        let err = r
            .deserialize_with_buffers::<WithoutBlob, _>(&data, Vec::<bytes::Bytes>::new())
            .unwrap_err();
        assert!(err.to_string().contains("buffer"), "{err}");
    }
}
