//! `compatible(true)` (the default): structs carry a TypeDef, so readers
//! with more or fewer fields still read them.

use std::collections::HashMap;

use fory_core::{ErrorKind, Fory, ForyObject};

mod v1 {
    use super::*;
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Person {
        pub name: String,
        pub age: i32,
        pub tags: Vec<String>,
    }
}

mod v2 {
    use super::*;
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Address {
        pub city: String,
    }
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Person {
        pub name: String,
        // `age` removed; `email` and `address` added
        pub email: Option<String>,
        #[fory(default)]
        pub nickname: String,
        pub address: Option<Address>,
        pub scores: HashMap<String, f64>,
        pub tags: Vec<String>,
    }
}

fn fory(xlang: bool) -> Fory {
    Fory::builder().xlang(xlang).build() // compatible(true) is the default
}

#[test]
fn same_schema_round_trips_in_both_modes() {
    for xlang in [false, true] {
        let mut f = fory(xlang);
        f.register::<v1::Person>(200).unwrap();
        let p = v1::Person {
            name: "Ada".into(),
            age: 36,
            tags: vec!["math".into(), "engines".into()],
        };
        let bytes = f.serialize(&p).unwrap();
        assert_eq!(bytes[2], fory_core::types::type_id::COMPATIBLE_STRUCT);
        assert_eq!(f.deserialize::<v1::Person>(&bytes).unwrap(), p);
        // a list of them shares one TypeDef
        let many = vec![p.clone(), p.clone(), p.clone()];
        let list = f.serialize(&many).unwrap();
        assert!(
            list.len() < bytes.len() * 2,
            "TypeDef written once: {} vs {}",
            list.len(),
            bytes.len()
        );
        assert_eq!(f.deserialize::<Vec<v1::Person>>(&list).unwrap(), many);
    }
}

#[test]
fn reader_with_other_fields_reads_what_it_knows() {
    let mut old = fory(true);
    old.register::<v1::Person>(200).unwrap();
    let mut new = fory(true);
    new.register::<v2::Person>(200).unwrap();
    new.register::<v2::Address>(201).unwrap();

    let p1 = v1::Person {
        name: "Ada".into(),
        age: 36,
        tags: vec!["x".into()],
    };
    let bytes = old.serialize(&p1).unwrap();
    let p2: v2::Person = new.deserialize(&bytes).unwrap();
    assert_eq!(p2.name, "Ada");
    assert_eq!(p2.tags, vec!["x".to_string()]);
    assert_eq!(p2.email, None);
    assert_eq!(p2.nickname, "");
    assert_eq!(p2.address, None);

    let p2 = v2::Person {
        name: "Grace".into(),
        email: Some("g@example.com".into()),
        nickname: "amazing".into(),
        address: Some(v2::Address {
            city: "Arlington".into(),
        }),
        scores: HashMap::from([("cobol".into(), 9.5)]),
        tags: vec!["navy".into()],
    };
    let bytes = new.serialize(&p2).unwrap();
    // the old reader skips email, nickname, address and scores; `age`,
    // which the stream lacks, takes its zero value
    let p1: v1::Person = old.deserialize(&bytes).unwrap();
    assert_eq!(
        p1,
        v1::Person {
            name: "Grace".into(),
            age: 0,
            tags: vec!["navy".into()]
        }
    );
}

#[derive(ForyObject, Debug, PartialEq, Default)]
struct Nested {
    x: i32,
}

#[derive(ForyObject, Debug, PartialEq)]
struct NeedsNested {
    name: String,
    nested: Nested,
}

#[derive(ForyObject, Debug, PartialEq)]
enum Shape {
    Circle(f64),
    Square(f64),
}

#[derive(ForyObject, Debug, PartialEq)]
struct NeedsShape {
    name: String,
    shape: Shape,
}

#[test]
fn a_missing_user_type_field_needs_default() {
    let mut new = fory(false);
    new.register::<v2::Person>(200).unwrap();
    new.register::<v2::Address>(201).unwrap();
    let mut other = fory(false);
    other.register::<NeedsNested>(200).unwrap();
    other.register::<Nested>(202).unwrap();
    let p2 = v2::Person {
        name: "Grace".into(),
        email: None,
        nickname: String::new(),
        address: None,
        scores: HashMap::new(),
        tags: vec![],
    };
    let bytes = new.serialize(&p2).unwrap();
    // a struct whose fields all have zero values has one too
    let back = other.deserialize::<NeedsNested>(&bytes).unwrap();
    assert_eq!(
        back,
        NeedsNested {
            name: "Grace".into(),
            nested: Nested { x: 0 }
        }
    );
    // a union has none: the missing field is an error naming the fix
    let mut third = fory(false);
    third.register::<NeedsShape>(200).unwrap();
    third.register::<Shape>(203).unwrap();
    let err = third.deserialize::<NeedsShape>(&bytes).unwrap_err();
    assert!(
        err.to_string().contains("no value for field `shape`"),
        "{err}"
    );
    assert!(err.to_string().contains("#[fory(default)]"), "{err}");
}

