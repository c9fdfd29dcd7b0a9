//! Interop with pyfory 1.7.7 for unions (an enum with data) as struct
//! fields, alone, in `Option`, `Vec` and map values, and as whole values:
//! both ways, compatible and schema-consistent, registered by id and by
//! name, and the bytes the same as pyfory's. The peer is
//! python/interop_union.py (a `pyfory.union.Union` class registered with
//! `register_union`).
//!
//! Unions whose cases hold numbers (python/interop_union_num.py): pyfory's
//! `int` (VARINT64) reads into every integer variant it fits, the
//! elements of a tuple variant too, and is an error naming the value and
//! the type when it does not fit; its `float` (FLOAT64) is refused for an
//! `f32` variant (f64 -> f32 is never read, as for a struct field). Rust's
//! `V(i32)` (VARINT32) reads in pyfory's `int` case; pyfory reads a case
//! with its declared type's serializer, so Rust's `V(i8)` needs a
//! `pyfory.Int8` case (an `int` case misreads it, which a case pins).
//! Declared as the Rust types, each variant is the same bytes both ways.
//! These passed when written: Rust's reads already followed the integer
//! rule; docs/interop.md ("Numbers in union cases") now states it.
//!
//! pyfory records a union field's type as UNION (33) in TypeDefs, whether
//! the union is registered by id or by name; this crate recorded
//! TYPED_UNION (34) for both, so the TypeDef and its hash differed from
//! pyfory's (each side read the other's, but not byte for byte, and a
//! pyfory TypeDef did not take the derived direct read).

use std::collections::BTreeMap;

use fory_core::value::Value;
use fory_core::{Fory, ForyObject};
use fory_tests::peer::{self, Case, CaseValue};

/// The Python peer's script, in `python/`.
const SCRIPT: &str = "interop_union.py";
/// The peer of the number cases.
const NUM_SCRIPT: &str = "interop_union_num.py";

