//! The dynamic `Value`: round trips, display, and the errors it reports.

use bytes::Bytes;
use fory_core::value::{Array, Value};
use fory_core::{ErrorKind, Fory, ForyObject};

fn all() -> Vec<Fory> {
    let mut v = Vec::new();
    for xlang in [false, true] {
        for ref_tracking in [false, true] {
            v.push(
                Fory::builder()
                    .xlang(xlang)
                    .ref_tracking(ref_tracking)
                    .build(),
            );
        }
    }
    v
}

fn sample() -> Value {
    Value::Map(vec![
        (
            Value::String("ints".into()),
            Value::List(vec![Value::Int(-1), Value::UInt(7), Value::Null]),
        ),
        (
            Value::String("floats".into()),
            Value::Array(Array::F64(vec![0.5, 1.5])),
        ),
        (
            Value::Int(3),
            Value::Set(vec![Value::Bool(true), Value::Float32(2.5)]),
        ),
        (
            Value::String("bin".into()),
            Value::Binary(Bytes::from(vec![0u8, 1, 2, 255])),
        ),
        (Value::Null, Value::String("null key".into())),
        (Value::String("empty".into()), Value::List(vec![])),
    ])
}

#[test]
fn values_round_trip_in_every_mode_with_and_without_buffers() {
    for f in all() {
        let v = sample();
        let back: Value = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
        assert_eq!(back, v);
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&v, &mut objs).unwrap();
        let expected = if f.config().xlang() { 1 } else { 2 };
        assert_eq!(objs.len(), expected);
        let back: Value = f
            .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
            .unwrap();
        assert_eq!(back, v);
    }
}

#[test]
fn typed_values_read_as_value_and_display() {
    let f = Fory::builder().xlang(true).build();
    let bytes = f
        .serialize(&(
            1i64,
            "two".to_string(),
            vec![3.0f64],
            Some(vec![1u8, 2]),
            None::<i32>,
        ))
        .unwrap();
    let v: Value = f.deserialize(&bytes).unwrap();
    assert_eq!(
        v.to_string(),
        r#"[1, "two", float64[3.0], b"\x01\x02", null]"#
    );
    assert_eq!(v.as_list().unwrap()[0].as_i64(), Some(1));
    // long binaries and arrays are shortened
    let v = Value::List(vec![
        Value::Binary(Bytes::from(vec![b'a'; 100])),
        Value::Array(Array::I32((0..100).collect())),
    ]);
    let text = v.to_string();
    assert!(text.contains("… (100 bytes)"), "{text}");
    assert!(text.contains("… (100 in all)"), "{text}");
}

/// Every `i128` coefficient round-trips through `Value::Decimal`, and
/// reads as the `i128` it was written from; `i128::MIN` (a magnitude of
/// 2^127) was refused as "over 127 bits".
#[test]
fn every_i128_decimal_round_trips_as_value() {
    for f in all() {
        for unscaled in [i128::MIN, i128::MIN + 1, -(1 << 62) - 1, 0, i128::MAX] {
            for scale in [0, 3, -2] {
                let v = Value::Decimal { unscaled, scale };
                let bytes = f.serialize(&v).unwrap();
                assert_eq!(
                    f.deserialize::<Value>(&bytes).unwrap(),
                    v,
                    "{unscaled}e-{scale}"
                );
            }
            let typed = f.serialize(&unscaled).unwrap();
            assert_eq!(
                f.deserialize::<Value>(&typed).unwrap(),
                Value::Decimal { unscaled, scale: 0 }
            );
        }
        // past an i128 stays an error, saying so (u128::MAX, and -2^127 - 1)
        for (negative, magnitude) in [(false, u128::MAX), (true, (1u128 << 127) + 1)] {
            let mut bytes = f.serialize(&u128::MAX).unwrap();
            // the magnitude's 16 bytes end the stream; its header's sign bit
            let header_at = bytes.len() - 17;
            bytes[header_at] |= (negative as u8) << 1;
            let end = bytes.len();
            bytes[end - 16..].copy_from_slice(&magnitude.to_le_bytes());
            let err = f.deserialize::<Value>(&bytes).unwrap_err();
            assert!(err.to_string().contains("outside an i128"), "{err}");
        }
    }
}

