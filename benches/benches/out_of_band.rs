//! Out-of-band versus in-band serialization of `Vec<f64>`, next to a plain
//! memcpy of the same bytes; reading a sequence of small out-of-band
//! values from one queue of buffers. Results: docs/benchmarks.md.

use std::collections::VecDeque;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use fory_core::buffers::{BufferObject, BufferView};
use fory_core::Fory;

const SIZES: [usize; 3] = [1_000, 1_000_000, 10_000_000];

fn label(n: usize) -> String {
    match n {
        1_000 => "1K".into(),
        1_000_000 => "1M".into(),
        10_000_000 => "10M".into(),
        _ => n.to_string(),
    }
}

fn serialize_f64(c: &mut Criterion) {
    let fory = Fory::builder().xlang(false).build();
    let mut group = c.benchmark_group("vec_f64");
    for n in SIZES {
        let data: Vec<f64> = (0..n).map(|i| i as f64 * 0.5).collect();
        let bytes = (n * 8) as u64;
        group.throughput(Throughput::Bytes(bytes));
        if n >= 1_000_000 {
            group.sample_size(20);
        } else {
            group.sample_size(100);
        }

        group.bench_with_input(
            BenchmarkId::new("out_of_band", label(n)),
            &data,
            |b, data| {
                let mut objs: Vec<BufferObject> = Vec::with_capacity(1);
                b.iter(|| {
                    objs.clear();
                    let stream = fory
                        .serialize_with_callback(black_box(data), &mut objs)
                        .unwrap();
                    black_box((&stream, objs.len()));
                });
            },
        );

        group.bench_with_input(BenchmarkId::new("in_band", label(n)), &data, |b, data| {
            let mut out = Vec::new();
            b.iter(|| {
                fory.serialize_into(black_box(data), &mut out).unwrap();
                black_box(out.len());
            });
        });

        group.bench_with_input(BenchmarkId::new("memcpy", label(n)), &data, |b, data| {
            // the same work as in-band minus the format: copy the bytes
            // into a reused Vec<u8>
            let src: &[u8] = bytemuck_bytes(data);
            let mut out: Vec<u8> = Vec::new();
            b.iter(|| {
                out.clear();
                out.extend_from_slice(black_box(src));
                black_box(out.len());
            });
        });

        group.bench_with_input(
            BenchmarkId::new("deserialize_oob", label(n)),
            &data,
            |b, data| {
                let mut objs = Vec::new();
                let stream = fory.serialize_with_callback(data, &mut objs).unwrap();
                let shared: Vec<bytes::Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
                b.iter(|| {
                    let v: fory_core::buffers::SharedArray<f64> = fory
                        .deserialize_with_buffers(black_box(&stream), shared.iter())
                        .unwrap();
                    black_box(v.len());
                });
            },
        );
    }
    group.finish();
}

fn bytemuck_bytes(v: &[f64]) -> &[u8] {
    // f64 -> bytes through the library's own zero-copy buffer view
    let obj = BufferObject::from_slice(v, fory_core::buffers::BufferKind::Binary);
    match obj.getbuffer() {
        fory_core::buffers::BufferView::Borrowed(s) => s,
        fory_core::buffers::BufferView::Shared(_) => unreachable!("borrowed input"),
    }
}

/// Reading what pyfory 1.7.7 writes for a float64 array sent out-of-band
/// (`fory.serialize(arr.tobytes(), buffer_callback=...)` in xlang mode: the
/// stream is `03 ff 29 00`, the interop test checks it against pyfory) into
/// a zero-copy `SharedArray<f64>`.
fn read_pyfory_f64_out_of_band(c: &mut Criterion) {
    const PYFORY_STREAM: [u8; 4] = [0x03, 0xff, 0x29, 0x00];
    let fory = Fory::builder().xlang(true).build();
    let mut group = c.benchmark_group("pyfory_f64_oob_read");
    for n in SIZES {
        let values: Vec<f64> = (0..n).map(|i| i as f64).collect();
        // as received into one aligned allocation
        let buffer = fory_core::buffers::SharedArray::from_vec(values).into_bytes();
        let check: fory_core::buffers::SharedArray<f64> = fory
            .deserialize_with_buffers(&PYFORY_STREAM, [buffer.clone()])
            .unwrap();
        assert_eq!(check.as_ptr() as *const u8, buffer.as_ptr(), "zero-copy");
        group.throughput(Throughput::Bytes((n * 8) as u64));
        group.bench_with_input(
            BenchmarkId::new("shared_array", label(n)),
            &buffer,
            |b, buffer| {
                b.iter(|| {
                    let v: fory_core::buffers::SharedArray<f64> = fory
                        .deserialize_with_buffers(black_box(&PYFORY_STREAM), [buffer.clone()])
                        .unwrap();
                    black_box(v.len());
                });
            },
        );
    }
    group.finish();
}

/// A sequence of 10,000 small values, each with one out-of-band buffer,
/// read back from one input and one queue of buffers with
/// `deserialize_from_with_buffers`, next to reading each value's own
/// stream with `deserialize_with_buffers`. Each read takes only the
/// buffers its value uses, so the sequence costs the sum of its values.
fn read_sequence_out_of_band(c: &mut Criterion) {
    const VALUES: usize = 10_000;
    let fory = Fory::builder().xlang(false).build();
    let mut streams = Vec::with_capacity(VALUES);
    let mut buffers = Vec::with_capacity(VALUES);
    for i in 0..VALUES {
        let value = bytes::Bytes::from(vec![i as u8; 16]);
        let mut objs = Vec::new();
        streams.push(fory.serialize_with_callback(&value, &mut objs).unwrap());
        buffers.extend(objs.iter().map(|o| o.to_buffer()));
    }
    assert_eq!(buffers.len(), VALUES);
    let input: Vec<u8> = streams.concat();
    let queue: VecDeque<BufferView<'static>> =
        buffers.iter().cloned().map(BufferView::from).collect();

    let mut group = c.benchmark_group("oob_sequence");
    group.throughput(Throughput::Elements(VALUES as u64));
    group.sample_size(10);
    group.bench_function(
        BenchmarkId::new("deserialize_from_with_buffers", "10K"),
        |b| {
            b.iter_batched(
                || queue.clone(),
                |mut queue| {
                    let mut rest = &input[..];
                    for _ in 0..VALUES {
                        let v: bytes::Bytes = fory
                            .deserialize_from_with_buffers(&mut rest, &mut queue)
                            .unwrap();
                        black_box(v);
                    }
                    assert!(rest.is_empty() && queue.is_empty());
                },
                BatchSize::LargeInput,
            );
        },
    );
    group.bench_function(
        BenchmarkId::new("deserialize_with_buffers_each", "10K"),
        |b| {
            b.iter(|| {
                for (stream, buffer) in streams.iter().zip(&buffers) {
                    let v: bytes::Bytes = fory
                        .deserialize_with_buffers(black_box(stream), [buffer.clone()])
                        .unwrap();
                    black_box(v);
                }
            });
        },
    );
    group.finish();
}

criterion_group!(
    benches,
    serialize_f64,
    read_pyfory_f64_out_of_band,
    read_sequence_out_of_band
);
criterion_main!(benches);
