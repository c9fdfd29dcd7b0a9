//! The struct path's wire details and caches: native strings, the
//! per-stream schema hash, TypeDefs decoded once per `Fory`, read plans
//! for evolved schemas, and hostile TypeDefs that must not poison a cache.

use fory_core::Fory;

fn native() -> Fory {
    Fory::builder().xlang(false).build()
}

#[test]
fn native_strings_are_utf8_as_is() {
    let fory = native();
    for s in [
        "",
        "ascii",
        "café",
        "日本語",
        "emoji 🦀",
        "\u{0}\u{7f}\u{80}\u{ff}",
    ] {
        let bytes = fory.serialize(&s.to_string()).unwrap();
        // header, NOT_NULL flag, STRING, then varuint64(len << 2 | 2)
        assert_eq!(bytes[3] & 3, 2, "{s:?} is written as UTF-8");
        assert_eq!(&bytes[bytes.len() - s.len()..], s.as_bytes());
        assert_eq!(fory.deserialize::<String>(&bytes).unwrap(), s);
    }
}

#[test]
fn xlang_strings_keep_pyfory_encodings() {
    let fory = Fory::builder().xlang(true).build();
    for (s, enc) in [("ascii", 0u8), ("café", 0), ("日本語", 1), ("🦀", 2)] {
        let bytes = fory.serialize(&s.to_string()).unwrap();
        assert_eq!(bytes[3] & 3, enc, "{s:?}");
        assert_eq!(fory.deserialize::<String>(&bytes).unwrap(), s);
        // a native reader reads every encoding too (same layout, other header)
        let mut native_bytes = bytes.clone();
        native_bytes[0] = 0;
        assert_eq!(native().deserialize::<String>(&native_bytes).unwrap(), s);
    }
}

#[test]
fn long_strings_keep_their_encodings_in_both_modes() {
    // Past 64 bytes the write's ASCII check is a second pass over the
    // copy, made in xlang mode only: there a wide char anywhere still
    // picks pyfory's encoding, alone, in a list and in a struct's run;
    // native mode writes UTF-8 as it is.
    let xlang = Fory::builder().xlang(true).build();
    for n in [60, 63, 64, 65, 100, 300] {
        for (wide, enc) in [("", 0u8), ("é", 0), ("\u{2019}", 1), ("🦀", 2)] {
            for at in [0, n / 2, n] {
                let s = format!("{}{wide}{}", "a".repeat(at), "z".repeat(n - at));
                let bytes = xlang.serialize(&s).unwrap();
                assert_eq!(bytes[3] & 3, enc, "{n} {wide:?} at {at}");
                assert_eq!(xlang.deserialize::<String>(&bytes).unwrap(), s);
                let list = vec![s.clone(), "x".to_string(), s.clone()];
                let back: Vec<String> =
                    xlang.deserialize(&xlang.serialize(&list).unwrap()).unwrap();
                assert_eq!(back, list);
                let native_bytes = native().serialize(&s).unwrap();
                assert_eq!(native_bytes[3] & 3, 2, "{n} {wide:?} at {at}: UTF-8");
                assert_eq!(&native_bytes[native_bytes.len() - s.len()..], s.as_bytes());
            }
        }
    }
}

#[test]
fn latin1_strings_decode_exactly() {
    // every Latin-1 byte, written by hand as a LATIN1 string
    let fory = native();
    let latin1: Vec<u8> = (0..=255u8).collect();
    let mut bytes = vec![0x00, 0xff, 21];
    let header = (latin1.len() as u64) << 2;
    bytes.extend([(header as u8) | 0x80, (header >> 7) as u8]);
    bytes.extend(&latin1);
    let s: String = fory.deserialize(&bytes).unwrap();
    let expected: String = latin1.iter().map(|&b| b as char).collect();
    assert_eq!(s, expected);
}

#[test]
fn serialize_reuses_a_size_hint_without_changing_bytes() {
    let fory = native();
    let small = vec!["a".to_string(); 3];
    let large: Vec<String> = (0..500).map(|i| format!("value {i}")).collect();
    let a = fory.serialize(&small).unwrap();
    let b = fory.serialize(&large).unwrap();
    let c = fory.serialize(&small).unwrap();
    assert_eq!(a, c);
    assert_eq!(fory.deserialize::<Vec<String>>(&b).unwrap(), large);
}

/// A message of 900 to 1,016 bytes is given at most 1,032 bytes (glibc's
/// per-thread cache limit), not its length and an eighth more, and still
/// written with no regrowth; one a little larger keeps the eighth.
#[test]
fn size_hints_near_a_kilobyte_stay_within_the_allocator_cache() {
    for n in [900usize, 950, 1000, 1016, 1017, 1100] {
        let fory = native();
        let value = vec![b'x'; n - 4];
        let first = fory.serialize(&value).unwrap();
        let len = first.len();
        let second = fory.serialize(&value).unwrap();
        assert_eq!(first, second, "{n}");
        let cap = second.capacity();
        assert!(cap >= len + 16, "{n}: capacity {cap} for {len} bytes");
        if len + 16 <= 1032 {
            assert!(cap <= 1032, "{n}: capacity {cap} for {len} bytes");
        } else {
            assert!(cap >= len + len / 8, "{n}: capacity {cap} for {len} bytes");
        }
    }
}

// ----- the compile-time field order -----

mod order {
    use std::collections::HashMap;

    use fory_core::ForyObject;

    #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
    pub struct Inner {
        pub x: i32,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
    #[allow(non_snake_case)]
    pub struct Wide {
        pub zeta: String,
        pub alpha: i64,
        pub beta: i32,
        pub flag: bool,
        pub small: i8,
        pub mid: i16,
        pub ratio: f32,
        pub total: f64,
        pub unsigned: u64,
        pub byte: u8,
        pub maybe_int: Option<i32>,
        pub maybe_float: Option<f64>,
        pub maybe_text: Option<String>,
        pub userName: String,
        pub user_age: i32,
        pub HTTPServer: String,
        pub list: Vec<String>,
        pub nums: Vec<i32>,
        pub map: HashMap<String, i64>,
        pub inner: Inner,
        pub maybe_inner: Option<Inner>,
        #[fory(rename = "aaa_renamed")]
        pub renamed: i32,
        #[fory(nullable = true)]
        pub forced_nullable: i64,
        #[fory(skip)]
        pub skipped: i32,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
    pub struct Pair<T> {
        pub second: T,
        pub first: i32,
    }
}

fn runtime_order<T: fory_core::object::UserType>() -> Vec<usize> {
    fory_core::object::StructSchema::new(T::fory_fields()).order
}

#[test]
fn the_compile_time_field_order_is_the_runtime_sort() {
    use fory_core::object::UserType;
    assert_eq!(
        order::Wide::FORY_FIELD_ORDER,
        runtime_order::<order::Wide>()
    );
    assert_eq!(
        order::Inner::FORY_FIELD_ORDER,
        runtime_order::<order::Inner>()
    );
    // generic structs: the order depends on the type argument
    assert_eq!(
        order::Pair::<i64>::FORY_FIELD_ORDER,
        runtime_order::<order::Pair<i64>>()
    );
    assert_eq!(
        order::Pair::<String>::FORY_FIELD_ORDER,
        runtime_order::<order::Pair<String>>()
    );
    assert_ne!(
        order::Pair::<i64>::FORY_FIELD_ORDER,
        order::Pair::<String>::FORY_FIELD_ORDER,
        "an i64 sorts before i32 as a primitive; a String after it"
    );
}

#[test]
fn wide_structs_round_trip_in_every_configuration() {
    let value = order::Wide {
        zeta: "z".into(),
        alpha: -5,
        beta: 7,
        flag: true,
        small: -1,
        mid: 300,
        ratio: 1.5,
        total: 2.25,
        unsigned: u64::MAX,
        byte: 200,
        maybe_int: Some(3),
        maybe_float: None,
        maybe_text: Some("t".into()),
        userName: "u".into(),
        user_age: 40,
        HTTPServer: "h".into(),
        list: vec!["a".into(), "b".into()],
        nums: vec![1, 2, 3],
        map: [("k".to_string(), 9i64)].into(),
        inner: order::Inner { x: 1 },
        maybe_inner: Some(order::Inner { x: 2 }),
        renamed: 11,
        forced_nullable: 12,
        skipped: 99,
    };
    for xlang in [false, true] {
        for compatible in [false, true] {
            let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
            fory.register::<order::Inner>(1).unwrap();
            fory.register::<order::Wide>(2).unwrap();
            let bytes = fory.serialize(&value).unwrap();
            let back: order::Wide = fory.deserialize(&bytes).unwrap();
            assert_eq!(
                back,
                order::Wide {
                    skipped: 0,
                    ..value.clone()
                },
                "xlang {xlang} compatible {compatible}"
            );
        }
    }
}

// A struct written by a macro_rules! macro (derive hygiene), wider than the
// derive's unrolled limit, so its fields go through the loop form.
macro_rules! wide_struct {
    ($name:ident { $($field:ident),* }) => {
        #[derive(fory_core::ForyObject, Debug, PartialEq, Clone, Default)]
        pub struct $name {
            $(pub $field: i64,)*
            pub label: String,
            // fields that are not plain: written after the plain run
            pub maybe: Option<order::Inner>,
            pub texts: Vec<Option<String>>,
        }
    };
}

wide_struct!(Thirty {
    f00,
    f01,
    f02,
    f03,
    f04,
    f05,
    f06,
    f07,
    f08,
    f09,
    f10,
    f11,
    f12,
    f13,
    f14,
    f15,
    f16,
    f17,
    f18,
    f19,
    f20,
    f21,
    f22,
    f23,
    f24,
    f25,
    f26,
    f27,
    f28,
    f29
});

#[test]
fn a_macro_generated_struct_wider_than_the_unroll_limit_round_trips() {
    use fory_core::object::UserType;
    assert_eq!(Thirty::FORY_FIELD_ORDER, runtime_order::<Thirty>());
    let value = Thirty {
        f00: 1,
        f17: -17,
        f29: 29,
        label: "thirty".into(),
        maybe: Some(order::Inner { x: -3 }),
        texts: vec![Some("a".into()), None, Some("Zoë".into())],
        ..Default::default()
    };
    let wide = Thirty {
        f05: i64::MIN,
        f28: i64::MAX,
        maybe: None,
        texts: Vec::new(),
        ..value.clone()
    };
    for xlang in [false, true] {
        for compatible in [false, true] {
            let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
            fory.register::<order::Inner>(29).unwrap();
            fory.register::<Thirty>(30).unwrap();
            for v in [&value, &wide] {
                let bytes = fory.serialize(v).unwrap();
                assert_eq!(&fory.deserialize::<Thirty>(&bytes).unwrap(), v);
                // and in a list, where the schema hash is written once
                let list = vec![v.clone(), wide.clone(), v.clone()];
                let bytes = fory.serialize(&list).unwrap();
                assert_eq!(fory.deserialize::<Vec<Thirty>>(&bytes).unwrap(), list);
                for cut in 0..bytes.len() {
                    assert!(fory.deserialize::<Vec<Thirty>>(&bytes[..cut]).is_err());
                }
            }
        }
    }
}

// ----- peer TypeDefs: read plans and the cache -----

mod evolve {
    use fory_core::ForyObject;

    pub mod before {
        use super::*;
        #[derive(ForyObject, Debug, PartialEq, Clone)]
        pub struct Rec {
            pub id: i64,
            pub score: i32,
            pub name: String,
            pub tags: Vec<String>,
        }
    }

    pub mod after {
        use super::*;
        #[derive(ForyObject, Debug, PartialEq, Clone)]
        pub struct Rec {
            pub id: i64,
            // was an i32: a String cannot read it, so it is skipped
            pub score: String,
            pub name: String,
            // was a list of strings: the element type changed
            pub tags: Vec<i64>,
            // new
            pub extra: Option<bool>,
        }
    }
}

fn compatible_pair() -> (Fory, Fory) {
    let mut w = Fory::builder().compatible(true).build();
    w.register::<evolve::before::Rec>(7).unwrap();
    let mut r = Fory::builder().compatible(true).build();
    r.register::<evolve::after::Rec>(7).unwrap();
    (w, r)
}

fn before() -> evolve::before::Rec {
    evolve::before::Rec {
        id: 42,
        score: 99,
        name: "n".into(),
        tags: vec!["a".into(), "b".into()],
    }
}

#[test]
fn a_field_whose_type_changed_is_skipped_not_reinterpreted() {
    let (w, r) = compatible_pair();
    let bytes = w.serialize(&before()).unwrap();
    for _ in 0..3 {
        // the same TypeDef again and again: decoded once, planned once
        let back: evolve::after::Rec = r.deserialize(&bytes).unwrap();
        assert_eq!(
            back,
            evolve::after::Rec {
                id: 42,
                score: String::new(),
                name: "n".into(),
                tags: Vec::new(),
                extra: None,
            }
        );
    }
    // and a list of them, with the TypeDef once in the stream
    let many = vec![before(); 5];
    let bytes = w.serialize(&many).unwrap();
    let back: Vec<evolve::after::Rec> = r.deserialize(&bytes).unwrap();
    assert_eq!(back.len(), 5);
    assert!(back.iter().all(|b| b.id == 42 && b.name == "n"));
}

#[test]
fn a_remembered_typedef_resolution_is_used_only_for_its_own_type() {
    let (w, mut r) = compatible_pair();
    r.register::<plain::Generic<u64>>(8).unwrap();
    let bytes = w.serialize(&before()).unwrap();
    for _ in 0..3 {
        // resolved for after::Rec and remembered by the pooled read state
        let back: evolve::after::Rec = r.deserialize(&bytes).unwrap();
        assert_eq!(back.id, 42);
        // the same bytes read as another registered struct: still checked
        let err = r.deserialize::<plain::Generic<u64>>(&bytes).unwrap_err();
        assert!(err.to_string().contains("Rec"), "{err}");
    }
    let back: evolve::after::Rec = r.deserialize(&bytes).unwrap();
    assert_eq!(back.name, "n");
}

#[test]
fn a_forged_typedef_does_not_poison_later_reads() {
    let (w, r) = compatible_pair();
    let good = w.serialize(&before()).unwrap();
    assert!(r.deserialize::<evolve::after::Rec>(&good).is_ok());
    // flip every byte of the TypeDef region in turn: each forged stream is
    // an error or a value, never a panic; the good stream still reads
    let typedef_at = good.len() - 40;
    for i in 4..typedef_at {
        let mut forged = good.clone();
        forged[i] ^= 0x5a;
        let _ = r.deserialize::<evolve::after::Rec>(&forged);
    }
    let back: evolve::after::Rec = r.deserialize(&good).unwrap();
    assert_eq!(back.id, 42);
    // a TypeDef claiming another registered layout under the same id is
    // read along its own plan, and the original still reads afterwards
    let mut other = Fory::builder().compatible(true).build();
    other.register::<evolve::after::Rec>(7).unwrap();
    let after_bytes = other
        .serialize(&evolve::after::Rec {
            id: 1,
            score: "s".into(),
            name: "m".into(),
            tags: vec![3],
            extra: Some(true),
        })
        .unwrap();
    assert_eq!(
        r.deserialize::<evolve::after::Rec>(&after_bytes)
            .unwrap()
            .score,
        "s"
    );
    assert_eq!(
        r.deserialize::<evolve::after::Rec>(&good).unwrap().score,
        ""
    );
}

/// A pooled read state takes a message's TypeDef from the previous
/// message's when the bytes at the same place are the same (one pass, no
/// re-resolution). Messages of two layouts under one type id, and a list
/// of them (the TypeDef once, then back-references), alternate on one
/// reader: each is read along its own TypeDef, whichever came before.
#[test]
fn alternating_typedefs_at_the_same_place_each_read_along_their_own() {
    let (w, r) = compatible_pair();
    let mut other = Fory::builder().compatible(true).build();
    other.register::<evolve::after::Rec>(7).unwrap();
    let after_value = evolve::after::Rec {
        id: 1,
        score: "s".into(),
        name: "m".into(),
        tags: vec![3],
        extra: Some(true),
    };
    let old = w.serialize(&before()).unwrap();
    let new = other.serialize(&after_value).unwrap();
    let old_list = w.serialize(&vec![before(); 3]).unwrap();
    let new_list = other.serialize(&vec![after_value.clone(); 3]).unwrap();
    let as_old = |b: &evolve::after::Rec| b.id == 42 && b.score.is_empty() && b.name == "n";
    for round in 0..4 {
        for (bytes, is_new) in [
            (&old, false),
            (&old, false),
            (&new, true),
            (&new, true),
            (&old, false),
        ] {
            let back: evolve::after::Rec = r.deserialize(bytes).unwrap();
            if is_new {
                assert_eq!(back, after_value, "round {round}");
            } else {
                assert!(as_old(&back), "round {round}: {back:?}");
            }
        }
        for (bytes, is_new) in [(&old_list, false), (&new_list, true), (&new_list, true)] {
            let back: Vec<evolve::after::Rec> = r.deserialize(bytes).unwrap();
            assert_eq!(back.len(), 3);
            for b in &back {
                if is_new {
                    assert_eq!(*b, after_value, "round {round}");
                } else {
                    assert!(as_old(b), "round {round}: {b:?}");
                }
            }
        }
        // the TypeDef's bytes cut short where the last message had it
        // whole: an error, and the next good message still reads
        assert!(r
            .deserialize::<evolve::after::Rec>(&new[..new.len() - 5])
            .is_err());
        assert!(r.deserialize::<evolve::after::Rec>(&old[..12]).is_err());
    }
}

/// A struct's compatible-mode type info that repeats the previous
/// stream's at the same place (type id, marker and TypeDef, byte for byte)
/// is taken with one compare. So a reader that has just read a message
/// must read any variant of it (one byte changed anywhere, the message cut
/// anywhere) as a fresh reader does, and then the message again; in both
/// modes, with the nested struct registered by id and by name.
#[test]
fn a_warm_reader_reads_every_variant_of_a_message_as_a_fresh_one() {
    for xlang in [false, true] {
        for by_name in [false, true] {
            let make = || {
                let mut f = Fory::builder().xlang(xlang).compatible(true).build();
                if by_name {
                    f.register_by_name::<small::Sample>("app", "Sample")
                        .unwrap();
                } else {
                    f.register::<small::Sample>(21).unwrap();
                }
                f.register::<small::Holder>(22).unwrap();
                f
            };
            let value = small::Holder {
                first: samples(1).remove(0),
                rest: samples(2),
                last: samples(3).pop(),
            };
            let bytes = make().serialize(&value).unwrap();
            let warm = make();
            let mut variants: Vec<Vec<u8>> =
                (0..bytes.len()).map(|n| bytes[..n].to_vec()).collect();
            for i in 0..bytes.len() {
                for flip in [0x01, 0x80] {
                    let mut b = bytes.clone();
                    b[i] ^= flip;
                    variants.push(b);
                }
            }
            for v in &variants {
                // (compared as text: a changed byte may make a NaN)
                let show = |r: fory_core::Result<small::Holder>| r.map(|h| format!("{h:?}")).ok();
                assert_eq!(warm.deserialize::<small::Holder>(&bytes).unwrap(), value);
                assert_eq!(
                    show(warm.deserialize(v)),
                    show(make().deserialize(v)),
                    "xlang {xlang}, by name {by_name}: {v:?}"
                );
            }
            assert_eq!(warm.deserialize::<small::Holder>(&bytes).unwrap(), value);
        }
    }
}

// ----- the native schema hash: once per type per stream -----

mod small {
    use fory_core::ForyObject;
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Sample {
        pub a: i32,
        pub b: i64,
        pub c: f64,
        pub name: String,
    }
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Holder {
        pub first: Sample,
        pub rest: Vec<Sample>,
        pub last: Option<Sample>,
    }
}

fn samples(n: usize) -> Vec<small::Sample> {
    (0..n)
        .map(|i| small::Sample {
            a: i as i32,
            b: -(i as i64),
            c: i as f64 / 2.0,
            name: format!("s{i}"),
        })
        .collect()
}

fn schema_fory(xlang: bool) -> Fory {
    let mut fory = Fory::builder().xlang(xlang).compatible(false).build();
    fory.register::<small::Sample>(1).unwrap();
    fory.register::<small::Holder>(2).unwrap();
    fory
}

#[test]
fn native_writes_the_schema_hash_once_per_type_per_stream() {
    let native = schema_fory(false);
    let xlang = schema_fory(true);
    let n1 = native.serialize(&samples(1)).unwrap().len();
    let n1000 = native.serialize(&samples(1000)).unwrap().len();
    let x1 = xlang.serialize(&samples(1)).unwrap().len();
    let x1000 = xlang.serialize(&samples(1000)).unwrap().len();
    // xlang repeats the 4-byte hash per element; native does not
    let native_per_element = (n1000 - n1) as f64 / 999.0;
    let xlang_per_element = (x1000 - x1) as f64 / 999.0;
    assert!(
        (xlang_per_element - native_per_element - 4.0).abs() < 0.6,
        "native {native_per_element:.2} vs xlang {xlang_per_element:.2} bytes per element"
    );
    let value = samples(1000);
    let bytes = native.serialize(&value).unwrap();
    assert_eq!(
        native.deserialize::<Vec<small::Sample>>(&bytes).unwrap(),
        value
    );
}

#[test]
fn the_once_per_stream_hash_survives_nesting_and_is_still_checked() {
    let native = schema_fory(false);
    let holder = small::Holder {
        first: samples(1)[0].clone(),
        rest: samples(3),
        last: Some(samples(2)[1].clone()),
    };
    let bytes = native.serialize(&holder).unwrap();
    assert_eq!(native.deserialize::<small::Holder>(&bytes).unwrap(), holder);
    // a reader whose Sample has another schema fails at its first value
    mod other {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug)]
        pub struct Sample {
            pub a: i32,
        }
        #[derive(ForyObject, Debug)]
        pub struct Holder {
            pub first: Sample,
            pub rest: Vec<Sample>,
            pub last: Option<Sample>,
        }
    }
    let mut reader = Fory::builder().compatible(false).build();
    reader.register::<other::Sample>(1).unwrap();
    reader.register::<other::Holder>(2).unwrap();
    let err = reader.deserialize::<other::Holder>(&bytes).unwrap_err();
    assert!(err.to_string().contains("schema hash"), "{err}");
    // every truncation is an error, never a panic
    for cut in 0..bytes.len() {
        assert!(native.deserialize::<small::Holder>(&bytes[..cut]).is_err());
    }
}

