//! Streams other Fory implementations write that a differential test found
//! this crate reading wrongly or writing differently (issue: interop gaps).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use fory_core::value::Value;
use fory_core::Fory;

fn xlang() -> Fory {
    Fory::builder().xlang(true).build()
}

/// `{"a": None}` as the official Rust crate writes it: a null-value chunk
/// whose key is undeclared but not tracked (header 0x10), so the key's type
/// info follows with no ref flag; pyfory sets the tracking bit (0x11) and
/// writes a flag. Both forms read, typed and as `Value`.
#[test]
fn a_null_value_chunk_reads_with_and_without_the_key_ref_flag() {
    let official = [0x01, 0xff, 0x18, 0x01, 0x10, 0x15, 0x06, 0x61];
    let pyfory = [0x01, 0xff, 0x18, 0x01, 0x11, 0xff, 0x15, 0x04, 0x61];
    let want: HashMap<String, Option<String>> = [("a".to_string(), None)].into();
    for bytes in [&official[..], &pyfory[..]] {
        let got: HashMap<String, Option<String>> = xlang().deserialize(bytes).unwrap();
        assert_eq!(got, want, "{bytes:02x?}");
        let v: Value = xlang().deserialize(bytes).unwrap();
        match v {
            Value::Map(entries) => {
                assert_eq!(entries.len(), 1);
                assert_eq!(entries[0].0, Value::String("a".into()));
                assert_eq!(entries[0].1, Value::Null);
            }
            other => panic!("not a map: {other:?}"),
        }
    }
    // the null-key mirror: `{None: "a"}`
    let official = [0x01, 0xff, 0x18, 0x01, 0x02, 0x15, 0x06, 0x61];
    let pyfory = [0x01, 0xff, 0x18, 0x01, 0x0a, 0xff, 0x15, 0x04, 0x61];
    for bytes in [&official[..], &pyfory[..]] {
        let got: HashMap<Option<String>, String> = xlang().deserialize(bytes).unwrap();
        assert_eq!(got, [(None, "a".to_string())].into(), "{bytes:02x?}");
    }
    // what this crate writes is what pyfory writes
    assert_eq!(xlang().serialize(&want).unwrap(), pyfory_null_value());
}

fn pyfory_null_value() -> Vec<u8> {
    vec![0x01, 0xff, 0x18, 0x01, 0x11, 0xff, 0x15, 0x04, 0x61]
}

#[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
struct A {
    x: i32,
}

#[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
struct B {
    y: i32,
}

/// Named types in schema-consistent mode: a namespace or type name already
/// written in the stream is a meta-string back-reference, one numbering for
/// both, as pyfory 1.7.7 writes `[A(1), B(2), A(3)]` with `A`, `B`
/// registered as `ns.A`, `ns.B` (bytes from pyfory).
#[test]
fn repeated_type_names_are_meta_string_references() {
    let pyfory: &[u8] = &[
        0x01, 0xff, 0x16, 0x03, 0x00, // list of 3, each element with its type
        0x1d, 0x04, 0x01, 0xb6, 0x40, 0x02, 0x03, 0x00, // NAMED_STRUCT "ns" "A"
        0x3b, 0xb0, 0x02, 0xcb, 0x02, // hash, x = 1
        0x1d, 0x03, 0x02, 0x03, 0x04, // "ns" again: ref #0; "B" new (#2)
        0x4e, 0xe8, 0x12, 0xa0, 0x04, // hash, y = 2
        0x1d, 0x03, 0x05, // ref #0, ref #1 ("A")
        0x3b, 0xb0, 0x02, 0xcb, 0x06, // hash, x = 3
    ];
    let mut fory = Fory::builder().xlang(true).compatible(false).build();
    fory.register_by_name::<A>("ns", "A").unwrap();
    fory.register_by_name::<B>("ns", "B").unwrap();
    let values = (A { x: 1 }, B { y: 2 }, A { x: 3 });
    assert_eq!(fory.serialize(&values).unwrap(), pyfory);
    assert_eq!(fory.deserialize::<(A, B, A)>(pyfory).unwrap(), values);
    // each stream starts its own numbering
    let again = fory.serialize(&values).unwrap();
    assert_eq!(again, pyfory);
}

mod named_field {
    #[derive(fory_core::ForyObject, Debug, Clone, Copy, PartialEq)]
    pub enum Color {
        Red,
        Green,
    }

    #[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
    pub struct Leaf {
        pub v: i32,
    }

    #[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
    pub struct Outer {
        pub leaf: Leaf,
        pub opt: Option<Leaf>,
        pub color: Color,
        pub leaves: Vec<Leaf>,
    }
}

