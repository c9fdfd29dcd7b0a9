use std::collections::HashMap;

use bytes::Bytes;
use fory_core::{Fory, ForyObject};
use fory_tests::{hex, to_hex};

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Point {
    x: i32,
    y: i32,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Inner {
    v: i32,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Outer {
    inner: Inner,
    items: Vec<Inner>,
    names: HashMap<String, i32>,
    blob: Bytes,
    maybe: Option<Inner>,
    n: Option<i32>,
}

fn xlang(ref_tracking: bool) -> Fory {
    let mut f = Fory::builder()
        .xlang(true)
        .ref_tracking(ref_tracking)
        .compatible(false)
        .build();
    f.register::<Inner>(100).unwrap();
    f.register::<Outer>(101).unwrap();
    f
}

#[test]
fn point_matches_pyfory() {
    let mut f = Fory::builder().xlang(true).compatible(false).build();
    f.register::<Point>(100).unwrap();
    let bytes = f.serialize(&Point { x: 1, y: 2 }).unwrap();
    assert_eq!(to_hex(&bytes), "01 ff 1b 64 68 60 8b 24 02 04");
    assert_eq!(
        f.deserialize::<Point>(&bytes).unwrap(),
        Point { x: 1, y: 2 }
    );
}

#[test]
fn outer_matches_pyfory() {
    let o = Outer {
        inner: Inner { v: 1 },
        items: vec![Inner { v: 2 }],
        names: HashMap::from([("a".to_string(), 3)]),
        blob: Bytes::from_static(&[9]),
        maybe: None,
        n: Some(5),
    };
    for (ref_tracking, expected) in [
        (false, "01 ff 1b 65 75 3b fe 27 ff 0a 01 09 11 a2 37 5b 02 01 08 1b 64 11 a2 37 5b 04 fd 01 24 01 04 61 06"),
        (true, "01 00 1b 65 75 3b fe 27 ff 0a 01 09 11 a2 37 5b 02 01 09 1b 64 00 11 a2 37 5b 04 fd 01 24 01 04 61 06"),
    ] {
        let f = xlang(ref_tracking);
        let bytes = f.serialize(&o).unwrap();
        assert_eq!(to_hex(&bytes), to_hex(&hex(expected)), "ref={ref_tracking}");
        assert_eq!(f.deserialize::<Outer>(&bytes).unwrap(), o);
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&o, &mut objs).unwrap();
        assert_eq!(objs.len(), 1);
        let back: Outer = f.deserialize_with_buffers(&data, objs.iter().map(|b| b.to_buffer())).unwrap();
        assert_eq!(back, o);
    }
}
