//! Interop with the real peer, pyfory 1.7.7 (pinned, in the venv that
//! `scripts/test.sh` creates): Rust writes every case and Python checks the
//! values; Python writes every case and Rust checks the values and, where
//! the format is deterministic, that the bytes equal its own.
//!
//! Never skipped: without the venv this test fails and says how to make it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use std::rc::Rc;

use bytes::Bytes;
use fory_core::buffers::SharedArray;
use fory_core::value::Value;
use fory_core::{Deserialize, Fory, ForyObject, Serialize};
use fory_tests::peer::{self, Case};
use fory_tests::to_hex;

/// The Python peer's script, in `python/`.
const SCRIPT: &str = "interop.py";

// The twins of the dataclasses and enum in python/interop.py.

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Point {
    x: i32,
    y: i32,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Person {
    name: String,
    age: i32,
    tags: Vec<String>,
    email: Option<String>,
    scores: BTreeMap<String, f64>,
}

#[derive(ForyObject, Debug, PartialEq, Clone, Copy)]
enum Color {
    Red,
    Green,
    Blue,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Shape {
    color: Color,
    corners: Vec<Point>,
    label: Option<String>,
}

/// Nested collections in fields: the inner lists are declared by the
/// field's type (their headers say so and carry no element type).
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Grid {
    rows: Vec<Vec<String>>,
    index: BTreeMap<String, Vec<String>>,
}

/// A number, then strings: written on one output cursor (the struct's run
/// of plain fields), non-ASCII ones included.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Label {
    id: i32,
    text: String,
    note: String,
}

/// Python's `List[int]`, `List[float]` and `List[bool]` fields: LISTs of
/// declared elements there, dense arrays here.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Numbers {
    ints: Vec<i64>,
    floats: Vec<f64>,
    flags: Vec<bool>,
}

fn label(id: i32, text: &str, note: &str) -> Label {
    Label {
        id,
        text: text.into(),
        note: note.into(),
    }
}

fn grid(rows: &[&[&str]], index: &[(&str, &[&str])]) -> Grid {
    Grid {
        rows: rows
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect(),
        index: index
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect(),
    }
}

/// Python's `Evo` has `py_only: int` where this one has `rust_only`.
#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Evo {
    name: String,
    rust_only: f64,
}

#[derive(Clone, Copy, PartialEq)]
enum Cb {
    None,
    Oob,
    Alt,
}

fn fory(ref_tracking: bool, compatible: bool) -> Fory {
    fory_strings(ref_tracking, compatible, false)
}

/// [`fory`], with strings written as UTF-8 when `utf8_strings`.
fn fory_strings(ref_tracking: bool, compatible: bool, utf8_strings: bool) -> Fory {
    let mut f = Fory::builder()
        .xlang(true)
        .ref_tracking(ref_tracking)
        .strict(false)
        .compatible(compatible)
        .xlang_utf8_strings(utf8_strings)
        .build();
    f.register::<Point>(100).unwrap();
    f.register::<Color>(101).unwrap();
    f.register::<Shape>(102).unwrap();
    f.register::<Grid>(103).unwrap();
    f.register::<Label>(104).unwrap();
    f.register::<Numbers>(105).unwrap();
    f.register_by_name::<Person>("example", "Person").unwrap();
    f.register_by_name::<Evo>("example", "Evo").unwrap();
    f
}

