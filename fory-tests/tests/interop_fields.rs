//! Interop with pyfory 1.7.7 for struct fields whose types the TypeDef or
//! schema hash declares. The peer is python/interop_fields.py.
//!
//! - A 1-D n-d array field (`Array1<f64>`, `SharedNdArray<f64>`, and
//!   `Option`s of them) is pyfory's dense array field
//!   (`pyfory.Float64Array`): the TypeDef and the schema hash declare it
//!   FLOAT64_ARRAY, as for a `Vec<f64>`. They declared the native-only
//!   NDARRAY, which pyfory could not read in either layout, nor Rust's
//!   own xlang reader (it read the dense data as an n-d header).
//! - So are 1-D arrays nested in a list or a map field
//!   (`Vec<Array1<f64>>` is `List[pyfory.Float64Array]`): declared by
//!   the TypeDef, schema hash and collection header as the dense array,
//!   with no type info per element. They were declared NDARRAY, which
//!   pyfory could not read, each element with its type info.
//! - An `Array1<u8>` (or `SharedNdArray<u8>`) field is pyfory's
//!   `pyfory.UInt8Array` (UINT8_ARRAY), not BINARY as a `Vec<u8>`.
//! - A `RecordBatch` field is pyfory's field of an extension type
//!   (`pa.RecordBatch` with python/fory_arrow.py): declared UNKNOWN in the
//!   TypeDef and the schema hash, its value after its type info (EXT,
//!   7000). It was declared as the native-only RECORD_BATCH without type
//!   info, and Rust's own xlang reader read its xlang data as the native
//!   form.
//! - So are batches in a list or a map field (`Vec<RecordBatch>` is
//!   `List[pa.RecordBatch]`): the element declared UNKNOWN. They were
//!   declared as the native-only RECORD_BATCH, so a compatible reader on
//!   either side dropped the field, and the schema hashes differed.
//! - A field Rust's struct lacks is skipped when it holds a record batch
//!   (the buffers walked, nothing built); one of another extension type
//!   is an error that says it cannot be skipped and names it.
//! - Structs in map fields, registered by id or by name, as values and
//!   keys: in schema-consistent mode the map declares their type (chunk
//!   header 0x24, as pyfory writes `Dict[str, Iid]`); this crate wrote
//!   0x04 and the struct's type info per chunk (each side read the
//!   other's, but the bytes differed). Lists and sets of structs write
//!   the element type info in both layouts, as pyfory does.
//! - Fields pyfory declares with tag ids (`pyfory.field(0)`) are refused
//!   with an error that says so and names the way out.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;
use std::sync::Arc;

use fory_core::arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use fory_core::buffers::SharedArray;
use fory_core::ndarray::Array1;
use fory_core::serializer::ndarray::SharedNdArray;
use fory_core::{Deserialize, Fory, ForyObject};
use fory_tests::peer::{self, Case, CaseValue};

/// The Python peer's script, in `python/`.
const SCRIPT: &str = "interop_fields.py";

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Arrays {
    name: String,
    data: Array1<f64>,
    ints: Array1<i32>,
    flags: Array1<bool>,
    maybe: Option<Array1<f32>>,
}

/// Python's `Shared`, with a zero-copy array.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Shared {
    name: String,
    data: SharedNdArray<f64>,
}

/// Python's `Shared` again, its array a `Vec`: the same bytes.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct SharedVec {
    name: String,
    data: Vec<f64>,
}

/// 1-D arrays nested in a list and a map: pyfory's
/// `List[pyfory.Float64Array]` and `Dict[str, pyfory.Int32Array]`.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct NestedArrays {
    name: String,
    items: Vec<Array1<f64>>,
    by: BTreeMap<String, Array1<i32>>,
}

/// Byte arrays: pyfory's `pyfory.UInt8Array` (numpy `uint8`) fields.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct U8s {
    name: String,
    data: Array1<u8>,
    many: Vec<Array1<u8>>,
    shared: SharedNdArray<u8>,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct WithBatch {
    name: String,
    batch: RecordBatch,
}

