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
