//! n-d arrays (feature `ndarray`): shapes 0-D to 4-D, empty, Fortran order,
//! non-contiguous views, zero-copy reads, and bad input.

use bytes::Bytes;
use fory_core::buffers::{BufferKind, ElemType};
use fory_core::serializer::ndarray::SharedNdArray;
use fory_core::{ErrorKind, Fory};
use ndarray::{s, ArcArray, Array, Array0, Array1, Array2, Array3, Array4, ArrayD, ShapeBuilder};

fn native() -> Fory {
    Fory::builder().build()
}

fn round_trip<D: ndarray::Dimension>(a: &Array<f64, D>) {
    let f = native();
    // in-band
    let back: Array<f64, D> = f.deserialize(&f.serialize(a).unwrap()).unwrap();
    assert_eq!(&back, a);
    // out-of-band: one buffer
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(a, &mut objs).unwrap();
    assert_eq!(objs.len(), 1);
    assert_eq!(objs[0].total_bytes(), a.len() * 8);
    assert_eq!(objs[0].kind(), BufferKind::NdArray(ElemType::F64));
    let back: Array<f64, D> = f
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
        .unwrap();
    assert_eq!(&back, a);
    let dynamic: ArrayD<f64> = f
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
        .unwrap();
    assert_eq!(dynamic, a.clone().into_dyn());
}

#[test]
fn shapes_zero_to_four_dimensions_and_empty() {
    round_trip(&Array0::from_elem((), 4.5));
    round_trip(&Array1::from_iter((0..7).map(f64::from)));
    round_trip(&Array2::from_shape_fn((3, 5), |(i, j)| (i * 10 + j) as f64));
    round_trip(&Array3::from_shape_fn((2, 3, 4), |(i, j, k)| {
        (i * 100 + j * 10 + k) as f64
    }));
    round_trip(&Array4::from_shape_fn((2, 2, 3, 2), |(a, b, c, d)| {
        (a + b * 2 + c * 3 + d * 5) as f64
    }));
    round_trip(&Array2::<f64>::zeros((0, 5)));
    round_trip(&Array3::<f64>::zeros((4, 0, 2)));
}

/// Empty arrays whose strides are not ndarray's defaults (sliced to a
/// zero-length axis, or `slice_move`d) have no memory slice: they write
/// as empty arrays of their shape, as values, views and struct fields,
/// and in xlang mode a 2-D one is the usual error.
#[test]
fn empty_arrays_with_any_strides_write() {
    let a = Array3::<f64>::zeros((4, 5, 6));
    let view = a.slice(s![.., 2..2, ..]);
    let owned = Array2::<f64>::zeros((3, 4)).slice_move(s![1..1, ..]);
    let stepped = Array2::<f64>::zeros((3, 4)).slice_move(s![.., 1..1;2]);
    assert!(view.as_slice_memory_order().is_none() || owned.as_slice_memory_order().is_none());
    let f = native();
    let back: Array3<f64> = f.deserialize(&f.serialize(&view).unwrap()).unwrap();
    assert_eq!(back.shape(), &[4, 0, 6]);
    for e in [&owned, &stepped] {
        round_trip(e);
        let back: Array2<f64> = f.deserialize(&f.serialize(e).unwrap()).unwrap();
        assert_eq!(back.shape(), e.shape());
    }
    let mut w = Vec::new();
    f.write_message(&owned, &mut w).unwrap();
    let x = Fory::builder().xlang(true).build();
    let e = x.serialize(&owned).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
    let empty1 = Array2::<f64>::zeros((3, 4)).slice_move(s![1, 2..2]);
    let back: Array1<f64> = x.deserialize(&x.serialize(&empty1).unwrap()).unwrap();
    assert!(back.is_empty());
}

#[test]
fn contiguous_arrays_are_offered_zero_copy_in_c_and_fortran_order() {
    let f = native();
    let c = Array2::from_shape_fn((4, 3), |(i, j)| (i * 3 + j) as f32);
    let mut objs = Vec::new();
    f.serialize_with_callback(&c, &mut objs).unwrap();
    assert_eq!(objs[0].getbuffer().as_ptr(), c.as_ptr() as *const u8);
    assert!(!objs[0].is_copy());

    let fortran = Array2::from_shape_vec((4, 3).f(), (0..12).map(|x| x as f32).collect()).unwrap();
    assert!(!fortran.is_standard_layout());
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&fortran, &mut objs).unwrap();
    assert_eq!(
        objs[0].getbuffer().as_ptr(),
        fortran.as_ptr() as *const u8,
        "no transposing copy"
    );
    let back: Array2<f32> = f
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.getbuffer()))
        .unwrap();
    assert_eq!(back, fortran);
}

#[test]
fn non_contiguous_views_are_packed_once_and_flagged() {
    let f = native();
    let base = Array2::from_shape_fn((6, 8), |(i, j)| (i * 8 + j) as i32);
    // owned copies of views are contiguous again: no packing
    let owned = [
        base.slice(s![1..5, 2..7]).to_owned().into_dyn(),
        base.slice(s![.., ..;2]).into_owned().into_dyn(),
    ];
    let sliced = base.slice(s![1..5, 2..7]);
    let stepped = base.slice(s![..;2, ..;3]);
    let transposed_3d = Array3::from_shape_fn((2, 3, 4), |(a, b, c)| (a * 12 + b * 4 + c) as i32);
    let permuted = transposed_3d.view().permuted_axes([1, 0, 2]);
    for view in [sliced.into_dyn(), stepped.into_dyn(), permuted.into_dyn()] {
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&view, &mut objs).unwrap();
        assert!(objs[0].is_copy(), "a non-contiguous view is packed");
        assert_eq!(objs[0].total_bytes(), view.len() * 4);
        let back: ArrayD<i32> = f
            .deserialize_with_buffers(&data, objs.iter().map(|o| o.getbuffer()))
            .unwrap();
        assert_eq!(back, view);
        let back: ArrayD<i32> = f.deserialize(&f.serialize(&view).unwrap()).unwrap();
        assert_eq!(back, view);
    }
    for v in owned {
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&v, &mut objs).unwrap();
        assert!(!objs[0].is_copy());
        let back: ArrayD<i32> = f
            .deserialize_with_buffers(&data, objs.iter().map(|o| o.getbuffer()))
            .unwrap();
        assert_eq!(back, v);
    }
}

