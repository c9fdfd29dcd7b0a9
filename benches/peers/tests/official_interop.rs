//! The official Apache Fory Rust crate (`fory` 1.7.7) as a second interop
//! peer, next to pyfory: in xlang mode each library reads what the other
//! writes, for the shapes both support, and where both choose the same
//! encoding the bytes are asserted equal.
//!
//! Both libraries run in this one process (this workspace keeps their
//! crates apart), so no files are exchanged.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

use fory_peer_benches::{map1k, official_types, ours_types, strings1k};

fn official(compatible: bool) -> fory::Fory {
    official_types::fory(true, compatible).expect("official fory")
}

fn ours(compatible: bool) -> ours::Fory {
    ours_types::fory(true, compatible).expect("our fory")
}

/// Official writes `a`, ours reads it as `B` and compares with `b` (and,
/// when `dynamic`, as a `Value`); ours writes `b`, official reads it as `A`
/// and compares with `a`. Returns both encodings.
fn cross<A, B>(compatible: bool, a: &A, b: &B, dynamic: bool) -> (Vec<u8>, Vec<u8>)
where
    A: fory::Serializer<Target = A> + PartialEq + Debug,
    B: ours::Serialize + ours::Deserialize + PartialEq + Debug,
{
    let theirs = official(compatible)
        .serialize(a)
        .expect("official serialize");
    let read: B = ours(compatible)
        .deserialize(&theirs)
        .unwrap_or_else(|e| panic!("ours reading official {b:?} ({theirs:02x?}): {e}"));
    assert_eq!(&read, b, "ours reading official bytes");
    if dynamic {
        ours(compatible)
            .deserialize::<ours::value::Value>(&theirs)
            .unwrap_or_else(|e| panic!("Value reading official {b:?}: {e}"));
    }
    let mine = ours(compatible).serialize(b).expect("our serialize");
    let read: A = official(compatible)
        .deserialize(&mine)
        .unwrap_or_else(|e| panic!("official reading ours {a:?} ({mine:02x?}): {e}"));
    assert_eq!(&read, a, "official reading our bytes");
    (theirs, mine)
}

/// The same Rust type on both sides (std types).
fn same<T>(compatible: bool, v: &T) -> (Vec<u8>, Vec<u8>)
where
    T: fory::Serializer<Target = T> + ours::Serialize + ours::Deserialize + PartialEq + Debug,
{
    cross(compatible, v, v, true)
}

#[test]
fn scalars_are_byte_identical() {
    macro_rules! check {
        ($($v:expr),* $(,)?) => {$(
            for compatible in [false, true] {
                let (theirs, mine) = same(compatible, &$v);
                assert_eq!(theirs, mine, "{:?}", $v);
            }
        )*};
    }
    check!(true, -5i8, 300i16, -70_000i32, 1i64 << 40, 1.5f32, -2.25f64);
}

/// Strings read both ways; the bytes differ by design: the official crate
/// writes every string as UTF-8, this crate picks Latin-1 / UTF-16 / UTF-8
/// as pyfory does (so its bytes equal pyfory's).
#[test]
fn strings_cross_both_ways() {
    for s in ["", "ascii", "é Latin-1", "ünïcødé ✓", "and 🦀"] {
        for compatible in [false, true] {
            let (theirs, mine) = same(compatible, &s.to_string());
            assert_eq!(theirs[3] & 3, 2, "official: UTF-8 ({s:?})");
            let pyfory_encoding = if s.chars().all(|c| (c as u32) < 0x100) {
                0
            } else if s.chars().all(|c| (c as u32) < 0x10000) {
                1
            } else {
                2
            };
            assert_eq!(mine[3] & 3, pyfory_encoding, "ours: {s:?}");
        }
    }
}

#[test]
fn collections_cross_both_ways() {
    for compatible in [false, true] {
        same(compatible, &vec![1i32, -2, 3]);
        same(compatible, &vec![0.5f64; 100]);
        same(compatible, &vec![true, false, true]);
        same(compatible, &strings1k());
        same(compatible, &map1k());
        same(compatible, &vec![vec![1i64, 2], vec![], vec![3]]);
        same(compatible, &vec!["a".to_string(); 3]);
        same(
            compatible,
            &BTreeMap::from([(1i32, "one".to_string()), (2, "two".to_string())]),
        );
        same(compatible, &Some("x".to_string()));
        same(compatible, &Option::<String>::None);
        same(compatible, &vec![Some(1i64), None, Some(3)]);
    }
}

