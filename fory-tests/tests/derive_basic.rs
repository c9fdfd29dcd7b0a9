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

#[derive(ForyObject, Debug, PartialEq, Clone, Copy)]
enum Color {
    Red,
    Green,
    Blue,
}

#[test]
fn compatible_structs_and_named_types_match_pyfory() {
    // pyfory: Fory(xlang=True, compatible=True), register(Point, type_id=100)
    let mut f = Fory::builder().xlang(true).build();
    f.register::<Point>(100).unwrap();
    let bytes = f.serialize(&Point { x: 1, y: 2 }).unwrap();
    assert_eq!(
        to_hex(&bytes),
        "01 ff 1c 00 08 b0 cd 7c 24 8d af 6d c2 64 40 05 5c 40 05 60 02 04"
    );
    assert_eq!(
        f.deserialize::<Point>(&bytes).unwrap(),
        Point { x: 1, y: 2 }
    );
    let two = f
        .serialize(&vec![Point { x: 1, y: 2 }, Point { x: 3, y: 4 }])
        .unwrap();
    assert_eq!(
        to_hex(&two),
        "01 ff 16 02 08 1c 00 08 b0 cd 7c 24 8d af 6d c2 64 40 05 5c 40 05 60 02 04 06 08"
    );

    // register(Inner, name="example.Inner") under compatible=True
    let mut g = Fory::builder().xlang(true).build();
    g.register_by_name::<Inner>("example", "Inner").unwrap();
    let bytes = g.serialize(&Inner { v: 1 }).unwrap();
    assert_eq!(
        to_hex(&bytes),
        "01 ff 1e 00 0f 60 f8 d5 c5 e9 18 45 e1 15 12 e0 63 d6 40 13 a1 ad 24 40 40 05 54 02"
    );
    assert_eq!(g.deserialize::<Inner>(&bytes).unwrap(), Inner { v: 1 });
}

#[test]
fn enums_match_pyfory() {
    // class Color(Enum): RED=0 GREEN=1 ...; register(Color, type_id=7)
    let mut f = Fory::builder().xlang(true).build();
    f.register::<Color>(7).unwrap();
    assert_eq!(
        to_hex(&f.serialize(&Color::Green).unwrap()),
        "01 ff 19 07 01"
    );
    let back: Vec<Color> = f.deserialize(&hex("01 ff 16 02 08 19 07 02 00")).unwrap();
    assert_eq!(back, vec![Color::Blue, Color::Red]);
    // named, compatible: a TypeDef with the enum kind code
    let mut g = Fory::builder().xlang(true).build();
    g.register_by_name::<Color>("example", "Color").unwrap();
    let bytes = g.serialize(&Color::Green).unwrap();
    assert_eq!(
        to_hex(&bytes),
        "01 ff 1a 00 0c e0 2e 79 92 d3 59 70 01 15 12 e0 63 d6 40 13 89 cb 74 40 01"
    );
    // named, schema-consistent: two meta strings
    let mut h = Fory::builder().xlang(true).compatible(false).build();
    h.register_by_name::<Color>("example", "Color").unwrap();
    let bytes = h.serialize(&Color::Blue).unwrap();
    assert_eq!(
        to_hex(&bytes),
        "01 ff 1a 0a 01 12 e0 63 d6 40 08 03 89 cb 74 40 02"
    );
    assert_eq!(h.deserialize::<Color>(&bytes).unwrap(), Color::Blue);
    // an unknown discriminant is an error
    let err = f.deserialize::<Color>(&hex("01 ff 19 07 09")).unwrap_err();
    assert!(
        err.to_string().contains("no variant with discriminant 9"),
        "{err}"
    );
}

mod shapes {
    use fory_core::ForyObject;

    /// Variants with no fields in any spelling: `B()`, `C {}`, and a
    /// default `D {}`.
    #[derive(ForyObject, Debug, PartialEq)]
    pub enum Empty {
        A(i32),
        B(),
        C {},
        #[fory(default)]
        D {},
    }

    /// `Self` in the field types of generic types.
    #[derive(ForyObject, Debug, PartialEq)]
    pub struct Tree<T> {
        pub v: T,
        pub kids: Vec<Self>,
        pub parent: Option<Box<Self>>,
    }

    #[derive(ForyObject, Debug, PartialEq)]
    pub enum Expr<T> {
        Lit(T),
        Add(Box<Self>, Box<Self>),
    }
}

#[test]
fn empty_variants_and_self_in_generic_field_types() {
    use shapes::{Empty, Expr, Tree};
    for xlang in [false, true] {
        for compatible in [false, true] {
            let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
            f.register::<Empty>(40).unwrap();
            f.register::<Tree<i32>>(41).unwrap();
            f.register::<Expr<i64>>(42).unwrap();
            for v in [Empty::A(3), Empty::B(), Empty::C {}, Empty::D {}] {
                assert_eq!(
                    f.deserialize::<Empty>(&f.serialize(&v).unwrap()).unwrap(),
                    v
                );
            }
            let t = Tree {
                v: 1,
                kids: vec![Tree {
                    v: 2,
                    kids: vec![],
                    parent: None,
                }],
                parent: Some(Box::new(Tree {
                    v: 0,
                    kids: vec![],
                    parent: None,
                })),
            };
            assert_eq!(
                f.deserialize::<Tree<i32>>(&f.serialize(&t).unwrap())
                    .unwrap(),
                t
            );
            let e = Expr::Add(Box::new(Expr::Lit(1)), Box::new(Expr::Lit(-2)));
            assert_eq!(
                f.deserialize::<Expr<i64>>(&f.serialize(&e).unwrap())
                    .unwrap(),
                e
            );
        }
    }
}
