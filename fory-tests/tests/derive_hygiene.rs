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

/// A module that shadows the primitive types' names: the expansion names
/// them `::core::primitive::*`.
mod shadowed_primitives {
    #![allow(non_camel_case_types)]
    pub type u8 = char;
    pub type u32 = ();
    pub type i64 = ::std::string::String;
    pub type i128 = f32;
    pub type usize = f64;
    pub type bool = i8;
    pub type str = [char];

    #[derive(::fory_core::ForyObject, Debug, PartialEq)]
    pub struct S {
        pub a: i32,
        pub s: ::std::string::String,
        pub v: ::std::vec::Vec<f64>,
    }

    #[derive(::fory_core::ForyObject, Debug, PartialEq)]
    pub enum E {
        A,
        B = 3,
    }

    #[derive(::fory_core::ForyObject, Debug, PartialEq)]
    #[repr(i16)]
    pub enum U {
        A(i32) = 2,
        B { x: f64, y: ::std::string::String },
    }

    #[derive(::fory_core::ForyObject, Debug, PartialEq)]
    pub struct G<T> {
        pub t: T,
        pub n: i32,
    }

    #[test]
    fn round_trips() {
        let mut fory = ::fory_core::Fory::builder().build();
        fory.register::<S>(1).unwrap();
        fory.register::<E>(2).unwrap();
        fory.register::<U>(3).unwrap();
        fory.register::<G<f32>>(4).unwrap();
        let s = S {
            a: 1,
            s: "s".into(),
            v: vec![0.5],
        };
        assert_eq!(
            fory.deserialize::<S>(&fory.serialize(&s).unwrap()).unwrap(),
            s
        );
        assert_eq!(
            fory.deserialize::<E>(&fory.serialize(&E::B).unwrap())
                .unwrap(),
            E::B
        );
        let u = U::B {
            x: 1.5,
            y: "y".into(),
        };
        assert_eq!(
            fory.deserialize::<U>(&fory.serialize(&u).unwrap()).unwrap(),
            u
        );
        let g = G { t: 2.5f32, n: 3 };
        assert_eq!(
            fory.deserialize::<G<f32>>(&fory.serialize(&g).unwrap())
                .unwrap(),
            g
        );
    }
}

/// Const generics named like the expansion's locals would be: its
/// parameters and locals are named `__fory_*`.
#[allow(non_upper_case_globals)]
mod const_generics_named_like_locals {
    #[derive(::fory_core::ForyObject, Debug, PartialEq)]
    pub struct S<const ctx: usize, const d: usize, const r: usize, const w: usize> {
        pub a: i32,
        pub b: ::std::string::String,
    }

    #[derive(::fory_core::ForyObject, Debug, PartialEq)]
    pub enum E<const ctx: usize, const d: usize> {
        A,
        B,
    }

    #[derive(::fory_core::ForyObject, Debug, PartialEq)]
    pub enum U<
        const ctx: usize,
        const r: usize,
        const w: usize,
        const lr: usize,
        const v: usize,
        const case: usize,
        const other: usize,
        const has_null: usize,
    > {
        A(i32),
        B { s: ::std::string::String, n: u8 },
    }

    #[derive(::fory_core::ForyObject, Debug, PartialEq)]
    pub struct T<const id: usize> {
        pub a: i32,
    }

    #[test]
    fn round_trips() {
        let mut fory = ::fory_core::Fory::builder().build();
        fory.register::<S<1, 2, 3, 4>>(1).unwrap();
        fory.register::<E<1, 2>>(2).unwrap();
        fory.register::<U<1, 2, 3, 4, 5, 6, 7, 8>>(3).unwrap();
        fory.register::<T<1>>(4).unwrap();
        let s = S::<1, 2, 3, 4> {
            a: 1,
            b: "b".into(),
        };
        assert_eq!(
            fory.deserialize::<S<1, 2, 3, 4>>(&fory.serialize(&s).unwrap())
                .unwrap(),
            s
        );
        assert_eq!(
            fory.deserialize::<E<1, 2>>(&fory.serialize(&E::<1, 2>::B).unwrap())
                .unwrap(),
            E::B
        );
        let u = U::<1, 2, 3, 4, 5, 6, 7, 8>::B {
            s: "s".into(),
            n: 2,
        };
        assert_eq!(
            fory.deserialize::<U<1, 2, 3, 4, 5, 6, 7, 8>>(&fory.serialize(&u).unwrap())
                .unwrap(),
            u
        );
        let t = T::<1> { a: 9 };
        assert_eq!(
            fory.deserialize::<T<1>>(&fory.serialize(&t).unwrap())
                .unwrap(),
            t
        );
    }
}