#[derive(ForyObject, Debug, PartialEq)]
struct WithDefault {
    name: String,
    #[fory(default)]
    age: i32,
}

#[test]
fn skipped_unknown_fields_include_nested_structs_and_maps() {
    let mut new = fory(false);
    new.register::<v2::Person>(200).unwrap();
    new.register::<v2::Address>(201).unwrap();
    let mut old = fory(false);
    old.register::<WithDefault>(200).unwrap();
    let p2 = v2::Person {
        name: "Grace".into(),
        email: None,
        nickname: "n".into(),
        address: Some(v2::Address {
            city: "Arlington".into(),
        }),
        scores: HashMap::from([("a".into(), 1.0), ("b".into(), 2.0)]),
        tags: vec![],
    };
    let bytes = new.serialize(&p2).unwrap();
    let back: WithDefault = old.deserialize(&bytes).unwrap();
    assert_eq!(
        back,
        WithDefault {
            name: "Grace".into(),
            age: 0
        }
    );
}

#[test]
fn schema_consistent_mode_rejects_a_different_schema() {
    let mut a = Fory::builder().compatible(false).build();
    a.register::<v1::Person>(200).unwrap();
    let mut b = Fory::builder().compatible(false).build();
    b.register::<WithDefault>(200).unwrap();
    let bytes = a
        .serialize(&v1::Person {
            name: "x".into(),
            age: 1,
            tags: vec![],
        })
        .unwrap();
    let err = b.deserialize::<WithDefault>(&bytes).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TypeMismatch);
    assert!(err.to_string().contains("schema hash"), "{err}");
}

#[derive(ForyObject, Debug, PartialEq, Clone, Copy)]
enum Level {
    Low,
    High,
}

#[derive(ForyObject, Debug, PartialEq)]
struct LevelStruct {
    low: i32,
}

#[test]
fn a_typedef_of_another_kind_is_a_type_mismatch() {
    // a named enum's TypeDef read where that name is registered as a struct
    let mut writer = Fory::builder().build();
    writer.register_by_name::<Level>("app", "Level").unwrap();
    let bytes = writer.serialize(&Level::High).unwrap();
    let mut reader = Fory::builder().build();
    reader
        .register_by_name::<LevelStruct>("app", "Level")
        .unwrap();
    let err = reader.deserialize::<LevelStruct>(&bytes).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{err}");
    // the same TypeDef behind a struct type id: only its kind tells
    let mut forged = bytes.clone();
    assert_eq!(forged[2], fory_core::types::type_id::NAMED_ENUM);
    forged[2] = fory_core::types::type_id::NAMED_COMPATIBLE_STRUCT;
    let err = reader.deserialize::<LevelStruct>(&forged).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TypeMismatch, "{err}");
    assert!(err.to_string().contains("registered as Struct"), "{err}");
    // the right reader is fine
    let mut ok = Fory::builder().build();
    ok.register_by_name::<Level>("app", "Level").unwrap();
    assert_eq!(ok.deserialize::<Level>(&bytes).unwrap(), Level::High);
}

