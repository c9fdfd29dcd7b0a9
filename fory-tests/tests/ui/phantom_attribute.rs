use std::marker::PhantomData;

use fory_core::ForyObject;

// a marker is not written: attributes about its wire form are refused
#[derive(ForyObject)]
struct Marked<T> {
    a: i32,
    #[fory(rename = "m")]
    m: PhantomData<T>,
}

fn main() {}