/// A map entry with a null value: the official crate writes its chunk
/// header without the key's tracking bit (and no ref flag), pyfory and this
/// crate with both; each reads the other's.
#[test]
fn maps_with_null_values_cross_both_ways() {
    let m: HashMap<String, Option<String>> = [
        ("a".to_string(), None),
        ("b".to_string(), Some("x".to_string())),
    ]
    .into();
    for compatible in [false, true] {
        same(compatible, &m);
    }
}

#[test]
fn structs_cross_both_ways() {
    // a schema-consistent struct has no field names on the wire: `Value`
    // reads structs in compatible mode only
    for compatible in [false, true] {
        cross(
            compatible,
            &official_types::media_content(),
            &ours_types::media_content(),
            compatible,
        );
        cross(
            compatible,
            &official_types::samples(),
            &ours_types::samples(),
            compatible,
        );
        cross(
            compatible,
            &official_types::single(),
            &ours_types::single(),
            compatible,
        );
        cross(
            compatible,
            &official_types::optional(),
            &ours_types::optional(),
            compatible,
        );
    }
}

mod theirs {
    #[derive(fory::ForyEnum, Debug, Clone, Copy, PartialEq, Default)]
    pub enum Color {
        #[default]
        Red,
        Green,
        Blue,
    }

    #[derive(fory::ForyStruct, Debug, Clone, PartialEq, Default)]
    pub struct Leaf {
        pub v: i32,
    }

    #[derive(fory::ForyStruct, Debug, Clone, PartialEq, Default)]
    pub struct Outer {
        pub leaf: Leaf,
        pub opt: Option<Leaf>,
        pub color: Color,
        pub tags: Vec<String>,
    }
}

mod mine {
    #[derive(ours::ForyObject, Debug, Clone, Copy, PartialEq)]
    #[fory(crate = "ours")]
    pub enum Color {
        Red,
        Green,
        Blue,
    }

    #[derive(ours::ForyObject, Debug, Clone, PartialEq)]
    #[fory(crate = "ours")]
    pub struct Leaf {
        pub v: i32,
    }

    #[derive(ours::ForyObject, Debug, Clone, PartialEq)]
    #[fory(crate = "ours")]
    pub struct Outer {
        pub leaf: Leaf,
        pub opt: Option<Leaf>,
        pub color: Color,
        pub tags: Vec<String>,
    }
}

/// Both sides with `Color` (id 110) and `Outer` (id 112) registered by id;
/// `Leaf` by id 111 or, with `by_name`, by the name `"Leaf"`.
fn pair(compatible: bool, by_name: bool) -> (fory::Fory, ours::Fory) {
    let mut t = fory::Fory::builder()
        .xlang(true)
        .compatible(compatible)
        .build();
    let mut o = ours::Fory::builder()
        .xlang(true)
        .compatible(compatible)
        .build();
    t.register::<theirs::Color>(110).unwrap();
    o.register::<mine::Color>(110).unwrap();
    if by_name {
        t.register_by_name::<theirs::Leaf>("Leaf").unwrap();
        o.register_by_name::<mine::Leaf>("", "Leaf").unwrap();
    } else {
        t.register::<theirs::Leaf>(111).unwrap();
        o.register::<mine::Leaf>(111).unwrap();
    }
    t.register::<theirs::Outer>(112).unwrap();
    o.register::<mine::Outer>(112).unwrap();
    (t, o)
}

