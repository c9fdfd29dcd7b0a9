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

#[derive(ForyObject, Debug, Clone, Copy, PartialEq, Default)]
pub enum Kind {
    #[default]
    A,
    B,
    C,
}

#[derive(ForyObject, Debug, Default)]
pub struct Node {
    pub id: i32,
    pub next: Option<Rc<RefCell<Node>>>,
}

/// A number under another name: the derive cannot see that it is one, so
/// its guess of the wire order misses and the struct reads field by field
/// at each wire position.
pub type Count = i64;

/// A field of a parameter's own type: read through the derive's unrolled
/// `match` (the order depends on the parameter).
#[derive(ForyObject, Debug, Clone, PartialEq, Default)]
pub struct Tagged<T> {
    pub value: T,
    pub name: String,
    pub count: i64,
    pub flag: bool,
}

/// A parameter only in a list: read in the guessed order.
#[derive(ForyObject, Debug, Clone, PartialEq, Default)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub next: Option<String>,
}

/// The guess misses (see [`Count`]).
#[derive(ForyObject, Debug, Clone, PartialEq, Default)]
pub struct Aliased {
    pub zeta: Count,
    pub label: String,
    pub small: i32,
    pub ratio: Option<f32>,
}

/// Past the 24 fields whose reads the derive writes out in line.
#[derive(ForyObject, Debug, Clone, PartialEq, Default)]
pub struct Wide {
    pub a0: i64,
    pub a1: i32,
    pub a2: u8,
    pub a3: f64,
    pub a4: String,
    pub a5: Option<i64>,
    pub a6: bool,
    pub a7: Vec<i32>,
    pub a8: i16,
    pub a9: String,
    pub b0: i64,
    pub b1: i32,
    pub b2: u8,
    pub b3: f64,
    pub b4: String,
    pub b5: Option<i64>,
    pub b6: bool,
    pub b7: Vec<i32>,
    pub b8: i16,
    pub b9: String,
    pub c0: i64,
    pub c1: Option<String>,
    pub c2: u64,
    pub c3: f32,
    pub c4: Count,
    pub c5: Leaf,
}

/// One of each of the derive's read forms.
#[derive(ForyObject, Debug, Clone, PartialEq, Default)]
pub struct Forms {
    pub tagged: Tagged<f64>,
    pub named: Tagged<String>,
    pub page: Page<Leaf>,
    pub aliased: Vec<Aliased>,
    pub wide: Option<Wide>,
}

/// Numbers of every width: the fixed-width ones (`u8` to `f64`, `bool`)
/// lead the wire order and are read from bytes taken at once.
#[derive(ForyObject, Debug, Clone, PartialEq, Default)]
pub struct Numbers {
    pub a: u8,
    pub b: i8,
    pub c: u16,
    pub d: i16,
    pub e: f32,
    pub f: f64,
    pub g: bool,
    pub h: u32,
    pub i: i64,
    /// A unit enum: on the output cursor with the numbers.
    pub kind: Kind,
}

/// Structs under number keys (a chunk written as one run), tuples,
/// chrono values (on the output cursor) and a list of optional structs.
#[derive(ForyObject, Debug, Clone, PartialEq, Default)]
pub struct Mix {
    pub numbers: Vec<Numbers>,
    pub one: Numbers,
    pub by_id: HashMap<i32, Leaf>,
    pub pairs: Vec<(i32, String)>,
    pub pair: (f64, bool, char),
    pub when: Vec<fory_core::chrono::NaiveDateTime>,
    pub day: fory_core::chrono::NaiveDate,
    /// Optional structs: the `Some`s between the nulls as one run.
    pub maybe: Vec<Option<Leaf>>,
}

/// A `Fory` in the configuration bits of `b`: xlang, compatible, ref
/// tracking, xlang strings as UTF-8; all user types registered.
pub fn fory(b: u8) -> Fory {
    let mut f = Fory::builder()
        .xlang(b & 1 != 0)
        .compatible(b & 2 != 0)
        .ref_tracking(b & 4 != 0)
        .xlang_utf8_strings(b & 8 != 0)
        .build();
    f.register::<Leaf>(1).unwrap();
    f.register::<Tree>(2).unwrap();
    f.register::<Kind>(3).unwrap();
    f.register::<Node>(4).unwrap();
    f.register::<Tagged<f64>>(5).unwrap();
    f.register::<Tagged<String>>(6).unwrap();
    f.register::<Page<Leaf>>(7).unwrap();
    f.register::<Aliased>(8).unwrap();
    f.register::<Wide>(9).unwrap();
    f.register::<Forms>(10).unwrap();
    f.register::<Numbers>(11).unwrap();
    f.register::<Mix>(12).unwrap();
    f
}
