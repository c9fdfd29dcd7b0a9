//! hashbrown's `HashMap` (MAP) and `HashSet` (SET), feature `hashbrown`:
//! the bytes of std's maps and sets (each reads the other's), any
//! `BuildHasher + Default` hasher, struct fields with std's schema,
//! hostile lengths and truncations as errors. (Against pyfory:
//! tests/interop_types.rs.)

use std::collections::{BTreeMap, BTreeSet, HashMap as StdMap, HashSet as StdSet};
use std::hash::{BuildHasherDefault, DefaultHasher};

use fory_core::hashbrown::{HashMap, HashSet};
use fory_core::indexmap::IndexMap;
use fory_core::{Deserialize, ErrorKind, Fory, ForyObject, Serialize};
use fory_tests::{hex, to_hex};

fn round_trip<T: Serialize + Deserialize>(fory: &Fory, v: &T) -> T {
    fory.deserialize(&fory.serialize(v).unwrap()).unwrap()
}

/// std's hasher, deterministic: a custom `S`.
type Fixed = BuildHasherDefault<DefaultHasher>;

fn fruit() -> HashMap<String, i64> {
    fruit_with()
}

/// The same entries inserted in the same order, under any hasher.
fn fruit_with<S: std::hash::BuildHasher + Default>() -> HashMap<String, i64, S> {
    ["pear", "apple", "zebra", "mango", "banana", "kiwi"]
        .iter()
        .enumerate()
        .map(|(i, k)| (k.to_string(), i as i64 * 10 - 20))
        .collect()
}

#[test]
fn one_entry_has_the_bytes_of_std_and_indexmap() {
    for (name, f) in fory_tests::configs() {
        let h: HashMap<String, i64> = HashMap::from([("k".to_string(), -7)]);
        let s: StdMap<String, i64> = StdMap::from([("k".to_string(), -7)]);
        let i: IndexMap<String, i64> = IndexMap::from([("k".to_string(), -7)]);
        let hb = f.serialize(&h).unwrap();
        assert_eq!(to_hex(&hb), to_hex(&f.serialize(&s).unwrap()), "{name}");
        assert_eq!(to_hex(&hb), to_hex(&f.serialize(&i).unwrap()), "{name}");
        let hs: HashSet<i32> = HashSet::from([42]);
        let ss: StdSet<i32> = StdSet::from([42]);
        assert_eq!(
            to_hex(&f.serialize(&hs).unwrap()),
            to_hex(&f.serialize(&ss).unwrap()),
            "{name}"
        );
        // empty ones too
        assert_eq!(
            f.serialize(&HashMap::<u8, u8>::new()).unwrap(),
            f.serialize(&StdMap::<u8, u8>::new()).unwrap(),
            "{name}"
        );
        assert_eq!(
            f.serialize(&HashSet::<String>::new()).unwrap(),
            f.serialize(&StdSet::<String>::new()).unwrap(),
            "{name}"
        );
    }
    // the spec map: header, chunk of one, string key, varint64 value
    let f = Fory::builder().xlang(true).build();
    let h: HashMap<String, i64> = HashMap::from([("a".to_string(), 2)]);
    assert_eq!(
        to_hex(&f.serialize(&h).unwrap()),
        to_hex(
            &f.serialize(&StdMap::from([("a".to_string(), 2i64)]))
                .unwrap()
        )
    );
}

