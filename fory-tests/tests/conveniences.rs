//! The conveniences a user reaches for first: buffers handed back as they
//! came out of the callback, appending to an existing buffer, reading
//! concatenated values one by one, and the re-exported peer crates.

use std::collections::VecDeque;

use fory_core::buffers::{BufferObject, BufferView};
use fory_core::{ErrorKind, Fory};

#[test]
fn buffer_objects_go_back_as_they_came_out() {
    let fory = Fory::builder().build();
    let samples: Vec<f64> = (0..1000).map(f64::from).collect();
    let mut objs: Vec<BufferObject<'_>> = Vec::new();
    let data = fory.serialize_with_callback(&samples, &mut objs).unwrap();
    // by reference
    let back: Vec<f64> = fory.deserialize_with_buffers(&data, &objs).unwrap();
    assert_eq!(back, samples);
    // by value
    let back: Vec<f64> = fory.deserialize_with_buffers(&data, objs).unwrap();
    assert_eq!(back, samples);
    // a borrowed object's view is the value's own memory
    let objs = [BufferObject::borrowed(
        &[1u8, 2, 3],
        fory_core::buffers::BufferKind::Binary,
    )];
    let view = BufferView::from(&objs[0]);
    assert_eq!(view.as_ptr(), objs[0].getbuffer().as_ptr());
}

#[test]
fn serialize_to_appends_and_deserialize_from_reads_in_sequence() {
    for xlang in [false, true] {
        let fory = Fory::builder().xlang(xlang).build();
        let mut out = b"MAGIC".to_vec();
        let n1 = fory.serialize_to(&42i64, &mut out).unwrap();
        let n2 = fory
            .serialize_to(&vec!["a".to_string(), "b".to_string()], &mut out)
            .unwrap();
        let n3 = fory.serialize_to(&2.5f64, &mut out).unwrap();
        assert_eq!(out.len(), 5 + n1 + n2 + n3);
        assert_eq!(&out[..5], b"MAGIC");
        // each piece is exactly what serialize writes
        assert_eq!(&out[5..5 + n1], &fory.serialize(&42i64).unwrap()[..]);
        let mut rest = &out[5..];
        assert_eq!(fory.deserialize_from::<i64>(&mut rest).unwrap(), 42);
        // a wrong type is an error and does not move the slice
        let before = rest;
        assert!(fory.deserialize_from::<f64>(&mut rest).is_err());
        assert_eq!(rest.as_ptr(), before.as_ptr());
        assert_eq!(
            fory.deserialize_from::<Vec<String>>(&mut rest).unwrap(),
            ["a", "b"]
        );
        assert_eq!(fory.deserialize_from::<f64>(&mut rest).unwrap(), 2.5);
        assert!(rest.is_empty());
        // the whole buffer still reads strictly with deserialize
        let err = fory.deserialize::<i64>(&out[5..]).unwrap_err();
        assert!(err.to_string().contains("trailing"), "{err}");
    }
}

#[test]
fn a_failed_serialize_to_leaves_the_buffer_as_it_was() {
    let fory = Fory::builder().max_depth(2).build();
    let mut out = vec![9u8; 4];
    fory.serialize_to(&1u8, &mut out).unwrap();
    let before = out.clone();
    let deep = vec![vec![vec![vec![1u8]]]];
    let err = fory.serialize_to(&deep, &mut out).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DepthLimit);
    assert_eq!(out, before);
}

/// A field whose conversion panics when `armed`: a `Serialize` of the
/// user's that panics mid-write.
mod explode {
    pub type Wire = bool;
    pub fn to_wire(armed: &bool) -> bool {
        assert!(!*armed, "boom");
        false
    }
    pub fn from_wire(w: bool) -> Result<bool, fory_core::Error> {
        Ok(w)
    }
}

#[derive(fory_core::ForyObject, Debug, PartialEq)]
struct Bomb {
    name: String,
    #[fory(with = "explode")]
    armed: bool,
}

/// A panic inside the value's write (after some of its bytes went out)
/// unwinds to the caller with `out` as it was: its bytes were lent to the
/// writer, and are given back before the panic goes on. The `Fory` then
/// serializes as before.
#[test]
fn a_panicking_serialize_leaves_the_buffer_as_it_was() {
    use std::panic::{catch_unwind, AssertUnwindSafe};
    for xlang in [false, true] {
        let mut fory = Fory::builder().xlang(xlang).build();
        fory.register::<Bomb>(300).unwrap();
        let mut out = b"HDR".to_vec();
        fory.serialize_to(&7i64, &mut out).unwrap();
        let before = out.clone();
        let bomb = Bomb {
            name: "x".repeat(100),
            armed: true,
        };
        let panic = catch_unwind(AssertUnwindSafe(|| fory.serialize_to(&bomb, &mut out)))
            .expect_err("the conversion panics");
        assert_eq!(panic.downcast_ref::<&str>(), Some(&"boom"));
        assert_eq!(out, before, "xlang {xlang}");
        // serialize_into cleared `out` first; its allocation comes back
        let capacity = out.capacity();
        let panic = catch_unwind(AssertUnwindSafe(|| fory.serialize_into(&bomb, &mut out)));
        assert!(panic.is_err());
        assert!(out.is_empty());
        assert!(out.capacity() >= capacity);
        // the same Fory goes on: appending and reading back
        out.extend_from_slice(&before);
        let safe = Bomb {
            name: "y".into(),
            armed: false,
        };
        fory.serialize_to(&safe, &mut out).unwrap();
        let mut rest = &out[3..];
        assert_eq!(fory.deserialize_from::<i64>(&mut rest).unwrap(), 7);
        assert_eq!(fory.deserialize_from::<Bomb>(&mut rest).unwrap(), safe);
        assert!(rest.is_empty());
        // and with buffers offered to a callback
        let mut kept = Vec::new();
        let pair = (vec![1u8; 1 << 17], bomb);
        let panic = catch_unwind(AssertUnwindSafe(|| {
            fory.serialize_with_callback(&pair, &mut kept)
        }));
        assert!(panic.is_err());
        let bytes = fory.serialize(&safe).unwrap();
        assert_eq!(fory.deserialize::<Bomb>(&bytes).unwrap(), safe);
    }
}

