use fory_core::ForyObject;

// a `with` module without `type Wire`: the error is at the attribute
mod nowire {
    pub fn to_wire(v: &i32) -> i32 {
        *v
    }
    pub fn from_wire(w: i32) -> Result<i32, fory_core::Error> {
        Ok(w)
    }
}

#[derive(ForyObject)]
struct S {
    a: i32,
    #[fory(with = "nowire")]
    c: i32,
}

fn main() {}