/// pyfory 1.7.7, `compatible=False`, `Outer` by id 300 and `Leaf`, `Color`
/// by id (301, 302) or by name (`p.Leaf`, `p.Color`), writing
/// `Outer(Leaf(7), Leaf(8), Color.GREEN, [Leaf(9)])`. By name, each struct
/// field carries its NAMED_STRUCT type info (meta strings, then
/// back-references) before the schema hash; an enum field does not.
#[test]
fn struct_fields_registered_by_name_carry_type_info_as_pyfory_writes() {
    use named_field::{Color, Leaf, Outer};
    let by_id: &[u8] = &[
        0x01, 0xff, 0x1b, 0xac, 0x02, 0x98, 0xe2, 0x90, 0x01, 0x01, 0x11, 0xa2, 0x37, 0x5b, 0x0e,
        0x01, 0x08, 0x1b, 0xad, 0x02, 0x11, 0xa2, 0x37, 0x5b, 0x12, 0xff, 0x11, 0xa2, 0x37, 0x5b,
        0x10,
    ];
    let by_name: &[u8] = &[
        0x01, 0xff, 0x1b, 0xac, 0x02, 0x98, 0xe2, 0x90, 0x01, 0x01, // Outer, hash, color
        0x1d, 0x02, 0x01, 0x3c, 0x06, 0x03, 0x2c, 0x80, 0x28, // leaf: NAMED_STRUCT p.Leaf
        0x11, 0xa2, 0x37, 0x5b, 0x0e, // hash, v = 7
        0x01, 0x08, 0x1d, 0x03, 0x05, // leaves: one, element type p.Leaf (refs)
        0x11, 0xa2, 0x37, 0x5b, 0x12, // hash, v = 9
        0xff, 0x1d, 0x03, 0x05, 0x11, 0xa2, 0x37, 0x5b, 0x10, // opt: Some(p.Leaf 8)
    ];
    let value = Outer {
        leaf: Leaf { v: 7 },
        opt: Some(Leaf { v: 8 }),
        color: Color::Green,
        leaves: vec![Leaf { v: 9 }],
    };
    for (named, pyfory) in [(false, by_id), (true, by_name)] {
        let mut fory = Fory::builder().xlang(true).compatible(false).build();
        fory.register::<Outer>(300).unwrap();
        if named {
            fory.register_by_name::<Leaf>("p", "Leaf").unwrap();
            fory.register_by_name::<Color>("p", "Color").unwrap();
        } else {
            fory.register::<Leaf>(301).unwrap();
            fory.register::<Color>(302).unwrap();
        }
        assert_eq!(fory.serialize(&value).unwrap(), pyfory, "named={named}");
        assert_eq!(fory.deserialize::<Outer>(pyfory).unwrap(), value);
        // the official Rust crate's form (no type info before the hash)
        // reads too
        if named {
            let official: Vec<u8> = [
                &by_name[..10],
                &by_name[19..24],
                // the list's element type info is then the first naming
                &[0x01, 0x08],
                &by_name[10..19],
                &by_name[29..34],
                &[0xff],
                &by_name[38..],
            ]
            .concat();
            assert_eq!(fory.deserialize::<Outer>(&official).unwrap(), value);
            // a named struct at the top level: its type info once
            let top = fory.serialize(&Leaf { v: 1 }).unwrap();
            assert_eq!(top.iter().filter(|&&b| b == 0x1d).count(), 1, "{top:02x?}");
            assert_eq!(fory.deserialize::<Leaf>(&top).unwrap(), Leaf { v: 1 });
        }
    }
}

mod compat_field {
    #[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
    pub struct Leaf {
        pub v: i32,
    }

    #[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
    pub struct Outer {
        pub leaf: Leaf,
    }
}

/// Compatible mode: pyfory 1.7.7's `Outer(Leaf(7))` with `Outer` by id 300
/// and `Leaf` by id 301 or by the name `p.Leaf`. A field whose struct type
/// is registered by name is recorded in the TypeDef as
/// NAMED_COMPATIBLE_STRUCT (30), by id as COMPATIBLE_STRUCT (28).
#[test]
fn typedefs_record_a_by_name_struct_field_as_pyfory_does() {
    use compat_field::{Leaf, Outer};
    let by_id: &[u8] = &[
        0x01, 0xff, 0x1c, 0x00, 0x08, 0xc0, 0x7d, 0x41, 0xc3, 0x16, 0xc9, 0x42, 0xc1, 0xac, 0x02,
        0x48, 0x1c, 0x2c, 0x80, 0x28, 0x1c, 0x02, 0x06, 0xe0, 0x46, 0x15, 0x4a, 0xc3, 0xdd, 0x22,
        0xc1, 0xad, 0x02, 0x40, 0x05, 0x54, 0x0e,
    ];
    let by_name: &[u8] = &[
        0x01, 0xff, 0x1c, 0x00, 0x08, 0x30, 0xe2, 0xfd, 0x9f, 0xc9, 0xe6, 0x68, 0xc1, 0xac, 0x02,
        0x48, 0x1e, 0x2c, 0x80, 0x28, 0x1e, 0x02, 0x0a, 0xd0, 0xe5, 0x94, 0xd9, 0xfe, 0x06, 0x6e,
        0xe1, 0x05, 0x3c, 0x0f, 0x2c, 0x80, 0x28, 0x40, 0x05, 0x54, 0x0e,
    ];
    let value = Outer {
        leaf: Leaf { v: 7 },
    };
    for (named, pyfory) in [(false, by_id), (true, by_name)] {
        let mut fory = Fory::builder().xlang(true).compatible(true).build();
        fory.register::<Outer>(300).unwrap();
        if named {
            fory.register_by_name::<Leaf>("p", "Leaf").unwrap();
        } else {
            fory.register::<Leaf>(301).unwrap();
        }
        assert_eq!(
            fory.deserialize::<Outer>(pyfory).unwrap(),
            value,
            "named={named}"
        );
        let v: Value = fory.deserialize(pyfory).unwrap();
        assert!(v.to_string().contains('7'), "{v}");
        assert_eq!(fory.serialize(&value).unwrap(), pyfory, "named={named}");
    }
}