// ----- per-Fory pooled state: nothing of one stream leaks into the next -----

/// Every configuration, with both test structs registered.
fn all_configs() -> Vec<Fory> {
    let mut out = Vec::new();
    for xlang in [false, true] {
        for compatible in [false, true] {
            let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
            f.register::<small::Sample>(1).unwrap();
            f.register::<small::Holder>(2).unwrap();
            out.push(f);
        }
    }
    out
}

/// Each `Fory` keeps its states between calls, the first one used on a
/// thread in that thread's slot: instances interleaved on one thread (with
/// other registrations, clones, one dropped, one registering after use)
/// must each write and read as a fresh instance of their own would.
#[test]
fn interleaved_instances_on_one_thread_keep_their_own_state() {
    let holder = small::Holder {
        first: samples(1)[0].clone(),
        rest: samples(3),
        last: Some(samples(2)[1].clone()),
    };
    let configs = all_configs();
    // the same types under other ids: other type info on the wire
    let mut swapped = Fory::builder().compatible(true).build();
    swapped.register::<small::Sample>(2).unwrap();
    swapped.register::<small::Holder>(1).unwrap();
    let expected: Vec<Vec<u8>> = all_configs()
        .iter()
        .map(|f| f.serialize(&holder).unwrap())
        .collect();
    let swapped_expected = {
        let mut f = Fory::builder().compatible(true).build();
        f.register::<small::Sample>(2).unwrap();
        f.register::<small::Holder>(1).unwrap();
        f.serialize(&holder).unwrap()
    };
    for round in 0..3 {
        for (f, want) in configs.iter().zip(&expected) {
            assert_eq!(&f.serialize(&holder).unwrap(), want, "round {round}");
            assert_eq!(swapped.serialize(&holder).unwrap(), swapped_expected);
            assert_eq!(f.deserialize::<small::Holder>(want).unwrap(), holder);
            assert_eq!(
                swapped
                    .deserialize::<small::Holder>(&swapped_expected)
                    .unwrap(),
                holder
            );
            // a clone starts with its own states
            let clone = f.clone();
            assert_eq!(&clone.serialize(&holder).unwrap(), want);
        }
    }
    // a dropped instance's states go with it; a later one starts fresh
    drop(configs);
    let later = all_configs();
    for (f, want) in later.iter().zip(&expected) {
        assert_eq!(&f.serialize(&holder).unwrap(), want);
        assert_eq!(f.deserialize::<small::Holder>(want).unwrap(), holder);
    }
    // registering after use: the next calls see the new registry
    let mut grows = Fory::builder().compatible(true).build();
    grows.register::<small::Sample>(1).unwrap();
    let one = grows.serialize(&samples(1)[0]).unwrap();
    assert!(grows.serialize(&holder).is_err());
    grows.register::<small::Holder>(2).unwrap();
    assert_eq!(grows.serialize(&holder).unwrap(), expected[1]);
    assert_eq!(grows.serialize(&samples(1)[0]).unwrap(), one);
}

#[test]
fn a_reused_fory_writes_each_stream_as_a_fresh_one_would() {
    let holder = small::Holder {
        first: samples(1)[0].clone(),
        rest: samples(4),
        last: None,
    };
    for (used, fresh) in all_configs().into_iter().zip(all_configs()) {
        let expected = fresh.serialize(&holder).unwrap();
        // the first stream leaves per-stream marks (schema hash written,
        // TypeDef indices); the next streams must not see them
        for _ in 0..3 {
            assert_eq!(used.serialize(&holder).unwrap(), expected);
        }
        let mut out = vec![1, 2, 3];
        used.serialize_into(&holder, &mut out).unwrap();
        assert_eq!(out, expected);
        // a failing serialization in the middle changes nothing either
        let bad = small::Holder {
            first: samples(1)[0].clone(),
            rest: Vec::new(),
            last: None,
        };
        let mut limited = Fory::builder().max_depth(1).build();
        limited.register::<small::Sample>(1).unwrap();
        limited.register::<small::Holder>(2).unwrap();
        assert!(limited.serialize(&bad).is_err());
        let once = limited.serialize(&samples(1)[0]).unwrap();
        assert_eq!(limited.serialize(&samples(1)[0]).unwrap(), once);
        assert_eq!(used.serialize(&holder).unwrap(), expected);
        // and every stream reads back on a reader that is reused too
        for _ in 0..3 {
            assert_eq!(
                used.deserialize::<small::Holder>(&expected).unwrap(),
                holder
            );
        }
    }
}

#[test]
fn a_reused_reader_takes_each_streams_layout_afresh() {
    // one reader, streams from two writers whose Rec layouts differ: the
    // second stream must not be read along the first one's plan
    let (w_before, r) = compatible_pair();
    let mut w_after = Fory::builder().compatible(true).build();
    w_after.register::<evolve::after::Rec>(7).unwrap();
    let after = evolve::after::Rec {
        id: 5,
        score: "x".into(),
        name: "y".into(),
        tags: vec![1, 2],
        extra: Some(false),
    };
    let from_before = w_before.serialize(&before()).unwrap();
    let from_after = w_after.serialize(&after).unwrap();
    for _ in 0..3 {
        assert_eq!(
            r.deserialize::<evolve::after::Rec>(&from_after).unwrap(),
            after
        );
        assert_eq!(
            r.deserialize::<evolve::after::Rec>(&from_before)
                .unwrap()
                .id,
            42
        );
        // a truncated stream fails and leaves nothing behind
        assert!(r
            .deserialize::<evolve::after::Rec>(&from_before[..from_before.len() - 3])
            .is_err());
    }
    // native schema mode: the hash is checked again in every stream, so a
    // stream from a writer with another Sample fails after good ones too
    mod narrow {
        use fory_core::ForyObject;
        #[derive(ForyObject, Debug, PartialEq, Clone)]
        pub struct Sample {
            pub a: i32,
        }
    }
    let native = schema_fory(false);
    let mut other = Fory::builder().compatible(false).build();
    other.register::<narrow::Sample>(1).unwrap();
    let good = native.serialize(&samples(3)).unwrap();
    let foreign = other
        .serialize(&vec![narrow::Sample { a: 1 }, narrow::Sample { a: 2 }])
        .unwrap();
    for _ in 0..3 {
        assert_eq!(
            native.deserialize::<Vec<small::Sample>>(&good).unwrap(),
            samples(3)
        );
        let err = native
            .deserialize::<Vec<small::Sample>>(&foreign)
            .unwrap_err();
        assert!(err.to_string().contains("schema hash"), "{err}");
    }
}

#[test]
fn registering_after_use_is_seen_by_the_next_stream() {
    let mut fory = Fory::builder().strict(false).compatible(false).build();
    let value = samples(2);
    let implicit = fory.serialize(&value).unwrap();
    fory.register::<small::Sample>(9).unwrap();
    let registered = fory.serialize(&value).unwrap();
    assert_ne!(implicit, registered, "the type is now written by its id");
    let mut fresh = Fory::builder().strict(false).compatible(false).build();
    fresh.register::<small::Sample>(9).unwrap();
    assert_eq!(registered, fresh.serialize(&value).unwrap());
    assert_eq!(
        fory.deserialize::<Vec<small::Sample>>(&registered).unwrap(),
        value
    );
}

