//! Out-of-band behaviour in native mode: the pyfory guide's settings.

use std::sync::Arc;

use bytes::Bytes;
use fory_core::buffers::{
    AllInBand, AllOutOfBand, BufferKind, BufferObject, ElemType, PickleBuffer, Predicate,
    SharedArray, SizeThreshold,
};
use fory_core::{ErrorKind, Fory};

fn native(ref_tracking: bool) -> Fory {
    Fory::builder()
        .xlang(false)
        .ref_tracking(ref_tracking)
        .strict(false)
        .build()
}

#[test]
fn ten_thousand_f64_make_one_80000_byte_buffer() {
    let fory = native(false);
    let array: Vec<f64> = (0..10_000).map(f64::from).collect();
    let mut objs = Vec::new();
    let data = fory.serialize_with_callback(&array, &mut objs).unwrap();
    assert_eq!(objs.len(), 1);
    assert_eq!(objs[0].total_bytes(), 80_000);
    assert_eq!(objs[0].kind(), BufferKind::PrimitiveArray(ElemType::F64));
    assert!(data.len() <= 32, "in-band stream is {} bytes", data.len());
    // getbuffer() of a contiguous buffer is the value's own memory
    let view = objs[0].getbuffer();
    assert_eq!(view.as_ptr(), array.as_ptr() as *const u8);
    let back: Vec<f64> = fory.deserialize_with_buffers(&data, [view]).unwrap();
    assert_eq!(back, array);
    // in-band, the same value carries its 80,000 bytes
    assert!(fory.serialize(&array).unwrap().len() > 80_000);
}

#[test]
fn selective_callback_on_two_arrays_with_ref_tracking() {
    let fory = native(true);
    let arr1: Vec<f64> = (0..1000).map(f64::from).collect();
    let arr2: Vec<f64> = (0..2000).map(f64::from).collect();
    let data = vec![arr1.clone(), arr2.clone()];
    let mut objs = Vec::new();
    let mut counter = 0;
    let serialized = fory
        .serialize_with_callback(&data, |b| {
            counter += 1;
            if counter % 2 == 0 {
                objs.push(b);
                false
            } else {
                true
            }
        })
        .unwrap();
    assert_eq!(counter, 2);
    assert_eq!(objs.len(), 1);
    assert_eq!(objs[0].total_bytes(), 16_000);
    // arr1 in-band, arr2 out
    assert!(serialized.len() > 8_000 && serialized.len() < 9_000);
    let buffers: Vec<_> = objs.iter().map(|o| o.getbuffer()).collect();
    let back: Vec<Vec<f64>> = fory.deserialize_with_buffers(&serialized, buffers).unwrap();
    assert_eq!(back, data);
}

#[test]
fn two_arcs_of_one_buffer_are_offered_once_and_read_back_shared() {
    let fory = native(true);
    let shared = Arc::new((0..500).map(f64::from).collect::<Vec<f64>>());
    let value = vec![shared.clone(), shared.clone()];
    let mut objs = Vec::new();
    let data = fory.serialize_with_callback(&value, &mut objs).unwrap();
    assert_eq!(objs.len(), 1);
    let back: Vec<Arc<Vec<f64>>> = fory
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
        .unwrap();
    assert_eq!(back, value);
    assert!(Arc::ptr_eq(&back[0], &back[1]));

    // without ref tracking, both are written and read back apart
    let fory = native(false);
    let mut objs = Vec::new();
    let data = fory.serialize_with_callback(&value, &mut objs).unwrap();
    assert_eq!(objs.len(), 2);
    let back: Vec<Arc<Vec<f64>>> = fory
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.getbuffer()))
        .unwrap();
    assert!(!Arc::ptr_eq(&back[0], &back[1]));
    assert_eq!(back, value);
}

#[test]
fn bytes_and_shared_arrays_read_back_point_into_the_buffers() {
    let fory = native(false);
    let raw = Bytes::from(vec![3u8; 4096]);
    let arr = SharedArray::from_vec((0..1024).map(|i| i as f32).collect::<Vec<f32>>());
    let value = (
        raw.clone(),
        arr.clone(),
        PickleBuffer::new(raw.slice(0..100)),
    );
    let mut objs = Vec::new();
    let data = fory.serialize_with_callback(&value, &mut objs).unwrap();
    assert_eq!(objs.len(), 3);
    // the callback was handed the value's own memory, no copy
    assert_eq!(objs[0].getbuffer().as_ptr(), raw.as_ptr());
    assert_eq!(objs[1].getbuffer().as_ptr(), arr.as_bytes().as_ptr());
    assert_eq!(objs[2].kind(), BufferKind::PickleBuffer);
    // ship as Bytes (e.g. received from a socket into one allocation)
    let buffers: Vec<Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
    let back: (Bytes, SharedArray<f32>, PickleBuffer) = fory
        .deserialize_with_buffers(&data, buffers.clone())
        .unwrap();
    assert_eq!(back, value);
    assert_eq!(back.0.as_ptr(), buffers[0].as_ptr());
    assert_eq!(back.1.as_ptr() as *const u8, buffers[1].as_ptr());
    assert_eq!(back.2.raw().as_ptr(), buffers[2].as_ptr());
}

