use fory_core::ForyObject;

// each key once per item: a second one is an error at it, in the same
// attribute or another
#[derive(ForyObject)]
#[fory(crate = "fory_core")]
#[fory(crate = "fory_core")]
struct Fields {
    #[fory(rename = "a", rename = "b")]
    x: i32,
    #[fory(skip, skip)]
    y: i32,
    #[fory(nullable = true)]
    #[fory(nullable = false)]
    z: Option<i32>,
    #[fory(default, track_ref, default)]
    w: std::rc::Rc<i32>,
}

#[derive(ForyObject)]
enum Level {
    Low,
    #[fory(default, default)]
    Unknown,
}

fn main() {}
