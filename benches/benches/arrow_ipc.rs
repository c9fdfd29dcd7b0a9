//! A 1,000,000-row record batch (int64, float64, utf8, timestamp,
//! dictionary and list<int32> columns, with nulls) through Fory for Rust
//! and through Arrow IPC (`arrow-ipc`'s `StreamWriter` and its zero-copy
//! `StreamDecoder`), in one run. Results: docs/benchmarks.md.
//!
//! - `serialize`: Fory out-of-band (the stream plus borrowed column
//!   buffers, native and xlang), Fory framed into one `Vec` (one copy of
//!   the columns), Arrow IPC into one `Vec` (one copy).
//! - `deserialize`: to a validated `RecordBatch` whose column buffers
//!   point into the received bytes: Fory from the stream and the shipped
//!   buffers, Fory from the framed bytes, Arrow IPC's `StreamDecoder` over
//!   the IPC bytes (full validation, its default).

use std::hint::black_box;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, PrimitiveBuilder, StringDictionaryBuilder};
use arrow_array::types::{Int32Type, TimestampMicrosecondType};
use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use fory_benches::ipc_decode;
use fory_core::arrow_buffer::Buffer;
use fory_core::Fory;

const ROWS: usize = 1_000_000;

/// Every seventh value null in the nullable columns.
fn valid(i: usize) -> bool {
    i % 7 != 3
}

fn batch() -> RecordBatch {
    let ids: ArrayRef = Arc::new(Int64Array::from_iter_values(0..ROWS as i64));
    let xs: ArrayRef = Arc::new(Float64Array::from_iter(
        (0..ROWS).map(|i| valid(i).then_some(i as f64 * 0.25)),
    ));
    let names: ArrayRef = Arc::new(StringArray::from_iter(
        (0..ROWS).map(|i| valid(i).then(|| format!("name-{}", i % 10_007))),
    ));
    let mut ts =
        PrimitiveBuilder::<TimestampMicrosecondType>::with_capacity(ROWS).with_timezone("UTC");
    for i in 0..ROWS {
        ts.append_option(valid(i).then_some(1_700_000_000_000_000 + i as i64 * 1_000));
    }
    let ts: ArrayRef = Arc::new(ts.finish());
    let mut cats = StringDictionaryBuilder::<Int32Type>::new();
    for i in 0..ROWS {
        match i % 11 {
            5 => cats.append_null(),
            k => cats.append_value(["red", "green", "blue", "cyan", "plum"][k % 5]),
        }
    }
    let cats: ArrayRef = Arc::new(cats.finish());
    let mut lists = ListBuilder::new(PrimitiveBuilder::<Int32Type>::new());
    for i in 0..ROWS {
        if valid(i) {
            for k in 0..(i % 4) as i32 {
                lists.values().append_value(i as i32 + k);
            }
            lists.append(true);
        } else {
            lists.append(false);
        }
    }
    let lists: ArrayRef = Arc::new(lists.finish());
    let columns = vec![ids, xs, names, ts, cats, lists];
    let fields: Vec<Field> = ["id", "x", "name", "at", "category", "items"]
        .iter()
        .zip(&columns)
        .map(|(n, c)| Field::new(*n, c.data_type().clone(), *n != "id"))
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap()
}

fn ipc_bytes(b: &RecordBatch, out: &mut Vec<u8>) {
    out.clear();
    let mut w = arrow_ipc::writer::StreamWriter::try_new(&mut *out, &b.schema()).unwrap();
    w.write(b).unwrap();
    w.finish().unwrap();
}

fn arrow_1m(c: &mut Criterion) {
    let b = batch();
    let bytes: usize = b.columns().iter().map(|c| c.get_buffer_memory_size()).sum();
    let native = Fory::builder().build();
    let xlang = Fory::builder().xlang(true).build();

    let mut group = c.benchmark_group("arrow_1M_rows/serialize");
    group
        .sample_size(20)
        .throughput(Throughput::Bytes(bytes as u64));
    for (label, fory) in [
        ("fory_out_of_band", &native),
        ("fory_out_of_band_xlang", &xlang),
    ] {
        group.bench_function(label, |bench| {
            let mut objs = Vec::new();
            bench.iter(|| {
                objs.clear();
                let stream = fory
                    .serialize_with_callback(black_box(&b), &mut objs)
                    .unwrap();
                black_box((stream.len(), objs.len()));
            });
        });
    }
    group.bench_function("fory_framed_vec", |bench| {
        let mut wire = Vec::new();
        bench.iter(|| {
            wire.clear();
            native.write_message(black_box(&b), &mut wire).unwrap();
            black_box(wire.len());
        });
    });
    group.bench_function("arrow_ipc_vec", |bench| {
        let mut wire = Vec::new();
        bench.iter(|| {
            ipc_bytes(black_box(&b), &mut wire);
            black_box(wire.len());
        });
    });
    group.finish();

    let mut group = c.benchmark_group("arrow_1M_rows/deserialize");
    group
        .sample_size(20)
        .throughput(Throughput::Bytes(bytes as u64));
    for (label, fory) in [
        ("fory_out_of_band", &native),
        ("fory_out_of_band_xlang", &xlang),
    ] {
        let mut objs = Vec::new();
        let stream = fory.serialize_with_callback(&b, &mut objs).unwrap();
        let shipped: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
        let back: RecordBatch = fory
            .deserialize_with_buffers(&stream, shipped.clone())
            .unwrap();
        assert_eq!(back, b);
        group.bench_function(label, |bench| {
            bench.iter(|| {
                let back: RecordBatch = fory
                    .deserialize_with_buffers(black_box(&stream), shipped.clone())
                    .unwrap();
                black_box(back.num_rows());
            });
        });
    }
    let mut wire = Vec::new();
    native.write_message(&b, &mut wire).unwrap();
    let framed = Bytes::from(wire);
    assert_eq!(
        native
            .deserialize_message::<RecordBatch>(framed.clone())
            .unwrap(),
        b
    );
    group.bench_function("fory_framed_bytes", |bench| {
        bench.iter(|| {
            let back: RecordBatch = native
                .deserialize_message(black_box(framed.clone()))
                .unwrap();
            black_box(back.num_rows());
        });
    });
    let mut ipc = Vec::new();
    ipc_bytes(&b, &mut ipc);
    let ipc = Buffer::from_vec(ipc);
    assert_eq!(ipc_decode(&ipc), b);
    group.bench_function("arrow_ipc_stream_decoder", |bench| {
        bench.iter(|| black_box(ipc_decode(black_box(&ipc)).num_rows()));
    });
    group.finish();
}

criterion_group!(benches, arrow_1m);
criterion_main!(benches);