#[test]
fn many_entries_in_iteration_order_and_each_reads_the_others() {
    for (name, f) in fory_tests::configs() {
        let m = fruit();
        assert_eq!(round_trip(&f, &m), m, "{name}");
        // written in hashbrown's iteration order: an IndexMap read keeps it
        let bytes = f.serialize(&m).unwrap();
        let as_index: IndexMap<String, i64> = f.deserialize(&bytes).unwrap();
        assert!(as_index.iter().eq(m.iter()), "{name}");
        // and an IndexMap of that order writes the same bytes
        assert_eq!(
            to_hex(&f.serialize(&as_index).unwrap()),
            to_hex(&bytes),
            "{name}"
        );
        // std reads hashbrown's, hashbrown reads std's and BTreeMap's
        let s: StdMap<String, i64> = f.deserialize(&bytes).unwrap();
        assert_eq!(s.len(), m.len(), "{name}");
        assert!(m.iter().all(|(k, v)| s[k] == *v), "{name}");
        let back: HashMap<String, i64> = f.deserialize(&f.serialize(&s).unwrap()).unwrap();
        assert_eq!(back, m, "{name}");
        let b: BTreeMap<String, i64> = m.clone().into_iter().collect();
        let back: HashMap<String, i64> = f.deserialize(&f.serialize(&b).unwrap()).unwrap();
        assert_eq!(back, m, "{name}");
        // sets
        let set: HashSet<i64> = (-50..50).collect();
        assert_eq!(round_trip(&f, &set), set, "{name}");
        let std_set: StdSet<i64> = f.deserialize(&f.serialize(&set).unwrap()).unwrap();
        assert_eq!(std_set, (-50..50).collect::<StdSet<_>>(), "{name}");
        let bt: BTreeSet<i64> = (0..9).collect();
        let back: HashSet<i64> = f.deserialize(&f.serialize(&bt).unwrap()).unwrap();
        assert_eq!(back, (0..9).collect::<HashSet<_>>(), "{name}");
        // nested, and as Option
        let nested: HashMap<i32, HashSet<String>> =
            HashMap::from([(1, HashSet::from(["x".to_string()])), (2, HashSet::new())]);
        assert_eq!(round_trip(&f, &nested), nested, "{name}");
        assert_eq!(round_trip(&f, &Some(m.clone())), Some(m.clone()), "{name}");
        assert_eq!(round_trip(&f, &None::<HashSet<u8>>), None, "{name}");
    }
}

#[test]
fn a_custom_hasher_reads_and_writes() {
    for (name, f) in fory_tests::configs() {
        let m: HashMap<String, i64, Fixed> = fruit_with();
        let back: HashMap<String, i64, Fixed> = round_trip(&f, &m);
        assert_eq!(back, m, "{name}");
        // deterministic: the same entries inserted alike write the same
        // bytes (a hasher with random keys gives another order each time)
        let again: HashMap<String, i64, Fixed> = fruit_with();
        assert_eq!(
            f.serialize(&m).unwrap(),
            f.serialize(&again).unwrap(),
            "{name}"
        );
        // the default hasher reads it
        let d: HashMap<String, i64> = f.deserialize(&f.serialize(&m).unwrap()).unwrap();
        assert_eq!(d, fruit(), "{name}");
        let s: HashSet<u32, Fixed> = (0..20).collect();
        assert_eq!(round_trip(&f, &s), s, "{name}");
    }
}

#[test]
fn duplicate_keys_keep_the_last_value_as_std_does() {
    let f = Fory::builder().xlang(true).build();
    let pairs: IndexMap<String, i64> = IndexMap::from([("a".into(), 1), ("b".into(), 2)]);
    // rename "b" to "a" in the stream: the key comes twice
    let mut bytes = f.serialize(&pairs).unwrap();
    let at = bytes.iter().rposition(|&b| b == b'b').unwrap();
    bytes[at] = b'a';
    let h: HashMap<String, i64> = f.deserialize(&bytes).unwrap();
    let s: StdMap<String, i64> = f.deserialize(&bytes).unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!(h["a"], s["a"]);
}

