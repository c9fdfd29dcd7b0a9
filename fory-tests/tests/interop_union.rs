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
use std::fmt::Debug;
use std::path::Path;

use fory_core::value::Value;
use fory_core::{Deserialize, Fory, ForyObject, Serialize};
use fory_tests::peer;

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

/// Serializes a case into a directory; returns the bytes.
type WriteCase = Box<dyn Fn(&Path) -> Vec<u8>>;
/// Reads Python's file for a case from a directory and checks it.
type ReadCase = Box<dyn Fn(&Path) -> Result<(), String>>;

struct Case {
    /// The file, `<name>.bin`.
    name: &'static str,
    /// Rust -> Python (`None`: pyfory writes this one only).
    write: Option<WriteCase>,
    read: ReadCase,
    /// Rust's bytes must equal pyfory's.
    same_bytes: bool,
}

/// Each side writes `value` (compatible or not, the types registered by
/// name or by id), reads the other's as `value`, and the bytes are the
/// same.
fn both<T>(name: &'static str, compatible: bool, by_name: bool, value: T) -> Case
where
    T: Serialize + Deserialize + Debug + PartialEq + Clone + 'static,
{
    let written = value.clone();
    Case {
        name,
        write: Some(Box::new(move |dir: &Path| {
            let data = fory(compatible, by_name).serialize(&written).unwrap();
            std::fs::write(dir.join(format!("{name}.bin")), &data).unwrap();
            data
        })),
        read: reader(name, compatible, by_name, value),
        same_bytes: true,
    }
}

fn reader<T>(name: &'static str, compatible: bool, by_name: bool, expected: T) -> ReadCase
where
    T: Deserialize + Debug + PartialEq + 'static,
{
    Box::new(move |dir: &Path| {
        let data =
            std::fs::read(dir.join(format!("{name}.bin"))).map_err(|e| format!("{name}: {e}"))?;
        let got: T = fory(compatible, by_name)
            .deserialize(&data)
            .map_err(|e| format!("{name} as {}: {e}", std::any::type_name::<T>()))?;
        if got != expected {
            return Err(format!("{name}: got {got:?}, expected {expected:?}"));
        }
        Ok(())
    })
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
        Case {
            name: "drawing",
            write: None,
            read: reader(
                "drawing",
                true,
                true,
                Drawing {
                    title: "sketch".into(),
                    note: None,
                },
            ),
            same_bytes: false,
        },
    ]
}

#[test]
fn pyfory_and_rust_read_each_others_union_fields() {
    let cases = cases();

    // Rust -> Python
    let rust_dir = peer::tempdir("interop-union-rust");
    let rust_bytes: BTreeMap<&str, Vec<u8>> = cases
        .iter()
        .filter_map(|c| c.write.as_ref().map(|w| (c.name, w(&rust_dir))))
        .collect();
    peer::assert_reads(SCRIPT, &rust_dir, rust_bytes.len());

    // Python -> Rust
    let py_dir = peer::written(SCRIPT, "interop-union-python");
    let mut failures = Vec::new();
    for c in &cases {
        if let Err(e) = (c.read)(&py_dir) {
            failures.push(e);
        }
        if c.same_bytes {
            let theirs = std::fs::read(py_dir.join(format!("{}.bin", c.name))).unwrap();
            failures.extend(peer::bytes_differ(c.name, &theirs, &rust_bytes[c.name]));
        }
        // every compatible-mode file reads as a dynamic Value too
        if !c.name.contains("schema") {
            let data = std::fs::read(py_dir.join(format!("{}.bin", c.name))).unwrap();
            let by_name = c.name.contains("named") || ["holders", "drawing"].contains(&c.name);
            if let Err(e) = fory(true, by_name).deserialize::<Value>(&data) {
                failures.push(format!("{} as Value: {e}", c.name));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
