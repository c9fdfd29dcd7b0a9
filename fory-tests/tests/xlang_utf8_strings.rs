//! `ForyBuilder::xlang_utf8_strings`: in xlang mode every string is written
//! as UTF-8, the bytes Rust holds, instead of the Latin-1 or UTF-16 pyfory
//! picks; reading takes every encoding whatever the setting. (Interop with
//! pyfory: `interop_python.rs`.)

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;

use fory_core::value::Value;
use fory_core::{Fory, ForyObject};

/// Latin-1, the BMP, past it, ASCII, empty, and long enough (past 64
/// bytes) for the copy that checks long strings apart.
const TEXTS: [&str; 9] = [
    "plain ascii",
    "",
    "café crème",
    "It’s a “quote” — with a dash",
    "日本語のテキストと中文的文字",
    "crab 🦀 rocket 🚀",
    "naïve résumé and a long tail of plain ASCII words well past sixty-four bytes",
    "a long run of plain ASCII words, well past sixty-four bytes, then one: ü",
    "the same, long, all ASCII, so that the first copy is kept as it is here.",
];

fn utf8(compatible: bool) -> Fory {
    Fory::builder()
        .xlang(true)
        .compatible(compatible)
        .xlang_utf8_strings(true)
        .build()
}

fn pyfory_style(compatible: bool) -> Fory {
    Fory::builder().xlang(true).compatible(compatible).build()
}