/// Record batches in a list and a map: pyfory's
/// `List[pa.RecordBatch]` and `Dict[str, pa.RecordBatch]`, whose element
/// and value types are declared UNKNOWN, each batch with its type info.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Batches {
    name: String,
    batches: Vec<RecordBatch>,
    by: BTreeMap<String, RecordBatch>,
}

/// Python's `WithBatch` (612), `Boxed` (613) or `Gadgets` (614) without
/// its extension field.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Named {
    name: String,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Iid {
    id: i32,
}

/// Registered by name.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Inm {
    id: i32,
}

#[derive(ForyObject, Debug, PartialEq, Eq, PartialOrd, Ord, Clone)]
struct Key {
    a: i32,
    b: String,
}

/// Python's `Holder`: maps in key order (a Python dict in insertion
/// order), and a set of one element.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Holder {
    by_id: BTreeMap<String, Iid>,
    by_name: BTreeMap<String, Inm>,
    keyed: BTreeMap<Key, String>,
    maybe: BTreeMap<String, Option<Iid>>,
    nested: BTreeMap<String, Vec<Iid>>,
    deep: BTreeMap<String, BTreeMap<String, Inm>>,
    listed: Vec<Iid>,
    named_list: Vec<Inm>,
    keys: BTreeSet<Key>,
    /// a one-entry chunk of a null key and a struct
    null_key: BTreeMap<Option<String>, Inm>,
}

fn holder() -> Holder {
    let s = |v: &str| v.to_string();
    let key = |a, b: &str| Key { a, b: s(b) };
    Holder {
        by_id: [(s("a"), Iid { id: 1 }), (s("b"), Iid { id: -2 })].into(),
        by_name: [(s("n"), Inm { id: 3 })].into(),
        keyed: [(key(1, "x"), s("v")), (key(2, ""), s("w"))].into(),
        maybe: [
            (s("a"), Some(Iid { id: 4 })),
            (s("b"), None),
            (s("c"), Some(Iid { id: 5 })),
        ]
        .into(),
        nested: [
            (s("l"), vec![Iid { id: 6 }, Iid { id: 7 }]),
            (s("m"), vec![]),
        ]
        .into(),
        deep: [(s("d"), [(s("e"), Inm { id: 8 })].into())].into(),
        listed: vec![Iid { id: 9 }, Iid { id: 10 }],
        named_list: vec![Inm { id: 11 }],
        keys: [key(3, "k")].into(),
        null_key: [(None, Inm { id: 12 })].into(),
    }
}

fn holder_empty() -> Holder {
    Holder {
        by_id: BTreeMap::new(),
        by_name: BTreeMap::new(),
        keyed: BTreeMap::new(),
        maybe: BTreeMap::new(),
        nested: BTreeMap::new(),
        deep: BTreeMap::new(),
        listed: vec![],
        named_list: vec![],
        keys: BTreeSet::new(),
        null_key: BTreeMap::new(),
    }
}

/// Python's `Tagged` declares its fields with tag ids.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Tagged {
    name: String,
    age: i32,
    email: Option<String>,
}

/// The registrations of interop_fields.py's `make_fory`.
fn fory(compatible: bool, ref_tracking: bool) -> Fory {
    let mut f = Fory::builder()
        .xlang(true)
        .compatible(compatible)
        .ref_tracking(ref_tracking)
        .build();
    f.register::<Tagged>(604).unwrap();
    f.register::<Arrays>(610).unwrap();
    f.register::<Shared>(611).unwrap();
    f.register::<WithBatch>(612).unwrap();
    f.register::<NestedArrays>(615).unwrap();
    f.register::<U8s>(616).unwrap();
    f.register::<Batches>(617).unwrap();
    f.register::<Iid>(620).unwrap();
    f.register_by_name::<Inm>("demo", "Inm").unwrap();
    f.register::<Key>(621).unwrap();
    f.register::<Holder>(622).unwrap();
    f
}

