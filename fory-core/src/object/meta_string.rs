//! Meta strings: the compact encodings Fory uses for namespaces, type names
//! and field names, byte-compatible with pyfory 1.7.7.
//!
//! A meta string is a short identifier packed with one of five
//! [`MetaEncoding`]s. The packed encodings (5 or 6 bits per character) put
//! the characters MSB-first from bit 1 of the first byte on; bit 7 of the
//! first byte ("strip last char") tells a decoder that the padding at the
//! end is wide enough to look like one more character, which it must drop.
//!
//! Which encoding a string gets is decided by [`encode`], following
//! pyfory's `MetaStringEncoder.compute_encoding`. The encoder is
//! parametrized by two special characters (the values 62 and 63 of
//! [`MetaEncoding::LowerUpperDigitSpecial`]); pyfory uses
//!
//! | what                               | specials   | allowed encodings                          |
//! |------------------------------------|------------|--------------------------------------------|
//! | namespace, stream form             | `.` `_`    | all five ([`ALL_ENCODINGS`])               |
//! | type name, stream form             | `$` `_`    | all five ([`ALL_ENCODINGS`])               |
//! | namespace in a TypeDef             | `.` `_`    | [`TYPEDEF_NAMESPACE_ENCODINGS`]            |
//! | type name in a TypeDef             | `$` `_`    | [`TYPEDEF_TYPE_NAME_ENCODINGS`]            |
//! | field name in a TypeDef            | `$` `_`    | [`FIELD_NAME_ENCODINGS`]                   |
//!
//! The "stream form" ([`write_meta_string`] / [`read_meta_string`]) is the
//! one that follows `NAMED_STRUCT` / `NAMED_ENUM` / `NAMED_UNION` type ids
//! when the writer does not share TypeDefs: `varuint32(len << 1)`, then the
//! encoding byte (`0 < len <= 16`) or the i64 [`hashcode`] (`len > 16`),
//! then the bytes. A string already written in the same stream is sent
//! again as the back-reference `varuint32(((id + 1) << 1) | 1)`, which the
//! caller writes (it owns the id table); [`read_meta_string`] parses both.
//!
//! Where pyfory itself fails (it raises `ValueError` for strings such as
//! `"Über"` whose characters pass Python's Unicode `islower`/`isupper` test
//! but cannot be packed, and for TypeDef names whose chosen encoding is not
//! in the allowed list), this module still produces a valid meta string:
//! see [`encode`]. Such strings cannot come from pyfory, so no pyfory
//! output is contradicted, and pyfory decodes what is produced.

use super::murmur::murmur3_x64_128;

/// The five meta string encodings; the discriminant is the value pyfory
/// writes (in the stream form's encoding byte and in the low byte of
/// [`hashcode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetaEncoding {
    /// Plain UTF-8 bytes.
    Utf8 = 0,
    /// 5 bits a character: `a`-`z` (0-25), `.` (26), `_` (27), `$` (28),
    /// `|` (29).
    LowerSpecial = 1,
    /// 6 bits a character: `a`-`z` (0-25), `A`-`Z` (26-51), `0`-`9`
    /// (52-61), then the encoder's two special characters (62, 63).
    LowerUpperDigitSpecial = 2,
    /// [`MetaEncoding::LowerSpecial`] of the string with its first
    /// character lower-cased; the decoder upper-cases the first character.
    FirstToLowerSpecial = 3,
    /// [`MetaEncoding::LowerSpecial`] of the string with each upper-case
    /// letter `X` replaced by `|x`.
    AllToLowerSpecial = 4,
}

impl MetaEncoding {
    /// The encoding with wire value `v`, if there is one (0..=4).
    pub fn from_u8(v: u8) -> Option<MetaEncoding> {
        match v {
            0 => Some(MetaEncoding::Utf8),
            1 => Some(MetaEncoding::LowerSpecial),
            2 => Some(MetaEncoding::LowerUpperDigitSpecial),
            3 => Some(MetaEncoding::FirstToLowerSpecial),
            4 => Some(MetaEncoding::AllToLowerSpecial),
            _ => None,
        }
    }

    /// The wire value (0..=4).
    pub fn as_u8(self) -> u8 {
        self as u8
    }

    /// pyfory's name for the encoding (`"LOWER_SPECIAL"`, ...), for messages.
    pub fn name(self) -> &'static str {
        match self {
            MetaEncoding::Utf8 => "UTF_8",
            MetaEncoding::LowerSpecial => "LOWER_SPECIAL",
            MetaEncoding::LowerUpperDigitSpecial => "LOWER_UPPER_DIGIT_SPECIAL",
            MetaEncoding::FirstToLowerSpecial => "FIRST_TO_LOWER_SPECIAL",
            MetaEncoding::AllToLowerSpecial => "ALL_TO_LOWER_SPECIAL",
        }
    }
}

/// All five encodings: what pyfory allows for namespaces and type names in
/// the stream form (its `TypeResolver` calls `encode` without a list).
pub const ALL_ENCODINGS: [MetaEncoding; 5] = [
    MetaEncoding::Utf8,
    MetaEncoding::LowerSpecial,
    MetaEncoding::LowerUpperDigitSpecial,
    MetaEncoding::FirstToLowerSpecial,
    MetaEncoding::AllToLowerSpecial,
];

/// The encodings of a namespace inside a TypeDef, in the order of their
/// 2-bit flag (the index in this array is what the TypeDef stores).
pub const TYPEDEF_NAMESPACE_ENCODINGS: [MetaEncoding; 3] = [
    MetaEncoding::Utf8,
    MetaEncoding::AllToLowerSpecial,
    MetaEncoding::LowerUpperDigitSpecial,
];

/// The encodings of a type name inside a TypeDef, in the order of their
/// 2-bit flag (the index in this array is what the TypeDef stores).
pub const TYPEDEF_TYPE_NAME_ENCODINGS: [MetaEncoding; 4] = [
    MetaEncoding::Utf8,
    MetaEncoding::AllToLowerSpecial,
    MetaEncoding::LowerUpperDigitSpecial,
    MetaEncoding::FirstToLowerSpecial,
];

/// The encodings of a field name inside a TypeDef, in the order of their
/// 2-bit flag (flag 3 means "tag id" instead of a name).
pub const FIELD_NAME_ENCODINGS: [MetaEncoding; 3] = [
    MetaEncoding::Utf8,
    MetaEncoding::AllToLowerSpecial,
    MetaEncoding::LowerUpperDigitSpecial,
];

/// The special characters (values 62, 63) of namespaces.
pub const NAMESPACE_SPECIALS: (char, char) = ('.', '_');
/// The special characters (values 62, 63) of type names and field names.
pub const TYPE_NAME_SPECIALS: (char, char) = ('$', '_');

/// Strings up to this many encoded bytes are "small": the stream form
/// carries their encoding byte, and [`hashcode`] hashes them without
/// MurmurHash3.
pub const SMALL_META_STRING_LEN: usize = 16;

/// An encoded meta string: the encoding and the packed bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EncodedMetaString {
    /// How `bytes` encode the string.
    pub encoding: MetaEncoding,
    /// The packed (or UTF-8) bytes; empty for the empty string.
    pub bytes: Vec<u8>,
}

/// One entry of the stream form, as [`read_meta_string`] found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetaStringEntry {
    /// A string written out in full; the caller gives it the next id.
    New(EncodedMetaString),
    /// A reference to the string with this 0-based id (the id-th `New`
    /// entry of the stream).
    Ref(usize),
}

// ----- character tables -----

/// The 5-bit value of `c`, if it has one.
fn lower_special_value(c: char) -> Option<u8> {
    match c {
        'a'..='z' => Some(c as u8 - b'a'),
        '.' => Some(26),
        '_' => Some(27),
        '$' => Some(28),
        '|' => Some(29),
        _ => None,
    }
}

/// The character of 5-bit value `v` (0..=29).
fn lower_special_char(v: u8) -> Option<char> {
    match v {
        0..=25 => Some((b'a' + v) as char),
        26 => Some('.'),
        27 => Some('_'),
        28 => Some('$'),
        29 => Some('|'),
        _ => None,
    }
}

/// The 6-bit value of `c`, if it has one. Letters and digits win over the
/// special characters, as in pyfory.
fn lower_upper_digit_special_value(c: char, special1: char, special2: char) -> Option<u8> {
    match c {
        'a'..='z' => Some(c as u8 - b'a'),
        'A'..='Z' => Some(26 + (c as u8 - b'A')),
        '0'..='9' => Some(52 + (c as u8 - b'0')),
        _ if c == special1 => Some(62),
        _ if c == special2 => Some(63),
        _ => None,
    }
}

/// The character of 6-bit value `v` (every value 0..=63 has one).
fn lower_upper_digit_special_char(v: u8, special1: char, special2: char) -> char {
    match v & 0x3f {
        v @ 0..=25 => (b'a' + v) as char,
        v @ 26..=51 => (b'A' + (v - 26)) as char,
        v @ 52..=61 => (b'0' + (v - 52)) as char,
        62 => special1,
        _ => special2,
    }
}

// ----- encoding -----

/// What pyfory's `_compute_statistics` finds out about a string.
struct Statistics {
    can_lower_upper_digit_special: bool,
    can_lower_special: bool,
    digit_count: usize,
    upper_count: usize,
    char_count: usize,
}

/// Counts as pyfory does, but with ASCII letter/digit classes: a string
/// pyfory can pack consists of ASCII letters, digits and the special
/// characters only, and for those Python's Unicode tests agree with the
/// ASCII ones; strings with other characters end up as UTF-8 here (pyfory
/// either picks UTF-8 too or raises).
fn statistics(s: &str, special1: char, special2: char) -> Statistics {
    let mut st = Statistics {
        can_lower_upper_digit_special: true,
        can_lower_special: true,
        digit_count: 0,
        upper_count: 0,
        char_count: 0,
    };
    for c in s.chars() {
        st.char_count += 1;
        let lower = c.is_ascii_lowercase();
        let upper = c.is_ascii_uppercase();
        let digit = c.is_ascii_digit();
        if !(lower || upper || digit || c == special1 || c == special2) {
            st.can_lower_upper_digit_special = false;
        }
        if !(lower || matches!(c, '.' | '_' | '$' | '|')) {
            st.can_lower_special = false;
        }
        if digit {
            st.digit_count += 1;
        }
        if upper {
            st.upper_count += 1;
        }
    }
    st
}

/// pyfory's `compute_encoding` for a non-empty `s`, restricted to
/// `allowed` (pyfory returns `FIRST_TO_LOWER_SPECIAL` even when it is not
/// allowed and then fails; here it is skipped, as Java's encoder does).
fn compute_encoding(
    s: &str,
    special1: char,
    special2: char,
    allowed: &[MetaEncoding],
) -> MetaEncoding {
    let st = statistics(s, special1, special2);
    if st.can_lower_special && allowed.contains(&MetaEncoding::LowerSpecial) {
        return MetaEncoding::LowerSpecial;
    }
    if st.can_lower_upper_digit_special && allowed.contains(&MetaEncoding::LowerUpperDigitSpecial) {
        if st.digit_count != 0 {
            return MetaEncoding::LowerUpperDigitSpecial;
        }
        let first_upper = s.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        if st.upper_count == 1
            && first_upper
            && allowed.contains(&MetaEncoding::FirstToLowerSpecial)
        {
            return MetaEncoding::FirstToLowerSpecial;
        }
        if (st.char_count + st.upper_count) * 5 < st.char_count * 6
            && allowed.contains(&MetaEncoding::AllToLowerSpecial)
        {
            return MetaEncoding::AllToLowerSpecial;
        }
        return MetaEncoding::LowerUpperDigitSpecial;
    }
    MetaEncoding::Utf8
}

/// Packs `values` (each `bits` wide) MSB-first from bit 1 on, and sets the
/// strip flag (bit 7 of byte 0) when the padding could pass for one more
/// value.
fn pack(values: &[u8], bits: usize) -> Vec<u8> {
    let total_bits = values.len() * bits + 1;
    let mut out = vec![0u8; total_bits.div_ceil(8)];
    let mut bit = 1;
    for &v in values {
        for i in (0..bits).rev() {
            if (v >> i) & 1 != 0 {
                out[bit / 8] |= 0x80 >> (bit % 8);
            }
            bit += 1;
        }
    }
    if out.len() * 8 >= total_bits + bits {
        out[0] |= 0x80;
    }
    out
}

/// Encodes non-empty `s` with `encoding`, or `None` if a character of `s`
/// has no value in it.
fn encode_as(s: &str, encoding: MetaEncoding, special1: char, special2: char) -> Option<Vec<u8>> {
    match encoding {
        MetaEncoding::Utf8 => Some(s.as_bytes().to_vec()),
        MetaEncoding::LowerSpecial => {
            let values = s
                .chars()
                .map(lower_special_value)
                .collect::<Option<Vec<u8>>>()?;
            Some(pack(&values, 5))
        }
        MetaEncoding::LowerUpperDigitSpecial => {
            let values = s
                .chars()
                .map(|c| lower_upper_digit_special_value(c, special1, special2))
                .collect::<Option<Vec<u8>>>()?;
            Some(pack(&values, 6))
        }
        MetaEncoding::FirstToLowerSpecial => {
            let values = s
                .chars()
                .enumerate()
                .map(|(i, c)| lower_special_value(if i == 0 { c.to_ascii_lowercase() } else { c }))
                .collect::<Option<Vec<u8>>>()?;
            Some(pack(&values, 5))
        }
        MetaEncoding::AllToLowerSpecial => {
            let mut values = Vec::with_capacity(s.len() * 2);
            for c in s.chars() {
                if c.is_ascii_uppercase() {
                    values.push(29); // '|'
                    values.push(lower_special_value(c.to_ascii_lowercase())?);
                } else {
                    values.push(lower_special_value(c)?);
                }
            }
            Some(pack(&values, 5))
        }
    }
}

/// Encodes `s` the way pyfory's `MetaStringEncoder(special1,
/// special2).encode(s, allowed)` does: the empty string is empty UTF-8;
/// otherwise lower-case-and-`._$|` strings get
/// [`MetaEncoding::LowerSpecial`], strings of letters, digits and the two
/// specials get [`MetaEncoding::LowerUpperDigitSpecial`],
/// [`MetaEncoding::FirstToLowerSpecial`] (no digits, only the first letter
/// upper-case) or [`MetaEncoding::AllToLowerSpecial`] (no digits, when
/// shorter than 6 bits a character), anything else UTF-8 — each only if in
/// `allowed`.
///
/// Where pyfory would fail, this falls back instead of failing:
/// - a string it cannot pack although Python calls its characters letters
///   or digits (`"Über"`, `"x²"`) becomes UTF-8;
/// - [`MetaEncoding::FirstToLowerSpecial`] is skipped when not in
///   `allowed` (pyfory picks it anyway and then raises);
/// - a special character with no 5-bit value (a `special1` other than
///   `._$|`) makes [`MetaEncoding::AllToLowerSpecial`] /
///   [`MetaEncoding::FirstToLowerSpecial`] fall back to
///   [`MetaEncoding::LowerUpperDigitSpecial`];
/// - UTF-8 is used when nothing else fits, even if `allowed` lacks it.
///
/// pyfory also refuses strings of 32767 characters or more; this does not.
pub fn encode(
    s: &str,
    special1: char,
    special2: char,
    allowed: &[MetaEncoding],
) -> EncodedMetaString {
    if s.is_empty() {
        return EncodedMetaString {
            encoding: MetaEncoding::Utf8,
            bytes: Vec::new(),
        };
    }
    let chosen = compute_encoding(s, special1, special2, allowed);
    if let Some(bytes) = encode_as(s, chosen, special1, special2) {
        return EncodedMetaString {
            encoding: chosen,
            bytes,
        };
    }
    if chosen != MetaEncoding::LowerUpperDigitSpecial
        && allowed.contains(&MetaEncoding::LowerUpperDigitSpecial)
    {
        if let Some(bytes) = encode_as(s, MetaEncoding::LowerUpperDigitSpecial, special1, special2)
        {
            return EncodedMetaString {
                encoding: MetaEncoding::LowerUpperDigitSpecial,
                bytes,
            };
        }
    }
    EncodedMetaString {
        encoding: MetaEncoding::Utf8,
        bytes: s.as_bytes().to_vec(),
    }
}

/// Encodes `s` with the given `encoding` (pyfory's `encode_with_encoding`),
/// or `None` if a character of `s` cannot be encoded with it. The empty
/// string is always empty UTF-8.
#[cfg(test)]
pub fn encode_with(
    s: &str,
    encoding: MetaEncoding,
    special1: char,
    special2: char,
) -> Option<EncodedMetaString> {
    if s.is_empty() {
        return Some(EncodedMetaString {
            encoding: MetaEncoding::Utf8,
            bytes: Vec::new(),
        });
    }
    encode_as(s, encoding, special1, special2).map(|bytes| EncodedMetaString { encoding, bytes })
}

/// A namespace as pyfory encodes it for the stream form (specials `.` `_`,
/// all encodings).
pub fn encode_namespace(s: &str) -> EncodedMetaString {
    encode(
        s,
        NAMESPACE_SPECIALS.0,
        NAMESPACE_SPECIALS.1,
        &ALL_ENCODINGS,
    )
}

/// A type name as pyfory encodes it for the stream form (specials `$` `_`,
/// all encodings).
pub fn encode_type_name(s: &str) -> EncodedMetaString {
    encode(
        s,
        TYPE_NAME_SPECIALS.0,
        TYPE_NAME_SPECIALS.1,
        &ALL_ENCODINGS,
    )
}

/// A namespace as pyfory encodes it inside a TypeDef (specials `.` `_`,
/// [`TYPEDEF_NAMESPACE_ENCODINGS`]).
pub fn encode_typedef_namespace(s: &str) -> EncodedMetaString {
    encode(
        s,
        NAMESPACE_SPECIALS.0,
        NAMESPACE_SPECIALS.1,
        &TYPEDEF_NAMESPACE_ENCODINGS,
    )
}

/// A type name as pyfory encodes it inside a TypeDef (specials `$` `_`,
/// [`TYPEDEF_TYPE_NAME_ENCODINGS`]).
pub fn encode_typedef_type_name(s: &str) -> EncodedMetaString {
    encode(
        s,
        TYPE_NAME_SPECIALS.0,
        TYPE_NAME_SPECIALS.1,
        &TYPEDEF_TYPE_NAME_ENCODINGS,
    )
}

/// A field name as pyfory encodes it inside a TypeDef (specials `$` `_`,
/// [`FIELD_NAME_ENCODINGS`]).
pub fn encode_field_name(s: &str) -> EncodedMetaString {
    encode(
        s,
        TYPE_NAME_SPECIALS.0,
        TYPE_NAME_SPECIALS.1,
        &FIELD_NAME_ENCODINGS,
    )
}

// ----- decoding -----

