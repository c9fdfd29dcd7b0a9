//! `PhantomData` and `PhantomPinned` fields: std's markers carry no data
//! and are not written, by any spelling the derive can see (struct fields
//! and enum variant fields); a spelling it cannot see (an alias, an
//! element of a tuple or a list) is written as `()`; a type of another
//! module named `PhantomData` or `PhantomPinned` is written only when
//! asked to (`#[fory(skip = false)]`), and is a compile error otherwise
//! (tests/ui/own_phantom_data.rs).

use std::marker::{PhantomData, PhantomPinned};

use fory_core::{Fory, ForyObject, UserType};

/// Two `Fory`s of the same configuration, in each of the four.
fn modes() -> Vec<(Fory, Fory)> {
    let mut v = Vec::new();
    for xlang in [false, true] {
        for compatible in [false, true] {
            let one = || Fory::builder().xlang(xlang).compatible(compatible).build();
            v.push((one(), one()));
        }
    }
    v
}

/// Not a Fory type: a marker's parameter is never written (nor bounded,
/// except behind an alias, which the derive cannot see through).
#[derive(Debug, PartialEq)]
struct NotFory;

type Marker<T> = PhantomData<T>;

mod mine {
    /// Another type that happens to be named `PhantomData`.
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    pub struct PhantomData<T> {
        pub v: T,
    }
}

#[derive(ForyObject, Debug, PartialEq)]
struct Bare {
    a: i32,
    s: String,
}

#[derive(ForyObject, Debug, PartialEq)]
struct Spellings<T> {
    a: i32,
    m1: PhantomData<T>,
    s: String,
    m2: std::marker::PhantomData<T>,
    m3: ::core::marker::PhantomData<(T, T)>,
}

#[derive(ForyObject, Debug, PartialEq)]
enum Id<T> {
    Known(u64, PhantomData<T>),
    Marker(PhantomData<T>),
    Named { m: PhantomData<T>, x: i32 },
    Unknown,
}

/// The same enum without the markers: the same bytes.
#[derive(ForyObject, Debug, PartialEq)]
enum BareId {
    Known(u64),
    Marker,
    Named { x: i32 },
    Unknown,
}

#[derive(ForyObject, Debug, PartialEq)]
struct Aliased<T> {
    a: i32,
    m: Marker<T>,
}

#[derive(ForyObject, Debug, PartialEq)]
struct Unit {
    a: i32,
    m: (),
}

/// `Unit` again, for a second registration.
#[derive(ForyObject, Debug, PartialEq)]
struct Unit2 {
    a: i32,
    m: (),
}

#[derive(ForyObject, Debug, PartialEq)]
struct Kept<T> {
    a: i32,
    #[fory(skip = false)]
    m: PhantomData<T>,
}

#[derive(ForyObject, Debug, PartialEq)]
struct Nested<T> {
    a: i32,
    pairs: Vec<(i32, PhantomData<T>)>,
}

#[derive(ForyObject, Debug, PartialEq)]
struct Holder {
    a: i32,
    #[fory(skip = false)]
    p: mine::PhantomData<i32>,
}

#[derive(ForyObject, Debug, PartialEq, Default)]
struct Skips {
    a: i32,
    #[fory(skip = true)]
    b: i32,
}

#[test]
fn a_marker_field_is_not_on_the_wire_by_any_path() {
    for (mut f, mut g) in modes() {
        f.register::<Spellings<NotFory>>(1).unwrap();
        g.register::<Bare>(1).unwrap();
        let v = Spellings::<NotFory> {
            a: 7,
            m1: PhantomData,
            s: "s".into(),
            m2: PhantomData,
            m3: PhantomData,
        };
        let bytes = f.serialize(&v).unwrap();
        assert_eq!(
            bytes,
            g.serialize(&Bare {
                a: 7,
                s: "s".into()
            })
            .unwrap()
        );
        assert_eq!(f.deserialize::<Spellings<NotFory>>(&bytes).unwrap(), v);
        assert_eq!(<Spellings<NotFory> as UserType>::fory_fields().len(), 2);
    }
}