fn with_batch() -> WithBatch {
    let batch = RecordBatch::try_from_iter([
        (
            "id",
            Arc::new(Int64Array::from(vec![Some(1), Some(2), None])) as ArrayRef,
        ),
        (
            "tag",
            Arc::new(StringArray::from(vec![Some("x"), None, Some("z")])),
        ),
    ])
    .unwrap();
    WithBatch {
        name: "b".into(),
        batch,
    }
}

fn batches() -> Batches {
    let b = with_batch().batch;
    Batches {
        name: "l".into(),
        batches: vec![b.clone(), b.clone()],
        by: BTreeMap::from([("k".to_string(), b)]),
    }
}

/// [`fory`] with `SharedVec` in `Shared`'s place.
fn fory_vec(compatible: bool) -> Fory {
    let mut f = Fory::builder().xlang(true).compatible(compatible).build();
    f.register::<SharedVec>(611).unwrap();
    f
}

fn arrays(maybe: Option<Vec<f32>>) -> Arrays {
    Arrays {
        name: "a".into(),
        data: Array1::from(vec![0.0, -1.5, 2.25]),
        ints: Array1::from(vec![7, -8]),
        flags: Array1::from(vec![true, false, true]),
        maybe: maybe.map(Array1::from),
    }
}

fn nested_arrays() -> NestedArrays {
    NestedArrays {
        name: "n".into(),
        items: vec![Array1::from(vec![1.0, 2.0]), Array1::from(vec![-3.5])],
        by: BTreeMap::from([
            ("a".to_string(), Array1::from(vec![4, -5])),
            ("e".to_string(), Array1::from(vec![])),
        ]),
    }
}

fn u8s() -> U8s {
    U8s {
        name: "u".into(),
        data: Array1::from(vec![1, 2, 255]),
        many: vec![Array1::from(vec![7]), Array1::from(vec![])],
        shared: SharedNdArray::new(SharedArray::from_vec(vec![9u8, 8]), vec![2]).unwrap(),
    }
}

fn shared() -> Shared {
    let data = SharedArray::from_vec(vec![1.0, 2.0, 3.0, 4.0]);
    Shared {
        name: "s".into(),
        data: SharedNdArray::new(data, vec![4]).unwrap(),
    }
}

/// Each side writes `value` (compatible or not, with ref tracking or
/// not), reads the other's as `value`, and the bytes are the same.
fn both<T: CaseValue>(name: &'static str, compatible: bool, ref_tracking: bool, value: T) -> Case {
    peer::both(name, move || fory(compatible, ref_tracking), value)
}

/// pyfory's file `name` is an error as a `T`, whose message holds every
/// one of `needles`.
fn refused<T: Deserialize + Debug + 'static>(
    name: &'static str,
    compatible: bool,
    needles: &[&'static str],
) -> Case {
    peer::refused::<T, _>(name, move || fory(compatible, false), needles)
}

/// `both` for `SharedVec`, through [`fory_vec`].
fn both_vec(name: &'static str, compatible: bool) -> Case {
    let value = SharedVec {
        name: "s".into(),
        data: vec![1.0, 2.0, 3.0, 4.0],
    };
    peer::both(name, move || fory_vec(compatible), value)
}