#[test]
fn shared_nd_arrays_read_zero_copy_and_misaligned_buffers_still_read() {
    let f = native();
    let a = ArcArray::from_shape_fn((3, 4, 5), |(i, j, k)| (i * 20 + j * 5 + k) as u64);
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&a, &mut objs).unwrap();
    let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    let back: SharedNdArray<u64> = f.deserialize_with_buffers(&data, buffers.clone()).unwrap();
    assert_eq!(back.view(), a.view().into_dyn());
    assert_eq!(back.shape(), &[3, 4, 5]);
    if fory_core::buffers::SharedArray::<u64>::is_aligned(&buffers[0]) {
        assert_eq!(
            back.data().as_ptr() as *const u8,
            buffers[0].as_ptr(),
            "zero-copy"
        );
    }
    // a buffer at an odd address: copied into aligned memory, same values
    let mut shifted = vec![0u8];
    shifted.extend_from_slice(&buffers[0]);
    let shifted = Bytes::from(shifted).slice(1..);
    let back: SharedNdArray<u64> = f
        .deserialize_with_buffers(&data, [shifted.clone()])
        .unwrap();
    assert_eq!(back.view(), a.view().into_dyn());
    assert!(
        !back.data().shares_memory_with(&shifted)
            || fory_core::buffers::SharedArray::<u64>::is_aligned(&shifted)
    );
    // and it serializes back to the same array
    let again: ArcArray<u64, ndarray::Ix3> = f.deserialize(&f.serialize(&back).unwrap()).unwrap();
    assert_eq!(again, a);
}

#[test]
fn xlang_writes_1d_as_a_dense_array_and_rejects_more() {
    let f = Fory::builder().xlang(true).build();
    let a = Array1::from(vec![0.0f64, 1.0]);
    // exactly what pyfory writes for np.array([0.0, 1.0])
    assert_eq!(
        fory_tests::to_hex(&f.serialize(&a).unwrap()),
        "01 ff 38 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 f0 3f"
    );
    let back: Array1<f64> = f.deserialize(&f.serialize(&a).unwrap()).unwrap();
    assert_eq!(back, a);
    let e = f.serialize(&Array2::<f64>::zeros((2, 2))).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unsupported);
    assert!(e.to_string().contains("1-D"), "{e}");
}

#[test]
fn bad_headers_and_mismatched_dimensions_are_errors() {
    let f = native();
    let a = Array2::from_shape_fn((2, 3), |(i, j)| (i + j) as f64);
    let good = f.serialize(&a).unwrap();
    // reading as the wrong dimensionality or element type
    let e = f.deserialize::<Array3<f64>>(&good).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TypeMismatch, "{e}");
    assert_eq!(
        e.to_string(),
        "expected an n-d array of f64 of 3 dimensions, found one of 2 dimensions"
    );
    let e = f.deserialize::<Array2<f32>>(&good).unwrap_err();
    assert_eq!(
        e.to_string(),
        "expected an n-d array of f32, found an n-d array of f64 at byte 3"
    );
    let e = f
        .deserialize::<SharedNdArray<i32>>(&f.serialize(&"s").unwrap())
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("expected a SharedNdArray of i32, found type id 21"),
        "{e}"
    );
    let small = Fory::builder().max_collection_len(5).build();
    let e = small.deserialize::<Array2<f64>>(&good).unwrap_err();
    assert!(e.to_string().contains("an array of 6 f64 elements"), "{e}");
    // every prefix
    for i in 1..good.len() {
        assert!(
            f.deserialize::<Array2<f64>>(&good[..i]).is_err(),
            "prefix {i}"
        );
    }
    // header: type id, elem id, order, ndim, dims...
    let header_at = 3; // 00 ff 64 | elem order ndim dims
    let mut bad = good.clone();
    bad[header_at + 1] = 7; // order
    assert!(f.deserialize::<Array2<f64>>(&bad).is_err());
    let mut bad = good.clone();
    bad[header_at + 2] = 100; // ndim
    let e = f.deserialize::<ArrayD<f64>>(&bad).unwrap_err();
    assert!(e.to_string().contains("dimensions"), "{e}");
    // a shape whose product overflows, or disagrees with the data
    let mut bad = good[..header_at + 3].to_vec();
    bad.extend_from_slice(&[0xff; 9]);
    bad.extend_from_slice(&[0xff; 9]);
    assert!(f.deserialize::<ArrayD<f64>>(&bad).is_err());
    let mut bad = good.clone();
    bad[header_at + 3] = 3; // 3 x 3 claimed, 6 elements sent
    let e = f.deserialize::<Array2<f64>>(&bad).unwrap_err();
    assert!(e.to_string().contains("elements"), "{e}");
}

// ----- bool arrays (numpy masks) -----