#[derive(ForyObject, Debug, PartialEq, Clone)]
enum Shape {
    Circle(f64),
    Square(f64),
    Label(String),
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Holder {
    n: i32,
    shape: Shape,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Many {
    maybe: Option<Shape>,
    shapes: Vec<Shape>,
    named: BTreeMap<String, Shape>,
}

/// Python's `Drawing` has `shape: Shape` where this one has `note`.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Drawing {
    title: String,
    note: Option<String>,
}

/// A union whose cases hold numbers: pyfory's `Num` declares every
/// integer case `int` (VARINT64) and the floats `float` (FLOAT64);
/// `TypedNum` declares each as this variant's type.
#[derive(ForyObject, Debug, PartialEq, Clone)]
enum Num {
    I32(i32),
    I16(i16),
    I8(i8),
    U32(u32),
    U8(u8),
    U16(u16),
    U64(u64),
    Isize(isize),
    Usize(usize),
    F32(f32),
    Pair(i32, String),
    I64(i64),
    F64(f64),
}

/// Python's `Narrow` declares every integer field `int` (VARINT64).
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Narrow {
    a: i8,
    b: u16,
    c: i32,
    d: u64,
    num: Num,
}

/// The registrations of interop_union.py's `register_all`, and of
/// interop_union_num.py's `make_fory`.
fn fory(compatible: bool, by_name: bool) -> Fory {
    let mut f = Fory::builder()
        .xlang(true)
        .strict(false)
        .compatible(compatible)
        .build();
    if by_name {
        f.register_by_name::<Shape>("example", "Shape").unwrap();
        f.register_by_name::<Holder>("example", "Holder").unwrap();
        f.register_by_name::<Many>("example", "Many").unwrap();
        f.register_by_name::<Drawing>("example", "Drawing").unwrap();
    } else {
        f.register::<Shape>(200).unwrap();
        f.register::<Holder>(201).unwrap();
        f.register::<Many>(202).unwrap();
        f.register::<Drawing>(203).unwrap();
    }
    f.register::<Num>(210).unwrap();
    f.register::<Narrow>(211).unwrap();
    f
}

/// Each side writes `value` (compatible or not, the types registered by
/// name or by id), reads the other's as `value`, and the bytes are the
/// same.
fn both<T: CaseValue>(name: &'static str, compatible: bool, by_name: bool, value: T) -> Case {
    peer::both(name, move || fory(compatible, by_name), value)
}

fn many() -> Many {
    Many {
        maybe: Some(Shape::Circle(1.5)),
        shapes: vec![
            Shape::Square(2.0),
            Shape::Label("x".into()),
            Shape::Circle(-0.25),
        ],
        named: [
            ("k".to_string(), Shape::Square(3.0)),
            ("é".to_string(), Shape::Label("ü".into())),
        ]
        .into(),
    }
}

fn many_empty() -> Many {
    Many {
        maybe: None,
        shapes: vec![],
        named: BTreeMap::new(),
    }
}

fn holder(n: i32, shape: Shape) -> Holder {
    Holder { n, shape }
}

/// The cases of interop_union.py's `CASES`, in the same order.
fn cases() -> Vec<Case> {
    vec![
        both("holder", true, false, holder(7, Shape::Square(2.5))),
        both(
            "holder_named",
            true,
            true,
            holder(-3, Shape::Label("héllo".into())),
        ),
        both("holder_schema", false, false, holder(7, Shape::Circle(1.5))),
        both(
            "holder_named_schema",
            false,
            true,
            holder(0, Shape::Label(String::new())),
        ),
        both("many", true, false, many()),
        both("many_named", true, true, many()),
        both("many_empty", true, false, many_empty()),
        both("many_schema", false, false, many()),
        both("many_named_schema", false, true, many()),
        both("many_empty_schema", false, true, many_empty()),
        both(
            "holders",
            true,
            true,
            vec![
                holder(1, Shape::Circle(1.0)),
                holder(2, Shape::Label("two".into())),
            ],
        ),
        both("shape", true, false, Shape::Square(-1.0)),
        both("shape_schema", false, false, Shape::Label("alone".into())),
        both("shape_named_schema", false, true, Shape::Circle(0.5)),
        // Python's Drawing has a union field this one lacks: skipped
        peer::from_peer(
            "drawing",
            || fory(true, true),
            Drawing {
                title: "sketch".into(),
                note: None,
            },
            peer::eq,
        ),
    ]
}

/// pyfory's file `name` (registered by id) reads as `value`.
fn from_py<T: CaseValue>(name: &'static str, compatible: bool, value: T) -> Case {
    peer::from_peer(name, move || fory(compatible, false), value, peer::eq)
}

/// Rust writes `value`; the peer reads it (it writes a file of its own
/// too, with other bytes, read here as `value`).
fn to_py<T: CaseValue>(name: &'static str, compatible: bool, value: T) -> Case {
    let mut case = peer::to_peer(name, move || fory(compatible, false), value.clone());
    case.read = Some(peer::reader(
        name,
        move || fory(compatible, false),
        value,
        peer::eq,
    ));
    case
}

/// pyfory's file `name` is an error as a `T` that says every one of
/// `needles`.
fn refused<T: CaseValue>(name: &'static str, needles: &[&'static str]) -> Case {
    peer::refused::<T, _>(name, || fory(true, false), needles)
}

