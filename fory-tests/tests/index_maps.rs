//! indexmap's `IndexMap` (MAP) and `IndexSet` (SET), feature `indexmap`:
//! insertion order kept, the bytes of a `HashMap`'s / `HashSet`'s with
//! the same iteration order (each reads the other's), duplicates and
//! hostile lengths handled as the std readers handle them. (Against
//! pyfory: tests/interop_types.rs; the memory a hostile length can
//! reserve: tests/hostile.rs.)

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use fory_core::indexmap::{IndexMap, IndexSet};
use fory_core::{Deserialize, ErrorKind, Fory, ForyObject, Serialize};
use fory_tests::hex;

fn round_trip<T: Serialize + Deserialize>(fory: &Fory, v: &T) -> T {
    fory.deserialize(&fory.serialize(v).unwrap()).unwrap()
}

/// Keys in an order that is neither sorted nor a hash order.
const KEYS: [&str; 6] = ["pear", "apple", "zebra", "mango", "banana", "kiwi"];

fn fruit() -> IndexMap<String, i64> {
    KEYS.iter()
        .enumerate()
        .map(|(i, k)| (k.to_string(), i as i64 * 10 - 20))
        .collect()
}

#[test]
fn insertion_order_survives_a_round_trip() {
    for (name, f) in fory_tests::configs() {
        let m = fruit();
        let back = round_trip(&f, &m);
        assert!(back.keys().eq(KEYS.iter()), "{name}: {back:?}");
        assert!(back.iter().eq(m.iter()), "{name}");
        // reordered: the new order comes back
        let mut r = m.clone();
        r.move_index(0, 5);
        r.swap_indices(1, 3);
        let back = round_trip(&f, &r);
        assert!(back.keys().eq(r.keys()), "{name}");
        // sets
        let s: IndexSet<String> = KEYS.iter().rev().map(|k| k.to_string()).collect();
        let back = round_trip(&f, &s);
        assert!(back.iter().eq(s.iter()), "{name}");
        let nums: IndexSet<i32> = [5, -3, 99, 0, 7].into_iter().collect();
        assert!(round_trip(&f, &nums).iter().eq(nums.iter()), "{name}");
        // empty ones, and as Option
        assert!(round_trip(&f, &IndexMap::<i32, String>::new()).is_empty());
        assert!(round_trip(&f, &IndexSet::<String>::new()).is_empty());
        assert_eq!(round_trip(&f, &Some(m.clone())), Some(m.clone()), "{name}");
        assert_eq!(round_trip(&f, &None::<IndexSet<u8>>), None, "{name}");
    }
}

#[test]
fn nested_values_and_keys_keep_their_order() {
    for (name, f) in fory_tests::configs() {
        let mut outer: IndexMap<i32, IndexMap<String, Vec<Option<String>>>> = IndexMap::new();
        outer.insert(
            3,
            IndexMap::from([("z".into(), vec![None]), ("a".into(), vec![])]),
        );
        outer.insert(-1, IndexMap::new());
        outer.insert(2, IndexMap::from([("m".into(), vec![Some("x".into())])]));
        let back = round_trip(&f, &outer);
        assert!(back.keys().eq([3, -1, 2].iter()), "{name}");
        assert!(back[&3].keys().eq(["z", "a"].iter()), "{name}");
        assert_eq!(back, outer, "{name}");
        let list: Vec<IndexSet<i64>> = vec![[3, 1, 2].into(), [].into(), [9].into()];
        let back = round_trip(&f, &list);
        for (b, l) in back.iter().zip(&list) {
            assert!(b.iter().eq(l.iter()), "{name}");
        }
    }
}