#[test]
fn bool_arrays_are_numpy_masks() {
    use fory_core::ndarray::{Array1, Array2, ArrayD};
    // pyfory: numpy.array([True, False, True]) in xlang
    let xlang = Fory::builder().xlang(true).build();
    let mask = Array1::from(vec![true, false, true]);
    assert_eq!(
        xlang.serialize(&mask).unwrap(),
        fory_tests::hex("01ff2b03010001")
    );
    assert_eq!(
        xlang
            .deserialize::<Array1<bool>>(&fory_tests::hex("01ff2b03010001"))
            .unwrap(),
        mask
    );
    // a byte other than 0 or 1 is an error, not a bool with another bit pattern
    let err = xlang
        .deserialize::<Array1<bool>>(&fory_tests::hex("01ff2b03010201"))
        .unwrap_err();
    assert!(err.to_string().contains("not 0 or 1"), "{err}");
    // native: n-d, out-of-band, offered as the array's own memory
    let native = Fory::builder().build();
    let grid = Array2::from_shape_fn((3, 4), |(i, j)| (i + j) % 2 == 0);
    let mut objs = Vec::new();
    let data = native.serialize_with_callback(&grid, &mut objs).unwrap();
    assert_eq!(objs.len(), 1);
    assert_eq!(objs[0].total_bytes(), 12);
    assert_eq!(
        objs[0].getbuffer().as_ptr(),
        grid.as_slice().unwrap().as_ptr() as *const u8
    );
    let back: Array2<bool> = native.deserialize_with_buffers(&data, &objs).unwrap();
    assert_eq!(back, grid);
    // a transposed view packs once, and the dynamic-dimension reader takes it
    let t = grid.t();
    let back: ArrayD<bool> = native.deserialize(&native.serialize(&t).unwrap()).unwrap();
    assert_eq!(back, t.into_dyn());
    // a corrupt out-of-band buffer is an error
    let bad = vec![bytes::Bytes::from(vec![2u8; 12])];
    assert!(native
        .deserialize_with_buffers::<Array2<bool>, _>(&data, bad)
        .is_err());
}

#[test]
fn shared_bool_nd_arrays_are_checked_once_and_point_into_the_buffers() {
    use fory_core::buffers::SharedArray;
    use fory_core::ndarray::Array2;
    let native = native();
    let grid = Array2::from_shape_fn((3, 4), |(i, j)| (i * j) % 3 == 1);
    let mut objs = Vec::new();
    let data = native.serialize_with_callback(&grid, &mut objs).unwrap();
    assert_eq!(objs[0].kind(), BufferKind::NdArray(ElemType::Bool));
    let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    let back: SharedNdArray<bool> = native
        .deserialize_with_buffers(&data, buffers.clone())
        .unwrap();
    assert_eq!(back.data().as_ptr(), buffers[0].as_ptr()); // zero-copy
    assert_eq!(back.view(), grid.view().into_dyn());
    // written back: the same buffer, and the same array
    let mut again = Vec::new();
    let data2 = native.serialize_with_callback(&back, &mut again).unwrap();
    assert_eq!(again[0].getbuffer().as_ptr(), buffers[0].as_ptr());
    let round: Array2<bool> = native.deserialize_with_buffers(&data2, &again).unwrap();
    assert_eq!(round, grid);
    // a byte other than 0 or 1, in a buffer or in the stream: an error
    let mut bad = buffers[0].to_vec();
    bad[5] = 7;
    let e = native
        .deserialize_with_buffers::<SharedNdArray<bool>, _>(&data, [Bytes::from(bad)])
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
    assert_eq!(
        e.to_string(),
        "a SharedNdArray of bool: element 5 is 0x07, not 0 or 1"
    );
    // xlang: numpy.array([True, False, True]) as pyfory writes it
    let xlang = Fory::builder().xlang(true).build();
    let mask: SharedNdArray<bool> = xlang
        .deserialize(&fory_tests::hex("01ff2b03010001"))
        .unwrap();
    assert_eq!(mask.view().as_slice().unwrap(), &[true, false, true]);
    assert_eq!(
        xlang.serialize(&mask).unwrap(),
        fory_tests::hex("01ff2b03010001")
    );
    let e = xlang
        .deserialize::<SharedNdArray<bool>>(&fory_tests::hex("01ff2b03010201"))
        .unwrap_err();
    assert!(
        e.to_string().contains("element 1 is 0x02, not 0 or 1"),
        "{e}"
    );
    // built by hand from bytes: checked too
    let e = SharedNdArray::from_mask_bytes(SharedArray::from_vec(vec![0u8, 1, 2, 1]), vec![2, 2]);
    assert!(e.unwrap_err().to_string().contains("not 0 or 1"));
    let ok = SharedNdArray::from_mask_bytes(SharedArray::from_vec(vec![0u8, 1, 1, 0]), vec![2, 2]);
    let back: Array2<bool> = native
        .deserialize(&native.serialize(&ok.unwrap()).unwrap())
        .unwrap();
    assert_eq!(back, Array2::from_shape_fn((2, 2), |(i, j)| i != j));
    // and a numeric array is no mask
    let e = native
        .deserialize::<SharedNdArray<bool>>(
            &native.serialize(&Array2::<u8>::zeros((1, 1))).unwrap(),
        )
        .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("expected a SharedNdArray of bool"),
        "{e}"
    );
}