#[test]
fn enums_and_nested_structs_cross_both_ways() {
    let a = theirs::Outer {
        leaf: theirs::Leaf { v: 7 },
        opt: Some(theirs::Leaf { v: 8 }),
        color: theirs::Color::Blue,
        tags: vec!["x".into(), "y".into()],
    };
    let b = mine::Outer {
        leaf: mine::Leaf { v: 7 },
        opt: Some(mine::Leaf { v: 8 }),
        color: mine::Color::Blue,
        tags: vec!["x".into(), "y".into()],
    };
    let mut failures = Vec::new();
    for compatible in [false, true] {
        for by_name in [false, true] {
            let (t, o) = pair(compatible, by_name);
            let what = format!("compatible={compatible} leaf by name={by_name}");
            let theirs_bytes = t.serialize(&a).unwrap();
            match o.deserialize::<mine::Outer>(&theirs_bytes) {
                Ok(v) => assert_eq!(v, b, "{what}"),
                Err(e) => failures.push(format!("ours reading official, {what}: {e}")),
            }
            let mine_bytes = o.serialize(&b).unwrap();
            match t.deserialize::<theirs::Outer>(&mine_bytes) {
                Ok(v) => assert_eq!(v, a, "{what}"),
                // the one known difference: schema-consistent, a struct
                // field of a by-name type carries its type info before the
                // hash, as pyfory writes and reads it; the official crate
                // writes and expects none (this crate reads both forms)
                Err(_) if !compatible && by_name => {}
                Err(e) => failures.push(format!("official reading ours, {what}: {e}")),
            }
            if !compatible && by_name {
                assert!(
                    t.deserialize::<theirs::Outer>(&mine_bytes).is_err(),
                    "the official crate now reads pyfory's form: drop this exception"
                );
            }
            assert_eq!(
                o.deserialize::<mine::Color>(&t.serialize(&theirs::Color::Green).unwrap())
                    .unwrap(),
                mine::Color::Green
            );
            assert_eq!(
                t.deserialize::<theirs::Color>(&o.serialize(&mine::Color::Red).unwrap())
                    .unwrap(),
                theirs::Color::Red
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

mod theirs_map {
    #[derive(fory::ForyStruct, Debug, Clone, PartialEq, Default)]
    pub struct Leaf {
        pub v: i32,
    }
    #[derive(fory::ForyStruct, Debug, Clone, PartialEq, Default)]
    pub struct WithMap {
        pub m: std::collections::HashMap<String, Leaf>,
    }
}

mod mine_map {
    #[derive(ours::ForyObject, Debug, Clone, PartialEq)]
    #[fory(crate = "ours")]
    pub struct Leaf {
        pub v: i32,
    }
    #[derive(ours::ForyObject, Debug, Clone, PartialEq)]
    #[fory(crate = "ours")]
    pub struct WithMap {
        pub m: std::collections::HashMap<String, Leaf>,
    }
}

/// A map field of structs crosses both ways in both layouts. In
/// schema-consistent mode the bytes differ: this crate declares the value
/// type as pyfory does (chunk header 0x24, no type info); the official
/// crate writes 0x04 and the struct's type info per chunk; each reads the
/// other's.
#[test]
fn struct_maps_cross_both_ways() {
    for compatible in [false, true] {
        let mut t = fory::Fory::builder()
            .xlang(true)
            .compatible(compatible)
            .build();
        let mut o = ours::Fory::builder()
            .xlang(true)
            .compatible(compatible)
            .build();
        t.register::<theirs_map::Leaf>(111).unwrap();
        o.register::<mine_map::Leaf>(111).unwrap();
        t.register::<theirs_map::WithMap>(113).unwrap();
        o.register::<mine_map::WithMap>(113).unwrap();
        let a = theirs_map::WithMap {
            m: [("k".to_string(), theirs_map::Leaf { v: 5 })].into(),
        };
        let b = mine_map::WithMap {
            m: [("k".to_string(), mine_map::Leaf { v: 5 })].into(),
        };
        let tb = t.serialize(&a).unwrap();
        let ob = o.serialize(&b).unwrap();
        assert_eq!(o.deserialize::<mine_map::WithMap>(&tb).unwrap(), b);
        assert_eq!(t.deserialize::<theirs_map::WithMap>(&ob).unwrap(), a);
        if !compatible {
            // after the struct's type info and hash and the map's size 1
            assert_eq!(ob[9], 0x24, "{ob:02x?}");
            assert_eq!(tb[9], 0x04, "{tb:02x?}");
        }
    }
}
