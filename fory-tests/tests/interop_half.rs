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
use fory_core::buffers::{BufferObject, SharedArray};
use fory_core::half::{bf16, f16};
use fory_core::ndarray::{s, ArcArray1, Array1, ArrayD};
use fory_core::serializer::ndarray::SharedNdArray;
use fory_core::{Fory, ForyObject, Serialize};
use fory_tests::peer;

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

fn write_oob(path: &Path, objs: &[BufferObject<'_>]) {
    let mut out = (objs.len() as u64).to_le_bytes().to_vec();
    for o in objs {
        out.extend_from_slice(&(o.total_bytes() as u64).to_le_bytes());
        o.write_to(&mut out).unwrap();
    }
    std::fs::write(path, out).unwrap();
}

fn read_oob(path: &Path) -> Vec<Bytes> {
    let raw = Bytes::from(std::fs::read(path).unwrap());
    let count = u64::from_le_bytes(raw[..8].try_into().unwrap()) as usize;
    let (mut at, mut out) = (8, Vec::new());
    for _ in 0..count {
        let n = u64::from_le_bytes(raw[at..at + 8].try_into().unwrap()) as usize;
        at += 8;
        out.push(raw.slice(at..at + n));
        at += n;
    }
    out
}

/// Writes `value` as case `name` into `dir` (with `oob`, every buffer out
/// of band, in `<name>.oob`); returns the stream.
fn write_case<T: Serialize>(dir: &Path, name: &str, value: &T, oob: bool) -> Vec<u8> {
    let f = fory();
    let data = if oob {
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(value, &mut objs).unwrap();
        write_oob(&dir.join(format!("{name}.oob")), &objs);
        data
    } else {
        f.serialize(value).unwrap()
    };
    std::fs::write(dir.join(format!("{name}.bin")), &data).unwrap();
    data
}

/// Every case python/interop_half.py writes (and reads back), as Rust
/// writes it; returns (name, stream).
fn write_all(dir: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let a = Array1::from(f16s());
    let reversed = a.slice(s![..;-1]);
    let raw = Bytes::from(bytemuck_bytes(&oob_f16s()));
    vec![
        ("f16_array", write_case(dir, "f16_array", &a, false)),
        (
            "f16_array_empty",
            write_case(dir, "f16_array_empty", &Array1::<f16>::from(vec![]), false),
        ),
        (
            "f16_array_callback",
            write_case(dir, "f16_array_callback", &a.to_shared(), true),
        ),
        (
            "f16_array_reversed",
            write_case(dir, "f16_array_reversed", &reversed, false),
        ),
        (
            "f16_bytes_oob",
            write_case(dir, "f16_bytes_oob", &raw, true),
        ),
        (
            "bf16_array",
            write_case(dir, "bf16_array", &Array1::from(bf16s()).into_dyn(), false),
        ),
        (
            "bf16_array_callback",
            write_case(dir, "bf16_array_callback", &half_arrays().bs, true),
        ),
        (
            "half_fields",
            write_case(dir, "half_fields", &half_arrays(), false),
        ),
        ("bool_mask", write_case(dir, "bool_mask", &mask(), false)),
        // Rust only: Python writes a float as FLOAT64
        (
            "bf16_scalar",
            write_case(dir, "bf16_scalar", &bf16::from_f32(1.5), false),
        ),
        (
            "f16_scalar",
            write_case(dir, "f16_scalar", &f16::from_f32(-2.5), false),
        ),
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
    // Rust -> Python
    let rust_dir = peer::tempdir("interop-half-rust");
    let written = write_all(&rust_dir);
    peer::assert_reads(SCRIPT, &rust_dir, written.len());

    // Python -> Rust
    let py = peer::written(SCRIPT, "interop-half-python");
    let read = |name: &str| std::fs::read(py.join(format!("{name}.bin"))).unwrap();
    let f = fory();

    // the bytes: Rust's equal pyfory's for every case Python writes
    let mut failures = Vec::new();
    for (name, mine) in &written {
        let path = py.join(format!("{name}.bin"));
        if path.exists() {
            failures.extend(peer::bytes_differ(name, &read(name), mine));
        } else {
            assert!(name.ends_with("_scalar"), "pyfory wrote no {name}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

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
    let buffers = read_oob(&py.join("f16_array_callback.oob"));
    assert!(buffers.is_empty());
    let shared: SharedNdArray<f16> = f
        .deserialize_with_buffers(&read("f16_array_callback"), buffers)
        .unwrap();
    assert_eq!(bits(shared.data()), want);
    let buffers = read_oob(&py.join("bf16_array_callback.oob"));
    let shared: SharedNdArray<bf16> = f
        .deserialize_with_buffers(&read("bf16_array_callback"), buffers)
        .unwrap();
    assert_eq!(bits(shared.data()), bits(&bf16s()));

    // pyfory's out-of-band array (arr.tobytes()): zero-copy SharedArray
    let buffers = read_oob(&py.join("f16_bytes_oob.oob"));
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
}
