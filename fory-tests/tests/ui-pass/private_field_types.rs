// Public types whose fields or payloads are of private (or `pub(crate)`)
// types: the derive must not put a field's type in a public interface (an
// impl's associated type did: error E0446, "private type in public
// interface"). Each shape is derived, and read back by every struct path:
// straight lines, by position (a wide struct, and a narrow one whose
// guessed field order misses) and aligned (a compatible peer one field
// ahead).
use fory_core::{Fory, ForyObject};

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Private {
    y: i32,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
pub(crate) struct CrateOnly {
    z: String,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
pub struct Outer {
    inner: Private,
    boxed: Option<Box<Private>>,
    list: Vec<Private>,
    krate: CrateOnly,
    id: u64,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
pub struct TupleOuter(Private, Option<Box<CrateOnly>>, u8);

#[derive(ForyObject, Debug, PartialEq, Clone)]
pub struct Generic<T> {
    p: Private,
    t: T,
}

// (a public enum's payloads are public: rustc's own lint, not the derive's)
#[allow(private_interfaces)]
#[derive(ForyObject, Debug, PartialEq, Clone)]
pub enum Union {
    A(Private),
    B { c: CrateOnly, n: i32 },
    C(Vec<Private>, Option<Box<Private>>),
    D,
}

// a type alias of a number: the order guessed from the fields' syntax
// misses, so it reads by position even though it is narrow
type Alias = i64;

#[derive(ForyObject, Debug, PartialEq, Clone)]
pub struct Guessed {
    p: Private,
    a: Alias,
    k: CrateOnly,
}

macro_rules! wide {
    ($($f:ident),*) => {
        // more than 24 fields: always read by position
        #[derive(ForyObject, Debug, PartialEq, Clone)]
        pub struct Wide {
            first: Private,
            $($f: i32,)*
            last: Option<Box<CrateOnly>>,
        }

        fn wide() -> Wide {
            Wide {
                first: Private { y: 1 },
                $($f: 7,)*
                last: Some(Box::new(CrateOnly { z: "w".into() })),
            }
        }
    };
}
wide!(f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13, f14, f15, f16, f17, f18, f19, f20, f21, f22, f23, f24);

pub mod inner {
    use fory_core::ForyObject;

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    struct Hidden {
        v: u8,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub(super) struct SuperOnly {
        v: i16,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Visible {
        h: Hidden,
        s: SuperOnly,
        hs: Vec<Option<Box<Hidden>>>,
    }

    #[allow(private_interfaces)]
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub enum Payload {
        H(Hidden),
        S(SuperOnly),
    }

    pub fn visible() -> Visible {
        Visible {
            h: Hidden { v: 1 },
            s: SuperOnly { v: -2 },
            hs: vec![Some(Box::new(Hidden { v: 3 })), None],
        }
    }

    pub fn payload() -> Payload {
        Payload::S(SuperOnly { v: 4 })
    }

    pub fn register(f: &mut fory_core::Fory) -> Result<(), fory_core::Error> {
        f.register::<Hidden>(30)?;
        f.register::<SuperOnly>(31)?;
        f.register::<Visible>(32)?;
        f.register::<Payload>(33)
    }
}

// the same `Outer` with one field more, for the aligned read
mod newer {
    #[derive(fory_core::ForyObject)]
    pub struct Private {
        pub y: i32,
    }

    #[derive(fory_core::ForyObject)]
    pub struct CrateOnly {
        pub z: String,
    }

    #[derive(fory_core::ForyObject)]
    pub struct Outer {
        pub inner: Private,
        pub boxed: Option<Box<Private>>,
        pub list: Vec<Private>,
        pub krate: CrateOnly,
        pub id: u64,
        pub extra: String,
    }
}

fn round_trip<T>(f: &Fory, v: &T)
where
    T: fory_core::Serialize + fory_core::Deserialize + PartialEq + std::fmt::Debug,
{
    let back: T = f.deserialize(&f.serialize(v).unwrap()).unwrap();
    assert_eq!(&back, v);
}

fn main() {
    for compatible in [true, false] {
        let mut f = Fory::builder().compatible(compatible).build();
        f.register::<Private>(1).unwrap();
        f.register::<CrateOnly>(2).unwrap();
        f.register::<Outer>(3).unwrap();
        f.register::<TupleOuter>(4).unwrap();
        f.register::<Generic<String>>(5).unwrap();
        f.register::<Union>(6).unwrap();
        f.register::<Guessed>(7).unwrap();
        f.register::<Wide>(8).unwrap();
        inner::register(&mut f).unwrap();
        let p = Private { y: 5 };
        let c = CrateOnly { z: "c".into() };
        let outer = Outer {
            inner: p.clone(),
            boxed: Some(Box::new(p.clone())),
            list: vec![p.clone(), Private { y: 6 }],
            krate: c.clone(),
            id: 9,
        };
        round_trip(&f, &outer);
        round_trip(&f, &vec![outer.clone(), outer.clone()]);
        round_trip(&f, &TupleOuter(p.clone(), Some(Box::new(c.clone())), 2));
        round_trip(&f, &Generic { p: p.clone(), t: "t".to_string() });
        round_trip(&f, &Union::A(p.clone()));
        round_trip(&f, &Union::B { c: c.clone(), n: -1 });
        round_trip(&f, &Union::C(vec![p.clone()], None));
        round_trip(&f, &Union::D);
        round_trip(&f, &Guessed { p: p.clone(), a: -3, k: c.clone() });
        round_trip(&f, &wide());
        round_trip(&f, &inner::visible());
        round_trip(&f, &inner::payload());
    }

    let mut new = Fory::builder().build();
    new.register::<newer::Private>(1).unwrap();
    new.register::<newer::CrateOnly>(2).unwrap();
    new.register::<newer::Outer>(3).unwrap();
    let mut old = Fory::builder().build();
    old.register::<Private>(1).unwrap();
    old.register::<CrateOnly>(2).unwrap();
    old.register::<Outer>(3).unwrap();
    let bytes = new
        .serialize(&newer::Outer {
            inner: newer::Private { y: 1 },
            boxed: None,
            list: vec![newer::Private { y: 2 }],
            krate: newer::CrateOnly { z: "k".into() },
            id: 3,
            extra: "x".into(),
        })
        .unwrap();
    let back: Outer = old.deserialize(&bytes).unwrap();
    assert_eq!(
        back,
        Outer {
            inner: Private { y: 1 },
            boxed: None,
            list: vec![Private { y: 2 }],
            krate: CrateOnly { z: "k".into() },
            id: 3,
        }
    );
}
