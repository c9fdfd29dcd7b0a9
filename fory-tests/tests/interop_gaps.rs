//! Streams other Fory implementations write that a differential test found
//! this crate reading wrongly or writing differently (issue: interop gaps).

use std::collections::HashMap;

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
