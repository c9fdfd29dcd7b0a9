//! Half floats in arrays against the real peer, pyfory 1.7.7, both ways:
//! `ndarray` arrays, `SharedNdArray`, `SharedArray` and `Vec` of
//! `half::f16` (numpy `float16`, FLOAT16_ARRAY) and `half::bf16`
//! (`pyfory.BFloat16Array`, BFLOAT16_ARRAY), alone, with a buffer
//! callback, sent out of band the way pyfory sends arrays (the BINARY of
//! `arr.tobytes()`), and as dataclass fields next to FLOAT16 / BFLOAT16
//! scalars; and numpy bool masks as a zero-copy `SharedNdArray<bool>`.
//! Rust's bytes must equal pyfory's for every case; values are
//! compared by their bits (NaN, -0 and subnormals included). The peer is
//! python/interop_half.py.
//!
//! Never skipped: without the venv this test fails and says how to make it.

use std::path::Path;

use bytes::Bytes;
use fory_core::buffers::SharedArray;
use fory_core::half::{bf16, f16};
use fory_core::ndarray::{s, ArcArray1, Array1, ArrayD};
use fory_core::serializer::ndarray::SharedNdArray;
use fory_core::{Fory, ForyObject, Serialize};
use fory_tests::peer::{self, Case};

const SCRIPT: &str = "interop_half.py";

/// As python/interop_half.py's F16_BITS and BF16_BITS.
const F16_BITS: [u16; 8] = [
    0x3C00, 0xC100, 0x7C00, 0xFC00, 0x7E00, 0x0001, 0x7BFF, 0x8000,
];
const BF16_BITS: [u16; 7] = [0x3F80, 0xC020, 0x7F80, 0x7FC0, 0x0001, 0x7F7F, 0x8000];

fn f16s() -> Vec<f16> {
    F16_BITS.map(f16::from_bits).to_vec()
}

fn bf16s() -> Vec<bf16> {
    BF16_BITS.map(bf16::from_bits).to_vec()
}

fn bits<T: Copy + Into<f32>>(v: &[T]) -> Vec<u32> {
    // through f32 (exact for both), so a NaN compares by its bits
    v.iter().map(|&x| x.into().to_bits()).collect()
}

/// Rust's twin of python/interop_half.py's `HalfArrays`.
#[derive(ForyObject, Debug, Clone, PartialEq)]
struct HalfArrays {
    h: f16,
    hs: Array1<f16>,
    b: bf16,
    bs: SharedNdArray<bf16>,
}

fn half_arrays() -> HalfArrays {
    HalfArrays {
        h: f16::from_f32(-2.5),
        hs: Array1::from(f16s()),
        b: bf16::from_f32(1.5),
        bs: SharedNdArray::new(SharedArray::from_vec(bf16s()), vec![bf16s().len()]).unwrap(),
    }
}

fn fory() -> Fory {
    let mut f = Fory::builder().xlang(true).compatible(true).build();
    f.register_by_name::<HalfArrays>("example", "HalfArrays")
        .unwrap();
    f
}

/// The 600 f16s python/interop_half.py sends as bytes out of band.
fn oob_f16s() -> Vec<f16> {
    (0x3C00..0x3C00 + 600).map(f16::from_bits).collect()
}

/// Writes `value` as case `name` into `dir` (with `oob`, every buffer out
/// of band, in `<name>.oob`); returns the stream.
fn write_case<T: Serialize>(dir: &Path, name: &str, value: &T, oob: bool) -> Vec<u8> {
    let f = fory();
    let data = if oob {
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(value, &mut objs).unwrap();
        peer::write_oob(&dir.join(format!("{name}.oob")), &objs);
        data
    } else {
        f.serialize(value).unwrap()
    };
    std::fs::write(dir.join(format!("{name}.bin")), &data).unwrap();
    data
}

/// Case `name`, `value` as Rust writes it (with `oob`, every buffer out of
/// band); pyfory writes the same bytes, unless it cannot write the case.
fn case<T: Serialize + 'static>(name: &'static str, oob: bool, value: T) -> Case {
    Case {
        name,
        write: Some(Box::new(move |dir: &Path| {
            write_case(dir, name, &value, oob)
        })),
        read: None,
        same_bytes: peer::ALL,
    }
}

/// Every case python/interop_half.py reads, as Rust writes it; the bytes
/// equal those pyfory writes for each. Rust reads pyfory's files in the
/// test.
fn cases() -> Vec<Case> {
    let a = Array1::from(f16s());
    let raw = Bytes::from(bytemuck_bytes(&oob_f16s()));
    vec![
        case("f16_array", false, a.clone()),
        case("f16_array_empty", false, Array1::<f16>::from(vec![])),
        case("f16_array_callback", true, a.to_shared()),
        Case {
            name: "f16_array_reversed",
            write: Some(Box::new(|dir: &Path| {
                let a = Array1::from(f16s());
                write_case(dir, "f16_array_reversed", &a.slice(s![..;-1]), false)
            })),
            read: None,
            same_bytes: peer::ALL,
        },
        case("f16_bytes_oob", true, raw),
        case("bf16_array", false, Array1::from(bf16s()).into_dyn()),
        case("bf16_array_callback", true, half_arrays().bs),
        case("half_fields", false, half_arrays()),
        case("bool_mask", false, mask()),
        // Rust only: Python writes a float as FLOAT64
        Case {
            same_bytes: 0,
            ..case("bf16_scalar", false, bf16::from_f32(1.5))
        },
        Case {
            same_bytes: 0,
            ..case("f16_scalar", false, f16::from_f32(-2.5))
        },
    ]
}