#[test]
fn misaligned_out_of_band_buffer_is_copied_and_reads_right() {
    let fory = native(false);
    let arr = SharedArray::from_vec(vec![1.5f64, 2.5, 3.5]);
    let mut objs = Vec::new();
    let data = fory.serialize_with_callback(&arr, &mut objs).unwrap();
    let mut shifted = vec![0u8];
    shifted.extend_from_slice(&objs[0].getbuffer());
    let shifted = Bytes::from(shifted).slice(1..);
    let back: SharedArray<f64> = fory
        .deserialize_with_buffers(&data, [shifted.clone()])
        .unwrap();
    assert_eq!(&back[..], &[1.5, 2.5, 3.5]);
    if !SharedArray::<f64>::is_aligned(&shifted) {
        assert!(!back.shares_memory_with(&shifted));
    }
}

#[test]
fn pickle_buffer_round_trip_as_in_the_guide() {
    let fory = native(false);
    let pickle_buffer = PickleBuffer::new(Bytes::from_static(b"Large binary data"));
    let mut objs = Vec::new();
    let serialized = fory
        .serialize_with_callback(&pickle_buffer, &mut objs)
        .unwrap();
    assert_eq!(objs.len(), 1);
    let buffers: Vec<_> = objs.iter().map(|b| b.getbuffer()).collect();
    let back: PickleBuffer = fory.deserialize_with_buffers(&serialized, buffers).unwrap();
    assert_eq!(back.raw(), b"Large binary data");
}

#[test]
fn policies_choose_by_size_and_kind() {
    let fory = native(false);
    let value = (vec![0u8; 10], vec![1u8; 5000], vec![2.0f64; 1000]);
    let mut sink = Vec::new();
    let data = fory
        .serialize_with_callback(&value, SizeThreshold::new(1024, &mut sink))
        .unwrap();
    assert_eq!(
        sink.iter().map(|b| b.total_bytes()).collect::<Vec<_>>(),
        vec![5000, 8000]
    );
    let back: (Vec<u8>, Vec<u8>, Vec<f64>) = fory
        .deserialize_with_buffers(&data, sink.iter().map(|b| b.getbuffer()))
        .unwrap();
    assert_eq!(back, value);

    let mut p = Predicate::new(
        |b: &BufferObject<'_>| matches!(b.kind(), BufferKind::PrimitiveArray(_)),
        Vec::new(),
    );
    let data = fory.serialize_with_callback(&value, &mut p).unwrap();
    let sink = p.into_sink();
    assert_eq!(sink.len(), 1);
    assert_eq!(sink[0].kind(), BufferKind::PrimitiveArray(ElemType::F64));
    let back: (Vec<u8>, Vec<u8>, Vec<f64>) = fory
        .deserialize_with_buffers(&data, sink.iter().map(|b| b.getbuffer()))
        .unwrap();
    assert_eq!(back, value);

    let data = fory.serialize_with_callback(&value, AllInBand).unwrap();
    let back: (Vec<u8>, Vec<u8>, Vec<f64>) = fory
        .deserialize_with_buffers(&data, Vec::<Bytes>::new())
        .unwrap();
    assert_eq!(back, value);

    let mut all = AllOutOfBand(Vec::new());
    let data = fory.serialize_with_callback(&value, &mut all).unwrap();
    assert_eq!(all.0.len(), 3);
    let back: (Vec<u8>, Vec<u8>, Vec<f64>) = fory
        .deserialize_with_buffers(&data, all.0.iter().map(|b| b.to_buffer()))
        .unwrap();
    assert_eq!(back, value);
}

