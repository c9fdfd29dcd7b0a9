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
mod tests;