/// numpy.array([True, False, False, True, True])
fn mask() -> SharedNdArray<bool> {
    SharedNdArray::from_mask_bytes(SharedArray::from_vec(vec![1, 0, 0, 1, 1]), vec![5]).unwrap()
}

fn bytemuck_bytes(v: &[f16]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_bits().to_le_bytes()).collect()
}

#[test]
fn pyfory_reads_rusts_half_arrays_and_rust_reads_pyforys() {
    let run = peer::both_ways(SCRIPT, "interop-half", &cases());
    // the bytes: Rust's equal pyfory's for every case Python writes
    run.assert_ok();
    let py = &run.py_dir;
    let read = |name: &str| std::fs::read(py.join(format!("{name}.bin"))).unwrap();
    let f = fory();

    // numpy float16, into every Rust form
    let want = bits(&f16s());
    let data = read("f16_array");
    let a: Array1<f16> = f.deserialize(&data).unwrap();
    assert_eq!(bits(a.as_slice().unwrap()), want);
    let d: ArrayD<f16> = f.deserialize(&data).unwrap();
    assert_eq!(
        (d.shape(), bits(d.as_slice().unwrap())),
        (&[8][..], want.clone())
    );
    let arc: ArcArray1<f16> = f.deserialize(&data).unwrap();
    assert_eq!(bits(arc.as_slice().unwrap()), want);
    let shared: SharedNdArray<f16> = f.deserialize(&data).unwrap();
    assert_eq!(bits(shared.data()), want);
    let sa: SharedArray<f16> = f.deserialize(&data).unwrap();
    assert_eq!(bits(&sa), want);
    let v: Vec<f16> = f.deserialize(&data).unwrap();
    assert_eq!(bits(&v), want);
    let empty: Array1<f16> = f.deserialize(&read("f16_array_empty")).unwrap();
    assert!(empty.is_empty());
    let rev: Array1<f16> = f.deserialize(&read("f16_array_reversed")).unwrap();
    let mut back = f16s();
    back.reverse();
    assert_eq!(bits(rev.as_slice().unwrap()), bits(&back));

    // with a callback pyfory keeps arrays in the stream: no buffers
    let buffers = peer::read_oob(&py.join("f16_array_callback.oob"));
    assert!(buffers.is_empty());
    let shared: SharedNdArray<f16> = f
        .deserialize_with_buffers(&read("f16_array_callback"), buffers)
        .unwrap();
    assert_eq!(bits(shared.data()), want);
    let buffers = peer::read_oob(&py.join("bf16_array_callback.oob"));
    let shared: SharedNdArray<bf16> = f
        .deserialize_with_buffers(&read("bf16_array_callback"), buffers)
        .unwrap();
    assert_eq!(bits(shared.data()), bits(&bf16s()));

    // pyfory's out-of-band array (arr.tobytes()): zero-copy SharedArray
    let buffers = peer::read_oob(&py.join("f16_bytes_oob.oob"));
    assert_eq!(buffers.len(), 1);
    let sa: SharedArray<f16> = f
        .deserialize_with_buffers(&read("f16_bytes_oob"), buffers.clone())
        .unwrap();
    assert_eq!(bits(&sa), bits(&oob_f16s()));
    assert_eq!(sa.as_ptr() as *const u8, buffers[0].as_ptr(), "zero-copy");

    // pyfory.BFloat16Array
    let data = read("bf16_array");
    let want = bits(&bf16s());
    let v: Vec<bf16> = f.deserialize(&data).unwrap();
    assert_eq!(bits(&v), want);
    let a: Array1<bf16> = f.deserialize(&data).unwrap();
    assert_eq!(bits(a.as_slice().unwrap()), want);
    let shared: SharedNdArray<bf16> = f.deserialize(&data).unwrap();
    assert_eq!(bits(shared.data()), want);
    let sa: SharedArray<bf16> = f.deserialize(&data).unwrap();
    assert_eq!(bits(&sa), want);

    // a dataclass of pyfory.Float16 / Float16Array / BFloat16 / BFloat16Array
    let got: HalfArrays = f.deserialize(&read("half_fields")).unwrap();
    let want = half_arrays();
    assert_eq!((got.h, got.b), (want.h, want.b));
    assert_eq!(bits(got.hs.as_slice().unwrap()), bits(&f16s()));
    assert_eq!(bits(got.bs.data()), bits(&bf16s()));

    // a numpy bool mask
    let m: SharedNdArray<bool> = f.deserialize(&read("bool_mask")).unwrap();
    assert_eq!(m, mask());
    assert_eq!(
        m.view().as_slice().unwrap(),
        &[true, false, false, true, true]
    );
    run.finish();
}
