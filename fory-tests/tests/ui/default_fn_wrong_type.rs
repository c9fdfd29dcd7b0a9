use fory_core::ForyObject;

fn seven() -> i32 {
    7
}

// `default = "path"` naming a function of another type than the field's:
// one error, at the attribute
#[derive(ForyObject)]
struct S {
    a: i32,
    #[fory(default = "seven")]
    b: String,
}

fn main() {}