mod compat_nested {
    #[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
    pub struct Leaf {
        pub v: i32,
    }

    #[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
    pub struct Outer {
        pub leaves: Vec<Leaf>,
        pub opt: Option<Leaf>,
    }
}

/// The same inside a list and an `Option` (pyfory 1.7.7, `Leaf` as
/// `p.Leaf`, compatible mode): `Outer([Leaf(9)], Leaf(8))`.
#[test]
fn typedefs_record_by_name_structs_in_lists_and_options_as_pyfory_does() {
    use compat_nested::{Leaf, Outer};
    let pyfory: &[u8] = &[
        0x01, 0xff, 0x1c, 0x00, 0x0e, 0xb0, 0xdb, 0x7f, 0x27, 0xfd, 0x8d, 0x42, 0xc2, 0xac, 0x02,
        0x4c, 0x16, 0x78, 0x2c, 0x80, 0xa9, 0x24, 0x46, 0x1e, 0x39, 0xf3, 0x01, 0x08, 0x1e, 0x02,
        0x0a, 0xd0, 0xe5, 0x94, 0xd9, 0xfe, 0x06, 0x6e, 0xe1, 0x05, 0x3c, 0x0f, 0x2c, 0x80, 0x28,
        0x40, 0x05, 0x54, 0x12, 0xff, 0x1e, 0x03, 0x10,
    ];
    let mut fory = Fory::builder().xlang(true).compatible(true).build();
    fory.register::<Outer>(300).unwrap();
    fory.register_by_name::<Leaf>("p", "Leaf").unwrap();
    let value = Outer {
        leaves: vec![Leaf { v: 9 }],
        opt: Some(Leaf { v: 8 }),
    };
    assert_eq!(fory.deserialize::<Outer>(pyfory).unwrap(), value);
    assert_eq!(fory.serialize(&value).unwrap(), pyfory);
}

/// FLOAT16 scalars (numpy `float16`, `half::f16`) read as a dynamic
/// `Value` (its bits; `as_f64` gives the number) and write back the same
/// bytes.
#[test]
fn float16_scalars_are_values() {
    use fory_core::half::f16;
    for native in [false, true] {
        let fory = Fory::builder().xlang(!native).build();
        for x in [1.5f32, -0.0, 65504.0, f32::INFINITY] {
            let h = f16::from_f32(x);
            let bytes = fory.serialize(&h).unwrap();
            let v: Value = fory.deserialize(&bytes).unwrap();
            assert_eq!(v, Value::Float16(h.to_bits()));
            assert_eq!(v.as_f64(), Some(f64::from(h.to_f32())));
            assert_eq!(fory.serialize(&v).unwrap(), bytes, "{x}");
            assert_eq!(
                fory.deserialize::<f16>(&fory.serialize(&v).unwrap())
                    .unwrap(),
                h
            );
        }
        let v: Value = fory
            .deserialize(&fory.serialize(&f16::from_f32(0.5)).unwrap())
            .unwrap();
        assert_eq!(v.to_string(), "0.5f16");
    }
}

