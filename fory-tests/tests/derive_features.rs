//! Attributes, generics, the registry and strict mode.

use std::collections::BTreeMap;

use bytes::Bytes;
use fory_core::buffers::BufferObject;
use fory_core::{ErrorKind, Fory, ForyObject};

#[derive(ForyObject, Debug, PartialEq, Default)]
struct Cache {
    entries: Vec<u32>,
}

#[derive(ForyObject, Debug, PartialEq)]
struct Attributed {
    #[fory(rename = "userName")]
    user_name: String,
    #[fory(skip)]
    cache: Cache,
    #[fory(default)]
    retries: u8,
    #[fory(nullable)]
    note: Option<String>,
    #[fory(track_ref = false)]
    shared: std::rc::Rc<String>,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Pair<K, V> {
    key: K,
    value: V,
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Tuple(u8, String, Option<i64>);

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Marker;

#[derive(ForyObject, Debug, PartialEq, Clone)]
enum Event {
    Started,
    Progress(f64),
    Moved { dx: i32, dy: i32 },
    Named(String, Vec<u8>),
}

#[derive(ForyObject, Debug, PartialEq, Clone)]
struct Frame {
    id: u64,
    label: String,
    samples: Vec<f64>,
    raw: Bytes,
}

fn all_modes() -> Vec<Fory> {
    let mut v = Vec::new();
    for xlang in [false, true] {
        for compatible in [false, true] {
            for ref_tracking in [false, true] {
                v.push(
                    Fory::builder()
                        .xlang(xlang)
                        .compatible(compatible)
                        .ref_tracking(ref_tracking)
                        .build(),
                );
            }
        }
    }
    v
}

#[test]
fn attributes_skip_rename_default() {
    for mut f in all_modes() {
        f.register::<Attributed>(1).unwrap();
        f.register::<Cache>(2).unwrap();
        let v = Attributed {
            user_name: "ann".into(),
            cache: Cache {
                entries: vec![1, 2, 3],
            },
            retries: 3,
            note: None,
            shared: "s".to_string().into(),
        };
        let bytes = f.serialize(&v).unwrap();
        // the renamed field's wire name is used, the skipped one is absent
        if f.config().compatible() {
            assert!(
                bytes.windows(2).all(|w| w != b"ca"),
                "skipped field's name written"
            );
        }
        let back: Attributed = f.deserialize(&bytes).unwrap();
        assert_eq!(back.user_name, "ann");
        assert_eq!(back.cache, Cache::default(), "skipped: filled with Default");
        assert_eq!(back.retries, 3);
        assert_eq!(back.note, None);
        assert_eq!(*back.shared, "s");
    }
}

#[test]
fn generics_tuple_unit_and_union_shapes() {
    for mut f in all_modes() {
        f.register::<Pair<String, Vec<i32>>>(10).unwrap();
        f.register::<Pair<u8, Option<Tuple>>>(11).unwrap();
        f.register::<Tuple>(12).unwrap();
        f.register::<Marker>(13).unwrap();
        f.register::<Event>(14).unwrap();
        let p = Pair {
            key: "k".to_string(),
            value: vec![1, -2, 3],
        };
        assert_eq!(
            f.deserialize::<Pair<String, Vec<i32>>>(&f.serialize(&p).unwrap())
                .unwrap(),
            p
        );
        let q = Pair {
            key: 7u8,
            value: Some(Tuple(1, "x".into(), None)),
        };
        assert_eq!(
            f.deserialize::<Pair<u8, Option<Tuple>>>(&f.serialize(&q).unwrap())
                .unwrap(),
            q
        );
        assert_eq!(
            f.deserialize::<Marker>(&f.serialize(&Marker).unwrap())
                .unwrap(),
            Marker
        );
        let events = vec![
            Event::Started,
            Event::Progress(0.5),
            Event::Moved { dx: -1, dy: 2 },
            Event::Named("n".into(), vec![1, 2]),
        ];
        let bytes = f.serialize(&events).unwrap();
        assert_eq!(f.deserialize::<Vec<Event>>(&bytes).unwrap(), events);
        let mut map = BTreeMap::new();
        map.insert("e".to_string(), Event::Progress(1.0));
        let bytes = f.serialize(&map).unwrap();
        assert_eq!(
            f.deserialize::<BTreeMap<String, Event>>(&bytes).unwrap(),
            map
        );
    }
}

#[test]
fn a_struct_with_two_large_fields_offers_two_buffers() {
    for mut f in all_modes() {
        f.register::<Frame>(100).unwrap();
        let frame = Frame {
            id: 7,
            label: "frame".into(),
            samples: (0..1000).map(f64::from).collect(),
            raw: Bytes::from(vec![9u8; 4096]),
        };
        let mut objs: Vec<BufferObject> = Vec::new();
        let data = f.serialize_with_callback(&frame, &mut objs).unwrap();
        // native mode: both; xlang: only the binary (arrays stay in-band)
        let expected = if f.config().xlang() { 1 } else { 2 };
        assert_eq!(objs.len(), expected, "xlang={}", f.config().xlang());
        let back: Frame = f
            .deserialize_with_buffers(&data, objs.iter().map(|b| b.to_buffer()))
            .unwrap();
        assert_eq!(back, frame);
        // the binary field reads back pointing into its Bytes buffer
        let given: Vec<Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
        let back: Frame = f.deserialize_with_buffers(&data, given.clone()).unwrap();
        let raw_index = objs
            .iter()
            .position(|b| b.kind() == fory_core::buffers::BufferKind::Binary)
            .unwrap();
        assert_eq!(back.raw.as_ptr(), given[raw_index].as_ptr());
    }
}

#[test]
fn registry_rejects_duplicates() {
    let mut f = Fory::builder().build();
    f.register::<Frame>(100).unwrap();
    let e = f.register::<Frame>(101).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Registry);
    assert!(e.to_string().contains("already registered"), "{e}");
    let e = f.register::<Marker>(100).unwrap_err();
    assert!(e.to_string().contains("by id 100"), "{e}");
    f.register_by_name::<Marker>("app", "Marker").unwrap();
    let e = f.register_by_name::<Tuple>("app", "Marker").unwrap_err();
    assert!(e.to_string().contains("Marker"), "{e}");
}

/// In xlang mode `u32::MAX` is the spec's "no user type id", which pyfory
/// refuses to register: so does this crate, there; `u32::MAX - 1` is the
/// largest id, and native mode keeps every id.
#[test]
fn the_largest_xlang_id_is_u32_max_minus_one() {
    let mut x = Fory::builder().xlang(true).build();
    let e = x.register::<Frame>(u32::MAX).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Registry);
    assert!(e.to_string().contains("no user type id"), "{e}");
    x.register::<Frame>(u32::MAX - 1).unwrap();
    let v = Frame {
        id: 7,
        label: "f".into(),
        samples: vec![0.5],
        raw: Bytes::from_static(b"r"),
    };
    assert_eq!(
        x.deserialize::<Frame>(&x.serialize(&v).unwrap()).unwrap(),
        v
    );
    let mut n = Fory::builder().build();
    n.register::<Frame>(u32::MAX).unwrap();
    assert_eq!(
        n.deserialize::<Frame>(&n.serialize(&v).unwrap()).unwrap(),
        v
    );
}

