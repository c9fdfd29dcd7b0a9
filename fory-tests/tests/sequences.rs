//! Sequences of values sharing one sink of out-of-band buffers: written
//! with one sink across `serialize_with_callback` calls (a failed value
//! leaves the sink as it was), read back from one input and one queue with
//! `deserialize_from_with_buffers` (each read takes only the buffers its
//! value uses; a failed read leaves the input and the queue as they were).

use std::collections::VecDeque;

use bytes::Bytes;
use fory_core::buffers::{
    AllInBand, AllOutOfBand, BufferObject, BufferSink, BufferView, Predicate, SizeThreshold,
};
use fory_core::ndarray::Array2;
use fory_core::{ErrorKind, Fory};

/// What a queue holds, by address and length: the same views in the same
/// order compare equal.
fn layout(queue: &VecDeque<BufferView<'_>>) -> Vec<(usize, usize)> {
    queue
        .iter()
        .map(|b| (b.as_ptr() as usize, b.len()))
        .collect()
}

fn sink_layout(sink: &[BufferObject<'_>]) -> Vec<(usize, usize)> {
    sink.iter()
        .map(|b| (b.getbuffer().as_ptr() as usize, b.total_bytes()))
        .collect()
}

/// In xlang mode (no n-d arrays there), fails with `Unsupported` after
/// its byte strings were offered: the large one first, then the small
/// one.
fn failing_value() -> (Bytes, Bytes, Array2<f64>) {
    (
        Bytes::from(vec![2u8; 4096]),
        Bytes::from(vec![4u8; 8]),
        Array2::zeros((2, 2)),
    )
}

// ----- writing: a failed value leaves the caller's sink as it was -----

/// The black-box tester's case: in xlang mode no buffer sizes are
/// recorded, so a failed value's buffer left in the shared sink was read
/// back, with no error, as the next value's.
#[test]
fn a_failed_value_between_two_leaves_the_shared_sink_in_step() {
    let fory = Fory::builder().xlang(true).build();
    let mut sink: Vec<BufferObject> = Vec::new();
    let a = Bytes::from(vec![1u8; 10]);
    let bad = (Bytes::from(vec![2u8; 10]), Array2::<f64>::zeros((2, 2)));
    let c = Bytes::from(vec![3u8; 10]);
    let mut data = fory.serialize_with_callback(&a, &mut sink).unwrap();
    let err = fory.serialize_with_callback(&bad, &mut sink).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
    assert_eq!(
        sink.len(),
        1,
        "the failed value's buffer stayed in the sink"
    );
    data.extend(fory.serialize_with_callback(&c, &mut sink).unwrap());
    let mut queue: VecDeque<BufferView> = sink.iter().map(BufferView::from).collect();
    let mut rest = &data[..];
    let x: Bytes = fory
        .deserialize_from_with_buffers(&mut rest, &mut queue)
        .unwrap();
    let y: Bytes = fory
        .deserialize_from_with_buffers(&mut rest, &mut queue)
        .unwrap();
    assert_eq!((&x, &y), (&a, &c));
    assert!(rest.is_empty() && queue.is_empty());
}

/// Each callback the library implements over a sink, with the sink
/// holding an earlier value's buffer: after the failed call it holds that
/// buffer alone, and the next value reads back from the sink.
#[test]
fn every_built_in_sink_is_rolled_back_after_a_failed_value() {
    let fory = Fory::builder().xlang(true).build();
    let earlier = Bytes::from(vec![9u8; 2048]);
    let bad = failing_value();
    let next = Bytes::from(vec![7u8; 3000]);
    type Run = for<'a> fn(&Fory, &'a (Bytes, Bytes, Array2<f64>), &mut Vec<BufferObject<'a>>);
    let runs: [(&str, Run); 9] = [
        ("&mut Vec", |f, v, sink| {
            f.serialize_with_callback(v, sink).unwrap_err();
        }),
        ("AllOutOfBand(&mut Vec)", |f, v, sink| {
            f.serialize_with_callback(v, AllOutOfBand(sink))
                .unwrap_err();
        }),
        ("&mut AllOutOfBand(Vec)", |f, v, sink| {
            let mut policy = AllOutOfBand(std::mem::take(sink));
            f.serialize_with_callback(v, &mut policy).unwrap_err();
            *sink = policy.0;
        }),
        ("SizeThreshold(&mut Vec)", |f, v, sink| {
            f.serialize_with_callback(v, SizeThreshold::new(1024, sink))
                .unwrap_err();
        }),
        ("&mut SizeThreshold(Vec)", |f, v, sink| {
            let mut policy = SizeThreshold::new(1024, std::mem::take(sink));
            f.serialize_with_callback(v, &mut policy).unwrap_err();
            *sink = policy.into_sink();
        }),
        ("SizeThreshold(&mut &mut Vec)", |f, v, sink| {
            let mut inner = &mut *sink;
            f.serialize_with_callback(v, SizeThreshold::new(0, &mut inner))
                .unwrap_err();
        }),
        ("Predicate(&mut Vec)", |f, v, sink| {
            let large = |b: &BufferObject<'_>| b.total_bytes() >= 1024;
            f.serialize_with_callback(v, Predicate::new(large, sink))
                .unwrap_err();
        }),
        ("&mut Predicate(Vec)", |f, v, sink| {
            let all = |_: &BufferObject<'_>| true;
            let mut policy = Predicate::new(all, std::mem::take(sink));
            f.serialize_with_callback(v, &mut policy).unwrap_err();
            *sink = policy.into_sink();
        }),
        ("AllInBand", |f, v, _sink| {
            f.serialize_with_callback(v, AllInBand).unwrap_err();
        }),
    ];
    for (what, run) in runs {
        let mut sink = Vec::new();
        let mut data = fory.serialize_with_callback(&earlier, &mut sink).unwrap();
        let before = sink_layout(&sink);
        run(&fory, &bad, &mut sink);
        assert_eq!(sink_layout(&sink), before, "{what}");
        data.extend(fory.serialize_with_callback(&next, &mut sink).unwrap());
        let mut queue: VecDeque<BufferView> = sink.iter().map(BufferView::from).collect();
        let mut rest = &data[..];
        let x: Bytes = fory
            .deserialize_from_with_buffers(&mut rest, &mut queue)
            .unwrap();
        let y: Bytes = fory
            .deserialize_from_with_buffers(&mut rest, &mut queue)
            .unwrap();
        assert_eq!((&x, &y), (&earlier, &next), "{what}");
        assert!(queue.is_empty(), "{what}");
    }
}

/// A sink of the caller's own, counting what it holds.
#[derive(Default)]
struct Counted {
    sizes: Vec<usize>,
}

impl<'a> BufferSink<'a> for Counted {
    fn push(&mut self, buffer: BufferObject<'a>) {
        self.sizes.push(buffer.total_bytes());
    }
    fn rollback(&mut self, count: usize) {
        self.sizes.truncate(self.sizes.len() - count);
    }
}

/// One that does not implement `rollback`: the default keeps the buffers.
#[derive(Default)]
struct Keeping {
    sizes: Vec<usize>,
}

impl<'a> BufferSink<'a> for Keeping {
    fn push(&mut self, buffer: BufferObject<'a>) {
        self.sizes.push(buffer.total_bytes());
    }
}

#[test]
fn a_user_sink_is_told_how_many_buffers_to_drop() {
    let fory = Fory::builder().xlang(true).build();
    let bad = failing_value();

    // only the buffers taken out-of-band count: the small one stayed in
    let mut sink = Counted { sizes: vec![1] };
    fory.serialize_with_callback(&bad, SizeThreshold::new(1024, &mut sink))
        .unwrap_err();
    assert_eq!(sink.sizes, [1]);
    let mut policy = AllOutOfBand(Counted { sizes: vec![1] });
    fory.serialize_with_callback(&bad, &mut policy).unwrap_err();
    assert_eq!(policy.0.sizes, [1]);

    // the documented default: a sink without `rollback` keeps them
    let mut sink = Keeping { sizes: vec![1] };
    fory.serialize_with_callback(&bad, AllOutOfBand(&mut sink))
        .unwrap_err();
    assert_eq!(sink.sizes, [1, 4096, 8]);

    // and so does a closure: what it did stays done
    let mut pushed = Vec::new();
    fory.serialize_with_callback(&bad, |b: BufferObject<'_>| {
        pushed.push(b.total_bytes());
        false
    })
    .unwrap_err();
    assert_eq!(pushed, [4096, 8]);
}

