//! Reference tracking for derived types: shared `Rc`s, cycles through
//! `Rc<RefCell<_>>` with `Weak` back-pointers, and deep nesting.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::{Arc, Mutex};

use fory_core::{ErrorKind, Fory, ForyObject};
use fory_tests::Tracked;

#[derive(ForyObject, Debug, PartialEq)]
struct Leaf {
    name: String,
    data: Vec<f64>,
}

#[derive(ForyObject, Debug)]
struct Pair {
    a: Rc<Leaf>,
    b: Rc<Leaf>,
}

#[derive(ForyObject, Debug)]
struct Node {
    value: i32,
    children: Vec<Rc<RefCell<Node>>>,
    parent: Option<Weak<RefCell<Node>>>,
}

#[derive(ForyObject, Debug)]
struct Ring {
    id: u32,
    next: Option<Rc<RefCell<Ring>>>,
}

#[derive(ForyObject, Debug, PartialEq)]
struct Link {
    value: u32,
    next: Option<Box<Link>>,
}

fn fory(xlang: bool, ref_tracking: bool) -> Fory {
    let mut f = Fory::builder()
        .xlang(xlang)
        .ref_tracking(ref_tracking)
        .build();
    f.register::<Leaf>(1).unwrap();
    f.register::<Pair>(2).unwrap();
    f.register::<Node>(3).unwrap();
    f.register::<Ring>(4).unwrap();
    f.register::<Link>(5).unwrap();
    f
}

#[test]
fn two_rcs_of_one_value_come_back_as_one() {
    for xlang in [false, true] {
        let leaf = Rc::new(Leaf {
            name: "shared".into(),
            data: vec![1.0; 100],
        });
        let pair = Pair {
            a: leaf.clone(),
            b: leaf.clone(),
        };
        let f = fory(xlang, true);
        let mut objs = Vec::new();
        let data = f.serialize_with_callback(&pair, &mut objs).unwrap();
        // native mode: the array is offered once
        assert_eq!(objs.len(), usize::from(!xlang));
        let back: Pair = f
            .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
            .unwrap();
        assert!(Rc::ptr_eq(&back.a, &back.b));
        assert_eq!(*back.a, *leaf);
        // without ref tracking: two equal copies
        let f = fory(xlang, false);
        let back: Pair = f.deserialize(&f.serialize(&pair).unwrap()).unwrap();
        assert!(!Rc::ptr_eq(&back.a, &back.b));
        assert_eq!(back.a, back.b);
    }
}

fn tree() -> Rc<RefCell<Node>> {
    let root = Rc::new(RefCell::new(Node {
        value: 1,
        children: vec![],
        parent: None,
    }));
    for v in [2, 3] {
        let child = Rc::new(RefCell::new(Node {
            value: v,
            children: vec![],
            parent: Some(Rc::downgrade(&root)),
        }));
        root.borrow_mut().children.push(child);
    }
    root
}

#[test]
fn weak_parent_pointers_round_trip_with_ref_tracking() {
    for xlang in [false, true] {
        let f = fory(xlang, true);
        let root = tree();
        let bytes = f.serialize(&root).unwrap();
        let back: Rc<RefCell<Node>> = f.deserialize(&bytes).unwrap();
        let b = back.borrow();
        assert_eq!(b.value, 1);
        assert_eq!(b.children.len(), 2);
        for (child, v) in b.children.iter().zip([2, 3]) {
            let c = child.borrow();
            assert_eq!(c.value, v);
            let parent = c.parent.as_ref().unwrap().upgrade().expect("parent alive");
            assert!(
                Rc::ptr_eq(&parent, &back),
                "the back-pointer is the root itself"
            );
        }
    }
}

