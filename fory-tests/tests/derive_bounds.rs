//! The bounds the derive infers for generic types: a skipped or
//! `#[fory(default)]` field of a parameter's type needs `Default`, not the
//! Fory traits.

use fory_core::{Fory, ForyObject};

fn modes() -> Vec<Fory> {
    let mut v = Vec::new();
    for xlang in [false, true] {
        for compatible in [false, true] {
            v.push(Fory::builder().xlang(xlang).compatible(compatible).build());
        }
    }
    v
}

/// Has a `Default`, and none of the Fory traits.
#[derive(Debug, PartialEq, Default)]
struct Session {
    token: u64,
}

/// Has neither.
#[derive(Debug, PartialEq)]
struct NoDefault;

#[derive(ForyObject, Debug, PartialEq)]
struct GenSkip<T, C> {
    a: T,
    #[fory(skip)]
    c: C,
}

#[derive(ForyObject, Debug, PartialEq)]
struct SkipVec<C> {
    a: i32,
    // `Vec<C>` has a `Default` for any `C`
    #[fory(skip)]
    c: Vec<C>,
}

/// Its `Default` is not its zero value (`Level(0)`).
#[derive(ForyObject, Debug, PartialEq)]
struct Level(u8);

impl Default for Level {
    fn default() -> Self {
        Level(5)
    }
}

#[derive(ForyObject, Debug, PartialEq)]
struct DefaultGen<T> {
    a: i32,
    #[fory(default)]
    t: T,
}

#[derive(ForyObject)]
struct OnlyA {
    a: i32,
}

#[test]
fn a_skipped_field_of_a_parameter_type_needs_only_default() {
    for mut f in modes() {
        f.register::<GenSkip<String, Session>>(1).unwrap();
        f.register::<SkipVec<NoDefault>>(2).unwrap();
        let v = GenSkip {
            a: "a".to_string(),
            c: Session { token: 9 },
        };
        let back: GenSkip<String, Session> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
        assert_eq!(
            back,
            GenSkip {
                a: "a".to_string(),
                c: Session::default()
            }
        );
        let v = SkipVec {
            a: 3,
            c: vec![NoDefault],
        };
        let back: SkipVec<NoDefault> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
        assert_eq!(back.a, 3);
        assert!(back.c.is_empty());
    }
}

#[test]
fn a_default_field_of_a_parameter_type_takes_its_default_when_missing() {
    let mut old = Fory::builder().build();
    old.register::<OnlyA>(1).unwrap();
    let mut new = Fory::builder().build();
    new.register::<DefaultGen<Level>>(1).unwrap();
    new.register::<Level>(2).unwrap();
    let back: DefaultGen<Level> = new
        .deserialize(&old.serialize(&OnlyA { a: 1 }).unwrap())
        .unwrap();
    assert_eq!(back, DefaultGen { a: 1, t: Level(5) });
    let v = DefaultGen { a: 2, t: Level(7) };
    assert_eq!(
        new.deserialize::<DefaultGen<Level>>(&new.serialize(&v).unwrap())
            .unwrap(),
        v
    );
}

/// A family of types: `Text::Item` is a Fory type, `Text` is not.
trait Family {
    type Item;
    // (a map key: `Ord`; for the derived `Debug` and `PartialEq` of
    // `AssocUnion`, which bound neither)
    type Key: Ord + std::fmt::Debug;
}

#[derive(Debug, PartialEq)]
struct Text;

impl Family for Text {
    type Item = String;
    type Key = u32;
}

#[derive(ForyObject, Debug, PartialEq)]
struct Assoc<T: Family> {
    a: T::Item,
    b: Vec<<T as Family>::Item>,
    c: Option<std::collections::BTreeMap<T::Key, T::Item>>,
    d: (i32, T::Key),
}

#[derive(ForyObject, Debug, PartialEq)]
enum AssocUnion<T: Family> {
    One(T::Item),
    Two { k: <T as Family>::Key, n: i8 },
}

/// A parameter used both ways: as a type of its own (bounded by the Fory
/// traits) and through its associated types.
#[derive(ForyObject, Debug, PartialEq)]
struct Mixed<T: Family> {
    key: T::Key,
    value: T,
}

#[derive(ForyObject, Debug, PartialEq)]
struct Num(i64);

impl Family for Num {
    type Item = Vec<i64>;
    type Key = i8;
}

