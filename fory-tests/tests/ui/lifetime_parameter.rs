use fory_core::ForyObject;

#[derive(ForyObject)]
struct View<'a> {
    name: &'a str,
}

fn main() {}
