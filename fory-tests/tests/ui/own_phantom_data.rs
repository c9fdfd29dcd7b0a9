use fory_core::ForyObject;

mod mine {
    #[derive(fory_core::ForyObject, Default)]
    pub struct PhantomData<T> {
        pub v: T,
    }

    #[derive(fory_core::ForyObject, Default)]
    pub struct PhantomPinned {
        pub v: i32,
    }
}

// a type named `PhantomData` or `PhantomPinned` that is not std's: an
// error at the field, never a field silently left out
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

#[derive(ForyObject)]
struct Pins {
    a: i32,
    p: mine::PhantomPinned,
}

fn main() {}