/// BFLOAT16 scalars (`pyfory.BFloat16`, `half::bf16`) read as a dynamic
/// `Value` too (its bits) and write back the same bytes.
#[test]
fn bfloat16_scalars_are_values() {
    use fory_core::half::bf16;
    for native in [false, true] {
        let fory = Fory::builder().xlang(!native).build();
        for x in [1.0f32, -2.5, 0.1, f32::NEG_INFINITY] {
            let h = bf16::from_f32(x);
            let bytes = fory.serialize(&h).unwrap();
            let v: Value = fory.deserialize(&bytes).unwrap();
            assert_eq!(v, Value::BFloat16(h.to_bits()), "{x}");
            assert_eq!(v.as_f64(), Some(f64::from(h.to_f32())));
            assert_eq!(fory.serialize(&v).unwrap(), bytes, "{x}");
            assert_eq!(fory.deserialize::<bf16>(&bytes).unwrap(), h);
        }
        // a FLOAT16 with the same bits is another value
        assert_ne!(Value::BFloat16(0x3f80), Value::Float16(0x3f80));
        let v: Value = fory
            .deserialize(&fory.serialize(&bf16::from_f32(-2.5)).unwrap())
            .unwrap();
        assert_eq!(v.to_string(), "-2.5bf16");
    }
    // a list of them round-trips as values
    let fory = Fory::builder().xlang(true).build();
    let list = Value::List(vec![Value::BFloat16(0x3f80), Value::BFloat16(0xc020)]);
    let back: Value = fory.deserialize(&fory.serialize(&list).unwrap()).unwrap();
    assert_eq!(back, list);
}

