use fory_core::ForyObject;

struct NotFory;

/// One error per field whose type lacks the traits, at that field: a
/// local type, a foreign one, and one inside a container.
#[derive(ForyObject)]
struct Holder {
    id: u32,
    inner: NotFory,
    file: std::fs::File,
    many: Vec<NotFory>,
    name: String,
}

#[derive(ForyObject)]
struct Tuple(u8, Option<NotFory>);

#[derive(ForyObject)]
enum Shape {
    Circle(f64),
    Odd(NotFory),
}

fn main() {}
