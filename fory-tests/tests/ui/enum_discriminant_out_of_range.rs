use fory_core::ForyObject;

// a Fory enum writes its discriminant as a varuint32: one outside
// 0..2^32 is an error at its variant
#[derive(ForyObject)]
#[repr(i8)]
enum Negative {
    A = -1,
    B = 0,
}

#[derive(ForyObject)]
#[repr(u64)]
enum Big {
    Fits = 4_294_967_295,
    Next,
    Far = 1 << 40,
}

// in range at the edges: no error
#[derive(ForyObject)]
#[repr(i64)]
enum Edges {
    Low = 0,
    High = 4_294_967_295,
}

fn main() {}
