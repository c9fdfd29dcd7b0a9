// A struct written by a `macro_rules!` macro, with fields named like the
// locals a derive expansion might use: the derive's code must compile
// wherever the struct is written (hygiene), and field names must not
// collide with its locals.
use fory_core::{Fory, ForyObject};

macro_rules! record {
    ($name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        #[derive(ForyObject, Debug, PartialEq, Clone)]
        struct $name {
            $($field: $ty,)*
        }
    };
}

record!(Locals {
    ctx: i32,
    fields: String,
    info: Vec<u8>,
    value: Option<i64>,
    order: u16,
    state: bool,
    r: f64,
    e: i8,
    __e: u8,
    __compatible: i32,
    slot: String,
    layout: u32,
    plan: u64,
});

record!(Empty {});

fn main() {
    let v = Locals {
        ctx: 1,
        fields: "f".into(),
        info: vec![1, 2],
        value: Some(3),
        order: 4,
        state: true,
        r: 0.5,
        e: -1,
        __e: 2,
        __compatible: 5,
        slot: "s".into(),
        layout: 6,
        plan: 7,
    };
    for compatible in [false, true] {
        let mut fory = Fory::builder().compatible(compatible).build();
        fory.register::<Locals>(1).unwrap();
        fory.register::<Empty>(2).unwrap();
        let back: Locals = fory.deserialize(&fory.serialize(&v).unwrap()).unwrap();
        assert_eq!(back, v);
        let e: Empty = fory.deserialize(&fory.serialize(&Empty {}).unwrap()).unwrap();
        assert_eq!(e, Empty {});
    }
}