/// An n-d array read as a `Vec` (native mode) is an error naming the
/// n-d array, not "an unknown type id".
#[test]
fn an_nd_array_read_as_a_vec_names_what_it_found() {
    let f = native();
    let bytes = f.serialize(&Array1::from(vec![1.0f64, 2.0])).unwrap();
    let err = f.deserialize::<Vec<f64>>(&bytes).unwrap_err();
    assert!(err.to_string().contains("NDARRAY"), "{err}");
}

// ----- 1-D arrays as xlang struct fields -----

mod fields {
    use super::*;
    use fory_core::ForyObject;
    use std::collections::HashMap;

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Arrays {
        pub name: String,
        pub data: Array1<f64>,
        pub any: ArrayD<i32>,
        pub shared: SharedNdArray<u16>,
        pub maybe: Option<Array1<f32>>,
    }

    /// `Arrays` with a `Vec` for each 1-D array field.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Vecs {
        pub name: String,
        pub data: Vec<f64>,
        pub any: Vec<i32>,
        pub shared: Vec<u16>,
        pub maybe: Option<Vec<f32>>,
    }

    /// Arrays as list elements and map values of fields.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Nested {
        pub many: Vec<Array1<i64>>,
        pub by_key: HashMap<String, Array1<f64>>,
        pub maybe: Vec<Option<SharedNdArray<f32>>>,
    }

    pub fn arrays() -> Arrays {
        let shared = fory_core::buffers::SharedArray::from_vec(vec![1u16, 2, 3]);
        Arrays {
            name: "a".into(),
            data: Array1::from(vec![0.5, -1.0]),
            any: ArrayD::from_shape_vec(vec![2], vec![7, 8]).unwrap(),
            shared: SharedNdArray::new(shared, vec![3]).unwrap(),
            maybe: Some(Array1::from(vec![2.5])),
        }
    }

    pub fn vecs() -> Vecs {
        Vecs {
            name: "a".into(),
            data: vec![0.5, -1.0],
            any: vec![7, 8],
            shared: vec![1, 2, 3],
            maybe: Some(vec![2.5]),
        }
    }

    pub fn nested() -> Nested {
        let shared = fory_core::buffers::SharedArray::from_vec(vec![0.25f32]);
        Nested {
            many: vec![Array1::from(vec![1, 2]), Array1::from(vec![])],
            by_key: [("k".to_string(), Array1::from(vec![9.0]))].into(),
            maybe: vec![None, Some(SharedNdArray::new(shared, vec![1]).unwrap())],
        }
    }
}

/// In xlang mode a struct field of a 1-D array type is the dense array,
/// declared in the TypeDef and the schema hash as a `Vec` of the same
/// elements is: the bytes are a `Vec` field's, and each reads the
/// other's in both layouts. The field was declared NDARRAY, and its
/// dense data was read back as an n-d header ("found an n-d array of
/// FLOAT8"), so it did not even round-trip; as list elements and map
/// values too (declared there, read under the NDARRAY id).
#[test]
fn xlang_1d_array_fields_are_dense_array_fields() {
    use fields::{arrays, nested, vecs, Arrays, Nested, Vecs};
    for compatible in [false, true] {
        for ref_tracking in [false, true] {
            let build = || {
                Fory::builder()
                    .xlang(true)
                    .compatible(compatible)
                    .ref_tracking(ref_tracking)
                    .build()
            };
            let mut fa = build();
            fa.register::<Arrays>(1).unwrap();
            fa.register::<Nested>(2).unwrap();
            let mut fv = build();
            fv.register::<Vecs>(1).unwrap();
            let what = format!("compatible {compatible}, ref tracking {ref_tracking}");
            let a = fa.serialize(&arrays()).unwrap();
            let v = fv.serialize(&vecs()).unwrap();
            assert_eq!(fory_tests::to_hex(&a), fory_tests::to_hex(&v), "{what}");
            assert_eq!(fa.deserialize::<Arrays>(&v).unwrap(), arrays(), "{what}");
            assert_eq!(fv.deserialize::<Vecs>(&a).unwrap(), vecs(), "{what}");
            let n = fa.serialize(&nested()).unwrap();
            assert_eq!(fa.deserialize::<Nested>(&n).unwrap(), nested(), "{what}");
        }
    }
    // native mode keeps the n-d form (and its own TypeDef id)
    let mut f = native();
    f.register::<Arrays>(1).unwrap();
    let back: Arrays = f.deserialize(&f.serialize(&arrays()).unwrap()).unwrap();
    assert_eq!(back, arrays());
}

// ----- n-d array fields a compatible reader lacks -----

mod skipped {
    use super::*;
    use fory_core::ForyObject;
    use std::collections::HashMap;

    pub mod v2 {
        use super::*;
        #[derive(ForyObject, Debug, PartialEq, Clone)]
        pub struct Nd {
            pub a: String,
            pub extra: Array2<f64>,
            pub masks: Vec<Array1<bool>>,
            pub maybe: Option<Array3<i16>>,
            pub by_name: HashMap<String, SharedNdArray<u8>>,
            pub z: String,
        }
    }

    pub mod v1 {
        use super::*;
        #[derive(ForyObject, Debug, PartialEq, Clone)]
        pub struct Nd {
            pub a: String,
            pub z: String,
        }
    }

    pub fn nd() -> v2::Nd {
        let bytes = fory_core::buffers::SharedArray::from_vec(vec![1u8, 2, 3, 4]);
        v2::Nd {
            a: "a".into(),
            extra: Array2::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f64),
            masks: vec![Array1::from(vec![true, false]), Array1::from(vec![])],
            maybe: Some(Array3::from_elem((2, 1, 2), -7).reversed_axes()),
            by_name: [("k".into(), SharedNdArray::new(bytes, vec![2, 2]).unwrap())].into(),
            z: "z".into(),
        }
    }

    pub fn fories() -> (Fory, Fory) {
        let mut w = Fory::builder().build();
        w.register::<v2::Nd>(1).unwrap();
        let mut r = Fory::builder().build();
        r.register::<v1::Nd>(1).unwrap();
        (w, r)
    }
}

