//! The derive's output compiles when the user's crate shadows prelude names
//! (serde's `test_gen.rs` idea): generated code must use full paths.
#![allow(dead_code, non_camel_case_types)]

struct Result;
struct Option;
struct Some;
struct None;
struct Ok;
struct Err;
struct Vec;
struct String;
struct Box;
struct Default;
trait Serialize {}
trait Deserialize {}
mod core {}
mod std {}

#[derive(::fory_core::ForyObject)]
struct Shadowed {
    a: i32,
    b: ::std::string::String,
    c: ::std::option::Option<u8>,
    #[fory(skip)]
    d: u64,
    #[fory(default)]
    e: ::std::vec::Vec<u8>,
}

#[derive(::fory_core::ForyObject)]
enum ShadowedEnum {
    A,
    B,
}

#[derive(::fory_core::ForyObject)]
enum ShadowedUnion {
    A(i32),
    B { x: u8, y: u8 },
    C,
}

#[test]
fn compiles() {}

/// Structs declared whole inside a `macro_rules!` expansion: their field
/// names carry the macro's hygiene context, so the derive's own locals must
/// not be spanned where those names could resolve to them (or miss them).
mod declared_by_a_macro {
    macro_rules! declare {
        () => {
            #[derive(::fory_core::ForyObject, Debug, Clone, PartialEq)]
            pub struct Inner {
                pub uri: ::std::string::String,
                pub width: i32,
                pub tags: ::std::vec::Vec<::std::string::String>,
                pub opt: ::std::option::Option<i64>,
            }

            #[derive(::fory_core::ForyObject, Debug, Clone, PartialEq)]
            pub struct Outer {
                pub inner: Inner,
                pub list: ::std::vec::Vec<Inner>,
            }
        };
    }
    declare!();

    #[test]
    fn round_trips_in_both_modes() {
        let inner = Inner {
            uri: "u".into(),
            width: 3,
            tags: vec!["x".into()],
            opt: ::std::option::Option::Some(4),
        };
        let value = Outer {
            inner: inner.clone(),
            list: vec![inner],
        };
        for xlang in [false, true] {
            for compatible in [false, true] {
                let mut fory = ::fory_core::Fory::builder()
                    .xlang(xlang)
                    .compatible(compatible)
                    .build();
                fory.register::<Inner>(1).unwrap();
                fory.register::<Outer>(2).unwrap();
                let bytes = fory.serialize(&value).unwrap();
                assert_eq!(fory.deserialize::<Outer>(&bytes).unwrap(), value);
            }
        }
    }
}