#[test]
fn the_bytes_are_a_hash_maps_and_each_reads_the_other() {
    for (name, f) in fory_tests::configs() {
        let m = fruit();
        // a BTreeMap iterates in key order: the same bytes as an IndexMap
        // holding the entries in that order
        let sorted: BTreeMap<String, i64> = m.clone().into_iter().collect();
        let mut by_key = m.clone();
        by_key.sort_keys();
        assert_eq!(
            f.serialize(&by_key).unwrap(),
            f.serialize(&sorted).unwrap(),
            "{name}"
        );
        // a HashMap's bytes read into an IndexMap in the HashMap's order
        let h: HashMap<String, i64> = m.clone().into_iter().collect();
        let back: IndexMap<String, i64> = f.deserialize(&f.serialize(&h).unwrap()).unwrap();
        assert!(back.keys().eq(h.keys()), "{name}");
        // and an IndexMap's into a HashMap and a BTreeMap
        let bytes = f.serialize(&m).unwrap();
        assert_eq!(f.deserialize::<HashMap<String, i64>>(&bytes).unwrap(), h);
        assert_eq!(
            f.deserialize::<BTreeMap<String, i64>>(&bytes).unwrap(),
            sorted
        );
        // sets the same way
        let s: IndexSet<String> = KEYS.iter().map(|k| k.to_string()).collect();
        let hs: HashSet<String> = s.iter().cloned().collect();
        let back: IndexSet<String> = f.deserialize(&f.serialize(&hs).unwrap()).unwrap();
        assert!(back.iter().eq(hs.iter()), "{name}");
        let bytes = f.serialize(&s).unwrap();
        assert_eq!(f.deserialize::<HashSet<String>>(&bytes).unwrap(), hs);
        let bs: BTreeSet<String> = s.iter().cloned().collect();
        assert_eq!(f.deserialize::<BTreeSet<String>>(&bytes).unwrap(), bs);
        // a set's body is a list's: a Vec reads it in order, and a list
        // reads into an IndexSet
        assert!(f
            .deserialize::<Vec<String>>(&bytes)
            .unwrap()
            .iter()
            .eq(s.iter()));
        let v: VecDeque<i32> = VecDeque::from([4, 2, 8]);
        let back: IndexSet<i32> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
        assert!(back.iter().eq(v.iter()), "{name}");
    }
}

#[test]
fn the_wire_is_the_spec_map() {
    // {"b": 1, "a": 2} in xlang mode, as pyfory writes it: size 2, one
    // chunk of both entries (header 0: nothing declared, count 2, key
    // STRING 21 and value VARINT64 7 type info), then "b" (Latin-1, one
    // byte) 1 and "a" 2, in insertion order
    let f = Fory::builder().xlang(true).build();
    let m: IndexMap<String, i64> = [("b".into(), 1), ("a".into(), 2)].into_iter().collect();
    assert_eq!(
        f.serialize(&m).unwrap(),
        hex("01 ff 18 02 00 02 15 07 04 62 02 04 61 04")
    );
}

#[test]
fn duplicate_keys_read_as_the_hash_map_reads_them() {
    // a map of two entries with the same key (a map of "k1" and "k2"
    // with the second key's last byte patched), and a set of repeated
    // elements (a list's body is a set's)
    for (name, f) in fory_tests::configs() {
        let mut bytes = f
            .serialize(&BTreeMap::from([
                ("k1".to_string(), 1i64),
                ("k2".to_string(), 2),
            ]))
            .unwrap();
        let at = bytes
            .windows(2)
            .rposition(|w| w == b"k2")
            .unwrap_or_else(|| panic!("{name}: {}", fory_tests::to_hex(&bytes)));
        bytes[at + 1] = b'1';
        let h: HashMap<String, i64> = f.deserialize(&bytes).unwrap();
        let m: IndexMap<String, i64> = f.deserialize(&bytes).unwrap();
        // the last value wins, in the key's first place
        assert_eq!(h.len(), 1, "{name}");
        assert_eq!(m.len(), 1, "{name}");
        assert_eq!(m["k1"], h["k1"], "{name}");
        assert_eq!(m["k1"], 2, "{name}");
        let bytes = f.serialize(&VecDeque::from([3, 1, 3, 2, 1])).unwrap();
        let hs: HashSet<i32> = f.deserialize(&bytes).unwrap();
        let s: IndexSet<i32> = f.deserialize(&bytes).unwrap();
        assert_eq!(s.len(), hs.len(), "{name}");
        assert!(s.iter().eq([3, 1, 2].iter()), "{name}");
    }
}

