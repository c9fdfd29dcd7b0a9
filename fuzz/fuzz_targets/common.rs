// Shared by the targets: the configurations a first input byte selects and
// the derived struct graph.
#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use fory_core::{Fory, ForyObject};

#[derive(ForyObject, Debug, Clone, PartialEq, Default)]
pub struct Leaf {
    pub id: i32,
    pub name: String,
    pub weights: Vec<f64>,
    pub flag: Option<bool>,
    /// Written on the struct's output cursor with `id` and `name`.
    pub labels: Vec<String>,
}

#[derive(ForyObject, Debug, Clone, PartialEq, Default)]
pub struct Tree {
    pub leaves: Vec<Leaf>,
    pub index: HashMap<String, i64>,
    pub blob: bytes::Bytes,
    pub child: Option<Box<Tree>>,
    pub tags: Vec<Option<String>>,
}

#[derive(ForyObject, Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    A,
    B,
    C,
}

#[derive(ForyObject, Debug, Default)]
pub struct Node {
    pub id: i32,
    pub next: Option<Rc<RefCell<Node>>>,
}

/// A `Fory` in the configuration bits of `b`: xlang, compatible, ref
/// tracking; all user types registered.
pub fn fory(b: u8) -> Fory {
    let mut f = Fory::builder()
        .xlang(b & 1 != 0)
        .compatible(b & 2 != 0)
        .ref_tracking(b & 4 != 0)
        .build();
    f.register::<Leaf>(1).unwrap();
    f.register::<Tree>(2).unwrap();
    f.register::<Kind>(3).unwrap();
    f.register::<Node>(4).unwrap();
    f
}