/// A struct written by a `Fory` of the other `compatible` setting: the
/// mode is named, in every pairing of xlang, ref tracking and
/// registration, for a lone value, a field and a sequence (it read a
/// schema hash as fields, or fields as a hash, before).
#[test]
fn a_stream_of_the_other_compatible_setting_is_an_error_naming_it() {
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    struct Point {
        x: i32,
        y: i32,
    }
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    struct Wrap {
        label: String,
        inner: Option<Point>,
        points: Vec<Point>,
    }
    fn build(xlang: bool, compatible: bool, refs: bool, named: bool) -> Fory {
        let mut f = Fory::builder()
            .xlang(xlang)
            .compatible(compatible)
            .ref_tracking(refs)
            .build();
        if named {
            f.register_by_name::<Point>("test", "Point").unwrap();
            f.register_by_name::<Wrap>("test", "Wrap").unwrap();
        } else {
            f.register::<Point>(1).unwrap();
            f.register::<Wrap>(2).unwrap();
        }
        f
    }
    let wrap = Wrap {
        label: "w".into(),
        inner: Some(Point { x: 1, y: 2 }),
        points: vec![Point { x: 3, y: 4 }, Point { x: 5, y: 6 }],
    };
    for xlang in [false, true] {
        for refs in [false, true] {
            for named in [false, true] {
                for writer_compatible in [false, true] {
                    let case = format!("xlang {xlang}, refs {refs}, named {named}, writer compatible({writer_compatible})");
                    let writer = build(xlang, writer_compatible, refs, named);
                    let reader = build(xlang, !writer_compatible, refs, named);
                    let same = build(xlang, writer_compatible, refs, named);
                    let want = format!("written with compatible({writer_compatible})");
                    let bytes = writer.serialize(&Point { x: 1, y: 2 }).unwrap();
                    let err = reader.deserialize::<Point>(&bytes).unwrap_err();
                    assert_eq!(err.kind(), ErrorKind::InvalidData, "{case}: {err}");
                    assert!(err.to_string().contains(&want), "{case}: {err}");
                    assert!(err.to_string().contains("Point"), "{case}: {err}");
                    // the same bytes still read with the writer's setting
                    assert_eq!(
                        same.deserialize::<Point>(&bytes).unwrap(),
                        Point { x: 1, y: 2 }
                    );
                    let bytes = writer.serialize(&wrap).unwrap();
                    let err = reader.deserialize::<Wrap>(&bytes).unwrap_err();
                    assert!(err.to_string().contains(&want), "{case}: {err}");
                    assert_eq!(same.deserialize::<Wrap>(&bytes).unwrap(), wrap);
                    // a sequence: the first value is refused, nothing consumed
                    let mut seq = Vec::new();
                    writer
                        .serialize_to(&Point { x: 1, y: 2 }, &mut seq)
                        .unwrap();
                    writer
                        .serialize_to(&Point { x: 3, y: 4 }, &mut seq)
                        .unwrap();
                    let mut input = &seq[..];
                    let err = reader.deserialize_from::<Point>(&mut input).unwrap_err();
                    assert!(err.to_string().contains(&want), "{case}: {err}");
                    assert_eq!(input.len(), seq.len(), "{case}");
                }
            }
        }
    }
}

// ----- field names in either spelling -----

mod renamed {
    use super::*;

    /// The writer names its field on the wire in camelCase.
    #[derive(ForyObject, Debug, PartialEq)]
    pub struct Renamed {
        #[fory(rename = "userName")]
        pub user_name: String,
        pub id: i32,
    }

    /// The reader's field has the Rust name alone.
    #[derive(ForyObject, Debug, PartialEq)]
    pub struct Plain {
        pub user_name: String,
        pub id: i32,
    }

    /// A Java-style peer: camelCase names as they are, acronyms included.
    #[allow(non_snake_case)]
    #[derive(ForyObject, Debug, PartialEq)]
    pub struct JavaStyle {
        pub userName: String,
        pub accountID: i64,
        pub isActive: bool,
        pub HTTPStatus: i32,
    }

    #[derive(ForyObject, Debug, PartialEq)]
    pub struct RustStyle {
        pub user_name: String,
        pub account_id: i64,
        pub is_active: bool,
        pub http_status: i32,
    }

    /// Both spellings of one name as two fields: each reads its own. (The
    /// number goes first on the wire.)
    #[allow(non_snake_case)]
    #[derive(ForyObject, Debug, PartialEq)]
    pub struct Both {
        pub userName: String,
        pub user_name: i32,
    }

    /// `Both` read with the camelCase field declared first: its
    /// snake_case is the other's exact name, which must not take it.
    #[derive(ForyObject, Debug, PartialEq)]
    pub struct BothReversed {
        #[fory(rename = "userName")]
        pub camel: String,
        pub user_name: i32,
    }
}

/// Reads `value` written under id 300 by a `W` as an `R` registered under
/// the same id, in both modes.
fn read_as<W, R>(value: &W) -> Vec<R>
where
    W: fory_core::Serialize + fory_core::UserType + 'static,
    R: fory_core::Deserialize + fory_core::UserType + 'static,
{
    [false, true]
        .into_iter()
        .map(|xlang| {
            let mut writer = fory(xlang);
            writer.register::<W>(300).unwrap();
            let mut reader = fory(xlang);
            reader.register::<R>(300).unwrap();
            reader
                .deserialize::<R>(&writer.serialize(value).unwrap())
                .unwrap()
        })
        .collect()
}

#[test]
fn a_renamed_camel_case_field_matches_its_snake_case_twin_both_ways() {
    use renamed::{Plain, Renamed};
    let r = Renamed {
        user_name: "ann".into(),
        id: 7,
    };
    let p = Plain {
        user_name: "ann".into(),
        id: 7,
    };
    // "userName" on the wire into a reader's `user_name`, and back
    for back in read_as::<Renamed, Plain>(&r) {
        assert_eq!(back, p);
    }
    for back in read_as::<Plain, Renamed>(&p) {
        assert_eq!(back, r);
    }
}

