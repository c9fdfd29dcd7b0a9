//! Writes the fuzz targets' seed corpora (valid streams of this project's
//! own writers) into `fuzz/corpus/<target>/`. Ignored by default; run with
//! `cargo test -p fory-tests --test fuzz_seeds -- --ignored`.
//! `write_pyfory_seeds` adds the streams pyfory 1.7.7 writes for the
//! interop cases (`fory-tests/python/interop.py write`; needs `FORY_PYTHON`,
//! as `scripts/python-env.sh` prints it).

use std::path::PathBuf;

#[path = "../../fuzz/fuzz_targets/common.rs"]
mod common;

fn corpus(target: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn put(target: &str, name: &str, bytes: &[u8]) {
    std::fs::write(corpus(target).join(name), bytes).unwrap();
}

fn tree() -> common::Tree {
    let leaf = common::Leaf {
        id: 7,
        name: "leaf".into(),
        weights: vec![1.0, 2.5],
        flag: Some(true),
        labels: vec!["first".into(), "Zoë".into()],
    };
    common::Tree {
        leaves: vec![leaf.clone(), leaf],
        index: [("a".to_string(), 1i64), ("b".to_string(), -2)].into(),
        blob: bytes::Bytes::from_static(b"0123456789"),
        child: Some(Box::new(common::Tree::default())),
        tags: vec![Some("t".into()), None],
    }
}

/// One of each of the derive's read forms (`common::Forms`).
fn forms() -> common::Forms {
    let t = tree();
    let aliased = |i: i64| common::Aliased {
        zeta: i << 40,
        label: format!("a{i}"),
        small: -(i as i32),
        ratio: (i % 2 == 0).then_some(0.5),
    };
    common::Forms {
        tagged: common::Tagged {
            value: 2.5,
            name: "f".into(),
            count: 300,
            flag: true,
        },
        named: common::Tagged {
            value: "v".into(),
            name: "n".into(),
            count: -1,
            flag: false,
        },
        page: common::Page {
            items: t.leaves.clone(),
            total: 1 << 33,
            next: Some("p2".into()),
        },
        aliased: (0..3).map(aliased).collect(),
        wide: Some(common::Wide {
            a0: -5,
            a4: "four".into(),
            a5: Some(5),
            a7: vec![7, 77],
            b9: "nine".into(),
            c1: Some("c".into()),
            c4: 1 << 50,
            c5: t.leaves[0].clone(),
            ..Default::default()
        }),
    }
}

#[test]
#[ignore]
fn write_fuzz_seeds() {
    for config in 0u8..8 {
        let fory = common::fory(config);
        let with = |bytes: Vec<u8>| [vec![config], bytes].concat();
        let t = tree();
        put(
            "deserialize_struct",
            &format!("tree-{config}"),
            &with(fory.serialize(&t).unwrap()),
        );
        let f = forms();
        put(
            "deserialize_struct",
            &format!("forms-{config}"),
            &with(fory.serialize(&f).unwrap()),
        );
        put(
            "deserialize_struct",
            &format!("aliased-{config}"),
            &with(fory.serialize(&f.aliased).unwrap()),
        );
        put(
            "deserialize_struct",
            &format!("kinds-{config}"),
            &with(
                fory.serialize(&vec![common::Kind::A, common::Kind::C])
                    .unwrap(),
            ),
        );
        put(
            "deserialize_builtin",
            &format!("map-{config}"),
            &with(fory.serialize(&t.index).unwrap()),
        );
        put(
            "deserialize_builtin",
            &format!("tuple-{config}"),
            &with(
                fory.serialize(&(1i32, "two".to_string(), vec![true, false]))
                    .unwrap(),
            ),
        );
        put(
            "deserialize_builtin",
            &format!("nested-{config}"),
            &with(fory.serialize(&vec![vec![vec![1u16, 2]], vec![]]).unwrap()),
        );
        put(
            "value",
            &format!("tree-{config}"),
            &with(fory.serialize(&t).unwrap()),
        );
        put(
            "value",
            &format!("list-{config}"),
            &with(
                fory.serialize(&(vec![1i64, 2], vec!["x".to_string()]))
                    .unwrap(),
            ),
        );
        let mut frame = Vec::new();
        fory.write_message(&t, &mut frame).unwrap();
        put("frame", &format!("tree-{config}"), &frame);
        let a = ndarray::Array2::<f64>::from_shape_fn((2, 3), |(i, j)| (i * 3 + j) as f64);
        if config & 1 == 0 {
            // arbitrary's layout for (u8, Vec<u8>, Vec<Vec<u8>>) is not
            // plain bytes; seed the stream alone, the fuzzer finds the rest
            put(
                "arrays",
                &format!("nd-{config}"),
                &fory.serialize(&a).unwrap(),
            );
        }
    }
    arrow_seeds();
}

/// The `arrow` target's framing: the configuration byte, then the stream
/// and each out-of-band buffer as a `u32` little-endian length and bytes.
fn framed(config: u8, stream: &[u8], buffers: &[bytes::Bytes]) -> Vec<u8> {
    let mut out = vec![config];
    for piece in std::iter::once(stream).chain(buffers.iter().map(|b| &b[..])) {
        out.extend((piece.len() as u32).to_le_bytes());
        out.extend_from_slice(piece);
    }
    out
}

/// A small batch of most column kinds (nulls, a list, a struct, a
/// dictionary, a boolean, a timestamp) with schema metadata.
fn arrow_batch() -> arrow_array::RecordBatch {
    use std::sync::Arc;

    use arrow_array::builder::{Int64Builder, ListBuilder};
    use arrow_array::types::Int16Type;
    use arrow_array::{
        ArrayRef, BooleanArray, DictionaryArray, Int32Array, RecordBatch, StringArray, StructArray,
        TimestampMicrosecondArray,
    };
    use arrow_schema::{DataType, Field, Fields, Schema};

    let mut l = ListBuilder::new(Int64Builder::new());
    for i in 0..12i64 {
        if i % 4 == 1 {
            l.append_null();
        } else {
            l.append_value((0..i % 3).map(|j| (j != 1).then_some(i * j)));
        }
    }
    let ints = Int32Array::from_iter((0..12).map(|i| (i % 5 != 2).then_some(i * 7)));
    let strs = StringArray::from_iter((0..12).map(|i| (i % 3 != 0).then(|| format!("s{i}"))));
    let st = StructArray::new(
        Fields::from(vec![
            Field::new("a", DataType::Int32, true),
            Field::new("b", DataType::Utf8, true),
        ]),
        vec![Arc::new(ints.clone()) as ArrayRef, Arc::new(strs.clone())],
        Some((0..12).map(|i| i % 6 != 4).collect::<Vec<_>>().into()),
    );
    let dict: DictionaryArray<Int16Type> = (0..12).map(|i| ["x", "y", "z"][i % 3]).collect();
    let bools = BooleanArray::from_iter((0..12).map(|i| (i % 7 != 3).then_some(i % 2 == 0)));
    let when = TimestampMicrosecondArray::from_iter((0..12).map(|i| (i != 5).then_some(i << 40)))
        .with_timezone("UTC");
    let columns: Vec<ArrayRef> = vec![
        Arc::new(ints),
        Arc::new(strs),
        Arc::new(l.finish()),
        Arc::new(st),
        Arc::new(dict),
        Arc::new(bools),
        Arc::new(when),
    ];
    let fields: Vec<Field> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| Field::new(format!("c{i}"), c.data_type().clone(), true))
        .collect();
    let metadata = [("pandas".to_string(), "{}".to_string())]
        .into_iter()
        .collect::<arrow_schema::Metadata>();
    let schema = Schema::new(fields).with_metadata(metadata);
    RecordBatch::try_new(Arc::new(schema), columns).unwrap()
}