/// A string's bytes on the wire: `varuint64(len << 2 | encoding)` then the
/// bytes.
fn encoded(header: u64, bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut h = header;
    while h >= 0x80 {
        out.push(h as u8 | 0x80);
        h >>= 7;
    }
    out.push(h as u8);
    out.extend_from_slice(bytes);
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_string_is_its_utf8_bytes_after_the_header() {
    for text in TEXTS {
        let s = text.to_string();
        let bytes = utf8(true).serialize(&s).unwrap();
        // the stream header, the value's flag and the STRING type id, then
        // the string
        let default = pyfory_style(true).serialize(&s).unwrap();
        assert_eq!(bytes[..3], default[..3], "{text:?}");
        assert_eq!(
            bytes[3..],
            encoded(((s.len() as u64) << 2) | 2, s.as_bytes())[..],
            "{text:?}"
        );
        // read back with either setting, and the default's bytes too
        for reader in [utf8(true), pyfory_style(true)] {
            assert_eq!(reader.deserialize::<String>(&bytes).unwrap(), s);
            assert_eq!(reader.deserialize::<String>(&default).unwrap(), s);
        }
        // the default writes pyfory's encodings: not UTF-8 unless a char
        // is past the BMP
        let utf8_in_default = default[3] & 3 == 2;
        assert_eq!(
            utf8_in_default,
            text.chars().any(|c| c as u32 > 0xffff),
            "{text:?}"
        );
    }
}

#[derive(ForyObject, Debug, Clone, PartialEq)]
struct Doc {
    id: i32,
    title: String,
    subtitle: Option<String>,
    tags: Vec<String>,
    attrs: HashMap<String, String>,
    labels: BTreeSet<String>,
    initial: char,
    boxed: Box<str>,
    shared: Arc<str>,
    counted: Rc<str>,
    cow: Cow<'static, str>,
}

fn doc() -> Doc {
    Doc {
        id: 7,
        title: TEXTS[3].into(),
        subtitle: Some(TEXTS[4].into()),
        tags: TEXTS.iter().map(|t| t.to_string()).collect(),
        attrs: TEXTS
            .iter()
            .map(|t| (t.to_string(), t.chars().rev().collect()))
            .collect(),
        labels: TEXTS.iter().map(|t| t.to_string()).collect(),
        initial: 'é',
        boxed: TEXTS[5].into(),
        shared: TEXTS[6].into(),
        counted: TEXTS[2].into(),
        cow: Cow::Borrowed(TEXTS[7]),
    }
}

#[test]
fn struct_fields_and_containers_write_utf8_and_read_back() {
    let d = doc();
    for compatible in [false, true] {
        let mut w = utf8(compatible);
        w.register::<Doc>(300).unwrap();
        let mut r = pyfory_style(compatible);
        r.register::<Doc>(300).unwrap();
        let bytes = w.serialize(&d).unwrap();
        for text in TEXTS.iter().filter(|t| !t.is_empty()) {
            assert!(
                contains(
                    &bytes,
                    &encoded(((text.len() as u64) << 2) | 2, text.as_bytes())
                ),
                "compatible {compatible}: {text:?} is not written as UTF-8"
            );
        }
        assert!(contains(&bytes, &encoded(2 << 2 | 2, "é".as_bytes())));
        assert_eq!(w.deserialize::<Doc>(&bytes).unwrap(), d);
        assert_eq!(r.deserialize::<Doc>(&bytes).unwrap(), d);
        // and the other way: pyfory's encodings read with the setting on
        let theirs = r.serialize(&d).unwrap();
        assert_ne!(theirs, bytes);
        assert_eq!(w.deserialize::<Doc>(&theirs).unwrap(), d);
        // dynamic values (compatible structs only: a schema-consistent
        // one has no field names) read from either carry the same strings
        if compatible {
            let a: Value = w.deserialize(&bytes).unwrap();
            let b: Value = r.deserialize(&theirs).unwrap();
            assert_eq!(a, b);
            assert_eq!(a.get("title").and_then(Value::as_str), Some(TEXTS[3]));
        }
    }
}

#[test]
fn dynamic_values_write_utf8_too() {
    let v = Value::List(TEXTS.iter().map(|t| Value::String(t.to_string())).collect());
    let bytes = utf8(true).serialize(&v).unwrap();
    for text in TEXTS.iter().filter(|t| !t.is_empty()) {
        assert!(contains(
            &bytes,
            &encoded(((text.len() as u64) << 2) | 2, text.as_bytes())
        ));
    }
    assert_eq!(pyfory_style(true).deserialize::<Value>(&bytes).unwrap(), v);
}

#[test]
fn native_mode_and_ascii_length_are_unchanged() {
    let d = doc();
    // native mode writes UTF-8 already: the setting changes no byte
    for compatible in [false, true] {
        let mut on = Fory::builder()
            .compatible(compatible)
            .xlang_utf8_strings(true)
            .build();
        on.register::<Doc>(300).unwrap();
        let mut off = Fory::builder().compatible(compatible).build();
        off.register::<Doc>(300).unwrap();
        assert_eq!(on.serialize(&d).unwrap(), off.serialize(&d).unwrap());
    }
    // in xlang mode ASCII differs from the default only in the header's
    // encoding bits (UTF-8 rather than Latin-1)
    let ascii = "plain ascii".to_string();
    let a = utf8(true).serialize(&ascii).unwrap();
    let b = pyfory_style(true).serialize(&ascii).unwrap();
    assert_eq!(a.len(), b.len());
    assert_eq!(a[3] & !3, b[3] & !3);
    assert_eq!((a[3] & 3, b[3] & 3), (2, 0));
    assert_eq!(a[4..], b[4..]);
}

#[test]
fn the_setting_holds_whatever_the_builder_order() {
    let text = TEXTS[3].to_string();
    let first = Fory::builder().xlang_utf8_strings(true).xlang(true).build();
    let last = utf8(true);
    assert!(first.config().xlang_utf8_strings());
    assert_eq!(
        first.serialize(&text).unwrap(),
        last.serialize(&text).unwrap()
    );
    // turned off again: pyfory's encodings
    let off = Fory::builder()
        .xlang(true)
        .xlang_utf8_strings(true)
        .xlang_utf8_strings(false)
        .build();
    assert!(!off.config().xlang_utf8_strings());
    assert_eq!(
        off.serialize(&text).unwrap(),
        pyfory_style(true).serialize(&text).unwrap()
    );
    // xlang turned off and on again keeps it
    let again = Fory::builder()
        .xlang_utf8_strings(true)
        .xlang(false)
        .xlang(true)
        .build();
    assert_eq!(
        again.serialize(&text).unwrap(),
        last.serialize(&text).unwrap()
    );
}