#[test]
fn strong_cycles_round_trip_with_ref_tracking_and_fail_cleanly_without() {
    let a = Rc::new(RefCell::new(Ring { id: 1, next: None }));
    let b = Rc::new(RefCell::new(Ring {
        id: 2,
        next: Some(a.clone()),
    }));
    a.borrow_mut().next = Some(b.clone());

    let f = fory(false, true);
    let bytes = f.serialize(&a).unwrap();
    let back: Rc<RefCell<Ring>> = f.deserialize(&bytes).unwrap();
    let second = back.borrow().next.clone().unwrap();
    assert_eq!(second.borrow().id, 2);
    let third = second.borrow().next.clone().unwrap();
    assert!(Rc::ptr_eq(&third, &back), "the ring closes on itself");

    // without ref tracking the cycle is infinite: a depth error, no overflow
    let f = fory(false, false);
    let err = f.serialize(&a).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DepthLimit);
    assert!(err.to_string().contains("ref_tracking(true)"), "{err}");

    // break the cycles so the test does not leak
    a.borrow_mut().next = None;
    back.borrow_mut().next = None;
}

#[test]
fn a_linked_list_100_000_long_is_a_depth_error() {
    let mut list = Link {
        value: 0,
        next: None,
    };
    for v in 1..100_000 {
        list = Link {
            value: v,
            next: Some(Box::new(list)),
        };
    }
    let f = fory(false, false);
    let err = f.serialize(&list).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::DepthLimit);
    assert!(err.to_string().contains("200"), "{err}");
    // a short one is fine
    let short = Link {
        value: 1,
        next: Some(Box::new(Link {
            value: 2,
            next: None,
        })),
    };
    assert_eq!(
        f.deserialize::<Link>(&f.serialize(&short).unwrap())
            .unwrap(),
        short
    );
    // dropping a 100,000-long Box chain recursively would overflow the test
    // thread's stack: unlink it iteratively
    let mut next = list.next.take();
    while let Some(mut node) = next {
        next = node.next.take();
    }
}

#[test]
fn mutex_and_refcell_contents_are_written_through_their_guards() {
    let f = fory(false, true);
    let shared = Arc::new(Mutex::new(vec![1u8, 2, 3]));
    let value = vec![shared.clone(), shared];
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&value, &mut objs).unwrap();
    assert_eq!(objs.len(), 1, "offered once");
    let back: Vec<Arc<Mutex<Vec<u8>>>> = f
        .deserialize_with_buffers(&data, objs.iter().map(|o| o.to_buffer()))
        .unwrap();
    assert!(Arc::ptr_eq(&back[0], &back[1]));
    assert_eq!(*back[0].lock().unwrap(), vec![1, 2, 3]);

    // a RefCell that is mutably borrowed cannot be read: an error, not a panic
    let cell = RefCell::new(5i32);
    let _guard = cell.borrow_mut();
    assert!(f.serialize(&cell).is_err());
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Item {
    id: u32,
    name: String,
    scores: Vec<i64>,
}

fn items(n: u32) -> Vec<Item> {
    (0..n)
        .map(|i| Item {
            id: i,
            name: format!("item {i}"),
            scores: (0..i % 4).map(|k| k as i64 * 1_000 - 7).collect(),
        })
        .collect()
}

fn graph_fory(xlang: bool, compatible: bool, ref_tracking: bool) -> Fory {
    let mut f = Fory::builder()
        .xlang(xlang)
        .compatible(compatible)
        .ref_tracking(ref_tracking)
        .build();
    f.register::<Item>(10).unwrap();
    f.register::<Leaf>(1).unwrap();
    f.register::<Pair>(2).unwrap();
    f
}

