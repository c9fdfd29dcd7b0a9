//! Enum evolution: a variant the reader does not know is an error, unless
//! the reader's enum marks a unit variant `#[fory(default)]`, which then
//! takes every unknown discriminant (unit-variant enums) or case (enums
//! with data, whose unknown case value is read and dropped).

use fory_core::{Fory, ForyObject};

mod v1 {
    use super::*;

    #[derive(ForyObject, Debug, PartialEq, Clone, Copy)]
    pub enum Color {
        Red,
        Green,
        Blue,
        Violet = 40,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub enum Shape {
        Circle(f64),
        Square(f64),
        Poly(Vec<String>),
        Rect { w: f64, h: f64 },
        Point,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Paint {
        pub color: Color,
        pub shape: Shape,
        pub tail: String,
    }
}

mod strict {
    use super::*;

    #[derive(ForyObject, Debug, PartialEq, Clone, Copy)]
    pub enum Color {
        Red,
        Green,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub enum Shape {
        Circle(f64),
        Square(f64),
    }
}

mod lenient {
    use super::*;

    #[derive(ForyObject, Debug, PartialEq, Clone, Copy)]
    pub enum Color {
        Red,
        Green,
        #[fory(default)]
        Unknown = 99,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub enum Shape {
        Circle(f64),
        Square(f64),
        #[fory(default)]
        Other,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Paint {
        pub color: Color,
        pub shape: Shape,
        pub tail: String,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct More {
        pub tail: String,
        // not in v1::Paint: the missing field is the default variant
        pub extra_color: Color,
        pub extra_shape: Shape,
    }
}

fn pair<W: fory_core::object::UserType, R: fory_core::object::UserType>(
    xlang: bool,
    compatible: bool,
) -> (Fory, Fory) {
    let mut w = Fory::builder().xlang(xlang).compatible(compatible).build();
    w.register::<W>(10).unwrap();
    let mut r = Fory::builder().xlang(xlang).compatible(compatible).build();
    r.register::<R>(10).unwrap();
    (w, r)
}

fn modes() -> [(bool, bool); 4] {
    [(false, true), (false, false), (true, true), (true, false)]
}

#[test]
fn an_unknown_variant_is_an_error_without_a_default() {
    for (xlang, compatible) in modes() {
        let (w, r) = pair::<v1::Color, strict::Color>(xlang, compatible);
        assert_eq!(
            r.deserialize::<strict::Color>(&w.serialize(&v1::Color::Green).unwrap())
                .unwrap(),
            strict::Color::Green
        );
        let e = r
            .deserialize::<strict::Color>(&w.serialize(&v1::Color::Blue).unwrap())
            .unwrap_err();
        assert!(
            e.to_string().contains("no variant with discriminant 2"),
            "{e}"
        );

        let (w, r) = pair::<v1::Shape, strict::Shape>(xlang, compatible);
        let e = r
            .deserialize::<strict::Shape>(&w.serialize(&v1::Shape::Poly(vec!["a".into()])).unwrap())
            .unwrap_err();
        assert!(
            e.to_string().contains("no variant with discriminant 2"),
            "{e}"
        );
    }
}

#[test]
fn the_default_variant_takes_unknown_discriminants() {
    for (xlang, compatible) in modes() {
        let (w, r) = pair::<v1::Color, lenient::Color>(xlang, compatible);
        for (v, want) in [
            (v1::Color::Red, lenient::Color::Red),
            (v1::Color::Green, lenient::Color::Green),
            (v1::Color::Blue, lenient::Color::Unknown),
            (v1::Color::Violet, lenient::Color::Unknown),
        ] {
            let back: lenient::Color = r.deserialize(&w.serialize(&v).unwrap()).unwrap();
            assert_eq!(back, want, "{v:?}, xlang {xlang}");
        }
        // the default variant itself round-trips with its own discriminant
        let back: lenient::Color = r
            .deserialize(&r.serialize(&lenient::Color::Unknown).unwrap())
            .unwrap();
        assert_eq!(back, lenient::Color::Unknown);
    }
}

#[test]
fn the_default_variant_takes_unknown_cases_and_drops_their_values() {
    for (xlang, compatible) in modes() {
        let (w, r) = pair::<v1::Shape, lenient::Shape>(xlang, compatible);
        for (v, want) in [
            (v1::Shape::Circle(1.5), lenient::Shape::Circle(1.5)),
            (v1::Shape::Square(2.0), lenient::Shape::Square(2.0)),
            (
                v1::Shape::Poly(vec!["a".into(), "b".into()]),
                lenient::Shape::Other,
            ),
            (v1::Shape::Rect { w: 1.0, h: 2.0 }, lenient::Shape::Other),
            (v1::Shape::Point, lenient::Shape::Other),
        ] {
            let back: lenient::Shape = r
                .deserialize(&w.serialize(&v).unwrap())
                .unwrap_or_else(|e| panic!("{v:?}, xlang {xlang}: {e}"));
            assert_eq!(back, want, "{v:?}, xlang {xlang}");
        }
    }
}

#[test]
fn inside_a_struct_the_stream_goes_on_after_an_unknown_case() {
    for xlang in [false, true] {
        // compatible: the struct's fields match by name and type
        let mut w = Fory::builder().xlang(xlang).build();
        w.register::<v1::Paint>(10).unwrap();
        w.register::<v1::Color>(11).unwrap();
        w.register::<v1::Shape>(12).unwrap();
        let mut r = Fory::builder().xlang(xlang).build();
        r.register::<lenient::Paint>(10).unwrap();
        r.register::<lenient::Color>(11).unwrap();
        r.register::<lenient::Shape>(12).unwrap();
        let p = v1::Paint {
            color: v1::Color::Violet,
            shape: v1::Shape::Rect { w: 1.0, h: 2.0 },
            tail: "end".into(),
        };
        let back: Vec<lenient::Paint> = r
            .deserialize(&w.serialize(&vec![p.clone(), p]).unwrap())
            .unwrap();
        for b in back {
            assert_eq!(
                b,
                lenient::Paint {
                    color: lenient::Color::Unknown,
                    shape: lenient::Shape::Other,
                    tail: "end".into()
                },
                "xlang {xlang}"
            );
        }
        // a field the stream lacks is the default variant
        let mut r = Fory::builder().xlang(xlang).build();
        r.register::<lenient::More>(10).unwrap();
        r.register::<lenient::Color>(11).unwrap();
        r.register::<lenient::Shape>(12).unwrap();
        let p = v1::Paint {
            color: v1::Color::Red,
            shape: v1::Shape::Point,
            tail: "end".into(),
        };
        let back: lenient::More = r.deserialize(&w.serialize(&p).unwrap()).unwrap();
        assert_eq!(back.extra_color, lenient::Color::Unknown);
        assert_eq!(back.extra_shape, lenient::Shape::Other);
        assert_eq!(back.tail, "end");
    }
}

mod pinned_v1 {
    use super::*;

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    #[repr(u8)]
    pub enum Event {
        Start(i32) = 0,
        Pause(i32) = 1,
        Stop(i32) = 2,
        // after an explicit one: its discriminant plus one
        Reset = 7,
        Resume(String),
    }
}

mod pinned_v2 {
    use super::*;

    /// `Pause` removed: the others keep their cases.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    #[repr(u8)]
    pub enum Event {
        Start(i32) = 0,
        Stop(i32) = 2,
        Reset = 7,
        Resume(String),
    }
}

/// An enum with data sends each variant's Rust discriminant as its case,
/// as a unit enum does: pinned discriminants keep their cases when a
/// variant is removed, and a removed one is an unknown case, not the next.
#[test]
fn explicit_discriminants_of_enums_with_data_are_their_cases() {
    use pinned_v1::Event as E1;
    use pinned_v2::Event as E2;
    for (xlang, compatible) in modes() {
        let (w, r) = pair::<E1, E2>(xlang, compatible);
        let (w2, r1) = pair::<E2, E1>(xlang, compatible);
        for (a, b) in [
            (E1::Start(1), E2::Start(1)),
            (E1::Stop(7), E2::Stop(7)),
            (E1::Reset, E2::Reset),
            (E1::Resume("r".into()), E2::Resume("r".into())),
        ] {
            assert_eq!(r.deserialize::<E2>(&w.serialize(&a).unwrap()).unwrap(), b);
            assert_eq!(r1.deserialize::<E1>(&w2.serialize(&b).unwrap()).unwrap(), a);
        }
        let e = r
            .deserialize::<E2>(&w.serialize(&E1::Pause(5)).unwrap())
            .unwrap_err();
        assert!(
            e.to_string().contains("no variant with discriminant 1"),
            "{e}"
        );
        // the case on the wire is the discriminant: 8 for `Resume`
        let bytes = w.serialize(&E1::Resume(String::new())).unwrap();
        let plain = w.serialize(&E1::Start(0)).unwrap();
        let at = bytes.iter().zip(&plain).position(|(x, y)| x != y).unwrap();
        assert_eq!(bytes[at], 8, "xlang {xlang}: {bytes:02x?}");
    }
}

mod wide {
    use super::*;

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub enum Reading {
        Level(i64),
        Pair(i64, i64),
        Named { r#id: i64, label: String },
        r#Off,
        r#Raw(i64),
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Probe {
        pub name: String,
        pub reading: Reading,
    }
}

mod narrow {
    use super::*;

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub enum Reading {
        Level(i8),
        Pair(i64, u8),
        Named { r#id: u16, label: String },
        r#Off,
        r#Raw(u8),
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Probe {
        pub name: String,
        pub reading: Reading,
    }
}

#[test]
fn a_case_value_that_cannot_be_read_names_its_variant() {
    use wide::Reading as W;
    for (xlang, compatible) in modes() {
        let (w, r) = pair::<W, narrow::Reading>(xlang, compatible);
        let fits = w.serialize(&W::Pair(-1, 200)).unwrap();
        assert_eq!(
            r.deserialize::<narrow::Reading>(&fits).unwrap(),
            narrow::Reading::Pair(-1, 200)
        );
        // each error names the union, the variant and, for a variant of
        // several or named fields, the field
        let cases = [
            (W::Level(300), "Level"),
            (W::Pair(1, 256), "Pair.1"),
            (
                W::Named {
                    id: -1,
                    label: "x".into(),
                },
                "Named.id",
            ),
            // a raw identifier is named without its `r#`, as a field is
            (W::Raw(-2), "Raw"),
        ];
        for (value, at) in cases {
            let e = r
                .deserialize::<narrow::Reading>(&w.serialize(&value).unwrap())
                .unwrap_err();
            let text = e.to_string();
            assert!(text.contains("does not fit"), "{text}");
            assert!(
                text.ends_with(&format!("narrow::Reading > {at})")),
                "{text}"
            );
            let path: Vec<&str> = e.path().collect();
            assert_eq!(path.len(), 2, "{path:?}");
            assert!(path[0].ends_with("narrow::Reading"), "{path:?}");
            assert_eq!(path[1], at, "{path:?}");
        }
        // inside a struct: the field, then the union and its variant
        let mut w = Fory::builder().xlang(xlang).compatible(compatible).build();
        w.register::<W>(10).unwrap();
        w.register::<wide::Probe>(11).unwrap();
        let mut r = Fory::builder().xlang(xlang).compatible(compatible).build();
        r.register::<narrow::Reading>(10).unwrap();
        r.register::<narrow::Probe>(11).unwrap();
        let probe = wide::Probe {
            name: "p".into(),
            reading: W::Level(-129),
        };
        let e = r
            .deserialize::<narrow::Probe>(&w.serialize(&probe).unwrap())
            .unwrap_err();
        let path: Vec<&str> = e.path().collect();
        let n = path.len();
        assert!(n >= 4, "{path:?}");
        assert!(path[n - 4].ends_with("Probe"), "{path:?}");
        assert_eq!(path[n - 3], "reading", "{path:?}");
        assert!(path[n - 2].ends_with("narrow::Reading"), "{path:?}");
        assert_eq!(path[n - 1], "Level", "{path:?}");
    }
}

#[test]
fn a_case_value_that_cannot_be_written_names_its_variant() {
    // a live `Weak` needs reference tracking: its write is an error, which
    // names the union and the variant it sits in
    #[derive(ForyObject, Debug)]
    enum Link {
        Weak(std::rc::Weak<String>),
        Pair(u8, std::rc::Weak<String>),
    }
    let target = std::rc::Rc::new("t".to_string());
    for (xlang, compatible) in modes() {
        let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
        f.register::<Link>(10).unwrap();
        for (value, at) in [
            (Link::Weak(std::rc::Rc::downgrade(&target)), "Weak"),
            (Link::Pair(1, std::rc::Rc::downgrade(&target)), "Pair.1"),
        ] {
            let e = f.serialize(&value).unwrap_err();
            let path: Vec<&str> = e.path().collect();
            assert_eq!(path.len(), 2, "{e}");
            assert!(path[0].ends_with("Link"), "{path:?}");
            assert_eq!(path[1], at, "{e}");
        }
    }
}
