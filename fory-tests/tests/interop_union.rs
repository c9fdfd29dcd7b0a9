//! Interop with pyfory 1.7.7 for unions (an enum with data) as struct
//! fields, alone, in `Option`, `Vec` and map values, and as whole values:
//! both ways, compatible and schema-consistent, registered by id and by
//! name, and the bytes the same as pyfory's. The peer is
//! python/interop_union.py (a `pyfory.union.Union` class registered with
//! `register_union`).
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

/// The registrations of interop_union.py's `register_all`.
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
