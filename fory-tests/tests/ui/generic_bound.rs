use fory_core::{Fory, ForyObject};

#[derive(ForyObject)]
struct Wrapper<T> {
    value: T,
}

struct NotFory;

fn main() {
    let fory = Fory::builder().build();
    let _ = fory.serialize(&Wrapper { value: NotFory });
}