/// A compatible reader skips n-d array fields it lacks (alone, in a list,
/// an `Option` and a map, Fortran order too), in band and out of band:
/// each array's buffer is consumed, so the fields after them read right
/// and every buffer given is used. It failed with "NDARRAY ... cannot be
/// read as a dynamic Value (in Nd)".
#[test]
fn skipped_nd_array_fields_consume_their_buffers() {
    use skipped::{fories, nd, v1};
    let (w, r) = fories();
    let want = v1::Nd {
        a: "a".into(),
        z: "z".into(),
    };
    let bytes = w.serialize(&nd()).unwrap();
    assert_eq!(r.deserialize::<v1::Nd>(&bytes).unwrap(), want);
    let value = nd();
    let mut objs = Vec::new();
    let data = w.serialize_with_callback(&value, &mut objs).unwrap();
    assert_eq!(objs.len(), 5);
    let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    assert_eq!(
        r.deserialize_with_buffers::<v1::Nd, _>(&data, buffers.clone())
            .unwrap(),
        want
    );
    // one buffer short: the skip asked for it
    let err = r
        .deserialize_with_buffers::<v1::Nd, _>(&data, buffers[..4].to_vec())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Buffers, "{err}");
    assert!(
        err.to_string().contains("skipping the writer's field"),
        "{err}"
    );
    // every truncation is an error, never a panic
    for i in 0..bytes.len() {
        assert!(r.deserialize::<v1::Nd>(&bytes[..i]).is_err(), "prefix {i}");
    }
}

/// A hostile n-d array in a skipped field is an error naming the problem
/// and the field, found before anything is allocated for it: a shape
/// whose product overflows or that the data does not fill, too many
/// dimensions, an element type no array has.
#[test]
fn hostile_skipped_nd_arrays_are_errors_naming_the_field() {
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    struct W {
        a: String,
        extra: Array1<f64>,
    }
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    struct R {
        a: String,
    }
    let mut w = Fory::builder().build();
    w.register::<W>(1).unwrap();
    let mut r = Fory::builder().build();
    r.register::<R>(1).unwrap();
    let good = w
        .serialize(&W {
            a: "a".into(),
            extra: Array1::from(vec![1.0, 2.0]),
        })
        .unwrap();
    // the field's data is last: elem id, order, ndim 1, dim 2, buffer
    // (size 16, then the bytes)
    let at = good.len() - 16 - 5;
    assert_eq!(
        &good[at..at + 5],
        &[56, 0, 1, 2, 16],
        "{}",
        fory_tests::to_hex(&good)
    );
    let cases: Vec<(Vec<u8>, &str)> = vec![
        // a second dimension of 2^63: the product overflows
        (
            [
                &good[..at],
                &[56, 0, 2, 2],
                &[0x80; 8][..],
                &[0x80, 0x01, 16],
            ]
            .concat(),
            "overflows",
        ),
        // 3 elements claimed, 2 sent
        (
            [&good[..at], &[56, 0, 1, 3], &good[at + 4..]].concat(),
            "its shape has 3",
        ),
        // 1,000 dimensions
        ([&good[..at], &[56, 0, 0xe8, 0x07]].concat(), "dimensions"),
        // an element type no array has (STRING)
        (
            [&good[..at], &[21], &good[at + 1..]].concat(),
            "no n-d array holds",
        ),
    ];
    for (bytes, needle) in cases {
        let err = r.deserialize::<R>(&bytes).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(needle), "{needle:?}: {text}");
        assert!(
            text.contains("skipping the writer's field `extra` (type id 100, NDARRAY"),
            "{text}"
        );
    }
}

/// In xlang mode a list or map field of 1-D arrays declares its elements
/// as their dense array, in its TypeDef and its header (as pyfory
/// declares `List[pyfory.Int64Array]`), so a compatible reader that lacks
/// the field can skip it, and one that has it reads it.
#[test]
fn xlang_lists_and_maps_of_arrays_are_skippable() {
    use fields::{nested, Nested};
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    struct Lacks {}
    let mut w = Fory::builder().xlang(true).build();
    w.register::<Nested>(2).unwrap();
    let mut r = Fory::builder().xlang(true).build();
    r.register::<Lacks>(2).unwrap();
    let bytes = w.serialize(&nested()).unwrap();
    assert_eq!(r.deserialize::<Lacks>(&bytes).unwrap(), Lacks {});
    assert_eq!(w.deserialize::<Nested>(&bytes).unwrap(), nested());
    // the list of INT64_ARRAYs: SAME_TYPE and DECL_ELEMENT_TYPE, then the
    // first array's 16 bytes
    let int64s = [2u8, 0x0c, 16];
    assert!(
        bytes.windows(3).any(|b| b == int64s),
        "{}",
        fory_tests::to_hex(&bytes)
    );
}

// ----- half floats (features `ndarray` + `half`) -----

mod half_floats {
    use bytes::Bytes;
    use fory_core::buffers::{BufferKind, ElemType, SharedArray};
    use fory_core::half::{bf16, f16};
    use fory_core::ndarray::{
        s, ArcArray, Array, Array0, Array1, Array2, Array3, ArrayD, ArrayView2, ShapeBuilder,
    };
    use fory_core::serializer::ndarray::SharedNdArray;
    use fory_core::{ErrorKind, Fory};
    use fory_tests::hex;

