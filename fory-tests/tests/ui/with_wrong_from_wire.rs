use fory_core::ForyObject;

// `from_wire` returns another type than the field's: one error, at the
// attribute, showing both signatures
mod m {
    pub type Wire = i32;
    pub fn to_wire(v: &u64) -> i32 {
        *v as i32
    }
    pub fn from_wire(w: i32) -> Result<i64, fory_core::Error> {
        Ok(w as i64)
    }
}

#[derive(ForyObject)]
struct S {
    a: i32,
    #[fory(with = "m")]
    c: u64,
}

fn main() {}