#[test]
fn an_associated_type_field_is_bounded_itself_not_its_parameter() {
    for mut f in modes() {
        f.register::<Assoc<Text>>(1).unwrap();
        f.register::<AssocUnion<Text>>(2).unwrap();
        f.register::<Mixed<Num>>(3).unwrap();
        f.register::<Num>(4).unwrap();
        let v = Assoc::<Text> {
            a: "a".into(),
            b: vec!["b".into(), "c".into()],
            c: Some([(1, "one".to_string())].into_iter().collect()),
            d: (-1, 7),
        };
        let back: Assoc<Text> = f.deserialize(&f.serialize(&v).unwrap()).unwrap();
        assert_eq!(back, v);
        for u in [
            AssocUnion::<Text>::One("x".into()),
            AssocUnion::Two { k: 3, n: -4 },
        ] {
            let back: AssocUnion<Text> = f.deserialize(&f.serialize(&u).unwrap()).unwrap();
            assert_eq!(back, u);
        }
        let m = Mixed::<Num> {
            key: -2,
            value: Num(5),
        };
        let back: Mixed<Num> = f.deserialize(&f.serialize(&m).unwrap()).unwrap();
        assert_eq!(back, m);
    }
}

/// Converted to and from a byte by its own trait, not the Fory traits.
trait AsU8 {
    fn get(&self) -> u8;
    fn make(w: u8) -> Self;
}

impl AsU8 for NoDefault {
    fn get(&self) -> u8 {
        3
    }
    fn make(_: u8) -> Self {
        NoDefault
    }
}

mod via_u8 {
    pub type Wire = u8;
    pub fn to_wire<T: super::AsU8>(v: &T) -> u8 {
        v.get()
    }
    pub fn from_wire<T: super::AsU8>(w: u8) -> Result<T, fory_core::Error> {
        Ok(T::make(w))
    }
}

#[derive(ForyObject, Debug, PartialEq)]
struct WithGen<T: AsU8> {
    a: i32,
    #[fory(with = "via_u8")]
    t: T,
}

#[derive(ForyObject, Debug, PartialEq)]
struct AsByte {
    a: i32,
    t: u8,
}

/// A parameter used only through `with` is not bounded by the Fory
/// traits: `NoDefault` has none, and travels as the module's `u8`.
#[test]
fn a_with_field_of_a_parameter_type_asks_nothing_of_it() {
    for mut f in modes() {
        f.register::<WithGen<NoDefault>>(1).unwrap();
        let bytes = f.serialize(&WithGen { a: 1, t: NoDefault }).unwrap();
        let back: WithGen<NoDefault> = f.deserialize(&bytes).unwrap();
        assert_eq!(back.a, 1);
    }
    let mut f = Fory::builder().build();
    f.register::<WithGen<NoDefault>>(1).unwrap();
    let mut g = Fory::builder().build();
    g.register::<AsByte>(1).unwrap();
    assert_eq!(
        f.serialize(&WithGen { a: 1, t: NoDefault }).unwrap(),
        g.serialize(&AsByte { a: 1, t: 3 }).unwrap()
    );
}

#[derive(ForyObject, Debug, PartialEq)]
struct Unsized<T: ?Sized> {
    b: Box<T>,
    r: std::rc::Rc<T>,
}

#[derive(ForyObject, Debug, PartialEq)]
struct UnsizedWhere<T>
where
    T: ?Sized,
{
    b: Option<Box<T>>,
}

#[derive(ForyObject, Debug, PartialEq)]
enum UnsizedUnion<T: ?Sized> {
    B(Box<T>),
    N(i32),
}

/// A `?Sized` parameter behind a pointer bounds the field's type
/// (`Box<str>: Deserialize`), not the parameter (`str` is no Fory type).
#[test]
fn an_unsized_parameter_bounds_the_pointer_not_itself() {
    for mut f in modes() {
        f.register::<Unsized<str>>(1).unwrap();
        f.register::<UnsizedWhere<str>>(2).unwrap();
        f.register::<UnsizedUnion<str>>(3).unwrap();
        f.register::<Unsized<i64>>(4).unwrap();
        let v = Unsized::<str> {
            b: "a".into(),
            r: "b".into(),
        };
        assert_eq!(
            f.deserialize::<Unsized<str>>(&f.serialize(&v).unwrap())
                .unwrap(),
            v
        );
        let v = UnsizedWhere::<str> {
            b: Some("c".into()),
        };
        assert_eq!(
            f.deserialize::<UnsizedWhere<str>>(&f.serialize(&v).unwrap())
                .unwrap(),
            v
        );
        let v = UnsizedUnion::<str>::B("d".into());
        assert_eq!(
            f.deserialize::<UnsizedUnion<str>>(&f.serialize(&v).unwrap())
                .unwrap(),
            v
        );
        let v = Unsized::<i64> {
            b: Box::new(1),
            r: std::rc::Rc::new(2),
        };
        assert_eq!(
            f.deserialize::<Unsized<i64>>(&f.serialize(&v).unwrap())
                .unwrap(),
            v
        );
    }
}
