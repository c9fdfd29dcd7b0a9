//! Arrow record batches and arrays (feature `arrow`): every column kind
//! with nulls, sliced columns, zero-copy both ways, bad input.

use std::sync::Arc;

use arrow_array::{
    Array, ArrayRef, BinaryArray, BooleanArray, Float64Array, Int32Array, Int64Array,
    LargeStringArray, RecordBatch, StringArray, UInt8Array,
};
use arrow_schema::{DataType, Field, Schema};
use bytes::Bytes;
use fory_core::buffers::BufferKind;
use fory_core::serializer::arrow::ArrowArray;
use fory_core::{ErrorKind, Fory};

fn batch() -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("score", DataType::Float64, true),
        Field::new("ok", DataType::Boolean, true),
        Field::new("name", DataType::Utf8, true),
        Field::new("blob", DataType::Binary, true),
        Field::new("small", DataType::Int32, true),
        Field::new("bytes", DataType::UInt8, false),
        Field::new("long_text", DataType::LargeUtf8, true),
    ]));
    let n = 1000;
    let cols: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from_iter_values(0..n)),
        Arc::new(Float64Array::from_iter(
            (0..n).map(|i| (i % 7 != 0).then_some(i as f64 * 0.5)),
        )),
        Arc::new(BooleanArray::from_iter(
            (0..n).map(|i| (i % 5 != 0).then_some(i % 2 == 0)),
        )),
        Arc::new(StringArray::from_iter(
            (0..n).map(|i| (i % 3 != 0).then(|| format!("row-{i}"))),
        )),
        Arc::new(BinaryArray::from_iter(
            (0..n).map(|i| (i % 4 != 0).then(|| vec![i as u8; (i % 9) as usize])),
        )),
        Arc::new(Int32Array::from_iter(
            (0..n).map(|i| (i % 11 != 0).then_some(i as i32 * -3)),
        )),
        Arc::new(UInt8Array::from_iter_values((0..n).map(|i| i as u8))),
        Arc::new(LargeStringArray::from_iter(
            (0..n).map(|i| (i % 2 == 0).then(|| "ü".repeat((i % 4) as usize))),
        )),
    ];
    RecordBatch::try_new(schema, cols).unwrap()
}

#[test]
fn record_batch_round_trips_in_band_and_out_of_band() {
    let f = Fory::builder().build();
    let b = batch();
    let back: RecordBatch = f.deserialize(&f.serialize(&b).unwrap()).unwrap();
    assert_eq!(back, b);

    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&b, &mut objs).unwrap();
    assert!(objs.iter().all(|o| o.kind() == BufferKind::TableColumn));
    // validity bitmaps + values (+ offsets for the string/binary columns)
    assert!(objs.len() >= b.num_columns() * 2, "{} buffers", objs.len());
    assert!(
        data.len() < 200,
        "the stream holds only the schema: {} bytes",
        data.len()
    );
    // offered without a copy: the first buffer is the id column's values
    let id_values = b.column(0).to_data().buffers()[0].as_ptr();
    assert!(objs.iter().any(|o| o.getbuffer().as_ptr() == id_values));

    let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    let back: RecordBatch = f.deserialize_with_buffers(&data, buffers.clone()).unwrap();
    assert_eq!(back, b);
    // read back zero-copy: each column's values live inside a given buffer
    let inside = |p: *const u8| buffers.iter().any(|b| b.as_ptr_range().contains(&p));
    for c in back.columns() {
        for buf in c.to_data().buffers() {
            if !buf.is_empty() {
                assert!(inside(buf.as_ptr()), "column buffer copied");
            }
        }
    }
}

#[test]
fn sliced_columns_keep_their_window() {
    let f = Fory::builder().build();
    let b = batch().slice(123, 456);
    // the validity bitmaps of a slice start mid-byte (bit offset 123)
    assert!(b
        .columns()
        .iter()
        .any(|c| c.nulls().is_some_and(|n| n.offset() == 123)));
    let back: RecordBatch = f.deserialize(&f.serialize(&b).unwrap()).unwrap();
    assert_eq!(back, b);
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&b, &mut objs).unwrap();
    let back: RecordBatch = f
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.getbuffer()))
        .unwrap();
    assert_eq!(back, b);
    // a single sliced array with an odd offset (bitmaps not byte-aligned)
    let bools = BooleanArray::from_iter((0..50).map(|i| (i % 3 != 0).then_some(i % 2 == 1)));
    let a = ArrowArray(Arc::new(bools.slice(13, 29)));
    let back: ArrowArray = f.deserialize(&f.serialize(&a).unwrap()).unwrap();
    assert_eq!(back, a);
    let strings = StringArray::from(vec![Some("a"), None, Some("ccc"), Some("dd")]);
    let s = ArrowArray(Arc::new(strings.slice(1, 3)));
    let back: ArrowArray = f.deserialize(&f.serialize(&s).unwrap()).unwrap();
    assert_eq!(back, s);
}

#[test]
fn misaligned_buffers_are_copied_and_read_right() {
    let f = Fory::builder().build();
    let a = ArrowArray(Arc::new(Float64Array::from(vec![1.5, 2.5, 3.5])));
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&a, &mut objs).unwrap();
    let shifted: Vec<Bytes> = objs
        .iter()
        .map(|o| {
            let mut v = vec![0u8];
            v.extend_from_slice(&o.getbuffer());
            Bytes::from(v).slice(1..)
        })
        .collect();
    let back: ArrowArray = f.deserialize_with_buffers(&data, shifted).unwrap();
    assert_eq!(back, a);
}

#[test]
fn corrupt_arrow_data_is_an_error_not_a_panic() {
    let f = Fory::builder().build();
    let b = batch().slice(0, 20);
    let good = f.serialize(&b).unwrap();
    for i in 1..good.len() {
        assert!(
            f.deserialize::<RecordBatch>(&good[..i]).is_err(),
            "prefix {i}"
        );
    }
    for i in 0..good.len() {
        for x in [0x00u8, 0x01, 0x7f, 0xff] {
            let mut bad = good.clone();
            bad[i] = x;
            let _ = f.deserialize::<RecordBatch>(&bad); // Err or Ok, never a panic
        }
    }
    // garbage in an out-of-band buffer (offsets, bitmaps, UTF-8), or a
    // buffer of the wrong length: errors, never panics
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&b, &mut objs).unwrap();
    let good_bufs: Vec<Vec<u8>> = objs.iter().map(|o| o.getbuffer().to_vec()).collect();
    for i in 0..good_bufs.len() {
        for mutate in [0usize, 1, 2] {
            let mut bufs = good_bufs.clone();
            match mutate {
                0 => bufs[i].iter_mut().for_each(|x| *x = 0xff),
                1 => {
                    bufs[i].pop();
                }
                _ => bufs[i].extend_from_slice(&[0x80; 3]),
            }
            let _ = f.deserialize_with_buffers::<RecordBatch, _>(&data, bufs);
        }
    }
    // xlang mode has no record batches
    let x = Fory::builder().xlang(true).build();
    assert_eq!(x.serialize(&b).unwrap_err().kind(), ErrorKind::Unsupported);
}