#[test]
fn strict_mode_requires_registration_both_ways() {
    let strict = Fory::builder().build();
    let e = strict.serialize(&Marker).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Registry);
    assert!(e.to_string().contains("Marker is not registered"), "{e}");

    // strict(false): a default name from the Rust path, stable across runs
    let lax = Fory::builder().strict(false).build();
    let bytes = lax.serialize(&Marker).unwrap();
    assert_eq!(lax.deserialize::<Marker>(&bytes).unwrap(), Marker);
    let e = strict.deserialize::<Marker>(&bytes).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnknownType, "{e}");
    let (ns, name) = <Pair<u8, String> as fory_core::object::UserType>::fory_default_name();
    assert_eq!(ns, "derive_features");
    assert_eq!(name, "Pair<u8, alloc::string::String>");

    // a different type under the same id is a type mismatch, not garbage
    let mut a = Fory::builder().build();
    a.register::<Marker>(5).unwrap();
    let mut b = Fory::builder().build();
    b.register::<Tuple>(5).unwrap();
    b.register::<Marker>(6).unwrap();
    let e = b
        .deserialize::<Marker>(&a.serialize(&Marker).unwrap())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::TypeMismatch, "{e}");
}

mod reexport {
    pub use fory_core as fory;
}

#[derive(ForyObject, Debug, PartialEq)]
#[fory(crate = "crate::reexport::fory")]
struct ThroughReexport {
    v: i32,
}

#[test]
fn the_crate_path_attribute_is_honoured() {
    let mut f = Fory::builder().build();
    f.register::<ThroughReexport>(1).unwrap();
    let v = ThroughReexport { v: -4 };
    assert_eq!(
        f.deserialize::<ThroughReexport>(&f.serialize(&v).unwrap())
            .unwrap(),
        v
    );
}

#[test]
fn the_entry_points_can_be_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Fory>();
    send_sync::<fory_core::Error>();
    send_sync::<BufferObject<'static>>();
    send_sync::<fory_core::buffers::BufferView<'static>>();
    send_sync::<fory_core::buffers::SharedArray<f64>>();
    send_sync::<fory_core::buffers::frame::Frame>();
    // one registered Fory serving several threads
    let mut f = Fory::builder().build();
    f.register::<Frame>(100).unwrap();
    let f = std::sync::Arc::new(f);
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let f = f.clone();
            std::thread::spawn(move || {
                let frame = Frame {
                    id: i,
                    label: "t".into(),
                    samples: vec![i as f64; 10],
                    raw: Bytes::new(),
                };
                let back: Frame = f.deserialize(&f.serialize(&frame).unwrap()).unwrap();
                assert_eq!(back, frame);
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

/// Under `strict(false)`, a name is one type's: registering a type by an
/// unregistered type's implicit name, before or after that type was used,
/// is refused, so neither is read as the other (the second read Marker's
/// bytes as Tuple with no error).
#[test]
fn an_implicit_name_is_not_taken_by_another_type() {
    let (ns, name) = <Marker as fory_core::object::UserType>::fory_default_name();
    // registered first: the unregistered type's use is refused
    let mut f = Fory::builder().strict(false).build();
    f.register_by_name::<Tuple>(&ns, &name).unwrap();
    let e = f.serialize(&Marker).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Registry, "{e}");
    assert!(e.to_string().contains("Marker is not registered"), "{e}");
    assert!(e.to_string().contains("Tuple"), "{e}");
    // Tuple itself still works under the name
    let t = Tuple(1, "a".into(), Some(2));
    assert_eq!(
        f.deserialize::<Tuple>(&f.serialize(&t).unwrap()).unwrap(),
        t
    );
    // used first: the registration is refused
    let mut f = Fory::builder().strict(false).build();
    let bytes = f.serialize(&Marker).unwrap();
    let e = f.register_by_name::<Tuple>(&ns, &name).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Registry, "{e}");
    assert!(e.to_string().contains("Marker"), "{e}");
    assert_eq!(f.deserialize::<Marker>(&bytes).unwrap(), Marker);
    // Marker may take its own implicit name explicitly
    f.register_by_name::<Marker>(&ns, &name).unwrap();
    assert_eq!(f.deserialize::<Marker>(&bytes).unwrap(), Marker);
}