#[test]
fn a_marker_in_an_enum_variant_is_not_on_the_wire() {
    for (mut f, mut g) in modes() {
        f.register::<Id<NotFory>>(1).unwrap();
        g.register::<BareId>(1).unwrap();
        let pairs = [
            (Id::<NotFory>::Known(5, PhantomData), BareId::Known(5)),
            (Id::Marker(PhantomData), BareId::Marker),
            (
                Id::Named {
                    m: PhantomData,
                    x: -3,
                },
                BareId::Named { x: -3 },
            ),
            (Id::Unknown, BareId::Unknown),
        ];
        for (v, bare) in pairs {
            let bytes = f.serialize(&v).unwrap();
            assert_eq!(bytes, g.serialize(&bare).unwrap());
            assert_eq!(f.deserialize::<Id<NotFory>>(&bytes).unwrap(), v);
        }
    }
}

#[test]
fn an_alias_or_a_kept_marker_is_written_as_unit() {
    for (mut f, mut g) in modes() {
        f.register::<Aliased<String>>(1).unwrap();
        f.register::<Kept<NotFory>>(2).unwrap();
        g.register::<Unit>(1).unwrap();
        g.register::<Unit2>(2).unwrap();
        let unit = g.serialize(&Unit { a: 4, m: () }).unwrap();
        let v = Aliased::<String> {
            a: 4,
            m: PhantomData,
        };
        let bytes = f.serialize(&v).unwrap();
        assert_eq!(bytes, unit);
        assert_eq!(f.deserialize::<Aliased<String>>(&bytes).unwrap(), v);
        let k = Kept::<NotFory> {
            a: 4,
            m: PhantomData,
        };
        let bytes = f.serialize(&k).unwrap();
        assert_eq!(bytes, g.serialize(&Unit2 { a: 4, m: () }).unwrap());
        assert_eq!(f.deserialize::<Kept<NotFory>>(&bytes).unwrap(), k);
    }
}

#[test]
fn a_marker_inside_a_tuple_or_a_list_round_trips() {
    for (mut f, _) in modes() {
        f.register::<Nested<NotFory>>(1).unwrap();
        let v = Nested::<NotFory> {
            a: 1,
            pairs: vec![(1, PhantomData), (2, PhantomData)],
        };
        assert_eq!(
            f.deserialize::<Nested<NotFory>>(&f.serialize(&v).unwrap())
                .unwrap(),
            v
        );
        let list = vec![PhantomData::<NotFory>; 3];
        assert_eq!(
            f.deserialize::<Vec<PhantomData<NotFory>>>(&f.serialize(&list).unwrap())
                .unwrap(),
            list
        );
    }
}

#[test]
fn another_type_named_phantom_data_is_written_when_kept() {
    for (mut f, _) in modes() {
        f.register::<Holder>(1).unwrap();
        f.register::<mine::PhantomData<i32>>(2).unwrap();
        let h = Holder {
            a: 1,
            p: mine::PhantomData { v: 42 },
        };
        assert_eq!(
            f.deserialize::<Holder>(&f.serialize(&h).unwrap()).unwrap(),
            h
        );
        assert_eq!(<Holder as UserType>::fory_fields().len(), 2);
    }
}

#[test]
fn skip_takes_a_bool() {
    for (mut f, _) in modes() {
        f.register::<Skips>(1).unwrap();
        let back: Skips = f
            .deserialize(&f.serialize(&Skips { a: 1, b: 2 }).unwrap())
            .unwrap();
        assert_eq!(back, Skips { a: 1, b: 0 });
        assert_eq!(<Skips as UserType>::fory_fields().len(), 1);
    }
}

// ----- PhantomPinned -----