    fn h(x: f32) -> f16 {
        f16::from_f32(x)
    }

    fn b(x: f32) -> bf16 {
        bf16::from_f32(x)
    }

    /// In-band and out-of-band (one `NdArray` buffer of `elem`, the
    /// array's own memory when contiguous), read back as the array, as
    /// `ArrayD` and as `SharedNdArray`.
    fn native_round_trip<T, D>(a: &Array<T, D>, elem: ElemType)
    where
        T: fory_core::serializer::ndarray::SharedNdElement,
        D: ndarray::Dimension,
    {
        let f = Fory::builder().build();
        let back: Array<T, D> = f.deserialize(&f.serialize(a).unwrap()).unwrap();
        assert_eq!(&back, a);
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(a, &mut objs).unwrap();
        assert_eq!(objs.len(), 1);
        assert_eq!(objs[0].kind(), BufferKind::NdArray(elem));
        assert_eq!(objs[0].total_bytes(), a.len() * 2);
        if let Some(mem) = a.as_slice_memory_order() {
            assert_eq!(objs[0].getbuffer().as_ptr(), mem.as_ptr() as *const u8);
        }
        let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
        let back: Array<T, D> = f.deserialize_with_buffers(&data, buffers.clone()).unwrap();
        assert_eq!(&back, a);
        let dynamic: ArrayD<T> = f.deserialize_with_buffers(&data, buffers.clone()).unwrap();
        assert_eq!(dynamic, a.clone().into_dyn());
        let shared: SharedNdArray<T> = f.deserialize_with_buffers(&data, buffers).unwrap();
        assert_eq!(shared.view(), a.view().into_dyn());
    }