/// Native mode: a value failing on the nesting limit after one of its
/// buffers went out-of-band; the shared sink stays in step and the whole
/// sequence reads back.
#[test]
fn native_mode_rolls_back_too() {
    let fory = Fory::builder().xlang(false).max_depth(3).build();
    let deep = (
        Bytes::from(vec![5u8; 100]),
        vec![vec![vec![vec![vec![1u8]]]]],
    );
    let mut sink = Vec::new();
    let mut data = fory.serialize_with_callback(&1.5f64, &mut sink).unwrap();
    let first = Bytes::from(vec![6u8; 50]);
    data.extend(fory.serialize_with_callback(&first, &mut sink).unwrap());
    let err = fory.serialize_with_callback(&deep, &mut sink).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DepthLimit, "{err}");
    assert_eq!(sink.len(), 1);
    let last = vec![8u8; 70];
    data.extend(fory.serialize_with_callback(&last, &mut sink).unwrap());
    let mut queue: VecDeque<BufferView> = sink.iter().map(BufferView::from).collect();
    let mut rest = &data[..];
    assert_eq!(
        fory.deserialize_from_with_buffers::<f64>(&mut rest, &mut queue)
            .unwrap(),
        1.5
    );
    assert_eq!(
        fory.deserialize_from_with_buffers::<Bytes>(&mut rest, &mut queue)
            .unwrap(),
        first
    );
    assert_eq!(
        fory.deserialize_from_with_buffers::<Vec<u8>>(&mut rest, &mut queue)
            .unwrap(),
        last
    );
    assert!(rest.is_empty() && queue.is_empty());
}