#[test]
fn hostile_lengths_and_truncation_are_errors() {
    let f = Fory::builder().xlang(true).build();
    // a map claiming 2^31 entries over a few bytes (varuint32 80 80 80 80 08)
    let bytes = hex("01 ff 18 80 80 80 80 08 00 01 15 07 02 61 02");
    let err = f.deserialize::<HashMap<String, i64>>(&bytes).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData, "{err}");
    assert!(err.to_string().contains("map length"), "{err}");
    // and 2^32 - 1
    let bytes = hex("01 ff 18 ff ff ff ff 0f 00 01 15 07 02 61 02");
    let err = f.deserialize::<HashMap<String, i64>>(&bytes).unwrap_err();
    assert!(err.to_string().contains("map length"), "{err}");
    // sets the same
    let bytes = hex("01 ff 17 80 80 80 80 08 0c 07 02");
    let err = f.deserialize::<HashSet<i64>>(&bytes).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidData, "{err}");
    assert!(err.to_string().contains("length"), "{err}");
    // the same errors as std's
    assert_eq!(
        err.to_string(),
        f.deserialize::<StdSet<i64>>(&bytes)
            .unwrap_err()
            .to_string()
    );
    // within the input but over max_collection_len
    let small = Fory::builder().xlang(true).max_collection_len(3).build();
    let err = small
        .deserialize::<HashMap<String, i64>>(&small.serialize(&fruit()).unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("max_collection_len"), "{err}");
    // every truncation of a valid stream is an error
    for (name, f) in fory_tests::configs() {
        let bytes = f.serialize(&fruit()).unwrap();
        for cut in 0..bytes.len() {
            assert!(
                f.deserialize::<HashMap<String, i64>>(&bytes[..cut])
                    .is_err(),
                "{name}: cut at {cut}"
            );
        }
        let set: HashSet<String> = fruit().into_keys().collect();
        let bytes = f.serialize(&set).unwrap();
        for cut in 0..bytes.len() {
            assert!(
                f.deserialize::<HashSet<String>>(&bytes[..cut]).is_err(),
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
        pub settings: HashMap<String, String>,
        pub order: HashSet<i32>,
        pub fixed: HashMap<i64, HashSet<String, Fixed>, Fixed>,
        pub layers: Option<HashMap<i64, Vec<String>>>,
    }

    /// `Config` with std's maps and sets.
    pub mod std_twin {
        use super::*;
        #[derive(ForyObject, Debug, Clone, PartialEq)]
        pub struct Config {
            pub name: String,
            pub settings: StdMap<String, String>,
            pub order: StdSet<i32>,
            pub fixed: StdMap<i64, StdSet<String, Fixed>, Fixed>,
            pub layers: Option<StdMap<i64, Vec<String>>>,
        }
    }
}

fn config() -> (rec::Config, rec::std_twin::Config) {
    (
        rec::Config {
            name: "c".into(),
            settings: HashMap::from([("z".into(), "1".into())]),
            order: HashSet::from([9]),
            fixed: [(7, ["b".to_string()].into_iter().collect())]
                .into_iter()
                .collect(),
            layers: Some(HashMap::from([(3, vec!["x".into()])])),
        },
        rec::std_twin::Config {
            name: "c".into(),
            settings: StdMap::from([("z".into(), "1".into())]),
            order: StdSet::from([9]),
            fixed: [(7, ["b".to_string()].into_iter().collect())]
                .into_iter()
                .collect(),
            layers: Some(StdMap::from([(3, vec!["x".into()])])),
        },
    )
}

#[test]
fn hashbrown_fields_have_std_fields_bytes_and_schema() {
    let (v, s) = config();
    for xlang in [false, true] {
        for compatible in [false, true] {
            let what = format!("xlang {xlang} compatible {compatible}");
            let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
            fory.register::<rec::Config>(83).unwrap();
            let mut twin = Fory::builder().xlang(xlang).compatible(compatible).build();
            twin.register::<rec::std_twin::Config>(83).unwrap();
            let bytes = fory.serialize(&v).unwrap();
            // one entry each: the same bytes, TypeDef / fingerprint included
            assert_eq!(
                to_hex(&bytes),
                to_hex(&twin.serialize(&s).unwrap()),
                "{what}"
            );
            assert_eq!(
                fory.deserialize::<rec::Config>(&bytes).unwrap(),
                v,
                "{what}"
            );
            assert_eq!(
                twin.deserialize::<rec::std_twin::Config>(&bytes).unwrap(),
                s,
                "{what}"
            );
            // more entries: read across
            let mut big = v.clone();
            big.settings
                .extend(fruit().into_iter().map(|(k, n)| (k, n.to_string())));
            big.order.extend(0..30);
            let t: rec::std_twin::Config =
                twin.deserialize(&fory.serialize(&big).unwrap()).unwrap();
            assert_eq!(t.settings.len(), big.settings.len(), "{what}");
            let back: rec::Config = fory.deserialize(&twin.serialize(&t).unwrap()).unwrap();
            assert_eq!(back, big, "{what}");
            for cut in 0..bytes.len() {
                assert!(
                    fory.deserialize::<rec::Config>(&bytes[..cut]).is_err(),
                    "{what}: cut {cut}"
                );
            }
        }
    }
}
