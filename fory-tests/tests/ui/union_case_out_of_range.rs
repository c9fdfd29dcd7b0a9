use fory_core::ForyObject;

#[derive(ForyObject)]
#[repr(i8)]
enum Signed {
    Below(i32) = -1,
    Zero(i32) = 0,
}

fn main() {}
