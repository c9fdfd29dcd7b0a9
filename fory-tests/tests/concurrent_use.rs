//! One `Fory`, shared in an `Arc`, used from many threads at once: in-band
//! and out-of-band, registered derive types, compatible and
//! schema-consistent layouts, with every result checked.

use std::sync::{Arc, Barrier};
use std::thread;

use bytes::Bytes;
use fory_core::buffers::{BufferObject, PickleBuffer};
use fory_core::{Fory, ForyObject};

#[derive(ForyObject, Debug, Clone, PartialEq)]
struct Frame {
    id: u64,
    label: String,
    samples: Vec<f64>,
    raw: Bytes,
}

#[derive(ForyObject, Debug, Clone, PartialEq)]
struct Batch {
    seq: u32,
    frames: Vec<Frame>,
    tags: Vec<String>,
    blob: PickleBuffer,
}

const THREADS: usize = 8;
const ROUNDS: usize = 200;

fn frame(thread: usize, round: usize) -> Frame {
    let seed = (thread * 1000 + round) as u64;
    Frame {
        id: seed,
        label: format!("t{thread}-r{round}"),
        samples: (0..(round % 50) * 40)
            .map(|i| (seed + i as u64) as f64)
            .collect(),
        raw: Bytes::from(vec![thread as u8; round * 37]),
    }
}

fn batch(thread: usize, round: usize) -> Batch {
    Batch {
        seq: round as u32,
        frames: (0..round % 4).map(|k| frame(thread, round + k)).collect(),
        tags: (0..round % 3).map(|k| format!("tag{k}")).collect(),
        blob: PickleBuffer::new(vec![round as u8; 2048 + thread]),
    }
}

fn shared(xlang: bool, compatible: bool) -> Arc<Fory> {
    let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
    fory.register::<Frame>(100).unwrap();
    fory.register_by_name::<Batch>("test", "Batch").unwrap();
    Arc::new(fory)
}

/// Runs `work(thread)` on `THREADS` threads released together, and
/// fails on any panic.
fn on_threads(work: impl Fn(usize) + Send + Sync + 'static) {
    let work = Arc::new(work);
    let start = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let work = Arc::clone(&work);
            let start = Arc::clone(&start);
            thread::spawn(move || {
                start.wait();
                work(t);
            })
        })
        .collect();
    for h in handles {
        h.join().expect("a worker thread panicked");
    }
}

fn mixed_work(fory: &Fory, t: usize) {
    for r in 0..ROUNDS {
        let value = batch(t, r);
        match r % 4 {
            0 => {
                let bytes = fory.serialize(&value).unwrap();
                assert_eq!(fory.deserialize::<Batch>(&bytes).unwrap(), value);
            }
            1 => {
                let mut objs: Vec<BufferObject> = Vec::new();
                let data = fory.serialize_with_callback(&value, &mut objs).unwrap();
                assert!(!objs.is_empty());
                let buffers: Vec<Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
                let back: Batch = fory.deserialize_with_buffers(&data, buffers).unwrap();
                assert_eq!(back, value);
                // the blob came back sharing its out-of-band buffer
                assert!(objs
                    .iter()
                    .any(|b| b.getbuffer().as_ptr() == value.blob.raw().as_ptr()));
            }
            2 => {
                // every other buffer in-band, the rest out-of-band
                let mut objs: Vec<BufferObject> = Vec::new();
                let mut n = 0;
                let data = fory
                    .serialize_with_callback(&value, |b| {
                        n += 1;
                        if n % 2 == 0 {
                            true
                        } else {
                            objs.push(b);
                            false
                        }
                    })
                    .unwrap();
                let buffers: Vec<_> = objs.iter().map(|b| b.getbuffer()).collect();
                let back: Batch = fory.deserialize_with_buffers(&data, buffers).unwrap();
                assert_eq!(back, value);
            }
            _ => {
                let mut wire = Vec::new();
                fory.write_message(&value, &mut wire).unwrap();
                assert_eq!(
                    fory.read_message::<Batch, _>(&mut &wire[..]).unwrap(),
                    value
                );
                // a plain value between the structs
                let f = frame(t, r);
                let bytes = fory.serialize(&f.samples).unwrap();
                assert_eq!(fory.deserialize::<Vec<f64>>(&bytes).unwrap(), f.samples);
            }
        }
    }
}

#[test]
fn one_native_compatible_fory_on_many_threads() {
    let fory = shared(false, true);
    on_threads(move |t| mixed_work(&fory, t));
}

#[test]
fn one_native_schema_consistent_fory_on_many_threads() {
    let fory = shared(false, false);
    on_threads(move |t| mixed_work(&fory, t));
}

#[test]
fn one_xlang_fory_on_many_threads() {
    let fory = shared(true, true);
    on_threads(move |t| mixed_work(&fory, t));
}

#[test]
fn bytes_written_on_one_thread_read_on_others() {
    let fory = shared(false, true);
    let expected: Vec<Batch> = (0..THREADS).map(|t| batch(t, 7)).collect();
    let streams: Arc<Vec<Vec<u8>>> = Arc::new(
        expected
            .iter()
            .map(|b| fory.serialize(b).unwrap())
            .collect(),
    );
    let expected = Arc::new(expected);
    on_threads(move |t| {
        for k in 0..ROUNDS {
            let i = (t + k) % THREADS;
            let back: Batch = fory.deserialize(&streams[i]).unwrap();
            assert_eq!(back, expected[i]);
        }
    });
}

#[test]
fn clones_and_a_shared_fory_used_together_on_one_thread() {
    // the first instance used on a thread keeps its state there; the
    // others share theirs through the pool: interleave them on every thread
    let a = shared(false, true);
    let b = Arc::new((*a).clone());
    on_threads(move |t| {
        for r in 0..ROUNDS / 4 {
            let value = batch(t, r);
            let from_a = a.serialize(&value).unwrap();
            let from_b = b.serialize(&value).unwrap();
            assert_eq!(from_a, from_b);
            assert_eq!(b.deserialize::<Batch>(&from_a).unwrap(), value);
            assert_eq!(a.deserialize::<Batch>(&from_b).unwrap(), value);
        }
    });
}

#[test]
fn one_fory_shared_by_tokio_tasks_on_a_multi_threaded_runtime() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .build()
        .unwrap();
    let fory = shared(false, true);
    rt.block_on(async move {
        let tasks: Vec<_> = (0..THREADS)
            .map(|t| {
                let fory = Arc::clone(&fory);
                // `tokio::spawn` needs the futures of both ends to be Send
                tokio::spawn(async move {
                    let (mut tx, mut rx) = tokio::io::duplex(1 << 16);
                    let writer = {
                        let fory = Arc::clone(&fory);
                        tokio::spawn(async move {
                            for r in 0..ROUNDS / 4 {
                                fory.write_message_async(&batch(t, r), &mut tx)
                                    .await
                                    .unwrap();
                            }
                        })
                    };
                    for r in 0..ROUNDS / 4 {
                        let back: Batch = fory.read_message_async(&mut rx).await.unwrap();
                        assert_eq!(back, batch(t, r));
                    }
                    writer.await.unwrap();
                })
            })
            .collect();
        for task in tasks {
            task.await.expect("a task panicked");
        }
    });
}
