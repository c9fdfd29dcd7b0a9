//! Byte-exact vectors from pyfory 1.7.7 (`Fory(xlang=True, compatible=False)`),
//! from ../shared/reference/xlang-oob-wire.md and probes of pyfory; the
//! interop suite regenerates them against the real peer.

use bytes::Bytes;
use fory_core::buffers::{BufferObject, PickleBuffer};
use fory_core::{Deserialize, Fory, Serialize};
use fory_tests::{hex, to_hex};

fn xlang(ref_tracking: bool) -> Fory {
    Fory::builder()
        .xlang(true)
        .ref_tracking(ref_tracking)
        .build()
}

/// Serializes without callback and checks bytes both ways.
fn golden<T>(fory: &Fory, value: &T, expected: &str)
where
    T: Serialize + Deserialize + PartialEq + std::fmt::Debug,
{
    let want = hex(expected);
    let got = fory.serialize(value).unwrap();
    assert_eq!(to_hex(&got), to_hex(&want), "writing {value:?}");
    let back: T = fory.deserialize(&want).unwrap();
    assert_eq!(&back, value, "reading {expected}");
}

/// Every second buffer out-of-band (the "alt" callback of the reference).
fn alternate<'a, 'o>(
    out: &'o mut Vec<BufferObject<'a>>,
) -> impl FnMut(BufferObject<'a>) -> bool + 'o {
    let mut n = 0;
    move |b| {
        n += 1;
        if n % 2 == 0 {
            out.push(b);
            false
        } else {
            true
        }
    }
}

#[test]
fn scalars_and_strings() {
    let f = xlang(false);
    golden(&f, &true, "01 ff 01 01");
    golden(&f, &0i64, "01 ff 07 00");
    golden(&f, &-1i64, "01 ff 07 01");
    golden(&f, &300i64, "01 ff 07 d8 04");
    golden(&f, &2147483648i64, "01 ff 07 80 80 80 80 10");
    golden(&f, &i64::MIN, "01 ff 07 ff ff ff ff ff ff ff ff ff");
    golden(&f, &i64::MAX, "01 ff 07 fe ff ff ff ff ff ff ff ff");
    golden(&f, &1.5f64, "01 ff 14 00 00 00 00 00 00 f8 3f");
    golden(&f, &"abc".to_string(), "01 ff 15 0c 61 62 63");
    golden(&f, &"café".to_string(), "01 ff 15 10 63 61 66 e9");
    golden(&f, &"中文".to_string(), "01 ff 15 11 2d 4e 87 65");
    golden(&f, &"😀".to_string(), "01 ff 15 12 f0 9f 98 80");
    golden(&f, &None::<String>, "01 fd");
}

#[test]
fn collections() {
    let f = xlang(false);
    golden(&f, &Vec::<String>::new(), "01 ff 16 00");
    golden(
        &f,
        &std::collections::HashMap::<String, i64>::new(),
        "01 ff 18 00",
    );
    golden(
        &f,
        &std::collections::HashMap::from([("a".to_string(), 1i64)]),
        "01 ff 18 01 00 01 15 07 04 61 02",
    );
    golden(
        &f,
        &(1i64, "a".to_string()),
        "01 ff 16 02 00 07 02 15 04 61",
    );
    golden(
        &f,
        &std::collections::BTreeSet::from([1i64, 2]),
        "01 ff 17 02 08 07 02 04",
    );
    golden(
        &f,
        &vec![Some(1i64), None, Some(3)],
        "01 ff 16 03 0a 07 ff 02 fd ff 06",
    );
}

#[test]
fn binary_without_callback() {
    golden(&xlang(false), &vec![0u8, 1], "01 ff 29 02 00 01");
    golden(
        &xlang(false),
        &Bytes::from_static(&[0, 1]),
        "01 ff 29 02 00 01",
    );
    golden(&xlang(true), &vec![0u8, 1], "01 00 29 02 00 01");
    let ten = vec![vec![0u8, 1]; 10];
    golden(
        &xlang(false),
        &ten,
        &format!("01ff160a0829{}", "020001".repeat(10)),
    );
    golden(
        &xlang(true),
        &ten,
        &format!("0100160a0929{}", "00020001".repeat(10)),
    );
}

#[test]
fn binary_with_callbacks() {
    for (ref_tracking, flag) in [(false, "ff"), (true, "00")] {
        let f = xlang(ref_tracking);
        let v = vec![0u8, 1];
        let inb = f
            .serialize_with_callback(&v, |_b: BufferObject<'_>| true)
            .unwrap();
        assert_eq!(
            to_hex(&inb),
            to_hex(&hex(&format!("03 {flag} 29 01 02 00 01")))
        );
        let mut objs = Vec::new();
        let oob = f.serialize_with_callback(&v, &mut objs).unwrap();
        assert_eq!(to_hex(&oob), to_hex(&hex(&format!("03 {flag} 29 00"))));
        assert_eq!(objs.len(), 1);
        assert_eq!(&objs[0].getbuffer()[..], &[0, 1]);
        let back: Vec<u8> = f.deserialize_with_buffers(&oob, [&[0u8, 1][..]]).unwrap();
        assert_eq!(back, v);
        let back: Vec<u8> = f
            .deserialize_with_buffers(&inb, Vec::<Bytes>::new())
            .unwrap();
        assert_eq!(back, v);
    }
    // a zero-length buffer is offered and goes out-of-band too
    let nothing = Vec::<u8>::new();
    let mut objs = Vec::new();
    let empty = xlang(false)
        .serialize_with_callback(&nothing, &mut objs)
        .unwrap();
    assert_eq!(to_hex(&empty), "03 ff 29 00");
    assert_eq!(objs.len(), 1);
    assert_eq!(objs[0].total_bytes(), 0);
    // 300 bytes in-band: varuint32 size ac 02
    let big = vec![7u8; 300];
    let b = xlang(true)
        .serialize_with_callback(&big, |_b: BufferObject<'_>| true)
        .unwrap();
    assert_eq!(to_hex(&b[..6]), "03 00 29 01 ac 02");
}

#[test]
fn list_of_binary_alternating() {
    let ten = vec![vec![0u8, 1]; 10];
    for (ref_tracking, expected) in [
        (false, format!("03ff160a0829{}", "0102000100".repeat(5))),
        (
            true,
            format!(
                "0300160a0929{}",
                "000102000100 00".replace(' ', "").repeat(5)
            ),
        ),
    ] {
        let f = xlang(ref_tracking);
        let mut objs = Vec::new();
        let data = f
            .serialize_with_callback(&ten, alternate(&mut objs))
            .unwrap();
        assert_eq!(to_hex(&data), to_hex(&hex(&expected)), "ref={ref_tracking}");
        assert_eq!(objs.len(), 5);
        let bufs: Vec<_> = objs.iter().map(|b| b.getbuffer()).collect();
        let back: Vec<Vec<u8>> = f.deserialize_with_buffers(&data, bufs).unwrap();
        assert_eq!(back, ten);
    }
}

#[test]
fn mixed_tuple_alternating() {
    // pyfory: [b"aaa", "s", 7, b"b"*200] with the alternating callback
    let value = (
        Bytes::from_static(b"aaa"),
        "s".to_string(),
        7i64,
        Bytes::from(vec![b'b'; 200]),
    );
    for (ref_tracking, expected) in [
        (false, "03ff16040029010361616115047307 0e2900"),
        (true, "030016040100290103616161ff150473ff070e002900"),
    ] {
        let f = xlang(ref_tracking);
        let mut objs = Vec::new();
        let data = f
            .serialize_with_callback(&value, alternate(&mut objs))
            .unwrap();
        assert_eq!(to_hex(&data), to_hex(&hex(expected)), "ref={ref_tracking}");
        assert_eq!(objs.len(), 1);
        assert_eq!(objs[0].total_bytes(), 200);
        let bufs: Vec<Bytes> = objs.iter().map(|b| b.to_buffer()).collect();
        let back: (Bytes, String, i64, Bytes) =
            f.deserialize_with_buffers(&data, bufs.clone()).unwrap();
        assert_eq!(back, value);
        // the out-of-band Bytes points into the buffer handed back
        assert_eq!(back.3.as_ptr(), bufs[0].as_ptr());
    }
}

#[test]
fn same_bytes_twice_is_one_buffer_and_a_ref() {
    // pyfory: [b, b] (one object), ref=True, cb -> False
    let b = Bytes::from_static(&[0, 1]);
    let pair = vec![b.clone(), b.clone()];
    let f = xlang(true);
    let mut objs = Vec::new();
    let data = f.serialize_with_callback(&pair, &mut objs).unwrap();
    assert_eq!(to_hex(&data), "03 00 16 02 09 29 00 00 fe 01");
    assert_eq!(objs.len(), 1);
    let given = Bytes::from_static(&[0, 1]);
    let back: Vec<Bytes> = f.deserialize_with_buffers(&data, [given.clone()]).unwrap();
    assert_eq!(back, pair);
    assert_eq!(back[0].as_ptr(), given.as_ptr());
    assert_eq!(back[1].as_ptr(), given.as_ptr());
}

#[test]
fn float64_array_stays_in_band_in_xlang() {
    // pyfory: np.float64 [0, 1] with cb -> False: no bool, callback not called
    let v = vec![0.0f64, 1.0];
    let f = xlang(false);
    let mut calls = 0;
    let data = f
        .serialize_with_callback(&v, |_b: BufferObject<'_>| {
            calls += 1;
            false
        })
        .unwrap();
    assert_eq!(calls, 0);
    assert_eq!(
        to_hex(&data),
        "03 ff 38 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 f0 3f"
    );
    let back: Vec<f64> = f
        .deserialize_with_buffers(&data, Vec::<Bytes>::new())
        .unwrap();
    assert_eq!(back, v);
    golden(
        &f,
        &v,
        "01 ff 38 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00 f0 3f",
    );
}

#[test]
fn java_convention_puts_arrays_on_the_buffer_path() {
    // Java Fory with a callback: FLOAT64_ARRAY carries the bool; in-band
    // `01 size bytes`, out-of-band `00` and one buffer.
    let f = Fory::builder()
        .xlang(true)
        .xlang_array_buffers(true)
        .build();
    let v = vec![0.0f64, 1.0];
    let inb = f
        .serialize_with_callback(&v, |_b: BufferObject<'_>| true)
        .unwrap();
    assert_eq!(to_hex(&inb[..5]), "03 ff 38 01 10");
    let mut objs = Vec::new();
    let oob = f.serialize_with_callback(&v, &mut objs).unwrap();
    assert_eq!(to_hex(&oob), "03 ff 38 00");
    assert_eq!(objs[0].total_bytes(), 16);
    let back: Vec<f64> = f
        .deserialize_with_buffers(&oob, [objs[0].getbuffer()])
        .unwrap();
    assert_eq!(back, v);
    // a 15-byte buffer cannot hold f64s
    let err = f
        .deserialize_with_buffers::<Vec<f64>, _>(&oob, [vec![0u8; 15]])
        .unwrap_err();
    assert_eq!(err.kind(), fory_core::ErrorKind::Buffers);
    // without a callback the layout is the plain one
    assert_eq!(to_hex(&f.serialize(&v).unwrap()[..4]), "01 ff 38 10");
}

#[test]
fn pickle_buffer_is_binary_in_xlang() {
    let f = xlang(false);
    let pb = PickleBuffer::new(Bytes::from_static(&[0, 1]));
    assert_eq!(to_hex(&f.serialize(&pb).unwrap()), "01 ff 29 02 00 01");
    let mut objs = Vec::new();
    assert_eq!(
        to_hex(&f.serialize_with_callback(&pb, &mut objs).unwrap()),
        "03 ff 29 00"
    );
    assert_eq!(objs[0].kind(), fory_core::buffers::BufferKind::PickleBuffer);
}

#[test]
fn ref_tracking_root_values_take_a_ref_id() {
    // pyfory ref=True: every non-null root gets 00, even ints and strings
    let f = xlang(true);
    golden(&f, &1i64, "01 00 07 02");
    golden(&f, &"a".to_string(), "01 00 15 04 61");
    golden(&f, &true, "01 00 01 01");
    golden(&f, &None::<i64>, "01 fd");
    golden(&f, &vec![1i64], "01 00 2f 08 01 00 00 00 00 00 00 00");
    golden(
        &f,
        &(1i64, "a".to_string()),
        "01 00 16 02 01 ff 07 02 ff 15 04 61",
    );
    // {'a': None}: the non-null side of a null entry goes through write_ref
    let m = std::collections::BTreeMap::from([("a".to_string(), None::<i64>)]);
    golden(&f, &m, "01 00 18 01 11 00 15 04 61");
}

mod struct_maps {
    use std::collections::HashMap;

    use fory_core::{Fory, ForyObject};

    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Iid {
        pub id: i32,
    }
    /// Registered by name.
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct Inm {
        pub id: i32,
    }
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct P1 {
        pub m: HashMap<String, Iid>,
    }
    #[derive(ForyObject, Debug, PartialEq, Clone)]
    pub struct P2 {
        pub m: HashMap<String, Inm>,
    }

    pub fn fory() -> Fory {
        let mut f = Fory::builder().xlang(true).compatible(false).build();
        f.register::<Iid>(301).unwrap();
        f.register_by_name::<Inm>("demo", "Inm").unwrap();
        f.register::<P1>(311).unwrap();
        f.register::<P2>(312).unwrap();
        f
    }
}

/// A map field of structs (pyfory's `Dict[str, Iid]`, by id and by name)
/// in schema-consistent mode: the chunk header declares the value type
/// (0x24) and no type info follows, as pyfory writes it. This crate wrote
/// 0x04 and the struct's type info (STRUCT 301, or NAMED_STRUCT and its
/// names): that form still reads.
#[test]
fn struct_map_values_are_declared_in_schema_consistent_mode() {
    use struct_maps::{fory, Iid, Inm, P1, P2};
    let f = fory();
    let p1 = P1 {
        m: [("k".to_string(), Iid { id: 5 })].into(),
    };
    let p2 = P2 {
        m: [("k".to_string(), Inm { id: 5 })].into(),
    };
    // P1 (311), hash; size 1, header 0x24, count 1, "k", Iid's hash, id 5
    golden(
        &f,
        &p1,
        "01 ff 1b b7 02 46 28 99 d6 01 24 01 04 6b dd 16 1b a8 0a",
    );
    golden(
        &f,
        &p2,
        "01 ff 1b b8 02 46 28 99 d6 01 24 01 04 6b dd 16 1b a8 0a",
    );
    let old_p1 = "01 ff 1b b7 02 46 28 99 d6 01 04 01 1b ad 02 04 6b dd 16 1b a8 0a";
    assert_eq!(f.deserialize::<P1>(&hex(old_p1)).unwrap(), p1);
    let old_p2 =
        "01 ff 1b b8 02 46 28 99 d6 01 04 01 1d 06 01 0c 8c 70 04 03 21 ac 04 6b dd 16 1b a8 0a";
    assert_eq!(f.deserialize::<P2>(&hex(old_p2)).unwrap(), p2);
}
