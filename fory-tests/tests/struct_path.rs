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
