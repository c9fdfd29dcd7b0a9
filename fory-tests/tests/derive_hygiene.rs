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