/// A dynamic `Value` read from pyfory's bytes writes the same bytes back:
/// lists whose non-null elements share a type carry the type once (with
/// null flags when there are nulls), maps chunk consecutive entries of the
/// same key and value types, as pyfory 1.7.7 does (bytes from pyfory,
/// `ref=False`).
#[test]
fn values_re_encode_pyfory_containers_byte_for_byte() {
    let cases: &[(&str, &[u8])] = &[
        (
            "[1, 2, 3]",
            &[0x01, 0xff, 0x16, 0x03, 0x08, 0x07, 0x02, 0x04, 0x06],
        ),
        (
            "['a', 'b']",
            &[0x01, 0xff, 0x16, 0x02, 0x08, 0x15, 0x04, 0x61, 0x04, 0x62],
        ),
        (
            "[1, 'a']",
            &[0x01, 0xff, 0x16, 0x02, 0x00, 0x07, 0x02, 0x15, 0x04, 0x61],
        ),
        (
            "[1, None, 2]",
            &[
                0x01, 0xff, 0x16, 0x03, 0x0a, 0x07, 0xff, 0x02, 0xfd, 0xff, 0x04,
            ],
        ),
        (
            "[[1], [2]]",
            &[
                0x01, 0xff, 0x16, 0x02, 0x08, 0x16, 0x01, 0x08, 0x07, 0x02, 0x01, 0x08, 0x07, 0x04,
            ],
        ),
        (
            "{'a': 1, 'b': 2}",
            &[
                0x01, 0xff, 0x18, 0x02, 0x00, 0x02, 0x15, 0x07, 0x04, 0x61, 0x02, 0x04, 0x62, 0x04,
            ],
        ),
        (
            "{'a': 1, 'b': 'x'}",
            &[
                0x01, 0xff, 0x18, 0x02, 0x00, 0x01, 0x15, 0x07, 0x04, 0x61, 0x02, 0x00, 0x01, 0x15,
                0x15, 0x04, 0x62, 0x04, 0x78,
            ],
        ),
        (
            "{'a': 1, 'b': 2, 'c': 'x', 'd': 'y', 'e': 3}",
            &[
                0x01, 0xff, 0x18, 0x05, 0x00, 0x02, 0x15, 0x07, 0x04, 0x61, 0x02, 0x04, 0x62, 0x04,
                0x00, 0x02, 0x15, 0x15, 0x04, 0x63, 0x04, 0x78, 0x04, 0x64, 0x04, 0x79, 0x00, 0x01,
                0x15, 0x07, 0x04, 0x65, 0x06,
            ],
        ),
        ("{1, 2}", &[0x01, 0xff, 0x17, 0x02, 0x08, 0x07, 0x02, 0x04]),
        ("[]", &[0x01, 0xff, 0x16, 0x00]),
        ("{}", &[0x01, 0xff, 0x18, 0x00]),
        (
            "[1.5, 2.5]",
            &[
                0x01, 0xff, 0x16, 0x02, 0x08, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f,
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x40,
            ],
        ),
        (
            "{'a': [1], 'b': [2]}",
            &[
                0x01, 0xff, 0x18, 0x02, 0x00, 0x02, 0x15, 0x16, 0x04, 0x61, 0x01, 0x08, 0x07, 0x02,
                0x04, 0x62, 0x01, 0x08, 0x07, 0x04,
            ],
        ),
        (
            "[{'a': 1}]",
            &[
                0x01, 0xff, 0x16, 0x01, 0x08, 0x18, 0x01, 0x00, 0x01, 0x15, 0x07, 0x04, 0x61, 0x02,
            ],
        ),
        (
            "{'a': None, 'b': 1, 'c': 2}",
            &[
                0x01, 0xff, 0x18, 0x03, 0x11, 0xff, 0x15, 0x04, 0x61, 0x00, 0x02, 0x15, 0x07, 0x04,
                0x62, 0x02, 0x04, 0x63, 0x04,
            ],
        ),
        (
            "[None, 'x', None]",
            &[
                0x01, 0xff, 0x16, 0x03, 0x0a, 0x15, 0xfd, 0xff, 0x04, 0x78, 0xfd,
            ],
        ),
        (
            "['x', 1.5, None, b'z']",
            &[
                0x01, 0xff, 0x16, 0x04, 0x02, 0xff, 0x15, 0x04, 0x78, 0xff, 0x14, 0x00, 0x00, 0x00,
                0x00, 0x00, 0x00, 0xf8, 0x3f, 0xfd, 0xff, 0x29, 0x01, 0x7a,
            ],
        ),
        (
            "[datetime.date(2024, 1, 2), datetime.date(2024, 1, 2)]",
            &[
                0x01, 0xff, 0x16, 0x02, 0x08, 0x27, 0x98, 0xb4, 0x02, 0x98, 0xb4, 0x02,
            ],
        ),
        (
            "{'k': Decimal('1.25')}",
            &[
                0x01, 0xff, 0x18, 0x01, 0x00, 0x01, 0x15, 0x28, 0x04, 0x6b, 0x04, 0xf4, 0x03,
            ],
        ),
    ];
    let fory = xlang();
    let mut diffs = Vec::new();
    for &(what, pyfory) in cases {
        let v: Value = fory.deserialize(pyfory).unwrap();
        let again = fory.serialize(&v).unwrap();
        if again != pyfory {
            diffs.push(format!("{what}: {again:02x?}"));
        }
        assert_eq!(fory.deserialize::<Value>(&again).unwrap(), v, "{what}");
    }
    assert!(
        diffs.is_empty(),
        "re-encoded differently:\n{}",
        diffs.join("\n")
    );
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn xlang_compatible() -> Fory {
    Fory::builder().xlang(true).compatible(true).build()
}

#[derive(fory_core::ForyObject, Debug, PartialEq)]
struct Tagged {
    a: i64,
    b: u64,
    name: String,
}

/// `Tagged` without its two numbers: they are skipped.
#[derive(fory_core::ForyObject, Debug, PartialEq)]
struct TaggedName {
    name: String,
}

/// pyfory's `TaggedInt64` and `TaggedUInt64` fields (TAGGED_INT64,
/// TAGGED_UINT64): four bytes for small values, a tag byte and eight for
/// the others. They read as `i64`/`u64` fields, as `Value`s, and are
/// skipped by a struct without them.
#[test]
fn tagged_numbers_pyfory_writes_read_and_skip() {
    // @dataclass Tagged(a: TaggedInt64, b: TaggedUInt64, name: str), id 200
    let small = hex("01ff1c000e90ec4f917c016bc3c801400800400f044815340c20f6ffffff0e0000000478");
    let wide = hex("01ff1c000e90ec4f917c016bc3c801400800400f044815340c20010000000000ffffff0101000000000000800479");
    let cases = [
        (
            &small,
            Tagged {
                a: -5,
                b: 7,
                name: "x".into(),
            },
        ),
        (
            &wide,
            Tagged {
                a: -(1 << 40),
                b: (1 << 63) + 1,
                name: "y".into(),
            },
        ),
    ];
    for (bytes, want) in cases {
        let mut f = xlang_compatible();
        f.register::<Tagged>(200).unwrap();
        assert_eq!(f.deserialize::<Tagged>(bytes).unwrap(), want);
        let mut f = xlang_compatible();
        f.register::<TaggedName>(200).unwrap();
        assert_eq!(
            f.deserialize::<TaggedName>(bytes).unwrap(),
            TaggedName {
                name: want.name.clone()
            }
        );
        // and as a dynamic value (nothing registered)
        let v: Value = xlang_compatible().deserialize(bytes).unwrap();
        let Value::Struct(s) = v else {
            panic!("not a struct: {v:?}")
        };
        assert_eq!(s.fields[0].1, Value::Int(want.a));
        assert_eq!(s.fields[1].1, Value::UInt(want.b));
    }
    // bare values, at the edges of the short form
    for (v, short) in [
        (0i64, true),
        ((1 << 30) - 1, true),
        (-(1 << 30), true),
        (1 << 30, false),
        (i64::MIN, false),
    ] {
        let mut bytes = vec![0x01, 0xff, 0x08];
        if short {
            bytes.extend_from_slice(&((v as i32) << 1).to_le_bytes());
        } else {
            bytes.push(1);
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        assert_eq!(
            xlang().deserialize::<i64>(&bytes).unwrap(),
            v,
            "{bytes:02x?}"
        );
        assert_eq!(xlang().deserialize::<Value>(&bytes).unwrap(), Value::Int(v));
    }
    // a tag byte other than 0 or 1 in bit 0's place, and a cut long form
    let err = xlang()
        .deserialize::<i64>(&[0x01, 0xff, 0x08, 0x03, 0, 0, 0, 0, 0, 0, 0, 0])
        .unwrap_err();
    assert!(err.to_string().contains("tagged integer tag 0x03"), "{err}");
    assert!(xlang()
        .deserialize::<i64>(&[0x01, 0xff, 0x08, 0x01, 0, 0])
        .is_err());
    assert!(xlang()
        .deserialize::<u64>(&[0x01, 0xff, 0x0f, 0x02, 0])
        .is_err());
}

/// `[None, None]` and `{None}`: pyfory gives a collection of nothing but
/// `None` the element type NONE. An `Option` element type reads it; any
/// other says what it found.
#[test]
fn a_list_of_only_nones_reads_into_options() {
    let list = hex("01ff16020a24fdfd");
    assert_eq!(
        xlang().deserialize::<Vec<Option<i64>>>(&list).unwrap(),
        vec![None, None]
    );
    assert_eq!(
        xlang().deserialize::<Vec<Option<String>>>(&list).unwrap(),
        vec![None, None]
    );
    let set = hex("01ff17010a24fd");
    assert_eq!(
        xlang().deserialize::<HashSet<Option<i64>>>(&set).unwrap(),
        HashSet::from([None])
    );
    let err = xlang().deserialize::<Vec<i64>>(&list).unwrap_err();
    assert!(err.to_string().contains("NONE"), "{err}");
    // what this crate writes for it is read back the same
    let ours = xlang().serialize(&vec![None::<i64>, None]).unwrap();
    assert_eq!(
        xlang().deserialize::<Vec<Option<i64>>>(&ours).unwrap(),
        vec![None, None]
    );
}

/// numpy's `uint8` arrays are UINT8_ARRAY in pyfory: every Rust type for
/// bytes reads them.
#[test]
fn a_numpy_uint8_array_reads_into_every_bytes_type() {
    use fory_core::buffers::SharedArray;
    let bytes = hex("01ff30030001ff");
    let want = [0u8, 1, 255];
    let f = xlang();
    assert_eq!(f.deserialize::<Vec<u8>>(&bytes).unwrap(), want);
    assert_eq!(f.deserialize::<[u8; 3]>(&bytes).unwrap(), want);
    assert_eq!(f.deserialize::<bytes::Bytes>(&bytes).unwrap(), &want[..]);
    assert_eq!(
        f.deserialize::<SharedArray<u8>>(&bytes).unwrap().as_slice(),
        want
    );
    assert_eq!(
        f.deserialize::<ndarray::Array1<u8>>(&bytes).unwrap(),
        ndarray::Array1::from(want.to_vec())
    );
    let nd: fory_core::serializer::ndarray::SharedNdArray<u8> = f.deserialize(&bytes).unwrap();
    assert_eq!((nd.shape(), nd.data().as_slice()), (&[3][..], &want[..]));
    assert_eq!(&*f.deserialize::<Box<[u8]>>(&bytes).unwrap(), want);
    assert_eq!(
        &*f.deserialize::<std::sync::Arc<[u8]>>(&bytes).unwrap(),
        want
    );
    assert_eq!(&*f.deserialize::<std::rc::Rc<[u8]>>(&bytes).unwrap(), want);
    assert_eq!(
        f.deserialize::<std::collections::VecDeque<u8>>(&bytes)
            .unwrap(),
        want
    );
    let pickle: fory_core::buffers::PickleBuffer = f.deserialize(&bytes).unwrap();
    assert_eq!(pickle.as_bytes(), &want[..]);
    // and out-of-band, with the arrays' buffers on (the in-band flag)
    let f = Fory::builder()
        .xlang(true)
        .xlang_array_buffers(true)
        .build();
    let a = ndarray::Array1::from(want.to_vec());
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&a, &mut objs).unwrap();
    assert_eq!(&data[..3], &[0x03, 0xff, 0x30]);
    let buffers: Vec<bytes::Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
    let pickle: fory_core::buffers::PickleBuffer =
        f.deserialize_with_buffers(&data, buffers.clone()).unwrap();
    assert_eq!(pickle.as_bytes(), &want[..]);
    let boxed: Box<[u8]> = f.deserialize_with_buffers(&data, buffers).unwrap();
    assert_eq!(&*boxed, want);
    let f = xlang();
    // every sequence reads a numpy array of its element type
    let int64s = f.serialize(&vec![5i64, -6]).unwrap();
    assert_eq!(
        f.deserialize::<std::collections::VecDeque<i64>>(&int64s)
            .unwrap(),
        [5, -6]
    );
    assert_eq!(
        f.deserialize::<std::collections::LinkedList<i64>>(&int64s)
            .unwrap(),
        std::collections::LinkedList::from([5, -6])
    );
    assert_eq!(&*f.deserialize::<Box<[i64]>>(&int64s).unwrap(), [5, -6]);
    // a signed array is not bytes
    assert!(f.deserialize::<Vec<u8>>(&hex("01ff2c030001ff")).is_err());
}

/// An `Array1<u8>` is numpy's `uint8` array in xlang mode (UINT8_ARRAY,
/// pyfory's `pyfory.UInt8Array`), as an `Array1<f64>` is its `float64`
/// array; a `Vec<u8>` is BINARY (Python's `bytes`). Like every array it is
/// in line unless `xlang_array_buffers` is on, and each reads the other.
#[test]
fn a_u8_array1_is_numpys_uint8_array() {
    let a = ndarray::Array1::from(vec![0u8, 1, 2, 3, 4, 5]);
    let f = xlang();
    // pyfory.Fory(xlang=True).serialize(np.arange(6, dtype=np.uint8))
    assert_eq!(f.serialize(&a).unwrap(), hex("01ff3006000102030405"));
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&a, &mut objs).unwrap();
    assert!(objs.is_empty(), "arrays are in line in xlang mode");
    let back: Vec<u8> = f
        .deserialize_with_buffers(&data, Vec::<bytes::Bytes>::new())
        .unwrap();
    assert_eq!(back, a.to_vec());
    let from_vec = f.serialize(&a.to_vec()).unwrap();
    assert_eq!(from_vec[2], 0x29, "a Vec<u8> is BINARY");
    assert_eq!(f.deserialize::<ndarray::Array1<u8>>(&from_vec).unwrap(), a);
    // with the arrays' buffers on, it is offered
    let f = Fory::builder()
        .xlang(true)
        .xlang_array_buffers(true)
        .build();
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&a, &mut objs).unwrap();
    assert_eq!(objs.len(), 1, "the bytes are offered");
    let buffers: Vec<bytes::Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
    let back: ndarray::Array1<u8> = f.deserialize_with_buffers(&data, buffers.clone()).unwrap();
    assert_eq!(back, a);
    let as_bytes: bytes::Bytes = f.deserialize_with_buffers(&data, buffers).unwrap();
    assert_eq!(as_bytes, &[0u8, 1, 2, 3, 4, 5][..]);
}

