//! ~100 MB through a framed Vec<u8> and a mapped file, next to in-band
//! serialization and a plain memcpy of the same bytes. Results:
//! docs/benchmarks.md.

use std::hint::black_box;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, Int64Array, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use bytes::Bytes;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use fory_core::buffers::frame;
use fory_core::serializer::ndarray::SharedNdArray;
use fory_core::Fory;
use ndarray::Array2;

/// 100 MB of f64 in both cases.
const ELEMS: usize = 12_500_000;

fn batch() -> RecordBatch {
    batch_of(ELEMS / 2)
}

fn batch_of(rows: usize) -> RecordBatch {
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("x", DataType::Float64, false),
    ]));
    let cols: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from_iter_values(0..rows as i64)),
        Arc::new(Float64Array::from_iter_values(
            (0..rows).map(|i| i as f64 * 0.5),
        )),
    ];
    RecordBatch::try_new(schema, cols).unwrap()
}

fn matrix(elems: usize) -> Array2<f64> {
    let cols = 2500;
    Array2::from_shape_fn((elems / cols, cols), |(i, j)| (i * cols + j) as f64)
}

/// Takes the Vec back from a frame's Bytes once nothing else shares it.
fn reclaim(data: Bytes) -> Vec<u8> {
    match data.try_into_mut() {
        Ok(unique) => Vec::from(unique),
        Err(_) => panic!("the frame is still shared"),
    }
}

fn large(c: &mut Criterion) {
    let fory = Fory::builder().build();
    let m = matrix(ELEMS);
    let b = batch();
    let bytes = (ELEMS * 8) as u64;
    let mut group = c.benchmark_group("large_100MB");
    group.sample_size(10).throughput(Throughput::Bytes(bytes));

    group.bench_function("memcpy", |bench| {
        let src = vec![1u8; ELEMS * 8];
        let mut dst: Vec<u8> = Vec::with_capacity(src.len());
        bench.iter(|| {
            dst.clear();
            dst.extend_from_slice(black_box(&src));
            black_box(dst.len());
        });
    });

    // framed Vec<u8> round trip: write the frame (the buffers are copied once,
    // into the Vec), read it back zero-copy from Bytes
    // (the Vec is reused across iterations, as the memcpy's destination is:
    // once the value read back is dropped the frame's Bytes is unique again)
    group.bench_function("array2d/framed_vec_round_trip", |bench| {
        let mut wire = Vec::with_capacity(ELEMS * 8 + 4096);
        bench.iter(|| {
            wire.clear();
            fory.write_message(black_box(&m), &mut wire).unwrap();
            let data = Bytes::from(std::mem::take(&mut wire));
            let back: SharedNdArray<f64> = fory.deserialize_message(data.clone()).unwrap();
            black_box(back.shape()[0]);
            drop(back);
            wire = reclaim(data);
        });
    });
    group.bench_function("array2d/file_mmap_round_trip", |bench| {
        let path = std::env::temp_dir().join(format!("fory-bench-rt-{}.bin", std::process::id()));
        bench.iter(|| {
            let mut file = std::fs::File::create(&path).unwrap();
            fory.write_message(black_box(&m), &mut file).unwrap();
            drop(file);
            let mapped = frame::map_file(&path).unwrap();
            let back: SharedNdArray<f64> = fory.deserialize_message(mapped).unwrap();
            black_box(back.shape()[0]);
        });
        let _ = std::fs::remove_file(&path);
    });
    group.bench_function("array2d/in_band_round_trip", |bench| {
        let mut out = Vec::new();
        bench.iter(|| {
            fory.serialize_into(black_box(&m), &mut out).unwrap();
            let back: Array2<f64> = fory.deserialize(&out).unwrap();
            black_box(back.len());
        });
    });
    group.bench_function("batch/framed_vec_round_trip", |bench| {
        let mut wire = Vec::with_capacity(ELEMS * 8 + 4096);
        bench.iter(|| {
            wire.clear();
            fory.write_message(black_box(&b), &mut wire).unwrap();
            let data = Bytes::from(std::mem::take(&mut wire));
            let back: RecordBatch = fory.deserialize_message(data.clone()).unwrap();
            black_box(back.num_rows());
            drop(back);
            wire = reclaim(data);
        });
    });
    group.bench_function("batch/file_mmap_round_trip", |bench| {
        let path = std::env::temp_dir().join(format!("fory-bench-rtb-{}.bin", std::process::id()));
        bench.iter(|| {
            let mut file = std::fs::File::create(&path).unwrap();
            fory.write_message(black_box(&b), &mut file).unwrap();
            drop(file);
            let mapped = frame::map_file(&path).unwrap();
            let back: RecordBatch = fory.deserialize_message(mapped).unwrap();
            black_box(back.num_rows());
        });
        let _ = std::fs::remove_file(&path);
    });
    group.bench_function("batch/in_band_round_trip", |bench| {
        let mut out = Vec::new();
        bench.iter(|| {
            fory.serialize_into(black_box(&b), &mut out).unwrap();
            let back: RecordBatch = fory.deserialize(&out).unwrap();
            black_box(back.num_rows());
        });
    });
    group.finish();
}

/// Reading a mapped file: map + parse + deserialize, at 1, 10 and 100 MB.
fn mmap_read(c: &mut Criterion) {
    let fory = Fory::builder().build();
    let mut group = c.benchmark_group("mmap_read");
    for elems in [ELEMS / 100, ELEMS / 10, ELEMS] {
        let path =
            std::env::temp_dir().join(format!("fory-bench-{}-{elems}.bin", std::process::id()));
        let mut file = std::fs::File::create(&path).unwrap();
        fory.write_message(&matrix(elems), &mut file).unwrap();
        drop(file);
        let label = format!("{}MB", elems * 8 / 1_000_000);
        group.bench_with_input(BenchmarkId::new("array2d", &label), &path, |bench, path| {
            bench.iter(|| {
                let mapped = frame::map_file(path).unwrap();
                let back: SharedNdArray<f64> = fory.deserialize_message(mapped).unwrap();
                black_box(back.shape()[0]);
            });
        });
        std::fs::remove_file(&path).unwrap();

        let path =
            std::env::temp_dir().join(format!("fory-bench-b-{}-{elems}.bin", std::process::id()));
        let mut file = std::fs::File::create(&path).unwrap();
        fory.write_message(&batch_of(elems / 2), &mut file).unwrap();
        drop(file);
        group.bench_with_input(BenchmarkId::new("batch", &label), &path, |bench, path| {
            bench.iter(|| {
                let mapped = frame::map_file(path).unwrap();
                let back: RecordBatch = fory.deserialize_message(mapped).unwrap();
                black_box(back.num_rows());
            });
        });
        std::fs::remove_file(&path).unwrap();
    }
    group.finish();
}

criterion_group!(benches, large, mmap_read);
criterion_main!(benches);