#[derive(ForyObject, Debug, PartialEq)]
struct Reading {
    sensor: String,
    values: Vec<f32>,
    ok: Option<bool>,
}

#[test]
fn compatible_structs_read_as_value_schema_consistent_ones_do_not() {
    let mut f = Fory::builder().xlang(true).build();
    f.register_by_name::<Reading>("lab", "Reading").unwrap();
    let r = Reading {
        sensor: "t1".into(),
        values: vec![20.5],
        ok: Some(true),
    };
    let v: Value = f.deserialize(&f.serialize(&r).unwrap()).unwrap();
    assert_eq!(
        v.to_string(),
        r#"lab.Reading { ok: true, sensor: "t1", values: float32[20.5] }"#
    );
    assert_eq!(v.get("sensor").and_then(Value::as_str), Some("t1"));
    // a struct Value cannot be written back
    let e = f.serialize(&v).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);

    let mut g = Fory::builder().xlang(true).compatible(false).build();
    g.register::<Reading>(9).unwrap();
    let e = g
        .deserialize::<Value>(&g.serialize(&r).unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("schema-consistent"), "{e}");
}

#[test]
fn back_references_are_ref_ids() {
    let f = Fory::builder().xlang(true).ref_tracking(true).build();
    let shared = Bytes::from_static(b"xy");
    let v: Value = f
        .deserialize(&f.serialize(&vec![shared.clone(), shared]).unwrap())
        .unwrap();
    assert_eq!(
        v,
        Value::List(vec![
            Value::Binary(Bytes::from_static(b"xy")),
            Value::Ref(1)
        ])
    );
}

#[test]
fn malformed_input_is_an_error_as_value() {
    let f = Fory::builder().xlang(true).build();
    let good = f.serialize(&sample()).unwrap();
    for i in 1..good.len() {
        assert!(f.deserialize::<Value>(&good[..i]).is_err(), "prefix {i}");
    }
    for (i, b) in good.iter().enumerate() {
        for x in [0x00u8, 0x7f, 0x80, 0xff] {
            let mut bad = good.clone();
            if bad[i] == x {
                continue;
            }
            bad[i] = x;
            let _ = f.deserialize::<Value>(&bad); // must not panic
            let _ = b;
        }
    }
}

/// `value` written and read back by a Fory of every mode and layout
/// (`T` registered as `id`).
fn round_trips_in_every_layout<T>(id: u32, value: &T)
where
    T: fory_core::Serialize
        + fory_core::Deserialize
        + fory_core::UserType
        + PartialEq
        + std::fmt::Debug,
{
    for xlang in [false, true] {
        for compatible in [false, true] {
            let mut f = fory_core::Fory::builder()
                .xlang(xlang)
                .compatible(compatible)
                .build();
            f.register::<T>(id).unwrap();
            let bytes = f.serialize(value).unwrap();
            let back: T = f.deserialize(&bytes).unwrap_or_else(|e| {
                panic!("{value:?} (xlang {xlang}, compatible {compatible}): {e}")
            });
            assert_eq!(&back, value, "xlang {xlang}, compatible {compatible}");
        }
    }
}