/// Values behind a `RefCell` are written through a detached context: it
/// starts at the nesting its parent reached, and the parent goes on from
/// where the detached write left it.
#[test]
fn the_nesting_limit_counts_through_values_behind_a_refcell() {
    use std::cell::RefCell;
    let fory = Fory::builder().max_depth(3).build();
    // three lists (a `Vec<u8>` is a binary, no level): passes, and reads
    // back
    let ok = vec![RefCell::new(vec![vec![vec![1u8]]])];
    let bytes = fory.serialize(&ok).unwrap();
    let back: Vec<RefCell<Vec<Vec<Vec<u8>>>>> = fory.deserialize(&bytes).unwrap();
    assert_eq!(back, ok);
    // four, the deepest inside the cell: fails
    let deep = vec![RefCell::new(vec![vec![vec![vec![1u8]]]])];
    let err = fory.serialize(&deep).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DepthLimit, "{err}");
    // the cell's levels are left again: many cells side by side, each at
    // the limit, pass
    let wide = vec![RefCell::new(vec![vec![vec![2u8]]]); 50];
    assert!(fory.serialize(&wide).is_ok());
    let wide = vec![vec![RefCell::new(vec![vec![3u8]])]; 50];
    assert!(fory.serialize(&wide).is_ok());
    let deeper = vec![vec![RefCell::new(vec![vec![vec![4u8]]])]];
    assert_eq!(
        fory.serialize(&deeper).unwrap_err().kind(),
        ErrorKind::DepthLimit
    );
}

#[test]
fn values_with_buffers_read_in_sequence_from_one_queue() {
    let fory = Fory::builder().build();
    let a: Vec<f64> = vec![1.5; 100];
    let b = fory_core::bytes::Bytes::from(vec![7u8; 300]);
    let c: Vec<i32> = (0..50).collect();
    let mut objs = Vec::new();
    let mut data = fory.serialize_with_callback(&a, &mut objs).unwrap();
    data.extend(fory.serialize_with_callback(&b, &mut objs).unwrap());
    data.extend(fory.serialize_with_callback(&c, &mut objs).unwrap());
    let mut queue: VecDeque<BufferView<'_>> = objs.iter().map(BufferView::from).collect();
    let mut rest = &data[..];
    assert_eq!(
        fory.deserialize_from_with_buffers::<Vec<f64>>(&mut rest, &mut queue)
            .unwrap(),
        a
    );
    assert_eq!(queue.len(), 2);
    // a wrong type: nothing moves, nothing is lost
    assert!(fory
        .deserialize_from_with_buffers::<Vec<f64>>(&mut rest, &mut queue)
        .is_err());
    assert_eq!(queue.len(), 2);
    let got: fory_core::bytes::Bytes = fory
        .deserialize_from_with_buffers(&mut rest, &mut queue)
        .unwrap();
    assert_eq!(got, b);
    assert_eq!(
        fory.deserialize_from_with_buffers::<Vec<i32>>(&mut rest, &mut queue)
            .unwrap(),
        c
    );
    assert!(rest.is_empty() && queue.is_empty());
    // without buffers, an in-band reader says which call to use
    let mut rest = &data[..];
    let err = fory.deserialize_from::<Vec<f64>>(&mut rest).unwrap_err();
    assert!(
        err.to_string().contains("deserialize_from_with_buffers"),
        "{err}"
    );
}

#[test]
fn the_reexported_crates_are_the_ones_the_features_use() {
    let fory = Fory::builder().build();
    let a = fory_core::ndarray::Array2::<f32>::from_shape_fn((2, 3), |(i, j)| (i + j) as f32);
    let back: fory_core::ndarray::Array2<f32> =
        fory.deserialize(&fory.serialize(&a).unwrap()).unwrap();
    assert_eq!(back, a);
    use fory_core::arrow_array::{Array, Int64Array, RecordBatch};
    let col: fory_core::arrow_array::ArrayRef =
        std::sync::Arc::new(Int64Array::from(vec![1, 2, 3]));
    let batch = RecordBatch::try_from_iter([("x", col)]).unwrap();
    let back: RecordBatch = fory.deserialize(&fory.serialize(&batch).unwrap()).unwrap();
    assert_eq!(back.num_rows(), 3);
    assert_eq!(back.column(0).len(), 3);
    let _: fory_core::arrow_schema::DataType = back.schema().field(0).data_type().clone();
    let _: fory_core::arrow_buffer::Buffer = fory_core::arrow_buffer::Buffer::from_vec(vec![1u8]);
}