// ----- reading: one value at a time from one queue -----

/// Value `i` of the test sequence: `i % 4` byte strings, each its own
/// out-of-band buffer.
fn value(i: usize) -> Vec<Bytes> {
    (0..i % 4)
        .map(|k| Bytes::from(vec![(i + k) as u8; 8 + k + i % 13]))
        .collect()
}

/// The test sequence: its input, and its buffers as shared `Bytes`.
fn sequence(fory: &Fory, n: usize) -> (Vec<u8>, Vec<Bytes>) {
    let mut data = Vec::new();
    let mut buffers = Vec::new();
    for i in 0..n {
        let v = value(i);
        let mut objs = Vec::new();
        data.extend(fory.serialize_with_callback(&v, &mut objs).unwrap());
        assert_eq!(objs.len(), i % 4);
        buffers.extend(objs.iter().map(|o| o.to_buffer()));
    }
    (data, buffers)
}

#[test]
fn many_values_read_in_order_each_taking_its_own_buffers() {
    for xlang in [false, true] {
        let fory = Fory::builder().xlang(xlang).build();
        let (data, buffers) = sequence(&fory, 10_000);
        let mut queue: VecDeque<BufferView> =
            buffers.iter().cloned().map(BufferView::from).collect();
        let mut rest = &data[..];
        let mut taken = 0;
        for i in 0..10_000 {
            let back: Vec<Bytes> = fory
                .deserialize_from_with_buffers(&mut rest, &mut queue)
                .unwrap();
            assert_eq!(back, value(i), "value {i}");
            // zero-copy: each points into the buffer it was handed
            for (k, b) in back.iter().enumerate() {
                assert_eq!(b.as_ptr(), buffers[taken + k].as_ptr(), "value {i}");
            }
            // the used buffers are drained, and only those
            taken += i % 4;
            assert_eq!(queue.len(), buffers.len() - taken, "value {i}");
        }
        assert!(rest.is_empty() && queue.is_empty());
    }
}

