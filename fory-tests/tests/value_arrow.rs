//! Arrow data in a dynamic `Value`: `Value::RecordBatch` (pyfory's
//! `pa.RecordBatch` and `pa.Table` in xlang mode, `RECORD_BATCH` in native
//! mode) and `Value::ArrowArray` (native mode's `ARROW_ARRAY`), read in
//! band and out of band (zero-copy from `Bytes`), written back as the
//! typed writes write them, and the errors bad input gives. Before
//! `Value` held them, every read here failed with "... cannot be read as
//! a dynamic Value".

use std::sync::Arc;

use arrow_array::{Array, ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_data::ArrayData;
use bytes::Bytes;
use fory_core::serializer::arrow::ArrowArray;
use fory_core::value::Value;
use fory_core::{Fory, ForyObject};

fn modes() -> [(&'static str, Fory); 2] {
    [
        ("xlang", Fory::builder().xlang(true).build()),
        ("native", Fory::builder().build()),
    ]
}

fn batch() -> RecordBatch {
    RecordBatch::try_from_iter([
        ("id", Arc::new(Int64Array::from(vec![1, -2, 3])) as ArrayRef),
        (
            "name",
            Arc::new(StringArray::from(vec![Some("ann"), None, Some("bø")])),
        ),
    ])
    .unwrap()
}

fn other_batch() -> RecordBatch {
    RecordBatch::try_from_iter([(
        "x",
        Arc::new(Float64Array::from(vec![0.5, 1.5, 2.5, 3.5])) as ArrayRef,
    )])
    .unwrap()
}

/// `{"name": "x", "batch": batch}` and a list holding two batches and a
/// number.
fn values() -> Vec<Value> {
    vec![
        Value::Map(vec![
            (Value::String("name".into()), Value::String("x".into())),
            (Value::String("batch".into()), Value::RecordBatch(batch())),
        ]),
        Value::List(vec![
            Value::RecordBatch(batch()),
            Value::RecordBatch(other_batch()),
            Value::Int(7),
        ]),
        Value::List(vec![
            Value::RecordBatch(batch()),
            Value::RecordBatch(other_batch().slice(1, 2)),
        ]),
    ]
}

/// Serializes with every buffer out-of-band.
fn write_oob(fory: &Fory, v: &Value) -> (Vec<u8>, Vec<Bytes>) {
    let mut objs = Vec::new();
    let stream = fory.serialize_with_callback(v, &mut objs).unwrap();
    (stream, objs.iter().map(|o| o.to_buffer()).collect())
}

/// Every buffer of every level of `data` lies inside one of `given`.
fn assert_points_into(data: &ArrayData, given: &[Bytes], what: &str) {
    let inside = |p: *const u8, len: usize| {
        len == 0
            || given.iter().any(|g| {
                let (s, e) = (g.as_ptr() as usize, g.as_ptr() as usize + g.len());
                p as usize >= s && p as usize + len <= e
            })
    };
    for b in data.buffers() {
        assert!(inside(b.as_ptr(), b.len()), "{what}: a buffer was copied");
    }
    if let Some(n) = data.nulls() {
        let b = n.buffer();
        assert!(inside(b.as_ptr(), b.len()), "{what}: validity was copied");
    }
    for c in data.child_data() {
        assert_points_into(c, given, what);
    }
}

#[test]
fn batches_in_maps_and_lists_round_trip_in_band_and_out_of_band() {
    for (mode, fory) in modes() {
        for v in values() {
            let bytes = fory.serialize(&v).unwrap();
            let back: Value = fory.deserialize(&bytes).unwrap();
            assert_eq!(back, v, "{mode}, in band");

            let (stream, buffers) = write_oob(&fory, &v);
            // every column buffer went out of band (at least one per batch)
            assert!(buffers.len() >= 2, "{mode}: {} buffers", buffers.len());
            let back: Value = fory.deserialize_with_buffers(&stream, buffers).unwrap();
            assert_eq!(back, v, "{mode}, out of band");
        }
    }
}

/// With ref tracking each batch takes a ref id (its flag and type info
/// per element); the values still round-trip.
#[test]
fn batches_in_values_round_trip_under_ref_tracking() {
    for xlang in [true, false] {
        let fory = Fory::builder().xlang(xlang).ref_tracking(true).build();
        for v in values() {
            let back: Value = fory.deserialize(&fory.serialize(&v).unwrap()).unwrap();
            assert_eq!(back, v, "xlang {xlang}, in band");
            let (stream, buffers) = write_oob(&fory, &v);
            let back: Value = fory.deserialize_with_buffers(&stream, buffers).unwrap();
            assert_eq!(back, v, "xlang {xlang}, out of band");
        }
    }
}

#[derive(ForyObject, Debug, PartialEq)]
struct HoldsValue {
    v: Value,
    n: i32,
}

/// A `Value` field of a derived struct holds a map with a batch.
#[test]
fn a_value_field_holds_a_batch() {
    for xlang in [true, false] {
        for compatible in [true, false] {
            let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
            f.register::<HoldsValue>(41).unwrap();
            let s = HoldsValue {
                v: values()[0].clone(),
                n: 5,
            };
            let what = format!("xlang {xlang}, compatible {compatible}");
            let back: HoldsValue = f.deserialize(&f.serialize(&s).unwrap()).unwrap();
            assert_eq!(back, s, "{what}");
            let mut objs = Vec::new();
            let stream = f.serialize_with_callback(&s, &mut objs).unwrap();
            let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
            let back: HoldsValue = f.deserialize_with_buffers(&stream, buffers).unwrap();
            assert_eq!(back, s, "{what}, out of band");
        }
    }
}

#[test]
fn out_of_band_columns_point_into_the_buffers_handed_in() {
    for (mode, fory) in modes() {
        let v = &values()[0];
        let (stream, buffers) = write_oob(&fory, v);
        // fresh buffers, not those the written batch holds
        let given: Vec<Bytes> = buffers.iter().map(|b| Bytes::from(b.to_vec())).collect();
        let back: Value = fory
            .deserialize_with_buffers(&stream, given.iter().cloned())
            .unwrap();
        let Some(Value::RecordBatch(batch)) = back.get("batch") else {
            panic!("{mode}: no batch in {back:?}");
        };
        assert_eq!(batch, &self::batch(), "{mode}");
        for (f, c) in batch.schema().fields().iter().zip(batch.columns()) {
            assert_points_into(&c.to_data(), &given, &format!("{mode}, {}", f.name()));
        }
        let ids = batch.column(0).to_data().buffers()[0].as_ptr() as usize;
        assert!(
            given
                .iter()
                .any(|g| g.as_ptr() as usize <= ids && ids < g.as_ptr() as usize + g.len()),
            "{mode}: the id column does not point into a buffer handed in"
        );
    }
}

/// A `Value` holding a batch writes the typed write's bytes and offers
/// the same buffers; the typed bytes read as `Value` write themselves
/// back.
#[test]
fn a_batch_value_writes_the_typed_bytes() {
    for (mode, fory) in modes() {
        for b in [batch(), other_batch().slice(1, 3)] {
            let typed = fory.serialize(&b).unwrap();
            let v = Value::RecordBatch(b.clone());
            assert_eq!(fory.serialize(&v).unwrap(), typed, "{mode}, in band");
            let read: Value = fory.deserialize(&typed).unwrap();
            assert_eq!(read, v, "{mode}");
            assert_eq!(fory.serialize(&read).unwrap(), typed, "{mode}, read back");

            let mut typed_objs = Vec::new();
            let typed_stream = fory.serialize_with_callback(&b, &mut typed_objs).unwrap();
            let (stream, buffers) = write_oob(&fory, &v);
            assert_eq!(stream, typed_stream, "{mode}, out of band");
            let typed_buffers: Vec<Bytes> = typed_objs.iter().map(|o| o.to_buffer()).collect();
            assert_eq!(buffers, typed_buffers, "{mode}, the buffers offered");
            // the same memory: the batch's own buffers, no copy
            for (x, y) in buffers.iter().zip(&typed_buffers) {
                assert_eq!(x.as_ptr(), y.as_ptr(), "{mode}");
            }
        }
    }
}

/// pyfory's `pa.Table` (EXT 7001) is sent as one batch: a `Value` reads
/// it as `Value::RecordBatch`, as the typed read reads it as a
/// `RecordBatch`, and writes it back as a batch (7000).
#[test]
fn a_table_reads_as_a_record_batch() {
    let fory = Fory::builder().xlang(true).build();
    let mut bytes = fory.serialize(&batch()).unwrap();
    // EXT, varuint32 7000 -> 7001
    let at = bytes
        .windows(3)
        .position(|w| w == [31, 0xd8, 0x36])
        .unwrap();
    bytes[at + 1] = 0xd9;
    let v: Value = fory.deserialize(&bytes).unwrap();
    assert_eq!(v, Value::RecordBatch(batch()));
    let back = fory.serialize(&v).unwrap();
    assert_eq!(back, fory.serialize(&batch()).unwrap());
}

#[test]
fn an_arrow_array_is_a_value_in_native_mode() {
    let fory = Fory::builder().build();
    let array: ArrayRef = Arc::new(StringArray::from(vec![Some("a"), None, Some("ccc")]));
    let typed = fory.serialize(&ArrowArray(array.clone())).unwrap();
    let v: Value = fory.deserialize(&typed).unwrap();
    assert_eq!(v, Value::ArrowArray(array.clone()));
    assert_eq!(v.to_string(), "ArrowArray[Utf8, 3 rows]");
    assert_eq!(fory.serialize(&v).unwrap(), typed);
    let list = Value::List(vec![Value::ArrowArray(array.clone()), Value::Null]);
    let (stream, buffers) = write_oob(&fory, &list);
    assert!(!buffers.is_empty());
    let back: Value = fory.deserialize_with_buffers(&stream, buffers).unwrap();
    assert_eq!(back, list);
    // a single array is native only, as `ArrowArray` is
    let xlang = Fory::builder().xlang(true).build();
    let e = xlang.serialize(&Value::ArrowArray(array)).unwrap_err();
    assert!(e.message().contains("native mode only"), "{e}");
}

#[test]
fn batches_display_their_shape() {
    assert_eq!(
        Value::RecordBatch(batch()).to_string(),
        "RecordBatch[3 rows × 2 columns]"
    );
    assert_eq!(
        Value::RecordBatch(other_batch().slice(0, 1)).to_string(),
        "RecordBatch[1 row × 1 column]"
    );
    assert_eq!(
        values()[0].to_string(),
        r#"{"name": "x", "batch": RecordBatch[3 rows × 2 columns]}"#
    );
}

#[derive(ForyObject, Debug, PartialEq)]
struct Labelled {
    name: String,
    batch: RecordBatch,
    maybe: Option<RecordBatch>,
}

/// A derived struct's batch field reads as a field of `Value::Struct`
/// (compatible mode: the stream carries the field names), in band and out
/// of band.
#[test]
fn a_batch_struct_field_reads_as_a_struct_value() {
    for xlang in [true, false] {
        let mut f = Fory::builder().xlang(xlang).compatible(true).build();
        f.register::<Labelled>(40).unwrap();
        let s = Labelled {
            name: "n".into(),
            batch: batch(),
            maybe: Some(other_batch()),
        };
        let mut objs = Vec::new();
        let stream = f.serialize_with_callback(&s, &mut objs).unwrap();
        let given: Vec<Bytes> = objs
            .iter()
            .map(|o| Bytes::from(o.to_buffer().to_vec()))
            .collect();
        for (v, what) in [
            (
                f.deserialize::<Value>(&f.serialize(&s).unwrap()).unwrap(),
                "in band",
            ),
            (
                f.deserialize_with_buffers::<Value, _>(&stream, given.iter().cloned())
                    .unwrap(),
                "out of band",
            ),
        ] {
            let Value::Struct(sv) = &v else {
                panic!("xlang {xlang}, {what}: not a struct: {v:?}");
            };
            assert_eq!(sv.get("name"), Some(&Value::String("n".into())));
            assert_eq!(sv.get("batch"), Some(&Value::RecordBatch(batch())));
            assert_eq!(sv.get("maybe"), Some(&Value::RecordBatch(other_batch())));
            assert!(
                v.to_string()
                    .contains("batch: RecordBatch[3 rows × 2 columns]"),
                "{v}"
            );
        }
    }
}

#[test]
fn truncated_or_corrupt_batches_in_a_value_are_errors() {
    for (mode, fory) in modes() {
        let v = &values()[0];
        let good = fory.serialize(v).unwrap();
        // every prefix is an error, never a panic
        for cut in 0..good.len() {
            assert!(
                fory.deserialize::<Value>(&good[..cut]).is_err(),
                "{mode}: prefix {cut}"
            );
        }
        let e = fory
            .deserialize::<Value>(&good[..good.len() - 3])
            .unwrap_err();
        assert!(
            e.message().contains("end of") || e.message().contains("bytes left"),
            "{mode}: {e}"
        );
        // any byte changed: an error or some value, never a panic
        for i in 0..good.len() {
            for x in [0x00, 0x7f, 0xff] {
                let mut bad = good.clone();
                bad[i] ^= x;
                let _ = fory.deserialize::<Value>(&bad);
            }
        }
    }
    // a byte of the batch changed: the error the typed read gives
    let native = Fory::builder().build();
    let one = Value::RecordBatch(batch());
    let good = native.serialize(&one).unwrap();
    let mut refused = 0;
    // after the header, the flag and the type id
    for i in 3..good.len() {
        let mut bad = good.clone();
        bad[i] ^= 0x5a;
        if let Err(typed) = native.deserialize::<RecordBatch>(&bad) {
            refused += 1;
            let e = native.deserialize::<Value>(&bad).unwrap_err();
            assert_eq!(e.message(), typed.message(), "byte {i}");
        }
    }
    assert!(refused > good.len() / 4, "{refused} of {}", good.len());
    let xlang = Fory::builder().xlang(true).build();
    let mut bad = xlang.serialize(&one).unwrap();
    // the IPC schema message starts with the continuation marker ff ff ff ff
    let at = bad
        .windows(4)
        .position(|w| w == [0xff; 4])
        .expect("the IPC continuation marker");
    bad[at + 8..at + 16].fill(0xee);
    let e = xlang.deserialize::<Value>(&bad).unwrap_err();
    assert!(e.message().contains("schema"), "{e}");
}

#[test]
fn missing_out_of_band_buffers_are_errors() {
    for (mode, fory) in modes() {
        let (stream, buffers) = write_oob(&fory, &values()[0]);
        let e = fory
            .deserialize_with_buffers::<Value, _>(&stream, buffers[..buffers.len() - 1].to_vec())
            .unwrap_err();
        assert!(e.message().contains("buffer"), "{mode}: {e}");
        let e = fory
            .deserialize_with_buffers::<Value, _>(&stream, Vec::<Bytes>::new())
            .unwrap_err();
        assert!(e.message().contains("buffer"), "{mode}: {e}");
        // no buffers at all for a stream that says it has some
        let e = fory.deserialize::<Value>(&stream).unwrap_err();
        assert!(e.message().contains("out-of-band"), "{mode}: {e}");
        // a surplus buffer
        let mut more = buffers.clone();
        more.push(Bytes::from_static(b"extra"));
        let e = fory
            .deserialize_with_buffers::<Value, _>(&stream, more)
            .unwrap_err();
        assert!(e.message().contains("buffer"), "{mode}: {e}");
        // a buffer of the wrong size: an error, never a panic
        let mut wrong = buffers.clone();
        wrong[0] = Bytes::from_static(b"x");
        assert!(
            fory.deserialize_with_buffers::<Value, _>(&stream, wrong)
                .is_err(),
            "{mode}"
        );
    }
}