#[derive(ForyObject, Debug, PartialEq)]
struct Pinned {
    a: i32,
    p: PhantomPinned,
    s: String,
    q: std::marker::PhantomPinned,
}

#[derive(ForyObject, Debug, PartialEq)]
enum PinnedId {
    Known(u64, PhantomPinned),
    Marker(PhantomPinned),
    Named {
        m: ::core::marker::PhantomPinned,
        x: i32,
    },
    Unknown,
}

type Pin = PhantomPinned;

#[derive(ForyObject, Debug, PartialEq)]
struct PinAliased {
    a: i32,
    m: Pin,
}

#[derive(ForyObject, Debug, PartialEq)]
struct PinKept {
    a: i32,
    #[fory(skip = false)]
    m: PhantomPinned,
}

#[test]
fn a_pinned_marker_field_is_not_on_the_wire() {
    for (mut f, mut g) in modes() {
        f.register::<Pinned>(1).unwrap();
        g.register::<Bare>(1).unwrap();
        let v = Pinned {
            a: -7,
            p: PhantomPinned,
            s: "pinned".into(),
            q: PhantomPinned,
        };
        let bytes = f.serialize(&v).unwrap();
        // the bytes (TypeDef or schema hash included) of the struct
        // without the markers
        assert_eq!(
            bytes,
            g.serialize(&Bare {
                a: -7,
                s: "pinned".into()
            })
            .unwrap()
        );
        assert_eq!(f.deserialize::<Pinned>(&bytes).unwrap(), v);
        assert_eq!(<Pinned as UserType>::fory_fields().len(), 2);
    }
}

#[test]
fn a_pinned_marker_in_an_enum_variant_is_not_on_the_wire() {
    for (mut f, mut g) in modes() {
        f.register::<PinnedId>(1).unwrap();
        g.register::<BareId>(1).unwrap();
        let pairs = [
            (PinnedId::Known(5, PhantomPinned), BareId::Known(5)),
            (PinnedId::Marker(PhantomPinned), BareId::Marker),
            (
                PinnedId::Named {
                    m: PhantomPinned,
                    x: -3,
                },
                BareId::Named { x: -3 },
            ),
            (PinnedId::Unknown, BareId::Unknown),
        ];
        for (v, bare) in pairs {
            let bytes = f.serialize(&v).unwrap();
            assert_eq!(bytes, g.serialize(&bare).unwrap());
            assert_eq!(f.deserialize::<PinnedId>(&bytes).unwrap(), v);
        }
    }
}

#[test]
fn an_aliased_or_kept_pinned_marker_is_written_as_unit() {
    for (mut f, mut g) in modes() {
        f.register::<PinAliased>(1).unwrap();
        f.register::<PinKept>(2).unwrap();
        g.register::<Unit>(1).unwrap();
        g.register::<Unit2>(2).unwrap();
        let v = PinAliased {
            a: 4,
            m: PhantomPinned,
        };
        let bytes = f.serialize(&v).unwrap();
        assert_eq!(bytes, g.serialize(&Unit { a: 4, m: () }).unwrap());
        assert_eq!(f.deserialize::<PinAliased>(&bytes).unwrap(), v);
        let k = PinKept {
            a: 4,
            m: PhantomPinned,
        };
        let bytes = f.serialize(&k).unwrap();
        assert_eq!(bytes, g.serialize(&Unit2 { a: 4, m: () }).unwrap());
        assert_eq!(f.deserialize::<PinKept>(&bytes).unwrap(), k);
        // alone and in a list: `()`'s bytes
        assert_eq!(
            f.serialize(&PhantomPinned).unwrap(),
            f.serialize(&()).unwrap()
        );
        let list = vec![PhantomPinned, PhantomPinned];
        assert_eq!(
            f.deserialize::<Vec<PhantomPinned>>(&f.serialize(&list).unwrap())
                .unwrap(),
            list
        );
    }
}
