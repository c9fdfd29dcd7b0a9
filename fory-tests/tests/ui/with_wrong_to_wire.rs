use fory_core::ForyObject;

// `to_wire` takes another type than the field's and returns another than
// `Wire`: one error, at the attribute
mod m {
    pub type Wire = i32;
    pub fn to_wire(v: &i64) -> u8 {
        *v as u8
    }
    pub fn from_wire(w: i32) -> Result<u64, fory_core::Error> {
        Ok(w as u64)
    }
}

#[derive(ForyObject)]
struct S {
    a: i32,
    #[fory(with = "m")]
    c: u64,
}

fn main() {}