#[test]
fn buffer_errors_are_typed_and_named() {
    let fory = native(false);
    let value = (vec![1u8; 8], vec![2u8; 16]);
    let mut objs = Vec::new();
    let data = fory.serialize_with_callback(&value, &mut objs).unwrap();
    let views: Vec<_> = objs.iter().map(|b| b.getbuffer()).collect();

    let too_few = fory
        .deserialize_with_buffers::<(Vec<u8>, Vec<u8>), _>(&data, views[..1].to_vec())
        .unwrap_err();
    assert_eq!(too_few.kind(), ErrorKind::Buffers);
    assert!(too_few.to_string().contains("buffer #2"), "{too_few}");

    let mut surplus = views.clone();
    surplus.push(views[0].clone());
    let too_many = fory
        .deserialize_with_buffers::<(Vec<u8>, Vec<u8>), _>(&data, surplus)
        .unwrap_err();
    assert_eq!(too_many.kind(), ErrorKind::Buffers);
    assert!(
        too_many
            .to_string()
            .contains("3 out-of-band buffers were given"),
        "{too_many}"
    );

    let swapped = vec![views[1].clone(), views[0].clone()];
    let wrong_size = fory
        .deserialize_with_buffers::<(Vec<u8>, Vec<u8>), _>(&data, swapped)
        .unwrap_err();
    assert_eq!(wrong_size.kind(), ErrorKind::Buffers);
    assert!(
        wrong_size.to_string().contains("has 16 bytes"),
        "{wrong_size}"
    );

    let no_buffers = fory.deserialize::<(Vec<u8>, Vec<u8>)>(&data).unwrap_err();
    assert_eq!(no_buffers.kind(), ErrorKind::Buffers);

    let plain = fory.serialize(&value).unwrap();
    let unexpected = fory
        .deserialize_with_buffers::<(Vec<u8>, Vec<u8>), _>(&plain, views)
        .unwrap_err();
    assert_eq!(unexpected.kind(), ErrorKind::Buffers);
    assert!(unexpected.to_string().contains("without a buffer callback"));
    assert!(
        unexpected
            .to_string()
            .starts_with("out-of-band buffers were given"),
        "{unexpected}"
    );
    // an empty list is not "buffers were given"
    let empty = fory
        .deserialize_with_buffers::<(Vec<u8>, Vec<u8>), _>(&plain, Vec::<Bytes>::new())
        .unwrap_err();
    assert_eq!(empty.kind(), ErrorKind::Buffers);
    assert!(
        empty
            .to_string()
            .starts_with("an empty list of out-of-band buffers was given"),
        "{empty}"
    );
}

#[test]
fn buffers_can_be_given_in_every_contract_form() {
    let fory = native(false);
    let value = vec![vec![9u8; 3], vec![8u8; 2]];
    let mut objs = Vec::new();
    let data = fory.serialize_with_callback(&value, &mut objs).unwrap();
    let as_vecs: Vec<Vec<u8>> = objs.iter().map(|b| b.getbuffer().to_vec()).collect();
    let as_bytes: Vec<Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
    let as_slices: Vec<&[u8]> = as_vecs.iter().map(|v| &v[..]).collect();
    let a: Vec<Vec<u8>> = fory
        .deserialize_with_buffers(&data, as_vecs.clone())
        .unwrap();
    let b: Vec<Vec<u8>> = fory.deserialize_with_buffers(&data, as_bytes).unwrap();
    let c: Vec<Vec<u8>> = fory.deserialize_with_buffers(&data, as_slices).unwrap();
    let d: Vec<Vec<u8>> = fory.deserialize_with_buffers(&data, &as_vecs).unwrap();
    for back in [a, b, c, d] {
        assert_eq!(back, value);
    }
}

#[test]
fn write_to_vec_file_and_preallocated_slice() {
    let fory = native(false);
    let array: Vec<f64> = (0..1000).map(f64::from).collect();
    let mut objs = Vec::new();
    fory.serialize_with_callback(&array, &mut objs).unwrap();
    let obj = &objs[0];
    let mut v = Vec::new();
    obj.write_to(&mut v).unwrap();
    assert_eq!(v, obj.getbuffer().to_vec());
    let path = std::env::temp_dir().join(format!("fory-oob-{}.bin", std::process::id()));
    let mut file = std::fs::File::create(&path).unwrap();
    obj.write_to(&mut file).unwrap();
    drop(file);
    assert_eq!(std::fs::read(&path).unwrap(), v);
    std::fs::remove_file(&path).unwrap();
    // one allocation sized by total_bytes, filled in place
    let total: usize = objs.iter().map(|o| o.total_bytes()).sum();
    let mut region = vec![0u8; total];
    let mut at = 0;
    for o in &objs {
        at += o.copy_to_slice(&mut region[at..]).unwrap();
    }
    assert_eq!(region, v);
}