#[test]
fn one_fory_serves_many_threads_at_once() {
    let fory = std::sync::Arc::new(schema_fory(false));
    let holder = small::Holder {
        first: samples(1)[0].clone(),
        rest: samples(50),
        last: Some(samples(1)[0].clone()),
    };
    let expected = fory.serialize(&holder).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let fory = fory.clone();
            let holder = holder.clone();
            let expected = expected.clone();
            std::thread::spawn(move || {
                for _ in 0..200 {
                    assert_eq!(fory.serialize(&holder).unwrap(), expected);
                    assert_eq!(
                        fory.deserialize::<small::Holder>(&expected).unwrap(),
                        holder
                    );
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

// ----- the plain run: leading number and bool fields on one cursor -----

/// Identity conversions: a `with` field never takes the plain run, so a
/// struct of them writes every field on the per-field path.
macro_rules! identity {
    ($($m:ident: $t:ty),*) => {$(
        mod $m {
            pub type Wire = $t;
            pub fn to_wire(v: &$t) -> $t {
                *v
            }
            pub fn from_wire(w: $t) -> Result<$t, fory_core::Error> {
                Ok(w)
            }
        }
    )*};
}
identity!(id_i8: i8, id_i16: i16, id_i32: i32, id_i64: i64, id_u8: u8, id_u16: u16,
    id_u32: u32, id_u64: u64, id_f32: f32, id_f64: f64, id_bool: bool, id_isize: isize,
    id_usize: usize);

mod plain {
    use fory_core::ForyObject;

    /// Every plain type, a string and an optional number between them.
    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Plain {
        pub a: i8,
        pub b: i16,
        pub c: i32,
        pub d: i64,
        pub e: u8,
        pub f: u16,
        pub g: u32,
        pub h: u64,
        pub i: f32,
        pub j: f64,
        pub k: bool,
        pub l: isize,
        pub m: usize,
        pub name: String,
        pub maybe: Option<i32>,
        #[fory(nullable = true)]
        pub flagged: i64,
    }

    /// The same fields, each written through an identity `with` module or
    /// [`crate::ByField`]: the field-by-field path.
    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Converted {
        #[fory(with = "crate::id_i8")]
        pub a: i8,
        #[fory(with = "crate::id_i16")]
        pub b: i16,
        #[fory(with = "crate::id_i32")]
        pub c: i32,
        #[fory(with = "crate::id_i64")]
        pub d: i64,
        #[fory(with = "crate::id_u8")]
        pub e: u8,
        #[fory(with = "crate::id_u16")]
        pub f: u16,
        #[fory(with = "crate::id_u32")]
        pub g: u32,
        #[fory(with = "crate::id_u64")]
        pub h: u64,
        #[fory(with = "crate::id_f32")]
        pub i: f32,
        #[fory(with = "crate::id_f64")]
        pub j: f64,
        #[fory(with = "crate::id_bool")]
        pub k: bool,
        #[fory(with = "crate::id_isize")]
        pub l: isize,
        #[fory(with = "crate::id_usize")]
        pub m: usize,
        pub name: crate::ByField<String>,
        pub maybe: crate::ByField<Option<i32>>,
        #[fory(nullable = true)]
        pub flagged: crate::ByField<i64>,
    }

    /// A generic struct: `T` decides whether its field is plain.
    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Generic<T> {
        pub x: T,
        pub y: i32,
    }
}

/// Values at every varint length boundary, and the extremes.
fn plain_values() -> Vec<plain::Plain> {
    let mut out = Vec::new();
    let edges: Vec<u64> = (0..64)
        .flat_map(|b| [(1u64 << b) - 1, 1u64 << b])
        .chain([u64::MAX])
        .collect();
    for (n, &v) in edges.iter().enumerate() {
        out.push(plain::Plain {
            a: v as i8,
            b: v as i16,
            c: v as i32,
            d: v as i64,
            e: v as u8,
            f: v as u16,
            g: v as u32,
            h: v,
            i: f32::from_bits(v as u32),
            j: if n % 2 == 0 { v as f64 } else { -(v as f64) },
            k: n % 2 == 1,
            l: (v as isize).wrapping_neg(),
            m: v as usize,
            name: "x".repeat(n % 5),
            maybe: (n % 3 == 0).then_some(v as i32),
            flagged: v.wrapping_neg() as i64,
        });
    }
    out
}

fn converted(p: &plain::Plain) -> plain::Converted {
    plain::Converted {
        a: p.a,
        b: p.b,
        c: p.c,
        d: p.d,
        e: p.e,
        f: p.f,
        g: p.g,
        h: p.h,
        i: p.i,
        j: p.j,
        k: p.k,
        l: p.l,
        m: p.m,
        name: crate::ByField(p.name.clone()),
        maybe: crate::ByField(p.maybe),
        flagged: crate::ByField(p.flagged),
    }
}

/// `A` registered on one `Fory`, its field-by-field twin `B` under the
/// same id on another, both in the given mode.
fn twin_pair<A, B>(xlang: bool, compatible: bool, id: u32) -> (Fory, Fory)
where
    A: fory_core::object::UserType,
    B: fory_core::object::UserType,
{
    let config = || Fory::builder().xlang(xlang).compatible(compatible);
    let mut fast = config().build();
    fast.register::<A>(id).unwrap();
    let mut slow = config().build();
    slow.register::<B>(id).unwrap();
    (fast, slow)
}

/// [`twin_pair`] of `Plain` and `Converted`.
fn plain_pair(xlang: bool, compatible: bool) -> (Fory, Fory) {
    twin_pair::<plain::Plain, plain::Converted>(xlang, compatible, 40)
}

#[test]
fn the_plain_run_writes_the_bytes_of_the_per_field_path() {
    for xlang in [false, true] {
        for compatible in [false, true] {
            let (fast, slow) = plain_pair(xlang, compatible);
            let values = plain_values();
            // one value at a time, and all of them in one list (the run
            // starts mid-buffer and the output grows under it)
            for v in &values {
                let bytes = fast.serialize(v).unwrap();
                assert_eq!(bytes, slow.serialize(&converted(v)).unwrap(), "{v:?}");
                let back: plain::Plain = fast.deserialize(&bytes).unwrap();
                // NaN payloads compare by bits
                assert_eq!(back.i.to_bits(), v.i.to_bits());
                assert_eq!(
                    plain::Plain { i: 0.0, ..back },
                    plain::Plain {
                        i: 0.0,
                        ..v.clone()
                    }
                );
            }
            let all: Vec<plain::Converted> = values.iter().map(converted).collect();
            assert_eq!(
                fast.serialize(&values).unwrap(),
                slow.serialize(&all).unwrap()
            );
        }
    }
}

#[test]
fn a_generic_field_is_plain_only_when_its_type_is() {
    let mut fory = native();
    fory.register::<plain::Generic<u64>>(41).unwrap();
    fory.register::<plain::Generic<String>>(42).unwrap();
    fory.register::<plain::Generic<Vec<u8>>>(43).unwrap();
    let n = plain::Generic { x: u64::MAX, y: -1 };
    assert_eq!(
        fory.deserialize::<plain::Generic<u64>>(&fory.serialize(&n).unwrap())
            .unwrap(),
        n
    );
    let s = plain::Generic {
        x: "text".to_string(),
        y: i32::MIN,
    };
    assert_eq!(
        fory.deserialize::<plain::Generic<String>>(&fory.serialize(&s).unwrap())
            .unwrap(),
        s
    );
    let b = plain::Generic {
        x: vec![1u8, 2, 3],
        y: 7,
    };
    assert_eq!(
        fory.deserialize::<plain::Generic<Vec<u8>>>(&fory.serialize(&b).unwrap())
            .unwrap(),
        b
    );
    // in wire order: `y` (and `x` when it is a number or a string) lead
    // the struct
    use fory_core::object::UserType;
    assert_eq!(<plain::Generic<u64> as UserType>::FORY_PLAIN_PREFIX, 2);
    assert_eq!(<plain::Generic<String> as UserType>::FORY_PLAIN_PREFIX, 2);
    assert_eq!(<plain::Generic<Vec<u8>> as UserType>::FORY_PLAIN_PREFIX, 1);
    // every field of `Plain`: its numbers, its string, its `Option<i32>`
    // and its nullable `i64` (their null flags on the cursor too)
    assert_eq!(<plain::Plain as UserType>::FORY_PLAIN_PREFIX, 16);
    assert_eq!(<plain::Converted as UserType>::FORY_PLAIN_PREFIX, 0);
    // the bounded-width ones lead, on room made once: `y` and `x` when it
    // is a number
    assert_eq!(<plain::Generic<u64> as UserType>::FORY_FIXED_BYTES, 9 + 5);
    assert_eq!(<plain::Generic<String> as UserType>::FORY_FIXED_BYTES, 5);
    assert_eq!(<plain::Generic<Vec<u8>> as UserType>::FORY_FIXED_BYTES, 5);
    assert_eq!(<plain::Converted as UserType>::FORY_FIXED_BYTES, 0);
    // `Plain`: every number, `bool`, the nullable `i64` and the
    // `Option<i32>` (each with its null flag) before the string
    assert_eq!(
        <plain::Plain as UserType>::FORY_FIXED_BYTES,
        8 + 4 + 2 + 2 + 1 + 1 + 1 + 9 + 5 + 9 + 9 + 5 + 9 + (1 + 9) + (1 + 5)
    );
}

// A struct's leading fields of fixed width (fixed-size numbers and `bool`,
// first in wire order) are read from bytes taken at once
// (`UserType::FORY_FIXED_READ_OFFSETS`). `Converted` reads the same bytes
// field by field from the cursor: every value, truncation and corruption
// must read alike.

#[test]
fn the_fixed_width_run_reads_what_the_field_by_field_path_reads() {
    use fory_core::object::UserType;
    // `j` f64, `i` f32, `b` i16, `f` u16, then `a` i8, `e` u8, `k` bool in
    // some order: 19 bytes; the varints, the string and the nullable
    // fields are read from the cursor
    assert_eq!(<plain::Plain as UserType>::FORY_FIXED_READ_BYTES, 19);
    let offsets = <plain::Plain as UserType>::FORY_FIXED_READ_OFFSETS;
    let mut taken: Vec<(usize, usize)> = [0, 1, 4, 5, 8, 9, 10]
        .iter()
        .map(|&i| (offsets[i], i))
        .collect();
    taken.sort();
    assert_eq!(
        taken.iter().map(|&(at, _)| at).collect::<Vec<_>>(),
        [0, 8, 12, 14, 16, 17, 18],
        "{offsets:?}"
    );
    for i in [2, 3, 6, 7, 11, 12, 13, 14, 15] {
        assert_eq!(offsets[i], usize::MAX, "field {i} is not fixed-width");
    }
    assert_eq!(<plain::Converted as UserType>::FORY_FIXED_READ_BYTES, 0);
    for xlang in [false, true] {
        for compatible in [false, true] {
            let (fast, slow) = plain_pair(xlang, compatible);
            let values = plain_values();
            for v in &values {
                let bytes = fast.serialize(v).unwrap();
                let back: plain::Plain = fast.deserialize(&bytes).unwrap();
                let by_field: plain::Converted = slow.deserialize(&bytes).unwrap();
                assert_eq!(back.i.to_bits(), by_field.i.to_bits());
                assert_eq!(back.j.to_bits(), by_field.j.to_bits());
                assert_eq!(
                    converted(&plain::Plain { i: 0.0, ..back }),
                    plain::Converted { i: 0.0, ..by_field }
                );
            }
            // a run of values (`Vec<Plain>`, the run's own read loop)
            let bytes = fast.serialize(&values).unwrap();
            let back: Vec<plain::Plain> = fast.deserialize(&bytes).unwrap();
            let by_field: Vec<plain::Converted> = slow.deserialize(&bytes).unwrap();
            assert_eq!(back.len(), values.len());
            for (a, b) in back.iter().zip(&by_field) {
                assert_eq!(a.j.to_bits(), b.j.to_bits());
                assert_eq!(a.i.to_bits(), b.i.to_bits());
                assert_eq!((a.a, a.b, a.e, a.f, a.k), (b.a, b.b, b.e, b.f, b.k));
            }
        }
    }
}

#[test]
fn a_truncated_or_corrupt_fixed_width_run_is_an_error_naming_its_field() {
    use fory_core::ErrorKind;
    for xlang in [false, true] {
        for compatible in [false, true] {
            let (fast, slow) = plain_pair(xlang, compatible);
            let v = plain_values().swap_remove(70);
            let bytes = fast.serialize(&v).unwrap();
            // every cut is an error, where the field-by-field read fails too
            for cut in 0..bytes.len() {
                let e = fast.deserialize::<plain::Plain>(&bytes[..cut]).unwrap_err();
                assert!(slow.deserialize::<plain::Converted>(&bytes[..cut]).is_err());
                assert!(
                    matches!(e.kind(), ErrorKind::UnexpectedEof | ErrorKind::InvalidData),
                    "cut at {cut}: {e}"
                );
            }
            // the `bool` is the one byte that differs between `k` and `!k`
            let flipped = fast
                .serialize(&plain::Plain {
                    k: !v.k,
                    ..v.clone()
                })
                .unwrap();
            let at: Vec<usize> = (0..bytes.len())
                .filter(|&i| bytes[i] != flipped[i])
                .collect();
            assert_eq!(at.len(), 1, "{bytes:?} / {flipped:?}");
            let at = at[0];
            // a cut inside the run: the read of its bytes fails at their
            // start, naming the run's first field
            use fory_core::object::UserType;
            let offsets = <plain::Plain as UserType>::FORY_FIXED_READ_OFFSETS;
            let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"];
            let first = names[offsets.iter().position(|&o| o == 0).unwrap()];
            let start = at - offsets[10];
            for cut in start..start + 19 {
                let e = fast.deserialize::<plain::Plain>(&bytes[..cut]).unwrap_err();
                assert_eq!(e.kind(), ErrorKind::UnexpectedEof, "cut at {cut}: {e}");
                assert!(e.path().any(|p| p == first), "cut at {cut}: {e}");
                assert!(e.to_string().contains(&format!("at byte {start}")), "{e}");
            }
            for bad in [2u8, 0x80, 0xff] {
                let mut corrupt = bytes.clone();
                corrupt[at] = bad;
                let e = fast.deserialize::<plain::Plain>(&corrupt).unwrap_err();
                let by_field = slow.deserialize::<plain::Converted>(&corrupt).unwrap_err();
                assert_eq!(e.kind(), ErrorKind::InvalidData, "{e}");
                assert_eq!(e.message(), by_field.message());
                assert_eq!(
                    e.message(),
                    format!("invalid bool byte {bad:#04x} at byte {at}")
                );
                assert!(e.path().any(|p| p == "k"), "{e}");
                assert!(e.to_string().contains("Plain"), "{e}");
            }
        }
    }
}

// Past the derive's 24 unrolled fields a struct reads one call per
// position (`FieldReadAt`): its leading fixed-width fields share the bytes
// taken for them there too. The twin converts every field (`with`), which
// reads it from the cursor.
macro_rules! wide_fixed {
    ($name:ident, $twin:ident { $($field:ident: $ty:ty => $with:literal = $v:expr),* }) => {
        #[derive(fory_core::ForyObject, Debug, PartialEq, Clone, Default)]
        pub struct $name {
            $(pub $field: $ty,)*
            pub label: String,
        }
        #[derive(fory_core::ForyObject, Debug, PartialEq, Clone, Default)]
        pub struct $twin {
            $(#[fory(with = $with)] pub $field: $ty,)*
            pub label: String,
        }
        impl $name {
            fn sample(n: u32) -> $name {
                $name { $($field: { let v: fn(u32) -> $ty = $v; v(n) },)* label: format!("#{n}") }
            }
            fn twin(&self) -> $twin {
                $twin { $($field: self.$field,)* label: self.label.clone() }
            }
        }
    };
}

wide_fixed!(WideFixed, WideFixedTwin {
    d0: f64 => "crate::id_f64" = |n| n as f64 * 0.25 - 3.0,
    d1: f64 => "crate::id_f64" = |n| -(n as f64) / 7.0,
    d2: f64 => "crate::id_f64" = |n| f64::MAX / (n as f64 + 1.0),
    s0: f32 => "crate::id_f32" = |n| n as f32 * 1.5,
    s1: f32 => "crate::id_f32" = |n| f32::MIN_POSITIVE * n as f32,
    b0: bool => "crate::id_bool" = |n| n % 2 == 0,
    b1: bool => "crate::id_bool" = |n| n % 3 == 0,
    b2: bool => "crate::id_bool" = |n| n % 5 != 0,
    w0: u16 => "crate::id_u16" = |n| (n * 4099) as u16,
    w1: i16 => "crate::id_i16" = |n| -((n * 311) as i16),
    w2: u16 => "crate::id_u16" = |n| u16::MAX - n as u16,
    y0: u8 => "crate::id_u8" = |n| (n * 13) as u8,
    y1: i8 => "crate::id_i8" = |n| -((n * 5) as i8),
    y2: u8 => "crate::id_u8" = |n| 255 - n as u8,
    v0: i64 => "crate::id_i64" = |n| -(n as i64) << 40,
    v1: u64 => "crate::id_u64" = |n| (n as u64) << 50,
    v2: i32 => "crate::id_i32" = |n| n as i32 * -70_001,
    v3: u32 => "crate::id_u32" = |n| n.wrapping_mul(2_654_435_761),
    v4: i64 => "crate::id_i64" = |n| n as i64,
    e0: f64 => "crate::id_f64" = |n| 1.0 / (n as f64 + 2.0),
    e1: f32 => "crate::id_f32" = |n| -(n as f32),
    e2: bool => "crate::id_bool" = |n| n > 3,
    e3: i16 => "crate::id_i16" = |n| i16::MIN + n as i16,
    e4: u8 => "crate::id_u8" = |n| n as u8,
    e5: i8 => "crate::id_i8" = |n| i8::MAX - n as i8,
    e6: u16 => "crate::id_u16" = |n| n as u16
});

#[test]
fn a_struct_past_the_unroll_limit_reads_its_fixed_width_run_once() {
    use fory_core::object::UserType;
    // four f64, three f32, three u16 and two i16, three u8, two i8 and
    // four bool
    assert_eq!(
        <WideFixed as UserType>::FORY_FIXED_READ_BYTES,
        4 * 8 + 3 * 4 + 5 * 2 + 9
    );
    assert_eq!(<WideFixedTwin as UserType>::FORY_FIXED_READ_BYTES, 0);
    for xlang in [false, true] {
        for compatible in [false, true] {
            let (fast, slow) = twin_pair::<WideFixed, WideFixedTwin>(xlang, compatible, 60);
            let values: Vec<WideFixed> = (0..12).map(WideFixed::sample).collect();
            for v in &values {
                let bytes = fast.serialize(v).unwrap();
                assert_eq!(bytes, slow.serialize(&v.twin()).unwrap());
                let back: WideFixed = fast.deserialize(&bytes).unwrap();
                assert_eq!(&back, v);
                assert_eq!(slow.deserialize::<WideFixedTwin>(&bytes).unwrap(), v.twin());
                for cut in 0..bytes.len() {
                    assert!(fast.deserialize::<WideFixed>(&bytes[..cut]).is_err());
                }
                // each bool, corrupted, is the same error either way
                for flip in [
                    |w: &mut WideFixed| w.b0 = !w.b0,
                    |w: &mut WideFixed| w.e2 = !w.e2,
                ] {
                    let mut other = v.clone();
                    flip(&mut other);
                    let flipped = fast.serialize(&other).unwrap();
                    let at = (0..bytes.len()).find(|&i| bytes[i] != flipped[i]).unwrap();
                    let mut corrupt = bytes.clone();
                    corrupt[at] = 7;
                    let e = fast.deserialize::<WideFixed>(&corrupt).unwrap_err();
                    let by_field = slow.deserialize::<WideFixedTwin>(&corrupt).unwrap_err();
                    assert_eq!(e.message(), by_field.message());
                    assert_eq!(e.message(), format!("invalid bool byte 0x07 at byte {at}"));
                }
            }
            let bytes = fast.serialize(&values).unwrap();
            assert_eq!(fast.deserialize::<Vec<WideFixed>>(&bytes).unwrap(), values);
        }
    }
}

mod generic_fixed {
    /// A generic struct: `extra` joins the fixed-width run when `T` is a
    /// fixed-size number.
    #[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
    pub struct Pair<T> {
        pub left: f64,
        pub right: f64,
        pub flag: bool,
        pub extra: T,
        pub count: i32,
    }
}

#[test]
fn a_generic_struct_reads_its_fixed_width_run_whatever_its_parameter() {
    use fory_core::object::UserType;
    use generic_fixed::Pair;
    assert_eq!(
        <Pair<f64> as UserType>::FORY_FIXED_READ_BYTES,
        8 + 8 + 8 + 1
    );
    assert_eq!(
        <Pair<u16> as UserType>::FORY_FIXED_READ_BYTES,
        8 + 8 + 2 + 1
    );
    assert_eq!(<Pair<i64> as UserType>::FORY_FIXED_READ_BYTES, 8 + 8 + 1);
    assert_eq!(<Pair<String> as UserType>::FORY_FIXED_READ_BYTES, 8 + 8 + 1);
    assert_eq!(
        <Pair<Option<f64>> as UserType>::FORY_FIXED_READ_BYTES,
        8 + 8 + 1
    );
    fn check<T>(fory: &mut Fory, id: u32, extras: &[T])
    where
        T: fory_core::Serialize
            + fory_core::Deserialize
            + Clone
            + PartialEq
            + std::fmt::Debug
            + 'static,
        Pair<T>: fory_core::Serialize + fory_core::Deserialize,
    {
        fory.register::<Pair<T>>(id).unwrap();
        for extra in extras {
            let v = Pair {
                left: -0.5,
                right: 1e300,
                flag: true,
                extra: extra.clone(),
                count: -70_000,
            };
            let bytes = fory.serialize(&v).unwrap();
            assert_eq!(fory.deserialize::<Pair<T>>(&bytes).unwrap(), v);
            for cut in 0..bytes.len() {
                assert!(
                    fory.deserialize::<Pair<T>>(&bytes[..cut]).is_err(),
                    "cut at {cut}"
                );
            }
            let list = vec![v.clone(), v];
            let bytes = fory.serialize(&list).unwrap();
            assert_eq!(fory.deserialize::<Vec<Pair<T>>>(&bytes).unwrap(), list);
        }
    }
    for xlang in [false, true] {
        for compatible in [false, true] {
            let mut fory = Fory::builder().xlang(xlang).compatible(compatible).build();
            check(&mut fory, 70, &[2.5f64, -0.0, f64::MAX]);
            check(&mut fory, 71, &[65_000u16, 0]);
            check(&mut fory, 72, &[i64::MIN, 1 << 40]);
            check(&mut fory, 73, &["text".to_string(), String::new()]);
            check(&mut fory, 74, &[Some(-1.25f64), None]);
        }
    }
}

mod tagged {
    use fory_core::ForyObject;
    #[derive(ForyObject, Debug, PartialEq, Clone, Copy)]
    pub enum Level {
        Low,
        High,
    }
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Reading {
        pub level: Level,
        pub levels: Vec<Level>,
        pub value: i64,
    }
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Log {
        pub first: Reading,
        pub all: Vec<Reading>,
        pub tags: Vec<super::small::Sample>,
    }
}

#[test]
fn type_info_by_id_by_name_and_shared_is_the_same_in_every_stream() {
    use tagged::{Level, Log, Reading};
    let reading = |v: i64| Reading {
        level: if v % 2 == 0 { Level::Low } else { Level::High },
        levels: vec![Level::High, Level::Low],
        value: v,
    };
    let log = Log {
        first: reading(1),
        all: (0..4).map(reading).collect(),
        tags: samples(3),
    };
    // by id, by name, and mixed: each kind of type info (a packed id, a
    // TypeDef and its references, meta strings) in each configuration
    let make = |xlang: bool, compatible: bool, how: u8| {
        let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
        match how {
            0 => {
                f.register::<Level>(10).unwrap();
                f.register::<Reading>(11).unwrap();
                f.register::<Log>(12).unwrap();
                f.register::<small::Sample>(13).unwrap();
            }
            1 => {
                f.register_by_name::<Level>("t", "Level").unwrap();
                f.register_by_name::<Reading>("t", "Reading").unwrap();
                f.register_by_name::<Log>("t", "Log").unwrap();
                f.register_by_name::<small::Sample>("t", "Sample").unwrap();
            }
            _ => {
                f.register_by_name::<Level>("t", "Level").unwrap();
                f.register::<Reading>(11).unwrap();
                f.register_by_name::<Log>("t", "Log").unwrap();
                f.register::<small::Sample>(13).unwrap();
            }
        }
        f
    };
    for xlang in [false, true] {
        for compatible in [false, true] {
            for how in 0..3 {
                let what = format!("xlang {xlang}, compatible {compatible}, registration {how}");
                let fresh = make(xlang, compatible, how).serialize(&log).unwrap();
                let used = make(xlang, compatible, how);
                for _ in 0..3 {
                    let bytes = used.serialize(&log).unwrap();
                    assert_eq!(bytes, fresh, "{what}");
                    assert_eq!(used.deserialize::<Log>(&bytes).unwrap(), log, "{what}");
                }
                // a reader that knows the types the other way round
                // (by id where the writer used names) refuses, it does not
                // misread
                if how == 1 {
                    let other = make(xlang, compatible, 0);
                    assert!(other.deserialize::<Log>(&fresh).is_err(), "{what}");
                }
            }
        }
    }
}

mod twins {
    use fory_core::ForyObject;
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Left {
        pub x: i64,
        pub name: String,
    }
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Right {
        pub x: i64,
        pub name: String,
    }
}

/// Ids of one, two and three varint bytes (the schema-consistent read
/// compares one- and two-byte ids in line, longer ones in full), each
/// against its neighbour's, in a list too.
#[test]
fn a_struct_id_on_the_wire_must_be_the_reading_types_own() {
    use fory_core::ErrorKind;
    use twins::{Left, Right};
    for (left_id, right_id) in [
        (1, 2),
        (127, 128),
        (300, 301),
        (16_383, 16_384),
        (70_000, 70_001),
    ] {
        for xlang in [false, true] {
            struct_ids_checked(xlang, left_id, right_id);
        }
    }
    fn struct_ids_checked(xlang: bool, left_id: u32, right_id: u32) {
        let mut f = Fory::builder().xlang(xlang).compatible(false).build();
        f.register::<Left>(left_id).unwrap();
        f.register::<Right>(right_id).unwrap();
        let list = vec![
            Left {
                x: 1,
                name: "a".into(),
            };
            3
        ];
        let bytes = f.serialize(&list).unwrap();
        assert_eq!(f.deserialize::<Vec<Left>>(&bytes).unwrap(), list);
        let e = f.deserialize::<Vec<Right>>(&bytes).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::TypeMismatch, "{e}");
        let left = Left {
            x: 7,
            name: "l".into(),
        };
        let bytes = f.serialize(&left).unwrap();
        // same shape, other type: refused, several times (the read state
        // is pooled), and the right type still reads
        for _ in 0..3 {
            let e = f.deserialize::<Right>(&bytes).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::TypeMismatch, "{e}");
            assert_eq!(f.deserialize::<Left>(&bytes).unwrap(), left);
        }
        // an id nobody registered
        let mut other = Fory::builder().xlang(xlang).compatible(false).build();
        other.register::<Left>(right_id + 1).unwrap();
        let e = f
            .deserialize::<Left>(&other.serialize(&left).unwrap())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownType, "{e}");
        // every cut of the type info is an error
        for cut in 0..bytes.len() {
            assert!(f.deserialize::<Vec<Left>>(&bytes[..cut]).is_err());
        }
    }
}

/// A struct's leading number and `String` fields are written on one
/// output cursor; the same fields converted with `#[fory(with)]` are
/// written field by field through the context. Both must give the same
/// bytes for every kind of string, in both modes, with the output growing
/// in the middle of the run.
mod string_fields_on_the_cursor {
    use fory_core::{Fory, ForyObject};

    mod same {
        pub type Wire = String;
        pub fn to_wire(v: &str) -> String {
            v.to_owned()
        }
        pub fn from_wire(w: String) -> Result<String, fory_core::Error> {
            Ok(w)
        }
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    struct OnCursor {
        n: i32,
        a: String,
        b: String,
        c: String,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    struct FieldByField {
        n: i32,
        #[fory(with = "same")]
        a: String,
        #[fory(with = "same")]
        b: String,
        #[fory(with = "same")]
        c: String,
    }

    fn builder(xlang: bool, compatible: bool) -> Fory {
        Fory::builder().xlang(xlang).compatible(compatible).build()
    }

    /// A list of strings is written on one cursor too; a list of
    /// `Option<String>` with no `None` takes the element-by-element path
    /// to the same bytes.
    #[test]
    fn a_list_of_strings_gives_the_bytes_of_element_by_element_writes() {
        let long = "é".repeat(150);
        let kinds = ["", "ascii", "Zoë", "中文", "🦀", long.as_str()];
        for xlang in [false, true] {
            let fory = builder(xlang, false);
            for n in [1usize, 2, 7, 300] {
                let strings: Vec<String> = (0..n).map(|i| kinds[i % kinds.len()].into()).collect();
                let options: Vec<Option<String>> = strings.iter().cloned().map(Some).collect();
                let bytes = fory.serialize(&strings).unwrap();
                assert_eq!(
                    bytes,
                    fory.serialize(&options).unwrap(),
                    "xlang {xlang}, {n}"
                );
                assert_eq!(fory.deserialize::<Vec<String>>(&bytes).unwrap(), strings);
            }
        }
    }

    /// A map of plain keys and values is written a chunk at a time on one
    /// cursor; `Option` keys with no `None` take the entry-by-entry path to
    /// the same bytes, across chunk boundaries (255 entries).
    #[test]
    fn a_map_of_strings_and_numbers_gives_the_bytes_of_entry_by_entry_writes() {
        use std::collections::BTreeMap;
        let kinds = ["", "k", "Zoë", "中文", "🦀"];
        for xlang in [false, true] {
            let fory = builder(xlang, false);
            for n in [1usize, 2, 254, 255, 256, 600] {
                let map: BTreeMap<String, i64> = (0..n)
                    .map(|i| {
                        (
                            format!("{}{i}", kinds[i % kinds.len()]),
                            (i as i64 - 300) << 20,
                        )
                    })
                    .collect();
                let options: BTreeMap<Option<String>, i64> =
                    map.iter().map(|(k, v)| (Some(k.clone()), *v)).collect();
                let bytes = fory.serialize(&map).unwrap();
                assert_eq!(
                    bytes,
                    fory.serialize(&options).unwrap(),
                    "xlang {xlang}, {n}"
                );
                assert_eq!(
                    fory.deserialize::<BTreeMap<String, i64>>(&bytes).unwrap(),
                    map
                );
                let floats: BTreeMap<i32, f64> = (0..n as i32)
                    .map(|i| (i * 7 - 100, i as f64 / 3.0))
                    .collect();
                let some: BTreeMap<i32, Option<f64>> =
                    floats.iter().map(|(k, v)| (*k, Some(*v))).collect();
                let bytes = fory.serialize(&floats).unwrap();
                assert_eq!(bytes, fory.serialize(&some).unwrap(), "xlang {xlang}, {n}");
                assert_eq!(
                    fory.deserialize::<BTreeMap<i32, f64>>(&bytes).unwrap(),
                    floats
                );
            }
        }
    }

    #[test]
    fn give_the_bytes_of_field_by_field_writes() {
        let long_ascii = "x".repeat(300);
        let long_latin1 = "é".repeat(200);
        let long_wide = "中".repeat(100);
        let kinds = [
            "",
            "ascii",
            "Zoë",
            "中文",
            "🦀 crab",
            long_ascii.as_str(),
            long_latin1.as_str(),
            long_wide.as_str(),
        ];
        for xlang in [false, true] {
            for compatible in [false, true] {
                let mut cursor = builder(xlang, compatible);
                cursor.register::<OnCursor>(300).unwrap();
                let mut fields = builder(xlang, compatible);
                fields.register::<FieldByField>(300).unwrap();
                for a in kinds {
                    for b in kinds {
                        for c in ["", "z", "ÿ", "🦀"] {
                            let v = OnCursor {
                                n: -7,
                                a: a.into(),
                                b: b.into(),
                                c: c.into(),
                            };
                            let w = FieldByField {
                                n: -7,
                                a: a.into(),
                                b: b.into(),
                                c: c.into(),
                            };
                            let bytes = cursor.serialize(&v).unwrap();
                            assert_eq!(
                                bytes,
                                fields.serialize(&w).unwrap(),
                                "xlang {xlang}, compatible {compatible}: {a:?} {b:?} {c:?}"
                            );
                            assert_eq!(cursor.deserialize::<OnCursor>(&bytes).unwrap(), v);
                        }
                    }
                }
            }
        }
    }
}

/// A pooled reader matches each stream's TypeDefs against the previous
/// stream's, index by index: streams that bring the same TypeDefs in
/// another order, fewer of them, or changed ones still read right.
mod typedef_order {
    use fory_core::{Fory, ForyObject};

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    struct A {
        x: i32,
        name: String,
    }
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    struct B {
        y: f64,
        tags: Vec<String>,
    }
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    struct AThenB {
        a: A,
        b: B,
    }
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    struct BThenA {
        b: B,
        a: A,
    }

    fn fory() -> Fory {
        let mut f = Fory::builder().compatible(true).build();
        f.register::<A>(1).unwrap();
        f.register::<B>(2).unwrap();
        f.register::<AThenB>(3).unwrap();
        f.register::<BThenA>(4).unwrap();
        f
    }

    #[test]
    fn streams_with_typedefs_in_another_order_read_right() {
        let (w, r) = (fory(), fory());
        let a = A {
            x: 7,
            name: "a".into(),
        };
        let b = B {
            y: 2.5,
            tags: vec!["t".into()],
        };
        let ab = AThenB {
            a: a.clone(),
            b: b.clone(),
        };
        let ba = BThenA {
            b: b.clone(),
            a: a.clone(),
        };
        let (ab_bytes, ba_bytes) = (w.serialize(&ab).unwrap(), w.serialize(&ba).unwrap());
        let (a_bytes, b_bytes) = (w.serialize(&a).unwrap(), w.serialize(&b).unwrap());
        for round in 0..4 {
            assert_eq!(r.deserialize::<AThenB>(&ab_bytes).unwrap(), ab, "{round}");
            assert_eq!(r.deserialize::<AThenB>(&ab_bytes).unwrap(), ab, "{round}");
            assert_eq!(r.deserialize::<BThenA>(&ba_bytes).unwrap(), ba, "{round}");
            assert_eq!(r.deserialize::<B>(&b_bytes).unwrap(), b, "{round}");
            assert_eq!(r.deserialize::<A>(&a_bytes).unwrap(), a, "{round}");
            // the wrong type for the stream's first TypeDef: an error, and
            // the next stream still reads
            assert!(r.deserialize::<B>(&a_bytes).is_err());
            assert!(r.deserialize::<BThenA>(&ab_bytes).is_err());
            assert_eq!(r.deserialize::<BThenA>(&ba_bytes).unwrap(), ba, "{round}");
        }
    }
}

// ----- runs of struct values: a list's elements set up once -----

/// A list of structs with no null element writes its elements as one run
/// (`Serialize::fory_write_data_each`: the nesting level, the stream's
/// mode and the schema hash's state taken once, and for a struct of plain
/// fields one output cursor for all of them). A list of `Option`s with no
/// `None` takes the element-by-element path: the bytes must be the same,
/// in every mode, at every length, for every kind of struct.
mod struct_runs {
    use fory_core::{Fory, ForyObject};

    mod same {
        pub type Wire = i64;
        pub fn to_wire(v: &i64) -> i64 {
            *v
        }
        pub fn from_wire(w: i64) -> Result<i64, fory_core::Error> {
            Ok(w)
        }
    }

    /// Every field plain: the whole run on one cursor.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Flat {
        a: i32,
        b: i64,
        c: f64,
        flag: bool,
        name: String,
    }

    /// Plain fields, then a list, an optional, a nested struct and a
    /// converted field.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Mixed {
        n: i32,
        label: String,
        tags: Vec<String>,
        opt: Option<i64>,
        inner: Flat,
        inners: Vec<Flat>,
        #[fory(with = "same")]
        conv: i64,
    }

    /// A generic struct.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Pair<T> {
        left: T,
        right: T,
    }

    /// No fields at all.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Empty {}

    /// A tuple struct.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Point(i32, String);

    fn flat(i: usize) -> Flat {
        Flat {
            a: i as i32 * 1_000 - 7,
            b: (i as i64) << 40,
            c: i as f64 / 3.0,
            flag: i % 2 == 0,
            name: ["", "x", "Zoë", "中文", "a longer name of thirty bytes"][i % 5].into(),
        }
    }

    fn mixed(i: usize) -> Mixed {
        Mixed {
            n: -(i as i32),
            label: format!("m{i}"),
            tags: (0..i % 3).map(|t| format!("t{t}")).collect(),
            opt: (i % 2 == 0).then_some(i as i64),
            inner: flat(i + 1),
            inners: (0..i % 4).map(flat).collect(),
            conv: i as i64 * 1_000_003,
        }
    }

    fn fory(xlang: bool, compatible: bool) -> Fory {
        let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
        register(&mut f);
        f
    }

    fn register(f: &mut Fory) {
        f.register::<Flat>(1).unwrap();
        f.register::<Mixed>(2).unwrap();
        f.register::<Pair<i32>>(3).unwrap();
        f.register::<Empty>(4).unwrap();
        f.register::<super::Thirty>(5).unwrap();
        f.register::<Point>(6).unwrap();
    }

    fn thirty(i: usize) -> super::Thirty {
        super::Thirty {
            f07: i as i64,
            f28: -(i as i64) << 50,
            label: format!("w{i}"),
            ..Default::default()
        }
    }

    /// `values` as a list and as a list of `Some`s: same bytes; and the
    /// list reads back; in each of the four modes.
    fn same_bytes<T>(values: &[T])
    where
        T: fory_core::Serialize + fory_core::Deserialize + Clone + PartialEq + std::fmt::Debug,
    {
        let list: Vec<T> = values.to_vec();
        let options: Vec<Option<T>> = values.iter().cloned().map(Some).collect();
        // lists of lists: the inner lists after the first find the hash
        // already written in native mode
        let nested: Vec<Vec<T>> = vec![list.clone(), list.clone(), vec![]];
        let nested_options: Vec<Vec<Option<T>>> = vec![options.clone(), options.clone(), vec![]];
        for xlang in [false, true] {
            for compatible in [false, true] {
                let f = fory(xlang, compatible);
                let what = format!("xlang {xlang} compatible {compatible} n {}", values.len());
                let bytes = f.serialize(&list).unwrap();
                assert_eq!(bytes, f.serialize(&options).unwrap(), "{what}");
                let by_value: Vec<crate::ByField<Option<T>>> =
                    options.iter().cloned().map(crate::ByField).collect();
                assert_eq!(bytes, f.serialize(&by_value).unwrap(), "{what}");
                // read as a run, and value by value (the `Option`s)
                assert_eq!(f.deserialize::<Vec<T>>(&bytes).unwrap(), list, "{what}");
                assert_eq!(
                    f.deserialize::<Vec<Option<T>>>(&bytes).unwrap(),
                    options,
                    "{what}"
                );
                // a cut-short run is an error, never a panic
                for cut in 0..bytes.len() {
                    assert!(
                        f.deserialize::<Vec<T>>(&bytes[..cut]).is_err(),
                        "{what} cut {cut}"
                    );
                }
                let bytes = f.serialize(&nested).unwrap();
                assert_eq!(bytes, f.serialize(&nested_options).unwrap(), "{what}");
                assert_eq!(
                    f.deserialize::<Vec<Vec<T>>>(&bytes).unwrap(),
                    nested,
                    "{what}"
                );
            }
        }
    }

    #[test]
    fn a_run_gives_the_bytes_of_element_by_element_writes() {
        for n in [0usize, 1, 2, 3, 17] {
            same_bytes(&(0..n).map(flat).collect::<Vec<_>>());
            same_bytes(&(0..n).map(mixed).collect::<Vec<_>>());
            same_bytes(
                &(0..n)
                    .map(|i| Pair {
                        left: i as i32,
                        right: -(i as i32),
                    })
                    .collect::<Vec<_>>(),
            );
            same_bytes(&vec![Empty {}; n]);
            same_bytes(
                &(0..n)
                    .map(|i| Point(i as i32, format!("p{i}")))
                    .collect::<Vec<_>>(),
            );
            // wider than the derive's unrolled limit: the loop form
            same_bytes(&(0..n).map(thirty).collect::<Vec<_>>());
        }
    }

    /// A list of `Option`s of a struct with nulls among them writes the
    /// `Some`s between the nulls as one run: the bytes of the value by
    /// value writes (`ByField`), whatever the nulls' places (none, all,
    /// leading, trailing, in a row), in the four modes and with ref
    /// tracking; alone, in a list (the hash already written in native mode
    /// the second time) and after a list of the same structs. It reads
    /// back, and every cut of a short one is an error.
    fn same_bytes_with_nulls<T>(values: &[T])
    where
        T: fory_core::Serialize + fory_core::Deserialize + Clone + PartialEq + std::fmt::Debug,
    {
        let n = values.len();
        let patterns: Vec<Vec<bool>> = vec![
            vec![false; n],
            vec![true; n],
            (0..n).map(|i| i % 3 == 0).collect(),
            (0..n).map(|i| i % 3 != 0).collect(),
            (0..n).map(|i| i == 0 || i + 1 == n).collect(),
            (0..n).map(|i| i < n / 2).collect(),
            (0..n).map(|i| i >= n / 2).collect(),
        ];
        for nulls in patterns {
            let options: Vec<Option<T>> = values
                .iter()
                .zip(&nulls)
                .map(|(v, &null)| (!null).then(|| v.clone()))
                .collect();
            let by_value: Vec<crate::ByField<Option<T>>> =
                options.iter().cloned().map(crate::ByField).collect();
            let nested = (values.to_vec(), vec![options.clone(), options.clone()]);
            let nested_by_value = (values.to_vec(), vec![by_value.clone(), by_value.clone()]);
            for xlang in [false, true] {
                for compatible in [false, true] {
                    for tracking in [false, true] {
                        let mut f = Fory::builder()
                            .xlang(xlang)
                            .compatible(compatible)
                            .ref_tracking(tracking)
                            .build();
                        register(&mut f);
                        let what = format!("xlang {xlang} compatible {compatible} ref tracking {tracking} nulls {nulls:?}");
                        let bytes = f.serialize(&options).unwrap();
                        assert_eq!(bytes, f.serialize(&by_value).unwrap(), "{what}");
                        assert_eq!(
                            f.deserialize::<Vec<Option<T>>>(&bytes).unwrap(),
                            options,
                            "{what}"
                        );
                        if n <= 4 {
                            for cut in 0..bytes.len() {
                                assert!(
                                    f.deserialize::<Vec<Option<T>>>(&bytes[..cut]).is_err(),
                                    "{what} cut {cut}"
                                );
                            }
                        }
                        let bytes = f.serialize(&nested).unwrap();
                        assert_eq!(bytes, f.serialize(&nested_by_value).unwrap(), "{what}");
                        assert_eq!(
                            f.deserialize::<(Vec<T>, Vec<Vec<Option<T>>>)>(&bytes)
                                .unwrap(),
                            nested,
                            "{what}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_list_with_nulls_gives_the_bytes_of_value_by_value_writes() {
        for n in [0usize, 1, 2, 3, 4, 9, 40] {
            same_bytes_with_nulls(&(0..n).map(flat).collect::<Vec<_>>());
            same_bytes_with_nulls(&(0..n).map(mixed).collect::<Vec<_>>());
            same_bytes_with_nulls(
                &(0..n)
                    .map(|i| Pair {
                        left: i as i32,
                        right: 7,
                    })
                    .collect::<Vec<_>>(),
            );
            same_bytes_with_nulls(&vec![Empty {}; n.min(9)]);
            same_bytes_with_nulls(
                &(0..n)
                    .map(|i| Point(i as i32, format!("p{i}")))
                    .collect::<Vec<_>>(),
            );
            same_bytes_with_nulls(&(0..n.min(9)).map(thirty).collect::<Vec<_>>());
        }
    }

    /// A nested `Option` still refuses `Some(None)` in a list with nulls,
    /// and the nesting limit fails a list with nulls as it fails the value
    /// by value writes.
    #[test]
    fn a_list_with_nulls_keeps_the_per_value_errors() {
        let f = fory(false, false);
        let nested: Vec<Option<Option<Flat>>> = vec![None, Some(Some(flat(1))), Some(None)];
        let e = f.serialize(&nested).unwrap_err().to_string();
        assert!(e.contains("Some(None)"), "{e}");
        let list: Vec<Option<Mixed>> = vec![None, Some(mixed(1)), None, Some(mixed(2)), None];
        let by_value: Vec<crate::ByField<Option<Mixed>>> =
            list.iter().cloned().map(crate::ByField).collect();
        let mut failed = 0;
        for depth in 1..6 {
            let f = limited(depth);
            let run = f.serialize(&list).map_err(|e| e.to_string());
            assert_eq!(
                run,
                f.serialize(&by_value).map_err(|e| e.to_string()),
                "max_depth {depth}"
            );
            failed += run.is_err() as usize;
        }
        assert!((1..5).contains(&failed), "{failed} of 5 limits failed");
    }

    /// Xlang schema-consistent mode writes the hash before every value: a
    /// run checks each one, not only the first.
    #[test]
    fn a_run_checks_the_schema_hash_of_every_value() {
        let f = fory(true, false);
        let n = 5;
        let bytes = f.serialize(&(0..n).map(flat).collect::<Vec<_>>()).unwrap();
        // the hash: the 4-byte window found once per element
        let windows: Vec<[u8; 4]> = bytes.windows(4).map(|w| w.try_into().unwrap()).collect();
        let hash = *windows
            .iter()
            .find(|w| windows.iter().filter(|x| x == w).count() == n)
            .expect("a 4-byte window repeated once per element");
        let at: Vec<usize> = (0..windows.len()).filter(|&i| windows[i] == hash).collect();
        assert_eq!(at.len(), n);
        for (k, &i) in at.iter().enumerate() {
            let mut bad = bytes.clone();
            bad[i + 1] ^= 0x40;
            let e = f.deserialize::<Vec<Flat>>(&bad).unwrap_err();
            assert!(e.to_string().contains("schema hash"), "element {k}: {e}");
            assert!(
                f.deserialize::<Vec<Option<Flat>>>(&bad).is_err(),
                "element {k}"
            );
        }
        // native mode: once, before the first element; a bad one fails
        let f = fory(false, false);
        let bytes = f.serialize(&(0..n).map(flat).collect::<Vec<_>>()).unwrap();
        let i = bytes
            .windows(4)
            .position(|w| w == hash)
            .expect("the same hash in native mode");
        let mut bad = bytes.clone();
        bad[i] ^= 0x01;
        let e = f.deserialize::<Vec<Flat>>(&bad).unwrap_err();
        assert!(e.to_string().contains("schema hash"), "{e}");
    }

    /// A map of struct values under plain keys writes each chunk's
    /// entries as one run of the struct's writes (`PlainKey`s before the
    /// values): the bytes of the entry-by-entry writes (`ByField` values),
    /// across chunk boundaries (255 entries), in the four modes; it reads
    /// back, and every cut of a small one is an error.
    fn same_map_bytes<K, T>(entries: &[(K, T)])
    where
        K: fory_core::Serialize
            + fory_core::Deserialize
            + Ord
            + Clone
            + std::hash::Hash
            + std::fmt::Debug,
        T: fory_core::Serialize + fory_core::Deserialize + Clone + PartialEq + std::fmt::Debug,
    {
        use std::collections::{BTreeMap, HashMap};
        let map: BTreeMap<K, T> = entries.iter().cloned().collect();
        let each: BTreeMap<K, crate::ByField<T>> = map
            .iter()
            .map(|(k, v)| (k.clone(), crate::ByField(v.clone())))
            .collect();
        let hashed: HashMap<K, T> = entries.iter().cloned().collect();
        for xlang in [false, true] {
            for compatible in [false, true] {
                let f = fory(xlang, compatible);
                let what = format!("xlang {xlang} compatible {compatible} n {}", map.len());
                let bytes = f.serialize(&map).unwrap();
                assert_eq!(bytes, f.serialize(&each).unwrap(), "{what}");
                assert_eq!(
                    f.deserialize::<BTreeMap<K, T>>(&bytes).unwrap(),
                    map,
                    "{what}"
                );
                let back: HashMap<K, T> = f.deserialize(&f.serialize(&hashed).unwrap()).unwrap();
                assert_eq!(back, hashed, "{what}");
                // a map in a list, twice (the hash already written in
                // native mode the second time), and after a list of the
                // same structs
                let values: Vec<T> = map.values().cloned().collect();
                let nested = (values.clone(), vec![map.clone(), map.clone()]);
                let nested_each = (values, vec![each.clone(), each.clone()]);
                let bytes = f.serialize(&nested).unwrap();
                assert_eq!(bytes, f.serialize(&nested_each).unwrap(), "{what}");
                assert_eq!(
                    f.deserialize::<(Vec<T>, Vec<BTreeMap<K, T>>)>(&bytes)
                        .unwrap(),
                    nested,
                    "{what}"
                );
                if map.len() <= 3 {
                    let bytes = f.serialize(&map).unwrap();
                    for cut in 0..bytes.len() {
                        assert!(
                            f.deserialize::<BTreeMap<K, T>>(&bytes[..cut]).is_err(),
                            "{what} cut {cut}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_map_of_structs_gives_the_bytes_of_entry_by_entry_writes() {
        for n in [0usize, 1, 3, 255, 256, 600] {
            let ids = |i: usize| i as i32 * 7 - 1_000;
            same_map_bytes(&(0..n).map(|i| (ids(i), flat(i))).collect::<Vec<_>>());
            same_map_bytes(
                &(0..n)
                    .map(|i| (format!("k{i}"), mixed(i)))
                    .collect::<Vec<_>>(),
            );
            same_map_bytes(
                &(0..n)
                    .map(|i| (i as u64 * 1_000_003, Point(i as i32, format!("p{i}"))))
                    .collect::<Vec<_>>(),
            );
            same_map_bytes(
                &(0..n)
                    .map(|i| {
                        let pair = Pair {
                            left: i as i32,
                            right: 1,
                        };
                        (format!("Zoë {i}"), pair)
                    })
                    .collect::<Vec<_>>(),
            );
            same_map_bytes(
                &(0..n.min(2))
                    .map(|i| (i == 1, Empty {}))
                    .collect::<Vec<_>>(),
            );
            same_map_bytes(
                &(0..n.min(40))
                    .map(|i| (i as i8, thirty(i)))
                    .collect::<Vec<_>>(),
            );
        }
    }

    /// `Flat` and `Mixed` registered, nesting limited to `depth`.
    fn limited(depth: u32) -> Fory {
        let mut f = Fory::builder().max_depth(depth).build();
        f.register::<Flat>(1).unwrap();
        f.register::<Mixed>(2).unwrap();
        f
    }

    #[test]
    fn a_map_of_structs_nests_no_deeper_than_its_entries_did() {
        use std::collections::BTreeMap;
        let map: BTreeMap<i32, Mixed> = (0..3).map(|i| (i as i32, mixed(i))).collect();
        let each: BTreeMap<i32, crate::ByField<Mixed>> = map
            .iter()
            .map(|(k, v)| (*k, crate::ByField(v.clone())))
            .collect();
        let mut failed = 0;
        for depth in 1..7 {
            let f = limited(depth);
            let run = f.serialize(&map).map_err(|e| e.to_string());
            let by_entry = f.serialize(&each).map_err(|e| e.to_string());
            assert_eq!(run, by_entry, "max_depth {depth}");
            failed += run.is_err() as usize;
        }
        assert!((1..6).contains(&failed), "{failed} of 6 limits failed");
    }

    #[test]
    fn a_run_nests_no_deeper_than_its_elements_did() {
        // the same limit fails (or passes) both paths, with the same error
        let list: Vec<Mixed> = (0..3).map(mixed).collect();
        let options: Vec<Option<Mixed>> = list.iter().cloned().map(Some).collect();
        let mut failed = 0;
        for depth in 1..6 {
            let f = limited(depth);
            let run = f.serialize(&list).map_err(|e| e.to_string());
            let each = f.serialize(&options).map_err(|e| e.to_string());
            assert_eq!(run, each, "max_depth {depth}");
            failed += run.is_err() as usize;
            // and reading: bytes written under no limit read (or fail)
            // alike as a run and value by value
            let bytes = fory(false, false).serialize(&list).unwrap();
            let run = f
                .deserialize::<Vec<Mixed>>(&bytes)
                .map_err(|e| e.to_string());
            let each = f
                .deserialize::<Vec<Option<Mixed>>>(&bytes)
                .map(|v| v.into_iter().map(Option::unwrap).collect::<Vec<_>>())
                .map_err(|e| e.to_string());
            assert_eq!(run, each, "reading, max_depth {depth}");
        }
        // the limits tried include some that the list exceeds, and some
        // that it does not
        assert!((1..5).contains(&failed), "{failed} of 5 limits failed");
    }
}

// ----- the field-by-field reference -----

/// `T` written and read the generic way (the shared test library's).
pub use fory_tests::ByField;

// ----- tuples of plain elements on the cursor -----

/// A tuple whose elements are all numbers, `bool` or strings is written on
/// one output cursor: the bytes of the element-by-element writes (the
/// same tuple of `ByField`s), in every mode, with and without reference
/// tracking, alone, in a list, as a struct field and as a map value.
#[test]
fn a_tuple_of_plain_elements_gives_the_bytes_of_element_by_element_writes() {
    use std::collections::BTreeMap;
    type Plain = (i32, String, f64, bool, u64, i8, u16, String);
    type Each = (
        ByField<i32>,
        ByField<String>,
        ByField<f64>,
        ByField<bool>,
        ByField<u64>,
        ByField<i8>,
        ByField<u16>,
        ByField<String>,
    );
    fn each(t: &Plain) -> Each {
        (
            ByField(t.0),
            ByField(t.1.clone()),
            ByField(t.2),
            ByField(t.3),
            ByField(t.4),
            ByField(t.5),
            ByField(t.6),
            ByField(t.7.clone()),
        )
    }
    let values: Vec<Plain> = (0..40u64)
        .map(|i| {
            (
                (i as i32 - 20) << (i % 31),
                [
                    "",
                    "a",
                    "Zoë",
                    "日本語",
                    "🦀 crab",
                    "a string past sixty-four bytes, which the writer checks in a second pass",
                ][i as usize % 6]
                    .to_string(),
                i as f64 / 3.0,
                i % 2 == 0,
                u64::MAX >> i,
                i as i8 - 3,
                (i * 1_700) as u16,
                format!("{i}"),
            )
        })
        .collect();
    for xlang in [false, true] {
        for compatible in [false, true] {
            for refs in [false, true] {
                let fory = Fory::builder()
                    .xlang(xlang)
                    .compatible(compatible)
                    .ref_tracking(refs)
                    .build();
                let what = format!("xlang {xlang} compatible {compatible} refs {refs}");
                for v in &values {
                    let bytes = fory.serialize(v).unwrap();
                    assert_eq!(bytes, fory.serialize(&each(v)).unwrap(), "{what} {v:?}");
                    assert_eq!(&fory.deserialize::<Plain>(&bytes).unwrap(), v, "{what}");
                }
                let list: Vec<Each> = values.iter().map(each).collect();
                let bytes = fory.serialize(&values).unwrap();
                assert_eq!(bytes, fory.serialize(&list).unwrap(), "{what}");
                assert_eq!(fory.deserialize::<Vec<Plain>>(&bytes).unwrap(), values);
                let pairs: BTreeMap<String, (i64, String)> = values
                    .iter()
                    .map(|v| (v.7.clone(), (v.0 as i64, v.1.clone())))
                    .collect();
                let pairs_each: BTreeMap<String, (ByField<i64>, ByField<String>)> = pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), (ByField(v.0), ByField(v.1.clone()))))
                    .collect();
                let bytes = fory.serialize(&pairs).unwrap();
                assert_eq!(bytes, fory.serialize(&pairs_each).unwrap(), "{what}");
                assert_eq!(
                    fory.deserialize::<BTreeMap<String, (i64, String)>>(&bytes)
                        .unwrap(),
                    pairs
                );
                // one element, and the nesting limit met alike
                let one = (7u8,);
                assert_eq!(
                    fory.serialize(&one).unwrap(),
                    fory.serialize(&(ByField(7u8),)).unwrap()
                );
            }
        }
    }
    // lists of tuples where the element type is declared (a struct's
    // field, a list's inner lists): one run of tuples, the bytes of the
    // tuple-by-tuple writes
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    struct Listed {
        v: Vec<(i32, String)>,
        nested: Vec<Vec<(i64, bool)>>,
    }
    #[derive(fory_core::ForyObject, Debug, PartialEq)]
    struct ListedEach {
        v: Vec<(ByField<i32>, ByField<String>)>,
        nested: Vec<Vec<(ByField<i64>, ByField<bool>)>>,
    }
    let listed = Listed {
        v: values.iter().map(|t| (t.0, t.1.clone())).collect(),
        nested: (0..4)
            .map(|n| (0..n).map(|i| (i as i64 - 2, i % 2 == 0)).collect())
            .collect(),
    };
    let listed_each = ListedEach {
        v: listed
            .v
            .iter()
            .map(|t| (ByField(t.0), ByField(t.1.clone())))
            .collect(),
        nested: listed
            .nested
            .iter()
            .map(|l| l.iter().map(|t| (ByField(t.0), ByField(t.1))).collect())
            .collect(),
    };
    for xlang in [false, true] {
        for compatible in [false, true] {
            for refs in [false, true] {
                let config = || {
                    Fory::builder()
                        .xlang(xlang)
                        .compatible(compatible)
                        .ref_tracking(refs)
                };
                let mut fast = config().build();
                fast.register::<Listed>(60).unwrap();
                let mut slow = config().build();
                slow.register::<ListedEach>(60).unwrap();
                let what = format!("xlang {xlang} compatible {compatible} refs {refs}");
                let bytes = fast.serialize(&listed).unwrap();
                assert_eq!(bytes, slow.serialize(&listed_each).unwrap(), "{what}");
                assert_eq!(
                    fast.deserialize::<Listed>(&bytes).unwrap(),
                    listed,
                    "{what}"
                );
                let bytes = fast.serialize(&listed.nested).unwrap();
                assert_eq!(
                    bytes,
                    slow.serialize(&listed_each.nested).unwrap(),
                    "{what}"
                );
            }
        }
    }
    for depth in 1..4 {
        let fory = Fory::builder().max_depth(depth).build();
        let nested = vec![vec![values[3].clone()]];
        let nested_each = vec![vec![each(&values[3])]];
        assert_eq!(
            fory.serialize(&nested).map_err(|e| e.to_string()),
            fory.serialize(&nested_each).map_err(|e| e.to_string()),
            "max_depth {depth}"
        );
    }
}

// ----- chrono types and `char` on the cursor -----

mod times_on_the_cursor {
    use std::collections::BTreeMap;

    use fory_core::chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
    use fory_core::ForyObject;

    use crate::ByField;

    /// Dates, instants, durations and `char`s as fields, optional fields,
    /// list elements, map keys and values, and tuple elements.
    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Times {
        id: i64,
        day: NaiveDate,
        at: NaiveDateTime,
        utc: DateTime<Utc>,
        took: TimeDelta,
        initial: char,
        maybe_at: Option<NaiveDateTime>,
        log: Vec<NaiveDateTime>,
        gaps: Vec<Option<TimeDelta>>,
        by_day: BTreeMap<NaiveDate, DateTime<Utc>>,
        letters: Vec<char>,
        pair: (NaiveDate, char),
    }

    /// The same, every chrono value and `char` written the generic way.
    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct TimesByField {
        id: i64,
        day: ByField<NaiveDate>,
        at: ByField<NaiveDateTime>,
        utc: ByField<DateTime<Utc>>,
        took: ByField<TimeDelta>,
        initial: ByField<char>,
        maybe_at: ByField<Option<NaiveDateTime>>,
        log: Vec<ByField<NaiveDateTime>>,
        gaps: Vec<ByField<Option<TimeDelta>>>,
        by_day: BTreeMap<NaiveDate, ByField<DateTime<Utc>>>,
        letters: Vec<ByField<char>>,
        pair: (ByField<NaiveDate>, ByField<char>),
    }

    fn sample(i: i64) -> Times {
        let day = NaiveDate::from_ymd_opt(
            1900 + (i as i32 * 37) % 300,
            1 + (i as u32 % 12),
            1 + (i as u32 % 28),
        )
        .unwrap();
        // a leap second (nanoseconds past 1e9) every fourth value
        let nanos = if i % 4 == 3 {
            1_500_000_000
        } else {
            (i as u32 * 123_457) % 1_000_000_000
        };
        let at = day.and_hms_nano_opt(23, 59, 59, nanos).unwrap();
        let took = TimeDelta::new(-(i * 86_400) + 7, (i as u32 * 999) % 1_000_000_000).unwrap();
        Times {
            id: i,
            day,
            at,
            utc: at.and_utc() + TimeDelta::seconds(i * 1_000_003),
            took,
            initial: ['a', 'é', '中', '🦀'][i as usize % 4],
            maybe_at: (i % 2 == 0).then_some(at),
            log: (0..i)
                .map(|k| at + TimeDelta::milliseconds(k * 1_001))
                .collect(),
            gaps: (0..i)
                .map(|k| (k % 3 != 0).then(|| TimeDelta::microseconds(-k * 77)))
                .collect(),
            by_day: (0..i % 5)
                .map(|k| (day + TimeDelta::days(k), at.and_utc() - TimeDelta::hours(k)))
                .collect(),
            letters: "zoë 日本 🦀".chars().take(i as usize % 9).collect(),
            pair: (day, ['x', 'ÿ'][i as usize % 2]),
        }
    }

    fn by_field(t: &Times) -> TimesByField {
        TimesByField {
            id: t.id,
            day: ByField(t.day),
            at: ByField(t.at),
            utc: ByField(t.utc),
            took: ByField(t.took),
            initial: ByField(t.initial),
            maybe_at: ByField(t.maybe_at),
            log: t.log.iter().copied().map(ByField).collect(),
            gaps: t.gaps.iter().copied().map(ByField).collect(),
            by_day: t.by_day.iter().map(|(k, v)| (*k, ByField(*v))).collect(),
            letters: t.letters.iter().copied().map(ByField).collect(),
            pair: (ByField(t.pair.0), ByField(t.pair.1)),
        }
    }

    /// Lists and sets of elements of bounded width (dates, instants,
    /// durations, numbers) are written on room made once per kibibyte:
    /// the bytes of the element-by-element writes at every length around
    /// the room's boundaries (78 durations, 85 instants, 113 dates or
    /// `i64`s), alone, in a `VecDeque`, a `BTreeSet` and a struct's field,
    /// in the four modes; they read back.
    #[test]
    fn long_lists_of_bounded_width_elements_cross_the_rooms() {
        use std::collections::{BTreeSet, VecDeque};
        fn same<T, E>(fory: &fory_core::Fory, fast: &T, slow: &E, what: &str)
        where
            T: fory_core::Serialize + fory_core::Deserialize + PartialEq + std::fmt::Debug,
            E: fory_core::Serialize,
        {
            let bytes = fory.serialize(fast).unwrap();
            assert_eq!(bytes, fory.serialize(slow).unwrap(), "{what}");
            assert_eq!(&fory.deserialize::<T>(&bytes).unwrap(), fast, "{what}");
        }
        fn each<T: Clone, C: FromIterator<ByField<T>>>(v: &[T]) -> C {
            v.iter().cloned().map(ByField).collect()
        }
        let start = NaiveDate::from_ymd_opt(2024, 2, 28)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 999_999_999)
            .unwrap();
        for n in [1usize, 2, 77, 78, 79, 84, 85, 86, 112, 113, 114, 227, 700] {
            let instants: Vec<NaiveDateTime> = (0..n as i64)
                .map(|k| start + TimeDelta::seconds(k * 86_399 - 40_000_000))
                .collect();
            let utc: Vec<DateTime<Utc>> = instants.iter().map(|t| t.and_utc()).collect();
            let deltas: Vec<TimeDelta> = (0..n as i64)
                .map(|k| TimeDelta::nanoseconds((k - 40) * 1_000_000_007 * (1 << (k % 20))))
                .collect();
            let dates: Vec<NaiveDate> = instants.iter().map(|t| t.date()).collect();
            // every varint width, both signs
            let numbers: BTreeSet<i64> = (0..n as i64)
                .map(|k| {
                    if k % 2 == 0 {
                        1i64 << (k % 64)
                    } else {
                        -(k << (k % 50))
                    }
                })
                .chain([i64::MIN, i64::MAX])
                .collect();
            let numbers_vec: Vec<i64> = numbers.iter().copied().collect();
            for xlang in [false, true] {
                for compatible in [false, true] {
                    let what = format!("xlang {xlang} compatible {compatible} n {n}");
                    let f = fory_core::Fory::builder()
                        .xlang(xlang)
                        .compatible(compatible)
                        .build();
                    same(&f, &instants, &each::<_, Vec<_>>(&instants), &what);
                    same(&f, &utc, &each::<_, Vec<_>>(&utc), &what);
                    same(&f, &deltas, &each::<_, Vec<_>>(&deltas), &what);
                    same(&f, &dates, &each::<_, Vec<_>>(&dates), &what);
                    let deque: VecDeque<NaiveDateTime> = instants.iter().copied().collect();
                    same(&f, &deque, &each::<_, VecDeque<_>>(&instants), &what);
                    same(&f, &numbers, &each::<_, BTreeSet<_>>(&numbers_vec), &what);
                    let dates_set: BTreeSet<NaiveDate> = dates.iter().copied().collect();
                    let dates_sorted: Vec<NaiveDate> = dates_set.iter().copied().collect();
                    same(
                        &f,
                        &dates_set,
                        &each::<_, BTreeSet<_>>(&dates_sorted),
                        &what,
                    );
                    // a struct's field (a declared list on the struct's
                    // cursor)
                    let (fast, slow) =
                        crate::twin_pair::<Times, TimesByField>(xlang, compatible, 90);
                    let mut t = sample(2);
                    t.log = instants.clone();
                    let bytes = fast.serialize(&t).unwrap();
                    assert_eq!(bytes, slow.serialize(&by_field(&t)).unwrap(), "{what}");
                    assert_eq!(fast.deserialize::<Times>(&bytes).unwrap(), t, "{what}");
                }
            }
        }
    }

    #[test]
    fn chrono_values_and_chars_on_the_cursor_give_the_generic_bytes() {
        let values: Vec<Times> = (0..12).map(sample).collect();
        for xlang in [false, true] {
            for compatible in [false, true] {
                let what = format!("xlang {xlang} compatible {compatible}");
                let (fast, slow) = crate::twin_pair::<Times, TimesByField>(xlang, compatible, 90);
                for v in &values {
                    let bytes = fast.serialize(v).unwrap();
                    assert_eq!(bytes, slow.serialize(&by_field(v)).unwrap(), "{what} {v:?}");
                    let back: Times = fast.deserialize(&bytes).unwrap();
                    let generic: TimesByField = slow.deserialize(&bytes).unwrap();
                    assert_eq!(by_field(&back), generic, "{what}");
                    // a leap second reads back as the next second's start
                    // (every fourth value); the others exactly
                    if v.id % 4 != 3 {
                        assert_eq!(&back, v, "{what}");
                    }
                }
                let bytes = fast.serialize(&values).unwrap();
                let each: Vec<TimesByField> = values.iter().map(by_field).collect();
                assert_eq!(bytes, slow.serialize(&each).unwrap(), "{what}");
                // alone, in lists and maps, outside a struct
                let log = values[7].log.clone();
                let log_each: Vec<ByField<NaiveDateTime>> =
                    log.iter().copied().map(ByField).collect();
                assert_eq!(
                    fast.serialize(&log).unwrap(),
                    fast.serialize(&log_each).unwrap()
                );
                let days: BTreeMap<NaiveDate, char> =
                    values.iter().map(|v| (v.day, v.initial)).collect();
                let days_generic: Vec<(ByField<NaiveDate>, ByField<char>)> = days
                    .iter()
                    .map(|(d, c)| (ByField(*d), ByField(*c)))
                    .collect();
                let days_plain: Vec<(NaiveDate, char)> =
                    days.iter().map(|(d, c)| (*d, *c)).collect();
                assert_eq!(
                    fast.serialize(&days_plain).unwrap(),
                    fast.serialize(&days_generic).unwrap()
                );
                let back: BTreeMap<NaiveDate, char> =
                    fast.deserialize(&fast.serialize(&days).unwrap()).unwrap();
                assert_eq!(back, days);
                let took: Vec<TimeDelta> = values.iter().map(|v| v.took).collect();
                let back: Vec<TimeDelta> =
                    fast.deserialize(&fast.serialize(&took).unwrap()).unwrap();
                assert_eq!(back, took);
            }
        }
    }
}

// ----- list fields on the cursor -----

/// A struct's list, deque and set fields of plain elements (numbers,
/// strings; never null) are written on its output cursor with the plain
/// fields around them. They give the bytes of the field-by-field path in
/// every mode and at every length.
mod list_fields_on_the_cursor {
    use std::collections::{BTreeSet, HashSet, LinkedList, VecDeque};

    use fory_core::{Fory, ForyObject, ForyType};

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct OnCursor {
        n: i32,
        tags: Vec<String>,
        queue: VecDeque<String>,
        names: BTreeSet<String>,
        pair: [String; 2],
        linked: LinkedList<String>,
        stamps: VecDeque<i64>,
        ids: BTreeSet<i32>,
        hashed: HashSet<String>,
        after: String,
        last: i64,
    }

    /// The same fields on the field-by-field path ([`crate::ByField`]).
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct FieldByField {
        n: i32,
        tags: crate::ByField<Vec<String>>,
        queue: crate::ByField<VecDeque<String>>,
        names: crate::ByField<BTreeSet<String>>,
        pair: crate::ByField<[String; 2]>,
        linked: crate::ByField<LinkedList<String>>,
        stamps: crate::ByField<VecDeque<i64>>,
        ids: crate::ByField<BTreeSet<i32>>,
        hashed: crate::ByField<HashSet<String>>,
        after: String,
        last: i64,
    }

    /// Only a list field and numbers: for the nesting limit.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Tagged {
        n: i32,
        tags: Vec<String>,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct TaggedByField {
        n: i32,
        tags: crate::ByField<Vec<String>>,
    }

    /// A list and a string after a field that is not a cursor field
    /// (`a_note`, nullable, sorts first among the non-numbers; an
    /// `Option<String>` would be one): each is written on a cursor of its
    /// own.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Later {
        n: i32,
        a_note: crate::ByField<Option<String>>,
        tags: Vec<String>,
        z_name: String,
    }

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct LaterByField {
        n: i32,
        a_note: crate::ByField<Option<String>>,
        tags: crate::ByField<Vec<String>>,
        z_name: crate::ByField<String>,
    }

    #[test]
    fn a_cursor_field_after_another_field_gives_the_same_bytes() {
        use fory_core::object::UserType;
        assert_eq!(<Later as UserType>::FORY_PLAIN_PREFIX, 1);
        for xlang in [false, true] {
            for compatible in [false, true] {
                for depth in [1, 2, 64] {
                    let config = || {
                        Fory::builder()
                            .xlang(xlang)
                            .compatible(compatible)
                            .max_depth(depth)
                    };
                    let mut cursor = config().build();
                    cursor.register::<Later>(312).unwrap();
                    let mut fields = config().build();
                    fields.register::<LaterByField>(312).unwrap();
                    for len in [0usize, 1, 3] {
                        let v = Later {
                            n: len as i32,
                            a_note: crate::ByField((len % 2 == 1).then(|| "note".into())),
                            tags: (0..len).map(|k| format!("Zoë{k}")).collect(),
                            z_name: "中文".into(),
                        };
                        let w = LaterByField {
                            n: v.n,
                            a_note: v.a_note.clone(),
                            tags: crate::ByField(v.tags.clone()),
                            z_name: crate::ByField(v.z_name.clone()),
                        };
                        let what = format!(
                            "xlang {xlang} compatible {compatible} depth {depth} len {len}"
                        );
                        let err =
                            |e: fory_core::Error| e.to_string().replace("LaterByField", "Later");
                        let bytes = cursor.serialize(&v).map_err(err);
                        assert_eq!(bytes, fields.serialize(&w).map_err(err), "{what}");
                        match bytes {
                            Ok(bytes) => {
                                assert_eq!(
                                    cursor.deserialize::<Later>(&bytes).unwrap(),
                                    v,
                                    "{what}"
                                )
                            }
                            // only the list's own level fails: max_depth 1
                            // with elements
                            Err(e) => {
                                assert!(depth == 1 && len > 0, "{what}: {e}");
                                assert!(e.contains("tags"), "{e}");
                            }
                        }
                    }
                }
            }
        }
    }

    fn on_cursor(i: usize, len: usize) -> OnCursor {
        let long = "é".repeat(70);
        let kinds = ["", "ascii", "Zoë", "中文", "🦀", long.as_str()];
        let s = |k: usize| format!("{}{k}", kinds[(i + k) % kinds.len()]);
        OnCursor {
            n: i as i32 - 3,
            tags: (0..len).map(s).collect(),
            queue: (0..len).map(|k| s(k + 1)).collect(),
            names: (0..len).map(|k| s(k + 2)).collect(),
            pair: [s(i), s(i + 3)],
            linked: (0..len).map(|k| s(k + 4)).collect(),
            stamps: (0..len).map(|k| (k as i64 - 60) << (k % 50)).collect(),
            ids: (0..len as i32).map(|k| k * 1_000 - 500).collect(),
            hashed: (0..len).map(|k| s(k + 5)).collect(),
            after: s(i + 7),
            last: -(i as i64) << 40,
        }
    }

    fn by_field(v: &OnCursor) -> FieldByField {
        FieldByField {
            n: v.n,
            tags: crate::ByField(v.tags.clone()),
            queue: crate::ByField(v.queue.clone()),
            names: crate::ByField(v.names.clone()),
            pair: crate::ByField(v.pair.clone()),
            linked: crate::ByField(v.linked.clone()),
            stamps: crate::ByField(v.stamps.clone()),
            ids: crate::ByField(v.ids.clone()),
            hashed: crate::ByField(v.hashed.clone()),
            after: v.after.clone(),
            last: v.last,
        }
    }

    #[test]
    fn only_collections_of_plain_elements_are_cursor_fields() {
        use fory_core::object::UserType;
        let cursor_fields = [
            <Vec<String> as ForyType>::FORY_FIELD_PLAIN,
            <VecDeque<i64> as ForyType>::FORY_FIELD_PLAIN,
            <HashSet<String> as ForyType>::FORY_FIELD_PLAIN,
            <[String; 2] as ForyType>::FORY_FIELD_PLAIN,
        ];
        assert_eq!(cursor_fields, [true; 4]);
        // dense arrays and binaries (they may go out of band), nullable
        // elements, nested lists and structs keep the field path; and a
        // list is never plain as an element (its header depends on
        // whether its type is declared)
        let field_path = [
            <Vec<i32> as ForyType>::FORY_FIELD_PLAIN,
            <Vec<u8> as ForyType>::FORY_FIELD_PLAIN,
            <Vec<bool> as ForyType>::FORY_FIELD_PLAIN,
            <Vec<Option<String>> as ForyType>::FORY_FIELD_PLAIN,
            <Vec<Vec<String>> as ForyType>::FORY_FIELD_PLAIN,
            <Vec<Tagged> as ForyType>::FORY_FIELD_PLAIN,
            <Vec<String> as ForyType>::FORY_PLAIN,
        ];
        assert_eq!(field_path, [false; 7]);
        assert_eq!(<OnCursor as UserType>::FORY_PLAIN_PREFIX, 11);
        assert_eq!(<FieldByField as UserType>::FORY_PLAIN_PREFIX, 3);
    }

    #[test]
    fn give_the_bytes_of_field_by_field_writes() {
        for xlang in [false, true] {
            for compatible in [false, true] {
                let config = || Fory::builder().xlang(xlang).compatible(compatible);
                let mut cursor = config().build();
                cursor.register::<OnCursor>(310).unwrap();
                let mut fields = config().build();
                fields.register::<FieldByField>(310).unwrap();
                let mut all = Vec::new();
                for len in [0usize, 1, 2, 3, 130] {
                    for i in 0..6 {
                        let v = on_cursor(i, len);
                        let what = format!("xlang {xlang} compatible {compatible} len {len} i {i}");
                        let bytes = cursor.serialize(&v).unwrap();
                        assert_eq!(bytes, fields.serialize(&by_field(&v)).unwrap(), "{what}");
                        assert_eq!(cursor.deserialize::<OnCursor>(&bytes).unwrap(), v, "{what}");
                        // cut short anywhere (inside a list's header, an
                        // element's length or its bytes): an error, never
                        // a panic
                        if len <= 3 {
                            for cut in 0..bytes.len() {
                                assert!(
                                    cursor.deserialize::<OnCursor>(&bytes[..cut]).is_err(),
                                    "{what} cut {cut}"
                                );
                            }
                        }
                        all.push(v);
                    }
                }
                // in a list: every field of every value on one cursor
                let by: Vec<FieldByField> = all.iter().map(by_field).collect();
                let bytes = cursor.serialize(&all).unwrap();
                assert_eq!(bytes, fields.serialize(&by).unwrap());
                assert_eq!(cursor.deserialize::<Vec<OnCursor>>(&bytes).unwrap(), all);
            }
        }
    }

    /// A list field is one level deeper than its struct on the cursor too:
    /// the same limits fail, with the same error, and an empty list (no
    /// level entered) passes where a full one fails.
    #[test]
    fn a_list_field_nests_one_level_as_on_the_field_path() {
        let mut failed = 0;
        for depth in 1..4 {
            for len in [0usize, 2] {
                let mut cursor = Fory::builder().max_depth(depth).build();
                cursor.register::<Tagged>(311).unwrap();
                let mut fields = Fory::builder().max_depth(depth).build();
                fields.register::<TaggedByField>(311).unwrap();
                let tags: Vec<String> = (0..len).map(|k| format!("t{k}")).collect();
                let v = Tagged {
                    n: 1,
                    tags: tags.clone(),
                };
                let w = TaggedByField {
                    n: 1,
                    tags: crate::ByField(tags),
                };
                // the errors name the struct: the same name for both
                let err = |e: fory_core::Error| e.to_string().replace("TaggedByField", "Tagged");
                let one = cursor.serialize(&v).map_err(err);
                assert_eq!(
                    one,
                    fields.serialize(&w).map_err(err),
                    "max_depth {depth} len {len}"
                );
                if let Err(e) = &one {
                    assert!(e.contains("nesting deeper"), "{e}");
                    assert!(e.contains("tags"), "{e}");
                    failed += 1;
                }
                // in a list, one level deeper again
                let run = cursor.serialize(&vec![v.clone(); 3]).map_err(err);
                assert_eq!(
                    run,
                    fields.serialize(&vec![w.clone(); 3]).map_err(err),
                    "in a list: max_depth {depth} len {len}"
                );
                failed += run.is_err() as usize;
            }
        }
        // max_depth 1: the full list fails alone and in a list, and the
        // empty one in a list; max_depth 2: the full one in a list
        assert_eq!(failed, 4);
    }
}

/// A struct's string field is read in line in a run's loop and through a
/// shared read elsewhere; both copy the bytes and check them for ASCII in
/// one pass, and decode anything else from that copy. Non-ASCII text reads
/// back in both modes, and invalid UTF-8 is an error naming the field, in
/// a value, in a run and in a map's keys.
mod strings_read_from_their_copy {
    use std::collections::BTreeMap;

    use fory_core::{Fory, ForyObject};

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Named {
        n: i32,
        name: String,
    }

    /// Four `String` fields: a single value's strings are read out of
    /// line (`Named`'s one, `Trio`'s and `Mixed`'s are read in line).
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Four {
        first: String,
        n: i32,
        second: String,
        third: String,
        maybe: Option<String>,
        fourth: String,
    }

    /// Three string fields, the most a single value reads in line.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Trio {
        first: String,
        n: i32,
        maybe: Option<String>,
        third: String,
    }

    /// Three `String`s and two `Option<String>`s: an `Option`'s read is
    /// out of line either way, so only the three count, and the struct
    /// reads in line.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Mixed {
        first: Option<String>,
        second: String,
        n: i64,
        third: String,
        fourth: Option<String>,
        fifth: String,
    }

    fn fory(xlang: bool) -> Fory {
        let mut f = Fory::builder().xlang(xlang).build();
        f.register::<Named>(320).unwrap();
        f.register::<Four>(321).unwrap();
        f.register::<Trio>(322).unwrap();
        f.register::<Mixed>(323).unwrap();
        f
    }

    /// `v` reads back equal, and every cut of its bytes is an error.
    fn reads_back_and_every_cut_fails<T>(f: &Fory, v: &T)
    where
        T: fory_core::Serialize + fory_core::Deserialize + PartialEq + std::fmt::Debug,
    {
        let bytes = f.serialize(v).unwrap();
        assert_eq!(f.deserialize::<T>(&bytes).unwrap(), *v);
        for cut in 0..bytes.len() {
            assert!(f.deserialize::<T>(&bytes[..cut]).is_err(), "cut {cut}");
        }
    }

    #[test]
    fn few_string_fields_are_read_in_line_and_many_out_of_line_alike() {
        use fory_core::object::UserType;
        let in_line = (
            Named::FORY_READS_IN_LINE,
            Trio::FORY_READS_IN_LINE,
            Four::FORY_READS_IN_LINE,
            Mixed::FORY_READS_IN_LINE,
        );
        assert_eq!(in_line, (true, true, false, true));
        let texts = ["", "ascii", "Zoë", "中文", "🦀"];
        for xlang in [false, true] {
            let f = fory(xlang);
            for (i, t) in texts.iter().enumerate() {
                let four = Four {
                    first: t.to_string(),
                    n: -(i as i32),
                    second: t.repeat(i + 1),
                    third: format!("{t}{i}"),
                    maybe: (i % 2 == 0).then(|| t.to_string()),
                    fourth: t.repeat(2),
                };
                reads_back_and_every_cut_fails(&f, &four);
                let mixed = Mixed {
                    first: (i % 2 == 0).then(|| t.repeat(3)),
                    second: format!("{i}{t}{i}"),
                    n: i as i64 - 2,
                    third: t.to_string(),
                    fourth: (i % 3 != 1).then(|| format!("{t}.")),
                    fifth: t.repeat(i),
                };
                reads_back_and_every_cut_fails(&f, &mixed);
                let trio = Trio {
                    first: t.repeat(i + 1),
                    n: i as i32,
                    maybe: (i % 2 == 1).then(|| t.to_string()),
                    third: format!("{i}{t}"),
                };
                reads_back_and_every_cut_fails(&f, &trio);
            }
        }
        // invalid UTF-8 in the last string names it, out of line and in line
        let f = fory(false);
        let v = Four {
            first: "a".into(),
            n: 1,
            second: "b".into(),
            third: "abcdé".into(),
            maybe: None,
            fourth: "c".into(),
        };
        invalid_utf8_names(&f, &v, "third");
        let v = Trio {
            first: "a".into(),
            n: 1,
            maybe: Some("b".into()),
            third: "abcdé".into(),
        };
        invalid_utf8_names(&f, &v, "third");
        // and in a `String` after the `Option`s, and in an `Option`
        for field in ["fifth", "fourth"] {
            let v = Mixed {
                first: Some("x".into()),
                second: "y".into(),
                n: 3,
                third: "z".into(),
                fourth: Some(if field == "fourth" { "abcdé" } else { "w" }.into()),
                fifth: if field == "fifth" { "abcdé" } else { "v" }.into(),
            };
            invalid_utf8_names(&f, &v, field);
        }
    }

    /// `v` (holding "abcdé" in the field `field`) with that string's bytes
    /// made invalid UTF-8 reads as an error naming the field.
    fn invalid_utf8_names<T>(f: &Fory, v: &T, field: &str)
    where
        T: fory_core::Serialize + fory_core::Deserialize + std::fmt::Debug,
    {
        let bytes = patched(
            &f.serialize(v).unwrap(),
            "abcdé".as_bytes(),
            b"abcd\xff\xa9",
        );
        let e = f.deserialize::<T>(&bytes).unwrap_err().to_string();
        assert!(e.contains("invalid UTF-8") && e.contains(field), "{e}");
    }

    /// `bytes` with the first `from` replaced by `to` (same length).
    fn patched(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
        let at = bytes
            .windows(from.len())
            .position(|w| w == from)
            .expect("the pattern is in the bytes");
        let mut out = bytes.to_vec();
        out[at..at + to.len()].copy_from_slice(to);
        out
    }

    #[test]
    fn non_ascii_reads_back_and_invalid_utf8_names_the_field() {
        let texts = ["abcdé", "Zoë", "中文 text", "🦀", &"é".repeat(90)];
        for xlang in [false, true] {
            let f = fory(xlang);
            let values: Vec<Named> = texts
                .iter()
                .enumerate()
                .map(|(i, t)| Named {
                    n: i as i32,
                    name: t.to_string(),
                })
                .collect();
            for v in &values {
                let bytes = f.serialize(v).unwrap();
                assert_eq!(f.deserialize::<Named>(&bytes).unwrap(), *v);
            }
            let bytes = f.serialize(&values).unwrap();
            assert_eq!(f.deserialize::<Vec<Named>>(&bytes).unwrap(), values);
        }
        // native strings are UTF-8: "abcdé" with its é broken
        let f = fory(false);
        let one = Named {
            n: 1,
            name: "abcdé".into(),
        };
        invalid_utf8_names(&f, &one, "name");
        invalid_utf8_names(&f, &vec![one.clone(); 3], "name");
        // a map's key has no field to name
        let map: BTreeMap<String, i32> = [("abcdé".to_string(), 1), ("x".to_string(), 2)].into();
        invalid_utf8_names(&f, &map, "");
    }
}

/// `Option` fields of cursor types (numbers, `bool`, strings, lists of
/// them) write their null flag and value on the struct's output cursor,
/// and their two flags are read in line. `Option<Box<T>>` (a `Box` is
/// never a cursor type) takes the field-by-field path: the same bytes in
/// every mode, alone and in a list, and the same error for a `None` in a
/// field declared non-nullable.
mod optional_fields_on_the_cursor {
    use fory_core::{Fory, ForyObject};

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Opts {
        id: i64,
        a: Option<i64>,
        b: Option<String>,
        c: Option<i32>,
        d: String,
        e: Option<bool>,
        f: Option<Vec<String>>,
        g: Option<f64>,
        #[fory(nullable = false)]
        h: Option<u16>,
    }

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct ByFields {
        id: i64,
        a: crate::ByField<Option<i64>>,
        b: crate::ByField<Option<String>>,
        c: crate::ByField<Option<i32>>,
        d: String,
        e: crate::ByField<Option<bool>>,
        f: crate::ByField<Option<Vec<String>>>,
        g: crate::ByField<Option<f64>>,
        #[fory(nullable = false)]
        h: crate::ByField<Option<u16>>,
    }

    fn by_fields(o: &Opts) -> ByFields {
        ByFields {
            id: o.id,
            a: crate::ByField(o.a),
            b: crate::ByField(o.b.clone()),
            c: crate::ByField(o.c),
            d: o.d.clone(),
            e: crate::ByField(o.e),
            f: crate::ByField(o.f.clone()),
            g: crate::ByField(o.g),
            h: crate::ByField(o.h),
        }
    }

    /// Every field `None` and `Some` in turn, at several widths.
    fn values() -> Vec<Opts> {
        (0..64u32)
            .map(|i| {
                let on = |bit: u32| i & (1 << (bit % 6)) != 0;
                let wide = 1i64 << (i % 63);
                Opts {
                    id: -wide,
                    a: on(0).then_some(wide),
                    b: on(1).then(|| "é".repeat(i as usize % 5) + "name"),
                    c: on(2).then_some(-(i as i32) * 1000),
                    d: "d".repeat(i as usize % 3),
                    e: on(3).then_some(i % 2 == 0),
                    f: on(4).then(|| (0..i % 4).map(|k| format!("s{k}")).collect()),
                    g: on(5).then_some(f64::from(i) / 3.0),
                    h: Some(i as u16 * 999),
                }
            })
            .collect()
    }

    fn pair(xlang: bool, compatible: bool) -> (Fory, Fory) {
        let config = || Fory::builder().xlang(xlang).compatible(compatible).build();
        let (mut fast, mut slow) = (config(), config());
        fast.register::<Opts>(330).unwrap();
        slow.register::<ByFields>(330).unwrap();
        (fast, slow)
    }

    #[test]
    fn give_the_bytes_of_the_field_path_and_read_back() {
        for xlang in [false, true] {
            for compatible in [false, true] {
                let (fast, slow) = pair(xlang, compatible);
                let all = values();
                for v in &all {
                    let bytes = fast.serialize(v).unwrap();
                    assert_eq!(bytes, slow.serialize(&by_fields(v)).unwrap(), "{v:?}");
                    assert_eq!(fast.deserialize::<Opts>(&bytes).unwrap(), *v);
                    assert_eq!(slow.deserialize::<ByFields>(&bytes).unwrap(), by_fields(v));
                    for cut in 0..bytes.len() {
                        assert!(fast.deserialize::<Opts>(&bytes[..cut]).is_err());
                    }
                }
                let bytes = fast.serialize(&all).unwrap();
                let slow_all: Vec<ByFields> = all.iter().map(by_fields).collect();
                assert_eq!(bytes, slow.serialize(&slow_all).unwrap());
                assert_eq!(fast.deserialize::<Vec<Opts>>(&bytes).unwrap(), all);
            }
        }
    }

    /// An `Option` of a list is one level deeper than its struct on the
    /// cursor too: the same limits fail with the same error, and `None`
    /// or an empty list (no level entered) pass where a full one fails.
    #[test]
    fn an_optional_list_nests_one_level_as_on_the_field_path() {
        use fory_core::ForyType;
        let on_cursor = <Option<Vec<String>> as ForyType>::FORY_FIELD_PLAIN;
        assert!(on_cursor);
        let mut failed = 0;
        for depth in 1..4 {
            let config = || Fory::builder().max_depth(depth).build();
            let (mut fast, mut slow) = (config(), config());
            fast.register::<Opts>(330).unwrap();
            slow.register::<ByFields>(330).unwrap();
            for list in [None, Some(vec![]), Some(vec!["x".to_string(); 2])] {
                let mut v = values().remove(0);
                v.f = list;
                let err = |e: fory_core::Error| e.to_string().replace("::ByFields", "::Opts");
                let one = fast.serialize(&v).map_err(err);
                assert_eq!(one, slow.serialize(&by_fields(&v)).map_err(err), "{depth}");
                if let Err(e) = &one {
                    assert!(e.contains("nesting deeper") && e.contains('f'), "{e}");
                    failed += 1;
                }
                let run = fast.serialize(&vec![v.clone(); 2]).map_err(err);
                assert_eq!(run, slow.serialize(&vec![by_fields(&v); 2]).map_err(err));
                failed += run.is_err() as usize;
            }
        }
        // max_depth 1: the full list alone, and every value in a list (a
        // struct in a list is already at the limit); max_depth 2: the full
        // one in a list
        assert_eq!(failed, 5);
    }

    #[test]
    fn none_in_a_non_nullable_field_is_the_same_error() {
        let (fast, slow) = pair(false, false);
        let mut v = values().remove(7);
        v.h = None;
        let e = fast.serialize(&v).unwrap_err().to_string();
        assert!(
            e.contains("declared non-nullable") && e.contains('h'),
            "{e}"
        );
        let slow_e = slow.serialize(&by_fields(&v)).unwrap_err().to_string();
        assert_eq!(e, slow_e.replace("::ByFields", "::Opts"));
        // in a list too
        let e = fast.serialize(&vec![v.clone(), v]).unwrap_err().to_string();
        assert!(e.contains("declared non-nullable"), "{e}");
    }

    /// A writer that tracks references flags a value `REF_VALUE` (0), not
    /// `NOT_NULL`: the in-line read leaves every flag but its two to the
    /// general one, which reads it; a flag that is none of the four is an
    /// error.
    #[test]
    fn other_flags_take_the_general_read() {
        let (fast, _) = pair(false, false);
        let v = Opts {
            id: 1,
            a: None,
            b: Some("marker-text".into()),
            c: None,
            d: String::new(),
            e: None,
            f: None,
            g: None,
            h: Some(2),
        };
        let bytes = fast.serialize(&v).unwrap();
        // the flag, then the string's header (length 11 << 2 | encoding)
        let at = bytes
            .windows(11)
            .position(|w| w == b"marker-text")
            .expect("the string is in the bytes")
            - 2;
        assert_eq!(bytes[at] as i8, -1, "NOT_NULL before the header");
        let mut tracked = bytes.clone();
        tracked[at] = 0;
        assert_eq!(fast.deserialize::<Opts>(&tracked).unwrap(), v);
        let mut bad = bytes;
        bad[at] = 5;
        assert!(fast.deserialize::<Opts>(&bad).is_err());
    }
}

/// A list of `Option`s of plain data (`Vec<Option<i64>>`,
/// `Vec<Option<String>>`) writes each element's flag and data on one output
/// cursor. Its bytes are those of the element-by-element write, which an
/// `Option<Box<T>>` element still takes (a `Box` is its contents on the
/// wire), in every mode, with and without nulls; and they read back.
mod lists_of_options {
    use fory_core::{Deserialize, Fory, Serialize};

    fn modes() -> Vec<Fory> {
        let mut v = Vec::new();
        for xlang in [false, true] {
            for compatible in [false, true] {
                v.push(Fory::builder().xlang(xlang).compatible(compatible).build());
            }
        }
        v
    }

    fn same_bytes_as_boxed<T>(values: &[Option<T>])
    where
        T: Serialize + Deserialize + Clone + PartialEq + std::fmt::Debug,
    {
        let boxed: Vec<Option<Box<T>>> = values.iter().map(|v| v.clone().map(Box::new)).collect();
        let plain = values.to_vec();
        for f in modes() {
            let bytes = f.serialize(&plain).unwrap();
            assert_eq!(bytes, f.serialize(&boxed).unwrap(), "{:?}", f.config());
            assert_eq!(f.deserialize::<Vec<Option<T>>>(&bytes).unwrap(), plain);
            for cut in 0..bytes.len() {
                assert!(f.deserialize::<Vec<Option<T>>>(&bytes[..cut]).is_err());
            }
        }
    }

    #[test]
    fn write_the_element_by_element_bytes() {
        let wide = [
            Some(0i64),
            None,
            Some(-1),
            Some(i64::MAX),
            None,
            Some(i64::MIN),
            Some(300),
        ];
        same_bytes_as_boxed(&wide);
        same_bytes_as_boxed(&wide.iter().flatten().map(|&v| Some(v)).collect::<Vec<_>>());
        same_bytes_as_boxed(&[None::<i64>, None]);
        same_bytes_as_boxed::<i64>(&[]);
        same_bytes_as_boxed(&[Some(1i32), None, Some(-70_000), Some(i32::MIN)]);
        same_bytes_as_boxed(&[Some(7u8), None, Some(255)]);
        same_bytes_as_boxed(&[Some(u64::MAX), None, Some(1 << 40)]);
        same_bytes_as_boxed(&[Some(true), None, Some(false)]);
        same_bytes_as_boxed(&[Some(1.5f64), None, Some(f64::NEG_INFINITY)]);
        same_bytes_as_boxed(&[Some(-0.5f32), None]);
        same_bytes_as_boxed(&[Some(-2i16), None, Some(i16::MAX)]);
        let texts = ["", "ascii", "Zoë", "中文", "🦀"];
        let strings: Vec<Option<String>> = texts
            .iter()
            .enumerate()
            .flat_map(|(i, t)| [Some(t.repeat(i + 1)), None])
            .collect();
        same_bytes_as_boxed(&strings);
        same_bytes_as_boxed(
            &strings
                .iter()
                .flatten()
                .cloned()
                .map(Some)
                .collect::<Vec<_>>(),
        );
    }
    /// Bad flags and bytes in such a list are errors that say what they
    /// found, never a panic; a back-reference flag among the elements
    /// (only a ref-tracking writer makes one) is an error here too.
    #[test]
    fn a_bad_element_flag_is_an_error() {
        for f in modes() {
            let nulls = f.serialize(&vec![None::<i64>, None, None]).unwrap();
            assert_eq!(
                nulls[nulls.len() - 3..],
                [0xfd; 3],
                "three NULL flags end it"
            );
            for (flag, says) in [(0x05u8, "invalid reference flag 0x05"), (0xfe, "")] {
                let mut bad = nulls.clone();
                *bad.last_mut().unwrap() = flag;
                let e = f.deserialize::<Vec<Option<i64>>>(&bad).unwrap_err();
                assert!(e.to_string().contains(says), "{e}");
            }
            // every byte of a mixed list, set to each of a few values
            let mixed = vec![Some(-1i64), None, Some(1 << 40), None];
            let bytes = f.serialize(&mixed).unwrap();
            for at in 0..bytes.len() {
                for v in [0x00, 0x05, 0x7f, 0x80, 0xfd, 0xfe, 0xff] {
                    let mut bad = bytes.clone();
                    bad[at] = v;
                    if let Err(e) = f.deserialize::<Vec<Option<i64>>>(&bad) {
                        assert!(!e.to_string().is_empty());
                    }
                    let _ = f.deserialize::<Vec<Option<String>>>(&bad);
                }
            }
        }
    }
}

// ----- writes by constant field index (`FieldAt`) against the match forms -----

/// A struct without generic parameters writes its fields one call per
/// position (`FieldAt`), and reads them so past the unroll limit
/// (`FieldReadAt`); a generic one, through a `match` per position up to
/// the unroll limit and a loop past it. Each struct here has a generic
/// twin with the same fields (the first one's type a parameter, given the
/// same type): both forms must write the same bytes, and read them back.
mod by_index {
    use fory_core::{Fory, ForyObject};

    /// A wrapping number as its `i64` (a converted field is never plain).
    pub mod wrapping_as_i64 {
        use std::num::Wrapping;
        pub type Wire = i64;
        pub fn to_wire(v: &Wrapping<i64>) -> i64 {
            v.0
        }
        pub fn from_wire(w: i64) -> Result<Wrapping<i64>, fory_core::Error> {
            Ok(Wrapping(w))
        }
    }

    #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
    pub struct Leaf {
        pub x: i32,
        pub s: String,
    }

    /// `$name` with `$first: $ty` and `$gname<T>` with `$first: T`, the
    /// other fields the same.
    macro_rules! twins {
        ($name:ident, $gname:ident, $first:ident: $ty:ty, { $($(#[$a:meta])* $f:ident: $t:ty,)* }) => {
            #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
            pub struct $name {
                pub $first: $ty,
                $($(#[$a])* pub $f: $t,)*
            }
            #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
            pub struct $gname<T> {
                pub $first: T,
                $($(#[$a])* pub $f: $t,)*
            }
        };
    }

    // every field plain: a list of them is written as one run on the
    // cursor (by index; the generic twin value by value)
    twins!(PlainWide, PlainWideG, a00: i64, {
        a01: i32, a02: bool, a03: String, a04: Option<i32>, a05: f64,
        a06: u8, a07: i16, a08: Option<String>, a09: Vec<String>, a10: u64,
        a11: f32, a12: String, a13: i8, a14: Option<i64>, a15: u32,
        a16: i64, a17: bool, a18: Vec<String>, a19: i32, a20: String,
        a21: u16, a22: Option<bool>, a23: f64, a24: i64, a25: String,
    });

    // plain fields, then fields written through the context: a struct, an
    // optional struct, a map, a converted field, a nullable-forced number
    twins!(MixedWide, MixedWideG, b00: i64, {
        b01: i32, b02: String, b03: Option<String>, b04: Leaf,
        b05: Option<Leaf>, b06: Vec<Leaf>,
        b07: std::collections::HashMap<String, i32>,
        #[fory(with = "wrapping_as_i64")] b08: std::num::Wrapping<i64>,
        #[fory(nullable = true)] b09: i32,
        b10: bool, b11: f64, b12: u64, b13: i16, b14: Vec<i64>, b15: String,
        b16: i8, b17: u8, b18: Option<i32>, b19: f32, b20: i32, b21: i64,
        b22: String, b23: bool, b24: i32, b25: i64, b26: u32,
    });

    // narrow: by index against the unrolled `match`
    twins!(Narrow, NarrowG, c00: i64, {
        c01: String, c02: Option<Leaf>, c03: i32, c04: Vec<Option<i64>>,
        #[fory(with = "wrapping_as_i64")] c05: std::num::Wrapping<i64>,
    });

    fn plain_wide(i: i64) -> PlainWide {
        PlainWide {
            a00: i << 40,
            a01: -(i as i32),
            a02: i % 2 == 0,
            a03: format!("p{i}"),
            a04: (i % 3 != 0).then_some(i as i32 * 7),
            a05: i as f64 / 3.0,
            a08: (i % 2 == 1).then(|| "Zoë".to_string()),
            a09: (0..i).map(|k| k.to_string()).collect(),
            a14: Some(i64::MIN + i),
            a18: vec!["x".into(); i as usize % 3],
            a22: Some(false),
            a24: -i,
            a25: "🦀".repeat(i as usize % 2),
            ..Default::default()
        }
    }

    fn mixed_wide(i: i64) -> MixedWide {
        MixedWide {
            b00: i * 1_000_003,
            b02: format!("m{i}"),
            b03: (i % 2 == 0).then(|| "é".into()),
            b04: Leaf {
                x: i as i32,
                s: "leaf".into(),
            },
            b05: (i % 2 == 1).then(Leaf::default),
            b06: vec![Leaf::default(); i as usize % 3],
            b07: [("k".to_string(), i as i32)].into_iter().collect(),
            b08: std::num::Wrapping(i64::MIN + i),
            b09: -7,
            b14: vec![i64::MAX, i],
            b26: u32::MAX,
            ..Default::default()
        }
    }

    fn narrow(i: i64) -> Narrow {
        Narrow {
            c00: i,
            c01: "n".repeat(i as usize),
            c02: (i % 2 == 0).then(Leaf::default),
            c03: i32::MIN,
            c04: vec![Some(i), None],
            c05: std::num::Wrapping(-i),
        }
    }

    /// The generic twin of a value: the same fields, moved over.
    macro_rules! twin_of {
        ($v:expr, $gname:ident { $($f:ident),* }) => {{
            let v = $v;
            $gname { $($f: v.$f,)* }
        }};
    }

    fn plain_twin(v: PlainWide) -> PlainWideG<i64> {
        twin_of!(
            v,
            PlainWideG {
                a00,
                a01,
                a02,
                a03,
                a04,
                a05,
                a06,
                a07,
                a08,
                a09,
                a10,
                a11,
                a12,
                a13,
                a14,
                a15,
                a16,
                a17,
                a18,
                a19,
                a20,
                a21,
                a22,
                a23,
                a24,
                a25
            }
        )
    }

    fn mixed_twin(v: MixedWide) -> MixedWideG<i64> {
        twin_of!(
            v,
            MixedWideG {
                b00,
                b01,
                b02,
                b03,
                b04,
                b05,
                b06,
                b07,
                b08,
                b09,
                b10,
                b11,
                b12,
                b13,
                b14,
                b15,
                b16,
                b17,
                b18,
                b19,
                b20,
                b21,
                b22,
                b23,
                b24,
                b25,
                b26
            }
        )
    }

    fn narrow_twin(v: Narrow) -> NarrowG<i64> {
        twin_of!(
            v,
            NarrowG {
                c00,
                c01,
                c02,
                c03,
                c04,
                c05
            }
        )
    }

    /// Both forms' bytes for `values` (alone and as a list) are equal in
    /// each mode, read back, and every cut of them is an error.
    fn same_bytes<A, B>(values: &[A], twin: impl Fn(A) -> B)
    where
        A: fory_core::object::UserType
            + fory_core::Serialize
            + fory_core::Deserialize
            + Clone
            + PartialEq
            + std::fmt::Debug,
        B: fory_core::object::UserType
            + fory_core::Serialize
            + fory_core::Deserialize
            + Clone
            + PartialEq
            + std::fmt::Debug,
    {
        let twins: Vec<B> = values.iter().cloned().map(&twin).collect();
        for xlang in [false, true] {
            for compatible in [false, true] {
                let what = format!("xlang {xlang} compatible {compatible}");
                let mut fa = Fory::builder().xlang(xlang).compatible(compatible).build();
                let mut fb = Fory::builder().xlang(xlang).compatible(compatible).build();
                for f in [&mut fa, &mut fb] {
                    f.register::<Leaf>(1).unwrap();
                }
                fa.register::<A>(2).unwrap();
                fb.register::<B>(2).unwrap();
                for (a, b) in values.iter().zip(&twins) {
                    let bytes = fa.serialize(a).unwrap();
                    assert_eq!(bytes, fb.serialize(b).unwrap(), "{what}");
                    assert_eq!(&fa.deserialize::<A>(&bytes).unwrap(), a, "{what}");
                    assert_eq!(&fb.deserialize::<B>(&bytes).unwrap(), b, "{what}");
                }
                let bytes = fa.serialize(values).unwrap();
                assert_eq!(bytes, fb.serialize(&twins).unwrap(), "{what}");
                assert_eq!(fa.deserialize::<Vec<A>>(&bytes).unwrap(), values, "{what}");
                assert_eq!(fb.deserialize::<Vec<B>>(&bytes).unwrap(), twins, "{what}");
                for cut in 0..bytes.len() {
                    assert!(
                        fa.deserialize::<Vec<A>>(&bytes[..cut]).is_err(),
                        "{what} cut {cut}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_field_plain_and_wide() {
        use fory_core::object::UserType;
        assert_eq!(PlainWide::FORY_PLAIN_PREFIX, 26, "all plain: the run form");
        assert_eq!(
            PlainWide::FORY_FIELD_ORDER,
            PlainWideG::<i64>::FORY_FIELD_ORDER
        );
        same_bytes(&(0..5).map(plain_wide).collect::<Vec<_>>(), plain_twin);
    }

    #[test]
    fn wide_with_fields_written_through_the_context() {
        use fory_core::object::UserType;
        let prefix = MixedWide::FORY_PLAIN_PREFIX;
        assert!(
            prefix > 0 && prefix < 27,
            "a plain run, then the rest: {prefix}"
        );
        assert_eq!(
            MixedWide::FORY_FIELD_ORDER,
            MixedWideG::<i64>::FORY_FIELD_ORDER
        );
        same_bytes(&(0..4).map(mixed_wide).collect::<Vec<_>>(), mixed_twin);
    }

    #[test]
    fn narrow_by_index_and_unrolled() {
        same_bytes(&(0..4).map(narrow).collect::<Vec<_>>(), narrow_twin);
    }

    /// A wide tuple struct declared in a function body takes the by-index
    /// writes and reads too (fields named `0`, `1`, ...).
    #[test]
    fn a_wide_tuple_struct_in_a_function_body() {
        #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
        struct T26(
            i64,
            String,
            i32,
            Option<i64>,
            bool,
            f64,
            String,
            u8,
            i16,
            Vec<String>,
            i64,
            String,
            i32,
            Option<i64>,
            bool,
            f64,
            String,
            u8,
            i16,
            Vec<String>,
            Leaf,
            Option<Leaf>,
            u64,
            f32,
            i8,
            String,
        );
        let v = T26(
            -1,
            "a".into(),
            2,
            Some(3),
            true,
            4.5,
            "é".into(),
            5,
            -6,
            vec!["x".into()],
            1 << 40,
            "b".into(),
            -7,
            None,
            false,
            -8.25,
            String::new(),
            9,
            10,
            vec![],
            Leaf {
                x: 11,
                s: "leaf".into(),
            },
            Some(Leaf::default()),
            u64::MAX,
            1.5,
            -12,
            "z".into(),
        );
        for xlang in [false, true] {
            for compatible in [false, true] {
                let mut f = Fory::builder().xlang(xlang).compatible(compatible).build();
                f.register::<Leaf>(1).unwrap();
                f.register::<T26>(2).unwrap();
                let bytes = f.serialize(&v).unwrap();
                assert_eq!(f.deserialize::<T26>(&bytes).unwrap(), v);
                let list = vec![v.clone(), T26::default(), v.clone()];
                let bytes = f.serialize(&list).unwrap();
                assert_eq!(f.deserialize::<Vec<T26>>(&bytes).unwrap(), list);
                for cut in 0..bytes.len() {
                    assert!(f.deserialize::<Vec<T26>>(&bytes[..cut]).is_err());
                }
            }
        }
    }

    /// `v`, whose field `field` holds "abcdé", read alone and at the end
    /// of a list after `first`, with the é made invalid UTF-8: both reads
    /// fail, naming the field.
    fn bad_utf8_names_the_field<T>(v: T, first: T, field: &str)
    where
        T: fory_core::object::UserType + fory_core::Serialize + fory_core::Deserialize,
        T: std::fmt::Debug,
    {
        let mut f = Fory::builder().xlang(false).compatible(false).build();
        f.register::<Leaf>(1).unwrap();
        f.register::<T>(2).unwrap();
        let bad = |bytes: Vec<u8>| {
            let from = "abcdé".as_bytes();
            let at = bytes.windows(from.len()).position(|w| w == from).unwrap();
            let mut out = bytes;
            out[at + 4] = 0xff;
            out
        };
        let e = f
            .deserialize::<T>(&bad(f.serialize(&v).unwrap()))
            .unwrap_err();
        assert!(e.to_string().contains(field), "{e}");
        let list = vec![first, v];
        let e = f
            .deserialize::<Vec<T>>(&bad(f.serialize(&list).unwrap()))
            .unwrap_err();
        assert!(e.to_string().contains(field), "{e}");
    }

    /// A field's read error names the field in the by-index form, for a
    /// value read alone and in a list: invalid UTF-8 in the last string.
    #[test]
    fn a_field_read_error_names_the_field() {
        let v = PlainWide {
            a25: "abcdé".into(),
            ..plain_wide(1)
        };
        bad_utf8_names_the_field(v, plain_wide(2), "a25");
    }

    /// A field's write error still names the field in the by-index form:
    /// with room for one level of nesting, the first nested struct in wire
    /// order fails.
    #[test]
    fn a_field_error_names_the_field() {
        let v = mixed_wide(1);
        let mut f = Fory::builder().max_depth(1).build();
        f.register::<Leaf>(1).unwrap();
        f.register::<MixedWide>(2).unwrap();
        let e = f.serialize(&v).unwrap_err().to_string();
        assert!(
            e.contains("b04") || e.contains("b05") || e.contains("b06"),
            "{e}"
        );
    }

    // Structs of up to 24 fields without generic parameters read in the
    // wire order the derive guesses from their fields' syntax, checked
    // against the compiler's order in a constant (`FORY_GUESSED_ORDER`);
    // when the guess is wrong they read one call per position. Each
    // struct below has a generic twin (first field a parameter), which
    // reads through the unrolled `match`: all three forms write and read
    // the same bytes.

    /// Declared as a number, seen as a name by the macro.
    pub type Count = i64;

    // every number type and `bool` the derive recognises, alone, in an
    // `Option` and forced nullable, between fields of other types
    twins!(Guessed, GuessedG, name: String, {
        flag: bool, tiny: i8, short: i16, int: i32, long: i64, size: isize,
        byte: u8, ushort: u16, uint: u32, ulong: u64, usz: usize,
        half: fory_core::half::f16, single: f32, double: std::primitive::f64,
        maybe_int: Option<i32>, maybe_long: Option<i64>, maybe_flag: Option<bool>,
        maybe_double: ::core::option::Option<f64>,
        #[fory(nullable = true)] forced: u16,
        leaf: Leaf, leaves: Vec<Leaf>, map: std::collections::HashMap<String, i32>,
        bytes: Vec<u8>,
    });

    // a type alias of a number
    twins!(Aliased, AliasedG, name: String, {
        count: Count, flag: bool, score: f64, maybe: Option<i32>, leaf: Option<Leaf>,
    });

    // a boxed number: on the wire, the number (so it goes before the
    // name, where the guess puts it after)
    twins!(Boxed, BoxedG, name: String, {
        value: Box<i32>, flag: bool, score: f64, small: i16,
    });

    fn guessed(i: i64) -> Guessed {
        use fory_core::half::f16;
        Guessed {
            name: format!("g{i}"),
            flag: i % 2 == 0,
            tiny: -(i as i8),
            short: i16::MIN + i as i16,
            int: i as i32 * -70_001,
            long: i << 50,
            size: -(i as isize) << 40,
            byte: 200 + i as u8,
            ushort: u16::MAX - i as u16,
            uint: u32::MAX - i as u32,
            ulong: u64::MAX >> i,
            usz: i as usize * 1_000_003,
            half: f16::from_f32(i as f32 * 0.5),
            single: -1.5 * i as f32,
            double: i as f64 / 7.0,
            maybe_int: (i % 2 == 1).then_some(i as i32),
            maybe_long: (i % 3 != 0).then_some(i64::MIN + i),
            maybe_flag: (i % 2 == 0).then_some(true),
            maybe_double: (i > 1).then_some(f64::MAX),
            forced: i as u16,
            leaf: Leaf {
                x: i as i32,
                s: "l".repeat(i as usize),
            },
            leaves: vec![Leaf::default(); i as usize % 3],
            map: [(format!("k{i}"), i as i32)].into_iter().collect(),
            bytes: vec![i as u8; i as usize],
        }
    }

    fn guessed_twin(v: Guessed) -> GuessedG<String> {
        twin_of!(
            v,
            GuessedG {
                name,
                flag,
                tiny,
                short,
                int,
                long,
                size,
                byte,
                ushort,
                uint,
                ulong,
                usz,
                half,
                single,
                double,
                maybe_int,
                maybe_long,
                maybe_flag,
                maybe_double,
                forced,
                leaf,
                leaves,
                map,
                bytes
            }
        )
    }

    #[test]
    fn the_guessed_order_reads_every_recognised_type() {
        use fory_core::object::UserType;
        let holds = [Guessed::FORY_GUESSED_ORDER];
        assert_eq!(holds, [true], "the guess holds");
        assert_eq!(
            Guessed::FORY_FIELD_ORDER,
            GuessedG::<String>::FORY_FIELD_ORDER
        );
        // numbers first: the guess is not the declaration order
        assert_ne!(Guessed::FORY_FIELD_ORDER[0], 0);
        same_bytes(&(0..5).map(guessed).collect::<Vec<_>>(), guessed_twin);
    }

    #[test]
    fn a_wrong_guess_reads_one_call_per_position() {
        use fory_core::object::UserType;
        // an alias looks like a struct; a box of a number is a number; a
        // converted `i64`
        let guessed = [
            Aliased::FORY_GUESSED_ORDER,
            Boxed::FORY_GUESSED_ORDER,
            Narrow::FORY_GUESSED_ORDER,
        ];
        assert_eq!(guessed, [false; 3]);
        let aliased = |i: i64| Aliased {
            name: "a".repeat(i as usize),
            count: -i << 33,
            flag: i % 2 == 1,
            score: i as f64,
            maybe: (i % 2 == 0).then_some(i as i32),
            leaf: (i > 1).then(Leaf::default),
        };
        same_bytes(&(0..4).map(aliased).collect::<Vec<_>>(), |v| {
            twin_of!(
                v,
                AliasedG {
                    name,
                    count,
                    flag,
                    score,
                    maybe,
                    leaf
                }
            )
        });
        let boxed = |i: i64| Boxed {
            name: format!("b{i}"),
            value: Box::new(i as i32 * 1_000),
            flag: i % 2 == 0,
            score: -(i as f64),
            small: i as i16,
        };
        same_bytes(&(0..4).map(boxed).collect::<Vec<_>>(), |v| {
            twin_of!(
                v,
                BoxedG {
                    name,
                    value,
                    flag,
                    score,
                    small
                }
            )
        });
    }

    // A generic struct's guess puts a field of its parameter's type with
    // the rest: right for `TaggedG<String>`, wrong for `TaggedG<f64>` (a
    // number goes first). Such a struct keeps the unrolled `match`. One
    // whose parameter appears only in a list (`PageG`, `ListedG`) reads
    // and writes in the guessed order, or in loops over the order when
    // the guess is wrong (`ListedG`'s alias, a number, which the guess
    // puts after the list and the string).
    twins!(Tagged, TaggedG, value: f64, {
        id: u64, name: String, flag: bool,
    });

    /// `$name` with `items: Vec<i32>` and `$gname<T>` with `items: Vec<T>`.
    macro_rules! listed_twins {
        ($name:ident, $gname:ident, { $($f:ident: $t:ty,)* }) => {
            #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
            pub struct $name {
                pub items: Vec<i32>,
                $(pub $f: $t,)*
            }
            #[derive(ForyObject, Debug, PartialEq, Clone, Default)]
            pub struct $gname<T> {
                pub items: Vec<T>,
                $(pub $f: $t,)*
            }
        };
    }
    listed_twins!(Page, PageG, { total: u64, title: String, score: f64, next: Option<Leaf>, });
    listed_twins!(Listed, ListedG, { weight: Count, name: String, flag: bool, });

    #[test]
    fn generic_structs_guessed_unrolled_and_in_loops() {
        use fory_core::object::UserType;
        let holds = [
            Tagged::FORY_GUESSED_ORDER,
            TaggedG::<String>::FORY_GUESSED_ORDER,
            TaggedG::<f64>::FORY_GUESSED_ORDER,
            PageG::<i32>::FORY_GUESSED_ORDER,
            ListedG::<i32>::FORY_GUESSED_ORDER,
        ];
        assert_eq!(holds, [true, true, false, true, false]);
        // `TaggedG`: every field plain, so lists of them are runs on the
        // cursor; `ListedG`: a plain run, then the rest through the context
        assert_eq!(TaggedG::<f64>::FORY_PLAIN_PREFIX, 4);
        let prefix = ListedG::<i32>::FORY_PLAIN_PREFIX;
        assert!((1..4).contains(&prefix), "{prefix}");
        let tagged = |i: i64| Tagged {
            value: i as f64 * -0.25,
            id: u64::MAX >> i,
            name: "t".repeat(i as usize),
            flag: i % 2 == 0,
        };
        same_bytes(&(0..4).map(tagged).collect::<Vec<_>>(), |v| {
            twin_of!(
                v,
                TaggedG {
                    value,
                    id,
                    name,
                    flag
                }
            )
        });
        let page = |i: i64| Page {
            items: (0..i as i32).map(|k| k * -1_000).collect(),
            total: 1 << (10 * i),
            title: format!("p{i}"),
            score: i as f64,
            next: (i % 2 == 1).then(Leaf::default),
        };
        same_bytes(&(0..4).map(page).collect::<Vec<_>>(), |v| {
            twin_of!(
                v,
                PageG {
                    items,
                    total,
                    title,
                    score,
                    next
                }
            )
        });
        let listed = |i: i64| Listed {
            items: vec![i as i32; i as usize],
            weight: -i << 20,
            name: "l".repeat(i as usize),
            flag: i % 2 == 1,
        };
        same_bytes(&(0..4).map(listed).collect::<Vec<_>>(), |v| {
            twin_of!(
                v,
                ListedG {
                    items,
                    weight,
                    name,
                    flag
                }
            )
        });
    }

    /// A read error in the guessed order names the field, alone and in a
    /// list: invalid UTF-8 in the name.
    #[test]
    fn a_read_error_in_the_guessed_order_names_the_field() {
        let v = Guessed {
            name: "abcdé".into(),
            ..guessed(1)
        };
        bad_utf8_names_the_field(v, guessed(2), "name");
    }
}

// ----- enum fields on the cursor -----

/// A unit enum whose discriminants all fit a varuint32 is a cursor field
/// (`ForyType::FORY_FIELD_PLAIN`): alone, optional, declared nullable,
/// after a string, at every varuint32 width, it is written on its
/// struct's output cursor with the plain fields around it, to the bytes
/// of the field-by-field path, in every mode, with and without ref
/// tracking, alone, in a list and in a map. (A discriminant outside them
/// is a compile error: ui/enum_discriminant_out_of_range.rs.)
mod enum_fields_on_the_cursor {
    use std::collections::BTreeMap;

    use fory_core::{Fory, ForyObject, ForyType};

    use crate::ByField;

    #[derive(ForyObject, Debug, Clone, Copy, PartialEq, Default)]
    pub enum Status {
        #[default]
        Active,
        Inactive,
        Banned,
    }

    /// Discriminants at every varuint32 width, the widest last.
    #[derive(ForyObject, Debug, Clone, Copy, PartialEq)]
    #[repr(u32)]
    pub enum Sparse {
        Zero = 0,
        One = 127,
        Two = 128,
        Three = 16_384,
        Four = 2_097_152,
        Five = 268_435_456,
        Top = 4_294_967_295,
    }

    /// A signed representation wider than the wire's, its discriminants
    /// at the ends of a varuint32's range.
    #[derive(ForyObject, Debug, Clone, Copy, PartialEq)]
    #[repr(i64)]
    pub enum Wide {
        Small = 0,
        Big = 4_294_967_295,
    }

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Record {
        id: i64,
        status: Status,
        sparse: Sparse,
        maybe: Option<Status>,
        #[fory(nullable = true)]
        flagged: Status,
        name: String,
        /// Not a cursor field (a list with nulls): the enum fields after
        /// it in the wire order go on a cursor of their own.
        notes: Vec<Option<String>>,
        after: Status,
        flag: bool,
    }

    /// The same, every enum written the generic way.
    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct RecordByField {
        id: i64,
        status: ByField<Status>,
        sparse: ByField<Sparse>,
        maybe: ByField<Option<Status>>,
        #[fory(nullable = true)]
        flagged: ByField<Status>,
        name: String,
        notes: Vec<Option<String>>,
        after: ByField<Status>,
        flag: bool,
    }

    /// Numbers and enums only.
    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct Tally {
        count: u32,
        status: Status,
        maybe: Option<Sparse>,
    }

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct TallyByField {
        count: u32,
        status: ByField<Status>,
        maybe: ByField<Option<Sparse>>,
    }

    #[derive(ForyObject, Debug, Clone, PartialEq)]
    pub struct WithWide {
        id: i32,
        wide: Wide,
    }

    fn records() -> Vec<Record> {
        let statuses = [Status::Active, Status::Inactive, Status::Banned];
        let sparse = [
            Sparse::Zero,
            Sparse::One,
            Sparse::Two,
            Sparse::Three,
            Sparse::Four,
            Sparse::Five,
            Sparse::Top,
        ];
        (0..21)
            .map(|i| Record {
                id: i as i64 * 1_000_003 - 7,
                status: statuses[i % 3],
                sparse: sparse[i % 7],
                maybe: (i % 2 == 0).then_some(statuses[(i + 1) % 3]),
                flagged: statuses[(i + 2) % 3],
                name: "n".repeat(i % 4),
                notes: (0..i % 3)
                    .map(|k| (k != 1).then(|| k.to_string()))
                    .collect(),
                after: statuses[i / 7],
                flag: i % 5 == 0,
            })
            .collect()
    }

    fn by_field(r: &Record) -> RecordByField {
        RecordByField {
            id: r.id,
            status: ByField(r.status),
            sparse: ByField(r.sparse),
            maybe: ByField(r.maybe),
            flagged: ByField(r.flagged),
            name: r.name.clone(),
            notes: r.notes.clone(),
            after: ByField(r.after),
            flag: r.flag,
        }
    }

    fn fory<T: fory_core::object::UserType>(xlang: bool, compatible: bool, refs: bool) -> Fory {
        let mut f = Fory::builder()
            .xlang(xlang)
            .compatible(compatible)
            .ref_tracking(refs)
            .build();
        f.register::<Status>(92).unwrap();
        f.register::<Sparse>(93).unwrap();
        f.register::<T>(91).unwrap();
        f
    }

    fn tallies() -> (Vec<Tally>, Vec<TallyByField>) {
        let sparse = [None, Some(Sparse::Two), Some(Sparse::Top)];
        let statuses = [Status::Banned, Status::Active];
        let fast: Vec<Tally> = (0..30u32)
            .map(|i| Tally {
                count: i.wrapping_mul(2_654_435_761),
                status: statuses[i as usize % 2],
                maybe: sparse[i as usize % 3],
            })
            .collect();
        let slow = fast
            .iter()
            .map(|t| TallyByField {
                count: t.count,
                status: ByField(t.status),
                maybe: ByField(t.maybe),
            })
            .collect();
        (fast, slow)
    }

    #[test]
    fn enum_fields_on_the_cursor_give_the_generic_bytes() {
        const { assert!(<Status as ForyType>::FORY_FIELD_PLAIN) };
        const { assert!(<Sparse as ForyType>::FORY_FIELD_PLAIN) };
        // every field on the cursor: a ref-tracked xlang list of them
        // numbers its ids at once and writes one run
        const { assert!(!<Tally as ForyType>::FORY_DATA_TAKES_REF_IDS) };
        const { assert!(<Record as ForyType>::FORY_DATA_TAKES_REF_IDS) };
        let values = records();
        let generic: Vec<RecordByField> = values.iter().map(by_field).collect();
        for xlang in [false, true] {
            for compatible in [false, true] {
                for refs in [false, true] {
                    let what = format!("xlang {xlang} compatible {compatible} refs {refs}");
                    let fast = fory::<Record>(xlang, compatible, refs);
                    let slow = fory::<RecordByField>(xlang, compatible, refs);
                    for (v, g) in values.iter().zip(&generic) {
                        let bytes = fast.serialize(v).unwrap();
                        assert_eq!(bytes, slow.serialize(g).unwrap(), "{what} {v:?}");
                        assert_eq!(&fast.deserialize::<Record>(&bytes).unwrap(), v, "{what}");
                        assert_eq!(
                            &slow.deserialize::<RecordByField>(&bytes).unwrap(),
                            g,
                            "{what}"
                        );
                    }
                    // a list (one run) and a map of them
                    let bytes = fast.serialize(&values).unwrap();
                    assert_eq!(bytes, slow.serialize(&generic).unwrap(), "{what}");
                    assert_eq!(
                        fast.deserialize::<Vec<Record>>(&bytes).unwrap(),
                        values,
                        "{what}"
                    );
                    // a struct of numbers and enums only: under ref
                    // tracking in xlang a list of it numbers its ids at
                    // once, the field-by-field twin one element at a time
                    let mut fast_t = fory::<Tally>(xlang, compatible, refs);
                    fast_t.register::<Record>(90).unwrap();
                    let mut slow_t = fory::<TallyByField>(xlang, compatible, refs);
                    slow_t.register::<RecordByField>(90).unwrap();
                    let (tally, tally_generic) = tallies();
                    let bytes = fast_t.serialize(&(tally.clone(), values.clone())).unwrap();
                    assert_eq!(
                        bytes,
                        slow_t.serialize(&(tally_generic, generic.clone())).unwrap(),
                        "{what}"
                    );
                    assert_eq!(
                        fast_t
                            .deserialize::<(Vec<Tally>, Vec<Record>)>(&bytes)
                            .unwrap(),
                        (tally, values.clone()),
                        "{what}"
                    );
                    let map: BTreeMap<i32, Record> = (0..).zip(values.iter().cloned()).collect();
                    let map_generic: BTreeMap<i32, RecordByField> =
                        (0..).zip(generic.iter().cloned()).collect();
                    let bytes = fast.serialize(&map).unwrap();
                    assert_eq!(bytes, slow.serialize(&map_generic).unwrap(), "{what}");
                    assert_eq!(
                        fast.deserialize::<BTreeMap<i32, Record>>(&bytes).unwrap(),
                        map,
                        "{what}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_enum_of_a_wider_repr_is_a_cursor_field() {
        const { assert!(<Wide as ForyType>::FORY_FIELD_PLAIN) };
        for xlang in [false, true] {
            let mut f = Fory::builder().xlang(xlang).build();
            f.register::<Wide>(94).unwrap();
            f.register::<WithWide>(95).unwrap();
            for wide in [Wide::Small, Wide::Big] {
                let v = WithWide { id: 3, wide };
                let bytes = f.serialize(&v).unwrap();
                // the discriminant, a varuint32 of 1 or 5 bytes, last
                let tail: &[u8] = match wide {
                    Wide::Small => &[0],
                    Wide::Big => &[0xff, 0xff, 0xff, 0xff, 0x0f],
                };
                assert!(bytes.ends_with(tail), "{bytes:?}");
                assert_eq!(f.deserialize::<WithWide>(&bytes).unwrap(), v);
                assert_eq!(
                    f.deserialize::<Wide>(&f.serialize(&wide).unwrap()).unwrap(),
                    wide
                );
            }
        }
    }
}