    #[test]
    fn f16_and_bf16_arrays_round_trip_in_every_shape_and_order() {
        let grid = |i: usize, j: usize| (i * 4 + j) as f32 * 0.5 - 3.0;
        let a2 = Array2::from_shape_fn((3, 4), |(i, j)| h(grid(i, j)));
        native_round_trip(&a2, ElemType::F16);
        native_round_trip(&Array0::from_elem((), h(65504.0)), ElemType::F16);
        native_round_trip(&Array1::<f16>::from(vec![]), ElemType::F16);
        native_round_trip(
            &Array3::from_shape_fn((2, 3, 2), |(i, j, k)| h((i * 6 + j * 2 + k) as f32)),
            ElemType::F16,
        );
        // Fortran order: offered as it is, order 1 in the header
        let fortran = Array2::from_shape_fn((3, 4).f(), |(i, j)| b(grid(i, j)));
        native_round_trip(&fortran, ElemType::BF16);
        native_round_trip(
            &Array2::from_shape_fn((4, 2), |(i, j)| b(grid(i, j))),
            ElemType::BF16,
        );
        // special values keep their bits: infinities, NaN, subnormals, -0
        let specials: Vec<f16> = [0x7c00, 0xfc00, 0x7e00, 0x0001, 0x8000, 0x7bff]
            .map(f16::from_bits)
            .to_vec();
        let f = Fory::builder().build();
        let back: Array1<f16> = f
            .deserialize(&f.serialize(&Array1::from(specials.clone())).unwrap())
            .unwrap();
        let bits = |v: &[f16]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(back.as_slice().unwrap()), bits(&specials));
        // views: a sliced one is packed once (and says so), an ArcArray too
        let every_other = a2.slice(s![.., ..;2]);
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&every_other, &mut objs).unwrap();
        assert!(objs[0].is_copy());
        let back: Array2<f16> = f.deserialize_with_buffers(&data, &objs).unwrap();
        assert_eq!(back, every_other);
        let view: ArrayView2<'_, f16> = a2.view();
        let back: ArcArray<f16, ndarray::Ix2> =
            f.deserialize(&f.serialize(&view).unwrap()).unwrap();
        assert_eq!(back, a2);
        let arc = a2.to_shared();
        let back: Array2<f16> = f.deserialize(&f.serialize(&arc).unwrap()).unwrap();
        assert_eq!(back, a2);
    }

    #[test]
    fn native_header_names_the_dense_half_array_types() {
        let f = Fory::builder().build();
        // NDARRAY, then the element's dense-array id: FLOAT16_ARRAY (53)
        // and BFLOAT16_ARRAY (54); C order, 1 dimension of 2
        // (NDARRAY is 100; then the size of the data and the data)
        let data = f.serialize(&Array1::from(vec![h(1.0), h(-2.5)])).unwrap();
        assert_eq!(data, hex("00ff6435000102 04003c00c1"));
        let data = f.serialize(&Array1::from(vec![b(1.0), b(-2.5)])).unwrap();
        assert_eq!(data, hex("00ff6436000102 04803f20c0"));
        // Fortran order and two dimensions
        let m = Array2::from_shape_vec((2, 2).f(), vec![h(1.0), h(-2.5), h(0.5), h(2.0)]);
        let m = m.unwrap();
        assert_eq!(m[[1, 0]], h(-2.5)); // column-major
        assert_eq!(
            f.serialize(&m).unwrap(),
            hex("00ff643501020202 08003c00c100380040")
        );
    }

    #[test]
    fn shared_nd_half_arrays_point_into_the_buffers_they_were_given() {
        let f = Fory::builder().build();
        let a = Array3::from_shape_fn((4, 3, 2), |(i, j, k)| h((i * 6 + j * 2 + k) as f32));
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&a, &mut objs).unwrap();
        let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
        assert!(SharedArray::<f16>::is_aligned(&buffers[0]));
        let back: SharedNdArray<f16> = f.deserialize_with_buffers(&data, buffers.clone()).unwrap();
        assert_eq!(back.data().as_ptr() as *const u8, buffers[0].as_ptr());
        assert!(back.data().shares_memory_with(&buffers[0]));
        assert_eq!(back.shape(), &[4, 3, 2]);
        assert_eq!(back.view(), a.view().into_dyn());
        // at an odd address: one copy into aligned memory, same values
        let shifted = Bytes::from([&[0u8][..], &buffers[0][..]].concat()).slice(1..);
        let back: SharedNdArray<f16> = f
            .deserialize_with_buffers(&data, [shifted.clone()])
            .unwrap();
        assert!(!back.data().shares_memory_with(&shifted));
        assert_eq!(back.view(), a.view().into_dyn());
        // bf16, and the SharedNdArray written back is the same array
        let m = Array2::from_shape_fn((5, 3).f(), |(i, j)| b((i * 3 + j) as f32));
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&m, &mut objs).unwrap();
        let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
        let back: SharedNdArray<bf16> = f.deserialize_with_buffers(&data, buffers.clone()).unwrap();
        assert_eq!(back.data().as_ptr() as *const u8, buffers[0].as_ptr());
        assert!(back.is_fortran());
        let mut objs = Vec::new();
        let again = f.serialize_with_callback(&back, &mut objs).unwrap();
        assert_eq!(objs[0].kind(), BufferKind::NdArray(ElemType::BF16));
        assert_eq!(objs[0].getbuffer().as_ptr(), buffers[0].as_ptr()); // no copy
        let back: Array2<bf16> = f.deserialize_with_buffers(&again, &objs).unwrap();
        assert_eq!(back, m);
        // built by hand
        let shared =
            SharedNdArray::new(SharedArray::from_vec(vec![h(1.0); 6]), vec![2, 3]).unwrap();
        let back: Array2<f16> = f.deserialize(&f.serialize(&shared).unwrap()).unwrap();
        assert_eq!(back, Array2::from_elem((2, 3), h(1.0)));
    }

    #[test]
    fn xlang_1d_half_arrays_are_pyforys_dense_arrays() {
        let f = Fory::builder().xlang(true).build();
        // pyfory: numpy.array([1.0, -2.5], dtype=numpy.float16)
        let numpy = hex("01ff3504003c00c1");
        // and pyfory.BFloat16Array.from_values([1.0, -2.5])
        let pyfory_bf16 = hex("01ff3604803f20c0");
        let a = Array1::from(vec![h(1.0), h(-2.5)]);
        let bb = Array1::from(vec![b(1.0), b(-2.5)]);
        assert_eq!(f.serialize(&a).unwrap(), numpy);
        assert_eq!(f.serialize(&a.view()).unwrap(), numpy);
        assert_eq!(f.serialize(&a.view().into_dyn()).unwrap(), numpy);
        assert_eq!(f.serialize(&a.to_shared()).unwrap(), numpy);
        assert_eq!(f.serialize(&bb).unwrap(), pyfory_bf16);
        let shared = SharedNdArray::new(SharedArray::from_slice(a.as_slice().unwrap()), vec![2]);
        assert_eq!(f.serialize(&shared.unwrap()).unwrap(), numpy);
        assert_eq!(
            f.serialize(&SharedArray::from_vec(bb.to_vec())).unwrap(),
            pyfory_bf16
        );
        // with a callback the array stays in the stream, as pyfory keeps
        // it (the header says out-of-band was on)
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&a, &mut objs).unwrap();
        assert!(objs.is_empty());
        assert_eq!(data, hex("03ff3504003c00c1"));
        // read into every form
        assert_eq!(f.deserialize::<Array1<f16>>(&numpy).unwrap(), a);
        assert_eq!(
            f.deserialize::<ArrayD<f16>>(&numpy).unwrap(),
            a.clone().into_dyn()
        );
        assert_eq!(
            f.deserialize::<ArcArray<f16, ndarray::Ix1>>(&numpy)
                .unwrap(),
            a
        );
        let s: SharedNdArray<f16> = f.deserialize(&numpy).unwrap();
        assert_eq!(s.view(), a.view().into_dyn());
        assert_eq!(
            &f.deserialize::<SharedArray<f16>>(&numpy).unwrap()[..],
            a.as_slice().unwrap()
        );
        assert_eq!(
            f.deserialize::<Vec<f16>>(&f.serialize(&a).unwrap())
                .unwrap(),
            a.to_vec()
        );
        assert_eq!(f.deserialize::<Array1<bf16>>(&pyfory_bf16).unwrap(), bb);
        let s: SharedNdArray<bf16> = f.deserialize(&pyfory_bf16).unwrap();
        assert_eq!(s.view(), bb.view().into_dyn());
        // more than one dimension is native mode's
        let e = f.serialize(&Array2::from_elem((2, 2), h(0.0))).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported);
        assert!(e.to_string().contains("1-D"), "{e}");
    }

    #[test]
    fn half_arrays_of_odd_lengths_or_other_elements_are_errors() {
        let xlang = Fory::builder().xlang(true).build();
        // three bytes of FLOAT16_ARRAY / BFLOAT16_ARRAY: no whole element
        let odd = |e: Option<fory_core::Error>, what: &str| {
            let e = e.expect("an error").to_string();
            assert_eq!(
                e,
                format!("{what} has 3 bytes, not a whole number of 2-byte elements")
            );
        };
        let f16s = hex("01ff3503003c00");
        odd(
            xlang.deserialize::<Array1<f16>>(&f16s).err(),
            "an n-d array of f16",
        );
        odd(
            xlang.deserialize::<ArrayD<f16>>(&f16s).err(),
            "an n-d array of f16",
        );
        odd(
            xlang.deserialize::<SharedNdArray<f16>>(&f16s).err(),
            "a SharedNdArray of f16",
        );
        odd(xlang.deserialize::<SharedArray<f16>>(&f16s).err(), "f16");
        odd(xlang.deserialize::<Vec<f16>>(&f16s).err(), "f16");
        let bf16s = hex("01ff3603803f20");
        odd(
            xlang.deserialize::<Array1<bf16>>(&bf16s).err(),
            "an n-d array of bf16",
        );
        odd(
            xlang.deserialize::<SharedNdArray<bf16>>(&bf16s).err(),
            "a SharedNdArray of bf16",
        );
        odd(xlang.deserialize::<SharedArray<bf16>>(&bf16s).err(), "bf16");
        odd(xlang.deserialize::<Vec<bf16>>(&bf16s).err(), "bf16");
        // the same in a native n-d array's in-band data
        let native_odd = hex("00ff6435000102033c00c1");
        let native = Fory::builder().build();
        let e = native.deserialize::<Array2<f16>>(&native_odd).unwrap_err();
        assert!(
            e.to_string()
                .contains("not a whole number of 2-byte elements"),
            "{e}"
        );
        let e = native
            .deserialize::<SharedNdArray<f16>>(&native_odd)
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("not a whole number of 2-byte elements"),
            "{e}"
        );
        // the other half type, or f32: a type mismatch naming both
        let e = xlang
            .deserialize::<Array1<bf16>>(&hex("01ff3504003c00c1"))
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TypeMismatch, "{e}");
        assert!(
            e.to_string().contains("bf16") && e.to_string().contains("FLOAT16_ARRAY"),
            "{e}"
        );
        let e = xlang
            .deserialize::<SharedNdArray<f16>>(&hex("01ff3604803f20c0"))
            .unwrap_err();
        assert!(e.to_string().contains("SharedNdArray of f16"), "{e}");
        let f32s = native.serialize(&Array2::<f32>::zeros((2, 2))).unwrap();
        let e = native.deserialize::<Array2<f16>>(&f32s).unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected an n-d array of f16, found an n-d array of f32 at byte 3"
        );
        let halves = native
            .serialize(&Array2::from_elem((2, 2), h(1.0)))
            .unwrap();
        let e = native
            .deserialize::<SharedNdArray<bf16>>(&halves)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "expected a SharedNdArray of bf16, found an n-d array of f16 at byte 3"
        );
        let e = native.deserialize::<Array2<i16>>(&halves).unwrap_err();
        assert!(e.to_string().contains("found an n-d array of f16"), "{e}");
        // an out-of-band buffer of an odd length, or of the wrong size
        let mut objs = Vec::new();
        let data = native
            .serialize_with_callback(&Array2::from_elem((2, 2), h(1.0)), &mut objs)
            .unwrap();
        for len in [7, 6, 10] {
            let bad = vec![Bytes::from(vec![0u8; len])];
            for e in [
                native
                    .deserialize_with_buffers::<Array2<f16>, _>(&data, bad.clone())
                    .err(),
                native
                    .deserialize_with_buffers::<SharedNdArray<f16>, _>(&data, bad)
                    .err(),
            ] {
                let e = e.expect("an error").to_string();
                let want = format!("has {len} bytes but the stream recorded 8 (for f16)");
                assert!(e.contains(&want), "{e}");
            }
        }
    }
}