/// Unpacks `bits`-wide values (5 or 6) as pyfory's decoder does, honouring
/// the strip flag, and maps each through `to_char`.
fn unpack(
    data: &[u8],
    bits: usize,
    mut to_char: impl FnMut(u8, usize) -> Result<char, String>,
) -> Result<String, String> {
    let Some(&first) = data.first() else {
        return Ok(String::new());
    };
    let num_bits = data.len() * 8;
    let strip_last = first & 0x80 != 0;
    let mask = (1u16 << bits) - 1;
    let mut out = String::with_capacity(num_bits / bits);
    let mut bit = 1;
    let mut index = 0;
    while bit + bits <= num_bits && !(strip_last && bit + 2 * bits > num_bits) {
        let byte = bit / 8;
        let hi = u16::from(data[byte]);
        let lo = u16::from(data.get(byte + 1).copied().unwrap_or(0));
        let v = (((hi << 8) | lo) >> (16 - bits - bit % 8)) & mask;
        out.push(to_char(v as u8, index)?);
        bit += bits;
        index += 1;
    }
    Ok(out)
}

fn decode_lower_special(data: &[u8], what: MetaEncoding) -> Result<String, String> {
    unpack(data, 5, |v, i| {
        lower_special_char(v).ok_or_else(|| {
            format!(
                "invalid {} meta string: character {i} has value {v} (at most 29)",
                what.name()
            )
        })
    })
}

/// Decodes meta string `bytes` packed with `encoding` by an encoder with
/// these special characters (pyfory's `MetaStringDecoder.decode`). Empty
/// `bytes` are the empty string whatever the encoding. Never panics; the
/// error names the problem (invalid UTF-8, a 5-bit value above 29, an
/// `ALL_TO_LOWER_SPECIAL` string ending in the escape `|`).
pub fn decode(
    bytes: &[u8],
    encoding: MetaEncoding,
    special1: char,
    special2: char,
) -> Result<String, String> {
    if bytes.is_empty() {
        return Ok(String::new());
    }
    match encoding {
        MetaEncoding::Utf8 => std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|e| format!("invalid UTF-8 in UTF_8 meta string: {e}")),
        MetaEncoding::LowerSpecial => decode_lower_special(bytes, encoding),
        MetaEncoding::LowerUpperDigitSpecial => unpack(bytes, 6, |v, _| {
            Ok(lower_upper_digit_special_char(v, special1, special2))
        }),
        MetaEncoding::FirstToLowerSpecial => {
            // pyfory applies str.capitalize(); the rest is lower-case already
            let mut s = decode_lower_special(bytes, encoding)?;
            if let Some(first) = s.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            Ok(s)
        }
        MetaEncoding::AllToLowerSpecial => {
            let lowered = decode_lower_special(bytes, encoding)?;
            let mut out = String::with_capacity(lowered.len());
            let mut chars = lowered.chars();
            while let Some(c) = chars.next() {
                if c == '|' {
                    match chars.next() {
                        Some(next) => out.push(next.to_ascii_uppercase()),
                        None => return Err(
                            "invalid ALL_TO_LOWER_SPECIAL meta string: it ends with the escape '|'"
                                .to_owned(),
                        ),
                    }
                } else {
                    out.push(c);
                }
            }
            Ok(out)
        }
    }
}

/// Decodes a namespace (specials `.` `_`), from the stream form or a
/// TypeDef.
pub fn decode_namespace(bytes: &[u8], encoding: MetaEncoding) -> Result<String, String> {
    decode(bytes, encoding, NAMESPACE_SPECIALS.0, NAMESPACE_SPECIALS.1)
}

/// Decodes a type name (specials `$` `_`), from the stream form or a
/// TypeDef.
pub fn decode_type_name(bytes: &[u8], encoding: MetaEncoding) -> Result<String, String> {
    decode(bytes, encoding, TYPE_NAME_SPECIALS.0, TYPE_NAME_SPECIALS.1)
}

/// Decodes a TypeDef field name (specials `$` `_`).
pub fn decode_field_name(bytes: &[u8], encoding: MetaEncoding) -> Result<String, String> {
    decode(bytes, encoding, TYPE_NAME_SPECIALS.0, TYPE_NAME_SPECIALS.1)
}

// ----- hash -----

fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// pyfory's hashcode of an encoded meta string; its low byte is the
/// encoding. Empty: 0. Up to 16 bytes (`hash_small_metastring`): the bytes
/// zero-padded to two little-endian u64 `v1`, `v2`, then
/// `fmix64(v1 ^ v2 * 0x9e3779b97f4a7c15 ^ len << 56)` with the low byte
/// replaced. Longer: the low half of MurmurHash3 x64-128 (seed 47) with the
/// low byte replaced — the i64 the stream form writes for `len > 16`.
pub fn hashcode(e: &EncodedMetaString) -> i64 {
    let len = e.bytes.len();
    let encoding = u64::from(e.encoding.as_u8());
    if len == 0 {
        return 0;
    }
    let h = if len <= SMALL_META_STRING_LEN {
        let mut padded = [0u8; 16];
        padded[..len].copy_from_slice(&e.bytes);
        let (a, b) = padded.split_at(8);
        let v1 = u64::from_le_bytes(a.try_into().unwrap_or([0; 8]));
        let v2 = u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
        mix64(v1 ^ v2.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ ((len as u64) << 56))
    } else {
        murmur3_x64_128(&e.bytes, 47).0
    };
    ((h & !0xff) | encoding) as i64
}

// ----- stream form -----

fn write_varuint32(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Writes `e` in full in the stream form: `varuint32(len << 1)`, the
/// encoding byte if `0 < len <= 16` or the i64 LE [`hashcode`] if
/// `len > 16`, then the bytes. (A repeat is written by the caller as
/// `varuint32(((id + 1) << 1) | 1)`.)
///
/// # Panics
/// If `e` has 2^31 bytes or more, which the header cannot express.
pub fn write_meta_string(out: &mut Vec<u8>, e: &EncodedMetaString) {
    let len = e.bytes.len();
    let header = u32::try_from(len)
        .ok()
        .and_then(|l| l.checked_mul(2))
        .unwrap_or_else(|| panic!("meta string of {len} bytes is too long for the stream form"));
    write_varuint32(out, header);
    if len > SMALL_META_STRING_LEN {
        out.extend_from_slice(&hashcode(e).to_le_bytes());
    } else if len > 0 {
        out.push(e.encoding.as_u8());
    }
    out.extend_from_slice(&e.bytes);
}

/// `n` bytes of `input` at `*p`, advancing `*p`; an error naming `what` if
/// there are fewer.
fn take<'a>(input: &'a [u8], p: &mut usize, n: usize, what: &str) -> Result<&'a [u8], String> {
    let left = input.len().saturating_sub(*p);
    if left < n {
        return Err(format!(
            "truncated meta string: {what} needs {n} bytes at byte {p}, only {left} left",
            p = *p
        ));
    }
    let s = &input[*p..*p + n];
    *p += n;
    Ok(s)
}

/// Reads a LEB128 varuint32 (at most 5 bytes, nothing past bit 31).
fn read_varuint32(input: &[u8], p: &mut usize) -> Result<u32, String> {
    let start = *p;
    let mut v = 0u32;
    for i in 0..5 {
        let b = take(input, p, 1, "the varuint32 header")?[0];
        if i == 4 && b > 0x0f {
            return Err(format!(
                "meta string header varuint32 at byte {start} overflows 32 bits"
            ));
        }
        v |= u32::from(b & 0x7f) << (7 * i);
        if b < 0x80 {
            break;
        }
    }
    Ok(v)
}