/// Ref tracking, xlang: a list of shared strings or numbers sets HAS_NULL
/// beside TRACKING_REF. pyfory reads a same-type list of them without
/// HAS_NULL through a path that takes no element flags, whatever the
/// header says (it never tracks such values itself), and misreads it.
#[test]
fn ref_tracked_lists_of_shared_strings_and_numbers_set_has_null() {
    let f = Fory::builder().xlang(true).ref_tracking(true).build();
    let s = Rc::new("a".to_string());
    let strs = vec![s.clone(), s];
    let bytes = f.serialize(&strs).unwrap();
    // root ref flag, LIST, 2 elements, SAME_TYPE | HAS_NULL | TRACKING_REF
    assert_eq!(bytes[2..5], [0x16, 0x02, 0x0b], "{bytes:02x?}");
    let back: Vec<Rc<String>> = f.deserialize(&bytes).unwrap();
    assert!(Rc::ptr_eq(&back[0], &back[1]), "the sharing is kept");
    let n = Rc::new(7i64);
    let bytes = f.serialize(&vec![n.clone(), n]).unwrap();
    assert_eq!(bytes[2..5], [0x16, 0x02, 0x0b], "{bytes:02x?}");
    // pyfory's own `['a', 'a']` under ref=True: no element flags
    let pyfory = hex("01001602081504610461");
    let got: Vec<Rc<String>> = f.deserialize(&pyfory).unwrap();
    assert_eq!(
        got,
        vec![Rc::new("a".to_string()), Rc::new("a".to_string())]
    );
    // a list of shared bytes keeps the plain tracked header (pyfory tracks them)
    let b = Rc::new(vec![1u8]);
    let bytes = f.serialize(&vec![b.clone(), b]).unwrap();
    assert_eq!(bytes[2..5], [0x16, 0x02, 0x09], "{bytes:02x?}");
}