/// A `Value` field holds any value: a map, a list, a set, a struct-less
/// number, in both modes and layouts (a map's key and value types are
/// not declared by a `Value` field, so they travel with it).
#[test]
fn a_value_field_holds_maps_lists_and_numbers() {
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    struct HasValue {
        v: Value,
        tail: String,
    }
    let values = [
        Value::Map(vec![(Value::String("k".into()), Value::Int(1))]),
        Value::Map(vec![
            (Value::String("a".into()), Value::Int(1)),
            (Value::Int(2), Value::String("b".into())),
        ]),
        Value::Map(vec![]),
        Value::List(vec![Value::Int(1), Value::String("x".into())]),
        Value::Int(-5),
        Value::String("s".into()),
    ];
    for v in values {
        round_trips_in_every_layout(
            120,
            &HasValue {
                v,
                tail: "end".into(),
            },
        );
    }
}

/// A map field whose values are `Value`s declares only its keys: the
/// dynamic side brings its type info, as pyfory writes a `Dict[str, Any]`
/// field.
#[test]
fn a_map_field_of_values_round_trips() {
    use std::collections::BTreeMap;
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    struct Attrs {
        by_name: BTreeMap<String, Value>,
    }
    round_trips_in_every_layout(
        121,
        &Attrs {
            by_name: BTreeMap::from([
                ("n".to_string(), Value::Int(3)),
                ("s".to_string(), Value::String("x".into())),
                (
                    "m".to_string(),
                    Value::Map(vec![(Value::Int(1), Value::Bool(true))]),
                ),
            ]),
        },
    );
}

/// Decimals display in plain notation as Python's `str(Decimal)` reads
/// them, a zero with a negative scale with its exponent (it printed
/// `000000`, six digits of nothing, for `0E+5`).
#[test]
fn decimals_display_their_value() {
    let show = |unscaled: i128, scale: i32| Value::Decimal { unscaled, scale }.to_string();
    assert_eq!(show(0, -5), "0E+5");
    assert_eq!(show(0, 0), "0");
    assert_eq!(show(0, 2), "0.00");
    assert_eq!(show(123, -2), "12300");
    assert_eq!(show(-123, 2), "-1.23");
    assert_eq!(show(5, 3), "0.005");
    assert_eq!(show(7, -40), "7E+40");
}

/// A list of nulls only is written as pyfory writes `[None, None]`: one
/// element type, NONE, and each element's null flag (it was written as a
/// list of mixed types, which pyfory reads too, in other bytes). The hex
/// is pyfory 1.7.7's, with and without ref tracking and compatible mode.
#[test]
fn a_list_of_nulls_has_pyforys_bytes() {
    let hex = |b: &[u8]| {
        b.iter()
            .map(|x| format!("{x:02x}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    for refs in [false, true] {
        for compatible in [false, true] {
            let f = Fory::builder()
                .xlang(true)
                .ref_tracking(refs)
                .compatible(compatible)
                .build();
            let root = if refs { "01 00" } else { "01 ff" };
            for (value, body) in [
                (
                    Value::List(vec![Value::Null, Value::Null]),
                    "16 02 0a 24 fd fd",
                ),
                (Value::List(vec![Value::Null]), "16 01 0a 24 fd"),
            ] {
                let bytes = f.serialize(&value).unwrap();
                assert_eq!(hex(&bytes), format!("{root} {body}"), "refs {refs}");
                assert_eq!(f.deserialize::<Value>(&bytes).unwrap(), value);
                assert_eq!(
                    f.deserialize::<Vec<Option<i32>>>(&bytes).unwrap(),
                    vec![None; value_len(&value)]
                );
            }
            let map = Value::Map(vec![(
                Value::String("a".into()),
                Value::List(vec![Value::Null]),
            )]);
            let bytes = f.serialize(&map).unwrap();
            assert_eq!(f.deserialize::<Value>(&bytes).unwrap(), map);
            if !refs {
                // (with ref tracking pyfory also tracks the dict's values)
                assert_eq!(hex(&bytes), "01 ff 18 01 00 01 15 16 04 61 01 0a 24 fd");
            }
        }
    }
}

fn value_len(v: &Value) -> usize {
    match v {
        Value::List(items) => items.len(),
        _ => 0,
    }
}
