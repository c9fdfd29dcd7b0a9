use fory_core::ForyObject;

mod mine {
    #[derive(fory_core::ForyObject, Default)]
    pub struct PhantomData<T> {
        pub v: T,
    }
}

// a type named `PhantomData` that is not std's: an error at the field,
// never a field silently left out
#[derive(ForyObject)]
struct Holder {
    a: i32,
    p: mine::PhantomData<i32>,
}

#[derive(ForyObject)]
enum Either {
    A(i32, mine::PhantomData<u8>),
    B,
}

fn main() {}
