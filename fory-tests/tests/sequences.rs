//! Sequences of values sharing one list of out-of-band buffers, read back
//! from one input and one queue with `deserialize_from_with_buffers`:
//! each read takes only the buffers its value uses; a failed read leaves
//! the input and the queue as they were.

use std::collections::VecDeque;

use bytes::Bytes;
use fory_core::buffers::BufferView;
use fory_core::{ErrorKind, Fory};

/// What a queue holds, by address and length: the same views in the same
/// order compare equal.
fn layout(queue: &VecDeque<BufferView<'_>>) -> Vec<(usize, usize)> {
    queue
        .iter()
        .map(|b| (b.as_ptr() as usize, b.len()))
        .collect()
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