/// pyfory's file `name` read as `Named` registered under `id` (compatible
/// mode): `expected`, or an error holding each of `needles`.
fn as_named(
    name: &'static str,
    id: u32,
    expected: Result<&'static str, &'static [&'static str]>,
) -> Case {
    let fory = move || {
        let mut f = Fory::builder().xlang(true).build();
        f.register::<Named>(id).unwrap();
        f
    };
    match expected {
        Ok(want) => peer::from_peer(name, fory, Named { name: want.into() }, peer::eq),
        Err(needles) => peer::refused::<Named, _>(name, fory, needles),
    }
}

/// The cases of interop_fields.py's `CASES`.
fn cases() -> Vec<Case> {
    vec![
        both("arrays", true, false, arrays(Some(vec![0.5]))),
        both("arrays_none", true, false, arrays(None)),
        both("arrays_schema", false, false, arrays(Some(vec![0.5, -0.5]))),
        both("arrays_schema_none", false, false, arrays(None)),
        both("shared", true, false, shared()),
        both("shared_schema", false, false, shared()),
        both("nested_arrays", true, false, nested_arrays()),
        both("nested_arrays_schema", false, false, nested_arrays()),
        // a reader without the fields skips the declared dense arrays
        as_named("nested_arrays", 615, Ok("n")),
        both("u8s", true, false, u8s()),
        both("u8s_schema", false, false, u8s()),
        both_vec("shared_vec", true),
        both_vec("shared_vec_schema", false),
        both("holder", true, false, holder()),
        both("holder_ref", true, true, holder()),
        both("holder_schema", false, false, holder()),
        both("holder_schema_ref", false, true, holder()),
        both("holder_empty_schema", false, false, holder_empty()),
        // the same bytes up to the Arrow IPC schema message, which
        // pyarrow's and arrow-rs's flatbuffer builders lay out each their
        // own way (a struct field of the batch: its TypeDef or schema
        // hash, then EXT 7000)
        Case {
            same_bytes: 29,
            ..both("batch", true, false, with_batch())
        },
        Case {
            same_bytes: 12,
            ..both("batch_schema", false, false, with_batch())
        },
        as_named("batch_skipped", 612, Ok("b")),
        // the same bytes up to the first batch's Arrow IPC schema message
        // (its TypeDef or schema hash, the list header, EXT 7000)
        Case {
            same_bytes: 39,
            ..both("batches", true, false, batches())
        },
        Case {
            same_bytes: 14,
            ..both("batches_schema", false, false, batches())
        },
        as_named("batches", 617, Ok("l")),
        as_named(
            "gadget",
            613,
            // pyfory declares a field of its own extension type EXT,
            // without type info: which extension it is is not in the stream
            Err(&[
                "the writer's field `gadget` (type id 31, EXT), which the reader's struct lacks, cannot be skipped",
                "does not say which extension type",
            ]),
        ),
        as_named(
            "gadgets",
            614,
            // its list names the extension type of its elements
            Err(&[
                "the writer's field `gadgets` (type id 22, LIST), which the reader's struct lacks, cannot be skipped",
                "of user type 7100",
                "only Arrow record batches",
            ]),
        ),
        refused::<Tagged>(
            "tagged",
            true,
            &[
                "registered by id 604",
                // the first field in the wire order: `age`, a number
                "field 0 (at byte 15) by tag id 1",
                "pyfory.field(1)",
                "not supported",
                "without tag ids",
            ],
        ),
        refused::<Tagged>("tagged_schema", false, &["schema hash"]),
    ]
}

#[test]
fn pyfory_and_rust_read_each_others_declared_fields() {
    peer::both_ways(SCRIPT, "interop-fields", &cases()).finish();
}

/// A compatible `NestedArrays` as this crate wrote it before nested
/// arrays were declared as dense arrays (its TypeDef recorded NDARRAY
/// elements and values, each written with its type info): still read.
#[test]
fn older_nested_array_typedefs_still_read() {
    let older = fory_tests::hex(
        "01ff1c001750024a39bda355c3e704441854900387004c169003a264648048\
         15340c200104012e04610804000000fbffffff02083810000000000000f03f\
         0000000000000040080000000000000cc0046e",
    );
    let got: NestedArrays = fory(true, false).deserialize(&older).unwrap();
    let mut want = nested_arrays();
    want.by.remove("e");
    assert_eq!(got, want);
}