#[derive(fory_core::ForyObject, Debug, PartialEq)]
struct Numbers {
    ints: Vec<i64>,
    floats: Vec<f64>,
    flags: Vec<bool>,
}

#[derive(fory_core::ForyObject, Debug, PartialEq)]
struct NarrowNumbers {
    ints: Vec<i32>,
    floats: Vec<f32>,
    flags: Vec<bool>,
}

/// pyfory's `List[int]`, `List[float]` and `List[bool]` fields are LISTs
/// whose elements the TypeDef declares (VARINT64, FLOAT64, BOOL): a dense
/// array field of exactly that element encoding reads them (compatible
/// mode). One of another encoding cannot (declared elements carry no type)
/// and keeps the field's zero value, as any field whose type changed.
#[test]
fn python_number_lists_read_into_dense_array_fields() {
    // @dataclass Numbers(ints: List[int], floats: List[float], flags: List[bool]), id 201
    let bytes = hex("01ff1c0017d0ce8141729d06c3c9014c1604956034804c1650156e04e448161c21b390010c01010c000000000000f83f030c0203808080808040");
    let mut f = xlang_compatible();
    f.register::<Numbers>(201).unwrap();
    assert_eq!(
        f.deserialize::<Numbers>(&bytes).unwrap(),
        Numbers {
            ints: vec![1, -2, 1 << 40],
            floats: vec![1.5],
            flags: vec![true],
        }
    );
    let mut f = xlang_compatible();
    f.register::<NarrowNumbers>(201).unwrap();
    assert_eq!(
        f.deserialize::<NarrowNumbers>(&bytes).unwrap(),
        NarrowNumbers {
            ints: vec![],
            floats: vec![],
            flags: vec![true],
        }
    );
}