/// Native mode under ref tracking gives ref flags and ids only to values
/// that can be written as a back-reference (`Rc`, `Arc`, `Weak`,
/// `Bytes`): lists, maps, tuples and structs of other values are written
/// as without ref tracking, as the official Rust crate writes them. So the
/// whole stream is the untracked one; what is shared still comes back
/// shared; the tracked bytes written before this change still read; and
/// xlang mode keeps pyfory's flags on every struct and collection.
#[test]
fn native_ref_tracking_flags_only_what_can_be_shared() {
    use std::collections::BTreeMap;
    let list = items(40);
    let map: BTreeMap<String, Item> = list.iter().map(|i| (i.name.clone(), i.clone())).collect();
    let tuple = (list[3].clone(), vec![list[4].clone()], 7i64);
    for compatible in [false, true] {
        let tracked = graph_fory(false, compatible, true);
        let plain = graph_fory(false, compatible, false);
        let what = format!("compatible {compatible}");
        for bytes in [
            (tracked.serialize(&list), plain.serialize(&list)),
            (tracked.serialize(&map), plain.serialize(&map)),
            (tracked.serialize(&tuple), plain.serialize(&tuple)),
            (tracked.serialize(&list[5]), plain.serialize(&list[5])),
        ] {
            let (a, b) = (bytes.0.unwrap(), bytes.1.unwrap());
            // the stream header may say whether refs are tracked; the
            // rest is the same
            assert_eq!(a[1..], b[1..], "{what}");
        }
        assert_eq!(
            tracked
                .deserialize::<Vec<Item>>(&tracked.serialize(&list).unwrap())
                .unwrap(),
            list
        );
        // the old bytes, a flag and an id on every item, read the same
        let old: Vec<Tracked<Item>> = list.iter().cloned().map(Tracked).collect();
        let old_bytes = tracked.serialize(&old).unwrap();
        assert_ne!(old_bytes, tracked.serialize(&list).unwrap(), "{what}");
        assert_eq!(
            tracked.deserialize::<Vec<Item>>(&old_bytes).unwrap(),
            list,
            "{what}"
        );
        // sharing inside the untracked list still comes back shared
        let leaf = Rc::new(Leaf {
            name: "shared".into(),
            data: vec![0.5; 3],
        });
        let pairs: Vec<Pair> = (0..3)
            .map(|_| Pair {
                a: leaf.clone(),
                b: leaf.clone(),
            })
            .collect();
        let back: Vec<Pair> = tracked
            .deserialize(&tracked.serialize(&pairs).unwrap())
            .unwrap();
        for p in &back {
            assert!(Rc::ptr_eq(&p.a, &back[0].a) && Rc::ptr_eq(&p.b, &back[0].a));
        }
        assert_eq!(*back[0].a, *leaf);
        // and in a tuple beside an untracked struct
        let mixed = (leaf.clone(), list[1].clone(), leaf.clone());
        let back: (Rc<Leaf>, Item, Rc<Leaf>) = tracked
            .deserialize(&tracked.serialize(&mixed).unwrap())
            .unwrap();
        assert!(Rc::ptr_eq(&back.0, &back.2), "{what}");
        assert_eq!((&*back.0, &back.1), (&*leaf, &list[1]), "{what}");
    }
    // xlang mode: pyfory tracks every struct and list, and so do we
    let tracked = graph_fory(true, true, true);
    let plain = graph_fory(true, true, false);
    let a = tracked.serialize(&list).unwrap();
    assert_ne!(a[1..], plain.serialize(&list).unwrap()[1..]);
    let old: Vec<Tracked<Item>> = list.iter().cloned().map(Tracked).collect();
    assert_eq!(a, tracked.serialize(&old).unwrap());
    assert_eq!(tracked.deserialize::<Vec<Item>>(&a).unwrap(), list);
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Mark {
    v: u8,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Note {
    n: i32,
    text: String,
    tags: Vec<String>,
}

/// Xlang ref tracking gives every struct in a list a flag and a ref id
/// (as pyfory does), and the list reads them as one run: each element's
/// flag, then its data, the struct's per-value setup done once. The run
/// reads what the value-by-value path reads (`ByField`), and every flag
/// but a value's is handled as that path handles it.
#[test]
fn xlang_ref_tracked_lists_of_structs_read_as_one_run() {
    use fory_tests::ByField;
    for compatible in [false, true] {
        let what = format!("compatible {compatible}");
        let f = graph_fory(true, compatible, true);
        for n in [0, 1, 2, 7, 40] {
            let list = items(n);
            let bytes = f.serialize(&list).unwrap();
            assert_eq!(f.deserialize::<Vec<Item>>(&bytes).unwrap(), list, "{what}");
            let by_value: Vec<ByField<Item>> = f.deserialize(&bytes).unwrap();
            assert!(by_value.iter().map(|b| &b.0).eq(&list), "{what}");
            for cut in 0..bytes.len() {
                assert!(
                    f.deserialize::<Vec<Item>>(&bytes[..cut]).is_err(),
                    "{what}, {n} items cut at {cut}"
                );
            }
        }

        // shared `Rc`s inside the run's structs take the ids after their
        // struct's, and come back shared across elements
        let leaf = Rc::new(Leaf {
            name: "shared".into(),
            data: vec![1.5, -2.0],
        });
        let pairs: Vec<Pair> = (0..4)
            .map(|_| Pair {
                a: leaf.clone(),
                b: leaf.clone(),
            })
            .collect();
        let back: Vec<Pair> = f.deserialize(&f.serialize(&pairs).unwrap()).unwrap();
        assert_eq!(*back[0].a, *leaf, "{what}");
        for p in &back {
            assert!(Rc::ptr_eq(&p.a, &back[0].a), "{what}");
            assert!(Rc::ptr_eq(&p.b, &back[0].a), "{what}");
        }

        // one byte of data a struct: each element is its flag and its data
        // (and, schema-consistent, its hash before the data), at the end
        let mut f = Fory::builder()
            .xlang(true)
            .compatible(compatible)
            .ref_tracking(true)
            .build();
        f.register::<Mark>(20).unwrap();
        let marks: Vec<Mark> = (1..=4).map(|v| Mark { v }).collect();
        let bytes = f.serialize(&marks).unwrap();
        let size = bytes.len() - f.serialize(&marks[..3].to_vec()).unwrap().len();
        let at = |i: usize| bytes.len() - (4 - i) * size;
        assert_eq!(bytes[at(0)], 0x00, "{what}: a value that takes a ref id");
        assert_eq!(bytes[at(3) + size - 1], 4, "{what}");
        let read = |b: &[u8]| f.deserialize::<Vec<Mark>>(b);
        let read_by_value = |b: &[u8]| f.deserialize::<Vec<ByField<Mark>>>(b);

        // NOT_NULL: a value without a ref id reads the same
        let mut b = bytes.clone();
        b[at(1)] = 0xff;
        assert_eq!(read(&b).unwrap(), marks, "{what}");
        // NULL where a struct cannot be null: both paths fail on it
        b[at(1)] = 0xfd;
        for e in [read(&b).unwrap_err(), read_by_value(&b).unwrap_err()] {
            assert!(e.to_string().contains("null value"), "{what}: {e}");
        }
        // an unknown flag
        let mut b = bytes.clone();
        b[at(2)] = 0x05;
        assert!(read(&b).is_err() && read_by_value(&b).is_err(), "{what}");
        // a back-reference to the first element (ref id 1, the list's own
        // is 0) in place of the third: a struct cannot be shared
        let mut b = bytes[..at(2)].to_vec();
        b.extend_from_slice(&[0xfe, 0x01]);
        b.extend_from_slice(&bytes[at(3)..]);
        for e in [read(&b).unwrap_err(), read_by_value(&b).unwrap_err()] {
            assert!(e.to_string().contains("in two places"), "{what}: {e}");
        }
        // a back-reference to an id not given out yet
        b[at(2)..at(2) + 2].copy_from_slice(&[0xfe, 0x09]);
        assert!(read(&b).is_err(), "{what}");
    }
}

/// The ref table's room is kept for the next read, its contents not: once
/// a read returns, the value holds the only counts of what it shares,
/// after a failed read too.
#[test]
fn a_read_keeps_no_reference_to_what_it_shared() {
    for xlang in [false, true] {
        let f = fory(xlang, true);
        let leaf = Rc::new(Leaf {
            name: "kept".into(),
            data: vec![0.25],
        });
        let list = vec![leaf.clone(); 5];
        let bytes = f.serialize(&list).unwrap();
        for _ in 0..3 {
            let back: Vec<Rc<Leaf>> = f.deserialize(&bytes).unwrap();
            assert_eq!(Rc::strong_count(&back[0]), 5, "xlang {xlang}");
            // a read that fails after the shared value was read
            assert!(f
                .deserialize::<Vec<Rc<Leaf>>>(&bytes[..bytes.len() - 1])
                .is_err());
            assert_eq!(Rc::strong_count(&back[0]), 5, "xlang {xlang}");
        }
    }
}

/// Xlang ref tracking writes a list of structs whose fields give out no
/// ref id (numbers, strings, lists of those) as one run: the ids numbered
/// at once, each element its flag and data; the values of a map under
/// plain keys likewise. The bytes are the
/// value-by-value ones (`ByField`), and a shared `Rc` written after the
/// run is a back-reference to the right id.
#[test]
fn xlang_ref_tracked_lists_of_plain_structs_write_as_one_run() {
    use fory_core::ForyType;
    use fory_tests::ByField;
    const {
        assert!(!Mark::FORY_DATA_TAKES_REF_IDS);
        assert!(!Note::FORY_DATA_TAKES_REF_IDS);
        // an `Rc` field, and an `f64` array (which may go out of band)
        assert!(Pair::FORY_DATA_TAKES_REF_IDS);
        assert!(Leaf::FORY_DATA_TAKES_REF_IDS);
    }
    for compatible in [false, true] {
        let what = format!("compatible {compatible}");
        let mut f = graph_fory(true, compatible, true);
        f.register::<Mark>(20).unwrap();
        f.register::<Note>(21).unwrap();
        let leaf = Rc::new(Leaf {
            name: "after".into(),
            data: vec![2.5],
        });
        for n in [1, 3, 17] {
            let marks: Vec<Mark> = (0..n).map(|v| Mark { v }).collect();
            let by_value: Vec<ByField<Mark>> = marks.iter().cloned().map(ByField).collect();
            // a run, then a shared leaf, then a run of notes (whose
            // element ids come after the shared one's)
            let notes: Vec<Note> = (0..i32::from(n))
                .map(|i| Note {
                    n: i * 1_000,
                    text: format!("note {i}"),
                    tags: vec!["t".repeat(i as usize % 3); i as usize % 2],
                })
                .collect();
            let notes_by_value: Vec<ByField<Note>> = notes.iter().cloned().map(ByField).collect();
            // and a map of them (its values take the ids, in order)
            let keyed: std::collections::BTreeMap<i32, Note> =
                notes.iter().map(|x| (x.n, x.clone())).collect();
            let keyed_by_value: std::collections::BTreeMap<i32, ByField<Note>> =
                notes.iter().map(|x| (x.n, ByField(x.clone()))).collect();
            // a leaf first met after the map, then met again: its id
            // counts the map's
            let late = Rc::new(Leaf {
                name: "late".into(),
                data: vec![],
            });
            let run = (
                marks,
                leaf.clone(),
                notes,
                keyed,
                late.clone(),
                late.clone(),
                leaf.clone(),
            );
            let generic = (
                by_value,
                leaf.clone(),
                notes_by_value,
                keyed_by_value,
                late.clone(),
                late.clone(),
                leaf.clone(),
            );
            let bytes = f.serialize(&run).unwrap();
            assert_eq!(bytes, f.serialize(&generic).unwrap(), "{what}, {n}");
            type Map = std::collections::BTreeMap<i32, Note>;
            type Back = (
                Vec<Mark>,
                Rc<Leaf>,
                Vec<Note>,
                Map,
                Rc<Leaf>,
                Rc<Leaf>,
                Rc<Leaf>,
            );
            let back: Back = f.deserialize(&bytes).unwrap();
            assert_eq!(
                (&back.0, &*back.1, &back.2, &back.3, &*back.4),
                (&run.0, &*leaf, &run.2, &run.3, &*late),
                "{what}"
            );
            assert!(Rc::ptr_eq(&back.1, &back.6), "{what}");
            assert!(Rc::ptr_eq(&back.4, &back.5), "{what}");
        }
    }
}

/// A `Weak` whose target was dropped (a detached subtree's parent) has no
/// data: it is written as null, in an `Option` as bare or in a `Vec`, and
/// reads back as `None` / a dead `Weak`. `Some(None)` stays an error.
#[test]
fn a_dropped_weak_is_written_as_null() {
    for xlang in [false, true] {
        for ref_tracking in [false, true] {
            let f = fory(xlang, ref_tracking);
            let child = {
                let parent = Rc::new(RefCell::new(Node {
                    value: 1,
                    children: vec![],
                    parent: None,
                }));
                Rc::new(RefCell::new(Node {
                    value: 2,
                    children: vec![],
                    parent: Some(Rc::downgrade(&parent)),
                }))
            };
            let what = format!("xlang {xlang} ref_tracking {ref_tracking}");
            let back: Rc<RefCell<Node>> = f
                .deserialize(&f.serialize(&child).expect(&what))
                .expect(&what);
            assert_eq!(back.borrow().value, 2, "{what}");
            assert!(back.borrow().parent.is_none(), "{what}");
            let dead = child.borrow().parent.clone().unwrap();
            let many: Vec<Option<Weak<RefCell<Node>>>> = f
                .deserialize(&f.serialize(&vec![Some(dead.clone()), None]).unwrap())
                .unwrap();
            assert!(many.iter().all(Option::is_none), "{what}");
            let bare: Vec<Weak<RefCell<Node>>> =
                f.deserialize(&f.serialize(&vec![dead]).unwrap()).unwrap();
            assert_eq!(bare[0].strong_count(), 0, "{what}");
            let e = f.serialize(&Some(None::<i32>)).unwrap_err();
            assert!(e.to_string().contains("Some(None)"), "{e}");
        }
    }
}

mod no_zero {
    use super::*;

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub enum Shape {
        Circle(f64),
        Label(String),
    }

    /// A union field has no zero value, so neither has `Cyclic`.
    #[derive(ForyObject, Debug)]
    pub struct Cyclic {
        pub shape: Shape,
        pub next: Option<Rc<RefCell<Cyclic>>>,
        pub up: Option<Weak<RefCell<Cyclic>>>,
    }

    /// The same with a default for the field: the cycle reads.
    #[derive(ForyObject, Debug)]
    pub struct Fixed {
        #[fory(default = "circle")]
        pub shape: Shape,
        pub next: Option<Rc<RefCell<Fixed>>>,
        pub up: Option<Weak<RefCell<Fixed>>>,
    }

    pub fn circle() -> Shape {
        Shape::Circle(0.0)
    }
}

/// A cycle through a cell of a type with no zero value (a field of an
/// enum with data) cannot be closed; the error says why and names the
/// fix, which makes it read.
#[test]
fn a_cycle_through_a_type_without_a_zero_value_names_the_fix() {
    use no_zero::{Cyclic, Fixed, Shape};
    let mut f = Fory::builder().ref_tracking(true).build();
    f.register::<Cyclic>(10).unwrap();
    f.register::<Fixed>(11).unwrap();
    f.register::<Shape>(12).unwrap();
    let a = Rc::new(RefCell::new(Cyclic {
        shape: Shape::Circle(1.0),
        next: None,
        up: None,
    }));
    let b = Rc::new(RefCell::new(Cyclic {
        shape: Shape::Label("b".into()),
        next: None,
        up: Some(Rc::downgrade(&a)),
    }));
    a.borrow_mut().next = Some(b);
    let bytes = f.serialize(&a).unwrap();
    let e = f.deserialize::<Rc<RefCell<Cyclic>>>(&bytes).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("a Cyclic in a cell"), "{text}");
    assert!(text.contains("#[fory(default"), "{text}");

    let a = Rc::new(RefCell::new(Fixed {
        shape: Shape::Circle(1.0),
        next: None,
        up: None,
    }));
    let b = Rc::new(RefCell::new(Fixed {
        shape: Shape::Label("b".into()),
        next: None,
        up: Some(Rc::downgrade(&a)),
    }));
    a.borrow_mut().next = Some(b);
    let back: Rc<RefCell<Fixed>> = f.deserialize(&f.serialize(&a).unwrap()).unwrap();
    let next = back.borrow().next.clone().unwrap();
    assert_eq!(next.borrow().shape, Shape::Label("b".into()));
    assert!(Rc::ptr_eq(
        &next.borrow().up.as_ref().unwrap().upgrade().unwrap(),
        &back
    ));
}

/// A live `Weak` written without ref tracking would copy its target in
/// its place and read back dangling: an error on write that names the
/// setting, in both modes.
#[test]
fn a_live_weak_needs_ref_tracking() {
    for xlang in [false, true] {
        let f = fory(xlang, false);
        let root = Rc::new(RefCell::new(Node {
            value: 1,
            children: vec![],
            parent: None,
        }));
        let child = Rc::new(RefCell::new(Node {
            value: 2,
            children: vec![],
            parent: Some(Rc::downgrade(&root)),
        }));
        let e = f.serialize(&child).unwrap_err();
        assert!(e.to_string().contains("needs ref_tracking(true)"), "{e}");
        let e = f.serialize(&vec![Rc::downgrade(&root)]).unwrap_err();
        assert!(e.to_string().contains("Weak<Node>"), "{e}");
        // with it, the parent comes back
        let tracked = fory(xlang, true);
        root.borrow_mut().children.push(child);
        let back: Rc<RefCell<Node>> = tracked
            .deserialize(&tracked.serialize(&root).unwrap())
            .unwrap();
        let kid = back.borrow().children[0].clone();
        assert!(kid.borrow().parent.as_ref().unwrap().upgrade().is_some());
        root.borrow_mut().children.clear();
    }
}

/// A `Weak` field opted out of ref flags would, under ref tracking, copy
/// its target in its place and read back pointing at nothing: an error on
/// write naming the attribute. A dropped one is still a null.
#[test]
fn a_weak_field_without_ref_flags_is_refused_when_live() {
    #[derive(ForyObject, Debug)]
    struct Loose {
        value: i32,
        children: Vec<Rc<RefCell<Loose>>>,
        #[fory(track_ref = false)]
        parent: Option<Weak<RefCell<Loose>>>,
    }
    for xlang in [false, true] {
        let mut f = Fory::builder().xlang(xlang).ref_tracking(true).build();
        f.register::<Loose>(9).unwrap();
        let root = Rc::new(RefCell::new(Loose {
            value: 1,
            children: vec![],
            parent: None,
        }));
        let child = Rc::new(RefCell::new(Loose {
            value: 2,
            children: vec![],
            parent: Some(Rc::downgrade(&root)),
        }));
        root.borrow_mut().children.push(child.clone());
        let e = f.serialize(&root).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported, "{e}");
        assert!(e.to_string().contains("track_ref = false"), "{e}");
        assert!(e.to_string().contains("Weak<"), "{e}");
        // a dropped parent is null, as with ref flags
        let orphan = Rc::new(RefCell::new(Loose {
            value: 3,
            children: vec![],
            parent: Some(Weak::new()),
        }));
        let back: Rc<RefCell<Loose>> = f.deserialize(&f.serialize(&orphan).unwrap()).unwrap();
        assert_eq!(back.borrow().value, 3);
        assert!(back.borrow().parent.is_none());
        root.borrow_mut().children.clear();
    }
}