#[test]
fn hostile_lengths_and_truncation_are_errors_without_a_huge_allocation() {
    let f = Fory::builder().xlang(true).build();
    // a map claiming 2^32 - 1 entries over a few bytes
    let bytes = hex("01 ff 18 ff ff ff ff 0f 00 01 15 07 02 61 02");
    let err = f.deserialize::<IndexMap<String, i64>>(&bytes).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData, "{err}");
    assert!(err.to_string().contains("map length"), "{err}");
    // a set the same
    let bytes = hex("01 ff 17 ff ff ff ff 0f 0c 07 02");
    let err = f.deserialize::<IndexSet<i64>>(&bytes).unwrap_err();
    assert!(err.to_string().contains("length"), "{err}");
    // within the input but over max_collection_len
    let small = Fory::builder().xlang(true).max_collection_len(3).build();
    let bytes = small.serialize(&fruit()).unwrap();
    let err = small
        .deserialize::<IndexMap<String, i64>>(&bytes)
        .unwrap_err();
    assert!(err.to_string().contains("max_collection_len"), "{err}");
    let set: IndexSet<i64> = (0..10).collect();
    let err = small
        .deserialize::<IndexSet<i64>>(&small.serialize(&set).unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("max_collection_len"), "{err}");
    // every truncation of a valid stream is an error
    for (name, f) in fory_tests::configs() {
        let bytes = f.serialize(&fruit()).unwrap();
        for cut in 0..bytes.len() {
            assert!(
                f.deserialize::<IndexMap<String, i64>>(&bytes[..cut])
                    .is_err(),
                "{name}: cut at {cut}"
            );
        }
        let bytes = f
            .serialize(&KEYS.iter().map(|k| k.to_string()).collect::<IndexSet<_>>())
            .unwrap();
        for cut in 0..bytes.len() {
            assert!(
                f.deserialize::<IndexSet<String>>(&bytes[..cut]).is_err(),
                "{name}: cut at {cut}"
            );
        }
    }
}

mod rec {
    use super::*;

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Config {
        pub name: String,
        pub settings: IndexMap<String, String>,
        pub order: IndexSet<i32>,
        pub layers: Option<IndexMap<i64, IndexSet<String>>>,
    }

    /// `Config` read with std maps and sets.
    pub mod std_twin {
        use super::*;
        #[derive(ForyObject, Debug, Clone, PartialEq)]
        pub struct Config {
            pub name: String,
            pub settings: HashMap<String, String>,
            pub order: HashSet<i32>,
            pub layers: Option<BTreeMap<i64, BTreeSet<String>>>,
        }
    }

    /// `Config` without its collections: a compatible reader fills them
    /// with empty ones.
    pub mod older {
        use super::*;
        #[derive(ForyObject, Debug, Clone, PartialEq)]
        pub struct Config {
            pub name: String,
        }
    }
}

fn config() -> rec::Config {
    rec::Config {
        name: "c".into(),
        settings: [("z", "1"), ("a", "2"), ("m", "3")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        order: [9, 1, 5].into_iter().collect(),
        layers: Some(IndexMap::from([(
            7,
            ["b", "a"].into_iter().map(String::from).collect(),
        )])),
    }
}

#[test]
fn index_maps_and_sets_are_struct_fields_in_both_modes_and_layouts() {
    let v = config();
    for xlang in [false, true] {
        for compatible in [false, true] {
            let what = format!("xlang {xlang} compatible {compatible}");
            let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
            fory.register::<rec::Config>(81).unwrap();
            let back = round_trip(&fory, &v);
            assert_eq!(back, v, "{what}");
            assert!(back.settings.keys().eq(["z", "a", "m"].iter()), "{what}");
            assert!(back.order.iter().eq([9, 1, 5].iter()), "{what}");
            // the same schema as std maps and sets: each reads the other
            let mut twin = Fory::builder().xlang(xlang).compatible(compatible).build();
            twin.register::<rec::std_twin::Config>(81).unwrap();
            let t: rec::std_twin::Config = twin.deserialize(&fory.serialize(&v).unwrap()).unwrap();
            assert_eq!(t.settings["a"], "2", "{what}");
            assert_eq!(t.order, HashSet::from([1, 5, 9]), "{what}");
            let again: rec::Config = fory.deserialize(&twin.serialize(&t).unwrap()).unwrap();
            assert_eq!(
                again.layers,
                v.layers.clone().map(|l| {
                    l.into_iter()
                        .map(|(k, s)| {
                            (
                                k,
                                s.into_iter().collect::<BTreeSet<_>>().into_iter().collect(),
                            )
                        })
                        .collect()
                })
            );
        }
        // a missing field is empty
        let mut old = Fory::builder().xlang(xlang).build();
        old.register::<rec::older::Config>(81).unwrap();
        let mut new = Fory::builder().xlang(xlang).build();
        new.register::<rec::Config>(81).unwrap();
        let back: rec::Config = new
            .deserialize(
                &old.serialize(&rec::older::Config { name: "o".into() })
                    .unwrap(),
            )
            .unwrap();
        assert!(back.settings.is_empty() && back.order.is_empty() && back.layers.is_none());
    }
}
