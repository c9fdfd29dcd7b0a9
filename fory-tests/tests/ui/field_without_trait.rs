use fory_core::ForyObject;

struct NotFory;

#[derive(ForyObject)]
struct Holder {
    id: u32,
    inner: NotFory,
}

fn main() {}
