use fory_core::{Fory, ForyObject};

struct NoDefault(u8);

// a skipped field is `Default` on read: the error is at the field
#[derive(ForyObject)]
struct Skipped {
    a: i32,
    #[fory(skip)]
    c: NoDefault,
}

#[derive(ForyObject)]
struct Defaulted {
    a: i32,
    #[fory(default)]
    n: std::num::NonZeroU32,
}

// generic: bounded where the type is used
#[derive(ForyObject)]
struct GenSkip<T, C> {
    a: T,
    #[fory(skip)]
    c: C,
}

fn main() {
    let f = Fory::builder().build();
    let _ = f.deserialize::<GenSkip<i32, NoDefault>>(&[]);
}
