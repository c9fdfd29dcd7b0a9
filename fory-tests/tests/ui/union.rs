use fory_core::ForyObject;

#[derive(ForyObject)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
