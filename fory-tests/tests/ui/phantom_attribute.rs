use std::marker::{PhantomData, PhantomPinned};

use fory_core::ForyObject;

// a marker is not written: attributes about its wire form are refused
#[derive(ForyObject)]
struct Marked<T> {
    a: i32,
    #[fory(rename = "m")]
    m: PhantomData<T>,
}

#[derive(ForyObject)]
struct Pinned {
    a: i32,
    #[fory(nullable = true)]
    p: PhantomPinned,
}

fn main() {}
