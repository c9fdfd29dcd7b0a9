//! `Value` parity: a typed write read as a `Value` and written again
//! gives the typed write's bytes.

use std::collections::BTreeMap;
use std::sync::Arc;

use bytes::Bytes;
use fory_core::value::Value;
use fory_core::{ErrorKind, Fory};

fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Under native-mode ref tracking a record batch at the root takes a ref
/// id (flag `00`), written as a typed batch or as `Value::RecordBatch`
/// (the `Value` wrote `ff`), and so do an Arrow array and an n-d array.
#[test]
fn arrow_and_nd_values_take_the_typed_ref_flag_at_the_root() {
    use fory_core::arrow_array::{ArrayRef, Int64Array, RecordBatch};
    let f = Fory::builder().ref_tracking(true).build();
    let column: ArrayRef = Arc::new(Int64Array::from(vec![1, 2]));
    let batch = RecordBatch::try_from_iter([("id", column.clone())]).unwrap();
    let typed = f.serialize(&batch).unwrap();
    assert_eq!(typed[1], 0x00, "{}", hex(&typed));
    assert_eq!(f.serialize(&Value::RecordBatch(batch)).unwrap(), typed);
    let typed = f
        .serialize(&fory_core::serializer::arrow::ArrowArray(column.clone()))
        .unwrap();
    assert_eq!(f.serialize(&Value::ArrowArray(column)).unwrap(), typed);
    let nd = fory_core::ndarray::arr1(&[1.0f64]);
    let typed = f.serialize(&nd).unwrap();
    let v: Value = f.deserialize(&typed).unwrap();
    assert_eq!(f.serialize(&v).unwrap(), typed);
}

/// Lists and maps of `Value`s under ref tracking have the typed headers:
/// one element type and ref flags only for types that take them (a list
/// of strings was written as a list of mixed types, each element flagged;
/// a map's chunk of list values lacked the value-tracking bit pyfory
/// sets).
#[test]
fn value_lists_and_maps_under_ref_tracking_have_the_typed_headers() {
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).ref_tracking(true).build();
        let strings = vec![String::from("a"), String::from("b")];
        let typed = f.serialize(&strings).unwrap();
        let v: Value = f.deserialize(&typed).unwrap();
        assert_eq!(hex(&f.serialize(&v).unwrap()), hex(&typed), "xlang {xlang}");
        let nested = vec![vec![1i32], vec![]];
        let typed = f.serialize(&nested).unwrap();
        let v: Value = f.deserialize(&typed).unwrap();
        assert_eq!(hex(&f.serialize(&v).unwrap()), hex(&typed), "xlang {xlang}");
        let map = BTreeMap::from([(String::from("k"), vec![1i64]), (String::from("j"), vec![])]);
        let typed = f.serialize(&map).unwrap();
        let v: Value = f.deserialize(&typed).unwrap();
        assert_eq!(hex(&f.serialize(&v).unwrap()), hex(&typed), "xlang {xlang}");
    }
}

/// A tuple whose non-null elements share a type is written by a `Value`
/// (and by pyfory, for `("o", None)`) as a list of that one type with
/// null flags: a typed tuple reads its null elements of other types (it
/// was a type mismatch at the null element).
#[test]
fn a_tuple_reads_nulls_of_other_types_from_a_list_of_one_type() {
    for xlang in [false, true] {
        let f = Fory::builder().xlang(xlang).build();
        for v in [
            Value::List(vec![Value::String("o".into()), Value::Null]),
            Value::List(vec![Value::Null, Value::String("o".into())]),
        ] {
            let bytes = f.serialize(&v).unwrap();
            // SAME_TYPE | HAS_NULL, STRING once
            assert_eq!(&bytes[2..6], &[0x16, 0x02, 0x0a, 0x15], "{}", hex(&bytes));
            if v.as_list().unwrap()[0] == Value::Null {
                let t: (Option<i64>, Option<String>) = f.deserialize(&bytes).unwrap();
                assert_eq!(t, (None, Some("o".into())));
                // a null where the type is not optional is still an error
                assert!(f.deserialize::<(i64, Option<String>)>(&bytes).is_err());
            } else {
                let t: (Option<String>, Option<i64>) = f.deserialize(&bytes).unwrap();
                assert_eq!(t, (Some("o".into()), None));
                assert!(f.deserialize::<(Option<String>, i64)>(&bytes).is_err());
            }
        }
    }
}