fn case<T>(name: &'static str, ref_tracking: bool, cb: Cb, value: T, same_bytes: bool) -> Case
where
    T: Serialize + Deserialize + PartialEq + std::fmt::Debug + Clone + 'static,
{
    case_full(
        name,
        (ref_tracking, true),
        cb,
        value.clone(),
        value,
        same_bytes,
    )
}

/// A case with `compatible(false)`.
fn schema_case<T>(name: &'static str, ref_tracking: bool, value: T) -> Case
where
    T: Serialize + Deserialize + PartialEq + std::fmt::Debug + Clone + 'static,
{
    case_full(
        name,
        (ref_tracking, false),
        Cb::None,
        value.clone(),
        value,
        true,
    )
}

/// `written` is what Rust writes; `expected` what it must read from
/// Python's file (they differ for schema evolution).
fn case_full<T>(
    name: &'static str,
    (ref_tracking, compatible): (bool, bool),
    cb: Cb,
    written: T,
    expected: T,
    same_bytes: bool,
) -> Case
where
    T: Serialize + Deserialize + PartialEq + std::fmt::Debug + Clone + 'static,
{
    let v1 = written;
    let value = expected;
    let write = Box::new(move |dir: &Path| {
        let f = fory(ref_tracking, compatible);
        let mut objs = Vec::new();
        let mut n = 0;
        let data = match cb {
            Cb::None => f.serialize(&v1).unwrap(),
            Cb::Oob => f.serialize_with_callback(&v1, &mut objs).unwrap(),
            Cb::Alt => f
                .serialize_with_callback(&v1, |b| {
                    n += 1;
                    if n % 2 == 0 {
                        objs.push(b);
                        false
                    } else {
                        true
                    }
                })
                .unwrap(),
        };
        std::fs::write(dir.join(format!("{name}.bin")), &data).unwrap();
        if cb != Cb::None {
            peer::write_oob(&dir.join(format!("{name}.oob")), &objs);
        }
        data
    });
    let read = Box::new(move |dir: &Path| {
        let f = fory(ref_tracking, compatible);
        let data = peer::load(dir, name)?;
        let got = if cb == Cb::None {
            f.deserialize(&data)
        } else {
            f.deserialize_with_buffers(&data, peer::read_oob(&dir.join(format!("{name}.oob"))))
        };
        peer::check(name, got, &value, peer::eq)
    });
    Case {
        name,
        write: Some(write),
        read: Some(read),
        same_bytes: if same_bytes { peer::ALL } else { 0 },
    }
}

fn cases() -> Vec<Case> {
    let same = Bytes::from_static(b"\x00\x01");
    vec![
        case("bytes", false, Cb::None, vec![0u8, 1], true),
        case(
            "bytes_oob",
            false,
            Cb::Oob,
            Bytes::from_static(&[0, 1]),
            true,
        ),
        case("bytes_inband_cb", true, Cb::Alt, [0u8, 1].repeat(150), true),
        case(
            "list_bytes_alt",
            false,
            Cb::Alt,
            vec![vec![0u8, 1]; 10],
            true,
        ),
        case(
            "list_bytes_alt_ref",
            true,
            Cb::Alt,
            vec![same.clone(); 10],
            true,
        ),
        case(
            "mixed_alt",
            false,
            Cb::Alt,
            (
                Bytes::from_static(b"aaa"),
                "s".to_string(),
                7i64,
                Bytes::from(vec![b'b'; 200]),
            ),
            true,
        ),
        case(
            "mixed_alt_ref",
            true,
            Cb::Alt,
            (
                Bytes::from_static(b"aaa"),
                "s".to_string(),
                7i64,
                Bytes::from(vec![b'b'; 200]),
            ),
            true,
        ),
        case(
            "same_bytes_twice",
            true,
            Cb::Oob,
            vec![same.clone(), same],
            true,
        ),
        case(
            "strings",
            false,
            Cb::None,
            ["abc", "café", "中文", "😀", ""].map(String::from).to_vec(),
            true,
        ),
        case(
            "dict",
            false,
            Cb::None,
            BTreeMap::from([("a".to_string(), 1i64), ("b".to_string(), -2)]),
            true,
        ),
        case(
            "f64_array",
            false,
            Cb::Oob,
            vec![0.0f64, 1.5, 3.0, 4.5, 6.0],
            true,
        ),
        // Python writes a LIST of VARINT64, Rust a dense INT64_ARRAY: both read both
        case(
            "ints",
            false,
            Cb::None,
            vec![0i64, -1, 300, i64::MAX, i64::MIN],
            false,
        ),
        case(
            "optional_ints",
            false,
            Cb::None,
            vec![Some(1i64), None, Some(3)],
            true,
        ),
        case("tuple", false, Cb::None, (1i64, "a".to_string()), true),
        case("set", false, Cb::None, BTreeSet::from([1i64, 2]), true),
        case(
            "nested",
            true,
            Cb::Oob,
            BTreeMap::from([("k".to_string(), vec![Some(vec![b'x'; 40]), None])]),
            true,
        ),
        case("none", false, Cb::None, None::<String>, true),
        case(
            "dict_null_value",
            false,
            Cb::None,
            BTreeMap::from([("a".to_string(), None), ("b".to_string(), Some(2i64))]),
            true,
        ),
        case(
            "dict_null_key",
            false,
            Cb::None,
            BTreeMap::from([(None::<String>, 1i64)]),
            true,
        ),
        case(
            "dict_null_value_ref",
            true,
            Cb::None,
            BTreeMap::from([("a".to_string(), None), ("b".to_string(), Some(2i64))]),
            true,
        ),
        case("arr_bool", false, Cb::None, vec![true, false, true], true),
        case("arr_i8", false, Cb::None, vec![-1i8, 0, 127], true),
        case("arr_i16", false, Cb::None, vec![-300i16, 0, 300], true),
        case(
            "arr_i32",
            false,
            Cb::None,
            vec![i32::MIN, 0, i32::MAX],
            true,
        ),
        case(
            "arr_i64",
            false,
            Cb::None,
            vec![i64::MIN, 0, i64::MAX],
            true,
        ),
        case("arr_u16", false, Cb::None, vec![0u16, 65535], true),
        case("arr_u32", false, Cb::None, vec![0u32, u32::MAX], true),
        case("arr_u64", false, Cb::None, vec![0u64, u64::MAX], true),
        case("arr_f32", false, Cb::Oob, vec![0.5f32, -1.25], true),
        case("arr_f64_ref", true, Cb::None, vec![1.5f64, 2.5, 3.5], true),
        case(
            "arr_f64_shared",
            false,
            Cb::Oob,
            SharedArray::from_vec(vec![0.0f64, 0.25, 0.5, 0.75, 1.0]),
            true,
        ),
        case(
            "arr_i32_shared",
            false,
            Cb::None,
            SharedArray::from_vec(vec![7i32, -7]),
            true,
        ),
        case("point", false, Cb::None, Point { x: 1, y: 2 }, true),
        schema_case("point_schema", false, Point { x: 1, y: 2 }),
        case(
            "points_shared",
            true,
            Cb::None,
            {
                let p = Rc::new(Point { x: 3, y: 4 });
                vec![p.clone(), p]
            },
            true,
        ),
        case("color", false, Cb::None, Color::Blue, true),
        case(
            "colors_ref",
            true,
            Cb::None,
            vec![Color::Blue, Color::Red, Color::Blue],
            true,
        ),
        case(
            "color_map_ref",
            true,
            Cb::None,
            BTreeMap::from([("k".to_string(), Color::Green)]),
            true,
        ),
        case(
            "person",
            false,
            Cb::None,
            person("Ada", 36, &["math"], None, &[("x", 1.5)]),
            true,
        ),
        schema_case(
            "person_schema",
            false,
            person("Ada", 36, &["math"], Some("a@b.c"), &[]),
        ),
        case(
            "person_ref",
            true,
            Cb::None,
            person("Grace", 85, &[], Some("g@h.i"), &[("y", -2.0)]),
            true,
        ),
        case(
            "person_latin1",
            false,
            Cb::None,
            person("Zoë Ünal", 40, &["ß"], None, &[]),
            true,
        ),
        schema_case(
            "person_wide_schema",
            false,
            person("中文", 7, &[], Some("é@x.y"), &[]),
        ),
        case(
            "person_emoji",
            false,
            Cb::None,
            person("😀 ok", 1, &[], None, &[]),
            true,
        ),
        case(
            "label",
            false,
            Cb::None,
            label(1, "Zoë Ünal", "plain"),
            true,
        ),
        schema_case("label_schema", false, label(2, "中文 text", "ß")),
        case("label_emoji", false, Cb::None, label(-3, "😀", ""), true),
        schema_case(
            "label_emoji_schema",
            false,
            label(4, "a😀b", &"ÿ".repeat(40)),
        ),
        case(
            "shape",
            false,
            Cb::None,
            Shape {
                color: Color::Green,
                corners: vec![Point { x: 0, y: 0 }, Point { x: 1, y: 1 }],
                label: Some("sq".into()),
            },
            true,
        ),
        case_full(
            "shape_schema",
            (true, false),
            Cb::None,
            Shape {
                color: Color::Red,
                corners: vec![Point { x: 5, y: 6 }],
                label: None,
            },
            Shape {
                color: Color::Red,
                corners: vec![Point { x: 5, y: 6 }],
                label: None,
            },
            true,
        ),
        case(
            "grid",
            false,
            Cb::None,
            grid(
                &[&["a", "b"], &[], &["c"]],
                &[("a", &["x", "y"]), ("b", &[])],
            ),
            true,
        ),
        schema_case(
            "grid_schema",
            false,
            grid(&[&["d"], &["e", "f"]], &[("k", &["v"])]),
        ),
        case(
            "dict_mixed",
            false,
            Cb::Oob,
            Value::Map(vec![
                (Value::String("a".into()), Value::Int(1)),
                (Value::Int(2), Value::String("b".into())),
                (
                    Value::String("c".into()),
                    Value::List(vec![
                        Value::Float64(1.5),
                        Value::Null,
                        Value::Binary(Bytes::from_static(b"z")),
                    ]),
                ),
            ]),
            true,
        ),
        case(
            "f64_bytes_oob",
            false,
            Cb::Oob,
            Bytes::from(
                (0..1000)
                    .flat_map(|i| (i as f64).to_le_bytes())
                    .collect::<Vec<u8>>(),
            ),
            true,
        ),
        // ref tracking: pyfory never tracks strings and ints, and reads a
        // list of them whose header lacks HAS_NULL with no element flags
        case(
            "shared_strs_ref",
            true,
            Cb::None,
            {
                let s = Rc::new("shared text".to_string());
                vec![s.clone(), s, Rc::new("other".to_string())]
            },
            false,
        ),
        case(
            "shared_ints_ref",
            true,
            Cb::None,
            {
                let n = Rc::new(7i64);
                vec![n.clone(), n, Rc::new(-1)]
            },
            false,
        ),
        // pyfory gives a list of only `None`s the element type NONE
        case("all_none", false, Cb::None, vec![None::<i64>, None], false),
        // numpy's uint8 array (UINT8_ARRAY) reads as bytes; bytes go back
        case("arr_u8", false, Cb::None, vec![0u8, 1, 255], false),
        // bytes out-of-band read into an Array1<u8>, which is numpy's
        // uint8 array, in line (pyfory's arrays are)
        case(
            "array1_u8_oob",
            false,
            Cb::Oob,
            ndarray::Array1::from(vec![0u8, 1, 2, 3, 4, 5]),
            false,
        ),
        // Python's number lists in fields read into dense arrays
        case(
            "numbers",
            false,
            Cb::None,
            Numbers {
                ints: vec![1, -2, 1 << 40],
                floats: vec![1.5, -0.25],
                flags: vec![true, false],
            },
            false,
        ),
        // schema evolution: each side lacks the other's field
        case_full(
            "evo",
            (false, true),
            Cb::None,
            Evo {
                name: "evolving".into(),
                rust_only: 2.5,
            },
            Evo {
                name: "evolving".into(),
                rust_only: 0.0,
            },
            false,
        ),
    ]
}

fn person(
    name: &str,
    age: i32,
    tags: &[&str],
    email: Option<&str>,
    scores: &[(&str, f64)],
) -> Person {
    Person {
        name: name.into(),
        age,
        tags: tags.iter().map(|t| t.to_string()).collect(),
        email: email.map(Into::into),
        scores: scores.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
    }
}

/// Runs the Python peer (`python/interop.py`) in `mode` on `dir`.
fn peer(mode: &str, dir: &Path) -> std::process::Output {
    peer::run(SCRIPT, mode, dir)
}

/// A fresh directory holding every case as pyfory writes it.
fn pyfory_cases(tag: &str) -> PathBuf {
    peer::written(SCRIPT, &format!("interop-{tag}"))
}

#[test]
fn pyfory_reads_what_rust_writes_and_rust_reads_what_pyfory_writes() {
    let cases = cases();
    let mut run = peer::both_ways(SCRIPT, "interop", &cases);
    let py_dir = run.py_dir.clone();
    // every case reads as a dynamic Value, except schema-consistent
    // structs, which carry no field names
    for c in &cases {
        let data = std::fs::read(py_dir.join(format!("{}.bin", c.name))).unwrap();
        let oob = py_dir.join(format!("{}.oob", c.name));
        let compatible = !c.name.ends_with("_schema");
        let f = fory(
            c.name.contains("ref")
                || c.name.contains("shared")
                || c.name.contains("twice")
                || c.name == "nested"
                || c.name == "bytes_inband_cb"
                || c.name == "shape_schema",
            compatible,
        );
        let got: fory_core::Result<Value> = if oob.exists() {
            f.deserialize_with_buffers(&data, peer::read_oob(&oob))
        } else {
            f.deserialize(&data)
        };
        match (got, compatible) {
            (Ok(v), true) => {
                let text = v.to_string();
                assert!(!text.is_empty(), "{}", c.name);
            }
            (Err(e), false) => assert!(
                e.to_string().contains("schema-consistent"),
                "{}: {e}",
                c.name
            ),
            (Ok(v), false) => run
                .failures
                .push(format!("{}: read {v} without field names", c.name)),
            (Err(e), true) => run.failures.push(format!("{}: as Value: {e}", c.name)),
        }
    }
    // and a few exactly
    let person = std::fs::read(py_dir.join("person.bin")).unwrap();
    let v: Value = fory(false, true).deserialize(&person).unwrap();
    assert_eq!(
        v.to_string(),
        r#"example.Person { age: 36, email: null, name: "Ada", scores: {"x": 1.5}, tags: ["math"] }"#
    );
    assert_eq!(v.get("name").and_then(Value::as_str), Some("Ada"));
    let shape = std::fs::read(py_dir.join("shape.bin")).unwrap();
    let v: Value = fory(false, true).deserialize(&shape).unwrap();
    assert_eq!(
        v.to_string(),
        r#"Shape { color: enum(1), corners: [Point { x: 0, y: 0 }, Point { x: 1, y: 1 }], label: "sq" }"#
    );
    let shared = std::fs::read(py_dir.join("points_shared.bin")).unwrap();
    let v: Value = fory(true, true).deserialize(&shared).unwrap();
    assert_eq!(v.to_string(), "[Point { x: 3, y: 4 }, &1]");

    // pyfory's out-of-band float64 bytes read zero-copy as a shared array
    let data = std::fs::read(py_dir.join("f64_bytes_oob.bin")).unwrap();
    assert_eq!(to_hex(&data), "03 ff 29 00");
    let bufs = peer::read_oob(&py_dir.join("f64_bytes_oob.oob"));
    let arr: SharedArray<f64> = fory(false, true)
        .deserialize_with_buffers(&data, bufs.clone())
        .unwrap();
    assert_eq!(arr.len(), 1000);
    assert_eq!(arr[999], 999.0);
    if SharedArray::<f64>::is_aligned(&bufs[0]) {
        assert_eq!(arr.as_ptr() as *const u8, bufs[0].as_ptr(), "zero-copy");
    }

    run.finish();
}

/// With `xlang_utf8_strings(true)` every string is written as UTF-8, the
/// bytes Rust holds, and pyfory reads each case back to the same values;
/// pyfory's own bytes (Latin-1, UTF-16) read the same with the setting on.
#[test]
fn pyfory_reads_strings_written_as_utf8() {
    let dir = peer::tempdir("interop-utf8-strings");
    let mut written = 0;
    let mut write = |name: &str, data: Vec<u8>, texts: &[&str]| {
        for t in texts.iter().filter(|t| !t.is_empty()) {
            // the header: byte length << 2 | 2 (UTF-8), then the bytes
            let mut expect = Vec::new();
            let mut header = ((t.len() as u64) << 2) | 2;
            while header >= 0x80 {
                expect.push(header as u8 | 0x80);
                header >>= 7;
            }
            expect.push(header as u8);
            expect.extend_from_slice(t.as_bytes());
            assert!(
                data.windows(expect.len()).any(|w| w == expect),
                "{name}: {t:?} is not in the output as UTF-8: {}",
                to_hex(&data)
            );
        }
        std::fs::write(dir.join(format!("{name}.bin")), &data).unwrap();
        written += 1;
    };
    let utf8 = |compatible| fory_strings(false, compatible, true);
    let strings: Vec<String> = ["abc", "café", "中文", "😀", ""].map(String::from).to_vec();
    write(
        "strings",
        utf8(true).serialize(&strings).unwrap(),
        &["café", "中文", "😀"],
    );
    for (name, compatible, p) in [
        (
            "person_latin1",
            true,
            person("Zoë Ünal", 40, &["ß"], None, &[]),
        ),
        (
            "person_wide_schema",
            false,
            person("中文", 7, &[], Some("é@x.y"), &[]),
        ),
        ("person_emoji", true, person("😀 ok", 1, &[], None, &[])),
    ] {
        let texts: Vec<&str> = [p.name.as_str()]
            .into_iter()
            .chain(p.tags.iter().map(String::as_str))
            .chain(p.email.as_deref())
            .collect();
        write(name, utf8(compatible).serialize(&p).unwrap(), &texts);
    }
    for (name, compatible, l) in [
        ("label", true, label(1, "Zoë Ünal", "plain")),
        ("label_schema", false, label(2, "中文 text", "ß")),
        ("label_emoji", true, label(-3, "😀", "")),
        (
            "label_emoji_schema",
            false,
            label(4, "a😀b", &"ÿ".repeat(40)),
        ),
    ] {
        let data = utf8(compatible).serialize(&l).unwrap();
        write(name, data, &[&l.text, &l.note]);
    }
    let out = peer("read-present", &dir);
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.contains(&format!("{written} passed, 0 failed")),
        "pyfory could not read the UTF-8 strings:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // pyfory's own encodings read the same with the setting on
    let py_dir = pyfory_cases("utf8-strings-python");
    let read = |name: &str| std::fs::read(py_dir.join(format!("{name}.bin"))).unwrap();
    let got: Vec<String> = utf8(true).deserialize(&read("strings")).unwrap();
    assert_eq!(got, strings);
    let got: Label = utf8(false)
        .deserialize(&read("label_emoji_schema"))
        .unwrap();
    assert_eq!(got, label(4, "a😀b", &"ÿ".repeat(40)));
    let got: Person = utf8(false)
        .deserialize(&read("person_wide_schema"))
        .unwrap();
    assert_eq!(got, person("中文", 7, &[], Some("é@x.y"), &[]));
}