/// A union: pyfory's `class Figure(pyfory.union.Union)` registered with
/// `register_union` and the cases `{0: float, 1: float}`.
#[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
enum Figure {
    Circle(f64),
    Square(f64),
}

#[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
struct Framed {
    n: i32,
    shape: Figure,
}

#[derive(fory_core::ForyObject, Debug, Clone, PartialEq)]
struct Figures {
    maybe: Option<Figure>,
    shapes: Vec<Figure>,
    named: std::collections::BTreeMap<String, Figure>,
}

/// pyfory 1.7.7 records a union field (and a union element or map value)
/// in a TypeDef as UNION (33), the union registered by id or by name;
/// this crate wrote TYPED_UNION (34), a TypeDef of other bytes and hash.
/// What pyfory writes reads, and this crate writes the same bytes
/// (`Framed { n: 7, shape: Square(2.5) }`, `Figure` and `Framed` as 200
/// and 201 or `example.Shape` and `example.Holder`; `Figures` as 202 with
/// `maybe = Circle(1.5)`, `shapes = [Square(2.0), Circle(-1.0)]`,
/// `named = {"k": Square(3.0)}`).
#[test]
fn union_fields_are_recorded_as_union_in_typedefs() {
    let framed = Framed {
        n: 7,
        shape: Figure::Square(2.5),
    };
    let by_id = fory_tests::hex(
        "01ff 1c 00 0c009ac48cc05b4b c2 c901 40 05 34 4c 21 c8e07900 0e 01 ff 14 0000000000000440",
    );
    let by_name = fory_tests::hex(
        "01ff 1e 00 15502e97ba54127f e2 15 12e063d640 13 1dcb1922 40 05 34 4c 21 c8e07900 0e 01 ff 14 0000000000000440",
    );
    for (named, pyfory) in [(false, by_id), (true, by_name)] {
        let mut f = xlang_compatible();
        if named {
            f.register_by_name::<Figure>("example", "Shape").unwrap();
            f.register_by_name::<Framed>("example", "Holder").unwrap();
        } else {
            f.register::<Figure>(200).unwrap();
            f.register::<Framed>(201).unwrap();
        }
        assert_eq!(f.deserialize::<Framed>(&pyfory).unwrap(), framed);
        assert_eq!(
            f.serialize(&framed).unwrap(),
            pyfory,
            "registered by name: {named}"
        );
    }

    // nested: an optional union, a list of unions, unions as map values
    let pyfory = fory_tests::hex(concat!(
        "01ff 1c 00 1a107730db0bd063 c3 ca01",
        " 4e 21 b0180900",                           // maybe: UNION, nullable
        " 4c 18 54 8401 b40c20c0",                   // named: MAP<STRING, UNION>
        " 4c 16 8401 48e07924",                      // shapes: LIST<UNION>
        " ff 00 ff 14 000000000000f83f",             // Some(Circle(1.5))
        " 01 24 01 04 6b 01 ff 14 0000000000000840", // {"k": Square(3.0)}
        " 02 0c 01 ff 14 0000000000000040 00 ff 14 000000000000f0bf",
    ));
    let figures = Figures {
        maybe: Some(Figure::Circle(1.5)),
        shapes: vec![Figure::Square(2.0), Figure::Circle(-1.0)],
        named: [("k".to_string(), Figure::Square(3.0))].into(),
    };
    let mut f = xlang_compatible();
    f.register::<Figure>(200).unwrap();
    f.register::<Figures>(202).unwrap();
    assert_eq!(f.deserialize::<Figures>(&pyfory).unwrap(), figures);
    assert_eq!(f.serialize(&figures).unwrap(), pyfory);
}