mod evolving {
    use super::*;

    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    pub struct Before {
        pub name: String,
    }

    /// `Before` with two zero-copy array fields the writer lacks.
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    pub struct After {
        pub name: String,
        pub data: SharedNdArray<f64>,
        pub flat: fory_core::buffers::SharedArray<i32>,
    }
}

/// Zero-copy arrays have zero values (empty), so a compatible reader
/// fills such fields a writer lacks; `into_fortran` reads the same data
/// in column-major order, and writes and reads back as such.
#[test]
fn shared_arrays_have_empty_zero_values_and_a_fortran_order() {
    use evolving::{After, Before};
    for xlang in [false, true] {
        let mut w = Fory::builder().xlang(xlang).build();
        w.register::<Before>(7).unwrap();
        let mut r = Fory::builder().xlang(xlang).build();
        r.register::<After>(7).unwrap();
        let bytes = w.serialize(&Before { name: "b".into() }).unwrap();
        let after: After = r.deserialize(&bytes).unwrap();
        assert_eq!(after.data, SharedNdArray::default());
        assert_eq!(after.data.shape(), &[0]);
        assert!(after.flat.is_empty());
    }
    let data = fory_core::buffers::SharedArray::from_vec(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let f_order = SharedNdArray::new(data, vec![2, 3]).unwrap().into_fortran();
    assert!(f_order.is_fortran());
    let want = Array2::from_shape_vec((2, 3).f(), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
    assert_eq!(f_order.view(), want.clone().into_dyn().view());
    let f = native();
    let bytes = f.serialize(&f_order).unwrap();
    assert_eq!(f.deserialize::<Array2<f64>>(&bytes).unwrap(), want);
    let back: SharedNdArray<f64> = f.deserialize(&bytes).unwrap();
    assert!(back.is_fortran());
    assert_eq!(back, f_order);
}
