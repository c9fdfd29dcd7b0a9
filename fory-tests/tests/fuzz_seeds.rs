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
    };
    common::Tree {
        leaves: vec![leaf.clone(), leaf],
        index: [("a".to_string(), 1i64), ("b".to_string(), -2)].into(),
        blob: bytes::Bytes::from_static(b"0123456789"),
        child: Some(Box::new(common::Tree::default())),
        tags: vec![Some("t".into()), None],
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