/// Every way a read of one value can fail, at every position of the
/// sequence (before its first buffer, after taking some, at the end):
/// the input and the queue are left exactly as they were, and the right
/// read then goes on.
#[test]
fn a_failed_read_at_any_position_leaves_input_and_queue_unchanged() {
    let fory = Fory::builder().xlang(false).build();
    let n = 64;
    let (data, buffers) = sequence(&fory, n);
    let mut queue: VecDeque<BufferView> = buffers.iter().cloned().map(BufferView::from).collect();
    let mut rest = &data[..];
    for i in 0..n {
        let need = i % 4;
        let check = |rest: &[u8], queue: &VecDeque<BufferView>, before: &[(usize, usize)]| {
            assert_eq!(layout(queue), before, "value {i}: the queue changed");
            assert_eq!(rest.as_ptr(), data[data.len() - rest.len()..].as_ptr());
            rest.len()
        };
        let before = layout(&queue);
        let left = rest.len();

        // the wrong type
        let err = fory
            .deserialize_from_with_buffers::<String>(&mut rest, &mut queue)
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{err}");
        assert_eq!(check(rest, &queue, &before), left);

        // too few buffers: the queue ends after the value's last-but-one
        let mut short: VecDeque<BufferView> = queue.iter().take(need.max(1) - 1).cloned().collect();
        if need > 0 {
            let short_before = layout(&short);
            let err = fory
                .deserialize_from_with_buffers::<Vec<Bytes>>(&mut rest, &mut short)
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Buffers, "{err}");
            assert_eq!(check(rest, &short, &short_before), left);
        }

        // the value's last buffer swapped for one of the wrong size (the
        // others taken first): native mode records each size
        if need > 0 {
            let mut wrong = queue.clone();
            // (every buffer of the sequence has 8 to 23 bytes)
            wrong[need - 1] = BufferView::from(&[0u8; 100][..]);
            let wrong_before = layout(&wrong);
            let err = fory
                .deserialize_from_with_buffers::<Vec<Bytes>>(&mut rest, &mut wrong)
                .unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Buffers, "{err}");
            assert!(err.to_string().contains("the stream recorded"), "{err}");
            assert_eq!(check(rest, &wrong, &wrong_before), left);
        }

        // a truncated input
        let mut cut = &rest[..rest.len().min(3)];
        let cut_len = cut.len();
        assert!(fory
            .deserialize_from_with_buffers::<Vec<Bytes>>(&mut cut, &mut queue)
            .is_err());
        assert_eq!(cut.len(), cut_len);
        assert_eq!(layout(&queue), before);

        // then the right read takes exactly its buffers
        let back: Vec<Bytes> = fory
            .deserialize_from_with_buffers(&mut rest, &mut queue)
            .unwrap();
        assert_eq!(back, value(i));
        assert_eq!(layout(&queue), before[need..]);
    }
    assert!(rest.is_empty() && queue.is_empty());
    // past the end: an error, nothing moves
    let err = fory
        .deserialize_from_with_buffers::<Vec<Bytes>>(&mut rest, &mut queue)
        .unwrap_err();
    assert!(err.to_string().contains("empty input"), "{err}");
}

/// Memory made from no input (nulls of a large type) is allowed 16 bytes
/// per input byte, out-of-band buffers included: a value whose buffer
/// comes after such elements reads from a queue as it does whole, though
/// the read takes the buffer only after them.
#[test]
fn buffers_later_in_the_value_count_in_its_budget_from_a_queue_too() {
    let fory = Fory::builder().xlang(false).build();
    let nulls = vec![None::<[u8; 4096]>; 1000];
    for (big, reads) in [(1 << 20, true), (16, false)] {
        let value = (nulls.clone(), Bytes::from(vec![3u8; big]));
        let mut objs = Vec::new();
        let data = fory.serialize_with_callback(&value, &mut objs).unwrap();
        let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
        type V = (Vec<Option<[u8; 4096]>>, Bytes);
        let whole = fory.deserialize_with_buffers::<V, _>(&data, buffers.clone());
        let mut queue: VecDeque<BufferView> =
            buffers.iter().cloned().map(BufferView::from).collect();
        // a later value's buffer in the queue counts too, as it did
        queue.push_back(BufferView::from(Bytes::from(vec![0u8; 64])));
        let before = layout(&queue);
        let mut rest = &data[..];
        let from_queue = fory.deserialize_from_with_buffers::<V>(&mut rest, &mut queue);
        assert_eq!(whole.is_ok(), reads, "{:?}", whole.as_ref().err());
        assert_eq!(from_queue.is_ok(), reads, "{:?}", from_queue.as_ref().err());
        if reads {
            assert_eq!(from_queue.unwrap(), value);
            assert_eq!(layout(&queue), before[1..]);
        } else {
            let err = from_queue.unwrap_err();
            assert!(err.to_string().contains("large elements"), "{err}");
            assert_eq!(layout(&queue), before);
            assert_eq!(rest.len(), data.len());
        }
    }
}