/// Reads one stream-form entry at `input[*pos..]`: a string in full (as
/// [`write_meta_string`] writes it) or a back-reference. For strings over
/// 16 bytes the written hash must be the [`hashcode`] of the bytes (pyfory
/// checks this too); the encoding must be 0..=4.
///
/// On success `*pos` is past the entry; on error it is left unchanged.
/// Never panics, and allocates only after the claimed length was checked
/// against the input.
pub fn read_meta_string(input: &[u8], pos: &mut usize) -> Result<MetaStringEntry, String> {
    let start = *pos;
    let mut p = start;
    let header = read_varuint32(input, &mut p)?;
    if header & 1 != 0 {
        let id = (header >> 1) as usize;
        if id == 0 {
            return Err(format!(
                "invalid meta string back-reference 0 at byte {start}"
            ));
        }
        *pos = p;
        return Ok(MetaStringEntry::Ref(id - 1));
    }
    let len = (header >> 1) as usize;
    if len == 0 {
        *pos = p;
        return Ok(MetaStringEntry::New(EncodedMetaString {
            encoding: MetaEncoding::Utf8,
            bytes: Vec::new(),
        }));
    }
    let (encoding_value, hash) = if len <= SMALL_META_STRING_LEN {
        (take(input, &mut p, 1, "the encoding byte")?[0], None)
    } else {
        let raw = take(input, &mut p, 8, "the hash")?;
        let h = i64::from_le_bytes(raw.try_into().map_err(|_| "short hash".to_owned())?);
        (h as u8, Some(h))
    };
    let encoding = MetaEncoding::from_u8(encoding_value).ok_or_else(|| {
        format!("unknown meta string encoding {encoding_value} in the entry at byte {start} (0..=4 exist)")
    })?;
    let bytes = take(input, &mut p, len, "the string")?.to_vec();
    let e = EncodedMetaString { encoding, bytes };
    if let Some(written) = hash {
        let actual = hashcode(&e);
        if actual != written {
            return Err(format!(
                "malformed meta string at byte {start}: hash {written:#018x} does not match its {len} bytes ({actual:#018x})"
            ));
        }
    }
    *pos = p;
    Ok(MetaStringEntry::New(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Which pyfory encoder produced a vector.
    #[derive(Debug, Clone, Copy)]
    enum K {
        /// `MetaStringEncoder(".", "_").encode(s)`
        Ns,
        /// `MetaStringEncoder("$", "_").encode(s)`
        Tn,
        /// `MetaStringEncoder(".", "_").encode(s, NAMESPACE_ENCODINGS)`
        TdNs,
        /// `MetaStringEncoder("$", "_").encode(s, TYPE_NAME_ENCODINGS)`
        TdTn,
        /// `MetaStringEncoder("$", "_").encode(s, FIELD_NAME_ENCODINGS)`
        Field,
    }

    impl K {
        fn encode(self, s: &str) -> EncodedMetaString {
            match self {
                K::Ns => encode_namespace(s),
                K::Tn => encode_type_name(s),
                K::TdNs => encode_typedef_namespace(s),
                K::TdTn => encode_typedef_type_name(s),
                K::Field => encode_field_name(s),
            }
        }

        fn decode(self, e: &EncodedMetaString) -> Result<String, String> {
            match self {
                K::Ns | K::TdNs => decode_namespace(&e.bytes, e.encoding),
                K::Tn | K::TdTn => decode_type_name(&e.bytes, e.encoding),
                K::Field => decode_field_name(&e.bytes, e.encoding),
            }
        }

        fn allowed(self) -> &'static [MetaEncoding] {
            match self {
                K::Ns | K::Tn => &ALL_ENCODINGS,
                K::TdNs => &TYPEDEF_NAMESPACE_ENCODINGS,
                K::TdTn => &TYPEDEF_TYPE_NAME_ENCODINGS,
                K::Field => &FIELD_NAME_ENCODINGS,
            }
        }
    }

    type Vector = (K, &'static str, Option<(MetaEncoding, &'static [u8])>);

    // Generated by a script run on pyfory 1.7.7 (pyfory.meta.metastring
    // MetaStringEncoder with the lists of pyfory.meta.typedef; `None` where
    // pyfory raises ValueError, including a TypeDef encoding missing from
    // its list):
    //
    //     NS = MetaStringEncoder(".", "_"); TN = MetaStringEncoder("$", "_")
    //     m = NS.encode(s, NAMESPACE_ENCODINGS); NAMESPACE_ENCODINGS.index(m.encoding)
    //     print(m.encoding.value, m.encoded_data.hex())
    //
    // The random strings come from random.Random(20240607).
    #[rustfmt::skip]
    const VECTORS: &[Vector] = &[
        // fixed
        (K::Ns, "example", Some((MetaEncoding::LowerSpecial, &[0x12, 0xe0, 0x63, 0xd6, 0x40]))),
        (K::Tn, "example", Some((MetaEncoding::LowerSpecial, &[0x12, 0xe0, 0x63, 0xd6, 0x40]))),
        (K::TdNs, "example", Some((MetaEncoding::AllToLowerSpecial, &[0x12, 0xe0, 0x63, 0xd6, 0x40]))),
        (K::TdTn, "example", Some((MetaEncoding::AllToLowerSpecial, &[0x12, 0xe0, 0x63, 0xd6, 0x40]))),
        (K::Field, "example", Some((MetaEncoding::AllToLowerSpecial, &[0x12, 0xe0, 0x63, 0xd6, 0x40]))),
        (K::Ns, "Point", Some((MetaEncoding::FirstToLowerSpecial, &[0xbd, 0xc8, 0x6c, 0xc0]))),
        (K::Tn, "Point", Some((MetaEncoding::FirstToLowerSpecial, &[0xbd, 0xc8, 0x6c, 0xc0]))),
        (K::TdNs, "Point", None),
        (K::TdTn, "Point", Some((MetaEncoding::FirstToLowerSpecial, &[0xbd, 0xc8, 0x6c, 0xc0]))),
        (K::Field, "Point", None),
        (K::Ns, "Color", Some((MetaEncoding::FirstToLowerSpecial, &[0x89, 0xcb, 0x74, 0x40]))),
        (K::Tn, "Color", Some((MetaEncoding::FirstToLowerSpecial, &[0x89, 0xcb, 0x74, 0x40]))),
        (K::TdNs, "Color", None),
        (K::TdTn, "Color", Some((MetaEncoding::FirstToLowerSpecial, &[0x89, 0xcb, 0x74, 0x40]))),
        (K::Field, "Color", None),
        (K::Ns, "MyStruct", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xcc, 0xc5, 0x89, 0xa2, 0xa0, 0x49, 0x80]))),
        (K::Tn, "MyStruct", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xcc, 0xc5, 0x89, 0xa2, 0xa0, 0x49, 0x80]))),
        (K::TdNs, "MyStruct", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xcc, 0xc5, 0x89, 0xa2, 0xa0, 0x49, 0x80]))),
        (K::TdTn, "MyStruct", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xcc, 0xc5, 0x89, 0xa2, 0xa0, 0x49, 0x80]))),
        (K::Field, "MyStruct", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xcc, 0xc5, 0x89, 0xa2, 0xa0, 0x49, 0x80]))),
        (K::Ns, "my_type", Some((MetaEncoding::LowerSpecial, &[0x33, 0x1b, 0x9e, 0x1e, 0x40]))),
        (K::Tn, "my_type", Some((MetaEncoding::LowerSpecial, &[0x33, 0x1b, 0x9e, 0x1e, 0x40]))),
        (K::TdNs, "my_type", Some((MetaEncoding::AllToLowerSpecial, &[0x33, 0x1b, 0x9e, 0x1e, 0x40]))),
        (K::TdTn, "my_type", Some((MetaEncoding::AllToLowerSpecial, &[0x33, 0x1b, 0x9e, 0x1e, 0x40]))),
        (K::Field, "my_type", Some((MetaEncoding::AllToLowerSpecial, &[0x33, 0x1b, 0x9e, 0x1e, 0x40]))),
        (K::Ns, "A", Some((MetaEncoding::FirstToLowerSpecial, &[0x00]))),
        (K::Tn, "A", Some((MetaEncoding::FirstToLowerSpecial, &[0x00]))),
        (K::TdNs, "A", None),
        (K::TdTn, "A", Some((MetaEncoding::FirstToLowerSpecial, &[0x00]))),
        (K::Field, "A", None),
        (K::Ns, "x1", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x2f, 0xa8]))),
        (K::Tn, "x1", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x2f, 0xa8]))),
        (K::TdNs, "x1", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x2f, 0xa8]))),
        (K::TdTn, "x1", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x2f, 0xa8]))),
        (K::Field, "x1", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x2f, 0xa8]))),
        (K::Ns, "HTTPServer", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x43, 0x6d, 0xb4, 0xd8, 0x22, 0x2a, 0x88, 0x88]))),
        (K::Tn, "HTTPServer", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x43, 0x6d, 0xb4, 0xd8, 0x22, 0x2a, 0x88, 0x88]))),
        (K::TdNs, "HTTPServer", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x43, 0x6d, 0xb4, 0xd8, 0x22, 0x2a, 0x88, 0x88]))),
        (K::TdTn, "HTTPServer", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x43, 0x6d, 0xb4, 0xd8, 0x22, 0x2a, 0x88, 0x88]))),
        (K::Field, "HTTPServer", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x43, 0x6d, 0xb4, 0xd8, 0x22, 0x2a, 0x88, 0x88]))),
        (K::Ns, "a_much_longer_type_name_over_16_chars", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x01, 0xf9, 0x8a, 0x04, 0x3f, 0xe5, 0x9c, 0x68, 0xc2, 0x23, 0xfa, 0x6c, 0x1e, 0x27, 0xe6, 0x80, 0x60, 0x9f, 0x9c, 0xa8, 0x88, 0xff, 0xaf, 0x5f, 0x84, 0x38, 0x08, 0xa4]))),
        (K::Tn, "a_much_longer_type_name_over_16_chars", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x01, 0xf9, 0x8a, 0x04, 0x3f, 0xe5, 0x9c, 0x68, 0xc2, 0x23, 0xfa, 0x6c, 0x1e, 0x27, 0xe6, 0x80, 0x60, 0x9f, 0x9c, 0xa8, 0x88, 0xff, 0xaf, 0x5f, 0x84, 0x38, 0x08, 0xa4]))),
        (K::TdNs, "a_much_longer_type_name_over_16_chars", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x01, 0xf9, 0x8a, 0x04, 0x3f, 0xe5, 0x9c, 0x68, 0xc2, 0x23, 0xfa, 0x6c, 0x1e, 0x27, 0xe6, 0x80, 0x60, 0x9f, 0x9c, 0xa8, 0x88, 0xff, 0xaf, 0x5f, 0x84, 0x38, 0x08, 0xa4]))),
        (K::TdTn, "a_much_longer_type_name_over_16_chars", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x01, 0xf9, 0x8a, 0x04, 0x3f, 0xe5, 0x9c, 0x68, 0xc2, 0x23, 0xfa, 0x6c, 0x1e, 0x27, 0xe6, 0x80, 0x60, 0x9f, 0x9c, 0xa8, 0x88, 0xff, 0xaf, 0x5f, 0x84, 0x38, 0x08, 0xa4]))),
        (K::Field, "a_much_longer_type_name_over_16_chars", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x01, 0xf9, 0x8a, 0x04, 0x3f, 0xe5, 0x9c, 0x68, 0xc2, 0x23, 0xfa, 0x6c, 0x1e, 0x27, 0xe6, 0x80, 0x60, 0x9f, 0x9c, 0xa8, 0x88, 0xff, 0xaf, 0x5f, 0x84, 0x38, 0x08, 0xa4]))),
        (K::Ns, "\u{dc}ber", None),
        (K::Tn, "\u{dc}ber", None),
        (K::TdNs, "\u{dc}ber", None),
        (K::TdTn, "\u{dc}ber", None),
        (K::Field, "\u{dc}ber", None),
        (K::Ns, "", Some((MetaEncoding::Utf8, &[]))),
        (K::Tn, "", Some((MetaEncoding::Utf8, &[]))),
        (K::TdNs, "", Some((MetaEncoding::Utf8, &[]))),
        (K::TdTn, "", Some((MetaEncoding::Utf8, &[]))),
        (K::Field, "", Some((MetaEncoding::Utf8, &[]))),
        (K::Ns, "example.sub_pkg", Some((MetaEncoding::LowerSpecial, &[0x12, 0xe0, 0x63, 0xd6, 0x4d, 0x4a, 0x81, 0xdb, 0xd4, 0x60]))),
        (K::Tn, "example.sub_pkg", Some((MetaEncoding::LowerSpecial, &[0x12, 0xe0, 0x63, 0xd6, 0x4d, 0x4a, 0x81, 0xdb, 0xd4, 0x60]))),
        (K::TdNs, "example.sub_pkg", Some((MetaEncoding::AllToLowerSpecial, &[0x12, 0xe0, 0x63, 0xd6, 0x4d, 0x4a, 0x81, 0xdb, 0xd4, 0x60]))),
        (K::TdTn, "example.sub_pkg", Some((MetaEncoding::Utf8, &[0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x73, 0x75, 0x62, 0x5f, 0x70, 0x6b, 0x67]))),
        (K::Field, "example.sub_pkg", Some((MetaEncoding::Utf8, &[0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x73, 0x75, 0x62, 0x5f, 0x70, 0x6b, 0x67]))),
        (K::Ns, "ns$x", Some((MetaEncoding::LowerSpecial, &[0x36, 0x5c, 0xb8]))),
        (K::Tn, "ns$x", Some((MetaEncoding::LowerSpecial, &[0x36, 0x5c, 0xb8]))),
        (K::TdNs, "ns$x", Some((MetaEncoding::Utf8, &[0x6e, 0x73, 0x24, 0x78]))),
        (K::TdTn, "ns$x", Some((MetaEncoding::AllToLowerSpecial, &[0x36, 0x5c, 0xb8]))),
        (K::Field, "ns$x", Some((MetaEncoding::AllToLowerSpecial, &[0x36, 0x5c, 0xb8]))),
        (K::Ns, "a|b", Some((MetaEncoding::LowerSpecial, &[0x03, 0xa1]))),
        (K::Tn, "a|b", Some((MetaEncoding::LowerSpecial, &[0x03, 0xa1]))),
        (K::TdNs, "a|b", Some((MetaEncoding::Utf8, &[0x61, 0x7c, 0x62]))),
        (K::TdTn, "a|b", Some((MetaEncoding::Utf8, &[0x61, 0x7c, 0x62]))),
        (K::Field, "a|b", Some((MetaEncoding::Utf8, &[0x61, 0x7c, 0x62]))),
        (K::Ns, "Ab_C", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xb4, 0x0f, 0xee, 0x00]))),
        (K::Tn, "Ab_C", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xb4, 0x0f, 0xee, 0x00]))),
        (K::TdNs, "Ab_C", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xb4, 0x0f, 0xee, 0x00]))),
        (K::TdTn, "Ab_C", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xb4, 0x0f, 0xee, 0x00]))),
        (K::Field, "Ab_C", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xb4, 0x0f, 0xee, 0x00]))),
        (K::Ns, "abcdefghijklmnopq", Some((MetaEncoding::LowerSpecial, &[0x00, 0x22, 0x19, 0x0a, 0x63, 0xa1, 0x2a, 0x5b, 0x1a, 0xe7, 0xc0]))),
        (K::Tn, "abcdefghijklmnopq", Some((MetaEncoding::LowerSpecial, &[0x00, 0x22, 0x19, 0x0a, 0x63, 0xa1, 0x2a, 0x5b, 0x1a, 0xe7, 0xc0]))),
        (K::TdNs, "abcdefghijklmnopq", Some((MetaEncoding::AllToLowerSpecial, &[0x00, 0x22, 0x19, 0x0a, 0x63, 0xa1, 0x2a, 0x5b, 0x1a, 0xe7, 0xc0]))),
        (K::TdTn, "abcdefghijklmnopq", Some((MetaEncoding::AllToLowerSpecial, &[0x00, 0x22, 0x19, 0x0a, 0x63, 0xa1, 0x2a, 0x5b, 0x1a, 0xe7, 0xc0]))),
        (K::Field, "abcdefghijklmnopq", Some((MetaEncoding::AllToLowerSpecial, &[0x00, 0x22, 0x19, 0x0a, 0x63, 0xa1, 0x2a, 0x5b, 0x1a, 0xe7, 0xc0]))),
        (K::Ns, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x34, 0xdb, 0x8e, 0xbc, 0xfc, 0x10, 0xc5, 0x1c, 0x92, 0xcd, 0x3d, 0x14, 0xd5, 0x5d, 0x96, 0xdd, 0x7e, 0x18, 0xe5, 0x98]))),
        (K::Tn, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x34, 0xdb, 0x8e, 0xbc, 0xfc, 0x10, 0xc5, 0x1c, 0x92, 0xcd, 0x3d, 0x14, 0xd5, 0x5d, 0x96, 0xdd, 0x7e, 0x18, 0xe5, 0x98]))),
        (K::TdNs, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x34, 0xdb, 0x8e, 0xbc, 0xfc, 0x10, 0xc5, 0x1c, 0x92, 0xcd, 0x3d, 0x14, 0xd5, 0x5d, 0x96, 0xdd, 0x7e, 0x18, 0xe5, 0x98]))),
        (K::TdTn, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x34, 0xdb, 0x8e, 0xbc, 0xfc, 0x10, 0xc5, 0x1c, 0x92, 0xcd, 0x3d, 0x14, 0xd5, 0x5d, 0x96, 0xdd, 0x7e, 0x18, 0xe5, 0x98]))),
        (K::Field, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x34, 0xdb, 0x8e, 0xbc, 0xfc, 0x10, 0xc5, 0x1c, 0x92, 0xcd, 0x3d, 0x14, 0xd5, 0x5d, 0x96, 0xdd, 0x7e, 0x18, 0xe5, 0x98]))),
        (K::Ns, "Foo$Bar", Some((MetaEncoding::Utf8, &[0x46, 0x6f, 0x6f, 0x24, 0x42, 0x61, 0x72]))),
        (K::Tn, "Foo$Bar", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x3e, 0x71, 0xdf, 0x36, 0x02, 0x20]))),
        (K::TdNs, "Foo$Bar", Some((MetaEncoding::Utf8, &[0x46, 0x6f, 0x6f, 0x24, 0x42, 0x61, 0x72]))),
        (K::TdTn, "Foo$Bar", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x3e, 0x71, 0xdf, 0x36, 0x02, 0x20]))),
        (K::Field, "Foo$Bar", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x3e, 0x71, 0xdf, 0x36, 0x02, 0x20]))),
        (K::Ns, "foo_bar.Baz", Some((MetaEncoding::AllToLowerSpecial, &[0x15, 0xce, 0xd8, 0x41, 0x1d, 0x74, 0x20, 0xc8]))),
        (K::Tn, "foo_bar.Baz", Some((MetaEncoding::Utf8, &[0x66, 0x6f, 0x6f, 0x5f, 0x62, 0x61, 0x72, 0x2e, 0x42, 0x61, 0x7a]))),
        (K::TdNs, "foo_bar.Baz", Some((MetaEncoding::AllToLowerSpecial, &[0x15, 0xce, 0xd8, 0x41, 0x1d, 0x74, 0x20, 0xc8]))),
        (K::TdTn, "foo_bar.Baz", Some((MetaEncoding::Utf8, &[0x66, 0x6f, 0x6f, 0x5f, 0x62, 0x61, 0x72, 0x2e, 0x42, 0x61, 0x7a]))),
        (K::Field, "foo_bar.Baz", Some((MetaEncoding::Utf8, &[0x66, 0x6f, 0x6f, 0x5f, 0x62, 0x61, 0x72, 0x2e, 0x42, 0x61, 0x7a]))),
        (K::Ns, "some.long.namespace_here", Some((MetaEncoding::LowerSpecial, &[0xc9, 0xcc, 0x26, 0x96, 0xe6, 0x9b, 0x4d, 0x03, 0x09, 0x27, 0x80, 0x44, 0xd9, 0xc9, 0x12, 0x00]))),
        (K::Tn, "some.long.namespace_here", Some((MetaEncoding::LowerSpecial, &[0xc9, 0xcc, 0x26, 0x96, 0xe6, 0x9b, 0x4d, 0x03, 0x09, 0x27, 0x80, 0x44, 0xd9, 0xc9, 0x12, 0x00]))),
        (K::TdNs, "some.long.namespace_here", Some((MetaEncoding::AllToLowerSpecial, &[0xc9, 0xcc, 0x26, 0x96, 0xe6, 0x9b, 0x4d, 0x03, 0x09, 0x27, 0x80, 0x44, 0xd9, 0xc9, 0x12, 0x00]))),
        (K::TdTn, "some.long.namespace_here", Some((MetaEncoding::Utf8, &[0x73, 0x6f, 0x6d, 0x65, 0x2e, 0x6c, 0x6f, 0x6e, 0x67, 0x2e, 0x6e, 0x61, 0x6d, 0x65, 0x73, 0x70, 0x61, 0x63, 0x65, 0x5f, 0x68, 0x65, 0x72, 0x65]))),
        (K::Field, "some.long.namespace_here", Some((MetaEncoding::Utf8, &[0x73, 0x6f, 0x6d, 0x65, 0x2e, 0x6c, 0x6f, 0x6e, 0x67, 0x2e, 0x6e, 0x61, 0x6d, 0x65, 0x73, 0x70, 0x61, 0x63, 0x65, 0x5f, 0x68, 0x65, 0x72, 0x65]))),
        (K::Ns, "x", Some((MetaEncoding::LowerSpecial, &[0x5c]))),
        (K::Tn, "x", Some((MetaEncoding::LowerSpecial, &[0x5c]))),
        (K::TdNs, "x", Some((MetaEncoding::AllToLowerSpecial, &[0x5c]))),
        (K::TdTn, "x", Some((MetaEncoding::AllToLowerSpecial, &[0x5c]))),
        (K::Field, "x", Some((MetaEncoding::AllToLowerSpecial, &[0x5c]))),
        (K::Ns, "_", Some((MetaEncoding::LowerSpecial, &[0x6c]))),
        (K::Tn, "_", Some((MetaEncoding::LowerSpecial, &[0x6c]))),
        (K::TdNs, "_", Some((MetaEncoding::AllToLowerSpecial, &[0x6c]))),
        (K::TdTn, "_", Some((MetaEncoding::AllToLowerSpecial, &[0x6c]))),
        (K::Field, "_", Some((MetaEncoding::AllToLowerSpecial, &[0x6c]))),
        (K::Ns, "$", Some((MetaEncoding::LowerSpecial, &[0x70]))),
        (K::Tn, "$", Some((MetaEncoding::LowerSpecial, &[0x70]))),
        (K::TdNs, "$", Some((MetaEncoding::Utf8, &[0x24]))),
        (K::TdTn, "$", Some((MetaEncoding::AllToLowerSpecial, &[0x70]))),
        (K::Field, "$", Some((MetaEncoding::AllToLowerSpecial, &[0x70]))),
        (K::Ns, ".", Some((MetaEncoding::LowerSpecial, &[0x68]))),
        (K::Tn, ".", Some((MetaEncoding::LowerSpecial, &[0x68]))),
        (K::TdNs, ".", Some((MetaEncoding::AllToLowerSpecial, &[0x68]))),
        (K::TdTn, ".", Some((MetaEncoding::Utf8, &[0x2e]))),
        (K::Field, ".", Some((MetaEncoding::Utf8, &[0x2e]))),
        (K::Ns, "|", Some((MetaEncoding::LowerSpecial, &[0x74]))),
        (K::Tn, "|", Some((MetaEncoding::LowerSpecial, &[0x74]))),
        (K::TdNs, "|", Some((MetaEncoding::Utf8, &[0x7c]))),
        (K::TdTn, "|", Some((MetaEncoding::Utf8, &[0x7c]))),
        (K::Field, "|", Some((MetaEncoding::Utf8, &[0x7c]))),
        (K::Ns, "a.b", Some((MetaEncoding::LowerSpecial, &[0x03, 0x41]))),
        (K::Tn, "a.b", Some((MetaEncoding::LowerSpecial, &[0x03, 0x41]))),
        (K::TdNs, "a.b", Some((MetaEncoding::AllToLowerSpecial, &[0x03, 0x41]))),
        (K::TdTn, "a.b", Some((MetaEncoding::Utf8, &[0x61, 0x2e, 0x62]))),
        (K::Field, "a.b", Some((MetaEncoding::Utf8, &[0x61, 0x2e, 0x62]))),
        (K::Ns, "aB", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x00, 0xd8]))),
        (K::Tn, "aB", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x00, 0xd8]))),
        (K::TdNs, "aB", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x00, 0xd8]))),
        (K::TdTn, "aB", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x00, 0xd8]))),
        (K::Field, "aB", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x00, 0xd8]))),
        (K::Ns, "Ab", Some((MetaEncoding::FirstToLowerSpecial, &[0x80, 0x20]))),
        (K::Tn, "Ab", Some((MetaEncoding::FirstToLowerSpecial, &[0x80, 0x20]))),
        (K::TdNs, "Ab", None),
        (K::TdTn, "Ab", Some((MetaEncoding::FirstToLowerSpecial, &[0x80, 0x20]))),
        (K::Field, "Ab", None),
        (K::Ns, "AbcdefghijkL", Some((MetaEncoding::AllToLowerSpecial, &[0x74, 0x01, 0x10, 0xc8, 0x53, 0x1d, 0x09, 0x57, 0x56]))),
        (K::Tn, "AbcdefghijkL", Some((MetaEncoding::AllToLowerSpecial, &[0x74, 0x01, 0x10, 0xc8, 0x53, 0x1d, 0x09, 0x57, 0x56]))),
        (K::TdNs, "AbcdefghijkL", Some((MetaEncoding::AllToLowerSpecial, &[0x74, 0x01, 0x10, 0xc8, 0x53, 0x1d, 0x09, 0x57, 0x56]))),
        (K::TdTn, "AbcdefghijkL", Some((MetaEncoding::AllToLowerSpecial, &[0x74, 0x01, 0x10, 0xc8, 0x53, 0x1d, 0x09, 0x57, 0x56]))),
        (K::Field, "AbcdefghijkL", Some((MetaEncoding::AllToLowerSpecial, &[0x74, 0x01, 0x10, 0xc8, 0x53, 0x1d, 0x09, 0x57, 0x56]))),
        (K::Ns, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x00, 0x08, 0x41, 0x88, 0x28, 0xc3, 0x90, 0x49, 0x45, 0x98, 0x69, 0xc7, 0xa0, 0x8a, 0x49, 0xa8, 0xaa, 0xcb, 0xb0, 0xc8, 0x00, 0x84, 0x18, 0x82, 0x8c, 0x39, 0x04, 0x94, 0x59, 0x86, 0x9c, 0x7a, 0x08, 0xa4, 0x9a, 0x8a, 0xac, 0xbb, 0x0c, 0xe9, 0xae, 0xdb, 0xf1, 0xcf, 0x5d, 0xf9, 0xe8]))),
        (K::Tn, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x00, 0x08, 0x41, 0x88, 0x28, 0xc3, 0x90, 0x49, 0x45, 0x98, 0x69, 0xc7, 0xa0, 0x8a, 0x49, 0xa8, 0xaa, 0xcb, 0xb0, 0xc8, 0x00, 0x84, 0x18, 0x82, 0x8c, 0x39, 0x04, 0x94, 0x59, 0x86, 0x9c, 0x7a, 0x08, 0xa4, 0x9a, 0x8a, 0xac, 0xbb, 0x0c, 0xe9, 0xae, 0xdb, 0xf1, 0xcf, 0x5d, 0xf9, 0xe8]))),
        (K::TdNs, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x00, 0x08, 0x41, 0x88, 0x28, 0xc3, 0x90, 0x49, 0x45, 0x98, 0x69, 0xc7, 0xa0, 0x8a, 0x49, 0xa8, 0xaa, 0xcb, 0xb0, 0xc8, 0x00, 0x84, 0x18, 0x82, 0x8c, 0x39, 0x04, 0x94, 0x59, 0x86, 0x9c, 0x7a, 0x08, 0xa4, 0x9a, 0x8a, 0xac, 0xbb, 0x0c, 0xe9, 0xae, 0xdb, 0xf1, 0xcf, 0x5d, 0xf9, 0xe8]))),
        (K::TdTn, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x00, 0x08, 0x41, 0x88, 0x28, 0xc3, 0x90, 0x49, 0x45, 0x98, 0x69, 0xc7, 0xa0, 0x8a, 0x49, 0xa8, 0xaa, 0xcb, 0xb0, 0xc8, 0x00, 0x84, 0x18, 0x82, 0x8c, 0x39, 0x04, 0x94, 0x59, 0x86, 0x9c, 0x7a, 0x08, 0xa4, 0x9a, 0x8a, 0xac, 0xbb, 0x0c, 0xe9, 0xae, 0xdb, 0xf1, 0xcf, 0x5d, 0xf9, 0xe8]))),
        (K::Field, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x00, 0x08, 0x41, 0x88, 0x28, 0xc3, 0x90, 0x49, 0x45, 0x98, 0x69, 0xc7, 0xa0, 0x8a, 0x49, 0xa8, 0xaa, 0xcb, 0xb0, 0xc8, 0x00, 0x84, 0x18, 0x82, 0x8c, 0x39, 0x04, 0x94, 0x59, 0x86, 0x9c, 0x7a, 0x08, 0xa4, 0x9a, 0x8a, 0xac, 0xbb, 0x0c, 0xe9, 0xae, 0xdb, 0xf1, 0xcf, 0x5d, 0xf9, 0xe8]))),
        (K::Ns, "Name", Some((MetaEncoding::FirstToLowerSpecial, &[0x34, 0x0c, 0x20]))),
        (K::Tn, "Name", Some((MetaEncoding::FirstToLowerSpecial, &[0x34, 0x0c, 0x20]))),
        (K::TdNs, "Name", None),
        (K::TdTn, "Name", Some((MetaEncoding::FirstToLowerSpecial, &[0x34, 0x0c, 0x20]))),
        (K::Field, "Name", None),
        (K::Ns, "name", Some((MetaEncoding::LowerSpecial, &[0x34, 0x0c, 0x20]))),
        (K::Tn, "name", Some((MetaEncoding::LowerSpecial, &[0x34, 0x0c, 0x20]))),
        (K::TdNs, "name", Some((MetaEncoding::AllToLowerSpecial, &[0x34, 0x0c, 0x20]))),
        (K::TdTn, "name", Some((MetaEncoding::AllToLowerSpecial, &[0x34, 0x0c, 0x20]))),
        (K::Field, "name", Some((MetaEncoding::AllToLowerSpecial, &[0x34, 0x0c, 0x20]))),
        (K::Ns, "ABC", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x34, 0xdb, 0x80]))),
        (K::Tn, "ABC", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x34, 0xdb, 0x80]))),
        (K::TdNs, "ABC", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x34, 0xdb, 0x80]))),
        (K::TdTn, "ABC", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x34, 0xdb, 0x80]))),
        (K::Field, "ABC", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x34, 0xdb, 0x80]))),
        (K::Ns, "aBcD", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x80, 0xd8, 0x4e, 0x80]))),
        (K::Tn, "aBcD", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x80, 0xd8, 0x4e, 0x80]))),
        (K::TdNs, "aBcD", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x80, 0xd8, 0x4e, 0x80]))),
        (K::TdTn, "aBcD", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x80, 0xd8, 0x4e, 0x80]))),
        (K::Field, "aBcD", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x80, 0xd8, 0x4e, 0x80]))),
        (K::Ns, "caf\u{e9}", None),
        (K::Tn, "caf\u{e9}", None),
        (K::TdNs, "caf\u{e9}", None),
        (K::TdTn, "caf\u{e9}", None),
        (K::Field, "caf\u{e9}", None),
        (K::Ns, "1", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x6a]))),
        (K::Tn, "1", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x6a]))),
        (K::TdNs, "1", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x6a]))),
        (K::TdTn, "1", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x6a]))),
        (K::Field, "1", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x6a]))),
        (K::Ns, "9lives", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x7a, 0x59, 0x0a, 0x88, 0x90]))),
        (K::Tn, "9lives", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x7a, 0x59, 0x0a, 0x88, 0x90]))),
        (K::TdNs, "9lives", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x7a, 0x59, 0x0a, 0x88, 0x90]))),
        (K::TdTn, "9lives", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x7a, 0x59, 0x0a, 0x88, 0x90]))),
        (K::Field, "9lives", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x7a, 0x59, 0x0a, 0x88, 0x90]))),
        (K::Ns, "a-b", Some((MetaEncoding::Utf8, &[0x61, 0x2d, 0x62]))),
        (K::Tn, "a-b", Some((MetaEncoding::Utf8, &[0x61, 0x2d, 0x62]))),
        (K::TdNs, "a-b", Some((MetaEncoding::Utf8, &[0x61, 0x2d, 0x62]))),
        (K::TdTn, "a-b", Some((MetaEncoding::Utf8, &[0x61, 0x2d, 0x62]))),
        (K::Field, "a-b", Some((MetaEncoding::Utf8, &[0x61, 0x2d, 0x62]))),
        (K::Ns, "a b", Some((MetaEncoding::Utf8, &[0x61, 0x20, 0x62]))),
        (K::Tn, "a b", Some((MetaEncoding::Utf8, &[0x61, 0x20, 0x62]))),
        (K::TdNs, "a b", Some((MetaEncoding::Utf8, &[0x61, 0x20, 0x62]))),
        (K::TdTn, "a b", Some((MetaEncoding::Utf8, &[0x61, 0x20, 0x62]))),
        (K::Field, "a b", Some((MetaEncoding::Utf8, &[0x61, 0x20, 0x62]))),
        (K::Ns, "Vec<i32>", Some((MetaEncoding::Utf8, &[0x56, 0x65, 0x63, 0x3c, 0x69, 0x33, 0x32, 0x3e]))),
        (K::Tn, "Vec<i32>", Some((MetaEncoding::Utf8, &[0x56, 0x65, 0x63, 0x3c, 0x69, 0x33, 0x32, 0x3e]))),
        (K::TdNs, "Vec<i32>", Some((MetaEncoding::Utf8, &[0x56, 0x65, 0x63, 0x3c, 0x69, 0x33, 0x32, 0x3e]))),
        (K::TdTn, "Vec<i32>", Some((MetaEncoding::Utf8, &[0x56, 0x65, 0x63, 0x3c, 0x69, 0x33, 0x32, 0x3e]))),
        (K::Field, "Vec<i32>", Some((MetaEncoding::Utf8, &[0x56, 0x65, 0x63, 0x3c, 0x69, 0x33, 0x32, 0x3e]))),
        (K::Ns, "app::model", Some((MetaEncoding::Utf8, &[0x61, 0x70, 0x70, 0x3a, 0x3a, 0x6d, 0x6f, 0x64, 0x65, 0x6c]))),
        (K::Tn, "app::model", Some((MetaEncoding::Utf8, &[0x61, 0x70, 0x70, 0x3a, 0x3a, 0x6d, 0x6f, 0x64, 0x65, 0x6c]))),
        (K::TdNs, "app::model", Some((MetaEncoding::Utf8, &[0x61, 0x70, 0x70, 0x3a, 0x3a, 0x6d, 0x6f, 0x64, 0x65, 0x6c]))),
        (K::TdTn, "app::model", Some((MetaEncoding::Utf8, &[0x61, 0x70, 0x70, 0x3a, 0x3a, 0x6d, 0x6f, 0x64, 0x65, 0x6c]))),
        (K::Field, "app::model", Some((MetaEncoding::Utf8, &[0x61, 0x70, 0x70, 0x3a, 0x3a, 0x6d, 0x6f, 0x64, 0x65, 0x6c]))),
        // random
        (K::Ns, "Qpdthszhfxkexjavsuowtp$bjrrgfd", Some((MetaEncoding::Utf8, &[0x51, 0x70, 0x64, 0x74, 0x68, 0x73, 0x7a, 0x68, 0x66, 0x78, 0x6b, 0x65, 0x78, 0x6a, 0x61, 0x76, 0x73, 0x75, 0x6f, 0x77, 0x74, 0x70, 0x24, 0x62, 0x6a, 0x72, 0x72, 0x67, 0x66, 0x64]))),
        (K::Tn, "Qpdthszhfxkexjavsuowtp$bjrrgfd", Some((MetaEncoding::FirstToLowerSpecial, &[0x41, 0xe3, 0x99, 0xe5, 0x93, 0x96, 0xea, 0x25, 0xd2, 0x0a, 0xca, 0x8e, 0xb4, 0xdf, 0xc0, 0xa6, 0x31, 0x31, 0x46]))),
        (K::Field, "Qpdthszhfxkexjavsuowtp$bjrrgfd", None),
        (K::Ns, "neigu", Some((MetaEncoding::LowerSpecial, &[0xb4, 0x88, 0x35, 0x00]))),
        (K::Tn, "neigu", Some((MetaEncoding::LowerSpecial, &[0xb4, 0x88, 0x35, 0x00]))),
        (K::Field, "neigu", Some((MetaEncoding::AllToLowerSpecial, &[0xb4, 0x88, 0x35, 0x00]))),
        (K::Ns, "VdxizVJy", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xde, 0x1a, 0xe4, 0x33, 0x7c, 0x6c, 0x00]))),
        (K::Tn, "VdxizVJy", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xde, 0x1a, 0xe4, 0x33, 0x7c, 0x6c, 0x00]))),
        (K::Field, "VdxizVJy", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xde, 0x1a, 0xe4, 0x33, 0x7c, 0x6c, 0x00]))),
        (K::Ns, "PMbidZKLjkRsuTXsljjcOwtqkhaTvd", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x53, 0x30, 0x24, 0x07, 0x9c, 0x92, 0x92, 0x55, 0x69, 0x29, 0x6e, 0x29, 0x16, 0x49, 0x21, 0x50, 0xb2, 0x68, 0x14, 0x38, 0x16, 0xaa, 0x18]))),
        (K::Tn, "PMbidZKLjkRsuTXsljjcOwtqkhaTvd", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x53, 0x30, 0x24, 0x07, 0x9c, 0x92, 0x92, 0x55, 0x69, 0x29, 0x6e, 0x29, 0x16, 0x49, 0x21, 0x50, 0xb2, 0x68, 0x14, 0x38, 0x16, 0xaa, 0x18]))),
        (K::Field, "PMbidZKLjkRsuTXsljjcOwtqkhaTvd", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x53, 0x30, 0x24, 0x07, 0x9c, 0x92, 0x92, 0x55, 0x69, 0x29, 0x6e, 0x29, 0x16, 0x49, 0x21, 0x50, 0xb2, 0x68, 0x14, 0x38, 0x16, 0xaa, 0x18]))),
        (K::Ns, "H7pgegRQJsbwszZBw3viggjdgAvye2j1bwbxKjl7", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xc3, 0xd9, 0xe3, 0x08, 0x35, 0x75, 0x46, 0x90, 0x2b, 0x24, 0xce, 0x6d, 0xad, 0xba, 0xa4, 0x0c, 0x31, 0x21, 0x8c, 0xd2, 0xac, 0x09, 0xb1, 0x3a, 0x82, 0xb0, 0x2b, 0xc8, 0x49, 0x7d, 0x80]))),
        (K::Tn, "H7pgegRQJsbwszZBw3viggjdgAvye2j1bwbxKjl7", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xc3, 0xd9, 0xe3, 0x08, 0x35, 0x75, 0x46, 0x90, 0x2b, 0x24, 0xce, 0x6d, 0xad, 0xba, 0xa4, 0x0c, 0x31, 0x21, 0x8c, 0xd2, 0xac, 0x09, 0xb1, 0x3a, 0x82, 0xb0, 0x2b, 0xc8, 0x49, 0x7d, 0x80]))),
        (K::Field, "H7pgegRQJsbwszZBw3viggjdgAvye2j1bwbxKjl7", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xc3, 0xd9, 0xe3, 0x08, 0x35, 0x75, 0x46, 0x90, 0x2b, 0x24, 0xce, 0x6d, 0xad, 0xba, 0xa4, 0x0c, 0x31, 0x21, 0x8c, 0xd2, 0xac, 0x09, 0xb1, 0x3a, 0x82, 0xb0, 0x2b, 0xc8, 0x49, 0x7d, 0x80]))),
        (K::Ns, "kJWeckqhWOxnbxre", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x95, 0x1e, 0x02, 0x04, 0x52, 0x03, 0xe1, 0x42, 0xe6, 0x82, 0xba, 0x22, 0x00]))),
        (K::Tn, "kJWeckqhWOxnbxre", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x95, 0x1e, 0x02, 0x04, 0x52, 0x03, 0xe1, 0x42, 0xe6, 0x82, 0xba, 0x22, 0x00]))),
        (K::Field, "kJWeckqhWOxnbxre", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x95, 0x1e, 0x02, 0x04, 0x52, 0x03, 0xe1, 0x42, 0xe6, 0x82, 0xba, 0x22, 0x00]))),
        (K::Ns, "zbjNucrUsRCx", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xb2, 0x09, 0x33, 0xa8, 0x12, 0x37, 0x25, 0x5b, 0x8b, 0x80]))),
        (K::Tn, "zbjNucrUsRCx", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xb2, 0x09, 0x33, 0xa8, 0x12, 0x37, 0x25, 0x5b, 0x8b, 0x80]))),
        (K::Field, "zbjNucrUsRCx", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xb2, 0x09, 0x33, 0xa8, 0x12, 0x37, 0x25, 0x5b, 0x8b, 0x80]))),
        (K::Ns, "wQcwYgriuailJcTn", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xad, 0x50, 0x4b, 0x64, 0x32, 0x24, 0x28, 0x01, 0x05, 0xc6, 0x15, 0xa6, 0x80]))),
        (K::Tn, "wQcwYgriuailJcTn", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xad, 0x50, 0x4b, 0x64, 0x32, 0x24, 0x28, 0x01, 0x05, 0xc6, 0x15, 0xa6, 0x80]))),
        (K::Field, "wQcwYgriuailJcTn", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xad, 0x50, 0x4b, 0x64, 0x32, 0x24, 0x28, 0x01, 0x05, 0xc6, 0x15, 0xa6, 0x80]))),
        (K::Ns, "wfdkm", Some((MetaEncoding::LowerSpecial, &[0xd8, 0xa3, 0x53, 0x00]))),
        (K::Tn, "wfdkm", Some((MetaEncoding::LowerSpecial, &[0xd8, 0xa3, 0x53, 0x00]))),
        (K::Field, "wfdkm", Some((MetaEncoding::AllToLowerSpecial, &[0xd8, 0xa3, 0x53, 0x00]))),
        (K::Ns, "sjvkh", Some((MetaEncoding::LowerSpecial, &[0xc9, 0x35, 0x51, 0xc0]))),
        (K::Tn, "sjvkh", Some((MetaEncoding::LowerSpecial, &[0xc9, 0x35, 0x51, 0xc0]))),
        (K::Field, "sjvkh", Some((MetaEncoding::AllToLowerSpecial, &[0xc9, 0x35, 0x51, 0xc0]))),
        (K::Ns, "fmhsqoezhlytdaschvvi", Some((MetaEncoding::LowerSpecial, &[0x15, 0x87, 0x94, 0x1c, 0x4c, 0x9d, 0x78, 0x98, 0xc1, 0x21, 0x1e, 0xb5, 0x40]))),
        (K::Tn, "fmhsqoezhlytdaschvvi", Some((MetaEncoding::LowerSpecial, &[0x15, 0x87, 0x94, 0x1c, 0x4c, 0x9d, 0x78, 0x98, 0xc1, 0x21, 0x1e, 0xb5, 0x40]))),
        (K::Field, "fmhsqoezhlytdaschvvi", Some((MetaEncoding::AllToLowerSpecial, &[0x15, 0x87, 0x94, 0x1c, 0x4c, 0x9d, 0x78, 0x98, 0xc1, 0x21, 0x1e, 0xb5, 0x40]))),
        (K::Ns, "Ei$nwnumlwr$ntemyiwb", Some((MetaEncoding::Utf8, &[0x45, 0x69, 0x24, 0x6e, 0x77, 0x6e, 0x75, 0x6d, 0x6c, 0x77, 0x72, 0x24, 0x6e, 0x74, 0x65, 0x6d, 0x79, 0x69, 0x77, 0x62]))),
        (K::Tn, "Ei$nwnumlwr$ntemyiwb", Some((MetaEncoding::FirstToLowerSpecial, &[0x11, 0x1c, 0x6d, 0x9b, 0x46, 0x2e, 0xd1, 0xe3, 0x66, 0x46, 0x61, 0x16, 0x08]))),
        (K::Field, "Ei$nwnumlwr$ntemyiwb", None),
        (K::Ns, "qn2na3ZilqapOvceFLLb", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xa0, 0x6e, 0xc6, 0x81, 0xbe, 0x64, 0x16, 0x80, 0x07, 0xd0, 0xa8, 0x42, 0x3f, 0x2c, 0xa0, 0x80]))),
        (K::Tn, "qn2na3ZilqapOvceFLLb", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xa0, 0x6e, 0xc6, 0x81, 0xbe, 0x64, 0x16, 0x80, 0x07, 0xd0, 0xa8, 0x42, 0x3f, 0x2c, 0xa0, 0x80]))),
        (K::Field, "qn2na3ZilqapOvceFLLb", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xa0, 0x6e, 0xc6, 0x81, 0xbe, 0x64, 0x16, 0x80, 0x07, 0xd0, 0xa8, 0x42, 0x3f, 0x2c, 0xa0, 0x80]))),
        (K::Ns, "gsquQ", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x0c, 0x92, 0x0a, 0x54]))),
        (K::Tn, "gsquQ", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x0c, 0x92, 0x0a, 0x54]))),
        (K::Field, "gsquQ", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x0c, 0x92, 0x0a, 0x54]))),
        (K::Ns, "wwzrgbtt.gt_wllotdcnqdis_fannjekiejxjmuh", Some((MetaEncoding::LowerSpecial, &[0xda, 0xd9, 0x89, 0x83, 0x39, 0xe8, 0xd3, 0xdd, 0x96, 0xb7, 0x4c, 0x62, 0x6c, 0x06, 0x89, 0x6c, 0xa0, 0x6b, 0x52, 0x45, 0x20, 0x89, 0xba, 0x59, 0x43, 0x80]))),
        (K::Tn, "wwzrgbtt.gt_wllotdcnqdis_fannjekiejxjmuh", Some((MetaEncoding::LowerSpecial, &[0xda, 0xd9, 0x89, 0x83, 0x39, 0xe8, 0xd3, 0xdd, 0x96, 0xb7, 0x4c, 0x62, 0x6c, 0x06, 0x89, 0x6c, 0xa0, 0x6b, 0x52, 0x45, 0x20, 0x89, 0xba, 0x59, 0x43, 0x80]))),
        (K::Field, "wwzrgbtt.gt_wllotdcnqdis_fannjekiejxjmuh", Some((MetaEncoding::Utf8, &[0x77, 0x77, 0x7a, 0x72, 0x67, 0x62, 0x74, 0x74, 0x2e, 0x67, 0x74, 0x5f, 0x77, 0x6c, 0x6c, 0x6f, 0x74, 0x64, 0x63, 0x6e, 0x71, 0x64, 0x69, 0x73, 0x5f, 0x66, 0x61, 0x6e, 0x6e, 0x6a, 0x65, 0x6b, 0x69, 0x65, 0x6a, 0x78, 0x6a, 0x6d, 0x75, 0x68]))),
        (K::Ns, "Krse_qnjacppqyjhlfkslodyq", Some((MetaEncoding::FirstToLowerSpecial, &[0x2a, 0x32, 0x26, 0xe0, 0xd4, 0x80, 0x4f, 0x7c, 0x30, 0x93, 0xac, 0xaa, 0x92, 0xdc, 0x3c, 0x40]))),
        (K::Tn, "Krse_qnjacppqyjhlfkslodyq", Some((MetaEncoding::FirstToLowerSpecial, &[0x2a, 0x32, 0x26, 0xe0, 0xd4, 0x80, 0x4f, 0x7c, 0x30, 0x93, 0xac, 0xaa, 0x92, 0xdc, 0x3c, 0x40]))),
        (K::Field, "Krse_qnjacppqyjhlfkslodyq", None),
        (K::Ns, "Pg", Some((MetaEncoding::FirstToLowerSpecial, &[0xbc, 0xc0]))),
        (K::Tn, "Pg", Some((MetaEncoding::FirstToLowerSpecial, &[0xbc, 0xc0]))),
        (K::Field, "Pg", None),
        (K::Ns, "Mdt", Some((MetaEncoding::FirstToLowerSpecial, &[0x30, 0x73]))),
        (K::Tn, "Mdt", Some((MetaEncoding::FirstToLowerSpecial, &[0x30, 0x73]))),
        (K::Field, "Mdt", None),
        (K::Ns, "Hvfunuqlqsopzcrq__exhiilk", Some((MetaEncoding::FirstToLowerSpecial, &[0x1e, 0xa5, 0xa3, 0x69, 0x05, 0xc2, 0x4e, 0x7e, 0x45, 0x18, 0x6f, 0x64, 0xb9, 0xd0, 0x85, 0xa8]))),
        (K::Tn, "Hvfunuqlqsopzcrq__exhiilk", Some((MetaEncoding::FirstToLowerSpecial, &[0x1e, 0xa5, 0xa3, 0x69, 0x05, 0xc2, 0x4e, 0x7e, 0x45, 0x18, 0x6f, 0x64, 0xb9, 0xd0, 0x85, 0xa8]))),
        (K::Field, "Hvfunuqlqsopzcrq__exhiilk", None),
        (K::Ns, "cixqjgnbbpnlcucg", Some((MetaEncoding::LowerSpecial, &[0x89, 0x17, 0x82, 0x4c, 0xd0, 0x85, 0xed, 0x58, 0xa8, 0x23, 0x00]))),
        (K::Tn, "cixqjgnbbpnlcucg", Some((MetaEncoding::LowerSpecial, &[0x89, 0x17, 0x82, 0x4c, 0xd0, 0x85, 0xed, 0x58, 0xa8, 0x23, 0x00]))),
        (K::Field, "cixqjgnbbpnlcucg", Some((MetaEncoding::AllToLowerSpecial, &[0x89, 0x17, 0x82, 0x4c, 0xd0, 0x85, 0xed, 0x58, 0xa8, 0x23, 0x00]))),
        (K::Ns, "irRVBybpaCnxuPfg", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x90, 0x8d, 0x77, 0xb6, 0xc0, 0x27, 0x80, 0xe1, 0xab, 0xa9, 0x48, 0xa3, 0x00]))),
        (K::Tn, "irRVBybpaCnxuPfg", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x90, 0x8d, 0x77, 0xb6, 0xc0, 0x27, 0x80, 0xe1, 0xab, 0xa9, 0x48, 0xa3, 0x00]))),
        (K::Field, "irRVBybpaCnxuPfg", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x90, 0x8d, 0x77, 0xb6, 0xc0, 0x27, 0x80, 0xe1, 0xab, 0xa9, 0x48, 0xa3, 0x00]))),
        (K::Ns, "ibrw_bsiacmcpzniwvbsepxnasdckr.qflpngxhx", Some((MetaEncoding::LowerSpecial, &[0xa0, 0x31, 0xb6, 0xc3, 0x24, 0x00, 0x4c, 0x13, 0xf2, 0xd4, 0x5a, 0xa1, 0x91, 0x1f, 0x76, 0x82, 0x43, 0x12, 0xa3, 0xa8, 0x15, 0x6f, 0x69, 0xae, 0x7b, 0x80]))),
        (K::Tn, "ibrw_bsiacmcpzniwvbsepxnasdckr.qflpngxhx", Some((MetaEncoding::LowerSpecial, &[0xa0, 0x31, 0xb6, 0xc3, 0x24, 0x00, 0x4c, 0x13, 0xf2, 0xd4, 0x5a, 0xa1, 0x91, 0x1f, 0x76, 0x82, 0x43, 0x12, 0xa3, 0xa8, 0x15, 0x6f, 0x69, 0xae, 0x7b, 0x80]))),
        (K::Field, "ibrw_bsiacmcpzniwvbsepxnasdckr.qflpngxhx", Some((MetaEncoding::Utf8, &[0x69, 0x62, 0x72, 0x77, 0x5f, 0x62, 0x73, 0x69, 0x61, 0x63, 0x6d, 0x63, 0x70, 0x7a, 0x6e, 0x69, 0x77, 0x76, 0x62, 0x73, 0x65, 0x70, 0x78, 0x6e, 0x61, 0x73, 0x64, 0x63, 0x6b, 0x72, 0x2e, 0x71, 0x66, 0x6c, 0x70, 0x6e, 0x67, 0x78, 0x68, 0x78]))),
        (K::Ns, "ks", Some((MetaEncoding::LowerSpecial, &[0xaa, 0x40]))),
        (K::Tn, "ks", Some((MetaEncoding::LowerSpecial, &[0xaa, 0x40]))),
        (K::Field, "ks", Some((MetaEncoding::AllToLowerSpecial, &[0xaa, 0x40]))),
        (K::Ns, "vq", Some((MetaEncoding::LowerSpecial, &[0xd6, 0x00]))),
        (K::Tn, "vq", Some((MetaEncoding::LowerSpecial, &[0xd6, 0x00]))),
        (K::Field, "vq", Some((MetaEncoding::AllToLowerSpecial, &[0xd6, 0x00]))),
        (K::Ns, "bX", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x03, 0x88]))),
        (K::Tn, "bX", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x03, 0x88]))),
        (K::Field, "bX", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x03, 0x88]))),
        (K::Ns, "zfrgjrzdax.islintflr", Some((MetaEncoding::LowerSpecial, &[0x64, 0xb1, 0x32, 0x63, 0x91, 0x82, 0xfa, 0x44, 0x96, 0x86, 0xcc, 0xab, 0x88]))),
        (K::Tn, "zfrgjrzdax.islintflr", Some((MetaEncoding::LowerSpecial, &[0x64, 0xb1, 0x32, 0x63, 0x91, 0x82, 0xfa, 0x44, 0x96, 0x86, 0xcc, 0xab, 0x88]))),
        (K::Field, "zfrgjrzdax.islintflr", Some((MetaEncoding::Utf8, &[0x7a, 0x66, 0x72, 0x67, 0x6a, 0x72, 0x7a, 0x64, 0x61, 0x78, 0x2e, 0x69, 0x73, 0x6c, 0x69, 0x6e, 0x74, 0x66, 0x6c, 0x72]))),
        (K::Ns, "N", Some((MetaEncoding::FirstToLowerSpecial, &[0x34]))),
        (K::Tn, "N", Some((MetaEncoding::FirstToLowerSpecial, &[0x34]))),
        (K::Field, "N", None),
        (K::Ns, "qxckuzreebxmrvjpqrwp", Some((MetaEncoding::LowerSpecial, &[0x42, 0xe2, 0x55, 0x33, 0x12, 0x10, 0x37, 0x64, 0x6a, 0x97, 0xc2, 0x36, 0x78]))),
        (K::Tn, "qxckuzreebxmrvjpqrwp", Some((MetaEncoding::LowerSpecial, &[0x42, 0xe2, 0x55, 0x33, 0x12, 0x10, 0x37, 0x64, 0x6a, 0x97, 0xc2, 0x36, 0x78]))),
        (K::Field, "qxckuzreebxmrvjpqrwp", Some((MetaEncoding::AllToLowerSpecial, &[0x42, 0xe2, 0x55, 0x33, 0x12, 0x10, 0x37, 0x64, 0x6a, 0x97, 0xc2, 0x36, 0x78]))),
        (K::Ns, "Gowahydc", Some((MetaEncoding::FirstToLowerSpecial, &[0x99, 0xd6, 0x01, 0xf0, 0x31, 0x00]))),
        (K::Tn, "Gowahydc", Some((MetaEncoding::FirstToLowerSpecial, &[0x99, 0xd6, 0x01, 0xf0, 0x31, 0x00]))),
        (K::Field, "Gowahydc", None),
        (K::Ns, "Vlp", Some((MetaEncoding::FirstToLowerSpecial, &[0x55, 0x6f]))),
        (K::Tn, "Vlp", Some((MetaEncoding::FirstToLowerSpecial, &[0x55, 0x6f]))),
        (K::Field, "Vlp", None),
        (K::Ns, "yn", Some((MetaEncoding::LowerSpecial, &[0xe1, 0xa0]))),
        (K::Tn, "yn", Some((MetaEncoding::LowerSpecial, &[0xe1, 0xa0]))),
        (K::Field, "yn", Some((MetaEncoding::AllToLowerSpecial, &[0xe1, 0xa0]))),
        (K::Ns, "pkjadbohxesakmpddogs", Some((MetaEncoding::LowerSpecial, &[0x3d, 0x49, 0x00, 0xc2, 0xe3, 0xdc, 0x92, 0x02, 0x98, 0xf1, 0x8d, 0xc6, 0x90]))),
        (K::Tn, "pkjadbohxesakmpddogs", Some((MetaEncoding::LowerSpecial, &[0x3d, 0x49, 0x00, 0xc2, 0xe3, 0xdc, 0x92, 0x02, 0x98, 0xf1, 0x8d, 0xc6, 0x90]))),
        (K::Field, "pkjadbohxesakmpddogs", Some((MetaEncoding::AllToLowerSpecial, &[0x3d, 0x49, 0x00, 0xc2, 0xe3, 0xdc, 0x92, 0x02, 0x98, 0xf1, 0x8d, 0xc6, 0x90]))),
        (K::Ns, "If", Some((MetaEncoding::FirstToLowerSpecial, &[0xa0, 0xa0]))),
        (K::Tn, "If", Some((MetaEncoding::FirstToLowerSpecial, &[0xa0, 0xa0]))),
        (K::Field, "If", None),
        (K::Ns, "ohlaxxllsbyi", Some((MetaEncoding::LowerSpecial, &[0x38, 0xeb, 0x05, 0xee, 0xb5, 0xc8, 0x38, 0x40]))),
        (K::Tn, "ohlaxxllsbyi", Some((MetaEncoding::LowerSpecial, &[0x38, 0xeb, 0x05, 0xee, 0xb5, 0xc8, 0x38, 0x40]))),
        (K::Field, "ohlaxxllsbyi", Some((MetaEncoding::AllToLowerSpecial, &[0x38, 0xeb, 0x05, 0xee, 0xb5, 0xc8, 0x38, 0x40]))),
        (K::Ns, "voeoomvrytwgwcXh", Some((MetaEncoding::AllToLowerSpecial, &[0x55, 0xc4, 0x73, 0x99, 0x58, 0xe2, 0x76, 0x35, 0x85, 0xdb, 0x9c]))),
        (K::Tn, "voeoomvrytwgwcXh", Some((MetaEncoding::AllToLowerSpecial, &[0x55, 0xc4, 0x73, 0x99, 0x58, 0xe2, 0x76, 0x35, 0x85, 0xdb, 0x9c]))),
        (K::Field, "voeoomvrytwgwcXh", Some((MetaEncoding::AllToLowerSpecial, &[0x55, 0xc4, 0x73, 0x99, 0x58, 0xe2, 0x76, 0x35, 0x85, 0xdb, 0x9c]))),
        (K::Ns, "vrGtxTcrwrNmpQlGhietsWAmcUnuyrckOxzbfzz.", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xaa, 0x8c, 0x09, 0xaf, 0x68, 0x48, 0xac, 0x8c, 0xe6, 0x1f, 0x51, 0x70, 0x0e, 0x40, 0x89, 0xa5, 0x83, 0x46, 0x05, 0x71, 0xaa, 0x30, 0x88, 0x45, 0x50, 0xbb, 0x20, 0x8a, 0xcb, 0x3f, 0x00]))),
        (K::Tn, "vrGtxTcrwrNmpQlGhietsWAmcUnuyrckOxzbfzz.", Some((MetaEncoding::Utf8, &[0x76, 0x72, 0x47, 0x74, 0x78, 0x54, 0x63, 0x72, 0x77, 0x72, 0x4e, 0x6d, 0x70, 0x51, 0x6c, 0x47, 0x68, 0x69, 0x65, 0x74, 0x73, 0x57, 0x41, 0x6d, 0x63, 0x55, 0x6e, 0x75, 0x79, 0x72, 0x63, 0x6b, 0x4f, 0x78, 0x7a, 0x62, 0x66, 0x7a, 0x7a, 0x2e]))),
        (K::Field, "vrGtxTcrwrNmpQlGhietsWAmcUnuyrckOxzbfzz.", Some((MetaEncoding::Utf8, &[0x76, 0x72, 0x47, 0x74, 0x78, 0x54, 0x63, 0x72, 0x77, 0x72, 0x4e, 0x6d, 0x70, 0x51, 0x6c, 0x47, 0x68, 0x69, 0x65, 0x74, 0x73, 0x57, 0x41, 0x6d, 0x63, 0x55, 0x6e, 0x75, 0x79, 0x72, 0x63, 0x6b, 0x4f, 0x78, 0x7a, 0x62, 0x66, 0x7a, 0x7a, 0x2e]))),
        (K::Ns, "qrKxe48mTDsQLgtjt|nf98szz2wVKr", Some((MetaEncoding::Utf8, &[0x71, 0x72, 0x4b, 0x78, 0x65, 0x34, 0x38, 0x6d, 0x54, 0x44, 0x73, 0x51, 0x4c, 0x67, 0x74, 0x6a, 0x74, 0x7c, 0x6e, 0x66, 0x39, 0x38, 0x73, 0x7a, 0x7a, 0x32, 0x77, 0x56, 0x4b, 0x72]))),
        (K::Tn, "qrKxe48mTDsQLgtjt|nf98szz2wVKr", Some((MetaEncoding::Utf8, &[0x71, 0x72, 0x4b, 0x78, 0x65, 0x34, 0x38, 0x6d, 0x54, 0x44, 0x73, 0x51, 0x4c, 0x67, 0x74, 0x6a, 0x74, 0x7c, 0x6e, 0x66, 0x39, 0x38, 0x73, 0x7a, 0x7a, 0x32, 0x77, 0x56, 0x4b, 0x72]))),
        (K::Field, "qrKxe48mTDsQLgtjt|nf98szz2wVKr", Some((MetaEncoding::Utf8, &[0x71, 0x72, 0x4b, 0x78, 0x65, 0x34, 0x38, 0x6d, 0x54, 0x44, 0x73, 0x51, 0x4c, 0x67, 0x74, 0x6a, 0x74, 0x7c, 0x6e, 0x66, 0x39, 0x38, 0x73, 0x7a, 0x7a, 0x32, 0x77, 0x56, 0x4b, 0x72]))),
        (K::Ns, "ujc_x_d_", Some((MetaEncoding::LowerSpecial, &[0xd1, 0x22, 0xdd, 0xf6, 0x3d, 0x80]))),
        (K::Tn, "ujc_x_d_", Some((MetaEncoding::LowerSpecial, &[0xd1, 0x22, 0xdd, 0xf6, 0x3d, 0x80]))),
        (K::Field, "ujc_x_d_", Some((MetaEncoding::AllToLowerSpecial, &[0xd1, 0x22, 0xdd, 0xf6, 0x3d, 0x80]))),
        (K::Ns, "BP3vuUnemeBmN3LucWuv", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xb7, 0x4e, 0xea, 0xa9, 0x71, 0xa2, 0x18, 0x23, 0x66, 0x4f, 0xbc, 0xaa, 0x05, 0x82, 0x8a, 0x80]))),
        (K::Tn, "BP3vuUnemeBmN3LucWuv", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xb7, 0x4e, 0xea, 0xa9, 0x71, 0xa2, 0x18, 0x23, 0x66, 0x4f, 0xbc, 0xaa, 0x05, 0x82, 0x8a, 0x80]))),
        (K::Field, "BP3vuUnemeBmN3LucWuv", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xb7, 0x4e, 0xea, 0xa9, 0x71, 0xa2, 0x18, 0x23, 0x66, 0x4f, 0xbc, 0xaa, 0x05, 0x82, 0x8a, 0x80]))),
        (K::Ns, "qYcJm", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x21, 0x90, 0x51, 0x98]))),
        (K::Tn, "qYcJm", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x21, 0x90, 0x51, 0x98]))),
        (K::Field, "qYcJm", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x21, 0x90, 0x51, 0x98]))),
        (K::Ns, "o", Some((MetaEncoding::LowerSpecial, &[0x38]))),
        (K::Tn, "o", Some((MetaEncoding::LowerSpecial, &[0x38]))),
        (K::Field, "o", Some((MetaEncoding::AllToLowerSpecial, &[0x38]))),
        (K::Ns, "ePmgQoqefojzewj.PsJxldwjHpBHxvgiidyioxvt", Some((MetaEncoding::AllToLowerSpecial, &[0x13, 0xaf, 0x61, 0xbb, 0x07, 0x40, 0x85, 0x72, 0x72, 0x4b, 0x27, 0x5d, 0x7c, 0xba, 0x9b, 0xac, 0x76, 0x4f, 0x4e, 0xfe, 0x87, 0xa7, 0xbd, 0x4c, 0x84, 0x0f, 0x08, 0x75, 0xeb, 0x30]))),
        (K::Tn, "ePmgQoqefojzewj.PsJxldwjHpBHxvgiidyioxvt", Some((MetaEncoding::Utf8, &[0x65, 0x50, 0x6d, 0x67, 0x51, 0x6f, 0x71, 0x65, 0x66, 0x6f, 0x6a, 0x7a, 0x65, 0x77, 0x6a, 0x2e, 0x50, 0x73, 0x4a, 0x78, 0x6c, 0x64, 0x77, 0x6a, 0x48, 0x70, 0x42, 0x48, 0x78, 0x76, 0x67, 0x69, 0x69, 0x64, 0x79, 0x69, 0x6f, 0x78, 0x76, 0x74]))),
        (K::Field, "ePmgQoqefojzewj.PsJxldwjHpBHxvgiidyioxvt", Some((MetaEncoding::Utf8, &[0x65, 0x50, 0x6d, 0x67, 0x51, 0x6f, 0x71, 0x65, 0x66, 0x6f, 0x6a, 0x7a, 0x65, 0x77, 0x6a, 0x2e, 0x50, 0x73, 0x4a, 0x78, 0x6c, 0x64, 0x77, 0x6a, 0x48, 0x70, 0x42, 0x48, 0x78, 0x76, 0x67, 0x69, 0x69, 0x64, 0x79, 0x69, 0x6f, 0x78, 0x76, 0x74]))),
        (K::Ns, "cG", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x05, 0x00]))),
        (K::Tn, "cG", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x05, 0x00]))),
        (K::Field, "cG", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x05, 0x00]))),
        (K::Ns, "havdgljvbpvsvsnw_zoh", Some((MetaEncoding::LowerSpecial, &[0x1c, 0x15, 0x19, 0x96, 0x9a, 0x85, 0xf5, 0x95, 0x64, 0xdb, 0x6f, 0x2e, 0x38]))),
        (K::Tn, "havdgljvbpvsvsnw_zoh", Some((MetaEncoding::LowerSpecial, &[0x1c, 0x15, 0x19, 0x96, 0x9a, 0x85, 0xf5, 0x95, 0x64, 0xdb, 0x6f, 0x2e, 0x38]))),
        (K::Field, "havdgljvbpvsvsnw_zoh", Some((MetaEncoding::AllToLowerSpecial, &[0x1c, 0x15, 0x19, 0x96, 0x9a, 0x85, 0xf5, 0x95, 0x64, 0xdb, 0x6f, 0x2e, 0x38]))),
        (K::Ns, "xc_vctxbdgltyweqjskvffhpb", Some((MetaEncoding::LowerSpecial, &[0x5c, 0x5b, 0xa8, 0xa7, 0x70, 0x8c, 0xcb, 0x9e, 0x2c, 0x48, 0x26, 0x4a, 0xa9, 0x4a, 0x77, 0x84]))),
        (K::Tn, "xc_vctxbdgltyweqjskvffhpb", Some((MetaEncoding::LowerSpecial, &[0x5c, 0x5b, 0xa8, 0xa7, 0x70, 0x8c, 0xcb, 0x9e, 0x2c, 0x48, 0x26, 0x4a, 0xa9, 0x4a, 0x77, 0x84]))),
        (K::Field, "xc_vctxbdgltyweqjskvffhpb", Some((MetaEncoding::AllToLowerSpecial, &[0x5c, 0x5b, 0xa8, 0xa7, 0x70, 0x8c, 0xcb, 0x9e, 0x2c, 0x48, 0x26, 0x4a, 0xa9, 0x4a, 0x77, 0x84]))),
        (K::Ns, "ahwlp", Some((MetaEncoding::LowerSpecial, &[0x80, 0xf6, 0x5b, 0xc0]))),
        (K::Tn, "ahwlp", Some((MetaEncoding::LowerSpecial, &[0x80, 0xf6, 0x5b, 0xc0]))),
        (K::Field, "ahwlp", Some((MetaEncoding::AllToLowerSpecial, &[0x80, 0xf6, 0x5b, 0xc0]))),
        (K::Ns, "GcT-kZCX", Some((MetaEncoding::Utf8, &[0x47, 0x63, 0x54, 0x2d, 0x6b, 0x5a, 0x43, 0x58]))),
        (K::Tn, "GcT-kZCX", Some((MetaEncoding::Utf8, &[0x47, 0x63, 0x54, 0x2d, 0x6b, 0x5a, 0x43, 0x58]))),
        (K::Field, "GcT-kZCX", Some((MetaEncoding::Utf8, &[0x47, 0x63, 0x54, 0x2d, 0x6b, 0x5a, 0x43, 0x58]))),
        (K::Ns, "xxwcI3U-mzdjJcsP", Some((MetaEncoding::Utf8, &[0x78, 0x78, 0x77, 0x63, 0x49, 0x33, 0x55, 0x2d, 0x6d, 0x7a, 0x64, 0x6a, 0x4a, 0x63, 0x73, 0x50]))),
        (K::Tn, "xxwcI3U-mzdjJcsP", Some((MetaEncoding::Utf8, &[0x78, 0x78, 0x77, 0x63, 0x49, 0x33, 0x55, 0x2d, 0x6d, 0x7a, 0x64, 0x6a, 0x4a, 0x63, 0x73, 0x50]))),
        (K::Field, "xxwcI3U-mzdjJcsP", Some((MetaEncoding::Utf8, &[0x78, 0x78, 0x77, 0x63, 0x49, 0x33, 0x55, 0x2d, 0x6d, 0x7a, 0x64, 0x6a, 0x4a, 0x63, 0x73, 0x50]))),
        (K::Ns, "Ej", Some((MetaEncoding::FirstToLowerSpecial, &[0x91, 0x20]))),
        (K::Tn, "Ej", Some((MetaEncoding::FirstToLowerSpecial, &[0x91, 0x20]))),
        (K::Field, "Ej", None),
        (K::Ns, "suuwwHqfnxfwwWdiEomc", Some((MetaEncoding::AllToLowerSpecial, &[0x4a, 0x94, 0xb5, 0xba, 0x78, 0x15, 0xb7, 0x2d, 0xad, 0xdb, 0x0d, 0x1d, 0x23, 0x98, 0x20]))),
        (K::Tn, "suuwwHqfnxfwwWdiEomc", Some((MetaEncoding::AllToLowerSpecial, &[0x4a, 0x94, 0xb5, 0xba, 0x78, 0x15, 0xb7, 0x2d, 0xad, 0xdb, 0x0d, 0x1d, 0x23, 0x98, 0x20]))),
        (K::Field, "suuwwHqfnxfwwWdiEomc", Some((MetaEncoding::AllToLowerSpecial, &[0x4a, 0x94, 0xb5, 0xba, 0x78, 0x15, 0xb7, 0x2d, 0xad, 0xdb, 0x0d, 0x1d, 0x23, 0x98, 0x20]))),
        (K::Ns, "hnmT|hsZPq9rk1sd", Some((MetaEncoding::Utf8, &[0x68, 0x6e, 0x6d, 0x54, 0x7c, 0x68, 0x73, 0x5a, 0x50, 0x71, 0x39, 0x72, 0x6b, 0x31, 0x73, 0x64]))),
        (K::Tn, "hnmT|hsZPq9rk1sd", Some((MetaEncoding::Utf8, &[0x68, 0x6e, 0x6d, 0x54, 0x7c, 0x68, 0x73, 0x5a, 0x50, 0x71, 0x39, 0x72, 0x6b, 0x31, 0x73, 0x64]))),
        (K::Field, "hnmT|hsZPq9rk1sd", Some((MetaEncoding::Utf8, &[0x68, 0x6e, 0x6d, 0x54, 0x7c, 0x68, 0x73, 0x5a, 0x50, 0x71, 0x39, 0x72, 0x6b, 0x31, 0x73, 0x64]))),
        (K::Ns, "iqiqsxig", Some((MetaEncoding::LowerSpecial, &[0xa2, 0x08, 0x84, 0xae, 0x83, 0x00]))),
        (K::Tn, "iqiqsxig", Some((MetaEncoding::LowerSpecial, &[0xa2, 0x08, 0x84, 0xae, 0x83, 0x00]))),
        (K::Field, "iqiqsxig", Some((MetaEncoding::AllToLowerSpecial, &[0xa2, 0x08, 0x84, 0xae, 0x83, 0x00]))),
        (K::Ns, "_z", Some((MetaEncoding::LowerSpecial, &[0xef, 0x20]))),
        (K::Tn, "_z", Some((MetaEncoding::LowerSpecial, &[0xef, 0x20]))),
        (K::Field, "_z", Some((MetaEncoding::AllToLowerSpecial, &[0xef, 0x20]))),
        (K::Ns, "I", Some((MetaEncoding::FirstToLowerSpecial, &[0x20]))),
        (K::Tn, "I", Some((MetaEncoding::FirstToLowerSpecial, &[0x20]))),
        (K::Field, "I", None),
        (K::Ns, "ftk", Some((MetaEncoding::LowerSpecial, &[0x16, 0x6a]))),
        (K::Tn, "ftk", Some((MetaEncoding::LowerSpecial, &[0x16, 0x6a]))),
        (K::Field, "ftk", Some((MetaEncoding::AllToLowerSpecial, &[0x16, 0x6a]))),
        (K::Ns, "q.qlteygontleiuu", Some((MetaEncoding::LowerSpecial, &[0xc3, 0x50, 0x5c, 0xc9, 0x83, 0x39, 0xb3, 0x59, 0x11, 0x4a, 0x00]))),
        (K::Tn, "q.qlteygontleiuu", Some((MetaEncoding::LowerSpecial, &[0xc3, 0x50, 0x5c, 0xc9, 0x83, 0x39, 0xb3, 0x59, 0x11, 0x4a, 0x00]))),
        (K::Field, "q.qlteygontleiuu", Some((MetaEncoding::Utf8, &[0x71, 0x2e, 0x71, 0x6c, 0x74, 0x65, 0x79, 0x67, 0x6f, 0x6e, 0x74, 0x6c, 0x65, 0x69, 0x75, 0x75]))),
        (K::Ns, "jQdfdvddbo0ku-gw", Some((MetaEncoding::Utf8, &[0x6a, 0x51, 0x64, 0x66, 0x64, 0x76, 0x64, 0x64, 0x62, 0x6f, 0x30, 0x6b, 0x75, 0x2d, 0x67, 0x77]))),
        (K::Tn, "jQdfdvddbo0ku-gw", Some((MetaEncoding::Utf8, &[0x6a, 0x51, 0x64, 0x66, 0x64, 0x76, 0x64, 0x64, 0x62, 0x6f, 0x30, 0x6b, 0x75, 0x2d, 0x67, 0x77]))),
        (K::Field, "jQdfdvddbo0ku-gw", Some((MetaEncoding::Utf8, &[0x6a, 0x51, 0x64, 0x66, 0x64, 0x76, 0x64, 0x64, 0x62, 0x6f, 0x30, 0x6b, 0x75, 0x2d, 0x67, 0x77]))),
        (K::Ns, "hkymtojo", Some((MetaEncoding::LowerSpecial, &[0x9d, 0x58, 0x64, 0xdc, 0x97, 0x00]))),
        (K::Tn, "hkymtojo", Some((MetaEncoding::LowerSpecial, &[0x9d, 0x58, 0x64, 0xdc, 0x97, 0x00]))),
        (K::Field, "hkymtojo", Some((MetaEncoding::AllToLowerSpecial, &[0x9d, 0x58, 0x64, 0xdc, 0x97, 0x00]))),
        (K::Ns, "xfbw.ht_ukntlqdnijsgtdous", Some((MetaEncoding::LowerSpecial, &[0x5c, 0xa1, 0xb6, 0x8f, 0x3d, 0xd1, 0x4d, 0x9a, 0xe0, 0x36, 0xa1, 0x32, 0x34, 0xc6, 0xea, 0x48]))),
        (K::Tn, "xfbw.ht_ukntlqdnijsgtdous", Some((MetaEncoding::LowerSpecial, &[0x5c, 0xa1, 0xb6, 0x8f, 0x3d, 0xd1, 0x4d, 0x9a, 0xe0, 0x36, 0xa1, 0x32, 0x34, 0xc6, 0xea, 0x48]))),
        (K::Field, "xfbw.ht_ukntlqdnijsgtdous", Some((MetaEncoding::Utf8, &[0x78, 0x66, 0x62, 0x77, 0x2e, 0x68, 0x74, 0x5f, 0x75, 0x6b, 0x6e, 0x74, 0x6c, 0x71, 0x64, 0x6e, 0x69, 0x6a, 0x73, 0x67, 0x74, 0x64, 0x6f, 0x75, 0x73]))),
        (K::Ns, "elsmmthzjCccIB_x", Some((MetaEncoding::AllToLowerSpecial, &[0x11, 0x72, 0x63, 0x26, 0x7c, 0xa7, 0xa2, 0x10, 0xba, 0x8e, 0x87, 0x77]))),
        (K::Tn, "elsmmthzjCccIB_x", Some((MetaEncoding::AllToLowerSpecial, &[0x11, 0x72, 0x63, 0x26, 0x7c, 0xa7, 0xa2, 0x10, 0xba, 0x8e, 0x87, 0x77]))),
        (K::Field, "elsmmthzjCccIB_x", Some((MetaEncoding::AllToLowerSpecial, &[0x11, 0x72, 0x63, 0x26, 0x7c, 0xa7, 0xa2, 0x10, 0xba, 0x8e, 0x87, 0x77]))),
        (K::Ns, "IB-6K5bcni8MH.zJ", Some((MetaEncoding::Utf8, &[0x49, 0x42, 0x2d, 0x36, 0x4b, 0x35, 0x62, 0x63, 0x6e, 0x69, 0x38, 0x4d, 0x48, 0x2e, 0x7a, 0x4a]))),
        (K::Tn, "IB-6K5bcni8MH.zJ", Some((MetaEncoding::Utf8, &[0x49, 0x42, 0x2d, 0x36, 0x4b, 0x35, 0x62, 0x63, 0x6e, 0x69, 0x38, 0x4d, 0x48, 0x2e, 0x7a, 0x4a]))),
        (K::Field, "IB-6K5bcni8MH.zJ", Some((MetaEncoding::Utf8, &[0x49, 0x42, 0x2d, 0x36, 0x4b, 0x35, 0x62, 0x63, 0x6e, 0x69, 0x38, 0x4d, 0x48, 0x2e, 0x7a, 0x4a]))),
        (K::Ns, "mYn", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x19, 0x91, 0xa0]))),
        (K::Tn, "mYn", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x19, 0x91, 0xa0]))),
        (K::Field, "mYn", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x19, 0x91, 0xa0]))),
        (K::Ns, "cdwzultlspdzosvn", Some((MetaEncoding::LowerSpecial, &[0x88, 0x76, 0xcd, 0x17, 0x35, 0xc9, 0xe3, 0xcb, 0xa5, 0x56, 0x80]))),
        (K::Tn, "cdwzultlspdzosvn", Some((MetaEncoding::LowerSpecial, &[0x88, 0x76, 0xcd, 0x17, 0x35, 0xc9, 0xe3, 0xcb, 0xa5, 0x56, 0x80]))),
        (K::Field, "cdwzultlspdzosvn", Some((MetaEncoding::AllToLowerSpecial, &[0x88, 0x76, 0xcd, 0x17, 0x35, 0xc9, 0xe3, 0xcb, 0xa5, 0x56, 0x80]))),
        (K::Ns, "zsHSd", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x32, 0x94, 0x36, 0x06]))),
        (K::Tn, "zsHSd", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x32, 0x94, 0x36, 0x06]))),
        (K::Field, "zsHSd", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x32, 0x94, 0x36, 0x06]))),
        (K::Ns, "|ahuN.Ahqxsxklqh$-J$9god1Evs2h", Some((MetaEncoding::Utf8, &[0x7c, 0x61, 0x68, 0x75, 0x4e, 0x2e, 0x41, 0x68, 0x71, 0x78, 0x73, 0x78, 0x6b, 0x6c, 0x71, 0x68, 0x24, 0x2d, 0x4a, 0x24, 0x39, 0x67, 0x6f, 0x64, 0x31, 0x45, 0x76, 0x73, 0x32, 0x68]))),
        (K::Tn, "|ahuN.Ahqxsxklqh$-J$9god1Evs2h", Some((MetaEncoding::Utf8, &[0x7c, 0x61, 0x68, 0x75, 0x4e, 0x2e, 0x41, 0x68, 0x71, 0x78, 0x73, 0x78, 0x6b, 0x6c, 0x71, 0x68, 0x24, 0x2d, 0x4a, 0x24, 0x39, 0x67, 0x6f, 0x64, 0x31, 0x45, 0x76, 0x73, 0x32, 0x68]))),
        (K::Field, "|ahuN.Ahqxsxklqh$-J$9god1Evs2h", Some((MetaEncoding::Utf8, &[0x7c, 0x61, 0x68, 0x75, 0x4e, 0x2e, 0x41, 0x68, 0x71, 0x78, 0x73, 0x78, 0x6b, 0x6c, 0x71, 0x68, 0x24, 0x2d, 0x4a, 0x24, 0x39, 0x67, 0x6f, 0x64, 0x31, 0x45, 0x76, 0x73, 0x32, 0x68]))),
        (K::Ns, "qvrguaBqlsjdwdwFPvxnslfTrxYcjRxodUMbBhTu", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xa0, 0xaa, 0x23, 0x28, 0x03, 0x68, 0x16, 0x91, 0x21, 0xac, 0x1a, 0xcf, 0xd2, 0xaa, 0xe6, 0xa4, 0x58, 0xb6, 0xa2, 0xbe, 0x41, 0x13, 0x5a, 0xe7, 0x07, 0x74, 0xc0, 0xb6, 0x3d, 0xaa, 0x00]))),
        (K::Tn, "qvrguaBqlsjdwdwFPvxnslfTrxYcjRxodUMbBhTu", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xa0, 0xaa, 0x23, 0x28, 0x03, 0x68, 0x16, 0x91, 0x21, 0xac, 0x1a, 0xcf, 0xd2, 0xaa, 0xe6, 0xa4, 0x58, 0xb6, 0xa2, 0xbe, 0x41, 0x13, 0x5a, 0xe7, 0x07, 0x74, 0xc0, 0xb6, 0x3d, 0xaa, 0x00]))),
        (K::Field, "qvrguaBqlsjdwdwFPvxnslfTrxYcjRxodUMbBhTu", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xa0, 0xaa, 0x23, 0x28, 0x03, 0x68, 0x16, 0x91, 0x21, 0xac, 0x1a, 0xcf, 0xd2, 0xaa, 0xe6, 0xa4, 0x58, 0xb6, 0xa2, 0xbe, 0x41, 0x13, 0x5a, 0xe7, 0x07, 0x74, 0xc0, 0xb6, 0x3d, 0xaa, 0x00]))),
        (K::Ns, "p", Some((MetaEncoding::LowerSpecial, &[0x3c]))),
        (K::Tn, "p", Some((MetaEncoding::LowerSpecial, &[0x3c]))),
        (K::Field, "p", Some((MetaEncoding::AllToLowerSpecial, &[0x3c]))),
        (K::Ns, "Sby", Some((MetaEncoding::FirstToLowerSpecial, &[0x48, 0x38]))),
        (K::Tn, "Sby", Some((MetaEncoding::FirstToLowerSpecial, &[0x48, 0x38]))),
        (K::Field, "Sby", None),
        (K::Ns, "JkPkzlan", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xc6, 0x55, 0x25, 0x32, 0x58, 0x06, 0x80]))),
        (K::Tn, "JkPkzlan", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xc6, 0x55, 0x25, 0x32, 0x58, 0x06, 0x80]))),
        (K::Field, "JkPkzlan", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xc6, 0x55, 0x25, 0x32, 0x58, 0x06, 0x80]))),
        (K::Ns, "F", Some((MetaEncoding::FirstToLowerSpecial, &[0x14]))),
        (K::Tn, "F", Some((MetaEncoding::FirstToLowerSpecial, &[0x14]))),
        (K::Field, "F", None),
        (K::Ns, "8oZWohRxcxZowpldgbyr", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xf8, 0x76, 0x78, 0x1c, 0x3d, 0x6b, 0x84, 0xbe, 0x67, 0x2c, 0x79, 0x61, 0x8c, 0x0b, 0x08, 0x80]))),
        (K::Tn, "8oZWohRxcxZowpldgbyr", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xf8, 0x76, 0x78, 0x1c, 0x3d, 0x6b, 0x84, 0xbe, 0x67, 0x2c, 0x79, 0x61, 0x8c, 0x0b, 0x08, 0x80]))),
        (K::Field, "8oZWohRxcxZowpldgbyr", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xf8, 0x76, 0x78, 0x1c, 0x3d, 0x6b, 0x84, 0xbe, 0x67, 0x2c, 0x79, 0x61, 0x8c, 0x0b, 0x08, 0x80]))),
        (K::Ns, "Augyaadhopuaheztjxeaakzpcdsuzh", Some((MetaEncoding::FirstToLowerSpecial, &[0x02, 0x86, 0xc0, 0x00, 0x33, 0xb9, 0xf4, 0x01, 0xc9, 0x99, 0xa6, 0xe4, 0x00, 0x15, 0x97, 0x88, 0x72, 0xa6, 0x4e]))),
        (K::Tn, "Augyaadhopuaheztjxeaakzpcdsuzh", Some((MetaEncoding::FirstToLowerSpecial, &[0x02, 0x86, 0xc0, 0x00, 0x33, 0xb9, 0xf4, 0x01, 0xc9, 0x99, 0xa6, 0xe4, 0x00, 0x15, 0x97, 0x88, 0x72, 0xa6, 0x4e]))),
        (K::Field, "Augyaadhopuaheztjxeaakzpcdsuzh", None),
        (K::Ns, "gk", Some((MetaEncoding::LowerSpecial, &[0x99, 0x40]))),
        (K::Tn, "gk", Some((MetaEncoding::LowerSpecial, &[0x99, 0x40]))),
        (K::Field, "gk", Some((MetaEncoding::AllToLowerSpecial, &[0x99, 0x40]))),
        (K::Ns, "aaojRxlicppHnvkxqLmg", Some((MetaEncoding::AllToLowerSpecial, &[0x00, 0x0e, 0x4f, 0x63, 0x75, 0xa0, 0x4f, 0x7f, 0x4e, 0xda, 0xaa, 0xf0, 0xea, 0xd8, 0x60]))),
        (K::Tn, "aaojRxlicppHnvkxqLmg", Some((MetaEncoding::AllToLowerSpecial, &[0x00, 0x0e, 0x4f, 0x63, 0x75, 0xa0, 0x4f, 0x7f, 0x4e, 0xda, 0xaa, 0xf0, 0xea, 0xd8, 0x60]))),
        (K::Field, "aaojRxlicppHnvkxqLmg", Some((MetaEncoding::AllToLowerSpecial, &[0x00, 0x0e, 0x4f, 0x63, 0x75, 0xa0, 0x4f, 0x7f, 0x4e, 0xda, 0xaa, 0xf0, 0xea, 0xd8, 0x60]))),
        (K::Ns, "tiejJvdqcuvftelolbrNcdojR", Some((MetaEncoding::AllToLowerSpecial, &[0x4d, 0x04, 0x4f, 0x53, 0x51, 0xc0, 0x54, 0xa9, 0x66, 0x45, 0xb9, 0x61, 0x8f, 0x5a, 0x21, 0xb9, 0x3d, 0x88]))),
        (K::Tn, "tiejJvdqcuvftelolbrNcdojR", Some((MetaEncoding::AllToLowerSpecial, &[0x4d, 0x04, 0x4f, 0x53, 0x51, 0xc0, 0x54, 0xa9, 0x66, 0x45, 0xb9, 0x61, 0x8f, 0x5a, 0x21, 0xb9, 0x3d, 0x88]))),
        (K::Field, "tiejJvdqcuvftelolbrNcdojR", Some((MetaEncoding::AllToLowerSpecial, &[0x4d, 0x04, 0x4f, 0x53, 0x51, 0xc0, 0x54, 0xa9, 0x66, 0x45, 0xb9, 0x61, 0x8f, 0x5a, 0x21, 0xb9, 0x3d, 0x88]))),
        (K::Ns, "pgnZtaohPD$mBdu0Zr8dhgAlkLqjzvBqrrJnYpFc", Some((MetaEncoding::Utf8, &[0x70, 0x67, 0x6e, 0x5a, 0x74, 0x61, 0x6f, 0x68, 0x50, 0x44, 0x24, 0x6d, 0x42, 0x64, 0x75, 0x30, 0x5a, 0x72, 0x38, 0x64, 0x68, 0x67, 0x41, 0x6c, 0x6b, 0x4c, 0x71, 0x6a, 0x7a, 0x76, 0x42, 0x71, 0x72, 0x72, 0x4a, 0x6e, 0x59, 0x70, 0x46, 0x63]))),
        (K::Tn, "pgnZtaohPD$mBdu0Zr8dhgAlkLqjzvBqrrJnYpFc", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x9e, 0x31, 0xb9, 0xa6, 0x01, 0xc3, 0xd2, 0xef, 0xc6, 0x36, 0x1a, 0x9a, 0x66, 0x8f, 0x81, 0x8e, 0x33, 0x45, 0x95, 0x2a, 0x04, 0xb2, 0xab, 0x68, 0x22, 0x8c, 0x66, 0xe4, 0x7b, 0xe1, 0x00]))),
        (K::Field, "pgnZtaohPD$mBdu0Zr8dhgAlkLqjzvBqrrJnYpFc", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x9e, 0x31, 0xb9, 0xa6, 0x01, 0xc3, 0xd2, 0xef, 0xc6, 0x36, 0x1a, 0x9a, 0x66, 0x8f, 0x81, 0x8e, 0x33, 0x45, 0x95, 0x2a, 0x04, 0xb2, 0xab, 0x68, 0x22, 0x8c, 0x66, 0xe4, 0x7b, 0xe1, 0x00]))),
        (K::Ns, "v_ybed-ikKN_5gz2ruvrCtbgK", Some((MetaEncoding::Utf8, &[0x76, 0x5f, 0x79, 0x62, 0x65, 0x64, 0x2d, 0x69, 0x6b, 0x4b, 0x4e, 0x5f, 0x35, 0x67, 0x7a, 0x32, 0x72, 0x75, 0x76, 0x72, 0x43, 0x74, 0x62, 0x67, 0x4b]))),
        (K::Tn, "v_ybed-ikKN_5gz2ruvrCtbgK", Some((MetaEncoding::Utf8, &[0x76, 0x5f, 0x79, 0x62, 0x65, 0x64, 0x2d, 0x69, 0x6b, 0x4b, 0x4e, 0x5f, 0x35, 0x67, 0x7a, 0x32, 0x72, 0x75, 0x76, 0x72, 0x43, 0x74, 0x62, 0x67, 0x4b]))),
        (K::Field, "v_ybed-ikKN_5gz2ruvrCtbgK", Some((MetaEncoding::Utf8, &[0x76, 0x5f, 0x79, 0x62, 0x65, 0x64, 0x2d, 0x69, 0x6b, 0x4b, 0x4e, 0x5f, 0x35, 0x67, 0x7a, 0x32, 0x72, 0x75, 0x76, 0x72, 0x43, 0x74, 0x62, 0x67, 0x4b]))),
        (K::Ns, "c", Some((MetaEncoding::LowerSpecial, &[0x08]))),
        (K::Tn, "c", Some((MetaEncoding::LowerSpecial, &[0x08]))),
        (K::Field, "c", Some((MetaEncoding::AllToLowerSpecial, &[0x08]))),
        (K::Ns, "vtds8fJWiNgt", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xaa, 0x98, 0x69, 0x78, 0x2c, 0x78, 0x11, 0x38, 0xc9, 0x80]))),
        (K::Tn, "vtds8fJWiNgt", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xaa, 0x98, 0x69, 0x78, 0x2c, 0x78, 0x11, 0x38, 0xc9, 0x80]))),
        (K::Field, "vtds8fJWiNgt", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xaa, 0x98, 0x69, 0x78, 0x2c, 0x78, 0x11, 0x38, 0xc9, 0x80]))),
        (K::Ns, "ywypg", Some((MetaEncoding::LowerSpecial, &[0xe2, 0xd8, 0x79, 0x80]))),
        (K::Tn, "ywypg", Some((MetaEncoding::LowerSpecial, &[0xe2, 0xd8, 0x79, 0x80]))),
        (K::Field, "ywypg", Some((MetaEncoding::AllToLowerSpecial, &[0xe2, 0xd8, 0x79, 0x80]))),
        (K::Ns, "qsquvkysctaiyhlalhev", Some((MetaEncoding::LowerSpecial, &[0x42, 0x50, 0xa5, 0x55, 0x89, 0x0a, 0x60, 0x46, 0x0e, 0xb0, 0x2c, 0xe4, 0xa8]))),
        (K::Tn, "qsquvkysctaiyhlalhev", Some((MetaEncoding::LowerSpecial, &[0x42, 0x50, 0xa5, 0x55, 0x89, 0x0a, 0x60, 0x46, 0x0e, 0xb0, 0x2c, 0xe4, 0xa8]))),
        (K::Field, "qsquvkysctaiyhlalhev", Some((MetaEncoding::AllToLowerSpecial, &[0x42, 0x50, 0xa5, 0x55, 0x89, 0x0a, 0x60, 0x46, 0x0e, 0xb0, 0x2c, 0xe4, 0xa8]))),
        (K::Ns, "Fytueu_piibz", Some((MetaEncoding::FirstToLowerSpecial, &[0x17, 0x13, 0xa1, 0x29, 0xb7, 0xa1, 0x01, 0xc8]))),
        (K::Tn, "Fytueu_piibz", Some((MetaEncoding::FirstToLowerSpecial, &[0x17, 0x13, 0xa1, 0x29, 0xb7, 0xa1, 0x01, 0xc8]))),
        (K::Field, "Fytueu_piibz", None),
        (K::Ns, "Pwm", Some((MetaEncoding::FirstToLowerSpecial, &[0x3e, 0xcc]))),
        (K::Tn, "Pwm", Some((MetaEncoding::FirstToLowerSpecial, &[0x3e, 0xcc]))),
        (K::Field, "Pwm", None),
        (K::Ns, "aovxbg.raoexhhdyi_d.", Some((MetaEncoding::LowerSpecial, &[0x01, 0xd5, 0xb8, 0x4d, 0xa8, 0x81, 0xc4, 0xb9, 0xce, 0x3c, 0x23, 0x63, 0xd0]))),
        (K::Tn, "aovxbg.raoexhhdyi_d.", Some((MetaEncoding::LowerSpecial, &[0x01, 0xd5, 0xb8, 0x4d, 0xa8, 0x81, 0xc4, 0xb9, 0xce, 0x3c, 0x23, 0x63, 0xd0]))),
        (K::Field, "aovxbg.raoexhhdyi_d.", Some((MetaEncoding::Utf8, &[0x61, 0x6f, 0x76, 0x78, 0x62, 0x67, 0x2e, 0x72, 0x61, 0x6f, 0x65, 0x78, 0x68, 0x68, 0x64, 0x79, 0x69, 0x5f, 0x64, 0x2e]))),
        (K::Ns, "knlg_ps.tgwg", Some((MetaEncoding::LowerSpecial, &[0x29, 0xab, 0x36, 0xdf, 0x2d, 0x4c, 0xd6, 0x30]))),
        (K::Tn, "knlg_ps.tgwg", Some((MetaEncoding::LowerSpecial, &[0x29, 0xab, 0x36, 0xdf, 0x2d, 0x4c, 0xd6, 0x30]))),
        (K::Field, "knlg_ps.tgwg", Some((MetaEncoding::Utf8, &[0x6b, 0x6e, 0x6c, 0x67, 0x5f, 0x70, 0x73, 0x2e, 0x74, 0x67, 0x77, 0x67]))),
        (K::Ns, "_uacltupec_rkfvyuxr_", Some((MetaEncoding::LowerSpecial, &[0x6e, 0x80, 0x12, 0xe7, 0x47, 0x90, 0x5b, 0x8a, 0x8b, 0x5c, 0x52, 0xf1, 0xd8]))),
        (K::Tn, "_uacltupec_rkfvyuxr_", Some((MetaEncoding::LowerSpecial, &[0x6e, 0x80, 0x12, 0xe7, 0x47, 0x90, 0x5b, 0x8a, 0x8b, 0x5c, 0x52, 0xf1, 0xd8]))),
        (K::Field, "_uacltupec_rkfvyuxr_", Some((MetaEncoding::AllToLowerSpecial, &[0x6e, 0x80, 0x12, 0xe7, 0x47, 0x90, 0x5b, 0x8a, 0x8b, 0x5c, 0x52, 0xf1, 0xd8]))),
        (K::Ns, "J9muIamsve5i", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xc7, 0xe9, 0x8a, 0x44, 0x01, 0x89, 0x2a, 0x27, 0x24, 0x00]))),
        (K::Tn, "J9muIamsve5i", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xc7, 0xe9, 0x8a, 0x44, 0x01, 0x89, 0x2a, 0x27, 0x24, 0x00]))),
        (K::Field, "J9muIamsve5i", Some((MetaEncoding::LowerUpperDigitSpecial, &[0xc7, 0xe9, 0x8a, 0x44, 0x01, 0x89, 0x2a, 0x27, 0x24, 0x00]))),
        (K::Ns, "ave", Some((MetaEncoding::LowerSpecial, &[0x02, 0xa4]))),
        (K::Tn, "ave", Some((MetaEncoding::LowerSpecial, &[0x02, 0xa4]))),
        (K::Field, "ave", Some((MetaEncoding::AllToLowerSpecial, &[0x02, 0xa4]))),
        (K::Ns, "qEh", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x20, 0xf0, 0xe0]))),
        (K::Tn, "qEh", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x20, 0xf0, 0xe0]))),
        (K::Field, "qEh", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x20, 0xf0, 0xe0]))),
        (K::Ns, "pme", Some((MetaEncoding::LowerSpecial, &[0x3d, 0x84]))),
        (K::Tn, "pme", Some((MetaEncoding::LowerSpecial, &[0x3d, 0x84]))),
        (K::Field, "pme", Some((MetaEncoding::AllToLowerSpecial, &[0x3d, 0x84]))),
        (K::Ns, "Bbbhkxykpurf$edd", Some((MetaEncoding::Utf8, &[0x42, 0x62, 0x62, 0x68, 0x6b, 0x78, 0x79, 0x6b, 0x70, 0x75, 0x72, 0x66, 0x24, 0x65, 0x64, 0x64]))),
        (K::Tn, "Bbbhkxykpurf$edd", Some((MetaEncoding::FirstToLowerSpecial, &[0x84, 0x21, 0x3a, 0xaf, 0x85, 0x3e, 0x91, 0x2f, 0x08, 0x31, 0x80]))),
        (K::Field, "Bbbhkxykpurf$edd", None),
        (K::Ns, "vbqw3t-gknMwreVwiJHEeqjzl", Some((MetaEncoding::Utf8, &[0x76, 0x62, 0x71, 0x77, 0x33, 0x74, 0x2d, 0x67, 0x6b, 0x6e, 0x4d, 0x77, 0x72, 0x65, 0x56, 0x77, 0x69, 0x4a, 0x48, 0x45, 0x65, 0x71, 0x6a, 0x7a, 0x6c]))),
        (K::Tn, "vbqw3t-gknMwreVwiJHEeqjzl", Some((MetaEncoding::Utf8, &[0x76, 0x62, 0x71, 0x77, 0x33, 0x74, 0x2d, 0x67, 0x6b, 0x6e, 0x4d, 0x77, 0x72, 0x65, 0x56, 0x77, 0x69, 0x4a, 0x48, 0x45, 0x65, 0x71, 0x6a, 0x7a, 0x6c]))),
        (K::Field, "vbqw3t-gknMwreVwiJHEeqjzl", Some((MetaEncoding::Utf8, &[0x76, 0x62, 0x71, 0x77, 0x33, 0x74, 0x2d, 0x67, 0x6b, 0x6e, 0x4d, 0x77, 0x72, 0x65, 0x56, 0x77, 0x69, 0x4a, 0x48, 0x45, 0x65, 0x71, 0x6a, 0x7a, 0x6c]))),
        (K::Ns, "ebGqKmRa", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x88, 0x0c, 0x08, 0x48, 0x65, 0x60, 0x00]))),
        (K::Tn, "ebGqKmRa", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x88, 0x0c, 0x08, 0x48, 0x65, 0x60, 0x00]))),
        (K::Field, "ebGqKmRa", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x88, 0x0c, 0x08, 0x48, 0x65, 0x60, 0x00]))),
        (K::Ns, "j", Some((MetaEncoding::LowerSpecial, &[0x24]))),
        (K::Tn, "j", Some((MetaEncoding::LowerSpecial, &[0x24]))),
        (K::Field, "j", Some((MetaEncoding::AllToLowerSpecial, &[0x24]))),
        (K::Ns, "Yyfqq$kylmxpusvkxyezpcdun_vzyvtfhtrghvtf", Some((MetaEncoding::Utf8, &[0x59, 0x79, 0x66, 0x71, 0x71, 0x24, 0x6b, 0x79, 0x6c, 0x6d, 0x78, 0x70, 0x75, 0x73, 0x76, 0x6b, 0x78, 0x79, 0x65, 0x7a, 0x70, 0x63, 0x64, 0x75, 0x6e, 0x5f, 0x76, 0x7a, 0x79, 0x76, 0x74, 0x66, 0x68, 0x74, 0x72, 0x67, 0x68, 0x76, 0x74, 0x66]))),
        (K::Tn, "Yyfqq$kylmxpusvkxyezpcdun_vzyvtfhtrghvtf", Some((MetaEncoding::FirstToLowerSpecial, &[0xe3, 0x05, 0x84, 0x38, 0xac, 0x2d, 0x97, 0x7d, 0x25, 0x55, 0x5f, 0x04, 0xcb, 0xc4, 0x3a, 0x37, 0x75, 0xce, 0x2b, 0x32, 0x9e, 0x71, 0x31, 0xeb, 0x32, 0x80]))),
        (K::Field, "Yyfqq$kylmxpusvkxyezpcdun_vzyvtfhtrghvtf", None),
        (K::Ns, "yrqfmndr", Some((MetaEncoding::LowerSpecial, &[0xe2, 0x30, 0x2b, 0x1a, 0x38, 0x80]))),
        (K::Tn, "yrqfmndr", Some((MetaEncoding::LowerSpecial, &[0xe2, 0x30, 0x2b, 0x1a, 0x38, 0x80]))),
        (K::Field, "yrqfmndr", Some((MetaEncoding::AllToLowerSpecial, &[0xe2, 0x30, 0x2b, 0x1a, 0x38, 0x80]))),
        (K::Ns, "viamzv.xmdeana..cyg.", Some((MetaEncoding::LowerSpecial, &[0x55, 0x00, 0x66, 0x6b, 0xab, 0xb0, 0x64, 0x03, 0x41, 0xad, 0x0b, 0x06, 0xd0]))),
        (K::Tn, "viamzv.xmdeana..cyg.", Some((MetaEncoding::LowerSpecial, &[0x55, 0x00, 0x66, 0x6b, 0xab, 0xb0, 0x64, 0x03, 0x41, 0xad, 0x0b, 0x06, 0xd0]))),
        (K::Field, "viamzv.xmdeana..cyg.", Some((MetaEncoding::Utf8, &[0x76, 0x69, 0x61, 0x6d, 0x7a, 0x76, 0x2e, 0x78, 0x6d, 0x64, 0x65, 0x61, 0x6e, 0x61, 0x2e, 0x2e, 0x63, 0x79, 0x67, 0x2e]))),
        (K::Ns, "plh", Some((MetaEncoding::LowerSpecial, &[0x3d, 0x67]))),
        (K::Tn, "plh", Some((MetaEncoding::LowerSpecial, &[0x3d, 0x67]))),
        (K::Field, "plh", Some((MetaEncoding::AllToLowerSpecial, &[0x3d, 0x67]))),
        (K::Ns, "RWj", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x57, 0x81, 0x20]))),
        (K::Tn, "RWj", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x57, 0x81, 0x20]))),
        (K::Field, "RWj", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x57, 0x81, 0x20]))),
        (K::Ns, "gjPmy6dj.odxvoXLovtnjtGllWpngv", Some((MetaEncoding::LowerUpperDigitSpecial, &[0x0c, 0x4d, 0x26, 0x31, 0xd0, 0x64, 0xfc, 0x70, 0x6b, 0xaa, 0x76, 0x32, 0x9c, 0xaa, 0x66, 0x92, 0x9c, 0x05, 0x97, 0x81, 0xe6, 0x8c, 0xa8]))),
        (K::Tn, "gjPmy6dj.odxvoXLovtnjtGllWpngv", Some((MetaEncoding::Utf8, &[0x67, 0x6a, 0x50, 0x6d, 0x79, 0x36, 0x64, 0x6a, 0x2e, 0x6f, 0x64, 0x78, 0x76, 0x6f, 0x58, 0x4c, 0x6f, 0x76, 0x74, 0x6e, 0x6a, 0x74, 0x47, 0x6c, 0x6c, 0x57, 0x70, 0x6e, 0x67, 0x76]))),
        (K::Field, "gjPmy6dj.odxvoXLovtnjtGllWpngv", Some((MetaEncoding::Utf8, &[0x67, 0x6a, 0x50, 0x6d, 0x79, 0x36, 0x64, 0x6a, 0x2e, 0x6f, 0x64, 0x78, 0x76, 0x6f, 0x58, 0x4c, 0x6f, 0x76, 0x74, 0x6e, 0x6a, 0x74, 0x47, 0x6c, 0x6c, 0x57, 0x70, 0x6e, 0x67, 0x76]))),
    ];

    /// (encoder, input, pyfory's hashcode, the stream form written twice by
    /// pyfory's `MetaStringWriter`: in full, then the back-reference 0x03).
    type StreamVector = (K, &'static str, i64, &'static [u8]);

    #[rustfmt::skip]
    const STREAM_VECTORS: &[StreamVector] = &[
        (K::Ns, "example", -1547721029255819263, &[0x0a, 0x01, 0x12, 0xe0, 0x63, 0xd6, 0x40, 0x03]),
        (K::Tn, "Color", 1791391743497280259, &[0x08, 0x03, 0x89, 0xcb, 0x74, 0x40, 0x03]),
        (K::Tn, "Point", 6509861549269918211, &[0x08, 0x03, 0xbd, 0xc8, 0x6c, 0xc0, 0x03]),
        (K::Tn, "MyStruct", 7446861853507171842, &[0x0e, 0x02, 0xcc, 0xc5, 0x89, 0xa2, 0xa0, 0x49, 0x80, 0x03]),
        (K::Tn, "HTTPServer", 955748961052657922, &[0x10, 0x02, 0x43, 0x6d, 0xb4, 0xd8, 0x22, 0x2a, 0x88, 0x88, 0x03]),
        (K::Ns, "", 0, &[0x00, 0x03]),
        (K::Tn, "a_much_longer_type_name_over_16_chars", 8497800146544715778, &[0x38, 0x02, 0x68, 0x0f, 0xc3, 0x35, 0x40, 0xee, 0x75, 0x01, 0xf9, 0x8a, 0x04, 0x3f, 0xe5, 0x9c, 0x68, 0xc2, 0x23, 0xfa, 0x6c, 0x1e, 0x27, 0xe6, 0x80, 0x60, 0x9f, 0x9c, 0xa8, 0x88, 0xff, 0xaf, 0x5f, 0x84, 0x38, 0x08, 0xa4, 0x03]),
        (K::Ns, "some.long.namespace_here", -3126196118800976383, &[0x20, 0x01, 0xc9, 0xcc, 0x26, 0x96, 0xe6, 0x9b, 0x4d, 0x03, 0x09, 0x27, 0x80, 0x44, 0xd9, 0xc9, 0x12, 0x00, 0x03]),
        (K::Tn, "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789", -8681756524150583294, &[0x5e, 0x02, 0x10, 0x93, 0x6f, 0x70, 0x34, 0x84, 0x87, 0x00, 0x08, 0x41, 0x88, 0x28, 0xc3, 0x90, 0x49, 0x45, 0x98, 0x69, 0xc7, 0xa0, 0x8a, 0x49, 0xa8, 0xaa, 0xcb, 0xb0, 0xc8, 0x00, 0x84, 0x18, 0x82, 0x8c, 0x39, 0x04, 0x94, 0x59, 0x86, 0x9c, 0x7a, 0x08, 0xa4, 0x9a, 0x8a, 0xac, 0xbb, 0x0c, 0xe9, 0xae, 0xdb, 0xf1, 0xcf, 0x5d, 0xf9, 0xe8, 0x03]),
        (K::Tn, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 8577686524924647938, &[0x28, 0x02, 0xda, 0xc9, 0xa8, 0x72, 0x10, 0x0a, 0x77, 0x34, 0xdb, 0x8e, 0xbc, 0xfc, 0x10, 0xc5, 0x1c, 0x92, 0xcd, 0x3d, 0x14, 0xd5, 0x5d, 0x96, 0xdd, 0x7e, 0x18, 0xe5, 0x98, 0x03]),
        (K::Tn, "app::model::inner::Thing", 7761840235274882816, &[0x30, 0x00, 0xcf, 0xe4, 0xea, 0x91, 0x98, 0xb7, 0x6b, 0x61, 0x70, 0x70, 0x3a, 0x3a, 0x6d, 0x6f, 0x64, 0x65, 0x6c, 0x3a, 0x3a, 0x69, 0x6e, 0x6e, 0x65, 0x72, 0x3a, 0x3a, 0x54, 0x68, 0x69, 0x6e, 0x67, 0x03]),
        (K::Tn, "Vec<i32>", -3488763034629597440, &[0x10, 0x00, 0x56, 0x65, 0x63, 0x3c, 0x69, 0x33, 0x32, 0x3e, 0x03]),
        (K::Ns, "abcdefghijklmnopqrstuvwxyz", -1287878164587172863, &[0x22, 0x01, 0xac, 0xcc, 0xfd, 0xa1, 0x89, 0x20, 0xee, 0x80, 0x22, 0x19, 0x0a, 0x63, 0xa1, 0x2a, 0x5b, 0x1a, 0xe7, 0xc2, 0x32, 0x9d, 0x2b, 0x6b, 0xe3, 0x20, 0x03]),
    ];

    #[test]
    fn matches_pyfory_encoder() {
        for &(kind, s, expected) in VECTORS {
            let got = kind.encode(s);
            match expected {
                Some((encoding, bytes)) => {
                    assert_eq!(got.encoding, encoding, "{kind:?} {s:?}");
                    assert_eq!(got.bytes, bytes, "{kind:?} {s:?}");
                }
                None => {
                    // pyfory raises; ours must still be allowed and decodable
                    assert!(
                        kind.allowed().contains(&got.encoding)
                            || got.encoding == MetaEncoding::Utf8,
                        "{kind:?} {s:?}: {got:?}"
                    );
                }
            }
            assert_eq!(kind.decode(&got).as_deref(), Ok(s), "{kind:?} {s:?}");
        }
    }

    #[test]
    fn named_examples() {
        let e = encode_type_name("\u{dc}ber");
        assert_eq!(e.encoding, MetaEncoding::Utf8);
        assert_eq!(e.bytes, "\u{dc}ber".as_bytes());
        let e = encode_namespace("");
        assert_eq!(
            e,
            EncodedMetaString {
                encoding: MetaEncoding::Utf8,
                bytes: vec![]
            }
        );
        assert_eq!(hashcode(&e), 0);
        // FIRST_TO_LOWER_SPECIAL is skipped where not allowed (pyfory raises)
        assert_eq!(
            encode_field_name("Name").encoding,
            MetaEncoding::LowerUpperDigitSpecial
        );
        assert_eq!(
            encode_typedef_namespace("Abcdefg").encoding,
            MetaEncoding::AllToLowerSpecial
        );
        // '.' is no type-name special: without LOWER_SPECIAL it is UTF-8
        assert_eq!(encode_typedef_type_name("a.b").encoding, MetaEncoding::Utf8);
        // a special with no 5-bit value falls back to 6 bits
        let e = encode("Ab-c", '-', '_', &ALL_ENCODINGS);
        assert_eq!(e.encoding, MetaEncoding::LowerUpperDigitSpecial);
        assert_eq!(
            decode(&e.bytes, e.encoding, '-', '_').as_deref(),
            Ok("Ab-c")
        );
        // nothing allowed fits: UTF-8 anyway
        let e = encode("a b", '.', '_', &[MetaEncoding::LowerSpecial]);
        assert_eq!(e.encoding, MetaEncoding::Utf8);
        assert_eq!(
            encode_with("Color", MetaEncoding::FirstToLowerSpecial, '$', '_'),
            Some(EncodedMetaString {
                encoding: MetaEncoding::FirstToLowerSpecial,
                bytes: vec![0x89, 0xcb, 0x74, 0x40]
            })
        );
        assert_eq!(
            encode_with("a-b", MetaEncoding::LowerSpecial, '$', '_'),
            None
        );
    }

    #[test]
    fn decodes_like_pyfory() {
        // pyfory's MetaStringDecoder("$", "_") on hand-made bytes
        let cases: &[(&[u8], MetaEncoding, Result<&str, ()>)] = &[
            (&[0xff], MetaEncoding::LowerSpecial, Ok("")),
            (&[0x7f, 0xff], MetaEncoding::LowerSpecial, Err(())),
            (&[0x00], MetaEncoding::AllToLowerSpecial, Ok("a")),
            (&[0x3a, 0x00], MetaEncoding::AllToLowerSpecial, Ok("oqa")),
            (&[0x80], MetaEncoding::LowerUpperDigitSpecial, Ok("")),
            (
                &[0x7f, 0xff],
                MetaEncoding::LowerUpperDigitSpecial,
                Ok("__"),
            ),
            (&[0x1b, 0x40], MetaEncoding::FirstToLowerSpecial, Ok("G.a")),
            (&[0xff, 0xfe], MetaEncoding::Utf8, Err(())),
            (&[], MetaEncoding::LowerSpecial, Ok("")),
        ];
        for &(bytes, encoding, expected) in cases {
            let got = decode_type_name(bytes, encoding);
            assert_eq!(
                got.as_deref().map_err(|_| ()),
                expected,
                "{bytes:02x?} {encoding:?}"
            );
        }
        // '|' 'a' '|' packed as ALL_TO_LOWER_SPECIAL: trailing escape
        let bytes = pack(&[29, 0, 29], 5);
        let err = decode_type_name(&bytes, MetaEncoding::AllToLowerSpecial).unwrap_err();
        assert!(err.contains("escape"), "{err}");
        let err = decode_type_name(&[0x7f, 0xff], MetaEncoding::LowerSpecial).unwrap_err();
        assert!(err.contains("31"), "{err}");
    }

    #[test]
    fn hashcode_and_stream_match_pyfory() {
        for &(kind, s, hash, stream) in STREAM_VECTORS {
            let e = kind.encode(s);
            assert_eq!(hashcode(&e), hash, "{s:?}");
            let mut out = Vec::new();
            write_meta_string(&mut out, &e);
            write_varuint32(&mut out, (1 << 1) | 1);
            assert_eq!(out, stream, "{s:?}");
            let mut pos = 0;
            assert_eq!(
                read_meta_string(stream, &mut pos),
                Ok(MetaStringEntry::New(e.clone()))
            );
            assert_eq!(
                read_meta_string(stream, &mut pos),
                Ok(MetaStringEntry::Ref(0))
            );
            assert_eq!(pos, stream.len());
            assert_eq!(kind.decode(&e).as_deref(), Ok(s));
        }
    }

    fn named_type_info(namespace: &str, name: &str) -> Vec<u8> {
        let mut out = vec![0x1a]; // NAMED_ENUM
        write_meta_string(&mut out, &encode_namespace(namespace));
        write_meta_string(&mut out, &encode_type_name(name));
        out
    }

    #[test]
    fn named_enum_type_info_matches_pyfory() {
        // pyfory 1.7.7, Fory(xlang=True, compatible=False), enum registered
        // as name="example.Color", value 3 (after the 01 ff header and flag)
        let mut out = named_type_info("example", "Color");
        out.push(0x03);
        assert_eq!(
            out,
            [
                0x1a, 0x0a, 0x01, 0x12, 0xe0, 0x63, 0xd6, 0x40, 0x08, 0x03, 0x89, 0xcb, 0x74, 0x40,
                0x03
            ]
        );
        // name="Color": empty namespace
        let mut out = named_type_info("", "Color");
        out.push(0x03);
        assert_eq!(out, [0x1a, 0x00, 0x08, 0x03, 0x89, 0xcb, 0x74, 0x40, 0x03]);
        // name="some.long.namespace_here.a_much_longer_type_name_over_16_chars"
        let mut out = named_type_info(
            "some.long.namespace_here",
            "a_much_longer_type_name_over_16_chars",
        );
        out.push(0x03);
        let expected: &[u8] = &[
            0x1a, 0x20, 0x01, 0xc9, 0xcc, 0x26, 0x96, 0xe6, 0x9b, 0x4d, 0x03, 0x09, 0x27, 0x80,
            0x44, 0xd9, 0xc9, 0x12, 0x00, 0x38, 0x02, 0x68, 0x0f, 0xc3, 0x35, 0x40, 0xee, 0x75,
            0x01, 0xf9, 0x8a, 0x04, 0x3f, 0xe5, 0x9c, 0x68, 0xc2, 0x23, 0xfa, 0x6c, 0x1e, 0x27,
            0xe6, 0x80, 0x60, 0x9f, 0x9c, 0xa8, 0x88, 0xff, 0xaf, 0x5f, 0x84, 0x38, 0x08, 0xa4,
            0x03,
        ];
        assert_eq!(out, expected);
        // and back
        let mut pos = 1;
        let MetaStringEntry::New(ns) = read_meta_string(expected, &mut pos).unwrap() else {
            panic!()
        };
        let MetaStringEntry::New(tn) = read_meta_string(expected, &mut pos).unwrap() else {
            panic!()
        };
        assert_eq!(
            decode_namespace(&ns.bytes, ns.encoding).as_deref(),
            Ok("some.long.namespace_here")
        );
        assert_eq!(
            decode_type_name(&tn.bytes, tn.encoding).as_deref(),
            Ok("a_much_longer_type_name_over_16_chars")
        );
        assert_eq!(expected[pos], 0x03);
    }

    /// xorshift64*: deterministic test data without dependencies.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn round_trips_generated_strings() {
        let alphabets: [&[char]; 5] = [
            &['a', 'b', 'q', 'z', '.', '_'],
            &['a', 'k', 'z', 'A', 'K', 'Z', '_', '$'],
            &['a', 'm', 'z', 'A', 'Z', '0', '9', '.', '_', '$', '|'],
            &[
                'a',
                'z',
                'A',
                'Z',
                '5',
                '.',
                '_',
                '$',
                '|',
                '-',
                ' ',
                '\u{dc}',
                '\u{e9}',
                '\u{3b1}',
                '\u{1f600}',
            ],
            &['x', 'Y', '_'],
        ];
        let kinds = [K::Ns, K::Tn, K::TdNs, K::TdTn, K::Field];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut seen = [0usize; 5];
        for round in 0..600 {
            let alphabet = alphabets[round % alphabets.len()];
            let len = rng.below(48);
            let mut s: String = (0..len)
                .map(|_| alphabet[rng.below(alphabet.len())])
                .collect();
            if round % 7 == 0 && !s.is_empty() {
                // one leading capital, for FIRST_TO_LOWER_SPECIAL
                let rest: String = s.chars().skip(1).map(|c| c.to_ascii_lowercase()).collect();
                s = format!("Q{rest}");
            }
            for kind in kinds {
                let e = kind.encode(&s);
                seen[e.encoding.as_u8() as usize] += 1;
                assert_eq!(
                    kind.decode(&e).as_deref(),
                    Ok(s.as_str()),
                    "{kind:?} {s:?} {e:?}"
                );
                let mut out = Vec::new();
                write_meta_string(&mut out, &e);
                let mut pos = 0;
                assert_eq!(
                    read_meta_string(&out, &mut pos),
                    Ok(MetaStringEntry::New(e))
                );
                assert_eq!(pos, out.len());
            }
        }
        assert!(
            seen.iter().all(|&n| n > 20),
            "every encoding exercised: {seen:?}"
        );
    }

    #[test]
    fn garbage_never_panics() {
        let mut rng = Rng(12345);
        let specials = [('.', '_'), ('$', '_'), ('|', '\u{dc}')];
        for _ in 0..20_000 {
            let len = rng.below(40);
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            for encoding in ALL_ENCODINGS {
                let (a, b) = specials[rng.below(specials.len())];
                let _ = decode(&bytes, encoding, a, b);
            }
            for start in 0..bytes.len().min(4) {
                let mut pos = start;
                match read_meta_string(&bytes, &mut pos) {
                    Ok(_) => assert!(pos > start && pos <= bytes.len()),
                    Err(_) => assert_eq!(pos, start),
                }
            }
        }
        // position past the end
        let mut pos = 10;
        assert!(read_meta_string(&[0x00], &mut pos).is_err());
        assert_eq!(pos, 10);
    }

    #[test]
    fn hostile_stream_entries_are_rejected() {
        let err = |input: &[u8]| {
            let mut pos = 0;
            let r = read_meta_string(input, &mut pos);
            assert_eq!(pos, 0, "{input:02x?}");
            r.unwrap_err()
        };
        // claimed length 2^31 - 1 with nothing behind: no allocation, error
        let e = err(&[0xfe, 0xff, 0xff, 0xff, 0x0f, 0x00, 1, 2, 3, 4, 5, 6, 7]);
        assert!(e.contains("truncated"), "{e}");
        // back-reference 0
        assert!(err(&[0x01]).contains("back-reference 0"));
        // small entry with encoding 5
        assert!(err(&[0x02, 0x05, 0x41]).contains("encoding 5"));
        // varuint32 overflow and truncation
        assert!(err(&[0xff, 0xff, 0xff, 0xff, 0x7f]).contains("overflows"));
        assert!(err(&[0x80]).contains("truncated"));
        assert!(err(&[]).contains("truncated"));
        // big entry with a corrupted hash or body
        let mut good = Vec::new();
        write_meta_string(
            &mut good,
            &encode_type_name("a_much_longer_type_name_over_16_chars"),
        );
        for i in 1..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x10;
            let _ = err(&bad);
        }
        // every truncation of a valid stream
        for cut in 0..good.len() {
            let _ = err(&good[..cut]);
        }
        let mut small = Vec::new();
        write_meta_string(&mut small, &encode_type_name("Color"));
        for cut in 0..small.len() {
            let _ = err(&small[..cut]);
        }
        // back-references decode to 0-based ids
        let mut pos = 0;
        assert_eq!(
            read_meta_string(&[0x05], &mut pos),
            Ok(MetaStringEntry::Ref(1))
        );
        let mut pos = 0;
        assert_eq!(
            read_meta_string(&[0xff, 0xff, 0xff, 0xff, 0x0f], &mut pos),
            Ok(MetaStringEntry::Ref((u32::MAX >> 1) as usize - 1))
        );
    }

    #[test]
    fn encoding_values() {
        for (i, e) in ALL_ENCODINGS.iter().enumerate() {
            assert_eq!(e.as_u8() as usize, i);
            assert_eq!(MetaEncoding::from_u8(i as u8), Some(*e));
        }
        assert_eq!(MetaEncoding::from_u8(5), None);
    }
}
