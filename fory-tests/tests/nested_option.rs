//! `Option<Option<T>>`: the wire has one null flag per value (pyfory has
//! one `None`), so `None` and `Some(Some(x))` round-trip and `Some(None)` is
//! an error that says so, in every configuration and position — never a
//! silent `None`, never an internal-sounding message.

use std::collections::HashMap;
use std::rc::Rc;

use fory_core::{ErrorKind, Fory, ForyObject};
use fory_tests::configs;

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Patch {
    name: Option<Option<String>>,
    age: Option<Option<i32>>,
    tail: String,
}

fn all() -> Vec<(String, Fory)> {
    let mut out = Vec::new();
    for (name, _) in configs() {
        for compatible in [true, false] {
            let xlang = name.starts_with("xlang");
            let arrays = name.contains("array_buffers");
            let refs = name.ends_with("true");
            let mut f = Fory::builder()
                .xlang(xlang)
                .xlang_array_buffers(arrays)
                .ref_tracking(refs)
                .compatible(compatible)
                .build();
            f.register::<Patch>(40).unwrap();
            out.push((format!("{name}, compatible {compatible}"), f));
        }
    }
    out
}

#[track_caller]
fn assert_nested_none(e: fory_core::Error, how: &str) {
    let msg = e.to_string();
    assert!(
        msg.contains("Option<Option<T>> cannot carry Some(None) on the Fory wire"),
        "{how}: {msg}"
    );
    assert_eq!(e.kind(), ErrorKind::Unsupported, "{how}: {msg}");
}

#[test]
fn none_and_some_some_round_trip() {
    for (how, f) in all() {
        for v in [None, Some(Some(5i32))] {
            let back: Option<Option<i32>> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
            assert_eq!(back, v, "{how}");
        }
        let v = vec![None, Some(Some("a".to_string())), None];
        let back: Vec<Option<Option<String>>> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
        assert_eq!(back, v, "{how}");
        let p = Patch {
            name: Some(Some("n".into())),
            age: None,
            tail: "end".into(),
        };
        assert_eq!(
            f.deserialize::<Patch>(&f.serialize(&p).unwrap()).unwrap(),
            p,
            "{how}"
        );
    }
}

#[test]
fn some_none_is_a_clear_error_everywhere() {
    for (how, f) in all() {
        assert_nested_none(f.serialize(&Some(None::<i32>)).unwrap_err(), &how);
        assert_nested_none(
            f.serialize(&vec![Some(Some(1i64)), Some(None)])
                .unwrap_err(),
            &how,
        );
        let m = HashMap::from([("k".to_string(), Some(None::<String>))]);
        assert_nested_none(f.serialize(&m).unwrap_err(), &how);
        let p = Patch {
            name: None,
            age: Some(None),
            tail: "end".into(),
        };
        let e = f.serialize(&p).unwrap_err();
        assert!(e.to_string().contains("age"), "{how}: {e}");
        assert_nested_none(e, &how);
        // behind a pointer too
        assert_nested_none(f.serialize(&Some(Rc::new(None::<u8>))).unwrap_err(), &how);
        assert_nested_none(f.serialize(&Some(Box::new(None::<u8>))).unwrap_err(), &how);
        // and serialize_into leaves nothing behind
        let mut out = Vec::new();
        assert!(f.serialize_into(&Some(None::<i32>), &mut out).is_err());
        assert!(out.is_empty(), "{how}");
    }
}

#[test]
fn a_null_reads_as_the_outer_none() {
    for (how, f) in all() {
        let bytes = f.serialize(&None::<i32>).unwrap();
        let back: Option<Option<i32>> = f.deserialize(&bytes).unwrap();
        assert_eq!(back, None, "{how}");
    }
}