/// Seeds of the `arrow` target: the batch whole and sliced (mid-byte
/// windows), in-band and out-of-band, native and xlang; single arrays in
/// native mode.
fn arrow_seeds() {
    use fory_core::serializer::arrow::ArrowArray;
    use fory_core::value::Value;

    let batch = arrow_batch();
    for config in [0u8, 1, 4, 5] {
        let fory = common::fory(config);
        for (name, b) in [("whole", batch.clone()), ("slice", batch.slice(3, 6))] {
            let inband = fory.serialize(&b).unwrap();
            put(
                "arrow",
                &format!("batch-{name}-inband-{config}"),
                &framed(config, &inband, &[]),
            );
            let mut objs = Vec::new();
            let stream = fory.serialize_with_callback(&b, &mut objs).unwrap();
            let given: Vec<bytes::Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
            put(
                "arrow",
                &format!("batch-{name}-oob-{config}"),
                &framed(config, &stream, &given),
            );
            if config & 1 == 0 {
                for (i, c) in b.columns().iter().enumerate() {
                    let a = ArrowArray(c.clone());
                    let mut objs = Vec::new();
                    let stream = fory.serialize_with_callback(&a, &mut objs).unwrap();
                    let given: Vec<bytes::Bytes> = objs.iter().map(|o| o.to_buffer()).collect();
                    put(
                        "arrow",
                        &format!("array-{name}-{i}-{config}"),
                        &framed(config, &stream, &given),
                    );
                }
            }
            // the `value` target: a batch in a map, in band
            let map = Value::Map(vec![
                (Value::String("name".into()), Value::String(name.into())),
                (Value::String("batch".into()), Value::RecordBatch(b.clone())),
            ]);
            put(
                "value",
                &format!("batch-map-{name}-{config}"),
                &[vec![config], fory.serialize(&map).unwrap()].concat(),
            );
        }
    }
}

/// pyfory's own streams of the interop cases, under every xlang
/// configuration (the cases differ in ref tracking and compatible mode),
/// as seeds of the targets that read arbitrary xlang streams.
#[test]
#[ignore]
fn write_pyfory_seeds() {
    let python = std::env::var_os("FORY_PYTHON")
        .expect("FORY_PYTHON: the venv's python (scripts/python-env.sh prints it)");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("python/interop.py");
    let dir = std::env::temp_dir().join(format!("fory-pyfory-seeds-{}", std::process::id()));
    let status = std::process::Command::new(python)
        .arg(&script)
        .arg("write")
        .arg(&dir)
        .status()
        .unwrap();
    assert!(status.success(), "interop.py write failed");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_none_or(|x| x != "bin") {
            continue;
        }
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let stream = std::fs::read(&path).unwrap();
        for config in [1u8, 3, 5, 7] {
            let seed = [vec![config], stream.clone()].concat();
            put("value", &format!("py-{stem}-{config}"), &seed);
            put("deserialize_builtin", &format!("py-{stem}-{config}"), &seed);
            put("deserialize_struct", &format!("py-{stem}-{config}"), &seed);
        }
        n += 1;
    }
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(n > 30, "only {n} pyfory streams");
}