/// The cases of interop_union_num.py's `NUM_CASES`: union cases and struct
/// fields holding numbers.
fn num_cases() -> Vec<Case> {
    use Num::*;
    vec![
        // pyfory's `int` (VARINT64) into every integer variant it fits
        from_py("num_i32", true, I32(-123456)),
        from_py("num_i32_min", true, I32(i32::MIN)),
        from_py("num_i16", true, I16(-300)),
        from_py("num_i8", true, I8(-5)),
        from_py("num_u32", true, U32(4_000_000_000)),
        from_py("num_u8", true, U8(255)),
        from_py("num_u16", true, U16(65535)),
        from_py("num_u64", true, U64(i64::MAX as u64)),
        from_py("num_isize", true, Isize(-(1 << 40))),
        from_py("num_usize", true, Usize(1 << 40)),
        from_py("num_pair", true, Pair(-7, "x".into())),
        from_py("num_pair_max", false, Pair(i32::MAX, "y".into())),
        from_py("num_i64", true, I64(-(1 << 62))),
        from_py("num_f64", true, F64(-0.1)),
        from_py("num_i8_schema", false, I8(127)),
        // FLOAT64 is not read as an f32 (f64 -> f32 is never read, as
        // for a struct field): declare the case `pyfory.Float32`
        refused::<Num>("num_f32", &["f32", "FLOAT64"]),
        // out of the variant's range: an error naming value and type
        refused::<Num>("num_i8_big", &["300", "i8"]),
        refused::<Num>("num_u8_negative", &["-1", "u8"]),
        refused::<Num>("num_i32_big", &["2147483648", "i32"]),
        refused::<Num>("num_u64_negative", &["-1", "u64"]),
        refused::<Num>("num_pair_big", &["-2147483649", "i32"]),
        // each case declared as the variant's type: the same bytes
        both("typed_i32", true, false, I32(i32::MIN)),
        both("typed_i16", true, false, I16(i16::MIN)),
        both("typed_i8", true, false, I8(i8::MIN)),
        both("typed_u32", true, false, U32(u32::MAX)),
        both("typed_u8", true, false, U8(u8::MAX)),
        both("typed_u16", true, false, U16(u16::MAX)),
        both("typed_u64", true, false, U64(u64::MAX)),
        both("typed_isize", true, false, Isize(isize::MIN)),
        both("typed_usize", true, false, Usize(usize::MAX)),
        both("typed_f32", true, false, F32(1.5)),
        both("typed_f64", false, false, F64(1e300)),
        // Rust -> pyfory's `int` cases: VARINT32 and VARINT64 read as
        // the int; a tuple's elements carry their own types
        to_py("num_i32_to_int", true, I32(i32::MIN)),
        to_py("num_i32_max_to_int", false, I32(i32::MAX)),
        to_py("num_isize_to_int", true, Isize(isize::MAX)),
        to_py("num_pair_to_tuple", true, Pair(i32::MIN, "é".into())),
        // an i8 variant is INT8, which pyfory misreads as a varint64 in
        // an `int` case (the peer expects the -3 it reads)
        peer::to_peer("num_i8_to_int", || fory(true, false), I8(5)),
        // struct fields: pyfory's `int` fields into narrower ones
        to_py(
            "narrow",
            true,
            Narrow {
                a: i8::MIN,
                b: u16::MAX,
                c: i32::MIN,
                d: i64::MAX as u64,
                num: I32(7),
            },
        ),
        refused::<Narrow>("narrow_big", &["128", "i8"]),
    ]
}

#[test]
fn pyfory_and_rust_read_each_others_union_fields() {
    let cases = cases();
    let mut run = peer::both_ways(SCRIPT, "interop-union", &cases);
    // every compatible-mode file reads as a dynamic Value too
    for c in cases.iter().filter(|c| !c.name.contains("schema")) {
        let data = std::fs::read(run.py_dir.join(format!("{}.bin", c.name))).unwrap();
        let by_name = c.name.contains("named") || ["holders", "drawing"].contains(&c.name);
        if let Err(e) = fory(true, by_name).deserialize::<Value>(&data) {
            run.failures.push(format!("{} as Value: {e}", c.name));
        }
    }
    run.finish();
}

#[test]
fn union_cases_and_fields_of_numbers_cross_with_pyfory() {
    let cases = num_cases();
    let mut run = peer::both_ways(NUM_SCRIPT, "interop-union-num", &cases);
    // pyfory's `int` cases read as a dynamic Value: the case and its
    // integer, whatever its size
    for (name, case, want) in [
        ("num_i8", 2, Value::Int(-5)),
        ("num_i8_big", 2, Value::Int(300)),
        ("num_u64", 6, Value::Int(i64::MAX)),
        ("num_f32", 9, Value::Float64(1.5)),
    ] {
        let data = std::fs::read(run.py_dir.join(format!("{name}.bin"))).unwrap();
        match fory(true, false).deserialize::<Value>(&data) {
            Ok(Value::Union(u)) if u.case == case && *u.value == want => {}
            other => run.failures.push(format!(
                "{name} as Value: {other:?}, expected case {case} {want:?}"
            )),
        }
    }
    run.finish();
}