#[test]
fn java_style_camel_case_names_match_rust_snake_case_fields() {
    use renamed::{JavaStyle, RustStyle};
    let j = JavaStyle {
        userName: "bob".into(),
        accountID: 1 << 40,
        isActive: true,
        HTTPStatus: 404,
    };
    let r = RustStyle {
        user_name: "bob".into(),
        account_id: 1 << 40,
        is_active: true,
        http_status: 404,
    };
    for back in read_as::<JavaStyle, RustStyle>(&j) {
        assert_eq!(back, r);
    }
    for back in read_as::<RustStyle, JavaStyle>(&r) {
        assert_eq!(back, j);
    }
}

#[test]
fn an_exact_name_wins_over_a_snake_case_match() {
    use renamed::{Both, BothReversed};
    let b = Both {
        userName: "camel".into(),
        user_name: 5,
    };
    for back in read_as::<Both, BothReversed>(&b) {
        assert_eq!(
            back,
            BothReversed {
                camel: "camel".into(),
                user_name: 5,
            }
        );
    }
    for back in read_as::<Both, Both>(&b) {
        assert_eq!(back, b);
    }
}

// ----- a missing field whose type has no zero value and no Default -----

mod only_id {
    #[derive(fory_core::ForyObject)]
    pub struct S {
        pub id: i32,
    }
}

mod no_zero {
    use std::num::NonZeroU32;

    #[derive(fory_core::ForyObject, Debug)]
    pub struct NonZero {
        pub id: i32,
        pub nz: NonZeroU32,
    }

    #[derive(fory_core::ForyObject, Debug)]
    pub struct Outcome {
        pub id: i32,
        pub res: Result<i32, String>,
    }

    /// Neither a Fory type nor `Default`.
    #[derive(Debug, PartialEq)]
    pub struct Handle(pub u8);

    pub fn one() -> NonZeroU32 {
        NonZeroU32::MIN
    }

    pub fn pending() -> Result<i32, String> {
        Err("pending".into())
    }

    pub fn closed() -> Handle {
        Handle(0)
    }

    /// Both filled by functions, and a skipped field of a type without
    /// `Default`.
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    pub struct Filled {
        pub id: i32,
        #[fory(default = "one")]
        pub nz: NonZeroU32,
        #[fory(default = "self::pending")]
        pub res: Result<i32, String>,
        #[fory(skip, default = "closed")]
        pub handle: Handle,
    }
}

#[test]
fn a_missing_field_without_a_zero_value_names_the_ways_to_fill_it() {
    let mut old = Fory::builder().build();
    old.register::<only_id::S>(1).unwrap();
    let bytes = old.serialize(&only_id::S { id: 7 }).unwrap();
    let mut nz = Fory::builder().build();
    nz.register::<no_zero::NonZero>(1).unwrap();
    let mut res = Fory::builder().build();
    res.register::<no_zero::Outcome>(1).unwrap();
    for (err, field, ty) in [
        (
            nz.deserialize::<no_zero::NonZero>(&bytes).unwrap_err(),
            "nz",
            "NonZero<u32>",
        ),
        (
            res.deserialize::<no_zero::Outcome>(&bytes).unwrap_err(),
            "res",
            "Result<i32",
        ),
    ] {
        let msg = err.to_string();
        assert!(
            msg.contains(&format!("no value for field `{field}`")),
            "{msg}"
        );
        assert!(msg.contains(ty), "{msg}");
        assert!(msg.contains("has no zero value"), "{msg}");
        // `Default` only if the type has one; a function otherwise
        assert!(
            msg.contains("#[fory(default)] if the type implements Default"),
            "{msg}"
        );
        assert!(
            msg.contains("#[fory(default = \"path::to::function\")]"),
            "{msg}"
        );
        assert!(!msg.contains("to fill it with Default)"), "{msg}");
    }
    // following the advice: each field from its function
    let mut filled = Fory::builder().build();
    filled.register::<no_zero::Filled>(1).unwrap();
    let back = filled.deserialize::<no_zero::Filled>(&bytes).unwrap();
    assert_eq!(
        back,
        no_zero::Filled {
            id: 7,
            nz: no_zero::one(),
            res: Err("pending".into()),
            handle: no_zero::Handle(0),
        }
    );
    // present fields are read, the skipped one is the function's again
    let v = no_zero::Filled {
        id: 1,
        nz: std::num::NonZeroU32::new(9).unwrap(),
        res: Ok(3),
        handle: no_zero::Handle(5),
    };
    let back = filled
        .deserialize::<no_zero::Filled>(&filled.serialize(&v).unwrap())
        .unwrap();
    assert_eq!(
        back,
        no_zero::Filled {
            handle: no_zero::Handle(0),
            ..v
        }
    );
}