/// Native n-d arrays read as `Value::NdArray` (they were an error) and
/// write back the typed bytes; read from out-of-band `Bytes` buffers the
/// data is the buffer, as a `SharedNdArray` read's is.
#[test]
fn nd_arrays_read_as_values_zero_copy_and_write_the_typed_bytes() {
    use fory_core::buffers::ElemType;
    use fory_core::ndarray::Array2;
    use fory_core::serializer::ndarray::SharedNdArray;
    use fory_core::value::NdArray;
    let f = Fory::builder().build();
    let grid = Array2::<f32>::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f32);
    let mut objs = Vec::new();
    let stream = f.serialize_with_callback(&grid, &mut objs).unwrap();
    let bufs: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    let v: Value = f.deserialize_with_buffers(&stream, bufs.clone()).unwrap();
    let Value::NdArray(a) = &v else {
        panic!("{v:?}")
    };
    assert_eq!(
        (a.elem(), a.shape(), a.is_fortran()),
        (ElemType::F32, &[3, 4][..], false)
    );
    assert_eq!(a.data().as_ptr(), bufs[0].as_ptr(), "no copy");
    let typed: SharedNdArray<f32> = f.deserialize_with_buffers(&stream, bufs.clone()).unwrap();
    assert_eq!(typed.data().as_bytes().as_ptr(), a.data().as_ptr());
    assert_eq!(a.to_array::<f32>().unwrap(), grid.clone().into_dyn());
    let e = a.to_array::<f64>().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TypeMismatch, "{e}");
    assert_eq!(v.to_string(), "ndarray<f32>[3×4]");
    let mut objs2 = Vec::new();
    assert_eq!(f.serialize_with_callback(&v, &mut objs2).unwrap(), stream);
    assert_eq!(objs2[0].to_buffer(), bufs[0]);
    // in band, Fortran order
    let t = grid.clone().reversed_axes();
    let bytes = f.serialize(&t).unwrap();
    let v: Value = f.deserialize(&bytes).unwrap();
    assert_eq!(v.to_string(), "ndarray<f32>[4×3] (Fortran order)");
    assert_eq!(f.serialize(&v).unwrap(), bytes);
    // made by hand: checked
    let two = Bytes::from_static(&[0, 1, 2]);
    let e = NdArray::new(ElemType::Bool, vec![3], false, two.clone()).unwrap_err();
    assert!(e.to_string().contains("not 0 or 1"), "{e}");
    let e = NdArray::new(ElemType::U16, vec![2], false, two).unwrap_err();
    assert!(e.to_string().contains("does not hold"), "{e}");
    let e = NdArray::new(ElemType::U8, vec![usize::MAX, 2], false, Bytes::new()).unwrap_err();
    assert!(e.to_string().contains("does not hold"), "{e}");
    // a bool array whose byte is not 0 or 1 is an error, as the typed read's
    let mask = fory_core::ndarray::arr1(&[true, false]);
    let mut bytes = f.serialize(&mask).unwrap();
    let last = bytes.len() - 1;
    bytes[last] = 2;
    assert!(f
        .deserialize::<fory_core::ndarray::Array1<bool>>(&bytes)
        .is_err());
    let e = f.deserialize::<Value>(&bytes).unwrap_err();
    assert!(e.to_string().contains("not 0 or 1"), "{e}");
    // xlang mode has no n-d arrays: writing one is an error saying so
    let x = Fory::builder().xlang(true).build();
    let e = x.serialize(&v).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
    assert!(e.to_string().contains("xlang mode"), "{e}");
}
